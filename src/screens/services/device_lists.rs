//! Available and Selected devices side by side (SVC-1 Add Devices, HA-1 Add Partitions): each
//! searchable, Enter moves the highlighted device, an unfit one stays with the reason.

use crate::domain::ids::HsmSerial;
use crate::domain::text::neutralize_line;
use crate::kit::{CellValue, Column, DialogInput, Picker, TableRow, TableState};
use crate::ops::create_choices::DeviceChoice;
use crate::ui::theme::Theme;
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Device, Firmware, Authentication, Free (bytes), Fits.
const PRIORITIES: [u8; 5] = [0, 1, 3, 2, 0];

fn device_table() -> TableState<DeviceChoice> {
    TableState::new(vec![
        Column::new("Device"),
        Column::new("Firmware"),
        Column::new("Auth"),
        Column::new("Free (bytes)"),
        Column::new("Fits"),
    ])
}

impl TableRow for DeviceChoice {
    type Key = HsmSerial;

    fn key(&self) -> HsmSerial {
        self.serial.clone()
    }

    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::text(self.name.clone()),
            CellValue::text(self.firmware.clone()),
            CellValue::text(self.auth.to_string()),
            CellValue::number(self.free_bytes),
            CellValue::text(if self.unfit.is_some() { "no" } else { "yes" }),
        ]
    }
}

/// Which list has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Available,
    Selected,
}

/// The two lists.
#[derive(Debug)]
pub struct DeviceLists {
    pub available: Picker<DeviceChoice>,
    pub selected: Picker<DeviceChoice>,
    pub side: Side,
}

impl Default for DeviceLists {
    fn default() -> Self {
        DeviceLists {
            available: Picker::new(device_table()),
            selected: Picker::new(device_table()),
            side: Side::Available,
        }
    }
}

impl DeviceLists {
    /// The chosen devices in the order they were added (the first is the primary member).
    pub fn chosen(&self) -> Vec<&DeviceChoice> {
        self.selected.table.rows().iter().collect()
    }

    /// Left/Right switch lists; the other keys go to the list that has them (search, move).
    pub fn key(&mut self, key: DialogInput) {
        match key {
            DialogInput::PrevChoice => self.side = Side::Available,
            DialogInput::NextChoice => self.side = Side::Selected,
            other => {
                let picker = match self.side {
                    Side::Available => &mut self.available,
                    Side::Selected => &mut self.selected,
                };
                picker.key(other);
            }
        }
    }

    /// Add / Remove: moves the highlighted device to the other list. A device that does not
    /// fit stays where it is: Err says why.
    pub fn toggle(&mut self) -> Result<(), String> {
        let (from, to) = match self.side {
            Side::Available => (&mut self.available, &mut self.selected),
            Side::Selected => (&mut self.selected, &mut self.available),
        };
        let Some(row) = from.table.selected_row().cloned() else {
            return Ok(());
        };
        if self.side == Side::Available
            && let Some(why) = &row.unfit
        {
            return Err(format!("{} cannot be added: {why}", row.name));
        }
        let rest: Vec<DeviceChoice> = from
            .table
            .rows()
            .iter()
            .filter(|d| d.serial != row.serial)
            .cloned()
            .collect();
        from.table.replace_rows(rest);
        let mut moved: Vec<DeviceChoice> = to.table.rows().to_vec();
        moved.push(row);
        if self.side == Side::Selected {
            moved.sort_by(|a, b| a.name.cmp(&b.name));
        }
        to.table.replace_rows(moved);
        Ok(())
    }

    /// Both lists emptied (the devices are being read again).
    pub fn clear(&mut self) {
        self.available.table.replace_rows(Vec::new());
        self.selected.table.replace_rows(Vec::new());
    }

    /// The devices as read now: what was chosen and still fits stays chosen, in order.
    pub fn set(&mut self, devices: Vec<DeviceChoice>) {
        let kept: Vec<DeviceChoice> = self
            .selected
            .table
            .rows()
            .iter()
            .filter_map(|s| {
                devices
                    .iter()
                    .find(|d| d.serial == s.serial && d.unfit.is_none())
            })
            .cloned()
            .collect();
        let available = devices
            .into_iter()
            .filter(|d| !kept.iter().any(|k| k.serial == d.serial))
            .collect();
        self.available.table.replace_rows(available);
        self.selected.table.replace_rows(kept);
    }
}

/// A picker drawn as a search line over its table.
pub struct Picked<'a, R: TableRow> {
    picker: &'a Picker<R>,
    title: &'a str,
    priorities: &'a [u8],
}

impl<'a, R: TableRow> Picked<'a, R> {
    pub fn new(picker: &'a Picker<R>, title: &'a str, priorities: &'a [u8]) -> Self {
        Picked {
            picker,
            title,
            priorities,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, t: &Theme) {
        let [search, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let text = if focused {
            self.picker.search.with_cursor('▏')
        } else {
            self.picker.search.text().to_string()
        };
        let line = Line::from(vec![
            Span::styled("Search: ", if focused { t.focus } else { t.muted }),
            Span::raw(neutralize_line(&text)),
        ]);
        frame.render_widget(Paragraph::new(line), search);
        DataTable::new(t)
            .priorities(self.priorities)
            .title(self.title)
            .focused(focused)
            .empty_text("Nothing here (or nothing matches the search).")
            .render_ref(table, frame.buffer_mut(), &self.picker.table);
    }
}

/// Both lists side by side, and under them why the highlighted device can or cannot host it.
pub fn draw(lists: &DeviceLists, frame: &mut Frame, area: Rect, t: &Theme) {
    let [both, why] = Layout::vertical([Constraint::Min(5), Constraint::Length(2)]).areas(area);
    let [left, _, right] = Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Length(1),
        Constraint::Percentage(50),
    ])
    .areas(both);
    let on_available = lists.side == Side::Available;
    Picked::new(&lists.available, "Available Devices", &PRIORITIES).draw(
        frame,
        left,
        on_available,
        t,
    );
    Picked::new(&lists.selected, "Selected Devices", &PRIORITIES).draw(
        frame,
        right,
        !on_available,
        t,
    );
    let focused = if on_available {
        &lists.available
    } else {
        &lists.selected
    };
    let line = match focused.table.selected_row() {
        Some(d) => match &d.unfit {
            Some(reason) => Line::styled(format!("✖ {}", neutralize_line(reason)), t.warning),
            None => Line::styled(
                format!(
                    "{} ({}, firmware {}) can host the service.",
                    neutralize_line(&d.name),
                    neutralize_line(&d.model),
                    d.firmware
                ),
                t.muted,
            ),
        },
        None => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(vec![line]).wrap(Wrap { trim: false }), why);
}
