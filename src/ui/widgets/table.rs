//! The one data table widget (NAV-3): header with sort marker, filter in the title, status
//! cells as symbol + word, selection by theme style, and only the visible rows built.

use crate::domain::text::neutralize_line;
use crate::kit::CellValue;
use crate::kit::{TableRow, TableState};
use crate::ui::theme::Theme;
use crate::ui::widgets::StatusSpan;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, HighlightSpacing, Paragraph, Row, StatefulWidget, Table, Widget, Wrap,
};
use std::borrow::Cow;
use std::marker::PhantomData;

/// Draws a [`TableState`]. Only writes the scroll offset and the built-row count back.
pub struct DataTable<'a, R> {
    theme: &'a Theme,
    title: Cow<'a, str>,
    empty_text: Cow<'a, str>,
    focused: bool,
    widths: &'a [Constraint],
    _rows: PhantomData<fn() -> R>,
}

impl<'a, R: TableRow> DataTable<'a, R> {
    pub fn new(theme: &'a Theme) -> Self {
        DataTable {
            theme,
            title: Cow::Borrowed(""),
            empty_text: Cow::Borrowed("Nothing to show."),
            focused: true,
            widths: &[],
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

    /// The columns' widths, in column order (`ui::columns`); missing ones share the rest.
    pub fn widths(mut self, widths: &'a [Constraint]) -> Self {
        self.widths = widths;
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
        if !state.filter().is_empty() {
            spans.push(Span::styled(
                format!("filter: \"{}\" ", state.filter()),
                self.theme.focus,
            ));
        }
        Line::from(spans)
    }

    fn header(&self, state: &TableState<R>) -> Row<'static> {
        let sort = state.sort();
        let cells = state.columns().iter().enumerate().map(|(i, c)| {
            let marker = match sort {
                Some(s) if s.column == i => format!(" {}", s.dir.marker()),
                _ => String::new(),
            };
            Cell::from(format!("{}{}", c.title, marker))
        });
        Row::new(cells).style(self.theme.header)
    }

    /// Text cells are neutralized (`domain::text`): names and descriptions come from the
    /// database and the devices.
    fn build_row(&self, cells: &[CellValue]) -> Row<'static> {
        Row::new(cells.iter().map(|c| match c {
            CellValue::Status(s) => Cell::from(s.span(self.theme)),
            other => Cell::from(neutralize_line(&other.display())),
        }))
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
        let rows: Vec<Row<'static>> = window
            .clone()
            .filter_map(|p| state.visible_cells(p).map(|c| self.build_row(c)))
            .collect();
        let built = rows.len();
        // Length and Min columns get 2 more cells so " ▲" never truncates the title.
        let widths: Vec<Constraint> = (0..state.columns().len())
            .map(
                |i| match self.widths.get(i).copied().unwrap_or(Constraint::Fill(1)) {
                    Constraint::Length(n) => Constraint::Length(n.saturating_add(2)),
                    Constraint::Min(n) => Constraint::Min(n.saturating_add(2)),
                    other => other,
                },
            )
            .collect();
        let selected = state
            .selected_index()
            .and_then(|s| s.checked_sub(window.start));
        let table = Table::new(rows, widths)
            .header(self.header(state))
            .column_spacing(1)
            .row_highlight_style(self.theme.selected)
            .highlight_symbol("▶ ")
            .highlight_spacing(HighlightSpacing::Always);
        let mut inner_state = ratatui::widgets::TableState::default().with_selected(selected);
        StatefulWidget::render(table, inner, buf, &mut inner_state);
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
