//! File copying for backups: every byte hashed as it is copied, every file synced to disk
//! before the backup folder is renamed into place.

use std::io::{Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::FileEntry;
use crate::error::io_zh;
use crate::ledger::audit::hex;

type Res<T> = std::result::Result<T, String>;

fn io(path: &Path, e: &std::io::Error) -> String {
    format!("{}（{}）", io_zh(e), path.display())
}

pub(super) fn hash_file(path: &Path) -> Res<(u64, String)> {
    let mut f = std::fs::File::open(path).map_err(|e| io(path, &e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| io(path, &e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((size, hex(&h.finalize())))
}

pub(super) fn entry_for(path: &Path, rel: &str) -> Res<FileEntry> {
    let (size, sha256) = hash_file(path)?;
    Ok(FileEntry {
        path: rel.to_string(),
        size,
        sha256,
    })
}

/// Copies one file, hashing it on the way and syncing the copy.
pub(super) fn copy_file(from: &Path, to: &Path) -> Res<(u64, String)> {
    let mut src = std::fs::File::open(from).map_err(|e| io(from, &e))?;
    let mut dst = std::fs::File::create(to).map_err(|e| io(to, &e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = src.read(&mut buf).map_err(|e| io(from, &e))?;
        if n == 0 {
            break;
        }
        dst.write_all(&buf[..n]).map_err(|e| io(to, &e))?;
        h.update(&buf[..n]);
        size += n as u64;
    }
    dst.sync_all().map_err(|e| io(to, &e))?;
    Ok((size, hex(&h.finalize())))
}

/// Copies the folder `from` to `<to_root>/<rel>`, adding an entry per file.
pub(super) fn copy_tree(
    from: &Path,
    to_root: &Path,
    rel: &str,
    entries: &mut Vec<FileEntry>,
) -> Res<()> {
    let dest = to_root.join(rel);
    std::fs::create_dir_all(&dest).map_err(|e| io(&dest, &e))?;
    let mut items: Vec<_> = std::fs::read_dir(from)
        .map_err(|e| io(from, &e))?
        .flatten()
        .collect();
    items.sort_by_key(|e| e.file_name());
    for item in items {
        let name = item.file_name().to_string_lossy().into_owned();
        let child_rel = format!("{rel}/{name}");
        let kind = item.file_type().map_err(|e| io(&item.path(), &e))?;
        if kind.is_dir() {
            copy_tree(&item.path(), to_root, &child_rel, entries)?;
        } else if kind.is_file() {
            let (size, sha256) = copy_file(&item.path(), &to_root.join(&child_rel))?;
            entries.push(FileEntry {
                path: child_rel,
                size,
                sha256,
            });
        }
    }
    sync_dir(&dest);
    Ok(())
}

pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> Res<()> {
    let mut f = std::fs::File::create(path).map_err(|e| io(path, &e))?;
    f.write_all(bytes).map_err(|e| io(path, &e))?;
    f.sync_all().map_err(|e| io(path, &e))
}

pub(super) fn sync_file(path: &Path) -> Res<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| io(path, &e))
}

/// Makes a rename or a new file in `dir` durable. Not possible on every platform (Windows
/// cannot open a folder this way), so best effort.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}
