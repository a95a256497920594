#!/usr/bin/env bash
# Install test of the desktop .deb: apt installs it, the menu entry and both programs are in
# place, the window opens under Xvfb and creates the ledger in the user's data dir, then the
# package is removed (and purged) and the ledger is still there.
# Runs as root (apt); the "user" is a throwaway HOME, never the real one.
# Usage: scripts/package/test-deb.sh dist/xinfang-desk_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/package/lib.sh
deb=$(realpath "$1")
[ "$(id -u)" -eq 0 ] || die "安装测试需要 root（apt-get install）"
apt_need xvfb xauth dbus dbus-x11 xdotool x11-utils imagemagick desktop-file-utils
export DEBIAN_FRONTEND=noninteractive
if dpkg-query -W -f='${Status}' xinfang-desk 2>/dev/null | grep -q "install ok installed"; then
    apt-get purge -y -qq xinfang-desk >/dev/null
fi

t0=$(date +%s%N)
apt-get install -y -qq "$deb" >/dev/null
install_ms=$(ms_since "$t0")
for f in /usr/bin/xinfang-desk /usr/bin/xinfang; do [ -x "$f" ] || die "安装后没有 $f"; done
entry=/usr/share/applications/xinfang-desk.desktop
desktop-file-validate "$entry" || die "菜单项不合规范：$entry"
icon=$(sed -n 's/^Icon=//p' "$entry")
ls /usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null || die "找不到菜单图标 $icon"
xinfang --version >/dev/null

h=$(tmp_home)
shots=${XINFANG_SHOTS:-$h}
start_xvfb 90 1366x860x24
cleanup() {
    [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null
    kill "$XVFB_PID" 2>/dev/null
    rm -rf "$h"
}
trap cleanup EXIT
ledger="$h/home/.local/share/xinfang-desk/ledger.db"
[ -e "$ledger" ] && die "测试前台账已存在"

# Start it the way the menu does: the Exec= of the installed entry, as the (throwaway) user.
exec_cmd=$(sed -n 's/^Exec=//p' "$entry")
t1=$(date +%s%N)
env -i PATH=/usr/bin:/bin HOME="$h/home" DISPLAY="$DISPLAY" NO_AT_BRIDGE=1 LANG=C.UTF-8 \
    dbus-run-session -- $exec_cmd >"$h/app.log" 2>&1 &
app_pid=$!
win=""
for _ in $(seq 1 600); do
    win=$(xdotool search --onlyvisible --name '信访工作台' 2>/dev/null | head -n1 || true)
    [ -n "$win" ] && break
    sleep 0.1
done
[ -n "$win" ] || { cat "$h/app.log"; die "60 秒内没有出现“信访工作台”窗口"; }
window_ms=$(ms_since "$t1")
for _ in $(seq 1 300); do [ -s "$ledger" ] && break; sleep 0.1; done
[ -s "$ledger" ] || die "窗口打开了，但用户数据目录中没有台账：$ledger"
geom=$(xwininfo -id "$win" | sed -n 's/.*geometry \(.*\)/\1/p')
sleep 4 # let the first screen render before the screenshot
import -window root "$shots/xinfang-desk-installed.png"
kill "$app_pid" 2>/dev/null
wait "$app_pid" 2>/dev/null || true
app_pid=""
# The installed CLI reads the same ledger.
env -i PATH=/usr/bin:/bin HOME="$h/home" xinfang today --json >/dev/null || die "已安装的 xinfang 打不开这个台账"

apt-get remove -y -qq xinfang-desk >/dev/null
[ ! -e /usr/bin/xinfang-desk ] && [ ! -e /usr/bin/xinfang ] || die "卸载后程序仍在"
[ -s "$ledger" ] || die "卸载后台账不见了"
apt-get purge -y -qq xinfang-desk >/dev/null 2>&1 || true
[ -s "$ledger" ] || die "彻底卸载（purge）后台账不见了"
[ "$shots" = "$h" ] && cp "$h/xinfang-desk-installed.png" /tmp/xinfang-desk-installed.png
echo "桌面 .deb 安装测试通过：安装 ${install_ms} ms，启动到窗口出现 ${window_ms} ms（窗口 $geom），" \
    "安装到首个窗口共 $((install_ms + window_ms)) ms；卸载后台账保留；截图 ${XINFANG_SHOTS:-/tmp}/xinfang-desk-installed.png"
