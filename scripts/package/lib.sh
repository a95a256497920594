# Shared by the packaging scripts (sourced after scripts/common.sh).

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
DIST="$PWD/dist"
mkdir -p "$DIST"

# The pinned tauri-cli from npm (prebuilt; no 13-minute cargo install), kept outside the clone.
TAURI_CLI_VERSION=2.12.6
tauri_cli() {
    local dir="${XINFANG_TOOLS_DIR:-${HOME:-/root}/.cache/xinfang-tools}/tauri-cli-$TAURI_CLI_VERSION"
    if [ ! -x "$dir/node_modules/.bin/tauri" ]; then
        say "安装 tauri-cli $TAURI_CLI_VERSION（npm）"
        mkdir -p "$dir"
        npm install --silent --no-audit --no-fund --prefix "$dir" "@tauri-apps/cli@$TAURI_CLI_VERSION" >/dev/null
    fi
    "$dir/node_modules/.bin/tauri" "$@"
}

# cargo-zigbuild and zig from PyPI (ziglang wheel), in a venv outside the clone.
zig_env() {
    local dir="${XINFANG_TOOLS_DIR:-${HOME:-/root}/.cache/xinfang-tools}/zig-venv"
    if [ ! -x "$dir/bin/cargo-zigbuild" ]; then
        say "安装 cargo-zigbuild 与 zig（PyPI）"
        python3 -m venv "$dir"
        "$dir/bin/pip" install -q "ziglang==0.17.1" "cargo-zigbuild==0.24.1"
    fi
    export PATH="$dir/bin:$PATH"
}

# build_ui: the Vue build that the binaries embed.
build_ui() {
    need_node
    if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
        (cd ui && npm ci --silent --no-audit --no-fund)
    fi
    (cd ui && npx vite build --logLevel error)
}

# max_glibc BINARY: the newest GLIBC_x.y symbol version the binary needs.
max_glibc() {
    objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k1,1 -k2,2n -k3,3n -u | sed 's/GLIBC_//' |
        sort -V | tail -n1
}

# version_le A B: true when version A <= B.
version_le() { [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]; }

# tmp_home: a throwaway HOME for install tests (never the real user's ledger).
tmp_home() {
    local h
    h=$(mktemp -d /tmp/xinfang-pkgtest.XXXXXX)
    mkdir -p "$h/home"
    echo "$h"
}

ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
