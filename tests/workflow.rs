//! The platform's workflow states (issue #16): 退件 waits for the sender, 延期 serves its
//! notice, 交办/督办 run on the sender's clock, 办结 needs the documents served and uploaded,
//! a 不满意 reopens the case with its first round kept.

use crate::util::{TempLedger, case, stdout, t, xf};
use rusqlite::Connection;
use xinfang::api::{DeliveryInput, Desk, DocumentInput, export_file, import_file};
use xinfang::documents::DraftRequest;
use xinfang::domain::{
    DocKind, Evaluation, FollowUpWay, Purpose, ReopenKind, ReturnResult, Source, Status,
};
use xinfang::exchange::{ExportOptions, Field, ImportOptions};
use xinfang::ledger::schema;
use xinfang::rules::actions::ActionKey;

/// A 转送 case that arrived Thursday 2026-10-08 09:00 and was signed for an hour later: the
/// 5-day 受理 (N §一.二) ends 10-13 (Tuesday).
fn signed_forwarded(desk: &mut Desk, no: &str) {
    let now = t("2026-10-08 10:00");
    desk.add_case(case(no).arrived("2026-10-08 09:00").build(), &now)
        .expect("add");
    desk.sign_for(no, t("2026-10-08 10:00"), &now)
        .expect("sign");
}

fn object(desk: &mut Desk, no: &str) {
    desk.decide(
        no,
        "退件",
        t("2026-10-09 10:00"),
        Some("该事项属于永川区规划自然资源局职权范围".into()),
        &t("2026-10-09 10:00"),
    )
    .expect("退件");
}

fn doc(kind: DocKind, at: &str) -> DocumentInput {
    DocumentInput {
        kind,
        doc_no: None,
        title: None,
        issued_at: Some(t(at)),
    }
}

fn served(docs: Vec<DocKind>, at: &str) -> DeliveryInput {
    crate::util::served_in_person(docs, at)
}

#[test]
fn a_return_waits_for_the_senders_approval_while_the_acceptance_clock_runs() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    signed_forwarded(&mut desk, "R-1");
    object(&mut desk, "R-1");
    let v = desk.show_case("R-1", &t("2026-10-12 09:00")).expect("show");
    assert_eq!(v.case.status, Status::ReturnPending);
    assert_eq!(v.case.status_label, "退件待审核");
    // 条例 §23 ¶3: the objection was raised in time, but 受理 is not met by it.
    let decide = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "decide")
        .expect("受理");
    assert_eq!(decide.met_at, None);
    assert_eq!(decide.due_date.to_string(), "2026-10-13");
    assert_eq!(decide.status_label, "即将到期");
    assert!(
        decide.explanation.contains("照常计算"),
        "{}",
        decide.explanation
    );
    let objection = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "return_objection")
        .expect("异议");
    assert_eq!(objection.status_label, "按期完成");
    assert!(
        v.notices.iter().any(|n| n.contains("退件待来源机关审核")),
        "{:?}",
        v.notices
    );
    // The page offers the sender's answer next; the method cannot change meanwhile.
    let next: Vec<_> = v.actions.iter().filter(|a| a.next).map(|a| a.key).collect();
    assert_eq!(next, vec![ActionKey::ReturnResult]);
    let e = desk
        .decide(
            "R-1",
            "直接回复",
            t("2026-10-10 09:00"),
            None,
            &t("2026-10-10 09:00"),
        )
        .unwrap_err();
    assert!(e.to_string().contains("退件待来源机关审核"), "{e}");
    // The rates see a case not yet accepted.
    assert_eq!(
        l.count("SELECT accept_state FROM cases WHERE case_no = 'R-1'"),
        0
    );
}

#[test]
fn a_refused_return_goes_back_to_awaiting_decision_on_the_original_clock_with_a_warning() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    signed_forwarded(&mut desk, "R-2");
    object(&mut desk, "R-2");
    let v = desk
        .return_result(
            "R-2",
            ReturnResult::Refused,
            t("2026-10-12 15:00"),
            Some("市信访办认为属本单位职责".into()),
            &t("2026-10-12 15:00"),
        )
        .expect("refused");
    assert_eq!(v.case.status, Status::AwaitingDecision);
    assert_eq!(v.case.method, None);
    let decide = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "decide")
        .expect("受理");
    assert_eq!(decide.due_date.to_string(), "2026-10-13");
    assert!(
        v.notices
            .iter()
            .any(|n| n.contains("不同意退件") && n.contains("将于")),
        "{:?}",
        v.notices
    );
    // Two days later the same case is past its 5 days: the warning says so.
    let later = desk.show_case("R-2", &t("2026-10-15 09:00")).expect("show");
    assert!(
        later.notices.iter().any(|n| n.contains("已超期")),
        "{:?}",
        later.notices
    );
    // The history keeps the objection and the refusal.
    let events: Vec<_> = later.case.events.iter().map(|e| e.label.as_str()).collect();
    assert!(events.contains(&"退件审核"), "{events:?}");
    let refusal = later
        .case
        .events
        .iter()
        .find(|e| e.kind == "return_result")
        .expect("event");
    assert!(
        refusal.detail.contains("规划自然资源局"),
        "{}",
        refusal.detail
    );
    // 受理 now, late: measured against the original 10-13.
    desk.decide(
        "R-2",
        "petition_channel",
        t("2026-10-15 10:00"),
        None,
        &t("2026-10-15 10:00"),
    )
    .expect("受理");
    assert_eq!(
        l.count("SELECT accept_state FROM cases WHERE case_no = 'R-2'"),
        2,
        "late"
    );
}

#[test]
fn an_approved_return_is_final_and_leaves_the_units_rates() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    signed_forwarded(&mut desk, "R-3");
    object(&mut desk, "R-3");
    let v = desk
        .return_result(
            "R-3",
            ReturnResult::Approved,
            t("2026-10-10 09:00"),
            None,
            &t("2026-10-10 09:00"),
        )
        .expect("approved");
    assert_eq!(v.case.status, Status::Returned);
    assert!(v.actions.iter().all(|a| !a.next));
    let again = desk
        .return_result(
            "R-3",
            ReturnResult::Refused,
            t("2026-10-10 10:00"),
            None,
            &t("2026-10-10 10:00"),
        )
        .unwrap_err();
    assert!(again.to_string().contains("已同意退件"), "{again}");
    let rates = desk
        .rates(2026, None, &t("2026-10-20 09:00"))
        .expect("rates");
    let json = serde_json::to_value(&rates).expect("json");
    assert_eq!(
        json.pointer("/overall/counts/total")
            .and_then(|v| v.as_u64()),
        Some(0),
        "{json}"
    );
}

#[test]
fn an_extension_needs_its_notice_served_before_the_case_can_close() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 10:00");
    signed_forwarded(&mut desk, "E-1");
    desk.decide("E-1", "petition_channel", t("2026-10-09 09:00"), None, &now)
        .expect("受理");
    let e = desk
        .extend("E-1", 10, "王局长", "  ", t("2026-11-20 09:00"), &now)
        .unwrap_err();
    assert!(e.to_string().contains("延期理由"), "{e}");
    desk.extend_with(
        "E-1",
        10,
        "王局长",
        "需现场勘验",
        t("2026-11-20 09:00"),
        Some(xinfang::domain::PlatformExtension::Submitted),
        &now,
    )
    .expect("延期");
    // 条例 §34: the handling deadline passed → no more extension.
    let late = desk
        .extend("E-1", 5, "王局长", "仍需调查", t("2026-12-25 09:00"), &now)
        .unwrap_err();
    assert!(late.to_string().contains("届满"), "{late}");
    let v = desk
        .record_document(
            "E-1",
            doc(DocKind::ExtensionNotice, "2026-11-20 10:00"),
            &now,
        )
        .expect("延期告知书");
    assert_eq!(
        v.case.extensions[0].platform.map(|p| p.label()),
        Some("已提交")
    );
    let pdf = desk
        .draft_document("E-1", &DraftRequest::new(DocKind::ExtensionNotice), &now)
        .expect("draft");
    assert!(pdf.title.contains("延期"), "{}", pdf.title);
    assert!(pdf.pdf.starts_with(b"%PDF"));
    let missing = xinfang::rules::actions::close_missing(&v.case);
    assert!(
        missing.iter().any(|m| m.contains("延期告知书尚未送达")),
        "{missing:?}"
    );
}

#[test]
fn an_assigned_case_runs_on_the_senders_deadline_beside_ours_and_each_supervision_counts() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-09 09:00");
    let mut c = case("J-1").arrived("2026-10-08 09:00").build();
    c.source = Source::Assigned;
    c.purpose = Purpose::Suggestion;
    c.sender_deadline = Some("2026-10-20".parse().expect("date"));
    desk.add_case(c, &now).expect("add");
    desk.sign_for("J-1", t("2026-10-08 10:00"), &now)
        .expect("sign");
    let v = desk
        .decide("J-1", "direct_reply", t("2026-10-09 09:00"), None, &now)
        .expect("decide");
    let sender = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "sender_deadline")
        .expect("交办期限");
    assert_eq!(sender.name, "交办期限");
    assert_eq!(sender.due_date.to_string(), "2026-10-20");
    // Ours (直接回复 15 days from 10-09) ends 10-24 → Saturday → 10-26: they differ.
    assert!(
        sender.explanation.contains("来源机关期限在前")
            && sender.explanation.contains("2026-10-26"),
        "{}",
        sender.explanation
    );
    // The overdue list and reminders use the earlier, the sender's.
    let next_due: String = desk
        .raw_connection()
        .query_row(
            "SELECT next_due FROM cases WHERE case_no = 'J-1'",
            [],
            |r| r.get(0),
        )
        .expect("next_due");
    // The written notice's 15 days end 10-23; the sender's 10-20 comes first.
    assert_eq!(next_due, "2026-10-20");
    let f = xinfang::api::CaseFilter {
        overdue: true,
        ..Default::default()
    };
    let list = desk.list_cases(&f, &t("2026-10-21 09:00")).expect("list");
    assert_eq!(list.total, 1);

    // 督办: counted, dated, and a new deadline replaces the sender's.
    desk.supervise(
        "J-1",
        t("2026-10-12 09:00"),
        None,
        Some("电话督办".into()),
        &now,
    )
    .expect("督办 1");
    let v = desk
        .supervise(
            "J-1",
            t("2026-10-14 09:00"),
            Some("2026-10-16".parse().expect("date")),
            None,
            &now,
        )
        .expect("督办 2");
    assert_eq!(v.case.supervisions.len(), 2);
    // The ledger list counts them too.
    let all = desk
        .list_cases(&xinfang::api::CaseFilter::default(), &now)
        .expect("list");
    let row = all.items.iter().find(|i| i.case_no == "J-1").expect("row");
    assert_eq!(row.supervisions, 2);
    let sender = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "sender_deadline")
        .expect("督办期限");
    assert_eq!(sender.name, "督办期限");
    assert_eq!(sender.due_date.to_string(), "2026-10-16");
    assert!(
        v.case
            .events
            .iter()
            .any(|e| e.detail.contains("第 2 次督办")),
        "{:?}",
        v.case.events
    );
    // A direct case has no sender to supervise it.
    let mut d = case("J-2").build();
    d.source = Source::Direct;
    d.sender_deadline = Some("2026-10-20".parse().expect("date"));
    let e = desk.add_case(d, &now).unwrap_err();
    assert!(e.to_string().contains("交办、督办期限"), "{e}");
}

/// A 直接回复 case answered, served and uploaded, with its 办结报告 to the sender.
fn answered_direct_reply(desk: &mut Desk, no: &str) {
    let now = t("2026-10-20 17:00");
    let mut c = case(no).arrived("2026-10-08 09:00").build();
    c.source = Source::Supervised;
    c.purpose = Purpose::Suggestion;
    c.in_evaluation_scope = true;
    c.sender_deadline = Some("2026-10-30".parse().expect("date"));
    desk.add_case(c, &now).expect("add");
    desk.sign_for(no, t("2026-10-08 10:00"), &now)
        .expect("sign");
    desk.decide(no, "direct_reply", t("2026-10-09 10:00"), None, &now)
        .expect("decide");
    for kind in [DocKind::ReplyLetter, DocKind::DeliveryReceipt] {
        desk.record_document(no, doc(kind, "2026-10-15 09:00"), &now)
            .expect("doc");
    }
    desk.reply(no, t("2026-10-15 12:00"), &now).expect("reply");
}

fn serve_and_upload(desk: &mut Desk, no: &str, at: &str) {
    let now = t("2026-10-20 17:00");
    desk.deliver(no, served(vec![DocKind::ReplyLetter], at), &now)
        .expect("deliver");
    for (kind, name) in [
        (DocKind::ReplyLetter, "回复.pdf"),
        (DocKind::DeliveryReceipt, "送达回证.pdf"),
    ] {
        desk.record_attachment(no, kind, &format!("{no}-{at}-{name}"), None, t(at), &now)
            .expect("attach");
    }
}

#[test]
fn a_case_closes_only_when_served_uploaded_and_reported_and_the_missing_items_are_named() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    answered_direct_reply(&mut desk, "C-1");
    let now = t("2026-10-20 17:00");
    let e = desk.close("C-1", t("2026-10-16 09:00"), &now).unwrap_err();
    let msg = e.to_string();
    for part in [
        "回复尚未送达",
        "未上传附件：回复",
        "未上传附件：送达回证",
        "办结报告",
    ] {
        assert!(msg.contains(part), "{part}: {msg}");
    }
    serve_and_upload(&mut desk, "C-1", "2026-10-16 09:00");
    let e = desk.close("C-1", t("2026-10-16 10:00"), &now).unwrap_err();
    assert!(e.to_string().contains("办结报告"), "{e}");
    let v = desk
        .record_document(
            "C-1",
            doc(DocKind::CompletionReport, "2026-10-16 11:00"),
            &now,
        )
        .expect("办结报告");
    // 条例 §22: the report met the sender's deadline.
    let sender = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "sender_deadline")
        .expect("督办期限");
    assert_eq!(sender.status_label, "按期完成");
    assert!(
        v.actions
            .iter()
            .any(|a| a.key == ActionKey::Close && a.enabled)
    );
    let v = desk
        .close("C-1", t("2026-10-16 12:00"), &now)
        .expect("close");
    assert_eq!(v.case.status, Status::Closed);
    assert_eq!(v.case.status_label, "已办结");
    // A closed case takes no new documents or deliveries until it is reopened.
    for key in [ActionKey::Document, ActionKey::Deliver] {
        let a = v.actions.iter().find(|a| a.key == key).expect("shown");
        assert!(
            !a.enabled && a.reason.as_deref().unwrap_or_default().contains("已办结"),
            "{a:?}"
        );
    }
    let e = desk
        .record_document(
            "C-1",
            xinfang::api::DocumentInput {
                kind: DocKind::HandlingOpinion,
                doc_no: None,
                title: None,
                issued_at: None,
            },
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("已办结"), "{e}");
    // N §二: 纳入满意度评价 → guide the petitioner, record each 回访.
    assert!(
        v.notices.iter().any(|n| n.contains("引导信访人评价")),
        "{:?}",
        v.notices
    );
    let v = desk
        .follow_up(
            "C-1",
            "2026-10-17".parse().expect("date"),
            FollowUpWay::Phone,
            "已引导信访人在平台评价",
            &now,
        )
        .expect("回访");
    assert_eq!(v.case.follow_ups.len(), 1);
    assert!(
        v.notices.iter().any(|n| n.contains("已回访 1 次")),
        "{:?}",
        v.notices
    );
}

#[test]
fn a_dissatisfied_case_reopens_for_a_second_reply_keeping_its_first_round() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 17:00");
    answered_direct_reply(&mut desk, "C-2");
    serve_and_upload(&mut desk, "C-2", "2026-10-16 09:00");
    desk.record_document(
        "C-2",
        doc(DocKind::CompletionReport, "2026-10-16 11:00"),
        &now,
    )
    .expect("办结报告");
    desk.close("C-2", t("2026-10-16 12:00"), &now)
        .expect("close");
    let e = desk
        .reopen(
            "C-2",
            ReopenKind::SecondReply,
            t("2026-10-18 09:00"),
            None,
            &now,
        )
        .unwrap_err();
    assert!(e.to_string().contains("不满意"), "{e}");
    let v = desk
        .evaluate("C-2", Evaluation::Dissatisfied, t("2026-10-17 09:00"), &now)
        .expect("不满意");
    assert!(
        v.notices.iter().any(|n| n.contains("不满意")),
        "{:?}",
        v.notices
    );
    let next: Vec<_> = v.actions.iter().filter(|a| a.next).map(|a| a.key).collect();
    assert_eq!(next, vec![ActionKey::Reopen]);
    let v = desk
        .reopen(
            "C-2",
            ReopenKind::SecondReply,
            t("2026-10-18 09:00"),
            Some("补充说明维修进度".into()),
            &now,
        )
        .expect("二次答复");
    assert_eq!(v.case.status, Status::InProgress);
    assert_eq!(v.case.handling_round, 2);
    let first = v.case.first_round.as_ref().expect("first round kept");
    assert_eq!(first.evaluation, Some(Evaluation::Dissatisfied));
    assert_eq!(first.replied_at, Some(t("2026-10-15 12:00")));
    assert!(v.case.events.iter().any(|e| e.kind == "closed"));
    assert!(
        v.case
            .events
            .iter()
            .any(|e| e.kind == "reopened" && e.detail.contains("二次答复"))
    );
    // The first round's service does not close the second.
    desk.reply("C-2", t("2026-10-19 09:00"), &now)
        .expect("second reply");
    let e = desk.close("C-2", t("2026-10-19 10:00"), &now).unwrap_err();
    assert!(e.to_string().contains("回复尚未送达"), "{e}");
    serve_and_upload(&mut desk, "C-2", "2026-10-19 11:00");
    let v = desk
        .close("C-2", t("2026-10-19 12:00"), &now)
        .expect("close again");
    assert_eq!(v.case.status, Status::Closed);
    // The dissatisfied evaluation stays in the rates until the petitioner rates again.
    assert_eq!(
        l.count("SELECT eval_state FROM cases WHERE case_no = 'C-2'"),
        2
    );
}

#[test]
fn the_cli_records_the_senders_answer_and_warns_when_the_acceptance_is_near() {
    let l = TempLedger::new();
    {
        let mut desk = l.desk();
        signed_forwarded(&mut desk, "R-9");
        object(&mut desk, "R-9");
    }
    let o = xf(
        &l.path,
        "2026-10-12 16:00",
        &[
            "case",
            "return-result",
            "R-9",
            "--refused",
            "--at",
            "2026-10-12 15:00",
            "--note",
            "不同意",
        ],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("待受理") && out.contains("不同意退件"),
        "{out}"
    );
    let o = xf(
        &l.path,
        "2026-10-12 16:00",
        &[
            "case",
            "return-result",
            "R-9",
            "--approved",
            "--at",
            "2026-10-12 16:00",
        ],
    );
    assert!(!o.status.success());
    assert!(
        crate::util::stderr(&o).contains("没有待审核的退件"),
        "{}",
        crate::util::stderr(&o)
    );
    let o = xf(
        &l.path,
        "2026-10-12 16:00",
        &[
            "case",
            "supervise",
            "R-9",
            "--at",
            "2026-10-12 16:00",
            "--deadline",
            "2026-10-20",
        ],
    );
    assert!(o.status.success(), "{}", crate::util::stderr(&o));
    assert!(stdout(&o).contains("督办期限"), "{}", stdout(&o));
}

#[test]
fn a_ledger_from_before_the_workflow_keeps_its_returns_final_and_off_the_rates() {
    // A ledger as the last release (data version 5) wrote it: a 退件 was final when chosen.
    const RELEASED: i64 = 5;
    let l = TempLedger::new();
    {
        let mut conn = Connection::open(&l.path).expect("open");
        schema::migrate_to(&mut conn, RELEASED, &schema::WithoutCases).expect("v5");
        conn.execute_batch(
            "INSERT INTO units (id, name, created_at) VALUES (1, '永川区住房城乡建委', '2026-09-01T09:00:00+08:00');
             INSERT INTO cases (case_no, unit_id, source, arrived_at, form, people_count, demand, purpose,
                signed_at, accepted_at, method, method_reason, status, accept_state, created_at, updated_at)
             VALUES ('OLD-1', 1, 'forwarded', '2026-10-08T09:00:00+08:00', 'letter', 1, '噪音扰民', 'claim',
                '2026-10-08T10:00:00+08:00', '2026-10-09T10:00:00+08:00', 'return_case', '属生态环境局职责',
                'returned', 1, '2026-10-08T09:00:00+08:00', '2026-10-09T10:00:00+08:00');",
        )
        .expect("v5 data");
    }
    let desk = l.desk();
    assert_eq!(
        desk.schema_version().expect("version"),
        schema::CURRENT_VERSION
    );
    let v = desk
        .show_case("OLD-1", &t("2026-10-20 09:00"))
        .expect("show");
    assert_eq!(v.case.status, Status::Returned);
    assert_eq!(v.case.return_result, Some(ReturnResult::Approved));
    assert_eq!(v.case.handling_round, 1);
    assert_eq!(
        l.count("SELECT accept_state FROM cases WHERE case_no = 'OLD-1'"),
        3
    );
    let r = desk.audit_verify().expect("verify");
    assert!(r.ok, "{}", r.message);
}

#[test]
fn the_workflow_columns_round_trip_through_the_excel_export() {
    let src = TempLedger::new();
    let mut desk = src.desk();
    let now = t("2026-10-20 17:00");
    // A 退件 waiting for the sender, one the sender approved, and a closed 督办 case.
    signed_forwarded(&mut desk, "X-1");
    object(&mut desk, "X-1");
    signed_forwarded(&mut desk, "X-2");
    object(&mut desk, "X-2");
    desk.return_result(
        "X-2",
        ReturnResult::Approved,
        t("2026-10-10 09:00"),
        None,
        &now,
    )
    .expect("approved");
    answered_direct_reply(&mut desk, "X-3");
    serve_and_upload(&mut desk, "X-3", "2026-10-16 09:00");
    desk.record_document(
        "X-3",
        doc(DocKind::CompletionReport, "2026-10-16 11:00"),
        &now,
    )
    .expect("办结报告");
    desk.supervise("X-3", t("2026-10-12 09:00"), None, None, &now)
        .expect("督办");
    desk.close("X-3", t("2026-10-16 12:00"), &now)
        .expect("close");
    let dir = tempfile::tempdir().expect("dir");
    for ext in ["xlsx", "csv"] {
        let file = dir.path().join(format!("台账.{ext}"));
        export_file(&desk, &file, &ExportOptions::default(), &now).expect("export");
        if ext == "csv" {
            let text = std::fs::read_to_string(&file).expect("csv");
            for cell in ["交办督办期限", "督办情况", "1次：2026-10-12", "2026-10-30"] {
                assert!(text.contains(cell), "{cell}: {text}");
            }
        }
        let all = dir.path().join(format!("全部列.{ext}"));
        export_file(
            &desk,
            &all,
            &ExportOptions {
                columns: Some(Field::ALL.to_vec()),
                ..ExportOptions::default()
            },
            &now,
        )
        .expect("export all");
        let dst = TempLedger::new();
        let mut empty = dst.desk();
        let report =
            import_file(&mut empty, &all, &ImportOptions::default(), &now).expect("import");
        assert!(report.imported, "{ext}: {:#?}", report.errors);
        let state = |d: &Desk, no: &str| {
            let c = d.show_case(no, &now).expect("show").case;
            (
                c.status,
                c.return_result,
                c.closed_at,
                c.info.sender_deadline,
            )
        };
        for no in ["X-1", "X-2", "X-3"] {
            assert_eq!(state(&desk, no), state(&empty, no), "{no} ({ext})");
        }
    }
}

#[test]
fn deadline_alerts_wait_for_working_hours_and_come_at_the_next_round() {
    // A 转送 case arrived Friday 2026-10-16 09:00 and was never signed for: 签收 ended 10-17
    // (Saturday) → Monday 10-19. Its alerts may not ring at night or on the weekend.
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(
        case("A-1").arrived("2026-10-16 09:00").build(),
        &t("2026-10-16 09:00"),
    )
    .expect("add");
    // Saturday morning: a rest day, nothing.
    let p = desk
        .rounds_pending(None, &t("2026-10-17 10:00"))
        .expect("sat");
    assert!(p.alerts.is_empty(), "{:?}", p.alerts);
    // Monday night after the last round's grace: still held.
    let p = desk
        .rounds_pending(None, &t("2026-10-19 21:30"))
        .expect("night");
    assert!(p.alerts.is_empty(), "{:?}", p.alerts);
    // Before the first round on Tuesday: held.
    let p = desk
        .rounds_pending(None, &t("2026-10-20 07:30"))
        .expect("early");
    assert!(p.alerts.is_empty(), "{:?}", p.alerts);
    // At Tuesday's first round it comes, once.
    let p = desk
        .rounds_pending(None, &t("2026-10-20 09:00:05"))
        .expect("round");
    assert!(
        p.alerts
            .iter()
            .any(|a| a.case_no == "A-1" && a.kind_label == "已超期"),
        "{:?}",
        p.alerts
    );
    let again = desk
        .rounds_pending(None, &t("2026-10-20 09:00:20"))
        .expect("tick");
    assert!(again.alerts.is_empty());
}
