//! The five rates (五率) and the unit's projected score (domain.md §6). Formulas follow
//! the provincial systems' reading; weights and targets are a profile (data, not code).

use serde::{Deserialize, Serialize};

use crate::domain::Method;

/// Whether a step with a due date (受理, 答复) was done in time: each case's `accept_state`
/// and `reply_state` column, which the rate counts add up. The code is the stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// Not done yet (overdue once the due date has passed).
    Pending = 0,
    InTime = 1,
    Late = 2,
    /// Not counted: a 退件 the sender approved leaves the unit's rates (score profile
    /// `exclude_returned`, the platform's practice).
    Excluded = 3,
}

impl Timeliness {
    /// `met` against `due`, by China date; `None` when there is no due date.
    pub fn of(met: Option<chrono::NaiveDate>, due: Option<chrono::NaiveDate>) -> Option<Self> {
        let due = due?;
        Some(match met {
            None => Timeliness::Pending,
            Some(d) if d <= due => Timeliness::InTime,
            Some(_) => Timeliness::Late,
        })
    }

    /// The value stored in the ledger and compared in its rate queries.
    pub const fn code(self) -> i64 {
        self as i64
    }
}

/// 群众参评 for one case: each case's `eval_state` column. Ordered, so the rate query
/// counts "in scope" as ≥ Unrated and "rated" as ≥ Dissatisfied. The code is the stored value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EvalState {
    /// Outside the score profile's evaluation scope.
    OutOfScope = 0,
    /// In scope, not rated (or the rating period expired).
    Unrated = 1,
    Dissatisfied = 2,
    /// 满意 or 基本满意.
    Satisfied = 3,
}

impl EvalState {
    pub const fn code(self) -> i64 {
        self as i64
    }
}

/// Counts behind the five rates for one unit (or all units) in a period.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct RateCounts {
    pub total: u64,
    /// 人次: each counted case's people (a 联名信 or 集体访 counts every signer or visitor).
    pub people: u64,
    pub accepted_in_time: u64,
    pub accepted_late: u64,
    pub overdue_unaccepted: u64,
    pub replied_in_time: u64,
    pub replied_late: u64,
    pub overdue_unanswered: u64,
    pub evaluation_scope: u64,
    pub evaluated: u64,
    pub satisfied: u64,
    pub repeats: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum RateId {
    TimelyAcceptance,
    OnTimeReply,
    Participation,
    Satisfaction,
    RepeatRate,
}

impl RateId {
    pub fn label(self) -> &'static str {
        match self {
            RateId::TimelyAcceptance => "及时受理率",
            RateId::OnTimeReply => "按期答复率",
            RateId::Participation => "群众参评率",
            RateId::Satisfaction => "满意率",
            RateId::RepeatRate => "重复率",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct RateWeight {
    pub rate: RateId,
    /// Points = rate × this.
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct ScoreProfile {
    pub name: String,
    pub weights: Vec<RateWeight>,
    /// Deducted for each percentage point the repeat rate rises over last year.
    pub repeat_rise_penalty_per_pct: f64,
    pub breach_penalty_city: f64,
    pub breach_penalty_district: f64,
    pub targets: Targets,
    /// Methods whose answered cases are evaluated (其他法定途径 and 退件 are not). Whether a
    /// declined case counts is this list holding 不予受理 (default: it does).
    pub evaluation_scope_methods: Vec<Method>,
    /// 检举控告 cases may be evaluated and recorded; whether they count in 参评率/满意率 is
    /// this setting (default: excluded, 条例 §30 keeps them confidential).
    #[serde(default = "yes")]
    pub exclude_accusations: bool,
    /// A 退件 the sender approved (条例 §23 ¶3) is the other unit's case: off this unit's
    /// five rates, as the platform counts (default). Off = it stays counted as accepted.
    #[serde(default = "yes")]
    pub exclude_returned: bool,
}

fn yes() -> bool {
    true
}

impl ScoreProfile {
    /// The one 参评 scope rule (dashboard, rates, compliance): the case has been answered —
    /// replied, or declined (a 不予受理 is answered by its notice, whether or not 答复 was
    /// recorded) — by a method in scope, and is not an accusation excluded by the setting.
    pub fn in_evaluation_scope(
        &self,
        method: Option<Method>,
        purpose: crate::domain::Purpose,
        replied: bool,
    ) -> bool {
        let Some(m) = method else { return false };
        let answered = replied || m == Method::Decline;
        answered
            && self.evaluation_scope_methods.contains(&m)
            && !(self.exclude_accusations && purpose.is_confidential())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub timely_acceptance: f64,
    pub on_time_reply: f64,
    pub participation: f64,
    pub satisfaction: f64,
    /// N §二 "控制在15%以下": the repeat rate must not exceed this ("以下" includes the
    /// number, 民法典 §1259).
    pub repeat_rate_below: f64,
    /// Units above ("超过", the number itself excluded) this repeat rate are named.
    pub repeat_rate_named_above: f64,
}

impl Default for ScoreProfile {
    /// 永川区 2022 (N §二): 及时受理率 × 5; repeat rise −0.2 per 1%; 通报 city −1, district −0.5.
    fn default() -> Self {
        ScoreProfile {
            name: "永川区 2022 年考核办法".into(),
            weights: vec![RateWeight {
                rate: RateId::TimelyAcceptance,
                points: 5.0,
            }],
            repeat_rise_penalty_per_pct: 0.2,
            breach_penalty_city: 1.0,
            breach_penalty_district: 0.5,
            targets: Targets {
                timely_acceptance: 1.0,
                on_time_reply: 1.0,
                participation: 0.99,
                satisfaction: 0.99,
                repeat_rate_below: 0.15,
                repeat_rate_named_above: 0.25,
            },
            evaluation_scope_methods: vec![
                Method::DirectReply,
                Method::PetitionChannel,
                Method::Decline,
            ],
            exclude_accusations: true,
            exclude_returned: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct Rate {
    pub id: RateId,
    pub label: &'static str,
    pub numerator: u64,
    pub denominator: u64,
    /// None when nothing is in the denominator (shown as "—").
    pub value: Option<f64>,
    pub target: f64,
    pub on_target: Option<bool>,
    pub formula: &'static str,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct ScoreItem {
    pub label: String,
    pub points: f64,
}

/// The five rates of a year: all units together and each unit.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RatesReport {
    pub year: i32,
    pub profile: String,
    /// Counted up to this day (cases overdue by then count against the rates).
    pub as_of: String,
    /// All units together (or the one unit asked for).
    pub overall: UnitRates,
    pub units: Vec<UnitRates>,
}

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct UnitRates {
    pub unit: String,
    pub counts: RateCounts,
    pub rates: Vec<Rate>,
    pub repeat_rate_last_year: Option<f64>,
    /// Percentage points, this year minus last year.
    pub repeat_rate_change_pct: Option<f64>,
    /// Over the "named" threshold (N §二: units over 25% are named).
    pub named_for_repeats: bool,
    pub breaches_city: u64,
    pub breaches_district: u64,
    pub score: f64,
    pub score_items: Vec<ScoreItem>,
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub fn five_rates(c: &RateCounts, t: &Targets) -> Vec<Rate> {
    let rate = |id: RateId, n: u64, d: u64, target: f64, formula: &'static str| {
        let value = ratio(n, d);
        // 民法典 §1259: "以上""以下" include the number — 15.0% meets "15%以下", 99.0% meets
        // "99%以上". The tolerance absorbs binary fractions (3/20 is not exactly 0.15).
        let on_target = value.map(|v| {
            if id == RateId::RepeatRate {
                v <= target + 1e-9
            } else {
                v + 1e-9 >= target
            }
        });
        Rate {
            id,
            label: id.label(),
            numerator: n,
            denominator: d,
            value,
            target,
            on_target,
            formula,
        }
    };
    vec![
        rate(
            RateId::TimelyAcceptance,
            c.accepted_in_time,
            c.accepted_in_time + c.accepted_late + c.overdue_unaccepted,
            t.timely_acceptance,
            "按期受理 ÷（按期受理 + 超期受理 + 超期未受理）",
        ),
        rate(
            RateId::OnTimeReply,
            c.replied_in_time,
            c.replied_in_time + c.replied_late + c.overdue_unanswered,
            t.on_time_reply,
            "按期答复 ÷（按期答复 + 超期答复 + 超期未答复）",
        ),
        rate(
            RateId::Participation,
            c.evaluated,
            c.evaluation_scope,
            t.participation,
            "已评价 ÷ 应参评（已答复或已不予受理、办理方式在计分办法的参评范围内；检举控告件按设置）",
        ),
        rate(
            RateId::Satisfaction,
            c.satisfied,
            c.evaluated,
            t.satisfaction,
            "（满意 + 基本满意）÷ 已评价",
        ),
        rate(
            RateId::RepeatRate,
            c.repeats,
            c.total,
            t.repeat_rate_below,
            "重复信访件 ÷ 全部信访件",
        ),
    ]
}

/// One unit's rates and projected score.
pub fn unit_rates(
    unit: String,
    counts: RateCounts,
    last_year: Option<&RateCounts>,
    breaches: (u64, u64),
    profile: &ScoreProfile,
) -> UnitRates {
    let rates = five_rates(&counts, &profile.targets);
    let repeat_now = ratio(counts.repeats, counts.total);
    let repeat_last = last_year.and_then(|l| ratio(l.repeats, l.total));
    let change = match (repeat_now, repeat_last) {
        (Some(a), Some(b)) => Some(round2((a - b) * 100.0)),
        _ => None,
    };
    let mut items = Vec::new();
    for w in &profile.weights {
        let Some(rate) = rates.iter().find(|r| r.id == w.rate) else {
            continue;
        };
        let (v, note) = match rate.value {
            Some(v) => (v, String::new()),
            None => (1.0, "（本期无此类事项，按满分计）".to_string()),
        };
        items.push(ScoreItem {
            label: format!("{} {:.2}% × {}{note}", rate.label, v * 100.0, w.points),
            points: round2(v * w.points),
        });
    }
    if let Some(rise) = change.filter(|c| *c > 0.0) {
        items.push(ScoreItem {
            label: format!(
                "重复率比上年上升 {rise:.2} 个百分点，每 1% 扣 {}",
                profile.repeat_rise_penalty_per_pct
            ),
            points: -round2(rise * profile.repeat_rise_penalty_per_pct),
        });
    }
    let (city, district) = breaches;
    if city > 0 {
        items.push(ScoreItem {
            label: format!(
                "市级通报不规范件 {city} 件，每件扣 {}",
                profile.breach_penalty_city
            ),
            points: -round2(city as f64 * profile.breach_penalty_city),
        });
    }
    if district > 0 {
        items.push(ScoreItem {
            label: format!(
                "区级通报不规范件 {district} 件，每件扣 {}",
                profile.breach_penalty_district
            ),
            points: -round2(district as f64 * profile.breach_penalty_district),
        });
    }
    let score = round2(items.iter().map(|i| i.points).sum());
    UnitRates {
        unit,
        // N §二 "重复率超过25%的单位": 超过 excludes the number itself.
        named_for_repeats: repeat_now
            .is_some_and(|r| r > profile.targets.repeat_rate_named_above + 1e-9),
        counts,
        rates,
        repeat_rate_last_year: repeat_last,
        repeat_rate_change_pct: change,
        breaches_city: city,
        breaches_district: district,
        score,
        score_items: items,
    }
}

pub fn add_counts(a: &mut RateCounts, b: &RateCounts) {
    a.total += b.total;
    a.people += b.people;
    a.accepted_in_time += b.accepted_in_time;
    a.accepted_late += b.accepted_late;
    a.overdue_unaccepted += b.overdue_unaccepted;
    a.replied_in_time += b.replied_in_time;
    a.replied_late += b.replied_late;
    a.overdue_unanswered += b.overdue_unanswered;
    a.evaluation_scope += b.evaluation_scope;
    a.evaluated += b.evaluated;
    a.satisfied += b.satisfied;
    a.repeats += b.repeats;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> RateCounts {
        RateCounts {
            total: 20,
            people: 26,
            accepted_in_time: 18,
            accepted_late: 1,
            overdue_unaccepted: 1,
            replied_in_time: 10,
            replied_late: 0,
            overdue_unanswered: 0,
            evaluation_scope: 10,
            evaluated: 10,
            satisfied: 9,
            repeats: 6,
        }
    }

    #[test]
    fn timely_acceptance_counts_overdue_unaccepted_in_the_denominator() {
        let r = five_rates(&counts(), &ScoreProfile::default().targets);
        assert_eq!(r[0].value, Some(0.9));
        assert_eq!(r[0].on_target, Some(false));
        assert_eq!(r[1].on_target, Some(true));
        assert_eq!(r[3].value, Some(0.9));
    }

    #[test]
    fn yongchuan_score_deducts_repeat_rise_and_breaches() {
        // N §二: 及时受理率 × 5; repeat rate rise −0.2 per 1%; 通报 市 −1 区 −0.5.
        let mut last = counts();
        last.repeats = 4; // 20% last year, 30% now: +10 points → −2
        let u = unit_rates(
            "永川区某局".into(),
            counts(),
            Some(&last),
            (1, 2),
            &ScoreProfile::default(),
        );
        assert_eq!(u.repeat_rate_change_pct, Some(10.0));
        assert_eq!(u.score, 4.5 - 2.0 - 1.0 - 1.0);
        assert!(u.named_for_repeats, "30% is over the 25% line");
    }

    #[test]
    fn repeat_rate_of_exactly_fifteen_percent_meets_the_target() {
        // N §二 "控制在15%以下", 民法典 §1259: "以下" includes the number. 3/20 = 15.0%.
        let targets = ScoreProfile::default().targets;
        let mut c = counts();
        c.repeats = 3;
        let r = five_rates(&c, &targets);
        assert_eq!(r[4].on_target, Some(true), "15.0% meets 15%以下");
        c.repeats = 4; // 20%
        assert_eq!(five_rates(&c, &targets)[4].on_target, Some(false));
        // "99%以上" includes 99.0%: 99 of 100 evaluated.
        let p = RateCounts {
            evaluation_scope: 100,
            evaluated: 99,
            satisfied: 98,
            ..RateCounts::default()
        };
        let r = five_rates(&p, &targets);
        assert_eq!(r[2].on_target, Some(true), "99.0% meets 99%以上");
        assert_eq!(r[3].on_target, Some(false), "98/99 is below 99%");
    }

    #[test]
    fn exactly_twenty_five_percent_is_not_named() {
        // N §二 "重复率超过25%的单位": 超过 excludes the number; 5/20 = 25.0% is not named.
        let mut c = counts();
        c.repeats = 5;
        let u = unit_rates("某单位".into(), c, None, (0, 0), &ScoreProfile::default());
        assert!(!u.named_for_repeats);
        let mut c = counts();
        c.repeats = 6;
        let u = unit_rates("某单位".into(), c, None, (0, 0), &ScoreProfile::default());
        assert!(u.named_for_repeats);
    }

    #[test]
    fn a_rate_with_no_cases_is_empty_not_zero() {
        let r = five_rates(&RateCounts::default(), &ScoreProfile::default().targets);
        assert!(r.iter().all(|r| r.value.is_none() && r.on_target.is_none()));
    }
}
