//! Which actions a case allows now, and why not: the one state machine the UI renders
//! (`CaseView.actions`) and the lifecycle's guards check, so the window never carries a
//! second copy of the rules.

use serde::Serialize;

use crate::domain::{Case, DocKind, LeaderRole, Method, ReviewKind, Signoff};

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
        Some(Method::ReturnCase) => Err("已退件，不再办理。".into()),
        Some(m) => Ok(m),
    }
}

pub fn can_document(c: &Case) -> Check {
    decided(c).map(|_| ())
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
    None
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
    push(Document, "登记文书", can_document(c), false);
    push(Signoff, "领导签批", can_signoff(c), false);
    push(Reply, "答复", can_reply(c), false);
    push(Deliver, "送达", can_deliver(c), false);
    push(Attachment, "登记附件", can_attach(c), false);
    push(Evaluate, "满意度评价", can_evaluate(c), false);
    push(Extend, "延期", can_extend(c), false);
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
    if c.deleted_at.is_some() {
        push(Restore, "恢复", Ok(()), false);
    } else {
        push(Delete, "删除", Ok(()), true);
    }
    out
}
