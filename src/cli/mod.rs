//! Argument parsing and the commands; printing lives in `print`.

mod calendar;
mod case;
mod docs;
mod exchange;
mod print;
mod rounds;
mod security;
mod serve;
mod trust;
mod units;

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use xinfang::api::Desk;
use xinfang::domain::{BreachLevel, BreachNotice, DocKind};
use xinfang::time::{Time, parse_date, parse_time};
use xinfang::{Error, Result};

#[derive(Parser)]
#[command(name = "xinfang", version, about = "信访工作台：台账、期限、规范化体检与五率", long_about = None)]
pub struct Cli {
    /// 台账文件路径（默认在系统数据目录；也可用环境变量 XINFANG_DB）
    #[arg(long, global = true, env = "XINFANG_DB")]
    db: Option<PathBuf>,
    /// 以此时刻作为“现在”（测试与复核用），如 2026-10-08 09:00
    #[arg(long, global = true, env = "XINFANG_NOW", hide = true)]
    now: Option<String>,
    /// 审计日志中记录的操作人（默认为系统用户名）
    #[arg(long, global = true, env = "XINFANG_ACTOR")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 新建（或升级）台账
    Init,
    /// 今日待办概览
    Today {
        #[arg(long)]
        json: bool,
    },
    /// 信访事项的登记与办理
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// 规范化体检
    Check {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// 五率与考核得分
    Rates {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 按默认规则计算各项期限（不需要台账）
    Deadlines {
        #[arg(long)]
        arrived_at: String,
        #[arg(long)]
        accepted_at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记收到的通报
    Breach {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        level: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        reason: String,
        #[arg(long = "case")]
        case_no: Option<String>,
    },
    /// 节假日数据
    #[command(subcommand)]
    Calendar(calendar::CalendarCmd),
    /// 单位与领导
    #[command(subcommand)]
    Unit(units::UnitCmd),
    /// 在本机浏览器中使用（只监听 127.0.0.1；--open 为浏览器版：固定地址并打开默认浏览器）
    Serve {
        /// 端口（默认：自动选择；--open 时为本台账的固定端口）
        #[arg(long)]
        port: Option<u16>,
        /// 构建好的界面目录（默认：程序内置的界面，或 ui/dist）
        #[arg(long)]
        ui: Option<PathBuf>,
        /// 浏览器版：本台账固定的地址与会话（重启后书签仍可用），并用默认浏览器打开；
        /// 已在运行时只打开浏览器
        #[arg(long)]
        open: bool,
        /// 与 --open 同用：重置会话（旧书签随之失效）
        #[arg(long, requires = "open")]
        new_session: bool,
    },
    /// 生成文书 PDF（GB/T 9704 公文格式）
    Draft(docs::DraftArgs),
    /// 文号登记簿：编号、作废、列表
    #[command(subcommand)]
    Docno(docs::DocNoCmd),
    /// 把 PDF 送到系统打印机（Linux 用 CUPS lp）
    Print {
        file: PathBuf,
        /// 打印机名称（默认为系统默认打印机）
        #[arg(long)]
        printer: Option<String>,
    },
    /// 用系统阅读器打开 PDF
    Open { file: PathBuf },
    /// 导出台账为 Excel（.xlsx，含“五率”工作表）或 CSV（UTF-8 带 BOM），格式按扩展名
    Export(exchange::ExportArgs),
    /// 从 .xlsx/.xls/.ods/.csv 导入台账（全部成功才写入；--dry-run 只预览）
    Import(exchange::ImportArgs),
    /// “2+2”查看：计划与期限提醒（rounds --from --to）、确认（rounds done）、月报（rounds report）
    Rounds(rounds::RoundsArgs),
    /// 检查单个附件文件（无需台账；给出 --db 时用该台账的附件设置）：格式、清晰度、歪斜、鲜章、命名
    Inspect {
        file: PathBuf,
        /// 文书种类（如 受理告知书、送达回证）
        #[arg(long)]
        kind: Option<String>,
        /// 信访件编号（核对命名用）
        #[arg(long)]
        case_no: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 给信访件添加附件（按内容哈希在台账旁存副本，原件不动）
    Attach {
        case_no: String,
        file: PathBuf,
        /// 文书种类（如 受理告知书、处理意见书、送达回证）
        #[arg(long)]
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// 一件的附件检查结论：可以上传 / 需要处理
    CheckAttachments {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// 生成上传包：按命名规则改名、按平台顺序，附清单
    Package {
        case_no: String,
        #[arg(long)]
        out: PathBuf,
        /// 仍有必须处理的问题时强制打包的理由（记入操作日志）
        #[arg(long)]
        override_reason: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 备份台账（含附件与文书）：backup [--to 文件夹]、backup list、backup check 备份
    Backup(trust::BackupArgs),
    /// 从备份恢复台账（先检查备份，并把当前台账另存一份备份）
    Restore {
        /// 备份文件夹（含 manifest.json）或台账文件
        source: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 审计记录：audit verify 检查哈希链是否完整
    #[command(subcommand)]
    Audit(trust::AuditCmd),
    /// 按名称调用任一命令（JSON 参数），与桌面端、浏览器端同一接口
    Api {
        command: String,
        /// 参数 JSON 文件，- 表示标准输入；省略则为 {}
        #[arg(long)]
        json: Option<String>,
    },
    /// 密码与加密：status、encrypt、decrypt、passwd、recover --key
    #[command(subcommand)]
    Security(security::SecurityCmd),
}

#[allow(clippy::disallowed_methods)] // the front end is where "now" comes from
pub(crate) fn clock_now() -> Time {
    chrono::Utc::now().with_timezone(&xinfang::time::cst())
}

pub fn run(cli: Cli) -> Result<()> {
    let now = match &cli.now {
        Some(s) => parse_time(s)?,
        None => clock_now(),
    };
    match cli.command {
        Command::Deadlines {
            arrived_at,
            accepted_at,
            json,
        } => {
            let arrived = parse_time(&arrived_at)?;
            let accepted = accepted_at.as_deref().map(parse_time).transpose()?;
            let cal = xinfang::calendar::Calendar::bundled();
            let settings = xinfang::rules::RuleSettings::default();
            let dls = Desk::preview_deadlines(&cal, &settings, &arrived, accepted.as_ref(), &now);
            print::deadlines(&dls, json);
            Ok(())
        }
        Command::Init => {
            let path = db_path(cli.db)?;
            let desk = Desk::open(&path, true)?;
            println!(
                "台账已就绪：{}（数据版本 {}）",
                path.display(),
                desk.schema_version()?
            );
            Ok(())
        }
        Command::Print { file, printer } => {
            let db = db_path(cli.db).ok();
            docs::print(&file, printer.as_deref(), db.as_deref())
        }
        Command::Inspect {
            file,
            kind,
            case_no,
            json,
        } => {
            let kind = kind.as_deref().map(DocKind::parse).transpose()?;
            // With --db (or XINFANG_DB) the ledger's own settings apply; otherwise the defaults.
            let s = match &cli.db {
                Some(path) => open(path, false, cli.actor.as_deref())?.attachment_settings()?,
                None => xinfang::attachments::AttachmentSettings::default(),
            };
            let ctx = xinfang::attachments::InspectContext {
                kind,
                case_no: case_no.as_deref(),
            };
            print::file_report(&xinfang::attachments::inspect_path(&file, &ctx, &s), json);
            Ok(())
        }
        Command::Open { file } => {
            let db = db_path(cli.db).ok();
            docs::open(&file, db.as_deref())
        }
        Command::Today { json } => {
            // The run command's entry point: the first run creates the ledger.
            let path = db_path(cli.db)?;
            let desk = open(&path, true, cli.actor.as_deref())?;
            print::today(&desk.today(&now, 20)?, &path, json);
            Ok(())
        }
        Command::Restore { source, json } => {
            let path = db_path(cli.db)?;
            trust::restore(&path, &source, cli.actor.as_deref(), json, &now)
        }
        Command::Serve {
            port,
            ui,
            open,
            new_session,
        } => {
            let path = db_path(cli.db)?;
            // A second launch on the same ledger: show the running one instead (issue #20).
            if open
                && !new_session
                && let Some(url) = serve::running_url(&path)
            {
                println!("信访工作台已在运行：{url}");
                serve::open_browser(&url);
                // Let the opener start before this process goes.
                std::thread::sleep(std::time::Duration::from_millis(300));
                return Ok(());
            }
            // An encrypted ledger starts sealed: the browser's lock screen unlocks it.
            let mut gate = xinfang::api::Gate::open(&path, true, &now)?;
            if let Some(a) = cli.actor.as_deref() {
                gate = gate.with_actor(a);
            }
            // Issue #8: the daily backup on start; a failure shows in 设置 → 备份, not here.
            if let Some(desk) = gate.desk_mut() {
                let _ = desk.backup_if_due(&now);
            }
            let fixed_now = cli.now.as_deref().map(parse_time).transpose()?;
            let opts = serve::Options {
                port,
                ui,
                now: fixed_now,
                open,
                new_session,
            };
            serve::run(gate, &path, opts)
        }
        Command::Security(cmd) => security::run(&db_path(cli.db)?, cmd),
        Command::Rounds(rounds::RoundsArgs {
            cmd: None,
            from,
            to,
            json,
        }) => rounds::plan(
            &db_path(cli.db)?,
            cli.actor.as_deref(),
            from,
            to,
            json,
            &now,
        ),
        command => {
            let path = db_path(cli.db)?;
            let mut desk = open(&path, false, cli.actor.as_deref())?;
            run_on_ledger(&mut desk, command, &now)
        }
    }
}

fn open(path: &std::path::Path, create: bool, actor: Option<&str>) -> Result<Desk> {
    let desk = security::open_desk(path, create)?;
    Ok(match actor {
        Some(a) => desk.with_actor(a),
        None => desk,
    })
}

fn db_path(db: Option<PathBuf>) -> Result<PathBuf> {
    db.or_else(xinfang::api::default_ledger_path)
        .ok_or_else(|| Error::NotWritable {
            path: "（系统数据目录）".into(),
            detail: "找不到系统数据目录".into(),
        })
}

pub(crate) fn read_input(src: &str) -> Result<String> {
    use xinfang::limits::{MAX_REQUEST_BYTES, bytes_zh};
    let mut bytes = Vec::new();
    let limit = MAX_REQUEST_BYTES as u64;
    // Bytes first: the cut at the limit may fall inside a character, and an input over the
    // limit is "too large", not "not UTF-8".
    let (path, read) = if src == "-" {
        (
            "标准输入".to_string(),
            std::io::stdin().take(limit + 1).read_to_end(&mut bytes),
        )
    } else {
        let read = std::fs::File::open(src).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes));
        (src.to_string(), read)
    };
    read.map_err(|e| Error::Io {
        path: path.clone(),
        detail: xinfang::error::io_zh(&e),
    })?;
    if bytes.len() as u64 > limit {
        return Err(Error::InputTooLarge {
            what: format!("“{path}”的内容"),
            size: format!("{} 以上", bytes_zh(limit)),
            limit: bytes_zh(limit),
        });
    }
    String::from_utf8(bytes).map_err(|_| Error::Io {
        path,
        detail: xinfang::error::io_zh(&std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )),
    })
}

fn t(s: &str) -> Result<Time> {
    parse_time(s)
}

fn run_on_ledger(desk: &mut Desk, command: Command, now: &Time) -> Result<()> {
    match command {
        Command::Case(c) => case::run(desk, c, now),
        Command::Draft(a) => docs::draft(desk, a, now),
        Command::Docno(c) => docs::doc_no(desk, c, now),
        Command::Check { case_no, json } => {
            print::check(&desk.check(&case_no, now)?, json);
            Ok(())
        }
        Command::Attach {
            case_no,
            file,
            kind,
            json,
        } => {
            let o = desk.attach_file(&case_no, &file, DocKind::parse(&kind)?, now)?;
            if json {
                print::json(&o);
            } else {
                println!(
                    "已添加附件“{}”（副本：{}）。",
                    o.report.file_name, o.stored_path
                );
                print::file_report(&o.report, false);
            }
            Ok(())
        }
        Command::CheckAttachments { case_no, json } => {
            print::case_attachments(&desk.check_attachments(&case_no, now)?, json);
            Ok(())
        }
        Command::Package {
            case_no,
            out,
            override_reason,
            json,
        } => {
            let o = desk.package_attachments(&case_no, &out, override_reason.as_deref(), now)?;
            if json {
                print::json(&o);
            } else {
                println!(
                    "已生成上传包 {}（{} 个文件{}）：",
                    o.out_dir,
                    o.files.len(),
                    if o.overridden {
                        "，强制打包，理由已记录"
                    } else {
                        ""
                    }
                );
                for (i, f) in o.files.iter().enumerate() {
                    println!("  {}. {f}", i + 1);
                }
                println!("  清单：{}", o.manifest);
            }
            Ok(())
        }
        Command::Rates { year, unit, json } => {
            print::rates(&desk.rates(year, unit.as_deref(), now)?, json);
            Ok(())
        }
        Command::Breach {
            unit,
            level,
            on,
            reason,
            case_no,
        } => {
            desk.record_breach(
                BreachNotice {
                    unit,
                    case_no,
                    level: BreachLevel::parse(&level)?,
                    notified_on: parse_date(&on)?,
                    reason,
                },
                now,
            )?;
            println!("已登记通报。");
            Ok(())
        }
        Command::Calendar(c) => calendar::run(desk, c, now),
        Command::Unit(u) => units::run(desk, u, now),
        Command::Export(a) => exchange::export(desk, a, now),
        Command::Import(a) => exchange::import(desk, a, now),
        Command::Rounds(a) => rounds::run(desk, a.cmd, now),
        Command::Backup(a) => trust::backup(desk, a, now),
        Command::Audit(c) => trust::audit(desk, c),
        Command::Api { command, json } => {
            let args = match json {
                Some(src) => {
                    serde_json::from_str(&read_input(&src)?).map_err(|e| Error::BadJson {
                        line: e.line(),
                        column: e.column(),
                        detail: "不是合法的 JSON".into(),
                    })?
                }
                None => serde_json::json!({}),
            };
            match xinfang::api::run_command(desk, &command, args, now) {
                Ok(v) => {
                    println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
                    Ok(())
                }
                Err(e) => {
                    println!(
                        "{}",
                        serde_json::to_string(&e.payload()).unwrap_or_default()
                    );
                    Err(e)
                }
            }
        }
        Command::Init
        | Command::Today { .. }
        | Command::Deadlines { .. }
        | Command::Serve { .. }
        | Command::Restore { .. }
        | Command::Security(_)
        | Command::Print { .. }
        | Command::Open { .. }
        | Command::Inspect { .. } => Ok(()),
    }
}
