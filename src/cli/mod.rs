//! Argument parsing and the commands; printing lives in `print`.

mod docs;
mod print;
mod security;
mod serve;
mod trust;

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use xinfang::api::CaseFilter;
use xinfang::api::{DeliveryInput, Desk, DocumentInput};
use xinfang::calendar::DayOverride;
use xinfang::domain::{
    BreachLevel, BreachNotice, DeliveryMethod, DocKind, Evaluation, LeaderRole, NewCase, Purpose,
    ReviewKind, Reviewer, Source, Status,
};
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
    Case(CaseCmd),
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
    Calendar(CalendarCmd),
    /// 单位与领导
    #[command(subcommand)]
    Unit(UnitCmd),
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
    Export {
        file: PathBuf,
        /// 只导出这个责任单位
        #[arg(long)]
        unit: Option<String>,
        /// 只导出该年到达的件（也是“五率”表的年份）
        #[arg(long)]
        year: Option<i32>,
        /// 导出的列：default（常用台账列，默认）、all（全部列），或用逗号分隔的列名
        #[arg(long)]
        columns: Option<String>,
        /// 标题行文字
        #[arg(long)]
        title: Option<String>,
        /// 所有件的身份证号、电话都打码（给单位以外的人看的副本；检举控告件总是打码）
        #[arg(long)]
        mask_personal: bool,
        #[arg(long)]
        json: bool,
    },
    /// 从 .xlsx/.xls/.ods/.csv 导入台账（全部成功才写入；--dry-run 只预览）
    Import {
        file: PathBuf,
        /// 只检查并预览，不写入台账
        #[arg(long)]
        dry_run: bool,
        /// 台账中已有的编号：skip（跳过，默认）或 update（用表中内容更新）
        #[arg(long, default_value = "skip")]
        on_existing: String,
        /// 工作表名称（默认第一个）
        #[arg(long)]
        sheet: Option<String>,
        /// 表头所在行号（默认自动识别）
        #[arg(long)]
        header_row: Option<usize>,
        /// 调整列映射，可多次使用：--map "反映人=信访人" --map "H=忽略"
        #[arg(long = "map", value_name = "列=字段")]
        map: Vec<String>,
        /// 保存本次的 --map，供以后导入使用
        #[arg(long)]
        save_mapping: bool,
        /// 表中没有责任单位时统一填写的单位（不给时用标题行“填报单位：…”，或台账中唯一的单位）
        #[arg(long)]
        unit: Option<String>,
        /// 没有来源的行用的来源（转送、交办、督办、直接受理）
        #[arg(long)]
        default_source: Option<String>,
        /// 没有信访形式的行用的形式（来信、来访、网上、来电）
        #[arg(long)]
        default_form: Option<String>,
        /// 没有信访目的的行用的目的（申诉求决、意见建议、检举控告、其他）
        #[arg(long)]
        default_purpose: Option<String>,
        /// 不导入这些行（表中的行号），可多次使用：--skip-row 7 --skip-row 12-15
        #[arg(long = "skip-row", value_name = "行号")]
        skip_row: Vec<String>,
        /// 跳过所有仍有问题的行（列在“跳过的行”中），只导入没有问题的行
        #[arg(long)]
        skip_rows_with_errors: bool,
        /// 有疑问的值保留在备注、不填入本项：不写值为全部，或行号（7）、行号:列（7:E、7:身份证号）
        #[arg(long = "keep-invalid-as-note", value_name = "行号[:列]", num_args = 0..=1, default_missing_value = "all")]
        keep_invalid_as_note: Vec<String>,
        /// 导入前改一格（表格文件不动），可多次使用：--set "7:E=2022-12-06" --set "9:来源=交办"
        #[arg(long = "set", value_name = "行号:列=新值")]
        set: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// “2+2”查看：计划与期限提醒（rounds --from --to）、确认（rounds done）、月报（rounds report）
    Rounds(RoundsArgs),
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

#[derive(Subcommand)]
enum CaseCmd {
    /// 登记新件（JSON 字段名见术语表）
    Add {
        #[arg(long = "json", value_name = "FILE|-")]
        input: String,
    },
    /// 修改登记内容（JSON 对象，只含要改的字段）
    Update {
        case_no: String,
        #[arg(long = "json", value_name = "FILE|-")]
        input: String,
    },
    /// 台账列表
    List(ListArgs),
    /// 查看一件
    Show {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// 修改记录（审计日志）
    History { case_no: String },
    /// 签收
    Sign(AtArgs),
    /// 确定办理方式：direct_reply|petition_channel|statutory_channel|decline|return_case
    Decide {
        case_no: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        at: String,
        /// 不予受理的法定理由 / 退件的异议理由
        #[arg(long)]
        reason: Option<String>,
        /// 不予受理的法定理由（可选：same_matter_pending 条例第十九条第三款、re_reviewed
        /// 第三十六条第三款、legal_route 应通过诉讼、仲裁、行政复议等法定途径解决）
        #[arg(long)]
        ground: Option<String>,
        /// 不予受理：应向…提出 / 通过…程序
        #[arg(long)]
        redirect_to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 答复（出具回复、处理意见书等）
    Reply(AtArgs),
    /// 延期（最多 30 日）
    Extend {
        case_no: String,
        #[arg(long)]
        days: u32,
        #[arg(long)]
        approved_by: String,
        /// 延期理由（条例第三十四条：告知信访人延期理由）
        #[arg(long)]
        reason: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 登记文书及文号
    Document {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        doc_no: Option<String>,
        /// 其他法定文书的名称（如：行政复议决定书）
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 领导签批：supervising_leader（分管）先，principal_leader（主要）后
    Signoff {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        leader: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 送达
    Deliver {
        case_no: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        method: String,
        #[arg(long)]
        recipient: String,
        /// 送达的文书，逗号分隔，如 reply_letter,delivery_receipt
        #[arg(long, value_delimiter = ',')]
        docs: Vec<String>,
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        receipt_signed: bool,
        #[arg(long)]
        proxy_reason: Option<String>,
        #[arg(long)]
        witness: Option<String>,
        /// 送达回证上受送达人写的签收日期（复查、复核期限自此日起算）
        #[arg(long)]
        signed_on: Option<String>,
        /// 邮寄送达的邮件号码
        #[arg(long)]
        tracking_no: Option<String>,
        /// 留置送达的拒收理由
        #[arg(long)]
        refusal_reason: Option<String>,
        /// 送达人
        #[arg(long)]
        server: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 登记已上传的附件
    Attachment {
        case_no: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        file_name: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 附件审核：supervising_leader 或 district_office
    AttachmentReview {
        case_no: String,
        #[arg(long)]
        file_name: String,
        #[arg(long)]
        reviewer: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 满意度评价：满意|基本满意|不满意|超期未评价
    Evaluate {
        case_no: String,
        #[arg(long)]
        result: String,
        #[arg(long)]
        at: String,
        #[arg(long)]
        json: bool,
    },
    /// 复查/复核：先登记申请（--requested-at），再登记意见（--opinion-at），再登记信访人签收
    /// 意见的日期（--received-on）与听证天数（--hearing-days，复核期限不计入）
    Review {
        case_no: String,
        #[arg(long, default_value = "review")]
        kind: String,
        #[arg(long)]
        requested_at: Option<String>,
        #[arg(long)]
        opinion_at: Option<String>,
        #[arg(long)]
        result: Option<String>,
        #[arg(long)]
        received_on: Option<String>,
        #[arg(long)]
        hearing_days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// 标记为重复信访
    Repeat {
        case_no: String,
        #[arg(long)]
        of: String,
    },
    /// 删除（可恢复）
    Delete {
        case_no: String,
        #[arg(long)]
        reason: String,
    },
    /// 恢复已删除的件
    Restore { case_no: String },
}

#[derive(Args)]
struct AtArgs {
    case_no: String,
    #[arg(long)]
    at: String,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ListArgs {
    #[arg(long)]
    unit: Option<String>,
    #[arg(long)]
    source: Option<String>,
    #[arg(long)]
    purpose: Option<String>,
    #[arg(long)]
    method: Option<String>,
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    overdue: bool,
    #[arg(long)]
    due_within: Option<i64>,
    /// 中文模糊查询：信访人姓名、诉求、编号
    #[arg(long)]
    search: Option<String>,
    #[arg(long)]
    include_deleted: bool,
    #[arg(long)]
    limit: Option<u32>,
    #[arg(long)]
    offset: Option<u32>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum UnitCmd {
    /// 列出单位、领导和件数
    List {
        #[arg(long)]
        json: bool,
    },
    /// 登记单位领导：--role supervising_leader（分管领导）或 principal_leader（主要领导）
    AddLeader {
        unit: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
    },
    /// 删除单位领导
    RemoveLeader {
        unit: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
    },
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
struct RoundsArgs {
    #[command(subcommand)]
    cmd: Option<RoundsCmd>,
    /// 开始日期（默认今天）
    #[arg(long)]
    from: Option<String>,
    /// 结束日期（默认同开始日期）
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum RoundsCmd {
    /// 确认当前这一轮查看：“已查看，新增 N 件待签收”
    Done {
        /// 实际查看的时间（默认现在）
        #[arg(long)]
        at: Option<String>,
        /// 新增待签收件数
        #[arg(long = "new", default_value_t = 0)]
        new_items: u32,
        #[arg(long)]
        json: bool,
    },
    /// 月报：应查、按时、迟到、漏查
    Report {
        /// 月份，如 2026-10
        #[arg(long)]
        month: String,
        /// 导出到文件：.xlsx（按日汇总 + 每轮明细）或 .csv（每轮明细）
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 自上次以来到时的查看与期限提醒（每项只给出一次）
    Pending {
        /// 上次运行的时间（默认取台账中记录的上次时间）
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CalendarCmd {
    /// 导入某年的放假安排（格式同 assets/calendar/2026.json）
    Import { file: PathBuf },
    /// 把某一天改为工作日或休息日
    Override {
        date: String,
        #[arg(long, conflicts_with = "rest", required_unless_present = "rest")]
        working: bool,
        #[arg(long)]
        rest: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 查看某天是否工作日
    Day { date: String },
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
        Command::Rounds(RoundsArgs {
            cmd: None,
            from,
            to,
            json,
        }) => {
            let from = match from {
                Some(f) => parse_date(&f)?,
                None => xinfang::time::china_date(&now),
            };
            let to = to.as_deref().map(parse_date).transpose()?.unwrap_or(from);
            let path = db_path(cli.db)?;
            let plan = if path.exists() {
                open(&path, false, cli.actor.as_deref())?.rounds_plan(from, to, &now)?
            } else {
                xinfang::api::RoundsPlan::without_ledger(from, to, &now)?
            };
            print::rounds_plan(&plan, json);
            Ok(())
        }
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
    let mut text = String::new();
    let limit = MAX_REQUEST_BYTES as u64;
    let (path, read) = if src == "-" {
        (
            "标准输入".to_string(),
            std::io::stdin().take(limit + 1).read_to_string(&mut text),
        )
    } else {
        let read =
            std::fs::File::open(src).and_then(|f| f.take(limit + 1).read_to_string(&mut text));
        (src.to_string(), read)
    };
    read.map_err(|e| Error::Io {
        path: path.clone(),
        detail: xinfang::error::io_zh(&e),
    })?;
    if text.len() as u64 > limit {
        return Err(Error::InputTooLarge {
            what: format!("“{path}”的内容"),
            size: format!("{} 以上", bytes_zh(limit)),
            limit: bytes_zh(limit),
        });
    }
    Ok(text)
}

fn t(s: &str) -> Result<Time> {
    parse_time(s)
}

fn run_on_ledger(desk: &mut Desk, command: Command, now: &Time) -> Result<()> {
    match command {
        Command::Case(c) => run_case(desk, c, now),
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
        Command::Calendar(c) => match c {
            CalendarCmd::Import { file } => {
                let text = read_input(&file.display().to_string())?;
                let year = desk.import_calendar_year(&file.display().to_string(), &text, now)?;
                println!("已导入 {year} 年放假安排，全部期限已按新日历重新计算。");
                Ok(())
            }
            CalendarCmd::Override {
                date,
                working,
                rest: _,
                note,
            } => {
                desk.override_day(
                    DayOverride {
                        date: parse_date(&date)?,
                        working,
                        note,
                    },
                    now,
                )?;
                println!("已更新 {date}，全部期限已重新计算。");
                Ok(())
            }
            CalendarCmd::Day { date } => {
                let d = parse_date(&date)?;
                println!("{date}：{}", desk.calendar().describe(d));
                if let Some(w) = desk.calendar().coverage_warning(d) {
                    println!("注意：{w}");
                }
                Ok(())
            }
        },
        Command::Unit(u) => {
            match u {
                UnitCmd::List { json } => {
                    let units = desk.units()?;
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&units).unwrap_or_default()
                        );
                    } else {
                        for u in units {
                            let leaders: Vec<String> = u
                                .leaders
                                .iter()
                                .map(|l| format!("{} {}", l.role_label, l.name))
                                .collect();
                            println!("{}（{} 件）{}", u.name, u.cases, leaders.join("，"));
                        }
                    }
                }
                UnitCmd::AddLeader { unit, name, role } => {
                    desk.add_leader(&unit, &name, LeaderRole::parse(&role)?, now)?;
                    println!("已登记：{unit} {name}");
                }
                UnitCmd::RemoveLeader { unit, name, role } => {
                    desk.remove_leader(&unit, &name, LeaderRole::parse(&role)?, now)?;
                    println!("已删除：{unit} {name}");
                }
            }
            Ok(())
        }
        Command::Export {
            file,
            unit,
            year,
            columns,
            title,
            mask_personal,
            json,
        } => {
            let opts = xinfang::exchange::ExportOptions {
                unit,
                year,
                mask_personal,
                columns: columns
                    .as_deref()
                    .map(xinfang::exchange::parse_columns)
                    .transpose()?,
                title,
            };
            let report = xinfang::api::export_file(desk, &file, &opts, now)?;
            print::export(&report, json);
            Ok(())
        }
        Command::Import {
            file,
            dry_run,
            on_existing,
            sheet,
            header_row,
            map,
            save_mapping,
            unit,
            default_source,
            default_form,
            default_purpose,
            skip_row,
            skip_rows_with_errors,
            keep_invalid_as_note,
            set,
            json,
        } => {
            let mut mapping = std::collections::BTreeMap::new();
            for m in &map {
                let (k, v) = m.split_once(['=', '＝']).ok_or_else(|| {
                    Error::invalid("--map", format!("“{m}”应写成 列名=字段，如 反映人=信访人"))
                })?;
                mapping.insert(k.trim().to_string(), v.trim().to_string());
            }
            let opts = xinfang::exchange::ImportOptions {
                sheet,
                header_row,
                mapping,
                on_existing: xinfang::exchange::OnExisting::parse(&on_existing)?,
                dry_run,
                unit,
                save_mapping,
                limits: xinfang::exchange::Limits::default(),
                default_source: default_source
                    .as_deref()
                    .map(xinfang::domain::Source::parse)
                    .transpose()?,
                default_form: default_form
                    .as_deref()
                    .map(xinfang::domain::Form::parse)
                    .transpose()?,
                default_purpose: default_purpose
                    .as_deref()
                    .map(xinfang::domain::Purpose::parse)
                    .transpose()?,
                skip_rows: skip_row
                    .iter()
                    .map(|s| xinfang::exchange::parse_rows(s))
                    .collect::<Result<Vec<_>>>()?
                    .concat(),
                skip_rows_with_errors,
                keep_as_note: keep_invalid_as_note,
                fixes: set
                    .iter()
                    .map(|s| xinfang::exchange::CellFix::parse(s))
                    .collect::<Result<_>>()?,
            };
            let report = xinfang::api::import_file(desk, &file, &opts, now)?;
            print::import(&report, json);
            if report.errors_total > 0 {
                return Err(Error::ImportRejected {
                    errors: report.errors_total,
                });
            }
            Ok(())
        }
        Command::Rounds(RoundsArgs { cmd, .. }) => match cmd {
            Some(RoundsCmd::Done {
                at,
                new_items,
                json,
            }) => {
                let at = at.as_deref().map(parse_time).transpose()?;
                print::round_done(&desk.round_done(at, new_items, now)?, json);
                Ok(())
            }
            Some(RoundsCmd::Report { month, out, json }) => {
                match out {
                    Some(path) => {
                        let r = desk.rounds_report_export(&month, &path, now)?;
                        if json {
                            println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
                        } else {
                            println!(
                                "已导出 {} 的查看记录：{} 个工作日，{} 轮 → {}",
                                r.month, r.days, r.rounds, r.file
                            );
                        }
                    }
                    None => print::rounds_report(&desk.rounds_report(&month, now)?, json),
                }
                Ok(())
            }
            Some(RoundsCmd::Pending { since, json }) => {
                let since = since.as_deref().map(parse_time).transpose()?;
                print::pending(&desk.rounds_pending(since, now)?, json);
                Ok(())
            }
            None => Ok(()),
        },
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

fn run_case(desk: &mut Desk, c: CaseCmd, now: &Time) -> Result<()> {
    match c {
        CaseCmd::Add { input } => {
            let case = NewCase::from_json(&read_input(&input)?)?;
            let outcome = desk.add_case(case, now)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&outcome).unwrap_or_default()
            );
            if !outcome.possible_repeats.is_empty() {
                eprintln!(
                    "提示：该信访人有 {} 件在先信访，可能属于重复信访，请核实。",
                    outcome.possible_repeats.len()
                );
            }
            if let Some(note) = &outcome.not_accepted_again {
                eprintln!("提示：{note}");
            }
            Ok(())
        }
        CaseCmd::Update { case_no, input } => {
            let text = read_input(&input)?;
            let patch: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Error::BadJson {
                    line: e.line(),
                    column: e.column(),
                    detail: "不是合法的 JSON".into(),
                })?;
            print::case_view(&desk.update_case(&case_no, &patch, now)?, true);
            Ok(())
        }
        CaseCmd::List(a) => {
            let filter = CaseFilter {
                unit: a.unit,
                source: a.source.as_deref().map(Source::parse).transpose()?,
                purpose: a.purpose.as_deref().map(Purpose::parse).transpose()?,
                method: a
                    .method
                    .as_deref()
                    .map(xinfang::domain::Method::parse_checked)
                    .transpose()?,
                status: a.status.as_deref().map(Status::parse).transpose()?,
                arrived_from: a.from.as_deref().map(parse_date).transpose()?,
                arrived_to: a.to.as_deref().map(parse_date).transpose()?,
                overdue: a.overdue,
                due_within: a.due_within,
                search: a.search,
                include_deleted: a.include_deleted,
                sort: None,
                limit: a.limit,
                offset: a.offset,
            };
            print::list(&desk.list_cases(&filter, now)?, a.json);
            Ok(())
        }
        CaseCmd::Show { case_no, json } => {
            print::case_view(&desk.show_case(&case_no, now)?, json);
            Ok(())
        }
        CaseCmd::History { case_no } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&desk.history(&case_no)?).unwrap_or_default()
            );
            Ok(())
        }
        CaseCmd::Sign(a) => print::done(
            &desk.sign_for(&a.case_no, t(&a.at)?, now)?,
            "已签收",
            a.json,
        ),
        CaseCmd::Decide {
            case_no,
            method,
            at,
            reason,
            ground,
            redirect_to,
            json,
        } => print::done(
            &desk.decide_with(
                &case_no,
                &method,
                t(&at)?,
                reason,
                xinfang::api::DecideDetails {
                    ground: ground
                        .as_deref()
                        .map(xinfang::domain::DeclineGround::parse)
                        .transpose()?,
                    redirect_to,
                },
                now,
            )?,
            "已确定办理方式",
            json,
        ),
        CaseCmd::Reply(a) => print::done(
            &desk.reply(&a.case_no, t(&a.at)?, now)?,
            "已登记答复",
            a.json,
        ),
        CaseCmd::Extend {
            case_no,
            days,
            approved_by,
            reason,
            at,
            json,
        } => print::done(
            &desk.extend(&case_no, days, &approved_by, &reason, t(&at)?, now)?,
            "已登记延期",
            json,
        ),
        CaseCmd::Document {
            case_no,
            kind,
            doc_no,
            title,
            at,
            json,
        } => {
            let doc = DocumentInput {
                kind: DocKind::parse(&kind)?,
                doc_no,
                title,
                issued_at: at.as_deref().map(t).transpose()?,
            };
            print::done(
                &desk.record_document(&case_no, doc, now)?,
                "已登记文书",
                json,
            )
        }
        CaseCmd::Signoff {
            case_no,
            kind,
            role,
            leader,
            at,
            json,
        } => print::done(
            &desk.signoff(
                &case_no,
                DocKind::parse(&kind)?,
                LeaderRole::parse(&role)?,
                &leader,
                t(&at)?,
                now,
            )?,
            "已登记签批",
            json,
        ),
        CaseCmd::Deliver {
            case_no,
            at,
            method,
            recipient,
            docs,
            place,
            receipt_signed,
            proxy_reason,
            witness,
            signed_on,
            tracking_no,
            refusal_reason,
            server,
            json,
        } => {
            let documents = docs
                .iter()
                .map(|d| DocKind::parse(d))
                .collect::<Result<Vec<_>>>()?;
            let d = DeliveryInput {
                at: t(&at)?,
                method: DeliveryMethod::parse(&method)?,
                place,
                recipient,
                documents,
                receipt_signed,
                proxy_reason,
                witness,
                signed_on: signed_on.as_deref().map(parse_date).transpose()?,
                tracking_no,
                refusal_reason,
                server,
            };
            print::done(&desk.deliver(&case_no, d, now)?, "已登记送达", json)
        }
        CaseCmd::Attachment {
            case_no,
            kind,
            file_name,
            at,
            json,
        } => print::done(
            &desk.record_attachment(
                &case_no,
                DocKind::parse(&kind)?,
                &file_name,
                None,
                t(&at)?,
                now,
            )?,
            "已登记附件",
            json,
        ),
        CaseCmd::AttachmentReview {
            case_no,
            file_name,
            reviewer,
            at,
            json,
        } => print::done(
            &desk.review_attachment(
                &case_no,
                &file_name,
                Reviewer::parse(&reviewer)?,
                t(&at)?,
                now,
            )?,
            "已登记附件审核",
            json,
        ),
        CaseCmd::Evaluate {
            case_no,
            result,
            at,
            json,
        } => print::done(
            &desk.evaluate(&case_no, Evaluation::parse(&result)?, t(&at)?, now)?,
            "已登记评价",
            json,
        ),
        CaseCmd::Review {
            case_no,
            kind,
            requested_at,
            opinion_at,
            result,
            received_on,
            hearing_days,
            json,
        } => {
            let kind = ReviewKind::parse(&kind)?;
            let view = match (requested_at, opinion_at, &received_on, hearing_days) {
                (Some(r), None, None, None) => desk.request_review(&case_no, kind, t(&r)?, now)?,
                (None, Some(o), None, None) => {
                    desk.review_opinion(&case_no, kind, t(&o)?, result, now)?
                }
                (None, None, _, _) if received_on.is_some() || hearing_days.is_some() => desk
                    .review_details(
                        &case_no,
                        kind,
                        received_on.as_deref().map(parse_date).transpose()?,
                        hearing_days,
                        now,
                    )?,
                _ => {
                    return Err(Error::invalid(
                        "复查/复核",
                        "请三选一：--requested-at（登记申请）、--opinion-at（登记意见）或 --received-on / --hearing-days（登记签收日期、听证天数）",
                    ));
                }
            };
            print::done(&view, "已登记复查/复核", json)
        }
        CaseCmd::Repeat { case_no, of } => print::done(
            &desk.mark_repeat(&case_no, &of, now)?,
            "已标记重复信访",
            false,
        ),
        CaseCmd::Delete { case_no, reason } => print::done(
            &desk.delete_case(&case_no, &reason, now)?,
            "已删除（可用 case restore 恢复）",
            false,
        ),
        CaseCmd::Restore { case_no } => {
            print::done(&desk.restore_case(&case_no, now)?, "已恢复", false)
        }
    }
}
