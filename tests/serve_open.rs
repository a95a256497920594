//! `xinfang serve --open`, the browser edition (issue #20): a stable address per ledger, a
//! second launch that only reopens the page, the token guard on the page and the API, 退出,
//! and files handed to the browser instead of written to a server path. Real server processes
//! on real ledgers; the "browser" is a script that records the address it is asked to open.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{TempLedger, bin, xf};

const NOW: &str = "2026-10-09 10:00";

struct Env {
    l: TempLedger,
    ui: PathBuf,
    opened: PathBuf,
    browser: PathBuf,
}

impl Env {
    fn new() -> Env {
        let l = TempLedger::new();
        assert!(xf(&l.path, NOW, &["init"]).status.success());
        let ui = l.dir.path().join("ui");
        std::fs::create_dir_all(ui.join("assets")).expect("ui");
        std::fs::write(
            ui.join("index.html"),
            "<!doctype html><html><head><title>t</title></head><body>页面</body></html>",
        )
        .expect("index");
        std::fs::write(ui.join("assets/app.js"), "console.log(1)").expect("js");
        let opened = l.dir.path().join("opened.txt");
        #[cfg(unix)]
        let browser = {
            use std::os::unix::fs::PermissionsExt;
            let browser = l.dir.path().join("browser.sh");
            std::fs::write(
                &browser,
                format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display()),
            )
            .expect("browser");
            std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
            browser
        };
        // A batch file: cmd reads it in the console code page, so the (Chinese) path of the
        // record comes through the environment (XF_OPENED, set in `cmd`), not the script.
        // The redirection goes first so nothing of the address is taken for a handle number.
        #[cfg(windows)]
        let browser = {
            let browser = l.dir.path().join("browser.cmd");
            std::fs::write(&browser, "@>>\"%XF_OPENED%\" echo %~1\r\n").expect("browser");
            browser
        };
        Env {
            l,
            ui,
            opened,
            browser,
        }
    }

    fn cmd(&self, extra: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(["serve", "--open", "--ui"])
            .arg(&self.ui)
            .args(extra)
            .env("XINFANG_DB", &self.l.path)
            .env("XINFANG_NOW", NOW)
            .env("XINFANG_BROWSER", &self.browser)
            .env("XF_OPENED", &self.opened)
            .env("XINFANG_LOG_DIR", self.l.dir.path().join("logs"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        c
    }

    fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(&self.opened)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Starts a server; returns it and the address the "browser" was asked to open.
    fn start(&self, extra: &[&str]) -> (Child, String) {
        let before = self.opened().len();
        let mut child = self.cmd(extra).spawn().expect("spawn serve");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("banner");
        assert!(line.contains("信访工作台已启动"), "{line}");
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        // A failed wait stops the server: a leftover one holds the test runner's output open.
        let waited = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            wait_for(
                || self.opened().get(before).cloned(),
                "the browser to be asked",
            )
        }));
        let url = match waited {
            Ok(url) => url,
            Err(p) => {
                let _ = child.kill();
                let _ = child.wait();
                std::panic::resume_unwind(p)
            }
        };
        assert!(line.contains(&url), "printed {line}, opened {url}");
        (child, url)
    }
}

fn wait_for<T>(mut f: impl FnMut() -> Option<T>, what: &str) -> T {
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn port_token(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://127.0.0.1:").expect("loopback url");
    let (port, token) = rest.split_once("/?token=").expect("token");
    (port.parse().expect("port"), token.to_string())
}

/// One raw HTTP/1.1 request: (status, headers, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("head");
    s.write_all(body).expect("body");
    let mut resp = Vec::new();
    let _ = s.read_to_end(&mut resp);
    let split = resp
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&resp[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut body = resp[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16).unwrap_or(0);
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn session_file(ledger: &Path) -> PathBuf {
    ledger.with_file_name("ledger.serve.json")
}

#[test]
fn the_browser_edition_keeps_its_address_and_reopens_the_running_server() {
    let e = Env::new();
    let (server, url) = e.start(&[]);
    let (port, token) = port_token(&url);
    // The ledger's own port (20000–29999) or one of its nine neighbours.
    assert!((20000..30009).contains(&port), "port {port}");
    assert_eq!(token.len(), 32);
    // The session is beside the ledger, readable by its owner only.
    let session = session_file(&e.l.path);
    assert!(session.is_file(), "no {}", session.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&session)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "session file readable by others: {mode:o}");
    }

    // A second launch hands the running server's address to the browser and exits.
    let started = Instant::now();
    let out = e.cmd(&[]).output().expect("second launch");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("已在运行"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(e.opened().last(), Some(&url));
    assert!(started.elapsed() < Duration::from_secs(10));

    // 退出 in the page stops the server (token required).
    let (status, _, _) = http(port, "POST", "/__xinfang/quit", &[], b"");
    assert_eq!(status, 401);
    let (status, _, _) = http(
        port,
        "POST",
        "/__xinfang/quit",
        &[("X-Xinfang-Token", token.as_str())],
        b"",
    );
    assert_eq!(status, 200);
    let mut server = server;
    let code = wait_for(|| server.try_wait().ok().flatten(), "the server to stop");
    assert!(code.success(), "{code:?}");

    // Restarted: the same address, so bookmarks and pinned tabs keep working.
    let (server, again) = e.start(&[]);
    assert_eq!(again, url);
    // A reset session gives a new token; the old one then gets the reopen page.
    let mut server = server;
    let _ = server.kill();
    let _ = server.wait();
    let (server, renewed) = e.start(&["--new-session"]);
    let (port2, token2) = port_token(&renewed);
    assert_ne!(token2, token);
    let (status, _, body) = http(port2, "GET", &format!("/?token={token}"), &[], b"");
    assert_eq!(status, 401);
    assert!(text(&body).contains("请从开始菜单重新打开信访工作台"));
    stop(server);
}

#[test]
fn the_page_goes_only_to_a_token_holder_and_the_api_only_takes_the_header() {
    let e = Env::new();
    let (server, url) = e.start(&[]);
    let (port, token) = port_token(&url);

    // With the token: the page, the token in a meta tag, and an HttpOnly SameSite cookie.
    let (status, head, body) = http(port, "GET", &format!("/?token={token}"), &[], b"");
    assert_eq!(status, 200, "{head}");
    let page = text(&body);
    assert!(
        page.contains(&format!(
            "<meta name=\"xinfang-token\" content=\"{token}\">"
        )),
        "{page}"
    );
    assert!(page.contains("页面"));
    let cookie_line = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .expect("cookie")
        .to_string();
    assert!(
        cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Strict"),
        "{cookie_line}"
    );
    let cookie = cookie_line
        .split_once(':')
        .map(|(_, v)| v.trim())
        .and_then(|v| v.split(';').next())
        .expect("cookie value")
        .to_string();
    assert!(
        cookie.starts_with(&format!("xinfang_token_{port}=")),
        "{cookie}"
    );

    // The bare address (a bookmark) with the cookie: the page again, on any route.
    for path in ["/", "/case/X-1"] {
        let (status, _, body) = http(port, "GET", path, &[("Cookie", cookie.as_str())], b"");
        assert_eq!(status, 200, "{path}");
        assert!(text(&body).contains("xinfang-token"));
    }
    // Without it, or with a wrong one: the one reopen page, no UI.
    let wrong = format!("xinfang_token_{port}={}", "0".repeat(32));
    for (path, headers) in [
        ("/".to_string(), vec![]),
        (format!("/?token={}", "f".repeat(32)), vec![]),
        ("/".to_string(), vec![("Cookie", wrong.as_str())]),
    ] {
        let (status, _, body) = http(port, "GET", &path, &headers, b"");
        assert_eq!(status, 401, "{path}");
        let body = text(&body);
        assert!(body.contains("请从开始菜单重新打开信访工作台"), "{body}");
        assert!(!body.contains("页面"), "the UI was handed out: {body}");
    }
    // Static files need no token (they hold no data); a missing one is a 404, not the page.
    let (status, head, _) = http(port, "GET", "/assets/app.js", &[], b"");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("javascript"), "{head}");
    assert_eq!(http(port, "GET", "/assets/missing.js", &[], b"").0, 404);
    // Nothing outside the UI folder, however the path is spelled (the ledger sits beside it).
    std::fs::copy(&e.l.path, e.ui.join("../ledger-copy.db")).expect("copy");
    for path in [
        "/../ledger.db",
        "/..%2fledger.db",
        "/assets/../../ledger-copy.db",
    ] {
        let (status, _, body) = http(port, "GET", path, &[], b"");
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.starts_with(b"SQLite format"),
            "{path} handed out the ledger"
        );
    }

    // The API takes the header, never the cookie (another site could make the browser send it).
    let (status, _, _) = http(
        port,
        "POST",
        "/api/today",
        &[("Cookie", cookie.as_str())],
        b"{}",
    );
    assert_eq!(status, 401);
    let (status, _, body) = http(
        port,
        "POST",
        "/api/today",
        &[("X-Xinfang-Token", token.as_str())],
        b"{}",
    );
    assert_eq!(status, 200, "{}", text(&body));
    // A foreign Host (DNS rebinding) is refused even with the token.
    let (status, _, _) = http(
        port,
        "POST",
        "/api/today",
        &[
            ("Host", "evil.example:80"),
            ("X-Xinfang-Token", token.as_str()),
        ],
        b"{}",
    );
    assert_eq!(status, 403);
    stop(server);
}

#[test]
fn files_go_to_the_browser_instead_of_a_server_path() {
    let e = Env::new();
    let add = crate::util::xf_stdin(
        &e.l.path,
        NOW,
        &["case", "add", "--json", "-"],
        Some(&crate::util::case("DL-1").json()),
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    for args in [
        vec!["case", "sign", "DL-1", "--at", NOW],
        vec![
            "case",
            "decide",
            "DL-1",
            "--method",
            "petition_channel",
            "--at",
            NOW,
        ],
    ] {
        let o = xf(&e.l.path, NOW, &args);
        assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    }
    let (server, url) = e.start(&[]);
    let (port, token) = port_token(&url);
    let post = |body: &str| {
        http(
            port,
            "POST",
            "/__xinfang/file",
            &[
                ("X-Xinfang-Token", token.as_str()),
                ("Content-Type", "application/json"),
            ],
            body.as_bytes(),
        )
    };

    let (status, head, body) =
        post(r#"{"command":"ledger_export","args":{"options":{}},"file_name":"台账.xlsx"}"#);
    assert_eq!(status, 200, "{}", text(&body));
    assert!(body.starts_with(b"PK") && body.len() > 1000, "not an xlsx");
    let lower = head.to_ascii_lowercase();
    assert!(
        lower.contains("content-disposition: attachment")
            && lower.contains("filename*=utf-8''%e5%8f%b0%e8%b4%a6.xlsx"),
        "{head}"
    );

    let (status, _, body) = post(r#"{"command":"backup_now","args":{},"file_name":"备份.zip"}"#);
    assert_eq!(status, 200, "{}", text(&body));
    let zip = e.l.dir.path().join("b.zip");
    std::fs::write(&zip, &body).expect("zip");
    // Listed with the zip crate (no unzip on Windows).
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).expect("open zip"))
        .expect("the backup download is a zip");
    let list: Vec<String> = archive
        .file_names()
        .map(|n| n.expect("entry name").into_owned())
        .collect();
    assert!(
        list.iter().any(|n| n.contains("manifest.json"))
            && list.iter().any(|n| n.contains("ledger.db")),
        "{list:?}"
    );

    // Drafted PDF: shown inline; anything else, or another file on disk, is refused.
    let pdf = e.l.dir.path().join("DL-1-受理告知书-草稿.pdf");
    let draft = xf(
        &e.l.path,
        NOW,
        &[
            "draft",
            "DL-1",
            "--kind",
            "acceptance_notice",
            "--out",
            pdf.to_str().expect("utf8"),
        ],
    );
    assert!(draft.status.success(), "{}", text(&draft.stderr));
    let req =
        serde_json::json!({"command": "document", "args": {"path": pdf}, "file_name": "文书.pdf"})
            .to_string();
    let (status, head, body) = post(&req);
    assert_eq!(status, 200, "{}", text(&body));
    assert!(body.starts_with(b"%PDF-"));
    let lower = head.to_ascii_lowercase();
    assert!(
        lower.contains("content-disposition: inline")
            && lower.contains("content-type: application/pdf"),
        "{head}"
    );
    let req = serde_json::json!({"command": "document", "args": {"path": e.l.path}, "file_name": "x.pdf"}).to_string();
    assert_eq!(post(&req).0, 400, "the ledger itself was handed out");
    let (status, _, _) = post(r#"{"command":"ledger_export","args":{},"file_name":"../x.xlsx"}"#);
    assert_eq!(status, 400);
    let (status, _, _) = post(r#"{"command":"case_delete","args":{},"file_name":"x.xlsx"}"#);
    assert_eq!(status, 400);
    let (status, _, _) = http(
        port,
        "POST",
        "/__xinfang/file",
        &[],
        br#"{"command":"ledger_export","args":{},"file_name":"x.xlsx"}"#,
    );
    assert_eq!(status, 401);
    stop(server);
}
