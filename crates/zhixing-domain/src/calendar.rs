//! China's working-day calendar, as data.
//!
//! Deadlines in enforcement are counted either in calendar days (自然日,
//! e.g. "7日内立案") or in working days (工作日, e.g. 失信规定第十条 "3个工作日内
//! 删除"). Both need to know which days are rest days. In China that is not a
//! fixed weekday rule: every year the General Office of the State Council
//! publishes a notice (国务院办公厅关于YYYY年部分节假日安排的通知) that lists the
//! public-holiday blocks and the weekends that become working days (调休上班).
//!
//! So the calendar is data: `calendar/cn_holidays.toml` holds each year's
//! notice, date by date, with its title and document number, and is compiled
//! into the binary. Courts can layer their own changes on top
//! ([`Calendar::with_overrides`]), e.g. a province that extended the 2020
//! Spring Festival further than the national notice, or an ethnic autonomous
//! region's own holidays.
//!
//! Every computed deadline should be stored together with
//! [`Calendar::version`], so that a later change of the data (a new year, a
//! corrected date, a court override) can be traced.
//!
//! Outside the years in the data the calendar falls back to "Monday to Friday
//! are working days". Such results are provisional: callers can ask
//! [`Calendar::is_covered`] and flag them, and recompute once the State Council
//! publishes the next year's notice (usually in November or December).
//!
//! Data status: the national dates were written from the State Council notices
//! as known to the author and cross-checked by the tests below (weekday of
//! every adjusted working day, the "共N天" totals, and the number of weekdays
//! lost per year, which must equal the statutory holiday count). They have not
//! been compared line by line with the published notices yet.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound::{Excluded, Unbounded};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The embedded national data (see the file's header for its format).
const CN_HOLIDAYS_TOML: &str = include_str!("calendar/cn_holidays.toml");

const ORIGIN_NATIONAL: &str = "全国节假日数据";
const ORIGIN_OVERRIDE: &str = "法院节假日调整数据";

/// Errors of the calendar module. The texts are shown to court users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A date string could not be read.
    #[error("日期“{value}”无效，应为 YYYY-MM-DD")]
    InvalidDate {
        /// The text as given.
        value: String,
    },
    /// The TOML text itself is malformed (syntax, missing or unknown keys).
    #[error("{origin}{}格式错误：{detail}", line_text(*.line))]
    Syntax {
        /// Which data set: national data or a court override.
        origin: &'static str,
        /// 1-based line, 0 when the parser gave no position.
        line: usize,
        /// What is wrong, in Chinese where the parser's message is known.
        detail: String,
    },
    /// The TOML is well-formed but a value breaks a rule of the data.
    #[error("{origin}{}（字段 {field}）：{message}", line_text(*.line))]
    Data {
        /// Which data set: national data or a court override.
        origin: &'static str,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// The TOML key holding the bad value.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
}

fn line_text(line: usize) -> String {
    if line == 0 { String::new() } else { format!("第 {line} 行") }
}

/// The unit a time limit is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayUnit {
    /// 日 / 自然日: every day counts; the end moves off a rest day
    /// (民事诉讼法(2023) 第八十五条).
    Calendar,
    /// 工作日: only working days count.
    Working,
}

impl DayUnit {
    /// The Chinese name shown to users.
    pub fn label_zh(self) -> &'static str {
        match self {
            DayUnit::Calendar => "自然日",
            DayUnit::Working => "工作日",
        }
    }
}

/// Reads a date written as `YYYY-MM-DD` (also `YYYY/M/D`, and single-digit
/// months or days with either separator), ignoring surrounding whitespace.
pub fn parse_date(s: &str) -> Result<NaiveDate, CalendarError> {
    let bad = || CalendarError::InvalidDate { value: s.to_string() };
    let t = s.trim();
    let sep = if t.contains('-') { '-' } else { '/' };
    let parts: Vec<&str> = t.split(sep).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let digits =
        |p: &str, min: usize, max: usize| (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return Err(bad());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(bad());
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// Whether a listed date is a rest day or an (adjusted) working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Rest,
    Work,
}

/// One listed date and why it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Day {
    status: Status,
    /// The holiday it belongs to, e.g. "春节".
    holiday: String,
}

/// China's working-day calendar: the national data plus optional court
/// overrides. Cheap to clone (a few hundred dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    base_version: String,
    version: String,
    /// Years whose State Council notice is in the national data.
    covered: BTreeSet<i32>,
    /// "Title（文号）" of each covered year's notice.
    sources: BTreeMap<i32, String>,
    /// All court overrides applied so far; kept to derive the version.
    overrides: BTreeMap<NaiveDate, Day>,
    /// National data with the overrides applied: the dates that differ from,
    /// or might differ from, the plain Monday-to-Friday rule.
    days: BTreeMap<NaiveDate, Day>,
}

// ---------------------------------------------------------------- TOML ----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileToml {
    version: Option<toml::Spanned<String>>,
    #[serde(default)]
    year: Vec<YearToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearToml {
    year: toml::Spanned<i32>,
    source: toml::Spanned<String>,
    doc_no: Option<String>,
    #[allow(dead_code)] // documentation in the data
    basis: Option<String>,
    #[serde(default)]
    holiday: Vec<HolidayToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayToml {
    name: toml::Spanned<String>,
    days: Option<toml::Spanned<usize>>,
    #[serde(default)]
    rest: Vec<toml::Spanned<String>>,
    #[serde(default)]
    work: Vec<toml::Spanned<String>>,
    #[allow(dead_code)] // documentation in the data
    source: Option<String>,
    #[allow(dead_code)] // documentation in the data
    doc_no: Option<String>,
    #[allow(dead_code)] // documentation in the data
    note: Option<String>,
}

/// What [`parse_data`] produces from one TOML text.
struct Parsed {
    version: Option<String>,
    sources: BTreeMap<i32, String>,
    days: BTreeMap<NaiveDate, Day>,
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
    } else if message.starts_with("invalid type") {
        format!("值的类型不对（{message}）")
    } else if message.starts_with("duplicate key") {
        format!("键重复（{message}）")
    } else {
        format!("TOML 语法错误（{message}）")
    }
}

/// Parses and checks one data text. `strict` is for the national data: there
/// adjusted working days must be weekends and the version is required.
fn parse_data(text: &str, origin: &'static str, strict: bool) -> Result<Parsed, CalendarError> {
    let file: FileToml = toml::from_str(text).map_err(|e| CalendarError::Syntax {
        origin,
        line: e.span().map_or(0, |s| line_of(text, s.start)),
        detail: syntax_detail(e.message()),
    })?;
    let err = |span: std::ops::Range<usize>, field: &'static str, message: String| CalendarError::Data {
        origin,
        line: line_of(text, span.start),
        field,
        message,
    };

    let version = match file.version {
        Some(v) if v.get_ref().trim().is_empty() => {
            return Err(err(v.span(), "version", "版本号不能为空".to_string()));
        }
        Some(v) => Some(v.into_inner().trim().to_string()),
        None if strict => {
            return Err(CalendarError::Syntax { origin, line: 0, detail: "缺少字段 version".to_string() });
        }
        None => None,
    };

    let mut sources = BTreeMap::new();
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    for y in file.year {
        let year = *y.year.get_ref();
        if !(1949..=9999).contains(&year) {
            return Err(err(y.year.span(), "year", format!("年份 {year} 不合理")));
        }
        if y.source.get_ref().trim().is_empty() {
            return Err(err(y.source.span(), "source", format!("{year} 年缺少依据文件名称")));
        }
        let title = match &y.doc_no {
            Some(no) if !no.trim().is_empty() => format!("{}（{}）", y.source.get_ref(), no.trim()),
            _ => y.source.get_ref().clone(),
        };
        // A court may have several notices in one year; the national data
        // has exactly one per year.
        if sources.insert(year, title).is_some() && strict {
            return Err(err(y.year.span(), "year", format!("年份 {year} 重复出现")));
        }
        for h in y.holiday {
            let name = h.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(err(h.name.span(), "name", "节日名称不能为空".to_string()));
            }
            if let Some(d) = &h.days
                && *d.get_ref() != h.rest.len()
            {
                return Err(err(
                    d.span(),
                    "days",
                    format!("{year} 年“{name}”写明放假 {} 天，但 rest 列出了 {} 天", d.get_ref(), h.rest.len()),
                ));
            }
            for (field, list, status) in [("rest", &h.rest, Status::Rest), ("work", &h.work, Status::Work)] {
                for item in list {
                    let date = parse_date(item.get_ref()).map_err(|e| err(item.span(), field, e.to_string()))?;
                    if !date_belongs_to_year(date, year) {
                        return Err(err(item.span(), field, format!("日期 {date} 不属于 {year} 年的安排")));
                    }
                    if strict && status == Status::Work && !is_weekend(date) {
                        return Err(err(item.span(), field, format!("调休上班日 {date} 不是星期六或星期日")));
                    }
                    let day = Day { status, holiday: name.clone() };
                    if let Some(old) = days.insert(date, day) {
                        let what =
                            if old.status == status { "重复列出" } else { "同时列为放假日和上班日" };
                        return Err(err(item.span(), field, format!("日期 {date} {what}")));
                    }
                }
            }
        }
    }
    Ok(Parsed { version, sources, days })
}

/// A year's notice may start its New Year (元旦) block in the last days of
/// the year before: the 2023 notice reads "2022年12月31日至2023年1月2日放假".
fn date_belongs_to_year(date: NaiveDate, year: i32) -> bool {
    date.year() == year || (date.year() == year - 1 && date.month() == 12 && date.day() >= 25)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Number of Monday-to-Friday days in `(a, b]` (0 when `b <= a`), by
/// arithmetic. Day 1 of the common era (0001-01-01) is a Monday, so with
/// `k = num_days_from_ce`, `k mod 7` is 1..=5 for Monday..Friday.
fn plain_weekdays_between(a: NaiveDate, b: NaiveDate) -> i64 {
    fn upto(k: i64) -> i64 {
        k.div_euclid(7) * 5 + k.rem_euclid(7).min(5)
    }
    let (ka, kb) = (i64::from(a.num_days_from_ce()), i64::from(b.num_days_from_ce()));
    if kb <= ka { 0 } else { upto(kb) - upto(ka) }
}

/// 64-bit FNV-1a: small, dependency-free and stable across Rust versions,
/// which matters because the result is stored with every deadline.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Calendar {
    /// The national calendar from the embedded data
    /// (`calendar/cn_holidays.toml`, State Council notices for 2020–2026).
    pub fn china() -> Result<Calendar, CalendarError> {
        let parsed = parse_data(CN_HOLIDAYS_TOML, ORIGIN_NATIONAL, true)?;
        let base_version = parsed.version.unwrap_or_default();
        Ok(Calendar {
            version: base_version.clone(),
            base_version,
            covered: parsed.sources.keys().copied().collect(),
            sources: parsed.sources,
            overrides: BTreeMap::new(),
            days: parsed.days,
        })
    }

    /// A copy of this calendar with a court's own changes applied on top.
    ///
    /// The text has the same shape as the national file: `[[year]]` blocks
    /// with `year` and `source` (the court's notice), and `[[year.holiday]]`
    /// blocks whose `rest` dates become rest days and whose `work` dates
    /// become working days, whatever the national data says. Unlike the
    /// national data, `work` may be any day (a court may, say, cancel a local
    /// rest day) and a top-level `version` is optional and ignored.
    ///
    /// The result's [`version`](Calendar::version) gets a suffix derived from
    /// all overrides applied so far, so deadlines computed with different
    /// court data never share a version string.
    pub fn with_overrides(&self, toml: &str) -> Result<Calendar, CalendarError> {
        let parsed = parse_data(toml, ORIGIN_OVERRIDE, false)?;
        let mut next = self.clone();
        for (date, day) in parsed.days {
            next.overrides.insert(date, day.clone());
            next.days.insert(date, day);
        }
        next.version = if next.overrides.is_empty() {
            next.base_version.clone()
        } else {
            let mut canonical = String::new();
            for (date, day) in &next.overrides {
                let s = match day.status {
                    Status::Rest => 'R',
                    Status::Work => 'W',
                };
                canonical.push_str(&format!("{date}:{s}\n"));
            }
            let hash = fnv1a64(canonical.as_bytes()) >> 16;
            format!("{}+court-{hash:012x}", next.base_version)
        };
        Ok(next)
    }

    /// The data version, e.g. `cn-2020-2026.1`, or `cn-2020-2026.1+court-…`
    /// once a court override is applied. Store it with every deadline.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether `date`'s year is in the national data. Outside it,
    /// [`is_workday`](Calendar::is_workday) is only the Monday-to-Friday guess.
    pub fn is_covered(&self, date: NaiveDate) -> bool {
        self.covered.contains(&date.year())
    }

    /// The years in the national data.
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.covered.iter().copied()
    }

    /// The notice behind a covered year, "标题（文号）", for display next to a
    /// deadline.
    pub fn source_of(&self, year: i32) -> Option<&str> {
        self.sources.get(&year).map(String::as_str)
    }

    /// The holiday a listed date belongs to ("春节"), for rest days in a
    /// holiday block and for adjusted working days alike.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.days.get(&date).map(|d| d.holiday.as_str())
    }

    /// Whether `date` is a working day: a listed date follows the data;
    /// any other date is a working day from Monday to Friday.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(day) => day.status == Status::Work,
            None => !is_weekend(date),
        }
    }

    /// Number of working days in `(from, to]`; 0 when `to <= from`.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> u64 {
        if to <= from {
            return 0;
        }
        let mut n = plain_weekdays_between(from, to);
        for (date, day) in self.days.range((Excluded(from), Unbounded)) {
            if *date > to {
                break;
            }
            match (day.status, is_weekend(*date)) {
                (Status::Rest, false) => n -= 1,
                (Status::Work, true) => n += 1,
                _ => {}
            }
        }
        u64::try_from(n).unwrap_or(0)
    }

    /// The first working day on or after `date` (saturates at the last
    /// representable date).
    pub fn next_workday_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_workday(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
        }
        d
    }

    /// The date `n` working days after `start`; `start` itself is not
    /// counted, and `n = 0` gives `start`. Used for limits written as
    /// "N个工作日内" (e.g. 失信规定第十条: 删除 within 3 个工作日).
    ///
    /// Saturates at the last date chrono can represent instead of failing.
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = u64::from(n);
        while left > 0 {
            // Fast path: whole weeks with no listed date inside contain
            // exactly five working days. Keep at least one day for the slow
            // path so the result lands on a working day.
            if left > 5 {
                let horizon = match self.days.range((Excluded(d), Unbounded)).next() {
                    Some((s, _)) => u64::try_from((*s - d).num_days() - 1).unwrap_or(0),
                    None => u64::MAX,
                };
                let weeks = ((left - 1) / 5).min(horizon / 7);
                if weeks > 0 {
                    match d.checked_add_days(Days::new(weeks * 7)) {
                        Some(next) => d = next,
                        None => return NaiveDate::MAX,
                    }
                    left -= weeks * 5;
                    continue;
                }
            }
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
            if self.is_workday(d) {
                left -= 1;
            }
        }
        d
    }

    /// End of a period of `n_days` days (期间, counted in calendar days).
    ///
    /// 民事诉讼法(2023) 第八十五条: "期间开始的时和日，不计算在期间内。期间届满的
    /// 最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期。" So the end
    /// is `start + n_days`, moved to the next working day when it is a rest
    /// day. Weekends count as 法定休假日 in court practice; an adjusted working
    /// weekend (调休上班) is a working day, so a period may end on it.
    ///
    /// Saturates at the last representable date.
    pub fn period_end(&self, start: NaiveDate, n_days: u32) -> NaiveDate {
        let end = start.checked_add_days(Days::new(u64::from(n_days))).unwrap_or(NaiveDate::MAX);
        self.next_workday_on_or_after(end)
    }

    /// End of a period whose clock stops during `pauses`.
    ///
    /// Periods such as the 6-month enforcement period do not run while the
    /// case is suspended, being appraised, auctioned and so on (严格执行审限
    /// 规定(2000) 第9条; 执行程序解释(2020) 第13条). Each pause is an inclusive
    /// `(first, last)` day range. Days of a pause after `start` do not count,
    /// so a pause that overlaps the running period extends it by its days,
    /// and a pause reached only because of an earlier extension extends it
    /// too. Overlapping pauses are merged, so a day is never counted twice.
    /// Pause days on or before `start` are ignored (the start day never
    /// counts anyway), as are pauses whose first day is after their last.
    ///
    /// Then the unit's rule applies: [`DayUnit::Calendar`] ends on the next
    /// working day like [`period_end`](Calendar::period_end);
    /// [`DayUnit::Working`] counts `n` unpaused working days like
    /// [`add_workdays`](Calendar::add_workdays).
    pub fn end_with_pauses(
        &self,
        start: NaiveDate,
        n: u32,
        unit: DayUnit,
        pauses: &[(NaiveDate, NaiveDate)],
    ) -> NaiveDate {
        let merged = merge_pauses(start, pauses);
        match unit {
            DayUnit::Calendar => {
                let mut end = start.checked_add_days(Days::new(u64::from(n))).unwrap_or(NaiveDate::MAX);
                for (first, last) in merged {
                    if first > end {
                        break;
                    }
                    let len = u64::try_from((last - first).num_days() + 1).unwrap_or(0);
                    end = end.checked_add_days(Days::new(len)).unwrap_or(NaiveDate::MAX);
                }
                self.next_workday_on_or_after(end)
            }
            DayUnit::Working => {
                if n == 0 {
                    return start;
                }
                let mut from = start;
                let mut left = n;
                for (first, last) in merged {
                    let end = self.add_workdays(from, left);
                    if end < first {
                        return end;
                    }
                    // Working days before the pause are used up; the clock
                    // resumes after its last day. `end >= first` means fewer
                    // than `left` working days lie before the pause.
                    let before = first.pred_opt().unwrap_or(first);
                    let used = u32::try_from(self.workdays_between(from, before)).unwrap_or(0);
                    left = left.saturating_sub(used).max(1);
                    from = last;
                }
                self.add_workdays(from, left)
            }
        }
    }
}

/// Sorts the pauses, drops inverted ones, clips them to days after `start`
/// and merges overlapping or adjacent ones.
fn merge_pauses(start: NaiveDate, pauses: &[(NaiveDate, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    let Some(first_counted) = start.succ_opt() else {
        return Vec::new();
    };
    let mut list: Vec<(NaiveDate, NaiveDate)> = pauses
        .iter()
        .filter(|(a, b)| a <= b && *b >= first_counted)
        .map(|(a, b)| ((*a).max(first_counted), *b))
        .collect();
    list.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(list.len());
    for (a, b) in list {
        if let Some(last) = merged.last_mut()
            && a <= last.1.succ_opt().unwrap_or(last.1)
        {
            last.1 = last.1.max(b);
            continue;
        }
        merged.push((a, b));
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn cal() -> Calendar {
        Calendar::china().unwrap()
    }

    #[test]
    fn embedded_data_loads() {
        let c = cal();
        assert_eq!(c.version(), "cn-2020-2026.1");
        assert_eq!(c.covered_years().collect::<Vec<_>>(), (2020..=2026).collect::<Vec<_>>());
        assert_eq!(c.source_of(2020), Some("国务院办公厅关于2020年部分节假日安排的通知（国办发明电〔2019〕16号）"));
        for y in 2020..=2026 {
            let s = c.source_of(y).unwrap();
            assert!(s.starts_with(&format!("国务院办公厅关于{y}年部分节假日安排的通知（国办发明电〔")), "{s}");
        }
    }

    /// Re-reads the raw data to check each year's consistency.
    #[test]
    fn every_year_is_consistent() {
        let file: FileToml = toml::from_str(CN_HOLIDAYS_TOML).unwrap();
        let mut seen = BTreeSet::new();
        for y in &file.year {
            let year = *y.year.get_ref();
            assert!(y.doc_no.as_deref().unwrap_or("").starts_with("国办发明电〔"));
            // Weekdays lost to holidays minus weekends worked must equal the
            // statutory holiday days: 11 under 国务院令第644号, 13 from 2025
            // under 国务院令第795号, plus the two working days (Fri 31 Jan and
            // the cancelled Sat 1 Feb) of the 2020 extension.
            let expected = match year {
                2020 => 13,
                2021..=2024 => 11,
                _ => 13,
            };
            let mut net: i64 = 0;
            for h in &y.holiday {
                let name = h.name.get_ref();
                let rest: Vec<NaiveDate> = h.rest.iter().map(|s| d(s.get_ref())).collect();
                let work: Vec<NaiveDate> = h.work.iter().map(|s| d(s.get_ref())).collect();
                assert_eq!(h.days.as_ref().map(|x| *x.get_ref()), Some(rest.len()), "{year} {name} 共N天");
                for w in rest.windows(2) {
                    assert_eq!(w[1] - w[0], chrono::Duration::days(1), "{year} {name} not contiguous");
                }
                for r in &rest {
                    assert!(
                        r.year() == year || (year == 2023 && *r == d("2022-12-31")),
                        "{year} {name}: {r} outside its year"
                    );
                    assert!(seen.insert(*r), "{r} listed twice");
                }
                for w in &work {
                    assert!(is_weekend(*w), "{year} {name}: 调休 {w} is a {}", w.weekday());
                    assert_eq!(w.year(), year);
                    assert!(seen.insert(*w), "{w} both holiday and workday or listed twice");
                }
                net += rest.iter().filter(|r| !is_weekend(**r)).count() as i64 - work.len() as i64;
            }
            assert_eq!(net, expected, "{year}: weekdays lost");
        }
    }

    /// The festival day itself must fall inside its block (lunar dates
    /// from the Chinese calendar).
    #[test]
    fn festival_days_inside_blocks() {
        let c = cal();
        let festivals = [
            ("2020-01-25", "春节"),
            ("2021-02-12", "春节"),
            ("2022-02-01", "春节"),
            ("2023-01-22", "春节"),
            ("2024-02-10", "春节"),
            ("2025-01-29", "春节"),
            ("2026-02-17", "春节"),
            ("2020-06-25", "端午节"),
            ("2021-06-14", "端午节"),
            ("2022-06-03", "端午节"),
            ("2023-06-22", "端午节"),
            ("2024-06-10", "端午节"),
            ("2025-05-31", "端午节"),
            ("2026-06-19", "端午节"),
            ("2021-09-21", "中秋节"),
            ("2022-09-10", "中秋节"),
            ("2023-09-29", "中秋节"),
            ("2024-09-17", "中秋节"),
            ("2025-10-06", "中秋节"),
            ("2026-09-25", "中秋节"),
            ("2020-10-01", "中秋节"),
        ];
        for (date, name) in festivals {
            let date = d(date);
            assert!(!c.is_workday(date), "{date}");
            assert!(c.holiday_name(date).unwrap().contains(name), "{date}");
        }
    }

    #[test]
    fn known_facts() {
        let c = cal();
        let rest = [
            "2024-02-10",
            "2024-02-17",
            "2026-10-01",
            "2026-02-23",
            "2025-01-28",
            "2020-02-01",
            "2020-02-02",
            "2020-01-31",
            "2022-12-31",
            "2024-06-10",
            "2025-05-01",
            "2025-05-02",
            // plain weekends
            "2024-03-02",
            "2024-03-03",
        ];
        let work = [
            "2024-02-04",
            "2024-02-18",
            "2025-01-26",
            "2025-02-08",
            "2020-01-19",
            "2024-02-09",
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2023-10-07",
            "2023-10-08",
            "2024-02-19",
            "2025-04-27",
        ];
        for s in rest {
            assert!(!c.is_workday(d(s)), "{s} should be a rest day");
        }
        for s in work {
            assert!(c.is_workday(d(s)), "{s} should be a working day");
        }
        assert!(c.is_covered(d("2026-12-31")));
        assert!(!c.is_covered(d("2027-01-01")));
        assert!(!c.is_covered(d("2019-12-31")));
        // Outside coverage: Mon–Fri rule.
        assert!(c.is_workday(d("2027-10-01"))); // a Friday
        assert!(!c.is_workday(d("2027-10-02")));
    }

    #[test]
    fn period_end_examples() {
        let c = cal();
        let cases = [
            // start, days, end: (reason)
            ("2024-09-25", 7, "2024-10-08"), // lands on 10-02 → first working day after National Day
            ("2024-09-21", 10, "2024-10-08"), // lands on 10-01
            ("2024-09-19", 10, "2024-09-29"), // lands on Sun 29 Sep, an adjusted working day
            ("2024-03-01", 7, "2024-03-08"), // Friday, plain
            ("2024-03-01", 8, "2024-03-11"), // Saturday → Monday
            ("2024-02-01", 15, "2024-02-18"), // 02-16 holiday → 02-18 adjusted working Sunday
            ("2023-12-25", 7, "2024-01-02"), // 2024-01-01 元旦 → Tuesday
            ("2024-05-01", 0, "2024-05-06"), // n=0 on a holiday
            ("2024-05-06", 0, "2024-05-06"),
            ("2026-09-30", 1, "2026-10-08"),
        ];
        for (start, n, end) in cases {
            assert_eq!(c.period_end(d(start), n), d(end), "period_end({start}, {n})");
        }
    }

    #[test]
    fn add_workdays_examples() {
        let c = cal();
        let cases = [
            ("2024-02-08", 1, "2024-02-09"), // 除夕 is a working day in 2024
            ("2024-02-08", 2, "2024-02-18"), // then Spring Festival → adjusted Sunday
            ("2024-02-08", 3, "2024-02-19"),
            ("2024-02-09", 1, "2024-02-18"),
            ("2025-01-24", 1, "2025-01-26"), // Fri → adjusted Sunday
            ("2025-01-24", 2, "2025-01-27"),
            ("2025-01-24", 3, "2025-02-05"), // 01-28…02-04 Spring Festival
            ("2020-01-22", 3, "2020-02-04"), // 2020 extension: 01-23, 02-03, 02-04
            ("2024-03-01", 0, "2024-03-01"),
            ("2024-03-02", 0, "2024-03-02"), // n=0 stays even on a rest day
            ("2024-03-01", 5, "2024-03-08"),
            ("2024-03-01", 30, "2024-04-15"), // across 清明 (04-04..06, work 04-07)
            ("2027-03-01", 10, "2027-03-15"), // outside coverage
        ];
        for (start, n, end) in cases {
            assert_eq!(c.add_workdays(d(start), n), d(end), "add_workdays({start}, {n})");
        }
        // Saturation instead of overflow or a hang.
        assert_eq!(c.add_workdays(NaiveDate::MAX, 3), NaiveDate::MAX);
        let far = c.add_workdays(d("2024-01-01"), u32::MAX);
        assert!(far > d("9999-12-31"));
        assert_eq!(c.period_end(NaiveDate::MAX, 5), NaiveDate::MAX);
    }

    #[test]
    fn workdays_between_matches_2024() {
        let c = cal();
        // 2024 has 262 Mondays to Fridays and loses 11 working days net to
        // holidays; the arithmetic must also agree with counting day by day.
        let n = c.workdays_between(d("2023-12-31"), d("2024-12-31"));
        let manual = (1..=366).filter(|i| c.is_workday(d("2023-12-31") + chrono::Duration::days(*i))).count() as u64;
        assert_eq!(n, manual);
        assert_eq!(n, 262 - 11);
    }

    #[test]
    fn pauses() {
        let c = cal();
        let s = d("2024-03-01");
        // No pauses: same as period_end / add_workdays.
        assert_eq!(c.end_with_pauses(s, 30, DayUnit::Calendar, &[]), c.period_end(s, 30));
        assert_eq!(c.end_with_pauses(s, 10, DayUnit::Working, &[]), c.add_workdays(s, 10));
        // 10-day pause inside a 30-day period → +10 days: 03-31 → 04-10.
        let p = [(d("2024-03-05"), d("2024-03-14"))];
        assert_eq!(c.end_with_pauses(s, 30, DayUnit::Calendar, &p), d("2024-04-10"));
        // Overlapping pauses count once: 03-05..03-14 ∪ 03-10..03-19 = 15 days.
        let p = [(d("2024-03-10"), d("2024-03-19")), (d("2024-03-05"), d("2024-03-14"))];
        assert_eq!(c.end_with_pauses(s, 30, DayUnit::Calendar, &p), d("2024-04-15"));
        // A pause after the end is ignored; one reached through an
        // extension counts: 03-31 +10 = 04-10 reaches 04-08..04-09 → 04-12.
        let p = [
            (d("2024-03-05"), d("2024-03-14")),
            (d("2024-04-08"), d("2024-04-09")),
            (d("2024-06-01"), d("2024-06-30")),
        ];
        assert_eq!(c.end_with_pauses(s, 30, DayUnit::Calendar, &p), d("2024-04-12"));
        // Pause days before the start do not count; inverted pauses ignored.
        let p = [(d("2024-02-20"), d("2024-03-02")), (d("2024-03-20"), d("2024-03-10"))];
        assert_eq!(c.end_with_pauses(s, 30, DayUnit::Calendar, &p), d("2024-04-01"));
        // Result moved off a holiday: 09-20 + 5 + 6 paused = 10-01 → 10-08.
        let p = [(d("2024-09-22"), d("2024-09-27"))];
        assert_eq!(c.end_with_pauses(d("2024-09-20"), 5, DayUnit::Calendar, &p), d("2024-10-08"));
        // Working days: Fri 03-01 + 5 working days = 03-08; pausing
        // Mon 03-04..Tue 03-05 shifts it by two working days → Tue 03-12.
        let p = [(d("2024-03-04"), d("2024-03-05"))];
        assert_eq!(c.end_with_pauses(s, 5, DayUnit::Working, &p), d("2024-03-12"));
        // A weekend pause costs no working days.
        let p = [(d("2024-03-02"), d("2024-03-03"))];
        assert_eq!(c.end_with_pauses(s, 5, DayUnit::Working, &p), d("2024-03-08"));
        assert_eq!(c.end_with_pauses(s, 0, DayUnit::Working, &p), s);
    }

    #[test]
    fn parse_date_forms() {
        assert_eq!(parse_date("2024-02-09").unwrap(), NaiveDate::from_ymd_opt(2024, 2, 9).unwrap());
        assert_eq!(parse_date(" 2024/2/9 ").unwrap(), NaiveDate::from_ymd_opt(2024, 2, 9).unwrap());
        assert_eq!(parse_date("2024/12/31").unwrap(), NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
        for bad in [
            "",
            "2024-02-30",
            "2023-02-29",
            "24-02-09",
            "2024-02",
            "2024-02-09-01",
            "2024/02-09",
            "２０２４-02-09",
            "2024-1x-01",
            "+2024-1-1",
        ] {
            let e = parse_date(bad).unwrap_err();
            assert_eq!(e.to_string(), format!("日期“{bad}”无效，应为 YYYY-MM-DD"));
        }
    }

    #[test]
    fn overrides() {
        let c = cal();
        let text = r#"
[[year]]
year = 2020
source = "某省高级人民法院关于延长春节假期的通知"

[[year.holiday]]
name = "春节（本省延长）"
rest = ["2020-02-03", "2020-02-04", "2020-02-05", "2020-02-06", "2020-02-07"]

[[year]]
year = 2027
source = "某法院关于调整工作日的通知"

[[year.holiday]]
name = "补班"
work = ["2027-01-09"]
"#;
        let o = c.with_overrides(text).unwrap();
        assert!(!o.is_workday(d("2020-02-03")));
        assert!(o.is_workday(d("2020-02-10")));
        assert!(o.is_workday(d("2027-01-09"))); // a Saturday
        assert!(c.is_workday(d("2020-02-03"))); // original untouched
        assert!(o.version().starts_with("cn-2020-2026.1+court-"), "{}", o.version());
        assert_eq!(o.version().len(), "cn-2020-2026.1+court-".len() + 12);
        assert!(!o.is_covered(d("2027-01-09")));
        // Deterministic, and different data gives a different version.
        assert_eq!(c.with_overrides(text).unwrap().version(), o.version());
        let other = c.with_overrides(&text.replace("2020-02-07", "2020-02-08")).unwrap();
        assert_ne!(other.version(), o.version());
        // Empty override: same calendar, same version.
        assert_eq!(c.with_overrides("").unwrap().version(), c.version());
        // Override a national rest day to a working day.
        let o2 = c
            .with_overrides(
                "[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"值班\"\nwork = [\"2024-10-07\"]\n",
            )
            .unwrap();
        assert!(o2.is_workday(d("2024-10-07")));
        // Chained overrides accumulate.
        let both = o
            .with_overrides(
                "[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"值班\"\nwork = [\"2024-10-07\"]\n",
            )
            .unwrap();
        assert!(both.is_workday(d("2024-10-07")) && !both.is_workday(d("2020-02-03")));
        assert_ne!(both.version(), o.version());
    }

    #[test]
    fn override_errors_name_the_line() {
        let c = cal();
        let check = |text: &str, want: &str| {
            let e = c.with_overrides(text).unwrap_err().to_string();
            assert!(e.contains(want), "got {e:?}, want {want:?}");
            assert!(e.starts_with("法院节假日调整数据"), "{e}");
        };
        check(
            "[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"a\"\nrest = [\"2024-02-30\"]\n",
            "第 6 行（字段 rest）：日期“2024-02-30”无效",
        );
        check("[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]\n", "第 4 行格式错误");
        check(
            "[[year]]\nyear = 2024\nsource = \"x\"\n\n[[year.holiday]]\nname = \"a\"\nreset = []\n",
            "第 7 行格式错误：未知字段 reset",
        );
        check("[[year]]\nyear = 2024\n", "缺少字段 source");
        check(
            "[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"a\"\nrest = [\"2024-05-06\"]\nwork = [\"2024-05-06\"]\n",
            "第 7 行（字段 work）：日期 2024-05-06 同时列为放假日和上班日",
        );
        check(
            "[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"a\"\ndays = 2\nrest = [\"2024-05-06\"]\n",
            "第 6 行（字段 days）",
        );
        check(
            "[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"a\"\nrest = [\"2025-05-06\"]\n",
            "不属于 2024 年",
        );
    }

    #[test]
    fn national_rules_are_strict() {
        let e = parse_data("version = \"t\"\n[[year]]\nyear = 2024\nsource = \"x\"\n[[year.holiday]]\nname = \"a\"\nwork = [\"2024-05-08\"]\n", ORIGIN_NATIONAL, true)
            .err()
            .unwrap();
        assert_eq!(e.to_string(), "全国节假日数据第 7 行（字段 work）：调休上班日 2024-05-08 不是星期六或星期日");
        let e = parse_data("[[year]]\nyear = 2024\nsource = \"x\"\n", ORIGIN_NATIONAL, true).err().unwrap();
        assert!(e.to_string().contains("缺少字段 version"));
    }

    #[test]
    fn day_unit_serde() {
        assert_eq!(serde_json::to_string(&DayUnit::Calendar).unwrap(), "\"calendar\"");
        assert_eq!(serde_json::from_str::<DayUnit>("\"working\"").unwrap(), DayUnit::Working);
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..(365 * 11)).prop_map(|i| d("2018-01-01") + chrono::Duration::days(i))
    }

    proptest! {
        #[test]
        fn add_workdays_lands_on_workday(start in arb_date(), n in 1u32..600) {
            let c = cal();
            let end = c.add_workdays(start, n);
            prop_assert!(c.is_workday(end));
            prop_assert!(end > start);
            prop_assert_eq!(c.workdays_between(start, end), u64::from(n));
            // Count by walking, independent of the fast path.
            let mut walked = 0u64;
            let mut x = start;
            while x < end {
                x = x.succ_opt().unwrap();
                if c.is_workday(x) { walked += 1; }
            }
            prop_assert_eq!(walked, u64::from(n));
        }

        #[test]
        fn add_workdays_monotonic(start in arb_date(), n in 0u32..400) {
            let c = cal();
            prop_assert!(c.add_workdays(start, n) < c.add_workdays(start, n + 1));
        }

        #[test]
        fn period_end_is_workday_and_not_early(start in arb_date(), n in 0u32..400) {
            let c = cal();
            let end = c.period_end(start, n);
            prop_assert!(c.is_workday(end));
            let raw = start + chrono::Duration::days(i64::from(n));
            prop_assert!(end >= raw);
            // Every day between the raw end and the result is a rest day.
            let mut x = raw;
            while x < end { prop_assert!(!c.is_workday(x)); x = x.succ_opt().unwrap(); }
        }

        /// The interval arithmetic agrees with walking day by day and
        /// skipping paused days.
        #[test]
        fn pauses_match_brute_force(
            start in arb_date(),
            n in 0u32..150,
            raw in proptest::collection::vec((-30i64..200, 0i64..40), 0..4),
            working in any::<bool>(),
        ) {
            let c = cal();
            let unit = if working { DayUnit::Working } else { DayUnit::Calendar };
            let pauses: Vec<(NaiveDate, NaiveDate)> = raw
                .iter()
                .map(|(a, len)| (start + chrono::Duration::days(*a), start + chrono::Duration::days(a + len)))
                .collect();
            let paused = |x: NaiveDate| pauses.iter().any(|(a, b)| *a <= x && x <= *b);
            let mut x = start;
            let mut counted = 0;
            while counted < n {
                x = x.succ_opt().unwrap();
                if !paused(x) && (!working || c.is_workday(x)) {
                    counted += 1;
                }
            }
            let want = if working { x } else { c.next_workday_on_or_after(x) };
            prop_assert_eq!(c.end_with_pauses(start, n, unit, &pauses), want);
        }

        #[test]
        fn pauses_never_shorten(start in arb_date(), n in 0u32..200, a in 0i64..300, len in 0i64..60, working in any::<bool>()) {
            let c = cal();
            let unit = if working { DayUnit::Working } else { DayUnit::Calendar };
            let p = [(start + chrono::Duration::days(a), start + chrono::Duration::days(a + len))];
            prop_assert!(c.end_with_pauses(start, n, unit, &p) >= c.end_with_pauses(start, n, unit, &[]));
        }
    }
}
