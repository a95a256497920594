//! The clerk at this desk (issue #21 §17): her name, which the audit log records as who made
//! each change instead of "经办人" or the login name, and the unit's 机关代字, which
//! 分配文号 uses without asking every time. Set in the first-run wizard and in 设置.

use serde::{Deserialize, Serialize};

use super::Desk;
use crate::documents::register;
use crate::error::{Error, Result};
use crate::ledger::SettingStore;
use crate::time::Time;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct ClerkProfile {
    /// 经办人姓名: the audit's actor for changes made at this desk.
    #[serde(default)]
    pub clerk_name: Option<String>,
    /// 机关代字 (e.g. 永住建信): the prefix of the unit's 文号.
    #[serde(default)]
    pub agency_code: Option<String>,
}

impl crate::domain::Setting for ClerkProfile {
    const KEY: &'static str = "clerk_profile";
}

/// A name the audit log can carry: trimmed, one line, at most 32 characters.
fn check_name(name: &str) -> Result<String> {
    let n = name.trim();
    if n.chars().count() > 32 || n.chars().any(char::is_control) {
        return Err(Error::invalid("经办人姓名", "不超过 32 个字，不含换行"));
    }
    Ok(n.to_string())
}

impl ClerkProfile {
    fn tidy(self) -> Result<Self> {
        let name = self.clerk_name.as_deref().map(check_name).transpose()?;
        let code = self
            .agency_code
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(register::check_prefix)
            .transpose()?;
        Ok(ClerkProfile {
            clerk_name: name.filter(|n| !n.is_empty()),
            agency_code: code,
        })
    }
}

impl Desk {
    pub fn clerk_profile(&self) -> Result<ClerkProfile> {
        ClerkProfile::load(self.ledger.conn())
    }

    /// Stores the profile (audited); the new name is the actor of the changes that follow.
    pub fn set_clerk_profile(&mut self, p: ClerkProfile, now: &Time) -> Result<ClerkProfile> {
        let p = p.tidy()?;
        self.save_setting(&p, now)?;
        self.reload_config()?;
        Ok(p)
    }

    /// The stored 机关代字, or what to do when there is none.
    pub(crate) fn agency_code(&self) -> Result<String> {
        self.clerk_profile()?.agency_code.ok_or_else(|| {
            Error::MissingField(
                "机关代字（在“设置 → 单位与领导”中填写一次，以后分配文号不再询问）".into(),
            )
        })
    }
}

pub mod requests {
    use serde::Deserialize;
    use ts_rs::TS;

    use super::ClerkProfile;
    use crate::api::{Command, Desk};
    use crate::error::Result;
    use crate::time::Time;

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct ClerkProfileGetArgs {}
    impl Command for ClerkProfileGetArgs {
        const NAME: &'static str = "clerk_profile_get";
        type Response = ClerkProfile;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ClerkProfile> {
            let _ = now;
            desk.clerk_profile()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct ClerkProfileSetArgs(pub ClerkProfile);
    impl Command for ClerkProfileSetArgs {
        const NAME: &'static str = "clerk_profile_set";
        type Response = ClerkProfile;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ClerkProfile> {
            desk.set_clerk_profile(self.0, now)
        }
    }
}
