//! (being written)

use axum::Router;
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi()]
pub struct BatchDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
}
