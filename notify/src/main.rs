//! Test probe for the reminder delivery, without a window: runs the shell's reminder tick
//! against a ledger and shows the notifications through the desktop's notification daemon.
//!
//! xinfang-notify-probe --db PATH [--now TIME]     one tick at TIME (default: the clock)
//!     [--wait-click SECS]                         then wait for a click on a notification and
//!                                                 print where it leads (the shell's navigation)
//! xinfang-notify-probe --db PATH --watch SECS     the real loop for SECS seconds; prints each
//!                                                 round's delay and the loop's CPU time

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use xinfang::api::Desk;
use xinfang::time::{Time, cst, parse_time};
use xinfang_notify::{OnClick, deliver, run_loop};

#[allow(clippy::disallowed_methods)] // a front end: this is where "now" comes from
fn clock() -> Time {
    chrono::Utc::now().with_timezone(&cst())
}

/// User + system CPU time of this process in milliseconds (Linux; 0 elsewhere).
fn cpu_ms() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    (ticks(11) + ticks(12)) * 10
}

fn main() {
    xinfang::logging::init("notify");
    let mut db: Option<PathBuf> = None;
    let mut now: Option<String> = None;
    let mut watch: Option<u64> = None;
    let mut wait_click: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--db" => db = args.next().map(PathBuf::from),
            "--now" => now = args.next(),
            "--watch" => watch = args.next().and_then(|s| s.parse().ok()),
            "--wait-click" => wait_click = args.next().and_then(|s| s.parse().ok()),
            other => {
                eprintln!(
                    "错误：不认识的参数“{other}”。用法：xinfang-notify-probe --db 台账 [--now 时间] [--wait-click 秒] [--watch 秒]"
                );
                std::process::exit(2);
            }
        }
    }
    let Some(db) = db else {
        eprintln!("错误：请用 --db 指定台账文件。");
        std::process::exit(2);
    };
    let mut desk = match Desk::open(&db, true) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("错误：{e}");
            std::process::exit(1);
        }
    };
    let mut failures = 0usize;
    match watch {
        None => {
            let now = match now.as_deref().map(parse_time).transpose() {
                Ok(t) => t.unwrap_or_else(clock),
                Err(e) => {
                    eprintln!("错误：{e}");
                    std::process::exit(2);
                }
            };
            match desk.rounds_pending(None, &now) {
                Ok(p) => {
                    let (tx, rx) = std::sync::mpsc::channel::<String>();
                    let tx = std::sync::Mutex::new(tx);
                    let on_click: OnClick = Arc::new(move |target: &str| {
                        if let Ok(tx) = tx.lock() {
                            let _ = tx.send(target.to_string());
                        }
                    });
                    let (shown, failed) = deliver(&p, wait_click.map(|_| on_click));
                    for m in shown {
                        println!("已发送：{}｜{}", m.summary, m.body);
                    }
                    for e in &failed {
                        eprintln!("{e}");
                    }
                    failures += failed.len();
                    println!("托盘提示：{}", p.tooltip);
                    if let Some(secs) = wait_click {
                        // Flushed now: the test waits for this line before it clicks.
                        println!("等待点击：{secs} 秒");
                        let _ = std::io::Write::flush(&mut std::io::stdout());
                        match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
                            Ok(target) => println!("已点击：{target}"),
                            Err(_) => {
                                eprintln!("{secs} 秒内没有收到通知点击");
                                failures += 1;
                            }
                        }
                    }
                }
                Err(e) => {
                    eprintln!("错误：{e}");
                    std::process::exit(1);
                }
            }
        }
        Some(secs) => {
            let stop = AtomicBool::new(false);
            let started = Instant::now();
            let cpu0 = cpu_ms();
            std::thread::scope(|s| {
                s.spawn(|| {
                    std::thread::sleep(std::time::Duration::from_secs(secs));
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                });
                run_loop(
                    clock,
                    |now| desk.rounds_pending(None, now).map_err(|e| e.to_string()),
                    |now, p| {
                        let (shown, failed) = deliver(p, None);
                        for r in &p.rounds {
                            let delay = (*now - r.round.at).num_milliseconds();
                            println!("到时：{}（延迟 {delay} ms）", r.round.message);
                        }
                        for m in shown {
                            println!("已发送：{}｜{}", m.summary, m.body);
                        }
                        for e in &failed {
                            eprintln!("{e}");
                        }
                        failures += failed.len();
                    },
                    &stop,
                );
            });
            let wall = started.elapsed().as_secs_f64();
            let cpu = cpu_ms().saturating_sub(cpu0);
            println!(
                "循环 CPU 时间：{cpu} ms / {wall:.1} s（{:.3}%）",
                cpu as f64 / (wall * 10.0)
            );
        }
    }
    if failures > 0 {
        std::process::exit(1);
    }
}
