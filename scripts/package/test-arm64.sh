#!/usr/bin/env bash
# The aarch64 build under qemu-aarch64-static (binfmt is not mounted here, so it is the explicit
# runner): the portable binary answers, creates a ledger and serves the built-in page; then the
# core's tests, cross-compiled, run under qemu as cargo's runner.
# Usage: scripts/package/test-arm64.sh [path/to/aarch64/xinfang] [--no-core-tests]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/package/lib.sh
bin=${1:-$CARGO_TARGET_DIR/aarch64-unknown-linux-gnu/release/xinfang}
core_tests=1
[ "${2:-}" = --no-core-tests ] && core_tests=0
apt_need qemu-user-static libc6-dev-arm64-cross gcc-aarch64-linux-gnu curl
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu
qemu=qemu-aarch64-static
file "$bin" | grep -q 'ARM aarch64' || die "$bin 不是 aarch64 程序"

h=$(tmp_home)
srv=""
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$h"' EXIT
$qemu "$bin" --version
$qemu "$bin" --db "$h/l.db" init >/dev/null
$qemu "$bin" --db "$h/l.db" deadlines --arrived-at "2026-09-30 16:20" --json | grep -q '"' ||
    die "aarch64 版期限计算没有输出"
(cd "$h" && $qemu "$bin" --db "$h/l.db" serve >"$h/serve.log" 2>&1) &
srv=$!
for _ in $(seq 1 300); do grep -q 'token=' "$h/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*/?token=[0-9a-f]*' "$h/serve.log") || die "aarch64 版服务没有启动"
curl -fsS "$url" | grep -q 'xinfang-token' || die "aarch64 版内置界面没有送出页面"
token=${url##*=}
curl -fsS -X POST -H "x-xinfang-token: $token" -d '{}' "${url%%/?*}/api/today" | grep -q '{' ||
    die "aarch64 版 API 没有应答"
kill $srv; srv=""
echo "aarch64 版在 qemu 下可运行：命令行、台账、内置界面与 API"

if [ "$core_tests" = 1 ]; then
    say "在 qemu 下运行核心测试（aarch64）"
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="$qemu"
    export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
    # Gated (x86-only tools or too slow under emulation), listed in docs/packaging.md.
    skips=()
    while read -r t; do [ -n "$t" ] && skips+=(--skip "$t"); done < <(grep -v '^#' scripts/package/arm64-skip.txt | cut -d' ' -f1)
    cargo test -p xinfang --features vendored-openssl --target aarch64-unknown-linux-gnu --test tests -- \
        "${skips[@]}" 2>&1 | tee "$h/tests.log" | grep -E '^test result|FAILED|panicked' || true
    grep -q '^test result: ok' "$h/tests.log" || die "aarch64 核心测试有失败（见上）"
fi
