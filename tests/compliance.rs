//! 规范化体检 findings, each tied to the notice or 条例.

use crate::util::{TempLedger, case, t};
use xinfang::api::{DeliveryInput, DocumentInput};
use xinfang::domain::{DeliveryMethod, DocKind, LeaderRole, Purpose, SenderLevel};

fn codes(r: &xinfang::rules::compliance::CheckReport) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

#[test]
fn direct_reply_to_a_claim_is_an_error() {
    // N §三.二: 申诉求决 goes through a channel, not a direct reply.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    desk.add_case(case("C-1").purpose(Purpose::Claim).build(), &now)
        .expect("add");
    desk.sign_for("C-1", t("2026-10-08 09:00"), &now)
        .expect("sign");
    desk.decide("C-1", "direct_reply", t("2026-10-08 10:00"), None, &now)
        .expect("decide");
    let r = desk.check("C-1", &now).expect("check");
    assert!(codes(&r).contains(&"method_purpose_mismatch"));
    assert_eq!(r.verdict, "需要处理");
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "method_purpose_mismatch")
        .expect("finding");
    assert_eq!(f.source, "永川区信访办通知第三部分第（二）项");
}

#[test]
fn overdue_signing_is_reported_with_its_explanation() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(case("C-2").build(), &t("2026-10-01 09:00"))
        .expect("add");
    let r = desk.check("C-2", &t("2026-10-09 09:00")).expect("check");
    let f = r
        .findings
        .iter()
        .find(|f| f.code == "deadline_overdue")
        .expect("overdue");
    assert!(f.message.contains("签收已超期"), "{}", f.message);
    assert!(f.message.contains("顺延至 10-08 24:00"), "{}", f.message);
}

#[test]
fn missing_leader_handler_and_owner_leader_are_flagged() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let mut c = case("C-3").build();
    c.responsible_leader = None;
    c.handler = None;
    c.sender_level = Some(SenderLevel::National);
    // N §二: 包案 binds national/city items 纳入满意度评价 (the flag), not every national item.
    c.in_evaluation_scope = true;
    desk.add_case(c, &now).expect("add");
    desk.sign_for("C-3", now, &now).expect("sign");
    let r = desk.check("C-3", &now).expect("check");
    let c = codes(&r);
    assert!(
        c.contains(&"leader_missing")
            && c.contains(&"handler_missing")
            && c.contains(&"owner_leader_missing"),
        "{c:?}"
    );
}

#[test]
fn delivered_handling_opinion_needs_doc_no_receipt_and_attachments() {
    // N §三.三, §三.四
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-11-20 09:00");
    desk.add_case(case("C-4").arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.sign_for("C-4", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide("C-4", "petition_channel", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    desk.record_document(
        "C-4",
        DocumentInput {
            kind: DocKind::HandlingOpinion,
            doc_no: None,
            title: None,
            issued_at: None,
        },
        &now,
    )
    .expect("doc");
    desk.signoff(
        "C-4",
        DocKind::HandlingOpinion,
        LeaderRole::SupervisingLeader,
        "甲",
        t("2026-11-01 09:00"),
        &now,
    )
    .expect("s");
    desk.signoff(
        "C-4",
        DocKind::HandlingOpinion,
        LeaderRole::PrincipalLeader,
        "乙",
        t("2026-11-01 10:00"),
        &now,
    )
    .expect("p");
    desk.reply("C-4", t("2026-11-02 09:00"), &now)
        .expect("reply");
    desk.deliver(
        "C-4",
        DeliveryInput {
            method: DeliveryMethod::Mail,
            place: None,
            receipt_signed: false,
            ..crate::util::served_in_person(vec![DocKind::HandlingOpinion], "2026-11-03 09:00")
        },
        &now,
    )
    .expect("deliver");
    let r = desk.check("C-4", &now).expect("check");
    let c = codes(&r);
    for expected in [
        "doc_no_missing",
        "receipt_missing",
        "attachments_missing",
        "evaluation_pending",
    ] {
        assert!(c.contains(&expected), "{expected} missing from {c:?}");
    }
    let att = r
        .findings
        .iter()
        .find(|f| f.code == "attachments_missing")
        .expect("att");
    assert!(
        att.message.contains("受理告知书、处理意见书、送达回证"),
        "{}",
        att.message
    );
}

#[test]
fn accusations_are_confidential_and_masked_in_lists() {
    // 条例 §30.3
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    desk.add_case(
        case("C-5")
            .purpose(Purpose::Accusation)
            .petitioner(
                "举报人甲乙",
                Some("11010519491231002X"),
                Some("13812345678"),
            )
            .build(),
        &now,
    )
    .expect("add");
    let r = desk.check("C-5", &now).expect("check");
    assert!(codes(&r).contains(&"confidential"));
    let list = desk.list_cases(&Default::default(), &now).expect("list");
    assert_eq!(list.items[0].petitioner, "举****");
    assert!(list.items[0].confidential);
    let json = serde_json::to_string(&list).expect("json");
    assert!(
        !json.contains("举报人甲乙")
            && !json.contains("13812345678")
            && !json.contains("11010519491231002X")
    );
}
