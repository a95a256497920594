//! The ledger's data key and the sidecar file that keeps it wrapped.
//!
//! A random 256-bit data key encrypts the ledger (SQLCipher raw key) and the stored files.
//! It is never written in clear: the sidecar `<ledger>.keys` holds it wrapped twice with
//! XChaCha20-Poly1305 — once by a key derived from the password with argon2id, once by a
//! key derived from the recovery key printed at setup. The sidecar cannot live inside the
//! encrypted ledger, since it is what opens it.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{from_hex, hex, random_bytes, write_atomic};
use crate::error::{Error, Result};

/// argon2id cost: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended setting with
/// one lane: the clerk's PC has few cores and unlock should stay well under a second).
pub const ARGON2_M_KIB: u32 = 64 * 1024;
pub const ARGON2_T: u32 = 3;
pub const ARGON2_P: u32 = 1;

const KEY_FILE_FORMAT: u32 = 1;
/// Bound into every wrap so a wrapped key cannot be replayed as something else.
const WRAP_AAD: &[u8] = b"xinfang-keys-v1";

pub use crate::ledger::cipher::{DataKey, key_file_path};

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct KeyFile {
    pub format: u32,
    pub kdf: String,
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
    pub salt: String,
    pub password_nonce: String,
    pub password_wrapped: String,
    pub recovery_nonce: String,
    pub recovery_wrapped: String,
}

impl KeyFile {
    /// Wraps `key` under `password` and `recovery`.
    pub fn new(key: &DataKey, password: &str, recovery: &RecoveryKey) -> Result<Self> {
        let salt = random_bytes::<16>()?;
        let mut kf = KeyFile {
            format: KEY_FILE_FORMAT,
            kdf: "argon2id".into(),
            m_kib: ARGON2_M_KIB,
            t: ARGON2_T,
            p: ARGON2_P,
            salt: hex(&salt),
            password_nonce: String::new(),
            password_wrapped: String::new(),
            recovery_nonce: String::new(),
            recovery_wrapped: String::new(),
        };
        kf.set_password(key, password)?;
        let (n, w) = wrap(&recovery.wrapping_key(&salt), key)?;
        kf.recovery_nonce = n;
        kf.recovery_wrapped = w;
        Ok(kf)
    }

    pub fn read(ledger: &Path) -> Result<Self> {
        let p = key_file_path(ledger);
        let text = std::fs::read_to_string(&p).map_err(|e| {
            Error::Security(format!(
                "读不到密钥文件“{}”（{}）。加密台账必须与它放在同一文件夹；请从备份中找回该文件",
                p.display(),
                crate::error::io_zh(&e)
            ))
        })?;
        let kf: KeyFile = serde_json::from_str(&text)
            .map_err(|e| Error::Security(format!("密钥文件“{}”已损坏（{e}）", p.display())))?;
        if kf.format != KEY_FILE_FORMAT || kf.kdf != "argon2id" {
            return Err(Error::Security(format!(
                "密钥文件“{}”的格式（{}）本程序不认识，请升级信访工作台",
                p.display(),
                kf.format
            )));
        }
        Ok(kf)
    }

    pub fn write(&self, ledger: &Path) -> Result<()> {
        let text =
            serde_json::to_string_pretty(self).map_err(|e| Error::Security(e.to_string()))?;
        write_atomic(&key_file_path(ledger), text.as_bytes())
    }

    fn salt(&self) -> Result<Vec<u8>> {
        from_hex(&self.salt).ok_or_else(|| Error::Security("密钥文件中的盐值已损坏".into()))
    }

    /// The data key, if `password` is right.
    pub fn unwrap_with_password(&self, password: &str) -> Result<DataKey> {
        let kek = derive(password, &self.salt()?, self.m_kib, self.t, self.p)?;
        unwrap(&kek, &self.password_nonce, &self.password_wrapped).ok_or(Error::WrongPassword {
            hint: String::new(),
        })
    }

    pub fn unwrap_with_recovery(&self, recovery: &RecoveryKey) -> Result<DataKey> {
        let kek = recovery.wrapping_key(&self.salt()?);
        unwrap(&kek, &self.recovery_nonce, &self.recovery_wrapped)
            .ok_or_else(|| Error::BadRecoveryKey("它打不开这个台账的密钥".into()))
    }

    /// Re-wraps the password slot (new password); the recovery slot is unchanged.
    pub fn set_password(&mut self, key: &DataKey, password: &str) -> Result<()> {
        let kek = derive(password, &self.salt()?, self.m_kib, self.t, self.p)?;
        let (n, w) = wrap(&kek, key)?;
        self.password_nonce = n;
        self.password_wrapped = w;
        Ok(())
    }
}

/// argon2id(password, salt) → 32-byte key-encryption key.
pub(crate) fn derive(password: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<[u8; 32]> {
    let params = Params::new(m, t, p, Some(32))
        .map_err(|e| Error::Security(format!("argon2 参数无效（{e}）")))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .map_err(|e| Error::Security(format!("argon2 计算失败（{e}）")))?;
    Ok(out)
}

fn wrap(kek: &[u8; 32], key: &DataKey) -> Result<(String, String)> {
    let nonce = random_bytes::<24>()?;
    let cipher = XChaCha20Poly1305::new(kek.into());
    let ct = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: key.bytes(),
                aad: WRAP_AAD,
            },
        )
        .map_err(|_| Error::Security("无法加密数据密钥".into()))?;
    Ok((hex(&nonce), hex(&ct)))
}

fn unwrap(kek: &[u8; 32], nonce: &str, wrapped: &str) -> Option<DataKey> {
    let nonce: [u8; 24] = from_hex(nonce)?.try_into().ok()?;
    let ct = from_hex(wrapped)?;
    let cipher = XChaCha20Poly1305::new(kek.into());
    let pt = cipher
        .decrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &ct,
                aad: WRAP_AAD,
            },
        )
        .ok()?;
    Some(DataKey::from_bytes(pt.try_into().ok()?))
}

/// Crockford's base32: no I, L, O, U, so a printed key reads back without guessing.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// 160 random bits shown once as 8 groups of 4 characters, e.g. `7K2M-...`.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey([u8; 20]);

impl RecoveryKey {
    pub fn generate() -> Result<Self> {
        Ok(RecoveryKey(random_bytes::<20>()?))
    }

    /// Accepts upper or lower case, with or without dashes and spaces; O→0, I/L→1.
    pub fn parse(text: &str) -> Result<Self> {
        let mut bits: u64 = 0;
        let mut nbits = 0;
        let mut out = Vec::with_capacity(20);
        let mut count = 0;
        for ch in text.chars() {
            if ch == '-' || ch.is_whitespace() {
                continue;
            }
            let c = match ch.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let Some(v) = CROCKFORD.iter().position(|&a| a as char == c) else {
                return Err(Error::BadRecoveryKey(format!("含有无效字符“{ch}”")));
            };
            count += 1;
            bits = (bits << 5) | v as u64;
            nbits += 5;
            if nbits >= 8 {
                nbits -= 8;
                out.push((bits >> nbits) as u8);
                bits &= (1 << nbits) - 1;
            }
        }
        if count != 32 {
            return Err(Error::BadRecoveryKey(format!(
                "应为 32 个字符，实际 {count} 个"
            )));
        }
        let arr: [u8; 20] = out
            .try_into()
            .map_err(|_| Error::BadRecoveryKey("长度不对".into()))?;
        Ok(RecoveryKey(arr))
    }

    /// The printed form: 8 groups of 4, dash-separated.
    pub fn display(&self) -> String {
        let mut chars = Vec::with_capacity(32);
        let mut bits: u64 = 0;
        let mut nbits = 0;
        for b in self.0 {
            bits = (bits << 8) | b as u64;
            nbits += 8;
            while nbits >= 5 {
                nbits -= 5;
                chars.push(CROCKFORD[((bits >> nbits) & 31) as usize] as char);
            }
            bits &= (1 << nbits) - 1;
        }
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// 160 random bits need no slow KDF; the salt ties it to this key file.
    fn wrapping_key(&self, salt: &[u8]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"xinfang-recovery-v1");
        h.update(self.0);
        h.update(salt);
        h.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_through_its_printed_form() {
        let k = RecoveryKey::generate().unwrap();
        let shown = k.display();
        assert_eq!(shown.len(), 39);
        assert_eq!(shown.split('-').count(), 8);
        assert!(RecoveryKey::parse(&shown).unwrap() == k);
        let lower = shown.to_lowercase().replace('-', " ");
        assert!(RecoveryKey::parse(&lower).unwrap() == k);
        assert!(RecoveryKey::parse("ABCD").is_err());
        assert!(RecoveryKey::parse(&shown.replace('-', "U")).is_err());
    }
}
