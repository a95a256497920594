//! Excel in and out (issue #7) on real files in temp dirs: round trips, clerks' messy
//! sheets built here with rust_xlsxwriter, per-row errors, all-or-nothing imports,
//! corrupt files, an xlsx bomb, GBK CSV, the CLI and the dispatch commands.

// Fixture builders are test code too: a failed write should stop the test loudly.
#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::json;
use xinfang::api::{Desk, Progress, export_file, import_file};
use xinfang::domain::{Evaluation, Method, NewCase, Petitioner, Purpose, SenderLevel, Source};
use xinfang::exchange::{ExportOptions, Field, ImportOptions, Limits, OnExisting};
use xinfang::time::Time;

use crate::util::{TempLedger, case, stderr, stdout, t, xf};

fn now() -> Time {
    t("2026-11-26 10:00")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A valid 18-digit ID number (GB 11643 check digit) from a 17-digit body.
fn id_number(body: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Cases that use every registered field and every step an import can carry.
fn full_ledger(desk: &mut Desk) -> Vec<String> {
    let mut rich = case("YC2026-0001").arrived("2026-03-02 09:15:30").build();
    rich.sender_level = Some(SenderLevel::City);
    rich.petitioners = vec![
        Petitioner {
            name: "张三".into(),
            id_number: Some("11010519491231002X".into()),
            phone: Some("13812345678".into()),
            address: Some("永川区中山路1号".into()),
            representative: false,
        },
        Petitioner {
            name: "李四".into(),
            id_number: Some(id_number("50011819800101123")),
            phone: Some("023-49876543".into()),
            address: Some("永川区人民大道 8 号、附 2 号".into()),
            representative: false,
        },
    ];
    rich.people_count = Some(5);
    rich.suggestions = Some("建议增设检修通道".into());
    rich.facts = Some("电梯自 2025 年起多次停运，\n物业未维修".into());
    rich.history = Some("2025 年曾来电反映".into());
    rich.category = Some("城乡建设".into());
    rich.hot_issue = Some("老旧电梯".into());
    rich.cause = Some("物业管理".into());
    rich.sensitive = true;
    rich.threat = true;
    rich.case_owner_leader = Some("陈副区长".into());
    // Issue #15: the petitioner's own date and the 纳入满意度评价 flag travel too.
    rich.petition_date = chrono::NaiveDate::from_ymd_opt(2026, 2, 26);
    rich.in_evaluation_scope = true;
    rich.notes = Some("备注：已电话联系".into());
    let rich_p = Progress {
        signed_at: Some(t("2026-03-02 15:00")),
        accepted_at: Some(t("2026-03-04 10:00")),
        method: Some(Method::PetitionChannel),
        method_reason: None,
        replied_at: Some(t("2026-04-20 16:30")),
        evaluation: Some(Evaluation::BasicallySatisfied),
        evaluated_at: Some(t("2026-04-25 09:00")),
        return_result: None,
        closed_at: None,
    };
    let mut statutory = case("YC2026-0002")
        .arrived("2026-05-06 11:00")
        .petitioner("王五", None, None)
        .build();
    statutory.source = Source::Assigned;
    statutory.statutory_due_date = Some(chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap());
    statutory.people_count = Some(1);
    let statutory_p = Progress {
        signed_at: Some(t("2026-05-06 14:00")),
        accepted_at: Some(t("2026-05-08 09:00")),
        method: Some(Method::StatutoryChannel),
        ..Progress::default()
    };
    let mut returned = case("YC2026-0003")
        .arrived("2026-06-01 08:00")
        .purpose(Purpose::Suggestion)
        .build();
    returned.source = Source::Direct;
    returned.sender = None;
    returned.people_count = Some(1);
    let returned_p = Progress {
        signed_at: Some(t("2026-06-01 09:00")),
        accepted_at: Some(t("2026-06-02 09:00")),
        method: Some(Method::ReturnCase),
        method_reason: Some("属于市场监管局职责".into()),
        ..Progress::default()
    };
    let mut repeat = case("YC2026-0004")
        .arrived("2026-10-09 10:00")
        .repeat_of("YC2026-0001")
        .build();
    repeat.people_count = Some(1);
    repeat.unit = "永川区人力社保局".into();
    let cases = vec![
        (rich, rich_p),
        (statutory, statutory_p),
        (returned, returned_p),
        (repeat, Progress::default()),
    ];
    let nos = cases.iter().map(|(c, _)| c.case_no.clone()).collect();
    desk.add_cases_with_progress(cases, &now()).expect("seed");
    nos
}

fn progress_of(desk: &Desk, no: &str) -> (NewCase, Progress) {
    let v = desk.show_case(no, &now()).expect("show");
    let c = v.case;
    (
        c.info,
        Progress {
            signed_at: c.signed_at,
            accepted_at: c.accepted_at,
            method: c.method,
            method_reason: c.method_reason,
            replied_at: c.replied_at,
            evaluation: c.evaluation,
            evaluated_at: c.evaluated_at,
            return_result: c.return_result,
            closed_at: c.closed_at,
        },
    )
}

fn all_columns() -> ExportOptions {
    ExportOptions {
        columns: Some(Field::ALL.to_vec()),
        ..ExportOptions::default()
    }
}

fn round_trip(ext: &str) {
    let dir = tmp();
    let src = TempLedger::new();
    let mut desk = src.desk();
    let nos = full_ledger(&mut desk);
    let file = dir.path().join(format!("台账.{ext}"));
    let rep = export_file(&desk, &file, &all_columns(), &now()).expect("export");
    assert_eq!(rep.cases, 4);

    let dst = TempLedger::new();
    let mut empty = dst.desk();
    let report = import_file(&mut empty, &file, &ImportOptions::default(), &now()).expect("import");
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert!(report.imported);
    assert_eq!(report.added, 4);
    for no in &nos {
        assert_eq!(
            progress_of(&desk, no),
            progress_of(&empty, no),
            "{no} ({ext})"
        );
    }
}

/// The default export (what units keep) carries 信访日期 and 纳入满意度评价 both ways.
fn default_columns_round_trip(ext: &str) {
    let dir = tmp();
    let src = TempLedger::new();
    let mut desk = src.desk();
    let nos = full_ledger(&mut desk);
    let file = dir.path().join(format!("台账.{ext}"));
    export_file(&desk, &file, &ExportOptions::default(), &now()).expect("export");
    let dst = TempLedger::new();
    let mut empty = dst.desk();
    let report = import_file(&mut empty, &file, &ImportOptions::default(), &now()).expect("import");
    assert!(report.imported, "{:#?}", report.errors);
    let flags = |d: &Desk, no: &str| {
        let c = d.show_case(no, &now()).expect("show").case.info;
        (c.petition_date, c.in_evaluation_scope, c.arrived_at)
    };
    for no in &nos {
        assert_eq!(flags(&desk, no), flags(&empty, no), "{no} ({ext})");
    }
    let (date, scope, _) = flags(&empty, "YC2026-0001");
    assert_eq!(
        (date.map(|d| d.to_string()), scope),
        (Some("2026-02-26".into()), true)
    );
    let (date, scope, _) = flags(&empty, "YC2026-0002");
    assert_eq!((date, scope), (None, false));
}

#[test]
fn default_xlsx_export_round_trips_petition_date_and_evaluation_scope() {
    default_columns_round_trip("xlsx");
}

#[test]
fn default_csv_export_round_trips_petition_date_and_evaluation_scope() {
    default_columns_round_trip("csv");
}

#[test]
fn xlsx_round_trip_keeps_every_field() {
    round_trip("xlsx");
}

#[test]
fn csv_round_trip_keeps_every_field() {
    round_trip("csv");
}

fn sheet_xml(file: &Path, part: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(file).expect("open")).expect("zip");
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(part).expect("part"), &mut s).expect("read");
    s
}

#[test]
fn xlsx_export_has_title_frozen_header_date_cells_and_a_rates_sheet() {
    let dir = tmp();
    let l = TempLedger::new();
    let mut desk = l.desk();
    full_ledger(&mut desk);
    // Not yet signed and long past its deadlines: highlighted as overdue.
    desk.add_case(
        case("YC2026-0100").arrived("2026-10-10 09:00").build(),
        &now(),
    )
    .expect("add");
    let file = dir.path().join("out.xlsx");
    let rep = export_file(
        &desk,
        &file,
        &ExportOptions {
            year: Some(2026),
            ..ExportOptions::default()
        },
        &now(),
    )
    .expect("export");
    assert_eq!(rep.cases, 5);
    assert!(rep.overdue >= 1);

    let mut wb: Xlsx<_> = open_workbook(&file).expect("open");
    assert_eq!(
        wb.sheet_names(),
        vec!["台账".to_string(), "五率".to_string()]
    );
    let r = wb.worksheet_range("台账").expect("sheet");
    assert_eq!(
        r.get_value((0, 0)),
        Some(&Data::String("信访事项台账（2026年）".into()))
    );
    assert_eq!(r.get_value((2, 0)), Some(&Data::String("序号".into())));
    assert_eq!(
        r.get_value((2, 1)),
        Some(&Data::String("信访件编号".into()))
    );
    let arrived_col = rep.columns.iter().position(|c| *c == "到达时间").unwrap() as u32;
    match r.get_value((3, arrived_col)) {
        Some(Data::DateTime(d)) => {
            assert_eq!(d.as_datetime().unwrap().to_string(), "2026-03-02 09:15:30")
        }
        other => panic!("arrival should be a date cell, got {other:?}"),
    }
    let xml = sheet_xml(&file, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(r#"<pane xSplit="2" ySplit="3""#),
        "frozen header"
    );
    // 27 default columns (issue #16 added 交办督办期限 and 督办情况).
    assert!(xml.contains("<mergeCell ref=\"A1:AA1\"/>"), "merged title");
    assert!(xml.contains("<autoFilter"));
    let styles = sheet_xml(&file, "xl/styles.xml");
    assert!(styles.contains("FFFFC7CE"), "overdue fill");
    // Width for Chinese text: 诉求摘要 is wide.
    assert!(
        xml.contains("<col min=\"9\" max=\"9\" width=\"40"),
        "{}",
        &xml[..800.min(xml.len())]
    );

    let rates = wb.worksheet_range("五率").expect("rates sheet");
    let text: Vec<String> = rates.cells().map(|(_, _, v)| v.to_string()).collect();
    for label in [
        "及时受理率",
        "按期答复率",
        "群众参评率",
        "满意率",
        "重复率",
        "全部单位",
    ] {
        assert!(text.iter().any(|s| s == label), "{label} in {text:?}");
    }
}

#[test]
fn confidential_cases_never_show_the_accuser_in_exports() {
    let dir = tmp();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut c = case("JB-1")
        .purpose(Purpose::Accusation)
        .petitioner("欧阳娜娜", Some("11010519491231002X"), Some("13812345678"))
        .build();
    c.petitioners[0].address = Some("永川区秘密路 9 号".into());
    desk.add_case(c, &now()).expect("add");
    for ext in ["xlsx", "csv"] {
        let file = dir.path().join(format!("out.{ext}"));
        let rep = export_file(&desk, &file, &all_columns(), &now()).expect("export");
        assert_eq!(rep.masked, 1);
        let text = if ext == "csv" {
            std::fs::read_to_string(&file).unwrap()
        } else {
            sheet_xml(&file, "xl/worksheets/sheet1.xml")
        };
        for secret in ["欧阳娜娜", "11010519491231002X", "13812345678", "秘密路"] {
            assert!(!text.contains(secret), "{secret} leaked into {ext}");
        }
        assert!(text.contains("欧***"));
        assert!(text.contains("138****5678"));
    }
}

#[test]
fn export_filters_by_unit_and_year_and_refuses_other_formats() {
    let dir = tmp();
    let l = TempLedger::new();
    let mut desk = l.desk();
    full_ledger(&mut desk);
    desk.add_case(case("OLD-1").arrived("2025-12-31 23:00").build(), &now())
        .expect("add");
    let file = dir.path().join("a.csv");
    let n = |opts: ExportOptions| {
        export_file(&desk, &file, &opts, &now())
            .expect("export")
            .cases
    };
    assert_eq!(n(ExportOptions::default()), 5);
    assert_eq!(
        n(ExportOptions {
            year: Some(2026),
            ..ExportOptions::default()
        }),
        4
    );
    assert_eq!(
        n(ExportOptions {
            unit: Some("永川区人力社保局".into()),
            ..ExportOptions::default()
        }),
        1
    );
    let e = export_file(
        &desk,
        &dir.path().join("a.pdf"),
        &ExportOptions::default(),
        &now(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "unsupported_format");
}

// ---------------------------------------------------------------- fixtures

/// A cell in a fixture sheet.
enum C {
    S(&'static str),
    N(f64),
    D(u16, u8, u8),
    B,
}

fn write_sheet(
    path: &Path,
    top: impl FnOnce(&mut rust_xlsxwriter::Worksheet) -> u32,
    rows: &[Vec<C>],
) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let start = top(ws);
    let date = Format::new().set_num_format("yyyy/m/d");
    for (i, row) in rows.iter().enumerate() {
        let r = start + i as u32;
        for (j, c) in row.iter().enumerate() {
            let col = j as u16;
            match c {
                C::S(s) => {
                    ws.write_string(r, col, *s).unwrap();
                }
                C::N(n) => {
                    ws.write_number(r, col, *n).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, col, &dt, &date).unwrap();
                }
                C::B => {}
            }
        }
    }
    wb.save(path).unwrap();
}

/// A clerk's own sheet: a merged title, a 填报单位 line, a two-row header with merged
/// cells, dates in five forms, blank rows, trailing spaces and full-width digits.
fn messy_sheet(path: &Path) {
    use C::*;
    write_sheet(
        path,
        |ws| {
            let bold = Format::new().set_bold();
            ws.merge_range(
                0,
                0,
                0,
                11,
                "永川区住房城乡建委 2022 年信访事项登记台账",
                &bold,
            )
            .unwrap();
            ws.write_string(1, 0, "填报单位：永川区住房城乡建委")
                .unwrap();
            ws.write_string(1, 8, "填报日期：2022年12月31日").unwrap();
            // Two-row header: 件号 … span both rows; 办理情况 spans 签收/受理/办理方式.
            for (c, h) in [
                (0u16, "序号"),
                (1, "件号"),
                (2, "来源"),
                (3, "信访形式"),
                (4, "信访人"),
                (5, "联系电话"),
                (6, "反映问题"),
                (7, "信访目的"),
                (8, "到达日期"),
            ] {
                ws.merge_range(2, c, 3, c, h, &bold).unwrap();
            }
            ws.merge_range(2, 9, 2, 11, "办理情况", &bold).unwrap();
            ws.write_string(3, 9, "签收日期").unwrap();
            ws.write_string(3, 10, "受理日期").unwrap();
            ws.write_string(3, 11, "办理方式").unwrap();
            4
        },
        &[
            vec![
                N(1.0),
                S("YC-001  "),
                S("转办"),
                S("来信"),
                S("张三 "),
                S("１３８１２３４５６７８"),
                S("要求维修电梯 "),
                S("申诉求决"),
                S("2022/12/6"),
                S("2022-12-07"),
                S("2022.12.8"),
                S("信访途径受理"),
            ],
            vec![],
            vec![
                N(2.0),
                S("ＹＣ－００２"),
                S("交办"),
                S("网上"),
                S("李四"),
                B,
                S("噪声扰民"),
                S("意见建议"),
                S("2022年12月6日"),
                D(2022, 12, 7),
                N(44903.0),
                S("直接回复"),
            ],
            vec![B, B, B, B, B, B, B, B, B],
            vec![
                N(3.0),
                S("YC-003"),
                S("督办"),
                S("来访"),
                S("王五、赵六"),
                S("13800000001、13800000002"),
                S("拖欠工资"),
                S("申诉求决"),
                D(2022, 12, 9),
                B,
                B,
                B,
            ],
            vec![S("制表人：李四")],
        ],
    );
}

fn opts(unit: Option<&str>) -> ImportOptions {
    ImportOptions {
        unit: unit.map(Into::into),
        ..ImportOptions::default()
    }
}

#[test]
fn a_clerks_messy_sheet_imports_with_every_date_form() {
    let dir = tmp();
    let file = dir.path().join("台账.xlsx");
    messy_sheet(&file);
    let l = TempLedger::new();
    let mut desk = l.desk();
    let r =
        import_file(&mut desk, &file, &opts(Some("永川区住房城乡建委")), &now()).expect("import");
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert_eq!(r.header_row, 4);
    assert_eq!(r.added, 3);
    assert_eq!(r.blank_rows, 2);
    assert!(
        r.skipped
            .iter()
            .any(|s| s.kind == "note" && s.text.contains("制表人")),
        "{:?}",
        r.skipped
    );

    let (c, p) = progress_of(&desk, "YC-001");
    assert_eq!(c.petitioners[0].name, "张三");
    assert_eq!(c.petitioners[0].phone.as_deref(), Some("13812345678"));
    assert_eq!(c.demand, "要求维修电梯");
    assert_eq!(c.source, Source::Forwarded);
    assert_eq!(c.arrived_at, t("2022-12-06 00:00"));
    assert_eq!(p.signed_at, Some(t("2022-12-07 00:00")));
    assert_eq!(p.accepted_at, Some(t("2022-12-08 00:00")));
    assert_eq!(p.method, Some(Method::PetitionChannel));

    let (c, p) = progress_of(&desk, "YC-002");
    assert_eq!(c.arrived_at, t("2022-12-06 00:00"));
    assert_eq!(p.signed_at, Some(t("2022-12-07 00:00")));
    assert_eq!(p.accepted_at, Some(t("2022-12-08 00:00")));
    let (c, _) = progress_of(&desk, "YC-003");
    assert_eq!(c.petitioners.len(), 2);
    assert_eq!(c.petitioners[1].phone.as_deref(), Some("13800000002"));
}

#[test]
fn each_error_names_its_row_and_column_and_nothing_is_written() {
    use C::*;
    let dir = tmp();
    let file = dir.path().join("bad.xlsx");
    let header = vec![
        S("信访件编号"),
        S("来源"),
        S("信访形式"),
        S("信访人"),
        S("身份证号"),
        S("诉求摘要"),
        S("信访目的"),
        S("到达日期"),
        S("受理日期"),
        S("办理方式"),
        S("人数"),
    ];
    let good = |no: &'static str| {
        vec![
            S(no),
            S("转送"),
            S("来信"),
            S("张三"),
            B,
            S("诉求"),
            S("其他"),
            S("2022-12-06"),
            B,
            B,
            N(1.0),
        ]
    };
    let mut rows = vec![header, good("A-1")];
    let mut r = good("A-2");
    r[1] = S("上级转来");
    rows.push(r); // row 3: unknown label
    let mut r = good("A-3");
    r[7] = S("2022-02-30");
    rows.push(r); // row 4: impossible date
    rows.push(good("A-1")); // row 5: duplicate
    let mut r = good("A-5");
    r[8] = S("2022-12-07");
    r[9] = S("存");
    rows.push(r); // row 6: forbidden method
    let mut r = good("A-6");
    r[4] = S("110105194912310021");
    rows.push(r); // row 7: wrong check digit
    let mut r = good("A-7");
    r[10] = S("三个");
    rows.push(r); // row 8: people count
    let mut r = good("A-8");
    r[5] = B;
    rows.push(r); // row 9: no demand
    let mut r = good("A-9");
    r[9] = S("直接回复");
    rows.push(r); // row 10: method without acceptance date
    write_sheet(&file, |_| 0, &rows);

    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(case("KEEP-1").build(), &now()).expect("add");
    let audit_before = l.count("SELECT count(*) FROM audit_log");
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("report");
    assert!(!r.imported);
    let at: Vec<(usize, String)> = r.errors.iter().map(|e| (e.row, e.column.clone())).collect();
    assert_eq!(
        at,
        vec![
            (3, "B（来源）".to_string()),
            (4, "H（到达日期）".to_string()),
            (5, "A（信访件编号）".to_string()),
            (6, "J（办理方式）".to_string()),
            (7, "E（身份证号）".to_string()),
            (8, "K（人数）".to_string()),
            (9, "F（诉求摘要）".to_string()),
            (10, "J（办理方式）".to_string()),
        ],
        "{:#?}",
        r.errors
    );
    for e in &r.errors {
        assert!(!e.problem.is_empty() && !e.fix.is_empty(), "{e:?}");
    }
    assert!(r.errors[0].fix.contains("转送"), "{:?}", r.errors[0]);
    assert!(r.errors[1].problem.contains("2 月没有第 30 日"));
    assert!(r.errors[2].problem.contains("第 5 行") || r.errors[2].problem.contains("第 2 行"));
    assert!(r.errors[3].fix.contains("退件"));
    assert_eq!(l.count("SELECT count(*) FROM cases"), 1);
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), audit_before);
}

#[test]
fn a_failure_while_writing_rolls_back_the_whole_import() {
    use C::*;
    let dir = tmp();
    let file = dir.path().join("a.xlsx");
    // B-1 repeats B-2, which arrives later: the insert of B-1 fails after A-1 went in.
    let row = |no: &'static str, date: &'static str, rep: &'static str| {
        vec![
            S(no),
            S("转送"),
            S("来信"),
            S("诉求"),
            S("其他"),
            S(date),
            S(rep),
        ]
    };
    write_sheet(
        &file,
        |_| 0,
        &[
            vec![
                S("编号"),
                S("来源"),
                S("信访形式"),
                S("诉求"),
                S("信访目的"),
                S("到达日期"),
                S("原件编号"),
            ],
            row("A-1", "2022-12-01", ""),
            row("B-1", "2022-12-02", "B-2"),
            row("B-2", "2022-12-03", ""),
        ],
    );
    let l = TempLedger::new();
    let mut desk = l.desk();
    let before = l.count("SELECT count(*) FROM audit_log");
    let e = import_file(&mut desk, &file, &opts(Some("某局")), &now()).unwrap_err();
    assert_eq!(e.code(), "invalid_field", "{e}");
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
    assert_eq!(l.count("SELECT count(*) FROM units"), 0);
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), before);
}

#[test]
fn existing_case_numbers_are_skipped_or_updated_by_choice() {
    let dir = tmp();
    let file = dir.path().join("u.csv");
    std::fs::write(
        &file,
        "信访件编号,来源,信访形式,诉求摘要,信访目的,到达日期,受理日期,办理方式,答复日期,责任人\n\
         A-1,转送,来信,新的诉求,申诉求决,2026-09-30 16:20,2026-10-02,信访途径受理,2026-10-20,赵六\n\
         N-1,交办,来电,新件,其他,2026-10-01,,,,\n",
    )
    .unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(case("A-1").build(), &now()).expect("add");

    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("skip");
    assert_eq!((r.added, r.updated), (1, 0));
    assert_eq!(r.skipped_existing, vec!["A-1".to_string()]);
    assert_eq!(
        desk.show_case("A-1", &now())
            .unwrap()
            .case
            .info
            .handler
            .as_deref(),
        Some("李四")
    );

    let mut o = opts(Some("某局"));
    o.on_existing = OnExisting::Update;
    let r = import_file(&mut desk, &file, &o, &now()).expect("update");
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    assert_eq!((r.added, r.updated), (0, 2));
    let v = desk.show_case("A-1", &now()).unwrap().case;
    assert_eq!(v.info.handler.as_deref(), Some("赵六"));
    assert_eq!(v.info.demand, "新的诉求");
    // Columns the sheet does not have keep what the ledger held.
    assert_eq!(v.info.petitioners[0].name, "张三");
    assert_eq!(v.info.unit, "永川区住房城乡建委");
    assert_eq!(v.method, Some(Method::PetitionChannel));
    assert_eq!(v.replied_at, Some(t("2026-10-20 00:00")));
    assert_eq!(v.status_label, "已答复");
    let h = desk.history("A-1").unwrap();
    assert_eq!(h.last().unwrap().action, "import_update");
}

#[test]
fn the_mapping_can_be_adjusted_and_saved() {
    let dir = tmp();
    let file = dir.path().join("m.csv");
    std::fs::write(
        &file,
        "编号,来源,形式,甲栏,诉求,目的,乙栏,丙栏\n\
         M-1,转送,来信,张三,诉求,其他,2022-12-06,不要导入\n",
    )
    .unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("report");
    assert!(!r.imported);
    assert!(r.errors[0].problem.contains("到达时间"), "{:?}", r.errors);

    let mut o = opts(Some("某局"));
    o.mapping.insert("甲栏".into(), "信访人".into());
    o.mapping.insert("乙栏".into(), "arrived_at".into());
    o.mapping.insert("H".into(), "忽略".into());
    o.save_mapping = true;
    let r = import_file(&mut desk, &file, &o, &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    let c = desk.show_case("M-1", &now()).unwrap().case;
    assert_eq!(c.info.petitioners[0].name, "张三");
    assert_eq!(c.info.notes, None);

    // The saved mapping is used next time.
    std::fs::write(
        &file,
        "编号,来源,形式,甲栏,诉求,目的,乙栏,丙栏\n\
         M-2,转送,来信,李四,诉求,其他,2022-12-07,不要导入\n",
    )
    .unwrap();
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(
        desk.show_case("M-2", &now()).unwrap().case.info.petitioners[0].name,
        "李四"
    );
}

#[test]
fn a_dry_run_previews_and_writes_nothing() {
    let dir = tmp();
    let file = dir.path().join("台账.xlsx");
    messy_sheet(&file);
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut o = opts(Some("某局"));
    o.dry_run = true;
    let r = import_file(&mut desk, &file, &o, &now()).expect("preview");
    assert_eq!((r.to_add, r.added, r.imported), (3, 0, false));
    assert_eq!(r.preview.len(), 3);
    assert_eq!(r.preview[0].case_no, "YC-001");
    assert_eq!(r.preview[0].action, "新增");
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
}

#[test]
fn ten_thousand_rows_import_in_one_go() {
    let dir = tmp();
    let file = dir.path().join("big.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in [
        "编号",
        "来源",
        "信访形式",
        "信访人",
        "诉求摘要",
        "信访目的",
        "到达日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..10_000u32 {
        let r = i + 1;
        ws.write_string(r, 0, format!("BIG-{i:05}")).unwrap();
        ws.write_string(r, 1, ["转送", "交办", "督办", "直接受理"][i as usize % 4])
            .unwrap();
        ws.write_string(r, 2, ["来信", "来访", "网上", "来电"][i as usize % 4])
            .unwrap();
        ws.write_string(r, 3, format!("信访人{i}")).unwrap();
        ws.write_string(r, 4, "反映小区物业问题，要求处理").unwrap();
        ws.write_string(r, 5, "申诉求决").unwrap();
        let d = ExcelDateTime::from_ymd(2026, 1 + (i % 10) as u8, 1 + (i % 28) as u8).unwrap();
        ws.write_datetime_with_format(r, 6, &d, &date).unwrap();
    }
    wb.save(&file).unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("import");
    assert!(
        r.errors.is_empty(),
        "{:?}",
        &r.errors[..r.errors.len().min(3)]
    );
    assert_eq!(r.added, 10_000);
    assert_eq!(l.count("SELECT count(*) FROM cases"), 10_000);
}

// ---------------------------------------------------------------- robustness

#[test]
fn corrupt_and_truncated_files_are_refused_with_a_clear_error() {
    let dir = tmp();
    let good = dir.path().join("good.xlsx");
    messy_sheet(&good);
    let bytes = std::fs::read(&good).unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.xlsx", bytes[..bytes.len() / 2].to_vec()),
        ("cut_end.xlsx", bytes[..bytes.len() - 30].to_vec()),
        ("garbage.xlsx", b"this is not a spreadsheet at all".to_vec()),
        ("empty.xlsx", Vec::new()),
        (
            "garbage.xls",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 1, 2, 3],
        ),
        ("garbage.ods", b"PK\x03\x04broken".to_vec()),
    ];
    for (name, data) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, data).unwrap();
        let e = import_file(&mut desk, &p, &ImportOptions::default(), &now()).unwrap_err();
        assert_eq!(e.code(), "spreadsheet", "{name}: {e}");
        assert!(e.to_string().contains("另存为"), "{e}");
    }
    let p = dir.path().join("notes.pdf");
    std::fs::write(&p, b"%PDF-1.4").unwrap();
    let e = import_file(&mut desk, &p, &ImportOptions::default(), &now()).unwrap_err();
    assert_eq!(e.code(), "unsupported_format");
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
}

/// An .xlsx whose shared strings decompress to `mb` MB from a few kilobytes.
fn xlsx_bomb(path: &Path, mb: usize) {
    let good_dir = tmp();
    let good = good_dir.path().join("g.xlsx");
    messy_sheet(&good);
    let mut src = zip::ZipArchive::new(std::fs::File::open(&good).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        out.start_file(name.as_str(), opts).unwrap();
        if name == "xl/sharedStrings.xml" {
            out.write_all(b"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>").unwrap();
            let chunk = vec![b'A'; 1 << 20];
            for _ in 0..mb {
                out.write_all(&chunk).unwrap();
            }
            out.write_all(b"</t></si></sst>").unwrap();
        } else {
            std::io::copy(&mut f, &mut out).unwrap();
        }
    }
    out.finish().unwrap();
}

#[test]
fn an_xlsx_bomb_is_refused_with_the_limit_named() {
    let dir = tmp();
    let bomb = dir.path().join("bomb.xlsx");
    xlsx_bomb(&bomb, 24);
    assert!(
        std::fs::metadata(&bomb).unwrap().len() < 200_000,
        "small on disk"
    );
    let l = TempLedger::new();
    let mut desk = l.desk();
    let o = ImportOptions {
        limits: Limits {
            max_part_bytes: 16 << 20,
            ..Limits::default()
        },
        ..ImportOptions::default()
    };
    let e = import_file(&mut desk, &bomb, &o, &now()).unwrap_err();
    assert_eq!(e.code(), "too_large", "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("xl/sharedStrings.xml") && msg.contains("16 MB"),
        "{msg}"
    );
    // The same sheet with a normal part passes the check.
    let fine = dir.path().join("fine.xlsx");
    messy_sheet(&fine);
    assert!(import_file(&mut desk, &fine, &o, &now()).is_ok());
}

#[test]
fn the_default_limits_bound_every_part_and_the_row_count() {
    let l = Limits::default();
    assert!(l.max_part_bytes <= 512 << 20);
    assert!(l.max_total_bytes <= 1 << 30);
    assert!(l.max_rows >= 100_000 && l.max_rows <= 1_048_576);
    let dir = tmp();
    let file = dir.path().join("rows.csv");
    let mut s = String::from("编号,来源\n");
    for i in 0..50 {
        s.push_str(&format!("R-{i},转送\n"));
    }
    std::fs::write(&file, s).unwrap();
    let tl = TempLedger::new();
    let mut desk = tl.desk();
    let mut o = ImportOptions::default();
    o.limits.max_rows = 20;
    let e = import_file(&mut desk, &file, &o, &now()).unwrap_err();
    assert_eq!(e.code(), "too_large");
    assert!(e.to_string().contains("20 行"), "{e}");
}

#[test]
fn a_gbk_csv_is_detected_and_decoded() {
    let dir = tmp();
    let text = "信访件编号,来源,信访形式,信访人,诉求摘要,信访目的,到达日期\r\n\
                G-1,转送,来信,张三,反映噪声扰民问题,意见建议,2022年12月6日\r\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(text);
    assert!(!bad);
    let file = dir.path().join("gbk.csv");
    std::fs::write(&file, &gbk).unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(r.encoding, Some("GBK/GB18030"));
    let c = desk.show_case("G-1", &now()).unwrap().case;
    assert_eq!(c.info.demand, "反映噪声扰民问题");
    assert_eq!(c.info.purpose, Purpose::Suggestion);

    // Bytes that are neither UTF-8 nor GBK: a clear error.
    let junk = dir.path().join("junk.csv");
    std::fs::write(&junk, [0x81u8, 0x20, 0xFF, 0xFF, 0x80, 0x0A]).unwrap();
    let e = import_file(&mut desk, &junk, &opts(None), &now()).unwrap_err();
    assert_eq!(e.code(), "spreadsheet");
    assert!(e.to_string().contains("GBK"), "{e}");
}

#[test]
fn a_sheet_without_a_header_says_what_it_looked_for() {
    let dir = tmp();
    let file = dir.path().join("x.csv");
    std::fs::write(&file, "甲,乙,丙\n1,2,3\n").unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let e = import_file(&mut desk, &file, &opts(None), &now()).unwrap_err();
    assert_eq!(e.code(), "no_header");
    assert!(e.to_string().contains("信访件编号"), "{e}");
}

// ---------------------------------------------------------------- CLI and dispatch

fn cli_ledger() -> (TempLedger, PathBuf) {
    let l = TempLedger::new();
    let mut desk = l.desk();
    full_ledger(&mut desk);
    let p = l.path.clone();
    (l, p)
}

#[test]
fn cli_exports_and_imports_with_a_dry_run() {
    let dir = tmp();
    let (_src, db) = cli_ledger();
    let out = dir.path().join("台账.xlsx");
    let now_s = "2026-11-26 10:00";
    let o = xf(
        &db,
        now_s,
        &[
            "export",
            out.to_str().unwrap(),
            "--year",
            "2026",
            "--columns",
            "all",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导出 4 件"), "{}", stdout(&o));

    let dst = TempLedger::new();
    drop(dst.desk());
    let o = xf(
        &dst.path,
        now_s,
        &["import", out.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["to_add"], 4);
    assert_eq!(v["imported"], false);
    assert_eq!(dst.count("SELECT count(*) FROM cases"), 0);

    let o = xf(&dst.path, now_s, &["import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("新增 4 件"), "{}", stdout(&o));
    // Again: every number exists now and is skipped.
    let o = xf(
        &dst.path,
        now_s,
        &[
            "import",
            out.to_str().unwrap(),
            "--on-existing",
            "skip",
            "--json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["skipped_existing"].as_array().unwrap().len(), 4);
}

#[test]
fn cli_import_with_errors_prints_them_and_exits_non_zero() {
    let dir = tmp();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "编号,来源,信访形式,诉求,信访目的,到达日期\nB-1,转送,飞鸽传书,诉求,其他,2022-12-06\n",
    )
    .unwrap();
    let l = TempLedger::new();
    drop(l.desk());
    let o = xf(
        &l.path,
        "2026-11-26 10:00",
        &["import", file.to_str().unwrap(), "--unit", "某局", "--json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["errors"][0]["row"], 2);
    assert_eq!(v["errors"][0]["column"], "C（信访形式）");
    assert!(stderr(&o).contains("import_rejected"), "{}", stderr(&o));
    let o = xf(
        &l.path,
        "2026-11-26 10:00",
        &["import", file.to_str().unwrap(), "--unit", "某局"],
    );
    assert!(
        stdout(&o).contains("第 2 行 C（信访形式） 列"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn dispatch_exports_and_imports_by_path() {
    let dir = tmp();
    let src = TempLedger::new();
    let mut desk = src.desk();
    full_ledger(&mut desk);
    let out = dir.path().join("x.csv");
    let v = xinfang::api::dispatch(
        &mut desk,
        "ledger_export",
        json!({"path": out, "options": {"unit": "永川区住房城乡建委", "columns": ["case_no", "来源", "到达时间", "信访形式", "诉求摘要", "信访目的", "责任单位"]}}),
        &now(),
    )
    .expect("export");
    assert_eq!(v["cases"], 3);
    let dst = TempLedger::new();
    let mut empty = dst.desk();
    let v = xinfang::api::dispatch(
        &mut empty,
        "ledger_import",
        json!({"path": out, "options": {"dry_run": true}}),
        &now(),
    )
    .expect("import");
    assert_eq!(v["to_add"], 3);
    let e = xinfang::api::dispatch(
        &mut empty,
        "ledger_import",
        json!({"path": dir.path().join("none.xlsx")}),
        &now(),
    )
    .unwrap_err();
    assert_eq!(e.code, "io");
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_date_parser_never_panics(s in "\\PC{0,24}") {
        let _ = xinfang::exchange::dates::parse_text(&s);
    }

    #[test]
    fn date_like_text_never_panics(
        y in 0u32..3000, m in 0u32..20, d in 0u32..40, h in 0u32..30, mi in 0u32..70,
        sep in prop::sample::select(vec!["-", "/", ".", "年", " ", "x", "／", "－"]),
    ) {
        let s = format!("{y}{sep}{m}{sep}{d} {h}:{mi}");
        if let Ok(dt) = xinfang::exchange::dates::parse_text(&s) {
            use chrono::Datelike;
            prop_assert_eq!(dt.year() as u32, y);
        }
        let _ = xinfang::exchange::dates::parse_text(&format!("{y}年{m}月{d}日"));
    }

    #[test]
    fn any_number_as_a_date_cell_never_panics(f in proptest::num::f64::ANY) {
        let _ = xinfang::exchange::dates::from_serial(f);
        let _ = xinfang::exchange::import::cell_datetime(&xinfang::exchange::read::Cell::Number(f));
    }

    #[test]
    fn header_detection_never_panics(
        grid in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    "\\PC{0,8}",
                    prop::sample::select(vec!["编号", "信访人", "到达日期", "签收", "时间", "（必填）", "办理方式"]).prop_map(String::from),
                ],
                0..12,
            ),
            0..12,
        )
    ) {
        use xinfang::exchange::read::Cell;
        let rows: Vec<Vec<Cell>> = grid
            .into_iter()
            .map(|r| r.into_iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s) }).collect())
            .collect();
        if let Some(h) = xinfang::exchange::header::detect(&rows) {
            prop_assert!(h.row < rows.len());
            prop_assert!(h.score() >= 2);
        }
        for r in 0..rows.len() {
            let _ = xinfang::exchange::header::header_at(&rows, r);
        }
    }
}

#[test]
fn csv_export_defuses_formulas_and_the_import_restores_the_text() {
    let dir = tmp();
    let src = TempLedger::new();
    let mut desk = src.desk();
    desk.add_case(
        case("F-1")
            .demand("=HYPERLINK(\"http://x\",\"点击\")")
            .build(),
        &now(),
    )
    .expect("add");
    let file = dir.path().join("f.csv");
    export_file(&desk, &file, &all_columns(), &now()).expect("export");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    let dst = TempLedger::new();
    let mut empty = dst.desk();
    let r = import_file(&mut empty, &file, &ImportOptions::default(), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(
        empty.show_case("F-1", &now()).unwrap().case.info.demand,
        "=HYPERLINK(\"http://x\",\"点击\")"
    );
}

#[test]
fn an_id_number_stored_as_a_number_is_reported_once_with_the_reason() {
    use C::*;
    let dir = tmp();
    let file = dir.path().join("id.xlsx");
    write_sheet(
        &file,
        |_| 0,
        &[
            vec![
                S("编号"),
                S("来源"),
                S("信访形式"),
                S("信访人"),
                S("身份证号"),
                S("诉求"),
                S("信访目的"),
                S("到达日期"),
            ],
            vec![
                S("I-1"),
                S("转送"),
                S("来信"),
                S("张三"),
                N(110105194912310020.0),
                S("诉求"),
                S("其他"),
                S("2022-12-06"),
            ],
        ],
    );
    let l = TempLedger::new();
    let mut desk = l.desk();
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("report");
    assert_eq!(r.errors.len(), 1, "{:#?}", r.errors);
    assert_eq!(r.errors[0].column, "E（身份证号）");
    assert!(r.errors[0].fix.contains("文本"), "{:?}", r.errors[0]);
}

/// A minimal OpenDocument spreadsheet (what WPS/LibreOffice save as .ods), written by hand.
fn write_ods(path: &Path, rows: &[&[&str]]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", stored).unwrap();
    z.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .unwrap();
    let mut body = String::new();
    for row in rows {
        body.push_str("<table:table-row>");
        for cell in *row {
            if cell.is_empty() {
                body.push_str("<table:table-cell/>");
            } else {
                body.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"
                ));
            }
        }
        body.push_str("</table:table-row>");
    }
    z.start_file("content.xml", stored).unwrap();
    z.write_all(
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="台账">{body}</table:table></office:spreadsheet></office:body>
</office:document-content>"#
        )
        .as_bytes(),
    )
    .unwrap();
    z.finish().unwrap();
}

#[test]
fn an_ods_sheet_imports_like_an_xlsx() {
    let dir = tmp();
    let file = dir.path().join("台账.ods");
    write_ods(
        &file,
        &[
            &["某局信访台账"],
            &[
                "件号",
                "来源",
                "信访形式",
                "信访人",
                "反映问题",
                "信访目的",
                "到达日期",
            ],
            &[
                "O-1",
                "交办",
                "来访",
                "张三",
                "噪声扰民",
                "意见建议",
                "2022.12.6",
            ],
        ],
    );
    let l = TempLedger::new();
    let mut desk = l.desk();
    let r = import_file(&mut desk, &file, &opts(Some("某局")), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(r.sheet, "台账");
    assert_eq!(r.header_row, 2);
    let c = desk.show_case("O-1", &now()).unwrap().case;
    assert_eq!(c.info.arrived_at, t("2022-12-06 00:00"));
    assert_eq!(c.info.form, xinfang::domain::Form::Visit);
}

#[test]
fn a_masked_export_never_overwrites_the_real_accuser_on_update() {
    let dir = tmp();
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(
        case("JB-9")
            .purpose(Purpose::Accusation)
            .petitioner("欧阳娜娜", Some("11010519491231002X"), Some("13812345678"))
            .build(),
        &now(),
    )
    .expect("add");
    let file = dir.path().join("jb.xlsx");
    export_file(&desk, &file, &all_columns(), &now()).expect("export");
    let o = ImportOptions {
        on_existing: OnExisting::Update,
        ..ImportOptions::default()
    };
    let r = import_file(&mut desk, &file, &o, &now()).expect("update");
    assert!(r.imported, "{:#?}", r.errors);
    assert!(
        r.warnings.iter().any(|w| w.contains("脱敏")),
        "{:?}",
        r.warnings
    );
    let p = &desk
        .show_case("JB-9", &now())
        .unwrap()
        .case
        .info
        .petitioners[0];
    assert_eq!(p.name, "欧阳娜娜");
    assert_eq!(p.id_number.as_deref(), Some("11010519491231002X"));
    assert_eq!(p.phone.as_deref(), Some("13812345678"));
}

#[test]
fn progress_is_reported_for_the_import_wizard() {
    let dir = tmp();
    let file = dir.path().join("台账.xlsx");
    messy_sheet(&file);
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut steps = Vec::new();
    let r = xinfang::api::import_file_with_progress(
        &mut desk,
        &file,
        &opts(Some("某局")),
        &now(),
        &mut |s| steps.push(s),
    )
    .expect("import");
    assert!(r.imported);
    let stages: Vec<&str> = steps.iter().map(|s| s.stage).collect();
    let mut distinct = stages.clone();
    distinct.dedup();
    assert_eq!(distinct, ["read", "check", "write", "done"]);
    let last_check = steps.iter().rev().find(|s| s.stage == "check").unwrap();
    assert_eq!(last_check.done, last_check.total);
    assert_eq!(steps.last().unwrap().label, "完成");
}

/// Excel and WPS on Windows open a CSV as UTF-8 only with the BOM, and expect CRLF line
/// ends; a line break inside a cell stays inside its quoted cell. Into a folder with
/// Chinese and a space in its name (as `C:\Users\张三\Documents\信访 台账\` on Windows).
#[test]
fn csv_export_has_a_bom_and_crlf_line_ends_for_excel_on_windows() {
    let dir = tmp();
    let folder = dir.path().join("张三").join("信访 台账");
    std::fs::create_dir_all(&folder).unwrap();
    let src = TempLedger::new();
    let mut desk = src.desk();
    desk.add_case(case("W-1").demand("第一行\n第二行").build(), &now())
        .expect("add");
    desk.add_case(case("W-2").build(), &now()).expect("add");
    let file = folder.join("台账 导出.csv");
    export_file(&desk, &file, &all_columns(), &now()).expect("export");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    // Header + two records, each ended by CRLF; the only bare LF is the one in the cell.
    assert_eq!(text.matches("\r\n").count(), 3, "{text:?}");
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches('\n').count(), 4, "{text:?}");
    assert!(text.contains("\"第一行\n第二行\""), "{text:?}");
    assert!(text.contains("信访件编号"), "{text:?}");
    // And it reads back through the importer unchanged.
    let dst = TempLedger::new();
    let mut empty = dst.desk();
    let r = import_file(&mut empty, &file, &ImportOptions::default(), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(
        empty.show_case("W-1", &now()).unwrap().case.info.demand,
        "第一行\n第二行"
    );
}
