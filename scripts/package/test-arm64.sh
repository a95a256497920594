#!/usr/bin/env bash
# The aarch64 build under qemu-aarch64-static (binfmt is not mounted here, so it is the explicit
# runner): the portable binary answers, creates a ledger and serves the built-in page; then the
# core's integration tests, cross-compiled by cargo-zigbuild (release profile, the portable
# build's features, so its compiled crates are reused), run under qemu. The tests start the CLI
# by path; that path becomes a wrapper that runs the aarch64 CLI under qemu too.
# Usage: scripts/package/test-arm64.sh [path/to/aarch64/xinfang] [--no-core-tests]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/package/lib.sh
bin=${1:-$CARGO_TARGET_DIR/aarch64-unknown-linux-gnu/release/xinfang}
core_tests=1
[ "${2:-}" = --no-core-tests ] && core_tests=0
apt_need qemu-user-static libc6-dev-arm64-cross curl poppler-utils qpdf unzip
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
qemu=qemu-aarch64-static
file "$bin" | grep -q 'ARM aarch64' || die "$bin 不是 aarch64 程序"

h=$(tmp_home)
srv=""
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$h"' EXIT
$qemu "$bin" --version
$qemu "$bin" --db "$h/l.db" init >/dev/null
# Outputs are read whole, then matched: `… | grep -q` closes the pipe early, and the
# program's broken-pipe exit fails the pipeline under pipefail.
out=$($qemu "$bin" --db "$h/l.db" deadlines --arrived-at "2026-09-30 16:20" --json)
grep -q '"due_date": "2026-10-08"' <<<"$out" || die "aarch64 版期限计算结果不对：$out"
# exec: $srv is the emulated server itself, so the kill below (and the trap) stop it.
(cd "$h" && exec $qemu "$bin" --db "$h/l.db" serve >"$h/serve.log" 2>&1) &
srv=$!
for _ in $(seq 1 300); do grep -qs 'token=' "$h/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/?token=[0-9a-f]*' "$h/serve.log") || die "aarch64 版服务没有启动"
page=$(curl -fsS "$url")
grep -q 'xinfang-token' <<<"$page" || die "aarch64 版内置界面没有送出页面"
token=${url##*=}
reply=$(curl -fsS -X POST -H "x-xinfang-token: $token" -d '{}' "${url%%/\?*}/api/today")
grep -q '{' <<<"$reply" || die "aarch64 版 API 没有应答：$reply"
kill $srv; srv=""
echo "aarch64 版在 qemu 下可运行：命令行、台账、内置界面与 API"

if [ "$core_tests" = 1 ]; then
    say "在 qemu 下运行核心测试（aarch64，release，与便携版同一组特性，复用其编译结果）"
    zig_env
    # The test binary and the example that tests/crash.rs kills mid-write (zigbuild is
    # `cargo build`: it builds the test binary without running it).
    built=$(cargo zigbuild --release -p xinfang --features embed-ui,vendored-openssl \
        --target aarch64-unknown-linux-gnu.2.28 --test tests --example ledger_writer \
        --message-format=json 2>"$h/build.log" |
        python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] in ("tests", "ledger_writer") and m.get("executable"):
        print(m["target"]["name"], m["executable"])') || { tail -n 30 "$h/build.log" >&2; die "aarch64 测试程序构建失败"; }
    testbin=$(awk '$1 == "tests" {print $2}' <<<"$built")
    writer=$(awk '$1 == "ledger_writer" {print $2}' <<<"$built")
    [ -x "$testbin" ] || die "没有得到 aarch64 测试程序"
    [ -x "$writer" ] || die "没有得到 aarch64 的 ledger_writer 示例程序"
    # The tests start the CLI and the example by their build paths; binfmt is not mounted
    # here, so for the run each path is a wrapper that starts the real aarch64 binary under
    # qemu (exec: a kill reaches the emulated program), restored afterwards.
    cli="$CARGO_TARGET_DIR/aarch64-unknown-linux-gnu/release/xinfang"
    wrapped=("$cli" "$writer")
    unwrap() { for w in "${wrapped[@]}"; do [ -e "$w.aarch64" ] && mv -f "$w.aarch64" "$w"; done; return 0; }
    trap 'unwrap; [ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$h"' EXIT
    for w in "${wrapped[@]}"; do
        # A run killed before its trap left the wrapper in place: keep the binary beside it.
        file "$w" | grep -q 'ARM aarch64' && mv -f "$w" "$w.aarch64"
        printf '#!/bin/sh\nQEMU_LD_PREFIX=%s exec %s "%s" "$@"\n' "$QEMU_LD_PREFIX" "$(command -v $qemu)" "$w.aarch64" >"$w"
        chmod +x "$w"
    done
    # Gated tests, with the reason for each, in scripts/package/arm64-skip.txt.
    skips=()
    while read -r t _; do [ -n "$t" ] && skips+=(--skip "$t"); done < <(grep -v '^#' scripts/package/arm64-skip.txt)
    t0=$(date +%s)
    set +e
    # The whole log stays in the target dir (a full run takes long enough to want it).
    log="$CARGO_TARGET_DIR/arm64-core-tests.log"
    $qemu "$testbin" "${skips[@]}" >"$log" 2>&1
    rc=$?
    set -e
    grep -E '^test result|^failures:|^    [a-z_:]+$' "$log" | tail -n 40
    echo "aarch64 核心测试（qemu）：$(grep '^test result' "$log")，用时 $(($(date +%s) - t0)) 秒；跳过 $((${#skips[@]} / 2)) 项，见 scripts/package/arm64-skip.txt；日志 $log"
    [ $rc -eq 0 ] || die "aarch64 核心测试有失败（见上）"
fi
