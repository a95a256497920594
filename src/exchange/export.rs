//! Export of the 台账 as .xlsx (title row, frozen header, real date cells, overdue rows
//! highlighted, widths fit for Chinese text, a second sheet with the five rates) or as
//! CSV (UTF-8 with BOM so Excel opens it). 检举控告 cases are masked: the petitioner's
//! name, ID number, phone and address never leave the ledger in an export.
//!
//! Rows in, file out: reading the rows from the ledger is `api::export_file`'s job.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde::{Deserialize, Serialize};

use super::columns::{DEFAULT_COLUMNS, Field};
use crate::domain::{
    DeliveryMethod, Evaluation, Form, Method, Petitioner, Purpose, SenderLevel, Source, Status,
    mask_id_number, mask_name, mask_phone, redact_identity,
};
use crate::error::{Error, Result};
use crate::rules::rates::RatesReport;
use crate::time::{Time, china_date, cst, fmt_date};

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct ExportOptions {
    /// Only this 责任单位.
    pub unit: Option<String>,
    /// Only cases that arrived in this year; also the year of the five-rates sheet.
    pub year: Option<i32>,
    /// Columns in order; the common 台账 columns when absent.
    pub columns: Option<Vec<Field>>,
    /// Title row text; `<单位>信访事项台账（<年>年）` when absent.
    pub title: Option<String>,
    /// Mask every case's ID numbers and phones (500118********1234, 138****5678), for a copy
    /// that leaves the office. Off by default: the export is the working 台账 and re-imports.
    /// 检举控告 cases are masked either way.
    #[ts(as = "Option<bool>", optional)]
    pub mask_personal: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ExportReport {
    pub file: String,
    pub format: &'static str,
    pub cases: usize,
    pub overdue: usize,
    /// Confidential (检举控告) cases whose petitioner data was masked.
    pub masked: usize,
    pub columns: Vec<&'static str>,
}

/// One case as the export reads it (one query for all cases, one for all petitioners).
pub struct Row {
    pub case_no: String,
    pub unit: String,
    pub source: Source,
    pub sender: Option<String>,
    pub sender_level: Option<SenderLevel>,
    pub arrived_at: Time,
    pub form: Form,
    pub petitioners: Vec<Petitioner>,
    pub people_count: i64,
    pub demand: String,
    pub suggestions: Option<String>,
    pub facts: Option<String>,
    pub history: Option<String>,
    pub purpose: Purpose,
    pub category: Option<String>,
    pub hot_issue: Option<String>,
    pub cause: Option<String>,
    pub sensitive: bool,
    pub threat: bool,
    pub responsible_leader: Option<String>,
    pub case_owner_leader: Option<String>,
    pub section: Option<String>,
    pub handler: Option<String>,
    pub repeat_of: Option<String>,
    pub statutory_due_date: Option<NaiveDate>,
    /// 交办/督办期限 (条例 §22).
    pub sender_deadline: Option<NaiveDate>,
    /// The dates of each 督办.
    pub supervisions: Vec<NaiveDate>,
    /// The evaluation window's last day while unevaluated (derived `eval_due`).
    pub eval_due: Option<NaiveDate>,
    /// Each 回访: "2026-10-17 电话：信访人表示满意".
    pub follow_ups: Vec<String>,
    pub return_result: Option<crate::domain::ReturnResult>,
    pub closed_at: Option<Time>,
    pub petition_date: Option<NaiveDate>,
    pub in_evaluation_scope: bool,
    /// 初信初访 (N §三.三).
    pub first_petition: bool,
    pub notes: Option<String>,
    pub signed_at: Option<Time>,
    pub accepted_at: Option<Time>,
    pub method: Option<Method>,
    pub method_reason: Option<String>,
    pub replied_at: Option<Time>,
    pub evaluation: Option<Evaluation>,
    pub evaluated_at: Option<Time>,
    pub reply_due: Option<NaiveDate>,
    pub status: Status,
    pub overdue: bool,
    pub delivery: Option<(Time, DeliveryMethod)>,
    /// [`ExportOptions::mask_personal`].
    pub mask_personal: bool,
}

/// A cell's content before it is written to one format or the other.
enum Out {
    Blank,
    Text(String),
    Int(i64),
    Time(NaiveDateTime),
    Date(NaiveDate),
}

fn opt(s: &Option<String>) -> Out {
    match s {
        Some(s) if !s.is_empty() => Out::Text(s.clone()),
        _ => Out::Blank,
    }
}

fn time(t: &Option<Time>) -> Out {
    match t {
        Some(t) => Out::Time(t.with_timezone(&cst()).naive_local()),
        None => Out::Blank,
    }
}

fn yes_no(b: bool) -> Out {
    Out::Text(if b { "是" } else { "否" }.into())
}

impl Row {
    fn confidential(&self) -> bool {
        self.purpose.is_confidential()
    }

    /// A free text as exported: the accuser's identity removed in a confidential case.
    fn free_text(&self, text: &str) -> String {
        if self.confidential() {
            redact_identity(text, &self.petitioners, "（保密）")
        } else {
            text.to_string()
        }
    }

    /// The petitioners' `pick`ed values joined by 、 (masked for confidential cases).
    fn joined(&self, sep: &str, pick: impl Fn(&Petitioner) -> Option<String>) -> Out {
        let vals: Vec<String> = self.petitioners.iter().filter_map(pick).collect();
        if vals.iter().all(String::is_empty) {
            Out::Blank
        } else {
            Out::Text(vals.join(sep))
        }
    }

    fn cell(&self, f: Field, seq: usize) -> Out {
        let secret = self.confidential();
        match f {
            Field::Seq => Out::Int(seq as i64),
            Field::CaseNo => Out::Text(self.case_no.clone()),
            Field::Unit => Out::Text(self.unit.clone()),
            Field::Source => Out::Text(self.source.label().into()),
            Field::Sender => opt(&self.sender),
            Field::SenderLevel => opt(&self.sender_level.map(|l| l.label().to_string())),
            Field::ArrivedAt => time(&Some(self.arrived_at)),
            Field::Form => Out::Text(self.form.label().into()),
            Field::PetitionerName => self.joined("、", |p| {
                Some(if secret {
                    mask_name(&p.name)
                } else {
                    p.name.clone()
                })
            }),
            Field::IdNumber => self.joined("、", |p| {
                Some(match &p.id_number {
                    Some(id) if secret || self.mask_personal => mask_id_number(id),
                    Some(id) => id.clone(),
                    None => String::new(),
                })
            }),
            Field::Phone => self.joined("、", |p| {
                Some(match &p.phone {
                    Some(ph) if secret || self.mask_personal => mask_phone(ph),
                    Some(ph) => ph.clone(),
                    None => String::new(),
                })
            }),
            Field::Address => self.joined("；", |p| {
                Some(match &p.address {
                    Some(_) if secret => "（保密）".to_string(),
                    Some(a) => a.clone(),
                    None => String::new(),
                })
            }),
            Field::PeopleCount => Out::Int(self.people_count.max(1)),
            Field::Representatives => self.joined("、", |p| {
                p.representative.then(|| {
                    if secret {
                        mask_name(&p.name)
                    } else {
                        p.name.clone()
                    }
                })
            }),
            Field::FirstPetition => yes_no(self.first_petition),
            // 条例 §30.3: a 检举控告 text that quotes the accuser is exported without them.
            Field::Demand => Out::Text(self.free_text(&self.demand)),
            Field::Suggestions => opt(&self.suggestions.as_deref().map(|t| self.free_text(t))),
            Field::Facts => opt(&self.facts.as_deref().map(|t| self.free_text(t))),
            Field::History => opt(&self.history.as_deref().map(|t| self.free_text(t))),
            Field::Purpose => Out::Text(self.purpose.label().into()),
            Field::Category => opt(&self.category),
            Field::HotIssue => opt(&self.hot_issue),
            Field::Cause => opt(&self.cause),
            Field::Sensitive => yes_no(self.sensitive),
            Field::Threat => yes_no(self.threat),
            Field::ResponsibleLeader => opt(&self.responsible_leader),
            Field::CaseOwnerLeader => opt(&self.case_owner_leader),
            Field::Section => opt(&self.section),
            Field::Handler => opt(&self.handler),
            Field::RepeatOf => opt(&self.repeat_of),
            Field::StatutoryDueDate => self.statutory_due_date.map_or(Out::Blank, Out::Date),
            Field::SenderDeadline => self.sender_deadline.map_or(Out::Blank, Out::Date),
            Field::Supervisions => match self.supervisions.len() {
                0 => Out::Blank,
                n => Out::Text(format!(
                    "{n}次：{}",
                    self.supervisions
                        .iter()
                        .map(|d| fmt_date(*d))
                        .collect::<Vec<_>>()
                        .join("、")
                )),
            },
            Field::EvalDue => self.eval_due.map_or(Out::Blank, Out::Date),
            Field::FollowUps => match self.follow_ups.len() {
                0 => Out::Blank,
                // 条例 §30: a 回访 note may name the accuser; redacted like every free text.
                n => Out::Text(format!(
                    "{n}次：{}",
                    self.free_text(&self.follow_ups.join("；"))
                )),
            },
            Field::ReturnResult => match (self.method, self.return_result) {
                (Some(Method::ReturnCase), Some(r)) => Out::Text(r.label().into()),
                (Some(Method::ReturnCase), None) => Out::Text("待审核".into()),
                _ => Out::Blank,
            },
            Field::ClosedAt => time(&self.closed_at),
            Field::PetitionDate => self.petition_date.map_or(Out::Blank, Out::Date),
            Field::InEvaluationScope => yes_no(self.in_evaluation_scope),
            Field::SignedAt => time(&self.signed_at),
            Field::AcceptedAt => time(&self.accepted_at),
            Field::Method => opt(&self.method.map(|m| m.label().to_string())),
            Field::MethodReason => opt(&self.method_reason.as_deref().map(|t| self.free_text(t))),
            Field::ReplyDue => self.reply_due.map_or(Out::Blank, Out::Date),
            Field::RepliedAt => time(&self.replied_at),
            // 办结: answered, or returned (退件 ends the unit's handling).
            Field::ConcludedOn => match (self.replied_at, self.method, self.accepted_at) {
                (Some(t), _, _) => Out::Date(china_date(&t)),
                (None, Some(Method::ReturnCase), Some(t)) => Out::Date(china_date(&t)),
                _ => Out::Blank,
            },
            Field::Delivery => match &self.delivery {
                Some((t, m)) => Out::Text(format!("{} {}", fmt_date(china_date(t)), m.label())),
                None => Out::Blank,
            },
            Field::Evaluation => opt(&self.evaluation.map(|e| e.label().to_string())),
            Field::EvaluatedAt => time(&self.evaluated_at),
            Field::Status => Out::Text(self.status.label().into()),
            Field::IsRepeat => yes_no(self.repeat_of.is_some()),
            Field::Overdue => yes_no(self.overdue),
            Field::Notes => opt(&self.notes.as_deref().map(|t| self.free_text(t))),
            // Read on import only (kept in the notes); the ledger's own state is 办理状态.
            Field::Outcome => Out::Blank,
        }
    }
}

/// The file formats an export writes, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// With a second sheet of the five rates.
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub fn of(path: &Path) -> Result<Self> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Ok(ExportFormat::Xlsx),
            "csv" => Ok(ExportFormat::Csv),
            _ => Err(Error::UnsupportedFormat {
                path: path.display().to_string(),
                detail: format!("导出文件的扩展名应为 .xlsx 或 .csv，而不是“{ext}”"),
            }),
        }
    }
}

/// Writes `rows` (the cases, in order of arrival, as the ledger gives them) to `path`;
/// an .xlsx also gets the five-rates sheet from `rates`.
pub fn write_file(
    path: &Path,
    format: ExportFormat,
    opts: &ExportOptions,
    rows: &[Row],
    rates: Option<&RatesReport>,
    now: &Time,
) -> Result<ExportReport> {
    let columns: Vec<Field> = opts
        .columns
        .clone()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| DEFAULT_COLUMNS.to_vec());
    let format = match (format, rates) {
        (ExportFormat::Xlsx, Some(rates)) => {
            let title = opts.title.clone().unwrap_or_else(|| {
                let unit = opts.unit.as_deref().unwrap_or("");
                match opts.year {
                    Some(y) => format!("{unit}信访事项台账（{y}年）"),
                    None => format!("{unit}信访事项台账"),
                }
            });
            let subtitle = format!(
                "导出时间：{}　共 {} 件　超期件以红色标出　检举控告件已隐去信访人信息",
                now.with_timezone(&cst()).format("%Y-%m-%d %H:%M"),
                rows.len()
            );
            write_xlsx(path, &title, &subtitle, &columns, rows, rates)
                .map_err(|e| export_err(path, e.to_string()))?;
            "xlsx"
        }
        (ExportFormat::Xlsx, None) => {
            return Err(export_err(path, "缺少“五率”表的数据".into()));
        }
        (ExportFormat::Csv, _) => {
            write_csv(path, &columns, rows)?;
            "csv"
        }
    };
    tracing::info!(
        format,
        cases = rows.len(),
        masked = rows.iter().filter(|r| r.confidential()).count(),
        "导出"
    );
    Ok(ExportReport {
        file: path.display().to_string(),
        format,
        cases: rows.len(),
        overdue: rows.iter().filter(|r| r.overdue).count(),
        masked: rows.iter().filter(|r| r.confidential()).count(),
        columns: columns.iter().map(|f| f.label()).collect(),
    })
}

fn export_err(path: &Path, detail: String) -> Error {
    Error::Export {
        path: path.display().to_string(),
        detail,
    }
}

/// Excel serial of a China-time moment (days since 1899-12-30; fraction = time of day).
fn serial(t: NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    let days = (t.date() - epoch).num_days() as f64;
    days + f64::from(t.num_seconds_from_midnight()) / 86_400.0
}

/// Display width of text in Excel character units: a Chinese character is two.
fn text_width(s: &str) -> f64 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { 1.1 } else { 2.1 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

struct Formats {
    text: Format,
    int: Format,
    time: Format,
    date: Format,
}

impl Formats {
    fn new(fill: Option<Color>) -> Self {
        let base = Format::new();
        let base = match fill {
            Some(c) => base.set_background_color(c),
            None => base,
        };
        Formats {
            text: base.clone(),
            int: base.clone().set_align(FormatAlign::Center),
            time: base.clone().set_num_format("yyyy-mm-dd hh:mm"),
            date: base.set_num_format("yyyy-mm-dd"),
        }
    }
}

fn write_xlsx(
    path: &Path,
    title: &str,
    subtitle: &str,
    columns: &[Field],
    rows: &[Row],
    rates: &RatesReport,
) -> std::result::Result<(), XlsxError> {
    let mut wb = Workbook::new();
    // Level 3: ~30% faster to save than the default 6 for a ~5% larger file.
    wb.set_zip_compression_level(3);
    // Widths from the header and a sample of rows: enough to fit, cheap on 100k rows.
    let mut widths: Vec<f64> = columns
        .iter()
        .map(|f| f.width().max(text_width(f.label()) + 1.0))
        .collect();
    for (i, row) in rows.iter().take(2000).enumerate() {
        for (c, f) in columns.iter().enumerate() {
            if let Out::Text(s) = row.cell(*f, i + 1) {
                widths[c] = widths[c].max(text_width(&s).min(60.0));
            }
        }
    }
    // Constant memory: rows go to a temp file as they are written, so a 100k-case
    // export neither holds every cell in memory nor sorts them at save time.
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("台账")?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let last_col = columns.len().saturating_sub(1) as u16;
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let sub_fmt = Format::new().set_font_size(9).set_font_color(Color::Gray);
    let head_fmt = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    ws.set_row_height(0, 30)?;
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, title, &title_fmt)?;
        ws.merge_range(1, 0, 1, last_col, subtitle, &sub_fmt)?;
    } else {
        ws.write_string_with_format(0, 0, title, &title_fmt)?;
        ws.write_string_with_format(1, 0, subtitle, &sub_fmt)?;
    }
    const HEAD: u32 = 2;
    ws.set_row_height(HEAD, 28)?;
    for (c, f) in columns.iter().enumerate() {
        ws.write_string_with_format(HEAD, c as u16, f.label(), &head_fmt)?;
    }
    let plain = Formats::new(None);
    let overdue = Formats::new(Some(Color::RGB(0xFFC7CE)));
    for (i, row) in rows.iter().enumerate() {
        let r = HEAD + 1 + i as u32;
        let fm = if row.overdue { &overdue } else { &plain };
        for (c, f) in columns.iter().enumerate() {
            let col = c as u16;
            match row.cell(*f, i + 1) {
                Out::Blank => {
                    if row.overdue {
                        ws.write_blank(r, col, &fm.text)?;
                    }
                }
                // Plain text needs no style of its own; a per-cell style costs a format
                // lookup per cell, about half of the time of a 100k-case export.
                Out::Text(s) if !row.overdue => {
                    ws.write_string(r, col, s)?;
                }
                Out::Text(s) => {
                    ws.write_string_with_format(r, col, s, &fm.text)?;
                }
                Out::Int(n) => {
                    ws.write_number_with_format(r, col, n as f64, &fm.int)?;
                }
                Out::Time(t) => {
                    ws.write_number_with_format(r, col, serial(t), &fm.time)?;
                }
                Out::Date(d) => {
                    ws.write_number_with_format(
                        r,
                        col,
                        serial(d.and_time(chrono::NaiveTime::MIN)),
                        &fm.date,
                    )?;
                }
            }
        }
    }
    // Frozen header and the case number column.
    let freeze_cols = columns
        .iter()
        .position(|f| *f == Field::CaseNo)
        .map(|i| i as u16 + 1)
        .unwrap_or(0);
    ws.set_freeze_panes(HEAD + 1, freeze_cols)?;
    if !rows.is_empty() {
        ws.autofilter(HEAD, 0, HEAD + rows.len() as u32, last_col)?;
    }
    let rs = wb.add_worksheet();
    write_rates(rs, rates)?;
    wb.save(path)?;
    Ok(())
}

fn write_rates(ws: &mut Worksheet, rates: &RatesReport) -> std::result::Result<(), XlsxError> {
    ws.set_name("五率")?;
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let head_fmt = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let pct = Format::new()
        .set_num_format("0.00%")
        .set_border(FormatBorder::Thin);
    let miss = pct.clone().set_font_color(Color::RGB(0xC00000));
    let cell = Format::new().set_border(FormatBorder::Thin);
    let num = Format::new()
        .set_num_format("0.00")
        .set_border(FormatBorder::Thin);
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} 年信访工作“五率”（截至 {}，{}）",
            rates.year, rates.as_of, rates.profile
        ),
        &title_fmt,
    )?;
    let labels: Vec<&str> = rates.overall.rates.iter().map(|r| r.label).collect();
    ws.write_string_with_format(2, 0, "单位", &head_fmt)?;
    ws.write_string_with_format(2, 1, "件数", &head_fmt)?;
    for (i, l) in labels.iter().enumerate() {
        ws.write_string_with_format(2, 2 + i as u16, *l, &head_fmt)?;
    }
    let score_col = 2 + labels.len() as u16;
    ws.write_string_with_format(2, score_col, "预计得分", &head_fmt)?;
    ws.write_string_with_format(3, 0, "目标", &cell)?;
    for (i, r) in rates.overall.rates.iter().enumerate() {
        let target = if r.id == crate::rules::rates::RateId::RepeatRate {
            format!("< {:.0}%", r.target * 100.0)
        } else {
            format!("≥ {:.0}%", r.target * 100.0)
        };
        ws.write_string_with_format(3, 2 + i as u16, target, &cell)?;
    }
    let mut row = 4;
    for u in std::iter::once(&rates.overall).chain(rates.units.iter()) {
        ws.write_string_with_format(row, 0, &u.unit, &cell)?;
        ws.write_number_with_format(row, 1, u.counts.total as f64, &cell)?;
        for (i, r) in u.rates.iter().enumerate() {
            let col = 2 + i as u16;
            match r.value {
                Some(v) => {
                    let f = if r.on_target == Some(false) {
                        &miss
                    } else {
                        &pct
                    };
                    ws.write_number_with_format(row, col, v, f)?;
                }
                None => {
                    ws.write_string_with_format(row, col, "—", &cell)?;
                }
            }
        }
        ws.write_number_with_format(row, score_col, u.score, &num)?;
        row += 1;
    }
    row += 1;
    for r in &rates.overall.rates {
        ws.write_string(row, 0, format!("{}：{}", r.label, r.formula))?;
        row += 1;
    }
    ws.set_column_width(0, 28)?;
    for c in 1..=score_col {
        ws.set_column_width(c, 12)?;
    }
    ws.set_freeze_panes(3, 1)?;
    Ok(())
}

fn write_csv(path: &Path, columns: &[Field], rows: &[Row]) -> Result<()> {
    let io = |e: std::io::Error| export_err(path, crate::error::io_zh(&e));
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    // The BOM is how Excel knows the file is UTF-8.
    std::io::Write::write_all(&mut file, b"\xEF\xBB\xBF").map_err(io)?;
    // CRLF as Excel and WPS on Windows write it (and as RFC 4180 says).
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    let csv_err = |e: csv::Error| export_err(path, e.to_string());
    w.write_record(columns.iter().map(|f| f.label()))
        .map_err(csv_err)?;
    let mut record: Vec<String> = Vec::with_capacity(columns.len());
    for (i, row) in rows.iter().enumerate() {
        record.clear();
        for f in columns {
            record.push(match row.cell(*f, i + 1) {
                Out::Blank => String::new(),
                Out::Text(s) => defuse(s),
                Out::Int(n) => n.to_string(),
                Out::Time(t) if t.second() == 0 => t.format("%Y-%m-%d %H:%M").to_string(),
                Out::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
                Out::Date(d) => fmt_date(d),
            });
        }
        w.write_record(&record).map_err(csv_err)?;
    }
    w.flush().map_err(io)?;
    Ok(())
}

/// CSV injection: Excel runs a cell that starts with = + - @ as a formula, and petition
/// text comes from outside. Such text gets a leading apostrophe (Excel shows the text;
/// the import takes the apostrophe off again).
pub fn defuse(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_defused() {
        assert_eq!(defuse("=1+1".into()), "'=1+1");
        assert_eq!(defuse("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(defuse("-2".into()), "'-2");
        assert_eq!(defuse("023-4987".into()), "023-4987");
        assert_eq!(defuse("张三".into()), "张三");
    }

    #[test]
    fn chinese_text_is_twice_as_wide() {
        assert!((text_width("信访") - 4.2).abs() < 1e-9);
        assert!((text_width("ab") - 2.2).abs() < 1e-9);
        assert!((text_width("短\n长一些") - 6.3).abs() < 1e-9);
    }

    #[test]
    fn serials_match_excel() {
        let d = NaiveDate::from_ymd_opt(2022, 12, 6).unwrap();
        assert_eq!(serial(d.and_time(chrono::NaiveTime::MIN)), 44901.0);
        let noon = d.and_hms_opt(12, 0, 0).unwrap();
        assert_eq!(serial(noon), 44901.5);
    }
}
