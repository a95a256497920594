//! "2+2" check rounds and deadline alerts (issue #4; notice §一.二). Pure functions of the
//! calendar, the reminder settings, the open deadlines and an injected `now`: the shells
//! ask what is due between their last tick and now, so a sleep, a resume or a clock change
//! never fires a round twice (the ledger also records what was shown, see `api::rounds`).

use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Timelike};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::domain::time_serde;
use crate::error::{Error, Result};
use crate::time::{Time, china_date, cst, fmt_date};

/// What a round's notification asks the clerk to do.
pub const ROUND_PROMPT: &str = "请登录重庆智能信访信息系统查看待办";

/// The longest range one plan may cover.
pub const MAX_PLAN_DAYS: i64 = 366;

/// Catch-up looks back at most this far: after a long absence, a week of missed rounds is
/// shown, not a year of them.
pub const MAX_CATCH_UP_DAYS: i64 = 7;

/// Reminder settings; every field has a default, so no configuration is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct ReminderSettings {
    /// China-time `HH:MM` of each round on a working day (default 09:00, 11:00, 14:30, 16:30).
    pub round_times: Vec<String>,
    /// Working days without rounds (leave, training); deadline alerts still fire.
    pub quiet_days: Vec<NaiveDate>,
    /// Days before a deadline to warn ("明天到期" is 1).
    pub lead_days: Vec<u32>,
    /// A round confirmed within this many minutes of its time is on time; later is late;
    /// never confirmed after this is missed.
    pub grace_minutes: u32,
    /// A round may be confirmed this many minutes before its time.
    pub early_minutes: u32,
    /// Warn on the last working day before a break when a deadline falls in or just after it.
    pub escalate_before_rest: bool,
}

impl crate::domain::Setting for ReminderSettings {
    const KEY: &'static str = "reminders";
}

impl Default for ReminderSettings {
    fn default() -> Self {
        ReminderSettings {
            round_times: ["09:00", "11:00", "14:30", "16:30"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            quiet_days: Vec::new(),
            lead_days: vec![1],
            grace_minutes: 60,
            early_minutes: 15,
            escalate_before_rest: true,
        }
    }
}

fn settings_err(field: &str, detail: impl Into<String>) -> Error {
    Error::Settings {
        key: format!(
            "{}.{field}",
            <ReminderSettings as crate::domain::Setting>::KEY
        ),
        detail: detail.into(),
    }
}

impl ReminderSettings {
    /// The round times, parsed and in order.
    pub fn times(&self) -> Result<Vec<NaiveTime>> {
        if self.round_times.is_empty() || self.round_times.len() > 8 {
            return Err(settings_err("round_times", "每天应有 1 到 8 个查看时间"));
        }
        let mut times = Vec::with_capacity(self.round_times.len());
        for s in &self.round_times {
            let t = NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| {
                settings_err(
                    "round_times",
                    format!("“{s}”不是 时:分 格式的时间（如 09:00）"),
                )
            })?;
            times.push(t);
        }
        times.sort();
        if times.windows(2).any(|w| w[0] == w[1]) {
            return Err(settings_err("round_times", "查看时间有重复"));
        }
        Ok(times)
    }

    pub fn validate(&self) -> Result<()> {
        self.times()?;
        if self.lead_days.iter().any(|d| *d == 0 || *d > 30) {
            return Err(settings_err("lead_days", "提前提醒天数应在 1 到 30 之间"));
        }
        if self.grace_minutes == 0 || self.grace_minutes > 8 * 60 {
            return Err(settings_err(
                "grace_minutes",
                "按时确认的宽限应在 1 到 480 分钟之间",
            ));
        }
        if self.early_minutes > 120 {
            return Err(settings_err("early_minutes", "提前确认不能超过 120 分钟"));
        }
        Ok(())
    }

    pub fn grace(&self) -> Duration {
        Duration::minutes(i64::from(self.grace_minutes))
    }

    pub fn early(&self) -> Duration {
        Duration::minutes(i64::from(self.early_minutes))
    }

    /// Whether rounds are held on `d`.
    pub fn has_rounds(&self, cal: &Calendar, d: NaiveDate) -> bool {
        cal.is_working_day(d) && !self.quiet_days.contains(&d)
    }
}

/// One planned "2+2" check round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct PlannedRound {
    pub date: NaiveDate,
    /// 1-based number of the round within its day.
    pub seq: u32,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    /// 第 1 次查看（上午）
    pub label: String,
    /// 第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办
    pub message: String,
}

pub fn round_label(seq: u32, t: NaiveTime) -> String {
    let half = if t.hour() < 12 { "上午" } else { "下午" };
    format!("第 {seq} 次查看（{half}）")
}

/// A China-time instant of day `d` at `t` (UTC+8 has no gaps, so this always exists).
pub fn at_china(d: NaiveDate, t: NaiveTime) -> Time {
    let naive = d.and_time(t);
    cst()
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| cst().from_utc_datetime(&(naive - Duration::hours(8))))
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

fn check_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::invalid(
            "日期范围",
            format!("结束日期 {} 早于开始日期 {}", fmt_date(to), fmt_date(from)),
        ));
    }
    if (to - from).num_days() >= MAX_PLAN_DAYS {
        return Err(Error::invalid(
            "日期范围",
            format!("一次最多 {MAX_PLAN_DAYS} 天，请缩小范围"),
        ));
    }
    Ok(())
}

/// The rounds of one day (none on rest days and quiet days).
pub fn rounds_on(
    cal: &Calendar,
    s: &ReminderSettings,
    times: &[NaiveTime],
    d: NaiveDate,
) -> Vec<PlannedRound> {
    if !s.has_rounds(cal, d) {
        return Vec::new();
    }
    times
        .iter()
        .zip(1u32..)
        .map(|(t, seq)| {
            let label = round_label(seq, *t);
            PlannedRound {
                date: d,
                seq,
                at: at_china(d, *t),
                message: format!("{label}：{ROUND_PROMPT}"),
                label,
            }
        })
        .collect()
}

/// Every round from `from` to `to` (inclusive days).
pub fn plan_rounds(
    cal: &Calendar,
    s: &ReminderSettings,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PlannedRound>> {
    check_range(from, to)?;
    let times = s.times()?;
    Ok(days(from, to)
        .flat_map(|d| rounds_on(cal, s, &times, d))
        .collect())
}

/// The rounds with `after < at <= until`: what became due since the last tick. Empty when
/// the clock went backwards; looks back at most [`MAX_CATCH_UP_DAYS`].
pub fn rounds_between(
    cal: &Calendar,
    s: &ReminderSettings,
    after: &Time,
    until: &Time,
) -> Result<Vec<PlannedRound>> {
    if until <= after {
        return Ok(Vec::new());
    }
    let times = s.times()?;
    let floor = *until - Duration::days(MAX_CATCH_UP_DAYS);
    let after = if *after < floor { floor } else { *after };
    Ok(days(china_date(&after), china_date(until))
        .flat_map(|d| rounds_on(cal, s, &times, d))
        .filter(|r| r.at > after && r.at <= *until)
        .collect())
}

/// The first round strictly after `now` (within about a year), for the loop's sleep.
pub fn next_round_after(
    cal: &Calendar,
    s: &ReminderSettings,
    now: &Time,
) -> Result<Option<PlannedRound>> {
    let times = s.times()?;
    let today = china_date(now);
    Ok(days(today, today + Duration::days(MAX_PLAN_DAYS))
        .flat_map(|d| rounds_on(cal, s, &times, d))
        .find(|r| r.at > *now))
}

/// Which alert, in the order a clerk should read them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Overdue,
    DueToday,
    BeforeRest,
    DueSoon,
    /// N §二 积极引导信访人进行满意度评价.
    GuideEvaluation,
}

impl AlertKind {
    pub fn code(self) -> &'static str {
        match self {
            AlertKind::Overdue => "overdue",
            AlertKind::DueToday => "due_today",
            AlertKind::BeforeRest => "before_rest",
            AlertKind::DueSoon => "due_soon",
            AlertKind::GuideEvaluation => "guide_evaluation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlertKind::Overdue => "已超期",
            AlertKind::DueToday => "今天到期",
            AlertKind::BeforeRest => "放假前最后一个工作日",
            AlertKind::DueSoon => "即将到期",
            AlertKind::GuideEvaluation => "引导评价",
        }
    }
}

/// An unmet deadline of the unit's (from the ledger's derived columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct DueItem {
    pub case_no: String,
    pub unit: String,
    /// The deadline's name: 签收 / 受理 / 答复.
    pub deadline: String,
    pub due: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Alert {
    /// Stable identity: the same alert is shown only once.
    pub key: String,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    pub date: NaiveDate,
    /// The round it comes with (first, or last for the second "due today").
    pub round_seq: u32,
    pub kind: AlertKind,
    pub kind_label: String,
    pub case_no: String,
    pub unit: String,
    pub deadline: String,
    pub due: NaiveDate,
    pub message: String,
}

/// The deadline alerts on the working days from `from` to `to`: due in `lead_days` days,
/// due today (at the first and again at the last round), overdue (once per working day until
/// met), and on the last working day before a break in or just before which a deadline falls.
pub fn alerts(
    cal: &Calendar,
    s: &ReminderSettings,
    items: &[DueItem],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Alert>> {
    check_range(from, to)?;
    let times = s.times()?;
    let (Some(first), Some(last)) = (times.first().copied(), times.last().copied()) else {
        return Ok(Vec::new());
    };
    let last_seq = times.len() as u32;
    let mut out = Vec::new();
    for d in days(from, to).filter(|d| cal.is_working_day(*d)) {
        for item in items {
            let mut push = |kind: AlertKind, seq: u32, t: NaiveTime, message: String| {
                out.push(Alert {
                    key: format!(
                        "{}|{}|{}|{}|{}",
                        item.case_no,
                        item.deadline,
                        kind.code(),
                        fmt_date(d),
                        seq
                    ),
                    at: at_china(d, t),
                    date: d,
                    round_seq: seq,
                    kind,
                    kind_label: kind.label().to_string(),
                    case_no: item.case_no.clone(),
                    unit: item.unit.clone(),
                    deadline: item.deadline.clone(),
                    due: item.due,
                    message,
                })
            };
            let what = format!("{}（{}）“{}”", item.case_no, item.unit, item.deadline);
            let due_s = fmt_date(item.due);
            if d == item.due {
                let m = format!("【今天到期】{what}今天（{due_s}）24:00 前到期，请今天办结");
                push(AlertKind::DueToday, 1, first, m.clone());
                if last_seq > 1 {
                    push(AlertKind::DueToday, last_seq, last, m);
                }
            } else if d > item.due {
                let n = (d - item.due).num_days();
                let m = format!("【已超期】{what}已超期 {n} 天（期限 {due_s}），请尽快办理");
                push(AlertKind::Overdue, 1, first, m);
            } else {
                let next = cal.next_working_day(d);
                let gap = d.succ_opt().is_some_and(|n| n < item.due);
                let escalate = s.escalate_before_rest
                    && next >= item.due
                    && (gap || !cal.is_working_day(item.due));
                let ahead = (item.due - d).num_days();
                if escalate {
                    let m = format!(
                        "【放假前最后一个工作日】{what}期限 {due_s}（{}），其间放假，今天是放假前最后一个工作日，请今天办结或安排值班",
                        cal.describe(item.due)
                    );
                    push(AlertKind::BeforeRest, 1, first, m);
                } else if s.lead_days.iter().any(|n| i64::from(*n) == ahead) {
                    let when = if ahead == 1 {
                        format!("明天（{due_s}）")
                    } else {
                        format!("{ahead} 天后（{due_s}）")
                    };
                    let m = format!("【即将到期】{what}{when}到期");
                    push(AlertKind::DueSoon, 1, first, m);
                }
            }
        }
    }
    out.sort_by(|a, b| {
        (a.at, a.kind, &a.case_no, &a.deadline).cmp(&(b.at, b.kind, &b.case_no, &b.deadline))
    });
    Ok(out)
}

/// A case whose petitioner is to evaluate (N §二): answered, not yet evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct EvalItem {
    pub case_no: String,
    pub unit: String,
    /// The day the answer reached the petitioner.
    pub from: NaiveDate,
    /// The evaluation window's last day, when the unit has set one.
    pub due: Option<NaiveDate>,
}

/// The 引导评价 reminders (N §二 积极引导信访人进行满意度评价) on the working days from `from`
/// to `to`, at the first round: once when the answer has reached the petitioner (offered on
/// each working day of the following two weeks under one key, so an answer recorded late is
/// still reminded, and only once); with a window, again `lead_days` before its last day (or
/// the working day before that), on it, and on the working day after it ran out, to record
/// 超期未评价 as the platform shows it.
pub fn evaluation_alerts(
    cal: &Calendar,
    s: &ReminderSettings,
    items: &[EvalItem],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Alert>> {
    check_range(from, to)?;
    let Some(first) = s.times()?.first().copied() else {
        return Ok(Vec::new());
    };
    let kind = AlertKind::GuideEvaluation;
    let mut out: Vec<Alert> = Vec::new();
    for d in days(from, to).filter(|d| cal.is_working_day(*d)) {
        for item in items {
            let what = format!("{}（{}）", item.case_no, item.unit);
            let due_s = item.due.map(fmt_date);
            let start = first_working_day_from(cal, item.from);
            let start_open = d >= start
                && (d - start).num_days() <= START_REMINDER_DAYS
                && item.due.is_none_or(|due| d < due);
            let (tag, message) = match item.due {
                Some(due) if d == due => (
                    "last",
                    format!(
                        "【引导评价】{what}评价期限今天（{}）届满，信访人尚未评价：请今天回访引导",
                        fmt_date(due)
                    ),
                ),
                Some(due)
                    if d > due && d == first_working_day_from(cal, due + chrono::Days::new(1)) =>
                {
                    (
                        "expired",
                        format!(
                            "【引导评价】{what}评价期限 {} 已过，仍未登记评价：请在平台核对，超期未评价的按“超期未评价”登记",
                            fmt_date(due)
                        ),
                    )
                }
                Some(due)
                    if d < due
                        && s.lead_days.iter().any(|n| {
                            last_working_day_until(cal, due - chrono::Days::new(u64::from(*n))) == d
                        }) =>
                {
                    (
                        "soon",
                        format!(
                            "【引导评价】{what}评价期限 {} 还有 {} 天，信访人尚未评价：请回访引导",
                            fmt_date(due),
                            (due - d).num_days()
                        ),
                    )
                }
                _ if start_open => (
                    "start",
                    format!(
                        "【引导评价】{what}已答复（{} 送达）：请告知信访人满意度评价的方式并引导其在平台评价{}",
                        fmt_date(item.from),
                        due_s.map(|d| format!("，评价期限 {d}")).unwrap_or_default()
                    ),
                ),
                _ => continue,
            };
            // The start reminder has one key for all its days; the others one per day.
            let key = match tag {
                "start" => format!(
                    "{}|评价|{}|{}",
                    item.case_no,
                    kind.code(),
                    fmt_date(item.from)
                ),
                _ => format!(
                    "{}|评价|{}|{tag}|{}",
                    item.case_no,
                    kind.code(),
                    fmt_date(d)
                ),
            };
            if out.iter().any(|a| a.key == key) {
                continue;
            }
            out.push(Alert {
                key,
                at: at_china(d, first),
                date: d,
                round_seq: 1,
                kind,
                kind_label: kind.label().to_string(),
                case_no: item.case_no.clone(),
                unit: item.unit.clone(),
                deadline: "满意度评价".into(),
                due: item.due.unwrap_or(item.from),
                message,
            });
        }
    }
    Ok(out)
}

/// How long after the answer the first 引导评价 reminder is still offered (calendar days).
const START_REMINDER_DAYS: i64 = 14;

/// `d` itself when it is a working day, else the working day before it.
fn last_working_day_until(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    let mut day = d;
    while !cal.is_working_day(day) {
        match day.pred_opt() {
            Some(p) => day = p,
            None => return d,
        }
    }
    day
}

/// `d` itself when it is a working day, else the next one.
fn first_working_day_from(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    if cal.is_working_day(d) {
        d
    } else {
        cal.next_working_day(d)
    }
}

/// Working hours for deadline alerts: a working day, from its first check round to the last
/// round's grace. Outside them (night, rest days) an alert waits for the next round, so the
/// clerk is never woken by the desk (issue #16 item 10).
pub fn in_working_hours(cal: &Calendar, s: &ReminderSettings, now: &Time) -> Result<bool> {
    let today = china_date(now);
    if !s.has_rounds(cal, today) {
        return Ok(false);
    }
    let times = s.times()?;
    let (Some(first), Some(last)) = (times.first().copied(), times.last().copied()) else {
        return Ok(false);
    };
    Ok(*now >= at_china(today, first) && *now <= at_china(today, last) + s.grace())
}

/// One line for a batch of alerts: "期限提醒：已超期 1 件，今天到期 2 件".
pub fn alert_batch_message(alerts: &[Alert]) -> Option<String> {
    if alerts.is_empty() {
        return None;
    }
    let kinds = [
        AlertKind::Overdue,
        AlertKind::DueToday,
        AlertKind::BeforeRest,
        AlertKind::DueSoon,
        AlertKind::GuideEvaluation,
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|k| {
            let n = alerts.iter().filter(|a| a.kind == *k).count();
            (n > 0).then(|| format!("{} {n} 件", k.label()))
        })
        .collect();
    Some(format!("期限提醒：{}", parts.join("，")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;

    fn d(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    fn item(due: &str) -> DueItem {
        DueItem {
            case_no: "永-1".into(),
            unit: "住建委".into(),
            deadline: "签收".into(),
            due: d(due),
        }
    }

    #[test]
    fn default_rounds_and_labels() {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let r = plan_rounds(&cal, &s, d("2026-10-09"), d("2026-10-09")).unwrap();
        let labels: Vec<&str> = r.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "第 1 次查看（上午）",
                "第 2 次查看（上午）",
                "第 3 次查看（下午）",
                "第 4 次查看（下午）"
            ]
        );
        assert_eq!(
            r[1].message,
            "第 2 次查看（上午）：请登录重庆智能信访信息系统查看待办"
        );
        assert_eq!(crate::time::fmt_time(&r[2].at), "2026-10-09T14:30:00+08:00");
    }

    #[test]
    fn holiday_makeup_day_and_quiet_day() {
        let cal = Calendar::bundled();
        let mut s = ReminderSettings::default();
        assert!(
            plan_rounds(&cal, &s, d("2026-10-01"), d("2026-10-07"))
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            plan_rounds(&cal, &s, d("2026-10-10"), d("2026-10-10"))
                .unwrap()
                .len(),
            4
        );
        s.quiet_days.push(d("2026-10-09"));
        assert!(
            plan_rounds(&cal, &s, d("2026-10-09"), d("2026-10-09"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn bad_settings_say_what_to_fix() {
        let s = ReminderSettings {
            round_times: vec!["9点".into()],
            ..ReminderSettings::default()
        };
        let e = s.validate().unwrap_err().to_string();
        assert!(e.contains("9点") && e.contains("09:00"), "{e}");
        let s = ReminderSettings {
            round_times: vec!["09:00".into(), "09:00".into()],
            ..ReminderSettings::default()
        };
        assert!(s.validate().unwrap_err().to_string().contains("重复"));
    }

    #[test]
    fn rounds_between_is_half_open_and_ignores_a_clock_going_back() {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let a = parse_time("2026-10-09 09:00").unwrap();
        let b = parse_time("2026-10-09 11:00").unwrap();
        let r = rounds_between(&cal, &s, &a, &b).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].seq, 2);
        assert!(rounds_between(&cal, &s, &b, &a).unwrap().is_empty());
    }

    #[test]
    fn next_round_skips_the_holiday() {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let now = parse_time("2026-09-30 17:00").unwrap();
        let r = next_round_after(&cal, &s, &now).unwrap().unwrap();
        assert_eq!(crate::time::fmt_time(&r.at), "2026-10-08T09:00:00+08:00");
    }

    #[test]
    fn deadline_after_the_holiday_escalates_on_the_last_working_day() {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let a = alerts(
            &cal,
            &s,
            &[item("2026-10-08")],
            d("2026-09-28"),
            d("2026-10-09"),
        )
        .unwrap();
        let kinds: Vec<(String, AlertKind)> =
            a.iter().map(|a| (fmt_date(a.date), a.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("2026-09-30".into(), AlertKind::BeforeRest),
                ("2026-10-08".into(), AlertKind::DueToday),
                ("2026-10-08".into(), AlertKind::DueToday),
                ("2026-10-09".into(), AlertKind::Overdue),
            ]
        );
        assert!(
            a[0].message.contains("放假前最后一个工作日"),
            "{}",
            a[0].message
        );
    }

    #[test]
    fn deadline_on_a_rest_day_escalates() {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let a = alerts(
            &cal,
            &s,
            &[item("2026-10-03")],
            d("2026-09-28"),
            d("2026-10-08"),
        )
        .unwrap();
        assert_eq!(a[0].kind, AlertKind::BeforeRest);
        assert_eq!(a[0].date, d("2026-09-30"));
        assert!(a[0].message.contains("国庆节"), "{}", a[0].message);
        assert_eq!(a[1].kind, AlertKind::Overdue);
        assert_eq!(a[1].date, d("2026-10-08"));
        assert!(a[1].message.contains("已超期 5 天"), "{}", a[1].message);
    }

    #[test]
    fn ordinary_due_tomorrow() {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let a = alerts(
            &cal,
            &s,
            &[item("2026-10-14")],
            d("2026-10-12"),
            d("2026-10-13"),
        )
        .unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].kind, AlertKind::DueSoon);
        assert!(
            a[0].message.contains("明天（2026-10-14）"),
            "{}",
            a[0].message
        );
        assert_eq!(alert_batch_message(&a).unwrap(), "期限提醒：即将到期 1 件");
    }
}
