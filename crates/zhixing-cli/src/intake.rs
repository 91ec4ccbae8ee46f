//! `zhixing intake …`: judgment intake (e键立案) from the command line.
//! Pure: reads one file, prints JSON, touches no database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use zhixing_domain::calendar::{Calendar, parse_date};

#[derive(Subcommand)]
pub enum IntakeCmd {
    /// Print the filing draft read from a judgment, ruling, mediation document, payment order or award (.txt, .docx, text-layer .pdf) as JSON.
    Parse {
        /// The document.
        file: PathBuf,
    },
    /// Print the effective date, performance deadlines and application limit computed from the document and its service dates.
    Dates {
        file: PathBuf,
        /// Date the document was served on (signed for by) a party, YYYY-MM-DD; repeat for each party.
        #[arg(long = "served")]
        served: Vec<String>,
    },
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("zhixing: {msg}");
    ExitCode::from(2)
}

fn read(file: &Path) -> Result<zhixing_intake::Draft, ExitCode> {
    let meta = std::fs::metadata(file).map_err(|e| fail(format!("无法读取文件 {}：{e}", file.display())))?;
    if !meta.is_file() {
        return Err(fail(format!("{} 不是文件", file.display())));
    }
    if meta.len() > zhixing_intake::extract::MAX_INPUT_BYTES as u64 {
        return Err(fail(format!(
            "文件 {} 过大：{} 字节，上限为 {} 字节",
            file.display(),
            meta.len(),
            zhixing_intake::extract::MAX_INPUT_BYTES
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| fail(format!("无法读取文件 {}：{e}", file.display())))?;
    let draft = zhixing_intake::parse_bytes(&bytes).map_err(|e| fail(format!("{}：{e}", file.display())))?;
    // Readable text that is not a court document at all.
    if draft.parties.is_empty() && draft.court.is_none() && draft.case_number.is_none() && draft.document_type.is_none()
    {
        return Err(fail(format!("{}：未识别出裁判文书的内容（没有法院、案号、文书类型或当事人）", file.display())));
    }
    Ok(draft)
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{s}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => fail(format!("无法输出结果：{e}")),
    }
}

pub fn run(cmd: IntakeCmd) -> ExitCode {
    match cmd {
        IntakeCmd::Parse { file } => match read(&file) {
            Ok(draft) => print(&draft.to_json_pretty()),
            Err(code) => code,
        },
        IntakeCmd::Dates { file, served } => {
            let mut dates = Vec::new();
            for s in &served {
                match parse_date(s) {
                    Ok(d) => dates.push(d),
                    Err(e) => return fail(format!("送达日期“{s}”无效：{e}")),
                }
            }
            let draft = match read(&file) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let cal = match Calendar::china() {
                Ok(c) => c,
                Err(e) => return fail(format!("节假日数据无法加载：{e}")),
            };
            let t = zhixing_intake::periods::timeline(&draft, &dates, &cal);
            match serde_json::to_string_pretty(&t) {
                Ok(s) => print(&s),
                Err(e) => fail(e),
            }
        }
    }
}
