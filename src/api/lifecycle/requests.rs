//! The contract's requests for the Desk methods in lifecycle.rs: one named type per command
//! (contract.rs), listed in dispatch.rs.

use serde::Deserialize;
use ts_rs::TS;

use super::{DecideDetails, DeliveryInput, DocumentInput, ReceiptInput};
use crate::api::contract::{Command, DONE, Done, by_case_no};
use crate::api::{CaseView, Desk};
use crate::domain::{
    BreachNotice, DeclineGround, DocKind, Evaluation, LeaderRole, LegalRoute, ReviewKind, Reviewer,
};
use crate::error::Result;
use crate::time::Time;

/// A command on one case at one time: `{case_no, at}`.
macro_rules! at_time {
    ($t:ident, $name:literal, |$desk:ident, $no:ident, $at:ident, $now:ident| $body:expr) => {
        #[derive(Deserialize, TS)]
        #[serde(deny_unknown_fields)]
        pub struct $t {
            pub case_no: String,
            #[serde(with = "crate::domain::time_serde")]
            #[ts(type = "string")]
            pub at: Time,
        }
        impl Command for $t {
            const NAME: &'static str = $name;
            type Response = CaseView;
            fn run(self, $desk: &mut Desk, $now: &Time) -> Result<CaseView> {
                let ($no, $at) = (self.case_no.as_str(), self.at);
                $body
            }
        }
    };
}

at_time!(CaseSignArgs, "case_sign", |desk, no, at, now| desk
    .sign_for(no, at, now));
at_time!(CaseReplyArgs, "case_reply", |desk, no, at, now| desk
    .reply(no, at, now));
by_case_no!(
    CaseRestoreArgs,
    "case_restore",
    CaseView,
    |desk, no, now| desk.restore_case(no, now)
);

/// 确定办理方式（五种之一）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseDecideArgs {
    pub case_no: String,
    pub method: String,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub ground: Option<DeclineGround>,
    #[serde(default)]
    pub redirect_to: Option<String>,
    #[serde(default)]
    #[ts(as = "Option<String>")]
    pub statutory_due_date: Option<chrono::NaiveDate>,
    /// 申诉求决 by the petition channel: the statutory routes ruled out (条例 §31).
    #[serde(default)]
    pub ruled_out_routes: Option<Vec<LegalRoute>>,
}
impl Command for CaseDecideArgs {
    const NAME: &'static str = "case_decide";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        let details = DecideDetails {
            ground: self.ground,
            redirect_to: self.redirect_to,
            statutory_due_date: self.statutory_due_date,
            ruled_out_routes: self.ruled_out_routes.unwrap_or_default(),
        };
        desk.decide_with(
            &self.case_no,
            &self.method,
            self.at,
            self.reason,
            details,
            now,
        )
    }
}

/// 延期（条例 §34）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseExtendArgs {
    pub case_no: String,
    pub days: u32,
    pub approved_by: String,
    #[serde(default)]
    #[ts(as = "Option<String>", optional)]
    pub reason: String,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    /// 平台延期申请：已提交 / 已同意 / 未同意。
    #[serde(default)]
    #[ts(optional)]
    pub platform: Option<crate::domain::PlatformExtension>,
}
impl Command for CaseExtendArgs {
    const NAME: &'static str = "case_extend";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.extend_with(
            &self.case_no,
            self.days,
            &self.approved_by,
            &self.reason,
            self.at,
            self.platform,
            now,
        )
    }
}

/// 登记文书。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseDocumentArgs {
    pub case_no: String,
    pub document: DocumentInput,
}
impl Command for CaseDocumentArgs {
    const NAME: &'static str = "case_document";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.record_document(&self.case_no, self.document, now)
    }
}

/// 领导签批。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseSignoffArgs {
    pub case_no: String,
    pub kind: DocKind,
    pub role: LeaderRole,
    pub leader: String,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
}
impl Command for CaseSignoffArgs {
    const NAME: &'static str = "case_signoff";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.signoff(
            &self.case_no,
            self.kind,
            self.role,
            &self.leader,
            self.at,
            now,
        )
    }
}

/// 送达。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseDeliverArgs {
    pub case_no: String,
    pub delivery: DeliveryInput,
}
impl Command for CaseDeliverArgs {
    const NAME: &'static str = "case_deliver";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.deliver(&self.case_no, self.delivery, now)
    }
}

/// 送达回证返回：签收日期，或拒收。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseReceiptArgs {
    pub case_no: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub receipt: ReceiptInput,
}
impl Command for CaseReceiptArgs {
    const NAME: &'static str = "case_receipt";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.record_receipt(&self.case_no, self.receipt, now)
    }
}

/// 登记已上传的附件（文件名）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseAttachmentArgs {
    pub case_no: String,
    pub kind: DocKind,
    pub file_name: String,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
}
impl Command for CaseAttachmentArgs {
    const NAME: &'static str = "case_attachment";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.record_attachment(
            &self.case_no,
            self.kind,
            &self.file_name,
            self.sha256,
            self.at,
            now,
        )
    }
}

/// 附件审核（经办人、分管领导）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseAttachmentReviewArgs {
    pub case_no: String,
    pub file_name: String,
    pub reviewer: Reviewer,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
}
impl Command for CaseAttachmentReviewArgs {
    const NAME: &'static str = "case_attachment_review";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.review_attachment(&self.case_no, &self.file_name, self.reviewer, self.at, now)
    }
}

/// 满意度评价结果。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseEvaluateArgs {
    pub case_no: String,
    pub result: Evaluation,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
}
impl Command for CaseEvaluateArgs {
    const NAME: &'static str = "case_evaluate";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.evaluate(&self.case_no, self.result, self.at, now)
    }
}

/// 复查、复核申请。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseReviewRequestArgs {
    pub case_no: String,
    pub kind: ReviewKind,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
}
impl Command for CaseReviewRequestArgs {
    const NAME: &'static str = "case_review_request";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.request_review(&self.case_no, self.kind, self.at, now)
    }
}

/// 复查、复核意见。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseReviewOpinionArgs {
    pub case_no: String,
    pub kind: ReviewKind,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    #[serde(default)]
    pub result: Option<String>,
}
impl Command for CaseReviewOpinionArgs {
    const NAME: &'static str = "case_review_opinion";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.review_opinion(&self.case_no, self.kind, self.at, self.result, now)
    }
}

/// 复查、复核的收件日期和听证天数。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct CaseReviewDetailsArgs {
    pub case_no: String,
    pub kind: ReviewKind,
    #[serde(default)]
    pub received_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub hearing_days: Option<u32>,
}
impl Command for CaseReviewDetailsArgs {
    const NAME: &'static str = "case_review_details";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.review_details(
            &self.case_no,
            self.kind,
            self.received_on,
            self.hearing_days,
            now,
        )
    }
}

/// 删除（须写明理由，可恢复）。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseDeleteArgs {
    pub case_no: String,
    pub reason: String,
}
impl Command for CaseDeleteArgs {
    const NAME: &'static str = "case_delete";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.delete_case(&self.case_no, &self.reason, now)
    }
}

/// 标记为重复件。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CaseMarkRepeatArgs {
    pub case_no: String,
    pub repeat_of: String,
}
impl Command for CaseMarkRepeatArgs {
    const NAME: &'static str = "case_mark_repeat";
    type Response = CaseView;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<CaseView> {
        desk.mark_repeat(&self.case_no, &self.repeat_of, now)
    }
}

/// 登记一次通报（被通报的问题）。
#[derive(Deserialize, TS)]
#[serde(transparent)]
pub struct BreachAddArgs(pub BreachNotice);
impl Command for BreachAddArgs {
    const NAME: &'static str = "breach_add";
    type Response = Done;
    fn run(self, desk: &mut Desk, now: &Time) -> Result<Done> {
        desk.record_breach(self.0, now)?;
        Ok(DONE)
    }
}
