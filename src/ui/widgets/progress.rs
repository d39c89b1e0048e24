//! Per-device progress rows for the Jobs screen (device, bar, done/total, step, elapsed) and
//! the status-bar spinner. ASCII-safe bar and spinner for any jump-host terminal.

use super::status::StatusStyle;
use crate::kit::Status;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use std::time::Duration;

/// Progress of one device within a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceProgress {
    pub device: String,
    pub done: u32,
    pub total: u32,
    pub step: String,
    pub elapsed: Duration,
    pub status: Status,
}

/// Frame `tick` of the spinner shown while anything runs.
pub fn spinner_frame(tick: u64) -> &'static str {
    const FRAMES: [&str; 4] = ["|", "/", "-", "\\"];
    FRAMES.get((tick % 4) as usize).copied().unwrap_or("|")
}

/// "42s", "3m05s", "1h02m".
pub fn format_elapsed(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// Draws one line per device; rows beyond the area height are not built.
pub struct ProgressRows<'a> {
    rows: &'a [DeviceProgress],
    theme: &'a Theme,
}

impl<'a> ProgressRows<'a> {
    pub fn new(rows: &'a [DeviceProgress], theme: &'a Theme) -> Self {
        ProgressRows { rows, theme }
    }

    fn line(&self, p: &DeviceProgress, width: u16) -> Line<'static> {
        let t = self.theme;
        let device_w = 14usize;
        let bar_w = if width >= 100 { 30 } else { 16 };
        let filled = if p.total == 0 {
            0
        } else {
            (bar_w * p.done.min(p.total) as usize) / p.total as usize
        };
        let device: String = if p.device.chars().count() > device_w {
            let mut d: String = p.device.chars().take(device_w - 1).collect();
            d.push('…');
            d
        } else {
            p.device.clone()
        };
        Line::from(vec![
            Span::raw(format!("{device:<device_w$} ")),
            Span::styled("#".repeat(filled), t.progress_filled),
            Span::styled(".".repeat(bar_w - filled), t.progress_empty),
            Span::raw(format!(" {:>3}/{:<3} ", p.done, p.total)),
            Span::styled(format!("{:<12}", p.status.text()), p.status.kind.style(t)),
            Span::styled(format!("{:>6} ", format_elapsed(p.elapsed)), t.muted),
            Span::raw(p.step.clone()),
        ])
    }
}

impl Widget for ProgressRows<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines: Vec<Line<'static>> = self
            .rows
            .iter()
            .take(usize::from(area.height))
            .map(|p| self.line(p, area.width))
            .collect();
        Paragraph::new(lines).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::StatusKind;

    #[test]
    fn x_1_elapsed_and_spinner_frames() {
        let cases = [
            (0, "0s"),
            (59, "59s"),
            (60, "1m00s"),
            (185, "3m05s"),
            (3720, "1h02m"),
        ];
        for (secs, want) in cases {
            assert_eq!(format_elapsed(Duration::from_secs(secs)), want);
        }
        let frames: Vec<&str> = (0..5).map(spinner_frame).collect();
        assert_eq!(frames, ["|", "/", "-", "\\", "|"]);
        assert_eq!(spinner_frame(u64::MAX), "\\");
    }

    #[test]
    fn x_1_progress_bar_is_proportional_and_safe_on_zero_total() {
        let t = Theme::mono();
        let mut p = DeviceProgress {
            device: "hsm-a".into(),
            done: 3,
            total: 4,
            step: "partition create".into(),
            elapsed: Duration::from_secs(5),
            status: Status::new(StatusKind::Running),
        };
        let rows = ProgressRows::new(&[], &t);
        let text = rows.line(&p, 80).to_string();
        assert!(text.contains("############.... "), "{text}");
        assert!(text.contains("3/4") && text.contains("↻ running") && text.contains("5s"));
        p.total = 0;
        p.done = 9;
        let text = rows.line(&p, 80).to_string();
        assert!(text.contains("................"), "{text}");
    }
}
