//! Identifiers of parties and property: resident ID numbers, unified social
//! credit codes and vehicle plates.
//!
//! Both the 失信 list (失信规定第六条) and the 终本 database publish the
//! debtor's 身份证号码 or 统一社会信用代码, and a wrong number puts the
//! sanction on the wrong person. So numbers are checked on entry with the
//! check characters their national standards define, and shown masked
//! wherever the full number is not needed.
//!
//! All checks are pure; "today" is a parameter.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Errors of identifier checks. The texts are shown to court users and name
/// the field; they never repeat a full ID number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Nothing was entered.
    #[error("{field}不能为空")]
    Empty {
        /// 身份证号 / 统一社会信用代码 / 车牌号.
        field: &'static str,
    },
    /// Wrong number of characters.
    #[error("{field}应为 {expected}，实际为 {actual} 位")]
    Length {
        /// Which field.
        field: &'static str,
        /// Description of the allowed lengths.
        expected: &'static str,
        /// Characters entered.
        actual: usize,
    },
    /// A character outside the allowed set.
    #[error("{field}第 {position} 位“{ch}”不是允许的字符（{allowed}）")]
    Character {
        /// Which field.
        field: &'static str,
        /// 1-based position.
        position: usize,
        /// The offending character.
        ch: char,
        /// What is allowed there.
        allowed: &'static str,
    },
    /// The check character does not match.
    #[error("{field}校验码错误：应为 {expected}，实际为 {actual}")]
    CheckChar {
        /// Which field (or part, e.g. 组织机构代码).
        field: &'static str,
        /// The check character the standard gives.
        expected: char,
        /// The character entered.
        actual: char,
    },
    /// The first two digits are not a provincial-level division code.
    #[error("{field}地区码“{code}”不是有效的省级行政区划代码")]
    Region {
        /// Which field.
        field: &'static str,
        /// The first two digits (or the six-digit region).
        code: String,
    },
    /// The birth-date digits are not a real date.
    #[error("身份证号中的出生日期“{digits}”不是有效日期")]
    BirthDate {
        /// The eight date digits (yyyyMMdd).
        digits: String,
    },
    /// The birth date is after today.
    #[error("身份证号中的出生日期 {birth} 晚于今天（{today}）")]
    FutureBirth {
        /// Birth date read from the number.
        birth: NaiveDate,
        /// The reference day.
        today: NaiveDate,
    },
    /// The birth date is implausibly early.
    #[error("身份证号中的出生日期 {birth} 早于 1870 年，不合理")]
    AncientBirth {
        /// Birth date read from the number.
        birth: NaiveDate,
    },
    /// Unknown registration authority (1st character of a USCC).
    #[error("统一社会信用代码第 1 位登记管理部门代码“{0}”不存在")]
    UsccAuthority(char),
    /// Unknown organisation type for the authority (2nd character).
    #[error("统一社会信用代码第 2 位机构类别代码“{kind}”不属于登记管理部门“{authority}”")]
    UsccType {
        /// The authority code (1st character).
        authority: char,
        /// The type code (2nd character).
        kind: char,
    },
    /// A vehicle plate that does not follow GA 36.
    #[error("车牌号“{plate}”{reason}")]
    Plate {
        /// The plate after normalisation.
        plate: String,
        /// What is wrong.
        reason: String,
    },
}

/// Sex as recorded in the resident ID number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// 男: odd 17th digit.
    Male,
    /// 女: even 17th digit.
    Female,
}

impl Sex {
    /// "男" or "女".
    pub fn label_zh(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

impl Serialize for Sex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label_zh())
    }
}

impl<'de> Deserialize<'de> for Sex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.as_str() {
            "男" => Ok(Sex::Male),
            "女" => Ok(Sex::Female),
            other => Err(serde::de::Error::custom(format!("性别“{other}”无效，应为“男”或“女”"))),
        }
    }
}

/// Full-width ASCII (Ａ１ etc., common from Chinese input methods) to
/// half-width, and the ideographic space to a plain space.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

// ------------------------------------------------------- resident ID ----

const FIELD_RESIDENT_ID: &str = "身份证号";

/// GB 11643-1999 §7.2: weight of position i (1-based, from the left) is
/// 2^(18-i) mod 11.
const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// ISO 7064 MOD 11-2: check character for (Σ digit × weight) mod 11.
const RESIDENT_CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Provincial-level codes of GB/T 2260 (first two digits of the address
/// code): the 31 mainland divisions, 71 台湾, 81 香港, 82 澳门; and 83, the
/// code given to Taiwan residents' residence permits (港澳台居民居住证申领发放
/// 办法, 国办发〔2018〕81号: addresses 810000 / 820000 / 830000).
const PROVINCE_CODES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82, 83,
];

/// A checked 公民身份号码 (GB 11643-1999).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResidentId {
    /// The 18-character number, with an upper-case X.
    pub number: String,
    /// Digits 7–14.
    pub birth_date: NaiveDate,
    /// From digit 17.
    pub sex: Sex,
    /// Entered as a 15-digit first-generation number and converted.
    pub converted_from_15: bool,
}

impl ResidentId {
    /// Age in full years (周岁) on `date`, 0 before the birth date. A person
    /// born on 29 February gains a year on 1 March in common years.
    ///
    /// Note: for criminal responsibility the SPC counts 周岁 "从周岁生日的第二天
    /// 起算" (法释〔2006〕1号 第二条); callers applying that rule pass the day before.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        age_between(self.birth_date, date)
    }
}

fn age_between(birth: NaiveDate, date: NaiveDate) -> u32 {
    if date < birth {
        return 0;
    }
    let mut years = date.year() - birth.year();
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The check character for the first 17 digits (ASCII digits expected).
fn resident_check_char(first17: &[u8]) -> char {
    let sum: u32 = first17.iter().zip(RESIDENT_WEIGHTS).map(|(b, w)| u32::from(b.saturating_sub(b'0')) * w).sum();
    RESIDENT_CHECK[(sum % 11) as usize]
}

/// Trim, half-width, upper-case x.
fn normalise_id(s: &str) -> String {
    halfwidth(s).trim().to_ascii_uppercase()
}

/// Reads the parts common to both generations once the number is 18
/// characters: region, birth date, sex. Does not look at the check digit.
fn resident_fields(number: &str, today: NaiveDate) -> Result<(NaiveDate, Sex), IdError> {
    let bytes = number.as_bytes();
    let region = &number[..2];
    let province: u8 = region.parse().unwrap_or(0);
    if !PROVINCE_CODES.contains(&province) {
        return Err(IdError::Region { field: FIELD_RESIDENT_ID, code: region.to_string() });
    }
    let digits = &number[6..14];
    let birth = yyyymmdd(digits).ok_or_else(|| IdError::BirthDate { digits: digits.to_string() })?;
    if birth > today {
        return Err(IdError::FutureBirth { birth, today });
    }
    // Resident ID cards exist since 1984; nobody born before 1870 was alive
    // to receive one. This catches typos in the century.
    if birth.year() < 1870 {
        return Err(IdError::AncientBirth { birth });
    }
    let sex = if (bytes[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
    Ok((birth, sex))
}

/// Eight ASCII digits as a date.
fn yyyymmdd(digits: &str) -> Option<NaiveDate> {
    let y = digits.get(0..4)?.parse().ok()?;
    let m = digits.get(4..6)?.parse().ok()?;
    let d = digits.get(6..8)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Checks the shape: 18 characters of which the first 17 are digits and the
/// last a digit or X, or 15 digits. Returns the 18-character form (15-digit
/// numbers converted) and whether it was converted.
fn resident_shape(n: &str) -> Result<(String, bool), IdError> {
    let len = n.chars().count();
    if len == 0 {
        return Err(IdError::Empty { field: FIELD_RESIDENT_ID });
    }
    if len != 18 && len != 15 {
        return Err(IdError::Length {
            field: FIELD_RESIDENT_ID, expected: "18 位（或 15 位旧号码）", actual: len
        });
    }
    for (i, c) in n.chars().enumerate() {
        let last18 = len == 18 && i == 17;
        if !(c.is_ascii_digit() || (last18 && c == 'X')) {
            return Err(IdError::Character {
                field: FIELD_RESIDENT_ID,
                position: i + 1,
                ch: c,
                allowed: if last18 { "数字或 X" } else { "数字" },
            });
        }
    }
    if len == 18 {
        return Ok((n.to_string(), false));
    }
    // GB 11643-1999 §8 / first-generation cards: 6-digit address, yyMMdd,
    // 3-digit order, no check digit. The century is always 19: 15-digit
    // numbers were issued only to people born in the 20th century.
    let mut first17 = String::with_capacity(18);
    first17.push_str(&n[..6]);
    first17.push_str("19");
    first17.push_str(&n[6..15]);
    let check = resident_check_char(first17.as_bytes());
    first17.push(check);
    Ok((first17, true))
}

/// Parses and checks a 公民身份号码 (GB 11643-1999): 18 characters with the
/// ISO 7064 MOD 11-2 check character (lower-case x accepted), a real
/// provincial code, a real birth date not after `today`. A 15-digit
/// first-generation number is converted to 18 digits.
pub fn parse_resident_id(s: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
    let n = normalise_id(s);
    let (number, converted_from_15) = resident_shape(&n)?;
    if !converted_from_15 {
        let expected = resident_check_char(&number.as_bytes()[..17]);
        let actual = number.chars().nth(17).unwrap_or(' ');
        if expected != actual {
            return Err(IdError::CheckChar { field: FIELD_RESIDENT_ID, expected, actual });
        }
    }
    let (birth_date, sex) = resident_fields(&number, today)?;
    Ok(ResidentId { number, birth_date, sex, converted_from_15 })
}

/// Masks a resident ID number for display: the first 6 and the last 4
/// characters stay, everything between becomes `*`
/// (`110105********002X`).
///
/// Why these: the middle 8 digits are the birth date, which together with a
/// name is what identity fraud needs; the region (first 6) and the last 4
/// (order code, sex digit, check character) are enough for a clerk to tell
/// two parties apart and to confirm the number with its holder. A 15-digit
/// number keeps its first 6 and last 3 (the order code) so that no birth
/// digit shows. Other input keeps at most its first 3 and last 2 characters.
pub fn mask_resident_id(s: &str) -> String {
    let chars: Vec<char> = normalise_id(s).chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        18.. => (6, 4),
        15..=17 => (6, 3),
        8..=14 => (3, 2),
        _ => (0, 0),
    };
    mask_keep(&chars, head, tail)
}

/// Masks a phone number: first 3 and last 4 characters stay
/// (`138****5678`), the usual form on Chinese service sites. Numbers shorter
/// than 8 characters keep only their last 2.
pub fn mask_phone(s: &str) -> String {
    let chars: Vec<char> = halfwidth(s).trim().chars().collect();
    let (head, tail) = if chars.len() >= 8 { (3, 4) } else { (0, 2.min(chars.len())) };
    mask_keep(&chars, head, tail)
}

fn mask_keep(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    chars.iter().enumerate().map(|(i, c)| if i < head || i + tail >= n { *c } else { '*' }).collect()
}

// ------------------------------------------------------------- USCC ----

const FIELD_USCC: &str = "统一社会信用代码";
const FIELD_ORG_CODE: &str = "统一社会信用代码中的组织机构代码";

/// GB 32100-2015: the 31 characters used, in value order (no I, O, S, V, Z).
const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// GB 32100-2015: weight of position i is 3^(i-1) mod 31.
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// GB 11714-1997: weights of the 8 body characters of an organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Registration authorities (1st character) and their organisation types
/// (2nd character), from GB 32100-2015 附录 (codes 1, 5, 9, Y) and the
/// authorities added since (2–4, 6–8, A, N), as listed by the national
/// credit-code centre.
/// (code, name, [(type code, type name)]).
type Authority = (char, &'static str, &'static [(char, &'static str)]);

const USCC_AUTHORITIES: [Authority; 12] = [
    ('1', "机构编制", &[('1', "机关"), ('2', "事业单位"), ('3', "中央编办直接管理机构编制的群众团体"), ('9', "其他")]),
    ('2', "外交", &[('1', "外国常驻新闻机构"), ('9', "其他")]),
    (
        '3',
        "司法行政",
        &[
            ('1', "律师执业机构"),
            ('2', "公证处"),
            ('3', "基层法律服务所"),
            ('4', "司法鉴定机构"),
            ('5', "仲裁委员会"),
            ('9', "其他"),
        ],
    ),
    ('4', "文化", &[('1', "外国在华文化中心"), ('9', "其他")]),
    ('5', "民政", &[('1', "社会团体"), ('2', "民办非企业单位"), ('3', "基金会"), ('9', "其他")]),
    (
        '6',
        "旅游",
        &[('1', "外国旅游部门常驻代表机构"), ('2', "港澳台地区旅游部门常驻内地（大陆）代表机构"), ('9', "其他")],
    ),
    ('7', "宗教", &[('1', "宗教活动场所"), ('2', "宗教院校"), ('9', "其他")]),
    ('8', "工会", &[('1', "基层工会"), ('9', "其他")]),
    ('9', "工商", &[('1', "企业"), ('2', "个体工商户"), ('3', "农民专业合作社")]),
    ('A', "中央军委改革和编制办公室", &[('1', "军队事业单位"), ('9', "其他")]),
    ('N', "农业", &[('1', "组级集体经济组织"), ('2', "村级集体经济组织"), ('3', "乡镇级集体经济组织"), ('9', "其他")]),
    ('Y', "其他", &[('1', "其他")]),
];

/// A checked 统一社会信用代码 (GB 32100-2015).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Uscc {
    /// The 18 characters, upper case.
    pub code: String,
    /// 1st character: 登记管理部门代码.
    pub authority: char,
    /// The authority's name, e.g. "工商".
    pub authority_zh: &'static str,
    /// 2nd character: 机构类别代码.
    pub org_type: char,
    /// The type's name, e.g. "企业".
    pub org_type_zh: &'static str,
    /// Characters 3–8: 登记管理机关行政区划码.
    pub region: String,
    /// Characters 9–17: the organisation code (GB 11714), 9 characters
    /// including its own check character.
    pub org_code: String,
}

fn uscc_value(c: char) -> Option<u32> {
    USCC_CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The GB 32100 check character for the first 17 characters (which must be
/// in the character set).
fn uscc_check_char(first17: &[char]) -> char {
    let sum: u32 = first17.iter().zip(USCC_WEIGHTS).map(|(c, w)| uscc_value(*c).unwrap_or(0) * w).sum();
    let v = (31 - sum % 31) % 31;
    USCC_CHARSET.chars().nth(v as usize).unwrap_or('0')
}

/// The GB 11714 check character for 8 body characters (digits, or upper-case
/// letters valued A=10 … Z=35): 11 − (Σ value × weight mod 11); 10 → X, 11 → 0.
fn org_check_char(body: &[char]) -> char {
    let sum: u32 = body.iter().zip(ORG_WEIGHTS).map(|(c, w)| c.to_digit(36).unwrap_or(0) * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10).unwrap_or('0'),
    }
}

/// Parses and checks a 统一社会信用代码 (GB 32100-2015): 18 characters from
/// the 31-character set, the check character, a known registration
/// authority and type, a six-digit region, and the embedded organisation
/// code's own GB 11714 check character. Lower case is accepted.
pub fn parse_uscc(s: &str) -> Result<Uscc, IdError> {
    let code = normalise_id(s);
    let chars: Vec<char> = code.chars().collect();
    if chars.is_empty() {
        return Err(IdError::Empty { field: FIELD_USCC });
    }
    if chars.len() != 18 {
        return Err(IdError::Length { field: FIELD_USCC, expected: "18 位", actual: chars.len() });
    }
    for (i, c) in chars.iter().enumerate() {
        if uscc_value(*c).is_none() {
            return Err(IdError::Character {
                field: FIELD_USCC,
                position: i + 1,
                ch: *c,
                allowed: "数字或除 I、O、S、V、Z 以外的大写字母",
            });
        }
    }
    let expected = uscc_check_char(&chars[..17]);
    if expected != chars[17] {
        return Err(IdError::CheckChar { field: FIELD_USCC, expected, actual: chars[17] });
    }
    let (authority, org_type) = (chars[0], chars[1]);
    let Some((_, authority_zh, types)) = USCC_AUTHORITIES.iter().find(|(a, _, _)| *a == authority) else {
        return Err(IdError::UsccAuthority(authority));
    };
    let Some((_, org_type_zh)) = types.iter().find(|(t, _)| *t == org_type) else {
        return Err(IdError::UsccType { authority, kind: org_type });
    };
    let region: String = chars[2..8].iter().collect();
    for (i, c) in chars[2..8].iter().enumerate() {
        if !c.is_ascii_digit() {
            return Err(IdError::Character {
                field: FIELD_USCC,
                position: i + 3,
                ch: *c,
                allowed: "登记管理机关行政区划码应为数字",
            });
        }
    }
    // 100000 is the code of the national level (registrations by central
    // authorities); otherwise the first two digits are a province.
    let province: u8 = region[..2].parse().unwrap_or(0);
    if region != "100000" && !PROVINCE_CODES.contains(&province) {
        return Err(IdError::Region { field: FIELD_USCC, code: region });
    }
    let org_expected = org_check_char(&chars[8..16]);
    if org_expected != chars[16] {
        return Err(IdError::CheckChar { field: FIELD_ORG_CODE, expected: org_expected, actual: chars[16] });
    }
    Ok(Uscc { org_code: chars[8..17].iter().collect(), code, authority, authority_zh, org_type, org_type_zh, region })
}

// --------------------------------------------------------- check_id ----

/// Which kind of identifier a value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 公民身份号码.
    ResidentId,
    /// 统一社会信用代码.
    Uscc,
}

/// The answer of [`check_id`], serialised as
/// `{"valid", "kind", "reason"}` plus `birth_date` and `sex` when a resident
/// ID's birth date could be read (even if, say, its check digit is wrong).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdCheck {
    /// Whether the value is a valid identifier.
    pub valid: bool,
    /// What it looks like; `None` (null) when it is neither shape.
    pub kind: Option<IdKind>,
    /// "有效", or what is wrong, in Chinese.
    pub reason: String,
    /// Birth date of a recognised resident ID, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Sex of a recognised resident ID, "男"/"女".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
}

fn looks_like_resident_id(n: &str) -> bool {
    let b = n.as_bytes();
    match b.len() {
        15 => b.iter().all(u8::is_ascii_digit),
        18 => b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X'),
        _ => false,
    }
}

fn looks_like_uscc(n: &str) -> bool {
    n.len() == 18 && n.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Checks a value entered as "ID number" without saying which kind: a
/// resident ID (18 or 15 digits) or a unified social credit code.
///
/// A value of 18 digits (or 17 and X) fits both shapes; it is reported as a
/// resident ID unless it is a valid USCC and not a valid resident ID.
pub fn check_id(value: &str, today: NaiveDate) -> IdCheck {
    let n = normalise_id(value);
    let resident_shape = looks_like_resident_id(&n);
    let uscc_shape = looks_like_uscc(&n);
    if resident_shape {
        match parse_resident_id(&n, today) {
            Ok(id) => {
                return IdCheck {
                    valid: true,
                    kind: Some(IdKind::ResidentId),
                    reason: if id.converted_from_15 {
                        format!("有效（15 位旧号码，对应 18 位号码 {}）", id.number)
                    } else {
                        "有效".to_string()
                    },
                    birth_date: Some(id.birth_date),
                    sex: Some(id.sex),
                };
            }
            Err(e) => {
                if uscc_shape && parse_uscc(&n).is_ok() {
                    return uscc_valid();
                }
                // Still show birth date and sex when they are readable, so a
                // clerk can compare them with the party's other papers.
                let readable = resident_shape_fields(&n, today);
                return IdCheck {
                    valid: false,
                    kind: Some(IdKind::ResidentId),
                    reason: e.to_string(),
                    birth_date: readable.map(|r| r.0),
                    sex: readable.map(|r| r.1),
                };
            }
        }
    }
    if uscc_shape {
        return match parse_uscc(&n) {
            Ok(_) => uscc_valid(),
            Err(e) => {
                IdCheck { valid: false, kind: Some(IdKind::Uscc), reason: e.to_string(), birth_date: None, sex: None }
            }
        };
    }
    let reason = if n.is_empty() {
        "证件号码不能为空".to_string()
    } else {
        format!(
            "证件号码共 {} 位，既不是身份证号（18 位或 15 位数字），也不是统一社会信用代码（18 位数字或字母）",
            n.chars().count()
        )
    };
    IdCheck { valid: false, kind: None, reason, birth_date: None, sex: None }
}

fn uscc_valid() -> IdCheck {
    IdCheck { valid: true, kind: Some(IdKind::Uscc), reason: "有效".to_string(), birth_date: None, sex: None }
}

fn resident_shape_fields(n: &str, today: NaiveDate) -> Option<(NaiveDate, Sex)> {
    let (number, _) = resident_shape(n).ok()?;
    match resident_fields(&number, today) {
        Ok(f) => Some(f),
        // A bad region code does not make the birth date unreadable.
        Err(IdError::Region { .. }) => {
            let birth = yyyymmdd(&number[6..14])?;
            if birth > today || birth.year() < 1870 {
                return None;
            }
            let sex = if (number.as_bytes()[16] - b'0') % 2 == 1 { Sex::Male } else { Sex::Female };
            Some((birth, sex))
        }
        Err(_) => None,
    }
}

// ------------------------------------------------------------ plates ----

/// Province abbreviations on civil plates (GA 36-2018 附录): 31 provincial
/// divisions; Inner Mongolia's plates read 蒙.
const PLATE_PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
/// Characters that may replace the last serial position (GA 36): coach
/// (学), police (警), trailer (挂), Hong Kong / Macau cross-border (港, 澳),
/// consulate (领).
const PLATE_SUFFIXES: &str = "学警挂港澳领";

fn plate_err(plate: &str, reason: &str) -> IdError {
    IdError::Plate { plate: plate.to_string(), reason: reason.to_string() }
}

/// Normalises a civil motor-vehicle plate (GA 36-2018) to its compact form,
/// e.g. "苏 b·12345" → "苏B12345".
///
/// Accepted: province abbreviation + issuing-authority letter + 5 serial
/// characters (digits and letters except I and O, which GA 36 excludes to
/// avoid confusion with 1 and 0; the last may be 学/警/挂/港/澳/领), or + 6
/// serial characters for new-energy plates: small cars D/F + 1 letter or
/// digit + 4 digits ("粤BD12345"), large vehicles 5 digits + D/F
/// ("粤B12345D"). Full-width characters, spaces, "·" and "-" are removed,
/// letters upper-cased. Military, embassy (使) and other special plates are
/// rejected.
pub fn normalize_plate(s: &str) -> Result<String, IdError> {
    let compact: String = halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '•' | '.' | '-' | '・' | '‧'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let chars: Vec<char> = compact.chars().collect();
    if chars.is_empty() {
        return Err(IdError::Empty { field: "车牌号" });
    }
    if !PLATE_PROVINCES.contains(chars[0]) {
        return Err(plate_err(&compact, &format!("的第 1 位“{}”不是省、自治区、直辖市简称", chars[0])));
    }
    if chars.len() != 7 && chars.len() != 8 {
        return Err(plate_err(
            &compact,
            &format!(
                "长度不对：普通号牌为省份简称 + 字母 + 5 位，新能源号牌为省份简称 + 字母 + 6 位，实际为 {} 位",
                chars.len()
            ),
        ));
    }
    if !chars[1].is_ascii_uppercase() {
        return Err(plate_err(&compact, "的第 2 位应为发牌机关代号（字母）"));
    }
    let serial = &chars[2..];
    if serial.iter().any(|c| matches!(c, 'I' | 'O')) {
        return Err(plate_err(&compact, "的序号不能含字母 I 或 O（GA 36）"));
    }
    let alnum = |c: &char| c.is_ascii_digit() || c.is_ascii_uppercase();
    if serial.len() == 5 {
        let (body, last) = (&serial[..4], serial[4]);
        if !body.iter().all(alnum) || !(alnum(&last) || PLATE_SUFFIXES.contains(last)) {
            return Err(plate_err(&compact, "的序号应为 5 位数字或字母（末位可为学、警、挂、港、澳、领）"));
        }
    } else {
        let digit = |c: &char| c.is_ascii_digit();
        let small = matches!(serial[0], 'D' | 'F') && alnum(&serial[1]) && serial[2..].iter().all(digit);
        let large = serial[..5].iter().all(digit) && matches!(serial[5], 'D' | 'F');
        if !small && !large {
            return Err(plate_err(
                &compact,
                "不是有效的新能源号牌：小型车为 D 或 F + 1 位字母或数字 + 4 位数字，大型车为 5 位数字 + D 或 F",
            ));
        }
    }
    Ok(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }

    /// Builds a valid 18-digit number from its first 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", resident_check_char(first17.as_bytes()))
    }

    /// Builds a valid USCC from its first 16 characters (org-code check and
    /// USCC check computed).
    fn uscc_with_checks(first16: &str) -> String {
        let chars: Vec<char> = first16.chars().collect();
        let mut v = chars.clone();
        v.push(org_check_char(&chars[8..16]));
        let c = uscc_check_char(&v);
        v.push(c);
        v.into_iter().collect()
    }

    #[test]
    fn gb11643_example() {
        let id = parse_resident_id("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date, d(1949, 12, 31));
        assert_eq!(id.sex, Sex::Female);
        assert!(!id.converted_from_15);
        assert_eq!(id.age_on(d(2026, 11, 22)), 76);
        // lower-case x, spaces and full-width digits are normalised
        let id = parse_resident_id(" １１010519491231002x ", today()).unwrap();
        assert_eq!(id.number, "11010519491231002X");
    }

    #[test]
    fn own_valid_numbers() {
        let cases = [
            ("32020519840315101", d(1984, 3, 15), Sex::Male),
            ("44030420000229002", d(2000, 2, 29), Sex::Female),
            ("65010220260101003", d(2026, 1, 1), Sex::Male),
            ("81000019900101000", d(1990, 1, 1), Sex::Female), // 港澳居民居住证
            ("83000019900101001", d(1990, 1, 1), Sex::Male),   // 台湾居民居住证
        ];
        for (first17, birth, sex) in cases {
            let n = with_check(first17);
            let id = parse_resident_id(&n, today()).unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!((id.birth_date, id.sex), (birth, sex), "{n}");
        }
    }

    #[test]
    fn resident_errors() {
        let t = today();
        let check = |s: &str, want: &str| {
            let e = parse_resident_id(s, t).unwrap_err().to_string();
            assert_eq!(e, want, "{s}");
        };
        check("110105194912310021", "身份证号校验码错误：应为 X，实际为 1");
        check("", "身份证号不能为空");
        check("1101051949123100", "身份证号应为 18 位（或 15 位旧号码），实际为 16 位");
        check("11010519491231002Y", "身份证号第 18 位“Y”不是允许的字符（数字或 X）");
        check("1101051949123100X2", "身份证号第 17 位“X”不是允许的字符（数字）");
        check(&with_check("32020519840230101"), "身份证号中的出生日期“19840230”不是有效日期");
        check(&with_check("32020519830229101"), "身份证号中的出生日期“19830229”不是有效日期");
        check(&with_check("32020520261123101"), "身份证号中的出生日期 2026-11-23 晚于今天（2026-11-22）");
        check(&with_check("32020518600101101"), "身份证号中的出生日期 1860-01-01 早于 1870 年，不合理");
        check(&with_check("99020519840315101"), "身份证号地区码“99”不是有效的省级行政区划代码");
        check(&with_check("10020519840315101"), "身份证号地区码“10”不是有效的省级行政区划代码");
        // Born today is fine.
        assert!(parse_resident_id(&with_check("32020520261122101"), t).is_ok());
    }

    #[test]
    fn single_digit_corruption_detected() {
        let good = with_check("32020519840315101");
        let bytes: Vec<char> = good.chars().collect();
        for i in 0..18 {
            for c in "0123456789X".chars() {
                if c == bytes[i] || (c == 'X' && i != 17) {
                    continue;
                }
                let mut v = bytes.clone();
                v[i] = c;
                let s: String = v.into_iter().collect();
                assert!(parse_resident_id(&s, today()).is_err(), "{s} accepted");
            }
        }
    }

    #[test]
    fn fifteen_digit_conversion() {
        // GB 11643 example person, first-generation form.
        let id = parse_resident_id("110105491231002", today()).unwrap();
        assert!(id.converted_from_15);
        assert_eq!(id.number, with_check("11010519491231002"));
        assert_eq!(id.birth_date, d(1949, 12, 31));
        assert_eq!(id.sex, Sex::Female);
        let id = parse_resident_id("320205840315101", today()).unwrap();
        assert_eq!(id.number, with_check("32020519840315101"));
        assert_eq!(id.sex, Sex::Male);
        assert!(parse_resident_id("320205840230101", today()).is_err());
    }

    #[test]
    fn ages() {
        let id = parse_resident_id(&with_check("44030420000229002"), today()).unwrap();
        assert_eq!(id.age_on(d(2018, 2, 28)), 17);
        assert_eq!(id.age_on(d(2018, 3, 1)), 18);
        assert_eq!(id.age_on(d(2020, 2, 29)), 20);
        assert_eq!(id.age_on(d(1999, 1, 1)), 0);
        assert_eq!(id.age_on(d(2000, 2, 29)), 0);
    }

    #[test]
    fn masks() {
        assert_eq!(mask_resident_id("11010519491231002X"), "110105********002X");
        assert_eq!(mask_resident_id("11010519491231002x"), "110105********002X");
        assert_eq!(mask_resident_id("110105491231002"), "110105******002");
        assert_eq!(mask_resident_id("12345678"), "123***78");
        assert_eq!(mask_resident_id("1234"), "****");
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("0510-85551234"), "051******1234");
        assert_eq!(mask_phone("5551234"), "*****34");
        assert_eq!(mask_phone("1"), "1");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn uscc_examples() {
        let u = parse_uscc("91350100M000100Y43").unwrap();
        assert_eq!((u.authority_zh, u.org_type_zh), ("工商", "企业"));
        assert_eq!(u.region, "350100");
        assert_eq!(u.org_code, "M000100Y4");
        assert_eq!(parse_uscc("91350100m000100y43").unwrap().code, "91350100M000100Y43");
        // Built ones, including a national-level region and an org code
        // whose check character is X.
        for first16 in ["1110000000001374", "52320205MJ000000", "92320205L1234567", "Y1110105ABCDEFGH"] {
            let code = uscc_with_checks(first16);
            parse_uscc(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
        }
        assert_eq!(org_check_char(&"D2143569".chars().collect::<Vec<_>>()), 'X');
    }

    #[test]
    fn uscc_single_char_corruption_detected() {
        let good: Vec<char> = "91350100M000100Y43".chars().collect();
        for i in 0..18 {
            for c in USCC_CHARSET.chars() {
                if c == good[i] {
                    continue;
                }
                let mut v = good.clone();
                v[i] = c;
                let s: String = v.into_iter().collect();
                assert!(parse_uscc(&s).is_err(), "{s} accepted");
            }
        }
    }

    #[test]
    fn uscc_errors() {
        let check = |s: &str, want: &str| {
            assert_eq!(parse_uscc(s).unwrap_err().to_string(), want, "{s}");
        };
        check("91350100M000100Y44", "统一社会信用代码校验码错误：应为 3，实际为 4");
        check("91350100M000100Y4", "统一社会信用代码应为 18 位，实际为 17 位");
        check(
            "91350100M0001O0Y43",
            "统一社会信用代码第 14 位“O”不是允许的字符（数字或除 I、O、S、V、Z 以外的大写字母）",
        );
        check(&uscc_with_checks("B1350100M000100Y"), "统一社会信用代码第 1 位登记管理部门代码“B”不存在");
        check(&uscc_with_checks("94350100M000100Y"), "统一社会信用代码第 2 位机构类别代码“4”不属于登记管理部门“9”");
        check(
            &uscc_with_checks("9135A100M000100Y"),
            "统一社会信用代码第 5 位“A”不是允许的字符（登记管理机关行政区划码应为数字）",
        );
        check(&uscc_with_checks("91990100M000100Y"), "统一社会信用代码地区码“990100”不是有效的省级行政区划代码");
        // Org-code check wrong but USCC check recomputed to match.
        let mut v: Vec<char> = "91350100M000100Y5".chars().collect();
        let c = uscc_check_char(&v);
        v.push(c);
        let s: String = v.into_iter().collect();
        check(&s, "统一社会信用代码中的组织机构代码校验码错误：应为 4，实际为 5");
    }

    #[test]
    fn check_id_json() {
        let t = today();
        let j = |s: &str| serde_json::to_value(check_id(s, t)).unwrap();
        assert_eq!(
            j("11010519491231002X"),
            serde_json::json!({"valid": true, "kind": "resident_id", "reason": "有效", "birth_date": "1949-12-31", "sex": "女"})
        );
        assert_eq!(
            j("110105194912310021"),
            serde_json::json!({"valid": false, "kind": "resident_id", "reason": "身份证号校验码错误：应为 X，实际为 1", "birth_date": "1949-12-31", "sex": "女"})
        );
        assert_eq!(
            j(&with_check("32020519840230101")),
            serde_json::json!({"valid": false, "kind": "resident_id", "reason": "身份证号中的出生日期“19840230”不是有效日期"})
        );
        assert_eq!(j("91350100M000100Y43"), serde_json::json!({"valid": true, "kind": "uscc", "reason": "有效"}));
        assert_eq!(
            j("91350100M000100Y44"),
            serde_json::json!({"valid": false, "kind": "uscc", "reason": "统一社会信用代码校验码错误：应为 3，实际为 4"})
        );
        assert_eq!(
            j("12345"),
            serde_json::json!({"valid": false, "kind": null, "reason": "证件号码共 5 位，既不是身份证号（18 位或 15 位数字），也不是统一社会信用代码（18 位数字或字母）"})
        );
        assert_eq!(j("  ")["reason"], "证件号码不能为空");
        let v = j("110105491231002");
        assert_eq!(v["valid"], true);
        assert_eq!(v["birth_date"], "1949-12-31");
        // An all-digit USCC is recognised as such.
        let all_digit = (0..10_000)
            .map(|i| format!("1110000000{i:04}00"))
            .map(|f| uscc_with_checks(&f))
            .find(|c| c.chars().all(|ch| ch.is_ascii_digit()))
            .unwrap();
        assert_eq!(j(&all_digit)["kind"], "uscc");
        assert_eq!(j(&all_digit)["valid"], true);
    }

    #[test]
    fn plates() {
        let ok = [
            ("苏B12345", "苏B12345"),
            (" 苏 b·12345 ", "苏B12345"),
            ("京Ａ１２３４５", "京A12345"),
            ("粤BD12345", "粤BD12345"),
            ("粤BFA2345", "粤BFA2345"),
            ("粤BDA1234", "粤BDA1234"),
            ("粤B12345D", "粤B12345D"),
            ("粤Z1234港", "粤Z1234港"),
            ("苏A1234学", "苏A1234学"),
            ("蒙K12A45", "蒙K12A45"),
            ("沪A-8B888", "沪A8B888"),
        ];
        for (input, want) in ok {
            assert_eq!(normalize_plate(input).unwrap(), want, "{input}");
        }
        let bad = [
            ("", "车牌号不能为空"),
            ("A12345", "车牌号“A12345”的第 1 位“A”不是省、自治区、直辖市简称"),
            ("港B12345", "车牌号“港B12345”的第 1 位“港”不是省、自治区、直辖市简称"),
            (
                "苏B1234",
                "车牌号“苏B1234”长度不对：普通号牌为省份简称 + 字母 + 5 位，新能源号牌为省份简称 + 字母 + 6 位，实际为 6 位",
            ),
            ("苏112345", "车牌号“苏112345”的第 2 位应为发牌机关代号（字母）"),
            ("苏B1234O", "车牌号“苏B1234O”的序号不能含字母 I 或 O（GA 36）"),
            ("苏BI2345", "车牌号“苏BI2345”的序号不能含字母 I 或 O（GA 36）"),
            ("苏B12港45", "车牌号“苏B12港45”的序号应为 5 位数字或字母（末位可为学、警、挂、港、澳、领）"),
            (
                "粤BA12345",
                "车牌号“粤BA12345”不是有效的新能源号牌：小型车为 D 或 F + 1 位字母或数字 + 4 位数字，大型车为 5 位数字 + D 或 F",
            ),
            (
                "粤B1234D5",
                "车牌号“粤B1234D5”不是有效的新能源号牌：小型车为 D 或 F + 1 位字母或数字 + 4 位数字，大型车为 5 位数字 + D 或 F",
            ),
        ];
        for (input, want) in bad {
            assert_eq!(normalize_plate(input).unwrap_err().to_string(), want, "{input}");
        }
    }
}
