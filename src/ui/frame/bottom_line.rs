//! The bottom line: the `:` command line (with completion candidates or its error), the `/`
//! filter being typed, a notice (over a kept filter), or the key hints from the live key map.

use crate::app::App;
use crate::app::key_action::{FilterKey, GlobalKey, ListKey};
use crate::app::prompt::FilterMode;
use crate::ui::theme::Theme;
use crate::ui::widgets::fit;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    if let Some(cmd) = &app.command {
        let mut spans = vec![Span::raw(format!(":{}", cmd.input.text()))];
        let cursor = area.x + u16::try_from(cmd.input.cursor_width() + 1).unwrap_or(0);
        if let Some(err) = &cmd.error {
            spans.push(Span::styled(format!("   {err}"), s.error));
        } else if !cmd.candidates.is_empty() {
            spans.push(Span::styled(
                format!("   {}", cmd.candidates.join("  ")),
                s.muted,
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        if app.modal.is_none() {
            frame.set_cursor_position(Position::new(cursor.min(area.right()), area.y));
        }
        return;
    }
    // A result (the notice) wins over a kept filter, which the table's title still shows
    // (issue 11.3); only the filter being typed holds the line.
    let kept = app
        .filter
        .as_ref()
        .is_some_and(|f| f.mode == FilterMode::Applied);
    if let Some(f) = app
        .filter
        .as_ref()
        .filter(|_| !(kept && app.notice.is_some()))
    {
        let editing = f.mode == FilterMode::Editing;
        let hint = if editing {
            format!(
                "   {} keep  {} clear",
                app.keymap.label(FilterKey::Submit),
                app.keymap.label(FilterKey::Cancel)
            )
        } else {
            format!(
                "   filter kept; {} clears it",
                app.keymap.label(ListKey::Back)
            )
        };
        let line = Line::from(vec![
            Span::raw(format!("/{}", f.text.text())),
            Span::styled(hint, s.muted),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        if editing && app.modal.is_none() {
            let x = area.x + u16::try_from(f.text.cursor_width() + 1).unwrap_or(0);
            frame.set_cursor_position(Position::new(x.min(area.right()), area.y));
        }
        return;
    }
    if let Some(n) = &app.notice {
        let notice = crate::domain::text::neutralize_line(n);
        let fits = fit::width(&notice) <= usize::from(area.width);
        let line = if fits {
            Line::from(Span::styled(notice, s.warning))
        } else {
            // Cut: the rest is one key away, in the message log.
            let more = format!("  {} full text", app.keymap.first_key(GlobalKey::Messages));
            let room = usize::from(area.width).saturating_sub(fit::width(&more));
            Line::from(vec![
                Span::styled(fit::ellipsize(&notice, room), s.warning),
                Span::styled(more, s.muted),
            ])
        };
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let k = |a: GlobalKey| app.keymap.label(a);
    let hints = format!(
        " {} help  {} command  {} filter  {} tabs  {} quit",
        k(GlobalKey::Help),
        k(GlobalKey::CommandLine),
        k(GlobalKey::Filter),
        format_args!("{}/{}", k(GlobalKey::PrevTab), k(GlobalKey::NextTab)),
        k(GlobalKey::Quit),
    );
    frame.render_widget(Paragraph::new(Span::styled(hints, s.muted)), area);
}
