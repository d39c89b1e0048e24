//! How the Services screen changes the state (MNG-1..6, DEL-1/2): list keys, the open
//! service's tabs, its dialogs, and the backend's answers. Pure: requests are returned.

use super::action::{Action, Command};
use super::key_action::KeyAction;
use super::message::BackendRequest;
use super::screen_key::on_screen;
use super::services_msg::{ScreenJob, ServicesEvent, ServicesRequest};
use super::services_state::{AttrTab, DetailState, KeysView, ServicesDialog};
use super::state::{App, Loaded};
use super::tab::{NavItem, Tab};
use crate::domain::DomainError;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::job::JobState;
use crate::kit::{ConfirmModal, TypedConfirmModal};
use crate::ops::services_view::ServiceDetail;

pub(super) fn ask(r: ServicesRequest) -> Command {
    Command::Backend(BackendRequest::Services(r))
}

/// The dialog input an action carries (the router sends dialog keys as `Action::Dialog`).
pub(super) fn dialog_input(action: &Action) -> Option<crate::kit::DialogInput> {
    match action {
        Action::Dialog(input) => Some(*input),
        _ => None,
    }
}

/// The Services screen's part of `update`: Some when it used the action.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    sync_filter(app);
    if on_screen(app, NavItem::Services) {
        if app.services.dialog.is_some() {
            return Some(super::update_services_dialogs::dialog(app, action));
        }
        if app.services.detail.is_some() {
            return detail(app, action);
        }
        return list(app, action);
    }
    None
}

/// What a navigation item needs when it comes into view.
pub fn on_nav(app: &mut App) -> Vec<Command> {
    sync_filter(app);
    if app.tab != Tab::CryptoServices {
        return Vec::new();
    }
    match app.nav {
        NavItem::Services => vec![ask(ServicesRequest::List)],
        item => item
            .context()
            .map(|ctx| crate::screens::Screens::shown(app, ctx))
            .unwrap_or_default(),
    }
}

/// Keeps the list's filter equal to the `/` line while the Services list is in front.
pub fn sync_filter(app: &mut App) {
    if app.tab != Tab::CryptoServices || app.nav != NavItem::Services {
        return;
    }
    let text = app.filter.as_ref().map_or("", |f| f.text.as_str());
    if app.services.table.filter() != text.to_lowercase() {
        app.services.table.set_filter(text);
    }
}

fn list(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    let s = &mut app.services;
    match action {
        Action::Move(m) => {
            s.table.apply_motion(*m);
            Some(Vec::new())
        }
        Action::Open => {
            let row = s.table.selected_row()?;
            let (id, name) = (row.id, row.name.clone());
            s.detail = Some(DetailState::new(id, name));
            Some(vec![
                ask(ServicesRequest::Detail(id)),
                ask(ServicesRequest::Clients(id)),
            ])
        }
        Action::Screen(k @ (KeyAction::Sort | KeyAction::SortReverse)) => {
            s.table.sort_next(*k == KeyAction::SortReverse);
            Some(Vec::new())
        }
        Action::Screen(KeyAction::Refresh) => Some(vec![ask(ServicesRequest::List)]),
        Action::Screen(KeyAction::Detach) => {
            let row = s.table.selected_row()?;
            let modal = ConfirmModal::new(
                "Detach service",
                vec![
                    format!("Detach service '{}'?", row.name),
                    "The console forgets the service. Its partitions and every object in \
                     them stay on the devices (DEL-1)."
                        .into(),
                ],
                "Detach",
            );
            s.dialog = Some(ServicesDialog::Detach { id: row.id, modal });
            Some(Vec::new())
        }
        Action::Screen(KeyAction::Initialize) => Some(super::init_flow::open(app)),
        Action::Screen(KeyAction::Delete) => {
            let row = s.table.selected_row()?;
            let modal = TypedConfirmModal::new(
                format!("Delete service {}", row.name),
                row.name.clone(),
                "Delete",
            )
            .destroying(vec![format!(
                "the partitions of service '{}' (reading them…)",
                row.name
            )]);
            let id = row.id;
            s.dialog = Some(ServicesDialog::Delete { id, modal });
            Some(vec![ask(ServicesRequest::Detail(id))])
        }
        _ => None,
    }
}

fn detail(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    let who = app.session.clone();
    let d = app.services.detail.as_mut()?;
    let id = d.id;
    match action {
        Action::Back => {
            app.services.detail = None;
            return Some(vec![ask(ServicesRequest::List)]);
        }
        Action::FocusNext | Action::FocusPrev => {
            d.tab = d.tab.step(matches!(action, Action::FocusNext));
        }
        Action::Screen(
            k @ (KeyAction::AttrGeneral
            | KeyAction::AttrCapabilities
            | KeyAction::AttrPartitions
            | KeyAction::AttrKeys
            | KeyAction::AttrClients),
        ) => d.tab = AttrTab::of_key(*k),
        Action::Screen(KeyAction::Edit) => {
            d.tab = AttrTab::General;
            let dialog = super::update_services_dialogs::edit_dialog(d, who.as_ref())?;
            app.services.dialog = Some(ServicesDialog::Edit(dialog));
        }
        Action::Screen(KeyAction::CoLogin) => super::update_services_dialogs::co_login(app),
        Action::Open if d.tab == AttrTab::Keys => super::update_services_dialogs::co_login(app),
        Action::Screen(KeyAction::LogOff) => return Some(vec![ask(ServicesRequest::LogOff(id))]),
        Action::Screen(KeyAction::Refresh) => {
            let r = match d.tab {
                AttrTab::Clients => ServicesRequest::ReadClients(id),
                AttrTab::Keys if matches!(d.keys, KeysView::Ready(_)) => ServicesRequest::Keys(id),
                _ => ServicesRequest::Detail(id),
            };
            return Some(vec![ask(r)]);
        }
        Action::Move(_) | Action::Open => {}
        _ => return None,
    }
    Some(Vec::new())
}

fn with_detail(app: &mut App, id: ServiceId, f: impl FnOnce(&mut DetailState)) {
    if let Some(d) = app.services.detail.as_mut().filter(|d| d.id == id) {
        f(d);
    }
}

/// The backend's answers for this screen.
pub fn on_event(app: &mut App, e: ServicesEvent) -> Vec<Command> {
    match e {
        ServicesEvent::List(rows) => {
            app.services.table.replace_rows(rows);
            app.services.loaded = Some(Ok(()));
        }
        ServicesEvent::Detail {
            detail,
            organizations,
        } => {
            let id = detail.service.id;
            if let Some(ServicesDialog::Delete { id: del, modal }) = app.services.dialog.as_mut() {
                if *del == id {
                    modal.destroyed = destroyed_lines(&detail);
                }
            }
            super::init_flow::on_detail(app, &detail.service);
            with_detail(app, id, |d| {
                d.name = detail.service.name.clone();
                d.detail = Loaded::Ready(detail);
                d.organizations = organizations;
            });
        }
        ServicesEvent::Clients(id, rows) => {
            with_detail(app, id, |d| d.clients = Loaded::Ready(rows))
        }
        ServicesEvent::Keys(id, rows) => with_detail(app, id, |d| d.keys = KeysView::Ready(rows)),
        ServicesEvent::KeysFailed(id, m) => with_detail(app, id, |d| d.keys = KeysView::Failed(m)),
        ServicesEvent::JobStarted { kind, job } => return job_started(app, kind, job),
        ServicesEvent::Refused(err) => refused(app, err),
        ServicesEvent::Edited(id) => {
            app.services.dialog = None;
            app.notice = Some("Saved.".into());
            return vec![ask(ServicesRequest::Detail(id)), ask(ServicesRequest::List)];
        }
        ServicesEvent::Detached(name) => {
            app.services.detail = None;
            app.notice = Some(format!(
                "Service '{name}' detached: the console forgot it; its partitions stay on the devices."
            ));
            return vec![ask(ServicesRequest::List)];
        }
        ServicesEvent::Challenge(id, c) => super::init_flow::challenge(app, id, &c.0),
        ServicesEvent::LoggedOff(id) => {
            with_detail(app, id, |d| d.keys = KeysView::LoggedOut);
            app.notice = Some("Crypto officer session logged off.".into());
        }
    }
    Vec::new()
}

/// What the delete dialog lists as destroyed (DEL-2).
pub fn destroyed_lines(d: &ServiceDetail) -> Vec<String> {
    let mut lines: Vec<String> = d
        .initialized
        .iter()
        .chain(d.uninitialized.iter())
        .map(|p| format!("partition {} ({}) on {}", p.partition, p.serial, p.device))
        .collect();
    lines.push("every key and object in them".into());
    lines
}

fn job_started(app: &mut App, kind: ScreenJob, job: JobId) -> Vec<Command> {
    app.services.jobs.push((job, kind));
    match kind {
        ScreenJob::Keys(id) => {
            if matches!(app.services.dialog, Some(ServicesDialog::CoLogin(_))) {
                app.services.dialog = None;
            }
            with_detail(app, id, |d| d.keys = KeysView::Listing);
        }
        ScreenJob::Clients(_) => app.notice = Some(format!("Job {job}: reading the clients…")),
        ScreenJob::Delete(_) => {
            app.notice = Some(format!("Job {job}: deleting the service's partitions…"))
        }
        ScreenJob::Initialize(_) => super::init_flow::started(app, job),
    }
    Vec::new()
}

fn refused(app: &mut App, err: DomainError) {
    match app.services.dialog.as_mut() {
        Some(ServicesDialog::CoLogin(d)) if d.sent => {
            d.sent = false;
            d.form.apply_domain_error(&err);
        }
        Some(ServicesDialog::Edit(d)) if d.sent => {
            d.sent = false;
            d.form.apply_domain_error(&err);
        }
        Some(ServicesDialog::Init(d)) => super::init_flow::refused(d, &err),
        _ => {
            app.notice = Some(err.to_string());
        }
    }
}

/// A job this screen started ended: read what it produced.
pub fn on_job_done(app: &mut App, job: JobId, state: &JobState, summary: &str) -> Vec<Command> {
    let Some(at) = app.services.jobs.iter().position(|(j, _)| *j == job) else {
        return Vec::new();
    };
    let (_, kind) = app.services.jobs.remove(at);
    match kind {
        ScreenJob::Keys(id) if *state != JobState::Succeeded => {
            with_detail(app, id, |d| d.keys = KeysView::Failed(summary.to_string()));
            Vec::new()
        }
        ScreenJob::Keys(id) => vec![ask(ServicesRequest::Keys(id))],
        ScreenJob::Clients(id) => vec![ask(ServicesRequest::Clients(id))],
        ScreenJob::Delete(id) => {
            if app.services.detail.as_ref().is_some_and(|d| d.id == id) {
                app.services.detail = None;
            }
            vec![ask(ServicesRequest::List)]
        }
        ScreenJob::Initialize(id) => super::init_flow::done(app, id, summary),
    }
}
