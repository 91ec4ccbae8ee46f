use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::{Calendar, parse_date};
use crate::case::{DEFAULT_STAGES, Track};

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn cal() -> Calendar {
    Calendar::china().unwrap()
}

fn profile() -> Profile {
    Profile::default_profile().unwrap()
}

fn done(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn limit(unit: Unit, length: u32, pausable: bool) -> TimeLimitDef {
    TimeLimitDef {
        key: "test".into(),
        label: "测试期限".into(),
        starts_on: Trigger::Filed,
        ends_on: Trigger::Closed,
        length,
        unit,
        warn_days: 0,
        escalate_after_days: 0,
        applies_to: None,
        pausable,
        citation: "测试".into(),
        confidence: Confidence::Confirmed,
    }
}

// ------------------------------------------------------------ loading ----

#[test]
fn default_profile_loads_and_matches_the_default_stages() {
    let p = profile();
    assert_eq!(p.version, "default-2026.1");
    let keys: Vec<&str> = p.stages.iter().map(|s| s.key.as_str()).collect();
    let expected: Vec<&str> = DEFAULT_STAGES.iter().map(|s| s.key).collect();
    assert_eq!(keys, expected);
    for s in DEFAULT_STAGES {
        assert_eq!(p.stage(s.key).map(|x| x.label.as_str()), Some(s.label), "{}", s.key);
    }
    assert_eq!(p.first_stage().map(|s| s.key.as_str()), Some("filing"));
    let terminal: Vec<&str> = p.stages.iter().filter(|s| s.terminal).map(|s| s.key.as_str()).collect();
    assert_eq!(terminal, ["archived"]);
}

#[test]
fn default_required_actions() {
    let p = profile();
    let req = |k: &str| p.stage(k).unwrap().required_actions.clone();
    assert_eq!(
        req("filing"),
        ["assign_handler", "send_enforcement_notice", "send_property_report_order", "notify_applicant_leads"]
    );
    assert_eq!(req("search"), ["online_search", "service_done"]);
    assert_eq!(req("triage"), ["triage_decided"]);
    assert_eq!(req("closing"), ["closing_report"]);
    for k in ["fast", "standard", "disposal"] {
        assert!(req(k).is_empty(), "{k}");
    }
}

#[test]
fn certification_on_leaving_filing_search_triage_and_tracks() {
    let p = profile();
    for t in &p.transitions {
        let expected = matches!(t.from.as_str(), "filing" | "search" | "triage" | "fast" | "standard" | "disposal");
        assert_eq!(t.certification, expected, "{} → {}", t.from, t.to);
    }
    // Every track stage is reachable from triage, and every track leads to
    // the closing review.
    for track in ["fast", "standard", "disposal", "closing"] {
        assert!(p.transitions.iter().any(|t| t.from == "triage" && t.to == track), "{track}");
    }
    for track in ["fast", "standard", "disposal"] {
        assert!(p.transitions.iter().any(|t| t.from == track && t.to == "closing"), "{track}");
    }
}

#[test]
fn every_limit_has_a_citation_and_unsure_ones_are_marked_configurable() {
    let p = profile();
    assert!(p.time_limits.len() >= 12);
    for l in &p.time_limits {
        assert!(!l.citation.trim().is_empty(), "{}", l.key);
        assert!(l.length > 0, "{}", l.key);
    }
    // The comment block above each [[time_limits]] (or its citation) says
    // "可配置" whenever the rule is not confirmed.
    let lines: Vec<&str> = DEFAULT_PROFILE_TOML.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "[[time_limits]]" {
            continue;
        }
        let mut comments = String::new();
        let mut j = i;
        while j > 0 && lines[j - 1].trim_start().starts_with('#') {
            j -= 1;
            comments.push_str(lines[j]);
        }
        let key = lines[i + 1].trim().strip_prefix("key = ").unwrap().trim_matches('"');
        let l = p.time_limit(key).unwrap();
        assert!(!comments.is_empty(), "{key} has no comment");
        if l.confidence != Confidence::Confirmed {
            assert!(comments.contains("可配置") || l.citation.contains("可配置"), "{key}");
        }
        checked += 1;
    }
    assert_eq!(checked, p.time_limits.len());
}

#[test]
fn default_limits_table() {
    let p = profile();
    let row = |k: &str| {
        let l = p.time_limit(k).unwrap();
        (l.length, l.unit, l.starts_on.to_string(), l.ends_on.to_string(), l.confidence)
    };
    use Confidence::*;
    use Unit::*;
    let s = |x: &str| x.to_string();
    assert_eq!(row("assign_handler"), (7, CalendarDays, s("filed"), s("action_done:assign_handler"), Confirmed));
    assert_eq!(
        row("enforcement_notice"),
        (10, CalendarDays, s("filed"), s("action_done:send_enforcement_notice"), Confirmed)
    );
    assert_eq!(
        row("notify_applicant_leads"),
        (3, CalendarDays, s("action_done:assign_handler"), s("action_done:notify_applicant_leads"), Confirmed)
    );
    assert_eq!(row("property_investigation"), (1, Months, s("filed"), s("stage_left:search"), Secondary));
    assert_eq!(row("fast_track"), (45, CalendarDays, s("stage_entered:fast"), s("stage_left:fast"), Unconfirmed));
    assert_eq!(
        row("standard_track"),
        (75, CalendarDays, s("stage_entered:standard"), s("stage_left:standard"), Unconfirmed)
    );
    assert_eq!(
        row("disposal_track"),
        (270, CalendarDays, s("stage_entered:disposal"), s("stage_left:disposal"), Unconfirmed)
    );
    assert_eq!(row("overall_six_months"), (6, Months, s("filed"), s("closed"), Confirmed));
    assert_eq!(row("overall_three_months"), (3, Months, s("filed"), s("closed"), Confirmed));
    assert_eq!(
        row("funds_disbursement"),
        (30, CalendarDays, s("action_done:funds_received"), s("action_done:funds_disbursed"), Secondary)
    );
    assert_eq!(row("twelve_months"), (12, Months, s("filed"), s("closed"), Unconfirmed));

    let funds = p.time_limit("funds_disbursement").unwrap();
    assert_eq!((funds.warn_days, funds.escalate_after_days), (5, 0));
    assert_eq!(p.time_limit("twelve_months").unwrap().escalate_after_days, 0);
    assert!(!p.time_limit("twelve_months").unwrap().pausable);
    assert!(p.time_limit("overall_six_months").unwrap().pausable);
    assert!(p.time_limit("overall_three_months").unwrap().pausable);
    assert!(
        p.time_limit("overall_six_months")
            .unwrap()
            .citation
            .starts_with("《最高人民法院关于严格执行案件审理期限制度的若干规定》(法释〔2000〕29号) 第5条")
    );
}

#[test]
fn non_litigation_lists_agree() {
    let p = profile();
    let six = p.time_limit("overall_six_months").unwrap().applies_to.clone().unwrap();
    let three = p.time_limit("overall_three_months").unwrap().applies_to.clone().unwrap();
    assert!(six.title_types.is_empty());
    assert_eq!(six.title_types_not_in, three.title_types);
    assert!(three.title_types.contains(&"仲裁裁决书".to_string()));
    assert!(three.title_types.contains(&"公证债权文书".to_string()));
}

// ---------------------------------------------------------- triggers ----

fn facts(title: &str) -> CaseFacts {
    CaseFacts {
        case_type: "执".into(),
        title_type: title.into(),
        track: None,
        claim_fen: 5_000_000,
        party_count: 2,
        debtor_count: 1,
        ..CaseFacts::default()
    }
}

fn keys<'a>(limits: &[&'a TimeLimitDef]) -> Vec<&'a str> {
    limits.iter().map(|l| l.key.as_str()).collect()
}

#[test]
fn limits_started_and_ended() {
    let p = profile();
    assert_eq!(
        keys(&p.limits_started_by(&Trigger::Filed, &facts("民事判决书"))),
        [
            "assign_handler",
            "enforcement_notice",
            "property_report_order",
            "property_investigation",
            "overall_six_months",
            "twelve_months"
        ]
    );
    let arb = p.limits_started_by(&Trigger::Filed, &facts("仲裁裁决书"));
    assert!(keys(&arb).contains(&"overall_three_months"));
    assert!(!keys(&arb).contains(&"overall_six_months"));

    assert_eq!(
        keys(&p.limits_started_by(&Trigger::ActionDone("assign_handler".into()), &facts("民事判决书"))),
        ["notify_applicant_leads"]
    );
    assert_eq!(
        keys(&p.limits_started_by(&Trigger::StageEntered("disposal".into()), &facts("民事判决书"))),
        ["disposal_track", "reference_price"]
    );
    assert_eq!(
        keys(&p.limits_ended_by(&Trigger::Closed)),
        ["overall_six_months", "overall_three_months", "twelve_months"]
    );
    assert_eq!(keys(&p.limits_ended_by(&Trigger::StageLeft("search".into()))), ["property_investigation"]);
    assert_eq!(keys(&p.limits_ended_by(&Trigger::ActionDone("funds_disbursed".into()))), ["funds_disbursement"]);
    assert!(p.limits_ended_by(&Trigger::Filed).is_empty());
}

#[test]
fn applicability_by_track_and_case_type() {
    let a = Applicability { tracks: vec![Track::Fast], case_types: vec!["执".into()], ..Applicability::default() };
    let mut f = facts("民事判决书");
    assert!(!a.matches(&f), "untriaged case is not on the fast track");
    f.track = Some(Track::Fast);
    assert!(a.matches(&f));
    f.case_type = "执恢".into();
    assert!(!a.matches(&f));
}

#[test]
fn trigger_round_trip() {
    for s in ["filed", "closed", "stage_entered:search", "stage_left:fast", "action_done:send_enforcement_notice"] {
        assert_eq!(Trigger::parse(s).unwrap().to_string(), s);
    }
    for bad in ["", "filed:x", "stage_entered:", "entered:search", "action_done"] {
        assert_eq!(Trigger::parse(bad), None, "{bad}");
    }
    let p = profile();
    assert_eq!(p.describe_trigger(&Trigger::StageEntered("fast".into())), "进入“快执”节点");
    assert_eq!(p.describe_trigger(&Trigger::ActionDone("send_enforcement_notice".into())), "完成“发出执行通知书”");
}

// ------------------------------------------------------------- gates ----

#[test]
fn gate_lists_missing_actions_and_certification() {
    let p = profile();
    let g = p.check_gate("filing", "search", &done(&["assign_handler", "notify_applicant_leads"]), false);
    match &g {
        GateDecision::Blocked { missing_actions, needs_certification, .. } => {
            let k: Vec<&str> = missing_actions.iter().map(|a| a.key.as_str()).collect();
            assert_eq!(k, ["send_enforcement_notice", "send_property_report_order"]);
            assert!(needs_certification);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(g.explain_zh(), "不能离开“立案”节点：尚未完成 发出执行通知书、发出报告财产令；尚未经指挥中心节点认证");

    let all =
        done(&["assign_handler", "send_enforcement_notice", "send_property_report_order", "notify_applicant_leads"]);
    let g = p.check_gate("filing", "search", &all, false);
    assert_eq!(g.explain_zh(), "不能离开“立案”节点：尚未经指挥中心节点认证");
    assert!(
        matches!(g, GateDecision::Blocked { ref missing_actions, needs_certification: true, .. } if missing_actions.is_empty())
    );

    let g = p.check_gate("filing", "search", &done(&["assign_handler"]), true);
    assert_eq!(
        g.explain_zh(),
        "不能离开“立案”节点：尚未完成 发出执行通知书、发出报告财产令、通知申请执行人提供财产线索"
    );

    assert_eq!(p.check_gate("filing", "search", &all, true), GateDecision::Allowed);
    assert!(p.check_gate("filing", "search", &all, true).is_allowed());
}

#[test]
fn gate_without_certification_still_needs_actions() {
    let p = profile();
    // closing → closed needs no certification, but the closing report.
    let g = p.check_gate("closing", "closed", &BTreeSet::new(), false);
    assert_eq!(g.explain_zh(), "不能离开“结案审查”节点：尚未完成 结案报告");
    assert_eq!(p.check_gate("closing", "closed", &done(&["closing_report"]), false), GateDecision::Allowed);
    // Certification does not replace missing actions.
    assert!(!p.check_gate("triage", "fast", &BTreeSet::new(), true).is_allowed());
    assert!(p.check_gate("triage", "fast", &done(&["triage_decided"]), true).is_allowed());
}

#[test]
fn moves_outside_the_graph_are_refused() {
    let p = profile();
    let g = p.check_gate("filing", "closed", &BTreeSet::new(), true);
    match &g {
        GateDecision::NotATransition { allowed, .. } => {
            assert_eq!(allowed.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), ["search"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(g.explain_zh(), "不能从“立案”转入“已结案”：“立案”之后只能转入 查控与送达");
    let g = p.check_gate("archived", "filing", &BTreeSet::new(), true);
    assert_eq!(g.explain_zh(), "不能从“已归档”转入“立案”：“已归档”之后没有可转入的节点");
    let g = p.check_gate("nowhere", "search", &BTreeSet::new(), true);
    assert!(matches!(g, GateDecision::NotATransition { .. }));
    assert!(g.explain_zh().contains("nowhere"));
    assert!(matches!(p.check_gate("fast", "fast", &BTreeSet::new(), true), GateDecision::NotATransition { .. }));
}

#[test]
fn gate_decision_serializes_with_a_tag() {
    let p = profile();
    let g = p.check_gate("closing", "closed", &BTreeSet::new(), false);
    let v = serde_json::to_value(&g).unwrap();
    assert_eq!(v["decision"], "blocked");
    assert_eq!(v["missing_actions"][0]["label"], "结案报告");
    assert_eq!(v["from"]["label"], "结案审查");
}

// ------------------------------------------------------- validation ----

const SMALL: &str = r#"version = "t1"
name = "测试"

[[stages]]
key = "filing"
label = "立案"
required_actions = ["assign_handler"]

[[stages]]
key = "search"
label = "查控"

[[stages]]
key = "done"
label = "结束"
terminal = true

[[actions]]
key = "assign_handler"
label = "确定承办人"

[[transitions]]
from = "filing"
to = "search"
certification = true

[[transitions]]
from = "search"
to = "done"

[[time_limits]]
key = "assign"
label = "确定承办人"
starts_on = "filed"
ends_on = "action_done:assign_handler"
length = 7
unit = "calendar_days"
warn_days = 2
escalate_after_days = 1
citation = "法发〔2006〕35号 第2条"
confidence = "confirmed"

[[triage.rules]]
track = "fast"
when = [{ claim_at_most = "1000" }]
reason = "小额"

[[triage.rules]]
track = "standard"
reason = "默认"
"#;

/// SMALL with one piece replaced (the piece must be there).
fn small_with(from: &str, to: &str) -> String {
    assert!(SMALL.contains(from), "{from}");
    SMALL.replacen(from, to, 1)
}

fn invalid(text: &str) -> (usize, String, String) {
    match Profile::from_toml(text) {
        Err(ProfileError::Invalid { line, field, message }) => (line, field, message),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn line_containing(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn small_profile_loads() {
    let p = Profile::from_toml(SMALL).unwrap();
    assert_eq!(p.stages.len(), 3);
    assert_eq!(p.triage.rules[0].when, [Condition::ClaimAtMost(100_000)]);
}

#[test]
fn unknown_stage_in_transition_is_refused_with_its_line() {
    let text = small_with("to = \"done\"", "to = \"dnoe\"");
    let (line, field, message) = invalid(&text);
    assert_eq!(line, line_containing(&text, "dnoe"));
    assert_eq!(field, "transitions.to");
    assert!(message.contains("dnoe"), "{message}");
    let e = Profile::from_toml(&text).unwrap_err();
    assert_eq!(e.line(), line);
    assert_eq!(e.to_string(), format!("节点管控配置第 {line} 行（字段 transitions.to）：转换的目标节点“dnoe”不存在"));

    let text = small_with("from = \"search\"", "from = \"serch\"");
    let (line, field, message) = invalid(&text);
    assert_eq!((line, field.as_str()), (line_containing(&text, "serch"), "transitions.from"));
    assert!(message.contains("serch"));
}

#[test]
fn validation_errors_name_line_and_field() {
    let cases: Vec<(String, &str, &str, &str)> = vec![
        // (text, needle on the reported line, field, words in the message)
        (
            small_with("required_actions = [\"assign_handler\"]", "required_actions = [\"assign\"]"),
            "required_actions = [\"assign\"]",
            "stages.required_actions",
            "“assign”未在 [[actions]] 中定义",
        ),
        (
            small_with("key = \"search\"", "key = \"filing\""),
            "key = \"filing\"\nlabel = \"查控\"",
            "stages.key",
            "重复定义",
        ),
        (small_with("key = \"done\"", "key = \"Done\""), "key = \"Done\"", "stages.key", "小写"),
        (small_with("terminal = true", "terminal = false"), "key = \"done\"", "stages.terminal", "没有任何转出路径"),
        (
            format!("{SMALL}\n[[transitions]]\nfrom = \"done\"\nto = \"filing\"\n"),
            "from = \"done\"",
            "transitions.from",
            "终点节点",
        ),
        (
            format!("{SMALL}\n[[transitions]]\nfrom = \"search\"\nto = \"done\"\n"),
            "LAST:from = \"search\"",
            "transitions.from",
            "重复定义",
        ),
        (
            small_with("ends_on = \"action_done:assign_handler\"", "ends_on = \"action_done:assign\""),
            "ends_on",
            "time_limits.ends_on",
            "不存在的事项“assign”",
        ),
        (
            small_with("starts_on = \"filed\"", "starts_on = \"stage_entered:nowhere\""),
            "starts_on",
            "time_limits.starts_on",
            "不存在的节点“nowhere”",
        ),
        (small_with("starts_on = \"filed\"", "starts_on = \"lian\""), "starts_on", "time_limits.starts_on", "无效"),
        (
            small_with("starts_on = \"filed\"", "starts_on = \"stage_left:done\""),
            "starts_on",
            "time_limits.starts_on",
            "永远不会发生",
        ),
        (small_with("length = 7", "length = 0"), "length", "time_limits.length", "大于 0"),
        (
            small_with("citation = \"法发〔2006〕35号 第2条\"", "citation = \" \""),
            "citation",
            "time_limits.citation",
            "不能为空",
        ),
        (
            small_with("key = \"assign\"\n", "key = \"assign\"\napplies_to = {}\n"),
            "applies_to",
            "time_limits.applies_to",
            "适用范围为空",
        ),
        (
            small_with("when = [{ claim_at_most = \"1000\" }]", "when = [{ claim_at_most = \"1000.001\" }]"),
            "when",
            "triage.rules.when",
            "两位小数",
        ),
        (
            small_with("when = [{ claim_at_most = \"1000\" }]", "when = [{ claim_at_most = 1000 }]"),
            "when",
            "triage.rules.when",
            "字符串",
        ),
        (small_with("when = [{ claim_at_most = \"1000\" }]", "when = [\"rich\"]"), "when", "triage.rules.when", "rich"),
        (
            small_with("when = [{ claim_at_most = \"1000\" }]", "when = [{ mass_case = true, search_done = true }]"),
            "when",
            "triage.rules.when",
            "只能有一个键",
        ),
        (
            small_with("when = [{ claim_at_most = \"1000\" }]\n", ""),
            "track = \"fast\"",
            "triage.rules.when",
            "默认规则应放在最后",
        ),
        (
            small_with(
                "track = \"standard\"\nreason = \"默认\"",
                "track = \"standard\"\nwhen = [\"mass_case\"]\nreason = \"默认\"",
            ),
            "track = \"standard\"",
            "triage.rules.when",
            "最后一条",
        ),
        (
            small_with("track = \"fast\"", "track = \"untriaged\""),
            "track = \"untriaged\"",
            "triage.rules.track",
            "untriaged",
        ),
        (
            format!("{SMALL}\n[[stages]]\nkey = \"island\"\nlabel = \"孤岛\"\nterminal = true\n"),
            "key = \"island\"",
            "stages.key",
            "无法从第一个节点",
        ),
    ];
    for (text, needle, field, words) in cases {
        let (line, f, message) = invalid(&text);
        let expected_line = match needle.strip_prefix("LAST:") {
            Some(n) => text.lines().collect::<Vec<_>>().iter().rposition(|l| l.contains(n)).unwrap() + 1,
            None => {
                let first = needle.lines().next().unwrap();
                let all: Vec<usize> =
                    text.lines().enumerate().filter(|(_, l)| l.contains(first)).map(|(i, _)| i + 1).collect();
                // With a two-line needle, the first line followed by the second.
                match needle.lines().nth(1) {
                    Some(second) => {
                        *all.iter().find(|i| text.lines().nth(**i).is_some_and(|l| l.contains(second))).unwrap()
                    }
                    None => all[0],
                }
            }
        };
        assert_eq!((line, f.as_str()), (expected_line, field), "{message}\n{text}");
        assert!(message.contains(words), "{message}");
    }
}

#[test]
fn syntax_errors_have_a_line_and_chinese_text() {
    let text = small_with("unit = \"calendar_days\"", "unit = \"fortnights\"");
    match Profile::from_toml(&text) {
        Err(ProfileError::Syntax { line, detail }) => {
            assert_eq!(line, line_containing(&text, "fortnights"));
            assert!(detail.contains("fortnights"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    let text = small_with("warn_days = 2\n", "");
    let e = Profile::from_toml(&text).unwrap_err();
    assert!(e.to_string().contains("缺少字段 warn_days"), "{e}");
    let text = small_with("label = \"查控\"", "label = \"查控\"\ncolour = \"red\"");
    let e = Profile::from_toml(&text).unwrap_err();
    assert!(e.to_string().contains("未知字段 colour"), "{e}");
    assert_eq!(e.line(), line_containing(&text, "colour"));
    let e = Profile::from_toml("version = ").unwrap_err();
    assert!(matches!(e, ProfileError::Syntax { line: 1, .. }), "{e:?}");
}

#[test]
fn profile_serializes_to_json_in_toml_terms() {
    let p = profile();
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(v["time_limits"][0]["starts_on"], "filed");
    assert_eq!(v["time_limits"][0]["unit"], "calendar_days");
    assert_eq!(v["time_limits"][0]["confidence"], "confirmed");
    assert_eq!(v["triage"]["rules"][1]["when"][0]["claim_at_most"], "100000.00");
    assert_eq!(v["triage"]["rules"][1]["when"][1]["assets_cover_claim"], true);
}

// ---------------------------------------------------------- due dates ----

#[test]
fn due_date_calendar_days() {
    let c = cal();
    let p = profile();
    let notice = p.time_limit("enforcement_notice").unwrap();
    // 2025-06-03 + 10 = 2025-06-13, a Friday.
    assert_eq!(due_date(notice, d("2025-06-03"), &c, &[]), d("2025-06-13"));
    // 2025-09-26 + 10 = 2025-10-06, inside 国庆 (10-01..10-08): 2025-10-09.
    assert_eq!(due_date(notice, d("2025-09-26"), &c, &[]), d("2025-10-09"));
    // Ends on a Saturday: 2025-06-04 + 10 = 2025-06-14 → Monday 06-16.
    assert_eq!(due_date(notice, d("2025-06-04"), &c, &[]), d("2025-06-16"));
}

#[test]
fn due_date_working_days_across_national_day_2025() {
    let c = cal();
    let five = limit(Unit::WorkingDays, 5, false);
    // Friday 2025-09-26: 09-28 (Sunday, 调休上班), 09-29, 09-30, then the
    // holiday 10-01..10-08, then 10-09 and 10-10.
    assert_eq!(due_date(&five, d("2025-09-26"), &c, &[]), d("2025-10-10"));
    // Six working days: 10-11 is a Saturday but a working day.
    assert_eq!(due_date(&limit(Unit::WorkingDays, 6, false), d("2025-09-26"), &c, &[]), d("2025-10-11"));
    // Pauses count only for pausable limits.
    let pause = [(d("2025-09-03"), d("2025-09-04"))];
    assert_eq!(due_date(&five, d("2025-09-01"), &c, &pause), d("2025-09-08"));
    assert_eq!(due_date(&limit(Unit::WorkingDays, 5, true), d("2025-09-01"), &c, &pause), d("2025-09-10"));
}

#[test]
fn due_date_months_and_month_ends() {
    let c = cal();
    let one = limit(Unit::Months, 1, false);
    // No 31 February: the month's last day, a Friday.
    assert_eq!(due_date(&one, d("2025-01-31"), &c, &[]), d("2025-02-28"));
    // 2024 is a leap year.
    assert_eq!(due_date(&one, d("2024-01-31"), &c, &[]), d("2024-02-29"));
    // 2025-08-31 is a Sunday: the next working day.
    assert_eq!(due_date(&one, d("2025-07-31"), &c, &[]), d("2025-09-01"));
    // 2025-10-01 is 国庆: the first working day after the holiday.
    assert_eq!(due_date(&one, d("2025-09-01"), &c, &[]), d("2025-10-09"));
    // 2025-11-30 is a Sunday.
    assert_eq!(due_date(&one, d("2025-10-31"), &c, &[]), d("2025-12-01"));
}

#[test]
fn due_date_overall_limit_with_pauses() {
    let c = cal();
    let p = profile();
    let six = p.time_limit("overall_six_months").unwrap();
    let twelve = p.time_limit("twelve_months").unwrap();
    assert_eq!(due_date(six, d("2025-01-10"), &c, &[]), d("2025-07-10"));
    // A 10-day suspension: 07-20 is a Sunday → 07-21.
    let pauses = [(d("2025-03-01"), d("2025-03-10"))];
    assert_eq!(due_date(six, d("2025-01-10"), &c, &pauses), d("2025-07-21"));
    // Two overlapping pauses count their days once (03-01..03-15 = 15 days).
    let pauses = [(d("2025-03-01"), d("2025-03-10")), (d("2025-03-05"), d("2025-03-15"))];
    assert_eq!(due_date(six, d("2025-01-10"), &c, &pauses), d("2025-07-25"));
    // The 12-month rule ignores pauses: 2026-01-10 is a Saturday.
    assert_eq!(due_date(twelve, d("2025-01-10"), &c, &pauses), d("2026-01-12"));
    // Three months for non-litigation titles.
    let three = p.time_limit("overall_three_months").unwrap();
    assert_eq!(due_date(three, d("2025-01-10"), &c, &[]), d("2025-04-10"));
}

proptest! {
    #[test]
    fn due_dates_are_working_days_not_before_the_nominal_end(
        days in 0i64..(365 * 6),
        which in 0usize..13,
        pause_start in 0i64..200,
        pause_len in 0i64..30,
    ) {
        let c = cal();
        let p = profile();
        let l = &p.time_limits[which % p.time_limits.len()];
        let start = d("2020-01-01") + chrono::Duration::days(days);
        let plain = due_date(l, start, &c, &[]);
        prop_assert!(c.is_workday(plain));
        prop_assert!(plain > start);
        let nominal = match l.unit {
            Unit::CalendarDays => start + chrono::Duration::days(i64::from(l.length)),
            Unit::WorkingDays => start + chrono::Duration::days(i64::from(l.length)),
            Unit::Months => start.checked_add_months(chrono::Months::new(l.length)).unwrap(),
        };
        prop_assert!(plain >= nominal);
        let first = start + chrono::Duration::days(pause_start);
        let paused = due_date(l, start, &c, &[(first, first + chrono::Duration::days(pause_len))]);
        prop_assert!(paused >= plain);
        if !l.pausable {
            prop_assert_eq!(paused, plain);
        }
    }
}

// ------------------------------------------------------------ triage ----

/// Facts of an ordinary case that falls through to the default.
fn base() -> CaseFacts {
    CaseFacts {
        case_type: "执".into(),
        title_type: "民事判决书".into(),
        track: None,
        claim_fen: 20_000_000, // 200,000.00 元
        assets_found_fen: 0,
        preserved_fen: 0,
        search_done: true,
        searches_empty: 0,
        party_count: 2,
        debtor_count: 1,
        mass_case: false,
        settlement_likely: false,
        assets_to_dispose: false,
    }
}

/// Index of the default rule that decides these facts.
fn rule_index(p: &Profile, f: &CaseFacts) -> usize {
    let r = p.triage.first_match(f).unwrap();
    p.triage.rules.iter().position(|x| x == r).unwrap()
}

#[test]
fn each_default_triage_rule() {
    let p = profile();
    let with = |change: &dyn Fn(&mut CaseFacts)| {
        let mut f = base();
        change(&mut f);
        f
    };
    let table: Vec<(CaseFacts, Track, usize)> = vec![
        (with(&|f| f.assets_to_dispose = true), Track::Disposal, 0),
        (
            with(&|f| {
                f.claim_fen = 5_000_000;
                f.assets_found_fen = 3_000_000;
                f.preserved_fen = 2_000_000;
            }),
            Track::Fast,
            1,
        ),
        (with(&|f| f.preserved_fen = 20_000_000), Track::Fast, 2),
        (with(&|f| f.settlement_likely = true), Track::Fast, 3),
        (with(&|f| f.mass_case = true), Track::Standard, 4),
        (with(&|f| f.party_count = 6), Track::Standard, 5),
        (with(&|f| f.debtor_count = 4), Track::Standard, 6),
        (with(&|f| f.searches_empty = 2), Track::TerminatedCurrent, 7),
        (base(), Track::Standard, 8),
    ];
    assert_eq!(p.triage.rules.len(), 9);
    for (f, track, index) in table {
        let s = p.triage.suggest(&f);
        assert_eq!(s.track, track, "{f:?}");
        assert_eq!(rule_index(&p, &f), index, "{f:?}");
        assert_eq!(s.reasons[0], p.triage.rules[index].reason);
        let rule = &p.triage.rules[index];
        assert_eq!(s.reasons.len(), 1 + rule.when.len() + usize::from(rule.citation.is_some()));
    }
}

#[test]
fn triage_reasons_name_the_matching_facts() {
    let p = profile();
    let mut f = base();
    f.claim_fen = 5_000_000;
    f.assets_found_fen = 6_000_000;
    let s = p.triage.suggest(&f);
    assert_eq!(s.track, Track::Fast);
    assert_eq!(
        s.reasons,
        [
            "标的额较小，已查明和已保全的财产足以清偿，适用快执",
            "申请执行标的 50,000.00 元，不超过 100,000.00 元",
            "已查明财产 60,000.00 元、已保全财产 0.00 元，合计不少于申请执行标的 50,000.00 元",
        ]
    );
    let mut f = base();
    f.searches_empty = 3;
    let s = p.triage.suggest(&f);
    assert_eq!(s.track, Track::TerminatedCurrent);
    assert!(s.reasons.iter().any(|r| r == "已有 3 次查控未发现财产（规则要求至少 2 次）"), "{:?}", s.reasons);
    assert!(s.reasons.last().unwrap().starts_with("依据：法〔2016〕373号"));
}

#[test]
fn triage_order_first_match_wins() {
    let p = profile();
    // Assets to dispose beat a likely settlement and covering assets.
    let mut f = base();
    f.assets_to_dispose = true;
    f.settlement_likely = true;
    f.claim_fen = 100_000;
    f.assets_found_fen = 100_000;
    assert_eq!(p.triage.suggest(&f).track, Track::Disposal);
    // A small covered claim in a mass case is still fast (batch handling).
    let mut f = base();
    f.mass_case = true;
    f.claim_fen = 100_000;
    f.assets_found_fen = 100_000;
    assert_eq!(p.triage.suggest(&f).track, Track::Fast);
    // A mass case with empty searches stays standard.
    let mut f = base();
    f.mass_case = true;
    f.searches_empty = 5;
    assert_eq!(p.triage.suggest(&f).track, Track::Standard);
    assert_eq!(rule_index(&p, &f), 4);
    // Exactly at the threshold counts as small; one fen above does not.
    let mut f = base();
    f.claim_fen = 10_000_000;
    f.assets_found_fen = 10_000_000;
    assert_eq!(p.triage.suggest(&f).track, Track::Fast);
    f.claim_fen = 10_000_001;
    f.assets_found_fen = 10_000_001;
    assert_eq!(p.triage.suggest(&f).track, Track::Standard);
    // One empty search is not enough for 终本; a search not done neither.
    let mut f = base();
    f.searches_empty = 1;
    assert_eq!(p.triage.suggest(&f).track, Track::Standard);
    f.searches_empty = 2;
    f.search_done = false;
    assert_eq!(p.triage.suggest(&f).track, Track::Standard);
    // Nothing found and nothing claimed is not "assets cover the claim".
    let mut f = base();
    f.claim_fen = 0;
    assert_eq!(p.triage.suggest(&f).track, Track::Standard);
}

#[test]
fn conditions_hold() {
    let f = CaseFacts { case_type: "执恢".into(), title_type: "仲裁裁决书".into(), claim_fen: 500, ..base() };
    assert!(Condition::ClaimAtMost(500).holds(&f));
    assert!(!Condition::ClaimAbove(500).holds(&f));
    assert!(Condition::ClaimAbove(499).holds(&f));
    assert!(Condition::CaseType("执恢".into()).holds(&f));
    assert!(!Condition::CaseType("执".into()).holds(&f));
    assert!(Condition::TitleTypeIn(vec!["公证债权文书".into(), "仲裁裁决书".into()]).holds(&f));
    assert!(!Condition::TitleTypeIn(vec!["民事判决书".into()]).holds(&f));
    assert!(!Condition::PreservedCoverClaim.holds(&f));
    assert!(Condition::PreservedCoverClaim.holds(&CaseFacts { preserved_fen: 500, ..f.clone() }));
}

#[test]
fn custom_rules_with_every_condition_kind_load() {
    let text = small_with(
        "when = [{ claim_at_most = \"1000\" }]",
        r#"when = [{ claim_above = "10" }, { case_type = "执恢" }, { title_type_in = ["仲裁裁决书"] }, { party_count_above = 1 }, { debtor_count_above = 0 }, { searches_empty_at_least = 0 }, "search_done", { settlement_likely = true }, "preserved_cover_claim", "assets_cover_claim", "mass_case", "assets_to_dispose"]"#,
    );
    let p = Profile::from_toml(&text).unwrap();
    let when = &p.triage.rules[0].when;
    assert_eq!(when.len(), 12);
    assert_eq!(when[0], Condition::ClaimAbove(1000));
    assert_eq!(when[2], Condition::TitleTypeIn(vec!["仲裁裁决书".into()]));
    assert_eq!(when[7], Condition::SettlementLikely);
}

#[test]
fn what_if_counts_per_team_and_track() {
    let p = profile();
    let small = CaseFacts { claim_fen: 100_000, assets_found_fen: 100_000, ..base() };
    let empty = CaseFacts { searches_empty: 2, ..base() };
    let cases = vec![
        ("一组".to_string(), small.clone()),
        ("一组".to_string(), small.clone()),
        ("一组".to_string(), empty.clone()),
        ("二组".to_string(), base()),
        ("二组".to_string(), CaseFacts { assets_to_dispose: true, ..base() }),
    ];
    let counts = what_if(&p.triage, &cases);
    let expected: BTreeMap<String, BTreeMap<Track, u32>> = BTreeMap::from([
        ("一组".to_string(), BTreeMap::from([(Track::Fast, 2), (Track::TerminatedCurrent, 1)])),
        ("二组".to_string(), BTreeMap::from([(Track::Standard, 1), (Track::Disposal, 1)])),
    ]);
    assert_eq!(counts, expected);
    // Tracks are ordered like the process.
    let order: Vec<Track> = counts["二组"].keys().copied().collect();
    assert_eq!(order, [Track::Standard, Track::Disposal]);

    // What if the small-claim threshold were 500 元? The two small cases
    // (1,000 元) fall to the default.
    let mut rules = p.triage.clone();
    rules.rules[1].when[0] = Condition::ClaimAtMost(50_000);
    let counts = what_if(&rules, &cases);
    assert_eq!(counts["一组"], BTreeMap::from([(Track::Standard, 2), (Track::TerminatedCurrent, 1)]));
    assert!(what_if(&rules, &[]).is_empty());
}

#[test]
fn triage_without_default_suggests_untriaged() {
    let rules = TriageRules { rules: vec![] };
    let s = rules.suggest(&base());
    assert_eq!(s.track, Track::Untriaged);
}
