//! Marks on a data table's rows (issue 16): rows picked for one action over several of them,
//! kept by key across refreshes (a row that disappears is unmarked); the widget draws a column.

use super::{TableRow, TableState};

impl<R: TableRow> TableState<R> {
    /// A table whose rows can be marked (the widget draws each mark beside the selection marker).
    pub fn with_marks(mut self) -> Self {
        self.marking = true;
        self
    }

    /// Whether rows of this table can be marked.
    pub fn marking(&self) -> bool {
        self.marking
    }

    /// Marks the selected row, or unmarks it; whether it is marked now (None: no row selected,
    /// or the table does not mark).
    pub fn toggle_mark(&mut self) -> Option<bool> {
        let key = self.selected_key().filter(|_| self.marking)?;
        if self.is_marked(&key) {
            self.marks.retain(|k| k != &key);
            Some(false)
        } else {
            self.marks.push(key);
            Some(true)
        }
    }

    /// Every row the filter shows marked, or — when they all are already — unmarked (marks of
    /// rows the filter hides stay). Whether they are marked now; None when no row is shown.
    pub fn toggle_mark_shown(&mut self) -> Option<bool> {
        if !self.marking || self.view.is_empty() {
            return None;
        }
        let shown: Vec<R::Key> = self
            .view
            .iter()
            .filter_map(|&i| self.rows.get(i).map(TableRow::key))
            .collect();
        if self.all_shown_marked() {
            self.marks.retain(|k| !shown.contains(k));
            Some(false)
        } else {
            for key in shown {
                if !self.marks.contains(&key) {
                    self.marks.push(key);
                }
            }
            Some(true)
        }
    }

    /// Whether every row the filter shows is marked (false when none is shown).
    pub fn all_shown_marked(&self) -> bool {
        !self.view.is_empty()
            && self
                .view
                .iter()
                .filter_map(|&i| self.rows.get(i))
                .all(|r| self.marks.contains(&r.key()))
    }

    pub fn is_marked(&self, key: &R::Key) -> bool {
        self.marks.contains(key)
    }

    /// Whether the visible row at `position` is marked (for the widget).
    pub fn is_marked_at(&self, position: usize) -> bool {
        self.view
            .get(position)
            .and_then(|&i| self.rows.get(i))
            .is_some_and(|r| self.marks.contains(&r.key()))
    }

    /// How many rows are marked (shown or not).
    pub fn marked_len(&self) -> usize {
        self.marks.len()
    }

    /// The marked rows, in the order given (shown by the filter or not).
    pub fn marked_rows(&self) -> Vec<&R> {
        self.rows
            .iter()
            .filter(|r| self.marks.contains(&r.key()))
            .collect()
    }

    /// The keys of the marked rows, in the order given.
    pub fn marked_keys(&self) -> Vec<R::Key> {
        self.marked_rows().into_iter().map(TableRow::key).collect()
    }

    pub fn clear_marks(&mut self) {
        self.marks.clear();
    }

    /// After new rows: a mark whose row is gone goes too.
    pub(super) fn forget_gone_marks(&mut self) {
        let rows = &self.rows;
        self.marks.retain(|k| rows.iter().any(|r| &r.key() == k));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use crate::kit::{CellValue, Column, TableRow, TableState};

    #[derive(Debug, Clone)]
    struct Row(&'static str);

    impl TableRow for Row {
        type Key = &'static str;
        fn key(&self) -> &'static str {
            self.0
        }
        fn cells(&self) -> Vec<CellValue> {
            vec![CellValue::text(self.0)]
        }
    }

    fn table(names: &[&'static str]) -> TableState<Row> {
        TableState::new(vec![Column::new("Name")])
            .with_marks()
            .with_rows(names.iter().map(|n| Row(n)).collect())
    }

    #[test]
    fn dev_3_a_mark_toggles_on_the_selected_row_and_survives_a_reload_by_key() {
        let mut t = table(&["a", "b", "c"]);
        t.select_next();
        assert_eq!(t.toggle_mark(), Some(true));
        assert!(t.is_marked(&"b"));
        assert!(t.is_marked_at(1) && !t.is_marked_at(0));
        // Reloaded in another order: still marked by key, drawn where the row is now.
        t.replace_rows(vec![Row("c"), Row("b"), Row("a")]);
        assert_eq!(t.marked_keys(), ["b"]);
        assert!(t.is_marked_at(1));
        // A row that disappears is unmarked.
        t.replace_rows(vec![Row("a"), Row("c")]);
        assert_eq!(t.marked_len(), 0);
        t.select_first();
        assert_eq!(t.toggle_mark(), Some(true));
        assert_eq!(t.toggle_mark(), Some(false));
        assert_eq!(t.marked_len(), 0);
    }

    #[test]
    fn dev_3_mark_shown_marks_what_the_filter_shows_and_again_unmarks_it() {
        let mut t = table(&["lon-1", "lon-2", "par-1"]);
        t.select_last();
        t.toggle_mark();
        t.set_filter("lon");
        assert_eq!(t.toggle_mark_shown(), Some(true));
        assert_eq!(t.marked_keys(), ["lon-1", "lon-2", "par-1"]);
        assert!(t.all_shown_marked());
        // Again with all shown marked: those unmarked, the hidden one's mark stays.
        assert_eq!(t.toggle_mark_shown(), Some(false));
        assert_eq!(t.marked_keys(), ["par-1"]);
        t.set_filter("nothing");
        assert_eq!(t.toggle_mark_shown(), None);
        assert_eq!(t.toggle_mark(), None);
    }

    #[test]
    fn dev_3_a_table_without_marks_marks_nothing() {
        let mut t = TableState::new(vec![Column::new("Name")]).with_rows(vec![Row("a")]);
        t.select_first();
        assert!(!t.marking());
        assert_eq!(t.toggle_mark(), None);
        assert_eq!(t.toggle_mark_shown(), None);
    }
}
