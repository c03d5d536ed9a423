//! The autosaved session: the answers, the questionnaire they belong to and where the user was,
//! written atomically on every change so `--resume` restores them after any exit.

use crate::answers::Answers;
use crate::questionnaire::Questionnaire;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub version: u32,
    /// A bundled questionnaire's id, or the path of a questionnaire file.
    pub questionnaire: String,
    pub focus: String,
    pub saved_at: String,
    /// The answers, as an answers file.
    pub answers: String,
    /// Saved scenarios, each an answers file.
    #[serde(default)]
    pub scenarios: Vec<SavedScenario>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedScenario {
    pub name: String,
    pub answers: String,
}

/// The folder tradeoff keeps its state in (sessions, a room's state and host key):
/// `$XDG_STATE_HOME/tradeoff/` or the platform's equivalent; `TRADEOFF_STATE_DIR` overrides it.
///
/// # Errors
/// When no home or state directory can be found.
pub(crate) fn state_dir() -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    Ok(if let Some(dir) = std::env::var_os("TRADEOFF_STATE_DIR") {
        PathBuf::from(dir)
    } else {
        let strategy =
            etcetera::choose_base_strategy().context("cannot find a home folder for the state")?;
        strategy
            .state_dir()
            .unwrap_or_else(|| strategy.data_dir())
            .join("tradeoff")
    })
}

/// The session file `--resume FILE` names: the path as given when it exists, else a bare file
/// name (as the explorer's note about a kept session gives it) in the sessions' folder.
///
/// # Errors
/// No home folder to find the sessions' folder in.
pub(crate) fn locate(file: &Path) -> Result<PathBuf> {
    let bare = file.parent().is_none_or(|p| p.as_os_str().is_empty());
    if file.exists() || !bare {
        return Ok(file.to_path_buf());
    }
    let kept = state_dir()?.join(file);
    Ok(if kept.exists() {
        kept
    } else {
        file.to_path_buf()
    })
}

/// Where the session of questionnaire `id` lives: `session.toml` for the default questionnaire
/// and `session.ID.toml` for any other, so that exploring one never replaces another's, in
/// `$XDG_STATE_HOME/tradeoff/` (or the platform's equivalent; `TRADEOFF_STATE_DIR` overrides it).
///
/// # Errors
/// When no home or state directory can be found.
pub(crate) fn path_for(id: &str) -> Result<PathBuf> {
    let dir = state_dir()?;
    // Questionnaire ids are checked identifiers; anything else is kept out of the file name.
    let safe: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    Ok(if id == crate::questionnaire::DEFAULT || safe.is_empty() {
        dir.join("session.toml")
    } else {
        dir.join(format!("session.{safe}.toml"))
    })
}

/// Saves atomically: a reader (or a crash) sees the old session or the new one, never half.
///
/// # Errors
/// The folder cannot be created or the file cannot be written.
pub fn save(
    path: &Path,
    q_ref: &str,
    q: &Questionnaire,
    answers: &Answers,
    focus: usize,
    scenarios: &[(String, Answers)],
) -> Result<()> {
    let session = Session {
        version: 1,
        questionnaire: q_ref.to_owned(),
        focus: q
            .questions
            .get(focus)
            .map(|x| x.id.clone())
            .unwrap_or_default(),
        saved_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        answers: answers.to_toml(q),
        scenarios: scenarios
            .iter()
            .map(|(name, a)| SavedScenario {
                name: name.clone(),
                answers: a.to_toml(q),
            })
            .collect(),
    };
    let text = toml::to_string(&session)?;
    crate::fsio::write_atomic(path, text.as_bytes())
}

/// How many earlier sessions are kept beside the current one.
pub const KEEP: usize = 5;

/// Saves a session on its first change, not before: a launch that only looks writes nothing, so
/// `--resume` still opens the last session with answers. The session file this run would
/// replace is kept aside (`keep_earlier`) just before the first save.
#[derive(Debug, Clone)]
pub struct Saver {
    pub path: PathBuf,
    /// The file at `path` is another session's: keep it aside before the first save.
    pending_keep: bool,
    /// Where the earlier session was kept, once it was.
    pub kept: Option<PathBuf>,
    /// Whether anything was saved in this run.
    pub saved: bool,
    /// Why the last save failed, until one succeeds again.
    pub failed: Option<String>,
    /// The session's lock, held while this explorer runs: a second explorer on the same
    /// session saves to a copy instead of overwriting this one's answers.
    lock: Option<std::sync::Arc<std::fs::File>>,
}

impl Saver {
    /// The saver for the session at `path`, with its lock. When another explorer holds the
    /// lock, this one saves to a copy beside it (named like a kept session), and the line
    /// returned says where.
    #[must_use]
    pub fn open(path: PathBuf, replaces_another: bool) -> (Self, Option<String>) {
        let dir = path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .to_path_buf();
        let name = path.file_name().map_or_else(
            || "session.toml".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let lock = std::fs::create_dir_all(&dir).ok().and_then(|()| {
            std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(dir.join(format!(".{name}.lock")))
                .ok()
        });
        let Some(lock) = lock else {
            // No lock to be had (a read-only folder): saving will say why it fails.
            return (Self::new(path, replaces_another), None);
        };
        if lock.try_lock().is_ok() {
            let mut saver = Self::new(path, replaces_another);
            saver.lock = Some(std::sync::Arc::new(lock));
            return (saver, None);
        }
        let copy = fresh_name(&path);
        let note = format!(
            "Another tradeoff has this session open; this one saves to: tradeoff --resume {}",
            copy.file_name().unwrap_or_default().to_string_lossy()
        );
        (Self::new(copy, false), Some(note))
    }

    #[must_use]
    pub fn new(path: PathBuf, replaces_another: bool) -> Self {
        Self {
            path,
            pending_keep: replaces_another,
            kept: None,
            saved: false,
            failed: None,
            lock: None,
        }
    }

    /// Whether a first save will keep another session aside.
    #[must_use]
    pub fn will_keep(&self) -> bool {
        self.pending_keep && self.path.is_file()
    }

    /// Saves the session; returns where the earlier one was kept, when this save kept it.
    ///
    /// # Errors
    /// The earlier session could not be kept aside, or this one could not be written.
    pub fn save(
        &mut self,
        q_ref: &str,
        q: &Questionnaire,
        answers: &Answers,
        focus: usize,
        scenarios: &[(String, Answers)],
    ) -> Result<Option<PathBuf>> {
        let kept_now = if self.pending_keep {
            self.keep_aside()
        } else {
            Ok(None)
        };
        let result = kept_now
            .and_then(|kept| save(&self.path, q_ref, q, answers, focus, scenarios).map(|()| kept));
        match &result {
            Ok(_) => {
                self.saved = true;
                self.failed = None;
            }
            Err(e) => self.failed = Some(format!("{e:#}")),
        }
        result
    }

    /// Keeps the session this run replaces aside, once.
    fn keep_aside(&mut self) -> Result<Option<PathBuf>> {
        let kept = keep_earlier(&self.path)?;
        self.pending_keep = false;
        self.kept.clone_from(&kept);
        Ok(kept)
    }

    /// The line that says where the earlier session went, once it was kept.
    #[must_use]
    pub fn kept_note(&self) -> Option<String> {
        self.kept.as_ref().map(|p| {
            // The bare file name when `--resume` finds it so: short enough for one line.
            let name = p.file_name().map(Path::new);
            let short = match (name, state_dir()) {
                (Some(name), Ok(dir)) if p.parent() == Some(dir.as_path()) => name,
                _ => p.as_path(),
            };
            format!(
                "Earlier session kept: tradeoff --resume {}",
                short.display()
            )
        })
    }
}

/// A name for a session kept beside `path`, not taken yet: `STEM-YYYYmmdd-HHMMSS-NN.toml`. A
/// counter keeps two of the same second apart, and the names in time order.
fn fresh_name(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let stem = path.file_stem().map_or_else(
        || "session".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
    let mut n = 1;
    let mut name = dir.join(format!("{stem}-{stamp}-{n:02}.toml"));
    while name.exists() {
        n += 1;
        name = dir.join(format!("{stem}-{stamp}-{n:02}.toml"));
    }
    name
}

/// Moves the session at `path`, if any, aside to `STEM-YYYYmmdd-HHMMSS-NN.toml` in its folder
/// (`session-20261202-093000-01.toml` for `session.toml`),
/// so that a new session never overwrites it, and removes all but the [`KEEP`] newest kept ones.
/// Returns where it went.
///
/// # Errors
/// The session exists but cannot be moved (then nothing is overwritten either).
pub(crate) fn keep_earlier(path: &Path) -> Result<Option<PathBuf>> {
    if !path.is_file() {
        return Ok(None);
    }
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let stem = path.file_stem().map_or_else(
        || "session".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let kept = fresh_name(path);
    std::fs::rename(path, &kept).with_context(|| {
        format!(
            "{}: cannot keep the earlier session aside as {}",
            path.display(),
            kept.display()
        )
    })?;
    let mut earlier: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "toml")
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .and_then(|n| n.strip_prefix(&stem)?.strip_prefix('-'))
                            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                })
                .collect()
        })
        .unwrap_or_default();
    // The names sort by time. Beyond the KEEP newest, a session goes only when a newer one holds
    // everything it has (its answers and scenarios); one with anything of its own stays.
    earlier.sort();
    let contents: Vec<Option<Content>> = earlier.iter().map(|p| Content::of(p)).collect();
    for (i, old) in earlier
        .iter()
        .enumerate()
        .take(earlier.len().saturating_sub(KEEP))
    {
        let Some(mine) = &contents[i] else {
            // Unreadable: not ours to judge, so not ours to delete.
            continue;
        };
        let covered = contents[i + 1..]
            .iter()
            .flatten()
            .any(|newer| newer.holds(mine));
        if covered {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(Some(kept))
}

/// What a saved session holds that a person made: its answers and named scenarios.
struct Content {
    answers: toml::Table,
    scenarios: Vec<(String, toml::Table)>,
}

impl Content {
    fn of(path: &Path) -> Option<Self> {
        let text = crate::fsio::read_text(path).ok()?;
        let session: Session = toml::from_str(&text).ok()?;
        let answers = |text: &str| -> Option<toml::Table> {
            let table: toml::Table = toml::from_str(text).ok()?;
            Some(
                ["answers", "weights"]
                    .iter()
                    .filter_map(|k| Some(((*k).to_owned(), table.get(*k)?.clone())))
                    .collect(),
            )
        };
        Some(Self {
            answers: answers(&session.answers)?,
            scenarios: session
                .scenarios
                .iter()
                .map(|s| Some((s.name.clone(), answers(&s.answers)?)))
                .collect::<Option<_>>()?,
        })
    }

    /// Whether this session has every answer, weight and scenario of `other`, the same.
    fn holds(&self, other: &Self) -> bool {
        let within = |small: &toml::Table, big: &toml::Table| {
            small.iter().all(|(section, values)| {
                let (Some(values), Some(theirs)) = (
                    values.as_table(),
                    big.get(section).and_then(toml::Value::as_table),
                ) else {
                    return values.as_table().is_none_or(toml::Table::is_empty);
                };
                values.iter().all(|(k, v)| theirs.get(k) == Some(v))
            })
        };
        within(&other.answers, &self.answers)
            && other.scenarios.iter().all(|s| {
                self.scenarios
                    .iter()
                    .any(|m| m.0 == s.0 && within(&s.1, &m.1))
            })
    }
}

/// Reads a saved session. A damaged one is moved aside (never silently dropped) and reported.
///
/// # Errors
/// No session exists, or it was damaged (the error says where the damaged copy went).
pub fn load(path: &Path) -> Result<Session> {
    let text = crate::fsio::read_text(path).with_context(|| {
        format!(
            "no saved session to resume at {} (sessions are saved as you answer)",
            path.display()
        )
    })?;
    match toml::from_str::<Session>(&text) {
        Ok(s) => Ok(s),
        Err(e) => {
            let aside = path.with_extension(format!(
                "damaged-{}.toml",
                jiff::Timestamp::now().as_second()
            ));
            std::fs::rename(path, &aside).with_context(|| {
                format!("{}: damaged, and cannot be moved aside", path.display())
            })?;
            anyhow::bail!(
                "{}: the saved session is damaged ({}); it was moved to {} and nothing was resumed",
                path.display(),
                e.message().trim(),
                aside.display()
            )
        }
    }
}
