//! Draws DEV-1's detail view over the device table: every fact of the selected appliance,
//! labels apart from values, long values wrapped, never cut.

use crate::app::App;
use crate::app::key_action::ListKey;
use crate::app::state::Loaded;
use crate::domain::text::neutralize_line;
use crate::ops::device_detail::DeviceDetail;
use crate::ui::screens::panel_common::theme;
use crate::ui::widgets::centered;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The label column's width ("Authentication" and two spaces).
const LABEL: usize = 16;

pub(super) fn draw(detail: &Loaded<Box<DeviceDetail>>, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let close = app.keymap.first_key(ListKey::Back);
    let (title, lines) = match detail {
        Loaded::Loading => (
            " Device ".to_string(),
            vec![Line::raw("Reading the device…")],
        ),
        Loaded::Failed(why) => (
            " Device ".to_string(),
            vec![Line::styled(neutralize_line(why), t.error)],
        ),
        Loaded::Ready(d) => (
            format!(" Device {} ", neutralize_line(&d.name)),
            lines(d, &t),
        ),
    };
    let rect = centered(area, 90, area.height.saturating_sub(2));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .title_bottom(format!(" {close} close "));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn lines(d: &DeviceDetail, t: &crate::ui::theme::Theme) -> Vec<Line<'static>> {
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<LABEL$}"), t.muted),
            Span::raw(neutralize_line(&value)),
        ])
    };
    let licences = match d.licences {
        Some(l) => format!("{} of {} partitions used", l.used, l.allowed),
        None => "not reported by this software (5.x)".into(),
    };
    let authorized = if d.authorized {
        "HSM SO authorized for this session"
    } else {
        "not authorized in this session"
    };
    let keys = match &d.host_key {
        Ok(keys) => keys.join(", "),
        Err(why) => why.clone(),
    };
    vec![
        row("Name", d.name.clone()),
        row("HSM serial", d.serial.to_string()),
        row("Status", d.status.to_string()),
        row(
            "Host",
            format!("{}:{} (SSH user {})", d.host, d.port, d.ssh_user),
        ),
        row("Model", d.model.clone()),
        row("Software", d.software.clone()),
        row("Firmware", d.firmware.clone()),
        row("HSM label", d.hsm_label.clone()),
        row("Authentication", format!("{} — {authorized}", d.auth)),
        row("Licences", licences),
        row(
            "Storage",
            format!(
                "{} bytes total, {} used, {} free",
                d.storage.total, d.storage.used, d.storage.free
            ),
        ),
        row("Host key", keys),
        row(
            "Last seen",
            d.last_seen
                .map(|s| s.to_string())
                .unwrap_or_else(|| "never".into()),
        ),
        row(
            "Last error",
            d.last_error.clone().unwrap_or_else(|| "none".into()),
        ),
    ]
}
