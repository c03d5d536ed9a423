//! The command line, end to end: each module runs the real binary (or the library behind one
//! command) on files, as a user or a script would. One test crate, so the library and its
//! dependencies are linked once for all of them.

#[path = "../common/mod.rs"]
mod common;

mod bundle;
mod cli_answers;
mod cli_check;
mod cli_compare;
mod cli_pipe;
mod cli_report;
mod custom_questionnaire;
mod decision;
mod deploy_runs;
mod deployable;
mod hostile;
mod nothing_lost;
mod prices_refresh;
mod readme;
mod second_questionnaire;
mod sessions;
mod supply_chain;
