//! Enforcement cases: stages, tracks, parties, closure.
//!
//! The stage graph itself is court data (a profile); the foundation ships the
//! default stage keys below so that lists, filters and the demo agree on them.

use serde::{Deserialize, Serialize};

/// A stage key with its Chinese label, in process order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageDef {
    pub key: &'static str,
    pub label: &'static str,
}

/// The default process: filing → search and service → triage → track work →
/// closing review → closed → archived.
pub const DEFAULT_STAGES: [StageDef; 9] = [
    StageDef { key: "filing", label: "立案" },
    StageDef { key: "search", label: "查控与送达" },
    StageDef { key: "triage", label: "繁简分流" },
    StageDef { key: "fast", label: "快执" },
    StageDef { key: "standard", label: "普通执行" },
    StageDef { key: "disposal", label: "财产处置" },
    StageDef { key: "closing", label: "结案审查" },
    StageDef { key: "closed", label: "已结案" },
    StageDef { key: "archived", label: "已归档" },
];

pub fn stage_label(key: &str) -> &str {
    DEFAULT_STAGES.iter().find(|s| s.key == key).map_or(key, |s| s.label)
}

pub fn is_known_stage(key: &str) -> bool {
    DEFAULT_STAGES.iter().any(|s| s.key == key)
}

/// Track after triage (繁简分流). Ordered in process order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    Untriaged,
    Fast,
    Standard,
    Disposal,
    TerminatedCurrent,
}

impl Track {
    pub const ALL: [Track; 5] =
        [Track::Untriaged, Track::Fast, Track::Standard, Track::Disposal, Track::TerminatedCurrent];
    pub fn as_str(self) -> &'static str {
        match self {
            Track::Untriaged => "untriaged",
            Track::Fast => "fast",
            Track::Standard => "standard",
            Track::Disposal => "disposal",
            Track::TerminatedCurrent => "terminated_current",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Track::Untriaged => "未分流",
            Track::Fast => "快执（简案）",
            Track::Standard => "普通执行（繁案）",
            Track::Disposal => "财产处置",
            Track::TerminatedCurrent => "拟终本",
        }
    }
    pub fn parse(s: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Role of a party in the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Applicant,
    Debtor,
}

impl PartyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Applicant => "applicant",
            PartyRole::Debtor => "debtor",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            PartyRole::Applicant => "申请执行人",
            PartyRole::Debtor => "被执行人",
        }
    }
    pub fn parse(s: &str) -> Option<PartyRole> {
        [PartyRole::Applicant, PartyRole::Debtor].into_iter().find(|r| r.as_str() == s)
    }
}

/// Kind of party: natural person, legal person, unincorporated organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Person,
    Organization,
    Unincorporated,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Organization => "organization",
            PartyKind::Unincorporated => "unincorporated",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            PartyKind::Person => "自然人",
            PartyKind::Organization => "法人",
            PartyKind::Unincorporated => "非法人组织",
        }
    }
    pub fn parse(s: &str) -> Option<PartyKind> {
        [PartyKind::Person, PartyKind::Organization, PartyKind::Unincorporated].into_iter().find(|k| k.as_str() == s)
    }
}

/// How a case was closed (结案方式), per 法发〔2014〕26号.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closure {
    FullyPerformed,
    TerminatedCurrent,
    Terminated,
    NotEnforced,
    Rejected,
    Withdrawn,
}

impl Closure {
    pub const ALL: [Closure; 6] = [
        Closure::FullyPerformed,
        Closure::TerminatedCurrent,
        Closure::Terminated,
        Closure::NotEnforced,
        Closure::Rejected,
        Closure::Withdrawn,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Closure::FullyPerformed => "fully_performed",
            Closure::TerminatedCurrent => "terminated_current",
            Closure::Terminated => "terminated",
            Closure::NotEnforced => "not_enforced",
            Closure::Rejected => "rejected",
            Closure::Withdrawn => "withdrawn",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Closure::FullyPerformed => "执行完毕",
            Closure::TerminatedCurrent => "终结本次执行程序",
            Closure::Terminated => "终结执行",
            Closure::NotEnforced => "不予执行",
            Closure::Rejected => "驳回申请",
            Closure::Withdrawn => "销案",
        }
    }
    pub fn parse(s: &str) -> Option<Closure> {
        Closure::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// State of a deadline relative to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    Normal,
    DueSoon,
    Overdue,
}

impl DeadlineState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineState::Normal => "normal",
            DeadlineState::DueSoon => "due_soon",
            DeadlineState::Overdue => "overdue",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineState::Normal => "正常",
            DeadlineState::DueSoon => "临期",
            DeadlineState::Overdue => "超期",
        }
    }
    pub fn parse(s: &str) -> Option<DeadlineState> {
        [DeadlineState::Normal, DeadlineState::DueSoon, DeadlineState::Overdue].into_iter().find(|d| d.as_str() == s)
    }

    /// Classify a deadline: overdue after the last day, due soon within
    /// `warn_days` calendar days before it.
    pub fn of(deadline: chrono::NaiveDate, today: chrono::NaiveDate, warn_days: i64) -> DeadlineState {
        let left = (deadline - today).num_days();
        if left < 0 {
            DeadlineState::Overdue
        } else if left <= warn_days {
            DeadlineState::DueSoon
        } else {
            DeadlineState::Normal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn deadline_states() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        assert_eq!(DeadlineState::of(d("2026-01-10"), d("2026-01-11"), 5), DeadlineState::Overdue);
        assert_eq!(DeadlineState::of(d("2026-01-10"), d("2026-01-10"), 5), DeadlineState::DueSoon);
        assert_eq!(DeadlineState::of(d("2026-01-10"), d("2026-01-05"), 5), DeadlineState::DueSoon);
        assert_eq!(DeadlineState::of(d("2026-01-10"), d("2026-01-04"), 5), DeadlineState::Normal);
    }

    #[test]
    fn codes_round_trip() {
        for t in Track::ALL {
            assert_eq!(Track::parse(t.as_str()), Some(t));
        }
        for c in Closure::ALL {
            assert_eq!(Closure::parse(c.as_str()), Some(c));
        }
    }
}
