//! The body of the frame for the active tab: the tab's registered screen, and for Crypto
//! Services the navigation frame beside the screen of the item chosen in it.

pub mod panel_common;
pub mod panel_dialog;

use crate::app::{App, Tab};
use crate::ui::frame::nav;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// The navigation frame's width when shown.
const NAV_WIDTH: u16 = 23;
/// Narrower than this, the navigation frame folds while the screen has the focus.
const FOLD_BELOW: u16 = 100;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    match app.tab {
        Tab::Audit | Tab::Jobs | Tab::Devices | Tab::Accounts => {
            if let Some(front) = crate::app::screen::front(app) {
                crate::screens::Screens::draw(app, front, frame, area);
            }
        }
        Tab::CryptoServices => {
            // Below 100 columns the navigation frame folds away while the screen has the keys
            // (issue 11.2), so a 28-character service name is not cut; Left (h) brings it back.
            let folded = app.focus == crate::app::Focus::Content && area.width < FOLD_BELOW;
            let nav_w = if folded { 0 } else { NAV_WIDTH };
            let [left, right] =
                Layout::horizontal([Constraint::Length(nav_w), Constraint::Min(10)]).areas(area);
            if !folded {
                nav::draw(frame, left, app, s);
            }
            // Every navigation item has its screen.
            if let Some(ctx) = crate::screens::Screens::at(crate::app::Place::Nav(app.nav)) {
                crate::screens::Screens::draw(app, ctx, frame, right);
            }
        }
    }
}
