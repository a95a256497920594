//! The lock in front of the command surface. The desktop shell and `xinfang serve` hold a
//! [`Gate`], not a bare [`Desk`]: while locked it answers only [`LOCKED_ALLOWED`] and refuses
//! everything else with [`Error::Locked`], so a browser tab is as locked as the window.
//!
//! An encrypted ledger starts sealed (no [`Desk`] until `unlock` unwraps its key); a plain
//! ledger with a lock password starts locked. Every command other than `lock_status` counts
//! as activity; after `idle_minutes` without any, the next call finds the gate locked.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Desk;
use super::dispatch::{args, out};
use crate::error::{Error, ErrorPayload, Result};
use crate::ledger::SettingStore;
use crate::security::convert::{self, Secret};
use crate::security::lock::{self, LockSettings, LockState};
use crate::security::{self, keys};
use crate::time::Time;

/// The commands answered while locked.
pub const LOCKED_ALLOWED: &[&str] = &["lock_status", "unlock", "lock"];

/// The gate's own commands (the desk's are in `COMMANDS`).
pub const GATE_COMMANDS: &[&str] = &[
    "lock_status",
    "unlock",
    "lock",
    "activity",
    "security_password_set",
    "security_password_remove",
    "security_idle_set",
];

pub struct Gate {
    path: PathBuf,
    desk: Option<Desk>,
    state: LockState,
    actor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LockStatus {
    pub locked: bool,
    pub has_password: bool,
    pub encrypted: bool,
    pub idle_minutes: u32,
    /// Seconds until another password may be tried (after repeated failures).
    pub retry_after_seconds: i64,
    pub argon2: String,
}

#[derive(Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(deny_unknown_fields)]
struct Password {
    password: String,
}

impl Gate {
    /// Opens the ledger at `path`: sealed if it is encrypted, locked if it has a password.
    pub fn open(path: &Path, create: bool, now: &Time) -> Result<Self> {
        if security::is_encrypted(path) {
            return Ok(Gate {
                path: path.to_path_buf(),
                desk: None,
                state: LockState::new(true, now),
                actor: None,
            });
        }
        Ok(Self::from_desk(Desk::open(path, create)?, now))
    }

    /// A gate around an open desk (locked at once if the ledger has a password).
    pub fn from_desk(desk: Desk, now: &Time) -> Self {
        let locked = desk.ledger.is_encrypted() || lock_settings(&desk).password_phc.is_some();
        Gate {
            path: desk.ledger.path().to_path_buf(),
            desk: Some(desk),
            state: LockState::new(locked, now),
            actor: None,
        }
    }

    pub fn with_actor(mut self, actor: &str) -> Self {
        if let Some(d) = self.desk.take() {
            self.desk = Some(d.with_actor(actor));
        }
        self.actor = Some(actor.to_string());
        self
    }

    /// The desk behind the gate, for the shell's own loops (reminders); `None` while an
    /// encrypted ledger is still sealed. Not for answering the UI: that goes through
    /// [`Gate::dispatch`].
    pub fn desk_mut(&mut self) -> Option<&mut Desk> {
        self.desk.as_mut()
    }

    pub fn is_locked(&self) -> bool {
        self.state.locked
    }

    fn encrypted(&self) -> bool {
        match &self.desk {
            Some(d) => d.ledger.is_encrypted(),
            None => true,
        }
    }

    fn settings(&self) -> LockSettings {
        self.desk.as_ref().map(lock_settings).unwrap_or_default()
    }

    fn has_password(&self, s: &LockSettings) -> bool {
        self.encrypted() || s.password_phc.is_some()
    }

    pub fn status(&mut self, now: &Time) -> LockStatus {
        let s = self.settings();
        self.state.tick(self.has_password(&s), s.idle_minutes, now);
        LockStatus {
            locked: self.state.locked,
            has_password: self.has_password(&s),
            encrypted: self.encrypted(),
            idle_minutes: s.idle_minutes,
            retry_after_seconds: self
                .state
                .retry_at
                .map(|t| (t - *now).num_seconds().max(0))
                .unwrap_or(0),
            argon2: format!(
                "argon2id m={} KiB t={} p={}",
                keys::ARGON2_M_KIB,
                keys::ARGON2_T,
                keys::ARGON2_P
            ),
        }
    }

    /// JSON in, JSON out, errors as `{code, message}` — what the shells call.
    pub fn dispatch(
        &mut self,
        command: &str,
        a: Value,
        now: &Time,
    ) -> std::result::Result<Value, ErrorPayload> {
        self.run(command, a, now).map_err(|e| e.payload())
    }

    pub fn run(&mut self, command: &str, a: Value, now: &Time) -> Result<Value> {
        let was_locked = self.state.locked;
        let out = self.run_inner(command, a, now);
        if self.state.locked && !was_locked {
            // A decrypted document left open for the viewer goes when the desk locks.
            security::files::clear_viewing_dir(&self.path);
        }
        out
    }

    fn run_inner(&mut self, command: &str, a: Value, now: &Time) -> Result<Value> {
        let s = self.settings();
        self.state.tick(self.has_password(&s), s.idle_minutes, now);
        match command {
            "lock_status" => return out(self.status(now)),
            "unlock" => {
                let p: Password = args(a)?;
                self.unlock(&p.password, now)?;
                return out(self.status(now));
            }
            "lock" => {
                if !self.has_password(&s) {
                    return Err(Error::invalid(
                        "锁定",
                        "尚未设置密码，无法锁定。请先在“设置 → 安全”中设置密码",
                    ));
                }
                self.state.locked = true;
                return out(self.status(now));
            }
            _ => {}
        }
        if self.state.locked {
            return Err(Error::Locked);
        }
        self.state.touch(now);
        match command {
            "activity" => out(self.status(now)),
            "security_password_set" => {
                #[derive(Deserialize, ts_rs::TS)]
                #[ts(optional_fields = nullable)]
                #[serde(deny_unknown_fields)]
                struct A {
                    #[serde(default)]
                    old_password: Option<String>,
                    new_password: String,
                }
                let a: A = args(a)?;
                self.set_password(a.old_password.as_deref(), Some(&a.new_password), now)?;
                out(self.status(now))
            }
            "security_password_remove" => {
                #[derive(Deserialize, ts_rs::TS)]
                #[ts(optional_fields = nullable)]
                #[serde(deny_unknown_fields)]
                struct A {
                    old_password: String,
                }
                let a: A = args(a)?;
                self.set_password(Some(&a.old_password), None, now)?;
                out(self.status(now))
            }
            "security_idle_set" => {
                #[derive(Deserialize, ts_rs::TS)]
                #[ts(optional_fields = nullable)]
                #[serde(deny_unknown_fields)]
                struct A {
                    minutes: u32,
                }
                let a: A = args(a)?;
                if a.minutes > 480 {
                    return Err(Error::invalid(
                        "自动锁定时间",
                        "应为 0（不自动锁定）到 480 分钟",
                    ));
                }
                let mut s = self.settings();
                s.idle_minutes = a.minutes;
                self.save(&s)?;
                out(self.status(now))
            }
            _ => match self.desk.as_mut() {
                Some(desk) => super::dispatch::run(desk, command, a, now),
                None => Err(Error::Locked),
            },
        }
    }

    fn unlock(&mut self, password: &str, now: &Time) -> Result<()> {
        if !self.state.locked {
            return Ok(());
        }
        self.state.check_attempt(now)?;
        let ok = if self.encrypted() {
            match convert::unlock_key(&self.path, password) {
                Ok(key) => {
                    if self.desk.is_none() {
                        let mut desk = Desk::open_encrypted(&self.path, key.clone())?;
                        if let Some(a) = &self.actor {
                            desk = desk.with_actor(a);
                        }
                        // Finish what a killed conversion left (plain copy, unsealed files).
                        let _ = convert::tidy_after_unlock(&self.path, &key);
                        self.desk = Some(desk);
                    }
                    true
                }
                Err(Error::WrongPassword { .. }) => false,
                Err(e) => return Err(e),
            }
        } else {
            match &self.settings().password_phc {
                Some(phc) => lock::verify_password(phc, password),
                None => true,
            }
        };
        if !ok {
            return Err(self.state.failed(now));
        }
        self.state.unlocked(now);
        Ok(())
    }

    /// Sets (`new = Some`) or removes (`None`) the password; the old one is required
    /// whenever one is set.
    fn set_password(&mut self, old: Option<&str>, new: Option<&str>, now: &Time) -> Result<()> {
        self.state.check_attempt(now)?;
        if self.encrypted() {
            let Some(new) = new else {
                return Err(Error::Security(
                    "加密的台账必须有密码。如确需取消密码，请先解除台账加密。".into(),
                ));
            };
            let old = old.unwrap_or("");
            return match convert::change_password(&self.path, &Secret::Password(old), new) {
                Err(Error::WrongPassword { .. }) => Err(self.state.failed(now)),
                other => other,
            };
        }
        let mut s = self.settings();
        if let Some(phc) = &s.password_phc
            && !lock::verify_password(phc, old.unwrap_or(""))
        {
            return Err(self.state.failed(now));
        }
        s.password_phc = new.map(lock::hash_password).transpose()?;
        self.save(&s)
    }

    fn save(&mut self, s: &LockSettings) -> Result<()> {
        let desk = self.desk.as_mut().ok_or(Error::Locked)?;
        let tx = desk.ledger.write()?;
        s.save(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

fn lock_settings(desk: &Desk) -> LockSettings {
    LockSettings::load(desk.ledger.conn()).unwrap_or_default()
}
