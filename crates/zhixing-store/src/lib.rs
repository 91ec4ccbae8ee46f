//! Storage for Zhixing.
//!
//! One set of SQL runs on both backends through sqlx's `Any` driver: SQLite
//! (embedded default) and PostgreSQL (the scale backend), chosen from the URL
//! scheme at run time. Each backend has its own migrations folder with the
//! same file names.
//!
//! Architecture invariant: this is the only crate that knows SQL. It knows
//! nothing of HTTP or of who is allowed to do what; callers (the application
//! layer) decide, then call these functions inside one write transaction so
//! that a change and its events commit together.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod accounts;
pub mod bulk;
pub mod cases;
pub mod events;
pub mod idempotency;
pub mod lifecycle;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};

pub use sqlx::Any;

/// A write transaction. Everything a command changes, and its events, go
/// through one of these.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Storage errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Db(#[from] sqlx::Error),
    #[error("数据库迁移失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("不支持的数据库地址“{0}”：应以 sqlite: 或 postgres:// 开头")]
    UnsupportedUrl(String),
    #[error("数据不一致：{0}")]
    Corrupt(String),
    #[error("记录不存在：{0}")]
    NotFound(&'static str),
}

impl StoreError {
    /// Whether the error is a unique-constraint violation (for idempotent inserts).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Db(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which database engine is behind the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// The database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    backend: Backend,
    read: AnyPool,
    /// On SQLite, a single connection: writers queue in-process instead of
    /// failing with SQLITE_BUSY. On PostgreSQL, the same pool as `read`.
    write: AnyPool,
}

static MIGRATOR_SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static MIGRATOR_POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Connects to `url` (`sqlite:PATH` or `postgres://…`). A SQLite file is
    /// created if missing; it runs in WAL mode with foreign keys on and a busy
    /// timeout.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Sqlite => {
                let url = sqlite_url_with_create(url);
                let read = sqlite_pool(&url, 4, 64).await?;
                let write = sqlite_pool(&url, 1, 256).await?;
                // WAL is a property of the database file; setting it once suffices.
                sqlx::query("PRAGMA journal_mode = WAL").execute(&write).await?;
                Ok(Store { backend, read, write })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?;
                Ok(Store { backend, read: pool.clone(), write: pool })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations of the backend's folder.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => MIGRATOR_SQLITE.run(&self.write).await?,
            Backend::Postgres => MIGRATOR_POSTGRES.run(&self.write).await?,
        }
        Ok(())
    }

    /// Number of applied migrations (for `zhixing migrate` and `/readyz`).
    pub async fn applied_migrations(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get::<i64, _>("n")?)
    }

    /// Pool for reads.
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write inside it never fails halfway.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write.begin().await?,
        })
    }

    /// Checks the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

fn sqlite_url_with_create(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// A pool of `max` connections, each with a page cache of up to `cache_mib`.
async fn sqlite_pool(url: &str, max: u32, cache_mib: i64) -> Result<AnyPool> {
    let cache_pragma = format!("PRAGMA cache_size = -{}", cache_mib * 1024);
    Ok(AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |conn, _meta| {
            let cache_pragma = cache_pragma.clone();
            Box::pin(async move {
                sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                sqlx::query("PRAGMA busy_timeout = 10000").execute(&mut *conn).await?;
                sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                // A page cache larger than SQLite's 2 MiB default (64 MiB per
                // reader, 256 MiB for the one writer): a batch filing writes
                // into several indexes with random keys, and with a small cache
                // each insert reads its index pages back from disk. SQLite
                // takes the memory only as pages are used.
                sqlx::query(sqlx::AssertSqlSafe(cache_pragma)).execute(&mut *conn).await?;
                sqlx::query("PRAGMA temp_store = MEMORY").execute(&mut *conn).await?;
                Ok(())
            })
        })
        .connect(url)
        .await?)
}

/// Reads an optional text column.
pub(crate) fn opt_str(row: &AnyRow, col: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(col)?)
}

/// Parses a stored enum-like text column.
pub(crate) fn parse_col<T>(row: &AnyRow, col: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    let s: String = row.try_get(col)?;
    parse(&s).ok_or_else(|| StoreError::Corrupt(format!("{col} = {s}")))
}

/// Parses a stored date.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::from_str(s).map_err(|_| StoreError::Corrupt(format!("日期 {s}")))
}
