//! Issue #8 part 3: the app lock and the encrypted ledger, on real files and the real CLI.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use xinfang::api::{Desk, Gate};
use xinfang::security::{self, RecoveryKey, key_file_path};

use crate::util::{TempLedger, bin, case, file_bytes, stderr, stdout, t, xf};

const NOW: &str = "2026-10-09 09:00";
const PW: &str = "正确的密码123";
const NAME: &str = "欧阳秀英";

/// A ledger with one case whose petitioner is [`NAME`] and one stored attachment that
/// contains the name as well.
fn ledger_with_case() -> TempLedger {
    let l = TempLedger::new();
    let mut desk = l.desk();
    desk.add_case(
        case("YC2026001")
            .petitioner(NAME, Some("11010519491231002X"), Some("13812345678"))
            .demand("小区电梯长期故障，要求物业维修")
            .build(),
        &t(NOW),
    )
    .expect("add case");
    let scan = l.dir.path().join("扫描件.pdf");
    std::fs::write(&scan, format!("%PDF-1.4\n% 信访人 {NAME}\n%%EOF\n")).expect("write scan");
    desk.attach_file(
        "YC2026001",
        &scan,
        xinfang::domain::DocKind::parse("受理告知书").expect("kind"),
        &t(NOW),
    )
    .expect("attach");
    std::fs::remove_file(&scan).expect("remove original");
    drop(desk);
    l
}

fn with_pw(db: &Path, pw: &str, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(args)
        .env("XINFANG_DB", db)
        .env("XINFANG_NOW", NOW)
        .env("XINFANG_PASSWORD", pw)
        .stdin(Stdio::null())
        .output()
        .expect("run xinfang")
}

/// Encrypts through the CLI and returns the printed recovery key.
fn encrypt(db: &Path) -> RecoveryKey {
    let o = with_pw(db, PW, &["security", "encrypt"]);
    assert!(o.status.success(), "encrypt failed: {}", stderr(&o));
    let out = stdout(&o);
    let line = out
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 39 && l.matches('-').count() == 7)
        .unwrap_or_else(|| panic!("no recovery key printed: {out}"));
    RecoveryKey::parse(line).expect("printed key parses")
}

fn all_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn store_files(l: &TempLedger) -> Vec<PathBuf> {
    let mut v = Vec::new();
    all_files(&l.dir.path().join("附件"), &mut v);
    assert!(!v.is_empty(), "the attachment store has the scan");
    v
}

#[test]
fn encrypted_ledger_and_attachments_hold_no_plaintext() {
    let l = ledger_with_case();
    // Before: the name is there in clear, in the ledger and in the stored copy.
    let plain: Vec<u8> = file_bytes(&l.path);
    assert!(plain.starts_with(b"SQLite format 3\0"));
    assert!(
        store_files(&l)
            .iter()
            .any(|p| contains(&file_bytes(p), NAME.as_bytes()))
    );

    encrypt(&l.path);
    let mut files = vec![l.path.clone()];
    files.extend(store_files(&l));
    for f in &files {
        let bytes = file_bytes(f);
        assert!(
            !contains(&bytes, NAME.as_bytes()),
            "{} leaks the name",
            f.display()
        );
        assert!(
            !contains(&bytes, b"SQLite format 3"),
            "{} has the SQLite header",
            f.display()
        );
        assert!(
            !contains(&bytes, "小区电梯".as_bytes()),
            "{} leaks the petition",
            f.display()
        );
    }
    assert!(!l.path.with_file_name("ledger.db.plain-old").exists());
    assert!(!l.path.with_file_name("ledger.db.encrypting").exists());

    // With the password everything reads as before: the list, the trigram search and
    // the unigram/bigram search (FTS5 under SQLCipher), the attachment check (decrypts).
    let o = with_pw(&l.path, PW, &["case", "list", "--search", "电梯长期"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("YC2026001"), "{}", stdout(&o));
    let o = with_pw(&l.path, PW, &["case", "list", "--search", "欧阳"]);
    assert!(stdout(&o).contains("YC2026001"), "{}", stdout(&o));
    let o = with_pw(&l.path, PW, &["check-attachments", "YC2026001", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stdout(&o).contains("stored_copy_missing"),
        "{}",
        stdout(&o)
    );
    // Writes after encryption stay encrypted too (the WAL is encrypted page by page).
    let key = security::convert::unlock_key(&l.path, PW).expect("key");
    let mut desk = Desk::open_encrypted(&l.path, key).expect("open");
    desk.update_case("YC2026001", &json!({"handler": "司马相如"}), &t(NOW))
        .expect("update");
    for f in [l.path.clone(), l.path.with_file_name("ledger.db-wal")] {
        if f.exists() {
            assert!(
                !contains(&file_bytes(&f), "司马相如".as_bytes()),
                "{}",
                f.display()
            );
        }
    }
}

#[test]
fn wrong_password_is_refused_and_nothing_changes() {
    let l = ledger_with_case();
    encrypt(&l.path);
    let db = file_bytes(&l.path);
    let keys = file_bytes(&key_file_path(&l.path));
    for args in [
        &["case", "list"][..],
        &["security", "decrypt"][..],
        &["security", "passwd"][..],
    ] {
        let o = with_pw(&l.path, "错误的密码999", args);
        assert!(!o.status.success(), "{args:?} accepted a wrong password");
        assert!(stderr(&o).contains("密码不正确"), "{}", stderr(&o));
        assert!(file_bytes(&l.path) == db, "{args:?} changed the ledger");
        assert!(
            file_bytes(&key_file_path(&l.path)) == keys,
            "{args:?} changed the key file"
        );
    }
    // No password at all (no terminal): a clear error, not a crash.
    let o = xf(&l.path, NOW, &["case", "list"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("XINFANG_PASSWORD"), "{}", stderr(&o));
    // Opening without the key says it is encrypted.
    let err = Desk::open(&l.path, false).err().expect("refused");
    assert_eq!(err.code(), "encrypted");
}

#[test]
fn recovery_key_opens_the_ledger_after_the_password_is_forgotten() {
    let l = ledger_with_case();
    let rk = encrypt(&l.path);
    let o = Command::new(bin())
        .args(["security", "recover", "--key", &rk.display().to_lowercase()])
        .env("XINFANG_DB", &l.path)
        .env("XINFANG_NEW_PASSWORD", "新的密码456")
        .stdin(Stdio::null())
        .output()
        .expect("recover");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!with_pw(&l.path, PW, &["case", "list"]).status.success());
    let o = with_pw(&l.path, "新的密码456", &["case", "list"]);
    assert!(stdout(&o).contains(NAME), "{}", stdout(&o));
    // A mistyped recovery key is refused with a Chinese message.
    let wrong = RecoveryKey::generate().expect("key").display();
    let o = Command::new(bin())
        .args(["security", "recover", "--key", &wrong])
        .env("XINFANG_DB", &l.path)
        .env("XINFANG_NEW_PASSWORD", "再一个密码789")
        .output()
        .expect("recover");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("恢复密钥不正确"), "{}", stderr(&o));
}

#[test]
fn decrypt_gives_back_a_plain_ledger_locked_with_the_same_password() {
    let l = ledger_with_case();
    encrypt(&l.path);
    let o = with_pw(&l.path, PW, &["security", "decrypt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(file_bytes(&l.path).starts_with(b"SQLite format 3\0"));
    assert!(!key_file_path(&l.path).exists());
    assert!(
        store_files(&l)
            .iter()
            .any(|p| contains(&file_bytes(p), NAME.as_bytes()))
    );
    // Opens exactly as before, with no password (the CLI), and the window is locked.
    let o = xf(&l.path, NOW, &["case", "list"]);
    assert!(stdout(&o).contains(NAME), "{}", stderr(&o));
    let now = t(NOW);
    let mut gate = Gate::open(&l.path, false, &now).expect("gate");
    assert!(gate.is_locked());
    gate.run("unlock", json!({"password": PW}), &now)
        .expect("unlock");
    gate.run("case_list", json!({}), &now).expect("list");
}

#[test]
fn plain_ledger_without_password_opens_unlocked_as_before() {
    let l = ledger_with_case();
    let now = t(NOW);
    let mut gate = Gate::open(&l.path, false, &now).expect("gate");
    let st = gate.run("lock_status", json!({}), &now).expect("status");
    assert_eq!(st["locked"], false);
    assert_eq!(st["has_password"], false);
    assert_eq!(st["encrypted"], false);
    let list = gate.run("case_list", json!({}), &now).expect("list");
    assert_eq!(list["total"], 1);
    // Without a password there is nothing to lock with, and idle time changes nothing.
    let e = gate.run("lock", json!({}), &now).expect_err("no password");
    assert_eq!(e.code(), "invalid_field");
    let later = t("2026-10-09 12:00");
    gate.run("case_list", json!({}), &later)
        .expect("still open");
}

fn gate_with_password(l: &TempLedger, now: &xinfang::time::Time) -> Gate {
    let mut gate = Gate::open(&l.path, false, now).expect("gate");
    gate.run("security_password_set", json!({"new_password": PW}), now)
        .expect("set password");
    gate
}

#[test]
fn lock_refuses_every_command_but_the_allow_list_and_unlock_restores() {
    let l = ledger_with_case();
    let now = t(NOW);
    let mut gate = gate_with_password(&l, &now);
    gate.run("lock", json!({}), &now).expect("lock");
    for cmd in xinfang::api::COMMANDS
        .iter()
        .chain(["activity", "security_idle_set"].iter())
    {
        let e = gate.dispatch(cmd, json!({}), &now).expect_err(cmd);
        assert_eq!(e.code, "locked", "{cmd} answered while locked");
        assert_eq!(e.message, "工作台已锁定，请输入密码解锁。");
    }
    let st = gate.run("lock_status", json!({}), &now).expect("status");
    assert_eq!(st["locked"], true);
    let e = gate
        .run("unlock", json!({"password": "不对的密码"}), &now)
        .expect_err("wrong");
    assert_eq!(e.code(), "wrong_password");
    assert!(gate.is_locked());
    gate.run("unlock", json!({"password": PW}), &now)
        .expect("unlock");
    let list = gate.run("case_list", json!({}), &now).expect("list");
    assert_eq!(list["total"], 1);
    // Changing or removing the password needs the old one.
    let e = gate
        .run(
            "security_password_remove",
            json!({"old_password": "不对的密码"}),
            &now,
        )
        .expect_err("old password required");
    assert_eq!(e.code(), "wrong_password");
    // A restart (a new gate on the same file) starts locked.
    drop(gate);
    let mut gate = Gate::open(&l.path, false, &now).expect("gate");
    assert!(gate.is_locked());
    gate.run("unlock", json!({"password": PW}), &now)
        .expect("unlock");
    gate.run(
        "security_password_remove",
        json!({"old_password": PW}),
        &now,
    )
    .expect("remove");
    drop(gate);
    assert!(!Gate::open(&l.path, false, &now).expect("gate").is_locked());
}

#[test]
fn auto_lock_after_idle_minutes_with_injected_time() {
    let l = ledger_with_case();
    let t0 = t("2026-10-09 09:00");
    let mut gate = gate_with_password(&l, &t0);
    gate.run("security_idle_set", json!({"minutes": 10}), &t0)
        .expect("idle");
    // Activity at 09:09 keeps it open until 09:19.
    gate.run("activity", json!({}), &t("2026-10-09 09:09"))
        .expect("activity");
    gate.run("case_list", json!({}), &t("2026-10-09 09:18"))
        .expect("still open at 09:18");
    // lock_status is not activity: polling it does not keep the window open.
    gate.run("lock_status", json!({}), &t("2026-10-09 09:27"))
        .expect("status");
    let e = gate
        .run("case_list", json!({}), &t("2026-10-09 09:28"))
        .expect_err("idle 10 minutes");
    assert_eq!(e.code(), "locked");
    // 0 = never.
    let t1 = t("2026-10-09 10:00");
    gate.run("unlock", json!({"password": PW}), &t1)
        .expect("unlock");
    gate.run("security_idle_set", json!({"minutes": 0}), &t1)
        .expect("idle off");
    gate.run("case_list", json!({}), &t("2026-10-09 18:00"))
        .expect("never locks");
}

#[test]
fn repeated_wrong_passwords_make_the_clerk_wait() {
    let l = ledger_with_case();
    let now = t(NOW);
    let mut gate = gate_with_password(&l, &now);
    gate.run("lock", json!({}), &now).expect("lock");
    for _ in 0..3 {
        let e = gate
            .run("unlock", json!({"password": "错的错的错的"}), &now)
            .expect_err("wrong");
        assert_eq!(e.code(), "wrong_password");
    }
    // Even the right password waits now.
    let e = gate
        .run("unlock", json!({"password": PW}), &now)
        .expect_err("must wait");
    assert_eq!(e.code(), "retry_later");
    assert!(e.to_string().contains("秒后再试"), "{e}");
    let later = now + chrono::Duration::seconds(6);
    gate.run("unlock", json!({"password": PW}), &later)
        .expect("after the wait");
}

#[test]
fn encrypted_ledger_starts_sealed_and_unlock_opens_it() {
    let l = ledger_with_case();
    encrypt(&l.path);
    let now = t(NOW);
    let mut gate = Gate::open(&l.path, false, &now).expect("gate");
    assert!(gate.is_locked());
    assert!(
        gate.desk_mut().is_none(),
        "no desk before the key is unwrapped"
    );
    let st = gate.run("lock_status", json!({}), &now).expect("status");
    assert_eq!(st["encrypted"], true);
    assert_eq!(
        gate.run("case_list", json!({}), &now)
            .expect_err("sealed")
            .code(),
        "locked"
    );
    let e = gate
        .run("unlock", json!({"password": "不对的密码"}), &now)
        .expect_err("wrong");
    assert_eq!(e.code(), "wrong_password");
    gate.run("unlock", json!({"password": PW}), &now)
        .expect("unlock");
    let v = gate
        .run("case_show", json!({"case_no": "YC2026001"}), &now)
        .expect("show");
    assert_eq!(v["case"]["petitioners"][0]["name"], NAME);
    // The window's password change re-wraps the key: the old password stops working.
    gate.run(
        "security_password_set",
        json!({"old_password": PW, "new_password": "换过的密码1"}),
        &now,
    )
    .expect("change");
    assert!(security::convert::unlock_key(&l.path, PW).is_err());
    assert!(security::convert::unlock_key(&l.path, "换过的密码1").is_ok());
}

#[test]
fn key_peer_keys_another_connection_like_the_ledger() {
    // What the backup needs: a destination connection keyed the same way.
    let l = ledger_with_case();
    encrypt(&l.path);
    let key = security::convert::unlock_key(&l.path, PW).expect("key");
    let desk = Desk::open_encrypted(&l.path, key.clone()).expect("open");
    desk.raw_connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .ok();
    let copy = l.dir.path().join("copy.db");
    std::fs::copy(&l.path, &copy).expect("copy");
    let conn = rusqlite::Connection::open(&copy).expect("open copy");
    assert!(
        conn.query_row("SELECT count(*) FROM cases", [], |r| r.get::<_, i64>(0))
            .is_err(),
        "unkeyed must fail"
    );
    let conn = rusqlite::Connection::open(&copy).expect("open copy");
    xinfang::ledger::cipher::key_connection(&conn, &key).expect("key");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("keyed read");
    assert_eq!(n, 1);
}

/// Starts `security encrypt` stalled at `stage`, waits until it gets there, SIGKILLs it.
fn kill_encrypt_at(db: &Path, stage: &str) {
    let mut child = Command::new(bin())
        .args(["security", "encrypt"])
        .env("XINFANG_DB", db)
        .env("XINFANG_PASSWORD", PW)
        .env("XINFANG_TEST_STALL_AT", stage)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn encrypt");
    let err = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let start = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(line) if line.contains("stalled at") => break,
            Ok(other) => panic!("encrypt said {other}"),
            Err(_) if start.elapsed() > Duration::from_secs(30) => panic!("never reached {stage}"),
            Err(_) => {}
        }
    }
    child.kill().expect("SIGKILL");
    assert!(!child.wait().expect("wait").success());
}

#[test]
fn killed_during_encrypt_conversion_leaves_a_usable_ledger() {
    for stage in ["exported", "keys_written", "swapped", "sealed"] {
        let l = ledger_with_case();
        kill_encrypt_at(&l.path, stage);
        let desk = if security::is_encrypted(&l.path) {
            let key = security::convert::unlock_key(&l.path, PW).expect("password opens");
            Desk::open_encrypted(&l.path, key).expect("encrypted opens")
        } else {
            Desk::open(&l.path, false).expect("plain opens")
        };
        assert_eq!(
            desk.integrity_check().expect("check"),
            "ok",
            "after a kill at {stage}"
        );
        let v = desk.show_case("YC2026001", &t(NOW)).expect("case is there");
        assert_eq!(v.case.info.petitioners[0].name, NAME);
        drop(desk);
        // Running encrypt again finishes the job: no plain copy, no plain attachment left.
        encrypt_again(&l.path);
        assert!(security::is_encrypted(&l.path), "{stage}");
        assert!(
            !l.path.with_file_name("ledger.db.plain-old").exists(),
            "{stage}"
        );
        for f in store_files(&l) {
            assert!(
                !contains(&file_bytes(&f), NAME.as_bytes()),
                "{stage}: {}",
                f.display()
            );
        }
        assert!(!contains(&file_bytes(&l.path), NAME.as_bytes()), "{stage}");
    }
}

fn encrypt_again(db: &Path) {
    let o = with_pw(db, PW, &["security", "encrypt"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "a shell script stands in for xdg-open, the PDF viewer (Unix)"
)]
fn documents_beside_an_encrypted_ledger_are_sealed_and_opened_only_for_viewing() {
    let l = ledger_with_case();
    // A document drafted before encryption is sealed by the conversion.
    let docs = l.dir.path().join("文书").join("YC2026001");
    std::fs::create_dir_all(&docs).expect("docs dir");
    let before = docs.join("YC2026001-受理告知书.pdf");
    std::fs::write(&before, format!("%PDF-1.4\n% {NAME}\n")).expect("write");
    encrypt(&l.path);
    assert!(!contains(&file_bytes(&before), NAME.as_bytes()));

    let now = t(NOW);
    let mut gate = Gate::open(&l.path, false, &now).expect("gate");
    gate.run("unlock", json!({"password": PW}), &now)
        .expect("unlock");
    let desk = gate.desk_mut().expect("desk");
    let pdf = format!("%PDF-1.4\n% 信访人 {NAME}\n%%EOF\n");
    // Kept with the case: sealed. Written elsewhere (an explicit export): plain.
    let kept = docs.join("YC2026001-处理意见书.pdf");
    assert!(desk.save_document(&kept, pdf.as_bytes()).expect("save"));
    assert!(!contains(&file_bytes(&kept), NAME.as_bytes()));
    let elsewhere = tempfile::tempdir().expect("tmp");
    let exported = elsewhere.path().join("导出.pdf");
    assert!(!desk.save_document(&exported, pdf.as_bytes()).expect("save"));
    assert!(file_bytes(&exported).starts_with(b"%PDF"));
    // The viewer gets a plain copy in a private temp folder, gone when the desk locks.
    let view = desk.viewable_document(&kept).expect("viewable");
    assert_ne!(view, kept);
    assert!(file_bytes(&view) == pdf.as_bytes());
    assert!(desk.viewable_document(&exported).expect("plain") == exported);
    gate.run("lock", json!({}), &now).expect("lock");
    assert!(!view.exists(), "the decrypted copy must go at lock");
    // The CLI opens a sealed document with the ledger's password (a stand-in viewer
    // records the path it was given).
    let bin_dir = tempfile::tempdir().expect("bin");
    let log = bin_dir.path().join("opened.txt");
    let viewer = bin_dir.path().join("xdg-open");
    std::fs::write(
        &viewer,
        format!("#!/bin/sh\ncp \"$1\" '{}'\n", log.display()),
    )
    .expect("viewer");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&viewer, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let path = format!(
        "{}:{}",
        bin_dir.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = Command::new(bin())
        .args(["open", kept.to_str().expect("utf8")])
        .env("XINFANG_DB", &l.path)
        .env("XINFANG_PASSWORD", PW)
        .env("PATH", path)
        .output()
        .expect("open");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        file_bytes(&log) == pdf.as_bytes(),
        "the viewer got the plain PDF"
    );
    // The CLI leaves the copy for the viewer until the next open or lock; tidy it here.
    let dir = security::files::viewing_dir(&l.path);
    security::files::clear_viewing_dir(&l.path);
    assert!(std::fs::read_dir(&dir).expect("dir").next().is_none());
    std::fs::remove_dir(&dir).expect("remove viewing dir");
}

/// Backups of an encrypted ledger (issue #8 parts 1 and 3 together): the copy is encrypted
/// with the same key, carries the wrapped keys, holds no plaintext, and restores.
#[test]
fn an_encrypted_ledgers_backup_stays_encrypted_and_restores() {
    let l = ledger_with_case();
    encrypt(&l.path);
    let now = t(NOW);
    let mut gate = Gate::open(&l.path, false, &now).expect("gate");
    gate.run("unlock", json!({"password": PW}), &now)
        .expect("unlock");
    let made = gate
        .run("backup_now", json!({}), &now)
        .expect("backup of an encrypted ledger");
    let dir = PathBuf::from(made["backup"]["path"].as_str().expect("path"));
    assert!(
        dir.join("ledger.db.keys").is_file(),
        "the wrapped keys go along"
    );
    let mut files = Vec::new();
    all_files(&dir, &mut files);
    for f in &files {
        let bytes = std::fs::read(f).expect("read backup file");
        let hay = String::from_utf8_lossy(&bytes);
        assert!(!hay.contains(NAME), "plaintext name in {}", f.display());
        assert!(
            !hay.contains("SQLite format 3"),
            "plain SQLite in {}",
            f.display()
        );
    }
    // Checking needs the key: through the unlocked app it passes; without it, a clear refusal.
    let checked = gate
        .run("backup_check", json!({"path": dir}), &now)
        .expect("check with the key");
    assert_eq!(checked["cases"], 1);
    let e = xinfang::backup::check(&dir).expect_err("no key");
    assert!(e.to_string().contains("加密台账的备份"), "{e}");

    // A case added after the backup disappears on restore; the ledger stays encrypted.
    let desk = gate.desk_mut().expect("desk");
    desk.add_case(case("LATER-1").build(), &t("2026-10-09 09:02"))
        .expect("add");
    gate.run(
        "backup_restore",
        json!({"path": dir}),
        &t("2026-10-09 09:05"),
    )
    .expect("restore");
    let list = gate.run("case_list", json!({}), &now).expect("list");
    assert_eq!(list["total"], 1, "{list}");
    assert!(!security::is_plain_sqlite(&l.path));
    drop(gate);
    let o = with_pw(&l.path, PW, &["case", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("YC2026001") && !stdout(&o).contains("LATER-1"));
}

/// Encrypting replaces the ledger file with an encrypted copy: while a window or
/// `xinfang serve` still has the plain file open (its writes would be lost), it is refused.
#[test]
fn encrypt_is_refused_while_another_program_has_the_ledger_open() {
    let l = ledger_with_case();
    let before = file_bytes(&l.path);
    let app = l.desk(); // stands in for the desktop app or `xinfang serve`
    let o = with_pw(&l.path, PW, &["security", "encrypt"]);
    assert!(!o.status.success(), "encrypt went ahead: {}", stdout(&o));
    assert!(stderr(&o).contains("正被其他程序"), "{}", stderr(&o));
    assert!(security::is_plain_sqlite(&l.path));
    assert!(!key_file_path(&l.path).exists(), "no key file written");
    drop(app);
    assert_eq!(file_bytes(&l.path).len(), before.len());
    encrypt(&l.path);
    assert!(!security::is_plain_sqlite(&l.path));
}

/// Decrypting swaps the file back too: refused while a second connection (a window or
/// `xinfang serve`) holds the encrypted ledger, with the Chinese reason; the ledger stays
/// encrypted and readable; once the other connection closes it goes through.
#[test]
fn decrypt_is_refused_while_another_program_has_the_ledger_open() {
    let l = ledger_with_case();
    encrypt(&l.path);
    let key = security::convert::unlock_key(&l.path, PW).expect("unlock");
    let app = Desk::open_encrypted(&l.path, key).expect("second connection");
    let o = with_pw(&l.path, PW, &["security", "decrypt"]);
    assert!(!o.status.success(), "decrypt went ahead: {}", stdout(&o));
    assert!(stderr(&o).contains("正被其他程序"), "{}", stderr(&o));
    assert!(!security::is_plain_sqlite(&l.path));
    assert!(key_file_path(&l.path).exists(), "the key file stays");
    assert_eq!(
        app.show_case("YC2026001", &t(NOW))
            .expect("the open connection still reads")
            .case
            .info
            .case_no,
        "YC2026001"
    );
    drop(app);
    let o = with_pw(&l.path, PW, &["security", "decrypt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(security::is_plain_sqlite(&l.path));
    assert_eq!(l.count("SELECT count(*) FROM cases"), 1);
}
