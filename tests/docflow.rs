//! Issue #21 §1–4, §8: documents leaders really approved, one flow per document, the
//! 诉求摘要 documents quote, a receipt that lists what it serves, and receipts that come back.

use std::collections::BTreeMap;

use serde_json::json;
use xinfang::api::{CaseView, DeliveryInput, Desk, DocNoRequest, DocumentInput, ReceiptInput};
use xinfang::documents::DraftRequest;
use xinfang::domain::{DeliveryMethod, DocKind, LeaderRole, Purpose};

use crate::util::{TempLedger, case, pdf_pages, pdf_text, stdout, t, xf};

const NOW: &str = "2026-10-20 17:00";

/// A petition-channel case with its 处理意见书 numbered.
fn opinion_case(desk: &mut Desk, no: &str) {
    let now = t(NOW);
    desk.add_case(case(no).build(), &now).expect("add");
    desk.sign_for(no, t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide(no, "petition_channel", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    desk.doc_no_allocate(
        &DocNoRequest {
            prefix: Some("永住建信".into()),
            unit: None,
            year: None,
            case_no: Some(no.into()),
            kind: Some(DocKind::HandlingOpinion),
        },
        &now,
    )
    .expect("doc no");
}

fn values() -> BTreeMap<String, String> {
    [
        ("stance", "支持"),
        ("review_office", "重庆市永川区人民政府"),
    ]
    .into_iter()
    .map(|(k, v)| (k.into(), v.into()))
    .collect()
}

fn sign_both(desk: &mut Desk, no: &str) {
    for (role, name) in [
        (LeaderRole::SupervisingLeader, "刘分管"),
        (LeaderRole::PrincipalLeader, "陈主要"),
    ] {
        desk.signoff(
            no,
            DocKind::HandlingOpinion,
            role,
            name,
            t("2026-10-15 10:00"),
            &t(NOW),
        )
        .expect("sign-off");
    }
}

fn final_opinion() -> DraftRequest {
    let mut r = DraftRequest::new(DocKind::HandlingOpinion);
    r.final_copy = true;
    r
}

#[test]
fn a_final_copy_is_refused_while_fill_in_prompts_remain_and_names_each() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    opinion_case(&mut desk, "F-1");
    desk.document_save("F-1", DocKind::HandlingOpinion, None, values(), &now)
        .expect("values");
    sign_both(&mut desk, "F-1");
    let e = desk
        .draft_document("F-1", &final_opinion(), &now)
        .unwrap_err();
    assert_eq!(e.code(), "placeholders_remain", "{e}");
    let msg = e.to_string();
    assert!(msg.contains("（请填写调查核实的事实）"), "{msg}");
    assert!(
        msg.contains("（请填写法律、法规、规章或者其他有关规定）"),
        "{msg}"
    );
    // The draft still prints, watermarked, for the clerk to work from.
    assert!(
        desk.draft_document("F-1", &DraftRequest::new(DocKind::HandlingOpinion), &now)
            .expect("draft")
            .draft
    );
    // The editor opens with the template's text and lists what is left to fill.
    let text = desk
        .document_text("F-1", DocKind::HandlingOpinion, &now)
        .expect("text");
    assert!(text.from_template && text.body.contains("（请填写调查核实的事实）"));
    assert_eq!(text.prompts.len(), 2, "{:?}", text.prompts);
}

/// Writes the facts and basis in place of the template's prompts.
fn written(desk: &mut Desk, no: &str, facts: &str) {
    let now = t(NOW);
    let body = desk
        .document_text(no, DocKind::HandlingOpinion, &now)
        .expect("text")
        .template
        .replace("（请填写调查核实的事实）", facts)
        .replace(
            "（请填写法律、法规、规章或者其他有关规定）",
            "《重庆市物业管理条例》",
        );
    desk.document_save(no, DocKind::HandlingOpinion, Some(body), values(), &now)
        .expect("save body");
}

#[test]
fn a_sign_off_binds_to_the_text_and_an_edit_voids_it() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    opinion_case(&mut desk, "F-2");
    written(&mut desk, "F-2", "电梯停运两个月属实");
    sign_both(&mut desk, "F-2");
    let v = desk.show_case("F-2", &now).expect("show");
    assert!(
        v.case.documents[0]
            .signoffs
            .iter()
            .all(|s| !s.void && s.body_sha256.is_some())
    );
    let d = desk
        .draft_document("F-2", &final_opinion(), &now)
        .expect("final");
    assert!(!d.draft);

    // Rewriting the text after sign-off voids both sign-offs, and the case says so.
    written(&mut desk, "F-2", "电梯已于十月修复");
    let v = desk.show_case("F-2", &now).expect("show");
    assert!(
        v.case.documents[0].signoffs.iter().all(|s| s.void),
        "{:?}",
        v.case.documents[0].signoffs
    );
    assert!(
        v.case
            .events
            .iter()
            .any(|e| e.detail.contains("原签批失效")),
        "events: {:?}",
        v.case.events.iter().map(|e| &e.detail).collect::<Vec<_>>()
    );
    let e = desk
        .draft_document("F-2", &final_opinion(), &now)
        .unwrap_err();
    assert_eq!(e.code(), "signoff_void", "{e}");
    assert!(
        e.to_string().contains("刘分管") && e.to_string().contains("陈主要"),
        "{e}"
    );
    // Delivery waits for sign-offs of the text as it now reads.
    // Signing the new text again restores the final copy.
    sign_both(&mut desk, "F-2");
    let v = desk.show_case("F-2", &now).expect("show");
    assert!(v.case.documents[0].signoffs.iter().all(|s| !s.void));
    desk.draft_document("F-2", &final_opinion(), &now)
        .expect("final after re-signing");
}

#[test]
fn generating_the_final_copy_registers_the_document() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(case("F-3").build(), &now).expect("add");
    desk.sign_for("F-3", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("F-3", "petition_channel", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    let out = l.dir.path().join("受理告知书.pdf");
    xinfang::api::dispatch(
        &mut desk,
        "document_draft",
        json!({"case_no": "F-3", "kind": "acceptance_notice", "final": true, "out": out}),
        &now,
    )
    .expect("final acceptance notice");
    let v: CaseView = desk.show_case("F-3", &now).expect("show");
    let doc = v
        .case
        .documents
        .iter()
        .find(|d| d.kind == DocKind::AcceptanceNotice)
        .expect("registered by the final copy");
    assert_eq!(doc.issued_at, Some(now));
    assert!(v.case.events.iter().any(|e| e.kind == "document_final"));
}

#[test]
fn a_doc_no_only_where_the_kind_has_one_and_wu_is_not_one() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(case("F-4").build(), &now).expect("add");
    desk.sign_for("F-4", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("F-4", "petition_channel", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    let rec = |desk: &mut Desk, kind, no: &str| {
        desk.record_document(
            "F-4",
            DocumentInput {
                kind,
                doc_no: Some(no.into()),
                title: None,
                issued_at: None,
            },
            &now,
        )
    };
    let e = rec(&mut desk, DocKind::HandlingOpinion, "无").unwrap_err();
    assert!(e.to_string().contains("“无”不是文号"), "{e}");
    let e = rec(&mut desk, DocKind::AcceptanceNotice, "永住建信〔2026〕2号").unwrap_err();
    assert!(e.to_string().contains("受理告知书不编文号"), "{e}");
    rec(&mut desk, DocKind::HandlingOpinion, "永住建信〔2026〕2号").expect("a real 文号");
}

#[test]
fn a_long_demand_is_quoted_by_its_summary_and_the_notice_stays_one_page() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    let long: String = "小区电梯长期故障无人维修，".repeat(400); // 5,200 characters
    let mut c = case("F-5").demand(&long).build();
    c.purpose = Purpose::Claim;
    desk.add_case(c, &now).expect("add");
    desk.sign_for("F-5", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide_with(
        "F-5",
        "decline",
        t("2026-10-02 10:00"),
        None,
        xinfang::api::DecideDetails {
            ground: Some(xinfang::domain::DeclineGround::LegalRoute),
            redirect_to: Some("向重庆市永川区人民法院提起诉讼".into()),
            ..Default::default()
        },
        &now,
    )
    .expect("decide");
    let d = desk
        .draft_document("F-5", &DraftRequest::new(DocKind::DeclineNotice), &now)
        .expect("draft");
    let p = l.dir.path().join("不予受理告知书.pdf");
    std::fs::write(&p, &d.pdf).expect("write");
    assert_eq!(pdf_pages(&p), 1, "a 5,000-character demand fills pages");

    // The clerk's own 诉求摘要 is what the notice quotes.
    desk.update_case("F-5", &json!({"demand_summary": "要求维修小区电梯"}), &now)
        .expect("update");
    let d = desk
        .draft_document("F-5", &DraftRequest::new(DocKind::DeclineNotice), &now)
        .expect("draft");
    std::fs::write(&p, &d.pdf).expect("write");
    let text = pdf_text(&p);
    assert!(text.contains("“要求维修小区电梯”问题"), "{text}");
}

fn deliver(desk: &mut Desk, no: &str, method: DeliveryMethod, docs: &[DocKind], at: &str) {
    desk.deliver(
        no,
        DeliveryInput {
            method,
            place: Some("永川区中山路1号".into()),
            receipt_signed: false,
            tracking_no: Some("1190123456789".into()),
            server: Some("李四".into()),
            ..crate::util::served_in_person(docs.to_vec(), at)
        },
        &t(at),
    )
    .expect("deliver");
}

#[test]
fn the_receipt_does_not_list_itself_and_stays_on_one_page() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    desk.add_case(case("F-6").build(), &now).expect("add");
    desk.sign_for("F-6", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("F-6", "petition_channel", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    for kind in [DocKind::AcceptanceNotice, DocKind::DeliveryReceipt] {
        desk.record_document(
            "F-6",
            DocumentInput {
                kind,
                doc_no: None,
                title: None,
                issued_at: Some(t("2026-10-03 09:00")),
            },
            &now,
        )
        .expect("record");
    }
    deliver(
        &mut desk,
        "F-6",
        DeliveryMethod::Mail,
        &[DocKind::AcceptanceNotice, DocKind::DeliveryReceipt],
        "2026-10-03 10:00",
    );
    let d = desk
        .draft_document("F-6", &DraftRequest::new(DocKind::DeliveryReceipt), &now)
        .expect("receipt");
    let p = l.dir.path().join("送达回证.pdf");
    std::fs::write(&p, &d.pdf).expect("write");
    let text = pdf_text(&p);
    assert!(text.contains("《信访事项受理告知书》"), "{text}");
    assert!(
        !text.contains("《送达回证》"),
        "the receipt lists itself: {text}"
    );
    assert_eq!(pdf_pages(&p), 1);
}

#[test]
fn a_mailed_receipt_starts_the_review_window_when_it_comes_back() {
    // 条例 §35: 自收到书面答复之日起30日内请求复查 — the 签收日期 on the returned receipt.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    opinion_case(&mut desk, "F-7");
    written(&mut desk, "F-7", "电梯停运两个月属实");
    sign_both(&mut desk, "F-7");
    deliver(
        &mut desk,
        "F-7",
        DeliveryMethod::Mail,
        &[DocKind::HandlingOpinion],
        "2026-10-16 10:00",
    );
    let v = desk.show_case("F-7", &now).expect("show");
    assert!(
        !v.case.deliveries[0].receipt_signed,
        "mail is not signed on posting"
    );
    assert!(
        v.deadlines.iter().all(|d| d.rule_id != "review_request"),
        "the window waits for the receipt: {:?}",
        v.deadlines.iter().map(|d| &d.rule_id).collect::<Vec<_>>()
    );
    let e = desk
        .record_receipt(
            "F-7",
            ReceiptInput {
                delivery: None,
                on: xinfang::time::parse_date("2026-10-15").expect("date"),
                refused: false,
                refusal_reason: None,
            },
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("早于送达时间"), "{e}");
    // The CLI records the return.
    let o = xf(
        &l.path,
        "2026-10-20 17:05",
        &["case", "receipt", "F-7", "--on", "2026-10-19"],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    assert!(stdout(&o).contains("已登记回证签收"), "{}", stdout(&o));
    let mut desk = l.desk();
    let v = desk.show_case("F-7", &t("2026-10-20 17:10")).expect("show");
    let d = &v.case.deliveries[0];
    assert!(
        d.receipt_signed && d.signed_on.map(|d| d.to_string()).as_deref() == Some("2026-10-19")
    );
    let w = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "review_request")
        .expect("review window");
    assert_eq!(w.due_date.to_string(), "2026-11-18", "{}", w.explanation);
    // A refused return is recorded with its reason, not as signed.
    let e = desk
        .record_receipt(
            "F-7",
            ReceiptInput {
                delivery: Some(1),
                on: xinfang::time::parse_date("2026-10-19").expect("date"),
                refused: true,
                refusal_reason: None,
            },
            &t("2026-10-20 17:10"),
        )
        .unwrap_err();
    assert!(e.to_string().contains("拒收理由"), "{e}");
}

#[test]
fn the_badge_counts_attachments_and_receipts_and_says_each_finding_once() {
    // Issue #21 §10: a replied, delivered case whose uploads are incomplete is not "规范".
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    let mut c = case("B-1").build();
    c.purpose = Purpose::Suggestion;
    desk.add_case(c, &now).expect("add");
    desk.sign_for("B-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("B-1", "direct_reply", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    desk.record_document(
        "B-1",
        DocumentInput {
            kind: DocKind::ReplyLetter,
            doc_no: None,
            title: None,
            issued_at: Some(t("2026-10-05 09:00")),
        },
        &now,
    )
    .expect("record");
    desk.reply("B-1", t("2026-10-05 09:00"), &now)
        .expect("reply");
    deliver(
        &mut desk,
        "B-1",
        DeliveryMethod::InPerson,
        &[DocKind::ReplyLetter],
        "2026-10-05 10:00",
    );
    desk.record_receipt(
        "B-1",
        ReceiptInput {
            delivery: None,
            on: xinfang::time::parse_date("2026-10-05").expect("date"),
            refused: false,
            refusal_reason: None,
        },
        &now,
    )
    .expect("receipt");
    // Both scans uploaded, neither reviewed by the 分管领导 and 区信访办: compliance alone
    // said "规范" (two warnings); the attachment check says they must be fixed first.
    for (kind, name) in [
        (DocKind::ReplyLetter, "B-1-回复.pdf"),
        (DocKind::DeliveryReceipt, "B-1-送达回证.pdf"),
    ] {
        desk.record_attachment("B-1", kind, name, None, now, &now)
            .expect("attachment");
    }
    let v = desk.show_case("B-1", &now).expect("show");
    assert_eq!(v.check.verdict, "需要处理", "{:?}", v.check.findings);
    let codes: Vec<&str> = v.check.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"attachment_unreviewed"), "{codes:?}");
    assert!(
        v.check
            .findings
            .iter()
            .filter(|f| f.code == "attachment_unreviewed")
            .all(|f| f.severity == xinfang::rules::compliance::Severity::Error)
    );
    let mut said: Vec<&str> = v
        .check
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    let n = said.len();
    said.sort();
    said.dedup();
    assert_eq!(said.len(), n, "a finding twice: {:?}", v.check.findings);
}

#[test]
fn the_workbench_lists_this_weeks_deadlines_and_open_problems_until_solved() {
    // Issue #21 §11. Monday 10/19: a case due Wednesday is 本周到期; a delivered, evaluated
    // case whose receipt has not come back stays listed.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-19 09:00");
    desk.add_case(case("W-1").arrived("2026-10-16 09:00").build(), &now)
        .expect("add");
    desk.sign_for("W-1", t("2026-10-16 10:00"), &now)
        .expect("sign");
    let mut c = case("W-2").build();
    c.purpose = Purpose::Suggestion;
    desk.add_case(c, &now).expect("add");
    desk.sign_for("W-2", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide("W-2", "direct_reply", t("2026-10-02 10:00"), None, &now)
        .expect("decide");
    desk.record_document(
        "W-2",
        DocumentInput {
            kind: DocKind::ReplyLetter,
            doc_no: None,
            title: None,
            issued_at: Some(t("2026-10-05 09:00")),
        },
        &now,
    )
    .expect("record");
    desk.reply("W-2", t("2026-10-05 09:00"), &now)
        .expect("reply");
    deliver(
        &mut desk,
        "W-2",
        DeliveryMethod::Mail,
        &[DocKind::ReplyLetter],
        "2026-10-05 10:00",
    );
    desk.evaluate(
        "W-2",
        xinfang::domain::Evaluation::Satisfied,
        t("2026-10-10 10:00"),
        &now,
    )
    .expect("evaluate");
    let v = xinfang::api::dispatch(&mut desk, "today", json!({}), &now).expect("today");
    let week: Vec<&str> = v["due_this_week"]["items"]
        .as_array()
        .expect("week")
        .iter()
        .map(|c| c["case_no"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(week, ["W-1"], "{}", v["due_this_week"]);
    let problems = v["open_problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["case_no"], "W-2");
    assert_eq!(problems[0]["receipts_unsigned"], 1);
    assert!(
        !problems[0]["attachments"]
            .as_array()
            .expect("list")
            .is_empty(),
        "uploads missing too"
    );
}

#[test]
fn the_editor_names_its_placeholders_in_chinese_and_they_still_fill_in() {
    // Issue #21 §13: the text the clerk edits shows {处理意见}, not {stance_sentence}.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t(NOW);
    opinion_case(&mut desk, "F-9");
    let text = desk
        .document_text("F-9", DocKind::HandlingOpinion, &now)
        .expect("text");
    let code_name = regex_lite_code_name(&text.template);
    assert!(
        code_name.is_none(),
        "code name {code_name:?} in {}",
        text.template
    );
    assert!(text.template.contains("{处理意见}"), "{}", text.template);
    written(&mut desk, "F-9", "电梯停运两个月属实");
    sign_both(&mut desk, "F-9");
    let d = desk
        .draft_document("F-9", &final_opinion(), &now)
        .expect("final");
    let out = l.dir.path().join("处理意见书.pdf");
    std::fs::write(&out, &d.pdf).expect("write");
    let pdf = pdf_text(&out);
    assert!(!pdf.contains('{') && !pdf.contains("处理意见}"), "{pdf}");
}

/// The first `{ascii_name}` in `s`, if any.
fn regex_lite_code_name(s: &str) -> Option<String> {
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let j = after.find('}')?;
        let name = &after[..j];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Some(name.to_string());
        }
        rest = &after[j + 1..];
    }
    None
}
