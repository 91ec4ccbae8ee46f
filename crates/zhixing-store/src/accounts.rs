//! Courts, teams, users, sessions.

use sqlx::Row;
use sqlx::any::AnyRow;
use zhixing_crypto::Suite;
use zhixing_domain::role::{CourtLevel, Role};

use crate::events::ChainCourt;
use crate::{Result, Store, StoreError, Tx, parse_col};

#[derive(Clone, Debug, PartialEq)]
pub struct Court {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub level: CourtLevel,
    pub parent_id: Option<i64>,
    pub suite: Suite,
}

impl Court {
    pub fn chain(&self) -> ChainCourt {
        ChainCourt { id: self.id, code: self.code.clone(), suite: self.suite }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Team {
    pub id: i64,
    pub court_id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: i64,
    pub court_id: i64,
    pub team_id: Option<i64>,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub phone: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub court_id: i64,
    pub team_id: Option<i64>,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub phone: Option<&'a str>,
}

#[derive(Clone, Debug)]
pub struct SessionRow {
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at_ms: i64,
    pub last_seen_at_ms: i64,
    pub expires_at_ms: i64,
}

fn court_from_row(r: &AnyRow) -> Result<Court> {
    Ok(Court {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        level: parse_col(r, "level", CourtLevel::parse)?,
        parent_id: r.try_get("parent_id")?,
        suite: parse_col(r, "suite", |s| s.parse().ok())?,
    })
}

fn user_from_row(r: &AnyRow) -> Result<User> {
    Ok(User {
        id: r.try_get("id")?,
        court_id: r.try_get("court_id")?,
        team_id: r.try_get("team_id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: parse_col(r, "role", Role::parse)?,
        password_hash: r.try_get("password_hash")?,
        phone: r.try_get("phone")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

const USER_COLS: &str = "id, court_id, team_id, username, display_name, role, password_hash, phone, active";

pub async fn insert_court(
    tx: &mut Tx,
    code: &str,
    name: &str,
    level: CourtLevel,
    parent_id: Option<i64>,
    suite: Suite,
    now_ms: i64,
) -> Result<Court> {
    let r = sqlx::query(
        "INSERT INTO courts (code, name, level, parent_id, suite, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(level.as_str())
    .bind(parent_id)
    .bind(suite.as_str())
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = r.try_get("id")?;
    crate::events::init_chain(tx, id).await?;
    Ok(Court { id, code: code.to_string(), name: name.to_string(), level, parent_id, suite })
}

pub async fn insert_team(tx: &mut Tx, court_id: i64, name: &str) -> Result<Team> {
    let r = sqlx::query("INSERT INTO teams (court_id, name) VALUES ($1, $2) RETURNING id")
        .bind(court_id)
        .bind(name)
        .fetch_one(&mut **tx)
        .await?;
    Ok(Team { id: r.try_get("id")?, court_id, name: name.to_string() })
}

pub async fn insert_user(tx: &mut Tx, u: &NewUser<'_>, now_ms: i64) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO users (court_id, team_id, username, display_name, role, password_hash, phone, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id",
    )
    .bind(u.court_id)
    .bind(u.team_id)
    .bind(u.username)
    .bind(u.display_name)
    .bind(u.role.as_str())
    .bind(u.password_hash)
    .bind(u.phone)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn grant_case_access(tx: &mut Tx, user_id: i64, case_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO case_access (user_id, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    pub async fn courts(&self) -> Result<Vec<Court>> {
        let rows = sqlx::query("SELECT id, code, name, level, parent_id, suite FROM courts ORDER BY id")
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(court_from_row).collect()
    }

    pub async fn court(&self, id: i64) -> Result<Court> {
        let r = sqlx::query("SELECT id, code, name, level, parent_id, suite FROM courts WHERE id = $1")
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("法院"))?;
        court_from_row(&r)
    }

    pub async fn court_by_code(&self, code: &str) -> Result<Option<Court>> {
        let r = sqlx::query("SELECT id, code, name, level, parent_id, suite FROM courts WHERE code = $1")
            .bind(code)
            .fetch_optional(self.reader())
            .await?;
        r.as_ref().map(court_from_row).transpose()
    }

    pub async fn teams(&self, court_id: i64) -> Result<Vec<Team>> {
        let rows = sqlx::query("SELECT id, court_id, name FROM teams WHERE court_id = $1 ORDER BY id")
            .bind(court_id)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| Ok(Team { id: r.try_get("id")?, court_id: r.try_get("court_id")?, name: r.try_get("name")? }))
            .collect()
    }

    pub async fn user(&self, id: i64) -> Result<User> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("用户"))?;
        user_from_row(&r)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE username = $1");
        let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(username).fetch_optional(self.reader()).await?;
        r.as_ref().map(user_from_row).transpose()
    }

    pub async fn users_of_court(&self, court_id: i64) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE court_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(court_id).fetch_all(self.reader()).await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Ids of the courts below `court_id` (children and their children).
    pub async fn subordinate_courts(&self, court_id: i64) -> Result<Vec<i64>> {
        let courts = self.courts().await?;
        let mut out = vec![];
        let mut frontier = vec![court_id];
        while let Some(c) = frontier.pop() {
            for child in courts.iter().filter(|k| k.parent_id == Some(c)) {
                out.push(child.id);
                frontier.push(child.id);
            }
        }
        Ok(out)
    }

    pub async fn has_case_access(&self, user_id: i64, case_id: i64) -> Result<bool> {
        let r = sqlx::query("SELECT 1 AS one FROM case_access WHERE user_id = $1 AND case_id = $2")
            .bind(user_id)
            .bind(case_id)
            .fetch_optional(self.reader())
            .await?;
        Ok(r.is_some())
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now_ms: i64,
        expires_ms: i64,
        addr: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_addr) \
             VALUES ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(now_ms)
        .bind(expires_ms)
        .bind(addr)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let r = sqlx::query(
            "SELECT user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?;
        r.map(|r| {
            Ok(SessionRow {
                user_id: r.try_get("user_id")?,
                csrf_token: r.try_get("csrf_token")?,
                created_at_ms: r.try_get("created_at")?,
                last_seen_at_ms: r.try_get("last_seen_at")?,
                expires_at_ms: r.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    pub async fn touch_session(&self, token_hash: &str, now_ms: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now_ms)
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.write).await?;
        Ok(())
    }

    pub async fn delete_expired_sessions(&self, now_ms: i64) -> Result<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now_ms).execute(&self.write).await?;
        Ok(r.rows_affected())
    }
}
