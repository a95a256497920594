#!/usr/bin/env bash
# The Windows build tested on Linux under Wine (issue #18).
#
#   scripts/wine-test.sh core        the core's unit and integration tests as Windows
#                                    binaries (cargo's runner = wine), in a throw-away
#                                    prefix whose temp folder is
#                                    C:\Users\张三\Documents\信访 台账\临时 (Chinese + a space)
#   scripts/wine-test.sh installer   dist/windows/信访工作台-<版本>-setup.exe installed
#                                    silently (/S) without and with WebView2, checked
#                                    (files, shortcuts, Apps & features entry, AUMID call,
#                                    default ledger location), uninstalled, ledger kept
#   scripts/wine-test.sh [all]       both
#   XINFANG_SETUP=<setup.exe>        test another installer than dist/windows/'s
#
# Extra arguments after `core` go to the test binaries (e.g. `core -- backup::`).
# Wine 8 lacks ProcessPrng (Rust std ≥ 1.78): packaging/windows/wine-shim/ provides it.
# The desktop window itself cannot run here (WebView2 needs Wine ≥ 9.2 and Microsoft's
# runtime): see docs/packaging.md for the checklist on a real Windows PC.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/windows-common.sh

what=${1:-all}
[ $# -gt 0 ] && shift
if [ "${1:-}" = "--" ]; then shift; fi

need_windows_toolchain
need_wine

work=$(mktemp -d /tmp/xinfang-wine.XXXXXX)
cleanup() {
    if [ -n "${WINEPREFIX:-}" ]; then wineserver -k 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# The Windows path of a file in the current prefix.
winpath() { printf 'C:%s' "$(printf '%s' "${1#"$WINEPREFIX/drive_c"}" | tr / '\\')"; }

run_core() {
    make_wineprefix "$work/core"
    # Every tempdir the tests make lands under a user folder with Chinese and a space.
    local tmp_unix="$WINEPREFIX/drive_c/users/张三/Documents/信访 台账/临时"
    mkdir -p "$tmp_unix"
    local tmp_win='C:\Users\张三\Documents\信访 台账\临时'
    wine reg add 'HKCU\Environment' /v TEMP /d "$tmp_win" /f >/dev/null
    wine reg add 'HKCU\Environment' /v TMP /d "$tmp_win" /f >/dev/null
    wineserver -w
    export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
    # The tests' own fixed "now" and ledgers; never the real data folder.
    unset XINFANG_DB XINFANG_NOW
    say "核心测试（Windows 程序，Wine 运行；临时文件夹 $tmp_win）"
    local t0 rc
    t0=$(date +%s)
    # tests/crash.rs kills the example writer mid-run (TerminateProcess on Windows).
    cargo build --locked --target "$WIN_TARGET" -p xinfang --features vendored-openssl --examples
    set +e
    cargo test --locked --target "$WIN_TARGET" -p xinfang --features vendored-openssl \
        --lib --test tests -- "$@" 2>&1 | tee "$work/core.log"
    rc=${PIPESTATUS[0]}
    set -e
    say "Wine 下核心测试用时 $(( $(date +%s) - t0 )) 秒"
    grep -E '^test result:' "$work/core.log" >&2 || true
    # Tests that cannot run on Windows are gated in the code, each with its reason.
    say "Windows 上不运行的测试：$(grep -cE '\.\.\. ignored' "$work/core.log" || true) 个"
    return $rc
}

log_has() { printf '%s\n' "$log" | grep -qF "$1"; }
reg_has() { printf '%s\n' "$exported" | grep -qF "$1"; }

check() { # check DESCRIPTION TEST...
    local what=$1; shift
    if "$@"; then printf '  ✓ %s\n' "$what" >&2; else printf '  ✗ %s\n' "$what" >&2; failures=$((failures + 1)); fi
}

# silent WHAT EXE: runs an NSIS installer or uninstaller silently (/S) and waits for Wine.
# NSIS exits 1 when cancelled and 2 when the script aborted (Abort: the app is running) or the
# installer could not start (no writable temp folder, failed integrity check). Silent mode shows
# no message, so a failure prints what the prefix holds instead of ending the run unexplained.
silent() {
    local what=$1 rc=0 t0
    shift
    t0=$(date +%s)
    wine "$@" /S || rc=$?
    wineserver -w
    say "   $what：退出码 $rc，用时 $(( $(date +%s) - t0 )) 秒"
    [ $rc -eq 0 ] && return 0
    printf '    安装目录：%s\n' "$(ls -l "$inst" 2>&1 | tr '\n' ' ')" >&2
    printf '    install.log：%s\n' "$(iconv -f UTF-16 -t UTF-8 "$inst/install.log" 2>&1 | tr '\r\n' '  ')" >&2
    printf '    临时文件夹：%s\n' "$(ls -la "$user_dir/Temp" 2>&1 | tr '\n' ' ')" >&2
    printf '    Wine 进程：%s\n' "$(pgrep -a -f '\.exe' 2>&1 | tr '\n' ' ')" >&2
    die "$what 失败（NSIS 退出码 $rc：1 = 取消，2 = 脚本中止或安装程序无法启动）"
}

run_installer() {
    local version setup
    version=$(app_version)
    setup="${XINFANG_SETUP:-$REPO_ROOT/dist/windows/信访工作台-$version-setup.exe}"
    [ -f "$setup" ] || die "没有找到 $setup，请先运行 scripts/package/windows.sh"
    make_wineprefix "$work/installer"
    local user_dir
    user_dir=$(ls -d "$WINEPREFIX"/drive_c/users/*/ | grep -v '/Public/$' | head -n1)
    user_dir=${user_dir%/}
    local inst="$user_dir/AppData/Local/Programs/信访工作台"
    local menu="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/信访工作台"
    local desk="$user_dir/Desktop"
    local ledger="$user_dir/AppData/Roaming/xinfang/xinfang-desk/data/ledger.db"
    local key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.xinfang.desk'
    local wv2='HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}'
    failures=0
    cp "$setup" "$work/setup.exe"

    say "1. 没有 WebView2：静默安装（/S）"
    silent 静默安装 "$work/setup.exe"
    for f in xinfang.exe xinfang-desk.exe WebView2Loader.dll uninstall.exe; do
        check "安装了 $f" test -f "$inst/$f"
    done
    check "开始菜单：信访工作台（浏览器版）" test -f "$menu/信访工作台（浏览器版）.lnk"
    check "桌面：信访工作台（浏览器版）" test -f "$desk/信访工作台（浏览器版）.lnk"
    check "没有 WebView2 时不装桌面程序的快捷方式" test ! -e "$menu/信访工作台.lnk"
    check "开始菜单：卸载信访工作台" test -f "$menu/卸载信访工作台.lnk"
    check "快捷方式指向 serve --open" grep -qa 's.e.r.v.e. .-.-.o.p.e.n' "$menu/信访工作台（浏览器版）.lnk"
    check "“应用和功能”中有卸载项（HKCU）" sh -c 'wine reg query "$1" /v UninstallString >/dev/null 2>&1' _ "$key"
    # `reg query` prints in the console code page; `reg export` writes UTF-16.
    wine reg export "$key" "$(winpath "$WINEPREFIX/drive_c/uninst.reg")" /y >/dev/null 2>&1 || true
    local exported
    exported=$(iconv -f UTF-16 -t UTF-8 "$WINEPREFIX/drive_c/uninst.reg" 2>/dev/null || true)
    check "卸载项显示名为“信访工作台”" reg_has '"DisplayName"="信访工作台"'
    check "卸载项版本为 $version" reg_has "\"DisplayVersion\"=\"$version\""
    check "卸载项有静默卸载命令" reg_has '"QuietUninstallString"='
    local log
    log=$(iconv -f UTF-16 -t UTF-8 "$inst/install.log" 2>/dev/null || true)
    printf '%s\n' "$log" | sed 's/^/    install.log: /' >&2
    check "两个快捷方式都设置了 AppUserModelID（SetValue/Commit/Save 均为 0）" \
        test "$(printf '%s\n' "$log" | grep -c 'SetValue=0 Commit=0 Save=0')" -eq 2
    check "安装后的 xinfang.exe 能运行（期限计算）" sh -c \
        "wine '$inst/xinfang.exe' deadlines --arrived-at '2026-09-30 16:20' --json | grep -q '\"due_date\": \"2026-10-08\"'"
    # The installed CLI creates the default ledger where the README says.
    env -u XINFANG_DB wine "$inst/xinfang.exe" init >/dev/null
    check "默认台账在 %APPDATA%\\xinfang\\xinfang-desk\\data\\ledger.db" test -f "$ledger"

    say "2. 有 WebView2（注册表中登记的运行时）：再次安装（升级）"
    wine reg add "$wv2" /v pv /d 120.0.2210.91 /f >/dev/null
    silent 再次静默安装 "$work/setup.exe"
    check "开始菜单：信访工作台" test -f "$menu/信访工作台.lnk"
    check "桌面：信访工作台" test -f "$desk/信访工作台.lnk"
    check "快捷方式指向 xinfang-desk.exe" grep -qa 'x.i.n.f.a.n.g.-.d.e.s.k...e.x.e' "$menu/信访工作台.lnk"
    check "浏览器版快捷方式已移除" test ! -e "$menu/信访工作台（浏览器版）.lnk"
    log=$(iconv -f UTF-16 -t UTF-8 "$inst/install.log" 2>/dev/null || true)
    check "WebView2 版本已识别" log_has 'webview2 [120.0.2210.91]' 
    check "两个快捷方式都设置了 AppUserModelID" \
        test "$(printf '%s\n' "$log" | grep -c 'SetValue=0 Commit=0 Save=0')" -eq 2
    local before
    before=$(sha256sum "$ledger" | cut -d' ' -f1)

    say "3. 静默卸载"
    local uninst
    uninst=$(wine reg query "$key" /v QuietUninstallString | sed -n 's/.*REG_SZ[[:space:]]*//p' | tr -d '\r')
    printf '    QuietUninstallString: %s\n' "$uninst" >&2
    silent 静默卸载 "$(winpath "$inst/uninstall.exe")"
    # The uninstaller copies itself to %TEMP% and finishes there; wait for it.
    for _ in $(seq 1 30); do [ -e "$inst" ] || break; sleep 1; wineserver -w; done
    check "程序文件夹已删除" test ! -e "$inst"
    check "开始菜单文件夹已删除" test ! -e "$menu"
    check "桌面快捷方式已删除" test ! -e "$desk/信访工作台.lnk"
    check "卸载项已删除" sh -c "! wine reg query '$key' >/dev/null 2>&1"
    check "台账保留且未改动" test "$(sha256sum "$ledger" 2>/dev/null | cut -d' ' -f1)" = "$before"

    setup_size=$(stat -c %s "$setup")
    say "安装程序大小：$((setup_size / 1024)) KiB（$(basename "$setup")）"
    [ "$failures" -eq 0 ] || die "安装测试有 $failures 项未通过"
    say "安装测试全部通过"
}

case "$what" in
    core) run_core "$@" ;;
    installer) run_installer ;;
    all) run_core "$@"; wineserver -k 2>/dev/null || true; run_installer ;;
    *) die "用法：scripts/wine-test.sh [core|installer|all]" ;;
esac
