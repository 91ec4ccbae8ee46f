//! Triage (繁简分流): ordered rules that propose a track for a case.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::CaseFacts;
use crate::case::Track;
use crate::money::Fen;

/// The triage rules of a profile, in order: the first rule whose conditions
/// all hold decides; the last rule has no conditions (the default).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TriageRules {
    pub rules: Vec<TriageRule>,
}

/// One triage rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TriageRule {
    pub track: Track,
    /// All must hold; empty for the default rule.
    pub when: Vec<Condition>,
    /// Why, in Chinese, shown to the command center.
    pub reason: String,
    pub citation: Option<String>,
}

/// A condition on a case's facts. Amounts are fen.
///
/// In TOML a condition is either a flag name (`"assets_cover_claim"`) or a
/// table with one key: `{ claim_at_most = "100000.00" }` (yuan as a string),
/// `{ searches_empty_at_least = 2 }`, `{ case_type = "执恢" }`,
/// `{ title_type_in = ["仲裁裁决书"] }`; a flag may also be written
/// `{ mass_case = true }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// 申请执行标的 ≤ the amount.
    ClaimAtMost(i64),
    /// 申请执行标的 > the amount.
    ClaimAbove(i64),
    /// Assets found plus assets preserved cover the claim (and are not zero).
    AssetsCoverClaim,
    /// Assets preserved alone cover the claim (and are not zero).
    PreservedCoverClaim,
    SearchDone,
    SearchesEmptyAtLeast(u32),
    PartyCountAbove(u32),
    DebtorCountAbove(u32),
    MassCase,
    SettlementLikely,
    AssetsToDispose,
    CaseType(String),
    TitleTypeIn(Vec<String>),
}

fn yuan(fen: i64) -> String {
    format!("{} 元", Fen(fen).to_display())
}

impl Condition {
    /// The TOML key of the condition.
    pub fn key(&self) -> &'static str {
        match self {
            Condition::ClaimAtMost(_) => "claim_at_most",
            Condition::ClaimAbove(_) => "claim_above",
            Condition::AssetsCoverClaim => "assets_cover_claim",
            Condition::PreservedCoverClaim => "preserved_cover_claim",
            Condition::SearchDone => "search_done",
            Condition::SearchesEmptyAtLeast(_) => "searches_empty_at_least",
            Condition::PartyCountAbove(_) => "party_count_above",
            Condition::DebtorCountAbove(_) => "debtor_count_above",
            Condition::MassCase => "mass_case",
            Condition::SettlementLikely => "settlement_likely",
            Condition::AssetsToDispose => "assets_to_dispose",
            Condition::CaseType(_) => "case_type",
            Condition::TitleTypeIn(_) => "title_type_in",
        }
    }

    /// Whether the facts satisfy the condition.
    pub fn holds(&self, f: &CaseFacts) -> bool {
        match self {
            Condition::ClaimAtMost(x) => f.claim_fen <= *x,
            Condition::ClaimAbove(x) => f.claim_fen > *x,
            Condition::AssetsCoverClaim => {
                let total = f.assets_found_fen.saturating_add(f.preserved_fen);
                total > 0 && total >= f.claim_fen
            }
            Condition::PreservedCoverClaim => f.preserved_fen > 0 && f.preserved_fen >= f.claim_fen,
            Condition::SearchDone => f.search_done,
            Condition::SearchesEmptyAtLeast(n) => f.searches_empty >= *n,
            Condition::PartyCountAbove(n) => f.party_count > *n,
            Condition::DebtorCountAbove(n) => f.debtor_count > *n,
            Condition::MassCase => f.mass_case,
            Condition::SettlementLikely => f.settlement_likely,
            Condition::AssetsToDispose => f.assets_to_dispose,
            Condition::CaseType(t) => f.case_type.trim() == t,
            Condition::TitleTypeIn(list) => list.iter().any(|t| t == f.title_type.trim()),
        }
    }

    /// The condition in words, e.g. "申请执行标的不超过 100,000.00 元".
    pub fn label_zh(&self) -> String {
        match self {
            Condition::ClaimAtMost(x) => format!("申请执行标的不超过 {}", yuan(*x)),
            Condition::ClaimAbove(x) => format!("申请执行标的超过 {}", yuan(*x)),
            Condition::AssetsCoverClaim => "已查明和已保全的财产足以清偿申请执行标的".to_string(),
            Condition::PreservedCoverClaim => "已保全的财产足以清偿申请执行标的".to_string(),
            Condition::SearchDone => "已完成财产查控".to_string(),
            Condition::SearchesEmptyAtLeast(n) => format!("至少 {n} 次查控未发现财产"),
            Condition::PartyCountAbove(n) => format!("当事人超过 {n} 人"),
            Condition::DebtorCountAbove(n) => format!("被执行人超过 {n} 人"),
            Condition::MassCase => "群体性或重大、疑难、有影响的案件".to_string(),
            Condition::SettlementLikely => "有和解可能".to_string(),
            Condition::AssetsToDispose => "有需要评估、拍卖或变卖的财产".to_string(),
            Condition::CaseType(t) => format!("案件类型为“{t}”"),
            Condition::TitleTypeIn(list) => format!("执行依据为 {}", list.join("、")),
        }
    }

    /// The facts of this case that satisfy the condition, in words.
    pub fn matched_facts_zh(&self, f: &CaseFacts) -> String {
        match self {
            Condition::ClaimAtMost(x) => {
                format!("申请执行标的 {}，不超过 {}", yuan(f.claim_fen), yuan(*x))
            }
            Condition::ClaimAbove(x) => format!("申请执行标的 {}，超过 {}", yuan(f.claim_fen), yuan(*x)),
            Condition::AssetsCoverClaim => format!(
                "已查明财产 {}、已保全财产 {}，合计不少于申请执行标的 {}",
                yuan(f.assets_found_fen),
                yuan(f.preserved_fen),
                yuan(f.claim_fen)
            ),
            Condition::PreservedCoverClaim => {
                format!("已保全财产 {}，不少于申请执行标的 {}", yuan(f.preserved_fen), yuan(f.claim_fen))
            }
            Condition::SearchDone => "已完成财产查控".to_string(),
            Condition::SearchesEmptyAtLeast(n) => {
                format!("已有 {} 次查控未发现财产（规则要求至少 {n} 次）", f.searches_empty)
            }
            Condition::PartyCountAbove(n) => format!("当事人 {} 人，超过 {n} 人", f.party_count),
            Condition::DebtorCountAbove(n) => format!("被执行人 {} 人，超过 {n} 人", f.debtor_count),
            Condition::MassCase => "标记为群体性或重大、疑难、有影响的案件".to_string(),
            Condition::SettlementLikely => "标记为有和解可能".to_string(),
            Condition::AssetsToDispose => "有需要评估、拍卖或变卖的财产".to_string(),
            Condition::CaseType(t) => format!("案件类型为“{t}”"),
            Condition::TitleTypeIn(_) => format!("执行依据为{}", f.title_type.trim()),
        }
    }

    /// Reads the TOML form of one condition; the error is a Chinese message
    /// without position (the caller adds it).
    pub(super) fn from_toml_value(v: &toml::Value) -> Result<Condition, String> {
        const FLAGS: &str =
            "assets_cover_claim、preserved_cover_claim、search_done、mass_case、settlement_likely、assets_to_dispose";
        let flag = |name: &str| -> Option<Condition> {
            Some(match name {
                "assets_cover_claim" => Condition::AssetsCoverClaim,
                "preserved_cover_claim" => Condition::PreservedCoverClaim,
                "search_done" => Condition::SearchDone,
                "mass_case" => Condition::MassCase,
                "settlement_likely" => Condition::SettlementLikely,
                "assets_to_dispose" => Condition::AssetsToDispose,
                _ => return None,
            })
        };
        match v {
            toml::Value::String(s) => flag(s.trim())
                .ok_or_else(|| format!("条件“{s}”无效；单独写名称的条件只有 {FLAGS}，其他条件写成 {{ 名称 = 值 }}")),
            toml::Value::Table(t) => {
                let mut entries = t.iter();
                let (Some((key, value)), None) = (entries.next(), entries.next()) else {
                    return Err("每个条件只能有一个键，例如 { claim_at_most = \"100000.00\" }".to_string());
                };
                let amount = || -> Result<i64, String> {
                    match value {
                        toml::Value::String(s) => Fen::parse_yuan(s).map(|f| f.0).map_err(|e| format!("{key}：{e}")),
                        _ => Err(format!("{key} 的金额应写成以元为单位的字符串，例如 \"100000.00\"")),
                    }
                };
                let count = || -> Result<u32, String> {
                    match value {
                        toml::Value::Integer(n) => {
                            u32::try_from(*n).map_err(|_| format!("{key} 应为不小于 0 的整数，而不是 {n}"))
                        }
                        _ => Err(format!("{key} 应为整数")),
                    }
                };
                match key.as_str() {
                    "claim_at_most" => Ok(Condition::ClaimAtMost(amount()?)),
                    "claim_above" => Ok(Condition::ClaimAbove(amount()?)),
                    "searches_empty_at_least" => Ok(Condition::SearchesEmptyAtLeast(count()?)),
                    "party_count_above" => Ok(Condition::PartyCountAbove(count()?)),
                    "debtor_count_above" => Ok(Condition::DebtorCountAbove(count()?)),
                    "case_type" => match value {
                        toml::Value::String(s) if !s.trim().is_empty() => Ok(Condition::CaseType(s.trim().to_string())),
                        _ => Err("case_type 应为非空字符串，例如 \"执恢\"".to_string()),
                    },
                    "title_type_in" => {
                        let list = match value {
                            toml::Value::Array(items) => items
                                .iter()
                                .map(|i| match i {
                                    toml::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                                    _ => None,
                                })
                                .collect::<Option<Vec<String>>>(),
                            _ => None,
                        };
                        match list {
                            Some(l) if !l.is_empty() => Ok(Condition::TitleTypeIn(l)),
                            _ => Err("title_type_in 应为非空的字符串列表，例如 [\"仲裁裁决书\"]".to_string()),
                        }
                    }
                    other => match (flag(other), value) {
                        (Some(c), toml::Value::Boolean(true)) => Ok(c),
                        (Some(_), _) => Err(format!("{other} 只能写成 \"{other}\" 或 {{ {other} = true }}")),
                        (None, _) => Err(format!("未知条件 {other}")),
                    },
                }
            }
            _ => Err("条件应为名称字符串或只有一个键的表，例如 \"search_done\" 或 { claim_at_most = \"100000.00\" }"
                .to_string()),
        }
    }
}

impl Serialize for Condition {
    /// The TOML form as a one-key map; amounts as yuan strings.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Condition::ClaimAtMost(x) | Condition::ClaimAbove(x) => {
                map.serialize_entry(self.key(), &Fen(*x).to_yuan_string())?
            }
            Condition::SearchesEmptyAtLeast(n) | Condition::PartyCountAbove(n) | Condition::DebtorCountAbove(n) => {
                map.serialize_entry(self.key(), n)?
            }
            Condition::CaseType(t) => map.serialize_entry(self.key(), t)?,
            Condition::TitleTypeIn(list) => map.serialize_entry(self.key(), list)?,
            Condition::AssetsCoverClaim
            | Condition::PreservedCoverClaim
            | Condition::SearchDone
            | Condition::MassCase
            | Condition::SettlementLikely
            | Condition::AssetsToDispose => map.serialize_entry(self.key(), &true)?,
        }
        map.end()
    }
}

/// A proposed track and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TriageSuggestion {
    pub track: Track,
    /// The matched rule's reason, then the facts that matched each of its
    /// conditions (and the rule's citation, when it has one).
    pub reasons: Vec<String>,
}

impl TriageRules {
    /// The first rule that matches, or `None` (only when the rules lack a
    /// default; profiles loaded from TOML always have one).
    pub fn first_match(&self, f: &CaseFacts) -> Option<&TriageRule> {
        self.rules.iter().find(|r| r.when.iter().all(|c| c.holds(f)))
    }

    /// Proposes a track for a case. The command center decides; this only
    /// suggests.
    pub fn suggest(&self, f: &CaseFacts) -> TriageSuggestion {
        match self.first_match(f) {
            Some(rule) => {
                let mut reasons = vec![rule.reason.clone()];
                reasons.extend(rule.when.iter().map(|c| c.matched_facts_zh(f)));
                if let Some(c) = &rule.citation {
                    reasons.push(format!("依据：{c}"));
                }
                TriageSuggestion { track: rule.track, reasons }
            }
            None => TriageSuggestion {
                track: Track::Untriaged, reasons: vec!["没有匹配的繁简分流规则".to_string()]
            },
        }
    }
}

/// How many cases each team would get on each track under `rules`: for
/// comparing a rule change before adopting it. Tracks no case of a team
/// falls on are absent from its map.
pub fn what_if(rules: &TriageRules, cases: &[(String, CaseFacts)]) -> BTreeMap<String, BTreeMap<Track, u32>> {
    let mut out: BTreeMap<String, BTreeMap<Track, u32>> = BTreeMap::new();
    for (team, facts) in cases {
        let track = rules.suggest(facts).track;
        let n = out.entry(team.clone()).or_default().entry(track).or_insert(0);
        *n = n.saturating_add(1);
    }
    out
}
