//! From bytes to a table of cells: format detection, the xlsx reader (first
//! sheet or 立案信息; no formulas, no merged cells) and the CSV reader
//! (UTF-8 with or without BOM, else GBK).

use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx, XlsxError};

use crate::cell::Cell;
use crate::columns::cell_name;
use crate::{ImportError, MAX_ROWS};

/// The sheet read when a workbook has one by this name.
pub(crate) const SHEET_NAME: &str = "立案信息";

/// Declared unpacked size above which a workbook is refused unread (a
/// 20 MB upload of real data unpacks to well under this).
const MAX_UNZIPPED_BYTES: u64 = 600 * 1024 * 1024;

/// The header and the non-blank data rows of the sheet.
#[derive(Debug)]
pub(crate) struct Table {
    pub format: &'static str,
    /// The header row's cells as text, trailing blank ones dropped.
    pub headers: Vec<String>,
    /// (row number as Excel shows it, cells) of each non-blank data row.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Builds the table from rows in file order, keeping the first non-blank row
/// as the header and refusing more than [`MAX_ROWS`] data rows.
struct TableBuilder {
    headers: Option<Vec<String>>,
    rows: Vec<(usize, Vec<Cell>)>,
    data_rows: usize,
}

impl TableBuilder {
    fn new() -> Self {
        TableBuilder { headers: None, rows: Vec::new(), data_rows: 0 }
    }

    fn push(&mut self, row_no: usize, cells: Vec<Cell>) {
        if cells.iter().all(Cell::is_blank) {
            return;
        }
        if self.headers.is_none() {
            let mut headers: Vec<String> = cells.iter().map(|c| c.display().trim().to_string()).collect();
            while headers.last().is_some_and(String::is_empty) {
                headers.pop();
            }
            self.headers = Some(headers);
            return;
        }
        self.data_rows += 1;
        if self.data_rows <= MAX_ROWS {
            self.rows.push((row_no, cells));
        }
    }

    fn finish(self, format: &'static str) -> Result<Table, ImportError> {
        if self.data_rows > MAX_ROWS {
            return Err(ImportError::TooManyRows { rows: self.data_rows });
        }
        match self.headers {
            Some(headers) if !self.rows.is_empty() => Ok(Table { format, headers, rows: self.rows }),
            _ => Err(ImportError::Empty),
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Detects the format by content and reads the table.
pub(crate) fn read_table(bytes: &[u8]) -> Result<Table, ImportError> {
    if bytes.starts_with(ZIP_MAGIC) {
        read_xlsx(bytes)
    } else if bytes.starts_with(&CFB_MAGIC[..4]) {
        Err(if is_encrypted_ooxml(bytes) { ImportError::Encrypted } else { ImportError::NotASpreadsheet })
    } else {
        read_csv(bytes)
    }
}

/// An encrypted workbook is a compound file holding an `EncryptedPackage`
/// stream (MS-OFFCRYPTO); an old .xls is a compound file without one.
fn is_encrypted_ooxml(bytes: &[u8]) -> bool {
    if matches!(Xlsx::new(Cursor::new(bytes)), Err(XlsxError::Password)) {
        return true;
    }
    // Directory entry names are UTF-16LE.
    let needle: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

// ---------------------------------------------------------------- xlsx ----

/// Names and declared unpacked sizes of a ZIP's entries, from its central
/// directory; `None` if the directory cannot be read (calamine then decides).
fn zip_entries(bytes: &[u8]) -> Option<Vec<(String, u64)>> {
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let u64_at =
        |at: usize| bytes.get(at..at + 8).map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]));
    // End of central directory: 22 bytes plus a comment of up to 65535.
    let lowest = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (lowest..=bytes.len().checked_sub(22)?).rev().find(|&i| u32_at(i) == Some(0x0605_4b50))?;
    let count = usize::from(u16_at(eocd + 10)?);
    let mut at = usize::try_from(u32_at(eocd + 16)?).ok()?;
    let mut out = Vec::with_capacity(count.min(10_000));
    for _ in 0..count {
        if u32_at(at)? != 0x0201_4b50 {
            return None;
        }
        let mut size = u64::from(u32_at(at + 24)?);
        let name_len = usize::from(u16_at(at + 28)?);
        let extra_len = usize::from(u16_at(at + 30)?);
        let comment_len = usize::from(u16_at(at + 32)?);
        let name = String::from_utf8_lossy(bytes.get(at + 46..at + 46 + name_len)?).into_owned();
        if size == u64::from(u32::MAX) {
            // ZIP64: the real size is the first value of extra field 0x0001.
            let mut e = at + 46 + name_len;
            let end = e + extra_len;
            while e + 4 <= end {
                let (id, len) = (u16_at(e)?, usize::from(u16_at(e + 2)?));
                if id == 1 {
                    size = u64_at(e + 4)?;
                    break;
                }
                e += 4 + len;
            }
        }
        out.push((name, size));
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(out)
}

fn xlsx_err(e: XlsxError) -> ImportError {
    match e {
        XlsxError::Password => ImportError::Encrypted,
        other => ImportError::Xlsx(format!("文件已损坏或不是标准的 Excel 工作簿（{other}）")),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ImportError> {
    if let Some(entries) = zip_entries(bytes) {
        if !entries.iter().any(|(name, _)| name.starts_with("xl/")) {
            // A ZIP, but not a workbook: .docx, .ods, an archive.
            return Err(ImportError::NotASpreadsheet);
        }
        let unpacked: u64 = entries.iter().map(|(_, size)| *size).fold(0, u64::saturating_add);
        if unpacked > MAX_UNZIPPED_BYTES {
            return Err(ImportError::Xlsx(format!(
                "解压后大小 {} MB 异常（上限 {} MB），可能不是正常的工作簿",
                unpacked / 1024 / 1024,
                MAX_UNZIPPED_BYTES / 1024 / 1024
            )));
        }
    }
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_err)?;
    let names = wb.sheet_names();
    let sheet = match names.iter().find(|n| n.trim() == SHEET_NAME).or_else(|| names.first()) {
        Some(s) => s.clone(),
        None => return Err(ImportError::Empty),
    };

    let merged = wb.merge_cells_by_sheet_name(&sheet).map_err(xlsx_err)?;
    if let Some(m) = merged.iter().find(|m| m.start != m.end) {
        let range = format!(
            "{}:{}",
            cell_name(m.start.0 as usize, m.start.1 as usize),
            cell_name(m.end.0 as usize, m.end.1 as usize)
        );
        return Err(ImportError::MergedCells { range });
    }

    let mut reader = wb.worksheet_cells_reader(&sheet).map_err(xlsx_err)?;
    let mut builder = TableBuilder::new();
    let mut current: Option<(u32, Vec<Cell>)> = None;
    while let Some(record) = reader.next_cell_with_formula_metadata().map_err(xlsx_err)? {
        let (r, c) = record.pos;
        if record.formula.is_some() {
            return Err(ImportError::Formulas { cell: cell_name(r as usize, c as usize) });
        }
        let value = convert(record.value);
        if value == Cell::Empty {
            continue;
        }
        if current.as_ref().is_some_and(|(cur, _)| *cur != r)
            && let Some((row, cells)) = current.take()
        {
            builder.push(row as usize + 1, cells);
        }
        let (_, cells) = current.get_or_insert_with(|| (r, Vec::new()));
        let c = c as usize;
        if cells.len() <= c {
            cells.resize(c + 1, Cell::Empty);
        }
        cells[c] = value;
    }
    if let Some((row, cells)) = current {
        builder.push(row as usize + 1, cells);
    }
    builder.finish("xlsx")
}

fn convert(v: DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Int(i),
        DataRef::Float(f) => Cell::Float(f),
        DataRef::String(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(dt) => match dt.as_datetime() {
            Some(t) if !dt.is_duration() => Cell::DateTime(t),
            _ => Cell::Float(dt.as_f64()),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}

// ----------------------------------------------------------------- CSV ----

fn read_csv(bytes: &[u8]) -> Result<Table, ImportError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Csv(
            "文件是 UTF-16 编码的文本；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”".to_string(),
        ));
    }
    if bytes.starts_with(b"%PDF") || bytes.contains(&0) {
        return Err(ImportError::NotASpreadsheet);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, format) = match std::str::from_utf8(body) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), "csv-utf8"),
        Err(_) => {
            let (s, had_errors) = encoding_rs::GBK.decode_without_bom_handling(body);
            if had_errors {
                return Err(ImportError::Csv(
                    "文件编码无法识别（既不是 UTF-8 也不是 GBK）；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”"
                        .to_string(),
                ));
            }
            (s, "csv-gbk")
        }
    };
    let delimiter = sniff_delimiter(&text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut builder = TableBuilder::new();
    // Excel shows one row per record: a blank line is a row, a quoted field
    // spanning lines is not. The reader's own line count is unreliable after
    // blank lines and CRLF, so rows are counted from byte offsets: a
    // record's row is the number of line breaks before its first byte, less
    // those inside earlier records' fields, plus one.
    let raw = text.as_bytes();
    let (mut cursor, mut breaks_before, mut inner_breaks) = (0usize, 0usize, 0usize);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(ImportError::Csv(format!("第 {line} 行附近格式错误：{e}")));
            }
        }
        // The reported offset is where the reader resumed: skip the line
        // breaks of blank lines (and of a CRLF) before the record.
        let mut start = record.position().and_then(|p| usize::try_from(p.byte()).ok()).unwrap_or(cursor).max(cursor);
        while raw.get(start).is_some_and(|b| *b == b'\r' || *b == b'\n') {
            start += 1;
        }
        breaks_before += raw.get(cursor..start).map_or(0, |s| s.iter().filter(|b| **b == b'\n').count());
        cursor = start;
        let row_no = breaks_before - inner_breaks.min(breaks_before) + 1;
        inner_breaks += record.iter().map(|f| f.bytes().filter(|b| *b == b'\n').count()).sum::<usize>();
        let cells = record.iter().map(|f| if f.is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect();
        builder.push(row_no, cells);
    }
    builder.finish(format)
}

/// Comma unless the first line has more tabs or semicolons (Excel in some
/// locales, "text (tab delimited)").
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_numbered_as_excel_shows_them() {
        let text = "a,b\n1,2\n\n\"x\ny\",3\n4,5\n";
        let t = read_csv(text.as_bytes()).unwrap();
        let rows: Vec<usize> = t.rows.iter().map(|(r, _)| *r).collect();
        // header 1, "1,2" 2, blank 3, the two-line record 4, "4,5" 5.
        assert_eq!(rows, vec![2, 4, 5]);
        assert_eq!(t.headers, vec!["a", "b"]);
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n"), b';');
        assert_eq!(sniff_delimiter("a,b\n"), b',');
    }
}
