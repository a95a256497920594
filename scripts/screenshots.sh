#!/usr/bin/env bash
# 刷新 docs/screenshots/：构建界面和程序，跑一遍端到端测试，把截图写进文档目录。
# Refreshes docs/screenshots/ on purpose; the test runs (scripts/test.sh) write theirs to a
# temporary folder, so only this script changes the committed pictures.
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
need_node
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npx vite build --logLevel warn)
cargo build --workspace --examples --bins --quiet
SHOTS="$(pwd)/docs/screenshots" bash scripts/e2e.sh
say "已更新 docs/screenshots/，提交前请逐张查看（git status docs/screenshots）"
