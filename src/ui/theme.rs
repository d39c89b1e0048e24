//! Every style the console draws with, in one place: a 16-colour default theme and a
//! monochrome theme for `NO_COLOR` / `--no-color` where selection is reverse video + bold.

use ratatui::style::{Color, Modifier, Style};

/// Which palette a theme was built from (screens may print it in help or diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeKind {
    Default16,
    Mono,
}

/// Named styles. Screens never build a `Style` themselves; they pick one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub kind: ThemeKind,
    pub base: Style,
    pub header: Style,
    pub selected: Style,
    pub status_up: Style,
    pub status_degraded: Style,
    pub status_down: Style,
    pub status_unknown: Style,
    pub status_running: Style,
    pub error: Style,
    pub warning: Style,
    pub success: Style,
    pub muted: Style,
    pub focus: Style,
    pub tab_active: Style,
    pub tab_inactive: Style,
    pub key_hint: Style,
    pub modal_border: Style,
    pub destructive: Style,
    pub disabled: Style,
    pub title: Style,
    pub border: Style,
    pub progress_filled: Style,
    pub progress_empty: Style,
    /// The frame's status bar (user, jobs, devices).
    pub status_bar: Style,
    /// The READ-ONLY marker at the right of the status bar: stands out from the bar.
    pub read_only: Style,
}

impl Theme {
    /// The default theme: only the 16 ANSI colours, so it renders the same on any jump host.
    pub fn default16() -> Self {
        let bold = Modifier::BOLD;
        Theme {
            kind: ThemeKind::Default16,
            base: Style::default(),
            header: Style::default().fg(Color::Yellow).add_modifier(bold),
            selected: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            status_up: Style::default().fg(Color::Green),
            status_degraded: Style::default().fg(Color::Yellow),
            status_down: Style::default().fg(Color::Red).add_modifier(bold),
            status_unknown: Style::default().fg(Color::Gray),
            status_running: Style::default().fg(Color::Cyan),
            error: Style::default().fg(Color::LightRed).add_modifier(bold),
            warning: Style::default().fg(Color::Yellow),
            success: Style::default().fg(Color::Green).add_modifier(bold),
            muted: Style::default().fg(Color::DarkGray),
            focus: Style::default().fg(Color::Cyan).add_modifier(bold),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            tab_inactive: Style::default().fg(Color::Gray),
            key_hint: Style::default().fg(Color::Cyan).add_modifier(bold),
            modal_border: Style::default().fg(Color::Yellow),
            destructive: Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(bold),
            disabled: Style::default().fg(Color::DarkGray),
            title: Style::default().add_modifier(bold),
            border: Style::default().fg(Color::Gray),
            progress_filled: Style::default().fg(Color::Cyan),
            progress_empty: Style::default().fg(Color::DarkGray),
            status_bar: Style::default().fg(Color::White).bg(Color::Blue),
            read_only: Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(bold),
        }
    }

    /// No colours at all: emphasis by modifiers only; the selection is REVERSED + BOLD.
    pub fn mono() -> Self {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reversed_bold = plain.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        Theme {
            kind: ThemeKind::Mono,
            base: plain,
            header: bold.add_modifier(Modifier::UNDERLINED),
            selected: reversed_bold,
            status_up: plain,
            status_degraded: bold,
            status_down: bold,
            status_unknown: plain,
            status_running: plain,
            error: bold,
            warning: bold,
            success: bold,
            muted: plain.add_modifier(Modifier::DIM),
            focus: bold.add_modifier(Modifier::UNDERLINED),
            tab_active: reversed_bold,
            tab_inactive: plain,
            key_hint: bold,
            modal_border: bold,
            destructive: reversed_bold.add_modifier(Modifier::UNDERLINED),
            disabled: plain.add_modifier(Modifier::DIM | Modifier::CROSSED_OUT),
            title: bold,
            border: plain,
            progress_filled: plain,
            progress_empty: plain.add_modifier(Modifier::DIM),
            status_bar: plain.add_modifier(Modifier::REVERSED),
            read_only: bold.add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Chooses the theme: `--no-color`, or a `NO_COLOR` variable that is set and not empty
    /// (no-color.org), selects the monochrome theme.
    pub fn pick(no_color_flag: bool, no_color_env: Option<&str>) -> Self {
        let env_says_mono = no_color_env.is_some_and(|v| !v.is_empty());
        if no_color_flag || env_says_mono {
            Theme::mono()
        } else {
            Theme::default16()
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::default16()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_3_pick_follows_flag_and_no_color_env() {
        let cases = [
            (false, None, ThemeKind::Default16),
            (false, Some(""), ThemeKind::Default16),
            (false, Some("1"), ThemeKind::Mono),
            (true, None, ThemeKind::Mono),
            (true, Some(""), ThemeKind::Mono),
        ];
        for (flag, env, want) in cases {
            assert_eq!(Theme::pick(flag, env).kind, want, "flag={flag} env={env:?}");
        }
    }

    #[test]
    fn x_3_mono_uses_no_colour_and_selection_is_reversed_bold() {
        let t = Theme::mono();
        let all = [
            t.base,
            t.header,
            t.selected,
            t.status_up,
            t.status_degraded,
            t.status_down,
            t.status_unknown,
            t.status_running,
            t.error,
            t.warning,
            t.success,
            t.muted,
            t.focus,
            t.tab_active,
            t.tab_inactive,
            t.key_hint,
            t.modal_border,
            t.destructive,
            t.disabled,
            t.title,
            t.border,
            t.progress_filled,
            t.progress_empty,
            t.status_bar,
            t.read_only,
        ];
        for s in all {
            assert_eq!((s.fg, s.bg), (None, None), "{s:?}");
        }
        assert!(
            t.selected
                .add_modifier
                .contains(Modifier::REVERSED | Modifier::BOLD)
        );
    }

    #[test]
    fn x_3_default_theme_uses_only_the_16_ansi_colours() {
        let t = Theme::default16();
        for s in [
            t.selected,
            t.status_down,
            t.muted,
            t.destructive,
            t.focus,
            t.status_bar,
            t.read_only,
        ] {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                    "{c:?} is not one of the 16 ANSI colours"
                );
            }
        }
    }
}
