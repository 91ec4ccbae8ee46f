//! Test support: scoring a draft against its expected JSON, and building
//! .docx and .pdf files from a text the way word processors lay them out.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::Value;

/// Correct and total counts per field.
#[derive(Default, Debug, Clone)]
pub struct Score {
    pub fields: BTreeMap<&'static str, (u32, u32)>,
    pub misses: Vec<String>,
}

impl Score {
    fn add(&mut self, field: &'static str, ok: bool, what: impl FnOnce() -> String) {
        let e = self.fields.entry(field).or_default();
        e.1 += 1;
        if ok {
            e.0 += 1;
        } else {
            self.misses.push(format!("{field}: {}", what()));
        }
    }

    pub fn merge(&mut self, other: &Score, prefix: &str) {
        for (k, (c, t)) in &other.fields {
            let e = self.fields.entry(k).or_default();
            e.0 += c;
            e.1 += t;
        }
        self.misses.extend(other.misses.iter().map(|m| format!("{prefix}: {m}")));
    }

    pub fn total(&self) -> (u32, u32) {
        self.fields.values().fold((0, 0), |a, (c, t)| (a.0 + c, a.1 + t))
    }

    pub fn accuracy(&self) -> f64 {
        let (c, t) = self.total();
        if t == 0 { 1.0 } else { f64::from(c) / f64::from(t) }
    }

    pub fn report(&self, title: &str) -> String {
        let mut s = format!("\n{title}\n{:<28} {:>7} {:>7} {:>8}\n", "field", "correct", "total", "accuracy");
        for (k, (c, t)) in &self.fields {
            s.push_str(&format!("{k:<28} {c:>7} {t:>7} {:>7.1}%\n", 100.0 * f64::from(*c) / f64::from(*t)));
        }
        let (c, t) = self.total();
        s.push_str(&format!("{:<28} {c:>7} {t:>7} {:>7.1}%\n", "ALL", 100.0 * self.accuracy()));
        s
    }
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn same_num(a: &Value, b: &Value) -> bool {
    match (num(a), num(b)) {
        (Some(x), Some(y)) => (x - y).abs() < 0.005,
        _ => a.is_null() && b.is_null(),
    }
}

fn names(v: &Value) -> Vec<String> {
    let mut n: Vec<String> =
        v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default();
    n.sort();
    n
}

/// Scores `got` against `want`, field by field. Free-text `as_written`
/// fields are not scored. Parties and obligations are matched in order;
/// anything extra in `got` counts as one wrong field.
pub fn score(want: &Value, got: &Value) -> Score {
    let mut s = Score::default();
    for f in ["court", "case_number", "document_type", "date", "enforceable_money_obligation"] {
        let ok = want[f] == got[f];
        let field: &'static str = match f {
            "court" => "court",
            "case_number" => "case_number",
            "document_type" => "document_type",
            "date" => "date",
            _ => "enforceable",
        };
        s.add(field, ok, || format!("want {} got {}", want[f], got[f]));
    }
    // Parties: by name.
    let wp = want["parties"].as_array().cloned().unwrap_or_default();
    let gp = got["parties"].as_array().cloned().unwrap_or_default();
    for w in &wp {
        let g = gp.iter().find(|g| g["name"] == w["name"]);
        s.add("party.name", g.is_some(), || format!("missing {}", w["name"]));
        let g = g.cloned().unwrap_or(Value::Null);
        s.add("party.role", g["role"] == w["role"], || format!("{} want {} got {}", w["name"], w["role"], g["role"]));
        s.add("party.party_type", g["party_type"] == w["party_type"], || {
            format!("{} want {} got {}", w["name"], w["party_type"], g["party_type"])
        });
    }
    for g in &gp {
        if !wp.iter().any(|w| w["name"] == g["name"]) {
            s.add("party.name", false, || format!("extra {}", g["name"]));
        }
    }
    // Obligations: in order.
    let wo = want["obligations"].as_array().cloned().unwrap_or_default();
    let go = got["obligations"].as_array().cloned().unwrap_or_default();
    for (i, w) in wo.iter().enumerate() {
        let g = go.get(i).cloned().unwrap_or(Value::Null);
        s.add("obligation.debtors", names(&w["debtors"]) == names(&g["debtors"]), || {
            format!("#{i} want {} got {}", w["debtors"], g["debtors"])
        });
        s.add("obligation.creditors", names(&w["creditors"]) == names(&g["creditors"]), || {
            format!("#{i} want {} got {}", w["creditors"], g["creditors"])
        });
        let wi = w["items"].as_array().cloned().unwrap_or_default();
        let gi = g["items"].as_array().cloned().unwrap_or_default();
        for (j, wit) in wi.iter().enumerate() {
            let git = gi.get(j).cloned().unwrap_or(Value::Null);
            s.add("item.amount", same_num(&wit["amount"], &git["amount"]), || {
                format!("#{i}.{j} want {} got {}", wit["amount"], git["amount"])
            });
            s.add("item.kind", wit["kind"] == git["kind"], || {
                format!("#{i}.{j} want {} got {}", wit["kind"], git["kind"])
            });
            s.add("item.label", wit["label"] == git["label"], || {
                format!("#{i}.{j} want {} got {}", wit["label"], git["label"])
            });
        }
        for (j, extra) in gi.iter().enumerate().skip(wi.len()) {
            s.add("item.amount", false, || format!("#{i}.{j} extra {extra}"));
        }
        let (wint, gint) = (&w["interest"], &g["interest"]);
        if wint.is_null() {
            s.add("interest", gint.is_null(), || format!("#{i} want null got {gint}"));
        } else {
            s.add("interest", !gint.is_null(), || format!("#{i} missing interest"));
            for f in ["rate_type", "rate", "start_date", "end_date", "until_paid"] {
                s.add("interest.terms", wint[f] == gint[f], || format!("#{i} {f} want {} got {}", wint[f], gint[f]));
            }
            s.add("interest.terms", same_num(&wint["base"], &gint["base"]), || {
                format!("#{i} base want {} got {}", wint["base"], gint["base"])
            });
        }
        let (wd, gd) = (&w["deadline"], &g["deadline"]);
        let ok = if wd.is_null() {
            gd.is_null()
        } else {
            wd["kind"] == gd["kind"] && wd["days"] == gd["days"] && wd["date"] == gd["date"]
        };
        s.add("deadline", ok, || format!("#{i} want {wd} got {gd}"));
        s.add("joint_liability", w["joint_liability"] == g["joint_liability"], || {
            format!("#{i} want {} got {}", w["joint_liability"], g["joint_liability"])
        });
    }
    for (i, extra) in go.iter().enumerate().skip(wo.len()) {
        s.add("obligation.debtors", false, || format!("extra obligation #{i}: {extra}"));
    }
    // Costs.
    let (wc, gc) = (&want["costs"], &got["costs"]);
    if wc.is_null() {
        s.add("costs", gc.is_null(), || format!("want null got {gc}"));
    } else {
        let wb = wc["borne_by"].as_array().cloned().unwrap_or_default();
        let gb = gc["borne_by"].as_array().cloned().unwrap_or_default();
        if wb.is_empty() {
            s.add("costs", !gc.is_null() && gb.is_empty(), || format!("want none borne, got {gc}"));
        }
        for (k, w) in wb.iter().enumerate() {
            let g = gb.get(k).cloned().unwrap_or(Value::Null);
            s.add("costs", w["party"] == g["party"] && same_num(&w["amount"], &g["amount"]), || {
                format!("#{k} want {w} got {g}")
            });
        }
        for extra in gb.iter().skip(wb.len()) {
            s.add("costs", false, || format!("extra {extra}"));
        }
    }
    s
}

// ---------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A minimal but real .docx: each paragraph split into two runs with
/// East-Asian font properties, the way Word saves typed text, plus a
/// deleted revision that must not appear in the text.
pub fn make_docx(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let cut = chars.len() / 2;
        let a: String = chars[..cut].iter().collect();
        let b: String = chars[cut..].iter().collect();
        let rpr = r#"<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr>"#;
        body.push_str("<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>");
        body.push_str(&format!("<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_escape(&a)));
        if n == 3 {
            body.push_str(&format!(
                "<w:del w:id=\"1\" w:author=\"书记员\"><w:r>{rpr}<w:delText>已删除的旧文字</w:delText></w:r></w:del>"
            ));
        }
        body.push_str(&format!("<w:r>{rpr}<w:t>{}</w:t></w:r></w:p>", xml_escape(&b)));
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let files = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_string()),
            ("word/document.xml", document),
        ];
        for (name, content) in files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

/// A .docx whose body inflates past the limit (a zip bomb).
pub fn make_docx_bomb(inflated: usize) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(inflated > u32::MAX as usize);
        zip.start_file("word/document.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        let mut left = inflated;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        zip.finish().unwrap();
    }
    buf.into_inner()
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------

/// A text-layer PDF laid out like a word processor's export: A4, a CID
/// font with Identity-H encoding and a ToUnicode map (no glyphs embedded —
/// only the text layer matters here), titles centred, paragraphs with a
/// two-character first-line indent, lines wrapped at a fixed width, several
/// pages.
pub fn make_pdf(text: &str) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};

    const SIZE: f64 = 15.0;
    const LEFT: f64 = 80.0;
    const PER_LINE: usize = 28;
    let mut cids: BTreeMap<char, u16> = BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_control()) {
        let next = u16::try_from(cids.len() + 1).unwrap();
        cids.entry(c).or_insert(next);
    }
    let encode =
        |s: &str| -> Vec<u8> { s.chars().filter(|c| !c.is_control()).flat_map(|c| cids[&c].to_be_bytes()).collect() };
    // Lay out lines: (x, text).
    let mut lines: Vec<(f64, String)> = Vec::new();
    for (n, para) in text.lines().enumerate() {
        let para = para.trim();
        if para.is_empty() {
            continue;
        }
        let chars: Vec<char> = para.chars().collect();
        let short = chars.len() <= 20 && n < 3;
        if short {
            let width = chars.len() as f64 * SIZE;
            lines.push((LEFT + (PER_LINE as f64 * SIZE - width) / 2.0, para.to_string()));
            continue;
        }
        // Wrap by width: Han characters are one em, ASCII half an em.
        let mut first = true;
        let mut rest = &chars[..];
        while !rest.is_empty() {
            let room = if first { PER_LINE - 2 } else { PER_LINE } as f64;
            let mut width = 0.0;
            let mut take = 0;
            while take < rest.len() {
                let w = if rest[take].is_ascii() { 0.5 } else { 1.0 };
                if width + w > room {
                    break;
                }
                width += w;
                take += 1;
            }
            let x = if first { LEFT + 2.0 * SIZE } else { LEFT };
            lines.push((x, rest[..take].iter().collect()));
            rest = &rest[take..];
            first = false;
        }
    }
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let cmap = {
        let mut m = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        let entries: Vec<(&char, &u16)> = cids.iter().collect();
        for chunk in entries.chunks(100) {
            m.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (c, cid) in chunk {
                let mut u = [0u16; 2];
                let units = c.encode_utf16(&mut u);
                let hex: String = units.iter().map(|x| format!("{x:04X}")).collect();
                m.push_str(&format!("<{cid:04X}> <{hex}>\n"));
            }
            m.push_str("endbfchar\n");
        }
        m.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        m
    };
    let tounicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()).with_compression(true));
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "SimSun", "Flags" => 4,
        "FontBBox" => vec![0.into(), (-140).into(), 1000.into(), 860.into()],
        "ItalicAngle" => 0, "Ascent" => 860, "Descent" => -140, "CapHeight" => 700, "StemV" => 80,
    });
    let ascii_widths: Vec<Object> = cids
        .iter()
        .filter(|(c, _)| c.is_ascii())
        .flat_map(|(_, cid)| [Object::Integer(i64::from(*cid)), Object::Array(vec![500.into()])])
        .collect();
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "FontDescriptor" => descriptor, "DW" => 1000, "W" => ascii_widths,
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid_font.into()], "ToUnicode" => tounicode,
    });
    let resources = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font } });
    let mut kids = Vec::new();
    for page_lines in lines.chunks(34) {
        let mut ops = Vec::new();
        let mut y = 780.0;
        for (x, l) in page_lines {
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), SIZE.into()]));
            ops.push(Operation::new("Td", vec![(*x).into(), y.into()]));
            ops.push(Operation::new("Tj", vec![Object::String(encode(l), lopdf::StringFormat::Hexadecimal)]));
            ops.push(Operation::new("ET", vec![]));
            y -= 21.0;
        }
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()).with_compression(true));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page.into());
    }
    let count = kids.len() as i64;
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A scanned page: an image and no text layer.
pub fn make_image_only_pdf() -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0, 255, 255, 0],
    ));
    let content = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new("cm", vec![595.into(), 0.into(), 0.into(), 842.into(), 0.into(), 0.into()]),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
