#!/usr/bin/env bash
# End-to-end runs (called by test.sh after the UI and binaries are built):
#  1. the browser run: Debian's Chromium drives `xinfang serve` on a temp ledger;
#  2. the real-window run: the desktop app under Xvfb, driven by tauri-driver + WebKitWebDriver.
# Screenshots of every view land in a temporary folder (printed at the end), or in $SHOTS:
# scripts/screenshots.sh refreshes docs/screenshots/ on purpose.
cd "$(dirname "$0")/.."
. scripts/common.sh
shots="${SHOTS:-$(mktemp -d -t xinfang-shots.XXXXXX)}"
mkdir -p "$shots"

# Every log the runs write goes here; at the end it is grepped for the personal data they typed.
logs=$(mktemp -d)

say "浏览器端到端测试（Chromium + xinfang serve）"
(cd ui && XINFANG_LOG_DIR="$logs/browser" XINFANG_BIN="$CARGO_TARGET_DIR/debug/xinfang" XINFANG_UI=dist SHOTS="$shots" node e2e/browser.mjs)

say "桌面窗口端到端测试（Xvfb + tauri-driver）"
command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --quiet
work=$(mktemp -d)
start_xvfb 100 1366x860x24
trap 'kill $XVFB_PID 2>/dev/null || true; rm -rf "$work" "$logs"' EXIT
export XINFANG_DB="$work/ledger.db" XINFANG_LOG_DIR="$logs/desktop"
export XINFANG_DESK="$CARGO_TARGET_DIR/debug/xinfang-desk" SHOTS="$shots"
# Random ports so two worktrees can run this at once on one machine.
port=$((20000 + RANDOM % 20000))
export DRIVER="http://127.0.0.1:$port" PORT="$port" NATIVE_PORT="$((port + 1))"
dbus-run-session -- bash -c '
  tauri-driver --port "$PORT" --native-port "$NATIVE_PORT" >"'"$work"'/driver.log" 2>&1 &
  driver=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
  node ui/e2e/desktop.mjs
  status=$?
  kill $driver 2>/dev/null
  pkill -f "$XINFANG_DESK" 2>/dev/null
  exit $status
'

say "日志隐私检查（端到端运行写下的日志中不得出现姓名、身份证号、电话、住址、诉求）"
node ui/e2e/logcheck.mjs "$logs/browser" "$logs/desktop"
say "截图：$shots"
