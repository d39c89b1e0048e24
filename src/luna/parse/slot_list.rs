//! LunaCM `slot list` → slots (`Key -> value` blocks, each starting at `Slot Id ->`) and the
//! current slot. Unknown keys are ignored; blank lines are not relied upon.

use super::{ParseError, is_trailer, number, numbered, split_arrow, split_colon};
use crate::domain::version::Version;

/// One LunaCM slot: a partition seen through NTLS/STC, or an HA virtual slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub id: u32,
    /// None when `Label ->` is empty (uninitialized partition).
    pub label: Option<String>,
    /// Partition serial (or HA group number for an HA virtual slot); empty if not printed.
    pub serial: String,
    pub model: String,
    pub firmware: Option<Version>,
    pub description: String,
    /// `HA Group Label ->` on HA virtual slots.
    pub ha_label: Option<String>,
}

impl Slot {
    pub fn is_ha_virtual(&self) -> bool {
        self.ha_label.is_some() || self.description.contains("HA Virtual")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotList {
    pub slots: Vec<Slot>,
    /// `Current Slot Id: <n>`.
    pub current: Option<u32>,
}

pub fn parse_slot_list(text: &str) -> Result<SlotList, ParseError> {
    let mut slots: Vec<Slot> = Vec::new();
    let mut current = None;
    for (n, line) in numbered(text) {
        if is_trailer(line) {
            continue;
        }
        let Some((key, value)) = split_arrow(line) else {
            if let Some((k, v)) = split_colon(line)
                && k.eq_ignore_ascii_case("Current Slot Id")
            {
                current = Some(number(v, n, line, "the current slot id")?);
            }
            continue;
        };
        if key == "Slot Id" {
            slots.push(Slot {
                id: number(value, n, line, "the slot id")?,
                label: None,
                serial: String::new(),
                model: String::new(),
                firmware: None,
                description: String::new(),
                ha_label: None,
            });
            continue;
        }
        let Some(slot) = slots.last_mut() else {
            return Err(ParseError::at(n, line, "a slot line before 'Slot Id ->'"));
        };
        let text = || value.to_string();
        match key {
            "Label" => slot.label = (!value.is_empty()).then(text),
            "Serial Number" => slot.serial = text(),
            "Model" => slot.model = text(),
            "Firmware Version" => {
                slot.firmware = Some(
                    Version::parse(value)
                        .map_err(|_| ParseError::at(n, line, "not a version number"))?,
                );
            }
            "Slot Description" => slot.description = text(),
            "HA Group Label" => slot.ha_label = (!value.is_empty()).then(text),
            _ => {}
        }
    }
    Ok(SlotList { slots, current })
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn slot_list_sample() {
        let list = parse_slot_list(CM_SLOT_LIST).unwrap();
        assert_eq!(
            list.slots,
            vec![Slot {
                id: 0,
                label: Some("sp_sehsm3".into()),
                serial: "1582775433934".into(),
                model: "LunaSA 7.8.5".into(),
                firmware: Some(Version::new(7, 8, 4)),
                description: "Net Token Slot".into(),
                ha_label: None,
            }]
        );
        assert_eq!(list.current, None);
        assert!(!list.slots[0].is_ha_virtual());
    }

    #[test]
    fn slot_list_ha_uninitialized_and_current() {
        let uninit = CM_SLOT_LIST
            .replace("Slot Id ->              0", "Slot Id ->              1")
            .replace("Label ->                sp_sehsm3", "Label ->");
        let ha = "\tSlot Id ->              5\n\tLabel ->                myHA\n\tSerial Number ->        11582775433934\n\tModel ->                LunaVirtual\n\tSlot Description ->     HA Virtual Card Slot\n\tHA Group Label ->       myHA\n";
        let text = format!("{CM_SLOT_LIST}\n{uninit}{ha}\nCurrent Slot Id: 0\n\n{CM_RESULT_OK}");
        let list = parse_slot_list(&text).unwrap();
        assert_eq!(list.slots.len(), 3);
        assert_eq!(list.slots[1].label, None);
        assert_eq!(list.slots[2].ha_label.as_deref(), Some("myHA"));
        assert!(list.slots[2].is_ha_virtual());
        assert_eq!(list.slots[2].firmware, None);
        assert_eq!(list.current, Some(0));
    }

    #[test]
    fn slot_list_malformed() {
        let e = parse_slot_list(&CM_SLOT_LIST.replace("->              0", "->              zero"))
            .unwrap_err();
        assert_eq!(
            (e.line_no, e.line.as_str()),
            (1, "\tSlot Id ->              zero")
        );
        let e = parse_slot_list(&CM_SLOT_LIST.replace("7.8.4", "x.y")).unwrap_err();
        assert_eq!((e.line_no, e.reason.as_str()), (5, "not a version number"));
        let e = parse_slot_list("\tLabel -> a\n").unwrap_err();
        assert_eq!(e.reason, "a slot line before 'Slot Id ->'");
        assert!(parse_slot_list("Current Slot Id: x\n").is_err());
        assert!(parse_slot_list("").unwrap().slots.is_empty());
    }
}
