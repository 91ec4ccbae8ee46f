//! Login, sessions, throttling, and the acting user.

use std::collections::HashMap;
use std::sync::Mutex;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};
use zhixing_domain::access::{self, Action};
use zhixing_domain::role::Role;
use zhixing_store::accounts::User;

use crate::{App, AppError, AppResult};

/// The user on whose behalf a command runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub user_id: i64,
    pub court_id: i64,
    pub team_id: Option<i64>,
    pub role: Role,
    pub username: String,
    pub display_name: String,
}

impl Actor {
    pub fn from_user(u: &User) -> Actor {
        Actor {
            user_id: u.id,
            court_id: u.court_id,
            team_id: u.team_id,
            role: u.role,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
        }
    }

    /// How the actor appears on the record: name (role).
    pub fn label(&self) -> String {
        format!("{}（{}）", self.display_name, self.role.label_zh())
    }

    pub fn require(&self, action: Action) -> AppResult<()> {
        if access::permits(self.role, action) { Ok(()) } else { Err(AppError::forbidden()) }
    }
}

/// Hashes a password with argon2id (default parameters: m=19 MiB, t=2, p=1).
pub fn hash_password(password: &str) -> AppResult<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("密码哈希失败：{e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), hash).is_ok()
}

/// Rules for a new password.
pub fn check_password_strength(password: &str) -> AppResult<()> {
    let n = password.chars().count();
    if n < 10 {
        return Err(AppError::invalid("password", "密码至少 10 个字符"));
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    if classes.iter().filter(|b| **b).count() < 3 {
        return Err(AppError::invalid("password", "密码须包含大写字母、小写字母、数字、符号中的至少三类"));
    }
    Ok(())
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// Sessions are stored by the hash of their token, so a leaked database
/// does not leak live sessions.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Failed-login counters per account and per client address, in memory.
#[derive(Default, Debug)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<i64>>>,
}

impl Throttle {
    fn count(&self, key: &str, since_ms: i64) -> usize {
        self.failures
            .lock()
            .map(|m| m.get(key).map_or(0, |v| v.iter().filter(|t| **t >= since_ms).count()))
            .unwrap_or(0)
    }
    fn record(&self, key: &str, now_ms: i64, since_ms: i64) {
        if let Ok(mut m) = self.failures.lock() {
            let v = m.entry(key.to_string()).or_default();
            v.retain(|t| *t >= since_ms);
            v.push(now_ms);
            if m.len() > 100_000 {
                m.retain(|_, v| v.iter().any(|t| *t >= since_ms));
            }
        }
    }
    fn clear(&self, key: &str) {
        if let Ok(mut m) = self.failures.lock() {
            m.remove(key);
        }
    }
}

/// A live session as handed to the client.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
    pub expires_at_ms: i64,
}

/// A session resolved from its token.
#[derive(Clone, Debug)]
pub struct ResolvedSession {
    pub actor: Actor,
    pub csrf_token: String,
}

impl App {
    /// Password login with throttling per account and per client address.
    pub async fn login(&self, username: &str, password: &str, addr: Option<&str>) -> AppResult<NewSession> {
        let username = username.trim();
        if username.is_empty() {
            return Err(AppError::invalid("username", "请输入用户名"));
        }
        if password.is_empty() {
            return Err(AppError::invalid("password", "请输入密码"));
        }
        let now = self.now_ms();
        let since = now - self.settings.login_window_minutes * 60_000;
        let acct_key = format!("u:{username}");
        let addr_key = format!("a:{}", addr.unwrap_or("-"));
        if self.throttle.count(&acct_key, since) >= self.settings.login_max_failures_per_account as usize
            || self.throttle.count(&addr_key, since) >= self.settings.login_max_failures_per_addr as usize
        {
            return Err(AppError::TooManyRequests(format!(
                "登录失败次数过多，请 {} 分钟后再试",
                self.settings.login_window_minutes
            )));
        }
        let user = self.store.user_by_username(username).await?;
        // Verify against a dummy hash when the user does not exist, so timing
        // does not reveal which usernames exist.
        let ok = match &user {
            Some(u) if u.active => verify_password(password, &u.password_hash),
            _ => {
                let _ = verify_password(password, DUMMY_HASH);
                false
            }
        };
        let Some(user) = user.filter(|_| ok) else {
            self.throttle.record(&acct_key, now, since);
            self.throttle.record(&addr_key, now, since);
            return Err(AppError::Invalid {
                field: Some("password".into()), message: "用户名或密码错误".into()
            });
        };
        self.throttle.clear(&acct_key);
        let token = random_token();
        let csrf = random_token();
        let expires = now + self.settings.session_max_hours * 3_600_000;
        self.store.insert_session(&token_hash(&token), user.id, &csrf, now, expires, addr).await?;
        Ok(NewSession { token, csrf_token: csrf, actor: Actor::from_user(&user), expires_at_ms: expires })
    }

    /// Resolves a session token; expired (idle or absolute) sessions are removed.
    pub async fn session(&self, token: &str) -> AppResult<ResolvedSession> {
        let th = token_hash(token);
        let s = self.store.session(&th).await?.ok_or(AppError::Unauthenticated)?;
        let now = self.now_ms();
        if now > s.expires_at_ms || now - s.last_seen_at_ms > self.settings.session_idle_minutes * 60_000 {
            self.store.delete_session(&th).await?;
            return Err(AppError::Unauthenticated);
        }
        let user = self.store.user(s.user_id).await?;
        if !user.active {
            return Err(AppError::Unauthenticated);
        }
        // Touch at most once a minute to keep reads cheap.
        if now - s.last_seen_at_ms > 60_000 {
            self.store.touch_session(&th, now).await?;
        }
        Ok(ResolvedSession { actor: Actor::from_user(&user), csrf_token: s.csrf_token })
    }

    pub async fn logout(&self, token: &str) -> AppResult<()> {
        self.store.delete_session(&token_hash(token)).await?;
        Ok(())
    }
}

/// argon2id hash of a random password nobody knows.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Cw0c8yO8fH1WbqB+dhC6z1n9U8i6D0KzvY0mDdqVh0s";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("Zhixing#2026").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Zhixing#2026", &h));
        assert!(!verify_password("zhixing#2026", &h));
    }

    #[test]
    fn password_rules() {
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("alllowercaseletters").is_err());
        assert!(check_password_strength("Court-Enforce-1").is_ok());
    }
}
