//! Delivery of the "2+2" reminders (issue #4): desktop notifications with `notify-rust`, and
//! the reminder loop the desktop shell runs. The loop asks the core what became due since the
//! last tick (`Desk::rounds_pending`), which records every round and alert it returns, so a
//! sleep, a resume, a restart or a clock change never fires anything twice.
//!
//! Kept out of the shell so that a probe binary (no window, no webview) can drive the same
//! code in a test under a real notification daemon.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use notify_rust::{Notification, Timeout};
use xinfang::api::{Notice, Pending};
use xinfang::reminders::PlannedRound;
use xinfang::time::Time;

pub const APP_NAME: &str = "信访工作台";

/// The longest the loop sleeps between ticks.
pub const TICK: Duration = Duration::from_secs(15);

/// Where a click on a round's notification leads: the UI's confirm dialog.
pub const TARGET_ROUND: &str = xinfang::api::NOTICE_ROUND;

/// One notification as shown: the core's words for it (`Pending::notices`), so the browser
/// edition's notifications read the same.
pub type Message = Notice;

/// Windows shows a toast only for an app with an AppUserModelID, the one the installer's
/// Start-menu shortcut carries (the Tauri bundle identifier). Set once by the shell.
static APP_ID: OnceLock<String> = OnceLock::new();

pub fn set_app_id(id: &str) {
    let _ = APP_ID.set(id.to_string());
}

/// The notifications for what became due: one per round, one per batch of alerts.
pub fn messages(p: &Pending) -> Vec<Message> {
    p.notices.clone()
}

/// What a click on a notification does: called with the message's target.
pub type OnClick = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// Shows one desktop notification with a default action ("打开"). When `on_click` is given, a
/// thread waits for the click (or the close) and calls it with the message's target. The
/// error says why nothing was shown (no notification daemon, no session bus): the caller then
/// falls back to the in-app list and a window flash.
pub fn show(m: &Message, on_click: Option<OnClick>) -> Result<(), String> {
    let mut n = Notification::new();
    n.appname(APP_NAME)
        .summary(&m.summary)
        .body(&m.body)
        .action("default", "打开")
        .timeout(Timeout::Milliseconds(60_000));
    #[cfg(target_os = "windows")]
    {
        if let Some(id) = APP_ID.get() {
            n.app_id(id);
        }
    }
    let handle = n.show().map_err(|e| format!("桌面通知未能显示：{e}"))?;
    if let Some(cb) = on_click {
        let target = m.target.clone();
        let waited = std::thread::Builder::new()
            .name("notification-click".into())
            .spawn(move || {
                handle.wait_for_action(|action| {
                    if action == "default" || action == "clicked" {
                        cb(&target);
                    }
                })
            });
        if let Err(e) = waited {
            // The notification is up; only the click-through is lost.
            eprintln!("提醒：通知点击无法跟踪：{e}");
        }
    }
    Ok(())
}

/// Shows every notification for `p`; returns what was shown and what failed.
pub fn deliver(p: &Pending, on_click: Option<OnClick>) -> (Vec<Message>, Vec<String>) {
    let mut shown = Vec::new();
    let mut failed = Vec::new();
    for m in messages(p) {
        match show(&m, on_click.clone()) {
            Ok(()) => shown.push(m),
            Err(e) => failed.push(e),
        }
    }
    // Counts only: the texts name cases and deadlines, and this log is for support.
    xinfang::logging::counted("notify_shown", shown.len());
    if !failed.is_empty() {
        xinfang::logging::counted("notify_failed", failed.len());
    }
    (shown, failed)
}

/// How long to sleep after a tick at `now`: until just past the next round (so a round fires
/// within about a second of its time), at most [`TICK`].
pub fn sleep_for(now: &Time, next_round: Option<&PlannedRound>) -> Duration {
    match next_round {
        Some(r) => {
            let ms = (r.at - *now).num_milliseconds().max(0) as u64 + 200;
            Duration::from_millis(ms).min(TICK)
        }
        None => TICK,
    }
}

/// The reminder loop: `tick(now)` asks the core what is due, `on_due` delivers it. Runs until
/// `stop` is set. `clock` is the front end's clock (the core never reads one).
pub fn run_loop<C, T, D>(clock: C, mut tick: T, mut on_due: D, stop: &AtomicBool)
where
    C: Fn() -> Time,
    T: FnMut(&Time) -> Result<Pending, String>,
    D: FnMut(&Time, &Pending),
{
    // The same failure (e.g. a ledger still sealed) is told once, not every tick.
    let mut last_error: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        let now = clock();
        let wait = match tick(&now) {
            Ok(p) => {
                last_error = None;
                on_due(&now, &p);
                sleep_for(&now, p.next_round.as_ref())
            }
            Err(e) => {
                if last_error.as_deref() != Some(e.as_str()) {
                    eprintln!("提醒：{e}");
                    last_error = Some(e);
                }
                // The message may quote a case; the log gets the fact only.
                xinfang::logging::counted("reminder_tick_failed", 1);
                TICK
            }
        };
        // Sleep in short steps so `stop` is honoured promptly.
        let mut left = wait;
        while !left.is_zero() && !stop.load(Ordering::Relaxed) {
            let step = left.min(Duration::from_millis(500));
            std::thread::sleep(step);
            left -= step;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xinfang::api::PendingRound;
    use xinfang::calendar::Calendar;
    use xinfang::reminders::{self, ReminderSettings};
    use xinfang::time::parse_time;

    fn pending(caught_up: bool) -> Pending {
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let d = xinfang::time::parse_date("2026-10-09").unwrap();
        let r = reminders::rounds_on(&cal, &s, &s.times().unwrap(), d);
        Pending {
            rounds: vec![PendingRound {
                round: r[1].clone(),
                caught_up,
            }],
            alerts: Vec::new(),
            alert_message: None,
            open_rounds: 1,
            alert_cases: 0,
            tooltip: String::new(),
            next_round: Some(r[2].clone()),
            notices: Vec::new(),
        }
    }

    /// The core's words for `p`, as `rounds_pending` fills `Pending::notices`.
    fn messages(p: &Pending) -> Vec<Message> {
        xinfang::api::notices(&p.rounds, &p.alerts, p.alert_message.as_deref())
    }

    #[test]
    fn round_message_is_the_notice_text() {
        let m = messages(&pending(false));
        assert_eq!(
            m[0].body,
            "第 2 次查看（上午）：请登录重庆智能信访信息系统查看待办"
        );
        let m = messages(&pending(true));
        assert!(
            m[0].summary.contains("补提醒（11:00 已过）"),
            "{}",
            m[0].summary
        );
    }

    #[test]
    fn the_loop_wakes_just_after_the_next_round() {
        let p = pending(false);
        let now = parse_time("2026-10-09 14:29:55").unwrap();
        assert_eq!(
            sleep_for(&now, p.next_round.as_ref()),
            Duration::from_millis(5200)
        );
        let now = parse_time("2026-10-09 12:00").unwrap();
        assert_eq!(sleep_for(&now, p.next_round.as_ref()), TICK);
    }

    #[test]
    fn a_click_leads_to_the_confirm_dialog_or_the_case() {
        let m = messages(&pending(false));
        assert_eq!(m[0].target, TARGET_ROUND);
        let cal = Calendar::bundled();
        let s = ReminderSettings::default();
        let d = xinfang::time::parse_date("2026-10-09").unwrap();
        let item = |no: &str, due: &str| reminders::DueItem {
            case_no: no.into(),
            unit: "永川区住房城乡建委".into(),
            deadline: "签收".into(),
            due: xinfang::time::parse_date(due).unwrap(),
        };
        let mut p = pending(false);
        p.alerts = reminders::alerts(&cal, &s, &[item("YC/2026 1", "2026-10-09")], d, d).unwrap();
        p.alert_message = reminders::alert_batch_message(&p.alerts);
        assert_eq!(messages(&p)[1].target, "/case/YC%2F2026%201");
        p.alerts = reminders::alerts(
            &cal,
            &s,
            &[item("A-1", "2026-10-08"), item("A-2", "2026-10-09")],
            d,
            d,
        )
        .unwrap();
        p.alert_message = reminders::alert_batch_message(&p.alerts);
        assert_eq!(messages(&p)[1].target, "/ledger?overdue=1");
    }
}
