//! Questionnaires embedded in the binary, and resolving `-q` to one of them or to a file.

use super::{Questionnaire, parse};
use anyhow::{Context, Result, bail};
use std::path::Path;

/// Bundled questionnaires: (id, file name, TOML text).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "fargate-vs-gke",
        "questionnaires/fargate-vs-gke.toml",
        include_str!("../../questionnaires/fargate-vs-gke.toml"),
    ),
    (
        "gke-autopilot-vs-standard",
        "questionnaires/gke-autopilot-vs-standard.toml",
        include_str!("../../questionnaires/gke-autopilot-vs-standard.toml"),
    ),
];

/// A bundled questionnaire by id.
///
/// # Errors
/// When no bundled questionnaire has this id, or (a bug caught by the tests) it does not validate.
pub fn builtin(id: &str) -> Result<Questionnaire> {
    let Some((_, name, text)) = BUILTIN.iter().find(|(i, _, _)| *i == id) else {
        let ids: Vec<&str> = BUILTIN.iter().map(|(i, _, _)| *i).collect();
        bail!(
            "no bundled questionnaire {}; bundled: {} (or give the path of a .toml file)",
            crate::diagnostic::quote(id),
            crate::diagnostic::one_of(&ids)
        );
    };
    Ok(parse(name, text)?)
}

/// Whether `id` names a bundled questionnaire.
#[must_use]
pub fn is_builtin(id: &str) -> bool {
    BUILTIN.iter().any(|(i, _, _)| *i == id)
}

/// `-q`: a bundled id, or else a path to a questionnaire file.
///
/// # Errors
/// An unknown id, an unreadable file, or every problem in the file.
pub fn resolve(q: &str) -> Result<Questionnaire> {
    if is_builtin(q) {
        return builtin(q);
    }
    let path = Path::new(q);
    if path.exists()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        || q.contains(std::path::MAIN_SEPARATOR)
    {
        let text = crate::fsio::read_text(path)?;
        let mut questionnaire = parse(q, &text)?;
        questionnaire.file_text = Some(text);
        return Ok(questionnaire);
    }
    builtin(q).context("no such questionnaire file either")
}
