//! Lists, search and the aggregates behind the five rates. These read the materialised
//! due-date columns so a 100k-case ledger answers in milliseconds.

use chrono::NaiveDate;
use rusqlite::Connection;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Form, Method, Petitioner, Purpose, Source, Status, mask_name, redact_identity,
};
use crate::error::Result;
use crate::rules::rates::{EvalState, RateCounts, Timeliness};
use crate::time::fmt_date;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(optional_fields = nullable)]
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
    #[ts(as = "Option<bool>", optional)]
    pub overdue: bool,
    /// Only cases whose next deadline falls within this many days (overdue included).
    pub due_within: Option<i64>,
    /// Only answered cases the petitioner has yet to evaluate (N §二 引导评价).
    #[ts(as = "Option<bool>", optional)]
    #[serde(default)]
    pub to_evaluate: bool,
    /// Chinese substring over petitioner names, demand and case number.
    pub search: Option<String>,
    #[ts(as = "Option<bool>", optional)]
    pub include_deleted: bool,
    pub sort: Option<SortKey>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[ts(optional_fields = nullable)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    ArrivedDesc,
    ArrivedAsc,
    NextDue,
    CaseNo,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
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
    /// 督办次数 (条例 §22).
    pub supervisions: u32,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CaseList {
    pub total: u64,
    pub items: Vec<CaseSummary>,
}

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
        wh.push(format!(
            "c.unit_id = (SELECT id FROM units WHERE name = {p})"
        ));
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
        wh.push(format!("c.status = {p}"));
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
    if f.to_evaluate {
        wh.push("c.eval_from IS NOT NULL".into());
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
        let n = q.chars().count();
        if n >= 3 {
            let p = arg(Value::Text(format!("\"{}\"", q.replace('"', "\"\""))));
            wh.push(format!(
                "c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH {p})"
            ));
        } else if q.chars().all(char::is_alphanumeric) {
            // One or two characters (most given names, words like 工资): a whole case_grams token.
            let p = arg(Value::Text(format!("\"{}\"", q.to_lowercase())));
            wh.push(format!(
                "c.id IN (SELECT rowid FROM case_grams WHERE case_grams MATCH {p})"
            ));
        } else {
            let p = arg(Value::Text(q.to_string()));
            wh.push(format!(
                "c.id IN (SELECT rowid FROM case_search WHERE instr(text, {p}) > 0)"
            ));
        }
    }
    let where_sql = if wh.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", wh.join(" AND "))
    };
    let from = "FROM cases c";
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) {from} {where_sql}"),
        rusqlite::params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let sort = f.sort.unwrap_or(if f.overdue || f.due_within.is_some() {
        SortKey::NextDue
    } else {
        SortKey::ArrivedDesc
    });
    let order = match sort {
        SortKey::ArrivedDesc => "c.arrived_at DESC",
        SortKey::ArrivedAsc => "c.arrived_at",
        // When the filter already excludes cases without a deadline, plain order uses the index.
        SortKey::NextDue if f.overdue || f.due_within.is_some() => "c.next_due, c.id",
        SortKey::NextDue => "c.next_due IS NULL, c.next_due, c.id",
        SortKey::CaseNo => "c.case_no",
    };
    let limit = f.limit.map(i64::from).unwrap_or(-1);
    let offset = i64::from(f.offset.unwrap_or(0));
    // A search matching thousands of cases would otherwise read and sort every match to
    // show one page; walking the arrival index and probing the matches stops after a page.
    let from = match sort {
        SortKey::ArrivedDesc | SortKey::ArrivedAsc if f.search.is_some() && f.unit.is_none() => {
            "FROM cases c INDEXED BY cases_arrived"
        }
        _ => from,
    };
    let sql = format!(
        "SELECT c.case_no, (SELECT name FROM units WHERE id = c.unit_id), c.source, c.form,
            c.purpose, c.method, c.arrived_at,
            (SELECT p.name FROM petitioners p WHERE p.case_id = c.id ORDER BY p.seq LIMIT 1),
            c.people_count, substr(c.demand, 1, {DEMAND_PREVIEW_CHARS}), c.status, c.next_due,
            c.repeat_of IS NOT NULL, c.responsible_leader, c.handler,
            (SELECT count(*) FROM supervisions s WHERE s.case_id = c.id)
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
            supervisions: r.get::<_, i64>(15)?.clamp(0, 9999) as u32,
        })
    })?;
    let mut items: Vec<CaseSummary> = rows.collect::<rusqlite::Result<_>>()?;
    // 条例 §30.3: a 检举控告 demand that quotes the accuser is listed without them.
    for item in items.iter_mut().filter(|i| i.confidential) {
        let people = petitioners_of(conn, &item.case_no)?;
        item.demand = redact_identity(&item.demand, &people, "（保密）");
    }
    Ok(CaseList {
        total: total.max(0) as u64,
        items,
    })
}

fn petitioners_of(conn: &Connection, case_no: &str) -> Result<Vec<Petitioner>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.name, p.id_number, p.phone, p.address, p.representative FROM petitioners p
         JOIN cases c ON c.id = p.case_id WHERE c.case_no = ?1",
    )?;
    let rows = stmt.query_map([case_no], |r| {
        Ok(Petitioner {
            name: r.get(0)?,
            id_number: r.get(1)?,
            phone: r.get(2)?,
            address: r.get(3)?,
            representative: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The units to aggregate: one by name, or all.
fn unit_ids(conn: &Connection, unit: Option<&str>) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, name FROM units WHERE ?1 IS NULL OR name = ?1 ORDER BY name")?;
    let rows = stmt.query_map([unit.map(str::trim)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Aggregates per unit for arrivals in `[from, to)`, from the derived per-case states
/// (one covering-index range per unit, no sort; the score profile's evaluation scope is
/// already folded into `eval_state`). Units with no case in the period are left out.
pub fn rate_counts(
    conn: &Connection,
    unit: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<(String, RateCounts)>> {
    use Timeliness::{Excluded, InTime, Late, Pending};
    let (pending, in_time, late, excluded) =
        (Pending.code(), InTime.code(), Late.code(), Excluded.code());
    let (unrated, dissatisfied, satisfied) = (
        EvalState::Unrated.code(),
        EvalState::Dissatisfied.code(),
        EvalState::Satisfied.code(),
    );
    let sql = format!(
        "SELECT total(accept_state != {excluded}), total(accept_state = {in_time}), total(accept_state = {late}),
            total(accept_state = {pending} AND decide_due < ?3),
            total(reply_state = {in_time}), total(reply_state = {late}),
            total(reply_state = {pending} AND reply_due < ?3),
            total(eval_state >= {unrated}), total(eval_state >= {dissatisfied}),
            total(eval_state = {satisfied}), total(is_repeat),
            total(iif(accept_state != {excluded}, people_count, 0))
         FROM cases INDEXED BY cases_rates
         WHERE unit_id = ?4 AND arrived_at >= ?1 AND arrived_at < ?2 AND deleted_at IS NULL"
    );
    let (from, to, today) = (fmt_date(from), fmt_date(to), fmt_date(today));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out = Vec::new();
    for (id, name) in unit_ids(conn, unit)? {
        let counts = stmt.query_row(rusqlite::params![from, to, today, id], |r| {
            let n = |i: usize| -> rusqlite::Result<u64> { Ok(r.get::<_, f64>(i)?.max(0.0) as u64) };
            Ok(RateCounts {
                total: r.get::<_, f64>(0)?.max(0.0) as u64,
                accepted_in_time: n(1)?,
                accepted_late: n(2)?,
                overdue_unaccepted: n(3)?,
                replied_in_time: n(4)?,
                replied_late: n(5)?,
                overdue_unanswered: n(6)?,
                evaluation_scope: n(7)?,
                evaluated: n(8)?,
                satisfied: n(9)?,
                repeats: n(10)?,
                people: n(11)?,
            })
        })?;
        if counts.total > 0 {
            out.push((name, counts));
        }
    }
    Ok(out)
}

/// Totals and repeats per unit in a period: all of last year that the score needs.
pub fn repeat_counts(
    conn: &Connection,
    unit: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, RateCounts)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT count(*), total(is_repeat) FROM cases INDEXED BY cases_rates
         WHERE unit_id = ?3 AND arrived_at >= ?1 AND arrived_at < ?2 AND deleted_at IS NULL",
    )?;
    let (from, to) = (fmt_date(from), fmt_date(to));
    let mut out = Vec::new();
    for (id, name) in unit_ids(conn, unit)? {
        let counts = stmt.query_row(rusqlite::params![from, to, id], |r| {
            Ok(RateCounts {
                total: r.get::<_, f64>(0)?.max(0.0) as u64,
                repeats: r.get::<_, f64>(1)?.max(0.0) as u64,
                ..RateCounts::default()
            })
        })?;
        if counts.total > 0 {
            out.push((name, counts));
        }
    }
    Ok(out)
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
