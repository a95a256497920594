//! A case from arrival to evaluation, and the order the notice requires.

use crate::util::{TempLedger, case, t};
use xinfang::api::{DeliveryInput, DocumentInput};
use xinfang::domain::{DeliveryMethod, DocKind, Evaluation, LeaderRole, Purpose, Reviewer, Status};

#[test]
fn a_direct_reply_case_runs_from_arrival_to_evaluation_and_checks_clean() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 17:00");
    desk.add_case(
        case("D-1")
            .purpose(Purpose::Suggestion)
            .arrived("2026-10-08 09:00")
            .build(),
        &now,
    )
    .expect("add");
    desk.sign_for("D-1", t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide("D-1", "直接回复", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    for kind in [DocKind::ReplyLetter, DocKind::DeliveryReceipt] {
        desk.record_document(
            "D-1",
            DocumentInput {
                kind,
                doc_no: None,
                title: None,
                issued_at: Some(t("2026-10-15 09:00")),
            },
            &now,
        )
        .expect("doc");
    }
    desk.signoff(
        "D-1",
        DocKind::ReplyLetter,
        LeaderRole::SupervisingLeader,
        "分管领导甲",
        t("2026-10-15 10:00"),
        &now,
    )
    .expect("sup");
    desk.signoff(
        "D-1",
        DocKind::ReplyLetter,
        LeaderRole::PrincipalLeader,
        "主要领导乙",
        t("2026-10-15 11:00"),
        &now,
    )
    .expect("prin");
    desk.reply("D-1", t("2026-10-15 12:00"), &now)
        .expect("reply");
    desk.deliver(
        "D-1",
        crate::util::served_in_person(vec![DocKind::ReplyLetter], "2026-10-16 09:00"),
        &now,
    )
    .expect("deliver");
    for (kind, name) in [
        (DocKind::ReplyLetter, "D-1-回复.pdf"),
        (DocKind::DeliveryReceipt, "D-1-送达回证.pdf"),
    ] {
        desk.record_attachment("D-1", kind, name, None, t("2026-10-16 10:00"), &now)
            .expect("attach");
        desk.review_attachment(
            "D-1",
            name,
            Reviewer::SupervisingLeader,
            t("2026-10-16 11:00"),
            &now,
        )
        .expect("review");
        desk.review_attachment(
            "D-1",
            name,
            Reviewer::DistrictOffice,
            t("2026-10-16 15:00"),
            &now,
        )
        .expect("review");
    }
    let before_eval = desk.check("D-1", &now).expect("check");
    assert!(
        before_eval
            .findings
            .iter()
            .any(|f| f.code == "evaluation_pending")
    );
    let v = desk
        .evaluate("D-1", Evaluation::Satisfied, t("2026-10-17 09:00"), &now)
        .expect("evaluate");
    assert_eq!(v.case.status, Status::Evaluated);
    assert_eq!(v.check.verdict, "规范", "{:#?}", v.check.findings);
    assert_eq!(v.check.errors, 0);
    assert_eq!(v.check.warnings, 0, "{:#?}", v.check.findings);
    let reply = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "direct_reply")
        .expect("reply deadline");
    assert_eq!(reply.due_date.to_string(), "2026-10-26"); // 10-09 + 15 = 10-24 (Sat) → 10-26
    assert_eq!(reply.status_label, "按期完成");
    let kinds: Vec<&str> = v.case.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(&kinds[..4], ["registered", "signed", "decided", "document"]);
}

#[test]
fn steps_out_of_order_are_refused_and_change_nothing() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("O-1").build(), &now).expect("add");
    let audit_before = l.count("SELECT count(*) FROM audit_log");
    let e = desk
        .decide("O-1", "petition_channel", t("2026-10-08 10:00"), None, &now)
        .unwrap_err();
    assert_eq!(e.code(), "out_of_order");
    assert!(e.to_string().contains("请先签收"));
    let e = desk
        .sign_for("O-1", t("2026-09-29 10:00"), &now)
        .unwrap_err();
    assert!(e.to_string().contains("早于到达时间"), "{e}");
    desk.sign_for("O-1", t("2026-10-08 09:00"), &now)
        .expect("sign");
    assert!(
        desk.sign_for("O-1", t("2026-10-08 09:30"), &now).is_err(),
        "no second signing"
    );
    desk.decide("O-1", "petition_channel", t("2026-10-08 10:00"), None, &now)
        .expect("decide");
    desk.record_document(
        "O-1",
        DocumentInput {
            kind: DocKind::HandlingOpinion,
            doc_no: Some("永建信〔2026〕3号".into()),
            title: None,
            issued_at: None,
        },
        &now,
    )
    .expect("doc");
    let e = desk
        .signoff(
            "O-1",
            DocKind::HandlingOpinion,
            LeaderRole::PrincipalLeader,
            "主要领导",
            t("2026-10-10 09:00"),
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("应先由分管领导签批"), "{e}");
    let e = desk
        .deliver(
            "O-1",
            DeliveryInput {
                at: t("2026-10-12 09:00"),
                receipt_refused: false,
                method: DeliveryMethod::Mail,
                place: None,
                recipient: "张三".into(),
                documents: vec![DocKind::HandlingOpinion],
                receipt_signed: true,
                proxy_reason: None,
                witness: None,
                signed_on: None,
                tracking_no: None,
                refusal_reason: None,
                server: None,
            },
            &now,
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("尚未经分管领导和主要领导签批"),
        "{e}"
    );
    let e = desk
        .record_document(
            "O-1",
            DocumentInput {
                kind: DocKind::ReplyLetter,
                doc_no: None,
                title: None,
                issued_at: None,
            },
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("不使用回复"), "{e}");
    // only the successful steps wrote audit entries: sign, decide, document
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), audit_before + 3);
}

#[test]
fn forbidden_methods_are_refused_by_the_core() {
    // N §一.三
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("F-1").build(), &now).expect("add");
    desk.sign_for("F-1", t("2026-10-08 09:00"), &now)
        .expect("sign");
    for m in [
        "存",
        "不予受理_不属于本部门职权范围",
        "不予受理（不属于本单位职权范围）",
    ] {
        let e = desk
            .decide("F-1", m, t("2026-10-08 10:00"), Some("理由".into()), &now)
            .unwrap_err();
        assert_eq!(e.code(), "forbidden_method");
        assert!(e.to_string().contains("退件"));
    }
    let e = desk
        .decide("F-1", "return_case", t("2026-10-08 10:00"), None, &now)
        .unwrap_err();
    assert!(e.to_string().contains("异议理由"), "{e}");
    let v = desk
        .decide(
            "F-1",
            "退件",
            t("2026-10-08 10:00"),
            Some("属于区规划自然资源局职权，请改转该局".into()),
            &now,
        )
        .expect("return");
    // 条例 §23 ¶3: returned only once the sender agrees (issue #16).
    assert_eq!(v.case.status, Status::ReturnPending);
    let ret = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "return_objection")
        .expect("window");
    assert_eq!(ret.status_label, "按期完成");
}

#[test]
fn handling_opinion_extension_moves_the_deadline_by_thirty_days() {
    // 条例 §34
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-04-01 09:00");
    desk.add_case(case("E-1").arrived("2026-03-01 09:00").build(), &now)
        .expect("add");
    desk.sign_for("E-1", t("2026-03-01 10:00"), &now)
        .expect("sign");
    desk.decide("E-1", "petition_channel", t("2026-03-02 10:00"), None, &now)
        .expect("decide");
    let due = |v: &xinfang::api::CaseView| {
        v.deadlines
            .iter()
            .find(|d| d.rule_id == "handling_opinion")
            .expect("d")
            .due_date
            .to_string()
    };
    assert_eq!(
        due(&desk.show_case("E-1", &now).expect("show")),
        "2026-05-06"
    );
    assert!(
        desk.extend("E-1", 31, "区长", "情况复杂", t("2026-04-01 09:00"), &now)
            .is_err()
    );
    let v = desk
        .extend(
            "E-1",
            30,
            "主要领导",
            "情况复杂，需现场核实",
            t("2026-04-01 09:00"),
            &now,
        )
        .expect("extend");
    assert_eq!(due(&v), "2026-06-01");
    assert!(
        desk.extend(
            "E-1",
            10,
            "主要领导",
            "仍需核实",
            t("2026-04-02 09:00"),
            &now
        )
        .is_err(),
        "30 days in all"
    );
}

#[test]
fn review_window_opens_when_the_opinion_is_delivered() {
    // 条例 §35
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-06-01 09:00");
    desk.add_case(case("R-1").arrived("2026-03-01 09:00").build(), &now)
        .expect("add");
    desk.sign_for("R-1", t("2026-03-01 10:00"), &now)
        .expect("sign");
    desk.decide("R-1", "petition_channel", t("2026-03-02 10:00"), None, &now)
        .expect("decide");
    desk.record_document(
        "R-1",
        DocumentInput {
            kind: DocKind::HandlingOpinion,
            doc_no: Some("永建信〔2026〕7号".into()),
            title: None,
            issued_at: None,
        },
        &now,
    )
    .expect("doc");
    desk.signoff(
        "R-1",
        DocKind::HandlingOpinion,
        LeaderRole::SupervisingLeader,
        "甲",
        t("2026-04-01 09:00"),
        &now,
    )
    .expect("s");
    desk.signoff(
        "R-1",
        DocKind::HandlingOpinion,
        LeaderRole::PrincipalLeader,
        "乙",
        t("2026-04-01 10:00"),
        &now,
    )
    .expect("p");
    desk.reply("R-1", t("2026-04-01 11:00"), &now)
        .expect("reply");
    desk.deliver(
        "R-1",
        DeliveryInput {
            at: t("2026-04-03 09:00"),
            receipt_refused: false,
            method: DeliveryMethod::Left,
            place: Some("信访人住所".into()),
            recipient: "张三".into(),
            documents: vec![DocKind::HandlingOpinion],
            receipt_signed: true,
            proxy_reason: Some("拒绝签收".into()),
            witness: Some("社区干部王某".into()),
            signed_on: None,
            tracking_no: None,
            refusal_reason: None,
            server: None,
        },
        &now,
    )
    .expect("deliver");
    let v = desk.show_case("R-1", &now).expect("show");
    let window = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "review_request")
        .expect("window");
    assert_eq!(window.due_date.to_string(), "2026-05-06"); // 04-03 + 30 = 05-03 (劳动节) → 05-06
    assert_eq!(window.status_label, "期限已过");
    let v = desk
        .request_review(
            "R-1",
            xinfang::domain::ReviewKind::Review,
            t("2026-04-20 09:00"),
            &now,
        )
        .expect("review");
    let op = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "review_opinion")
        .expect("opinion");
    assert_eq!(op.due_date.to_string(), "2026-05-20");
}

#[test]
fn a_possible_repeat_is_suggested_by_id_number_or_name_and_phone() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("P-1").build(), &now).expect("add");
    let out = desk.add_case(case("P-2").build(), &now).expect("add");
    assert_eq!(out.possible_repeats.len(), 1);
    assert_eq!(out.possible_repeats[0].case_no, "P-1");
    assert_eq!(out.possible_repeats[0].reasons[0], "身份证号相同");
    let out = desk
        .add_case(
            case("P-3")
                .petitioner("张三", None, Some("13812345678"))
                .build(),
            &now,
        )
        .expect("add");
    assert_eq!(
        out.possible_repeats
            .iter()
            .map(|r| r.case_no.as_str())
            .collect::<Vec<_>>(),
        ["P-1", "P-2"]
    );
    let out = desk
        .add_case(
            case("P-4")
                .petitioner("王五", None, Some("13812345678"))
                .build(),
            &now,
        )
        .expect("add");
    assert!(
        out.possible_repeats.iter().all(|r| !r.same_person),
        "same phone, different name is not the same person (the same words still suggest the matter)"
    );
    let v = desk.mark_repeat("P-2", "P-1", &now).expect("mark");
    assert!(v.case.is_repeat);
}
