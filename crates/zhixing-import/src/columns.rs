//! The columns of the batch-filing sheet: names, which are required, how each
//! is read, and how a header written by a clerk is matched to them.

/// How a column's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Free text.
    Text,
    /// 案件类型: 执 / 执恢 / 执保.
    CaseType,
    /// 当事人类型: 自然人 / 法人 / 非法人组织.
    Party,
    /// Resident ID or unified social credit code: must stay text.
    IdNumber,
    /// Phone number or region code: digits that must stay text.
    Digits,
    /// A calendar date.
    Date,
    /// An amount in yuan.
    Amount,
}

/// One column of the template.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    /// Canonical name, without the `*` that marks required columns.
    pub name: &'static str,
    /// Whether the column must be present in an upload (marked `*`).
    pub required: bool,
    pub kind: Kind,
    /// Column width in the template, in Excel character units.
    pub width: f64,
    /// Explanation for the 填写说明 sheet.
    pub help: &'static str,
}

const fn col(name: &'static str, required: bool, kind: Kind, width: f64, help: &'static str) -> Column {
    Column { name, required, kind, width, help }
}

pub(crate) const CASE_TYPE: usize = 0;
pub(crate) const TITLE_TYPE: usize = 1;
pub(crate) const TITLE_DOC_NO: usize = 2;
pub(crate) const TITLE_ISSUER: usize = 3;
pub(crate) const EFFECTIVE_ON: usize = 4;
pub(crate) const DEADLINE_ON: usize = 5;
pub(crate) const CAUSE: usize = 6;
pub(crate) const PRINCIPAL: usize = 7;
pub(crate) const COSTS: usize = 8;
pub(crate) const INTEREST: usize = 9;
pub(crate) const NON_MONEY: usize = 10;
pub(crate) const APPLICANT_KIND: usize = 11;
pub(crate) const APPLICANT_NAME: usize = 12;
pub(crate) const APPLICANT_ID: usize = 13;
pub(crate) const APPLICANT_PHONE: usize = 14;
pub(crate) const APPLICANT_ADDRESS: usize = 15;
pub(crate) const AGENT: usize = 16;
/// First column of 被执行人1; each debtor has [`DEBTOR_WIDTH`] columns.
pub(crate) const DEBTOR_BASE: usize = 17;
pub(crate) const DEBTOR_WIDTH: usize = 6;
/// Debtors per row.
pub(crate) const MAX_DEBTORS: usize = 3;

const DEBTOR_KIND_HELP: &str = "自然人、法人或非法人组织（可从下拉列表选择）";
const DEBTOR_ID_HELP: &str = "自然人填 18 位公民身份号码（末位 X 大小写均可；15 位旧号码自动转换），法人和非法人组织填 18 位统一社会信用代码；系统按国家标准核对校验码。请保持单元格为“文本”格式，否则 Excel 会把号码末几位变成 0";
const PHONE_HELP: &str = "手机号或固定电话，7–13 位数字，可带“-”，如 13812345678、0510-88888888";
const ADDRESS_HELP: &str = "送达地址，不超过 200 字";
const REGION_HELP: &str = "地址所在县级行政区划代码，6 位数字（GB/T 2260），如 320205（无锡市锡山区）";
const DEBTOR_MORE_KIND_HELP: &str =
    "有第 2、3 名被执行人时填写，填写方法同被执行人1；填写了该被执行人的任何一项，其类型和名称就必须填写";
const DEBTOR_MORE_NAME_HELP: &str = "同被执行人1";

/// All columns, in template order.
pub(crate) const COLUMNS: [Column; DEBTOR_BASE + DEBTOR_WIDTH * MAX_DEBTORS] = [
    col(
        "案件类型",
        false,
        Kind::CaseType,
        10.0,
        "执（首次执行）、执恢（恢复执行）或执保（财产保全执行）；不填视为“执”",
    ),
    col(
        "执行依据类型",
        true,
        Kind::Text,
        14.0,
        "生效法律文书的种类，如 民事判决书、民事调解书、仲裁裁决书、公证债权文书、支付令",
    ),
    col(
        "执行依据文书号",
        true,
        Kind::Text,
        28.0,
        "执行依据的案号或文号，如 （2025）苏0205民初12345号、（2024）锡仲字第1234号",
    ),
    col("作出机关", true, Kind::Text, 24.0, "作出执行依据的法院、仲裁委员会或公证机构的全称，如 无锡市锡山区人民法院"),
    col(
        "生效日期",
        false,
        Kind::Date,
        13.0,
        "执行依据生效的日期，写成 YYYY-MM-DD（如 2025-03-14），也可写 2025/3/14 或 2025年3月14日；不得晚于上传当天",
    ),
    col("履行期限届满日", false, Kind::Date, 15.0, "执行依据确定的履行期限最后一天，日期格式同上；不得早于生效日期"),
    col("案由", true, Kind::Text, 18.0, "原审案由，如 金融借款合同纠纷、信用卡纠纷、小额借款合同纠纷"),
    col(
        "给付本金（元）",
        true,
        Kind::Amount,
        15.0,
        "执行依据确定的金钱给付本金，以元为单位，最多两位小数（精确到分），不能为负数；可写 12345.67 或 12,345.67；没有金钱给付、只有非金钱给付义务的填 0",
    ),
    col(
        "诉讼费等（元）",
        false,
        Kind::Amount,
        14.0,
        "执行依据确定由被执行人负担的诉讼费、保全费、仲裁费等，格式同本金；不填视为 0",
    ),
    col(
        "利息计算方式",
        false,
        Kind::Text,
        30.0,
        "照录执行依据，如 以本金为基数，按年利率 15.4% 自 2024年3月1日起计算至实际清偿之日止",
    ),
    col("非金钱给付义务", false, Kind::Text, 20.0, "照录执行依据，如 交付车辆苏B12345；没有的不填"),
    col(
        "申请执行人类型",
        true,
        Kind::Party,
        14.0,
        "自然人、法人或非法人组织（可从下拉列表选择）；银行分行、分公司等分支机构选“非法人组织”",
    ),
    col("申请执行人", true, Kind::Text, 28.0, "自然人写姓名，单位写营业执照上的全称"),
    col("申请执行人证件号码", false, Kind::IdNumber, 22.0, DEBTOR_ID_HELP),
    col("申请执行人电话", false, Kind::Digits, 15.0, PHONE_HELP),
    col("申请执行人地址", false, Kind::Text, 30.0, ADDRESS_HELP),
    col("委托代理人", false, Kind::Text, 24.0, "代理人姓名及单位，如 李律师（江苏某某律师事务所）；没有的不填"),
    // 被执行人1
    col("被执行人1类型", true, Kind::Party, 14.0, DEBTOR_KIND_HELP),
    col("被执行人1", true, Kind::Text, 16.0, "自然人写姓名，单位写全称"),
    col("被执行人1证件号码", false, Kind::IdNumber, 22.0, DEBTOR_ID_HELP),
    col("被执行人1电话", false, Kind::Digits, 15.0, PHONE_HELP),
    col("被执行人1地址", false, Kind::Text, 30.0, ADDRESS_HELP),
    col("被执行人1行政区划代码", false, Kind::Digits, 12.0, REGION_HELP),
    // 被执行人2
    col("被执行人2类型", false, Kind::Party, 14.0, DEBTOR_MORE_KIND_HELP),
    col("被执行人2", false, Kind::Text, 16.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人2证件号码", false, Kind::IdNumber, 22.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人2电话", false, Kind::Digits, 15.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人2地址", false, Kind::Text, 30.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人2行政区划代码", false, Kind::Digits, 12.0, DEBTOR_MORE_NAME_HELP),
    // 被执行人3
    col("被执行人3类型", false, Kind::Party, 14.0, DEBTOR_MORE_KIND_HELP),
    col("被执行人3", false, Kind::Text, 16.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人3证件号码", false, Kind::IdNumber, 22.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人3电话", false, Kind::Digits, 15.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人3地址", false, Kind::Text, 30.0, DEBTOR_MORE_NAME_HELP),
    col("被执行人3行政区划代码", false, Kind::Digits, 12.0, DEBTOR_MORE_NAME_HELP),
];

/// Columns the parser accepts and ignores: the reason column of an error
/// sheet (so that it can be re-uploaded as it is) and a running number.
pub(crate) const IGNORED: [&str; 3] = ["错误原因", "序号", "行号"];

/// The header as written in the template: the name, with `*` if required.
pub(crate) fn template_header(c: &Column) -> String {
    if c.required { format!("{}*", c.name) } else { c.name.to_string() }
}

/// All template headers, in order.
pub(crate) fn template_headers() -> Vec<String> {
    COLUMNS.iter().map(template_header).collect()
}

/// Normalises a header for matching: white space anywhere, a leading or
/// trailing `*` (half- or full-width) and a BOM are dropped; half-width
/// parentheses become full-width and full-width digits half-width.
pub(crate) fn normalize_header(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '＊' => '*',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    mapped.trim_matches('*').to_string()
}

/// Where each template column sits in the uploaded file.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// `positions[i]` is the file column of `COLUMNS[i]`.
    pub positions: [Option<usize>; COLUMNS.len()],
    /// File columns whose header is empty: content there is a row error.
    pub blank: Vec<usize>,
    /// Number of columns that have a header; content to the right of them is
    /// a row error.
    pub width: usize,
}

/// Matches the header row against the template. Missing required columns,
/// unknown columns and columns given twice make the whole file wrong.
pub(crate) fn match_headers(headers: &[String]) -> Result<Layout, (Vec<String>, Vec<String>)> {
    let mut positions = [None; COLUMNS.len()];
    let mut unexpected = Vec::new();
    let mut blank = Vec::new();
    for (file_col, raw) in headers.iter().enumerate() {
        let norm = normalize_header(raw);
        if norm.is_empty() {
            blank.push(file_col);
            continue;
        }
        if IGNORED.contains(&norm.as_str()) {
            continue;
        }
        match COLUMNS.iter().position(|c| c.name == norm) {
            Some(i) if positions[i].is_none() => positions[i] = Some(file_col),
            Some(_) => unexpected.push(format!("{}（重复）", raw.trim())),
            None => unexpected.push(raw.trim().to_string()),
        }
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .zip(positions.iter())
        .filter(|(c, p)| c.required && p.is_none())
        .map(|(c, _)| c.name.to_string())
        .collect();
    if missing.is_empty() && unexpected.is_empty() {
        Ok(Layout { positions, blank, width: headers.len() })
    } else {
        Err((missing, unexpected))
    }
}

/// Excel's name of a zero-based column: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// Excel's name of a zero-based cell: (4, 3) → D5.
pub(crate) fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_loosely() {
        assert_eq!(normalize_header(" 给付本金(元) * "), "给付本金（元）");
        assert_eq!(normalize_header("*被执行人１类型"), "被执行人1类型");
        assert_eq!(normalize_header("案 由＊"), "案由");
    }

    #[test]
    fn template_headers_match_themselves() {
        let layout = match_headers(&template_headers()).unwrap();
        for (i, p) in layout.positions.iter().enumerate() {
            assert_eq!(*p, Some(i));
        }
    }

    #[test]
    fn names_of_cells() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_name(4, 3), "D5");
    }

    #[test]
    fn column_table_is_consistent() {
        assert_eq!(COLUMNS[DEBTOR_BASE].name, "被执行人1类型");
        assert_eq!(COLUMNS[DEBTOR_BASE + DEBTOR_WIDTH + 1].name, "被执行人2");
        assert_eq!(COLUMNS[COLUMNS.len() - 1].name, "被执行人3行政区划代码");
        assert_eq!(COLUMNS[AGENT].name, "委托代理人");
    }
}
