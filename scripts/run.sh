#!/usr/bin/env bash
# 构建并启动信访工作台桌面程序，使用系统数据目录中的默认台账（首次运行自动创建）。
# Builds and launches the desktop app on the default ledger in the user's data dir (created
# on first run). Without a display (SSH, CI) it prints today's summary in the terminal.
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    say "没有图形界面，显示终端版今日概览（桌面程序需在图形桌面中运行）"
    cargo build --release --quiet --bin xinfang
    exec "$CARGO_TARGET_DIR/release/xinfang" today "$@"
fi
apt_need pkg-config libssl-dev libxdo-dev librsvg2-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev fonts-wqy-zenhei
need_node
say "构建界面"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npx vite build --logLevel warn)
say "构建桌面程序（release，首次约 5–8 分钟）"
cargo build --release --quiet -p xinfang-desk
exec "$CARGO_TARGET_DIR/release/xinfang-desk" "$@"
