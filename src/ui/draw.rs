//! `draw`: the whole screen from `&App` — the login screen before sign-in, otherwise the tab
//! bar, the active screen, the status bar and the bottom line — then the open modal on top.

use crate::app::App;
use crate::ui::frame::{bottom_line, modal, status_bar, tabs};
use crate::ui::screens;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

pub fn draw(app: &App, frame: &mut Frame) {
    let styles = if app.options.monochrome {
        Theme::mono()
    } else {
        Theme::default16()
    };
    let area = frame.area();
    if app.session.is_none() {
        if let Some(front) = crate::app::screen::front(app) {
            crate::screens::Screens::draw(app, front, frame, area);
        }
    } else {
        let [top, body, status, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        tabs::draw(frame, top, app, &styles);
        screens::draw(frame, body, app, &styles);
        status_bar::draw(frame, status, app, &styles);
        bottom_line::draw(frame, bottom, app, &styles);
    }
    screens::panel_dialog::draw(frame, area, app);
    if let Some(m) = &app.modal {
        modal::draw(frame, area, m, app, &styles);
    }
}
