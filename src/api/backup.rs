//! Backups, restore and the audit chain check on the command surface (issue #8).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Desk;
use crate::backup::{self, BackupInfo, BackupSettings, Reason, RestoreOutcome, STALE_AFTER_DAYS};
use crate::domain::Setting;
use crate::error::{Error, Result, io_zh};
use crate::ledger::audit::{self, ChainReport};
use crate::ledger::{Ledger, SettingStore};
use crate::time::{Time, china_date, fmt_time, parse_time};

/// Machine state, not a setting the clerk makes: when the last backup succeeded or failed.
/// Written without an audit entry, like the reminder loop's state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
struct BackupState {
    last_success_at: Option<String>,
    last_success_path: Option<String>,
    last_failure_at: Option<String>,
    last_failure: Option<String>,
}

/// What 设置 → 备份 and the 工作台 banner show.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BackupStatus {
    pub folder: String,
    pub keep_days: u32,
    pub daily: bool,
    pub last_success_at: Option<String>,
    pub last_success_path: Option<String>,
    pub last_failure_at: Option<String>,
    pub last_failure: Option<String>,
    /// No successful backup, or the last one is older than 2 days (issue #8).
    pub stale: bool,
    pub warning: Option<String>,
}

impl Setting for BackupState {
    const KEY: &'static str = "backup_state";
}

/// A failed automatic backup is retried at most this often, not on every 15-second tick.
const RETRY_AFTER_MINUTES: i64 = 60;

impl Desk {
    pub fn backup_settings(&self) -> Result<BackupSettings> {
        BackupSettings::load(self.ledger.conn())
    }

    /// Stores the backup settings; a folder that cannot be created or written is refused
    /// now rather than discovered at the next backup.
    pub fn set_backup_settings(&mut self, s: BackupSettings, now: &Time) -> Result<BackupSettings> {
        s.validate()?;
        probe_writable(&s.dir_for(self.ledger.path()))?;
        self.save_setting(&s, now)?;
        Ok(s)
    }

    pub fn backup_dir(&self) -> Result<PathBuf> {
        Ok(self.backup_settings()?.dir_for(self.ledger.path()))
    }

    /// Takes a backup now, into `to` or the configured folder; after a backup into the
    /// configured folder, backups past the retention are deleted.
    pub fn backup_now(
        &mut self,
        reason: Reason,
        to: Option<&Path>,
        now: &Time,
    ) -> Result<BackupInfo> {
        let s = self.backup_settings()?;
        let dir = to.map_or_else(|| s.dir_for(self.ledger.path()), Path::to_path_buf);
        let ledger_id = backup::ledger_id(self.ledger.conn());
        let key = self.ledger.data_key().cloned();
        let result = backup::create(
            self.ledger.conn(),
            self.ledger.path(),
            key.as_ref(),
            &dir,
            reason,
            now,
        );
        let mut state = self.backup_state();
        match &result {
            Ok(info) => {
                state.last_success_at = Some(fmt_time(now));
                state.last_success_path = Some(info.path.clone());
            }
            Err(e) => {
                state.last_failure_at = Some(fmt_time(now));
                state.last_failure = Some(e.to_string());
            }
        }
        // The backup's own outcome matters more than recording it.
        let _ = self.put_backup_state(&state);
        let info = result?;
        if to.is_none() {
            // The backup is made; a folder that cannot be tidied must not turn it into a failure.
            if let Some(id) = &ledger_id {
                let _ = backup::prune(&dir, s.keep_days, id, now);
            }
        }
        Ok(info)
    }

    /// The automatic daily backup: taken when there is none yet today (China time), called
    /// by the desktop shell at start and from its reminder loop, and by `xinfang serve`.
    pub fn backup_if_due(&mut self, now: &Time) -> Result<Option<BackupInfo>> {
        if !self.backup_settings()?.daily {
            return Ok(None);
        }
        let state = self.backup_state();
        let time = |s: &Option<String>| s.as_deref().and_then(|t| parse_time(t).ok());
        let (ok, failed) = (time(&state.last_success_at), time(&state.last_failure_at));
        if ok.is_some_and(|t| china_date(&t) >= china_date(now)) {
            return Ok(None);
        }
        let recent_failure = failed.is_some_and(|f| {
            ok.is_none_or(|o| f > o) && *now - f < chrono::Duration::minutes(RETRY_AFTER_MINUTES)
        });
        if recent_failure {
            return Ok(None);
        }
        self.backup_now(Reason::Daily, None, now).map(Some)
    }

    /// The backups in the configured folder, newest first; copies of another ledger that
    /// shares the folder are marked, so the clerk does not restore the wrong ledger.
    pub fn backup_list(&self) -> Result<Vec<BackupInfo>> {
        let ours = backup::ledger_id(self.ledger.conn());
        let mut list = backup::list(&self.backup_dir()?)?;
        for b in &mut list {
            b.other_ledger = matches!((&ours, &b.ledger_id), (Some(a), Some(b)) if a != b);
        }
        Ok(list)
    }

    pub fn backup_status(&self, now: &Time) -> Result<BackupStatus> {
        let s = self.backup_settings()?;
        let state = self.backup_state();
        let last = state
            .last_success_at
            .as_deref()
            .and_then(|t| parse_time(t).ok());
        let stale = last.is_none_or(|t| *now - t > chrono::Duration::days(STALE_AFTER_DAYS));
        let warning = match (&state.last_success_at, stale) {
            (None, _) => Some("台账还没有备份过。请点“立即备份”，并确认备份文件夹可用。".into()),
            (Some(at), true) => Some(format!(
                "已超过 {STALE_AFTER_DAYS} 天没有成功备份台账（上次：{}）。请点“立即备份”，并确认备份文件夹（如 U 盘）可用。",
                at.get(..16).unwrap_or(at).replace('T', " ")
            )),
            _ => None,
        };
        Ok(BackupStatus {
            folder: s.dir_for(self.ledger.path()).display().to_string(),
            keep_days: s.keep_days,
            daily: s.daily,
            last_success_at: state.last_success_at,
            last_success_path: state.last_success_path,
            last_failure_at: state.last_failure_at,
            last_failure: state.last_failure,
            stale,
            warning,
        })
    }

    /// Restores a backup over this desk's ledger: the backup is checked, the current ledger
    /// kept as a backup, the files swapped, and the ledger reopened. The restore is written
    /// to the restored ledger's audit log.
    pub fn restore_backup(&mut self, source: &Path, now: &Time) -> Result<RestoreOutcome> {
        let path = self.ledger.path().to_path_buf();
        let keep_root = self.backup_dir()?;
        let key = self.ledger.data_key().cloned();
        let old = std::mem::replace(&mut self.ledger, Ledger::in_memory()?);
        old.close()?;
        let outcome = backup::restore(&path, source, &keep_root, key.as_ref(), now);
        // Reopen whatever is now under the ledger's name: the restored copy, or the untouched
        // current ledger when the restore was refused. An encrypted backup of this ledger
        // has the same data key (a password change only rewraps it).
        self.ledger = match key {
            Some(k) if !crate::security::is_plain_sqlite(&path) => {
                super::migrate(Ledger::open_encrypted(&path, k)?)?
            }
            _ => super::migrate(Ledger::open_existing(&path)?)?,
        };
        self.reload_config()?;
        let outcome = outcome?;
        let tx = self.ledger.write()?;
        audit::record(
            &tx,
            &audit::Change {
                actor: &self.actor,
                at: now,
                entity: "ledger",
                entity_id: "backup",
                action: "restore",
            },
            None,
            serde_json::to_value(&outcome.restored).ok().as_ref(),
        )?;
        let state = BackupState {
            last_success_at: Some(fmt_time(now)),
            last_success_path: Some(outcome.kept.path.clone()),
            ..Default::default()
        };
        state.save(&tx)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Checks a backup without restoring it; an encrypted backup of this ledger is read
    /// with the open ledger's data key.
    pub fn backup_check(&self, source: &Path) -> Result<backup::CheckedBackup> {
        backup::check_with_key(source, self.ledger.data_key())
    }

    /// `xinfang audit verify`: recomputes the hash chain of the audit log.
    pub fn audit_verify(&self) -> Result<ChainReport> {
        audit::verify(self.ledger.conn())
    }

    fn backup_state(&self) -> BackupState {
        BackupState::load(self.ledger.conn()).unwrap_or_default()
    }

    fn put_backup_state(&mut self, state: &BackupState) -> Result<()> {
        let tx = self.ledger.write()?;
        state.save(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// Creates the folder if needed and writes and removes a probe file in it.
fn probe_writable(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| Error::BackupFailed {
        dir: dir.display().to_string(),
        detail: format!("该文件夹无法使用（{}）", io_zh(&e)),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".xinfang-probe");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    Ok(())
}

// The contract's requests for the methods above (contract.rs; listed in dispatch.rs).
pub mod requests {
    use serde::{Deserialize, Serialize};
    use ts_rs::TS;

    use super::BackupStatus;
    use crate::api::Desk;
    #[allow(unused_imports)]
    use crate::api::contract::{Command, DONE, Done, by_case_no};
    use crate::backup::{BackupInfo, BackupSettings, CheckedBackup, Reason, RestoreOutcome};
    use crate::error::Result;
    use crate::ledger::audit::ChainReport;
    use crate::time::Time;
    use std::path::PathBuf;

    /// The backup just made and the state of backups after it.
    #[derive(Serialize, TS)]
    pub struct BackupMade {
        pub backup: BackupInfo,
        pub status: BackupStatus,
    }

    /// 立即备份（可指定位置，如 U 盘）。
    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    #[ts(optional_fields = nullable)]
    pub struct BackupNowArgs {
        #[serde(default)]
        pub to: Option<PathBuf>,
    }
    impl Command for BackupNowArgs {
        const NAME: &'static str = "backup_now";
        type Response = BackupMade;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<BackupMade> {
            let _ = now;
            let backup = desk.backup_now(Reason::Manual, self.to.as_deref(), now)?;
            Ok(BackupMade {
                backup,
                status: desk.backup_status(now)?,
            })
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct BackupListArgs {}
    impl Command for BackupListArgs {
        const NAME: &'static str = "backup_list";
        type Response = Vec<BackupInfo>;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<Vec<BackupInfo>> {
            let _ = now;
            desk.backup_list()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct BackupStatusArgs {}
    impl Command for BackupStatusArgs {
        const NAME: &'static str = "backup_status";
        type Response = BackupStatus;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<BackupStatus> {
            let _ = now;
            desk.backup_status(now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct BackupCheckArgs {
        pub path: PathBuf,
    }
    impl Command for BackupCheckArgs {
        const NAME: &'static str = "backup_check";
        type Response = CheckedBackup;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<CheckedBackup> {
            let _ = now;
            desk.backup_check(&self.path)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct BackupRestoreArgs {
        pub path: PathBuf,
    }
    impl Command for BackupRestoreArgs {
        const NAME: &'static str = "backup_restore";
        type Response = RestoreOutcome;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<RestoreOutcome> {
            let _ = now;
            desk.restore_backup(&self.path, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct BackupSettingsGetArgs {}
    impl Command for BackupSettingsGetArgs {
        const NAME: &'static str = "backup_settings_get";
        type Response = BackupSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<BackupSettings> {
            let _ = now;
            desk.backup_settings()
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(transparent)]
    pub struct BackupSettingsSetArgs(pub BackupSettings);
    impl Command for BackupSettingsSetArgs {
        const NAME: &'static str = "backup_settings_set";
        type Response = BackupSettings;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<BackupSettings> {
            desk.set_backup_settings(self.0, now)
        }
    }

    #[derive(Deserialize, TS)]
    #[serde(deny_unknown_fields)]
    pub struct AuditVerifyArgs {}
    impl Command for AuditVerifyArgs {
        const NAME: &'static str = "audit_verify";
        type Response = ChainReport;
        fn run(self, desk: &mut Desk, now: &Time) -> Result<ChainReport> {
            let _ = now;
            desk.audit_verify()
        }
    }
}
