//! The test world: two courts, two teams, one account of every role, two
//! cases, and helpers to send requests through the in-process router.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{TimeZone, Utc};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;
use zhixing_app::types::CaseRow;
use zhixing_app::{App, ManualClock, Settings, Store};
use zhixing_crypto::Suite;
use zhixing_domain::case::PartyRole;
use zhixing_domain::role::{CourtLevel, Role};
use zhixing_web::AppState;

pub const PASSWORD: &str = "Test-Password-1";
/// The applicant of every fixture case (a valid resident ID with its checksum).
pub const APPLICANT_ID: &str = "11010519491231002X";
pub const APPLICANT_PHONE: &str = "13812345678";

pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> TempDir {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let p = std::env::temp_dir().join(format!(
        "zhixing-web-test-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    TempDir(p)
}

/// A logged-in account.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub csrf: String,
}

/// An account of the fixture.
#[derive(Clone, Debug)]
pub struct Account {
    /// Key of the account in the world: a role name, or `judge2` / `director02`.
    pub key: &'static str,
    pub username: String,
    pub display_name: String,
    pub user_id: i64,
    pub role: Role,
    pub session: Session,
}

/// The accounts, in the column order of the matrix: one of every role in
/// 苏0205 (team members in 执行一团队), a second judge in 执行二团队 and a
/// director of the intermediate court 苏02.
pub const ACCOUNT_KEYS: [&str; 14] = [
    "admin",
    "director",
    "command_center",
    "judge",
    "assistant",
    "clerk",
    "bailiff",
    "funds_clerk",
    "archive_clerk",
    "grid_worker",
    "lawyer",
    "applicant",
    "judge2",
    "director02",
];

pub struct World {
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub router: Router,
    pub court_id: i64,
    pub court02_id: i64,
    pub team1_id: i64,
    pub team2_id: i64,
    pub accounts: BTreeMap<&'static str, Account>,
    /// In 执行一团队, linked to the applicant and lawyer accounts.
    pub case_a: CaseRow,
    /// In 执行二团队.
    pub case_b: CaseRow,
    /// The applicant party of case A.
    pub party_a: i64,
    _db: TempDir,
    _keys: TempDir,
}

/// A valid body for `POST /api/v1/cases`.
pub fn filing_json(n: u32) -> Value {
    json!({
        "title_type": "民事判决书",
        "title_doc_no": format!("（2024）苏0205民初{n}号"),
        "title_issuer": "无锡市锡山区人民法院",
        "title_effective_on": "2024-12-01",
        "cause": "买卖合同纠纷",
        "claim": "50000.00",
        "parties": [
            {"role": "applicant", "kind": "person", "name": format!("李申请{n}"),
             "id_number": APPLICANT_ID, "phone": APPLICANT_PHONE},
            {"role": "debtor", "kind": "organization", "name": format!("无锡某某贸易有限公司{n}"),
             "id_number": "91350100M000100Y43"}
        ]
    })
}

impl World {
    pub async fn new() -> World {
        Self::with_settings(Settings::default()).await
    }

    pub async fn with_settings(settings: Settings) -> World {
        let db = temp_dir("db");
        let keys = temp_dir("keys");
        let store = Store::connect(&format!("sqlite:{}", db.0.join("t.db").display())).await.unwrap();
        store.migrate().await.unwrap();
        // Monday 2025-03-03 09:00 China time.
        let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2025, 3, 3, 1, 0, 0).unwrap()));
        let app = App::new(store, clock.clone(), keys.0.clone(), settings);
        let court02 = app
            .create_court("苏02", "无锡市中级人民法院", CourtLevel::Intermediate, None, Suite::Ed25519Sha256)
            .await
            .unwrap();
        let court = app
            .create_court("苏0205", "无锡市锡山区人民法院", CourtLevel::Basic, Some("苏02"), Suite::Sm2Sm3)
            .await
            .unwrap();
        let team1 = app.create_team(None, court.id, "执行一团队").await.unwrap();
        let team2 = app.create_team(None, court.id, "执行二团队").await.unwrap();

        let mut users = BTreeMap::new();
        for key in ACCOUNT_KEYS {
            let (role, court_code, team) = match key {
                "judge2" => (Role::Judge, "苏0205", Some("执行二团队")),
                "director02" => (Role::Director, "苏02", None),
                other => {
                    let role = Role::parse(other).unwrap();
                    (role, "苏0205", role.is_team_member().then_some("执行一团队"))
                }
            };
            let u = app
                .add_user(
                    None,
                    zhixing_app::admin::UserInput {
                        court_code: court_code.into(),
                        team: team.map(str::to_string),
                        username: format!("u_{key}"),
                        display_name: format!("测试{key}"),
                        role,
                        password: PASSWORD.into(),
                        phone: None,
                        allow_weak_password: false,
                    },
                )
                .await
                .unwrap();
            users.insert(key, u);
        }
        // Every role of the domain has an account.
        for role in Role::ALL {
            assert!(users.values().any(|u| u.role == role), "no account for {role:?}");
        }

        let router = zhixing_web::router(AppState::new(app.clone()));
        // Every account logs in through the API.
        let mut accounts = BTreeMap::new();
        for key in ACCOUNT_KEYS {
            let u = &users[key];
            let session = login_via(&router, &u.username, PASSWORD).await;
            let account = Account {
                key,
                username: u.username.clone(),
                display_name: u.display_name.clone(),
                user_id: u.id,
                role: u.role,
                session,
            };
            accounts.insert(key, account);
        }
        // The clerk files case A for 执行一团队 and case B for 执行二团队.
        let clerk = &accounts["clerk"].session;
        let file = async |n: u32, team_id: i64| {
            let mut body = filing_json(n);
            body["team_id"] = json!(team_id);
            let req = Auth::Bearer(clerk)
                .apply(Request::builder().method(Method::POST).uri("/api/v1/cases"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            let r = send_via(&router, req).await;
            assert_eq!(r.status, StatusCode::CREATED, "filing: {}", r.text());
            app.store.case(r.json()["id"].as_i64().unwrap()).await.unwrap()
        };
        let case_a = file(1, team1.id).await;
        let case_b = file(2, team2.id).await;
        app.link_user_to_case(users["applicant"].id, case_a.id).await.unwrap();
        app.link_user_to_case(users["lawyer"].id, case_a.id).await.unwrap();
        let parties = app.store.parties(case_a.id).await.unwrap();
        let party_a = parties.iter().find(|p| p.role == PartyRole::Applicant).unwrap().id;
        World {
            app,
            clock,
            router,
            court_id: court.id,
            court02_id: court02.id,
            team1_id: team1.id,
            team2_id: team2.id,
            accounts,
            case_a,
            case_b,
            party_a,
            _db: db,
            _keys: keys,
        }
    }

    pub fn account(&self, key: &str) -> &Account {
        self.accounts.get(key).unwrap_or_else(|| panic!("no account {key}"))
    }

    pub fn session(&self, key: &str) -> Session {
        self.account(key).session.clone()
    }

    /// Logs in through `POST /api/v1/session`.
    pub async fn login(&self, username: &str, password: &str) -> Session {
        login_via(&self.router, username, password).await
    }

    /// A new session for an account, bypassing HTTP (for routes that end it).
    pub async fn fresh_session(&self, key: &str) -> Session {
        let s = self.app.login(&self.account(key).username, PASSWORD, None).await.unwrap();
        Session { token: s.token, csrf: s.csrf_token }
    }

    pub async fn send(&self, req: Request<Body>) -> Resp {
        send_via(&self.router, req).await
    }

    /// A JSON API call.
    pub async fn call(&self, method: Method, path: &str, auth: Auth<'_>, body: Option<Value>) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        b = auth.apply(b);
        let req = match body {
            Some(v) => b.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())).unwrap(),
            None => b.body(Body::empty()).unwrap(),
        };
        self.send(req).await
    }

    pub async fn get(&self, path: &str, auth: Auth<'_>) -> Resp {
        self.call(Method::GET, path, auth, None).await
    }

    /// A page form post with the session cookie and its `_csrf` field.
    pub async fn form(&self, path: &str, s: &Session, fields: &[(&str, &str)]) -> Resp {
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        pairs.push(("_csrf", &s.csrf));
        self.raw_form(path, Auth::Cookie(s), &serde_urlencoded::to_string(&pairs).unwrap()).await
    }

    pub async fn raw_form(&self, path: &str, auth: Auth<'_>, body: &str) -> Resp {
        let b = auth.apply(Request::builder().method(Method::POST).uri(path));
        let req = b
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// Number of cases in a user's list.
    pub async fn case_count(&self, key: &str) -> i64 {
        let r = self.get("/api/v1/cases?per_page=200", Auth::Bearer(&self.session(key))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        r.json()["total"].as_i64().unwrap()
    }
}

pub async fn send_via(router: &Router, req: Request<Body>) -> Resp {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.unwrap().to_bytes().to_vec();
    Resp { status, headers, body }
}

async fn login_via(router: &Router, username: &str, password: &str) -> Session {
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/session")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"username": username, "password": password}).to_string()))
        .unwrap();
    let r = send_via(router, req).await;
    assert_eq!(r.status, StatusCode::OK, "login of {username}: {}", r.text());
    let v = r.json();
    Session { token: v["token"].as_str().unwrap().to_string(), csrf: v["csrf_token"].as_str().unwrap().to_string() }
}

/// How a request authenticates.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Bearer(&'a Session),
    Cookie(&'a Session),
}

impl Auth<'_> {
    pub fn apply(self, b: axum::http::request::Builder) -> axum::http::request::Builder {
        match self {
            Auth::None => b,
            Auth::Bearer(s) => b.header(header::AUTHORIZATION, format!("Bearer {}", s.token)),
            Auth::Cookie(s) => b.header(header::COOKIE, format!("zx_session={}", s.token)),
        }
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn try_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect()
    }
    /// The value of a cookie set by the response.
    pub fn cookie_value(&self, name: &str) -> Option<String> {
        self.set_cookies().into_iter().find_map(|c| {
            let first = c.split(';').next()?;
            let (k, v) = first.split_once('=')?;
            (k.trim() == name).then(|| v.trim().to_string())
        })
    }
    /// The API error code, if the body is an error body.
    pub fn code(&self) -> Option<String> {
        self.try_json().and_then(|v| v.get("code").and_then(Value::as_str).map(str::to_string))
    }
}

/// Whether the text contains a Chinese character.
pub fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Checks the uniform API error body: exactly `code`, `message`, `field`,
/// with a Chinese message. Returns a description of what is wrong.
pub fn error_body_problem(r: &Resp) -> Option<String> {
    let Some(v) = r.try_json() else {
        return Some(format!("{} body is not JSON: {:?}", r.status, r.text()));
    };
    let Some(obj) = v.as_object() else {
        return Some(format!("{} body is not an object: {v}", r.status));
    };
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    if keys != ["code", "field", "message"] {
        return Some(format!("{} body keys are {keys:?}: {v}", r.status));
    }
    if !obj["code"].is_string() || !(obj["field"].is_null() || obj["field"].is_string()) {
        return Some(format!("{} body has wrong types: {v}", r.status));
    }
    if !obj["message"].as_str().is_some_and(has_chinese) {
        return Some(format!("{} message is not Chinese: {v}", r.status));
    }
    None
}
