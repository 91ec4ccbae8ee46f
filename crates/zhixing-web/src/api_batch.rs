//! Batch filing over the API: upload a spreadsheet, get per-row results;
//! download the template and a batch's error sheet.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zhixing_app::AppError;
use zhixing_domain::access::Action;

use crate::AppState;
use crate::error::{ApiError, ErrorBody, error_response};
use crate::extract::{ApiPath, ApiUser};

/// Upload limit of the batch routes (the import crate refuses larger files itself).
pub const UPLOAD_LIMIT: usize = zhixing_import::MAX_FILE_BYTES + 64 * 1024;

#[derive(OpenApi)]
#[openapi(paths(upload, template, error_sheet, list), components(schemas(BatchResultDto, RowErrorDto, BatchDto)))]
pub struct BatchDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/batch", post(upload).get(list).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)))
        .route("/cases/batch/template", get(template))
        .route("/cases/batch/{id}/errors.xlsx", get(error_sheet))
}

#[derive(Serialize, ToSchema)]
pub struct RowErrorDto {
    /// Row number as Excel shows it.
    pub row: usize,
    pub column: Option<String>,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct BatchResultDto {
    pub batch_id: i64,
    pub total_rows: i64,
    pub filed: i64,
    pub failed: i64,
    /// The same file was uploaded before; nothing was filed this time.
    pub already_uploaded: bool,
    pub first_case_no: Option<String>,
    pub last_case_no: Option<String>,
    pub errors: Vec<RowErrorDto>,
    /// Where to download the failed rows with their reasons.
    pub error_sheet: Option<String>,
}

impl From<zhixing_app::batch::BatchResult> for BatchResultDto {
    fn from(r: zhixing_app::batch::BatchResult) -> Self {
        BatchResultDto {
            error_sheet: (r.failed > 0).then(|| format!("/api/v1/cases/batch/{}/errors.xlsx", r.batch_id)),
            batch_id: r.batch_id,
            total_rows: r.total_rows,
            filed: r.filed,
            failed: r.failed,
            already_uploaded: r.already_uploaded,
            first_case_no: r.first_case_no,
            last_case_no: r.last_case_no,
            errors: r
                .errors
                .into_iter()
                .map(|e| RowErrorDto { row: e.row, column: e.column, reason: e.reason })
                .collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
pub struct UploadQuery {
    /// The file's name as the user knows it (for the record).
    pub filename: Option<String>,
}

/// The raw upload body under the batch limit; too large → 413 JSON.
struct UploadBody(Bytes);

impl<S: Send + Sync> FromRequest<S> for UploadBody {
    type Rejection = Response;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state).await.map(UploadBody).map_err(|rej| {
            if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
                error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("文件过大，上限为 {} MB；请拆分后分批导入", zhixing_import::MAX_FILE_BYTES / 1024 / 1024),
                    Some("file".into()),
                )
            } else {
                error_response(StatusCode::BAD_REQUEST, "invalid", "无法读取上传的文件".into(), Some("file".into()))
            }
        })
    }
}

/// Batch filing: the body is the .xlsx or .csv file itself
/// (`Content-Type: application/octet-stream`). Valid rows are filed in one
/// transaction; invalid rows come back with row, column and reason.
#[utoipa::path(post, path = "/api/v1/cases/batch", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = BatchResultDto), (status = 200, description = "Same file uploaded before", body = BatchResultDto),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn upload(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    uri: axum::http::Uri,
    UploadBody(body): UploadBody,
) -> Response {
    let q: UploadQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or(UploadQuery { filename: None });
    let name = q.filename.unwrap_or_else(|| "upload".into());
    if let Err(e) = u.actor.require(Action::BatchFile) {
        return ApiError(e).into_response();
    }
    if body.is_empty() {
        return ApiError(AppError::invalid("file", "上传的文件为空")).into_response();
    }
    match s.app.file_batch(&u.actor, &name, body.to_vec()).await {
        Ok(r) => {
            let status = if r.already_uploaded { StatusCode::OK } else { StatusCode::CREATED };
            (status, Json(BatchResultDto::from(r))).into_response()
        }
        Err(e) => ApiError(e).into_response(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct BatchDto {
    pub id: i64,
    pub filename: String,
    pub created_at: String,
    pub total_rows: i64,
    pub filed: i64,
    pub failed: i64,
}

/// The court's recent batches.
#[utoipa::path(get, path = "/api/v1/cases/batch", responses((status = 200, body = [BatchDto]), (status = 403, body = ErrorBody)))]
async fn list(State(s): State<AppState>, ApiUser(u): ApiUser) -> Result<Json<Vec<BatchDto>>, ApiError> {
    let rows = s.app.batches(&u.actor).await?;
    Ok(Json(
        rows.into_iter()
            .map(|b| BatchDto {
                id: b.id,
                filename: b.filename,
                created_at: zhixing_app::clock::china_datetime_string(b.created_at_ms),
                total_rows: b.total_rows,
                filed: b.filed,
                failed: b.failed,
            })
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct TemplateQuery {
    /// xlsx (default) or csv.
    pub format: Option<String>,
}

pub fn xlsx_response(bytes: Vec<u8>, filename: &str) -> Response {
    let encoded: String =
        serde_urlencoded::to_string([("", filename)]).unwrap_or_default().trim_start_matches('=').to_string();
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"batch.xlsx\"; filename*=UTF-8''{encoded}")),
        ],
        bytes,
    )
        .into_response()
}

/// The batch filing template (.xlsx with instructions, or .csv).
#[utoipa::path(get, path = "/api/v1/cases/batch/template", params(TemplateQuery),
    responses((status = 200, description = "The template file")))]
async fn template(ApiUser(_u): ApiUser, uri: axum::http::Uri) -> Response {
    let q: TemplateQuery =
        serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or(TemplateQuery { format: None });
    if q.format.as_deref() == Some("csv") {
        return (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, "attachment; filename=\"template.csv\"; filename*=UTF-8''%E6%89%B9%E9%87%8F%E7%AB%8B%E6%A1%88%E6%A8%A1%E6%9D%BF.csv".to_string()),
            ],
            zhixing_import::template_csv(),
        )
            .into_response();
    }
    match zhixing_import::template_xlsx() {
        Ok(b) => xlsx_response(b, "批量立案模板.xlsx"),
        Err(e) => ApiError(AppError::Internal(e.to_string())).into_response(),
    }
}

/// The failed rows of a batch with their reasons, to fix and upload again.
#[utoipa::path(get, path = "/api/v1/cases/batch/{id}/errors.xlsx", params(("id" = i64, Path)),
    responses((status = 200, description = "Error sheet"), (status = 404, body = ErrorBody)))]
async fn error_sheet(State(s): State<AppState>, ApiUser(u): ApiUser, ApiPath(id): ApiPath<i64>) -> Response {
    match s.app.batch_error_sheet(&u.actor, id).await {
        Ok(b) => xlsx_response(b, &format!("批量立案错误行_{id}.xlsx")),
        Err(e) => ApiError(e).into_response(),
    }
}
