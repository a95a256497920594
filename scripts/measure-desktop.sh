#!/usr/bin/env bash
# Measures the release desktop app under Xvfb: time from launch to the UI's first command
# (first screen asking for its data) and the idle memory (PSS) of the app + its WebKit
# processes, split into anonymous (private) and file-backed (shared library) pages. Then the
# same for WebKitGTK's own MiniBrowser on a blank page: the floor any WebKitGTK app pays here.
# Usage: scripts/measure-desktop.sh [runs]
cd "$(dirname "$0")/.."
. scripts/common.sh
runs=${1:-5}
cargo build --release --quiet -p xinfang-desk
app="$CARGO_TARGET_DIR/release/xinfang-desk"
mini=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
work=$(mktemp -d)
start_xvfb 97 1366x860x24
trap 'kill $XVFB_PID 2>/dev/null; rm -rf "$work"' EXIT
export XINFANG_DB="$work/ledger.db" XINFANG_STARTUP_PROBE=1
echo '<!doctype html><meta charset="utf-8"><body>空白页</body>' >"$work/blank.html"

# measure LABEL CMD...: starts CMD, waits 6 s, sums PSS over it and its children.
measure() {
    label=$1; shift
    dbus-run-session -- bash -c '
      "$@" 2>"'"$work"'/err.log" &
      pid=$!
      sleep 6
      set -- 0 0 0
      for p in $pid $(pgrep -P $pid) $(for c in $(pgrep -P $pid); do pgrep -P $c; done); do
        set -- $(awk -v t="$1" -v a="$2" -v f="$3" "/^Pss:/ {t+=\$2} /^Pss_Anon:/ {a+=\$2} /^Pss_File:/ {f+=\$2} END {print t, a, f}" /proc/$p/smaps_rollup 2>/dev/null || echo "$1 $2 $3")
      done
      start=$(grep -o "after [0-9]* ms" "'"$work"'/err.log")
      echo "'"$label"': ${start:+$start, }idle PSS $(($1 / 1024)) MB (anon $(($2 / 1024)) MB, file-backed $(($3 / 1024)) MB)"
      kill $pid; wait $pid 2>/dev/null
    ' measure "$@" 2>/dev/null || true
}

for i in $(seq "$runs"); do measure "xinfang-desk run $i" "$app"; done
[ -x "$mini" ] && for i in $(seq "$runs"); do measure "MiniBrowser blank page run $i" "$mini" "file://$work/blank.html"; done
