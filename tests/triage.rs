//! Triage (issue #16 items 6–9): repeat suggestions by person or matter, 初信初访 and its
//! watch list, the "三到位一处理" checklist, the statutory routes ruled out before a 申诉求决
//! case takes the petition channel, joint petitions' representatives, and the case sheet.

use std::process::Command;

use serde_json::json;
use xinfang::api::{DecideDetails, RepeatQuery};
use xinfang::domain::{Form, LegalRoute, Petitioner, Purpose, RepeatCheck};

use crate::util::{TempLedger, case, pdf_text, t, xf};

fn stranger(name: &str, phone: &str) -> Petitioner {
    Petitioner {
        name: name.into(),
        phone: Some(phone.into()),
        ..Default::default()
    }
}

#[test]
fn a_neighbour_raising_the_same_broken_lift_is_suggested_as_the_same_matter() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("M-1").build(), &now).expect("first");
    desk.add_case(
        case("M-2")
            .petitioner("赵六", None, Some("13900000001"))
            .demand("拖欠农民工工资三个月，要求支付")
            .build(),
        &now,
    )
    .expect("other matter");
    let mut b = case("M-3").demand("反映小区电梯长期故障一直没人维修，要求物业尽快维修");
    b.0.petitioners = vec![Petitioner {
        address: Some("永川区中山路1号".into()),
        ..stranger("钱七", "13900000002")
    }];
    let out = desk.add_case(b.build(), &now).expect("neighbour");
    let nos: Vec<&str> = out
        .possible_repeats
        .iter()
        .map(|r| r.case_no.as_str())
        .collect();
    assert_eq!(nos, ["M-1"], "the lift, not the wages");
    let m1 = &out.possible_repeats[0];
    assert!(!m1.same_person);
    assert!(m1.reasons.contains(&"住址相同".to_string()), "{m1:?}");
    assert!(m1.similarity > 0.4, "{m1:?}");
    assert!(out.first_petition, "a stranger's first letter is 初信初访");
}

#[test]
fn the_same_person_is_suggested_first_and_is_not_a_first_petition() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    let first = desk.add_case(case("S-1").build(), &now).expect("add");
    assert!(first.first_petition);
    desk.add_case(
        case("S-2")
            .petitioner("孙八", None, Some("13900000003"))
            .build(),
        &now,
    )
    .expect("same words, other person");
    let out = desk
        .add_case(case("S-3").demand("物业费问题").build(), &now)
        .expect("same person, other words");
    assert_eq!(out.possible_repeats[0].case_no, "S-1");
    assert!(out.possible_repeats[0].same_person);
    assert!(!out.first_petition);
    let v = desk.show_case("S-3", &now).expect("show");
    assert!(!v.case.first_petition);
}

#[test]
fn a_suggestion_on_entry_needs_no_saved_case_and_lists_only_earlier_ones() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("E-1").arrived("2026-09-01 09:00").build(), &now)
        .expect("add");
    desk.add_case(case("E-2").arrived("2026-10-15 09:00").build(), &now)
        .expect("add");
    let q = RepeatQuery {
        demand: Some("电梯故障，要求物业维修".into()),
        arrived_at: Some(t("2026-10-01 09:00")),
        ..Default::default()
    };
    let found = desk.repeat_suggest(&q).expect("suggest");
    assert_eq!(
        found.iter().map(|r| r.case_no.as_str()).collect::<Vec<_>>(),
        ["E-1"]
    );
    // Through the command surface, as the registration form calls it while typing.
    let v = xinfang::api::dispatch(
        &mut desk,
        "repeat_suggest",
        json!({"demand": "电梯故障，要求物业维修", "petitioners": [{"name": "张三", "id_number": "11010519491231002X"}]}),
        &now,
    )
    .expect("dispatch");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_repeat_case_keeps_the_three_in_place_one_handled_checklist_with_audit() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("R-1").build(), &now).expect("add");
    desk.add_case(case("R-2").build(), &now).expect("add");
    let e = desk
        .repeat_check("R-2", RepeatCheck::Counselled, true, None, now, &now)
        .expect_err("not a repeat yet");
    assert_eq!(e.code(), "out_of_order");
    desk.mark_repeat("R-2", "R-1", &now).expect("mark");
    let v = desk
        .repeat_check(
            "R-2",
            RepeatCheck::Counselled,
            true,
            Some("与信访人面谈，解释物业维修责任".into()),
            t("2026-10-21 10:00"),
            &now,
        )
        .expect("tick");
    assert_eq!(v.case.repeat_checklist.len(), 1);
    assert_eq!(v.case.repeat_checklist[0].item, RepeatCheck::Counselled);
    assert!(!v.case.first_petition);
    let v = desk
        .repeat_check("R-2", RepeatCheck::Counselled, false, None, now, &now)
        .expect("untick");
    assert!(v.case.repeat_checklist.is_empty());
    let history = desk.history("R-2").expect("history");
    assert!(
        history
            .iter()
            .filter(|h| h.action == "repeat_check")
            .count()
            == 2,
        "each tick is audited"
    );
}

#[test]
fn the_watch_list_shows_a_late_first_letter_and_one_that_came_back_as_a_visit() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let reg = t("2026-10-09 09:00");
    desk.add_case(case("W-1").arrived("2026-10-09 09:00").build(), &reg)
        .expect("letter");
    desk.add_case(
        case("W-2")
            .arrived("2026-10-09 09:00")
            .petitioner("周九", None, Some("13900000009"))
            .demand("道路积水")
            .build(),
        &reg,
    )
    .expect("another");
    let mut visit = case("W-3")
        .arrived("2026-10-12 09:00")
        .petitioner("周九", None, Some("13900000009"))
        .demand("道路积水仍未处理")
        .repeat_of("W-2");
    visit.0.form = Form::Visit;
    desk.add_case(visit.build(), &t("2026-10-12 09:00"))
        .expect("visit");
    let now = t("2026-11-30 09:00");
    let w = desk.watch_list(&now).expect("watch");
    assert_eq!((w.turned_repeat, w.turned_visit), (1, 1));
    let w2 = w.items.iter().find(|i| i.case_no == "W-2").expect("W-2");
    assert_eq!(w2.kind, "信转访");
    assert_eq!(w2.risks[0], "已信转访：同一事项又来访");
    let w1 = w.items.iter().find(|i| i.case_no == "W-1").expect("W-1");
    assert!(w1.risks.contains(&"已超期未办结".to_string()), "{w1:?}");
    assert!(
        w.items.iter().all(|i| i.case_no != "W-3"),
        "a repeat is not a first petition"
    );
}

#[test]
fn a_claim_takes_the_petition_channel_only_once_every_statutory_route_is_ruled_out() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("L-1").build(), &now).expect("add");
    desk.sign_for("L-1", t("2026-10-08 09:00"), &now)
        .expect("sign");
    let some = DecideDetails {
        ruled_out_routes: vec![LegalRoute::Litigation, LegalRoute::Arbitration],
        ..Default::default()
    };
    let e = desk
        .decide_with(
            "L-1",
            "petition_channel",
            t("2026-10-08 10:00"),
            None,
            some,
            &now,
        )
        .expect_err("three routes left");
    assert!(e.to_string().contains("行政复议"), "{e}");
    assert!(e.to_string().contains("第三十一条第五项"), "{e}");
    let all = DecideDetails {
        ruled_out_routes: LegalRoute::ALL.to_vec(),
        ..Default::default()
    };
    let v = desk
        .decide_with(
            "L-1",
            "petition_channel",
            t("2026-10-08 10:00"),
            None,
            all,
            &now,
        )
        .expect("all ruled out");
    assert_eq!(v.case.ruled_out_routes, LegalRoute::ALL);
    assert!(
        v.check
            .findings
            .iter()
            .all(|f| f.code != "routes_not_recorded"),
        "the answer is recorded"
    );
    let audit = desk.history("L-1").expect("history");
    let decide = audit
        .iter()
        .find(|h| h.action == "decide")
        .expect("audited");
    assert!(
        decide
            .after
            .as_ref()
            .is_some_and(|a| a.to_string().contains("party_appeal")),
        "{decide:?}"
    );
    // Not answered (an old ledger, an import): the check says so.
    desk.add_case(case("L-2").build(), &now).expect("add");
    desk.sign_for("L-2", t("2026-10-08 09:00"), &now)
        .expect("sign");
    let v = desk
        .decide("L-2", "petition_channel", t("2026-10-08 10:00"), None, &now)
        .expect("decide");
    assert!(
        v.check
            .findings
            .iter()
            .any(|f| f.code == "routes_not_recorded")
    );
}

#[test]
fn a_group_visit_may_choose_at_most_five_representatives() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    let people = |n: usize| -> Vec<Petitioner> {
        (0..n)
            .map(|i| Petitioner {
                name: format!("代表{i}"),
                representative: true,
                ..Default::default()
            })
            .collect()
    };
    let mut six = case("J-1").purpose(Purpose::Claim);
    six.0.form = Form::Visit;
    six.0.petitioners = people(6);
    six.0.people_count = Some(40);
    let e = desk.add_case(six.build(), &now).expect_err("six");
    assert!(e.to_string().contains("第二十条第三款"), "{e}");
    let mut five = case("J-1");
    five.0.form = Form::Visit;
    five.0.petitioners = people(5);
    five.0.people_count = Some(40);
    desk.add_case(five.build(), &now).expect("five");
    let v = desk.show_case("J-1", &now).expect("show");
    assert_eq!(v.case.info.people_count, Some(40));
    assert_eq!(v.case.info.representatives().count(), 5);
    // A 联名信 is not a visit: §20 ¶3 does not limit it.
    let mut letter = case("J-2");
    letter.0.form = Form::Letter;
    letter.0.petitioners = people(6);
    letter.0.people_count = Some(12);
    desk.add_case(letter.build(), &now).expect("joint letter");
}

#[test]
fn representatives_and_the_first_petition_mark_survive_an_export_and_import() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    let mut joint = case("X-1");
    joint.0.form = Form::Visit;
    joint.0.petitioners = vec![
        Petitioner {
            name: "吴一".into(),
            representative: true,
            ..Default::default()
        },
        Petitioner {
            name: "郑二".into(),
            ..Default::default()
        },
    ];
    joint.0.people_count = Some(30);
    desk.add_case(joint.build(), &now).expect("add");
    let out = l.dir.path().join("台账.csv");
    let o = xf(
        &l.path,
        "2026-10-20 09:00",
        &[
            "export",
            out.to_str().expect("path"),
            "--columns",
            "case_no,unit,source,form,petitioner,representatives,people_count,demand,purpose,arrived_at,first_petition",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).expect("csv");
    assert!(text.contains("代表") && text.contains("初信初访"), "{text}");
    assert!(
        text.contains(",吴一,30,") || text.contains(",吴一,\"30\""),
        "{text}"
    );
    let other = TempLedger::new();
    drop(other.desk());
    let o = xf(
        &other.path,
        "2026-10-20 09:00",
        &["import", out.to_str().expect("path")],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = other.desk().show_case("X-1", &now).expect("imported");
    let reps: Vec<&str> = v
        .case
        .info
        .representatives()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(reps, ["吴一"]);
    assert_eq!(v.case.info.people_count, Some(30));
}

#[cfg_attr(windows, ignore = "needs pdfinfo (poppler)")]
#[test]
fn the_case_sheet_carries_the_history_and_masks_the_accuser_for_anyone_but_the_handler() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-20 09:00");
    desk.add_case(case("C-1").purpose(Purpose::Accusation).build(), &now)
        .expect("add");
    desk.sign_for("C-1", t("2026-10-08 09:00"), &now)
        .expect("sign");
    // A 处理意见书 is the kind that carries a 文号 (issue #21 §2).
    desk.decide("C-1", "petition_channel", t("2026-10-08 10:00"), None, &now)
        .expect("decide");
    desk.record_document(
        "C-1",
        xinfang::api::DocumentInput {
            kind: xinfang::domain::DocKind::HandlingOpinion,
            doc_no: Some("永住建信〔2026〕7号".into()),
            title: None,
            issued_at: Some(t("2026-10-10 09:00")),
        },
        &now,
    )
    .expect("doc");
    let handler = desk.case_sheet("C-1", true, &now).expect("sheet");
    let p = l.dir.path().join("handler.pdf");
    std::fs::write(&p, &handler.pdf).expect("write");
    let text = pdf_text(&p);
    for want in [
        "信访事项办理经过单",
        "C-1",
        "张三",
        "永住建信〔2026〕7号",
        "信访途径受理",
        "办理经过",
        "领导批示",
        "签收",
    ] {
        assert!(text.contains(want), "handler's sheet lacks {want}: {text}");
    }
    assert!(!handler.masked);
    assert_eq!(handler.pages, 1, "a case this size fits one A4 page");
    let o = xf(
        &l.path,
        "2026-10-20 09:00",
        &[
            "case",
            "sheet",
            "C-1",
            "--out",
            l.dir.path().join("other.pdf").to_str().expect("p"),
            "--for-other",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = pdf_text(&l.dir.path().join("other.pdf"));
    for secret in ["张三", "11010519491231002X", "13812345678", "中山路1号"] {
        assert!(
            !text.contains(secret),
            "{secret} printed for someone else: {text}"
        );
    }
    assert!(
        text.contains("依法保密") && text.contains("第三十条第三款"),
        "{text}"
    );
    assert!(text.contains("永住建信〔2026〕7号"));
    let info = Command::new("pdfinfo")
        .arg(l.dir.path().join("other.pdf"))
        .output()
        .expect("pdfinfo");
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("595.276 x 841.89"),
        "A4"
    );
}
