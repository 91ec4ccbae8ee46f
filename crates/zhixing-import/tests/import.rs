//! Batch filing from bytes: templates, both encodings, bad rows, refused
//! files, synthetic files and the error sheet.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use zhixing_domain::case::{PartyKind, PartyRole};
use zhixing_domain::case_no::CaseType;
use zhixing_domain::money::Fen;
use zhixing_import::{
    ImportError, MAX_FILE_BYTES, ParsedBatch, SyntheticFormat, error_sheet, parse_upload, synthetic, template_csv,
    template_xlsx,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()
}

/// The template header (with stars), comma separated.
fn header_line() -> String {
    template_csv().trim_start_matches('\u{feff}').trim_end().to_string()
}

/// A CSV with the template header and the given rows; each row lists
/// (column name without star, value) pairs, the rest blank.
fn csv_of(rows: &[Vec<(&str, &str)>]) -> String {
    let headers: Vec<String> = header_line().split(',').map(str::to_string).collect();
    let mut out = header_line();
    out.push('\n');
    for row in rows {
        let cells: Vec<String> = headers
            .iter()
            .map(|h| {
                let name = h.trim_end_matches('*');
                row.iter().find(|(k, _)| *k == name).map_or(String::new(), |(_, v)| {
                    if v.contains(',') || v.contains('"') {
                        format!("\"{}\"", v.replace('"', "\"\""))
                    } else {
                        v.to_string()
                    }
                })
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

const DEBTOR_ID: &str = "320205198805121234";
const LENDER_CODE: &str = "91320205MA1MW5K20W";

/// (column name without star, value) pairs of one CSV row.
type Row = Vec<(&'static str, &'static str)>;

fn good(doc_no: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("执行依据类型", "民事判决书"),
        ("执行依据文书号", doc_no),
        ("作出机关", "无锡市锡山区人民法院"),
        ("生效日期", "2025-03-14"),
        ("履行期限届满日", "2025/3/24"),
        ("案由", "金融借款合同纠纷"),
        ("给付本金（元）", "12345.67"),
        ("诉讼费等（元）", "50"),
        ("利息计算方式", "以本金为基数，按年利率15.4%计算至实际清偿之日止"),
        ("申请执行人类型", "法人"),
        ("申请执行人", "无锡市某某小额贷款有限公司"),
        ("申请执行人证件号码", LENDER_CODE),
        ("申请执行人电话", "0510-88886666"),
        ("委托代理人", "李某（江苏某某律师事务所律师）"),
        ("被执行人1类型", "自然人"),
        ("被执行人1", "张三"),
        ("被执行人1证件号码", DEBTOR_ID),
        ("被执行人1电话", "13812345678"),
        ("被执行人1地址", "江苏省无锡市锡山区东亭街道某某小区1幢101室"),
        ("被执行人1行政区划代码", "320205"),
    ]
}

fn with(
    mut row: Vec<(&'static str, &'static str)>,
    key: &'static str,
    value: &'static str,
) -> Vec<(&'static str, &'static str)> {
    row.retain(|(k, _)| *k != key);
    row.push((key, value));
    row
}

fn parse(bytes: &[u8]) -> ParsedBatch {
    parse_upload(bytes, today()).unwrap()
}

#[test]
fn the_template_parses_with_its_example_row_valid() {
    let bytes = template_xlsx().unwrap();
    let batch = parse(&bytes);
    assert_eq!(batch.format, "xlsx");
    assert!(batch.errors.is_empty(), "{:?}", batch.errors);
    assert_eq!(batch.rows.len(), 1);
    let row = &batch.rows[0];
    assert_eq!(row.row, 2);
    let f = &row.filing;
    assert_eq!(f.case_type, CaseType::First);
    assert_eq!(f.title_doc_no, "（2025）苏0205民初12345号");
    assert_eq!(f.title_effective_on, NaiveDate::from_ymd_opt(2025, 3, 14));
    assert_eq!(f.title_deadline_on, NaiveDate::from_ymd_opt(2025, 3, 24));
    assert_eq!(f.claim.principal, Fen(5_000_000));
    assert_eq!(f.claim.costs, Fen(52_500));
    assert_eq!(f.parties.len(), 2);
    assert_eq!(f.parties[0].kind, PartyKind::Organization);
    assert_eq!(f.parties[1].role, PartyRole::Debtor);
    assert_eq!(f.parties[1].region_code.as_deref(), Some("320205"));
    // The headers are the template's, with stars.
    assert_eq!(batch.headers.join(","), header_line());
    assert_eq!(batch.file_sha256.len(), 64);

    // The instructions sheet explains every column.
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes)).unwrap();
    assert_eq!(wb.sheet_names(), vec!["立案信息", "填写说明"]);
    let help = wb.worksheet_range("填写说明").unwrap();
    let text: String = help.cells().map(|(_, _, v)| v.to_string()).collect::<Vec<_>>().join("\n");
    for h in header_line().split(',') {
        assert!(text.contains(h), "填写说明 lacks {h}");
    }
    assert!(text.contains("YYYY-MM-DD"));
    // Reproducible: no clock in the output.
    assert_eq!(template_xlsx().unwrap(), bytes);
}

#[test]
fn the_csv_template_is_the_header_with_a_bom() {
    let t = template_csv();
    assert!(t.starts_with('\u{feff}'));
    assert!(t.contains("执行依据文书号*,作出机关*"));
    assert_eq!(parse_upload(t.as_bytes(), today()), Err(ImportError::Empty));
    let mut filled = t.clone();
    filled.push_str(csv_of(&[good("（2025）苏0205民初1号")]).lines().nth(1).unwrap());
    let batch = parse(filled.as_bytes());
    assert_eq!((batch.rows.len(), batch.errors.len()), (1, 0), "{:?}", batch.errors);
}

#[test]
fn gbk_and_utf8_parse_identically() {
    let text = csv_of(&[
        good("（2025）苏0205民初1号"),
        with(good("（2025）苏0205民初2号"), "被执行人1证件号码", "320205198805121230"),
        with(with(good("（2025）苏0205民初3号"), "被执行人2类型", "自然人"), "被执行人2", "李四"),
        with(good("（2025）苏0205民初4号"), "给付本金（元）", "１２,３４５.６７元"),
    ]);
    let utf8 = parse(text.as_bytes());
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    let utf8_bom = parse(&with_bom);
    let (gbk_bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk_bytes).is_err(), "the GBK file must not be valid UTF-8");
    let gbk = parse(&gbk_bytes);

    assert_eq!(utf8.format, "csv-utf8");
    assert_eq!(utf8_bom.format, "csv-utf8");
    assert_eq!(gbk.format, "csv-gbk");
    assert_eq!(utf8.rows.len(), 3);
    assert_eq!(utf8.rows[2].filing.claim.principal, Fen(1_234_567));
    assert_eq!(utf8.errors.len(), 1);
    assert_eq!(utf8.errors[0].column.as_deref(), Some("被执行人1证件号码"));
    for other in [&utf8_bom, &gbk] {
        assert_eq!(other.headers, utf8.headers);
        assert_eq!(other.rows, utf8.rows);
        assert_eq!(other.errors, utf8.errors);
    }
    assert_eq!(utf8.rows[1].filing.parties[2].name, "李四");
    assert_ne!(utf8.file_sha256, gbk.file_sha256);
}

#[test]
fn bad_rows_name_their_column_and_reason() {
    let cases: Vec<(Row, Option<&str>, &str)> = vec![
        (
            with(good("（2025）苏0205民初11号"), "被执行人1证件号码", "320205198805121230"),
            Some("被执行人1证件号码"),
            "校验码",
        ),
        (with(good("（2025）苏0205民初12号"), "给付本金（元）", "-100"), Some("给付本金（元）"), "负数"),
        (with(good("（2025）苏0205民初13号"), "给付本金（元）", "100.123"), Some("给付本金（元）"), "两位小数"),
        (with(good("（2025）苏0205民初14号"), "生效日期", "2025-02-30"), Some("生效日期"), "不存在"),
        (with(good("（2025）苏0205民初15号"), "生效日期", "2026-07-01"), Some("生效日期"), "晚于今天"),
        (
            with(
                with(with(good("（2025）苏0205民初16号"), "申请执行人类型", "自然人"), "申请执行人", "张三"),
                "申请执行人证件号码",
                DEBTOR_ID,
            ),
            Some("被执行人1"),
            "不能同时",
        ),
        (with(good("（2025）苏0205民初17号"), "被执行人1", ""), Some("被执行人1"), "不能为空"),
        (with(good("（2025）苏0205民初18号"), "案由", " "), Some("案由"), "不能为空"),
        (with(good("（2025）苏0205民初19号"), "案件类型", "执异"), Some("案件类型"), "执、执恢或执保"),
        (
            with(good("（2025）苏0205民初20号"), "被执行人1类型", "公民"),
            Some("被执行人1类型"),
            "自然人、法人或非法人组织",
        ),
        (with(good("（2025）苏0205民初21号"), "被执行人2电话", "13912345678"), Some("被执行人2类型"), "类型"),
        (with(good("（2025）苏0205民初22号"), "被执行人1行政区划代码", "3202"), Some("被执行人1行政区划代码"), "6 位"),
        (
            with(good("（2025）苏0205民初23号"), "申请执行人证件号码", "91320205MA1MW5K20Y"),
            Some("申请执行人证件号码"),
            "统一社会信用代码",
        ),
        (with(good("（2025）苏0205民初24号"), "履行期限届满日", "2025-03-01"), Some("履行期限届满日"), "早于"),
        (
            with(with(good("（2025）苏0205民初25号"), "给付本金（元）", "0"), "诉讼费等（元）", ""),
            Some("给付本金（元）"),
            "执行标的为零",
        ),
    ];
    let mut rows = vec![good("（2025）苏0205民初10号")];
    rows.extend(cases.iter().map(|(r, _, _)| r.clone()));
    // A duplicate of the first row (same title number, same debtor).
    rows.push(with(good("（2025） 苏0205民初10号"), "给付本金（元）", "1"));
    let batch = parse(csv_of(&rows).as_bytes());
    assert_eq!(batch.rows.len(), 1);
    assert_eq!(batch.rows[0].row, 2);
    assert_eq!(batch.errors.len(), cases.len() + 1);
    for (i, (_, column, reason)) in cases.iter().enumerate() {
        let e = &batch.errors[i];
        assert_eq!(e.row, i + 3, "case {i}");
        assert_eq!(e.column.as_deref(), *column, "case {i}: {}", e.reason);
        assert!(e.reason.contains(reason), "case {i}: {} lacks {reason}", e.reason);
        assert_eq!(e.cells.len(), batch.headers.len());
    }
    let dup = batch.errors.last().unwrap();
    assert_eq!(dup.column.as_deref(), Some("执行依据文书号"));
    assert!(dup.reason.contains("与第 2 行重复"), "{}", dup.reason);
}

#[test]
fn headers_may_be_reordered_and_written_loosely() {
    let text = csv_of(&[good("（2025）苏0205民初1号"), good("（2025）苏0205民初2号")]);
    let mut lines: Vec<Vec<String>> = text.lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
    for l in &mut lines {
        l.reverse();
    }
    // Half-width parentheses, no star, spaces.
    lines[0] = lines[0]
        .iter()
        .map(|h| format!(" {} ", h.replace('（', "(").replace('）', ")").trim_end_matches('*')))
        .collect();
    // A blank line and an empty row in between are skipped.
    let shuffled = lines.iter().map(|l| l.join(",")).collect::<Vec<_>>().join("\n").replacen('\n', "\n\n,,,\n", 1);
    let a = parse(text.as_bytes());
    let b = parse(shuffled.as_bytes());
    assert!(b.errors.is_empty(), "{:?}", b.errors);
    let filings = |x: &ParsedBatch| x.rows.iter().map(|r| r.filing.clone()).collect::<Vec<_>>();
    assert_eq!(filings(&a), filings(&b));
    assert_eq!(b.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![4, 5]);
}

#[test]
fn wrong_headers_list_what_is_missing() {
    let text = header_line().replace("案由*,", "").replace("申请执行人*,", "备注,") + "\n1,2,3\n";
    match parse_upload(text.as_bytes(), today()) {
        Err(ImportError::WrongTemplate { missing, unexpected }) => {
            assert_eq!(missing, vec!["案由", "申请执行人"]);
            assert_eq!(unexpected, vec!["备注"]);
        }
        other => panic!("{other:?}"),
    }
    let e = parse_upload(text.as_bytes(), today()).unwrap_err().to_string();
    assert!(e.contains("案由") && e.contains("备注"), "{e}");
}

/// A workbook with the template header and one good row, then `extra`.
fn workbook_with(extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let text = csv_of(&[good("（2025）苏0205民初1号")]);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    extra(ws);
    wb.save_to_buffer().unwrap()
}

#[test]
fn formulas_and_merged_cells_are_refused() {
    let plain = workbook_with(|_| {});
    let batch = parse(&plain);
    assert_eq!((batch.rows.len(), batch.errors.len()), (1, 0), "{:?}", batch.errors);

    let formula = workbook_with(|ws| {
        ws.write_formula(4, 3, "=1+1").unwrap();
    });
    assert_eq!(parse_upload(&formula, today()), Err(ImportError::Formulas { cell: "D5".into() }));
    assert!(parse_upload(&formula, today()).unwrap_err().to_string().contains("D5"));

    let merged = workbook_with(|ws| {
        ws.merge_range(4, 0, 5, 1, "合并", &Format::new()).unwrap();
    });
    assert_eq!(parse_upload(&merged, today()), Err(ImportError::MergedCells { range: "A5:B6".into() }));
}

#[test]
fn numeric_cells_in_a_workbook() {
    let text = csv_of(&[good("（2025）苏0205民初1号"), good("（2025）苏0205民初2号"), good("（2025）苏0205民初3号")]);
    let headers: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| headers.iter().position(|h| h.trim_end_matches('*') == name).unwrap() as u16;
    let (principal, id) = (col("给付本金（元）"), col("被执行人1证件号码"));
    let bytes = workbook_with(|ws| {
        for (r, line) in text.lines().enumerate().skip(2) {
            for (c, v) in line.split(',').enumerate() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
        ws.write_number(1, principal, 12345.67).unwrap();
        ws.write_number(2, principal, 100.125).unwrap();
        ws.write_number(3, id, 320205198805121234.0).unwrap();
    });
    let batch = parse(&bytes);
    assert_eq!(batch.rows.len(), 1);
    assert_eq!(batch.rows[0].filing.claim.principal, Fen(1_234_567));
    assert_eq!(batch.errors[0].column.as_deref(), Some("给付本金（元）"));
    assert!(batch.errors[0].reason.contains("两位小数"), "{}", batch.errors[0].reason);
    assert_eq!(batch.errors[1].column.as_deref(), Some("被执行人1证件号码"));
    assert!(batch.errors[1].reason.contains("文本"), "{}", batch.errors[1].reason);
}

#[test]
fn refused_files() {
    let big = vec![b'a'; 25 * 1024 * 1024];
    assert_eq!(parse_upload(&big, today()), Err(ImportError::TooLarge { bytes: big.len() }));
    assert!(big.len() > MAX_FILE_BYTES);
    assert!(ImportError::TooLarge { bytes: big.len() }.to_string().contains("25.0 MB"));

    assert_eq!(parse_upload(b"", today()), Err(ImportError::Empty));
    assert_eq!(parse_upload(b"\n\n,,\n", today()), Err(ImportError::Empty));

    // An old .xls and an encrypted workbook are both compound files.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(1024, 0);
    assert_eq!(parse_upload(&cfb, today()), Err(ImportError::NotASpreadsheet));
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(parse_upload(&cfb, today()), Err(ImportError::Encrypted));

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(parse_upload(png, today()), Err(ImportError::NotASpreadsheet));
    assert_eq!(parse_upload(b"%PDF-1.7\n", today()), Err(ImportError::NotASpreadsheet));
    // Latin-1 bytes that are neither UTF-8 nor GBK.
    assert!(matches!(parse_upload(b"\xff\xff\xff,a\n", today()), Err(ImportError::Csv(_))));
    // A damaged ZIP, and a sound one that is not a workbook.
    assert!(matches!(parse_upload(b"PK\x03\x04garbage", today()), Err(ImportError::Xlsx(_))));
    assert_eq!(parse_upload(&stored_zip("word/document.xml", b"<w/>"), today()), Err(ImportError::NotASpreadsheet));
}

/// A ZIP archive with one stored (uncompressed) entry.
fn stored_zip(name: &str, data: &[u8]) -> Vec<u8> {
    let crc = 0u32; // Not checked by the parser before it refuses the file.
    let (n, d) = (name.len() as u16, data.len() as u32);
    let mut out = Vec::new();
    out.extend(0x0403_4b50u32.to_le_bytes());
    out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend(crc.to_le_bytes());
    out.extend(d.to_le_bytes());
    out.extend(d.to_le_bytes());
    out.extend(n.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(name.as_bytes());
    out.extend(data);
    let cd = out.len() as u32;
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend([20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    out.extend(crc.to_le_bytes());
    out.extend(d.to_le_bytes());
    out.extend(d.to_le_bytes());
    out.extend(n.to_le_bytes());
    out.extend([0u8; 12]);
    out.extend(0u32.to_le_bytes());
    out.extend(name.as_bytes());
    let cd_len = out.len() as u32 - cd;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0, 0, 0, 0, 1, 0, 1, 0]);
    out.extend(cd_len.to_le_bytes());
    out.extend(cd.to_le_bytes());
    out.extend([0, 0]);
    out
}

#[test]
fn the_sheet_named_filing_is_read_wherever_it_is() {
    let text = csv_of(&[good("（2025）苏0205民初1号")]);
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "请看第二张表").unwrap();
    let ws = wb.add_worksheet().set_name("立案信息").unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            ws.write_string(r as u32 + 2, c as u16 + 1, v).unwrap();
        }
    }
    let batch = parse(&wb.save_to_buffer().unwrap());
    assert_eq!((batch.rows.len(), batch.errors.len()), (1, 0), "{:?}", batch.errors);
    // The header sits on row 3 here, so the case is on row 4.
    assert_eq!(batch.rows[0].row, 4);
}

#[test]
fn synthetic_files_parse_cleanly_and_are_deterministic() {
    for format in [SyntheticFormat::Csv, SyntheticFormat::Xlsx] {
        let a = synthetic(1000, 42, today(), format).unwrap();
        let batch = parse(&a);
        assert!(batch.errors.is_empty(), "{format:?}: {:?}", &batch.errors[..batch.errors.len().min(3)]);
        assert_eq!(batch.rows.len(), 1000);
        assert_eq!(synthetic(1000, 42, today(), format).unwrap(), a, "{format:?} not deterministic");
        assert_ne!(synthetic(1000, 43, today(), format).unwrap(), a);
        for r in &batch.rows {
            let p = r.filing.claim.principal;
            assert!((Fen(300_000)..=Fen(30_000_000)).contains(&p), "{p}");
            assert!(r.filing.title_effective_on.is_some_and(|d| d < today()));
            assert!(r.filing.parties[1..].iter().all(|p| p.kind == PartyKind::Person && p.id_number.is_some()));
        }
    }
    let csv = parse(&synthetic(300, 7, today(), SyntheticFormat::Csv).unwrap());
    let xlsx = parse(&synthetic(300, 7, today(), SyntheticFormat::Xlsx).unwrap());
    let filings = |x: &ParsedBatch| x.rows.iter().map(|r| r.filing.clone()).collect::<Vec<_>>();
    assert_eq!(filings(&csv), filings(&xlsx), "both formats carry the same cases");
    let titles: std::collections::HashSet<&str> = csv.rows.iter().map(|r| r.filing.title_type.as_str()).collect();
    assert!(titles.contains("民事判决书"));
}

#[test]
fn the_error_sheet_holds_the_failed_rows_and_can_be_re_uploaded() {
    let rows = vec![
        good("（2025）苏0205民初1号"),
        with(good("（2025）苏0205民初2号"), "被执行人1证件号码", "320205198805121230"),
        good("（2025）苏0205民初3号"),
        with(good("（2025）苏0205民初4号"), "生效日期", "2025-02-30"),
    ];
    let batch = parse(csv_of(&rows).as_bytes());
    assert_eq!((batch.rows.len(), batch.errors.len()), (2, 2));
    let bytes = error_sheet(&batch).unwrap();

    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes)).unwrap();
    let range = wb.worksheet_range("立案信息").unwrap();
    assert_eq!(range.height(), 3);
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty).to_string();
    assert_eq!(cell(0, 0), "错误原因");
    assert_eq!(cell(0, 1), "案件类型");
    assert!(cell(1, 0).contains("第 3 行") && cell(1, 0).contains("被执行人1证件号码"), "{}", cell(1, 0));
    assert!(cell(2, 0).contains("第 5 行") && cell(2, 0).contains("不存在"), "{}", cell(2, 0));
    let doc_col = batch.headers.iter().position(|h| h.starts_with("执行依据文书号")).unwrap() as u32 + 1;
    assert_eq!(cell(1, doc_col), "（2025）苏0205民初2号");
    assert_eq!(cell(2, doc_col), "（2025）苏0205民初4号");

    // Re-uploaded unchanged, the same rows fail again for the same reasons.
    let again = parse(&bytes);
    assert_eq!(again.rows.len(), 0);
    let reasons = |b: &ParsedBatch| b.errors.iter().map(|e| (e.column.clone(), e.reason.clone())).collect::<Vec<_>>();
    assert_eq!(reasons(&again), reasons(&batch));
    assert_eq!(again.errors.iter().map(|e| e.row).collect::<Vec<_>>(), vec![2, 3]);
    // The error sheet of an error sheet has one reason column, the new one.
    let twice = error_sheet(&again).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&twice)).unwrap();
    let range = wb.worksheet_range("立案信息").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header.iter().filter(|h| *h == "错误原因").count(), 1);
    assert_eq!(header[1..].join(","), header_line());
    assert!(range.get_value((1, 0)).unwrap().to_string().contains("第 2 行"));

    // Fixed in the sheet, the rows go through.
    let fixed = error_sheet(&batch).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&fixed)).unwrap();
    let range = wb.worksheet_range("立案信息").unwrap();
    let mut lines: Vec<String> = Vec::new();
    for row in range.rows() {
        lines.push(row[1..].iter().map(|c| c.to_string()).collect::<Vec<_>>().join(","));
    }
    let fixed_csv = lines.join("\n").replace("320205198805121230", DEBTOR_ID).replace("2025-02-30", "2025-02-28");
    let ok = parse(fixed_csv.as_bytes());
    assert_eq!((ok.rows.len(), ok.errors.len()), (2, 0), "{:?}", ok.errors);
}

/// `cargo test -p zhixing-import --release -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn a_hundred_thousand_rows() {
    for format in [SyntheticFormat::Csv, SyntheticFormat::Xlsx] {
        let t = std::time::Instant::now();
        let bytes = synthetic(100_000, 1, today(), format).unwrap();
        let generated = t.elapsed();
        let t = std::time::Instant::now();
        let parsed = parse_upload(&bytes, today()).map(|b| (b.rows.len(), b.errors.len()));
        println!(
            "{format:?}: {:.1} MB, generated in {generated:?}, parsed in {:?}: {parsed:?}",
            bytes.len() as f64 / 1024.0 / 1024.0,
            t.elapsed()
        );
    }
}
