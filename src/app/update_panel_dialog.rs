//! Keys in the open dialog (a screen's form, the host-key question, confirmations, messages).
//! Part of `update` (pure): answers become requests; a form's Submit goes to its screen.

use super::action::{Action, Command};
use super::message::BackendRequest;
use super::panel_dialog::{Dialog, FormDialog};
use super::panel_message::PanelRequest;
use super::state::App;
use crate::kit::{DialogInput, FormKey, ModalOutcome};

fn panel(r: PanelRequest) -> Vec<Command> {
    vec![Command::Backend(BackendRequest::Panel(r))]
}

/// A key for the open dialog; every other action is ignored while it is open.
pub fn dialog(app: &mut App, action: Action) -> Vec<Command> {
    let Action::Dialog(key) = action else {
        return Vec::new();
    };
    let Some(d) = app.panels.dialog.take() else {
        return Vec::new();
    };
    let (keep, commands) = match d {
        Dialog::Form(mut f) => {
            let (open, c) = form_key(app, &mut f, key);
            (open.then_some(Dialog::Form(f)), c)
        }
        Dialog::HostKey { mut modal, prompt } => match modal.handle(key) {
            ModalOutcome::Pending => (Some(Dialog::HostKey { modal, prompt }), Vec::new()),
            outcome => {
                let trust = outcome == ModalOutcome::Confirmed;
                app.notice = Some(if trust {
                    format!("Host key of {} trusted and recorded.", prompt.device)
                } else {
                    format!(
                        "Host key of {} rejected: nothing was sent to it.",
                        prompt.device
                    )
                });
                let r = PanelRequest::AnswerHostKey {
                    reply: prompt.reply,
                    trust,
                };
                (None, panel(r))
            }
        },
        Dialog::Confirm { mut modal, then } => match modal.handle(key) {
            ModalOutcome::Pending => (Some(Dialog::Confirm { modal, then }), Vec::new()),
            ModalOutcome::Confirmed => (None, vec![Command::Backend(then)]),
            ModalOutcome::Cancelled => (None, Vec::new()),
        },
        Dialog::Message(mut m) => match m.handle(key) {
            ModalOutcome::Pending => (Some(Dialog::Message(m)), Vec::new()),
            _ => (None, Vec::new()),
        },
        Dialog::Screen(d) => {
            let (keep, commands) = crate::screens::Screens::dialog_key(app, d, key);
            (keep.map(Dialog::Screen), commands)
        }
    };
    match keep {
        // The screen may have opened the next dialog meanwhile: that one waits its turn.
        Some(d) if app.panels.dialog.is_none() => app.panels.dialog = Some(d),
        Some(d) => {
            let next = app.panels.dialog.replace(d);
            app.panels.waiting.extend(next);
        }
        None if app.panels.dialog.is_none() => app.panels.close(),
        None => {}
    }
    commands
}

/// Returns whether the form stays open, and what to send.
fn form_key(app: &mut App, f: &mut FormDialog, key: DialogInput) -> (bool, Vec<Command>) {
    if key == DialogInput::Cancel {
        return (false, Vec::new());
    }
    if f.waiting {
        return (true, Vec::new());
    }
    if f.form.handle(key) != FormKey::Submit {
        return (true, Vec::new());
    }
    f.form.clear_errors();
    match crate::screens::Screens::submit(app, &f.kind, &mut f.form) {
        Some(commands) => {
            f.waiting = true;
            (true, commands)
        }
        None => (true, Vec::new()),
    }
}
