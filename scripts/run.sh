#!/usr/bin/env bash
# 构建并启动信访工作台，使用系统数据目录中的默认台账（首次运行自动创建）。
# Builds and runs Xinfang Desk on the default ledger in the user's data dir (created on first run).
# Until the desktop app lands this prints today's work in the terminal.
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
say "构建 xinfang（release）"
cargo build --release --quiet --bin xinfang
exec "$CARGO_TARGET_DIR/release/xinfang" today "$@"
