//! Plain ledger ⇄ encrypted ledger, atomically.
//!
//! Encrypt: export into `<ledger>.encrypting` keyed with a new data key
//! (`sqlcipher_export`), verify it (integrity_check, row counts), write the key file,
//! swap it in by rename, seal the attachments folder, then shred the plain copy. A process
//! killed at any point leaves a ledger that opens: before the rename the plain file is
//! untouched (the header, not the key file, says whether a ledger is encrypted); after it,
//! the encrypted one opens with the password and the next run finishes the rest.
//!
//! Decrypt is the reverse, with the attachments opened *before* the swap (readers accept
//! plain and sealed files alike, so a half-done folder is never unreadable).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::keys::{DataKey, KeyFile, RecoveryKey, key_file_path};
use super::lock::{self, LockSettings};
use super::{files, is_encrypted, is_plain_sqlite, run_pragma, shred, sibling, sync_dir};
use crate::error::{Error, Result};
use crate::ledger::{self, Ledger, SettingStore, schema};

/// What `encrypt` did.
pub struct EncryptOutcome {
    /// Shown once; `None` when the ledger was already encrypted (a resumed run).
    pub recovery_key: Option<RecoveryKey>,
    pub files_sealed: usize,
}

/// The attachments folder of a ledger (see `Desk::attachment_store`).
pub fn store_dir(ledger: &Path) -> PathBuf {
    ledger
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("附件")
}

/// The generated documents kept with the cases (`文书/<编号>/…`).
pub fn documents_dir(ledger: &Path) -> PathBuf {
    ledger
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("文书")
}

/// Seals (`Some`) or opens (`None`, with `old`) the attachments and documents folders.
fn convert_folders(path: &Path, seal: Option<&DataKey>, old: Option<&DataKey>) -> Result<usize> {
    Ok(files::convert_folder(&store_dir(path), seal, old)?
        + files::convert_folder(&documents_dir(path), seal, old)?)
}

/// The data key of an encrypted ledger, if `password` opens its key file.
pub fn unlock_key(path: &Path, password: &str) -> Result<DataKey> {
    KeyFile::read(path)?.unwrap_with_password(password)
}

/// Finishes what a killed conversion left: the plain copy kept for the swap is shredded
/// and plain files left in the attachments folder are sealed.
pub fn tidy_after_unlock(path: &Path, key: &DataKey) -> Result<usize> {
    let old = sibling(path, ".plain-old");
    if old.exists() {
        shred(&old)?;
    }
    convert_folders(path, Some(key), None)
}

/// The file is replaced by a converted copy: a window or `xinfang serve` still holding the
/// old file would go on writing into a file nobody reads again.
fn refuse_if_in_use(path: &Path, what: &str) -> Result<()> {
    if ledger::in_use_elsewhere(path) {
        return Err(Error::Security(format!(
            "台账正被其他程序（信访工作台窗口、xinfang serve 或另一个命令行）使用，无法{what}。请先关闭它们（托盘菜单“退出”）再运行"
        )));
    }
    Ok(())
}

/// Encrypts a plain ledger under `password`. `on_step` is called after each stage
/// (`exported`, `keys_written`, `swapped`, `sealed`) — the tests stop the process there.
pub fn encrypt_ledger(
    path: &Path,
    password: &str,
    on_step: &mut dyn FnMut(&str),
) -> Result<EncryptOutcome> {
    if is_encrypted(path) {
        // Resume: the swap happened; tidy up what a killed run left.
        let key = unlock_key(path, password)?;
        let files_sealed = tidy_after_unlock(path, &key)?;
        return Ok(EncryptOutcome {
            recovery_key: None,
            files_sealed,
        });
    }
    refuse_if_in_use(path, "加密")?;
    let ledger = Ledger::open_existing(path)?;
    // A lock password already set must be the one given: one password for both.
    let lock = LockSettings::load(ledger.conn())?;
    match &lock.password_phc {
        Some(phc) if !lock::verify_password(phc, password) => {
            return Err(Error::WrongPassword {
                hint: "加密时请输入当前的锁定密码。".into(),
            });
        }
        Some(_) => {}
        None => lock::check_new_password(password)?,
    }
    let key = DataKey::generate()?;
    let recovery = RecoveryKey::generate()?;
    let tmp = sibling(path, ".encrypting");
    remove_with_sidecars(&tmp)?;
    let counts = row_counts(ledger.conn())?;
    export(ledger.conn(), &tmp, &format!("x'{}'", key.raw_hex()))?;
    drop(ledger);
    verify(&tmp, Some(&key), &counts)?;
    on_step("exported");

    KeyFile::new(&key, password, &recovery)?.write(path)?;
    on_step("keys_written");

    swap_in(path, &tmp)?;
    on_step("swapped");

    let files_sealed = convert_folders(path, Some(&key), None)?;
    on_step("sealed");
    let old = sibling(path, ".plain-old");
    if old.exists() {
        shred(&old)?;
    }
    Ok(EncryptOutcome {
        recovery_key: Some(recovery),
        files_sealed,
    })
}

/// Decrypts an encrypted ledger back to a plain one; the password becomes its lock
/// password (so the window stays locked the same way). Returns files opened.
pub fn decrypt_ledger(path: &Path, password: &str, on_step: &mut dyn FnMut(&str)) -> Result<usize> {
    if !is_encrypted(path) {
        return Err(Error::Security(format!(
            "“{}”没有加密，不需要解密",
            path.display()
        )));
    }
    let key = unlock_key(path, password)?;
    refuse_if_in_use(path, "解密")?;
    let phc = lock::hash_password(password)?;
    let opened = convert_folders(path, None, Some(&key))?;
    on_step("files_opened");

    // Not migrated: the conversion copies the file at whatever version it is; the next
    // `Desk::open` backs it up and migrates it.
    let mut ledger = Ledger::open_encrypted(path, key.clone())?;
    {
        let tx = ledger.write()?;
        let mut s = LockSettings::load(&tx)?;
        s.password_phc = Some(phc);
        s.save(&tx)?;
        tx.commit()?;
    }
    let tmp = sibling(path, ".decrypting");
    remove_with_sidecars(&tmp)?;
    let counts = row_counts(ledger.conn())?;
    export(ledger.conn(), &tmp, "")?;
    drop(ledger);
    verify(&tmp, None, &counts)?;
    on_step("exported");

    swap_in(path, &tmp)?;
    on_step("swapped");
    let old = sibling(path, ".plain-old");
    if old.exists() {
        // The old file is encrypted; no need to shred, just remove.
        std::fs::remove_file(&old).ok();
    }
    std::fs::remove_file(key_file_path(path)).map_err(|e| Error::NotWritable {
        path: key_file_path(path).display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    sync_dir(path);
    Ok(opened)
}

/// New password for an encrypted ledger (old password or recovery key proves the right).
pub fn change_password(path: &Path, old: &Secret<'_>, new_password: &str) -> Result<()> {
    lock::check_new_password(new_password)?;
    let mut kf = KeyFile::read(path)?;
    let key = match old {
        Secret::Password(p) => kf.unwrap_with_password(p)?,
        Secret::Recovery(r) => kf.unwrap_with_recovery(r)?,
    };
    kf.set_password(&key, new_password)?;
    kf.write(path)
}

pub enum Secret<'a> {
    Password(&'a str),
    Recovery(&'a RecoveryKey),
}

/// `ATTACH tmp KEY key; SELECT sqlcipher_export(...)`, then the header fields the export
/// does not copy.
fn export(conn: &Connection, tmp: &Path, key_text: &str) -> Result<()> {
    run_pragma(conn, "PRAGMA wal_checkpoint(TRUNCATE)")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // The ledger's connection may not create files; an empty file is a new database.
    std::fs::File::create(tmp).map_err(|e| Error::NotWritable {
        path: tmp.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    conn.execute(
        "ATTACH DATABASE ?1 AS conv KEY ?2",
        rusqlite::params![tmp.to_string_lossy(), key_text],
    )
    .map_err(|e| Error::NotWritable {
        path: tmp.display().to_string(),
        detail: e.to_string(),
    })?;
    let done = (|| -> Result<()> {
        run_pragma(conn, "SELECT sqlcipher_export('conv')")?;
        run_pragma(conn, &format!("PRAGMA conv.user_version = {version}"))?;
        run_pragma(
            conn,
            &format!("PRAGMA conv.application_id = {}", schema::APPLICATION_ID),
        )?;
        Ok(())
    })();
    let detached = run_pragma(conn, "DETACH DATABASE conv");
    done?;
    detached
}

fn row_counts(conn: &Connection) -> Result<Vec<i64>> {
    ["cases", "audit_log", "attachments", "settings"]
        .iter()
        .map(|t| {
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                .map_err(Error::from)
        })
        .collect()
}

/// The converted copy must open with its key, pass integrity_check and hold every row.
fn verify(tmp: &Path, key: Option<&DataKey>, counts: &[i64]) -> Result<()> {
    let conn = Connection::open(tmp)?;
    if let Some(k) = key {
        super::key_connection(&conn, k)?;
    }
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let got = row_counts(&conn)?;
    if ok != "ok" || got != counts {
        return Err(Error::Security(format!(
            "转换后的副本校验不通过（{ok}；行数 {got:?} ≠ {counts:?}），原台账未改动"
        )));
    }
    if key.is_some() == is_plain_sqlite(tmp) {
        return Err(Error::Security("转换后的副本格式不对，原台账未改动".into()));
    }
    drop(conn);
    // Opened for writing: Windows flushes a file only through a handle with write access
    // (FlushFileBuffers on a read-only handle is "Access denied").
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(tmp)
        .map_err(|e| Error::Io {
            path: tmp.display().to_string(),
            detail: crate::error::io_zh(&e),
        })?;
    f.sync_all().map_err(|e| Error::NotWritable {
        path: tmp.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    Ok(())
}

/// Keeps a hard link to the old file (shredded by the caller), then renames `tmp` over
/// the ledger: one atomic step on the same file system.
fn swap_in(path: &Path, tmp: &Path) -> Result<()> {
    let old = sibling(path, ".plain-old");
    let _ = std::fs::remove_file(&old);
    // Where hard links are not supported (FAT on a USB stick) the old inode is simply
    // released by the rename.
    let _ = std::fs::hard_link(path, &old);
    for s in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling(path, s));
    }
    std::fs::rename(tmp, path).map_err(|e| {
        // Windows cannot replace a file another program holds open (the check above reads
        // SQLite's side files; a program may hold the bare file, or open it just now).
        if crate::backup::held_by_another_program(&e) {
            Error::Security(
                "台账文件正被其他程序占用（信访工作台窗口、xinfang serve、另一个命令行或其他软件），无法替换，原台账未改动。请先关闭它们（托盘菜单“退出”）再运行".into(),
            )
        } else {
            Error::NotWritable {
                path: path.display().to_string(),
                detail: crate::error::io_zh(&e),
            }
        }
    })?;
    sync_dir(path);
    Ok(())
}

fn remove_with_sidecars(p: &Path) -> Result<()> {
    for s in ["", "-wal", "-shm", "-journal"] {
        let f = sibling(p, s);
        if f.exists() {
            std::fs::remove_file(&f).map_err(|e| Error::NotWritable {
                path: f.display().to_string(),
                detail: crate::error::io_zh(&e),
            })?;
        }
    }
    Ok(())
}
