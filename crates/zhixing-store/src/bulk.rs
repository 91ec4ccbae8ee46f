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

/// Rows per statement.
const ROWS_PER_STMT: usize = 2_000;

/// Inserts `rows` into `table` (trusted identifiers only: callers pass constants).
///
/// Each chunk of rows travels as ONE parameter, a JSON array of row arrays,
/// which the database unpacks itself (`json_each` on SQLite,
/// `jsonb_array_elements` on PostgreSQL). Binding values one by one costs far
/// more: sqlx copies every value into its own argument buffer, and SQLite
/// looks each parameter's name up in a list it scans from the start, so a
/// statement of n parameters costs n²/2 steps (a 100,000-row batch filing
/// spent 70 % of its 213 s there).
pub async fn insert_many(tx: &mut Tx, table: &'static str, cols: &[&'static str], rows: &[Vec<Val>]) -> Result<()> {
    if rows.is_empty() || cols.is_empty() {
        return Ok(());
    }
    let sqlite = tx.backend_name() == "SQLite";
    // Column types for PostgreSQL's casts, from the first row (callers build
    // every row of a table the same way).
    let is_int: Vec<bool> = (0..cols.len()).map(|c| matches!(rows[0].get(c), Some(Val::I(_) | Val::NullI))).collect();
    let picks: Vec<String> = (0..cols.len())
        .map(|c| match (sqlite, is_int[c]) {
            (true, _) => format!("value ->> {c}"),
            (false, true) => format!("(e ->> {c})::bigint"),
            (false, false) => format!("(e ->> {c})"),
        })
        .collect();
    let sql = if sqlite {
        format!("INSERT INTO {table} ({}) SELECT {} FROM json_each($1)", cols.join(", "), picks.join(", "))
    } else {
        format!(
            "INSERT INTO {table} ({}) SELECT {} FROM jsonb_array_elements($1::jsonb) AS e",
            cols.join(", "),
            picks.join(", ")
        )
    };
    for chunk in rows.chunks(ROWS_PER_STMT) {
        let json = rows_json(chunk, cols.len())?;
        sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(json).execute(&mut **tx).await?;
    }
    Ok(())
}

/// `[[v, v, …], …]` with integers as JSON numbers, text as JSON strings and
/// NULLs as `null`.
fn rows_json(rows: &[Vec<Val>], width: usize) -> Result<String> {
    use serde::ser::{SerializeSeq, Serializer};
    struct RowSer<'a>(&'a [Val]);
    impl serde::Serialize for RowSer<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.len()))?;
            for v in self.0 {
                match v {
                    Val::I(i) => seq.serialize_element(i)?,
                    Val::S(t) => seq.serialize_element(t)?,
                    Val::NullI | Val::NullS => seq.serialize_element(&())?,
                }
            }
            seq.end()
        }
    }
    let mut out = Vec::with_capacity(rows.len() * width * 16);
    let mut ser = serde_json::Serializer::new(&mut out);
    let mut seq = ser.serialize_seq(Some(rows.len())).map_err(json_err)?;
    for r in rows {
        if r.len() != width {
            return Err(crate::StoreError::Corrupt(format!("批量写入的行有 {} 列，应为 {width} 列", r.len())));
        }
        seq.serialize_element(&RowSer(r)).map_err(json_err)?;
    }
    seq.end().map_err(json_err)?;
    String::from_utf8(out).map_err(|e| crate::StoreError::Corrupt(e.to_string()))
}

fn json_err(e: serde_json::Error) -> crate::StoreError {
    crate::StoreError::Corrupt(format!("批量写入编码失败：{e}"))
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
