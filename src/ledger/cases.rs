//! Reading and writing one case and the records it owns. Business rules live in
//! `api`; this module only maps between the domain types and the tables.

use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use crate::domain::{
    AttachmentRecord, Case, Delivery, DocKind, Document, Event, Extension, FollowUp, NewCase,
    Petitioner, Progress, Review, Signoff, Status, Supervision,
};
use crate::error::{Error, Result};
use crate::rules::rates::{EvalState, Timeliness};
use crate::time::{Time, fmt_date, fmt_time, read_date, read_time};

/// Finds a unit by name, creating it on first use.
pub fn unit_id(tx: &Transaction<'_>, name: &str, now: &Time) -> Result<i64> {
    let name = name.trim();
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM units WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO units (name, created_at) VALUES (?1, ?2)")?
        .execute(params![name, fmt_time(now)])?;
    Ok(tx.last_insert_rowid())
}

/// The row id of a case, refusing deleted ones unless `allow_deleted`.
pub fn find(conn: &Connection, case_no: &str, allow_deleted: bool) -> Result<i64> {
    let row: Option<(i64, Option<String>)> = conn
        .prepare_cached("SELECT id, deleted_at FROM cases WHERE case_no = ?1")?
        .query_row([case_no.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Err(Error::CaseNotFound(case_no.trim().into())),
        Some((_, Some(_))) if !allow_deleted => Err(Error::CaseDeleted(case_no.trim().into())),
        Some((id, _)) => Ok(id),
    }
}

pub fn exists(conn: &Connection, case_no: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM cases WHERE case_no = ?1")?
        .exists([case_no.trim()])?)
}

/// When the case with this number was deleted (None: not deleted, or no such case).
pub fn deleted_at(conn: &Connection, case_no: &str) -> Result<Option<Time>> {
    let at: Option<Option<String>> = conn
        .prepare_cached("SELECT deleted_at FROM cases WHERE case_no = ?1")?
        .query_row([case_no.trim()], |r| r.get(0))
        .optional()?;
    at.flatten()
        .map(|s| crate::time::parse_time(&s))
        .transpose()
}

/// The columns derived from a case (see `api::derived`), written with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub sign_due: Option<String>,
    pub decide_due: Option<String>,
    pub reply_due: Option<String>,
    /// 书面告知 (条例 §23): 15 days from receipt.
    pub notify_due: Option<String>,
    pub next_due: Option<String>,
    pub status: Status,
    pub accept_state: Timeliness,
    pub reply_state: Option<Timeliness>,
    pub eval_state: EvalState,
    pub is_repeat: bool,
    /// N §二 引导评价: the day the answer reached the petitioner, while unevaluated.
    pub eval_from: Option<String>,
    /// The evaluation window's last day (setting), while unevaluated.
    pub eval_due: Option<String>,
}

/// The registered fields' columns, in the order [`registered`] gives their values: one list,
/// so registering (`insert`) and editing (`update_info`) write the same columns.
const REGISTERED: [&str; 29] = [
    "case_no",
    "unit_id",
    "source",
    "sender",
    "sender_level",
    "arrived_at",
    "form",
    "people_count",
    "demand",
    "suggestions",
    "facts",
    "history",
    "purpose",
    "category",
    "hot_issue",
    "cause",
    "sensitive",
    "threat",
    "responsible_leader",
    "case_owner_leader",
    "section",
    "handler",
    "repeat_of",
    "statutory_due_date",
    "notes",
    "petition_date",
    "in_evaluation_scope",
    "sender_deadline",
    "demand_summary",
];

/// The registered fields' values, in the order of [`REGISTERED`].
fn registered(c: &NewCase, unit_id: i64) -> [Box<dyn ToSql + '_>; 29] {
    [
        Box::new(c.case_no.trim()),
        Box::new(unit_id),
        Box::new(c.source),
        Box::new(&c.sender),
        Box::new(c.sender_level),
        Box::new(fmt_time(&c.arrived_at)),
        Box::new(c.form),
        Box::new(c.people_count()),
        Box::new(&c.demand),
        Box::new(&c.suggestions),
        Box::new(&c.facts),
        Box::new(&c.history),
        Box::new(c.purpose),
        Box::new(&c.category),
        Box::new(&c.hot_issue),
        Box::new(&c.cause),
        Box::new(c.sensitive),
        Box::new(c.threat),
        Box::new(&c.responsible_leader),
        Box::new(&c.case_owner_leader),
        Box::new(&c.section),
        Box::new(&c.handler),
        Box::new(&c.repeat_of),
        Box::new(c.statutory_due_date.map(fmt_date)),
        Box::new(&c.notes),
        Box::new(c.petition_date.map(fmt_date)),
        Box::new(c.in_evaluation_scope),
        Box::new(c.sender_deadline.map(fmt_date)),
        Box::new(&c.demand_summary),
    ]
}

/// Inserts a case with the steps it has been through and its derived columns: one row
/// write, so a bulk import pays for each index once.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    tx: &Transaction<'_>,
    c: &NewCase,
    unit_id: i64,
    p: &Progress,
    d: &Derived,
    first_petition: bool,
    actor: &str,
    now: &Time,
) -> Result<i64> {
    const LATER: [&str; 24] = [
        "created_at",
        "updated_at",
        "signed_at",
        "accepted_at",
        "method",
        "method_reason",
        "replied_at",
        "evaluation",
        "evaluated_at",
        "sign_due",
        "decide_due",
        "reply_due",
        "next_due",
        "status",
        "accept_state",
        "reply_state",
        "eval_state",
        "is_repeat",
        "notify_due",
        "first_petition",
        "return_result",
        "closed_at",
        "eval_from",
        "eval_due",
    ];
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let cols: Vec<&str> = REGISTERED.into_iter().chain(LATER).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO cases ({}) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        )
    });
    let now_s = fmt_time(now);
    let t = |x: &Option<Time>| x.as_ref().map(fmt_time);
    let later = params![
        now_s,
        now_s,
        t(&p.signed_at),
        t(&p.accepted_at),
        p.method,
        p.method_reason,
        t(&p.replied_at),
        p.evaluation,
        t(&p.evaluated_at),
        d.sign_due,
        d.decide_due,
        d.reply_due,
        d.next_due,
        d.status,
        d.accept_state.code(),
        d.reply_state.map(Timeliness::code),
        d.eval_state.code(),
        d.is_repeat,
        d.notify_due,
        first_petition,
        p.return_result,
        t(&p.closed_at),
        d.eval_from,
        d.eval_due,
    ];
    debug_assert_eq!(later.len(), LATER.len());
    let fields = registered(c, unit_id);
    tx.prepare_cached(&SQL)?.execute(params_from_iter(
        fields
            .iter()
            .map(AsRef::as_ref)
            .chain(later.iter().copied()),
    ))?;
    let id = tx.last_insert_rowid();
    write_petitioners(tx, id, &c.petitioners)?;
    reindex(tx, id, true)?;
    add_event(tx, id, "registered", &c.arrived_at, actor, "", now)?;
    let steps = [
        ("signed", p.signed_at, None),
        ("decided", p.accepted_at, p.method.map(|m| m.label())),
        ("replied", p.replied_at, None),
        ("evaluated", p.evaluated_at, p.evaluation.map(|e| e.label())),
        ("closed", p.closed_at, None),
    ];
    for (kind, at, what) in steps {
        if let Some(at) = at {
            let detail = match what {
                Some(w) => format!("{w}（导入）"),
                None => "导入".to_string(),
            };
            add_event(tx, id, kind, &at, actor, &detail, now)?;
        }
    }
    Ok(id)
}

/// Rewrites the derived columns after a change.
pub fn store_derived(tx: &Transaction<'_>, id: i64, d: &Derived) -> Result<()> {
    tx.prepare_cached(
        "UPDATE cases SET sign_due = ?2, decide_due = ?3, reply_due = ?4, next_due = ?5, status = ?6,
            accept_state = ?7, reply_state = ?8, eval_state = ?9, is_repeat = ?10, notify_due = ?11
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        d.sign_due,
        d.decide_due,
        d.reply_due,
        d.next_due,
        d.status,
        d.accept_state.code(),
        d.reply_state.map(Timeliness::code),
        d.eval_state.code(),
        d.is_repeat,
        d.notify_due,
    ])?;
    // The V5 and V_WORKFLOW recomputations run before the evaluation columns exist.
    if super::schema::has_evaluation(tx)? {
        tx.prepare_cached("UPDATE cases SET eval_from = ?2, eval_due = ?3 WHERE id = ?1")?
            .execute(params![id, d.eval_from, d.eval_due])?;
    }
    Ok(())
}

/// Replaces the registered fields (the lifecycle columns are untouched).
pub fn update_info(
    tx: &Transaction<'_>,
    id: i64,
    c: &NewCase,
    unit_id: i64,
    now: &Time,
) -> Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let sets: Vec<String> = REGISTERED
            .iter()
            .enumerate()
            .map(|(i, col)| format!("{col} = ?{}", i + 3))
            .collect();
        format!(
            "UPDATE cases SET updated_at = ?2, {} WHERE id = ?1",
            sets.join(", ")
        )
    });
    let now_s = fmt_time(now);
    let fields = registered(c, unit_id);
    let head: [&dyn ToSql; 2] = [&id, &now_s];
    tx.prepare_cached(&SQL)?.execute(params_from_iter(
        head.into_iter().chain(fields.iter().map(AsRef::as_ref)),
    ))?;
    tx.execute("DELETE FROM petitioners WHERE case_id = ?1", [id])?;
    write_petitioners(tx, id, &c.petitioners)?;
    reindex(tx, id, false)
}

fn write_petitioners(tx: &Transaction<'_>, id: i64, ps: &[Petitioner]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO petitioners (case_id, seq, name, id_number, phone, address, representative)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, p) in ps.iter().enumerate() {
        let id_number = p.id_number.as_ref().map(|s| s.trim().to_ascii_uppercase());
        stmt.execute(params![
            id,
            i as i64,
            p.name.trim(),
            id_number,
            p.phone.as_ref().map(|s| s.trim()),
            p.address,
            p.representative
        ])?;
    }
    Ok(())
}

fn write_index(tx: &Transaction<'_>, id: i64, text: &str, fresh: bool) -> Result<()> {
    if !fresh {
        tx.prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM case_grams WHERE rowid = ?1")?
            .execute([id])?;
    }
    tx.prepare_cached("INSERT INTO case_search (rowid, text) VALUES (?1, ?2)")?
        .execute(params![id, text])?;
    tx.prepare_cached("INSERT INTO case_grams (rowid, grams) VALUES (?1, ?2)")?
        .execute(params![id, grams(text)])?;
    Ok(())
}

/// Rebuilds one case's search text from its stored rows (after a 文号 is recorded on one of
/// its documents, and for every case when a schema step widens what is indexed).
pub fn reindex_stored(tx: &Transaction<'_>, id: i64) -> Result<()> {
    reindex(tx, id, false)
}

/// Keeps the search index in step with every text a clerk searches by (issue #21 §15): case
/// number, names, demand, 来源机关, 内容分类, 热点问题, 责任科室 and the documents' 文号.
fn reindex(tx: &Transaction<'_>, id: i64, fresh: bool) -> Result<()> {
    let row: (String, String, [Option<String>; 4]) = tx.query_row(
        "SELECT case_no, demand, sender, category, hot_issue, section FROM cases WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        },
    )?;
    let (case_no, demand, fields) = row;
    let mut text = case_no.trim().to_string();
    let mut names =
        tx.prepare_cached("SELECT name FROM petitioners WHERE case_id = ?1 ORDER BY seq")?;
    for name in names.query_map([id], |r| r.get::<_, String>(0))? {
        text.push(' ');
        text.push_str(name?.trim());
    }
    for field in fields.iter().flatten() {
        text.push(' ');
        text.push_str(field.trim());
    }
    let mut nos = tx.prepare_cached(
        "SELECT doc_no FROM documents WHERE case_id = ?1 AND doc_no IS NOT NULL ORDER BY id",
    )?;
    for no in nos.query_map([id], |r| r.get::<_, String>(0))? {
        text.push(' ');
        text.push_str(&no?);
    }
    text.push(' ');
    text.push_str(&demand);
    write_index(tx, id, &text, fresh)
}

/// Every case's search text rebuilt (the schema step that widened the index).
pub fn reindex_all(tx: &Transaction<'_>) -> Result<()> {
    let ids: Vec<i64> = tx
        .prepare("SELECT id FROM cases")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        reindex_stored(tx, id)?;
    }
    Ok(())
}

/// Every single character and adjacent pair of word characters, space-separated and
/// deduplicated: the tokens `case_grams` indexes for one- and two-character queries.
pub fn grams(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect();
    let mut seen: std::collections::HashSet<(char, Option<char>)> =
        std::collections::HashSet::with_capacity(chars.len() * 2);
    let mut out = String::with_capacity(text.len() * 3);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            continue;
        }
        if seen.insert((c, None)) {
            out.push(c);
            out.push(' ');
        }
        if let Some(&n) = chars.get(i + 1).filter(|n| n.is_alphanumeric())
            && seen.insert((c, Some(n)))
        {
            out.push(c);
            out.push(n);
            out.push(' ');
        }
    }
    out
}

/// Sets lifecycle columns by name. Only this module's callers name columns, never user input.
pub fn set_columns(
    tx: &Transaction<'_>,
    id: i64,
    cols: &[(&'static str, &dyn ToSql)],
    now: &Time,
) -> Result<()> {
    let mut sql = String::from("UPDATE cases SET updated_at = ?1");
    for (i, (col, _)) in cols.iter().enumerate() {
        sql.push_str(&format!(", {col} = ?{}", i + 3));
    }
    sql.push_str(" WHERE id = ?2");
    let now_s = fmt_time(now);
    let mut values: Vec<&dyn ToSql> = vec![&now_s, &id];
    values.extend(cols.iter().map(|(_, v)| *v));
    tx.prepare_cached(&sql)?.execute(values.as_slice())?;
    Ok(())
}

pub fn add_event(
    tx: &Transaction<'_>,
    id: i64,
    kind: &str,
    at: &Time,
    actor: &str,
    detail: &str,
    now: &Time,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO events (case_id, kind, at, actor, detail, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![id, kind, fmt_time(at), actor, detail, fmt_time(now)])?;
    Ok(())
}

pub fn event_label(kind: &str) -> &'static str {
    match kind {
        "registered" => "登记",
        "signed" => "签收",
        "decided" => "确定办理方式",
        "replied" => "答复",
        "delivered" => "送达",
        "receipt" => "送达回证返回",
        "document_body" => "编辑文书正文",
        "document_final" => "生成正式文书",
        "evaluated" => "满意度评价",
        "extended" => "延期",
        "review_requested" => "申请复查/复核",
        "review_opinion" => "复查/复核意见",
        "document" => "文书",
        "review_received" => "复查/复核意见签收",
        "signoff" => "领导签批",
        "attachment" => "附件",
        "attachment_reviewed" => "附件审核",
        "attachment_removed" => "删除附件",
        "updated" => "更正登记",
        "withdrawn" => "撤销",
        "deleted" => "删除",
        "restored" => "恢复",
        "doc_no" => "文号",
        "attachments_packaged" => "生成上传包",
        "repeat_check" => "三到位一处理",
        "return_result" => "退件审核",
        "supervised" => "督办",
        "closed" => "办结",
        "reopened" => "再次办理",
        "follow_up" => "回访",
        _ => "其他",
    }
}

/// Upserts a document by kind (one per kind per case).
pub fn upsert_document(
    tx: &Transaction<'_>,
    id: i64,
    kind: DocKind,
    doc_no: Option<&str>,
    issued_at: Option<&Time>,
    title: Option<&str>,
    now: &Time,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO documents (case_id, kind, doc_no, issued_at, created_at, title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (case_id, kind) DO UPDATE SET
            doc_no = COALESCE(excluded.doc_no, doc_no),
            issued_at = COALESCE(excluded.issued_at, issued_at),
            title = COALESCE(excluded.title, title)",
        params![
            id,
            kind,
            doc_no,
            issued_at.map(fmt_time),
            fmt_time(now),
            title
        ],
    )?;
    if doc_no.is_some() {
        reindex_stored(tx, id)?;
    }
    Ok(tx.query_row(
        "SELECT id FROM documents WHERE case_id = ?1 AND kind = ?2",
        params![id, kind],
        |r| r.get(0),
    )?)
}

pub fn document_id(conn: &Connection, id: i64, kind: DocKind) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM documents WHERE case_id = ?1 AND kind = ?2",
            params![id, kind],
            |r| r.get(0),
        )
        .optional()?)
}

/// Loads everything about a case.
pub fn load(conn: &Connection, id: i64) -> Result<Case> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.*, u.name AS unit_name FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.id = ?1",
    )?;
    let mut case = stmt
        .query_row([id], read_case_row)
        .optional()?
        .ok_or_else(|| Error::CaseNotFound(format!("#{id}")))??;
    case.info.petitioners = load_petitioners(conn, id)?;
    case.documents = load_documents(conn, id)?;
    case.deliveries = load_deliveries(conn, id)?;
    case.attachments = load_attachments(conn, id)?;
    case.reviews = load_reviews(conn, id)?;
    case.repeat_checklist = load_repeat_checklist(conn, id)?;
    let workflow = super::schema::has_workflow(conn)?;
    case.extensions = load_extensions(conn, id, workflow)?;
    if workflow {
        case.supervisions = load_supervisions(conn, id)?;
        case.follow_ups = load_follow_ups(conn, id)?;
    }
    case.events = load_events(conn, id)?;
    case.status = crate::rules::status::derive(&case);
    case.status_label = case.status.label();
    Ok(case)
}

fn t(row: &Row<'_>, col: &str) -> rusqlite::Result<Result<Option<Time>>> {
    let s: Option<String> = later(row, col)?;
    Ok(s.map(|s| read_time(&s)).transpose())
}

/// A column a later schema step added: absent (None) while an older step's migration
/// reads the case.
fn later<T: rusqlite::types::FromSql>(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<T>>(col) {
        Err(rusqlite::Error::InvalidColumnName(_)) => Ok(None),
        r => r,
    }
}

type RowResult<T> = rusqlite::Result<Result<T>>;

fn read_case_row(row: &Row<'_>) -> RowResult<Case> {
    macro_rules! tt {
        ($col:literal) => {
            match t(row, $col)? {
                Ok(v) => v,
                Err(e) => return Ok(Err(e)),
            }
        };
    }
    let arrived: String = row.get("arrived_at")?;
    let arrived_at = match read_time(&arrived) {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let statutory: Option<String> = row.get("statutory_due_date")?;
    let statutory_due_date = match statutory.map(|s| read_date(&s)).transpose() {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let petition: Option<String> = row.get("petition_date")?;
    let petition_date = match petition.map(|s| read_date(&s)).transpose() {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let sender_dl: Option<String> = later(row, "sender_deadline")?;
    let sender_deadline = match sender_dl.map(|s| read_date(&s)).transpose() {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let first: Option<String> = later(row, "first_round")?;
    let first_round = first.and_then(|s| serde_json::from_str(&s).ok());
    let round: i64 = later(row, "handling_round")?.unwrap_or(1);
    let people: i64 = row.get("people_count")?;
    let info = NewCase {
        case_no: row.get("case_no")?,
        unit: row.get("unit_name")?,
        source: row.get("source")?,
        sender: row.get("sender")?,
        sender_level: row.get("sender_level")?,
        arrived_at,
        petition_date,
        form: row.get("form")?,
        petitioners: Vec::new(),
        people_count: Some(people.max(1) as u32),
        demand: row.get("demand")?,
        demand_summary: later(row, "demand_summary")?.flatten(),
        suggestions: row.get("suggestions")?,
        facts: row.get("facts")?,
        history: row.get("history")?,
        purpose: row.get("purpose")?,
        category: row.get("category")?,
        hot_issue: row.get("hot_issue")?,
        cause: row.get("cause")?,
        sensitive: row.get("sensitive")?,
        threat: row.get("threat")?,
        responsible_leader: row.get("responsible_leader")?,
        case_owner_leader: row.get("case_owner_leader")?,
        in_evaluation_scope: row.get("in_evaluation_scope")?,
        section: row.get("section")?,
        handler: row.get("handler")?,
        repeat_of: row.get("repeat_of")?,
        statutory_due_date,
        sender_deadline,
        notes: row.get("notes")?,
    };
    let ext: i64 = row.get("extension_days")?;
    let created: String = row.get("created_at")?;
    let updated: String = row.get("updated_at")?;
    let (created_at, updated_at) = match (read_time(&created), read_time(&updated)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Ok(Err(e)),
    };
    let confidential = info.purpose.is_confidential();
    let is_repeat = info.repeat_of.is_some();
    Ok(Ok(Case {
        id: row.get("id")?,
        info,
        status: Status::AwaitingSign,
        status_label: "",
        confidential,
        is_repeat,
        first_petition: later_column(row, "first_petition")?.unwrap_or(false),
        repeat_checklist: Vec::new(),
        signed_at: tt!("signed_at"),
        accepted_at: tt!("accepted_at"),
        method: row.get("method")?,
        method_reason: row.get("method_reason")?,
        decline_ground: row.get("decline_ground")?,
        redirect_to: row.get("redirect_to")?,
        ruled_out_routes: later_column::<Option<String>>(row, "ruled_out_routes")?
            .flatten()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default(),
        extension_days: ext.clamp(0, 30) as u32,
        extension_approved_by: row.get("extension_approved_by")?,
        extensions: Vec::new(),
        replied_at: tt!("replied_at"),
        evaluation: row.get("evaluation")?,
        evaluated_at: tt!("evaluated_at"),
        documents: Vec::new(),
        deliveries: Vec::new(),
        attachments: Vec::new(),
        reviews: Vec::new(),
        return_result: later(row, "return_result")?,
        return_result_at: tt!("return_result_at"),
        closed_at: tt!("closed_at"),
        handling_round: round.clamp(1, 99) as u32,
        reopened_at: tt!("reopened_at"),
        first_round,
        supervisions: Vec::new(),
        follow_ups: Vec::new(),
        events: Vec::new(),
        created_at,
        updated_at,
        deleted_at: tt!("deleted_at"),
    }))
}

/// A column a later schema step added: `None` while an older step's migration reads the
/// case (V5 recomputes every case before the triage step has run).
fn later_column<T: rusqlite::types::FromSql>(
    row: &Row<'_>,
    col: &str,
) -> rusqlite::Result<Option<T>> {
    match row.get(col) {
        Ok(v) => Ok(Some(v)),
        Err(rusqlite::Error::InvalidColumnName(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn load_repeat_checklist(
    conn: &Connection,
    id: i64,
) -> Result<Vec<crate::domain::RepeatCheckMark>> {
    let stmt = conn.prepare_cached(
        "SELECT item, done_at, note FROM repeat_checklist WHERE case_id = ?1 ORDER BY done_at, item",
    );
    // Not there yet while an older step's migration reads the case.
    let mut stmt = match stmt {
        Err(rusqlite::Error::SqliteFailure(_, Some(m))) if m.contains("no such table") => {
            return Ok(Vec::new());
        }
        s => s?,
    };
    let rows: Vec<(crate::domain::RepeatCheck, String, Option<String>)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(item, at, note)| {
            Ok(crate::domain::RepeatCheckMark {
                item,
                done_at: read_time(&at)?,
                note,
            })
        })
        .collect()
}

pub fn load_petitioners(conn: &Connection, id: i64) -> Result<Vec<Petitioner>> {
    let mut stmt =
        conn.prepare_cached("SELECT * FROM petitioners WHERE case_id = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([id], |r| {
        Ok(Petitioner {
            name: r.get("name")?,
            id_number: r.get("id_number")?,
            phone: r.get("phone")?,
            address: r.get("address")?,
            representative: later_column(r, "representative")?.unwrap_or(false),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load_documents(conn: &Connection, id: i64) -> Result<Vec<Document>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM documents WHERE case_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>("id")?,
            r.get::<_, DocKind>("kind")?,
            r.get::<_, Option<String>>("doc_no")?,
            r.get::<_, Option<String>>("issued_at")?,
            r.get::<_, Option<String>>("title")?,
            later::<Option<String>>(r, "body")?.flatten(),
            later::<Option<String>>(r, "vars")?.flatten(),
        ))
    })?;
    let mut docs = Vec::new();
    for row in rows {
        let (doc_id, kind, doc_no, issued, title, body, vars) = row?;
        let mut sig =
            conn.prepare_cached("SELECT * FROM signoffs WHERE document_id = ?1 ORDER BY at, id")?;
        let rows = sig.query_map([doc_id], |r| {
            Ok((
                r.get("role")?,
                r.get("leader")?,
                r.get::<_, String>("at")?,
                later::<Option<String>>(r, "body_sha256")?.flatten(),
            ))
        })?;
        let mut signoffs = Vec::new();
        for row in rows {
            let (role, leader, at, body_sha256) = row?;
            signoffs.push(Signoff {
                role,
                leader,
                at: read_time(&at)?,
                body_sha256,
                void: false,
            });
        }
        let vars = match vars {
            Some(v) => serde_json::from_str(&v)
                .map_err(|e| Error::Db(format!("文书的填写内容已损坏：{e}")))?,
            None => Default::default(),
        };
        docs.push(Document {
            kind,
            doc_no,
            title,
            issued_at: issued.map(|s| read_time(&s)).transpose()?,
            signoffs,
            body,
            vars,
        });
    }
    Ok(docs)
}

fn load_deliveries(conn: &Connection, id: i64) -> Result<Vec<Delivery>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, method, place, recipient, documents, receipt_signed, proxy_reason, witness,
            signed_on, tracking_no, refusal_reason, server, *
         FROM deliveries WHERE case_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let at: String = r.get(0)?;
        let docs: String = r.get(4)?;
        Ok((
            (
                at,
                docs,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ),
            (
                r.get::<_, Option<String>>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<String>>(11)?,
                later::<bool>(r, "receipt_refused")?.unwrap_or(false),
            ),
        ))
    })?;
    rows.map(|row| {
        let (
            (at, docs, method, place, recipient, receipt_signed, proxy_reason, witness),
            (signed_on, tracking_no, refusal_reason, server, receipt_refused),
        ) = row?;
        Ok(Delivery {
            at: read_time(&at)?,
            method,
            place,
            recipient,
            documents: serde_json::from_str(&docs)
                .map_err(|e| Error::Db(format!("送达记录已损坏：{e}")))?,
            receipt_signed,
            receipt_refused,
            proxy_reason,
            witness,
            signed_on: signed_on.map(|s| read_date(&s)).transpose()?,
            tracking_no,
            refusal_reason,
            server,
        })
    })
    .collect()
}

fn load_attachments(conn: &Connection, id: i64) -> Result<Vec<AttachmentRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, file_name, sha256, added_at, reviewed_supervising_at, reviewed_office_at
         FROM attachments WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (kind, file_name, sha256, added, sup, off) = row?;
        Ok(AttachmentRecord {
            kind,
            file_name,
            sha256,
            added_at: read_time(&added)?,
            reviewed_supervising_at: sup.map(|s| read_time(&s)).transpose()?,
            reviewed_office_at: off.map(|s| read_time(&s)).transpose()?,
        })
    })
    .collect()
}

fn load_reviews(conn: &Connection, id: i64) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, requested_at, opinion_at, result, opinion_received_on, hearing_days
         FROM reviews WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (kind, req, op, result, received, hearing) = row?;
        Ok(Review {
            kind,
            requested_at: read_time(&req)?,
            opinion_at: op.map(|s| read_time(&s)).transpose()?,
            result,
            opinion_received_on: received.map(|s| read_date(&s)).transpose()?,
            hearing_days: hearing.clamp(0, 3650) as u32,
        })
    })
    .collect()
}

fn load_extensions(conn: &Connection, id: i64, workflow: bool) -> Result<Vec<Extension>> {
    let mut stmt = conn.prepare_cached(if workflow {
        "SELECT days, approved_by, reason, at, platform FROM extensions WHERE case_id = ?1 ORDER BY at, id"
    } else {
        "SELECT days, approved_by, reason, at, NULL FROM extensions WHERE case_id = ?1 ORDER BY at, id"
    })?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get(4)?,
        ))
    })?;
    rows.map(|row| {
        let (days, approved_by, reason, at, platform) = row?;
        Ok(Extension {
            days: days.clamp(0, 30) as u32,
            approved_by,
            reason,
            at: read_time(&at)?,
            platform,
        })
    })
    .collect()
}

fn load_supervisions(conn: &Connection, id: i64) -> Result<Vec<Supervision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, deadline, note FROM supervisions WHERE case_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get(2)?,
        ))
    })?;
    rows.map(|row| {
        let (at, deadline, note) = row?;
        Ok(Supervision {
            at: read_time(&at)?,
            deadline: deadline.map(|d| read_date(&d)).transpose()?,
            note,
        })
    })
    .collect()
}

fn load_follow_ups(conn: &Connection, id: i64) -> Result<Vec<FollowUp>> {
    let mut stmt = conn.prepare_cached(
        "SELECT on_date, way, result FROM follow_ups WHERE case_id = ?1 ORDER BY on_date, id",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
    rows.map(|row| {
        let (on, way, result) = row?;
        Ok(FollowUp {
            on: read_date(&on)?,
            way,
            result,
        })
    })
    .collect()
}

fn load_events(conn: &Connection, id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, at, actor, detail FROM events WHERE case_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    rows.map(|row| {
        let (kind, at, actor, detail) = row?;
        Ok(Event {
            label: event_label(&kind).to_string(),
            kind,
            at: read_time(&at)?,
            actor,
            detail,
        })
    })
    .collect()
}

/// A snapshot for the audit log: the case as JSON.
pub fn snapshot(conn: &Connection, id: i64) -> Result<serde_json::Value> {
    let case = load(conn, id)?;
    Ok(serde_json::to_value(&case).unwrap_or(serde_json::Value::Null))
}
