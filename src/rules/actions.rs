//! Which actions a case allows now, and why not: the one state machine the UI renders
//! (`CaseView.actions`) and the lifecycle's guards check, so the window never carries a
//! second copy of the rules.

use serde::Serialize;

use crate::domain::{Case, DocKind, Evaluation, LeaderRole, Method, ReviewKind, Signoff, Status};
use crate::rules::deadlines::{Deadline, DeadlineStatus};

/// An action on the case page, by its stable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ActionKey {
    Sign,
    Decide,
    Document,
    Signoff,
    Reply,
    Deliver,
    Attachment,
    Evaluate,
    Extend,
    /// 复查 or 复核 requested by the petitioner (the step `review_step` names).
    ReviewRequest,
    /// The 复查 or 复核 opinion.
    ReviewOpinion,
    /// 签收日期 of the opinion and 听证 days, for a step already recorded.
    ReviewDetails,
    /// 撤销办理方式: back to 待受理, with a reason, while nothing has gone out.
    WithdrawDecision,
    /// 撤销签批: the latest sign-off of a document not yet delivered.
    WithdrawSignoff,
    /// 撤销 the latest 复查/复核 step (the opinion, else the request).
    WithdrawReview,
    /// 退件审核结果: the sender approved or refused the 退件 (条例 §23 ¶3).
    ReturnResult,
    /// 督办 by the sender (条例 §22).
    Supervise,
    /// 办结.
    Close,
    /// 重新办理 / 二次答复 after a 不满意.
    Reopen,
    /// 回访 (N §二).
    FollowUp,
    Delete,
    Restore,
}

/// One button: its words, whether it can be taken now and, if not, why.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Action {
    pub key: ActionKey,
    pub label: String,
    pub enabled: bool,
    /// Why the action cannot be taken now (shown beside the greyed button).
    pub reason: Option<String>,
    /// The step the clerk most likely takes next (highlighted).
    pub next: bool,
    /// Destructive (asks for confirmation, drawn in red).
    pub danger: bool,
}

type Check = Result<(), String>;

fn live(c: &Case) -> Check {
    match c.deleted_at {
        Some(_) => Err("该件已删除，请先恢复。".into()),
        None => Ok(()),
    }
}

/// 签收: 转送/交办/督办 items only, once (N §一.二).
pub fn can_sign(c: &Case) -> Check {
    live(c)?;
    if !c.info.source.is_transferred() {
        return Err("直接收到的信访事项没有签收环节（通知第一部分第（二）项只对上级转办、交办、督办件要求签收），请直接确定办理方式。".into());
    }
    if c.signed_at.is_some() {
        return Err("该件已签收。".into());
    }
    Ok(())
}

/// 确定办理方式: after 签收 for transferred items; it can be changed until the reply.
pub fn can_decide(c: &Case) -> Check {
    live(c)?;
    if c.method == Some(Method::ReturnCase) {
        return Err(match c.return_result {
            None => {
                "退件待来源机关审核，请先登记审核结果（不同意退件的，回到待受理后再确定办理方式）。"
                    .into()
            }
            Some(_) => "来源机关已同意退件，本单位不再办理。".into(),
        });
    }
    if c.closed_at.is_some() {
        return Err("该件已办结。".into());
    }
    if c.info.source.is_transferred() && c.signed_at.is_none() {
        return Err("该件尚未签收，请先签收再确定办理方式。".into());
    }
    if c.replied_at.is_some() {
        return Err("该件已答复，不能再更改办理方式。".into());
    }
    Ok(())
}

fn decided(c: &Case) -> Result<Method, String> {
    live(c)?;
    match c.method {
        None => Err("请先确定办理方式。".into()),
        Some(Method::ReturnCase) if c.return_result.is_none() => {
            Err("退件待来源机关审核，暂不办理。".into())
        }
        Some(Method::ReturnCase) => Err("已退件，不再办理。".into()),
        Some(m) => Ok(m),
    }
}

/// 退件审核结果: a 退件 waiting for the sender's answer (条例 §23 ¶3).
pub fn can_record_return_result(c: &Case) -> Check {
    live(c)?;
    match (c.method, c.return_result) {
        (Some(Method::ReturnCase), None) => Ok(()),
        (Some(Method::ReturnCase), Some(_)) => Err("来源机关已同意退件。".into()),
        _ => Err("该件没有待审核的退件。".into()),
    }
}

/// 督办 (条例 §22): items a higher office sent, until they are closed or returned.
pub fn can_supervise(c: &Case) -> Check {
    live(c)?;
    if !c.info.source.is_transferred() {
        return Err("直接收到的信访事项没有来源机关督办。".into());
    }
    if c.method == Some(Method::ReturnCase) && c.return_result.is_some() {
        return Err("已退件，不再办理。".into());
    }
    if c.closed_at.is_some() {
        return Err("该件已办结。".into());
    }
    Ok(())
}

/// Documents of this round: registered, and served after the round began.
fn delivered_this_round(c: &Case, kind: DocKind) -> bool {
    c.deliveries
        .iter()
        .any(|d| d.documents.contains(&kind) && c.reopened_at.is_none_or(|r| d.at >= r))
}

fn uploaded_this_round(c: &Case, slot: &[DocKind]) -> bool {
    c.attachments
        .iter()
        .any(|a| slot.contains(&a.kind) && c.reopened_at.is_none_or(|r| a.added_at >= r))
}

/// What still stands between the case and 办结, in Chinese: the method's documents
/// delivered and attachments uploaded (N §三.四), a 延期告知书 served when extended
/// (条例 §34), a 办结报告 when the sender asked for one (条例 §22).
pub fn close_missing(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let Some(m) = c.method else {
        return vec!["尚未确定办理方式".into()];
    };
    if m == Method::ReturnCase {
        return vec!["退件不办结".into()];
    }
    if c.replied_at.is_none() && m != Method::Decline {
        out.push("尚未答复".into());
    }
    let names = |slot: &[DocKind]| {
        slot.iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("或")
    };
    for slot in m.required_attachments() {
        if *slot != [DocKind::DeliveryReceipt] {
            if !slot
                .iter()
                .any(|k| c.documents.iter().any(|d| d.kind == *k))
            {
                out.push(format!("未登记{}", names(slot)));
            } else if !slot.iter().any(|k| delivered_this_round(c, *k)) {
                out.push(format!("{}尚未送达", names(slot)));
            }
        }
        if !uploaded_this_round(c, slot) {
            out.push(format!("未上传附件：{}", names(slot)));
        }
    }
    // 条例 §34: 并告知信访人延期理由
    if !c.extensions.is_empty() && !delivered_this_round(c, DocKind::ExtensionNotice) {
        out.push("已延期，延期告知书尚未送达信访人".into());
    }
    // 条例 §22: 要求其在指定办理期限内反馈结果，提交办结报告
    let asks_report = c.info.sender_deadline.is_some() || !c.supervisions.is_empty();
    if asks_report
        && !c
            .documents
            .iter()
            .any(|d| d.kind == DocKind::CompletionReport && d.issued_at.is_some())
    {
        out.push("来源机关要求报送办结报告，尚未登记办结报告（含报送日期）".into());
    }
    out
}

/// 办结: once nothing is missing.
pub fn can_close(c: &Case) -> Check {
    decided(c)?;
    if c.closed_at.is_some() {
        return Err("该件已办结。".into());
    }
    let missing = close_missing(c);
    if !missing.is_empty() {
        return Err(format!("尚不能办结：{}。", missing.join("；")));
    }
    Ok(())
}

/// 重新办理 / 二次答复: a 不满意 evaluation reopens the case.
pub fn can_reopen(c: &Case) -> Check {
    decided(c)?;
    if c.evaluation != Some(crate::domain::Evaluation::Dissatisfied) {
        return Err("只有评价为不满意的件可以重新办理或二次答复。".into());
    }
    Ok(())
}

/// 回访: after the answer, for cases under evaluation or rated 不满意 (N §二).
pub fn can_follow_up(c: &Case) -> Check {
    let m = decided(c)?;
    if c.replied_at.is_none() && m != Method::Decline {
        return Err("该件尚未答复，回访在答复之后。".into());
    }
    Ok(())
}

/// A 办结 case takes no new documents or deliveries until it is reopened (重新办理 / 二次答复).
pub fn not_closed(c: &Case) -> Check {
    match c.closed_at {
        Some(_) => Err("该件已办结；信访人不满意需要再次办理的，请先点“再次办理”。".into()),
        None => Ok(()),
    }
}

pub fn can_document(c: &Case) -> Check {
    decided(c)?;
    not_closed(c)
}

/// The next leader to sign a document: 分管领导 first, then 主要领导 (N §三.三).
pub fn next_signoff_role(signoffs: &[Signoff]) -> Option<LeaderRole> {
    let has = |r: LeaderRole| signoffs.iter().any(|s| s.role == r);
    if !has(LeaderRole::SupervisingLeader) {
        Some(LeaderRole::SupervisingLeader)
    } else if !has(LeaderRole::PrincipalLeader) {
        Some(LeaderRole::PrincipalLeader)
    } else {
        None
    }
}

fn awaiting_signoff(c: &Case) -> bool {
    c.documents
        .iter()
        .any(|d| d.kind != DocKind::DeliveryReceipt && next_signoff_role(&d.signoffs).is_some())
}

pub fn can_signoff(c: &Case) -> Check {
    live(c)?;
    if !awaiting_signoff(c) {
        return Err("没有待签批的文书（请先登记文书）。".into());
    }
    Ok(())
}

pub fn can_reply(c: &Case) -> Check {
    decided(c)?;
    if c.replied_at.is_some() {
        return Err("该件已登记答复。".into());
    }
    Ok(())
}

pub fn can_deliver(c: &Case) -> Check {
    decided(c)?;
    not_closed(c)?;
    if c.documents.is_empty() {
        return Err("尚未登记文书，没有可送达的文书。".into());
    }
    Ok(())
}

pub fn can_attach(c: &Case) -> Check {
    decided(c).map(|_| ())
}

/// 满意度评价: after the answer (a 不予受理 is answered by its notice); 其他法定途径 cases are
/// outside the evaluation (domain.md §6).
pub fn can_evaluate(c: &Case) -> Check {
    let m = decided(c)?;
    if m == Method::StatutoryChannel {
        return Err("其他法定途径受理的件不参加满意度评价。".into());
    }
    if c.replied_at.is_none() && m != Method::Decline {
        return Err("该件尚未答复，不能评价。".into());
    }
    if c.evaluation.is_some() {
        return Err("已登记评价结果。".into());
    }
    Ok(())
}

/// 延期 (条例 §34): 信访途径受理件, before the reply, 30 days in all. Whether the 60 days
/// have run out is checked against the calendar when the extension is recorded.
pub fn can_extend(c: &Case) -> Check {
    let m = decided(c)?;
    if m != Method::PetitionChannel {
        return Err("只有按信访途径受理（条例第三十一条第六项）的件可以延期。".into());
    }
    if c.replied_at.is_some() {
        return Err("该件已答复，无需延期。".into());
    }
    if c.extension_days >= 30 {
        return Err("已延期满 30 日（条例第三十四条上限）。".into());
    }
    Ok(())
}

/// The next 复查/复核 step (条例 §35, §36): request, then opinion, 复查 before 复核.
pub fn review_step(c: &Case) -> Option<(ReviewKind, bool)> {
    let find = |k: ReviewKind| c.reviews.iter().find(|r| r.kind == k);
    match (find(ReviewKind::Review), find(ReviewKind::ReReview)) {
        (None, _) => Some((ReviewKind::Review, false)),
        (Some(r), _) if r.opinion_at.is_none() => Some((ReviewKind::Review, true)),
        (Some(_), None) => Some((ReviewKind::ReReview, false)),
        (Some(_), Some(r)) if r.opinion_at.is_none() => Some((ReviewKind::ReReview, true)),
        _ => None,
    }
}

pub fn can_review(c: &Case) -> Check {
    live(c)?;
    if c.method != Some(Method::PetitionChannel) || c.replied_at.is_none() {
        return Err("只有已出具处理意见书的信访途径受理件可以申请复查、复核。".into());
    }
    if review_step(c).is_none() {
        return Err("复查、复核均已办结（条例第三十六条：复核意见为终结）。".into());
    }
    Ok(())
}

/// A 复查/复核 request: when the next step is a request, not an opinion.
pub fn can_request_review(c: &Case) -> Check {
    can_review(c)?;
    match review_step(c) {
        Some((_, false)) => Ok(()),
        _ => Err("已申请的复查（复核）尚未作出意见，请先登记意见。".into()),
    }
}

/// A 复查/复核 opinion: when a request waits for one.
pub fn can_give_review_opinion(c: &Case) -> Check {
    can_review(c)?;
    match review_step(c) {
        Some((_, true)) => Ok(()),
        _ => Err("没有待作出意见的复查（复核）申请。".into()),
    }
}

/// 签收日期 and 听证 days belong to a step already requested.
pub fn can_record_review_details(c: &Case) -> Check {
    live(c)?;
    if c.reviews.is_empty() {
        return Err("尚无复查、复核申请。".into());
    }
    Ok(())
}

/// The step the review buttons are about: 复核 once 复查 has its opinion.
fn review_name(c: &Case) -> &'static str {
    match review_step(c) {
        Some((ReviewKind::ReReview, _)) => "复核",
        None if c.reviews.iter().any(|r| r.kind == ReviewKind::ReReview) => "复核",
        _ => "复查",
    }
}

/// The step the clerk most likely takes next.
fn next_key(c: &Case) -> Option<ActionKey> {
    use ActionKey::*;
    if c.deleted_at.is_some() {
        return Some(Restore);
    }
    if can_sign(c).is_ok() {
        return Some(Sign);
    }
    let Some(m) = c.method else {
        return can_decide(c).is_ok().then_some(Decide);
    };
    if m == Method::ReturnCase {
        return can_record_return_result(c).is_ok().then_some(ReturnResult);
    }
    if can_reopen(c).is_ok() {
        return Some(Reopen);
    }
    if c.closed_at.is_some() {
        return None;
    }
    if awaiting_signoff(c) {
        return Some(Signoff);
    }
    let missing_docs = m.required_attachments().iter().any(|slot| {
        !slot
            .iter()
            .any(|k| c.documents.iter().any(|d| d.kind == *k))
    });
    // Documents first, unless the answer has already gone out.
    if missing_docs && (c.replied_at.is_none() || c.deliveries.is_empty()) {
        return Some(Document);
    }
    if c.replied_at.is_none() && m != Method::Decline {
        return Some(Reply);
    }
    if c.deliveries.is_empty() {
        return Some(Deliver);
    }
    let missing_attachments = m.required_attachments().iter().any(|slot| {
        !slot
            .iter()
            .any(|k| c.attachments.iter().any(|a| a.kind == *k))
    });
    if missing_attachments {
        return Some(Attachment);
    }
    if !c.confidential && can_evaluate(c).is_ok() {
        return Some(Evaluate);
    }
    can_close(c).is_ok().then_some(Close)
}

/// What the clerk must know about the case's state now, in Chinese (shown above the
/// actions; the CLI prints them after a step).
pub fn notices(c: &Case, dls: &[Deadline]) -> Vec<String> {
    let mut out = Vec::new();
    let decide = dls.iter().find(|d| d.rule_id == "decide");
    let clock = |d: &Deadline| format!("{} 24:00（{}）", d.due_date, d.status_label);
    if c.status == Status::ReturnPending {
        // 条例 §23 ¶3: 经转送、交办的信访部门或者上级机关、单位核实同意后，交还相关材料
        let mut s =
            "退件待来源机关审核：经来源机关核实同意后才能交还（条例第二十三条第三款）".to_string();
        if let Some(d) = decide {
            s.push_str(&format!("；受理期限照常计算，截止 {}", clock(d)));
        }
        out.push(s + "。");
    }
    let refused = c.method.is_none() && c.return_result_at.is_some();
    if refused && let Some(d) = decide {
        match d.status {
            DeadlineStatus::DueSoon => out.push(format!(
                "来源机关不同意退件，已回到待受理：5 日受理期限将于 {} 24:00 届满，请尽快受理。",
                d.due_date
            )),
            DeadlineStatus::Overdue => out.push(format!(
                "来源机关不同意退件，已回到待受理：5 日受理期限已于 {} 24:00 届满，已超期，请立即受理并说明退件经过。",
                d.due_date
            )),
            _ => out.push(format!(
                "来源机关不同意退件，已回到待受理：按原期限 {} 24:00 前受理。",
                d.due_date
            )),
        }
    }
    let answered = c.replied_at.is_some() || c.method == Some(Method::Decline);
    // N §二: 纳入“满意度评价”的事项…积极引导信访人进行满意度评价
    // The unit's evaluation window (setting), while the petitioner has not evaluated.
    let window = dls
        .iter()
        .find(|d| d.rule_id == crate::rules::deadlines::EVALUATION_RULE && d.met_at.is_none());
    if (c.info.in_evaluation_scope || window.is_some())
        && answered
        && c.evaluation.is_none()
        && c.deleted_at.is_none()
    {
        let head = if c.info.in_evaluation_scope {
            "纳入满意度评价"
        } else {
            "计入群众参评率"
        };
        let mut s = format!(
            "{head}：请引导信访人评价（区信访办通知第二部分），已回访 {} 次",
            c.follow_ups.len()
        );
        if let Some(w) = window {
            s.push_str(&format!("；评价期限 {}", clock(w)));
        }
        out.push(s + "。");
    }
    if c.evaluation == Some(Evaluation::Dissatisfied) {
        out.push("信访人不满意：请回访了解原因，再决定重新办理或二次答复。".into());
    }
    if c.handling_round > 1 {
        out.push(format!(
            "第 {} 轮办理（上一轮经过见办理经过）。",
            c.handling_round
        ));
    }
    out
}

/// What a clerk does when a step that has gone out was wrong: it stays, and is corrected
/// on the record.
fn irreversible(what: &str) -> String {
    format!(
        "{what}。已办理的步骤不能收回：如确有差错，请在“修改登记信息”的备注中写明，并按程序更正、告知信访人。"
    )
}

/// 撤销办理方式 (issue #21): allowed while nothing has gone out in the method's name; what
/// has (a delivery, the reply, a 文号, an approved 延期, a review) is named.
pub fn can_withdraw_decision(c: &Case) -> Check {
    live(c)?;
    if c.method.is_none() {
        return Err("尚未确定办理方式。".into());
    }
    if c.method == Some(Method::ReturnCase) && c.return_result.is_some() {
        return Err(irreversible("来源机关已答复退件审核结果，办理方式不能撤销"));
    }
    if c.closed_at.is_some() {
        return Err(irreversible("该件已办结，办理方式不能撤销"));
    }
    if c.replied_at.is_some() {
        return Err(irreversible("该件已答复，办理方式不能撤销"));
    }
    if !c.deliveries.is_empty() {
        return Err(irreversible("文书已送达信访人，办理方式不能撤销"));
    }
    if let Some(d) = c.documents.iter().find(|d| d.doc_no.is_some()) {
        return Err(format!(
            "{}已编文号 {}：文号一经编发只能作废，请先在文号登记簿中作废该文号。",
            d.kind.label(),
            d.doc_no.as_deref().unwrap_or_default()
        ));
    }
    if !c.extensions.is_empty() {
        return Err(irreversible("已批准延期，办理方式不能撤销"));
    }
    if !c.reviews.is_empty() {
        return Err(irreversible("已登记复查或复核，办理方式不能撤销"));
    }
    if c.evaluation.is_some() {
        return Err(irreversible("已登记满意度评价，办理方式不能撤销"));
    }
    Ok(())
}

/// The sign-off 撤销签批 would remove: the last one given (主要领导 before 分管领导) on a
/// document that has not been delivered.
pub fn withdrawable_signoff(c: &Case) -> Result<(DocKind, &Signoff), String> {
    live(c)?;
    let delivered = |k: DocKind| c.deliveries.iter().any(|d| d.documents.contains(&k));
    let latest = c
        .documents
        .iter()
        .flat_map(|d| d.signoffs.iter().map(move |s| (d.kind, s)))
        .max_by_key(|(_, s)| (s.at, s.role == LeaderRole::PrincipalLeader));
    match latest {
        None => Err("没有可撤销的签批。".into()),
        Some((k, _)) if delivered(k) => {
            Err(irreversible(&format!("{}已送达，签批不能撤销", k.label())))
        }
        Some((k, s)) => {
            // The 主要领导 signs last (N §三.三): withdraw that one first.
            let principal = c.documents.iter().find(|d| d.kind == k).and_then(|d| {
                d.signoffs
                    .iter()
                    .find(|s| s.role == LeaderRole::PrincipalLeader)
            });
            Ok((k, principal.unwrap_or(s)))
        }
    }
}

/// The 复查/复核 step 撤销 would remove: the last one recorded, while no later step exists.
pub fn withdrawable_review(c: &Case) -> Result<(ReviewKind, bool), String> {
    live(c)?;
    let last = c
        .reviews
        .iter()
        .find(|r| r.kind == ReviewKind::ReReview)
        .or_else(|| c.reviews.iter().find(|r| r.kind == ReviewKind::Review));
    match last {
        None => Err("没有可撤销的复查或复核登记。".into()),
        Some(r) => Ok((r.kind, r.opinion_at.is_some())),
    }
}

/// Every action the case page offers now, in the page's order.
pub fn case_actions(c: &Case) -> Vec<Action> {
    use ActionKey::*;
    let next = next_key(c);
    let mut out = Vec::new();
    let mut push = |key: ActionKey, label: &str, check: Check, danger: bool| {
        out.push(Action {
            key,
            label: label.to_string(),
            enabled: check.is_ok(),
            reason: check.err(),
            next: next == Some(key),
            danger,
        });
    };
    // A direct case has no 签收 step at all (N §一.二): no button rather than a grey one.
    if c.info.source.is_transferred() {
        push(Sign, "签收", can_sign(c), false);
    }
    let decide = if c.method.is_some() {
        "更改办理方式"
    } else {
        "确定办理方式"
    };
    push(Decide, decide, can_decide(c), false);
    if c.method == Some(Method::ReturnCase) {
        push(
            ReturnResult,
            "退件审核结果",
            can_record_return_result(c),
            false,
        );
    }
    if c.info.source.is_transferred() {
        push(Supervise, "登记督办", can_supervise(c), false);
    }
    push(Document, "登记文书", can_document(c), false);
    push(Signoff, "领导签批", can_signoff(c), false);
    push(Reply, "答复", can_reply(c), false);
    push(Deliver, "送达", can_deliver(c), false);
    push(Attachment, "登记附件", can_attach(c), false);
    push(Evaluate, "满意度评价", can_evaluate(c), false);
    push(Extend, "延期", can_extend(c), false);
    push(FollowUp, "回访", can_follow_up(c), false);
    push(Close, "办结", can_close(c), false);
    if c.evaluation == Some(crate::domain::Evaluation::Dissatisfied) {
        push(Reopen, "重新办理", can_reopen(c), false);
    }
    if c.method == Some(Method::PetitionChannel) {
        let name = review_name(c);
        push(
            ReviewRequest,
            &format!("{name}申请"),
            can_request_review(c),
            false,
        );
        push(
            ReviewOpinion,
            &format!("{name}意见"),
            can_give_review_opinion(c),
            false,
        );
        push(
            ReviewDetails,
            "签收与听证",
            can_record_review_details(c),
            false,
        );
    }
    if c.method.is_some() {
        let label = match c.method {
            Some(m) => format!("撤销办理方式（{}）", m.label()),
            None => "撤销办理方式".into(),
        };
        push(WithdrawDecision, &label, can_withdraw_decision(c), true);
    }
    if c.documents.iter().any(|d| !d.signoffs.is_empty()) {
        match withdrawable_signoff(c) {
            Ok((k, s)) => push(
                WithdrawSignoff,
                &format!("撤销签批（{} {} {}）", k.label(), s.role.label(), s.leader),
                Ok(()),
                true,
            ),
            Err(why) => push(WithdrawSignoff, "撤销签批", Err(why), true),
        }
    }
    if !c.reviews.is_empty() {
        match withdrawable_review(c) {
            Ok((k, opinion)) => {
                let step = if opinion { "意见" } else { "申请" };
                push(
                    WithdrawReview,
                    &format!("撤销{}{step}", k.label()),
                    Ok(()),
                    true,
                )
            }
            Err(why) => push(WithdrawReview, "撤销复查登记", Err(why), true),
        }
    }
    if c.deleted_at.is_some() {
        push(Restore, "恢复", Ok(()), false);
    } else {
        push(Delete, "删除", Ok(()), true);
    }
    out
}
