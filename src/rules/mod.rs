//! The rules: deadlines, the compliance check and the five rates. Pure functions of a
//! case, the calendar, the settings and an injected `now`.

pub mod actions;
pub mod compliance;
pub mod deadlines;
pub mod rates;
pub mod repeats;
pub mod status;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::DocKind;

/// What a unit's cases are to this ledger when it comes to 复查/复核 (条例 §35, §36).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum ReviewRole {
    /// The unit's own ledger: the next-higher body decides 复查/复核; its dates are tracked,
    /// never counted as this unit's overdue work.
    #[default]
    OwnCases,
    /// This ledger decides 复查/复核 of the unit's cases (a district office over a town).
    ReviewingBody,
}

/// The rule settings a unit may change; each falls back to domain.md's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct RuleSettings {
    pub deadline_rules: Vec<deadlines::DeadlineRule>,
    /// A deadline is "due soon" this many days before its last day.
    pub due_soon_days: i64,
    pub score_profile: rates::ScoreProfile,
    /// N §三.三: the documents that need 分管 → 主要 sign-off before delivery. Default 处理意见书
    /// and 答复意见书 only; a stricter unit adds others.
    #[serde(default = "default_signoff_scope")]
    pub signoff_scope: Vec<DocKind>,
    /// 条例 §35–36: per unit (by name), whether this ledger is the reviewing body.
    #[serde(default)]
    pub review_roles: BTreeMap<String, ReviewRole>,
    /// N §二: days the petitioner has to evaluate once the answer reached them, as the
    /// province's platform sets it (the notice names no length). None: no window is shown.
    #[serde(default)]
    pub evaluation_window_days: Option<u32>,
}

fn default_signoff_scope() -> Vec<DocKind> {
    DocKind::SIGNOFF_DEFAULT.to_vec()
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            deadline_rules: deadlines::default_rules(),
            due_soon_days: 1,
            score_profile: rates::ScoreProfile::default(),
            signoff_scope: default_signoff_scope(),
            review_roles: BTreeMap::new(),
            evaluation_window_days: None,
        }
    }
}

/// The settings rows the rule settings are stored under, one per part.
pub const KEY_DEADLINE_RULES: &str = "deadline_rules";
pub const KEY_DUE_SOON_DAYS: &str = "due_soon_days";
pub const KEY_SCORE_PROFILE: &str = "score_profile";
pub const KEY_SIGNOFF_SCOPE: &str = "signoff_scope";
pub const KEY_REVIEW_ROLES: &str = "review_roles";
pub const KEY_EVALUATION_WINDOW: &str = "evaluation_window_days";

impl RuleSettings {
    /// N §三.三: whether `kind` needs both leaders' sign-off before delivery.
    pub fn needs_signoff(&self, kind: DocKind) -> bool {
        kind.can_be_signed_off() && self.signoff_scope.contains(&kind)
    }

    pub fn review_role(&self, unit: &str) -> ReviewRole {
        self.review_roles
            .get(unit.trim())
            .copied()
            .unwrap_or_default()
    }
}
