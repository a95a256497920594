//! The platform's workflow states (issue #16): the sender's answer to a 退件, 督办 and the
//! sender's deadline, 办结 and 再次办理, 回访. Each step is one event, one audit entry and one
//! transaction through `Desk::mutate`; the guards are the case page's (rules::actions).

use rusqlite::params;
use serde::Deserialize;
use ts_rs::TS;

use super::{CaseView, Desk};
use crate::api::contract::Command;
use crate::domain::{FirstRound, FollowUpWay, Method, ReopenKind, ReturnResult};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::rules::actions;
use crate::time::{Time, china_date, fmt_date, fmt_time};

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn not_before(what: &str, at: &Time, earlier_name: &str, earlier: &Time) -> Result<()> {
    if at < earlier {
        return Err(Error::OutOfOrder(format!(
            "{what}时间 {} 早于{earlier_name}时间 {}，请核对。",
            fmt_time(at),
            fmt_time(earlier)
        )));
    }
    Ok(())
}

impl Desk {
    /// 退件审核结果 (条例 §23 ¶3 "经…核实同意后，交还相关材料"): approved → 已退件; refused →
    /// back to 待受理 on the original clocks (the 受理 deadline from arrival never stopped).
    pub fn return_result(
        &mut self,
        case_no: &str,
        result: ReturnResult,
        at: Time,
        note: Option<String>,
        now: &Time,
    ) -> Result<CaseView> {
        let note = nonempty(note);
        self.mutate(case_no, now, "return_result", |tx, id, c, _| {
            actions::can_record_return_result(c).map_err(Error::OutOfOrder)?;
            if let Some(objected) = c.accepted_at {
                not_before("审核结果", &at, "退件", &objected)?;
            }
            let mut detail = result.label().to_string();
            match result {
                ReturnResult::Approved => {
                    cases::set_columns(
                        tx,
                        id,
                        &[
                            ("return_result", &result),
                            ("return_result_at", &fmt_time(&at)),
                        ],
                        now,
                    )?;
                }
                ReturnResult::Refused => {
                    // The objection stays in the history; the case is undecided again.
                    if let Some(r) = &c.method_reason {
                        detail.push_str(&format!("（原退件理由：{r}）"));
                    }
                    cases::set_columns(
                        tx,
                        id,
                        &[
                            ("method", &Option::<Method>::None),
                            ("method_reason", &Option::<String>::None),
                            ("accepted_at", &Option::<String>::None),
                            ("return_result", &Option::<ReturnResult>::None),
                            ("return_result_at", &fmt_time(&at)),
                        ],
                        now,
                    )?;
                }
            }
            if let Some(n) = &note {
                detail.push_str(&format!("，{n}"));
            }
            Ok(Some(("return_result", at, detail)))
        })
    }

    /// 督办 (条例 §22): each one recorded; a new deadline replaces the earlier one.
    pub fn supervise(
        &mut self,
        case_no: &str,
        at: Time,
        deadline: Option<chrono::NaiveDate>,
        note: Option<String>,
        now: &Time,
    ) -> Result<CaseView> {
        let note = nonempty(note);
        self.mutate(case_no, now, "supervise", |tx, id, c, _| {
            actions::can_supervise(c).map_err(Error::OutOfOrder)?;
            not_before("督办", &at, "到达", &c.info.arrived_at)?;
            if let Some(d) = deadline
                && d < china_date(&at)
            {
                return Err(Error::invalid(
                    "督办期限",
                    format!("{} 早于督办日期，请核对", fmt_date(d)),
                ));
            }
            tx.execute(
                "INSERT INTO supervisions (case_id, at, deadline, note) VALUES (?1, ?2, ?3, ?4)",
                params![id, fmt_time(&at), deadline.map(fmt_date), note],
            )?;
            let n = c.supervisions.len() + 1;
            let mut detail = format!("第 {n} 次督办");
            if let Some(d) = deadline {
                detail.push_str(&format!("，要求 {} 前办结", fmt_date(d)));
            }
            if let Some(t) = &note {
                detail.push_str(&format!("：{t}"));
            }
            Ok(Some(("supervised", at, detail)))
        })
    }

    /// 办结: once the method's documents are delivered and its attachments uploaded.
    pub fn close(&mut self, case_no: &str, at: Time, now: &Time) -> Result<CaseView> {
        self.mutate(case_no, now, "close", |tx, id, c, _| {
            if c.closed_at.is_some() {
                return Err(Error::OutOfOrder("该件已办结。".into()));
            }
            let missing = actions::close_missing(c);
            if !missing.is_empty() {
                return Err(Error::OutOfOrder(format!(
                    "尚不能办结，还缺：{}。",
                    missing.join("；")
                )));
            }
            if let Some(r) = c.replied_at.or(c.accepted_at) {
                not_before("办结", &at, "答复", &r)?;
            }
            cases::set_columns(tx, id, &[("closed_at", &fmt_time(&at))], now)?;
            Ok(Some((
                "closed",
                at,
                format!("第 {} 轮办理办结", c.handling_round),
            )))
        })
    }

    /// 重新办理 / 二次答复 after a 不满意: the first round's answer and evaluation are kept
    /// (`first_round` and the history); the case goes back to 办理中.
    pub fn reopen(
        &mut self,
        case_no: &str,
        kind: ReopenKind,
        at: Time,
        note: Option<String>,
        now: &Time,
    ) -> Result<CaseView> {
        let note = nonempty(note);
        self.mutate(case_no, now, "reopen", |tx, id, c, _| {
            actions::can_reopen(c).map_err(Error::OutOfOrder)?;
            if let Some(e) = c.evaluated_at {
                not_before("再次办理", &at, "评价", &e)?;
            }
            // Only the first round is kept: a later round's answer is in the history.
            let first = c.first_round.clone().unwrap_or(FirstRound {
                replied_at: c.replied_at,
                evaluation: c.evaluation,
                evaluated_at: c.evaluated_at,
                closed_at: c.closed_at,
                reopened_as: kind,
            });
            let first = serde_json::to_string(&first).map_err(|e| Error::Db(e.to_string()))?;
            cases::set_columns(
                tx,
                id,
                &[
                    ("replied_at", &Option::<String>::None),
                    ("evaluation", &Option::<String>::None),
                    ("evaluated_at", &Option::<String>::None),
                    ("closed_at", &Option::<String>::None),
                    ("reopened_at", &fmt_time(&at)),
                    ("handling_round", &(c.handling_round + 1)),
                    ("first_round", &first),
                ],
                now,
            )?;
            let mut detail = format!(
                "{}（第 {} 轮；上一轮：答复 {}，评价{}）",
                kind.label(),
                c.handling_round + 1,
                c.replied_at
                    .map(|t| fmt_time(&t))
                    .unwrap_or_else(|| "无".into()),
                c.evaluation.map(|e| e.label()).unwrap_or("无")
            );
            if let Some(n) = &note {
                detail.push_str(&format!("：{n}"));
            }
            Ok(Some(("reopened", at, detail)))
        })
    }

    /// 回访 (N §二: 积极引导信访人进行满意度评价).
    pub fn follow_up(
        &mut self,
        case_no: &str,
        on: chrono::NaiveDate,
        way: FollowUpWay,
        result: &str,
        now: &Time,
    ) -> Result<CaseView> {
        let result = result.trim().to_string();
        if result.is_empty() {
            return Err(Error::MissingField(
                "回访结果（如：已引导信访人评价，信访人表示满意）".into(),
            ));
        }
        self.mutate(case_no, now, "follow_up", |tx, id, c, _| {
            actions::can_follow_up(c).map_err(Error::OutOfOrder)?;
            let answered = c.replied_at.or(c.accepted_at);
            if let Some(a) = answered
                && on < china_date(&a)
            {
                return Err(Error::OutOfOrder(format!(
                    "回访日期 {} 早于答复时间 {}，请核对。",
                    fmt_date(on),
                    fmt_time(&a)
                )));
            }
            tx.execute(
                "INSERT INTO follow_ups (case_id, on_date, way, result) VALUES (?1, ?2, ?3, ?4)",
                params![id, fmt_date(on), way, result],
            )?;
            let at = on
                .and_hms_opt(12, 0, 0)
                .and_then(|t| t.and_local_timezone(crate::time::cst()).single())
                .unwrap_or(*now);
            Ok(Some((
                "follow_up",
                at,
                format!("{}：{result}", way.label()),
            )))
        })
    }
}

/// 退件审核结果（条例第二十三条第三款）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseReturnResultArgs {
    pub case_no: String,
    pub result: ReturnResult,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    #[serde(default)]
    pub note: Option<String>,
}
impl Command for CaseReturnResultArgs {
    const NAME: &'static str = "case_return_result";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.return_result(&self.case_no, self.result, self.at, self.note, now)
    }
}

/// 督办（条例第二十二条）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseSuperviseArgs {
    pub case_no: String,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    #[serde(default)]
    pub deadline: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}
impl Command for CaseSuperviseArgs {
    const NAME: &'static str = "case_supervise";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.supervise(&self.case_no, self.at, self.deadline, self.note, now)
    }
}

/// 办结。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseCloseArgs {
    pub case_no: String,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
}
impl Command for CaseCloseArgs {
    const NAME: &'static str = "case_close";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.close(&self.case_no, self.at, now)
    }
}

/// 重新办理 / 二次答复（不满意之后）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseReopenArgs {
    pub case_no: String,
    pub kind: ReopenKind,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    #[serde(default)]
    pub note: Option<String>,
}
impl Command for CaseReopenArgs {
    const NAME: &'static str = "case_reopen";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.reopen(&self.case_no, self.kind, self.at, self.note, now)
    }
}

/// 回访（通知 §二）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseFollowUpArgs {
    pub case_no: String,
    pub on: chrono::NaiveDate,
    pub way: FollowUpWay,
    pub result: String,
}
impl Command for CaseFollowUpArgs {
    const NAME: &'static str = "case_follow_up";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.follow_up(&self.case_no, self.on, self.way, &self.result, now)
    }
}
