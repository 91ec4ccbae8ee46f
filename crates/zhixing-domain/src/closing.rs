//! Closing a case (结案): the conditions of each closure method, checked
//! item by item so the judge sees a checklist, not a bare refusal.

use std::collections::BTreeSet;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::case::Closure;

/// Acts recorded on a case that closing rules look for, beyond the stage
/// profile's own required actions.
pub const CLOSING_ACTIONS: [(&str, &str, &str); 9] = [
    (
        "consumption_restriction",
        "发出限制消费令",
        "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》(2015修正) 第一条",
    ),
    (
        "dishonest_list_reviewed",
        "审查是否纳入失信被执行人名单",
        "《最高人民法院关于公布失信被执行人名单信息的若干规定》(2017修正) 第一条",
    ),
    ("search_exhausted", "确认已穷尽财产调查措施", "法〔2016〕373号 第三条"),
    ("applicant_interviewed", "约谈申请执行人并告知终本后果", "法〔2016〕373号 第五条（据转述，原文待核）"),
    ("performance_confirmed", "确认生效法律文书确定的义务已履行完毕", "法发〔2014〕26号 第十五条（据转述）"),
    ("termination_ruling", "作出终结执行裁定", "民事诉讼法(2023) 第二百六十八条"),
    ("non_enforcement_ruling", "作出不予执行裁定", "民事诉讼法(2023) 第二百四十八条、第二百四十九条"),
    ("rejection_ruling", "作出驳回执行申请裁定", "法发〔2014〕26号 第十九条（据转述）"),
    ("withdrawal_approved", "准予撤回执行申请（销案）", "法发〔2014〕26号 第二十条（据转述）"),
];

pub fn closing_action_label(key: &str) -> Option<&'static str> {
    CLOSING_ACTIONS.iter().find(|(k, _, _)| *k == key).map(|(_, l, _)| *l)
}

/// What the closing rules look at.
#[derive(Clone, Debug, Default)]
pub struct ClosureFacts {
    pub filed_on: Option<NaiveDate>,
    pub today: Option<NaiveDate>,
    pub actions_done: BTreeSet<String>,
    /// Money still owed according to the case account, in fen.
    pub outstanding_fen: i64,
}

/// One line of the closing checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub item: String,
    pub citation: String,
    pub ok: bool,
    pub detail: String,
}

fn action_item(f: &ClosureFacts, key: &str, label: &str, citation: &str) -> ChecklistItem {
    let ok = f.actions_done.contains(key);
    ChecklistItem {
        item: label.to_string(),
        citation: citation.to_string(),
        ok,
        detail: if ok { "已完成".into() } else { "尚未记录".into() },
    }
}

fn closing_item(f: &ClosureFacts, key: &str) -> ChecklistItem {
    let (label, citation) = CLOSING_ACTIONS.iter().find(|(k, _, _)| *k == key).map_or((key, ""), |(_, l, c)| (*l, *c));
    action_item(f, key, label, citation)
}

/// The checklist for closing by `closure`. The case may close only when
/// every item is `ok`.
pub fn closure_checklist(closure: Closure, f: &ClosureFacts) -> Vec<ChecklistItem> {
    match closure {
        // 终结本次执行程序: the five conditions of 法〔2016〕373号 第一条, and
        // the interview with the applicant before closing.
        Closure::TerminatedCurrent => {
            let three_months = match (f.filed_on, f.today) {
                (Some(filed), Some(today)) => {
                    let due = filed.checked_add_months(Months::new(3)).unwrap_or(filed);
                    ChecklistItem {
                        item: "自立案之日起已超过三个月".into(),
                        citation: "法〔2016〕373号 第一条第（四）项".into(),
                        ok: today > due,
                        detail: if today > due {
                            format!("立案于 {filed}，已满三个月")
                        } else {
                            format!("立案于 {filed}，{due} 之后方满三个月")
                        },
                    }
                }
                _ => ChecklistItem {
                    item: "自立案之日起已超过三个月".into(),
                    citation: "法〔2016〕373号 第一条第（四）项".into(),
                    ok: false,
                    detail: "立案日期不明".into(),
                },
            };
            vec![
                action_item(
                    f,
                    "send_enforcement_notice",
                    "已发出执行通知书",
                    "法〔2016〕373号 第一条第（一）项、第二条",
                ),
                action_item(
                    f,
                    "send_property_report_order",
                    "已责令被执行人报告财产",
                    "法〔2016〕373号 第一条第（一）项、第二条",
                ),
                closing_item(f, "consumption_restriction"),
                closing_item(f, "dishonest_list_reviewed"),
                action_item(
                    f,
                    "online_search",
                    "已通过网络执行查控系统查询",
                    "法〔2016〕373号 第三条；财产调查规定 第一条",
                ),
                closing_item(f, "search_exhausted"),
                three_months,
                closing_item(f, "applicant_interviewed"),
            ]
        }
        Closure::FullyPerformed => {
            let paid = f.outstanding_fen <= 0;
            let confirmed = f.actions_done.contains("performance_confirmed");
            vec![ChecklistItem {
                item: "义务已履行完毕（案款结清或申请执行人确认）".into(),
                citation: "法发〔2014〕26号 第十五条（据转述）".into(),
                ok: paid || confirmed,
                detail: if paid {
                    "未履行金额为零".into()
                } else if confirmed {
                    "申请执行人已确认履行完毕".into()
                } else {
                    format!("尚有 {} 元未履行，且无履行完毕的确认", crate::money::Fen(f.outstanding_fen))
                },
            }]
        }
        Closure::Terminated => vec![closing_item(f, "termination_ruling")],
        Closure::NotEnforced => vec![closing_item(f, "non_enforcement_ruling")],
        Closure::Rejected => vec![closing_item(f, "rejection_ruling")],
        Closure::Withdrawn => vec![closing_item(f, "withdrawal_approved")],
    }
}

/// "Can close" summary: the missing items' names joined for a refusal message.
pub fn missing_items(list: &[ChecklistItem]) -> Vec<&str> {
    list.iter().filter(|i| !i.ok).map(|i| i.item.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(actions: &[&str], filed: &str, today: &str) -> ClosureFacts {
        ClosureFacts {
            filed_on: Some(d(filed)),
            today: Some(d(today)),
            actions_done: actions.iter().map(|s| s.to_string()).collect(),
            outstanding_fen: 100,
        }
    }

    const ALL_ZHONGBEN: [&str; 7] = [
        "send_enforcement_notice",
        "send_property_report_order",
        "consumption_restriction",
        "dishonest_list_reviewed",
        "online_search",
        "search_exhausted",
        "applicant_interviewed",
    ];

    #[test]
    fn zhongben_needs_every_condition() {
        let ok = closure_checklist(Closure::TerminatedCurrent, &facts(&ALL_ZHONGBEN, "2025-01-10", "2025-04-11"));
        assert!(ok.iter().all(|i| i.ok), "{ok:?}");
        // Exactly three months is not "more than three months" (已超过三个月).
        let early = closure_checklist(Closure::TerminatedCurrent, &facts(&ALL_ZHONGBEN, "2025-01-10", "2025-04-10"));
        assert_eq!(missing_items(&early), ["自立案之日起已超过三个月"]);
        for skip in ALL_ZHONGBEN {
            let actions: Vec<&str> = ALL_ZHONGBEN.iter().copied().filter(|a| *a != skip).collect();
            let list = closure_checklist(Closure::TerminatedCurrent, &facts(&actions, "2025-01-10", "2025-06-01"));
            assert_eq!(missing_items(&list).len(), 1, "without {skip}");
        }
    }

    #[test]
    fn other_closures() {
        let f = facts(&[], "2025-01-10", "2025-06-01");
        assert!(!closure_checklist(Closure::FullyPerformed, &f)[0].ok);
        let paid = ClosureFacts { outstanding_fen: 0, ..f.clone() };
        assert!(closure_checklist(Closure::FullyPerformed, &paid)[0].ok);
        let confirmed = facts(&["performance_confirmed"], "2025-01-10", "2025-06-01");
        assert!(closure_checklist(Closure::FullyPerformed, &confirmed)[0].ok);
        assert!(!closure_checklist(Closure::Withdrawn, &f)[0].ok);
        assert!(
            closure_checklist(Closure::Withdrawn, &facts(&["withdrawal_approved"], "2025-01-10", "2025-01-11"))[0].ok
        );
    }
}
