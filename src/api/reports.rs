//! Read-only views across the ledger: the five rates with the projected score, and the
//! clerk's "today" summary.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Desk;
use crate::error::{Error, Result};
use crate::ledger::query::{self, CaseFilter, CaseSummary};
use crate::rules::rates;
use crate::rules::rates::RateCounts;
pub use crate::rules::rates::RatesReport;
use crate::time::{Time, china_date, fmt_date};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TodaySummary {
    pub date: String,
    pub day_kind: String,
    pub is_working_day: bool,
    pub calendar_warning: Option<String>,
    pub total_cases: u64,
    pub awaiting_sign: u64,
    pub awaiting_decision: u64,
    pub in_progress: u64,
    pub overdue: CountedList,
    /// Next deadline today or tomorrow.
    pub due_soon: CountedList,
    /// 本周到期: next deadline after tomorrow and by Sunday (issue #21 §11).
    pub due_this_week: CountedList,
    /// Cases whose uploads are incomplete or whose 送达回证 has not come back, whatever
    /// their status (an evaluated case stays here until solved).
    pub open_problems: Vec<OpenProblem>,
    pub open_problems_total: u64,
}

/// A case with something still to put right after delivery.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct OpenProblem {
    pub case_no: String,
    pub status_label: &'static str,
    pub receipts_unsigned: u32,
    /// The attachment check's must-fix items, in its words.
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CountedList {
    pub total: u64,
    pub items: Vec<CaseSummary>,
}

impl Desk {
    /// 五率 for a year, per unit and overall, with last year's repeat rate for the score.
    pub fn rates(&self, year: i32, unit: Option<&str>, now: &Time) -> Result<RatesReport> {
        let (from, to) = year_bounds(year)?;
        let (last_from, last_year_end) = year_bounds(year - 1)?;
        let today = china_date(now);
        // N §二 "同比": this year to date against the same period of last year; a past year is
        // compared whole with the whole year before it.
        let last_to = if today >= from && today < to {
            same_day_last_year(today)
                .and_then(|d| d.succ_opt())
                .unwrap_or(last_year_end)
                .min(last_year_end)
        } else {
            last_year_end
        };
        let profile = &self.settings.score_profile;
        let conn = self.ledger.conn();
        let this = query::rate_counts(conn, unit, from, to, today)?;
        let last = query::repeat_counts(conn, unit, last_from, last_to)?;
        let breaches = query::breach_counts(conn, from, to)?;
        let breach_of = |u: &str| {
            breaches
                .iter()
                .find(|(n, _, _)| n == u)
                .map(|(_, c, d)| (*c, *d))
                .unwrap_or((0, 0))
        };
        let mut units = Vec::new();
        let mut all = RateCounts::default();
        let mut all_last = RateCounts::default();
        let mut all_breaches = (0, 0);
        for (name, counts) in this {
            rates::add_counts(&mut all, &counts);
            let last_counts = last.iter().find(|(n, _)| *n == name).map(|(_, c)| c);
            let b = breach_of(&name);
            all_breaches.0 += b.0;
            all_breaches.1 += b.1;
            units.push(rates::unit_rates(name, counts, last_counts, b, profile));
        }
        for (_, c) in &last {
            rates::add_counts(&mut all_last, c);
        }
        let overall_name = unit
            .map(str::to_string)
            .unwrap_or_else(|| "全部单位".to_string());
        let last_ref = (all_last.total > 0).then_some(&all_last);
        Ok(RatesReport {
            year,
            profile: profile.name.clone(),
            as_of: fmt_date(today),
            overall: rates::unit_rates(overall_name, all, last_ref, all_breaches, profile),
            units,
        })
    }

    /// What the clerk needs to look at today.
    pub fn today(&self, now: &Time, list_limit: u32) -> Result<TodaySummary> {
        let today = china_date(now);
        let conn = self.ledger.conn();
        let count_status = |s: crate::domain::Status| -> Result<u64> {
            Ok(query::list(
                conn,
                &CaseFilter {
                    status: Some(s),
                    limit: Some(0),
                    ..CaseFilter::default()
                },
                today,
            )?
            .total)
        };
        let overdue = query::list(
            conn,
            &CaseFilter {
                overdue: true,
                limit: Some(list_limit),
                ..CaseFilter::default()
            },
            today,
        )?;
        let soon = query::list(
            conn,
            &CaseFilter {
                due_within: Some(1),
                limit: Some(list_limit + overdue.total as u32),
                ..CaseFilter::default()
            },
            today,
        )?;
        let soon_items: Vec<CaseSummary> = soon
            .items
            .into_iter()
            .filter(|c| !c.overdue)
            .take(list_limit as usize)
            .collect();
        // 本周到期: after tomorrow, by this week's Sunday.
        let to_sunday = 6 - i64::from(today.weekday().num_days_from_monday());
        let week = query::list(
            conn,
            &CaseFilter {
                due_within: Some(to_sunday.max(1)),
                limit: Some(list_limit + soon.total as u32),
                ..CaseFilter::default()
            },
            today,
        )?;
        let tomorrow = fmt_date(today + chrono::Days::new(1));
        let week_items: Vec<CaseSummary> = week
            .items
            .into_iter()
            .filter(|c| c.next_due.as_deref().is_some_and(|d| d > tomorrow.as_str()))
            .collect();
        let week_total = week.total.saturating_sub(soon.total);
        let (open_problems, open_problems_total) = self.open_problems(list_limit, now)?;
        let total_cases = query::list(
            conn,
            &CaseFilter {
                limit: Some(0),
                ..CaseFilter::default()
            },
            today,
        )?
        .total;
        Ok(TodaySummary {
            date: fmt_date(today),
            day_kind: self.calendar.describe(today),
            is_working_day: self.calendar.is_working_day(today),
            calendar_warning: self.calendar.coverage_warning(today),
            total_cases,
            awaiting_sign: count_status(crate::domain::Status::AwaitingSign)?,
            awaiting_decision: count_status(crate::domain::Status::AwaitingDecision)?,
            in_progress: count_status(crate::domain::Status::InProgress)?,
            due_soon: CountedList {
                total: soon.total - overdue.total,
                items: soon_items,
            },
            overdue: CountedList {
                total: overdue.total,
                items: overdue.items,
            },
            due_this_week: CountedList {
                total: week_total,
                items: week_items.into_iter().take(list_limit as usize).collect(),
            },
            open_problems,
            open_problems_total,
        })
    }

    /// Delivered or replied cases (any status, evaluated included) with a receipt not back or
    /// uploads the attachment check says must be fixed. SQL narrows to the candidates (fewer
    /// reviewed uploads than the method needs, or a receipt pending); each is then checked.
    fn open_problems(&self, limit: u32, now: &Time) -> Result<(Vec<OpenProblem>, u64)> {
        let conn = self.ledger.conn();
        let mut stmt = conn.prepare(
            "SELECT c.case_no FROM cases c
             WHERE c.deleted_at IS NULL AND c.method IS NOT NULL AND c.method != 'return_case'
               AND (c.replied_at IS NOT NULL OR EXISTS (SELECT 1 FROM deliveries d WHERE d.case_id = c.id))
               AND (EXISTS (SELECT 1 FROM deliveries d WHERE d.case_id = c.id
                               AND d.receipt_signed = 0 AND d.receipt_refused = 0)
                    OR (SELECT count(*) FROM attachments a WHERE a.case_id = c.id
                          AND a.reviewed_office_at IS NOT NULL)
                       < CASE c.method WHEN 'direct_reply' THEN 2 WHEN 'decline' THEN 2 ELSE 3 END)
             ORDER BY c.arrived_at, c.id",
        )?;
        let nos: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        let mut total = 0u64;
        for no in nos {
            let case = self.show_case(&no, now)?.case;
            let receipts_unsigned = case
                .deliveries
                .iter()
                .filter(|d| d.receipt_pending())
                .count() as u32;
            let attachments: Vec<String> = crate::attachments::case::case_findings(&case)
                .into_iter()
                .filter(|f| {
                    f.severity == crate::attachments::Severity::Blocking
                        && f.code != "receipt_unsigned"
                })
                .map(|f| f.message)
                .collect();
            if receipts_unsigned == 0 && attachments.is_empty() {
                continue;
            }
            total += 1;
            if out.len() < limit as usize {
                out.push(OpenProblem {
                    case_no: case.info.case_no.clone(),
                    status_label: case.status_label,
                    receipts_unsigned,
                    attachments,
                });
            }
        }
        Ok((out, total))
    }
}

/// One month of the trend chart.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct MonthRates {
    pub month: u32,
    pub counts: RateCounts,
    pub rates: Vec<crate::rules::rates::Rate>,
}

impl Desk {
    /// 五率 month by month (arrivals in each month), for the dashboard's trend chart.
    pub fn rates_by_month(
        &self,
        year: i32,
        unit: Option<&str>,
        now: &Time,
    ) -> Result<Vec<MonthRates>> {
        year_bounds(year)?;
        let today = china_date(now);
        let targets = &self.settings.score_profile.targets;
        let mut out = Vec::with_capacity(12);
        for month in 1..=12u32 {
            let from = NaiveDate::from_ymd_opt(year, month, 1);
            let to = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if from > today {
                break;
            }
            let mut counts = RateCounts::default();
            for (_, c) in query::rate_counts(self.ledger.conn(), unit, from, to, today)? {
                rates::add_counts(&mut counts, &c);
            }
            out.push(MonthRates {
                month,
                rates: rates::five_rates(&counts, targets),
                counts,
            });
        }
        Ok(out)
    }
}

/// The same month and day a year earlier (29 February → 28 February).
fn same_day_last_year(d: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, d.month(), d.day() - 1))
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1);
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1);
    match (from, to) {
        (Some(f), Some(t)) if (1990..=2100).contains(&f.year()) => Ok((f, t)),
        _ => Err(Error::invalid(
            "年份",
            format!("{year} 不是有效的年份（1990–2100）"),
        )),
    }
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::{MonthRates, RatesReport, TodaySummary};
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::error::Result;
    use crate::time::Time;

    /// 某年“五率”。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct RatesArgs {
        pub year: i32,
        #[serde(default)]
        pub unit: Option<String>,
    }
    impl Command for RatesArgs {
        const NAME: &'static str = "rates";
        type Response = RatesReport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<RatesReport> {
            let _ = now;
            desk.rates(self.year, self.unit.as_deref(), now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct RatesByMonthArgs {
        pub year: i32,
        #[serde(default)]
        pub unit: Option<String>,
    }
    impl Command for RatesByMonthArgs {
        const NAME: &'static str = "rates_by_month";
        type Response = Vec<MonthRates>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<MonthRates>> {
            let _ = now;
            desk.rates_by_month(self.year, self.unit.as_deref(), now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct TodayArgs {}
    impl Command for TodayArgs {
        const NAME: &'static str = "today";
        type Response = TodaySummary;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<TodaySummary> {
            let _ = now;
            desk.today(now, 50)
        }
    }
}
