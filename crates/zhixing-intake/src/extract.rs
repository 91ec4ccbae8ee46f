//! Text out of the files courts hand over: plain text (UTF-8, UTF-16 with a
//! byte-order mark, or GBK), Word .docx, and PDF with a text layer.
//!
//! The type is decided by the content, never by the file name. Every limit
//! is checked before memory is spent: the input size, the decompressed size
//! of the .docx body (a zip bomb stops at the limit), and the decompressed
//! size of every PDF page and font map.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use quick_xml::events::Event;

/// Largest file accepted (a judgment is rarely over 5 MB, even as a PDF).
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;
/// Largest decompressed `word/document.xml` read from a .docx.
pub const MAX_DOCX_XML_BYTES: u64 = 32 * 1024 * 1024;
/// Largest decompressed content of one PDF page or font map.
pub const MAX_PDF_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// Most pages read from a PDF.
pub const MAX_PDF_PAGES: usize = 300;

/// Why no text could be had. The messages are shown to court users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("文件为空（0 字节）")]
    Empty,
    #[error("文件过大：{size} 字节，上限为 {limit} 字节")]
    TooLarge { size: usize, limit: usize },
    #[error("不支持的文件类型：{0}。请上传 .txt、.docx 或带文字层的 .pdf")]
    Unsupported(String),
    #[error("Word 文档无法读取：{0}")]
    BadDocx(String),
    #[error("Word 文档解压后超过 {0} 字节，疑似压缩炸弹，已拒绝")]
    DocxTooLarge(u64),
    #[error("PDF 文件已加密，请提供未加密的文件")]
    EncryptedPdf,
    #[error("PDF 文件已损坏或格式错误：{0}")]
    BadPdf(String),
    #[error("PDF 没有可提取的文字层（可能是扫描件），需要先进行文字识别（OCR）")]
    NeedsOcr,
    #[error("PDF 页面内容解压后超过上限，疑似压缩炸弹，已拒绝")]
    PdfTooLarge,
    #[error("文本编码无法识别（支持 UTF-8、UTF-16 与 GBK）")]
    Encoding,
}

/// What kind of file the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Docx,
    Pdf,
}

/// Decides the kind from the content.
pub fn sniff(bytes: &[u8]) -> Result<FileKind, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") && bytes.len() > 8 {
        return Ok(FileKind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(FileKind::Docx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(ExtractError::Unsupported(
            "旧版 Word（.doc）或加密的 Office 文档，请另存为 .docx 或 PDF".to_string(),
        ));
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"GIF8") {
        return Err(ExtractError::Unsupported("图片，需要先进行文字识别（OCR）".to_string()));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::Unsupported("RTF 文档，请另存为 .docx".to_string()));
    }
    if bytes.starts_with(b"<?xml") || bytes.starts_with(b"PK") {
        return Err(ExtractError::Unsupported("无法识别的文档格式".to_string()));
    }
    Ok(FileKind::Text)
}

/// The text of a file.
pub fn extract_text(bytes: &[u8]) -> Result<String, ExtractError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ExtractError::TooLarge { size: bytes.len(), limit: MAX_INPUT_BYTES });
    }
    match sniff(bytes)? {
        FileKind::Text => decode_text(bytes),
        FileKind::Docx => docx_text(bytes),
        FileKind::Pdf => pdf_text(bytes),
    }
}

/// Plain text: UTF-8 (with or without BOM), UTF-16 with BOM, else GBK
/// (GB18030, which GBK files are a subset of).
pub fn decode_text(bytes: &[u8]) -> Result<String, ExtractError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        return if had_errors { Err(ExtractError::Encoding) } else { Ok(text.into_owned()) };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if s.contains('\0') {
            return Err(ExtractError::Unsupported("二进制文件".to_string()));
        }
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return Err(ExtractError::Encoding);
    }
    Ok(text.into_owned())
}

/// Paragraphs of `word/document.xml`, one per line. Deleted revisions
/// (`w:delText`) and field codes (`w:instrText`) are not text.
pub fn docx_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::BadDocx(e.to_string()))?;
    let mut file = match zip.by_name("word/document.xml") {
        Ok(f) => f,
        Err(_) => {
            return Err(ExtractError::Unsupported("压缩包（不是 Word .docx 文档）".to_string()));
        }
    };
    if file.size() > MAX_DOCX_XML_BYTES {
        return Err(ExtractError::DocxTooLarge(MAX_DOCX_XML_BYTES));
    }
    // The declared size may lie; the read stops one byte past the limit.
    let mut xml = Vec::new();
    (&mut file).take(MAX_DOCX_XML_BYTES + 1).read_to_end(&mut xml).map_err(|e| ExtractError::BadDocx(e.to_string()))?;
    if xml.len() as u64 > MAX_DOCX_XML_BYTES {
        return Err(ExtractError::DocxTooLarge(MAX_DOCX_XML_BYTES));
    }
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = String::new();
    let mut in_text = false;
    let mut skip_depth = 0u32;
    let mut buf = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| ExtractError::BadDocx(e.to_string()))?;
        match ev {
            Event::Start(e) => match e.name().as_ref() {
                "w:t" => in_text = true,
                "w:delText" | "w:instrText" => skip_depth += 1,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:delText" | "w:instrText" => skip_depth = skip_depth.saturating_sub(1),
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:br" | "w:cr" => out.push('\n'),
                "w:tab" => out.push(' '),
                "w:p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text && skip_depth == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = resolved {
                    out.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A run of text placed on a page.
#[derive(Debug, Clone)]
struct Run {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

/// Text of a PDF's text layer, with lines re-joined into paragraphs.
///
/// Word processors write each line of a paragraph separately; the original
/// paragraphs are rebuilt from the layout: a line starts a new paragraph
/// when it is indented (first-line indent, centred titles) or when the line
/// before it ended well short of the right margin.
pub fn pdf_text(bytes: &[u8]) -> Result<String, ExtractError> {
    // lopdf should not panic on bad input, but a malformed file must never
    // take the caller down with it.
    let result = std::panic::catch_unwind(|| pdf_text_inner(bytes));
    match result {
        Ok(r) => r,
        Err(_) => Err(ExtractError::BadPdf("解析器无法处理该文件".to_string())),
    }
}

fn pdf_text_inner(bytes: &[u8]) -> Result<String, ExtractError> {
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(lopdf::Error::Decryption(_))
        | Err(lopdf::Error::InvalidPassword)
        | Err(lopdf::Error::UnsupportedSecurityHandler(_)) => {
            return Err(ExtractError::EncryptedPdf);
        }
        Err(e) => {
            let msg = e.to_string();
            if msg.to_lowercase().contains("encrypt") || msg.to_lowercase().contains("password") {
                return Err(ExtractError::EncryptedPdf);
            }
            return Err(ExtractError::BadPdf(msg));
        }
    };
    if doc.is_encrypted() {
        return Err(ExtractError::EncryptedPdf);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(ExtractError::BadPdf("没有页面".to_string()));
    }
    let mut page_lines = Vec::new();
    for (_, page_id) in pages.into_iter().take(MAX_PDF_PAGES) {
        page_lines.push(lines_of(page_runs(&doc, page_id)?));
    }
    // Margins are the document's, not one page's: a last page holding only
    // the indented signature lines must not make them look unindented.
    let all = page_lines.iter().flatten();
    let left = all.clone().map(|l| l.x).fold(f64::INFINITY, f64::min);
    let right = all.map(|l| l.end).fold(f64::NEG_INFINITY, f64::max);
    let mut out = String::new();
    for lines in &page_lines {
        out.push_str(&reflow(lines, left, right));
        out.push('\n');
    }
    let visible = out.chars().filter(|c| !c.is_whitespace()).count();
    if visible < 10 {
        return Err(ExtractError::NeedsOcr);
    }
    Ok(out)
}

fn is_limit_error(e: &lopdf::Error) -> bool {
    matches!(e, lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }))
}

fn page_runs(doc: &Document, page_id: lopdf::ObjectId) -> Result<Vec<Run>, ExtractError> {
    let fonts = doc.get_page_fonts(page_id).map_err(|e| ExtractError::BadPdf(e.to_string()))?;
    let mut encodings: BTreeMap<Vec<u8>, Encoding> = BTreeMap::new();
    for (name, font) in fonts {
        match font.get_font_encoding_with_limit(doc, MAX_PDF_STREAM_BYTES) {
            Ok(enc) => {
                encodings.insert(name, enc);
            }
            Err(e) if is_limit_error(&e) => return Err(ExtractError::PdfTooLarge),
            Err(_) => {}
        }
    }
    let data = match doc.get_page_content_with_limit(page_id, MAX_PDF_STREAM_BYTES) {
        Ok(d) => d,
        Err(e) if is_limit_error(&e) => return Err(ExtractError::PdfTooLarge),
        Err(e) => return Err(ExtractError::BadPdf(e.to_string())),
    };
    let content = Content::decode(&data).map_err(|e| ExtractError::BadPdf(e.to_string()))?;

    let mut runs = Vec::new();
    // Graphics state: CTM stack; text state: line matrix, leading, font.
    let mut ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut stack: Vec<[f64; 6]> = Vec::new();
    let mut tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut tlm = tm;
    let mut leading = 0.0;
    let mut font: Option<&Encoding> = None;
    let mut size = 12.0;
    let num = |o: &Object| -> f64 {
        match o {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            _ => 0.0,
        }
    };
    for op in &content.operations {
        let a = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(ctm),
            "cm" if a.len() == 6 => {
                let m = [num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3]), num(&a[4]), num(&a[5])];
                ctm = mul(m, ctm);
            }
            "BT" => {
                tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                tlm = tm;
            }
            "Tf" if a.len() == 2 => {
                font = a[0].as_name().ok().and_then(|n| encodings.get(n));
                size = num(&a[1]);
            }
            "TL" if a.len() == 1 => leading = num(&a[0]),
            "Td" | "TD" if a.len() == 2 => {
                let (tx, ty) = (num(&a[0]), num(&a[1]));
                if op.operator == "TD" {
                    leading = -ty;
                }
                tlm = mul([1.0, 0.0, 0.0, 1.0, tx, ty], tlm);
                tm = tlm;
            }
            "Tm" if a.len() == 6 => {
                tlm = [num(&a[0]), num(&a[1]), num(&a[2]), num(&a[3]), num(&a[4]), num(&a[5])];
                tm = tlm;
            }
            "T*" => {
                tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator == "'" || op.operator == "\"" {
                    tlm = mul([1.0, 0.0, 0.0, 1.0, 0.0, -leading], tlm);
                    tm = tlm;
                }
                let Some(enc) = font else { continue };
                let mut text = String::new();
                let strings: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => a.first().and_then(|o| o.as_array().ok()).map(|v| v.iter().collect()).unwrap_or_default(),
                    "\"" => a.get(2).into_iter().collect(),
                    _ => a.first().into_iter().collect(),
                };
                for s in strings {
                    if let Object::String(bytes, _) = s
                        && let Ok(t) = Document::decode_text(enc, bytes)
                    {
                        text.push_str(&t);
                    }
                }
                if text.is_empty() {
                    continue;
                }
                let m = mul(tm, ctm);
                let scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
                runs.push(Run { x: m[4], y: m[5], size: (size * scale).abs().max(1.0), text });
                // Advance roughly one em per character so later runs on the
                // same line sort after this one.
                let n = runs.last().map_or(0, |r| r.text.chars().count());
                tm = mul([1.0, 0.0, 0.0, 1.0, size * n as f64, 0.0], tm);
            }
            _ => {}
        }
    }
    Ok(runs)
}

fn mul(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// One line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    x: f64,
    end: f64,
    size: f64,
    text: String,
}

/// Groups runs into lines by their baseline, top to bottom.
fn lines_of(mut runs: Vec<Run>) -> Vec<Line> {
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<(f64, Line)> = Vec::new();
    for r in runs {
        let width = r.text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f64>() * r.size;
        match lines.last_mut() {
            Some((y, line)) if (*y - r.y).abs() < r.size * 0.4 => {
                line.text.push_str(&r.text);
                line.end = line.end.max(r.x + width);
                line.x = line.x.min(r.x);
            }
            _ => lines.push((r.y, Line { x: r.x, end: r.x + width, size: r.size, text: r.text })),
        }
    }
    lines.into_iter().map(|(_, l)| l).collect()
}

/// Joins lines into paragraphs: a line starts a new paragraph when it is
/// indented (first-line indent, centred or right-aligned lines) or when the
/// line before it ended a sentence well short of the right margin.
fn reflow(lines: &[Line], left: f64, right: f64) -> String {
    let mut out = String::new();
    let mut prev_ends_paragraph = true;
    for l in lines {
        let indented = l.x > left + l.size * 0.8;
        if !out.is_empty() && (indented || prev_ends_paragraph) {
            out.push('\n');
        }
        let text = l.text.trim_end();
        out.push_str(text);
        // Widths are estimated (no font metrics are read), so a short line
        // only ends a paragraph when it also ends a sentence.
        let short = l.end < right - l.size * 1.5;
        let closes = text.ends_with(['。', '：', '；', '！', '？', '）', ':', ';']);
        prev_ends_paragraph = short && closes;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b""), Err(ExtractError::Empty));
        assert_eq!(sniff(b"%PDF-1.7\n..."), Ok(FileKind::Pdf));
        assert_eq!(sniff(b"PK\x03\x04rest"), Ok(FileKind::Docx));
        assert!(matches!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Err(ExtractError::Unsupported(_))));
        assert!(matches!(sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), Err(ExtractError::Unsupported(_))));
        assert_eq!(sniff("民事判决书".as_bytes()), Ok(FileKind::Text));
    }

    #[test]
    fn decodes_utf8_utf16_and_gbk() {
        let s = "江苏省无锡市滨湖区人民法院\n民事判决书";
        assert_eq!(decode_text(s.as_bytes()).unwrap(), s);
        let (gbk, _, _) = encoding_rs::GBK.encode(s);
        assert_eq!(decode_text(&gbk).unwrap(), s);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_text(&utf16).unwrap(), s);
        assert_eq!(decode_text(&[0x81, 0x20, 0xFF, 0xFF, 0x81]), Err(ExtractError::Encoding));
    }

    #[test]
    fn rejects_garbage_pdf_and_docx() {
        assert!(matches!(extract_text(b"%PDF-1.4\nthis is not a pdf at all"), Err(ExtractError::BadPdf(_))));
        assert!(matches!(extract_text(b"PK\x03\x04not a zip"), Err(ExtractError::BadDocx(_))));
    }
}
