//! The command surface by name: what the desktop shell and the browser server call.

use serde_json::json;
use xinfang::api::{COMMANDS, dispatch};

use crate::util::{TempLedger, case, t};

#[test]
fn every_listed_command_is_dispatched() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    for cmd in COMMANDS {
        // Empty arguments: either it runs, or it says which argument is wrong — never "no such command".
        if let Err(e) = dispatch(&mut desk, cmd, json!({}), &now) {
            assert_ne!(
                e.message,
                format!("命令填写有误：没有名为“{cmd}”的命令"),
                "{cmd}"
            );
            assert!(!e.code.is_empty());
        }
    }
}

#[test]
fn errors_cross_as_code_and_chinese_message() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let e = dispatch(&mut desk, "case_show", json!({"case_no": "无此件"}), &now).unwrap_err();
    let v = serde_json::to_value(&e).expect("json");
    assert_eq!(
        v,
        json!({"code": "case_not_found", "message": "没有找到信访件编号为“无此件”的事项，请核对编号。"})
    );
    let e = dispatch(&mut desk, "no_such", json!({}), &now).unwrap_err();
    assert_eq!(e.code, "invalid_field");
    assert!(e.message.contains("no_such"));
}

#[test]
fn a_case_goes_through_dispatch_like_through_the_cli() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let c: serde_json::Value = serde_json::from_str(&case("X-1").json()).expect("json");
    let out = dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");
    assert_eq!(out["case_no"], "X-1");
    dispatch(
        &mut desk,
        "case_sign",
        json!({"case_no": "X-1", "at": "2026-10-08 08:30"}),
        &now,
    )
    .expect("sign");
    let e = dispatch(
        &mut desk,
        "case_decide",
        json!({"case_no": "X-1", "method": "存", "at": "2026-10-08 09:00"}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.code, "forbidden_method");
    let v = dispatch(
        &mut desk,
        "case_decide",
        json!({"case_no": "X-1", "method": "信访途径受理", "at": "2026-10-08 09:00"}),
        &now,
    )
    .expect("decide");
    assert_eq!(v["case"]["method"], "petition_channel");
    assert_eq!(v["case"]["status_label"], "办理中");
    let list = dispatch(&mut desk, "case_list", json!({"search": "电梯"}), &now).expect("list");
    assert_eq!(list["total"], 1);
    let rates = dispatch(&mut desk, "rates", json!({"year": 2026}), &now).expect("rates");
    assert_eq!(rates["overall"]["counts"]["total"], 1);
}
