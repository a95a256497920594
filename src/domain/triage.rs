//! Triage words (issue #16 items 6–8): the statutory routes a 申诉求决 case is sorted by,
//! the "三到位一处理" checklist of a repeat case, and the representatives of a joint petition.

use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;
use super::time_serde;
use crate::time::Time;

labelled_enum!(
    /// 条例 §31 (一)–(五): the statutory routes a 申诉求决 matter goes to before the
    /// petition channel (六) — "不属于以上情形的" — can be chosen.
    LegalRoute, "法定途径" {
        Litigation => "litigation", "诉讼、复议、检察、公安等法律程序" | "诉讼" | "涉法涉诉";
        Arbitration => "arbitration", "仲裁";
        PartyAppeal => "party_appeal", "党员申诉、申请复审" | "党员申诉";
        Administrative => "administrative", "行政复议、裁决、确认、许可、处罚等行政程序" | "行政程序";
        StatutoryDuty => "statutory_duty", "申请查处违法行为、履行保护合法权益职责" | "依法履职";
    }
);

impl LegalRoute {
    /// The item of 条例 §31 that names the route.
    pub fn article(self) -> &'static str {
        match self {
            LegalRoute::Litigation => "《信访工作条例》第三十一条第一项",
            LegalRoute::Arbitration => "《信访工作条例》第三十一条第二项",
            LegalRoute::PartyAppeal => "《信访工作条例》第三十一条第三项",
            LegalRoute::Administrative => "《信访工作条例》第三十一条第四项",
            LegalRoute::StatutoryDuty => "《信访工作条例》第三十一条第五项",
        }
    }
}

labelled_enum!(
    /// N §三.三 "三到位一处理": what a repeat case must show before it is closed. The notice
    /// words the solving and the two 到位 it names ("高质量解决群众合理诉求…思想疏导到位，
    /// 困难帮扶到位"); the fourth, 依法处理, is the usual reading of "一处理".
    RepeatCheck, "三到位一处理" {
        Resolved => "resolved", "诉求合理的解决问题到位" | "解决问题到位";
        Counselled => "counselled", "诉求无理的思想疏导到位" | "思想疏导到位";
        Assisted => "assisted", "生活困难的帮扶救助到位" | "困难帮扶到位";
        LawfullyHandled => "lawfully_handled", "违法行为依法处理" | "依法处理";
    }
);

/// One ticked item of a repeat case's checklist.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct RepeatCheckMark {
    pub item: RepeatCheck,
    #[serde(with = "time_serde")]
    #[ts(type = "string")]
    pub done_at: Time,
    #[serde(default)]
    pub note: Option<String>,
}

// 条例 §20 ¶3: 多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人。
pub const MAX_REPRESENTATIVES: usize = 5;
