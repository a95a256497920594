//! `xinfang`: the command line over the same command surface as the desktop app.
//! JSON on stdout with `--json`, Chinese errors on stderr, non-zero exit on error.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            eprintln!("（错误代码：{}）", e.code());
            ExitCode::from(1)
        }
    }
}
