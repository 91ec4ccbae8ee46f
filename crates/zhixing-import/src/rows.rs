//! From table rows to filings: each row becomes a validated
//! [`FileCase`] or one [`RowError`] naming the column.

use std::collections::HashMap;

use chrono::NaiveDate;
use zhixing_domain::case::{PartyKind, PartyRole};
use zhixing_domain::case_no::CaseType;
use zhixing_domain::filing::{Claim, FileCase, PartyInput, validate_filing};

use crate::cell::Cell;
use crate::columns::{self as cols, COLUMNS, Kind, Layout, column_letters};
use crate::{ParsedRow, RowError};

/// A failure in a row: the template column (index into [`COLUMNS`]) if
/// known, and the reason.
type Failure = (Option<usize>, String);

/// Template columns of one party.
#[derive(Clone, Copy, Debug)]
struct PartyCols {
    kind: usize,
    name: usize,
    id: usize,
    phone: usize,
    address: usize,
    region: Option<usize>,
    agent: Option<usize>,
}

const APPLICANT: PartyCols = PartyCols {
    kind: cols::APPLICANT_KIND,
    name: cols::APPLICANT_NAME,
    id: cols::APPLICANT_ID,
    phone: cols::APPLICANT_PHONE,
    address: cols::APPLICANT_ADDRESS,
    region: None,
    agent: Some(cols::AGENT),
};

fn debtor_cols(j: usize) -> PartyCols {
    let b = cols::DEBTOR_BASE + cols::DEBTOR_WIDTH * j;
    PartyCols { kind: b, name: b + 1, id: b + 2, phone: b + 3, address: b + 4, region: Some(b + 5), agent: None }
}

/// One row's cells, looked up by template column.
struct RowView<'a> {
    cells: &'a [Cell],
    layout: &'a Layout,
}

impl RowView<'_> {
    fn cell(&self, col: usize) -> &Cell {
        self.layout.positions[col].and_then(|p| self.cells.get(p)).unwrap_or(&Cell::Empty)
    }

    fn text(&self, col: usize) -> Result<Option<String>, Failure> {
        let cell = self.cell(col);
        let got = match COLUMNS[col].kind {
            Kind::IdNumber | Kind::Digits => cell.digits_text(),
            _ => cell.text(),
        };
        got.map_err(|e| (Some(col), e))
    }

    fn text_or_empty(&self, col: usize) -> Result<String, Failure> {
        Ok(self.text(col)?.unwrap_or_default())
    }

    fn date(&self, col: usize) -> Result<Option<NaiveDate>, Failure> {
        self.cell(col).date().map_err(|e| (Some(col), e))
    }

    fn amount(&self, col: usize) -> Result<zhixing_domain::money::Fen, Failure> {
        self.cell(col).amount().map_err(|e| (Some(col), e))
    }

    fn party_present(&self, p: &PartyCols) -> bool {
        [Some(p.kind), Some(p.name), Some(p.id), Some(p.phone), Some(p.address), p.region, p.agent]
            .into_iter()
            .flatten()
            .any(|c| !self.cell(c).is_blank())
    }
}

fn parse_case_type(s: &str) -> Option<CaseType> {
    match s {
        "执" | "首次执行" => Some(CaseType::First),
        "执恢" | "恢复执行" => Some(CaseType::Resumed),
        "执保" | "财产保全执行" | "保全执行" => Some(CaseType::Preservation),
        _ => None,
    }
}

fn parse_party_kind(s: &str) -> Option<PartyKind> {
    match s {
        "自然人" | "个人" => Some(PartyKind::Person),
        "法人" | "法人组织" | "企业法人" => Some(PartyKind::Organization),
        "非法人组织" | "其他组织" => Some(PartyKind::Unincorporated),
        _ => None,
    }
}

fn read_party(v: &RowView<'_>, p: &PartyCols, role: PartyRole) -> Result<PartyInput, Failure> {
    let label = COLUMNS[p.name].name;
    let kind = match v.text(p.kind)? {
        None => return Err((Some(p.kind), format!("请填写{label}的类型（自然人、法人或非法人组织）"))),
        Some(k) => parse_party_kind(&k)
            .ok_or_else(|| (Some(p.kind), format!("当事人类型“{k}”无效，应为自然人、法人或非法人组织")))?,
    };
    let Some(name) = v.text(p.name)? else {
        return Err((Some(p.name), format!("{label}的姓名或名称不能为空")));
    };
    Ok(PartyInput {
        role,
        kind,
        name,
        id_number: v.text(p.id)?,
        phone: v.text(p.phone)?,
        address: v.text(p.address)?,
        region_code: match p.region {
            Some(c) => v.text(c)?,
            None => None,
        },
        agent: match p.agent {
            Some(c) => v.text(c)?,
            None => None,
        },
    })
}

/// Reads one row into a filing and validates it; the first fault found
/// (in column order, then `validate_filing`'s) is the row's error.
fn read_row(v: &RowView<'_>, today: NaiveDate) -> Result<FileCase, Failure> {
    // Content under a column without a header: we cannot tell what it is.
    for &p in &v.layout.blank {
        if v.cells.get(p).is_some_and(|c| !c.is_blank()) {
            return Err((None, format!("第 {} 列没有表头却填有内容，请删除或移到正确的列", column_letters(p))));
        }
    }
    if let Some(p) = v.cells.iter().enumerate().skip(v.layout.width).find(|(_, c)| !c.is_blank()).map(|(i, _)| i) {
        return Err((None, format!("第 {} 列没有表头却填有内容，请删除或移到正确的列", column_letters(p))));
    }

    let case_type = match v.text(cols::CASE_TYPE)? {
        None => CaseType::First,
        Some(s) => parse_case_type(&s)
            .ok_or_else(|| (Some(cols::CASE_TYPE), format!("案件类型“{s}”无效，批量立案只能是执、执恢或执保")))?,
    };
    let title_type = v.text_or_empty(cols::TITLE_TYPE)?;
    let title_doc_no = v.text_or_empty(cols::TITLE_DOC_NO)?;
    let title_issuer = v.text_or_empty(cols::TITLE_ISSUER)?;
    let title_effective_on = v.date(cols::EFFECTIVE_ON)?;
    let title_deadline_on = v.date(cols::DEADLINE_ON)?;
    let cause = v.text_or_empty(cols::CAUSE)?;
    let principal = v.amount(cols::PRINCIPAL)?;
    let costs = v.amount(cols::COSTS)?;
    let interest_terms = v.text_or_empty(cols::INTEREST)?;
    let non_money = v.text_or_empty(cols::NON_MONEY)?;

    let mut parties = vec![read_party(v, &APPLICANT, PartyRole::Applicant)?];
    let mut party_cols = vec![APPLICANT];
    for j in 0..cols::MAX_DEBTORS {
        let pc = debtor_cols(j);
        if j == 0 || v.party_present(&pc) {
            parties.push(read_party(v, &pc, PartyRole::Debtor)?);
            party_cols.push(pc);
        }
    }

    let filing = FileCase {
        case_type,
        title_type,
        title_doc_no,
        title_issuer,
        title_effective_on,
        title_deadline_on,
        cause,
        claim: Claim { principal, costs, interest_terms, non_money },
        parties,
        team_id: None,
        handler_id: None,
        summary: String::new(),
    };
    validate_filing(&filing, today).map_err(|e| (column_of_field(&e.field, &party_cols), e.message))
}

/// The template column a `validate_filing` field path refers to.
fn column_of_field(field: &str, party_cols: &[PartyCols]) -> Option<usize> {
    let direct = match field {
        "title_type" => Some(cols::TITLE_TYPE),
        "title_doc_no" => Some(cols::TITLE_DOC_NO),
        "title_issuer" => Some(cols::TITLE_ISSUER),
        "title_effective_on" => Some(cols::EFFECTIVE_ON),
        "title_deadline_on" => Some(cols::DEADLINE_ON),
        "cause" => Some(cols::CAUSE),
        "claim.principal" => Some(cols::PRINCIPAL),
        "claim.costs" => Some(cols::COSTS),
        "claim.interest_terms" => Some(cols::INTEREST),
        "claim.non_money" => Some(cols::NON_MONEY),
        _ => None,
    };
    if direct.is_some() {
        return direct;
    }
    let rest = field.strip_prefix("parties[")?;
    let (idx, sub) = rest.split_once("].")?;
    let pc = party_cols.get(idx.parse::<usize>().ok()?)?;
    match sub {
        "kind" => Some(pc.kind),
        "name" => Some(pc.name),
        "id_number" => Some(pc.id),
        "phone" => Some(pc.phone),
        "address" => Some(pc.address),
        "region_code" => pc.region,
        "agent" => pc.agent,
        _ => None,
    }
}

/// What makes two rows the same case: the title's number (spacing and
/// parenthesis width ignored) and one debtor (ID number, else kind and name).
fn duplicate_keys(f: &FileCase) -> Vec<String> {
    let doc: String = f
        .title_doc_no
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '[' | '〔' => '〔',
            ']' | '〕' => '〕',
            c => c,
        })
        .collect();
    f.parties
        .iter()
        .filter(|p| p.role == PartyRole::Debtor)
        .map(|p| match &p.id_number {
            Some(id) => format!("{doc}\u{1f}id:{id}"),
            None => format!("{doc}\u{1f}name:{}:{}", p.kind.as_str(), p.name),
        })
        .collect()
}

/// Turns data rows into parsed rows and row errors.
pub(crate) fn build_rows(
    rows: Vec<(usize, Vec<Cell>)>,
    layout: &Layout,
    today: NaiveDate,
) -> (Vec<ParsedRow>, Vec<RowError>) {
    let mut parsed = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    for (row, cells) in rows {
        let view = RowView { cells: &cells, layout };
        let result = read_row(&view, today).and_then(|filing| {
            let keys = duplicate_keys(&filing);
            if let Some(first) = keys.iter().find_map(|k| seen.get(k)) {
                return Err((
                    Some(cols::TITLE_DOC_NO),
                    format!("与第 {first} 行重复（执行依据文书号和被执行人相同）；确属重复的请删除本行"),
                ));
            }
            for k in keys {
                seen.insert(k, row);
            }
            Ok(filing)
        });
        let mut shown: Vec<String> = cells.iter().map(Cell::display).collect();
        if shown.len() < layout.width {
            shown.resize(layout.width, String::new());
        }
        match result {
            Ok(filing) => parsed.push(ParsedRow { row, filing, cells: shown }),
            Err((col, reason)) => {
                errors.push(RowError { row, column: col.map(|c| COLUMNS[c].name.to_string()), reason, cells: shown })
            }
        }
    }
    (parsed, errors)
}
