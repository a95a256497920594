//! 打印 and 打开: hand a generated PDF to the operating system. CUPS `lp` on Linux, UOS,
//! Kylin and macOS; the shell's print verb on Windows. Printing from the webview is
//! unreliable across platforms, so the desktop app prints its own PDFs through here.

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};

/// Sends `file` to `printer` (or the default printer); returns the spooler's answer
/// (e.g. `request id is PDF-3 (1 file(s))`).
pub fn print_pdf(file: &Path, printer: Option<&str>) -> Result<String> {
    if !file.is_file() {
        return Err(Error::Io {
            path: file.display().to_string(),
            detail: "文件不存在".into(),
        });
    }
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("powershell");
        let verb = match printer {
            Some(p) => format!(
                "Start-Process -FilePath '{}' -Verb PrintTo -ArgumentList '\"{}\"'",
                file.display(),
                p.replace('\'', "''")
            ),
            None => format!("Start-Process -FilePath '{}' -Verb Print", file.display()),
        };
        c.args(["-NoProfile", "-Command", &verb]);
        c
    } else {
        let mut c = Command::new("lp");
        if let Some(p) = printer.map(str::trim).filter(|p| !p.is_empty()) {
            c.args(["-d", p]);
        }
        c.arg("--").arg(file);
        c
    };
    let out = cmd.output().map_err(|e| {
        Error::Print(format!(
            "无法调用系统打印程序（{}）。请确认已安装并配置打印机（Linux 需要 CUPS：cups-client），或用“打开”在阅读器中打印。",
            crate::error::io_zh(&e)
        ))
    })?;
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(Error::Print(format!(
            "系统打印程序报告：{}。请检查打印机是否已连接并设为默认（或用 --printer 指定），或用“打开”在阅读器中打印。",
            if stderr.is_empty() { &stdout } else { &stderr }
        )));
    }
    Ok(stdout)
}

/// Opens `file` in the system's PDF viewer.
pub fn open_pdf(file: &Path) -> Result<()> {
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(file);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(file);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(file);
        c
    };
    let status = cmd
        .status()
        .map_err(|e| Error::Print(format!("无法打开阅读器（{}）", crate::error::io_zh(&e))))?;
    if !status.success() {
        return Err(Error::Print(
            "系统没有可用的 PDF 阅读器，请先安装一个。".into(),
        ));
    }
    Ok(())
}
