//! The words and tables the UI shows, from the core (so the window keeps no copy of the
//! rules): every code name's Chinese label, each handling method's hint, required
//! documents and suitable purposes, the default settings and the upload limit.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Desk;
use super::contract::Command;
use crate::domain::{
    BreachLevel, DeclineGround, DeliveryMethod, DocKind, Evaluation, FollowUpWay, Form, LeaderRole,
    LegalRoute, Method, PlatformExtension, Purpose, ReopenKind, RepeatCheck, ReturnResult,
    ReviewKind, Reviewer, SenderLevel, Source, Status,
};
use crate::error::Result;
use crate::rules::RuleSettings;
use crate::time::Time;

/// A code name and its Chinese label.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Term {
    pub value: String,
    pub label: String,
}

/// A handling method as the decide dialog explains it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MethodInfo {
    pub method: Method,
    pub label: String,
    pub hint: String,
    /// N §三.四: the attachments to upload, one slot each (any kind in a slot will do).
    pub required_documents: Vec<Vec<DocKind>>,
    /// N §三.二 / 条例 §31: the purposes this method suits.
    pub suits: Vec<Purpose>,
}

/// Everything the UI labels and explains, in the core's order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Vocabulary {
    pub source: Vec<Term>,
    pub sender_level: Vec<Term>,
    pub form: Vec<Term>,
    pub purpose: Vec<Term>,
    pub method: Vec<Term>,
    pub decline_ground: Vec<Term>,
    pub status: Vec<Term>,
    pub evaluation: Vec<Term>,
    pub delivery_method: Vec<Term>,
    pub doc_kind: Vec<Term>,
    pub leader_role: Vec<Term>,
    pub breach_level: Vec<Term>,
    pub review_kind: Vec<Term>,
    pub reviewer: Vec<Term>,
    /// 条例 §31 (一)–(五): the statutory routes ruled out before the petition channel.
    pub legal_route: Vec<Term>,
    /// N §三.三 "三到位一处理".
    pub repeat_check: Vec<Term>,
    pub return_result: Vec<Term>,
    pub reopen_kind: Vec<Term>,
    pub follow_up_way: Vec<Term>,
    pub platform_extension: Vec<Term>,
    pub methods: Vec<MethodInfo>,
    pub default_settings: RuleSettings,
    pub upload_max_bytes: u32,
}

macro_rules! terms {
    ($t:ty) => {
        <$t>::ALL
            .iter()
            .map(|v| Term {
                value: v.code().to_string(),
                label: v.label().to_string(),
            })
            .collect()
    };
}

/// What each method means for the clerk choosing it (domain.md §1).
fn hint(m: Method) -> &'static str {
    match m {
        Method::DirectReply => "意见建议、检举控告、其他类诉求，15 日内回复",
        Method::PetitionChannel => {
            "申诉求决类，受理后 60 日内出具信访处理意见书；情况复杂的，经负责人批准可延长，不超过 30 日（条例第三十一条第六项、第三十四条）"
        }
        Method::StatutoryChannel => {
            "应当通过诉讼、仲裁、行政复议等法定程序解决的，导入相应程序办理（条例第三十一条第一至五项）"
        }
        Method::Decline => {
            "须有法定理由（如条例第十九条第三款、第三十六条第三款），并告知信访人应向哪个机关提出"
        }
        Method::ReturnCase => {
            "转送、交办件不属本单位职权：5 个工作日内提出异议并说明理由后退回（条例第二十三条第三款）"
        }
    }
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        source: terms!(Source),
        sender_level: terms!(SenderLevel),
        form: terms!(Form),
        purpose: terms!(Purpose),
        method: terms!(Method),
        decline_ground: terms!(DeclineGround),
        status: terms!(Status),
        evaluation: terms!(Evaluation),
        delivery_method: terms!(DeliveryMethod),
        doc_kind: terms!(DocKind),
        leader_role: terms!(LeaderRole),
        breach_level: terms!(BreachLevel),
        review_kind: terms!(ReviewKind),
        reviewer: terms!(Reviewer),
        legal_route: terms!(LegalRoute),
        repeat_check: terms!(RepeatCheck),
        return_result: terms!(ReturnResult),
        reopen_kind: terms!(ReopenKind),
        follow_up_way: terms!(FollowUpWay),
        platform_extension: terms!(PlatformExtension),
        methods: Method::ALL
            .iter()
            .map(|&m| MethodInfo {
                method: m,
                label: m.label().to_string(),
                hint: hint(m).to_string(),
                required_documents: m
                    .required_attachments()
                    .iter()
                    .map(|s| s.to_vec())
                    .collect(),
                suits: Purpose::ALL
                    .iter()
                    .copied()
                    .filter(|&p| m.suits(p))
                    .collect(),
            })
            .collect(),
        default_settings: RuleSettings::default(),
        upload_max_bytes: super::UPLOAD_MAX_BYTES as u32,
    }
}

/// 无参数。
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VocabularyArgs {}
impl Command for VocabularyArgs {
    const NAME: &'static str = "vocabulary";
    type Response = Vocabulary;
    fn run(self, _desk: &mut Desk, _now: &Time) -> Result<Vocabulary> {
        Ok(vocabulary())
    }
}
