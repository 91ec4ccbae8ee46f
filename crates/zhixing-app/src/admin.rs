//! Courts, teams and users.

use serde_json::json;
use zhixing_crypto::Suite;
use zhixing_domain::access::Action;
use zhixing_domain::event::kind;
use zhixing_domain::role::{CourtLevel, Role};
use zhixing_store::StoreError;
use zhixing_store::accounts::{self, Court, NewUser, Team, User};
use zhixing_store::events::{self, NewEvent};

use crate::auth::{Actor, check_password_strength, hash_password};
use crate::{App, AppError, AppResult};

/// A new account as entered.
#[derive(Clone, Debug)]
pub struct UserInput {
    pub court_code: String,
    pub team: Option<String>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    pub phone: Option<String>,
    /// Skip the strength rule (demo accounts only).
    pub allow_weak_password: bool,
}

fn system_actor_label(actor: Option<&Actor>) -> (Option<i64>, String) {
    match actor {
        Some(a) => (Some(a.user_id), a.label()),
        None => (None, "system".into()),
    }
}

impl App {
    /// Creates a court with its event chain and signing key.
    pub async fn create_court(
        &self,
        code: &str,
        name: &str,
        level: CourtLevel,
        parent_code: Option<&str>,
        suite: Suite,
    ) -> AppResult<Court> {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > 10 {
            return Err(AppError::invalid("code", "法院代字应为 1–10 个字符，如 苏0205"));
        }
        if name.trim().is_empty() {
            return Err(AppError::invalid("name", "法院名称不能为空"));
        }
        let parent_id = match parent_code {
            Some(p) => Some(
                self.store
                    .court_by_code(p)
                    .await?
                    .ok_or_else(|| AppError::invalid("parent", format!("上级法院“{p}”不存在")))?
                    .id,
            ),
            None => None,
        };
        if self.store.court_by_code(code).await?.is_some() {
            return Err(AppError::Conflict(format!("法院代字“{code}”已存在")));
        }
        let now = self.now_ms();
        let mut tx = self.store.begin().await?;
        let court = accounts::insert_court(&mut tx, code, name.trim(), level, parent_id, suite, now).await?;
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: None,
                actor_id: None,
                actor: "system".into(),
                occurred_at_ms: now,
                kind: kind::COURT_CREATED,
                payload: json!({"code": code, "name": court.name, "level": level.as_str(), "parent_id": parent_id, "suite": suite.as_str()}),
                personal: None,
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        self.ensure_court_key(court.id).await?;
        Ok(court)
    }

    pub async fn create_team(&self, actor: Option<&Actor>, court_id: i64, name: &str) -> AppResult<Team> {
        if let Some(a) = actor {
            a.require(Action::ManageUsers)?;
            if a.court_id != court_id {
                return Err(AppError::forbidden());
            }
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(AppError::invalid("name", "团队名称应为 1–40 个字"));
        }
        let court = self.store.court(court_id).await?;
        let now = self.now_ms();
        let (actor_id, actor_label) = system_actor_label(actor);
        let mut tx = self.store.begin().await?;
        let team = accounts::insert_team(&mut tx, court_id, name).await.map_err(|e| {
            if e.is_unique_violation() { AppError::Conflict(format!("团队“{name}”已存在")) } else { e.into() }
        })?;
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: None,
                actor_id,
                actor: actor_label,
                occurred_at_ms: now,
                kind: kind::TEAM_CREATED,
                payload: json!({"team_id": team.id, "name": name}),
                personal: None,
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(team)
    }

    /// Adds an account. `actor` is `None` when run from the command line on
    /// the server itself.
    pub async fn add_user(&self, actor: Option<&Actor>, input: UserInput) -> AppResult<User> {
        let court = self
            .store
            .court_by_code(input.court_code.trim())
            .await?
            .ok_or_else(|| AppError::invalid("court", format!("法院“{}”不存在", input.court_code)))?;
        if let Some(a) = actor {
            a.require(Action::ManageUsers)?;
            if a.court_id != court.id {
                return Err(AppError::Forbidden("只能为本院添加账号".into()));
            }
        }
        let username = input.username.trim();
        if username.len() < 3
            || username.len() > 32
            || !username.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-')
        {
            return Err(AppError::invalid("username", "用户名应为 3–32 位字母、数字、下划线、点或连字符"));
        }
        if input.display_name.trim().is_empty() {
            return Err(AppError::invalid("display_name", "姓名不能为空"));
        }
        if !input.allow_weak_password {
            check_password_strength(&input.password)?;
        }
        let team_id = match input.team.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => Some(
                self.store
                    .teams(court.id)
                    .await?
                    .into_iter()
                    .find(|x| x.name == t || x.id.to_string() == t)
                    .ok_or_else(|| AppError::invalid("team", format!("团队“{t}”不存在")))?
                    .id,
            ),
            None => None,
        };
        if input.role.is_team_member() && team_id.is_none() {
            return Err(AppError::invalid("team", format!("{}须属于一个执行团队", input.role.label_zh())));
        }
        if self.store.user_by_username(username).await?.is_some() {
            return Err(AppError::Conflict(format!("用户名“{username}”已被使用")));
        }
        let hash = hash_password(&input.password)?;
        let now = self.now_ms();
        let (actor_id, actor_label) = system_actor_label(actor);
        let mut tx = self.store.begin().await?;
        let id = accounts::insert_user(
            &mut tx,
            &NewUser {
                court_id: court.id,
                team_id,
                username,
                display_name: input.display_name.trim(),
                role: input.role,
                password_hash: &hash,
                phone: input.phone.as_deref(),
            },
            now,
        )
        .await?;
        events::append(
            &mut tx,
            &court.chain(),
            NewEvent {
                case_id: None,
                actor_id,
                actor: actor_label,
                occurred_at_ms: now,
                kind: kind::USER_CREATED,
                payload: json!({"user_id": id, "username": username, "role": input.role.as_str(), "team_id": team_id}),
                personal: Some(json!({"display_name": input.display_name.trim(), "phone": input.phone})),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(self.store.user(id).await?)
    }

    pub async fn list_users(&self, actor: &Actor) -> AppResult<Vec<User>> {
        actor.require(Action::ManageUsers)?;
        Ok(self.store.users_of_court(actor.court_id).await?)
    }

    /// Links an applicant or lawyer account to a case (so they see it).
    pub async fn link_user_to_case(&self, user_id: i64, case_id: i64) -> AppResult<()> {
        let mut tx = self.store.begin().await?;
        accounts::grant_case_access(&mut tx, user_id, case_id).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }
}
