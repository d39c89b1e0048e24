//! Text that may reach a terminal: which characters are unsafe there (C0/C1 controls, DEL, bidi
//! overrides, zero-width characters) and how text from a device or a user is neutralized.

/// Bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) and the marks that
/// reorder or hide text (U+200E, U+200F, U+061C).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Zero-width and invisible formatting characters (U+200B..U+200D, U+2060, U+FEFF, U+00AD).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// True for a character that must never be printed raw on a terminal: C0 and C1 controls (tab
/// and line breaks included), DEL, bidi overrides, zero-width characters.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi(c) || is_invisible(c)
}

/// The first unsafe character of `text` and its 0-based character position.
pub fn first_unsafe(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|(_, c)| is_unsafe_char(*c))
}

/// What a device printed over several lines, as one line of a sentence: its non-empty lines,
/// trimmed, joined by " / " (a line break would otherwise be shown as an escape).
pub fn device_said(output: &str) -> String {
    output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// One line for a terminal: every unsafe character becomes `\u{…}` (a tab becomes a space), so
/// an escape sequence is shown as text and never acted on.
pub fn neutralize_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Several lines for a terminal: line breaks kept (CR dropped), every other unsafe character
/// neutralized as in `neutralize_line`.
pub fn neutralize_text(text: &str) -> String {
    text.replace('\r', "")
        .split('\n')
        .map(neutralize_line)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_s_lines_become_one_line_of_the_sentence() {
        let said =
            "Please enter the password:\r\n\n\nError:  'hsm login' failed.\n\n  Login failed.\n";
        assert_eq!(
            device_said(said),
            "Please enter the password: / Error:  'hsm login' failed. / Login failed."
        );
        // Control characters stay for the printer to neutralize.
        assert_eq!(device_said("a\u{1b}[2Jb"), "a\u{1b}[2Jb");
    }

    #[test]
    fn x_4_escape_sequences_become_text() {
        assert_eq!(
            neutralize_line("a\u{1b}]0;pwned\u{7}b"),
            "a\\u{1b}]0;pwned\\u{7}b"
        );
        assert_eq!(neutralize_line("x\u{9b}31m"), "x\\u{9b}31m");
        assert_eq!(neutralize_line("evil\u{202E}txt"), "evil\\u{202e}txt");
        assert_eq!(neutralize_line("zero\u{200B}width"), "zero\\u{200b}width");
        assert_eq!(neutralize_line("tab\there"), "tab here");
        assert_eq!(neutralize_line("plain ü ok"), "plain ü ok");
        assert_eq!(neutralize_text("a\r\nb\u{7f}"), "a\nb\\u{7f}");
    }

    #[test]
    fn x_4_first_unsafe_names_the_position() {
        assert_eq!(first_unsafe("abc"), None);
        assert_eq!(first_unsafe("ab\u{1b}"), Some((2, '\u{1b}')));
        assert_eq!(first_unsafe("\u{2066}"), Some((0, '\u{2066}')));
    }
}
