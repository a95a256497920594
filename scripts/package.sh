#!/usr/bin/env bash
# Builds the installable packages into dist/ (gitignored); with --test also installs and checks them.
#   deb       桌面版 .deb（amd64，xinfang-desk：窗口程序 + xinfang 命令行）
#   portable  浏览器版：xinfang 单文件（x86_64、aarch64，glibc ≤ 2.28）与 .deb（xinfang，amd64/arm64）
#   windows   Windows 安装包与 xinfang.exe（scripts/package/windows.sh）
#   all       以上全部；任何一步失败即停止，以该步的退出码退出
# Usage: scripts/package.sh deb|portable|windows|all [--test]
# The builds share CARGO_TARGET_DIR (default ~/.cache/xinfang-target); XINFANG_WINDOWS_TARGET_DIR
# gives the Windows cross build a directory of its own (for one kept from an earlier run).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
target=${1:-}
[ $# -gt 0 ] && shift
for a in "$@"; do [ "$a" = --test ] || die "未知参数：$a（只支持 --test）"; done

run_target() {
    local t=$1 t0 rc=0
    shift
    [ -x "scripts/package/$t.sh" ] || die "没有这个打包目标：$t"
    t0=$(date +%s)
    if [ "$t" = windows ]; then
        CARGO_TARGET_DIR="${XINFANG_WINDOWS_TARGET_DIR:-$CARGO_TARGET_DIR}" "scripts/package/$t.sh" "$@" || rc=$?
    else
        "scripts/package/$t.sh" "$@" || rc=$?
    fi
    # (errexit does not reach into a function called from `||`, so the status is passed on here)
    if [ $rc -ne 0 ]; then
        printf '错误：%s 失败（退出码 %s，用时 %s 秒）。请按上面的输出修正后重新运行 scripts/package.sh %s。\n' \
            "$t" "$rc" "$(($(date +%s) - t0))" "$target" >&2
        exit $rc
    fi
    say "$t 完成，用时 $(($(date +%s) - t0)) 秒"
}

case $target in
    deb | portable | windows) run_target "$target" "$@" ;;
    all)
        t0=$(date +%s)
        for t in deb portable windows; do run_target "$t" "$@"; done
        say "全部完成，用时 $(($(date +%s) - t0)) 秒；产物：" && ls -lR dist/
        ;;
    *) die "用法：scripts/package.sh deb|portable|windows|all [--test]" ;;
esac
