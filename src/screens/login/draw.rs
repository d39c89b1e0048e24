//! Draws the sign-in screen (NAV-4): sign in, or on first start create the Admin with the
//! password typed twice. A password shows only whether it was typed: never in clear, nor its length.

use super::key_table::LoginKey;
use super::{Login, LoginField, LoginMode, LoginPhase};
use crate::app::App;
use crate::ui::frame::modal::centered;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

const LABEL: usize = 11;

fn field_line(label: &str, value: String, focused: bool, s: &Theme) -> Line<'static> {
    let marker = if focused { "▸ " } else { "  " };
    let style = if focused { s.selected } else { s.base };
    Line::from(vec![
        Span::raw(format!("{marker}{label:<LABEL$}")),
        Span::styled(format!("{value:<24}"), style),
    ])
}

/// `--demo` only: the two demo accounts, which exist only in the throwaway database (their
/// passwords are the README's, not secrets of anyone: the fields themselves stay masked).
fn demo_accounts(s: &Theme) -> Vec<Line<'static>> {
    use crate::ops::demo::{
        DEMO_OWNER, DEMO_OWNER_ORGANIZATION, DEMO_OWNER_PASSWORD, DEMO_PASSWORD, DEMO_USER,
    };
    vec![
        Line::styled(
            "Demo, throwaway database only: Enter signs in as the Admin;",
            s.muted,
        ),
        Line::styled("type over the fields to sign in as the Owner.", s.muted),
        Line::raw(format!("  Admin  {DEMO_USER:<5} / {DEMO_PASSWORD}")),
        Line::raw(format!(
            "  Owner  {DEMO_OWNER:<5} / {DEMO_OWNER_PASSWORD} (organization {DEMO_OWNER_ORGANIZATION})"
        )),
    ]
}

/// `--replay DIR`: the throwaway database holds the demo Admin (and the Owner only when the
/// recording was of the demo, which the sign-in screen does not know).
fn replay_account(s: &Theme) -> Vec<Line<'static>> {
    use crate::ops::demo::{DEMO_PASSWORD, DEMO_USER};
    vec![
        Line::styled(
            "Replay of a recording, throwaway database only: Enter signs",
            s.muted,
        ),
        Line::styled("in as the Admin; no device is reached.", s.muted),
        Line::raw(format!("  Admin  {DEMO_USER:<5} / {DEMO_PASSWORD}")),
    ]
}

pub(super) fn draw(frame: &mut Frame, area: Rect, login: &Login, app: &App) {
    let s = &crate::ui::screens::panel_common::theme(app);
    let demo = if app.options.replay && login.mode == LoginMode::SignIn {
        replay_account(s)
    } else if app.options.demo && login.mode == LoginMode::SignIn {
        demo_accounts(s)
    } else {
        Vec::new()
    };
    // The demo lines go under everything else (after a blank line when there is more).
    let extra = u16::try_from(demo.len()).unwrap_or(0);
    let rect = centered(area, 62, 14 + extra);
    let (title, intro) = match login.mode {
        LoginMode::Connecting => (" lunadeck ", "Opening the database…"),
        LoginMode::SignIn => (" lunadeck — sign in ", "Sign in with your console account."),
        LoginMode::CreateAdmin => (
            " lunadeck — first start ",
            "No account exists yet: create the console administrator (Admin).",
        ),
    };
    let editing = login.phase == LoginPhase::Editing;
    let mut lines = vec![Line::raw(intro), Line::raw("")];
    let mut cursor = None;
    for (row, field) in login.fields().iter().enumerate() {
        let (label, value) = match field {
            LoginField::Username => ("Username", login.username.clone()),
            LoginField::Password => ("Password", mark(&login.password)),
            LoginField::Confirm => ("Again", mark(&login.confirm)),
        };
        let focused = editing && *field == login.field;
        if focused {
            cursor = Some((row, value.chars().count()));
        }
        lines.push(field_line(label, value, focused, s));
    }
    lines.push(Line::raw(""));
    let under_fields = lines.len();
    if let Some(said) = &login.said {
        lines.push(Line::styled(
            crate::domain::text::neutralize_line(said),
            s.muted,
        ));
    }
    if let Some(err) = &login.error {
        lines.push(Line::styled(err.clone(), s.error));
    } else if login.phase == LoginPhase::Checking && login.mode != LoginMode::Connecting {
        lines.push(Line::styled("Checking…", s.muted));
    }
    if app.options.read_only {
        lines.push(Line::styled(
            "READ-ONLY: nothing can be changed in this session.",
            s.warning,
        ));
    }
    if !demo.is_empty() && lines.len() > under_fields {
        lines.push(Line::raw(""));
    }
    lines.extend(demo);
    let k = |a| app.keymap.label::<LoginKey>(a);
    let hint = format!(
        " {} next field · {} {} · Ctrl-C quit ",
        k(LoginKey::NextField),
        k(LoginKey::Submit),
        if login.mode == LoginMode::CreateAdmin {
            "create"
        } else {
            "sign in"
        }
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, s.title))
        .title_bottom(hint);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
    if let (Some((row, len)), true) = (cursor, app.modal.is_none()) {
        let x = rect.x + 1 + 2 + u16::try_from(LABEL + len).unwrap_or(0);
        let y = rect.y + 1 + 2 + u16::try_from(row).unwrap_or(0);
        frame.set_cursor_position(Position::new(x.min(rect.right()), y.min(rect.bottom())));
    }
}

/// What a password field shows: a fixed mark once typed, never its content nor its length.
fn mark(secret: &str) -> String {
    if secret.is_empty() {
        String::new()
    } else {
        crate::kit::secret_field::TYPED_MARK.to_string()
    }
}
