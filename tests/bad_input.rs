//! Bad input: a clear Chinese error, a non-zero exit, and nothing written.

use std::path::Path;
#[cfg(unix)] // mount and umount for ReadOnlyDir
use std::process::Command;

use proptest::prelude::*;
use xinfang::api::Desk;
use xinfang::domain::NewCase;

use crate::util::{TempLedger, assert_unchanged, case, file_bytes, stderr, t, xf, xf_stdin};

const NOW: &str = "2026-10-09 10:00";

fn add_via_cli(path: &Path, json: &str) -> std::process::Output {
    xf_stdin(path, NOW, &["case", "add", "--json", "-"], Some(json))
}

fn fresh() -> TempLedger {
    let l = TempLedger::new();
    assert!(xf(&l.path, NOW, &["init"]).status.success());
    l
}

fn assert_nothing_written(l: &TempLedger) {
    assert_eq!(l.count("SELECT count(*) FROM cases"), 0);
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), 0);
    assert_eq!(l.count("SELECT count(*) FROM petitioners"), 0);
}

#[test]
fn malformed_json_is_refused_with_its_position() {
    let l = fresh();
    let o = add_via_cli(&l.path, "{\"case_no\": \"A\", ");
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("JSON 内容有误（第 1 行"), "{e}");
    assert!(e.contains("bad_json"));
    assert_nothing_written(&l);
}

#[test]
fn unknown_enum_values_list_the_valid_ones() {
    let l = fresh();
    let json = case("A").json().replace("\"claim\"", "\"上访\"");
    let o = add_via_cli(&l.path, &json);
    let e = stderr(&o);
    assert!(e.contains("“上访”不是有效的信访目的"), "{e}");
    assert!(e.contains("意见建议、检举控告"), "{e}");
    assert_nothing_written(&l);
}

#[test]
fn chinese_labels_are_accepted_as_enum_values() {
    let l = fresh();
    let json = case("A")
        .json()
        .replace("\"claim\"", "\"申诉求决\"")
        .replace("\"online\"", "\"网上信访\"");
    let o = add_via_cli(&l.path, &json);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn impossible_dates_say_why() {
    let l = fresh();
    let json = case("A")
        .json()
        .replace("2026-09-30T16:20:00+08:00", "2026-02-30 10:00");
    let o = add_via_cli(&l.path, &json);
    assert!(
        stderr(&o).contains("2026 年 2 月没有第 30 日"),
        "{}",
        stderr(&o)
    );
    assert_nothing_written(&l);
    let o = xf(&l.path, NOW, &["deadlines", "--arrived-at", "昨天"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("无法识别"), "{}", stderr(&o));
}

#[test]
fn unknown_fields_and_bad_id_numbers_are_named() {
    let l = fresh();
    let json = case("A").json().replace("\"demand\"", "\"demandd\"");
    let e = stderr(&add_via_cli(&l.path, &json));
    assert!(e.contains("无法识别的字段 demandd"), "{e}");
    let json = case("A")
        .json()
        .replace("11010519491231002X", "110105194912310021");
    let e = stderr(&add_via_cli(&l.path, &json));
    assert!(e.contains("身份证号") && e.contains("校验位不正确"), "{e}");
    assert_nothing_written(&l);
}

#[test]
fn duplicate_case_numbers_are_refused() {
    let l = fresh();
    assert!(add_via_cli(&l.path, &case("DUP").json()).status.success());
    let o = add_via_cli(&l.path, &case("DUP").json());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("信访件编号“DUP”已存在"),
        "{}",
        stderr(&o)
    );
    assert_eq!(l.count("SELECT count(*) FROM cases"), 1);
    assert_eq!(l.count("SELECT count(*) FROM audit_log"), 1);
}

#[test]
fn a_batch_with_one_bad_case_writes_nothing() {
    let l = TempLedger::new();
    let mut desk = l.desk();
    let batch = vec![
        case("B-1").build(),
        case("B-2").build(),
        case("B-1").build(),
    ];
    let e = desk.add_cases(batch, &t(NOW)).unwrap_err();
    assert_eq!(e.code(), "duplicate_case");
    drop(desk);
    assert_nothing_written(&l);
}

#[test]
fn oversized_text_is_refused_with_the_limit_named() {
    let l = fresh();
    let mut c = case("BIG").build();
    c.demand = "访".repeat(xinfang::domain::MAX_TEXT_CHARS + 1);
    let o = add_via_cli(&l.path, &serde_json::to_string(&c).expect("json"));
    assert!(stderr(&o).contains("超过上限 20000 字"), "{}", stderr(&o));
    let mut c = case("MANY").build();
    c.petitioners = vec![c.petitioners[0].clone(); xinfang::domain::MAX_PETITIONERS + 1];
    let o = add_via_cli(&l.path, &serde_json::to_string(&c).expect("json"));
    assert!(
        stderr(&o).contains(&format!(
            "最多登记 {} 名信访人",
            xinfang::domain::MAX_PETITIONERS
        )),
        "{}",
        stderr(&o)
    );
    assert_nothing_written(&l);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("台账.xlsx");
    std::fs::write(&path, b"PK\x03\x04 this is a spreadsheet, not a ledger").expect("write");
    let before = file_bytes(&path);
    let o = xf(&path, NOW, &["init"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("不是信访工作台的台账文件"),
        "{}",
        stderr(&o)
    );
    assert_unchanged(&path, &before);
    assert!(!dir.path().join("台账.xlsx-wal").exists());
}

#[test]
fn a_corrupt_sqlite_file_is_refused() {
    let l = fresh();
    let mut bytes = std::fs::read(&l.path).expect("read");
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&l.path, &bytes).expect("write");
    let e = Desk::open(&l.path, false).err().expect("refused");
    assert!(matches!(e.code(), "not_a_ledger" | "db"), "{e}");
    assert!(e.to_string().contains("台账"), "{e}");
}

#[test]
fn another_programs_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT);")
            .expect("create");
    }
    let before = file_bytes(&path);
    let e = Desk::open(&path, true).err().expect("refused");
    assert_eq!(e.code(), "not_a_ledger");
    assert!(e.to_string().contains("其他程序的数据库"));
    assert_unchanged(&path, &before);
}

#[test]
fn a_ledger_from_a_newer_version_is_refused_not_migrated() {
    let l = fresh();
    {
        let conn = rusqlite::Connection::open(&l.path).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    let before = file_bytes(&l.path);
    let o = xf(&l.path, NOW, &["case", "list"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("数据版本 99") && e.contains("请先升级"), "{e}");
    assert_unchanged(&l.path, &before);
    let conn = rusqlite::Connection::open(&l.path).expect("open");
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("v");
    assert_eq!(v, 99);
}

// Unix only: a read-only tmpfs mount or chmod 0555; on Windows a folder's read-only
// attribute does not stop new files, and there is no mount.
/// A read-only location: a read-only tmpfs when we may mount (root, as in CI), else a
/// directory without write permission (which root would ignore).
#[cfg(unix)]
pub(crate) struct ReadOnlyDir {
    pub dir: tempfile::TempDir,
    pub mounted: bool,
}

#[cfg(unix)]
impl ReadOnlyDir {
    pub fn new(prepare: impl FnOnce(&Path)) -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().to_str().expect("utf8").to_string();
        let mount = |opts: &str| {
            Command::new("mount")
                .args(["-t", "tmpfs", "-o", opts, "tmpfs", &p])
                .status()
                .is_ok_and(|s| s.success())
        };
        let mounted = mount("size=8m");
        prepare(dir.path());
        if mounted {
            let ok = Command::new("mount")
                .args(["-o", "remount,ro", &p])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "remount read-only");
        } else {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555))
                .expect("chmod");
        }
        ReadOnlyDir { dir, mounted }
    }
}

#[cfg(unix)]
impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Command::new("umount").arg(self.dir.path()).status();
        }
    }
}

#[cfg(unix)] // ReadOnlyDir: see above
#[test]
fn a_read_only_location_gives_a_clear_error() {
    let ro = ReadOnlyDir::new(|_| {});
    let path = ro.dir.path().join("ledger.db");
    let o = xf(&path, NOW, &["init"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("无法写入") && e.contains("not_writable"),
        "mounted={} {e}",
        ro.mounted
    );
    assert!(!path.exists());
}

#[cfg(unix)] // ReadOnlyDir: see above
#[test]
fn an_existing_ledger_on_a_read_only_drive_is_refused_intact() {
    let ro = ReadOnlyDir::new(|dir| {
        let path = dir.join("ledger.db");
        let mut desk = Desk::open(&path, true).expect("create");
        desk.add_case(case("RO-1").build(), &t(NOW)).expect("add");
        drop(desk);
        // checkpointed and closed: only the main file remains
        assert!(!dir.join("ledger.db-wal").exists());
    });
    let path = ro.dir.path().join("ledger.db");
    let before = file_bytes(&path);
    let o = xf(&path, NOW, &["case", "sign", "RO-1", "--at", NOW]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("无法写入"), "mounted={} {e}", ro.mounted);
    assert_unchanged(&path, &before);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    // The parsers never panic, whatever they are given.
    #[test]
    fn case_json_parser_never_panics(s in "\\PC{0,200}") {
        let _ = NewCase::from_json(&s);
    }

    #[test]
    fn mutated_case_json_is_parsed_or_refused_cleanly(pos in 0usize..600, byte in any::<u8>()) {
        let mut json = case("P").json().into_bytes();
        let i = pos % json.len();
        json[i] = byte;
        if let Ok(text) = String::from_utf8(json) {
            match NewCase::from_json(&text) {
                Ok(c) => { let _ = c.validate(); }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn time_and_method_parsers_never_panic(s in "\\PC{0,40}") {
        let _ = xinfang::time::parse_time(&s);
        let _ = xinfang::domain::Method::parse_checked(&s);
        let _ = xinfang::calendar::parse_year_file("x.json", &s);
    }
}
