//! Import of a clerk's existing 台账 or a platform export: header detection, an
//! adjustable column mapping, cell parsing with per-row errors (row, column, what is
//! wrong, how to fix it), a preview (dry run), and the write — one transaction, all or
//! nothing — through the core's `add_cases_with_progress` / `import_cases`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{Map, Value};

pub use super::cells::cell_datetime;
use super::cells::{attribute, clean_code, is_progress, parse_value};
use super::columns::{Field, column_letter, normalize_header};
use super::header::{self, Header};
use super::read::{Cell, read_grid};
use super::report::PREVIEW_ROWS;
pub use super::report::{
    ColumnMapping, ImportOptions, ImportReport, ImportStep, KEY_IMPORT_MAPPING, MAX_LISTED_ERRORS,
    OnExisting, PreviewRow, RowError,
};
use crate::api::Desk;
use crate::domain::{Method, NewCase, Petitioner, Progress};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::time::{Time, fmt_time};

/// Columns a new case cannot do without (责任单位 may come from `--unit`).
const REQUIRED: &[Field] = &[
    Field::CaseNo,
    Field::Unit,
    Field::Source,
    Field::ArrivedAt,
    Field::Form,
    Field::Demand,
    Field::Purpose,
];

struct Cols {
    /// Field → (column index, header text).
    of: HashMap<Field, (usize, String)>,
}

impl Cols {
    fn name(&self, f: Field) -> String {
        match self.of.get(&f) {
            Some((c, h)) => format!("{}（{}）", column_letter(*c), h),
            None => f.label().to_string(),
        }
    }
}

/// Imports (or previews, with `dry_run`) the file into the desk's ledger.
pub fn import_file(
    desk: &mut Desk,
    path: &Path,
    opts: &ImportOptions,
    now: &Time,
) -> Result<ImportReport> {
    import_file_with_progress(desk, path, opts, now, &mut |_| {})
}

/// [`import_file`], telling `progress` what it is doing: reading, checking row by row
/// (every 500 rows), writing (one transaction), done.
pub fn import_file_with_progress(
    desk: &mut Desk,
    path: &Path,
    opts: &ImportOptions,
    now: &Time,
    progress: &mut dyn FnMut(ImportStep),
) -> Result<ImportReport> {
    progress(ImportStep::new("read", 0, 1));
    let grid = read_grid(path, opts.sheet.as_deref(), &opts.limits)?;
    let rows = &grid.rows;
    let overrides = if opts.mapping.is_empty() {
        crate::ledger::get_setting::<BTreeMap<String, String>>(
            desk.ledger().conn(),
            KEY_IMPORT_MAPPING,
        )?
        .unwrap_or_default()
    } else {
        opts.mapping.clone()
    };
    let mut header = match opts.header_row {
        Some(n) if n >= 1 && n <= rows.len() => header::header_at(rows, n - 1),
        Some(n) => {
            return Err(Error::NoHeader {
                path: path.display().to_string(),
                detail: format!("指定的第 {n} 行不在表中（共 {} 行）", rows.len()),
            });
        }
        None => header::detect(rows).ok_or_else(|| Error::NoHeader {
            path: path.display().to_string(),
            detail: format!(
                "前 {} 行中没有一行含两个以上可识别的列名",
                header::HEADER_SCAN_ROWS
            ),
        })?,
    };
    apply_overrides(&mut header, &overrides)?;
    let columns: Vec<ColumnMapping> = header
        .columns
        .iter()
        .enumerate()
        .filter(|(_, (h, f))| !h.is_empty() || f.is_some())
        .map(|(i, (h, f))| ColumnMapping {
            column: column_letter(i),
            header: h.clone(),
            field: *f,
            field_label: f.map(Field::label),
            ignored: f.is_none_or(|f| !f.importable()),
        })
        .collect();
    let cols = Cols {
        of: header
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, (h, f))| f.filter(|f| f.importable()).map(|f| (f, (i, h.clone()))))
            .collect(),
    };
    let mut report = ImportReport {
        file: path.display().to_string(),
        sheet: grid.sheet.clone(),
        encoding: grid.encoding,
        header_row: header.row + 1,
        columns,
        rows: 0,
        blank_rows: 0,
        to_add: 0,
        to_update: 0,
        skipped_existing: Vec::new(),
        errors_total: 0,
        errors: Vec::new(),
        warnings: grid.warnings.clone(),
        preview: Vec::new(),
        dry_run: opts.dry_run,
        imported: false,
        added: 0,
        updated: 0,
    };
    let default_unit = opts
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let missing: Vec<Field> = REQUIRED
        .iter()
        .copied()
        .filter(|f| !(cols.of.contains_key(f) || *f == Field::Unit && default_unit.is_some()))
        .collect();

    let conn = desk.ledger().conn();
    let mut errors: Vec<RowError> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut adds: Vec<(usize, NewCase, Progress)> = Vec::new();
    let mut updates: Vec<(usize, NewCase, Progress)> = Vec::new();
    let mut masked = 0usize;
    let mut masked_names = 0usize;
    let mut repeat_refs: Vec<(usize, String)> = Vec::new();
    let mut new_rows_without_required = false;

    let data_rows = rows.len().saturating_sub(header.row + 1);
    progress(ImportStep::new("check", 0, data_rows));
    for (r, cells) in rows.iter().enumerate().skip(header.row + 1) {
        let row_no = r + 1;
        let checked = r - header.row;
        if checked % 500 == 0 {
            progress(ImportStep::new("check", checked, data_rows));
        }
        if cells.iter().all(Cell::is_blank) {
            report.blank_rows += 1;
            continue;
        }
        let cell = |f: Field| -> Option<(usize, &Cell)> {
            let (c, _) = cols.of.get(&f)?;
            cells.get(*c).filter(|x| !x.is_blank()).map(|x| (*c, x))
        };
        let case_no = cell(Field::CaseNo).map(|(_, c)| clean_code(&c.text()));
        let filled = cols
            .of
            .values()
            .filter(|(c, _)| cells.get(*c).is_some_and(|x| !x.is_blank()))
            .count();
        let Some(case_no) = case_no else {
            if filled <= 1 {
                let text: Vec<String> = cells
                    .iter()
                    .filter(|c| !c.is_blank())
                    .map(Cell::text)
                    .collect();
                report.warnings.push(format!(
                    "第 {row_no} 行没有信访件编号，只有“{}”，已当作说明行跳过",
                    truncate(&text.join(" "), 40)
                ));
                continue;
            }
            report.rows += 1;
            errors.push(RowError {
                row: row_no,
                column: cols.name(Field::CaseNo),
                value: String::new(),
                problem: "信访件编号为空".into(),
                fix: "请填写信访件编号；编号是导入后查找和更新这一件的依据".into(),
            });
            continue;
        };
        // A header repeated further down (sheets printed page by page).
        if Field::from_header(&case_no) == Some(Field::CaseNo) {
            report
                .warnings
                .push(format!("第 {row_no} 行是重复的表头，已跳过"));
            continue;
        }
        report.rows += 1;
        if let Some(first) = seen.get(&case_no) {
            errors.push(RowError {
                row: row_no,
                column: cols.name(Field::CaseNo),
                value: case_no.clone(),
                problem: format!("信访件编号与第 {first} 行重复"),
                fix: "删除重复的行，或改正其中一个编号".into(),
            });
            continue;
        }
        seen.insert(case_no.clone(), row_no);

        // Existing case: skip, or start from what the ledger holds.
        let existing = match cases::find(conn, &case_no, true) {
            Ok(id) => Some(cases::load(conn, id)?),
            Err(Error::CaseNotFound(_)) => None,
            Err(e) => return Err(e),
        };
        if let Some(ex) = &existing {
            if opts.on_existing == OnExisting::Skip {
                report.skipped_existing.push(case_no.clone());
                push_preview(&mut report, row_no, "跳过（已存在）", &ex.info, ex.method);
                continue;
            }
            if ex.deleted_at.is_some() {
                errors.push(RowError {
                    row: row_no,
                    column: cols.name(Field::CaseNo),
                    value: case_no.clone(),
                    problem: "台账中该编号的件已被删除".into(),
                    fix: "先在台账中恢复该件，或把这一行改用其他编号".into(),
                });
                continue;
            }
        }

        let mut row_errors: Vec<RowError> = Vec::new();
        let mut err = |f: Field, value: String, problem: String, fix: String| {
            row_errors.push(RowError {
                row: row_no,
                column: cols.name(f),
                value,
                problem,
                fix,
            });
        };
        let (mut info, mut prog) = match &existing {
            Some(ex) => (
                as_map(serde_json::to_value(&ex.info).unwrap_or_default()),
                as_map(
                    serde_json::to_value(Progress {
                        signed_at: ex.signed_at,
                        accepted_at: ex.accepted_at,
                        method: ex.method,
                        method_reason: ex.method_reason.clone(),
                        replied_at: ex.replied_at,
                        evaluation: ex.evaluation,
                        evaluated_at: ex.evaluated_at,
                    })
                    .unwrap_or_default(),
                ),
            ),
            None => (Map::new(), Map::new()),
        };
        info.insert("case_no".into(), Value::String(case_no.clone()));
        if existing.is_none()
            && let Some(u) = default_unit
        {
            info.insert("unit".into(), Value::String(u.to_string()));
        }
        let mut unparsed: Vec<Field> = Vec::new();
        for (&f, _) in cols.of.iter() {
            if matches!(
                f,
                Field::CaseNo
                    | Field::PetitionerName
                    | Field::IdNumber
                    | Field::Phone
                    | Field::Address
            ) {
                continue;
            }
            let Some((_, c)) = cell(f) else { continue };
            match parse_value(f, c) {
                Ok(v) => {
                    let target = if is_progress(f) { &mut prog } else { &mut info };
                    target.insert(f.code().to_string(), v);
                }
                Err((problem, fix)) => {
                    unparsed.push(f);
                    err(f, c.text(), problem, fix)
                }
            }
        }
        if existing.is_none() {
            for f in REQUIRED {
                if !info.contains_key(f.code()) && !missing.contains(f) && !unparsed.contains(f) {
                    err(
                        *f,
                        String::new(),
                        format!("{}为空", f.label()),
                        format!("请填写{}", f.label()),
                    );
                }
            }
            if !missing.is_empty() {
                new_rows_without_required = true;
            }
        }
        // 信访人: names, ID numbers, phones and addresses side by side, several joined by 、.
        let list = |f: Field, seps: &[char]| -> Vec<String> {
            cell(f)
                .map(|(_, c)| {
                    c.text()
                        .split(seps)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        const SEPS: &[char] = &['、', ',', '，', ';', '；', '/', '\n'];
        let names = list(Field::PetitionerName, SEPS);
        // An ID number in a number cell has lost its last digits (Excel keeps 15).
        let id_as_number = match cell(Field::IdNumber) {
            Some((_, Cell::Number(n))) if *n >= 1e14 => Some(*n),
            _ => None,
        };
        let ids: Vec<String> = if id_as_number.is_some() {
            Vec::new()
        } else {
            list(Field::IdNumber, SEPS)
                .into_iter()
                .map(|s| clean_code(&s))
                .collect()
        };
        let phones: Vec<String> = list(Field::Phone, SEPS)
            .into_iter()
            .map(|s| clean_code(&s))
            .collect();
        let addresses = list(Field::Address, &[';', '；', '\n']);
        if let Some(n) = id_as_number {
            err(
                Field::IdNumber,
                c_text(n),
                "身份证号被存成了数字，Excel 只保留 15 位有效数字，后几位已经丢失".into(),
                "把该列设为“文本”格式后重新录入身份证号（或在号码前加英文单引号）".into(),
            );
        }
        if names.is_empty() && (!ids.is_empty() || !phones.is_empty()) && existing.is_none() {
            err(
                Field::PetitionerName,
                String::new(),
                "有身份证号或电话，但没有信访人姓名".into(),
                "请填写信访人姓名；匿名的写“匿名”".into(),
            );
        }
        // Names masked by an export (张*) must never replace the real ones.
        let names_masked = names.iter().any(|n| n.contains('*'));
        if names_masked {
            masked_names += 1;
        }
        let keep_existing = names_masked && existing.is_some();
        if !names.is_empty() && !keep_existing {
            let mut ps = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                let mut keep = |v: Option<&String>| {
                    let v = v.cloned()?;
                    // A masked value (an export of a 检举控告 case) identifies nobody.
                    if v.contains('*') {
                        masked += 1;
                        None
                    } else {
                        Some(v)
                    }
                };
                let p = Petitioner {
                    name: name.clone(),
                    id_number: keep(ids.get(i)),
                    phone: keep(phones.get(i)),
                    address: addresses.get(i).cloned(),
                };
                if let Err(e) = p.validate() {
                    let msg = e.to_string();
                    let (f, value, fix) = if msg.contains("身份证") {
                        (
                            Field::IdNumber,
                            p.id_number.clone().unwrap_or_default(),
                            "核对身份证号（18 位，末位为校验码）；不详的留空",
                        )
                    } else if msg.contains("电话") {
                        (
                            Field::Phone,
                            p.phone.clone().unwrap_or_default(),
                            "只写数字、+ 和 -；几个号码用“、”分隔，与信访人一一对应",
                        )
                    } else {
                        (
                            Field::PetitionerName,
                            p.name.clone(),
                            "姓名不超过 64 字；几个信访人用“、”分隔",
                        )
                    };
                    err(f, value, msg, fix.into());
                }
                ps.push(p);
            }
            info.insert(
                "petitioners".into(),
                serde_json::to_value(ps).unwrap_or_default(),
            );
        }
        if !row_errors.is_empty() {
            errors.append(&mut row_errors);
            continue;
        }
        let built: std::result::Result<(NewCase, Progress), String> = (|| {
            let c: NewCase = serde_json::from_value(Value::Object(info))
                .map_err(|e| Error::from_json(&e).to_string())?;
            let p: Progress = serde_json::from_value(Value::Object(prog))
                .map_err(|e| Error::from_json(&e).to_string())?;
            Ok((c, p))
        })();
        let (c, p) = match built {
            Ok(x) => x,
            Err(problem) if new_rows_without_required => {
                // Reported once for the file below.
                let _ = problem;
                continue;
            }
            Err(problem) => {
                row_errors.push(RowError {
                    row: row_no,
                    column: String::new(),
                    value: String::new(),
                    problem,
                    fix: "请核对这一行".into(),
                });
                errors.append(&mut row_errors);
                continue;
            }
        };
        if let Err(e) = c.validate().and_then(|_| p.validate(&c)) {
            let (f, fix) = attribute(&e);
            errors.push(RowError {
                row: row_no,
                column: cols.name(f),
                value: String::new(),
                problem: e.to_string(),
                fix: fix.into(),
            });
            continue;
        }
        if let Some(prev) = &c.repeat_of {
            repeat_refs.push((row_no, prev.trim().to_string()));
        }
        if existing.is_some() {
            push_preview(&mut report, row_no, "更新", &c, p.method);
            updates.push((row_no, c, p));
        } else {
            push_preview(&mut report, row_no, "新增", &c, p.method);
            adds.push((row_no, c, p));
        }
    }

    if !missing.is_empty() && (new_rows_without_required || !adds.is_empty()) {
        let names: Vec<&str> = missing.iter().map(|f| f.label()).collect();
        errors.insert(
            0,
            RowError {
                row: 0,
                column: String::new(),
                value: String::new(),
                problem: format!("表中没有必填列：{}", names.join("、")),
                fix: "在表头加上这些列；列名不同的，用映射（--map 列名=字段）指定；责任单位也可用 --unit 统一填写".into(),
            },
        );
    }
    // 重复信访: the earlier case must be in the ledger or in this file.
    for (row_no, prev) in repeat_refs {
        if !seen.contains_key(&prev) && !cases::exists(conn, &prev)? {
            errors.push(RowError {
                row: row_no,
                column: cols.name(Field::RepeatOf),
                value: prev.clone(),
                problem: format!("关联的原件“{prev}”既不在台账中，也不在本文件中"),
                fix: "先导入原件，或核对原件编号；不是重复信访的请清空此格".into(),
            });
        }
    }
    if masked > 0 {
        report.warnings.push(format!(
            "有 {masked} 个身份证号或电话已脱敏（含 *），未导入"
        ));
    }
    if masked_names > 0 {
        report.warnings.push(format!(
            "有 {masked_names} 行的信访人姓名已脱敏（含 *，来自检举控告件的导出）：台账中已有的件保留原姓名，新件按脱敏后的姓名登记，请核实"
        ));
    }
    errors.sort_by_key(|e| e.row);
    report.errors_total = errors.len();
    errors.truncate(MAX_LISTED_ERRORS);
    report.errors = errors;
    report.to_add = adds.len();
    report.to_update = updates.len();

    progress(ImportStep::new("check", data_rows, data_rows));
    tracing::info!(
        rows = report.rows,
        errors = report.errors_total,
        to_add = report.to_add,
        to_update = report.to_update,
        dry_run = opts.dry_run,
        "导入检查"
    );
    if report.errors_total > 0 || opts.dry_run {
        progress(ImportStep::new("done", 1, 1));
        return Ok(report);
    }
    let writing = adds.len() + updates.len();
    // Issue #8: a backup before every import; without one, nothing is imported.
    desk.backup_now(crate::backup::Reason::BeforeImport, None, now)?;
    progress(ImportStep::new("write", 0, writing));
    // Originals before their repeats: insert in order of arrival.
    adds.sort_by_key(|(_, c, _)| c.arrived_at);
    let adds: Vec<(NewCase, Progress)> = adds.into_iter().map(|(_, c, p)| (c, p)).collect();
    let updates: Vec<(NewCase, Progress)> = updates.into_iter().map(|(_, c, p)| (c, p)).collect();
    if updates.is_empty() {
        report.added = desk.add_cases_with_progress(adds, now)?.len();
    } else {
        let out = desk.import_cases(adds, updates, now)?;
        report.added = out.added.len();
        report.updated = out.updated.len();
    }
    report.imported = true;
    tracing::info!(added = report.added, updated = report.updated, "导入写入");
    progress(ImportStep::new("write", writing, writing));
    progress(ImportStep::new("done", 1, 1));
    if opts.save_mapping && !opts.mapping.is_empty() {
        desk.save_setting(KEY_IMPORT_MAPPING, &opts.mapping, now)?;
    }
    Ok(report)
}

fn c_text(n: f64) -> String {
    Cell::Number(n).text()
}

fn as_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s.to_string()
    }
}

fn push_preview(
    report: &mut ImportReport,
    row: usize,
    action: &'static str,
    c: &NewCase,
    method: Option<Method>,
) {
    if report.preview.len() >= PREVIEW_ROWS {
        return;
    }
    let petitioner = c
        .petitioners
        .first()
        .map(|p| {
            if c.purpose.is_confidential() {
                crate::domain::mask_name(&p.name)
            } else {
                p.name.clone()
            }
        })
        .unwrap_or_default();
    report.preview.push(PreviewRow {
        row,
        action,
        case_no: c.case_no.trim().to_string(),
        unit: c.unit.clone(),
        arrived_at: fmt_time(&c.arrived_at),
        petitioner,
        purpose: c.purpose.label(),
        method: method.map(Method::label),
        demand: truncate(&c.demand, 30),
    });
}

/// Applies the clerk's adjustments to the detected header.
fn apply_overrides(header: &mut Header, overrides: &BTreeMap<String, String>) -> Result<()> {
    for (key, target) in overrides {
        let norm = normalize_header(key);
        let idx = header
            .columns
            .iter()
            .position(|(h, _)| !h.is_empty() && normalize_header(h) == norm)
            .or_else(|| {
                let k = key.trim().to_ascii_uppercase();
                (0..header.columns.len()).find(|i| column_letter(*i) == k)
            })
            .ok_or_else(|| {
                Error::invalid(
                    "列映射",
                    format!("表头中没有“{key}”这一列（可写列名或列字母，如 C）"),
                )
            })?;
        let field = match target.trim() {
            "" | "忽略" | "ignore" | "不导入" => None,
            t => Some(Field::parse(t)?),
        };
        if let Some(f) = field
            && let Some(other) = header
                .columns
                .iter()
                .enumerate()
                .position(|(i, (_, g))| i != idx && *g == Some(f))
        {
            // The field moves to the column the clerk named.
            header.columns[other].1 = None;
        }
        header.columns[idx].1 = field;
    }
    Ok(())
}
