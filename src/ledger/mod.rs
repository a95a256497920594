//! The ledger (台账): one SQLite file (WAL, foreign keys, synchronous=FULL) that holds
//! every case, setting and audit entry. Opening checks that the file is ours and not
//! newer than this binary and says whether it needs migrating ([`Opening`]); the caller
//! (`api::Desk::open`) backs the file up first when it does, then migrates it.
//!
//! The ledger is a leaf above domain, rules, time and error: it never reaches up into
//! api, backup, security or the file formats (tests/layers.rs holds this).

pub mod audit;
pub mod cases;
pub mod cipher;
pub mod query;
pub mod schema;
pub mod settings;
pub mod similar;

pub use cipher::DataKey;
pub use settings::{KEY_CONFIG_REVISION, SettingStore, bump_config_revision, config_revision};

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, Transaction};
use schema::Upgrade;

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

/// A ledger file opened and checked (ours, not newer than this binary), before anything
/// is written to it — not even the switch to WAL. [`Opening::pending`] says whether it needs
/// migrating; the caller backs it up first when it does (a failed backup leaves the file
/// byte-for-byte as it was), then [`Opening::migrate`] makes it a [`Ledger`].
pub struct Opening {
    conn: Connection,
    path: PathBuf,
    key: Option<DataKey>,
    version: i64,
}

/// A migration an opened ledger needs: from its version to this binary's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub from: i64,
    pub to: i64,
}

impl Opening {
    /// The migration this file needs; `None` for a current ledger or a brand-new file
    /// (nothing in it to lose).
    pub fn pending(&self) -> Option<Pending> {
        (self.version > 0 && self.version < schema::CURRENT_VERSION).then_some(Pending {
            from: self.version,
            to: schema::CURRENT_VERSION,
        })
    }

    /// The connection as opened (read-only use: the pre-migration backup, a conversion's export).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn data_key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    /// A write before migrating, to the tables every version has (the settings): a
    /// conversion records the lock password in the ledger it is about to copy.
    pub fn write(&mut self) -> Result<Transaction<'_>> {
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, e))
    }

    /// Switches to WAL, sets the connection's pragmas and brings the schema to the current
    /// version, `up` supplying the steps that need the rules.
    pub fn migrate(self, up: &dyn Upgrade) -> Result<Ledger> {
        let Opening {
            mut conn,
            path,
            key,
            ..
        } = self;
        // Opening races another process creating or migrating the same file: switching to
        // WAL and the first reads can meet SQLITE_BUSY outside the busy handler, so they are
        // retried for up to the busy timeout, as opening is.
        let started = std::time::Instant::now();
        loop {
            match prepare_and_migrate(&mut conn, &path, up) {
                Err(Error::Db(detail))
                    if is_busy_text(&detail) && started.elapsed() < BUSY_TIMEOUT =>
                {
                    tracing::info!("台账正被另一进程占用，稍后重试打开");
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(e),
                Ok(()) => break,
            }
        }
        Ok(Ledger { conn, path, key })
    }
}

fn prepare_and_migrate(conn: &mut Connection, path: &Path, up: &dyn Upgrade) -> Result<()> {
    let map_open = |e: rusqlite::Error| classify(path, e);
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
    schema::migrate(conn, up).map_err(|e| match e {
        Error::Db(detail) => classify_text(path, detail),
        other => other,
    })
}

/// Where the ledger lives unless `--db` or `XINFANG_DB` says otherwise.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "xinfang", "xinfang-desk")
        .map(|d| d.data_dir().join("ledger.db"))
}

impl Ledger {
    /// Opens the ledger, creating the file (and its folder) if it does not exist.
    pub fn open_or_create(path: &Path) -> Result<Opening> {
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
    pub fn open_existing(path: &Path) -> Result<Opening> {
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
    fn open_retrying(path: &Path, create: bool, key: Option<DataKey>) -> Result<Opening> {
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
    /// `security::KeyFile`). A wrong key is refused before anything is written.
    pub fn open_encrypted(path: &Path, key: DataKey) -> Result<Opening> {
        if !path.exists() {
            return Err(Error::Io {
                path: path.display().to_string(),
                detail: "台账文件不存在".into(),
            });
        }
        Self::open_retrying(path, false, Some(key))
    }

    fn open_inner(path: &Path, create: bool, key: Option<DataKey>) -> Result<Opening> {
        match &key {
            None => check_header(path)?,
            Some(_) if cipher::is_plain_sqlite(path) => {
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
        let conn = Connection::open_with_flags(path, flags).map_err(map_open)?;
        if let Some(k) = &key {
            cipher::key_connection(&conn, k)?;
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
        Ok(Opening {
            conn,
            path: path.to_path_buf(),
            key,
            version,
        })
    }

    /// A throwaway ledger in memory: stands in while a desk's file is being restored.
    pub(crate) fn in_memory() -> Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn, &schema::WithoutCases)?;
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

/// SQLite's counter of commits made by other connections (`PRAGMA data_version`): when it has
/// not moved, nothing another process wrote needs reading again.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
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
        if cipher::key_file_path(path).is_file() {
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
