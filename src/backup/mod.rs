//! Backups of the ledger (issue #8): a consistent copy of the database through SQLite's
//! online backup API while the ledger stays in use, together with the stored attachments
//! and generated documents beside it, and a manifest of sha256 sums. A backup is written
//! into a hidden temporary folder and renamed into place only when complete, so a crash or
//! a full disk never leaves a half backup that looks like a good one.

mod files;
mod restore;

pub(crate) use restore::held_by_another_program;
pub use restore::{CheckedBackup, RestoreOutcome, check, check_with_key, restore};

use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, io_zh};
use crate::ledger::audit::{self, ChainHead};
use crate::security::DataKey;
use crate::time::{Time, cst, fmt_time, parse_time};

/// The manifest inside every backup folder.
pub const MANIFEST: &str = "manifest.json";
/// The database file inside a backup folder.
pub const DB_NAME: &str = "ledger.db";
/// The wrapped data keys of an encrypted ledger, inside a backup folder.
pub const KEYS_NAME: &str = "ledger.db.keys";
/// Folders beside the ledger that belong to it: stored attachment copies (src/api/attachments.rs),
/// generated documents (src/cli/docs.rs) and the clerk's own templates (src/api/documents.rs).
pub const INCLUDED_DIRS: &[&str] = &["附件", "文书", "templates"];
/// The default backup folder beside the ledger.
pub const DEFAULT_DIR: &str = "backups";
/// A backup older than this many days is a warning on 工作台 and in 设置 (issue #8).
pub const STALE_AFTER_DAYS: i64 = 2;

const PREFIX: &str = "xinfang-";
const TMP_PREFIX: &str = ".tmp-xinfang-";

/// Backup settings (ledger setting `backup_settings`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(default, deny_unknown_fields)]
pub struct BackupSettings {
    /// The backup folder; empty or absent means `<ledger folder>/backups`. May be a USB
    /// drive or a network share.
    pub folder: Option<String>,
    /// Backups older than this are deleted after each new backup (the newest is always kept).
    pub keep_days: u32,
    /// The automatic daily backup (on start and from the reminder loop).
    pub daily: bool,
}

impl crate::domain::Setting for BackupSettings {
    const KEY: &'static str = "backup_settings";
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings {
            folder: None,
            keep_days: 30,
            daily: true,
        }
    }
}

impl BackupSettings {
    pub fn validate(&self) -> Result<()> {
        if !(1..=3650).contains(&self.keep_days) {
            return Err(Error::invalid("备份保留天数", "应为 1 到 3650 天"));
        }
        Ok(())
    }

    /// The folder backups go to for the ledger at `ledger_path`.
    pub fn dir_for(&self, ledger_path: &Path) -> PathBuf {
        match self.folder.as_deref().map(str::trim) {
            Some(f) if !f.is_empty() => PathBuf::from(f),
            _ => ledger_dir(ledger_path).join(DEFAULT_DIR),
        }
    }
}

pub(crate) fn ledger_dir(ledger_path: &Path) -> &Path {
    match ledger_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Every migration is preceded by a backup (issue #8): into the configured backup folder,
/// or the default one beside the ledger if that is not available. Without a backup the
/// ledger is not migrated (and so not opened). Called on the file as opened, before
/// anything is written to it.
pub fn before_migration(opening: &crate::ledger::Opening) -> Result<()> {
    use crate::ledger::SettingStore;
    let (conn, path, key) = (opening.conn(), opening.path(), opening.data_key());
    let settings = BackupSettings::load(conn).unwrap_or_default();
    // Opening a ledger has no injected clock; SQLite's clock only names the backup.
    let now: String = conn.query_row(
        "SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
        [],
        |r| r.get(0),
    )?;
    let now = crate::time::parse_time(&now)?;
    let configured = settings.dir_for(path);
    let fallback = BackupSettings::default().dir_for(path);
    create(conn, path, key, &configured, Reason::BeforeMigration, &now)
        .or_else(|e| {
            if configured == fallback {
                Err(e)
            } else {
                create(conn, path, key, &fallback, Reason::BeforeMigration, &now)
            }
        })
        .map(|_| ())
}

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Daily,
    Manual,
    BeforeMigration,
    BeforeImport,
    BeforeRestore,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::Daily => "每日自动备份",
            Reason::Manual => "手动备份",
            Reason::BeforeMigration => "升级数据版本前",
            Reason::BeforeImport => "导入前",
            Reason::BeforeRestore => "恢复前",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeImport => "before-import",
            Reason::BeforeRestore => "before-restore",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct FileEntry {
    /// Relative to the backup folder, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct Manifest {
    pub format: u32,
    pub created_at: String,
    pub reason: Reason,
    pub app_version: String,
    pub schema_version: i64,
    pub cases: i64,
    pub chain_head: Option<ChainHead>,
    /// Which ledger this is a copy of (its `ledger.id` setting): several ledgers may share
    /// one backup folder (a USB drive, a share), and retention only prunes its own ledger's.
    #[serde(default)]
    pub ledger_id: Option<String>,
    /// The database first, then every copied attachment and document.
    pub files: Vec<FileEntry>,
}

/// A ledger's name for its backups: the hash of its first audit entry (V4 chain), fixed
/// for the ledger's life and different between ledgers; read-only, so a backup never has
/// to wait for a write lock. `None` for a ledger with no history yet.
pub fn ledger_id(conn: &Connection) -> Option<String> {
    conn.query_row(
        "SELECT substr(hash, 1, 32) FROM audit_log ORDER BY id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// One backup in the backup folder, as the list and the UI show it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BackupInfo {
    pub name: String,
    pub path: String,
    pub created_at: String,
    pub reason: Reason,
    pub reason_label: &'static str,
    pub schema_version: i64,
    pub cases: i64,
    pub files: usize,
    pub size_bytes: u64,
    pub ledger_id: Option<String>,
    /// A copy of a different ledger sharing the folder (set by `Desk::backup_list`).
    pub other_ledger: bool,
}

impl BackupInfo {
    fn of(dir: &Path, m: &Manifest) -> Self {
        BackupInfo {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: dir.display().to_string(),
            created_at: m.created_at.clone(),
            reason: m.reason,
            reason_label: m.reason.label(),
            schema_version: m.schema_version,
            cases: m.cases,
            files: m.files.len(),
            size_bytes: m.files.iter().map(|f| f.size).sum(),
            ledger_id: m.ledger_id.clone(),
            other_ledger: false,
        }
    }
}

/// The one place a backup's database connection is opened: the destination of a backup and
/// a backup being checked before a restore. When the ledger is encrypted (SQLCipher, branch
/// `lock`), the key is applied here, right after opening.
pub fn open_backup_db(path: &Path, create: bool) -> rusqlite::Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    Connection::open_with_flags(path, flags)
}

fn failed(dir: &Path, detail: impl Into<String>) -> Error {
    Error::BackupFailed {
        dir: dir.display().to_string(),
        detail: detail.into(),
    }
}

/// Takes one backup of the open ledger `src` (at `ledger_path`) into `dest_root`.
pub fn create(
    src: &Connection,
    ledger_path: &Path,
    key: Option<&DataKey>,
    dest_root: &Path,
    reason: Reason,
    now: &Time,
) -> Result<BackupInfo> {
    std::fs::create_dir_all(dest_root).map_err(|e| failed(dest_root, io_zh(&e)))?;
    let stamp = now
        .with_timezone(&cst())
        .format("%Y%m%d-%H%M%S")
        .to_string();
    let base = format!("{PREFIX}{stamp}-{}", reason.slug());
    let mut name = base.clone();
    let mut n = 1;
    while dest_root.join(&name).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    let tmp = dest_root.join(format!(".tmp-{name}"));
    let result = write_backup(src, ledger_path, key, &tmp, reason, now).and_then(|manifest| {
        let fin = dest_root.join(&name);
        std::fs::rename(&tmp, &fin).map_err(|e| failed(dest_root, io_zh(&e)))?;
        files::sync_dir(dest_root);
        Ok(BackupInfo::of(&fin, &manifest))
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn write_backup(
    src: &Connection,
    ledger_path: &Path,
    key: Option<&DataKey>,
    tmp: &Path,
    reason: Reason,
    now: &Time,
) -> Result<Manifest> {
    std::fs::create_dir(tmp).map_err(|e| failed(tmp, io_zh(&e)))?;
    let db_path = tmp.join(DB_NAME);
    let (schema_version, cases, chain_head) =
        copy_db(src, &db_path, key).map_err(|e| failed(tmp, e))?;
    let mut entries = vec![files::entry_for(&db_path, DB_NAME).map_err(|e| failed(tmp, e))?];
    // An encrypted ledger's copy is encrypted with the same data key; its wrapped keys go
    // along, so the backup opens with the same password or recovery key.
    if key.is_some() {
        let keys = crate::security::keys::key_file_path(ledger_path);
        let to = tmp.join(KEYS_NAME);
        files::copy_file(&keys, &to).map_err(|e| failed(tmp, e))?;
        entries.push(files::entry_for(&to, KEYS_NAME).map_err(|e| failed(tmp, e))?);
    }
    let root = ledger_dir(ledger_path);
    for dir in INCLUDED_DIRS {
        let from = root.join(dir);
        if from.is_dir() {
            files::copy_tree(&from, tmp, dir, &mut entries).map_err(|e| failed(tmp, e))?;
        }
    }
    let manifest = Manifest {
        format: 1,
        created_at: fmt_time(now),
        reason,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version,
        cases,
        chain_head,
        ledger_id: ledger_id(src),
        files: entries,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| failed(tmp, e.to_string()))?;
    files::write_synced(&tmp.join(MANIFEST), text.as_bytes()).map_err(|e| failed(tmp, e))?;
    files::sync_dir(tmp);
    Ok(manifest)
}

/// Copies the database in one backup step: one read transaction over a consistent snapshot.
/// In WAL mode other connections keep writing meanwhile; their commits are simply not in
/// this copy. The copy is switched to a rollback journal so it is one self-contained file.
fn copy_db(
    src: &Connection,
    to: &Path,
    key: Option<&DataKey>,
) -> std::result::Result<(i64, i64, Option<ChainHead>), String> {
    let mut dst = open_backup_db(to, true).map_err(|e| e.to_string())?;
    if let Some(k) = key {
        crate::security::key_connection(&dst, k).map_err(|e| e.to_string())?;
    }
    {
        let backup = Backup::new(src, &mut dst).map_err(|e| e.to_string())?;
        let mut busy_tries = 0;
        loop {
            match backup.step(-1).map_err(|e| db_detail(&e))? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked => {
                    busy_tries += 1;
                    if busy_tries > 200 {
                        return Err("台账一直被占用，无法读取".into());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => {}
            }
        }
    }
    let mode: String = dst
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(|e| db_detail(&e))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err("无法把备份转为单个文件".into());
    }
    let version: i64 = dst
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| db_detail(&e))?;
    let cases = count_cases(&dst);
    let head = if version >= 4 {
        audit::chain_head(&dst).ok().flatten()
    } else {
        None
    };
    dst.close().map_err(|(_, e)| db_detail(&e))?;
    files::sync_file(to)?;
    Ok((version, cases, head))
}

fn count_cases(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .unwrap_or(0)
}

fn db_detail(e: &rusqlite::Error) -> String {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => "磁盘已满".into(),
        Some(ErrorCode::ReadOnly) => "位置只读".into(),
        Some(ErrorCode::CannotOpen) => "无法在该位置创建文件".into(),
        Some(ErrorCode::PermissionDenied) => "没有权限".into(),
        _ => e.to_string(),
    }
}

/// The backups in `dir`, newest first. Folders without a readable manifest (another
/// program's files, a half-written temporary folder) are not listed.
pub fn list(dir: &Path) -> Result<Vec<BackupInfo>> {
    let read = match std::fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::Io {
                path: dir.display().to_string(),
                detail: io_zh(&e),
            });
        }
    };
    let mut out: Vec<(Time, BackupInfo)> = read
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(PREFIX))
        .filter_map(|e| {
            let m = read_manifest(&e.path()).ok()?;
            let at = parse_time(&m.created_at).ok()?;
            Some((at, BackupInfo::of(&e.path(), &m)))
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.name.cmp(&a.1.name)));
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

pub fn read_manifest(dir: &Path) -> std::result::Result<Manifest, String> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).map_err(|e| io_zh(&e))?;
    serde_json::from_str(&text).map_err(|e| format!("备份清单 {MANIFEST} 无法解析（{e}）"))
}

/// When an interrupted backup began: the stamp in its folder name, written from the same
/// (possibly injected) clock as `now`; the folder's mtime only when the name has none.
fn tmp_started(stamp: &str, entry: &std::fs::DirEntry) -> Option<Time> {
    let from_name = stamp
        .get(..15)
        .and_then(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y%m%d-%H%M%S").ok())
        .and_then(|n| n.and_local_timezone(cst()).single());
    from_name.or_else(|| {
        let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
        Some(chrono::DateTime::<chrono::Utc>::from(modified).with_timezone(&cst()))
    })
}

/// Deletes our backups older than `keep_days` (by the time in their manifest) and
/// temporary folders left by an interrupted backup more than a day ago. The newest backup
/// is always kept, and nothing without our name and manifest is touched.
pub fn prune(dir: &Path, keep_days: u32, ledger: &str, now: &Time) -> Result<Vec<String>> {
    let cutoff = *now - chrono::Duration::days(i64::from(keep_days));
    let mut removed = Vec::new();
    let own = list(dir)?
        .into_iter()
        .filter(|b| b.ledger_id.as_deref() == Some(ledger));
    for b in own.skip(1) {
        let old = parse_time(&b.created_at)
            .map(|t| t < cutoff)
            .unwrap_or(false);
        if old && std::fs::remove_dir_all(&b.path).is_ok() {
            removed.push(b.name);
        }
    }
    let day_ago = *now - chrono::Duration::days(1);
    if let Ok(read) = std::fs::read_dir(dir) {
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stamp) = name.strip_prefix(TMP_PREFIX) else {
                continue;
            };
            if tmp_started(stamp, &e).is_some_and(|t| t < day_ago)
                && std::fs::remove_dir_all(e.path()).is_ok()
            {
                removed.push(name);
            }
        }
    }
    Ok(removed)
}
