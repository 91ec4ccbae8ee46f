//! Synthetic mass-case files: what a lender's lawyer uploads for a batch of
//! internet-finance loans, credit cards or small loans. Every row is valid
//! (resident IDs and credit codes carry correct check characters, dates are
//! in the past), the same seed gives the same bytes, and every name is
//! invented.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};
use zhixing_domain::money::Fen;

use crate::ImportError;
use crate::columns::{COLUMNS, Kind, template_headers};

/// Output format of [`synthetic`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyntheticFormat {
    /// UTF-8 with BOM, comma separated, amounts and dates as text.
    Csv,
    /// A workbook like the template: amounts as numbers, dates as date cells.
    Xlsx,
}

// ------------------------------------------------------------ numbers ----

/// GB 11643-1999 check character of the first 17 digits.
fn resident_check(first17: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    C[(sum % 11) as usize]
}

/// A resident ID number: region, birth date, 3-digit order code (odd for
/// men), check character.
pub(crate) fn resident_id(region: &str, year: i32, month: u32, day: u32, order: u32) -> String {
    let first17 = format!("{region}{year:04}{month:02}{day:02}{:03}", order % 1000);
    let check = resident_check(&first17);
    format!("{first17}{check}")
}

const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A unified social credit code (GB 32100-2015): authority and type
/// characters, 6-digit region, 8-character organisation body (digits or
/// letters of the USCC set), GB 11714 check character, GB 32100 check
/// character.
pub(crate) fn uscc(authority: char, kind: char, region: &str, body: &str) -> String {
    const ORG_W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    const USCC_W: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let org_sum: u32 = body.chars().zip(ORG_W).map(|(c, w)| c.to_digit(36).unwrap_or(0) * w).sum();
    let org_check = match 11 - org_sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10).unwrap_or('0'),
    };
    let first17 = format!("{authority}{kind}{region}{body}{org_check}");
    let value = |c: char| USCC_CHARSET.find(c).and_then(|i| u32::try_from(i).ok()).unwrap_or(0);
    let sum: u32 = first17.chars().zip(USCC_W).map(|(c, w)| value(c) * w).sum();
    let check = USCC_CHARSET.chars().nth(((31 - sum % 31) % 31) as usize).unwrap_or('0');
    format!("{first17}{check}")
}

/// 诉讼费用交纳办法 第十三条（一）: acceptance fee of a property case, in fen,
/// for the tiers a mass case reaches (up to 1 million yuan).
fn acceptance_fee(principal: Fen) -> Fen {
    // (upper bound in fen, rate in per mille) of each tier above 10,000 yuan.
    const TIERS: [(i64, i64); 4] = [(10_000_000, 25), (20_000_000, 20), (50_000_000, 15), (100_000_000, 10)];
    let p = principal.0;
    let mut fee = 5_000; // 50 yuan up to 10,000 yuan.
    let mut lower = 1_000_000;
    for (upper, permille) in TIERS {
        if p > lower {
            fee += (p.min(upper) - lower) * permille / 1000;
        }
        lower = upper;
    }
    Fen(fee)
}

// ---------------------------------------------------------------- rng ----

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n.max(1))) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    /// True with probability `pct` %.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// Earlier entries more likely (common surnames, busy courts).
    fn pick_skewed<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        let u = self.unit();
        &xs[((u * u * xs.len() as f64) as usize).min(xs.len() - 1)]
    }
}

// --------------------------------------------------------------- data ----

const SURNAMES: [&str; 60] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "顾",
];
const MALE_GIVEN: [&str; 40] = [
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇",
    "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "阳", "海", "峰", "亮", "成", "东", "文", "博", "晨", "建",
    "志", "国",
];
const FEMALE_GIVEN: [&str; 40] = [
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "燕", "玲", "英", "丹", "萍", "红", "兰", "婷", "雪", "琳",
    "慧", "颖", "倩", "洁", "佳", "欣", "怡", "雯", "梅", "琴", "云", "莉", "蓉", "露", "月", "媛", "晶", "璐", "悦",
    "楠", "薇",
];

/// County-level codes (GB/T 2260) used as the birthplace part of IDs.
const BIRTH_REGIONS: [&str; 30] = [
    "320211", "320213", "320214", "320205", "320206", "320281", "320282", "320102", "320583", "321281", "320381",
    "320923", "321088", "320321", "320324", "321322", "321323", "341221", "341222", "340822", "410523", "411425",
    "412726", "510722", "430524", "421081", "370883", "362330", "522121", "610321",
];

/// Wuxi's districts: (region code, name, streets).
const WUXI: [(&str, &str, [&str; 3]); 7] = [
    ("320213", "梁溪区", ["崇安寺街道", "广益街道", "南禅寺街道"]),
    ("320211", "滨湖区", ["蠡湖街道", "河埒街道", "太湖街道"]),
    ("320214", "新吴区", ["旺庄街道", "梅村街道", "江溪街道"]),
    ("320205", "锡山区", ["东亭街道", "安镇街道", "东北塘街道"]),
    ("320206", "惠山区", ["堰桥街道", "长安街道", "钱桥街道"]),
    ("320281", "江阴市", ["澄江街道", "南闸街道", "云亭街道"]),
    ("320282", "宜兴市", ["宜城街道", "新街街道", "屺亭街道"]),
];
const ROADS: [&str; 14] = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "友谊路",
    "胜利路",
    "和平路",
    "新华路",
    "长江路",
    "学前路",
    "春华路",
    "锡沪路",
    "梁溪路",
    "兴源路",
];
const ESTATES: [&str; 10] =
    ["阳光花园", "锦绣家园", "金色家园", "翠竹苑", "新城花苑", "丽景湾", "春江花园", "湖滨新村", "东方家园", "颐和苑"];
/// Addresses outside Wuxi: (region code, prefix).
const ELSEWHERE: [(&str, &str); 5] = [
    ("341221", "安徽省阜阳市临泉县城关街道"),
    ("410523", "河南省安阳市汤阴县城关镇"),
    ("320583", "江苏省苏州市昆山市玉山镇"),
    ("321281", "江苏省泰州市兴化市昭阳街道"),
    ("510722", "四川省绵阳市三台县潼川镇"),
];

/// Basic courts of Wuxi: (court code, name).
const COURTS: [(&str, &str); 7] = [
    ("苏0213", "无锡市梁溪区人民法院"),
    ("苏0211", "无锡市滨湖区人民法院"),
    ("苏0214", "无锡市新吴区人民法院"),
    ("苏0205", "无锡市锡山区人民法院"),
    ("苏0206", "无锡市惠山区人民法院"),
    ("苏0281", "江阴市人民法院"),
    ("苏0282", "宜兴市人民法院"),
];
const ARBITRATION: &str = "无锡仲裁委员会";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Product {
    InternetLoan,
    CreditCard,
    SmallLoan,
}

/// An invented lender: name, party kind label, product, address.
struct Lender {
    name: &'static str,
    kind: &'static str,
    product: Product,
    address: &'static str,
}

const LENDERS: [Lender; 10] = [
    Lender {
        name: "江苏锡惠网络小额贷款有限公司",
        kind: "法人",
        product: Product::InternetLoan,
        address: "江苏省无锡市新吴区菱湖大道 111 号",
    },
    Lender {
        name: "无锡融鑫网络小额贷款有限公司",
        kind: "法人",
        product: Product::InternetLoan,
        address: "江苏省无锡市滨湖区金融一街 8 号",
    },
    Lender {
        name: "苏南普惠消费金融有限公司",
        kind: "法人",
        product: Product::InternetLoan,
        address: "江苏省无锡市梁溪区中山路 218 号",
    },
    Lender {
        name: "江南信达网络小额贷款有限公司",
        kind: "法人",
        product: Product::InternetLoan,
        address: "江苏省无锡市新吴区长江路 21 号",
    },
    Lender {
        name: "锡澄商业银行股份有限公司无锡分行",
        kind: "非法人组织",
        product: Product::CreditCard,
        address: "江苏省无锡市梁溪区人民中路 123 号",
    },
    Lender {
        name: "江南汇通银行股份有限公司无锡分行",
        kind: "非法人组织",
        product: Product::CreditCard,
        address: "江苏省无锡市滨湖区太湖新城金融三街 5 号",
    },
    Lender {
        name: "苏融商业银行股份有限公司信用卡中心",
        kind: "非法人组织",
        product: Product::CreditCard,
        address: "江苏省无锡市新吴区和风路 28 号",
    },
    Lender {
        name: "无锡市梁溪区恒裕小额贷款有限公司",
        kind: "法人",
        product: Product::SmallLoan,
        address: "江苏省无锡市梁溪区解放北路 66 号",
    },
    Lender {
        name: "无锡市新吴区鼎盛农村小额贷款有限公司",
        kind: "法人",
        product: Product::SmallLoan,
        address: "江苏省无锡市新吴区旺庄路 156 号",
    },
    Lender {
        name: "江阴市澄信小额贷款有限公司",
        kind: "法人",
        product: Product::SmallLoan,
        address: "江苏省江阴市澄江街道虹桥南路 9 号",
    },
];

// ---------------------------------------------------------- generator ----

/// One generated cell: text, an amount or a date.
enum Value {
    Text(String),
    Amount(Fen),
    Date(NaiveDate),
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

struct Generator {
    rng: Rng,
    today: NaiveDate,
    /// Next case number per (court or arbitration body, year).
    counters: HashMap<(String, i32), u32>,
}

impl Generator {
    fn name(&mut self, male: bool) -> String {
        let surname = *self.rng.pick_skewed(&SURNAMES);
        let pool: &[&str] = if male { &MALE_GIVEN } else { &FEMALE_GIVEN };
        let mut name = String::from(surname);
        let first = *self.rng.pick(pool);
        name.push_str(first);
        if self.rng.chance(70) {
            let second = *self.rng.pick(pool);
            name.push_str(second);
        }
        name
    }

    fn phone_mobile(&mut self) -> String {
        let prefix = *self.rng.pick(&["13", "15", "18", "19", "17"]);
        format!("{prefix}{}{:08}", self.rng.below(10), self.rng.below(100_000_000))
    }

    /// Address and its region code.
    fn address(&mut self) -> (String, String) {
        if self.rng.chance(85) {
            let (code, district, streets) = *self.rng.pick_skewed(&WUXI);
            let street = *self.rng.pick(&streets);
            let city = if district.ends_with('市') { "江苏省" } else { "江苏省无锡市" };
            let detail = if self.rng.chance(60) {
                format!(
                    "{}{}幢{}室",
                    self.rng.pick(&ESTATES),
                    self.rng.range(1, 40),
                    self.rng.range(1, 28) * 100 + self.rng.range(1, 4)
                )
            } else {
                format!("{}{}号", self.rng.pick(&ROADS), self.rng.range(1, 800))
            };
            (format!("{city}{district}{street}{detail}"), code.to_string())
        } else {
            let (code, prefix) = *self.rng.pick(&ELSEWHERE);
            (
                format!(
                    "{prefix}{}村{}组{}号",
                    self.rng.pick(&["新民", "建设", "红星", "光明", "永安"]),
                    self.rng.range(1, 12),
                    self.rng.range(1, 60)
                ),
                code.to_string(),
            )
        }
    }

    /// A natural person with a valid resident ID: cells 类型..行政区划代码.
    fn debtor(&mut self) -> (String, [Value; 6]) {
        let male = self.rng.chance(62);
        let name = self.name(male);
        let region = *self.rng.pick(&BIRTH_REGIONS);
        let year = self.today.year() - self.rng.range(22, 63) as i32;
        let birth = NaiveDate::from_yo_opt(year, self.rng.range(1, 365) as u32).unwrap_or(self.today);
        let order = (self.rng.below(500) * 2) as u32 + u32::from(male);
        let id = resident_id(region, birth.year(), birth.month(), birth.day(), order);
        let phone = if self.rng.chance(90) { self.phone_mobile() } else { String::new() };
        let (address, code) = if self.rng.chance(85) { self.address() } else { (String::new(), String::new()) };
        let code = if !address.is_empty() && self.rng.chance(85) { code } else { String::new() };
        (id.clone(), [text("自然人"), text(name), text(id), text(phone), text(address), text(code)])
    }

    fn next_number(&mut self, body: &str, year: i32) -> u32 {
        let start = 1000 + self.rng.below(4000) as u32;
        let step = 1 + self.rng.below(3) as u32;
        let n = self.counters.entry((body.to_string(), year)).or_insert(start);
        let out = *n;
        *n += step;
        out
    }

    /// One case of a segment.
    fn row(&mut self, lender: &Lender, lender_code: &str, agent: &str, court: usize) -> Vec<Value> {
        let product = lender.product;
        let effective = self.today - Duration::days(self.rng.range(40, 1000));
        let arbitration = product == Product::InternetLoan && self.rng.chance(20);
        let mediation = !arbitration && self.rng.chance(if product == Product::CreditCard { 15 } else { 12 });
        let (court_code, court_name) = if self.rng.chance(85) { COURTS[court] } else { *self.rng.pick(&COURTS) };
        let (title_type, doc_no, issuer, deadline) = if arbitration {
            let year = (effective - Duration::days(self.rng.range(0, 60))).year();
            let n = self.next_number(ARBITRATION, year);
            ("仲裁裁决书", format!("（{year}）锡仲字第{n}号"), ARBITRATION, effective + Duration::days(10))
        } else {
            let year = (effective - Duration::days(self.rng.range(20, 180))).year();
            let n = self.next_number(court_code, year);
            let doc = format!("（{year}）{court_code}民初{n}号");
            if mediation {
                ("民事调解书", doc, court_name, effective + Duration::days(self.rng.range(10, 60)))
            } else {
                ("民事判决书", doc, court_name, effective + Duration::days(10))
            }
        };
        let (lo, hi) = match product {
            Product::InternetLoan => (3_000.0_f64, 80_000.0_f64),
            Product::CreditCard => (5_000.0, 150_000.0),
            Product::SmallLoan => (20_000.0, 300_000.0),
        };
        // Log-uniform: many small debts, few large ones.
        let yuan = (lo * (hi / lo).powf(self.rng.unit())) as i64;
        let cents = if product == Product::SmallLoan && self.rng.chance(50) { 0 } else { self.rng.range(0, 99) };
        let principal = Fen(yuan * 100 + cents);
        let fee = acceptance_fee(principal);
        // Simplified procedure and mediation halve the fee (第十五、十六条).
        let costs = if arbitration { fee } else { Fen((fee.0 + 1) / 2) };
        let since = effective - Duration::days(self.rng.range(200, 700));
        let since = format!("{}年{}月{}日", since.year(), since.month(), since.day());
        let base = principal.to_yuan_string();
        let interest = match product {
            _ if self.rng.chance(15) => String::new(),
            Product::InternetLoan => {
                let rate = *self.rng.pick(&["10.8", "12", "14.4", "15.4"]);
                format!("以未还本金 {base} 元为基数，自{since}起按年利率 {rate}% 计算至实际清偿之日止")
            }
            Product::CreditCard => {
                format!("以透支本金 {base} 元为基数，自{since}起按日利率万分之五计算至实际清偿之日止")
            }
            Product::SmallLoan => {
                format!("以 {base} 元为基数，自{since}起按一年期贷款市场报价利率（LPR）的四倍计算至实际清偿之日止")
            }
        };
        let cause = match product {
            Product::InternetLoan => "金融借款合同纠纷",
            Product::CreditCard => "信用卡纠纷",
            Product::SmallLoan => "小额借款合同纠纷",
        };
        let case_type = if self.rng.chance(3) { "执恢" } else { "执" };
        let applicant_phone = format!("0510-8{:07}", self.rng.below(10_000_000));

        let mut row = vec![
            text(case_type),
            text(title_type),
            text(doc_no),
            text(issuer),
            Value::Date(effective),
            Value::Date(deadline),
            text(cause),
            Value::Amount(principal),
            Value::Amount(costs),
            text(interest),
            text(""),
            text(lender.kind),
            text(lender.name),
            text(lender_code),
            text(applicant_phone),
            text(lender.address),
            text(agent),
        ];
        let debtors = match self.rng.below(100) {
            0..=84 => 1,
            85..=96 => 2,
            _ => 3,
        };
        let mut ids: Vec<String> = Vec::new();
        for _ in 0..debtors {
            let (id, cells) = loop {
                let (id, cells) = self.debtor();
                if !ids.contains(&id) {
                    break (id, cells);
                }
            };
            ids.push(id);
            row.extend(cells);
        }
        while row.len() < COLUMNS.len() {
            row.push(text(""));
        }
        row
    }

    fn rows(
        &mut self,
        n: usize,
        mut emit: impl FnMut(usize, Vec<Value>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let mut i = 0;
        while i < n {
            // One lender per segment, with its lawyer and its usual court.
            let li = self.rng.below(LENDERS.len() as u64) as usize;
            let lender = &LENDERS[li];
            let code = uscc(
                '9',
                '1',
                if lender.name.contains("江阴") { "320281" } else { "320200" },
                &format!("MA{:06}", 104_729 + li * 7_919),
            );
            let male = self.rng.chance(60);
            let agent = format!("{}（江苏锡诚律师事务所律师）", self.name(male));
            let court = *self.rng.pick_skewed(&[0usize, 1, 2, 3, 4, 5, 6]);
            let len = (self.rng.range(200, 3000) as usize).min(n - i);
            for _ in 0..len {
                let row = self.row(lender, &code, &agent, court);
                emit(i, row)?;
                i += 1;
            }
        }
        Ok(())
    }
}

/// A realistic mass-case file of `n` rows in the template's layout:
/// segments of cases of one invented lender each (internet loans, credit
/// cards, small loans) against natural persons with valid resident IDs,
/// amounts of 3,000–300,000 yuan, titles of Wuxi's courts and arbitration
/// commission that became effective 40–1000 days before `today`.
/// Deterministic per `seed`; every row parses without error.
pub fn synthetic(n: usize, seed: u64, today: NaiveDate, format: SyntheticFormat) -> Result<Vec<u8>, ImportError> {
    let mut g = Generator { rng: Rng(seed), today, counters: HashMap::new() };
    match format {
        SyntheticFormat::Csv => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            {
                let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
                let csv_err = |e: csv::Error| ImportError::Csv(format!("生成 CSV 失败：{e}"));
                w.write_record(template_headers()).map_err(csv_err)?;
                g.rows(n, |_, row| {
                    let fields = row.into_iter().map(|v| match v {
                        Value::Text(s) => s,
                        Value::Amount(f) => f.to_yuan_string(),
                        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
                    });
                    w.write_record(fields).map_err(csv_err)
                })?;
                w.flush().map_err(|e| ImportError::Csv(format!("生成 CSV 失败：{e}")))?;
            }
            Ok(out)
        }
        SyntheticFormat::Xlsx => synthetic_xlsx(&mut g, n),
    }
}

fn synthetic_xlsx(g: &mut Generator, n: usize) -> Result<Vec<u8>, ImportError> {
    let xerr = |e: XlsxError| ImportError::Xlsx(format!("生成 Excel 文件失败：{e}"));
    let mut ws = Worksheet::new();
    ws.set_name(crate::read::SHEET_NAME).map_err(xerr)?;
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let amount_format = Format::new().set_num_format("0.00");
    let header = Format::new().set_bold();
    for (i, (h, c)) in template_headers().into_iter().zip(COLUMNS.iter()).enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, h, &header).map_err(xerr)?;
        ws.set_column_width(col, c.width).map_err(xerr)?;
        if !matches!(c.kind, Kind::Date | Kind::Amount) {
            ws.set_column_format(col, &Format::new().set_num_format("@")).map_err(xerr)?;
        }
    }
    g.rows(n, |i, row| {
        let r = (i + 1) as u32;
        for (j, v) in row.into_iter().enumerate() {
            let col = j as u16;
            match v {
                Value::Text(s) if s.is_empty() => {}
                Value::Text(s) => {
                    ws.write_string(r, col, s).map_err(xerr)?;
                }
                Value::Amount(f) => {
                    // fen / 100 is the double nearest the decimal amount, which
                    // Excel stores and calamine reads back digit for digit.
                    ws.write_number_with_format(r, col, f.0 as f64 / 100.0, &amount_format).map_err(xerr)?;
                }
                Value::Date(d) => {
                    let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(xerr)?;
                    ws.write_date_with_format(r, col, &dt, &date_format).map_err(xerr)?;
                }
            }
        }
        Ok(())
    })?;
    ws.set_freeze_panes(1, 0).map_err(xerr)?;
    let created =
        ExcelDateTime::from_ymd(g.today.year() as u16, g.today.month() as u8, g.today.day() as u8).map_err(xerr)?;
    let mut wb = crate::template::new_workbook(created);
    wb.push_worksheet(ws);
    wb.save_to_buffer().map_err(xerr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhixing_domain::ids;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
    }

    #[test]
    fn generated_numbers_pass_the_domain_checks() {
        let mut rng = Rng(7);
        for _ in 0..2000 {
            let y = 1950 + rng.range(0, 50) as i32;
            let id =
                resident_id("320205", y, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32, rng.below(1000) as u32);
            assert!(ids::parse_resident_id(&id, today()).is_ok(), "{id}");
            let body: String = (0..8).map(|_| USCC_CHARSET.chars().nth(rng.below(31) as usize).unwrap()).collect();
            let code = uscc('9', '1', "320200", &body);
            assert!(ids::parse_uscc(&code).is_ok(), "{code}");
        }
        assert_eq!(resident_id("110105", 1949, 12, 31, 2), "11010519491231002X");
    }

    #[test]
    fn acceptance_fees() {
        assert_eq!(acceptance_fee(Fen(500_000)), Fen(5_000));
        // 50 + 40,000 × 2.5% = 1,050 yuan.
        assert_eq!(acceptance_fee(Fen(5_000_000)), Fen(105_000));
        // 50 + 2,250 + 2,000 + 1,500 = 5,800 yuan for 300,000.
        assert_eq!(acceptance_fee(Fen(30_000_000)), Fen(580_000));
    }
}
