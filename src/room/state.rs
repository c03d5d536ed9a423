//! The room's state: who is here, their answers, and the facilitator's switches. Every change
//! is written atomically to the state folder, so a crash or a kill loses nothing.

use crate::answers::Answers;
use crate::model::Model;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The most people one room takes.
pub(crate) const MAX_PARTICIPANTS: usize = 64;

/// One participant: their answers, and whether they are connected now.
#[derive(Debug, Clone)]
pub(crate) struct Participant {
    pub answers: Answers,
    pub connected: bool,
}

#[derive(Debug)]
pub(crate) struct Room {
    pub model: Model,
    pub name: String,
    pub code: String,
    /// By name, which is unique in the room.
    pub participants: BTreeMap<String, Participant>,
    /// The question the facilitator puts on everyone's screen.
    pub spotlight: Option<usize>,
    /// Participants see the room's counts.
    pub reveal: bool,
    /// The shared screen hides names.
    pub anonymous: bool,
    /// Answers no longer change.
    pub locked: bool,
    /// Bumped on every change, so screens know to redraw.
    pub version: u64,
    path: PathBuf,
    /// What the state file records as the questionnaire: a bundled id or a file's path.
    questionnaire_ref: String,
}

/// The state file, as written.
#[derive(Serialize, Deserialize)]
struct Saved {
    name: String,
    code: String,
    questionnaire: String,
    #[serde(default)]
    spotlight: Option<String>,
    #[serde(default)]
    reveal: bool,
    #[serde(default)]
    anonymous: bool,
    #[serde(default)]
    locked: bool,
    /// Each participant's answers, as an answers file.
    #[serde(default)]
    participants: BTreeMap<String, String>,
}

/// Where a room keeps its state.
pub(crate) fn path_in(state_dir: &Path) -> PathBuf {
    state_dir.join("room.toml")
}

impl Room {
    pub(crate) fn new(
        model: Model,
        name: String,
        code: String,
        questionnaire_ref: String,
        path: PathBuf,
    ) -> Self {
        Self {
            model,
            name,
            code,
            participants: BTreeMap::new(),
            spotlight: None,
            reveal: false,
            anonymous: false,
            locked: false,
            version: 0,
            path,
            questionnaire_ref,
        }
    }

    /// The room saved at `path`, everyone disconnected until they join again.
    ///
    /// # Errors
    /// An unreadable or damaged state file, or answers the questionnaire refuses.
    pub(crate) fn load(model: Model, path: &Path) -> Result<Self> {
        let text = crate::fsio::read_text(path)?;
        let saved: Saved = toml::from_str(&text)
            .with_context(|| format!("{}: not a room's state file", path.display()))?;
        let q = &model.questionnaire;
        let mut participants = BTreeMap::new();
        for (name, answers) in &saved.participants {
            let answers = Answers::parse(q, &format!("{} ({name})", path.display()), answers)?;
            participants.insert(
                name.clone(),
                Participant {
                    answers,
                    connected: false,
                },
            );
        }
        let spotlight = saved
            .spotlight
            .as_deref()
            .and_then(|id| q.question_index(id));
        Ok(Self {
            name: saved.name,
            code: saved.code,
            participants,
            spotlight,
            reveal: saved.reveal,
            anonymous: saved.anonymous,
            locked: saved.locked,
            version: 0,
            path: path.to_path_buf(),
            questionnaire_ref: saved.questionnaire,
            model,
        })
    }

    /// What the room's state file says its questionnaire is.
    pub(crate) fn questionnaire_ref(path: &Path) -> Result<String> {
        let text = crate::fsio::read_text(path)?;
        let saved: Saved = toml::from_str(&text)
            .with_context(|| format!("{}: not a room's state file", path.display()))?;
        Ok(saved.questionnaire)
    }

    /// Records a change: bumps the version and writes the state file atomically.
    ///
    /// # Errors
    /// The state file could not be written; the change stays in memory.
    pub(crate) fn changed(&mut self) -> Result<()> {
        self.version += 1;
        let q = &self.model.questionnaire;
        let saved = Saved {
            name: self.name.clone(),
            code: self.code.clone(),
            questionnaire: self.questionnaire_ref.clone(),
            spotlight: self.spotlight.map(|i| q.questions[i].id.clone()),
            reveal: self.reveal,
            anonymous: self.anonymous,
            locked: self.locked,
            participants: self
                .participants
                .iter()
                .map(|(name, p)| (name.clone(), p.answers.to_toml(q)))
                .collect(),
        };
        let text = toml::to_string(&saved)?;
        crate::fsio::write_all_atomic(&[(self.path.clone(), text.into_bytes())])?;
        Ok(())
    }

    /// The name a joining participant gets: theirs, cleaned and cut to [`MAX_NAME`] characters,
    /// with a number added when someone connected already has it. Someone who left and
    /// comes back under the same name gets it, and their answers, back.
    pub(crate) fn claim(&mut self, asked: &str) -> Option<String> {
        let base = clean_name(asked);
        let mut name = base.clone();
        let mut n = 2;
        while self.participants.get(&name).is_some_and(|p| p.connected) {
            name = format!("{base}-{n}");
            n += 1;
        }
        if !self.participants.contains_key(&name) && self.participants.len() >= MAX_PARTICIPANTS {
            return None;
        }
        let fresh = Answers::new(&self.model.questionnaire);
        let p = self
            .participants
            .entry(name.clone())
            .or_insert(Participant {
                answers: fresh,
                connected: false,
            });
        p.connected = true;
        Some(name)
    }

    /// The participants' answers as the tally's columns, in name order.
    pub(crate) fn columns(&self) -> Vec<(String, Answers)> {
        self.participants
            .iter()
            .map(|(name, p)| (name.clone(), p.answers.clone()))
            .collect()
    }
}

/// The longest name a participant keeps.
pub(crate) const MAX_NAME: usize = 24;

/// A participant's name from their SSH user name: printable characters only (no control or
/// bidirectional formatting characters), no spaces at the ends, at most [`MAX_NAME`]
/// characters, and never empty.
pub(crate) fn clean_name(asked: &str) -> String {
    let cleaned: String = asked
        .chars()
        .filter(|c| !crate::text::is_unsafe(*c) && !c.is_whitespace() && *c != '/' && *c != '\\')
        .take(MAX_NAME)
        .collect();
    if cleaned.is_empty() {
        "guest".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn names_are_cleaned_and_bounded() {
        assert_eq!(clean_name("alice"), "alice");
        assert_eq!(clean_name("\u{1b}[2Jeve\u{202e}"), "[2Jeve");
        assert_eq!(clean_name(""), "guest");
        assert_eq!(clean_name(&"x".repeat(100)).len(), 24);
    }
}
