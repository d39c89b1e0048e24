//! The Services screen's dialogs over the whole frame: detach (ConfirmModal), delete
//! (TypedConfirmModal), the crypto-officer login (masked) and the General-tab edit form.

use super::state::{CoLoginDialog, Dialog, EditDialog};
use crate::app::App;
use crate::app::key_action::DialogKey;
use crate::kit::FormState;
use crate::ops::keys::KEYS_IDLE_SECONDS;
use crate::ui::theme::Theme;
use crate::ui::widgets::{Form, Themed, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The open dialog, drawn after the bars (over the whole frame).
pub(super) fn draw(dialog: &Dialog, app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = &crate::ui::screens::panel_common::theme(app);
    let k = crate::ui::screens::panel_common::dialog_keys(app);
    match dialog {
        Dialog::Detach { modal, .. } => frame.render_widget(Themed(modal, theme, &k), area),
        Dialog::Delete { modal, .. } | Dialog::RemovePartition { modal, .. } => {
            frame.render_widget(Themed(modal, theme, &k), area)
        }
        Dialog::CoLogin(d) => co_login(frame, area, app, d, theme),
        Dialog::Edit(d) => edit(frame, area, app, d, theme),
        Dialog::Init(d) => super::draw_init::draw(frame, area, app, d, theme),
        Dialog::Challenge(modal) => frame.render_widget(Themed(modal, theme, &k), area),
        Dialog::Create(w) => super::create::draw::draw(w, app, frame),
        Dialog::Resize(r) => super::resize::draw(r, app, frame),
        Dialog::AddPartitions(a) => super::add_partitions::draw(a, app, frame),
        Dialog::InitNew(w) => super::init_new::draw(w, app, frame),
        Dialog::Roles(r) => super::roles::draw(r, app, frame),
    }
}

pub(super) fn dialog_hints(app: &App, submit: &str) -> String {
    let k = |a| app.keymap.first_key::<DialogKey>(a);
    format!(
        " {} {submit} · {} next field · {} cancel ",
        k(DialogKey::Submit),
        k(DialogKey::NextField),
        k(DialogKey::Cancel)
    )
}

/// A dialog box: intro lines, then the form, sized to fit (usable at 80x24).
pub(super) fn form_box(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    intro: Vec<Line<'static>>,
    form: &FormState,
    hints: String,
    theme: &Theme,
) {
    let width = 72.min(area.width.saturating_sub(2)).max(20);
    let inner_w = width.saturating_sub(4);
    let intro_h = crate::ui::widgets::modal::wrapped_height(&intro, inner_w);
    let form_h =
        u16::try_from(form.fields().len() * 2 + form.error_summary().len() + 2).unwrap_or(u16::MAX);
    let height = intro_h.saturating_add(form_h).saturating_add(3);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.modal_border)
        .title(Line::styled(format!(" {title} "), theme.title))
        .title_bottom(Line::styled(hints, theme.muted).centered());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let [top, rest] = Layout::vertical([
        Constraint::Length(intro_h.saturating_add(1)),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    frame.render_widget(Form::new(form, theme), rest);
}

fn co_login(frame: &mut Frame, area: Rect, app: &App, d: &CoLoginDialog, theme: &Theme) {
    let hours = KEYS_IDLE_SECONDS / 3600;
    let mut intro = vec![Line::raw(format!(
        "Crypto officer of service '{}' (MNG-5).",
        d.service
    ))];
    if d.ped {
        intro.push(Line::raw(
            "PED authentication: give the remote PED server; leave it empty when the crypto \
             officer is already activated.",
        ));
    } else {
        intro.push(Line::raw(
            "The password is kept in memory for this session only, never written anywhere.",
        ));
    }
    intro.push(Line::styled(
        format!("The session ends after {hours} hours without use, or with Log Off."),
        theme.muted,
    ));
    if d.sent {
        intro.push(Line::styled("Checking…", theme.focus));
    }
    form_box(
        frame,
        area,
        "Crypto officer login",
        intro,
        &d.form,
        dialog_hints(app, "log in"),
        theme,
    );
}

fn edit(frame: &mut Frame, area: Rect, app: &App, d: &EditDialog, theme: &Theme) {
    let mut intro = vec![Line::raw(
        "Edit the service (MNG-2). Checked by the same rules as the console's operations.",
    )];
    intro.extend(
        d.read_only
            .iter()
            .map(|l| Line::styled(format!("• {l}"), theme.muted)),
    );
    if d.sent {
        intro.push(Line::styled("Saving…", theme.focus));
    }
    form_box(
        frame,
        area,
        "Edit service",
        intro,
        &d.form,
        dialog_hints(app, "save"),
        theme,
    );
}
