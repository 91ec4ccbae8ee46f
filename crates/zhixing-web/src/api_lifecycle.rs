//! Node control over the API (节点管控): a case's lifecycle panel, required
//! actions, gate certification and overrides, triage, clock stops, the
//! closing checklist, resumption (执恢), deadlines, warnings, the deadline
//! sweep and what-if triage.
//!
//! Handlers are thin: parse, call one `App` method with the actor, render.
//! The DTOs here are shared with the pages (`pages_lifecycle`).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zhixing_app::AppError;
use zhixing_app::auth::Actor;
use zhixing_app::lifecycle::{Lifecycle, pause_label};
use zhixing_app::types::CaseRow;
use zhixing_domain::case::{Closure, DeadlineState, Track, stage_label};
use zhixing_domain::closing::ChecklistItem;
use zhixing_domain::money::Fen;
use zhixing_domain::profile::GateDecision;

use crate::AppState;
use crate::api::CaseDto;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiUser};

#[derive(OpenApi)]
#[openapi(
    paths(
        lifecycle,
        record_action,
        certify_gate,
        override_gate,
        confirm_triage,
        start_pause,
        end_pause,
        closing_checklist,
        resume_case,
        deadlines,
        sweep_deadlines,
        warnings,
        what_if
    ),
    components(schemas(
        LifecycleDto,
        ActionDto,
        GateDto,
        MissingActionDto,
        DeadlineDto,
        PauseDto,
        SuggestedTrackDto,
        ChecklistDto,
        ChecklistItemDto,
        WarningDto,
        SweepDto,
        WhatIfDto,
        TeamCountsDto,
        TrackLabelDto,
        RecordActionRequest,
        CertifyRequest,
        OverrideRequest,
        TriageRequest,
        PauseRequest,
        ResumeRequest,
        WhatIfRequest
    ))
)]
pub struct LifecycleDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/lifecycle", get(lifecycle))
        .route("/cases/{id}/actions", post(record_action))
        .route("/cases/{id}/gates/{to}/certify", post(certify_gate))
        .route("/cases/{id}/gates/{to}/override", post(override_gate))
        .route("/cases/{id}/triage", post(confirm_triage))
        .route("/cases/{id}/pauses", post(start_pause))
        .route("/cases/{id}/pauses/end", post(end_pause))
        .route("/cases/{id}/closing-checklist", get(closing_checklist))
        .route("/cases/{id}/resume", post(resume_case))
        .route("/deadlines", get(deadlines))
        .route("/deadlines/sweep", post(sweep_deadlines))
        .route("/warnings", get(warnings))
        .route("/triage/what-if", post(what_if))
}

type ApiResult<T> = Result<T, ApiError>;

fn parse_query<T: serde::de::DeserializeOwned>(uri: &Uri) -> Result<T, AppError> {
    serde_urlencoded::from_str(uri.query().unwrap_or(""))
        .map_err(|e| AppError::Invalid { field: None, message: format!("查询参数无效：{e}") })
}

// ---------- DTOs ----------

/// A recordable action (事项) of the case.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ActionDto {
    pub key: String,
    pub label: String,
    /// Legal basis, when the profile gives one.
    pub citation: Option<String>,
    /// The day it was recorded as done; absent while not done.
    pub done_on: Option<NaiveDate>,
}

/// An action a gate is still waiting for.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct MissingActionDto {
    pub key: String,
    pub label: String,
    pub citation: Option<String>,
}

/// A possible next stage and whether the case may move there now.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct GateDto {
    /// Stage key of the next stage.
    pub to: String,
    pub to_label: String,
    /// allowed, blocked or not_a_transition.
    pub decision: String,
    pub allowed: bool,
    /// Required actions of the current stage not yet done.
    pub missing_actions: Vec<MissingActionDto>,
    /// The command center has yet to certify the gate (节点认证).
    pub needs_certification: bool,
    /// The decision in words.
    pub explanation: String,
}

/// A time limit (期限) running or run on a case.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct DeadlineDto {
    pub id: i64,
    pub case_id: i64,
    /// The case number (in the deadline lists; absent in a case's own panel).
    pub case_no: Option<String>,
    /// Key of the profile's time limit.
    pub rule: String,
    pub label: String,
    pub citation: String,
    pub starts_on: NaiveDate,
    /// The last day.
    pub due_on: NaiveDate,
    /// From this day on the deadline is "due soon".
    pub warn_on: NaiveDate,
    /// open, met, missed or cancelled.
    pub status: String,
    /// normal, due_soon or overdue — as of today for open deadlines, as last recorded for closed ones.
    pub state: String,
    /// The state as the last deadline sweep recorded it (the deadline lists filter on it).
    pub recorded_state: String,
    /// Days left until the last day (negative: days overdue); open deadlines only.
    pub days_left: Option<i64>,
    /// Escalated to the director and the command center.
    pub escalated: bool,
    /// Clock stops (中止、公告、鉴定评估、拍卖变卖期间) extend it.
    pub pausable: bool,
    pub profile_version: String,
    /// Version of the holiday calendar the due date was computed with.
    pub calendar_version: String,
}

/// Builds a [`DeadlineDto`] from a deadline row of the application. A macro
/// because the row type is not re-exported by `zhixing_app::types`.
macro_rules! deadline_dto {
    ($d:expr, $case_no:expr, $today:expr) => {{
        let d = $d;
        let today: NaiveDate = $today;
        let open = d.status == "open";
        let live = DeadlineState::of(d.due_on, today, (d.due_on - d.warn_on).num_days());
        $crate::api_lifecycle::DeadlineDto {
            id: d.id,
            case_id: d.case_id,
            case_no: $case_no,
            rule: d.rule_key.clone(),
            label: d.label.clone(),
            citation: d.citation.clone(),
            starts_on: d.starts_on,
            due_on: d.due_on,
            warn_on: d.warn_on,
            status: d.status.clone(),
            state: if open { live.as_str().to_string() } else { d.state.clone() },
            recorded_state: d.state.clone(),
            days_left: open.then(|| (d.due_on - today).num_days()),
            escalated: d.escalated,
            pausable: d.pausable,
            profile_version: d.profile_version.clone(),
            calendar_version: d.calendar_version.clone(),
        }
    }};
}

/// A clock stop (不计入期间).
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct PauseDto {
    pub id: i64,
    /// suspension, postponement, public_notice, appraisal, auction or jurisdiction_dispute.
    pub kind: String,
    pub kind_label: String,
    pub starts_on: NaiveDate,
    /// Last uncounted day; absent while the stop runs.
    pub ends_on: Option<NaiveDate>,
    pub reason: String,
    pub running: bool,
}

/// The system's triage suggestion (繁简分流建议).
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SuggestedTrackDto {
    /// fast, standard, disposal or terminated_current.
    pub track: String,
    pub label: String,
    pub reasons: String,
}

/// The lifecycle panel of a case (节点管控).
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct LifecycleDto {
    pub stage_label: String,
    /// Version of the court's stage profile the panel was computed with.
    pub profile_version: String,
    /// Actions the current stage requires before the case may leave it.
    pub required_actions: Vec<ActionDto>,
    /// Other recordable actions (time-limit triggers, closing conditions).
    pub other_actions: Vec<ActionDto>,
    /// Possible next stages with the gate decision for each.
    pub gates: Vec<GateDto>,
    pub deadlines: Vec<DeadlineDto>,
    pub pauses: Vec<PauseDto>,
    /// Only while the case is at the triage stage.
    pub suggested_track: Option<SuggestedTrackDto>,
}

fn closing_citation(key: &str) -> Option<String> {
    zhixing_domain::closing::CLOSING_ACTIONS.iter().find(|(k, _, _)| *k == key).map(|(_, _, c)| c.to_string())
}

fn gate_dto(to: &str, to_label: &str, d: &GateDecision) -> GateDto {
    let (decision, missing, needs_certification) = match d {
        GateDecision::Allowed => ("allowed", vec![], false),
        GateDecision::NotATransition { .. } => ("not_a_transition", vec![], false),
        GateDecision::Blocked { missing_actions, needs_certification, .. } => (
            "blocked",
            missing_actions
                .iter()
                .map(|a| MissingActionDto { key: a.key.clone(), label: a.label.clone(), citation: a.citation.clone() })
                .collect(),
            *needs_certification,
        ),
    };
    GateDto {
        to: to.to_string(),
        to_label: to_label.to_string(),
        decision: decision.into(),
        allowed: d.is_allowed(),
        missing_actions: missing,
        needs_certification,
        explanation: d.explain_zh(),
    }
}

pub(crate) fn lifecycle_dto(lc: &Lifecycle, today: NaiveDate) -> LifecycleDto {
    LifecycleDto {
        stage_label: lc.stage_label.clone(),
        profile_version: lc.profile_version.clone(),
        required_actions: lc
            .required
            .iter()
            .map(|(key, label, citation, done_on)| ActionDto {
                key: key.clone(),
                label: label.clone(),
                citation: citation.clone(),
                done_on: *done_on,
            })
            .collect(),
        other_actions: lc
            .other_actions
            .iter()
            .map(|(key, label, done_on)| ActionDto {
                key: key.clone(),
                label: label.clone(),
                citation: closing_citation(key),
                done_on: *done_on,
            })
            .collect(),
        gates: lc.gates.iter().map(|(to, label, d)| gate_dto(to, label, d)).collect(),
        deadlines: lc.deadlines.iter().map(|d| deadline_dto!(d, None, today)).collect(),
        pauses: lc
            .pauses
            .iter()
            .map(|p| PauseDto {
                id: p.id,
                kind: p.kind.clone(),
                kind_label: pause_label(&p.kind).unwrap_or(p.kind.as_str()).to_string(),
                starts_on: p.starts_on,
                ends_on: p.ends_on,
                reason: p.reason.clone(),
                running: p.ends_on.is_none(),
            })
            .collect(),
        suggested_track: lc.suggested_track.as_ref().map(|(t, reasons)| SuggestedTrackDto {
            track: t.as_str().into(),
            label: t.label_zh().into(),
            reasons: reasons.clone(),
        }),
    }
}

/// A case row as [`CaseDto`] (as the stage-move route answers it: without party names).
pub(crate) fn case_dto(c: &CaseRow) -> CaseDto {
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
        deadline_state: None,
        claim: Fen(c.claim_fen).to_yuan_string(),
        outstanding: Fen(c.outstanding_fen).to_yuan_string(),
        team_id: c.team_id,
        handler_id: c.handler_id,
        applicants: vec![],
        debtors: vec![],
        version: c.version,
    }
}

// ---------- the panel ----------

/// The case's lifecycle panel: required actions with their done dates, the
/// gates to the next stages with their decision, deadlines with rule,
/// citation, due date and state, clock stops, and the triage suggestion.
#[utoipa::path(get, path = "/api/v1/cases/{id}/lifecycle", params(("id" = i64, Path)),
    responses((status = 200, body = LifecycleDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn lifecycle(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<LifecycleDto>> {
    let lc = s.app.lifecycle(&u.actor, id).await?;
    Ok(Json(lifecycle_dto(&lc, s.app.today())))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordActionRequest {
    /// Action key, e.g. send_enforcement_notice, online_search, consumption_restriction.
    pub action: String,
    /// At most 500 characters.
    #[serde(default)]
    pub note: String,
}

/// Records that an action was done today; ends the deadlines it meets.
#[utoipa::path(post, path = "/api/v1/cases/{id}/actions", params(("id" = i64, Path)), request_body = RecordActionRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Already recorded, or the case is closed"), (status = 422, body = ErrorBody)))]
async fn record_action(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<RecordActionRequest>,
) -> ApiResult<StatusCode> {
    s.app.record_action(&u.actor, id, req.action.trim(), &req.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifyRequest {
    #[serde(default)]
    pub note: String,
}

/// The command center certifies the gate to stage `to` (节点认证); the current
/// stage's required actions must be done.
#[utoipa::path(post, path = "/api/v1/cases/{id}/gates/{to}/certify",
    params(("id" = i64, Path), ("to" = String, Path, description = "Key of the next stage")), request_body = CertifyRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Not a transition, or actions are missing (listed)")))]
async fn certify_gate(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((id, to)): ApiPath<(i64, String)>,
    ApiJson(req): ApiJson<CertifyRequest>,
) -> ApiResult<StatusCode> {
    s.app.certify_gate(&u.actor, id, &to, &req.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideRequest {
    /// The version you read; a stale one gets 409.
    pub version: i64,
    /// Why the gate is passed without its conditions (at least 10 characters); recorded.
    pub reason: String,
}

/// Moves the case to stage `to` without the gate's conditions (越过节点), with
/// a written reason. The override is an event of its own.
#[utoipa::path(post, path = "/api/v1/cases/{id}/gates/{to}/override",
    params(("id" = i64, Path), ("to" = String, Path, description = "Key of the next stage")), request_body = OverrideRequest,
    responses((status = 200, body = CaseDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn override_gate(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath((id, to)): ApiPath<(i64, String)>,
    ApiJson(req): ApiJson<OverrideRequest>,
) -> ApiResult<Json<CaseDto>> {
    let row = s.app.override_gate(&u.actor, id, req.version, &to, &req.reason).await?;
    Ok(Json(case_dto(&row)))
}

fn parse_track(t: &str) -> Result<Track, AppError> {
    Track::parse(t.trim()).filter(|t| *t != Track::Untriaged).ok_or_else(|| {
        AppError::invalid("track", format!("未知的分流结果“{t}”（可选 fast、standard、disposal、terminated_current）"))
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageRequest {
    pub version: i64,
    /// fast, standard, disposal or terminated_current.
    pub track: String,
    /// Required when the track differs from the suggestion.
    #[serde(default)]
    pub reason: String,
}

/// The command center confirms the triage track (or overrides the
/// suggestion with a reason); the case moves onto the track.
#[utoipa::path(post, path = "/api/v1/cases/{id}/triage", params(("id" = i64, Path)), request_body = TriageRequest,
    responses((status = 200, body = CaseDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn confirm_triage(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<TriageRequest>,
) -> ApiResult<Json<CaseDto>> {
    let track = parse_track(&req.track)?;
    let row = s.app.confirm_triage(&u.actor, id, req.version, track, &req.reason).await?;
    Ok(Json(case_dto(&row)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PauseRequest {
    /// suspension, postponement, public_notice, appraisal, auction or jurisdiction_dispute.
    pub kind: String,
    /// The basis, e.g. the ruling's number.
    pub reason: String,
}

/// Starts a clock stop (不计入期间): pausable deadlines stop running until it ends.
#[utoipa::path(post, path = "/api/v1/cases/{id}/pauses", params(("id" = i64, Path)), request_body = PauseRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "A clock stop is already running"), (status = 422, body = ErrorBody)))]
async fn start_pause(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<PauseRequest>,
) -> ApiResult<StatusCode> {
    s.app.pause_clock(&u.actor, id, req.kind.trim(), &req.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the running clock stop (yesterday is its last uncounted day) and
/// moves the pausable deadlines by its days.
#[utoipa::path(post, path = "/api/v1/cases/{id}/pauses/end", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "No clock stop is running")))]
async fn end_pause(State(s): State<AppState>, ApiUser(u): ApiUser, ApiPath(id): ApiPath<i64>) -> ApiResult<StatusCode> {
    s.app.resume_clock(&u.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One condition of a closure method.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ChecklistItemDto {
    pub item: String,
    pub citation: String,
    pub ok: bool,
    pub detail: String,
}

/// The closing checklist (结案条件) for a closure method.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ChecklistDto {
    pub closure: String,
    pub closure_label: String,
    /// Every item is met: the case may be closed this way.
    pub can_close: bool,
    pub items: Vec<ChecklistItemDto>,
}

pub(crate) fn checklist_dto(closure: Closure, items: &[ChecklistItem]) -> ChecklistDto {
    ChecklistDto {
        closure: closure.as_str().into(),
        closure_label: closure.label_zh().into(),
        can_close: items.iter().all(|i| i.ok),
        items: items
            .iter()
            .map(|i| ChecklistItemDto {
                item: i.item.clone(),
                citation: i.citation.clone(),
                ok: i.ok,
                detail: i.detail.clone(),
            })
            .collect(),
    }
}

pub(crate) fn parse_closure(s: &str) -> Result<Closure, AppError> {
    Closure::parse(s.trim()).ok_or_else(|| {
        AppError::invalid(
            "closure",
            format!(
                "未知的结案方式“{s}”（可选 {}）",
                Closure::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("、")
            ),
        )
    })
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ChecklistQuery {
    /// fully_performed, terminated_current, terminated, not_enforced, rejected or withdrawn.
    pub closure: Option<String>,
}

/// The closing checklist for a closure method: each condition with its
/// citation and whether it is met.
#[utoipa::path(get, path = "/api/v1/cases/{id}/closing-checklist", params(("id" = i64, Path), ChecklistQuery),
    responses((status = 200, body = ChecklistDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn closing_checklist(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    uri: Uri,
) -> ApiResult<Json<ChecklistDto>> {
    let q: ChecklistQuery = parse_query(&uri)?;
    let closure = match q.closure.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => parse_closure(c)?,
        None => return Err(AppError::invalid("closure", "请指定结案方式（查询参数 closure）").into()),
    };
    let items = s.app.closure_checklist(&u.actor, id, closure).await?;
    Ok(Json(checklist_dto(closure, &items)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResumeRequest {
    /// Why enforcement resumes, e.g. the property found (at least 5 characters).
    pub reason: String,
}

/// Resumes a case closed by terminating the current procedure (终本): files a
/// new 执恢 case linked to it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/resume", params(("id" = i64, Path)), request_body = ResumeRequest,
    responses((status = 201, body = CaseDto, description = "The new case"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn resume_case(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ResumeRequest>,
) -> ApiResult<(StatusCode, Json<CaseDto>)> {
    let row = s.app.resume_case(&u.actor, id, &req.reason).await?;
    Ok((StatusCode::CREATED, Json(case_dto(&row))))
}

// ---------- deadlines and warnings ----------

#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesQuery {
    /// mine (default: a judge's own cases; others' whole scope) or all (every case in the user's scope).
    pub scope: Option<String>,
    /// Recorded states, comma-separated: overdue, due_soon, normal (default: all three).
    pub state: Option<String>,
}

/// The parsed deadline filter: (only mine, states).
pub(crate) fn deadline_filter(q: &DeadlinesQuery) -> Result<(bool, Vec<&'static str>), AppError> {
    let only_mine = match q.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None | Some("mine") => true,
        Some("all") => false,
        Some(other) => return Err(AppError::invalid("scope", format!("范围应为 mine 或 all，而不是“{other}”"))),
    };
    let mut asked = vec![];
    for part in q.state.as_deref().unwrap_or("").split(',').map(str::trim).filter(|s| !s.is_empty()) {
        asked.push(DeadlineState::parse(part).ok_or_else(|| {
            AppError::invalid("state", format!("未知的期限状态“{part}”（可选 overdue、due_soon、normal）"))
        })?);
    }
    // Most urgent first, each once.
    let states = [DeadlineState::Overdue, DeadlineState::DueSoon, DeadlineState::Normal]
        .into_iter()
        .filter(|st| asked.is_empty() || asked.contains(st))
        .map(DeadlineState::as_str)
        .collect();
    Ok((only_mine, states))
}

/// Open deadlines of the user's cases, most urgent first, with case numbers.
pub(crate) async fn urgent(
    s: &AppState,
    actor: &Actor,
    only_mine: bool,
    states: &[&str],
) -> Result<Vec<DeadlineDto>, AppError> {
    let rows = s.app.urgent_deadlines(actor, only_mine, states).await?;
    let today = s.app.today();
    Ok(rows.iter().map(|(d, case_no)| deadline_dto!(d, Some(case_no.clone()), today)).collect())
}

/// Open deadlines in the user's scope, by due date (most urgent first): a
/// judge's own cases (`scope=mine`), or every case the user may see
/// (`scope=all`: the command center's overdue list with `state=overdue`).
#[utoipa::path(get, path = "/api/v1/deadlines", params(DeadlinesQuery),
    responses((status = 200, body = [DeadlineDto]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn deadlines(State(s): State<AppState>, ApiUser(u): ApiUser, uri: Uri) -> ApiResult<Json<Vec<DeadlineDto>>> {
    let q: DeadlinesQuery = parse_query(&uri)?;
    let (only_mine, states) = deadline_filter(&q)?;
    Ok(Json(urgent(&s, &u.actor, only_mine, &states).await?))
}

/// A deadline warning addressed to the user or the user's role.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct WarningDto {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    /// due_soon, overdue or escalated.
    pub kind: String,
    pub kind_label: String,
    pub message: String,
    pub created_at: String,
    pub read: bool,
}

pub(crate) fn warning_kind_label(kind: &str) -> &'static str {
    match kind {
        "due_soon" => "临期",
        "overdue" => "超期",
        "escalated" => "升级督办",
        _ => "提醒",
    }
}

/// The user's warnings, newest first.
pub(crate) async fn my_warnings(s: &AppState, actor: &Actor) -> Result<Vec<WarningDto>, AppError> {
    let rows = s.app.my_warnings(actor, 200).await?;
    Ok(rows
        .iter()
        .map(|w| WarningDto {
            id: w.id,
            case_id: w.case_id,
            case_no: w.case_no.clone(),
            kind: w.kind.clone(),
            kind_label: warning_kind_label(&w.kind).into(),
            message: w.message.clone(),
            created_at: zhixing_app::clock::china_datetime_string(w.created_at_ms),
            read: w.read,
        })
        .collect())
}

/// Deadline warnings addressed to the user (as handler) or to the user's
/// role in the user's court, newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/warnings", responses((status = 200, body = [WarningDto]), (status = 401, body = ErrorBody)))]
async fn warnings(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Json<Vec<WarningDto>>> {
    Ok(Json(my_warnings(&s, &u.actor).await?))
}

/// What one deadline sweep changed.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SweepDto {
    pub due_soon: u64,
    pub overdue: u64,
    pub escalated: u64,
}

/// Runs the deadline sweep now (the server also runs it hourly): marks due-soon
/// and overdue deadlines, warns handlers, escalates to the director and the
/// command center. Director and command center only.
pub(crate) async fn sweep(s: &AppState, actor: &Actor) -> Result<SweepDto, AppError> {
    let r = s.app.sweep_deadlines_now(actor).await?;
    Ok(SweepDto { due_soon: r.due_soon, overdue: r.overdue, escalated: r.escalated })
}

/// Runs the deadline sweep now: marks due-soon and overdue deadlines, warns
/// the handlers, escalates to the director and the command center.
#[utoipa::path(post, path = "/api/v1/deadlines/sweep",
    responses((status = 200, body = SweepDto), (status = 403, body = ErrorBody)))]
async fn sweep_deadlines(State(s): State<AppState>, ApiUser(u): ApiUser) -> ApiResult<Json<SweepDto>> {
    Ok(Json(sweep(&s, &u.actor).await?))
}

// ---------- what-if triage ----------

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct WhatIfRequest {
    /// A whole stage profile in TOML, or only its `[[triage.rules]]`; absent
    /// or empty: the court's current rules.
    #[serde(default)]
    pub rules: Option<String>,
}

#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct TrackLabelDto {
    pub track: String,
    pub label: String,
}

/// Open cases of one team per track under the rules.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct TeamCountsDto {
    pub team: String,
    pub total: u32,
    /// Track key → number of cases.
    pub counts: BTreeMap<String, u32>,
}

/// How the court's open cases would be triaged under the rules, per team.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct WhatIfDto {
    /// current (the court's profile) or proposed (the rules sent).
    pub rules: String,
    pub tracks: Vec<TrackLabelDto>,
    pub teams: Vec<TeamCountsDto>,
}

pub(crate) async fn what_if_counts(s: &AppState, actor: &Actor, rules: Option<&str>) -> Result<WhatIfDto, AppError> {
    let rules = rules.filter(|r| !r.trim().is_empty());
    let counts = s.app.triage_what_if(actor, rules).await?;
    Ok(WhatIfDto {
        rules: if rules.is_some() { "proposed" } else { "current" }.into(),
        tracks: Track::ALL
            .iter()
            .filter(|t| **t != Track::Untriaged || counts.values().any(|m| m.contains_key(t)))
            .map(|t| TrackLabelDto { track: t.as_str().into(), label: t.label_zh().into() })
            .collect(),
        teams: counts
            .iter()
            .map(|(team, m)| TeamCountsDto {
                team: team.clone(),
                total: m.values().sum(),
                counts: m.iter().map(|(t, n)| (t.as_str().to_string(), *n)).collect(),
            })
            .collect(),
    })
}

/// What-if triage (分流测算): how many of the court's open cases each team
/// would get per track under other rules. Command center only.
#[utoipa::path(post, path = "/api/v1/triage/what-if", request_body = WhatIfRequest,
    responses((status = 200, body = WhatIfDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn what_if(
    State(s): State<AppState>,
    ApiUser(u): ApiUser,
    ApiJson(req): ApiJson<WhatIfRequest>,
) -> ApiResult<Json<WhatIfDto>> {
    Ok(Json(what_if_counts(&s, &u.actor, req.rules.as_deref()).await?))
}
