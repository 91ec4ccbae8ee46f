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
