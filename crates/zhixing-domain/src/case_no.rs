//! Case numbers (案号).
//!
//! Rule: 《最高人民法院关于人民法院案件案号的若干规定》 with its 《人民法院
//! 案件类型及其代字标准》 (法〔2015〕137号, in force 2016-01-01), amended by
//! 法〔2018〕335号, which added the optional one-character 专门审判代字
//! (e.g. 知 for intellectual property). See `docs/law.md` §6.
//!
//! Current form: `（收案年度）法院代字[专门审判代字]类型代字案件编号号`, e.g.
//! （2024）苏0205执1234号. Before 2016 courts wrote their own abbreviation
//! and "字第", e.g. （2014）锡滨执字第00123号; such numbers still appear on
//! the titles (执行依据) being enforced, so they are parsed too and marked
//! `legacy`.
//!
//! Enforcement cases get one of the eight 执… type codes ([`CaseType`]); the
//! parser also knows the other common type codes because the judgment being
//! enforced carries one of them (（2023）苏0205民初123号).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Enforcement case types and their type codes (law.md §6; 法〔2015〕137号
/// 附件; 执恢 per 法明传〔2018〕335号 as used in real case numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseType {
    /// 执: 首次执行.
    First,
    /// 执恢: 恢复执行 (after 终本 or a breached settlement).
    Resumed,
    /// 执保: 财产保全执行.
    Preservation,
    /// 执异: 执行异议.
    Objection,
    /// 执复: 执行复议.
    Review,
    /// 执监: 执行监督.
    Supervision,
    /// 执协: 执行协调.
    Coordination,
    /// 执他: 其他执行.
    Other,
}

impl CaseType {
    /// All enforcement case types.
    pub const ALL: [CaseType; 8] = [
        CaseType::First,
        CaseType::Resumed,
        CaseType::Preservation,
        CaseType::Objection,
        CaseType::Review,
        CaseType::Supervision,
        CaseType::Coordination,
        CaseType::Other,
    ];

    /// The type code (类型代字) used in case numbers.
    pub fn code(self) -> &'static str {
        match self {
            CaseType::First => "执",
            CaseType::Resumed => "执恢",
            CaseType::Preservation => "执保",
            CaseType::Objection => "执异",
            CaseType::Review => "执复",
            CaseType::Supervision => "执监",
            CaseType::Coordination => "执协",
            CaseType::Other => "执他",
        }
    }

    /// The type for a type code; `None` for non-enforcement codes.
    pub fn from_code(code: &str) -> Option<CaseType> {
        CaseType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The Chinese name shown to users.
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseType::First => "首次执行",
            CaseType::Resumed => "恢复执行",
            CaseType::Preservation => "财产保全执行",
            CaseType::Objection => "执行异议",
            CaseType::Review => "执行复议",
            CaseType::Supervision => "执行监督",
            CaseType::Coordination => "执行协调",
            CaseType::Other => "其他执行",
        }
    }
}

impl fmt::Display for CaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for CaseType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for CaseType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CaseType::from_code(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "执行案件类型代字“{s}”无效，应为执、执恢、执保、执异、执复、执监、执协或执他"
            ))
        })
    }
}

/// Type codes accepted in current-form case numbers: the enforcement codes
/// plus the other codes of the 2015 standard that titles and related cases
/// carry. Known to be incomplete (the standard's full table was not read,
/// law.md §9 item 6): extend it here when a real case number is rejected.
const TYPE_CODES: &[&str] = &[
    // 执行 (law.md §6)
    "执",
    "执恢",
    "执保",
    "执异",
    "执复",
    "执监",
    "执协",
    "执他",
    // 民事
    "民初",
    "民终",
    "民申",
    "民抗",
    "民再",
    "民监",
    "民特",
    "民催",
    "民督",
    "民撤",
    "民他",
    "民辖",
    "民辖终",
    "民辖监",
    // 刑事
    "刑初",
    "刑终",
    "刑核",
    "刑申",
    "刑抗",
    "刑再",
    "刑监",
    "刑更",
    "刑医",
    "刑没",
    "刑他",
    "刑辖",
    // 行政
    "行初",
    "行终",
    "行申",
    "行抗",
    "行再",
    "行监",
    "行审",
    "行审复",
    "行他",
    "行辖",
    "行辖终",
    "行赔初",
    "行赔终",
    "行赔申",
    "行赔再",
    // 国家赔偿、司法救助
    "法赔",
    "委赔",
    "委赔监",
    "司救",
    // 非诉保全审查
    "财保",
    "行保",
    "证保",
    // 强制清算与破产 (law.md §6)
    "破申",
    "破",
    "破终",
    "破监",
    "强清申",
    "强清",
    "强清终",
    "清申",
    // 司法制裁
    "司惩",
    "司惩复",
    // 区际、国际司法协助
    "认港",
    "认澳",
    "认台",
    "协外认",
];

/// Extra type codes seen only in pre-2016 numbers ("民一初字", "商终字"…).
const LEGACY_TYPE_CODES: &[&str] = &[
    "商初",
    "商终",
    "商再",
    "商申",
    "商外初",
    "商外终",
    "知初",
    "知终",
    "民提",
    "刑提",
    "行提",
    "执督",
    "执审",
    "民一初",
    "民一终",
    "民一再",
    "民一申",
    "民二初",
    "民二终",
    "民二再",
    "民二申",
    "民三初",
    "民三终",
    "民三再",
    "民三申",
    "民四初",
    "民四终",
    "民四再",
    "民四申",
    "民五初",
    "民五终",
    "刑一初",
    "刑一终",
    "刑二初",
    "刑二终",
];

/// Provincial court codes (法〔2015〕137号 第5条 / law.md §6): the
/// province's short name; 内 for Inner Mongolia, 兵 for the XPCC branch of
/// the Xinjiang High Court, 军 for military courts. 蒙 is accepted as well
/// because users write it for Inner Mongolia.
const COURT_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼内兵军";
/// The Supreme People's Court.
const SPC: &str = "最高法";

/// A parsed case number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseNo {
    /// 收案年度.
    pub year: i32,
    /// 法院代字, e.g. "苏0205", "最高法"; for legacy numbers the court's
    /// own abbreviation, e.g. "锡滨".
    pub court_code: String,
    /// 专门审判代字 (2018 amendment), e.g. "知".
    pub special_code: Option<String>,
    /// 类型代字, e.g. "执", "民初".
    pub type_code: String,
    /// 案件编号 (sequence per court × type × year).
    pub seq: u32,
    /// Pre-2016 form ("…字第…号").
    pub legacy: bool,
}

impl CaseNo {
    /// The enforcement case type, when the type code is one of the 执 codes.
    pub fn case_type(&self) -> Option<CaseType> {
        CaseType::from_code(&self.type_code)
    }

    /// The five fields as JSON:
    /// `{"year", "court_code", "special_code", "type_code", "seq"}`, with
    /// `special_code` null when absent.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "year": self.year,
            "court_code": self.court_code,
            "special_code": self.special_code,
            "type_code": self.type_code,
            "seq": self.seq,
        })
    }
}

impl fmt::Display for CaseNo {
    /// The standard form with full-width brackets, （2024）苏0205执1234号;
    /// legacy numbers keep their "字第" form, without leading zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.legacy {
            write!(f, "（{}）{}{}字第{}号", self.year, self.court_code, self.type_code, self.seq)
        } else {
            write!(
                f,
                "（{}）{}{}{}{}号",
                self.year,
                self.court_code,
                self.special_code.as_deref().unwrap_or(""),
                self.type_code,
                self.seq
            )
        }
    }
}

impl std::str::FromStr for CaseNo {
    type Err = CaseNoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_case_no(s)
    }
}

/// Why a case number was rejected. The texts are shown to court users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseNoError {
    /// Nothing entered.
    #[error("案号不能为空")]
    Empty,
    /// No "(year)" at the start.
    #[error("案号“{input}”缺少括号中的收案年度，应形如（2024）苏0205执1234号")]
    MissingYear {
        /// The input.
        input: String,
    },
    /// The year is not four digits in a plausible range.
    #[error("案号“{input}”中的收案年度“{year}”无效，应为 4 位年份")]
    BadYear {
        /// The input.
        input: String,
        /// The text between the brackets.
        year: String,
    },
    /// Does not end with 号.
    #[error("案号“{input}”应以“号”结尾")]
    MissingSuffix {
        /// The input.
        input: String,
    },
    /// No number before 号.
    #[error("案号“{input}”缺少案件编号（“号”前的数字）")]
    MissingSeq {
        /// The input.
        input: String,
    },
    /// Number zero or too large.
    #[error("案号“{input}”中的案件编号“{seq}”无效，应为正整数")]
    BadSeq {
        /// The input.
        input: String,
        /// The digits.
        seq: String,
    },
    /// Bad court code.
    #[error("案号“{input}”中的法院代字无效：{reason}")]
    Court {
        /// The input.
        input: String,
        /// What is wrong.
        reason: String,
    },
    /// No type code.
    #[error("案号“{input}”缺少类型代字（如“执”“执恢”“民初”）")]
    MissingType {
        /// The input.
        input: String,
    },
    /// Type code not in the known list.
    #[error("案号“{input}”中的类型代字“{code}”不是已知的案件类型代字")]
    UnknownType {
        /// The input.
        input: String,
        /// The unrecognised text.
        code: String,
    },
}

/// Brackets to ASCII, full-width digits to ASCII, whitespace removed.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' | '〔' | '[' | '【' | '［' | '﹝' => '(',
            '）' | '〕' | ']' | '】' | '］' | '﹞' => ')',
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn is_known_code(code: &str, legacy: bool) -> bool {
    TYPE_CODES.contains(&code) || (legacy && LEGACY_TYPE_CODES.contains(&code))
}

fn parse_seq(input: &str, digits: &str) -> Result<u32, CaseNoError> {
    if digits.is_empty() {
        return Err(CaseNoError::MissingSeq { input: input.to_string() });
    }
    match digits.parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(CaseNoError::BadSeq { input: input.to_string(), seq: digits.to_string() }),
    }
}

/// Splits trailing ASCII digits off `s`.
fn split_trailing_digits(s: &str) -> (&str, &str) {
    let head = s.trim_end_matches(|c: char| c.is_ascii_digit());
    (head, &s[head.len()..])
}

/// Parses a case number in the current form (2016 on) or the legacy
/// "字第" form. Brackets may be ( ) （ ） 〔 〕 [ ] 【 】; whitespace is ignored
/// and full-width digits are read as digits.
pub fn parse_case_no(s: &str) -> Result<CaseNo, CaseNoError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(CaseNoError::Empty);
    }
    let n = normalise(input);
    let missing_year = || CaseNoError::MissingYear { input: input.to_string() };
    let after_open = n.strip_prefix('(').ok_or_else(missing_year)?;
    let (year_text, rest) = after_open.split_once(')').ok_or_else(missing_year)?;
    let year = match year_text.parse::<i32>() {
        Ok(y)
            if year_text.len() == 4 && year_text.bytes().all(|b| b.is_ascii_digit()) && (1949..=2999).contains(&y) =>
        {
            y
        }
        _ => {
            return Err(CaseNoError::BadYear { input: input.to_string(), year: year_text.to_string() });
        }
    };
    let body = rest.strip_suffix('号').ok_or_else(|| CaseNoError::MissingSuffix { input: input.to_string() })?;

    if let Some((prefix, digits)) = body.split_once("字第") {
        return parse_legacy(input, year, prefix, digits);
    }

    let (head, digits) = split_trailing_digits(body);
    let seq = parse_seq(input, digits)?;
    let court_err = |reason: String| CaseNoError::Court { input: input.to_string(), reason };
    let (court_code, middle) = if let Some(after) = head.strip_prefix(SPC) {
        (SPC.to_string(), after)
    } else {
        let Some(first) = head.chars().next() else {
            return Err(court_err("缺少法院代字".to_string()));
        };
        if !COURT_PROVINCES.contains(first) {
            return Err(court_err(format!("“{first}”不是省级简称（如苏、京）或“最高法”、“内”、“兵”、“军”")));
        }
        let after_first = &head[first.len_utf8()..];
        let court_digits = after_first.len() - after_first.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if ![0, 2, 4].contains(&court_digits) {
            return Err(court_err(format!(
                "简称后的数字应为 0、2 或 4 位（高院、中院、基层法院），实际为 {court_digits} 位"
            )));
        }
        let split = first.len_utf8() + court_digits;
        (head[..split].to_string(), &head[split..])
    };
    if middle.is_empty() {
        return Err(CaseNoError::MissingType { input: input.to_string() });
    }
    let (special_code, type_code) = if is_known_code(middle, false) {
        (None, middle)
    } else {
        let mut chars = middle.chars();
        match chars.next() {
            Some(sp) if !sp.is_ascii() && is_known_code(chars.as_str(), false) => {
                (Some(sp.to_string()), chars.as_str())
            }
            _ => {
                return Err(CaseNoError::UnknownType { input: input.to_string(), code: middle.to_string() });
            }
        }
    };
    Ok(CaseNo { year, court_code, special_code, type_code: type_code.to_string(), seq, legacy: false })
}

/// Pre-2016 form: court abbreviation + type code + "字第" + number + "号".
/// The type code is the longest known code at the end of the prefix; what
/// is before it is the court's abbreviation.
fn parse_legacy(input: &str, year: i32, prefix: &str, digits: &str) -> Result<CaseNo, CaseNoError> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CaseNoError::BadSeq { input: input.to_string(), seq: digits.to_string() });
    }
    let seq = parse_seq(input, digits)?;
    let best = TYPE_CODES
        .iter()
        .chain(LEGACY_TYPE_CODES)
        .filter(|code| prefix.len() > code.len() && prefix.ends_with(**code))
        .max_by_key(|code| code.len());
    let Some(type_code) = best else {
        return Err(if prefix.is_empty() || is_known_code(prefix, true) {
            CaseNoError::Court { input: input.to_string(), reason: "缺少法院代字".to_string() }
        } else {
            CaseNoError::UnknownType { input: input.to_string(), code: prefix.to_string() }
        });
    };
    let court_code = &prefix[..prefix.len() - type_code.len()];
    if court_code.chars().any(|c| c.is_ascii()) {
        return Err(CaseNoError::Court {
            input: input.to_string(),
            reason: format!("旧案号的法院简称“{court_code}”应为汉字"),
        });
    }
    Ok(CaseNo {
        year,
        court_code: court_code.to_string(),
        special_code: None,
        type_code: (*type_code).to_string(),
        seq,
        legacy: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_numbers() {
        // input, year, court, special, type, seq, legacy
        type Row = (&'static str, i32, &'static str, Option<&'static str>, &'static str, u32, bool);
        let cases: &[Row] = &[
            ("（2024）苏0205执1234号", 2024, "苏0205", None, "执", 1234, false),
            ("(2024)苏0205执恢12号", 2024, "苏0205", None, "执恢", 12, false),
            ("〔2023〕苏02执复5号", 2023, "苏02", None, "执复", 5, false),
            ("[2022]最高法执监100号", 2022, "最高法", None, "执监", 100, false),
            ("（2024）苏执他3号", 2024, "苏", None, "执他", 3, false),
            ("（2023）苏0205民初123号", 2023, "苏0205", None, "民初", 123, false),
            ("（2020）苏0115知民初45号", 2020, "苏0115", Some("知"), "民初", 45, false),
            ("（2019）京73民初1号", 2019, "京73", None, "民初", 1, false),
            ("（2021）内0102执保77号", 2021, "内0102", None, "执保", 77, false),
            ("（2021）兵0101执异9号", 2021, "兵0101", None, "执异", 9, false),
            ("（2024）苏0205破申3号", 2024, "苏0205", None, "破申", 3, false),
            ("（2024）苏0205破3号", 2024, "苏0205", None, "破", 3, false),
            ("（2024）粤0703执协8号", 2024, "粤0703", None, "执协", 8, false),
            ("（2024）苏0205财保8号", 2024, "苏0205", None, "财保", 8, false),
            (" （2024） 苏0205 执 1234 号 ", 2024, "苏0205", None, "执", 1234, false),
            ("（２０２４）苏０２０５执１２３４号", 2024, "苏0205", None, "执", 1234, false),
            ("【2024】苏0205执01号", 2024, "苏0205", None, "执", 1, false),
            ("（2014）锡滨执字第00123号", 2014, "锡滨", None, "执", 123, true),
            ("(2013)东民初字第456号", 2013, "东", None, "民初", 456, true),
            ("（2015）锡滨执恢字第5号", 2015, "锡滨", None, "执恢", 5, true),
            ("(2012)浙杭商终字第12号", 2012, "浙杭", None, "商终", 12, true),
            ("（2010）海民一初字第7号", 2010, "海", None, "民一初", 7, true),
        ];
        for (input, year, court, special, type_code, seq, legacy) in cases {
            let c = parse_case_no(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                (c.year, c.court_code.as_str(), c.special_code.as_deref(), c.type_code.as_str(), c.seq, c.legacy),
                (*year, *court, *special, *type_code, *seq, *legacy),
                "{input}"
            );
            // Display is canonical and parses back to the same value.
            assert_eq!(parse_case_no(&c.to_string()).unwrap(), c, "{input}");
        }
    }

    #[test]
    fn bad_numbers() {
        let cases = [
            ("", "案号不能为空"),
            ("   ", "案号不能为空"),
            ("2024苏0205执1234号", "案号“2024苏0205执1234号”缺少括号中的收案年度，应形如（2024）苏0205执1234号"),
            ("（2024苏0205执1234号", "案号“（2024苏0205执1234号”缺少括号中的收案年度，应形如（2024）苏0205执1234号"),
            ("（24）苏0205执1号", "案号“（24）苏0205执1号”中的收案年度“24”无效，应为 4 位年份"),
            ("（1900）苏0205执1号", "案号“（1900）苏0205执1号”中的收案年度“1900”无效，应为 4 位年份"),
            ("（2024）苏0205执1234", "案号“（2024）苏0205执1234”应以“号”结尾"),
            ("（2024）苏0205执号", "案号“（2024）苏0205执号”缺少案件编号（“号”前的数字）"),
            ("（2024）苏0205执0号", "案号“（2024）苏0205执0号”中的案件编号“0”无效，应为正整数"),
            (
                "（2024）苏0205执99999999999号",
                "案号“（2024）苏0205执99999999999号”中的案件编号“99999999999”无效，应为正整数",
            ),
            (
                "（2024）A0205执1号",
                "案号“（2024）A0205执1号”中的法院代字无效：“A”不是省级简称（如苏、京）或“最高法”、“内”、“兵”、“军”",
            ),
            (
                "（2024）苏020执1号",
                "案号“（2024）苏020执1号”中的法院代字无效：简称后的数字应为 0、2 或 4 位（高院、中院、基层法院），实际为 3 位",
            ),
            ("（2024）苏0205号", "案号“（2024）苏0205号”缺少类型代字（如“执”“执恢”“民初”）"),
            ("（2024）苏0205执行1号", "案号“（2024）苏0205执行1号”中的类型代字“执行”不是已知的案件类型代字"),
            ("（2024）苏0205知1号", "案号“（2024）苏0205知1号”中的类型代字“知”不是已知的案件类型代字"),
            ("（2024）苏0205民一初1号", "案号“（2024）苏0205民一初1号”中的类型代字“民一初”不是已知的案件类型代字"),
            ("（2024）苏0205A执1号", "案号“（2024）苏0205A执1号”中的类型代字“A执”不是已知的案件类型代字"),
            ("（2014）字第1号", "案号“（2014）字第1号”中的法院代字无效：缺少法院代字"),
            ("（2014）锡滨字第1号", "案号“（2014）锡滨字第1号”中的类型代字“锡滨”不是已知的案件类型代字"),
            ("（2014）执字第1号", "案号“（2014）执字第1号”中的法院代字无效：缺少法院代字"),
            ("（2014）锡滨执字第号", "案号“（2014）锡滨执字第号”缺少案件编号（“号”前的数字）"),
            ("（2014）锡滨执字第1a号", "案号“（2014）锡滨执字第1a号”中的案件编号“1a”无效，应为正整数"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_case_no(input).unwrap_err().to_string(), want, "{input}");
        }
    }

    #[test]
    fn display_and_json() {
        let c = parse_case_no("(2020)苏0115知民初45号").unwrap();
        assert_eq!(c.to_string(), "（2020）苏0115知民初45号");
        assert_eq!(
            c.to_json(),
            serde_json::json!({"year": 2020, "court_code": "苏0115", "special_code": "知", "type_code": "民初", "seq": 45})
        );
        let c = parse_case_no("（2024）苏0205执1234号").unwrap();
        assert_eq!(
            c.to_json(),
            serde_json::json!({"year": 2024, "court_code": "苏0205", "special_code": null, "type_code": "执", "seq": 1234})
        );
        assert_eq!(c.case_type(), Some(CaseType::First));
        let legacy = parse_case_no("（2014）锡滨执字第00123号").unwrap();
        assert_eq!(legacy.to_string(), "（2014）锡滨执字第123号");
        assert_eq!("（2024）苏0205执恢2号".parse::<CaseNo>().unwrap().case_type(), Some(CaseType::Resumed));
        assert_eq!(parse_case_no("（2023）苏0205民初123号").unwrap().case_type(), None);
    }

    #[test]
    fn case_types() {
        for t in CaseType::ALL {
            assert_eq!(CaseType::from_code(t.code()), Some(t));
            assert!(TYPE_CODES.contains(&t.code()));
            let j = serde_json::to_string(&t).unwrap();
            assert_eq!(j, format!("\"{}\"", t.code()));
            assert_eq!(serde_json::from_str::<CaseType>(&j).unwrap(), t);
            let parsed = parse_case_no(&format!("（2024）苏0205{}1号", t.code())).unwrap();
            assert_eq!(parsed.case_type(), Some(t));
        }
        assert_eq!(CaseType::Resumed.label_zh(), "恢复执行");
        assert_eq!(CaseType::from_code("民初"), None);
        let e = serde_json::from_str::<CaseType>("\"执行\"").unwrap_err().to_string();
        assert!(e.contains("执行案件类型代字“执行”无效"), "{e}");
    }

    #[test]
    fn code_tables_are_clean() {
        let mut all: Vec<&str> = TYPE_CODES.iter().chain(LEGACY_TYPE_CODES).copied().collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "duplicate type code");
        // 法〔2015〕137号 第7条: a type code has at most 3 characters.
        for code in TYPE_CODES {
            assert!((1..=3).contains(&code.chars().count()), "{code}");
            assert!(code.chars().all(|c| !c.is_ascii()), "{code}");
        }
    }
}
