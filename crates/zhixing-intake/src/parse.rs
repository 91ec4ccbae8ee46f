//! Reads a filing draft out of the text of a Chinese civil judgment, ruling,
//! mediation document, payment order or arbitral award.
//!
//! The rules follow the structure every such document shares (the published
//! styles of 《民事诉讼文书样式》):
//!
//! 1. **Head**: the court (…人民法院), the document type (民事判决书…), the case
//!    number (（2024）苏0211民初123号) — each on its own line, any of them
//!    possibly missing in a copy.
//! 2. **Parties**: one paragraph per party, opening with the procedural role
//!    (原告, 被告, 上诉人（原审被告）…), then the name, then descriptors
//!    (男/女, 出生, 住所地, 统一社会信用代码…). Lines for 法定代表人, 委托诉讼代理人
//!    and the like follow a party and are not parties.
//! 3. **Narrative** ("原告张某与被告李某…纠纷一案"), facts and reasoning — skipped.
//! 4. **Operative part** after "判决如下：" / "裁定如下：" / "达成如下协议：" /
//!    "发出如下支付令：" / "裁决如下：", in numbered items (一、二、…). Each item
//!    orders someone to pay someone (支付/给付/偿还/返还/赔偿…), joins a debtor
//!    jointly (对…承担连带清偿责任), dismisses (驳回…), or does something else.
//! 5. **Costs** (案件受理费…由被告负担), the boilerplate on double interest for
//!    late payment (not an item), appeal rights, signatures and the date.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use zhixing_domain::case_no::parse_case_no;
use zhixing_domain::money::Fen;

use crate::draft::{
    CostShare, Costs, Deadline, DeadlineKind, Draft, Interest, Item, ItemKind, Obligation, Party, PartyType,
};
use crate::numerals::{AmountMatch, find_amounts, parse_cn_int};
use crate::text::{date_from_parts, find_dates, is_date_line, paragraphs, re};

// ---------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------

/// Procedural roles, longest first so that 被上诉人 wins over 上诉人.
const ROLES: &str = "原审第三人|原审原告|原审被告|一审原告|一审被告|一审第三人|被申请再审人|再审申请人|申请再审人|\
被上诉人|上诉人|申请执行人|被执行人|复议申请人|申请复议人|仲裁申请人|仲裁被申请人|被申请人|申请人|\
反诉原告|反诉被告|原告|被告|第三人|债权人|债务人|异议人|案外人|起诉人";

static PARTY_RE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^({ROLES})(（([^）]{{1,30}})）)?(：)?")));

static AGENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:共同|上列|以上|上述|其|该|二|两)?[^：，。]{0,12}?(?:委托诉讼代理人|委托代理人|诉讼代理人|法定代表人|法定代理人|负责人|经营者|指定代理人|诉讼代表人|代表人|投资人|执行事务合伙人|监护人|特别授权代理人|一般授权代理人|辩护人|翻译人员)",
    )
});

static DOC_TYPE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"((?:民事|刑事附带民事|附带民事|行政|执行|刑事|商事)?(?:判决书|裁定书|调解书|决定书)|(?:民事)?支付令|(?:仲裁)?裁决书|执行证书)$",
    )
});

static CASE_NO_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"[（〔]\d{4}[）〕][^，。；：、]{1,30}?号(?:之[一二三四五六七八九十]+)?|\p{Han}{1,12}[（〔]\d{4}[）〕][^，。；：、]{0,8}?\d+号",
    )
});

static OPERATIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(判决|裁定|裁决|决定)如下|(?:达成|自愿达成|达成了)(?:如下|以下|下列)(?:调解)?协议|(?:调解)?协议(?:内容)?如下|发出如下支付令|支付令如下|(?:作出|作如下)?裁决如下)[：]?",
    )
});

static OPERATIVE_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:如果未按|如未按|如果被告未按|若未按|若被告未按|如被告未按|如不服|不服本|案件受理费|本案受理费|受理费|诉讼费|一审案件受理费|二审案件受理费|本案案件受理费|本案诉讼费|上述协议|上述调解协议|本调解协议|以上协议|双方当事人一致同意|本判决为终审判决|本裁定为终审裁定|本判决为终审|本裁定书?送达后|本裁决为终局裁决|本裁决书自|本裁决自|债务人如对本支付令|债务人如对|如债务人|本支付令自|申请执行的期间|审判长|审判员|代理审判员|人民陪审员|书记员|法官助理|首席仲裁员|仲裁员|本件与原本核对无异|本案仲裁费|仲裁费)",
    )
});

static ITEM_NO_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:([一二三四五六七八九十]{1,3})、|（([一二三四五六七八九十]{1,3})）|(\d{1,2})、|(\d{1,2})\.([^\d]))")
});

static INLINE_ITEM_RE: LazyLock<Regex> = LazyLock::new(|| re(r"[；。]([一二三四五六七八九十]{1,3})、"));

static PAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"支付给|返还给|偿还给|付给|支付|给付|偿还|归还|返还|赔偿|退还|清偿|偿付|补偿|付清|退回|赔付|补缴|补付|补发|返给|交付",
    )
});

static NON_MONEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"腾退|搬出|迁出|交还|返还|交付|办理|协助|拆除|恢复原状|停止|赔礼道歉|消除影响|继续履行|过户|移交|腾空|注销|变更登记",
    )
});

static ROLE_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(二|两|三|各|上述)?(原审第三人|原审原告|原审被告|反诉原告|反诉被告|被上诉人|上诉人|申请执行人|被执行人|被申请人|申请人|原告|被告|第三人|债权人|债务人)",
    )
});

static COST_KW_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"受理费|诉讼费|保全费|公告费|鉴定费|仲裁费|申请费|评估费|诉讼费用|督促程序费"));

static REFUND_RE: LazyLock<Regex> = LazyLock::new(|| re(r"退还|退回|免收|免交|免予|不予收取|免缴"));

static BEAR_RE: LazyLock<Regex> = LazyLock::new(|| re(r"负担|承担"));

static DAYS_EFFECTIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:于|自|在)?(?:本|该|上述)?(?:判决|调解书|调解协议|裁定|裁决|决定|民事调解书)书?(?:发生法律效力|生效|确定)(?:之日|后)起?(?:的)?([0-9一二三四五六七八九十百]+)(?:日|天|个工作日)(?:内|之内|以内)?",
    )
});

static DAYS_SERVICE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:于|自|在)?(?:收到|签收|接到)?(?:本|该)?(?:支付令|裁决书|判决书|调解书|裁定书|决定书)?(?:送达|收到|签收)?之日起(?:的)?([0-9一二三四五六七八九十]+)(?:日|天)(?:内|之内|以内)?",
    )
});

static ON_EFFECTIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:于|在)?(?:本|该)?(?:判决|调解书|调解协议|裁定|裁决)书?(?:发生法律效力|生效)(?:时|之日|当日|当天)")
});

static FIXED_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:于|在)?([0-9〇○零O一二三四五六七八九]{4})年([0-9一二三四五六七八九十]{1,3})月(?:([0-9一二三四五六七八九十]{1,3})日|(底|末))(?:前|之前|以前|当日|当天)?",
    )
});

static IMMEDIATE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"立即|即时|当即"));

static BASE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"以([^，；。]{0,40}?)为(?:计算)?(?:基数|本金)"));

static LPR_RE: LazyLock<Regex> = LazyLock::new(|| re(r"贷款市场报价利率|LPR"));
static PBOC_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:中国)?人民银行[^，；。]{0,12}?(?:同期|同类|同档次)[^，；。]{0,12}?(?:基准)?利率"));
static MULT_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:的)?(\d+(?:\.\d+)?|[一二三四五])倍|上浮(\d+(?:\.\d+)?%|百分之[一二三四五六七八九十]+)|加计(\d+(?:\.\d+)?%|百分之[一二三四五六七八九十]+)",
    )
});
static FIXED_RATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:年|月|日)(?:利率|息|利息|费率|违约金率)?(?:为|按)?(?:\d+(?:\.\d+)?%|百分之[一二三四五六七八九十点零〇]+|万分之[一二三四五六七八九十点零〇\d.]+|千分之[一二三四五六七八九十点零〇\d.]+)|(?:年|月)(?:利率|息)\d+(?:\.\d+)?(?:%|‰)",
    )
});
static UNTIL_PAID_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"至(?:实际|全部|款项)?(?:清偿|给付|付清|支付|履行|还清|偿还)(?:完毕|完)?(?:之日|时)|至(?:本息)?(?:全部)?(?:清偿|付清|还清)(?:之日|时)",
    )
});

static INTEREST_HINT_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"基数|利率|LPR|计息|计算至|计付|年息|月息|万分之|千分之|利息计算"));

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

/// Reads the filing draft from a document's text.
pub fn parse_text(raw: &str) -> Draft {
    let paras = paragraphs(raw);
    let head = read_head(&paras);
    let (parties, party_end) = read_parties(&paras, head.parties_from);
    let op = find_operative(&paras, party_end);

    let mut obligations = Vec::new();
    let mut cost_texts: Vec<String> = Vec::new();
    let mut op_kind = None;
    if let Some(op) = &op {
        op_kind = op.kind.clone();
        let items = split_items(&op.texts);
        let ctx = Ctx { parties: &parties };
        for (no, text) in items {
            if is_cost_text(&text) {
                cost_texts.push(text);
                continue;
            }
            read_item(&ctx, no, &text, &mut obligations);
        }
        // A ruling confirming a mediation agreement (司法确认): the
        // obligations are in the agreement quoted before the ruling.
        if op.kind.as_deref() == Some("裁定")
            && obligations.is_empty()
            && op.texts.iter().any(|t| t.contains("协议有效"))
        {
            let agreement = quoted_agreement(&paras[party_end..op.start]);
            let ctx = Ctx { parties: &parties };
            for (no, text) in split_items(&agreement) {
                if !is_cost_text(&text) {
                    read_item(&ctx, no, &text, &mut obligations);
                }
            }
        }
        for p in &paras[op.end..] {
            if COST_KW_RE.is_match(p) && (BEAR_RE.is_match(p) || REFUND_RE.is_match(p)) {
                cost_texts.push(p.clone());
            }
        }
    } else {
        // Without an operative part only a costs sentence can still be read.
        for p in &paras[party_end..] {
            if COST_KW_RE.is_match(p) && BEAR_RE.is_match(p) && p.chars().count() < 200 {
                cost_texts.push(p.clone());
            }
        }
    }
    let costs = read_costs(&parties, &cost_texts);
    obligations.retain(|o| !o.items.is_empty());
    let enforceable = obligations.iter().any(|o| o.items.iter().any(|i| i.amount.is_some_and(|a| a.0 > 0)));

    let whole: String = paras.concat();
    let type_code =
        head.case_number.as_deref().and_then(|c| parse_case_no(c).ok()).map(|c| c.type_code).unwrap_or_default();
    let document_type = head.document_type.clone().or_else(|| infer_doc_type(op_kind.as_deref(), &type_code, &whole));
    let final_instance = whole.contains("终审判决")
        || whole.contains("终审裁定")
        || whole.contains("一审终审")
        || whole.contains("小额诉讼程序")
        || type_code.contains('终');
    let date = op.as_ref().map_or(party_end, |o| o.start).max(head.parties_from);
    let date = paras[date..].iter().rev().find_map(|p| is_date_line(p));

    Draft {
        court: head.court,
        case_number: head.case_number,
        document_type,
        date,
        parties,
        enforceable_money_obligation: enforceable,
        obligations,
        costs,
        final_instance,
    }
}

// ---------------------------------------------------------------------------
// Head
// ---------------------------------------------------------------------------

struct Head {
    court: Option<String>,
    document_type: Option<String>,
    case_number: Option<String>,
    parties_from: usize,
}

fn read_head(paras: &[String]) -> Head {
    let mut head = Head { court: None, document_type: None, case_number: None, parties_from: 0 };
    for (i, p) in paras.iter().enumerate().take(12) {
        if is_party_para(p) {
            head.parties_from = i;
            return head;
        }
        let len = p.chars().count();
        if len > 60 {
            continue;
        }
        let mut rest = p.as_str();
        if head.court.is_none()
            && let Some(end) = court_end(rest)
        {
            head.court = Some(rest[..end].to_string());
            rest = &rest[end..];
        }
        if head.document_type.is_none()
            && let Some(m) = DOC_TYPE_RE.find(rest)
            && m.start() <= 6
        {
            head.document_type = Some(m.as_str().to_string());
            rest = &rest[..m.start()];
        }
        if head.case_number.is_none() {
            let stripped = rest.trim_start_matches("案号").trim_start_matches('：');
            if let Some(m) = CASE_NO_RE.find(stripped)
                && m.start() == 0
                && stripped.len() - m.end() <= 3
            {
                head.case_number = Some(canonical_case_no(m.as_str()));
            }
        }
        head.parties_from = i + 1;
    }
    // No party paragraph in the head: the parties start where the head ends.
    head
}

/// End of a court's (or arbitration commission's) name at the start of `p`.
fn court_end(p: &str) -> Option<usize> {
    for suffix in ["人民法院", "仲裁委员会", "法院"] {
        if let Some(i) = p.find(suffix) {
            let end = i + suffix.len();
            // A court name is a short run of Han characters with no punctuation.
            let name = &p[..end];
            if name.chars().count() >= 4
                && name.chars().count() <= 40
                && !name.contains(['，', '。', '：', '（'])
                && !name.starts_with("本院")
            {
                return Some(end);
            }
        }
    }
    None
}

fn canonical_case_no(s: &str) -> String {
    match parse_case_no(s) {
        Ok(c) => c.to_string(),
        // Not a court case number (an arbitration commission's, say): as written.
        Err(_) => s.to_string(),
    }
}

fn infer_doc_type(op_kind: Option<&str>, type_code: &str, whole: &str) -> Option<String> {
    let kind = op_kind?;
    // Civil by its case number, or by the civil law it cites and disputes it names.
    let criminal_or_admin = ["公诉机关", "被告人", "行政诉讼法", "刑事诉讼法"].iter().any(|k| whole.contains(k));
    let civil = type_code.starts_with('民')
        || (type_code.is_empty()
            && !criminal_or_admin
            && ["纠纷", "争议一案", "民事诉讼法", "民法典"].iter().any(|k| whole.contains(k)));
    let base = match kind {
        "判决" => "判决书",
        "裁定" => "裁定书",
        "协议" => "调解书",
        "支付令" => return Some("支付令".to_string()),
        "裁决" => return Some("裁决书".to_string()),
        _ => return None,
    };
    civil.then(|| format!("民事{base}"))
}

// ---------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------

static PERSON_HINT_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|，)(?:男|女)(?:，|。|$)|出生|公民身份号码|身份证|[汉回满蒙藏壮苗彝]族|\d+岁"));
static ORG_HINT_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"统一社会信用代码|组织机构代码|住所地|住所：|经营场所|注册地|营业场所"));
static ORG_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:公司|集团|银行|支行|分行|厂|店|中心|合作社|联合社|委员会|村委会|居委会|局|所|院|学校|大学|学院|协会|商会|基金会|企业|部|站|场|馆|社|办事处|处|队|合伙）|工作室|俱乐部|超市|商行|酒店|宾馆|医院|幼儿园|政府|信用社|事务所|门市|公寓|农场|车行|经营部|加油站|个体工商户）|分理处|营业部)$",
    )
});
static ALIAS_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:以下简称|以下称|下称|简称)(?:为)?[：]?([^，。；）、]{1,24})"));

fn is_party_para(p: &str) -> bool {
    let Some(c) = PARTY_RE.captures(p) else { return false };
    let has_colon = c.get(4).is_some();
    if p.contains("一案") || p.contains("向本院") || p.contains("诉讼请求") || p.contains("不服") {
        return false;
    }
    let rest = &p[c.get(0).map_or(0, |m| m.end())..];
    if rest.is_empty() {
        return false;
    }
    has_colon || rest.contains('，') || rest.ends_with('。') || rest.chars().count() <= 30
}

fn read_parties(paras: &[String], from: usize) -> (Vec<Party>, usize) {
    let mut parties: Vec<Party> = Vec::new();
    let mut i = from;
    let mut started = false;
    while i < paras.len() {
        let p = &paras[i];
        if is_party_para(p) {
            started = true;
            if let Some(party) = read_party(p) {
                // The same party listed twice (rare, in copies) is kept once.
                if !parties.iter().any(|q| q.name == party.name) {
                    parties.push(party);
                }
            }
        } else if started && AGENT_RE.is_match(p) {
            // A legal representative or person in charge follows an organisation.
            if ["法定代表人", "负责人", "执行事务合伙人", "经营者"].iter().any(|k| p.contains(k))
                && let Some(last) = parties.last_mut()
                && last.party_type.is_none()
            {
                last.party_type = Some(PartyType::Organisation);
            }
        } else if started {
            break;
        } else if i > from + 6 {
            // No party list near the head.
            break;
        }
        i += 1;
    }
    if !started {
        return (parties, from);
    }
    (parties, i)
}

fn read_party(p: &str) -> Option<Party> {
    let c = PARTY_RE.captures(p)?;
    let role = c.get(1)?.as_str().to_string();
    let mut roles = vec![role.clone()];
    if let Some(extra) = c.get(3) {
        for r in extra.as_str().split(['、', '，', '/']) {
            let r = r.trim_start_matches("系");
            if !r.is_empty() {
                roles.push(r.to_string());
            }
        }
    }
    let rest = &p[c.get(0)?.end()..];
    let end = rest.find(['，', '。', '；', '（', '、']).unwrap_or(rest.len());
    let mut name = rest[..end].to_string();
    let mut after = &rest[end..];
    // A bracketed part of the legal name: "某某商行（普通合伙）", "（个体工商户）".
    if let Some(inner) = after.strip_prefix('（')
        && let Some(close) = inner.find('）')
    {
        let content = &inner[..close];
        if ["普通合伙", "有限合伙", "特殊普通合伙", "个体工商户", "集团"].contains(&content) {
            name.push_str(&format!("（{content}）"));
            after = &inner[close + '）'.len_utf8()..];
        }
    }
    let _ = after;
    let name = name.trim_matches(|c: char| c == '：' || c == '。').to_string();
    if name.is_empty() || name.chars().count() > 60 {
        return None;
    }
    let mut aliases = Vec::new();
    for a in ALIAS_RE.captures_iter(p) {
        if let Some(m) = a.get(1) {
            let alias = m.as_str().trim_matches(|c| c == '“' || c == '”' || c == '：').to_string();
            if !alias.is_empty() && alias != name {
                aliases.push(alias);
            }
        }
    }
    let descr = &p[c.get(0)?.end()..];
    let party_type = if PERSON_HINT_RE.is_match(descr) && !ORG_NAME_RE.is_match(&name) {
        Some(PartyType::NaturalPerson)
    } else if ORG_HINT_RE.is_match(descr) || (name.chars().count() >= 4 && ORG_NAME_RE.is_match(&name)) {
        Some(PartyType::Organisation)
    } else if looks_like_person_name(&name) {
        Some(PartyType::NaturalPerson)
    } else {
        None
    };
    Some(Party { name, role, party_type, roles, aliases })
}

/// Two to four Han characters (anonymised with 某 or ×/* allowed): a
/// person's name, since an organisation's name is never that short.
fn looks_like_person_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=5).contains(&n)
        && name.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '×' || c == '*' || c == 'X' || c == '·')
        && !ORG_NAME_RE.is_match(name)
}

// ---------------------------------------------------------------------------
// Operative part
// ---------------------------------------------------------------------------

struct Operative {
    start: usize,
    end: usize,
    texts: Vec<String>,
    kind: Option<String>,
}

fn find_operative(paras: &[String], from: usize) -> Option<Operative> {
    let mut found: Option<(usize, usize, String)> = None;
    for (i, p) in paras.iter().enumerate().skip(from) {
        if let Some(m) = OPERATIVE_RE.captures_iter(p).last() {
            let whole = m.get(0)?;
            let kind = match m.get(1).map(|k| k.as_str()) {
                Some("判决") => "判决",
                Some("裁定") => "裁定",
                Some("裁决") => "裁决",
                Some("决定") => "决定",
                _ if whole.as_str().contains("支付令") => "支付令",
                _ if whole.as_str().contains("裁决") => "裁决",
                _ => "协议",
            };
            found = Some((i, whole.end(), kind.to_string()));
        }
    }
    let (start, offset, kind) = match found {
        Some(f) => f,
        None => {
            // A payment order without the "如下" line: start at the order itself.
            let i = paras
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, p)| p.contains("本支付令") && PAY_RE.is_match(p) && !p.starts_with("债务人如对"))?;
            (i.0, 0, "支付令".to_string())
        }
    };
    let mut texts = Vec::new();
    let first_rest = &paras[start][offset..];
    if !first_rest.is_empty() {
        texts.push(first_rest.to_string());
    }
    let mut end = start + 1;
    while end < paras.len() {
        let p = &paras[end];
        if OPERATIVE_END_RE.is_match(p) || is_date_line(p).is_some() {
            break;
        }
        texts.push(p.clone());
        end += 1;
    }
    // Trailing boilerplate inside the last item paragraph.
    Some(Operative { start, end, texts, kind: Some(kind) })
}

/// The agreement quoted in a 司法确认 ruling: after "达成了如下调解协议：",
/// up to the court's own reasoning ("本院…").
fn quoted_agreement(paras: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for p in paras {
        if inside {
            if p.starts_with("本院") {
                break;
            }
            out.push(p.clone());
        } else if let Some(m) = OPERATIVE_RE.find(p)
            && m.as_str().contains("协议")
        {
            inside = true;
            let rest = &p[m.end()..];
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
        }
    }
    out
}

/// Splits the operative paragraphs into numbered items (一、二、…). Text
/// without a number belongs to the item before it (or is the only item).
fn split_items(texts: &[String]) -> Vec<(Option<u32>, String)> {
    let mut items: Vec<(Option<u32>, String)> = Vec::new();
    for t in texts {
        // Items numbered inline within one paragraph: "…；二、…".
        let mut pieces = Vec::new();
        let mut last = 0;
        for m in INLINE_ITEM_RE.captures_iter(t) {
            if let Some(g) = m.get(1) {
                pieces.push(&t[last..g.start()]);
                last = g.start();
            }
        }
        pieces.push(&t[last..]);
        for piece in pieces {
            if piece.is_empty() {
                continue;
            }
            if let Some(c) = ITEM_NO_RE.captures(piece) {
                let no = c
                    .get(1)
                    .or(c.get(2))
                    .and_then(|m| parse_cn_int(m.as_str()))
                    .or_else(|| c.get(3).or(c.get(4)).and_then(|m| m.as_str().parse::<u64>().ok()))
                    .and_then(|n| u32::try_from(n).ok());
                let skip = c.get(5).map_or(c.get(0).map_or(0, |m| m.end()), |m| m.start());
                items.push((no, piece[skip..].to_string()));
            } else if is_cost_text(piece) {
                items.push((None, piece.to_string()));
            } else if let Some(last) = items.last_mut() {
                last.1.push_str(piece);
            } else {
                items.push((None, piece.to_string()));
            }
        }
    }
    // Boilerplate glued to the last item ("…。如果未按本判决指定的期间…").
    if let Some(last) = items.last_mut()
        && let Some(i) = ["如果未按", "如未按", "如不服", "案件受理费", "本判决为终审判决"]
            .iter()
            .filter_map(|k| last.1.find(k))
            .filter(|&i| i > 0)
            .min()
    {
        let tail = last.1[i..].to_string();
        last.1.truncate(i);
        if is_cost_text(&tail) {
            items.push((None, tail));
        }
    }
    items
}

fn is_cost_text(t: &str) -> bool {
    COST_KW_RE.is_match(t)
        && (BEAR_RE.is_match(t) || REFUND_RE.is_match(t))
        && PAY_RE.find(t).is_none_or(|m| m.start() >= COST_KW_RE.find(t).map_or(0, |c| c.start()))
}

// ---------------------------------------------------------------------------
// Party mentions in the operative text
// ---------------------------------------------------------------------------

struct Ctx<'a> {
    parties: &'a [Party],
}

#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    parties: Vec<usize>,
}

impl Ctx<'_> {
    fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut found: Vec<Mention> = Vec::new();
        for (idx, p) in self.parties.iter().enumerate() {
            let mut names: Vec<&str> = vec![p.name.as_str()];
            names.extend(p.aliases.iter().map(String::as_str));
            for n in names {
                if n.is_empty() {
                    continue;
                }
                for (s, _) in text.match_indices(n) {
                    // "贾某" inside "贾某某" (another, anonymised person) is not a mention.
                    let next = text[s + n.len()..].chars().next();
                    if n.chars().count() <= 4 && next.is_some_and(|c| matches!(c, '某' | '×' | '*' | 'X')) {
                        continue;
                    }
                    found.push(Mention { start: s, end: s + n.len(), parties: vec![idx] });
                }
            }
        }
        // Longest match wins where names overlap ("张某" inside "张某某").
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut names: Vec<Mention> = Vec::new();
        for m in found {
            if names.iter().any(|k| m.start < k.end && k.start < m.end) {
                continue;
            }
            names.push(m);
        }
        // Bare role words ("被告", "二被告") not followed by a name.
        let mut out = names.clone();
        for c in ROLE_WORD_RE.captures_iter(text) {
            let Some(whole) = c.get(0) else { continue };
            if names.iter().any(|k| whole.start() < k.end && k.start < whole.end()) {
                continue;
            }
            // Followed (after an optional 、) by a name: the word only introduces it.
            let after = &text[whole.end()..];
            if names.iter().any(|k| k.start == whole.end()) || after.starts_with("（") {
                continue;
            }
            // Part of a longer word: "原告方", "被告人", "被告的".
            if after.starts_with('人') || after.starts_with('方') {
                continue;
            }
            let role = c.get(2).map_or("", |m| m.as_str());
            let ps = self.by_role(role);
            if !ps.is_empty() {
                out.push(Mention { start: whole.start(), end: whole.end(), parties: ps });
            }
        }
        out.sort_by_key(|m| m.start);
        out
    }

    fn by_role(&self, role: &str) -> Vec<usize> {
        let exact: Vec<usize> =
            (0..self.parties.len()).filter(|&i| self.parties[i].roles.iter().any(|r| r == role)).collect();
        if !exact.is_empty() {
            return exact;
        }
        let original = format!("原审{role}");
        let first = format!("一审{role}");
        let via_original: Vec<usize> = (0..self.parties.len())
            .filter(|&i| self.parties[i].roles.iter().any(|r| *r == original || *r == first))
            .collect();
        if !via_original.is_empty() {
            return via_original;
        }
        if let Some(plain) = role.strip_prefix("原审") {
            return (0..self.parties.len()).filter(|&i| self.parties[i].roles.iter().any(|r| r == plain)).collect();
        }
        Vec::new()
    }

    fn names(&self, idx: &[usize]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for &i in idx {
            let n = &self.parties[i].name;
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------

/// Byte ranges of text inside （…）, nesting respected.
fn paren_ranges(t: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for (i, c) in t.char_indices() {
        match c {
            '（' => stack.push(i),
            '）' => {
                if let Some(s) = stack.pop()
                    && stack.is_empty()
                {
                    out.push((s, i + c.len_utf8()));
                }
            }
            _ => {}
        }
    }
    if let Some(&s) = stack.first() {
        out.push((s, t.len()));
    }
    out
}

fn in_ranges(pos: usize, ranges: &[(usize, usize)]) -> bool {
    ranges.iter().any(|&(s, e)| pos >= s && pos < e)
}

/// Text with parenthesised parts blanked out (same byte length is not kept).
fn strip_parens(t: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '（' => depth += 1,
            '）' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn read_item(ctx: &Ctx, no: Option<u32>, text: &str, out: &mut Vec<Obligation>) {
    let mut t = text.trim_end_matches(['。', '；']).to_string();
    if t.starts_with("驳回")
        || t.starts_with("不予")
        || t.starts_with("准许")
        || t.starts_with("准予")
        || is_conditional(&t)
    {
        return;
    }
    // Second instance: "维持…判决第一项，即…" / "变更…第一项为：…" / "撤销…；改判…".
    if t.starts_with("维持") || t.starts_with("变更") || t.starts_with("撤销") || t.starts_with("改判") {
        let cut = ["即：", "即", "为：", "改判："].iter().filter_map(|k| t.find(k).map(|i| i + k.len())).min();
        match cut {
            Some(i) if t.starts_with("维持") || t.starts_with("变更") || t.starts_with("改判") => {
                t = t[i..].to_string();
            }
            _ => {
                if let Some(i) = t.find("改判") {
                    t = t[i + "改判".len()..].trim_start_matches('：').to_string();
                } else {
                    return;
                }
            }
        }
    }
    // Joint liability for obligations written above.
    if t.contains("连带") && is_joint_reference(&t) {
        apply_joint_reference(ctx, &t, out);
        return;
    }
    let clauses = split_clauses(&t);
    let first_new = out.len();
    let mut prev_debtors: Vec<usize> = Vec::new();
    let mut prev_creditors: Vec<usize> = Vec::new();
    let mut instalment_label: Option<String> = None;
    let mut instalment_total: Option<(usize, usize)> = None;
    for clause in &clauses {
        if clause.contains("连带") && is_joint_reference(clause) {
            apply_joint_reference(ctx, clause, out);
            continue;
        }
        if is_conditional(clause.trim_start_matches('，')) {
            continue;
        }
        let r = read_clause(ctx, clause);
        let debtors = if r.debtors.is_empty() { prev_debtors.clone() } else { r.debtors.clone() };
        let creditors =
            if r.creditors.is_empty() && r.debtors.is_empty() { prev_creditors.clone() } else { r.creditors.clone() };
        if r.items.is_empty() && r.interest.is_some() && out.len() > first_new {
            // "…，并支付自…起至实际清偿之日止的罚息（以…为基数…）".
            if let Some(o) = out.last_mut()
                && o.interest.is_none()
            {
                o.interest = r.interest.clone();
            }
            continue;
        }
        if r.items.is_empty() {
            // A deadline for the sums above: "上述款项于本判决生效之日起十日内付清".
            if let Some(d) = &r.deadline {
                for o in out.iter_mut() {
                    if o.deadline.is_none() && (clause.contains("上述") || clause.contains("前述") || o.item_no == no)
                    {
                        o.deadline = Some(d.clone());
                    }
                }
            }
            if r.label_hint.is_some() {
                instalment_label = r.label_hint.clone();
            }
            if !debtors.is_empty() {
                prev_debtors = debtors;
                prev_creditors = creditors;
            }
            continue;
        }
        if r.instalment_head {
            // "分三期支付货款30000元": the total; the instalments follow.
            instalment_label = r.items.first().and_then(|i| i.label.clone());
            instalment_total = Some((out.len(), r.items.len()));
        }
        let mut items = r.items.clone();
        if let Some(l) = &instalment_label {
            for it in &mut items {
                if it.label.is_none() {
                    it.label = Some(l.clone());
                    it.kind = kind_of(l);
                }
            }
        }
        let joint = if r.joint {
            Some(true)
        } else if debtors.len() <= 1 || r.several {
            Some(false)
        } else {
            None
        };
        if r.several && debtors.len() > 1 {
            // "各支付…" / "分别支付…": one obligation per debtor.
            let per_debtor = items.len() == debtors.len() && r.respectively;
            for (k, &d) in debtors.iter().enumerate() {
                let its = if per_debtor { vec![items[k].clone()] } else { items.clone() };
                out.push(Obligation {
                    debtors: ctx.names(&[d]),
                    creditors: ctx.names(&creditors),
                    items: its,
                    interest: r.interest.clone(),
                    deadline: r.deadline.clone(),
                    joint_liability: Some(false),
                    item_no: no,
                });
            }
        } else {
            let debtor_names = ctx.names(&debtors);
            let creditor_names = ctx.names(&creditors);
            // Same parties as the clause before within this item: one obligation.
            let merge = out.len() > first_new
                && out.last().is_some_and(|o| {
                    o.debtors == debtor_names
                        && o.creditors == creditor_names
                        && (r.deadline.is_none() || o.deadline == r.deadline)
                        && instalment_total.is_none_or(|(at, _)| at != out.len() - 1)
                });
            if merge && let Some(o) = out.last_mut() {
                o.items.extend(items);
                if o.interest.is_none() {
                    o.interest = r.interest.clone();
                }
                if r.joint {
                    o.joint_liability = Some(true);
                }
            } else {
                let deadline = r.deadline.clone().or_else(|| {
                    // A clause continuing the one before keeps its deadline.
                    (r.debtors.is_empty() && out.len() > first_new)
                        .then(|| out.last().and_then(|o| o.deadline.clone()))
                        .flatten()
                });
                out.push(Obligation {
                    debtors: debtor_names,
                    creditors: creditor_names,
                    items,
                    interest: r.interest.clone(),
                    deadline,
                    joint_liability: joint,
                    item_no: no,
                });
            }
        }
        prev_debtors = debtors;
        prev_creditors = creditors;
    }
    // Instalments found: the total they add up to is not a separate sum owed.
    if let Some((at, _)) = instalment_total
        && out.len() > at + 1
        && out[at + 1..].iter().any(|o| o.deadline.as_ref().is_some_and(|d| d.kind == DeadlineKind::FixedDate))
    {
        out.remove(at);
    }
    // No creditor named in the clause, one other party named in the item
    // ("婚生女由原告田某抚养，被告贾某每月支付抚养费…"): that party.
    let item_parties: Vec<usize> = dedup(ctx.mentions(&t).iter().flat_map(|m| m.parties.clone()).collect());
    for o in out[first_new..].iter_mut() {
        if o.creditors.is_empty() {
            let others: Vec<usize> =
                item_parties.iter().copied().filter(|&p| !o.debtors.contains(&ctx.parties[p].name)).collect();
            if others.len() == 1 {
                o.creditors = ctx.names(&others);
            }
        }
    }
    // A deadline written once for the whole item applies to each part of it.
    let item_deadline = find_deadline(&strip_parens(&t));
    if let Some(d) = item_deadline {
        for o in out[first_new..].iter_mut() {
            if o.deadline.is_none() {
                o.deadline = Some(d.clone());
            }
        }
    }
}

/// Splits an item into clauses at "；" and "。", and at "，" between
/// instalments or before a clause naming a new debtor.
fn split_clauses(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let parens = paren_ranges(t);
    let mut last = 0;
    for (i, c) in t.char_indices() {
        if (c == '；' || c == '。') && !in_ranges(i, &parens) {
            out.push(t[last..i].to_string());
            last = i + c.len_utf8();
        }
    }
    out.push(t[last..].to_string());
    let mut result = Vec::new();
    for clause in out.into_iter().filter(|c| !c.trim().is_empty()) {
        let stripped = strip_parens(&clause);
        let fixed_dates = FIXED_RE
            .find_iter(&stripped)
            .filter(|m| m.as_str().ends_with('前') || m.as_str().ends_with("以前"))
            .count();
        let has_joint_tail = clause.contains("连带");
        if fixed_dates >= 2 || has_joint_tail {
            let parens = paren_ranges(&clause);
            let mut last = 0;
            let mut parts = Vec::new();
            for (i, c) in clause.char_indices() {
                if c == '，' && !in_ranges(i, &parens) {
                    parts.push(clause[last..i].to_string());
                    last = i + c.len_utf8();
                }
            }
            parts.push(clause[last..].to_string());
            // Re-join commas that do not start a new clause: keep a part on its
            // own only if it has a payment verb or a joint-liability phrase.
            let mut joined: Vec<String> = Vec::new();
            for p in parts {
                let starts_clause = PAY_RE.is_match(&p) || (p.contains("连带") && p.contains("责任"));
                if starts_clause || joined.is_empty() {
                    joined.push(p);
                } else if let Some(l) = joined.last_mut() {
                    l.push('，');
                    l.push_str(&p);
                }
            }
            result.extend(joined);
        } else {
            result.push(clause);
        }
    }
    result
}

/// "如被告未按期支付，则另行支付违约金…": owed only on default, not now.
fn is_conditional(t: &str) -> bool {
    ["如果", "如", "若", "倘若", "假如"].iter().any(|k| t.starts_with(k))
}

fn is_joint_reference(t: &str) -> bool {
    // "对上述第一项债务承担连带清偿责任", "对…承担连带责任" with no sum of its own.
    let stripped = strip_parens(t);
    let own_amounts = find_amounts(&stripped);
    let refers =
        ["上述", "前述", "上列", "前列", "本判决", "本调解书", "该", "此", "第"].iter().any(|k| stripped.contains(k));
    stripped.contains("承担")
        && stripped.contains("责任")
        && refers
        && (own_amounts.is_empty() || stripped.contains("范围内"))
}

static ITEM_REF_RE: LazyLock<Regex> = LazyLock::new(|| re(r"第([一二三四五六七八九十、至和及]+)项"));

fn apply_joint_reference(ctx: &Ctx, t: &str, out: &mut [Obligation]) {
    let mentions = ctx.mentions(t);
    let Some(first) = mentions.first() else { return };
    // The joining debtors are named before "对"/"在"/"就"/"承担".
    let stop = ["对", "在", "就", "承担", "于"]
        .iter()
        .filter_map(|k| t[first.end..].find(k).map(|i| i + first.end))
        .min()
        .unwrap_or(t.len());
    let joiners: Vec<usize> = mentions.iter().filter(|m| m.end <= stop).flat_map(|m| m.parties.clone()).collect();
    if joiners.is_empty() {
        return;
    }
    let mut refs: BTreeSet<u32> = BTreeSet::new();
    if let Some(c) = ITEM_REF_RE.captures(t)
        && let Some(list) = c.get(1)
    {
        let l = list.as_str();
        if let Some((a, b)) = l.split_once('至') {
            if let (Some(a), Some(b)) = (parse_cn_int(a), parse_cn_int(b)) {
                for n in a..=b {
                    refs.insert(u32::try_from(n).unwrap_or(0));
                }
            }
        } else {
            for part in l.split(['、', '和', '及']) {
                if let Some(n) = parse_cn_int(part) {
                    refs.insert(u32::try_from(n).unwrap_or(0));
                }
            }
        }
    }
    let names = ctx.names(&joiners);
    for o in out.iter_mut() {
        if !refs.is_empty() && !o.item_no.is_some_and(|n| refs.contains(&n)) {
            continue;
        }
        for n in &names {
            if !o.debtors.contains(n) {
                o.debtors.push(n.clone());
            }
        }
        o.joint_liability = Some(true);
    }
}

#[derive(Debug, Default)]
struct ClauseRead {
    debtors: Vec<usize>,
    creditors: Vec<usize>,
    items: Vec<Item>,
    interest: Option<Interest>,
    deadline: Option<Deadline>,
    joint: bool,
    several: bool,
    respectively: bool,
    instalment_head: bool,
    label_hint: Option<String>,
}

static REMAINDER_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:还应|尚应|实际应|还需|尚需|仍应|应再)(?:支付|给付|赔偿|偿还|返还)|余款|剩余"));

static DEDUCT_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"已(?:支付|付|偿还|给付|赔偿|垫付|归还|还|退还|返还)|扣除|抵扣|减去|除去|冲抵|折抵"));
static TOTAL_RE: LazyLock<Regex> = LazyLock::new(|| re(r"共计|合计|总计|总额|以上|上述|共|计"));

fn read_clause(ctx: &Ctx, clause: &str) -> ClauseRead {
    let mut r = ClauseRead::default();
    let parens = paren_ranges(clause);
    let plain = strip_parens(clause);
    r.deadline = find_deadline(&plain);
    r.joint = plain.contains("连带");
    r.instalment_head =
        INSTALMENT_RE.is_match(&plain) && !r.deadline.as_ref().is_some_and(|d| d.kind == DeadlineKind::FixedDate);
    let verb = PAY_RE.find_iter(clause).find(|m| !in_ranges(m.start(), &parens) && is_verb(clause, m));
    let mentions = ctx.mentions(clause);
    let Some(verb) = verb else {
        // "确认尚欠原告货款150000元": who owes whom, before the instalments.
        if let Some(owe) = OWE_RE.find(&plain)
            && let Some(pos) = clause.find(owe.as_str())
        {
            for m in &mentions {
                if m.end <= pos {
                    r.debtors.extend(m.parties.iter().copied());
                } else if find_amounts(clause).first().is_none_or(|a| m.start < a.start) {
                    r.creditors.extend(m.parties.iter().copied());
                }
            }
            r.debtors = dedup(r.debtors.clone());
            r.creditors = dedup(r.creditors.clone().into_iter().filter(|p| !r.debtors.contains(p)).collect());
            if let Some(a) = find_amounts(clause).first() {
                r.label_hint = clean_label(&clause[pos + owe.as_str().len()..a.start], ctx);
            }
            return r;
        }
        // An act, not a sum: "被告于…将…房屋腾退并交还原告".
        if let Some(v) = NON_MONEY_RE.find(&plain) {
            let debtors: Vec<usize> = mentions
                .iter()
                .filter(|m| m.start < clause.find(v.as_str()).unwrap_or(0) && !preceded_by_to(clause, m.start))
                .flat_map(|m| m.parties.clone())
                .collect();
            if !debtors.is_empty() && !plain.starts_with("确认") && !plain.starts_with("解除") {
                r.debtors = dedup(debtors);
                let vpos = clause.find(v.as_str()).unwrap_or(0);
                r.creditors = dedup(
                    mentions
                        .iter()
                        .filter(|m| m.start >= vpos || preceded_by_to(clause, m.start))
                        .flat_map(|m| m.parties.clone())
                        .filter(|p| !r.debtors.contains(p))
                        .collect(),
                );
                r.items.push(Item {
                    kind: ItemKind::NonMoney,
                    label: Some(non_money_label(&plain, ctx)),
                    amount: None,
                    as_written: plain.clone(),
                });
            }
        }
        return r;
    };
    let subject = &clause[..verb.start()];
    // The subject is in the comma-separated segment of the verb; if that
    // segment names nobody, in the nearest segment before it that does.
    let mut seg_start = verb.start();
    let mut subject_mentions: Vec<&Mention>;
    loop {
        let from = clause[..seg_start].rfind('，').filter(|&i| !in_ranges(i, &parens));
        let lo = from.map_or(0, |i| i + '，'.len_utf8());
        subject_mentions = mentions.iter().filter(|m| m.start >= lo && m.end <= verb.start()).collect();
        if !subject_mentions.is_empty() || from.is_none() {
            break;
        }
        seg_start = from.unwrap_or(0);
    }
    let mut prev: Option<(&Mention, bool)> = None;
    for m in subject_mentions {
        let to = match prev {
            Some((p, was_to)) if is_list_joint(&clause[p.end..m.start]) => was_to,
            _ => preceded_by_to(clause, m.start),
        };
        if to {
            r.creditors.extend(m.parties.iter().copied());
        } else {
            r.debtors.extend(m.parties.iter().copied());
        }
        prev = Some((m, to));
    }
    r.several = subject.ends_with('各')
        || subject.ends_with("各自")
        || subject.contains("分别")
        || clause[verb.end()..].starts_with('各');
    r.respectively = subject.contains("分别");

    let amounts: Vec<AmountMatch> =
        find_amounts(clause).into_iter().filter(|a| a.start >= verb.end() && !in_ranges(a.start, &parens)).collect();
    let first_amount = amounts.first().map_or(clause.len(), |a| a.start);
    let object_mentions: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.start >= verb.end() && m.start < first_amount && !in_ranges(m.start, &parens))
        .collect();
    for m in &object_mentions {
        r.creditors.extend(m.parties.iter().copied());
    }
    r.debtors = dedup(r.debtors);
    r.creditors = dedup(r.creditors.into_iter().filter(|p| !r.debtors.contains(p)).collect());

    // Items: every sum after the verb, outside brackets, that is not a base
    // for interest, a deduction, or the total of the sums before it.
    let mut boundary = verb.end();
    // "分三期支付：于…前支付50000元": the name starts after the last verb.
    if let Some(v) = PAY_RE
        .find_iter(clause)
        .filter(|v| v.end() <= first_amount && !in_ranges(v.start(), &parens) && is_verb(clause, v))
        .last()
    {
        boundary = boundary.max(v.end());
    }
    if let Some(m) = object_mentions.last() {
        boundary = boundary.max(m.end);
    }
    for a in &amounts {
        let raw_label = &clause[boundary.min(a.start)..a.start];
        let after = &clause[a.end..];
        boundary = a.end;
        if after.starts_with("为基数") || after.starts_with("为本金") || after.starts_with("为计算基数") {
            continue;
        }
        if DEDUCT_RE.is_match(raw_label) {
            continue;
        }
        let label_text = clean_label(raw_label, ctx);
        let is_total = TOTAL_RE.find(raw_label).is_some_and(|m| m.as_str().len() > 3 || raw_label.ends_with('计'));
        if is_total && !r.items.is_empty() {
            continue;
        }
        let mut label = label_text.filter(|l| !l.is_empty());
        let mut kind = label.as_deref().map_or(ItemKind::Other, kind_of);
        // "分别返还出资款60000元、45000元": the second sum shares the first's name.
        if label.is_none()
            && raw_label.trim_matches(|c| c == '、' || c == '，').is_empty()
            && let Some(prev) = r.items.last()
        {
            label = prev.label.clone();
            kind = prev.kind;
        }
        // "10650.40元（扣除已垫付的5000元，还应支付5650.40元）": the rest is owed.
        let mut fen = a.fen;
        let mut written = a.as_written.clone();
        if let Some(&(ps, pe)) = parens.iter().find(|&&(ps, _)| ps == a.end)
            && DEDUCT_RE.is_match(&clause[ps..pe])
            && let Some(rest) = REMAINDER_RE.find(&clause[ps..pe])
            && let Some(ra) = find_amounts(&clause[ps + rest.end()..pe]).first()
        {
            fen = ra.fen;
            written = ra.as_written.clone();
        }
        r.items.push(Item { kind, label, amount: Some(fen), as_written: written });
    }
    if r.items.is_empty() {
        r.label_hint = clean_label(&clause[verb.end()..], ctx);
    }
    r.interest = read_interest(clause, &r.items);
    r
}

static LEADING_PERIOD_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:自|从)?(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:起)?(?:(?:至|到|—|-|～)(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:止)?)?(?:期间|之间|份)?(?:的)?",
    )
});

static OWE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"尚欠|欠付|结欠|拖欠|共欠|欠"));

static INSTALMENT_RE: LazyLock<Regex> = LazyLock::new(|| re(r"分[0-9一二三四五六七八九十两]{1,3}期|分期"));

/// "赔偿" in "赔偿金", "补偿" in "经济补偿款", "清偿" in "清偿责任" are nouns.
fn is_verb(t: &str, m: &regex::Match) -> bool {
    !t[m.end()..].starts_with(['金', '款', '费', '责', '额'])
}

fn dedup(v: Vec<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    for x in v {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    out
}

/// Text between two names of one list: "、", "和", "及", with role words.
fn is_list_joint(between: &str) -> bool {
    let b = between.trim_matches(|c: char| "原告被告上诉人申请第三审反诉债权务".contains(c));
    matches!(b, "、" | "和" | "及" | "与" | "以及" | "，")
}

fn preceded_by_to(t: &str, pos: usize) -> bool {
    let before = &t[..pos];
    let before = before.trim_end_matches(|c: char| "原告被告上诉人申请第三审反诉债权务".contains(c));
    before.ends_with('向') || before.ends_with('给') || before.ends_with("支付给") || before.ends_with('与')
}

fn clean_label(raw: &str, ctx: &Ctx) -> Option<String> {
    let mut s = raw.to_string();
    // Drop a creditor named inside the label region.
    if let Some(m) = ctx.mentions(&s).last() {
        s = s[m.end..].to_string();
    }
    let s = strip_parens(&s);
    let mut s = s.as_str();
    loop {
        let before = s;
        for p in
            ["、", "，", "：", "以及", "及", "和", "并", "另", "还", "再", "其中", "人民币", "款项为", "各", "的", "共"]
        {
            s = s.strip_prefix(p).unwrap_or(s);
        }
        for p in ["人民币", "共计", "合计", "总计", "计", "为", "：", "各", "共", "款项", "人民币"] {
            s = s.strip_suffix(p).unwrap_or(s);
        }
        if s == before {
            break;
        }
    }
    // A deadline phrase left at the front ("于2024年…前") is not part of the label.
    let s = if let Some(d) = find_deadline(s) { s.replace(&d.as_written, "") } else { s.to_string() };
    let s = s.trim_start_matches(['，', '、']).to_string();
    // A leading period ("2022年1月1日至2023年12月31日物业费") is not part of the name.
    let s = LEADING_PERIOD_RE.replace(&s, "").to_string();
    if s.is_empty() {
        return None;
    }
    if s.chars().count() > 30 {
        return Some(last_noun(&s)).filter(|l| !l.is_empty());
    }
    Some(s)
}

/// The last noun phrase of a long label: text after the last verb or comma.
fn last_noun(s: &str) -> String {
    let cut = PAY_RE.find_iter(s).last().map_or(0, |m| m.end());
    let t = &s[cut..];
    let t = t.rsplit(['，', '、']).next().unwrap_or(t);
    t.to_string()
}

fn non_money_label(plain: &str, ctx: &Ctx) -> String {
    let mut s = plain.to_string();
    if let Some(d) = find_deadline(&s) {
        s = s.replace(&d.as_written, "");
    }
    if let Some(m) = ctx.mentions(&s).first()
        && s[..m.start].chars().count() <= 6
    {
        s = s[m.end..].to_string();
    }
    s.trim_start_matches(['，', '应', '于', '将']).chars().take(60).collect()
}

/// Classifies a sum by the words naming it.
pub fn kind_of(label: &str) -> ItemKind {
    const MAINT: &[&str] = &["抚养费", "赡养费", "扶养费", "抚育费", "生活费"];
    const PENALTY: &[&str] = &["违约金", "滞纳金", "定金", "违约赔偿金"];
    const INTEREST: &[&str] = &["利息", "罚息", "复利", "资金占用费", "资金占用损失", "占用费"];
    const FEE: &[&str] = &[
        "律师费",
        "律师代理费",
        "代理费",
        "保全费",
        "保全保险费",
        "保险费",
        "担保费",
        "保函费",
        "鉴定费",
        "评估费",
        "公告费",
        "诉讼费",
        "受理费",
        "公证费",
        "审计费",
        "检测费",
        "调查费",
        "差旅费",
        "仲裁费",
    ];
    const DAMAGES: &[&str] = &[
        "赔偿",
        "损失",
        "医疗费",
        "误工费",
        "护理费",
        "交通费",
        "住院",
        "营养费",
        "伙食补助",
        "残疾",
        "死亡",
        "丧葬费",
        "精神损害",
        "抚慰金",
        "被扶养人",
        "修理费",
        "维修费",
        "损害",
        "修复",
    ];
    const PRINCIPAL: &[&str] = &[
        "借款",
        "本金",
        "货款",
        "欠款",
        "价款",
        "租金",
        "工程款",
        "工资",
        "劳动报酬",
        "报酬",
        "服务费",
        "加工费",
        "转让款",
        "购房款",
        "房款",
        "车款",
        "押金",
        "保证金",
        "运费",
        "合同款",
        "投资款",
        "物业费",
        "管理费",
        "补偿",
        "承包费",
        "垫付款",
        "代偿款",
        "追偿款",
        "返还款",
        "预付款",
        "分红",
        "款",
    ];
    let has = |list: &[&str]| list.iter().any(|k| label.contains(k));
    if has(MAINT) {
        ItemKind::Maintenance
    } else if has(INTEREST) && !label.contains("本金") && !has(PENALTY) {
        ItemKind::Interest
    } else if has(PENALTY) {
        ItemKind::Penalty
    } else if has(FEE) {
        ItemKind::Fee
    } else if has(DAMAGES) && !label.contains("借款") && !label.contains("货款") {
        ItemKind::Damages
    } else if has(PRINCIPAL) || label.ends_with('费') || label.ends_with("费用") {
        ItemKind::Principal
    } else {
        ItemKind::Other
    }
}

// ---------------------------------------------------------------------------
// Deadlines and interest
// ---------------------------------------------------------------------------

/// The performance deadline written in `t` (brackets already removed).
pub fn find_deadline(t: &str) -> Option<Deadline> {
    if let Some(c) = DAYS_EFFECTIVE_RE.captures(t) {
        let whole = c.get(0)?;
        let days = parse_cn_int(c.get(1)?.as_str()).and_then(|d| u32::try_from(d).ok());
        // "生效后立即" is immediate, not a number of days.
        return Some(Deadline {
            kind: DeadlineKind::DaysAfterEffective,
            days,
            date: None,
            as_written: whole.as_str().to_string(),
        });
    }
    if let Some(c) = DAYS_SERVICE_RE.captures(t) {
        let whole = c.get(0)?;
        if whole.as_str().contains("收到") || whole.as_str().contains("送达") || whole.as_str().contains("签收") {
            let days = parse_cn_int(c.get(1)?.as_str()).and_then(|d| u32::try_from(d).ok());
            return Some(Deadline {
                kind: DeadlineKind::DaysAfterService,
                days,
                date: None,
                as_written: whole.as_str().to_string(),
            });
        }
    }
    let immediate = IMMEDIATE_RE.find(t);
    if let Some(m) = ON_EFFECTIVE_RE.find(t) {
        let follows = &t[m.end()..];
        if !follows.starts_with('起') {
            if let Some(i) = immediate
                && i.start() >= m.end()
                && i.start() - m.end() <= 6
            {
                return Some(Deadline {
                    kind: DeadlineKind::ImmediatelyOnEffective,
                    days: None,
                    date: None,
                    as_written: t[m.start()..i.end()].to_string(),
                });
            }
            return Some(Deadline {
                kind: DeadlineKind::OnEffectiveDate,
                days: None,
                date: None,
                as_written: m.as_str().to_string(),
            });
        }
    }
    // "生效后立即" without the "之日" form.
    if let Some(i) = immediate {
        let start = t[..i.start()]
            .rfind("生效")
            .map_or(i.start(), |s| t[..s].rfind(['于', '在', '本']).filter(|&b| s - b <= 12).unwrap_or(s));
        return Some(Deadline {
            kind: DeadlineKind::ImmediatelyOnEffective,
            days: None,
            date: None,
            as_written: t[start..i.end()].to_string(),
        });
    }
    for c in FIXED_RE.captures_iter(t) {
        let whole = c.get(0)?;
        let w = whole.as_str();
        let before_ok = w.starts_with('于') || w.starts_with('在');
        let after_ok = w.ends_with('前') || w.ends_with("当日") || w.ends_with("当天");
        let follows = &t[whole.end()..];
        if follows.starts_with('起') || follows.starts_with('至') {
            continue;
        }
        if !(before_ok || after_ok) {
            continue;
        }
        let y = c.get(1)?.as_str();
        let mo = c.get(2)?.as_str();
        let date = if let Some(d) = c.get(3) {
            date_from_parts(y, mo, d.as_str())
        } else {
            // "5月底前": the last day of that month.
            date_from_parts(y, mo, "1").and_then(last_day_of_month)
        };
        let Some(date) = date else { continue };
        return Some(Deadline {
            kind: DeadlineKind::FixedDate,
            days: None,
            date: Some(date),
            as_written: w.to_string(),
        });
    }
    None
}

fn last_day_of_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 { (d.year() + 1, 1) } else { (d.year(), d.month() + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Running interest (or a running penalty) described in a clause.
fn read_interest(clause: &str, items: &[Item]) -> Option<Interest> {
    // The description sits in brackets after 利息, or runs in the sentence
    // ("以50000元为基数，自…起按…计算至实际清偿之日止的利息").
    let mut segment: Option<String> = None;
    for (s, e) in paren_ranges(clause) {
        let inner = &clause[s..e];
        if INTEREST_HINT_RE.is_match(inner) {
            // The words just before the bracket belong to it: "自…起至实际
            // 清偿之日止的罚息（以…为基数…）".
            let lead_from = clause[..s]
                .rfind(['，', '、', '及', '并'])
                .map_or(0, |i| i + clause[i..].chars().next().map_or(0, char::len_utf8));
            let lead = &clause[lead_from..s];
            let lead = if find_dates(lead).is_empty() && !UNTIL_PAID_RE.is_match(lead) { "" } else { lead };
            segment = Some(format!("{lead}{}", inner.trim_start_matches('（').trim_end_matches('）')));
            break;
        }
    }
    if segment.is_none() {
        let plain = strip_parens(clause);
        let hint = BASE_RE.find(&plain).map(|m| m.start()).or_else(|| {
            (plain.contains("利息") || plain.contains("违约金") || plain.contains("逾期付款损失"))
                .then(|| LPR_RE.find(&plain).or(PBOC_RE.find(&plain)).or(FIXED_RATE_RE.find(&plain)).map(|m| m.start()))
                .flatten()
        });
        if let Some(h) = hint {
            let from = plain[..h].rfind(['，', '、']).map_or(0, |i| i + '，'.len_utf8());
            let from = plain[..h].rfind("及").filter(|&i| i >= from).map_or(from, |i| i + "及".len());
            let to = plain[h..].find(['；', '。']).map_or(plain.len(), |i| h + i);
            segment = Some(plain[from..to].to_string());
        }
    }
    let seg = segment?;
    if !INTEREST_HINT_RE.is_match(&seg) && !LPR_RE.is_match(&seg) && !PBOC_RE.is_match(&seg) {
        return None;
    }
    let (rate_type, mut rate) = if LPR_RE.is_match(&seg) {
        (Some("lpr".to_string()), None)
    } else if PBOC_RE.is_match(&seg) {
        (Some("pboc_benchmark".to_string()), None)
    } else if let Some(m) = FIXED_RATE_RE.find(&seg) {
        (Some("fixed".to_string()), Some(m.as_str().trim_start_matches(['为', '按']).to_string()))
    } else {
        (None, None)
    };
    if rate_type.as_deref() == Some("lpr") || rate_type.as_deref() == Some("pboc_benchmark") {
        let base_name = if rate_type.as_deref() == Some("lpr") { "LPR" } else { "基准利率" };
        if let Some(c) = MULT_RE.captures(&seg) {
            if let Some(m) = c.get(1) {
                let n = m.as_str();
                let n = parse_cn_int(n).map_or(n.to_string(), |v| v.to_string());
                rate = Some(format!("{base_name}×{n}"));
            } else if let Some(m) = c.get(2).or(c.get(3)) {
                rate = Some(format!("{base_name}上浮{}", m.as_str()));
            }
        }
    }
    let base = BASE_RE.captures(&seg).and_then(|c| {
        let g = c.get(1)?.as_str();
        if let Some(a) = find_amounts(g).first() {
            return Some(a.fen);
        }
        // "以上述借款本金为基数": the one principal sum of this clause.
        let principals: Vec<Fen> =
            items.iter().filter(|i| i.kind == ItemKind::Principal).filter_map(|i| i.amount).collect();
        (principals.len() == 1
            && (g.contains("上述")
                || g.contains("本金")
                || g.contains("欠款")
                || g.contains("货款")
                || g.contains("借款")))
        .then(|| principals[0])
    });
    let dates = find_dates(&seg);
    let start_date = dates
        .iter()
        .find(|d| seg[d.end..].starts_with('起') || seg[..d.start].ends_with('自') || seg[..d.start].ends_with('从'))
        .map(|d| d.date);
    let end_date = dates.iter().find(|d| seg[..d.start].ends_with('至')).map(|d| d.date);
    let until_paid = UNTIL_PAID_RE.is_match(&seg);
    if rate_type.is_none() && base.is_none() && start_date.is_none() && !until_paid {
        return None;
    }
    Some(Interest { rate_type, rate, base, start_date, end_date, until_paid, as_written: seg })
}

// ---------------------------------------------------------------------------
// Costs
// ---------------------------------------------------------------------------

fn read_costs(parties: &[Party], texts: &[String]) -> Option<Costs> {
    if texts.is_empty() {
        return None;
    }
    let ctx = Ctx { parties };
    let mut costs = Costs::default();
    let mut any = false;
    for t in texts {
        for sentence in t.split('。') {
            if COST_KW_RE.is_match(sentence) && REFUND_RE.is_match(sentence) && !BEAR_RE.is_match(sentence) {
                // "案件受理费850元，退还原告" / "本案免收诉讼费": nobody bears costs.
                any = true;
                continue;
            }
            if !(COST_KW_RE.is_match(sentence) && BEAR_RE.is_match(sentence)) {
                continue;
            }
            // One sentence may hold several fee statements ("一审…；二审…").
            for part in sentence.split('；') {
                if COST_KW_RE.is_match(part) && BEAR_RE.is_match(part) {
                    any |= read_cost_sentence(&ctx, part, &mut costs);
                }
            }
        }
    }
    any.then_some(costs)
}

fn read_cost_sentence(ctx: &Ctx, s: &str, costs: &mut Costs) -> bool {
    let plain = strip_parens(s);
    // Split into the fee statement and the bearing statement at "由".
    let bear_at = plain.find('由').filter(|&i| COST_KW_RE.find(&plain).is_some_and(|k| k.start() < i));
    let (fee_part, bear_part) = match bear_at {
        Some(i) => (&plain[..i], &plain[i + '由'.len_utf8()..]),
        None => {
            // "原告负担200元，被告负担600元": the bearing starts at the first party.
            let first_bear = BEAR_RE.find(&plain).map_or(plain.len(), |m| m.start());
            let cut = plain[..first_bear].rfind('，').map_or(0, |i| i + '，'.len_utf8());
            (&plain[..cut], &plain[cut..])
        }
    };
    // Total fee: 合计 if written, else the halved fee, else the sum.
    let mut total: Option<Fen> = None;
    let mut sum: i64 = 0;
    let mut summed = false;
    for seg in fee_part.split('，') {
        if seg.contains("退还") || seg.contains("退回") {
            continue;
        }
        let amounts = find_amounts(seg);
        let Some(last) = amounts.last() else { continue };
        if seg.contains("合计") || seg.contains("共计") || seg.contains("总计") {
            total = Some(last.fen);
        } else if seg.contains("减半") || seg.contains("减收") {
            // The halved fee replaces the full one stated before it.
            if amounts.len() >= 2 {
                sum += last.fen.0;
            } else if summed {
                sum = sum - prev_fee(fee_part, seg) + last.fen.0;
            } else {
                sum += last.fen.0;
            }
            summed = true;
        } else if COST_KW_RE.is_match(seg) || summed {
            sum += amounts.iter().map(|a| a.fen.0).sum::<i64>();
            summed = true;
        }
    }
    let total = total.or((summed && sum > 0).then_some(Fen(sum)));

    // Bearers: each run of parties followed by its amount (if any).
    let mentions = ctx.mentions(bear_part);
    let amounts = find_amounts(bear_part);
    let mut groups: Vec<(Vec<usize>, Option<Fen>, bool)> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    let mut cursor = 0;
    for a in &amounts {
        for m in mentions.iter().filter(|m| m.start >= cursor && m.start < a.start) {
            pending.extend(m.parties.iter().copied());
        }
        let each = bear_part[cursor..a.start].contains('各');
        if !pending.is_empty() {
            groups.push((dedup(std::mem::take(&mut pending)), Some(a.fen), each));
        }
        cursor = a.end;
    }
    for m in mentions.iter().filter(|m| m.start >= cursor) {
        pending.extend(m.parties.iter().copied());
    }
    if !pending.is_empty() {
        let halves = bear_part[cursor..].contains("各半") || bear_part[cursor..].contains("各负担一半");
        groups.push((dedup(pending), None, halves));
    }
    if groups.is_empty() {
        return false;
    }
    let single_group = groups.len() == 1;
    for (ps, amount, each) in groups {
        let n = ps.len();
        for p in ps {
            let amount = match amount {
                Some(a) if n == 1 || each => Some(a),
                Some(_) => None,
                None if single_group && n == 1 => total,
                None if single_group && each && n == 2 => total.filter(|t| t.0 % 2 == 0).map(|t| Fen(t.0 / 2)),
                None => None,
            };
            costs.borne_by.push(CostShare { party: ctx.parties[p].name.clone(), amount });
        }
    }
    true
}

/// The fee amount stated in the segment before `seg` (the full fee that a
/// "减半收取" replaces).
fn prev_fee(fee_part: &str, seg: &str) -> i64 {
    let Some(i) = fee_part.find(seg) else { return 0 };
    find_amounts(&fee_part[..i]).last().map_or(0, |a| a.fen.0)
}

/// The first date in `t` (test helper).
#[cfg(test)]
fn first_date(t: &str) -> Option<NaiveDate> {
    crate::text::DATE_RE
        .captures(t)
        .and_then(|c| date_from_parts(c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines() {
        let d = find_deadline("被告于本判决生效之日起十日内支付").unwrap();
        assert_eq!((d.kind, d.days), (DeadlineKind::DaysAfterEffective, Some(10)));
        let d = find_deadline("于本判决生效后十五日内").unwrap();
        assert_eq!((d.kind, d.days), (DeadlineKind::DaysAfterEffective, Some(15)));
        let d = find_deadline("于判决生效时一次性支付").unwrap();
        assert_eq!(d.kind, DeadlineKind::OnEffectiveDate);
        let d = find_deadline("于本调解书生效之日支付").unwrap();
        assert_eq!(d.kind, DeadlineKind::OnEffectiveDate);
        let d = find_deadline("被告于本判决生效后立即支付").unwrap();
        assert_eq!(d.kind, DeadlineKind::ImmediatelyOnEffective);
        let d = find_deadline("于2024年5月1日前支付").unwrap();
        assert_eq!((d.kind, d.date), (DeadlineKind::FixedDate, first_date("2024年5月1日")));
        let d = find_deadline("于二〇二四年六月底前付清").unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2024, 6, 30));
        let d = find_deadline("应当自收到本支付令之日起十五日内").unwrap();
        assert_eq!((d.kind, d.days), (DeadlineKind::DaysAfterService, Some(15)));
        assert!(find_deadline("自2023年1月1日起计算").is_none());
    }

    #[test]
    fn item_kinds() {
        assert_eq!(kind_of("货款"), ItemKind::Principal);
        assert_eq!(kind_of("借款本金"), ItemKind::Principal);
        assert_eq!(kind_of("逾期付款违约金"), ItemKind::Penalty);
        assert_eq!(kind_of("律师费"), ItemKind::Fee);
        assert_eq!(kind_of("医疗费、误工费等各项损失"), ItemKind::Damages);
        assert_eq!(kind_of("利息"), ItemKind::Interest);
        assert_eq!(kind_of("抚养费"), ItemKind::Maintenance);
        assert_eq!(kind_of("某某"), ItemKind::Other);
    }
}
