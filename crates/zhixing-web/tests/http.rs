//! HTTP-level integration tests of the web crate: the whole router, in
//! process, over a fresh SQLite database per test.
//!
//! All HTTP tests of this crate live in this one binary; the modules are in
//! `tests/http/`.

#[path = "http/world.rs"]
mod world;

#[path = "http/matrix.rs"]
mod matrix;

#[path = "http/security.rs"]
mod security;

#[path = "http/lifecycle.rs"]
mod lifecycle;

#[path = "http/batch.rs"]
mod batch;
