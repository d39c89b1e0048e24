//! The scenes the widget snapshots draw: each widget in a realistic state, drawn into the
//! whole area (a table behind the modals proves they clear what they cover).

use lunadeck::domain::error::{DomainError, Field};
use lunadeck::kit::*;
use lunadeck::luna::known_hosts::fingerprint;
use lunadeck::ui::theme::Theme;
use lunadeck::ui::widgets::*;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{StatefulWidget, Widget};
use std::time::Duration;

/// A scene draws one widget state into the area.
pub type Scene = fn(&Theme, Rect, &mut Buffer);

/// Every scene, by snapshot name.
pub const SCENES: &[(&str, Scene)] = &[
    ("table_services", table_services),
    ("table_filtered_sorted_desc", table_filtered),
    ("table_empty", table_empty),
    ("form_add_device_with_errors", form_add_device),
    ("modal_confirm_detach", modal_confirm),
    ("modal_typed_delete_partial", modal_typed_partial),
    ("modal_typed_delete_matched", modal_typed_matched),
    ("modal_message_error", modal_message),
    ("modal_host_key", modal_host_key),
    ("wizard_devices_step", wizard),
    ("progress_job_rows", progress),
    ("status_legend_and_key_hints", status_legend),
];

#[derive(Debug, Clone)]
pub struct SvcRow {
    pub id: u32,
    pub name: String,
    pub org: &'static str,
    pub partitions: i64,
    pub init: &'static str,
    pub status: StatusKind,
}

impl TableRow for SvcRow {
    type Key = u32;
    fn key(&self) -> u32 {
        self.id
    }
    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::text(self.name.clone()),
            CellValue::text(self.org),
            CellValue::number(self.partitions),
            CellValue::text(self.init),
            CellValue::status(self.status),
        ]
    }
}

/// Which scene columns drop first when narrow (presentation, as `ui::columns` holds the
/// console's).
pub const PRIORITIES: [u8; 5] = [0, 1, 2, 1, 0];

pub fn columns() -> Vec<Column> {
    vec![
        Column::new("Name"),
        Column::new("Organization"),
        Column::new("Partitions"),
        Column::new("Initialization"),
        Column::new("Status"),
    ]
}

pub fn services(n: u32) -> Vec<SvcRow> {
    const NAMES: [&str; 8] = [
        "payments",
        "billing",
        "Archive",
        "audit-keys",
        "pki-root",
        "tokenizer",
        "hr-docs",
        "ci",
    ];
    const ORGS: [&str; 3] = ["Finance", "Platform", "HR"];
    const INIT: [&str; 3] = ["Initialized", "Uninitialized", "Partial"];
    const ST: [StatusKind; 4] = [
        StatusKind::Up,
        StatusKind::Degraded,
        StatusKind::Down,
        StatusKind::Unknown,
    ];
    (0..n)
        .map(|i| {
            let k = i as usize;
            SvcRow {
                id: i,
                name: if n <= 8 {
                    NAMES[k % 8].to_owned()
                } else {
                    format!("svc-{i:05}")
                },
                org: ORGS[k % 3],
                partitions: i64::from((i * 7) % 5 + 1),
                init: INIT[k % 3],
                status: ST[k % 4],
            }
        })
        .collect()
}

fn table_services(t: &Theme, area: Rect, buf: &mut Buffer) {
    let mut s = TableState::new(columns()).with_rows(services(8));
    s.sort_by(0);
    s.select_first();
    s.select_next();
    s.select_next();
    DataTable::new(t)
        .priorities(&PRIORITIES)
        .title("Services")
        .render(area, buf, &mut s);
}

fn table_filtered(t: &Theme, area: Rect, buf: &mut Buffer) {
    let mut s = TableState::new(columns()).with_rows(services(8));
    s.sort_by(2);
    s.sort_by(2);
    s.set_filter("FIN");
    DataTable::new(t)
        .priorities(&PRIORITIES)
        .title("Services")
        .render(area, buf, &mut s);
}

fn table_empty(t: &Theme, area: Rect, buf: &mut Buffer) {
    let mut s: TableState<SvcRow> = TableState::new(columns());
    DataTable::new(t)
        .priorities(&PRIORITIES)
        .title("Services")
        .empty_text("No services. Press c to create one.")
        .render(area, buf, &mut s);
}

fn type_into(form: &mut FormState, text: &str) {
    for c in text.chars() {
        form.handle(DialogInput::Type(c));
    }
}

pub fn device_form() -> FormState {
    let mut f = FormState::new(vec![
        FormField::text("name", "Device name")
            .value("hsm-a1")
            .bound_to(Field::DeviceName),
        FormField::text("host", "Host").bound_to(Field::Host),
        FormField::number("port", "Port")
            .value("99999")
            .bound_to(Field::Port),
        FormField::text("user", "SSH user").value("admin"),
        FormField::choice(
            "auth",
            "SSH auth",
            vec!["key file".into(), "password".into()],
        )
        .selected(1),
        FormField::secret("pw", "SSH password").bound_to(Field::Password),
        FormField::checkbox("ped", "Remote PED").checked(true),
    ]);
    f.apply_domain_error(&DomainError::invalid(Field::Host, "is required."));
    f.apply_domain_error(&DomainError::invalid(
        Field::Port,
        "must be between 1 and 65535.",
    ));
    f.apply_domain_error(&DomainError::not_permitted("only an Admin adds devices."));
    f.focus_id("pw");
    type_into(&mut f, "hunter2");
    f
}

fn form_add_device(t: &Theme, area: Rect, buf: &mut Buffer) {
    Form::new(&device_form(), t).render(area, buf);
}

fn background(t: &Theme, area: Rect, buf: &mut Buffer) {
    table_services(t, area, buf);
}

fn modal_confirm(t: &Theme, area: Rect, buf: &mut Buffer) {
    background(t, area, buf);
    let m = ConfirmModal::new(
        "Detach service",
        vec![
            "Detach payments from organization Finance?".into(),
            "Its partitions stay on the HSMs and can be imported again.".into(),
        ],
        "Detach",
    );
    m.draw(t, &DialogKeys::default(), area, buf);
}

fn typed_modal(typed: &str) -> TypedConfirmModal {
    let mut m =
        TypedConfirmModal::new("Delete service payments", "payments", "Delete").destroying(vec![
            "3 partitions on hsm-a1, hsm-a2, hsm-b1 (all keys in them)".into(),
            "the service record and its client assignments".into(),
        ]);
    for c in typed.chars() {
        m.handle(DialogInput::Type(c));
    }
    m
}

fn modal_typed_partial(t: &Theme, area: Rect, buf: &mut Buffer) {
    background(t, area, buf);
    typed_modal("paym").draw(t, &DialogKeys::default(), area, buf);
}

fn modal_typed_matched(t: &Theme, area: Rect, buf: &mut Buffer) {
    background(t, area, buf);
    let mut m = typed_modal("payments");
    m.handle(DialogInput::Submit);
    m.draw(t, &DialogKeys::default(), area, buf);
}

fn modal_message(t: &Theme, area: Rect, buf: &mut Buffer) {
    let m = MessageModal::new(
        MessageKind::Error,
        "Resize failed",
        vec![
            "hsm-b1: partition resize failed: not enough free storage (needs 2 MB, 512 KB free)."
                .into(),
            "hsm-a1 was resized and has been restored to its previous size.".into(),
        ],
    );
    m.draw(t, &DialogKeys::default(), area, buf);
}

fn modal_host_key(t: &Theme, area: Rect, buf: &mut Buffer) {
    let fp = fingerprint(b"lunadeck snapshot host key");
    let m = HostKeyModal::new("hsm-a1", "10.20.30.41", 22, "ssh-ed25519", fp);
    m.draw(t, &DialogKeys::default(), area, buf);
}

fn wizard(t: &Theme, area: Rect, buf: &mut Buffer) {
    let steps = ["Name", "Devices", "Partition", "Roles", "Summary"];
    let frame = WizardFrame::new("Create service", &steps, 1, t);
    let areas = frame.areas(area);
    frame.render(area, buf);
    let mut f = FormState::new(vec![
        FormField::choice("dev", "Device", vec!["hsm-a1".into(), "hsm-a2".into()]),
        FormField::number("count", "Partitions").value("2"),
    ]);
    f.focus_next();
    Form::new(&f, t).render(areas.body, buf);
}

pub fn progress_rows() -> Vec<DeviceProgress> {
    let row = |d: &str, done, total, step: &str, secs, kind| DeviceProgress {
        device: d.into(),
        done,
        total,
        step: step.into(),
        elapsed: Duration::from_secs(secs),
        status: Status::new(kind),
    };
    vec![
        row("hsm-a1", 4, 4, "done", 12, StatusKind::Done),
        row(
            "hsm-a2",
            2,
            4,
            "partition create payments-2",
            75,
            StatusKind::Running,
        ),
        row(
            "hsm-b1-very-long-name",
            1,
            4,
            "hsm login: no answer",
            3725,
            StatusKind::Failed,
        ),
        row(
            "hsm-c1",
            0,
            4,
            "waiting for a device slot",
            0,
            StatusKind::Unknown,
        ),
    ]
}

fn progress(t: &Theme, area: Rect, buf: &mut Buffer) {
    let [head, rows] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let spin = format!("{} 1 job running", spinner_frame(1));
    ratatui::text::Line::styled(spin, t.status_running).render(head, buf);
    ProgressRows::new(&progress_rows(), t).render(rows, buf);
}

fn status_legend(t: &Theme, area: Rect, buf: &mut Buffer) {
    let [list, hints] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let lines: Vec<ratatui::text::Line> = StatusKind::ALL
        .iter()
        .map(|k| ratatui::text::Line::from(Status::new(*k).span(t)))
        .collect();
    ratatui::widgets::Paragraph::new(lines).render(list, buf);
    let keys = [
        ("Enter", "open"),
        ("c", "create"),
        ("d", "detach"),
        ("D", "delete"),
        ("/", "filter"),
        ("s", "sort"),
        ("?", "help"),
        ("q", "quit"),
        (":", "command"),
        ("Tab", "next pane"),
    ];
    KeyHints::new(&keys, t).render(hints, buf);
}

/// The form scene, for tests that look at it alone.
pub fn form_scene() -> Scene {
    form_add_device
}
