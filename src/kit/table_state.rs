//! State of the one generic data table (NAV-3): rows, sort, filter-as-you-type, a selection
//! kept by key across refreshes, and the scroll window. Pure: the app's `update` calls these.

use super::table_cell::{CellValue, Column, SortKey};
use std::ops::Range;

/// A move of a table's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
}

/// A row type shown in a data table.
pub trait TableRow {
    /// Identity used to keep the selection when rows are replaced.
    type Key: PartialEq + Clone + std::fmt::Debug;
    fn key(&self) -> Self::Key;
    /// One value per column, in column order.
    fn cells(&self) -> Vec<CellValue>;
}

/// Sort direction of the sorted column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

impl SortDir {
    pub fn marker(self) -> &'static str {
        match self {
            SortDir::Asc => "▲",
            SortDir::Desc => "▼",
        }
    }
}

/// Which column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub dir: SortDir,
}

/// Rows plus the derived view (filtered, sorted indices) and the selection.
#[derive(Debug, Clone)]
pub struct TableState<R: TableRow> {
    columns: Vec<Column>,
    rows: Vec<R>,
    cells: Vec<Vec<CellValue>>,
    haystack: Vec<String>,
    view: Vec<usize>,
    selected: Option<usize>,
    sort: Option<Sort>,
    filter: String,
    offset: usize,
    viewport: usize,
    built_rows: usize,
    /// Whether rows can be marked (`with_marks`), and the marked rows' keys (`table_marks.rs`).
    marking: bool,
    marks: Vec<R::Key>,
}

impl<R: TableRow> TableState<R> {
    pub fn new(columns: Vec<Column>) -> Self {
        TableState {
            columns,
            rows: Vec::new(),
            cells: Vec::new(),
            haystack: Vec::new(),
            view: Vec::new(),
            selected: None,
            sort: None,
            filter: String::new(),
            offset: 0,
            viewport: 0,
            built_rows: 0,
            marking: false,
            marks: Vec::new(),
        }
    }

    pub fn with_rows(mut self, rows: Vec<R>) -> Self {
        self.replace_rows(rows);
        self
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Replaces every row (a refresh). The selected row stays selected by its key; if it is
    /// gone, the selection stays at the same position.
    pub fn replace_rows(&mut self, rows: Vec<R>) {
        let keep = self.selected_row().map(TableRow::key);
        let position = self.selected;
        self.cells = rows.iter().map(TableRow::cells).collect();
        self.haystack = self.cells.iter().map(|c| haystack(c)).collect();
        self.rows = rows;
        self.rebuild_view(keep, position);
        self.forget_gone_marks();
    }

    /// All rows, unfiltered, in the order given.
    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    pub fn total_len(&self) -> usize {
        self.rows.len()
    }

    /// Number of rows passing the filter.
    pub fn visible_len(&self) -> usize {
        self.view.len()
    }

    /// Position of the selection among the visible rows.
    pub fn selected_index(&self) -> Option<usize> {
        self.selected
    }

    pub fn selected_row(&self) -> Option<&R> {
        let i = *self.view.get(self.selected?)?;
        self.rows.get(i)
    }

    /// The selected row in full, "Title: value" per column: the detail popup of a row whose
    /// cells the table had to cut (issue 11.1).
    pub fn selected_details(&self) -> Vec<String> {
        let Some(cells) = self.selected.and_then(|p| self.visible_cells(p)) else {
            return Vec::new();
        };
        self.columns
            .iter()
            .zip(cells)
            .map(|(c, v)| format!("{}: {}", c.title, v.display()))
            .collect()
    }

    pub fn selected_key(&self) -> Option<R::Key> {
        self.selected_row().map(TableRow::key)
    }

    /// Selects the visible row with this key; false when it is filtered out or absent.
    pub fn select_key(&mut self, key: &R::Key) -> bool {
        match self.position_of(key) {
            Some(p) => {
                self.selected = Some(p);
                true
            }
            None => false,
        }
    }

    pub fn select_next(&mut self) {
        self.move_by(1);
    }

    pub fn select_prev(&mut self) {
        self.move_by(-1);
    }

    pub fn select_first(&mut self) {
        self.selected = if self.view.is_empty() { None } else { Some(0) };
    }

    pub fn select_last(&mut self) {
        self.selected = self.view.len().checked_sub(1);
    }

    /// Moves one screenful (the height seen at the last render) down.
    pub fn page_down(&mut self) {
        self.move_by(self.page() as isize);
    }

    pub fn page_up(&mut self) {
        self.move_by(-(self.page() as isize));
    }

    /// Moves the selection (one meaning of each motion for every table).
    pub fn apply_motion(&mut self, m: Motion) {
        match m {
            Motion::Up => self.select_prev(),
            Motion::Down => self.select_next(),
            Motion::Top => self.select_first(),
            Motion::Bottom => self.select_last(),
            Motion::PageUp => self.page_up(),
            Motion::PageDown => self.page_down(),
        }
    }

    /// The `sort` key: the next column ascending (the first when unsorted); `sort_reverse`:
    /// the same column, the other direction. The one meaning of both for every table.
    pub fn sort_next(&mut self, reverse: bool) {
        let n = self.columns.len().max(1);
        let column = match (self.sort, reverse) {
            (Some(s), true) => s.column,
            (Some(s), false) => (s.column + 1) % n,
            (None, _) => 0,
        };
        self.sort_by(column);
    }

    /// Sorts by `column`; the same column again flips ascending/descending.
    pub fn sort_by(&mut self, column: usize) {
        if column >= self.columns.len() {
            return;
        }
        let dir = match self.sort {
            Some(s) if s.column == column && s.dir == SortDir::Asc => SortDir::Desc,
            _ => SortDir::Asc,
        };
        self.sort = Some(Sort { column, dir });
        let keep = self.selected_key();
        self.rebuild_view(keep, self.selected);
    }

    pub fn sort(&self) -> Option<Sort> {
        self.sort
    }

    /// Filter as you type: case-insensitive substring over every cell's text.
    /// Filters the rows by `text` (case-insensitive); the same text again changes nothing.
    pub fn set_filter(&mut self, text: &str) {
        if text.to_lowercase() == self.filter {
            return;
        }
        let keep = self.selected_key();
        let narrowing = text.to_lowercase().starts_with(&self.filter) && !self.filter.is_empty();
        self.filter = text.to_lowercase();
        if narrowing {
            // Typing one more character only removes rows: filter the current (sorted) view.
            let needle = self.filter.as_str();
            let hay = &self.haystack;
            self.view
                .retain(|&i| hay.get(i).is_some_and(|h| h.contains(needle)));
            self.reselect(keep, Some(0));
        } else {
            self.rebuild_view(keep, Some(0));
        }
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Cells of the visible row at `position` (for the widget).
    pub fn visible_cells(&self, position: usize) -> Option<&[CellValue]> {
        let i = *self.view.get(position)?;
        self.cells.get(i).map(Vec::as_slice)
    }

    /// The visible positions to draw in `height` lines, scrolling so the selection shows.
    /// Remembers the height for paging.
    pub fn window(&mut self, height: usize) -> Range<usize> {
        self.viewport = height;
        let window = self.visible_window(height);
        self.offset = window.start;
        window
    }

    /// The window `window` would return, without remembering anything.
    pub fn visible_window(&self, height: usize) -> Range<usize> {
        let len = self.view.len();
        if height == 0 || len == 0 {
            return 0..0;
        }
        let mut offset = self.offset;
        if let Some(sel) = self.selected {
            if sel < offset {
                offset = sel;
            } else if sel >= offset + height {
                offset = sel + 1 - height;
            }
        }
        offset = offset.min(len.saturating_sub(height));
        offset..(offset + height).min(len)
    }

    /// How many ratatui rows the last render built (never more than the window height).
    pub fn built_rows(&self) -> usize {
        self.built_rows
    }

    pub(crate) fn record_built(&mut self, n: usize) {
        self.built_rows = n;
    }

    fn page(&self) -> usize {
        self.viewport.max(1)
    }

    fn move_by(&mut self, delta: isize) {
        let Some(last) = self.view.len().checked_sub(1) else {
            self.selected = None;
            return;
        };
        let cur = self.selected.unwrap_or(0) as isize;
        let next = cur.saturating_add(delta).clamp(0, last as isize);
        self.selected = Some(next as usize);
    }

    fn position_of(&self, key: &R::Key) -> Option<usize> {
        self.view
            .iter()
            .position(|&i| self.rows.get(i).is_some_and(|r| &r.key() == key))
    }

    fn rebuild_view(&mut self, keep: Option<R::Key>, fallback: Option<usize>) {
        let needle = self.filter.as_str();
        let mut view: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                needle.is_empty() || self.haystack.get(i).is_some_and(|h| h.contains(needle))
            })
            .collect();
        if let Some(sort) = self.sort {
            let mut keyed: Vec<(SortKey, usize)> = view
                .iter()
                .map(|&i| (self.sort_key(i, sort.column), i))
                .collect();
            match sort.dir {
                SortDir::Asc => keyed.sort(),
                SortDir::Desc => keyed.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1))),
            }
            view = keyed.into_iter().map(|(_, i)| i).collect();
        }
        self.view = view;
        self.reselect(keep, fallback);
    }

    fn sort_key(&self, row: usize, column: usize) -> SortKey {
        self.cells.get(row).and_then(|c| c.get(column)).map_or(
            SortKey::Text(String::new(), String::new()),
            CellValue::sort_key,
        )
    }

    fn reselect(&mut self, keep: Option<R::Key>, fallback: Option<usize>) {
        let found = keep.as_ref().and_then(|k| self.position_of(k));
        self.selected = match (found, self.view.len().checked_sub(1)) {
            (_, None) => None,
            (Some(p), _) => Some(p),
            (None, Some(last)) => Some(fallback.unwrap_or(0).min(last)),
        };
    }
}

fn haystack(cells: &[CellValue]) -> String {
    let mut s = String::new();
    for c in cells {
        s.push_str(&c.display().to_lowercase());
        s.push('\u{1f}');
    }
    s
}

#[path = "table_marks.rs"]
mod marks;

#[cfg(test)]
#[path = "table_state_tests.rs"]
mod tests;
