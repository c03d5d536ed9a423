//! Small text helpers shared by the terminal and the reports.

/// `s` cut to `width` characters, with an ellipsis when cut.
#[must_use]
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// Whether a character could drive a terminal rather than print: C0 and C1 controls, DEL, and
/// the bidirectional overrides that reorder what is shown ("Trojan source").
#[must_use]
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from a file made safe to print: every unsafe character becomes U+FFFD, so an escape
/// sequence can never reach the terminal but its presence stays visible. Tabs become a space.
#[must_use]
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if is_unsafe(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// [`clean`], keeping line breaks (help text and descriptions are wrapped line by line).
#[must_use]
pub(crate) fn clean_lines(s: &str) -> String {
    s.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// Cleans a string in place, only allocating when it has something to clean.
pub(crate) fn sanitize(s: &mut String) {
    if s.chars().any(|c| is_unsafe(c) || c == '\t') {
        *s = clean(s);
    }
}

/// [`sanitize`], keeping line breaks.
pub(crate) fn sanitize_lines(s: &mut String) {
    if s.chars().any(|c| c != '\n' && (is_unsafe(c) || c == '\t')) {
        *s = clean_lines(s);
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, clean_lines, fit};

    #[test]
    fn escape_sequences_become_visible_replacement_marks() {
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b"), "a\u{FFFD}]0;pwned\u{FFFD}b");
        assert_eq!(clean("\u{9b}31m"), "\u{FFFD}31m", "C1 CSI too");
        assert_eq!(clean("x\u{202E}y"), "x\u{FFFD}y", "bidi overrides too");
        assert_eq!(clean_lines("one\ntwo\u{1b}[2J"), "one\ntwo\u{FFFD}[2J");
        assert_eq!(clean("é ok"), "é ok");
    }

    #[test]
    fn fits_by_characters_with_an_ellipsis() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("éèêë", 2), "é…");
        assert_eq!(fit("abc", 0), "");
    }
}
