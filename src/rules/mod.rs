//! The rules: deadlines, the compliance check and the five rates. Pure functions of a
//! case, the calendar, the settings and an injected `now`.

pub mod compliance;
pub mod deadlines;
pub mod rates;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ledger::get_setting;

/// The rule settings a unit may change; each falls back to domain.md's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSettings {
    pub deadline_rules: Vec<deadlines::DeadlineRule>,
    /// A deadline is "due soon" this many days before its last day.
    pub due_soon_days: i64,
    pub score_profile: rates::ScoreProfile,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            deadline_rules: deadlines::default_rules(),
            due_soon_days: 1,
            score_profile: rates::ScoreProfile::default(),
        }
    }
}

pub const KEY_DEADLINE_RULES: &str = "deadline_rules";
pub const KEY_DUE_SOON_DAYS: &str = "due_soon_days";
pub const KEY_SCORE_PROFILE: &str = "score_profile";

impl RuleSettings {
    pub fn load(conn: &Connection) -> Result<Self> {
        let d = RuleSettings::default();
        Ok(RuleSettings {
            deadline_rules: get_setting(conn, KEY_DEADLINE_RULES)?.unwrap_or(d.deadline_rules),
            due_soon_days: get_setting(conn, KEY_DUE_SOON_DAYS)?.unwrap_or(d.due_soon_days),
            score_profile: get_setting(conn, KEY_SCORE_PROFILE)?.unwrap_or(d.score_profile),
        })
    }
}
