//! Issue #21 §17: the clerk's name from the first-run wizard is who the audit log names, and
//! the unit's 机关代字 is asked once, not at every 分配文号.

use crate::util::{TempLedger, case, t};
use serde_json::json;
use xinfang::api::{DecideDetails, Desk, DocNoRequest, dispatch};
use xinfang::domain::DocKind;

const NOW: &str = "2026-10-08 09:00";

/// A desk as the desktop app and `serve` open it: no actor given on the command line.
fn plain_desk(l: &TempLedger) -> Desk {
    assert!(
        std::env::var("XINFANG_ACTOR").is_err(),
        "run these tests without XINFANG_ACTOR"
    );
    Desk::open(&l.path, true).expect("open")
}

#[test]
fn the_clerks_name_is_the_audit_actor() {
    let l = TempLedger::new();
    let mut desk = plain_desk(&l);
    let now = t(NOW);
    let r = dispatch(
        &mut desk,
        "clerk_profile_set",
        json!({"clerk_name": " 王小红 ", "agency_code": "永住建信"}),
        &now,
    )
    .expect("set");
    assert_eq!(r["clerk_name"], "王小红", "trimmed");
    desk.add_case(case("C-1").build(), &now).expect("add");
    let h = desk.history("C-1").expect("history");
    assert_eq!(h[0].actor, "王小红");
    // Another window on the same ledger names her too.
    let mut other = plain_desk(&l);
    other
        .update_case("C-1", &json!({"handler": "赵六"}), &now)
        .expect("update");
    assert_eq!(other.history("C-1").expect("history")[1].actor, "王小红");
    // The profile itself reads back through the contract.
    let got = dispatch(&mut other, "clerk_profile_get", json!({}), &now).expect("get");
    assert_eq!(
        got,
        json!({"clerk_name": "王小红", "agency_code": "永住建信"})
    );
}

#[test]
fn an_actor_given_on_the_command_line_still_wins() {
    let l = TempLedger::new();
    let mut desk = l.desk(); // with_actor("测试经办人")
    let now = t(NOW);
    dispatch(
        &mut desk,
        "clerk_profile_set",
        json!({"clerk_name": "王小红"}),
        &now,
    )
    .expect("set");
    desk.add_case(case("C-2").build(), &now).expect("add");
    assert_eq!(desk.history("C-2").expect("history")[0].actor, "测试经办人");
}

#[test]
fn a_name_over_one_line_is_refused_in_chinese() {
    let l = TempLedger::new();
    let mut desk = plain_desk(&l);
    let e = dispatch(
        &mut desk,
        "clerk_profile_set",
        json!({"clerk_name": "王\n小红"}),
        &t(NOW),
    )
    .expect_err("refused");
    assert!(e.message.contains("经办人姓名"), "{}", e.message);
}

fn decided(desk: &mut Desk, no: &str) {
    let now = t(NOW);
    desk.add_case(case(no).build(), &now).expect("add");
    desk.sign_for(no, t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide_with(
        no,
        "petition_channel",
        t("2026-10-02 10:00"),
        None,
        DecideDetails::default(),
        &now,
    )
    .expect("decide");
}

#[test]
fn the_stored_agency_code_numbers_documents_without_asking() {
    let l = TempLedger::new();
    let mut desk = plain_desk(&l);
    let now = t(NOW);
    decided(&mut desk, "D-1");
    let req = DocNoRequest {
        prefix: None,
        unit: None,
        year: None,
        case_no: Some("D-1".into()),
        kind: Some(DocKind::HandlingOpinion),
    };
    let e = desk.doc_no_allocate(&req, &now).expect_err("no code yet");
    assert!(e.to_string().contains("机关代字"), "{e}");
    dispatch(
        &mut desk,
        "clerk_profile_set",
        json!({"agency_code": "永住建信"}),
        &now,
    )
    .expect("set");
    let n = desk.doc_no_allocate(&req, &now).expect("allocate");
    assert_eq!(n.doc_no, "永住建信〔2026〕1号");
    // A bracket in the code is refused at the settings, not at the next 文号.
    let e = dispatch(
        &mut desk,
        "clerk_profile_set",
        json!({"agency_code": "永〔建"}),
        &now,
    )
    .expect_err("refused");
    assert!(e.message.contains("机关代字"), "{}", e.message);
}
