//! The steps of a case after registration (domain.md §1), each checked for order and
//! recorded as one event, one audit entry and one transaction.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::{CaseView, Desk};
use crate::domain::{
    DeclineGround, Delivery, DeliveryMethod, DocKind, Evaluation, LeaderRole, LegalRoute, Method,
    PlatformExtension, Purpose, ReviewKind, Reviewer,
};
use crate::error::{Error, Result};
use crate::ledger::cases;
use crate::rules::actions;
use crate::time::{Time, fmt_time};

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    pub kind: DocKind,
    #[serde(default)]
    pub doc_no: Option<String>,
    /// The title of an 其他法定文书 (required for that kind).
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, with = "crate::domain::time_serde::option")]
    #[ts(as = "Option<String>")]
    pub issued_at: Option<Time>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct DeliveryInput {
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub at: Time,
    pub method: DeliveryMethod,
    #[serde(default)]
    pub place: Option<String>,
    pub recipient: String,
    pub documents: Vec<DocKind>,
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub receipt_signed: bool,
    /// The recipient refused to sign (a 留置送达's refusal, or a mailed receipt refused).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub receipt_refused: bool,
    #[serde(default)]
    pub proxy_reason: Option<String>,
    #[serde(default)]
    pub witness: Option<String>,
    /// 签收日期 written on the 送达回证 by the recipient (may be entered later).
    #[serde(default)]
    pub signed_on: Option<chrono::NaiveDate>,
    /// 邮件号码 (邮寄送达).
    #[serde(default)]
    pub tracking_no: Option<String>,
    /// 拒收理由 (留置送达).
    #[serde(default)]
    pub refusal_reason: Option<String>,
    /// 送达人.
    #[serde(default)]
    pub server: Option<String>,
}

/// A 送达回证 that came back: signed on `on`, or refused.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct ReceiptInput {
    /// Which delivery (1 = the first on the case page); default the latest still waiting.
    #[serde(default)]
    pub delivery: Option<u32>,
    /// 签收日期 written on the receipt (or the day the refusal came back).
    pub on: chrono::NaiveDate,
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub refused: bool,
    #[serde(default)]
    pub refusal_reason: Option<String>,
}

/// What `case decide` records besides the method.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct DecideDetails {
    /// 不予受理: the lawful ground from the pick-list.
    #[serde(default)]
    pub ground: Option<DeclineGround>,
    /// 不予受理: "应向…提出 / 通过…程序" — where the petitioner should go instead.
    #[serde(default)]
    pub redirect_to: Option<String>,
    /// 其他法定途径: that route's own deadline, asked when the route is chosen (issue #21).
    #[serde(default)]
    pub statutory_due_date: Option<chrono::NaiveDate>,
    /// 信访途径受理 of a 申诉求决 case: the routes of 条例 §31 (一)–(五) ruled out.
    #[serde(default)]
    #[ts(as = "Option<Vec<LegalRoute>>", optional)]
    pub ruled_out_routes: Vec<LegalRoute>,
}

fn not_before(what: &str, at: &Time, earlier_name: &str, earlier: &Time) -> Result<()> {
    if at < earlier {
        return Err(Error::OutOfOrder(format!(
            "{what}时间 {} 早于{earlier_name}时间 {}，请核对。",
            crate::time::show_time(at),
            crate::time::show_time(earlier)
        )));
    }
    Ok(())
}

/// A 文号 only where the kind carries one (红头 documents and the other statutory documents,
/// domain.md §7), and one shaped like `永住建信〔2026〕3号`: "无" or "-" is not a 文号
/// (issue #21 §2).
fn check_doc_no(kind: DocKind, no: &str) -> Result<()> {
    if !kind.takes_doc_no() {
        return Err(Error::invalid(
            "文号",
            format!("{}不编文号，请留空", kind.label()),
        ));
    }
    let shaped = no.ends_with('号') && no.chars().any(|c| c.is_ascii_digit());
    if !shaped {
        return Err(Error::invalid(
            "文号",
            format!(
                "“{no}”不是文号。文号形如“永住建信〔2026〕3号”；还没有文号请留空，或用“分配文号”编号"
            ),
        ));
    }
    Ok(())
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl Desk {
    /// 签收 (N §一.二: 转送/交办/督办 items within 1 day of arrival; a direct case has none).
    pub fn sign_for(&mut self, case_no: &str, at: Time, now: &Time) -> Result<CaseView> {
        self.mutate(case_no, now, "sign_for", |tx, id, c, _| {
            if let Some(prev) = c.signed_at {
                return Err(Error::OutOfOrder(format!(
                    "该件已于 {} 签收，无需重复签收。",
                    crate::time::show_time(&prev)
                )));
            }
            // N §一.二: 签收 binds 上级转办、交办、督办 items only.
            actions::can_sign(c).map_err(Error::OutOfOrder)?;
            not_before("签收", &at, "到达", &c.info.arrived_at)?;
            cases::set_columns(tx, id, &[("signed_at", &fmt_time(&at))], now)?;
            Ok(Some(("signed", at, String::new())))
        })
    }

    /// 受理 / 不予受理 / 退件: chooses the handling method. Forbidden methods are refused
    /// here, whatever front end sent them (N §一.三).
    pub fn decide(
        &mut self,
        case_no: &str,
        method: &str,
        at: Time,
        reason: Option<String>,
        now: &Time,
    ) -> Result<CaseView> {
        self.decide_with(case_no, method, at, reason, DecideDetails::default(), now)
    }

    /// `decide` with the 不予受理 ground and where the petitioner should go instead.
    pub fn decide_with(
        &mut self,
        case_no: &str,
        method: &str,
        at: Time,
        reason: Option<String>,
        details: DecideDetails,
        now: &Time,
    ) -> Result<CaseView> {
        let method = Method::parse_checked(method)?;
        let reason = nonempty(reason);
        // A ground typed as the reason (its label or code) is the ground.
        let ground = details
            .ground
            .or_else(|| reason.as_deref().and_then(|r| DeclineGround::parse(r).ok()));
        let redirect_to = nonempty(details.redirect_to);
        let statutory_due = details
            .statutory_due_date
            .filter(|_| method == Method::StatutoryChannel);
        match (method, &reason, ground) {
            (Method::Decline, None, None) => {
                return Err(Error::MissingField(format!(
                    "不予受理的法定理由，可选：{}",
                    DeclineGround::allowed()
                )));
            }
            (Method::ReturnCase, None, _) => {
                return Err(Error::MissingField(
                    "退件的异议理由：写明为何不属于本单位职权范围、应由哪个单位办理".into(),
                ));
            }
            _ => {}
        }
        let reason = match (method, reason, ground) {
            (Method::Decline, None, Some(g)) => Some(g.label().to_string()),
            (_, r, _) => r,
        };
        let ground = ground.filter(|_| method == Method::Decline);
        let mut ruled_out = details.ruled_out_routes;
        ruled_out.sort();
        ruled_out.dedup();
        self.mutate(case_no, now, "decide", |tx, id, c, _| {
            // 条例 §31(六) "不属于以上情形的": the petition channel only once (一)–(五) are ruled out.
            // An answer not given is left to the compliance check (old ledgers, imports);
            // an answer given must rule out every route.
            let routes = if method == Method::PetitionChannel
                && c.info.purpose == Purpose::Claim
                && !ruled_out.is_empty()
            {
                let open: Vec<String> = LegalRoute::ALL
                    .iter()
                    .filter(|r| !ruled_out.contains(r))
                    .map(|r| format!("{}（{}）", r.label(), r.article().trim_start_matches("《信访工作条例》")))
                    .collect();
                if !open.is_empty() {
                    return Err(Error::invalid(
                        "已排除的法定途径",
                        format!(
                            "申诉求决类事项按信访途径受理（条例第三十一条第六项“不属于以上情形的”），须先逐项排除其他法定途径；尚未排除：{}。属于其中一项的，请改选“其他法定途径受理”",
                            open.join("；")
                        ),
                    ));
                }
                Some(serde_json::to_string(&ruled_out).unwrap_or_default())
            } else {
                None
            };
            let transferred = c.info.source.is_transferred();
            // N §一.二: only 转办、交办、督办 items are signed for; a direct case is decided
            // straight from registration.
            let earlier = match (transferred, c.signed_at) {
                (true, None) => {
                    return Err(Error::OutOfOrder(
                        "该件尚未签收，请先签收再确定办理方式。".into(),
                    ));
                }
                (true, Some(signed)) => ("签收", signed),
                (false, _) => ("到达", c.info.arrived_at),
            };
            // 条例 §23 ¶3: 退件异议 is for items transferred or assigned by a higher office; a
            // direct item outside the remit is answered by telling the petitioner where to go.
            if method == Method::ReturnCase && !transferred {
                return Err(Error::OutOfOrder(
                    "直接收到的信访事项不能退件（条例第二十三条第三款的异议只适用于转送、交办件）。不属于本机关职权范围的，应书面告知信访人向有权处理的机关提出（条例第二十三条第一款）。".into(),
                ));
            }
            if c.replied_at.is_some() {
                return Err(Error::OutOfOrder("该件已答复，不能再更改办理方式。".into()));
            }
            // 条例 §23 ¶3: a 退件 waits for the sender; once approved the case is gone.
            if c.method == Some(Method::ReturnCase) || c.closed_at.is_some() {
                return Err(Error::OutOfOrder(
                    actions::can_decide(c).err().unwrap_or_default(),
                ));
            }
            not_before("受理", &at, earlier.0, &earlier.1)?;
            cases::set_columns(
                tx,
                id,
                &[
                    ("accepted_at", &fmt_time(&at)),
                    ("method", &method),
                    ("method_reason", &reason),
                    ("decline_ground", &ground),
                    ("redirect_to", &redirect_to),
                    ("ruled_out_routes", &routes),
                    ("return_result", &Option::<String>::None),
                ],
                now,
            )?;
            if let Some(due) = statutory_due {
                if due < crate::time::china_date(&at) {
                    return Err(Error::invalid(
                        "法定途径期限",
                        format!(
                            "{} 早于受理日期，请核对",
                            crate::time::fmt_date(due)
                        ),
                    ));
                }
                cases::set_columns(
                    tx,
                    id,
                    &[("statutory_due_date", &crate::time::fmt_date(due))],
                    now,
                )?;
            }
            let mut detail = match &reason {
                Some(r) => format!("{}：{r}", method.label()),
                None => method.label().to_string(),
            };
            if routes.is_some() {
                detail.push_str("；已排除诉讼、仲裁、党员申诉、行政程序、依法履职等法定途径（条例第三十一条第一至五项）");
            }
            Ok(Some(("decided", at, detail)))
        })
    }

    /// 答复: the reply letter, handling opinion or the statutory document is issued.
    pub fn reply(&mut self, case_no: &str, at: Time, now: &Time) -> Result<CaseView> {
        self.mutate(case_no, now, "reply", |tx, id, c, _| {
            let (Some(method), Some(accepted)) = (c.method, c.accepted_at) else {
                return Err(Error::OutOfOrder("该件尚未确定办理方式，请先受理。".into()));
            };
            if method == Method::ReturnCase {
                return Err(Error::OutOfOrder("退件不需要答复。".into()));
            }
            if c.replied_at.is_some() {
                return Err(Error::OutOfOrder("该件已登记答复。".into()));
            }
            not_before("答复", &at, "受理", &accepted)?;
            cases::set_columns(tx, id, &[("replied_at", &fmt_time(&at))], now)?;
            Ok(Some(("replied", at, String::new())))
        })
    }

    /// 延期 (条例 §34: approved by the unit head, the reason told to the petitioner, only
    /// before the 60 days run out, at most 30 days in all — in one step or several).
    pub fn extend(
        &mut self,
        case_no: &str,
        days: u32,
        approved_by: &str,
        reason: &str,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        self.extend_with(case_no, days, approved_by, reason, at, None, now)
    }

    /// `extend` with where the platform's 延期申请 stands.
    #[allow(clippy::too_many_arguments)]
    pub fn extend_with(
        &mut self,
        case_no: &str,
        days: u32,
        approved_by: &str,
        reason: &str,
        at: Time,
        platform: Option<PlatformExtension>,
        now: &Time,
    ) -> Result<CaseView> {
        // 条例 §34: 延长期限不得超过30日
        if !(1..=30).contains(&days) {
            return Err(Error::invalid(
                "延期天数",
                "按《信访工作条例》第三十四条，延期合计不得超过 30 日",
            ));
        }
        let approved_by = approved_by.trim().to_string();
        if approved_by.is_empty() {
            return Err(Error::MissingField("延期批准人（本机关负责人）".into()));
        }
        // 条例 §34: 并告知信访人延期理由
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::MissingField(
                "延期理由（条例第三十四条：须告知信访人延期理由，如：情况复杂，需进一步调查核实）"
                    .into(),
            ));
        }
        let (cal, rules) = (self.calendar.clone(), self.settings.clone());
        self.mutate(case_no, now, "extend", |tx, id, c, _| {
            if c.method != Some(Method::PetitionChannel) {
                return Err(Error::OutOfOrder(
                    "只有按信访途径受理（条例第三十一条第六项）的件可以延期。".into(),
                ));
            }
            if c.replied_at.is_some() {
                return Err(Error::OutOfOrder("该件已答复，无需延期。".into()));
            }
            let Some(accepted) = c.accepted_at else {
                return Err(Error::OutOfOrder("该件尚未受理。".into()));
            };
            not_before("延期批准", &at, "受理", &accepted)?;
            // 条例 §34: the 60 days must not have run out when the extension is approved.
            if let Some(rule) = rules
                .deadline_rules
                .iter()
                .find(|r| r.extendable && r.applies_to(Some(Method::PetitionChannel)))
            {
                let due = crate::rules::deadlines::compute_due(
                    &cal,
                    rule,
                    crate::time::china_date(&accepted),
                    0,
                );
                if crate::time::china_date(&at) > due.due_date {
                    return Err(Error::OutOfOrder(format!(
                        "{}日办理期限已于 {} 届满，届满后不能再延期（条例第三十四条）。",
                        rule.days,
                        crate::time::fmt_date(due.due_date)
                    )));
                }
            }
            let total = c.extension_days + days;
            if total > 30 {
                return Err(Error::invalid(
                    "延期天数",
                    format!(
                        "该件已延期 {} 日，再延 {days} 日合计 {total} 日，超过《信访工作条例》第三十四条的 30 日上限；最多还可延期 {} 日",
                        c.extension_days,
                        30 - c.extension_days
                    ),
                ));
            }
            tx.execute(
                "INSERT INTO extensions (case_id, days, approved_by, reason, at, platform) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, days, approved_by, reason, fmt_time(&at), platform],
            )?;
            cases::set_columns(
                tx,
                id,
                &[
                    ("extension_days", &total),
                    ("extension_approved_by", &approved_by),
                ],
                now,
            )?;
            Ok(Some((
                "extended",
                at,
                format!(
                    "延期 {days} 日（合计 {total} 日），{approved_by} 批准，理由：{reason}{}；须送达延期告知书",
                    platform
                        .map(|p| format!("，平台延期申请{}", p.label()))
                        .unwrap_or_default()
                ),
            )))
        })
    }

    /// Records a document (文书) of the case, with its 文号.
    pub fn record_document(
        &mut self,
        case_no: &str,
        doc: DocumentInput,
        now: &Time,
    ) -> Result<CaseView> {
        self.mutate(case_no, now, "document", |tx, id, c, _| {
            actions::not_closed(c).map_err(Error::OutOfOrder)?;
            let Some(method) = c.method else {
                return Err(Error::OutOfOrder("请先确定办理方式，再登记文书。".into()));
            };
            let mut allowed: Vec<DocKind> = method
                .required_attachments()
                .iter()
                .flat_map(|s| s.iter().copied())
                .collect();
            // 条例 §34: 告知信访人延期理由; 条例 §22: 提交办结报告 to the sender.
            if method == Method::PetitionChannel {
                allowed.push(DocKind::ExtensionNotice);
            }
            if c.info.source.is_transferred() {
                allowed.push(DocKind::CompletionReport);
            }
            if !allowed.contains(&doc.kind) {
                return Err(Error::invalid(
                    "文书种类",
                    format!(
                        "{}件不使用{}，应使用：{}",
                        method.label(),
                        doc.kind.label(),
                        labels(&allowed)
                    ),
                ));
            }
            let doc_no = nonempty(doc.doc_no.clone());
            if let Some(no) = &doc_no {
                check_doc_no(doc.kind, no)?;
            }
            let title = nonempty(doc.title.clone());
            let has_title = c
                .documents
                .iter()
                .any(|d| d.kind == doc.kind && d.title.is_some());
            if doc.kind == DocKind::OtherStatutoryDocument && title.is_none() && !has_title {
                return Err(Error::MissingField(
                    "其他法定文书的名称（如：行政复议决定书、仲裁裁决书）".into(),
                ));
            }
            cases::upsert_document(
                tx,
                id,
                doc.kind,
                doc_no.as_deref(),
                doc.issued_at.as_ref(),
                title.as_deref(),
                now,
            )?;
            let at = doc.issued_at.unwrap_or(*now);
            Ok(Some((
                "document",
                at,
                format!("{} {}", doc.kind.label(), doc_no.unwrap_or_default())
                    .trim()
                    .to_string(),
            )))
        })
    }

    /// 签批: the supervising leader first, then the principal leader (N §三.三).
    pub fn signoff(
        &mut self,
        case_no: &str,
        kind: DocKind,
        role: LeaderRole,
        leader: &str,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        let leader = leader.trim().to_string();
        if leader.is_empty() {
            return Err(Error::MissingField("签批领导姓名".into()));
        }
        let unit = self.show_case(case_no, now)?.case.info.unit;
        let leaders = self.unit_leaders(&unit)?;
        let dir = self.templates_dir();
        self.mutate(case_no, now, "signoff", |tx, id, c, _| {
            let Some(doc_id) = cases::document_id(tx, id, kind)? else {
                return Err(Error::OutOfOrder(format!(
                    "尚未登记{}，请先登记文书再签批。",
                    kind.label()
                )));
            };
            if !kind.can_be_signed_off() {
                return Err(Error::invalid(
                    "签批",
                    format!("{}不需要领导签批", kind.label()),
                ));
            }
            // The sign-off binds to the text as it reads now (issue #21 §1); one given to an
            // earlier text no longer counts and is given again.
            let sha = crate::documents::text_sha256(&crate::documents::body_text(
                c,
                kind,
                dir.as_deref(),
                &leaders,
                now,
            )?);
            let doc = c.documents.iter().find(|d| d.kind == kind);
            let has = |r: LeaderRole| {
                doc.is_some_and(|d| {
                    d.signoffs.iter().any(|s| {
                        s.role == r && s.body_sha256.as_deref().is_none_or(|h| h == sha)
                    })
                })
            };
            if has(role) {
                return Err(Error::OutOfOrder(format!(
                    "{}已由{}签批。",
                    kind.label(),
                    role.label()
                )));
            }
            if role == LeaderRole::PrincipalLeader && !has(LeaderRole::SupervisingLeader) {
                return Err(Error::OutOfOrder(
                    "应先由分管领导签批，再报主要领导签批。".into(),
                ));
            }
            // A void sign-off of this role makes way for the new one.
            tx.execute(
                "DELETE FROM signoffs WHERE document_id = ?1 AND role = ?2",
                params![doc_id, role],
            )?;
            tx.execute(
                "INSERT INTO signoffs (document_id, role, leader, at, body_sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![doc_id, role, leader, fmt_time(&at), sha],
            )?;
            Ok(Some((
                "signoff",
                at,
                format!("{} {} {}", kind.label(), role.label(), leader),
            )))
        })
    }

    /// 送达, with the 送达回证. Documents that need sign-off must have both signatures.
    pub fn deliver(&mut self, case_no: &str, d: DeliveryInput, now: &Time) -> Result<CaseView> {
        if d.documents.is_empty() {
            return Err(Error::MissingField("送达的文书".into()));
        }
        if d.recipient.trim().is_empty() {
            return Err(Error::MissingField("受送达人".into()));
        }
        if d.method == DeliveryMethod::Left && nonempty(d.witness.clone()).is_none() {
            return Err(Error::MissingField("留置送达的见证人".into()));
        }
        let rules = self.settings.clone();
        self.mutate(case_no, now, "deliver", |tx, id, c, _| {
            actions::not_closed(c).map_err(Error::OutOfOrder)?;
            for kind in &d.documents {
                let Some(doc) = c.documents.iter().find(|x| x.kind == *kind) else {
                    return Err(Error::OutOfOrder(format!("尚未登记{}，不能送达。", kind.label())));
                };
                let both = [LeaderRole::SupervisingLeader, LeaderRole::PrincipalLeader]
                    .iter()
                    .all(|r| doc.signoffs.iter().any(|s| s.role == *r));
                // N §三.三: 处理意见书、答复意见书 (or the unit's stricter scope) only.
                if rules.needs_signoff(*kind) && !both {
                    return Err(Error::OutOfOrder(format!("{}尚未经分管领导和主要领导签批，不能送达（通知第三部分第（三）项）。", kind.label())));
                }
            }
            if let Some(accepted) = c.accepted_at {
                not_before("送达", &d.at, "受理", &accepted)?;
            }
            if let Some(on) = d.signed_on
                && on < crate::time::china_date(&d.at)
            {
                return Err(Error::OutOfOrder(format!(
                    "送达回证的签收日期 {} 早于送达时间 {}，请核对。",
                    crate::time::fmt_date(on),
                    fmt_time(&d.at)
                )));
            }
            let delivery = Delivery {
                at: d.at,
                method: d.method,
                place: nonempty(d.place.clone()),
                recipient: d.recipient.trim().to_string(),
                documents: d.documents.clone(),
                receipt_signed: d.receipt_signed && !d.receipt_refused,
                receipt_refused: d.receipt_refused,
                proxy_reason: nonempty(d.proxy_reason.clone()),
                witness: nonempty(d.witness.clone()),
                signed_on: d.signed_on,
                tracking_no: nonempty(d.tracking_no.clone()),
                refusal_reason: nonempty(d.refusal_reason.clone()),
                server: nonempty(d.server.clone()),
            };
            let docs = serde_json::to_string(&delivery.documents).unwrap_or_else(|_| "[]".into());
            tx.execute(
                "INSERT INTO deliveries (case_id, at, method, place, recipient, documents, receipt_signed, proxy_reason, witness,
                    signed_on, tracking_no, refusal_reason, server, receipt_refused)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![id, fmt_time(&delivery.at), delivery.method, delivery.place, delivery.recipient, docs,
                    delivery.receipt_signed, delivery.proxy_reason, delivery.witness,
                    delivery.signed_on.map(crate::time::fmt_date), delivery.tracking_no,
                    delivery.refusal_reason, delivery.server, delivery.receipt_refused],
            )?;
            Ok(Some(("delivered", d.at, format!("{}：{}", d.method.label(), labels(&d.documents)))))
        })
    }

    /// The 送达回证 came back (issue #21 §8): signed on a date, or refused. A mailed receipt
    /// is recorded when it returns; the 签收日期 starts the petitioner's 复查 window
    /// (条例 §35 "自收到书面答复之日起30日内"). `delivery` is the 1-based number of the
    /// delivery on the case page; without it, the latest one still waiting.
    pub fn record_receipt(
        &mut self,
        case_no: &str,
        r: ReceiptInput,
        now: &Time,
    ) -> Result<CaseView> {
        self.mutate(case_no, now, "receipt", |tx, id, c, _| {
            let index = match r.delivery {
                Some(n) if n >= 1 && (n as usize) <= c.deliveries.len() => n as usize - 1,
                Some(n) => {
                    return Err(Error::invalid(
                        "送达记录",
                        format!("本件只有 {} 次送达，没有第 {n} 次", c.deliveries.len()),
                    ));
                }
                None => c
                    .deliveries
                    .iter()
                    .rposition(|d| d.receipt_pending())
                    .ok_or_else(|| Error::OutOfOrder("本件没有等待回证的送达记录。".into()))?,
            };
            let d = &c.deliveries[index];
            if crate::time::china_date(&d.at) > r.on {
                return Err(Error::OutOfOrder(format!(
                    "回证日期 {} 早于送达时间 {}，请核对。",
                    crate::time::fmt_date(r.on),
                    fmt_time(&d.at)
                )));
            }
            if r.on > crate::time::china_date(now) {
                return Err(Error::invalid(
                    "回证日期",
                    format!("{} 晚于今天", crate::time::fmt_date(r.on)),
                ));
            }
            let reason = nonempty(r.refusal_reason.clone());
            if r.refused && reason.is_none() {
                return Err(Error::MissingField("拒收理由".into()));
            }
            let row_id: i64 = tx.query_row(
                "SELECT id FROM deliveries WHERE case_id = ?1 ORDER BY at, id LIMIT 1 OFFSET ?2",
                params![id, index as i64],
                |row| row.get(0),
            )?;
            tx.execute(
                "UPDATE deliveries SET receipt_signed = ?2, receipt_refused = ?3, signed_on = ?4,
                    refusal_reason = COALESCE(?5, refusal_reason)
                 WHERE id = ?1",
                params![
                    row_id,
                    !r.refused,
                    r.refused,
                    (!r.refused).then(|| crate::time::fmt_date(r.on)),
                    reason
                ],
            )?;
            let what = if r.refused {
                format!(
                    "第 {} 次送达的回证：拒收（{}）",
                    index + 1,
                    crate::time::fmt_date(r.on)
                )
            } else {
                format!(
                    "第 {} 次送达的回证已签收，签收日期 {}",
                    index + 1,
                    crate::time::fmt_date(r.on)
                )
            };
            Ok(Some(("receipt", *now, what)))
        })
    }

    /// Records an uploaded attachment (the file checks come with the attachments module).
    pub fn record_attachment(
        &mut self,
        case_no: &str,
        kind: DocKind,
        file_name: &str,
        sha256: Option<String>,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        let file_name = file_name.trim().to_string();
        if file_name.is_empty() {
            return Err(Error::MissingField("附件文件名".into()));
        }
        self.mutate(case_no, now, "attachment", |tx, id, _, _| {
            tx.execute(
                "INSERT INTO attachments (case_id, kind, file_name, sha256, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, kind, file_name, sha256, fmt_time(&at)],
            )?;
            Ok(Some(("attachment", at, format!("{}：{file_name}", kind.label()))))
        })
    }

    /// 附件审核 by the supervising leader or the district office (N §三.四).
    pub fn review_attachment(
        &mut self,
        case_no: &str,
        file_name: &str,
        reviewer: Reviewer,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        self.mutate(case_no, now, "attachment_review", |tx, id, c, _| {
            if !c
                .attachments
                .iter()
                .any(|a| a.file_name == file_name.trim())
            {
                return Err(Error::invalid(
                    "附件",
                    format!("该件没有名为“{file_name}”的附件"),
                ));
            }
            let col = match reviewer {
                Reviewer::SupervisingLeader => "reviewed_supervising_at",
                Reviewer::DistrictOffice => {
                    let sup_done = c.attachments.iter().any(|a| {
                        a.file_name == file_name.trim() && a.reviewed_supervising_at.is_some()
                    });
                    if !sup_done {
                        return Err(Error::OutOfOrder(
                            "附件应先经分管领导审核，再报区信访办审核。".into(),
                        ));
                    }
                    "reviewed_office_at"
                }
            };
            tx.execute(
                &format!("UPDATE attachments SET {col} = ?3 WHERE case_id = ?1 AND file_name = ?2"),
                params![id, file_name.trim(), fmt_time(&at)],
            )?;
            Ok(Some((
                "attachment_reviewed",
                at,
                format!("{}：{}", reviewer.label(), file_name.trim()),
            )))
        })
    }

    /// 满意度评价 (N §二).
    pub fn evaluate(
        &mut self,
        case_no: &str,
        result: Evaluation,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        self.mutate(case_no, now, "evaluate", |tx, id, c, _| {
            // A 不予受理 is answered by its notice: evaluable from the decision.
            let answered = c.replied_at.or(if c.method == Some(Method::Decline) {
                c.accepted_at
            } else {
                None
            });
            let Some(replied) = answered else {
                return Err(Error::OutOfOrder("该件尚未答复，不能评价。".into()));
            };
            if c.method == Some(Method::StatutoryChannel) {
                return Err(Error::OutOfOrder(
                    "其他法定途径受理的件不参加满意度评价。".into(),
                ));
            }
            // 检举控告 evaluations are recorded; whether they count in the rates is the score
            // profile's `exclude_accusations`.
            not_before("评价", &at, "答复", &replied)?;
            cases::set_columns(
                tx,
                id,
                &[("evaluation", &result), ("evaluated_at", &fmt_time(&at))],
                now,
            )?;
            Ok(Some(("evaluated", at, result.label().to_string())))
        })
    }

    /// 复查 / 复核 requested by the petitioner (条例 §35, §36).
    pub fn request_review(
        &mut self,
        case_no: &str,
        kind: ReviewKind,
        at: Time,
        now: &Time,
    ) -> Result<CaseView> {
        self.mutate(case_no, now, "review_request", |tx, id, c, _| {
            actions::can_review(c).map_err(Error::OutOfOrder)?;
            if c.reviews.iter().any(|r| r.kind == kind) {
                return Err(Error::OutOfOrder(format!(
                    "该件已登记{}申请。",
                    kind.label()
                )));
            }
            if kind == ReviewKind::ReReview
                && !c
                    .reviews
                    .iter()
                    .any(|r| r.kind == ReviewKind::Review && r.opinion_at.is_some())
            {
                return Err(Error::OutOfOrder("复核须在复查意见作出后申请。".into()));
            }
            tx.execute(
                "INSERT INTO reviews (case_id, kind, requested_at) VALUES (?1, ?2, ?3)",
                params![id, kind, fmt_time(&at)],
            )?;
            Ok(Some(("review_requested", at, kind.label().to_string())))
        })
    }

    pub fn review_opinion(
        &mut self,
        case_no: &str,
        kind: ReviewKind,
        at: Time,
        result: Option<String>,
        now: &Time,
    ) -> Result<CaseView> {
        self.mutate(case_no, now, "review_opinion", |tx, id, c, _| {
            let Some(r) = c.reviews.iter().find(|r| r.kind == kind) else {
                return Err(Error::OutOfOrder(format!("该件没有{}申请。", kind.label())));
            };
            not_before("意见", &at, "申请", &r.requested_at)?;
            tx.execute(
                "UPDATE reviews SET opinion_at = ?3, result = ?4 WHERE case_id = ?1 AND kind = ?2",
                params![id, kind, fmt_time(&at), nonempty(result.clone())],
            )?;
            Ok(Some(("review_opinion", at, kind.label().to_string())))
        })
    }

    /// The petitioner's 签收日期 of a 复查/复核 opinion (the next window runs from it, 条例
    /// §36 ¶1) and the 听证 days not counted in the 复核 period (条例 §36 ¶2).
    pub fn review_details(
        &mut self,
        case_no: &str,
        kind: ReviewKind,
        received_on: Option<chrono::NaiveDate>,
        hearing_days: Option<u32>,
        now: &Time,
    ) -> Result<CaseView> {
        if hearing_days.is_some_and(|d| d > 365) {
            return Err(Error::invalid("听证天数", "应在 0 到 365 之间"));
        }
        self.mutate(case_no, now, "review_details", |tx, id, c, _| {
            let Some(r) = c.reviews.iter().find(|r| r.kind == kind) else {
                return Err(Error::OutOfOrder(format!("该件没有{}申请。", kind.label())));
            };
            if let Some(on) = received_on {
                let Some(op) = r.opinion_at else {
                    return Err(Error::OutOfOrder(format!(
                        "{}意见尚未作出，不能登记信访人签收。",
                        kind.label()
                    )));
                };
                if on < crate::time::china_date(&op) {
                    return Err(Error::OutOfOrder(format!(
                        "签收日期 {} 早于{}意见作出时间 {}，请核对。",
                        crate::time::fmt_date(on),
                        kind.label(),
                        crate::time::show_time(&op)
                    )));
                }
            }
            tx.execute(
                "UPDATE reviews SET opinion_received_on = COALESCE(?3, opinion_received_on),
                    hearing_days = COALESCE(?4, hearing_days)
                 WHERE case_id = ?1 AND kind = ?2",
                params![
                    id,
                    kind,
                    received_on.map(crate::time::fmt_date),
                    hearing_days
                ],
            )?;
            let mut detail = kind.label().to_string();
            if let Some(on) = received_on {
                detail.push_str(&format!("意见信访人于 {} 签收", crate::time::fmt_date(on)));
            }
            if let Some(h) = hearing_days {
                detail.push_str(&format!("，听证 {h} 日（不计入期限）"));
            }
            Ok(Some(("review_received", *now, detail)))
        })
    }

    /// Soft delete: the case disappears from lists but stays in the ledger and its history.
    pub fn delete_case(&mut self, case_no: &str, reason: &str, now: &Time) -> Result<CaseView> {
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(Error::MissingField("删除原因".into()));
        }
        self.mutate(case_no, now, "delete", |tx, id, _, _| {
            cases::set_columns(tx, id, &[("deleted_at", &fmt_time(now))], now)?;
            Ok(Some(("deleted", *now, reason)))
        })
    }

    pub fn restore_case(&mut self, case_no: &str, now: &Time) -> Result<CaseView> {
        self.mutate(case_no, now, "restore", |tx, id, c, _| {
            if c.deleted_at.is_none() {
                return Err(Error::OutOfOrder("该件未被删除。".into()));
            }
            cases::set_columns(tx, id, &[("deleted_at", &Option::<String>::None)], now)?;
            Ok(Some(("restored", *now, String::new())))
        })
    }

    /// 重复信访: links a case to the earlier one it repeats.
    pub fn mark_repeat(&mut self, case_no: &str, of: &str, now: &Time) -> Result<CaseView> {
        self.mutate(case_no, now, "mark_repeat", |tx, id, c, _| {
            let of = of.trim();
            if of == c.info.case_no {
                return Err(Error::invalid("重复信访关联", "不能关联到本件自身"));
            }
            cases::find(tx, of, true)?;
            // A repeat is no longer the person's first petition (N §三.三 初信初访).
            cases::set_columns(
                tx,
                id,
                &[("repeat_of", &of), ("first_petition", &false)],
                now,
            )?;
            Ok(Some(("updated", *now, format!("标记为 {of} 的重复信访"))))
        })
    }

    /// 通报 received from the city or the district.
    pub fn record_breach(&mut self, b: crate::domain::BreachNotice, now: &Time) -> Result<()> {
        if b.reason.trim().is_empty() {
            return Err(Error::MissingField("通报事由".into()));
        }
        let actor = self.actor.clone();
        let tx = self.ledger.write()?;
        let unit_id = cases::unit_id(&tx, &b.unit, now)?;
        let case_id = match &b.case_no {
            Some(no) => Some(cases::find(&tx, no, true)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO breach_notices (unit_id, case_id, level, notified_on, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![unit_id, case_id, b.level, crate::time::fmt_date(b.notified_on), b.reason.trim()],
        )?;
        let id = tx.last_insert_rowid().to_string();
        crate::ledger::audit::record(
            &tx,
            &crate::ledger::audit::Change {
                actor: &actor,
                at: now,
                entity: "breach_notice",
                entity_id: &id,
                action: "create",
            },
            None,
            serde_json::to_value(&b).ok().as_ref(),
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn labels(kinds: &[DocKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("、")
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests;
