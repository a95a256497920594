//! Where a case stands (办理状态): a named state derived from the steps a case has been
//! through, and the moves between states that the steps make. The lifecycle commands
//! (`api::lifecycle`) check each step's preconditions; this module says what state results.

use crate::domain::{Case, Method, Status};

/// What a case's status is derived from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusFacts {
    pub deleted: bool,
    pub method: Option<Method>,
    pub evaluated: bool,
    pub replied: bool,
    pub delivered: bool,
    pub accepted: bool,
    pub signed: bool,
    /// Only 转送/交办/督办 items are signed for (N §一.二); a direct case starts at 待受理.
    pub transferred: bool,
    /// A 退件 the sender has not yet answered (条例 §23 ¶3 "经…核实同意后，交还").
    pub return_pending: bool,
    pub closed: bool,
}

impl StatusFacts {
    pub fn of(c: &Case) -> Self {
        StatusFacts {
            deleted: c.deleted_at.is_some(),
            method: c.method,
            evaluated: c.evaluation.is_some(),
            replied: c.replied_at.is_some(),
            delivered: !c.deliveries.is_empty(),
            accepted: c.accepted_at.is_some(),
            signed: c.signed_at.is_some(),
            transferred: c.info.source.is_transferred(),
            return_pending: c.method == Some(Method::ReturnCase) && c.return_result.is_none(),
            closed: c.closed_at.is_some(),
        }
    }

    pub fn status(&self) -> Status {
        if self.deleted {
            Status::Deleted
        } else if self.method == Some(Method::ReturnCase) && self.return_pending {
            Status::ReturnPending
        } else if self.method == Some(Method::ReturnCase) {
            Status::Returned
        } else if self.closed {
            Status::Closed
        } else if self.evaluated {
            Status::Evaluated
        } else if self.replied && self.delivered {
            Status::Delivered
        } else if self.replied {
            Status::Replied
        } else if self.accepted {
            Status::InProgress
        } else if self.signed || !self.transferred {
            Status::AwaitingDecision
        } else {
            Status::AwaitingSign
        }
    }
}

/// The status of a stored case.
pub fn derive(c: &Case) -> Status {
    StatusFacts::of(c).status()
}

/// The states one step can move a case to from `s` (a step that changes nothing visible,
/// like a second delivery, keeps it where it is). 删除 moves any case to 已删除, and 恢复
/// moves it back to where its steps put it.
pub fn successors(s: Status) -> &'static [Status] {
    use Status::*;
    match s {
        // 签收 (N §一.二).
        AwaitingSign => &[AwaitingDecision, Deleted],
        // 受理 / 不予受理 go to 办理中; 退件 (transferred items only, 条例 §23 ¶3) waits for
        // the sender's approval in 退件待审核.
        AwaitingDecision => &[InProgress, ReturnPending, Deleted],
        // The method may still change until the reply (to 退件, or back).
        InProgress => &[Replied, ReturnPending, Deleted],
        // 条例 §23 ¶3: approved → 已退件; refused → back to 待受理 on the original clocks.
        ReturnPending => &[Returned, AwaitingDecision, InProgress, Deleted],
        Returned => &[InProgress, Deleted],
        // 送达, or 评价 straight after the reply.
        Replied => &[Delivered, Evaluated, Deleted],
        // 办结 once delivered and uploaded.
        Delivered => &[Evaluated, Closed, Deleted],
        // A 不满意 reopens the case (重新办理 / 二次答复).
        Evaluated => &[Closed, InProgress, Deleted],
        Closed => &[InProgress, Deleted],
        Deleted => &[
            AwaitingSign,
            AwaitingDecision,
            InProgress,
            ReturnPending,
            Returned,
            Replied,
            Delivered,
            Evaluated,
            Closed,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, VecDeque};

    /// One lifecycle step on the facts, with the preconditions `api::lifecycle` checks.
    fn steps(f: StatusFacts) -> Vec<(&'static str, StatusFacts)> {
        let mut out = Vec::new();
        if f.deleted {
            out.push((
                "restore",
                StatusFacts {
                    deleted: false,
                    ..f
                },
            ));
            return out;
        }
        out.push(("delete", StatusFacts { deleted: true, ..f }));
        if f.transferred && !f.signed {
            out.push(("sign_for", StatusFacts { signed: true, ..f }));
        }
        if (f.signed || !f.transferred)
            && !f.replied
            && f.method != Some(Method::ReturnCase)
            && !f.closed
        {
            for m in [Method::PetitionChannel, Method::Decline, Method::ReturnCase] {
                if m == Method::ReturnCase && !f.transferred {
                    continue;
                }
                out.push((
                    "decide",
                    StatusFacts {
                        accepted: true,
                        method: Some(m),
                        return_pending: m == Method::ReturnCase,
                        ..f
                    },
                ));
            }
        }
        if f.return_pending {
            out.push((
                "return_approved",
                StatusFacts {
                    return_pending: false,
                    ..f
                },
            ));
            out.push((
                "return_refused",
                StatusFacts {
                    return_pending: false,
                    accepted: false,
                    method: None,
                    ..f
                },
            ));
        }
        if f.replied && f.delivered && !f.closed {
            out.push(("close", StatusFacts { closed: true, ..f }));
        }
        if f.evaluated && f.method != Some(Method::ReturnCase) {
            out.push((
                "reopen",
                StatusFacts {
                    replied: false,
                    evaluated: false,
                    delivered: false,
                    closed: false,
                    ..f
                },
            ));
        }
        if f.accepted && f.method != Some(Method::ReturnCase) && !f.replied {
            out.push(("reply", StatusFacts { replied: true, ..f }));
        }
        if f.replied && !f.closed {
            out.push((
                "deliver",
                StatusFacts {
                    delivered: true,
                    ..f
                },
            ));
            out.push((
                "evaluate",
                StatusFacts {
                    evaluated: true,
                    ..f
                },
            ));
        }
        out
    }

    #[test]
    fn every_step_from_every_reachable_case_moves_along_a_listed_transition() {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<StatusFacts> = [true, false]
            .into_iter()
            .map(|transferred| StatusFacts {
                transferred,
                ..StatusFacts::default()
            })
            .collect();
        let mut states = BTreeSet::new();
        while let Some(f) = queue.pop_front() {
            if !seen.insert(format!("{f:?}")) {
                continue;
            }
            let from = f.status();
            states.insert(from.code());
            for (step, g) in steps(f) {
                let to = g.status();
                assert!(
                    to == from || successors(from).contains(&to),
                    "{step}: {from:?} → {to:?} is not a listed transition"
                );
                queue.push_back(g);
            }
        }
        assert_eq!(states.len(), 10, "every status is reachable: {states:?}");
    }

    #[test]
    fn a_direct_case_starts_awaiting_decision_and_a_transferred_one_awaiting_sign() {
        let direct = StatusFacts::default();
        let transferred = StatusFacts {
            transferred: true,
            ..direct
        };
        assert_eq!(direct.status(), Status::AwaitingDecision);
        assert_eq!(transferred.status(), Status::AwaitingSign);
    }
}
