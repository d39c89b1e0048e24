//! The frame's part of the tab screens: the `/` filter handed to the screen in front, and
//! the answers to the open form. Part of `update` (pure).

use super::action::Command;
use super::message::BackendRequest;
use super::panel_dialog::Dialog;
use super::panel_message::PanelEvent;
use super::state::App;
use super::tab::Tab;
use crate::domain::DomainError;
use crate::domain::operation::Operation;

fn may_read_audit(app: &App) -> bool {
    app.session
        .as_ref()
        .is_some_and(|s| s.read_refusal(Operation::ViewAudit).is_none())
}

/// After every update: the `/` filter applies to the registered screen in front.
pub fn sync(app: &mut App) {
    let text = app
        .filter
        .as_ref()
        .map(|f| f.text.text().to_lowercase())
        .unwrap_or_default();
    if let Some(front) = super::screen::front(app) {
        app.screens.filter(front, &text);
    }
}

/// Answers to the open form (any screen's).
pub fn backend(app: &mut App, e: PanelEvent) -> Vec<Command> {
    let p = &mut app.panels;
    match e {
        PanelEvent::Done { message } => {
            if matches!(&p.dialog, Some(Dialog::Form(f)) if f.waiting) {
                p.close();
            }
            app.notice = Some(message);
            if may_read_audit(app) && app.tab == Tab::Audit {
                let list = crate::screens::audit::Request::List;
                return vec![Command::Backend(BackendRequest::Screen(list.into()))];
            }
        }
        PanelEvent::Refused { message, error } => match &mut p.dialog {
            Some(Dialog::Form(f)) if f.waiting => {
                f.waiting = false;
                f.form
                    .apply_domain_error(&error.unwrap_or_else(|| DomainError::refused(message)));
            }
            _ => app.notice = Some(message),
        },
    }
    Vec::new()
}
