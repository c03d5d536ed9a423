//! The recommendation bundle: every file rendered to a string by pure functions, then written
//! together by [`write_bundle`].

mod json;

pub use json::{Recommendation, recommendation};

use crate::answers::Answers;
use crate::cost::Curve;
use crate::engine::FlipPoint;
use crate::model::{Assessment, Model};
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// Everything a bundle is made from.
pub struct Inputs<'a> {
    pub model: &'a Model,
    pub answers: &'a Answers,
    pub assessment: &'a Assessment,
    pub flips: &'a [FlipPoint],
    pub curve: Option<&'a Curve>,
    /// RFC 3339; the only thing that differs between two runs on the same answers.
    pub generated_at: String,
}

/// The bundle's files, relative to the output folder, with their contents.
#[must_use]
pub fn render(inputs: &Inputs<'_>) -> Vec<(PathBuf, String)> {
    let rec = recommendation(inputs);
    // Serializing plain structs of strings and numbers cannot fail.
    let json = serde_json::to_string_pretty(&rec).unwrap_or_default() + "\n";
    vec![
        (PathBuf::from("recommendation.json"), json),
        (
            PathBuf::from("answers.toml"),
            inputs.answers.to_toml(&inputs.model.questionnaire),
        ),
    ]
}

/// Writes a rendered bundle into `out`. A folder that already holds files is refused unless
/// `force`, and then only the bundle's own files are replaced. All files land, or none do.
///
/// # Errors
/// A refused overwrite, or the file that could not be written and why.
pub fn write_bundle(out: &Path, files: &[(PathBuf, String)], force: bool) -> Result<Vec<PathBuf>> {
    if out.exists() {
        if !out.is_dir() {
            bail!(
                "{}: exists and is not a folder; choose a folder for the bundle",
                out.display()
            );
        }
        let non_empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
        if non_empty && !force {
            bail!(
                "{}: the folder is not empty; pass --force to replace the bundle's files in it (other files are left alone)",
                out.display()
            );
        }
    }
    let staged: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(rel, text)| (out.join(rel), text.as_bytes().to_vec()))
        .collect();
    crate::fsio::write_all_atomic(&staged)
}
