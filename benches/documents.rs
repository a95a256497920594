//! Document generation benchmark (issue #5): time per kind with warm fonts and file sizes,
//! plus a 3-page notice. Run: `cargo bench --bench documents` (release). Targets: ≤ 10 ms
//! and ≤ 120 KB per notice with warm fonts. `-- --check` exits non-zero on a miss.
//! Where LibreOffice is installed (`soffice`), the same 3-page text converted from plain
//! text by `soffice --headless --convert-to pdf` is timed beside it.

use std::time::{Duration, Instant};

use xinfang::api::{DecideDetails, Desk, DocNoRequest, DocumentInput};
use xinfang::documents::{self, DraftRequest, FontOptions, FontSet};
use xinfang::domain::{
    DeclineGround, DocKind, Form, LeaderRole, NewCase, Petitioner, Purpose, Source,
};
use xinfang::time::{Time, parse_time};

fn t(s: &str) -> Time {
    parse_time(s).expect("time")
}

fn new_case(no: &str, purpose: Purpose) -> NewCase {
    NewCase {
        case_no: no.into(),
        unit: "重庆市永川区住房和城乡建设委员会".into(),
        source: Source::Forwarded,
        sender: Some("重庆市永川区信访办".into()),
        sender_level: None,
        arrived_at: t("2026-09-30 16:20"),
        petition_date: None,
        form: Form::Online,
        petitioners: vec![Petitioner {
            name: "张三".into(),
            id_number: None,
            phone: Some("13812345678".into()),
            address: Some("永川区中山路1号".into()),
            representative: false,
        }],
        people_count: None,
        demand: "小区电梯长期故障，要求物业公司尽快维修并公开维修资金使用情况".into(),
        demand_summary: None,
        suggestions: None,
        facts: Some("信访人反映，其所居住的小区3号楼电梯自2026年6月起多次故障停运。".into()),
        history: None,
        purpose,
        category: None,
        hot_issue: None,
        cause: None,
        sensitive: false,
        threat: false,
        responsible_leader: None,
        case_owner_leader: None,
        in_evaluation_scope: false,
        section: None,
        handler: None,
        repeat_of: None,
        statutory_due_date: None,
        sender_deadline: None,
        notes: None,
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.db");
    let now = t("2026-10-20 17:00");
    let mut desk = Desk::open(&path, true).expect("open");
    let setup = |desk: &mut Desk, no: &str, method: &str, kinds: &[DocKind]| {
        desk.add_case(new_case(no, Purpose::Claim), &now)
            .expect("add");
        desk.sign_for(no, t("2026-10-01 09:00"), &now)
            .expect("sign");
        let reason = (method == "decline").then(|| "该事项已经人民法院作出生效判决".to_string());
        // A final 不予受理告知书 names its ground and where to go instead (条例 §23, issue #15).
        let details = if method == "decline" {
            DecideDetails {
                ground: Some(DeclineGround::LegalRoute),
                redirect_to: Some("依法向永川区人民法院提起诉讼".into()),
                ..Default::default()
            }
        } else {
            DecideDetails::default()
        };
        desk.decide_with(no, method, t("2026-10-02 10:00"), reason, details, &now)
            .expect("decide");
        for k in kinds {
            desk.record_document(
                no,
                DocumentInput {
                    kind: *k,
                    doc_no: None,
                    title: None,
                    issued_at: Some(t("2026-10-15 09:00")),
                },
                &now,
            )
            .expect("doc");
            if *k != DocKind::DeliveryReceipt && *k != DocKind::AcceptanceNotice {
                for (role, who) in [
                    (LeaderRole::SupervisingLeader, "刘分管"),
                    (LeaderRole::PrincipalLeader, "陈主要"),
                ] {
                    desk.signoff(no, *k, role, who, t("2026-10-15 10:00"), &now)
                        .expect("signoff");
                }
            }
        }
    };
    setup(
        &mut desk,
        "P-1",
        "petition_channel",
        &[
            DocKind::AcceptanceNotice,
            DocKind::HandlingOpinion,
            DocKind::DeliveryReceipt,
        ],
    );
    desk.doc_no_allocate(
        &DocNoRequest {
            prefix: Some("永住建信".into()),
            unit: None,
            year: None,
            case_no: Some("P-1".into()),
            kind: Some(DocKind::HandlingOpinion),
        },
        &now,
    )
    .expect("doc no");
    setup(
        &mut desk,
        "S-1",
        "statutory_channel",
        &[DocKind::ReplyOpinion],
    );
    setup(&mut desk, "N-1", "decline", &[]);
    setup(&mut desk, "D-1", "direct_reply", &[]);

    let start = Instant::now();
    let fonts = FontSet::load(&FontOptions::default()).expect("fonts");
    let font_load = start.elapsed();
    println!(
        "字体加载（冷启动，一次）：{:.1} ms",
        font_load.as_secs_f64() * 1e3
    );
    for f in fonts.describe() {
        println!("  {f}");
    }

    let mut misses = Vec::new();
    println!(
        "\n| 文书 | 页数 | 生成（中位数，热字体） | 最快一次 | 含读台账（中位数） | 文件大小 |"
    );
    println!("|---|---|---|---|---|---|");
    let long_body: String = (1..=17)
        .map(|i| format!("{i}. 经了解，该小区电梯由物业公司负责日常维护保养，2026年以来共发生故障12次，其中“困人”故障2次；区住房城乡建委已责令物业公司限期整改。\n"))
        .collect();
    let cases = [
        ("受理告知书", "P-1", DocKind::AcceptanceNotice, None),
        ("不予受理告知书", "N-1", DocKind::DeclineNotice, None),
        ("处理意见书（红头）", "P-1", DocKind::HandlingOpinion, None),
        ("答复意见书", "S-1", DocKind::ReplyOpinion, None),
        ("回复", "D-1", DocKind::ReplyLetter, None),
        ("送达回证", "P-1", DocKind::DeliveryReceipt, None),
        (
            "回复（3 页长文）",
            "D-1",
            DocKind::ReplyLetter,
            Some(long_body.clone()),
        ),
    ];
    for (name, no, kind, body) in cases {
        let mut req = DraftRequest::new(kind);
        req.final_copy = true;
        req.body = body;
        // The fill-ins a final copy needs (issue #15): the 处理意见书's 复查 body and stance
        // (条例 §32, §35); the 答复意见书's procedure and relief.
        let fill: &[(&str, &str)] = match kind {
            DocKind::HandlingOpinion => &[
                ("review_office", "重庆市永川区人民政府"),
                ("stance", "支持"),
            ],
            DocKind::ReplyOpinion => &[
                ("legal_procedure", "行政复议程序"),
                ("relief_procedure", "行政诉讼"),
                ("relief_body", "重庆市永川区人民法院"),
                ("relief_time_limit", "六个月"),
            ],
            _ => &[],
        };
        for (k, v) in fill {
            req.vars.insert((*k).into(), (*v).into());
        }
        let case = desk.show_case(no, &now).expect("show").case;
        // Warm-up (first use of each glyph path).
        let first = documents::draft(&case, &req, None, &[], &fonts, &now).expect("draft");
        let runs = 50;
        let mut pure = Vec::with_capacity(runs);
        let mut full = Vec::with_capacity(runs);
        for _ in 0..runs {
            let s = Instant::now();
            let d = documents::draft(&case, &req, None, &[], &fonts, &now).expect("draft");
            pure.push(s.elapsed());
            std::hint::black_box(d);
            let s = Instant::now();
            let d = desk
                .draft_document_with(no, &req, &fonts, &now)
                .expect("draft");
            full.push(s.elapsed());
            std::hint::black_box(d);
        }
        let fastest = pure.iter().min().copied().unwrap_or_default();
        let (p, f) = (median(pure), median(full));
        println!(
            "| {name} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} KB |",
            first.pages,
            p.as_secs_f64() * 1e3,
            fastest.as_secs_f64() * 1e3,
            f.as_secs_f64() * 1e3,
            first.bytes as f64 / 1024.0
        );
        if p > Duration::from_millis(10) {
            misses.push(format!(
                "{name} 生成 {:.1} ms > 10 ms",
                p.as_secs_f64() * 1e3
            ));
        }
        if first.bytes > 120 * 1024 {
            misses.push(format!("{name} {} KB > 120 KB", first.bytes / 1024));
        }
    }

    // Where the time goes: layout vs. writing the PDF (subsetting the fonts).
    let comp = documents::Composition {
        title: "信访事项受理告知书".into(),
        addressee: Some("张三：".into()),
        paragraphs: long_body.lines().map(String::from).collect(),
        signature: Some("重庆市永川区住房和城乡建设委员会".into()),
        date: Some("2026年10月15日".into()),
        ..Default::default()
    };
    let mut lay = Vec::new();
    let mut write = Vec::new();
    for _ in 0..30 {
        let s = Instant::now();
        let laid = documents::layout::compose(&comp, &fonts);
        lay.push(s.elapsed());
        let s = Instant::now();
        let bytes = documents::pdf::write("t", &laid.pages, &fonts).expect("write");
        write.push(s.elapsed());
        std::hint::black_box(bytes);
    }
    let (lay_ms, write_ms) = (
        median(lay).as_secs_f64() * 1e3,
        median(write).as_secs_f64() * 1e3,
    );
    println!("\n分解（长文）：排版 {lay_ms:.1} ms，写 PDF（含字体子集）{write_ms:.1} ms");

    // LibreOffice beside it, where installed: the same long text as a plain-text document.
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    match soffice {
        Some(bin) => {
            let txt = dir.path().join("notice.txt");
            std::fs::write(&txt, &long_body).expect("write");
            let s = Instant::now();
            let ok = std::process::Command::new(bin)
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(dir.path())
                .arg(&txt)
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            println!(
                "\nLibreOffice（{bin} --headless --convert-to pdf，冷启动）：{:.0} ms{}",
                s.elapsed().as_secs_f64() * 1e3,
                if ok { "" } else { "（转换失败）" }
            );
            // Batch mode: ten documents in one invocation, per document.
            let batch: Vec<std::path::PathBuf> = (0..10)
                .map(|i| {
                    let p = dir.path().join(format!("batch-{i}.txt"));
                    std::fs::write(&p, &long_body).expect("write");
                    p
                })
                .collect();
            let s = Instant::now();
            let ok = std::process::Command::new(bin)
                .args(["--headless", "--convert-to", "pdf", "--outdir"])
                .arg(dir.path())
                .args(&batch)
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false);
            let per_doc = s.elapsed().as_secs_f64() * 1e3 / batch.len() as f64;
            let ours = lay_ms + write_ms;
            println!(
                "LibreOffice 批量（10 份一次转换）：每份 {per_doc:.0} ms{}；本程序同一长文每份 {ours:.1} ms，快 {:.0} 倍",
                if ok { "" } else { "（转换失败）" },
                per_doc / ours.max(0.001)
            );
        }
        None => println!("\n未安装 LibreOffice，跳过对比。"),
    }

    typst_peer(&fonts, &long_body, dir.path());

    if check && !misses.is_empty() {
        eprintln!("未达标：{}", misses.join("；"));
        std::process::exit(1);
    }
}

/// The peer measured in the same run (issue #17): the same 3-page 处理意见书 — masthead, 文号,
/// title, addressee, the long body, signature and date — set by Typst (PyPI `typst`, the
/// compiler in-process; `scripts/bench.sh documents` installs it into a venv) with the same
/// two bundled Fandol fonts and no system fonts. Skipped with a note when Python or the wheel
/// is missing.
fn typst_peer(fonts: &FontSet, long_body: &str, dir: &std::path::Path) {
    let comp = documents::Composition {
        masthead: Some("重庆市永川区住房和城乡建设委员会".into()),
        doc_no: Some("永住建信〔2026〕1号".into()),
        title: "处理意见书".into(),
        addressee: Some("张三：".into()),
        paragraphs: long_body.lines().map(String::from).collect(),
        signature: Some("重庆市永川区住房和城乡建设委员会".into()),
        date: Some("2026年10月15日".into()),
        ..Default::default()
    };
    let runs = 20;
    let mut ours = Vec::with_capacity(runs);
    let mut bytes = Vec::new();
    let mut pages = 0;
    for _ in 0..runs {
        let s = Instant::now();
        let laid = documents::layout::compose(&comp, fonts);
        bytes = documents::pdf::write("处理意见书", &laid.pages, fonts).expect("write");
        ours.push(s.elapsed());
        pages = laid.pages.len();
    }
    let ours_ms = median(ours).as_secs_f64() * 1e3;
    let python = std::env::var("XINFANG_TYPST_PYTHON").ok().or_else(|| {
        let home = std::env::var("HOME").ok()?;
        let p = format!("{home}/.cache/xinfang-bench-venv/bin/python");
        std::path::Path::new(&p).exists().then_some(p)
    });
    let Some(python) = python else {
        println!(
            "\n未安装 Typst（scripts/bench.sh documents 会装进 ~/.cache/xinfang-bench-venv），跳过 Typst 对比。"
        );
        return;
    };
    let out = dir.join("typst-peer.pdf");
    let spec = serde_json::json!({
        "masthead": comp.masthead, "doc_no": comp.doc_no, "title": comp.title,
        "addressee": comp.addressee, "paragraphs": comp.paragraphs,
        "signature": comp.signature, "date": comp.date,
        "font_dir": concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts"),
        "runs": runs, "out": out,
    });
    let spec_path = dir.join("typst-peer.json");
    std::fs::write(&spec_path, spec.to_string()).expect("spec");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/typst_peer.py");
    let run = std::process::Command::new(&python)
        .arg(script)
        .arg(&spec_path)
        .output();
    let parsed = run
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok());
    let Some(peer) = parsed else {
        println!("\nTypst 对比运行失败（{python} {script}），跳过。");
        return;
    };
    let peer_pages = std::process::Command::new("pdfinfo")
        .arg(&out)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into());
    let f = |k: &str| peer[k].as_f64().unwrap_or(f64::NAN);
    let (peer_ms, peer_kb) = (f("median_ms"), f("bytes") / 1024.0);
    let ours_kb = bytes.len() as f64 / 1024.0;
    println!(
        "\n同一份处理意见书（红头、文号、长文，同两种 Fandol 字体）与 Typst {} 对比（中位数，{runs} 次）：",
        peer["version"].as_str().unwrap_or("?")
    );
    println!("| | 排版+写 PDF | 首次（含字体解析） | 页数 | 文件大小 |");
    println!("|---|---|---|---|---|");
    println!("| 本程序 | {ours_ms:.1} ms | — | {pages} | {ours_kb:.0} KB |");
    println!(
        "| Typst | {peer_ms:.1} ms | {:.0} ms | {peer_pages} | {peer_kb:.0} KB |",
        f("first_ms")
    );
    println!(
        "比值（本程序 / Typst）：时间 {:.2}，大小 {:.2}",
        ours_ms / peer_ms,
        ours_kb / peer_kb
    );
}
