//! Writing a bundle into a folder the user owns, where nothing the user made is ever lost:
//!
//! - A manifest (`.tradeoff-bundle.json`) records every file the bundle wrote with its SHA-256.
//!   Replacing a bundle removes or overwrites only files in that manifest whose hash still
//!   matches; a file at a bundle path that no bundle wrote (or that was edited since) is moved
//!   aside to `NAME.kept-STAMP` and listed, never overwritten.
//! - Nothing is written through a symbolic link inside the folder.
//! - All files or none: the new files are staged and synced beside their targets, then a journal
//!   lists every rename before the first one. An error rolls the renames back; a crash leaves the
//!   journal, and the next write into the folder rolls back from it first. The journal's removal
//!   is the commit point; the folders are synced after the renames.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The bundle's record of what it wrote.
pub(crate) const MANIFEST: &str = ".tradeoff-bundle.json";
/// The renames of a write in progress: present only while one is, or after a crash.
const JOURNAL: &str = ".tradeoff-bundle.journal";
/// Every file this module leaves beside a target while it works starts with this.
const SCRATCH: &str = ".tradeoff-";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    /// What wrote it.
    written_by: String,
    files: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// Relative to the folder, with `/` between parts.
    path: String,
    sha256: String,
}

/// One step of a write, as the journal records it (paths relative to the folder).
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Op {
    /// A file that is not the bundle's moves out of the way of a new one.
    Aside { from: PathBuf, to: PathBuf },
    /// A new file goes into place; the bundle's old one (if any) goes to `backup` first.
    Put {
        target: PathBuf,
        staged: PathBuf,
        backup: Option<PathBuf>,
    },
    /// A file of the old bundle the new one no longer has goes to `backup`, deleted at the end.
    Remove { target: PathBuf, backup: PathBuf },
}

/// What writing a bundle into a folder does to what is there, computed before anything is
/// touched: front ends list it before asking, and after writing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The old bundle's files, unchanged since it wrote them, that the new one replaces.
    pub replace: Vec<PathBuf>,
    /// The old bundle's files, unchanged, that the new one no longer has: removed.
    pub remove: Vec<PathBuf>,
    /// Files at a path the new bundle writes that no bundle wrote, or that were edited since:
    /// moved aside to the second path, never overwritten.
    pub set_aside: Vec<(PathBuf, PathBuf)>,
    /// The old bundle's files edited since, that the new one does not write: left alone.
    pub kept: Vec<PathBuf>,
}

impl Plan {
    /// The plan in lines a person reads: what is removed and what of theirs is kept where; in
    /// the past tense once done.
    #[must_use]
    pub(crate) fn lines(&self, done: bool) -> Vec<String> {
        let [removes, keeps, leaves] = if done {
            ["removed", "kept", "left"]
        } else {
            ["removes", "keeps", "leaves"]
        };
        let mut lines = Vec::new();
        for path in &self.remove {
            lines.push(format!(
                "{removes} {} (the earlier bundle's, unchanged; this one has no such file)",
                path.display()
            ));
        }
        for (from, to) in &self.set_aside {
            lines.push(format!(
                "{keeps} your {} as {} (no bundle wrote it, or it was edited)",
                from.display(),
                to.display()
            ));
        }
        for path in &self.kept {
            lines.push(format!(
                "{leaves} {} alone (edited since the earlier bundle)",
                path.display()
            ));
        }
        lines
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The earlier bundle's manifest, if the folder has a readable one.
fn manifest(out: &Path) -> Vec<Entry> {
    crate::fsio::read_text(&out.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_str::<Manifest>(&text).ok())
        .map(|m| m.files)
        .unwrap_or_default()
}

/// Whether the file at `path` is a regular file (not a link) with this hash.
fn unchanged(path: &Path, sha: &str) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::read(path).is_ok_and(|bytes| sha256(&bytes) == sha)
}

/// Refuses a bundle path that passes through a symbolic link inside the folder.
fn refuse_links(out: &Path, rel: &Path) -> Result<()> {
    let mut at = out.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "{}: is a symbolic link; a bundle is written only inside {}, never through a link (remove the link or choose another folder)",
                at.display(),
                out.display()
            );
        }
    }
    Ok(())
}

/// A name beside `rel` for the user's file to go to: `NAME.kept-STAMP`, numbered when taken.
fn aside_name(out: &Path, rel: &Path, stamp: &str, taken: &[PathBuf]) -> PathBuf {
    let name = rel
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    (1..=1000)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            rel.with_file_name(format!("{name}.kept-{stamp}{suffix}"))
        })
        .find(|p| !out.join(p).exists() && !taken.contains(p))
        .unwrap_or_else(|| rel.to_path_buf())
}

/// What writing `rels` (relative paths, the manifest excluded) into `out` would do.
///
/// # Errors
/// A bundle path passes through a symbolic link.
pub(crate) fn plan(out: &Path, rels: &[PathBuf]) -> Result<Plan> {
    let old = manifest(out);
    let mut plan = Plan::default();
    for rel in rels {
        refuse_links(out, rel)?;
        let path = out.join(rel);
        if std::fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let ours = old
            .iter()
            .any(|e| e.path == slashed(rel) && unchanged(&path, &e.sha256));
        if ours {
            plan.replace.push(rel.clone());
        } else {
            let taken: Vec<PathBuf> = plan.set_aside.iter().map(|(_, to)| to.clone()).collect();
            // Stamped with the file's own time, so the name a preview lists is the one used.
            let stamp = std::fs::symlink_metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| jiff::Timestamp::try_from(t).ok())
                .unwrap_or_else(jiff::Timestamp::now)
                .strftime("%Y%m%d-%H%M%S")
                .to_string();
            let to = aside_name(out, rel, &stamp, &taken);
            plan.set_aside.push((rel.clone(), to));
        }
    }
    for entry in &old {
        let rel = PathBuf::from(&entry.path);
        if rels.contains(&rel) || entry.path.split('/').any(|p| p == ".." || p.is_empty()) {
            continue;
        }
        if refuse_links(out, &rel).is_err() {
            continue;
        }
        let path = out.join(&rel);
        if unchanged(&path, &entry.sha256) {
            plan.remove.push(rel);
        } else if std::fs::symlink_metadata(&path).is_ok() {
            plan.kept.push(rel);
        }
    }
    Ok(plan)
}

/// A numbered step where tests inject a failure or a crash (debug builds only):
/// `TRADEOFF_TEST_FAULT_AT=N` fails step N with an error, `TRADEOFF_TEST_CRASH_AT=N` aborts the
/// process there, as a kill would.
fn step(n: &mut usize) -> Result<()> {
    *n += 1;
    #[cfg(debug_assertions)]
    {
        let at = |var: &str| {
            std::env::var(var)
                .ok()
                .and_then(|v| v.parse::<usize>().ok())
        };
        if at("TRADEOFF_TEST_CRASH_AT") == Some(*n) {
            std::process::abort();
        }
        if at("TRADEOFF_TEST_FAULT_AT") == Some(*n) {
            bail!("an injected fault at step {n} (TRADEOFF_TEST_FAULT_AT)");
        }
    }
    Ok(())
}

fn rename(out: &Path, from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(out.join(from), out.join(to)).with_context(|| {
        format!(
            "{}: cannot move to {}",
            out.join(from).display(),
            to.display()
        )
    })
}

/// Syncs the folders the renames touched, so the renames survive a power cut.
fn sync_dirs(out: &Path, rels: impl Iterator<Item = PathBuf>) {
    let mut dirs: Vec<PathBuf> = rels
        .map(|r| out.join(r.parent().unwrap_or(Path::new(""))))
        .collect();
    dirs.push(out.to_path_buf());
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
}

/// Undoes the journal's steps that were done, newest first, and removes what was staged.
fn roll_back(out: &Path, ops: &[Op]) -> Result<()> {
    let exists = |rel: &Path| std::fs::symlink_metadata(out.join(rel)).is_ok();
    for op in ops.iter().rev() {
        match op {
            Op::Remove { target, backup } => {
                if exists(backup) {
                    rename(out, backup, target)?;
                }
            }
            Op::Put {
                target,
                staged,
                backup,
            } => {
                match backup {
                    Some(b) if exists(b) => rename(out, b, target)?,
                    // No earlier file: whatever is at the target came from the staged one.
                    None if !exists(staged) && exists(target) => {
                        std::fs::remove_file(out.join(target)).with_context(|| {
                            format!("{}: cannot remove", out.join(target).display())
                        })?;
                    }
                    _ => {}
                }
                if exists(staged) {
                    let _ = std::fs::remove_file(out.join(staged));
                }
            }
            Op::Aside { from, to } => {
                if exists(to) && !exists(from) {
                    rename(out, to, from)?;
                }
            }
        }
    }
    sync_dirs(
        out,
        ops.iter().map(|op| match op {
            Op::Aside { from, .. } => from.clone(),
            Op::Put { target, .. } | Op::Remove { target, .. } => target.clone(),
        }),
    );
    Ok(())
}

/// Puts the folder back as it was before a write that did not finish (a crash leaves the
/// journal), then removes scratch files a kill left before any journal existed.
///
/// # Errors
/// The journal could not be read or rolled back: nothing more is written.
fn recover(out: &Path, dirs: &[PathBuf]) -> Result<()> {
    let journal = out.join(JOURNAL);
    if journal.exists() {
        let text = crate::fsio::read_text(&journal)?;
        let damaged = || {
            format!(
                "{}: an unfinished write's journal is damaged; move it away to write here",
                journal.display()
            )
        };
        let ops: Vec<Op> = serde_json::from_str(&text).with_context(damaged)?;
        // Every path it names is inside the folder: a journal cannot move anything outside it.
        let inside = |p: &Path| {
            p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
        };
        let all_inside = ops.iter().all(|op| match op {
            Op::Aside { from, to } => inside(from) && inside(to),
            Op::Put {
                target,
                staged,
                backup,
            } => inside(target) && inside(staged) && backup.as_deref().is_none_or(inside),
            Op::Remove { target, backup } => inside(target) && inside(backup),
        });
        if !all_inside {
            anyhow::bail!("{}", damaged());
        }
        roll_back(out, &ops)?;
        std::fs::remove_file(&journal)
            .with_context(|| format!("{}: cannot remove", journal.display()))?;
    }
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(out.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let scratch = name.to_string_lossy().starts_with(SCRATCH)
                && name != MANIFEST
                && entry.file_type().is_ok_and(|t| t.is_file());
            if scratch {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

/// Stages `contents` beside `out/rel` as a synced file with the umask's permissions, kept on
/// disk (a crash leaves it for [`recover`]). Returns its path relative to `out`.
fn stage(out: &Path, rel: &Path, contents: &[u8]) -> Result<PathBuf> {
    let target = out.join(rel);
    let dir = target.parent().unwrap_or(out);
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "{}: cannot create the folder {}",
            target.display(),
            dir.display()
        )
    })?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tradeoff-new-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like any file a user writes: 0666 less the umask, not a temporary file's 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).with_context(|| {
        format!(
            "{}: cannot create a file in {}",
            target.display(),
            dir.display()
        )
    })?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("{}: cannot write", target.display()))?;
    let kept = tmp
        .into_temp_path()
        .keep()
        .with_context(|| format!("{}: cannot keep the staged file", target.display()))?;
    Ok(rel.with_file_name(kept.file_name().unwrap_or_default()))
}

/// Writes `files` (relative paths and contents) into `out` as one bundle, with its manifest,
/// doing what [`plan`] says. Returns the plan carried out.
///
/// # Errors
/// A path through a link, a file that could not be staged or moved (everything is then as it
/// was), or an unfinished earlier write that cannot be rolled back.
pub(crate) fn write(out: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<Plan> {
    let rels: Vec<PathBuf> = files.iter().map(|(r, _)| r.clone()).collect();
    // Scratch files a kill left are in the new bundle's folders or the earlier one's.
    let mut dirs: Vec<PathBuf> = rels
        .iter()
        .cloned()
        .chain(manifest(out).into_iter().map(|e| PathBuf::from(e.path)))
        .filter(|r| {
            !r.components()
                .any(|c| !matches!(c, std::path::Component::Normal(_)))
        })
        .map(|r| r.parent().unwrap_or(Path::new("")).to_path_buf())
        .collect();
    dirs.sort();
    dirs.dedup();
    for rel in &rels {
        refuse_links(out, rel)?;
    }
    recover(out, &dirs)?;
    let plan = plan(out, &rels)?;
    let manifest = Manifest {
        written_by: format!("tradeoff {}", env!("CARGO_PKG_VERSION")),
        files: files
            .iter()
            .map(|(rel, bytes)| Entry {
                path: slashed(rel),
                sha256: sha256(bytes),
            })
            .collect(),
    };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest)?;
    let mut all: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(r, b)| (r.clone(), b.as_slice()))
        .collect();
    all.push((PathBuf::from(MANIFEST), &manifest_bytes));
    let ops = stage_all(out, &plan, &all)?;
    let journal = out.join(JOURNAL);
    if let Err(e) = crate::fsio::write_atomic(&journal, &serde_json::to_vec(&ops)?) {
        // Nothing was moved yet: what was staged goes, and the folder is as it was.
        for op in &ops {
            if let Op::Put { staged, .. } = op {
                let _ = std::fs::remove_file(out.join(staged));
            }
        }
        return Err(e);
    }
    let mut n = 0;
    // The commit point: with the journal gone, the new bundle stands.
    let done = apply(out, &ops, &mut n).and_then(|()| {
        sync_dirs(out, rels.iter().cloned());
        step(&mut n)?;
        std::fs::remove_file(&journal)
            .with_context(|| format!("{}: cannot remove", journal.display()))
    });
    if let Err(e) = done {
        return match roll_back(out, &ops).and_then(|()| {
            std::fs::remove_file(&journal).with_context(|| format!("{}: cannot remove", journal.display()))
        }) {
            Ok(()) => Err(e.context(format!(
                "{}: nothing was changed (the files in it are as they were)",
                out.display()
            ))),
            Err(undo) => Err(e.context(format!(
                "{}: the write failed and could not be undone ({undo:#}); the next write into it rolls back from {JOURNAL}",
                out.display()
            ))),
        };
    }
    sync_dirs(out, std::iter::empty());
    for op in &ops {
        let (Op::Put {
            backup: Some(backup),
            ..
        }
        | Op::Remove { backup, .. }) = op
        else {
            continue;
        };
        let _ = std::fs::remove_file(out.join(backup));
    }
    // A folder the removed files leave empty goes too (only if empty: nothing else is touched).
    for rel in &plan.remove {
        if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::remove_dir(out.join(dir));
        }
    }
    Ok(plan)
}

/// Stages every file beside its target and lists the steps that put them in place, in order:
/// a full disk or a denied folder fails here, before any rename (and removes what was staged).
fn stage_all(out: &Path, plan: &Plan, all: &[(PathBuf, &[u8])]) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    for (from, to) in &plan.set_aside {
        ops.push(Op::Aside {
            from: from.clone(),
            to: to.clone(),
        });
    }
    let mut staged_ok = Vec::new();
    for (i, (rel, bytes)) in all.iter().enumerate() {
        match stage(out, rel, bytes) {
            Ok(staged) => {
                let exists = std::fs::symlink_metadata(out.join(rel)).is_ok()
                    && !plan.set_aside.iter().any(|(from, _)| from == rel);
                let backup = exists.then(|| {
                    rel.with_file_name(format!(
                        "{SCRATCH}old-{i}-{}",
                        rel.file_name().unwrap_or_default().to_string_lossy()
                    ))
                });
                staged_ok.push(staged.clone());
                ops.push(Op::Put {
                    target: rel.clone(),
                    staged,
                    backup,
                });
            }
            Err(e) => {
                for s in &staged_ok {
                    let _ = std::fs::remove_file(out.join(s));
                }
                return Err(e);
            }
        }
    }
    for (i, rel) in plan.remove.iter().enumerate() {
        ops.push(Op::Remove {
            target: rel.clone(),
            backup: rel.with_file_name(format!(
                "{SCRATCH}gone-{i}-{}",
                rel.file_name().unwrap_or_default().to_string_lossy()
            )),
        });
    }
    Ok(ops)
}

/// Carries out the journal's steps in order.
fn apply(out: &Path, ops: &[Op], n: &mut usize) -> Result<()> {
    for op in ops {
        match op {
            Op::Aside { from, to } => {
                step(n)?;
                rename(out, from, to)?;
            }
            Op::Put {
                target,
                staged,
                backup,
            } => {
                if let Some(b) = backup {
                    step(n)?;
                    rename(out, target, b)?;
                }
                step(n)?;
                rename(out, staged, target)?;
            }
            Op::Remove { target, backup } => {
                step(n)?;
                rename(out, target, backup)?;
            }
        }
    }
    Ok(())
}
