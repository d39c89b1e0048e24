//! The top tab bar (NAV-1): Devices · Crypto Services · Accounts · Jobs · Audit, the active one
//! highlighted, and a help hint at the right.

use crate::app::key_action::GlobalKey;
use crate::app::{App, Tab};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    let mut spans = vec![Span::styled(" lunadeck ", s.title)];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("·", s.muted));
        }
        let style = if *tab == app.tab {
            s.tab_active
        } else {
            s.base
        };
        spans.push(Span::styled(format!(" {} ", tab.title()), style));
    }
    let help = format!(" {} help ", app.keymap.label(GlobalKey::Help));
    let used: usize = spans.iter().map(|sp| sp.width()).sum();
    let room = usize::from(area.width).saturating_sub(used);
    if room > help.len() {
        spans.push(Span::raw(" ".repeat(room - help.len())));
        spans.push(Span::styled(help, s.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
