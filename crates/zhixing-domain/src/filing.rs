//! A filing (立案) as entered, and the rules that decide whether it can be
//! filed: the title (执行依据), the parties and the claim.

use chrono::NaiveDate;

use crate::case::{PartyKind, PartyRole};
use crate::case_no::CaseType;
use crate::ids;
use crate::money::{Fen, MAX_FEN};

/// A party as entered at filing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyInput {
    pub role: PartyRole,
    pub kind: PartyKind,
    pub name: String,
    /// Resident ID (persons) or unified social credit code (organizations).
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Administrative division code of the address (GB/T 2260, 6 digits).
    pub region_code: Option<String>,
    /// Agent (委托代理人) or legal representative, as written.
    pub agent: Option<String>,
}

/// What the title orders the debtor to pay or do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claim {
    pub principal: Fen,
    /// Litigation costs and other fixed sums the title awards.
    pub costs: Fen,
    /// Interest terms as written (e.g. 按LPR自2024年1月1日起计至实际清偿之日止).
    pub interest_terms: String,
    /// Obligations other than money (e.g. 交付车辆、腾退房屋), as written.
    pub non_money: String,
}

impl Claim {
    /// The enforcement amount (执行标的) known at filing: principal and costs.
    pub fn total(&self) -> Fen {
        Fen(self.principal.0.saturating_add(self.costs.0))
    }
}

/// A filing as entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCase {
    pub case_type: CaseType,
    /// e.g. 民事判决书, 民事调解书, 仲裁裁决书, 公证债权文书.
    pub title_type: String,
    pub title_doc_no: String,
    pub title_issuer: String,
    pub title_effective_on: Option<NaiveDate>,
    /// Last day of the performance period the title sets (履行期限届满日).
    pub title_deadline_on: Option<NaiveDate>,
    pub cause: String,
    pub claim: Claim,
    pub parties: Vec<PartyInput>,
    pub team_id: Option<i64>,
    pub handler_id: Option<i64>,
    pub summary: String,
}

/// Why a filing cannot be filed; `field` is a dotted path such as `parties[1].id_number`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilingError {
    pub field: String,
    pub message: String,
}

fn err(field: impl Into<String>, message: impl Into<String>) -> FilingError {
    FilingError { field: field.into(), message: message.into() }
}

fn required(field: &str, label: &str, v: &str, max: usize) -> Result<String, FilingError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(err(field, format!("{label}不能为空")));
    }
    if t.chars().count() > max {
        return Err(err(field, format!("{label}不能超过 {max} 个字")));
    }
    Ok(t.to_string())
}

fn optional(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Checks a filing and returns it cleaned (trimmed, ID numbers normalised to
/// 18 upper-case characters, phone numbers to digits). Nothing is filed
/// unless every field passes.
pub fn validate_filing(input: &FileCase, today: NaiveDate) -> Result<FileCase, FilingError> {
    let title_type = required("title_type", "执行依据类型", &input.title_type, 40)?;
    let title_doc_no = required("title_doc_no", "执行依据文书号", &input.title_doc_no, 80)?;
    let title_issuer = required("title_issuer", "作出执行依据的机关", &input.title_issuer, 80)?;
    let cause = required("cause", "案由", &input.cause, 80)?;
    if let Some(d) = input.title_effective_on
        && d > today
    {
        return Err(err("title_effective_on", format!("执行依据生效日期 {d} 晚于今天")));
    }
    if let (Some(eff), Some(dl)) = (input.title_effective_on, input.title_deadline_on)
        && dl < eff
    {
        return Err(err("title_deadline_on", format!("履行期限届满日 {dl} 早于生效日期 {eff}")));
    }
    for (field, label, v) in
        [("claim.principal", "本金", input.claim.principal), ("claim.costs", "费用", input.claim.costs)]
    {
        if v.0 < 0 {
            return Err(err(field, format!("{label}不能为负数")));
        }
        if v.0 > MAX_FEN {
            return Err(err(field, format!("{label}超出允许范围")));
        }
    }
    if input.claim.total().0 == 0 && input.claim.non_money.trim().is_empty() {
        return Err(err("claim.principal", "执行标的为零：请填写金钱给付金额或非金钱给付义务"));
    }
    if input.summary.chars().count() > 2000 {
        return Err(err("summary", "案情摘要不能超过 2000 个字"));
    }
    if input.parties.is_empty() {
        return Err(err("parties", "至少需要一名申请执行人和一名被执行人"));
    }
    if input.parties.len() > 200 {
        return Err(err("parties", "当事人不能超过 200 名"));
    }
    let mut parties: Vec<PartyInput> = Vec::with_capacity(input.parties.len());
    for (i, p) in input.parties.iter().enumerate() {
        let f = |name: &str| format!("parties[{i}].{name}");
        let name = required(&f("name"), "当事人名称", &p.name, 100)?;
        let id_number = match optional(&p.id_number) {
            None => None,
            Some(raw) => Some(match p.kind {
                PartyKind::Person => {
                    ids::parse_resident_id(&raw, today)
                        .map_err(|e| err(f("id_number"), format!("身份证号码无效：{e}")))?
                        .number
                }
                PartyKind::Organization | PartyKind::Unincorporated => {
                    ids::parse_uscc(&raw).map_err(|e| err(f("id_number"), format!("统一社会信用代码无效：{e}")))?.code
                }
            }),
        };
        let phone = match optional(&p.phone) {
            None => None,
            Some(ph) => {
                let digits: String = ph.chars().filter(|c| !matches!(c, '-' | ' ' | '(' | ')')).collect();
                if !(7..=13).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return Err(err(f("phone"), format!("电话号码“{ph}”格式不正确")));
                }
                Some(digits)
            }
        };
        let region_code = match optional(&p.region_code) {
            None => None,
            Some(rc)
                if rc.len() == 6 && rc.chars().all(|c| c.is_ascii_digit()) && &rc[..2] >= "11" && &rc[..2] <= "82" =>
            {
                Some(rc)
            }
            Some(rc) => return Err(err(f("region_code"), format!("行政区划代码“{rc}”应为 6 位数字（GB/T 2260）"))),
        };
        let address = optional(&p.address);
        if address.as_ref().is_some_and(|a| a.chars().count() > 200) {
            return Err(err(f("address"), "地址不能超过 200 个字"));
        }
        // The same person twice, or the applicant also the debtor.
        for (j, q) in parties.iter().enumerate() {
            let same = match (&id_number, &q.id_number) {
                (Some(a), Some(b)) => a == b,
                _ => q.name == name && q.kind == p.kind,
            };
            if same {
                let msg = if q.role == p.role {
                    format!("当事人“{name}”与第 {} 名当事人重复", j + 1)
                } else {
                    format!("“{name}”不能同时是申请执行人和被执行人")
                };
                return Err(err(f("name"), msg));
            }
        }
        parties.push(PartyInput {
            role: p.role,
            kind: p.kind,
            name,
            id_number,
            phone,
            address,
            region_code,
            agent: optional(&p.agent),
        });
    }
    if !parties.iter().any(|p| p.role == PartyRole::Applicant) {
        return Err(err("parties", "至少需要一名申请执行人"));
    }
    if !parties.iter().any(|p| p.role == PartyRole::Debtor) {
        return Err(err("parties", "至少需要一名被执行人"));
    }
    Ok(FileCase {
        case_type: input.case_type,
        title_type,
        title_doc_no,
        title_issuer,
        title_effective_on: input.title_effective_on,
        title_deadline_on: input.title_deadline_on,
        cause,
        claim: Claim {
            principal: input.claim.principal,
            costs: input.claim.costs,
            interest_terms: input.claim.interest_terms.trim().to_string(),
            non_money: input.claim.non_money.trim().to_string(),
        },
        parties,
        team_id: input.team_id,
        handler_id: input.handler_id,
        summary: input.summary.trim().to_string(),
    })
}

/// Titles whose enforcement is "non-litigation" (非诉执行), which have the
/// shorter overall limit of 3 months (法释〔2000〕29号 第五条).
pub const NON_LITIGATION_TITLES: [&str; 5] =
    ["仲裁裁决书", "公证债权文书", "行政处罚决定书", "行政处理决定书", "劳动人事争议仲裁裁决书"];

pub fn is_non_litigation(title_type: &str) -> bool {
    NON_LITIGATION_TITLES.contains(&title_type.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person(role: PartyRole, name: &str, id: Option<&str>) -> PartyInput {
        PartyInput {
            role,
            kind: PartyKind::Person,
            name: name.into(),
            id_number: id.map(str::to_string),
            phone: None,
            address: None,
            region_code: None,
            agent: None,
        }
    }

    fn base() -> FileCase {
        FileCase {
            case_type: CaseType::First,
            title_type: "民事判决书".into(),
            title_doc_no: "（2025）苏0205民初1号".into(),
            title_issuer: "无锡市锡山区人民法院".into(),
            title_effective_on: Some(d("2025-06-01")),
            title_deadline_on: Some(d("2025-06-11")),
            cause: "民间借贷纠纷".into(),
            claim: Claim { principal: Fen(1_000_000), costs: Fen(5_000), ..Default::default() },
            parties: vec![
                person(PartyRole::Applicant, "张三", Some("11010519491231002X")),
                person(PartyRole::Debtor, "李四", None),
            ],
            team_id: None,
            handler_id: None,
            summary: String::new(),
        }
    }

    fn check(f: FileCase) -> Result<FileCase, FilingError> {
        validate_filing(&f, d("2025-07-01"))
    }

    #[test]
    fn a_good_filing_is_cleaned() {
        let mut f = base();
        f.parties[0].id_number = Some(" 11010519491231002x ".into());
        let ok = check(f).unwrap();
        assert_eq!(ok.parties[0].id_number.as_deref(), Some("11010519491231002X"));
        assert_eq!(ok.claim.total(), Fen(1_005_000));
    }

    type Change = Box<dyn Fn(&mut FileCase)>;

    #[test]
    fn bad_filings_name_their_field() {
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|f| f.title_doc_no = "  ".into()), "title_doc_no"),
            (Box::new(|f| f.title_effective_on = Some(d("2025-08-01"))), "title_effective_on"),
            (Box::new(|f| f.title_deadline_on = Some(d("2025-05-01"))), "title_deadline_on"),
            (Box::new(|f| f.claim.principal = Fen(-1)), "claim.principal"),
            (Box::new(|f| f.claim = Claim::default()), "claim.principal"),
            (Box::new(|f| f.parties[0].id_number = Some("110105194912310021".into())), "parties[0].id_number"),
            (Box::new(|f| f.parties[1].phone = Some("12ab".into())), "parties[1].phone"),
            (Box::new(|f| f.parties[1].region_code = Some("3202".into())), "parties[1].region_code"),
            (Box::new(|f| f.parties[1].name = "张三".into()), "parties[1].name"),
            (Box::new(|f| f.parties.push(person(PartyRole::Debtor, "李四", None))), "parties[2].name"),
            (
                Box::new(|f| {
                    f.parties.remove(1);
                }),
                "parties",
            ),
            (Box::new(|f| f.parties.clear()), "parties"),
        ];
        for (i, (change, field)) in cases.into_iter().enumerate() {
            let mut f = base();
            change(&mut f);
            let e = check(f).expect_err(&format!("case {i} must fail"));
            assert_eq!(e.field, field, "case {i}: {}", e.message);
        }
    }

    #[test]
    fn applicant_cannot_be_debtor() {
        let mut f = base();
        f.parties[1] = person(PartyRole::Debtor, "王五", Some("11010519491231002X"));
        let e = check(f).unwrap_err();
        assert!(e.message.contains("不能同时"), "{}", e.message);
    }

    #[test]
    fn non_money_only_is_allowed() {
        let mut f = base();
        f.claim = Claim { non_money: "交付车辆苏B12345".into(), ..Default::default() };
        assert!(check(f).is_ok());
    }
}
