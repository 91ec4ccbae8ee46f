//! Amounts in capital numerals (中文大写金额) for documents and receipts, by
//! 《正确填写票据和结算凭证的基本规定》 (中国人民银行《支付结算办法》附件):
//!
//! - 一: the characters 零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整.
//! - 二: “中文大写金额数字到‘元’为止的，在‘元’之后，应写‘整’（或‘正’）字，
//!   在‘角’之后可以不写‘整’（或‘正’）字。大写金额数字有‘分’的，‘分’后面不写
//!   ‘整’（或‘正’）字。” We always write 整 after 角 when there is no 分.
//! - 四（一）（二）: a zero or a run of zeros between digits is one 零
//!   (¥1,409.50 → 壹仟肆佰零玖元伍角; ¥6,007.14 → 陆仟零柒元壹角肆分).
//! - 四（三）: when the 万 or 元 position is 0 but the 千 or 角 position is not,
//!   one 零 “可以只写一个零字，也可以不写”. We take the first form of each of
//!   the rule's examples: ¥1,680.32 → 壹仟陆佰捌拾元零叁角贰分 (零 after 元),
//!   ¥107,000.53 → 壹拾万柒仟元零伍角叁分 (no 零 after 万). In general a 零 is
//!   written where the lower section (below 万 or 亿) starts with zeros, and
//!   not for zeros that merely end the higher section, as Chinese numbers are
//!   read (“按照汉语语言规律”).
//! - 四（四）: 角 is 0 and 分 is not → 零 after 元 (¥16,409.02 →
//!   壹万陆仟肆佰零玖元零贰分; ¥325.04 → 叁佰贰拾伍元零肆分).
//!
//! A leading 拾 is always written 壹拾 (壹拾元整, 壹拾万元整), as banks require
//! so that nothing can be put in front of it.

use crate::money::Fen;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const WAN: u64 = 10_000;
const YI: u64 = 100_000_000;

/// The amount in capital numerals, e.g. `Fen(100_506)` → `壹仟零伍元零陆分`,
/// `Fen(0)` → `零元整`. The caller adds “人民币” where the form needs it.
/// A negative amount (a ledger balance) is prefixed with 负.
pub fn rmb_capital(amount: Fen) -> String {
    let mut out = String::new();
    if amount.0 < 0 {
        out.push('负');
    }
    let abs = amount.0.unsigned_abs();
    let yuan = abs / 100;
    let jiao = (abs / 10 % 10) as usize;
    let fen = (abs % 10) as usize;

    if yuan == 0 && jiao == 0 && fen == 0 {
        out.push_str("零元整");
        return out;
    }
    if yuan > 0 {
        push_integer(yuan, &mut out);
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => out.push('整'),
        (0, f) => {
            // 四（四）: 角位是0而分位不是0，“元”后面应写“零”.
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            // 四（三）: 元位是0而角位不是0，写一个零 (first form).
            if yuan > 0 && yuan.is_multiple_of(10) {
                out.push('零');
            }
            out.push(DIGITS[j]);
            out.push('角');
            if f == 0 {
                out.push('整');
            } else {
                out.push(DIGITS[f]);
                out.push('分');
            }
        }
    }
    out
}

/// Writes `n > 0` yuan: sections of 亿 and 万, with one 零 where the lower
/// section starts with zeros.
fn push_integer(n: u64, out: &mut String) {
    if n >= YI {
        push_integer(n / YI, out);
        out.push('亿');
        push_lower(n % YI, YI, out);
    } else if n >= WAN {
        push_section(n / WAN, out);
        out.push('万');
        push_lower(n % WAN, WAN, out);
    } else {
        push_section(n, out);
    }
}

/// The part below a 万 or 亿 boundary of size `unit`: nothing if zero, a 零
/// first if its highest position is zero.
fn push_lower(lower: u64, unit: u64, out: &mut String) {
    if lower == 0 {
        return;
    }
    if lower < unit / 10 {
        out.push('零');
    }
    push_integer(lower, out);
}

/// Writes `0 < n < 10,000`: one 零 for each inner run of zeros, none for
/// trailing zeros.
fn push_section(n: u64, out: &mut String) {
    const UNITS: [&str; 4] = ["仟", "佰", "拾", ""];
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut zero_pending = false;
    for (d, unit) in digits.into_iter().zip(UNITS) {
        if d == 0 {
            zero_pending = started;
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(unit);
        started = true;
    }
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly
mod tests {
    use super::*;

    fn check(table: &[(&str, &str)]) {
        for (amount, words) in table {
            let fen = match Fen::parse_yuan(amount) {
                Ok(f) => f,
                Err(e) => panic!("bad test amount {amount}: {e}"),
            };
            assert_eq!(rmb_capital(fen), *words, "{amount}");
        }
    }

    #[test]
    fn pboc_examples() {
        // The rule's own examples (first form where two are allowed; 整 after 角).
        check(&[
            ("1409.50", "壹仟肆佰零玖元伍角整"),
            ("6007.14", "陆仟零柒元壹角肆分"),
            ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
            ("107000.53", "壹拾万柒仟元零伍角叁分"),
            ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
            ("325.04", "叁佰贰拾伍元零肆分"),
        ]);
    }

    #[test]
    fn table() {
        check(&[
            ("0", "零元整"),
            ("0.01", "壹分"),
            ("0.05", "伍分"),
            ("0.10", "壹角整"),
            ("0.50", "伍角整"),
            ("0.55", "伍角伍分"),
            ("1", "壹元整"),
            ("1.01", "壹元零壹分"),
            ("1.10", "壹元壹角整"),
            ("10", "壹拾元整"),
            ("10.50", "壹拾元零伍角整"),
            ("11", "壹拾壹元整"),
            ("100", "壹佰元整"),
            ("100.50", "壹佰元零伍角整"),
            ("101", "壹佰零壹元整"),
            ("110", "壹佰壹拾元整"),
            ("1005.06", "壹仟零伍元零陆分"),
            ("1010", "壹仟零壹拾元整"),
            ("10005.06", "壹万零伍元零陆分"),
            ("10010", "壹万零壹拾元整"),
            ("10100", "壹万零壹佰元整"),
            ("11000", "壹万壹仟元整"),
            ("100000", "壹拾万元整"),
            ("100500", "壹拾万零伍佰元整"),
            ("1000000", "壹佰万元整"),
            ("1007000", "壹佰万柒仟元整"),
            ("1010000", "壹佰零壹万元整"),
            ("10000001", "壹仟万零壹元整"),
            ("12345678.90", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"),
            ("100000000", "壹亿元整"),
            ("100001000", "壹亿零壹仟元整"),
            ("100010000", "壹亿零壹万元整"),
            ("107000000", "壹亿零柒佰万元整"),
            ("110000000", "壹亿壹仟万元整"),
            ("1000000000000", "壹万亿元整"),
            ("1234567890123.45", "壹万贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"),
            ("10000000000000", "壹拾万亿元整"),
        ]);
    }

    #[test]
    fn negative_and_extreme() {
        assert_eq!(rmb_capital(Fen(-50)), "负伍角整");
        assert!(rmb_capital(Fen(i64::MAX)).ends_with("元零柒分"));
        assert!(rmb_capital(Fen(i64::MIN)).starts_with("负"));
    }

    proptest::proptest! {
        #[test]
        fn well_formed(v in 0i64..crate::money::MAX_FEN) {
            let s = rmb_capital(Fen(v));
            proptest::prop_assert!(!s.contains("零零"));
            proptest::prop_assert!(!s.starts_with('零') || s == "零元整");
            proptest::prop_assert!(!s.contains("零元") || s == "零元整");
            proptest::prop_assert!(!s.contains("零万") && !s.contains("零亿") && !s.contains("零角整"));
            proptest::prop_assert_eq!(s.ends_with('整'), v % 10 == 0);
            proptest::prop_assert_eq!(s.ends_with('分'), v % 10 != 0);
        }
    }
}
