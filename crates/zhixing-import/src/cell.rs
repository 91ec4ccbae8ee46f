//! One cell as read from a workbook or a CSV file, and how a value of each
//! kind (text, amount, date) is taken out of it.

use chrono::{NaiveDate, NaiveDateTime};
use zhixing_domain::money::Fen;

/// A cell's value. CSV cells are always `Text`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    /// An Excel date cell (its time of day, if any, is kept for display only).
    DateTime(NaiveDateTime),
    Bool(bool),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

/// Integers up to this magnitude (15 digits) are exact in a double and are
/// shown without decimals; an 18-digit ID number stored as a number is not.
const EXACT_INTEGER_LIMIT: f64 = 1e15;

/// Dates before this are taken for typing or format mistakes.
const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1950, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

impl Cell {
    /// Whether the cell holds nothing but white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the clerk sees it, for the error sheet.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => format!("{f}"),
            Cell::DateTime(dt) => {
                if dt.time() == chrono::NaiveTime::MIN {
                    dt.date().format("%Y-%m-%d").to_string()
                } else {
                    dt.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// Text content, trimmed; `None` when blank. Numbers are written without
    /// a decimal point when they are whole.
    pub fn text(&self) -> Result<Option<String>, String> {
        match self {
            Cell::Empty => Ok(None),
            Cell::Text(s) => {
                let t = s.trim();
                Ok(if t.is_empty() { None } else { Some(t.to_string()) })
            }
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < EXACT_INTEGER_LIMIT => Ok(Some(format!("{f:.0}"))),
            Cell::Error(e) => Err(format!("单元格是错误值 {e}，请改为实际内容")),
            other => Ok(Some(other.display())),
        }
    }

    /// Digits that must be text (ID numbers, phone numbers, region codes).
    /// A number that is not whole or too long to be exact in Excel has lost
    /// digits: say so rather than check a damaged number.
    pub fn digits_text(&self) -> Result<Option<String>, String> {
        match self {
            Cell::Float(f) if f.fract() != 0.0 || f.abs() >= EXACT_INTEGER_LIMIT => Err(format!(
                "号码被 Excel 存成了数字（显示为 {}），末几位可能已变成 0；请把该列设置为“文本”格式后重新填写",
                self.display()
            )),
            Cell::DateTime(_) | Cell::Bool(_) => Err(format!("“{}”不是号码", self.display())),
            _ => self.text(),
        }
    }

    /// An amount in yuan; blank is zero. Text goes through
    /// [`Fen::parse_yuan`]; a number cell goes through its shortest exact
    /// decimal form (the one Excel stored), never through float arithmetic,
    /// so a value with more than two decimals is refused, not rounded.
    pub fn amount(&self) -> Result<Fen, String> {
        match self {
            Cell::Empty => Ok(Fen::ZERO),
            Cell::Text(s) if s.trim().is_empty() => Ok(Fen::ZERO),
            Cell::Text(s) => Fen::parse_yuan(s).map_err(|e| e.to_string()),
            Cell::Int(i) => Fen::parse_yuan(&i.to_string()).map_err(|e| e.to_string()),
            Cell::Float(f) if !f.is_finite() => Err("金额不是有效数字".to_string()),
            // `{}` prints the shortest decimal that reads back as the same
            // double, i.e. what the clerk typed; never in exponent form.
            Cell::Float(f) => Fen::parse_yuan(&format!("{f}")).map_err(|e| e.to_string()),
            Cell::DateTime(_) => Err(format!("金额不能是日期（{}）；请把单元格设为“数值”格式", self.display())),
            Cell::Bool(_) => Err(format!("金额“{}”不是有效数字", self.display())),
            Cell::Error(e) => Err(format!("单元格是错误值 {e}，请改为金额")),
        }
    }

    /// A date; blank is `None`. Excel date cells, text in the usual Chinese
    /// forms, and whole numbers written as YYYYMMDD are read.
    pub fn date(&self) -> Result<Option<NaiveDate>, String> {
        let d = self.date_unchecked()?;
        match d {
            // A time-only cell reads as 1899-12-31; no title being enforced
            // today is that old.
            Some(d) if d < EARLIEST_DATE => {
                Err(format!("日期 {d} 早于 1950 年，请核对（单元格可能是“时间”格式）；日期请写成 YYYY-MM-DD"))
            }
            d => Ok(d),
        }
    }

    fn date_unchecked(&self) -> Result<Option<NaiveDate>, String> {
        match self {
            Cell::Empty => Ok(None),
            Cell::DateTime(dt) => Ok(Some(dt.date())),
            Cell::Text(s) if s.trim().is_empty() => Ok(None),
            Cell::Text(s) => parse_date_text(s).map(Some),
            Cell::Int(_) | Cell::Float(_) => {
                let shown = self.display();
                if shown.len() == 8 && shown.bytes().all(|b| b.is_ascii_digit()) {
                    parse_date_text(&shown).map(Some)
                } else {
                    Err(format!("“{shown}”不是日期；日期请写成 YYYY-MM-DD，如 2025-03-14"))
                }
            }
            Cell::Bool(_) => Err(format!("“{}”不是日期", self.display())),
            Cell::Error(e) => Err(format!("单元格是错误值 {e}，请改为日期")),
        }
    }
}

/// Reads a date written as YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or
/// YYYYMMDD (full-width digits allowed; a time after the date is ignored).
/// A date that does not exist (2025-02-30) is refused with that reason.
pub(crate) fn parse_date_text(raw: &str) -> Result<NaiveDate, String> {
    let shown = raw.trim();
    let s: String = shown
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            c => c,
        })
        .collect();
    // Drop a time of day: "2025-03-14 00:00:00", "2025-03-14T08:00".
    let s = s.split([' ', 'T', '\u{3000}']).next().unwrap_or("");
    let bad = || format!("日期“{shown}”格式不正确；请写成 YYYY-MM-DD，如 2025-03-14");
    let parts: Vec<&str> = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        vec![&s[0..4], &s[4..6], &s[6..8]]
    } else if let Some(rest) = s.strip_suffix('日') {
        let (y, rest) = rest.split_once('年').ok_or_else(bad)?;
        let (m, d) = rest.split_once('月').ok_or_else(bad)?;
        vec![y, m, d]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|c| s.contains(*c)).ok_or_else(bad)?;
        s.split(sep).collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let digits = |t: &str, max: usize| !t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_digit());
    if y.len() != 4 || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(bad());
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| format!("日期“{shown}”不存在（{y}年没有{m}月{d}日）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_court_forms() {
        for s in [
            "2025-03-14",
            "2025/3/14",
            "2025.3.14",
            "2025年3月14日",
            "20250314",
            "２０２５－０３－１４",
            " 2025-03-14 00:00:00",
        ] {
            assert_eq!(parse_date_text(s), Ok(d(2025, 3, 14)), "{s}");
        }
        let e = parse_date_text("2025-02-30").unwrap_err();
        assert!(e.contains("不存在"), "{e}");
        for s in ["2025-3", "25-03-14", "明天", "2025-03-14-1", "2025年3月"] {
            assert!(parse_date_text(s).is_err(), "{s}");
        }
    }

    #[test]
    fn implausible_dates_are_refused() {
        let time_only = NaiveDate::from_ymd_opt(1899, 12, 31).unwrap().and_hms_opt(12, 0, 0).unwrap();
        assert!(Cell::DateTime(time_only).date().unwrap_err().contains("1950"));
        assert!(Cell::Text("1900-01-01".into()).date().is_err());
        assert_eq!(Cell::Text("1995-07-01".into()).date(), Ok(Some(d(1995, 7, 1))));
        assert_eq!(Cell::Float(20250314.0).date(), Ok(Some(d(2025, 3, 14))));
        assert!(Cell::Float(45000.0).date().is_err());
    }

    #[test]
    fn numeric_amounts_never_lose_a_fen() {
        assert_eq!(Cell::Float(12345.67).amount(), Ok(Fen(1_234_567)));
        assert!(Cell::Float(0.1 + 0.2).amount().unwrap_err().contains("两位小数"));
        assert!(Cell::Float(12.345).amount().unwrap_err().contains("两位小数"));
        assert_eq!(Cell::Float(3000.0).amount(), Ok(Fen(300_000)));
        assert!(Cell::Float(1e-7).amount().unwrap_err().contains("两位小数"));
        assert!(Cell::Float(-5.0).amount().unwrap_err().contains("负数"));
        assert_eq!(Cell::Int(42).amount(), Ok(Fen(4200)));
        assert_eq!(Cell::Empty.amount(), Ok(Fen::ZERO));
        assert_eq!(Cell::Text("1,234.5".into()).amount(), Ok(Fen(123_450)));
    }

    #[test]
    fn id_numbers_stored_as_numbers_are_refused() {
        assert!(Cell::Float(1.1010519491231e17).digits_text().is_err());
        assert_eq!(Cell::Float(13812345678.0).digits_text(), Ok(Some("13812345678".into())));
        assert_eq!(Cell::Float(320205.0).digits_text(), Ok(Some("320205".into())));
        assert_eq!(Cell::Text(" 11010519491231002x ".into()).digits_text(), Ok(Some("11010519491231002x".into())));
    }
}
