//! Typed settings: each kind of setting names its key beside its type, and falls back to
//! its `Default` when the ledger has none. Where they are stored is the ledger's business
//! (`ledger::SettingStore`); this layer only says what they are.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A value kept in the ledger's settings table under [`Setting::KEY`] as JSON.
pub trait Setting: Serialize + DeserializeOwned + Default {
    /// The settings row's key; stable, since existing ledgers hold it.
    const KEY: &'static str;
}
