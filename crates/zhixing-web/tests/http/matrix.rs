//! Route × role matrix: every route of the router, called by every account
//! and by an anonymous visitor, against an explicit table of expectations.
//!
//! The table is written out by hand from the access policy (it does not
//! call `access::permits`), so a change of the policy or of a route's
//! enforcement shows up here as a failure.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::world::{ACCOUNT_KEYS, Account, Auth, PASSWORD, Resp, Session, World};

/// What an account should get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum E {
    /// Allowed: one of the row's `ok` statuses.
    A,
    /// Denied: 403 with code `forbidden` (API); a 403 or 404 page (pages).
    D,
    /// The case is outside the account's scope: 404 (code `not_found` on the API).
    N,
    /// Neither the action nor the case is the account's: 403 or 404.
    X,
}

/// What an anonymous visitor should get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anon {
    /// 401 JSON with code `unauthenticated`.
    U,
    /// 303/302 to `/login?next=<the path>`.
    L,
    /// Public: one of the row's `ok` statuses.
    P,
}

#[derive(Clone, Copy, Debug)]
enum Payload {
    Empty,
    Json(&'static str),
    /// URL-encoded fields; `_csrf` is added for the session's token.
    Form(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Special {
    None,
    /// The call ends the session: use a fresh one for it.
    FreshSession,
    /// The login form: fetch the login CSRF cookie first (double submit).
    LoginForm,
}

struct Row {
    method: &'static str,
    /// `{A}`, `{B}`: ids of cases A and B; `{P}`: the applicant party of case A;
    /// `{T}`: a stage key that is no stage of the profile.
    path: &'static str,
    body: Payload,
    /// Statuses that mean "allowed" for this row.
    ok: &'static [u16],
    anon: Anon,
    /// In the order of `ACCOUNT_KEYS`.
    roles: [E; 14],
    special: Special,
}

fn r(method: &'static str, path: &'static str, body: Payload, ok: &'static [u16], anon: Anon, roles: [E; 14]) -> Row {
    Row { method, path, body, ok, anon, roles, special: Special::None }
}

impl Row {
    fn fresh(mut self) -> Row {
        self.special = Special::FreshSession;
        self
    }
    fn login_form(mut self) -> Row {
        self.special = Special::LoginForm;
        self
    }
}

const FILING: &str = r#"{"title_type":"民事判决书","title_doc_no":"（2024）苏0205民初77号","title_issuer":"无锡市锡山区人民法院",
"title_effective_on":"2024-12-01","cause":"买卖合同纠纷","claim":"8000.00","parties":[
{"role":"applicant","kind":"person","name":"王申请{ROLE}","id_number":"11010519491231002X","phone":"13812345678"},
{"role":"debtor","kind":"organization","name":"无锡某某商贸有限公司{ROLE}","id_number":"91350100M000100Y43"}]}"#;

const FILING_FORM: &str = "case_type=%E6%89%A7&title_type=%E6%B0%91%E4%BA%8B%E5%88%A4%E5%86%B3%E4%B9%A6\
&title_doc_no=DOC-{ROLE}&title_issuer=%E6%97%A0%E9%94%A1%E5%B8%82%E9%94%A1%E5%B1%B1%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%B3%95%E9%99%A2\
&title_effective_on=2024-12-01&cause=%E6%B0%91%E9%97%B4%E5%80%9F%E8%B4%B7%E7%BA%A0%E7%BA%B7&claim=1000.50\
&a_kind=person&a_name=applicant-{ROLE}&a_id=11010519491231002X&a_phone=13812345678\
&d_kind=organization&d_name=debtor-{ROLE}&d_id=91350100M000100Y43&d_phone=&d_address=";

const NEW_USER: &str = r#"{"username":"api_{ROLE}","display_name":"新同事","role":"judge","password":"Test-Password-1","team":"执行一团队"}"#;
const NEW_USER_FORM: &str = "username=pg_{ROLE}&display_name=%E6%96%B0%E5%90%8C%E4%BA%8B&role=judge\
&team=%E6%89%A7%E8%A1%8C%E4%B8%80%E5%9B%A2%E9%98%9F&password=Test-Password-1";

/// The table. Columns (see `ACCOUNT_KEYS`): admin, director, command_center,
/// judge, assistant, clerk, bailiff, funds_clerk, archive_clerk, grid_worker,
/// lawyer, applicant, judge2 (judge of 执行二团队), director02 (director of 苏02).
///
/// Case A is in 执行一团队 and linked to the lawyer and the applicant; case B
/// is in 执行二团队. Mutations of case A send a stale `version`: 409 proves the
/// request got past authorization without changing the case for later rows.
#[rustfmt::skip]
fn table() -> Vec<Row> {
    use Anon::{L, P, U};
    use Payload::{Empty, Form, Json};
    use E::{A, D, N, X};
    const ALL: [E; 14] = [A; 14];
    //                                   adm dir cc jdg ast clk bai fnd arc grd law app jd2 d02
    const VIEW_A: [E; 14] =             [X,  A,  A,  A,  A,  A,  A,  A,  A,  X,  A,  A,  N,  A];
    const VIEW_B: [E; 14] =             [X,  A,  A,  N,  N,  N,  N,  A,  A,  X,  N,  N,  A,  A];
    const LIST: [E; 14] =               [D,  A,  A,  A,  A,  A,  A,  A,  A,  D,  A,  A,  A,  A];
    const FILE: [E; 14] =               [D,  A,  A,  D,  D,  A,  D,  D,  D,  D,  D,  D,  D,  A];
    const EDIT_A: [E; 14] =             [X,  A,  A,  A,  A,  A,  D,  D,  D,  X,  D,  D,  N,  A];
    const REVEAL_A: [E; 14] =           [X,  A,  A,  A,  A,  A,  A,  A,  D,  X,  D,  D,  N,  A];
    const USERS: [E; 14] =              [A,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D];
    const AUDIT: [E; 14] =              [A,  A,  A,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  A];
    const BOARD: [E; 14] =              [D,  A,  A,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  A];
    // Node control (节点管控).
    const RECORD_A: [E; 14] =           [X,  A,  A,  A,  A,  A,  A,  D,  D,  X,  D,  D,  N,  A];
    const CERTIFY_A: [E; 14] =          [X,  D,  A,  D,  D,  D,  D,  D,  D,  X,  D,  D,  D,  D];
    const OVERRIDE_A: [E; 14] =         [X,  A,  A,  D,  D,  D,  D,  D,  D,  X,  D,  D,  D,  A];
    const PAUSE_A: [E; 14] =            [X,  A,  A,  A,  D,  D,  D,  D,  D,  X,  D,  D,  N,  A];
    const TRIAGE: [E; 14] =             [D,  D,  A,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D,  D];
    const BATCH: [E; 14] =              [D,  D,  A,  D,  D,  A,  D,  D,  D,  D,  D,  D,  D,  D];
    vec![
        // Public.
        r("GET",    "/healthz",                               Empty, &[200], P, ALL),
        r("GET",    "/readyz",                                Empty, &[200], P, ALL),
        r("GET",    "/api/v1/openapi.json",                   Empty, &[200], P, ALL),
        r("GET",    "/static/app.css",                        Empty, &[200], P, ALL),
        r("GET",    "/login",                                 Empty, &[200], P, ALL),
        r("POST",   "/login",                                 Form("username={USER}&password={PASS}&next=/cases"), &[303], P, ALL).login_form(),
        r("POST",   "/api/v1/session",                        Json(r#"{"username":"{USER}","password":"{PASS}"}"#), &[200], P, ALL),
        // Session.
        r("DELETE", "/api/v1/session",                        Empty, &[204], U, ALL).fresh(),
        r("GET",    "/api/v1/me",                             Empty, &[200], U, ALL),
        r("GET",    "/",                                      Empty, &[303], L, ALL),
        r("POST",   "/logout",                                Form(""), &[303], L, ALL).fresh(),
        // Viewing cases.
        r("GET",    "/api/v1/cases",                          Empty, &[200], U, LIST),
        r("GET",    "/cases",                                 Empty, &[200], L, LIST),
        r("GET",    "/api/v1/cases/{A}",                      Empty, &[200], U, VIEW_A),
        r("GET",    "/cases/{A}",                             Empty, &[200], L, VIEW_A),
        r("GET",    "/api/v1/cases/{A}/events",               Empty, &[200], U, VIEW_A),
        r("GET",    "/api/v1/cases/{B}",                      Empty, &[200], U, VIEW_B),
        r("GET",    "/cases/{B}",                             Empty, &[200], L, VIEW_B),
        r("GET",    "/api/v1/cases/{B}/events",               Empty, &[200], U, VIEW_B),
        // Filing.
        r("POST",   "/api/v1/cases",                          Json(FILING), &[201], U, FILE),
        r("GET",    "/cases/new",                             Empty, &[200], L, FILE),
        r("POST",   "/cases/new",                             Form(FILING_FORM), &[303], L, FILE),
        // Editing (stale version → 409 when authorized).
        r("PATCH",  "/api/v1/cases/{A}",                      Json(r#"{"version":-1,"summary":"越权测试"}"#), &[409], U, EDIT_A),
        r("POST",   "/api/v1/cases/{A}/stage",                Json(r#"{"version":-1,"stage":"search"}"#), &[409], U, EDIT_A),
        r("POST",   "/api/v1/cases/{A}/close",                Json(r#"{"version":-1,"closure":"withdrawn"}"#), &[409], U, EDIT_A),
        r("POST",   "/cases/{A}/stage",                       Form("version=-1&stage=search"), &[409], L, EDIT_A),
        // Personal data.
        r("POST",   "/api/v1/cases/{A}/parties/{P}/reveal",   Empty, &[200], U, REVEAL_A),
        r("POST",   "/cases/{A}/parties/{P}/reveal",          Form(""), &[200], L, REVEAL_A),
        // Accounts.
        r("GET",    "/api/v1/users",                          Empty, &[200], U, USERS),
        r("POST",   "/api/v1/users",                          Json(NEW_USER), &[201], U, USERS),
        r("GET",    "/admin/users",                           Empty, &[200], L, USERS),
        r("POST",   "/admin/users",                           Form(NEW_USER_FORM), &[200], L, USERS),
        // Audit.
        r("GET",    "/api/v1/audit/verify",                   Empty, &[200], U, AUDIT),
        r("POST",   "/api/v1/audit/checkpoints",              Empty, &[201], U, AUDIT),
        r("GET",    "/audit",                                 Empty, &[200], L, AUDIT),
        r("POST",   "/audit/checkpoint",                      Form(""), &[200], L, AUDIT),
        // Command center.
        r("GET",    "/api/v1/board",                          Empty, &[200], U, BOARD),
        r("GET",    "/board",                                 Empty, &[200], L, BOARD),
        // Node control (节点管控). Case A is at 立案 with its gate shut: every
        // authorized call is refused after authorization ({T} is no stage,
        // versions are stale, the action and pause kinds are unknown), so
        // nothing changes.
        r("GET",    "/api/v1/cases/{A}/lifecycle",            Empty, &[200], U, VIEW_A),
        r("GET",    "/api/v1/cases/{B}/lifecycle",            Empty, &[200], U, VIEW_B),
        r("POST",   "/api/v1/cases/{A}/actions",              Json(r#"{"action":"no_such_action","note":""}"#), &[422], U, RECORD_A),
        r("POST",   "/api/v1/cases/{A}/gates/{T}/certify",    Json(r#"{"note":""}"#), &[409], U, CERTIFY_A),
        r("POST",   "/api/v1/cases/{A}/gates/{T}/override",   Json(r#"{"version":-1,"reason":"矩阵测试：越过节点的理由足够长"}"#), &[409], U, OVERRIDE_A),
        r("POST",   "/api/v1/cases/{A}/triage",               Json(r#"{"version":-1,"track":"fast","reason":""}"#), &[409], U, CERTIFY_A),
        r("POST",   "/api/v1/cases/{A}/pauses",               Json(r#"{"kind":"no_such_kind","reason":"矩阵测试"}"#), &[422], U, PAUSE_A),
        r("POST",   "/api/v1/cases/{A}/pauses/end",           Empty, &[409], U, PAUSE_A),
        r("GET",    "/api/v1/cases/{A}/closing-checklist?closure=withdrawn", Empty, &[200], U, VIEW_A),
        r("POST",   "/api/v1/cases/{A}/resume",               Json(r#"{"reason":"矩阵测试恢复执行"}"#), &[409], U, FILE),
        r("GET",    "/api/v1/deadlines",                      Empty, &[200], U, LIST),
        r("POST",   "/api/v1/deadlines/sweep",                Empty, &[200], U, BOARD),
        r("GET",    "/api/v1/warnings",                       Empty, &[200], U, ALL),
        r("POST",   "/api/v1/triage/what-if",                 Json("{}"), &[200], U, TRIAGE),
        r("POST",   "/cases/{A}/actions",                     Form("action=no_such_action"), &[422], L, RECORD_A),
        r("POST",   "/cases/{A}/gates/{T}/certify",           Form("note="), &[409], L, CERTIFY_A),
        r("POST",   "/cases/{A}/gates/{T}/override",          Form("version=-1&reason=matrix-test-override-reason"), &[409], L, OVERRIDE_A),
        r("POST",   "/cases/{A}/triage",                      Form("version=-1&track=fast"), &[409], L, CERTIFY_A),
        r("POST",   "/cases/{A}/pauses",                      Form("kind=no_such_kind&reason=matrix"), &[422], L, PAUSE_A),
        r("POST",   "/cases/{A}/pauses/end",                  Form(""), &[409], L, PAUSE_A),
        r("POST",   "/cases/{A}/close",                       Form("version=-1&closure=withdrawn"), &[409], L, EDIT_A),
        r("POST",   "/cases/{A}/resume",                      Form("reason=matrix-resume"), &[409], L, FILE),
        r("GET",    "/deadlines",                             Empty, &[200], L, LIST),
        r("POST",   "/deadlines/sweep",                       Form(""), &[200], L, BOARD),
        r("GET",    "/warnings",                              Empty, &[200], L, ALL),
        r("GET",    "/triage/what-if",                        Empty, &[200], L, TRIAGE),
        r("POST",   "/triage/what-if",                        Form("rules="), &[200], L, TRIAGE),
        // Batch filing: an empty upload proves the request got past authorization.
        r("POST",   "/api/v1/cases/batch",                    Empty, &[422], U, BATCH),
        r("GET",    "/api/v1/cases/batch",                    Empty, &[200], U, BATCH),
        r("GET",    "/api/v1/cases/batch/template",           Empty, &[200], U, ALL),
        r("GET",    "/api/v1/cases/batch/{N}/errors.xlsx",    Empty, &[404], U, BATCH),
        r("GET",    "/cases/batch",                           Empty, &[200], L, BATCH),
        r("POST",   "/cases/batch",                           Form(""), &[400], L, BATCH),
    ]
}

/// Which of the fixture cases each account's case list contains (A, B).
#[rustfmt::skip]
const LIST_CONTENTS: [(&str, bool, bool); 12] = [
    ("director",       true,  true),
    ("command_center", true,  true),
    ("judge",          true,  false),
    ("assistant",      true,  false),
    ("clerk",          true,  false),
    ("bailiff",        true,  false),
    ("funds_clerk",    true,  true),
    ("archive_clerk",  true,  true),
    ("lawyer",         true,  false),
    ("applicant",      true,  false),
    ("judge2",         false, true),
    ("director02",     true,  true),
];

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn fill(s: &str, w: &World, who: Option<&Account>) -> String {
    let (key, user) = match who {
        Some(a) => (a.key, a.username.as_str()),
        None => ("anon", "u_judge"),
    };
    s.replace("{A}", &w.case_a.id.to_string())
        .replace("{T}", "nowhere")
        .replace("{N}", "987654321")
        .replace("{B}", &w.case_b.id.to_string())
        .replace("{P}", &w.party_a.to_string())
        .replace("{ROLE}", key)
        .replace("{USER}", user)
        .replace("{PASS}", PASSWORD)
}

async fn run_cell(w: &World, row: &Row, who: Option<&Account>) -> Resp {
    let session: Option<Session> = match who {
        Some(a) if row.special == Special::FreshSession => Some(w.fresh_session(a.key).await),
        Some(a) => Some(a.session.clone()),
        None => None,
    };
    let path = fill(row.path, w, who);
    let mut b = Request::builder().method(Method::from_bytes(row.method.as_bytes()).unwrap()).uri(&path);
    let mut cookies: Vec<String> = vec![];
    if let Some(s) = &session {
        if is_api(row.path) {
            b = b.header(header::AUTHORIZATION, format!("Bearer {}", s.token));
        } else {
            cookies.push(format!("zx_session={}", s.token));
        }
    }
    let body = match row.body {
        Payload::Empty => Body::empty(),
        Payload::Json(j) => {
            b = b.header(header::CONTENT_TYPE, "application/json");
            Body::from(fill(j, w, who))
        }
        Payload::Form(f) => {
            b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            let mut text = fill(f, w, who);
            let csrf = if row.special == Special::LoginForm {
                let page = w.get("/login", Auth::None).await;
                let token = page.cookie_value("zx_login_csrf").expect("login page sets its CSRF cookie");
                cookies.push(format!("zx_login_csrf={token}"));
                Some(token)
            } else {
                session.as_ref().map(|s| s.csrf.clone())
            };
            if let Some(c) = csrf {
                if !text.is_empty() {
                    text.push('&');
                }
                text.push_str(&format!("_csrf={c}"));
            }
            Body::from(text)
        }
    };
    if !cookies.is_empty() {
        b = b.header(header::COOKIE, cookies.join("; "));
    }
    w.send(b.body(body).unwrap()).await
}

fn describe(r: &Resp) -> String {
    let mut s = r.status.as_u16().to_string();
    if let Some(code) = r.code() {
        s.push_str(&format!(" code={code}"));
    }
    if let Some(loc) = r.header("location") {
        s.push_str(&format!(" → {loc}"));
    }
    s
}

/// Whether the response is a redirect to the login page carrying `next`.
fn is_login_redirect(r: &Resp, path: &str) -> bool {
    if r.status != StatusCode::SEE_OTHER && r.status != StatusCode::FOUND {
        return false;
    }
    let Some(loc) = r.header("location") else { return false };
    let Some(query) = loc.strip_prefix("/login?") else { return false };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.iter().any(|(k, v)| k == "next" && v == path)
}

fn check_role(row: &Row, exp: E, r: &Resp) -> bool {
    let s = r.status.as_u16();
    let api = is_api(row.path);
    match exp {
        E::A => row.ok.contains(&s),
        E::D if api => s == 403 && r.code().as_deref() == Some("forbidden"),
        E::D => s == 403 || s == 404,
        E::N if api => s == 404 && r.code().as_deref() == Some("not_found"),
        E::N => s == 404,
        E::X => s == 403 || s == 404,
    }
}

fn check_anon(row: &Row, exp: Anon, r: &Resp, path: &str) -> bool {
    match exp {
        Anon::U => r.status == StatusCode::UNAUTHORIZED && r.code().as_deref() == Some("unauthenticated"),
        Anon::L => is_login_redirect(r, path),
        Anon::P => row.ok.contains(&r.status.as_u16()),
    }
}

fn expected_text(row: &Row, exp: Option<E>, anon: Anon) -> String {
    let ok = row.ok.iter().map(u16::to_string).collect::<Vec<_>>().join("/");
    let api = is_api(row.path);
    match exp {
        Some(E::A) => format!("allowed ({ok})"),
        Some(E::D) if api => "denied (403 forbidden)".into(),
        Some(E::D) => "denied (403/404 page)".into(),
        Some(E::N) => "not found (404)".into(),
        Some(E::X) => "denied or hidden (403/404)".into(),
        None => match anon {
            Anon::U => "401 unauthenticated".into(),
            Anon::L => "redirect to /login?next=…".into(),
            Anon::P => format!("public ({ok})"),
        },
    }
}

/// Every (method, route pattern) the router declares, read from the sources.
fn declared_routes() -> Vec<(String, String)> {
    let mut out = vec![];
    // Every source file of the crate: a new module's routes cannot slip past.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let sources: Vec<(String, String)> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for (name, src) in &sources {
        // api*.rs routers are nested under /api/v1 (see lib.rs).
        let prefix = if name.starts_with("api") { "/api/v1" } else { "" };
        let src = src.as_str();
        let mut rest = src;
        while let Some(i) = rest.find(".route(\"") {
            rest = &rest[i + ".route(\"".len()..];
            let end = rest.find('"').unwrap();
            let path = &rest[..end];
            // The handlers: up to the closing parenthesis of `.route(`.
            let mut depth = 1;
            let mut close = end;
            for (j, c) in rest.char_indices().skip(end) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let handlers = &rest[end..close];
            for m in ["get", "post", "patch", "put", "delete"] {
                let needle = format!("{m}(");
                let mut h = handlers;
                while let Some(k) = h.find(&needle) {
                    let before = h[..k].chars().last();
                    if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        out.push((m.to_uppercase(), format!("{prefix}{path}")));
                    }
                    h = &h[k + needle.len()..];
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn pattern_of(path: &str) -> String {
    let p = path.split('?').next().unwrap_or(path);
    p.replace("{A}", "{id}")
        .replace("{B}", "{id}")
        .replace("{P}", "{party_id}")
        .replace("{T}", "{to}")
        .replace("{N}", "{id}")
}

#[test]
fn the_table_lists_every_route() {
    let declared = declared_routes();
    assert!(declared.len() >= 30, "route parsing found too few routes: {declared:?}");
    let table: Vec<(String, String)> = table().iter().map(|r| (r.method.to_string(), pattern_of(r.path))).collect();
    let missing: Vec<_> = declared.iter().filter(|d| !table.contains(d)).collect();
    let unknown: Vec<_> = table.iter().filter(|t| !declared.contains(t)).collect();
    assert!(missing.is_empty(), "routes missing from the matrix table: {missing:?}");
    assert!(unknown.is_empty(), "table rows for routes the router does not declare: {unknown:?}");
}

#[tokio::test]
async fn route_role_matrix() {
    let w = World::new().await;
    // Sanity: each session is the account it claims to be.
    for key in ACCOUNT_KEYS {
        let a = w.account(key);
        let me = w.get("/api/v1/me", Auth::Bearer(&a.session)).await.json();
        assert_eq!(me["username"], a.username.as_str());
        assert_eq!(me["role"], a.role.as_str());
        assert_eq!(me["id"], a.user_id);
        let (court, team) = match key {
            "director02" => (w.court02_id, None),
            "judge2" => (w.court_id, Some(w.team2_id)),
            _ => (w.court_id, a.role.is_team_member().then_some(w.team1_id)),
        };
        assert_eq!(me["court_id"], court, "{key}");
        assert_eq!(me["team_id"].as_i64(), team, "{key}");
    }

    let mut failures: Vec<(String, String, String, String)> = vec![];
    let mut cells = 0;
    for row in table() {
        let route = format!("{} {}", row.method, row.path);
        for (i, key) in ACCOUNT_KEYS.iter().enumerate() {
            let who = w.account(key);
            let exp = row.roles[i];
            let resp = run_cell(&w, &row, Some(who)).await;
            cells += 1;
            if !check_role(&row, exp, &resp) {
                failures.push((
                    route.clone(),
                    key.to_string(),
                    expected_text(&row, Some(exp), row.anon),
                    describe(&resp),
                ));
            }
            // Error bodies of the API are uniform.
            if is_api(row.path)
                && resp.status.as_u16() >= 400
                && let Some(p) = crate::world::error_body_problem(&resp)
            {
                failures.push((route.clone(), key.to_string(), "uniform error body".into(), p));
            }
        }
        let resp = run_cell(&w, &row, None).await;
        cells += 1;
        let path = fill(row.path, &w, None);
        if !check_anon(&row, row.anon, &resp, &path) {
            failures.push((route.clone(), "anonymous".into(), expected_text(&row, None, row.anon), describe(&resp)));
        }
    }

    // The list holds exactly the cases of the account's scope.
    for (key, has_a, has_b) in LIST_CONTENTS {
        let r = w.get("/api/v1/cases?per_page=200", Auth::Bearer(&w.account(key).session)).await;
        let ids: Vec<i64> = if r.status == StatusCode::OK {
            r.json()["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
        } else {
            vec![]
        };
        let got = (ids.contains(&w.case_a.id), ids.contains(&w.case_b.id));
        if got != (has_a, has_b) {
            failures.push((
                "GET /api/v1/cases (contents)".into(),
                key.to_string(),
                format!("A:{has_a} B:{has_b}"),
                format!("A:{} B:{} ({})", got.0, got.1, r.status),
            ));
        }
    }
    // Nothing in the matrix changed the cases (stale versions only).
    let a = w.app.store.case(w.case_a.id).await.unwrap();
    assert_eq!((a.version, a.stage.as_str(), a.status.as_str()), (w.case_a.version, "filing", "open"));

    if !failures.is_empty() {
        let widths = failures.iter().fold([5, 4, 8], |m, f| {
            [m[0].max(f.0.chars().count()), m[1].max(f.1.chars().count()), m[2].max(f.2.chars().count())]
        });
        let mut out = format!(
            "\n{:<w0$}  {:<w1$}  {:<w2$}  got\n",
            "route",
            "role",
            "expected",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        for f in &failures {
            out.push_str(&format!(
                "{:<w0$}  {:<w1$}  {:<w2$}  {}\n",
                f.0,
                f.1,
                f.2,
                f.3,
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            ));
        }
        panic!("{} of {cells} matrix cells failed:{out}", failures.len());
    }
}
