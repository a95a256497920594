//! Issue #15: every clock, scope and rate as 《信访工作条例》 (2022) and the Yongchuan notice
//! have it. One test per rule, named for it; the article is in each test's first comment.

use crate::util::{TempLedger, case, t};
use xinfang::api::{CaseView, DecideDetails, DeliveryInput, Desk, DocumentInput};
use xinfang::domain::{
    DeclineGround, DeliveryMethod, DocKind, Evaluation, LeaderRole, Method, Purpose, ReviewKind,
    SenderLevel, Source, Status,
};
use xinfang::rules::deadlines::{DeadlineStatus, Duty};
use xinfang::rules::{ReviewRole, RuleSettings};

fn deadline<'a>(v: &'a CaseView, id: &str) -> Option<&'a xinfang::rules::deadlines::Deadline> {
    v.deadlines.iter().find(|d| d.rule_id == id)
}

fn due(v: &CaseView, id: &str) -> String {
    deadline(v, id)
        .unwrap_or_else(|| panic!("no {id} deadline: {:?}", v.deadlines))
        .due_date
        .to_string()
}

fn codes(v: &CaseView) -> Vec<&'static str> {
    v.check.findings.iter().map(|f| f.code).collect()
}

fn direct(no: &str, arrived: &str) -> xinfang::domain::NewCase {
    let mut c = case(no).arrived(arrived).build();
    c.source = Source::Direct;
    c.sender = None;
    c
}

fn record(desk: &mut Desk, no: &str, kind: DocKind, now: &str) {
    desk.record_document(
        no,
        DocumentInput {
            kind,
            doc_no: None,
            title: None,
            issued_at: Some(t(now)),
        },
        &t(now),
    )
    .expect("record document");
}

fn deliver(desk: &mut Desk, no: &str, kinds: &[DocKind], at: &str) -> xinfang::Result<CaseView> {
    deliver_signed(desk, no, kinds, at, None)
}

fn deliver_signed(
    desk: &mut Desk,
    no: &str,
    kinds: &[DocKind],
    at: &str,
    signed_on: Option<&str>,
) -> xinfang::Result<CaseView> {
    desk.deliver(
        no,
        DeliveryInput {
            at: t(at),
            receipt_refused: false,
            method: DeliveryMethod::InPerson,
            place: Some("信访接待室".into()),
            recipient: "张三".into(),
            documents: kinds.to_vec(),
            receipt_signed: true,
            proxy_reason: None,
            witness: None,
            signed_on: signed_on.map(|s| xinfang::time::parse_date(s).expect("date")),
            tracking_no: None,
            refusal_reason: None,
            server: Some("李四".into()),
        },
        &t(at),
    )
}

fn sign_both(desk: &mut Desk, no: &str, kind: DocKind, at: &str) {
    for role in [LeaderRole::SupervisingLeader, LeaderRole::PrincipalLeader] {
        desk.signoff(no, kind, role, "某领导", t(at), &t(at))
            .expect("signoff");
    }
}

// ---- 1. Scope by source (N §一.二; 条例 §23) -------------------------------------------

#[test]
fn direct_case_needs_no_sign_for() {
    // N §一.二 binds 转办、交办、督办 items only: a direct case starts at 待受理, has no 签收
    // or 5-day 受理 clock, refuses a 签收 and is decided without one.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    desk.add_case(direct("DIR-1", "2026-10-08 09:00"), &now)
        .expect("add");
    let v = desk.show_case("DIR-1", &now).expect("show");
    assert_eq!(v.case.status, Status::AwaitingDecision);
    assert!(deadline(&v, "sign_for").is_none(), "{:?}", v.deadlines);
    assert!(deadline(&v, "decide").is_none(), "{:?}", v.deadlines);
    let e = desk
        .sign_for("DIR-1", t("2026-10-08 10:00"), &now)
        .unwrap_err();
    assert!(e.to_string().contains("没有签收环节"), "{e}");
    let v = desk
        .decide("DIR-1", "direct_reply", t("2026-10-08 11:00"), None, &now)
        .expect("decide without 签收");
    assert_eq!(v.case.status, Status::InProgress);
    // A transferred item still needs its 签收 first.
    desk.add_case(case("TR-1").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    let e = desk
        .decide(
            "TR-1",
            "petition_channel",
            t("2026-10-08 11:00"),
            None,
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("尚未签收"), "{e}");
}

#[test]
fn direct_case_gets_fifteen_days_to_tell_the_petitioner_in_writing() {
    // 条例 §23 ¶2: 自收到信访事项之日起15日内书面告知. 10-08 + 15 = 10-23 (Fri).
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    desk.add_case(direct("DIR-2", "2026-10-08 09:00"), &now)
        .expect("add");
    let v = desk.show_case("DIR-2", &now).expect("show");
    assert_eq!(due(&v, "notify_petitioner"), "2026-10-23");
    let d = deadline(&v, "notify_petitioner").expect("notify");
    assert_eq!(d.duty, Duty::Unit);
    assert!(d.source.contains("第二十三条"), "{}", d.source);
    // A transferred item has both: N §一.二's 1 and 5 days and 条例 §23 ¶3's 15 days.
    desk.add_case(case("TR-2").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    let v = desk.show_case("TR-2", &now).expect("show");
    assert_eq!(due(&v, "sign_for"), "2026-10-09");
    assert_eq!(due(&v, "decide"), "2026-10-13");
    assert_eq!(due(&v, "notify_petitioner"), "2026-10-23");
}

#[test]
fn return_objection_only_for_transferred_items() {
    // 条例 §23 ¶3: 异议 and 交还 exist for items 转送、交办 by a higher office.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    desk.add_case(direct("DIR-3", "2026-10-08 09:00"), &now)
        .expect("add");
    let v = desk.show_case("DIR-3", &now).expect("show");
    assert!(deadline(&v, "return_objection").is_none());
    let e = desk
        .decide(
            "DIR-3",
            "return_case",
            t("2026-10-08 11:00"),
            Some("不属于本单位职权".into()),
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("不能退件"), "{e}");
    desk.add_case(case("TR-3").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    let v = desk.show_case("TR-3", &now).expect("show");
    // 10-09, 10-10 (调休上班日), 10-12, 10-13, 10-14.
    assert_eq!(due(&v, "return_objection"), "2026-10-14");
}

// ---- 2. The written notice (条例 §23) -----------------------------------------------------

#[test]
fn written_notice_is_met_when_delivered_not_when_a_method_is_picked() {
    // 条例 §23 ¶3: 自收到之日起15日内书面告知信访人 — the 受理告知书 delivered, not the decision.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-01 09:00");
    for no in ["N-IN", "N-LATE", "N-NONE"] {
        desk.add_case(case(no).arrived("2026-09-07 09:00").build(), &now)
            .expect("add");
        desk.sign_for(no, t("2026-09-07 10:00"), &now)
            .expect("sign");
        let v = desk
            .decide(no, "petition_channel", t("2026-09-08 10:00"), None, &now)
            .expect("decide");
        let d = deadline(&v, "notify_petitioner").expect("notify");
        assert_eq!(d.due_date.to_string(), "2026-09-22");
        assert!(d.met_at.is_none(), "picking a method is not the notice");
        record(&mut desk, no, DocKind::AcceptanceNotice, "2026-09-08 11:00");
    }
    let v = deliver(
        &mut desk,
        "N-IN",
        &[DocKind::AcceptanceNotice],
        "2026-09-21 09:00",
    )
    .expect("deliver");
    assert_eq!(
        deadline(&v, "notify_petitioner").expect("n").status,
        DeadlineStatus::MetInTime
    );
    let v = deliver(
        &mut desk,
        "N-LATE",
        &[DocKind::AcceptanceNotice],
        "2026-09-23 09:00",
    )
    .expect("deliver");
    assert_eq!(
        deadline(&v, "notify_petitioner").expect("n").status,
        DeadlineStatus::MetLate
    );
    let later = t("2026-09-23 09:00");
    let v = desk.show_case("N-NONE", &later).expect("show");
    assert_eq!(
        deadline(&v, "notify_petitioner").expect("n").status,
        DeadlineStatus::Overdue
    );
    assert!(codes(&v).contains(&"deadline_overdue"));
}

// ---- 3. 延期 (条例 §34) ---------------------------------------------------------------------

#[test]
fn extension_only_before_sixty_days_in_steps_capped_at_thirty_with_a_reason() {
    // 条例 §34: 经负责人批准 … 延长期限不得超过30日，并告知信访人延期理由.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-03-03 09:00");
    for no in ["X-1", "X-2"] {
        desk.add_case(case(no).arrived("2026-03-01 09:00").build(), &now)
            .expect("add");
        desk.sign_for(no, t("2026-03-01 10:00"), &now)
            .expect("sign");
        desk.decide(no, "petition_channel", t("2026-03-02 10:00"), None, &now)
            .expect("decide");
    }
    // 60 days from 03-02: 05-01 is 劳动节 → 05-06.
    let e = desk
        .extend("X-1", 10, "主要领导", "  ", t("2026-04-20 09:00"), &now)
        .unwrap_err();
    assert!(e.to_string().contains("延期理由"), "{e}");
    let v = desk
        .extend(
            "X-1",
            10,
            "主要领导",
            "需现场勘验",
            t("2026-04-20 09:00"),
            &now,
        )
        .expect("first step");
    assert_eq!(due(&v, "handling_opinion"), "2026-05-11");
    let v = desk
        .extend(
            "X-1",
            20,
            "主要领导",
            "需听取第三方意见",
            t("2026-05-06 09:00"),
            &now,
        )
        .expect("second step, on the last of the 60 days");
    assert_eq!(v.case.extension_days, 30);
    assert_eq!(v.case.extensions.len(), 2);
    assert_eq!(due(&v, "handling_opinion"), "2026-06-01");
    let e = desk
        .extend("X-1", 1, "主要领导", "再核实", t("2026-05-06 10:00"), &now)
        .unwrap_err();
    assert!(e.to_string().contains("30 日"), "{e}");
    // After the 60 days ran out, no extension at all.
    let e = desk
        .extend(
            "X-2",
            5,
            "主要领导",
            "情况复杂",
            t("2026-05-07 09:00"),
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("届满"), "{e}");
}

// ---- 4. Sign-off scope (N §三.三) -----------------------------------------------------------

#[test]
fn only_opinions_need_leader_signoff_before_delivery() {
    // N §三.三: "每件处理意见书或答复意见书务必经单位分管领导、主要领导审核后才可送达".
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    desk.add_case(case("SO-1").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.sign_for("SO-1", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide(
        "SO-1",
        "petition_channel",
        t("2026-10-08 11:00"),
        None,
        &now,
    )
    .expect("decide");
    record(
        &mut desk,
        "SO-1",
        DocKind::AcceptanceNotice,
        "2026-10-08 12:00",
    );
    record(
        &mut desk,
        "SO-1",
        DocKind::HandlingOpinion,
        "2026-10-08 12:00",
    );
    deliver(
        &mut desk,
        "SO-1",
        &[DocKind::AcceptanceNotice],
        "2026-10-09 09:00",
    )
    .expect("a 受理告知书 goes out without the leaders");
    let e = deliver(
        &mut desk,
        "SO-1",
        &[DocKind::HandlingOpinion],
        "2026-10-09 10:00",
    )
    .unwrap_err();
    assert!(e.to_string().contains("签批"), "{e}");
    sign_both(
        &mut desk,
        "SO-1",
        DocKind::HandlingOpinion,
        "2026-10-09 10:30",
    );
    let v = deliver(
        &mut desk,
        "SO-1",
        &[DocKind::HandlingOpinion],
        "2026-10-09 11:00",
    )
    .expect("signed off");
    assert!(!codes(&v).contains(&"signoff_missing"), "{:?}", codes(&v));
}

#[test]
fn stricter_signoff_scope_is_a_setting() {
    // N §三.三 is the default; a unit may put every notice under sign-off.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    let mut s = RuleSettings::default();
    s.signoff_scope.push(DocKind::AcceptanceNotice);
    desk.set_rule_settings(s, &now).expect("settings");
    desk.add_case(case("SO-2").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.sign_for("SO-2", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide(
        "SO-2",
        "petition_channel",
        t("2026-10-08 11:00"),
        None,
        &now,
    )
    .expect("decide");
    record(
        &mut desk,
        "SO-2",
        DocKind::AcceptanceNotice,
        "2026-10-08 12:00",
    );
    assert!(
        deliver(
            &mut desk,
            "SO-2",
            &[DocKind::AcceptanceNotice],
            "2026-10-09 09:00"
        )
        .is_err()
    );
    // The setting survives reopening the ledger.
    let mut desk = l.desk();
    sign_both(
        &mut desk,
        "SO-2",
        DocKind::AcceptanceNotice,
        "2026-10-09 09:30",
    );
    deliver(
        &mut desk,
        "SO-2",
        &[DocKind::AcceptanceNotice],
        "2026-10-09 10:00",
    )
    .expect("signed off");
}

// ---- 6. Findings -----------------------------------------------------------------------------

#[test]
fn findings_cite_their_own_rules_source() {
    // Each finding names the article of the rule it applies, not a blanket N §一.二.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-30 09:00");
    desk.add_case(direct("F-1", "2026-10-08 09:00"), &now)
        .expect("add");
    let v = desk.show_case("F-1", &now).expect("show");
    let f = v
        .check
        .findings
        .iter()
        .find(|f| f.code == "deadline_overdue")
        .expect("overdue notice");
    assert!(f.message.contains("书面告知信访人"), "{}", f.message);
    assert!(f.source.contains("第二十三条"), "{}", f.source);
    assert!(!f.source.contains("§一.二"), "{}", f.source);
}

#[test]
fn petitioner_deadlines_never_count_as_the_units_overdue_work() {
    // 条例 §35: the 30 days to ask for 复查 are the petitioner's; their passing is not overdue.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-06-01 09:00");
    opinion_delivered(&mut desk, "PD-1", "2026-04-01 09:00", None);
    let later = t("2026-06-01 09:00");
    let v = desk.show_case("PD-1", &later).expect("show");
    let d = deadline(&v, "review_request").expect("review window");
    assert_eq!(d.status, DeadlineStatus::Lapsed);
    assert_eq!(d.duty, Duty::Petitioner);
    assert!(!codes(&v).contains(&"deadline_overdue"), "{:?}", codes(&v));
    let list = desk
        .list_cases(
            &xinfang::ledger::query::CaseFilter {
                overdue: true,
                ..Default::default()
            },
            &now,
        )
        .expect("list");
    assert_eq!(list.total, 0, "{:?}", list.items);
}

#[test]
fn case_owner_leader_required_for_flagged_national_and_city_items() {
    // N §二: 国家信访局、市信访办转送的纳入"满意度评价"的事项，要落实领导包案.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    let mut flagged = case("BA-1").arrived("2026-10-08 09:00").build();
    flagged.sender_level = Some(SenderLevel::City);
    flagged.in_evaluation_scope = true;
    desk.add_case(flagged, &now).expect("add");
    let mut plain = case("BA-2").arrived("2026-10-08 09:00").build();
    plain.sender_level = Some(SenderLevel::National);
    desk.add_case(plain, &now).expect("add");
    let v = desk.show_case("BA-1", &now).expect("show");
    let f = v
        .check
        .findings
        .iter()
        .find(|f| f.code == "owner_leader_missing")
        .expect("包案 finding");
    assert_eq!(f.severity, xinfang::rules::compliance::Severity::Error);
    assert!(f.source.contains("通知第二部分"), "{}", f.source);
    let v = desk.show_case("BA-2", &now).expect("show");
    assert!(!codes(&v).contains(&"owner_leader_missing"));
    desk.update_case(
        "BA-1",
        &serde_json::json!({"case_owner_leader": "王副区长"}),
        &now,
    )
    .expect("update");
    let v = desk.show_case("BA-1", &now).expect("show");
    assert!(!codes(&v).contains(&"owner_leader_missing"));
}

// ---- 8. 复查 / 复核 (条例 §35, §36) -------------------------------------------------------------

/// A petition-channel case whose 处理意见书 was delivered at `at` (receipt signed on `signed_on`).
fn opinion_delivered(desk: &mut Desk, no: &str, at: &str, signed_on: Option<&str>) {
    let reg = t("2026-03-01 09:00");
    desk.add_case(case(no).arrived("2026-03-01 09:00").build(), &reg)
        .expect("add");
    desk.sign_for(no, t("2026-03-01 10:00"), &reg)
        .expect("sign");
    desk.decide(no, "petition_channel", t("2026-03-02 10:00"), None, &reg)
        .expect("decide");
    // 条例 §23: the 受理告知书 within 15 days.
    record(desk, no, DocKind::AcceptanceNotice, "2026-03-03 09:00");
    deliver(desk, no, &[DocKind::AcceptanceNotice], "2026-03-05 09:00").expect("notice");
    desk.record_document(
        no,
        DocumentInput {
            kind: DocKind::HandlingOpinion,
            doc_no: Some("永建信〔2026〕9号".into()),
            title: None,
            issued_at: Some(t("2026-03-20 09:00")),
        },
        &reg,
    )
    .expect("doc");
    sign_both(desk, no, DocKind::HandlingOpinion, "2026-03-20 10:00");
    desk.reply(no, t("2026-03-20 11:00"), &reg).expect("reply");
    deliver_signed(desk, no, &[DocKind::HandlingOpinion], at, signed_on).expect("deliver");
}

#[test]
fn review_window_runs_from_the_signed_date_on_the_receipt() {
    // 条例 §35 "自收到书面答复之日起30日内": the 签收日期 on the 送达回证, stored apart from the
    // time the server handed it over.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-04-02 09:00");
    opinion_delivered(&mut desk, "RV-1", "2026-04-01 09:00", Some("2026-04-03"));
    let v = desk.show_case("RV-1", &now).expect("show");
    let last = v.case.deliveries.last().expect("delivery");
    assert_eq!(
        last.signed_on.map(|d| d.to_string()).as_deref(),
        Some("2026-04-03")
    );
    // 04-03 + 30 = 05-03 (Sun, 劳动节 5/1–5/5) → 05-06.
    assert_eq!(due(&v, "review_request"), "2026-05-06");
}

#[test]
fn re_review_window_and_opinion_follow_article_36() {
    // 条例 §36: 复核 within 30 days of receiving the 复查意见; decided within 30 days, hearing
    // time not counted; afterwards the same matter is not accepted again.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-04-10 09:00");
    opinion_delivered(&mut desk, "RR-1", "2026-04-01 09:00", Some("2026-04-01"));
    desk.request_review("RR-1", ReviewKind::Review, t("2026-04-10 09:00"), &now)
        .expect("复查");
    let later = t("2026-06-20 09:00");
    desk.review_opinion(
        "RR-1",
        ReviewKind::Review,
        t("2026-05-06 09:00"),
        Some("维持".into()),
        &later,
    )
    .expect("复查意见");
    let v = desk
        .review_details(
            "RR-1",
            ReviewKind::Review,
            Some(date("2026-05-08")),
            None,
            &later,
        )
        .expect("签收");
    // 05-08 + 30 = 06-07 (Sun) → 06-08.
    assert_eq!(due(&v, "re_review_request"), "2026-06-08");
    desk.request_review("RR-1", ReviewKind::ReReview, t("2026-06-05 09:00"), &later)
        .expect("复核");
    let v = desk
        .review_details("RR-1", ReviewKind::ReReview, None, Some(10), &later)
        .expect("听证");
    // 06-05 + 30 + 10 听证 = 07-15 (Wed).
    assert_eq!(due(&v, "re_review_opinion"), "2026-07-15");
    let v = desk
        .review_opinion(
            "RR-1",
            ReviewKind::ReReview,
            t("2026-07-01 09:00"),
            Some("维持".into()),
            &t("2026-07-02 09:00"),
        )
        .expect("复核意见");
    let f = v
        .check
        .findings
        .iter()
        .find(|f| f.code == "no_further_acceptance")
        .expect("不再受理");
    assert!(f.source.contains("第三十六条第三款"), "{}", f.source);
    // The same matter registered again is flagged at registration.
    let later = t("2026-07-10 09:00");
    let out = desk
        .add_case(
            case("RR-2")
                .arrived("2026-07-09 09:00")
                .repeat_of("RR-1")
                .build(),
            &later,
        )
        .expect("add");
    let note = out.not_accepted_again.expect("flagged");
    assert!(
        note.contains("不再受理") && note.contains("第三十六条第三款"),
        "{note}"
    );
    let out = desk
        .add_case(
            case("RR-3")
                .arrived("2026-07-09 09:00")
                .repeat_of("RV-X")
                .build(),
            &later,
        )
        .err();
    assert!(out.is_some(), "an unknown original is refused as before");
}

#[test]
fn late_review_request_is_flagged_out_of_time() {
    // 条例 §35: a request after the 30 days is recorded and flagged, never our lateness.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-06-01 09:00");
    opinion_delivered(&mut desk, "LT-1", "2026-04-01 09:00", Some("2026-04-01"));
    let v = desk
        .request_review("LT-1", ReviewKind::Review, t("2026-05-20 09:00"), &now)
        .expect("recorded");
    let d = deadline(&v, "review_request").expect("window");
    assert_eq!(d.status, DeadlineStatus::RequestedLate);
    assert!(
        codes(&v).contains(&"request_out_of_time"),
        "{:?}",
        codes(&v)
    );
    assert!(!codes(&v).contains(&"deadline_met_late"), "{:?}", codes(&v));
}

#[test]
fn review_duty_depends_on_the_units_ledger_role() {
    // 条例 §35: the 复查 opinion is the next-higher body's. On the unit's own ledger it is
    // tracked and never our overdue; a district office that reviews the unit sets the role.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-04-10 09:00");
    opinion_delivered(&mut desk, "RD-1", "2026-04-01 09:00", Some("2026-04-01"));
    desk.request_review("RD-1", ReviewKind::Review, t("2026-04-10 09:00"), &now)
        .expect("复查");
    let late = t("2026-06-01 09:00");
    let v = desk.show_case("RD-1", &late).expect("show");
    let d = deadline(&v, "review_opinion").expect("复查意见");
    assert_eq!(d.status, DeadlineStatus::PastDueElsewhere);
    assert!(!codes(&v).contains(&"deadline_overdue"), "{:?}", codes(&v));
    let mut s = desk.settings().clone();
    s.review_roles
        .insert(v.case.info.unit.clone(), ReviewRole::ReviewingBody);
    desk.set_rule_settings(s, &late).expect("role");
    let v = desk.show_case("RD-1", &late).expect("show");
    let d = deadline(&v, "review_opinion").expect("复查意见");
    assert_eq!((d.duty, d.status), (Duty::Unit, DeadlineStatus::Overdue));
}

fn date(s: &str) -> chrono::NaiveDate {
    xinfang::time::parse_date(s).expect("date")
}

// ---- 5. Rates ------------------------------------------------------------------------------

#[test]
fn declined_case_counts_in_participation_by_the_setting_not_by_a_reply() {
    // One 参评 scope rule: a 不予受理 is answered by its notice; whether it counts is the
    // score profile's `evaluation_scope_methods`.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("DC-1").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.sign_for("DC-1", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide_with(
        "DC-1",
        "decline",
        t("2026-10-09 10:00"),
        None,
        DecideDetails {
            ground: Some(DeclineGround::LegalRoute),
            redirect_to: Some("向重庆市永川区人民法院提起民事诉讼".into()),
            ..Default::default()
        },
        &now,
    )
    .expect("decline");
    let r = desk.rates(2026, None, &now).expect("rates");
    assert_eq!(r.overall.counts.evaluation_scope, 1, "no 答复 pressed");
    desk.evaluate("DC-1", Evaluation::Satisfied, t("2026-10-12 10:00"), &now)
        .expect("a declined case is evaluated");
    let mut s = desk.settings().clone();
    s.score_profile
        .evaluation_scope_methods
        .retain(|m| *m != Method::Decline);
    desk.set_rule_settings(s, &now).expect("settings");
    let r = desk.rates(2026, None, &now).expect("rates");
    assert_eq!(r.overall.counts.evaluation_scope, 0);
    let v = desk.show_case("DC-1", &now).expect("show");
    assert!(!codes(&v).contains(&"evaluation_pending"));
}

#[test]
fn accusation_evaluations_are_recorded_and_excluded_by_a_setting() {
    // 条例 §30 keeps accusations confidential; their evaluation is recorded, and whether it
    // counts in 参评率/满意率 is `exclude_accusations`.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(
        case("AC-1")
            .purpose(Purpose::Accusation)
            .arrived("2026-10-08 09:00")
            .build(),
        &now,
    )
    .expect("add");
    desk.sign_for("AC-1", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide("AC-1", "direct_reply", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    desk.reply("AC-1", t("2026-10-15 10:00"), &now)
        .expect("reply");
    let v = desk
        .evaluate(
            "AC-1",
            Evaluation::Dissatisfied,
            t("2026-10-16 10:00"),
            &now,
        )
        .expect("recorded");
    assert_eq!(v.case.evaluation, Some(Evaluation::Dissatisfied));
    let r = desk.rates(2026, None, &now).expect("rates");
    assert_eq!(
        (
            r.overall.counts.evaluation_scope,
            r.overall.counts.evaluated
        ),
        (0, 0)
    );
    let mut s = desk.settings().clone();
    s.score_profile.exclude_accusations = false;
    desk.set_rule_settings(s, &now).expect("settings");
    let r = desk.rates(2026, None, &now).expect("rates");
    assert_eq!(
        (
            r.overall.counts.evaluation_scope,
            r.overall.counts.evaluated
        ),
        (1, 1)
    );
}

#[test]
fn year_on_year_compares_this_year_to_date_with_the_same_period_last_year() {
    // N §二 "同比": 2026-01-01..03-31 against 2025-01-01..03-31, not all of 2025.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-03-31 18:00");
    // Last year: 2 cases in Jan–Mar, none repeats; 2 later cases, both repeats.
    desk.add_case(case("Y25-1").arrived("2025-01-10 09:00").build(), &now)
        .expect("add");
    desk.add_case(case("Y25-2").arrived("2025-03-31 09:00").build(), &now)
        .expect("add");
    desk.add_case(
        case("Y25-3")
            .arrived("2025-06-10 09:00")
            .repeat_of("Y25-1")
            .build(),
        &now,
    )
    .expect("add");
    desk.add_case(
        case("Y25-4")
            .arrived("2025-09-10 09:00")
            .repeat_of("Y25-1")
            .build(),
        &now,
    )
    .expect("add");
    // This year to date: 4 cases, 1 repeat = 25%.
    for (i, day) in ["2026-01-05", "2026-02-05", "2026-03-05"]
        .iter()
        .enumerate()
    {
        desk.add_case(
            case(&format!("Y26-{i}"))
                .arrived(&format!("{day} 09:00"))
                .build(),
            &now,
        )
        .expect("add");
    }
    desk.add_case(
        case("Y26-R")
            .arrived("2026-03-30 09:00")
            .repeat_of("Y25-1")
            .build(),
        &now,
    )
    .expect("add");
    let r = desk.rates(2026, None, &now).expect("rates");
    assert_eq!(
        r.overall.repeat_rate_last_year,
        Some(0.0),
        "same period: 0 of 2"
    );
    assert_eq!(r.overall.repeat_rate_change_pct, Some(25.0));
    // A past year is compared whole with the whole year before it.
    let r = desk.rates(2025, None, &now).expect("rates");
    assert_eq!(r.overall.counts.total, 4);
}

// ---- 7. A year without the State Council's notice (放假办法 第二条) ---------------------------

#[test]
fn a_year_entered_by_form_replaces_the_floor_and_clears_the_warning() {
    // 放假办法 第二条: before the 2027 notice, 元旦 is a rest day and the deadline says how
    // early it may end; once the year's spans are entered (the form posts the same JSON to
    // `calendar_import`), the warning is gone and the notice's days count.
    use serde_json::json;
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-12-31 09:00");
    desk.add_case(case("Y27-1").arrived("2026-12-31 09:00").build(), &now)
        .expect("add");
    let v = desk.show_case("Y27-1", &now).expect("show");
    let sign = deadline(&v, "sign_for").expect("sign");
    assert_eq!(sign.due_date.to_string(), "2027-01-04");
    assert_eq!(
        sign.earliest_plausible.map(|d| d.to_string()).as_deref(),
        Some("2027-01-02")
    );
    assert!(codes(&v).contains(&"deadline_uncertain"), "{:?}", codes(&v));
    let floor = xinfang::api::dispatch(&mut desk, "calendar_floor", json!({"year": 2027}), &now)
        .expect("floor");
    assert_eq!(floor["covered"], json!(false));
    assert_eq!(floor["holidays"].as_array().map(Vec::len), Some(13));
    // A made-up 2027 schedule for the test: 元旦 1/1–1/3, with 1/2 and 1/3 the weekend.
    let year = json!({
        "year": 2027,
        "source": "测试用放假安排",
        "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03", "makeup_workdays": []}]
    });
    xinfang::api::dispatch(
        &mut desk,
        "calendar_import",
        json!({"text": year.to_string()}),
        &now,
    )
    .expect("import");
    let v = desk.show_case("Y27-1", &now).expect("show");
    let sign = deadline(&v, "sign_for").expect("sign");
    assert_eq!(sign.due_date.to_string(), "2027-01-04");
    assert_eq!(sign.earliest_plausible, None);
    assert!(sign.warnings.is_empty(), "{:?}", sign.warnings);
    assert!(!codes(&v).contains(&"deadline_uncertain"));
}
