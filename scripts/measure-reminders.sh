#!/usr/bin/env bash
# 提醒的准确度与空闲 CPU（issue #4）：在 Xvfb + D-Bus + dunst 下，用与桌面外壳相同的提醒循环
# （xinfang-notify-probe --watch，真实时钟）跑一个临时台账，其上把接下来的 N 个整分钟设为查看时间，
# 报告每轮弹出的延迟（距计划时间）和整段运行的 CPU 时间（/proc/self/stat 的 utime+stime），
# 折算为每小时 CPU 秒数。
#
#   scripts/measure-reminders.sh [ROUNDS=2] [IDLE_SECS=60]
#
# 运行时长约 ROUNDS 分钟 + IDLE_SECS 秒（最后一轮之后再空转 IDLE_SECS 秒）。
cd "$(dirname "$0")/.."
. scripts/common.sh
rounds=${1:-2}
idle=${2:-60}
cargo build --workspace --examples --bins --quiet
probe="$CARGO_TARGET_DIR/debug/xinfang-notify-probe"
xf="$CARGO_TARGET_DIR/debug/xinfang"
work=$(mktemp -d)
start_xvfb 120 1024x768x24
trap 'kill "$XVFB_PID" 2>/dev/null || true; rm -rf "$work"' EXIT

export TZ=CST-8
today=$(date +%F)
# Rounds at the next whole minutes (skip a minute that is less than 20 s away).
first=1
[ $((60 - 10#$(date +%S))) -lt 20 ] && first=2
times=()
for i in $(seq "$first" $((first + rounds - 1))); do times+=("\"$(date -d "+$i min" +%H:%M)\""); done
last=$(date -d "+$((first + rounds - 1)) min" +%H:%M)
"$xf" --db "$work/m.db" init >/dev/null
"$xf" --db "$work/m.db" calendar override "$today" --working --note 提醒测量 >/dev/null
echo "{\"round_times\": [$(IFS=,; echo "${times[*]}")], \"early_minutes\": 0}" \
    | "$xf" --db "$work/m.db" api reminder_settings_set --json - >/dev/null
secs=$(( $(date -d "$today $last" +%s) - $(date +%s) + idle ))

say "提醒测量：查看时间 ${times[*]}，循环运行 ${secs} 秒"
dbus-run-session -- bash -eu -c '
    dunst >/dev/null 2>&1 &
    dunst_pid=$!
    for _ in $(seq 1 50); do dunstctl is-paused >/dev/null 2>&1 && break; sleep 0.1; done
    "$1" --db "$2/m.db" --watch "$3" > "$2/watch.txt"
    kill "$dunst_pid"
' _ "$probe" "$work" "$secs"
cat "$work/watch.txt"
node - "$work/watch.txt" "$rounds" <<'JS'
const fs = require('fs');
const [file, rounds] = process.argv.slice(2);
const w = fs.readFileSync(file, 'utf8');
const delays = [...w.matchAll(/延迟 (-?\d+) ms/g)].map((m) => Number(m[1]));
const m = w.match(/循环 CPU 时间：(\d+) ms \/ ([\d.]+) s/);
if (!m) { console.error('没有读到 CPU 时间'); process.exit(1); }
const [cpu, wall] = [Number(m[1]), Number(m[2])];
console.log(`轮次 ${delays.length}/${rounds}，延迟 ${delays.join('、')} ms（最大 ${Math.max(...delays)} ms）`);
console.log(`循环 CPU ${cpu} ms / ${wall} s = 每小时 ${(cpu / 1000 * 3600 / wall).toFixed(2)} CPU 秒`);
if (delays.length !== Number(rounds) || delays.some((d) => d < 0 || d > 5000)) process.exit(1);
JS
