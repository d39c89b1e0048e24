//! Modals drawn over the frame: the help generated from the live key map, the quit
//! confirmation (default: Stay), notices and the fatal error that ends the console.

use crate::app::App;
use crate::app::key_action::ModalKey;
use crate::app::modal::{Modal, QuitChoice};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// A centred rectangle of at most `w` x `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn draw(frame: &mut Frame, area: Rect, modal: &Modal, app: &App, s: &Theme) {
    match modal {
        Modal::Help { scroll } => help(frame, area, *scroll, app, s),
        Modal::Messages { scroll } => messages(frame, area, *scroll, app, s),
        Modal::ConfirmQuit { running, choice } => {
            confirm_quit(frame, area, *running, *choice, app, s)
        }
        Modal::Notice { title, message } => text_box(frame, area, title, message, app, s),
        Modal::Fatal { message } => text_box(
            frame,
            area,
            "lunadeck cannot continue",
            &format!("{message}\n\nPress Enter to quit."),
            app,
            s,
        ),
    }
}

/// The help's lines: one section per context, each bound action with its keys.
pub fn help_lines(app: &App, s: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in app.keymap.help() {
        if section.rows.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(section.title, s.title));
        for (keys, what) in section.rows {
            lines.push(Line::raw(format!("  {keys:<20} {what}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        "  Ctrl-C               quit (asks first while jobs run)",
    ));
    lines
}

fn help(frame: &mut Frame, area: Rect, scroll: u16, app: &App, s: &Theme) {
    let rect = centered(area, 76, area.height.saturating_sub(2));
    let close = app.keymap.first_key(ModalKey::Cancel);
    let scroll_keys = format!(
        "{}/{}",
        app.keymap.first_key(ModalKey::Down),
        app.keymap.first_key(ModalKey::Up)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Keys (from your key map) ")
        .title_bottom(format!(" {scroll_keys} scroll · {close} close "));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        // Wrapped: a long sentence is never cut (issue 11.1).
        Paragraph::new(help_lines(app, s))
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rect,
    );
}

/// The message log, newest first: each message numbered, in full, wrapped (issue 11.1).
fn messages(frame: &mut Frame, area: Rect, scroll: u16, app: &App, s: &Theme) {
    let rect = centered(area, 96, area.height.saturating_sub(2));
    let close = app.keymap.first_key(ModalKey::Cancel);
    let scroll_keys = format!(
        "{}/{}",
        app.keymap.first_key(ModalKey::Down),
        app.keymap.first_key(ModalKey::Up)
    );
    let mut lines: Vec<Line<'static>> = Vec::new();
    for m in app.messages.newest_first() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>4}  ", m.number), s.muted),
            Span::raw(crate::domain::text::neutralize_line(&m.text)),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "Nothing has been said yet in this session.",
            s.muted,
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Messages ({}), newest first ", app.messages.len()))
        .title_bottom(format!(" {scroll_keys} scroll · {close} close "));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rect,
    );
}

fn confirm_quit(
    frame: &mut Frame,
    area: Rect,
    running: usize,
    choice: QuitChoice,
    app: &App,
    s: &Theme,
) {
    let (plural, them) = if running == 1 {
        ("job is", "it")
    } else {
        ("jobs are", "them")
    };
    let mut lines = vec![
        Line::raw(format!("{running} {plural} still running.")),
        Line::raw(format!(
            "Quitting stops following {them}; a device may be left"
        )),
        Line::raw("in the middle of an operation."),
    ];
    // MIG-5: what becomes of a running migration.
    let jobs = &app.screens.jobs;
    let migration = crate::domain::operation::Operation::MigrateService.name();
    let migrating = jobs
        .table
        .rows()
        .iter()
        .any(|j| jobs.running.contains(&j.id) && j.operation == migration);
    if migrating {
        lines.push(Line::styled(
            "A migration is running: the targets already migrated stay; the one in the middle \
             keeps what was done so far. Migrate Service then lists it as interrupted: refresh \
             its targets and repair (p).",
            s.warning,
        ));
    }
    lines.push(Line::raw(""));
    let rect = centered(area, 60, if migrating { 13 } else { 9 });
    lines.extend([
        // The same buttons as every dialog: the focused one marked ▶ as well as styled.
        crate::ui::widgets::modal::button_row(
            &[
                crate::ui::widgets::modal::Button {
                    label: "Stay",
                    focused: choice == QuitChoice::Stay,
                    enabled: true,
                    destructive: false,
                },
                crate::ui::widgets::modal::Button {
                    label: "Quit anyway",
                    focused: choice == QuitChoice::Quit,
                    enabled: true,
                    destructive: true,
                },
            ],
            s,
        ),
    ]);
    let hint = format!(
        " {} switch · {} choose · {} stay ",
        app.keymap.first_key(ModalKey::NextChoice),
        app.keymap.first_key(ModalKey::Confirm),
        app.keymap.first_key(ModalKey::Cancel)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Quit lunadeck? ")
        .title_bottom(hint);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn text_box(frame: &mut Frame, area: Rect, title: &str, message: &str, app: &App, s: &Theme) {
    let rect = centered(area, 64, 10);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), s.error))
        .title_bottom(format!(" {} close ", app.keymap.label(ModalKey::Confirm)));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        // Errors quote names and device output: neutralized, line breaks kept.
        Paragraph::new(crate::domain::text::neutralize_text(message))
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
