//! Server-rendered pages in Simplified Chinese.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use zhixing_app::AppError;
use zhixing_app::auth::Actor;
use zhixing_app::cases::{Claim, FileCase, PartyInput};
use zhixing_domain::access::{Action, permits};
use zhixing_domain::case::{DEFAULT_STAGES, DeadlineState, PartyKind, PartyRole, Track, stage_label};
use zhixing_domain::case_no::CaseType;
use zhixing_domain::money::Fen;
use zhixing_domain::role::Role;

use crate::AppState;
use crate::api::{BoardDto, CaseListQuery, StageCountDto, session_cookie};
use crate::error::status_of;
use crate::extract::{CsrfForm, LOGIN_CSRF_COOKIE, PagePath, PageUser, SessionUser, client_addr, cookie, tokens_equal};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout))
        .route("/cases", get(cases_page))
        .route("/cases/new", get(new_case_page).post(new_case_submit))
        .route("/cases/{id}", get(case_page))
        .route("/cases/{id}/stage", post(stage_submit))
        .route("/cases/{id}/parties/{party_id}/reveal", post(reveal_submit))
        .route("/board", get(board_page))
        .route("/admin/users", get(users_page).post(users_submit))
        .route("/audit", get(audit_page))
        .route("/audit/checkpoint", post(audit_checkpoint_submit))
        .route("/static/app.css", get(css))
        .merge(crate::pages_lifecycle::routes())
        .merge(crate::pages_batch::routes())
}

/// Navigation for the logged-in user.
pub struct Nav {
    pub items: Vec<(&'static str, &'static str, bool)>,
    pub user_name: String,
    pub role_label: &'static str,
    pub csrf: String,
}

pub(crate) fn nav(u: &SessionUser, current: &str) -> Option<Nav> {
    let r = u.actor.role;
    let mut items = vec![];
    if permits(r, Action::ViewBoard) {
        items.push(("指挥中心", "/board"));
    }
    if permits(r, Action::ViewCases) {
        items.push(("案件", "/cases"));
    }
    if permits(r, Action::FileCase) {
        items.push(("立案", "/cases/new"));
    }
    if permits(r, Action::ViewCases) {
        items.push(("期限", "/deadlines"));
        items.push(("预警", "/warnings"));
    }
    if permits(r, Action::BatchFile) {
        items.push(("批量立案", "/cases/batch"));
    }
    if permits(r, Action::ManageUsers) {
        items.push(("账号", "/admin/users"));
    }
    if permits(r, Action::Audit) {
        items.push(("留痕校验", "/audit"));
    }
    Some(Nav {
        items: items.into_iter().map(|(l, h)| (l, h, h == current)).collect(),
        user_name: u.actor.display_name.clone(),
        role_label: r.label_zh(),
        csrf: u.csrf_token.clone(),
    })
}

pub(crate) fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template error");
            (StatusCode::INTERNAL_SERVER_ERROR, "页面渲染失败").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: Option<Nav>,
    status: u16,
    message: String,
}

pub fn error_page(status: StatusCode, message: &str) -> Response {
    let mut r = render(&ErrorPage { nav: None, status: status.as_u16(), message: message.to_string() });
    *r.status_mut() = status;
    r
}

pub(crate) fn app_error_page(e: &AppError) -> Response {
    let message = match e {
        AppError::Internal(d) => {
            tracing::error!(detail = %d, "internal error");
            "服务器内部错误，请稍后重试或联系管理员".to_string()
        }
        other => other.to_string(),
    };
    error_page(status_of(e), &message)
}

async fn home(PageUser(u): PageUser) -> Redirect {
    let r = u.actor.role;
    if permits(r, Action::ViewBoard) {
        Redirect::to("/board")
    } else if permits(r, Action::ViewCases) {
        Redirect::to("/cases")
    } else if permits(r, Action::ManageUsers) {
        Redirect::to("/admin/users")
    } else {
        Redirect::to("/cases")
    }
}

// ---------- login ----------

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Option<Nav>,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct LoginQuery {
    next: Option<String>,
}

fn random_hex() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

fn safe_next(next: &str) -> String {
    // Only local paths: never an open redirect. Browsers drop tabs and
    // newlines from URLs ("/\t/evil.example" is "//evil.example"), so no
    // control character may pass either.
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    if local && !next.chars().any(char::is_control) { next.to_string() } else { "/".into() }
}

fn login_response(status: StatusCode, next: &str, username: &str, error: Option<String>) -> Response {
    let csrf = random_hex();
    let page =
        LoginPage { nav: None, csrf: csrf.clone(), next: safe_next(next), username: username.to_string(), error };
    let mut r = render(&page);
    *r.status_mut() = status;
    if let Ok(v) = format!("{LOGIN_CSRF_COOKIE}={csrf}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=1800").parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

async fn login_page(uri: axum::http::Uri) -> Response {
    let q: LoginQuery = serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or(LoginQuery { next: None });
    login_response(StatusCode::OK, q.next.as_deref().unwrap_or("/"), "", None)
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(rename = "_csrf", default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Login form: CSRF by double submit (a cookie set with the form must match
/// the hidden field), since there is no session yet.
async fn login_submit(State(s): State<AppState>, req: axum::extract::Request) -> Response {
    let (parts, body) = req.into_parts();
    let addr = client_addr(&parts);
    let cookie_token = cookie(&parts, LOGIN_CSRF_COOKIE).unwrap_or_default();
    let bytes = match crate::extract::read_body(axum::extract::Request::from_parts(parts, body), &s).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Ok(form) = serde_urlencoded::from_bytes::<LoginForm>(&bytes) else {
        return login_response(StatusCode::BAD_REQUEST, "/", "", Some("表单内容无效".into()));
    };
    if cookie_token.is_empty() || !tokens_equal(&cookie_token, &form.csrf) {
        return login_response(
            StatusCode::FORBIDDEN,
            &form.next,
            &form.username,
            Some("页面已过期，请重新登录".into()),
        );
    }
    match s.app.login(&form.username, &form.password, addr.as_deref()).await {
        Ok(sess) => {
            let cookie =
                session_cookie(&sess.token, s.app.settings.secure_cookies, s.app.settings.session_max_hours * 3600);
            let mut r = Redirect::to(&safe_next(&form.next)).into_response();
            if let Ok(v) = cookie.parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(e) => login_response(status_of(&e), &form.next, &form.username, Some(e.to_string())),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn logout(State(s): State<AppState>, f: CsrfForm<Empty>) -> Response {
    let _ = s.app.logout(&f.user.token).await;
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = "zx_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0".parse() {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

// ---------- case list ----------

struct CaseLine {
    id: i64,
    case_no: String,
    applicants: String,
    debtors: String,
    claim: String,
    stage: String,
    track: String,
    deadline: String,
    deadline_class: &'static str,
    filed_on: String,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    nav: Option<Nav>,
    total: i64,
    rows: Vec<CaseLine>,
    q: String,
    stage: String,
    track: String,
    deadline: String,
    status: String,
    handler: String,
    stages: Vec<(&'static str, &'static str)>,
    tracks: Vec<(&'static str, &'static str)>,
    deadlines: Vec<(&'static str, &'static str)>,
    handlers: Vec<(i64, String)>,
    can_file: bool,
    page: i64,
    pages: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

fn deadline_text(
    d: Option<chrono::NaiveDate>,
    state: Option<DeadlineState>,
    today: chrono::NaiveDate,
) -> (String, &'static str) {
    match (d, state) {
        (Some(d), Some(st)) => {
            let left = (d - today).num_days();
            let text = match st {
                DeadlineState::Overdue => format!("超期 {} 天", -left),
                DeadlineState::DueSoon => format!("剩 {left} 天"),
                DeadlineState::Normal => format!("{d}"),
            };
            (text, st.as_str())
        }
        (Some(d), None) => (d.to_string(), "closed"),
        _ => ("—".into(), "closed"),
    }
}

async fn cases_page(State(s): State<AppState>, PageUser(u): PageUser, uri: axum::http::Uri) -> Response {
    let q: CaseListQuery = match serde_urlencoded::from_str(uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &format!("查询参数无效：{e}")),
    };
    let today = s.app.today();
    let filter = match q.to_filter(today, s.app.settings.warn_days) {
        Ok(f) => f,
        Err(e) => return app_error_page(&e),
    };
    let page = q.page.unwrap_or(1).max(1);
    let per_page = 30;
    let (total, items) = match s.app.list_cases(&u.actor, &filter, page, per_page).await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e),
    };
    let rows = items
        .iter()
        .map(|c| {
            let (deadline, class) =
                deadline_text(c.case.deadline_on.filter(|_| c.case.status == "open"), c.deadline_state, today);
            CaseLine {
                id: c.case.id,
                case_no: c.case.case_no.clone(),
                applicants: c.applicants.join("、"),
                debtors: c.debtors.join("、"),
                claim: Fen(c.case.claim_fen).to_display(),
                stage: stage_label(&c.case.stage).to_string(),
                track: if c.case.track == Track::Untriaged {
                    String::new()
                } else {
                    c.case.track.label_zh().to_string()
                },
                deadline: if c.case.status == "open" {
                    deadline
                } else {
                    c.case.closure.map(|x| x.label_zh()).unwrap_or("已结").to_string()
                },
                deadline_class: class,
                filed_on: c.case.filed_on.to_string(),
            }
        })
        .collect();
    let handlers = s
        .app
        .judges_of(u.actor.court_id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|x| (x.id, x.display_name))
        .collect();
    let pages = ((total + per_page - 1) / per_page).max(1);
    let link = |p: i64| {
        let mut pairs: Vec<(&str, String)> = vec![];
        for (k, v) in
            [("q", &q.q), ("stage", &q.stage), ("track", &q.track), ("deadline", &q.deadline), ("status", &q.status)]
        {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                pairs.push((k, v.to_string()));
            }
        }
        if let Some(h) = q.handler_id {
            pairs.push(("handler_id", h.to_string()));
        }
        pairs.push(("page", p.to_string()));
        format!("/cases?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    };
    render(&CasesPage {
        nav: nav(&u, "/cases"),
        total,
        rows,
        q: q.q.clone().unwrap_or_default(),
        stage: q.stage.clone().unwrap_or_default(),
        track: q.track.clone().unwrap_or_default(),
        deadline: q.deadline.clone().unwrap_or_default(),
        status: q.status.clone().unwrap_or_default(),
        handler: q.handler_id.map(|h| h.to_string()).unwrap_or_default(),
        stages: DEFAULT_STAGES.iter().map(|s| (s.key, s.label)).collect(),
        tracks: Track::ALL.iter().map(|t| (t.as_str(), t.label_zh())).collect(),
        deadlines: vec![("overdue", "超期"), ("due_soon", "临期"), ("normal", "正常")],
        handlers,
        can_file: permits(u.actor.role, Action::FileCase),
        page,
        pages,
        prev_link: (page > 1).then(|| link(page - 1)),
        next_link: (page < pages).then(|| link(page + 1)),
    })
}

// ---------- case page ----------

struct PartyLine {
    id: i64,
    name: String,
    role: &'static str,
    kind: &'static str,
    id_number: String,
    phone: String,
    address: String,
}

struct EventLine {
    at: String,
    label: String,
    actor: String,
    detail: String,
    height: i64,
    hash_short: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    nav: Option<Nav>,
    c: zhixing_app::types::CaseRow,
    court_name: String,
    stage: String,
    track: String,
    status: String,
    claim: String,
    outstanding: String,
    deadline: String,
    deadline_class: &'static str,
    deadline_on: String,
    team: String,
    handler: String,
    updated_by: String,
    parties: Vec<PartyLine>,
    timeline: Vec<EventLine>,
    can_reveal: bool,
    csrf: String,
    message: Option<String>,
    /// The 节点管控 panel, rendered by `pages_lifecycle`.
    lifecycle: String,
}

/// A one-line Chinese description of an event's payload for the timeline.
fn describe(kind: &str, payload: &serde_json::Value) -> String {
    let s = |k: &str| payload.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
    match kind {
        "case.filed" => format!(
            "案号 {}，执行标的 ¥{}",
            s("case_no"),
            Fen(payload.get("claim_fen").and_then(|v| v.as_i64()).unwrap_or(0)).to_display()
        ),
        "case.stage_changed" => {
            let note = s("note");
            let base = format!("{} → {}", stage_label(&s("from")), stage_label(&s("to")));
            if note.is_empty() { base } else { format!("{base}（{note}）") }
        }
        "case.closed" => format!(
            "结案方式：{}",
            zhixing_domain::case::Closure::parse(&s("closure")).map(|c| c.label_zh()).unwrap_or("")
        ),
        "case.updated" => {
            let keys: Vec<&str> =
                payload.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default();
            let names: Vec<&str> = keys
                .iter()
                .map(|k| match *k {
                    "team_id" => "执行团队",
                    "handler_id" => "承办人",
                    "summary" => "案情摘要",
                    other => other,
                })
                .collect();
            if names.is_empty() { String::new() } else { format!("变更：{}", names.join("、")) }
        }
        "case.action_done" => {
            let note = s("note");
            if note.is_empty() { s("label") } else { format!("{}（{note}）", s("label")) }
        }
        "case.gate_certified" => format!("准予 {} → {}", stage_label(&s("from")), stage_label(&s("to"))),
        "case.gate_overridden" => {
            format!("{} → {}，理由：{}", stage_label(&s("from")), stage_label(&s("to")), s("reason"))
        }
        "case.deadline_overdue" => format!("期限届满日 {}", s("due_on")),
        "case.deadline_escalated" => format!("期限届满日 {}，已报执行局长和指挥中心", s("due_on")),
        "case.clock_paused" => format!("{}，自 {} 起（{}）", s("label"), s("from"), s("reason")),
        "case.clock_resumed" => format!("至 {} 止", s("to")),
        "case.triage_suggested" | "case.triage_confirmed" => {
            let track = Track::parse(&s("track")).map(|t| t.label_zh()).unwrap_or("");
            let reason = s("reason");
            if reason.is_empty() { format!("分流：{track}") } else { format!("分流：{track}（{reason}）") }
        }
        "case.resumed_as" => format!("恢复执行案号 {}：{}", s("case_no"), s("reason")),
        "case.resumed_from" => format!("原案号 {}", s("case_no")),
        "personal_data.read" => "查看了当事人完整证件号码和电话".into(),
        "notification.requested" => "向申请执行人发送立案通知".into(),
        _ => String::new(),
    }
}

pub(crate) async fn render_case(s: &AppState, u: &SessionUser, id: i64, message: Option<String>) -> Response {
    render_case_with(s, u, id, message, None).await
}

/// The case page; `closure` selects the closing checklist shown in the lifecycle panel.
async fn render_case_with(
    s: &AppState,
    u: &SessionUser,
    id: i64,
    message: Option<String>,
    closure: Option<&str>,
) -> Response {
    let d = match s.app.case_detail(&u.actor, id).await {
        Ok(d) => d,
        Err(e) => return app_error_page(&e),
    };
    let today = s.app.today();
    let (deadline, deadline_class) = if d.case.status == "open" {
        deadline_text(d.case.deadline_on, d.deadline_state, today)
    } else {
        (String::new(), "closed")
    };
    let timeline = d
        .timeline
        .iter()
        .rev()
        .map(|e| {
            let payload: serde_json::Value = serde_json::from_str(&e.event.payload).unwrap_or_default();
            EventLine {
                at: zhixing_app::clock::china_datetime_string(e.event.occurred_at_ms),
                label: zhixing_app::event_label(&e.event.kind),
                actor: e.event.actor.clone(),
                detail: describe(&e.event.kind, &payload),
                height: e.event.height,
                hash_short: e.event.hash.chars().take(12).collect(),
            }
        })
        .collect();
    let c = d.case.clone();
    let lifecycle = crate::pages_lifecycle::panel_html(s, u, &c, closure).await;
    render(&CasePage {
        nav: nav(u, ""),
        court_name: d.court_name.clone(),
        stage: stage_label(&c.stage).to_string(),
        track: c.track.label_zh().to_string(),
        status: match (c.status.as_str(), c.closure) {
            ("open", _) => "在办".into(),
            (_, Some(cl)) => format!("已结（{}）", cl.label_zh()),
            _ => "已结".into(),
        },
        claim: Fen(c.claim_fen).to_display(),
        outstanding: Fen(c.outstanding_fen).to_display(),
        deadline,
        deadline_class,
        deadline_on: c.deadline_on.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
        team: d.team_name.clone().unwrap_or_else(|| "未分配".into()),
        handler: d.handler_name.clone().unwrap_or_else(|| "未分配".into()),
        updated_by: d.updated_by_name.clone().unwrap_or_default(),
        parties: d
            .parties
            .iter()
            .map(|p| PartyLine {
                id: p.id,
                name: p.name.clone(),
                role: p.role.label_zh(),
                kind: p.kind.label_zh(),
                id_number: p.id_number_masked.clone().unwrap_or_else(|| "—".into()),
                phone: p.phone_masked.clone().unwrap_or_else(|| "—".into()),
                address: p.address.clone().unwrap_or_default(),
            })
            .collect(),
        timeline,
        can_reveal: d.can_reveal,
        csrf: u.csrf_token.clone(),
        message,
        lifecycle,
        c,
    })
}

async fn case_page(
    State(s): State<AppState>,
    PageUser(u): PageUser,
    PagePath(id): PagePath<i64>,
    uri: axum::http::Uri,
) -> Response {
    let closure = crate::pages_lifecycle::closure_param(&uri);
    render_case_with(&s, &u, id, None, closure.as_deref()).await
}

#[derive(Deserialize)]
struct StageForm {
    version: i64,
    stage: String,
    #[serde(default)]
    track: String,
    #[serde(default)]
    note: String,
}

async fn stage_submit(State(s): State<AppState>, PagePath(id): PagePath<i64>, f: CsrfForm<StageForm>) -> Response {
    let track = if f.form.track.is_empty() { None } else { Track::parse(&f.form.track) };
    match s.app.move_stage(&f.user.actor, id, f.form.version, &f.form.stage, track, &f.form.note).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(e) => {
            let status = status_of(&e);
            let mut r = render_case(&s, &f.user, id, Some(e.to_string())).await;
            if r.status().is_success() {
                *r.status_mut() = status;
            }
            r
        }
    }
}

async fn reveal_submit(
    State(s): State<AppState>,
    PagePath((id, party_id)): PagePath<(i64, i64)>,
    f: CsrfForm<Empty>,
) -> Response {
    match s.app.reveal_party(&f.user.actor, id, party_id).await {
        Ok(r) => {
            let msg = format!(
                "{}：证件号码 {}，电话 {}（本次查看已记录）",
                r.name,
                r.id_number.as_deref().unwrap_or("无"),
                r.phone.as_deref().unwrap_or("无")
            );
            let mut resp = render_case(&s, &f.user, id, Some(msg)).await;
            resp.headers_mut().insert(header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => app_error_page(&e),
    }
}

// ---------- filing ----------

#[derive(Deserialize, Default)]
#[serde(default)]
struct NewCaseForm {
    case_type: String,
    title_type: String,
    title_doc_no: String,
    title_issuer: String,
    title_effective_on: String,
    cause: String,
    claim: String,
    costs: String,
    interest_terms: String,
    non_money: String,
    title_deadline_on: String,
    a_agent: String,
    d_region: String,
    a_kind: String,
    a_name: String,
    a_id: String,
    a_phone: String,
    d_kind: String,
    d_name: String,
    d_id: String,
    d_phone: String,
    d_address: String,
}

#[derive(Template)]
#[template(path = "new_case.html")]
struct NewCasePage {
    nav: Option<Nav>,
    csrf: String,
    error: Option<String>,
    f: NewCaseForm,
    case_types: Vec<(&'static str, &'static str)>,
}

fn new_case_render(u: &SessionUser, f: NewCaseForm, error: Option<String>, status: StatusCode) -> Response {
    let mut r = render(&NewCasePage {
        nav: nav(u, "/cases/new"),
        csrf: u.csrf_token.clone(),
        error,
        f,
        case_types: CaseType::ALL.iter().map(|t| (t.code(), t.label_zh())).collect(),
    });
    *r.status_mut() = status;
    r
}

async fn new_case_page(PageUser(u): PageUser) -> Response {
    if !permits(u.actor.role, Action::FileCase) {
        return app_error_page(&AppError::forbidden());
    }
    new_case_render(&u, NewCaseForm::default(), None, StatusCode::OK)
}

fn form_to_command(f: &NewCaseForm) -> Result<FileCase, AppError> {
    let kind = |s: &str, field: &str| PartyKind::parse(s).ok_or_else(|| AppError::invalid(field, "当事人类型无效"));
    let opt = |s: &str| if s.trim().is_empty() { None } else { Some(s.trim().to_string()) };
    Ok(FileCase {
        case_type: CaseType::from_code(f.case_type.trim()).unwrap_or(CaseType::First),
        title_type: f.title_type.clone(),
        title_doc_no: f.title_doc_no.clone(),
        title_issuer: f.title_issuer.clone(),
        title_effective_on: match f.title_effective_on.trim() {
            "" => None,
            d => Some(
                zhixing_domain::calendar::parse_date(d)
                    .map_err(|e| AppError::invalid("title_effective_on", e.to_string()))?,
            ),
        },
        cause: f.cause.clone(),
        title_deadline_on: match f.title_deadline_on.trim() {
            "" => None,
            d => Some(
                zhixing_domain::calendar::parse_date(d)
                    .map_err(|e| AppError::invalid("title_deadline_on", e.to_string()))?,
            ),
        },
        claim: Claim {
            principal: Fen::parse_yuan(&f.claim)
                .map_err(|e| AppError::invalid("claim", format!("执行标的本金：{e}")))?,
            costs: if f.costs.trim().is_empty() {
                Fen::ZERO
            } else {
                Fen::parse_yuan(&f.costs).map_err(|e| AppError::invalid("costs", format!("诉讼费用：{e}")))?
            },
            interest_terms: f.interest_terms.clone(),
            non_money: f.non_money.clone(),
        },
        parties: vec![
            PartyInput {
                role: PartyRole::Applicant,
                kind: kind(&f.a_kind, "a_kind")?,
                name: f.a_name.clone(),
                id_number: opt(&f.a_id),
                phone: opt(&f.a_phone),
                address: None,
                region_code: None,
                agent: opt(&f.a_agent),
            },
            PartyInput {
                role: PartyRole::Debtor,
                kind: kind(&f.d_kind, "d_kind")?,
                name: f.d_name.clone(),
                id_number: opt(&f.d_id),
                phone: opt(&f.d_phone),
                address: opt(&f.d_address),
                region_code: opt(&f.d_region),
                agent: None,
            },
        ],
        team_id: None,
        handler_id: None,
        summary: String::new(),
    })
}

/// Chinese names for the form's fields, for error messages.
fn field_label(field: &str) -> &str {
    match field {
        "parties[0].name" => "申请执行人姓名/名称",
        "parties[0].id_number" => "申请执行人证件号码",
        "parties[0].phone" => "申请执行人电话",
        "parties[1].name" => "被执行人姓名/名称",
        "parties[1].id_number" => "被执行人证件号码",
        "parties[1].phone" => "被执行人电话",
        other => other,
    }
}

async fn new_case_submit(State(s): State<AppState>, f: CsrfForm<NewCaseForm>) -> Response {
    let result = match form_to_command(&f.form) {
        Ok(cmd) => s.app.file_case(&f.user.actor, cmd).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(row) => Redirect::to(&format!("/cases/{}", row.id)).into_response(),
        Err(e) => {
            let msg = match &e {
                AppError::Invalid { field: Some(field), message } => format!("{}：{message}", field_label(field)),
                other => other.to_string(),
            };
            new_case_render(&f.user, f.form, Some(msg), status_of(&e))
        }
    }
}

// ---------- board ----------

pub async fn board_data(s: &AppState, actor: &Actor) -> Result<BoardDto, AppError> {
    let b = s.app.board(actor).await?;
    Ok(BoardDto {
        stages: DEFAULT_STAGES
            .iter()
            .map(|d| StageCountDto {
                stage: d.key.into(),
                label: d.label.into(),
                count: b.by_stage.iter().find(|(k, _)| k == d.key).map_or(0, |(_, n)| *n),
            })
            .collect(),
        overdue: b.overdue,
        due_soon: b.due_soon,
    })
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    nav: Option<Nav>,
    today: String,
    open: i64,
    overdue: i64,
    due_soon: i64,
    stages: Vec<(String, String, i64, i64)>,
}

async fn board_page(State(s): State<AppState>, PageUser(u): PageUser) -> Response {
    let b = match board_data(&s, &u.actor).await {
        Ok(b) => b,
        Err(e) => return app_error_page(&e),
    };
    let max = b.stages.iter().map(|x| x.count).max().unwrap_or(1).max(1);
    let open = b.stages.iter().filter(|x| x.stage != "closed" && x.stage != "archived").map(|x| x.count).sum();
    render(&BoardPage {
        nav: nav(&u, "/board"),
        today: s.app.today().to_string(),
        open,
        overdue: b.overdue,
        due_soon: b.due_soon,
        stages: b.stages.iter().map(|x| (x.stage.clone(), x.label.clone(), x.count, x.count * 100 / max)).collect(),
    })
}

// ---------- users ----------

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Option<Nav>,
    csrf: String,
    users: Vec<(String, String, &'static str, String)>,
    roles: Vec<(&'static str, &'static str)>,
    teams: Vec<String>,
    error: Option<String>,
    message: Option<String>,
}

async fn render_users(
    s: &AppState,
    u: &SessionUser,
    error: Option<String>,
    message: Option<String>,
    status: StatusCode,
) -> Response {
    let users = match s.app.list_users(&u.actor).await {
        Ok(x) => x,
        Err(e) => return app_error_page(&e),
    };
    let teams = s.app.teams_of(u.actor.court_id).await.unwrap_or_default();
    let team_name =
        |id: Option<i64>| id.and_then(|i| teams.iter().find(|t| t.id == i)).map(|t| t.name.clone()).unwrap_or_default();
    let mut r = render(&UsersPage {
        nav: nav(u, "/admin/users"),
        csrf: u.csrf_token.clone(),
        users: users
            .iter()
            .map(|x| (x.username.clone(), x.display_name.clone(), x.role.label_zh(), team_name(x.team_id)))
            .collect(),
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label_zh())).collect(),
        teams: teams.iter().map(|t| t.name.clone()).collect(),
        error,
        message,
    });
    *r.status_mut() = status;
    r
}

async fn users_page(State(s): State<AppState>, PageUser(u): PageUser) -> Response {
    render_users(&s, &u, None, None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UserForm {
    username: String,
    display_name: String,
    role: String,
    team: String,
    password: String,
}

async fn users_submit(State(s): State<AppState>, f: CsrfForm<UserForm>) -> Response {
    if let Err(e) = f.user.actor.require(Action::ManageUsers) {
        return app_error_page(&e);
    }
    let Some(role) = Role::parse(&f.form.role) else {
        return render_users(&s, &f.user, Some("角色无效".into()), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let court = match s.app.court(f.user.actor.court_id).await {
        Ok(c) => c,
        Err(e) => return app_error_page(&e),
    };
    let input = zhixing_app::admin::UserInput {
        court_code: court.code,
        team: Some(f.form.team.clone()),
        username: f.form.username.clone(),
        display_name: f.form.display_name.clone(),
        role,
        password: f.form.password.clone(),
        phone: None,
        allow_weak_password: false,
    };
    match s.app.add_user(Some(&f.user.actor), input).await {
        Ok(user) => {
            render_users(&s, &f.user, None, Some(format!("已添加账号 {}", user.username)), StatusCode::OK).await
        }
        Err(e) => render_users(&s, &f.user, Some(e.to_string()), None, status_of(&e)).await,
    }
}

// ---------- audit ----------

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Option<Nav>,
    csrf: String,
    ok: bool,
    rows: Vec<(String, String, u64, usize, String, String)>,
    message: Option<String>,
}

async fn render_audit(s: &AppState, u: &SessionUser, message: Option<String>) -> Response {
    if let Err(e) = u.actor.require(Action::Audit) {
        return app_error_page(&e);
    }
    let report = match s.app.verify_for(&u.actor).await {
        Ok(r) => r,
        Err(e) => return app_error_page(&e),
    };
    render(&AuditPage {
        nav: nav(u, "/audit"),
        csrf: u.csrf_token.clone(),
        ok: report.ok,
        rows: report
            .courts
            .iter()
            .map(|c| {
                (
                    c.court_code.clone(),
                    c.suite.clone(),
                    c.events,
                    c.checkpoints,
                    c.head_hash.chars().take(16).collect(),
                    c.broken.as_ref().map_or_else(|| "通过".to_string(), |b| b.to_string()),
                )
            })
            .collect(),
        message,
    })
}

async fn audit_page(State(s): State<AppState>, PageUser(u): PageUser) -> Response {
    render_audit(&s, &u, None).await
}

async fn audit_checkpoint_submit(State(s): State<AppState>, f: CsrfForm<Empty>) -> Response {
    if let Err(e) = f.user.actor.require(Action::Audit) {
        return app_error_page(&e);
    }
    let msg = match s.app.sign_checkpoint(f.user.actor.court_id, true).await {
        Ok(Some(cp)) => format!("已签署检查点：高度 {}，密钥 {}", cp.height, cp.key_id),
        Ok(None) => "无需签署".into(),
        Err(e) => return app_error_page(&e),
    };
    render_audit(&s, &f.user, Some(msg)).await
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/app.css"),
    )
        .into_response()
}
