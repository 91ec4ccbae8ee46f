//! Amounts and counts as judgments write them, turned into exact values.
//!
//! Judgments write money in Arabic digits (`38500元`, `38,500.00元`,
//! `１２３４５．６元`), in units of ten thousand (`12.5万元`), in everyday Chinese
//! numerals (`三万八千五百元`, `一千零一十元六角二分`) and in the capital numerals
//! of financial writing (`壹拾万元整`, `叁万捌仟伍佰元`). All of them become
//! [`Fen`] here, exactly: an amount that cannot be expressed in whole fen is
//! refused rather than rounded.

use std::sync::LazyLock;

use regex::Regex;
use zhixing_domain::money::{Fen, MAX_FEN};

use crate::text::re;

/// Value of one Chinese digit character (everyday and capital forms).
fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' | '○' | 'O' | 'o' | '0' => 0,
        '一' | '壹' | '幺' | '1' => 1,
        '二' | '贰' | '貳' | '两' | '兩' | '2' => 2,
        '三' | '叁' | '參' | '3' => 3,
        '四' | '肆' | '4' => 4,
        '五' | '伍' | '5' => 5,
        '六' | '陆' | '陸' | '6' => 6,
        '七' | '柒' | '7' => 7,
        '八' | '捌' | '8' => 8,
        '九' | '玖' | '9' => 9,
        _ => return None,
    })
}

/// Multiplier of a unit character inside a section (below 万).
fn cn_small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// Reads a whole number written in Chinese numerals: `十五` = 15,
/// `一千零一十` = 1010, `三万八千五百` = 38500, `壹拾万` = 100000,
/// `二〇二四` = 2024 (digit by digit when no unit appears).
pub fn parse_cn_int(s: &str) -> Option<u64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    // Plain digit strings ("2024", "二〇二四") are read digit by digit.
    if s.chars().all(|c| cn_digit(c).is_some()) {
        let mut v: u64 = 0;
        for c in s.chars() {
            v = v.checked_mul(10)?.checked_add(cn_digit(c)?)?;
        }
        return Some(v);
    }
    let mut total: u64 = 0; // completed 亿 part
    let mut wan: u64 = 0; // completed 万 part (below 亿)
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut seen_any = false;
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            if digit.is_some_and(|p| p != 0) {
                // Two digits in a row without a unit ("三五") is not a number here.
                return None;
            }
            digit = Some(d);
            seen_any = true;
        } else if let Some(unit) = cn_small_unit(c) {
            // "十五" means 15: a bare 十 has an implied 1.
            let d = match digit {
                Some(d) => d,
                None if unit == 10 => 1,
                None => return None,
            };
            section = section.checked_add(d.checked_mul(unit)?)?;
            digit = None;
            seen_any = true;
        } else if c == '万' || c == '萬' {
            let part = section.checked_add(digit.unwrap_or(0))?;
            if part == 0 && !seen_any {
                return None;
            }
            wan = wan.checked_add(part.checked_mul(10_000)?)?;
            section = 0;
            digit = None;
        } else if c == '亿' || c == '億' {
            let part = wan.checked_add(section)?.checked_add(digit.unwrap_or(0))?;
            if part == 0 && !seen_any {
                return None;
            }
            total = total.checked_add(part.checked_mul(100_000_000)?)?;
            wan = 0;
            section = 0;
            digit = None;
        } else {
            return None;
        }
    }
    if !seen_any {
        return None;
    }
    total.checked_add(wan)?.checked_add(section)?.checked_add(digit.unwrap_or(0))
}

/// Full-width digits, letters and the full-width full stop to ASCII.
pub fn to_halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '．' => '.',
            '，' => '，',
            '％' => '%',
            _ => c,
        })
        .collect()
}

/// An Arabic decimal (`1,234.56`, `12.5`) times `10^extra_zeros`, in fen.
fn arabic_to_fen(number: &str, extra_zeros: u32) -> Option<Fen> {
    let cleaned: String = number.chars().filter(|c| *c != ',' && *c != '，').collect();
    let (int_part, frac_part) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.chars().all(|c| c.is_ascii_digit()) || !frac_part.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // value = int.frac × 10^extra × 100 fen, computed on the digit string.
    let digits = format!("{int_part}{frac_part}");
    let scale = i64::from(extra_zeros) + 2 - i64::try_from(frac_part.len()).ok()?;
    let mut digits = digits.trim_start_matches('0').to_string();
    if digits.is_empty() {
        return Some(Fen(0));
    }
    if scale >= 0 {
        for _ in 0..scale {
            digits.push('0');
        }
    } else {
        // Dropping digits must only drop zeros, or the amount is finer than a fen.
        let cut = usize::try_from(-scale).ok()?;
        if cut > digits.len() {
            return if digits.chars().all(|c| c == '0') { Some(Fen(0)) } else { None };
        }
        let (keep, dropped) = digits.split_at(digits.len() - cut);
        if dropped.chars().any(|c| c != '0') {
            return None;
        }
        digits = keep.to_string();
        if digits.is_empty() {
            return Some(Fen(0));
        }
    }
    if digits.len() > 18 {
        return None;
    }
    let v: i64 = digits.parse().ok()?;
    (v <= MAX_FEN).then_some(Fen(v))
}

/// Reads one amount of money as written, e.g. `三万八千五百元`,
/// `一千零一十元六角二分`, `12.5万元`, `1,234.56元`, `１２３４５元`, `壹拾万元整`,
/// `人民币5000元`. Returns `None` for anything that is not exactly one amount.
pub fn parse_amount(input: &str) -> Option<Fen> {
    let s: String = to_halfwidth(input).chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.strip_prefix("人民币").unwrap_or(&s);
    let s = s.strip_prefix('¥').or_else(|| s.strip_prefix('￥')).unwrap_or(s);
    let s = s.trim_end_matches(['整', '正']);
    if s.is_empty() {
        return None;
    }
    // Arabic forms: 1,234.56元 / 12.5万元 / 3亿元.
    if s.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        let body = s.strip_suffix('元').or_else(|| s.strip_suffix('圆'))?;
        let (num, zeros) = if let Some(n) = body.strip_suffix('万') {
            (n, 4)
        } else if let Some(n) = body.strip_suffix("亿") {
            (n, 8)
        } else {
            (body, 0)
        };
        return arabic_to_fen(num, zeros);
    }
    // Chinese forms: [integer]元[N角][N分], also "N角N分" alone.
    let (yuan_text, rest) = match s.find(['元', '圆']) {
        Some(i) => {
            let unit_len = s[i..].chars().next().map_or(3, char::len_utf8);
            (&s[..i], &s[i + unit_len..])
        }
        None => ("", s),
    };
    let mut fen: i64 = 0;
    if !yuan_text.is_empty() {
        let y = parse_cn_int(yuan_text)?;
        fen = i64::try_from(y).ok()?.checked_mul(100)?;
    } else if !rest.contains(['角', '分']) {
        return None;
    }
    let mut rest = rest.trim_start_matches(['零', '〇', '○']);
    if let Some(i) = rest.find('角') {
        let d = parse_cn_int(&rest[..i])?;
        if d > 9 {
            return None;
        }
        fen += i64::try_from(d).ok()? * 10;
        rest = rest[i + '角'.len_utf8()..].trim_start_matches(['零', '〇', '○']);
    }
    if let Some(i) = rest.find('分') {
        let d = parse_cn_int(&rest[..i])?;
        if d > 9 {
            return None;
        }
        fen += i64::try_from(d).ok()?;
        rest = &rest[i + '分'.len_utf8()..];
    }
    if !rest.is_empty() {
        return None;
    }
    (fen <= MAX_FEN).then_some(Fen(fen))
}

/// One amount found in running text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountMatch {
    /// Byte offsets in the searched text.
    pub start: usize,
    pub end: usize,
    pub fen: Fen,
    /// The text of the amount as written (without a leading 人民币).
    pub as_written: String,
}

const CN_NUM_CHARS: &str = "零〇○一二两三四五六七八九十百千万亿壹贰貳叁肆伍陆柒捌玖拾佰仟萬億";

static AMOUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
    let cn = CN_NUM_CHARS;
    re(&format!(
        r"(?:(?:\d{{1,3}}(?:[,，]\d{{3}})+|\d+)(?:\.\d+)?|\.\d+)(?:万|亿)?[元圆]|[{cn}]+[元圆](?:[零〇○]?[一二三四五六七八九壹贰叁肆伍陆柒捌玖]角)?(?:[零〇○]?[一二三四五六七八九壹贰叁肆伍陆柒捌玖]分)?整?"
    ))
});

/// Every amount of money in `text`, in order. The duplicate written out in
/// capitals right after an amount ("38500元（大写：叁万捌仟伍佰元）") is
/// dropped, so each sum is reported once.
pub fn find_amounts(text: &str) -> Vec<AmountMatch> {
    let mut out: Vec<AmountMatch> = Vec::new();
    for m in AMOUNT_RE.find_iter(text) {
        let written = m.as_str();
        let Some(fen) = parse_amount(written) else { continue };
        // A Chinese-numeral match glued to a preceding Han character that is
        // itself a numeral would have been included; one glued to a
        // non-numeral word is fine ("支付货款三万元").
        if let Some(prev) = out.last() {
            let between = &text[prev.end..m.start()];
            let filler = between.trim_matches(|c: char| c.is_whitespace() || "（(：:，,大写即人民币".contains(c));
            if prev.fen == fen && filler.is_empty() && between.contains(['（', '(']) {
                continue;
            }
        }
        out.push(AmountMatch { start: m.start(), end: m.end(), fen, as_written: written.to_string() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(s: &str) -> Option<String> {
        parse_amount(s).map(|f| f.to_yuan_string())
    }

    #[test]
    fn chinese_integers() {
        let cases = [
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("三十一", 31),
            ("一百零五", 105),
            ("一千零一十", 1010),
            ("三万八千五百", 38500),
            ("壹拾万", 100_000),
            ("十万", 100_000),
            ("一亿二千万", 120_000_000),
            ("二〇二四", 2024),
            ("二○二三", 2023),
            ("二零一九", 2019),
            ("两千", 2000),
        ];
        for (s, v) in cases {
            assert_eq!(parse_cn_int(s), Some(v), "{s}");
        }
        assert_eq!(parse_cn_int(""), None);
        assert_eq!(parse_cn_int("三五十"), None);
        assert_eq!(parse_cn_int("元"), None);
    }

    #[test]
    fn amounts_in_every_form_courts_write() {
        let cases = [
            ("三万八千五百元", "38500.00"),
            ("一千零一十元六角二分", "1010.62"),
            ("12.5万元", "125000.00"),
            ("1,234.56元", "1234.56"),
            ("１２３４５．６７元", "12345.67"),
            ("壹拾万元整", "100000.00"),
            ("叁万捌仟伍佰元", "38500.00"),
            ("人民币5000元", "5000.00"),
            ("5000.00元", "5000.00"),
            ("0.5元", "0.50"),
            ("3亿元", "300000000.00"),
            ("1.23456万元", "12345.60"),
            ("五角", "0.50"),
            ("十元零五分", "10.05"),
            ("贰佰元零伍角", "200.50"),
            ("1万元", "10000.00"),
        ];
        for (s, v) in cases {
            assert_eq!(yuan(s).as_deref(), Some(v), "{s}");
        }
        for bad in ["", "元", "abc元", "1.234元", "十角", "0.123456789万元", "12"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn finds_amounts_in_running_text_once() {
        let t = "支付货款38500元（大写：叁万捌仟伍佰元）及违约金三千元，律师费1,000.50元";
        let found: Vec<String> = find_amounts(t).into_iter().map(|a| a.fen.to_yuan_string()).collect();
        assert_eq!(found, ["38500.00", "3000.00", "1000.50"]);
        assert!(find_amounts("于本判决生效之日起十日内，住3单元").is_empty());
    }

    proptest::proptest! {
        /// Arabic amounts written with or without grouping read back exactly.
        #[test]
        fn arabic_round_trip(v in 0i64..1_000_000_000_000) {
            let f = Fen(v);
            proptest::prop_assert_eq!(parse_amount(&format!("{}元", f.to_yuan_string())), Some(f));
            proptest::prop_assert_eq!(parse_amount(&format!("{}元", f.to_display())), Some(f));
        }

        /// Whole yuan written in Chinese numerals read back exactly.
        #[test]
        fn chinese_round_trip(v in 0u64..1_000_000_000_000) {
            let written = format!("{}元", to_chinese(v));
            proptest::prop_assert_eq!(parse_amount(&written), Some(Fen(i64::try_from(v).unwrap_or(0) * 100)), "{}", written);
        }
    }

    /// Writes a whole number in everyday Chinese numerals (test helper).
    fn to_chinese(v: u64) -> String {
        const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
        fn section(n: u64) -> String {
            let units = ["千", "百", "十", ""];
            let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
            let mut s = String::new();
            let mut zero = false;
            for (d, u) in digits.iter().zip(units) {
                if *d == 0 {
                    zero = !s.is_empty();
                } else {
                    if zero {
                        s.push('零');
                        zero = false;
                    }
                    s.push(D[*d as usize]);
                    s.push_str(u);
                }
            }
            s
        }
        if v == 0 {
            return "零".to_string();
        }
        let parts = [(v / 100_000_000, "亿"), (v / 10_000 % 10_000, "万"), (v % 10_000, "")];
        let mut s = String::new();
        let mut need_zero = false;
        for (n, u) in parts {
            if n == 0 {
                need_zero = !s.is_empty();
                continue;
            }
            if (need_zero || (!s.is_empty() && n < 1000)) && !s.is_empty() {
                s.push('零');
            }
            need_zero = false;
            s.push_str(&section(n));
            s.push_str(u);
        }
        s
    }
}
