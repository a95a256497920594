//! The ledger (台账): one SQLite file (WAL, foreign keys, synchronous=FULL) that holds
//! every case, setting and audit entry. Opening checks that the file is ours and not
//! newer than this binary, then migrates it.

pub mod audit;
pub mod cases;
pub mod query;
pub mod schema;

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::security::{self, DataKey};

/// How long a write waits for another process's transaction before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

fn is_busy_text(detail: &str) -> bool {
    detail.contains("database is locked") || detail.contains("database is busy")
}

pub struct Ledger {
    conn: Connection,
    path: PathBuf,
    /// The data key of an encrypted ledger (SQLCipher); `None` for a plain one.
    key: Option<DataKey>,
}

/// Where the ledger lives unless `--db` or `XINFANG_DB` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "xinfang", "xinfang-desk")
        .map(|d| d.data_dir().join("ledger.db"))
}

impl Ledger {
    /// Opens the ledger, creating the file (and its folder) if it does not exist.
    pub fn open_or_create(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| not_writable(dir, &crate::error::io_zh(&e)))?;
        }
        Self::open_retrying(path, true, None)
    }

    /// Opens an existing ledger; a missing file is an error (a mistyped path must not
    /// silently start an empty ledger).
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Io {
                path: path.display().to_string(),
                detail: "台账文件不存在".into(),
            });
        }
        Self::open_retrying(path, false, None)
    }

    /// Opening races another process that is creating or migrating the same file (the CLI
    /// and the app started together): switching to WAL and the first reads can meet
    /// SQLITE_BUSY outside any busy handler. Those are retried for up to the busy timeout.
    fn open_retrying(path: &Path, create: bool, key: Option<DataKey>) -> Result<Self> {
        let started = std::time::Instant::now();
        loop {
            match Self::open_inner(path, create, key.clone()) {
                Err(Error::Db(detail))
                    if is_busy_text(&detail) && started.elapsed() < BUSY_TIMEOUT =>
                {
                    tracing::info!("台账正被另一进程占用，稍后重试打开");
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    /// Opens an existing encrypted ledger with its data key (from
    /// [`security::KeyFile`]). A wrong key is refused before anything is written.
    pub fn open_encrypted(path: &Path, key: DataKey) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Io {
                path: path.display().to_string(),
                detail: "台账文件不存在".into(),
            });
        }
        Self::open_retrying(path, false, Some(key))
    }

    fn open_inner(path: &Path, create: bool, key: Option<DataKey>) -> Result<Self> {
        match &key {
            None => check_header(path)?,
            Some(_) if security::is_plain_sqlite(path) => {
                return Err(Error::Security(format!(
                    "“{}”是未加密的台账，不能用密钥打开",
                    path.display()
                )));
            }
            Some(_) => {}
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let map_open = |e: rusqlite::Error| classify(path, e);
        let mut conn = Connection::open_with_flags(path, flags).map_err(map_open)?;
        if let Some(k) = &key {
            security::key_connection(&conn, k)?;
            // The first read tells a wrong key (SQLITE_NOTADB) before any write.
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ffi::ErrorCode::NotADatabase) => Error::Security(
                    "数据密钥打不开这个台账（密钥文件与台账不配套，或台账已损坏）".into(),
                ),
                _ => classify(path, e),
            })?;
        }
        conn.busy_timeout(BUSY_TIMEOUT).map_err(map_open)?;
        // Read-only checks first: a file that is not ours, or newer than us, is left byte-for-byte untouched.
        check_ownership(&conn, path)?;
        // One case write uses ~20 distinct statements; the default 16 would evict them in a loop.
        conn.set_prepared_statement_cache_capacity(128);
        let version = schema::refuse_newer(&conn)?;
        // Before anything is written (even the switch to WAL): a failed backup leaves the
        // file byte-for-byte as it was.
        if version > 0 && version < schema::CURRENT_VERSION {
            backup_before_migration(&conn, path, key.as_ref())?;
        }
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(map_open)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(not_writable(path, "无法启用预写日志（WAL）"));
        }
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -32000;",
        )
        .map_err(map_open)?;
        schema::migrate(&mut conn).map_err(|e| match e {
            Error::Db(detail) => classify_text(path, detail),
            other => other,
        })?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
            key,
        })
    }

    /// A throwaway ledger in memory: stands in while a desk's file is being restored.
    pub(crate) fn in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Ledger {
            conn,
            path: PathBuf::new(),
            key: None,
        })
    }

    /// Closes the connection, so the last close checkpoints the WAL and removes it.
    pub fn close(self) -> Result<()> {
        self.conn.close().map_err(|(_, e)| Error::Db(e.to_string()))
    }

    /// Whether this ledger is encrypted (opened with a data key).
    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    pub fn data_key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    /// Keys `conn` the way this ledger is keyed: the one call a backup needs on its
    /// destination connection before the online backup API writes a page (a no-op for a
    /// plain ledger, whose backup stays plain).
    pub fn key_peer(&self, conn: &Connection) -> Result<()> {
        match &self.key {
            Some(k) => security::key_connection(conn, k),
            None => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction; BEGIN IMMEDIATE so two writers queue on the busy timeout
    /// instead of failing half-way.
    pub fn write(&mut self) -> Result<Transaction<'_>> {
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

pub fn get_setting<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
    let raw: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    match raw {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Error::Settings {
                key: key.into(),
                detail: e.to_string(),
            }),
    }
}

pub fn put_setting<T: Serialize>(tx: &Transaction<'_>, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).map_err(|e| Error::Settings {
        key: key.into(),
        detail: e.to_string(),
    })?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, &text],
    )?;
    bump_config_revision(tx)
}

/// The settings row every settings or calendar write bumps, so that another process holding
/// the ledger open sees the change before its next write (issue #17).
pub const KEY_CONFIG_REVISION: &str = "config_revision";

/// Marks the settings and calendar as changed; call in the transaction that changes them.
pub fn bump_config_revision(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
        [KEY_CONFIG_REVISION],
    )?;
    Ok(())
}

/// The settings and calendar revision as committed (0 for a ledger never configured).
pub fn config_revision(conn: &Connection) -> Result<i64> {
    Ok(get_setting(conn, KEY_CONFIG_REVISION)?.unwrap_or(0))
}

/// SQLite's counter of commits made by other connections (`PRAGMA data_version`): when it has
/// not moved, nothing another process wrote needs reading again.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}

/// Every migration is preceded by a backup (issue #8): into the configured backup folder,
/// or the default one beside the ledger if that is not available. Without a backup the
/// ledger is not migrated (and so not opened).
fn backup_before_migration(conn: &Connection, path: &Path, key: Option<&DataKey>) -> Result<()> {
    use crate::backup::{self, BackupSettings, Reason};
    let settings: BackupSettings = get_setting(conn, crate::api::KEY_BACKUP_SETTINGS)
        .ok()
        .flatten()
        .unwrap_or_default();
    // Opening a ledger has no injected clock; SQLite's clock only names the backup.
    let now: String = conn.query_row(
        "SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
        [],
        |r| r.get(0),
    )?;
    let now = crate::time::parse_time(&now)?;
    let configured = settings.dir_for(path);
    let fallback = BackupSettings::default().dir_for(path);
    backup::create(conn, path, key, &configured, Reason::BeforeMigration, &now)
        .or_else(|e| {
            if configured == fallback {
                Err(e)
            } else {
                backup::create(conn, path, key, &fallback, Reason::BeforeMigration, &now)
            }
        })
        .map(|_| ())
}

/// Whether another connection (another window, `xinfang serve`, the CLI) has the ledger
/// open: the last connection to close a WAL ledger removes its -wal and -shm files, so if
/// they are still there after opening and closing once more, someone else holds it.
/// Restore and encryption refuse then: a process still writing to a file that is being
/// replaced would lose its writes.
pub fn in_use_elsewhere(path: &Path) -> bool {
    let side = |ext: &str| PathBuf::from(format!("{}-{ext}", path.display()));
    let present = || side("wal").exists() || side("shm").exists();
    if !present() {
        return false;
    }
    if let Ok(conn) = Connection::open(path) {
        let _ = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        });
        let _ = conn.close();
    }
    present()
}

/// A file that exists but is not SQLite is refused before SQLite touches it.
fn check_header(path: &Path) -> Result<()> {
    let Ok(mut f) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut head = [0u8; 16];
    let n = f.read(&mut head).unwrap_or(0);
    if n == 0 {
        return Ok(());
    }
    if n < 16 || &head != b"SQLite format 3\0" {
        if security::key_file_path(path).is_file() {
            return Err(Error::Encrypted {
                path: path.display().to_string(),
            });
        }
        return Err(Error::NotALedger {
            path: path.display().to_string(),
            detail: "文件内容不是 SQLite 数据库".into(),
        });
    }
    Ok(())
}

/// A SQLite file from another program (tables but not our application id) is refused.
fn check_ownership(conn: &Connection, path: &Path) -> Result<()> {
    // One statement, one snapshot: another process may commit the first migration between
    // separate reads (application id still 0, tables already there).
    let (app_id, version, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id()),
                    (SELECT user_version FROM pragma_user_version()),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| classify(path, e))?;
    let ours = app_id == schema::APPLICATION_ID || (app_id == 0 && version == 0 && tables == 0);
    if !ours {
        return Err(Error::NotALedger {
            path: path.display().to_string(),
            detail: "这是其他程序的数据库".into(),
        });
    }
    Ok(())
}

fn not_writable(path: &Path, detail: &str) -> Error {
    Error::NotWritable {
        path: path.display().to_string(),
        detail: detail.into(),
    }
}

/// Maps SQLite's open-time failures to errors the clerk can act on.
fn classify(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => Error::NotALedger {
            path: path.display().to_string(),
            detail: "文件已损坏或不是数据库".into(),
        },
        Some(ErrorCode::ReadOnly) => not_writable(path, "位置只读"),
        Some(ErrorCode::CannotOpen) => not_writable(path, "无法打开或创建文件"),
        Some(ErrorCode::DiskFull) => Error::DiskFull,
        Some(ErrorCode::PermissionDenied) => not_writable(path, "没有权限"),
        _ => Error::Db(e.to_string()),
    }
}

fn classify_text(path: &Path, detail: String) -> Error {
    if detail.contains("readonly") || detail.contains("read-only") {
        not_writable(path, "位置只读")
    } else {
        Error::Db(detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The default ledger is where the README tells the clerk to look (and where the
    /// Windows installer's uninstaller leaves it alone).
    #[test]
    fn the_default_ledger_is_where_the_readme_says() {
        let readme = include_str!("../../README.md");
        let path = default_path().expect("a home folder");
        if cfg!(windows) {
            assert!(readme.contains(r"Windows `%APPDATA%\xinfang\xinfang-desk\data\ledger.db`"));
            let appdata = std::env::var_os("APPDATA").expect("APPDATA");
            assert_eq!(
                path,
                Path::new(&appdata).join(r"xinfang\xinfang-desk\data\ledger.db")
            );
        } else if cfg!(target_os = "linux") {
            assert!(readme.contains("Linux `~/.local/share/xinfang-desk/ledger.db`"));
            let base = std::env::var_os("XDG_DATA_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))
                .expect("HOME");
            assert_eq!(path, base.join("xinfang-desk").join("ledger.db"));
        }
    }
}
