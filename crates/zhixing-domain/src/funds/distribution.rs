//! 财产分配方案: dividing the proceeds of the debtor's property among
//! creditors by legal priority (law.md §5).
//!
//! Order (law.md §5.3, derived from the articles cited at each step):
//!
//! 1. 执行费用 first — 民诉法解释（2022）第五百零八条、第五百一十四条;
//!    执行工作规定（2020修正）第三十二条 (auction costs out of the proceeds).
//! 2. Secured and priority claims (`secured_rank`, 1 first; ties in input
//!    order) — 第五百零八条、第五百一十四条 (“优先受偿的债权”); 执行工作规定第五十五条
//!    (担保物权 by the order of creation, which the caller expresses as rank).
//!    Each is paid in full if it can be (costs, interest, principal); what
//!    stays unpaid is not moved to the ordinary round (kept simple: the
//!    caller states the secured amount).
//! 3. Ordinary claims, costs + interest + principal only:
//!    - [`DebtorKind::Person`] (公民或者其他组织): pro rata to each creditor's
//!      unpaid costs + interest + principal — 第五百零八条 (“原则上按照其占全部
//!      申请参与分配债权数额的比例受偿”);
//!    - [`DebtorKind::Enterprise`] (企业法人, no bankruptcy transfer): by
//!      `seizure_order` (1 first; claims without one after those with one;
//!      ties in input order) — 第五百一十四条 (“按照财产保全和执行中查封、扣押、
//!      冻结财产的先后顺序清偿”); 执行工作规定第五十五条.
//! 4. 加倍部分债务利息 of every creditor, secured ones included, only after
//!    every creditor's other money debt — 法释〔2014〕8号第四条 (“应当先清偿生效
//!    法律文书确定的金钱债务，再清偿加倍部分债务利息”): pro rata to the doubled
//!    interest for a person; for an enterprise in the same order as above
//!    (secured by rank, then ordinary by seizure order).
//! 5. What is left goes back to the debtor — 执行工作规定第三十二条.
//!
//! Within one creditor: costs, interest, principal (民法典第五百六十一条), then
//! the doubled interest. Pro-rata fen are split by largest remainder, ties in
//! input order, so the parts always add up exactly.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::money::Fen;

use super::{FundsError, check_amount, parse_amount};

/// Who the debtor is, which decides how ordinary claims share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DebtorKind {
    /// 公民或者其他组织 (natural person or unincorporated organisation):
    /// pro rata (参与分配).
    Person,
    /// 企业法人 not transferred to bankruptcy: first seizure first.
    Enterprise,
}

/// The input of a distribution. Amounts are yuan strings in JSON
/// (`"1234.50"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistributionPlan {
    pub debtor_kind: DebtorKind,
    /// Money to distribute (拍卖、变卖所得等).
    #[serde(with = "yuan")]
    pub proceeds: Fen,
    /// 执行费用 to deduct first.
    #[serde(with = "yuan")]
    pub execution_costs: Fen,
    pub claims: Vec<Claim>,
}

/// One creditor's unpaid claim as fixed by its title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub creditor: String,
    /// 实现债权的费用 awarded (诉讼费、保全费等).
    #[serde(with = "yuan")]
    pub costs: Fen,
    /// 一般债务利息 awarded.
    #[serde(with = "yuan")]
    pub interest: Fen,
    #[serde(with = "yuan")]
    pub principal: Fen,
    /// 加倍部分债务利息 (see [`super::interest`]).
    #[serde(with = "yuan")]
    pub double_interest: Fen,
    /// Rank of a secured or priority claim, 1 first; `None` for ordinary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secured_rank: Option<u32>,
    /// Order of this creditor's seizure (查封、扣押、冻结), 1 first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seizure_order: Option<u32>,
}

impl Claim {
    /// Costs + interest + principal: the money debt ranked before doubled
    /// interest. Amounts are checked to be at most `MAX_FEN` first, so this
    /// cannot overflow.
    fn money_debt(&self) -> i64 {
        self.costs.0 + self.interest.0 + self.principal.0
    }
}

/// The result, creditors in input order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// What was actually taken for 执行费用 (less than asked if the proceeds
    /// do not cover them).
    #[serde(with = "yuan")]
    pub execution_costs: Fen,
    pub payments: Vec<Payment>,
    /// Returned to the debtor.
    #[serde(with = "yuan")]
    pub surplus: Fen,
}

/// What one creditor receives.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub creditor: String,
    #[serde(with = "yuan")]
    pub costs: Fen,
    #[serde(with = "yuan")]
    pub interest: Fen,
    #[serde(with = "yuan")]
    pub principal: Fen,
    #[serde(with = "yuan")]
    pub double_interest: Fen,
}

impl Payment {
    pub fn total(&self) -> Fen {
        Fen(self.costs.0 + self.interest.0 + self.principal.0 + self.double_interest.0)
    }
}

impl Distribution {
    /// The JSON form (amounts as yuan strings), as returned by
    /// [`distribute_json`].
    pub fn to_json(&self) -> Value {
        let payments: Vec<Value> = self
            .payments
            .iter()
            .map(|p| {
                json!({
                    "creditor": p.creditor,
                    "costs": p.costs.to_yuan_string(),
                    "interest": p.interest.to_yuan_string(),
                    "principal": p.principal.to_yuan_string(),
                    "double_interest": p.double_interest.to_yuan_string(),
                })
            })
            .collect();
        json!({
            "execution_costs": self.execution_costs.to_yuan_string(),
            "payments": payments,
            "surplus": self.surplus.to_yuan_string(),
        })
    }
}

/// Serde for amounts as strict yuan strings.
mod yuan {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::money::Fen;

    pub fn serialize<S: Serializer>(amount: &Fen, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&amount.to_yuan_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fen, D::Error> {
        let text = String::deserialize(d)?;
        super::super::parse_amount_text(&text).map_err(|p| D::Error::custom(format!("“{text}”：{p}")))
    }
}

/// Splits `amount` in proportion to `weights` by the largest-remainder
/// method: each part is the exact share rounded down, and the fen left over
/// go one each to the largest remainders (ties: earlier first). Parts add up
/// to `amount` exactly and differ from the exact shares by less than one fen.
/// If `amount` covers all weights, each part is its weight. Negative weights
/// count as zero.
pub fn pro_rata(amount: Fen, weights: &[Fen]) -> Vec<Fen> {
    let w: Vec<i128> = weights.iter().map(|w| i128::from(w.0.max(0))).collect();
    let total: i128 = w.iter().sum();
    let amount = i128::from(amount.0.max(0));
    if total == 0 {
        return vec![Fen::ZERO; weights.len()];
    }
    if amount >= total {
        return w.iter().map(|&x| Fen(clamp_i64(x))).collect();
    }
    let mut parts: Vec<i128> = w.iter().map(|&x| amount * x / total).collect();
    let mut leftover = amount - parts.iter().sum::<i128>();
    let mut by_remainder: Vec<usize> = (0..w.len()).collect();
    // Stable sort: equal remainders keep input order.
    by_remainder.sort_by_key(|&i| std::cmp::Reverse(amount * w[i] % total));
    for i in by_remainder {
        if leftover == 0 {
            break;
        }
        parts[i] += 1;
        leftover -= 1;
    }
    parts.into_iter().map(|x| Fen(clamp_i64(x))).collect()
}

fn clamp_i64(x: i128) -> i64 {
    i64::try_from(x).unwrap_or(if x < 0 { i64::MIN } else { i64::MAX })
}

fn validate(plan: &DistributionPlan) -> Result<(), FundsError> {
    check_amount("proceeds", plan.proceeds)?;
    check_amount("execution_costs", plan.execution_costs)?;
    if plan.claims.is_empty() {
        return Err(FundsError::invalid("claims", "至少需要一项债权"));
    }
    for (i, c) in plan.claims.iter().enumerate() {
        let f = |name: &str| format!("claims[{i}].{name}");
        if c.creditor.trim().is_empty() {
            return Err(FundsError::invalid(f("creditor"), "债权人名称不能为空"));
        }
        check_amount(&f("costs"), c.costs)?;
        check_amount(&f("interest"), c.interest)?;
        check_amount(&f("principal"), c.principal)?;
        check_amount(&f("double_interest"), c.double_interest)?;
        if c.secured_rank == Some(0) {
            return Err(FundsError::invalid(f("secured_rank"), "受偿顺位应为从 1 开始的正整数"));
        }
        if c.seizure_order == Some(0) {
            return Err(FundsError::invalid(f("seizure_order"), "查封顺序应为从 1 开始的正整数"));
        }
    }
    Ok(())
}

/// Pays costs, interest, principal in that order out of `budget`; returns
/// what was used.
fn pay_money_debt(claim: &Claim, paid: &mut Payment, budget: i64) -> i64 {
    let mut left = budget;
    for (owed, got) in
        [(claim.costs, &mut paid.costs), (claim.interest, &mut paid.interest), (claim.principal, &mut paid.principal)]
    {
        let take = (owed.0 - got.0).clamp(0, left.max(0));
        got.0 += take;
        left -= take;
    }
    budget - left
}

/// Distributes the proceeds (see the module documentation for the order).
pub fn distribute(plan: &DistributionPlan) -> Result<Distribution, FundsError> {
    validate(plan)?;
    let claims = &plan.claims;
    let mut paid: Vec<Payment> =
        claims.iter().map(|c| Payment { creditor: c.creditor.clone(), ..Payment::default() }).collect();

    let mut remaining = plan.proceeds.0;
    let execution_costs = plan.execution_costs.0.min(remaining);
    remaining -= execution_costs;

    // Stable sorts keep input order among equal ranks.
    let mut secured: Vec<usize> = (0..claims.len()).filter(|&i| claims[i].secured_rank.is_some()).collect();
    secured.sort_by_key(|&i| claims[i].secured_rank);
    let mut ordinary: Vec<usize> = (0..claims.len()).filter(|&i| claims[i].secured_rank.is_none()).collect();
    if plan.debtor_kind == DebtorKind::Enterprise {
        // `None` must come after every `Some`.
        ordinary.sort_by_key(|&i| claims[i].seizure_order.map_or((1, 0), |o| (0, o)));
    }

    for &i in &secured {
        remaining -= pay_money_debt(&claims[i], &mut paid[i], remaining);
    }

    match plan.debtor_kind {
        DebtorKind::Enterprise => {
            for &i in &ordinary {
                remaining -= pay_money_debt(&claims[i], &mut paid[i], remaining);
            }
        }
        DebtorKind::Person => {
            let weights: Vec<Fen> = ordinary.iter().map(|&i| Fen(claims[i].money_debt())).collect();
            let shares = pro_rata(Fen(remaining), &weights);
            for (&i, share) in ordinary.iter().zip(shares) {
                remaining -= pay_money_debt(&claims[i], &mut paid[i], share.0);
            }
        }
    }

    match plan.debtor_kind {
        DebtorKind::Enterprise => {
            for &i in secured.iter().chain(&ordinary) {
                let take = claims[i].double_interest.0.min(remaining);
                paid[i].double_interest = Fen(take);
                remaining -= take;
            }
        }
        DebtorKind::Person => {
            let weights: Vec<Fen> = claims.iter().map(|c| c.double_interest).collect();
            for (p, share) in paid.iter_mut().zip(pro_rata(Fen(remaining), &weights)) {
                p.double_interest = share;
                remaining -= share.0;
            }
        }
    }

    Ok(Distribution { execution_costs: Fen(execution_costs), payments: paid, surplus: Fen(remaining) })
}

/// For the CLI and the HTTP edge: reads a plan from JSON, distributes it and
/// returns the result as JSON. Errors are in Chinese and name the field,
/// e.g. `claims[2].principal：金额不能为负数`.
pub fn distribute_json(input: &str) -> Result<Value, FundsError> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| FundsError::Json { line: e.line(), column: e.column() })?;
    let plan = plan_from_json(&value)?;
    Ok(distribute(&plan)?.to_json())
}

/// Reads a [`DistributionPlan`] from parsed JSON, checking every field and
/// naming it in the error (serde alone cannot say which claim was wrong).
pub fn plan_from_json(value: &Value) -> Result<DistributionPlan, FundsError> {
    let top = object(value, "输入")?;
    only_keys(top, "", &["debtor_kind", "proceeds", "execution_costs", "claims"])?;
    let debtor_kind = match required(top, "", "debtor_kind")? {
        Value::String(s) if s == "person" => DebtorKind::Person,
        Value::String(s) if s == "enterprise" => DebtorKind::Enterprise,
        _ => {
            return Err(FundsError::invalid(
                "debtor_kind",
                "应为 \"person\"（公民或者其他组织）或 \"enterprise\"（企业法人）",
            ));
        }
    };
    let proceeds = amount(top, "", "proceeds")?;
    let execution_costs = amount(top, "", "execution_costs")?;
    let Value::Array(items) = required(top, "", "claims")? else {
        return Err(FundsError::invalid("claims", "应为债权列表（数组）"));
    };
    let mut claims = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = format!("claims[{i}]");
        let c = object(item, &path)?;
        only_keys(
            c,
            &path,
            &["creditor", "costs", "interest", "principal", "double_interest", "secured_rank", "seizure_order"],
        )?;
        let creditor = match required(c, &path, "creditor")? {
            Value::String(s) => s.clone(),
            _ => {
                return Err(FundsError::invalid(format!("{path}.creditor"), "应为债权人名称（字符串）"));
            }
        };
        claims.push(Claim {
            creditor,
            costs: amount(c, &path, "costs")?,
            interest: amount(c, &path, "interest")?,
            principal: amount(c, &path, "principal")?,
            double_interest: amount(c, &path, "double_interest")?,
            secured_rank: order(c, &path, "secured_rank", "受偿顺位")?,
            seizure_order: order(c, &path, "seizure_order", "查封顺序")?,
        });
    }
    let plan = DistributionPlan { debtor_kind, proceeds, execution_costs, claims };
    validate(&plan)?;
    Ok(plan)
}

fn field(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, FundsError> {
    value.as_object().ok_or_else(|| FundsError::invalid(path, "应为 JSON 对象"))
}

fn only_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), FundsError> {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(FundsError::UnknownField { field: field(path, k) }),
        None => Ok(()),
    }
}

fn required<'a>(map: &'a Map<String, Value>, path: &str, key: &str) -> Result<&'a Value, FundsError> {
    match map.get(key) {
        None | Some(Value::Null) => Err(FundsError::Missing { field: field(path, key) }),
        Some(v) => Ok(v),
    }
}

fn amount(map: &Map<String, Value>, path: &str, key: &str) -> Result<Fen, FundsError> {
    let name = field(path, key);
    match required(map, path, key)? {
        Value::String(s) => parse_amount(&name, s),
        Value::Number(_) => Err(FundsError::invalid(name, "金额应写成字符串，如 \"1234.50\"，以免小数误差")),
        _ => Err(FundsError::invalid(name, "金额应为以元为单位的字符串，如 \"1234.50\"")),
    }
}

fn order(map: &Map<String, Value>, path: &str, key: &str, what: &str) -> Result<Option<u32>, FundsError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n >= 1)
            .map(Some)
            .ok_or_else(|| FundsError::invalid(field(path, key), format!("{what}应为从 1 开始的正整数"))),
    }
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

    fn claim(name: &str, costs: &str, interest: &str, principal: &str, double: &str) -> Claim {
        Claim {
            creditor: name.into(),
            costs: y(costs),
            interest: y(interest),
            principal: y(principal),
            double_interest: y(double),
            secured_rank: None,
            seizure_order: None,
        }
    }

    /// 甲银行 holds a mortgage; 乙、丙、丁 are ordinary.
    fn sample(kind: DebtorKind, proceeds: &str) -> DistributionPlan {
        DistributionPlan {
            debtor_kind: kind,
            proceeds: y(proceeds),
            execution_costs: y("20000"),
            claims: vec![
                Claim { secured_rank: Some(1), ..claim("甲银行", "1000", "9000", "300000", "5000") },
                Claim { seizure_order: Some(2), ..claim("乙", "2000", "8000", "390000", "10000") },
                Claim { seizure_order: Some(1), ..claim("丙", "0", "0", "600000", "3000") },
                claim("丁", "500", "1500", "198000", "0"),
            ],
        }
    }

    fn rows(d: &Distribution) -> Vec<(String, String, String, String, String)> {
        d.payments
            .iter()
            .map(|p| {
                (
                    p.creditor.clone(),
                    p.costs.to_yuan_string(),
                    p.interest.to_yuan_string(),
                    p.principal.to_yuan_string(),
                    p.double_interest.to_yuan_string(),
                )
            })
            .collect()
    }

    fn row(c: &str, a: &str, b: &str, p: &str, d: &str) -> (String, String, String, String, String) {
        (c.into(), a.into(), b.into(), p.into(), d.into())
    }

    fn run(plan: &DistributionPlan) -> Distribution {
        match distribute(plan) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn person_pro_rata_with_largest_remainder() {
        // 1,000,000 − 20,000 costs − 310,000 secured = 670,000 for 1,200,000 of
        // ordinary claims: 乙 223,333.333…, 丙 335,000, 丁 111,666.666… → the
        // odd fen goes to 丁 (remainder .67 > .33).
        let d = run(&sample(DebtorKind::Person, "1000000"));
        assert_eq!(d.execution_costs, y("20000"));
        assert_eq!(
            rows(&d),
            vec![
                row("甲银行", "1000.00", "9000.00", "300000.00", "0.00"),
                row("乙", "2000.00", "8000.00", "213333.33", "0.00"),
                row("丙", "0.00", "0.00", "335000.00", "0.00"),
                row("丁", "500.00", "1500.00", "109666.67", "0.00"),
            ]
        );
        assert_eq!(d.surplus, Fen::ZERO);
    }

    #[test]
    fn enterprise_by_seizure_order() {
        // 670,000 after costs and the mortgage: 丙 (first seizure) in full,
        // 乙 (second) the rest, 丁 (no seizure) nothing.
        let d = run(&sample(DebtorKind::Enterprise, "1000000"));
        assert_eq!(
            rows(&d),
            vec![
                row("甲银行", "1000.00", "9000.00", "300000.00", "0.00"),
                row("乙", "2000.00", "8000.00", "60000.00", "0.00"),
                row("丙", "0.00", "0.00", "600000.00", "0.00"),
                row("丁", "0.00", "0.00", "0.00", "0.00"),
            ]
        );
    }

    #[test]
    fn double_interest_only_after_all_money_debts() {
        // 20,000 + 310,000 + 1,200,000 = 1,530,000; 9,000 left for 18,000 of
        // doubled interest: pro rata 2,500 / 5,000 / 1,500 / 0.
        let d = run(&sample(DebtorKind::Person, "1539000"));
        let doubles: Vec<_> = d.payments.iter().map(|p| p.double_interest.to_yuan_string()).collect();
        assert_eq!(doubles, ["2500.00", "5000.00", "1500.00", "0.00"]);
        assert_eq!(d.surplus, Fen::ZERO);
        // Enterprise: secured first (5,000), then 丙 (3,000), then 乙 (1,000 of 10,000).
        let d = run(&sample(DebtorKind::Enterprise, "1539000"));
        let doubles: Vec<_> = d.payments.iter().map(|p| p.double_interest.to_yuan_string()).collect();
        assert_eq!(doubles, ["5000.00", "1000.00", "3000.00", "0.00"]);
        // One fen short of the money debts: no doubled interest at all.
        let d = run(&sample(DebtorKind::Person, "1529999.99"));
        assert!(d.payments.iter().all(|p| p.double_interest == Fen::ZERO));
    }

    #[test]
    fn surplus_goes_back_to_the_debtor() {
        let d = run(&sample(DebtorKind::Person, "1560000"));
        assert_eq!(d.surplus, y("12000"));
        assert_eq!(d.payments.iter().map(|p| p.total().0).sum::<i64>(), y("1528000").0);
    }

    #[test]
    fn costs_not_covered() {
        let d = run(&sample(DebtorKind::Person, "15000"));
        assert_eq!((d.execution_costs, d.surplus), (y("15000"), Fen::ZERO));
        assert!(d.payments.iter().all(|p| p.total() == Fen::ZERO));
    }

    #[test]
    fn secured_by_rank_then_input_order_and_partial_in_order() {
        let plan = DistributionPlan {
            debtor_kind: DebtorKind::Person,
            proceeds: y("1500"),
            execution_costs: y("0"),
            claims: vec![
                Claim { secured_rank: Some(2), ..claim("二顺位", "100", "100", "1000", "0") },
                Claim { secured_rank: Some(1), ..claim("一顺位甲", "0", "0", "1000", "0") },
                Claim { secured_rank: Some(1), ..claim("一顺位乙", "0", "0", "100", "0") },
                claim("普通", "0", "0", "1000", "0"),
            ],
        };
        let d = run(&plan);
        assert_eq!(
            rows(&d),
            vec![
                row("二顺位", "100.00", "100.00", "200.00", "0.00"),
                row("一顺位甲", "0.00", "0.00", "1000.00", "0.00"),
                row("一顺位乙", "0.00", "0.00", "100.00", "0.00"),
                row("普通", "0.00", "0.00", "0.00", "0.00"),
            ]
        );
    }

    #[test]
    fn pro_rata_ties_in_input_order() {
        assert_eq!(pro_rata(Fen(100), &[Fen(100), Fen(100), Fen(100)]), vec![Fen(34), Fen(33), Fen(33)]);
        assert_eq!(pro_rata(Fen(2), &[Fen(5), Fen(5), Fen(5)]), vec![Fen(1), Fen(1), Fen(0)]);
        assert_eq!(pro_rata(Fen(1), &[Fen(0), Fen(3), Fen(3)]), vec![Fen(0), Fen(1), Fen(0)]);
        assert_eq!(pro_rata(Fen(10), &[Fen(3), Fen(4)]), vec![Fen(3), Fen(4)]);
        assert_eq!(pro_rata(Fen(10), &[Fen(0), Fen(0)]), vec![Fen(0), Fen(0)]);
        assert_eq!(pro_rata(Fen(10), &[]), Vec::<Fen>::new());
        // A person debtor: three equal creditors share 1.00 yuan.
        let plan = DistributionPlan {
            debtor_kind: DebtorKind::Person,
            proceeds: y("1"),
            execution_costs: y("0"),
            claims: vec![
                claim("甲", "0", "0", "10", "0"),
                claim("乙", "0", "0", "10", "0"),
                claim("丙", "0", "0", "10", "0"),
            ],
        };
        let got: Vec<_> = run(&plan).payments.iter().map(|p| p.principal.0).collect();
        assert_eq!(got, [34, 33, 33]);
    }

    #[test]
    fn json_round_trip() {
        let input = r#"{
            "debtor_kind": "person",
            "proceeds": "1000000.00",
            "execution_costs": "20000",
            "claims": [
                {"creditor": "甲银行", "costs": "1000", "interest": "9000", "principal": "300000", "double_interest": "5000", "secured_rank": 1},
                {"creditor": "乙", "costs": "2000", "interest": "8000", "principal": "390000", "double_interest": "10000", "seizure_order": 2},
                {"creditor": "丙", "costs": "0", "interest": "0", "principal": "600000", "double_interest": "3000", "seizure_order": 1, "secured_rank": null},
                {"creditor": "丁", "costs": "500", "interest": "1500", "principal": "198000", "double_interest": "0"}
            ]
        }"#;
        let out = distribute_json(input);
        let expected = json!({
            "execution_costs": "20000.00",
            "payments": [
                {"creditor": "甲银行", "costs": "1000.00", "interest": "9000.00", "principal": "300000.00", "double_interest": "0.00"},
                {"creditor": "乙", "costs": "2000.00", "interest": "8000.00", "principal": "213333.33", "double_interest": "0.00"},
                {"creditor": "丙", "costs": "0.00", "interest": "0.00", "principal": "335000.00", "double_interest": "0.00"},
                {"creditor": "丁", "costs": "500.00", "interest": "1500.00", "principal": "109666.67", "double_interest": "0.00"}
            ],
            "surplus": "0.00"
        });
        assert_eq!(out, Ok(expected.clone()));
        // The serde types give the same plan and the same JSON.
        let plan: DistributionPlan = match serde_json::from_str(input) {
            Ok(p) => p,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(plan, sample(DebtorKind::Person, "1000000"));
        let d = run(&plan);
        assert_eq!(serde_json::to_value(&d).ok(), Some(expected.clone()));
        assert_eq!(d.to_json(), expected);
        let back: Result<Distribution, _> = serde_json::from_value(expected);
        assert_eq!(back.ok(), Some(d));
    }

    #[test]
    fn json_errors_name_the_field() {
        let base = |claims: &str| {
            format!(
                r#"{{"debtor_kind":"person","proceeds":"100","execution_costs":"0","claims":[
                {{"creditor":"甲","costs":"0","interest":"0","principal":"1","double_interest":"0"}},
                {{"creditor":"乙","costs":"0","interest":"0","principal":"1","double_interest":"0"}},
                {claims}]}}"#
            )
        };
        let cases = [
            (
                base(r#"{"creditor":"丙","costs":"0","interest":"0","principal":"-5","double_interest":"0"}"#),
                "claims[2].principal：金额不能为负数",
            ),
            (
                base(r#"{"creditor":"丙","costs":"0","interest":"1.005","principal":"5","double_interest":"0"}"#),
                "claims[2].interest：金额最多保留两位小数（精确到分）",
            ),
            (
                base(r#"{"creditor":"丙","costs":"五十","interest":"0","principal":"5","double_interest":"0"}"#),
                "claims[2].costs：金额应为以元为单位的数字，如“1234.50”",
            ),
            (
                base(r#"{"creditor":"丙","costs":"","interest":"0","principal":"5","double_interest":"0"}"#),
                "claims[2].costs：金额不能为空",
            ),
            (
                base(r#"{"creditor":"丙","costs":"0","interest":"0","principal":5,"double_interest":"0"}"#),
                "claims[2].principal：金额应写成字符串，如 \"1234.50\"，以免小数误差",
            ),
            (
                base(r#"{"creditor":"丙","costs":"0","interest":"0","principal":"5"}"#),
                "claims[2].double_interest：缺少此项",
            ),
            (
                base(r#"{"creditor":"丙","costs":"0","interest":"0","principal":"5","double_interest":"0","rank":1}"#),
                "claims[2].rank：无法识别的字段",
            ),
            (
                base(r#"{"creditor":" ","costs":"0","interest":"0","principal":"5","double_interest":"0"}"#),
                "claims[2].creditor：债权人名称不能为空",
            ),
            (
                base(
                    r#"{"creditor":"丙","costs":"0","interest":"0","principal":"5","double_interest":"0","secured_rank":0}"#,
                ),
                "claims[2].secured_rank：受偿顺位应为从 1 开始的正整数",
            ),
            (
                base(
                    r#"{"creditor":"丙","costs":"0","interest":"0","principal":"5","double_interest":"0","seizure_order":"1"}"#,
                ),
                "claims[2].seizure_order：查封顺序应为从 1 开始的正整数",
            ),
            (base("7"), "claims[2]：应为 JSON 对象"),
            (
                r#"{"debtor_kind":"person","proceeds":"100","execution_costs":"0","claims":[]}"#.to_string(),
                "claims：至少需要一项债权",
            ),
            (
                r#"{"debtor_kind":"company","proceeds":"100","execution_costs":"0","claims":[]}"#.to_string(),
                "debtor_kind：应为 \"person\"（公民或者其他组织）或 \"enterprise\"（企业法人）",
            ),
            (r#"{"debtor_kind":"person","execution_costs":"0","claims":[]}"#.to_string(), "proceeds：缺少此项"),
            (
                r#"{"debtor_kind":"person","proceeds":"1","execution_costs":"0","claims":{}}"#.to_string(),
                "claims：应为债权列表（数组）",
            ),
            ("[1]".to_string(), "输入：应为 JSON 对象"),
            ("{\"debtor_kind\": ".to_string(), "输入不是有效的 JSON（第 1 行第 16 列）"),
        ];
        for (input, message) in cases {
            assert_eq!(distribute_json(&input).map_err(|e| e.to_string()), Err(message.to_string()), "{input}");
        }
    }

    #[test]
    fn typed_plan_is_checked_too() {
        let mut plan = sample(DebtorKind::Person, "1000");
        plan.claims[1].interest = Fen(-1);
        assert_eq!(distribute(&plan).map_err(|e| e.to_string()), Err("claims[1].interest：金额不能为负数".into()));
        let mut plan = sample(DebtorKind::Person, "1000");
        plan.proceeds = Fen(crate::money::MAX_FEN + 1);
        assert_eq!(distribute(&plan).map_err(|e| e.to_string()), Err("proceeds：金额超出允许范围".into()));
        // serde rejects text amounts with the amount problem in Chinese
        let e = serde_json::from_str::<DistributionPlan>(
            r#"{"debtor_kind":"person","proceeds":"-1","execution_costs":"0","claims":[]}"#,
        );
        assert!(e.is_err_and(|e| e.to_string().contains("金额不能为负数")));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn claim_strategy() -> impl Strategy<Value = Claim> {
            (
                0i64..2_000_000,
                0i64..2_000_000,
                0i64..50_000_000,
                0i64..3_000_000,
                proptest::option::of(1u32..4),
                proptest::option::of(1u32..5),
                proptest::bool::weighted(0.3),
            )
                .prop_map(|(c, i, p, d, rank, seizure, secured)| Claim {
                    creditor: "某".into(),
                    costs: Fen(c),
                    interest: Fen(i),
                    principal: Fen(p),
                    double_interest: Fen(d),
                    secured_rank: if secured { rank } else { None },
                    seizure_order: seizure,
                })
        }

        fn plan_strategy() -> impl Strategy<Value = DistributionPlan> {
            (any::<bool>(), 0i64..200_000_000, 0i64..3_000_000, proptest::collection::vec(claim_strategy(), 1..7))
                .prop_map(|(person, proceeds, costs, claims)| DistributionPlan {
                    debtor_kind: if person { DebtorKind::Person } else { DebtorKind::Enterprise },
                    proceeds: Fen(proceeds),
                    execution_costs: Fen(costs),
                    claims,
                })
        }

        fn full(c: &Claim, p: &Payment) -> bool {
            p.costs == c.costs && p.interest == c.interest && p.principal == c.principal
        }

        proptest! {
            #[test]
            fn adds_up_and_respects_priority(plan in plan_strategy()) {
                let d = distribute(&plan);
                prop_assert!(d.is_ok());
                let Ok(d) = d else { return Ok(()) };
                let paid: i64 = d.payments.iter().map(|p| p.total().0).sum();
                // everything paid + surplus == proceeds, exactly
                prop_assert_eq!(d.execution_costs.0 + paid + d.surplus.0, plan.proceeds.0);
                prop_assert_eq!(d.execution_costs, plan.execution_costs.min(plan.proceeds));
                prop_assert_eq!(d.payments.len(), plan.claims.len());
                let all_money_full = plan.claims.iter().zip(&d.payments).all(|(c, p)| full(c, p));
                let all_full = all_money_full
                    && plan.claims.iter().zip(&d.payments).all(|(c, p)| p.double_interest == c.double_interest);
                if d.surplus.0 > 0 {
                    prop_assert!(all_full);
                }
                if !all_money_full {
                    prop_assert!(d.payments.iter().all(|p| p.double_interest.0 == 0));
                }
                let secured_full = plan.claims.iter().zip(&d.payments)
                    .filter(|(c, _)| c.secured_rank.is_some()).all(|(c, p)| full(c, p));
                for (c, p) in plan.claims.iter().zip(&d.payments) {
                    // never more than claimed, never negative
                    prop_assert!(p.costs.0 >= 0 && p.costs <= c.costs);
                    prop_assert!(p.interest.0 >= 0 && p.interest <= c.interest);
                    prop_assert!(p.principal.0 >= 0 && p.principal <= c.principal);
                    prop_assert!(p.double_interest.0 >= 0 && p.double_interest <= c.double_interest);
                    // within a creditor: costs, interest, principal
                    if p.interest.0 > 0 { prop_assert_eq!(p.costs, c.costs); }
                    if p.principal.0 > 0 { prop_assert_eq!(p.interest, c.interest); }
                    // secured before ordinary
                    if c.secured_rank.is_none() && p.total().0 > 0 { prop_assert!(secured_full); }
                }
                // secured among themselves by rank
                for (ci, pi) in plan.claims.iter().zip(&d.payments) {
                    for (cj, pj) in plan.claims.iter().zip(&d.payments) {
                        if let (Some(a), Some(b)) = (ci.secured_rank, cj.secured_rank)
                            && a < b && pj.total().0 - pj.double_interest.0 > 0
                        {
                            prop_assert!(full(ci, pi));
                        }
                    }
                }
                let ordinary: Vec<usize> = (0..plan.claims.len()).filter(|&i| plan.claims[i].secured_rank.is_none()).collect();
                match plan.debtor_kind {
                    DebtorKind::Person => {
                        // pro rata parts differ from exact shares by < 1 fen
                        let w: Vec<i128> = ordinary.iter().map(|&i| i128::from(plan.claims[i].money_debt())).collect();
                        let got: Vec<i128> = ordinary.iter().map(|&i| {
                            let p = &d.payments[i];
                            i128::from(p.costs.0 + p.interest.0 + p.principal.0)
                        }).collect();
                        let total: i128 = w.iter().sum();
                        let available: i128 = got.iter().sum();
                        if available < total {
                            for (g, wi) in got.iter().zip(&w) {
                                prop_assert!((g * total - available * wi).abs() < total);
                            }
                        }
                        let wd: Vec<i128> = plan.claims.iter().map(|c| i128::from(c.double_interest.0)).collect();
                        let gd: Vec<i128> = d.payments.iter().map(|p| i128::from(p.double_interest.0)).collect();
                        let (td, ad) = (wd.iter().sum::<i128>(), gd.iter().sum::<i128>());
                        if ad < td {
                            for (g, wi) in gd.iter().zip(&wd) {
                                prop_assert!((g * td - ad * wi).abs() < td);
                            }
                        }
                    }
                    DebtorKind::Enterprise => {
                        // an ordinary claim is paid only if every earlier-seized one is full
                        let key = |i: usize| plan.claims[i].seizure_order.map_or((1, 0, i), |o| (0, o, i));
                        for &i in &ordinary {
                            for &j in &ordinary {
                                let pj = &d.payments[j];
                                if key(i) < key(j) && pj.total().0 - pj.double_interest.0 > 0 {
                                    prop_assert!(full(&plan.claims[i], &d.payments[i]));
                                }
                            }
                        }
                    }
                }
            }

            #[test]
            fn pro_rata_is_exact(amount in 0i64..1_000_000_000, weights in proptest::collection::vec(0i64..1_000_000_000, 0..8)) {
                let ws: Vec<Fen> = weights.iter().map(|&w| Fen(w)).collect();
                let parts = pro_rata(Fen(amount), &ws);
                let total: i128 = weights.iter().map(|&w| i128::from(w)).sum();
                let sum: i64 = parts.iter().map(|p| p.0).sum();
                prop_assert_eq!(parts.len(), weights.len());
                if total == 0 {
                    prop_assert_eq!(sum, 0);
                } else if i128::from(amount) >= total {
                    prop_assert_eq!(parts, ws);
                } else {
                    prop_assert_eq!(sum, amount);
                    for (p, w) in parts.iter().zip(&weights) {
                        prop_assert!(p.0 <= *w);
                        prop_assert!((i128::from(p.0) * total - i128::from(amount) * i128::from(*w)).abs() < total);
                    }
                }
            }
        }
    }
}
