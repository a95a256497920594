//! The `xinfang` binary end to end on real ledger files.

use serde_json::Value;

use crate::util::{TempLedger, case, stderr, stdout, xf, xf_stdin};

#[test]
fn deadlines_command_gives_every_default_rule_with_its_explanation() {
    let l = TempLedger::new();
    let o = xf(
        &l.path,
        "2026-10-08 09:00",
        &[
            "deadlines",
            "--arrived-at",
            "2026-09-30T16:20:00+08:00",
            "--accepted-at",
            "2026-10-08 10:00",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let by_id = |id: &str| {
        v.as_array()
            .expect("array")
            .iter()
            .find(|d| d["rule_id"] == id)
            .cloned()
            .expect(id)
    };
    let sign = by_id("sign_for");
    assert_eq!(sign["due_date"], "2026-10-08");
    assert_eq!(
        sign["explanation"],
        "到达日 2026-09-30 不计入；第 1 日 10-01 为法定节假日（国庆节），顺延至 10-08 24:00"
    );
    assert_eq!(by_id("decide")["due_date"], "2026-10-08");
    assert_eq!(by_id("return_objection")["due_date"], "2026-10-13");
    assert_eq!(by_id("direct_reply")["due_date"], "2026-10-23");
    assert_eq!(by_id("handling_opinion")["due_date"], "2026-12-07");
    assert_eq!(by_id("review_request")["due_date"], "2026-11-09");
    assert!(!l.path.exists(), "the deadlines command needs no ledger");
}

#[test]
fn plain_china_time_is_accepted() {
    let l = TempLedger::new();
    let o = xf(
        &l.path,
        "2026-10-08 09:00",
        &["deadlines", "--arrived-at", "2026-09-30 16:20", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2026-09-30T16:20:00+08:00"));
}

#[test]
fn init_add_sign_decide_list_check_and_rates_through_the_cli() {
    let l = TempLedger::new();
    let now = "2026-10-09 10:00";
    let o = xf(&l.path, now, &["init"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("台账已就绪"));
    let o = xf_stdin(
        &l.path,
        now,
        &["case", "add", "--json", "-"],
        Some(&case("CLI-1").json()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let added: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(added["case_no"], "CLI-1");
    let o = xf(
        &l.path,
        now,
        &["case", "sign", "CLI-1", "--at", "2026-10-08 09:00"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已签收"));
    let o = xf(
        &l.path,
        now,
        &[
            "case",
            "decide",
            "CLI-1",
            "--method",
            "存",
            "--at",
            "2026-10-08 10:00",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已被明令禁止"), "{}", stderr(&o));
    let o = xf(
        &l.path,
        now,
        &[
            "case",
            "decide",
            "CLI-1",
            "--method",
            "petition_channel",
            "--at",
            "2026-10-08 10:00",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = xf(
        &l.path,
        now,
        &["case", "list", "--search", "电梯", "--json"],
    );
    let list: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["status"], "in_progress");
    let o = xf(&l.path, now, &["check", "CLI-1", "--json"]);
    let check: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(check["verdict"], "规范");
    let o = xf(&l.path, now, &["rates", "--year", "2026", "--json"]);
    let rates: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(rates["overall"]["rates"][0]["label"], "及时受理率");
    assert_eq!(rates["overall"]["rates"][0]["value"], 1.0);
    let o = xf(&l.path, now, &["case", "list", "--overdue", "--json"]);
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&o)).expect("json")["total"],
        0
    );
    let o = xf(&l.path, now, &["today"]);
    assert!(stdout(&o).contains("今日概览"), "{}", stdout(&o));
}

#[test]
fn commands_other_than_init_do_not_create_a_ledger_at_a_mistyped_path() {
    let l = TempLedger::new();
    let o = xf(&l.path, "2026-10-09 10:00", &["case", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("台账文件不存在"), "{}", stderr(&o));
    assert!(!l.path.exists());
}

#[test]
fn today_creates_the_ledger_in_a_new_data_dir() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("深层/目录/ledger.db");
    let o = xf(&path, "2026-10-09 10:00", &["today"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(path.exists());
    assert!(stdout(&o).contains("台账还是空的"));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "Windows takes the data dir from the Known Folder API, not HOME: this would write into the real %APPDATA% (scripts/wine-test.sh installer checks it in a throw-away prefix)"
)]
fn default_ledger_lives_in_the_os_data_dir() {
    // With no XINFANG_DB the CLI uses the data dir; point HOME/XDG at a temp dir to see where.
    let home = tempfile::tempdir().expect("tmp");
    let o = std::process::Command::new(crate::util::bin())
        .args(["today"])
        .env_remove("XINFANG_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XINFANG_NOW", "2026-10-09 10:00")
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = home.path().join("data/xinfang-desk/ledger.db");
    assert!(expected.exists(), "{}", stdout(&o));
}

#[test]
fn the_generic_api_command_reaches_the_same_surface() {
    let l = TempLedger::new();
    let now = "2026-10-09 10:00";
    xf(&l.path, now, &["init"]);
    let args = format!("{{\"case\": {}}}", case("API-1").json());
    let o = xf_stdin(
        &l.path,
        now,
        &["api", "case_add", "--json", "-"],
        Some(&args),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = xf_stdin(
        &l.path,
        now,
        &["api", "case_show", "--json", "-"],
        Some(r#"{"case_no": "无"}"#),
    );
    assert_eq!(o.status.code(), Some(1));
    let payload: Value = serde_json::from_str(stdout(&o).trim()).expect("json");
    assert_eq!(payload["code"], "case_not_found");
}

#[test]
fn usage_errors_are_explained_in_chinese() {
    let l = TempLedger::new();
    let o = xf(&l.path, "2026-10-09 10:00", &["case", "sign", "A-1"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("缺少必需的参数") && e.contains("--at"), "{e}");
    let o = xf(&l.path, "2026-10-09 10:00", &["caes"]);
    assert!(stderr(&o).contains("没有这个命令：caes"), "{}", stderr(&o));
}

/// Deadlines are China time whatever the computer's time zone (a clerk's laptop set to
/// New York, or a Windows PC left on UTC): the same answers under every `TZ`. The case
/// arrived late in the evening, and "now" is 23:30 on its sign-for day, when it is already
/// the next day in UTC+14 and still the morning in New York.
#[test]
fn deadlines_stay_in_china_time_whatever_the_time_zone() {
    let run = |tz: &str, db: &std::path::Path, args: &[&str], stdin: Option<String>| {
        use std::io::Write;
        let mut cmd = std::process::Command::new(crate::util::bin());
        cmd.args(args)
            .env("TZ", tz)
            .env("XINFANG_DB", db)
            .env("XINFANG_NOW", "2026-10-08 23:30")
            .env("XINFANG_ACTOR", "测试")
            .env("XINFANG_LOG_DIR", db.parent().expect("dir").join("logs"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn xinfang");
        let mut input = child.stdin.take().expect("stdin");
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).expect("write stdin");
        }
        drop(input);
        let o = child.wait_with_output().expect("wait");
        assert!(o.status.success(), "TZ={tz} {args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let mut answers = Vec::new();
    for tz in [
        "America/New_York",
        "Pacific/Kiritimati",
        "UTC",
        "Asia/Shanghai",
    ] {
        let l = TempLedger::new();
        run(tz, &l.path, &["init"], None);
        let json = case("TZ-1").arrived("2026-09-30 23:30").json();
        run(tz, &l.path, &["case", "add", "--json", "-"], Some(json));
        let dl = run(
            tz,
            &l.path,
            &["deadlines", "--arrived-at", "2026-09-30 23:30", "--json"],
            None,
        );
        let v: Value = serde_json::from_str(&dl).expect("json");
        let sign = v
            .as_array()
            .expect("array")
            .iter()
            .find(|d| d["rule_id"] == "sign_for")
            .cloned()
            .expect("sign_for");
        // 到达日不计入, 10-01..07 国庆 → 10-08 24:00 (the same as for an afternoon arrival).
        assert_eq!(sign["due_date"], "2026-10-08", "TZ={tz}");
        let overdue = run(tz, &l.path, &["case", "list", "--overdue", "--json"], None);
        let overdue: Value = serde_json::from_str(&overdue).expect("json");
        assert_eq!(
            overdue["total"], 0,
            "TZ={tz}: due today at 24:00, not overdue"
        );
        let shown = run(tz, &l.path, &["case", "show", "TZ-1", "--json"], None);
        assert!(
            shown.contains("2026-09-30T23:30:00+08:00"),
            "TZ={tz}: {shown}"
        );
        answers.push((dl, shown));
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "answers differ between time zones"
    );
}
