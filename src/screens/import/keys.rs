//! How keys change the Import Partitions screen (IMP-1..8): Get Started, moving over the
//! table's cells, editing a cell in place (saved at once), deleting rows, Finish and Cancel.

use super::key_table::ImportTableKey;
use super::state::{CellEdit, Discovery, FIRST_EDITABLE, IMPORT_COLUMNS, Import};
use super::{Request, reason};
use crate::app::action::Motion;
use crate::app::panel_dialog::Dialog;
use crate::app::screen::Cx;
use crate::domain::ids::OrganizationId;
use crate::domain::validation::validate_service_name;
use crate::kit::{ConfirmModal, DialogInput};
use crate::ops::import_ops::ImportEdit;

/// Longest value a cell accepts while typed (the domain judges names and descriptions).
const CELL_MAX_CHARS: usize = 256;

impl Import {
    pub(super) fn start_discovery(&mut self, cx: &mut Cx<'_, Self>) {
        if self.discovery.as_ref().is_some_and(|d| !d.finished) {
            cx.say("Discovery is already running.");
            return;
        }
        self.discovery = Some(Discovery::default());
        self.errors.clear();
        cx.ask(Request::Discover);
    }

    pub(super) fn moved(&mut self, m: Motion) {
        let last = self.rows().len().saturating_sub(1);
        self.row = match m {
            Motion::Up => self.row.saturating_sub(1),
            Motion::Down => (self.row + 1).min(last),
            Motion::Top => 0,
            Motion::Bottom => last,
            Motion::PageUp => self.row.saturating_sub(10),
            Motion::PageDown => (self.row + 10).min(last),
        };
    }

    pub(super) fn table_key(&mut self, k: ImportTableKey, cx: &mut Cx<'_, Self>) {
        match k {
            ImportTableKey::ColumnLeft => self.column = self.column.saturating_sub(1),
            ImportTableKey::ColumnRight => {
                self.column = (self.column + 1).min(IMPORT_COLUMNS.len() - 1)
            }
            ImportTableKey::EditCell => self.open_editor(cx),
            ImportTableKey::DeleteRow => {
                // Asks first, as every `d` of the console does (issue 11.6).
                if let Some(row) = self.selected_row() {
                    let modal = ConfirmModal::new(
                        "Leave the row out",
                        vec![
                            format!(
                                "Leave partition {} ({}) on {} out of this import?",
                                row.partition_name, row.partition, row.device_name
                            ),
                            "Nothing changes on the device; the row comes back only with a new \
                             discovery (Cancel, then Get Started)."
                                .into(),
                        ],
                        "Leave it out",
                    )
                    .keeping("Keep the row");
                    let then = Cx::<Self>::request(Request::DeleteRow(row.partition.clone()));
                    cx.open(Dialog::Confirm { modal, then });
                }
            }
            ImportTableKey::FinishImports => {
                self.errors.clear();
                cx.ask(Request::Finish);
            }
            ImportTableKey::CancelImport => {
                let modal = ConfirmModal::new(
                    "Cancel the import",
                    vec![
                        "Delete the saved import table and everything typed into it?".into(),
                        "Nothing changes on the devices; Get Started runs discovery anew (IMP-8)."
                            .into(),
                    ],
                    "Delete the table",
                )
                .keeping("Keep the table")
                .destructive();
                let then = Cx::<Self>::request(Request::Cancel);
                cx.open(Dialog::Confirm { modal, then });
            }
        }
    }

    fn open_editor(&mut self, cx: &mut Cx<'_, Self>) {
        let column = self.column;
        let Some(row) = self.selected_row() else {
            return;
        };
        if column < FIRST_EDITABLE {
            cx.say("Device, Partition and Serial come from the device and cannot be edited.");
            return;
        }
        if row.view_only && column == FIRST_EDITABLE {
            cx.say(
                "This partition has STC and its own SO: it is imported view-only, so it cannot \
                 join an HA group (IMP-6).",
            );
            return;
        }
        let text = self.cell_text(row, column);
        self.editing = Some(CellEdit {
            column,
            text: crate::kit::TextField::new(&text),
            error: None,
            sent: false,
        });
    }

    /// A key of the cell editor (it takes every key while open, through `[keys.dialog]`).
    pub(super) fn edit_key(&mut self, input: DialogInput, cx: &mut Cx<'_, Self>) {
        let Some(partition) = self.selected_row().map(|r| r.partition.clone()) else {
            self.editing = None;
            return;
        };
        let orgs: Vec<(OrganizationId, String)> = self
            .organizations
            .iter()
            .map(|o| (o.id, o.name.clone()))
            .collect();
        let Some(e) = self.editing.as_mut() else {
            return;
        };
        match input {
            DialogInput::Cancel => self.editing = None,
            DialogInput::Submit if !e.sent => match cell_edit(e.column, e.text.text(), &orgs) {
                Ok(edit) => {
                    e.sent = true;
                    cx.ask(Request::Edit { partition, edit });
                }
                Err(message) => e.error = Some(message),
            },
            // Every other key edits the cell like any text field (issue 11.11).
            other if !e.sent => {
                if let Some(edit) = crate::kit::TextEdit::of(other)
                    && e.text.edit(edit, CELL_MAX_CHARS)
                {
                    e.error = None;
                }
            }
            _ => {}
        }
    }
}

/// The edit a typed cell means, or the inline error (IMP-3/4).
fn cell_edit(
    column: usize,
    text: &str,
    orgs: &[(OrganizationId, String)],
) -> Result<ImportEdit, String> {
    match column {
        3 => Ok(ImportEdit::HaGroup(text.to_string())),
        4 => {
            let name = text.trim();
            if !name.is_empty() {
                validate_service_name(name, &[], None).map_err(|e| reason(&e))?;
            }
            Ok(ImportEdit::ServiceName(name.to_string()))
        }
        5 => Ok(ImportEdit::Description(text.to_string())),
        _ => {
            let t = text.trim();
            if t.is_empty() {
                return Ok(ImportEdit::Organization(None));
            }
            match orgs.iter().find(|(_, n)| n.eq_ignore_ascii_case(t)) {
                Some((id, _)) => Ok(ImportEdit::Organization(Some(*id))),
                None => {
                    let known: Vec<&str> = orgs.iter().map(|(_, n)| n.as_str()).collect();
                    Err(format!(
                        "no organization named '{t}'; organizations: {}",
                        known.join(", ")
                    ))
                }
            }
        }
    }
}
