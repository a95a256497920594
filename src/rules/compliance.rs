//! 规范化体检: checks one case against the notice and 条例 and says, finding by finding,
//! what the district would report as non-standard.

use serde::Serialize;

use super::RuleSettings;
use super::deadlines::{Deadline, DeadlineStatus};
use crate::domain::{Case, DocKind, Method, Purpose, ReviewKind, SenderLevel};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub severity_label: &'static str,
    pub message: String,
    /// The article of the rule the finding applies (a deadline finding cites its own rule).
    pub source: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CheckReport {
    pub case_no: String,
    /// "规范" when no error remains, else "需要处理".
    pub verdict: &'static str,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
}

const N_1_3: &str = "永川区信访办通知第一部分第（三）项";
const N_2: &str = "永川区信访办通知第二部分";
const N_3_1: &str = "永川区信访办通知第三部分第（一）项";
const N_3_2: &str = "永川区信访办通知第三部分第（二）项";
const N_3_3: &str = "永川区信访办通知第三部分第（三）项";
const N_3_4: &str = "永川区信访办通知第三部分第（四）项";
const R_30: &str = "《信访工作条例》第三十条第三款";
const R_31: &str = "《信访工作条例》第三十一条";
const R_36_3: &str = "《信访工作条例》第三十六条第三款";

/// A mainland number of the wrong length: a mobile is 11 digits from 1, a landline 0 + area
/// code (10–12 digits) or a 7–8 digit local number. International numbers (+…) pass.
pub fn phone_doubtful(phone: &str) -> bool {
    let p = phone
        .strip_prefix("+86")
        .or_else(|| phone.strip_prefix("0086"))
        .unwrap_or(phone);
    if p.starts_with('+') || !p.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let n = p.len();
    match p.as_bytes().first() {
        Some(b'1') => n != 11,
        Some(b'0') => !(10..=12).contains(&n),
        Some(_) => !(7..=8).contains(&n),
        None => false,
    }
}

pub fn check(case: &Case, deadlines: &[Deadline], settings: &RuleSettings) -> CheckReport {
    let mut out = Vec::new();
    let mut add = |code, severity: Severity, message: String, source: &str| {
        out.push(Finding {
            code,
            severity,
            severity_label: severity.label(),
            message,
            source: source.to_string(),
        })
    };
    let info = &case.info;

    // Required fields (N §三.一: the ledger records who is responsible).
    if info.petitioners.is_empty() {
        add(
            "petitioner_missing",
            Severity::Error,
            "未登记信访人，请补充姓名及联系方式（匿名件填写“匿名”）。".into(),
            N_3_1,
        );
    } else if info.purpose != Purpose::Accusation
        && info
            .petitioners
            .iter()
            .all(|p| p.phone.is_none() && p.address.is_none())
    {
        add(
            "contact_missing",
            Severity::Warning,
            "信访人没有联系电话或住址，答复和送达将无法进行，请补充。".into(),
            N_3_1,
        );
    }
    // A mistyped number means the reply and the 送达 cannot reach the petitioner (issue #21).
    for (i, p) in info.petitioners.iter().enumerate() {
        if p.phone.as_deref().is_some_and(phone_doubtful) {
            add(
                "phone_doubtful",
                Severity::Warning,
                format!(
                    "第 {} 位信访人的联系电话位数不对：手机号应为 11 位（1 开头），固定电话应带区号（0 开头，共 10–12 位）或为 7–8 位本地号码，请核对。",
                    i + 1
                ),
                N_3_1,
            );
        }
    }
    if case.signed_at.is_some() {
        if info.responsible_leader.as_deref().is_none_or(str::is_empty) {
            add(
                "leader_missing",
                Severity::Error,
                "未明确责任领导，请在台账中填写。".into(),
                N_3_1,
            );
        }
        if info.handler.as_deref().is_none_or(str::is_empty) {
            add(
                "handler_missing",
                Severity::Error,
                "未明确责任人（经办人），请在台账中填写。".into(),
                N_3_1,
            );
        }
    }
    if info.threat {
        add(
            "threat_flag",
            Severity::Warning,
            "该件标记为扬言过激，请按规定及时报告并落实稳控措施。".into(),
            N_3_1,
        );
    }
    if info.sensitive {
        add(
            "sensitive_flag",
            Severity::Info,
            "该件标记为敏感信访事项，请按规定报告。".into(),
            N_3_1,
        );
    }

    // N §二: "对于国家信访局、市信访办转送的纳入'满意度评价'的事项，要落实领导包案".
    if info.in_evaluation_scope
        && info.source.is_transferred()
        && matches!(
            info.sender_level,
            Some(SenderLevel::National | SenderLevel::City)
        )
        && info.case_owner_leader.as_deref().is_none_or(str::is_empty)
    {
        add(
            "owner_leader_missing",
            Severity::Error,
            "国家信访局、市信访办转送的纳入满意度评价的事项，必须落实领导包案，请填写包案领导。"
                .into(),
            N_2,
        );
    }

    // 条例 §30.3: accusations are confidential.
    if info.purpose == Purpose::Accusation {
        add("confidential", Severity::Info, "检举控告件：检举人身份和检举材料已自动保密，列表和导出中不显示检举人信息，严禁转交被检举人或单位。".into(), R_30);
    }
    // 条例 §31(六): the petition channel is for a 申诉求决 matter no other route fits.
    if info.purpose == Purpose::Claim
        && case.method == Some(Method::PetitionChannel)
        && case.ruled_out_routes.is_empty()
    {
        add(
            "routes_not_recorded",
            Severity::Warning,
            "申诉求决件按信访途径受理，未记录已排除的法定途径（诉讼、仲裁、党员申诉、行政程序、依法履职）：请用“更改办理方式”逐项核实后重新选择信访途径。".into(),
            R_31,
        );
    }
    // N §三.三: a repeat case is handled under "三到位一处理".
    if info.repeat_of.is_some() && case.replied_at.is_some() && case.repeat_checklist.is_empty() {
        add(
            "repeat_checklist_empty",
            Severity::Info,
            "重复信访件尚未记录“三到位一处理”落实情况（解决问题、思想疏导、帮扶救助、依法处理）。"
                .into(),
            N_3_3,
        );
    }

    // Deadlines: each finding cites its own rule. Only the unit's own deadlines are its
    // overdue work; the petitioner's windows and the review body's time are tracked apart.
    for d in deadlines {
        match d.status {
            DeadlineStatus::Overdue => add(
                "deadline_overdue",
                Severity::Error,
                format!(
                    "{}已超期（应于 {} 前完成）。{}",
                    d.name, d.due_date, d.explanation
                ),
                &d.source,
            ),
            DeadlineStatus::MetLate => add(
                "deadline_met_late",
                Severity::Warning,
                format!("{}超期完成（期限 {}），将影响五率。", d.name, d.due_date),
                &d.source,
            ),
            DeadlineStatus::DueSoon => add(
                "deadline_due_soon",
                Severity::Info,
                format!("{}即将到期：{} 24:00 前。", d.name, d.due_date),
                &d.source,
            ),
            DeadlineStatus::RequestedLate => add(
                "request_out_of_time",
                Severity::Warning,
                format!(
                    "{}：信访人的申请晚于 {} 届满的期限，属逾期申请（不计本单位超期），应告知信访人已超过申请期限。",
                    d.name, d.due_date
                ),
                &d.source,
            ),
            DeadlineStatus::PastDueElsewhere => add(
                "review_body_past_due",
                Severity::Info,
                format!(
                    "{}：期限 {} 已过，由上一级机关办理，不计本单位超期；可跟进了解。",
                    d.name, d.due_date
                ),
                &d.source,
            ),
            _ => {}
        }
        if let Some(early) = d.earliest_plausible
            && !matches!(
                d.status,
                DeadlineStatus::MetInTime | DeadlineStatus::MetLate
            )
            && d.duty == super::deadlines::Duty::Unit
        {
            add(
                "deadline_uncertain",
                Severity::Warning,
                format!(
                    "{}：该年尚无国务院放假安排，按法定节假日计截止 {}，若周末调休上班最早可能 {} 截止，请按最早日期办理。",
                    d.name, d.due_date, early
                ),
                "《全国年节及纪念日放假办法》第二条、第六条、第七条",
            );
        }
    }
    let mut warned: Vec<&String> = Vec::new();
    for w in deadlines.iter().flat_map(|d| &d.warnings) {
        if !warned.contains(&w) {
            warned.push(w);
            add(
                "calendar_missing",
                Severity::Warning,
                w.clone(),
                "《全国年节及纪念日放假办法》第二条",
            );
        }
    }
    // 条例 §36 ¶3: after the 复核 opinion the same matter is not accepted again.
    if case
        .reviews
        .iter()
        .any(|r| r.kind == ReviewKind::ReReview && r.opinion_at.is_some())
    {
        add(
            "no_further_acceptance",
            Severity::Info,
            "复核意见已作出：信访人仍以同一事实和理由提出投诉请求的，各级机关不再受理。".into(),
            R_36_3,
        );
    }

    let Some(method) = case.method else {
        return finish(case, out);
    };

    // Purpose ↔ method (N §三.二, 条例 §31).
    if !method.suits(info.purpose) {
        let msg = match method {
            Method::DirectReply => {
                "申诉求决类事项不能直接回复，应按信访途径或其他法定途径受理。".to_string()
            }
            _ => format!(
                "{}类事项一般应直接回复（15 日内），“{}”不相符，请核对信访目的或办理方式。",
                info.purpose.label(),
                method.label()
            ),
        };
        let sev = if method == Method::DirectReply {
            Severity::Error
        } else {
            Severity::Warning
        };
        add("method_purpose_mismatch", sev, msg, N_3_2);
    }
    if method == Method::Decline
        && case.decline_ground.is_none()
        && case.method_reason.as_deref().is_none_or(str::is_empty)
    {
        add(
            "decline_ground_missing",
            Severity::Error,
            "不予受理必须写明法定理由（条例第十九条第三款、第三十六条第三款，或应通过其他法定途径解决），请补充。".into(),
            "《信访工作条例》第十九条、第三十六条、第三十一条",
        );
    }
    if method == Method::Decline && case.redirect_to.as_deref().is_none_or(str::is_empty) {
        add(
            "decline_redirect_missing",
            Severity::Warning,
            "不予受理告知书应写明信访人应向哪个机关提出或通过什么程序解决，请登记“应向…提出 / 通过…程序”。".into(),
            "《信访工作条例》第二十三条第一款",
        );
    }
    if method == Method::ReturnCase && case.method_reason.as_deref().is_none_or(str::is_empty) {
        add(
            "return_reason_missing",
            Severity::Error,
            "退件必须写明异议理由（为何不属本单位职权），请补充。".into(),
            N_1_3,
        );
    }
    if method == Method::StatutoryChannel && info.statutory_due_date.is_none() {
        add(
            "statutory_due_missing",
            Severity::Warning,
            "其他法定途径受理的件请填写该法定程序的办理期限，以便提醒。".into(),
            R_31,
        );
    }

    // Documents: 文号 and two-leader sign-off before delivery (N §三.三).
    for doc in &case.documents {
        if doc.kind == DocKind::HandlingOpinion && doc.doc_no.as_deref().is_none_or(str::is_empty) {
            add(
                "doc_no_missing",
                Severity::Error,
                "处理意见书必须有文号（如 永某信〔2022〕12号），请登记文号。".into(),
                N_3_4,
            );
        }
        let delivered = case
            .deliveries
            .iter()
            .any(|d| d.documents.contains(&doc.kind));
        if settings.needs_signoff(doc.kind) {
            let sup = doc
                .signoffs
                .iter()
                .find(|s| s.role == crate::domain::LeaderRole::SupervisingLeader);
            let prin = doc
                .signoffs
                .iter()
                .find(|s| s.role == crate::domain::LeaderRole::PrincipalLeader);
            match (sup, prin) {
                (Some(s), Some(p)) if s.at > p.at => add(
                    "signoff_order",
                    Severity::Warning,
                    format!(
                        "{}的签批顺序不对：应先分管领导、后主要领导。",
                        doc.kind.label()
                    ),
                    N_3_3,
                ),
                (Some(_), Some(_)) => {}
                _ if delivered => add(
                    "signoff_missing",
                    Severity::Error,
                    format!(
                        "{}未经分管领导和主要领导签批就已送达，请补办签批。",
                        doc.kind.label()
                    ),
                    N_3_3,
                ),
                _ => add(
                    "signoff_pending",
                    Severity::Info,
                    format!(
                        "{}尚待分管领导、主要领导签批，签批后方可送达。",
                        doc.kind.label()
                    ),
                    N_3_3,
                ),
            }
        }
    }

    // Delivery with a signed receipt (N §三.三).
    let answered = case.replied_at.is_some() || matches!(method, Method::Decline);
    if answered && method != Method::ReturnCase {
        if case.deliveries.is_empty() {
            add(
                "delivery_missing",
                Severity::Warning,
                "已答复但未登记送达，请送达信访人并登记送达回证。".into(),
                N_3_3,
            );
        }
        for d in &case.deliveries {
            if !d.receipt_signed {
                add(
                    "receipt_missing",
                    Severity::Error,
                    format!(
                        "{} 的送达未取得签收的送达回证，请补登。",
                        d.at.format("%Y-%m-%d")
                    ),
                    N_3_3,
                );
            }
        }
    }

    // Attachments each method requires (N §三.四).
    let required = method.required_attachments();
    let have = |kinds: &[DocKind]| case.attachments.iter().any(|a| kinds.contains(&a.kind));
    let missing: Vec<String> = required
        .iter()
        .filter(|slot| !have(slot))
        .map(|slot| {
            slot.iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("或")
        })
        .collect();
    if !missing.is_empty() {
        let sev = if case.replied_at.is_some() && !case.deliveries.is_empty() {
            Severity::Error
        } else {
            Severity::Info
        };
        add(
            "attachments_missing",
            sev,
            format!(
                "{}需上传的附件还缺：{}（每件单独一个文件，加盖鲜章、扫描清晰）。",
                method.label(),
                missing.join("、")
            ),
            N_3_4,
        );
    }
    for kind in DocKind::ALL {
        let n = case.attachments.iter().filter(|a| a.kind == *kind).count();
        if n > 1 {
            add(
                "attachment_duplicate",
                Severity::Warning,
                format!("{}上传了 {n} 份，每种文书应只上传一份。", kind.label()),
                N_3_4,
            );
        }
    }
    for a in &case.attachments {
        if a.reviewed_supervising_at.is_none() || a.reviewed_office_at.is_none() {
            add(
                "attachment_unreviewed",
                Severity::Warning,
                format!(
                    "附件“{}”尚未经分管领导和区信访办工作人员审核。",
                    a.file_name
                ),
                N_3_4,
            );
        }
    }
    if method == Method::ReturnCase && !case.attachments.is_empty() {
        add(
            "return_has_attachments",
            Severity::Info,
            "退件不需要上传附件，异议理由记录在台账中即可。".into(),
            N_3_4,
        );
    }

    // Evaluation (N §二): guide the petitioner to evaluate — the score profile's one scope rule.
    let in_scope = settings.score_profile.in_evaluation_scope(
        Some(method),
        info.purpose,
        case.replied_at.is_some(),
    );
    if in_scope && !case.deliveries.is_empty() && case.evaluation.is_none() {
        add(
            "evaluation_pending",
            Severity::Warning,
            "已送达尚未评价，请引导信访人进行满意度评价。".into(),
            N_2,
        );
    }

    finish(case, out)
}

fn finish(case: &Case, mut findings: Vec<Finding>) -> CheckReport {
    findings.sort_by_key(|f| f.severity);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    CheckReport {
        case_no: case.info.case_no.clone(),
        verdict: if errors == 0 {
            "规范"
        } else {
            "需要处理"
        },
        errors,
        warnings,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::phone_doubtful;

    #[test]
    fn ten_digit_mobiles_and_short_landlines_are_doubtful() {
        assert!(!phone_doubtful("13812345678"));
        assert!(phone_doubtful("1381234567"), "10-digit mobile");
        assert!(
            !phone_doubtful("02349851234"),
            "Chongqing landline with area code"
        );
        assert!(phone_doubtful("023498512"), "landline too short");
        assert!(!phone_doubtful("49851234"), "local number");
        assert!(!phone_doubtful("+8613812345678"));
        assert!(!phone_doubtful("+44 20 7946 0958"));
    }
}
