//! Trust, parts 4 and 5 (issue #8): the support log holds no personal data; two processes
//! writing one ledger lose nothing; a full disk and read-only places give clear errors and
//! leave the ledger intact; oversized inputs are refused with the limit named.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use xinfang::domain::Purpose;
use xinfang::limits::{MAX_PETITIONERS, MAX_REQUEST_BYTES, MAX_TEXT_CHARS};

#[cfg(unix)] // read-only folders are made with mount/chmod
use crate::bad_input::ReadOnlyDir;
use crate::util::{TempLedger, bin, case, stderr, xf, xf_stdin};

const NOW: &str = "2026-10-09 10:00";

/// Every log file under `dir`, concatenated.
fn all_logs(dir: &Path) -> String {
    let mut text = String::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return text;
    };
    for e in entries.flatten() {
        text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
    }
    text
}

// ---------------------------------------------------------------------------------------
// Part 4: the log.

#[test]
fn a_cli_session_writes_no_personal_data_to_the_log() {
    let l = TempLedger::new();
    let logs = l.dir.path().join("logs");
    let secrets = [
        "欧阳秘密",
        "11010519491231002X",
        "13812345678",
        "永川区隐私路88号",
        "举报某所长收受红包两万元",
        "其于九月在某所办事时被索要",
    ];
    let mut c = case("LOG-1")
        .purpose(Purpose::Accusation)
        .petitioner(secrets[0], Some(secrets[1]), Some(secrets[2]))
        .demand(secrets[4])
        .build();
    c.petitioners[0].address = Some(secrets[3].into());
    c.facts = Some(format!("{}，{}", secrets[0], secrets[5]));
    let json = serde_json::to_string(&c).expect("json");
    let ok = |o: &Output| assert!(o.status.success(), "{}", stderr(o));
    ok(&xf(&l.path, NOW, &["init"]));
    ok(&xf_stdin(
        &l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&json),
    ));
    ok(&xf(&l.path, NOW, &["case", "list"]));
    ok(&xf(&l.path, NOW, &["case", "show", "LOG-1"]));
    ok(&xf(&l.path, NOW, &["case", "sign", "LOG-1", "--at", NOW]));
    ok(&xf(&l.path, NOW, &["today"]));
    let out = l.dir.path().join("导出.xlsx");
    ok(&xf(&l.path, NOW, &["export", out.to_str().expect("utf8")]));
    // Failures whose Chinese messages quote what was typed: the log gets the code only.
    let o = xf(&l.path, NOW, &["case", "show", secrets[0]]);
    assert!(stderr(&o).contains(secrets[0]), "the message quotes it");
    let bad = json
        .replace("LOG-1", "LOG-2")
        .replace(secrets[1], "110105194912310021");
    let o = xf_stdin(&l.path, NOW, &["case", "add", "--json", "-"], Some(&bad));
    assert!(stderr(&o).contains("110105194912310021"));
    let o = xf(&l.path, NOW, &["case", "add", "--json", secrets[3]]);
    assert!(!o.status.success());
    let o = xf(&l.path, NOW, &["case", "list", "--search", secrets[0]]);
    ok(&o);
    let log = all_logs(&logs);
    // The log is there and useful: commands, case numbers, error codes, durations.
    for want in [
        "command=\"cli:case add\"",
        "command=\"cli:export\"",
        "case_not_found",
        "invalid_field",
        "ms=",
        "导出",
    ] {
        assert!(log.contains(want), "log lacks {want}:\n{log}");
    }
    let extra = ["110105194912310021", "欧阳", "秘密"];
    for s in secrets.iter().chain(extra.iter()) {
        assert!(!log.contains(s), "the log contains {s}:\n{log}");
    }
}

#[test]
fn the_log_folder_follows_the_environment_and_a_bad_one_never_stops_work() {
    let l = TempLedger::new();
    let file = l.dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").expect("write");
    let o = Command::new(bin())
        .args(["init"])
        .env("XINFANG_DB", &l.path)
        .env("XINFANG_LOG_DIR", file.join("logs"))
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------
// Part 5: two processes at once.

/// `xinfang serve` on `db` with a stand-in UI folder; returns the child, port and token.
fn serve(db: &Path, ui: &Path) -> (Child, u16, String) {
    std::fs::create_dir_all(ui).expect("ui dir");
    std::fs::write(ui.join("index.html"), "<!doctype html>").expect("index");
    let mut child = Command::new(bin())
        .args(["serve", "--ui", ui.to_str().expect("utf8")])
        .env("XINFANG_DB", db)
        .env("XINFANG_NOW", NOW)
        .env("XINFANG_LOG_DIR", db.parent().expect("dir").join("logs"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn serve");
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    out.read_line(&mut line).expect("banner");
    // Keep reading, so the server never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = line.split("http://").nth(1).expect("url in banner").trim();
    let (addr, token) = url.split_once("/?token=").expect("token");
    let port = addr
        .rsplit(':')
        .next()
        .expect("port")
        .parse()
        .expect("port");
    (child, port, token.to_string())
}

/// One POST with a raw HTTP/1.1 request: (status, body).
fn post(port: u16, token: &str, command: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let head = format!(
        "POST /api/{command} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Xinfang-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).expect("head");
    // The server may answer (413) and close before a huge body is all sent.
    let _ = s.write_all(body);
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let resp = String::from_utf8_lossy(&resp).into_owned();
    let status = resp
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = resp.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

fn case_json(no: &str) -> String {
    serde_json::to_string(&case(no).build()).expect("json")
}

#[test]
fn the_cli_and_the_app_writing_at_once_lose_no_write() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    let (mut server, port, token) = serve(&l.path, &l.dir.path().join("ui"));
    let http_n = 120;
    let cli_n = 40;
    let started = Instant::now();
    // The app: one request after another, as the UI sends them.
    let app = std::thread::spawn(move || {
        let mut acked = Vec::new();
        let mut refused = Vec::new();
        for i in 0..http_n {
            let no = format!("APP-{i:04}");
            let body = format!("{{\"case\":{}}}", case_json(&no));
            let (status, text) = post(port, &token, "case_add", body.as_bytes());
            if status == 200 {
                acked.push(no);
            } else {
                refused.push(format!("{no}: {status} {text}"));
            }
        }
        (acked, refused)
    });
    // The clerk's terminal at the same time: separate CLI processes.
    let path = l.path.clone();
    let cli = std::thread::spawn(move || {
        let mut acked = Vec::new();
        let mut refused = Vec::new();
        for i in 0..cli_n {
            let no = format!("CLI-{i:04}");
            let o = xf_stdin(
                &path,
                NOW,
                &["case", "add", "--json", "-"],
                Some(&case_json(&no)),
            );
            if o.status.success() {
                let o = xf(&path, NOW, &["case", "sign", &no, "--at", NOW]);
                if o.status.success() {
                    acked.push(no);
                    continue;
                }
            }
            refused.push(format!("{no}: {}", stderr(&o)));
        }
        (acked, refused)
    });
    let (app_acked, app_refused) = app.join().expect("app thread");
    let (cli_acked, cli_refused) = cli.join().expect("cli thread");
    let took = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();
    println!(
        "concurrent writers: {} app + {} CLI writes acknowledged in {:.1} s",
        app_acked.len(),
        cli_acked.len() * 2,
        took.as_secs_f64()
    );
    // With WAL, BEGIN IMMEDIATE and the busy timeout, nobody is turned away…
    assert!(app_refused.is_empty(), "app refused: {app_refused:?}");
    assert!(cli_refused.is_empty(), "cli refused: {cli_refused:?}");
    // …and every acknowledged write is there.
    let desk = l.desk();
    assert_eq!(desk.integrity_check().expect("check"), "ok");
    let now = crate::util::t(NOW);
    for no in app_acked.iter().chain(&cli_acked) {
        let v = desk
            .show_case(no, &now)
            .unwrap_or_else(|e| panic!("{no} lost: {e}"));
        if no.starts_with("CLI") {
            assert!(v.case.signed_at.is_some(), "{no} lost its signing");
        }
    }
    assert_eq!(
        l.count("SELECT count(*) FROM cases"),
        (http_n + cli_n) as i64
    );
    assert_eq!(
        l.count("SELECT count(*) FROM audit_log WHERE action = 'create'"),
        (http_n + cli_n) as i64
    );
}

#[test]
fn two_processes_creating_one_new_ledger_at_once_both_succeed() {
    for _ in 0..5 {
        let l = TempLedger::new();
        let spawn = || {
            Command::new(bin())
                .args(["init"])
                .env("XINFANG_DB", &l.path)
                .env("XINFANG_LOG_DIR", l.dir.path().join("logs"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(), spawn());
        for o in [a.wait_with_output(), b.wait_with_output()] {
            let o = o.expect("wait");
            assert!(o.status.success(), "{}", stderr(&o));
        }
        assert_eq!(
            l.count("PRAGMA user_version"),
            xinfang::ledger::schema::CURRENT_VERSION
        );
    }
}

// ---------------------------------------------------------------------------------------
// Part 5: a full disk.

/// A tmpfs of `size` mounted on a temp dir (root, as in CI); None with the reason printed
/// when mounting is not permitted here.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().expect("tmp");
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!(
                "SKIPPED: mount -t tmpfs is not permitted here (not root?); the disk-full test needs it"
            );
            return None;
        }
        Some(SmallDisk { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
#[cfg_attr(windows, ignore = "needs a small tmpfs (mount -t tmpfs, Linux)")]
fn a_full_disk_gives_a_clear_error_and_keeps_every_acknowledged_write() {
    let Some(disk) = SmallDisk::new("3m") else {
        return;
    };
    let db: PathBuf = disk.path().join("ledger.db");
    assert!(xf(&db, NOW, &["init"]).status.success());
    // Space the clerk can free afterwards.
    let filler = disk.path().join("旧文件.bin");
    std::fs::write(&filler, vec![0u8; 512 << 10]).expect("filler");
    // Long texts (within the limit) so the disk fills in a few dozen cases.
    let long = "楼".repeat(MAX_TEXT_CHARS - 10);
    let mut acked = Vec::new();
    let mut failure = None;
    for i in 0..200 {
        let no = format!("FULL-{i:03}");
        let mut c = case(&no).demand(&long).build();
        c.facts = Some(long.clone());
        let json = serde_json::to_string(&c).expect("json");
        let o = xf_stdin(&db, NOW, &["case", "add", "--json", "-"], Some(&json));
        if o.status.success() {
            acked.push(no);
        } else {
            failure = Some(stderr(&o));
            break;
        }
    }
    let e = failure.expect("the 3 MB disk never filled");
    assert!(acked.len() >= 2, "too few writes before full: {e}");
    assert!(
        e.contains("磁盘已满") && e.contains("清理磁盘空间") && e.contains("disk_full"),
        "{e}"
    );
    // The ledger is intact with every acknowledged case, read without writing.
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    let ic: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(ic, "ok");
    for no in &acked {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM cases WHERE case_no = ?1", [no], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(n, 1, "{no} lost");
    }
    drop(conn);
    println!(
        "disk full after {} cases: {}",
        acked.len(),
        e.lines().next().unwrap_or("")
    );
    // Room again: the next write goes through.
    std::fs::remove_file(&filler).expect("free space");
    let o = xf(&db, NOW, &["case", "sign", &acked[0], "--at", NOW]);
    assert!(o.status.success(), "after freeing space: {}", stderr(&o));
}

// ---------------------------------------------------------------------------------------
// Part 5: read-only places (the ledger itself on a read-only drive is in bad_input).

#[cfg(unix)] // ReadOnlyDir: mount or chmod, see bad_input.rs
#[test]
fn an_export_to_a_read_only_folder_is_refused_clearly_and_the_ledger_untouched() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    let o = xf_stdin(
        &l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&case_json("RO-EXP")),
    );
    assert!(o.status.success());
    let audit = l.count("SELECT count(*) FROM audit_log");
    let ro = ReadOnlyDir::new(|_| {});
    for ext in ["xlsx", "csv"] {
        let target = ro.dir.path().join(format!("台账.{ext}"));
        let o = xf(&l.path, NOW, &["export", target.to_str().expect("utf8")]);
        assert_eq!(o.status.code(), Some(1));
        let e = stderr(&o);
        assert!(
            e.contains("无法写出") && e.contains("位置可写"),
            "mounted={} {e}",
            ro.mounted
        );
        assert!(!target.exists());
    }
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), audit);
    assert_eq!(l.desk().integrity_check().expect("check"), "ok");
}

// ---------------------------------------------------------------------------------------
// Part 5: oversized inputs.

#[test]
fn a_10_mb_petition_text_is_refused_with_the_limit_named() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    // Through the CLI: the document itself is over the request limit.
    let huge = case("BIG-1").demand(&"诉".repeat((10 << 20) / 3)).build();
    let json = serde_json::to_string(&huge).expect("json");
    assert!(json.len() > 10_000_000);
    let o = xf_stdin(&l.path, NOW, &["case", "add", "--json", "-"], Some(&json));
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("超过上限 4 MB") && e.contains("input_too_large"),
        "{e}"
    );
    // Under the request limit but over the field limit: the field and its limit are named.
    let long = case("BIG-2")
        .demand(&"诉".repeat(MAX_TEXT_CHARS + 1))
        .build();
    let o = xf_stdin(
        &l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&serde_json::to_string(&long).expect("json")),
    );
    let e = stderr(&o);
    assert!(
        e.contains("主要诉求") && e.contains(&format!("超过上限 {MAX_TEXT_CHARS} 字")),
        "{e}"
    );
    // A short field stuffed with 1 MB.
    let mut c = case("BIG-3").build();
    c.unit = "局".repeat(1 << 20);
    let o = xf_stdin(
        &l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&serde_json::to_string(&c).expect("json")),
    );
    let e = stderr(&o);
    assert!(
        e.contains("责任单位") && e.contains("超过上限 200 字"),
        "{e}"
    );
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
}

#[test]
fn ten_thousand_petitioners_on_one_case_are_refused_with_the_limit_named() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut c = case("MANY-1").build();
    c.petitioners = vec![c.petitioners[0].clone(); 10_000];
    let e = desk.add_case(c, &crate::util::t(NOW)).expect_err("refused");
    assert_eq!(e.code(), "invalid_field");
    assert!(
        e.to_string()
            .contains(&format!("最多登记 {MAX_PETITIONERS} 名信访人")),
        "{e}"
    );
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
}

#[test]
fn the_app_refuses_a_huge_request_body_in_chinese_and_keeps_serving() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    let (mut server, port, token) = serve(&l.path, &l.dir.path().join("ui"));
    let big = case("HTTP-BIG")
        .demand(&"诉".repeat((12 << 20) / 3))
        .build();
    let body = format!(
        "{{\"case\":{}}}",
        serde_json::to_string(&big).expect("json")
    );
    assert!(body.len() > MAX_REQUEST_BYTES);
    let (status, text) = post(port, &token, "case_add", body.as_bytes());
    assert_eq!(status, 413, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json error");
    assert_eq!(v["code"], "input_too_large");
    let msg = v["message"].as_str().expect("message");
    assert!(
        msg.contains("超过上限 4 MB") && msg.contains("请求内容"),
        "{msg}"
    );
    // The server is still there and still writes.
    let body = format!("{{\"case\":{}}}", case_json("HTTP-OK"));
    let (status, text) = post(port, &token, "case_add", body.as_bytes());
    assert_eq!(status, 200, "{text}");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(l.count("SELECT count(*) FROM cases"), 1);
    let log = all_logs(&l.dir.path().join("logs"));
    assert!(log.contains("input_too_large"), "{log}");
    assert!(!log.contains("诉诉"), "request text in the log");
}

// ---------------------------------------------------------------------------------------
// Part 4: accusers hidden from lists and exports even when their texts quote them.

#[test]
fn an_accusers_identity_quoted_in_the_texts_is_hidden_from_lists_and_exports() {
    use xinfang::api::export_file;
    use xinfang::exchange::{ExportOptions, Field};
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = crate::util::t(NOW);
    let mut c = case("JB-TXT")
        .purpose(Purpose::Accusation)
        .petitioner("钱检举", Some("11010519491231002X"), Some("13912345678"))
        .demand("钱检举（13912345678）举报某站长挪用资金")
        .build();
    c.petitioners[0].address = Some("永川区举报巷3号".into());
    c.facts = Some("钱检举住永川区举报巷3号，身份证11010519491231002X。".into());
    c.notes = Some("钱检举要求保密".into());
    desk.add_case(c, &now).expect("add");
    // An ordinary case keeps its text as typed.
    desk.add_case(
        case("PT-TXT")
            .petitioner("孙普通", None, Some("13700001234"))
            .demand("孙普通要求维修路灯")
            .build(),
        &now,
    )
    .expect("add");
    let secrets = ["钱检举", "13912345678", "11010519491231002X", "举报巷3号"];
    let list = desk.list_cases(&Default::default(), &now).expect("list");
    let row = list
        .items
        .iter()
        .find(|r| r.case_no == "JB-TXT")
        .expect("row");
    for s in secrets {
        assert!(
            !row.demand.contains(s) && !row.petitioner.contains(s),
            "{row:?}"
        );
    }
    assert!(row.demand.contains("（保密）") && row.demand.contains("挪用资金"));
    let plain = list
        .items
        .iter()
        .find(|r| r.case_no == "PT-TXT")
        .expect("row");
    assert_eq!(plain.demand, "孙普通要求维修路灯");

    let opts = ExportOptions {
        columns: Some(Field::ALL.to_vec()),
        ..ExportOptions::default()
    };
    for ext in ["xlsx", "csv"] {
        let file = l.dir.path().join(format!("导出.{ext}"));
        export_file(&desk, &file, &opts, &now).expect("export");
        let text = if ext == "csv" {
            std::fs::read_to_string(&file).expect("csv")
        } else {
            // Read the real workbook back through calamine, cell by cell.
            use calamine::{Reader, Xlsx, open_workbook};
            let mut wb: Xlsx<_> = open_workbook(&file).expect("xlsx");
            let range = wb.worksheet_range_at(0).expect("sheet").expect("range");
            range
                .rows()
                .flat_map(|r| r.iter().map(|c| c.to_string()))
                .collect::<Vec<_>>()
                .join("|")
        };
        for s in secrets {
            assert!(!text.contains(s), "{s} leaked into {ext}");
        }
        assert!(text.contains("挪用资金") && text.contains("钱*"), "{ext}");
        assert!(
            text.contains("孙普通要求维修路灯"),
            "ordinary text changed in {ext}"
        );
    }
}

#[test]
fn an_export_for_outside_the_office_masks_every_id_number_and_phone() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    let o = xf_stdin(
        &l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&case_json("MASK-1")),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let full = l.dir.path().join("台账.csv");
    let masked = l.dir.path().join("外发.csv");
    let run = |file: &Path, extra: &[&str]| {
        let mut args = vec!["export", file.to_str().expect("utf8"), "--columns", "all"];
        args.extend_from_slice(extra);
        let o = xf(&l.path, NOW, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(file).expect("csv")
    };
    // The working copy keeps what the clerk registered (it re-imports) …
    let text = run(&full, &[]);
    assert!(text.contains("11010519491231002X") && text.contains("13812345678"));
    // … the copy for outside the office does not.
    let text = run(&masked, &["--mask-personal"]);
    assert!(!text.contains("11010519491231002X") && !text.contains("13812345678"));
    assert!(text.contains("110105********002X") && text.contains("138****5678"));
}

#[test]
fn an_imported_row_over_a_field_limit_is_named_with_its_row_and_limit() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    let file = l.dir.path().join("大文本.csv");
    let long = "诉".repeat(MAX_TEXT_CHARS + 1);
    std::fs::write(
        &file,
        format!(
            "信访件编号,责任单位,来源,信访形式,到达日期,信访人,主要诉求,信访目的\nIMP-1,永川区住房城乡建委,直接,来信,2026-10-08,张三,要求维修,求决\nIMP-2,永川区住房城乡建委,直接,来信,2026-10-08,李四,{long},求决\n"
        ),
    )
    .expect("csv");
    let o = xf(
        &l.path,
        NOW,
        &["import", file.to_str().expect("utf8"), "--json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let all = format!("{}{}", crate::util::stdout(&o), stderr(&o));
    assert!(
        all.contains(&format!("超过上限 {MAX_TEXT_CHARS} 字")) && all.contains("\"row\": 3"),
        "{all}"
    );
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
}

#[test]
fn lists_never_show_id_numbers_or_phones() {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    let o = xf_stdin(
        &l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&case_json("LIST-1")),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for args in [
        &["case", "list", "--json"][..],
        &["case", "list"][..],
        &["today", "--json"][..],
        &["today"][..],
    ] {
        let o = xf(&l.path, NOW, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = crate::util::stdout(&o);
        assert!(
            out.contains("LIST-1"),
            "{args:?} does not list the case: {out}"
        );
        for s in ["11010519491231002X", "13812345678", "中山路1号"] {
            assert!(!out.contains(s), "{args:?} shows {s}");
        }
    }
    // The same through the app's command surface.
    let mut desk = l.desk();
    let now = crate::util::t(NOW);
    for cmd in ["case_list", "today"] {
        let v = xinfang::api::dispatch(&mut desk, cmd, serde_json::json!({}), &now)
            .expect(cmd)
            .to_string();
        assert!(v.contains("LIST-1"), "{cmd}: {v}");
        assert!(
            !v.contains("11010519491231002X") && !v.contains("13812345678"),
            "{cmd}"
        );
    }
}
