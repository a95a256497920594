//! Windows: when the window cannot start (almost always a missing WebView2 runtime), say so
//! in a message box and offer the browser edition installed beside the exe. A release build
//! has no console, so without this a clerk who double-clicks the icon sees nothing at all.

use std::os::windows::process::CommandExt;
use std::process::Command;

use windows_sys::Win32::UI::WindowsAndMessaging::{
    IDYES, MB_ICONERROR, MB_ICONWARNING, MB_OK, MB_YESNO, MessageBoxW,
};

/// No console window for the server started in the background (the page has 退出).
const CREATE_NO_WINDOW: u32 = 0x0800_0000;

pub(crate) fn offer_browser_edition(error: &str) {
    let cli = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("xinfang.exe")))
        .filter(|cli| cli.is_file());
    let mut text = format!(
        "信访工作台的桌面窗口无法启动：{error}\n\n桌面窗口需要 Microsoft Edge WebView2 运行时\
         （Windows 10/11 一般自带）。请管理员安装后再打开。"
    );
    let Some(cli) = cli else {
        message_box(&text, MB_OK | MB_ICONWARNING);
        return;
    };
    text.push_str("\n\n现在改用浏览器版吗？在本机浏览器中使用，台账和功能相同，不需要联网。");
    // Without a desktop (a service, a test under Wine) MessageBoxW fails: nothing is started.
    if message_box(&text, MB_YESNO | MB_ICONWARNING) == IDYES
        && let Err(e) = Command::new(&cli)
            .args(["serve", "--open"])
            .creation_flags(CREATE_NO_WINDOW)
            .spawn()
    {
        message_box(
            &format!("无法启动浏览器版（{}）：{e}", cli.display()),
            MB_OK | MB_ICONERROR,
        );
    }
}

fn message_box(text: &str, style: u32) -> i32 {
    let wide = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
    let (text, title) = (wide(text), wide("信访工作台"));
    // SAFETY: both are NUL-terminated UTF-16 buffers that outlive the call; no owner window.
    #[allow(unsafe_code)]
    unsafe {
        MessageBoxW(std::ptr::null_mut(), text.as_ptr(), title.as_ptr(), style)
    }
}
