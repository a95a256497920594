#!/usr/bin/env bash
# 安装测试所需组件并运行全部测试。Installs what the tests need and runs every test.
# Ends with the test runner's own summary line.
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
# mount/umount (read-only location tests) come with util-linux; keep the list honest.
apt_need util-linux

say "格式检查（cargo fmt）"
cargo fmt --all -- --check
say "静态检查（cargo clippy -D warnings）"
cargo clippy --all-targets --quiet -- -D warnings
# The crash test runs the example writer as a child process.
cargo build --examples --quiet

if ! command -v cargo-nextest >/dev/null; then
    say "安装 cargo-nextest"
    cargo install cargo-nextest --locked --quiet || true
fi
if command -v cargo-nextest >/dev/null; then
    say "运行测试（cargo nextest）"
    exec cargo nextest run --workspace --no-fail-fast --failure-output final
fi
say "运行测试（cargo test）"
log=$(mktemp)
set +e
cargo test --workspace --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo "$passed passed, $failed failed"
exit "$status"
