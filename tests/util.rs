//! Small builders and a temp ledger; nothing here fakes a part that can run for real.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xinfang::api::Desk;
use xinfang::domain::{Form, NewCase, Petitioner, Purpose, Source};
use xinfang::time::{Time, parse_time};

pub fn t(s: &str) -> Time {
    parse_time(s).expect("test time")
}

/// A ledger file in its own temp dir, removed when dropped.
pub struct TempLedger {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempLedger {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ledger.db");
        TempLedger { dir, path }
    }

    pub fn desk(&self) -> Desk {
        Desk::open(&self.path, true)
            .expect("open ledger")
            .with_actor("测试经办人")
    }

    pub fn count(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.path).expect("open");
        conn.query_row(sql, [], |r| r.get(0)).expect(sql)
    }
}

/// A case with every required field; tests change what they need.
pub fn case(no: &str) -> CaseBuilder {
    CaseBuilder(NewCase {
        case_no: no.into(),
        unit: "永川区住房城乡建委".into(),
        source: Source::Forwarded,
        sender: Some("重庆市永川区信访办".into()),
        sender_level: None,
        arrived_at: t("2026-09-30 16:20"),
        petition_date: None,
        form: Form::Online,
        petitioners: vec![Petitioner {
            name: "张三".into(),
            id_number: Some("11010519491231002X".into()),
            phone: Some("13812345678".into()),
            address: Some("永川区中山路1号".into()),
            representative: false,
        }],
        people_count: None,
        demand: "小区电梯长期故障，要求物业维修".into(),
        demand_summary: None,
        suggestions: None,
        facts: None,
        history: None,
        purpose: Purpose::Claim,
        category: None,
        hot_issue: None,
        cause: None,
        sensitive: false,
        threat: false,
        responsible_leader: Some("王局长".into()),
        case_owner_leader: None,
        in_evaluation_scope: false,
        section: Some("物业科".into()),
        handler: Some("李四".into()),
        repeat_of: None,
        statutory_due_date: None,
        sender_deadline: None,
        notes: None,
    })
}

pub struct CaseBuilder(pub NewCase);

impl CaseBuilder {
    pub fn arrived(mut self, at: &str) -> Self {
        self.0.arrived_at = t(at);
        self
    }
    pub fn unit(mut self, u: &str) -> Self {
        self.0.unit = u.into();
        self
    }
    pub fn purpose(mut self, p: Purpose) -> Self {
        self.0.purpose = p;
        self
    }
    pub fn petitioner(mut self, name: &str, id: Option<&str>, phone: Option<&str>) -> Self {
        self.0.petitioners = vec![Petitioner {
            name: name.into(),
            id_number: id.map(Into::into),
            phone: phone.map(Into::into),
            address: None,
            representative: false,
        }];
        self
    }
    pub fn demand(mut self, d: &str) -> Self {
        self.0.demand = d.into();
        self
    }
    pub fn repeat_of(mut self, no: &str) -> Self {
        self.0.repeat_of = Some(no.into());
        self
    }
    pub fn build(self) -> NewCase {
        self.0
    }
    pub fn json(self) -> String {
        serde_json::to_string(&self.0).expect("json")
    }
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_xinfang")
}

/// Runs the CLI against a ledger with a fixed "now".
pub fn xf(db: &Path, now: &str, args: &[&str]) -> Output {
    xf_stdin(db, now, args, None)
}

pub fn xf_stdin(db: &Path, now: &str, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env("XINFANG_DB", db)
        .env("XINFANG_NOW", now)
        .env("XINFANG_ACTOR", "测试")
        // The support log beside the test ledger, never in the real data dir.
        .env(
            "XINFANG_LOG_DIR",
            db.parent().unwrap_or(Path::new(".")).join("logs"),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn xinfang");
    if let Some(input) = stdin {
        let written = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        // A refusal of oversized input may close stdin before it is all written.
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait xinfang")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The file's bytes, to prove later that it is unchanged (compare with `assert_unchanged`).
pub fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

pub fn assert_unchanged(path: &Path, before: &[u8]) {
    let now = file_bytes(path);
    assert!(
        now == before,
        "{} changed ({} bytes before, {} now)",
        path.display(),
        before.len(),
        now.len()
    );
}

/// A 直接送达 at the 信访接待室 to 张三, receipt signed: tests vary what they need with
/// `DeliveryInput { …, ..served_in_person(docs, at) }`.
pub fn served_in_person(
    docs: Vec<xinfang::domain::DocKind>,
    at: &str,
) -> xinfang::api::DeliveryInput {
    xinfang::api::DeliveryInput {
        at: t(at),
        method: xinfang::domain::DeliveryMethod::InPerson,
        place: Some("信访接待室".into()),
        recipient: "张三".into(),
        documents: docs,
        receipt_signed: true,
        proxy_reason: None,
        witness: None,
        signed_on: None,
        tracking_no: None,
        refusal_reason: None,
        server: None,
        receipt_refused: false,
    }
}

/// The PDF's text with all whitespace removed, as poppler's `pdftotext` reads it. Windows has no
/// poppler: there lopdf reads the text back through the fonts' ToUnicode maps (the same maps).
pub fn pdf_text(pdf: &Path) -> String {
    #[cfg(not(windows))]
    let text = {
        let out = Command::new("pdftotext")
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils, installed by scripts/test.sh) runs");
        assert!(
            out.status.success(),
            "pdftotext {}: {}",
            pdf.display(),
            stderr(&out)
        );
        stdout(&out)
    };
    #[cfg(windows)]
    let text = {
        let doc = lopdf::Document::load(pdf).expect("a PDF lopdf reads");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).expect("text")
    };
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The PDF's page count: poppler's `pdfinfo`, or lopdf on Windows.
pub fn pdf_pages(pdf: &Path) -> u32 {
    #[cfg(not(windows))]
    {
        let out = Command::new("pdfinfo")
            .arg(pdf)
            .output()
            .expect("pdfinfo (poppler-utils) runs");
        let info = stdout(&out);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no page count: {info}"))
    }
    #[cfg(windows)]
    {
        let doc = lopdf::Document::load(pdf).expect("a PDF lopdf reads");
        u32::try_from(doc.get_pages().len()).expect("page count")
    }
}
