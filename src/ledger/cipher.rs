//! The few cipher pieces the ledger itself needs: the data key's type, keying a SQLCipher
//! connection, and telling a plain SQLite file from an encrypted one. Wrapping the key in
//! its sidecar file, sealing stored files and converting a ledger between plain and
//! encrypted live above the ledger, in [`crate::security`].

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The 256-bit key of one encrypted ledger. Not `Debug`: it must never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl DataKey {
    pub fn generate() -> Result<Self> {
        Ok(DataKey(random_bytes::<32>()?))
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        DataKey(bytes)
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// SQLCipher's raw-key form: `x'<64 hex>'` (no PBKDF2 on every open: the key is
    /// already random).
    pub(crate) fn sqlcipher_literal(&self) -> String {
        format!("\"x'{}'\"", hex(&self.0))
    }

    pub(crate) fn raw_hex(&self) -> String {
        hex(&self.0)
    }

    /// A separate key for stored files, so the same bytes never key two ciphers.
    pub(crate) fn file_key(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"xinfang-file-key-v1");
        h.update(self.0);
        h.finalize().into()
    }
}

/// The sidecar beside the ledger that holds its wrapped data key: `ledger.db` → `ledger.db.keys`.
pub fn key_file_path(ledger: &Path) -> PathBuf {
    let mut name = ledger.as_os_str().to_owned();
    name.push(".keys");
    PathBuf::from(name)
}

/// Keys a fresh connection with `key` (SQLCipher raw key). Must be the first statement on
/// the connection; used for the ledger itself and for a backup's destination file, which
/// has to carry the same key as the ledger it copies.
pub fn key_connection(conn: &Connection, key: &DataKey) -> Result<()> {
    run_pragma(conn, &format!("PRAGMA key = {}", key.sqlcipher_literal()))
}

/// Runs a statement that may or may not answer with rows (SQLCipher's pragmas answer "ok").
pub(crate) fn run_pragma(conn: &Connection, sql: &str) -> Result<()> {
    let mut st = conn.prepare(sql)?;
    let mut rows = st.query([])?;
    while rows.next()?.is_some() {}
    Ok(())
}

/// Whether the file starts with the plain SQLite header.
pub fn is_plain_sqlite(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 16];
    f.read(&mut head).unwrap_or(0) == 16 && &head == SQLITE_MAGIC
}

/// Whether the file at `ledger` is an encrypted ledger: it exists, does not start with the
/// SQLite header, and its key file is beside it. The header decides, not the key file: a
/// conversion killed after writing the key file but before the swap leaves a plain ledger.
pub fn is_encrypted(ledger: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(ledger) else {
        return false;
    };
    let mut head = [0u8; 16];
    let n = f.read(&mut head).unwrap_or(0);
    n == 16 && &head != SQLITE_MAGIC && key_file_path(ledger).is_file()
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| Error::Security(format!("系统随机数不可用（{e}）")))?;
    Ok(b)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
