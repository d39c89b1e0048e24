//! What a key means inside a dialog once the key map (`[keys.dialog]`) has read it: the one
//! input every dialog widget answers (forms, confirmations, host-key questions, messages).

/// A dialog key, remappable in `[keys.dialog]`; any other printable key types its character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogInput {
    /// Accept the form, or choose the focused button.
    Submit,
    /// Close without doing anything.
    Cancel,
    NextField,
    PrevField,
    /// Delete the character before the cursor.
    DeleteBack,
    /// Empty the focused field.
    ClearField,
    /// Next option of a choice, next button.
    NextChoice,
    /// Previous option of a choice, previous button.
    PrevChoice,
    /// The cursor to the start or the end of the text field.
    Home,
    End,
    /// Delete the character under the cursor.
    DeleteForward,
    /// Delete the word before the cursor.
    DeleteWord,
    /// A wizard's next and previous step.
    NextStep,
    PrevStep,
    /// A typed character.
    Type(char),
}
