//! 撤销 (issue #21): a wrong step taken back with a reason while nothing irreversible has
//! followed it. The step is removed from the case, not hidden: the audit entry keeps what
//! it was, who took it back and why, and the deadlines are recomputed.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{CaseView, Desk};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::rules::actions;
use crate::time::Time;

/// Which step to take back; the rules (`rules::actions`) say which one of its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawStep {
    /// 办理方式 (受理、不予受理、退件……): the case goes back to 待受理.
    Decision,
    /// The latest 领导签批 of a document not yet delivered.
    Signoff,
    /// The latest 复查/复核 step: its opinion, else its request.
    Review,
}

impl Desk {
    /// Takes back `step` with `reason` (required): one event, one audit entry.
    pub fn withdraw(
        &mut self,
        case_no: &str,
        step: WithdrawStep,
        reason: &str,
        now: &Time,
    ) -> Result<CaseView> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::MissingField("撤销理由".into()));
        }
        self.mutate(case_no, now, "withdraw", |tx, id, c, _| {
            let what = match step {
                WithdrawStep::Decision => {
                    actions::can_withdraw_decision(c).map_err(Error::OutOfOrder)?;
                    let method = c.method.map(|m| m.label()).unwrap_or_default();
                    // Documents drafted under the withdrawn method are its own; none has gone
                    // out or carries a 文号 (checked above).
                    tx.execute(
                        "DELETE FROM signoffs WHERE document_id IN
                         (SELECT id FROM documents WHERE case_id = ?1)",
                        [id],
                    )?;
                    tx.execute("DELETE FROM documents WHERE case_id = ?1", [id])?;
                    let none: Option<String> = None;
                    cases::set_columns(
                        tx,
                        id,
                        &[
                            ("accepted_at", &none),
                            ("method", &none),
                            ("method_reason", &none),
                            ("decline_ground", &none),
                            ("redirect_to", &none),
                        ],
                        now,
                    )?;
                    format!("办理方式（{method}）")
                }
                WithdrawStep::Signoff => {
                    let (kind, s) = actions::withdrawable_signoff(c).map_err(Error::OutOfOrder)?;
                    tx.execute(
                        "DELETE FROM signoffs WHERE role = ?2 AND document_id =
                         (SELECT id FROM documents WHERE case_id = ?1 AND kind = ?3)",
                        params![id, s.role, kind],
                    )?;
                    format!(
                        "{}的签批（{} {}，{}）",
                        kind.label(),
                        s.role.label(),
                        s.leader,
                        crate::time::show_time(&s.at)
                    )
                }
                WithdrawStep::Review => {
                    let (kind, opinion) =
                        actions::withdrawable_review(c).map_err(Error::OutOfOrder)?;
                    if opinion {
                        tx.execute(
                            "UPDATE reviews SET opinion_at = NULL, result = NULL,
                                opinion_received_on = NULL
                             WHERE case_id = ?1 AND kind = ?2",
                            params![id, kind],
                        )?;
                        format!("{}意见", kind.label())
                    } else {
                        tx.execute(
                            "DELETE FROM reviews WHERE case_id = ?1 AND kind = ?2",
                            params![id, kind],
                        )?;
                        format!("{}申请", kind.label())
                    }
                }
            };
            Ok(Some(("withdrawn", *now, format!("撤销{what}：{reason}"))))
        })
    }
}

pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::WithdrawStep;
    use crate::api::contract::Command;
    use crate::api::{CaseView, Desk};
    use crate::error::Result;
    use crate::time::Time;

    /// 撤销一个办理步骤（须写明理由）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct CaseWithdrawArgs {
        pub case_no: String,
        pub step: WithdrawStep,
        pub reason: String,
    }
    impl Command for CaseWithdrawArgs {
        const NAME: &'static str = "case_withdraw";
        type Response = CaseView;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
            desk.withdraw(&self.case_no, self.step, &self.reason, now)
        }
    }
}
