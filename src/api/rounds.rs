//! The "2+2" check-round log and the reminders (issue #4): what is planned, what is due since
//! the last tick (each round and alert returned once, recorded in the ledger), confirming a
//! round ("已查看，新增 N 件待签收") and the monthly report (planned / on time / late / missed).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Desk;
use crate::error::{Error, Result};
use crate::ledger::{SettingStore, audit};
use crate::reminders::{
    self, Alert, AlertKind, DueItem, EvalItem, MAX_CATCH_UP_DAYS, PlannedRound, ReminderSettings,
};
use crate::time::{Time, china_date, fmt_date, fmt_time, read_time};

/// A round shown this long after its time counts as caught up (the PC was off or asleep).
const CATCH_UP_AFTER_SECS: i64 = 300;

const STATE_LAST_TICK: &str = "last_tick";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Upcoming,
    Open,
    OnTime,
    Late,
    Missed,
}

impl RoundStatus {
    pub fn label(self) -> &'static str {
        match self {
            RoundStatus::Upcoming => "未到时间",
            RoundStatus::Open => "待确认",
            RoundStatus::OnTime => "按时",
            // The same words as the report and the confirm dialog (issue #21 §9).
            RoundStatus::Late => "补查（迟到）",
            RoundStatus::Missed => "漏查",
        }
    }
}

/// A planned round with what the log says about it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundView {
    #[serde(flatten)]
    pub round: PlannedRound,
    pub status: RoundStatus,
    pub status_label: &'static str,
    pub notified_at: Option<String>,
    pub caught_up: bool,
    pub confirmed_at: Option<String>,
    pub new_items: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundsPlan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rounds: Vec<RoundView>,
    pub alerts: Vec<Alert>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundDone {
    pub round: RoundView,
    /// Earlier rounds of the day that were shown late (caught up) and are confirmed with it.
    pub also_confirmed: Vec<RoundView>,
    /// 第 2 次查看（上午）：已查看，新增 3 件待签收
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PendingRound {
    #[serde(flatten)]
    pub round: PlannedRound,
    /// Shown after its time (the app was not running, or the PC was asleep).
    pub caught_up: bool,
}

/// What became due since the last tick; each round and alert is returned only once.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Pending {
    pub rounds: Vec<PendingRound>,
    pub alerts: Vec<Alert>,
    /// One line for the alert notification, if any alert is new.
    pub alert_message: Option<String>,
    /// Today's rounds whose time has come and that are not confirmed.
    pub open_rounds: u32,
    /// Cases with an alert today (overdue, due today, due soon, before a break).
    pub alert_cases: u32,
    /// The tray tooltip.
    pub tooltip: String,
    pub next_round: Option<PlannedRound>,
    /// What to show for it, in the clerk's words: the desktop's notifications and the
    /// browser edition's (Notification API, or a flashing title) read the same text.
    pub notices: Vec<Notice>,
}

/// One notification: what the clerk reads, and where a click leads (`round` for the confirm
/// dialog, else a UI route such as `/case/YC2026-0001` or `/ledger?overdue=1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Notice {
    pub summary: String,
    pub body: String,
    pub target: String,
}

/// Where a click on a round's notice leads: the UI's confirm dialog.
pub const NOTICE_ROUND: &str = "round";
const APP_NAME: &str = "信访工作台";

/// The notices for what became due: one per round, one per batch of alerts (five lines at
/// most, so a morning with many alerts still fits one toast).
pub fn notices(
    rounds: &[PendingRound],
    alerts: &[Alert],
    alert_message: Option<&str>,
) -> Vec<Notice> {
    let mut out: Vec<Notice> = rounds
        .iter()
        .map(|r| Notice {
            summary: if r.caught_up {
                format!("{APP_NAME}：补提醒（{} 已过）", r.round.at.format("%H:%M"))
            } else {
                format!("{APP_NAME}：“2+2”查看")
            },
            body: r.round.message.clone(),
            target: NOTICE_ROUND.into(),
        })
        .collect();
    if let Some(m) = alert_message {
        let lines: Vec<&str> = alerts.iter().take(5).map(|a| a.message.as_str()).collect();
        let more = alerts.len().saturating_sub(5);
        let mut body = lines.join("\n");
        if more > 0 {
            body.push_str(&format!("\n……另有 {more} 条，请打开信访工作台查看"));
        }
        out.push(Notice {
            summary: format!("{APP_NAME}：{m}"),
            body,
            target: alert_target(alerts),
        });
    }
    out
}

/// The view an alert batch opens: the case when there is one, else the filtered 台账.
fn alert_target(alerts: &[Alert]) -> String {
    let mut cases: Vec<&str> = alerts.iter().map(|a| a.case_no.as_str()).collect();
    cases.sort_unstable();
    cases.dedup();
    match cases.as_slice() {
        [one] => format!("/case/{}", url_segment(one)),
        _ if alerts.iter().any(|a| a.kind == AlertKind::Overdue) => "/ledger?overdue=1".into(),
        _ if alerts.iter().all(|a| a.kind == AlertKind::GuideEvaluation) => {
            "/ledger?evaluate=1".into()
        }
        _ => "/ledger?due=1".into(),
    }
}

/// Percent-encodes a case number for a route segment (case numbers may hold `/` or spaces).
fn url_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RoundsReport {
    pub month: String,
    pub planned: u32,
    pub on_time: u32,
    pub late: u32,
    pub missed: u32,
    pub open: u32,
    pub upcoming: u32,
    pub rows: Vec<RoundView>,
    /// The audit chain's head when the report was made (issue #8): printed on the paper
    /// report, it later proves the history up to that entry was not rewritten.
    pub chain_head: Option<crate::ledger::audit::ChainHead>,
}

struct LogRow {
    notified_at: Option<String>,
    caught_up: bool,
    confirmed_at: Option<String>,
    new_items: Option<u32>,
}

fn status_of(
    planned: &Time,
    confirmed: Option<&Time>,
    now: &Time,
    s: &ReminderSettings,
) -> RoundStatus {
    match confirmed {
        Some(c) if *c <= *planned + s.grace() => RoundStatus::OnTime,
        Some(_) => RoundStatus::Late,
        None if *planned > *now => RoundStatus::Upcoming,
        None if *now <= *planned + s.grace() => RoundStatus::Open,
        None => RoundStatus::Missed,
    }
}

fn day_start(d: NaiveDate) -> Time {
    reminders::at_china(d, NaiveTime::MIN)
}

/// `YYYY-MM` → its first and last day.
pub fn parse_month(month: &str) -> Result<(NaiveDate, NaiveDate)> {
    let bad = || Error::invalid("月份", format!("“{month}”应写成 2026-10 这样的 年-月"));
    let (y, m) = month.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    }
    .ok_or_else(bad)?;
    Ok((first, next.pred_opt().unwrap_or(first)))
}

impl RoundsPlan {
    /// The rounds by the bundled calendar and default settings, for the CLI without a ledger
    /// (no log, no alerts).
    pub fn without_ledger(from: NaiveDate, to: NaiveDate, now: &Time) -> Result<Self> {
        let cal = crate::calendar::Calendar::bundled();
        let s = ReminderSettings::default();
        let rounds = reminders::plan_rounds(&cal, &s, from, to)?
            .into_iter()
            .map(|round| {
                let status = status_of(&round.at, None, now, &s);
                RoundView {
                    round,
                    status,
                    status_label: status.label(),
                    notified_at: None,
                    caught_up: false,
                    confirmed_at: None,
                    new_items: None,
                }
            })
            .collect();
        let mut warnings: Vec<String> = [from, to]
            .iter()
            .filter_map(|d| cal.coverage_warning(*d))
            .collect();
        warnings.dedup();
        Ok(RoundsPlan {
            from,
            to,
            rounds,
            alerts: Vec::new(),
            warnings,
        })
    }
}

impl Desk {
    /// The reminder settings stored in the ledger, or the defaults.
    pub fn reminder_settings(&self) -> Result<ReminderSettings> {
        let s = ReminderSettings::load(self.ledger.conn())?;
        s.validate()?;
        Ok(s)
    }

    pub fn set_reminder_settings(
        &mut self,
        s: ReminderSettings,
        now: &Time,
    ) -> Result<ReminderSettings> {
        s.validate()?;
        self.save_setting(&s, now)?;
        Ok(s)
    }

    /// The unit's unmet deadlines (from the derived columns), for the alerts.
    pub fn due_items(&self) -> Result<Vec<DueItem>> {
        let mut stmt = self.ledger.conn().prepare(
            "SELECT c.case_no, u.name, c.signed_at IS NULL, c.sign_due, c.accepted_at IS NULL,
                    c.decide_due, c.replied_at IS NULL, c.reply_due
             FROM cases c JOIN units u ON u.id = c.unit_id
             WHERE c.deleted_at IS NULL AND c.next_due IS NOT NULL
             ORDER BY c.next_due, c.id",
        )?;
        type Row = (
            String,
            String,
            bool,
            Option<String>,
            bool,
            Option<String>,
            bool,
            Option<String>,
        );
        let rows: Vec<Row> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut items = Vec::new();
        for (case_no, unit, unsigned, sign_due, undecided, decide_due, unanswered, reply_due) in
            rows
        {
            for (open, due, name) in [
                (unsigned, sign_due, "签收"),
                (undecided, decide_due, "受理"),
                (unanswered, reply_due, "答复"),
            ] {
                if let (true, Some(due)) = (open, due) {
                    items.push(DueItem {
                        case_no: case_no.clone(),
                        unit: unit.clone(),
                        deadline: name.into(),
                        due: crate::time::read_date(&due)?,
                    });
                }
            }
        }
        Ok(items)
    }

    /// The cases whose petitioner is to be guided to evaluate (N §二), from the derived
    /// columns; answers from before `since` are past their reminders unless a window runs.
    pub fn eval_items(&self, since: NaiveDate) -> Result<Vec<EvalItem>> {
        let mut stmt = self.ledger.conn().prepare_cached(
            "SELECT c.case_no, u.name, c.eval_from, c.eval_due
             FROM cases c INDEXED BY cases_eval_from JOIN units u ON u.id = c.unit_id
             WHERE c.eval_from IS NOT NULL AND c.deleted_at IS NULL
               AND (c.eval_from >= ?1 OR c.eval_due >= ?2)
             ORDER BY c.eval_from, c.id",
        )?;
        // The first reminder may wait over a long holiday; the expiry one comes a working day
        // after the window, so a window that ended up to 15 days ago still matters.
        let from = fmt_date(since - Duration::days(15));
        let rows = stmt.query_map(params![from, from], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (case_no, unit, from, due) = row?;
            items.push(EvalItem {
                case_no,
                unit,
                from: crate::time::read_date(&from)?,
                due: due.as_deref().map(crate::time::read_date).transpose()?,
            });
        }
        Ok(items)
    }

    /// Deadline and 引导评价 alerts on the working days from `from` to `to`.
    pub fn alerts(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Alert>> {
        let s = self.reminder_settings()?;
        self.alerts_with(&s, from, to)
    }

    fn alerts_with(
        &self,
        s: &ReminderSettings,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Alert>> {
        let mut out = reminders::alerts(&self.calendar, s, &self.due_items()?, from, to)?;
        out.extend(reminders::evaluation_alerts(
            &self.calendar,
            s,
            &self.eval_items(from)?,
            from,
            to,
        )?);
        out.sort_by(|a, b| {
            (a.at, a.kind, &a.case_no, &a.deadline).cmp(&(b.at, b.kind, &b.case_no, &b.deadline))
        });
        Ok(out)
    }

    fn log_rows(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<std::collections::HashMap<String, LogRow>> {
        let end = to.succ_opt().unwrap_or(to);
        let mut stmt = self.ledger.conn().prepare(
            "SELECT planned_at, notified_at, caught_up, confirmed_at, new_items FROM check_rounds
             WHERE planned_at >= ?1 AND planned_at < ?2",
        )?;
        let rows = stmt
            .query_map(
                params![fmt_time(&day_start(from)), fmt_time(&day_start(end))],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        LogRow {
                            notified_at: r.get(1)?,
                            caught_up: r.get(2)?,
                            confirmed_at: r.get(3)?,
                            new_items: r.get(4)?,
                        },
                    ))
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn view_rounds(
        &self,
        s: &ReminderSettings,
        rounds: Vec<PlannedRound>,
        from: NaiveDate,
        to: NaiveDate,
        now: &Time,
    ) -> Result<Vec<RoundView>> {
        let mut log = self.log_rows(from, to)?;
        let since = self.records_since(now)?;
        let logged: std::collections::HashSet<String> = log.keys().cloned().collect();
        rounds
            .into_iter()
            // Records start when the ledger does (issue #21 §9): a round before its first
            // entry is not a miss, unless it was shown or confirmed.
            .filter(|round| round.at >= since || logged.contains(&fmt_time(&round.at)))
            .map(|round| {
                let row = log.remove(&fmt_time(&round.at));
                let confirmed = row
                    .as_ref()
                    .and_then(|r| r.confirmed_at.as_deref())
                    .map(read_time)
                    .transpose()?;
                let status = status_of(&round.at, confirmed.as_ref(), now, s);
                Ok(RoundView {
                    round,
                    status,
                    status_label: status.label(),
                    notified_at: row.as_ref().and_then(|r| r.notified_at.clone()),
                    caught_up: row.as_ref().is_some_and(|r| r.caught_up),
                    confirmed_at: row.as_ref().and_then(|r| r.confirmed_at.clone()),
                    new_items: row.and_then(|r| r.new_items),
                })
            })
            .collect()
    }

    /// When this ledger's "2+2" records start: its first audited entry (a case, a setting, a
    /// confirmation) or the first round shown, whichever is earlier; `now` for a ledger
    /// where nothing has happened yet.
    pub fn records_since(&self, now: &Time) -> Result<Time> {
        let first: Option<String> = self.ledger.conn().query_row(
            "SELECT min(t) FROM (
                SELECT min(at) AS t FROM audit_log
                UNION ALL SELECT min(notified_at) FROM check_rounds
                UNION ALL SELECT min(confirmed_at) FROM check_rounds)",
            [],
            |r| r.get(0),
        )?;
        Ok(match first.map(|s| read_time(&s)).transpose()? {
            Some(t) if t < *now => t,
            _ => *now,
        })
    }

    /// The planned rounds (with their log) and the alerts for a date range.
    pub fn rounds_plan(&self, from: NaiveDate, to: NaiveDate, now: &Time) -> Result<RoundsPlan> {
        let s = self.reminder_settings()?;
        let rounds = reminders::plan_rounds(&self.calendar, &s, from, to)?;
        let rounds = self.view_rounds(&s, rounds, from, to, now)?;
        let alerts = reminders::alerts(&self.calendar, &s, &self.due_items()?, from, to)?;
        let mut warnings: Vec<String> = [from, to]
            .iter()
            .filter_map(|d| self.calendar.coverage_warning(*d))
            .collect();
        warnings.dedup();
        Ok(RoundsPlan {
            from,
            to,
            rounds,
            alerts,
            warnings,
        })
    }

    /// 已查看: confirms the round current at `at` (default now) with the number of new items
    /// to sign for; earlier rounds of that day that were shown late are confirmed with it.
    pub fn round_done(
        &mut self,
        at: Option<Time>,
        new_items: u32,
        now: &Time,
    ) -> Result<RoundDone> {
        let at = at.unwrap_or(*now);
        if at > *now + Duration::minutes(1) {
            return Err(Error::invalid(
                "确认时间",
                format!("{} 晚于现在，不能预先确认", fmt_time(&at)),
            ));
        }
        let s = self.reminder_settings()?;
        let times = s.times()?;
        let day = china_date(&at);
        let rounds = reminders::rounds_on(&self.calendar, &s, &times, day);
        let no_round = |why: String| Error::NoRoundToConfirm {
            at: fmt_time(&at),
            why,
        };
        if rounds.is_empty() {
            let why = if s.quiet_days.contains(&day) {
                "这一天已设为不查看".to_string()
            } else {
                format!(
                    "{} 是{}，不安排查看",
                    fmt_date(day),
                    self.calendar.describe(day)
                )
            };
            return Err(no_round(why));
        }
        let current = rounds
            .iter()
            .rfind(|r| r.at <= at + s.early())
            .cloned()
            .ok_or_else(|| {
                no_round(format!(
                    "今天第 1 次查看在 {}，还没有到时间",
                    rounds[0].at.format("%H:%M")
                ))
            })?;
        let actor = self.actor.clone();
        let tx = self.ledger.write()?;
        let key = fmt_time(&current.at);
        let existing: Option<Option<String>> = tx
            .query_row(
                "SELECT confirmed_at FROM check_rounds WHERE planned_at = ?1",
                [&key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(Some(c)) = existing {
            return Err(Error::RoundAlreadyConfirmed {
                label: current.label.clone(),
                confirmed_at: c,
            });
        }
        tx.execute(
            "INSERT INTO check_rounds (planned_at, label, confirmed_at, new_items, actor, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (planned_at) DO UPDATE SET confirmed_at = excluded.confirmed_at,
                 new_items = excluded.new_items, actor = excluded.actor",
            params![key, current.label, fmt_time(&at), new_items, actor, fmt_time(now)],
        )?;
        // Rounds of the same day shown late (caught up) and still open are confirmed as late.
        let earlier: Vec<String> = tx
            .prepare(
                "SELECT planned_at FROM check_rounds
                 WHERE planned_at >= ?1 AND planned_at < ?2 AND confirmed_at IS NULL AND caught_up = 1",
            )?
            .query_map(params![fmt_time(&day_start(day)), key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for p in &earlier {
            tx.execute(
                "UPDATE check_rounds SET confirmed_at = ?2, actor = ?3 WHERE planned_at = ?1",
                params![p, fmt_time(&at), actor],
            )?;
        }
        let message = format!("{}：已查看，新增 {new_items} 件待签收", current.label);
        audit::record(
            &tx,
            &audit::Change {
                actor: &actor,
                at: now,
                entity: "check_round",
                entity_id: &key,
                action: "confirm",
            },
            None,
            Some(&serde_json::json!({
                "label": current.label,
                "confirmed_at": fmt_time(&at),
                "new_items": new_items,
                "also_confirmed": earlier,
            })),
        )?;
        tx.commit()?;
        let views = self.view_rounds(&s, rounds, day, day, now)?;
        let round = views
            .iter()
            .find(|v| v.round.at == current.at)
            .cloned()
            .ok_or_else(|| Error::Db("刚确认的查看记录没有读到".into()))?;
        let also_confirmed = views
            .into_iter()
            .filter(|v| earlier.contains(&fmt_time(&v.round.at)))
            .collect();
        Ok(RoundDone {
            round,
            also_confirmed,
            message,
        })
    }

    /// What became due since the last tick (`since`, else the last tick stored in the ledger,
    /// else the start of today): each round and alert only once, recorded in the ledger.
    pub fn rounds_pending(&mut self, since: Option<Time>, now: &Time) -> Result<Pending> {
        let s = self.reminder_settings()?;
        let stored: Option<String> = self
            .ledger
            .conn()
            .query_row(
                "SELECT value FROM reminder_state WHERE key = ?1",
                [STATE_LAST_TICK],
                |r| r.get(0),
            )
            .optional()?;
        let after = match (since, stored) {
            (Some(t), _) => t,
            (None, Some(text)) => read_time(&text)?,
            // The first tick: today's rounds, but records start with the ledger (issue #21
            // §9), so a ledger begun at 17:53 is not told it missed the morning. A round still
            // open when records began stays (`after` is exclusive, hence the second).
            (None, None) => day_start(china_date(now))
                .max(self.records_since(now)? - s.grace() - Duration::seconds(1)),
        };
        let floor = *now - Duration::days(MAX_CATCH_UP_DAYS);
        let after = if after < floor { floor } else { after };
        let due_rounds = reminders::rounds_between(&self.calendar, &s, &after, now)?;
        // Today's alerts whose time has come and that were not shown yet (a case registered
        // after the first round still gets its alert at the next tick).
        let today = china_date(now);
        let new_alerts: Vec<Alert> = self.alerts_with(&s, today, today)?;
        // Night or a rest day: the alerts wait for the next check round (not marked shown).
        let deliver = reminders::in_working_hours(&self.calendar, &s, now)?;
        let tx = self.ledger.write()?;
        let mut rounds = Vec::new();
        for r in due_rounds {
            let key = fmt_time(&r.at);
            let seen: Option<(Option<String>, Option<String>)> = tx
                .query_row(
                    "SELECT notified_at, confirmed_at FROM check_rounds WHERE planned_at = ?1",
                    [&key],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            // Shown before, or already confirmed (a few minutes early): not again.
            if matches!(seen, Some((Some(_), _)) | Some((_, Some(_)))) {
                continue;
            }
            let caught_up = (*now - r.at).num_seconds() > CATCH_UP_AFTER_SECS;
            tx.execute(
                "INSERT INTO check_rounds (planned_at, label, notified_at, caught_up, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?3)
                 ON CONFLICT (planned_at) DO UPDATE SET notified_at = excluded.notified_at,
                     caught_up = excluded.caught_up",
                params![key, r.label, fmt_time(now), caught_up],
            )?;
            rounds.push(PendingRound {
                round: r,
                caught_up,
            });
        }
        let mut alerts = Vec::new();
        for a in new_alerts
            .iter()
            .filter(|a| deliver && a.at <= *now)
            .cloned()
        {
            let added = tx.execute(
                "INSERT OR IGNORE INTO alerts_shown (key, shown_at) VALUES (?1, ?2)",
                params![a.key, fmt_time(now)],
            )?;
            if added == 1 {
                alerts.push(a);
            }
        }
        tx.execute(
            "INSERT INTO reminder_state (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![STATE_LAST_TICK, fmt_time(now)],
        )?;
        tx.commit()?;

        let open_rounds = self
            .view_rounds(
                &s,
                reminders::rounds_on(&self.calendar, &s, &s.times()?, today),
                today,
                today,
                now,
            )?
            .iter()
            .filter(|v| matches!(v.status, RoundStatus::Open | RoundStatus::Missed))
            .count() as u32;
        let mut cases: Vec<String> = new_alerts.into_iter().map(|a| a.case_no).collect();
        cases.sort();
        cases.dedup();
        let alert_cases = cases.len() as u32;
        let tooltip = if open_rounds == 0 && alert_cases == 0 {
            "信访工作台：暂无待办".to_string()
        } else {
            format!("信访工作台：{open_rounds} 轮查看待确认，{alert_cases} 件期限提醒")
        };
        let alert_message = reminders::alert_batch_message(&alerts);
        Ok(Pending {
            notices: notices(&rounds, &alerts, alert_message.as_deref()),
            alert_message,
            rounds,
            alerts,
            open_rounds,
            alert_cases,
            tooltip,
            next_round: reminders::next_round_after(&self.calendar, &s, now)?,
        })
    }

    /// The month's rounds: planned / on time / late / missed (and still open or upcoming).
    pub fn rounds_report(&self, month: &str, now: &Time) -> Result<RoundsReport> {
        let (from, to) = parse_month(month)?;
        let s = self.reminder_settings()?;
        let rounds = reminders::plan_rounds(&self.calendar, &s, from, to)?;
        let rows = self.view_rounds(&s, rounds, from, to, now)?;
        let count = |st: RoundStatus| rows.iter().filter(|r| r.status == st).count() as u32;
        Ok(RoundsReport {
            month: format!("{:04}-{:02}", from.year(), from.month()),
            planned: rows.len() as u32,
            on_time: count(RoundStatus::OnTime),
            late: count(RoundStatus::Late),
            missed: count(RoundStatus::Missed),
            open: count(RoundStatus::Open),
            upcoming: count(RoundStatus::Upcoming),
            rows,
            chain_head: crate::ledger::audit::chain_head(self.ledger.conn())?,
        })
    }
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::{Pending, RoundDone, RoundsPlan, RoundsReport};
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::error::Result;
    use crate::reminders::{Alert, ReminderSettings};
    use crate::time::Time;
    use chrono::NaiveDate;

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct RoundsPlanArgs {
        pub from: NaiveDate,
        pub to: NaiveDate,
    }
    impl Command for RoundsPlanArgs {
        const NAME: &'static str = "rounds_plan";
        type Response = RoundsPlan;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<RoundsPlan> {
            let _ = now;
            desk.rounds_plan(self.from, self.to, now)
        }
    }

    /// 确认一轮“2+2”查看。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct RoundDoneArgs {
        #[serde(default, with = "crate::domain::time_serde::option")]
        #[ts(as = "Option<String>")]
        pub at: Option<Time>,
        #[serde(default)]
        #[ts(as = "Option<u32>", optional)]
        pub new_items: u32,
    }
    impl Command for RoundDoneArgs {
        const NAME: &'static str = "round_done";
        type Response = RoundDone;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<RoundDone> {
            let _ = now;
            desk.round_done(self.at, self.new_items, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct RoundsPendingArgs {
        #[serde(default, with = "crate::domain::time_serde::option")]
        #[ts(as = "Option<String>")]
        pub since: Option<Time>,
    }
    impl Command for RoundsPendingArgs {
        const NAME: &'static str = "rounds_pending";
        type Response = Pending;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Pending> {
            let _ = now;
            desk.rounds_pending(self.since, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct RoundsReportArgs {
        pub month: String,
    }
    impl Command for RoundsReportArgs {
        const NAME: &'static str = "rounds_report";
        type Response = RoundsReport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<RoundsReport> {
            let _ = now;
            desk.rounds_report(&self.month, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct AlertsArgs {
        #[serde(default)]
        pub from: Option<NaiveDate>,
        #[serde(default)]
        pub to: Option<NaiveDate>,
    }
    impl Command for AlertsArgs {
        const NAME: &'static str = "alerts";
        type Response = Vec<Alert>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<Alert>> {
            let _ = now;
            let from = self.from.unwrap_or_else(|| crate::time::china_date(now));
            desk.alerts(from, self.to.unwrap_or(from))
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct ReminderSettingsGetArgs {}
    impl Command for ReminderSettingsGetArgs {
        const NAME: &'static str = "reminder_settings_get";
        type Response = ReminderSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ReminderSettings> {
            let _ = now;
            desk.reminder_settings()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct ReminderSettingsSetArgs(pub ReminderSettings);
    impl Command for ReminderSettingsSetArgs {
        const NAME: &'static str = "reminder_settings_set";
        type Response = ReminderSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ReminderSettings> {
            desk.set_reminder_settings(self.0, now)
        }
    }
}
