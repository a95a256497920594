//! The command contract: the UI's TypeScript is generated from the Rust request and
//! response types, and a wrong argument is named in Chinese.

use serde_json::json;
use xinfang::api::{COMMANDS, bindings, dispatch};

use crate::util::{TempLedger, case, t};

const GENERATED: &str = "ui/src/gen/contract.ts";

/// Regenerate with `XINFANG_BLESS=1 cargo nextest run -E 'test(contract_bindings)'`.
#[test]
fn contract_bindings_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let want = bindings();
    let path = root.join(GENERATED);
    if std::env::var_os("XINFANG_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, &want).expect("write bindings");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{GENERATED} is out of date with the Rust contract; regenerate it with \
         XINFANG_BLESS=1 cargo nextest run -E 'test(contract_bindings)' and commit it"
    );
}

#[test]
fn every_command_is_in_the_bindings_with_its_types() {
    let ts = bindings();
    for cmd in COMMANDS {
        assert!(
            ts.contains(&format!("  {cmd}: {{ request: ")),
            "{cmd} missing"
        );
    }
    // Code-name unions carry their Chinese labels for the UI's developers.
    assert!(ts.contains(r#"export type Method = "direct_reply" | "petition_channel""#));
    assert!(ts.contains("direct_reply 直接回复"));
    // Requests' optional arguments may be left out.
    assert!(ts.contains("redirect_to?: string | null"), "{ts}");
}

#[test]
fn a_misspelled_argument_is_refused_in_chinese() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let c: serde_json::Value = serde_json::from_str(&case("X-1").json()).expect("json");
    dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");
    // Before the contract, anonymous argument structs dropped `resaon` silently.
    let e = dispatch(
        &mut desk,
        "case_delete",
        json!({"case_no": "X-1", "reason": "重复登记", "resaon": "x"}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.code, "bad_argument");
    assert_eq!(e.field.as_deref(), Some("resaon"));
    assert!(e.message.contains("不是本操作的参数"), "{}", e.message);
    assert!(!e.message.contains("第 0 行"), "{}", e.message);
}

#[test]
fn argument_errors_name_the_field_in_chinese() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let e = dispatch(&mut desk, "case_sign", json!({"case_no": "X-1"}), &now).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("at"));
    assert_eq!(e.message, "时间：不能为空，请填写");

    let e = dispatch(
        &mut desk,
        "case_sign",
        json!({"case_no": "X-1", "at": "昨天下午"}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("at"));
    assert!(e.message.starts_with("时间："), "{}", e.message);
    assert!(e.message.contains("2026-09-30 16:20"), "{}", e.message);

    let e = dispatch(
        &mut desk,
        "case_extend",
        json!({"case_no": "X-1", "days": "十", "approved_by": "王", "at": "2026-10-08 09:00"}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("days"));
    assert_eq!(e.message, "延长天数：应为整数，请按说明填写");

    // A nested field is named by its path, labelled by its own name.
    let e = dispatch(
        &mut desk,
        "case_add",
        json!({"case": {"case_no": "X-2"}}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.code, "bad_argument");
    assert!(
        e.field.as_deref().unwrap_or("").starts_with("case."),
        "{:?}",
        e.field
    );
    // An enum label is explained by its own parser, in Chinese.
    let e = dispatch(
        &mut desk,
        "case_evaluate",
        json!({"case_no": "X-1", "result": "还行", "at": "2026-10-08 09:00"}),
        &now,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("result"));
    assert!(e.message.contains("满意"), "{}", e.message);
}
