//! `xinfang serve`: the same UI and command surface over HTTP on 127.0.0.1, for the browser
//! end-to-end tests and as a fallback where the desktop shell cannot run. Every request
//! carries the per-run token printed at start; nothing listens beyond loopback.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tower_http::services::{ServeDir, ServeFile};
use xinfang::api::Gate;
use xinfang::limits::{MAX_REQUEST_BYTES, MAX_UPLOAD_REQUEST_BYTES, bytes_zh};
use xinfang::time::Time;
use xinfang::{Error, Result};

struct AppState {
    gate: Mutex<Gate>,
    token: String,
    /// Fixed "now" for tests (`--now`); otherwise the clock at each request.
    now: Option<Time>,
}

pub fn run(gate: Gate, port: u16, ui: Option<PathBuf>, now: Option<Time>) -> Result<()> {
    let ui = find_ui(ui)?;
    let token = new_token()?;
    let state = Arc::new(AppState {
        gate: Mutex::new(gate),
        token: token.clone(),
        now,
    });
    let index = ui.join("index.html");
    let app = Router::new()
        .route("/api/{command}", post(api))
        // Refused before it is buffered whole: attachment uploads (base64) up to the upload
        // limit; every other command is held to MAX_REQUEST_BYTES in the handler.
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_REQUEST_BYTES))
        .fallback_service(ServeDir::new(&ui).fallback(ServeFile::new(index)))
        .with_state(state);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Io {
            path: "服务".into(),
            detail: e.to_string(),
        })?;
    runtime.block_on(async move {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::Io {
                path: format!("127.0.0.1:{port}"),
                detail: format!("端口无法使用（{e}），请换一个端口：--port"),
            })?;
        let local = listener.local_addr().map_err(|e| Error::Io {
            path: "服务".into(),
            detail: e.to_string(),
        })?;
        // Tests read this line to find the port and token.
        println!("信访工作台已启动：http://{local}/?token={token}");
        tracing::info!(port = local.port(), "浏览器服务已启动");
        println!("按 Ctrl+C 停止。");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Io {
                path: "服务".into(),
                detail: e.to_string(),
            })
    })
}

async fn api(
    State(state): State<Arc<AppState>>,
    UrlPath(command): UrlPath<String>,
    headers: HeaderMap,
    body: std::result::Result<axum::body::Bytes, BytesRejection>,
) -> Response {
    let given = headers
        .get("x-xinfang-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !constant_time_eq(given.as_bytes(), state.token.as_bytes()) {
        let body = json!({"code": "unauthorized", "message": "访问令牌无效，请使用启动时显示的完整地址打开。"});
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
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
