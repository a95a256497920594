//! Export of the 台账: the rows read from the ledger in one query for all cases and one for
//! all petitioners (not case by case), the five rates for an .xlsx, then the file written by
//! [`crate::exchange::export`].

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rusqlite::types::Value as SqlValue;

use super::Desk;
use crate::domain::{DeliveryMethod, Petitioner};
use crate::error::{Error, Result};
use crate::exchange::export::{self, ExportFormat, ExportOptions, ExportReport, Row};
use crate::time::{Time, china_date, fmt_date, read_date, read_time};

/// Writes the ledger to `path`: .xlsx (with the five-rates sheet) or .csv by the extension.
pub fn export_file(
    desk: &Desk,
    path: &Path,
    opts: &ExportOptions,
    now: &Time,
) -> Result<ExportReport> {
    let rows = load_rows(desk.ledger.conn(), opts, now)?;
    let format = ExportFormat::of(path)?;
    let rates = match format {
        ExportFormat::Xlsx => {
            let year = opts.year.unwrap_or_else(|| china_date(now).year());
            Some(desk.rates(year, opts.unit.as_deref(), now)?)
        }
        ExportFormat::Csv => None,
    };
    export::write_file(path, format, opts, &rows, rates.as_ref(), now)
}

/// Reads the cases to export, in order of arrival.
fn load_rows(conn: &Connection, opts: &ExportOptions, now: &Time) -> Result<Vec<Row>> {
    let mut wh = vec!["c.deleted_at IS NULL".to_string()];
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(u) = opts
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        args.push(SqlValue::Text(u.into()));
        wh.push(format!("u.name = ?{}", args.len()));
    }
    if let Some(y) = opts.year {
        let (from, to) = (
            NaiveDate::from_ymd_opt(y, 1, 1),
            NaiveDate::from_ymd_opt(y + 1, 1, 1),
        );
        let (Some(from), Some(to)) = (from, to) else {
            return Err(Error::invalid("年份", format!("{y} 不是有效的年份")));
        };
        args.push(SqlValue::Text(fmt_date(from)));
        wh.push(format!("c.arrived_at >= ?{}", args.len()));
        args.push(SqlValue::Text(fmt_date(to)));
        wh.push(format!("c.arrived_at < ?{}", args.len()));
    }
    let where_sql = wh.join(" AND ");
    let today = fmt_date(china_date(now));

    let mut petitioners: HashMap<i64, Vec<Petitioner>> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT p.case_id, p.name, p.id_number, p.phone, p.address, p.representative FROM petitioners p
             WHERE p.case_id IN (SELECT c.id FROM cases c JOIN units u ON u.id = c.unit_id WHERE {where_sql})
             ORDER BY p.case_id, p.seq"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            petitioners.entry(r.get(0)?).or_default().push(Petitioner {
                name: r.get(1)?,
                id_number: r.get(2)?,
                phone: r.get(3)?,
                address: r.get(4)?,
                representative: r.get(5)?,
            });
        }
    }

    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.case_no, u.name, c.source, c.sender, c.sender_level, c.arrived_at, c.form,
            c.people_count, c.demand, c.suggestions, c.facts, c.history, c.purpose, c.category,
            c.hot_issue, c.cause, c.sensitive, c.threat, c.responsible_leader, c.case_owner_leader,
            c.section, c.handler, c.repeat_of, c.statutory_due_date, c.notes, c.signed_at,
            c.accepted_at, c.method, c.method_reason, c.replied_at, c.evaluation, c.evaluated_at,
            c.reply_due, c.next_due, c.status,
            (SELECT d.at FROM deliveries d WHERE d.case_id = c.id ORDER BY d.at LIMIT 1),
            (SELECT d.method FROM deliveries d WHERE d.case_id = c.id ORDER BY d.at LIMIT 1),
            c.petition_date, c.in_evaluation_scope, c.first_petition, c.sender_deadline, c.return_result, c.closed_at,
            (SELECT group_concat(substr(s.at, 1, 10), ',') FROM supervisions s WHERE s.case_id = c.id),
            c.eval_due,
            (SELECT json_group_array(json_array(f.on_date, f.way, f.result))
               FROM (SELECT * FROM follow_ups WHERE case_id = c.id ORDER BY on_date, id) f)
         FROM cases c JOIN units u ON u.id = c.unit_id
         WHERE {where_sql} ORDER BY c.arrived_at, c.id"
    ))?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    let tm = |s: Option<String>| s.map(|s| read_time(&s)).transpose();
    let dt = |s: Option<String>| s.map(|s| read_date(&s)).transpose();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let arrived: String = r.get(6)?;
        let next_due: Option<String> = r.get(34)?;
        let delivered_at = tm(r.get(36)?)?;
        let delivery_method: Option<DeliveryMethod> = r.get(37)?;
        out.push(Row {
            case_no: r.get(1)?,
            unit: r.get(2)?,
            source: r.get(3)?,
            sender: r.get(4)?,
            sender_level: r.get(5)?,
            arrived_at: read_time(&arrived)?,
            form: r.get(7)?,
            petitioners: petitioners.remove(&id).unwrap_or_default(),
            people_count: r.get(8)?,
            demand: r.get(9)?,
            suggestions: r.get(10)?,
            facts: r.get(11)?,
            history: r.get(12)?,
            purpose: r.get(13)?,
            category: r.get(14)?,
            hot_issue: r.get(15)?,
            cause: r.get(16)?,
            sensitive: r.get(17)?,
            threat: r.get(18)?,
            responsible_leader: r.get(19)?,
            case_owner_leader: r.get(20)?,
            section: r.get(21)?,
            handler: r.get(22)?,
            repeat_of: r.get(23)?,
            statutory_due_date: dt(r.get(24)?)?,
            petition_date: dt(r.get(38)?)?,
            in_evaluation_scope: r.get(39)?,
            first_petition: r.get(40)?,
            sender_deadline: dt(r.get(41)?)?,
            return_result: r.get(42)?,
            closed_at: tm(r.get(43)?)?,
            supervisions: r
                .get::<_, Option<String>>(44)?
                .map(|s| s.split(',').map(read_date).collect::<Result<Vec<_>>>())
                .transpose()?
                .map(|mut v: Vec<chrono::NaiveDate>| {
                    v.sort();
                    v
                })
                .unwrap_or_default(),
            eval_due: dt(r.get(45)?)?,
            follow_ups: follow_up_lines(r.get::<_, Option<String>>(46)?.as_deref()),
            notes: r.get(25)?,
            signed_at: tm(r.get(26)?)?,
            accepted_at: tm(r.get(27)?)?,
            method: r.get(28)?,
            method_reason: r.get(29)?,
            replied_at: tm(r.get(30)?)?,
            evaluation: r.get(31)?,
            evaluated_at: tm(r.get(32)?)?,
            reply_due: dt(r.get(33)?)?,
            overdue: next_due.as_deref().is_some_and(|d| d < today.as_str()),
            status: r.get(35)?,
            delivery: delivered_at.zip(delivery_method),
            mask_personal: opts.mask_personal,
        });
    }
    Ok(out)
}

/// The 回访 records as "2026-10-17 电话：结果", oldest first (from a JSON array of triples).
fn follow_up_lines(json: Option<&str>) -> Vec<String> {
    let rows: Vec<(String, crate::domain::FollowUpWay, String)> = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    rows.into_iter()
        .map(|(on, way, result)| format!("{on} {}：{result}", way.label()))
        .collect()
}
