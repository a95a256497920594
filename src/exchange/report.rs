//! What an import is told (options) and what it tells back (the report, per-row errors,
//! the preview, progress steps).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::columns::Field;
use super::read::Limits;
use crate::error::{Error, Result};

/// Settings key of the saved column mapping (header text → field), reused by later imports.
pub const KEY_IMPORT_MAPPING: &str = "exchange.import_mapping";
/// Errors listed in a report (all are counted).
pub const MAX_LISTED_ERRORS: usize = 2000;
pub(crate) const PREVIEW_ROWS: usize = 20;

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
