//! The pure domain of Zhixing (智执).
//!
//! Architecture invariant: this crate knows nothing of SQL, HTTP, files,
//! clocks or async. Time is always a parameter (`today`, `now`), and every
//! legal rule carries its citation next to its numbers.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod access;
pub mod calendar;
pub mod case;
pub mod case_no;
pub mod closing;
pub mod event;
pub mod filing;
pub mod funds;
pub mod ids;
pub mod money;
pub mod profile;
pub mod role;
