//! The append-only audit log: every change, with who, when, and the record before and
//! after. Triggers in the schema refuse UPDATE and DELETE on it.

use rusqlite::{Connection, Transaction, params};
use serde::Serialize;

use crate::error::Result;
use crate::time::{Time, fmt_time};

pub struct Change<'a> {
    pub actor: &'a str,
    pub at: &'a Time,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
}

pub fn record(
    tx: &Transaction<'_>,
    change: &Change<'_>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let text = |v: Option<&serde_json::Value>| v.map(|v| v.to_string());
    tx.prepare_cached(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        fmt_time(change.at),
        change.actor,
        change.entity,
        change.entity_id,
        change.action,
        text(before),
        text(after),
    ])?;
    Ok(())
}

/// Fields that change on every write or are derived; left out of diffs.
const NOT_DIFFED: &[&str] = &["events", "updated_at", "status_label"];

/// The top-level fields that differ, as (before, after) objects: an update's audit entry
/// holds what changed, not two copies of the whole case.
pub fn diff(
    before: &serde_json::Value,
    after: &serde_json::Value,
) -> (serde_json::Value, serde_json::Value) {
    use serde_json::{Map, Value};
    let empty = Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    let (mut bo, mut ao) = (Map::new(), Map::new());
    for key in b.keys().chain(a.keys()) {
        if NOT_DIFFED.contains(&key.as_str()) || bo.contains_key(key) || ao.contains_key(key) {
            continue;
        }
        let (x, y) = (
            b.get(key).unwrap_or(&Value::Null),
            a.get(key).unwrap_or(&Value::Null),
        );
        if x != y {
            bo.insert(key.clone(), x.clone());
            ao.insert(key.clone(), y.clone());
        }
    }
    (Value::Object(bo), Value::Object(ao))
}

/// Drops null fields so a new record's entry holds only what was entered.
pub fn without_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        serde_json::Value::Array(xs) => {
            serde_json::Value::Array(xs.into_iter().map(without_nulls).collect())
        }
        other => other,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub fn entries_for(conn: &Connection, entity: &str, entity_id: &str) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log
         WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    let rows = stmt.query_map([entity, entity_id], |r| {
        Ok(AuditEntry {
            id: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            entity: r.get(3)?,
            entity_id: r.get(4)?,
            action: r.get(5)?,
            before: parse(r.get(6)?),
            after: parse(r.get(7)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
