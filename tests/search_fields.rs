//! Issue #21 §15: the ledger search finds a case by every text field a clerk searches by —
//! 热点问题, 内容分类, 责任科室, 来源机关 and 文号 — long and short queries alike, and keeps
//! finding it after a correction or a new 文号.

use crate::util::{TempLedger, case, t};
use xinfang::api::{DecideDetails, Desk, DocNoRequest};
use xinfang::domain::DocKind;
use xinfang::ledger::query::{CaseFilter, SortKey};

const NOW: &str = "2026-10-08 09:00";

fn search(desk: &Desk, q: &str) -> Vec<String> {
    let f = CaseFilter {
        search: Some(q.into()),
        sort: Some(SortKey::CaseNo),
        ..CaseFilter::default()
    };
    desk.list_cases(&f, &t(NOW))
        .expect("search")
        .items
        .into_iter()
        .map(|c| c.case_no)
        .collect()
}

/// Two cases that differ in every searched field; the demand never names those fields.
fn two_cases() -> (TempLedger, Desk) {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let mut a = case("S-1").demand("小区电梯长期故障").build();
    a.hot_issue = Some("物业管理纠纷".into());
    a.category = Some("城乡建设".into());
    a.section = Some("物业监管科".into());
    a.sender = Some("重庆市永川区信访办".into());
    let mut b = case("S-2").demand("要求补发拖欠工资").build();
    b.hot_issue = Some("拖欠农民工工资".into());
    b.category = Some("劳动社保".into());
    b.section = Some("建筑市场科".into());
    b.sender = Some("永川区人民政府办公室".into());
    desk.add_case(a, &t(NOW)).expect("add a");
    desk.add_case(b, &t(NOW)).expect("add b");
    (l, desk)
}

#[test]
fn search_finds_the_hot_issue() {
    let (_l, desk) = two_cases();
    assert_eq!(search(&desk, "物业管理纠纷"), ["S-1"]);
    assert_eq!(search(&desk, "纠纷"), ["S-1"], "two characters");
}

#[test]
fn search_finds_the_content_category() {
    let (_l, desk) = two_cases();
    assert_eq!(search(&desk, "城乡建设"), ["S-1"]);
    assert_eq!(search(&desk, "社保"), ["S-2"]);
}

#[test]
fn search_finds_the_responsible_section() {
    let (_l, desk) = two_cases();
    assert_eq!(search(&desk, "物业监管科"), ["S-1"]);
    assert_eq!(search(&desk, "建筑市场"), ["S-2"]);
}

#[test]
fn search_finds_the_sending_agency() {
    let (_l, desk) = two_cases();
    assert_eq!(search(&desk, "永川区信访办"), ["S-1"]);
    assert_eq!(search(&desk, "人民政府办公室"), ["S-2"]);
}

#[test]
fn a_correction_of_a_searched_field_reindexes() {
    let (_l, mut desk) = two_cases();
    desk.update_case(
        "S-2",
        &serde_json::json!({"hot_issue": "噪声扰民", "section": "城市管理科"}),
        &t(NOW),
    )
    .expect("update");
    assert!(search(&desk, "拖欠农民工").is_empty());
    assert_eq!(search(&desk, "噪声扰民"), ["S-2"]);
    assert_eq!(search(&desk, "城市管理科"), ["S-2"]);
}

#[test]
fn search_finds_a_document_number_and_forgets_a_voided_one() {
    let (_l, mut desk) = two_cases();
    let now = t(NOW);
    desk.sign_for("S-1", t("2026-10-01 09:00"), &now)
        .expect("sign");
    desk.decide_with(
        "S-1",
        "petition_channel",
        t("2026-10-02 10:00"),
        None,
        DecideDetails::default(),
        &now,
    )
    .expect("decide");
    let no = desk
        .doc_no_allocate(
            &DocNoRequest {
                prefix: Some("永住建信".into()),
                unit: None,
                year: None,
                case_no: Some("S-1".into()),
                kind: Some(DocKind::HandlingOpinion),
            },
            &now,
        )
        .expect("doc no")
        .doc_no;
    assert!(no.starts_with("永住建信"), "{no}");
    assert_eq!(search(&desk, &no), ["S-1"], "the whole 文号");
    assert_eq!(search(&desk, "永住建信"), ["S-1"], "the 机关代字");
    desk.doc_no_void(&no, "编号错误", &now).expect("void");
    assert!(
        search(&desk, &no).is_empty(),
        "a voided 文号 no longer finds the case"
    );
}
