//! The rule calculators: pure domain functions with JSON on stdout.
//! Bad input exits 2 with a Chinese message on stderr.

use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;
use zhixing_domain::calendar::{Calendar, parse_date};
use zhixing_domain::funds;
use zhixing_domain::money::Fen;

#[derive(Subcommand)]
pub enum CheckCmd {
    /// Resident ID number (GB 11643) or unified social credit code (GB 32100).
    Id { value: String },
}

#[derive(Subcommand)]
pub enum CaseNoCmd {
    /// Parse a case number, e.g. （2024）苏0205执1234号.
    Parse { text: String },
}

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Prints true or false.
    #[command(name = "is-workday")]
    IsWorkday { date: String },
    /// The date N working days after DATE.
    #[command(name = "add-workdays")]
    AddWorkdays { date: String, n: u32 },
    /// The last day of an N-day period that starts after DATE.
    #[command(name = "period-end")]
    PeriodEnd { date: String, n: u32 },
}

#[derive(Subcommand)]
pub enum CalcCmd {
    /// Application fee (执行申请费), 诉讼费用交纳办法 第十四条第（一）项.
    Fee {
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
    },
    /// Preservation fee (保全申请费), 第十四条第（二）项.
    #[command(name = "preservation-fee")]
    PreservationFee {
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
    },
    /// Doubled delay interest (加倍部分债务利息), 法释〔2014〕8号.
    #[command(name = "delay-interest")]
    DelayInterest {
        #[arg(long, allow_hyphen_values = true)]
        debt: String,
        #[arg(long)]
        due: String,
        #[arg(long)]
        paid: String,
    },
    /// Distribution of proceeds among creditors, from a plan in JSON.
    Distribute { plan: std::path::PathBuf },
    /// Amount in capital numerals (大写金额).
    #[command(name = "rmb-words")]
    RmbWords {
        #[arg(allow_hyphen_values = true)]
        amount: String,
    },
}

fn print(v: &serde_json::Value) -> ExitCode {
    println!("{v}");
    ExitCode::SUCCESS
}

fn bad(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("{msg}");
    ExitCode::from(2)
}

fn today() -> chrono::NaiveDate {
    zhixing_app::clock::china_date(chrono::Utc::now())
}

pub fn check(cmd: CheckCmd) -> ExitCode {
    match cmd {
        CheckCmd::Id { value } => {
            let r = zhixing_domain::ids::check_id(&value, today());
            match serde_json::to_value(&r) {
                Ok(v) => print(&v),
                Err(e) => bad(e),
            }
        }
    }
}

pub fn case_no(cmd: CaseNoCmd) -> ExitCode {
    match cmd {
        CaseNoCmd::Parse { text } => match zhixing_domain::case_no::parse_case_no(&text) {
            Ok(c) => print(&c.to_json()),
            Err(e) => bad(e),
        },
    }
}

pub fn calendar(cmd: CalendarCmd) -> ExitCode {
    let cal = match Calendar::china() {
        Ok(c) => c,
        Err(e) => return bad(e),
    };
    let warn_provisional = |d: chrono::NaiveDate| {
        if !cal.is_covered(d) {
            eprintln!("注意：{} 年的节假日安排尚未收录，按周一至周五为工作日计算", chrono::Datelike::year(&d));
        }
    };
    match cmd {
        CalendarCmd::IsWorkday { date } => match parse_date(&date) {
            Ok(d) => {
                warn_provisional(d);
                println!("{}", cal.is_workday(d));
                ExitCode::SUCCESS
            }
            Err(e) => bad(e),
        },
        CalendarCmd::AddWorkdays { date, n } => match parse_date(&date) {
            Ok(d) => {
                let end = cal.add_workdays(d, n);
                warn_provisional(end);
                println!("{end}");
                ExitCode::SUCCESS
            }
            Err(e) => bad(e),
        },
        CalendarCmd::PeriodEnd { date, n } => match parse_date(&date) {
            Ok(d) => {
                let end = cal.period_end(d, n);
                warn_provisional(end);
                println!("{end}");
                ExitCode::SUCCESS
            }
            Err(e) => bad(e),
        },
    }
}

fn amount(field: &str, s: &str) -> Result<Fen, ExitCode> {
    funds::parse_amount(field, s.trim()).map_err(bad)
}

pub fn calc(cmd: CalcCmd) -> ExitCode {
    match cmd {
        CalcCmd::Fee { amount: a } => match amount("amount", &a) {
            Ok(a) => print(&json!({"fee": funds::fees::application_fee(a).to_yuan_string()})),
            Err(c) => c,
        },
        CalcCmd::PreservationFee { amount: a } => match amount("amount", &a) {
            Ok(a) => print(&json!({"fee": funds::fees::preservation_fee(a).to_yuan_string()})),
            Err(c) => c,
        },
        CalcCmd::DelayInterest { debt, due, paid } => {
            let debt = match amount("debt", &debt) {
                Ok(a) => a,
                Err(c) => return c,
            };
            let due = match parse_date(&due) {
                Ok(d) => d,
                Err(e) => return bad(format!("due：{e}")),
            };
            let paid = match parse_date(&paid) {
                Ok(d) => d,
                Err(e) => return bad(format!("paid：{e}")),
            };
            let r = funds::interest::delay_interest(debt, due, paid);
            print(&json!({"days": r.days, "interest": r.interest.to_yuan_string()}))
        }
        CalcCmd::Distribute { plan } => {
            let text = match std::fs::read_to_string(&plan) {
                Ok(t) => t,
                Err(e) => return bad(format!("无法读取分配方案 {}：{e}", plan.display())),
            };
            match funds::distribution::distribute_json(&text) {
                Ok(v) => print(&v),
                Err(e) => bad(e),
            }
        }
        CalcCmd::RmbWords { amount: a } => match Fen::parse_yuan(&a) {
            Ok(f) => {
                println!("{}", funds::rmb_words::rmb_capital(f));
                ExitCode::SUCCESS
            }
            Err(e) => bad(e),
        },
    }
}
