//! `xinfang backup`, `xinfang restore`, `xinfang audit verify` (issue #8).

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Subcommand};
use xinfang::api::Desk;
use xinfang::backup::{self, BackupInfo, BackupSettings, Reason, RestoreOutcome};
use xinfang::time::Time;
use xinfang::{Error, Result};

use super::print::json as print_json;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    cmd: Option<BackupCmd>,
    /// 备份到此文件夹（默认为设置中的备份文件夹，即台账旁的 backups）
    #[arg(long)]
    to: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum BackupCmd {
    /// 列出备份文件夹中的备份（最新的在前）
    List {
        #[arg(long)]
        json: bool,
    },
    /// 检查一份备份能否用来恢复（不改动台账）
    Check {
        source: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum AuditCmd {
    /// 逐条核对审计记录的哈希链，报告第一处断开的记录
    Verify {
        #[arg(long)]
        json: bool,
    },
}

fn size(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn line(b: &BackupInfo) -> String {
    format!(
        "{}  {}  {} 件  {} 个文件  {}  {}",
        b.created_at
            .get(..19)
            .unwrap_or(&b.created_at)
            .replace('T', " "),
        b.reason_label,
        b.cases,
        b.files,
        size(b.size_bytes),
        b.path
    )
}

pub fn backup(desk: &mut Desk, a: BackupArgs, now: &Time) -> Result<()> {
    match a.cmd {
        Some(BackupCmd::List { json }) => {
            let list = desk.backup_list()?;
            if json {
                print_json(&list);
            } else if list.is_empty() {
                println!("备份文件夹 {} 中还没有备份。", desk.backup_dir()?.display());
            } else {
                list.iter().for_each(|b| println!("{}", line(b)));
            }
            Ok(())
        }
        Some(BackupCmd::Check { source, json }) => {
            let c = backup::check(&source)?;
            if json {
                print_json(&c);
            } else {
                println!(
                    "备份可以用来恢复：{}（数据版本 {}，{} 件，{} 个文件校验一致）",
                    c.path, c.schema_version, c.cases, c.files_verified
                );
            }
            Ok(())
        }
        None => {
            let started = Instant::now();
            let b = desk.backup_now(Reason::Manual, a.to.as_deref(), now)?;
            let ms = started.elapsed().as_millis();
            if a.json {
                print_json(&serde_json::json!({ "backup": b, "millis": ms }));
            } else {
                println!("已备份：{}（用时 {ms} ms）", line(&b));
            }
            Ok(())
        }
    }
}

/// Restores through the desk when the current ledger opens; a current ledger too damaged to
/// open (the usual reason to restore) is kept as a raw copy and replaced all the same.
pub fn restore(
    path: &Path,
    source: &Path,
    actor: Option<&str>,
    json: bool,
    now: &Time,
) -> Result<()> {
    let started = Instant::now();
    let outcome: RestoreOutcome = match super::security::open_desk(path, false) {
        Ok(desk) => {
            let mut desk = match actor {
                Some(a) => desk.with_actor(a),
                None => desk,
            };
            desk.restore_backup(source, now)?
        }
        Err(e @ (Error::NotALedger { .. } | Error::Db(_) | Error::Io { .. })) => {
            if path.exists() {
                eprintln!("当前台账无法打开（{e}），将原样另存后用备份替换。");
            } else {
                eprintln!("台账文件不存在，将用备份恢复到 {}。", path.display());
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::NotWritable {
                    path: dir.display().to_string(),
                    detail: xinfang::error::io_zh(&e),
                })?;
            }
            let keep = BackupSettings::default().dir_for(path);
            let outcome = backup::restore(path, source, &keep, None, now)?;
            // Opening migrates an older backup (taking its pre-migration backup).
            super::security::open_desk(path, false)?;
            outcome
        }
        Err(e) => return Err(e),
    };
    let ms = started.elapsed().as_millis();
    if json {
        print_json(&serde_json::json!({ "restore": outcome, "millis": ms }));
    } else {
        println!(
            "已从 {} 恢复台账（数据版本 {}，{} 件，用时 {ms} ms）。恢复前的台账已另存为备份：{}",
            outcome.restored.path,
            outcome.restored.schema_version,
            outcome.restored.cases,
            outcome.kept.path
        );
    }
    Ok(())
}

pub fn audit(desk: &mut Desk, c: AuditCmd) -> Result<()> {
    match c {
        AuditCmd::Verify { json } => {
            let r = desk.audit_verify()?;
            if json {
                print_json(&r);
            } else if r.ok {
                println!("{}", r.message);
                if let Some(h) = &r.head {
                    println!("链头：{}（第 {} 条，{}）", h.hash, h.id, h.at);
                }
            }
            if r.ok {
                Ok(())
            } else {
                Err(Error::AuditChainBroken(r.message))
            }
        }
    }
}
