//! The settings table: typed settings ([`Setting`]) read and written as JSON under their
//! key, and the revision every settings or calendar write bumps.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::Setting;
use crate::error::{Error, Result};

/// Loads and saves a [`Setting`] in the ledger's settings table.
pub trait SettingStore: Setting {
    /// The stored value, or the default when there is none.
    fn load(conn: &Connection) -> Result<Self> {
        Ok(Self::stored(conn)?.unwrap_or_default())
    }

    /// The stored value, `None` when there is none.
    fn stored(conn: &Connection) -> Result<Option<Self>> {
        get(conn, Self::KEY)
    }

    /// Stores the value (and bumps the configuration revision) in `tx`.
    fn save(&self, tx: &Transaction<'_>) -> Result<()> {
        put(tx, Self::KEY, self)
    }
}

impl<S: Setting> SettingStore for S {}

/// One settings row by key, for settings spread over several rows (the rule settings).
pub fn get<T: DeserializeOwned>(conn: &Connection, key: &str) -> Result<Option<T>> {
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

/// Writes one settings row and bumps the configuration revision.
pub fn put<T: Serialize>(tx: &Transaction<'_>, key: &str, value: &T) -> Result<()> {
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
    Ok(get(conn, KEY_CONFIG_REVISION)?.unwrap_or(0))
}
