//! File IO at the edges: bounded reads, and writes that never leave a half-written file.

use anyhow::{Context, Result, bail};
use std::io::{Read, Write};
use std::path::Path;

/// Input files larger than this are refused: no questionnaire or answers file is near it.
pub(crate) const MAX_INPUT_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a UTF-8 text file, refusing huge files before reading them.
///
/// # Errors
/// The file cannot be opened or read, is too large, or is not UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let shown = path.display();
    // A FIFO or a device would block the open or never end: refused before it is opened.
    let meta = std::fs::metadata(path).with_context(|| format!("{shown}: cannot open"))?;
    if !meta.is_file() {
        bail!(
            "{shown}: not a regular file ({}); give a questionnaire, answers or price file",
            if meta.is_dir() {
                "a folder"
            } else {
                "a pipe, socket or device"
            }
        );
    }
    let file = std::fs::File::open(path).with_context(|| format!("{shown}: cannot open"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{shown}: cannot read"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!(
            "{shown}: larger than {} MiB; this is not a questionnaire, answers or price file",
            MAX_INPUT_BYTES / 1024 / 1024
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{shown}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Writes `contents` to `path` atomically: a synced temporary file beside it, renamed over it.
///
/// # Errors
/// Names the file and why it could not be written.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    write_all_atomic(&[(path.to_path_buf(), contents.to_vec())]).map(|_| ())
}

/// Writes several files as one: each goes to a synced temporary file beside its target first, and
/// only when all are written are they renamed into place. A failure while writing (permissions, a
/// full disk) leaves every target as it was. Returns the paths written, in order.
///
/// # Errors
/// Names the file that failed and why.
pub(crate) fn write_all_atomic(
    files: &[(std::path::PathBuf, Vec<u8>)],
) -> Result<Vec<std::path::PathBuf>> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, contents) in files {
        let shown = path.display();
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{shown}: cannot create the folder {}", dir.display()))?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tradeoff-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| {
                format!(
                    "{shown}: cannot create a temporary file in {}",
                    dir.display()
                )
            })?;
        tmp.write_all(contents)
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("{shown}: cannot write"))?;
        staged.push((tmp, path));
    }
    let mut written = Vec::with_capacity(staged.len());
    for (tmp, path) in staged {
        tmp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| format!("{}: cannot move into place", path.display()))?;
        written.push(path.clone());
    }
    Ok(written)
}
