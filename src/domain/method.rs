//! 办理方式, with the notice's two forbidden methods refused at parse time.

use super::labels::labelled_enum;
use super::{DocKind, Purpose};
use crate::error::{Error, Result};

labelled_enum!(
    /// 办理方式 (domain.md §1). The forbidden "存" and "不予受理_不属于本部门职权范围" are
    /// not variants: they cannot be represented, only refused.
    Method, "办理方式" {
        DirectReply => "direct_reply", "直接回复";
        PetitionChannel => "petition_channel", "信访途径受理" | "按信访途径受理";
        StatutoryChannel => "statutory_channel", "其他法定途径受理" | "法定途径受理" | "按其他法定途径受理";
        Decline => "decline", "不予受理";
        ReturnCase => "return_case", "退件" | "退回";
    }
);

labelled_enum!(
    /// 不予受理的法定理由 (domain.md §1: 条例 §19, §36 ¶3, or a legal route applies).
    DeclineGround, "不予受理理由" {
        SameMatterPending => "same_matter_pending", "同一信访事项已经受理或者正在办理";
        ReReviewed => "re_reviewed", "已经复核，仍以同一事实和理由提出" | "复核终结";
        LegalRoute => "legal_route", "应当通过诉讼、仲裁、行政复议等法定途径解决" | "法定途径";
    }
);

impl DeclineGround {
    /// The article the ground rests on, as the notice prints it.
    pub fn article(self) -> &'static str {
        match self {
            // 条例 §19 ¶3: 已经受理或者正在办理的，在规定期限内向上级又提出同一信访事项的，不予受理
            DeclineGround::SameMatterPending => "《信访工作条例》第十九条第三款",
            // 条例 §36 ¶3: 对复核意见不服，仍以同一事实和理由提出投诉请求的，不再受理
            DeclineGround::ReReviewed => "《信访工作条例》第三十六条第三款",
            // 条例 §28 ¶2, §31(一)–(四): 诉讼与信访分离，导入相应法定程序
            DeclineGround::LegalRoute => "《信访工作条例》第二十八条第二款、第三十一条",
        }
    }

    /// The sentence of the 不予受理告知书.
    pub fn statement(self) -> &'static str {
        match self {
            DeclineGround::SameMatterPending => {
                "你反映的事项已经由有关机关受理或者正在办理，在规定期限内又向本机关提出同一信访事项"
            }
            DeclineGround::ReReviewed => {
                "你反映的事项已经复核机关作出复核意见，现仍以同一事实和理由提出投诉请求"
            }
            DeclineGround::LegalRoute => {
                "你反映的事项属于应当通过诉讼、仲裁、行政复议等法定途径解决的事项"
            }
        }
    }
}

impl Method {
    /// Parses a method, refusing forbidden ones with a pointer to 退件.
    pub fn parse_checked(input: &str) -> Result<Self> {
        if is_forbidden(input) {
            return Err(Error::ForbiddenMethod(input.trim().to_string()));
        }
        Method::parse(input)
    }

    /// N §三.四: the attachments each method uploads, each a separate file.
    pub fn required_attachments(self) -> &'static [&'static [DocKind]] {
        use DocKind::*;
        match self {
            Method::DirectReply => &[&[ReplyLetter], &[DeliveryReceipt]],
            Method::Decline => &[&[DeclineNotice], &[DeliveryReceipt]],
            // N §三.四: 答复意见书 "（或其他法定文书）": either kind satisfies the slot; a 处理意见书
            // (the petition channel's document) does not.
            Method::StatutoryChannel => &[
                &[AcceptanceNotice],
                &[ReplyOpinion, OtherStatutoryDocument],
                &[DeliveryReceipt],
            ],
            Method::PetitionChannel => {
                &[&[AcceptanceNotice], &[HandlingOpinion], &[DeliveryReceipt]]
            }
            Method::ReturnCase => &[],
        }
    }

    /// N §三.二 / 条例 §31: which purposes each method suits.
    pub fn suits(self, purpose: Purpose) -> bool {
        match self {
            Method::DirectReply => purpose != Purpose::Claim,
            Method::PetitionChannel | Method::StatutoryChannel => purpose == Purpose::Claim,
            Method::Decline | Method::ReturnCase => true,
        }
    }
}

/// N §一.三: "存" and "不予受理_不属于本部门职权范围" are forbidden, as is anything meaning them.
/// Matches on the meaning rather than the exact string: storing a case away, or declining it
/// because it is someone else's remit (which is a 退件, not a 不予受理).
pub fn is_forbidden(input: &str) -> bool {
    let s: String = input
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '—' | '（' | '）' | '(' | ')' | '：' | ':' | '，' | ','
                )
        })
        .collect();
    if matches!(
        s.as_str(),
        "存" | "存档" | "暂存" | "存查" | "存件" | "留存" | "归档" | "存档备查" | "存而不办"
    ) {
        return true;
    }
    let not_ours = [
        "不属于本部门",
        "不属于本单位",
        "不属于本机关",
        "非本部门",
        "非本单位",
        "不属本部门",
        "不属本单位",
    ];
    s.contains("不予受理") && not_ours.iter().any(|p| s.contains(p))
        || s.eq_ignore_ascii_case("store")
        || s.eq_ignore_ascii_case("archive")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_forbids_store_and_decline_for_remit() {
        // N §一.三
        for bad in [
            "存",
            "不予受理_不属于本部门职权范围",
            "不予受理（不属于本单位职权范围）",
            " 存档 ",
            "不予受理-非本部门职权",
        ] {
            let e = Method::parse_checked(bad).unwrap_err();
            assert_eq!(e.code(), "forbidden_method", "{bad}");
            assert!(e.to_string().contains("退件"), "{e}");
        }
    }

    #[test]
    fn lawful_methods_parse_by_code_or_label() {
        assert_eq!(Method::parse_checked("不予受理").unwrap(), Method::Decline);
        assert_eq!(
            Method::parse_checked("return_case").unwrap(),
            Method::ReturnCase
        );
        assert_eq!(Method::parse_checked("退件").unwrap(), Method::ReturnCase);
        assert_eq!(
            Method::parse_checked("信访途径受理").unwrap(),
            Method::PetitionChannel
        );
    }

    #[test]
    fn unknown_method_lists_the_choices() {
        let e = Method::parse_checked("随便办").unwrap_err().to_string();
        assert!(e.contains("直接回复、信访途径受理"), "{e}");
        assert!(
            !e.contains("direct_reply"),
            "codes stay off the clerk's screen: {e}"
        );
    }
}
