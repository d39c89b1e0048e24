//! What the Devices, Jobs, Audit and Accounts screens share: the theme of the session, the
//! key-hint row generated from the live key map, and the "not loaded yet" line.

use crate::app::App;
use crate::app::key_action::{Context, KeyAction};
use crate::ui::theme::Theme;
use crate::ui::widgets::KeyHints;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub fn theme(app: &App) -> Theme {
    if app.options.monochrome {
        Theme::mono()
    } else {
        Theme::default16()
    }
}

/// The first key bound to `action` in `ctx`, as hints print it.
pub fn key(app: &App, ctx: Context, action: KeyAction) -> String {
    app.keymap.first_key(ctx, action)
}

/// A hint line from (key, label) pairs already looked up (see `key`).
pub fn pair_hints(frame: &mut Frame, area: Rect, pairs: &[(String, &str)], theme: &Theme) {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    frame.render_widget(KeyHints::new(&refs, theme), area);
}

/// The dialog keys as the user's key map binds them (named in every dialog's hint line).
pub fn dialog_keys(app: &App) -> crate::ui::widgets::DialogKeys {
    use crate::app::key_action::{Context, KeyAction};
    let key = |a| app.keymap.first_key(Context::Dialog, a);
    crate::ui::widgets::DialogKeys {
        submit: key(KeyAction::Submit),
        cancel: key(KeyAction::Cancel),
        next: key(KeyAction::NextField),
    }
}

/// Splits `area` into the screen body and one hint line under it.
pub fn body_and_hints(area: Rect) -> (Rect, Rect) {
    let [body, hints] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    (body, hints)
}

/// Draws "key label" hints for `actions` of `ctx`, from the key map (unbound ones left out).
pub fn hints(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    ctx: Context,
    actions: &[(KeyAction, &str)],
) {
    let t = theme(app);
    let keys: Vec<(String, &str)> = actions
        .iter()
        .filter_map(|(a, label)| {
            let k = app.keymap.keys_for(ctx, *a);
            let first = k.first()?;
            Some((first.to_string(), *label))
        })
        .collect();
    let pairs: Vec<(&str, &str)> = keys.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    frame.render_widget(KeyHints::new(&pairs, &t), area);
}
