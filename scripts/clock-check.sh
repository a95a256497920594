#!/usr/bin/env bash
# 换个时钟跑全部 Rust 测试：北京时间凌晨 00:30、深夜 23:30，以及一年以后的同一时刻（libfaketime，
# 对每个进程加同一个偏移）。用来证明测试不依赖墙上时钟的钟点和日期（issue #14）。
# Runs every Rust test with the clock moved (China time 00:30 and 23:30 today, and 00:30 a year
# ahead). Not part of test.sh (three full runs); test.sh runs the notification test at a
# morning and an evening hour instead.
#   scripts/clock-check.sh [HH:MM[+DAYS] ...]    default: 00:30 23:30 00:30+365
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
apt_need faketime
command -v cargo-nextest >/dev/null || cargo install cargo-nextest --locked --quiet
cargo nextest run --workspace --no-run
[ $# -gt 0 ] || set -- 00:30 23:30 00:30+365
status=0
for at in "$@"; do
    hm=${at%%+*}
    days=0
    [ "$hm" != "$at" ] && days=${at#*+}
    day=$(TZ=CST-8 date -d "+$days days" +%F)
    target=$(TZ=CST-8 date -d "$day $hm" +%s)
    off=$((target - $(date +%s)))
    [ "$off" -ge 0 ] && off="+$off"
    say "时钟移到北京时间 $(TZ=CST-8 date -d "@$target" '+%F %H:%M')（偏移 ${off} 秒）"
    # Only the test processes (and the CLI processes they start) run on the moved clock: the
    # runner wraps each test binary, so cargo itself sees the real time and rebuilds nothing.
    # Offsets only; file times and the monotonic clock stay real.
    FAKETIME_DONT_FAKE_MONOTONIC=1 DONT_FAKE_MONOTONIC=1 NO_FAKE_STAT=1 \
        CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="faketime -f ${off}s" \
        cargo nextest run --workspace --no-fail-fast --failure-output final || status=1
done
exit $status
