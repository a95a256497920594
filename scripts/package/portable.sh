#!/usr/bin/env bash
# The browser edition, for machines without WebKitGTK 4.1 (UOS 20, Kylin V10, older distros):
# one `xinfang` binary per architecture with the UI built in and OpenSSL compiled in, needing
# no glibc newer than 2.28 (cargo-zigbuild + zig from PyPI; checked with objdump -T), as
#   dist/xinfang-<version>-linux-<arch>.tar.gz    unpack and run `./xinfang serve --open`
#   dist/xinfang_<version>_<amd64|arm64>.deb      menu entry 信访工作台（浏览器版）
# Usage: scripts/package/portable.sh [--test] [--arch x86_64|aarch64]...
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/common.sh
. scripts/package/lib.sh
run_test=0
arches=()
while [ $# -gt 0 ]; do
    case $1 in
        --test) run_test=1 ;;
        --arch) arches+=("$2"); shift ;;
        *) die "未知参数：$1" ;;
    esac
    shift
done
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 aarch64)
GLIBC_MAX=2.28

need_rust
apt_need perl make binutils dpkg-dev
build_ui
zig_env

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for arch in "${arches[@]}"; do
    case $arch in
        x86_64) debarch=amd64 ;;
        aarch64) debarch=arm64 ;;
        *) die "不支持的架构：$arch" ;;
    esac
    triple="$arch-unknown-linux-gnu"
    rustup target list --installed | grep -qx "$triple" || rustup target add "$triple"
    say "构建 xinfang（$arch，glibc ≤ $GLIBC_MAX，内置界面与 OpenSSL）"
    cargo zigbuild --release --quiet -p xinfang --bin xinfang --features embed-ui,vendored-openssl \
        --target "$triple.$GLIBC_MAX"
    bin="$CARGO_TARGET_DIR/$triple/release/xinfang"
    need=$(max_glibc "$bin")
    version_le "$need" "$GLIBC_MAX" || die "$arch 版需要 glibc $need，超过 $GLIBC_MAX"
    libs=$(objdump -p "$bin" | awk '/NEEDED/ {print $2}' | paste -sd' ' -)
    for l in $libs; do
        case $l in
            libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | libgcc_s.so.1 | ld-linux*) ;;
            *) die "$arch 版依赖了系统库 $l（应只依赖 glibc）" ;;
        esac
    done
    say "$arch：最高需要 GLIBC_$need；动态库：$libs"

    # Portable archive.
    stage="$work/xinfang-$VERSION-linux-$arch"
    mkdir -p "$stage"
    cp "$bin" "$stage/xinfang"
    cat >"$stage/使用说明.txt" <<TXT
信访工作台（浏览器版）$VERSION，$arch，需要 glibc $GLIBC_MAX 或更新（统信 UOS 20、麒麟 V10 及以后）。

打开：  ./xinfang serve --open
        程序只在本机（127.0.0.1）提供服务，并用默认浏览器打开工作台；再次运行只会重新打开页面。
        每个台账有固定的地址，可以收藏或固定标签页。页面右上角“退出”停止服务。
台账：  默认在 ~/.local/share/xinfang-desk/ledger.db；也可用 --db 指定。
命令行：./xinfang --help
TXT
    tar -C "$work" -czf "$DIST/xinfang-$VERSION-linux-$arch.tar.gz" "xinfang-$VERSION-linux-$arch"

    # Browser-edition .deb.
    root="$work/deb-$debarch"
    mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/xinfang" \
        "$root/usr/share/doc/xinfang"
    install -m755 "$bin" "$root/usr/bin/xinfang"
    for s in 32x32 128x128; do
        install -Dm644 "src-tauri/icons/$s.png" "$root/usr/share/icons/hicolor/$s/apps/xinfang.png"
    done
    install -Dm644 src-tauri/icons/icon.png "$root/usr/share/icons/hicolor/512x512/apps/xinfang.png"
    entry() { # entry NAME EXTRA
        cat <<DESK
[Desktop Entry]
Type=Application
Name=$1
GenericName=信访事项台账
Comment=在本机浏览器中使用信访工作台（只在本机提供服务）
Keywords=信访;台账;xinfang;
Exec=xinfang serve --open
Icon=xinfang
Terminal=false
Categories=Office;
$2
DESK
    }
    entry '信访工作台（浏览器版）' '' >"$root/usr/share/applications/xinfang-browser.desktop"
    # Autostart is off by default: the entry is shipped, and copied to ~/.config/autostart by
    # whoever wants the page opened at login (docs/packaging.md).
    entry '信访工作台（浏览器版）' 'X-GNOME-Autostart-enabled=true' >"$root/usr/share/xinfang/xinfang-autostart.desktop"
    cat >"$root/usr/share/doc/xinfang/README.zh" <<TXT
信访工作台（浏览器版）
从开始菜单打开“信访工作台（浏览器版）”，或运行 xinfang serve --open。
开机自动打开（默认关闭）：
  mkdir -p ~/.config/autostart && cp /usr/share/xinfang/xinfang-autostart.desktop ~/.config/autostart/
关闭：rm ~/.config/autostart/xinfang-autostart.desktop
台账在 ~/.local/share/xinfang-desk/ledger.db，卸载本软件不会删除台账。
TXT
    size=$(du -sk "$root" | cut -f1)
    cat >"$root/DEBIAN/control" <<CTL
Package: xinfang
Version: $VERSION
Architecture: $debarch
Maintainer: Xinfang Desk <noreply@example.invalid>
Installed-Size: $size
Depends: libc6 (>= $need)
Recommends: xdg-utils, chromium | firefox-esr | www-browser, cups-client
Conflicts: xinfang-desk
Section: utils
Priority: optional
Description: 信访工作台（浏览器版）
 信访经办人的台账、期限提醒、规范化体检、五率看板与文书，在本机浏览器中使用。
 程序只监听 127.0.0.1；适用于没有 WebKitGTK 4.1 的系统（统信 UOS、麒麟）。
CTL
    deb="$DIST/xinfang_${VERSION}_$debarch.deb"
    dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
    say "已生成 $deb（$(du -k "$deb" | cut -f1) KB）与 dist/xinfang-$VERSION-linux-$arch.tar.gz（$(du -k "$DIST/xinfang-$VERSION-linux-$arch.tar.gz" | cut -f1) KB）"
done

if [ "$run_test" = 1 ]; then
    for arch in "${arches[@]}"; do
        case $arch in
            x86_64) scripts/package/test-browser.sh "$DIST/xinfang_${VERSION}_amd64.deb" ;;
            aarch64) scripts/package/test-arm64.sh "$CARGO_TARGET_DIR/aarch64-unknown-linux-gnu/release/xinfang" ;;
        esac
    done
fi
exit 0
