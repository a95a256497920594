//! Migrations by `PRAGMA user_version`, each applied in one transaction; a ledger
//! written by a newer binary is refused rather than touched.
//!
//! A step that must compute values under the rules (V5 recomputes every case's deadlines)
//! gets that computation from above through [`Upgrade`]: the ledger knows tables, not rules.

use rusqlite::{Connection, Transaction};

use crate::error::{Error, Result};

/// What a migration needs from the layers above the ledger.
pub trait Upgrade {
    /// Recomputes every case's derived columns (deadlines, status, rate states) inside the
    /// migration's transaction, auditing each case whose columns changed, under `why`.
    fn recompute_derived(&self, tx: &Transaction<'_>, why: &str) -> Result<()>;
}

/// An [`Upgrade`] for ledgers without cases (a new or in-memory ledger, the fixture
/// generator's older versions): there is nothing to recompute, and a case would be an error.
pub struct WithoutCases;

impl Upgrade for WithoutCases {
    fn recompute_derived(&self, tx: &Transaction<'_>, _why: &str) -> Result<()> {
        let n: i64 = tx.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        if n > 0 {
            return Err(Error::Db(
                "升级台账需要按规则重算期限，请用信访工作台打开台账".into(),
            ));
        }
        Ok(())
    }
}

/// What runs after a step's SQL, in the same transaction.
#[derive(Clone, Copy)]
pub enum Then {
    Nothing,
    /// A computation the ledger owns (V4 chains the audit entries).
    Ledger(fn(&Transaction<'_>) -> Result<()>),
    /// Every case's derived columns recomputed by the [`Upgrade`] from above; the text is
    /// the audit entries' actor.
    RecomputeDerived(&'static str),
}

/// One schema step: SQL, then (for steps that must compute values) a Rust step.
#[derive(Clone, Copy)]
pub struct Step {
    pub sql: &'static str,
    pub then: Then,
}

const fn sql(sql: &'static str) -> Step {
    Step {
        sql,
        then: Then::Nothing,
    }
}

/// Index i holds the step from version i to i + 1.
const MIGRATIONS: &[Step] = &[
    sql(V1),
    sql(V2),
    sql(V3),
    Step {
        sql: V4,
        then: Then::Ledger(chain_existing_audit),
    },
    // Recomputes every case's derived columns under the V5 rules (direct cases have no 签收
    // step, the written notice is tracked, …) and audits each case whose columns changed.
    Step {
        sql: V5,
        then: Then::RecomputeDerived("升级到数据版本 5：按条例和通知重算期限"),
    },
    sql(V_TRIAGE),
    // Issue #16: 退件审核, 交办/督办期限 and 督办, 办结 and 再次办理, 回访, the platform's 延期申请.
    // A 退件 recorded before this step was final when chosen: it stays 已退件 (approved).
    Step {
        sql: V_WORKFLOW,
        then: Then::RecomputeDerived("升级台账：退件审核、交办督办期限、办结"),
    },
    sql(V_DOCFLOW),
    V_SEARCH_FIELDS,
    // Issue #16 items 5 and 8: the evaluation window and 引导评价 reminders read two derived
    // columns; the rates index covers 人次 (people_count).
    Step {
        sql: V_EVALUATION,
        then: Then::RecomputeDerived("升级台账：满意度评价期限与引导评价提醒"),
    },
];

const V_EVALUATION: &str = r#"
ALTER TABLE cases ADD COLUMN eval_from TEXT;
ALTER TABLE cases ADD COLUMN eval_due TEXT;
CREATE INDEX cases_eval_from ON cases (eval_from) WHERE eval_from IS NOT NULL AND deleted_at IS NULL;
DROP INDEX cases_rates;
CREATE INDEX cases_rates ON cases (unit_id, arrived_at, deleted_at, accept_state, decide_due,
    reply_state, reply_due, eval_state, is_repeat, people_count);
"#;

/// Issue #21 §15: the search index also holds 来源机关, 内容分类, 热点问题, 责任科室 and 文号;
/// every existing case's search text is rebuilt.
const V_SEARCH_FIELDS: Step = Step {
    sql: "",
    then: Then::Ledger(super::cases::reindex_all),
};

pub const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Whether the ledger (as this connection sees it, inside a migration too) already has the
/// workflow tables and columns: the V5 recomputation reads cases before they exist.
pub fn has_workflow(conn: &Connection) -> Result<bool> {
    static STEP: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    reached(conn, &STEP, V_WORKFLOW)
}

/// Whether the evaluation columns (`eval_from`, `eval_due`) exist yet.
pub fn has_evaluation(conn: &Connection) -> Result<bool> {
    static STEP: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    reached(conn, &STEP, V_EVALUATION)
}

/// Whether the ledger's version includes the step whose SQL is `sql`.
fn reached(conn: &Connection, cell: &std::sync::OnceLock<i64>, sql: &str) -> Result<bool> {
    let step = *cell.get_or_init(|| {
        MIGRATIONS
            .iter()
            .position(|s| s.sql == sql)
            .map_or(CURRENT_VERSION, |i| i as i64 + 1)
    });
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(version >= step)
}

/// Marks the file as ours, so a random SQLite file is not mistaken for a ledger.
pub const APPLICATION_ID: i64 = 0x5846_4453; // "XFDS"

pub fn refuse_newer(conn: &Connection) -> Result<i64> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(Error::NewerSchema {
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    Ok(version)
}

pub fn migrate(conn: &mut Connection, up: &dyn Upgrade) -> Result<()> {
    apply(conn, MIGRATIONS, up)
}

/// Brings a ledger only up to `version` (≤ current): the fixture generator uses it to
/// write ledgers exactly as older releases did (tests/fixtures/ledger-v*.db).
pub fn migrate_to(conn: &mut Connection, version: i64, up: &dyn Upgrade) -> Result<()> {
    let n = version.clamp(0, CURRENT_VERSION) as usize;
    apply(conn, &MIGRATIONS[..n], up)
}

/// Applies the steps past the file's version, each in its own transaction: a step that
/// fails leaves the ledger at the version before it.
fn apply(conn: &mut Connection, steps: &[Step], up: &dyn Upgrade) -> Result<()> {
    let version = refuse_newer(conn)?;
    for (i, step) in steps.iter().enumerate().skip(version as usize) {
        // IMMEDIATE, then re-read: two processes opening a new ledger at once queue on the
        // busy timeout, and the second finds the step already done instead of failing.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now_at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now_at > i as i64 {
            continue;
        }
        tracing::info!(from = i, to = i + 1, "台账数据版本升级");
        tx.execute_batch(step.sql)?;
        match step.then {
            Then::Nothing => {}
            Then::Ledger(f) => f(&tx)?,
            Then::RecomputeDerived(why) => up.recompute_derived(&tx, why)?,
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}

const V1: &str = r#"
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE leaders (
    id       INTEGER PRIMARY KEY,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('supervising_leader', 'principal_leader')),
    UNIQUE (unit_id, name, role)
);

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    case_no             TEXT NOT NULL UNIQUE,
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    source              TEXT NOT NULL,
    sender              TEXT,
    sender_level        TEXT,
    arrived_at          TEXT NOT NULL,
    form                TEXT NOT NULL,
    people_count        INTEGER NOT NULL CHECK (people_count >= 1),
    demand              TEXT NOT NULL,
    suggestions         TEXT,
    facts               TEXT,
    history             TEXT,
    purpose             TEXT NOT NULL,
    category            TEXT,
    hot_issue           TEXT,
    cause               TEXT,
    sensitive           INTEGER NOT NULL DEFAULT 0,
    threat              INTEGER NOT NULL DEFAULT 0,
    responsible_leader  TEXT,
    case_owner_leader   TEXT,
    section             TEXT,
    handler             TEXT,
    repeat_of           TEXT,
    statutory_due_date  TEXT,
    notes               TEXT,
    signed_at           TEXT,
    accepted_at         TEXT,
    method              TEXT CHECK (method IN ('direct_reply', 'petition_channel', 'statutory_channel', 'decline', 'return_case')),
    method_reason       TEXT,
    extension_days      INTEGER NOT NULL DEFAULT 0 CHECK (extension_days BETWEEN 0 AND 30),
    extension_approved_by TEXT,
    replied_at          TEXT,
    evaluation          TEXT,
    evaluated_at        TEXT,
    -- Materialised deadlines (recomputed on every write and on calendar/rule changes).
    sign_due            TEXT,
    decide_due          TEXT,
    reply_due           TEXT,
    next_due            TEXT,
    status              TEXT NOT NULL DEFAULT 'awaiting_sign',
    -- Per-case classification the five rates add up: 0 not yet, 1 in time, 2 late.
    accept_state        INTEGER NOT NULL DEFAULT 0,
    reply_state         INTEGER,
    -- 0 outside the evaluation scope (score profile), 1 awaiting, 2 dissatisfied, 3 satisfied or basically.
    eval_state          INTEGER NOT NULL DEFAULT 0,
    is_repeat           INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
);
CREATE INDEX cases_unit_arrived ON cases (unit_id, arrived_at);
CREATE INDEX cases_arrived ON cases (arrived_at);
CREATE INDEX cases_next_due ON cases (next_due) WHERE next_due IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX cases_status ON cases (status, arrived_at);
-- Covers the five-rates aggregation so it never reads the wide case rows.
CREATE INDEX cases_rates ON cases (unit_id, arrived_at, deleted_at, accept_state, decide_due,
    reply_state, reply_due, eval_state, is_repeat);

CREATE TABLE petitioners (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    seq        INTEGER NOT NULL,
    name       TEXT NOT NULL,
    id_number  TEXT,
    phone      TEXT,
    address    TEXT
);
CREATE INDEX petitioners_case ON petitioners (case_id);
CREATE INDEX petitioners_id_number ON petitioners (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX petitioners_name_phone ON petitioners (name, phone);

-- The case's timeline as the clerk reports it (times may be entered after the fact).
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL
);
CREATE INDEX events_case ON events (case_id, at);

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL,
    doc_no      TEXT,
    issued_at   TEXT,
    created_at  TEXT NOT NULL,
    UNIQUE (case_id, kind)
);

CREATE TABLE signoffs (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    role         TEXT NOT NULL CHECK (role IN ('supervising_leader', 'principal_leader')),
    leader       TEXT NOT NULL,
    at           TEXT NOT NULL,
    UNIQUE (document_id, role)
);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    at              TEXT NOT NULL,
    method          TEXT NOT NULL,
    place           TEXT,
    recipient       TEXT NOT NULL,
    documents       TEXT NOT NULL,  -- JSON array of document kinds served together
    receipt_signed  INTEGER NOT NULL DEFAULT 0,
    proxy_reason    TEXT,
    witness         TEXT
);
CREATE INDEX deliveries_case ON deliveries (case_id);

-- Records of files uploaded with the case (the files themselves come with the attachments work).
CREATE TABLE attachments (
    id                      INTEGER PRIMARY KEY,
    case_id                 INTEGER NOT NULL REFERENCES cases(id),
    kind                    TEXT NOT NULL,
    file_name               TEXT NOT NULL,
    sha256                  TEXT,
    added_at                TEXT NOT NULL,
    reviewed_supervising_at TEXT,
    reviewed_office_at      TEXT
);
CREATE INDEX attachments_case ON attachments (case_id);

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    kind          TEXT NOT NULL CHECK (kind IN ('review', 're_review')),
    requested_at  TEXT NOT NULL,
    opinion_at    TEXT,
    result        TEXT
);
CREATE INDEX reviews_case ON reviews (case_id);

-- 通报 received from the city or the district.
CREATE TABLE breach_notices (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    case_id      INTEGER REFERENCES cases(id),
    level        TEXT NOT NULL CHECK (level IN ('city', 'district')),
    notified_on  TEXT NOT NULL,
    reason       TEXT NOT NULL
);
CREATE INDEX breach_notices_unit ON breach_notices (unit_id, notified_on);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE calendar_years (
    year  INTEGER PRIMARY KEY,
    data  TEXT NOT NULL
);

CREATE TABLE calendar_overrides (
    date     TEXT PRIMARY KEY,
    working  INTEGER NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);

-- Append-only: who changed what, when, with the record before and after.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;

-- Chinese substring search over petitioner names, demands and case numbers: trigrams answer
-- queries of three characters or more; single characters and pairs (most given names, words
-- like 工资) are looked up as whole tokens in case_grams.
CREATE VIRTUAL TABLE case_search USING fts5 (text, tokenize = 'trigram');
CREATE VIRTUAL TABLE case_grams USING fts5 (grams, tokenize = 'unicode61', detail = 'none');
"#;

/// The 文号 register (issue #5): per unit, prefix and year; numbers are never reused and a
/// voided number stays recorded as voided.
const V2: &str = r#"
CREATE TABLE doc_numbers (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    prefix        TEXT NOT NULL,
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    number        INTEGER NOT NULL CHECK (number >= 1),
    doc_no        TEXT NOT NULL,
    case_id       INTEGER REFERENCES cases(id),
    kind          TEXT,
    status        TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'voided')),
    reason        TEXT,
    allocated_at  TEXT NOT NULL,
    voided_at     TEXT,
    UNIQUE (unit_id, prefix, year, number)
);
CREATE INDEX doc_numbers_case ON doc_numbers (case_id);
CREATE TRIGGER doc_numbers_no_delete BEFORE DELETE ON doc_numbers
BEGIN SELECT RAISE(ABORT, '文号登记不能删除，只能作废'); END;
CREATE TRIGGER doc_numbers_no_renumber BEFORE UPDATE OF unit_id, prefix, year, number, doc_no ON doc_numbers
BEGIN SELECT RAISE(ABORT, '已编的文号不能改号，只能作废'); END;
"#;

/// The "2+2" check-round log (issue #4): one row per round that was shown or confirmed;
/// a confirmation is never changed or deleted. `alerts_shown` and `reminder_state` make the
/// reminder loop fire each round and alert once, across restarts, sleep and clock changes.
const V3: &str = r#"
CREATE TABLE check_rounds (
    id            INTEGER PRIMARY KEY,
    planned_at    TEXT NOT NULL UNIQUE,
    label         TEXT NOT NULL,
    notified_at   TEXT,
    caught_up     INTEGER NOT NULL DEFAULT 0 CHECK (caught_up IN (0, 1)),
    confirmed_at  TEXT,
    new_items     INTEGER CHECK (new_items IS NULL OR new_items >= 0),
    actor         TEXT,
    recorded_at   TEXT NOT NULL
);
CREATE TRIGGER check_rounds_keep_confirmation BEFORE UPDATE OF confirmed_at, new_items ON check_rounds
WHEN OLD.confirmed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, '已确认的查看记录不能修改'); END;
CREATE TRIGGER check_rounds_no_delete BEFORE DELETE ON check_rounds
BEGIN SELECT RAISE(ABORT, '查看记录不能删除'); END;

CREATE TABLE alerts_shown (
    key       TEXT PRIMARY KEY,
    shown_at  TEXT NOT NULL
);

CREATE TABLE reminder_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
"#;

/// The tamper-evident history (issue #8): each audit entry carries the hash of the one
/// before it, so an entry edited, back-dated or removed by hand breaks the chain. The
/// UPDATE trigger is dropped only for the time the existing rows are chained.
const V4: &str = r#"
DROP TRIGGER audit_log_no_update;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
"#;

const V4_TRIGGER: &str = r#"
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;
"#;

/// Chains the entries written before V4, in id order, then puts the UPDATE trigger back.
fn chain_existing_audit(tx: &Transaction<'_>) -> Result<()> {
    let rows = super::audit::raw_entries(tx, 0)?;
    let mut prev = String::new();
    let mut stmt = tx.prepare("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?;
    for row in rows {
        let hash = super::audit::entry_hash(&prev, &row);
        stmt.execute(rusqlite::params![prev, hash, row.id])?;
        prev = hash;
    }
    drop(stmt);
    tx.execute_batch(V4_TRIGGER)?;
    Ok(())
}

/// Documents leaders really approved (issue #21 §1–4, §8): the 诉求摘要 that documents quote,
/// each document's own body and values (kept in the ledger, not the browser), the hash of the
/// text each sign-off approved, and a 送达回证 that came back refused.
const V_DOCFLOW: &str = r#"
ALTER TABLE cases ADD COLUMN demand_summary TEXT;
ALTER TABLE documents ADD COLUMN body TEXT;
ALTER TABLE documents ADD COLUMN vars TEXT;
ALTER TABLE signoffs ADD COLUMN body_sha256 TEXT;
ALTER TABLE deliveries ADD COLUMN receipt_refused INTEGER NOT NULL DEFAULT 0;
"#;

/// The rules as the regulation and the notice have them (issue #15): the 信访日期 apart
/// from the arrival, the 纳入满意度评价 flag, the 不予受理 ground and where to go instead,
/// the written-notice due date, what a 送达回证 records (签收日期, 邮件号码, 拒收理由, 送达人),
/// the free title of an 其他法定文书, the 复查/复核 opinion's receipt and hearing days, and
/// 延期 as steps with their reasons. The existing single extension becomes one step.
const V5: &str = r#"
ALTER TABLE cases ADD COLUMN petition_date TEXT;
ALTER TABLE cases ADD COLUMN in_evaluation_scope INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN decline_ground TEXT;
ALTER TABLE cases ADD COLUMN redirect_to TEXT;
ALTER TABLE cases ADD COLUMN notify_due TEXT;
ALTER TABLE deliveries ADD COLUMN signed_on TEXT;
ALTER TABLE deliveries ADD COLUMN tracking_no TEXT;
ALTER TABLE deliveries ADD COLUMN refusal_reason TEXT;
ALTER TABLE deliveries ADD COLUMN server TEXT;
ALTER TABLE documents ADD COLUMN title TEXT;
ALTER TABLE reviews ADD COLUMN opinion_received_on TEXT;
ALTER TABLE reviews ADD COLUMN hearing_days INTEGER NOT NULL DEFAULT 0 CHECK (hearing_days >= 0);
CREATE TABLE extensions (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    days         INTEGER NOT NULL CHECK (days BETWEEN 1 AND 30),
    approved_by  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX extensions_case ON extensions (case_id);
INSERT INTO extensions (case_id, days, approved_by, reason, at)
    SELECT id, extension_days, COALESCE(extension_approved_by, '（未登记）'),
        '（升级前登记，未记录理由）', COALESCE(accepted_at, updated_at)
    FROM cases WHERE extension_days > 0;
"#;

/// Triage (issue #16 items 6–8): 初信初访 marked on each case (an existing case that repeats
/// nothing counts as one), the statutory routes ruled out before a 申诉求决 case took the
/// petition channel, the "三到位一处理" checklist of a repeat case, and the representatives of
/// a joint petition.
const V_TRIAGE: &str = r#"
ALTER TABLE cases ADD COLUMN first_petition INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN ruled_out_routes TEXT;
UPDATE cases SET first_petition = (repeat_of IS NULL);
CREATE INDEX cases_repeat_of ON cases (repeat_of) WHERE repeat_of IS NOT NULL;
ALTER TABLE petitioners ADD COLUMN representative INTEGER NOT NULL DEFAULT 0;
CREATE INDEX petitioners_address ON petitioners (address) WHERE address IS NOT NULL;
CREATE TABLE repeat_checklist (
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    item     TEXT NOT NULL,
    done_at  TEXT NOT NULL,
    note     TEXT,
    PRIMARY KEY (case_id, item)
);
"#;

/// Issue #16: the platform's workflow states.
const V_WORKFLOW: &str = r#"
ALTER TABLE cases ADD COLUMN sender_deadline TEXT;
ALTER TABLE cases ADD COLUMN return_result TEXT CHECK (return_result IN ('approved', 'refused'));
ALTER TABLE cases ADD COLUMN return_result_at TEXT;
ALTER TABLE cases ADD COLUMN closed_at TEXT;
ALTER TABLE cases ADD COLUMN reopened_at TEXT;
ALTER TABLE cases ADD COLUMN handling_round INTEGER NOT NULL DEFAULT 1 CHECK (handling_round >= 1);
ALTER TABLE cases ADD COLUMN first_round TEXT;
ALTER TABLE extensions ADD COLUMN platform TEXT;
CREATE TABLE supervisions (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    at        TEXT NOT NULL,
    deadline  TEXT,
    note      TEXT
);
CREATE INDEX supervisions_case ON supervisions (case_id);
CREATE TABLE follow_ups (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    on_date  TEXT NOT NULL,
    way      TEXT NOT NULL,
    result   TEXT NOT NULL
);
CREATE INDEX follow_ups_case ON follow_ups (case_id);
UPDATE cases SET return_result = 'approved', return_result_at = accepted_at
    WHERE method = 'return_case';
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn a_failing_step_rolls_back_to_the_version_before_it() {
        let mut conn = Connection::open_in_memory().unwrap();
        let steps = [
            sql("CREATE TABLE a (x);"),
            sql("CREATE TABLE b (y); INSERT INTO nowhere VALUES (1);"),
        ];
        let e = apply(&mut conn, &steps, &WithoutCases).unwrap_err();
        assert_eq!(e.code(), "db");
        assert_eq!(version(&conn), 1);
        let b: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            b, 0,
            "table b was created inside the failed step's transaction"
        );
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, &WithoutCases).unwrap();
        let before: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        migrate(&mut conn, &WithoutCases).unwrap();
        let after: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!((before, version(&conn)), (after, CURRENT_VERSION));
    }
}
