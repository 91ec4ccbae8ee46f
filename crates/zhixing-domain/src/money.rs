//! Money as integer fen (分). Never floats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of renminbi in fen (1 yuan = 100 fen). May be negative only
/// where a caller explicitly allows it (ledger balances); parsing from user
/// input rejects negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// Why a yuan amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("金额不能为空")]
    Empty,
    #[error("金额“{0}”不是有效数字")]
    NotANumber(String),
    #[error("金额“{0}”不能为负数")]
    Negative(String),
    #[error("金额“{0}”最多保留两位小数（精确到分）")]
    TooPrecise(String),
    #[error("金额“{0}”超出允许范围")]
    TooLarge(String),
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// Parses a non-negative amount in yuan such as `12345.6`, `12,345.60`
    /// or `１２３`. At most two decimals; full-width digits and thousands
    /// separators are accepted because court spreadsheets contain them.
    pub fn parse_yuan(input: &str) -> Result<Fen, MoneyError> {
        let normalized: String = input
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' => '.',
                '－' => '-',
                _ => c,
            })
            .collect();
        let s = normalized.strip_prefix('¥').unwrap_or(&normalized);
        let s = s.strip_suffix('元').unwrap_or(s);
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative(input.trim().to_string()));
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty()) || !all_digits(int_part) || !all_digits(frac_part) {
            return Err(MoneyError::NotANumber(input.trim().to_string()));
        }
        if frac_part.len() > 2 {
            // 12.300 is still exact to the fen; 12.345 is not.
            if frac_part[2..].chars().any(|c| c != '0') {
                return Err(MoneyError::TooPrecise(input.trim().to_string()));
            }
        }
        let yuan: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| MoneyError::TooLarge(input.trim().to_string()))?
        };
        let mut frac = frac_part.chars().take(2).collect::<String>();
        while frac.len() < 2 {
            frac.push('0');
        }
        let fen: i64 = frac.parse().map_err(|_| MoneyError::NotANumber(input.trim().to_string()))?;
        yuan.checked_mul(100)
            .and_then(|v| v.checked_add(fen))
            .filter(|v| *v <= MAX_FEN)
            .map(Fen)
            .ok_or_else(|| MoneyError::TooLarge(input.trim().to_string()))
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// The amount in yuan with exactly two decimals, e.g. `1234.50`.
    pub fn to_yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Grouped for display: `1,234,567.80`.
    pub fn to_display(self) -> String {
        let plain = self.to_yuan_string();
        let (sign, rest) = plain.strip_prefix('-').map_or(("", plain.as_str()), |r| ("-", r));
        let (int_part, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut grouped = String::new();
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}.{frac}")
    }
}

/// Ten trillion yuan: far above any claim, far below i64 overflow, so sums of
/// many amounts never overflow.
pub const MAX_FEN: i64 = 1_000_000_000_000_000;

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_yuan_string())
    }
}

impl FromStr for Fen {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Fen::parse_yuan(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_court_spreadsheet_amounts() {
        let ok = [
            ("0", 0),
            ("12", 1200),
            ("12.3", 1230),
            ("12.30", 1230),
            ("12.300", 1230),
            ("1,234,567.89", 123_456_789),
            ("１２３．４５", 12345),
            ("¥100元", 10000),
            (".5", 50),
        ];
        for (s, fen) in ok {
            assert_eq!(Fen::parse_yuan(s), Ok(Fen(fen)), "{s}");
        }
        assert!(matches!(Fen::parse_yuan("-1"), Err(MoneyError::Negative(_))));
        assert!(matches!(Fen::parse_yuan("1.234"), Err(MoneyError::TooPrecise(_))));
        assert!(matches!(Fen::parse_yuan("abc"), Err(MoneyError::NotANumber(_))));
        assert!(matches!(Fen::parse_yuan(""), Err(MoneyError::Empty)));
        assert!(matches!(Fen::parse_yuan("."), Err(MoneyError::NotANumber(_))));
        assert!(matches!(Fen::parse_yuan("99999999999999999999"), Err(MoneyError::TooLarge(_))));
    }

    #[test]
    fn displays() {
        assert_eq!(Fen(123_456_789).to_display(), "1,234,567.89");
        assert_eq!(Fen(5).to_yuan_string(), "0.05");
        assert_eq!(Fen(-105).to_yuan_string(), "-1.05");
        assert_eq!(Fen(100).to_display(), "1.00");
    }

    proptest::proptest! {
        #[test]
        fn round_trips(v in 0i64..MAX_FEN) {
            proptest::prop_assert_eq!(Fen::parse_yuan(&Fen(v).to_yuan_string()), Ok(Fen(v)));
            proptest::prop_assert_eq!(Fen::parse_yuan(&Fen(v).to_display()), Ok(Fen(v)));
        }
    }
}
