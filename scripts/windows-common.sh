# Shared by scripts/package/windows.sh, scripts/wine-test.sh and scripts/windows-check.sh:
# the Windows cross toolchain (x86_64-pc-windows-gnu with Debian's mingw-w64), the Wine
# shim, and a throw-away Wine prefix. Source after scripts/common.sh.

WIN_TARGET=x86_64-pc-windows-gnu
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# need_windows_toolchain: the Rust target, the mingw linker and (for the vendored
# OpenSSL that SQLCipher uses on Windows) perl and make.
need_windows_toolchain() {
    need_rust
    apt_need gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 perl make
    command -v rustup >/dev/null ||
        die "需要 rustup 安装 Rust 目标 $WIN_TARGET（系统自带的 cargo 没有 Windows 标准库）：https://rustup.rs"
    if ! rustup target list --installed 2>/dev/null | grep -qx "$WIN_TARGET"; then
        say "安装 Rust 目标 $WIN_TARGET"
        rustup target add "$WIN_TARGET" >/dev/null
    fi
}

need_wine() {
    apt_need wine wine64
}

# build_wine_shim: prints the path of bcryptprimitives.dll built from
# packaging/windows/wine-shim/ (Wine 8 lacks ProcessPrng, which Rust's std imports).
build_wine_shim() {
    local src="$REPO_ROOT/packaging/windows/wine-shim"
    local out="$CARGO_TARGET_DIR/wine-shim"
    mkdir -p "$out"
    if [ ! -f "$out/bcryptprimitives.dll" ] || [ "$src/bcryptprimitives.c" -nt "$out/bcryptprimitives.dll" ] \
        || [ "$src/bcryptprimitives.def" -nt "$out/bcryptprimitives.dll" ]; then
        x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" \
            "$src/bcryptprimitives.c" "$src/bcryptprimitives.def" -lbcrypt
    fi
    printf '%s\n' "$out/bcryptprimitives.dll"
}

# make_wineprefix DIR: a fresh 64-bit Wine prefix in DIR with the shim in system32.
# Exports WINEPREFIX, WINEARCH, WINEDEBUG and WINEDLLOVERRIDES (no Mono/Gecko prompts:
# nothing is downloaded).
make_wineprefix() {
    local dir=$1 shim
    shim=$(build_wine_shim)
    export WINEPREFIX="$dir" WINEARCH=win64 WINEDEBUG=-all
    # No Mono/Gecko (nothing is downloaded) and no winemenubuilder: Wine must not write
    # menu entries, icons or .desktop files into the real home folder.
    export WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d"
    mkdir -p "$dir"
    if [ ! -f "$dir/system.reg" ]; then
        wineboot -i >/dev/null 2>&1 || true
        wineserver -w 2>/dev/null || true
    fi
    # Wine links Desktop, Documents … to $HOME; the tests' shortcuts and files stay in the
    # prefix instead.
    local u
    for u in "$dir"/drive_c/users/*/; do
        for d in Desktop Documents Downloads Music Pictures Videos Templates; do
            if [ -L "$u$d" ]; then rm -f "$u$d"; mkdir -p "$u$d"; fi
        done
    done
    cp "$shim" "$dir/drive_c/windows/system32/bcryptprimitives.dll"
}

# The app's version, from the root Cargo.toml.
app_version() {
    sed -n 's/^version = "\(.*\)"/\1/p' "$REPO_ROOT/Cargo.toml" | head -n1
}

# has_feature PKG FEATURE: whether the package declares the cargo feature.
has_feature() {
    cargo metadata --no-deps --format-version 1 --manifest-path "$REPO_ROOT/Cargo.toml" 2>/dev/null \
        | python3 -c 'import json,sys; m=json.load(sys.stdin); p=[x for x in m["packages"] if x["name"]==sys.argv[1]]; sys.exit(0 if p and sys.argv[2] in p[0]["features"] else 1)' "$1" "$2"
}
