//! Batch filing (批量立案) from Excel and CSV files.
//!
//! Bytes in, values out: [`parse_upload`] reads an uploaded .xlsx or .csv
//! into one validated [`FileCase`](zhixing_domain::filing::FileCase) per good
//! row and one [`RowError`] per bad row (never half a row);
//! [`error_sheet`] gives the bad rows back as a workbook the clerk fixes and
//! re-uploads; [`template_xlsx`] and [`template_csv`] are the blank forms;
//! [`synthetic`] makes realistic mass-case files for load tests and demos.
//!
//! Architecture invariant: like the domain, this crate does no I/O and reads
//! no clock; `today` is a parameter.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cell;
mod columns;
mod read;
mod rows;
mod synthetic;
mod template;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use synthetic::{SyntheticFormat, synthetic};
pub use template::{error_sheet, template_csv, template_xlsx};

/// Largest upload accepted: 20 MiB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Most data rows (cases) in one file.
pub const MAX_ROWS: usize = 200_000;

/// An uploaded file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedBatch {
    /// SHA-256 of the uploaded bytes, lower-case hex (to recognise a file
    /// uploaded twice).
    pub file_sha256: String,
    /// `"xlsx"`, `"csv-utf8"` or `"csv-gbk"`.
    pub format: &'static str,
    /// The header row as written in the file, in file order.
    pub headers: Vec<String>,
    /// Good rows, in file order.
    pub rows: Vec<ParsedRow>,
    /// Bad rows, in file order; at most one per row.
    pub errors: Vec<RowError>,
}

/// One good row: a case ready to file.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedRow {
    /// Row number as Excel shows it (the header is row 1 when it is the
    /// first row).
    pub row: usize,
    /// Already checked and cleaned by `validate_filing`.
    pub filing: zhixing_domain::filing::FileCase,
    /// The row's cells as shown, aligned with [`ParsedBatch::headers`].
    pub cells: Vec<String>,
}

/// One bad row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct RowError {
    /// Row number as Excel shows it.
    pub row: usize,
    /// The template column at fault, by its name without `*` (e.g.
    /// `被执行人1证件号码`); `None` when the fault is not one column's.
    pub column: Option<String>,
    /// What is wrong, in Chinese.
    pub reason: String,
    /// The row's cells as shown, aligned with [`ParsedBatch::headers`].
    pub cells: Vec<String>,
}

/// Why a whole file was refused (row faults are [`RowError`]s instead).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("文件过大（{} MB），单个文件不能超过 {} MB；请拆分成几个文件分批上传", mib(.bytes), MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge { bytes: usize },
    #[error(
        "无法识别的文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件；旧版 .xls 文件请在 Excel 中“另存为”.xlsx 后再上传"
    )]
    NotASpreadsheet,
    #[error("文件设置了打开密码（已加密），系统无法读取；请在 Excel 中取消密码后另存为 .xlsx 再上传")]
    Encrypted,
    #[error("{}", wrong_template(.missing, .unexpected))]
    WrongTemplate { missing: Vec<String>, unexpected: Vec<String> },
    #[error("单元格 {cell} 含有公式；请选中全部数据，复制后“选择性粘贴 → 数值”，保存后再上传")]
    Formulas { cell: String },
    #[error("单元格 {range} 是合并单元格；请取消合并，使每个单元格只有一个值，再上传")]
    MergedCells { range: String },
    #[error("数据有 {rows} 行，单个文件最多 {} 行；请拆分成几个文件分批上传", MAX_ROWS)]
    TooManyRows { rows: usize },
    #[error("文件中没有数据：请在表头下方逐行填写案件，一行一个案件")]
    Empty,
    #[error("Excel 文件无法读取：{0}")]
    Xlsx(String),
    #[error("CSV 文件无法读取：{0}")]
    Csv(String),
}

impl ImportError {
    /// A stable machine code for the API's `code` field.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::TooLarge { .. } => "too_large",
            ImportError::NotASpreadsheet => "not_a_spreadsheet",
            ImportError::Encrypted => "encrypted",
            ImportError::WrongTemplate { .. } => "wrong_template",
            ImportError::Formulas { .. } => "formulas",
            ImportError::MergedCells { .. } => "merged_cells",
            ImportError::TooManyRows { .. } => "too_many_rows",
            ImportError::Empty => "empty",
            ImportError::Xlsx(_) => "xlsx",
            ImportError::Csv(_) => "csv",
        }
    }
}

fn mib(bytes: &usize) -> String {
    format!("{:.1}", *bytes as f64 / 1024.0 / 1024.0)
}

fn wrong_template(missing: &[String], unexpected: &[String]) -> String {
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("缺少必填列：{}", missing.join("、")));
    }
    if !unexpected.is_empty() {
        parts.push(format!("无法识别的列：{}", unexpected.join("、")));
    }
    format!("表头与立案模板不一致（{}）；请下载最新模板，表头文字不要改动（列的顺序可以调整）", parts.join("；"))
}

/// Reads an uploaded batch-filing file: .xlsx (detected by content), else
/// CSV in UTF-8 or GBK. Whole-file faults are an [`ImportError`]; each
/// data row becomes a [`ParsedRow`] or a [`RowError`]. Blank rows are
/// skipped. `today` bounds dates (effective date, birth dates in IDs).
pub fn parse_upload(bytes: &[u8], today: NaiveDate) -> Result<ParsedBatch, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    let file_sha256 = hex::encode(Sha256::digest(bytes));
    let table = read::read_table(bytes)?;
    let layout = columns::match_headers(&table.headers)
        .map_err(|(missing, unexpected)| ImportError::WrongTemplate { missing, unexpected })?;
    let (rows, errors) = rows::build_rows(table.rows, &layout, today);
    Ok(ParsedBatch { file_sha256, format: table.format, headers: table.headers, rows, errors })
}
