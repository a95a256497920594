//! The reminder loop of the desktop shell (issue #4): a thread that wakes at least every 15 s
//! (and just after each round's time), asks the core what became due since the last tick and
//! shows it — a desktop notification per round and per alert batch, the tray tooltip with the
//! pending count, and an in-app event (`reminders`) for the reminder list. Where the OS drops
//! the notification, the window is flashed so the round is never silently missed. A click on a
//! notification shows the window and emits `navigate` (`round` → the confirm dialog).

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde_json::json;
use tauri::{AppHandle, Emitter, Manager, UserAttentionType};
use xinfang::api::Pending;
use xinfang::time::Time;

use crate::DeskState;

static STOP: AtomicBool = AtomicBool::new(false);

fn tick(app: &AppHandle, now: &Time) -> Result<Pending, String> {
    let state = app.state::<DeskState>();
    let mut guard = match state.0.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    match guard.as_mut() {
        // The reminders keep running while the window is locked (a round must never be
        // missed); an encrypted ledger has nothing to read until its first unlock.
        Ok(gate) => match gate.desk_mut() {
            Some(desk) => {
                // Issue #8: the daily backup, on the first tick after start and then once a
                // day. A failure is kept in the ledger and shown in 设置 → 备份 and on 工作台.
                let _ = desk.backup_if_due(now);
                // Round times and the calendar may have been changed by another process.
                desk.refresh()
                    .and_then(|()| desk.rounds_pending(None, now))
                    .map_err(|e| e.to_string())
            }
            None => Err("台账已加密，解锁后开始提醒".into()),
        },
        Err(e) => Err(e.message.clone()),
    }
}

fn on_due(app: &AppHandle, p: &Pending) {
    if let Some(tray) = app.tray_by_id("main") {
        let _ = tray.set_tooltip(Some(&p.tooltip));
    }
    if p.rounds.is_empty() && p.alerts.is_empty() {
        return;
    }
    // A click on a notification brings the window forward and tells the UI where to go:
    // `round` opens the confirm dialog, a route opens that view (the case, the 台账).
    let handle = app.clone();
    let on_click: xinfang_notify::OnClick = Arc::new(move |target: &str| {
        crate::show_main(&handle);
        let _ = handle.emit("navigate", target);
    });
    let (_, failed) = xinfang_notify::deliver(p, Some(on_click));
    let _ = app.emit(
        "reminders",
        json!({ "pending": p, "notification_errors": failed }),
    );
    if !failed.is_empty()
        && let Some(w) = app.get_webview_window("main")
    {
        // No notification reached the clerk: a window hidden in the tray would make the
        // flash invisible too, so it is shown (not focused) with its reminder list.
        if !w.is_visible().unwrap_or(true) {
            let _ = w.show();
        }
        let _ = w.request_user_attention(Some(UserAttentionType::Critical));
    }
}

/// Starts the loop on its own thread; it lives as long as the app.
pub fn spawn(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || {
            xinfang_notify::run_loop(
                crate::now,
                |now| tick(&app, now),
                |_, p| on_due(&app, p),
                &STOP,
            )
        });
    if let Err(e) = spawned {
        eprintln!("错误：提醒线程无法启动：{e}。“2+2”查看提醒将不会弹出，请重新启动信访工作台。");
    }
}
