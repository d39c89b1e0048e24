//! The body of the frame for the active tab: the screens that exist (Devices, Jobs) and, for
//! the ones not built yet, a page saying what they will hold and which key opens them.

pub mod panel_common;
pub mod panel_dialog;
pub mod placeholder;

use crate::app::{App, Tab};
use crate::ui::frame::nav;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    match app.tab {
        Tab::Audit | Tab::Jobs | Tab::Devices | Tab::Accounts => {
            if let Some(front) = crate::app::screen::front(app) {
                crate::screens::Screens::draw(app, front, frame, area);
            }
        }
        Tab::CryptoServices => {
            let [left, right] =
                Layout::horizontal([Constraint::Length(23), Constraint::Min(10)]).areas(area);
            nav::draw(frame, left, app, s);
            if let Some(ctx) = crate::screens::Screens::at(crate::app::Place::Nav(app.nav)) {
                if crate::screens::Screens::draw(app, ctx, frame, right) {
                    return;
                }
            }
            if let Some(page) = placeholder::page(app.nav) {
                placeholder::draw(frame, right, page, app, s);
            }
        }
    }
}
