//! Small text helpers shared by the terminal and the reports.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How many terminal columns `s` takes: 2 for most CJK characters and emoji, 0 for combining
/// marks.
#[must_use]
pub(crate) fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to `width` columns, with an ellipsis when cut.
#[must_use]
pub(crate) fn fit(s: &str, width: usize) -> String {
    if self::width(s) <= width {
        return s.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut to `width` columns at a word boundary, with an ellipsis when cut; empty when not even
/// one word fits.
#[must_use]
pub(crate) fn fit_words(s: &str, width: usize) -> String {
    if self::width(s) <= width {
        return s.to_owned();
    }
    let mut out: Option<String> = None;
    for word in s.split(' ') {
        let next = match &out {
            None => word.to_owned(),
            Some(out) => format!("{out} {word}"),
        };
        if self::width(&next) + 1 > width {
            break;
        }
        out = Some(next);
    }
    match out {
        Some(mut out) if !out.trim().is_empty() => {
            out.push('…');
            out
        }
        _ => String::new(),
    }
}

/// `s` cut to `width` columns at a word boundary ([`fit_words`]); a first word wider than
/// `width` (a path, a long name) is cut where it must ([`fit`]).
#[must_use]
pub(crate) fn shorten(s: &str, width: usize) -> String {
    let words = fit_words(s, width);
    if words.is_empty() {
        fit(s, width)
    } else {
        words
    }
}

/// `s` fitted to `width` columns and padded with spaces to exactly `width`: a table cell.
#[must_use]
pub(crate) fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let fill = width.saturating_sub(self::width(&out));
    out.extend(std::iter::repeat_n(' ', fill));
    out
}

/// Whether a character could drive a terminal rather than print: C0 and C1 controls, DEL, and
/// the bidirectional overrides that reorder what is shown ("Trojan source").
#[must_use]
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
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

/// "A", "A and B", "A, B and C".
#[must_use]
pub(crate) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, clean_lines, fit, fit_words, pad, width};

    #[test]
    fn escape_sequences_become_visible_replacement_marks() {
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b"), "a\u{FFFD}]0;pwned\u{FFFD}b");
        assert_eq!(clean("\u{9b}31m"), "\u{FFFD}31m", "C1 CSI too");
        assert_eq!(clean("x\u{202E}y"), "x\u{FFFD}y", "bidi overrides too");
        assert_eq!(
            clean("a\u{2028}b\u{2029}c"),
            "a\u{FFFD}b\u{FFFD}c",
            "line and paragraph separators break a layout's lines"
        );
        assert_eq!(clean_lines("one\ntwo\u{1b}[2J"), "one\ntwo\u{FFFD}[2J");
        assert_eq!(clean("é ok"), "é ok");
    }

    #[test]
    fn fits_by_display_width_with_an_ellipsis() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("éèêë", 2), "é…");
        assert_eq!(fit("abc", 0), "");
        // Wide characters take two columns: never cut one in half, never overflow.
        assert_eq!(fit("運用チーム", 6), "運用…");
        assert_eq!(width(&fit("運用チーム", 6)), 5);
        assert_eq!(fit("🚀 launch", 4), "🚀 …");
    }

    #[test]
    fn cuts_titles_at_a_word() {
        let title = " tradeoff · AWS ECS (Fargate) vs GKE for Python workloads";
        assert_eq!(fit_words(title, 200), title);
        assert_eq!(fit_words(title, 30), " tradeoff · AWS ECS (Fargate)…");
        assert!(width(&fit_words(title, 30)) <= 30);
        assert_eq!(fit_words("averyveryverylongword", 5), "");
    }

    #[test]
    fn pads_cells_to_the_same_width_whatever_the_script() {
        for label in ["GKE Standard", "運用チーム", "Ünïcödé", "🚀🚀🚀🚀🚀🚀🚀🚀"]
        {
            assert_eq!(width(&pad(label, 10)), 10, "{label}");
        }
    }
}
