//! Input is normalised, not refused (issue #21 §14): what a Chinese IME types is stored as the
//! clerk meant it, doubtful numbers are flagged, and a wrong correction is named in Chinese.

use serde_json::json;
use xinfang::api::dispatch;

use crate::util::{TempLedger, case, t};

#[test]
fn full_width_digits_spaces_and_dashes_are_stored_as_meant() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let mut c = case("Ｎ-１").build();
    c.petitioners[0].id_number = Some("１１０１０５ １９４９-１２３１-００２ｘ".into());
    c.petitioners[0].phone = Some("１３８ １２３４ ５６７８".into());
    let c = serde_json::to_value(&c).expect("json");
    let out = dispatch(&mut desk, "case_add", json!({ "case": c }), &now)
        .expect("normalised, not refused");
    assert_eq!(out["case_no"], "N-1");
    let v = dispatch(&mut desk, "case_show", json!({"case_no": "N-1"}), &now).expect("show");
    let p = &v["case"]["petitioners"][0];
    assert_eq!(p["id_number"], "11010519491231002X");
    assert_eq!(p["phone"], "13812345678");
    assert!(
        v["check"]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["code"] != "phone_doubtful"),
        "{}",
        v["check"]
    );
}

#[test]
fn a_ten_digit_mobile_is_flagged_and_a_correction_clears_it() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let mut c = case("P-1").build();
    c.petitioners[0].phone = Some("1381234567".into());
    let c = serde_json::to_value(&c).expect("json");
    dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");
    let v = dispatch(&mut desk, "case_show", json!({"case_no": "P-1"}), &now).expect("show");
    let doubtful = |v: &serde_json::Value| {
        v["check"]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["code"] == "phone_doubtful")
    };
    assert!(doubtful(&v), "{}", v["check"]);
    // The message names no number (the case page may be on a shared screen).
    let f = v["check"]["findings"]
        .as_array()
        .expect("f")
        .iter()
        .find(|f| f["code"] == "phone_doubtful")
        .cloned()
        .expect("finding");
    assert!(!f["message"].as_str().unwrap_or("").contains("1381234567"));

    let petitioners = json!([{ "name": "张三", "phone": "１３８-１２３４-５６７８" }]);
    let v = dispatch(
        &mut desk,
        "case_update",
        json!({"case_no": "P-1", "changes": { "petitioners": petitioners }}),
        &now,
    )
    .expect("update");
    assert_eq!(v["case"]["petitioners"][0]["phone"], "13812345678");
    assert!(!doubtful(&v));
}

#[test]
fn a_wrong_correction_is_named_in_chinese() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let c = serde_json::to_value(case("U-1").build()).expect("json");
    dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");
    let e = dispatch(
        &mut desk,
        "case_update",
        json!({"case_no": "U-1", "changes": { "people_count": "三个" }}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.code, "bad_argument");
    assert!(
        !e.message.contains("第 0 行") && !e.message.contains("invalid type"),
        "{}",
        e.message
    );
    assert_eq!(e.message, "人数：应为整数，请按说明填写");
    // Refused whole: the case is as it was.
    let v = dispatch(&mut desk, "case_show", json!({"case_no": "U-1"}), &now).expect("show");
    assert_eq!(v["case"]["people_count"], 1);
    assert_eq!(
        v["case"]["events"].as_array().map(Vec::len),
        Some(1),
        "no update event"
    );
}
