#!/usr/bin/env bash
# The desktop .deb (amd64) for Debian 12 / Ubuntu 22.04+ / deepin 23 and other systems with
# WebKitGTK 4.1: package `xinfang-desk`, menu entry 信访工作台 (Office), the window app
# `xinfang-desk` and the `xinfang` command line (with the UI built in, so `xinfang serve` works).
# Built by tauri-cli from npm; the Linux-only override (deb.tauri.json) gives dpkg an ASCII
# package name, our .desktop template and Depends computed by dpkg-shlibdeps from the binaries.
# Usage: scripts/package/deb.sh [--test]      → dist/xinfang-desk_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/package/lib.sh
run_test=0
[ "${1:-}" = --test ] && run_test=1

need_rust
apt_need pkg-config libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev \
    libxdo-dev dpkg-dev file
build_ui

say "构建 xinfang 命令行（release，内置界面）"
cargo build --release --quiet -p xinfang --features embed-ui
cli="$CARGO_TARGET_DIR/release/xinfang"
app="$CARGO_TARGET_DIR/release/xinfang-desk"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# write_conf DEPENDS_JSON: the override merged over src-tauri/tauri.conf.json for the .deb.
write_conf() {
    cat >"$work/deb.json" <<JSON
{
  "productName": "xinfang-desk",
  "bundle": {
    "targets": ["deb"],
    "category": "Productivity",
    "linux": {
      "deb": {
        "depends": $1,
        "recommends": ["cups-client", "xdg-utils"],
        "section": "utils",
        "desktopTemplate": "$PWD/scripts/package/xinfang-desk.desktop.hbs",
        "files": { "/usr/bin/xinfang": "$cli" }
      }
    }
  }
}
JSON
}

# tauri build compiles the shared crates again with the desktop's features (a cold run compiles
# them twice). Building both in one cargo run with TAURI_CONFIG would save that; not yet tried.
say "构建桌面程序（tauri build，release）"
write_conf '[]'
(cd src-tauri && tauri_cli build --no-bundle --ci --config "$work/deb.json")

# Depends: what the two binaries link (dpkg-shlibdeps, with minimum versions), plus a Chinese
# font for the window (without one WebKit shows no Chinese at all). tauri adds the tray library
# (loaded at run time, so not in the link table) and WebKitGTK/GTK itself.
mkdir -p "$work/shlib/debian"
printf 'Source: xinfang-desk\n\nPackage: xinfang-desk\nArchitecture: any\n' >"$work/shlib/debian/control"
shlibs=$(cd "$work/shlib" && dpkg-shlibdeps -O -e"$app" -e"$cli" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || die "dpkg-shlibdeps 没有给出依赖"
depends=$(printf '%s\n' "$shlibs" | tr ',' '\n' | sed 's/^ *//' |
    { cat; echo "fonts-noto-cjk | fonts-wqy-zenhei | fonts-wqy-microhei"; } |
    sed 's/.*/"&"/' | paste -sd, -)
write_conf "[$depends]"

say "打包 .deb（tauri bundle）"
rm -rf "$CARGO_TARGET_DIR/release/bundle/deb"
(cd src-tauri && tauri_cli bundle --bundles deb --ci --config "$work/deb.json")
built=$(ls "$CARGO_TARGET_DIR"/release/bundle/deb/xinfang-desk_*_amd64.deb)
deb="$DIST/xinfang-desk_${VERSION}_amd64.deb"
cp "$built" "$deb"

# What dpkg will see: an ASCII name, the menu entry, both programs, the icon.
info=$(dpkg-deb -f "$deb" Package Depends)
grep -q '^Package: xinfang-desk$' <<<"$info" || die ".deb 的包名不对：$info"
grep -q 'libwebkit2gtk-4.1-0' <<<"$info" || die ".deb 缺少 WebKitGTK 依赖：$info"
files=$(dpkg-deb -c "$deb")
# (tauri's data archive names its members without a leading ./)
for f in usr/bin/xinfang-desk usr/bin/xinfang usr/share/applications/xinfang-desk.desktop \
    usr/share/icons/hicolor/128x128/apps/xinfang-desk.png; do
    grep -Eq " (\./)?$f\$" <<<"$files" || die ".deb 中缺少 $f"
done
dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*usr/share/applications/xinfang-desk.desktop' >"$work/entry"
grep -qx 'Name=信访工作台' "$work/entry" && grep -qx 'Categories=Office;' "$work/entry" ||
    die "菜单项不对：$(cat "$work/entry")"
say "已生成 $deb（$(du -k "$deb" | cut -f1) KB）"
echo "$info"

[ "$run_test" = 1 ] && scripts/package/test-deb.sh "$deb"
exit 0
