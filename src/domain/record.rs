//! A case as the ledger holds it: what was registered plus everything that happened since.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    BreachLevel, DeclineGround, DeliveryMethod, DocKind, Evaluation, FollowUpWay, LeaderRole,
    LegalRoute, Method, NewCase, PlatformExtension, ReopenKind, RepeatCheckMark, ReturnResult,
    ReviewKind, Status, time_serde,
};
use crate::time::Time;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Case {
    pub id: i64,
    #[serde(flatten)]
    pub info: NewCase,
    pub status: Status,
    pub status_label: &'static str,
    pub confidential: bool,
    pub is_repeat: bool,
    /// 初信初访 (N §三.三): no earlier case by the same person and not linked as a repeat
    /// when it was registered; cleared when it is marked as a repeat.
    pub first_petition: bool,
    /// The "三到位一处理" items ticked for a repeat case (N §三.三).
    pub repeat_checklist: Vec<RepeatCheckMark>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub signed_at: Option<Time>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub accepted_at: Option<Time>,
    pub method: Option<Method>,
    /// The lawful ground of a 不予受理, or the objection's reasons for a 退件.
    pub method_reason: Option<String>,
    /// The 不予受理 ground picked from the lawful list.
    pub decline_ground: Option<DeclineGround>,
    /// 不予受理: where the petitioner should go instead ("应向…提出 / 通过…程序").
    pub redirect_to: Option<String>,
    /// 申诉求决 by the petition channel: the statutory routes of 条例 §31 (一)–(五) the clerk
    /// ruled out when choosing it.
    pub ruled_out_routes: Vec<LegalRoute>,
    /// The total of the approved 延期 steps (条例 §34: at most 30 days in all).
    pub extension_days: u32,
    pub extension_approved_by: Option<String>,
    /// Each approved 延期 step, in order.
    pub extensions: Vec<Extension>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub replied_at: Option<Time>,
    pub evaluation: Option<Evaluation>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub evaluated_at: Option<Time>,
    pub documents: Vec<Document>,
    pub deliveries: Vec<Delivery>,
    pub attachments: Vec<AttachmentRecord>,
    pub reviews: Vec<Review>,
    /// 退件: the sender's answer; `None` while 退件待审核 (条例 §23 ¶3).
    pub return_result: Option<ReturnResult>,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub return_result_at: Option<Time>,
    /// 办结.
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub closed_at: Option<Time>,
    /// 1 for the first handling; each 重新办理 / 二次答复 adds one.
    pub handling_round: u32,
    /// When the current round began (a reopened case); deliveries and uploads before it
    /// belong to the earlier round.
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub reopened_at: Option<Time>,
    /// The first round's answer and evaluation, kept when the case is reopened.
    pub first_round: Option<FirstRound>,
    /// Each 督办 by the sender (条例 §22).
    pub supervisions: Vec<Supervision>,
    /// 回访 records (N §二: guide the petitioner to evaluate).
    pub follow_ups: Vec<FollowUp>,
    pub events: Vec<Event>,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub created_at: Time,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub updated_at: Time,
    #[serde(with = "time_serde::option")]
    #[ts(as = "Option<String>")]
    pub deleted_at: Option<Time>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Document {
    pub kind: DocKind,
    pub doc_no: Option<String>,
    /// The free title of an 其他法定文书 (e.g. 行政复议决定书).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub issued_at: Option<Time>,
    #[serde(default)]
    pub signoffs: Vec<Signoff>,
    /// The clerk's body (one paragraph a line, placeholders allowed); none = the template's.
    #[serde(default)]
    pub body: Option<String>,
    /// Values the clerk chose for this document (复查机关, 处理意见, 联系电话 …).
    #[serde(default)]
    #[ts(as = "Option<std::collections::BTreeMap<String, String>>", optional)]
    pub vars: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Signoff {
    pub role: LeaderRole,
    pub leader: String,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    /// SHA-256 of the text the leader approved (issue #21 §1); none for sign-offs recorded
    /// before texts were bound.
    #[serde(default)]
    pub body_sha256: Option<String>,
    /// The text changed after this sign-off: it no longer counts (computed when the case is shown).
    #[serde(default)]
    pub void: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Delivery {
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    pub method: DeliveryMethod,
    #[serde(default)]
    pub place: Option<String>,
    pub recipient: String,
    pub documents: Vec<DocKind>,
    /// The 送达回证 came back signed (or the 留置/公告 equivalent was recorded).
    #[serde(default)]
    pub receipt_signed: bool,
    /// The recipient refused to sign (a mailed receipt came back refused): recorded, not signed.
    #[serde(default)]
    pub receipt_refused: bool,
    #[serde(default)]
    pub proxy_reason: Option<String>,
    #[serde(default)]
    pub witness: Option<String>,
    /// 签收日期 the recipient wrote on the 送达回证; the petitioner's own windows (复查,
    /// 复核) run from it (条例 §35, §36 "自收到书面答复之日起").
    #[serde(default)]
    pub signed_on: Option<NaiveDate>,
    /// 邮件号码 of a 邮寄送达.
    #[serde(default)]
    pub tracking_no: Option<String>,
    /// 拒收理由 of a 留置送达.
    #[serde(default)]
    pub refusal_reason: Option<String>,
    /// 送达人.
    #[serde(default)]
    pub server: Option<String>,
}

impl Delivery {
    /// The day the petitioner received the documents (条例 §35 "自收到书面答复之日起"): the
    /// 签收日期 on the returned 送达回证; a document handed over in person or electronically
    /// is received the day it was served. A mailed, entrusted, left or published one is not
    /// known to be received until its receipt comes back (issue #21 §8): `None` until then.
    pub fn received_on(&self) -> Option<NaiveDate> {
        use super::DeliveryMethod::{Electronic, InPerson};
        self.signed_on.or_else(|| {
            matches!(self.method, InPerson | Electronic).then(|| crate::time::china_date(&self.at))
        })
    }

    /// The receipt's return is still to be recorded (neither signed nor refused).
    pub fn receipt_pending(&self) -> bool {
        !self.receipt_signed && !self.receipt_refused
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Extension {
    pub days: u32,
    pub approved_by: String,
    pub reason: String,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    /// The platform's 延期申请, where recorded.
    #[serde(default)]
    pub platform: Option<PlatformExtension>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Supervision {
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    /// The new deadline the 督办 set, if any (it replaces the earlier one).
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct FollowUp {
    pub on: NaiveDate,
    pub way: FollowUpWay,
    pub result: String,
}

/// What a reopened case's first round came to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct FirstRound {
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub replied_at: Option<Time>,
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub evaluated_at: Option<Time>,
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub closed_at: Option<Time>,
    pub reopened_as: ReopenKind,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct AttachmentRecord {
    pub kind: DocKind,
    pub file_name: String,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub added_at: Time,
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub reviewed_supervising_at: Option<Time>,
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub reviewed_office_at: Option<Time>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Review {
    pub kind: ReviewKind,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub requested_at: Time,
    #[serde(with = "time_serde::option", default)]
    #[ts(as = "Option<String>")]
    pub opinion_at: Option<Time>,
    #[serde(default)]
    pub result: Option<String>,
    /// 签收日期 of the written opinion by the petitioner: the next window runs from it.
    #[serde(default)]
    pub opinion_received_on: Option<NaiveDate>,
    /// 听证 days, not counted in the 30 days (条例 §36 ¶2).
    #[serde(default)]
    pub hearing_days: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct Event {
    pub kind: String,
    pub label: String,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    pub actor: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct BreachNotice {
    pub unit: String,
    #[serde(default)]
    pub case_no: Option<String>,
    pub level: BreachLevel,
    pub notified_on: NaiveDate,
    pub reason: String,
}
