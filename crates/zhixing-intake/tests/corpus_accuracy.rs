//! Field accuracy of the intake parser on the test corpus, and the file
//! formats around it (.txt in UTF-8 and GBK, .docx, text-layer .pdf, and the
//! files that must be refused).
//!
//! `tests/corpus/*.txt` is the development set (the rules were written
//! against it); `tests/corpus/holdout/*.txt` was written and annotated after
//! the rules were frozen and is reported separately. Each document has its
//! expected draft in `*.expected.json`. Run with `--nocapture` to see the
//! per-field table.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{Score, make_docx, make_docx_bomb, make_image_only_pdf, make_pdf, score};
use zhixing_intake::ExtractError;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn docs(dir: &Path) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.extension().is_some_and(|e| e == "txt") {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let want: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap())
                    .unwrap();
            out.push((stem, text, want));
        }
    }
    out
}

fn draft_json(bytes: &[u8]) -> Value {
    let d = zhixing_intake::parse_bytes(bytes).unwrap();
    serde_json::from_str(&d.to_json_pretty()).unwrap()
}

fn run_set(dir: &Path, title: &str) -> Score {
    let mut total = Score::default();
    for (stem, text, want) in docs(dir) {
        let got = draft_json(text.as_bytes());
        total.merge(&score(&want, &got), &stem);
    }
    println!("{}", total.report(title));
    for m in &total.misses {
        println!("  miss {m}");
    }
    total
}

#[test]
fn development_set_accuracy() {
    let s = run_set(&corpus_dir(), "development set (tests/corpus)");
    assert!(docs(&corpus_dir()).len() >= 25);
    assert!(s.accuracy() >= 0.97, "development-set field accuracy {:.3}", s.accuracy());
}

#[test]
fn holdout_set_accuracy() {
    let dir = corpus_dir().join("holdout");
    let s = run_set(&dir, "hold-out set (tests/corpus/holdout)");
    assert!(docs(&dir).len() >= 6);
    assert!(s.accuracy() >= 0.85, "hold-out field accuracy {:.3}", s.accuracy());
}

/// The same documents as GBK text, Word and PDF give the same drafts as
/// the UTF-8 text.
#[test]
fn formats_give_the_same_draft() {
    let all = docs(&corpus_dir());
    for (stem, text, want) in all.iter().step_by(3) {
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let from_txt = draft_json(text.as_bytes());
        assert_eq!(draft_json(&gbk), from_txt, "{stem} GBK");
        let from_docx = draft_json(&make_docx(text));
        assert_eq!(from_docx, from_txt, "{stem} docx");
        let from_pdf = draft_json(&make_pdf(text));
        let s = score(want, &from_pdf);
        assert!(s.accuracy() >= score(want, &from_txt).accuracy() - 1e-9, "{stem} pdf: {:?}", s.misses);
    }
}

/// The sample .docx and .pdf files shipped in the corpus (for trying the
/// CLI) parse to their documents' expected drafts.
#[test]
fn shipped_samples_parse() {
    let dir = corpus_dir();
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
        let p = entry.path();
        let ext = p.extension().map(|e| e.to_string_lossy().to_string()).unwrap_or_default();
        if ext != "docx" && ext != "pdf" {
            continue;
        }
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap()).unwrap();
        let got = draft_json(&std::fs::read(&p).unwrap());
        let s = score(&want, &got);
        assert!(s.misses.is_empty(), "{}: {:?}", p.display(), s.misses);
        n += 1;
    }
    assert!(n >= 4, "expected sample .docx/.pdf files in tests/corpus");
}

/// Writes the sample .docx and .pdf files (run once with `--ignored`).
#[test]
#[ignore]
fn write_samples() {
    let dir = corpus_dir();
    for (stem, text, _) in docs(&dir) {
        if ["01_", "06_", "12_"].iter().any(|p| stem.starts_with(p)) {
            std::fs::write(dir.join(format!("{stem}.docx")), make_docx(&text)).unwrap();
        }
        if ["02_", "08_", "17_"].iter().any(|p| stem.starts_with(p)) {
            std::fs::write(dir.join(format!("{stem}.pdf")), make_pdf(&text)).unwrap();
        }
    }
}

#[test]
fn refuses_what_it_cannot_read() {
    assert_eq!(zhixing_intake::parse_bytes(b"").unwrap_err(), ExtractError::Empty);
    assert_eq!(zhixing_intake::parse_bytes(&make_image_only_pdf()).unwrap_err(), ExtractError::NeedsOcr);
    let mut truncated = make_pdf("江苏省无锡市滨湖区人民法院\n民事判决书\n（2024）苏0211民初1号");
    truncated.truncate(truncated.len() / 3);
    assert!(matches!(zhixing_intake::parse_bytes(&truncated), Err(ExtractError::BadPdf(_) | ExtractError::NeedsOcr)));
    let bomb = make_docx_bomb(40 * 1024 * 1024);
    assert!(bomb.len() < 1024 * 1024, "the bomb is small on disk: {}", bomb.len());
    assert_eq!(zhixing_intake::parse_bytes(&bomb).unwrap_err(), ExtractError::DocxTooLarge(32 * 1024 * 1024));
    assert!(matches!(zhixing_intake::parse_bytes(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Err(ExtractError::Unsupported(_))));
    // Every error has a Chinese message for the clerk.
    for e in [ExtractError::NeedsOcr, ExtractError::EncryptedPdf, ExtractError::Empty] {
        assert!(e.to_string().chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    }
}

#[test]
fn refuses_encrypted_pdf() {
    use lopdf::{Object, dictionary};
    let bytes = make_pdf(
        "江苏省无锡市滨湖区人民法院\n民事判决书\n原告：张某，男。被告：李某，女。判决如下：驳回原告的诉讼请求。",
    );
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let enc = doc.add_object(dictionary! {
        "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -3904,
        "O" => Object::string_literal(vec![0x11u8; 32]), "U" => Object::string_literal(vec![0x22u8; 32]),
    });
    doc.trailer.set("Encrypt", enc);
    doc.trailer.set("ID", vec![Object::string_literal(vec![1u8; 16]), Object::string_literal(vec![1u8; 16])]);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert_eq!(zhixing_intake::parse_bytes(&out).unwrap_err(), ExtractError::EncryptedPdf);
}

/// Parse time per document and format. Run in release:
/// `cargo test --release -p zhixing-intake --test corpus_accuracy parse_time -- --ignored --nocapture`.
#[test]
#[ignore]
fn parse_time() {
    let all = docs(&corpus_dir());
    let rounds = 50;
    for (format, make) in [
        ("txt", (|t: &str| t.as_bytes().to_vec()) as fn(&str) -> Vec<u8>),
        ("docx", |t: &str| make_docx(t)),
        ("pdf", |t: &str| make_pdf(t)),
    ] {
        let files: Vec<Vec<u8>> = all.iter().map(|(_, t, _)| make(t)).collect();
        let mut times = Vec::new();
        for f in &files {
            let start = std::time::Instant::now();
            for _ in 0..rounds {
                std::hint::black_box(zhixing_intake::parse_bytes(std::hint::black_box(f)).unwrap());
            }
            times.push(start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds));
        }
        times.sort_by(f64::total_cmp);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "{format:>4}: {} documents, mean {mean:.3} ms, median {:.3} ms, max {:.3} ms per document",
            times.len(),
            times[times.len() / 2],
            times[times.len() - 1]
        );
    }
}

#[test]
#[ignore]
fn dump_pdf_text() {
    let name = std::env::var("DUMP").unwrap_or_else(|_| "01_loan_first_instance".into());
    let text = std::fs::read_to_string(corpus_dir().join(format!("{name}.txt"))).unwrap();
    println!("{}", zhixing_intake::extract::extract_text(&make_pdf(&text)).unwrap());
}
