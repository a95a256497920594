#!/usr/bin/env bash
# 桌面通知的真实投递测试（issue #4）：在 Xvfb + D-Bus 会话 + dunst 下，用与桌面外壳相同的提醒代码
# （xinfang-notify-probe，无窗口）发出“2+2”查看通知，再用 dunstctl history 读回中文内容；
# 然后用真实时钟跑提醒循环，检查轮次在 5 秒内弹出，并报告循环的 CPU 占用；
# 最后用 dunstctl action 0 点击一条通知（默认动作“打开”），检查探针收到点击并给出要打开的界面。
# Real delivery test: notifications from the shell's reminder code, read back from dunst.
# `notify-test.sh HH:MM:SS` runs it with the clock moved to that China time today (libfaketime,
# an offset for every process), so CI checks a morning and an evening whatever the hour (#14).
cd "$(dirname "$0")/.."
. scripts/common.sh
if [ -z "${XINFANG_NOTIFY_BUILT:-}" ]; then
    # The same selection as test.sh's build, so no dependency is rebuilt for another
    # feature set (a `-p xinfang-notify` build recompiled image and others).
    cargo build --workspace --examples --bins --quiet
fi
if [ -n "${1:-}" ]; then
    apt_need faketime
    target=$(TZ=CST-8 date -d "$(TZ=CST-8 date +%F) $1" +%s)
    off=$((target - $(date +%s)))
    [ "$off" -ge 0 ] && off="+$off"
    say "通知测试：时钟移到北京时间 $1（偏移 ${off} 秒）"
    # Offsets only: the monotonic clock and file times stay real (cargo, Instant).
    export XINFANG_NOTIFY_BUILT=1 FAKETIME_DONT_FAKE_MONOTONIC=1 DONT_FAKE_MONOTONIC=1 NO_FAKE_STAT=1
    exec faketime -f "${off}s" bash "$0"
fi
probe="$CARGO_TARGET_DIR/debug/xinfang-notify-probe"
xf="$CARGO_TARGET_DIR/debug/xinfang"
work=$(mktemp -d)
start_xvfb 90 1024x768x24
trap 'kill "$XVFB_PID" 2>/dev/null || true; rm -rf "$work"' EXIT

# The accuracy run: one round a minute or two ahead (China time), on a day made a working day.
# The round may fall on tomorrow (at 23:59) and may carry any label, so it is told apart from
# the injected-time rounds by when it was shown, not by its text: the injected rounds are read
# back from dunst before it starts (issue #14).
export TZ=CST-8
ahead=1
[ "$(date +%-S)" -ge 45 ] && ahead=2
at=$(date -d "+$ahead min" '+%F %H:%M')
round_day=${at% *}
round=${at#* }
"$xf" --db "$work/acc.db" init >/dev/null
for day in "$(date +%F)" "$round_day"; do
    "$xf" --db "$work/acc.db" calendar override "$day" --working --note 通知测试 >/dev/null
done
echo "{\"round_times\": [\"$round\"]}" | "$xf" --db "$work/acc.db" api reminder_settings_set --json - >/dev/null
secs=$(( $(date -d "$at" +%s) - $(date +%s) + 8 ))
# The click-through ledger: one round a day at 14:30 (so nothing earlier is caught up).
"$xf" --db "$work/click.db" init >/dev/null
echo '{"round_times": ["14:30"]}' | "$xf" --db "$work/click.db" api reminder_settings_set --json - >/dev/null
[ "$secs" -lt 8 ] && secs=8

# The injected-time ledger was begun at 08:00: "2+2" records start with the ledger, so its
# 09:00 round is one to catch up at 10:59:50.
"$xf" --db "$work/ticks.db" init >/dev/null
"$xf" --db "$work/ticks.db" --now "2026-10-09 08:00" unit add-leader 通知测试单位 --name 王分管 \
    --role supervising_leader >/dev/null

say "桌面通知：dunst 读回（轮次 ${round}，循环运行 ${secs} 秒）"
dbus-run-session -- bash -eu -c '
    probe=$1 work=$2 secs=$3
    dunst >/dev/null 2>&1 &
    dunst_pid=$!
    for _ in $(seq 1 50); do dunstctl is-paused >/dev/null 2>&1 && break; sleep 0.1; done
    # Ticks with injected time: 10:59:50 catches up round 1, 11:00:02 fires round 2, 11:00:17 nothing.
    for now in "2026-10-09 10:59:50" "2026-10-09 11:00:02" "2026-10-09 11:00:17"; do
        "$probe" --db "$work/ticks.db" --now "$now" >> "$work/ticks.txt"
    done
    sleep 0.3
    dunstctl close-all
    sleep 0.3
    dunstctl history > "$work/ticks-history.json"
    "$probe" --db "$work/acc.db" --watch "$secs" > "$work/watch.txt"
    # Click-through: a round shown on its own, then dunst invokes its default action.
    dunstctl close-all
    "$probe" --db "$work/click.db" --now "2026-10-09 14:30:02" --wait-click 15 > "$work/click.txt" &
    click_pid=$!
    for _ in $(seq 1 100); do grep -q "等待点击" "$work/click.txt" 2>/dev/null && break; sleep 0.1; done
    sleep 0.3
    dunstctl action 0
    wait "$click_pid" || { cat "$work/click.txt"; echo "失败：探针没有收到通知点击" >&2; exit 1; }
    sleep 0.3
    dunstctl close-all
    sleep 0.3
    dunstctl history > "$work/history.json"
    # D-Bus may have activated a dunst of its own before ours took the name (a race under
    # load); either one serves, and dbus-run-session ends whichever is left.
    kill "$dunst_pid" 2>/dev/null || true
' _ "$probe" "$work" "$secs"
cat "$work/ticks.txt" "$work/watch.txt" "$work/click.txt"
grep -q "^已点击：round$" "$work/click.txt" || { echo "失败：点击第 3 次查看的通知应打开确认对话框（round）" >&2; exit 1; }

node - "$work/ticks-history.json" "$work/history.json" "$work/watch.txt" <<'JS'
const fs = require('fs');
const [ticksHist, hist, watch] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(f, 'utf8')).data.flat();
// The injected-time rounds only; the real-clock round and the click are judged below.
const data = read(ticksHist);
const seen = new Set(data.map((n) => n.id.data));
const later = read(hist).filter((n) => !seen.has(n.id.data));
const bodies = data.map((n) => n.body.data);
const apps = new Set([...data, ...later].map((n) => n.appname.data));
const count = (s) => bodies.filter((b) => b === s).length;
const r1 = '第 1 次查看（上午）：请登录重庆智能信访信息系统查看待办';
const r2 = '第 2 次查看（上午）：请登录重庆智能信访信息系统查看待办';
const fail = (m) => { console.error('失败：' + m + '\n' + JSON.stringify(bodies, null, 1)); process.exit(1); };
if (count(r1) !== 1) fail('第 1 次查看（补提醒）应恰好送达一次');
if (count(r2) !== 1) fail('第 2 次查看应恰好送达一次');
if (!apps.has('信访工作台')) fail('通知的应用名应为“信访工作台”');
const w = fs.readFileSync(watch, 'utf8');
const delays = [...w.matchAll(/延迟 (-?\d+) ms/g)].map((m) => Number(m[1]));
if (delays.length !== 1) fail('真实时钟下应弹出 1 轮，实际 ' + delays.length);
if (!later.some((n) => /^第 \d 次查看/.test(n.body.data))) fail('真实时钟的轮次没有送达 dunst');
if (delays[0] < 0 || delays[0] > 5000) fail('轮次延迟 ' + delays[0] + ' ms，超过 5 秒');
const cpu = (w.match(/循环 CPU 时间：.*/) || [''])[0];
console.log(`dunst 读回 ${bodies.length + later.length} 条通知，中文正确；轮次延迟 ${delays[0]} ms；${cpu}`);
JS
