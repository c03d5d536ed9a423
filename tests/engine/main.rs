//! The library without a terminal: scoring pinned to the document, costs, flips, scenarios,
//! properties and fuzzing, plain mode on in-memory input, and the explorer's screens on a
//! `TestBackend`. One test crate, so the library and its dependencies are linked once.

#[path = "../common/mod.rs"]
mod common;

mod calibration;
mod cost;
mod explorer_state;
mod flips;
mod form;
mod fuzz;
mod plain;
mod properties;
mod scenarios;
mod tui;
