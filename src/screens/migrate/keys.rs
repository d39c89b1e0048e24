//! The Migrate Service screen's keys and answers: the list (details, refresh, sort), `a` the
//! wizard (refused with the reason when not offered), `p` the repair of failed targets.

use super::wizard::{MigrateWizard, Phase, Step};
use super::{Dialog, Event, Migrate, MigrateKey, MigrationRow, Request};
use crate::app::panel_dialog::Dialog as PanelDialog;
use crate::app::screen::{Cx, ScreenInput};
use crate::domain::ids::JobId;
use crate::domain::job::JobState;
use crate::kit::{ConfirmModal, DialogInput, Guarded, MessageModal};

pub(super) fn input(m: &mut Migrate, input: ScreenInput, cx: &mut Cx<'_, Migrate>) -> bool {
    match input {
        ScreenInput::Move(motion) => m.table.apply_motion(motion),
        ScreenInput::Open => {
            let Some(row) = m.table.selected_row() else {
                return false;
            };
            let mut lines = m.table.selected_details();
            if let Some(outcome) = &row.record.outcome {
                lines.push(format!("Outcome: {outcome}"));
            }
            cx.open(PanelDialog::Message(MessageModal::details(
                "Migration",
                lines,
            )));
        }
        ScreenInput::Key(k) => match k.get::<MigrateKey>() {
            Some(k) => key(m, k, cx),
            None => return false,
        },
        _ => return false,
    }
    true
}

fn key(m: &mut Migrate, k: MigrateKey, cx: &mut Cx<'_, Migrate>) {
    match k {
        MigrateKey::Refresh => cx.ask(Request::List),
        MigrateKey::Sort | MigrateKey::SortReverse => {
            m.table.sort_next(k == MigrateKey::SortReverse);
        }
        MigrateKey::Start => {
            if let Some(why) = &m.not_offered {
                return cx.say(why.clone());
            }
            // Each wizard numbers its questions apart: an answer to an older one never matches.
            m.opened += 1;
            let mut w = MigrateWizard::default();
            w.asked = m.opened << 32;
            cx.open_own(Dialog::Wizard(Box::new(w)));
            cx.ask(Request::Sources);
        }
        MigrateKey::Repair => repair(m, cx),
    }
}

/// MIG-4: Add Partitions on the new service for exactly the failed targets, after a
/// confirmation; or, when no new service exists, the seed's advice (Import Partitions).
fn repair(m: &Migrate, cx: &mut Cx<'_, Migrate>) {
    let Some(MigrationRow { record: r, .. }) = m.table.selected_row() else {
        return cx.say("No migration is selected.");
    };
    if r.running() {
        return cx.say(format!(
            "Migration {} is still running: repair it once it has ended.",
            r.id
        ));
    }
    let Some(service) = r.new_service else {
        // The seed's advice, and the key opens the screen it names.
        cx.say(crate::domain::migration::NEW_SERVICE_FAILED);
        return cx.go_to(crate::app::NavItem::ImportPartitions);
    };
    let failed = r.failed();
    if failed.is_empty() {
        return cx.say(format!(
            "Every target of migration {} was migrated: nothing to repair.",
            r.id
        ));
    }
    let names: Vec<&str> = failed.iter().map(|t| t.device_name.as_str()).collect();
    let modal = ConfirmModal::new(
        "Repair the migration",
        vec![
            format!(
                "Add Partitions to the new service '{}' on exactly: {}.",
                r.new_name,
                names.join(", ")
            ),
            "Then initialize them with the same cloning domain and credentials (Services → \
             the service → Partitions → Initialize New Partitions); opening its Keys tab \
             synchronizes the HA group."
                .into(),
        ],
        "Add the partitions",
    )
    .keeping("Not now");
    let devices = failed.iter().map(|t| t.device.clone()).collect();
    let then = Cx::<Migrate>::request(Request::Repair { service, devices });
    cx.open(PanelDialog::Confirm { modal, then });
}

pub(super) fn event(m: &mut Migrate, event: Event, cx: &mut Cx<'_, Migrate>) {
    match event {
        Event::Overview(o, now) => {
            let rows = o
                .records
                .into_iter()
                .map(|record| MigrationRow { record, now })
                .collect();
            m.table.replace_rows(rows);
            m.not_offered = o.not_offered;
            m.loaded = true;
            m.refused = None;
        }
        Event::Refused(why) => {
            if let Some(Dialog::Wizard(w)) = cx.own_dialog()
                && w.waiting
            {
                w.refusal = Some(why);
                w.waiting = false;
                // The sources could not be read: the step shows why instead of "Reading…".
                w.loaded = true;
                if w.phase == Phase::Starting {
                    w.phase = Phase::Editing;
                }
            } else if m.loaded {
                cx.say(why);
            } else {
                m.refused = Some(why);
            }
        }
        Event::Sources(sources, orgs) => {
            if let Some(Dialog::Wizard(w)) = cx.own_dialog() {
                w.set_sources(sources, orgs);
            }
        }
        Event::Targets(id, targets) => {
            if let Some(Dialog::Wizard(w)) = cx.own_dialog()
                && w.source().map(|s| s.service) == Some(id)
            {
                w.lists
                    .set(targets.iter().map(|t| t.choice.clone()).collect());
                w.warnings_of = targets;
                w.targets_for = Some((id, w.model()));
                w.waiting = false;
            }
        }
        Event::Planned(n, summary) => {
            if let Some(Dialog::Wizard(w)) = cx.own_dialog()
                && w.asked == n
                && w.current() == Step::Summary
            {
                w.summary = Some(summary);
                w.waiting = false;
            }
        }
        Event::Started(job, warnings) => {
            // Only the wizard that asked follows the job (a new one opened since stays).
            if let Some(Dialog::Wizard(w)) = cx.own_dialog()
                && w.phase == Phase::Starting
            {
                w.wipe();
                w.phase = Phase::Running(job);
                w.waiting = false;
            }
            let mut said = format!("Job {job}: migrating…");
            if !warnings.is_empty() {
                said.push_str(&format!(" Note: {}", warnings.join("; ")));
            }
            cx.say(said);
            cx.ask(Request::List);
        }
        Event::WizardRefused(e) => match cx.own_dialog() {
            Some(Dialog::Wizard(w)) if w.waiting => {
                w.show_error(&e);
                if w.phase == Phase::Starting {
                    w.phase = Phase::Editing;
                }
            }
            _ => cx.say(e.to_string()),
        },
    }
}

/// A job ended: the wizard following it shows the result; the list is read again.
pub(super) fn job_done(
    m: &mut Migrate,
    job: JobId,
    state: &JobState,
    summary: &str,
    cx: &mut Cx<'_, Migrate>,
) {
    let ours = m.table.rows().iter().any(|r| r.record.job == Some(job));
    if let Some(Dialog::Wizard(w)) = cx.own_dialog()
        && w.phase == Phase::Running(job)
    {
        let ok = *state == JobState::Succeeded;
        w.phase = Phase::Done {
            ok,
            summary: summary.to_string(),
        };
    }
    if ours || cx.in_front() {
        cx.ask(Request::List);
    }
}

/// A key for the open wizard: false closes it.
pub(super) fn wizard_key(
    w: &mut MigrateWizard,
    key: DialogInput,
    cx: &mut Cx<'_, Migrate>,
) -> bool {
    match w.phase {
        Phase::Editing => {}
        // Esc hides the progress: the migration goes on (Jobs and this screen show it).
        Phase::Starting | Phase::Running(_) => return key != DialogInput::Cancel,
        Phase::Done { .. } => return !matches!(key, DialogInput::Submit | DialogInput::Cancel),
    }
    match w.cancel.key(key, w.typed()) {
        Guarded::Close => return false,
        Guarded::Consumed => return true,
        Guarded::Pass => {}
    }
    match key {
        DialogInput::PrevStep => {
            // An answer still awaited belongs to the step left: it is dropped when it comes.
            w.refusal = None;
            w.summary = None;
            w.waiting = false;
            w.asked += 1;
            w.step = w.step.saturating_sub(1);
        }
        DialogInput::NextStep => next(w, cx),
        DialogInput::Submit => match w.current() {
            Step::Devices => {
                if let Err(why) = w.lists.toggle() {
                    w.refusal = Some(why);
                } else {
                    w.refusal = None;
                }
            }
            Step::Summary => finish(w, cx),
            _ => next(w, cx),
        },
        other => step_key(w, other),
    }
    true
}

fn step_key(w: &mut MigrateWizard, key: DialogInput) {
    match w.current() {
        Step::Source => {
            w.sources.key(key);
        }
        Step::NewService => {
            w.general.handle(key);
        }
        Step::Devices => w.lists.key(key),
        Step::Partition => {
            w.partition.handle(key);
        }
        Step::Roles => {
            w.roles.handle(key);
        }
        Step::Summary => match key {
            DialogInput::NextField => w.scroll = w.scroll.saturating_add(1),
            DialogInput::PrevField => w.scroll = w.scroll.saturating_sub(1),
            _ => {}
        },
    }
}

/// Next: the step's check; the next step reads what it needs.
fn next(w: &mut MigrateWizard, cx: &mut Cx<'_, Migrate>) {
    if w.current() == Step::Summary || w.waiting || !w.check_step() {
        return;
    }
    w.step += 1;
    w.scroll = 0;
    match w.current() {
        Step::Devices => {
            // Read again for another source or another HSM model (the choices made go).
            if let Some(id) = w.source().map(|s| s.service)
                && w.targets_for != Some((id, w.model()))
            {
                w.lists = Default::default();
                w.waiting = true;
                cx.ask(Request::Targets(id, w.model()));
            }
        }
        Step::Summary => {
            w.summary = None;
            if let Some((id, form)) = w.request() {
                w.asked += 1;
                w.waiting = true;
                cx.ask(Request::Plan(w.asked, id, Box::new(form)));
            }
        }
        _ => {}
    }
}

/// Migrate on the Summary: only once the plan was shown.
fn finish(w: &mut MigrateWizard, cx: &mut Cx<'_, Migrate>) {
    if w.summary.is_none() || w.refusal.is_some() || w.waiting {
        return;
    }
    if let Some((id, form)) = w.request() {
        w.phase = Phase::Starting;
        w.waiting = true;
        cx.ask(Request::Start(id, Box::new(form)));
    }
}
