//! Stored responses of mutations sent with an `Idempotency-Key`.

use sqlx::Row;

use crate::{Result, Store};

#[derive(Clone, Debug, PartialEq)]
pub struct StoredResponse {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

impl Store {
    pub async fn idempotent_response(&self, user_id: i64, key: &str) -> Result<Option<StoredResponse>> {
        let r = sqlx::query("SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = $1 AND key = $2")
            .bind(user_id)
            .bind(key)
            .fetch_optional(self.reader())
            .await?;
        r.map(|r| {
            Ok(StoredResponse {
                request_hash: r.try_get("request_hash")?,
                status: u16::try_from(r.try_get::<i64, _>("status")?).unwrap_or(500),
                body: r.try_get("body")?,
            })
        })
        .transpose()
    }

    /// Reserves a key before the request runs (status 0 = in progress).
    /// Returns false if the key exists already: a concurrent or earlier
    /// request with it owns the answer.
    pub async fn reserve_idempotency_key(
        &self,
        user_id: i64,
        key: &str,
        request_hash: &str,
        now_ms: i64,
    ) -> Result<bool> {
        let r = sqlx::query(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(key)
        .bind(request_hash)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Stores the response for a reserved key.
    pub async fn complete_idempotency_key(&self, user_id: i64, key: &str, status: u16, body: &str) -> Result<()> {
        sqlx::query("UPDATE idempotency_keys SET status = $1, body = $2 WHERE user_id = $3 AND key = $4")
            .bind(i64::from(status))
            .bind(body)
            .bind(user_id)
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Releases a reservation whose request failed on the server's side, so a retry may run.
    pub async fn release_idempotency_key(&self, user_id: i64, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status = 0")
            .bind(user_id)
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Records a response; a concurrent duplicate loses quietly (first wins).
    pub async fn save_idempotent_response(
        &self,
        user_id: i64,
        key: &str,
        resp: &StoredResponse,
        now_ms: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(user_id)
        .bind(key)
        .bind(&resp.request_hash)
        .bind(i64::from(resp.status))
        .bind(&resp.body)
        .bind(now_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
