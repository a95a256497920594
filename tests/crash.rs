//! A writer killed with SIGKILL mid-run: the ledger reopens clean and every write the
//! writer acknowledged is there.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{TempLedger, t};

/// The example binary sits next to this test binary's `deps/` folder.
fn writer() -> PathBuf {
    let exe = std::env::current_exe().expect("exe");
    let target = exe.parent().and_then(|p| p.parent()).expect("target dir");
    let path = target
        .join("examples")
        .join(format!("ledger_writer{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "build examples first (cargo test builds them): {}",
        path.display()
    );
    path
}

#[test]
fn sigkill_during_writes_loses_no_acknowledged_write() {
    let l = TempLedger::new();
    let mut child = Command::new(writer())
        .args([l.path.to_str().expect("utf8"), "10000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn writer");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut acked = Vec::new();
    let start = Instant::now();
    // Kill mid-stream: after a few hundred acknowledgements, or after 5 s at most.
    while acked.len() < 300 && start.elapsed() < Duration::from_secs(5) {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(50)) {
            acked.push(line);
        }
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "the writer must have been killed, not finished"
    );
    // Lines already in the pipe were acknowledged before the kill.
    acked.extend(rx.try_iter());
    assert!(
        acked.len() >= 20,
        "writer too slow to test: {} acks",
        acked.len()
    );

    let desk = l.desk();
    assert_eq!(desk.integrity_check().expect("check"), "ok");
    let now = t("2026-10-09 10:00");
    for no in &acked {
        let v = desk
            .show_case(no, &now)
            .unwrap_or_else(|e| panic!("{no} lost: {e}"));
        assert!(v.case.signed_at.is_some(), "{no} lost its signing");
    }
    // Nothing half-written: every case row has its petitioner, audit entry and search row.
    let conn = desk.raw_connection();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let cases = q("SELECT count(*) FROM cases");
    assert!(cases as usize >= acked.len());
    assert_eq!(q("SELECT count(DISTINCT case_id) FROM petitioners"), cases);
    assert_eq!(q("SELECT count(*) FROM case_search"), cases);
    assert_eq!(
        q("SELECT count(*) FROM audit_log WHERE action = 'create'"),
        cases
    );
    let dangling: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .expect("fk")
        .query_map([], |r| r.get(0))
        .expect("fk")
        .map(|r| r.expect("row"))
        .collect();
    assert!(dangling.is_empty(), "dangling rows in {dangling:?}");
}
