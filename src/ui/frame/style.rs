//! The few styles the frame uses, in colour (16-colour palette) or monochrome (X-3: NO_COLOR,
//! selection by reverse video and bold). To be folded into `ui::theme` once it is merged.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub mono: bool,
    pub base: Style,
    pub selected: Style,
    pub active_tab: Style,
    pub bar: Style,
    pub title: Style,
    pub hint: Style,
    pub error: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    pub read_only: Style,
}

impl Styles {
    pub fn new(mono: bool) -> Styles {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reverse = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        if mono {
            return Styles {
                mono,
                base: Style::new(),
                selected: reverse,
                active_tab: reverse,
                bar: Style::new().add_modifier(Modifier::REVERSED),
                title: bold,
                hint: Style::new(),
                error: bold,
                good: Style::new(),
                bad: bold,
                warn: bold,
                read_only: reverse,
            };
        }
        Styles {
            mono,
            base: Style::new(),
            selected: reverse,
            active_tab: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::White).bg(Color::Blue),
            title: bold.fg(Color::Cyan),
            hint: Style::new().fg(Color::DarkGray),
            error: bold.fg(Color::Red),
            good: Style::new().fg(Color::Green),
            bad: bold.fg(Color::Red),
            warn: Style::new().fg(Color::Yellow),
            read_only: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        }
    }
}
