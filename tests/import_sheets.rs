//! Issue #19: the 台账 clerks actually keep, built here with rust_xlsxwriter (and as CSV):
//! the headers units use, combined value cells, columns a unit's own sheet never had,
//! 合计/说明/blank/repeated-header rows, a preview of every row with its problems, and the
//! clerk's choices (fix a cell, skip a row, keep a doubtful value in 备注) — through the
//! library, the CLI flags and the dispatch command the wizard calls.

// Fixture builders are test code too: a failed write should stop the test loudly.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::json;
use xinfang::api::Desk;
use xinfang::api::import_file;
use xinfang::domain::{Form, NewCase, Purpose, SenderLevel, Source};
use xinfang::exchange::{CellFix, Field, ImportOptions};
use xinfang::time::Time;

use crate::util::{TempLedger, case, stdout, t, xf};

fn now() -> Time {
    t("2026-11-26 10:00")
}

fn info(desk: &Desk, no: &str) -> NewCase {
    desk.show_case(no, &now()).expect("show").case.info
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

/// The same body with a wrong check digit.
fn bad_id_number(body: &str) -> String {
    let good = id_number(body);
    let last = if good.ends_with('0') { '1' } else { '0' };
    format!("{body}{last}")
}

fn strings(ws: &mut Worksheet, row: u32, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(row, c as u16, *v).unwrap();
        }
    }
}

const HEADS: [&str; 9] = [
    "序号",
    "件号",
    "转办日期",
    "来源",
    "来信来访形式",
    "信访人",
    "身份证号码",
    "反映问题",
    "问题类别",
];

/// A unit's own sheet: a merged title, a 填报单位 line, a two-line header (a 办理情况 group
/// over 办结情况 and 备注), no 责任单位 column, the names units use for the arrival date,
/// the form and the purpose, combined values, a blank row, a 合计 row, a note, and the
/// header printed again on page two. Rows as the sheet numbers them:
/// 5 YC24-001, 6 YC24-002, 7 blank, 8 YC24-003 (bad ID), 9 合计, 10 说明, 11-12 header,
/// 13 YC24-004.
fn units_own_sheet(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy年m月d日");
    ws.merge_range(0, 0, 0, 10, "永川区某某局信访事项登记台账（2024年）", &bold)
        .unwrap();
    ws.merge_range(1, 0, 1, 5, "填报单位：永川区某某局", &Format::new())
        .unwrap();
    ws.write_string(1, 8, "填报日期：2024年12月31日").unwrap();
    let header = |ws: &mut Worksheet, top: u32| {
        for (c, h) in HEADS.iter().enumerate() {
            ws.merge_range(top, c as u16, top + 1, c as u16, h, &bold)
                .unwrap();
        }
        ws.merge_range(top, 9, top, 10, "办理情况", &bold).unwrap();
        ws.write_string(top + 1, 9, "办结情况").unwrap();
        ws.write_string(top + 1, 10, "备注").unwrap();
    };
    header(ws, 2);
    strings(
        ws,
        4,
        &[
            "1",
            "YC24-001",
            "2024/3/5",
            "区信访办转送",
            "走访",
            "张三",
            &id_number("50011819800101123"),
            "要求维修电梯",
            "求决",
            "已办结",
            "",
        ],
    );
    strings(
        ws,
        5,
        &[
            "2",
            "YC24-002",
            "2024-03-06 14:30",
            "市信访办（交办）",
            "网上信访",
            "李四",
            "",
            "建议增设公交站",
            "建议",
            "办理中",
            "需回访",
        ],
    );
    // row 7 blank
    strings(
        ws,
        7,
        &[
            "3",
            "YC24-003",
            "",
            "国家信访局转办件",
            "来信",
            "王五",
            &bad_id_number("50011819900101123"),
            "拖欠工资",
            "申诉",
            "结案",
            "",
        ],
    );
    ws.write_datetime_with_format(7, 2, ExcelDateTime::from_ymd(2024, 3, 7).unwrap(), &date)
        .unwrap();
    strings(ws, 8, &["合计", "", "", "", "", "", "", "3 件"]);
    ws.merge_range(9, 0, 9, 10, "说明：本表由信访科每月填报。", &Format::new())
        .unwrap();
    header(ws, 10);
    strings(
        ws,
        12,
        &[
            "4",
            "YC24-004",
            "2024.4.1",
            "交办",
            "来电",
            "赵六",
            "",
            "噪声扰民",
            "检举",
            "",
            "",
        ],
    );
    wb.save(path).unwrap();
}

#[test]
fn a_units_own_sheet_previews_every_row_then_imports_each_value_to_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("某某局台账.xlsx");
    units_own_sheet(&file);
    let l = TempLedger::new();
    let mut desk = l.desk();

    // The dry run: one problem (the ID number), every case row shown, the rest listed.
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let r = import_file(&mut desk, &file, &dry, &now()).expect("preview");
    assert_eq!(r.header_row, 4);
    let unit = r.default_unit.as_ref().expect("unit from the title line");
    assert_eq!((unit.name.as_str(), unit.from), ("永川区某某局", "title"));
    let mapped = |h: &str| {
        r.columns
            .iter()
            .find(|c| c.header == h)
            .and_then(|c| c.field)
    };
    assert_eq!(mapped("转办日期"), Some(Field::ArrivedAt));
    assert_eq!(mapped("来信来访形式"), Some(Field::Form));
    assert_eq!(mapped("问题类别"), Some(Field::Purpose));
    assert_eq!(mapped("办结情况"), Some(Field::Outcome));
    let rows: Vec<(usize, &str)> = r.preview.iter().map(|p| (p.row, p.action)).collect();
    assert_eq!(
        rows,
        [(5, "新增"), (6, "新增"), (8, "有错误"), (13, "新增")],
        "{:#?}",
        r.preview
    );
    let bad = &r.preview[2];
    assert_eq!(bad.case_no, "YC24-003");
    assert_eq!(bad.source, "转送");
    assert_eq!(bad.sender, "国家信访局");
    assert_eq!(bad.petitioner, "王五");
    assert_eq!(bad.problems.len(), 1, "{:#?}", bad.problems);
    assert_eq!(bad.problems[0].field, Some(Field::IdNumber));
    assert!(bad.problems[0].keepable);
    assert!(bad.problems[0].problem.contains("校验位"));
    assert_eq!(r.errors_total, 1);
    let skipped: Vec<(usize, &str)> = r.skipped.iter().map(|s| (s.row, s.kind)).collect();
    assert_eq!(
        skipped,
        [
            (7, "blank"),
            (9, "total"),
            (10, "note"),
            (11, "header"),
            (12, "header")
        ]
    );
    assert!(
        r.preview[0].notes.iter().any(|n| n.contains("区信访办")),
        "{:?}",
        r.preview[0].notes
    );
    assert_eq!(r.preview[0].defaulted, [Field::Unit]);
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);

    // Without the dry run the file is still refused: nothing written.
    let refused = import_file(&mut desk, &file, &ImportOptions::default(), &now()).unwrap();
    assert!(!refused.imported);
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);

    // The clerk keeps the doubtful ID number in 备注.
    let o = ImportOptions {
        keep_as_note: vec!["8:身份证号".into()],
        ..ImportOptions::default()
    };
    let r = import_file(&mut desk, &file, &o, &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(r.added, 4);
    assert_eq!(r.kept_as_note, 1);
    assert!(r.split_cells >= 3, "{}", r.split_cells);

    let c = info(&desk, "YC24-001");
    assert_eq!(c.unit, "永川区某某局");
    assert_eq!(c.sender.as_deref(), Some("区信访办"));
    assert_eq!(c.sender_level, Some(SenderLevel::District));
    assert_eq!(c.source, Source::Forwarded);
    assert_eq!(c.form, Form::Visit);
    assert_eq!(c.purpose, Purpose::Claim);
    assert_eq!(c.arrived_at, t("2024-03-05 00:00"));
    assert_eq!(
        c.petitioners[0].id_number.as_deref(),
        Some(id_number("50011819800101123").as_str())
    );
    assert_eq!(c.notes.as_deref(), Some("办结情况：已办结"));

    let c = info(&desk, "YC24-002");
    assert_eq!(c.sender.as_deref(), Some("市信访办"));
    assert_eq!(c.sender_level, Some(SenderLevel::City));
    assert_eq!(c.source, Source::Assigned);
    assert_eq!(c.form, Form::Online);
    assert_eq!(c.purpose, Purpose::Suggestion);
    assert_eq!(c.arrived_at, t("2024-03-06 14:30"));
    assert_eq!(c.notes.as_deref(), Some("需回访；办结情况：办理中"));

    let c = info(&desk, "YC24-003");
    assert_eq!(c.sender.as_deref(), Some("国家信访局"));
    assert_eq!(c.sender_level, Some(SenderLevel::National));
    assert_eq!(c.source, Source::Forwarded);
    assert_eq!(c.form, Form::Letter);
    assert_eq!(c.arrived_at, t("2024-03-07 00:00"));
    assert_eq!(c.petitioners[0].id_number, None);
    let notes = c.notes.unwrap();
    assert!(
        notes.contains(&bad_id_number("50011819900101123")) && notes.contains("保留在备注"),
        "{notes}"
    );
    assert!(
        notes.contains("办结情况：已办结（原表写“结案”）"),
        "{notes}"
    );

    let c = info(&desk, "YC24-004");
    assert_eq!((c.source, c.sender), (Source::Assigned, None));
    assert_eq!(c.form, Form::Phone);
    assert_eq!(c.purpose, Purpose::Accusation);
}

#[test]
fn headers_units_use_are_found_and_near_misses_shown_as_such() {
    let dir = tempfile::tempdir().unwrap();
    for (date_header, form_header, purpose_header) in [
        ("交办日期", "信访方式", "信访类别"),
        ("收件日期", "来信来访形式", "问题类别"),
        ("登记日期", "信访形式", "信访目的"),
        ("转办日期", "形式", "目的"),
    ] {
        let file = dir.path().join("h.csv");
        std::fs::write(
            &file,
            format!(
                "件号,{date_header},{form_header},{purpose_header},来源,反映内容,信访人,信访人联系电话\n\
                 H-1,2024-05-06,来访,求决,转办,要求补发工资,张三,13800000001\n"
            ),
        )
        .unwrap();
        let l = TempLedger::new();
        let mut desk = l.desk();
        let o = ImportOptions {
            unit: Some("某局".into()),
            ..ImportOptions::default()
        };
        let r = import_file(&mut desk, &file, &o, &now()).expect("import");
        assert!(r.imported, "{date_header}: {:#?}", r.errors);
        let phone = r
            .columns
            .iter()
            .find(|c| c.header == "信访人联系电话")
            .unwrap();
        assert_eq!(phone.field, Some(Field::Phone));
        assert!(phone.near, "a near match is marked for the clerk to check");
        assert!(!r.columns[0].near);
        let c = info(&desk, "H-1");
        assert_eq!(c.arrived_at, t("2024-05-06 00:00"), "{date_header}");
        assert_eq!(c.form, Form::Visit, "{form_header}");
        assert_eq!(c.purpose, Purpose::Claim, "{purpose_header}");
        assert_eq!(c.petitioners[0].phone.as_deref(), Some("13800000001"));
    }
}

/// A sheet with no 责任单位, 来源, 信访形式 or 信访目的 column (rows 2 and 3).
fn bare_csv(path: &Path) {
    std::fs::write(
        path,
        "编号,到达日期,信访人,诉求\nB-1,2024-06-01,张三,道路破损\nB-2,2024-06-02,李四,路灯不亮\n",
    )
    .unwrap();
}

#[test]
fn defaults_fill_missing_columns_once_and_a_row_can_change_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bare.csv");
    bare_csv(&file);
    let l = TempLedger::new();
    let mut desk = l.desk();
    // The ledger keeps one unit: the rows take it.
    desk.add_case(case("OLD-1").build(), &now()).unwrap();

    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let r = import_file(&mut desk, &file, &dry, &now()).expect("preview");
    assert_eq!(
        r.needs_defaults,
        [Field::Unit, Field::Source, Field::Form, Field::Purpose]
    );
    assert_eq!(r.default_unit.as_ref().unwrap().from, "ledger");
    assert_eq!(r.errors_total, 1, "{:#?}", r.errors);
    assert!(r.errors[0].problem.contains("来源、信访形式、信访目的"));
    assert!(r.errors[0].fix.contains("--default-source"));
    // Every row is still shown, each with what it lacks.
    assert_eq!(r.preview.len(), 2);
    for p in &r.preview {
        assert_eq!(p.unit, "永川区住房城乡建委");
        assert_eq!(p.problems.len(), 3, "{:#?}", p.problems);
    }

    let o = ImportOptions {
        default_source: Some(Source::Direct),
        default_form: Some(Form::Visit),
        default_purpose: Some(Purpose::Other),
        fixes: vec![CellFix::parse("3:来源=市信访办交办").unwrap()],
        ..ImportOptions::default()
    };
    let r = import_file(&mut desk, &file, &o, &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(
        r.preview[0].defaulted,
        [Field::Unit, Field::Source, Field::Form, Field::Purpose]
    );
    assert_eq!(
        r.preview[1].defaulted,
        [Field::Unit, Field::Form, Field::Purpose]
    );
    let c = info(&desk, "B-1");
    assert_eq!(
        (c.unit.as_str(), c.source, c.form, c.purpose),
        (
            "永川区住房城乡建委",
            Source::Direct,
            Form::Visit,
            Purpose::Other
        )
    );
    let c = info(&desk, "B-2");
    assert_eq!(c.source, Source::Assigned);
    assert_eq!(c.sender.as_deref(), Some("市信访办"));
}

#[test]
fn petition_date_and_evaluation_scope_import_apart_from_the_arrival() {
    let dir = tempfile::tempdir().unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    // Both dates: each to its own field; 是/否 to the flag.
    let both = dir.path().join("both.csv");
    std::fs::write(
        &both,
        "信访件编号,责任单位,来源,来源机关,信访形式,到达时间,信访日期,信访人,诉求摘要,信访目的,是否纳入满意度评价\n\
         P-1,永川区住房城乡建委,交办,市信访办,来信,2026-03-05 09:00,2026-02-27,张三,道路破损,求决,是\n\
         P-2,永川区住房城乡建委,直接,,来访,2026-03-06 10:00,,李四,路灯不亮,建议,否\n",
    )
    .unwrap();
    let r = import_file(&mut desk, &both, &ImportOptions::default(), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    let c = info(&desk, "P-1");
    assert_eq!(
        c.petition_date.map(|d| d.to_string()).as_deref(),
        Some("2026-02-27")
    );
    assert_eq!(c.arrived_at, t("2026-03-05 09:00"));
    assert!(c.in_evaluation_scope);
    let c = info(&desk, "P-2");
    assert_eq!((c.petition_date, c.in_evaluation_scope), (None, false));

    // A sheet whose only date is 信访日期 (read as the arrival before #15): the case arrives
    // that day, the preview says so, and the 信访日期 is kept.
    let only = dir.path().join("only.csv");
    std::fs::write(
        &only,
        "件号,单位,来源,信访形式,信访日期,信访人,反映问题,信访目的\n\
         P-3,永川区住房城乡建委,直接,来信,2026-04-01,王五,噪音扰民,求决\n",
    )
    .unwrap();
    let r = import_file(&mut desk, &only, &ImportOptions::default(), &now()).expect("import");
    assert!(r.imported, "{:#?}", r.errors);
    assert!(
        r.preview[0]
            .notes
            .iter()
            .any(|n| n.contains("到达时间取信访日期")),
        "{:#?}",
        r.preview[0].notes
    );
    let c = info(&desk, "P-3");
    assert_eq!(c.arrived_at, t("2026-04-01 00:00"));
    assert_eq!(
        c.petition_date.map(|d| d.to_string()).as_deref(),
        Some("2026-04-01")
    );
}

#[test]
fn a_row_is_skipped_or_every_row_with_problems_is_and_the_rest_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.csv");
    std::fs::write(
        &file,
        "编号,到达日期,来源,信访形式,信访目的,诉求,人数\n\
         S-1,2024-06-01,转送,来信,求决,一,1\n\
         S-2,2024-02-30,转送,来信,求决,二,1\n\
         S-3,2024-06-03,上级转来,来信,求决,三,1\n\
         S-4,2024-06-04,转送,来信,求决,四,三个\n",
    )
    .unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let base = ImportOptions {
        unit: Some("某局".into()),
        ..ImportOptions::default()
    };
    let r = import_file(&mut desk, &file, &base, &now()).unwrap();
    assert_eq!(r.errors_total, 3);
    assert!(!r.imported);

    // Skip row 3, fix row 4, keep row 5's count in 备注.
    let o = ImportOptions {
        skip_rows: vec![3],
        fixes: vec![CellFix {
            row: 4,
            column: "C".into(),
            value: "交办".into(),
        }],
        keep_as_note: vec!["5".into()],
        ..base.clone()
    };
    let r = import_file(&mut desk, &file, &o, &now()).unwrap();
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(r.added, 3);
    assert_eq!(r.skipped[0].row, 3);
    assert_eq!(r.skipped[0].kind, "chosen");
    assert!(r.preview[1].notes.iter().any(|n| n.contains("交办")));
    assert_eq!(info(&desk, "S-3").source, Source::Assigned);
    let c = info(&desk, "S-4");
    // The ledger's own default (one person), not the cell.
    assert_eq!(c.people_count.unwrap_or(1), 1);
    assert!(c.notes.unwrap().contains("人数“三个”"));
    assert!(desk.show_case("S-2", &now()).is_err());

    // Or: skip whatever still has a problem, listed with why.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let o = ImportOptions {
        skip_rows_with_errors: true,
        ..base
    };
    let r = import_file(&mut desk, &file, &o, &now()).unwrap();
    assert!(r.imported);
    assert_eq!(r.added, 1);
    let invalid: Vec<usize> = r
        .skipped
        .iter()
        .filter(|s| s.kind == "invalid")
        .map(|s| s.row)
        .collect();
    assert_eq!(invalid, [3, 4, 5]);
    assert!(
        r.skipped[0].reason.contains("2 月没有第 30 日"),
        "{:?}",
        r.skipped[0]
    );
    assert_eq!(r.preview.len(), 4, "skipped rows stay in the preview");
}

#[test]
fn the_cli_shows_every_row_and_takes_the_choices_as_flags() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.csv");
    std::fs::write(
        &file,
        format!(
            "填报单位：永川区某某局\n\
             编号,收件日期,来源,问题类别,诉求,信访人,身份证号\n\
             C-1,2024-06-01,区信访办转送,求决,一,张三,\n\
             C-2,2024-06-02,网上信访,建议,二,李四,{}\n\
             C-3,2024-06-03,交办,求决,三,王五,\n\
             合计,,,,3件,,\n",
            bad_id_number("50011819800101123")
        ),
    )
    .unwrap();
    let l = TempLedger::new();
    drop(l.desk());
    let o = xf(
        &l.path,
        "2026-11-26 10:00",
        &[
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--default-form",
            "来信",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for want in [
        "缺省责任单位：永川区某某局（来自标题行中的填报单位）",
        "第 3 行 新增 C-1",
        "“区信访办转送”拆为来源机关“区信访办”",
        "第 4 行 有错误 C-2",
        "✗ 第 4 行 G（身份证号） 列",
        "不详的留空，或保留在备注",
        "第 6 行：合计/小计行",
        "“网上信访”只写了信访形式“网上”，没有来源",
        "--default-source",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }

    let o = xf(
        &l.path,
        "2026-11-26 10:00",
        &[
            "import",
            file.to_str().unwrap(),
            "--default-form",
            "来信",
            "--default-source",
            "直接受理",
            "--keep-invalid-as-note",
            "4:G",
            "--skip-row",
            "5",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["added"], 2);
    assert_eq!(v["kept_as_note"], 1);
    assert_eq!(v["preview"][1]["form"], "网上");
    assert_eq!(v["preview"][1]["source"], "直接受理");
    assert_eq!(v["preview"][1]["defaulted"], json!(["unit", "source"]));

    // A bare --keep-invalid-as-note keeps every doubtful value; bad specs are refused.
    let fresh = TempLedger::new();
    drop(fresh.desk());
    let o = xf(
        &fresh.path,
        "2026-11-26 10:00",
        &[
            "import",
            file.to_str().unwrap(),
            "--dry-run",
            "--default-form",
            "letter",
            "--default-source",
            "direct",
            "--keep-invalid-as-note",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["kept_as_note"].as_u64(), v["to_add"].as_u64()),
        (Some(1), Some(3))
    );
    let o = xf(
        &fresh.path,
        "2026-11-26 10:00",
        &["import", file.to_str().unwrap(), "--skip-row", "x"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(crate::util::stderr(&o).contains("--skip-row"));
}

#[test]
fn the_wizard_command_takes_defaults_fixes_skips_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bare.csv");
    bare_csv(&file);
    let l = TempLedger::new();
    let mut desk = l.desk();
    let a = json!({
        "path": file,
        "options": {
            "dry_run": true,
            "unit": "某局",
            "default_source": "转送",
            "default_form": "letter",
            "default_purpose": "申诉求决",
            "skip_rows": [2],
            "keep_as_note": ["all"],
            "fixes": [{"row": 3, "column": "信访目的", "value": "建议"}]
        }
    });
    let v = xinfang::api::dispatch(&mut desk, "ledger_import", a, &now()).expect("dispatch");
    assert_eq!(v["errors_total"], 0, "{v:#}");
    assert_eq!(v["to_add"], 1);
    assert_eq!(v["preview"][0]["purpose"], "意见建议");
    assert_eq!(v["skipped"][0]["kind"], "chosen");
    let bad = json!({"path": file, "options": {"default_form": "飞鸽传书"}});
    assert!(xinfang::api::dispatch(&mut desk, "ledger_import", bad, &now()).is_err());
}

#[test]
fn docs_list_every_header_synonym_and_value_word() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/import.md"))
        .expect("docs/import.md");
    for f in Field::ALL {
        for s in f.synonyms() {
            assert!(doc.contains(s), "docs/import.md lacks the header {s}");
        }
    }
    for (w, _) in xinfang::exchange::vocab::VALUE_WORDS {
        assert!(doc.contains(w), "docs/import.md lacks the value word {w}");
    }
}

#[test]
fn a_value_kept_in_notes_gives_way_to_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("k.csv");
    std::fs::write(
        &file,
        "编号,到达日期,来源,信访形式,信访目的,诉求\nK-1,2024-06-01,上级转来,走访,求决,一\n",
    )
    .unwrap();
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut o = ImportOptions {
        unit: Some("某局".into()),
        keep_as_note: vec!["2:来源".into()],
        ..ImportOptions::default()
    };
    // Kept, but nothing stands in for it: still a problem, said plainly.
    let r = import_file(&mut desk, &file, &o, &now()).unwrap();
    assert!(!r.imported);
    assert!(r.errors[0].problem.contains("来源为空"), "{:#?}", r.errors);
    assert!(r.errors[0].fix.contains("--default-source"));
    o.default_source = Some(Source::Forwarded);
    let r = import_file(&mut desk, &file, &o, &now()).unwrap();
    assert!(r.imported, "{:#?}", r.errors);
    assert_eq!(r.preview[0].defaulted, [Field::Unit, Field::Source]);
    let c = info(&desk, "K-1");
    assert_eq!((c.source, c.form), (Source::Forwarded, Form::Visit));
    assert!(c.notes.unwrap().contains("来源“上级转来”"));
}
