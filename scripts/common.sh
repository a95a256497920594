# Shared by run.sh, test.sh and bench.sh: find the toolchain, install what is missing,
# and share one cargo target directory outside the clone (safe to delete; it is rebuilt).

set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${HOME:-/root}/.cache/xinfang-target}"

# apt_need PKG...: install the Debian/Ubuntu packages that are missing (as root, or via sudo).
apt_need() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "缺少系统组件：${missing[*]}。请用本系统的包管理器安装后重试。"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "安装系统组件：${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

need_rust() {
    command -v cargo >/dev/null || die "没有找到 Rust 工具链（cargo）。请安装 Rust 1.89 或更新版本（https://rustup.rs），然后重试。"
    # rusqlite builds SQLite from source: it needs a C compiler.
    command -v cc >/dev/null || apt_need build-essential
}

need_node() {
    # The UI builds with Vite 8, which needs Node.js 20.19 or newer.
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        apt_need nodejs npm
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 20 ] || die "Node.js 版本过旧（$(node --version)），界面构建需要 20.19 或更新版本。"
}

# start_xvfb FIRST SIZE: an X server on the first free display from FIRST (so scripts and
# worktrees running side by side never collide). Exports DISPLAY and NO_AT_BRIDGE, sets
# XVFB_PID for the caller's EXIT trap, and returns once the display accepts clients.
start_xvfb() {
    local n=$1
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
    Xvfb ":$n" -screen 0 "$2" -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n" NO_AT_BRIDGE=1
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
}
