//! The one data table widget (NAV-3): header with sort marker, filter in the title, status
//! cells as symbol + word, columns sized by content and priority (cut values end with `…`),
//! selection by theme style, and only the visible rows built.

use crate::domain::text::neutralize_line;
use crate::kit::CellValue;
use crate::kit::{TableRow, TableState};
use crate::ui::theme::Theme;
use crate::ui::widgets::StatusSpan;
use crate::ui::widgets::fit::{ellipsize, width};
use crate::ui::widgets::table_fit::{ColumnNeed, LEGIBLE, fit};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, HighlightSpacing, Paragraph, Row, StatefulWidget, Table, Widget, Wrap,
};
use std::borrow::Cow;
use std::marker::PhantomData;

/// What a marked row shows in the mark column of a table that marks (`TableState::with_marks`).
pub const MARK: &str = "✓";

/// Draws a [`TableState`]. Only writes the scroll offset and the built-row count back.
pub struct DataTable<'a, R> {
    theme: &'a Theme,
    title: Cow<'a, str>,
    empty_text: Cow<'a, str>,
    focused: bool,
    priorities: &'a [u8],
    _rows: PhantomData<fn() -> R>,
}

impl<'a, R: TableRow> DataTable<'a, R> {
    pub fn new(theme: &'a Theme) -> Self {
        DataTable {
            theme,
            title: Cow::Borrowed(""),
            empty_text: Cow::Borrowed("Nothing to show."),
            focused: true,
            priorities: &[],
            _rows: PhantomData,
        }
    }

    pub fn title(mut self, title: impl Into<Cow<'a, str>>) -> Self {
        self.title = title.into();
        self
    }

    /// Shown when there are no rows at all, e.g. "No services. Press c to create one."
    pub fn empty_text(mut self, text: impl Into<Cow<'a, str>>) -> Self {
        self.empty_text = text.into();
        self
    }

    /// Which columns drop first when the pane is too narrow, in column order: 0 is kept
    /// longest (the key columns); missing ones are 0, and among equals the rightmost drops first.
    pub fn priorities(mut self, priorities: &'a [u8]) -> Self {
        self.priorities = priorities;
        self
    }

    /// A table in an unfocused pane draws its border muted.
    pub fn focused(mut self, focused: bool) -> Self {
        self.focused = focused;
        self
    }

    fn block_title(&self, state: &TableState<R>) -> Line<'static> {
        let mut spans = vec![Span::styled(format!(" {} ", self.title), self.theme.title)];
        let count = if state.filter().is_empty() {
            format!("({}) ", state.total_len())
        } else {
            format!("({} of {}) ", state.visible_len(), state.total_len())
        };
        spans.push(Span::styled(count, self.theme.muted));
        if state.marked_len() > 0 {
            spans.push(Span::styled(
                format!("· {} marked ", state.marked_len()),
                self.theme.focus,
            ));
        }
        if !state.filter().is_empty() {
            spans.push(Span::styled(
                format!("filter: \"{}\" ", state.filter()),
                self.theme.focus,
            ));
        }
        Line::from(spans)
    }

    /// Each column's title with its sort marker (" ▲").
    fn titles(state: &TableState<R>) -> Vec<String> {
        let sort = state.sort();
        state
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| match sort {
                Some(s) if s.column == i => format!("{} {}", c.title, s.dir.marker()),
                _ => c.title.to_string(),
            })
            .collect()
    }

    fn header(&self, titles: &[String], widths: &[Option<u16>]) -> Row<'static> {
        let cells = titles
            .iter()
            .zip(widths)
            .filter_map(|(t, w)| w.map(|w| Cell::from(ellipsize(t, usize::from(w)))));
        Row::new(cells).style(self.theme.header)
    }

    /// Text cells are neutralized (`domain::text`): names and descriptions come from the
    /// database and the devices; a value wider than its column ends with `…`.
    fn build_row(&self, cells: &[CellValue], widths: &[Option<u16>]) -> Row<'static> {
        Row::new(cells.iter().zip(widths).filter_map(|(c, w)| {
            let w = usize::from((*w)?);
            Some(match c {
                CellValue::Status(s) => Cell::from(s.span(self.theme)),
                other => Cell::from(ellipsize(&neutralize_line(&other.display()), w)),
            })
        }))
    }

    /// What each column asks for, from its title and the values in view (issue 11.2).
    fn needs(&self, titles: &[String], shown: &[&[CellValue]]) -> Vec<ColumnNeed> {
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut desired = width(t);
                let mut status = false;
                for row in shown {
                    if let Some(c) = row.get(i) {
                        status |= matches!(c, CellValue::Status(_));
                        desired = desired.max(width(&neutralize_line(&c.display())));
                    }
                }
                let desired = u16::try_from(desired).unwrap_or(u16::MAX);
                ColumnNeed {
                    desired,
                    // A status keeps its symbol and word (a reason after it may be cut); other
                    // values shrink down to legible.
                    min: if status {
                        desired.min(LEGIBLE + 8)
                    } else {
                        desired.min(LEGIBLE)
                    },
                    priority: self.priorities.get(i).copied().unwrap_or(0),
                }
            })
            .collect()
    }
}

impl<R: TableRow> DataTable<'_, R> {
    /// Draws `state` as it is, without copying or changing it (what a `draw` that only reads
    /// the app uses: cloning a 10,000-row state per frame cost more than the drawing). Returns
    /// how many rows it built.
    pub fn render_ref(self, area: Rect, buf: &mut Buffer, state: &TableState<R>) -> usize {
        let border = if self.focused {
            self.theme.focus
        } else {
            self.theme.border
        };
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(self.block_title(state));
        if let Some(sel) = state.selected_index() {
            let pos = format!(" {}/{} ", sel + 1, state.visible_len());
            block = block.title_bottom(Line::from(pos).right_aligned().style(self.theme.muted));
        }
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return 0;
        }
        let body_height = usize::from(inner.height.saturating_sub(1));
        let window = state.visible_window(body_height);
        let shown: Vec<&[CellValue]> = window
            .clone()
            .filter_map(|p| state.visible_cells(p))
            .collect();
        let titles = Self::titles(state);
        // The selection marker takes two cells of every row (a mark goes in the second).
        let room = inner.width.saturating_sub(2);
        let fitted = fit(&self.needs(&titles, &shown), room, 1);
        let rows: Vec<Row<'static>> = shown.iter().map(|c| self.build_row(c, &fitted)).collect();
        let built = rows.len();
        let widths: Vec<Constraint> = fitted
            .iter()
            .flatten()
            .map(|w| Constraint::Length(*w))
            .collect();
        let selected = state
            .selected_index()
            .and_then(|s| s.checked_sub(window.start));
        let table = Table::new(rows, widths)
            .header(self.header(&titles, &fitted))
            .column_spacing(1)
            .row_highlight_style(self.theme.selected)
            .highlight_symbol("▶ ")
            .highlight_spacing(HighlightSpacing::Always);
        let mut inner_state = ratatui::widgets::TableState::default().with_selected(selected);
        StatefulWidget::render(table, inner, buf, &mut inner_state);
        if state.marking() {
            // In the selection marker's second cell, under the header: no column is given up.
            let x = inner.x.saturating_add(1);
            for (k, p) in window.clone().enumerate().take(built) {
                let y = inner
                    .y
                    .saturating_add(1)
                    .saturating_add(u16::try_from(k).unwrap_or(u16::MAX));
                if state.is_marked_at(p)
                    && x < inner.right()
                    && y < inner.bottom()
                    && let Some(cell) = buf.cell_mut((x, y))
                {
                    cell.set_symbol(MARK);
                    cell.set_fg(self.theme.focus.fg.unwrap_or_default());
                }
            }
        }
        if state.visible_len() == 0 {
            let text = if state.total_len() == 0 {
                self.empty_text.to_string()
            } else {
                format!(
                    "No rows match \"{}\". Press Esc to clear the filter.",
                    state.filter()
                )
            };
            let msg_area = Rect {
                x: inner.x.saturating_add(2).min(inner.right()),
                y: inner
                    .y
                    .saturating_add(2)
                    .min(inner.bottom().saturating_sub(1)),
                width: inner.width.saturating_sub(2),
                height: inner.height.saturating_sub(2).max(1),
            };
            Paragraph::new(text)
                .style(self.theme.muted)
                .wrap(Wrap { trim: true })
                .render(msg_area, buf);
        }
        built
    }
}

impl<R: TableRow> StatefulWidget for DataTable<'_, R> {
    type State = TableState<R>;

    fn render(self, area: Rect, buf: &mut Buffer, state: &mut Self::State) {
        let inner = Block::default().borders(Borders::ALL).inner(area);
        if inner.height > 0 {
            state.window(usize::from(inner.height - 1));
        }
        let built = self.render_ref(area, buf, state);
        state.record_built(built);
    }
}
