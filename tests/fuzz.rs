//! Fuzz targets (issue #8), as proptest runs so CI runs them with a bounded number of cases:
//! `XINFANG_FUZZ_CASES` per target (default 100). Each target feeds arbitrary or mutated
//! input through a public entry point and asserts: no panic, an answer within a time limit,
//! and every error typed (a stable code) with a Chinese message. A crash found here becomes
//! a regression test below the targets.
//!
//! Long run: XINFANG_FUZZ_CASES=10000 cargo test -p xinfang --release --test tests fuzz:: -- --nocapture

use std::cell::RefCell;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};
use xinfang::api::dispatch;
use xinfang::api::export_file;
use xinfang::api::import_file;
use xinfang::attachments::{AttachmentSettings, InspectContext, inspect_bytes};
use xinfang::documents::DraftRequest;
use xinfang::domain::DocKind;
use xinfang::exchange::ExportOptions;
use xinfang::exchange::report::{ImportOptions, OnExisting};

use crate::util::{TempLedger, case, t};

const NOW: &str = "2026-10-09 10:00";

fn cases() -> u32 {
    std::env::var("XINFANG_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100)
}

/// Runs `strategy` through `check` for the configured number of cases and reports how many
/// executions passed.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    limit: Duration,
    check: impl FnMut(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let n = cases();
    let mut runner = TestRunner::new(Config {
        cases: n,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    });
    let started = Instant::now();
    let slowest = std::cell::Cell::new(Duration::ZERO);
    let check = RefCell::new(check);
    let result = runner.run(&strategy, |input| {
        let t0 = Instant::now();
        (check.borrow_mut())(input)?;
        let took = t0.elapsed();
        slowest.set(slowest.get().max(took));
        prop_assert!(took < limit, "took {took:?}, limit {limit:?}");
        Ok(())
    });
    if let Err(e) = result {
        panic!("fuzz {name}: {e}");
    }
    println!(
        "fuzz {name}: {n} executions without failure in {:.1} s (slowest {:.0} ms)",
        started.elapsed().as_secs_f64(),
        slowest.get().as_secs_f64() * 1000.0
    );
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Odd strings: printable noise, control characters, combining marks, bidi and zero-width
/// marks, astral CJK, emoji, and long runs.
fn odd_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,80}",
        "[\\x00-\\x1f\\u{7f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{feff}\\u{300}-\\u{36f}]{0,40}",
        "[张王李赵〔〕（）《》“”、。；：！？\\u{20000}-\\u{2000f}\\u{1f600}-\\u{1f60f}a-z0-9 ]{0,120}",
        (any::<char>(), 1usize..25_000).prop_map(|(c, n)| std::iter::repeat_n(c, n).collect()),
        Just(String::new()),
    ]
}

/// A byte-level mutation of `base`: flips, insertions, deletions, truncation.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len().max(1);
    proptest::collection::vec((0usize..4, 0..len, any::<u8>(), 0usize..64), 1..8).prop_map(
        move |ops| {
            let mut b = base.clone();
            for (op, pos, byte, n) in ops {
                let at = pos % (b.len() + 1);
                match op {
                    0 if at < b.len() => b[at] = byte,
                    1 => b
                        .splice(at..at, std::iter::repeat_n(byte, n + 1))
                        .for_each(drop),
                    2 => {
                        let end = (at + n + 1).min(b.len());
                        b.drain(at..end);
                    }
                    _ => b.truncate(at.max(1)),
                }
            }
            b
        },
    )
}

/// Arbitrary JSON values, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        odd_string().prop_map(Value::from),
        Just(json!("2026-02-30 25:61")),
        Just(json!("检举控告")),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    "[a-z_]{1,12}",
                    Just("case_no".to_string()),
                    Just("petitioners".to_string()),
                    Just("demand".to_string()),
                    Just("arrived_at".to_string()),
                    Just("purpose".to_string()),
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces one field of a valid case with an arbitrary value.
fn case_with_field() -> impl Strategy<Value = Value> {
    let base: Value = serde_json::from_str(&case("FZ").json()).expect("json");
    let keys: Vec<String> = base.as_object().expect("object").keys().cloned().collect();
    (proptest::sample::select(keys), any_json(), 0u32..1000).prop_map(move |(k, v, n)| {
        let mut c = base.clone();
        c["case_no"] = json!(format!("FZ-{n}"));
        c[k.as_str()] = v;
        c
    })
}

fn assert_typed(e: &xinfang::ErrorPayload) -> Result<(), TestCaseError> {
    prop_assert!(
        !e.code.is_empty() && e.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
        "untyped error: {e:?}"
    );
    prop_assert!(has_chinese(&e.message), "not Chinese: {e:?}");
    Ok(())
}

#[test]
fn fuzz_case_json_through_dispatch() {
    let l = TempLedger::new();
    let desk = RefCell::new(l.desk());
    let now = t(NOW);
    dispatch(
        &mut desk.borrow_mut(),
        "case_add",
        json!({"case": serde_json::from_str::<Value>(&case("FZ-BASE").json()).expect("json")}),
        &now,
    )
    .expect("base case");
    let raw = case("FZ-RAW").json().into_bytes();
    let strategy = prop_oneof![
        case_with_field().prop_map(|c| ("case_add", json!({ "case": c }))),
        any_json().prop_map(|v| ("case_add", v)),
        any_json().prop_map(|v| ("case_update", json!({"case_no": "FZ-BASE", "changes": v}))),
        any_json().prop_map(|v| ("case_update", v)),
        mutated(raw).prop_map(|b| {
            // Mutated text: what arrives is whatever still parses as JSON.
            let v = serde_json::from_slice::<Value>(&b).unwrap_or(Value::Null);
            ("case_add", json!({ "case": v }))
        }),
    ];
    fuzz(
        "case JSON (dispatch case_add/case_update)",
        strategy,
        Duration::from_secs(2),
        |(cmd, args)| {
            match dispatch(&mut desk.borrow_mut(), cmd, args, &now) {
                Ok(_) => {}
                Err(e) => assert_typed(&e)?,
            }
            Ok(())
        },
    );
    assert_eq!(desk.borrow().integrity_check().expect("ic"), "ok");
}

/// Rewrites one part of a zip (an .xlsx) with `f` applied to its bytes.
fn rezip(xlsx: &[u8], part: &str, f: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut file = zin.by_index(i).expect("part");
        let name = file.name().expect("part name").to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("read part");
        let data = if name == part { f(data) } else { data };
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

#[test]
fn fuzz_excel_and_csv_import() {
    let l = TempLedger::new();
    let desk = RefCell::new(l.desk());
    let now = t(NOW);
    for i in 0..3 {
        desk.borrow_mut()
            .add_case(case(&format!("XL-{i}")).build(), &now)
            .expect("add");
    }
    let x = l.dir.path().join("real.xlsx");
    let c = l.dir.path().join("real.csv");
    export_file(&desk.borrow(), &x, &ExportOptions::default(), &now).expect("xlsx");
    export_file(&desk.borrow(), &c, &ExportOptions::default(), &now).expect("csv");
    let xlsx = std::fs::read(&x).expect("read");
    let csv = std::fs::read(&c).expect("read");
    // Byte edits of the sheet XML reach the cell parser past the zip layer.
    let sheet_edits = proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6);
    let xlsx2 = xlsx.clone();
    let strategy = prop_oneof![
        mutated(csv).prop_map(|b| ("csv", b)),
        mutated(xlsx).prop_map(|b| ("xlsx", b)),
        sheet_edits.prop_map(move |edits| {
            let b = rezip(&xlsx2, "xl/worksheets/sheet1.xml", |mut d| {
                for (pos, byte) in &edits {
                    let i = pos % d.len();
                    d[i] = *byte;
                }
                d
            });
            ("xlsx", b)
        }),
    ];
    let mut n = 0u64;
    fuzz(
        "Excel/CSV import",
        (strategy, any::<bool>()),
        Duration::from_secs(5),
        |((ext, bytes), write)| {
            n += 1;
            let file = l.dir.path().join(format!("in-{}.{ext}", n % 4));
            std::fs::write(&file, &bytes).expect("write");
            let opts = ImportOptions {
                dry_run: !write,
                on_existing: if n.is_multiple_of(2) {
                    OnExisting::Skip
                } else {
                    OnExisting::Update
                },
                ..ImportOptions::default()
            };
            match import_file(&mut desk.borrow_mut(), &file, &opts, &now) {
                Ok(report) => {
                    for e in &report.errors {
                        prop_assert!(has_chinese(&e.problem), "row error not Chinese: {e:?}");
                    }
                }
                Err(e) => assert_typed(&e.payload())?,
            }
            Ok(())
        },
    );
    assert_eq!(desk.borrow().integrity_check().expect("ic"), "ok");
}

/// A small real PDF (a drafted notice), PNG and JPEG to mutate.
fn real_files(l: &TempLedger) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(case("PDF-1").build(), &now).expect("add");
    desk.sign_for("PDF-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide(
        "PDF-1",
        "petition_channel",
        t("2026-10-02 10:00"),
        None,
        &now,
    )
    .expect("decide");
    let pdf = desk
        .draft_document("PDF-1", &DraftRequest::new(DocKind::AcceptanceNotice), &now)
        .expect("draft")
        .pdf;
    let img = image::RgbImage::from_fn(120, 170, |x, y| {
        if (x / 10 + y / 10) % 2 == 0 {
            image::Rgb([250, 250, 250])
        } else {
            image::Rgb([200, 30, 30])
        }
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .expect("jpeg");
    (pdf, png, jpeg)
}

#[test]
fn fuzz_attachment_inspection() {
    let l = TempLedger::new();
    let (pdf, png, jpeg) = real_files(&l);
    let strategy = prop_oneof![
        mutated(pdf).prop_map(|b| ("PDF-1-受理告知书.pdf", b)),
        mutated(png).prop_map(|b| ("PDF-1-受理告知书.png", b)),
        mutated(jpeg).prop_map(|b| ("PDF-1-受理告知书.jpg", b)),
        proptest::collection::vec(any::<u8>(), 0..512).prop_map(|b| ("x.pdf", b)),
    ];
    let settings = AttachmentSettings::default();
    let ctx = InspectContext {
        kind: Some(DocKind::AcceptanceNotice),
        case_no: Some("PDF-1"),
    };
    fuzz(
        "PDF/PNG/JPEG attachment inspection",
        strategy,
        Duration::from_secs(10),
        |(name, bytes)| {
            let r = inspect_bytes(name, &bytes, &ctx, &settings);
            prop_assert_eq!(r.size, bytes.len() as u64);
            for f in &r.findings {
                prop_assert!(!f.code.is_empty() && has_chinese(&f.message), "{f:?}");
            }
            prop_assert_eq!(r.ok, r.blocking().next().is_none());
            Ok(())
        },
    );
}

#[test]
fn fuzz_template_rendering() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(case("TPL-1").build(), &now).expect("add");
    desk.sign_for("TPL-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide(
        "TPL-1",
        "petition_channel",
        t("2026-10-02 10:00"),
        None,
        &now,
    )
    .expect("decide");
    let kinds = [
        DocKind::AcceptanceNotice,
        DocKind::HandlingOpinion,
        DocKind::DeliveryReceipt,
    ];
    let strategy = (
        proptest::sample::select(kinds.to_vec()),
        odd_string(),
        proptest::option::of(odd_string()),
        odd_string(),
    );
    fuzz(
        "template rendering (document drafts)",
        strategy,
        Duration::from_secs(20),
        |(kind, body, recipient, var)| {
            let mut req = DraftRequest::new(kind);
            req.body = Some(body);
            req.recipient = recipient;
            req.vars.insert("petitioner".into(), var.clone());
            req.vars.insert(var, "值".into());
            match desk.draft_document("TPL-1", &req, &now) {
                Ok(d) => prop_assert!(d.pdf.starts_with(b"%PDF-"), "not a PDF"),
                Err(e) => assert_typed(&e.payload())?,
            }
            Ok(())
        },
    );
}
