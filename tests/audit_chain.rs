//! The tamper-evident history (issue #8): hand edits of the real ledger file, made the way
//! someone would make them (a SQLite tool, the triggers dropped), are found by
//! `audit verify`, which points at the entry.

use serde_json::json;
use xinfang::api::{Desk, dispatch};

use crate::util::{TempLedger, case, stderr, stdout, t, xf};

fn now() -> xinfang::time::Time {
    t("2026-10-09 10:00")
}

/// Three cases, one signed for on 10-08 and decided.
fn history(l: &TempLedger) -> Desk {
    let mut desk = l.desk();
    for no in ["YC-1", "YC-2", "YC-3"] {
        desk.add_case(case(no).build(), &t("2026-09-30 17:00"))
            .expect("add");
    }
    desk.sign_for("YC-2", t("2026-10-08 09:30"), &t("2026-10-08 09:31"))
        .expect("sign");
    desk.sign_for("YC-3", t("2026-10-08 10:00"), &t("2026-10-08 10:01"))
        .expect("sign");
    desk
}

fn raw(l: &TempLedger) -> rusqlite::Connection {
    rusqlite::Connection::open(&l.path).expect("open the file by hand")
}

#[test]
fn an_untouched_history_verifies_with_its_count_and_head() {
    let l = TempLedger::new();
    let desk = history(&l);
    let r = desk.audit_verify().expect("verify");
    assert!(r.ok, "{}", r.message);
    let n = l.count("SELECT count(*) FROM audit_log");
    assert_eq!(r.count, n);
    let head = r.head.expect("head");
    assert_eq!(head.count, n);
    assert_eq!(head.hash.len(), 64);
    assert!(r.message.contains(&format!("共 {n} 条")), "{}", r.message);
    // Every entry links to the one before.
    let broken_links = l.count(
        "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id - 1
         WHERE a.prev_hash IS NOT b.hash",
    );
    assert_eq!(broken_links, 0);
    let o = xf(&l.path, "2026-10-09 10:00", &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(&head.hash), "{}", stdout(&o));
}

#[test]
fn a_back_dated_signing_edited_into_the_file_is_found() {
    let l = TempLedger::new();
    let mut desk = history(&l);
    let (id, after): (i64, String) = raw(&l)
        .query_row(
            "SELECT id, after FROM audit_log WHERE entity_id = 'YC-2' AND action = 'sign_for'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("sign entry");
    assert!(after.contains("2026-10-08T09:30:00+08:00"), "{after}");
    // The edit: drop the trigger that refuses it, move the signing two days back, in both
    // the audit entry and the case.
    raw(&l)
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET at = '2026-10-06T09:31:00+08:00',
                 after = replace(after, '2026-10-08T09:30', '2026-10-06T09:30')
             WHERE entity_id = 'YC-2' AND action = 'sign_for';
             UPDATE cases SET signed_at = '2026-10-06T09:30:00+08:00' WHERE case_no = 'YC-2';",
        )
        .expect("hand edit");
    let r = desk.audit_verify().expect("verify");
    assert!(!r.ok);
    let b = r.broken.expect("broken link");
    assert_eq!((b.id, b.entity_id.as_str()), (id, "YC-2"));
    assert_eq!(b.at, "2026-10-06T09:31:00+08:00");
    assert!(b.what.contains("内容与哈希不符"), "{}", b.what);
    assert!(r.message.contains(&format!("第 {id} 条")), "{}", r.message);
    assert_eq!(r.missing_triggers, ["audit_log_no_update"]);
    // The CLI fails with the same words; the dispatch gives the report as JSON.
    let o = xf(&l.path, "2026-10-09 10:00", &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("第 {id} 条")),
        "{}",
        stderr(&o)
    );
    let v = dispatch(&mut desk, "audit_verify", json!({}), &now()).expect("dispatch");
    assert_eq!(v["broken"]["id"], json!(id));
    // Later entries are still written (the chain goes on from the stored head).
    desk.sign_for("YC-1", t("2026-10-09 09:00"), &now())
        .expect("sign after the edit");
}

#[test]
fn a_case_row_edited_without_its_audit_entry_is_reported() {
    let l = TempLedger::new();
    let desk = history(&l);
    raw(&l)
        .execute(
            "UPDATE cases SET signed_at = '2026-10-06T09:30:00+08:00' WHERE case_no = 'YC-3'",
            [],
        )
        .expect("edit the case only");
    let r = desk.audit_verify().expect("verify");
    assert!(!r.ok);
    assert!(r.broken.is_none(), "the log itself is intact");
    let m = &r.case_mismatches[0];
    assert_eq!(
        (m.case_no.as_str(), m.field.as_str()),
        ("YC-3", "signed_at")
    );
    assert_eq!(m.in_audit.as_deref(), Some("2026-10-08T10:00:00+08:00"));
    assert!(
        r.message.contains("台账记录与审计记录不一致"),
        "{}",
        r.message
    );
    // A signing put into a case that was never signed is found too.
    raw(&l)
        .execute(
            "UPDATE cases SET signed_at = '2026-10-01T09:00:00+08:00' WHERE case_no = 'YC-1'",
            [],
        )
        .expect("edit");
    assert_eq!(
        desk.audit_verify().expect("verify").case_mismatches.len(),
        2
    );
}

#[test]
fn a_deleted_or_inserted_entry_breaks_the_link_after_it() {
    let l = TempLedger::new();
    let desk = history(&l);
    let ids: Vec<i64> = {
        let c = raw(&l);
        let mut s = c
            .prepare("SELECT id FROM audit_log ORDER BY id")
            .expect("ids");
        s.query_map([], |r| r.get(0))
            .expect("q")
            .collect::<Result<_, _>>()
            .expect("ids")
    };
    raw(&l)
        .execute_batch(&format!(
            "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = {};",
            ids[1]
        ))
        .expect("delete");
    let r = desk.audit_verify().expect("verify");
    let b = r.broken.expect("broken");
    assert_eq!(b.id, ids[2]);
    assert!(b.what.contains("接不上"), "{}", b.what);

    // An entry written around the program has no hash.
    let l = TempLedger::new();
    let desk = history(&l);
    raw(&l)
        .execute(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action) VALUES
             ('2026-10-09T08:00:00+08:00', '某人', 'case', 'YC-1', 'sign_for')",
            [],
        )
        .expect("insert");
    let r = desk.audit_verify().expect("verify");
    assert!(r.broken.expect("broken").what.contains("没有哈希"));
}

#[test]
fn the_monthly_round_report_carries_the_chain_head() {
    let l = TempLedger::new();
    let mut desk = history(&l);
    let v = dispatch(
        &mut desk,
        "rounds_report",
        json!({"month": "2026-10"}),
        &now(),
    )
    .expect("report");
    let n = l.count("SELECT count(*) FROM audit_log");
    assert_eq!(v["chain_head"]["count"], json!(n));
    let r = desk.audit_verify().expect("verify");
    let head = r.head.expect("head");
    assert_eq!(v["chain_head"]["hash"], json!(head.hash));
    // The printed report carries it too, for the paper copy.
    drop(desk);
    let o = xf(
        &l.path,
        "2026-10-09 10:00",
        &["rounds", "report", "--month", "2026-10"],
    );
    assert!(
        stdout(&o).contains(&format!("审计链头：{}（共 {n} 条", head.hash)),
        "{}",
        stdout(&o)
    );
}
