//! The room's state: who is here, their answers, and the facilitator's switches. Every change
//! is written atomically to the state folder, so a crash or a kill loses nothing: the room in
//! `room.toml`, and each participant's answers in `room/NAME.toml` (an answers file `report`
//! reads as it is), written on their own so that one participant's keystroke never waits for
//! everyone's answers to be written.

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
    /// Shared with every frame of the facilitator's screen, which must not copy it.
    pub model: std::sync::Arc<Model>,
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
}

/// Where a room keeps its state.
pub(crate) fn path_in(state_dir: &Path) -> PathBuf {
    state_dir.join("room.toml")
}

/// The folder of participants' answers beside a room's state file.
pub(crate) fn answers_dir(state_path: &Path) -> PathBuf {
    state_path.with_extension("")
}

/// A file to write: where, and what.
pub(crate) type Write = (PathBuf, Vec<u8>);

impl Room {
    pub(crate) fn new(
        model: Model,
        name: String,
        code: String,
        questionnaire_ref: String,
        path: PathBuf,
    ) -> Self {
        Self {
            model: std::sync::Arc::new(model),
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
        let dir = answers_dir(path);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.collect::<Result<Vec<_>, _>>()?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e).with_context(|| format!("{}: cannot read", dir.display())),
        };
        for entry in entries {
            let file = entry.path();
            let Some(name) = file
                .file_stem()
                .filter(|_| file.extension().is_some_and(|e| e == "toml"))
                .map(|s| s.to_string_lossy().into_owned())
            else {
                continue;
            };
            let text = crate::fsio::read_text(&file)?;
            let answers = Answers::parse(q, &file.display().to_string(), &text)?;
            participants.insert(
                clean_name(&name),
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
            model: std::sync::Arc::new(model),
        })
    }

    /// What the room's state file says its questionnaire is.
    pub(crate) fn questionnaire_ref(path: &Path) -> Result<String> {
        let text = crate::fsio::read_text(path)?;
        let saved: Saved = toml::from_str(&text)
            .with_context(|| format!("{}: not a room's state file", path.display()))?;
        Ok(saved.questionnaire)
    }

    /// Records a change of the room itself (a switch, a join): bumps the version and writes
    /// `room.toml` atomically.
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
        };
        let text = toml::to_string(&saved)?;
        crate::fsio::write_all_atomic(&[(self.path.clone(), text.into_bytes())])?;
        Ok(())
    }

    /// Takes a participant's new answers: bumps the version and returns the file to write,
    /// for the caller to write outside the room's lock.
    pub(crate) fn answered(&mut self, name: &str, answers: Answers) -> Option<Write> {
        let p = self.participants.get_mut(name)?;
        p.answers = answers;
        self.version += 1;
        Some(self.answers_file(name))
    }

    /// A participant's answers file, as it should be on disk now.
    pub(crate) fn answers_file(&self, name: &str) -> Write {
        let q = &self.model.questionnaire;
        let text = self
            .participants
            .get(name)
            .map(|p| p.answers.to_toml(q))
            .unwrap_or_default();
        (
            answers_dir(&self.path).join(format!("{name}.toml")),
            text.into_bytes(),
        )
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
        // A join changes what the shared screen shows ("who is here", the count): the screen
        // redraws when the version moves.
        self.version += 1;
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
    use super::{Room, clean_name};

    #[test]
    fn a_join_moves_the_version_the_shared_screen_redraws_on() {
        let model = crate::model::Model::new(
            crate::questionnaire::builtin("fargate-vs-gke").unwrap(),
            crate::pricing::builtin().unwrap(),
        );
        let mut room = Room::new(
            model,
            "r".to_owned(),
            "code".to_owned(),
            "fargate-vs-gke".to_owned(),
            std::path::PathBuf::from("room.toml"),
        );
        let before = room.version;
        room.claim("alice").unwrap();
        assert!(room.version > before, "a join left the screen as it was");
        let after_first = room.version;
        // Coming back under the same name (after a restart with --resume) moves it too.
        room.participants.get_mut("alice").unwrap().connected = false;
        room.claim("alice").unwrap();
        assert!(room.version > after_first);
    }

    #[test]
    fn names_are_cleaned_and_bounded() {
        assert_eq!(clean_name("alice"), "alice");
        assert_eq!(clean_name("\u{1b}[2Jeve\u{202e}"), "[2Jeve");
        assert_eq!(clean_name(""), "guest");
        assert_eq!(clean_name(&"x".repeat(100)).len(), 24);
    }
}
