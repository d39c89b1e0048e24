//! The masked field for passwords and PINs: its buffer lives in a `Zeroizing<String>` that never
//! reallocates, it renders whether something was typed (never the content nor its length), and
//! has no undo history.

use secrecy::SecretString;
use zeroize::{Zeroize, Zeroizing};

/// Longest secret accepted, in bytes. The buffer is allocated once at this capacity so that
/// typing never moves (and leaves behind) a copy of the secret.
pub const SECRET_MAX_BYTES: usize = 256;

/// What a masked field shows once something is typed, whatever its length.
pub const TYPED_MARK: &str = "•••• (typed, length hidden)";

/// How the secret is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mask {
    /// A fixed mark once something is typed: never one per character (the length of a secret
    /// is not shown either).
    Dots,
    /// Nothing at all (not even the length).
    Hidden,
}

/// A small masked input. `Debug` never shows the content.
pub struct SecretField {
    buf: Zeroizing<String>,
    chars: usize,
    mask: Mask,
}

impl SecretField {
    pub fn new(mask: Mask) -> Self {
        SecretField {
            buf: Zeroizing::new(String::with_capacity(SECRET_MAX_BYTES)),
            chars: 0,
            mask,
        }
    }

    /// Appends a character; false (ignored) when it would exceed [`SECRET_MAX_BYTES`] or is a
    /// control character.
    pub fn push(&mut self, c: char) -> bool {
        if c.is_control() || self.buf.len() + c.len_utf8() > SECRET_MAX_BYTES {
            return false;
        }
        self.buf.push(c);
        self.chars += 1;
        true
    }

    /// Removes the last character and wipes its bytes.
    pub fn backspace(&mut self) {
        let Some((start, _)) = self.buf.char_indices().next_back() else {
            return;
        };
        let mut bytes = std::mem::take(&mut *self.buf).into_bytes();
        if let Some(tail) = bytes.get_mut(start..) {
            tail.zeroize();
        }
        bytes.truncate(start);
        match String::from_utf8(bytes) {
            Ok(s) => *self.buf = s,
            Err(e) => {
                e.into_bytes().zeroize();
                *self.buf = String::with_capacity(SECRET_MAX_BYTES);
            }
        }
        self.chars = self.chars.saturating_sub(1);
    }

    /// Wipes everything typed.
    pub fn clear(&mut self) {
        self.buf.zeroize();
        self.chars = 0;
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Number of characters typed (what the dots show).
    pub fn char_count(&self) -> usize {
        self.chars
    }

    /// Hands the secret over and wipes this field's buffer.
    pub fn take_secret(&mut self) -> SecretString {
        let secret = SecretString::from(self.buf.as_str());
        self.clear();
        secret
    }

    /// A copy of the secret for a request, the field keeping it (a wizard may go back to it).
    pub fn copy_secret(&self) -> SecretString {
        SecretString::from(self.buf.as_str())
    }

    /// What the screen shows: dots or nothing, never the content.
    pub fn masked(&self) -> String {
        match self.mask {
            Mask::Dots if self.chars > 0 => TYPED_MARK.to_string(),
            Mask::Dots => String::new(),
            Mask::Hidden => String::new(),
        }
    }

    /// Capacity of the buffer, for the no-reallocation tests only.
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        self.buf.capacity()
    }
}

impl Default for SecretField {
    fn default() -> Self {
        SecretField::new(Mask::Dots)
    }
}

impl std::fmt::Debug for SecretField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretField([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn typed(s: &str) -> SecretField {
        let mut f = SecretField::default();
        for c in s.chars() {
            assert!(f.push(c));
        }
        f
    }

    #[test]
    fn nav_3_secret_renders_a_fixed_mark_or_nothing_never_the_content_nor_its_length() {
        let f = typed("hunter2é");
        assert_eq!(f.masked(), TYPED_MARK);
        assert_eq!(typed("x").masked(), typed("a-much-longer-secret").masked());
        assert_eq!(SecretField::default().masked(), "");
        assert!(!format!("{f:?}").contains("hunter"));
        let mut hidden = SecretField::new(Mask::Hidden);
        hidden.push('x');
        assert_eq!(hidden.masked(), "");
    }

    #[test]
    fn nav_3_secret_backspace_and_clear() {
        let mut f = typed("abcé");
        f.backspace();
        assert_eq!(f.char_count(), 3);
        assert_eq!(f.masked(), TYPED_MARK);
        f.backspace();
        assert_eq!(f.take_secret().expose_secret(), "ab");
        let mut g = typed("xyz");
        g.clear();
        assert!(g.is_empty());
        assert_eq!(g.char_count(), 0);
        g.backspace();
        assert_eq!(g.masked(), "");
    }

    #[test]
    fn nav_3_take_secret_hands_over_and_zeroizes_the_buffer() {
        let mut f = typed("s3cret-pw");
        let cap_before = f.capacity();
        let s = f.take_secret();
        assert_eq!(s.expose_secret(), "s3cret-pw");
        assert!(f.is_empty());
        assert_eq!(f.masked(), "");
        assert_eq!(f.capacity(), cap_before, "same allocation, wiped in place");
        assert_eq!(f.take_secret().expose_secret(), "", "nothing left to take");
    }

    #[test]
    fn nav_3_secret_buffer_never_reallocates_and_rejects_overflow_and_controls() {
        let mut f = SecretField::default();
        for _ in 0..SECRET_MAX_BYTES {
            assert!(f.push('a'));
        }
        assert!(!f.push('a'), "over the limit is refused");
        assert_eq!(
            f.capacity(),
            SECRET_MAX_BYTES,
            "the first allocation was enough"
        );
        f.backspace();
        assert_eq!(
            f.capacity(),
            SECRET_MAX_BYTES,
            "backspace keeps the allocation"
        );
        let mut g = SecretField::default();
        assert!(!g.push('\n'));
        assert!(!g.push('\u{7f}'));
        assert!(g.is_empty());
    }
}
