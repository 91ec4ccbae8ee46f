//! Verifying the event chains, signing checkpoints, exporting proof bundles.
//!
//! One `ChainVerifier` checks events one by one in storage order; it is used
//! both on the live database and on an exported bundle, which needs nothing
//! but the bundle itself and the court's public key.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use zhixing_crypto::{PublicKey, Suite};
use zhixing_domain::event::{GENESIS_PREV, canonical_encoding, checkpoint_encoding};
use zhixing_store::events::{self, Checkpoint, CourtKeyRecord, EventRecord, personal_digest};

use crate::{App, AppError, AppResult};

/// The first place where a chain does not verify.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Broken {
    pub court_code: String,
    /// Row id of the event, when the break is at an event.
    pub event_id: Option<i64>,
    pub height: Option<i64>,
    pub reason: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.event_id, self.height) {
            (Some(id), Some(h)) => write!(f, "法院 {} 事件 #{id}（高度 {h}）：{}", self.court_code, self.reason),
            _ => write!(f, "法院 {}：{}", self.court_code, self.reason),
        }
    }
}

/// Checks one court's chain, event by event, in storage order.
pub struct ChainVerifier {
    court_code: String,
    suite: Suite,
    expected_height: i64,
    prev_hash: String,
    hashes: HashMap<i64, String>,
    pub events_checked: u64,
}

impl ChainVerifier {
    pub fn new(court_code: &str, suite: Suite) -> ChainVerifier {
        ChainVerifier {
            court_code: court_code.to_string(),
            suite,
            expected_height: 1,
            prev_hash: GENESIS_PREV.to_string(),
            hashes: HashMap::new(),
            events_checked: 0,
        }
    }

    fn broken(&self, e: &EventRecord, reason: impl Into<String>) -> Broken {
        Broken {
            court_code: self.court_code.clone(),
            event_id: Some(e.id),
            height: Some(e.height),
            reason: reason.into(),
        }
    }

    /// Checks the next event; `personal` is its (salt, data) if kept.
    pub fn feed(&mut self, e: &EventRecord, personal: Option<(&str, &str)>) -> Result<(), Broken> {
        if e.height != self.expected_height {
            return Err(self.broken(
                e,
                format!("高度应为 {}，实为 {}：事件被删除、插入或调换了顺序", self.expected_height, e.height),
            ));
        }
        if e.prev_hash != self.prev_hash {
            return Err(self.broken(e, "前一哈希与上一事件不符：链条断裂"));
        }
        let computed = self.suite.hash_hex(&canonical_encoding(&e.chain_fields(&self.court_code)));
        if computed != e.hash {
            return Err(self.broken(e, "事件内容与其哈希不符：记录被修改"));
        }
        if let Some((salt, data)) = personal {
            let value: serde_json::Value =
                serde_json::from_str(data).map_err(|_| self.broken(e, "个人信息部分无法解析：记录被修改"))?;
            if personal_digest(self.suite, salt, &value) != e.personal_digest {
                return Err(self.broken(e, "个人信息与其摘要不符：记录被修改"));
            }
        }
        self.hashes.insert(e.height, e.hash.clone());
        self.prev_hash = e.hash.clone();
        self.expected_height += 1;
        self.events_checked += 1;
        Ok(())
    }

    pub fn height(&self) -> i64 {
        self.expected_height - 1
    }

    pub fn head_hash(&self) -> &str {
        &self.prev_hash
    }

    /// Checks the signed checkpoints against the verified chain and the keys.
    pub fn check_checkpoints(&self, checkpoints: &[Checkpoint], keys: &[CourtKeyRecord]) -> Result<(), Broken> {
        let fail =
            |reason: String| Broken { court_code: self.court_code.clone(), event_id: None, height: None, reason };
        for cp in checkpoints {
            let key = keys
                .iter()
                .find(|k| k.key_id == cp.key_id)
                .ok_or_else(|| fail(format!("检查点（高度 {}）的签名密钥 {} 未登记", cp.height, cp.key_id)))?;
            let suite: Suite = key.suite.parse().map_err(|e| fail(format!("{e}")))?;
            let public = PublicKey::from_hex(suite, &key.public_key).map_err(|e| fail(format!("{e}")))?;
            if public.key_id() != key.key_id {
                return Err(fail(format!("密钥 {} 的公钥与其标识不符", key.key_id)));
            }
            let msg = checkpoint_encoding(&self.court_code, cp.height, &cp.head_hash, cp.signed_at_ms, &cp.suite);
            let sig =
                hex::decode(&cp.signature).map_err(|_| fail(format!("检查点（高度 {}）签名格式错误", cp.height)))?;
            public.verify(&msg, &sig).map_err(|_| fail(format!("检查点（高度 {}）签名无效", cp.height)))?;
            match self.hashes.get(&cp.height) {
                Some(h) if *h == cp.head_hash => {}
                Some(_) => {
                    return Err(fail(format!(
                        "检查点（高度 {}）签署的哈希与链上事件不符：签署后记录被改写",
                        cp.height
                    )));
                }
                None if cp.height == 0 => {}
                None => {
                    return Err(fail(format!(
                        "检查点签署了高度 {}，但链上只有 {} 个事件：尾部事件被删除",
                        cp.height,
                        self.height()
                    )));
                }
            }
        }
        Ok(())
    }
}

/// Result of verifying one court.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CourtVerification {
    pub court_code: String,
    pub suite: String,
    pub events: u64,
    pub checkpoints: usize,
    pub head_hash: String,
    pub broken: Option<Broken>,
}

/// Result of verifying the whole database.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct VerifyReport {
    pub ok: bool,
    pub courts: Vec<CourtVerification>,
}

impl VerifyReport {
    pub fn first_broken(&self) -> Option<&Broken> {
        self.courts.iter().find_map(|c| c.broken.as_ref())
    }
}

/// An offline proof: one court's chain, checkpoints and public keys. No
/// personal data: only the salted digests that the hashes cover.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProofBundle {
    pub format: String,
    pub court_code: String,
    pub court_name: String,
    pub suite: String,
    pub exported_at_ms: i64,
    pub public_keys: Vec<CourtKeyRecord>,
    pub checkpoints: Vec<Checkpoint>,
    pub events: Vec<EventRecord>,
}

pub const BUNDLE_FORMAT: &str = "zhixing-proof-v1";

/// Verifies a bundle with nothing but its content. If `trusted_key` (hex) is
/// given, at least one checkpoint must be signed by it, so that a forged
/// bundle with its own keys is refused.
pub fn verify_bundle(b: &ProofBundle, trusted_key: Option<&str>) -> Result<CourtVerification, Broken> {
    let fail = |reason: String| Broken { court_code: b.court_code.clone(), event_id: None, height: None, reason };
    if b.format != BUNDLE_FORMAT {
        return Err(fail(format!("不支持的证明包格式“{}”", b.format)));
    }
    let suite: Suite = b.suite.parse().map_err(|e| fail(format!("{e}")))?;
    let mut v = ChainVerifier::new(&b.court_code, suite);
    for e in &b.events {
        v.feed(e, None)?;
    }
    v.check_checkpoints(&b.checkpoints, &b.public_keys)?;
    let signed_height = b.checkpoints.iter().map(|c| c.height).max().unwrap_or(0);
    if b.checkpoints.is_empty() {
        return Err(fail("证明包中没有已签名的检查点，无法证明链条出自法院".into()));
    }
    if signed_height < v.height() {
        return Err(fail(format!(
            "最后一个检查点签署到高度 {signed_height}，其后的 {} 个事件未经签署",
            v.height() - signed_height
        )));
    }
    if let Some(trusted) = trusted_key {
        let trusted = trusted.trim().to_ascii_lowercase();
        let signed_by_trusted = b.checkpoints.iter().any(|cp| {
            b.public_keys.iter().any(|k| k.key_id == cp.key_id && k.public_key.to_ascii_lowercase() == trusted)
        });
        if !signed_by_trusted {
            return Err(fail("没有任何检查点由所给公钥签署".into()));
        }
    }
    Ok(CourtVerification {
        court_code: b.court_code.clone(),
        suite: b.suite.clone(),
        events: v.events_checked,
        checkpoints: b.checkpoints.len(),
        head_hash: v.head_hash().to_string(),
        broken: None,
    })
}

const PAGE: i64 = 5_000;

impl App {
    /// Recomputes every court's chain and checkpoints.
    pub async fn verify_all(&self) -> AppResult<VerifyReport> {
        self.verify_courts(None).await
    }

    /// Verification as a user asks for it: the user's court and the courts below it.
    pub async fn verify_for(&self, actor: &crate::auth::Actor) -> AppResult<VerifyReport> {
        actor.require(zhixing_domain::access::Action::Audit)?;
        let mut ids = vec![actor.court_id];
        ids.extend(self.store.subordinate_courts(actor.court_id).await?);
        self.verify_courts(Some(&ids)).await
    }

    /// Recomputes the chains of the given courts (all when `None`).
    pub async fn verify_courts(&self, only: Option<&[i64]>) -> AppResult<VerifyReport> {
        let mut courts = vec![];
        for court in self.store.courts().await?.into_iter().filter(|c| only.is_none_or(|ids| ids.contains(&c.id))) {
            // The head is read first: a live server may append while we read.
            let (head_height, head_hash) = self.store.chain_head(court.id).await?;
            let mut v = ChainVerifier::new(&court.code, court.suite);
            let mut broken = None;
            let mut after = 0;
            'pages: loop {
                let page = self.store.chain_page(court.id, after, PAGE).await?;
                if page.is_empty() {
                    break;
                }
                for (e, personal) in &page {
                    after = e.id;
                    if let Err(b) = v.feed(e, personal.as_ref().map(|(s, d)| (s.as_str(), d.as_str()))) {
                        broken = Some(b);
                        break 'pages;
                    }
                }
            }
            let checkpoints = self.store.checkpoints(court.id).await?;
            if broken.is_none() {
                let (head_height, head_hash) = if v.height() > head_height {
                    self.store.chain_head(court.id).await?
                } else {
                    (head_height, head_hash)
                };
                let head_ok = v.height() == head_height && head_hash == v.head_hash();
                if !head_ok {
                    broken = Some(Broken {
                        court_code: court.code.clone(),
                        event_id: None,
                        height: Some(head_height),
                        reason: format!(
                            "链头记录为高度 {head_height}，但链上可验证到高度 {}：尾部事件被删除或链头被改写",
                            v.height()
                        ),
                    });
                }
            }
            if broken.is_none() {
                let keys = self.store.court_keys(court.id).await?;
                broken = v.check_checkpoints(&checkpoints, &keys).err();
            }
            courts.push(CourtVerification {
                court_code: court.code.clone(),
                suite: court.suite.as_str().to_string(),
                events: v.events_checked,
                checkpoints: checkpoints.len(),
                head_hash: v.head_hash().to_string(),
                broken,
            });
        }
        Ok(VerifyReport { ok: courts.iter().all(|c| c.broken.is_none()), courts })
    }

    /// Makes sure the court has a signing key, creating and registering one.
    pub async fn ensure_court_key(&self, court_id: i64) -> AppResult<std::sync::Arc<zhixing_crypto::SigningKey>> {
        let court = self.store.court(court_id).await?;
        if let Some(k) = self.keys.current(court_id, court.suite)? {
            let id = k.public_key().key_id();
            if self.store.court_keys(court_id).await?.iter().any(|r| r.key_id == id) {
                return Ok(k);
            }
            self.register_key(&court, &k, zhixing_domain::event::kind::KEY_CREATED).await?;
            return Ok(k);
        }
        let k = self.keys.create(court_id, court.suite)?;
        self.register_key(&court, &k, zhixing_domain::event::kind::KEY_CREATED).await?;
        Ok(k)
    }

    /// Replaces the court's key; the old public key stays registered (retired)
    /// so old checkpoints still verify.
    pub async fn rotate_court_key(&self, court_id: i64) -> AppResult<String> {
        let court = self.store.court(court_id).await?;
        let k = self.keys.create(court_id, court.suite)?;
        self.register_key(&court, &k, zhixing_domain::event::kind::KEY_ROTATED).await?;
        self.sign_checkpoint(court_id, true).await?;
        Ok(k.public_key().key_id())
    }

    async fn register_key(
        &self,
        court: &zhixing_store::accounts::Court,
        k: &zhixing_crypto::SigningKey,
        kind: &'static str,
    ) -> AppResult<()> {
        let public = k.public_key();
        let now = self.now_ms();
        let mut tx = self.store.begin().await?;
        events::insert_court_key(
            &mut tx,
            &CourtKeyRecord {
                key_id: public.key_id(),
                court_id: court.id,
                suite: court.suite.as_str().to_string(),
                public_key: public.to_hex(),
                created_at_ms: now,
                retired_at_ms: None,
            },
        )
        .await?;
        events::append(
            &mut tx,
            &court.chain(),
            events::NewEvent {
                case_id: None,
                actor_id: None,
                actor: "system".into(),
                occurred_at_ms: now,
                kind,
                payload: serde_json::json!({"key_id": public.key_id(), "public_key": public.to_hex(), "suite": court.suite.as_str()}),
                personal: None,
            },
        )
        .await?;
        tx.commit().await.map_err(zhixing_store::StoreError::from)?;
        Ok(())
    }

    /// Signs a checkpoint of the court's chain head if it moved since the last
    /// checkpoint (or always, with `force`). Returns the checkpoint if signed.
    pub async fn sign_checkpoint(&self, court_id: i64, force: bool) -> AppResult<Option<Checkpoint>> {
        let key = self.ensure_court_key(court_id).await?;
        let court = self.store.court(court_id).await?;
        let (height, head_hash) = self.store.chain_head(court_id).await?;
        if !force && self.store.last_checkpoint_height(court_id).await? >= height {
            return Ok(None);
        }
        let now = self.now_ms();
        let msg = checkpoint_encoding(&court.code, height, &head_hash, now, court.suite.as_str());
        let cp = Checkpoint {
            court_id,
            height,
            head_hash,
            suite: court.suite.as_str().to_string(),
            key_id: key.public_key().key_id(),
            signed_at_ms: now,
            signature: hex::encode(key.sign(&msg)),
        };
        let mut tx = self.store.begin().await?;
        events::insert_checkpoint(&mut tx, &cp).await?;
        tx.commit().await.map_err(zhixing_store::StoreError::from)?;
        Ok(Some(cp))
    }

    /// Signs checkpoints for every court whose chain moved.
    pub async fn checkpoint_all(&self, force: bool) -> AppResult<usize> {
        let mut n = 0;
        for court in self.store.courts().await? {
            if self.sign_checkpoint(court.id, force).await?.is_some() {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Exports one court's proof bundle (signing a fresh checkpoint first).
    pub async fn export_bundle(&self, court_code: &str) -> AppResult<ProofBundle> {
        let court = self
            .store
            .court_by_code(court_code)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("法院“{court_code}”")))?;
        self.sign_checkpoint(court.id, false).await?;
        let mut events = vec![];
        let mut after = 0;
        loop {
            let page = self.store.chain_by_height(court.id, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.height;
            events.extend(page);
        }
        Ok(ProofBundle {
            format: BUNDLE_FORMAT.into(),
            court_code: court.code.clone(),
            court_name: court.name.clone(),
            suite: court.suite.as_str().into(),
            exported_at_ms: self.now_ms(),
            public_keys: self.store.court_keys(court.id).await?,
            checkpoints: self.store.checkpoints(court.id).await?,
            events,
        })
    }
}
