//! Columns derived from a case and written with every change: due dates, status and the
//! per-case classification the five rates add up. Lists and rates read these instead of
//! recomputing 100k deadlines per query; a calendar or rule change recomputes them all.

use rusqlite::Transaction;

use super::case_times;
use crate::calendar::Calendar;
use crate::domain::{Case, Evaluation, Purpose, Status};
use crate::error::Result;
use crate::ledger::cases::{Derived, store_derived};
use crate::rules::RuleSettings;
use crate::rules::deadlines::{self, CaseTimes, Deadline, DeadlineStatus, Duty, MetBy};
use crate::rules::rates::{EvalState, Timeliness};
use crate::time::{Time, china_date, fmt_date};

pub(crate) struct Facts {
    pub times: CaseTimes,
    pub status: Status,
    pub purpose: Purpose,
    pub evaluation: Option<Evaluation>,
    pub is_repeat: bool,
}

impl Facts {
    pub fn of(case: &Case, rules: &RuleSettings) -> Self {
        Facts {
            times: case_times(case, rules),
            status: case.status,
            purpose: case.info.purpose,
            // A reopened case keeps its first evaluation in the rates until it is rated again.
            evaluation: case
                .evaluation
                .or(case.first_round.as_ref().and_then(|r| r.evaluation)),
            is_repeat: case.is_repeat,
        }
    }
}

/// Not yet, in time or late — against the stored due date.
fn met_state(met: Option<&Time>, due: Option<chrono::NaiveDate>) -> Option<Timeliness> {
    Timeliness::of(met.map(china_date), due)
}

/// Computes the derived columns and the case's deadlines.
pub(crate) fn compute(
    cal: &Calendar,
    rules: &RuleSettings,
    f: &Facts,
    now: &Time,
) -> (Vec<Deadline>, Derived) {
    let dls = deadlines::case_deadlines(
        cal,
        &rules.deadline_rules,
        &f.times,
        now,
        rules.due_soon_days,
    );
    let due_of =
        |pred: &dyn Fn(&Deadline) -> bool| dls.iter().find(|d| pred(d)).map(|d| d.due_date);
    let replies = |d: &Deadline| {
        d.duty == Duty::Unit
            && (d.rule_id == "statutory_procedure"
                || rules
                    .deadline_rules
                    .iter()
                    .any(|r| r.id == d.rule_id && r.met_by == MetBy::RepliedAt))
    };
    let sign_due = due_of(&|d| d.rule_id == "sign_for");
    let notify_due = due_of(&|d| {
        rules
            .deadline_rules
            .iter()
            .any(|r| r.id == d.rule_id && r.met_by == MetBy::NotifiedAt)
    });
    // 受理 timeliness: N §一.二's 5 days for transferred items; a direct case has no such
    // rule, and is measured against the written notice's 15 days (条例 §23 ¶2) — a reading.
    let decide_due = due_of(&|d| d.rule_id == "decide").or(if f.times.transferred {
        None
    } else {
        notify_due
    });
    let reply_due = due_of(&replies);
    let next_due = dls
        .iter()
        .filter(|d| {
            d.duty == Duty::Unit
                && !matches!(
                    d.status,
                    DeadlineStatus::MetInTime | DeadlineStatus::MetLate
                )
        })
        .map(|d| d.due_date)
        .min();
    // A decision with no decide rule configured counts as in time; a 退件 waiting for the
    // sender is not yet a decision (条例 §23 ¶3).
    let accepted = f
        .times
        .accepted_at
        .as_ref()
        .filter(|_| !f.times.return_pending);
    let accept_state = match (accepted, decide_due) {
        (Some(_), None) => Timeliness::InTime,
        (met, due) => met_state(met, due).unwrap_or(Timeliness::Pending),
    };
    let reply_state = met_state(f.times.replied_at.as_ref(), reply_due);
    // An approved 退件 is the other unit's case (score profile `exclude_returned`).
    let excluded = f.status == Status::Returned && rules.score_profile.exclude_returned;
    let (accept_state, reply_state) = if excluded {
        (Timeliness::Excluded, None)
    } else {
        (accept_state, reply_state)
    };
    // 群众参评 scope: the one rule of the score profile (rates, dashboard, compliance).
    let in_scope = rules.score_profile.in_evaluation_scope(
        f.times.method,
        f.purpose,
        f.times.replied_at.is_some(),
    );
    let eval_state = match (in_scope && !excluded, f.evaluation) {
        (false, _) => EvalState::OutOfScope,
        (true, Some(Evaluation::Satisfied | Evaluation::BasicallySatisfied)) => {
            EvalState::Satisfied
        }
        (true, Some(Evaluation::Dissatisfied)) => EvalState::Dissatisfied,
        (true, Some(Evaluation::Expired) | None) => EvalState::Unrated,
    };
    // N §二 引导评价: from the answer's arrival until the petitioner has evaluated.
    let eval_open = f.times.evaluated_at.is_none();
    let eval_from = f
        .times
        .answer_received_at
        .as_ref()
        .filter(|_| eval_open && !excluded)
        .map(china_date);
    let eval_due = eval_from.and(
        dls.iter()
            .find(|d| d.rule_id == deadlines::EVALUATION_RULE)
            .map(|d| d.due_date),
    );
    let derived = Derived {
        eval_from: eval_from.map(fmt_date),
        eval_due: eval_due.map(fmt_date),
        sign_due: sign_due.map(fmt_date),
        decide_due: decide_due.map(fmt_date),
        reply_due: reply_due.map(fmt_date),
        notify_due: notify_due.map(fmt_date),
        next_due: next_due.map(fmt_date),
        status: f.status,
        accept_state,
        reply_state,
        eval_state,
        is_repeat: f.is_repeat,
    };
    (dls, derived)
}

/// Recomputes and writes the derived columns of a stored case.
pub(crate) fn store(
    tx: &Transaction<'_>,
    id: i64,
    cal: &Calendar,
    rules: &RuleSettings,
    f: &Facts,
    now: &Time,
) -> Result<Vec<Deadline>> {
    let (dls, derived) = compute(cal, rules, f, now);
    store_derived(tx, id, &derived)?;
    Ok(dls)
}
