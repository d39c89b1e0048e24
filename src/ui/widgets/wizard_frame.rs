//! The one wizard frame: a steps list with the current step highlighted, a body area the
//! screen fills, and Back / Next / Cancel (Finish on the last step) key hints.

use super::key_hints::KeyHints;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

/// Areas of a wizard frame; the screen draws its step body into `body`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WizardAreas {
    pub steps: Rect,
    pub body: Rect,
    pub hints: Rect,
}

/// The keys shown for Back / Next / Finish / Cancel (the app's key map decides them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WizardKeys<'a> {
    pub back: &'a str,
    pub next: &'a str,
    pub finish: &'a str,
    pub cancel: &'a str,
}

impl Default for WizardKeys<'_> {
    /// Tab stays with the body's form fields, so steps move with PgUp/PgDn.
    fn default() -> Self {
        WizardKeys {
            back: "PgUp",
            next: "PgDn",
            finish: "F10",
            cancel: "Esc",
        }
    }
}

/// Draws the frame around a wizard; the step enum stays the app's (pass titles + index).
pub struct WizardFrame<'a> {
    pub title: &'a str,
    pub steps: &'a [&'a str],
    pub current: usize,
    pub theme: &'a Theme,
    pub keys: WizardKeys<'a>,
    /// Hints that replace Back / Next / Cancel (a wizard showing its job or its result).
    pub custom: Option<Vec<(&'a str, &'static str)>>,
}

impl<'a> WizardFrame<'a> {
    pub fn new(title: &'a str, steps: &'a [&'a str], current: usize, theme: &'a Theme) -> Self {
        WizardFrame {
            title,
            steps,
            current,
            theme,
            keys: WizardKeys::default(),
            custom: None,
        }
    }

    /// The hint line says these keys instead of Back / Next / Cancel.
    pub fn custom_hints(mut self, hints: Vec<(&'a str, &'static str)>) -> Self {
        self.custom = Some(hints);
        self
    }

    pub fn keys(mut self, keys: WizardKeys<'a>) -> Self {
        self.keys = keys;
        self
    }

    fn block(&self) -> Block<'static> {
        let n = self.steps.len();
        let step = (self.current + 1).min(n);
        let name = self.steps.get(self.current).copied().unwrap_or("");
        Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border)
            .title(Line::styled(
                format!(" {} — step {step} of {n}: {name} ", self.title),
                self.theme.title,
            ))
    }

    /// Below this inner width the steps list folds away (the title names the step), so the
    /// body keeps room for its fields and their errors at 80 columns.
    const FOLD_BELOW: u16 = 90;

    /// Where the steps, the body and the hints go inside `area`.
    pub fn areas(&self, area: Rect) -> WizardAreas {
        let inner = self.block().inner(area);
        let [main, hints] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let widest = self
            .steps
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0);
        let steps_w = u16::try_from(widest + 6)
            .unwrap_or(u16::MAX)
            .min(inner.width / 3);
        let (steps_w, gap) = if inner.width < Self::FOLD_BELOW {
            (0, 0)
        } else {
            (steps_w, 1)
        };
        let [steps, _gap, body] = Layout::horizontal([
            Constraint::Length(steps_w),
            Constraint::Length(gap),
            Constraint::Min(1),
        ])
        .areas(main);
        WizardAreas { steps, body, hints }
    }

    fn is_last(&self) -> bool {
        self.current + 1 >= self.steps.len()
    }

    /// Key hints for this step (Back only after the first, Finish on the last).
    pub fn hints(&self) -> Vec<(&'a str, &'static str)> {
        if let Some(custom) = &self.custom {
            return custom.clone();
        }
        let k = self.keys;
        let mut h = Vec::new();
        if self.current > 0 {
            h.push((k.back, "Back"));
        }
        if self.is_last() {
            h.push((k.finish, "Finish"));
        } else {
            h.push((k.next, "Next"));
        }
        h.push((k.cancel, "Cancel"));
        h
    }
}

impl Widget for WizardFrame<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let areas = self.areas(area);
        self.block().render(area, buf);
        let t = self.theme;
        let lines: Vec<Line<'static>> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (mark, style) = match i.cmp(&self.current) {
                    std::cmp::Ordering::Less => ("✔", t.muted),
                    std::cmp::Ordering::Equal => ("▶", t.selected),
                    std::cmp::Ordering::Greater => (" ", t.base),
                };
                Line::from(vec![Span::styled(format!("{mark} {}. {s}", i + 1), style)])
            })
            .collect();
        Paragraph::new(lines).render(areas.steps, buf);
        let divider_x = areas.steps.right();
        let folded = areas.steps.width == 0;
        for y in (areas.steps.top()..areas.steps.bottom()).filter(|_| !folded) {
            if let Some(cell) = buf.cell_mut((divider_x, y)) {
                cell.set_symbol("│").set_style(t.border);
            }
        }
        let hints = self.hints();
        KeyHints::new(&hints, t).render(areas.hints, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_3_wizard_hints_show_back_after_first_and_finish_on_last() {
        let t = Theme::mono();
        let steps = ["Name", "Devices", "Summary"];
        let labels = |i| -> Vec<&str> {
            WizardFrame::new("New service", &steps, i, &t)
                .hints()
                .into_iter()
                .map(|(_, l)| l)
                .collect()
        };
        assert_eq!(labels(0), ["Next", "Cancel"]);
        assert_eq!(labels(1), ["Back", "Next", "Cancel"]);
        assert_eq!(labels(2), ["Back", "Finish", "Cancel"]);
    }
}
