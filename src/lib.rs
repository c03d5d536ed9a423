//! tradeoff: a decision explorer for cloud container platforms. The library holds everything
//! that decides; `main.rs` and the explorer's event loop only do IO.
//!
//! - [`questionnaire`]: the questionnaire format, its validation, and the bundled questionnaires.
//! - [`answers`]: answers files, read and written; the effective answers ([`answers::resolve`])
//!   and the cross-answer rule, in one place for every front end.
//! - [`session`]: the autosaved session and the earlier ones kept beside it.
//! - [`engine`]: defaults, visibility, scores, exclusions, recommendation, flip points.
//! - [`report`]: the recommendation bundle, rendered to strings, and written safely.

pub mod answers;
pub mod cli;
pub mod compare;
pub mod condition;
pub mod cost;
pub mod diagnostic;
pub mod engine;
pub mod fsio;
pub mod model;
pub mod plain;
pub mod pricing;
pub mod questionnaire;
pub mod report;
pub mod room;
pub mod session;
pub mod text;
pub mod tui;
pub mod value;
