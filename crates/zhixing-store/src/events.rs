//! The event chain: append (inside the caller's transaction), read, export.

use rand::RngCore;
use serde_json::Value;
use sqlx::Row;
use sqlx::any::AnyRow;
use zhixing_crypto::Suite;
use zhixing_domain::event::{ChainFields, GENESIS_PREV, canonical_encoding, canonical_json};

use crate::{Result, Store, StoreError, Tx};

/// The court whose chain an event joins.
#[derive(Clone, Debug)]
pub struct ChainCourt {
    pub id: i64,
    pub code: String,
    pub suite: Suite,
}

/// An event to append.
#[derive(Clone, Debug)]
pub struct NewEvent {
    pub case_id: Option<i64>,
    pub actor_id: Option<i64>,
    /// Display name of the actor with role, or `system`.
    pub actor: String,
    pub occurred_at_ms: i64,
    pub kind: &'static str,
    /// Hashed as is: must hold no personal data.
    pub payload: Value,
    /// Kept beside the event, hashed only as a salted digest.
    pub personal: Option<Value>,
}

/// A stored event.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct EventRecord {
    pub id: i64,
    pub court_id: i64,
    pub height: i64,
    pub case_id: Option<i64>,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub occurred_at_ms: i64,
    pub kind: String,
    pub payload: String,
    pub personal_digest: String,
    pub prev_hash: String,
    pub hash: String,
}

impl EventRecord {
    pub fn chain_fields<'a>(&'a self, court_code: &'a str) -> ChainFields<'a> {
        ChainFields {
            court_code,
            height: self.height,
            case_id: self.case_id,
            actor: &self.actor,
            occurred_at_ms: self.occurred_at_ms,
            kind: &self.kind,
            payload: &self.payload,
            personal_digest: &self.personal_digest,
            prev_hash: &self.prev_hash,
        }
    }
}

/// The salted digest of a personal part.
pub fn personal_digest(suite: Suite, salt_hex: &str, personal: &Value) -> String {
    let mut bytes = salt_hex.as_bytes().to_vec();
    bytes.push(b'\n');
    bytes.extend_from_slice(canonical_json(personal).as_bytes());
    suite.hash_hex(&bytes)
}

/// Creates the chain head of a new court (inside the transaction that creates the court).
pub async fn init_chain(tx: &mut Tx, court_id: i64) -> Result<()> {
    sqlx::query("INSERT INTO chain_heads (court_id, height, head_hash) VALUES ($1, 0, $2)")
        .bind(court_id)
        .bind(GENESIS_PREV)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Appends an event to the court's chain inside `tx`.
///
/// The first statement bumps the chain head's height, which on PostgreSQL
/// locks the head row until commit: concurrent appenders to one court queue
/// there, and each sees the head its predecessor committed.
pub async fn append(tx: &mut Tx, court: &ChainCourt, ev: NewEvent) -> Result<EventRecord> {
    let head =
        sqlx::query("UPDATE chain_heads SET height = height + 1 WHERE court_id = $1 RETURNING height, head_hash")
            .bind(court.id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound("事件链"))?;
    let height: i64 = head.try_get("height")?;
    let prev_hash: String = head.try_get("head_hash")?;

    let payload = canonical_json(&ev.payload);
    let (personal_digest, personal) = match &ev.personal {
        Some(p) => {
            let mut salt = [0u8; 16];
            rand::rng().fill_bytes(&mut salt);
            let salt = hex::encode(salt);
            (self::personal_digest(court.suite, &salt, p), Some((salt, canonical_json(p))))
        }
        None => (String::new(), None),
    };
    let fields = ChainFields {
        court_code: &court.code,
        height,
        case_id: ev.case_id,
        actor: &ev.actor,
        occurred_at_ms: ev.occurred_at_ms,
        kind: ev.kind,
        payload: &payload,
        personal_digest: &personal_digest,
        prev_hash: &prev_hash,
    };
    let hash = court.suite.hash_hex(&canonical_encoding(&fields));
    let row = sqlx::query(
        "INSERT INTO events (court_id, height, case_id, actor_id, actor, occurred_at, kind, payload, \
         personal_digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(court.id)
    .bind(height)
    .bind(ev.case_id)
    .bind(ev.actor_id)
    .bind(&ev.actor)
    .bind(ev.occurred_at_ms)
    .bind(ev.kind)
    .bind(&payload)
    .bind(&personal_digest)
    .bind(&prev_hash)
    .bind(&hash)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    if let Some((salt, data)) = personal {
        sqlx::query("INSERT INTO event_personal (event_id, salt, data) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(&salt)
            .bind(&data)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE chain_heads SET head_hash = $1 WHERE court_id = $2")
        .bind(&hash)
        .bind(court.id)
        .execute(&mut **tx)
        .await?;
    Ok(EventRecord {
        id,
        court_id: court.id,
        height,
        case_id: ev.case_id,
        actor_id: ev.actor_id,
        actor: ev.actor,
        occurred_at_ms: ev.occurred_at_ms,
        kind: ev.kind.to_string(),
        payload,
        personal_digest,
        prev_hash,
        hash,
    })
}

const EVENT_COLS: &str =
    "id, court_id, height, case_id, actor_id, actor, occurred_at, kind, payload, personal_digest, prev_hash, hash";

fn event_from_row(r: &AnyRow) -> Result<EventRecord> {
    Ok(EventRecord {
        id: r.try_get("id")?,
        court_id: r.try_get("court_id")?,
        height: r.try_get("height")?,
        case_id: r.try_get("case_id")?,
        actor_id: r.try_get("actor_id")?,
        actor: r.try_get("actor")?,
        occurred_at_ms: r.try_get("occurred_at")?,
        kind: r.try_get("kind")?,
        payload: r.try_get("payload")?,
        personal_digest: r.try_get("personal_digest")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// A timeline entry: the event plus its personal part where not erased.
#[derive(Clone, Debug)]
pub struct TimelineEntry {
    pub event: EventRecord,
    pub personal: Option<String>,
}

impl Store {
    /// The events of one case, oldest first.
    pub async fn case_events(&self, case_id: i64) -> Result<Vec<TimelineEntry>> {
        let rows = sqlx::query(
            "SELECT e.id, e.court_id, e.height, e.case_id, e.actor_id, e.actor, e.occurred_at, e.kind, e.payload, \
             e.personal_digest, e.prev_hash, e.hash, p.data AS personal FROM events e \
             LEFT JOIN event_personal p ON p.event_id = e.id WHERE e.case_id = $1 ORDER BY e.height",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(|r| Ok(TimelineEntry { event: event_from_row(r)?, personal: r.try_get("personal")? })).collect()
    }

    /// A page of a court's chain in storage order (by row id), with each
    /// event's personal part (salt, data) where not erased. Verification reads
    /// by row id, not height, so a row moved to another height is seen as out
    /// of place.
    pub async fn chain_page(
        &self,
        court_id: i64,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<(EventRecord, Option<(String, String)>)>> {
        let rows = sqlx::query(
            "SELECT e.id, e.court_id, e.height, e.case_id, e.actor_id, e.actor, e.occurred_at, e.kind, e.payload, \
             e.personal_digest, e.prev_hash, e.hash, p.salt, p.data FROM events e \
             LEFT JOIN event_personal p ON p.event_id = e.id \
             WHERE e.court_id = $1 AND e.id > $2 ORDER BY e.id LIMIT $3",
        )
        .bind(court_id)
        .bind(after_id)
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let salt: Option<String> = r.try_get("salt")?;
                let data: Option<String> = r.try_get("data")?;
                Ok((event_from_row(r)?, salt.zip(data)))
            })
            .collect()
    }

    /// Events of a court ordered by height (for export).
    pub async fn chain_by_height(&self, court_id: i64, after_height: i64, limit: i64) -> Result<Vec<EventRecord>> {
        let sql =
            format!("SELECT {EVENT_COLS} FROM events WHERE court_id = $1 AND height > $2 ORDER BY height LIMIT $3");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(court_id)
            .bind(after_height)
            .bind(limit)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// The chain head as recorded (height, hash).
    pub async fn chain_head(&self, court_id: i64) -> Result<(i64, String)> {
        let r = sqlx::query("SELECT height, head_hash FROM chain_heads WHERE court_id = $1")
            .bind(court_id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("事件链"))?;
        Ok((r.try_get("height")?, r.try_get("head_hash")?))
    }

    /// Erases the personal part of one event (a lawful erasure). The chain
    /// stays verifiable because only the salted digest was hashed.
    pub async fn erase_personal(&self, event_id: i64) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM event_personal WHERE event_id = $1").bind(event_id).execute(&self.write).await?;
        Ok(done.rows_affected() > 0)
    }
}

/// A signed checkpoint of a court's chain.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Checkpoint {
    pub court_id: i64,
    pub height: i64,
    pub head_hash: String,
    pub suite: String,
    pub key_id: String,
    pub signed_at_ms: i64,
    pub signature: String,
}

/// A court's public key as registered.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct CourtKeyRecord {
    pub key_id: String,
    pub court_id: i64,
    pub suite: String,
    pub public_key: String,
    pub created_at_ms: i64,
    pub retired_at_ms: Option<i64>,
}

pub async fn insert_checkpoint(tx: &mut Tx, cp: &Checkpoint) -> Result<()> {
    sqlx::query(
        "INSERT INTO checkpoints (court_id, height, head_hash, suite, key_id, signed_at, signature) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(cp.court_id)
    .bind(cp.height)
    .bind(&cp.head_hash)
    .bind(&cp.suite)
    .bind(&cp.key_id)
    .bind(cp.signed_at_ms)
    .bind(&cp.signature)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_court_key(tx: &mut Tx, k: &CourtKeyRecord) -> Result<()> {
    sqlx::query("UPDATE court_keys SET retired_at = $1 WHERE court_id = $2 AND retired_at IS NULL")
        .bind(k.created_at_ms)
        .bind(k.court_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO court_keys (key_id, court_id, suite, public_key, created_at, retired_at) \
         VALUES ($1, $2, $3, $4, $5, NULL)",
    )
    .bind(&k.key_id)
    .bind(k.court_id)
    .bind(&k.suite)
    .bind(&k.public_key)
    .bind(k.created_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn checkpoints(&self, court_id: i64) -> Result<Vec<Checkpoint>> {
        let rows = sqlx::query(
            "SELECT court_id, height, head_hash, suite, key_id, signed_at, signature FROM checkpoints \
             WHERE court_id = $1 ORDER BY height, id",
        )
        .bind(court_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Checkpoint {
                    court_id: r.try_get("court_id")?,
                    height: r.try_get("height")?,
                    head_hash: r.try_get("head_hash")?,
                    suite: r.try_get("suite")?,
                    key_id: r.try_get("key_id")?,
                    signed_at_ms: r.try_get("signed_at")?,
                    signature: r.try_get("signature")?,
                })
            })
            .collect()
    }

    pub async fn last_checkpoint_height(&self, court_id: i64) -> Result<i64> {
        let r = sqlx::query("SELECT COALESCE(MAX(height), 0) AS h FROM checkpoints WHERE court_id = $1")
            .bind(court_id)
            .fetch_one(self.reader())
            .await?;
        Ok(r.try_get("h")?)
    }

    pub async fn court_keys(&self, court_id: i64) -> Result<Vec<CourtKeyRecord>> {
        let rows = sqlx::query(
            "SELECT key_id, court_id, suite, public_key, created_at, retired_at FROM court_keys \
             WHERE court_id = $1 ORDER BY created_at",
        )
        .bind(court_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CourtKeyRecord {
                    key_id: r.try_get("key_id")?,
                    court_id: r.try_get("court_id")?,
                    suite: r.try_get("suite")?,
                    public_key: r.try_get("public_key")?,
                    created_at_ms: r.try_get("created_at")?,
                    retired_at_ms: r.try_get("retired_at")?,
                })
            })
            .collect()
    }
}

/// Appends many events to one court's chain in one go: the head moves once,
/// hashes are computed in order, rows go in with multi-row inserts.
pub async fn append_many(tx: &mut Tx, court: &ChainCourt, evs: Vec<NewEvent>) -> Result<Vec<EventRecord>> {
    use crate::bulk::{Val, insert_many};
    if evs.is_empty() {
        return Ok(vec![]);
    }
    let n = i64::try_from(evs.len()).unwrap_or(i64::MAX);
    let head =
        sqlx::query("UPDATE chain_heads SET height = height + $1 WHERE court_id = $2 RETURNING height, head_hash")
            .bind(n)
            .bind(court.id)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound("事件链"))?;
    let last_height: i64 = head.try_get("height")?;
    let mut prev_hash: String = head.try_get("head_hash")?;
    let first_height = last_height - n + 1;
    let mut records = Vec::with_capacity(evs.len());
    let mut personal_rows: Vec<(i64, String, String)> = vec![];
    let mut rows = Vec::with_capacity(evs.len());
    for (i, ev) in evs.into_iter().enumerate() {
        let height = first_height + i64::try_from(i).unwrap_or(0);
        let payload = canonical_json(&ev.payload);
        let (digest, personal) = match &ev.personal {
            Some(p) => {
                let mut salt = [0u8; 16];
                rand::rng().fill_bytes(&mut salt);
                let salt = hex::encode(salt);
                (personal_digest(court.suite, &salt, p), Some((salt, canonical_json(p))))
            }
            None => (String::new(), None),
        };
        let fields = ChainFields {
            court_code: &court.code,
            height,
            case_id: ev.case_id,
            actor: &ev.actor,
            occurred_at_ms: ev.occurred_at_ms,
            kind: ev.kind,
            payload: &payload,
            personal_digest: &digest,
            prev_hash: &prev_hash,
        };
        let hash = court.suite.hash_hex(&canonical_encoding(&fields));
        if let Some((salt, data)) = personal {
            personal_rows.push((height, salt, data));
        }
        rows.push(vec![
            Val::I(court.id),
            Val::I(height),
            ev.case_id.into(),
            ev.actor_id.into(),
            Val::S(ev.actor.clone()),
            Val::I(ev.occurred_at_ms),
            Val::S(ev.kind.to_string()),
            Val::S(payload.clone()),
            Val::S(digest.clone()),
            Val::S(prev_hash.clone()),
            Val::S(hash.clone()),
        ]);
        records.push(EventRecord {
            id: 0,
            court_id: court.id,
            height,
            case_id: ev.case_id,
            actor_id: ev.actor_id,
            actor: ev.actor,
            occurred_at_ms: ev.occurred_at_ms,
            kind: ev.kind.to_string(),
            payload,
            personal_digest: digest,
            prev_hash: prev_hash.clone(),
            hash: hash.clone(),
        });
        prev_hash = hash;
    }
    insert_many(
        tx,
        "events",
        &[
            "court_id",
            "height",
            "case_id",
            "actor_id",
            "actor",
            "occurred_at",
            "kind",
            "payload",
            "personal_digest",
            "prev_hash",
            "hash",
        ],
        &rows,
    )
    .await?;
    let ids = sqlx::query("SELECT id, height FROM events WHERE court_id = $1 AND height >= $2 AND height <= $3")
        .bind(court.id)
        .bind(first_height)
        .bind(last_height)
        .fetch_all(&mut **tx)
        .await?;
    let mut by_height = std::collections::HashMap::with_capacity(ids.len());
    for r in &ids {
        by_height.insert(r.try_get::<i64, _>("height")?, r.try_get::<i64, _>("id")?);
    }
    for rec in &mut records {
        rec.id = by_height.get(&rec.height).copied().unwrap_or(0);
    }
    let prow: Vec<Vec<Val>> = personal_rows
        .into_iter()
        .map(|(h, salt, data)| vec![Val::I(by_height.get(&h).copied().unwrap_or(0)), Val::S(salt), Val::S(data)])
        .collect();
    insert_many(tx, "event_personal", &["event_id", "salt", "data"], &prow).await?;
    sqlx::query("UPDATE chain_heads SET head_hash = $1 WHERE court_id = $2")
        .bind(&prev_hash)
        .bind(court.id)
        .execute(&mut **tx)
        .await?;
    Ok(records)
}
