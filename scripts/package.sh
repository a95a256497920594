#!/usr/bin/env bash
# Builds the installable packages into dist/ (gitignored); with --test also installs and checks them.
#   deb       桌面版 .deb（amd64，xinfang-desk：窗口程序 + xinfang 命令行）
#   portable  浏览器版：xinfang 单文件（x86_64、aarch64，glibc ≤ 2.28）与 .deb（xinfang，amd64/arm64）
#   windows   Windows 安装包（scripts/package/windows.sh，另行提供）
#   all       以上全部
# Usage: scripts/package.sh deb|portable|windows|all [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
target=${1:-}
[ $# -gt 0 ] && shift
for a in "$@"; do [ "$a" = --test ] || die "未知参数：$a（只支持 --test）"; done

run_target() {
    local t=$1 t0
    shift
    if [ ! -x "scripts/package/$t.sh" ]; then
        if [ "$t" = windows ]; then
            echo "Windows 安装包的构建脚本（scripts/package/windows.sh）尚未提供，本次跳过。" >&2
            return 3
        fi
        die "没有这个打包目标：$t"
    fi
    t0=$(date +%s)
    "scripts/package/$t.sh" "$@"
    say "$t 完成，用时 $(($(date +%s) - t0)) 秒"
}

case $target in
    deb | portable) run_target "$target" "$@" ;;
    windows) run_target windows "$@" || exit $? ;;
    all)
        t0=$(date +%s)
        run_target deb "$@"
        run_target portable "$@"
        run_target windows "$@" || [ $? -eq 3 ]
        say "全部完成，用时 $(($(date +%s) - t0)) 秒；产物：" && ls -l dist/
        ;;
    *) die "用法：scripts/package.sh deb|portable|windows|all [--test]" ;;
esac
