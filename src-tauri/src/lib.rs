//! The desktop shell: a window with the UI from `ui/`, a tray icon, close-to-tray, single
//! instance and optional start at login. It holds no business logic: the webview reaches the
//! core through one command, `call`, which hands the command name and its JSON arguments to
//! `xinfang::api::dispatch`. Only OS integration (autostart) is answered here.

#[cfg(windows)]
mod fallback;
mod reminder_loop;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use serde_json::{Value, json};
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, WindowEvent};
use tauri_plugin_autostart::{MacosLauncher, ManagerExt};
use xinfang::ErrorPayload;
use xinfang::api::Gate;
use xinfang::time::{Time, cst};

/// The ledger behind its lock (sealed until unlock when encrypted), or why it could not
/// be opened (shown by the UI on its first call).
pub(crate) struct DeskState(pub(crate) Mutex<Result<Gate, ErrorPayload>>);

#[allow(clippy::disallowed_methods)] // the shell is where "now" comes from
pub(crate) fn now() -> Time {
    chrono::Utc::now().with_timezone(&cst())
}

/// When the process started, for the startup probe (`XINFANG_STARTUP_PROBE=1` prints the time
/// from launch to the UI's first command, i.e. the first screen asking for its data).
static STARTED: OnceLock<Instant> = OnceLock::new();
static FIRST_CALL: AtomicBool = AtomicBool::new(true);

/// The one command the webview calls.
#[tauri::command(async)]
fn call(
    app: AppHandle,
    state: tauri::State<'_, DeskState>,
    command: String,
    args: Value,
) -> Result<Value, ErrorPayload> {
    if FIRST_CALL.swap(false, Ordering::Relaxed)
        && std::env::var_os("XINFANG_STARTUP_PROBE").is_some()
        && let Some(t0) = STARTED.get()
    {
        eprintln!(
            "startup: first command ({command}) after {} ms",
            t0.elapsed().as_millis()
        );
    }
    match command.as_str() {
        "shell_autostart_get" => {
            let on = app.autolaunch().is_enabled().unwrap_or(false);
            return Ok(json!({ "enabled": on }));
        }
        "shell_autostart_set" => {
            let on = args
                .get("enabled")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let launcher = app.autolaunch();
            let done = if on {
                launcher.enable()
            } else {
                launcher.disable()
            };
            return done
                .map(|_| json!({ "enabled": on }))
                .map_err(|e| ErrorPayload {
                    code: "autostart",
                    message: format!("无法更改开机启动设置：{e}。请检查系统权限后重试。"),
                    field: None,
                });
        }
        _ => {}
    }
    let mut guard = match state.0.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    match guard.as_mut() {
        // Through the gate: while locked only lock_status/unlock/lock are answered.
        Ok(gate) => gate.dispatch(&command, args, &now()),
        Err(e) => Err(e.clone()),
    }
}

fn ledger_path() -> Option<PathBuf> {
    std::env::var_os("XINFANG_DB")
        .map(PathBuf::from)
        .or_else(xinfang::api::default_ledger_path)
}

fn open_desk() -> Result<Gate, ErrorPayload> {
    let path = ledger_path().ok_or(ErrorPayload {
        code: "not_writable",
        message: "找不到系统数据目录，请设置环境变量 XINFANG_DB 指定台账位置。".into(),
        field: None,
    })?;
    Gate::open(&path, true, &now()).map_err(|e| e.payload())
}

fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

pub fn run() {
    STARTED.get_or_init(Instant::now);
    // The support log (no personal data: see xinfang::logging).
    xinfang::logging::init("desktop");
    let start_hidden = std::env::args().any(|a| a == "--tray");
    let desk = open_desk();
    let result = tauri::Builder::default()
        // A second launch focuses the first instead of opening another window and tray icon.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main(app)
        }))
        .plugin(tauri_plugin_autostart::init(
            MacosLauncher::LaunchAgent,
            Some(vec!["--tray"]),
        ))
        // Native save/open dialogs for the ledger's Excel export and import.
        .plugin(tauri_plugin_dialog::init())
        .manage(DeskState(Mutex::new(desk)))
        .invoke_handler(tauri::generate_handler![call])
        .setup(move |app| {
            let open = MenuItem::with_id(app, "open", "打开台账", true, None::<&str>)?;
            let round = MenuItem::with_id(app, "round", "现在查看一轮", true, None::<&str>)?;
            let quit = MenuItem::with_id(app, "quit", "退出", true, None::<&str>)?;
            let menu = Menu::with_items(app, &[&open, &round, &quit])?;
            let mut tray = TrayIconBuilder::with_id("main")
                .tooltip("信访工作台")
                .menu(&menu)
                .show_menu_on_left_click(false)
                .on_menu_event(|app, event| match event.id.as_ref() {
                    "open" => {
                        show_main(app);
                        let _ = app.emit("navigate", "/ledger");
                    }
                    "round" => {
                        show_main(app);
                        let _ = app.emit("check-round", ());
                    }
                    "quit" => app.exit(0),
                    _ => {}
                })
                .on_tray_icon_event(|tray, event| {
                    if let TrayIconEvent::Click {
                        button: MouseButton::Left,
                        button_state: MouseButtonState::Up,
                        ..
                    } = event
                    {
                        show_main(tray.app_handle());
                    }
                });
            if let Some(icon) = app.default_window_icon() {
                tray = tray.icon(icon.clone());
            }
            tray.build(app)?;
            if start_hidden && let Some(w) = app.get_webview_window("main") {
                w.hide()?;
            }
            // Windows toasts need the AppUserModelID the installer's Start-menu shortcut
            // carries: the bundle identifier (docs/packaging.md).
            xinfang_notify::set_app_id(&app.config().identifier);
            // "2+2" rounds and deadline alerts; catches up at once on start.
            reminder_loop::spawn(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            // Close keeps the app in the tray: reminders must keep running all day.
            if let WindowEvent::CloseRequested { api, .. } = event {
                api.prevent_close();
                let _ = window.hide();
            }
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!(
            "错误：信访工作台无法启动：{e}。请确认已安装 WebKitGTK 4.1（Linux）或 WebView2（Windows）。"
        );
        #[cfg(windows)]
        fallback::offer_browser_edition(&e.to_string());
        std::process::exit(1);
    }
}
