//! `xinfang serve`: the same UI and command surface over HTTP on 127.0.0.1, for the clerk's
//! browser (the browser edition, `serve --open`), the browser end-to-end tests, and as a fallback
//! where the desktop shell cannot run. Nothing listens beyond loopback; every API request carries
//! the session token in a header.
//!
//! Two kinds of session:
//! - plain `serve`: a fresh token and the given port (0 = any) on every run, as before;
//! - `serve --open` (the browser edition): one session per ledger, kept in `<ledger>.serve.json`
//!   beside the ledger (owner-only on Unix): a fixed port derived from the ledger's path (with
//!   fallbacks) and a token that survives restarts, so a bookmark or pinned tab keeps working.
//!   A second `--open` on the same ledger finds the running server and only opens the browser.
//!
//! The page (`index.html`) is handed out only to a request that shows the token, either as
//! `?token=` (the address the launcher opens; it also sets an HttpOnly, SameSite=Strict cookie
//! for this port) or as that cookie (a bookmark of the bare address). The page carries the token
//! in a `<meta>` tag for the API header. A wrong or rotated token gets one Chinese page that says
//! to reopen from the start menu. The API itself accepts only the header — never the cookie — so
//! another site in the same browser cannot drive it; requests naming a foreign `Host` (DNS
//! rebinding) are refused.

use std::borrow::Cow;
use std::net::{SocketAddr, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use xinfang::api::Gate;
use xinfang::error::ErrorPayload;
use xinfang::limits::{MAX_REQUEST_BYTES, MAX_UPLOAD_REQUEST_BYTES, bytes_zh};
use xinfang::time::Time;
use xinfang::{Error, Result};

/// The one page a wrong or expired token gets (issue #20).
pub const REOPEN_ZH: &str = "请从开始菜单重新打开信访工作台";

struct AppState {
    gate: Mutex<Gate>,
    token: String,
    /// Fixed "now" for tests (`--now`); otherwise the clock at each request.
    now: Option<Time>,
    ui: UiSource,
    /// The ledger this server works on (answered to a second `--open`).
    ledger: String,
    /// Set after binding: the cookie is named after the port (cookies ignore ports).
    port: std::sync::OnceLock<u16>,
    quit: tokio::sync::Notify,
}

pub struct Options {
    /// `--port`; `None` = 0 for a plain run, the ledger's fixed port with `--open`.
    pub port: Option<u16>,
    pub ui: Option<PathBuf>,
    pub now: Option<Time>,
    /// The browser edition: per-ledger session, stable address, open the default browser.
    pub open: bool,
    /// Start a new session (a new token: old bookmarks then get the reopen page).
    pub new_session: bool,
}

/// Where the page comes from: the UI built into the binary (`embed-ui`) or a folder.
enum UiSource {
    #[cfg(feature = "embed-ui")]
    Embedded,
    Dir(PathBuf),
}

#[cfg(feature = "embed-ui")]
#[derive(rust_embed::Embed)]
#[folder = "ui/dist/"]
struct EmbeddedUi;

impl UiSource {
    fn choose(given: Option<PathBuf>) -> Result<UiSource> {
        #[cfg(feature = "embed-ui")]
        if given.is_none() && std::env::var_os("XINFANG_UI_DIR").is_none() {
            return Ok(UiSource::Embedded);
        }
        Ok(UiSource::Dir(find_ui(given)?))
    }

    /// A file of the built UI by its URL path (no leading slash).
    fn get(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            #[cfg(feature = "embed-ui")]
            UiSource::Embedded => EmbeddedUi::get(path).map(|f| f.data),
            UiSource::Dir(dir) => {
                let rel = Path::new(path);
                // Only plain names: no `..`, no absolute paths, no drive prefixes.
                if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
                    return None;
                }
                let file = dir.join(rel);
                if !file.is_file() {
                    return None;
                }
                std::fs::read(file).ok().map(Cow::Owned)
            }
        }
    }
}

/// The per-ledger session of the browser edition, beside the ledger.
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
struct Session {
    port: Option<u16>,
    token: String,
}

fn session_path(ledger: &Path) -> PathBuf {
    let stem = ledger
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger".into());
    ledger.with_file_name(format!("{stem}.serve.json"))
}

fn load_session(ledger: &Path) -> Option<Session> {
    let text = std::fs::read_to_string(session_path(ledger)).ok()?;
    let s: Session = serde_json::from_str(&text).ok()?;
    (s.token.len() == 32 && s.token.bytes().all(|b| b.is_ascii_hexdigit())).then_some(s)
}

fn save_session(ledger: &Path, s: &Session) -> Result<()> {
    let path = session_path(ledger);
    let text = serde_json::to_string_pretty(s).unwrap_or_default();
    let tmp = path.with_extension("json.tmp");
    let write = || -> std::io::Result<()> {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // The token is as good as the ledger: only its owner may read it.
            opts.mode(0o600);
        }
        use std::io::Write;
        let mut f = opts.open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)
    };
    write().map_err(|e| Error::NotWritable {
        path: path.display().to_string(),
        detail: xinfang::error::io_zh(&e),
    })
}

/// The ledger's own port: the same path always gives the same port, in 20000–29999 (below
/// Linux's ephemeral range 32768– and Windows' 49152–, so the OS rarely hands it to others).
pub fn ledger_port(ledger: &Path) -> u16 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(ledger.to_string_lossy().as_bytes());
    20000 + (u16::from_be_bytes([d[0], d[1]]) % 10000)
}

fn ledger_id(ledger: &Path) -> String {
    std::fs::canonicalize(ledger)
        .unwrap_or_else(|_| ledger.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// For a second `serve --open`: the address of a server already running on this ledger.
pub fn running_url(ledger: &Path) -> Option<String> {
    let s = load_session(ledger)?;
    let port = s.port?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    use std::io::{Read, Write};
    let req = format!(
        "GET /__xinfang/alive HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Xinfang-Token: {}\r\nConnection: close\r\n\r\n",
        s.token
    );
    stream.write_all(req.as_bytes()).ok()?;
    let mut resp = Vec::new();
    let _ = stream.take(64 * 1024).read_to_end(&mut resp);
    let resp = String::from_utf8_lossy(&resp);
    if !resp.starts_with("HTTP/1.1 200") {
        return None;
    }
    let body = resp.split("\r\n\r\n").nth(1)?;
    let v: Value = serde_json::from_str(body.trim()).ok()?;
    (v["ledger"].as_str()? == ledger_id(ledger))
        .then(|| format!("http://127.0.0.1:{port}/?token={}", s.token))
}

/// Opens `url` in the default browser: `XINFANG_BROWSER` (a program, for tests and for
/// machines whose default is wrong), else xdg-open / `cmd /c start` / open. Never fails the
/// caller: the address is printed anyway.
pub fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut cmd = if let Some(prog) = std::env::var_os("XINFANG_BROWSER") {
        let mut c = Command::new(prog);
        c.arg(url);
        c
    } else if cfg!(windows) {
        // `start` is a cmd built-in; the empty "" is the window title it would take from a
        // quoted first argument. The token is hex, so the URL holds no cmd metacharacters.
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        cmd.creation_flags(CREATE_NO_WINDOW);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match cmd.spawn() {
        Ok(mut child) => {
            // Reap it so no zombie is left behind; a browser that stays is fine.
            std::thread::spawn(move || {
                if let Ok(status) = child.wait()
                    && !status.success()
                {
                    eprintln!("没能自动打开浏览器，请手动打开上面的地址。");
                }
            });
        }
        Err(_) => eprintln!("没能自动打开浏览器，请手动打开上面的地址。"),
    }
}

async fn bind(ports: &[u16]) -> Result<tokio::net::TcpListener> {
    let mut last = None;
    for &port in ports {
        match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await {
            Ok(l) => return Ok(l),
            Err(e) => last = Some((port, e)),
        }
    }
    let (port, e) = last.unwrap_or((0, std::io::Error::other("没有可用端口")));
    Err(Error::Io {
        path: format!("127.0.0.1:{port}"),
        detail: format!("端口无法使用（{e}），请换一个端口：--port"),
    })
}

pub fn run(gate: Gate, ledger: &Path, opts: Options) -> Result<()> {
    let Options {
        port,
        ui,
        now,
        open,
        new_session,
    } = opts;
    let ui = UiSource::choose(ui)?;
    let mut session = if open {
        match load_session(ledger) {
            Some(s) if !new_session => s,
            _ => Session {
                port: None,
                token: new_token()?,
            },
        }
    } else {
        Session {
            port: None,
            token: new_token()?,
        }
    };
    // Ports to try, in order: --port; for the browser edition the port it had last time, the
    // ledger's own port and its nine neighbours, then any free port.
    let ports: Vec<u16> = match (port, open) {
        (Some(p), _) => vec![p],
        (None, false) => vec![0],
        (None, true) => {
            let own = ledger_port(ledger);
            let mut v: Vec<u16> = session.port.into_iter().collect();
            v.extend((0..10).map(|i| own + i));
            v.push(0);
            v.dedup();
            v
        }
    };
    let state = Arc::new(AppState {
        gate: Mutex::new(gate),
        token: session.token.clone(),
        now,
        ui,
        ledger: ledger_id(ledger),
        port: std::sync::OnceLock::new(),
        quit: tokio::sync::Notify::new(),
    });
    let app = Router::new()
        .route("/api/{command}", post(api))
        .route("/__xinfang/alive", get(alive))
        .route("/__xinfang/quit", post(quit))
        .route("/__xinfang/file", post(file))
        // Refused before it is buffered whole: attachment uploads (base64) up to the upload
        // limit; every other command is held to MAX_REQUEST_BYTES in the handler.
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_REQUEST_BYTES))
        .fallback(page)
        .layer(middleware::from_fn(loopback_host_only))
        .with_state(state.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Io {
            path: "服务".into(),
            detail: e.to_string(),
        })?;
    runtime.block_on(async move {
        let listener = bind(&ports).await?;
        let local = listener.local_addr().map_err(|e| Error::Io {
            path: "服务".into(),
            detail: e.to_string(),
        })?;
        let _ = state.port.set(local.port());
        if open {
            session.port = Some(local.port());
            save_session(ledger, &session)?;
        }
        let url = format!("http://{local}/?token={}", session.token);
        // Tests read this line to find the port and token.
        println!("信访工作台已启动：{url}");
        tracing::info!(port = local.port(), stable = open, "浏览器服务已启动");
        println!("按 Ctrl+C 停止，或在页面右上角点“退出”。");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if open {
            open_browser(&url);
        }
        let stop = state.clone();
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = stop.quit.notified() => {}
                }
            })
            .await
            .map_err(|e| Error::Io {
                path: "服务".into(),
                detail: e.to_string(),
            })
    })
}

/// Refuses requests addressed to any host but loopback: a page on another site whose name
/// is made to resolve to 127.0.0.1 (DNS rebinding) sends its own name in `Host`.
async fn loopback_host_only(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    if matches!(name, "127.0.0.1" | "localhost" | "::1") {
        next.run(req).await
    } else {
        (StatusCode::FORBIDDEN, "forbidden host").into_response()
    }
}

fn header_token_ok(state: &AppState, headers: &HeaderMap) -> bool {
    let given = headers
        .get("x-xinfang-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    constant_time_eq(given.as_bytes(), state.token.as_bytes())
}

fn cookie_name(state: &AppState) -> String {
    format!("xinfang_token_{}", state.port.get().copied().unwrap_or(0))
}

fn unauthorized() -> Response {
    let body =
        json!({"code": "unauthorized", "message": format!("访问令牌无效或已过期。{REOPEN_ZH}。")});
    (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
}

async fn alive(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if !header_token_ok(&state, &headers) {
        return unauthorized();
    }
    axum::Json(json!({"ledger": state.ledger})).into_response()
}

/// 退出 in the page: stops the server after answering.
async fn quit(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if !header_token_ok(&state, &headers) {
        return unauthorized();
    }
    tracing::info!("页面请求退出");
    state.quit.notify_one();
    axum::Json(json!({"ok": true})).into_response()
}

/// What the browser asks `/__xinfang/file` for: a file the core writes, handed to the browser
/// as a download (or, for a PDF, shown in the browser's own viewer) instead of a path on disk.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRequest {
    /// `ledger_export`, `rounds_report_export` (one file: `args.path` is set here),
    /// `attachments_package` (`args.out`), `backup_now` (`args.to`) (a folder, sent as .zip),
    /// or `document` (`args.path` of a generated PDF, sent inline).
    command: String,
    #[serde(default)]
    args: serde_json::Map<String, Value>,
    /// The name the browser saves it under (a plain name; the extension decides the type).
    file_name: String,
}

/// A scratch folder for one download, removed when dropped.
struct Scratch(PathBuf);
impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch() -> Result<Scratch> {
    let dir = std::env::temp_dir().join(format!("xinfang-download-{}", new_token()?));
    #[cfg_attr(not(unix), allow(unused_mut))] // only Unix sets the mode
    let mut b = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir).map_err(|e| Error::NotWritable {
        path: dir.display().to_string(),
        detail: xinfang::error::io_zh(&e),
    })?;
    Ok(Scratch(dir))
}

fn plain_name(name: &str) -> Option<&str> {
    let ok = !name.is_empty()
        && name.len() <= 200
        && Path::new(name).components().count() == 1
        && matches!(
            Path::new(name).components().next(),
            Some(Component::Normal(_))
        )
        && !name.contains(['/', '\\', ':']);
    ok.then_some(name)
}

/// Zips a folder's files (relative names, forward slashes) into memory.
fn zip_dir(dir: &Path) -> Result<Vec<u8>> {
    use std::io::Write;
    let io = |e: std::io::Error| Error::Io {
        path: dir.display().to_string(),
        detail: xinfang::error::io_zh(&e),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&d)
            .map_err(io)?
            .filter_map(|e| e.ok())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix(dir).unwrap_or(&p);
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            zip.start_file(name, opts).map_err(|e| Error::Io {
                path: p.display().to_string(),
                detail: e.to_string(),
            })?;
            zip.write_all(&std::fs::read(&p).map_err(io)?).map_err(io)?;
        }
    }
    let cursor = zip.finish().map_err(|e| Error::Io {
        path: dir.display().to_string(),
        detail: e.to_string(),
    })?;
    Ok(cursor.into_inner())
}

/// Runs a file-writing command into a scratch folder and returns (bytes, inline?).
fn produce(
    gate: &mut Gate,
    req: FileRequest,
    now: &Time,
) -> std::result::Result<(Vec<u8>, bool), ErrorPayload> {
    let fail = |e: Error| e.payload();
    let name = plain_name(&req.file_name).ok_or_else(|| {
        fail(Error::BadJson {
            line: 0,
            column: 0,
            detail: "下载的文件名不合法".into(),
        })
    })?;
    let mut args = req.args;
    let tmp = scratch().map_err(fail)?;
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| {
            fail(Error::Io {
                path: p.display().to_string(),
                detail: xinfang::error::io_zh(&e),
            })
        })
    };
    match req.command.as_str() {
        "ledger_export" | "rounds_report_export" => {
            let out = tmp.0.join(name);
            args.insert("path".into(), Value::String(out.to_string_lossy().into()));
            gate.dispatch(&req.command, Value::Object(args), now)?;
            Ok((read(&out)?, false))
        }
        "attachments_package" | "backup_now" => {
            let key = if req.command == "backup_now" {
                "to"
            } else {
                "out"
            };
            let out = tmp.0.join("out");
            args.insert(key.into(), Value::String(out.to_string_lossy().into()));
            gate.dispatch(&req.command, Value::Object(args), now)?;
            Ok((zip_dir(&out).map_err(fail)?, false))
        }
        "document" => {
            // Only a PDF, and only through the gate (a locked desk shows nothing).
            if gate.is_locked() {
                return Err(fail(Error::Locked));
            }
            let path = args.get("path").and_then(Value::as_str).unwrap_or("");
            let not_pdf = || {
                fail(Error::Io {
                    path: path.to_string(),
                    detail: "不是信访工作台生成的 PDF 文书".into(),
                })
            };
            if !path.to_ascii_lowercase().ends_with(".pdf") {
                return Err(not_pdf());
            }
            let desk = gate.desk_mut().ok_or_else(not_pdf)?;
            let shown = desk.viewable_document(Path::new(path)).map_err(fail)?;
            let bytes = read(&shown)?;
            if !bytes.starts_with(b"%PDF") {
                return Err(not_pdf());
            }
            Ok((bytes, true))
        }
        _ => Err(fail(Error::BadJson {
            line: 0,
            column: 0,
            detail: format!("“{}”不能下载", req.command),
        })),
    }
}

async fn file(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    if !header_token_ok(&state, &headers) {
        return unauthorized();
    }
    let req: FileRequest = match body.ok().and_then(|b| serde_json::from_slice(&b).ok()) {
        Some(r) => r,
        None => {
            let err = Error::BadJson {
                line: 0,
                column: 0,
                detail: "下载请求不是合法的 JSON".into(),
            };
            return (StatusCode::BAD_REQUEST, axum::Json(err.payload())).into_response();
        }
    };
    let name = req.file_name.clone();
    let command = req.command.clone();
    let state2 = state.clone();
    let result = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let now = state2.now.unwrap_or_else(super::clock_now);
        let mut gate = match state2.gate.lock() {
            Ok(d) => d,
            Err(poisoned) => poisoned.into_inner(),
        };
        (produce(&mut gate, req, &now), started.elapsed())
    })
    .await;
    match result {
        Ok((Ok((bytes, inline)), took)) => {
            xinfang::logging::command_done(&format!("download:{command}"), None, took, Ok(()));
            let mime = mime_guess::from_path(&name).first_or_octet_stream();
            let disposition = format!(
                "{}; filename=\"download{}\"; filename*=UTF-8''{}",
                if inline { "inline" } else { "attachment" },
                Path::new(&name)
                    .extension()
                    .map(|e| format!(".{}", e.to_string_lossy()))
                    .unwrap_or_default(),
                percent_encode(&name)
            );
            let mut resp = (StatusCode::OK, bytes).into_response();
            let h = resp.headers_mut();
            if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Ok((Err(payload), _)) => (StatusCode::BAD_REQUEST, axum::Json(payload)).into_response(),
        Err(_) => {
            let body = json!({"code": "internal", "message": "处理请求时出错，请重试；如反复出现请联系管理员。"});
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
        }
    }
}

/// RFC 5987 encoding of a file name for `filename*`.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Static files of the UI, and the page itself only for a holder of the token.
async fn page(
    State(state): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = uri.path().trim_start_matches('/');
    if !path.is_empty() && path != "index.html" {
        if let Some(bytes) = state.ui.get(path) {
            let mime = mime_guess::from_path(path).first_or_octet_stream();
            let mut resp = (StatusCode::OK, bytes.into_owned()).into_response();
            if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
                resp.headers_mut().insert(header::CONTENT_TYPE, v);
            }
            return resp;
        }
        // A missing script or style is a 404, not the page (which would not parse as one).
        if path.starts_with("assets/") || path.contains('.') {
            return StatusCode::NOT_FOUND.into_response();
        }
    }
    let from_query = uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .map(str::to_string)
    });
    let cookie = cookie_name(&state);
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == cookie)
        .map(|(_, v)| v.to_string());
    let ok = |t: &Option<String>| {
        t.as_deref()
            .is_some_and(|t| constant_time_eq(t.as_bytes(), state.token.as_bytes()))
    };
    let query_ok = ok(&from_query);
    if !query_ok && !ok(&from_cookie) {
        return reopen_page();
    }
    let Some(index) = state.ui.get("index.html") else {
        return (StatusCode::NOT_FOUND, "index.html").into_response();
    };
    let html = String::from_utf8_lossy(&index);
    let meta = format!("<meta name=\"xinfang-token\" content=\"{}\">", state.token);
    let html = match html.find("<head>") {
        Some(i) => format!("{}{meta}{}", &html[..i + 6], &html[i + 6..]),
        None => format!("{meta}{html}"),
    };
    let mut resp = Html(html).into_response();
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if query_ok {
        // 400 days: the longest a browser keeps a cookie. HttpOnly: scripts never read it;
        // SameSite=Strict: another site's links and forms never carry it.
        let c = format!(
            "{cookie}={}; Path=/; Max-Age=34560000; HttpOnly; SameSite=Strict",
            state.token
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.insert(header::SET_COOKIE, v);
        }
    }
    resp
}

fn reopen_page() -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>信访工作台</title>\
<style>body{{font-family:sans-serif;display:flex;align-items:center;justify-content:center;height:90vh;color:#303133}}\
div{{text-align:center}}h1{{font-size:22px;font-weight:600}}p{{color:#606266}}</style></head>\
<body><div><h1 data-test=\"reopen\">{REOPEN_ZH}</h1><p>这个地址的访问凭据已失效（程序重新安装、换了台账，或会话已重置）。\
从开始菜单（或桌面）点“信访工作台（浏览器版）”会打开新的地址。</p></div></body></html>"
    );
    let mut resp = (StatusCode::UNAUTHORIZED, Html(html)).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

async fn api(
    State(state): State<Arc<AppState>>,
    UrlPath(command): UrlPath<String>,
    headers: HeaderMap,
    body: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    if !header_token_ok(&state, &headers) {
        return unauthorized();
    }
    let body = match body {
        Ok(b) => b,
        Err(rejection) => {
            let status = rejection.status();
            let err = if status == StatusCode::PAYLOAD_TOO_LARGE {
                Error::InputTooLarge {
                    what: "请求内容".into(),
                    size: format!("{} 以上", bytes_zh(MAX_UPLOAD_REQUEST_BYTES as u64)),
                    limit: bytes_zh(MAX_UPLOAD_REQUEST_BYTES as u64),
                }
            } else {
                Error::BadJson {
                    line: 0,
                    column: 0,
                    detail: "请求内容无法读取".into(),
                }
            };
            xinfang::logging::command_done(&command, None, Duration::ZERO, Err(err.code()));
            return (status, axum::Json(err.payload())).into_response();
        }
    };
    // Only an attachment upload may use the larger body limit set on the router.
    if body.len() > MAX_REQUEST_BYTES && command != "attachment_upload" {
        let err = Error::InputTooLarge {
            what: "请求内容".into(),
            size: bytes_zh(body.len() as u64),
            limit: bytes_zh(MAX_REQUEST_BYTES as u64),
        };
        xinfang::logging::command_done(&command, None, Duration::ZERO, Err(err.code()));
        return (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(err.payload())).into_response();
    }
    let args: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let err = Error::BadJson {
                    line: e.line(),
                    column: e.column(),
                    detail: "请求不是合法的 JSON".into(),
                };
                return (StatusCode::BAD_REQUEST, axum::Json(err.payload())).into_response();
            }
        }
    };
    let state2 = state.clone();
    let result = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let now = state2.now.unwrap_or_else(super::clock_now);
        let mut gate = match state2.gate.lock() {
            Ok(d) => d,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Through the gate: while locked only lock_status/unlock/lock are answered.
        let out = gate.dispatch(&command, args, &now);
        (out, started.elapsed())
    })
    .await;
    match result {
        Ok((out, took)) => {
            let timing =
                HeaderValue::from_str(&format!("app;dur={:.2}", took.as_secs_f64() * 1000.0))
                    .unwrap_or(HeaderValue::from_static("app"));
            let mut resp = match out {
                Ok(v) => (StatusCode::OK, axum::Json(v)).into_response(),
                Err(p) => (StatusCode::BAD_REQUEST, axum::Json(p)).into_response(),
            };
            resp.headers_mut().insert("server-timing", timing);
            resp
        }
        Err(_) => {
            let body = json!({"code": "internal", "message": "处理请求时出错，请重试；如反复出现请联系管理员。"});
            (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Io {
        path: "随机数".into(),
        detail: e.to_string(),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The built UI: `--ui`, `XINFANG_UI_DIR`, or `ui/dist` next to the working directory or
/// the executable's checkout.
fn find_ui(given: Option<PathBuf>) -> Result<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = given {
        candidates.push(p);
    }
    if let Some(p) = std::env::var_os("XINFANG_UI_DIR") {
        candidates.push(p.into());
    }
    candidates.push(PathBuf::from("ui/dist"));
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1).take(5) {
            candidates.push(dir.join("ui/dist"));
        }
    }
    candidates
        .into_iter()
        .find(|p| Path::new(p).join("index.html").is_file())
        .ok_or_else(|| Error::Io {
            path: "ui/dist".into(),
            detail: "没有找到构建好的界面（index.html）。请先在 ui/ 目录运行 npm ci && npm run build，或用 --ui 指定目录".into(),
        })
}
