//! `xinfang security …`: encrypt / decrypt the ledger, change or recover the password,
//! and opening an encrypted ledger for the other commands. Passwords come from
//! `XINFANG_PASSWORD` (new ones from `XINFANG_NEW_PASSWORD`) or a prompt that does not echo;
//! they are never printed or logged.

use std::path::Path;

use clap::Subcommand;
use xinfang::api::Desk;
use xinfang::security::convert::{self, Secret};
use xinfang::security::{self, RecoveryKey, keys, lock};
use xinfang::{Error, Result};

#[derive(Subcommand)]
pub enum SecurityCmd {
    /// 是否加密、密钥文件位置、口令派生参数
    Status {
        #[arg(long)]
        json: bool,
    },
    /// 加密台账与附件（只显示一次恢复密钥，请抄写或打印后妥善保管）
    Encrypt,
    /// 解密台账与附件，恢复为普通 SQLite 文件（密码改为锁定密码）
    Decrypt,
    /// 修改密码（加密台账：重新包装数据密钥；未加密台账：设置/修改锁定密码）
    Passwd,
    /// 用恢复密钥设置新密码（忘记密码时）
    Recover {
        /// 设置加密时显示的恢复密钥，如 7K2M-...（8 组、每组 4 个字符）
        #[arg(long)]
        key: String,
    },
}

/// The password for an existing secret: `XINFANG_PASSWORD`, else a silent prompt.
pub fn password(prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var("XINFANG_PASSWORD") {
        return Ok(p);
    }
    rpassword::prompt_password(prompt).map_err(|_| {
        Error::Security(
            "无法在终端中读取密码（没有可交互的终端）。请设置环境变量 XINFANG_PASSWORD".into(),
        )
    })
}

/// A new password: `XINFANG_NEW_PASSWORD`, else asked twice.
fn new_password(env: &str) -> Result<String> {
    if let Ok(p) = std::env::var(env) {
        lock::check_new_password(&p)?;
        return Ok(p);
    }
    let a = rpassword::prompt_password("请输入新密码（至少 6 个字符）：").map_err(|_| {
        Error::Security(format!(
            "无法在终端中读取密码（没有可交互的终端）。请设置环境变量 {env}"
        ))
    })?;
    lock::check_new_password(&a)?;
    let b = rpassword::prompt_password("请再输入一遍：")
        .map_err(|_| Error::Security("无法在终端中读取密码".into()))?;
    if a != b {
        return Err(Error::invalid("新密码", "两次输入不一致，请重新设置"));
    }
    Ok(a)
}

/// Opens the ledger for a CLI command, asking for the password when it is encrypted.
pub fn open_desk(path: &Path, create: bool) -> Result<Desk> {
    if !security::is_encrypted(path) {
        return Desk::open(path, create);
    }
    let key = convert::unlock_key(path, &password("台账已加密，请输入密码：")?)?;
    let _ = convert::tidy_after_unlock(path, &key);
    Desk::open_encrypted(path, key)
}

/// The test hook: `XINFANG_TEST_STALL_AT=<stage>` makes a conversion stop at that stage
/// (and sleep) so the crash test can kill the process exactly there.
fn stall(stage: &str) {
    if std::env::var("XINFANG_TEST_STALL_AT").is_ok_and(|s| s == stage) {
        eprintln!("stalled at {stage}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

pub fn run(path: &Path, cmd: SecurityCmd) -> Result<()> {
    match cmd {
        SecurityCmd::Status { json } => {
            let enc = security::is_encrypted(path);
            let kf = keys::key_file_path(path);
            let kdf = format!(
                "argon2id m={} KiB t={} p={}",
                keys::ARGON2_M_KIB,
                keys::ARGON2_T,
                keys::ARGON2_P
            );
            if json {
                let v = serde_json::json!({
                    "ledger": path.display().to_string(),
                    "encrypted": enc,
                    "key_file": kf.display().to_string(),
                    "kdf": kdf,
                });
                println!("{v}");
            } else if enc {
                println!("台账已加密：{}", path.display());
                println!(
                    "密钥文件：{}（须与台账放在一起，备份时一并备份）",
                    kf.display()
                );
                println!("口令派生：{kdf}");
            } else {
                println!("台账未加密：{}", path.display());
            }
            Ok(())
        }
        SecurityCmd::Encrypt => {
            if !path.exists() {
                return Err(Error::Io {
                    path: path.display().to_string(),
                    detail: "台账文件不存在（新建台账请先运行 xinfang init）".into(),
                });
            }
            let pw = if security::is_encrypted(path) {
                password("台账已加密，请输入密码以完成未完成的步骤：")?
            } else if std::env::var("XINFANG_PASSWORD").is_ok() {
                password("")?
            } else {
                new_password("XINFANG_PASSWORD")?
            };
            let out = convert::encrypt_ledger(path, &pw, &mut stall)?;
            match out.recovery_key {
                Some(k) => {
                    println!("台账已加密：{}", path.display());
                    println!(
                        "密钥文件：{}（须与台账放在一起）",
                        keys::key_file_path(path).display()
                    );
                    println!("附件已加密 {} 个。", out.files_sealed);
                    println!();
                    println!(
                        "恢复密钥（只显示这一次，请抄写或打印后锁在柜中；忘记密码时凭它恢复）："
                    );
                    println!();
                    println!("    {}", k.display());
                    println!();
                }
                None => println!(
                    "台账早已加密；已补完上次未完成的步骤（附件加密 {} 个）。",
                    out.files_sealed
                ),
            }
            Ok(())
        }
        SecurityCmd::Decrypt => {
            let pw = password("请输入台账密码：")?;
            let n = convert::decrypt_ledger(path, &pw, &mut stall)?;
            println!(
                "台账已解密：{}（附件解密 {n} 个）。原密码仍作为界面锁定密码。",
                path.display()
            );
            Ok(())
        }
        SecurityCmd::Passwd => {
            if security::is_encrypted(path) {
                let old = password("请输入当前密码：")?;
                // Check the old password before asking for a new one.
                convert::unlock_key(path, &old)?;
                let new = new_password("XINFANG_NEW_PASSWORD")?;
                convert::change_password(path, &Secret::Password(&old), &new)?;
            } else {
                let now = super::clock_now();
                let mut gate = xinfang::api::Gate::open(path, false, &now)?;
                let status = gate.status(&now);
                let old = if status.has_password {
                    Some(password("请输入当前锁定密码：")?)
                } else {
                    None
                };
                if let Some(o) = &old {
                    gate.run("unlock", serde_json::json!({ "password": o }), &now)?;
                }
                let new = new_password("XINFANG_NEW_PASSWORD")?;
                gate.run(
                    "security_password_set",
                    serde_json::json!({ "old_password": old, "new_password": new }),
                    &now,
                )?;
            }
            println!("密码已修改。");
            Ok(())
        }
        SecurityCmd::Recover { key } => {
            let rk = RecoveryKey::parse(&key)?;
            let new = new_password("XINFANG_NEW_PASSWORD")?;
            convert::change_password(path, &Secret::Recovery(&rk), &new)?;
            println!("已用恢复密钥设置新密码；恢复密钥不变，请继续妥善保管。");
            Ok(())
        }
    }
}
