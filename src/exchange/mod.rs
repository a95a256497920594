//! Excel in and out (issue #7): the 台账 exported as .xlsx/.csv the way units keep it,
//! and existing ledgers or platform exports imported from .xlsx/.xls/.ods/.csv.
//!
//! - `columns`: the ledger columns, their export headers and the synonyms clerks use
//! - `dates`: every date form clerks type, Excel serials and date cells
//! - `read`: one sheet into a grid of cells, within limits (xlsx bombs, huge sheets)
//! - `header`: finding the header row under title rows and merged group cells
//! - `vocab`: the words clerks write in value cells, and combined cells split into fields
//! - `cells`: one cell as the value of its column, or what is wrong and how to fix it
//! - `report`: import options, the report with per-row errors, the preview, progress
//! - `import`: mapping, per-row checks with row/column/fix, preview → the cases to write
//! - `export`: .xlsx (title, frozen header, date cells, overdue highlighted, 五率 sheet) and CSV
//!
//! A file-format library, rows in and rows out: it never opens the ledger or a `Desk`.
//! `api::import_file` / `api::export_file` read the ledger, back up and commit.

pub mod cells;
pub mod columns;
pub mod dates;
pub mod export;
pub mod header;
pub mod import;
pub mod read;
pub mod report;
pub mod vocab;

pub use columns::{DEFAULT_COLUMNS, Field, parse_columns};
pub use export::{ExportFormat, ExportOptions, ExportReport, Row, write_file};
pub use import::{
    CellFix, Checked, Existing, ImportOptions, ImportReport, ImportStep, OnExisting, RowError,
    check_file, parse_rows,
};
pub use read::Limits;
