//! 迟延履行期间的加倍部分债务利息 (the doubled part of interest for late
//! performance of a money obligation), 民诉法（2023）第二百六十四条 and
//! 《最高人民法院关于执行程序中计算迟延履行期间的债务利息适用法律若干问题的解释》
//! (法释〔2014〕8号). See law.md §4.2.
//!
//! The ordinary interest awarded by the title (一般债务利息) is computed by
//! the title's own method and is not handled here.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::money::Fen;

use super::{FundsError, check_amount, div_round_half_up};

/// How the doubled part is computed. The statutory values are
/// [`DOUBLED_PART`]; a court profile may differ only where the law is read
/// differently in practice (day counting, agreed offsetting order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DelayInterestRule {
    pub citation: &'static str,
    /// Daily rate as a fraction: 日万分之一点七五 = 175 / 1,000,000.
    pub rate_numerator: i64,
    pub rate_denominator: i64,
    /// Whether the last day of the performance period (`due`) itself counts.
    pub count_due_day: bool,
    /// Whether a payment goes to accrued doubled interest before the money
    /// debt. The statute says the opposite unless the parties agree.
    pub interest_first: bool,
}

/// The statutory rule.
///
/// - Rate: 法释〔2014〕8号第一条: “加倍部分债务利息＝债务人尚未清偿的生效法律文书
///   确定的除一般债务利息之外的金钱债务×日万分之一点七五×迟延履行期间”.
/// - Start: 同解释第二条, “自生效法律文书确定的履行期间届满之日起计算”. Read
///   with 民诉法（2023）第八十五条 (“期间开始的时和日，不计算在期间内”) the
///   day the period ends is not counted: a judgment due 2024-03-31 paid on
///   2024-07-09 gives 100 days (law.md §4.2 worked example). law.md marks
///   this reading unconfirmed; `count_due_day` switches it.
/// - End: 同解释第三条, up to and including the day of payment; for partial
///   payments each part up to its own payment day.
/// - Offsetting: 同解释第四条, “应当先清偿生效法律文书确定的金钱债务，再清偿
///   加倍部分债务利息，但当事人对清偿顺序另有约定的除外”.
pub const DOUBLED_PART: DelayInterestRule = DelayInterestRule {
    citation: "法释〔2014〕8号第一条至第四条",
    rate_numerator: 175,
    rate_denominator: 1_000_000,
    count_due_day: false,
    interest_first: false,
};

/// The doubled part for one debt paid on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DelayInterest {
    pub days: i64,
    pub interest: Fen,
}

/// One stretch of counted days with the same unpaid base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct InterestSegment {
    /// First counted day (inclusive).
    pub from: NaiveDate,
    /// Last counted day (inclusive).
    pub to: NaiveDate,
    pub days: i64,
    /// Unpaid money debt (other than ordinary interest) during the stretch.
    pub base: Fen,
    /// `base × rate × days`, half up to the fen.
    pub interest: Fen,
}

/// How one payment was offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PaymentApplication {
    /// Position of the payment in the caller's list.
    pub index: usize,
    pub date: NaiveDate,
    pub amount: Fen,
    pub to_debt: Fen,
    pub to_interest: Fen,
    /// More than was owed at that date.
    pub excess: Fen,
}

/// The working of the doubled part over partial payments, for the case page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InterestSchedule {
    pub segments: Vec<InterestSegment>,
    /// Payments in the order they were offset (by date, then input order).
    pub payments: Vec<PaymentApplication>,
    /// Counted days with a non-zero base.
    pub days: i64,
    /// Sum of the segments' interest.
    pub interest: Fen,
    pub interest_paid: Fen,
    pub interest_outstanding: Fen,
    pub debt_outstanding: Fen,
    /// Paid beyond the debt and the interest accrued at the time.
    pub excess: Fen,
}

fn interest_for(rule: &DelayInterestRule, base: Fen, days: i64) -> Fen {
    let exact = i128::from(base.0.max(0)) * i128::from(days.max(0)) * i128::from(rule.rate_numerator);
    let rounded = div_round_half_up(exact, i128::from(rule.rate_denominator));
    Fen(i64::try_from(rounded).unwrap_or(i64::MAX))
}

fn first_counted_day(rule: &DelayInterestRule, due: NaiveDate) -> Option<NaiveDate> {
    if rule.count_due_day { Some(due) } else { next_day(due) }
}

fn next_day(d: NaiveDate) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(1))
}

fn days_between_inclusive(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from { 0 } else { to.signed_duration_since(from).num_days() + 1 }
}

/// The doubled part on `debt` (unpaid money debt other than ordinary
/// interest) for a title due on `due` (last day of the performance period)
/// and paid in full on `paid`, by the statutory rule [`DOUBLED_PART`].
/// Nothing accrues if `paid` is on or before `due`. A negative debt counts
/// as zero.
pub fn delay_interest(debt: Fen, due: NaiveDate, paid: NaiveDate) -> DelayInterest {
    delay_interest_with(&DOUBLED_PART, debt, due, paid)
}

/// [`delay_interest`] under a given rule.
pub fn delay_interest_with(rule: &DelayInterestRule, debt: Fen, due: NaiveDate, paid: NaiveDate) -> DelayInterest {
    let days = first_counted_day(rule, due).map_or(0, |start| days_between_inclusive(start, paid));
    DelayInterest { days, interest: interest_for(rule, debt, days) }
}

/// The doubled part over partial payments and periods that do not count, by
/// the statutory rule [`DOUBLED_PART`].
///
/// - `debt`: money debt fixed by the title other than ordinary interest.
/// - `due`: last day of the performance period (法释〔2014〕8号第二条).
/// - `payments`: (date, amount) applied to this debt; any order. Each payment
///   first reduces the debt and only then pays the accrued doubled part
///   (第四条); the paid part stops accruing after its payment day (第三条).
/// - `excluded`: inclusive date ranges that do not count, i.e. 中止或者暂缓执行
///   not at the debtor's request and 再审中止执行 (第三条). May overlap.
/// - `until`: last day to compute to (e.g. today or the final payment day).
///
/// Each segment's interest is rounded half up to the fen, and the totals
/// are the sums of the segments, so the page adds up.
pub fn delay_interest_schedule(
    debt: Fen,
    due: NaiveDate,
    payments: &[(NaiveDate, Fen)],
    excluded: &[(NaiveDate, NaiveDate)],
    until: NaiveDate,
) -> Result<InterestSchedule, FundsError> {
    delay_interest_schedule_with(&DOUBLED_PART, debt, due, payments, excluded, until)
}

/// [`delay_interest_schedule`] under a given rule.
pub fn delay_interest_schedule_with(
    rule: &DelayInterestRule,
    debt: Fen,
    due: NaiveDate,
    payments: &[(NaiveDate, Fen)],
    excluded: &[(NaiveDate, NaiveDate)],
    until: NaiveDate,
) -> Result<InterestSchedule, FundsError> {
    check_amount("debt", debt)?;
    for (i, (date, amount)) in payments.iter().enumerate() {
        check_amount(&format!("payments[{i}].amount"), *amount)?;
        if *date > until {
            return Err(FundsError::invalid(
                format!("payments[{i}].date"),
                format!("付款日期 {date} 晚于计算截止日 {until}"),
            ));
        }
    }
    for (i, (from, to)) in excluded.iter().enumerate() {
        if from > to {
            return Err(FundsError::invalid(
                format!("excluded[{i}]"),
                format!("不计算期间的起始日 {from} 晚于结束日 {to}"),
            ));
        }
    }
    let excluded = merge_ranges(excluded);

    let mut order: Vec<usize> = (0..payments.len()).collect();
    order.sort_by_key(|&i| payments[i].0);

    let mut s = Accrual { rule, excluded: &excluded, base: debt, segments: Vec::new(), accrued: Fen::ZERO, days: 0 };
    let mut cursor = first_counted_day(rule, due);
    let mut interest_paid = Fen::ZERO;
    let mut excess = Fen::ZERO;
    let mut applications = Vec::with_capacity(payments.len());

    for i in order {
        let (date, amount) = payments[i];
        if let Some(from) = cursor
            && date >= from
        {
            s.accrue(from, date);
            cursor = next_day(date);
        }
        let interest_due = Fen(s.accrued.0 - interest_paid.0);
        let (to_debt, to_interest) = if rule.interest_first {
            let to_interest = amount.min(interest_due);
            (Fen((amount.0 - to_interest.0).min(s.base.0)), to_interest)
        } else {
            let to_debt = amount.min(s.base);
            (to_debt, Fen((amount.0 - to_debt.0).min(interest_due.0)))
        };
        let over = Fen(amount.0 - to_debt.0 - to_interest.0);
        s.base = Fen(s.base.0 - to_debt.0);
        interest_paid = Fen(interest_paid.0 + to_interest.0);
        excess = Fen(excess.0 + over.0);
        applications.push(PaymentApplication { index: i, date, amount, to_debt, to_interest, excess: over });
    }
    if let Some(from) = cursor {
        s.accrue(from, until);
    }

    Ok(InterestSchedule {
        days: s.days,
        interest: s.accrued,
        interest_paid,
        interest_outstanding: Fen(s.accrued.0 - interest_paid.0),
        debt_outstanding: s.base,
        excess,
        segments: s.segments,
        payments: applications,
    })
}

struct Accrual<'a> {
    rule: &'a DelayInterestRule,
    excluded: &'a [(NaiveDate, NaiveDate)],
    base: Fen,
    segments: Vec<InterestSegment>,
    accrued: Fen,
    days: i64,
}

impl Accrual<'_> {
    /// Adds the segments for the counted days in `[from, to]` at the current
    /// base.
    fn accrue(&mut self, from: NaiveDate, to: NaiveDate) {
        if self.base.0 <= 0 || to < from {
            return;
        }
        for (a, b) in counted_ranges(from, to, self.excluded) {
            let days = days_between_inclusive(a, b);
            let interest = interest_for(self.rule, self.base, days);
            self.segments.push(InterestSegment { from: a, to: b, days, base: self.base, interest });
            self.accrued = Fen(self.accrued.0.saturating_add(interest.0));
            self.days += days;
        }
    }
}

/// Sorts and merges inclusive ranges that overlap or touch.
fn merge_ranges(ranges: &[(NaiveDate, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(sorted.len());
    for (from, to) in sorted {
        match merged.last_mut() {
            Some(last) if next_day(last.1).is_none_or(|n| from <= n) => {
                if to > last.1 {
                    last.1 = to;
                }
            }
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// `[from, to]` minus the merged `excluded` ranges, as inclusive ranges.
fn counted_ranges(from: NaiveDate, to: NaiveDate, excluded: &[(NaiveDate, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = Some(from);
    for &(ex_from, ex_to) in excluded {
        let Some(s) = start else { break };
        if ex_to < s {
            continue;
        }
        if ex_from > to {
            break;
        }
        if ex_from > s {
            // ex_from > s >= NaiveDate::MIN, so the previous day exists.
            if let Some(before) = ex_from.checked_sub_days(Days::new(1)) {
                out.push((s, before));
            }
        }
        start = next_day(ex_to);
    }
    if let Some(s) = start
        && s <= to
    {
        out.push((s, to));
    }
    out
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // tests may fail loudly
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        match s.parse() {
            Ok(d) => d,
            Err(e) => panic!("bad test date {s}: {e}"),
        }
    }

    fn y(s: &str) -> Fen {
        match Fen::parse_yuan(s) {
            Ok(f) => f,
            Err(e) => panic!("bad test amount {s}: {e}"),
        }
    }

    fn check(debt: &str, due: &str, paid: &str, days: i64, interest: &str) {
        let r = delay_interest(y(debt), d(due), d(paid));
        assert_eq!((r.days, r.interest.to_yuan_string().as_str()), (days, interest), "{debt} {due}→{paid}");
    }

    #[test]
    fn law_md_examples() {
        // law.md §4.2: 100,000 due 2024-03-31, runs 2024-04-01 → 2024-07-09.
        check("100000", "2024-03-31", "2024-07-09", 100, "1750.00");
        // law.md §4.2 source error: 7976 × 1.75‱ × 93 = 129.8094 → 129.81.
        check("7976", "2024-01-01", "2024-04-03", 93, "129.81");
    }

    #[test]
    fn edges() {
        check("100000", "2024-03-31", "2024-03-31", 0, "0.00");
        check("100000", "2024-03-31", "2024-03-01", 0, "0.00");
        check("100000", "2024-03-31", "2024-04-01", 1, "17.50");
        check("0", "2024-03-31", "2025-03-31", 365, "0.00");
        // 1 yuan = 100 fen × 175 × 2 / 1,000,000 = 0.035 fen → 0
        check("1", "2024-03-31", "2024-04-02", 2, "0.00");
        // 100 yuan × 1.75‱ × 1 = 0.0175 yuan = 1.75 fen → 2 fen (half up)
        check("100", "2024-03-31", "2024-04-01", 1, "0.02");
        // 2,857.14 × 0.000175 = 0.4999995 yuan → 0.50 (49.99995 fen → 50)
        check("2857.14", "2024-03-31", "2024-04-01", 1, "0.50");
        // 28.57 × 0.000175 = 0.00499975 yuan = 0.499975 fen → 0.00
        check("28.57", "2024-03-31", "2024-04-01", 1, "0.00");
        // leap year: 2024-02-28 → 2024-03-01 is 2 days
        check("10000", "2024-02-28", "2024-03-01", 2, "3.50");
        // negative debt counts as zero
        assert_eq!(delay_interest(Fen(-100), d("2024-01-01"), d("2024-02-01")).interest, Fen::ZERO);
    }

    #[test]
    fn due_day_counted_when_configured() {
        let rule = DelayInterestRule { count_due_day: true, ..DOUBLED_PART };
        let r = delay_interest_with(&rule, y("100000"), d("2024-03-31"), d("2024-07-09"));
        assert_eq!((r.days, r.interest), (101, y("1767.50")));
        let r = delay_interest_with(&rule, y("100000"), d("2024-03-31"), d("2024-03-30"));
        assert_eq!(r.days, 0);
    }

    #[test]
    fn schedule_without_payments_equals_simple() {
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &[], &[], d("2024-07-09"));
        let Ok(s) = s else { panic!("{s:?}") };
        assert_eq!(s.segments.len(), 1);
        assert_eq!(s.segments[0].from, d("2024-04-01"));
        assert_eq!(s.segments[0].to, d("2024-07-09"));
        assert_eq!((s.days, s.interest, s.debt_outstanding), (100, y("1750.00"), y("100000")));
        assert_eq!(s.interest_outstanding, y("1750.00"));
    }

    #[test]
    fn partial_payments_reduce_the_debt_first() {
        // 100,000 due 2024-03-31; 40,000 paid 2024-04-10; 70,000 paid 2024-04-20.
        let pays = [(d("2024-04-20"), y("70000")), (d("2024-04-10"), y("40000"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &pays, &[], d("2024-12-31"));
        let Ok(s) = s else { panic!("{s:?}") };
        // 04-01..04-10: 10 days on 100,000 = 175.00; 04-11..04-20: 10 days on 60,000 = 105.00
        let segs: Vec<_> = s.segments.iter().map(|g| (g.from, g.to, g.days, g.base, g.interest)).collect();
        assert_eq!(
            segs,
            vec![
                (d("2024-04-01"), d("2024-04-10"), 10, y("100000"), y("175.00")),
                (d("2024-04-11"), d("2024-04-20"), 10, y("60000"), y("105.00")),
            ]
        );
        assert_eq!(s.interest, y("280.00"));
        // second payment: 60,000 to the debt, 280 to the interest, 9,720 excess
        assert_eq!(s.payments[0].index, 1);
        assert_eq!(s.payments[1].index, 0);
        assert_eq!(
            (s.payments[1].to_debt, s.payments[1].to_interest, s.payments[1].excess),
            (y("60000"), y("280"), y("9720"))
        );
        assert_eq!((s.debt_outstanding, s.interest_outstanding, s.excess), (Fen::ZERO, Fen::ZERO, y("9720")));
        assert_eq!(s.days, 20);
    }

    #[test]
    fn payment_smaller_than_debt_leaves_interest_unpaid() {
        let pays = [(d("2024-04-10"), y("100000"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &pays, &[], d("2024-06-30"));
        let Ok(s) = s else { panic!("{s:?}") };
        assert_eq!((s.interest, s.interest_paid, s.interest_outstanding), (y("175"), Fen::ZERO, y("175")));
        assert_eq!(s.debt_outstanding, Fen::ZERO);
        assert_eq!(s.segments.len(), 1);
    }

    #[test]
    fn payments_on_or_before_due_reduce_the_base_from_the_start() {
        let pays = [(d("2024-03-31"), y("30000")), (d("2024-01-01"), y("20000"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &pays, &[], d("2024-04-10"));
        let Ok(s) = s else { panic!("{s:?}") };
        assert_eq!(s.segments.len(), 1);
        assert_eq!((s.segments[0].base, s.segments[0].days, s.interest), (y("50000"), 10, y("87.50")));
    }

    #[test]
    fn excluded_periods_split_segments() {
        // 中止 2024-05-01..2024-05-31 and an overlapping 2024-05-20..2024-06-09
        let ex = [(d("2024-05-20"), d("2024-06-09")), (d("2024-05-01"), d("2024-05-31"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &[], &ex, d("2024-07-09"));
        let Ok(s) = s else { panic!("{s:?}") };
        let spans: Vec<_> = s.segments.iter().map(|g| (g.from, g.to, g.days)).collect();
        assert_eq!(spans, vec![(d("2024-04-01"), d("2024-04-30"), 30), (d("2024-06-10"), d("2024-07-09"), 30)]);
        assert_eq!((s.days, s.interest), (60, y("1050.00")));
        // an excluded period covering the start and one after `until`
        let ex = [(d("2024-01-01"), d("2024-04-05")), (d("2024-08-01"), d("2024-08-31"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &[], &ex, d("2024-04-10"));
        let Ok(s) = s else { panic!("{s:?}") };
        assert_eq!((s.segments[0].from, s.days), (d("2024-04-06"), 5));
        // everything excluded
        let ex = [(d("2024-01-01"), d("2024-12-31"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &[], &ex, d("2024-04-10"));
        let Ok(s) = s else { panic!("{s:?}") };
        assert!(s.segments.is_empty());
        assert_eq!(s.interest, Fen::ZERO);
    }

    #[test]
    fn payment_inside_excluded_period() {
        let ex = [(d("2024-04-05"), d("2024-04-14"))];
        let pays = [(d("2024-04-10"), y("50000"))];
        let s = delay_interest_schedule(y("100000"), d("2024-03-31"), &pays, &ex, d("2024-04-20"));
        let Ok(s) = s else { panic!("{s:?}") };
        let segs: Vec<_> = s.segments.iter().map(|g| (g.from, g.to, g.base)).collect();
        assert_eq!(
            segs,
            vec![(d("2024-04-01"), d("2024-04-04"), y("100000")), (d("2024-04-15"), d("2024-04-20"), y("50000"))]
        );
    }

    #[test]
    fn interest_first_by_agreement() {
        let rule = DelayInterestRule { interest_first: true, ..DOUBLED_PART };
        let pays = [(d("2024-04-10"), y("1000"))];
        let s = delay_interest_schedule_with(&rule, y("100000"), d("2024-03-31"), &pays, &[], d("2024-04-10"));
        let Ok(s) = s else { panic!("{s:?}") };
        assert_eq!((s.payments[0].to_interest, s.payments[0].to_debt), (y("175"), y("825")));
    }

    #[test]
    fn errors_name_the_field() {
        let e = delay_interest_schedule(Fen(-1), d("2024-03-31"), &[], &[], d("2024-04-10"));
        assert_eq!(e.map_err(|e| e.to_string()), Err("debt：金额不能为负数".to_string()));
        let pays = [(d("2024-04-01"), y("1")), (d("2024-04-01"), Fen(-1))];
        let e = delay_interest_schedule(y("100"), d("2024-03-31"), &pays, &[], d("2024-04-10"));
        assert_eq!(e.map_err(|e| e.field().to_string()), Err("payments[1].amount".to_string()));
        let pays = [(d("2024-05-01"), y("1"))];
        let e = delay_interest_schedule(y("100"), d("2024-03-31"), &pays, &[], d("2024-04-10"));
        assert_eq!(e.map_err(|e| e.field().to_string()), Err("payments[0].date".to_string()));
        let ex = [(d("2024-05-01"), d("2024-04-01"))];
        let e = delay_interest_schedule(y("100"), d("2024-03-31"), &[], &ex, d("2024-04-10"));
        assert_eq!(e.map_err(|e| e.field().to_string()), Err("excluded[0]".to_string()));
    }

    proptest::proptest! {
        #[test]
        fn schedule_is_consistent(
            debt in 0i64..10_000_000_000,
            pays in proptest::collection::vec((0u64..398, 0i64..5_000_000_000), 0..6),
            ex in proptest::collection::vec((0u64..400, 0u64..60), 0..4),
        ) {
            let due = d("2023-12-31");
            let until = d("2025-01-31");
            let day = |n: u64| due.checked_add_days(Days::new(n)).unwrap_or(due);
            let payments: Vec<_> = pays.iter().map(|&(n, a)| (day(n), Fen(a))).collect();
            let excluded: Vec<_> = ex.iter().map(|&(n, len)| (day(n), day(n + len))).collect();
            let s = delay_interest_schedule(Fen(debt), due, &payments, &excluded, until);
            let Ok(s) = s else { return Err(proptest::test_runner::TestCaseError::fail("rejected")) };
            let paid: i64 = payments.iter().map(|p| p.1.0).sum();
            let applied: i64 = s.payments.iter().map(|p| p.to_debt.0 + p.to_interest.0 + p.excess.0).sum();
            proptest::prop_assert_eq!(paid, applied);
            proptest::prop_assert_eq!(s.interest.0, s.segments.iter().map(|g| g.interest.0).sum::<i64>());
            proptest::prop_assert_eq!(s.days, s.segments.iter().map(|g| g.days).sum::<i64>());
            proptest::prop_assert_eq!(debt - s.debt_outstanding.0, s.payments.iter().map(|p| p.to_debt.0).sum::<i64>());
            proptest::prop_assert_eq!(s.interest.0 - s.interest_paid.0, s.interest_outstanding.0);
            proptest::prop_assert!(s.interest_outstanding.0 >= 0 && s.debt_outstanding.0 >= 0);
            // segments are ordered, disjoint, never in an excluded period, bases never grow
            for w in s.segments.windows(2) {
                proptest::prop_assert!(w[0].to < w[1].from && w[0].base >= w[1].base);
            }
            for g in &s.segments {
                proptest::prop_assert!(g.from > due && g.to <= until && g.base.0 > 0);
                for (a, b) in &excluded {
                    proptest::prop_assert!(g.to < *a || g.from > *b);
                }
            }
            // no payments and no exclusions: the simple formula
            if payments.is_empty() && excluded.is_empty() {
                proptest::prop_assert_eq!(s.interest, delay_interest(Fen(debt), due, until).interest);
            }
        }
    }
}
