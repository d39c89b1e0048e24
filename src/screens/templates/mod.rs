//! Crypto Services → Service Templates (TPL-1, TPL-5): every template with its capabilities,
//! sortable and filtered as you type, the selected one's General and Capabilities below it.

mod draw;
pub mod key_table;

pub use key_table::TemplatesKey;

use crate::app::App;
use crate::app::panel_dialog::Dialog;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::domain::ids::TemplateId;
use crate::domain::operation::Operation;
use crate::domain::template::Template;
use crate::domain::error::Field;
use crate::kit::{
    CellValue, Column, ConfirmModal, FormField, FormState, MessageModal, TableRow, TableState,
};
use crate::ops::Console;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// The Service Templates screen's state.
#[derive(Debug)]
pub struct Templates {
    pub table: TableState<Template>,
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
    /// TPL-5, confirmed.
    Delete(TemplateId),
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Listed(Vec<Template>),
    Refused(String),
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

/// The General tab's form, filled with the template's values.
fn general_form(t: &Template) -> FormState {
    FormState::new(vec![
        FormField::text("name", "Name")
            .value(t.name.clone())
            .bound_to(Field::TemplateName),
        FormField::text("description", "Description")
            .value(t.description.clone())
            .bound_to(Field::Description),
    ])
}

/// Why the signed-in user may never manage templates (an Owner), by the PERM rule.
fn refusal(cx: &Cx<'_, Templates>) -> Option<String> {
    let role = cx.session.map(|s| s.role)?;
    crate::domain::permission::never_for(role, Operation::ManageTemplates)
}

impl Templates {
    fn key(&mut self, k: TemplatesKey, cx: &mut Cx<'_, Self>) {
        match k {
            TemplatesKey::Edit => {
                if let Some(why) = refusal(cx) {
                    cx.say(format!("{why}."));
                    return;
                }
                let Some(t) = self.table.selected_row() else {
                    cx.say("No template is selected.");
                    return;
                };
                let title = format!("Edit template {} (General)", t.name);
                cx.open_form(Form::General(t.id), title, general_form(t));
            }
            TemplatesKey::Refresh => cx.ask(Request::List),
            TemplatesKey::Sort | TemplatesKey::SortReverse => {
                self.table.sort_next(k == TemplatesKey::SortReverse)
            }
            TemplatesKey::Delete => {
                if let Some(why) = refusal(cx) {
                    cx.say(format!("{why}."));
                    return;
                }
                let Some(t) = self.table.selected_row() else {
                    cx.say("No template is selected.");
                    return;
                };
                let modal = ConfirmModal::new(
                    "Delete template",
                    vec![
                        format!("Delete the service template '{}'?", t.name),
                        "Services created from it keep their own capabilities and show the \
                         template as deleted (TPL-5)."
                            .into(),
                    ],
                    "Delete the template",
                )
                .keeping("Keep it")
                .destructive();
                let then = Cx::<Self>::request(Request::Delete(t.id));
                cx.open(Dialog::Confirm { modal, then });
            }
        }
    }
}

impl Screen for Templates {
    type Keys = TemplatesKey;
    const PLACE: crate::app::Place = crate::app::Place::Nav(crate::app::NavItem::ServiceTemplates);
    type Request = Request;
    type Event = Event;
    type Form = Form;
    type Dialog = crate::app::screen::NoDialog;

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
        match input {
            ScreenInput::Move(m) => self.table.apply_motion(m),
            // Enter: the selected template in full.
            ScreenInput::Open => {
                let lines = self.table.selected_details();
                if lines.is_empty() {
                    return false;
                }
                cx.open(Dialog::Message(MessageModal::details("Service template", lines)));
            }
            ScreenInput::Key(k) => match k.get::<TemplatesKey>() {
                Some(k) => self.key(k, cx),
                None => return false,
            },
            _ => return false,
        }
        true
    }

    fn event(&mut self, event: Event, _cx: &mut Cx<'_, Self>) {
        match event {
            Event::Listed(list) => {
                self.table.replace_rows(list);
                self.loaded = true;
                self.refused = None;
            }
            Event::Refused(m) => self.refused = Some(m),
        }
    }

    fn lists(&self) -> bool {
        true
    }

    fn filter(&mut self, text: &str) {
        self.table.set_filter(text);
    }

    fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
        match request {
            Request::List => {}
            Request::Delete(id) => match console.delete_template(id) {
                Ok(n) => out.say(format!(
                    "Template deleted; {n} service(s) created from it keep their capabilities."
                )),
                Err(e) => out.failed(e.to_string()),
            },
            Request::EditGeneral {
                id,
                name,
                description,
            } => match console.edit_template_general(id, &name, &description) {
                Ok(t) => out.form_done(format!("Template '{}' saved.", t.name)),
                // The domain's sentence goes under its field; nothing changed.
                Err(e) => {
                    out.form_refused(e);
                    return;
                }
            },
        }
        out.answer(match console.templates() {
            Ok(list) => Event::Listed(list),
            Err(e) => Event::Refused(e.to_string()),
        });
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(self, app, frame, area);
    }
}
