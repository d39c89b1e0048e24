//! A table to pick from inside a wizard step (SVC-1 Choose Template, Add Devices, Assign
//! Organization): a search line typed into, the rows it filters, the highlighted row, sorting.

use super::dialog_input::DialogInput;
use super::form_state::FIELD_MAX_CHARS;
use super::table_state::{TableRow, TableState};
use super::text_field::{TextEdit, TextField};

/// A searchable, sortable list whose highlighted row is the choice.
#[derive(Debug)]
pub struct Picker<R: TableRow> {
    pub table: TableState<R>,
    pub search: TextField,
}

impl<R: TableRow> Picker<R> {
    pub fn new(table: TableState<R>) -> Self {
        Picker {
            table,
            search: TextField::default(),
        }
    }

    /// A key of the step: Up/Down (the field keys) move the highlight, Right sorts by the
    /// next column, Left reverses the order, anything typed edits the search. False when the
    /// key is not the picker's (Enter, Esc, the step keys).
    pub fn key(&mut self, key: DialogInput) -> bool {
        match key {
            DialogInput::NextField => self.table.select_next(),
            DialogInput::PrevField => self.table.select_prev(),
            DialogInput::NextChoice => self.table.sort_next(false),
            DialogInput::PrevChoice => self.table.sort_next(true),
            other => match TextEdit::of(other) {
                Some(edit) => {
                    self.search.edit(edit, FIELD_MAX_CHARS);
                    let text = self.search.text().to_string();
                    self.table.set_filter(&text);
                }
                None => return false,
            },
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::{CellValue, Column};

    #[derive(Debug, Clone, PartialEq)]
    struct Row(u32, &'static str);

    impl TableRow for Row {
        type Key = u32;
        fn key(&self) -> u32 {
            self.0
        }
        fn cells(&self) -> Vec<CellValue> {
            vec![CellValue::number(self.0), CellValue::text(self.1)]
        }
    }

    #[test]
    fn svc_1_a_picker_searches_moves_and_sorts() {
        let table = TableState::new(vec![Column::new("#"), Column::new("Name")]).with_rows(vec![
            Row(1, "gold"),
            Row(2, "silver"),
            Row(3, "golden"),
        ]);
        let mut p = Picker::new(table);
        assert!(p.key(DialogInput::Type('g')));
        assert!(p.key(DialogInput::Type('o')));
        assert_eq!(p.table.visible_len(), 2);
        assert!(p.key(DialogInput::NextField));
        assert_eq!(p.table.selected_key(), Some(3));
        assert!(p.key(DialogInput::DeleteBack));
        assert!(p.key(DialogInput::ClearField));
        assert_eq!(p.table.visible_len(), 3);
        assert!(p.key(DialogInput::NextChoice), "sorts");
        assert!(p.table.sort().is_some());
        assert!(!p.key(DialogInput::Submit), "Enter is the wizard's");
    }
}
