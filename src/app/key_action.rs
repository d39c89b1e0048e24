//! The frame's key tables (everywhere, lists, the modal, the `:` and `/` lines, screen dialogs)
//! and the list of every table the key map knows: these, then each registered screen's own.

use super::key_table::{KeyTable, Layer, TableInfo};
use strum::{EnumIter, EnumMessage, IntoStaticStr};

pub use super::key_table::{BoundKey, Context};

/// `[keys.global]`: works everywhere no modal or text field took the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum GlobalKey {
    #[strum(message = "quit (asks first while jobs run)")]
    Quit,
    #[strum(message = "this help, generated from the key map")]
    Help,
    #[strum(message = "the message log, newest first (:messages)")]
    Messages,
    #[strum(message = "command line: jump anywhere (:devices, :jobs ...)")]
    CommandLine,
    #[strum(message = "filter the list as you type")]
    Filter,
    #[strum(message = "next tab")]
    NextTab,
    #[strum(message = "previous tab")]
    PrevTab,
    #[strum(message = "Devices tab")]
    TabDevices,
    #[strum(message = "Crypto Services tab")]
    TabServices,
    #[strum(message = "Accounts tab")]
    TabAccounts,
    #[strum(message = "Jobs tab")]
    TabJobs,
    #[strum(message = "Audit tab")]
    TabAudit,
    #[strum(message = "next pane")]
    FocusNext,
    #[strum(message = "previous pane")]
    FocusPrev,
}

impl KeyTable for GlobalKey {
    const LAYER: Layer = Layer::Frame;
    const NAME: &'static str = "global";
    const TITLE: &'static str = "Everywhere";
}

/// `[keys.list]`: lists and the navigation frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ListKey {
    #[strum(message = "move up")]
    Up,
    #[strum(message = "move down")]
    Down,
    #[strum(message = "first row")]
    Top,
    #[strum(message = "last row")]
    Bottom,
    #[strum(message = "page up")]
    PageUp,
    #[strum(message = "page down")]
    PageDown,
    #[strum(message = "left pane (navigation frame)")]
    Left,
    #[strum(message = "right pane (screen)")]
    Right,
    #[strum(message = "open the selected item")]
    Open,
    #[strum(message = "go back (clears the filter; never changes anything)")]
    Back,
}

impl KeyTable for ListKey {
    const LAYER: Layer = Layer::Frame;
    const NAME: &'static str = "list";
    const TITLE: &'static str = "Lists and navigation";
}

/// `[keys.modal]`: an open modal (swallows every key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ModalKey {
    #[strum(message = "choose the highlighted button")]
    Confirm,
    #[strum(message = "close without doing anything")]
    Cancel,
    #[strum(message = "next button")]
    NextChoice,
    #[strum(message = "previous button")]
    PrevChoice,
    #[strum(message = "move up")]
    Up,
    #[strum(message = "move down")]
    Down,
}

impl KeyTable for ModalKey {
    const LAYER: Layer = Layer::Exclusive;
    const NAME: &'static str = "modal";
    const TITLE: &'static str = "Dialogs";
}

/// `[keys.command]`: the `:` command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum CommandKey {
    #[strum(message = "accept what was typed")]
    Submit,
    #[strum(message = "close without doing anything")]
    Cancel,
    #[strum(message = "complete the command")]
    Complete,
    #[strum(message = "delete the character before the cursor")]
    DeleteBack,
    #[strum(message = "the cursor left")]
    CursorLeft,
    #[strum(message = "the cursor right")]
    CursorRight,
    #[strum(message = "the cursor to the start of the text")]
    Home,
    #[strum(message = "the cursor to the end of the text")]
    End,
    #[strum(message = "delete the character under the cursor")]
    DeleteForward,
    #[strum(message = "delete the word before the cursor")]
    DeleteWord,
}

impl KeyTable for CommandKey {
    const LAYER: Layer = Layer::Exclusive;
    const NAME: &'static str = "command";
    const TITLE: &'static str = "Command line (:)";
}

/// `[keys.filter]`: the `/` filter line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum FilterKey {
    #[strum(message = "accept what was typed")]
    Submit,
    #[strum(message = "close without doing anything")]
    Cancel,
    #[strum(message = "delete the character before the cursor")]
    DeleteBack,
    #[strum(message = "the cursor left")]
    CursorLeft,
    #[strum(message = "the cursor right")]
    CursorRight,
    #[strum(message = "the cursor to the start of the text")]
    Home,
    #[strum(message = "the cursor to the end of the text")]
    End,
    #[strum(message = "delete the character under the cursor")]
    DeleteForward,
    #[strum(message = "delete the word before the cursor")]
    DeleteWord,
}

impl KeyTable for FilterKey {
    const LAYER: Layer = Layer::Exclusive;
    const NAME: &'static str = "filter";
    const TITLE: &'static str = "Filter line (/)";
}

/// `[keys.dialog]`: a dialog of a screen (forms, confirmations, the crypto-officer login) and
/// a screen's inline editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum DialogKey {
    #[strum(message = "accept what was typed")]
    Submit,
    #[strum(message = "close without doing anything")]
    Cancel,
    #[strum(message = "next field")]
    NextField,
    #[strum(message = "previous field")]
    PrevField,
    #[strum(message = "delete the character before the cursor")]
    DeleteBack,
    #[strum(message = "empty the focused field")]
    ClearField,
    #[strum(message = "next button or choice; in a text field, the cursor right")]
    NextChoice,
    #[strum(message = "previous button or choice; in a text field, the cursor left")]
    PrevChoice,
    #[strum(message = "the cursor to the start of the text")]
    Home,
    #[strum(message = "the cursor to the end of the text")]
    End,
    #[strum(message = "delete the character under the cursor")]
    DeleteForward,
    #[strum(message = "delete the word before the cursor")]
    DeleteWord,
    #[strum(message = "a wizard's next step")]
    NextStep,
    #[strum(message = "a wizard's previous step")]
    PrevStep,
}

impl KeyTable for DialogKey {
    const LAYER: Layer = Layer::Exclusive;
    const NAME: &'static str = "dialog";
    const TITLE: &'static str = "Screen dialogs and forms";
}

impl DialogKey {
    /// What the key does in the open dialog.
    pub fn input(self) -> crate::kit::DialogInput {
        use crate::kit::DialogInput as D;
        match self {
            DialogKey::Submit => D::Submit,
            DialogKey::Cancel => D::Cancel,
            DialogKey::NextField => D::NextField,
            DialogKey::PrevField => D::PrevField,
            DialogKey::DeleteBack => D::DeleteBack,
            DialogKey::ClearField => D::ClearField,
            DialogKey::NextChoice => D::NextChoice,
            DialogKey::PrevChoice => D::PrevChoice,
            DialogKey::Home => D::Home,
            DialogKey::End => D::End,
            DialogKey::DeleteForward => D::DeleteForward,
            DialogKey::DeleteWord => D::DeleteWord,
            DialogKey::NextStep => D::NextStep,
            DialogKey::PrevStep => D::PrevStep,
        }
    }
}

/// Every table the key map knows, in the order of the help screen: the frame's, then each
/// registered screen's.
pub fn tables() -> Vec<TableInfo> {
    let mut all = vec![
        TableInfo::of::<GlobalKey>(),
        TableInfo::of::<ListKey>(),
        TableInfo::of::<ModalKey>(),
        TableInfo::of::<CommandKey>(),
        TableInfo::of::<FilterKey>(),
        TableInfo::of::<DialogKey>(),
    ];
    all.extend(crate::screens::Screens::tables());
    all
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn nav_2_every_table_has_a_unique_name_and_every_action_a_unique_name_and_a_sentence() {
        let all = tables();
        let mut names = std::collections::HashSet::new();
        for t in &all {
            assert!(
                names.insert(t.context.name()),
                "[keys.{}] twice",
                t.context.name()
            );
            assert!(!t.title.is_empty(), "{}", t.context.name());
            let mut seen = std::collections::HashSet::new();
            for (name, sentence) in &t.actions {
                assert!(seen.insert(*name), "{name} twice in {}", t.context.name());
                assert!(
                    !sentence.is_empty(),
                    "{name} in {} has no sentence",
                    t.context.name()
                );
                assert_eq!(t.action(name), Some(*name));
            }
        }
        assert_eq!(GlobalKey::TabDevices.name(), "tab_devices");
        assert_eq!(GlobalKey::from_name("quit"), Some(GlobalKey::Quit));
        assert_eq!(ModalKey::from_name("quit"), None);
        assert!(!names.contains("screen"));
    }

    #[test]
    fn nav_2_a_bound_key_comes_back_only_as_its_own_table() {
        let k = BoundKey::of(DialogKey::Submit);
        assert_eq!(k.get::<DialogKey>(), Some(DialogKey::Submit));
        assert_eq!(k.get::<CommandKey>(), None);
    }
}
