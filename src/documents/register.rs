//! The 文号 register: `永某信〔2022〕12号` — per unit, per prefix (one per document kind)
//! and year. A number is allocated inside the caller's write transaction (`BEGIN
//! IMMEDIATE`, so concurrent allocators queue), is never reused, and a voided number stays
//! in the register as voided.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::domain::DocKind;
use crate::error::{Error, Result};
use crate::time::{Time, fmt_time};

#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
pub struct DocNumber {
    pub doc_no: String,
    pub unit: String,
    pub prefix: String,
    pub year: i32,
    pub number: i64,
    pub case_no: Option<String>,
    pub kind: Option<DocKind>,
    /// `issued` or `voided`.
    pub status: String,
    pub reason: Option<String>,
    pub allocated_at: String,
    pub voided_at: Option<String>,
}

/// `永某信〔2022〕12号`: the year in 六角括号, no zero padding (GB/T 9704 §7.2.4).
pub fn format_doc_no(prefix: &str, year: i32, number: i64) -> String {
    format!("{prefix}〔{year}〕{number}号")
}

pub fn check_prefix(prefix: &str) -> Result<String> {
    let p = prefix.trim();
    if p.is_empty() {
        return Err(Error::MissingField(
            "文号前缀（机关代字，如“永住建信”）".into(),
        ));
    }
    if p.chars().count() > 20 || p.chars().any(|c| c.is_control() || "〔〕[]".contains(c)) {
        return Err(Error::invalid(
            "文号前缀",
            "只写机关代字（如“永住建信”），不超过 20 个字，不含括号和换行",
        ));
    }
    Ok(p.to_string())
}

/// Allocates the next number: one more than the highest ever allocated (voided included).
pub fn allocate(
    tx: &Transaction<'_>,
    unit_id: i64,
    prefix: &str,
    year: i32,
    case: Option<(i64, DocKind)>,
    now: &Time,
) -> Result<(String, i64)> {
    let next: i64 = tx.query_row(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM doc_numbers
         WHERE unit_id = ?1 AND prefix = ?2 AND year = ?3",
        params![unit_id, prefix, year],
        |r| r.get(0),
    )?;
    let doc_no = format_doc_no(prefix, year, next);
    tx.execute(
        "INSERT INTO doc_numbers (unit_id, prefix, year, number, doc_no, case_id, kind, allocated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            unit_id,
            prefix,
            year,
            next,
            doc_no,
            case.map(|c| c.0),
            case.map(|c| c.1),
            fmt_time(now)
        ],
    )?;
    Ok((doc_no, next))
}

/// The register row of a printed 文号 (as written, e.g. `永住建信〔2026〕3号`).
pub fn find(conn: &Connection, doc_no: &str) -> Result<Option<(i64, DocNumber)>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE d.doc_no = ?1 ORDER BY d.id LIMIT 1"
    ))?;
    Ok(stmt
        .query_row([doc_no.trim()], |r| Ok((r.get(0)?, row(r)?)))
        .optional()?)
}

/// Marks a number voided with the reason; it stays in the register and is never reissued.
pub fn void(tx: &Transaction<'_>, id: i64, reason: &str, now: &Time) -> Result<()> {
    tx.execute(
        "UPDATE doc_numbers SET status = 'voided', reason = ?2, voided_at = ?3 WHERE id = ?1",
        params![id, reason, fmt_time(now)],
    )?;
    Ok(())
}

const SELECT: &str = "SELECT d.id, d.doc_no, u.name, d.prefix, d.year, d.number, c.case_no, d.kind,
        d.status, d.reason, d.allocated_at, d.voided_at
    FROM doc_numbers d JOIN units u ON u.id = d.unit_id LEFT JOIN cases c ON c.id = d.case_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocNumber> {
    Ok(DocNumber {
        doc_no: r.get(1)?,
        unit: r.get(2)?,
        prefix: r.get(3)?,
        year: r.get(4)?,
        number: r.get(5)?,
        case_no: r.get(6)?,
        kind: r.get(7)?,
        status: r.get(8)?,
        reason: r.get(9)?,
        allocated_at: r.get(10)?,
        voided_at: r.get(11)?,
    })
}

/// The register, optionally for one unit and/or year, in allocation order.
pub fn list(conn: &Connection, unit: Option<&str>, year: Option<i32>) -> Result<Vec<DocNumber>> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE (?1 IS NULL OR u.name = ?1) AND (?2 IS NULL OR d.year = ?2)
         ORDER BY u.name, d.prefix, d.year, d.number"
    ))?;
    let rows = stmt
        .query_map(params![unit.map(str::trim), year], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
