//! Text clean-up shared by the parser: one canonical form for the many ways
//! the same judgment reaches us (Word, PDF, copied from the web), and dates
//! written in Chinese numerals.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::numerals::parse_cn_int;

/// Compiles a pattern. Every pattern in this crate is a literal exercised by
/// the unit tests, so a failure here is a programming error caught in CI.
#[allow(clippy::expect_used)]
pub(crate) fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("literal regex compiles")
}

/// Canonical form of one paragraph: full-width digits, letters and the
/// full-width full stop become ASCII; ASCII brackets and colons become the
/// Chinese ones the published style uses; all whitespace (including the
/// ideographic space used for indentation and the letter-spacing of titles
/// such as "民 事 判 决 书") is removed; a comma between digits stays ASCII so
/// that "1,234.56" survives.
pub fn normalize_paragraph(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len());
    for (i, &c) in chars.iter().enumerate() {
        let c = match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ';' => '；',
            '“' | '”' | '"' | '「' | '」' => '“',
            '﹝' | '〔' | '［' | '[' | '【' => '〔',
            '﹞' | '〕' | '］' | ']' | '】' => '〕',
            '\u{00D7}' | '╳' => '×',
            '\u{FEFF}' | '\u{200B}' => continue,
            _ => c,
        };
        if c.is_whitespace() {
            continue;
        }
        if c == ',' || c == '，' {
            let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
            let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            let next3 = chars.iter().skip(i + 1).take(3).filter(|n| n.is_ascii_digit()).count() == 3;
            out.push(if prev_digit && next_digit && next3 { ',' } else { '，' });
            continue;
        }
        if c == '.' {
            // A full stop written as an ASCII dot after a Han character.
            let prev_digit = out.chars().last().is_some_and(|p| p.is_ascii_digit());
            let next_digit = chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            out.push(if prev_digit || next_digit { '.' } else { '。' });
            continue;
        }
        out.push(c);
    }
    // Quotation marks are not needed by any rule and get in the way of names.
    out.replace('“', "")
}

/// Splits raw text into normalised, non-empty paragraphs.
pub fn paragraphs(raw: &str) -> Vec<String> {
    raw.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{000B}', '\u{000C}'])
        .map(normalize_paragraph)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The characters a year may be written with: Arabic digits and the three
/// zeros (〇, ○, 零) plus the letter O that some typists use.
const YEAR_CHARS: &str = r"[0-9〇○零OΟ一二三四五六七八九]";
const MD_CHARS: &str = r"[0-9一二三四五六七八九十]";

/// A date as courts write it: 2024年5月1日, 二〇二四年五月一日, 二○二四年十二月三十一日.
pub static DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"({YEAR_CHARS}{{4}})年({MD_CHARS}{{1,3}})月({MD_CHARS}{{1,3}})日")));

/// Reads the three captured parts of [`DATE_RE`].
pub fn date_from_parts(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let year_digits: String = y.chars().map(|c| if matches!(c, 'O' | 'Ο') { '〇' } else { c }).collect();
    let year = i32::try_from(parse_cn_int(&year_digits)?).ok()?;
    let month = u32::try_from(parse_cn_int(m)?).ok()?;
    let day = u32::try_from(parse_cn_int(d)?).ok()?;
    if !(1949..=2999).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// One date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
}

/// Every valid date in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    DATE_RE
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let date = date_from_parts(c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str())?;
            Some(DateMatch { start: whole.start(), end: whole.end(), date })
        })
        .collect()
}

/// The paragraph is nothing but a date (the date line at the foot of a
/// judgment), possibly with a trailing seal note.
pub fn is_date_line(p: &str) -> Option<NaiveDate> {
    let d = find_dates(p);
    let first = d.first()?;
    let rest_len = p.len() - (first.end - first.start);
    (d.len() == 1 && first.start == 0 && rest_len <= 12).then_some(first.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_with_every_zero() {
        let cases = [
            ("二〇二四年五月十日", ymd(2024, 5, 10)),
            ("二○二三年十二月三十一日", ymd(2023, 12, 31)),
            ("二零一九年一月二十日", ymd(2019, 1, 20)),
            ("2024年5月1日", ymd(2024, 5, 1)),
            ("二O二二年十月一日", ymd(2022, 10, 1)),
        ];
        for (s, d) in cases {
            assert_eq!(find_dates(s).first().map(|m| m.date), Some(d), "{s}");
        }
        assert!(find_dates("二〇二四年二月三十日").is_empty());
        assert!(find_dates("2024年13月1日").is_empty());
        let full = normalize_paragraph("２０２４年５月１日");
        assert_eq!(find_dates(&full).first().map(|m| m.date), Some(ymd(2024, 5, 1)));
    }

    #[test]
    fn normalises_paragraphs() {
        assert_eq!(normalize_paragraph("　　民 事 判 决 书 "), "民事判决书");
        assert_eq!(normalize_paragraph("(2024)苏0211民初１２３号"), "（2024）苏0211民初123号");
        assert_eq!(normalize_paragraph("货款1,234.56元,违约金"), "货款1,234.56元，违约金");
        assert_eq!(normalize_paragraph("原告:张某."), "原告：张某。");
        assert_eq!(normalize_paragraph("李××、王XX"), "李××、王XX");
        assert_eq!(paragraphs("a\r\n\r\n  b\n").len(), 2);
    }

    #[test]
    fn date_lines() {
        assert_eq!(is_date_line("二〇二四年五月十日"), Some(ymd(2024, 5, 10)));
        assert_eq!(is_date_line("本院于2024年5月10日立案后，依法适用简易程序"), None);
    }
}
