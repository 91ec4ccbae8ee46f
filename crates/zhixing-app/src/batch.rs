//! Batch filing (批量立案) from a spreadsheet: one auditable act, one
//! transaction. Every valid row is filed with its number, parties, clocks and
//! `case.filed` event; every invalid row is reported with row, column and
//! reason; the same file uploaded again files nothing.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::json;
use zhixing_domain::access::Action;
use zhixing_domain::case::Track;
use zhixing_domain::event::kind as ev_kind;
use zhixing_domain::profile::{CaseFacts, Trigger};
use zhixing_import::{ParsedBatch, RowError};
use zhixing_store::StoreError;
use zhixing_store::bulk::{self, Val};
use zhixing_store::events::{self, NewEvent};
use zhixing_store::lifecycle::{self as lc, BatchRow};

use crate::auth::Actor;
use crate::lifecycle::{kind, new_deadline};
use crate::{App, AppError, AppResult};

/// What a batch upload did.
#[derive(Clone, Debug, Serialize)]
pub struct BatchResult {
    pub batch_id: i64,
    pub total_rows: i64,
    pub filed: i64,
    pub failed: i64,
    /// The same file had been uploaded before: nothing was filed now.
    pub already_uploaded: bool,
    pub errors: Vec<RowError>,
    /// First and last case number filed.
    pub first_case_no: Option<String>,
    pub last_case_no: Option<String>,
}

/// What is kept of a batch's errors (to rebuild the error sheet).
#[derive(Serialize, Deserialize)]
struct StoredErrors {
    headers: Vec<String>,
    errors: Vec<RowError>,
    first_case_no: Option<String>,
    last_case_no: Option<String>,
}

fn import_error(e: zhixing_import::ImportError) -> AppError {
    AppError::invalid("file", e.to_string())
}

impl App {
    /// Files every valid row of an uploaded .xlsx or .csv.
    pub async fn file_batch(&self, actor: &Actor, filename: &str, bytes: Vec<u8>) -> AppResult<BatchResult> {
        actor.require(Action::BatchFile)?;
        let today = self.today();
        let parsed: ParsedBatch = tokio::task::spawn_blocking(move || zhixing_import::parse_upload(&bytes, today))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(import_error)?;
        self.file_parsed_batch(actor, filename, parsed).await
    }

    /// Files an already parsed batch (also used by the benchmark).
    pub async fn file_parsed_batch(
        &self,
        actor: &Actor,
        filename: &str,
        parsed: ParsedBatch,
    ) -> AppResult<BatchResult> {
        actor.require(Action::BatchFile)?;
        let court = self.store.court(actor.court_id).await?;
        let profile = self.profiles().for_court(&court.code)?;
        let cal = self.calendar()?;
        let today = self.today();
        let now = self.now_ms();
        let year = chrono::Datelike::year(&today);
        let filename: String = filename.trim().chars().take(200).collect();
        let mut tx = self.store.begin().await?;
        if let Some(prev) = lc::batch_by_hash_in_tx(&mut tx, court.id, &parsed.file_sha256).await? {
            let stored: Option<StoredErrors> = serde_json::from_str(&prev.errors).ok();
            return Ok(BatchResult {
                batch_id: prev.id,
                total_rows: prev.total_rows,
                filed: 0,
                failed: prev.failed,
                already_uploaded: true,
                errors: stored.as_ref().map(|s| s.errors.clone()).unwrap_or_default(),
                first_case_no: stored.as_ref().and_then(|s| s.first_case_no.clone()),
                last_case_no: stored.and_then(|s| s.last_case_no),
            });
        }
        let filed = i64::try_from(parsed.rows.len()).unwrap_or(0);
        let failed = i64::try_from(parsed.errors.len()).unwrap_or(0);
        let team_id = actor.team_id.filter(|_| actor.role.is_team_member());

        // Numbers: one allocation per case type.
        let mut by_type: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
        for (i, r) in parsed.rows.iter().enumerate() {
            by_type.entry(r.filing.case_type.code()).or_default().push(i);
        }
        let mut seq_of: Vec<(i64, String)> = vec![(0, String::new()); parsed.rows.len()];
        for (code, idxs) in &by_type {
            let n = i64::try_from(idxs.len()).unwrap_or(0);
            let first = bulk::allocate_case_seqs(&mut tx, court.id, year, code, n).await?;
            for (k, i) in idxs.iter().enumerate() {
                let seq = first + i64::try_from(k).unwrap_or(0);
                seq_of[*i] = (seq, format!("（{year}）{}{code}{seq}号", court.code));
            }
        }
        let placeholder = BatchRow {
            id: 0,
            court_id: court.id,
            file_sha256: parsed.file_sha256.clone(),
            filename: filename.clone(),
            uploaded_by: actor.user_id,
            created_at_ms: now,
            total_rows: filed + failed,
            filed,
            failed,
            errors: serde_json::to_string(&StoredErrors {
                headers: parsed.headers.clone(),
                errors: parsed.errors.clone(),
                first_case_no: seq_of.first().map(|s| s.1.clone()),
                last_case_no: seq_of.last().map(|s| s.1.clone()),
            })
            .map_err(|e| AppError::Internal(e.to_string()))?,
        };
        let batch_id = lc::insert_batch(&mut tx, &placeholder).await.map_err(|e| {
            if e.is_unique_violation() { AppError::Conflict("同一文件正在导入".into()) } else { e.into() }
        })?;

        // Deadlines depend only on the title type here (all start today).
        let mut limits_by_title: HashMap<String, Vec<zhixing_store::lifecycle::NewDeadline>> = HashMap::new();

        let mut case_rows = Vec::with_capacity(parsed.rows.len());
        for (i, r) in parsed.rows.iter().enumerate() {
            let f = &r.filing;
            let (seq, ref no) = seq_of[i];
            let search: Vec<&str> = f.parties.iter().map(|p| p.name.as_str()).collect();
            let overall = crate::cases::overall_deadline(&cal, today, &f.title_type);
            case_rows.push(vec![
                Val::I(court.id),
                team_id.into(),
                Val::NullI,
                Val::S(no.clone()),
                Val::I(i64::from(year)),
                Val::S(f.case_type.code().to_string()),
                Val::I(seq),
                Val::S(f.title_type.clone()),
                Val::S(f.title_doc_no.clone()),
                Val::S(f.title_issuer.clone()),
                f.title_effective_on.map(|d| d.to_string()).into(),
                Val::S(f.cause.clone()),
                Val::S("filing".into()),
                Val::S(Track::Untriaged.as_str().into()),
                Val::S("open".into()),
                Val::S(today.to_string()),
                Val::S(overall.to_string()),
                Val::I(f.claim.total().0),
                Val::I(f.claim.total().0),
                Val::S(f.summary.clone()),
                Val::S(format!("{no} {}", search.join(" "))),
                Val::I(1),
                Val::I(now),
                Val::I(actor.user_id),
                f.title_deadline_on.map(|d| d.to_string()).into(),
                Val::I(f.claim.principal.0),
                Val::I(f.claim.costs.0),
                Val::S(f.claim.interest_terms.clone()),
                Val::S(f.claim.non_money.clone()),
                Val::I(batch_id),
            ]);
        }
        bulk::insert_many(
            &mut tx,
            "cases",
            &[
                "court_id",
                "team_id",
                "handler_id",
                "case_no",
                "year",
                "type_code",
                "seq",
                "title_type",
                "title_doc_no",
                "title_issuer",
                "title_effective_on",
                "cause",
                "stage",
                "track",
                "status",
                "filed_on",
                "deadline_on",
                "claim_fen",
                "outstanding_fen",
                "summary",
                "search_text",
                "version",
                "updated_at",
                "updated_by",
                "title_deadline_on",
                "principal_fen",
                "costs_fen",
                "interest_terms",
                "non_money",
                "batch_id",
            ],
            &case_rows,
        )
        .await?;
        drop(case_rows);
        let mut id_of_seq: HashMap<(&'static str, i64), i64> = HashMap::new();
        for (code, idxs) in &by_type {
            let seqs: Vec<i64> = idxs.iter().map(|i| seq_of[*i].0).collect();
            let (lo, hi) = (seqs.iter().min().copied().unwrap_or(0), seqs.iter().max().copied().unwrap_or(0));
            for (seq, id) in bulk::case_ids_by_seq(&mut tx, court.id, year, code, lo, hi).await? {
                id_of_seq.insert((code, seq), id);
            }
        }
        let case_id = |i: usize| id_of_seq.get(&(parsed.rows[i].filing.case_type.code(), seq_of[i].0)).copied();

        let mut party_rows = vec![];
        let mut deadline_rows = vec![];
        let mut evs = Vec::with_capacity(parsed.rows.len() + 1);
        for (i, r) in parsed.rows.iter().enumerate() {
            let Some(cid) = case_id(i) else {
                return Err(AppError::Internal(format!("第 {} 行立案后找不到案件", r.row)));
            };
            let f = &r.filing;
            for (k, p) in f.parties.iter().enumerate() {
                party_rows.push(vec![
                    Val::I(cid),
                    Val::I(i64::try_from(k).unwrap_or(0) + 1),
                    Val::S(p.role.as_str().into()),
                    Val::S(p.kind.as_str().into()),
                    Val::S(p.name.clone()),
                    p.id_number.clone().into(),
                    p.phone.clone().into(),
                    p.address.clone().into(),
                    p.region_code.clone().into(),
                    p.agent.clone().into(),
                ]);
            }
            let template = limits_by_title.entry(f.title_type.clone()).or_insert_with(|| {
                let facts = CaseFacts {
                    case_type: f.case_type.code().to_string(),
                    title_type: f.title_type.clone(),
                    mass_case: true,
                    ..Default::default()
                };
                let mut out = vec![];
                for t in [Trigger::Filed, Trigger::StageEntered("filing".into())] {
                    for limit in profile.limits_started_by(&t, &facts) {
                        out.push(new_deadline(&court, 0, limit, today, today, &cal, &profile, &[]));
                    }
                }
                out
            });
            for d in template.iter() {
                deadline_rows.push(vec![
                    Val::I(cid),
                    Val::I(court.id),
                    Val::S(d.rule_key.clone()),
                    Val::S(d.label.clone()),
                    Val::S(d.citation.clone()),
                    Val::S(d.starts_on.to_string()),
                    Val::S(d.due_on.to_string()),
                    Val::S(d.warn_on.to_string()),
                    Val::S(d.escalate_on.to_string()),
                    Val::S(d.profile_version.clone()),
                    Val::S(d.calendar_version.clone()),
                    Val::I(i64::from(d.pausable)),
                    Val::S("open".into()),
                    Val::S(d.state.into()),
                ]);
            }
            evs.push(NewEvent {
                case_id: Some(cid),
                actor_id: Some(actor.user_id),
                actor: actor.label(),
                occurred_at_ms: now,
                kind: ev_kind::CASE_FILED,
                payload: json!({
                    "case_no": seq_of[i].1,
                    "case_type": f.case_type.code(),
                    "title": {"type": f.title_type, "doc_no": f.title_doc_no, "issuer": f.title_issuer,
                              "effective_on": f.title_effective_on.map(|d| d.to_string())},
                    "cause": f.cause,
                    "claim_fen": f.claim.total().0,
                    "principal_fen": f.claim.principal.0,
                    "costs_fen": f.claim.costs.0,
                    "stage": "filing",
                    "batch_id": batch_id,
                    "batch_row": r.row,
                    "notify_applicant": true,
                    "parties": f.parties.iter().map(|p| json!({"role": p.role.as_str(), "kind": p.kind.as_str()})).collect::<Vec<_>>(),
                }),
                personal: Some(json!({
                    "parties": f.parties.iter().map(|p| json!({
                        "name": p.name, "id_number": p.id_number, "phone": p.phone, "address": p.address,
                        "region_code": p.region_code, "agent": p.agent,
                    })).collect::<Vec<_>>(),
                })),
            });
        }
        bulk::insert_many(
            &mut tx,
            "parties",
            &["case_id", "ord", "role", "kind", "name", "id_number", "phone", "address", "region_code", "agent"],
            &party_rows,
        )
        .await?;
        drop(party_rows);
        bulk::insert_many(
            &mut tx,
            "deadlines",
            &[
                "case_id",
                "court_id",
                "rule_key",
                "label",
                "citation",
                "starts_on",
                "due_on",
                "warn_on",
                "escalate_on",
                "profile_version",
                "calendar_version",
                "pausable",
                "status",
                "state",
            ],
            &deadline_rows,
        )
        .await?;
        // The case row shows its nearest deadline (the same for every case of a title type).
        for (title, ds) in &limits_by_title {
            if let Some(n) = ds.iter().map(|d| d.due_on).min() {
                lc::set_batch_deadline(&mut tx, batch_id, title, n).await?;
            }
        }
        evs.push(NewEvent {
            case_id: None,
            actor_id: Some(actor.user_id),
            actor: actor.label(),
            occurred_at_ms: now,
            kind: kind::BATCH_FILED,
            payload: json!({"batch_id": batch_id, "file_sha256": parsed.file_sha256, "filename": filename,
                            "filed": filed, "failed": failed, "format": parsed.format}),
            personal: None,
        });
        events::append_many(&mut tx, &court.chain(), evs).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(BatchResult {
            batch_id,
            total_rows: filed + failed,
            filed,
            failed,
            already_uploaded: false,
            errors: parsed.errors,
            first_case_no: seq_of.first().map(|s| s.1.clone()),
            last_case_no: seq_of.last().map(|s| s.1.clone()),
        })
    }

    /// The error sheet (.xlsx) of a batch: the failed rows with their reasons.
    pub async fn batch_error_sheet(&self, actor: &Actor, batch_id: i64) -> AppResult<Vec<u8>> {
        actor.require(Action::BatchFile)?;
        let b = self.store.batch(batch_id).await?;
        if b.court_id != actor.court_id {
            return Err(AppError::NotFound("批量立案记录".into()));
        }
        let stored: StoredErrors =
            serde_json::from_str(&b.errors).map_err(|e| AppError::Internal(format!("错误记录无法读取：{e}")))?;
        let parsed = ParsedBatch {
            file_sha256: b.file_sha256,
            format: "xlsx",
            headers: stored.headers,
            rows: vec![],
            errors: stored.errors,
        };
        zhixing_import::error_sheet(&parsed).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// Recent batches of the actor's court.
    pub async fn batches(&self, actor: &Actor) -> AppResult<Vec<BatchRow>> {
        actor.require(Action::BatchFile)?;
        Ok(self.store.batches(actor.court_id, 50).await?)
    }
}
