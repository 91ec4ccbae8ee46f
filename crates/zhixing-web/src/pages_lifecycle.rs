//! Node control pages (节点管控): the lifecycle panel of the case page and
//! its forms, the deadline lists (/deadlines), the user's warnings
//! (/warnings) and what-if triage (/triage/what-if).
//!
//! The panel shows only what the user's role may do
//! (`zhixing_domain::access::permits`); the application checks again.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use zhixing_app::AppError;
use zhixing_app::lifecycle::PAUSE_KINDS;
use zhixing_app::types::CaseRow;
use zhixing_domain::access::{Action, permits};
use zhixing_domain::case::{Closure, Track};

use crate::AppState;
use crate::api_lifecycle::{
    ChecklistDto, DeadlineDto, DeadlinesQuery, WhatIfDto, checklist_dto, deadline_filter, lifecycle_dto, my_warnings,
    parse_closure, urgent, what_if_counts,
};
use crate::error::status_of;
use crate::extract::{CsrfForm, PagePath, PageUser, SessionUser};
use crate::pages::{Nav, app_error_page, nav, render};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{id}/actions", post(action_submit))
        .route("/cases/{id}/gates/{to}/certify", post(certify_submit))
        .route("/cases/{id}/gates/{to}/override", post(override_submit))
        .route("/cases/{id}/triage", post(triage_submit))
        .route("/cases/{id}/pauses", post(pause_submit))
        .route("/cases/{id}/pauses/end", post(pause_end_submit))
        .route("/cases/{id}/close", post(close_submit))
        .route("/cases/{id}/resume", post(resume_submit))
        .route("/deadlines", get(deadlines_page))
        .route("/deadlines/sweep", post(sweep_submit))
        .route("/warnings", get(warnings_page))
        .route("/triage/what-if", get(what_if_page).post(what_if_submit))
}

// ---------- the panel on the case page ----------

struct ActionLine {
    key: String,
    label: String,
    citation: String,
    done_on: String,
}

struct GateLine {
    to: String,
    label: String,
    allowed: bool,
    explanation: String,
    missing: Vec<String>,
    needs_certification: bool,
    /// The command center may certify now: only the certification is missing.
    certifiable: bool,
    /// closed / archived: reached by closing the case, not by a move.
    by_closing: bool,
}

/// A deadline as a table row.
pub(crate) struct DeadlineLine {
    case_id: i64,
    case_no: String,
    label: String,
    rule: String,
    citation: String,
    starts_on: String,
    due_on: String,
    /// CSS class: normal, due_soon, overdue, met, missed, cancelled.
    class: String,
    /// 正常 / 临期 / 超期 / 按期完成 / 逾期完成 / 已取消.
    state_text: &'static str,
    /// "剩 3 天", "超期 2 天", or the closing note.
    days_text: String,
    escalated: bool,
    pausable: bool,
    versions: String,
}

pub(crate) fn deadline_line(d: &DeadlineDto) -> DeadlineLine {
    let open = d.status == "open";
    let (class, state_text) = if open {
        match d.state.as_str() {
            "overdue" => ("overdue", "超期"),
            "due_soon" => ("due_soon", "临期"),
            _ => ("normal", "正常"),
        }
    } else {
        match d.status.as_str() {
            "met" => ("met", "按期完成"),
            "missed" => ("missed", "逾期完成"),
            _ => ("cancelled", "已取消"),
        }
    };
    let days_text = match d.days_left {
        Some(n) if n < 0 => format!("超期 {} 天", -n),
        Some(0) => "今日到期".to_string(),
        Some(n) => format!("剩 {n} 天"),
        None => String::new(),
    };
    DeadlineLine {
        case_id: d.case_id,
        case_no: d.case_no.clone().unwrap_or_default(),
        label: d.label.clone(),
        rule: d.rule.clone(),
        citation: d.citation.clone(),
        starts_on: d.starts_on.to_string(),
        due_on: d.due_on.to_string(),
        class: class.to_string(),
        state_text,
        days_text,
        escalated: d.escalated,
        pausable: d.pausable,
        versions: format!("节点配置 {} · 日历 {}", d.profile_version, d.calendar_version),
    }
}

struct PauseLine {
    label: String,
    from: String,
    to: String,
    reason: String,
    running: bool,
}

struct TriageView {
    track: String,
    label: String,
    reasons: String,
}

#[derive(Template)]
#[template(path = "lifecycle_panel.html")]
struct Panel {
    case_id: i64,
    version: i64,
    csrf: String,
    open: bool,
    error: Option<String>,
    stage_label: String,
    profile_version: String,
    required: Vec<ActionLine>,
    others: Vec<ActionLine>,
    gates: Vec<GateLine>,
    /// Running deadlines, most urgent first.
    deadlines: Vec<DeadlineLine>,
    /// Met, missed or cancelled ones (greyed, folded away).
    done_deadlines: Vec<DeadlineLine>,
    pauses: Vec<PauseLine>,
    pause_running: bool,
    pause_kinds: Vec<(&'static str, &'static str)>,
    triage: Option<TriageView>,
    tracks: Vec<(&'static str, &'static str)>,
    closures: Vec<(&'static str, &'static str)>,
    closure: String,
    checklist: Option<ChecklistDto>,
    checklist_error: Option<String>,
    resumable: bool,
    can_record: bool,
    can_certify: bool,
    can_move: bool,
    can_override: bool,
    can_triage: bool,
    can_pause: bool,
    can_close: bool,
    can_resume: bool,
}

/// The `closure` query parameter of the case page (the closing checklist to show).
pub(crate) fn closure_param(uri: &Uri) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    pairs.into_iter().find(|(k, _)| k == "closure").map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn date_or_empty(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The "节点管控" panel of the case page, as HTML to embed.
pub(crate) async fn panel_html(s: &AppState, u: &SessionUser, case: &CaseRow, closure: Option<&str>) -> String {
    let role = u.actor.role;
    let open = case.status == "open";
    let mut panel = Panel {
        case_id: case.id,
        version: case.version,
        csrf: u.csrf_token.clone(),
        open,
        error: None,
        stage_label: String::new(),
        profile_version: String::new(),
        required: vec![],
        others: vec![],
        gates: vec![],
        deadlines: vec![],
        done_deadlines: vec![],
        pauses: vec![],
        pause_running: false,
        pause_kinds: PAUSE_KINDS.to_vec(),
        triage: None,
        tracks: Track::ALL.iter().filter(|t| **t != Track::Untriaged).map(|t| (t.as_str(), t.label_zh())).collect(),
        closures: Closure::ALL.iter().map(|c| (c.as_str(), c.label_zh())).collect(),
        closure: closure.unwrap_or("").to_string(),
        checklist: None,
        checklist_error: None,
        resumable: !open && case.closure == Some(Closure::TerminatedCurrent),
        can_record: open && permits(role, Action::RecordAction),
        can_certify: open && permits(role, Action::CertifyGate),
        can_move: open && permits(role, Action::EditCase),
        can_override: open && permits(role, Action::OverrideGate),
        can_triage: open && permits(role, Action::Triage),
        can_pause: open && permits(role, Action::PauseClock),
        can_close: open && permits(role, Action::EditCase),
        can_resume: permits(role, Action::FileCase),
    };
    match s.app.lifecycle(&u.actor, case.id).await {
        Ok(lc) => {
            let dto = lifecycle_dto(&lc, s.app.today());
            panel.stage_label = dto.stage_label;
            panel.profile_version = dto.profile_version;
            let line = |a: &crate::api_lifecycle::ActionDto| ActionLine {
                key: a.key.clone(),
                label: a.label.clone(),
                citation: a.citation.clone().unwrap_or_default(),
                done_on: date_or_empty(a.done_on),
            };
            panel.required = dto.required_actions.iter().map(line).collect();
            panel.others = dto.other_actions.iter().map(line).collect();
            panel.gates = dto
                .gates
                .iter()
                .map(|g| GateLine {
                    to: g.to.clone(),
                    label: g.to_label.clone(),
                    allowed: g.allowed,
                    explanation: g.explanation.clone(),
                    missing: g.missing_actions.iter().map(|a| a.label.clone()).collect(),
                    needs_certification: g.needs_certification,
                    certifiable: g.needs_certification && g.missing_actions.is_empty(),
                    by_closing: g.to == "closed" || g.to == "archived",
                })
                .collect();
            let (mut running, done): (Vec<_>, Vec<_>) = dto.deadlines.iter().partition(|d| d.status == "open");
            running.sort_by_key(|d| (d.due_on, d.id));
            panel.deadlines = running.into_iter().map(deadline_line).collect();
            panel.done_deadlines = done.into_iter().map(deadline_line).collect();
            panel.pause_running = dto.pauses.iter().any(|p| p.running);
            panel.pauses = dto
                .pauses
                .iter()
                .map(|p| PauseLine {
                    label: p.kind_label.clone(),
                    from: p.starts_on.to_string(),
                    to: date_or_empty(p.ends_on),
                    reason: p.reason.clone(),
                    running: p.running,
                })
                .collect();
            panel.triage =
                dto.suggested_track.map(|t| TriageView { track: t.track, label: t.label, reasons: t.reasons });
        }
        Err(e) => panel.error = Some(e.to_string()),
    }
    if open && let Some(c) = closure {
        match parse_closure(c) {
            Ok(closure) => match s.app.closure_checklist(&u.actor, case.id, closure).await {
                Ok(items) => panel.checklist = Some(checklist_dto(closure, &items)),
                Err(e) => panel.checklist_error = Some(e.to_string()),
            },
            Err(e) => panel.checklist_error = Some(e.to_string()),
        }
    }
    panel.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "lifecycle panel template error");
        "<p class=\"error\">节点管控面板渲染失败</p>".to_string()
    })
}

// ---------- the panel's forms ----------

/// After a form of the panel: back to the case page, or the case page with
/// the refusal inline and the error's status.
async fn back_to_case(s: &AppState, u: &SessionUser, id: i64, result: Result<(), AppError>) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/cases/{id}#lifecycle")).into_response(),
        Err(e @ AppError::Internal(_)) => app_error_page(&e),
        Err(e) => {
            let status = status_of(&e);
            let mut r = crate::pages::render_case(s, u, id, Some(e.to_string())).await;
            if r.status().is_success() {
                *r.status_mut() = status;
            }
            r
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActionForm {
    action: String,
    note: String,
}

async fn action_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<ActionForm>) -> Response {
    let r = s.app.record_action(&f.user.actor, id, f.form.action.trim(), &f.form.note).await;
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NoteForm {
    note: String,
}

async fn certify_submit(
    State(s): State<AppState>,
    PagePath((id, to)): PagePath<(i64, String)>,
    f: CsrfForm<NoteForm>,
) -> Response {
    let r = s.app.certify_gate(&f.user.actor, id, &to, &f.form.note).await;
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize)]
struct OverrideForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

async fn override_submit(
    State(s): State<AppState>,
    PagePath((id, to)): PagePath<(i64, String)>,
    f: CsrfForm<OverrideForm>,
) -> Response {
    let r = s.app.override_gate(&f.user.actor, id, f.form.version, &to, &f.form.reason).await.map(|_| ());
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize)]
struct TriageForm {
    version: i64,
    #[serde(default)]
    track: String,
    #[serde(default)]
    reason: String,
}

async fn triage_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<TriageForm>) -> Response {
    let r = match Track::parse(f.form.track.trim()).filter(|t| *t != Track::Untriaged) {
        Some(track) => s.app.confirm_triage(&f.user.actor, id, f.form.version, track, &f.form.reason).await.map(|_| ()),
        None => Err(AppError::invalid("track", "请选择分流结果")),
    };
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PauseForm {
    kind: String,
    reason: String,
}

async fn pause_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<PauseForm>) -> Response {
    let r = s.app.pause_clock(&f.user.actor, id, f.form.kind.trim(), &f.form.reason).await;
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize)]
struct Empty {}

async fn pause_end_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<Empty>) -> Response {
    let r = s.app.resume_clock(&f.user.actor, id).await;
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize)]
struct CloseForm {
    version: i64,
    #[serde(default)]
    closure: String,
}

async fn close_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<CloseForm>) -> Response {
    let r = match parse_closure(&f.form.closure) {
        Ok(closure) => s.app.close_case(&f.user.actor, id, f.form.version, closure).await.map(|_| ()),
        Err(e) => Err(e),
    };
    back_to_case(&s, &f.user, id, r).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReasonForm {
    reason: String,
}

async fn resume_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<ReasonForm>) -> Response {
    match s.app.resume_case(&f.user.actor, id, &f.form.reason).await {
        Ok(new_case) => Redirect::to(&format!("/cases/{}", new_case.id)).into_response(),
        Err(e) => back_to_case(&s, &f.user, id, Err(e)).await,
    }
}

// ---------- /deadlines ----------

struct DeadlineGroup {
    title: &'static str,
    class: &'static str,
    rows: Vec<DeadlineLine>,
}

#[derive(Template)]
#[template(path = "lifecycle_deadlines.html")]
struct DeadlinesPage {
    nav: Option<Nav>,
    csrf: String,
    title: &'static str,
    today: String,
    scope: String,
    state: String,
    /// Only a judge's "mine" differs from the whole scope.
    show_scope: bool,
    state_options: Vec<(&'static str, &'static str)>,
    can_sweep: bool,
    can_what_if: bool,
    groups: Vec<DeadlineGroup>,
    total: usize,
    message: Option<String>,
}

async fn render_deadlines(s: &AppState, u: &SessionUser, q: &DeadlinesQuery, message: Option<String>) -> Response {
    let role = u.actor.role;
    let board = permits(role, Action::ViewBoard);
    // The command center and the director look at the whole court's overdue
    // and due-soon lists; team members at their own cases by urgency.
    let defaults = DeadlinesQuery {
        scope: q.scope.clone().filter(|x| !x.is_empty()).or_else(|| board.then(|| "all".to_string())),
        state: q.state.clone().filter(|x| !x.is_empty()).or_else(|| board.then(|| "overdue,due_soon".to_string())),
    };
    let (only_mine, states) = match deadline_filter(&defaults) {
        Ok(x) => x,
        Err(e) => return app_error_page(&e),
    };
    let rows = match urgent(s, &u.actor, only_mine, &states).await {
        Ok(r) => r,
        Err(e) => return app_error_page(&e),
    };
    let total = rows.len();
    let mut groups: Vec<DeadlineGroup> = [("overdue", "超期"), ("due_soon", "临期"), ("normal", "正常")]
        .into_iter()
        .map(|(class, title)| DeadlineGroup { title, class, rows: vec![] })
        .collect();
    for d in &rows {
        let line = deadline_line(d);
        if let Some(g) = groups.iter_mut().find(|g| g.class == line.class) {
            g.rows.push(line);
        }
    }
    // Keep the groups asked for, and any group a stale recorded state put rows into.
    groups.retain(|g| states.contains(&g.class) || !g.rows.is_empty());
    render(&DeadlinesPage {
        nav: nav(u, "/deadlines"),
        csrf: u.csrf_token.clone(),
        title: if board { "期限督办" } else { "我的案件期限" },
        today: s.app.today().to_string(),
        scope: if only_mine { "mine" } else { "all" }.into(),
        state: states.join(","),
        show_scope: role == zhixing_domain::role::Role::Judge,
        state_options: vec![
            ("overdue,due_soon", "超期和临期"),
            ("overdue", "超期"),
            ("due_soon", "临期"),
            ("normal", "正常"),
            ("overdue,due_soon,normal", "全部"),
        ],
        can_sweep: board,
        can_what_if: permits(role, Action::Triage),
        groups,
        total,
        message,
    })
}

async fn deadlines_page(State(s): State<AppState>, PageUser(u): PageUser, uri: Uri) -> Response {
    let q: DeadlinesQuery = match serde_urlencoded::from_str(uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(e) => return crate::pages::error_page(StatusCode::BAD_REQUEST, &format!("查询参数无效：{e}")),
    };
    render_deadlines(&s, &u, &q, None).await
}

async fn sweep_submit(State(s): State<AppState>, f: CsrfForm<Empty>) -> Response {
    match crate::api_lifecycle::sweep(&s, &f.user.actor).await {
        Ok(r) => {
            let msg =
                format!("期限扫描完成：新增临期 {} 项，超期 {} 项，升级督办 {} 项", r.due_soon, r.overdue, r.escalated);
            render_deadlines(&s, &f.user, &DeadlinesQuery::default(), Some(msg)).await
        }
        Err(e) => app_error_page(&e),
    }
}

// ---------- /warnings ----------

#[derive(Template)]
#[template(path = "lifecycle_warnings.html")]
struct WarningsPage {
    nav: Option<Nav>,
    rows: Vec<crate::api_lifecycle::WarningDto>,
}

async fn warnings_page(State(s): State<AppState>, PageUser(u): PageUser) -> Response {
    match my_warnings(&s, &u.actor).await {
        Ok(rows) => render(&WarningsPage { nav: nav(&u, "/warnings"), rows }),
        Err(e) => app_error_page(&e),
    }
}

// ---------- /triage/what-if ----------

struct TeamLine {
    team: String,
    /// (track label, count) in the order of the table's columns.
    counts: Vec<(String, u32)>,
    total: u32,
}

#[derive(Template)]
#[template(path = "lifecycle_what_if.html")]
struct WhatIfPage {
    nav: Option<Nav>,
    csrf: String,
    rules: String,
    error: Option<String>,
    /// "current" or "proposed" once computed.
    computed: Option<String>,
    tracks: Vec<String>,
    teams: Vec<TeamLine>,
    max_total: u32,
    sum: u32,
}

fn what_if_render(u: &SessionUser, rules: String, result: Result<Option<WhatIfDto>, AppError>) -> Response {
    let (dto, error, status) = match result {
        Ok(d) => (d, None, StatusCode::OK),
        Err(e @ AppError::Internal(_)) => return app_error_page(&e),
        Err(e) => {
            let status = status_of(&e);
            (None, Some(e.to_string()), status)
        }
    };
    let (computed, tracks, teams) = match dto {
        Some(d) => {
            let teams: Vec<TeamLine> = d
                .teams
                .iter()
                .map(|t| TeamLine {
                    team: t.team.clone(),
                    counts: d
                        .tracks
                        .iter()
                        .map(|k| (k.label.clone(), t.counts.get(&k.track).copied().unwrap_or(0)))
                        .collect(),
                    total: t.total,
                })
                .collect();
            (Some(d.rules), d.tracks.iter().map(|t| t.label.clone()).collect(), teams)
        }
        None => (None, vec![], vec![]),
    };
    let max_total = teams.iter().map(|t| t.total).max().unwrap_or(0).max(1);
    let sum = teams.iter().map(|t| t.total).sum();
    let mut r = render(&WhatIfPage {
        nav: nav(u, "/triage/what-if"),
        csrf: u.csrf_token.clone(),
        rules,
        error,
        computed,
        tracks,
        teams,
        max_total,
        sum,
    });
    *r.status_mut() = status;
    r
}

async fn what_if_page(PageUser(u): PageUser) -> Response {
    // Nothing is computed until the form is sent (it reads every open case).
    if let Err(e) = u.actor.require(Action::Triage) {
        return app_error_page(&e);
    }
    what_if_render(&u, String::new(), Ok(None))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct WhatIfForm {
    rules: String,
}

async fn what_if_submit(State(s): State<AppState>, f: CsrfForm<WhatIfForm>) -> Response {
    let result = what_if_counts(&s, &f.user.actor, Some(&f.form.rules)).await;
    if let Err(e @ AppError::Forbidden(_)) = &result {
        return app_error_page(e);
    }
    what_if_render(&f.user, f.form.rules, result.map(Some))
}
