#!/usr/bin/env bash
# 安装测试所需组件并运行全部测试。Installs what the tests need and runs every test:
# formatting, clippy, the UI's unit tests and build, the browser and real-window end-to-end
# runs, then every Rust test. Ends with the test runner's own summary line.
cd "$(dirname "$0")/.."
. scripts/common.sh
need_rust
# util-linux: mount/umount for the read-only location tests. The desktop shell's build
# (WebKitGTK 4.1), the browser run (Chromium + a CJK font), the real-window run (Xvfb, D-Bus,
# WebKitWebDriver). Documents: poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) and qpdf
# check the PDFs; fonts-noto-cjk is the fallback face for names outside GB2312 (堃); cups +
# cups-client + printer-driver-cups-pdf give the print test a real queue that writes PDFs.
# imagemagick draws the red seal on the browser run's generated scan (attachments step).
# faketime moves the clock for the notification test (a morning and an evening run).
apt_need util-linux pkg-config libssl-dev libxdo-dev librsvg2-dev libwebkit2gtk-4.1-dev \
    libayatana-appindicator3-dev chromium fonts-wqy-zenhei xvfb xauth webkit2gtk-driver dbus dbus-x11 dunst libnotify-bin \
    poppler-utils qpdf imagemagick fonts-noto-cjk cups cups-client printer-driver-cups-pdf faketime
need_node

# A CUPS scheduler and a cups-pdf queue for the print test (no systemd needed).
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! lpstat -r 2>/dev/null | grep -q "scheduler is running"; then
    say "启动打印服务（cupsd）"
    if command -v systemctl >/dev/null && systemctl start cups >/dev/null 2>&1; then :; else
        $sudo /usr/sbin/cupsd || true
    fi
    for _ in 1 2 3 4 5 6 7 8 9 10; do lpstat -r 2>/dev/null | grep -q "scheduler is running" && break; sleep 0.5; done
fi
export XINFANG_TEST_PRINTER=XinfangPDF
if ! lpstat -p "$XINFANG_TEST_PRINTER" >/dev/null 2>&1; then
    say "创建测试打印队列 $XINFANG_TEST_PRINTER（cups-pdf）"
    $sudo lpadmin -p "$XINFANG_TEST_PRINTER" -E -v cups-pdf:/ \
        -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null || true
fi

say "界面：安装依赖、单元测试、构建、类型检查（vue-tsc，strict）"
(cd ui && npm ci --no-audit --no-fund --loglevel=error && npx vitest run && npx vite build --logLevel warn &&
    npx vue-tsc --noEmit)

say "格式检查（cargo fmt）"
cargo fmt --all -- --check
say "静态检查（cargo clippy -D warnings）"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# Keep Windows building (issue #18): the workspace compiled for x86_64-pc-windows-gnu with
# Debian's mingw-w64 (installed on first use); `cargo check`, or clippy with XINFANG_WINDOWS_CLIPPY=1.
. scripts/windows-check.sh
windows_check
# The crash test runs the example writer; the end-to-end runs need both binaries.
cargo build --workspace --examples --bins --quiet

bash scripts/e2e.sh

# At a morning and at an evening hour (China time) whatever the real hour: the evening run's
# round falls after midnight, on the next day (issue #14).
say "桌面通知投递测试（dunst，上午与深夜各一次）"
bash scripts/notify-test.sh 10:59:30
bash scripts/notify-test.sh 23:59:30

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
