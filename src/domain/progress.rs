//! The steps a case has already been through when it enters the ledger (an imported
//! 台账), checked for order.

use serde::{Deserialize, Serialize};

use super::{Evaluation, Method, NewCase, ReturnResult, time_serde};
use crate::error::{Error, Result};
use crate::time::{Time, fmt_time};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct Progress {
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub signed_at: Option<Time>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub accepted_at: Option<Time>,
    pub method: Option<Method>,
    pub method_reason: Option<String>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub replied_at: Option<Time>,
    pub evaluation: Option<Evaluation>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub evaluated_at: Option<Time>,
    /// 退件: the sender's answer (an imported 退件 without one waits in 退件待审核).
    pub return_result: Option<ReturnResult>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub closed_at: Option<Time>,
}

impl Progress {
    pub fn validate(&self, c: &NewCase) -> Result<()> {
        let which = |what: &str| format!("信访件“{}”的{what}", c.case_no.trim());
        if self.method.is_some() != self.accepted_at.is_some() {
            return Err(Error::invalid(
                which("办理方式"),
                "办理方式和受理时间应同时填写",
            ));
        }
        if self.replied_at.is_some() && self.method.is_none() {
            return Err(Error::invalid(
                which("答复时间"),
                "有答复时间的件必须填写办理方式",
            ));
        }
        if self.evaluation.is_some() && self.replied_at.is_none() {
            return Err(Error::invalid(which("满意度评价"), "未答复的件不能有评价"));
        }
        if self.evaluated_at.is_some() && self.evaluation.is_none() {
            return Err(Error::invalid(
                which("评价时间"),
                "有评价时间但没有评价结果",
            ));
        }
        if self.return_result.is_some() && self.method != Some(Method::ReturnCase) {
            return Err(Error::invalid(
                which("退件审核结果"),
                "只有办理方式为退件的件才有退件审核结果",
            ));
        }
        if self.closed_at.is_some()
            && self.replied_at.is_none()
            && self.method != Some(Method::Decline)
        {
            return Err(Error::invalid(which("办结时间"), "未答复的件不能办结"));
        }
        let steps = [
            ("到达", Some(c.arrived_at)),
            ("签收", self.signed_at),
            ("受理", self.accepted_at),
            ("答复", self.replied_at),
            ("评价", self.evaluated_at),
        ];
        let mut last: Option<(&str, Time)> = None;
        for (name, at) in steps {
            let Some(at) = at else { continue };
            if let Some((prev_name, prev)) = last
                && at < prev
            {
                return Err(Error::invalid(
                    which(&format!("{name}时间")),
                    format!("{} 早于{prev_name}时间 {}", fmt_time(&at), fmt_time(&prev)),
                ));
            }
            last = Some((name, at));
        }
        Ok(())
    }
}
