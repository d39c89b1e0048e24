//! Draws the Service Templates screen: the table (columns by content and priority), the
//! selected template's General or Capabilities tab below it, and the key hints.

use super::key_table::TemplatesKey;
use super::{DetailTab, Templates};
use crate::app::App;
use crate::app::key_action::ListKey;
use crate::domain::template::Capabilities;
use crate::domain::text::neutralize_line;
use crate::ui::screens::panel_common::{body_and_hints, key, pair_hints, theme};
use crate::ui::theme::Theme;
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
    let block = || {
        Block::default()
            .borders(Borders::ALL)
            .title(" Service Templates ")
    };
    if let Some(why) = &p.refused {
        let text = Paragraph::new(neutralize_line(why)).style(t.warning);
        frame.render_widget(text.block(block()).wrap(Wrap { trim: true }), body);
    } else if !p.loaded {
        frame.render_widget(
            Paragraph::new("Loading the templates…").block(block()),
            body,
        );
    } else {
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(8)]).areas(body);
        DataTable::new(&t)
            .priorities(&PRIORITIES)
            .title("Service Templates")
            .empty_text("No service templates yet: press a to create one.")
            .render_ref(list, frame.buffer_mut(), &p.table);
        details(p, app, frame, detail, &t);
    }
    let pairs = [
        (key(app, TemplatesKey::Add), "add"),
        (key(app, TemplatesKey::Copy), "copy"),
        (key(app, TemplatesKey::Edit), "edit tab"),
        (key(app, TemplatesKey::Delete), "delete"),
        (key(app, ListKey::Open), "details"),
        (key(app, TemplatesKey::Refresh), "refresh"),
        (key(app, TemplatesKey::Sort), "sort"),
        (key(app, TemplatesKey::SortReverse), "reverse"),
    ];
    pair_hints(frame, hint, &pairs, &t);
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The Capabilities of a template as label/value rows (the tab and the wizard's Summary).
pub(crate) fn capability_rows(c: &Capabilities) -> Vec<(&'static str, String)> {
    vec![
        ("Service type", c.service_type.to_string()),
        ("Performance", c.performance.to_string()),
        ("Authentication", c.auth.to_string()),
        ("HSM model", c.line.to_string()),
        ("Partition size", format!("{} bytes", c.partition_size)),
        (
            "Partition",
            format!(
                "Per-Partition SO {} · Scalable Key Storage {} · STC {}",
                yes(c.ppso),
                yes(c.sks),
                yes(c.stc)
            ),
        ),
    ]
}

/// Label/value rows, the labels aligned, every value neutralized.
pub(crate) fn rows_lines(rows: Vec<(&'static str, String)>, t: &Theme) -> Vec<Line<'static>> {
    let w = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 2;
    rows.into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<w$}"), t.header),
                Span::raw(neutralize_line(&v)),
            ])
        })
        .collect()
}

/// TPL-1: the selected template's General or Capabilities tab (the tab keys switch).
fn details(p: &Templates, app: &App, frame: &mut Frame, area: Rect, t: &Theme) {
    let Some(tpl) = p.table.selected_row() else {
        return;
    };
    let rows = match p.tab {
        DetailTab::General => vec![
            ("Name", tpl.name.clone()),
            ("Description", tpl.description.clone()),
        ],
        DetailTab::Capabilities => capability_rows(&tpl.capabilities),
    };
    let tab = |name: &str, on: bool, k: String| {
        let style = if on { t.selected } else { t.muted };
        Span::styled(format!(" {k} {name} "), style)
    };
    let title = Line::from(vec![
        tab(
            "General",
            p.tab == DetailTab::General,
            key(app, TemplatesKey::General),
        ),
        Span::raw(" "),
        tab(
            "Capabilities",
            p.tab == DetailTab::Capabilities,
            key(app, TemplatesKey::Capabilities),
        ),
        Span::styled(
            format!(" · {} edits this tab ", key(app, TemplatesKey::Edit)),
            t.muted,
        ),
    ]);
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title(title);
    frame.render_widget(
        Paragraph::new(rows_lines(rows, t))
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
