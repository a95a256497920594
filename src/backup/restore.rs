//! Restoring a backup: the backup is copied beside the ledger and checked there (manifest
//! hashes, SQLite header, application id, schema version not newer, integrity_check); the
//! current ledger is backed up first; then the checked copy is renamed over the ledger, so
//! at every moment there is one complete ledger file under its name.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use super::{
    BackupInfo, DB_NAME, INCLUDED_DIRS, KEYS_NAME, MANIFEST, Manifest, Reason, create, files,
    ledger_dir, open_backup_db, read_manifest,
};
use crate::error::{Error, Result, io_zh};
use crate::ledger::schema::{APPLICATION_ID, CURRENT_VERSION};
use crate::security::DataKey;
use crate::time::{Time, cst, fmt_time};

/// A backup that passed every check.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CheckedBackup {
    pub path: String,
    pub schema_version: i64,
    pub cases: i64,
    /// Files whose sha256 matched the manifest (0 for a bare .db file without one).
    pub files_verified: usize,
    pub created_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RestoreOutcome {
    pub restored: CheckedBackup,
    /// The backup of the ledger as it was just before the restore.
    pub kept: BackupInfo,
}

fn bad(path: &Path, detail: impl Into<String>) -> Error {
    Error::BadBackup {
        path: path.display().to_string(),
        detail: detail.into(),
    }
}

fn restore_failed(detail: impl Into<String>) -> Error {
    Error::RestoreFailed {
        detail: detail.into(),
    }
}

/// Checks a backup (a backup folder, its ledger.db, or a bare ledger file) without
/// restoring it; the copy it checks is made in a temporary folder and removed.
pub fn check(source: &Path) -> Result<CheckedBackup> {
    check_with_key(source, None)
}

/// Checks a backup; `key` (the open ledger's data key) lets an encrypted backup be read.
pub fn check_with_key(source: &Path, key: Option<&DataKey>) -> Result<CheckedBackup> {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let staging = std::env::temp_dir().join(format!("xinfang-check-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .map_err(|e| bad(source, format!("无法建立临时文件夹（{}）", io_zh(&e))))?;
    let result = stage(source, &staging, key);
    let _ = std::fs::remove_dir_all(&staging);
    result
}

/// Copies the backup into `staging` and checks the copy: what is checked is exactly what
/// will be swapped in.
fn stage(source: &Path, staging: &Path, key: Option<&DataKey>) -> Result<CheckedBackup> {
    let source = match source.file_name() {
        Some(n) if n == DB_NAME => match source.parent() {
            Some(p) if p.join(MANIFEST).is_file() => p,
            _ => source,
        },
        _ => source,
    };
    if !source.exists() {
        return Err(bad(source, "文件或文件夹不存在"));
    }
    let staged_db = staging.join(DB_NAME);
    let (manifest, verified) = if source.is_dir() {
        let m = read_manifest(source).map_err(|e| bad(source, e))?;
        let n = copy_verified(source, staging, &m)?;
        (Some(m), n)
    } else {
        files::copy_file(source, &staged_db).map_err(|e| bad(source, e))?;
        // A bare ledger file may have committed pages still in its WAL beside it.
        let wal = PathBuf::from(format!("{}-wal", source.display()));
        if wal.is_file() {
            let to = PathBuf::from(format!("{}-wal", staged_db.display()));
            files::copy_file(&wal, &to).map_err(|e| bad(source, e))?;
        }
        (None, 0)
    };
    let (schema_version, cases) = check_db(&staged_db, source, key)?;
    Ok(CheckedBackup {
        path: source.display().to_string(),
        schema_version,
        cases,
        files_verified: verified,
        created_at: manifest.map(|m| m.created_at),
    })
}

/// Copies every file the manifest lists, comparing size and sha256 on the way.
fn copy_verified(source: &Path, staging: &Path, m: &Manifest) -> Result<usize> {
    if !m.files.iter().any(|f| f.path == DB_NAME) {
        return Err(bad(source, "备份清单中没有台账文件 ledger.db"));
    }
    for f in &m.files {
        let rel = Path::new(&f.path);
        // The manifest is data: a path that climbs out of the backup is refused.
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(bad(source, format!("备份清单中的路径“{}”不合法", f.path)));
        }
        let to = staging.join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| bad(source, io_zh(&e)))?;
        }
        let from = source.join(rel);
        if !from.is_file() {
            return Err(bad(
                source,
                format!("备份不完整：清单中的文件“{}”不见了", f.path),
            ));
        }
        let (size, sha) = files::copy_file(&from, &to).map_err(|e| bad(source, e))?;
        if size != f.size || sha != f.sha256 {
            return Err(bad(
                source,
                format!(
                    "文件“{}”的校验值与备份清单不符，备份已损坏或被改动过",
                    f.path
                ),
            ));
        }
    }
    Ok(m.files.len())
}

/// The checks that make a file a ledger this program may restore.
fn check_db(db: &Path, shown: &Path, key: Option<&DataKey>) -> Result<(i64, i64)> {
    let mut head = [0u8; 16];
    let n = std::fs::File::open(db)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let plain = n == 16 && &head == b"SQLite format 3\0";
    let encrypted = db.with_file_name(KEYS_NAME).is_file();
    if !plain && encrypted && key.is_none() {
        return Err(bad(
            shown,
            "这是加密台账的备份，需要在信访工作台中解锁该台账后恢复",
        ));
    }
    if !plain && !encrypted {
        return Err(bad(
            shown,
            "文件内容不是 SQLite 数据库，不是信访工作台的台账",
        ));
    }
    let corrupt = |e: rusqlite::Error| bad(shown, format!("文件已损坏，无法读取（{e}）"));
    let conn = open_backup_db(db, false).map_err(corrupt)?;
    if let (false, Some(k)) = (plain, key) {
        crate::security::key_connection(&conn, k)?;
    }
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(corrupt)?;
    if app_id != APPLICATION_ID {
        return Err(bad(shown, "这是其他程序的数据库，不是信访工作台的台账"));
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(corrupt)?;
    if version > CURRENT_VERSION {
        return Err(bad(
            shown,
            format!(
                "该备份由更新版本的信访工作台写入（数据版本 {version}，本程序只支持到 {CURRENT_VERSION}），请先升级信访工作台再恢复"
            ),
        ));
    }
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(corrupt)?;
    if integrity != "ok" {
        return Err(bad(shown, format!("文件已损坏（完整性检查：{integrity}）")));
    }
    let cases = conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .map_err(corrupt)?;
    conn.close().map_err(|(_, e)| corrupt(e))?;
    Ok((version, cases))
}

/// Restores `source` over the ledger at `ledger_path`. The caller must have closed its own
/// connection to the ledger; a ledger still open elsewhere is refused. The current ledger
/// (with its attachments and documents) is first backed up into `keep_root`.
pub fn restore(
    ledger_path: &Path,
    source: &Path,
    keep_root: &Path,
    key: Option<&DataKey>,
    now: &Time,
) -> Result<RestoreOutcome> {
    let dir = ledger_dir(ledger_path);
    let stamp = now.with_timezone(&cst()).format("%Y%m%d-%H%M%S");
    let staging = dir.join(format!(".restore-{stamp}"));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| {
        restore_failed(format!("无法在台账文件夹中建立临时文件夹（{}）", io_zh(&e)))
    })?;
    let result = (|| {
        let restored = stage(source, &staging, key)?;
        ensure_not_in_use(ledger_path)?;
        let kept = keep_current(ledger_path, keep_root, key, now)?;
        swap(ledger_path, &staging, restored.files_verified > 0)?;
        Ok(RestoreOutcome { restored, kept })
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn ensure_not_in_use(ledger_path: &Path) -> Result<()> {
    if crate::ledger::in_use_elsewhere(ledger_path) {
        return Err(restore_failed(
            "台账正被其他程序（另一个信访工作台窗口、xinfang serve 或命令行）使用，请先关闭它们再恢复",
        ));
    }
    Ok(())
}

/// Backs the current ledger up; a ledger too damaged for SQLite to read is kept as a raw
/// copy of its files instead. Without one of the two, nothing is replaced.
fn keep_current(
    ledger_path: &Path,
    keep_root: &Path,
    key: Option<&DataKey>,
    now: &Time,
) -> Result<BackupInfo> {
    // The current ledger is keyed only if it is encrypted (it may be plain while the
    // backup being restored is not, or the other way round).
    let key = key.filter(|_| !crate::security::is_plain_sqlite(ledger_path));
    let online = Connection::open_with_flags(
        ledger_path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())
    .and_then(|c| {
        if let Some(k) = key {
            crate::security::key_connection(&c, k).map_err(|e| e.to_string())?;
        }
        create(&c, ledger_path, key, keep_root, Reason::BeforeRestore, now)
            .map_err(|e| e.to_string())
    });
    match online {
        Ok(info) => Ok(info),
        Err(first) => raw_copy(ledger_path, keep_root, now).map_err(|e| {
            restore_failed(format!(
                "无法先把当前台账备份（{first}；直接复制也失败：{e}）"
            ))
        }),
    }
}

fn raw_copy(
    ledger_path: &Path,
    keep_root: &Path,
    now: &Time,
) -> std::result::Result<BackupInfo, String> {
    let stamp = now.with_timezone(&cst()).format("%Y%m%d-%H%M%S");
    let name = format!("xinfang-{stamp}-before-restore-raw");
    let tmp = keep_root.join(format!(".tmp-{name}"));
    std::fs::create_dir_all(&tmp).map_err(|e| io_zh(&e))?;
    let mut entries = Vec::new();
    if ledger_path.is_file() {
        let (size, sha256) = files::copy_file(ledger_path, &tmp.join(DB_NAME))?;
        entries.push(super::FileEntry {
            path: DB_NAME.into(),
            size,
            sha256,
        });
    }
    let keys = crate::security::key_file_path(ledger_path);
    if keys.is_file() {
        let (size, sha256) = files::copy_file(&keys, &tmp.join(KEYS_NAME))?;
        entries.push(super::FileEntry {
            path: KEYS_NAME.into(),
            size,
            sha256,
        });
    }
    let root = ledger_dir(ledger_path);
    for d in INCLUDED_DIRS {
        if root.join(d).is_dir() {
            files::copy_tree(&root.join(d), &tmp, d, &mut entries)?;
        }
    }
    let m = Manifest {
        format: 1,
        created_at: fmt_time(now),
        reason: Reason::BeforeRestore,
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: 0,
        cases: 0,
        chain_head: None,
        // A raw copy of a ledger that would not open: never pruned as anyone's.
        ledger_id: None,
        files: entries,
    };
    let text = serde_json::to_string_pretty(&m).map_err(|e| e.to_string())?;
    files::write_synced(&tmp.join(MANIFEST), text.as_bytes())?;
    let fin = keep_root.join(&name);
    std::fs::rename(&tmp, &fin).map_err(|e| io_zh(&e))?;
    Ok(BackupInfo::of(&fin, &m))
}

/// Moves the staged folders and database into place. A full backup (with a manifest)
/// replaces the attachment and document folders too; a bare .db file leaves them alone.
///
/// Folders are never renamed onto existing ones (Windows refuses that with "Access
/// denied"): each current folder is first moved aside into the staging folder, then the
/// staged one moved in. If any step fails, every step done so far is undone in reverse
/// order, so the ledger, its key file and its folders are exactly as before.
fn swap(ledger_path: &Path, staging: &Path, with_folders: bool) -> Result<()> {
    swap_with(ledger_path, staging, with_folders, &|from, to| {
        std::fs::rename(from, to)
    })
}

type Rename<'a> = &'a dyn Fn(&Path, &Path) -> std::io::Result<()>;

/// `swap` with the rename step passed in: the tests make one step fail the way Windows
/// does when another program holds a file.
fn swap_with(
    ledger_path: &Path,
    staging: &Path,
    with_folders: bool,
    rename: Rename<'_>,
) -> Result<()> {
    let dir = ledger_dir(ledger_path);
    let aside = staging.join(".replaced");
    std::fs::create_dir_all(&aside)
        .map_err(|e| restore_failed(format!("无法整理旧的附件文件夹（{}）", io_zh(&e))))?;
    // (from, to) of every rename done, to be undone in reverse on failure.
    let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut step = |from: PathBuf, to: PathBuf, what: &str| -> Result<()> {
        rename(&from, &to).map_err(|e| swap_failed(what, &e))?;
        done.push((from, to));
        Ok(())
    };
    let result = (|| {
        if with_folders {
            for d in INCLUDED_DIRS {
                let current = dir.join(d);
                if current.exists() {
                    step(
                        current.clone(),
                        aside.join(d),
                        "无法移开旧的附件或文书文件夹",
                    )?;
                }
                let staged = staging.join(d);
                if staged.is_dir() {
                    step(staged, current, "无法放入备份中的附件或文书文件夹")?;
                }
            }
        }
        let staged_wal = PathBuf::from(format!("{}-wal", staging.join(DB_NAME).display()));
        if staged_wal.exists() {
            // Fold a bare file's WAL into the staged copy so one file is swapped in.
            let conn = Connection::open(staging.join(DB_NAME))
                .map_err(|e| restore_failed(format!("无法整理备份文件（{e}）")))?;
            let _ = conn
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
            let _ = conn.close();
        }
        // An encrypted backup brings its wrapped keys; a plain one leaves no stale key
        // file (the current one went into the before-restore backup).
        let keys = crate::security::key_file_path(ledger_path);
        let staged_keys = staging.join(KEYS_NAME);
        if keys.is_file() && (staged_keys.is_file() || with_folders) {
            step(keys.clone(), aside.join(KEYS_NAME), "无法移开旧的密钥文件")?;
        }
        if staged_keys.is_file() {
            step(staged_keys, keys, "无法放入备份中的密钥文件")?;
        }
        // The old ledger's WAL and shared-memory files must not be read as the new
        // file's: they are moved aside too (back again if the swap fails).
        for ext in ["wal", "shm"] {
            let side = PathBuf::from(format!("{}-{ext}", ledger_path.display()));
            if side.exists() {
                let to = aside.join(format!("{DB_NAME}-{ext}"));
                step(side, to, "无法移开旧台账的临时文件")?;
            }
        }
        // Last and atomic: the checked copy replaces the ledger file in one rename, so a
        // complete ledger is under its name at every moment.
        step(
            staging.join(DB_NAME),
            ledger_path.to_path_buf(),
            "无法用备份替换台账文件",
        )
    })();
    if let Err(e) = result {
        for (from, to) in done.iter().rev() {
            let _ = rename(to, from);
        }
        return Err(e);
    }
    files::sync_dir(dir);
    Ok(())
}

/// A failed rename during the swap. On Windows a file another program holds open cannot
/// be moved or replaced ("Access denied", "used by another process"): say which programs.
fn swap_failed(what: &str, e: &std::io::Error) -> Error {
    if held_by_another_program(e) {
        restore_failed(format!(
            "{what}：文件正被其他程序占用（另一个信访工作台窗口、xinfang serve、命令行，或打开着附件、文书的阅读器）。请先关闭它们再恢复，当前台账未改动"
        ))
    } else {
        restore_failed(format!("{what}（{}），当前台账未改动", io_zh(e)))
    }
}

/// Whether an I/O error is Windows refusing to move a file that is open elsewhere:
/// ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32), ERROR_LOCK_VIOLATION (33).
pub(crate) fn held_by_another_program(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(p: &Path, text: &str) {
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// A ledger folder (old files) and a staging folder (the checked backup).
    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let t = tempfile::tempdir().expect("tempdir");
        let ledger = t.path().join(DB_NAME);
        write(&ledger, "OLD");
        write(&t.path().join("ledger.db-wal"), "OLD-WAL");
        write(&t.path().join(KEYS_NAME), "OLD-KEYS");
        write(&t.path().join("附件/ab/old.pdf"), "old attachment");
        write(&t.path().join("文书/YC1/old.pdf"), "old document");
        let staging = t.path().join(".restore-test");
        write(&staging.join(DB_NAME), "NEW");
        write(&staging.join("附件/cd/new.pdf"), "new attachment");
        write(&staging.join("文书/YC2/new.pdf"), "new document");
        (t, ledger, staging)
    }

    #[test]
    fn the_swap_moves_the_old_folders_aside_and_the_staged_ones_in() {
        let (t, ledger, staging) = setup();
        swap(&ledger, &staging, true).expect("swap");
        assert_eq!(read(&ledger), "NEW");
        assert_eq!(read(&t.path().join("附件/cd/new.pdf")), "new attachment");
        assert_eq!(read(&t.path().join("文书/YC2/new.pdf")), "new document");
        assert!(!t.path().join("附件/ab").exists());
        // A plain backup leaves no stale key file, and no old WAL beside the new file.
        assert!(!t.path().join(KEYS_NAME).exists());
        assert!(!t.path().join("ledger.db-wal").exists());
        let aside = staging.join(".replaced");
        assert_eq!(read(&aside.join("附件/ab/old.pdf")), "old attachment");
        assert_eq!(read(&aside.join(KEYS_NAME)), "OLD-KEYS");
    }

    /// Every step that can fail is made to fail once (as Windows does when another program
    /// holds the file); each time the ledger folder is exactly as before.
    #[test]
    fn a_failed_step_rolls_every_earlier_step_back() {
        let targets = [
            "附件",    // moving the old attachments aside
            "文书",    // putting the staged documents in (after the attachments moved)
            KEYS_NAME, // moving the old key file aside
            "ledger.db-wal",
            DB_NAME, // the final replace
        ];
        for target in targets {
            let (t, ledger, staging) = setup();
            let failed = std::cell::Cell::new(false);
            let failing = |from: &Path, to: &Path| -> std::io::Result<()> {
                let hit = |p: &Path| p.file_name().is_some_and(|n| n == target);
                if !failed.get() && hit(from) && (target != "文书" || from.starts_with(&staging))
                {
                    failed.set(true);
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "held by another program",
                    ));
                }
                std::fs::rename(from, to)
            };
            let e = swap_with(&ledger, &staging, true, &failing).expect_err(target);
            assert!(e.to_string().contains("当前台账未改动"), "{target}: {e}");
            assert!(failed.get(), "{target}: the step never ran");
            assert_eq!(read(&ledger), "OLD", "{target}");
            assert_eq!(read(&t.path().join("ledger.db-wal")), "OLD-WAL", "{target}");
            assert_eq!(read(&t.path().join(KEYS_NAME)), "OLD-KEYS", "{target}");
            assert_eq!(read(&t.path().join("附件/ab/old.pdf")), "old attachment");
            assert_eq!(read(&t.path().join("文书/YC1/old.pdf")), "old document");
            assert!(!t.path().join("附件/cd").exists(), "{target}");
            assert!(!t.path().join("文书/YC2").exists(), "{target}");
            // The staged copy is back in staging too (nothing half-moved is left anywhere).
            assert_eq!(read(&staging.join(DB_NAME)), "NEW", "{target}");
            assert_eq!(read(&staging.join("附件/cd/new.pdf")), "new attachment");
        }
    }

    #[test]
    fn only_windows_sharing_errors_are_reported_as_another_program() {
        let e = std::io::Error::from_raw_os_error(32);
        assert_eq!(held_by_another_program(&e), cfg!(windows));
        let msg = swap_failed("无法用备份替换台账文件", &e).to_string();
        assert!(msg.contains("当前台账未改动"), "{msg}");
        if cfg!(windows) {
            assert!(msg.contains("正被其他程序占用"), "{msg}");
        }
    }
}
