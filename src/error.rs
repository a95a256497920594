//! One error type for the core. Every variant carries a Chinese message that says
//! what went wrong and what to do next; `code()` is the stable machine name the UI
//! and scripts match on.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("JSON 内容有误（第 {line} 行第 {column} 列附近）：{detail}。请按说明修正后重试。")]
    BadJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("“{value}”不是有效的{field}。可选值：{allowed}。")]
    UnknownValue {
        field: &'static str,
        value: String,
        allowed: String,
    },
    #[error(
        "办理方式“{0}”已被明令禁止（永川区信访办通知第一部分第（三）项），系统不予登记。不属于本单位职权范围的，请选择“退件”，并在 5 个工作日内写明异议理由。"
    )]
    ForbiddenMethod(String),
    #[error("时间“{value}”无法识别：{why}。请写成 2026-09-30 16:20 的形式。")]
    BadTime { value: String, why: String },
    #[error("缺少必填项：{0}。请补充后重试。")]
    MissingField(String),
    #[error("{field}填写有误：{why}")]
    InvalidField { field: String, why: String },
    /// A command's argument that did not fit its request type; `field` is the code name
    /// (for the UI to mark the input), `label` its Chinese name.
    #[error("{label}：{why}")]
    BadArgument {
        field: String,
        label: String,
        why: String,
    },
    #[error("信访件编号“{0}”已存在，不能重复登记。如需修改，请使用“修改”功能。")]
    DuplicateCase(String),
    #[error(
        "信访件编号“{case_no}”属于一件已删除的事项（删除于 {deleted_at}）。编号要与省信访信息系统一致，不能重复登记：若是误删，请恢复该件后修改登记信息。"
    )]
    DuplicateDeleted { case_no: String, deleted_at: String },
    #[error("没有找到信访件编号为“{0}”的事项，请核对编号。")]
    CaseNotFound(String),
    #[error("信访件“{0}”已被删除。如需恢复，请使用“恢复”功能。")]
    CaseDeleted(String),
    #[error("办理顺序不对：{0}")]
    OutOfOrder(String),
    #[error(
        "“{path}”不是信访工作台的台账文件（{detail}）。请核对路径；如需新建台账，请换一个文件名。"
    )]
    NotALedger { path: String, detail: String },
    #[error(
        "该台账由更新版本的信访工作台写入（数据版本 {found}，本程序只支持到 {supported}）。为免损坏数据，本程序不会打开它，请先升级信访工作台。"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error(
        "无法写入“{path}”：{detail}。请检查该位置是否只读、磁盘是否已满，或把台账放到其他位置。"
    )]
    NotWritable { path: String, detail: String },
    #[error("读取文件“{path}”失败：{detail}。请确认文件存在且有权限读取。")]
    Io { path: String, detail: String },
    #[error("节假日数据有误（{file}）：{detail}。请修正该年度的放假安排文件后重试。")]
    Calendar { file: String, detail: String },
    #[error("设置“{key}”有误：{detail}。请在设置中修正，或删除该项以恢复默认值。")]
    Settings { key: String, detail: String },
    #[error(
        "字体不可用：{detail}。请重新安装信访工作台，或把仿宋、小标宋字体文件放入系统字体目录后重试。"
    )]
    Font { detail: String },
    #[error("文书模板有误（{file}）：{detail}。请修正该模板文件，或删除它以使用内置模板。")]
    Template { file: String, detail: String },
    #[error(
        "所用字体中没有“{0}”字，打印出来会是空白方框，因此没有生成文书。请安装字库更全的字体（如 Windows 的宋体 simsun.ttc，或 Linux 的 fonts-noto-cjk），或把该字体放入 XINFANG_FONT_DIR 指定的文件夹后重试。"
    )]
    MissingGlyphs(String),
    #[error(
        "{document}尚未完成领导签批（缺：{missing}），只能生成带“草稿”水印的草稿。请按分管领导、主要领导的顺序签批后再生成正式文书。"
    )]
    NotSignedOff { document: String, missing: String },
    #[error(
        "{document}还有未填写的内容：{list}。正式文书不能带着填写提示印发，请在“编辑正文”中逐一改为实际内容后再生成（草稿可以先打印）。"
    )]
    PlaceholdersRemain { document: String, list: String },
    #[error(
        "{document}的正文在签批后改过（{leaders}签批的是修改前的文字），原签批已失效。请把修改后的正文重新报{leaders}签批，再生成正式文书。"
    )]
    SignoffVoid { document: String, leaders: String },
    #[error("{0}的正式文书需要文号。请先在该件的文书中分配文号（填写机关代字），再生成正式文书。")]
    DocNoRequired(String),
    #[error("文号登记簿中没有“{0}”。请在文号登记簿中核对文号。")]
    DocNoNotFound(String),
    #[error("文号“{0}”已经作废，不能再次作废或使用。请另行编号。")]
    DocNoVoided(String),
    #[error("打印失败：{0}")]
    Print(String),
    #[error(
        "这台电脑上没有能直接打印 PDF 的阅读器（需要 WPS Office、Adobe Acrobat Reader 等登记了“打印”功能的软件）。请点“打开”，在阅读器中打印；或安装上述任一软件后再点“打印”。"
    )]
    NoPrintReader,
    #[error(
        "磁盘已满，台账无法写入：本次操作没有保存，之前保存的内容完好。请清理磁盘空间（删除不需要的文件、清空回收站），或把台账移到空间充足的位置（--db 或 XINFANG_DB）后重试。"
    )]
    DiskFull,
    #[error(
        "台账数据库出错：{0}。本次操作未写入任何内容，请重试；如反复出现，请先备份台账再联系管理员。"
    )]
    Db(String),
    #[error(
        "无法读取表格“{path}”：{detail}。请确认它是完好的 .xlsx、.xls、.ods 或 .csv 文件；可用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
    )]
    Spreadsheet { path: String, detail: String },
    #[error(
        "表格“{path}”{what}超过上限 {limit}，为防止耗尽内存已拒绝读取。请把台账拆成几个文件分批导入。"
    )]
    TooLarge {
        path: String,
        what: String,
        limit: String,
    },
    #[error(
        "{what}有 {size}，超过上限 {limit}，已拒绝（未写入任何内容）。请把内容缩短或拆分后重试；长篇材料请作为附件保存。"
    )]
    InputTooLarge {
        what: String,
        size: String,
        limit: String,
    },
    #[error(
        "不支持的文件类型“{path}”：{detail}。导入支持 .xlsx、.xls、.ods、.csv，导出支持 .xlsx、.csv。"
    )]
    UnsupportedFormat { path: String, detail: String },
    #[error(
        "在表格“{path}”中没有找到表头：{detail}。请确认表头含“信访件编号”“到达日期”“信访形式”等列名，或指定表头所在的行。"
    )]
    NoHeader { path: String, detail: String },
    #[error(
        "导入文件有 {errors} 处错误，台账未写入任何内容。请按预览列出的行号、列名逐一修正后重新导入（可先只检查、不写入）。"
    )]
    ImportRejected { errors: usize },
    #[error(
        "附件还有 {count} 处必须处理的问题，没有生成上传包：{list}。请逐项处理后重试；确需先行打包的，请写明理由强制打包（理由记入操作日志）。"
    )]
    AttachmentsBlocked { count: usize, list: String },
    #[error("无法写出“{path}”：{detail}。请确认文件未在 Excel/WPS 中打开、位置可写且磁盘有空间。")]
    Export { path: String, detail: String },
    #[error(
        "{at} 没有可以确认的查看轮次：{why}。请在查看时间到了之后再确认，或写明实际查看的时间。"
    )]
    NoRoundToConfirm { at: String, why: String },
    #[error(
        "{label}已于 {confirmed_at} 确认过，不能重复确认。下一次查看时间到了之后再确认下一轮。"
    )]
    RoundAlreadyConfirmed { label: String, confirmed_at: String },
    #[error(
        "备份到“{dir}”失败：{detail}。台账本身没有受影响。请确认备份文件夹存在且可写（U 盘已插好、共享文件夹已连接）、磁盘有空间，或在“设置 → 备份”中换一个文件夹后重试。"
    )]
    BackupFailed { dir: String, detail: String },
    #[error("“{path}”不能用来恢复：{detail}。当前台账没有任何改动。请选择另一份备份。")]
    BadBackup { path: String, detail: String },
    #[error(
        "恢复没有完成：{detail}。当前台账没有被替换；请按上述原因处理（关闭占用台账的程序、确认台账所在文件夹可写）后重新恢复。"
    )]
    RestoreFailed { detail: String },
    #[error("{0}")]
    AuditChainBroken(String),
    #[error("工作台已锁定，请输入密码解锁。")]
    Locked,
    #[error("密码不正确，请重新输入。{hint}")]
    WrongPassword { hint: String },
    #[error("连续输错密码 {failures} 次，请 {seconds} 秒后再试。")]
    RetryLater { failures: u32, seconds: i64 },
    #[error(
        "台账“{path}”已加密，需要密码才能打开。请输入密码解锁；忘记密码的，用设置加密时打印的恢复密钥恢复。"
    )]
    Encrypted { path: String },
    #[error("恢复密钥不正确：{0}。请核对设置加密时打印的恢复密钥（8 组、每组 4 个字符）。")]
    BadRecoveryKey(String),
    #[error("加密设置有误：{0}")]
    Security(String),
}

impl Error {
    /// Stable identifier for scripts and the UI; never translated.
    pub fn code(&self) -> &'static str {
        match self {
            Error::BadJson { .. } => "bad_json",
            Error::UnknownValue { .. } => "unknown_value",
            Error::ForbiddenMethod(_) => "forbidden_method",
            Error::BadTime { .. } => "bad_time",
            Error::MissingField(_) => "missing_field",
            Error::InvalidField { .. } => "invalid_field",
            Error::BadArgument { .. } => "bad_argument",
            Error::DuplicateCase(_) => "duplicate_case",
            Error::DuplicateDeleted { .. } => "duplicate_deleted_case",
            Error::CaseNotFound(_) => "case_not_found",
            Error::CaseDeleted(_) => "case_deleted",
            Error::OutOfOrder(_) => "out_of_order",
            Error::NotALedger { .. } => "not_a_ledger",
            Error::NewerSchema { .. } => "newer_schema",
            Error::NotWritable { .. } => "not_writable",
            Error::Io { .. } => "io",
            Error::Calendar { .. } => "calendar",
            Error::Settings { .. } => "settings",
            Error::Font { .. } => "font",
            Error::Template { .. } => "template",
            Error::MissingGlyphs(_) => "missing_glyphs",
            Error::NotSignedOff { .. } => "not_signed_off",
            Error::DocNoRequired(_) => "doc_no_required",
            Error::PlaceholdersRemain { .. } => "placeholders_remain",
            Error::SignoffVoid { .. } => "signoff_void",
            Error::DocNoNotFound(_) => "doc_no_not_found",
            Error::DocNoVoided(_) => "doc_no_voided",
            Error::Print(_) => "print",
            Error::NoPrintReader => "print_no_reader",
            Error::Db(_) => "db",
            Error::DiskFull => "disk_full",
            Error::Spreadsheet { .. } => "spreadsheet",
            Error::TooLarge { .. } => "too_large",
            Error::InputTooLarge { .. } => "input_too_large",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::NoHeader { .. } => "no_header",
            Error::ImportRejected { .. } => "import_rejected",
            Error::Export { .. } => "export",
            Error::NoRoundToConfirm { .. } => "no_round_to_confirm",
            Error::RoundAlreadyConfirmed { .. } => "round_already_confirmed",
            Error::BackupFailed { .. } => "backup_failed",
            Error::BadBackup { .. } => "bad_backup",
            Error::RestoreFailed { .. } => "restore_failed",
            Error::AuditChainBroken(_) => "audit_chain_broken",
            Error::AttachmentsBlocked { .. } => "attachments_blocked",
            Error::Locked => "locked",
            Error::WrongPassword { .. } => "wrong_password",
            Error::RetryLater { .. } => "retry_later",
            Error::Encrypted { .. } => "encrypted",
            Error::BadRecoveryKey(_) => "bad_recovery_key",
            Error::Security(_) => "security",
        }
    }

    /// The value that crosses to the UI and to `--json` error output.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
            field: match self {
                Error::BadArgument { field, .. } => Some(field.clone()),
                _ => None,
            },
        }
    }

    /// How to do the same from the command line, for the CLI to print after the message
    /// (the message itself speaks the window's words: no flags, no commands).
    pub fn cli_hint(&self) -> Option<&'static str> {
        Some(match self {
            Error::NotWritable { .. } => "命令行可用 --db 或环境变量 XINFANG_DB 指定台账位置。",
            Error::NotALedger { .. } => "新建台账：xinfang init。",
            Error::DocNoRequired(_) => {
                "命令行：xinfang docno allocate --case 信访件编号 --kind 文书种类 --prefix 机关代字。"
            }
            Error::DocNoNotFound(_) => "命令行：xinfang docno list。",
            Error::NoHeader { .. } => "命令行：用 --header-row 指定表头所在行。",
            Error::ImportRejected { .. } => "命令行：可先用 --dry-run 检查。",
            Error::AttachmentsBlocked { .. } => "命令行：--override-reason 写明强制打包的理由。",
            Error::NoRoundToConfirm { .. } => "命令行：用 --at 写明实际查看的时间。",
            Error::Encrypted { .. } => {
                "命令行：设置环境变量 XINFANG_PASSWORD 或在提示时输入密码；忘记密码：xinfang security recover --key 恢复密钥。"
            }
            Error::Print(_) => "命令行：用 --printer 指定打印机。",
            Error::DuplicateDeleted { .. } => "命令行：xinfang case restore 信访件编号。",
            _ => return None,
        })
    }

    pub fn invalid(field: impl Into<String>, why: impl Into<String>) -> Self {
        Error::InvalidField {
            field: field.into(),
            why: why.into(),
        }
    }

    pub(crate) fn from_json(e: &serde_json::Error) -> Self {
        // serde's own text is English; keep the position and the essential detail.
        let raw = e.to_string();
        let detail = match raw.find(" at line ") {
            Some(i) => raw[..i].to_string(),
            None => raw,
        };
        let detail = match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("不是合法的 JSON（{detail}）")
            }
            _ => translate_serde_detail(&detail),
        };
        Error::BadJson {
            line: e.line(),
            column: e.column(),
            detail,
        }
    }
}

/// Turn serde's common English messages into Chinese; our own enum errors are already Chinese.
fn translate_serde_detail(detail: &str) -> String {
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return format!("缺少字段 {field}");
    }
    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!("无法识别的字段 {field}（字段名请使用术语表中的英文名）");
    }
    if detail.starts_with("invalid type") {
        return format!("字段类型不对（{detail}）");
    }
    detail.to_string()
}

/// An I/O failure in words a clerk can act on.
pub fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件或文件夹不存在".into(),
        PermissionDenied => "没有权限".into(),
        ReadOnlyFilesystem => "位置只读".into(),
        StorageFull => "磁盘已满".into(),
        InvalidData => "文件不是 UTF-8 文本".into(),
        NotADirectory => "路径中的某一级不是文件夹".into(),
        AlreadyExists => "已存在同名文件".into(),
        _ => e.to_string(),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct ErrorPayload {
    pub code: &'static str,
    pub message: String,
    /// The argument at fault, when one is (code name, e.g. `at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            // SQLITE_FULL, and SQLITE_IOERR when the WAL or journal could not grow.
            Some(rusqlite::ffi::ErrorCode::DiskFull) => Error::DiskFull,
            _ if is_out_of_space(&e) => Error::DiskFull,
            _ => Error::Db(e.to_string()),
        }
    }
}

/// SQLite reports a failed write to a full disk as a generic I/O error with ENOSPC behind
/// it (SQLITE_IOERR_WRITE and friends); the text is the only portable sign.
fn is_out_of_space(e: &rusqlite::Error) -> bool {
    let text = e.to_string();
    text.contains("disk is full") || text.contains("No space left")
}
