//! Cases and parties.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;
use zhixing_domain::case::{Closure, PartyKind, PartyRole, Track};

use crate::{Result, Store, StoreError, Tx, opt_str, parse_col, parse_date};

#[derive(Clone, Debug, PartialEq)]
pub struct CaseRow {
    pub id: i64,
    pub court_id: i64,
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub case_no: String,
    pub year: i64,
    pub type_code: String,
    pub seq: i64,
    pub title_type: String,
    pub title_doc_no: String,
    pub title_issuer: String,
    pub title_effective_on: Option<NaiveDate>,
    pub title_deadline_on: Option<NaiveDate>,
    pub cause: String,
    pub stage: String,
    pub track: Track,
    pub status: String,
    pub closure: Option<Closure>,
    pub filed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub deadline_on: Option<NaiveDate>,
    pub claim_fen: i64,
    pub outstanding_fen: i64,
    pub principal_fen: i64,
    pub costs_fen: i64,
    pub interest_terms: String,
    pub non_money: String,
    pub summary: String,
    pub version: i64,
    pub updated_at_ms: i64,
    pub updated_by: Option<i64>,
    pub suggested_track: Option<String>,
    pub triage_reasons: String,
    pub parent_case_id: Option<i64>,
    pub batch_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartyRow {
    pub id: i64,
    pub case_id: i64,
    pub ord: i64,
    pub role: PartyRole,
    pub kind: PartyKind,
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub region_code: Option<String>,
    pub agent: Option<String>,
}

/// What is inserted for a new case (the number is allocated here).
#[derive(Clone, Debug)]
pub struct NewCase {
    pub court_id: i64,
    pub court_code: String,
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub year: i32,
    pub type_code: String,
    pub title_type: String,
    pub title_doc_no: String,
    pub title_issuer: String,
    pub title_effective_on: Option<NaiveDate>,
    pub title_deadline_on: Option<NaiveDate>,
    pub cause: String,
    pub stage: String,
    pub track: Track,
    pub filed_on: NaiveDate,
    pub deadline_on: Option<NaiveDate>,
    pub claim_fen: i64,
    pub principal_fen: i64,
    pub costs_fen: i64,
    pub interest_terms: String,
    pub non_money: String,
    pub summary: String,
    pub search_text: String,
    pub created_by: Option<i64>,
    pub now_ms: i64,
}

/// A party to insert: the domain's cleaned party input.
pub use zhixing_domain::filing::PartyInput as NewParty;

const CASE_COLS: &str = "id, court_id, team_id, handler_id, case_no, year, type_code, seq, title_type, title_doc_no, \
    title_issuer, title_effective_on, cause, stage, track, status, closure, filed_on, closed_on, deadline_on, \
    claim_fen, outstanding_fen, summary, version, updated_at, updated_by, title_deadline_on, principal_fen, costs_fen, \
    interest_terms, non_money, suggested_track, triage_reasons, parent_case_id, batch_id";

fn case_from_row(r: &AnyRow) -> Result<CaseRow> {
    let date_opt = |col: &str| -> Result<Option<NaiveDate>> { opt_str(r, col)?.map(|s| parse_date(&s)).transpose() };
    Ok(CaseRow {
        id: r.try_get("id")?,
        court_id: r.try_get("court_id")?,
        team_id: r.try_get("team_id")?,
        handler_id: r.try_get("handler_id")?,
        case_no: r.try_get("case_no")?,
        year: r.try_get("year")?,
        type_code: r.try_get("type_code")?,
        seq: r.try_get("seq")?,
        title_type: r.try_get("title_type")?,
        title_doc_no: r.try_get("title_doc_no")?,
        title_issuer: r.try_get("title_issuer")?,
        title_effective_on: date_opt("title_effective_on")?,
        title_deadline_on: date_opt("title_deadline_on")?,
        cause: r.try_get("cause")?,
        stage: r.try_get("stage")?,
        track: parse_col(r, "track", Track::parse)?,
        status: r.try_get("status")?,
        closure: opt_str(r, "closure")?.map(|s| Closure::parse(&s).ok_or(StoreError::Corrupt(s))).transpose()?,
        filed_on: parse_date(&r.try_get::<String, _>("filed_on")?)?,
        closed_on: date_opt("closed_on")?,
        deadline_on: date_opt("deadline_on")?,
        claim_fen: r.try_get("claim_fen")?,
        outstanding_fen: r.try_get("outstanding_fen")?,
        principal_fen: r.try_get("principal_fen")?,
        costs_fen: r.try_get("costs_fen")?,
        interest_terms: r.try_get("interest_terms")?,
        non_money: r.try_get("non_money")?,
        summary: r.try_get("summary")?,
        version: r.try_get("version")?,
        updated_at_ms: r.try_get("updated_at")?,
        updated_by: r.try_get("updated_by")?,
        suggested_track: r.try_get("suggested_track")?,
        triage_reasons: r.try_get("triage_reasons")?,
        parent_case_id: r.try_get("parent_case_id")?,
        batch_id: r.try_get("batch_id")?,
    })
}

fn party_from_row(r: &AnyRow) -> Result<PartyRow> {
    Ok(PartyRow {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        ord: r.try_get("ord")?,
        role: parse_col(r, "role", PartyRole::parse)?,
        kind: parse_col(r, "kind", PartyKind::parse)?,
        name: r.try_get("name")?,
        id_number: r.try_get("id_number")?,
        phone: r.try_get("phone")?,
        address: r.try_get("address")?,
        region_code: r.try_get("region_code")?,
        agent: r.try_get("agent")?,
    })
}

/// Allocates the next sequence number for a court, year and type code.
/// One atomic upsert: safe under concurrent filing on both backends, and a
/// rolled-back filing gives its number back (the counter update rolls back too),
/// so numbers are never skipped.
pub async fn next_case_seq(tx: &mut Tx, court_id: i64, year: i32, type_code: &str) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO case_counters (court_id, year, type_code, last_seq) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (court_id, year, type_code) DO UPDATE SET last_seq = case_counters.last_seq + 1 \
         RETURNING last_seq",
    )
    .bind(court_id)
    .bind(i64::from(year))
    .bind(type_code)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("last_seq")?)
}

/// Inserts a case with a freshly allocated number; returns (id, seq).
pub async fn insert_case(tx: &mut Tx, c: &NewCase, case_no: impl Fn(i64) -> String) -> Result<(i64, i64, String)> {
    let seq = next_case_seq(tx, c.court_id, c.year, &c.type_code).await?;
    let no = case_no(seq);
    let search_text = format!("{no} {}", c.search_text);
    let r = sqlx::query(
        "INSERT INTO cases (court_id, team_id, handler_id, case_no, year, type_code, seq, title_type, title_doc_no, \
         title_issuer, title_effective_on, cause, stage, track, status, filed_on, deadline_on, claim_fen, \
         outstanding_fen, summary, search_text, version, updated_at, updated_by, title_deadline_on, principal_fen, costs_fen, \
         interest_terms, non_money) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'open', $15, $16, $17, $17, $18, $19, 1, $20, $21, \
         $22, $23, $24, $25, $26) RETURNING id",
    )
    .bind(c.court_id)
    .bind(c.team_id)
    .bind(c.handler_id)
    .bind(&no)
    .bind(i64::from(c.year))
    .bind(&c.type_code)
    .bind(seq)
    .bind(&c.title_type)
    .bind(&c.title_doc_no)
    .bind(&c.title_issuer)
    .bind(c.title_effective_on.map(|d| d.to_string()))
    .bind(&c.cause)
    .bind(&c.stage)
    .bind(c.track.as_str())
    .bind(c.filed_on.to_string())
    .bind(c.deadline_on.map(|d| d.to_string()))
    .bind(c.claim_fen)
    .bind(&c.summary)
    .bind(&search_text)
    .bind(c.now_ms)
    .bind(c.created_by)
    .bind(c.title_deadline_on.map(|d| d.to_string()))
    .bind(c.principal_fen)
    .bind(c.costs_fen)
    .bind(&c.interest_terms)
    .bind(&c.non_money)
    .fetch_one(&mut **tx)
    .await?;
    Ok((r.try_get("id")?, seq, no))
}

pub async fn insert_party(tx: &mut Tx, case_id: i64, ord: i64, p: &NewParty) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO parties (case_id, ord, role, kind, name, id_number, phone, address, region_code, agent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(case_id)
    .bind(ord)
    .bind(p.role.as_str())
    .bind(p.kind.as_str())
    .bind(&p.name)
    .bind(&p.id_number)
    .bind(&p.phone)
    .bind(&p.address)
    .bind(&p.region_code)
    .bind(&p.agent)
    .fetch_one(&mut **tx)
    .await?;
    Ok(r.try_get("id")?)
}

/// Reads a case inside a write transaction (for version checks).
pub async fn case_in_tx(tx: &mut Tx, id: i64) -> Result<CaseRow> {
    let sql = format!("SELECT {CASE_COLS} FROM cases WHERE id = $1");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("案件"))?;
    case_from_row(&r)
}

/// The fields a handling update may change.
#[derive(Clone, Debug)]
pub struct CaseUpdate {
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub stage: String,
    pub track: Track,
    pub summary: String,
    pub deadline_on: Option<NaiveDate>,
}

/// Writes an update if the case is still at `expected_version`; returns
/// false when someone else changed it first.
pub async fn update_case(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    u: &CaseUpdate,
    by: i64,
    now_ms: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE cases SET team_id = $1, handler_id = $2, stage = $3, track = $4, summary = $5, deadline_on = $6, \
         version = version + 1, updated_at = $7, updated_by = $8 WHERE id = $9 AND version = $10",
    )
    .bind(u.team_id)
    .bind(u.handler_id)
    .bind(&u.stage)
    .bind(u.track.as_str())
    .bind(&u.summary)
    .bind(u.deadline_on.map(|d| d.to_string()))
    .bind(now_ms)
    .bind(by)
    .bind(id)
    .bind(expected_version)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Which cases a list may show: the caller (the application layer) turns
/// the user's access scope into one of these.
#[derive(Clone, Debug)]
pub enum ScopeFilter {
    Courts(Vec<i64>),
    Team { court_id: i64, team_id: i64 },
    Linked { user_id: i64 },
    Nothing,
}

/// List filters.
#[derive(Clone, Debug, Default)]
pub struct CaseFilter {
    pub stage: Option<String>,
    pub track: Option<Track>,
    pub handler_id: Option<i64>,
    pub status: Option<String>,
    /// Deadline state relative to `today`: overdue, due_soon, normal.
    pub deadline: Option<(zhixing_domain::case::DeadlineState, NaiveDate, i64)>,
    /// Case number or party name fragment.
    pub query: Option<String>,
}

#[derive(Clone, Debug)]
pub struct CasePage {
    pub total: i64,
    pub items: Vec<CaseRow>,
}

/// Builds the WHERE clause; returns SQL and binds as strings/ints in order.
enum Bind {
    I(i64),
    S(String),
}

fn where_clause(scope: &ScopeFilter, f: &CaseFilter, sqlite_fts: bool) -> (String, Vec<Bind>) {
    let mut conds: Vec<String> = vec![];
    let mut binds: Vec<Bind> = vec![];
    let next = |b: Bind, binds: &mut Vec<Bind>| {
        binds.push(b);
        format!("${}", binds.len())
    };
    match scope {
        ScopeFilter::Courts(ids) => {
            if ids.is_empty() {
                conds.push("1 = 0".into());
            } else {
                let ps: Vec<String> = ids.iter().map(|i| next(Bind::I(*i), &mut binds)).collect();
                conds.push(format!("c.court_id IN ({})", ps.join(", ")));
            }
        }
        ScopeFilter::Team { court_id, team_id } => {
            let a = next(Bind::I(*court_id), &mut binds);
            let b = next(Bind::I(*team_id), &mut binds);
            conds.push(format!("c.court_id = {a} AND c.team_id = {b}"));
        }
        ScopeFilter::Linked { user_id } => {
            let a = next(Bind::I(*user_id), &mut binds);
            conds.push(format!("c.id IN (SELECT case_id FROM case_access WHERE user_id = {a})"));
        }
        ScopeFilter::Nothing => conds.push("1 = 0".into()),
    }
    if let Some(s) = &f.stage {
        let p = next(Bind::S(s.clone()), &mut binds);
        conds.push(format!("c.stage = {p}"));
    }
    if let Some(t) = f.track {
        let p = next(Bind::S(t.as_str().into()), &mut binds);
        conds.push(format!("c.track = {p}"));
    }
    if let Some(h) = f.handler_id {
        let p = next(Bind::I(h), &mut binds);
        conds.push(format!("c.handler_id = {p}"));
    }
    if let Some(s) = &f.status {
        let p = next(Bind::S(s.clone()), &mut binds);
        conds.push(format!("c.status = {p}"));
    }
    if let Some((state, today, warn_days)) = f.deadline {
        use zhixing_domain::case::DeadlineState::*;
        let today_s = today.to_string();
        let soon = (today + chrono::Duration::days(warn_days)).to_string();
        conds.push("c.status = 'open' AND c.deadline_on IS NOT NULL".into());
        match state {
            Overdue => {
                let p = next(Bind::S(today_s), &mut binds);
                conds.push(format!("c.deadline_on < {p}"));
            }
            DueSoon => {
                let a = next(Bind::S(today_s), &mut binds);
                let b = next(Bind::S(soon), &mut binds);
                conds.push(format!("c.deadline_on >= {a} AND c.deadline_on <= {b}"));
            }
            Normal => {
                let p = next(Bind::S(soon), &mut binds);
                conds.push(format!("c.deadline_on > {p}"));
            }
        }
    }
    if let Some(q) = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let plain = !q.contains(['%', '_', '\\']);
        if sqlite_fts && plain && q.chars().count() >= 3 {
            // The trigram index answers a LIKE without ESCAPE (0004_indexes.sql).
            let p = next(Bind::S(format!("%{q}%")), &mut binds);
            conds.push(format!("c.id IN (SELECT rowid FROM cases_search WHERE search_text LIKE {p})"));
        } else {
            let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let p = next(Bind::S(format!("%{escaped}%")), &mut binds);
            conds.push(format!("c.search_text LIKE {p} ESCAPE '\\'"));
        }
    }
    (conds.join(" AND "), binds)
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for b in binds {
        q = match b {
            Bind::I(i) => q.bind(*i),
            Bind::S(s) => q.bind(s.as_str()),
        };
    }
    q
}

impl Store {
    pub async fn case(&self, id: i64) -> Result<CaseRow> {
        let sql = format!("SELECT {CASE_COLS} FROM cases WHERE id = $1");
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound("案件"))?;
        case_from_row(&r)
    }

    pub async fn parties(&self, case_id: i64) -> Result<Vec<PartyRow>> {
        let rows = sqlx::query(
            "SELECT id, case_id, ord, role, kind, name, id_number, phone, address, region_code, agent FROM parties \
             WHERE case_id = $1 ORDER BY ord",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter().map(party_from_row).collect()
    }

    /// Applicant and debtor names of many cases at once (for list pages).
    pub async fn party_names(&self, case_ids: &[i64]) -> Result<Vec<(i64, PartyRole, String)>> {
        if case_ids.is_empty() {
            return Ok(vec![]);
        }
        let ps: Vec<String> = (1..=case_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT case_id, role, name FROM parties WHERE case_id IN ({}) ORDER BY case_id, ord",
            ps.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in case_ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(self.reader()).await?;
        rows.iter()
            .map(|r| Ok((r.try_get("case_id")?, parse_col(r, "role", PartyRole::parse)?, r.try_get("name")?)))
            .collect()
    }

    /// One page of cases: newest filing first, or, when filtering by
    /// deadline state, the earliest deadline first (the most overdue on top).
    ///
    /// A scope of several courts is answered court by court and merged, so
    /// that each part walks its court's index in order instead of sorting
    /// every case of a province.
    pub async fn list_cases(&self, scope: &ScopeFilter, f: &CaseFilter, offset: i64, limit: i64) -> Result<CasePage> {
        let limit = limit.clamp(1, 500);
        let offset = offset.max(0);
        if let ScopeFilter::Courts(ids) = scope
            && ids.len() > 1
            && ids.len() <= 32
            && offset <= 10_000
        {
            let mut total = 0;
            let mut items = vec![];
            for id in ids {
                let part = self.list_cases_one(&ScopeFilter::Courts(vec![*id]), f, 0, offset + limit).await?;
                total += part.total;
                items.extend(part.items);
            }
            let by_deadline = f.deadline.is_some();
            items.sort_by(|a, b| {
                if by_deadline {
                    a.deadline_on.cmp(&b.deadline_on).then(a.id.cmp(&b.id))
                } else {
                    b.filed_on.cmp(&a.filed_on).then(b.id.cmp(&a.id))
                }
            });
            let items = items.into_iter().skip(offset as usize).take(limit as usize).collect();
            return Ok(CasePage { total, items });
        }
        self.list_cases_one(scope, f, offset, limit).await
    }

    /// Cases resumed (执恢) from this one.
    pub async fn resumed_cases_of(&self, case_id: i64) -> Result<Vec<CaseRow>> {
        let sql = format!("SELECT {CASE_COLS} FROM cases WHERE parent_case_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case_id).fetch_all(self.reader()).await?;
        rows.iter().map(case_from_row).collect()
    }

    /// How many cases match (for counters; no rows fetched).
    pub async fn count_cases(&self, scope: &ScopeFilter, f: &CaseFilter) -> Result<i64> {
        let (cond, binds) = where_clause(scope, f, self.backend() == crate::Backend::Sqlite);
        let count_sql = format!("SELECT COUNT(*) AS n FROM cases c WHERE {cond}");
        Ok(bind_all(sqlx::query(sqlx::AssertSqlSafe(count_sql)), &binds)
            .fetch_one(self.reader())
            .await?
            .try_get("n")?)
    }

    async fn list_cases_one(&self, scope: &ScopeFilter, f: &CaseFilter, offset: i64, limit: i64) -> Result<CasePage> {
        let total = self.count_cases(scope, f).await?;
        let (cond, binds) = where_clause(scope, f, self.backend() == crate::Backend::Sqlite);
        let cols: Vec<String> = CASE_COLS.split(", ").map(|c| format!("c.{}", c.trim())).collect();
        let order = if f.deadline.is_some() { "c.deadline_on ASC, c.id ASC" } else { "c.filed_on DESC, c.id DESC" };
        let list_sql = format!(
            "SELECT {} FROM cases c WHERE {cond} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            cols.join(", "),
        );
        let rows = bind_all(sqlx::query(sqlx::AssertSqlSafe(list_sql)), &binds).fetch_all(self.reader()).await?;
        let items = rows.iter().map(case_from_row).collect::<Result<Vec<_>>>()?;
        Ok(CasePage { total, items })
    }

    /// Counts of open cases by stage in the given courts (for the board).
    pub async fn stage_counts(&self, court_ids: &[i64]) -> Result<Vec<(String, i64)>> {
        if court_ids.is_empty() {
            return Ok(vec![]);
        }
        let ps: Vec<String> = (1..=court_ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT stage, COUNT(*) AS n FROM cases WHERE court_id IN ({}) GROUP BY stage ORDER BY stage",
            ps.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in court_ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(self.reader()).await?;
        rows.iter().map(|r| Ok((r.try_get("stage")?, r.try_get("n")?))).collect()
    }
}

/// Closes a case if still at `expected_version`.
pub async fn close_case(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    closure: Closure,
    closed_on: NaiveDate,
    by: i64,
    now_ms: i64,
) -> Result<bool> {
    let r = sqlx::query(
        "UPDATE cases SET status = 'closed', stage = 'closed', closure = $1, closed_on = $2, version = version + 1, \
         updated_at = $3, updated_by = $4 WHERE id = $5 AND version = $6 AND status = 'open'",
    )
    .bind(closure.as_str())
    .bind(closed_on.to_string())
    .bind(now_ms)
    .bind(by)
    .bind(id)
    .bind(expected_version)
    .execute(&mut **tx)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// The SQL condition (over alias `c`) for a scope, with its integer binds
/// numbered from $1.
pub(crate) fn scope_condition(scope: &ScopeFilter, handler_id: Option<i64>) -> (String, Vec<i64>) {
    let mut binds: Vec<i64> = vec![];
    let next = |v: i64, binds: &mut Vec<i64>| {
        binds.push(v);
        format!("${}", binds.len())
    };
    let mut cond = match scope {
        ScopeFilter::Courts(ids) if ids.is_empty() => "1 = 0".to_string(),
        ScopeFilter::Courts(ids) => {
            let ps: Vec<String> = ids.iter().map(|i| next(*i, &mut binds)).collect();
            format!("c.court_id IN ({})", ps.join(", "))
        }
        ScopeFilter::Team { court_id, team_id } => {
            let a = next(*court_id, &mut binds);
            let b = next(*team_id, &mut binds);
            format!("c.court_id = {a} AND c.team_id = {b}")
        }
        ScopeFilter::Linked { user_id } => {
            let a = next(*user_id, &mut binds);
            format!("c.id IN (SELECT case_id FROM case_access WHERE user_id = {a})")
        }
        ScopeFilter::Nothing => "1 = 0".to_string(),
    };
    if let Some(h) = handler_id {
        let p = next(h, &mut binds);
        cond = format!("{cond} AND c.handler_id = {p}");
    }
    (cond, binds)
}
