//! Trust, part 3 (issue #8): the app lock and encryption at rest.
//!
//! - [`lock`]: the optional password and idle auto-lock enforced by [`crate::api::Gate`].
//! - [`keys`]: the data key, the recovery key and the sidecar key file.
//! - [`files`]: stored attachments sealed with the data key.
//! - [`convert`]: plain ledger ⇄ encrypted ledger, atomically.
//!
//! Nothing here logs a password or a key; [`keys::DataKey`] has no `Debug`.

pub mod convert;
pub mod files;
pub mod keys;
pub mod lock;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use keys::{DataKey, KeyFile, RecoveryKey, key_file_path};

use crate::error::{Error, Result, io_zh};

pub(crate) use crate::ledger::cipher::{hex, random_bytes, run_pragma};
pub use crate::ledger::cipher::{is_encrypted, is_plain_sqlite, key_connection};

pub(crate) fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `path` + suffix, e.g. `ledger.db` → `ledger.db.encrypting`.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn not_writable(p: &Path, e: &std::io::Error) -> Error {
    Error::NotWritable {
        path: p.display().to_string(),
        detail: io_zh(e),
    }
}

/// Writes through a temp file, fsyncs it, renames over `path` and fsyncs the folder.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(path, ".part");
    {
        let mut f = std::fs::File::create(&tmp).map_err(|e| not_writable(&tmp, &e))?;
        f.write_all(bytes).map_err(|e| not_writable(&tmp, &e))?;
        f.sync_all().map_err(|e| not_writable(&tmp, &e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| not_writable(path, &e))?;
    sync_dir(path);
    Ok(())
}

pub(crate) fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        })
    {
        let _ = d.sync_all();
    }
}

/// Overwrites a file with zeros, syncs, then removes it. Best effort on SSDs and
/// copy-on-write file systems (they may keep old blocks); the plain copy is never kept
/// on purpose.
pub(crate) fn shred(path: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::metadata(path) {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| not_writable(path, &e))?;
        let zeros = vec![0u8; 1 << 16];
        let mut left = meta.len();
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n])
                .map_err(|e| not_writable(path, &e))?;
            left -= n as u64;
        }
        f.sync_all().map_err(|e| not_writable(path, &e))?;
        drop(f);
        std::fs::remove_file(path).map_err(|e| not_writable(path, &e))?;
    }
    Ok(())
}
