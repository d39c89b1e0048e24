//! The top tab bar (NAV-1): Devices · Crypto Services · Accounts · Jobs · Audit, the active one
//! highlighted, and a help hint at the right.

use super::style::Styles;
use crate::app::key_action::{Context, KeyAction};
use crate::app::{App, Tab};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Styles) {
    let mut spans = vec![Span::styled(" lunadeck ", s.title)];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("·", s.hint));
        }
        let style = if *tab == app.tab {
            s.active_tab
        } else {
            s.base
        };
        spans.push(Span::styled(format!(" {} ", tab.title()), style));
    }
    let help = format!(
        " {} help ",
        app.keymap.label(Context::Global, KeyAction::Help)
    );
    let used: usize = spans.iter().map(|sp| sp.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    if room > help.len() {
        spans.push(Span::raw(" ".repeat(room - help.len())));
        spans.push(Span::styled(help, s.hint));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
