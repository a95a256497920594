//! Every process sees another's calendar or rule change before its next write (issue #17):
//! the desktop app or `serve` keeps a desk open for hours while the CLI or a second window
//! changes the calendar and the rules.

use xinfang::calendar::DayOverride;
use xinfang::time::{fmt_date, read_date};

use crate::util::{TempLedger, case, t, xf};

fn sign_due(view: &xinfang::api::CaseView) -> String {
    view.deadlines
        .iter()
        .find(|d| d.rule_id == "sign_for")
        .map(|d| fmt_date(d.due_date))
        .expect("a 签收 deadline")
}

/// Two processes: this test holds a desk open (as the app does); the CLI, a second process,
/// makes 2026-11-19 a rest day; the next case registered through the open desk is due on
/// the 20th, as the CLI itself computes it.
#[test]
fn a_holiday_added_by_another_process_applies_to_the_next_case() {
    let l = TempLedger::new();
    let mut app = l.desk();
    let now = t("2026-11-18 10:00");
    let mut before = case("F-1").0;
    before.arrived_at = t("2026-11-18 09:00");
    app.add_case(before, &now).expect("first case");
    assert_eq!(
        sign_due(&app.show_case("F-1", &now).expect("show")),
        "2026-11-19"
    );

    let out = xf(
        &l.path,
        "2026-11-18 10:05",
        &[
            "calendar",
            "override",
            "2026-11-19",
            "--rest",
            "--note",
            "本地假日",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut after = case("F-2").0;
    after.arrived_at = t("2026-11-18 09:30");
    let outcome = app.add_case(after, &now).expect("second case");
    let due = outcome
        .deadlines
        .iter()
        .find(|d| d.rule_id == "sign_for")
        .map(|d| fmt_date(d.due_date));
    assert_eq!(due.as_deref(), Some("2026-11-20"));
    // The stored due date (what the overdue list and reminders read) agrees, for both cases:
    // the CLI recomputed the first one, and the open desk wrote the second with the new day.
    let stored = |no: &str| -> String {
        let conn = rusqlite::Connection::open(&l.path).expect("open");
        conn.query_row("SELECT next_due FROM cases WHERE case_no = ?1", [no], |r| {
            r.get(0)
        })
        .expect("next due")
    };
    assert_eq!(stored("F-1"), "2026-11-20");
    assert_eq!(stored("F-2"), "2026-11-20");
    // A read through the open desk shows the new day too, without a restart.
    app.refresh().expect("refresh");
    assert!(
        !app.calendar()
            .is_working_day(read_date("2026-11-19").expect("d"))
    );
}

/// Two desks on one ledger (two connections, as two windows): a rule change in one is what
/// the other's next write uses, even when that write comes without a refresh first.
#[test]
fn a_rule_change_in_one_window_binds_the_other_windows_next_write() {
    let l = TempLedger::new();
    let mut a = l.desk();
    let mut b = l.desk();
    let now = t("2026-11-18 10:00");
    let mut rules = a.settings().clone();
    for r in &mut rules.deadline_rules {
        if r.id == "sign_for" {
            r.days = 3;
        }
    }
    a.set_rule_settings(rules, &now).expect("rules");
    assert_eq!(
        add_and_sign_due(&mut b, "F-3"),
        "2026-11-23",
        "3 working days from Wed 18th"
    );
    // And a calendar change made by b reaches a.
    b.override_day(
        DayOverride {
            date: read_date("2026-11-23").expect("d"),
            working: false,
            note: "停电".into(),
        },
        &now,
    )
    .expect("override");
    let shown = a.show_case("F-3", &now);
    assert!(shown.is_ok());
    assert_eq!(add_and_sign_due(&mut a, "F-4"), "2026-11-24");
}

/// Registers a transferred case that arrived Wed 2026-11-18 09:00; its 签收 due date.
fn add_and_sign_due(desk: &mut xinfang::api::Desk, no: &str) -> String {
    let mut c = case(no).0;
    c.arrived_at = t("2026-11-18 09:00");
    desk.add_case(c, &t("2026-11-18 10:00"))
        .expect("add")
        .deadlines
        .into_iter()
        .find(|d| d.rule_id == "sign_for")
        .map(|d| fmt_date(d.due_date))
        .expect("a 签收 deadline")
}
