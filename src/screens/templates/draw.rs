//! Draws the Service Templates screen: the table (columns by content and priority), the
//! selected template's General and Capabilities below it, and the key hints.

use super::Templates;
use super::key_table::TemplatesKey;
use crate::app::App;
use crate::app::key_action::ListKey;
use crate::domain::text::neutralize_line;
use crate::ui::screens::panel_common::{body_and_hints, key, pair_hints, theme};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Name, Description, Type, Authentication, Size, PPSO, SKS, STC.
const PRIORITIES: [u8; 8] = [0, 3, 1, 1, 2, 2, 2, 2];

pub(super) fn draw(p: &Templates, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    let block = || Block::default().borders(Borders::ALL).title(" Service Templates ");
    if let Some(why) = &p.refused {
        let text = Paragraph::new(neutralize_line(why)).style(t.warning);
        frame.render_widget(text.block(block()).wrap(Wrap { trim: true }), body);
    } else if !p.loaded {
        frame.render_widget(Paragraph::new("Loading the templates…").block(block()), body);
    } else {
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(8)]).areas(body);
        DataTable::new(&t)
            .priorities(&PRIORITIES)
            .title("Service Templates")
            .empty_text("No service templates yet (the CLI's `template add` creates one).")
            .render_ref(list, frame.buffer_mut(), &p.table);
        details(p, frame, detail, &t);
    }
    let pairs = [
        (key(app, ListKey::Open), "details"),
        (key(app, TemplatesKey::Edit), "edit"),
        (key(app, TemplatesKey::Delete), "delete"),
        (key(app, TemplatesKey::Refresh), "refresh"),
        (key(app, TemplatesKey::Sort), "sort"),
        (key(app, TemplatesKey::SortReverse), "reverse"),
    ];
    pair_hints(frame, hint, &pairs, &t);
}

/// TPL-1: the selected template's General and Capabilities.
fn details(p: &Templates, frame: &mut Frame, area: Rect, t: &crate::ui::theme::Theme) {
    let Some(tpl) = p.table.selected_row() else {
        return;
    };
    let c = &tpl.capabilities;
    let yes = |b: bool| if b { "yes" } else { "no" };
    let rows = [
        ("Name", tpl.name.clone()),
        ("Description", tpl.description.clone()),
        ("Type", c.service_type.to_string()),
        ("Performance", c.performance.to_string()),
        ("Authentication", c.auth.to_string()),
        ("HSM model", c.line.to_string()),
        (
            "Partition",
            format!(
                "{} bytes · PPSO {} · SKS {} · STC {}",
                c.partition_size,
                yes(c.ppso),
                yes(c.sks),
                yes(c.stc)
            ),
        ),
    ];
    let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    let lines: Vec<Line<'static>> = rows
        .into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<w$}"), t.header),
                Span::raw(neutralize_line(&v)),
            ])
        })
        .collect();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(" General and Capabilities ");
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: false }),
        area,
    );
}
