//! Capabilities → Edit partition size (SIZE-1, SIZE-2): a digits-only size checked by the
//! domain rules before anything changes, then the resize job's progress and its result.

use super::state::{AttrTab, DetailState, Dialog};
use super::{Request, Services};
use crate::app::App;
use crate::app::screen::Cx;
use crate::domain::DomainError;
use crate::domain::error::Field;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::operation::Operation;
use crate::domain::validation::{MAX_PARTITION_SIZE, MIN_PARTITION_SIZE, parse_partition_size};
use crate::kit::{DialogInput, FormField, FormKey, FormState, MessageKind, MessageModal};
use crate::ui::screens::panel_common::{WizardKeyNames, theme};
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, WizardFrame, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// The Edit partition size dialog.
#[derive(Debug)]
pub struct ResizeDialog {
    pub id: ServiceId,
    pub name: String,
    pub old_size: u64,
    pub form: FormState,
    /// Why the backend refused (a device offline, not authorized), when no field is named.
    pub refusal: Option<String>,
    pub sent: bool,
    /// The resize job once started: its progress per partition.
    pub job: Option<JobId>,
}

const STEPS: [&str; 1] = ["Partition size"];

/// `e` on the Capabilities tab: the dialog with the current size (an Owner is told why not).
pub(super) fn open(d: &mut DetailState, cx: &mut Cx<'_, Services>) {
    d.tab = AttrTab::Capabilities;
    let never = cx
        .session
        .and_then(|s| crate::domain::permission::never_for(s.role, Operation::ResizeService));
    if let Some(why) = never {
        return cx.say(format!("{why}."));
    }
    let Some(detail) = d.ready() else {
        return cx.say("The service is still being read; try again in a moment.");
    };
    let size = detail.service.partition_size;
    let form = FormState::new(vec![
        FormField::number("size", "Partition size (bytes)")
            .value(size.to_string())
            .bound_to(Field::PartitionSize)
            .note(format!(
                "Digits only, {MIN_PARTITION_SIZE}-{MAX_PARTITION_SIZE}; every partition of \
                 the service gets this size."
            )),
    ]);
    cx.open_own(Dialog::Resize(ResizeDialog {
        id: d.id,
        name: d.name.clone(),
        old_size: size,
        form,
        refusal: None,
        sent: false,
        job: None,
    }));
}

/// A key of the dialog: false closes it (while the job runs Esc only hides it).
pub(super) fn key(r: &mut ResizeDialog, key: DialogInput, cx: &mut Cx<'_, Services>) -> bool {
    if key == DialogInput::Cancel {
        return false;
    }
    if r.sent || r.job.is_some() {
        return true;
    }
    if r.form.handle(key) != FormKey::Submit && key != DialogInput::NextStep {
        return true;
    }
    r.form.clear_errors();
    r.refusal = None;
    let text = r.form.text("size").unwrap_or("").to_string();
    match parse_partition_size(&text) {
        Ok(_) => {
            r.sent = true;
            cx.ask(Request::Resize {
                id: r.id,
                size: text,
            });
        }
        Err(e) => r.form.apply_domain_error(&e),
    }
    true
}

/// The backend refused: under the size when it names it (storage), else above it.
pub(super) fn refused(r: &mut ResizeDialog, err: &DomainError) {
    r.sent = false;
    match err {
        DomainError::Invalid {
            field: Field::PartitionSize,
            ..
        } => r.form.apply_domain_error(err),
        _ => r.refusal = Some(err.to_string()),
    }
}

/// The job started: the dialog follows it.
pub(super) fn started(job: JobId, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::Resize(r)) = cx.own_dialog() {
        r.sent = false;
        r.job = Some(job);
    }
    cx.say(format!("Job {job}: resizing the partitions…"));
}

/// The job ended: success confirmed in a modal; a failure says which partitions were put back.
pub(super) fn done(id: ServiceId, succeeded: bool, summary: &str, cx: &mut Cx<'_, Services>) {
    if matches!(cx.own_dialog(), Some(Dialog::Resize(r)) if r.id == id && r.job.is_some()) {
        cx.close_own(|_| {});
    }
    let (kind, title) = if succeeded {
        (MessageKind::Info, "Partition size changed")
    } else {
        (MessageKind::Error, "Resize failed")
    };
    cx.open(crate::app::panel_dialog::Dialog::Message(
        MessageModal::new(kind, title, vec![summary.to_string()]),
    ));
    cx.ask(Request::List);
    cx.ask(Request::Detail(id));
}

pub(super) fn draw(r: &ResizeDialog, app: &App, frame: &mut Frame) {
    let t = theme(app);
    let area = frame.area();
    let rect = centered(area, 90, 16.min(area.height.saturating_sub(2)));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    let title = format!(
        "Edit partition size — {}",
        crate::domain::text::neutralize_line(&r.name)
    );
    let mut wizard = WizardFrame::new(&title, &STEPS, 0, &t).keys(names.keys());
    wizard = if r.job.is_some() {
        wizard.custom_hints(vec![(&names.cancel, "Hide (the job goes on)")])
    } else {
        wizard.custom_hints(vec![(&names.finish, "Save"), (&names.cancel, "Cancel")])
    };
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    if let Some(job) = r.job {
        let view = (job, "resizing");
        return super::draw_init::progress(frame, areas.body, app, view, &names.cancel, &t);
    }
    let mut intro = vec![Line::styled(
        format!(
            "Now {} bytes. Every device of the service must be up and authorized; a device \
             short of free storage is refused before anything changes, and a failure midway \
             puts the partitions already resized back.",
            r.old_size
        ),
        t.muted,
    )];
    if let Some(why) = &r.refusal {
        intro.push(Line::styled(
            format!("✖ {}", crate::domain::text::neutralize_line(why)),
            t.error,
        ));
    }
    if r.sent {
        intro.push(Line::styled("Checking the devices…", t.focus));
    }
    let h = wrapped_height(&intro, areas.body.width).saturating_add(1);
    let [top, rest] =
        Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(areas.body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    frame.render_widget(Form::new(&r.form, &t), rest);
}
