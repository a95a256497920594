//! Import of a clerk's existing 台账 or a platform export: header detection (synonyms and
//! near matches), an adjustable column mapping, combined cells split into their fields,
//! defaults for what a unit's own sheet lacks, rows that are not cases read past and
//! listed, cell parsing with per-row problems (row, column, what is wrong, how to fix
//! it), a preview of EVERY row with its problems beside it, the clerk's choices (fix a
//! cell, skip a row, keep a doubtful value in 备注). Rows in, cases out: what the ledger
//! already holds comes in through [`Existing`], and the write — backup, one transaction,
//! all or nothing — is `api::import_file`'s.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value};

pub use super::cells::cell_datetime;
use super::cells::{attribute, clean_code, clean_text, is_progress, parse_value};
use super::columns::{Field, column_letter, fold_width, normalize_header};
use super::header::{self, Header};
use super::read::{Cell, read_grid};
pub use super::report::{
    CellFix, ColumnMapping, DefaultUnit, ImportOptions, ImportReport, ImportStep,
    MAX_LISTED_ERRORS, OnExisting, PreviewRow, RowError, SavedMapping, SkippedRow, parse_rows,
};
use super::vocab::{self, Split};
use crate::domain::{Case, Form, Method, NewCase, Petitioner, Progress, Purpose, Source};
use crate::error::{Error, Result};

/// Columns a new case cannot do without (责任单位 may come from a default).
const REQUIRED: &[Field] = &[
    Field::CaseNo,
    Field::Unit,
    Field::Source,
    Field::ArrivedAt,
    Field::Form,
    Field::Demand,
    Field::Purpose,
];

/// Required columns a default can stand in for.
const DEFAULTABLE: &[Field] = &[Field::Unit, Field::Source, Field::Form, Field::Purpose];

/// First words of a 合计/小计 row.
const TOTAL_WORDS: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "共计",
    "累计",
    "本页合计",
    "本月合计",
];
/// First words of a line under (or between) the table that is not a case.
const NOTE_WORDS: &[&str] = &[
    "说明",
    "注",
    "备注",
    "填表说明",
    "制表",
    "审核",
    "填报人",
    "填表人",
    "负责人",
    "联系人",
    "单位负责人",
    "签字",
    "附",
    "以下空白",
];
/// Title-line labels in front of the unit's name (填报单位：区某某局).
const UNIT_LABELS: &[&str] = &[
    "填报单位",
    "填表单位",
    "报送单位",
    "上报单位",
    "单位名称",
    "责任单位",
    "承办单位",
    "单位",
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

/// Fields whose doubtful value may go to 备注 instead: not the ones a case is found or
/// registered by.
fn keepable(f: Field) -> bool {
    !matches!(
        f,
        Field::CaseNo | Field::Unit | Field::ArrivedAt | Field::Demand | Field::PetitionerName
    )
}

/// The clerk's "keep in 备注" choices.
#[derive(Default)]
struct Keep {
    all: bool,
    rows: HashSet<usize>,
    cells: HashSet<(usize, Field)>,
}

impl Keep {
    fn applies(&self, row: usize, f: Field) -> bool {
        keepable(f) && (self.all || self.rows.contains(&row) || self.cells.contains(&(row, f)))
    }
}

/// A column named by letter (`E`) or by field (`身份证号`, `id_number`).
fn resolve_field(header: &Header, spec: &str) -> Result<Field> {
    let s = spec.trim();
    if !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_alphabetic()) {
        let k = s.to_ascii_uppercase();
        if let Some(i) = (0..header.columns.len()).find(|i| column_letter(*i) == k) {
            return match header.columns[i].1 {
                Some(f) if f.importable() => Ok(f),
                _ => Err(Error::invalid(
                    "列",
                    format!("{k} 列没有对应台账中的项目，不导入；请先在列对应中选好它是什么"),
                )),
            };
        }
    }
    Field::parse(s)
}

fn parse_keep(header: &Header, specs: &[String]) -> Result<Keep> {
    let mut k = Keep::default();
    for spec in specs {
        for part in spec.split([',', '，', '、', ' ']).filter(|p| !p.is_empty()) {
            match part.trim() {
                "" => {}
                "all" | "全部" | "*" => k.all = true,
                p => match p.split_once([':', '：']) {
                    Some((row, col)) => {
                        let row = row.trim().parse::<usize>().map_err(|_| keep_bad(p))?;
                        k.cells.insert((row, resolve_field(header, col)?));
                    }
                    None => {
                        k.rows.insert(p.parse::<usize>().map_err(|_| keep_bad(p))?);
                    }
                },
            }
        }
    }
    Ok(k)
}

fn keep_bad(p: &str) -> Error {
    Error::invalid(
        "--keep-invalid-as-note",
        format!("“{p}”应写成 all（全部）、行号（如 7）或 行号:列（如 7:E、7:身份证号）"),
    )
}

/// The 责任单位 in a title line above the header: `填报单位：区某某局  填报日期：…`, or the
/// label in one cell and the name in the next.
pub fn title_unit(rows: &[Vec<Cell>], header_row: usize) -> Option<String> {
    for row in rows.iter().take(header_row) {
        let texts: Vec<String> = row
            .iter()
            .map(|c| c.text().chars().map(fold_width).collect::<String>())
            .collect();
        for (i, t) in texts.iter().enumerate() {
            let t = t.trim();
            let Some(rest) = UNIT_LABELS.iter().find_map(|l| t.strip_prefix(l)) else {
                continue;
            };
            let mut rest = rest.trim_start();
            // 填报单位（盖章）：…
            if let Some(inner) = rest.strip_prefix(['(', '（'])
                && let Some(end) = inner.find([')', '）'])
            {
                rest = inner[end..].trim_start_matches([')', '）']).trim_start();
            }
            let Some(rest) = rest.strip_prefix([':', '：']) else {
                continue;
            };
            let mut name = rest.trim_start().to_string();
            // Cut at the next label on the same line (填报日期：…, 制表人：…).
            for stop in [
                "  ",
                "\t",
                "填报日期",
                "填表日期",
                "日期",
                "时间",
                "制表",
                "填报人",
            ] {
                if let Some(at) = name.find(stop) {
                    name.truncate(at);
                }
            }
            let name = name
                .trim()
                .trim_end_matches(['（', '(', '，', ',', '、'])
                .trim();
            if !name.is_empty() {
                return Some(name.to_string());
            }
            // The name in the next non-blank cell.
            if let Some(next) = texts[i + 1..]
                .iter()
                .map(|x| x.trim())
                .find(|x| !x.is_empty())
                && !next.contains([':', '：'])
            {
                return Some(next.to_string());
            }
        }
    }
    None
}

/// A row that is not a case: a 合计/小计 row, a note under the table, or a header printed
/// again on the next page. `case_no` is what the case-number column holds, if anything.
fn not_a_case(cells: &[Cell], case_no: Option<&str>) -> Option<(&'static str, &'static str)> {
    let norm = |c: &Cell| normalize_header(&c.text());
    let filled = cells.iter().filter(|c| !c.is_blank()).count();
    // Only the first cells say 合计 or 说明: no need to read a whole data row.
    let first: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_blank())
        .take(3)
        .map(norm)
        .filter(|t| !t.is_empty())
        .collect();
    let no = case_no.map(normalize_header);
    let is_no = |t: &String| no.as_ref().is_none_or(|n| n == t);
    let total = |t: &String| TOTAL_WORDS.iter().any(|w| t.starts_with(w));
    // 合计 first (its count may sit in the case-number column), or near the front.
    if first.first().is_some_and(total) || first.iter().any(|t| total(t) && is_no(t)) {
        return Some(("total", "合计/小计行"));
    }
    if let Some(f) = first.first()
        && filled <= 3
        && NOTE_WORDS.iter().any(|w| f.starts_with(w))
        && is_no(f)
    {
        return Some(("note", "表下的说明行"));
    }
    // A header printed again names its case-number column, or has no number at all.
    let no_is_header = no
        .as_deref()
        .is_some_and(|n| Field::from_header(n).is_some());
    if no.is_some() && !no_is_header {
        return None;
    }
    let named = cells
        .iter()
        .filter(|c| !c.is_blank())
        .filter(|c| Field::from_header(&norm(c)).is_some())
        .count();
    // A second header line holds only names (办结情况, 备注 under a merged group).
    let only_names = named >= 1 && named == filled && no.is_none();
    if named >= 3 || (named >= 2 && no_is_header) || only_names {
        return Some(("header", "重复的表头（分页打印的表常见）"));
    }
    None
}

/// What checking a file needs to know about the ledger it would go into; `api` answers
/// from the ledger, so this module stays rows in, rows out.
pub trait Existing {
    /// The column mapping saved by an earlier import.
    fn saved_mapping(&self) -> Result<BTreeMap<String, String>>;
    /// The units in the ledger (one unit is the default 责任单位).
    fn unit_names(&self) -> Result<Vec<String>>;
    /// The case registered under `case_no`, deleted ones included.
    fn case(&self, case_no: &str) -> Result<Option<Case>>;
    fn has_case(&self, case_no: &str) -> Result<bool>;
}

/// A checked file: the report (with every row's preview and problems) and, when it has no
/// errors, the cases to add (in order of arrival, originals before their repeats) and to update.
pub struct Checked {
    pub report: ImportReport,
    pub adds: Vec<(NewCase, Progress)>,
    pub updates: Vec<(NewCase, Progress)>,
}

/// A combined cell to split: its field, its text and its parts.
type Combined = (Field, String, Split);

/// Reads and checks the file against the ledger's existing cases, telling `progress` what
/// it is doing: reading, then checking row by row (every 500 rows).
pub fn check_file(
    path: &Path,
    opts: &ImportOptions,
    ledger: &dyn Existing,
    progress: &mut dyn FnMut(ImportStep),
) -> Result<Checked> {
    progress(ImportStep::new("read", 0, 1));
    let grid = read_grid(path, opts.sheet.as_deref(), &opts.limits)?;
    let rows = &grid.rows;
    let overrides = if opts.mapping.is_empty() {
        ledger.saved_mapping()?
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
            near: f.is_some() && header.near.contains(&i),
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
    // The clerk's choices.
    let keep = parse_keep(&header, &opts.keep_as_note)?;
    let skip_rows: HashSet<usize> = opts.skip_rows.iter().copied().collect();
    let mut fixes: HashMap<usize, HashMap<Field, Cell>> = HashMap::new();
    for fx in &opts.fixes {
        let f = resolve_field(&header, &fx.column)?;
        if !f.importable() {
            return Err(Error::invalid(
                "修改",
                format!("{}由台账计算，不能导入，也就不能修改", f.label()),
            ));
        }
        let v = if fx.value.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(fx.value.clone())
        };
        fixes.entry(fx.row).or_default().insert(f, v);
    }
    // Fields read in a fixed order, so a row's problems come out the same way every time.
    let mut fields: Vec<Field> = cols.of.keys().copied().collect();
    for m in fixes.values() {
        fields.extend(m.keys().copied());
    }
    fields.sort();
    fields.dedup();

    let default_unit = match opts
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(u) => Some(DefaultUnit {
            name: u.to_string(),
            from: "option",
        }),
        None => match title_unit(rows, header.row) {
            Some(u) => Some(DefaultUnit {
                name: u,
                from: "title",
            }),
            None => {
                let units = ledger.unit_names()?;
                match units.as_slice() {
                    [only] => Some(DefaultUnit {
                        name: only.clone(),
                        from: "ledger",
                    }),
                    _ => None,
                }
            }
        },
    };
    let defaults: HashMap<Field, String> = [
        (Field::Unit, default_unit.as_ref().map(|u| u.name.clone())),
        (
            Field::Source,
            opts.default_source.map(|v| v.code().to_string()),
        ),
        (Field::Form, opts.default_form.map(|v| v.code().to_string())),
        (
            Field::Purpose,
            opts.default_purpose.map(|v| v.code().to_string()),
        ),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.map(|v| (f, v)))
    .collect();

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
        skipped: Vec::new(),
        default_unit,
        needs_defaults: Vec::new(),
        split_cells: 0,
        kept_as_note: 0,
        errors_total: 0,
        errors: Vec::new(),
        warnings: grid.warnings.clone(),
        preview: Vec::new(),
        dry_run: opts.dry_run,
        imported: false,
        added: 0,
        updated: 0,
    };

    let mut errors: Vec<RowError> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut adds: Vec<(usize, NewCase, Progress)> = Vec::new();
    let mut updates: Vec<(usize, NewCase, Progress)> = Vec::new();
    let mut masked = 0usize;
    let mut masked_names = 0usize;
    let mut repeat_refs: Vec<(usize, String)> = Vec::new();
    // Required fields no column and no default gives some new row: one file-level error.
    let mut lacking: BTreeSet<Field> = BTreeSet::new();
    let mut needs: BTreeSet<Field> = BTreeSet::new();

    let data_rows = rows.len().saturating_sub(header.row + 1);
    progress(ImportStep::new("check", 0, data_rows));
    for (r, cells) in rows.iter().enumerate().skip(header.row + 1) {
        let row_no = r + 1;
        let checked = r - header.row;
        if checked % 500 == 0 {
            progress(ImportStep::new("check", checked, data_rows));
        }
        let fixed = fixes.get(&row_no);
        let row_text = || {
            let text: Vec<String> = cells
                .iter()
                .filter(|c| !c.is_blank())
                .map(Cell::text)
                .collect();
            truncate(&text.join(" "), 40)
        };
        if cells.iter().all(Cell::is_blank) && fixed.is_none() {
            report.blank_rows += 1;
            report.skipped.push(SkippedRow {
                row: row_no,
                kind: "blank",
                reason: "空行".into(),
                text: String::new(),
            });
            continue;
        }
        if skip_rows.contains(&row_no) {
            report.skipped.push(SkippedRow {
                row: row_no,
                kind: "chosen",
                reason: "按选择跳过".into(),
                text: row_text(),
            });
            continue;
        }
        let cell = |f: Field| -> Option<&Cell> {
            if let Some(v) = fixed.and_then(|m| m.get(&f)) {
                return Some(v).filter(|x| !x.is_blank());
            }
            let (c, _) = cols.of.get(&f)?;
            cells.get(*c).filter(|x| !x.is_blank())
        };
        let case_no = cell(Field::CaseNo).map(|c| clean_code(&c.text()));
        if fixed.is_none()
            && let Some((kind, reason)) = not_a_case(cells, case_no.as_deref())
        {
            report.skipped.push(SkippedRow {
                row: row_no,
                kind,
                reason: reason.into(),
                text: row_text(),
            });
            continue;
        }
        let filled = fields.iter().filter(|f| cell(**f).is_some()).count();
        if case_no.is_none() && filled <= 1 {
            report.skipped.push(SkippedRow {
                row: row_no,
                kind: "note",
                reason: "没有信访件编号，只有一项内容，当作说明行".into(),
                text: row_text(),
            });
            continue;
        }
        report.rows += 1;

        let mut pv = PreviewRow {
            row: row_no,
            case_no: case_no.clone().unwrap_or_default(),
            ..PreviewRow::default()
        };
        let mut row_errors: Vec<RowError> = Vec::new();
        let err = |v: &mut Vec<RowError>, f: Field, value: String, problem: String, fix: String| {
            v.push(RowError {
                row: row_no,
                column: cols.name(f),
                value,
                problem,
                fix,
                field: Some(f),
                keepable: keepable(f),
            });
        };
        if let Some(m) = fixed {
            let mut changed: Vec<String> = m
                .iter()
                .map(|(f, v)| format!("已改：{}=“{}”", cols.name(*f), v.text()))
                .collect();
            changed.sort();
            pv.notes.extend(changed);
        }
        match &case_no {
            None => err(
                &mut row_errors,
                Field::CaseNo,
                String::new(),
                "信访件编号为空".into(),
                "请填写信访件编号；编号是导入后查找和更新这一件的依据".into(),
            ),
            Some(no) => {
                if let Some(first) = seen.get(no) {
                    err(
                        &mut row_errors,
                        Field::CaseNo,
                        no.clone(),
                        format!("信访件编号与第 {first} 行重复"),
                        "删除或跳过重复的行，或改正其中一个编号".into(),
                    );
                } else {
                    seen.insert(no.clone(), row_no);
                }
            }
        }

        // Existing case: skip, or start from what the ledger holds.
        let existing = match &case_no {
            Some(no) => ledger.case(no)?,
            None => None,
        };
        if let Some(ex) = &existing
            && row_errors.is_empty()
        {
            if opts.on_existing == OnExisting::Skip {
                let no = case_no.clone().unwrap_or_default();
                report.skipped_existing.push(no);
                pv.action = "跳过（已存在）";
                fill_preview(
                    &mut pv,
                    &as_map(serde_json::to_value(&ex.info).unwrap_or_default()),
                    ex.method,
                );
                report.preview.push(pv);
                continue;
            }
            if ex.deleted_at.is_some() {
                err(
                    &mut row_errors,
                    Field::CaseNo,
                    case_no.clone().unwrap_or_default(),
                    "台账中该编号的件已被删除".into(),
                    "先在台账中恢复该件，或把这一行改用其他编号".into(),
                );
            }
        }

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
                        return_result: ex.return_result,
                        closed_at: ex.closed_at,
                    })
                    .unwrap_or_default(),
                ),
            ),
            None => (Map::new(), Map::new()),
        };
        if let Some(no) = &case_no {
            info.insert("case_no".into(), Value::String(no.clone()));
        }
        // Lines added to 备注: values kept there, 办结情况.
        let mut extra_notes: Vec<String> = Vec::new();
        let mut combined: Vec<Combined> = Vec::new();
        // Required fields whose cell was read but said nothing of them (区信访办 in 来源).
        let mut said_nothing: HashMap<Field, String> = HashMap::new();
        let kept = |f: Field, text: &str, why: &str, notes: &mut Vec<String>| {
            notes.push(format!("{}“{}”（{}，保留在备注）", f.label(), text, why));
        };
        for &f in &fields {
            if matches!(
                f,
                Field::CaseNo
                    | Field::PetitionerName
                    | Field::IdNumber
                    | Field::Phone
                    | Field::Address
                    | Field::Representatives
            ) {
                continue;
            }
            let Some(c) = cell(f) else { continue };
            let text = clean_text(&c.text());
            if f == Field::Outcome {
                // 是否办结: 是 / 否.
                let yes_no = match clean_code(&text).to_ascii_lowercase().as_str() {
                    "是" | "y" | "yes" | "√" | "✓" => Some("已办结"),
                    "否" | "n" | "no" | "×" => Some("办理中"),
                    _ => None,
                };
                let meant = match vocab::word(&text) {
                    Some(vocab::Meaning::Status(s)) => Some(s),
                    _ => yes_no,
                };
                let note = match meant {
                    Some(s) if s != text => format!("办结情况：{s}（原表写“{text}”）"),
                    _ => format!("办结情况：{text}"),
                };
                extra_notes.push(note);
                continue;
            }
            if f == Field::Sender
                && let Some(sp) =
                    vocab::split_value(&text).filter(|s| s.sender.is_some() && s.source.is_some())
            {
                combined.push((f, text, sp));
                continue;
            }
            match parse_value(f, c) {
                Ok(v) => {
                    let target = if is_progress(f) { &mut prog } else { &mut info };
                    target.insert(f.code().to_string(), v);
                }
                Err((problem, fix)) => {
                    if matches!(f, Field::Source | Field::Form | Field::Purpose)
                        && let Some(sp) = vocab::split_value(&text)
                    {
                        combined.push((f, text, sp));
                        continue;
                    }
                    if keep.applies(row_no, f) {
                        kept(f, &text, problem.trim_end_matches('。'), &mut extra_notes);
                        report.kept_as_note += 1;
                        continue;
                    }
                    let fix = if matches!(f, Field::Source | Field::Form | Field::Purpose) {
                        format!(
                            "{fix}；也可写成“区信访办转送”“市信访办（交办）”这样的组合，或保留在备注并用缺省值"
                        )
                    } else {
                        fix
                    };
                    err(&mut row_errors, f, c.text(), problem, fix)
                }
            }
        }
        // Combined cells: each part goes to its field unless the row has its own value there.
        for (f, text, sp) in combined {
            let mut took = Vec::new();
            let mut put = |info: &mut Map<String, Value>, g: Field, v: Value| {
                if !info.contains_key(g.code()) {
                    info.insert(g.code().into(), v);
                    took.push(g);
                }
            };
            if let Some(s) = &sp.sender {
                put(&mut info, Field::Sender, Value::String(s.clone()));
            }
            if let Some(l) = sp.sender_level {
                put(&mut info, Field::SenderLevel, l.code().into());
            }
            if let Some(v) = sp.source {
                put(&mut info, Field::Source, v.code().into());
            }
            if let Some(v) = sp.form {
                put(&mut info, Field::Form, v.code().into());
            }
            if let Some(v) = sp.purpose {
                put(&mut info, Field::Purpose, v.code().into());
            }
            if let Some(s) = sp.status {
                extra_notes.push(format!("办结情况：{s}"));
            }
            if sp.parts() > 1 || !took.contains(&f) {
                report.split_cells += 1;
                pv.notes.push(format!("“{text}”拆为{}", sp.describe()));
            }
            if !took.contains(&f) && f != Field::Sender {
                said_nothing.insert(f, format!("“{text}”只写了{}", sp.describe()));
            }
        }
        // 信访人: names, ID numbers, phones and addresses side by side, several joined by 、.
        let list = |f: Field, seps: &[char]| -> Vec<String> {
            cell(f)
                .map(|c| {
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
            Some(Cell::Number(n)) if *n >= 1e14 => Some(*n),
            _ => None,
        };
        let mut ids: Vec<Option<String>> = if id_as_number.is_some() {
            Vec::new()
        } else {
            list(Field::IdNumber, SEPS)
                .into_iter()
                .map(|s| Some(clean_code(&s)))
                .collect()
        };
        let mut phones: Vec<Option<String>> = list(Field::Phone, SEPS)
            .into_iter()
            .map(|s| Some(clean_code(&s)))
            .collect();
        let addresses = list(Field::Address, &[';', '；', '\n']);
        if let Some(n) = id_as_number {
            if keep.applies(row_no, Field::IdNumber) {
                kept(
                    Field::IdNumber,
                    &c_text(n),
                    "被存成了数字，后几位已丢失",
                    &mut extra_notes,
                );
                report.kept_as_note += 1;
            } else {
                err(
                    &mut row_errors,
                    Field::IdNumber,
                    c_text(n),
                    "身份证号被存成了数字，Excel 只保留 15 位有效数字，后几位已经丢失".into(),
                    "把该列设为“文本”格式后重新录入身份证号（或在号码前加英文单引号）".into(),
                );
            }
        }
        // Doubtful ID numbers and phones: kept in 备注 by choice, else reported.
        for id in ids.iter_mut() {
            let Some(v) = id.clone().filter(|v| !v.contains('*')) else {
                continue;
            };
            if let Err(e) = crate::domain::check_id_number(&v)
                && keep.applies(row_no, Field::IdNumber)
            {
                let why = e.to_string();
                let why = why
                    .split_once('”')
                    .map(|(_, w)| w.trim_end_matches("，请核对"))
                    .unwrap_or(&why);
                kept(Field::IdNumber, &v, why, &mut extra_notes);
                report.kept_as_note += 1;
                *id = None;
            }
        }
        for ph in phones.iter_mut() {
            let Some(v) = ph.clone().filter(|v| !v.contains('*')) else {
                continue;
            };
            let probe = Petitioner {
                name: "-".into(),
                phone: Some(v.clone()),
                ..Petitioner::default()
            };
            if probe.validate().is_err() && keep.applies(row_no, Field::Phone) {
                kept(Field::Phone, &v, "不是电话号码", &mut extra_notes);
                report.kept_as_note += 1;
                *ph = None;
            }
        }
        if names.is_empty()
            && (ids.iter().any(Option::is_some) || phones.iter().any(Option::is_some))
            && existing.is_none()
        {
            err(
                &mut row_errors,
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
        // 代表: names among the petitioners (联名信 / 集体访, issue #16).
        let representatives = list(Field::Representatives, SEPS);
        for r in &representatives {
            if !names.is_empty() && !names.contains(r) && !r.contains('*') {
                err(
                    &mut row_errors,
                    Field::Representatives,
                    r.clone(),
                    format!("代表“{r}”不在信访人一栏中"),
                    "代表也要写进信访人一栏（几人用“、”分隔），代表一栏只写其中推选的代表".into(),
                );
            }
        }
        if !names.is_empty() && !keep_existing {
            let mut ps = Vec::with_capacity(names.len());
            for (i, name) in names.iter().enumerate() {
                let mut unmasked = |v: Option<&Option<String>>| {
                    let v = v.cloned().flatten()?;
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
                    id_number: unmasked(ids.get(i)),
                    phone: unmasked(phones.get(i)),
                    address: addresses.get(i).cloned(),
                    representative: representatives.contains(name),
                };
                if let Err(e) = p.validate() {
                    let msg = e.to_string();
                    let (f, value, fix) = if msg.contains("身份证") {
                        (
                            Field::IdNumber,
                            p.id_number.clone().unwrap_or_default(),
                            "核对身份证号（18 位，末位为校验码）；不详的留空，或保留在备注",
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
                    err(&mut row_errors, f, value, msg, fix.into());
                }
                ps.push(p);
            }
            info.insert(
                "petitioners".into(),
                serde_json::to_value(ps).unwrap_or_default(),
            );
        }
        // Defaults for what the row lacks; what nothing fills is a problem.
        if existing.is_none() {
            // A sheet whose only date is 信访日期 (read as the arrival before #15): the item
            // arrived that day, as a direct case does.
            if !info.contains_key(Field::ArrivedAt.code())
                && !cols.of.contains_key(&Field::ArrivedAt)
                && let Some(d) = info.get(Field::PetitionDate.code()).cloned()
            {
                info.insert(Field::ArrivedAt.code().into(), d);
                pv.notes
                    .push("表中没有到达时间列，到达时间取信访日期".into());
            }
            for &f in DEFAULTABLE {
                if info.contains_key(f.code()) {
                    continue;
                }
                needs.insert(f);
                if let Some(v) = defaults.get(&f) {
                    info.insert(f.code().into(), Value::String(v.clone()));
                    pv.defaulted.push(f);
                }
            }
            for &f in REQUIRED {
                if info.contains_key(f.code()) || f == Field::CaseNo {
                    continue;
                }
                let flag = default_flag(f);
                if let Some(said) = said_nothing.get(&f) {
                    err(
                        &mut row_errors,
                        f,
                        String::new(),
                        format!("{said}，没有{}", f.label()),
                        format!("请在这一格写明{}，或设缺省{}{flag}", f.label(), f.label()),
                    );
                } else if cols.of.contains_key(&f) || fixed.is_some_and(|m| m.contains_key(&f)) {
                    let value = cell(f).map(Cell::text).unwrap_or_default();
                    if value.is_empty() || keep.applies(row_no, f) {
                        let or_default = if DEFAULTABLE.contains(&f) {
                            format!("，或设缺省{}{flag}", f.label())
                        } else {
                            String::new()
                        };
                        err(
                            &mut row_errors,
                            f,
                            String::new(),
                            format!("{}为空", f.label()),
                            format!("请填写{}{or_default}", f.label()),
                        );
                    }
                } else {
                    lacking.insert(f);
                    pv.problems.push(RowError {
                        row: row_no,
                        column: f.label().into(),
                        value: String::new(),
                        problem: format!("表中没有{}列", f.label()),
                        fix: format!(
                            "设缺省{}{flag}，或在列对应中指定哪一列是{}",
                            f.label(),
                            f.label()
                        ),
                        field: Some(f),
                        keepable: false,
                    });
                }
            }
        }
        if !extra_notes.is_empty() {
            let mut notes: Vec<String> = info
                .get("notes")
                .and_then(Value::as_str)
                .filter(|s| !s.trim().is_empty())
                .map(|s| vec![s.to_string()])
                .unwrap_or_default();
            for n in &extra_notes {
                if !notes.iter().any(|x| x.contains(n.as_str())) {
                    notes.push(n.clone());
                }
            }
            info.insert("notes".into(), Value::String(notes.join("；")));
            pv.notes.extend(extra_notes.iter().cloned());
        }
        fill_preview(
            &mut pv,
            &info,
            prog.get("method")
                .and_then(Value::as_str)
                .and_then(|m| Method::parse(m).ok()),
        );

        let mut built = None;
        if row_errors.is_empty() && pv.problems.is_empty() {
            let parsed: std::result::Result<(NewCase, Progress), String> = (|| {
                let c: NewCase = serde_json::from_value(Value::Object(info))
                    .map_err(|e| Error::from_json(&e).to_string())?;
                let p: Progress = serde_json::from_value(Value::Object(prog))
                    .map_err(|e| Error::from_json(&e).to_string())?;
                Ok((c, p))
            })();
            match parsed {
                Err(problem) => row_errors.push(RowError {
                    row: row_no,
                    column: String::new(),
                    value: String::new(),
                    problem,
                    fix: "请核对这一行".into(),
                    field: None,
                    keepable: false,
                }),
                Ok((c, p)) => match c.validate().and_then(|_| p.validate(&c)) {
                    Err(e) => {
                        let (f, fix) = attribute(&e);
                        row_errors.push(RowError {
                            row: row_no,
                            column: cols.name(f),
                            value: String::new(),
                            problem: e.to_string(),
                            fix: fix.into(),
                            field: Some(f),
                            keepable: false,
                        });
                    }
                    Ok(()) => built = Some((c, p)),
                },
            }
        }
        pv.problems.extend(row_errors.iter().cloned());
        if let Some((c, p)) = built {
            if let Some(prev) = &c.repeat_of {
                repeat_refs.push((row_no, prev.trim().to_string()));
            }
            if existing.is_some() {
                pv.action = "更新";
                updates.push((row_no, c, p));
            } else {
                pv.action = "新增";
                adds.push((row_no, c, p));
            }
        } else if !pv.problems.is_empty() && opts.skip_rows_with_errors {
            pv.action = "跳过（有错误）";
            report.skipped.push(SkippedRow {
                row: row_no,
                kind: "invalid",
                reason: format!(
                    "有问题，按选择跳过：{}",
                    pv.problems
                        .iter()
                        .map(|e| e.problem.as_str())
                        .collect::<Vec<_>>()
                        .join("；")
                ),
                text: row_text(),
            });
            report.rows -= 1;
        } else {
            pv.action = "有错误";
            errors.append(&mut row_errors);
        }
        report.preview.push(pv);
    }

    // 重复信访: the earlier case must be in the ledger or in this file.
    for (row_no, prev) in repeat_refs {
        if !seen.contains_key(&prev) && !ledger.has_case(&prev)? {
            let e = RowError {
                row: row_no,
                column: cols.name(Field::RepeatOf),
                value: prev.clone(),
                problem: format!("关联的原件“{prev}”既不在台账中，也不在本文件中"),
                fix: "先导入原件，或核对原件编号；不是重复信访的请清空此格".into(),
                field: Some(Field::RepeatOf),
                keepable: true,
            };
            if let Some(pv) = report.preview.iter_mut().find(|p| p.row == row_no) {
                pv.problems.push(e.clone());
                if opts.skip_rows_with_errors {
                    pv.action = "跳过（有错误）";
                    adds.retain(|(r, _, _)| *r != row_no);
                    updates.retain(|(r, _, _)| *r != row_no);
                    report.skipped.push(SkippedRow {
                        row: row_no,
                        kind: "invalid",
                        reason: format!("有问题，按选择跳过：{}", e.problem),
                        text: pv.case_no.clone(),
                    });
                    report.rows -= 1;
                    continue;
                }
                pv.action = "有错误";
            }
            adds.retain(|(r, _, _)| *r != row_no);
            updates.retain(|(r, _, _)| *r != row_no);
            errors.push(e);
        }
    }
    // Rows lacking a column were skipped by choice; otherwise one error for the file.
    if !lacking.is_empty() && !opts.skip_rows_with_errors {
        let names: Vec<&str> = lacking.iter().map(|f| f.label()).collect();
        let flags: Vec<String> = lacking
            .iter()
            .map(|f| flag_of(*f).to_string())
            .filter(|f| !f.is_empty())
            .collect();
        errors.insert(
            0,
            RowError {
                row: 0,
                column: String::new(),
                value: String::new(),
                problem: format!("表中没有必填列：{}", names.join("、")),
                fix: format!(
                    "在导入向导中设缺省值（命令行：{}）；列名不同的，用映射（--map 列名=字段）指定",
                    flags.join("、")
                ),
                field: None,
                keepable: false,
            },
        );
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
    for fx in &opts.fixes {
        if !report.preview.iter().any(|p| p.row == fx.row) {
            report.warnings.push(format!(
                "对第 {} 行的修改没有用上：这一行不在表中，或已跳过",
                fx.row
            ));
        }
    }
    report.needs_defaults = needs.into_iter().collect();
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
        skipped = report.skipped.len(),
        dry_run = opts.dry_run,
        "导入检查"
    );
    // Originals before their repeats: insert in order of arrival.
    adds.sort_by_key(|(_, c, _)| c.arrived_at);
    Ok(Checked {
        report,
        adds: adds.into_iter().map(|(_, c, p)| (c, p)).collect(),
        updates: updates.into_iter().map(|(_, c, p)| (c, p)).collect(),
    })
}

/// The CLI flag that sets a field's default.
fn flag_of(f: Field) -> &'static str {
    match f {
        Field::Unit => "--unit",
        Field::Source => "--default-source",
        Field::Form => "--default-form",
        Field::Purpose => "--default-purpose",
        _ => "",
    }
}

/// `（--default-source）` after a sentence about a default.
fn default_flag(f: Field) -> String {
    match flag_of(f) {
        "" => String::new(),
        flag => format!("（{flag}）"),
    }
}

/// The preview's columns from what the row parsed to (labels, not codes).
fn fill_preview(pv: &mut PreviewRow, info: &Map<String, Value>, method: Option<Method>) {
    let text = |k: &str| {
        info.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    pv.unit = text("unit");
    pv.sender = text("sender");
    pv.source = Source::parse(&text("source"))
        .map(|v| v.label().to_string())
        .unwrap_or_default();
    pv.form = Form::parse(&text("form"))
        .map(|v| v.label().to_string())
        .unwrap_or_default();
    let purpose = Purpose::parse(&text("purpose")).ok();
    pv.purpose = purpose.map(|p| p.label().to_string()).unwrap_or_default();
    pv.arrived_at = text("arrived_at");
    pv.method = method.map(Method::label);
    pv.demand = truncate(&text("demand"), 30);
    let first = info
        .get("petitioners")
        .and_then(Value::as_array)
        .and_then(|ps| ps.first())
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    pv.petitioner = if purpose.is_some_and(Purpose::is_confidential) {
        crate::domain::mask_name(first)
    } else {
        first.to_string()
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::exchange::read::text_row as row;

    #[test]
    fn rows_that_are_not_cases() {
        let kind = |cells: &[&str], no: Option<&str>| not_a_case(&row(cells), no).map(|k| k.0);
        assert_eq!(
            kind(&["合计", "25", "", "25 件"], Some("25")),
            Some("total")
        );
        assert_eq!(kind(&["", "小 计：", "3"], None), Some("total"));
        assert_eq!(kind(&["说明：本表每月填报"], None), Some("note"));
        assert_eq!(kind(&["制表人：李四", "审核人：王五"], None), Some("note"));
        assert_eq!(
            kind(&["序号", "件号", "到达日期", "信访人"], Some("件号")),
            Some("header")
        );
        assert_eq!(kind(&["", "", "办结情况", "备注"], None), Some("header"));
        // A case whose demand mentions a total, or starts with 注 after its number.
        assert_eq!(
            kind(&["1", "YC-1", "合计拖欠工资三万元"], Some("YC-1")),
            None
        );
        assert_eq!(kind(&["YC-2", "注销户口", "来信"], Some("YC-2")), None);
    }

    #[test]
    fn the_unit_in_a_title_line() {
        let rows = vec![
            row(&["某局信访事项台账"]),
            row(&["填报单位：永川区某某局  填报日期：2024年12月31日"]),
            row(&["件号", "信访人"]),
        ];
        assert_eq!(title_unit(&rows, 2).as_deref(), Some("永川区某某局"));
        let rows = vec![row(&["填表单位：", "永川区某某局", "", "日期："])];
        assert_eq!(title_unit(&rows, 1).as_deref(), Some("永川区某某局"));
        let rows = vec![row(&["填报单位（盖章）：永川区某某局"])];
        assert_eq!(title_unit(&rows, 1).as_deref(), Some("永川区某某局"));
        let rows = vec![row(&["报表说明：永川区某某局"])];
        assert_eq!(title_unit(&rows, 1), None, "a label it does not know");
        assert_eq!(title_unit(&[row(&["某局台账"])], 1), None);
    }
}
