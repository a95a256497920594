#!/usr/bin/env bash
# Measures the release desktop app under Xvfb: time from launch to the UI's first command
# (first screen asking for its data) and the idle memory (PSS) of the app + its WebKit
# processes. Usage: scripts/measure-desktop.sh [runs]
cd "$(dirname "$0")/.."
. scripts/common.sh
runs=${1:-5}
cargo build --release --quiet -p xinfang-desk
app="$CARGO_TARGET_DIR/release/xinfang-desk"
work=$(mktemp -d)
Xvfb :97 -screen 0 1366x860x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
export DISPLAY=:97 NO_AT_BRIDGE=1 XINFANG_DB="$work/ledger.db" XINFANG_STARTUP_PROBE=1
for i in $(seq "$runs"); do
    dbus-run-session -- bash -c '
      "'"$app"'" 2>"'"$work"'/err.log" &
      pid=$!
      sleep 6
      pss=0
      for p in $pid $(pgrep -P $pid) $(for c in $(pgrep -P $pid); do pgrep -P $c; done); do
        v=$(awk "/^Pss:/ {print \$2}" /proc/$p/smaps_rollup 2>/dev/null); pss=$((pss + ${v:-0}))
      done
      echo "run '"$i"': $(grep -o "after [0-9]* ms" "'"$work"'/err.log"), idle PSS $((pss / 1024)) MB"
      kill $pid; wait $pid 2>/dev/null
    '
done
