//! (being written)

use axum::Router;
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi()]
pub struct LifecycleDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
}
