//! `xinfang`: the command line over the same command surface as the desktop app.
//! JSON on stdout with `--json`, Chinese errors on stderr, non-zero exit on error.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ErrorKind};

fn main() -> ExitCode {
    let name = command_name();
    xinfang::logging::init(if name == "cli:serve" { "serve" } else { "cli" });
    let started = std::time::Instant::now();
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            xinfang::logging::command_done(&name, None, started.elapsed(), Err("usage"));
            return usage_error(e);
        }
    };
    let result = cli::run(args);
    let outcome = result.as_ref().map(|_| ()).map_err(|e| e.code());
    xinfang::logging::command_done(&name, None, started.elapsed(), outcome);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            if let Some(hint) = e.cli_hint() {
                eprintln!("{hint}");
            }
            eprintln!("（错误代码：{}）", e.code());
            ExitCode::from(1)
        }
    }
}

/// clap's own messages are English; say the common ones in Chinese and keep the details.
fn usage_error(e: clap::Error) -> ExitCode {
    let what = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::UnknownArgument => "无法识别的参数",
        ErrorKind::InvalidSubcommand => "没有这个命令",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数值无效",
        ErrorKind::ArgumentConflict => "这些参数不能同时使用",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "参数个数不对",
        ErrorKind::MissingSubcommand => "缺少子命令",
        _ => "命令参数有误",
    };
    let detail = [
        ContextKind::InvalidArg,
        ContextKind::InvalidSubcommand,
        ContextKind::InvalidValue,
    ]
    .iter()
    .filter_map(|k| e.get(*k).map(|v| v.to_string()))
    .collect::<Vec<_>>()
    .join(" ");
    eprintln!(
        "错误：{what}{}。用 xinfang --help 或 xinfang <命令> --help 查看用法。",
        if detail.is_empty() {
            String::new()
        } else {
            format!("：{detail}")
        }
    );
    ExitCode::from(2)
}

/// "cli:case add": the subcommand path, built only from clap's own names so that no
/// argument the clerk typed can reach the log.
fn command_name() -> String {
    use clap::CommandFactory;
    let root = cli::Cli::command();
    let mut cur = &root;
    let mut parts: Vec<String> = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let Some(arg) = arg.to_str() else { continue };
        if let Some(sub) = cur.find_subcommand(arg) {
            parts.push(sub.get_name().to_string());
            cur = sub;
        }
    }
    format!("cli:{}", parts.join(" "))
}
