//! Satisfaction follow-up and people counts (issue #16 items 5 and 8): a case to be evaluated
//! reminds the clerk to guide the petitioner (N §二 积极引导信访人进行满意度评价) at the next check
//! round; the unit's evaluation window, when set, is a deadline with its own reminders; the
//! five rates count 人次 beside 件.

use crate::util::{TempLedger, case, stdout, t, xf};
use chrono::NaiveDate;
use xinfang::api::{Desk, DocumentInput};
use xinfang::domain::{DocKind, Evaluation, Form, Purpose};
use xinfang::ledger::query::CaseFilter;
use xinfang::reminders::{Alert, AlertKind};

/// A 建议 answered by a 回复 on Thursday 2026-10-15 and handed over on Friday 10-16 09:30.
fn answered(desk: &mut Desk, no: &str, in_scope: bool) {
    let now = t("2026-10-16 09:30");
    let mut c = case(no)
        .arrived("2026-10-08 09:00")
        .purpose(Purpose::Suggestion)
        .build();
    c.in_evaluation_scope = in_scope;
    desk.add_case(c, &now).expect("add");
    desk.sign_for(no, t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide(no, "direct_reply", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    for kind in [DocKind::ReplyLetter, DocKind::DeliveryReceipt] {
        let d = DocumentInput {
            kind,
            doc_no: None,
            title: None,
            issued_at: Some(t("2026-10-15 09:00")),
        };
        desk.record_document(no, d, &now).expect("doc");
    }
    desk.reply(no, t("2026-10-15 12:00"), &now).expect("reply");
    desk.deliver(
        no,
        crate::util::served_in_person(vec![DocKind::ReplyLetter], "2026-10-16 09:30"),
        &now,
    )
    .expect("deliver");
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

fn guidance<'a>(alerts: &'a [Alert], no: &str) -> Vec<&'a Alert> {
    alerts
        .iter()
        .filter(|a| a.case_no == no && a.kind == AlertKind::GuideEvaluation)
        .collect()
}

fn set_window(desk: &mut Desk, days: Option<u32>, now: &str) {
    let mut s = desk.settings().clone();
    s.evaluation_window_days = days;
    desk.set_rule_settings(s, &t(now)).expect("settings");
}

#[test]
fn an_answered_case_reminds_the_clerk_once_at_the_next_round_to_guide_the_evaluation() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    answered(&mut desk, "E-1", true);
    // Without a window there is no evaluation deadline, only the reminder.
    let v = desk.show_case("E-1", &t("2026-10-16 10:00")).expect("show");
    assert!(!v.deadlines.iter().any(|d| d.rule_id == "evaluation"));
    // Friday's rounds: the answer reached the petitioner this morning, so the next tick of the
    // working day brings the reminder — once.
    let p = desk
        .rounds_pending(None, &t("2026-10-16 10:00"))
        .expect("tick");
    let g = guidance(&p.alerts, "E-1");
    assert_eq!(g.len(), 1, "{:?}", p.alerts);
    assert!(
        g[0].message.contains("引导其在平台评价"),
        "{}",
        g[0].message
    );
    assert!(g[0].message.contains("2026-10-16 送达"), "{}", g[0].message);
    assert!(
        p.notices.iter().any(|n| n.body.contains("【引导评价】E-1")),
        "{:?}",
        p.notices
    );
    let again = desk
        .rounds_pending(None, &t("2026-10-16 11:00:05"))
        .expect("tick");
    assert!(guidance(&again.alerts, "E-1").is_empty());
    // Not every day after that: without a window nothing more until it is evaluated.
    let monday = desk
        .rounds_pending(None, &t("2026-10-19 09:00:05"))
        .expect("tick");
    assert!(
        guidance(&monday.alerts, "E-1").is_empty(),
        "{:?}",
        monday.alerts
    );
    let listed = desk
        .alerts(day("2026-10-16"), day("2026-11-30"))
        .expect("alerts");
    assert_eq!(guidance(&listed, "E-1").len(), 1, "{listed:?}");
}

#[test]
fn a_case_outside_the_evaluation_is_not_reminded_and_an_evaluated_one_stops() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    // An accusation is out of the 参评 scope by default (条例 §30) and not flagged.
    let mut c = case("E-2")
        .arrived("2026-10-08 09:00")
        .purpose(Purpose::Accusation)
        .build();
    c.in_evaluation_scope = false;
    let now = t("2026-10-16 09:30");
    desk.add_case(c, &now).expect("add");
    desk.sign_for("E-2", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide("E-2", "direct_reply", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    desk.reply("E-2", t("2026-10-15 12:00"), &now)
        .expect("reply");
    answered(&mut desk, "E-3", true);
    set_window(&mut desk, Some(10), "2026-10-16 09:40");
    let all = desk
        .alerts(day("2026-10-16"), day("2026-10-30"))
        .expect("alerts");
    assert!(guidance(&all, "E-2").is_empty(), "{all:?}");
    assert!(!guidance(&all, "E-3").is_empty());
    // The ledger's 待引导评价 filter lists the same cases the reminders name.
    let to_evaluate = |desk: &Desk| -> Vec<String> {
        let f = CaseFilter {
            to_evaluate: true,
            ..CaseFilter::default()
        };
        let list = desk.list_cases(&f, &t("2026-10-19 10:00")).expect("list");
        list.items.into_iter().map(|c| c.case_no).collect()
    };
    assert_eq!(to_evaluate(&desk), vec!["E-3".to_string()]);
    desk.evaluate(
        "E-3",
        Evaluation::Satisfied,
        t("2026-10-19 10:00"),
        &t("2026-10-19 10:00"),
    )
    .expect("evaluate");
    assert_eq!(
        l.count("SELECT count(*) FROM cases WHERE eval_from IS NOT NULL"),
        0,
        "an evaluated case leaves the guidance list"
    );
    assert!(to_evaluate(&desk).is_empty());
    let after = desk
        .alerts(day("2026-10-19"), day("2026-10-30"))
        .expect("alerts");
    assert!(guidance(&after, "E-3").is_empty(), "{after:?}");
    let v = desk.show_case("E-3", &t("2026-10-19 10:00")).expect("show");
    let d = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "evaluation")
        .expect("window");
    assert_eq!(d.status_label, "按期完成", "{d:?}");
}

#[test]
fn the_units_evaluation_window_is_a_deadline_with_reminders_before_on_and_after_its_last_day() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    answered(&mut desk, "E-4", false);
    // A 建议 answered by 直接回复 counts in 参评率 even without the 纳入满意度评价 flag.
    set_window(&mut desk, Some(10), "2026-10-16 09:40");
    let v = desk.show_case("E-4", &t("2026-10-20 10:00")).expect("show");
    let d = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "evaluation")
        .expect("evaluation window");
    // Received Friday 10-16; 10 days → Monday 10-26, a working day.
    assert_eq!(d.due_date, day("2026-10-26"));
    assert_eq!(d.name, "满意度评价（信访人）");
    assert!(
        d.explanation
            .contains("信访人收到答复之日 2026-10-16 不计入"),
        "{}",
        d.explanation
    );
    assert!(d.source.contains("本单位设置"), "{}", d.source);
    assert!(
        v.notices
            .iter()
            .any(|n| n.starts_with("计入群众参评率：请引导信访人评价")
                && n.contains("评价期限 2026-10-26 24:00")),
        "{:?}",
        v.notices
    );
    // The petitioner's window, never the unit's overdue work.
    assert_eq!(
        l.count("SELECT count(*) FROM cases WHERE case_no = 'E-4' AND next_due = '2026-10-26'"),
        0
    );
    assert_eq!(
        l.count("SELECT count(*) FROM cases WHERE eval_due = '2026-10-26'"),
        1
    );
    let all = desk
        .alerts(day("2026-10-16"), day("2026-10-31"))
        .expect("alerts");
    let g: Vec<(NaiveDate, &str)> = guidance(&all, "E-4")
        .iter()
        .map(|a| (a.date, a.message.as_str()))
        .collect();
    let dates: Vec<NaiveDate> = g.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        dates,
        vec![
            day("2026-10-16"), // the answer reached the petitioner
            day("2026-10-23"), // Friday: 1 day ahead is Sunday, so the last working day before
            day("2026-10-26"), // its last day
            day("2026-10-27"), // the day after: check the platform for 超期未评价
        ],
        "{g:?}"
    );
    assert!(g[1].1.contains("还有 3 天"), "{}", g[1].1);
    assert!(g[2].1.contains("今天（2026-10-26）届满"), "{}", g[2].1);
    assert!(g[3].1.contains("超期未评价"), "{}", g[3].1);
    // Every reminder comes with the first round of a working day, never at night.
    assert!(
        guidance(&all, "E-4")
            .iter()
            .all(|a| a.at.format("%H:%M").to_string() == "09:00")
    );
    // A window up to 365 days; 0 is refused with what to do.
    let mut s = desk.settings().clone();
    s.evaluation_window_days = Some(0);
    let e = desk
        .set_rule_settings(s, &t("2026-10-20 10:00"))
        .unwrap_err();
    assert!(e.to_string().contains("不设期限请留空"), "{e}");
    // Nothing is lost: the stored window and the case's deadline stay as they were.
    drop(desk);
    let desk = l.desk();
    assert_eq!(desk.settings().evaluation_window_days, Some(10));
    assert_eq!(
        l.count("SELECT count(*) FROM cases WHERE eval_due = '2026-10-26'"),
        1
    );
}

#[test]
fn joint_petitions_count_every_person_in_the_rates() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    let mut visit = case("P-1").arrived("2026-10-08 09:00");
    visit.0.form = Form::Visit;
    visit.0.people_count = Some(6);
    desk.add_case(visit.build(), &now).expect("group visit");
    desk.add_case(case("P-2").arrived("2026-10-09 09:00").build(), &now)
        .expect("one person");
    let r = desk.rates(2026, None, &now).expect("rates");
    assert_eq!(r.overall.counts.total, 2);
    assert_eq!(r.overall.counts.people, 7);
    assert_eq!(r.units.iter().map(|u| u.counts.people).sum::<u64>(), 7);
    let months = desk.rates_by_month(2026, None, &now).expect("months");
    let oct = months.iter().find(|m| m.month == 10).expect("October");
    assert_eq!(oct.counts.people, 7);
    let out = stdout(&xf(
        &l.path,
        "2026-10-20 09:00",
        &["rates", "--year", "2026"],
    ));
    assert!(out.contains("共 2 件（7 人次）"), "{out}");
}

#[test]
fn an_answer_recorded_days_later_is_still_reminded_once() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    // Nothing to remind on Friday morning: the case is not answered yet.
    let p = desk
        .rounds_pending(None, &t("2026-10-15 09:00:05"))
        .expect("tick");
    assert!(p.alerts.is_empty());
    // The clerk enters Friday's answer and delivery only on Tuesday 10-20.
    answered(&mut desk, "E-5", true);
    let p = desk
        .rounds_pending(None, &t("2026-10-20 11:00:05"))
        .expect("tick");
    let g = guidance(&p.alerts, "E-5");
    assert_eq!(g.len(), 1, "{:?}", p.alerts);
    assert!(g[0].message.contains("2026-10-16 送达"), "{}", g[0].message);
    let p = desk
        .rounds_pending(None, &t("2026-10-21 09:00:05"))
        .expect("tick");
    assert!(guidance(&p.alerts, "E-5").is_empty(), "{:?}", p.alerts);
}

#[test]
fn the_window_and_the_follow_ups_are_exported_and_an_accusers_name_is_kept_out() {
    use xinfang::api::export_file;
    use xinfang::domain::FollowUpWay;
    use xinfang::exchange::{ExportOptions, Field};
    let l = TempLedger::new();
    let mut desk = l.desk();
    answered(&mut desk, "E-6", true);
    set_window(&mut desk, Some(10), "2026-10-16 09:40");
    let now = t("2026-10-20 10:00");
    desk.follow_up(
        "E-6",
        day("2026-10-20"),
        FollowUpWay::Phone,
        "已电话告知评价方式，张三表示将在平台评价",
        &now,
    )
    .expect("回访");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("台账.csv");
    let opts = ExportOptions {
        columns: Some(vec![Field::CaseNo, Field::EvalDue, Field::FollowUps]),
        ..ExportOptions::default()
    };
    export_file(&desk, &file, &opts, &now).expect("export");
    let text = std::fs::read_to_string(&file).expect("csv");
    for cell in [
        "评价期限",
        "回访情况",
        "2026-10-26",
        "1次：2026-10-20 电话回访：已电话告知评价方式",
    ] {
        assert!(text.contains(cell), "{cell}: {text}");
    }
    // An accusation's 回访 note is redacted like its other free text (条例 §30).
    let mut c = case("E-7")
        .arrived("2026-10-08 09:00")
        .purpose(Purpose::Accusation)
        .petitioner("李四", None, None)
        .build();
    c.in_evaluation_scope = true;
    desk.add_case(c, &now).expect("add");
    desk.sign_for("E-7", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide("E-7", "direct_reply", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    desk.reply("E-7", t("2026-10-15 12:00"), &now)
        .expect("reply");
    desk.follow_up(
        "E-7",
        day("2026-10-19"),
        FollowUpWay::Phone,
        "李四表示满意",
        &now,
    )
    .expect("回访");
    export_file(&desk, &file, &opts, &now).expect("export");
    let text = std::fs::read_to_string(&file).expect("csv");
    assert!(text.contains("（保密）表示满意"), "{text}");
    assert!(!text.contains("李四"), "{text}");
}
