//! Import of a clerk's existing 台账 or a platform export: header detection, an
//! adjustable column mapping, cell parsing with per-row errors (row, column, what is
//! wrong, how to fix it), a preview (dry run), and the write — one transaction, all or
//! nothing — through the core's `add_cases_with_progress` / `import_cases`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::columns::{Field, column_letter, fold_width, normalize_header};
use super::dates;
use super::header::{self, Header};
use super::read::{Cell, Limits, read_grid};
use crate::api::Desk;
use crate::domain::{
    Evaluation, Form, Method, NewCase, Petitioner, Progress, Purpose, SenderLevel, Source,
};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::time::{Time, cst, fmt_date, fmt_time};

/// Settings key of the saved column mapping (header text → field), reused by later imports.
pub const KEY_IMPORT_MAPPING: &str = "exchange.import_mapping";
/// Errors listed in a report (all are counted).
pub const MAX_LISTED_ERRORS: usize = 2000;
const PREVIEW_ROWS: usize = 20;

/// What to do with a row whose case number is already in the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnExisting {
    #[default]
    Skip,
    Update,
}

impl OnExisting {
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim() {
            "skip" | "跳过" => Ok(OnExisting::Skip),
            "update" | "更新" => Ok(OnExisting::Update),
            other => Err(Error::invalid(
                "已存在编号的处理方式",
                format!("“{other}”无法识别，请写 skip（跳过）或 update（更新）"),
            )),
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportOptions {
    /// Sheet name; the first sheet when absent.
    pub sheet: Option<String>,
    /// The header's row number as the sheet shows it (1-based); detected when absent.
    pub header_row: Option<usize>,
    /// Adjustments to the detected mapping: header text or column letter → column code or
    /// Chinese name, or "" / "忽略" to skip the column. Empty: the saved mapping, if any.
    pub mapping: BTreeMap<String, String>,
    pub on_existing: OnExisting,
    /// Preview only: parse and check everything, write nothing.
    pub dry_run: bool,
    /// 责任单位 for rows that have none (a unit's own ledger often has no such column).
    pub unit: Option<String>,
    /// Save `mapping` for later imports (only when the import succeeds).
    pub save_mapping: bool,
    pub limits: Limits,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ColumnMapping {
    /// Spreadsheet column letter.
    pub column: String,
    pub header: String,
    pub field: Option<Field>,
    pub field_label: Option<&'static str>,
    /// Read past: computed by the ledger (序号, 应答复日期 …) or not a ledger column.
    pub ignored: bool,
}

/// One problem in one cell (or a whole row when `column` is empty).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowError {
    /// Row number as the sheet shows it (1-based); 0 for the file as a whole.
    pub row: usize,
    /// Column letter and header, e.g. `D（到达日期）`.
    pub column: String,
    pub value: String,
    pub problem: String,
    pub fix: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub row: usize,
    pub action: &'static str,
    pub case_no: String,
    pub unit: String,
    pub arrived_at: String,
    pub petitioner: String,
    pub purpose: &'static str,
    pub method: Option<&'static str>,
    pub demand: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub file: String,
    pub sheet: String,
    pub encoding: Option<&'static str>,
    pub header_row: usize,
    pub columns: Vec<ColumnMapping>,
    /// Non-blank data rows read.
    pub rows: usize,
    pub blank_rows: usize,
    pub to_add: usize,
    pub to_update: usize,
    pub skipped_existing: Vec<String>,
    pub errors_total: usize,
    pub errors: Vec<RowError>,
    pub warnings: Vec<String>,
    pub preview: Vec<PreviewRow>,
    pub dry_run: bool,
    /// True when the ledger was written (no errors, not a dry run).
    pub imported: bool,
    pub added: usize,
    pub updated: usize,
}

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

/// Where an import stands, for a progress bar (the import wizard's).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct ImportStep {
    /// `read`, `check`, `write` or `done`.
    pub stage: &'static str,
    pub label: &'static str,
    pub done: usize,
    pub total: usize,
}

impl ImportStep {
    fn new(stage: &'static str, done: usize, total: usize) -> Self {
        let label = match stage {
            "read" => "读取文件",
            "check" => "逐行检查",
            "write" => "写入台账",
            _ => "完成",
        };
        ImportStep {
            stage,
            label,
            done,
            total,
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
    if report.errors_total > 0 || opts.dry_run {
        progress(ImportStep::new("done", 1, 1));
        return Ok(report);
    }
    let writing = adds.len() + updates.len();
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

fn is_progress(f: Field) -> bool {
    matches!(
        f,
        Field::SignedAt
            | Field::AcceptedAt
            | Field::Method
            | Field::MethodReason
            | Field::RepliedAt
            | Field::Evaluation
            | Field::EvaluatedAt
    )
}

/// Case numbers, ID numbers and phones: full-width folded, spaces trimmed.
fn clean_code(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .collect::<String>()
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
        .to_string()
}

fn clean_text(s: &str) -> String {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}');
    // The apostrophe the CSV export puts before text that Excel would run as a formula.
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => s.to_string(),
    }
}

const DATE_FIX: &str = "请写成 2022-12-06、2022/12/6、2022.12.6 或 2022年12月6日（可带时刻，如 16:20），或把单元格设为日期格式";

/// A date cell of any kind, as China time.
pub fn cell_datetime(c: &Cell) -> std::result::Result<NaiveDateTime, String> {
    match c {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => dates::from_serial(*n),
        Cell::Text(s) => dates::parse_text(s),
        Cell::Bool(_) => Err("是逻辑值，不是日期".into()),
        Cell::Error(e) => Err(format!("是公式错误 {e}")),
        Cell::Empty => Err("日期为空".into()),
    }
}

fn to_time(n: NaiveDateTime) -> Time {
    cst()
        .from_local_datetime(&n)
        .single()
        .unwrap_or_else(|| cst().from_utc_datetime(&n))
}

fn enum_fix(allowed: &str) -> String {
    format!("请改为以下之一：{allowed}")
}

/// One cell as the JSON value of its field, or (what is wrong, how to fix it).
fn parse_value(f: Field, c: &Cell) -> std::result::Result<Value, (String, String)> {
    let text = clean_text(&c.text());
    let s = |v: String| Ok(Value::String(v));
    let enum_err = |e: Error, allowed: String| {
        let problem = match &e {
            Error::UnknownValue { field, value, .. } => format!("“{value}”不是有效的{field}"),
            other => other.to_string(),
        };
        Err((problem, enum_fix(&allowed)))
    };
    match f {
        Field::ArrivedAt
        | Field::SignedAt
        | Field::AcceptedAt
        | Field::RepliedAt
        | Field::EvaluatedAt => match cell_datetime(c) {
            Ok(n) => s(fmt_time(&to_time(n))),
            Err(why) => Err((format!("日期无法识别：{why}"), DATE_FIX.into())),
        },
        Field::StatutoryDueDate => match cell_datetime(c) {
            Ok(n) => s(fmt_date(n.date())),
            Err(why) => Err((format!("日期无法识别：{why}"), DATE_FIX.into())),
        },
        Field::Source => match Source::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Source::allowed()),
        },
        Field::SenderLevel => match SenderLevel::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, SenderLevel::allowed()),
        },
        Field::Form => match Form::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Form::allowed()),
        },
        Field::Purpose => match Purpose::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Purpose::allowed()),
        },
        Field::Evaluation => match Evaluation::parse(&text) {
            Ok(v) => s(v.code().into()),
            Err(e) => enum_err(e, Evaluation::allowed()),
        },
        Field::Method => match Method::parse_checked(&text) {
            Ok(v) => s(v.code().into()),
            Err(e @ Error::ForbiddenMethod(_)) => Err((
                e.to_string(),
                "改为“退件”，并在“不予受理或退件理由”列写明异议理由".into(),
            )),
            Err(e) => enum_err(e, Method::allowed()),
        },
        Field::PeopleCount => {
            let n = match c {
                Cell::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n <= 1e6 => Some(*n as u32),
                _ => {
                    let t = clean_code(&text);
                    t.trim_end_matches('人').trim().parse::<u32>().ok()
                }
            };
            match n {
                Some(n) if n >= 1 => Ok(Value::from(n)),
                _ => Err((
                    format!("人数“{text}”不是正整数"),
                    "请填写 1 以上的整数，如 3".into(),
                )),
            }
        }
        Field::Sensitive | Field::Threat => match c {
            Cell::Bool(b) => Ok(Value::Bool(*b)),
            _ => match clean_code(&text).to_ascii_lowercase().as_str() {
                "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "有" => Ok(Value::Bool(true)),
                "否" | "n" | "no" | "false" | "0" | "×" | "无" | "-" => Ok(Value::Bool(false)),
                _ => Err((format!("“{text}”不是“是”或“否”"), "请填写“是”或“否”".into())),
            },
        },
        Field::RepeatOf => s(clean_code(&text)),
        Field::Unit
        | Field::Sender
        | Field::Demand
        | Field::Suggestions
        | Field::Facts
        | Field::History
        | Field::Category
        | Field::HotIssue
        | Field::Cause
        | Field::ResponsibleLeader
        | Field::CaseOwnerLeader
        | Field::Section
        | Field::Handler
        | Field::MethodReason
        | Field::Notes => s(text),
        // Handled elsewhere or never imported.
        _ => Ok(Value::Null),
    }
}

/// The column a core validation error is about, and how to fix it.
fn attribute(e: &Error) -> (Field, &'static str) {
    let field = match e {
        Error::InvalidField { field, .. } => field.as_str(),
        Error::MissingField(f) => f.as_str(),
        _ => "",
    };
    let rules: &[(&str, Field, &str)] = &[
        (
            "信访件编号",
            Field::CaseNo,
            "编号不超过 64 个字符，不含换行",
        ),
        (
            "责任单位",
            Field::Unit,
            "请填写责任单位，或导入时用 --unit 统一指定",
        ),
        ("主要诉求", Field::Demand, "请填写诉求摘要（不超过 2 万字）"),
        (
            "信访人",
            Field::PetitionerName,
            "一件最多 500 名信访人；集体访登记代表并填写人数",
        ),
        ("人数", Field::PeopleCount, "人数至少为 1"),
        ("办理方式", Field::Method, "办理方式和受理时间须同时填写"),
        (
            "答复时间",
            Field::RepliedAt,
            "有答复时间的件须填写办理方式和受理时间",
        ),
        (
            "评价时间",
            Field::EvaluatedAt,
            "有评价时间的件须填写评价结果",
        ),
        (
            "满意度评价",
            Field::Evaluation,
            "未答复的件不能有评价；请补答复时间或清空评价",
        ),
        (
            "签收时间",
            Field::SignedAt,
            "核对各环节时间先后：到达 ≤ 签收 ≤ 受理 ≤ 答复 ≤ 评价",
        ),
        (
            "受理时间",
            Field::AcceptedAt,
            "核对各环节时间先后：到达 ≤ 签收 ≤ 受理 ≤ 答复 ≤ 评价",
        ),
        (
            "建议意见",
            Field::Suggestions,
            "请摘要填写（不超过 2 万字）",
        ),
        ("事实和理由", Field::Facts, "请摘要填写（不超过 2 万字）"),
        ("信访经过", Field::History, "请摘要填写（不超过 2 万字）"),
        ("备注", Field::Notes, "请摘要填写（不超过 2 万字）"),
    ];
    for (key, f, fix) in rules {
        if field.contains(key) {
            return (*f, fix);
        }
    }
    (Field::CaseNo, "请核对这一行")
}
