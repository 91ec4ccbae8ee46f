//! The court's stage profile (节点管控): stages, gates, time limits and
//! triage rules, as data.
//!
//! A profile is a TOML text per court. The default one
//! (`profile/default.toml`, compiled in) is written from the law and court
//! practice (`docs/law.md`, `docs/product.md` §2): every time limit carries
//! its citation and its confidence ([`Confidence`], law.md's `[C]`/`[S]`/`[U]`),
//! and rules that are unconfirmed or local practice say "可配置" in a comment.
//! The code here is the mechanism; the profile states the rules.
//!
//! - [`Profile::from_toml`] reads and validates a profile; every error names
//!   the line and the field, in Chinese.
//! - [`Profile::check_gate`] decides whether a case may move from one stage to
//!   another: the move must be a transition of the graph, the stage's
//!   required actions must be done, and the command center must have
//!   certified the gate where the transition asks for it. There is no
//!   override, for anyone.
//! - [`Profile::limits_started_by`] / [`Profile::limits_ended_by`] say which
//!   time limits a trigger (filing, entering or leaving a stage, an action,
//!   closing) starts or stops; [`due_date`] computes a limit's last day.
//! - [`TriageRules::suggest`] proposes a track (繁简分流) and says why;
//!   [`what_if`] counts what a rule change would do to each team.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, DayUnit};
use crate::case::Track;

mod parse;
mod triage;

#[cfg(test)]
mod tests;

pub use triage::{Condition, TriageRule, TriageRules, TriageSuggestion, what_if};

/// The embedded default profile.
pub const DEFAULT_PROFILE_TOML: &str = include_str!("profile/default.toml");

/// A court's stage profile. Build it with [`Profile::from_toml`] or
/// [`Profile::default_profile`]; both validate every reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Version of the profile data, stored with every decision made from it.
    pub version: String,
    pub name: String,
    /// In process order; the first stage is where a new case starts.
    pub stages: Vec<StageDef>,
    pub actions: Vec<ActionDef>,
    pub transitions: Vec<TransitionDef>,
    pub time_limits: Vec<TimeLimitDef>,
    pub triage: TriageRules,
}

/// One stage (节点) of the process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageDef {
    pub key: String,
    pub label: String,
    /// Action keys that must be done before a case may LEAVE this stage.
    pub required_actions: Vec<String>,
    /// A terminal stage has no exits (e.g. archived).
    pub terminal: bool,
}

/// One action (事项) a case's file records, e.g. sending the enforcement
/// notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionDef {
    pub key: String,
    pub label: String,
    pub citation: Option<String>,
}

/// An allowed move between two stages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TransitionDef {
    pub from: String,
    pub to: String,
    /// The command center must certify the gate (节点认证) before the move.
    pub certification: bool,
}

/// A time limit (期限) with its legal basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeLimitDef {
    pub key: String,
    pub label: String,
    pub starts_on: Trigger,
    pub ends_on: Trigger,
    pub length: u32,
    pub unit: Unit,
    /// Days before the last day from which the limit is "due soon".
    pub warn_days: u32,
    /// Days overdue before the warning is escalated to the director
    /// (0: as soon as it is overdue).
    pub escalate_after_days: u32,
    /// Only cases matching this start the limit; `None`: every case.
    pub applies_to: Option<Applicability>,
    /// Clock stops (suspension, public notice, appraisal, auction…) extend
    /// the limit. Non-pausable limits ignore the pauses given to [`due_date`].
    pub pausable: bool,
    pub citation: String,
    pub confidence: Confidence,
}

/// What starts or ends a time limit. In TOML: `"filed"`,
/// `"stage_entered:search"`, `"stage_left:search"`,
/// `"action_done:send_enforcement_notice"`, `"closed"`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Trigger {
    /// The case was filed (立案).
    Filed,
    StageEntered(String),
    StageLeft(String),
    ActionDone(String),
    /// The case was closed (结案). In the default profile that is when it
    /// enters the `closed` stage; the caller fires both triggers.
    Closed,
}

impl Trigger {
    /// Reads the TOML form (see the type's documentation).
    pub fn parse(s: &str) -> Option<Trigger> {
        let s = s.trim();
        match s {
            "filed" => return Some(Trigger::Filed),
            "closed" => return Some(Trigger::Closed),
            _ => {}
        }
        let (kind, key) = s.split_once(':')?;
        let key = key.trim();
        if key.is_empty() {
            return None;
        }
        match kind.trim() {
            "stage_entered" => Some(Trigger::StageEntered(key.to_string())),
            "stage_left" => Some(Trigger::StageLeft(key.to_string())),
            "action_done" => Some(Trigger::ActionDone(key.to_string())),
            _ => None,
        }
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trigger::Filed => f.write_str("filed"),
            Trigger::Closed => f.write_str("closed"),
            Trigger::StageEntered(k) => write!(f, "stage_entered:{k}"),
            Trigger::StageLeft(k) => write!(f, "stage_left:{k}"),
            Trigger::ActionDone(k) => write!(f, "action_done:{k}"),
        }
    }
}

impl Serialize for Trigger {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The unit a time limit is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 日: every day counts; a last day that is a rest day moves to the next
    /// working day (民诉法(2023) 第85条).
    CalendarDays,
    /// 工作日.
    WorkingDays,
    /// 月: the same day N months later (the month's last day when there is no
    /// such day), then moved off a rest day like calendar days.
    Months,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::CalendarDays => "calendar_days",
            Unit::WorkingDays => "working_days",
            Unit::Months => "months",
        }
    }
    /// The unit after a number: "10日", "5个工作日", "6个月".
    pub fn label_zh(self) -> &'static str {
        match self {
            Unit::CalendarDays => "日",
            Unit::WorkingDays => "个工作日",
            Unit::Months => "个月",
        }
    }
}

/// How sure we are of a rule's source (law.md §0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// `[C]`: the official text was read.
    Confirmed,
    /// `[S]`: quoted or paraphrased by a court or law site.
    Secondary,
    /// `[U]`: not confirmed, or local practice.
    Unconfirmed,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Secondary => "secondary",
            Confidence::Unconfirmed => "unconfirmed",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Confidence::Confirmed => "已核对原文",
            Confidence::Secondary => "据转述，原文待核",
            Confidence::Unconfirmed => "未经核实或本地做法，可配置",
        }
    }
}

/// Which cases a time limit applies to. Every non-empty list must match;
/// an empty list matches anything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Applicability {
    /// 案件类型代字, e.g. "执", "执恢".
    pub case_types: Vec<String>,
    /// Only these titles (执行依据类型), e.g. the non-litigation ones.
    pub title_types: Vec<String>,
    /// All titles except these.
    pub title_types_not_in: Vec<String>,
    /// Only cases on these tracks.
    pub tracks: Vec<Track>,
}

impl Applicability {
    pub fn matches(&self, f: &CaseFacts) -> bool {
        let title = f.title_type.trim();
        let case_type = f.case_type.trim();
        (self.case_types.is_empty() || self.case_types.iter().any(|c| c == case_type))
            && (self.title_types.is_empty() || self.title_types.iter().any(|t| t == title))
            && !self.title_types_not_in.iter().any(|t| t == title)
            && (self.tracks.is_empty() || f.track.is_some_and(|t| self.tracks.contains(&t)))
    }

    fn is_empty(&self) -> bool {
        self.case_types.is_empty()
            && self.title_types.is_empty()
            && self.title_types_not_in.is_empty()
            && self.tracks.is_empty()
    }
}

/// What the rules need to know about a case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    /// 案件类型代字: 执, 执恢, 执保 …
    pub case_type: String,
    /// 执行依据类型, e.g. 民事判决书, 仲裁裁决书.
    pub title_type: String,
    pub track: Option<Track>,
    /// 申请执行标的, fen.
    pub claim_fen: i64,
    /// Value of the assets found by the searches, fen.
    pub assets_found_fen: i64,
    /// Value of the assets preserved before enforcement (诉讼/仲裁保全), fen.
    pub preserved_fen: i64,
    pub search_done: bool,
    /// Number of searches (网络查控) that found nothing.
    pub searches_empty: u32,
    pub party_count: u32,
    pub debtor_count: u32,
    /// 群体性、重大、疑难、有影响或上级交办的案件.
    pub mass_case: bool,
    pub settlement_likely: bool,
    /// Assets that need appraisal and auction or sale.
    pub assets_to_dispose: bool,
}

/// A stage named in a gate decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageRef {
    pub key: String,
    pub label: String,
}

/// Whether a case may move from one stage to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum GateDecision {
    Allowed,
    /// The graph has no such move; `allowed` lists where `from` may go.
    NotATransition {
        from: StageRef,
        to: StageRef,
        allowed: Vec<StageRef>,
    },
    /// The move exists but its gate is closed.
    Blocked {
        from: StageRef,
        to: StageRef,
        missing_actions: Vec<ActionDef>,
        needs_certification: bool,
    },
}

impl GateDecision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, GateDecision::Allowed)
    }

    /// The decision for people, e.g. "不能离开“立案”节点：尚未完成 发出执行通知书、
    /// 发出报告财产令；尚未经指挥中心节点认证".
    pub fn explain_zh(&self) -> String {
        match self {
            GateDecision::Allowed => "允许转入下一节点".to_string(),
            GateDecision::NotATransition { from, to, allowed } => {
                let head = format!("不能从“{}”转入“{}”", from.label, to.label);
                if allowed.is_empty() {
                    format!("{head}：“{}”之后没有可转入的节点", from.label)
                } else {
                    let list: Vec<&str> = allowed.iter().map(|s| s.label.as_str()).collect();
                    format!("{head}：“{}”之后只能转入 {}", from.label, list.join("、"))
                }
            }
            GateDecision::Blocked { from, missing_actions, needs_certification, .. } => {
                let mut parts = Vec::new();
                if !missing_actions.is_empty() {
                    let list: Vec<&str> = missing_actions.iter().map(|a| a.label.as_str()).collect();
                    parts.push(format!("尚未完成 {}", list.join("、")));
                }
                if *needs_certification {
                    parts.push("尚未经指挥中心节点认证".to_string());
                }
                format!("不能离开“{}”节点：{}", from.label, parts.join("；"))
            }
        }
    }
}

/// Why a profile could not be loaded. The texts are shown to court
/// administrators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// The TOML itself is malformed (syntax, missing or unknown fields, a
    /// value of the wrong type).
    #[error("节点管控配置{}格式错误：{detail}", line_text(*.line))]
    Syntax {
        /// 1-based line, 0 when the parser gave no position.
        line: usize,
        detail: String,
    },
    /// The TOML is well-formed but breaks a rule of profiles (unknown or
    /// duplicate keys, a dead end in the stage graph …).
    #[error("节点管控配置{}（字段 {field}）：{message}", line_text(*.line))]
    Invalid {
        /// 1-based line, 0 when it concerns the whole file.
        line: usize,
        /// The TOML path of the field, e.g. `transitions.to`.
        field: String,
        message: String,
    },
}

impl ProfileError {
    /// The 1-based line the error is on, 0 when unknown.
    pub fn line(&self) -> usize {
        match self {
            ProfileError::Syntax { line, .. } | ProfileError::Invalid { line, .. } => *line,
        }
    }
}

fn line_text(line: usize) -> String {
    if line == 0 { String::new() } else { format!("第 {line} 行") }
}

impl Profile {
    /// The default profile shipped with Zhixing (`profile/default.toml`).
    pub fn default_profile() -> Result<Profile, ProfileError> {
        Profile::from_toml(DEFAULT_PROFILE_TOML)
    }

    /// Reads and validates a profile.
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        parse::parse_profile(text)
    }

    pub fn stage(&self, key: &str) -> Option<&StageDef> {
        self.stages.iter().find(|s| s.key == key)
    }

    pub fn action(&self, key: &str) -> Option<&ActionDef> {
        self.actions.iter().find(|a| a.key == key)
    }

    pub fn time_limit(&self, key: &str) -> Option<&TimeLimitDef> {
        self.time_limits.iter().find(|l| l.key == key)
    }

    /// The stage a new case starts in.
    pub fn first_stage(&self) -> Option<&StageDef> {
        self.stages.first()
    }

    /// The transitions out of `from`, in profile order.
    pub fn transitions_from<'a>(&'a self, from: &'a str) -> impl Iterator<Item = &'a TransitionDef> + 'a {
        self.transitions.iter().filter(move |t| t.from == from)
    }

    fn stage_ref(&self, key: &str) -> StageRef {
        StageRef { key: key.to_string(), label: self.stage(key).map_or(key, |s| s.label.as_str()).to_string() }
    }

    /// Whether a case may move from `from` to `to`, given the actions done
    /// in the case and whether the command center certified the gate.
    pub fn check_gate(&self, from: &str, to: &str, done_actions: &BTreeSet<String>, certified: bool) -> GateDecision {
        let Some(transition) = self.transitions.iter().find(|t| t.from == from && t.to == to) else {
            return GateDecision::NotATransition {
                from: self.stage_ref(from),
                to: self.stage_ref(to),
                allowed: self.transitions_from(from).map(|t| self.stage_ref(&t.to)).collect(),
            };
        };
        let missing_actions: Vec<ActionDef> = self
            .stage(from)
            .map(|s| s.required_actions.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|key| !done_actions.contains(*key))
            .map(|key| {
                self.action(key).cloned().unwrap_or_else(|| ActionDef {
                    key: key.clone(),
                    label: key.clone(),
                    citation: None,
                })
            })
            .collect();
        let needs_certification = transition.certification && !certified;
        if missing_actions.is_empty() && !needs_certification {
            GateDecision::Allowed
        } else {
            GateDecision::Blocked {
                from: self.stage_ref(from),
                to: self.stage_ref(to),
                missing_actions,
                needs_certification,
            }
        }
    }

    /// The time limits that start on `t` for a case with these facts
    /// (limits whose `applies_to` does not match are left out).
    pub fn limits_started_by(&self, t: &Trigger, facts: &CaseFacts) -> Vec<&TimeLimitDef> {
        self.time_limits
            .iter()
            .filter(|l| &l.starts_on == t && l.applies_to.as_ref().is_none_or(|a| a.matches(facts)))
            .collect()
    }

    /// The time limits that `t` ends (met).
    pub fn limits_ended_by(&self, t: &Trigger) -> Vec<&TimeLimitDef> {
        self.time_limits.iter().filter(|l| &l.ends_on == t).collect()
    }

    /// A trigger in words: "立案", "进入“快执”节点", "完成“发出执行通知书”".
    pub fn describe_trigger(&self, t: &Trigger) -> String {
        match t {
            Trigger::Filed => "立案".to_string(),
            Trigger::Closed => "结案".to_string(),
            Trigger::StageEntered(k) => format!("进入“{}”节点", self.stage_ref(k).label),
            Trigger::StageLeft(k) => format!("离开“{}”节点", self.stage_ref(k).label),
            Trigger::ActionDone(k) => format!("完成“{}”", self.action(k).map_or(k.as_str(), |a| a.label.as_str())),
        }
    }
}

/// The last day of `limit` started on `start`.
///
/// - calendar days: `start + length`, moved to the next working day when it
///   is a rest day ([`Calendar::period_end`], 民诉法(2023) 第85条: the start
///   day does not count);
/// - working days: `length` working days after `start`
///   ([`Calendar::add_workdays`]);
/// - months: the same day `length` months later (chrono's
///   `checked_add_months`, which gives the month's last day when there is no
///   such day: 2025-01-31 + 1 month = 2025-02-28), then moved to the next
///   working day.
///
/// Pauses (inclusive day ranges) extend a pausable limit by their days
/// ([`Calendar::end_with_pauses`]); a limit that is not pausable ignores
/// them. Saturates at the last representable date.
pub fn due_date(
    limit: &TimeLimitDef,
    start: NaiveDate,
    cal: &Calendar,
    pauses: &[(NaiveDate, NaiveDate)],
) -> NaiveDate {
    let pauses = if limit.pausable { pauses } else { &[] };
    match limit.unit {
        Unit::CalendarDays => cal.end_with_pauses(start, limit.length, DayUnit::Calendar, pauses),
        Unit::WorkingDays => cal.end_with_pauses(start, limit.length, DayUnit::Working, pauses),
        Unit::Months => {
            let end = start.checked_add_months(Months::new(limit.length)).unwrap_or(NaiveDate::MAX);
            let days = u32::try_from((end - start).num_days()).unwrap_or(u32::MAX);
            cal.end_with_pauses(start, days, DayUnit::Calendar, pauses)
        }
    }
}
