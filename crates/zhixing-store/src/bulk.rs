//! Multi-row inserts for batch work (batch filing, imports): one statement
//! per few hundred rows instead of one per row.

use sqlx::Row;

use crate::{Result, Tx};

/// A value of a bulk row.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    I(i64),
    S(String),
    /// A NULL of an integer column (PostgreSQL types its parameters).
    NullI,
    /// A NULL of a text column.
    NullS,
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Val::I(v)
    }
}
impl From<String> for Val {
    fn from(v: String) -> Self {
        Val::S(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Val::S(v.to_string())
    }
}
impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        v.map_or(Val::NullS, Val::S)
    }
}
impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Val::NullI, Val::I)
    }
}

/// Bind parameters per statement on PostgreSQL (its limit is 65,535).
const MAX_PARAMS_PG: usize = 30_000;
/// Bind parameters per statement on SQLite. Small on purpose: binding a
/// parameter looks its name up in a list that SQLite scans from the start
/// (`sqlite3_bind_parameter_name`, which sqlx calls for each argument), so a
/// statement of n parameters costs n²/2 steps. With 30,000 parameters per
/// statement a 100,000-row batch filing spent 70 % of its 213 s there; the
/// statement itself is prepared once and cached, so many small ones are cheap.
const MAX_PARAMS_SQLITE: usize = 128;

/// Inserts `rows` into `table` (trusted identifiers only: callers pass constants).
pub async fn insert_many(tx: &mut Tx, table: &'static str, cols: &[&'static str], rows: &[Vec<Val>]) -> Result<()> {
    if rows.is_empty() || cols.is_empty() {
        return Ok(());
    }
    let budget = if tx.backend_name() == "SQLite" { MAX_PARAMS_SQLITE } else { MAX_PARAMS_PG };
    let per_stmt = (budget / cols.len()).clamp(1, 500);
    for chunk in rows.chunks(per_stmt) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
        let mut n = 0usize;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..cols.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                sql.push('$');
                sql.push_str(&n.to_string());
            }
            sql.push(')');
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    Val::I(i) => q.bind(*i),
                    Val::S(s) => q.bind(s.as_str()),
                    Val::NullI => q.bind(None::<i64>),
                    Val::NullS => q.bind(None::<String>),
                };
            }
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Allocates `n` consecutive case numbers at once; returns the first.
pub async fn allocate_case_seqs(tx: &mut Tx, court_id: i64, year: i32, type_code: &str, n: i64) -> Result<i64> {
    let r = sqlx::query(
        "INSERT INTO case_counters (court_id, year, type_code, last_seq) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (court_id, year, type_code) DO UPDATE SET last_seq = case_counters.last_seq + $4 \
         RETURNING last_seq",
    )
    .bind(court_id)
    .bind(i64::from(year))
    .bind(type_code)
    .bind(n)
    .fetch_one(&mut **tx)
    .await?;
    let last: i64 = r.try_get("last_seq")?;
    Ok(last - n + 1)
}

/// Ids of a court's cases with sequence numbers in `first..=last` of a year and type.
pub async fn case_ids_by_seq(
    tx: &mut Tx,
    court_id: i64,
    year: i32,
    type_code: &str,
    first: i64,
    last: i64,
) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT seq, id FROM cases WHERE court_id = $1 AND year = $2 AND type_code = $3 AND seq >= $4 AND seq <= $5",
    )
    .bind(court_id)
    .bind(i64::from(year))
    .bind(type_code)
    .bind(first)
    .bind(last)
    .fetch_all(&mut **tx)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("seq")?, r.try_get("id")?))).collect()
}
