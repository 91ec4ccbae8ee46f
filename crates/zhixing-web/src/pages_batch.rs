//! The batch filing page: template download, upload, per-row results.

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use zhixing_app::AppError;
use zhixing_domain::access::Action;

use crate::AppState;
use crate::extract::{PageUser, SessionUser, tokens_equal};
use crate::pages::{Nav, app_error_page, error_page, nav, render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/batch", get(page).post(submit).layer(DefaultBodyLimit::max(crate::api_batch::UPLOAD_LIMIT)))
}

struct BatchLine {
    id: i64,
    filename: String,
    at: String,
    total: i64,
    filed: i64,
    failed: i64,
}

#[derive(Template)]
#[template(path = "batch.html")]
struct BatchPage {
    nav: Option<Nav>,
    csrf: String,
    error: Option<String>,
    result: Option<zhixing_app::batch::BatchResult>,
    batches: Vec<BatchLine>,
}

async fn render_page(
    s: &AppState,
    u: &SessionUser,
    error: Option<String>,
    result: Option<zhixing_app::batch::BatchResult>,
    status: StatusCode,
) -> Response {
    let batches = match s.app.batches(&u.actor).await {
        Ok(b) => b,
        Err(e) => return app_error_page(&e),
    };
    let mut r = render(&BatchPage {
        nav: nav(u, "/cases/batch"),
        csrf: u.csrf_token.clone(),
        error,
        result,
        batches: batches
            .into_iter()
            .map(|b| BatchLine {
                id: b.id,
                filename: b.filename,
                at: zhixing_app::clock::china_datetime_string(b.created_at_ms),
                total: b.total_rows,
                filed: b.filed,
                failed: b.failed,
            })
            .collect(),
    });
    *r.status_mut() = status;
    r
}

async fn page(State(s): State<AppState>, PageUser(u): PageUser) -> Response {
    if let Err(e) = u.actor.require(Action::BatchFile) {
        return app_error_page(&e);
    }
    render_page(&s, &u, None, None, StatusCode::OK).await
}

/// Multipart upload with the session's CSRF token in the `_csrf` field.
async fn submit(State(s): State<AppState>, req: Request) -> Response {
    let (mut parts, body) = req.into_parts();
    let user = match <PageUser as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, &s).await {
        Ok(PageUser(u)) => u,
        Err(redirect) => return axum::response::IntoResponse::into_response(redirect),
    };
    if let Err(e) = user.actor.require(Action::BatchFile) {
        return app_error_page(&e);
    }
    let mut multipart = match Multipart::from_request(Request::from_parts(parts, body), &s).await {
        Ok(m) => m,
        Err(_) => return error_page(StatusCode::BAD_REQUEST, "请通过页面上的表单上传文件"),
    };
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let filename = field.file_name().map(str::to_string);
                match field.bytes().await {
                    Ok(b) if name == "_csrf" => csrf = String::from_utf8_lossy(&b).into_owned(),
                    Ok(b) if name == "file" => file = Some((filename.unwrap_or_else(|| "upload".into()), b.to_vec())),
                    Ok(_) => {}
                    Err(e) => {
                        let too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                        let msg = if too_large {
                            format!(
                                "文件过大，上限为 {} MB；请拆分后分批导入",
                                zhixing_import::MAX_FILE_BYTES / 1024 / 1024
                            )
                        } else {
                            "上传中断，请重试".to_string()
                        };
                        let status = if too_large { StatusCode::PAYLOAD_TOO_LARGE } else { StatusCode::BAD_REQUEST };
                        return render_page(&s, &user, Some(msg), None, status).await;
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                return render_page(&s, &user, Some("上传的表单无法读取".into()), None, StatusCode::BAD_REQUEST).await;
            }
        }
    }
    if !tokens_equal(&csrf, &user.csrf_token) {
        return error_page(StatusCode::FORBIDDEN, "表单已失效（CSRF 校验失败），请刷新页面后重试");
    }
    let Some((filename, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return render_page(
            &s,
            &user,
            Some("请选择要上传的 .xlsx 或 .csv 文件".into()),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    match s.app.file_batch(&user.actor, &filename, bytes).await {
        Ok(r) => render_page(&s, &user, None, Some(r), StatusCode::OK).await,
        Err(e @ AppError::Internal(_)) => app_error_page(&e),
        Err(e) => {
            let status = crate::error::status_of(&e);
            render_page(&s, &user, Some(e.to_string()), None, status).await
        }
    }
}
