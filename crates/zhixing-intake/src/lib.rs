//! Judgment intake (e键立案): read a judgment, ruling, mediation document,
//! payment order or arbitral award and produce the filing draft the clerk
//! confirms.
//!
//! - [`extract`]: text from .txt (UTF-8/UTF-16/GBK), .docx and text-layer
//!   .pdf, with size limits against zip and stream bombs.
//! - [`parse`]: the draft ([`draft::Draft`]) read from the text by rules
//!   over the structure of Chinese court documents.
//! - [`numerals`]: amounts in every form courts write them, to exact fen.
//! - [`periods`]: effective date, performance deadline, application limit.
//!
//! **Architecture invariant:** bytes in, values out. No file system, no
//! clock, no database; the caller reads the file and passes the dates.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod draft;
pub mod extract;
pub mod numerals;
pub mod parse;
pub mod periods;
pub mod text;

pub use draft::Draft;
pub use extract::ExtractError;
pub use parse::parse_text;

/// Reads a file's bytes into a draft.
pub fn parse_bytes(bytes: &[u8]) -> Result<Draft, ExtractError> {
    let text = extract::extract_text(bytes)?;
    Ok(parse_text(&text))
}
