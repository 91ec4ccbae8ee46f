//! Fees by the official bracket schedules of 《诉讼费用交纳办法》
//! (国务院令第481号, 2006-12-19), 第十四条.
//!
//! A schedule is data: a flat fee up to a threshold, then marginal rates on
//! the parts above each bracket's lower bound, and an optional cap. The
//! exact fee is kept in 万分之一分 (1/10,000 fen) and rounded once, half up.

use crate::money::Fen;

use super::div_round_half_up;

/// A marginal rate in basis points (万分之一): 1.5% is `150`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasisPoints(pub i64);

/// One marginal bracket: the part of the amount above `above` (and up to the
/// next bracket's `above`) is charged at `rate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bracket {
    pub above: Fen,
    pub rate: BasisPoints,
}

/// A tiered fee schedule with its legal source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeeSchedule<'a> {
    /// The article the numbers come from.
    pub citation: &'a str,
    /// Charged per case for any amount up to the first bracket's `above`
    /// (and on top of the bracket charges above it).
    pub flat: Fen,
    /// Marginal brackets in increasing order of `above`.
    pub brackets: &'a [Bracket],
    /// Total fee at most this much, if the rule caps it.
    pub cap: Option<Fen>,
}

const fn yuan(y: i64) -> Fen {
    Fen(y * 100)
}

/// 执行申请费, 《诉讼费用交纳办法》第十四条第（一）项:
/// “执行金额或者价额不超过1万元的，每件交纳50元；超过1万元至50万元的部分，
/// 按照1.5%交纳；超过50万元至500万元的部分，按照1%交纳；超过500万元至1000万元
/// 的部分，按照0.5%交纳；超过1000万元的部分，按照0.1%交纳。”
/// Source: LawRefBook `行政法规/诉讼费用交纳办法(2006-12-19).md` (law.md §4.1, confirmed).
pub const APPLICATION_FEE: FeeSchedule<'static> = FeeSchedule {
    citation: "《诉讼费用交纳办法》第十四条第（一）项",
    flat: yuan(50),
    brackets: &[
        Bracket { above: yuan(10_000), rate: BasisPoints(150) },
        Bracket { above: yuan(500_000), rate: BasisPoints(100) },
        Bracket { above: yuan(5_000_000), rate: BasisPoints(50) },
        Bracket { above: yuan(10_000_000), rate: BasisPoints(10) },
    ],
    cap: None,
};

/// 执行申请费 where the title states no amount or value:
/// “没有执行金额或者价额的，每件交纳50元至500元。” The court picks a figure in
/// this range (inclusive), so no function computes it.
/// 《诉讼费用交纳办法》第十四条第（一）项 (law.md §4.1, confirmed).
pub const APPLICATION_FEE_WITHOUT_AMOUNT: (Fen, Fen) = (yuan(50), yuan(500));

/// 申请保全措施的费用, 《诉讼费用交纳办法》第十四条第（二）项, on the amount
/// actually preserved: “财产数额不超过1000元或者不涉及财产数额的，每件交纳30元；
/// 超过1000元至10万元的部分，按照1%交纳；超过10万元的部分，按照0.5%交纳。
/// 但是，当事人申请保全措施交纳的费用最多不超过5000元。” (law.md §4.1, confirmed).
pub const PRESERVATION_FEE: FeeSchedule<'static> = FeeSchedule {
    citation: "《诉讼费用交纳办法》第十四条第（二）项",
    flat: yuan(30),
    brackets: &[
        Bracket { above: yuan(1_000), rate: BasisPoints(100) },
        Bracket { above: yuan(100_000), rate: BasisPoints(50) },
    ],
    cap: Some(yuan(5_000)),
};

/// The fee for `amount` under `schedule`, to the fen, half up. A negative
/// amount is treated as zero (it has no legal meaning here).
pub fn tiered_fee(schedule: &FeeSchedule<'_>, amount: Fen) -> Fen {
    let amount = i128::from(amount.0.max(0));
    // Exact fee in 1/10,000 fen: flat part plus each bracket's slice × rate.
    let mut exact = i128::from(schedule.flat.0) * 10_000;
    for (i, bracket) in schedule.brackets.iter().enumerate() {
        let lower = i128::from(bracket.above.0);
        if amount <= lower {
            break;
        }
        let upper = schedule.brackets.get(i + 1).map_or(amount, |next| amount.min(i128::from(next.above.0)));
        exact += (upper - lower) * i128::from(bracket.rate.0);
    }
    let fee = div_round_half_up(exact, 10_000);
    let fee = i64::try_from(fee).unwrap_or(i64::MAX);
    match schedule.cap {
        Some(cap) => Fen(fee.min(cap.0)),
        None => Fen(fee),
    }
}

/// 执行申请费 for an enforcement amount ([`APPLICATION_FEE`]). For a title
/// without any amount see [`APPLICATION_FEE_WITHOUT_AMOUNT`]. The fee is not
/// paid in advance but after enforcement, and is borne by the 被执行人
/// (同办法第二十条第二款、第三十八条).
pub fn application_fee(amount: Fen) -> Fen {
    tiered_fee(&APPLICATION_FEE, amount)
}

/// 申请保全措施的费用 for the amount actually preserved ([`PRESERVATION_FEE`]).
/// A preservation not involving an amount pays the flat 30 yuan, which is
/// what `Fen::ZERO` gives.
pub fn preservation_fee(amount: Fen) -> Fen {
    tiered_fee(&PRESERVATION_FEE, amount)
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly
mod tests {
    use super::*;

    fn y(s: &str) -> Fen {
        match Fen::parse_yuan(s) {
            Ok(f) => f,
            Err(e) => panic!("bad test amount {s}: {e}"),
        }
    }

    fn check(rule: fn(Fen) -> Fen, table: &[(&str, &str)]) {
        for (amount, fee) in table {
            assert_eq!(rule(y(amount)).to_yuan_string(), *fee, "amount {amount}");
        }
    }

    #[test]
    fn application_fee_law_md_examples() {
        // law.md §4.1 worked values (computed there, recomputed here).
        check(
            application_fee,
            &[
                ("8000", "50.00"),
                ("100000", "1400.00"),
                ("500000", "7400.00"),
                ("1000000", "12400.00"),
                ("5000000", "52400.00"),
                ("10000000", "77400.00"),
                ("20000000", "87400.00"),
            ],
        );
    }

    #[test]
    fn application_fee_bracket_edges() {
        check(
            application_fee,
            &[
                ("0", "50.00"),
                ("0.01", "50.00"),
                ("10000", "50.00"),
                // 0.01 × 1.5% = 0.00015 → 0.00
                ("10000.01", "50.00"),
                // 0.34 × 1.5% = 0.0051 → 0.01 (half up at the fen)
                ("10000.34", "50.01"),
                // 0.33 × 1.5% = 0.00495 → 0.00
                ("10000.33", "50.00"),
                ("10001", "50.02"),
                ("499999.99", "7400.00"),
                ("500000.01", "7400.00"),
                ("500001", "7400.01"),
                ("4999999.99", "52400.00"),
                ("5000000.01", "52400.00"),
                ("5000002", "52400.01"),
                ("9999999.99", "77400.00"),
                ("10000000.01", "77400.00"),
                ("10000005", "77400.01"),
                // 1 亿: 77,400 + 90,000,000 × 0.1%
                ("100000000", "167400.00"),
                ("123456.78", "1751.85"),
            ],
        );
    }

    #[test]
    fn application_fee_exact_half_up() {
        // 10000 + 0.10 yuan → 0.10 × 1.5% = 0.0015 yuan = 0.15 fen → 50.00
        assert_eq!(application_fee(Fen(1_000_010)), Fen(5_000));
        // 10000 + 1.00 yuan → 1.5 fen → rounds half up to 2 fen
        assert_eq!(application_fee(Fen(1_000_100)), Fen(5_002));
        // negative is treated as zero
        assert_eq!(application_fee(Fen(-1)), Fen(5_000));
    }

    #[test]
    fn preservation_fee_table() {
        check(
            preservation_fee,
            &[
                ("0", "30.00"),
                ("1000", "30.00"),
                ("1000.01", "30.00"),
                // 0.50 × 1% = 0.005 → 0.01 (half up)
                ("1000.50", "30.01"),
                ("1001", "30.01"),
                ("50000", "520.00"),
                ("99999.99", "1020.00"),
                ("100000", "1020.00"),
                ("100001", "1020.01"),
                ("200000", "1520.00"),
                // the cap is reached at 896,000: 1020 + 796,000 × 0.5% = 5000
                ("895999.99", "5000.00"),
                ("895998", "4999.99"),
                ("896000", "5000.00"),
                ("896000.01", "5000.00"),
                ("100000000", "5000.00"),
            ],
        );
    }

    #[test]
    fn without_amount_range() {
        assert_eq!(APPLICATION_FEE_WITHOUT_AMOUNT, (Fen(5_000), Fen(50_000)));
    }

    proptest::proptest! {
        #[test]
        fn fees_are_monotone(a in 0i64..200_000_000_000, d in 0i64..100_000_000) {
            proptest::prop_assert!(application_fee(Fen(a)) <= application_fee(Fen(a + d)));
            proptest::prop_assert!(preservation_fee(Fen(a)) <= preservation_fee(Fen(a + d)));
            proptest::prop_assert!(preservation_fee(Fen(a)) <= Fen(500_000));
        }
    }
}
