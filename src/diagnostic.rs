//! Problems found in a user's file, each pinned to `file:line:col`, collected rather than fail-fast.

use std::fmt;
use std::ops::Range;

/// A text file being loaded, kept so byte offsets can be turned into line and column.
#[derive(Debug, Clone)]
pub(crate) struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
    /// Where each line starts, found once on the first diagnostic: a file with a hundred
    /// thousand problems is read once, not once per problem.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'a> Source<'a> {
    #[must_use]
    pub(crate) fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        // An offset inside a multi-byte character is moved back to its start.
        let offset = (0..=offset)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// A diagnostic at the start of `span`.
    #[must_use]
    pub(crate) fn error(&self, span: &Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(span.start);
        Diagnostic {
            file: self.name.to_owned(),
            line,
            col,
            message: message.into(),
        }
    }

    /// Deserializes the file, reporting every unknown field rather than stopping at the first:
    /// each one found is reported, taken out of the parsed document, and the rest read again.
    /// Returns the value read without them and the unknown fields, for the caller to report
    /// with its other problems.
    ///
    /// # Errors
    /// A syntax error, a wrong type or a missing field (the first found, after every unknown
    /// field before it).
    pub(crate) fn deserialize<T: serde::Deserialize<'a>>(
        &self,
    ) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
        let mut error = match toml::from_str::<T>(self.text) {
            Ok(value) => return Ok((value, Vec::new())),
            Err(e) => e,
        };
        let unknown = |e: &toml::de::Error| e.message().starts_with("unknown field");
        let Ok(mut root) = toml::de::DeTable::parse(self.text) else {
            return Err(Diagnostics::single(self.toml_error(&error)));
        };
        let mut problems = Vec::new();
        // Each round takes one key out, so this ends; the bound keeps a file of ten thousand
        // typos from taking ten thousand reads.
        for _ in 0..MAX_UNKNOWN_FIELDS {
            problems.push(self.toml_error(&error));
            let removed = unknown(&error)
                && error
                    .span()
                    .is_some_and(|span| remove_key(root.get_mut(), &span));
            if !removed {
                break;
            }
            match T::deserialize(toml::de::Deserializer::from(root.clone())) {
                Ok(value) => return Ok((value, problems)),
                Err(e) => error = e,
            }
        }
        Err(Diagnostics::sorted(problems))
    }

    /// Turns a toml parse or type error into a diagnostic at its span.
    #[must_use]
    pub(crate) fn toml_error(&self, err: &toml::de::Error) -> Diagnostic {
        let span = err.span().unwrap_or(0..0);
        self.error(&span, err.message().trim().to_owned())
    }
}

/// How many problems of one file are listed; the rest are counted.
pub(crate) const MAX_REPORTED: usize = 100;

/// How many unknown fields one read reports before it stops looking.
const MAX_UNKNOWN_FIELDS: usize = 100;

/// Takes the key at `span` (and its value) out of the table or any table inside it.
fn remove_key(table: &mut toml::de::DeTable<'_>, span: &Range<usize>) -> bool {
    use toml::de::DeValue;
    let found = table.keys().find(|k| k.span() == *span).cloned();
    if let Some(key) = found {
        return table.remove(&key).is_some();
    }
    table.iter_mut().any(|(_, v)| match v.get_mut() {
        DeValue::Table(t) => remove_key(t, span),
        DeValue::Array(items) => items.iter_mut().any(|item| match item.get_mut() {
            DeValue::Table(t) => remove_key(t, span),
            _ => false,
        }),
        _ => false,
    })
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message can repeat text from the file (toml's own "unknown field `…`" does): escape
        // anything that could drive the terminal.
        let safe: String = self
            .message
            .chars()
            .flat_map(|c| {
                if crate::text::is_unsafe(c) {
                    c.escape_unicode().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect();
        let file = crate::text::clean(&self.file);
        write!(f, "{file}:{}:{}: {safe}", self.line, self.col)
    }
}

/// Every problem found in a file; the error type of all loaders.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    #[must_use]
    pub(crate) fn single(d: Diagnostic) -> Self {
        Self(vec![d])
    }

    /// Problems in the order a reader meets them in the file, the first [`MAX_REPORTED`] of
    /// them, then one line saying how many more there are.
    #[must_use]
    pub(crate) fn sorted(mut problems: Vec<Diagnostic>) -> Self {
        problems.sort_by_key(|d| (d.line, d.col));
        if problems.len() > MAX_REPORTED {
            let more = problems.len() - MAX_REPORTED;
            let next = problems.swap_remove(MAX_REPORTED);
            problems.truncate(MAX_REPORTED);
            problems.push(Diagnostic {
                message: format!(
                    "and {} more problem{} from here on, not listed (fix these first)",
                    crate::cost::thousands(u64::try_from(more).unwrap_or(u64::MAX)),
                    if more == 1 { "" } else { "s" }
                ),
                ..next
            });
        }
        Self(problems)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Quotes a user-supplied value for a message, keeping control characters visible.
#[must_use]
pub(crate) fn quote(value: &str) -> String {
    // A message quotes at most this much of a value: enough to find it, never a whole file.
    const SHOWN: usize = 80;
    let count = value.chars().count();
    if count > SHOWN {
        let head: String = value.chars().take(SHOWN - 1).collect();
        return format!(
            "'{}…' ({} characters)",
            head.escape_debug(),
            crate::cost::thousands(u64::try_from(count).unwrap_or(u64::MAX))
        );
    }
    format!("'{}'", value.escape_debug())
}

/// "'a', 'b' or 'c'": the valid values, for a message.
#[must_use]
pub(crate) fn one_of<S: AsRef<str>>(values: &[S]) -> String {
    let mut quoted: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        let q = quote(v.as_ref());
        if !quoted.contains(&q) {
            quoted.push(q);
        }
    }
    match quoted.as_slice() {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The closest known id to a misspelt one, if any is close.
#[must_use]
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(wrong, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let s = Source::new("f", "a = 1\né = 'x'\n");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        // 'é' is two bytes (6..8), then a space; the '=' at byte 9 is the third character.
        assert_eq!(s.line_col(9), (2, 3));
        assert_eq!(s.line_col(7), (2, 1), "inside a character: its start");
        assert_eq!(s.line_col(999), (3, 1));
    }

    #[test]
    fn one_of_reads_as_a_list() {
        assert_eq!(one_of(&["a"]), "'a'");
        assert_eq!(one_of(&["a", "b", "c"]), "'a', 'b' or 'c'");
    }

    #[test]
    fn quote_escapes_control_characters() {
        assert_eq!(quote("a\u{1b}[2J"), "'a\\u{1b}[2J'");
    }

    #[test]
    fn quote_shows_at_most_eighty_characters_of_a_value() {
        let huge = "x".repeat(3_000_000);
        let quoted = quote(&huge);
        assert!(quoted.len() < 120, "{}", quoted.len());
        assert!(quoted.ends_with("…' (3,000,000 characters)"), "{quoted}");
        assert_eq!(quote(&"y".repeat(80)), format!("'{}'", "y".repeat(80)));
    }
}
