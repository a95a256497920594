#!/usr/bin/env bash
# 性能基准（见 docs/benchmarks.md）。
#   scripts/bench.sh [core|documents|exchange|attachments|all] [--check]
# core（默认）：合成 10 万件台账上的五率、逾期列表、中文检索与批量写入（XINFANG_BENCH_CASES=20000 可缩小）；
# documents：六种文书的生成时间与大小，并在同一次运行里用 Typst（PyPI 的 typst，装在
# ~/.cache/xinfang-bench-venv）排同一份处理意见书作对比。
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
which=core
case "${1:-}" in
    core|documents|exchange|attachments|all) which=$1; shift ;;
esac
if [ "$which" = documents ] || [ "$which" = all ]; then
    apt_need python3-venv poppler-utils
    venv="${HOME:-/root}/.cache/xinfang-bench-venv"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import typst' 2>/dev/null; then
        say "安装对比用的 Typst（PyPI typst）到 $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check typst
    fi
    export XINFANG_TYPST_PYTHON="$venv/bin/python"
fi
if [ "$which" = all ]; then
    for b in core documents exchange attachments; do cargo bench --bench "$b" -- "$@"; done
else
    exec cargo bench --bench "$which" -- "$@"
fi
