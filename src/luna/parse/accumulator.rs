//! `LineAccumulator`: turns byte chunks as they arrive from a transport into complete text lines,
//! whatever the chunk boundaries (UTF-8 sequences and CRLF split across chunks).

/// Collects bytes; yields each complete line (without `\n` or `\r\n`) once its `\n` arrives, and
/// exposes the unfinished tail (a prompt such as `password: ` has no newline yet).
#[derive(Debug, Default, Clone)]
pub struct LineAccumulator {
    /// Bytes after the last `\n`; may end inside a UTF-8 sequence or with a lone `\r`.
    tail: Vec<u8>,
    /// Every completed line so far, in order.
    lines: Vec<String>,
}

impl LineAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a chunk; returns the lines it completed, in order.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<String> {
        let mut done = Vec::new();
        for &b in chunk {
            if b == b'\n' {
                let mut bytes = std::mem::take(&mut self.tail);
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
                done.push(String::from_utf8_lossy(&bytes).into_owned());
            } else {
                self.tail.push(b);
            }
        }
        self.lines.extend(done.iter().cloned());
        done
    }

    /// The unfinished last line, decoded up to the last complete UTF-8 character (a sequence
    /// still being received is left out; invalid bytes become U+FFFD).
    pub fn pending(&self) -> String {
        let bytes = self.tail.strip_suffix(b"\r").unwrap_or(&self.tail);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) if e.error_len().is_none() => {
                String::from_utf8_lossy(bytes.get(..e.valid_up_to()).unwrap_or(&[])).into_owned()
            }
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        }
    }

    /// All completed lines so far.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// Everything received: complete lines each ending in `\n`, then the unfinished tail.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&String::from_utf8_lossy(
            self.tail.strip_suffix(b"\r").unwrap_or(&self.tail),
        ));
        out
    }

    /// Forgets everything (between two commands of one session).
    pub fn clear(&mut self) {
        self.tail.clear();
        self.lines.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lines_across_chunks_and_crlf() {
        let mut acc = LineAccumulator::new();
        assert!(acc.push(b"Command Res").is_empty());
        assert_eq!(acc.push(b"ult : 0 (Success)\r"), Vec::<String>::new());
        assert_eq!(acc.push(b"\nnext"), vec!["Command Result : 0 (Success)"]);
        assert_eq!(acc.pending(), "next");
        assert_eq!(acc.text(), "Command Result : 0 (Success)\nnext");
    }

    #[test]
    fn utf8_split_across_chunks() {
        let bytes = "é€\n".as_bytes();
        let mut acc = LineAccumulator::new();
        acc.push(&bytes[..1]);
        assert_eq!(acc.pending(), "", "half a character is not shown");
        acc.push(&bytes[1..3]);
        assert_eq!(acc.pending(), "é");
        assert_eq!(acc.push(&bytes[3..]), vec!["é€"]);
    }

    #[test]
    fn invalid_bytes_become_replacement_and_prompt_stays_pending() {
        let mut acc = LineAccumulator::new();
        acc.push(b"\xff\xfeok\nPlease enter the HSM Administrators' password: ");
        assert_eq!(acc.lines(), ["\u{fffd}\u{fffd}ok"]);
        assert_eq!(
            acc.pending(),
            "Please enter the HSM Administrators' password: "
        );
        acc.clear();
        assert_eq!(acc.text(), "");
    }
}
