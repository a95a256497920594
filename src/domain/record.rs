//! A case as the ledger holds it: what was registered plus everything that happened since.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    BreachLevel, DeliveryMethod, DocKind, Evaluation, LeaderRole, Method, NewCase, ReviewKind,
    Status, time_serde,
};
use crate::time::Time;

#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub id: i64,
    #[serde(flatten)]
    pub info: NewCase,
    pub status: Status,
    pub status_label: &'static str,
    pub confidential: bool,
    pub is_repeat: bool,
    #[serde(with = "time_serde::option")]
    pub signed_at: Option<Time>,
    #[serde(with = "time_serde::option")]
    pub accepted_at: Option<Time>,
    pub method: Option<Method>,
    /// The lawful ground of a 不予受理, or the objection's reasons for a 退件.
    pub method_reason: Option<String>,
    pub extension_days: u32,
    pub extension_approved_by: Option<String>,
    #[serde(with = "time_serde::option")]
    pub replied_at: Option<Time>,
    pub evaluation: Option<Evaluation>,
    #[serde(with = "time_serde::option")]
    pub evaluated_at: Option<Time>,
    pub documents: Vec<Document>,
    pub deliveries: Vec<Delivery>,
    pub attachments: Vec<AttachmentRecord>,
    pub reviews: Vec<Review>,
    pub events: Vec<Event>,
    #[serde(with = "time_serde")]
    pub created_at: Time,
    #[serde(with = "time_serde")]
    pub updated_at: Time,
    #[serde(with = "time_serde::option")]
    pub deleted_at: Option<Time>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    pub kind: DocKind,
    pub doc_no: Option<String>,
    #[serde(with = "time_serde::option", default)]
    pub issued_at: Option<Time>,
    #[serde(default)]
    pub signoffs: Vec<Signoff>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signoff {
    pub role: LeaderRole,
    pub leader: String,
    #[serde(with = "time_serde")]
    pub at: Time,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Delivery {
    #[serde(with = "time_serde")]
    pub at: Time,
    pub method: DeliveryMethod,
    #[serde(default)]
    pub place: Option<String>,
    pub recipient: String,
    pub documents: Vec<DocKind>,
    /// The 送达回证 came back signed (or the 留置/公告 equivalent was recorded).
    #[serde(default)]
    pub receipt_signed: bool,
    #[serde(default)]
    pub proxy_reason: Option<String>,
    #[serde(default)]
    pub witness: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AttachmentRecord {
    pub kind: DocKind,
    pub file_name: String,
    #[serde(default)]
    pub sha256: Option<String>,
    #[serde(with = "time_serde")]
    pub added_at: Time,
    #[serde(with = "time_serde::option", default)]
    pub reviewed_supervising_at: Option<Time>,
    #[serde(with = "time_serde::option", default)]
    pub reviewed_office_at: Option<Time>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Review {
    pub kind: ReviewKind,
    #[serde(with = "time_serde")]
    pub requested_at: Time,
    #[serde(with = "time_serde::option", default)]
    pub opinion_at: Option<Time>,
    #[serde(default)]
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Event {
    pub kind: String,
    pub label: String,
    #[serde(with = "time_serde")]
    pub at: Time,
    pub actor: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BreachNotice {
    pub unit: String,
    #[serde(default)]
    pub case_no: Option<String>,
    pub level: BreachLevel,
    pub notified_on: NaiveDate,
    pub reason: String,
}
