//! Excel in and out benchmarks with the targets of issue #7: import 10k rows ≤ 3 s
//! including validation; export 100k cases ≤ 5 s. Run: `cargo bench --bench exchange`.
//! `XINFANG_BENCH_CASES=20000` makes the export ledger smaller; `-- --check` exits
//! non-zero when a figure misses its target.

mod support;
use std::path::Path;
use std::time::{Duration, Instant};
use support::measure;

use xinfang::api::{Desk, Progress};
use xinfang::api::{export_file, import_file};
use xinfang::domain::{Evaluation, Form, Method, NewCase, Petitioner, Purpose, Source};
use xinfang::exchange::{ExportOptions, Field, ImportOptions};
use xinfang::time::{Time, parse_time};

/// Deterministic generator (no dependency needed for a benchmark's noise).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
const GIVEN: &[&str] = &["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"];
const TOPICS: &[&str] = &[
    "拖欠工资",
    "物业服务",
    "电梯维修",
    "噪声扰民",
    "征地补偿",
    "房屋质量",
    "社保待遇",
];
const UNITS: &[&str] = &[
    "永川区住房城乡建委",
    "永川区人力社保局",
    "永川区规划自然资源局",
    "永川区生态环境局",
    "永川区卫生健康委",
];

/// Cases spread over 2025-01 … now, with the steps a real ledger has.
fn synthetic(n: usize, prefix: &str, now: &Time) -> Vec<(NewCase, Progress)> {
    let mut r = Lcg(20221206);
    let start = parse_time("2025-01-01 08:00").expect("time");
    let span = (*now - start).num_minutes().max(1) as u64;
    (0..n)
        .map(|i| {
            let arrived = start + chrono::Duration::minutes((span * i as u64 / n as u64) as i64);
            let purpose = match r.below(10) {
                0..=4 => Purpose::Claim,
                5..=7 => Purpose::Suggestion,
                8 => Purpose::Accusation,
                _ => Purpose::Other,
            };
            let case = NewCase {
                case_no: format!("{prefix}{i:06}"),
                unit: r.pick(UNITS).to_string(),
                source: [Source::Forwarded, Source::Assigned, Source::Direct][r.below(3) as usize],
                sender: Some("重庆市永川区信访办".into()),
                sender_level: None,
                arrived_at: arrived,
                petition_date: None,
                form: [Form::Letter, Form::Visit, Form::Online, Form::Phone][r.below(4) as usize],
                petitioners: vec![Petitioner {
                    name: format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN)),
                    id_number: None,
                    phone: Some(format!("139{:08}", r.below(100_000_000))),
                    address: Some("重庆市永川区中山路".into()),
                    representative: false,
                }],
                people_count: Some(1 + r.below(3) as u32),
                demand: format!("反映{}问题，要求尽快解决。", r.pick(TOPICS)),
                demand_summary: None,
                suggestions: None,
                facts: None,
                history: None,
                purpose,
                category: None,
                hot_issue: None,
                cause: None,
                sensitive: false,
                threat: false,
                responsible_leader: Some("分管副局长".into()),
                case_owner_leader: None,
                in_evaluation_scope: false,
                section: Some("信访科".into()),
                handler: Some("经办人".into()),
                repeat_of: None,
                statutory_due_date: None,
                sender_deadline: None,
                notes: None,
            };
            let mut p = Progress::default();
            if (*now - arrived).num_days() > 3 {
                let signed = arrived + chrono::Duration::hours(r.below(30) as i64);
                p.signed_at = Some(signed);
                let accepted = signed + chrono::Duration::hours(r.below(72) as i64);
                let method = if purpose == Purpose::Claim {
                    Method::PetitionChannel
                } else {
                    Method::DirectReply
                };
                p.accepted_at = Some(accepted);
                p.method = Some(method);
                let replied = accepted + chrono::Duration::days(3 + r.below(40) as i64);
                if replied < *now {
                    p.replied_at = Some(replied);
                    if purpose != Purpose::Accusation && replied + chrono::Duration::days(1) < *now
                    {
                        p.evaluation = Some(Evaluation::Satisfied);
                        p.evaluated_at = Some(replied + chrono::Duration::days(1));
                    }
                }
            }
            (case, p)
        })
        .collect()
}

struct Figure {
    name: String,
    target: Duration,
    median: Duration,
    min: Duration,
    note: String,
}

fn ledger(path: &Path, data: Vec<(NewCase, Progress)>, now: &Time) -> Desk {
    let mut desk = Desk::open(path, true).expect("ledger").with_actor("bench");
    for chunk in data.chunks(10_000) {
        desk.add_cases_with_progress(chunk.to_vec(), now)
            .expect("bulk insert");
    }
    desk
}

fn size_mb(p: &Path) -> f64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
}

fn main() {
    let check = std::env::args().any(|a| a == "--check");
    // `-- export`, `-- import` or `-- messy` runs only those figures.
    let only: Option<String> = std::env::args()
        .skip(1)
        .find(|a| a == "export" || a == "import" || a == "messy");
    let runs = |what: &str| only.as_deref().is_none_or(|o| o == what);
    let n: usize = std::env::var("XINFANG_BENCH_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let now = parse_time("2026-11-20 10:00").expect("time");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut figures = Vec::new();

    // Export: a ledger of n cases.
    if runs("export") {
        let t = Instant::now();
        let big = ledger(&dir.path().join("big.db"), synthetic(n, "YC", &now), &now);
        println!("synthetic ledger: {n} cases, built in {:.1?}", t.elapsed());
        for (ext, opts, label) in [
            ("xlsx", ExportOptions::default(), "common columns"),
            (
                "xlsx",
                ExportOptions {
                    columns: Some(Field::ALL.to_vec()),
                    ..ExportOptions::default()
                },
                "all columns",
            ),
            ("csv", ExportOptions::default(), "common columns"),
        ] {
            let file = dir.path().join(format!("export.{ext}"));
            let (median, min, rep) =
                measure(3, || export_file(&big, &file, &opts, &now).expect("export"));
            figures.push(Figure {
                name: format!("export {n} cases to .{ext} ({label})"),
                target: Duration::from_secs(5),
                median,
                min,
                note: format!("{} cases, {:.1} MB", rep.cases, size_mb(&file)),
            });
        }
    }

    // Import: 10k rows exported from another ledger (every column, every step), into
    // an empty ledger each run.
    if runs("import") {
        let src = ledger(
            &dir.path().join("src.db"),
            synthetic(10_000, "IM", &now),
            &now,
        );
        for ext in ["xlsx", "csv"] {
            let file = dir.path().join(format!("import.{ext}"));
            export_file(
                &src,
                &file,
                &ExportOptions {
                    columns: Some(Field::ALL.to_vec()),
                    ..ExportOptions::default()
                },
                &now,
            )
            .expect("export for import");
            let mut run = 0;
            for dry_run in [true, false] {
                let (median, min, rep) = measure(3, || {
                    run += 1;
                    let path = dir.path().join(format!("dst-{ext}-{run}.db"));
                    let mut desk = Desk::open(&path, true).expect("ledger").with_actor("bench");
                    let opts = ImportOptions {
                        dry_run,
                        ..ImportOptions::default()
                    };
                    import_file(&mut desk, &file, &opts, &now).expect("import")
                });
                assert!(rep.errors.is_empty(), "{:?}", rep.errors.first());
                figures.push(Figure {
                    name: format!(
                        "import 10k rows from .{ext} ({})",
                        if dry_run {
                            "preview: read + check"
                        } else {
                            "read + check + write"
                        }
                    ),
                    target: Duration::from_secs(3),
                    median,
                    min,
                    note: format!(
                        "{} rows, {} written, {:.1} MB",
                        rep.rows,
                        rep.added,
                        size_mb(&file)
                    ),
                });
            }
        }
    }

    // Issue #19: a clerk's own 10k-row sheet, kept the way units keep them.
    if runs("messy") {
        let file = dir.path().join("messy.xlsx");
        messy_sheet(&file, 10_000);
        let mut run = 0;
        for (dry_run, target) in [(true, 1), (false, 2)] {
            let cpu0 = cpu_ms();
            let (median, min, rep) = measure(3, || {
                run += 1;
                let path = dir.path().join(format!("messy-{run}.db"));
                let mut desk = Desk::open(&path, true).expect("ledger").with_actor("bench");
                let opts = ImportOptions {
                    dry_run,
                    default_form: Some(Form::Letter),
                    keep_as_note: vec!["all".into()],
                    ..ImportOptions::default()
                };
                import_file(&mut desk, &file, &opts, &now).expect("import")
            });
            let cpu = (cpu_ms() - cpu0) / 3.0 / 1000.0;
            assert!(rep.errors.is_empty(), "{:?}", rep.errors.first());
            assert_eq!(rep.preview.len(), 10_000);
            figures.push(Figure {
                name: format!(
                    "messy 10k-row sheet ({})",
                    if dry_run {
                        "preview of every row"
                    } else {
                        "import"
                    }
                ),
                target: Duration::from_secs(target),
                median,
                min,
                note: format!(
                    "CPU {cpu:.2} s per run; {} rows, {} skipped, {} cells split, {} kept as note, {} written, {:.1} MB",
                    rep.rows,
                    rep.skipped.len(),
                    rep.split_cells,
                    rep.kept_as_note,
                    rep.added,
                    size_mb(&file)
                ),
            });
        }
    }

    println!();
    println!("| figure | median | min | target | | note |");
    println!("|---|---:|---:|---:|---|---|");
    let mut missed = 0;
    for f in &figures {
        let ok = f.median <= f.target;
        if !ok {
            missed += 1;
        }
        println!(
            "| {} | {:.2} s | {:.2} s | ≤ {} s | {} | {} |",
            f.name,
            f.median.as_secs_f64(),
            f.min.as_secs_f64(),
            f.target.as_secs(),
            if ok { "ok" } else { "MISSED" },
            f.note
        );
    }
    if check && missed > 0 {
        eprintln!("{missed} figure(s) missed their target");
        std::process::exit(1);
    }
}

/// A unit's own 台账 of `n` cases as clerks keep it (issue #19): a merged title and a
/// 填报单位 line, a two-line header with the names units use (转办日期, 来信来访形式,
/// 问题类别, a near miss 信访人联系电话), no 信访形式 column, combined 来源 cells, a 办结情况
/// column, blank rows, a 小计 row every 100 rows and the header repeated every 1000, and
/// an ID number with a bad check digit now and then.
fn messy_sheet(path: &Path, n: usize) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    ws.merge_range(0, 0, 0, 9, "永川区某某局信访事项登记台账", &bold)
        .expect("title");
    ws.write_string(1, 0, "填报单位：永川区某某局")
        .expect("unit");
    let heads = [
        "序号",
        "件号",
        "转办日期",
        "来源",
        "信访人",
        "身份证号码",
        "信访人联系电话",
        "反映问题",
        "问题类别",
    ];
    let header = |ws: &mut rust_xlsxwriter::Worksheet, r: u32| {
        for (c, h) in heads.iter().enumerate() {
            ws.write_string(r, c as u16, *h).expect("header");
        }
        ws.write_string(r, 9, "办结情况").expect("header");
    };
    header(ws, 2);
    let mut r = Lcg(19);
    let mut row = 3u32;
    for i in 0..n {
        if i > 0 && i % 1000 == 0 {
            header(ws, row);
            row += 1;
        }
        if i > 0 && i % 100 == 0 {
            ws.write_string(row, 0, "小计").expect("total");
            ws.write_string(row, 7, "100 件").expect("total");
            row += 2; // and a blank row
        }
        let source = [
            "区信访办转送",
            "市信访办（交办）",
            "国家信访局转办件",
            "交办",
            "网上信访转办",
        ][r.below(5) as usize];
        let id = if i % 97 == 0 {
            "500118198001011230".to_string() // wrong check digit: kept as a note
        } else {
            String::new()
        };
        let cells = [
            (i + 1).to_string(),
            format!("MS{i:06}"),
            format!("2025/{}/{}", 1 + i % 12, 1 + i % 28),
            source.to_string(),
            format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN)),
            id,
            format!("139{:08}", r.below(100_000_000)),
            format!("反映{}问题，要求尽快解决。", r.pick(TOPICS)),
            ["求决", "建议", "申诉", "意见建议"][r.below(4) as usize].to_string(),
            ["已办结", "办理中", "结案", ""][r.below(4) as usize].to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, c as u16, v).expect("cell");
            }
        }
        row += 1;
    }
    ws.write_string(row, 0, "说明：本表由信访科填报")
        .expect("note");
    wb.save(path).expect("save");
}

/// CPU time of this process so far (user + system, ms) from /proc/self/stat; 0 where absent.
/// On a shared machine the wall time swings with the load; the CPU time per run does not.
fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime is 14th, stime 15th overall.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}
