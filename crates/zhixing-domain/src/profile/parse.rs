//! Reading a profile from TOML and checking every reference in it.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{
    ActionDef, Applicability, Confidence, Profile, ProfileError, StageDef, TimeLimitDef, TransitionDef, Trigger, Unit,
};
use super::{Condition, TriageRule, TriageRules};
use crate::case::Track;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    version: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    stages: Vec<RawStage>,
    #[serde(default)]
    actions: Vec<RawAction>,
    #[serde(default)]
    transitions: Vec<RawTransition>,
    #[serde(default)]
    time_limits: Vec<RawLimit>,
    triage: Spanned<RawTriage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStage {
    key: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    required_actions: Vec<Spanned<String>>,
    #[serde(default)]
    terminal: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    key: Spanned<String>,
    label: Spanned<String>,
    citation: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    from: Spanned<String>,
    to: Spanned<String>,
    #[serde(default)]
    certification: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimit {
    key: Spanned<String>,
    label: Spanned<String>,
    starts_on: Spanned<String>,
    ends_on: Spanned<String>,
    length: Spanned<u32>,
    unit: Unit,
    warn_days: u32,
    escalate_after_days: u32,
    applies_to: Option<Spanned<RawApplies>>,
    #[serde(default)]
    pausable: bool,
    citation: Spanned<String>,
    confidence: Confidence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApplies {
    #[serde(default)]
    case_types: Vec<Spanned<String>>,
    #[serde(default)]
    title_types: Vec<Spanned<String>>,
    #[serde(default)]
    title_types_not_in: Vec<Spanned<String>>,
    #[serde(default)]
    tracks: Vec<Track>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTriage {
    #[serde(default)]
    rules: Vec<RawTriageRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTriageRule {
    track: Spanned<Track>,
    #[serde(default)]
    when: Vec<Spanned<toml::Value>>,
    reason: Spanned<String>,
    citation: Option<Spanned<String>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |head| head.bytes().filter(|b| *b == b'\n').count() + 1)
}

/// Turns the parser's English message into Chinese for the common cases.
fn syntax_detail(message: &str) -> String {
    let message = message.trim();
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or_default().to_string();
    if message.starts_with("missing field") {
        format!("缺少字段 {}", quoted(message))
    } else if message.starts_with("unknown field") {
        format!("未知字段 {}", quoted(message))
    } else if message.starts_with("unknown variant") {
        format!("取值 {} 无效（{message}）", quoted(message))
    } else if message.starts_with("invalid type") {
        format!("值的类型不对（{message}）")
    } else if message.starts_with("invalid value") {
        format!("值无效（{message}）")
    } else if message.starts_with("duplicate key") {
        format!("键重复（{message}）")
    } else {
        format!("TOML 语法错误（{message}）")
    }
}

/// Builds errors with the line of a span.
struct Ctx<'a> {
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: Range<usize>, field: &str, message: String) -> ProfileError {
        ProfileError::Invalid { line: line_of(self.text, span.start), field: field.to_string(), message }
    }

    fn whole(&self, field: &str, message: String) -> ProfileError {
        ProfileError::Invalid { line: 0, field: field.to_string(), message }
    }

    /// A trimmed, non-empty text.
    fn text_of(&self, s: &Spanned<String>, field: &str, what: &str) -> Result<String, ProfileError> {
        let t = s.get_ref().trim();
        if t.is_empty() {
            return Err(self.err(s.span(), field, format!("{what}不能为空")));
        }
        Ok(t.to_string())
    }

    /// A key: lower-case ASCII letters, digits and underscores.
    fn key_of(&self, s: &Spanned<String>, field: &str, what: &str) -> Result<String, ProfileError> {
        let k = self.text_of(s, field, what)?;
        let ok = k.starts_with(|c: char| c.is_ascii_lowercase())
            && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(self.err(
                s.span(),
                field,
                format!("{what}“{k}”无效：只能由小写英文字母、数字和下划线组成，并以字母开头"),
            ));
        }
        Ok(k)
    }
}

pub(super) fn parse_profile(text: &str) -> Result<Profile, ProfileError> {
    let raw: RawProfile = toml::from_str(text).map_err(|e| ProfileError::Syntax {
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        detail: syntax_detail(e.message()),
    })?;
    let cx = Ctx { text };

    let version = cx.text_of(&raw.version, "version", "版本号")?;
    let name = cx.text_of(&raw.name, "name", "名称")?;

    // ---- actions
    let mut actions: Vec<ActionDef> = Vec::new();
    for a in &raw.actions {
        let key = cx.key_of(&a.key, "actions.key", "事项键")?;
        if actions.iter().any(|x| x.key == key) {
            return Err(cx.err(a.key.span(), "actions.key", format!("事项“{key}”重复定义")));
        }
        let label = cx.text_of(&a.label, "actions.label", "事项名称")?;
        let citation = match &a.citation {
            Some(c) => Some(cx.text_of(c, "actions.citation", "依据")?),
            None => None,
        };
        actions.push(ActionDef { key, label, citation });
    }
    let action_label = |k: &str| actions.iter().find(|a| a.key == k).map(|a| a.label.clone());

    // ---- stages
    if raw.stages.is_empty() {
        return Err(cx.whole("stages", "至少需要定义一个节点（[[stages]]）".to_string()));
    }
    let mut stages: Vec<StageDef> = Vec::new();
    let mut stage_spans: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for s in &raw.stages {
        let key = cx.key_of(&s.key, "stages.key", "节点键")?;
        if stage_spans.contains_key(&key) {
            return Err(cx.err(s.key.span(), "stages.key", format!("节点“{key}”重复定义")));
        }
        let label = cx.text_of(&s.label, "stages.label", "节点名称")?;
        let mut required = Vec::new();
        for r in &s.required_actions {
            let k = r.get_ref().trim().to_string();
            if action_label(&k).is_none() {
                return Err(cx.err(
                    r.span(),
                    "stages.required_actions",
                    format!("节点“{label}”的必办事项“{k}”未在 [[actions]] 中定义"),
                ));
            }
            if required.contains(&k) {
                return Err(cx.err(
                    r.span(),
                    "stages.required_actions",
                    format!("节点“{label}”的必办事项“{k}”重复列出"),
                ));
            }
            required.push(k);
        }
        stage_spans.insert(key.clone(), s.key.span());
        stages.push(StageDef { key, label, required_actions: required, terminal: s.terminal });
    }
    let stage_by_key = |k: &str| stages.iter().find(|s| s.key == k);

    // ---- transitions
    let mut transitions: Vec<TransitionDef> = Vec::new();
    for t in &raw.transitions {
        let from = t.from.get_ref().trim().to_string();
        let to = t.to.get_ref().trim().to_string();
        let Some(from_stage) = stage_by_key(&from) else {
            return Err(cx.err(t.from.span(), "transitions.from", format!("转换的起点节点“{from}”不存在")));
        };
        if stage_by_key(&to).is_none() {
            return Err(cx.err(t.to.span(), "transitions.to", format!("转换的目标节点“{to}”不存在")));
        }
        if from_stage.terminal {
            return Err(cx.err(
                t.from.span(),
                "transitions.from",
                format!("节点“{}”是终点节点，不能再转出", from_stage.label),
            ));
        }
        if from == to {
            return Err(cx.err(t.to.span(), "transitions.to", format!("转换的起点和目标都是“{from}”")));
        }
        if transitions.iter().any(|x| x.from == from && x.to == to) {
            return Err(cx.err(t.from.span(), "transitions.from", format!("转换 {from} → {to} 重复定义")));
        }
        transitions.push(TransitionDef { from, to, certification: t.certification });
    }
    for s in &stages {
        let span = stage_spans.get(&s.key).cloned().unwrap_or(0..0);
        let has_exit = transitions.iter().any(|t| t.from == s.key);
        if !s.terminal && !has_exit {
            return Err(cx.err(
                span,
                "stages.terminal",
                format!(
                    "节点“{}”不是终点节点，但没有任何转出路径（加一条 [[transitions]]，或设 terminal = true）",
                    s.label
                ),
            ));
        }
    }
    if let Some(first) = stages.first() {
        let mut reached: BTreeSet<&str> = BTreeSet::from([first.key.as_str()]);
        let mut queue = vec![first.key.as_str()];
        while let Some(k) = queue.pop() {
            for t in transitions.iter().filter(|t| t.from == k) {
                if reached.insert(t.to.as_str()) {
                    queue.push(t.to.as_str());
                }
            }
        }
        if let Some(s) = stages.iter().find(|s| !reached.contains(s.key.as_str())) {
            let span = stage_spans.get(&s.key).cloned().unwrap_or(0..0);
            return Err(cx.err(span, "stages.key", format!("节点“{}”无法从第一个节点“{}”到达", s.label, first.label)));
        }
    }

    // ---- time limits
    let mut time_limits: Vec<TimeLimitDef> = Vec::new();
    for l in &raw.time_limits {
        let key = cx.key_of(&l.key, "time_limits.key", "期限键")?;
        if time_limits.iter().any(|x| x.key == key) {
            return Err(cx.err(l.key.span(), "time_limits.key", format!("期限“{key}”重复定义")));
        }
        let label = cx.text_of(&l.label, "time_limits.label", "期限名称")?;
        let trigger = |s: &Spanned<String>, field: &str| -> Result<Trigger, ProfileError> {
            let raw_text = s.get_ref().trim();
            let t = Trigger::parse(raw_text).ok_or_else(|| {
                cx.err(
                    s.span(),
                    field,
                    format!(
                        "期限“{label}”的触发条件“{raw_text}”无效：应为 filed、closed、stage_entered:节点、stage_left:节点 或 action_done:事项"
                    ),
                )
            })?;
            match &t {
                Trigger::StageEntered(k) | Trigger::StageLeft(k) => match stage_by_key(k) {
                    None => {
                        return Err(cx.err(s.span(), field, format!("期限“{label}”的触发条件引用了不存在的节点“{k}”")));
                    }
                    Some(st) if st.terminal && matches!(t, Trigger::StageLeft(_)) => {
                        return Err(cx.err(
                            s.span(),
                            field,
                            format!("期限“{label}”的触发条件是离开终点节点“{}”，永远不会发生", st.label),
                        ));
                    }
                    Some(_) => {}
                },
                Trigger::ActionDone(k) if action_label(k).is_none() => {
                    return Err(cx.err(s.span(), field, format!("期限“{label}”的触发条件引用了不存在的事项“{k}”")));
                }
                _ => {}
            }
            Ok(t)
        };
        let starts_on = trigger(&l.starts_on, "time_limits.starts_on")?;
        let ends_on = trigger(&l.ends_on, "time_limits.ends_on")?;
        if starts_on == ends_on {
            return Err(cx.err(
                l.ends_on.span(),
                "time_limits.ends_on",
                format!("期限“{label}”的起算和届满条件相同（{starts_on}）"),
            ));
        }
        let length = *l.length.get_ref();
        if length == 0 {
            return Err(cx.err(l.length.span(), "time_limits.length", format!("期限“{label}”的长度必须大于 0")));
        }
        let citation = cx.text_of(&l.citation, "time_limits.citation", "期限的依据")?;
        let applies_to = match &l.applies_to {
            None => None,
            Some(a) => {
                let list = |items: &[Spanned<String>], field: &str| -> Result<Vec<String>, ProfileError> {
                    items.iter().map(|i| cx.text_of(i, field, "适用范围的取值")).collect()
                };
                let app = Applicability {
                    case_types: list(&a.get_ref().case_types, "time_limits.applies_to.case_types")?,
                    title_types: list(&a.get_ref().title_types, "time_limits.applies_to.title_types")?,
                    title_types_not_in: list(
                        &a.get_ref().title_types_not_in,
                        "time_limits.applies_to.title_types_not_in",
                    )?,
                    tracks: a.get_ref().tracks.clone(),
                };
                if app.is_empty() {
                    return Err(cx.err(
                        a.span(),
                        "time_limits.applies_to",
                        format!("期限“{label}”的适用范围为空；适用于所有案件的，删去 applies_to"),
                    ));
                }
                Some(app)
            }
        };
        time_limits.push(TimeLimitDef {
            key,
            label,
            starts_on,
            ends_on,
            length,
            unit: l.unit,
            warn_days: l.warn_days,
            escalate_after_days: l.escalate_after_days,
            applies_to,
            pausable: l.pausable,
            citation,
            confidence: l.confidence,
        });
    }

    // ---- triage
    let raw_rules = &raw.triage.get_ref().rules;
    let mut rules: Vec<TriageRule> = Vec::new();
    for (i, r) in raw_rules.iter().enumerate() {
        let track = *r.track.get_ref();
        if track == Track::Untriaged {
            return Err(cx.err(r.track.span(), "triage.rules.track", "分流结果不能是 untriaged（未分流）".to_string()));
        }
        let reason = cx.text_of(&r.reason, "triage.rules.reason", "分流理由")?;
        let mut when = Vec::new();
        for c in &r.when {
            when.push(Condition::from_toml_value(c.get_ref()).map_err(|m| cx.err(c.span(), "triage.rules.when", m))?);
        }
        let citation = match &r.citation {
            Some(c) => Some(cx.text_of(c, "triage.rules.citation", "依据")?),
            None => None,
        };
        let is_last = i + 1 == raw_rules.len();
        if when.is_empty() && !is_last {
            return Err(cx.err(
                r.track.span(),
                "triage.rules.when",
                "无条件的分流规则之后的规则永远不会被用到；默认规则应放在最后".to_string(),
            ));
        }
        if !when.is_empty() && is_last {
            return Err(cx.err(
                r.track.span(),
                "triage.rules.when",
                "最后一条分流规则必须没有条件（默认规则），使每个案件都有建议".to_string(),
            ));
        }
        rules.push(TriageRule { track, when, reason, citation });
    }
    if rules.is_empty() {
        return Err(cx.err(
            raw.triage.span(),
            "triage.rules",
            "至少需要一条分流规则（最后一条为无条件的默认规则）".to_string(),
        ));
    }

    Ok(Profile { version, name, stages, actions, transitions, time_limits, triage: TriageRules { rules } })
}
