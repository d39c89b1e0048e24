//! What the Devices, Jobs, Audit and Accounts screens share: the theme of the session, the
//! key-hint row generated from the live key map, and the "not loaded yet" line.

use crate::app::App;
use crate::app::key_table::KeyTable;
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

/// The first key bound to `action`, as hints print it.
pub fn key<T: KeyTable>(app: &App, action: T) -> String {
    app.keymap.first_key(action)
}

/// A hint line from (key, label) pairs already looked up (see `key`).
pub fn pair_hints(frame: &mut Frame, area: Rect, pairs: &[(String, &str)], theme: &Theme) {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    frame.render_widget(KeyHints::new(&refs, theme), area);
}

/// The dialog keys as the user's key map binds them (named in every dialog's hint line).
pub fn dialog_keys(app: &App) -> crate::ui::widgets::DialogKeys {
    use crate::app::key_action::DialogKey;
    let key = |a| app.keymap.first_key::<DialogKey>(a);
    crate::ui::widgets::DialogKeys {
        submit: key(DialogKey::Submit),
        cancel: key(DialogKey::Cancel),
        next: key(DialogKey::NextField),
    }
}

/// Splits `area` into the screen body and one hint line under it.
pub fn body_and_hints(area: Rect) -> (Rect, Rect) {
    let [body, hints] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    (body, hints)
}

/// Draws "key label" hints for `actions` of one table, from the key map (unbound ones left out).
pub fn hints<T: KeyTable>(frame: &mut Frame, area: Rect, app: &App, actions: &[(T, &str)]) {
    let t = theme(app);
    let keys: Vec<(String, &str)> = actions
        .iter()
        .filter_map(|(a, label)| {
            let k = app.keymap.keys_for(*a);
            let first = k.first()?;
            Some((first.to_string(), *label))
        })
        .collect();
    let pairs: Vec<(&str, &str)> = keys.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    frame.render_widget(KeyHints::new(&pairs, &t), area);
}

/// The keys a wizard frame shows for Back / Next / Finish / Cancel, from the live key map.
pub struct WizardKeyNames {
    pub back: String,
    /// Enter/PageDown: Next on a form step.
    pub next: String,
    /// PageDown alone: Next on a step where Enter does something else.
    pub next_step: String,
    pub finish: String,
    pub cancel: String,
}

impl WizardKeyNames {
    pub fn of(app: &App) -> Self {
        use crate::app::key_action::DialogKey;
        let k = |a| app.keymap.first_key::<DialogKey>(a);
        WizardKeyNames {
            back: k(DialogKey::PrevStep),
            next: format!("{}/{}", k(DialogKey::Submit), k(DialogKey::NextStep)),
            next_step: k(DialogKey::NextStep),
            finish: k(DialogKey::Submit),
            cancel: k(DialogKey::Cancel),
        }
    }

    pub fn keys(&self) -> crate::ui::widgets::WizardKeys<'_> {
        crate::ui::widgets::WizardKeys {
            back: &self.back,
            next: &self.next,
            finish: &self.finish,
            cancel: &self.cancel,
        }
    }
}
