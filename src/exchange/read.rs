//! Reads one sheet of a .xlsx/.xls/.ods/.csv file into a grid of cells, within limits
//! that a hostile or broken file cannot push past: the file's size, every zip part's
//! size after decompression (checked by streaming, in constant memory, before calamine
//! opens the file: an "xlsx bomb" of huge shared strings is refused), rows and columns.

use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx, open_workbook};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A row of text cells ("" is an empty cell), for the header and import tests.
#[cfg(test)]
pub(crate) fn text_row(cells: &[&str]) -> Vec<Cell> {
    cells
        .iter()
        .map(|s| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text((*s).into())
            }
        })
        .collect()
}

/// One cell as read, before any column gives it a meaning.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDateTime),
    Bool(bool),
    Error(String),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a clerk reads it.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d %H:%M").to_string(),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// What a file may hold before it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub max_file_bytes: u64,
    /// Any one part of an .xlsx/.ods (a sheet, the shared strings) after decompression.
    pub max_part_bytes: u64,
    /// All parts together after decompression.
    pub max_total_bytes: u64,
    pub max_rows: usize,
    pub max_columns: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: crate::limits::MAX_IMPORT_FILE_BYTES,
            max_part_bytes: crate::limits::MAX_IMPORT_PART_BYTES,
            max_total_bytes: crate::limits::MAX_IMPORT_TOTAL_BYTES,
            max_rows: crate::limits::MAX_IMPORT_ROWS,
            max_columns: crate::limits::MAX_IMPORT_COLUMNS,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub sheet: String,
    pub rows: Vec<Vec<Cell>>,
    /// How a CSV was decoded (UTF-8, GBK …); None for spreadsheets.
    pub encoding: Option<&'static str>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

fn mb(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} 字节")
    }
}

fn bad(path: &Path, detail: impl Into<String>) -> Error {
    Error::Spreadsheet {
        path: path.display().to_string(),
        detail: detail.into(),
    }
}

/// Reads the named sheet (or the first one) of the file.
pub fn read_grid(path: &Path, sheet: Option<&str>, limits: &Limits) -> Result<Grid> {
    let meta = std::fs::metadata(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    if meta.len() > limits.max_file_bytes {
        return Err(Error::TooLarge {
            path: path.display().to_string(),
            what: format!("文件大小（{}）", mb(meta.len())),
            limit: mb(limits.max_file_bytes),
        });
    }
    let kind = kind_of(path)?;
    match kind {
        Kind::Csv => read_csv(path, limits),
        Kind::Xlsx | Kind::Ods => {
            check_zip(path, limits)?;
            if kind == Kind::Xlsx {
                read_xlsx(path, sheet, limits)
            } else {
                let wb: Ods<_> = open_workbook(path)
                    .map_err(|e: calamine::OdsError| bad(path, e.to_string()))?;
                read_range(path, wb, sheet, limits)
            }
        }
        Kind::Xls => {
            let wb: Xls<_> =
                open_workbook(path).map_err(|e: calamine::XlsError| bad(path, e.to_string()))?;
            read_range(path, wb, sheet, limits)
        }
    }
}

fn kind_of(path: &Path) -> Result<Kind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => return Ok(Kind::Xlsx),
        "xls" => return Ok(Kind::Xls),
        "ods" => return Ok(Kind::Ods),
        "csv" | "txt" | "tsv" => return Ok(Kind::Csv),
        _ => {}
    }
    // No telling extension: look at the first bytes.
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    if n >= 4 && &head[..4] == b"PK\x03\x04" {
        Ok(Kind::Xlsx)
    } else if n == 8 && head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        Ok(Kind::Xls)
    } else {
        Err(Error::UnsupportedFormat {
            path: path.display().to_string(),
            detail: format!("扩展名“{ext}”无法识别，内容也不像表格"),
        })
    }
}

/// Streams every part of the zip through a counter: the sizes a zip declares can lie,
/// the bytes that come out cannot.
fn check_zip(path: &Path, limits: &Limits) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| bad(path, format!("文件已损坏或不完整（不是有效的压缩包：{e}）")))?;
    if zip.len() > 10_000 {
        return Err(Error::TooLarge {
            path: path.display().to_string(),
            what: format!("内部文件数（{}）", zip.len()),
            limit: "10000 个".into(),
        });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| bad(path, format!("文件已损坏或不完整（{e}）")))?;
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let too_big = |size: u64| Error::TooLarge {
            path: path.display().to_string(),
            what: format!("中的“{name}”解压后（{} 以上）", mb(size)),
            limit: format!("每个部件 {}", mb(limits.max_part_bytes)),
        };
        if part.size() > limits.max_part_bytes {
            return Err(too_big(part.size()));
        }
        let n = std::io::copy(
            &mut (&mut part).take(limits.max_part_bytes + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| bad(path, format!("“{name}”已损坏或不完整（{e}）")))?;
        if n > limits.max_part_bytes {
            return Err(too_big(n));
        }
        total += n;
        if total > limits.max_total_bytes {
            return Err(Error::TooLarge {
                path: path.display().to_string(),
                what: format!("解压后总大小（{} 以上）", mb(total)),
                limit: mb(limits.max_total_bytes),
            });
        }
    }
    Ok(())
}

fn pick_sheet(path: &Path, names: &[String], sheet: Option<&str>) -> Result<String> {
    match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.trim() == want.trim())
            .cloned()
            .ok_or_else(|| {
                bad(
                    path,
                    format!(
                        "没有名为“{want}”的工作表，文件中的工作表有：{}",
                        names.join("、")
                    ),
                )
            }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| bad(path, "文件中没有工作表")),
    }
}

struct GridBuilder<'a> {
    path: &'a Path,
    limits: &'a Limits,
    rows: Vec<Vec<Cell>>,
    dropped_columns: bool,
}

impl GridBuilder<'_> {
    fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<()> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if col >= self.limits.max_columns {
            self.dropped_columns = true;
            return Ok(());
        }
        if row >= self.limits.max_rows {
            return Err(Error::TooLarge {
                path: self.path.display().to_string(),
                what: format!("行数（第 {} 行仍有内容）", row + 1),
                limit: format!("{} 行", self.limits.max_rows),
            });
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Cell::Empty);
        }
        r[col] = cell;
        Ok(())
    }

    fn finish(self, sheet: String, mut warnings: Vec<String>) -> Grid {
        if self.dropped_columns {
            warnings.push(format!("第 {} 列以后的内容已忽略", self.limits.max_columns));
        }
        Grid {
            sheet,
            rows: self.rows,
            encoding: None,
            warnings,
        }
    }
}

fn read_xlsx(path: &Path, sheet: Option<&str>, limits: &Limits) -> Result<Grid> {
    let mut wb: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| bad(path, e.to_string()))?;
    let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
    let mut g = GridBuilder {
        path,
        limits,
        rows: Vec::new(),
        dropped_columns: false,
    };
    {
        let mut cells = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| bad(path, e.to_string()))?;
        while let Some(c) = cells.next_cell().map_err(|e| bad(path, e.to_string()))? {
            let (row, col) = c.get_position();
            g.put(row as usize, col as usize, from_ref(c.get_value()))?;
        }
    }
    Ok(g.finish(name, Vec::new()))
}

fn read_range<R: Reader<BufReader<std::fs::File>>>(
    path: &Path,
    mut wb: R,
    sheet: Option<&str>,
    limits: &Limits,
) -> Result<Grid>
where
    R::Error: std::fmt::Display,
{
    let name = pick_sheet(path, &wb.sheet_names(), sheet)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| bad(path, e.to_string()))?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut g = GridBuilder {
        path,
        limits,
        rows: Vec::new(),
        dropped_columns: false,
    };
    for (i, row) in range.rows().enumerate() {
        for (j, v) in row.iter().enumerate() {
            g.put(r0 as usize + i, c0 as usize + j, from_data(v))?;
        }
    }
    Ok(g.finish(name, Vec::new()))
}

fn excel_date(d: &calamine::ExcelDateTime) -> Cell {
    if d.is_datetime() {
        d.as_datetime()
            .map(Cell::Date)
            .unwrap_or(Cell::Number(d.as_f64()))
    } else {
        Cell::Number(d.as_f64())
    }
}

fn from_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => excel_date(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(format!("#{e:?}")),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => excel_date(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e:?}")),
        Data::Empty => Cell::Empty,
    }
}

/// Decodes CSV bytes: a BOM says which Unicode form; otherwise UTF-8 if valid, else GBK
/// (GB18030, what Excel on a Chinese Windows saves). Returns the text and the encoding.
pub fn decode_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .ok()
            .map(|s| (s.to_string(), "UTF-8（带 BOM）"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, enc, errors) = encoding_rs::UTF_16LE.decode(bytes);
        return (!errors).then(|| (text.into_owned(), enc.name()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), "UTF-8"));
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s.into_owned(), "GBK/GB18030"))
}

fn read_csv(path: &Path, limits: &Limits) -> Result<Grid> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    let (text, encoding) = decode_text(&bytes).ok_or_else(|| {
        bad(
            path,
            "文字编码既不是 UTF-8 也不是 GBK，无法识别。请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx",
        )
    })?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches('\t').count() > first_line.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut g = GridBuilder {
        path,
        limits,
        rows: Vec::new(),
        dropped_columns: false,
    };
    let bytes_of_text = text.as_bytes();
    let (mut scanned, mut line) = (0usize, 0usize);
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| bad(path, format!("第 {} 行格式有误（{e}）", i + 1)))?;
        // The record's first line, so row numbers match what a text editor shows (the
        // reader's own line count skips blank lines and miscounts CRLF): count the line
        // breaks up to where the record starts.
        let start = rec.position().map(|p| p.byte() as usize).unwrap_or(0);
        while scanned < start.min(bytes_of_text.len()) {
            if bytes_of_text[scanned] == b'\n' {
                line += 1;
            }
            scanned += 1;
        }
        while scanned < bytes_of_text.len() && matches!(bytes_of_text[scanned], b'\r' | b'\n') {
            if bytes_of_text[scanned] == b'\n' {
                line += 1;
            }
            scanned += 1;
        }
        let row = if start == 0 { i } else { line };
        for (j, field) in rec.iter().enumerate() {
            if !field.is_empty() {
                g.put(row, j, Cell::Text(field.to_string()))?;
            }
        }
    }
    let mut grid = g.finish("CSV".into(), Vec::new());
    grid.encoding = Some(encoding);
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        for (text, want) in [
            ("a,b\r\nc,d\r\n", vec![0, 1]),
            ("a,b\n\nc,d\n", vec![0, 2]),
            ("a,b\r\n\r\n\r\nc,d\r\ne\n", vec![0, 3, 4]),
            ("a,\"x\ny\"\nc,d\n", vec![0, 2]),
        ] {
            let p = dir.path().join("t.csv");
            std::fs::write(&p, text).unwrap();
            let g = read_grid(&p, None, &Limits::default()).unwrap();
            let rows: Vec<usize> = (0..g.rows.len())
                .filter(|r| !g.rows[*r].is_empty())
                .collect();
            assert_eq!(rows, want, "{text:?}");
        }
    }

    #[test]
    fn gbk_bytes_are_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("信访件编号,来源\r\n");
        let (text, enc) = decode_text(&gbk).unwrap();
        assert_eq!(text, "信访件编号,来源\r\n", "{enc}");
    }
}
