//! The command contract: the UI's TypeScript is generated from the Rust request and
//! response types, and a wrong argument is named in Chinese.

use serde_json::json;
use xinfang::api::{COMMANDS, bindings, dispatch};

use crate::util::{TempLedger, case, t};

/// What the UI compiles against, generated from the core.
fn generated() -> [(&'static str, String); 2] {
    let mut vocab = serde_json::to_string_pretty(&xinfang::api::vocabulary()).expect("json");
    vocab.push('\n');
    [
        ("ui/src/gen/contract.ts", bindings()),
        ("ui/src/gen/vocabulary.json", vocab),
    ]
}

/// Regenerate with `XINFANG_BLESS=1 cargo nextest run -E 'test(contract_bindings)'`.
#[test]
fn contract_bindings_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, want) in generated() {
        let path = root.join(file);
        if std::env::var_os("XINFANG_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
            std::fs::write(&path, &want).expect("write bindings");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{file} is out of date with the Rust contract; regenerate it with \
             XINFANG_BLESS=1 cargo nextest run -E 'test(contract_bindings)' and commit it"
        );
    }
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

/// The case page's buttons come from the core: what is offered, what is greyed and why,
/// and that a greyed action is refused by the core for the same reason.
#[test]
fn actions_follow_the_case_and_agree_with_the_guards() {
    use serde_json::Value;
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let c: Value = serde_json::from_str(&case("A-1").json()).expect("json");
    dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");

    let show = |desk: &mut xinfang::api::Desk| -> Vec<Value> {
        let v = dispatch(desk, "case_show", json!({"case_no": "A-1"}), &now).expect("show");
        v["actions"].as_array().expect("actions").clone()
    };
    let get = |acts: &[Value], key: &str| -> Option<Value> {
        acts.iter().find(|a| a["key"] == key).cloned()
    };
    // Every greyed action with a guard of its own is refused by the core with the reason shown.
    let agree = |desk: &mut xinfang::api::Desk, acts: &[Value]| {
        let tries = [
            (
                "sign",
                "case_sign",
                json!({"case_no": "A-1", "at": "2026-10-08 08:00"}),
            ),
            (
                "decide",
                "case_decide",
                json!({"case_no": "A-1", "method": "petition_channel", "at": "2026-10-08 08:00"}),
            ),
            (
                "reply",
                "case_reply",
                json!({"case_no": "A-1", "at": "2026-10-08 08:30"}),
            ),
            (
                "evaluate",
                "case_evaluate",
                json!({"case_no": "A-1", "result": "satisfied", "at": "2026-10-08 08:40"}),
            ),
            (
                "extend",
                "case_extend",
                json!({"case_no": "A-1", "days": 10, "approved_by": "王局长", "reason": "情况复杂", "at": "2026-10-08 08:30"}),
            ),
        ];
        for (key, cmd, args) in tries {
            let Some(a) = get(acts, key) else { continue };
            if a["enabled"] == false {
                let e = dispatch(desk, cmd, args, &now).expect_err(key);
                assert_eq!(e.code, "out_of_order", "{key}: {}", e.message);
                assert!(
                    a["reason"].as_str().is_some_and(|r| !r.is_empty()),
                    "{key} greyed without a reason"
                );
            }
        }
    };

    // A transferred case: 签收 first, the rest waits with a reason.
    let acts = show(&mut desk);
    let sign = get(&acts, "sign").expect("sign offered");
    assert_eq!(
        (sign["enabled"].clone(), sign["next"].clone()),
        (json!(true), json!(true))
    );
    let decide = get(&acts, "decide").expect("decide");
    assert_eq!(decide["enabled"], false);
    assert_eq!(decide["reason"], "该件尚未签收，请先签收再确定办理方式。");
    assert_eq!(get(&acts, "delete").expect("delete")["danger"], true);
    assert!(get(&acts, "review").is_none(), "复查 only for 信访途径受理");
    agree(&mut desk, &acts);

    dispatch(
        &mut desk,
        "case_sign",
        json!({"case_no": "A-1", "at": "2026-10-01 09:00"}),
        &now,
    )
    .expect("sign");
    let acts = show(&mut desk);
    assert_eq!(get(&acts, "sign").expect("sign")["enabled"], false);
    assert_eq!(get(&acts, "decide").expect("decide")["next"], true);
    agree(&mut desk, &acts);

    dispatch(
        &mut desk,
        "case_decide",
        json!({"case_no": "A-1", "method": "petition_channel", "at": "2026-10-02 09:00"}),
        &now,
    )
    .expect("decide");
    let acts = show(&mut desk);
    assert_eq!(get(&acts, "extend").expect("extend")["enabled"], true);
    // The method can be changed until the reply, as the core allows.
    let decide = get(&acts, "decide").expect("decide");
    assert_eq!(
        (decide["label"].clone(), decide["enabled"].clone()),
        (json!("更改办理方式"), json!(true))
    );
    let eval = get(&acts, "evaluate").expect("evaluate");
    assert_eq!(eval["enabled"], false);
    assert_eq!(eval["reason"], "该件尚未答复，不能评价。");
    assert_eq!(get(&acts, "review").expect("review")["label"], "复查申请");
    agree(&mut desk, &acts);

    dispatch(
        &mut desk,
        "case_reply",
        json!({"case_no": "A-1", "at": "2026-10-07 09:00"}),
        &now,
    )
    .expect("reply");
    let acts = show(&mut desk);
    assert_eq!(
        get(&acts, "extend").expect("extend")["reason"],
        "该件已答复，无需延期。"
    );
    assert_eq!(get(&acts, "review").expect("review")["enabled"], true);
    agree(&mut desk, &acts);

    // Deleted: only 恢复.
    dispatch(
        &mut desk,
        "case_delete",
        json!({"case_no": "A-1", "reason": "测试"}),
        &now,
    )
    .expect("delete");
    let acts = show(&mut desk);
    let restore = get(&acts, "restore").expect("restore");
    assert_eq!(
        (restore["enabled"].clone(), restore["next"].clone()),
        (json!(true), json!(true))
    );
    assert!(
        acts.iter()
            .filter(|a| a["key"] != "restore")
            .all(|a| a["enabled"] == false)
    );
}

#[test]
fn a_direct_case_has_no_sign_button() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let mut c = case("D-1").build();
    c.source = xinfang::domain::Source::Direct;
    c.sender = None;
    let c = serde_json::to_value(&c).expect("json");
    dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");
    let v = dispatch(&mut desk, "case_show", json!({"case_no": "D-1"}), &now).expect("show");
    let acts = v["actions"].as_array().expect("actions");
    assert!(acts.iter().all(|a| a["key"] != "sign"));
    let decide = acts.iter().find(|a| a["key"] == "decide").expect("decide");
    assert_eq!(
        (decide["enabled"].clone(), decide["next"].clone()),
        (json!(true), json!(true))
    );
}

#[test]
fn the_vocabulary_carries_labels_and_method_tables() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let v =
        dispatch(&mut desk, "vocabulary", json!({}), &t("2026-10-08 09:00")).expect("vocabulary");
    assert_eq!(
        v["method"][0],
        json!({"value": "direct_reply", "label": "直接回复"})
    );
    let petition = v["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .find(|m| m["method"] == "petition_channel")
        .expect("petition_channel")
        .clone();
    assert_eq!(petition["suits"], json!(["claim"]));
    assert_eq!(
        petition["required_documents"],
        json!([
            ["acceptance_notice"],
            ["handling_opinion"],
            ["delivery_receipt"]
        ])
    );
    assert!(
        petition["hint"]
            .as_str()
            .expect("hint")
            .contains("第三十四条")
    );
    // Nothing the forbidden "存" could be picked from.
    assert!(
        v["method"]
            .as_array()
            .expect("m")
            .iter()
            .all(|m| m["label"] != "存")
    );
    assert_eq!(v["upload_max_bytes"], 32 * 1024 * 1024);
    assert!(v["default_settings"]["deadline_rules"].is_array());
}

/// Messages the window shows speak its words; the command-line way is the CLI's hint.
#[test]
fn window_messages_name_no_command_line_flags() {
    use xinfang::Error;
    let errors = [
        Error::NotWritable {
            path: "x".into(),
            detail: "只读".into(),
        },
        Error::DocNoRequired("处理意见书".into()),
        Error::DocNoNotFound("永某信〔2026〕1号".into()),
        Error::NoHeader {
            path: "x.xlsx".into(),
            detail: "空表".into(),
        },
        Error::ImportRejected { errors: 3 },
        Error::AttachmentsBlocked {
            count: 1,
            list: "缺鲜章".into(),
        },
        Error::NoRoundToConfirm {
            at: "08:00".into(),
            why: "未到时间".into(),
        },
        Error::Encrypted {
            path: "x.db".into(),
        },
        Error::Print("无打印机".into()),
    ];
    for e in &errors {
        let m = e.to_string();
        assert!(
            !m.contains("--") && !m.contains("xinfang ") && !m.contains("XINFANG_"),
            "{m}"
        );
        assert!(
            e.cli_hint().is_some(),
            "{} has no command-line hint",
            e.code()
        );
    }
    // The decide guards, reached from the window's dialog.
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    let c: serde_json::Value = serde_json::from_str(&case("R-1").json()).expect("json");
    dispatch(&mut desk, "case_add", json!({ "case": c }), &now).expect("add");
    dispatch(
        &mut desk,
        "case_sign",
        json!({"case_no": "R-1", "at": "2026-10-01 09:00"}),
        &now,
    )
    .expect("sign");
    for method in ["decline", "return_case"] {
        let e = dispatch(
            &mut desk,
            "case_decide",
            json!({"case_no": "R-1", "method": method, "at": "2026-10-02 09:00"}),
            &now,
        )
        .expect_err(method);
        assert!(!e.message.contains("--"), "{}", e.message);
    }
}
