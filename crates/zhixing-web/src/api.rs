//! JSON API under `/api/v1`. The OpenAPI document is generated from these
//! handlers and types (`/api/v1/openapi.json`).

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zhixing_app::AppError;
use zhixing_app::cases::{CaseDetail, CasePatch, CaseSummary, Claim, FileCase, PartyInput};
use zhixing_app::types::{CaseFilter, CaseRow};
use zhixing_domain::case::{Closure, DeadlineState, PartyKind, PartyRole, Track, stage_label};
use zhixing_domain::case_no::CaseType;
use zhixing_domain::money::Fen;
use zhixing_domain::role::Role;

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiUser, SESSION_COOKIE, client_addr};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/session", post(login).delete(logout))
        .route("/me", get(me))
        .route("/cases", get(list_cases).post(file_case))
        .route("/cases/{id}", get(get_case).patch(patch_case))
        .route("/cases/{id}/events", get(case_events))
        .route("/cases/{id}/stage", post(move_stage))
        .route("/cases/{id}/close", post(close_case))
        .route("/cases/{id}/parties/{party_id}/reveal", post(reveal_party))
        .route("/users", get(list_users).post(add_user))
        .route("/board", get(board))
        .route("/audit/verify", get(audit_verify))
        .route("/audit/checkpoints", post(audit_checkpoint))
        .merge(crate::api_lifecycle::routes())
        .merge(crate::api_batch::routes())
}

/// The whole OpenAPI document: this module's paths and those of the
/// lifecycle and batch modules.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::api_lifecycle::LifecycleDoc::openapi());
    doc.merge(crate::api_batch::BatchDoc::openapi());
    doc
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "智执 Zhixing API",
        description = "人民法院智慧执行平台接口。错误统一为 {code, message, field}。",
        version = "1"
    ),
    paths(
        login,
        logout,
        me,
        list_cases,
        file_case,
        get_case,
        patch_case,
        case_events,
        move_stage,
        close_case,
        reveal_party,
        list_users,
        add_user,
        board,
        audit_verify,
        audit_checkpoint
    ),
    components(schemas(
        ErrorBody,
        LoginRequest,
        LoginResponse,
        UserDto,
        CaseDto,
        CasePageDto,
        CaseDetailDto,
        PartyDto,
        EventDto,
        FileCaseRequest,
        PartyRequest,
        PatchCaseRequest,
        MoveStageRequest,
        CloseCaseRequest,
        RevealedDto,
        NewUserRequest,
        BoardDto,
        StageCountDto
    ))
)]
pub struct ApiDoc;

async fn openapi_json() -> Response {
    match openapi().to_pretty_json() {
        Ok(s) => ([(header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(e) => ApiError(AppError::Internal(e.to_string())).into_response(),
    }
}

type ApiResult<T> = Result<T, ApiError>;

// ---------- session ----------

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Bearer token for API clients (browsers get the same as an HttpOnly cookie).
    pub token: String,
    /// Send as `X-CSRF-Token` on mutations authenticated by cookie.
    pub csrf_token: String,
    pub expires_at: String,
    pub user: UserDto,
}

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    pub court_id: i64,
    pub team_id: Option<i64>,
}

impl From<&zhixing_app::auth::Actor> for UserDto {
    fn from(a: &zhixing_app::auth::Actor) -> Self {
        UserDto {
            id: a.user_id,
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role.as_str().into(),
            role_label: a.role.label_zh().into(),
            court_id: a.court_id,
            team_id: a.team_id,
        }
    }
}

pub fn session_cookie(token: &str, secure: bool, max_age_s: i64) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}")
}

/// Logs in with a password. Throttled per account and per client address.
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(State(s): State<AppState>, req: axum::extract::Request) -> Response {
    let (parts, body) = req.into_parts();
    // JSON only: a cross-site form (text/plain) must not be able to log a browser in.
    if let Err(r) = require_json(&parts.headers) {
        return r;
    }
    let addr = client_addr(&parts);
    let bytes = match crate::extract::read_body(axum::extract::Request::from_parts(parts, body), &s).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let body: LoginRequest = match crate::extract::parse_json(&bytes) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match s.app.login(&body.username, &body.password, addr.as_deref()).await {
        Ok(sess) => {
            let max_age = s.app.settings.session_max_hours * 3600;
            let cookie = session_cookie(&sess.token, s.app.settings.secure_cookies, max_age);
            (
                [(header::SET_COOKIE, cookie)],
                Json(LoginResponse {
                    expires_at: zhixing_app::clock::china_datetime_string(sess.expires_at_ms),
                    user: UserDto::from(&sess.actor),
                    token: sess.token,
                    csrf_token: sess.csrf_token,
                }),
            )
                .into_response()
        }
        Err(e) => ApiError(e).into_response(),
    }
}

/// Logs out (ends the session).
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Response> {
    s.app.logout(&u.token).await?;
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

/// The current user.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = UserDto), (status = 401, body = ErrorBody)))]
async fn me(ApiUser(u): ApiUser) -> Json<UserDto> {
    Json(UserDto::from(&u.actor))
}

// ---------- cases ----------

#[derive(Serialize, ToSchema)]
pub struct CaseDto {
    pub id: i64,
    pub case_no: String,
    pub court_id: i64,
    pub case_type: String,
    pub cause: String,
    pub stage: String,
    pub stage_label: String,
    pub track: String,
    pub status: String,
    pub closure: Option<String>,
    pub filed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub deadline_on: Option<NaiveDate>,
    /// normal, due_soon or overdue (open cases only).
    pub deadline_state: Option<String>,
    /// Claim in yuan, two decimals.
    pub claim: String,
    pub outstanding: String,
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub applicants: Vec<String>,
    pub debtors: Vec<String>,
    /// Optimistic-concurrency version: send it back with every change.
    pub version: i64,
}

impl CaseDto {
    fn from_row(
        c: &CaseRow,
        deadline_state: Option<DeadlineState>,
        applicants: Vec<String>,
        debtors: Vec<String>,
    ) -> Self {
        CaseDto {
            id: c.id,
            case_no: c.case_no.clone(),
            court_id: c.court_id,
            case_type: c.type_code.clone(),
            cause: c.cause.clone(),
            stage: c.stage.clone(),
            stage_label: stage_label(&c.stage).to_string(),
            track: c.track.as_str().into(),
            status: c.status.clone(),
            closure: c.closure.map(|x| x.as_str().to_string()),
            filed_on: c.filed_on,
            closed_on: c.closed_on,
            deadline_on: c.deadline_on,
            deadline_state: deadline_state.map(|d| d.as_str().to_string()),
            claim: Fen(c.claim_fen).to_yuan_string(),
            outstanding: Fen(c.outstanding_fen).to_yuan_string(),
            team_id: c.team_id,
            handler_id: c.handler_id,
            applicants,
            debtors,
            version: c.version,
        }
    }
    fn from_summary(s: &CaseSummary) -> Self {
        CaseDto::from_row(&s.case, s.deadline_state, s.applicants.clone(), s.debtors.clone())
    }
}

#[derive(Serialize, ToSchema)]
pub struct CasePageDto {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<CaseDto>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CaseListQuery {
    /// Stage key, e.g. search, triage, fast.
    pub stage: Option<String>,
    pub track: Option<String>,
    pub handler_id: Option<i64>,
    /// open or closed.
    pub status: Option<String>,
    /// normal, due_soon or overdue.
    pub deadline: Option<String>,
    /// Case number or party name.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl CaseListQuery {
    pub fn to_filter(&self, today: NaiveDate, warn_days: i64) -> Result<CaseFilter, AppError> {
        let nz = |o: &Option<String>| o.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let track = match nz(&self.track) {
            Some(t) => {
                Some(Track::parse(&t).ok_or_else(|| AppError::invalid("track", format!("未知的分流类型“{t}”")))?)
            }
            None => None,
        };
        let deadline = match nz(&self.deadline) {
            Some(d) => Some((
                DeadlineState::parse(&d)
                    .ok_or_else(|| AppError::invalid("deadline", format!("未知的期限状态“{d}”")))?,
                today,
                warn_days,
            )),
            None => None,
        };
        let status = nz(&self.status);
        if let Some(st) = &status
            && st != "open"
            && st != "closed"
        {
            return Err(AppError::invalid("status", "状态应为 open 或 closed"));
        }
        let stage = nz(&self.stage);
        if let Some(st) = &stage
            && !zhixing_domain::case::is_known_stage(st)
        {
            return Err(AppError::invalid("stage", format!("未知的流程节点“{st}”")));
        }
        Ok(CaseFilter { stage, track, handler_id: self.handler_id, status, deadline, query: nz(&self.q) })
    }
}

fn parse_query<T: serde::de::DeserializeOwned>(uri: &axum::http::Uri) -> Result<T, ApiError> {
    serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|e| ApiError(AppError::Invalid { field: None, message: format!("查询参数无效：{e}") }))
}

/// Lists the cases the user may see, newest first.
#[utoipa::path(get, path = "/api/v1/cases", params(CaseListQuery),
    responses((status = 200, body = CasePageDto), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_cases(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    uri: axum::http::Uri,
) -> ApiResult<Json<CasePageDto>> {
    let q: CaseListQuery = parse_query(&uri)?;
    let filter = q.to_filter(s.app.today(), s.app.settings.warn_days)?;
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(20).clamp(1, 200);
    let (total, items) = s.app.list_cases(&u.actor, &filter, page, per_page).await?;
    Ok(Json(CasePageDto { total, page, per_page, items: items.iter().map(CaseDto::from_summary).collect() }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyRequest {
    /// applicant or debtor.
    pub role: String,
    /// person, organization or unincorporated.
    pub kind: String,
    pub name: String,
    /// Resident ID (person) or unified social credit code (organization).
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Administrative division code of the address (6 digits, GB/T 2260).
    pub region_code: Option<String>,
    /// Agent or legal representative.
    pub agent: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileCaseRequest {
    /// 执, 执恢, 执保 … (default 执).
    pub case_type: Option<String>,
    /// e.g. 民事判决书.
    pub title_type: String,
    pub title_doc_no: String,
    pub title_issuer: String,
    pub title_effective_on: Option<NaiveDate>,
    /// Last day of the performance period set by the title.
    pub title_deadline_on: Option<NaiveDate>,
    pub cause: String,
    /// Principal in yuan, at most two decimals, e.g. "125000.50" (also accepted as `claim`).
    #[serde(alias = "claim")]
    pub principal: String,
    /// Costs awarded by the title, in yuan.
    pub costs: Option<String>,
    /// Interest terms as written in the title.
    pub interest_terms: Option<String>,
    /// Non-money obligations as written.
    pub non_money: Option<String>,
    pub parties: Vec<PartyRequest>,
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub summary: Option<String>,
}

impl FileCaseRequest {
    pub fn into_command(self) -> Result<FileCase, AppError> {
        let case_type = match self.case_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => CaseType::First,
            Some(code) => CaseType::from_code(code)
                .ok_or_else(|| AppError::invalid("case_type", format!("未知的案件类型代字“{code}”")))?,
        };
        let principal = Fen::parse_yuan(&self.principal).map_err(|e| AppError::invalid("principal", e.to_string()))?;
        let costs = match self.costs.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(c) => Fen::parse_yuan(c).map_err(|e| AppError::invalid("costs", e.to_string()))?,
            None => Fen::ZERO,
        };
        let parties = self
            .parties
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                Ok(PartyInput {
                    role: PartyRole::parse(p.role.trim()).ok_or_else(|| {
                        AppError::invalid(&format!("parties[{i}].role"), "当事人地位应为 applicant 或 debtor")
                    })?,
                    kind: PartyKind::parse(p.kind.trim()).ok_or_else(|| {
                        AppError::invalid(
                            &format!("parties[{i}].kind"),
                            "当事人类型应为 person、organization 或 unincorporated",
                        )
                    })?,
                    name: p.name,
                    id_number: p.id_number,
                    phone: p.phone,
                    address: p.address,
                    region_code: p.region_code,
                    agent: p.agent,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(FileCase {
            case_type,
            title_type: self.title_type,
            title_doc_no: self.title_doc_no,
            title_issuer: self.title_issuer,
            title_effective_on: self.title_effective_on,
            title_deadline_on: self.title_deadline_on,
            cause: self.cause,
            claim: Claim {
                principal,
                costs,
                interest_terms: self.interest_terms.unwrap_or_default(),
                non_money: self.non_money.unwrap_or_default(),
            },
            parties,
            team_id: self.team_id,
            handler_id: self.handler_id,
            summary: self.summary.unwrap_or_default(),
        })
    }
}

/// Runs a mutation once per `Idempotency-Key`: a repeat with the same key
/// and body returns the stored response; the same key with another body is
/// refused.
async fn idempotent<F, Fut>(
    s: &AppState,
    user_id: i64,
    headers: &HeaderMap,
    body_fingerprint: &[u8],
    run: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(StatusCode, serde_json::Value), ApiError>>,
{
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::trim).filter(|k| !k.is_empty());
    let Some(key) = key else {
        return match run().await {
            Ok((status, body)) => (status, Json(body)).into_response(),
            Err(e) => e.into_response(),
        };
    };
    if key.len() > 200 {
        return ApiError(AppError::invalid("Idempotency-Key", "幂等键不能超过 200 个字符")).into_response();
    }
    let fingerprint = hex::encode(Sha256::digest(body_fingerprint));
    match s.app.idempotent_reserve(user_id, key, &fingerprint).await {
        Ok(true) => {}
        Ok(false) => {
            return match s.app.idempotent_lookup(user_id, key).await {
                Ok(Some(prev)) if prev.request_hash != fingerprint => {
                    ApiError(AppError::Conflict("该幂等键已用于另一个不同的请求".into())).into_response()
                }
                Ok(Some(prev)) if prev.status == 0 => {
                    ApiError(AppError::Conflict("使用同一幂等键的请求正在处理中，请稍后重试".into())).into_response()
                }
                Ok(Some(prev)) => {
                    let status = StatusCode::from_u16(prev.status).unwrap_or(StatusCode::OK);
                    (status, [(header::CONTENT_TYPE, "application/json")], [("idempotent-replay", "true")], prev.body)
                        .into_response()
                }
                Ok(None) => ApiError(AppError::Conflict("幂等键状态异常，请重试".into())).into_response(),
                Err(e) => ApiError(e).into_response(),
            };
        }
        Err(e) => return ApiError(e).into_response(),
    }
    let (status, text) = match run().await {
        Ok((status, body)) => (status, body.to_string()),
        Err(e) => {
            let resp = e.into_response();
            if resp.status().is_server_error() {
                // Nothing was decided: let a retry run again.
                if let Err(err) = s.app.idempotent_release(user_id, key).await {
                    tracing::warn!(error = %err, "could not release idempotency key");
                }
                return resp;
            }
            let status = resp.status();
            let bytes = axum::body::to_bytes(resp.into_body(), crate::BODY_LIMIT).await.unwrap_or_default();
            (status, String::from_utf8_lossy(&bytes).into_owned())
        }
    };
    if let Err(e) = s.app.idempotent_complete(user_id, key, status.as_u16(), &text).await {
        tracing::warn!(error = %e, "could not store idempotent response");
    }
    (status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
}

fn to_value<T: Serialize>(v: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError(AppError::Internal(e.to_string())))
}

/// Files a case (立案). Accepts `Idempotency-Key`.
#[utoipa::path(post, path = "/api/v1/cases", request_body = FileCaseRequest,
    responses((status = 201, body = CaseDto), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn file_case(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    headers: HeaderMap,
    crate::extract::ApiBody(body): crate::extract::ApiBody,
) -> Response {
    if let Err(r) = require_json(&headers) {
        return r;
    }
    let req: FileCaseRequest = match crate::extract::parse_json(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let fingerprint = body.to_vec();
    idempotent(&s, u.actor.user_id, &headers, &fingerprint, || async {
        let cmd = req.into_command()?;
        let row = s.app.file_case(&u.actor, cmd).await?;
        let detail = s.app.case_detail(&u.actor, row.id).await.ok();
        let (apps, debts) = detail.map(|d| names_of(&d)).unwrap_or_default();
        Ok((StatusCode::CREATED, to_value(&CaseDto::from_row(&row, None, apps, debts))?))
    })
    .await
}

fn require_json(headers: &HeaderMap) -> Result<(), Response> {
    let ok = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("application/json"));
    if ok {
        Ok(())
    } else {
        Err(crate::error::error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请求体须为 JSON（Content-Type: application/json）".into(),
            None,
        ))
    }
}

fn names_of(d: &CaseDetail) -> (Vec<String>, Vec<String>) {
    let pick = |r: PartyRole| d.parties.iter().filter(|p| p.role == r).map(|p| p.name.clone()).collect();
    (pick(PartyRole::Applicant), pick(PartyRole::Debtor))
}

#[derive(Serialize, ToSchema)]
pub struct PartyDto {
    pub id: i64,
    pub role: String,
    pub role_label: String,
    pub kind: String,
    pub name: String,
    /// Masked; full numbers only through the recorded reveal endpoint.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct EventDto {
    pub height: i64,
    pub kind: String,
    pub label: String,
    pub actor: String,
    pub occurred_at: String,
    pub payload: serde_json::Value,
    pub hash: String,
}

#[derive(Serialize, ToSchema)]
pub struct CaseDetailDto {
    pub case: CaseDto,
    pub court_name: String,
    pub team_name: Option<String>,
    pub handler_name: Option<String>,
    pub title_type: String,
    pub title_doc_no: String,
    pub title_issuer: String,
    pub title_effective_on: Option<NaiveDate>,
    pub summary: String,
    pub parties: Vec<PartyDto>,
    pub timeline: Vec<EventDto>,
}

fn event_dto(e: &zhixing_app::types::TimelineEntry) -> EventDto {
    EventDto {
        height: e.event.height,
        kind: e.event.kind.clone(),
        label: zhixing_app::event_label(&e.event.kind),
        actor: e.event.actor.clone(),
        occurred_at: zhixing_app::clock::china_datetime_string(e.event.occurred_at_ms),
        payload: serde_json::from_str(&e.event.payload).unwrap_or(serde_json::Value::Null),
        hash: e.event.hash.clone(),
    }
}

fn detail_dto(d: &CaseDetail) -> CaseDetailDto {
    let (apps, debts) = names_of(d);
    CaseDetailDto {
        case: CaseDto::from_row(&d.case, d.deadline_state, apps, debts),
        court_name: d.court_name.clone(),
        team_name: d.team_name.clone(),
        handler_name: d.handler_name.clone(),
        title_type: d.case.title_type.clone(),
        title_doc_no: d.case.title_doc_no.clone(),
        title_issuer: d.case.title_issuer.clone(),
        title_effective_on: d.case.title_effective_on,
        summary: d.case.summary.clone(),
        parties: d
            .parties
            .iter()
            .map(|p| PartyDto {
                id: p.id,
                role: p.role.as_str().into(),
                role_label: p.role.label_zh().into(),
                kind: p.kind.as_str().into(),
                name: p.name.clone(),
                id_number: p.id_number_masked.clone(),
                phone: p.phone_masked.clone(),
                address: p.address.clone(),
            })
            .collect(),
        timeline: d.timeline.iter().map(event_dto).collect(),
    }
}

/// One case with its parties (numbers masked) and its timeline from the event log.
#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = CaseDetailDto), (status = 404, body = ErrorBody)))]
async fn get_case(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CaseDetailDto>> {
    let d = s.app.case_detail(&u.actor, id).await?;
    Ok(Json(detail_dto(&d)))
}

/// The case's events, oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/events", params(("id" = i64, Path)),
    responses((status = 200, body = [EventDto]), (status = 404, body = ErrorBody)))]
async fn case_events(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<EventDto>>> {
    let d = s.app.case_detail(&u.actor, id).await?;
    Ok(Json(d.timeline.iter().map(event_dto).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchCaseRequest {
    /// The version you read; a stale one gets 409.
    pub version: i64,
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub summary: Option<String>,
}

/// Changes handling data (team, handler, summary). Optimistic: 409 if someone changed the case since `version`.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", params(("id" = i64, Path)), request_body = PatchCaseRequest,
    responses((status = 200, body = CaseDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn patch_case(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    crate::extract::ApiBody(body): crate::extract::ApiBody,
) -> Response {
    if let Err(r) = require_json(&headers) {
        return r;
    }
    let req: PatchCaseRequest = match crate::extract::parse_json(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let fp = [format!("PATCH {id} ").into_bytes(), body.to_vec()].concat();
    idempotent(&s, u.actor.user_id, &headers, &fp, || async {
        let patch = CasePatch { team_id: req.team_id, handler_id: req.handler_id, summary: req.summary };
        let row = s.app.update_case(&u.actor, id, req.version, patch).await?;
        Ok((StatusCode::OK, to_value(&CaseDto::from_row(&row, None, vec![], vec![]))?))
    })
    .await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveStageRequest {
    pub version: i64,
    /// Target stage key.
    pub stage: String,
    /// Track when moving into fast / standard / disposal.
    pub track: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// Moves the case to another stage.
#[utoipa::path(post, path = "/api/v1/cases/{id}/stage", params(("id" = i64, Path)), request_body = MoveStageRequest,
    responses((status = 200, body = CaseDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn move_stage(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<MoveStageRequest>,
) -> ApiResult<Json<CaseDto>> {
    let track = match req.track.as_deref() {
        Some(t) => Some(Track::parse(t).ok_or_else(|| AppError::invalid("track", format!("未知的分流类型“{t}”")))?),
        None => None,
    };
    let row = s.app.move_stage(&u.actor, id, req.version, req.stage.trim(), track, &req.note).await?;
    Ok(Json(CaseDto::from_row(&row, None, vec![], vec![])))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseCaseRequest {
    pub version: i64,
    /// fully_performed, terminated_current, terminated, not_enforced, rejected, withdrawn.
    pub closure: String,
}

/// Closes the case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/close", params(("id" = i64, Path)), request_body = CloseCaseRequest,
    responses((status = 200, body = CaseDto), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn close_case(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CloseCaseRequest>,
) -> ApiResult<Json<CaseDto>> {
    let closure = Closure::parse(req.closure.trim())
        .ok_or_else(|| AppError::invalid("closure", format!("未知的结案方式“{}”", req.closure)))?;
    let row = s.app.close_case(&u.actor, id, req.version, closure).await?;
    Ok(Json(CaseDto::from_row(&row, None, vec![], vec![])))
}

#[derive(Serialize, ToSchema)]
pub struct RevealedDto {
    pub party_id: i64,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

/// Returns a party's full ID and phone numbers. The reading is recorded in the court's event chain.
#[utoipa::path(post, path = "/api/v1/cases/{id}/parties/{party_id}/reveal",
    params(("id" = i64, Path), ("party_id" = i64, Path)),
    responses((status = 200, body = RevealedDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reveal_party(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((id, party_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<RevealedDto>> {
    let r = s.app.reveal_party(&u.actor, id, party_id).await?;
    Ok(Json(RevealedDto { party_id: r.party_id, name: r.name, id_number: r.id_number, phone: r.phone }))
}

// ---------- users ----------

/// The court's accounts (administrators only).
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [UserDto]), (status = 403, body = ErrorBody)))]
async fn list_users(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Json<Vec<UserDto>>> {
    let users = s.app.list_users(&u.actor).await?;
    Ok(Json(
        users
            .iter()
            .map(|x| UserDto {
                id: x.id,
                username: x.username.clone(),
                display_name: x.display_name.clone(),
                role: x.role.as_str().into(),
                role_label: x.role.label_zh().into(),
                court_id: x.court_id,
                team_id: x.team_id,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
    /// Team name or id (required for judges, assistants, clerks, bailiffs).
    pub team: Option<String>,
    pub phone: Option<String>,
}

/// Adds an account to the administrator's court.
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserRequest,
    responses((status = 201, body = UserDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_user(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiJson(req): ApiJson<NewUserRequest>,
) -> ApiResult<(StatusCode, Json<UserDto>)> {
    // Authorize before touching anything else.
    u.actor.require(zhixing_domain::access::Action::ManageUsers)?;
    let role =
        Role::parse(req.role.trim()).ok_or_else(|| AppError::invalid("role", format!("未知的角色“{}”", req.role)))?;
    let court = s.app.court(u.actor.court_id).await?;
    let user = s
        .app
        .add_user(
            Some(&u.actor),
            zhixing_app::admin::UserInput {
                court_code: court.code,
                team: req.team,
                username: req.username,
                display_name: req.display_name,
                role,
                password: req.password,
                phone: req.phone,
                allow_weak_password: false,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UserDto {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role: user.role.as_str().into(),
            role_label: user.role.label_zh().into(),
            court_id: user.court_id,
            team_id: user.team_id,
        }),
    ))
}

// ---------- board and audit ----------

#[derive(Serialize, ToSchema)]
pub struct StageCountDto {
    pub stage: String,
    pub label: String,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BoardDto {
    pub stages: Vec<StageCountDto>,
    pub overdue: i64,
    pub due_soon: i64,
}

/// Command-center overview: cases by stage, overdue and due soon.
#[utoipa::path(get, path = "/api/v1/board", responses((status = 200, body = BoardDto), (status = 403, body = ErrorBody)))]
async fn board(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Json<BoardDto>> {
    let b = crate::pages::board_data(&s, &u.actor).await?;
    Ok(Json(b))
}

/// Recomputes every event chain and checkpoint.
#[utoipa::path(get, path = "/api/v1/audit/verify", responses((status = 200, description = "Verification report"), (status = 403, body = ErrorBody)))]
async fn audit_verify(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Json<serde_json::Value>> {
    let report = s.app.verify_for(&u.actor).await?;
    Ok(Json(to_value(&report)?))
}

/// Signs a checkpoint of the user's court chain now.
#[utoipa::path(post, path = "/api/v1/audit/checkpoints", responses((status = 201, description = "Checkpoint signed"), (status = 403, body = ErrorBody)))]
async fn audit_checkpoint(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    u.actor.require(zhixing_domain::access::Action::Audit)?;
    let cp = s.app.sign_checkpoint(u.actor.court_id, true).await?;
    Ok((StatusCode::CREATED, Json(to_value(&cp)?)))
}
