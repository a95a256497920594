#!/usr/bin/env bash
# 性能基准：合成 10 万件台账上的五率、逾期列表、中文检索与批量写入（见 docs/benchmarks.md）。
# Usage: scripts/bench.sh [--check]   (XINFANG_BENCH_CASES=20000 for a smaller ledger)
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
exec cargo bench --bench core -- "$@"
