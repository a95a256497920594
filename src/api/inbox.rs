//! The in-app reminder list and the monthly round report export (issue #4).
//!
//! `reminder_inbox` is read-only: it shows today's rounds (open, missed, confirmed) and the
//! deadline alerts whose time has come, without marking anything as shown — the desktop
//! shell's loop (`rounds_pending`) stays the one that records delivery. So the list works
//! the same when notifications were dropped, in the browser, and after a restart.
//! `rounds_report_export` writes the month's report as .xlsx (per-day sheet + every round)
//! or .csv (every round).

use std::path::Path;

use chrono::{Duration, NaiveDate};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use serde::Serialize;

use super::Desk;
use super::rounds::{RoundStatus, RoundView, RoundsReport};
use crate::error::{Error, Result};
use crate::reminders::{self, Alert, PlannedRound};
use crate::time::{Time, china_date, cst, fmt_date, read_time};

/// Earlier days whose missed rounds are counted in the inbox (the report shows the rest).
const MISSED_LOOKBACK_DAYS: i64 = 7;

/// The round `round_done` would confirm now, and how it would be recorded.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CurrentRound {
    #[serde(flatten)]
    pub round: PlannedRound,
    /// Confirming now is later than the grace period: recorded as 补查（迟到）.
    pub late: bool,
    pub confirmed_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Inbox {
    pub date: NaiveDate,
    pub is_working_day: bool,
    /// Today's rounds with their status (upcoming ones included, for the 工作台 strip).
    pub rounds: Vec<RoundView>,
    /// What 已查看 would confirm now; absent before the first round and on rest days.
    pub current: Option<CurrentRound>,
    /// Today's alerts whose time has come (shown or not by the notifications).
    pub alerts: Vec<Alert>,
    /// Rounds missed on the last [`MISSED_LOOKBACK_DAYS`] days before today.
    pub missed_earlier: u32,
    pub next_round: Option<PlannedRound>,
    pub grace_minutes: u32,
}

/// One day of the monthly report.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct ReportDay {
    pub date: String,
    pub planned: u32,
    pub on_time: u32,
    pub late: u32,
    pub missed: u32,
    pub pending: u32,
    pub new_items: u32,
}

/// The report's rows grouped by day, in date order.
pub fn report_days(rows: &[RoundView]) -> Vec<ReportDay> {
    let mut days: Vec<ReportDay> = Vec::new();
    for r in rows {
        let date = fmt_date(r.round.date);
        if days.last().is_none_or(|d| d.date != date) {
            days.push(ReportDay {
                date,
                ..ReportDay::default()
            });
        }
        if let Some(d) = days.last_mut() {
            d.planned += 1;
            match r.status {
                RoundStatus::OnTime => d.on_time += 1,
                RoundStatus::Late => d.late += 1,
                RoundStatus::Missed => d.missed += 1,
                RoundStatus::Open | RoundStatus::Upcoming => d.pending += 1,
            }
            d.new_items += r.new_items.unwrap_or(0);
        }
    }
    days
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundsExport {
    pub file: String,
    pub format: &'static str,
    pub month: String,
    pub days: usize,
    pub rounds: usize,
}

/// The round's status as the report prints it: a late confirmation is 补查（迟到）.
fn status_text(r: &RoundView) -> &'static str {
    match r.status {
        RoundStatus::Late => "补查（迟到）",
        other => other.label(),
    }
}

fn hhmm(stored: Option<&str>) -> String {
    stored
        .and_then(|s| read_time(s).ok())
        .map(|t| t.with_timezone(&cst()).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

impl Desk {
    /// Today's rounds and alerts for the in-app list (read-only).
    pub fn reminder_inbox(&self, now: &Time) -> Result<Inbox> {
        let s = self.reminder_settings()?;
        let today = china_date(now);
        let plan = self.rounds_plan(today, today, now)?;
        let current = plan
            .rounds
            .iter()
            .rfind(|r| r.round.at <= *now + s.early())
            .map(|r| CurrentRound {
                round: r.round.clone(),
                late: *now > r.round.at + s.grace(),
                confirmed_at: r.confirmed_at.clone(),
            });
        let alerts = plan.alerts.into_iter().filter(|a| a.at <= *now).collect();
        let from = today - Duration::days(MISSED_LOOKBACK_DAYS);
        let yesterday = today - Duration::days(1);
        let earlier = self.rounds_plan(from, yesterday, now)?;
        let missed_earlier = earlier
            .rounds
            .iter()
            .filter(|r| r.status == RoundStatus::Missed)
            .count() as u32;
        Ok(Inbox {
            date: today,
            is_working_day: self.calendar.is_working_day(today),
            rounds: plan.rounds,
            current,
            alerts,
            missed_earlier,
            next_round: reminders::next_round_after(&self.calendar, &s, now)?,
            grace_minutes: s.grace_minutes,
        })
    }

    /// Writes the month's check-round report to `path` (.xlsx or .csv by the extension).
    pub fn rounds_report_export(
        &self,
        month: &str,
        path: &Path,
        now: &Time,
    ) -> Result<RoundsExport> {
        let report = self.rounds_report(month, now)?;
        // The audit chain head, when the ledger has one (printed so it can be kept on paper).
        let chain_head = serde_json::to_value(&report)
            .ok()
            .and_then(|v| v.get("chain_head").cloned())
            .filter(|v| !v.is_null());
        let days = report_days(&report.rows);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let err = |detail: String| Error::Export {
            path: path.display().to_string(),
            detail,
        };
        let format = match ext.as_str() {
            "xlsx" => {
                write_xlsx(path, &report, &days, chain_head.as_ref(), now)
                    .map_err(|e| err(e.to_string()))?;
                "xlsx"
            }
            "csv" => {
                write_csv(path, &report).map_err(err)?;
                "csv"
            }
            _ => {
                return Err(Error::UnsupportedFormat {
                    path: path.display().to_string(),
                    detail: format!("导出文件的扩展名应为 .xlsx 或 .csv，而不是“{ext}”"),
                });
            }
        };
        Ok(RoundsExport {
            file: path.display().to_string(),
            format,
            month: report.month.clone(),
            days: days.len(),
            rounds: report.rows.len(),
        })
    }
}

const ROUND_HEADER: [&str; 6] = ["日期", "轮次", "计划时间", "确认时间", "新增待签收", "状态"];

fn round_record(r: &RoundView) -> [String; 6] {
    [
        fmt_date(r.round.date),
        r.round.label.clone(),
        r.round.at.format("%H:%M").to_string(),
        hhmm(r.confirmed_at.as_deref()),
        r.new_items.map(|n| n.to_string()).unwrap_or_default(),
        status_text(r).to_string(),
    ]
}

fn write_csv(path: &Path, report: &RoundsReport) -> std::result::Result<(), String> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec(); // the BOM is how Excel knows it is UTF-8
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF) // as Excel and WPS on Windows expect
            .from_writer(&mut bytes);
        w.write_record(ROUND_HEADER).map_err(|e| e.to_string())?;
        for r in &report.rows {
            w.write_record(round_record(r)).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    std::fs::write(path, bytes).map_err(|e| crate::error::io_zh(&e))
}

fn write_xlsx(
    path: &Path,
    report: &RoundsReport,
    days: &[ReportDay],
    chain_head: Option<&serde_json::Value>,
    now: &Time,
) -> std::result::Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(0xE8EEF8);
    let cell = Format::new().set_border(FormatBorder::Thin);
    let num = cell.clone().set_align(FormatAlign::Center);

    let ws = wb.add_worksheet();
    ws.set_name("按日汇总")?;
    ws.write_string_with_format(
        0,
        0,
        format!("“2+2”查看记录月报（{}）", report.month),
        &title,
    )?;
    ws.write_string(
        1,
        0,
        format!(
            "计划 {} 轮　按时 {}　迟到 {}　漏查 {}　待确认/未到 {}　导出时间 {}",
            report.planned,
            report.on_time,
            report.late,
            report.missed,
            report.open + report.upcoming,
            now.with_timezone(&cst()).format("%Y-%m-%d %H:%M")
        ),
    )?;
    let cols = [
        "日期",
        "计划",
        "按时",
        "补查（迟到）",
        "漏查",
        "待确认/未到",
        "新增待签收",
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, if c == 0 { 12.0 } else { 13.0 })?;
    }
    let mut row = 4u32;
    for d in days {
        ws.write_string_with_format(row, 0, &d.date, &cell)?;
        for (c, v) in [
            d.planned,
            d.on_time,
            d.late,
            d.missed,
            d.pending,
            d.new_items,
        ]
        .iter()
        .enumerate()
        {
            ws.write_number_with_format(row, c as u16 + 1, f64::from(*v), &num)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "合计", &head)?;
    let total = |f: fn(&ReportDay) -> u32| f64::from(days.iter().map(f).sum::<u32>());
    for (c, v) in [
        total(|d| d.planned),
        total(|d| d.on_time),
        total(|d| d.late),
        total(|d| d.missed),
        total(|d| d.pending),
        total(|d| d.new_items),
    ]
    .iter()
    .enumerate()
    {
        ws.write_number_with_format(row, c as u16 + 1, *v, &head)?;
    }
    if let Some(h) = chain_head {
        let field = |k: &str| match h.get(k) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) if !v.is_null() => v.to_string(),
            _ => String::new(),
        };
        ws.write_string(
            row + 2,
            0,
            format!(
                "审计链头：{}　共 {} 条　截至 {}",
                field("hash"),
                field("count"),
                field("at")
            ),
        )?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("每轮明细")?;
    for (c, h) in ROUND_HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, [12.0, 18.0, 10.0, 18.0, 11.0, 13.0][c])?;
    }
    for (i, r) in report.rows.iter().enumerate() {
        for (c, v) in round_record(r).iter().enumerate() {
            ws.write_string_with_format(i as u32 + 1, c as u16, v, &cell)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save(path)
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::{Inbox, RoundsExport};
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::error::Result;
    use crate::time::Time;
    use std::path::PathBuf;

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct ReminderInboxArgs {}
    impl Command for ReminderInboxArgs {
        const NAME: &'static str = "reminder_inbox";
        type Response = Inbox;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Inbox> {
            let _ = now;
            desk.reminder_inbox(now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct RoundsReportExportArgs {
        pub month: String,
        pub path: PathBuf,
    }
    impl Command for RoundsReportExportArgs {
        const NAME: &'static str = "rounds_report_export";
        type Response = RoundsExport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<RoundsExport> {
            let _ = now;
            desk.rounds_report_export(&self.month, &self.path, now)
        }
    }
}
