//! Crypto Services → Service Templates (TPL-1..5): every template, sortable and filtered as you
//! type, the selected one's General and Capabilities tabs below it, and the create wizard.

mod draw;
mod draw_wizard;
pub mod key_table;
mod keys;
mod serve;
pub mod wizard;

pub(crate) use draw::{capability_rows, rows_lines};
pub use key_table::TemplatesKey;
pub use wizard::{Purpose, TemplateWizard};

use crate::app::App;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::domain::DomainError;
use crate::domain::ids::TemplateId;
use crate::domain::template::{Capabilities, Template};
use crate::kit::{CellValue, Column, FormState, TableRow, TableState};
use crate::ops::Console;
use crate::ops::templates::{TemplateDraft, TemplateUse};
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// The tab shown under the list (TPL-1: General and Capabilities, each with Edit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DetailTab {
    #[default]
    General,
    Capabilities,
}

/// The Service Templates screen's state.
#[derive(Debug)]
pub struct Templates {
    pub table: TableState<Template>,
    pub tab: DetailTab,
    /// The list arrived at least once (else "Loading").
    pub loaded: bool,
    /// Why the list could not be read, when it could not.
    pub refused: Option<String>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates {
            table: TableState::new(vec![
                Column::new("Name"),
                Column::new("Description"),
                Column::new("Type"),
                Column::new("Authentication"),
                Column::new("Size (bytes)"),
                Column::new("PPSO"),
                Column::new("SKS"),
                Column::new("STC"),
            ]),
            tab: DetailTab::default(),
            loaded: false,
            refused: None,
        }
    }
}

/// What the screen asks the backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    List,
    /// TPL-4 General Save.
    EditGeneral {
        id: TemplateId,
        name: String,
        description: String,
    },
    /// TPL-4 Capabilities Save.
    EditCapabilities {
        id: TemplateId,
        capabilities: Capabilities,
    },
    /// TPL-3: the draft prefilled from this template.
    Copy(TemplateId),
    /// TPL-2 Summary: the draft checked as Finish will check it (question number `.0`).
    CheckDraft(u64, TemplateDraft),
    /// TPL-2 Finish.
    Create(TemplateDraft),
    /// TPL-5: what deleting it touches (the confirmation depends on it).
    AskDelete(TemplateId),
    /// TPL-5, confirmed (`typed`: the name, when services use the template).
    Delete {
        id: TemplateId,
        typed: Option<String>,
    },
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Listed(Vec<Template>),
    Refused(String),
    /// TPL-3: open the wizard with this draft.
    CopyDraft {
        from: String,
        draft: TemplateDraft,
    },
    /// The Summary's draft, cleaned by the rules, for question number `.0`.
    DraftChecked(u64, TemplateDraft),
    /// The wizard's request was refused (inline when it names a field).
    WizardRefused(DomainError),
    /// The wizard's request went through: it closes and the sentence is said.
    WizardDone(String),
    /// TPL-5: ask to confirm the deletion of this template.
    DeleteAsk(TemplateId, TemplateUse),
}

/// The screen's own dialogs (in the console's one slot).
#[derive(Debug)]
pub enum Dialog {
    /// TPL-2/3/4: the template wizard.
    Wizard(TemplateWizard),
    /// TPL-5: a template that services use is deleted after its name is typed.
    Delete {
        id: TemplateId,
        modal: crate::kit::TypedConfirmModal,
    },
}

fn yes(b: bool) -> CellValue {
    CellValue::text(if b { "yes" } else { "no" })
}

impl TableRow for Template {
    type Key = TemplateId;

    fn key(&self) -> TemplateId {
        self.id
    }

    fn cells(&self) -> Vec<CellValue> {
        let c = &self.capabilities;
        vec![
            CellValue::text(self.name.clone()),
            CellValue::text(self.description.clone()),
            CellValue::text(c.service_type.to_string()),
            CellValue::text(c.auth.to_string()),
            CellValue::number(c.partition_size),
            yes(c.ppso),
            yes(c.sks),
            yes(c.stc),
        ]
    }
}

/// What its forms are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// TPL-4: the General tab of this template.
    General(TemplateId),
}

impl Templates {
    /// Every template's id and name (a wizard checks its name is unique against them).
    fn names(&self) -> Vec<(TemplateId, String)> {
        self.table
            .rows()
            .iter()
            .map(|t| (t.id, t.name.clone()))
            .collect()
    }
}

impl Screen for Templates {
    type Keys = TemplatesKey;
    const PLACE: crate::app::Place = crate::app::Place::Nav(crate::app::NavItem::ServiceTemplates);
    type Request = Request;
    type Event = Event;
    type Form = Form;
    type Dialog = Dialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::List);
    }

    fn submit(&mut self, form: &Form, state: &mut FormState, cx: &mut Cx<'_, Self>) -> bool {
        let Form::General(id) = form;
        cx.ask(Request::EditGeneral {
            id: *id,
            name: state.text("name").unwrap_or_default().to_string(),
            description: state.text("description").unwrap_or_default().to_string(),
        });
        true
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        keys::input(self, input, cx)
    }

    fn event(&mut self, event: Event, cx: &mut Cx<'_, Self>) {
        keys::event(self, event, cx);
    }

    fn lists(&self) -> bool {
        true
    }

    fn filter(&mut self, text: &str) {
        self.table.set_filter(text);
    }

    fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
        serve::serve(console, request, out);
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(self, app, frame, area);
    }

    fn dialog_key(
        &mut self,
        dialog: &mut Dialog,
        key: crate::kit::DialogInput,
        cx: &mut Cx<'_, Self>,
    ) -> bool {
        match dialog {
            Dialog::Wizard(w) => keys::wizard_key(w, key, cx),
            Dialog::Delete { id, modal } => keys::delete_key(*id, modal, key, cx),
        }
    }

    fn draw_dialog(&self, dialog: &Dialog, app: &App, frame: &mut Frame) {
        match dialog {
            Dialog::Wizard(w) => draw_wizard::draw(w, app, frame),
            Dialog::Delete { modal, .. } => {
                let theme = crate::ui::screens::panel_common::theme(app);
                let k = crate::ui::screens::panel_common::dialog_keys(app);
                let themed = crate::ui::widgets::Themed(modal, &theme, &k);
                frame.render_widget(themed, frame.area());
            }
        }
    }
}

/// The template wizard open in the console's one slot, if that is the open one.
pub fn open_wizard(app: &App) -> Option<&TemplateWizard> {
    match app.panels.dialog.as_ref() {
        Some(crate::app::panel_dialog::Dialog::Screen(
            crate::screens::ScreenDialog::Templates(Dialog::Wizard(w)),
        )) => Some(w),
        _ => None,
    }
}
