//! The Crypto Services navigation frame (NAV-1): Services · Service Templates · Import
//! Partitions · Migrate Service, with the selected item and whether it has the focus.

use crate::app::{App, Focus, NavItem};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    let focused = app.focus == Focus::Nav;
    let lines: Vec<Line> = NavItem::ALL
        .iter()
        .map(|item| {
            let marker = if *item == app.nav { "▸ " } else { "  " };
            let text = format!("{marker}{}", item.title());
            if *item == app.nav && focused {
                Line::styled(text, s.selected)
            } else if *item == app.nav {
                Line::styled(text, s.title)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    let title = if focused {
        " Navigate ◂ "
    } else {
        " Navigate "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(if focused { s.title } else { s.base });
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
