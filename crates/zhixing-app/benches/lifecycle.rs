//! Batch filing and the deadline sweep at scale, on SQLite and (when
//! `ZHIXING_BENCH_PG_URL` is set) PostgreSQL.
//!
//! ```sh
//! cargo bench -p zhixing-app --bench lifecycle
//! ZHIXING_BENCH_ROWS=100000 ZHIXING_BENCH_DEADLINES=1000000 cargo bench -p zhixing-app --bench lifecycle
//! ```
//!
//! 1. Batch filing: a synthetic CSV of N rows (`zhixing_import::synthetic`),
//!    parsed (timed apart), then `App::file_parsed_batch` — validation was
//!    done by the parser; numbering, case/party/deadline rows, one hashed
//!    `case.filed` event per case and the batch event, in one transaction.
//!    The floor beside it: a bare multi-row insert of the same number of
//!    rows into a one-table copy (what `sqlite3 .import` does).
//! 2. Sweep: M open deadlines of which 1% fall due today, then
//!    `App::sweep_deadlines`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use zhixing_app::auth::Actor;
use zhixing_app::{App, ManualClock, Settings, Store};
use zhixing_crypto::Suite;
use zhixing_domain::role::{CourtLevel, Role};
use zhixing_store::bulk::{Val, insert_many};

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn env_usize(k: &str, d: usize) -> usize {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

async fn setup(url: &str, dir: &std::path::Path) -> (App, Actor) {
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 23, 1, 0, 0).unwrap()));
    let app = App::new(store, clock, dir.join("keys"), Settings::default());
    app.create_court("苏0205", "无锡市锡山区人民法院", CourtLevel::Basic, None, Suite::Sm2Sm3).await.unwrap();
    let u = app
        .add_user(
            None,
            zhixing_app::admin::UserInput {
                court_code: "苏0205".into(),
                team: None,
                username: "center".into(),
                display_name: "指挥中心".into(),
                role: Role::CommandCenter,
                password: "x".into(),
                phone: None,
                allow_weak_password: true,
            },
        )
        .await
        .unwrap();
    (app, Actor::from_user(&u))
}

async fn run(label: &str, url: &str, dir: &std::path::Path) {
    let rows = env_usize("ZHIXING_BENCH_ROWS", 20_000);
    let deadlines = env_usize("ZHIXING_BENCH_DEADLINES", 200_000);
    let (app, actor) = setup(url, dir).await;
    let today = app.today();

    let t = Instant::now();
    let csv = zhixing_import::synthetic(rows, 42, today, zhixing_import::SyntheticFormat::Csv).unwrap();
    let gen_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    // The parser enforces the 20 MB upload limit; the benchmark parses the
    // same rows in slices under it and files them as one batch.
    let mut parsed: Option<zhixing_import::ParsedBatch> = None;
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let body: Vec<&str> = lines.collect();
    for chunk in body.chunks(20_000) {
        let part = format!("{header}\n{}\n", chunk.join("\n"));
        let p = zhixing_import::parse_upload(part.as_bytes(), today).unwrap();
        match &mut parsed {
            None => parsed = Some(p),
            Some(all) => {
                let offset = all.rows.len() + all.errors.len();
                all.rows.extend(p.rows.into_iter().map(|mut r| {
                    r.row += offset;
                    r
                }));
                all.errors.extend(p.errors);
            }
        }
    }
    let parsed = parsed.unwrap();
    let parse_s = t.elapsed().as_secs_f64();
    let n = parsed.rows.len();
    let t = Instant::now();
    let r = app.file_parsed_batch(&actor, "bench.csv", parsed).await.unwrap();
    let file_s = t.elapsed().as_secs_f64();
    assert_eq!(r.filed as usize, n);
    println!(
        "{label}: batch filing {n} rows: generate {gen_s:.2}s, parse+validate {parse_s:.2}s, file (numbers, rows, deadlines, events, hashes) {file_s:.2}s = {:.0} cases/s",
        n as f64 / file_s
    );

    // Floor: the same number of rows, bare, into one table.
    let mut tx = app.store.begin().await.unwrap();
    sqlx::query("CREATE TABLE bench_floor (a TEXT, b TEXT, c TEXT, d BIGINT, e TEXT, f TEXT)")
        .execute(&mut *tx)
        .await
        .unwrap();
    let floor_rows: Vec<Vec<Val>> = body
        .iter()
        .take(n)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            vec![
                Val::S(c.first().copied().unwrap_or("").into()),
                Val::S(c.get(1).copied().unwrap_or("").into()),
                Val::S(c.get(2).copied().unwrap_or("").into()),
                Val::I(l.len() as i64),
                Val::S(c.get(12).copied().unwrap_or("").into()),
                Val::S(c.get(17).copied().unwrap_or("").into()),
            ]
        })
        .collect();
    let t = Instant::now();
    insert_many(&mut tx, "bench_floor", &["a", "b", "c", "d", "e", "f"], &floor_rows).await.unwrap();
    tx.commit().await.unwrap();
    println!("{label}: floor (bare insert of {n} rows × 6 columns, one transaction) {:.2}s", t.elapsed().as_secs_f64());

    // Sweep: M open deadlines on the filed cases, 1% due soon today.
    let ids: Vec<i64> = sqlx::query_scalar::<_, i64>("SELECT id FROM cases ORDER BY id LIMIT 5000")
        .fetch_all(app.store.reader())
        .await
        .unwrap();
    let court_id: i64 =
        sqlx::query_scalar::<_, i64>("SELECT id FROM courts LIMIT 1").fetch_one(app.store.reader()).await.unwrap();
    let far = (today + Duration::days(400)).to_string();
    let soon = (today + Duration::days(2)).to_string();
    let t = Instant::now();
    let rows: Vec<Vec<Val>> = (0..deadlines)
        .map(|i| {
            let due = i % 100 == 0;
            vec![
                Val::I(ids[i % ids.len()]),
                Val::I(court_id),
                Val::S(format!("bench_{}", i % 7)),
                Val::S("基准期限".into()),
                Val::S("基准".into()),
                Val::S(today.to_string()),
                Val::S(if due { soon.clone() } else { far.clone() }),
                Val::S(if due { today.to_string() } else { far.clone() }),
                Val::S(far.clone()),
                Val::S("bench".into()),
                Val::S("bench".into()),
                Val::I(0),
                Val::S("open".into()),
                Val::S("normal".into()),
            ]
        })
        .collect();
    let mut tx = app.store.begin().await.unwrap();
    insert_many(
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
        &rows,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let setup_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let rep = app.sweep_deadlines().await.unwrap();
    let sweep_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let again = app.sweep_deadlines().await.unwrap();
    let idle_s = t.elapsed().as_secs_f64();
    println!(
        "{label}: sweep over {deadlines} open deadlines (+{} from filing), {} due soon: {sweep_s:.3}s (insert took {setup_s:.1}s); a second sweep with nothing due: {idle_s:.3}s ({:?})",
        n * 6,
        rep.due_soon,
        again
    );
}

#[tokio::main]
async fn main() {
    let dir = TempDir(std::env::temp_dir().join(format!("zx-bench-life-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    run("SQLite", &format!("sqlite:{}", dir.0.join("b.db").display()), &dir.0).await;
    if let Ok(base) = std::env::var("ZHIXING_BENCH_PG_URL") {
        sqlx::any::install_default_drivers();
        let name = format!("zx_bench_life_{}", std::process::id());
        let admin = sqlx::AnyPool::connect(&base).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
        let url = format!("{}/{name}", &base[..base.rfind('/').unwrap()]);
        let pgdir = TempDir(dir.0.join("pg"));
        std::fs::create_dir_all(&pgdir.0).unwrap();
        run("PostgreSQL", &url, &pgdir.0).await;
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
            .execute(&admin)
            .await;
    } else {
        println!("PostgreSQL: SKIPPED (set ZHIXING_BENCH_PG_URL)");
    }
}
