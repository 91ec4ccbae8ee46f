//! `zhixing`: the one binary. Serves the platform, migrates, seeds the demo,
//! manages users, verifies the event chains, and answers the rule
//! calculators from the command line.
#![forbid(unsafe_code)]

mod intake;
mod rules;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use zhixing_app::{App, Settings, Store, SystemClock};
use zhixing_domain::role::Role;

#[derive(Parser)]
#[command(name = "zhixing", version, about = "智执：人民法院智慧执行平台")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database URL: sqlite:PATH (default, under --data-dir) or postgres://USER@HOST/DB.
    #[arg(long, env = "ZHIXING_DB")]
    db: Option<String>,
    /// Folder for the SQLite database and the courts' signing keys.
    #[arg(long, env = "ZHIXING_DATA_DIR", default_value = "./zhixing-data")]
    data_dir: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web UI and API.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long, env = "ZHIXING_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Mark the session cookie Secure (when served behind TLS).
        #[arg(long, env = "ZHIXING_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Create a fresh demo database with a realistic court system and serve it.
    Demo {
        #[arg(long, default_value = "./zhixing-demo")]
        data_dir: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Number of cases to generate.
        #[arg(long, default_value_t = 2000)]
        cases: usize,
        #[arg(long, default_value_t = 20261122)]
        seed: u64,
        /// Seed only; do not serve.
        #[arg(long)]
        no_serve: bool,
    },
    /// Manage accounts.
    Users {
        #[command(subcommand)]
        cmd: UsersCmd,
    },
    /// Verify and export the tamper-evident event chains (全程留痕).
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// Validate a resident ID number or unified social credit code.
    Check {
        #[command(subcommand)]
        cmd: rules::CheckCmd,
    },
    /// Case numbers (案号).
    #[command(name = "case-no")]
    CaseNo {
        #[command(subcommand)]
        cmd: rules::CaseNoCmd,
    },
    /// Working-day calendar.
    Calendar {
        #[command(subcommand)]
        cmd: rules::CalendarCmd,
    },
    /// Money rules: fees, delay interest, distribution, capital numerals.
    Calc {
        #[command(subcommand)]
        cmd: rules::CalcCmd,
    },
    /// Generate test data files.
    Gen {
        #[command(subcommand)]
        cmd: GenCmd,
    },
    /// Batch filing from a spreadsheet, as a given user (same rules as the web upload).
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// Username of the filing clerk or command-center user.
        #[arg(long)]
        user: String,
        /// .xlsx or .csv (UTF-8 or GBK) in the filing template's columns.
        file: PathBuf,
    },
    /// Judgment intake (e键立案): read a judgment into a filing draft.
    Intake {
        #[command(subcommand)]
        cmd: intake::IntakeCmd,
    },
    /// Deadline sweep: due-soon and overdue warnings, escalations (the server runs it hourly).
    Sweep {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum GenCmd {
    /// A realistic batch-filing file (.csv or .xlsx by the extension of --out).
    Synthetic {
        #[arg(long)]
        cases: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum UsersCmd {
    /// Add an account.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Court code, e.g. 苏0205.
        #[arg(long)]
        court: String,
        #[arg(long)]
        username: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// admin, director, command_center, judge, assistant, clerk, bailiff, funds_clerk, archive_clerk, grid_worker, lawyer, applicant.
        #[arg(long)]
        role: String,
        /// Team name (judges, assistants, clerks and bailiffs).
        #[arg(long)]
        team: Option<String>,
        /// Initial password (or set ZHIXING_PASSWORD).
        #[arg(long, env = "ZHIXING_PASSWORD", hide_env_values = true)]
        password: String,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Recompute every chain and checkpoint; exit 1 naming the first broken event.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a court's proof bundle, checkable offline with the public key alone.
    Export {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        court: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a proof bundle offline (no database needed).
    #[command(name = "verify-bundle")]
    VerifyBundle {
        file: PathBuf,
        /// The court's public key (hex) as published; without it the bundle is checked only against its own keys.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Sign checkpoints now for every court whose chain moved.
    Checkpoint {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Replace a court's signing key (old checkpoints stay verifiable).
    #[command(name = "rotate-key")]
    RotateKey {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        court: String,
    },
}

/// Exit code 2 with one clear line: the setup is wrong, not the data.
fn fail_setup(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("zhixing: {msg}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { cmd } => return rules::check(cmd),
        Command::Gen { cmd: GenCmd::Synthetic { cases, out, seed } } => return gen_synthetic(cases, &out, seed),
        Command::CaseNo { cmd } => return rules::case_no(cmd),
        Command::Calendar { cmd } => return rules::calendar(cmd),
        Command::Calc { cmd } => return rules::calc(cmd),
        Command::Intake { cmd } => return intake::run(cmd),
        _ => {}
    }
    init_tracing();
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail_setup(format!("无法启动运行时：{e}")),
    };
    rt.block_on(run(cli.command))
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ZHIXING_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let json = std::env::var("ZHIXING_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.compact().init();
    }
}

/// Opens (and migrates) the database and the key folder; setup errors are one line and exit 2.
async fn open(db: &DbArgs, settings: Settings) -> Result<App, ExitCode> {
    ensure_writable_dir(&db.data_dir).map_err(fail_setup)?;
    let url = match &db.db {
        Some(u) => u.clone(),
        None => format!("sqlite:{}", db.data_dir.join("zhixing.db").display()),
    };
    let store = Store::connect(&url).await.map_err(|e| fail_setup(format!("无法连接数据库 {}：{e}", redact(&url))))?;
    store.migrate().await.map_err(|e| fail_setup(format!("数据库迁移失败：{e}")))?;
    Ok(App::new(store, Arc::new(SystemClock), db.data_dir.join("keys"), settings))
}

fn redact(url: &str) -> String {
    // postgres://user:secret@host → postgres://user:***@host
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if url[s + 3..at].contains(':') => {
            let colon = s + 3 + url[s + 3..at].find(':').unwrap_or(0);
            format!("{}:***{}", &url[..colon], &url[at..])
        }
        _ => url.to_string(),
    }
}

fn ensure_writable_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建数据目录 {}：{e}", dir.display()))?;
    let probe = dir.join(".zhixing-write-test");
    std::fs::write(&probe, b"ok").map_err(|e| format!("数据目录 {} 不可写：{e}", dir.display()))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

async fn run(cmd: Command) -> ExitCode {
    match cmd {
        Command::Serve { db, bind, secure_cookies } => {
            let settings = Settings { secure_cookies, ..Settings::default() };
            let app = match open(&db, settings).await {
                Ok(a) => a,
                Err(code) => return code,
            };
            serve(app, &bind, None).await
        }
        Command::Migrate { db } => match open(&db, Settings::default()).await {
            Ok(app) => {
                let n = app.store.applied_migrations().await.unwrap_or(0);
                println!("数据库（{}）已是最新：已应用 {n} 个迁移", app.store.backend().as_str());
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Demo { data_dir, bind, cases, seed, no_serve } => demo(data_dir, bind, cases, seed, no_serve).await,
        Command::Users { cmd: UsersCmd::Add { db, court, username, name, role, team, password } } => {
            let Some(role) = Role::parse(role.trim()) else {
                return fail_setup(format!("未知的角色“{role}”"));
            };
            let app = match open(&db, Settings::default()).await {
                Ok(a) => a,
                Err(code) => return code,
            };
            let input = zhixing_app::admin::UserInput {
                court_code: court,
                team,
                username,
                display_name: name,
                role,
                password,
                phone: None,
                allow_weak_password: false,
            };
            match app.add_user(None, input).await {
                Ok(u) => {
                    println!("已添加账号 {}（{}，{}）", u.username, u.display_name, u.role.label_zh());
                    ExitCode::SUCCESS
                }
                Err(e) => fail_setup(e),
            }
        }
        Command::Audit { cmd } => audit(cmd).await,
        Command::Import { db, user, file } => import(db, &user, &file).await,
        Command::Sweep { db } => match open(&db, Settings::default()).await {
            Ok(app) => match app.sweep_deadlines().await {
                Ok(r) => {
                    println!("期限扫描完成：临期 {}，超期 {}，升级督办 {}", r.due_soon, r.overdue, r.escalated);
                    ExitCode::SUCCESS
                }
                Err(e) => fail_setup(e),
            },
            Err(code) => code,
        },
        Command::Check { .. }
        | Command::CaseNo { .. }
        | Command::Calendar { .. }
        | Command::Calc { .. }
        | Command::Gen { .. }
        | Command::Intake { .. } => ExitCode::SUCCESS,
    }
}

fn gen_synthetic(cases: usize, out: &Path, seed: u64) -> ExitCode {
    let format = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") => zhixing_import::SyntheticFormat::Csv,
        Some("xlsx") => zhixing_import::SyntheticFormat::Xlsx,
        _ => return fail_setup("--out 的扩展名应为 .csv 或 .xlsx"),
    };
    let today = zhixing_app::clock::china_date(chrono::Utc::now());
    let started = std::time::Instant::now();
    match zhixing_import::synthetic(cases, seed, today, format) {
        Ok(bytes) => match std::fs::write(out, &bytes) {
            Ok(()) => {
                println!(
                    "已生成 {cases} 行立案数据 → {}（{} KB，用时 {:.2} 秒）",
                    out.display(),
                    bytes.len() / 1024,
                    started.elapsed().as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail_setup(format!("无法写入 {}：{e}", out.display())),
        },
        Err(e) => fail_setup(e),
    }
}

async fn import(db: DbArgs, user: &str, file: &Path) -> ExitCode {
    let app = match open(&db, Settings::default()).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    let actor = match app.store.user_by_username(user).await {
        Ok(Some(u)) => zhixing_app::auth::Actor::from_user(&u),
        Ok(None) => return fail_setup(format!("用户“{user}”不存在")),
        Err(e) => return fail_setup(e),
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail_setup(format!("无法读取 {}：{e}", file.display())),
    };
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("upload").to_string();
    let started = std::time::Instant::now();
    match app.file_batch(&actor, &name, bytes).await {
        Ok(r) => {
            if r.already_uploaded {
                println!("该文件已于此前导入（批次 {}），本次未重复立案", r.batch_id);
            } else {
                println!(
                    "批次 {}：立案 {} 件（{} 至 {}），错误 {} 行，用时 {:.2} 秒",
                    r.batch_id,
                    r.filed,
                    r.first_case_no.as_deref().unwrap_or("-"),
                    r.last_case_no.as_deref().unwrap_or("-"),
                    r.failed,
                    started.elapsed().as_secs_f64()
                );
            }
            for e in r.errors.iter().take(20) {
                println!("  第 {} 行 {}：{}", e.row, e.column.as_deref().unwrap_or(""), e.reason);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail_setup(e),
    }
}

async fn audit(cmd: AuditCmd) -> ExitCode {
    match cmd {
        AuditCmd::Verify { db, json } => {
            let app = match open(&db, Settings::default()).await {
                Ok(a) => a,
                Err(code) => return code,
            };
            match app.verify_all().await {
                Ok(report) => {
                    if json {
                        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
                    } else {
                        for c in &report.courts {
                            let status = c.broken.as_ref().map_or_else(|| "通过".to_string(), |b| format!("失败：{b}"));
                            println!(
                                "{}  {}  事件 {}  检查点 {}  链头 {}  {status}",
                                c.court_code,
                                c.suite,
                                c.events,
                                c.checkpoints,
                                &c.head_hash[..c.head_hash.len().min(16)]
                            );
                        }
                    }
                    match report.first_broken() {
                        None => {
                            if !json {
                                println!("全部事件链校验通过");
                            }
                            ExitCode::SUCCESS
                        }
                        Some(b) => {
                            eprintln!("校验失败：{b}");
                            ExitCode::from(1)
                        }
                    }
                }
                Err(e) => fail_setup(e),
            }
        }
        AuditCmd::Export { db, court, out } => {
            let app = match open(&db, Settings::default()).await {
                Ok(a) => a,
                Err(code) => return code,
            };
            match app.export_bundle(&court).await {
                Ok(bundle) => {
                    let text = match serde_json::to_string_pretty(&bundle) {
                        Ok(t) => t,
                        Err(e) => return fail_setup(e),
                    };
                    if let Err(e) = std::fs::write(&out, text) {
                        return fail_setup(format!("无法写入 {}：{e}", out.display()));
                    }
                    let key = bundle.public_keys.iter().rev().find(|k| k.retired_at_ms.is_none());
                    println!(
                        "已导出 {} 的证明包：{} 个事件，{} 个检查点 → {}",
                        bundle.court_code,
                        bundle.events.len(),
                        bundle.checkpoints.len(),
                        out.display()
                    );
                    if let Some(k) = key {
                        println!("法院公钥（{}）：{}", k.suite, k.public_key);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail_setup(e),
            }
        }
        AuditCmd::VerifyBundle { file, public_key } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => return fail_setup(format!("无法读取 {}：{e}", file.display())),
            };
            let bundle: zhixing_app::audit::ProofBundle = match serde_json::from_str(&text) {
                Ok(b) => b,
                Err(e) => return fail_setup(format!("证明包格式错误：{e}")),
            };
            match zhixing_app::audit::verify_bundle(&bundle, public_key.as_deref()) {
                Ok(v) => {
                    println!(
                        "证明包校验通过：{} 共 {} 个事件，{} 个检查点，链头 {}",
                        v.court_code, v.events, v.checkpoints, v.head_hash
                    );
                    ExitCode::SUCCESS
                }
                Err(b) => {
                    eprintln!("校验失败：{b}");
                    ExitCode::from(1)
                }
            }
        }
        AuditCmd::Checkpoint { db } => {
            let app = match open(&db, Settings::default()).await {
                Ok(a) => a,
                Err(code) => return code,
            };
            match app.checkpoint_all(false).await {
                Ok(n) => {
                    println!("已为 {n} 个法院签署检查点");
                    ExitCode::SUCCESS
                }
                Err(e) => fail_setup(e),
            }
        }
        AuditCmd::RotateKey { db, court } => {
            let app = match open(&db, Settings::default()).await {
                Ok(a) => a,
                Err(code) => return code,
            };
            let id = match app.store.court_by_code(&court).await {
                Ok(Some(c)) => c.id,
                Ok(None) => return fail_setup(format!("法院“{court}”不存在")),
                Err(e) => return fail_setup(e),
            };
            match app.rotate_court_key(id).await {
                Ok(key_id) => {
                    println!("已轮换 {court} 的签名密钥，新密钥 {key_id}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail_setup(e),
            }
        }
    }
}

async fn demo(data_dir: PathBuf, bind: String, cases: usize, seed: u64, no_serve: bool) -> ExitCode {
    if let Err(e) = ensure_writable_dir(&data_dir) {
        return fail_setup(e);
    }
    // A fresh database every time: remove the previous demo's files.
    for f in ["zhixing.db", "zhixing.db-wal", "zhixing.db-shm"] {
        let _ = std::fs::remove_file(data_dir.join(f));
    }
    let _ = std::fs::remove_dir_all(data_dir.join("keys"));
    let db = DbArgs { db: None, data_dir: data_dir.clone() };
    let app = match open(&db, Settings::default()).await {
        Ok(a) => a,
        Err(code) => return code,
    };
    let password = "Zhixing@2026".to_string();
    println!("正在生成演示数据（{cases} 件案件）……");
    let started = std::time::Instant::now();
    let opts = zhixing_app::demo::DemoOptions { seed, cases, password: password.clone() };
    let summary = match zhixing_app::demo::seed_demo(&app, &opts).await {
        Ok(s) => s,
        Err(e) => return fail_setup(format!("演示数据生成失败：{e}")),
    };
    if let Err(e) = app.checkpoint_all(true).await {
        return fail_setup(format!("检查点签署失败：{e}"));
    }
    println!(
        "已生成：{} 个法院、{} 个团队、{} 个账号、{} 件案件、{} 个事件（用时 {:.1} 秒）",
        summary.courts,
        summary.teams,
        summary.users,
        summary.cases,
        summary.events,
        started.elapsed().as_secs_f64()
    );
    println!("数据目录：{}", data_dir.display());
    println!();
    println!("演示账号（密码均为 {password}），每个角色一个：");
    let main_logins: Vec<_> = summary.logins.iter().filter(|l| l.username == l.role.as_str()).collect();
    for l in &main_logins {
        println!("  {:<16} {}（{} · {}）", l.username, l.role.label_zh(), l.display_name, l.court);
    }
    println!(
        "  另有 {} 个账号（各团队成员、苏02 与 苏0211 的人员，如 judge2、director_0211），可在“账号”页查看",
        summary.logins.len() - main_logins.len()
    );
    if no_serve {
        return ExitCode::SUCCESS;
    }
    serve(app, &bind, Some(&password)).await
}

async fn serve(app: App, bind: &str, _demo_password: Option<&str>) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(l) => l,
        Err(e) => return fail_setup(format!("无法监听 {bind}：{e}")),
    };
    let addr = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| bind.to_string());
    let state = zhixing_web::AppState::new(app.clone());
    let router = zhixing_web::router(state.clone());
    // Checkpoints at least hourly; expired sessions removed.
    let job_app = app.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        // None = not yet run in this process (Instant cannot go before boot).
        let mut last_checkpoint: Option<std::time::Instant> = None;
        let mut last_sweep: Option<std::time::Instant> = None;
        let due = |last: Option<std::time::Instant>| last.is_none_or(|t| t.elapsed() >= Duration::from_secs(3000));
        loop {
            tick.tick().await;
            if due(last_checkpoint) {
                match job_app.checkpoint_all(false).await {
                    Ok(n) if n > 0 => tracing::info!(courts = n, "checkpoints signed"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "checkpoint job failed"),
                }
                last_checkpoint = Some(std::time::Instant::now());
            }
            if due(last_sweep) {
                match job_app.sweep_deadlines().await {
                    Ok(r) => tracing::info!(
                        due_soon = r.due_soon,
                        overdue = r.overdue,
                        escalated = r.escalated,
                        "deadline sweep"
                    ),
                    Err(e) => tracing::error!(error = %e, "deadline sweep failed"),
                }
                last_sweep = Some(std::time::Instant::now());
            }
            if let Err(e) = job_app.store.delete_expired_sessions(job_app.now_ms()).await {
                tracing::warn!(error = %e, "session cleanup failed");
            }
        }
    });
    println!();
    println!("智执已启动：http://{addr}/");
    println!("接口文档：http://{addr}/api/v1/openapi.json  （数据库：{}）", app.store.backend().as_str());
    let shutdown_state = state.clone();
    let result = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            shutdown_state.set_ready(false);
            tracing::info!("shutting down: finishing requests in flight");
        })
        .await;
    // Sign a last checkpoint so the chain's head at shutdown is on record.
    let _ = app.checkpoint_all(false).await;
    app.store.close().await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail_setup(format!("服务异常退出：{e}")),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
