#!/usr/bin/env bash
# Install test of the browser edition .deb (amd64): apt installs it; the menu entry, icon and
# the (off by default) autostart entry are in place; the menu's command is driven with Debian's
# Chromium (ui/e2e/package-browser.mjs); the installed binary needs no source tree (run from
# an empty directory); removal leaves the ledger.
# Usage: scripts/package/test-browser.sh dist/xinfang_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/package/lib.sh
deb=$(realpath "$1")
[ "$(id -u)" -eq 0 ] || die "安装测试需要 root（apt-get install）"
apt_need chromium desktop-file-utils fonts-wqy-zenhei
[ -d ui/node_modules/playwright-core ] || (cd ui && npm ci --silent --no-audit --no-fund)
export DEBIAN_FRONTEND=noninteractive
for p in xinfang xinfang-desk; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        apt-get purge -y -qq "$p" >/dev/null
    fi
done

t0=$(date +%s%N)
apt-get install -y -qq "$deb" >/dev/null
install_ms=$(ms_since "$t0")
entry=/usr/share/applications/xinfang-browser.desktop
desktop-file-validate "$entry" || die "菜单项不合规范：$entry"
grep -qx 'Name=信访工作台（浏览器版）' "$entry" || die "菜单项名称不对"
grep -qx 'Exec=xinfang serve --open' "$entry" || die "菜单项命令不对"
[ -f /usr/share/icons/hicolor/128x128/apps/xinfang.png ] || die "缺少图标"
desktop-file-validate /usr/share/xinfang/xinfang-autostart.desktop
[ ! -e /etc/xdg/autostart/xinfang-autostart.desktop ] || die "开机启动应默认关闭"
need=$(max_glibc /usr/bin/xinfang)
version_le "$need" 2.28 || die "已安装的 xinfang 需要 glibc $need"

h=$(tmp_home)
trap 'rm -rf "$h"' EXIT
# From an empty directory: nothing of the source tree is reachable.
cd "$h"
XF_HOME="$h/home" XF_CMD="$(sed -n 's/^Exec=//p' "$entry")" node "$OLDPWD/ui/e2e/package-browser.mjs"
cd "$OLDPWD"
ledger="$h/home/.local/share/xinfang-desk/ledger.db"
[ -s "$ledger" ] || die "没有台账"
apt-get purge -y -qq xinfang >/dev/null
[ ! -e /usr/bin/xinfang ] || die "卸载后程序仍在"
[ -s "$ledger" ] || die "卸载后台账不见了"
echo "浏览器版 .deb 安装测试通过：安装 ${install_ms} ms；glibc 需求 $need；卸载后台账保留"
