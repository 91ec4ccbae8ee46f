//! The blank forms (xlsx and CSV) and the error sheet.

use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::columns::{COLUMNS, Column, Kind, normalize_header, template_header, template_headers};
use crate::read::SHEET_NAME;
use crate::synthetic::{resident_id, uscc};
use crate::{ImportError, MAX_ROWS, ParsedBatch};

/// First column of the error sheet (ignored when the sheet is re-uploaded).
const REASON_HEADER: &str = "错误原因";

/// Name of the instructions sheet of the template.
const HELP_SHEET: &str = "填写说明";

/// A workbook whose creation date is `date` rather than the clock's (which
/// rust_xlsxwriter would otherwise read), so that output is reproducible.
pub(crate) fn new_workbook(date: ExcelDateTime) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date).set_author("智执 Zhixing"));
    wb
}

/// Creation date written into the template and error sheets.
fn fixed_date() -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(2025, 1, 1)
}

fn xerr(e: XlsxError) -> ImportError {
    ImportError::Xlsx(format!("生成 Excel 文件失败：{e}"))
}

fn header_format(required: bool) -> Format {
    let f = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    if required { f.set_font_color(Color::RGB(0xC00000)) } else { f }
}

fn text_format() -> Format {
    Format::new().set_num_format("@")
}

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn amount_format() -> Format {
    Format::new().set_num_format("0.00")
}

fn column_format(c: &Column) -> Format {
    match c.kind {
        Kind::Date => date_format(),
        Kind::Amount => amount_format(),
        _ => text_format(),
    }
}

/// Header row, column widths and formats, drop-down lists and frozen
/// header of a 立案信息 sheet in template column order.
fn set_up_filing_sheet(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_name(SHEET_NAME)?;
    let kinds = DataValidation::new()
        .allow_list_strings(&["自然人", "法人", "非法人组织"])?
        .set_error_title("当事人类型")?
        .set_error_message("请从列表中选择：自然人、法人或非法人组织")?;
    let case_types = DataValidation::new()
        .allow_list_strings(&["执", "执恢", "执保"])?
        .set_error_title("案件类型")?
        .set_error_message("请从列表中选择：执、执恢或执保")?;
    let last_row = MAX_ROWS as u32;
    for (i, c) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, template_header(c), &header_format(c.required))?;
        ws.set_column_width(col, c.width)?;
        ws.set_column_format(col, &column_format(c))?;
        match c.kind {
            Kind::Party => {
                ws.add_data_validation(1, col, last_row, col, &kinds)?;
            }
            Kind::CaseType => {
                ws.add_data_validation(1, col, last_row, col, &case_types)?;
            }
            _ => {}
        }
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The example row: a valid case (it parses without error), so that the
/// template shows every format at work.
fn example_row() -> Vec<Example> {
    let applicant_code = uscc('9', '1', "320205", "MA1MW5K2");
    let debtor_id = resident_id("320205", 1988, 5, 12, 123);
    let t = |s: &str| Example::Text(s.to_string());
    vec![
        t("执"),
        t("民事判决书"),
        t("（2025）苏0205民初12345号"),
        t("无锡市锡山区人民法院"),
        Example::Date(2025, 3, 14),
        Example::Date(2025, 3, 24),
        t("金融借款合同纠纷"),
        Example::Amount(50_000.0),
        Example::Amount(525.0),
        t("以本金 50000 元为基数，自 2024年9月1日起按年利率 15.4% 计算至实际清偿之日止"),
        Example::Text(String::new()),
        t("法人"),
        t("无锡市某某小额贷款有限公司"),
        Example::Text(applicant_code),
        t("0510-88886666"),
        t("江苏省无锡市锡山区东亭街道某某路 1 号"),
        t("李某（江苏某某律师事务所律师）"),
        t("自然人"),
        t("张三"),
        Example::Text(debtor_id),
        t("13812345678"),
        t("江苏省无锡市锡山区东亭街道某某小区 1 幢 101 室"),
        t("320205"),
    ]
}

enum Example {
    Text(String),
    Date(u16, u8, u8),
    Amount(f64),
}

/// The batch-filing template: sheet 立案信息 (header row with required
/// columns marked `*`, one example row, drop-down lists for the case type
/// and party types, widths and cell formats) and sheet 填写说明 explaining
/// every column.
pub fn template_xlsx() -> Result<Vec<u8>, ImportError> {
    build_template().map_err(xerr)
}

fn build_template() -> Result<Vec<u8>, XlsxError> {
    let mut wb = new_workbook(fixed_date()?);
    let mut ws = Worksheet::new();
    set_up_filing_sheet(&mut ws)?;
    for (i, v) in example_row().into_iter().enumerate() {
        let col = i as u16;
        match v {
            Example::Text(s) if s.is_empty() => {}
            Example::Text(s) => {
                ws.write_string_with_format(1, col, s, &text_format())?;
            }
            Example::Date(y, m, d) => {
                ws.write_date_with_format(1, col, ExcelDateTime::from_ymd(y, m, d)?, &date_format())?;
            }
            Example::Amount(a) => {
                ws.write_number_with_format(1, col, a, &amount_format())?;
            }
        }
    }
    ws.set_active(true);
    wb.push_worksheet(ws);

    let mut help = Worksheet::new();
    help.set_name(HELP_SHEET)?;
    write_help(&mut help)?;
    wb.push_worksheet(help);
    wb.save_to_buffer()
}

const GENERAL_NOTES: [&str; 9] = [
    "一行一个案件：一名申请执行人，最多三名被执行人。第 2 行是示例，上传前请删除或改写。",
    "表头文字不要改动；列的顺序可以调整，不需要的非必填列可以删除。带 * 的列必须保留。",
    "日期写成 YYYY-MM-DD（如 2025-03-14），也可写 2025/3/14 或 2025年3月14日；日期必须真实存在。",
    "金额以元为单位，最多两位小数（精确到分），不能为负数；可以带千位分隔符，如 12,345.67。",
    "证件号码：自然人填 18 位公民身份号码，单位填 18 位统一社会信用代码，系统按国家标准核对校验码；号码列请保持“文本”格式。",
    "不要使用公式，不要合并单元格；从其他表格复制时请“选择性粘贴 → 数值”。",
    "单个文件最多 200,000 行、不超过 20 MB；也可以上传 CSV 文件（UTF-8 或 GBK 编码）。",
    "上传后，有问题的行会单独列出并可下载“错误清单”：在清单中改正后，直接上传该清单即可，“错误原因”列会被忽略。",
    "同一文件中执行依据文书号和被执行人都相同的行视为重复，只受理第一行。",
];

fn write_help(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap();
    let head = header_format(false);
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 8)?;
    ws.set_column_width(2, 90)?;
    ws.write_string_with_format(0, 0, "批量立案模板填写说明", &title)?;
    let mut row = 2u32;
    for (i, note) in GENERAL_NOTES.iter().enumerate() {
        ws.write_string(row, 0, format!("{}.", i + 1))?;
        ws.write_string_with_format(row, 2, *note, &wrap)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "列名", &head)?;
    ws.write_string_with_format(row, 1, "必填", &head)?;
    ws.write_string_with_format(row, 2, "填写说明", &head)?;
    for c in &COLUMNS {
        row += 1;
        ws.write_string(row, 0, template_header(c))?;
        ws.write_string(row, 1, if c.required { "是" } else { "" })?;
        ws.write_string_with_format(row, 2, c.help, &wrap)?;
    }
    Ok(())
}

/// The template as CSV: the header row only, UTF-8 with BOM (so that Excel
/// opens it with the Chinese intact).
pub fn template_csv() -> String {
    let mut s = String::from("\u{feff}");
    s.push_str(&template_headers().join(","));
    s.push_str("\r\n");
    s
}

/// The failed rows as a workbook: a first column 错误原因 (row, column and
/// reason), then the file's own header and the rows' original cells. The
/// clerk corrects it and uploads it as it is (错误原因 is ignored).
pub fn error_sheet(batch: &ParsedBatch) -> Result<Vec<u8>, ImportError> {
    build_error_sheet(batch).map_err(xerr)
}

fn build_error_sheet(batch: &ParsedBatch) -> Result<Vec<u8>, XlsxError> {
    let mut wb = new_workbook(fixed_date()?);
    let mut ws = Worksheet::new();
    ws.set_name(SHEET_NAME)?;
    let text = text_format();
    let reason_format = Format::new().set_font_color(Color::RGB(0xC00000)).set_text_wrap();
    ws.write_string_with_format(0, 0, REASON_HEADER, &header_format(true))?;
    ws.set_column_width(0, 50)?;
    // The file's columns, less the reasons of an earlier error sheet.
    let width = batch.errors.iter().map(|e| e.cells.len()).max().unwrap_or(0).max(batch.headers.len());
    let kept: Vec<usize> =
        (0..width).filter(|i| batch.headers.get(*i).is_none_or(|h| normalize_header(h) != REASON_HEADER)).collect();
    for (out, &i) in kept.iter().enumerate() {
        let col = (out + 1) as u16;
        let header = batch.headers.get(i).map_or("", String::as_str);
        let norm = normalize_header(header);
        let spec = COLUMNS.iter().find(|c| c.name == norm);
        ws.write_string_with_format(0, col, header, &header_format(spec.is_some_and(|c| c.required)))?;
        ws.set_column_width(col, spec.map_or(14.0, |c| c.width))?;
        ws.set_column_format(col, &text)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 1)?;
    for (i, e) in batch.errors.iter().enumerate() {
        let row = (i + 1) as u32;
        let reason = match &e.column {
            Some(c) => format!("第 {} 行【{c}】{}", e.row, e.reason),
            None => format!("第 {} 行：{}", e.row, e.reason),
        };
        ws.write_string_with_format(row, 0, reason, &reason_format)?;
        for (out, &j) in kept.iter().enumerate() {
            if let Some(v) = e.cells.get(j).filter(|v| !v.is_empty()) {
                ws.write_string_with_format(row, (out + 1) as u16, v, &text)?;
            }
        }
    }
    wb.push_worksheet(ws);
    wb.save_to_buffer()
}
