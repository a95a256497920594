//! Corrections and undo (issue #21 §5–7): every registration field can be corrected after
//! saving, each correction is audited with the deadlines it moved; a wrong step is taken
//! back with a reason while nothing irreversible has followed; the audit trail keeps it all.

use serde_json::json;
use xinfang::api::{DecideDetails, DeliveryInput, Desk, DocumentInput, WithdrawStep, dispatch};
use xinfang::domain::{DocKind, LeaderRole, Purpose, ReviewKind, Status};

use crate::util::{TempLedger, case, t};

fn doc(kind: DocKind, doc_no: Option<&str>) -> DocumentInput {
    DocumentInput {
        kind,
        doc_no: doc_no.map(Into::into),
        title: None,
        issued_at: Some(t("2026-10-12 09:00")),
    }
}

fn delivery(docs: Vec<DocKind>) -> DeliveryInput {
    crate::util::served_in_person(docs, "2026-10-13 09:00")
}

/// A transferred case signed for on 10-08 and accepted on the petition channel on 10-09.
fn accepted(desk: &mut Desk, no: &str) {
    let now = t("2026-10-09 12:00");
    desk.add_case(case(no).arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.sign_for(no, t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide(no, "petition_channel", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
}

#[test]
fn every_registration_field_is_corrected_audited_and_the_deadlines_move_with_it() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 12:00");
    desk.add_case(case("C-1").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    let sign_due = |v: &xinfang::api::CaseView| {
        v.deadlines
            .iter()
            .find(|d| d.rule_id == "sign_for")
            .map(|d| d.due_date.to_string())
    };
    let before = desk.show_case("C-1", &now).expect("show");
    assert_eq!(sign_due(&before).as_deref(), Some("2026-10-09"));
    let v = desk
        .update_case(
            "C-1",
            &json!({
                "arrived_at": "2026-10-07 16:00",
                "demand": "小区电梯停运，要求维修",
                "source": "assigned",
                "sender": "重庆市信访办",
                "statutory_due_date": "2026-11-30",
                "petitioners": [{"name": "张三", "id_number": "110105195012310010",
                                 "phone": "13812345678", "address": "永川区中山路1号"}],
            }),
            &now,
        )
        .expect("corrected");
    assert_eq!(v.case.info.demand, "小区电梯停运，要求维修");
    assert_eq!(
        v.case.info.petitioners[0].id_number.as_deref(),
        Some("110105195012310010")
    );
    assert_eq!(
        v.case.info.statutory_due_date.map(|d| d.to_string()),
        Some("2026-11-30".into())
    );
    // Arrived a day earlier: 签收 is due a working day earlier, and the event says so in
    // the clerk's words (no field code names).
    assert_eq!(sign_due(&v).as_deref(), Some("2026-10-08"));
    let e = v.case.events.last().expect("event");
    assert_eq!(e.kind, "updated");
    for want in [
        "到达时间",
        "信访诉求",
        "来源",
        "身份证号",
        "法定途径期限",
        "期限重算",
    ] {
        let want = if want == "身份证号" {
            "信访人"
        } else {
            want
        };
        assert!(e.detail.contains(want), "{want} missing in {}", e.detail);
    }
    assert!(e.detail.contains("2026-10-09 → 2026-10-08"), "{}", e.detail);
    assert!(!e.detail.contains("arrived_at"), "{}", e.detail);
    // The audit entry keeps the old and the new value of every corrected field.
    let h = desk.history("C-1").expect("history");
    let a = h
        .iter()
        .rev()
        .find(|a| a.action == "update")
        .expect("audited");
    let (b, af) = (
        a.before.as_ref().expect("before").to_string(),
        a.after.as_ref().expect("after").to_string(),
    );
    assert!(
        b.contains("小区电梯长期故障") && af.contains("小区电梯停运"),
        "{b}\n{af}"
    );
}

#[test]
fn an_arrival_in_the_future_or_after_the_cases_own_steps_is_refused_with_the_reason() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 12:00");
    let e = desk
        .add_case(case("F-1").arrived("2026-10-10 09:00").build(), &now)
        .expect_err("a case cannot arrive tomorrow");
    assert!(e.to_string().contains("晚于现在"), "{e}");
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);

    accepted(&mut desk, "F-2");
    let e = desk
        .update_case("F-2", &json!({"arrived_at": "2026-10-08 11:00"}), &now)
        .expect_err("after its own 签收");
    let msg = e.to_string();
    assert!(
        msg.contains("签收时间 2026-10-08 10:00") && msg.contains("到达时间"),
        "{msg}"
    );
    let v = desk.show_case("F-2", &now).expect("show");
    assert_eq!(v.case.info.arrived_at, t("2026-10-08 09:00"), "unchanged");
}

#[test]
fn a_deleted_cases_number_is_not_registered_twice_and_the_message_offers_restoring_it() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 12:00");
    desk.add_case(case("R-1").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.delete_case("R-1", "误登记", &now).expect("delete");
    let e = desk
        .add_case(case("R-1").arrived("2026-10-08 09:00").build(), &now)
        .expect_err("same number");
    assert_eq!(e.code(), "duplicate_deleted_case");
    let msg = e.to_string();
    assert!(msg.contains("已删除") && msg.contains("恢复"), "{msg}");
    assert!(!msg.contains("xinfang"), "window words only: {msg}");
    desk.restore_case("R-1", &now).expect("restore as offered");
    // A live duplicate keeps its own message.
    let e = desk
        .add_case(case("R-1").arrived("2026-10-08 09:00").build(), &now)
        .expect_err("same number");
    assert_eq!(e.code(), "duplicate_case");
}

#[test]
fn the_statutory_route_deadline_is_asked_when_the_route_is_chosen() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 12:00");
    desk.add_case(
        case("S-1")
            .purpose(Purpose::Claim)
            .arrived("2026-10-08 09:00")
            .build(),
        &now,
    )
    .expect("add");
    desk.sign_for("S-1", t("2026-10-08 10:00"), &now)
        .expect("sign");
    let without = desk
        .decide(
            "S-1",
            "statutory_channel",
            t("2026-10-09 10:00"),
            None,
            &now,
        )
        .expect("decide");
    assert!(
        without
            .check
            .findings
            .iter()
            .any(|f| f.code == "statutory_due_missing")
    );
    let v = dispatch(
        &mut desk,
        "case_decide",
        json!({"case_no": "S-1", "method": "statutory_channel", "at": "2026-10-09 10:00",
               "statutory_due_date": "2026-12-08"}),
        &now,
    )
    .expect("decide with the route's deadline");
    assert_eq!(v["case"]["statutory_due_date"], "2026-12-08");
    assert!(
        v["check"]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["code"] != "statutory_due_missing"),
        "{}",
        v["check"]
    );
    let e = desk
        .decide_with(
            "S-1",
            "statutory_channel",
            t("2026-10-09 10:00"),
            None,
            DecideDetails {
                statutory_due_date: chrono::NaiveDate::from_ymd_opt(2026, 10, 1),
                ..Default::default()
            },
            &now,
        )
        .expect_err("before the decision");
    assert!(e.to_string().contains("法定途径期限"), "{e}");
}

#[test]
fn a_wrong_method_is_withdrawn_with_a_reason_and_the_case_waits_for_its_decision_again() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-14 12:00");
    accepted(&mut desk, "W-1");
    desk.record_document("W-1", doc(DocKind::AcceptanceNotice, None), &now)
        .expect("draft registered");
    let e = desk
        .withdraw("W-1", WithdrawStep::Decision, "  ", &now)
        .expect_err("a reason is required");
    assert!(e.to_string().contains("撤销理由"), "{e}");
    let v = desk
        .withdraw("W-1", WithdrawStep::Decision, "应为不予受理，选错了", &now)
        .expect("withdrawn");
    assert_eq!(v.case.method, None);
    assert_eq!(v.case.accepted_at, None);
    assert!(
        v.case.documents.is_empty(),
        "the method's undelivered documents go with it"
    );
    assert_eq!(v.case.status, Status::AwaitingDecision);
    let e = v.case.events.last().expect("event");
    assert_eq!(e.kind, "withdrawn");
    assert!(
        e.detail.contains("办理方式（信访途径受理）") && e.detail.contains("选错了"),
        "{}",
        e.detail
    );
    let a = desk.history("W-1").expect("h");
    let a = a
        .iter()
        .rev()
        .find(|a| a.action == "withdraw")
        .expect("audited");
    assert!(
        a.before
            .as_ref()
            .expect("before")
            .to_string()
            .contains("petition_channel")
    );
    // The case offers the decision again, and no 撤销 for a method it no longer has.
    let key = |v: &xinfang::api::CaseView, k: &str| {
        v.actions
            .iter()
            .find(|a| serde_json::to_value(a.key).expect("k") == k)
            .cloned()
    };
    assert!(key(&v, "decide").expect("decide").next);
    assert!(key(&v, "withdraw_decision").is_none());
}

#[test]
fn nothing_irreversible_is_withdrawn_and_the_reason_names_what_went_out() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-14 12:00");
    accepted(&mut desk, "W-2");
    desk.record_document("W-2", doc(DocKind::AcceptanceNotice, None), &now)
        .expect("doc");
    desk.deliver("W-2", delivery(vec![DocKind::AcceptanceNotice]), &now)
        .expect("deliver");
    let v = desk.show_case("W-2", &now).expect("show");
    let a = v
        .actions
        .iter()
        .find(|a| serde_json::to_value(a.key).expect("k") == "withdraw_decision")
        .expect("shown, greyed");
    assert!(!a.enabled);
    assert!(a.reason.as_deref().unwrap_or_default().contains("已送达"));
    let e = desk
        .withdraw("W-2", WithdrawStep::Decision, "选错了", &now)
        .expect_err("delivered");
    assert_eq!(e.code(), "out_of_order");
    assert_eq!(
        desk.show_case("W-2", &now).expect("s").case.method,
        v.case.method
    );

    accepted(&mut desk, "W-3");
    desk.record_document(
        "W-3",
        doc(DocKind::HandlingOpinion, Some("永建信处〔2026〕3号")),
        &now,
    )
    .expect("doc");
    let e = desk
        .withdraw("W-3", WithdrawStep::Decision, "选错了", &now)
        .expect_err("a 文号 was issued");
    assert!(e.to_string().contains("作废该文号"), "{e}");
}

#[test]
fn signoffs_are_withdrawn_last_first_and_not_after_delivery() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-14 12:00");
    accepted(&mut desk, "G-1");
    desk.record_document("G-1", doc(DocKind::HandlingOpinion, None), &now)
        .expect("doc");
    for (role, who, at) in [
        (LeaderRole::SupervisingLeader, "王局长", "2026-10-12 10:00"),
        (LeaderRole::PrincipalLeader, "赵主任", "2026-10-12 11:00"),
    ] {
        desk.signoff("G-1", DocKind::HandlingOpinion, role, who, t(at), &now)
            .expect("signoff");
    }
    let v = desk
        .withdraw("G-1", WithdrawStep::Signoff, "主要领导签错了文书", &now)
        .expect("withdrawn");
    let signoffs = &v.case.documents[0].signoffs;
    assert_eq!(signoffs.len(), 1);
    assert_eq!(signoffs[0].role, LeaderRole::SupervisingLeader);
    let e = v.case.events.last().expect("event");
    assert!(
        e.detail.contains("主要领导") && e.detail.contains("赵主任"),
        "{}",
        e.detail
    );
    desk.signoff(
        "G-1",
        DocKind::HandlingOpinion,
        LeaderRole::PrincipalLeader,
        "赵主任",
        t("2026-10-12 15:00"),
        &now,
    )
    .expect("signed again");
    desk.deliver("G-1", delivery(vec![DocKind::HandlingOpinion]), &now)
        .expect("deliver");
    let e = desk
        .withdraw("G-1", WithdrawStep::Signoff, "再撤", &now)
        .expect_err("delivered");
    assert!(e.to_string().contains("已送达"), "{e}");
}

#[test]
fn a_review_step_is_withdrawn_opinion_first_then_the_request() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-12-20 12:00");
    accepted(&mut desk, "V-1");
    desk.record_document("V-1", doc(DocKind::HandlingOpinion, None), &now)
        .expect("doc");
    for role in [LeaderRole::SupervisingLeader, LeaderRole::PrincipalLeader] {
        desk.signoff(
            "V-1",
            DocKind::HandlingOpinion,
            role,
            "领导",
            t("2026-10-19 09:00"),
            &now,
        )
        .expect("signoff");
    }
    desk.reply("V-1", t("2026-10-20 09:00"), &now)
        .expect("reply");
    desk.deliver("V-1", delivery(vec![DocKind::HandlingOpinion]), &now)
        .expect("deliver");
    desk.request_review("V-1", ReviewKind::Review, t("2026-10-25 09:00"), &now)
        .expect("review");
    desk.review_opinion(
        "V-1",
        ReviewKind::Review,
        t("2026-11-20 09:00"),
        Some("维持".into()),
        &now,
    )
    .expect("opinion");
    let v = desk
        .withdraw("V-1", WithdrawStep::Review, "意见登记错了件", &now)
        .expect("opinion withdrawn");
    assert_eq!(v.case.reviews.len(), 1);
    assert_eq!(v.case.reviews[0].opinion_at, None);
    let v = desk
        .withdraw("V-1", WithdrawStep::Review, "申请登记错了件", &now)
        .expect("request withdrawn");
    assert!(v.case.reviews.is_empty());
    let e = desk
        .withdraw("V-1", WithdrawStep::Review, "再撤", &now)
        .expect_err("nothing left");
    assert_eq!(e.code(), "out_of_order");
}

#[test]
fn withdraw_through_the_cli_names_the_step() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    accepted(&mut desk, "K-1");
    drop(desk);
    let o = crate::util::xf(
        &l.path,
        "2026-10-10 09:00",
        &[
            "case",
            "withdraw",
            "K-1",
            "--step",
            "decision",
            "--reason",
            "选错了",
        ],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    assert!(crate::util::stdout(&o).contains("已撤销"));
    let o = crate::util::xf(
        &l.path,
        "2026-10-10 09:00",
        &[
            "case", "withdraw", "K-1", "--step", "decision", "--reason", "再撤",
        ],
    );
    assert!(!o.status.success());
    assert!(
        crate::util::stderr(&o).contains("尚未确定办理方式"),
        "{}",
        crate::util::stderr(&o)
    );
}
