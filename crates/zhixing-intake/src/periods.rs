//! The dates a clerk needs next to a filing draft: when the document took
//! effect, when performance was due, and until when enforcement may be
//! applied for.
//!
//! Rules (民事诉讼法, 2023 amendment; LawRefBook `诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md`):
//!
//! | rule | text |
//! |---|---|
//! | [`APPEAL_DAYS_JUDGMENT`] | 第一百七十一条第一款: 判决书送达之日起十五日内…上诉 |
//! | [`APPEAL_DAYS_RULING`] | 第一百七十一条第二款: 裁定书送达之日起十日内…上诉 |
//! | effect of a final judgment | 第一百五十八条 (超过上诉期没有上诉的…发生法律效力); 第一百八十二条 (第二审…是终审的) |
//! | mediation | 第一百条第三款: 调解书经双方当事人签收后，即具有法律效力 |
//! | payment order | 第二百二十七条第二款: 债务人应当自收到支付令之日起十五日内清偿债务，或者…提出书面异议 |
//! | arbitral award | 仲裁法 第五十七条: 裁决书自作出之日起发生法律效力 |
//! | period arithmetic | 第八十五条: 期间开始的日不计算在期间内; 届满日是法定休假日的顺延 ([`Calendar::period_end`]) |
//! | application limit | 第二百五十条: 申请执行的期间为二年，从法律文书规定履行期间的最后一日起计算; 分期履行的从最后一期届满之日起; 未规定履行期间的从生效之日起 |
//!
//! The effective date of an appealable document is the day after its appeal
//! period ends (the period is the latest-served party's, since the document
//! takes effect only when no party can appeal any more). Not every ruling is
//! appealable (第一百五十七条: only 不予受理, 管辖权异议 and 驳回起诉); the 10-day
//! period is applied to rulings as the default and the clerk confirms.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use zhixing_domain::calendar::Calendar;

use crate::draft::{DeadlineKind, Draft};

/// 民事诉讼法(2023) 第一百七十一条第一款.
pub const APPEAL_DAYS_JUDGMENT: u32 = 15;
/// 民事诉讼法(2023) 第一百七十一条第二款.
pub const APPEAL_DAYS_RULING: u32 = 10;
/// 民事诉讼法(2023) 第二百二十七条第二款.
pub const PAYMENT_ORDER_DAYS: u32 = 15;
/// 民事诉讼法(2023) 第二百五十条.
pub const APPLICATION_LIMIT_YEARS: u32 = 2;

/// How a document takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EffectRule {
    /// A first-instance judgment: after the 15-day appeal period.
    AppealableJudgment,
    /// A first-instance ruling: after the 10-day appeal period.
    AppealableRuling,
    /// Final on service (second instance, 终审, small claims).
    FinalOnService,
    /// A mediation document: on signature by the parties.
    MediationOnSignature,
    /// A payment order: after 15 days from service without objection.
    PaymentOrder,
    /// An arbitral award: on the date it is made.
    AwardOnIssue,
    /// The document type is not known; nothing is computed.
    Unknown,
}

impl EffectRule {
    pub fn of(draft: &Draft) -> EffectRule {
        let t = draft.document_type.as_deref().unwrap_or("");
        if t.contains("调解书") {
            EffectRule::MediationOnSignature
        } else if t.contains("支付令") {
            EffectRule::PaymentOrder
        } else if t.contains("裁决书") {
            EffectRule::AwardOnIssue
        } else if draft.final_instance && (t.contains("判决书") || t.contains("裁定书")) {
            EffectRule::FinalOnService
        } else if t.contains("判决书") {
            EffectRule::AppealableJudgment
        } else if t.contains("裁定书") {
            EffectRule::AppealableRuling
        } else {
            EffectRule::Unknown
        }
    }

    /// The citation shown next to the computed date.
    pub fn citation(self) -> &'static str {
        match self {
            EffectRule::AppealableJudgment => "民事诉讼法第一百七十一条第一款、第一百五十八条",
            EffectRule::AppealableRuling => "民事诉讼法第一百七十一条第二款、第一百五十八条",
            EffectRule::FinalOnService => "民事诉讼法第一百八十二条",
            EffectRule::MediationOnSignature => "民事诉讼法第一百条第三款",
            EffectRule::PaymentOrder => "民事诉讼法第二百二十七条第二款",
            EffectRule::AwardOnIssue => "仲裁法第五十七条",
            EffectRule::Unknown => "",
        }
    }
}

/// Dates for one obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObligationDates {
    /// Last day to perform; null when the document sets no deadline.
    pub performance_deadline: Option<NaiveDate>,
    /// Last day to apply for enforcement.
    pub application_limit: Option<NaiveDate>,
}

/// The dates computed for a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub effect_rule: EffectRule,
    pub citation: &'static str,
    /// Last day of the appeal (or objection) period, where there is one.
    pub appeal_period_end: Option<NaiveDate>,
    pub effective_date: Option<NaiveDate>,
    /// One entry per obligation, in the draft's order.
    pub obligations: Vec<ObligationDates>,
    /// The earliest application limit over all obligations (the one that
    /// runs out first), or counted from the effective date if no
    /// obligation sets a deadline.
    pub application_limit: Option<NaiveDate>,
    /// Calendar data version used, to store with the dates.
    pub calendar_version: String,
}

/// Computes the timeline. `service_dates` are the dates the document was
/// served on (or signed for by) the parties; the latest one counts.
pub fn timeline(draft: &Draft, service_dates: &[NaiveDate], cal: &Calendar) -> Timeline {
    let rule = EffectRule::of(draft);
    let served = service_dates.iter().max().copied();
    let (appeal_end, effective) = match (rule, served) {
        (EffectRule::AppealableJudgment, Some(s)) => after_period(cal, s, APPEAL_DAYS_JUDGMENT),
        (EffectRule::AppealableRuling, Some(s)) => after_period(cal, s, APPEAL_DAYS_RULING),
        (EffectRule::PaymentOrder, Some(s)) => after_period(cal, s, PAYMENT_ORDER_DAYS),
        (EffectRule::FinalOnService | EffectRule::MediationOnSignature, Some(s)) => (None, Some(s)),
        (EffectRule::AwardOnIssue, _) => (None, draft.date),
        _ => (None, None),
    };
    let obligations: Vec<ObligationDates> = draft
        .obligations
        .iter()
        .map(|o| {
            let deadline = o.deadline.as_ref().and_then(|d| match d.kind {
                DeadlineKind::DaysAfterEffective => Some(cal.period_end(effective?, d.days?)),
                DeadlineKind::OnEffectiveDate | DeadlineKind::ImmediatelyOnEffective => effective,
                DeadlineKind::FixedDate => d.date,
                DeadlineKind::DaysAfterService => Some(cal.period_end(served?, d.days?)),
            });
            // 第二百五十条: from the deadline, or from the effective date if none is set.
            let from = if o.deadline.is_some() { deadline } else { effective };
            ObligationDates {
                performance_deadline: deadline,
                application_limit: from.map(|f| application_limit(cal, f)),
            }
        })
        .collect();
    let application_limit = obligations
        .iter()
        .filter_map(|o| o.application_limit)
        .min()
        .or_else(|| (draft.obligations.is_empty()).then(|| effective.map(|e| application_limit(cal, e))).flatten());
    Timeline {
        effect_rule: rule,
        citation: rule.citation(),
        appeal_period_end: appeal_end,
        effective_date: effective,
        obligations,
        application_limit,
        calendar_version: cal.version().to_string(),
    }
}

/// End of an `n`-day period from `served`, and the day after it (the first
/// day the document is in effect).
fn after_period(cal: &Calendar, served: NaiveDate, n: u32) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let end = cal.period_end(served, n);
    (Some(end), end.checked_add_days(Days::new(1)))
}

/// Last day of the 2-year application period counted from `from` (the last
/// day of the performance period): the start day is not counted, the period
/// ends on the corresponding day two years later (the last day of the month
/// if there is none, e.g. from 29 February), moved past a rest day
/// (民法典 第二百条至第二百零三条 on counting periods; 民事诉讼法 第二百五十条
/// applies the 诉讼时效 rules).
pub fn application_limit(cal: &Calendar, from: NaiveDate) -> NaiveDate {
    let year = from.year() + APPLICATION_LIMIT_YEARS as i32;
    let end = NaiveDate::from_ymd_opt(year, from.month(), from.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, from.month(), 28))
        .unwrap_or(from);
    cal.next_workday_on_or_after(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_text;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::china().unwrap()
    }

    const JUDGMENT: &str = "某某区人民法院\n民事判决书\n（2024）苏0211民初100号\n原告：张某，男，1980年1月1日出生。\n被告：李某，女，1985年2月2日出生。\n原告张某与被告李某民间借贷纠纷一案，本院依法审理。判决如下：\n被告李某于本判决生效之日起十日内偿还原告张某借款10000元。\n案件受理费50元，由被告李某负担。\n二〇二四年五月六日";

    #[test]
    fn judgment_takes_effect_after_fifteen_days() {
        let draft = parse_text(JUDGMENT);
        // Served Monday 2024-06-03: the 15 days end on Tuesday 06-18, so the
        // judgment is in effect from 06-19; ten days later is Saturday 06-29,
        // which moves to Monday 07-01.
        let t = timeline(&draft, &[d(2024, 6, 3)], &cal());
        assert_eq!(t.effect_rule, EffectRule::AppealableJudgment);
        assert_eq!(t.appeal_period_end, Some(d(2024, 6, 18)));
        assert_eq!(t.effective_date, Some(d(2024, 6, 19)));
        assert_eq!(t.obligations[0].performance_deadline, Some(d(2024, 7, 1)));
        // Two years from 2024-07-01 is Thursday 2026-07-01.
        assert_eq!(t.application_limit, Some(d(2026, 7, 1)));
    }

    #[test]
    fn latest_service_counts_and_rest_days_move_the_end() {
        let draft = parse_text(JUDGMENT);
        // Served 2024-09-16 (Mid-Autumn holiday week) and 2024-09-20: the
        // period from 09-20 ends on 10-05, inside the National Day holiday
        // (10-01..10-07), so it moves to Tuesday 10-08.
        let t = timeline(&draft, &[d(2024, 9, 16), d(2024, 9, 20)], &cal());
        assert_eq!(t.appeal_period_end, Some(d(2024, 10, 8)));
        assert_eq!(t.effective_date, Some(d(2024, 10, 9)));
    }

    #[test]
    fn mediation_is_effective_on_signature() {
        let text = JUDGMENT.replace("民事判决书", "民事调解书").replace("判决如下", "双方当事人自愿达成如下协议");
        let draft = parse_text(&text);
        let t = timeline(&draft, &[d(2024, 5, 8), d(2024, 5, 6)], &cal());
        assert_eq!(t.effect_rule, EffectRule::MediationOnSignature);
        assert_eq!(t.appeal_period_end, None);
        assert_eq!(t.effective_date, Some(d(2024, 5, 8)));
    }

    #[test]
    fn ruling_has_ten_days() {
        let text = JUDGMENT.replace("民事判决书", "民事裁定书").replace("判决如下", "裁定如下");
        let t = timeline(&parse_text(&text), &[d(2024, 6, 3)], &cal());
        assert_eq!(t.effect_rule, EffectRule::AppealableRuling);
        assert_eq!(t.appeal_period_end, Some(d(2024, 6, 13)));
    }

    #[test]
    fn second_instance_is_final_on_service() {
        let text = JUDGMENT.replace("民初", "民终");
        let t = timeline(&parse_text(&text), &[d(2024, 6, 3)], &cal());
        assert_eq!(t.effect_rule, EffectRule::FinalOnService);
        assert_eq!(t.effective_date, Some(d(2024, 6, 3)));
    }

    #[test]
    fn fixed_date_and_no_deadline() {
        let text = JUDGMENT.replace("于本判决生效之日起十日内", "于2024年12月31日前");
        let t = timeline(&parse_text(&text), &[d(2024, 6, 3)], &cal());
        assert_eq!(t.obligations[0].performance_deadline, Some(d(2024, 12, 31)));
        assert_eq!(t.obligations[0].application_limit, Some(d(2026, 12, 31)));
        // No deadline written: the limit runs from the effective date
        // (2024-06-19); 2026-06-19 is the Dragon Boat Festival holiday, so it
        // ends on Monday 2026-06-22.
        let text = JUDGMENT.replace("于本判决生效之日起十日内", "");
        let t = timeline(&parse_text(&text), &[d(2024, 6, 3)], &cal());
        assert_eq!(t.obligations[0].performance_deadline, None);
        assert_eq!(t.obligations[0].application_limit, Some(d(2026, 6, 22)));
        // Unknown service: nothing is computed from it.
        let t = timeline(&parse_text(JUDGMENT), &[], &cal());
        assert_eq!(t.effective_date, None);
        assert_eq!(t.application_limit, None);
    }

    #[test]
    fn leap_day_limit_ends_on_the_twenty_eighth() {
        // 2028-02-28 is a Monday.
        assert_eq!(application_limit(&cal(), d(2026, 2, 28)), d(2028, 2, 28));
        // No 29 February in 2026: the 28th, a Saturday that the 2026 notice
        // made a working day (春节调休).
        assert_eq!(application_limit(&cal(), d(2024, 2, 29)), d(2026, 2, 28));
        // 2025-02-28 → 2027-02-28, a Sunday → Monday 2027-03-01 (no 2027 data: weekdays).
        assert_eq!(application_limit(&cal(), d(2025, 2, 28)), d(2027, 3, 1));
    }
}
