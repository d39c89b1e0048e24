//! Text cut to a width in terminal columns (wide characters count two): what does not fit ends
//! with `…`, so a cut is never silent (issue 11.1).

use unicode_width::UnicodeWidthChar;

/// The display width of `text`.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` if it fits in `max` columns, else its longest prefix that fits with `…` after it.
pub fn ellipsize(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_7_a_cut_ends_with_an_ellipsis_and_counts_wide_characters_twice() {
        assert_eq!(ellipsize("short", 10), "short");
        assert_eq!(ellipsize("exactly10!", 10), "exactly10!");
        assert_eq!(ellipsize("a longer sentence", 10), "a longer …");
        assert_eq!(width("暗号"), 4);
        assert_eq!(ellipsize("暗号化サービス", 7), "暗号化…");
        assert_eq!(ellipsize("abc", 0), "");
    }
}
