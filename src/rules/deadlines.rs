//! The deadline engine (domain.md §1–2): rules are data (length, day kind, anchor, the
//! event that meets them); each computed deadline explains itself in Chinese.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::domain::Method;
use crate::time::{Time, china_date, fmt_date};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// "N日": 民法典 §201, §203 — anchor day not counted; a last day on a rest day moves
    /// to the next working day.
    CalendarDays,
    /// "N个工作日": only working days after the anchor day count.
    WorkingDays,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Arrival,
    Acceptance,
    /// The day the petitioner received the written opinion (签收日期 on the 送达回证).
    WrittenOpinion,
    ReviewRequest,
    /// The day the petitioner received the 复查意见.
    ReviewOpinionReceived,
    ReReviewRequest,
    /// The day the petitioner received the answer: the first answer document's receipt (回复,
    /// 处理意见书, 答复意见书, 不予受理告知书) since the reply, else the reply.
    AnswerReceived,
}

impl Anchor {
    pub fn label(self) -> &'static str {
        match self {
            Anchor::Arrival => "到达日",
            Anchor::Acceptance => "受理日",
            Anchor::WrittenOpinion => "信访人收到书面意见之日",
            Anchor::ReviewRequest => "收到复查请求之日",
            Anchor::ReviewOpinionReceived => "信访人收到复查意见之日",
            Anchor::ReReviewRequest => "收到复核请求之日",
            Anchor::AnswerReceived => "信访人收到答复之日",
        }
    }
}

/// The event that meets a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum MetBy {
    SignedAt,
    AcceptedAt,
    RepliedAt,
    /// The first delivery of a 受理告知书, 不予受理告知书 or 回复 (条例 §23).
    NotifiedAt,
    ReviewRequestedAt,
    ReviewOpinionAt,
    ReReviewRequestedAt,
    ReReviewOpinionAt,
}

/// Whose duty a deadline is: only the unit's own count as overdue work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    Unit,
    Petitioner,
    /// The 复查/复核 body's: this ledger's own duty only when the unit's ledger role says it
    /// is the reviewing body (setting `review_roles`); otherwise tracked, never our overdue.
    ReviewBody,
}

/// Which items a rule binds, by how they reached the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum SourceScope {
    All,
    /// 转送/交办/督办 by a higher office (N §一.二; 条例 §23 ¶3).
    Transferred,
    /// Received directly: 来信/来访/网上/来电 at the unit (条例 §23 ¶1–2).
    Direct,
}

impl SourceScope {
    pub fn admits(self, transferred: bool) -> bool {
        match self {
            SourceScope::All => true,
            SourceScope::Transferred => transferred,
            SourceScope::Direct => !transferred,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    pub id: String,
    pub name: String,
    pub days: u32,
    pub count: DayCount,
    pub anchor: Anchor,
    pub met_by: MetBy,
    /// The methods the rule applies to; empty means every case.
    #[serde(default)]
    pub methods: Vec<Method>,
    #[serde(default = "unit_duty")]
    pub duty: Duty,
    /// An approved 延期 adds days (条例 §34).
    #[serde(default)]
    pub extendable: bool,
    /// Which items the rule binds; absent in settings saved before V5, then the built-in
    /// rule of the same id decides (see [`DeadlineRule::scope`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<SourceScope>,
    pub source: String,
}

fn unit_duty() -> Duty {
    Duty::Unit
}

/// The rules whose scope was fixed before settings carried one: 签收, 受理 and 退件异议
/// bind transferred items only (N §一.二; 条例 §23 ¶3).
fn default_scope(id: &str) -> SourceScope {
    match id {
        "sign_for" | "decide" | "return_objection" => SourceScope::Transferred,
        _ => SourceScope::All,
    }
}

/// The defaults from the notice and 条例 (domain.md §1).
pub fn default_rules() -> Vec<DeadlineRule> {
    use Anchor::*;
    use DayCount::*;
    use MetBy::*;
    #[allow(clippy::too_many_arguments)]
    fn rule(
        id: &str,
        name: &str,
        days: u32,
        count: DayCount,
        anchor: Anchor,
        met_by: MetBy,
        methods: Vec<Method>,
        sources: SourceScope,
        duty: Duty,
        source: &str,
    ) -> DeadlineRule {
        DeadlineRule {
            id: id.into(),
            name: name.into(),
            days,
            count,
            anchor,
            met_by,
            methods,
            duty,
            extendable: id == "handling_opinion",
            sources: Some(sources),
            source: source.into(),
        }
    }
    use SourceScope::{All, Transferred};
    vec![
        // N §一.二: 对上级转办、交办、督办的信访事项 1 日内务必签收
        rule(
            "sign_for",
            "签收",
            1,
            CalendarDays,
            Arrival,
            SignedAt,
            vec![],
            Transferred,
            Duty::Unit,
            "永川区信访办通知第一部分第（二）项（仅转办、交办、督办件）",
        ),
        // N §一.二: 对上级转办、交办、督办的信访事项 5 日内受理（或不予受理）
        rule(
            "decide",
            "受理（办理方式）",
            5,
            CalendarDays,
            Arrival,
            AcceptedAt,
            vec![],
            Transferred,
            Duty::Unit,
            "永川区信访办通知第一部分第（二）项（仅转办、交办、督办件）",
        ),
        // 条例 §23 ¶2–3: 自收到之日起 15 日内书面告知信访人（接收情况、处理途径和程序）
        rule(
            "notify_petitioner",
            "书面告知信访人",
            15,
            CalendarDays,
            Arrival,
            NotifiedAt,
            vec![
                Method::DirectReply,
                Method::PetitionChannel,
                Method::StatutoryChannel,
                Method::Decline,
            ],
            All,
            Duty::Unit,
            "《信访工作条例》第二十三条第二款、第三款",
        ),
        // 条例 §23 ¶3: 不属于本机关职权范围的转送、交办件，自收到之日起 5 个工作日内提出异议
        rule(
            "return_objection",
            "退件异议",
            5,
            WorkingDays,
            Arrival,
            AcceptedAt,
            vec![Method::ReturnCase],
            Transferred,
            Duty::Unit,
            "《信访工作条例》第二十三条第三款（仅转送、交办件）",
        ),
        // N §三.二: 意见建议类、检举控告类、其他类事项 15 日内直接回复
        rule(
            "direct_reply",
            "直接回复",
            15,
            CalendarDays,
            Acceptance,
            RepliedAt,
            vec![Method::DirectReply],
            All,
            Duty::Unit,
            "永川区信访办通知第三部分第（二）项",
        ),
        // 条例 §34: 第三十一条第六项的事项自受理之日起 60 日内办结，延长不超过 30 日
        rule(
            "handling_opinion",
            "出具处理意见书",
            60,
            CalendarDays,
            Acceptance,
            RepliedAt,
            vec![Method::PetitionChannel],
            All,
            Duty::Unit,
            "《信访工作条例》第三十四条",
        ),
        // 条例 §35: 信访人可以自收到书面答复之日起 30 日内请求复查
        rule(
            "review_request",
            "请求复查期限（信访人）",
            30,
            CalendarDays,
            WrittenOpinion,
            ReviewRequestedAt,
            vec![Method::PetitionChannel],
            All,
            Duty::Petitioner,
            "《信访工作条例》第三十五条",
        ),
        // 条例 §35: 收到复查请求之日起 30 日内提出复查意见
        rule(
            "review_opinion",
            "复查意见",
            30,
            CalendarDays,
            ReviewRequest,
            ReviewOpinionAt,
            vec![Method::PetitionChannel],
            All,
            Duty::ReviewBody,
            "《信访工作条例》第三十五条",
        ),
        // 条例 §36 ¶1: 对复查意见不服的，可以自收到书面答复之日起 30 日内请求复核
        rule(
            "re_review_request",
            "请求复核期限（信访人）",
            30,
            CalendarDays,
            ReviewOpinionReceived,
            ReReviewRequestedAt,
            vec![Method::PetitionChannel],
            All,
            Duty::Petitioner,
            "《信访工作条例》第三十六条第一款",
        ),
        // 条例 §36 ¶1–2: 收到复核请求之日起 30 日内提出复核意见；听证时间不计入
        rule(
            "re_review_opinion",
            "复核意见",
            30,
            CalendarDays,
            ReReviewRequest,
            ReReviewOpinionAt,
            vec![Method::PetitionChannel],
            All,
            Duty::ReviewBody,
            "《信访工作条例》第三十六条第一款、第二款",
        ),
    ]
}

/// Stored rule settings from before a rule existed get the built-in rule added, so a
/// ledger that once saved its rules still tracks the written notice and 复核.
pub fn with_missing_defaults(mut rules: Vec<DeadlineRule>) -> Vec<DeadlineRule> {
    for d in default_rules() {
        if !rules.iter().any(|r| r.id == d.id) {
            rules.push(d);
        }
    }
    rules
}

impl DeadlineRule {
    pub fn applies_to(&self, method: Option<Method>) -> bool {
        self.methods.is_empty() || method.is_some_and(|m| self.methods.contains(&m))
    }

    /// Which items the rule binds (the stored value, else the built-in rule's).
    pub fn scope(&self) -> SourceScope {
        self.sources.unwrap_or_else(|| default_scope(&self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DueDate {
    /// The last day; the period ends at 24:00 of it.
    pub due_date: NaiveDate,
    pub explanation: String,
    pub warnings: Vec<String>,
    /// In a year without the State Council's notice: the earliest day the period could end
    /// if the notice turns nearby weekends into 调休上班日 (None when it cannot be earlier).
    pub earliest_plausible: Option<NaiveDate>,
}

/// Computes a due date. `extra_days` is an approved extension (calendar rules only).
/// In a year without a notice the statutory holidays (放假办法 第二条) still count as rest
/// days; the unknown 调休 may make the period end earlier, and that earliest plausible
/// date is given with the reason.
pub fn compute_due(
    cal: &Calendar,
    rule: &DeadlineRule,
    anchor: NaiveDate,
    extra_days: u32,
) -> DueDate {
    let mut due = compute_on(cal, rule, anchor, extra_days);
    if due.warnings.is_empty() {
        return due;
    }
    let early = compute_on(&cal.earliest_plausible(), rule, anchor, extra_days);
    if early.due_date < due.due_date {
        let makeups: Vec<String> = anchor
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= due.due_date)
            .filter(|d| cal.possible_makeup(*d))
            .map(fmt_date)
            .collect();
        due.explanation.push_str(&format!(
            "。该年尚无国务院放假安排，若 {} 被安排为调休上班日，最早可能于 {} 24:00 截止，请按最早日期安排",
            makeups.join("、"),
            fmt_date(early.due_date)
        ));
        due.earliest_plausible = Some(early.due_date);
    }
    due
}

fn compute_on(cal: &Calendar, rule: &DeadlineRule, anchor: NaiveDate, extra_days: u32) -> DueDate {
    let mut warnings = Vec::new();
    let mut warn_for = |d: NaiveDate| {
        if let Some(w) = cal.coverage_warning(d)
            && !warnings.contains(&w)
        {
            warnings.push(w);
        }
    };
    let short = |d: NaiveDate| {
        if d.year() == anchor.year() {
            d.format("%m-%d").to_string()
        } else {
            fmt_date(d)
        }
    };
    let head = format!("{} {} 不计入", rule.anchor.label(), fmt_date(anchor));
    match rule.count {
        DayCount::CalendarDays => {
            let days = rule.days + extra_days;
            let nominal = anchor + chrono::Days::new(u64::from(days));
            warn_for(nominal);
            let ext = if extra_days > 0 && !rule.extendable {
                format!("（另加听证 {extra_days} 日，不计入期限）")
            } else if extra_days > 0 {
                format!("（含经批准延期 {extra_days} 日）")
            } else {
                String::new()
            };
            let count_part = if days == 1 {
                format!("第 1 日 {}", short(nominal))
            } else {
                format!("自次日起算 {days} 日{ext}，第 {days} 日 {}", short(nominal))
            };
            if cal.is_working_day(nominal) {
                DueDate {
                    due_date: nominal,
                    explanation: format!(
                        "{head}；{count_part} 为{}，截止 {} 24:00",
                        cal.describe(nominal),
                        short(nominal)
                    ),
                    warnings,
                    earliest_plausible: None,
                }
            } else {
                let due = cal.next_working_day(nominal);
                let mut d = nominal;
                while d < due {
                    warn_for(d);
                    d = d.succ_opt().unwrap_or(due);
                }
                warn_for(due);
                DueDate {
                    due_date: due,
                    explanation: format!(
                        "{head}；{count_part} 为{}，顺延至 {} 24:00",
                        cal.describe(nominal),
                        short(due)
                    ),
                    warnings,
                    earliest_plausible: None,
                }
            }
        }
        DayCount::WorkingDays => {
            let mut counted = 0;
            let mut day = anchor;
            let mut skipped = Vec::new();
            let mut makeups = Vec::new();
            while counted < rule.days {
                day = match day.succ_opt() {
                    Some(d) => d,
                    None => break,
                };
                warn_for(day);
                if cal.is_working_day(day) {
                    counted += 1;
                    if !matches!(
                        day.weekday(),
                        chrono::Weekday::Mon
                            | chrono::Weekday::Tue
                            | chrono::Weekday::Wed
                            | chrono::Weekday::Thu
                            | chrono::Weekday::Fri
                    ) {
                        makeups.push(short(day));
                    }
                } else {
                    skipped.push(day);
                }
            }
            let mut text = format!(
                "{head}；按工作日计 {} 日，第 {} 个工作日为 {}",
                rule.days,
                rule.days,
                short(day)
            );
            if !skipped.is_empty() {
                text.push_str(&format!(
                    "，跳过休息日 {} 天（{}）",
                    skipped.len(),
                    describe_runs(cal, &skipped, short)
                ));
            }
            if !makeups.is_empty() {
                text.push_str(&format!("，其中 {} 为调休上班日", makeups.join("、")));
            }
            text.push_str(&format!("，截止 {} 24:00", short(day)));
            DueDate {
                due_date: day,
                explanation: text,
                warnings,
                earliest_plausible: None,
            }
        }
    }
}

/// "10-01至10-07 法定节假日（国庆节）、10-11 星期日（休息日）"
fn describe_runs(
    cal: &Calendar,
    days: &[NaiveDate],
    short: impl Fn(NaiveDate) -> String,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let desc = cal.describe(days[i]);
        let holiday = desc.starts_with("法定节假日");
        let mut j = i;
        while holiday
            && j + 1 < days.len()
            && days[j + 1] == days[j].succ_opt().unwrap_or(days[j])
            && cal.describe(days[j + 1]) == desc
        {
            j += 1;
        }
        if j > i {
            parts.push(format!("{}至{} {desc}", short(days[i]), short(days[j])));
        } else {
            parts.push(format!("{} {desc}", short(days[i])));
        }
        i = j + 1;
    }
    parts.join("、")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    Pending,
    DueSoon,
    Overdue,
    MetInTime,
    MetLate,
    /// A petitioner's window that passed unused.
    Lapsed,
    /// The petitioner asked after the window closed (flagged 逾期申请, not our lateness).
    RequestedLate,
    /// The 复查/复核 body's time passed: tracked, not this unit's overdue work.
    PastDueElsewhere,
}

impl DeadlineStatus {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineStatus::Pending => "未到期",
            DeadlineStatus::DueSoon => "即将到期",
            DeadlineStatus::Overdue => "已超期",
            DeadlineStatus::MetInTime => "按期完成",
            DeadlineStatus::MetLate => "超期完成",
            DeadlineStatus::Lapsed => "期限已过",
            DeadlineStatus::RequestedLate => "逾期申请",
            DeadlineStatus::PastDueElsewhere => "已过期限（上级机关办理，不计本单位超期）",
        }
    }
}

/// `soon_days`: how many days before the last day a deadline counts as due soon
/// (0 = only on the day itself).
pub fn status_of(
    due: NaiveDate,
    met_at: Option<&Time>,
    now: &Time,
    soon_days: i64,
    duty: Duty,
) -> DeadlineStatus {
    if let Some(met) = met_at {
        return match (china_date(met) <= due, duty) {
            (true, _) => DeadlineStatus::MetInTime,
            (false, Duty::Petitioner) => DeadlineStatus::RequestedLate,
            (false, _) => DeadlineStatus::MetLate,
        };
    }
    let today = china_date(now);
    if today > due {
        return match duty {
            Duty::Unit => DeadlineStatus::Overdue,
            Duty::Petitioner => DeadlineStatus::Lapsed,
            Duty::ReviewBody => DeadlineStatus::PastDueElsewhere,
        };
    }
    if (due - today).num_days() <= soon_days {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::Pending
    }
}

/// The times a case's deadlines are anchored on and met by.
#[derive(Debug, Clone, Default)]
pub struct CaseTimes {
    pub arrived_at: Option<Time>,
    /// 转送/交办/督办 (true) or received directly (false): N §一.二 binds only the former.
    pub transferred: bool,
    pub signed_at: Option<Time>,
    pub accepted_at: Option<Time>,
    pub method: Option<Method>,
    pub replied_at: Option<Time>,
    /// 条例 §23: the first delivery of the written notice (受理告知书 / 不予受理告知书 / 回复).
    pub notified_at: Option<Time>,
    /// When the petitioner received the written opinion: the 签收日期 on the 送达回证, else the
    /// delivery, else (no delivery recorded) the reply.
    pub opinion_delivered_at: Option<Time>,
    pub review_requested_at: Option<Time>,
    pub review_opinion_at: Option<Time>,
    /// When the petitioner received the 复查意见 (its 签收日期), else when it was made.
    pub review_opinion_received_at: Option<Time>,
    pub re_review_requested_at: Option<Time>,
    pub re_review_opinion_at: Option<Time>,
    /// 听证 days, not counted in the 复核 period (条例 §36 ¶2).
    pub re_review_hearing_days: u32,
    pub extension_days: u32,
    /// 其他法定途径: the deadline that procedure sets.
    pub statutory_due_date: Option<NaiveDate>,
    /// The unit's ledger role decides 复查/复核 (district office reviewing a town's case):
    /// the review body's deadlines are then this ledger's own duty.
    pub reviews_are_ours: bool,
    /// A 退件 waiting for the sender's answer: the 受理 clock keeps running (条例 §23 ¶3).
    pub return_pending: bool,
    /// 交办/督办期限 set by the sender (条例 §22), or the latest 督办's new deadline.
    pub sender_deadline: Option<NaiveDate>,
    /// "交办期限" / "督办期限" / "转送期限".
    pub sender_deadline_name: &'static str,
    /// When the result went back to the sender: the 办结报告 issued, else 办结.
    pub reported_at: Option<Time>,
    /// A case the petitioner is to evaluate (纳入满意度评价, or counted in 参评率): when the
    /// answer reached them. None while unanswered or out of scope.
    pub answer_received_at: Option<Time>,
    pub evaluated_at: Option<Time>,
    /// The unit's evaluation window (setting `evaluation_window_days`); None: no deadline,
    /// the guidance reminders still run.
    pub evaluation_window_days: Option<u32>,
}

/// 条例 §22: the sender's own deadline for the result and its 办结报告, beside ours.
fn sender_deadline(
    cal: &Calendar,
    times: &CaseTimes,
    due: NaiveDate,
    arrived: &Time,
    ours: &[Deadline],
    now: &Time,
    soon_days: i64,
) -> Deadline {
    let met = times.reported_at.as_ref();
    let status = status_of(due, met, now, soon_days, Duty::Unit);
    let name = if times.sender_deadline_name.is_empty() {
        "来源机关期限"
    } else {
        times.sender_deadline_name
    };
    let mut explanation = format!(
        "来源机关指定 {} 前反馈办理结果并报送办结报告，截止 {} 24:00（《信访工作条例》第二十二条第一款第三项）",
        fmt_date(due),
        fmt_date(due)
    );
    // Ours: the reply the method calls for (the one the rates measure).
    if let Some(our) = ours.iter().find(|d| {
        d.duty == Duty::Unit && matches!(d.rule_id.as_str(), "direct_reply" | "handling_opinion")
    }) && our.due_date != due
    {
        let first = if due < our.due_date {
            "来源机关期限在前，应按其办结"
        } else {
            "本单位期限在前，两者均须遵守"
        };
        explanation.push_str(&format!(
            "；与本单位“{}”期限 {} 不同，{first}",
            our.name,
            fmt_date(our.due_date)
        ));
    }
    Deadline {
        rule_id: "sender_deadline".into(),
        name: name.into(),
        anchor: Anchor::Arrival,
        anchor_at: *arrived,
        days: (due - china_date(arrived)).num_days().max(0) as u32,
        count: DayCount::CalendarDays,
        due_date: due,
        status,
        status_label: status.label(),
        met_at: met.copied(),
        duty: Duty::Unit,
        explanation,
        warnings: cal.coverage_warning(due).into_iter().collect(),
        earliest_plausible: None,
        source: "《信访工作条例》第二十二条".into(),
    }
}

impl CaseTimes {
    fn anchor(&self, a: Anchor) -> Option<&Time> {
        match a {
            Anchor::Arrival => self.arrived_at.as_ref(),
            Anchor::Acceptance => self.accepted_at.as_ref(),
            Anchor::WrittenOpinion => self
                .opinion_delivered_at
                .as_ref()
                .or(self.replied_at.as_ref()),
            Anchor::ReviewRequest => self.review_requested_at.as_ref(),
            Anchor::ReviewOpinionReceived => self
                .review_opinion_received_at
                .as_ref()
                .or(self.review_opinion_at.as_ref()),
            Anchor::ReReviewRequest => self.re_review_requested_at.as_ref(),
            Anchor::AnswerReceived => self.answer_received_at.as_ref(),
        }
    }

    fn met(&self, m: MetBy) -> Option<&Time> {
        match m {
            MetBy::SignedAt => self.signed_at.as_ref(),
            MetBy::AcceptedAt => self.accepted_at.as_ref(),
            MetBy::RepliedAt => self.replied_at.as_ref(),
            MetBy::NotifiedAt => self.notified_at.as_ref(),
            MetBy::ReviewRequestedAt => self.review_requested_at.as_ref(),
            MetBy::ReviewOpinionAt => self.review_opinion_at.as_ref(),
            MetBy::ReReviewRequestedAt => self.re_review_requested_at.as_ref(),
            MetBy::ReReviewOpinionAt => self.re_review_opinion_at.as_ref(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Deadline {
    pub rule_id: String,
    pub name: String,
    pub anchor: Anchor,
    #[serde(with = "crate::domain::time_serde")]
    #[ts(type = "string")]
    pub anchor_at: Time,
    pub days: u32,
    pub count: DayCount,
    pub due_date: NaiveDate,
    pub status: DeadlineStatus,
    pub status_label: &'static str,
    #[serde(with = "crate::domain::time_serde::option")]
    #[ts(as = "Option<String>")]
    pub met_at: Option<Time>,
    pub duty: Duty,
    pub explanation: String,
    pub warnings: Vec<String>,
    /// See [`DueDate::earliest_plausible`].
    pub earliest_plausible: Option<NaiveDate>,
    pub source: String,
}

/// Every deadline that applies to a case now: a rule applies when its method filter
/// matches and its anchor event has happened.
pub fn case_deadlines(
    cal: &Calendar,
    rules: &[DeadlineRule],
    times: &CaseTimes,
    now: &Time,
    soon_days: i64,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    for rule in rules {
        if !rule.scope().admits(times.transferred) {
            continue;
        }
        let applies = match rule.id.as_str() {
            // Before a method is chosen the clerk still needs to see the 退件 window and the
            // written notice's 15 days.
            "return_objection" => matches!(times.method, None | Some(Method::ReturnCase)),
            _ if rule.met_by == MetBy::NotifiedAt && times.method.is_none() => true,
            _ => rule.applies_to(times.method),
        };
        if !applies {
            continue;
        }
        let Some(anchor_at) = times.anchor(rule.anchor) else {
            continue;
        };
        let extra = if rule.extendable {
            times.extension_days
        } else if rule.met_by == MetBy::ReReviewOpinionAt {
            // 条例 §36 ¶2: 听证所需时间不计算在前款规定的期限内
            times.re_review_hearing_days
        } else {
            0
        };
        let duty = match rule.duty {
            Duty::ReviewBody if times.reviews_are_ours => Duty::Unit,
            d => d,
        };
        let due = compute_due(cal, rule, china_date(anchor_at), extra);
        // 退件 is only met by a return; an acceptance closes the window instead.
        let met = match (rule.met_by, rule.id.as_str(), times.method) {
            (MetBy::AcceptedAt, "return_objection", Some(m)) if m != Method::ReturnCase => continue,
            // 条例 §23 ¶3: the case goes back only once the sender agrees; until then the
            // objection does not stop the 受理 clock.
            (MetBy::AcceptedAt, id, _) if times.return_pending && id != "return_objection" => None,
            (m, _, _) => times.met(m),
        };
        let mut explanation = due.explanation;
        if times.return_pending && rule.met_by == MetBy::AcceptedAt && rule.id != "return_objection"
        {
            explanation.push_str(
                "。退件待来源机关审核，受理期限照常计算；审核不同意退件的，须在此期限内受理",
            );
        }
        let status = status_of(due.due_date, met, now, soon_days, duty);
        out.push(Deadline {
            rule_id: rule.id.clone(),
            name: rule.name.clone(),
            anchor: rule.anchor,
            anchor_at: *anchor_at,
            days: rule.days + extra,
            count: rule.count,
            due_date: due.due_date,
            status,
            status_label: status.label(),
            met_at: met.copied(),
            duty,
            explanation,
            warnings: due.warnings,
            earliest_plausible: due.earliest_plausible,
            source: rule.source.clone(),
        });
    }
    if let (Some(due), Some(arrived)) = (times.sender_deadline, times.arrived_at.as_ref())
        && times.method != Some(Method::ReturnCase)
    {
        out.push(sender_deadline(
            cal, times, due, arrived, &out, now, soon_days,
        ));
    }
    if let (Some(Method::StatutoryChannel), Some(due), Some(accepted)) = (
        times.method,
        times.statutory_due_date,
        times.accepted_at.as_ref(),
    ) {
        let met = times.replied_at.as_ref();
        let status = status_of(due, met, now, soon_days, Duty::Unit);
        out.push(Deadline {
            rule_id: "statutory_procedure".into(),
            name: "法定途径办理".into(),
            anchor: Anchor::Acceptance,
            anchor_at: *accepted,
            days: (due - china_date(accepted)).num_days().max(0) as u32,
            count: DayCount::CalendarDays,
            due_date: due,
            status,
            status_label: status.label(),
            met_at: met.copied(),
            duty: Duty::Unit,
            explanation: format!("按该法定程序规定的期限，截止 {} 24:00", fmt_date(due)),
            warnings: cal.coverage_warning(due).into_iter().collect(),
            earliest_plausible: None,
            source: "《信访工作条例》第三十一条".into(),
        });
    }
    if let Some(d) = evaluation_deadline(cal, times, now, soon_days) {
        out.push(d);
    }
    out
}

/// N §二 积极引导信访人进行满意度评价: the window the platform leaves for it. The notice names
/// only "超期未评价", no length, so the length is the unit's setting; without it there is no
/// deadline, only the guidance reminders.
pub fn evaluation_deadline(
    cal: &Calendar,
    times: &CaseTimes,
    now: &Time,
    soon_days: i64,
) -> Option<Deadline> {
    let (days, anchor_at) = (
        times.evaluation_window_days?,
        times.answer_received_at.as_ref()?,
    );
    let rule = DeadlineRule {
        id: EVALUATION_RULE.into(),
        name: "满意度评价（信访人）".into(),
        days,
        count: DayCount::CalendarDays,
        anchor: Anchor::AnswerReceived,
        met_by: MetBy::RepliedAt,
        methods: vec![],
        duty: Duty::Petitioner,
        extendable: false,
        sources: Some(SourceScope::All),
        source: EVALUATION_SOURCE.into(),
    };
    let due = compute_due(cal, &rule, china_date(anchor_at), 0);
    let met = times.evaluated_at.as_ref();
    // An evaluation after the window is the platform's 超期未评价 turned late, not a request.
    let status = match status_of(due.due_date, met, now, soon_days, Duty::Petitioner) {
        DeadlineStatus::RequestedLate => DeadlineStatus::Lapsed,
        s => s,
    };
    Some(Deadline {
        rule_id: rule.id,
        name: rule.name,
        anchor: rule.anchor,
        anchor_at: *anchor_at,
        days,
        count: rule.count,
        due_date: due.due_date,
        status,
        status_label: status.label(),
        met_at: met.copied(),
        duty: Duty::Petitioner,
        explanation: format!(
            "{}；期间请引导信访人在平台评价，期满未评价即为“超期未评价”",
            due.explanation
        ),
        warnings: due.warnings,
        earliest_plausible: due.earliest_plausible,
        source: rule.source,
    })
}

/// The evaluation window's rule id (not a stored rule: its length is its own setting).
pub const EVALUATION_RULE: &str = "evaluation";
const EVALUATION_SOURCE: &str =
    "永川区信访办通知第二部分（引导评价）；天数为本单位设置，按省信访信息系统的评价期限填写";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{parse_date, parse_time};

    fn rule(id: &str) -> DeadlineRule {
        default_rules().into_iter().find(|r| r.id == id).unwrap()
    }

    fn due(id: &str, anchor: &str) -> DueDate {
        compute_due(
            &Calendar::bundled(),
            &rule(id),
            parse_date(anchor).unwrap(),
            0,
        )
    }

    #[test]
    fn sign_for_deadline_skips_national_day() {
        // N §一.二 + 民法典 §203: 9-30 arrival, day 1 is 10-01 (holiday) → 10-08.
        let d = due("sign_for", "2026-09-30");
        assert_eq!(fmt_date(d.due_date), "2026-10-08");
        assert!(
            d.explanation.starts_with(
                "到达日 2026-09-30 不计入；第 1 日 10-01 为法定节假日（国庆节），顺延至 10-08 24:00"
            ),
            "{}",
            d.explanation
        );
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn sign_for_on_an_ordinary_weekday_is_the_next_day() {
        assert_eq!(
            fmt_date(due("sign_for", "2026-11-24").due_date),
            "2026-11-25"
        );
    }

    #[test]
    fn decide_deadline_landing_on_a_saturday_moves_to_monday() {
        // 11-16 (Mon) + 5 = 11-21 (Sat) → 11-23 (Mon).
        let d = due("decide", "2026-11-16");
        assert_eq!(fmt_date(d.due_date), "2026-11-23");
        assert!(
            d.explanation.contains("星期六（休息日），顺延至 11-23"),
            "{}",
            d.explanation
        );
    }

    #[test]
    fn calendar_deadline_on_a_makeup_saturday_does_not_move() {
        // 10-05 + 5 = 10-10, a 调休上班日 in 2026.
        let d = due("decide", "2026-10-05");
        assert_eq!(fmt_date(d.due_date), "2026-10-10");
        assert!(d.explanation.contains("调休上班日"), "{}", d.explanation);
    }

    #[test]
    fn return_objection_counts_working_days_across_national_day() {
        // 条例 §23.3: 9-30 arrival; working days 10-08, 10-09, 10-10 (调休), 10-12, 10-13.
        let d = due("return_objection", "2026-09-30");
        assert_eq!(fmt_date(d.due_date), "2026-10-13");
        assert!(
            d.explanation.contains("10-01至10-07 法定节假日（国庆节）"),
            "{}",
            d.explanation
        );
        assert!(
            d.explanation.contains("10-10 为调休上班日"),
            "{}",
            d.explanation
        );
    }

    #[test]
    fn handling_opinion_is_sixty_days_plus_approved_extension() {
        // 条例 §34
        let cal = Calendar::bundled();
        let r = rule("handling_opinion");
        let a = parse_date("2026-03-02").unwrap();
        assert_eq!(fmt_date(compute_due(&cal, &r, a, 0).due_date), "2026-05-06");
        let ext = compute_due(&cal, &r, a, 30);
        assert_eq!(fmt_date(ext.due_date), "2026-06-01");
        assert!(ext.explanation.contains("含经批准延期 30 日"));
    }

    #[test]
    fn a_deadline_past_the_calendar_data_carries_a_warning() {
        let d = due("direct_reply", "2026-12-25");
        assert!(
            d.warnings.iter().any(|w| w.contains("2027")),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn new_year_2027_counts_as_a_holiday_with_the_earliest_plausible_date() {
        // 放假办法 第二条: 2027-01-01 is a rest day even without the notice (N §一.二 签收 1 日
        // from 12-31 → 01-01 元旦, 01-02/03 weekend → 01-04); the 2027 调休 is unknown, and 01-02
        // may become a 调休上班日 (第七条), so the earliest plausible end is 01-02.
        let d = due("sign_for", "2026-12-31");
        assert_eq!(fmt_date(d.due_date), "2027-01-04");
        assert!(
            d.explanation.contains("法定节假日（元旦）"),
            "{}",
            d.explanation
        );
        assert_eq!(
            d.earliest_plausible.map(fmt_date).as_deref(),
            Some("2027-01-02")
        );
        assert!(
            d.explanation.contains("最早可能于 2027-01-02"),
            "{}",
            d.explanation
        );
        assert!(d.warnings.iter().any(|w| w.contains("2027")));
        // A deadline that no 调休 can move gives no earlier date.
        let d = due("decide", "2027-03-08");
        assert_eq!(fmt_date(d.due_date), "2027-03-15");
        assert_eq!(d.earliest_plausible, None);
    }

    #[test]
    fn status_follows_the_day_not_the_hour() {
        let due = parse_date("2026-10-08").unwrap();
        let now = parse_time("2026-10-08 23:59").unwrap();
        assert_eq!(
            status_of(due, None, &now, 1, Duty::Unit),
            DeadlineStatus::DueSoon
        );
        let late = parse_time("2026-10-09 00:00").unwrap();
        assert_eq!(
            status_of(due, None, &late, 1, Duty::Unit),
            DeadlineStatus::Overdue
        );
        assert_eq!(
            status_of(due, Some(&now), &late, 1, Duty::Unit),
            DeadlineStatus::MetInTime
        );
        assert_eq!(
            status_of(due, Some(&late), &late, 1, Duty::Unit),
            DeadlineStatus::MetLate
        );
        let early = parse_time("2026-09-30 10:00").unwrap();
        assert_eq!(
            status_of(due, None, &early, 1, Duty::Unit),
            DeadlineStatus::Pending
        );
        assert_eq!(
            status_of(due, None, &late, 1, Duty::Petitioner),
            DeadlineStatus::Lapsed
        );
    }
}
