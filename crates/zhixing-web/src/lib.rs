//! The HTTP layer of Zhixing: the JSON API under `/api/v1` with its OpenAPI
//! document, and the server-rendered Chinese web UI.
//!
//! Architecture invariant: handlers are thin. They parse, call one
//! application-service function with the acting user, and render. They never
//! touch SQL and never decide who may do what; `zhixing-app` does both.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// An early-return `Response` is axum's idiom for extractor and handler errors.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod api_batch;
pub mod api_lifecycle;
pub mod error;
pub mod extract;
pub mod pages;
pub mod pages_batch;
pub mod pages_lifecycle;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use zhixing_app::App;

/// Largest accepted request body (JSON and forms). Uploads get their own
/// limits on their own routes.
pub const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    ready: Arc<std::sync::atomic::AtomicBool>,
}

impl AppState {
    pub fn new(app: App) -> AppState {
        AppState { app, ready: Arc::new(std::sync::atomic::AtomicBool::new(true)) }
    }
    /// Marks the server as draining (readyz answers 503) during shutdown.
    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::SeqCst);
    }
}

#[derive(Clone, Default)]
struct RequestIds(Arc<AtomicU64>);

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed);
        let salt = std::process::id();
        HeaderValue::from_str(&format!("{salt:x}-{n:08x}")).ok().map(RequestId::new)
    }
}

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get(X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-").to_string();
            tracing::info_span!("http", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(X_REQUEST_ID, RequestIds::default()))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .with_state(state)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(axum::extract::State(s): axum::extract::State<AppState>) -> axum::response::Response {
    if !s.ready.load(Ordering::SeqCst) {
        return (axum::http::StatusCode::SERVICE_UNAVAILABLE, "draining").into_response();
    }
    match s.app.ready().await {
        Ok(()) => "ready".into_response(),
        Err(e) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, format!("数据库不可用：{e}")).into_response(),
    }
}

async fn method_not_allowed(uri: axum::http::Uri, method: axum::http::Method) -> axum::response::Response {
    let msg = format!("{} 不支持 {method} 请求", uri.path());
    if uri.path().starts_with("/api/") {
        error::error_response(axum::http::StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", msg, None)
    } else {
        pages::error_page(axum::http::StatusCode::METHOD_NOT_ALLOWED, &msg)
    }
}

async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    if uri.path().starts_with("/api/") {
        error::ApiError(zhixing_app::AppError::NotFound(format!("接口 {}", uri.path()))).into_response()
    } else {
        pages::error_page(axum::http::StatusCode::NOT_FOUND, "页面不存在")
    }
}
