//! The app lock: an optional password (argon2id PHC string in the `security` setting, or
//! the key file of an encrypted ledger), auto-lock after idle minutes, and a growing wait
//! after repeated wrong passwords. Pure: `now` is passed in by the shells.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use super::keys::{ARGON2_M_KIB, ARGON2_P, ARGON2_T};
use crate::error::{Error, Result};
use crate::time::Time;

pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// Wrong passwords allowed before the first wait.
const FREE_TRIES: u32 = 3;
const MAX_WAIT_SECS: i64 = 300;
pub const MIN_PASSWORD_CHARS: usize = 6;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct LockSettings {
    /// `$argon2id$v=19$m=…` of the lock password of a plain ledger; `None` = no lock.
    /// An encrypted ledger's password lives in its key file instead.
    #[serde(default)]
    pub password_phc: Option<String>,
    /// Lock after this many minutes without activity; 0 = never.
    #[serde(default = "default_idle")]
    pub idle_minutes: u32,
}

fn default_idle() -> u32 {
    DEFAULT_IDLE_MINUTES
}

impl crate::domain::Setting for LockSettings {
    const KEY: &'static str = "security";
}

impl Default for LockSettings {
    fn default() -> Self {
        LockSettings {
            password_phc: None,
            idle_minutes: DEFAULT_IDLE_MINUTES,
        }
    }
}

fn hasher() -> Result<Argon2<'static>> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None)
        .map_err(|e| Error::Security(format!("argon2 参数无效（{e}）")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A new PHC string for `password` (random salt).
pub fn hash_password(password: &str) -> Result<String> {
    check_new_password(password)?;
    let salt = super::random_bytes::<16>()?;
    hasher()?
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Security(format!("无法计算密码摘要（{e}）")))
}

/// Whether `password` matches the PHC string (its own parameters are used).
pub fn verify_password(phc: &str, password: &str) -> bool {
    hasher()
        .map(|h| h.verify_password(password.as_bytes(), phc).is_ok())
        .unwrap_or(false)
}

pub fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::invalid(
            "密码",
            format!("至少 {MIN_PASSWORD_CHARS} 个字符"),
        ));
    }
    if password.chars().count() > 256 {
        return Err(Error::invalid("密码", "最多 256 个字符"));
    }
    Ok(())
}

/// Lock state of one running front end (desktop window or `xinfang serve`).
#[derive(Debug, Clone)]
pub struct LockState {
    pub locked: bool,
    pub last_activity: Time,
    pub failures: u32,
    pub retry_at: Option<Time>,
}

impl LockState {
    pub fn new(locked: bool, now: &Time) -> Self {
        LockState {
            locked,
            last_activity: *now,
            failures: 0,
            retry_at: None,
        }
    }

    /// Locks if `idle_minutes` (> 0) have passed since the last activity.
    pub fn tick(&mut self, has_password: bool, idle_minutes: u32, now: &Time) {
        if has_password
            && !self.locked
            && idle_minutes > 0
            && (*now - self.last_activity).num_seconds() >= i64::from(idle_minutes) * 60
        {
            self.locked = true;
        }
    }

    pub fn touch(&mut self, now: &Time) {
        if *now > self.last_activity {
            self.last_activity = *now;
        }
    }

    /// Refuses an attempt while the wait after repeated failures runs.
    pub fn check_attempt(&self, now: &Time) -> Result<()> {
        if let Some(at) = self.retry_at {
            let left = (at - *now).num_seconds();
            if left > 0 {
                return Err(Error::RetryLater {
                    failures: self.failures,
                    seconds: left,
                });
            }
        }
        Ok(())
    }

    /// Records a wrong password: after 3 free tries, waits of 5, 10, 20 … up to 300 s.
    pub fn failed(&mut self, now: &Time) -> Error {
        self.failures += 1;
        if self.failures >= FREE_TRIES {
            let exp = (self.failures - FREE_TRIES).min(8);
            let secs = (5i64 << exp).min(MAX_WAIT_SECS);
            self.retry_at = Some(*now + chrono::Duration::seconds(secs));
            Error::WrongPassword {
                hint: format!("已连续输错 {} 次，请 {secs} 秒后再试。", self.failures),
            }
        } else {
            Error::WrongPassword {
                hint: format!(
                    "还可以再试 {} 次，之后需要等待。",
                    FREE_TRIES - self.failures
                ),
            }
        }
    }

    pub fn unlocked(&mut self, now: &Time) {
        self.locked = false;
        self.failures = 0;
        self.retry_at = None;
        self.last_activity = *now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_time;

    #[test]
    fn idle_minutes_lock_only_with_a_password() {
        let t0 = parse_time("2026-10-08 09:00").unwrap();
        let later = parse_time("2026-10-08 09:10").unwrap();
        let mut s = LockState::new(false, &t0);
        s.tick(false, 10, &later);
        assert!(!s.locked);
        s.tick(true, 0, &later);
        assert!(!s.locked);
        s.tick(true, 10, &parse_time("2026-10-08 09:09").unwrap());
        assert!(!s.locked);
        s.tick(true, 10, &later);
        assert!(s.locked);
    }

    #[test]
    fn repeated_failures_wait_longer() {
        let t0 = parse_time("2026-10-08 09:00").unwrap();
        let mut s = LockState::new(true, &t0);
        s.failed(&t0);
        s.failed(&t0);
        assert!(s.check_attempt(&t0).is_ok());
        s.failed(&t0);
        assert!(matches!(
            s.check_attempt(&t0),
            Err(Error::RetryLater { seconds: 5, .. })
        ));
        let t6 = t0 + chrono::Duration::seconds(6);
        assert!(s.check_attempt(&t6).is_ok());
        s.failed(&t6);
        assert!(matches!(
            s.check_attempt(&t6),
            Err(Error::RetryLater { seconds: 10, .. })
        ));
    }
}
