//! The backend's answers to the Services screen (MNG-1..6, DEL-1/2, INIT-1..3): the list, an
//! open service's tabs, refusals shown in the open dialog, and the jobs it started.

use super::state::{DetailState, Dialog, KeysView};
use super::{Event, JobKind, Request, Services, init_flow};
use crate::app::screen::Cx;
use crate::app::state::Loaded;
use crate::domain::DomainError;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::job::JobState;
use crate::ops::services_view::ServiceDetail;

fn with_detail(s: &mut Services, id: ServiceId, f: impl FnOnce(&mut DetailState)) {
    if let Some(d) = s.detail.as_mut().filter(|d| d.id == id) {
        f(d);
    }
}

pub(super) fn event(s: &mut Services, e: Event, cx: &mut Cx<'_, Services>) {
    match e {
        Event::List(rows) => {
            super::create::flow::listed(&rows, cx);
            s.table.replace_rows(rows);
            s.loaded = Some(Ok(()));
        }
        Event::Detail {
            detail,
            organizations,
        } => {
            let id = detail.service.id;
            if let Some(Dialog::Delete { id: del, modal }) = cx.own_dialog()
                && *del == id
            {
                modal.destroyed = destroyed_lines(&detail);
            }
            init_flow::on_detail(&detail.service, cx);
            with_detail(s, id, |d| {
                d.name = detail.service.name.clone();
                // The highlighted partition stays in range when the list shrank.
                let n = detail.initialized.len() + detail.uninitialized.len();
                d.partition = d.partition.min(n.saturating_sub(1));
                d.detail = Loaded::Ready(detail);
                d.organizations = organizations;
            });
            if let Some(d) = s.detail.as_mut().filter(|d| d.id == id && d.open_init_new) {
                d.open_init_new = false;
                super::init_new::open(d, cx);
            }
        }
        Event::Clients(id, rows) => with_detail(s, id, |d| d.clients = Loaded::Ready(rows)),
        Event::Keys(id, rows) => with_detail(s, id, |d| d.keys = KeysView::Ready(rows)),
        Event::KeysFailed(id, m) => with_detail(s, id, |d| d.keys = KeysView::Failed(m)),
        Event::JobStarted { kind, job } => job_started(s, kind, job, cx),
        Event::Refused(err) => refused(err, cx),
        Event::Edited(id) => {
            if let Some(Dialog::Edit(_)) = cx.own_dialog() {
                cx.close_own(|_| {});
            }
            cx.say("Saved.");
            cx.ask(Request::Detail(id));
            cx.ask(Request::List);
        }
        Event::Detached(name) => {
            s.detail = None;
            cx.say(format!(
                "Service '{name}' detached: the console forgot it; its partitions stay on the devices."
            ));
            cx.ask(Request::List);
        }
        Event::Challenge(id, c) => init_flow::challenge(s, id, &c.0, cx),
        Event::Create(answer) => super::create::flow::answer(answer, cx),
        Event::AddChoices(id, rows) => super::add_partitions::choices(id, rows, cx),
        Event::InitNewStarted {
            id,
            job,
            crypto_user,
        } => {
            s.jobs.push((job, JobKind::InitNew(id)));
            super::init_new::started(id, job, crypto_user, cx);
        }
        Event::LoggedOff(id) => {
            with_detail(s, id, |d| d.keys = KeysView::LoggedOut);
            cx.say("Crypto officer session logged off.");
        }
    }
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

fn job_started(s: &mut Services, kind: JobKind, job: JobId, cx: &mut Cx<'_, Services>) {
    s.jobs.push((job, kind));
    match kind {
        JobKind::Keys(id) => {
            if let Some(Dialog::CoLogin(_)) = cx.own_dialog() {
                cx.close_own(|_| {});
            }
            with_detail(s, id, |d| d.keys = KeysView::Listing);
        }
        JobKind::Clients(_) => cx.say(format!("Job {job}: reading the clients…")),
        JobKind::Delete(_) => cx.say(format!("Job {job}: deleting the service's partitions…")),
        JobKind::Initialize(_) => init_flow::started(job, cx),
        JobKind::Create => super::create::flow::started(job, cx),
        JobKind::Resize(_) => super::resize::started(job, cx),
        JobKind::RemovePartition(_) => cx.say(format!("Job {job}: removing the partition…")),
        JobKind::AddPartitions(_) => super::add_partitions::started(job, cx),
        JobKind::InitNew(_) => {}
        JobKind::Roles(_) => {
            if let Some(Dialog::Roles(_)) = cx.own_dialog() {
                cx.close_own(init_flow::closing);
            }
            cx.say(format!("Job {job}: the roles of the service…"));
        }
    }
}

fn refused(err: DomainError, cx: &mut Cx<'_, Services>) {
    if super::create::flow::refused(&err, cx) {
        return;
    }
    match cx.own_dialog() {
        Some(Dialog::CoLogin(d)) if d.sent => {
            d.sent = false;
            d.form.apply_domain_error(&err);
        }
        Some(Dialog::Edit(d)) if d.sent => {
            d.sent = false;
            d.form.apply_domain_error(&err);
        }
        Some(Dialog::Init(d)) => init_flow::refused(d, &err),
        Some(Dialog::Resize(r)) if r.sent => super::resize::refused(r, &err),
        Some(Dialog::AddPartitions(a))
            if a.phase == super::add_partitions::Phase::Starting || !a.loaded =>
        {
            super::add_partitions::refused(a, &err)
        }
        Some(Dialog::InitNew(w)) if w.sent => w.show_error(&err),
        Some(Dialog::Roles(r)) if r.sent => super::roles::refused(r, &err),
        _ => cx.say(err.to_string()),
    }
}

/// A job this screen started ended: read what it produced.
pub(super) fn job_done(
    s: &mut Services,
    job: JobId,
    state: &JobState,
    summary: &str,
    cx: &mut Cx<'_, Services>,
) {
    let Some(at) = s.jobs.iter().position(|(j, _)| *j == job) else {
        return;
    };
    let (_, kind) = s.jobs.remove(at);
    match kind {
        JobKind::Keys(id) if *state != JobState::Succeeded => {
            with_detail(s, id, |d| d.keys = KeysView::Failed(summary.to_string()));
        }
        JobKind::Keys(id) => cx.ask(Request::Keys(id)),
        JobKind::Clients(id) => cx.ask(Request::Clients(id)),
        JobKind::Delete(id) => {
            if s.detail.as_ref().is_some_and(|d| d.id == id) {
                s.detail = None;
            }
            cx.ask(Request::List);
        }
        JobKind::Initialize(id) => init_flow::done(s, id, summary, cx),
        JobKind::Create => {
            super::create::flow::done(job, *state == JobState::Succeeded, summary, cx);
        }
        JobKind::Roles(id) => {
            cx.say(format!("Roles: {summary}"));
            cx.ask(Request::Detail(id));
            cx.ask(Request::List);
        }
        JobKind::InitNew(id) => {
            let ok = *state == JobState::Succeeded;
            super::init_new::done(id, job, ok, summary, cx);
        }
        JobKind::AddPartitions(id) => {
            let ok = *state == JobState::Succeeded;
            super::add_partitions::done(id, job, ok, summary, cx);
        }
        JobKind::RemovePartition(id) => {
            cx.say(format!("Remove partition: {summary}"));
            with_detail(s, id, |d| d.partition = 0);
            cx.ask(Request::Detail(id));
            cx.ask(Request::List);
        }
        JobKind::Resize(id) => {
            super::resize::done(id, *state == JobState::Succeeded, summary, cx);
        }
    }
}
