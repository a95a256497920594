//! "2+2" check rounds and deadline alerts (issue #4): the planner across 国庆 2026 with its
//! 调休 Saturday, catch-up after a sleep, each round and alert once, the confirmation flow and
//! the monthly report on a real ledger, and the CLI.

use std::collections::{BTreeSet, HashSet};

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use serde_json::json;
use xinfang::api::{RoundStatus, dispatch};
use xinfang::calendar::Calendar;
use xinfang::reminders::{self, AlertKind, ReminderSettings};
use xinfang::time::{Time, fmt_date, fmt_time};

use crate::util::{TempLedger, case, stderr, stdout, t, xf};

fn d(s: &str) -> NaiveDate {
    xinfang::time::parse_date(s).expect("date")
}

const FROM: &str = "2026-09-28";
const TO: &str = "2026-10-11";

/// The statuses of the day's rounds in a `reminder_inbox` answer.
fn round_statuses(inbox: &serde_json::Value) -> Vec<&str> {
    inbox["rounds"]
        .as_array()
        .expect("rounds")
        .iter()
        .map(|r| r["status"].as_str().expect("status"))
        .collect()
}

fn window_days() -> Vec<NaiveDate> {
    d(FROM).iter_days().take_while(|x| *x <= d(TO)).collect()
}

#[test]
fn four_rounds_on_each_working_day_none_on_rest_days() {
    let cal = Calendar::bundled();
    let s = ReminderSettings::default();
    let rounds = reminders::plan_rounds(&cal, &s, d(FROM), d(TO)).unwrap();
    let working: Vec<&str> = vec![
        "2026-09-28",
        "2026-09-29",
        "2026-09-30",
        "2026-10-08",
        "2026-10-09",
        "2026-10-10", // 调休上班（星期六）
    ];
    for day in window_days() {
        let n = rounds.iter().filter(|r| r.date == day).count();
        let expect = if working.contains(&fmt_date(day).as_str()) {
            4
        } else {
            0
        };
        assert_eq!(n, expect, "{day}: {}", cal.describe(day));
    }
    assert_eq!(rounds.len(), 24);
    // Each day's rounds at the default times, in order, labelled 上午/下午.
    let day: Vec<String> = rounds
        .iter()
        .filter(|r| r.date == d("2026-10-10"))
        .map(|r| format!("{} {}", r.at.format("%H:%M"), r.label))
        .collect();
    assert_eq!(
        day,
        [
            "09:00 第 1 次查看（上午）",
            "11:00 第 2 次查看（上午）",
            "14:30 第 3 次查看（下午）",
            "16:30 第 4 次查看（下午）"
        ]
    );
}

#[test]
fn configured_round_times_are_used() {
    let cal = Calendar::bundled();
    let s = ReminderSettings {
        round_times: vec!["15:00".into(), "08:30".into()],
        ..ReminderSettings::default()
    };
    let r = reminders::plan_rounds(&cal, &s, d("2026-10-09"), d("2026-10-09")).unwrap();
    let got: Vec<String> = r.iter().map(|r| fmt_time(&r.at)).collect();
    assert_eq!(
        got,
        ["2026-10-09T08:30:00+08:00", "2026-10-09T15:00:00+08:00"]
    );
    assert_eq!(r[1].label, "第 2 次查看（下午）");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Any sub-range: 4 rounds per working day, 0 per rest day, all inside the range.
    #[test]
    fn any_range_has_four_per_working_day(a in 0i64..14, len in 0i64..14) {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let from = d(FROM) + Duration::days(a);
        let to = from + Duration::days(len);
        let rounds = reminders::plan_rounds(&cal, &s, from, to).unwrap();
        let working = from.iter_days().take_while(|x| *x <= to)
            .filter(|x| cal.is_working_day(*x)).count();
        prop_assert_eq!(rounds.len(), working * 4);
        prop_assert!(rounds.iter().all(|r| r.date >= from && r.date <= to && cal.is_working_day(r.date)));
    }

    /// A pure tick sequence: consecutive windows (prev, now] never overlap, so each round
    /// falls in exactly one window.
    #[test]
    fn ticks_partition_the_rounds(steps in prop::collection::vec(1i64..600, 1..60)) {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let start = t("2026-09-28 00:00");
        let mut prev = start;
        let mut seen = Vec::new();
        for m in steps {
            let now = prev + Duration::minutes(m);
            for r in reminders::rounds_between(&cal, &s, &prev, &now).unwrap() {
                seen.push(r.at);
            }
            prev = now;
        }
        let expected: Vec<Time> = reminders::plan_rounds(&cal, &s, d(FROM), xinfang::time::china_date(&prev))
            .unwrap().into_iter().map(|r| r.at).filter(|a| *a <= prev).collect();
        prop_assert_eq!(seen, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// On a real ledger with the clock jumping back and forth: no round and no alert is ever
    /// returned twice.
    #[test]
    fn the_ledger_never_returns_a_round_or_alert_twice(
        ticks in prop::collection::vec(0i64..(14 * 24 * 60), 1..40)
    ) {
        let l = TempLedger::new();
        let mut desk = l.desk();
        desk.add_case(case("P-1").arrived("2026-09-29 10:00").build(), &t("2026-09-29 10:05")).unwrap();
        let start = t("2026-09-28 00:00");
        let mut rounds = HashSet::new();
        let mut alerts = HashSet::new();
        for m in ticks {
            let now = start + Duration::minutes(m);
            let p = desk.rounds_pending(None, &now).unwrap();
            for r in p.rounds {
                prop_assert!(rounds.insert(r.round.at), "round {} twice", fmt_time(&r.round.at));
            }
            for a in p.alerts {
                prop_assert!(alerts.insert(a.key.clone()), "alert {} twice", a.key);
            }
        }
    }
}

/// Ticks every 15 minutes across the whole window: every round and every alert fires once,
/// at (or within a tick of) its time.
#[test]
fn every_round_and_alert_fires_once_on_a_running_app() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    // 签收 due 9/30 (a working day); 受理 due 10/4 → 10/8 (国庆).
    desk.add_case(
        case("A-1").arrived("2026-09-29 10:00").build(),
        &t("2026-09-29 10:05"),
    )
    .unwrap();
    let mut now = t("2026-09-28 00:00");
    let end = t("2026-10-11 23:59");
    let mut rounds: Vec<(Time, Time)> = Vec::new();
    let mut alerts: Vec<(String, AlertKind, String)> = Vec::new();
    while now <= end {
        let p = desk.rounds_pending(None, &now).unwrap();
        for r in p.rounds {
            assert!(!r.caught_up, "{} shown on time", r.round.label);
            rounds.push((r.round.at, now));
        }
        for a in p.alerts {
            assert!(a.at <= now && now - a.at < Duration::minutes(15));
            alerts.push((fmt_date(a.date), a.kind, a.deadline.clone()));
        }
        now += Duration::minutes(15);
    }
    assert_eq!(rounds.len(), 24);
    let distinct: BTreeSet<Time> = rounds.iter().map(|(a, _)| *a).collect();
    assert_eq!(distinct.len(), 24);
    assert!(
        rounds
            .iter()
            .all(|(at, shown)| *shown - *at < Duration::minutes(15))
    );
    use AlertKind::*;
    let want: Vec<(String, AlertKind, String)> = [
        ("2026-09-29", DueSoon, "签收"),
        ("2026-09-30", DueToday, "签收"),
        ("2026-09-30", BeforeRest, "受理"),
        ("2026-09-30", DueToday, "签收"),
        ("2026-10-08", Overdue, "签收"),
        ("2026-10-08", DueToday, "受理"),
        ("2026-10-08", DueToday, "受理"),
        ("2026-10-09", Overdue, "签收"),
        ("2026-10-09", Overdue, "受理"),
        ("2026-10-10", Overdue, "签收"),
        ("2026-10-10", Overdue, "受理"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), *b, c.to_string()))
    .collect();
    let mut got = alerts.clone();
    got.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(got, want_sorted);
}

#[test]
fn an_alert_stops_once_the_deadline_is_met() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(
        case("B-1").arrived("2026-09-29 10:00").build(),
        &t("2026-09-29 10:05"),
    )
    .unwrap();
    let overdue = |desk: &xinfang::api::Desk| {
        desk.alerts(d("2026-10-09"), d("2026-10-09"))
            .unwrap()
            .into_iter()
            .filter(|a| a.deadline == "签收")
            .count()
    };
    assert_eq!(overdue(&desk), 1);
    desk.sign_for("B-1", t("2026-10-08 10:00"), &t("2026-10-08 10:00"))
        .unwrap();
    assert_eq!(overdue(&desk), 0);
}

#[test]
fn catch_up_after_a_three_hour_sleep_returns_the_missed_rounds_once() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let p = desk.rounds_pending(None, &t("2026-10-09 08:30")).unwrap();
    assert!(p.rounds.is_empty());
    assert_eq!(
        p.next_round.as_ref().map(|r| fmt_time(&r.at)).as_deref(),
        Some("2026-10-09T09:00:00+08:00")
    );
    // Asleep 08:30 → 11:30: rounds 1 and 2 were missed.
    let p = desk.rounds_pending(None, &t("2026-10-09 11:30")).unwrap();
    let labels: Vec<(&str, bool)> = p
        .rounds
        .iter()
        .map(|r| (r.round.label.as_str(), r.caught_up))
        .collect();
    assert_eq!(
        labels,
        [("第 1 次查看（上午）", true), ("第 2 次查看（上午）", true)]
    );
    assert_eq!(p.open_rounds, 2);
    assert!(p.tooltip.contains("2 轮查看待确认"), "{}", p.tooltip);
    // The next tick, and a restart with the same clock, return nothing again.
    assert!(
        desk.rounds_pending(None, &t("2026-10-09 11:30:15"))
            .unwrap()
            .rounds
            .is_empty()
    );
    drop(desk);
    let mut desk = l.desk();
    assert!(
        desk.rounds_pending(None, &t("2026-10-09 11:31"))
            .unwrap()
            .rounds
            .is_empty()
    );
    // The clock set back an hour and forward again: still nothing twice.
    assert!(
        desk.rounds_pending(None, &t("2026-10-09 10:00"))
            .unwrap()
            .rounds
            .is_empty()
    );
    assert!(
        desk.rounds_pending(None, &t("2026-10-09 11:32"))
            .unwrap()
            .rounds
            .is_empty()
    );
    // Confirming now confirms round 2 and the caught-up round 1, which counts as late.
    let done = desk
        .round_done(None, 3, &t("2026-10-09 11:35"))
        .expect("done");
    assert_eq!(done.message, "第 2 次查看（上午）：已查看，新增 3 件待签收");
    assert_eq!(done.round.status, RoundStatus::OnTime);
    assert_eq!(done.also_confirmed.len(), 1);
    assert_eq!(done.also_confirmed[0].status, RoundStatus::Late);
    let p = desk.rounds_pending(None, &t("2026-10-09 11:40")).unwrap();
    assert_eq!(p.open_rounds, 0);
    assert_eq!(l.count("SELECT count(*) FROM check_rounds"), 2);
}

#[test]
fn confirmation_flow_and_monthly_report() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let at = |s: &str| Some(t(s));
    let now = t("2026-10-31 20:00");
    // 10/8: round 1 on time, round 2 late (12:30 > 11:00 + 60 min), round 3 missed, round 4 on time.
    let r1 = desk.round_done(at("2026-10-08 09:05"), 2, &now).unwrap();
    assert_eq!(r1.round.round.seq, 1);
    assert_eq!(r1.round.new_items, Some(2));
    let r2 = desk.round_done(at("2026-10-08 12:30"), 0, &now).unwrap();
    assert_eq!(
        (r2.round.round.seq, r2.round.status),
        (2, RoundStatus::Late)
    );
    let r4 = desk.round_done(at("2026-10-08 16:25"), 1, &now).unwrap();
    assert_eq!(
        (r4.round.round.seq, r4.round.status),
        (4, RoundStatus::OnTime),
        "15 minutes early is allowed"
    );
    // The same round twice, a holiday, and before the first round are refused with the reason.
    let e = desk
        .round_done(at("2026-10-08 16:50"), 0, &now)
        .unwrap_err();
    assert_eq!(e.code(), "round_already_confirmed");
    assert!(e.to_string().contains("第 4 次查看（下午）已于"), "{e}");
    let e = desk
        .round_done(at("2026-10-03 10:00"), 0, &now)
        .unwrap_err();
    assert_eq!(e.code(), "no_round_to_confirm");
    assert!(e.to_string().contains("国庆节"), "{e}");
    let e = desk
        .round_done(at("2026-10-09 08:00"), 0, &now)
        .unwrap_err();
    assert!(e.to_string().contains("09:00，还没有到时间"), "{e}");
    let e = desk
        .round_done(at("2026-11-02 09:00"), 0, &now)
        .unwrap_err();
    assert_eq!(e.code(), "invalid_field");

    let r = desk.rounds_report("2026-10", &now).unwrap();
    // October 2026: 10/8, 10/9, 10/10 (调休) and three full weeks = 18 working days.
    assert_eq!(r.planned, 72);
    assert_eq!((r.on_time, r.late, r.missed), (2, 1, 69));
    assert_eq!((r.open, r.upcoming), (0, 0));
    // Mid-month: later rounds are upcoming, the current one open.
    let r = desk
        .rounds_report("2026-10", &t("2026-10-08 14:40"))
        .unwrap();
    assert_eq!((r.on_time, r.late, r.missed, r.open), (2, 1, 0, 1));
    assert_eq!(r.upcoming, 72 - 4);
    // The confirmation cannot be changed afterwards, even by hand.
    let conn = rusqlite::Connection::open(&l.path).unwrap();
    let e = conn
        .execute(
            "UPDATE check_rounds SET confirmed_at = NULL WHERE confirmed_at IS NOT NULL",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("不能修改"), "{e}");
    assert!(conn.execute("DELETE FROM check_rounds", []).is_err());
    let e = desk.rounds_report("2026-13", &now).unwrap_err();
    assert!(e.to_string().contains("2026-10"), "{e}");
}

#[test]
fn settings_are_stored_and_checked() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 08:00");
    assert_eq!(
        desk.reminder_settings().unwrap(),
        ReminderSettings::default()
    );
    let v = dispatch(
        &mut desk,
        "reminder_settings_set",
        json!({"round_times": ["08:30", "10:30", "14:00", "16:00"], "quiet_days": ["2026-10-09"]}),
        &now,
    )
    .expect("set");
    assert_eq!(v["lead_days"], json!([1]));
    let plan = dispatch(
        &mut desk,
        "rounds_plan",
        json!({"from": "2026-10-08", "to": "2026-10-09"}),
        &now,
    )
    .expect("plan");
    let rounds = plan["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 4, "10/9 is a quiet day");
    assert_eq!(rounds[0]["at"], "2026-10-08T08:30:00+08:00");
    let e = dispatch(
        &mut desk,
        "reminder_settings_set",
        json!({"round_times": ["25:00"]}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.code, "settings");
    assert!(e.message.contains("25:00"), "{}", e.message);
}

#[test]
fn dispatch_commands_round_trip() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:02");
    let p = dispatch(&mut desk, "rounds_pending", json!({}), &now).expect("pending");
    assert_eq!(
        p["rounds"][0]["message"],
        "第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办"
    );
    let done = dispatch(&mut desk, "round_done", json!({"new_items": 4}), &now).expect("done");
    assert_eq!(
        done["message"],
        "第 1 次查看（上午）：已查看，新增 4 件待签收"
    );
    let r = dispatch(
        &mut desk,
        "rounds_report",
        json!({"month": "2026-10"}),
        &now,
    )
    .expect("rep");
    assert_eq!(r["on_time"], 1);
    let a = dispatch(&mut desk, "alerts", json!({}), &now).expect("alerts");
    assert_eq!(a, json!([]));
}

#[test]
fn cli_plans_confirms_and_reports() {
    let l = TempLedger::new();
    // Without a ledger: the bundled calendar and default times.
    let o = xf(
        &l.path,
        "2026-09-28 08:00",
        &["rounds", "--from", FROM, "--to", TO, "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["rounds"].as_array().unwrap().len(), 24);
    assert!(!l.path.exists(), "planning does not create a ledger");

    let o = xf(&l.path, "2026-09-28 08:00", &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        l.dir.path().join("c.json"),
        case("C-1").arrived("2026-09-29 10:00").json(),
    )
    .unwrap();
    let cj = l.dir.path().join("c.json");
    let o = xf(
        &l.path,
        "2026-09-29 10:05",
        &["case", "add", "--json", cj.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = xf(
        &l.path,
        "2026-09-28 08:00",
        &["rounds", "--from", FROM, "--to", TO, "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["alerts"].as_array().unwrap().len(), 11);
    let o = xf(
        &l.path,
        "2026-09-28 08:00",
        &["rounds", "--from", "2026-09-30", "--to", "2026-09-30"],
    );
    let text = stdout(&o);
    assert!(text.contains("放假前最后一个工作日"), "{text}");

    let o = xf(
        &l.path,
        "2026-10-08 09:20",
        &["rounds", "done", "--new", "2"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("第 1 次查看（上午）：已查看，新增 2 件待签收"),
        "{}",
        stdout(&o)
    );
    let o = xf(
        &l.path,
        "2026-10-08 11:30",
        &["rounds", "done", "--at", "2026-10-08 11:10"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = xf(
        &l.path,
        "2026-10-08 11:31",
        &["rounds", "done", "--at", "2026-10-08 11:10"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不能重复确认"), "{}", stderr(&o));
    let o = xf(
        &l.path,
        "2026-10-31 20:00",
        &["rounds", "report", "--month", "2026-10", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (&v["planned"], &v["on_time"], &v["late"], &v["missed"]),
        (&json!(72), &json!(2), &json!(0), &json!(70))
    );
    let o = xf(
        &l.path,
        "2026-10-31 20:00",
        &["rounds", "report", "--month", "2026-10"],
    );
    assert!(
        stdout(&o).contains("应查 72 轮，按时 2，迟到 0，漏查 70"),
        "{}",
        stdout(&o)
    );
    let out = l.dir.path().join("查看记录.csv");
    let o = xf(
        &l.path,
        "2026-10-31 20:00",
        &[
            "rounds",
            "report",
            "--month",
            "2026-10",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("18 个工作日，72 轮"), "{}", stdout(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(
        csv.contains("2026-10-08,第 2 次查看（上午）,11:00,2026-10-08 11:10,0,按时"),
        "{csv}"
    );
}

/// The in-app list: today's open and missed rounds and the alerts whose time has come,
/// read-only (the loop still delivers them afterwards), and the report exported to a real
/// .xlsx read back with calamine and a .csv.
#[test]
fn inbox_lists_open_and_missed_rounds_and_the_report_exports() {
    use calamine::{Reader, Xlsx, open_workbook};
    let l = TempLedger::new();
    let mut desk = l.desk();
    // 签收 due 10/9 (arrived 10/8): due today on 10/9.
    desk.add_case(
        case("IN-1").arrived("2026-10-08 10:00").build(),
        &t("2026-10-08 10:05"),
    )
    .unwrap();
    let now = t("2026-10-09 11:05");
    let v = dispatch(&mut desk, "reminder_inbox", json!({}), &now).expect("inbox");
    assert_eq!(
        round_statuses(&v),
        ["missed", "open", "upcoming", "upcoming"]
    );
    assert_eq!(v["current"]["seq"], 2);
    assert_eq!(v["current"]["late"], false);
    assert_eq!(v["date"], "2026-10-09");
    let alerts = v["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0]["case_no"], "IN-1");
    assert_eq!(alerts[0]["kind"], "due_today");
    // 10/8 had four rounds, none confirmed; the 09:00 one came before the ledger's first
    // entry (the case, 10:05) and is not a miss (issue #21 §9).
    assert_eq!(v["missed_earlier"], 3);
    // Read-only: the loop still gets the round and the alert afterwards.
    let p = desk.rounds_pending(None, &now).unwrap();
    assert!(p.rounds.iter().any(|r| r.round.seq == 2));
    assert_eq!(p.alerts.len(), 1);
    // Confirm round 2 with 2 new items; the current round is then shown as confirmed.
    dispatch(&mut desk, "round_done", json!({"new_items": 2}), &now).expect("done");
    let v = dispatch(&mut desk, "reminder_inbox", json!({}), &now).expect("inbox");
    assert_eq!(v["rounds"][1]["status"], "on_time");
    assert_eq!(v["rounds"][1]["new_items"], 2);
    assert!(v["current"]["confirmed_at"].is_string());
    // Late: at 12:30 the current round is still 2 (confirmed); at 15:45 round 3 is late.
    let v = dispatch(
        &mut desk,
        "reminder_inbox",
        json!({}),
        &t("2026-10-09 15:45"),
    )
    .unwrap();
    assert_eq!(
        (v["current"]["seq"].clone(), v["current"]["late"].clone()),
        (json!(3), json!(true))
    );

    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("查看记录.xlsx");
    let end = t("2026-10-31 20:00");
    let r = dispatch(
        &mut desk,
        "rounds_report_export",
        json!({"month": "2026-10", "path": xlsx}),
        &end,
    )
    .expect("export");
    // 72 planned in October, less 10/8 09:00 before the ledger's first entry.
    assert_eq!(
        (r["days"].clone(), r["rounds"].clone()),
        (json!(18), json!(71))
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("xlsx opens");
    let sum = wb.worksheet_range("按日汇总").expect("sheet");
    let text = |c: &calamine::Data| c.to_string();
    let row = sum
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some("2026-10-09"))
        .expect("10/9 row");
    let nums: Vec<String> = row.iter().skip(1).map(text).collect();
    // Round 1 was caught up by the loop at 11:05 and is confirmed late with round 2.
    assert_eq!(
        nums,
        ["4", "1", "1", "2", "0", "2"],
        "planned/on time/late/missed/pending/new"
    );
    let total = sum
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some("合计"))
        .expect("total row");
    assert_eq!(text(&total[1]), "71");
    let detail = wb.worksheet_range("每轮明细").expect("detail");
    let r2: Vec<String> = detail
        .rows()
        .find(|r| text(&r[0]) == "2026-10-09" && text(&r[1]).contains("第 2 次"))
        .expect("round 2")
        .iter()
        .map(text)
        .collect();
    assert_eq!(r2[2], "11:00");
    assert_eq!(r2[3], "2026-10-09 11:05");
    assert_eq!(r2[4], "2");
    assert_eq!(r2[5], "按时");

    let csv = dir.path().join("查看记录.csv");
    dispatch(
        &mut desk,
        "rounds_report_export",
        json!({"month": "2026-10", "path": csv}),
        &end,
    )
    .expect("csv");
    let body = std::fs::read_to_string(&csv).unwrap();
    assert!(body.starts_with('\u{feff}'));
    assert_eq!(body.lines().count(), 72);
    assert!(
        body.contains("2026-10-09,第 2 次查看（上午）,11:00,2026-10-09 11:05,2,按时"),
        "{body}"
    );
    let e = dispatch(
        &mut desk,
        "rounds_report_export",
        json!({"month": "2026-10", "path": dir.path().join("x.pdf")}),
        &end,
    )
    .unwrap_err();
    assert_eq!(e.code, "unsupported_format");
}

/// Issue #21 §9: records start when the ledger does. A new ledger shows no misses for the
/// days before it existed, and the month's report prints none from before its first entry.
#[test]
fn a_new_ledger_has_no_misses_from_before_it_existed() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    // The first entry: a case registered on Wednesday 10/14 at 15:00.
    desk.add_case(
        case("NEW-1").arrived("2026-10-14 14:00").build(),
        &t("2026-10-14 15:00"),
    )
    .unwrap();
    let now = t("2026-10-15 10:30");
    let v = dispatch(&mut desk, "reminder_inbox", json!({}), &now).expect("inbox");
    // Before: the 7 days back (10/8–10/14) counted 5 working days × 4 + 2 = 22 misses.
    assert_eq!(v["missed_earlier"], 1, "only 10/14 16:30 was missed: {v}");
    let r = desk.rounds_report("2026-10", &now).unwrap();
    assert_eq!(r.missed, 2, "10/14 16:30 and 10/15 09:00");
    assert!(
        r.rows
            .iter()
            .all(|row| row.round.at >= t("2026-10-14 15:00")),
        "rows before the ledger existed"
    );
    assert_eq!(
        r.rows
            .iter()
            .find(|row| row.status == xinfang::api::RoundStatus::Missed)
            .map(|row| row.status_label),
        Some("漏查")
    );
    // A late confirmation reads the same everywhere: 补查（迟到）.
    let done = desk
        .round_done(Some(t("2026-10-15 10:30")), 0, &now)
        .expect("late confirmation");
    assert_eq!(done.round.status_label, "补查（迟到）");
}

/// The first tick of a ledger begun late in the day reminds only of the round still open, and
/// the day's report holds no misses from before the ledger existed (issue #21 §9). A ledger
/// that already had entries yesterday still gets today's morning rounds as catch-ups.
#[test]
fn a_ledger_begun_late_in_the_day_is_not_told_it_missed_the_morning() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    // Friday 10/9, first opened at 17:10: round 4 (16:30) is within its hour of grace.
    let p = desk.rounds_pending(None, &t("2026-10-09 17:10")).unwrap();
    let seqs: Vec<u32> = p.rounds.iter().map(|r| r.round.seq).collect();
    assert_eq!(seqs, [4], "{:?}", p.rounds);
    let v = dispatch(
        &mut desk,
        "reminder_inbox",
        json!({}),
        &t("2026-10-09 17:10"),
    )
    .unwrap();
    assert_eq!(round_statuses(&v), ["open"], "{v}");
    assert_eq!(v["missed_earlier"], 0);
    // Left unconfirmed past its grace, round 4 is the day's one miss.
    let friday = |r: &xinfang::api::RoundsReport| -> Vec<(u32, RoundStatus)> {
        r.rows
            .iter()
            .filter(|row| row.round.date == d("2026-10-09"))
            .map(|row| (row.round.seq, row.status))
            .collect()
    };
    let r = desk
        .rounds_report("2026-10", &t("2026-10-09 20:00"))
        .unwrap();
    assert_eq!(friday(&r), [(4, RoundStatus::Missed)]);
    assert_eq!(r.missed, 1);

    // Begun after the last round's grace: nothing today, nothing missed.
    let l2 = TempLedger::new();
    let mut desk2 = l2.desk();
    assert!(
        desk2
            .rounds_pending(None, &t("2026-10-09 17:53"))
            .unwrap()
            .rounds
            .is_empty()
    );
    let r = desk2
        .rounds_report("2026-10", &t("2026-10-09 20:00"))
        .unwrap();
    assert_eq!(friday(&r), []);
    assert_eq!(r.missed, 0);
    // The next working day's rounds come as usual (Saturday 10/10 is a 调休 working day).
    let p = desk2
        .rounds_pending(None, &t("2026-10-10 09:00:05"))
        .unwrap();
    assert_eq!(p.rounds.len(), 1);
    assert!(!p.rounds[0].caught_up);

    // Entries since yesterday, first tick today at 11:05: rounds 1 (a catch-up) and 2.
    let l3 = TempLedger::new();
    let mut desk3 = l3.desk();
    desk3
        .add_case(
            case("OLD-1").arrived("2026-10-08 10:00").build(),
            &t("2026-10-08 10:05"),
        )
        .unwrap();
    let p = desk3.rounds_pending(None, &t("2026-10-09 11:05")).unwrap();
    let got: Vec<(u32, bool)> = p
        .rounds
        .iter()
        .map(|r| (r.round.seq, r.caught_up))
        .collect();
    assert_eq!(got, [(1, true), (2, false)]);
}
