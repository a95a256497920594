//! `xinfang rounds …`: the “2+2” plan and deadline alerts, confirming a round, the month report.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use xinfang::Result;
use xinfang::api::Desk;
use xinfang::time::{Time, parse_date, parse_time};

use super::print;
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(super) struct RoundsArgs {
    #[command(subcommand)]
    pub(super) cmd: Option<RoundsCmd>,
    /// 开始日期（默认今天）
    #[arg(long)]
    pub(super) from: Option<String>,
    /// 结束日期（默认同开始日期）
    #[arg(long)]
    pub(super) to: Option<String>,
    #[arg(long)]
    pub(super) json: bool,
}

#[derive(Subcommand)]
pub(super) enum RoundsCmd {
    /// 确认当前这一轮查看：“已查看，新增 N 件待签收”
    Done {
        /// 实际查看的时间（默认现在）
        #[arg(long)]
        at: Option<String>,
        /// 新增待签收件数
        #[arg(long = "new", default_value_t = 0)]
        new_items: u32,
        #[arg(long)]
        json: bool,
    },
    /// 月报：应查、按时、迟到、漏查
    Report {
        /// 月份，如 2026-10
        #[arg(long)]
        month: String,
        /// 导出到文件：.xlsx（按日汇总 + 每轮明细）或 .csv（每轮明细）
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 自上次以来到时的查看与期限提醒（每项只给出一次）
    Pending {
        /// 上次运行的时间（默认取台账中记录的上次时间）
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// `rounds [--from] [--to]`: the plan, from the ledger when there is one (with its deadline
/// alerts), else from the bundled calendar.
pub(super) fn plan(
    path: &Path,
    actor: Option<&str>,
    from: Option<String>,
    to: Option<String>,
    json: bool,
    now: &Time,
) -> Result<()> {
    let from = match from {
        Some(f) => parse_date(&f)?,
        None => xinfang::time::china_date(now),
    };
    let to = to.as_deref().map(parse_date).transpose()?.unwrap_or(from);
    let plan = if path.exists() {
        super::open(path, false, actor)?.rounds_plan(from, to, now)?
    } else {
        xinfang::api::RoundsPlan::without_ledger(from, to, now)?
    };
    print::rounds_plan(&plan, json);
    Ok(())
}

/// `rounds done | report | pending`.
pub(super) fn run(desk: &mut Desk, cmd: Option<RoundsCmd>, now: &Time) -> Result<()> {
    match cmd {
        Some(RoundsCmd::Done {
            at,
            new_items,
            json,
        }) => {
            let at = at.as_deref().map(parse_time).transpose()?;
            print::round_done(&desk.round_done(at, new_items, now)?, json);
            Ok(())
        }
        Some(RoundsCmd::Report { month, out, json }) => {
            match out {
                Some(path) => {
                    let r = desk.rounds_report_export(&month, &path, now)?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
                    } else {
                        println!(
                            "已导出 {} 的查看记录：{} 个工作日，{} 轮 → {}",
                            r.month, r.days, r.rounds, r.file
                        );
                    }
                }
                None => print::rounds_report(&desk.rounds_report(&month, now)?, json),
            }
            Ok(())
        }
        Some(RoundsCmd::Pending { since, json }) => {
            let since = since.as_deref().map(parse_time).transpose()?;
            print::pending(&desk.rounds_pending(since, now)?, json);
            Ok(())
        }
        None => Ok(()),
    }
}
