//! Money rules of enforcement: fees, delay interest, distribution, amounts
//! in capital numerals.
//!
//! Every rule is a const table or a const rule value with its citation next
//! to its numbers (see `/work/shared/docs/law.md` §4 and §5); the functions
//! only implement the mechanism. All arithmetic is in integer fen; where a
//! rate makes fractions of a fen, the exact value is kept in a wider integer
//! and rounded once, half up.

pub mod distribution;
pub mod fees;
pub mod interest;
pub mod rmb_words;

pub use distribution::{Claim, DebtorKind, Distribution, DistributionPlan, Payment, distribute, distribute_json};
pub use fees::{application_fee, preservation_fee};
pub use interest::{DelayInterest, InterestSchedule, InterestSegment, delay_interest, delay_interest_schedule};
pub use rmb_words::rmb_capital;

use crate::money::{Fen, MAX_FEN};

/// Why a money computation was refused. Every message is in Simplified
/// Chinese and starts with the field it is about, so the HTTP edge can show
/// it next to the input, e.g. `claims[2].principal：金额不能为负数`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FundsError {
    /// An amount field could not be read or is out of range.
    #[error("{field}：{problem}")]
    Amount { field: String, problem: AmountProblem },
    /// A required field is absent.
    #[error("{field}：缺少此项")]
    Missing { field: String },
    /// A field the input format does not have.
    #[error("{field}：无法识别的字段")]
    UnknownField { field: String },
    /// Any other invalid value; `reason` says what is expected.
    #[error("{field}：{reason}")]
    Invalid { field: String, reason: String },
    /// The input is not JSON at all.
    #[error("输入不是有效的 JSON（第 {line} 行第 {column} 列）")]
    Json { line: usize, column: usize },
}

impl FundsError {
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FundsError::Invalid { field: field.into(), reason: reason.into() }
    }

    pub(crate) fn amount(field: impl Into<String>, problem: AmountProblem) -> Self {
        FundsError::Amount { field: field.into(), problem }
    }

    /// The field the error is about (`"input"` for malformed JSON).
    pub fn field(&self) -> &str {
        match self {
            FundsError::Amount { field, .. }
            | FundsError::Missing { field }
            | FundsError::UnknownField { field }
            | FundsError::Invalid { field, .. } => field,
            FundsError::Json { .. } => "input",
        }
    }
}

/// What is wrong with an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountProblem {
    #[error("金额不能为空")]
    Empty,
    #[error("金额不能为负数")]
    Negative,
    #[error("金额最多保留两位小数（精确到分）")]
    TooPrecise,
    #[error("金额应为以元为单位的数字，如“1234.50”")]
    NotANumber,
    #[error("金额超出允许范围")]
    TooLarge,
}

/// Reads an amount in yuan strictly: ASCII digits, optionally a point and one
/// or two decimals (`"1234"`, `"1234.5"`, `"1234.50"`). Unlike
/// [`Fen::parse_yuan`], which is lenient for court spreadsheets, this is for
/// machine input (JSON plans): no sign, separators, currency marks or
/// full-width digits, and never more than two decimals.
pub fn parse_amount(field: &str, text: &str) -> Result<Fen, FundsError> {
    parse_amount_text(text).map_err(|problem| FundsError::amount(field, problem))
}

/// [`parse_amount`] without a field name, for serde.
pub(crate) fn parse_amount_text(text: &str) -> Result<Fen, AmountProblem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AmountProblem::Empty);
    }
    if t.starts_with('-') || t.starts_with('－') {
        return Err(AmountProblem::Negative);
    }
    let (int_part, frac_part) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int_part) {
        return Err(AmountProblem::NotANumber);
    }
    let frac = match frac_part {
        None => 0,
        Some(f) if !digits(f) => return Err(AmountProblem::NotANumber),
        Some(f) if f.len() > 2 => return Err(AmountProblem::TooPrecise),
        Some(f) => {
            let v: i64 = f.parse().map_err(|_| AmountProblem::NotANumber)?;
            if f.len() == 1 { v * 10 } else { v }
        }
    };
    // Leading zeros are harmless; overlong digit strings are out of range.
    let yuan: i64 = int_part.parse().map_err(|_| AmountProblem::TooLarge)?;
    yuan.checked_mul(100)
        .and_then(|v| v.checked_add(frac))
        .filter(|v| *v <= MAX_FEN)
        .map(Fen)
        .ok_or(AmountProblem::TooLarge)
}

/// Checks that a typed amount is within `0..=MAX_FEN`.
pub(crate) fn check_amount(field: &str, amount: Fen) -> Result<Fen, FundsError> {
    if amount.0 < 0 {
        Err(FundsError::amount(field, AmountProblem::Negative))
    } else if amount.0 > MAX_FEN {
        Err(FundsError::amount(field, AmountProblem::TooLarge))
    } else {
        Ok(amount)
    }
}

/// `numerator / denominator` rounded half up; both non-negative, denominator
/// positive. Used wherever a rate produces fractions of a fen.
pub(crate) fn div_round_half_up(numerator: i128, denominator: i128) -> i128 {
    if denominator <= 0 {
        return 0;
    }
    (numerator + denominator / 2) / denominator
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly
mod tests {
    use super::*;

    #[test]
    fn strict_amounts() {
        let ok = [("0", 0), ("12", 1200), ("12.3", 1230), ("12.30", 1230), (" 7.05 ", 705), ("007", 700)];
        for (s, fen) in ok {
            assert_eq!(parse_amount("x", s), Ok(Fen(fen)), "{s}");
        }
        let bad = [
            ("", AmountProblem::Empty),
            ("  ", AmountProblem::Empty),
            ("-1", AmountProblem::Negative),
            ("-0.01", AmountProblem::Negative),
            ("1.234", AmountProblem::TooPrecise),
            ("1.230", AmountProblem::TooPrecise),
            ("abc", AmountProblem::NotANumber),
            ("1,000", AmountProblem::NotANumber),
            ("+1", AmountProblem::NotANumber),
            (".5", AmountProblem::NotANumber),
            ("5.", AmountProblem::NotANumber),
            ("1e3", AmountProblem::NotANumber),
            ("１２", AmountProblem::NotANumber),
            ("99999999999999999999", AmountProblem::TooLarge),
            ("10000000000000.01", AmountProblem::TooLarge),
        ];
        for (s, p) in bad {
            assert_eq!(
                parse_amount("claims[2].principal", s),
                Err(FundsError::amount("claims[2].principal", p)),
                "{s}"
            );
        }
        assert_eq!(parse_amount("x", "10000000000000.00"), Ok(Fen(MAX_FEN)));
    }

    #[test]
    fn messages_name_the_field() {
        let e = parse_amount("claims[2].principal", "-5").unwrap_err();
        assert_eq!(e.to_string(), "claims[2].principal：金额不能为负数");
        assert_eq!(e.field(), "claims[2].principal");
        assert_eq!(FundsError::Missing { field: "proceeds".into() }.to_string(), "proceeds：缺少此项");
    }

    #[test]
    fn rounding() {
        assert_eq!(div_round_half_up(5, 10), 1);
        assert_eq!(div_round_half_up(4, 10), 0);
        assert_eq!(div_round_half_up(15, 10), 2);
        assert_eq!(div_round_half_up(0, 10), 0);
    }
}
