//! Lifecycle storage: required actions done, gate certifications, deadlines,
//! warnings, clock stops and batch imports.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, Tx, opt_str, parse_date};

// ---------- actions ----------

/// Records that a required action was done; false if it already was.
pub async fn insert_action(
    tx: &mut Tx,
    case_id: i64,
    key: &str,
    done_on: NaiveDate,
    by: Option<i64>,
    note: &str,
    now_ms: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "INSERT INTO case_actions (case_id, action_key, done_on, done_at, done_by, note) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (case_id, action_key) DO NOTHING",
    )
    .bind(case_id)
    .bind(key)
    .bind(done_on.to_string())
    .bind(now_ms)
    .bind(by)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActionDone {
    pub key: String,
    pub done_on: NaiveDate,
    pub done_by: Option<i64>,
    pub note: String,
}

pub async fn actions_in_tx(tx: &mut Tx, case_id: i64) -> Result<Vec<ActionDone>> {
    let rows = sqlx::query("SELECT action_key, done_on, done_by, note FROM case_actions WHERE case_id = $1")
        .bind(case_id)
        .fetch_all(&mut **tx)
        .await?;
    rows.iter().map(action_from_row).collect()
}

fn action_from_row(r: &AnyRow) -> Result<ActionDone> {
    Ok(ActionDone {
        key: r.try_get("action_key")?,
        done_on: parse_date(&r.try_get::<String, _>("done_on")?)?,
        done_by: r.try_get("done_by")?,
        note: r.try_get("note")?,
    })
}

// ---------- gate certifications ----------

pub async fn insert_certification(
    tx: &mut Tx,
    case_id: i64,
    from: &str,
    to: &str,
    by: i64,
    note: &str,
    now_ms: i64,
) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO gate_certifications (case_id, from_stage, to_stage, certified_at, certified_by, note, used) \
         VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
    )
    .bind(case_id)
    .bind(from)
    .bind(to)
    .bind(now_ms)
    .bind(by)
    .bind(note)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

/// An unused certification of this gate, if any.
pub async fn open_certification(tx: &mut Tx, case_id: i64, from: &str, to: &str) -> Result<Option<i64>> {
    let r = sqlx::query(
        "SELECT id FROM gate_certifications WHERE case_id = $1 AND from_stage = $2 AND to_stage = $3 AND used = 0 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(case_id)
    .bind(from)
    .bind(to)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(r.map(|r| r.try_get("id")).transpose()?)
}

pub async fn use_certification(tx: &mut Tx, id: i64) -> Result<()> {
    sqlx::query("UPDATE gate_certifications SET used = 1 WHERE id = $1").bind(id).execute(&mut **tx).await?;
    Ok(())
}

#[derive(Clone, Debug, PartialEq)]
pub struct Certification {
    pub from_stage: String,
    pub to_stage: String,
    pub certified_at_ms: i64,
    pub certified_by: i64,
    pub note: String,
    pub used: bool,
}

// ---------- deadlines ----------

#[derive(Clone, Debug, PartialEq)]
pub struct NewDeadline {
    pub case_id: i64,
    pub court_id: i64,
    pub rule_key: String,
    pub label: String,
    pub citation: String,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    pub warn_on: NaiveDate,
    pub escalate_on: NaiveDate,
    pub profile_version: String,
    pub calendar_version: String,
    pub pausable: bool,
    pub state: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeadlineRow {
    pub id: i64,
    pub case_id: i64,
    pub court_id: i64,
    pub rule_key: String,
    pub label: String,
    pub citation: String,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    pub warn_on: NaiveDate,
    pub escalate_on: NaiveDate,
    pub profile_version: String,
    pub calendar_version: String,
    pub pausable: bool,
    pub status: String,
    pub state: String,
    pub escalated: bool,
    pub closed_at_ms: Option<i64>,
}

const DEADLINE_COLS: &str = "id, case_id, court_id, rule_key, label, citation, starts_on, due_on, warn_on, escalate_on, \
    profile_version, calendar_version, pausable, status, state, escalated_at, closed_at";

fn deadline_from_row(r: &AnyRow) -> Result<DeadlineRow> {
    let d = |c: &str| -> Result<NaiveDate> { parse_date(&r.try_get::<String, _>(c)?) };
    Ok(DeadlineRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        court_id: r.try_get("court_id")?,
        rule_key: r.try_get("rule_key")?,
        label: r.try_get("label")?,
        citation: r.try_get("citation")?,
        starts_on: d("starts_on")?,
        due_on: d("due_on")?,
        warn_on: d("warn_on")?,
        escalate_on: d("escalate_on")?,
        profile_version: r.try_get("profile_version")?,
        calendar_version: r.try_get("calendar_version")?,
        pausable: r.try_get::<i64, _>("pausable")? != 0,
        status: r.try_get("status")?,
        state: r.try_get("state")?,
        escalated: r.try_get::<Option<i64>, _>("escalated_at")?.is_some(),
        closed_at_ms: r.try_get("closed_at")?,
    })
}

pub async fn insert_deadline(tx: &mut Tx, d: &NewDeadline) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO deadlines (case_id, court_id, rule_key, label, citation, starts_on, due_on, warn_on, escalate_on, \
         profile_version, calendar_version, pausable, status, state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13) RETURNING id",
    )
    .bind(d.case_id)
    .bind(d.court_id)
    .bind(&d.rule_key)
    .bind(&d.label)
    .bind(&d.citation)
    .bind(d.starts_on.to_string())
    .bind(d.due_on.to_string())
    .bind(d.warn_on.to_string())
    .bind(d.escalate_on.to_string())
    .bind(&d.profile_version)
    .bind(&d.calendar_version)
    .bind(i64::from(d.pausable))
    .bind(d.state)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn open_deadlines_in_tx(tx: &mut Tx, case_id: i64) -> Result<Vec<DeadlineRow>> {
    let sql = format!("SELECT {DEADLINE_COLS} FROM deadlines WHERE case_id = $1 AND status = 'open' ORDER BY due_on");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case_id).fetch_all(&mut **tx).await?;
    rows.iter().map(deadline_from_row).collect()
}

/// Closes an open deadline: `met` (done in time), `missed` (done late) or `cancelled` (case closed).
pub async fn close_deadline(tx: &mut Tx, id: i64, status: &str, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE deadlines SET status = $1, closed_at = $2 WHERE id = $3 AND status = 'open'")
        .bind(status)
        .bind(now_ms)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves an open deadline's dates (after a clock stop).
pub async fn reschedule_deadline(
    tx: &mut Tx,
    id: i64,
    due_on: NaiveDate,
    warn_on: NaiveDate,
    escalate_on: NaiveDate,
    state: &str,
) -> Result<()> {
    sqlx::query("UPDATE deadlines SET due_on = $1, warn_on = $2, escalate_on = $3, state = $4 WHERE id = $5")
        .bind(due_on.to_string())
        .bind(warn_on.to_string())
        .bind(escalate_on.to_string())
        .bind(state)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Open deadlines whose state must change today: normal ones whose warning
/// day has come, due-soon ones now past due, and overdue ones to escalate.
/// Each query walks an index from its start, so the cost follows the number
/// of items due, not the number of cases.
pub async fn sweep_candidates(tx: &mut Tx, today: NaiveDate, limit: i64) -> Result<Vec<DeadlineRow>> {
    let t = today.to_string();
    let sql = format!(
        "SELECT {DEADLINE_COLS} FROM deadlines WHERE status = 'open' AND state = 'normal' AND warn_on <= $1 \
         UNION ALL SELECT {DEADLINE_COLS} FROM deadlines WHERE status = 'open' AND state = 'due_soon' AND due_on < $1 \
         UNION ALL SELECT {DEADLINE_COLS} FROM deadlines WHERE status = 'open' AND escalated_at IS NULL AND state = 'overdue' AND escalate_on <= $1 \
         LIMIT $2"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&t).bind(limit).fetch_all(&mut **tx).await?;
    rows.iter().map(deadline_from_row).collect()
}

pub async fn set_deadline_state(tx: &mut Tx, id: i64, state: &str, now_ms: i64) -> Result<()> {
    let col = match state {
        "due_soon" => "warned_at",
        _ => "overdue_at",
    };
    let sql = format!("UPDATE deadlines SET state = $1, {col} = $2 WHERE id = $3");
    sqlx::query(sqlx::AssertSqlSafe(sql)).bind(state).bind(now_ms).bind(id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn mark_escalated(tx: &mut Tx, id: i64, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE deadlines SET escalated_at = $1 WHERE id = $2")
        .bind(now_ms)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Sets the state of many deadlines at once (the sweep), with the matching
/// time column (`warned_at` for due-soon, `overdue_at` for overdue).
pub async fn set_deadline_states(tx: &mut Tx, ids: &[i64], state: &str, now_ms: i64) -> Result<()> {
    let col = match state {
        "due_soon" => "warned_at",
        _ => "overdue_at",
    };
    for chunk in ids.chunks(100) {
        let ps: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
        let sql = format!("UPDATE deadlines SET state = $1, {col} = $2 WHERE id IN ({})", ps.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(state).bind(now_ms);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Marks many deadlines escalated at once (the sweep).
pub async fn mark_escalated_many(tx: &mut Tx, ids: &[i64], now_ms: i64) -> Result<()> {
    for chunk in ids.chunks(100) {
        let ps: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("UPDATE deadlines SET escalated_at = $1 WHERE id IN ({})", ps.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now_ms);
        for id in chunk {
            q = q.bind(*id);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Case number and handler of many cases at once (the sweep's messages).
pub async fn case_heads_in_tx(
    tx: &mut Tx,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, (String, Option<i64>)>> {
    let mut out = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(100) {
        let ps: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 1)).collect();
        let sql = format!("SELECT id, case_no, handler_id FROM cases WHERE id IN ({})", ps.join(", "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut **tx).await? {
            out.insert(r.try_get("id")?, (r.try_get("case_no")?, r.try_get("handler_id")?));
        }
    }
    Ok(out)
}

// ---------- warnings ----------

#[derive(Clone, Debug, PartialEq)]
pub struct NewWarning<'a> {
    pub court_id: i64,
    pub case_id: i64,
    pub deadline_id: Option<i64>,
    pub kind: &'a str,
    pub to_user_id: Option<i64>,
    pub to_role: Option<&'a str>,
    pub message: &'a str,
}

pub async fn insert_warning(tx: &mut Tx, w: &NewWarning<'_>, now_ms: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO warnings (court_id, case_id, deadline_id, kind, to_user_id, to_role, message, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(w.court_id)
    .bind(w.case_id)
    .bind(w.deadline_id)
    .bind(w.kind)
    .bind(w.to_user_id)
    .bind(w.to_role)
    .bind(w.message)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts many warnings in multi-row statements (the sweep).
pub async fn insert_warnings(tx: &mut Tx, ws: &[NewWarning<'_>], now_ms: i64) -> Result<()> {
    use crate::bulk::{Val, insert_many};
    let rows: Vec<Vec<Val>> = ws
        .iter()
        .map(|w| {
            vec![
                Val::I(w.court_id),
                Val::I(w.case_id),
                w.deadline_id.into(),
                Val::S(w.kind.to_string()),
                w.to_user_id.into(),
                w.to_role.map(str::to_string).into(),
                Val::S(w.message.to_string()),
                Val::I(now_ms),
            ]
        })
        .collect();
    insert_many(
        tx,
        "warnings",
        &["court_id", "case_id", "deadline_id", "kind", "to_user_id", "to_role", "message", "created_at"],
        &rows,
    )
    .await
}

#[derive(Clone, Debug, PartialEq)]
pub struct WarningRow {
    pub id: i64,
    pub case_id: i64,
    pub case_no: String,
    pub kind: String,
    pub message: String,
    pub created_at_ms: i64,
    pub read: bool,
}

// ---------- pauses ----------

#[derive(Clone, Debug, PartialEq)]
pub struct PauseRow {
    pub id: i64,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub reason: String,
}

pub async fn insert_pause(tx: &mut Tx, case_id: i64, kind: &str, starts_on: NaiveDate, reason: &str) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO case_pauses (case_id, kind, starts_on, ends_on, reason) VALUES ($1, $2, $3, NULL, $4) RETURNING id",
    )
    .bind(case_id)
    .bind(kind)
    .bind(starts_on.to_string())
    .bind(reason)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn end_pause(tx: &mut Tx, case_id: i64, ends_on: NaiveDate) -> Result<bool> {
    let r = sqlx::query("UPDATE case_pauses SET ends_on = $1 WHERE case_id = $2 AND ends_on IS NULL")
        .bind(ends_on.to_string())
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(r.rows_affected() > 0)
}

pub async fn pauses_in_tx(tx: &mut Tx, case_id: i64) -> Result<Vec<PauseRow>> {
    let rows = sqlx::query(
        "SELECT id, kind, starts_on, ends_on, reason FROM case_pauses WHERE case_id = $1 ORDER BY starts_on",
    )
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(pause_from_row).collect()
}

fn pause_from_row(r: &AnyRow) -> Result<PauseRow> {
    Ok(PauseRow {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        starts_on: parse_date(&r.try_get::<String, _>("starts_on")?)?,
        ends_on: opt_str(r, "ends_on")?.map(|s| parse_date(&s)).transpose()?,
        reason: r.try_get("reason")?,
    })
}

// ---------- case fields set by the lifecycle ----------

pub async fn set_triage_suggestion(tx: &mut Tx, case_id: i64, track: &str, reasons: &str) -> Result<()> {
    sqlx::query("UPDATE cases SET suggested_track = $1, triage_reasons = $2 WHERE id = $3")
        .bind(track)
        .bind(reasons)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_case_deadline(tx: &mut Tx, case_id: i64, deadline_on: Option<NaiveDate>) -> Result<()> {
    sqlx::query("UPDATE cases SET deadline_on = $1 WHERE id = $2")
        .bind(deadline_on.map(|d| d.to_string()))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_parent_case(tx: &mut Tx, case_id: i64, parent: i64) -> Result<()> {
    sqlx::query("UPDATE cases SET parent_case_id = $1 WHERE id = $2")
        .bind(parent)
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// ---------- batch imports ----------

#[derive(Clone, Debug, PartialEq)]
pub struct BatchRow {
    pub id: i64,
    pub court_id: i64,
    pub file_sha256: String,
    pub filename: String,
    pub uploaded_by: i64,
    pub created_at_ms: i64,
    pub total_rows: i64,
    pub filed: i64,
    pub failed: i64,
    /// JSON list of row errors.
    pub errors: String,
}

fn batch_from_row(r: &AnyRow) -> Result<BatchRow> {
    Ok(BatchRow {
        id: r.try_get("id")?,
        court_id: r.try_get("court_id")?,
        file_sha256: r.try_get("file_sha256")?,
        filename: r.try_get("filename")?,
        uploaded_by: r.try_get("uploaded_by")?,
        created_at_ms: r.try_get("created_at")?,
        total_rows: r.try_get("total_rows")?,
        filed: r.try_get("filed")?,
        failed: r.try_get("failed")?,
        errors: r.try_get("errors")?,
    })
}

const BATCH_COLS: &str =
    "id, court_id, file_sha256, filename, uploaded_by, created_at, total_rows, filed, failed, errors";

pub async fn insert_batch(tx: &mut Tx, b: &BatchRow) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO batch_imports (court_id, file_sha256, filename, uploaded_by, created_at, total_rows, filed, failed, errors) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(b.court_id)
    .bind(&b.file_sha256)
    .bind(&b.filename)
    .bind(b.uploaded_by)
    .bind(b.created_at_ms)
    .bind(b.total_rows)
    .bind(b.filed)
    .bind(b.failed)
    .bind(&b.errors)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

pub async fn batch_by_hash_in_tx(tx: &mut Tx, court_id: i64, sha: &str) -> Result<Option<BatchRow>> {
    let sql = format!("SELECT {BATCH_COLS} FROM batch_imports WHERE court_id = $1 AND file_sha256 = $2");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(court_id).bind(sha).fetch_optional(&mut **tx).await?;
    r.as_ref().map(batch_from_row).transpose()
}

pub async fn set_case_batch(tx: &mut Tx, case_id: i64, batch_id: i64) -> Result<()> {
    sqlx::query("UPDATE cases SET batch_id = $1 WHERE id = $2").bind(batch_id).bind(case_id).execute(&mut **tx).await?;
    Ok(())
}

impl Store {
    pub async fn actions(&self, case_id: i64) -> Result<Vec<ActionDone>> {
        let rows = sqlx::query(
            "SELECT action_key, done_on, done_by, note FROM case_actions WHERE case_id = $1 ORDER BY done_at",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(action_from_row).collect()
    }

    pub async fn certifications(&self, case_id: i64) -> Result<Vec<Certification>> {
        let rows = sqlx::query(
            "SELECT from_stage, to_stage, certified_at, certified_by, note, used FROM gate_certifications \
             WHERE case_id = $1 ORDER BY id",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Certification {
                    from_stage: r.try_get("from_stage")?,
                    to_stage: r.try_get("to_stage")?,
                    certified_at_ms: r.try_get("certified_at")?,
                    certified_by: r.try_get("certified_by")?,
                    note: r.try_get("note")?,
                    used: r.try_get::<i64, _>("used")? != 0,
                })
            })
            .collect()
    }

    pub async fn deadlines(&self, case_id: i64) -> Result<Vec<DeadlineRow>> {
        let sql = format!("SELECT {DEADLINE_COLS} FROM deadlines WHERE case_id = $1 ORDER BY status DESC, due_on");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case_id).fetch_all(self.reader()).await?;
        rows.iter().map(deadline_from_row).collect()
    }

    pub async fn pauses(&self, case_id: i64) -> Result<Vec<PauseRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, starts_on, ends_on, reason FROM case_pauses WHERE case_id = $1 ORDER BY starts_on",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(pause_from_row).collect()
    }

    /// Open deadlines of cases in the given scope, most urgent first.
    pub async fn urgent_deadlines(
        &self,
        scope: &crate::cases::ScopeFilter,
        handler_id: Option<i64>,
        states: &[&str],
        limit: i64,
    ) -> Result<Vec<(DeadlineRow, String)>> {
        // Only the states the sweep writes; anything else is not a state.
        let state_list: Vec<String> = states
            .iter()
            .filter(|s| matches!(**s, "normal" | "due_soon" | "overdue"))
            .map(|s| format!("'{s}'"))
            .collect();
        if state_list.is_empty() {
            return Ok(vec![]);
        }
        let (cond, binds) = crate::cases::scope_condition(scope, handler_id);
        let cols: Vec<String> = DEADLINE_COLS.split(", ").map(|c| format!("d.{c}")).collect();
        let sql = format!(
            "SELECT {}, c.case_no FROM deadlines d JOIN cases c ON c.id = d.case_id \
             WHERE d.status = 'open' AND d.state IN ({}) AND {cond} ORDER BY d.due_on, d.id LIMIT {}",
            cols.join(", "),
            state_list.join(", "),
            limit.clamp(1, 1000)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in &binds {
            q = q.bind(*b);
        }
        let rows = q.fetch_all(self.reader()).await?;
        rows.iter().map(|r| Ok((deadline_from_row(r)?, r.try_get("case_no")?))).collect()
    }

    pub async fn warnings_for(&self, user_id: i64, court_id: i64, role: &str, limit: i64) -> Result<Vec<WarningRow>> {
        let rows = sqlx::query(
            "SELECT w.id, w.case_id, c.case_no, w.kind, w.message, w.created_at, w.read_at FROM warnings w \
             JOIN cases c ON c.id = w.case_id \
             WHERE w.to_user_id = $1 OR (w.court_id = $2 AND w.to_role = $3) ORDER BY w.id DESC LIMIT $4",
        )
        .bind(user_id)
        .bind(court_id)
        .bind(role)
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(WarningRow {
                    id: r.try_get("id")?,
                    case_id: r.try_get("case_id")?,
                    case_no: r.try_get("case_no")?,
                    kind: r.try_get("kind")?,
                    message: r.try_get("message")?,
                    created_at_ms: r.try_get("created_at")?,
                    read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
                })
            })
            .collect()
    }

    pub async fn batch(&self, id: i64) -> Result<BatchRow> {
        let sql = format!("SELECT {BATCH_COLS} FROM batch_imports WHERE id = $1");
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(crate::StoreError::NotFound("批量立案记录"))?;
        batch_from_row(&r)
    }

    pub async fn batches(&self, court_id: i64, limit: i64) -> Result<Vec<BatchRow>> {
        let sql = format!("SELECT {BATCH_COLS} FROM batch_imports WHERE court_id = $1 ORDER BY id DESC LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(court_id).bind(limit).fetch_all(self.reader()).await?;
        rows.iter().map(batch_from_row).collect()
    }

    /// Directors of a court (escalation targets).
    pub async fn user_ids_with_role(&self, court_id: i64, role: &str) -> Result<Vec<i64>> {
        let rows = sqlx::query("SELECT id FROM users WHERE court_id = $1 AND role = $2 AND active = 1")
            .bind(court_id)
            .bind(role)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
    }
}

/// Sets the shown deadline of every case of a batch with this title type.
pub async fn set_batch_deadline(tx: &mut Tx, batch_id: i64, title_type: &str, due: NaiveDate) -> Result<()> {
    sqlx::query("UPDATE cases SET deadline_on = $1 WHERE batch_id = $2 AND title_type = $3")
        .bind(due.to_string())
        .bind(batch_id)
        .bind(title_type)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
