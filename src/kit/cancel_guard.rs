//! Cancel in a wizard (SVC-1, TPL-2): closes at once when nothing was typed, asks first
//! otherwise; while it asks, Enter discards and any other key goes back to the wizard.

use super::dialog_input::DialogInput;

/// What a key does while the guard may be asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guarded {
    /// Close the wizard (nothing typed, or the discard was confirmed).
    Close,
    /// The guard used the key (asking now, or stopped asking).
    Consumed,
    /// Not the guard's: the wizard handles it.
    Pass,
}

/// Whether the wizard asks "discard what you typed?" now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CancelGuard {
    pub asking: bool,
}

impl CancelGuard {
    /// Routes `key`; `typed` says whether anything was typed since the wizard opened.
    pub fn key(&mut self, key: DialogInput, typed: bool) -> Guarded {
        if self.asking {
            self.asking = false;
            return if key == DialogInput::Submit {
                Guarded::Close
            } else {
                Guarded::Consumed
            };
        }
        match key {
            DialogInput::Cancel if !typed => Guarded::Close,
            DialogInput::Cancel => {
                self.asking = true;
                Guarded::Consumed
            }
            _ => Guarded::Pass,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svc_1_cancel_asks_only_when_something_was_typed() {
        let mut g = CancelGuard::default();
        assert_eq!(g.key(DialogInput::Cancel, false), Guarded::Close);
        assert_eq!(g.key(DialogInput::Type('a'), true), Guarded::Pass);
        assert_eq!(g.key(DialogInput::Cancel, true), Guarded::Consumed);
        assert!(g.asking);
        assert_eq!(
            g.key(DialogInput::Cancel, true),
            Guarded::Consumed,
            "Esc keeps editing"
        );
        assert!(!g.asking);
        assert_eq!(g.key(DialogInput::Cancel, true), Guarded::Consumed);
        assert_eq!(
            g.key(DialogInput::Submit, true),
            Guarded::Close,
            "Enter discards"
        );
    }
}
