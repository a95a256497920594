#!/usr/bin/env bash
# Windows packages, cross-built on Debian (issue #18). Puts into dist/windows/:
#   xinfang.exe                     the CLI and the browser edition (`xinfang serve --open`)
#   xinfang-desk.exe + WebView2Loader.dll   the desktop app (needs the WebView2 runtime)
#   信访工作台-<版本>-setup.exe       per-user offline installer (packaging/windows/installer.nsi)
# Needs no Windows machine and no download beyond crates and Debian packages: the
# x86_64-pc-windows-gnu target, mingw-w64, makensis; OpenSSL for SQLCipher is compiled in
# (feature vendored-openssl: perl + make).
#
#   scripts/package/windows.sh            everything
#   scripts/package/windows.sh --cli      only xinfang.exe (no UI build, no installer)
#   scripts/package/windows.sh --debug    the same from the dev profile (a quicker cold build
#                                         for testing the installer; not for clerks: the
#                                         desktop exe then opens a console window too)
#   scripts/package/windows.sh --test     then install the new setup.exe silently under Wine,
#                                         check it and uninstall (scripts/wine-test.sh installer;
#                                         what `scripts/package.sh all --test` runs). The core's
#                                         tests under Wine (`scripts/wine-test.sh core`, ~20 min)
#                                         are a separate run.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/windows-common.sh

only_cli=0
profile=release
run_test=0
for a in "$@"; do
    case $a in
        --cli) only_cli=1 ;;
        --debug) profile=debug ;;
        --test) run_test=1 ;;
        *) die "未知参数：$a（只支持 --cli、--debug、--test）" ;;
    esac
done
[ $only_cli -eq 1 ] && [ $run_test -eq 1 ] && die "--test 检查的是安装程序，--cli 不构建安装程序"
profile_flag=--release
[ "$profile" = debug ] && profile_flag=

need_windows_toolchain
apt_need nsis
out="$REPO_ROOT/dist/windows"
mkdir -p "$out"
rel="$CARGO_TARGET_DIR/$WIN_TARGET/$profile"
version=$(app_version)

# The UI built in (xinfang.exe's embed-ui, the desktop exe's frontendDist): always rebuilt,
# so a package never carries a stale ui/dist.
if [ $only_cli -eq 0 ]; then
    . scripts/package/lib.sh
    say "构建界面（ui/dist）"
    build_ui
fi

# The browser edition serves the UI from inside xinfang.exe when the core has the
# embed-ui feature (issue #20); without it `serve` needs --ui <folder>.
features=vendored-openssl
if [ $only_cli -eq 0 ] && has_feature xinfang embed-ui; then
    features="$features,embed-ui"
fi
say "xinfang.exe（$profile，features: $features）"
t0=$(date +%s)
cargo build $profile_flag --locked --target "$WIN_TARGET" -p xinfang --bin xinfang --features "$features"
# Symbols only: the release exe carries ~14 MB of them (std, OpenSSL, SQLCipher).
x86_64-w64-mingw32-strip -o "$out/xinfang.exe" "$rel/xinfang.exe"
say "xinfang.exe：$(( $(date +%s) - t0 )) 秒"
[ $only_cli -eq 1 ] && exit 0

say "xinfang-desk.exe（$profile）"
t0=$(date +%s)
# custom-protocol: the UI is served from inside the exe (what `tauri build` adds).
cargo build $profile_flag --locked --target "$WIN_TARGET" -p xinfang-desk \
    --features tauri/custom-protocol,xinfang/vendored-openssl
x86_64-w64-mingw32-strip -o "$out/xinfang-desk.exe" "$rel/xinfang-desk.exe"
# webview2-com-sys links WebView2Loader.dll dynamically on the gnu target; tauri-build
# copies it beside the exe.
loader=$(ls -t "$rel/WebView2Loader.dll" "$rel"/build/webview2-com-sys-*/out/x64/WebView2Loader.dll 2>/dev/null | head -n1)
[ -n "$loader" ] || die "没有找到 WebView2Loader.dll（应由 webview2-com-sys 的构建放在 $rel）"
cp "$loader" "$out/WebView2Loader.dll"
say "xinfang-desk.exe：$(( $(date +%s) - t0 )) 秒"

setup="$out/信访工作台-$version-setup.exe"
say "安装程序 $(basename "$setup")"
makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$version" -DSRCDIR="$out" -DICON="$REPO_ROOT/src-tauri/icons/icon.ico" \
    -DOUTFILE="$setup" packaging/windows/installer.nsi
ls -l "$out"

if [ $run_test -eq 1 ]; then
    XINFANG_SETUP="$setup" scripts/wine-test.sh installer
fi
exit 0
