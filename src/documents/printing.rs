//! 打印 and 打开: hand a generated PDF to the operating system. CUPS `lp` on Linux, UOS,
//! Kylin and macOS; the shell's Print / PrintTo verb on Windows. Printing from the webview
//! is unreliable across platforms, so the desktop app prints its own PDFs through here.
//!
//! On Windows the command is a fixed PowerShell script passed as `-EncodedCommand`; the
//! file and printer reach it only through environment variables, so no quote, `$`,
//! backtick or `;` in a path (`O'Brien 的文书.pdf`) can change what runs. `lp` gets its
//! arguments directly (no shell).

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use base64::Engine;

use crate::error::{Error, Result};

/// Environment variables the Windows scripts read their inputs from.
pub const ENV_FILE: &str = "XINFANG_PRINT_FILE";
pub const ENV_PRINTER: &str = "XINFANG_PRINT_PRINTER";

/// The script's exit code when no program registers the verb for .pdf files.
const NO_VERB_EXIT: i32 = 3;

/// Prints through the file type's registered verb. `Print` sends to the default printer,
/// `PrintTo "<printer>"` to a named one; a PDF type without the verb (no WPS/Adobe, only a
/// browser as the PDF viewer) exits 3 before anything starts.
const WINDOWS_PRINT: &str = r#"$ErrorActionPreference = 'Stop'
$f = $env:XINFANG_PRINT_FILE
$p = $env:XINFANG_PRINT_PRINTER
$verb = if ($p) { 'PrintTo' } else { 'Print' }
$psi = New-Object System.Diagnostics.ProcessStartInfo -ArgumentList $f
if (-not ($psi.Verbs -contains $verb)) { exit 3 }
try {
  if ($p) {
    Start-Process -FilePath $f -Verb PrintTo -ArgumentList ([char]34 + $p + [char]34)
  } else {
    Start-Process -FilePath $f -Verb Print
  }
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 4
}
"#;

/// Opens the file with its default program (the PDF reader).
const WINDOWS_OPEN: &str = r#"$ErrorActionPreference = 'Stop'
try {
  Start-Process -FilePath $env:XINFANG_PRINT_FILE
} catch {
  [Console]::Error.WriteLine($_.Exception.Message)
  exit 4
}
"#;

/// A program, its arguments and the environment it needs: what `print_pdf` and
/// `open_pdf` run, composed without running it (the unit tests check it on every OS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsCommand {
    pub program: String,
    pub args: Vec<OsString>,
    pub env: Vec<(String, OsString)>,
}

impl OsCommand {
    fn command(&self) -> Command {
        let mut c = Command::new(&self.program);
        c.args(&self.args);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }
}

/// PowerShell's `-EncodedCommand`: the script as base64 of UTF-16LE.
pub fn encode_powershell(script: &str) -> String {
    let bytes: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn powershell(script: &str, file: &Path, printer: Option<&str>) -> OsCommand {
    let mut env = vec![(ENV_FILE.to_string(), file.as_os_str().to_owned())];
    if let Some(p) = printer {
        env.push((ENV_PRINTER.to_string(), p.into()));
    }
    OsCommand {
        program: "powershell.exe".into(),
        args: [
            "-NoProfile",
            "-NonInteractive",
            "-ExecutionPolicy",
            "Bypass",
            "-EncodedCommand",
        ]
        .iter()
        .map(OsString::from)
        .chain([OsString::from(encode_powershell(script))])
        .collect(),
        env,
    }
}

/// The command that prints `file` (absolute) on `printer` or the default printer.
pub fn print_command(file: &Path, printer: Option<&str>, windows: bool) -> OsCommand {
    let printer = printer.map(str::trim).filter(|p| !p.is_empty());
    if windows {
        return powershell(WINDOWS_PRINT, file, printer);
    }
    let mut args: Vec<OsString> = Vec::new();
    if let Some(p) = printer {
        args.extend(["-d".into(), p.into()]);
    }
    args.extend(["--".into(), file.as_os_str().to_owned()]);
    OsCommand {
        program: "lp".into(),
        args,
        env: Vec::new(),
    }
}

/// The command that opens `file` in the system's PDF viewer.
pub fn open_command(file: &Path, windows: bool) -> OsCommand {
    if windows {
        return powershell(WINDOWS_OPEN, file, None);
    }
    OsCommand {
        program: if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        }
        .into(),
        args: vec![file.as_os_str().to_owned()],
        env: Vec::new(),
    }
}

/// What a failed print run means for the clerk.
pub fn print_failure(windows: bool, code: Option<i32>, stderr: &str, stdout: &str) -> Error {
    if windows && code == Some(NO_VERB_EXIT) {
        return Error::NoPrintReader;
    }
    let said = if stderr.trim().is_empty() {
        stdout.trim()
    } else {
        stderr.trim()
    };
    Error::Print(format!(
        "系统打印程序报告：{said}。请检查打印机是否已连接并设为默认，或用“打开”在阅读器中打印。"
    ))
}

fn absolute(file: &Path) -> std::path::PathBuf {
    std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf())
}

/// Sends `file` to `printer` (or the default printer); returns the spooler's answer
/// (e.g. `request id is PDF-3 (1 file(s))`; empty on Windows).
pub fn print_pdf(file: &Path, printer: Option<&str>) -> Result<String> {
    if !file.is_file() {
        return Err(Error::Io {
            path: file.display().to_string(),
            detail: "文件不存在".into(),
        });
    }
    let windows = cfg!(windows);
    let out = print_command(&absolute(file), printer, windows)
        .command()
        .output()
        .map_err(|e| {
            Error::Print(format!(
                "无法调用系统打印程序（{}）。请确认已安装并配置打印机（Linux 需要 CUPS：cups-client），或用“打开”在阅读器中打印。",
                crate::error::io_zh(&e)
            ))
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(print_failure(windows, out.status.code(), &stderr, &stdout));
    }
    Ok(stdout)
}

/// Opens `file` in the system's PDF viewer.
pub fn open_pdf(file: &Path) -> Result<()> {
    let status = open_command(&absolute(file), cfg!(windows))
        .command()
        .status()
        .map_err(|e| Error::Print(format!("无法打开阅读器（{}）", crate::error::io_zh(&e))))?;
    if !status.success() {
        return Err(Error::Print(
            "系统没有可用的 PDF 阅读器，请先安装一个。".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(cmd: &OsCommand) -> String {
        let b64 = cmd.args.last().expect("script").to_str().expect("ascii");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("utf-16")
    }

    fn env<'a>(cmd: &'a OsCommand, key: &str) -> Option<&'a OsString> {
        cmd.env.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A path with a single quote, `$`, a backtick, `;` and Chinese with spaces: none of
    /// it appears in the script text, all of it reaches PowerShell unchanged.
    #[test]
    fn the_windows_print_command_never_puts_the_path_into_the_script() {
        let file = Path::new(r"C:\Users\张三\Documents\信访 台账\O'Brien's $(calc) `x`; 文书.pdf");
        let cmd = print_command(file, None, true);
        assert_eq!(cmd.program, "powershell.exe");
        assert_eq!(
            cmd.args[..5],
            [
                "-NoProfile",
                "-NonInteractive",
                "-ExecutionPolicy",
                "Bypass",
                "-EncodedCommand"
            ]
            .map(OsString::from)
        );
        let script = decode(&cmd);
        assert_eq!(script, WINDOWS_PRINT);
        assert!(!script.contains("O'Brien") && !script.contains("张三"));
        assert!(script.contains("-Verb Print") && script.contains("exit 3"));
        assert_eq!(env(&cmd, ENV_FILE), Some(&file.as_os_str().to_owned()));
        assert_eq!(env(&cmd, ENV_PRINTER), None);
        // The encoded argument is plain base64: nothing in it for a command line to split.
        let b64 = cmd.args[5].to_str().expect("ascii");
        assert!(
            b64.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
        );
    }

    #[test]
    fn a_named_printer_uses_print_to_and_travels_in_the_environment() {
        let file = Path::new(r"C:\文书\a.pdf");
        let cmd = print_command(file, Some(" 财务室 HP LaserJet's "), true);
        let script = decode(&cmd);
        assert!(script.contains("-Verb PrintTo"));
        assert!(!script.contains("LaserJet"));
        assert_eq!(
            env(&cmd, ENV_PRINTER),
            Some(&OsString::from("财务室 HP LaserJet's"))
        );
        // A blank printer name means the default printer.
        assert_eq!(
            env(&print_command(file, Some("  "), true), ENV_PRINTER),
            None
        );
    }

    #[test]
    fn cups_gets_the_path_as_one_argument_after_double_dash() {
        let file = Path::new("/home/张三/信访 台账/O'Brien 的文书.pdf");
        let cmd = print_command(file, Some("HP_M1136"), false);
        assert_eq!(cmd.program, "lp");
        assert_eq!(
            cmd.args,
            [
                "-d",
                "HP_M1136",
                "--",
                "/home/张三/信访 台账/O'Brien 的文书.pdf"
            ]
            .map(OsString::from)
        );
        assert!(cmd.env.is_empty());
        let default = print_command(file, None, false);
        assert_eq!(default.args.len(), 2);
    }

    #[test]
    fn opening_on_windows_starts_the_default_program_from_the_environment() {
        let file = Path::new(r"C:\信访 台账\O'Brien.pdf");
        let cmd = open_command(file, true);
        let script = decode(&cmd);
        assert_eq!(script, WINDOWS_OPEN);
        assert!(!script.contains("Brien"));
        assert_eq!(env(&cmd, ENV_FILE), Some(&file.as_os_str().to_owned()));
    }

    /// No reader with a Print verb: the clerk is told in Chinese and offered 打开.
    #[test]
    fn no_print_verb_on_windows_offers_open() {
        let e = print_failure(true, Some(3), "", "");
        assert_eq!(e.code(), "print_no_reader");
        let msg = e.to_string();
        assert!(msg.contains("打开") && msg.contains("WPS"), "{msg}");
        let other = print_failure(true, Some(4), "拒绝访问。", "");
        assert_eq!(other.code(), "print");
        assert!(other.to_string().contains("拒绝访问"), "{other}");
        // On Linux exit code 3 is just lp's failure.
        assert_eq!(
            print_failure(false, Some(3), "lp: 没有默认目标", "").code(),
            "print"
        );
    }
}
