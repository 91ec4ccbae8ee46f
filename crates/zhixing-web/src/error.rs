//! Errors as HTTP responses: `{"code", "message", "field"}` with a Chinese
//! message and the right status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use zhixing_app::AppError;

/// The error body of every API error.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Machine-readable code: invalid, unauthenticated, forbidden, not_found, conflict, too_many_requests, payload_too_large, unsupported_media_type, internal.
    pub code: String,
    /// What went wrong, in Chinese.
    pub message: String,
    /// The field concerned, as a dotted path, if any.
    pub field: Option<String>,
}

/// An application error on its way out of the API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let message = match &self.0 {
            // Internal details go to the log, not to the client.
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                "服务器内部错误，请稍后重试或联系管理员".to_string()
            }
            other => other.to_string(),
        };
        let field = match &self.0 {
            AppError::Invalid { field, .. } => field.clone(),
            _ => None,
        };
        error_response(status, self.0.code(), message, field)
    }
}

pub fn error_response(status: StatusCode, code: &str, message: String, field: Option<String>) -> Response {
    (status, Json(ErrorBody { code: code.to_string(), message, field })).into_response()
}
