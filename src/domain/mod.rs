//! The vocabulary of a petition case (domain.md §5, glossary §8).

mod labels;
mod method;
mod petitioner;
mod progress;
mod record;
mod setting;
mod triage;

pub use method::{DeclineGround, Method};
pub use petitioner::{
    Petitioner, check_id_number, fold_width, mask_id_number, mask_name, mask_phone, redact_identity,
};
pub use progress::Progress;
pub use record::{
    AttachmentRecord, BreachNotice, Case, Delivery, Document, Event, Extension, FirstRound,
    FollowUp, Review, Signoff, Supervision,
};
pub use setting::Setting;
pub use triage::{LegalRoute, MAX_REPRESENTATIVES, RepeatCheck, RepeatCheckMark};

use labels::labelled_enum;
use serde::{Deserialize, Serialize};

use crate::time::Time;

labelled_enum!(
    /// 来源: how the case reached the unit.
    Source, "来源" {
        Forwarded => "forwarded", "转送" | "转办";
        Assigned => "assigned", "交办";
        Supervised => "supervised", "督办";
        Direct => "direct", "直接受理" | "直接" | "本级受理" | "自行受理";
    }
);

labelled_enum!(
    /// 来源机关层级.
    SenderLevel, "来源机关层级" {
        National => "national", "国家" | "国家级" | "国家信访局";
        City => "city", "市" | "市级";
        District => "district", "区" | "区级" | "区县" | "县";
    }
);

labelled_enum!(
    /// 信访形式.
    Form, "信访形式" {
        Letter => "letter", "来信";
        Visit => "visit", "来访";
        Online => "online", "网上" | "网上信访" | "网信";
        Phone => "phone", "来电";
    }
);

labelled_enum!(
    /// 信访目的.
    Purpose, "信访目的" {
        Suggestion => "suggestion", "意见建议" | "建议" | "意见";
        Accusation => "accusation", "检举控告" | "检举" | "控告" | "举报";
        Claim => "claim", "申诉求决" | "申诉" | "求决";
        Other => "other", "其他";
    }
);

labelled_enum!(
    /// 满意度评价结果.
    Evaluation, "满意度评价" {
        Satisfied => "satisfied", "满意";
        BasicallySatisfied => "basically_satisfied", "基本满意";
        Dissatisfied => "dissatisfied", "不满意";
        Expired => "expired", "超期未评价" | "未评价";
    }
);

labelled_enum!(
    /// 送达方式 (民事诉讼法 送达 forms, as the notice's 送达回证 lists them).
    DeliveryMethod, "送达方式" {
        InPerson => "in_person", "直接送达" | "直接";
        Mail => "mail", "邮寄送达" | "邮寄";
        Entrusted => "entrusted", "委托送达" | "委托";
        Left => "left", "留置送达" | "留置";
        Electronic => "electronic", "电子送达" | "电子";
        PublicNotice => "public_notice", "公告送达" | "公告";
    }
);

labelled_enum!(
    /// 文书种类 (domain.md §3, §7).
    DocKind, "文书种类" {
        AcceptanceNotice => "acceptance_notice", "受理告知书";
        DeclineNotice => "decline_notice", "不予受理告知书";
        HandlingOpinion => "handling_opinion", "处理意见书";
        ReplyOpinion => "reply_opinion", "答复意见书";
        ReplyLetter => "reply_letter", "回复" | "回复函";
        DeliveryReceipt => "delivery_receipt", "送达回证";
        OtherStatutoryDocument => "other_statutory_document", "其他法定文书";
        ExtensionNotice => "extension_notice", "延期告知书" | "延期通知书";
        CompletionReport => "completion_report", "办结报告";
    }
);

labelled_enum!(
    /// 签批领导.
    LeaderRole, "领导职责" {
        SupervisingLeader => "supervising_leader", "分管领导";
        PrincipalLeader => "principal_leader", "主要领导";
    }
);

labelled_enum!(
    /// 通报 level.
    BreachLevel, "通报层级" {
        City => "city", "市" | "市级" | "市信访办";
        District => "district", "区" | "区级" | "区信访办";
    }
);

labelled_enum!(
    /// 复查 / 复核.
    ReviewKind, "复查复核类别" {
        Review => "review", "复查";
        ReReview => "re_review", "复核";
    }
);

labelled_enum!(
    /// 附件审核人.
    Reviewer, "附件审核人" {
        SupervisingLeader => "supervising_leader", "分管领导";
        DistrictOffice => "district_office", "区信访办" | "区信访办工作人员";
    }
);

labelled_enum!(
    /// Where a case stands, derived from its events.
    Status, "办理状态" {
        AwaitingSign => "awaiting_sign", "待签收";
        AwaitingDecision => "awaiting_decision", "待受理";
        InProgress => "in_progress", "办理中";
        Replied => "replied", "已答复";
        Delivered => "delivered", "已送达";
        Evaluated => "evaluated", "已评价";
        Returned => "returned", "已退件";
        ReturnPending => "return_pending", "退件待审核";
        Closed => "closed", "已办结";
        Deleted => "deleted", "已删除";
    }
);

labelled_enum!(
    /// 退件审核结果: the sender's answer to a 退件异议 (条例 §23 ¶3).
    ReturnResult, "退件审核结果" {
        Approved => "approved", "同意退件" | "同意" | "已同意";
        Refused => "refused", "不同意退件" | "不同意" | "未同意";
    }
);

labelled_enum!(
    /// 延期申请 on the platform: where the unit's application stands.
    PlatformExtension, "平台延期申请" {
        Submitted => "submitted", "已提交" | "已申请";
        Approved => "approved", "已同意" | "同意";
        Refused => "refused", "未同意" | "不同意";
    }
);

labelled_enum!(
    /// 重新办理 or 二次答复 after a 不满意.
    ReopenKind, "再次办理方式" {
        Redo => "redo", "重新办理";
        SecondReply => "second_reply", "二次答复";
    }
);

labelled_enum!(
    /// 回访方式.
    FollowUpWay, "回访方式" {
        Phone => "phone", "电话回访" | "电话";
        Visit => "visit", "上门回访" | "上门" | "走访";
        Interview => "interview", "约谈回访" | "约谈" | "面谈";
        Online => "online", "网上回访" | "网上" | "短信";
    }
);

impl Purpose {
    /// 条例 §30.3: accusation materials and the accuser's identity stay confidential.
    pub fn is_confidential(self) -> bool {
        self == Purpose::Accusation
    }
}

impl Source {
    /// 转送/交办/督办 by a higher office, as opposed to received directly (N §一.二; 条例 §23).
    pub fn is_transferred(self) -> bool {
        self != Source::Direct
    }
}

impl DocKind {
    /// The kinds printed with a 文号 (domain.md §7): the red-header 处理意见书, the 答复意见书
    /// of another statutory procedure and an 其他法定文书. The others carry none.
    pub fn takes_doc_no(self) -> bool {
        matches!(
            self,
            DocKind::HandlingOpinion | DocKind::ReplyOpinion | DocKind::OtherStatutoryDocument
        )
    }

    // N §三.三: "每件处理意见书或答复意见书务必经单位分管领导、主要领导审核后才可送达信访人"
    /// The documents the notice puts under 分管 → 主要 sign-off before delivery: the default
    /// of the `signoff_scope` setting.
    pub const SIGNOFF_DEFAULT: &'static [DocKind] =
        &[DocKind::HandlingOpinion, DocKind::ReplyOpinion];

    /// Whether a leader may sign the document at all (a 送达回证 is signed by the recipient).
    pub fn can_be_signed_off(self) -> bool {
        self != DocKind::DeliveryReceipt
    }

    /// The notices that tell the petitioner in writing how the matter is handled (条例 §23).
    pub fn is_written_notice(self) -> bool {
        matches!(
            self,
            DocKind::AcceptanceNotice | DocKind::DeclineNotice | DocKind::ReplyLetter
        )
    }
}

/// Everything the clerk enters when registering a case (domain.md §5).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub case_no: String,
    pub unit: String,
    pub source: Source,
    #[serde(default)]
    pub sender: Option<String>,
    #[serde(default)]
    pub sender_level: Option<SenderLevel>,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub arrived_at: Time,
    /// 信访日期: when the petitioner wrote, called or came — distinct from `arrived_at`, when
    /// the item reached this unit (a transferred letter arrives days later).
    #[serde(default)]
    pub petition_date: Option<chrono::NaiveDate>,
    pub form: Form,
    #[serde(default)]
    pub petitioners: Vec<Petitioner>,
    #[serde(default)]
    pub people_count: Option<u32>,
    pub demand: String,
    /// 诉求摘要: what documents quote instead of the whole demand (issue #21 §3). Empty means
    /// the summary made from the demand ([`NewCase::summary`]).
    #[serde(default)]
    pub demand_summary: Option<String>,
    #[serde(default)]
    pub suggestions: Option<String>,
    #[serde(default)]
    pub facts: Option<String>,
    #[serde(default)]
    pub history: Option<String>,
    pub purpose: Purpose,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub hot_issue: Option<String>,
    #[serde(default)]
    pub cause: Option<String>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub threat: bool,
    #[serde(default)]
    pub responsible_leader: Option<String>,
    #[serde(default)]
    pub case_owner_leader: Option<String>,
    /// 纳入满意度评价: the sender put the item under satisfaction evaluation (N §二).
    #[serde(default)]
    pub in_evaluation_scope: bool,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub handler: Option<String>,
    /// 重复信访: the earlier case this one repeats.
    #[serde(default)]
    pub repeat_of: Option<String>,
    /// 其他法定途径: the deadline set by that procedure, entered by the clerk.
    #[serde(default)]
    pub statutory_due_date: Option<chrono::NaiveDate>,
    /// 交办/督办期限: the day the sender set for the result and its 办结报告 (条例 §22).
    #[serde(default)]
    pub sender_deadline: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub notes: Option<String>,
}

use crate::limits::MAX_SHORT_CHARS;

/// The longest 诉求摘要 made from a demand, in characters.
pub const SUMMARY_CHARS: usize = 60;

/// The demand's first sentence (to 。！？; or a line end), at most [`SUMMARY_CHARS`] characters,
/// "……" marking a cut.
pub fn summarize(demand: &str) -> String {
    let text = demand.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '；' | '\n'))
        .map_or(text.len(), |(i, _)| i);
    let first = text[..end].trim();
    let first = first.trim_end_matches(['，', ',', '、']);
    if first.chars().count() <= SUMMARY_CHARS {
        first.to_string()
    } else {
        let cut: String = first.chars().take(SUMMARY_CHARS).collect();
        format!("{cut}……")
    }
}
pub use crate::limits::{MAX_PETITIONERS, MAX_TEXT_CHARS};

impl NewCase {
    pub fn from_json(text: &str) -> crate::error::Result<Self> {
        serde_json::from_str(text).map_err(|e| crate::error::Error::from_json(&e))
    }

    /// 诉求摘要 as documents quote it: the clerk's own, else the demand's first sentence cut at
    /// [`SUMMARY_CHARS`] characters (a 5,000-character demand must not fill a notice's pages).
    pub fn summary(&self) -> String {
        if let Some(s) = self
            .demand_summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return s.to_string();
        }
        summarize(&self.demand)
    }

    /// Tidies what was typed before it is checked and stored (issue #21: normalise, don't refuse).
    pub fn normalize(&mut self) {
        self.case_no = self
            .case_no
            .chars()
            .map(petitioner::fold_width)
            .collect::<String>()
            .trim()
            .to_string();
        for p in &mut self.petitioners {
            p.normalize();
        }
    }

    /// Field checks that need no ledger.
    pub fn validate(&self) -> crate::error::Result<()> {
        use crate::error::Error;
        let case_no = self.case_no.trim();
        if case_no.is_empty() {
            return Err(Error::MissingField("信访件编号".into()));
        }
        if case_no.chars().count() > 64 || case_no.chars().any(|c| c.is_control()) {
            return Err(Error::invalid(
                "信访件编号",
                "不能超过 64 个字符，且不能含换行等控制字符",
            ));
        }
        if self.unit.trim().is_empty() {
            return Err(Error::MissingField("责任单位".into()));
        }
        if self.demand.trim().is_empty() {
            return Err(Error::MissingField("主要诉求".into()));
        }
        if self.petitioners.len() > MAX_PETITIONERS {
            return Err(Error::invalid(
                "信访人",
                format!(
                    "一件最多登记 {MAX_PETITIONERS} 名信访人，本件有 {} 名；集体访请登记代表并填写人数",
                    self.petitioners.len()
                ),
            ));
        }
        let texts = [
            ("主要诉求", Some(&self.demand)),
            ("诉求摘要", self.demand_summary.as_ref()),
            ("建议意见", self.suggestions.as_ref()),
            ("事实和理由", self.facts.as_ref()),
            ("信访经过", self.history.as_ref()),
            ("备注", self.notes.as_ref()),
        ];
        for (name, text) in texts {
            if let Some(t) = text {
                let n = t.chars().count();
                if n > MAX_TEXT_CHARS {
                    return Err(Error::invalid(
                        name,
                        format!(
                            "共 {n} 字，超过上限 {MAX_TEXT_CHARS} 字；请摘要填写，原件作为附件保存"
                        ),
                    ));
                }
            }
        }
        let short = [
            ("责任单位", Some(&self.unit)),
            ("来源机关", self.sender.as_ref()),
            ("内容分类", self.category.as_ref()),
            ("热点问题", self.hot_issue.as_ref()),
            ("信访原因", self.cause.as_ref()),
            ("责任领导", self.responsible_leader.as_ref()),
            ("包案领导", self.case_owner_leader.as_ref()),
            ("责任科室", self.section.as_ref()),
            ("责任人", self.handler.as_ref()),
            ("重复件原编号", self.repeat_of.as_ref()),
        ];
        for (name, text) in short {
            if let Some(t) = text {
                let n = t.chars().count();
                if n > MAX_SHORT_CHARS {
                    return Err(Error::invalid(
                        name,
                        format!("共 {n} 字，超过上限 {MAX_SHORT_CHARS} 字"),
                    ));
                }
            }
        }
        for p in &self.petitioners {
            p.validate()?;
        }
        let representatives = self.petitioners.iter().filter(|p| p.representative).count();
        // 条例 §20 ¶3: 多人采用走访形式…推选代表，代表人数不得超过5人
        if self.form == Form::Visit && representatives > MAX_REPRESENTATIVES {
            return Err(Error::invalid(
                "代表",
                format!(
                    "集体访推选的代表不得超过 {MAX_REPRESENTATIVES} 人（《信访工作条例》第二十条第三款），本件标了 {representatives} 名代表；其余来访人只计入人数"
                ),
            ));
        }
        if representatives > 0
            && self
                .people_count
                .is_some_and(|n| (n as usize) < self.petitioners.len())
        {
            return Err(Error::invalid(
                "人数",
                format!(
                    "联名或集体信访的人数应不少于登记的信访人（{} 人）",
                    self.petitioners.len()
                ),
            ));
        }
        if self.people_count == Some(0) {
            return Err(Error::invalid("人数", "至少为 1"));
        }
        // 条例 §22: only a higher office's 交办/督办 carries its own deadline.
        if let Some(d) = self.sender_deadline {
            if !self.source.is_transferred() {
                return Err(Error::invalid(
                    "来源机关期限",
                    "直接收到的信访事项没有交办、督办期限；请删去，或把来源改为转送、交办、督办",
                ));
            }
            if d < crate::time::china_date(&self.arrived_at) {
                return Err(Error::invalid(
                    "来源机关期限",
                    format!("{} 早于到达日期，请核对", crate::time::fmt_date(d)),
                ));
            }
        }
        Ok(())
    }

    pub fn people_count(&self) -> u32 {
        self.people_count
            .unwrap_or_else(|| self.petitioners.len().max(1) as u32)
    }

    /// 联名信 / 集体访: more than one person raised the matter together.
    pub fn is_joint(&self) -> bool {
        self.people_count() > 1
    }

    /// The representatives the joint petition chose (条例 §20 ¶3).
    pub fn representatives(&self) -> impl Iterator<Item = &Petitioner> {
        self.petitioners.iter().filter(|p| p.representative)
    }
}

/// serde for `Time` fields: RFC 3339 out, anything `parse_time` takes in.
pub mod time_serde {
    use crate::time::{Time, fmt_time, parse_time};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Time, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&fmt_time(t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Time, D::Error> {
        let s = String::deserialize(d)?;
        parse_time(&s).map_err(serde::de::Error::custom)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => s.serialize_str(&fmt_time(t)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Time>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => parse_time(&s).map(Some).map_err(serde::de::Error::custom),
                None => Ok(None),
            }
        }
    }
}
