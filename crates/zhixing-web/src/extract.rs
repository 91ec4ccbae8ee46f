//! Request extractors: the acting user (cookie or bearer token), CSRF
//! checks, and JSON/form bodies with Chinese errors naming the field.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use zhixing_app::AppError;
use zhixing_app::auth::Actor;

use crate::AppState;
use crate::error::{ApiError, error_response};

pub const SESSION_COOKIE: &str = "zx_session";
pub const LOGIN_CSRF_COOKIE: &str = "zx_login_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A logged-in user.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub actor: Actor,
    pub csrf_token: String,
    pub token: String,
    /// Authenticated by cookie (browser) rather than bearer token (API client).
    pub via_cookie: bool,
}

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn client_addr(parts: &Parts) -> Option<String> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string())
}

async fn session_from_parts(parts: &Parts, state: &AppState) -> Result<SessionUser, AppError> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let (token, via_cookie) = match bearer {
        Some(t) => (t, false),
        None => (cookie(parts, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?, true),
    };
    if token.is_empty() || token.len() > 128 {
        return Err(AppError::Unauthenticated);
    }
    let s = state.app.session(&token).await?;
    Ok(SessionUser { actor: s.actor, csrf_token: s.csrf_token, token, via_cookie })
}

fn is_mutation(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Constant-time comparison for tokens.
pub fn tokens_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The user of an API request. Browser (cookie) mutations must carry the
/// session's CSRF token in `X-CSRF-Token`.
pub struct ApiUser(pub SessionUser);

impl<S> FromRequestParts<S> for ApiUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let user = session_from_parts(parts, &state).await?;
        if user.via_cookie && is_mutation(&parts.method) {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !tokens_equal(sent, &user.csrf_token) {
                return Err(ApiError(AppError::Forbidden("缺少或错误的 CSRF 令牌（请求头 X-CSRF-Token）".into())));
            }
        }
        Ok(ApiUser(user))
    }
}

/// The user of a page; anonymous visitors are sent to the login page.
pub struct PageUser(pub SessionUser);

pub struct LoginRedirect(String);

impl IntoResponse for LoginRedirect {
    fn into_response(self) -> Response {
        Redirect::to(&format!("/login?next={}", urlencode(&self.0))).into_response()
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|e| e.trim_start_matches('=').to_string()).unwrap_or_default()
}

impl<S> FromRequestParts<S> for PageUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = LoginRedirect;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let next = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        session_from_parts(parts, &state).await.map(PageUser).map_err(|_| LoginRedirect(next))
    }
}

/// A JSON body. Wrong content type → 415, too large → 413, malformed or
/// unknown fields or wrong types → 400/422 with the field path.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.trim_start().to_ascii_lowercase().starts_with("application/json"));
        if !is_json {
            return Err(error_response(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求体须为 JSON（Content-Type: application/json）".into(),
                None,
            ));
        }
        let bytes = read_body(req, state).await?;
        parse_json(&bytes).map(ApiJson)
    }
}

pub async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Response> {
    Bytes::from_request(req, state).await.map_err(|rej| {
        if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
            error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("请求体过大，上限为 {} KB", crate::BODY_LIMIT / 1024),
                None,
            )
        } else {
            error_response(StatusCode::BAD_REQUEST, "invalid", "无法读取请求体".into(), None)
        }
    })
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Response> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let field = if path == "." || path.is_empty() { None } else { Some(path) };
        let (status, message) = json_error_message(&inner, field.as_deref());
        error_response(status, "invalid", message, field)
    })
}

/// Chinese messages for serde_json's errors.
fn json_error_message(e: &serde_json::Error, field: Option<&str>) -> (StatusCode, String) {
    use serde_json::error::Category;
    let text = e.to_string();
    let at = field.map(|f| format!("字段 {f}：")).unwrap_or_default();
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            (StatusCode::BAD_REQUEST, format!("JSON 格式错误（第 {} 行第 {} 列）", e.line(), e.column()))
        }
        Category::Data => {
            let msg = if let Some(rest) = text.strip_prefix("unknown field `") {
                let name = rest.split('`').next().unwrap_or("");
                format!("不认识的字段“{name}”")
            } else if let Some(rest) = text.strip_prefix("missing field `") {
                let name = rest.split('`').next().unwrap_or("");
                format!("{at}缺少必填字段“{name}”")
            } else if text.starts_with("invalid type") {
                let expected = text.split("expected ").nth(1).map(|s| s.split(" at line").next().unwrap_or(s));
                format!("{at}类型错误，应为 {}", expected.unwrap_or("其他类型"))
            } else if text.starts_with("unknown variant") {
                let allowed = text.split("expected ").nth(1).map(|s| s.split(" at line").next().unwrap_or(s));
                format!("{at}取值无效，可选：{}", allowed.unwrap_or(""))
            } else {
                format!("{at}取值无效：{}", text.split(" at line").next().unwrap_or(&text))
            };
            (StatusCode::UNPROCESSABLE_ENTITY, msg)
        }
    }
}

/// A form post from a logged-in page, with its CSRF token checked (field `_csrf`).
pub struct CsrfForm<T> {
    pub user: SessionUser,
    pub form: T,
}

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    T: DeserializeOwned,
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let PageUser(user) =
            PageUser::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let bytes = read_body(Request::from_parts(parts, body), state).await?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let sent = pairs.iter().find(|(k, _)| k == "_csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        if !tokens_equal(sent, &user.csrf_token) {
            return Err(crate::pages::error_page(
                StatusCode::FORBIDDEN,
                "表单已失效（CSRF 校验失败），请刷新页面后重试",
            ));
        }
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| crate::pages::error_page(StatusCode::UNPROCESSABLE_ENTITY, &format!("表单内容无效：{e}")))?;
        Ok(CsrfForm { user, form })
    }
}

/// A raw request body read under the body limit; too large → 413 JSON.
pub struct ApiBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for ApiBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        read_body(req, state).await.map(ApiBody)
    }
}

/// Path parameters for the API; a malformed id is a JSON 400 naming it.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state).await.map(|p| ApiPath(p.0)).map_err(|e| {
            ApiError(AppError::Invalid {
                field: Some("path".into()),
                message: format!("路径参数无效：{}", path_reason(&e)),
            })
        })
    }
}

/// Path parameters for pages; a malformed id shows the error page.
pub struct PagePath<T>(pub T);

impl<S, T> FromRequestParts<S> for PagePath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| PagePath(p.0))
            .map_err(|_| crate::pages::error_page(StatusCode::NOT_FOUND, "页面不存在（地址中的编号无效）"))
    }
}

fn path_reason(e: &axum::extract::rejection::PathRejection) -> String {
    let t = e.body_text();
    if t.contains("parse") || t.contains("Cannot") { "编号应为整数".into() } else { t }
}
