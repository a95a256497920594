#!/usr/bin/env bash
# Keeps Windows building (issue #18): the whole workspace compiled for
# x86_64-pc-windows-gnu with Debian's mingw-w64, no Windows machine needed.
# scripts/test.sh can source this file and call `windows_check`; run directly it checks.
#
#   windows_check            cargo check (all targets, so the tests compile too)
#   XINFANG_WINDOWS_CLIPPY=1 cargo clippy … -D warnings instead
# The desktop shell needs ui/dist (tauri's frontendDist) to exist; an empty placeholder is
# enough for checking.

windows_check() {
    local here
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    . "$here/common.sh"
    . "$here/windows-common.sh"
    need_windows_toolchain
    [ -d "$REPO_ROOT/ui/dist" ] || mkdir -p "$REPO_ROOT/ui/dist"
    local tool=check extra=()
    if [ "${XINFANG_WINDOWS_CLIPPY:-0}" = 1 ]; then tool=clippy; extra=(-- -D warnings); fi
    say "Windows（$WIN_TARGET）：cargo $tool --workspace --all-targets"
    (cd "$REPO_ROOT" && cargo "$tool" --locked --workspace --all-targets --target "$WIN_TARGET" \
        --features xinfang/vendored-openssl "${extra[@]}")
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    windows_check
fi
