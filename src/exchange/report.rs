//! What an import is told (options) and what it tells back (the report, per-row errors,
//! the preview, progress steps).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::columns::Field;
use super::read::Limits;
use crate::domain::{Form, Purpose, Source};
use crate::error::{Error, Result};

/// The saved column mapping (header text → field), reused by later imports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SavedMapping(pub std::collections::BTreeMap<String, String>);

impl crate::domain::Setting for SavedMapping {
    const KEY: &'static str = "exchange.import_mapping";
}
/// Errors listed in a report (all are counted).
pub const MAX_LISTED_ERRORS: usize = 2000;

/// What to do with a row whose case number is already in the ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
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

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct ImportOptions {
    /// Sheet name; the first sheet when absent.
    pub sheet: Option<String>,
    /// The header's row number as the sheet shows it (1-based); detected when absent.
    pub header_row: Option<usize>,
    /// Adjustments to the detected mapping: header text or column letter → column code or
    /// Chinese name, or "" / "忽略" to skip the column. Empty: the saved mapping, if any.
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub mapping: BTreeMap<String, String>,
    #[ts(as = "Option<OnExisting>", optional)]
    pub on_existing: OnExisting,
    /// Preview only: parse and check everything, write nothing.
    #[ts(as = "Option<bool>", optional)]
    pub dry_run: bool,
    /// 责任单位 for rows that have none (a unit's own ledger often has no such column).
    pub unit: Option<String>,
    /// Save `mapping` for later imports (only when the import succeeds).
    #[ts(as = "Option<bool>", optional)]
    pub save_mapping: bool,
    #[ts(as = "Option<Limits>", optional)]
    pub limits: Limits,
    /// 来源 / 信访形式 / 信访目的 for rows that have none (no such column, or a blank or
    /// kept-as-note cell), asked once by the wizard; a row's own value always wins.
    pub default_source: Option<Source>,
    pub default_form: Option<Form>,
    pub default_purpose: Option<Purpose>,
    /// Rows (as the sheet numbers them) the clerk chose not to import.
    #[ts(as = "Option<Vec<usize>>", optional)]
    pub skip_rows: Vec<usize>,
    /// Skip every row that still has a problem (listed as skipped) instead of refusing the file.
    #[ts(as = "Option<bool>", optional)]
    pub skip_rows_with_errors: bool,
    /// Doubtful values to keep in 备注 instead of their own field: `all` (every value that
    /// fails its check), a row (`7`), or a cell (`7:E`, `7:身份证号`).
    #[ts(as = "Option<Vec<String>>", optional)]
    pub keep_as_note: Vec<String>,
    /// Cells the clerk corrected before importing (the file itself is not changed).
    #[ts(as = "Option<Vec<CellFix>>", optional)]
    pub fixes: Vec<CellFix>,
}

/// One corrected cell: the sheet's row number, a column letter or a field name (a field the
/// sheet has no column for can be given too: `来源`), and the value to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct CellFix {
    pub row: usize,
    pub column: String,
    pub value: String,
}

impl CellFix {
    /// `7:E=2022-12-06` or `7:来源=交办` (the CLI's `--set`).
    pub fn parse(spec: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "--set",
                format!("“{spec}”应写成 行号:列=新值，如 7:E=2022-12-06 或 7:来源=交办"),
            )
        };
        let (at, value) = spec.split_once(['=', '＝']).ok_or_else(bad)?;
        let (row, column) = at.split_once([':', '：']).ok_or_else(bad)?;
        let row = row.trim().parse::<usize>().map_err(|_| bad())?;
        if row == 0 || column.trim().is_empty() {
            return Err(bad());
        }
        Ok(CellFix {
            row,
            column: column.trim().to_string(),
            value: value.trim().to_string(),
        })
    }
}

/// Row numbers from `7`, `7,9`, `12-15` or `12～15` (the CLI's `--skip-row`).
pub fn parse_rows(spec: &str) -> Result<Vec<usize>> {
    let bad = || {
        Error::invalid(
            "--skip-row",
            format!("“{spec}”应写成行号，如 7、7,9 或 12-15"),
        )
    };
    let mut out = Vec::new();
    for part in spec
        .split([',', '，', '、', ' '])
        .filter(|p| !p.trim().is_empty())
    {
        let part = part.trim();
        match part.split_once(['-', '~', '～', '至']) {
            Some((a, b)) => {
                let (a, b) = (
                    a.trim().parse::<usize>().map_err(|_| bad())?,
                    b.trim().parse::<usize>().map_err(|_| bad())?,
                );
                if a == 0 || b < a || b - a > 1_000_000 {
                    return Err(bad());
                }
                out.extend(a..=b);
            }
            None => match part.parse::<usize>() {
                Ok(n) if n > 0 => out.push(n),
                _ => return Err(bad()),
            },
        }
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct ColumnMapping {
    /// Spreadsheet column letter.
    pub column: String,
    pub header: String,
    pub field: Option<Field>,
    pub field_label: Option<&'static str>,
    /// Read past: computed by the ledger (序号, 应答复日期 …) or not a ledger column.
    pub ignored: bool,
    /// Matched by a near match of the header, not one of the synonyms: worth a look.
    pub near: bool,
}

/// One problem in one cell (or a whole row when `column` is empty).
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct RowError {
    /// Row number as the sheet shows it (1-based); 0 for the file as a whole.
    pub row: usize,
    /// Column letter and header, e.g. `D（到达日期）`.
    pub column: String,
    pub value: String,
    pub problem: String,
    pub fix: String,
    /// The field the problem is in (for a fix in the wizard), when it is one field's.
    pub field: Option<Field>,
    /// The value may be kept in 备注 instead (`--keep-invalid-as-note`).
    pub keepable: bool,
}

/// One row of the sheet as it would be imported, with its problems beside it. Every row
/// read is here (a row with errors too), so the clerk sees what parsed.
#[derive(Debug, Clone, Serialize, Default, ts_rs::TS)]
pub struct PreviewRow {
    pub row: usize,
    /// 新增, 更新, 跳过（已存在）, 有错误, 跳过（有错误）.
    pub action: &'static str,
    pub case_no: String,
    pub unit: String,
    pub source: String,
    pub sender: String,
    pub form: String,
    pub arrived_at: String,
    pub petitioner: String,
    pub purpose: String,
    pub method: Option<&'static str>,
    pub demand: String,
    /// Fields filled from a default (codes: unit, source, form, purpose).
    pub defaulted: Vec<Field>,
    /// What was done to the row's values: combined cells split, values kept in 备注, fixes.
    pub notes: Vec<String>,
    pub problems: Vec<RowError>,
}

/// A row read past: not a case.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct SkippedRow {
    pub row: usize,
    /// total (合计/小计), note (说明、制表人 …), blank, header (a repeated header), chosen
    /// (the clerk's choice), invalid (had problems, skipped by choice).
    pub kind: &'static str,
    /// Why, in Chinese.
    pub reason: String,
    /// What the row held (shortened).
    pub text: String,
}

/// Where a default 责任单位 came from.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct DefaultUnit {
    pub name: String,
    /// option (chosen), title (the sheet's 填报单位 line), ledger (the ledger's only unit).
    pub from: &'static str,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
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
    /// Rows that are not cases (合计, 说明, blank, repeated header) or that the clerk skipped.
    pub skipped: Vec<SkippedRow>,
    /// The 责任单位 for rows without one, and where it came from.
    pub default_unit: Option<DefaultUnit>,
    /// Of 来源 / 信访形式 / 信访目的: those some row lacks (the wizard asks for a default).
    pub needs_defaults: Vec<Field>,
    /// Cells split into several fields, and values kept in 备注.
    pub split_cells: usize,
    pub kept_as_note: usize,
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

/// Where an import stands, for a progress bar (the import wizard's).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct ImportStep {
    /// `read`, `check`, `write` or `done`.
    pub stage: &'static str,
    pub label: &'static str,
    pub done: usize,
    pub total: usize,
}

impl ImportStep {
    pub(crate) fn new(stage: &'static str, done: usize, total: usize) -> Self {
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
