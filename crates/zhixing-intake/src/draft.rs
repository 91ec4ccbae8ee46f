//! The filing draft (立案草稿) read from a judgment, in the JSON shape of
//! issue 7:
//!
//! ```text
//! {"court", "case_number", "document_type", "date",
//!  "parties": [{"name", "role", "party_type"}],
//!  "enforceable_money_obligation",
//!  "obligations": [{"debtors", "creditors",
//!                   "items": [{"kind", "label", "amount", "as_written"}],
//!                   "interest", "deadline": {"kind", "days", "date", "as_written"},
//!                   "joint_liability"}],
//!  "costs": {"borne_by": [{"party", "amount"}]}}
//! ```
//!
//! Whatever the document does not say is `null`; nothing is guessed.
//! Amounts are yuan as JSON numbers with exactly two decimals (`38500.00`),
//! written from integer fen so no float ever touches them.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use zhixing_domain::money::Fen;

/// Serialises fen as a JSON number with two decimals (`38500.00`).
fn yuan<S: Serializer>(fen: &Option<Fen>, s: S) -> Result<S::Ok, S::Error> {
    match fen {
        None => s.serialize_none(),
        Some(f) => match serde_json::value::RawValue::from_string(f.to_yuan_string()) {
            Ok(raw) => raw.serialize(s),
            Err(e) => Err(serde::ser::Error::custom(e)),
        },
    }
}

fn date<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        None => s.serialize_none(),
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
    }
}

/// Whether a party is a person or an organisation (法人或者其他组织).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyType {
    NaturalPerson,
    Organisation,
}

/// A party as listed at the head of the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Party {
    /// Name as written, anonymised forms kept (张某, 李××, 某某公司).
    pub name: String,
    /// Procedural role as written: 原告, 被告, 第三人, 上诉人, 被上诉人,
    /// 申请人, 被申请人, 原审被告… The bracketed second role of a counterclaim
    /// or appeal ("原告（反诉被告）", "上诉人（原审被告）") is not part of it.
    pub role: String,
    /// `null` when the document gives no sign either way.
    pub party_type: Option<PartyType>,
    /// Every role the party holds, the bracketed ones included, and the short
    /// names the document assigns it ("以下简称…"). Used to resolve references.
    #[serde(skip)]
    pub roles: Vec<String>,
    #[serde(skip)]
    pub aliases: Vec<String>,
}

/// What an amount is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// The debt itself: 借款、货款、欠款、租金、工程款、工资、价款…
    Principal,
    /// Interest already computed to a sum (利息、资金占用费).
    Interest,
    /// 违约金、滞纳金、罚息、定金.
    Penalty,
    /// 赔偿、损失、医疗费、误工费…
    Damages,
    /// 律师费、保全费、鉴定费、公告费、担保费 awarded to the creditor.
    Fee,
    /// 抚养费、赡养费、扶养费.
    Maintenance,
    /// An act rather than money (腾退房屋、办理过户…); `amount` is null.
    NonMoney,
    /// A sum with no word saying what it is for.
    Other,
}

/// One sum (or act) the debtor must pay (or do).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    /// The words naming the sum, as written ("货款", "逾期付款违约金"); null if none.
    pub label: Option<String>,
    #[serde(serialize_with = "yuan")]
    pub amount: Option<Fen>,
    /// The amount (or act) exactly as written in the document.
    pub as_written: String,
}

/// How running interest is computed (`interest` in the draft).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interest {
    /// `lpr` (贷款市场报价利率), `pboc_benchmark` (人民银行同期同类贷款基准利率),
    /// `fixed` (a stated rate such as 年利率6% or 日万分之五), or null.
    pub rate_type: Option<String>,
    /// The rate as written ("年利率6%", "LPR的1.5倍"); null for plain LPR.
    pub rate: Option<String>,
    /// The base sum, when the document states it.
    #[serde(serialize_with = "yuan")]
    pub base: Option<Fen>,
    #[serde(serialize_with = "date")]
    pub start_date: Option<NaiveDate>,
    #[serde(serialize_with = "date")]
    pub end_date: Option<NaiveDate>,
    /// "计算至实际清偿之日止": interest runs until payment.
    pub until_paid: bool,
    pub as_written: String,
}

/// The kinds of performance deadline a document sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// 于本判决生效之日起十日内.
    DaysAfterEffective,
    /// 于本判决生效之日 / 判决生效时.
    OnEffectiveDate,
    /// 立即 (on the day the document takes effect).
    ImmediatelyOnEffective,
    /// 于2024年5月1日前.
    FixedDate,
    /// 自收到本支付令之日起十五日内 / 于本裁决书送达之日起十日内: counted
    /// from service, as payment orders and arbitral awards write it.
    DaysAfterService,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub days: Option<u32>,
    #[serde(serialize_with = "date")]
    pub date: Option<NaiveDate>,
    pub as_written: String,
}

/// One obligation: who pays whom what, by when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Obligation {
    pub debtors: Vec<String>,
    pub creditors: Vec<String>,
    pub items: Vec<Item>,
    pub interest: Option<Interest>,
    pub deadline: Option<Deadline>,
    /// true: 连带; false: one debtor, or several liable each for their own
    /// share (各自/分别/按份); null: several debtors and the text does not say.
    pub joint_liability: Option<bool>,
    /// Number of the 判项 this came from (一、二、…), for references such
    /// as "对上述第一项债务承担连带清偿责任".
    #[serde(skip)]
    pub item_no: Option<u32>,
}

impl Obligation {
    /// Sum of the items that have an amount.
    pub fn total(&self) -> Fen {
        Fen(self.items.iter().filter_map(|i| i.amount).map(|f| f.0).sum())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostShare {
    pub party: String,
    #[serde(serialize_with = "yuan")]
    pub amount: Option<Fen>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Costs {
    pub borne_by: Vec<CostShare>,
}

/// The filing draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub court: Option<String>,
    pub case_number: Option<String>,
    pub document_type: Option<String>,
    #[serde(serialize_with = "date")]
    pub date: Option<NaiveDate>,
    pub parties: Vec<Party>,
    pub enforceable_money_obligation: bool,
    pub obligations: Vec<Obligation>,
    pub costs: Option<Costs>,
    /// The document says it is final ("本判决为终审判决", a 民终 number,
    /// 小额诉讼 一审终审), so it takes effect on service.
    #[serde(skip)]
    pub final_instance: bool,
}

impl Draft {
    /// The draft as pretty JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
