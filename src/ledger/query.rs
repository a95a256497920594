//! Lists, search and the aggregates behind the five rates. These read the materialised
//! due-date columns so a 100k-case ledger answers in milliseconds.

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::domain::{Form, Method, Purpose, Source, Status, mask_name};
use crate::error::Result;
use crate::time::fmt_date;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseFilter {
    pub unit: Option<String>,
    pub source: Option<Source>,
    pub purpose: Option<Purpose>,
    pub method: Option<Method>,
    pub status: Option<Status>,
    pub arrived_from: Option<NaiveDate>,
    pub arrived_to: Option<NaiveDate>,
    /// Only cases with a deadline of the unit's already past.
    pub overdue: bool,
    /// Only cases whose next deadline falls within this many days (overdue included).
    pub due_within: Option<i64>,
    /// Chinese substring over petitioner names, demand and case number.
    pub search: Option<String>,
    pub include_deleted: bool,
    pub sort: Option<SortKey>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    ArrivedDesc,
    ArrivedAsc,
    NextDue,
    CaseNo,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    pub case_no: String,
    pub unit: String,
    pub source: Source,
    pub form: Form,
    pub purpose: Purpose,
    pub method: Option<Method>,
    pub arrived_at: String,
    /// First petitioner's name; masked for confidential (检举控告) cases.
    pub petitioner: String,
    pub people_count: u32,
    pub demand: String,
    pub status: Status,
    pub status_label: &'static str,
    pub next_due: Option<String>,
    pub overdue: bool,
    pub confidential: bool,
    pub is_repeat: bool,
    pub responsible_leader: Option<String>,
    pub handler: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseList {
    pub total: u64,
    pub items: Vec<CaseSummary>,
}

const STATUS_SQL: &str = "CASE
    WHEN c.deleted_at IS NOT NULL THEN 'deleted'
    WHEN c.method = 'return_case' THEN 'returned'
    WHEN c.evaluation IS NOT NULL THEN 'evaluated'
    WHEN c.replied_at IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries d WHERE d.case_id = c.id) THEN 'delivered'
    WHEN c.replied_at IS NOT NULL THEN 'replied'
    WHEN c.accepted_at IS NOT NULL THEN 'in_progress'
    WHEN c.signed_at IS NOT NULL THEN 'awaiting_decision'
    ELSE 'awaiting_sign' END";

/// Demand text shown in a list row.
const DEMAND_PREVIEW_CHARS: usize = 60;

pub fn list(conn: &Connection, f: &CaseFilter, today: NaiveDate) -> Result<CaseList> {
    let mut wh: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |v: Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if !f.include_deleted {
        wh.push("c.deleted_at IS NULL".into());
    }
    if let Some(u) = &f.unit {
        let p = arg(Value::Text(u.trim().into()));
        wh.push(format!("u.name = {p}"));
    }
    if let Some(s) = f.source {
        let p = arg(Value::Text(s.code().into()));
        wh.push(format!("c.source = {p}"));
    }
    if let Some(s) = f.purpose {
        let p = arg(Value::Text(s.code().into()));
        wh.push(format!("c.purpose = {p}"));
    }
    if let Some(m) = f.method {
        let p = arg(Value::Text(m.code().into()));
        wh.push(format!("c.method = {p}"));
    }
    if let Some(s) = f.status {
        let p = arg(Value::Text(s.code().into()));
        wh.push(format!("({STATUS_SQL}) = {p}"));
    }
    if let Some(d) = f.arrived_from {
        let p = arg(Value::Text(fmt_date(d)));
        wh.push(format!("c.arrived_at >= {p}"));
    }
    if let Some(d) = f.arrived_to {
        // inclusive: everything before the next day
        let p = arg(Value::Text(fmt_date(d.succ_opt().unwrap_or(d))));
        wh.push(format!("c.arrived_at < {p}"));
    }
    if f.overdue {
        let p = arg(Value::Text(fmt_date(today)));
        wh.push(format!("c.next_due IS NOT NULL AND c.next_due < {p}"));
    }
    if let Some(days) = f.due_within {
        let limit = today + chrono::Days::new(days.clamp(0, 3650) as u64);
        let p = arg(Value::Text(fmt_date(limit)));
        wh.push(format!("c.next_due IS NOT NULL AND c.next_due <= {p}"));
    }
    if let Some(q) = f
        .search
        .as_ref()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
    {
        if q.chars().count() >= 3 {
            let p = arg(Value::Text(format!("\"{}\"", q.replace('"', "\"\""))));
            wh.push(format!(
                "c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH {p})"
            ));
        } else {
            // Trigrams cannot index one or two characters (most given names): scan the index text.
            let escaped = q
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            let p = arg(Value::Text(format!("%{escaped}%")));
            wh.push(format!(
                "c.id IN (SELECT rowid FROM case_search WHERE text LIKE {p} ESCAPE '\\')"
            ));
        }
    }
    let where_sql = if wh.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wh.join(" AND "))
    };
    let from = "FROM cases c JOIN units u ON u.id = c.unit_id";
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) {from} {where_sql}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let order = match f.sort.unwrap_or(if f.overdue || f.due_within.is_some() {
        SortKey::NextDue
    } else {
        SortKey::ArrivedDesc
    }) {
        SortKey::ArrivedDesc => "c.arrived_at DESC, c.id DESC",
        SortKey::ArrivedAsc => "c.arrived_at, c.id",
        SortKey::NextDue => "c.next_due IS NULL, c.next_due, c.arrived_at",
        SortKey::CaseNo => "c.case_no",
    };
    let limit = f.limit.map(i64::from).unwrap_or(-1);
    let offset = i64::from(f.offset.unwrap_or(0));
    let sql = format!(
        "SELECT c.case_no, u.name, c.source, c.form, c.purpose, c.method, c.arrived_at,
            (SELECT p.name FROM petitioners p WHERE p.case_id = c.id ORDER BY p.seq LIMIT 1),
            c.people_count, substr(c.demand, 1, {DEMAND_PREVIEW_CHARS}), {STATUS_SQL}, c.next_due,
            c.repeat_of IS NOT NULL, c.responsible_leader, c.handler
         {from} {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let today_s = fmt_date(today);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        let purpose: Purpose = r.get(4)?;
        let confidential = purpose.is_confidential();
        let name: Option<String> = r.get(7)?;
        let name = name.unwrap_or_default();
        let status: Status = r.get(10)?;
        let next_due: Option<String> = r.get(11)?;
        let people: i64 = r.get(8)?;
        Ok(CaseSummary {
            case_no: r.get(0)?,
            unit: r.get(1)?,
            source: r.get(2)?,
            form: r.get(3)?,
            purpose,
            method: r.get(5)?,
            arrived_at: r.get(6)?,
            petitioner: if confidential { mask_name(&name) } else { name },
            people_count: people.max(1) as u32,
            demand: r.get(9)?,
            status,
            status_label: status.label(),
            overdue: next_due.as_deref().is_some_and(|d| d < today_s.as_str()),
            next_due,
            confidential,
            is_repeat: r.get(12)?,
            responsible_leader: r.get(13)?,
            handler: r.get(14)?,
        })
    })?;
    Ok(CaseList {
        total: total.max(0) as u64,
        items: rows.collect::<rusqlite::Result<_>>()?,
    })
}

/// Counts behind the five rates for one unit (or all units) in a period.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RateCounts {
    pub total: u64,
    pub accepted_in_time: u64,
    pub accepted_late: u64,
    pub overdue_unaccepted: u64,
    pub replied_in_time: u64,
    pub replied_late: u64,
    pub overdue_unanswered: u64,
    pub evaluation_scope: u64,
    pub evaluated: u64,
    pub satisfied: u64,
    pub repeats: u64,
}

/// Aggregates per unit for arrivals in `[from, to)`. `scope_methods` are the methods whose
/// answered, non-confidential cases are in the evaluation scope.
pub fn rate_counts(
    conn: &Connection,
    unit: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    scope_methods: &[Method],
) -> Result<Vec<(String, RateCounts)>> {
    let scope = if scope_methods.is_empty() {
        "0".to_string()
    } else {
        let list: Vec<String> = scope_methods
            .iter()
            .map(|m| format!("'{}'", m.code()))
            .collect();
        format!(
            "(c.replied_at IS NOT NULL AND c.purpose <> 'accusation' AND c.method IN ({}))",
            list.join(",")
        )
    };
    let unit_clause = if unit.is_some() {
        "AND u.name = ?4"
    } else {
        ""
    };
    let sql = format!(
        "SELECT u.name, count(*),
            total(c.accepted_at IS NOT NULL AND substr(c.accepted_at, 1, 10) <= c.decide_due),
            total(c.accepted_at IS NOT NULL AND substr(c.accepted_at, 1, 10) > c.decide_due),
            total(c.accepted_at IS NULL AND c.decide_due < ?3),
            total(c.reply_due IS NOT NULL AND c.replied_at IS NOT NULL AND substr(c.replied_at, 1, 10) <= c.reply_due),
            total(c.reply_due IS NOT NULL AND c.replied_at IS NOT NULL AND substr(c.replied_at, 1, 10) > c.reply_due),
            total(c.reply_due IS NOT NULL AND c.replied_at IS NULL AND c.reply_due < ?3),
            total({scope}),
            total({scope} AND c.evaluation IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
            total({scope} AND c.evaluation IN ('satisfied', 'basically_satisfied')),
            total(c.repeat_of IS NOT NULL)
         FROM cases c JOIN units u ON u.id = c.unit_id
         WHERE c.deleted_at IS NULL AND c.arrived_at >= ?1 AND c.arrived_at < ?2 {unit_clause}
         GROUP BY u.id ORDER BY u.name"
    );
    let mut args: Vec<Value> = vec![
        Value::Text(fmt_date(from)),
        Value::Text(fmt_date(to)),
        Value::Text(fmt_date(today)),
    ];
    if let Some(u) = unit {
        args.push(Value::Text(u.trim().into()));
    }
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
        let n = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, f64>(i)?.max(0.0) as u64) };
        Ok((
            r.get::<_, String>(0)?,
            RateCounts {
                total: r.get::<_, i64>(1)?.max(0) as u64,
                accepted_in_time: n(2)?,
                accepted_late: n(3)?,
                overdue_unaccepted: n(4)?,
                replied_in_time: n(5)?,
                replied_late: n(6)?,
                overdue_unanswered: n(7)?,
                evaluation_scope: n(8)?,
                evaluated: n(9)?,
                satisfied: n(10)?,
                repeats: n(11)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// 通报 received per unit in a period: (unit, city count, district count).
pub fn breach_counts(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, u64, u64)>> {
    let mut stmt = conn.prepare(
        "SELECT u.name, total(b.level = 'city'), total(b.level = 'district')
         FROM breach_notices b JOIN units u ON u.id = b.unit_id
         WHERE b.notified_on >= ?1 AND b.notified_on < ?2 GROUP BY u.id",
    )?;
    let rows = stmt.query_map([fmt_date(from), fmt_date(to)], |r| {
        Ok((
            r.get(0)?,
            r.get::<_, f64>(1)? as u64,
            r.get::<_, f64>(2)? as u64,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
