//! The storage story, run against SQLite always and PostgreSQL when
//! `ZHIXING_TEST_PG_URL` is set: filing, numbering under concurrency,
//! optimistic versions, the event chain and every kind of tampering.
//!
//! All integration tests of this crate live in this one binary.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use zhixing_app::auth::Actor;
use zhixing_app::cases::{CasePatch, FileCase, PartyInput};
use zhixing_app::{App, AppError, ManualClock, Settings, Store};
use zhixing_crypto::Suite;
use zhixing_domain::case::{Closure, PartyKind, PartyRole, Track};
use zhixing_domain::case_no::CaseType;
use zhixing_domain::money::Fen;
use zhixing_domain::role::{CourtLevel, Role};

/// A fresh database on one backend, dropped afterwards (PostgreSQL) or in a temp dir (SQLite).
struct TestDb {
    url: String,
    admin_url: Option<(String, String)>,
    _dir: Option<TempDir>,
}

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> TempDir {
    let p = std::env::temp_dir().join(format!("zhixing-test-{tag}-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&p).unwrap();
    TempDir(p)
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{:x}{}", t & 0xffff_ffff, N.fetch_add(1, Ordering::Relaxed))
}

async fn backends() -> Vec<(&'static str, TestDb)> {
    let dir = temp_dir("sqlite");
    let url = format!("sqlite:{}", dir.0.join("t.db").display());
    let mut out = vec![("sqlite", TestDb { url, admin_url: None, _dir: Some(dir) })];
    match std::env::var("ZHIXING_TEST_PG_URL") {
        Ok(base) if !base.is_empty() => {
            sqlx::any::install_default_drivers();
            let name = format!("zx_test_{}", rand_suffix());
            let admin = sqlx::AnyPool::connect(&base).await.expect("PostgreSQL reachable at ZHIXING_TEST_PG_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
            admin.close().await;
            let url = match base.rfind('/') {
                Some(i) if base[..i].contains("://") && i > base.find("://").unwrap() + 2 => {
                    format!("{}/{name}", &base[..i])
                }
                _ => format!("{base}/{name}"),
            };
            out.push(("postgres", TestDb { url, admin_url: Some((base, name)), _dir: None }));
        }
        _ => println!("SKIPPED: PostgreSQL leg (set ZHIXING_TEST_PG_URL to run the same tests against PostgreSQL)"),
    }
    out
}

impl TestDb {
    async fn cleanup(self) {
        if let Some((base, name)) = &self.admin_url
            && let Ok(admin) = sqlx::AnyPool::connect(base).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                .execute(&admin)
                .await;
            admin.close().await;
        }
    }
}

struct World {
    app: App,
    clock: Arc<ManualClock>,
    clerk: Actor,
    judge: Actor,
    judge2: Actor,
    center: Actor,
    director: Actor,
    _keys: TempDir,
}

async fn world(db: &TestDb, suite: Suite) -> World {
    let store = Store::connect(&db.url).await.unwrap();
    store.migrate().await.unwrap();
    let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2025, 3, 3, 1, 0, 0).unwrap()));
    let keys = temp_dir("keys");
    let app = App::new(store, clock.clone(), keys.0.clone(), Settings::default());
    app.create_court("苏02", "无锡市中级人民法院", CourtLevel::Intermediate, None, suite).await.unwrap();
    let court =
        app.create_court("苏0205", "无锡市锡山区人民法院", CourtLevel::Basic, Some("苏02"), suite).await.unwrap();
    let team = app.create_team(None, court.id, "执行一团队").await.unwrap();
    let _ = team;
    let mut actors = vec![];
    for (username, role, team) in [
        ("clerk1", Role::Clerk, Some("执行一团队")),
        ("judge1", Role::Judge, Some("执行一团队")),
        ("judge2", Role::Judge, Some("执行一团队")),
        ("center1", Role::CommandCenter, None),
        ("director1", Role::Director, None),
    ] {
        let u = app
            .add_user(
                None,
                zhixing_app::admin::UserInput {
                    court_code: "苏0205".into(),
                    team: team.map(str::to_string),
                    username: username.into(),
                    display_name: format!("测试{username}"),
                    role,
                    password: "Test-Password-1".into(),
                    phone: None,
                    allow_weak_password: false,
                },
            )
            .await
            .unwrap();
        actors.push(Actor::from_user(&u));
    }
    let director = actors.pop().unwrap();
    let center = actors.pop().unwrap();
    let judge2 = actors.pop().unwrap();
    let judge = actors.pop().unwrap();
    let clerk = actors.pop().unwrap();
    World { app, clock, clerk, judge, judge2, center, director, _keys: keys }
}

fn filing(n: u32, team_id: Option<i64>) -> FileCase {
    FileCase {
        case_type: CaseType::First,
        title_type: "民事判决书".into(),
        title_doc_no: format!("（2024）苏0205民初{n}号"),
        title_issuer: "无锡市锡山区人民法院".into(),
        title_effective_on: Some(chrono::NaiveDate::from_ymd_opt(2024, 12, 1).unwrap()),
        cause: "民间借贷纠纷".into(),
        title_deadline_on: None,
        claim: zhixing_app::cases::Claim { principal: Fen(12_345_600 + i64::from(n)), ..Default::default() },
        parties: vec![
            PartyInput {
                role: PartyRole::Applicant,
                kind: PartyKind::Person,
                name: format!("申请人{n}"),
                id_number: Some("11010519491231002X".into()),
                phone: Some("13812345678".into()),
                address: None,
                region_code: None,
                agent: None,
            },
            PartyInput {
                role: PartyRole::Debtor,
                kind: PartyKind::Organization,
                name: format!("无锡某某机械有限公司{n}"),
                id_number: Some("91350100M000100Y43".into()),
                phone: None,
                address: Some("无锡市锡山区东亭街道".into()),
                region_code: Some("320205".into()),
                agent: None,
            },
        ],
        team_id,
        handler_id: None,
        summary: String::new(),
    }
}

async fn exec(app: &App, sql: String) {
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(app.store.reader()).await.unwrap();
}

#[tokio::test]
async fn filing_numbers_versions_and_chain() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Sm2Sm3).await;
        let team_id = w.judge.team_id;
        let c = w.app.file_case(&w.clerk, filing(1, team_id)).await.unwrap();
        assert_eq!(c.case_no, "（2025）苏0205执1号", "{name}");
        assert_eq!(c.stage, "filing");
        // Deadlines start at filing, each with its rule, citation and calendar version;
        // the case shows the nearest. 6 months from 2025-03-03 is 2025-09-03, a Wednesday.
        let deadlines = w.app.store.deadlines(c.id).await.unwrap();
        let due = |k: &str| deadlines.iter().find(|d| d.rule_key == k).map(|d| d.due_on.to_string());
        assert_eq!(due("overall_six_months").as_deref(), Some("2025-09-03"), "{name}");
        assert_eq!(due("enforcement_notice").as_deref(), Some("2025-03-13"), "{name}");
        assert_eq!(due("assign_handler").as_deref(), Some("2025-03-10"), "{name}");
        assert!(deadlines.iter().all(|d| d.calendar_version.starts_with("cn-") && !d.citation.is_empty()));
        assert_eq!(c.deadline_on.unwrap().to_string(), "2025-03-10", "{name}");

        // A bad filing is refused whole: no number is used up.
        let mut bad = filing(2, team_id);
        bad.parties[1].id_number = Some("91350100M000100Y44".into());
        let err = w.app.file_case(&w.clerk, bad).await.unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid { field: Some(f), .. } if f == "parties[1].id_number"),
            "{name}: {err:?}"
        );
        let c2 = w.app.file_case(&w.clerk, filing(3, team_id)).await.unwrap();
        assert_eq!(c2.seq, 2, "{name}: numbers are not skipped");

        // Optimistic versions: the second writer with the old version gets a conflict naming the first.
        let v = c.version;
        w.app
            .update_case(&w.judge, c.id, v, CasePatch { summary: Some("已电话联系".into()), ..Default::default() })
            .await
            .unwrap();
        w.clock.advance(chrono::Duration::minutes(3));
        let err = w
            .app
            .update_case(&w.judge2, c.id, v, CasePatch { summary: Some("另一版本".into()), ..Default::default() })
            .await
            .unwrap_err();
        match err {
            AppError::Conflict(msg) => assert!(msg.contains("测试judge1"), "{name}: {msg}"),
            other => panic!("{name}: expected conflict, got {other:?}"),
        }
        // Gates: the stage's required actions and the command center's certification.
        let err = w.app.move_stage(&w.judge, c.id, v + 1, "search", None, "").await.unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("发出执行通知书") && msg.contains("认证"), "{name}: {msg}");
        for key in ["assign_handler", "send_enforcement_notice", "send_property_report_order", "notify_applicant_leads"]
        {
            w.app.record_action(&w.judge, c.id, key, "").await.unwrap();
        }
        // The notice deadline is met, not left running.
        let notice = w
            .app
            .store
            .deadlines(c.id)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.rule_key == "enforcement_notice")
            .unwrap();
        assert_eq!(notice.status, "met", "{name}");
        let err = w.app.move_stage(&w.judge, c.id, v + 1, "search", None, "").await.unwrap_err();
        assert!(err.to_string().contains("认证") && !err.to_string().contains("发出执行通知书"), "{name}: {err}");
        // Nobody bypasses the gate: the director too needs a written reason, and that is an event.
        assert!(matches!(w.app.certify_gate(&w.judge, c.id, "search", "").await, Err(AppError::Forbidden(_))));
        assert!(matches!(
            w.app.override_gate(&w.director, c.id, v + 1, "search", "急").await,
            Err(AppError::Invalid { .. })
        ));
        w.app.certify_gate(&w.center, c.id, "search", "规定动作齐全").await.unwrap();
        let moved = w.app.move_stage(&w.judge, c.id, v + 1, "search", None, "发出执行通知书").await.unwrap();
        assert_eq!(moved.stage, "search");
        // Search → triage by an override with a reason; triage then suggests a track.
        let moved = w
            .app
            .override_gate(&w.director, c.id, moved.version, "triage", "被执行人已主动联系法院，先行分流")
            .await
            .unwrap();
        assert_eq!(moved.stage, "triage");
        let row = w.app.store.case(c.id).await.unwrap();
        assert!(row.suggested_track.is_some(), "{name}");
        let moved =
            w.app.confirm_triage(&w.center, c.id, moved.version, Track::Fast, "小额案件，可快速执结").await.unwrap();
        assert_eq!(moved.stage, "fast");
        assert_eq!(moved.track, Track::Fast);
        assert!(
            w.app.store.deadlines(c.id).await.unwrap().iter().any(|d| d.rule_key == "fast_track" && d.status == "open")
        );

        // The timeline is the event log.
        let d = w.app.case_detail(&w.judge, c.id).await.unwrap();
        let kinds: Vec<&str> = d.timeline.iter().map(|e| e.event.kind.as_str()).collect();
        for k in [
            "case.filed",
            "notification.requested",
            "case.updated",
            "case.action_done",
            "case.gate_certified",
            "case.gate_overridden",
            "case.triage_suggested",
            "case.triage_confirmed",
            "case.stage_changed",
        ] {
            assert!(kinds.contains(&k), "{name}: {k} missing from {kinds:?}");
        }
        // Masked for display.
        assert_eq!(d.parties[0].id_number_masked.as_deref(), Some("110105********002X"));
        assert_eq!(d.parties[0].phone_masked.as_deref(), Some("138****5678"));
        // Revealing is recorded.
        let r = w.app.reveal_party(&w.judge, c.id, d.parties[0].id).await.unwrap();
        assert_eq!(r.id_number.as_deref(), Some("11010519491231002X"));
        let d = w.app.case_detail(&w.judge, c.id).await.unwrap();
        assert_eq!(d.timeline.last().unwrap().event.kind, "personal_data.read");

        w.app.checkpoint_all(true).await.unwrap();
        let report = w.app.verify_all().await.unwrap();
        assert!(report.ok, "{name}: {:?}", report.first_broken());
        // Personal data is outside the hashed bytes: erasing it keeps the chain valid.
        let filed_event = d.timeline[0].event.id;
        assert!(w.app.store.erase_personal(filed_event).await.unwrap());
        assert!(w.app.verify_all().await.unwrap().ok, "{name}: erasure must not break the chain");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn concurrent_filings_get_distinct_consecutive_numbers() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Ed25519Sha256).await;
        let team_id = w.judge.team_id;
        let mut handles = vec![];
        for i in 0..24u32 {
            let app = w.app.clone();
            let clerk = w.clerk.clone();
            handles.push(tokio::spawn(async move { app.file_case(&clerk, filing(100 + i, team_id)).await }));
        }
        let mut seqs = vec![];
        for h in handles {
            seqs.push(h.await.unwrap().unwrap().seq);
        }
        seqs.sort_unstable();
        assert_eq!(seqs, (1..=24).collect::<Vec<i64>>(), "{name}");
        let report = w.app.verify_all().await.unwrap();
        assert!(report.ok, "{name}: {:?}", report.first_broken());
        db.cleanup().await;
    }
}

/// Builds a chain of a few events and returns (app, ids of the court's events in order).
async fn chain_for_tampering(db: &TestDb) -> (World, i64, Vec<i64>) {
    let w = world(db, Suite::Sm2Sm3).await;
    let team_id = w.judge.team_id;
    for i in 0..3 {
        w.app.file_case(&w.clerk, filing(10 + i, team_id)).await.unwrap();
    }
    w.app.checkpoint_all(true).await.unwrap();
    let court = w.app.store.court_by_code("苏0205").await.unwrap().unwrap();
    let events = w.app.store.chain_page(court.id, 0, 1000).await.unwrap();
    // Start the list at the first filing so that indexes below point into case events.
    let first_filed = events.iter().position(|(e, _)| e.kind == "case.filed").unwrap();
    let ids: Vec<i64> = events[first_filed..].iter().map(|(e, _)| e.id).collect();
    assert_eq!(events[first_filed + 2].0.kind, "case.filed");
    assert!(w.app.verify_all().await.unwrap().ok);
    (w, court.id, ids)
}

fn broken_event(report: &zhixing_app::audit::VerifyReport) -> (Option<i64>, String) {
    let b = report.first_broken().expect("tampering must be detected");
    (b.event_id, b.reason.clone())
}

#[tokio::test]
async fn tampering_is_detected_edit_delete_insert_reorder() {
    for (name, db) in backends().await {
        // Edit a payload.
        let (w, _court, ids) = chain_for_tampering(&db).await;
        let target = ids[2];
        exec(&w.app, format!("UPDATE events SET payload = REPLACE(payload, '12345', '99999') WHERE id = {target}"))
            .await;
        let (ev, reason) = broken_event(&w.app.verify_all().await.unwrap());
        assert_eq!(ev, Some(target), "{name}: edit → {reason}");

        // Edit an actor (who did it) on another event.
        exec(&w.app, format!("UPDATE events SET payload = REPLACE(payload, '99999', '12345') WHERE id = {target}"))
            .await;
        exec(&w.app, format!("UPDATE events SET actor = 'someone else' WHERE id = {}", ids[3])).await;
        let (ev, _) = broken_event(&w.app.verify_all().await.unwrap());
        assert_eq!(ev, Some(ids[3]), "{name}: actor edit");
        db.cleanup().await;
    }
    for (name, db) in backends().await {
        // Delete an event in the middle: the next one no longer follows.
        let (w, _court, ids) = chain_for_tampering(&db).await;
        exec(&w.app, format!("DELETE FROM event_personal WHERE event_id = {}", ids[4])).await;
        exec(&w.app, format!("DELETE FROM events WHERE id = {}", ids[4])).await;
        let (ev, reason) = broken_event(&w.app.verify_all().await.unwrap());
        assert_eq!(ev, Some(ids[5]), "{name}: delete → {reason}");
        db.cleanup().await;
    }
    for (name, db) in backends().await {
        // Delete the tail: the chain head and the signed checkpoint no longer match.
        let (w, _court, ids) = chain_for_tampering(&db).await;
        let last = *ids.last().unwrap();
        exec(&w.app, format!("DELETE FROM event_personal WHERE event_id = {last}")).await;
        exec(&w.app, format!("DELETE FROM events WHERE id = {last}")).await;
        let report = w.app.verify_all().await.unwrap();
        assert!(report.first_broken().is_some(), "{name}: tail deletion");
        // Even if the attacker also rewinds the head, the signed checkpoint catches it.
        exec(&w.app, "UPDATE chain_heads SET height = height - 1, head_hash = (SELECT hash FROM events e WHERE e.court_id = chain_heads.court_id ORDER BY height DESC LIMIT 1) WHERE court_id = (SELECT id FROM courts WHERE code = '苏0205')".into()).await;
        let report = w.app.verify_all().await.unwrap();
        let b = report.first_broken().expect("checkpoint must catch a rewound head");
        assert!(b.reason.contains("检查点"), "{name}: {}", b.reason);
        db.cleanup().await;
    }
    for (name, db) in backends().await {
        // Insert a forged event between two real ones (shifting the later heights up).
        let (w, court, ids) = chain_for_tampering(&db).await;
        let at = ids[4];
        exec(&w.app, format!("UPDATE events SET height = height + 1000000 WHERE court_id = {court} AND id >= {at}"))
            .await;
        exec(&w.app, format!("UPDATE events SET height = height - 999999 WHERE court_id = {court} AND id >= {at}"))
            .await;
        exec(
            &w.app,
            format!(
                "INSERT INTO events (court_id, height, case_id, actor_id, actor, occurred_at, kind, payload, personal_digest, prev_hash, hash) \
                 SELECT court_id, height - 1, case_id, actor_id, 'forger', occurred_at, 'case.closed', '{{}}', '', prev_hash, hash FROM events WHERE id = {at}"
            ),
        )
        .await;
        let (ev, reason) = broken_event(&w.app.verify_all().await.unwrap());
        assert_eq!(ev, Some(at), "{name}: insert → {reason}");
        db.cleanup().await;
    }
    for (name, db) in backends().await {
        // Swap the content of two events (reordering history).
        let (w, _court, ids) = chain_for_tampering(&db).await;
        let (a, b) = (ids[3], ids[4]);
        exec(&w.app, format!("UPDATE events SET height = -1 WHERE id = {a}")).await;
        exec(&w.app, format!("UPDATE events SET height = height - 1 WHERE id = {b}")).await;
        exec(
            &w.app,
            format!("UPDATE events SET height = (SELECT height FROM events WHERE id = {b}) + 1 WHERE id = {a}"),
        )
        .await;
        let (ev, reason) = broken_event(&w.app.verify_all().await.unwrap());
        assert!(ev == Some(a) || ev == Some(b), "{name}: reorder → {reason}");
        db.cleanup().await;
    }
    for (name, db) in backends().await {
        // Change the personal data kept beside an event.
        let (w, _court, _ids) = chain_for_tampering(&db).await;
        exec(
            &w.app,
            "UPDATE event_personal SET data = REPLACE(data, '申请人10', '张冒名') WHERE data LIKE '%申请人10%'".into(),
        )
        .await;
        let n: i64 = sqlx::Row::get(
            &sqlx::query("SELECT COUNT(*) AS n FROM event_personal WHERE data LIKE '%张冒名%'")
                .fetch_one(w.app.store.reader())
                .await
                .unwrap(),
            "n",
        );
        assert_eq!(n, 1, "{name}: the edit happened");
        let (_, reason) = broken_event(&w.app.verify_all().await.unwrap());
        assert!(reason.contains("个人信息"), "{name}: {reason}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn proof_bundle_verifies_offline_and_detects_changes() {
    for (name, db) in backends().await {
        let (w, _court, _ids) = chain_for_tampering(&db).await;
        let bundle = w.app.export_bundle("苏0205").await.unwrap();
        let key = bundle.public_keys.last().unwrap().public_key.clone();
        let ok = zhixing_app::audit::verify_bundle(&bundle, Some(&key)).unwrap();
        assert_eq!(ok.events as usize, bundle.events.len(), "{name}");
        // No personal data leaves in a bundle.
        let text = serde_json::to_string(&bundle).unwrap();
        assert!(
            !text.contains("11010519491231002X") && !text.contains("申请人10"),
            "{name}: bundle leaks personal data"
        );

        let mut edited = bundle.clone();
        edited.events[3].actor = "另一人".into();
        assert!(zhixing_app::audit::verify_bundle(&edited, Some(&key)).is_err(), "{name}");
        let mut dropped = bundle.clone();
        dropped.events.remove(2);
        assert!(zhixing_app::audit::verify_bundle(&dropped, Some(&key)).is_err(), "{name}");
        let mut truncated = bundle.clone();
        truncated.events.pop();
        assert!(
            zhixing_app::audit::verify_bundle(&truncated, Some(&key)).is_err(),
            "{name}: signed checkpoint covers the tail"
        );
        // A bundle re-signed with another key is refused when the court's real key is given.
        let other = zhixing_crypto::SigningKey::generate(Suite::Sm2Sm3).public_key().to_hex();
        assert!(zhixing_app::audit::verify_bundle(&bundle, Some(&other)).is_err(), "{name}");

        // Key rotation: old checkpoints still verify.
        let court = w.app.store.court_by_code("苏0205").await.unwrap().unwrap();
        w.app.rotate_court_key(court.id).await.unwrap();
        assert!(w.app.verify_all().await.unwrap().ok, "{name}: rotation keeps old checkpoints valid");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn scopes_decide_who_sees_a_case() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Ed25519Sha256).await;
        let court = w.app.store.court_by_code("苏0205").await.unwrap().unwrap();
        let other_team = w.app.create_team(None, court.id, "执行二团队").await.unwrap();
        let mine = w.app.file_case(&w.clerk, filing(1, w.judge.team_id)).await.unwrap();
        let theirs = w.app.file_case(&w.clerk, filing(2, Some(other_team.id))).await.unwrap();
        assert!(w.app.case_detail(&w.judge, mine.id).await.is_ok(), "{name}");
        assert!(matches!(w.app.case_detail(&w.judge, theirs.id).await, Err(AppError::NotFound(_))), "{name}");
        let (total, _) = w.app.list_cases(&w.judge, &Default::default(), 1, 50).await.unwrap();
        assert_eq!(total, 1, "{name}: a judge sees the team's cases only");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn deadlines_warn_escalate_pause_close_and_resume() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Ed25519Sha256).await;
        let c = w.app.file_case(&w.clerk, filing(1, w.judge.team_id)).await.unwrap();
        w.app
            .update_case(
                &w.center,
                c.id,
                c.version,
                CasePatch { handler_id: Some(w.judge.user_id), ..Default::default() },
            )
            .await
            .unwrap();

        // Filed Monday 2025-03-03: the 10-day notice limit ends 2025-03-13 and warns 3 days before.
        let notice = |app: &App| {
            let app = app.clone();
            async move {
                app.store
                    .deadlines(c.id)
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|d| d.rule_key == "enforcement_notice")
                    .unwrap()
            }
        };
        let warn_days = (notice(&w.app).await.due_on - notice(&w.app).await.warn_on).num_days();
        w.clock.set(Utc.with_ymd_and_hms(2025, 3, 13 - u32::try_from(warn_days).unwrap(), 1, 0, 0).unwrap());
        let r = w.app.sweep_deadlines().await.unwrap();
        assert!(r.due_soon >= 1, "{name}: {r:?}");
        assert_eq!(notice(&w.app).await.state, "due_soon");
        // A second sweep the same day changes nothing: cost follows what is due.
        assert_eq!(w.app.sweep_deadlines().await.unwrap(), zhixing_app::lifecycle::SweepReport::default(), "{name}");
        let warnings = w.app.my_warnings(&w.judge, 50).await.unwrap();
        assert!(
            warnings.iter().any(|x| x.kind == "due_soon" && x.message.contains("执行通知书")),
            "{name}: {warnings:?}"
        );

        // Overdue the day after the last day; the escalation reaches the director.
        w.clock.set(Utc.with_ymd_and_hms(2025, 3, 14, 1, 0, 0).unwrap());
        w.app.sweep_deadlines().await.unwrap();
        assert_eq!(notice(&w.app).await.state, "overdue", "{name}");
        w.clock.set(Utc.with_ymd_and_hms(2025, 3, 20, 1, 0, 0).unwrap());
        let r = w.app.sweep_deadlines().await.unwrap();
        assert!(r.escalated >= 1, "{name}: {r:?}");
        let to_director = w.app.my_warnings(&w.director, 50).await.unwrap();
        assert!(to_director.iter().any(|x| x.kind == "escalated"), "{name}");
        let d = w.app.case_detail(&w.center, c.id).await.unwrap();
        assert!(d.timeline.iter().any(|e| e.event.kind == "case.deadline_escalated"), "{name}: escalation on record");

        // A clock stop moves the pausable overall limit by its days.
        let before = w
            .app
            .store
            .deadlines(c.id)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.rule_key == "overall_six_months")
            .unwrap();
        w.app.pause_clock(&w.judge, c.id, "appraisal", "（2025）苏0205执1号之一 鉴定评估").await.unwrap();
        assert!(w.app.pause_clock(&w.judge, c.id, "auction", "重复").await.is_err(), "{name}: one stop at a time");
        w.clock.set(Utc.with_ymd_and_hms(2025, 4, 19, 1, 0, 0).unwrap());
        w.app.resume_clock(&w.judge, c.id).await.unwrap();
        let after = w
            .app
            .store
            .deadlines(c.id)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.rule_key == "overall_six_months")
            .unwrap();
        // Paused 2025-03-20 .. 2025-04-18 inclusive = 30 days.
        assert!((after.due_on - before.due_on).num_days() >= 30, "{name}: {} → {}", before.due_on, after.due_on);

        // Closing as 终本 is checked item by item.
        let err = w
            .app
            .close_case(&w.judge, c.id, w.app.store.case(c.id).await.unwrap().version, Closure::TerminatedCurrent)
            .await
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("限制消费令") && msg.contains("约谈申请执行人"), "{name}: {msg}");
        for key in [
            "send_enforcement_notice",
            "send_property_report_order",
            "consumption_restriction",
            "dishonest_list_reviewed",
            "online_search",
            "search_exhausted",
            "applicant_interviewed",
        ] {
            w.app.record_action(&w.judge, c.id, key, "").await.unwrap();
        }
        // Still within three months of filing on 2025-04-19? 2025-03-03 + 3 months = 2025-06-03.
        let err = w
            .app
            .close_case(&w.judge, c.id, w.app.store.case(c.id).await.unwrap().version, Closure::TerminatedCurrent)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("三个月"), "{name}: {err}");
        w.clock.set(Utc.with_ymd_and_hms(2025, 6, 10, 1, 0, 0).unwrap());
        let closed = w
            .app
            .close_case(&w.judge, c.id, w.app.store.case(c.id).await.unwrap().version, Closure::TerminatedCurrent)
            .await
            .unwrap();
        assert_eq!(closed.status, "closed");
        assert!(
            w.app.store.deadlines(c.id).await.unwrap().iter().all(|d| d.status != "open"),
            "{name}: closing ends every clock"
        );

        // Resumption (执恢) makes a new, linked case with a new number.
        let resumed = w.app.resume_case(&w.clerk, c.id, "申请执行人提供被执行人新的银行账户线索").await.unwrap();
        assert!(resumed.case_no.contains("执恢1号"), "{name}: {}", resumed.case_no);
        assert_eq!(resumed.parent_case_id, Some(c.id));
        assert!(w.app.verify_all().await.unwrap().ok, "{name}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn batch_filing_files_good_rows_reports_bad_ones_and_is_idempotent() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Sm2Sm3).await;
        let today = w.app.today();
        let csv = zhixing_import::synthetic(30, 7, today, zhixing_import::SyntheticFormat::Csv).unwrap();
        // Break one row's ID number checksum: change the last char of the first 18-char ID.
        let mut text = String::from_utf8(csv).unwrap();
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let bad_line = lines[5].clone();
        let id = bad_line
            .split(',')
            .find(|c| c.len() == 18 && c[..17].chars().all(|x| x.is_ascii_digit()))
            .unwrap()
            .to_string();
        let last = id.chars().last().unwrap();
        let wrong = if last == '1' { '2' } else { '1' };
        let broken = format!("{}{wrong}", &id[..17]);
        text = text.replacen(&bad_line, &bad_line.replacen(&id, &broken, 1), 1);
        let bytes = text.into_bytes();

        let r = w.app.file_batch(&w.clerk, "网贷案件.csv", bytes.clone()).await.unwrap();
        assert_eq!((r.filed, r.failed), (29, 1), "{name}: {:?}", r.errors);
        assert_eq!(r.errors[0].row, 6, "{name}");
        assert!(r.errors[0].column.as_deref().unwrap_or("").contains("证件号码"), "{name}: {:?}", r.errors[0]);
        let (total, _) = w.app.list_cases(&w.clerk, &Default::default(), 1, 100).await.unwrap();
        assert_eq!(total, 29, "{name}");
        // Numbers are consecutive from 1; every case has its clocks and its event.
        let page = w
            .app
            .store
            .list_cases(&zhixing_app::types::ScopeFilter::Courts(vec![w.clerk.court_id]), &Default::default(), 0, 100)
            .await
            .unwrap();
        let mut by_type: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
        for c in &page.items {
            by_type.entry(c.type_code.clone()).or_default().push(c.seq);
        }
        for (t, mut seqs) in by_type {
            seqs.sort_unstable();
            let n = i64::try_from(seqs.len()).unwrap();
            assert_eq!(seqs, (1..=n).collect::<Vec<_>>(), "{name}: {t}");
        }
        let one = &page.items[0];
        assert!(!w.app.store.deadlines(one.id).await.unwrap().is_empty(), "{name}");
        assert!(w.app.store.parties(one.id).await.unwrap().len() >= 2);
        assert!(w.app.verify_all().await.unwrap().ok, "{name}");

        // The same file again files nothing.
        let again = w.app.file_batch(&w.clerk, "网贷案件.csv", bytes).await.unwrap();
        assert!(again.already_uploaded && again.filed == 0 && again.batch_id == r.batch_id, "{name}");
        let (total, _) = w.app.list_cases(&w.clerk, &Default::default(), 1, 100).await.unwrap();
        assert_eq!(total, 29, "{name}");
        // The error sheet lists the bad row.
        let sheet = w.app.batch_error_sheet(&w.clerk, r.batch_id).await.unwrap();
        assert!(sheet.starts_with(b"PK"), "{name}");
        // A judge may not batch-file; garbage is a clear error.
        assert!(matches!(w.app.file_batch(&w.judge, "x.csv", vec![1, 2, 3]).await, Err(AppError::Forbidden(_))));
        assert!(matches!(
            w.app.file_batch(&w.clerk, "x.xlsx", b"\x00\x01garbage".to_vec()).await,
            Err(AppError::Invalid { .. })
        ));
        db.cleanup().await;
    }
}

#[tokio::test]
async fn search_finds_by_case_number_and_party_name_on_both_backends() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Ed25519Sha256).await;
        let mut filed = vec![];
        for n in 1..=3 {
            filed.push(w.app.file_case(&w.clerk, filing(n, w.judge.team_id)).await.unwrap());
        }
        let hits = |q: &str| {
            let app = w.app.clone();
            let center = w.center.clone();
            let q = q.to_string();
            async move {
                let f = zhixing_app::types::CaseFilter { query: Some(q), ..Default::default() };
                let (_, rows) = app.list_cases(&center, &f, 1, 50).await.unwrap();
                let mut ids: Vec<i64> = rows.iter().map(|r| r.case.id).collect();
                ids.sort_unstable();
                ids
            }
        };
        // Three or more characters (the trigram index on SQLite) and fewer
        // (a scan) give the same kind of answer: substrings, anywhere.
        assert_eq!(hits("机械有限公司2").await, vec![filed[1].id], "{name}");
        assert_eq!(hits("申请人").await.len(), 3, "{name}");
        assert_eq!(hits("人3").await, vec![filed[2].id], "{name}");
        assert_eq!(hits(&filed[0].case_no).await, vec![filed[0].id], "{name}: by full case number");
        // Wildcards are literal characters, not patterns.
        assert!(hits("申请%").await.is_empty(), "{name}");
        assert!(hits("申_人").await.is_empty(), "{name}");
        assert!(hits("不存在的当事人").await.is_empty(), "{name}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_sweep_that_finds_a_deadline_long_past_warns_the_handler_and_escalates_in_one_go() {
    for (name, db) in backends().await {
        let w = world(&db, Suite::Sm2Sm3).await;
        let c = w.app.file_case(&w.clerk, filing(1, w.judge.team_id)).await.unwrap();
        w.app
            .update_case(
                &w.center,
                c.id,
                c.version,
                CasePatch { handler_id: Some(w.judge.user_id), ..Default::default() },
            )
            .await
            .unwrap();
        // No sweep ran for weeks (the server was down): the first one finds the
        // 10-day notice limit past its escalation date.
        w.clock.set(Utc.with_ymd_and_hms(2025, 4, 30, 1, 0, 0).unwrap());
        let r = w.app.sweep_deadlines().await.unwrap();
        assert!(r.escalated >= 1 && r.overdue >= r.escalated, "{name}: {r:?}");
        let notice =
            w.app.store.deadlines(c.id).await.unwrap().into_iter().find(|d| d.rule_key == "enforcement_notice");
        let notice = notice.unwrap();
        assert_eq!(notice.state, "overdue", "{name}");
        assert!(notice.escalated, "{name}");
        let to_judge = w.app.my_warnings(&w.judge, 100).await.unwrap();
        assert!(
            to_judge.iter().any(|x| x.kind == "overdue" && x.message.contains("执行通知书")),
            "{name}: {to_judge:?}"
        );
        let to_director = w.app.my_warnings(&w.director, 100).await.unwrap();
        assert!(to_director.iter().any(|x| x.kind == "escalated" && x.message.contains("升级督办")), "{name}");
        // Both events are on the chain, which still verifies.
        let kinds: Vec<String> =
            w.app.store.case_events(c.id).await.unwrap().into_iter().map(|e| e.event.kind).collect();
        assert!(
            kinds.iter().any(|k| k == "case.deadline_overdue") && kinds.iter().any(|k| k == "case.deadline_escalated"),
            "{name}: {kinds:?}"
        );
        assert!(w.app.verify_all().await.unwrap().ok, "{name}");
        // Nothing left to do the same day.
        assert_eq!(w.app.sweep_deadlines().await.unwrap(), zhixing_app::lifecycle::SweepReport::default(), "{name}");
        db.cleanup().await;
    }
}
