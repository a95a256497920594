//! The support log: one file per day under `<data dir>/logs/` (or `XINFANG_LOG_DIR`), written
//! by the CLI, `xinfang serve`, the desktop shell and its reminder loop.
//!
//! Privacy by construction (issue #8 §4, 条例 §30.3): every event is a fixed message with
//! fields chosen here — command names, durations, counts, error codes, schema versions and
//! case numbers that look like case numbers. Nothing logs a record, a user-typed string or an
//! error *message* (messages may quote user input: "“张三”不是有效的…"); errors are logged by
//! their `code()` only. Use the helpers below rather than `tracing::info!` with free text.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;

/// Environment variable that points the log folder elsewhere (tests, portable installs).
pub const LOG_DIR_ENV: &str = "XINFANG_LOG_DIR";
/// `error`, `warn`, `info` (default), `debug` or `off`.
pub const LOG_LEVEL_ENV: &str = "XINFANG_LOG";
/// Daily files kept; older ones are deleted by the appender at rotation.
pub const LOG_FILES_KEPT: usize = 30;

static INSTALLED: OnceLock<Option<PathBuf>> = OnceLock::new();

/// The folder the log goes to: `XINFANG_LOG_DIR`, else `<data dir>/logs`.
pub fn log_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(LOG_DIR_ENV).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("cn", "xinfang", "xinfang-desk")
        .map(|d| d.data_dir().join("logs"))
}

/// Installs the daily-rotated file log for this process, once. `component` names the front
/// end (`cli`, `serve`, `desktop`, `notify`). Returns the folder, or `None` when logging is
/// off or the folder cannot be written — a log must never stop the clerk's work.
pub fn init(component: &'static str) -> Option<PathBuf> {
    INSTALLED
        .get_or_init(|| install(component))
        .as_ref()
        .cloned()
}

fn install(component: &'static str) -> Option<PathBuf> {
    let level = match std::env::var(LOG_LEVEL_ENV).ok().as_deref().map(str::trim) {
        Some("off") => return None,
        Some("error") => LevelFilter::ERROR,
        Some("warn") => LevelFilter::WARN,
        Some("debug") => LevelFilter::DEBUG,
        _ => LevelFilter::INFO,
    };
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("xinfang")
        .filename_suffix("log")
        .max_log_files(LOG_FILES_KEPT)
        .build(&dir)
        .ok()?;
    // Blocking writes: one short line per command, and a killed process loses nothing.
    // Our crates only: a dependency's own events (a web or GUI library) could carry anything.
    let ours = Targets::new()
        .with_target("xinfang", level)
        .with_target("xinfang_notify", level)
        .with_target("xinfang_desk", level);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(appender)
        .with_max_level(level)
        .with_target(false)
        .finish()
        .with(ours);
    tracing::subscriber::set_global_default(subscriber).ok()?;
    tracing::info!(component, pid = std::process::id(), "启动");
    Some(dir)
}

/// A case number as it may appear in the log: ASCII case numbers as typed (they identify a
/// case, not a person); anything else — which could be a name typed into the wrong box — is
/// replaced.
pub fn case_ref(case_no: &str) -> &str {
    let plain = !case_no.is_empty()
        && case_no.len() <= 40
        && case_no
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_/.#".contains(&b));
    if plain {
        case_no
    } else {
        "（非常规编号，已隐去）"
    }
}

/// One command of the command surface finished.
pub fn command_done(
    command: &str,
    case_no: Option<&str>,
    took: Duration,
    outcome: Result<(), &'static str>,
) {
    // Command names come from the fixed COMMANDS list or clap's subcommands; an unknown
    // name is user input and is not echoed.
    let command = if crate::api::COMMANDS.contains(&command) || is_cli_name(command) {
        command
    } else {
        "（未知命令）"
    };
    let case = case_no.map(case_ref).unwrap_or("");
    let ms = took.as_secs_f64() * 1000.0;
    match outcome {
        Ok(()) => tracing::info!(command, case, ms = format!("{ms:.1}"), "完成"),
        Err(code) => tracing::warn!(command, case, ms = format!("{ms:.1}"), code, "失败"),
    }
}

fn is_cli_name(s: &str) -> bool {
    s.starts_with("cli:")
        && s.len() <= 60
        && s[4..]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b' ')
}

/// A counted event: `event` is a fixed name from the code (import, export, migration…).
pub fn counted(event: &'static str, count: usize) {
    tracing::info!(event, count, "计数");
}
