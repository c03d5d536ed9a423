//! Small text helpers shared by the terminal and the reports.

/// `s` cut to `width` characters, with an ellipsis when cut.
#[must_use]
pub fn fit(s: &str, width: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn fits_by_characters_with_an_ellipsis() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("éèêë", 2), "é…");
        assert_eq!(fit("abc", 0), "");
    }
}
