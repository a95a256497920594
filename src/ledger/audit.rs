//! The append-only audit log: every change, with who, when, and the record before and
//! after. Triggers in the schema refuse UPDATE and DELETE on it, and each entry carries the
//! hash of the one before it (V4), so a hand edit of the file shows as a broken link.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

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
    // Inside the caller's write transaction (BEGIN IMMEDIATE): nobody else can append between
    // reading the head and inserting after it.
    let (last_id, prev): (i64, String) = tx
        .prepare_cached("SELECT id, coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new()));
    let row = RawEntry {
        id: last_id + 1,
        at: fmt_time(change.at),
        actor: change.actor.to_string(),
        entity: change.entity.to_string(),
        entity_id: change.entity_id.to_string(),
        action: change.action.to_string(),
        before: text(before),
        after: text(after),
        prev_hash: None,
        hash: None,
    };
    let hash = entry_hash(&prev, &row);
    tx.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, entity, entity_id, action, before, after, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        row.id,
        row.at,
        row.actor,
        row.entity,
        row.entity_id,
        row.action,
        row.before,
        row.after,
        prev,
        hash,
    ])?;
    Ok(())
}

/// An audit row as stored, for hashing and verifying.
#[derive(Debug, Clone)]
pub struct RawEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

const RAW_COLUMNS: &str =
    "id, at, actor, entity, entity_id, action, before, after, prev_hash, hash";

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        action: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
    })
}

/// Every entry with id > `after_id`, in id order (the V4 migration chains them).
pub fn raw_entries(conn: &Connection, after_id: i64) -> Result<Vec<RawEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RAW_COLUMNS} FROM audit_log WHERE id > ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([after_id], raw_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// sha256 (hex) over the previous entry's hash and this entry's content as a JSON array:
/// the id, time, actor, what changed, and the before/after text exactly as stored.
pub fn entry_hash(prev_hash: &str, e: &RawEntry) -> String {
    let content = serde_json::json!([
        e.id,
        e.at,
        e.actor,
        e.entity,
        e.entity_id,
        e.action,
        e.before,
        e.after
    ]);
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(content.to_string().as_bytes());
    hex(&h.finalize())
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The newest entry's hash with the number of entries: what the monthly report prints so a
/// paper copy can later prove the history was not rewritten.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
pub struct ChainHead {
    pub hash: String,
    pub count: i64,
    pub id: i64,
    pub at: String,
}

pub fn chain_head(conn: &Connection) -> Result<Option<ChainHead>> {
    let count: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let head = conn
        .query_row(
            "SELECT id, at, coalesce(hash, '') FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(head.map(|(id, at, hash)| ChainHead {
        hash,
        count,
        id,
        at,
    }))
}

/// The first entry whose link does not hold, with what is wrong in words.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct BrokenLink {
    pub id: i64,
    pub at: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub what: String,
}

/// A case whose stored field differs from what its audit entries say it was set to.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CaseMismatch {
    pub case_no: String,
    pub field: String,
    pub in_ledger: Option<String>,
    pub in_audit: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ChainReport {
    pub ok: bool,
    pub count: i64,
    pub head: Option<ChainHead>,
    pub broken: Option<BrokenLink>,
    /// The triggers that refuse UPDATE/DELETE on the log are missing (dropped by hand).
    pub missing_triggers: Vec<String>,
    pub case_mismatches: Vec<CaseMismatch>,
    pub message: String,
}

/// Recomputes the whole chain in id order and compares the case table's step times with
/// what the audit entries recorded. Reads only.
pub fn verify(conn: &Connection) -> Result<ChainReport> {
    let mut stmt = conn.prepare(&format!("SELECT {RAW_COLUMNS} FROM audit_log ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let (mut prev, mut count, mut broken, mut last) = (String::new(), 0i64, None, None);
    while let Some(r) = rows.next()? {
        let e = raw_row(r)?;
        count += 1;
        if broken.is_none() {
            let stored_prev = e.prev_hash.clone().unwrap_or_default();
            let what = if e.hash.is_none() {
                Some("这条记录没有哈希（可能是绕过程序直接写入数据库的）".to_string())
            } else if stored_prev != prev {
                Some("与前一条记录的哈希接不上（前面的记录被删除、插入或改动过）".to_string())
            } else if e.hash.as_deref() != Some(entry_hash(&prev, &e).as_str()) {
                Some("内容与哈希不符（这条记录的时间或内容被改动过）".to_string())
            } else {
                None
            };
            if let Some(what) = what {
                broken = Some(BrokenLink {
                    id: e.id,
                    at: e.at.clone(),
                    entity: e.entity.clone(),
                    entity_id: e.entity_id.clone(),
                    action: e.action.clone(),
                    what,
                });
            }
        }
        prev = e.hash.clone().unwrap_or_default();
        last = Some(ChainHead {
            hash: prev.clone(),
            count: 0,
            id: e.id,
            at: e.at,
        });
    }
    let head = last.map(|h| ChainHead { count, ..h });
    let mut missing_triggers = Vec::new();
    for name in ["audit_log_no_update", "audit_log_no_delete"] {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        if n == 0 {
            missing_triggers.push(name.to_string());
        }
    }
    let case_mismatches = case_mismatches(conn)?;
    let ok = broken.is_none() && missing_triggers.is_empty() && case_mismatches.is_empty();
    let message = if ok {
        format!(
            "审计记录完整：共 {count} 条，链头 {}。",
            head.as_ref().map(|h| short(&h.hash)).unwrap_or("（空）")
        )
    } else if let Some(b) = &broken {
        format!(
            "审计记录在第 {} 条（{}，{} {} {}）处断开：{}。该条及其后的记录不可信，请用备份核对。",
            b.id, b.at, b.entity, b.entity_id, b.action, b.what
        )
    } else if let Some(m) = case_mismatches.first() {
        format!(
            "台账记录与审计记录不一致：信访件 {} 的 {} 在台账中为 {}，审计记录为 {}（共 {} 处）。台账可能被绕过程序改动过，请用备份核对。",
            m.case_no,
            m.field,
            m.in_ledger.as_deref().unwrap_or("空"),
            m.in_audit.as_deref().unwrap_or("空"),
            case_mismatches.len()
        )
    } else {
        format!(
            "审计日志的防改触发器已被删除（{}）：有人绕过程序改动过数据库，请用备份核对。",
            missing_triggers.join("、")
        )
    };
    Ok(ChainReport {
        ok,
        count,
        head,
        broken,
        missing_triggers,
        case_mismatches,
        message,
    })
}

fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or(hash)
}

/// Step times that only change through audited writes: replaying each case's entries
/// (the create entry's fields, then every later diff) must give what the case row holds.
const CHECKED_FIELDS: &[&str] = &["signed_at", "accepted_at", "replied_at", "evaluated_at"];

fn case_mismatches(conn: &Connection) -> Result<Vec<CaseMismatch>> {
    use std::collections::HashMap;
    // case_no -> (create entry seen, field -> last recorded value)
    let mut replay: HashMap<String, (bool, HashMap<&'static str, Option<String>>)> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT entity_id, action, after FROM audit_log WHERE entity = 'case' ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (case_no, action, after): (String, String, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        let Some(after) = after.and_then(|a| serde_json::from_str::<serde_json::Value>(&a).ok())
        else {
            continue;
        };
        let entry = replay.entry(case_no).or_default();
        if action == "create" {
            *entry = (true, HashMap::new());
        }
        for &field in CHECKED_FIELDS {
            if let Some(v) = after.get(field) {
                entry.1.insert(field, v.as_str().map(str::to_string));
            }
        }
    }
    let mut out = Vec::new();
    let cols = CHECKED_FIELDS.join(", ");
    let mut stmt = conn.prepare(&format!("SELECT case_no, {cols} FROM cases ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let case_no: String = r.get(0)?;
        let Some((created, fields)) = replay.get(&case_no) else {
            continue;
        };
        for (i, &field) in CHECKED_FIELDS.iter().enumerate() {
            let in_ledger: Option<String> = r.get(i + 1)?;
            let in_audit = match fields.get(field) {
                Some(v) => v.clone(),
                None if *created => None,
                None => continue,
            };
            if in_ledger != in_audit {
                out.push(CaseMismatch {
                    case_no: case_no.clone(),
                    field: field.to_string(),
                    in_ledger,
                    in_audit,
                });
            }
        }
    }
    Ok(out)
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

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
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
