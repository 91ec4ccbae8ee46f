//! Event append rate, with hashing, on SQLite (always) and PostgreSQL (when
//! `ZHIXING_BENCH_PG_URL` is set), for both suites.
//!
//! ```sh
//! cargo bench -p zhixing-app --bench append
//! ZHIXING_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test cargo bench -p zhixing-app --bench append
//! ZHIXING_BENCH_EVENTS=5000 cargo bench -p zhixing-app --bench append   # fewer events
//! ```
//!
//! For each backend and suite: a fresh court via `App::create_court`, then N
//! events through `zhixing_store::events::append`, first one event per
//! transaction, then 100 per transaction, then 100 per transaction through
//! `events::append_many` (the bulk path of batch filing); same court, the
//! chain keeps growing.
//! Then `App::verify_all` recomputes every chain (a sanity check that also
//! gives the verification rate). A hash-only line per suite shows what the
//! digest itself costs. On PostgreSQL a database `zx_bench_<pid>` is created
//! and dropped afterwards; the SQLite file lives in a temp directory that is
//! removed afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use serde_json::json;
use zhixing_app::{App, Settings, Store, SystemClock};
use zhixing_crypto::Suite;
use zhixing_domain::event::{ChainFields, canonical_encoding, canonical_json};
use zhixing_domain::role::CourtLevel;
use zhixing_store::events::{self, NewEvent};

const SUITES: [(Suite, &str); 2] = [(Suite::Sm2Sm3, "sm2-sm3"), (Suite::Ed25519Sha256, "ed25519-sha256")];
/// (events per transaction, through `append_many` instead of one `append` per event)
const MODES: [(usize, bool); 3] = [(1, false), (100, false), (100, true)];

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn event(i: usize, now_ms: i64) -> NewEvent {
    // About the size of a real stage move / handling update: ~200 bytes of payload.
    NewEvent {
        case_id: None,
        actor_id: Some(7),
        actor: "王法官（执行法官）".into(),
        occurred_at_ms: now_ms + i as i64,
        kind: "case.stage_moved",
        payload: json!({
            "seq": i,
            "from": "investigation",
            "to": "search",
            "version": i + 1,
            "note": "网络查控完成，发现银行存款三笔，拟采取冻结措施",
        }),
        personal: None,
    }
}

fn hash_only(suite: Suite, n: usize) -> f64 {
    let payload = canonical_json(&event(0, 0).payload);
    let prev = "0".repeat(64);
    let started = Instant::now();
    let mut acc = 0u8;
    for i in 0..n {
        let f = ChainFields {
            court_code: "苏B001",
            height: i as i64 + 1,
            case_id: None,
            actor: "王法官（执行法官）",
            occurred_at_ms: 1_780_000_000_000 + i as i64,
            kind: "case.stage_moved",
            payload: &payload,
            personal_digest: "",
            prev_hash: &prev,
        };
        acc ^= suite.hash_hex(&canonical_encoding(&f)).as_bytes()[0];
    }
    std::hint::black_box(acc);
    n as f64 / started.elapsed().as_secs_f64()
}

async fn run_backend(backend: &str, url: &str, key_dir: std::path::PathBuf, n: usize) {
    let store = Store::connect(url).await.expect("connect");
    store.migrate().await.expect("migrate");
    let app = App::new(store.clone(), Arc::new(SystemClock), key_dir, Settings::default());
    for (k, (suite, suite_name)) in SUITES.iter().enumerate() {
        let court = app
            .create_court(&format!("苏B{k:03}"), &format!("基准测试法院{k}"), CourtLevel::Basic, None, *suite)
            .await
            .expect("create_court");
        let chain = court.chain();
        for (batch, many) in MODES {
            let now_ms = app.now_ms();
            let started = Instant::now();
            let mut i = 0;
            while i < n {
                let mut tx = store.begin().await.expect("begin");
                let k = batch.min(n - i);
                if many {
                    let evs = (i..i + k).map(|j| event(j, now_ms)).collect();
                    events::append_many(&mut tx, &chain, evs).await.expect("append_many");
                } else {
                    for j in i..i + k {
                        events::append(&mut tx, &chain, event(j, now_ms)).await.expect("append");
                    }
                }
                i += k;
                tx.commit().await.expect("commit");
            }
            let secs = started.elapsed().as_secs_f64();
            let how = if many { "append_many" } else { "append" };
            println!(
                "{how:<11} {backend:<8} {suite_name:<15} {batch:>3}/tx  {n:>7} events  {secs:>7.2} s  {:>9.0} events/s",
                n as f64 / secs
            );
        }
    }
    let started = Instant::now();
    let report = app.verify_all().await.expect("verify_all");
    let secs = started.elapsed().as_secs_f64();
    let total: u64 = report.courts.iter().map(|c| c.events).sum();
    assert!(report.ok, "chain verification failed: {:?}", report.first_broken());
    println!(
        "verify      {backend:<8} {:<15}         {total:>7} events  {secs:>7.2} s  {:>9.0} events/s (verify_all, ok={})",
        "both suites",
        total as f64 / secs,
        report.ok
    );
    store.close().await;
}

fn pg_db_url(base: &str, name: &str) -> String {
    // Replace the database part of postgres://user@host:port/db[?query].
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (base, String::new()),
    };
    let after_scheme = head.find("://").map(|i| i + 3).unwrap_or(0);
    match head[after_scheme..].find('/') {
        Some(j) => format!("{}/{name}{query}", &head[..after_scheme + j]),
        None => format!("{head}/{name}{query}"),
    }
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let n: usize = std::env::var("ZHIXING_BENCH_EVENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    println!("events per run: {n} (ZHIXING_BENCH_EVENTS), payload ~200 B, no personal part");

    for (suite, name) in SUITES {
        println!(
            "hash    {:<8} {name:<15}         {n:>7} events               {:>9.0} events/s (encode+hash only)",
            "-",
            hash_only(suite, n)
        );
    }

    let dir = std::env::temp_dir().join(format!("zhixing-bench-append-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dir = TempDir(dir);
    let url = format!("sqlite:{}", dir.0.join("bench.db").display());
    run_backend("sqlite", &url, dir.0.join("keys-sqlite"), n).await;

    match std::env::var("ZHIXING_BENCH_PG_URL") {
        Ok(base) if !base.is_empty() => {
            sqlx::any::install_default_drivers();
            let name = format!("zx_bench_{}", std::process::id());
            let admin = sqlx::AnyPool::connect(&base).await.expect("PostgreSQL reachable at ZHIXING_BENCH_PG_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(&admin).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
            run_backend("postgres", &pg_db_url(&base, &name), dir.0.join("keys-pg"), n).await;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
        }
        _ => println!("SKIPPED: PostgreSQL (set ZHIXING_BENCH_PG_URL=postgres://… to run it)"),
    }
}
