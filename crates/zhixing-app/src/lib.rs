//! Application services of Zhixing: every command and query, with its
//! authorization, goes through here.
//!
//! A command: authorize the actor → ask the domain for a decision → write the
//! change and its events in one transaction → return. The HTTP layer and the
//! CLI call these functions and nothing below them.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod admin;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod cases;
pub mod clock;
pub mod demo;
pub mod error;
pub mod keys;
pub mod lifecycle;

use std::path::PathBuf;
use std::sync::Arc;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{AppError, AppResult};
pub use zhixing_store::Store;

/// Settings that change behaviour, with court-practice defaults.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Idle session lifetime.
    pub session_idle_minutes: i64,
    /// Absolute session lifetime.
    pub session_max_hours: i64,
    /// Failed logins per account within the window before it is locked.
    pub login_max_failures_per_account: u32,
    /// Failed logins per client address within the window.
    pub login_max_failures_per_addr: u32,
    pub login_window_minutes: i64,
    /// Calendar days before a deadline that count as "due soon".
    pub warn_days: i64,
    /// Whether the session cookie is marked Secure (behind TLS).
    pub secure_cookies: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle_minutes: 30,
            session_max_hours: 12,
            login_max_failures_per_account: 5,
            login_max_failures_per_addr: 20,
            login_window_minutes: 15,
            warn_days: 5,
            secure_cookies: false,
        }
    }
}

/// The application: store, clock, keys, settings. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub keys: keys::KeyRing,
    pub settings: Settings,
    throttle: Arc<auth::Throttle>,
    profiles: lifecycle::Profiles,
}

impl App {
    pub fn new(store: Store, clock: Arc<dyn Clock>, key_dir: PathBuf, settings: Settings) -> App {
        // Court stage profiles live beside the keys: <data-dir>/profiles/<court code>.toml.
        let profiles = lifecycle::Profiles::new(key_dir.parent().map(|d| d.join("profiles")));
        App {
            store,
            clock,
            keys: keys::KeyRing::new(key_dir),
            settings,
            throttle: Arc::new(auth::Throttle::default()),
            profiles,
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// Today in China Standard Time (UTC+8), the courts' calendar day.
    pub fn today(&self) -> chrono::NaiveDate {
        clock::china_date(self.clock.now())
    }
}

/// The Chinese label of an event kind, for timelines (all modules' kinds).
pub fn event_label(kind: &str) -> String {
    lifecycle::kind::label_zh(kind).unwrap_or_else(|| zhixing_domain::event::kind::label_zh(kind)).to_string()
}

/// Plain data types of the storage layer that callers see (rows, filters).
/// Re-exported so the HTTP layer never depends on the storage crate.
pub mod types {
    pub use zhixing_store::accounts::{Court, Team, User};
    pub use zhixing_store::cases::{CaseFilter, CasePage, CaseRow, PartyRow, ScopeFilter};
    pub use zhixing_store::events::{Checkpoint, EventRecord, TimelineEntry};
    pub use zhixing_store::idempotency::StoredResponse;
    pub use zhixing_store::lifecycle::{ActionDone, BatchRow, Certification, DeadlineRow, PauseRow, WarningRow};
}

impl App {
    /// A stored response for an idempotency key of this user.
    pub async fn idempotent_lookup(&self, user_id: i64, key: &str) -> AppResult<Option<types::StoredResponse>> {
        Ok(self.store.idempotent_response(user_id, key).await?)
    }

    pub async fn idempotent_save(&self, user_id: i64, key: &str, resp: &types::StoredResponse) -> AppResult<()> {
        Ok(self.store.save_idempotent_response(user_id, key, resp, self.now_ms()).await?)
    }

    /// Reserves an idempotency key before running the request (insert first,
    /// so two concurrent requests with one key cannot both run).
    pub async fn idempotent_reserve(&self, user_id: i64, key: &str, request_hash: &str) -> AppResult<bool> {
        Ok(self.store.reserve_idempotency_key(user_id, key, request_hash, self.now_ms()).await?)
    }

    pub async fn idempotent_complete(&self, user_id: i64, key: &str, status: u16, body: &str) -> AppResult<()> {
        Ok(self.store.complete_idempotency_key(user_id, key, status, body).await?)
    }

    pub async fn idempotent_release(&self, user_id: i64, key: &str) -> AppResult<()> {
        Ok(self.store.release_idempotency_key(user_id, key).await?)
    }

    /// Command-center figures over the actor's scope: cases per stage,
    /// overdue and due-soon counts.
    pub async fn board(&self, actor: &auth::Actor) -> AppResult<Board> {
        actor.require(zhixing_domain::access::Action::ViewBoard)?;
        let scope = self.scope_filter(actor).await?;
        let courts = match &scope {
            types::ScopeFilter::Courts(ids) => ids.clone(),
            _ => vec![],
        };
        let by_stage = self.store.stage_counts(&courts).await?;
        let today = self.today();
        let mut counts = [0i64; 2];
        for (i, st) in [zhixing_domain::case::DeadlineState::Overdue, zhixing_domain::case::DeadlineState::DueSoon]
            .into_iter()
            .enumerate()
        {
            let f = types::CaseFilter { deadline: Some((st, today, self.settings.warn_days)), ..Default::default() };
            counts[i] = self.store.count_cases(&scope, &f).await?;
        }
        Ok(Board { by_stage, overdue: counts[0], due_soon: counts[1] })
    }

    pub async fn teams_of(&self, court_id: i64) -> AppResult<Vec<types::Team>> {
        Ok(self.store.teams(court_id).await?)
    }

    pub async fn court(&self, court_id: i64) -> AppResult<types::Court> {
        Ok(self.store.court(court_id).await?)
    }

    /// Judges of the court (for the handler filter).
    pub async fn judges_of(&self, court_id: i64) -> AppResult<Vec<types::User>> {
        Ok(self
            .store
            .users_of_court(court_id)
            .await?
            .into_iter()
            .filter(|u| u.role == zhixing_domain::role::Role::Judge)
            .collect())
    }

    /// Readiness: the database answers.
    pub async fn ready(&self) -> AppResult<()> {
        Ok(self.store.ping().await?)
    }
}

/// Command-center figures.
#[derive(Clone, Debug)]
pub struct Board {
    pub by_stage: Vec<(String, i64)>,
    pub overdue: i64,
    pub due_soon: i64,
}
