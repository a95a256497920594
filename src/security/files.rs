//! Stored files (the attachments folder) encrypted with the ledger's data key.
//!
//! Format: 8-byte magic, 24-byte random nonce, XChaCha20-Poly1305 ciphertext of the whole
//! file (attachments are capped at a few MB by the attachment settings, so one AEAD message
//! per file is fine). A file without the magic is plain: readers accept both, so a folder
//! half-way through conversion (a crash) stays readable and the conversion can resume.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::keys::DataKey;
use super::{random_bytes, write_atomic};
use crate::error::{Error, Result};

/// No PDF, JPEG or PNG begins with these bytes.
pub const MAGIC: &[u8; 8] = b"XFENC\x01\0\0";
const AAD: &[u8] = b"xinfang-file-v1";

pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

pub fn seal(key: &DataKey, plain: &[u8]) -> Result<Vec<u8>> {
    let nonce = random_bytes::<24>()?;
    let cipher = XChaCha20Poly1305::new((&key.file_key()).into());
    let ct = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: plain,
                aad: AAD,
            },
        )
        .map_err(|_| Error::Security("无法加密文件".into()))?;
    let mut out = Vec::with_capacity(MAGIC.len() + 24 + ct.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    Ok(out)
}

/// Plain bytes of a stored file: sealed files need the key; plain ones pass through.
pub fn open(key: Option<&DataKey>, bytes: Vec<u8>, what: &Path) -> Result<Vec<u8>> {
    if !is_sealed(&bytes) {
        return Ok(bytes);
    }
    let Some(key) = key else {
        return Err(Error::Security(format!(
            "“{}”已加密，但台账没有以加密方式打开。请先解锁台账",
            what.display()
        )));
    };
    let body = &bytes[MAGIC.len()..];
    if body.len() < 24 {
        return Err(Error::Security(format!(
            "加密文件“{}”已损坏",
            what.display()
        )));
    }
    let (nonce, ct) = body.split_at(24);
    let nonce: [u8; 24] = nonce
        .try_into()
        .map_err(|_| Error::Security("加密文件已损坏".into()))?;
    XChaCha20Poly1305::new((&key.file_key()).into())
        .decrypt(&XNonce::from(nonce), Payload { msg: ct, aad: AAD })
        .map_err(|_| {
            Error::Security(format!(
                "加密文件“{}”已损坏或不属于这个台账",
                what.display()
            ))
        })
}

/// Every regular file under `dir` (the store is two levels: `ab/abcdef…`).
fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p.is_file() && p.extension().is_none_or(|x| x != "part") {
            out.push(p);
        }
    }
}

/// Seals (with `Some(key)`) or opens (with `None`, using `old`) every file of a folder in
/// place, each through a temp file and rename. Returns how many files changed.
pub fn convert_folder(
    dir: &Path,
    seal_with: Option<&DataKey>,
    old: Option<&DataKey>,
) -> Result<usize> {
    let mut files = Vec::new();
    files_under(dir, &mut files);
    let mut changed = 0;
    for p in files {
        let bytes = std::fs::read(&p).map_err(|e| Error::Io {
            path: p.display().to_string(),
            detail: crate::error::io_zh(&e),
        })?;
        let sealed = is_sealed(&bytes);
        let new = match (seal_with, sealed) {
            (Some(k), false) => seal(k, &bytes)?,
            (None, true) => open(old, bytes, &p)?,
            _ => continue,
        };
        write_atomic(&p, &new)?;
        changed += 1;
    }
    Ok(changed)
}

/// Where a sealed document of `ledger` is opened for the PDF viewer or the printer: one
/// private folder in the temp dir per ledger, emptied before each use and whenever the
/// desk locks, so at most the last opened document is ever there in clear.
pub fn viewing_dir(ledger: &Path) -> std::path::PathBuf {
    use sha2::Digest;
    let h = sha2::Sha256::digest(ledger.to_string_lossy().as_bytes());
    std::env::temp_dir().join(format!("xinfang-view-{}", &super::hex(&h)[..12]))
}

pub fn clear_viewing_dir(ledger: &Path) {
    let dir = viewing_dir(ledger);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let _ = super::shred(&e.path());
        }
    }
}

/// The path to hand to the viewer/printer: the file itself when plain, else a decrypted
/// copy in [`viewing_dir`].
pub fn viewable(key: Option<&DataKey>, path: &Path, ledger: &Path) -> Result<std::path::PathBuf> {
    let mut head = [0u8; 8];
    let sealed = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == MAGIC;
    if !sealed {
        return Ok(path.to_path_buf());
    }
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    let plain = open(key, bytes, path)?;
    clear_viewing_dir(ledger);
    let dir = viewing_dir(ledger);
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|e| Error::NotWritable {
        path: dir.display().to_string(),
        detail: crate::error::io_zh(&e),
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "文书.pdf".into());
    let out = dir.join(name);
    write_atomic(&out, &plain)?;
    Ok(out)
}
