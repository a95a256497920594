//! `xinfang calendar …`: the holiday calendar and single-day overrides.

use std::path::PathBuf;

use clap::Subcommand;
use xinfang::Result;
use xinfang::api::Desk;
use xinfang::calendar::DayOverride;
use xinfang::time::{Time, parse_date};

use super::read_input;

#[derive(Subcommand)]
pub(super) enum CalendarCmd {
    /// 导入某年的放假安排（格式同 assets/calendar/2026.json）
    Import { file: PathBuf },
    /// 把某一天改为工作日或休息日
    Override {
        date: String,
        #[arg(long, conflicts_with = "rest", required_unless_present = "rest")]
        working: bool,
        #[arg(long)]
        rest: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 查看某天是否工作日
    Day { date: String },
}

pub(super) fn run(desk: &mut Desk, c: CalendarCmd, now: &Time) -> Result<()> {
    match c {
        CalendarCmd::Import { file } => {
            let text = read_input(&file.display().to_string())?;
            let year = desk.import_calendar_year(&file.display().to_string(), &text, now)?;
            println!("已导入 {year} 年放假安排，全部期限已按新日历重新计算。");
            Ok(())
        }
        CalendarCmd::Override {
            date,
            working,
            rest: _,
            note,
        } => {
            desk.override_day(
                DayOverride {
                    date: parse_date(&date)?,
                    working,
                    note,
                },
                now,
            )?;
            println!("已更新 {date}，全部期限已重新计算。");
            Ok(())
        }
        CalendarCmd::Day { date } => {
            let d = parse_date(&date)?;
            println!("{date}：{}", desk.calendar().describe(d));
            if let Some(w) = desk.calendar().coverage_warning(d) {
                println!("注意：{w}");
            }
            Ok(())
        }
    }
}
