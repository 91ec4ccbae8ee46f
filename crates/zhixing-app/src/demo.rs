//! Demo data: three Wuxi courts, their teams and accounts, and a few thousand
//! enforcement cases with fourteen months of history.
//!
//! Everything is written through the application's public commands, so every
//! change is in the courts' event chains exactly as if people had done it.
//! The history is planned first (every action of every case with its time),
//! then replayed in time order on a manual clock, so each chain is
//! chronological and deadlines fall where the dates put them: old open cases
//! are overdue, some are due soon.
//!
//! The data are deterministic: the same seed and the same "now" give the same
//! courts, people, numbers, amounts and histories. Names, companies,
//! identity numbers and credit codes are invented (the numbers carry valid
//! check characters so that they pass the filing checks).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use zhixing_crypto::Suite;
use zhixing_domain::calendar::Calendar;
use zhixing_domain::case::{Closure, PartyKind, PartyRole, Track};
use zhixing_domain::case_no::CaseType;
use zhixing_domain::filing::Claim;
use zhixing_domain::money::Fen;
use zhixing_domain::role::{CourtLevel, Role};

use crate::admin::UserInput;
use crate::auth::Actor;
use crate::cases::{CasePatch, FileCase, PartyInput};
use crate::{App, AppError, AppResult, ManualClock};

/// Number of cases seeded when not told otherwise.
pub const DEFAULT_CASES: usize = 2400;

/// How much demo data to make.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// Seed of the random generator: the same seed gives the same data.
    pub seed: u64,
    /// Number of enforcement cases (default 2,400).
    pub cases: usize,
    /// Password of every demo account.
    pub password: String,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { seed: 2026, cases: DEFAULT_CASES, password: "zhixing-demo".into() }
    }
}

/// One demo account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    /// Court code (法院代字), e.g. 苏0205.
    pub court: String,
    pub display_name: String,
}

/// What was seeded.
#[derive(Clone, Debug)]
pub struct DemoSummary {
    pub courts: usize,
    pub teams: usize,
    pub users: usize,
    pub cases: usize,
    /// Events in all chains together.
    pub events: u64,
    /// Every account, in creation order.
    pub logins: Vec<DemoLogin>,
}

// ------------------------------------------------------------ courts ----

const FAST_TEAM: &str = "快执团队";

struct CourtDef {
    code: &'static str,
    name: &'static str,
    level: CourtLevel,
    parent: Option<&'static str>,
    teams: &'static [&'static str],
    /// Suffix of the usernames of its accounts ("" for the showcase court).
    suffix: &'static str,
    /// Index into `DISTRICTS` of the court's own district.
    district: usize,
    /// Share of the cases.
    share: f64,
}

/// Index 0 is the intermediate court (created first, it is the parent);
/// index 1 (苏0205) is the showcase court with one account of every role.
const COURTS: [CourtDef; 3] = [
    CourtDef {
        code: "苏02",
        name: "无锡市中级人民法院",
        level: CourtLevel::Intermediate,
        parent: None,
        teams: &["执行一团队", "执行二团队"],
        suffix: "_02",
        district: 2,
        share: 0.14,
    },
    CourtDef {
        code: "苏0205",
        name: "无锡市锡山区人民法院",
        level: CourtLevel::Basic,
        parent: Some("苏02"),
        teams: &["执行一团队", "执行二团队", "执行三团队", FAST_TEAM],
        suffix: "",
        district: 0,
        share: 0.46,
    },
    CourtDef {
        code: "苏0211",
        name: "无锡市滨湖区人民法院",
        level: CourtLevel::Basic,
        parent: Some("苏02"),
        teams: &["执行一团队", "执行二团队", FAST_TEAM],
        suffix: "_0211",
        district: 1,
        share: 0.40,
    },
];

const SHOWCASE: usize = 1;
const INTERMEDIATE: usize = 0;

fn fast_team(court: usize) -> Option<usize> {
    COURTS.get(court).and_then(|c| c.teams.iter().position(|t| *t == FAST_TEAM))
}

/// Teams a new case may be assigned to at filing (not the fast team: cases
/// reach it through triage).
fn regular_teams(court: usize) -> Vec<usize> {
    COURTS
        .get(court)
        .map(|c| (0..c.teams.len()).filter(|i| c.teams.get(*i) != Some(&FAST_TEAM)).collect())
        .unwrap_or_default()
}

// ------------------------------------------------------------ places ----

struct District {
    /// As written after 无锡市 (区) or after 江苏省 (县级市).
    name: &'static str,
    county_city: bool,
    /// Division code used in ID numbers and credit codes.
    code: &'static str,
    streets: &'static [&'static str],
    roads: &'static [&'static str],
}

const DISTRICTS: [District; 7] = [
    District {
        name: "锡山区",
        county_city: false,
        code: "320205",
        streets: &["东亭街道", "安镇街道", "厚桥街道", "东北塘街道", "东港镇", "锡北镇", "鹅湖镇", "羊尖镇"],
        roads: &["锡沪中路", "团结中路", "二泉东路", "友谊北路", "东亭中路", "春笋路", "安泰一路", "云林路", "泾瑞路"],
    },
    District {
        name: "滨湖区",
        county_city: false,
        code: "320211",
        streets: &["蠡园街道", "河埒街道", "荣巷街道", "蠡湖街道", "雪浪街道", "马山街道", "胡埭镇"],
        roads: &["梁溪路", "蠡湖大道", "隐秀路", "梁清路", "湖滨路", "鸿桥路", "建筑路", "溪南路", "青祁路"],
    },
    District {
        name: "梁溪区",
        county_city: false,
        code: "320213",
        streets: &["崇安寺街道", "广益街道", "黄巷街道", "清名桥街道", "扬名街道", "惠山街道"],
        roads: &["中山路", "人民中路", "解放西路", "学前街", "五爱路", "广瑞路", "凤宾路", "通扬路"],
    },
    District {
        name: "新吴区",
        county_city: false,
        code: "320214",
        streets: &["旺庄街道", "硕放街道", "梅村街道", "鸿山街道", "江溪街道", "新安街道"],
        roads: &["长江路", "行创四路", "新华路", "锡士路", "叙丰路", "菱湖大道", "珠江路", "震泽路"],
    },
    District {
        name: "惠山区",
        county_city: false,
        code: "320206",
        streets: &["堰桥街道", "长安街道", "钱桥街道", "前洲街道", "洛社镇", "阳山镇"],
        roads: &["政和大道", "惠山大道", "吴韵路", "堰新路", "盛岸西路", "锡澄路"],
    },
    District {
        name: "江阴市",
        county_city: true,
        code: "320281",
        streets: &["澄江街道", "南闸街道", "周庄镇", "华士镇", "徐霞客镇", "青阳镇"],
        roads: &["人民东路", "澄江中路", "虹桥南路", "芙蓉大道", "长江路", "寿山路"],
    },
    District {
        name: "宜兴市",
        county_city: true,
        code: "320282",
        streets: &["宜城街道", "屺亭街道", "丁蜀镇", "和桥镇", "官林镇", "高塍镇"],
        roads: &["人民南路", "东山西路", "解放东路", "陶都路", "阳羡东路", "荆溪北路"],
    },
];

/// Address codes of ID numbers issued elsewhere (Jiangsu and the provinces
/// many Wuxi workers come from). Only the province part is checked.
const OTHER_ID_REGIONS: [&str; 24] = [
    "320202", "320203", "320204", "320222", "320283", "320102", "320106", "320111", "320402", "320481", "320506",
    "320582", "320583", "320602", "320684", "320721", "320826", "320923", "321023", "321284", "341221", "411526",
    "412723", "513022",
];

const ESTATE_HEADS: [&str; 20] = [
    "锦绣", "蠡湖", "太湖", "春江", "阳光", "翠竹", "金色", "东方", "梅园", "清扬", "望湖", "香樟", "天鹅", "碧桂",
    "华庭", "新都", "九里", "运河", "蓉湖", "紫金",
];
const ESTATE_TAILS: [&str; 7] = ["花园", "家园", "新村", "苑", "小区", "公寓", "雅苑"];

fn district_for(rng: &mut StdRng, court: usize) -> usize {
    let home = COURTS.get(court).map_or(0, |c| c.district);
    if court != INTERMEDIATE && chance(rng, 0.62) { home } else { rng.random_range(0..DISTRICTS.len()) }
}

fn place_prefix(d: &District) -> String {
    if d.county_city { format!("江苏省{}", d.name) } else { format!("无锡市{}", d.name) }
}

fn home_address(rng: &mut StdRng, district: usize) -> String {
    let d = district_ref(district);
    let estate = format!("{}{}", pick(rng, &ESTATE_HEADS), pick(rng, &ESTATE_TAILS));
    format!(
        "{}{}{}{}号{}{}号{}{:02}室",
        place_prefix(d),
        pick(rng, d.streets),
        pick(rng, d.roads),
        rng.random_range(1..=388),
        estate,
        rng.random_range(1..=45),
        rng.random_range(1..=18),
        rng.random_range(1..=4)
    )
}

fn business_address(rng: &mut StdRng, district: usize) -> String {
    let d = district_ref(district);
    let park = if chance(rng, 0.45) { "工业园区" } else { "" };
    format!("{}{}{}{}{}号", place_prefix(d), pick(rng, d.streets), park, pick(rng, d.roads), rng.random_range(1..=999))
}

fn district_ref(i: usize) -> &'static District {
    DISTRICTS.get(i).unwrap_or(&DISTRICTS[0])
}

// ------------------------------------------------------------- names ----

/// Family names, most common first (with the Wuxi names 华, 钱, 顾, 浦, 过, 荣).
const SURNAMES: [&str; 100] = [
    "王", "李", "张", "刘", "陈", "杨", "周", "吴", "徐", "朱", "黄", "赵", "孙", "钱", "顾", "沈", "陆", "华", "胡",
    "郭", "何", "高", "许", "秦", "蒋", "姚", "邵", "薛", "尤", "浦", "过", "荣", "严", "丁", "马", "林", "罗", "郑",
    "梁", "谢", "宋", "唐", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蔡", "余", "杜",
    "叶", "程", "苏", "魏", "吕", "任", "卢", "姜", "崔", "钟", "谭", "汪", "范", "金", "石", "贾", "夏", "方", "白",
    "邹", "孟", "熊", "邱", "江", "尹", "段", "雷", "侯", "史", "陶", "贺", "毛", "郝", "龚", "万", "戴", "孔", "汤",
    "缪", "倪", "殷", "祝", "承",
];
const MALE_GIVEN: [&str; 60] = [
    "伟", "强", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩",
    "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "阳", "建", "国", "峰", "磊", "亮", "东", "文", "晨", "志", "海",
    "新", "春", "荣", "忠", "庆", "兵", "彬", "毅", "锋", "成", "康", "星", "晓", "云", "立", "金", "振", "正", "天",
    "良", "卫", "德",
];
const FEMALE_GIVEN: [&str; 48] = [
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "萍", "红", "燕", "洁", "琳", "雪", "慧",
    "婷", "倩", "颖", "莉", "梅", "琴", "蓉", "凤", "美", "丹", "佳", "月", "兰", "欣", "怡", "悦", "晶", "璐", "岚",
    "蕾", "薇", "瑶", "芸", "露", "珍", "华", "莹", "春", "晓",
];

fn person_name(rng: &mut StdRng, male: bool) -> String {
    // Skewed towards the front of the list: common names are common.
    let u: f64 = rng.random();
    let idx = ((u.powf(1.7) * SURNAMES.len() as f64) as usize).min(SURNAMES.len() - 1);
    let surname = SURNAMES.get(idx).copied().unwrap_or("王");
    let pool: &[&str] = if male { &MALE_GIVEN } else { &FEMALE_GIVEN };
    let first = pick(rng, pool);
    if chance(rng, 0.28) {
        return format!("{surname}{first}");
    }
    let mut second = pick(rng, pool);
    while second == first {
        second = pick(rng, pool);
    }
    format!("{surname}{first}{second}")
}

const TRADE_CHARS: [&str; 60] = [
    "华", "盛", "德", "恒", "泰", "宏", "鑫", "瑞", "锦", "隆", "通", "达", "源", "汇", "联", "诚", "信", "博", "新",
    "立", "天", "利", "嘉", "丰", "永", "安", "荣", "昌", "合", "创", "卓", "启", "金", "科", "远", "力", "明", "宇",
    "峰", "海", "江", "阳", "正", "润", "腾", "晟", "昊", "凯", "亿", "佳", "祥", "福", "兴", "旺", "益", "邦", "晨",
    "誉", "铭", "驰",
];
#[rustfmt::skip]
const INDUSTRIES: [&str; 32] = [
    "机械制造", "精密机械", "纺织", "印染", "服饰", "电子科技", "电气设备", "新材料科技", "不锈钢制品", "金属制品",
    "汽车零部件", "建设工程", "建筑装饰工程", "装饰设计工程", "物流", "供应链管理", "贸易", "商贸", "化工",
    "塑料制品", "环保设备", "光伏科技", "餐饮管理", "酒店管理", "房地产开发", "信息技术", "网络科技", "包装材料",
    "家具", "印务", "轴承", "模具",
];
const PROPERTY_INDUSTRIES: [&str; 2] = ["物业管理", "物业服务"];

fn trade_name(rng: &mut StdRng) -> String {
    let a = pick(rng, &TRADE_CHARS);
    let mut b = pick(rng, &TRADE_CHARS);
    while b == a {
        b = pick(rng, &TRADE_CHARS);
    }
    format!("{a}{b}")
}

// ------------------------------------------------------- identifiers ----

const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character of 17 digits.
fn resident_check_char(first17: &str) -> char {
    let sum: u32 = first17.bytes().zip(RESIDENT_WEIGHTS).map(|(b, w)| u32::from(b.saturating_sub(b'0')) * w).sum();
    RESIDENT_CHECK.get((sum % 11) as usize).map_or('0', |b| char::from(*b))
}

/// An 18-character resident ID number: 6-digit address code, birth date,
/// 3-digit order code (odd for men), check character.
fn resident_id(region: &str, birth: NaiveDate, order: u32) -> String {
    let first17 = format!("{region}{:04}{:02}{:02}{:03}", birth.year(), birth.month(), birth.day(), order % 1000);
    let check = resident_check_char(&first17);
    format!("{first17}{check}")
}

const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11714 check character of the 8 body characters of an organization code.
fn org_check_char(body: &str) -> char {
    let sum: u32 = body.chars().zip(ORG_WEIGHTS).map(|(c, w)| c.to_digit(36).unwrap_or(0) * w).sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10).unwrap_or('0'),
    }
}

/// GB 32100 check character of the first 17 characters.
fn uscc_check_char(first17: &str) -> char {
    let sum: u32 = first17
        .chars()
        .zip(USCC_WEIGHTS)
        .map(|(c, w)| USCC_CHARSET.find(c).and_then(|i| u32::try_from(i).ok()).unwrap_or(0) * w)
        .sum();
    let v = (31 - sum % 31) % 31;
    USCC_CHARSET.chars().nth(v as usize).unwrap_or('0')
}

/// A unified social credit code of an enterprise (登记管理部门 9 工商, 类别 1
/// 企业) registered in `region`, embedding the organization code `body8`
/// plus its check character.
fn uscc(region: &str, body8: &str) -> String {
    let first17 = format!("91{region}{body8}{}", org_check_char(body8));
    let check = uscc_check_char(&first17);
    format!("{first17}{check}")
}

/// The 8 body characters of an organization code: "MA…" for codes given
/// since the reform, or eight digits for older ones.
fn org_body(rng: &mut StdRng) -> String {
    const LETTERS_DIGITS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    if chance(rng, 0.7) {
        let mut s = String::from("MA");
        for _ in 0..6 {
            let i = rng.random_range(0..LETTERS_DIGITS.len());
            s.push(char::from(LETTERS_DIGITS.get(i).copied().unwrap_or(b'0')));
        }
        s
    } else {
        let lead = pick(rng, &["5", "6", "7", "7", "0"]);
        format!("{lead}{:07}", rng.random_range(0..10_000_000u32))
    }
}

const PHONE_PREFIXES: [&str; 35] = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
    "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189",
    "191", "198", "199",
];

fn mobile(rng: &mut StdRng) -> String {
    format!("{}{:08}", pick(rng, &PHONE_PREFIXES), rng.random_range(0..100_000_000u32))
}

fn landline(rng: &mut StdRng) -> String {
    format!("0510-8{:07}", rng.random_range(0..10_000_000u32))
}

// ------------------------------------------------------------ random ----

fn pick<T: Copy>(rng: &mut StdRng, xs: &[T]) -> T {
    // Only called with the non-empty tables of this module.
    xs[rng.random_range(0..xs.len())]
}

fn chance(rng: &mut StdRng, p: f64) -> bool {
    rng.random::<f64>() < p
}

fn weighted(rng: &mut StdRng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut x = rng.random_range(0..total);
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    0
}

/// Standard normal (Box–Muller).
fn normal(rng: &mut StdRng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Log-uniform integer in [lo, hi].
fn log_uniform(rng: &mut StdRng, lo: u64, hi: u64) -> u64 {
    let (l, h) = ((lo.max(1)) as f64, (hi.max(lo.max(1))) as f64);
    (l.ln() + rng.random::<f64>() * (h.ln() - l.ln())).exp().round() as u64
}

// ----------------------------------------------------------- parties ----

#[derive(Clone, Debug)]
struct Person {
    name: String,
    id: String,
    phone: String,
    address: String,
}

fn new_person(rng: &mut StdRng, court: usize, male: Option<bool>) -> Person {
    let male = male.unwrap_or_else(|| chance(rng, 0.62));
    let district = district_for(rng, court);
    let region = if chance(rng, 0.7) { district_ref(district).code } else { pick(rng, &OTHER_ID_REGIONS) };
    let year = rng.random_range(1955..=2000);
    let birth =
        NaiveDate::from_ymd_opt(year, rng.random_range(1..=12), rng.random_range(1..=28)).unwrap_or(NaiveDate::MIN);
    let order = rng.random_range(0..500u32) * 2 + u32::from(male);
    Person {
        name: person_name(rng, male),
        id: resident_id(region, birth, order),
        phone: mobile(rng),
        address: home_address(rng, district),
    }
}

#[derive(Clone, Debug)]
struct Org {
    name: String,
    kind: PartyKind,
    code: String,
    phone: String,
    address: String,
}

fn new_company(rng: &mut StdRng, court: usize, industries: &[&str]) -> Org {
    let district = district_for(rng, court);
    let d = district_ref(district);
    let trade = trade_name(rng);
    let industry = pick(rng, industries);
    let (name, kind) = match weighted(rng, &[48, 20, 14, 3, 6, 5, 4]) {
        0 => (format!("无锡{trade}{industry}有限公司"), PartyKind::Organization),
        1 => (format!("无锡市{trade}{industry}有限公司"), PartyKind::Organization),
        2 => (format!("江苏{trade}{industry}有限公司"), PartyKind::Organization),
        3 => (format!("无锡{trade}{industry}股份有限公司"), PartyKind::Organization),
        4 => (format!("{}{trade}{industry}有限公司", place_prefix(d)), PartyKind::Organization),
        5 => (format!("江苏{trade}{industry}有限公司无锡分公司"), PartyKind::Unincorporated),
        _ => (format!("无锡{trade}{industry}合伙企业（普通合伙）"), PartyKind::Unincorporated),
    };
    let region = if chance(rng, 0.85) { d.code } else { "320200" };
    Org {
        name,
        kind,
        code: uscc(region, &org_body(rng)),
        phone: if chance(rng, 0.5) { landline(rng) } else { mobile(rng) },
        address: business_address(rng, district),
    }
}

fn fixed_org(rng: &mut StdRng, name: &str, region: &str) -> Org {
    Org {
        name: name.to_string(),
        kind: PartyKind::Organization,
        code: uscc(region, &org_body(rng)),
        phone: landline(rng),
        address: {
            let district = rng.random_range(0..5);
            business_address(rng, district)
        },
    }
}

fn person_party(role: PartyRole, p: &Person) -> PartyInput {
    PartyInput {
        role,
        kind: PartyKind::Person,
        name: p.name.clone(),
        id_number: Some(p.id.clone()),
        phone: Some(p.phone.clone()),
        address: Some(p.address.clone()),
        region_code: None,
        agent: None,
    }
}

fn org_party(role: PartyRole, o: &Org) -> PartyInput {
    PartyInput {
        role,
        kind: o.kind,
        name: o.name.clone(),
        id_number: Some(o.code.clone()),
        phone: Some(o.phone.clone()),
        address: Some(o.address.clone()),
        region_code: None,
        agent: None,
    }
}

/// Lenders, card issuers and leasing companies (invented names).
struct Institutions {
    lenders: Vec<Org>,
    card_issuers: Vec<Org>,
    lessors: Vec<Org>,
}

impl Institutions {
    fn new(rng: &mut StdRng) -> Institutions {
        let lenders = [
            ("江苏锡东农村商业银行股份有限公司", "320205"),
            ("江苏锡东农村商业银行股份有限公司东亭支行", "320205"),
            ("太湖商业银行股份有限公司无锡分行", "320200"),
            ("江南惠民银行股份有限公司无锡滨湖支行", "320211"),
            ("梁溪农村商业银行股份有限公司", "320213"),
            ("无锡市蠡湖科技小额贷款有限公司", "320211"),
            ("无锡市锡北农村小额贷款有限公司", "320205"),
        ];
        let cards =
            [("太湖商业银行股份有限公司信用卡中心", "320200"), ("江南惠民银行股份有限公司信用卡中心", "320200")];
        let lessors = [("无锡惠融融资租赁有限公司", "320214"), ("江苏金汇融资租赁有限公司", "320213")];
        Institutions {
            lenders: lenders.iter().map(|(n, r)| fixed_org(rng, n, r)).collect(),
            card_issuers: cards.iter().map(|(n, r)| fixed_org(rng, n, r)).collect(),
            lessors: lessors.iter().map(|(n, r)| fixed_org(rng, n, r)).collect(),
        }
    }
}

/// Debtors who appear in several cases (serial defaulters), per court.
struct RepeatDebtors {
    persons: Vec<Vec<Person>>,
    companies: Vec<Vec<Org>>,
}

impl RepeatDebtors {
    fn new(rng: &mut StdRng) -> RepeatDebtors {
        let mut persons = vec![];
        let mut companies = vec![];
        for court in 0..COURTS.len() {
            persons.push((0..14).map(|_| new_person(rng, court, None)).collect());
            companies.push((0..18).map(|_| new_company(rng, court, &INDUSTRIES)).collect());
        }
        RepeatDebtors { persons, companies }
    }
}

// ------------------------------------------------------------ causes ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Person,
    Company,
    /// Person 75 %, company 25 %.
    MostlyPerson,
    /// Half and half.
    Mixed,
    Lender,
    CardIssuer,
    Lessor,
    PropertyCo,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TitleKind {
    /// 民事判决书 of the first instance.
    Judgment,
    /// 民事判决书 of the appeal (苏02民终).
    Appeal,
    /// 民事调解书.
    Mediation,
    /// 仲裁裁决书 of 无锡仲裁委员会.
    Arbitration,
    /// 仲裁裁决书 of a labour dispute arbitration commission.
    LaborArbitration,
    /// 公证债权文书.
    Notarial,
    /// 民事裁定书 ordering preservation (执保 cases).
    Preservation,
}

struct Cause {
    name: &'static str,
    /// Weights at basic courts and at the intermediate court.
    weight: (u32, u32),
    median_yuan: f64,
    sigma: f64,
    applicant: Side,
    debtor: Side,
    /// (J, M, A, L, N) weights: judgment, mediation, arbitration, labour
    /// arbitration, notarial.
    titles: [u32; 5],
}

#[rustfmt::skip]
const CAUSES: [Cause; 18] = [
    Cause { name: "民间借贷纠纷", weight: (24, 10), median_yuan: 80_000.0, sigma: 1.0, applicant: Side::MostlyPerson, debtor: Side::MostlyPerson, titles: [55, 35, 0, 0, 10] },
    Cause { name: "买卖合同纠纷", weight: (16, 24), median_yuan: 150_000.0, sigma: 1.1, applicant: Side::Company, debtor: Side::Mixed, titles: [50, 35, 15, 0, 0] },
    Cause { name: "金融借款合同纠纷", weight: (12, 18), median_yuan: 300_000.0, sigma: 1.1, applicant: Side::Lender, debtor: Side::Mixed, titles: [55, 15, 0, 0, 30] },
    Cause { name: "信用卡纠纷", weight: (7, 0), median_yuan: 35_000.0, sigma: 0.6, applicant: Side::CardIssuer, debtor: Side::Person, titles: [70, 30, 0, 0, 0] },
    Cause { name: "劳动争议", weight: (4, 0), median_yuan: 30_000.0, sigma: 0.7, applicant: Side::Person, debtor: Side::Company, titles: [25, 15, 0, 60, 0] },
    Cause { name: "追索劳动报酬纠纷", weight: (4, 0), median_yuan: 18_000.0, sigma: 0.6, applicant: Side::Person, debtor: Side::Company, titles: [0, 30, 0, 70, 0] },
    Cause { name: "机动车交通事故责任纠纷", weight: (7, 0), median_yuan: 60_000.0, sigma: 0.8, applicant: Side::Person, debtor: Side::Person, titles: [70, 30, 0, 0, 0] },
    Cause { name: "房屋租赁合同纠纷", weight: (5, 3), median_yuan: 40_000.0, sigma: 0.9, applicant: Side::Mixed, debtor: Side::Mixed, titles: [50, 40, 10, 0, 0] },
    Cause { name: "租赁合同纠纷", weight: (3, 4), median_yuan: 120_000.0, sigma: 1.0, applicant: Side::Company, debtor: Side::Company, titles: [50, 35, 15, 0, 0] },
    Cause { name: "建设工程施工合同纠纷", weight: (4, 14), median_yuan: 600_000.0, sigma: 1.1, applicant: Side::Company, debtor: Side::Company, titles: [50, 30, 20, 0, 0] },
    Cause { name: "承揽合同纠纷", weight: (3, 5), median_yuan: 90_000.0, sigma: 0.9, applicant: Side::Company, debtor: Side::Company, titles: [60, 40, 0, 0, 0] },
    Cause { name: "物业服务合同纠纷", weight: (4, 0), median_yuan: 4_500.0, sigma: 0.5, applicant: Side::PropertyCo, debtor: Side::Person, titles: [60, 40, 0, 0, 0] },
    Cause { name: "服务合同纠纷", weight: (2, 2), median_yuan: 30_000.0, sigma: 0.9, applicant: Side::Mixed, debtor: Side::Mixed, titles: [60, 40, 0, 0, 0] },
    Cause { name: "融资租赁合同纠纷", weight: (2, 6), median_yuan: 400_000.0, sigma: 1.0, applicant: Side::Lessor, debtor: Side::Company, titles: [50, 0, 30, 0, 20] },
    Cause { name: "抚养费纠纷", weight: (1, 0), median_yuan: 30_000.0, sigma: 0.5, applicant: Side::Person, debtor: Side::Person, titles: [50, 50, 0, 0, 0] },
    Cause { name: "离婚后财产纠纷", weight: (1, 0), median_yuan: 150_000.0, sigma: 0.8, applicant: Side::Person, debtor: Side::Person, titles: [50, 50, 0, 0, 0] },
    Cause { name: "股权转让纠纷", weight: (0, 6), median_yuan: 2_000_000.0, sigma: 1.0, applicant: Side::Mixed, debtor: Side::Mixed, titles: [60, 0, 40, 0, 0] },
    Cause { name: "保证合同纠纷", weight: (1, 3), median_yuan: 300_000.0, sigma: 1.0, applicant: Side::Company, debtor: Side::Person, titles: [60, 40, 0, 0, 0] },
];

const ARBITRATION_ISSUER: &str = "无锡仲裁委员会";
const NOTARIES: [(&str, &str); 2] =
    [("江苏省无锡市太湖公证处", "苏锡太湖证经字"), ("江苏省无锡市锡惠公证处", "苏锡锡惠证经字")];

// -------------------------------------------------------------- time ----

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// Filings reach this many days back from today (about fourteen months).
const SPAN_DAYS: u64 = 425;

/// Milliseconds of `minute` minutes after midnight China time on `day`.
fn ms_at(day: NaiveDate, minute: i64) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp_millis() - 8 * HOUR + minute * MINUTE
}

/// A random moment of office hours (8:30–11:45, 13:30–17:30) on `day`.
fn office_ms(rng: &mut StdRng, day: NaiveDate) -> i64 {
    let minute = if chance(rng, 0.55) { rng.random_range(510..=705) } else { rng.random_range(810..=1050) };
    ms_at(day, minute) + rng.random_range(0..60_000)
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

fn workday_on_or_before(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    let mut d = d;
    for _ in 0..40 {
        if cal.is_workday(d) {
            break;
        }
        d = sub_days(d, 1);
    }
    d
}

fn to_datetime(ms: i64) -> AppResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| AppError::Internal(format!("演示数据时间无效：{ms}")))
}

// -------------------------------------------------------------- plan ----

/// Who does a step, resolved to an account of the case's court.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Center,
    Team(usize, Role),
}

#[derive(Clone, Debug)]
enum Op {
    File,
    /// Team and handler (the team's judge).
    Assign {
        team: usize,
    },
    Move {
        to: &'static str,
        track: Option<Track>,
        note: &'static str,
    },
    Close(Closure),
}

#[derive(Clone, Debug)]
struct Step {
    at: i64,
    who: Who,
    op: Op,
}

struct CasePlan {
    court: usize,
    /// Team at filing.
    team: usize,
    filed_by_clerk: bool,
    filed_at: i64,
    input: Option<FileCase>,
    steps: Vec<Step>,
}

impl CasePlan {
    /// Stage after the last step (for tests and tuning).
    #[cfg(test)]
    fn final_stage(&self) -> &'static str {
        let mut stage = "filing";
        for s in &self.steps {
            match &s.op {
                Op::Move { to, .. } => stage = to,
                Op::Close(_) => stage = "closed",
                _ => {}
            }
        }
        stage
    }

    fn first_applicant_is_person(&self) -> bool {
        self.input
            .as_ref()
            .and_then(|i| i.parties.first())
            .is_some_and(|p| p.role == PartyRole::Applicant && p.kind == PartyKind::Person)
            && self.input.as_ref().is_some_and(|i| i.case_type == CaseType::First)
    }
}

struct Planner<'a> {
    rng: StdRng,
    cal: &'a Calendar,
    today: NaiveDate,
    now_ms: i64,
    institutions: Institutions,
    repeat: RepeatDebtors,
    used_doc_nos: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TrackPlan {
    Fast,
    FastToZhongben,
    Standard,
    Disposal,
}

impl Planner<'_> {
    fn court(&mut self) -> usize {
        let u: f64 = self.rng.random();
        let mut acc = 0.0;
        for (i, c) in COURTS.iter().enumerate() {
            acc += c.share;
            if u < acc {
                return i;
            }
        }
        SHOWCASE
    }

    /// Filing day: more filings in recent months (caseloads grow, and older
    /// cases are mostly closed, so the open stock is dominated by them).
    fn filing_ms(&mut self) -> i64 {
        let age = if chance(&mut self.rng, 0.32) {
            self.rng.random_range(0..SPAN_DAYS)
        } else {
            self.rng.random_range(0..120)
        };
        let mut day = workday_on_or_before(self.cal, sub_days(self.today, age));
        loop {
            let at = office_ms(&mut self.rng, day);
            if at < self.now_ms - 10 * MINUTE {
                return at;
            }
            day = workday_on_or_before(self.cal, sub_days(day, 1));
        }
    }

    fn party(&mut self, side: Side, role: PartyRole, court: usize, repeat_ok: bool) -> PartyInput {
        let side = match side {
            Side::MostlyPerson => {
                if chance(&mut self.rng, 0.75) {
                    Side::Person
                } else {
                    Side::Company
                }
            }
            Side::Mixed => {
                if chance(&mut self.rng, 0.5) {
                    Side::Person
                } else {
                    Side::Company
                }
            }
            s => s,
        };
        let rng = &mut self.rng;
        match side {
            Side::Person => {
                if repeat_ok
                    && chance(rng, 0.12)
                    && let Some(p) = self.repeat.persons.get(court).and_then(|list| pick_ref(rng, list))
                {
                    return person_party(role, p);
                }
                person_party(role, &new_person(rng, court, None))
            }
            Side::Lender => {
                let o = pick_ref(rng, &self.institutions.lenders).cloned();
                o.map_or_else(|| org_party(role, &new_company(rng, court, &INDUSTRIES)), |o| org_party(role, &o))
            }
            Side::CardIssuer => {
                let o = pick_ref(rng, &self.institutions.card_issuers).cloned();
                o.map_or_else(|| org_party(role, &new_company(rng, court, &INDUSTRIES)), |o| org_party(role, &o))
            }
            Side::Lessor => {
                let o = pick_ref(rng, &self.institutions.lessors).cloned();
                o.map_or_else(|| org_party(role, &new_company(rng, court, &INDUSTRIES)), |o| org_party(role, &o))
            }
            Side::PropertyCo => org_party(role, &new_company(rng, court, &PROPERTY_INDUSTRIES)),
            _ => {
                if repeat_ok
                    && chance(rng, 0.15)
                    && let Some(o) = self.repeat.companies.get(court).and_then(|list| pick_ref(rng, list))
                {
                    return org_party(role, o);
                }
                org_party(role, &new_company(rng, court, &INDUSTRIES))
            }
        }
    }

    fn amount(&mut self, cause: &Cause, court: usize, title: TitleKind) -> Fen {
        let mut yuan = cause.median_yuan * (cause.sigma * normal(&mut self.rng)).exp();
        if court == INTERMEDIATE {
            yuan *= if title == TitleKind::Arbitration { 3.0 } else { 12.0 };
        }
        let yuan = yuan.clamp(800.0, 80_000_000.0);
        let fen = if matches!(title, TitleKind::Judgment | TitleKind::Appeal) && chance(&mut self.rng, 0.5) {
            (yuan * 100.0).round() as i64
        } else if yuan > 20_000.0 && chance(&mut self.rng, 0.5) {
            ((yuan / 1000.0).round() as i64) * 100_000
        } else {
            (yuan.round() as i64) * 100
        };
        Fen(fen.max(80_000))
    }

    /// Title (type, document number, issuer, effective date).
    fn title(
        &mut self,
        kind: TitleKind,
        court: usize,
        filed: NaiveDate,
        resumed: bool,
    ) -> (String, String, String, NaiveDate) {
        let c = COURTS.get(court).unwrap_or(&COURTS[SHOWCASE]);
        let rng = &mut self.rng;
        // Most applications come within months of the title taking effect;
        // the limit is two years.
        let u: f64 = rng.random();
        // A resumed case enforces a title of an earlier, closed case.
        let lag = if kind == TitleKind::Preservation {
            rng.random_range(0..=2)
        } else if resumed {
            rng.random_range(400..=1_400)
        } else {
            10 + (u * u * 640.0) as u64
        };
        let effective = sub_days(filed, lag);
        for _ in 0..50 {
            let (ty, doc, issuer) = match kind {
                TitleKind::Judgment | TitleKind::Mediation => {
                    let accepted = sub_days(effective, rng.random_range(40..=320));
                    let max = if court == INTERMEDIATE { 1_200 } else { 14_000 };
                    let ty = if kind == TitleKind::Judgment { "民事判决书" } else { "民事调解书" };
                    (
                        ty,
                        format!("（{}）{}民初{}号", accepted.year(), c.code, rng.random_range(1..=max)),
                        c.name.to_string(),
                    )
                }
                TitleKind::Appeal => {
                    let accepted = sub_days(effective, rng.random_range(30..=150));
                    (
                        "民事判决书",
                        format!("（{}）苏02民终{}号", accepted.year(), rng.random_range(1..=9_000)),
                        COURTS[INTERMEDIATE].name.to_string(),
                    )
                }
                TitleKind::Arbitration => {
                    let accepted = sub_days(effective, rng.random_range(40..=200));
                    (
                        "仲裁裁决书",
                        format!("（{}）锡仲裁字第{:04}号", accepted.year(), rng.random_range(1..=2_600)),
                        ARBITRATION_ISSUER.to_string(),
                    )
                }
                TitleKind::LaborArbitration => {
                    let accepted = sub_days(effective, rng.random_range(30..=120));
                    let (short, district) = if court == 2 { ("滨", "滨湖区") } else { ("锡山", "锡山区") };
                    (
                        "仲裁裁决书",
                        format!("{short}劳人仲案字〔{}〕第{}号", accepted.year(), rng.random_range(1..=1_800)),
                        format!("无锡市{district}劳动人事争议仲裁委员会"),
                    )
                }
                TitleKind::Notarial => {
                    let (issuer, word) = pick(rng, &NOTARIES);
                    (
                        "公证债权文书",
                        format!("（{}）{word}第{}号", effective.year(), rng.random_range(1..=6_000)),
                        issuer.to_string(),
                    )
                }
                TitleKind::Preservation => (
                    "民事裁定书",
                    format!("（{}）{}财保{}号", effective.year(), c.code, rng.random_range(1..=900)),
                    c.name.to_string(),
                ),
            };
            if self.used_doc_nos.insert(doc.clone()) {
                return (ty.to_string(), doc, issuer, effective);
            }
        }
        (
            "民事判决书".into(),
            format!("（{}）{}民初{}号", effective.year(), c.code, self.used_doc_nos.len() + 20_000),
            c.name.into(),
            effective,
        )
    }

    fn case(&mut self) -> CasePlan {
        let court = self.court();
        let filed_at = self.filing_ms();
        let filed = crate::clock::china_date(DateTime::from_timestamp_millis(filed_at).unwrap_or_default());
        let case_type = match weighted(&mut self.rng, &[90, 5, 5]) {
            0 => CaseType::First,
            1 => CaseType::Resumed,
            _ => CaseType::Preservation,
        };
        let weights: Vec<u32> =
            CAUSES.iter().map(|c| if court == INTERMEDIATE { c.weight.1 } else { c.weight.0 }).collect();
        let cause = &CAUSES[weighted(&mut self.rng, &weights).min(CAUSES.len() - 1)];
        let title_kind = if case_type == CaseType::Preservation {
            TitleKind::Preservation
        } else {
            let mut k = match weighted(&mut self.rng, &cause.titles) {
                0 => TitleKind::Judgment,
                1 => TitleKind::Mediation,
                2 => TitleKind::Arbitration,
                3 => TitleKind::LaborArbitration,
                _ => TitleKind::Notarial,
            };
            if court == INTERMEDIATE && matches!(k, TitleKind::LaborArbitration | TitleKind::Notarial) {
                k = TitleKind::Arbitration;
            }
            if court != INTERMEDIATE && k == TitleKind::Judgment && chance(&mut self.rng, 0.15) {
                k = TitleKind::Appeal;
            }
            k
        };
        let (title_type, title_doc_no, title_issuer, effective) =
            self.title(title_kind, court, filed, case_type == CaseType::Resumed);
        let claim = self.amount(cause, court, title_kind);

        // Parties: one applicant (sometimes two people), one to three debtors.
        let mut parties = vec![self.party(cause.applicant, PartyRole::Applicant, court, false)];
        if parties.first().is_some_and(|p| p.kind == PartyKind::Person) && chance(&mut self.rng, 0.06) {
            parties.push(self.party(Side::Person, PartyRole::Applicant, court, false));
        }
        let debtors = 1 + weighted(&mut self.rng, &[75, 18, 7]);
        for i in 0..debtors {
            // Further debtors: guarantors, spouses, the company's owner.
            let side = if i == 0 {
                cause.debtor
            } else if chance(&mut self.rng, 0.7) {
                Side::Person
            } else {
                Side::Company
            };
            for _ in 0..5 {
                let p = self.party(side, PartyRole::Debtor, court, true);
                if !parties.iter().any(|q| q.id_number == p.id_number) {
                    parties.push(p);
                    break;
                }
            }
        }
        let names = |role: PartyRole| {
            parties.iter().filter(|p| p.role == role).map(|p| p.name.as_str()).collect::<Vec<_>>().join("、")
        };
        let (apps, debts) = (names(PartyRole::Applicant), names(PartyRole::Debtor));
        let amount = claim.to_display();
        let summary = match case_type {
            CaseType::Preservation => format!(
                "申请保全人{apps}与被保全人{debts}{}一案，{title_issuer}作出{title_doc_no}{title_type}，裁定冻结被保全人名下银行存款{amount}元或查封、扣押其同等价值的其他财产，现移送执行。",
                cause.name
            ),
            CaseType::Resumed => format!(
                "申请执行人{apps}与被执行人{debts}{}一案，原执行案件（{}）{}执{}号已终结本次执行程序。申请执行人提供被执行人名下财产线索，申请恢复执行，执行依据为{title_issuer}作出的{title_doc_no}{title_type}，尚未履行金额{amount}元。",
                cause.name,
                self.rng.random_range(effective.year()..=(filed.year() - 1).max(effective.year())),
                COURTS.get(court).map_or("", |c| c.code),
                self.rng.random_range(100..=9_000)
            ),
            _ => format!(
                "申请执行人{apps}与被执行人{debts}{}一案，{title_issuer}作出的{title_doc_no}{title_type}已发生法律效力。被执行人未履行生效法律文书确定的义务，申请执行人申请强制执行，请求执行{amount}元及迟延履行期间的债务利息。",
                cause.name
            ),
        };
        let teams = regular_teams(court);
        let team = if teams.is_empty() { 0 } else { pick(&mut self.rng, &teams) };
        let filed_by_clerk = chance(&mut self.rng, 0.4);
        let input = FileCase {
            case_type,
            title_type: title_type.clone(),
            title_doc_no,
            title_issuer,
            title_effective_on: Some(effective),
            // Judgments usually give ten days to perform after taking effect.
            title_deadline_on: Some(effective + chrono::Duration::days(10)),
            cause: cause.name.to_string(),
            claim: Claim {
                principal: claim,
                // Litigation costs borne by the debtor: roughly what the fee schedule gives.
                costs: zhixing_domain::funds::application_fee(claim),
                interest_terms: "迟延履行期间的债务利息按法释〔2014〕8号计算".into(),
                non_money: String::new(),
            },
            parties,
            team_id: None,
            handler_id: None,
            summary,
        };
        let non_litigation = matches!(title_type.as_str(), "仲裁裁决书" | "公证债权文书");
        let mut steps = self.lifecycle(court, team, filed_by_clerk, filed_at, case_type, non_litigation);
        // Only what has happened by now.
        let cut = self.now_ms - MINUTE;
        steps.retain(|s| s.at < cut);
        CasePlan { court, team, filed_by_clerk, filed_at, input: Some(input), steps }
    }

    /// Every action of a case from filing to closing, with its time; the
    /// caller cuts off what lies after "now".
    fn lifecycle(
        &mut self,
        court: usize,
        team: usize,
        by_clerk: bool,
        filed_at: i64,
        case_type: CaseType,
        non_litigation: bool,
    ) -> Vec<Step> {
        let cal = self.cal;
        let rng = &mut self.rng;
        let filer = if by_clerk { Who::Team(team, Role::Clerk) } else { Who::Center };
        let mut steps = vec![Step { at: filed_at, who: filer, op: Op::File }];
        let mut t = filed_at + rng.random_range(4..=75) * MINUTE;
        steps.push(Step { at: t, who: filer, op: Op::Assign { team } });
        let mut team = team;
        let mut day = crate::clock::china_date(DateTime::from_timestamp_millis(filed_at).unwrap_or_default());
        let mv = |to: &'static str, track: Option<Track>, note: &'static str| Op::Move { to, track, note };

        // Notice, property report order, first online search.
        advance(cal, rng, &mut day, &mut t, Gap::Work(1, 4));
        steps.push(Step {
            at: t,
            who: Who::Team(team, Role::Assistant),
            op: mv("search", None, "已发出执行通知书、报告财产令，发起网络查控"),
        });

        if case_type == CaseType::Preservation {
            advance(cal, rng, &mut day, &mut t, Gap::Work(2, 12));
            steps.push(Step {
                at: t,
                who: Who::Team(team, Role::Judge),
                op: mv("closing", None, "保全措施已实施完毕，提请结案审查"),
            });
            advance(cal, rng, &mut day, &mut t, Gap::Work(1, 5));
            steps.push(Step { at: t, who: Who::Center, op: Op::Close(Closure::FullyPerformed) });
            return steps;
        }

        // Early ends: 销案, 驳回申请, 不予执行, performance after the notice.
        let u: f64 = rng.random();
        let not_enforced = if non_litigation { 0.06 } else { 0.0 };
        if u < 0.012 {
            advance(cal, rng, &mut day, &mut t, Gap::Work(2, 15));
            steps.push(Step { at: t, who: Who::Team(team, Role::Judge), op: Op::Close(Closure::Withdrawn) });
            return steps;
        }
        if u < 0.022 {
            advance(cal, rng, &mut day, &mut t, Gap::Work(2, 10));
            steps.push(Step { at: t, who: Who::Team(team, Role::Judge), op: Op::Close(Closure::Rejected) });
            return steps;
        }
        if u < 0.022 + not_enforced {
            advance(cal, rng, &mut day, &mut t, Gap::Days(15, 50));
            steps.push(Step { at: t, who: Who::Team(team, Role::Judge), op: Op::Close(Closure::NotEnforced) });
            return steps;
        }
        if u < 0.12 + not_enforced {
            advance(cal, rng, &mut day, &mut t, Gap::Days(10, 60));
            steps.push(Step {
                at: t,
                who: Who::Team(team, Role::Judge),
                op: mv("closing", None, "被执行人收到执行通知书后已自动履行完毕，提请结案审查"),
            });
            advance(cal, rng, &mut day, &mut t, Gap::Work(1, 6));
            steps.push(Step { at: t, who: Who::Center, op: Op::Close(Closure::FullyPerformed) });
            return steps;
        }

        // Search results in; the command centre triages.
        advance(cal, rng, &mut day, &mut t, Gap::Days(15, 45));
        steps.push(Step {
            at: t,
            who: Who::Team(team, Role::Assistant),
            op: mv("triage", None, "网络查控已反馈，提请繁简分流"),
        });
        advance(cal, rng, &mut day, &mut t, Gap::Work(1, 10));
        let track = match weighted(rng, &[42, 10, 32, 16]) {
            0 => TrackPlan::Fast,
            1 => TrackPlan::FastToZhongben,
            2 => TrackPlan::Standard,
            _ => TrackPlan::Disposal,
        };
        if matches!(track, TrackPlan::Fast | TrackPlan::FastToZhongben)
            && let Some(fast) = fast_team(court)
        {
            steps.push(Step { at: t, who: Who::Center, op: Op::Assign { team: fast } });
            t += rng.random_range(2..=20) * MINUTE;
            team = fast;
        }
        let (stage, track_value, note) = match track {
            TrackPlan::Fast => ("fast", Track::Fast, "案情简单、财产明确，转快执办理"),
            TrackPlan::FastToZhongben => {
                ("fast", Track::TerminatedCurrent, "经两次网络查控未发现可供执行财产，拟终结本次执行程序")
            }
            TrackPlan::Standard => ("standard", Track::Standard, "案情复杂，转普通执行"),
            TrackPlan::Disposal => ("disposal", Track::Disposal, "已查封房产、车辆等财产，转财产处置"),
        };
        steps.push(Step { at: t, who: Who::Center, op: mv(stage, Some(track_value), note) });

        // Work on the track, then the closing review.
        let (days, outcome) = match track {
            TrackPlan::Fast => (rng.random_range(20..=90), pick_outcome(rng, [65, 25, 10])),
            TrackPlan::FastToZhongben => (rng.random_range(45..=90), Closure::TerminatedCurrent),
            TrackPlan::Standard => (log_uniform(rng, 60, 300), pick_outcome(rng, [50, 40, 10])),
            TrackPlan::Disposal => (log_uniform(rng, 120, 360), pick_outcome(rng, [75, 12, 13])),
        };
        advance(cal, rng, &mut day, &mut t, Gap::Exact(days));
        let note = match outcome {
            Closure::FullyPerformed => "执行款已全部到账并发放，提请结案审查",
            Closure::TerminatedCurrent => "已穷尽财产调查措施，未发现可供执行财产，提请终本审查",
            _ => "申请执行人撤回执行申请，提请终结执行",
        };
        steps.push(Step { at: t, who: Who::Team(team, Role::Judge), op: mv("closing", None, note) });
        advance(cal, rng, &mut day, &mut t, Gap::Work(1, 8));
        steps.push(Step { at: t, who: Who::Center, op: Op::Close(outcome) });
        steps
    }
}

/// Time to the next action of a case.
#[derive(Clone, Copy, Debug)]
enum Gap {
    /// Working days, drawn from the range.
    Work(u32, u32),
    /// Calendar days, drawn from the range (ending on a working day).
    Days(u64, u64),
    /// Exactly so many calendar days (ending on a working day).
    Exact(u64),
}

/// Moves `day` on by `gap` and `t` to a moment of office hours on it.
fn advance(cal: &Calendar, rng: &mut StdRng, day: &mut NaiveDate, t: &mut i64, gap: Gap) {
    *day = match gap {
        Gap::Work(lo, hi) => cal.add_workdays(*day, rng.random_range(lo..=hi.max(lo))),
        Gap::Days(lo, hi) => cal.next_workday_on_or_after(add_days(*day, rng.random_range(lo..=hi.max(lo)))),
        Gap::Exact(n) => cal.next_workday_on_or_after(add_days(*day, n)),
    };
    *t = office_ms(rng, *day).max(*t + MINUTE);
}

fn pick_outcome(rng: &mut StdRng, w: [u32; 3]) -> Closure {
    match weighted(rng, &w) {
        0 => Closure::FullyPerformed,
        1 => Closure::TerminatedCurrent,
        _ => Closure::Terminated,
    }
}

fn pick_ref<'a, T>(rng: &mut StdRng, xs: &'a [T]) -> Option<&'a T> {
    if xs.is_empty() { None } else { xs.get(rng.random_range(0..xs.len())) }
}

/// Plans `n` cases, sorted by filing time.
fn plan_cases(rng: StdRng, n: usize, cal: &Calendar, today: NaiveDate, now_ms: i64) -> Vec<CasePlan> {
    let mut rng = rng;
    let institutions = Institutions::new(&mut rng);
    let repeat = RepeatDebtors::new(&mut rng);
    let mut p = Planner { rng, cal, today, now_ms, institutions, repeat, used_doc_nos: BTreeSet::new() };
    let mut plans: Vec<CasePlan> = (0..n).map(|_| p.case()).collect();
    plans.sort_by_key(|c| c.filed_at);
    plans
}

// ------------------------------------------------------------- users ----

struct UserSpec {
    court: usize,
    team: Option<usize>,
    username: String,
    role: Role,
}

fn user_specs() -> Vec<UserSpec> {
    let mut out = vec![];
    for (ci, c) in COURTS.iter().enumerate() {
        let s = c.suffix;
        let staff: &[Role] = if ci == SHOWCASE {
            &[
                Role::Admin,
                Role::Director,
                Role::CommandCenter,
                Role::FundsClerk,
                Role::ArchiveClerk,
                Role::GridWorker,
                Role::Lawyer,
                Role::Applicant,
            ]
        } else {
            &[Role::Admin, Role::Director, Role::CommandCenter]
        };
        for r in staff {
            out.push(UserSpec { court: ci, team: None, username: format!("{}{s}", r.as_str()), role: *r });
        }
        for ti in 0..c.teams.len() {
            let n = if ti == 0 { String::new() } else { (ti + 1).to_string() };
            for r in [Role::Judge, Role::Assistant, Role::Clerk, Role::Bailiff] {
                out.push(UserSpec { court: ci, team: Some(ti), username: format!("{}{n}{s}", r.as_str()), role: r });
            }
        }
    }
    out
}

// -------------------------------------------------------------- seed ----

fn ctx(what: &str, e: AppError) -> AppError {
    AppError::Internal(format!("写入演示数据失败（{what}）：{e}"))
}

/// Seeds an empty database with demo courts, teams, accounts and cases.
///
/// Every write goes through the application's commands with a manual clock
/// set to the moment of each action, so the event chains are complete and in
/// time order. Fails with `Conflict` if any court exists.
pub async fn seed_demo(app: &App, opts: &DemoOptions) -> AppResult<DemoSummary> {
    if !app.store.courts().await?.is_empty() {
        return Err(AppError::Conflict("数据库中已有法院数据，演示数据只能写入空数据库".into()));
    }
    if opts.password.is_empty() {
        return Err(AppError::invalid("password", "演示账号密码不能为空"));
    }
    let cal = app.calendar()?;
    let now_ms = app.now_ms();
    let today = app.today();
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let plan_rng = StdRng::seed_from_u64(rng.random());

    // Set-up a little before the first filing.
    let setup_day = workday_on_or_before(&cal, sub_days(today, SPAN_DAYS + 5));
    let mut t = ms_at(setup_day, 8 * 60 + 30);
    let clock = Arc::new(ManualClock::new(to_datetime(t)?));
    let demo = App::new(app.store.clone(), clock.clone(), app.keys.dir().to_path_buf(), app.settings.clone());
    let tick = |t: &mut i64| -> AppResult<()> {
        *t += MINUTE;
        clock.set(to_datetime(*t)?);
        Ok(())
    };

    // Courts and teams.
    let mut court_ids = vec![];
    let mut team_ids: Vec<Vec<i64>> = vec![];
    for c in &COURTS {
        tick(&mut t)?;
        let court = demo.create_court(c.code, c.name, c.level, c.parent, Suite::Sm2Sm3).await?;
        court_ids.push(court.id);
    }
    for (ci, c) in COURTS.iter().enumerate() {
        let mut ids = vec![];
        for name in c.teams {
            tick(&mut t)?;
            let court_id = court_ids.get(ci).copied().unwrap_or_default();
            ids.push(demo.create_team(None, court_id, name).await?.id);
        }
        team_ids.push(ids);
    }

    // Accounts. The applicant account is a real applicant of a few cases.
    let applicant_person = new_person(&mut rng, SHOWCASE, Some(true));
    let mut display_names = BTreeSet::new();
    display_names.insert(applicant_person.name.clone());
    let mut actors: BTreeMap<(usize, Option<usize>, Role), Actor> = BTreeMap::new();
    let mut logins = vec![];
    let mut applicant_user = None;
    let mut lawyer_user = None;
    for spec in user_specs() {
        let court = COURTS.get(spec.court).unwrap_or(&COURTS[SHOWCASE]);
        let (display_name, phone) = if spec.role == Role::Applicant {
            (applicant_person.name.clone(), applicant_person.phone.clone())
        } else {
            let mut name = String::new();
            while name.is_empty() || !display_names.insert(name.clone()) {
                let male = chance(&mut rng, 0.55);
                name = person_name(&mut rng, male);
            }
            (name, mobile(&mut rng))
        };
        tick(&mut t)?;
        let user = demo
            .add_user(
                None,
                UserInput {
                    court_code: court.code.to_string(),
                    team: spec.team.and_then(|ti| court.teams.get(ti)).map(|s| s.to_string()),
                    username: spec.username.clone(),
                    display_name: display_name.clone(),
                    role: spec.role,
                    password: opts.password.clone(),
                    phone: Some(phone),
                    allow_weak_password: true,
                },
            )
            .await
            .map_err(|e| ctx(&spec.username, e))?;
        match spec.role {
            Role::Applicant if spec.court == SHOWCASE => applicant_user = Some(user.id),
            Role::Lawyer if spec.court == SHOWCASE => lawyer_user = Some(user.id),
            _ => {}
        }
        actors.insert((spec.court, spec.team, spec.role), Actor::from_user(&user));
        logins.push(DemoLogin {
            username: user.username.clone(),
            role: user.role,
            court: court.code.to_string(),
            display_name: user.display_name.clone(),
        });
    }

    // Plan every case, then put the applicant account's person on a few.
    let mut plans = plan_cases(plan_rng, opts.cases, &cal, today, now_ms);
    let eligible: Vec<usize> =
        (0..plans.len()).filter(|i| plans[*i].court == SHOWCASE && plans[*i].first_applicant_is_person()).collect();
    let applicant_cases = spread(&eligible, 5, 3);
    for i in &applicant_cases {
        if let Some(first) = plans.get_mut(*i).and_then(|p| p.input.as_mut()).and_then(|inp| inp.parties.first_mut()) {
            *first = person_party(PartyRole::Applicant, &applicant_person);
        }
    }
    let showcase: Vec<usize> = (0..plans.len()).filter(|i| plans[*i].court == SHOWCASE).collect();
    let mut lawyer_cases = spread(&showcase, 10, 7);
    lawyer_cases.extend(applicant_cases.iter().take(2));

    // Replay in time order.
    let mut order: Vec<(i64, usize, usize)> = vec![];
    for (ci, p) in plans.iter().enumerate() {
        for (si, s) in p.steps.iter().enumerate() {
            order.push((s.at, ci, si));
        }
    }
    order.sort_unstable();
    let mut state: Vec<Option<(i64, i64)>> = vec![None; plans.len()];
    let actor_of = |court: usize, who: Who| -> AppResult<&Actor> {
        let key = match who {
            Who::Center => (court, None, Role::CommandCenter),
            Who::Team(team, role) => (court, Some(team), role),
        };
        actors.get(&key).ok_or_else(|| AppError::Internal(format!("演示数据缺少账号：{key:?}")))
    };
    let team_id = |court: usize, team: usize| -> AppResult<i64> {
        team_ids
            .get(court)
            .and_then(|v| v.get(team))
            .copied()
            .ok_or_else(|| AppError::Internal(format!("演示数据缺少团队：{court}/{team}")))
    };
    for (at, ci, si) in order {
        clock.set(to_datetime(at)?);
        let Some(plan) = plans.get_mut(ci) else { continue };
        let Some(step) = plan.steps.get(si).cloned() else { continue };
        let court = plan.court;
        let actor = actor_of(court, step.who)?;
        let what = || format!("第 {} 件案件", ci + 1);
        let row = match (&step.op, state.get(ci).copied().flatten()) {
            (Op::File, _) => {
                let Some(mut input) = plan.input.take() else { continue };
                if plan.filed_by_clerk {
                    input.team_id = Some(team_id(court, plan.team)?);
                }
                demo.file_case(actor, input).await
            }
            (Op::Assign { team }, Some((id, version))) => {
                let judge = actor_of(court, Who::Team(*team, Role::Judge))?;
                let patch =
                    CasePatch { team_id: Some(team_id(court, *team)?), handler_id: Some(judge.user_id), summary: None };
                demo.update_case(actor, id, version, patch).await
            }
            (Op::Move { to, track, note }, Some((id, version))) => {
                // As a court does it: the team records the stage's required
                // actions, the command center certifies the gate, then the move.
                let center = actor_of(court, Who::Center)?;
                pass_gate(&demo, actor, center, id, to).await.map_err(|e| ctx(&what(), e))?;
                demo.move_stage(actor, id, version, to, *track, note).await
            }
            (Op::Close(closure), Some((id, version))) => {
                match prepare_closing(&demo, actor, id, *closure).await.map_err(|e| ctx(&what(), e))? {
                    true => demo.close_case(actor, id, version, *closure).await,
                    // Not yet closable (e.g. 终本 before three months): it waits in closing review.
                    false => demo.store.case(id).await.map_err(AppError::from),
                }
            }
            (_, None) => return Err(AppError::Internal(format!("{}：案件尚未立案", what()))),
        }
        .map_err(|e| ctx(&what(), e))?;
        if let Some(s) = state.get_mut(ci) {
            *s = Some((row.id, row.version));
        }
    }

    // Portal accounts see their cases.
    for (user, cases) in [(applicant_user, &applicant_cases), (lawyer_user, &lawyer_cases)] {
        let Some(user) = user else { continue };
        let mut done = BTreeSet::new();
        for i in cases {
            if let Some(Some((case_id, _))) = state.get(*i)
                && done.insert(*case_id)
            {
                demo.link_user_to_case(user, *case_id).await?;
            }
        }
    }

    // Today's deadline sweep: due-soon and overdue warnings, escalations.
    clock.set(to_datetime(now_ms)?);
    demo.sweep_deadlines().await?;

    let mut events = 0u64;
    for court in app.store.courts().await? {
        let (height, _) = app.store.chain_head(court.id).await?;
        events += u64::try_from(height).unwrap_or(0);
    }
    Ok(DemoSummary {
        courts: COURTS.len(),
        teams: COURTS.iter().map(|c| c.teams.len()).sum(),
        users: logins.len(),
        cases: state.iter().filter(|s| s.is_some()).count(),
        events,
        logins,
    })
}

/// `k` items spread evenly over `xs`, starting at `offset` within the first stride.
fn spread(xs: &[usize], k: usize, offset: usize) -> Vec<usize> {
    if xs.is_empty() || k == 0 {
        return vec![];
    }
    let stride = (xs.len() / k).max(1);
    (0..k).filter_map(|j| xs.get(j * stride + offset.min(stride - 1))).copied().collect()
}

/// Records the current stage's missing required actions (as the handling
/// actor) and has the command center certify the gate to `to`.
async fn pass_gate(app: &App, actor: &Actor, center: &Actor, case_id: i64, to: &str) -> AppResult<()> {
    let case = app.store.case(case_id).await?;
    let court = app.store.court(case.court_id).await?;
    let profile = app.profiles().for_court(&court.code)?;
    let done = app.done_actions(case_id).await?;
    let missing: Vec<&str> = profile
        .stage(&case.stage)
        .map(|s| s.required_actions.iter().map(String::as_str).filter(|k| !done.contains(*k)).collect())
        .unwrap_or_default();
    let recorder = if zhixing_domain::access::permits(actor.role, zhixing_domain::access::Action::RecordAction) {
        actor
    } else {
        center
    };
    if !missing.is_empty() {
        app.record_actions(recorder, case_id, &missing, "").await?;
    }
    if profile.transitions_from(&case.stage).any(|t| t.to == to && t.certification) {
        app.certify_gate(center, case_id, to, "").await?;
    }
    Ok(())
}

/// Records what the closure method needs; false if it cannot be met yet
/// (the three months of 终本).
async fn prepare_closing(app: &App, actor: &Actor, case_id: i64, closure: Closure) -> AppResult<bool> {
    let needed: &[&str] = match closure {
        Closure::TerminatedCurrent => &[
            "send_enforcement_notice",
            "send_property_report_order",
            "consumption_restriction",
            "dishonest_list_reviewed",
            "online_search",
            "search_exhausted",
            "applicant_interviewed",
        ],
        Closure::FullyPerformed => &["performance_confirmed"],
        Closure::Terminated => &["termination_ruling"],
        Closure::NotEnforced => &["non_enforcement_ruling"],
        Closure::Rejected => &["rejection_ruling"],
        Closure::Withdrawn => &["withdrawal_approved"],
    };
    let done = app.done_actions(case_id).await?;
    let missing: Vec<&str> = needed.iter().copied().filter(|k| !done.contains(*k)).collect();
    if !missing.is_empty() {
        app.record_actions(actor, case_id, &missing, "").await?;
    }
    Ok(app.closure_checklist(actor, case_id, closure).await?.iter().all(|i| i.ok))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhixing_domain::ids::{parse_resident_id, parse_uscc};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
    }

    #[test]
    fn generated_ids_are_valid() {
        let mut rng = StdRng::seed_from_u64(7);
        for court in 0..COURTS.len() {
            for _ in 0..2_000 {
                let p = new_person(&mut rng, court, None);
                let parsed = parse_resident_id(&p.id, today());
                assert!(parsed.is_ok(), "{} {:?}", p.id, parsed);
                let o = new_company(&mut rng, court, &INDUSTRIES);
                let parsed = parse_uscc(&o.code);
                assert!(parsed.is_ok(), "{} {:?}", o.code, parsed);
            }
        }
        // Known values: GB 11643 example and a check by hand.
        assert_eq!(resident_check_char("11010519491231002"), 'X');
        let inst = Institutions::new(&mut rng);
        for o in inst.lenders.iter().chain(&inst.card_issuers).chain(&inst.lessors) {
            assert!(parse_uscc(&o.code).is_ok(), "{}", o.code);
        }
    }

    #[test]
    fn sex_digit_matches() {
        let mut rng = StdRng::seed_from_u64(1);
        for male in [true, false] {
            for _ in 0..200 {
                let p = new_person(&mut rng, 1, Some(male));
                let id = parse_resident_id(&p.id, today()).unwrap();
                assert_eq!(id.sex == zhixing_domain::ids::Sex::Male, male);
            }
        }
    }

    fn plan_at(seed: u64, n: usize) -> Vec<CasePlan> {
        let cal = Calendar::china().unwrap();
        let now = ms_at(today(), 10 * 60 + 30);
        plan_cases(StdRng::seed_from_u64(seed), n, &cal, today(), now)
    }

    #[test]
    fn plans_cover_every_stage_and_closure() {
        let plans = plan_at(42, DEFAULT_CASES);
        let mut stages: BTreeMap<&str, usize> = BTreeMap::new();
        let mut closures: BTreeMap<&str, usize> = BTreeMap::new();
        let now = ms_at(today(), 10 * 60 + 30);
        for p in &plans {
            *stages.entry(p.final_stage()).or_default() += 1;
            for s in &p.steps {
                assert!(s.at < now);
                if let Op::Close(c) = s.op {
                    *closures.entry(c.as_str()).or_default() += 1;
                }
            }
            // Steps are in time order.
            assert!(p.steps.windows(2).all(|w| w[0].at < w[1].at));
            let input = p.input.as_ref().unwrap();
            let filed = crate::clock::china_date(DateTime::from_timestamp_millis(p.filed_at).unwrap());
            assert!(crate::cases::validate_filing(input, filed).is_ok(), "{input:?}");
        }
        let cal = Calendar::china().unwrap();
        let mut deadlines: BTreeMap<&str, usize> = BTreeMap::new();
        for p in plans.iter().filter(|p| p.final_stage() != "closed") {
            let input = p.input.as_ref().unwrap();
            let filed = crate::clock::china_date(DateTime::from_timestamp_millis(p.filed_at).unwrap());
            let due = crate::cases::overall_deadline(&cal, filed, &input.title_type);
            *deadlines.entry(zhixing_domain::case::DeadlineState::of(due, today(), 5).as_str()).or_default() += 1;
        }
        println!("stages {stages:?}\nclosures {closures:?}\nopen deadlines {deadlines:?}");
        assert!(deadlines.get("overdue").copied().unwrap_or(0) > 0);
        assert!(deadlines.get("due_soon").copied().unwrap_or(0) > 0);
        for s in zhixing_domain::case::DEFAULT_STAGES.iter().filter(|s| s.key != "archived") {
            assert!(stages.get(s.key).copied().unwrap_or(0) > 0, "no case in {}", s.key);
        }
        for c in Closure::ALL {
            assert!(closures.get(c.as_str()).copied().unwrap_or(0) > 0, "no closure {}", c.as_str());
        }
        let closed = stages.get("closed").copied().unwrap_or(0) as f64 / plans.len() as f64;
        assert!((0.28..0.45).contains(&closed), "closed share {closed}");
    }

    #[test]
    fn plans_are_deterministic() {
        let a = plan_at(9, 50);
        let b = plan_at(9, 50);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(format!("{:?}", x.input), format!("{:?}", y.input));
            assert_eq!(format!("{:?}", x.steps), format!("{:?}", y.steps));
        }
    }

    #[test]
    fn every_role_has_an_account_in_the_showcase_court() {
        let specs = user_specs();
        for r in Role::ALL {
            assert!(specs.iter().any(|s| s.court == SHOWCASE && s.role == r && s.username == r.as_str()));
        }
        let names: BTreeSet<&str> = specs.iter().map(|s| s.username.as_str()).collect();
        assert_eq!(names.len(), specs.len());
    }

    async fn seeded(n: usize, tag: &str) -> (App, DemoSummary, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("zhixing-demo-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite:{}", dir.join("demo.db").display());
        let store = crate::Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let now = DateTime::from_timestamp_millis(ms_at(today(), 10 * 60 + 30)).unwrap();
        let app = App::new(store, Arc::new(ManualClock::new(now)), dir.join("keys"), crate::Settings::default());
        let opts = DemoOptions { seed: 5, cases: n, password: "demo-pass".into() };
        let started = std::time::Instant::now();
        let summary = seed_demo(&app, &opts).await.unwrap();
        println!("seeded {n} cases, {} events in {:?}", summary.events, started.elapsed());
        (app, summary, dir)
    }

    #[tokio::test]
    async fn seeds_a_small_demo() {
        let (app, summary, dir) = seeded(60, "small").await;
        assert_eq!(summary.courts, 3);
        assert_eq!(summary.teams, 9);
        assert_eq!(summary.cases, 60);
        assert!(summary.events > 60 * 3);
        for r in Role::ALL {
            assert!(summary.logins.iter().any(|l| l.role == r && l.username == r.as_str() && l.court == "苏0205"));
        }
        let report = app.verify_all().await.unwrap();
        assert!(report.ok, "{:?}", report.first_broken());
        assert_eq!(report.courts.iter().map(|c| c.events).sum::<u64>(), summary.events);

        // Cases are visible to the command centre and spread over stages.
        let center = Actor::from_user(&app.store.user_by_username("command_center_02").await.unwrap().unwrap());
        let (total, _) = app.list_cases(&center, &Default::default(), 1, 10).await.unwrap();
        assert_eq!(total, 60);
        let closed = zhixing_store::cases::CaseFilter { status: Some("closed".into()), ..Default::default() };
        let (n, _) = app.list_cases(&center, &closed, 1, 10).await.unwrap();
        assert!(n > 0 && n < 60, "closed {n}");
        // The applicant account sees its own cases.
        let applicant = Actor::from_user(&app.store.user_by_username("applicant").await.unwrap().unwrap());
        let (_, mine) = app.list_cases(&applicant, &Default::default(), 1, 50).await.unwrap();
        assert!(mine.iter().all(|c| c.applicants.contains(&applicant.display_name)));

        // A second run is refused.
        let again = seed_demo(&app, &DemoOptions { cases: 1, ..DemoOptions::default() }).await;
        assert!(matches!(again, Err(AppError::Conflict(_))));
        app.store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    /// The full demo; run with `cargo test -p zhixing-app -- --ignored full_demo --nocapture`.
    #[tokio::test]
    #[ignore]
    async fn full_demo() {
        let (app, summary, dir) = seeded(DEFAULT_CASES, "full").await;
        assert_eq!(summary.cases, DEFAULT_CASES);
        assert!(app.verify_all().await.unwrap().ok);
        app.store.close().await;
        // Set ZHIXING_DEMO_KEEP=1 to look at the database afterwards.
        if std::env::var_os("ZHIXING_DEMO_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(dir);
        } else {
            println!("kept {}", dir.display());
        }
    }
}
