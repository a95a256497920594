//! The ledger on real SQLite files: pragmas, migrations, audit, soft delete, search, units.

use crate::util::{TempLedger, case, t};
use xinfang::ledger::query::CaseFilter;

#[test]
fn a_new_ledger_is_wal_with_foreign_keys_and_current_schema() {
    let l = TempLedger::new();
    let desk = l.desk();
    let conn = desk.raw_connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(fk, 1);
    assert_eq!(
        desk.schema_version().expect("version"),
        xinfang::ledger::schema::CURRENT_VERSION
    );
    assert_eq!(desk.integrity_check().expect("check"), "ok");
}

#[test]
fn reopening_a_ledger_keeps_its_data_and_migrates_nothing_twice() {
    let l = TempLedger::new();
    l.desk()
        .add_case(case("A-1").build(), &t("2026-10-01 09:00"))
        .expect("add");
    let desk = l.desk();
    let v = desk.show_case("A-1", &t("2026-10-01 09:00")).expect("show");
    assert_eq!(v.case.info.demand, "小区电梯长期故障，要求物业维修");
    assert_eq!(v.case.info.petitioners[0].name, "张三");
}

#[test]
fn every_change_is_in_the_audit_log_with_before_and_after() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    desk.add_case(case("A-1").build(), &now).expect("add");
    desk.sign_for("A-1", t("2026-10-08 08:30"), &now)
        .expect("sign");
    desk.update_case("A-1", &serde_json::json!({"handler": "赵六"}), &now)
        .expect("update");
    let h = desk.history("A-1").expect("history");
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "sign_for", "update"]);
    assert!(h.iter().all(|e| e.actor == "测试经办人"));
    let upd = &h[2];
    assert_eq!(upd.before.as_ref().expect("before")["handler"], "李四");
    assert_eq!(upd.after.as_ref().expect("after")["handler"], "赵六");
    assert_eq!(
        h[1].after.as_ref().expect("after")["signed_at"],
        "2026-10-08T08:30:00+08:00"
    );
}

#[test]
fn the_audit_log_refuses_edits_and_deletes() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(case("A-1").build(), &t("2026-10-08 09:00"))
        .expect("add");
    drop(desk);
    let conn = rusqlite::Connection::open(&l.path).expect("open");
    let upd = conn.execute("UPDATE audit_log SET actor = '他人'", []);
    assert!(upd.unwrap_err().to_string().contains("只能追加"));
    let del = conn.execute("DELETE FROM audit_log", []);
    assert!(del.unwrap_err().to_string().contains("只能追加"));
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), 1);
}

#[test]
fn delete_is_soft_and_restore_brings_the_case_back() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    desk.add_case(case("A-1").build(), &now).expect("add");
    desk.add_case(case("A-2").build(), &now).expect("add");
    desk.delete_case("A-1", "重复登记", &now).expect("delete");
    let list = desk.list_cases(&CaseFilter::default(), &now).expect("list");
    assert_eq!(list.total, 1);
    assert_eq!(l.count("SELECT count(*) FROM cases"), 2, "the row stays");
    let e = desk.sign_for("A-1", now, &now).unwrap_err();
    assert_eq!(e.code(), "case_deleted");
    desk.restore_case("A-1", &now).expect("restore");
    assert_eq!(
        desk.list_cases(&CaseFilter::default(), &now)
            .expect("list")
            .total,
        2
    );
}

#[test]
fn chinese_substring_search_finds_names_and_demands() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    desk.add_case(
        case("A-1")
            .petitioner("欧阳娜娜", None, Some("13900000001"))
            .demand("要求补发拖欠工资")
            .build(),
        &now,
    )
    .expect("add");
    desk.add_case(
        case("A-2")
            .petitioner("张三", None, Some("13900000002"))
            .demand("反映噪声扰民问题")
            .build(),
        &now,
    )
    .expect("add");
    desk.add_case(
        case("A-3")
            .petitioner("李张氏", None, Some("13900000003"))
            .demand("土地征收补偿")
            .build(),
        &now,
    )
    .expect("add");
    let search_in = |desk: &xinfang::api::Desk, q: &str| -> Vec<String> {
        let f = CaseFilter {
            search: Some(q.into()),
            sort: Some(xinfang::ledger::query::SortKey::CaseNo),
            ..CaseFilter::default()
        };
        desk.list_cases(&f, &now)
            .expect("search")
            .items
            .into_iter()
            .map(|c| c.case_no)
            .collect()
    };
    let search = |q: &str| search_in(&desk, q);
    assert_eq!(search("拖欠工资"), ["A-1"]);
    assert_eq!(
        search("欧阳"),
        ["A-1"],
        "two characters go through the scan path"
    );
    assert_eq!(search("张"), ["A-2", "A-3"], "one character");
    assert_eq!(search("噪声扰民"), ["A-2"]);
    assert_eq!(search("征收补偿"), ["A-3"]);
    assert!(search("不存在的内容").is_empty());
    assert!(
        search("100%_\"'").is_empty(),
        "wildcards and quotes are literal"
    );
    // an edit re-indexes
    desk.update_case("A-2", &serde_json::json!({"demand": "反映油烟污染"}), &now)
        .expect("update");
    assert!(search_in(&desk, "噪声").is_empty());
    assert_eq!(search_in(&desk, "油烟污染"), ["A-2"]);
}

#[test]
fn one_ledger_holds_several_units() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    desk.add_case(case("A-1").unit("永川区住房城乡建委").build(), &now)
        .expect("add");
    desk.add_case(case("B-1").unit("永川区人力社保局").build(), &now)
        .expect("add");
    desk.add_case(case("B-2").unit("永川区人力社保局").build(), &now)
        .expect("add");
    let f = CaseFilter {
        unit: Some("永川区人力社保局".into()),
        ..CaseFilter::default()
    };
    assert_eq!(desk.list_cases(&f, &now).expect("list").total, 2);
    assert_eq!(l.count("SELECT count(*) FROM units"), 2);
}

#[test]
fn overdue_and_due_soon_lists_follow_the_materialised_deadlines() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let reg = t("2026-11-20 09:00");
    // arrived 11-16: sign due 11-17 → overdue on 11-20
    desk.add_case(case("OLD").arrived("2026-11-16 10:00").build(), &reg)
        .expect("add");
    // arrived 11-19: sign due 11-20 → due today
    desk.add_case(case("NEW").arrived("2026-11-19 10:00").build(), &reg)
        .expect("add");
    // arrived 11-19 and signed: decide due 11-24 → neither
    desk.add_case(case("OK").arrived("2026-11-19 10:00").build(), &reg)
        .expect("add");
    desk.sign_for("OK", t("2026-11-19 11:00"), &reg)
        .expect("sign");
    let now = t("2026-11-20 10:00");
    let overdue = desk
        .list_cases(
            &CaseFilter {
                overdue: true,
                ..CaseFilter::default()
            },
            &now,
        )
        .expect("list");
    assert_eq!(
        overdue
            .items
            .iter()
            .map(|c| c.case_no.as_str())
            .collect::<Vec<_>>(),
        ["OLD"]
    );
    assert!(overdue.items[0].overdue);
    let soon = desk
        .list_cases(
            &CaseFilter {
                due_within: Some(0),
                ..CaseFilter::default()
            },
            &now,
        )
        .expect("list");
    assert_eq!(
        soon.items
            .iter()
            .map(|c| c.case_no.as_str())
            .collect::<Vec<_>>(),
        ["OLD", "NEW"]
    );
    let today = desk.today(&now, 10).expect("today");
    assert_eq!(today.overdue.total, 1);
    assert_eq!(today.due_soon.total, 1);
    assert_eq!(today.awaiting_sign, 2);
}

#[test]
fn a_calendar_override_recomputes_stored_deadlines() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-11-23 09:00");
    desk.add_case(case("A-1").arrived("2026-11-23 08:00").build(), &now)
        .expect("add");
    let due = |desk: &xinfang::api::Desk| {
        desk.show_case("A-1", &now).expect("show").deadlines[0]
            .due_date
            .to_string()
    };
    assert_eq!(due(&desk), "2026-11-24");
    desk.override_day(
        xinfang::calendar::DayOverride {
            date: "2026-11-24".parse().expect("date"),
            working: false,
            note: "本地假日".into(),
        },
        &now,
    )
    .expect("override");
    assert_eq!(due(&desk), "2026-11-25");
    let f = CaseFilter {
        due_within: Some(2),
        ..CaseFilter::default()
    };
    assert_eq!(
        desk.list_cases(&f, &now).expect("list").items[0]
            .next_due
            .as_deref(),
        Some("2026-11-25")
    );
    // and the override is in the ledger: a fresh desk sees it
    assert_eq!(due(&l.desk()), "2026-11-25");
}

#[test]
fn deadlines_past_the_calendar_data_warn_in_the_case_view() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-12-30 09:00");
    desk.add_case(case("A-1").arrived("2026-12-30 08:00").build(), &now)
        .expect("add");
    let v = desk.show_case("A-1", &now).expect("show");
    let decide = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "decide")
        .expect("decide");
    assert!(
        decide
            .warnings
            .iter()
            .any(|w| w.contains("没有 2027 年的节假日数据")),
        "{:?}",
        decide.warnings
    );
    assert!(
        v.check
            .findings
            .iter()
            .any(|f| f.code == "calendar_missing")
    );
}

#[test]
fn importing_a_new_year_removes_the_warning() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-12-30 09:00");
    desk.add_case(case("A-1").arrived("2026-12-30 08:00").build(), &now)
        .expect("add");
    let year = r#"{"year": 2027, "source": "测试用 2027 年安排", "holidays": [
        {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03", "makeup_workdays": []}]}"#;
    desk.import_calendar_year("2027.json", year, &now)
        .expect("import");
    let v = l.desk().show_case("A-1", &now).expect("show");
    let decide = v
        .deadlines
        .iter()
        .find(|d| d.rule_id == "decide")
        .expect("decide");
    assert!(decide.warnings.is_empty());
    assert_eq!(decide.due_date.to_string(), "2027-01-04");
}

#[test]
fn units_keep_their_leaders() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let now = t("2026-10-08 09:00");
    use xinfang::domain::LeaderRole::*;
    desk.add_leader("永川区人力社保局", "王分管", SupervisingLeader, &now)
        .expect("add");
    desk.add_leader("永川区人力社保局", "李局长", PrincipalLeader, &now)
        .expect("add");
    let e = desk
        .add_leader("永川区人力社保局", "李局长", PrincipalLeader, &now)
        .unwrap_err();
    assert!(e.to_string().contains("已登记"), "{e}");
    let units = desk.units().expect("units");
    assert_eq!(units.len(), 1);
    let names: Vec<(&str, &str)> = units[0]
        .leaders
        .iter()
        .map(|l| (l.role_label, l.name.as_str()))
        .collect();
    assert_eq!(names, [("主要领导", "李局长"), ("分管领导", "王分管")]);
    desk.remove_leader("永川区人力社保局", "王分管", SupervisingLeader, &now)
        .expect("remove");
    assert_eq!(desk.units().expect("units")[0].leaders.len(), 1);
    assert_eq!(
        desk.history_of("leader", "永川区人力社保局")
            .expect("audit")
            .len(),
        3
    );
}
