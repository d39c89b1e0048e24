//! The Add Devices step's rows: a device with its firmware, authentication, free storage and
//! whether it can host the service (the reason shows under the lists).

use crate::domain::ids::HsmSerial;
use crate::kit::{CellValue, Column, TableRow, TableState};
use crate::ops::create_choices::DeviceChoice;

/// Device, Firmware, Authentication, Free (bytes), Fits.
pub const PRIORITIES: [u8; 5] = [0, 1, 3, 2, 0];

pub fn device_table() -> TableState<DeviceChoice> {
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
