//! LunaSH `partition showContents` → the partition header and its key objects (label, type,
//! handle) for the Keys tab (MNG-5). Each object starts at `Object Label:`.

use super::partition_show::{serial_value, version_value};
use super::{ParseError, is_trailer, number, numbered, split_colon, storage_triple};
use crate::domain::client::KeyObject;
use crate::domain::device::Storage;
use crate::domain::ids::PartitionSerial;
use crate::domain::partition::PartitionVersion;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionContents {
    pub name: String,
    pub serial: PartitionSerial,
    pub version: Option<PartitionVersion>,
    pub storage: Option<Storage>,
    /// `Number objects:` as printed (may exceed the objects listed: the capture is abridged).
    pub count: u32,
    pub objects: Vec<KeyObject>,
}

/// An object being read: the line it started on, label, type, handle.
struct Pending<'a> {
    line_no: usize,
    line: &'a str,
    label: String,
    object_type: Option<String>,
    handle: Option<u64>,
}

impl Pending<'_> {
    fn finish(self, partition: &PartitionSerial) -> Result<KeyObject, ParseError> {
        let (Some(object_type), Some(handle)) = (self.object_type, self.handle) else {
            return Err(ParseError::at(
                self.line_no,
                self.line,
                "the object has no 'Object Type:' or 'Object Handle:' line",
            ));
        };
        Ok(KeyObject {
            partition: partition.clone(),
            label: self.label,
            object_type,
            handle,
            fingerprint: None,
            algorithm: None,
            bits: None,
        })
    }
}

pub fn parse_show_contents(text: &str) -> Result<PartitionContents, ParseError> {
    let mut name = None;
    let mut serial = None;
    let mut version = None;
    let mut storage = None;
    let mut count = None;
    let mut pending: Vec<Pending> = Vec::new();
    for (n, line) in numbered(text) {
        if is_trailer(line) {
            continue;
        }
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        match key {
            "Partition Name" => name = Some(value.to_string()),
            "Partition SN" => serial = Some(serial_value(value, n, line)?),
            "Partition Version" => version = Some(version_value(value, n, line)?),
            "Storage (Bytes)" => storage = Some(storage_triple(value, n, line)?),
            "Number objects" | "Number of objects" => count = Some(number(value, n, line, key)?),
            "Object Label" => pending.push(Pending {
                line_no: n,
                line,
                label: value.to_string(),
                object_type: None,
                handle: None,
            }),
            "Object Type" | "Object Handle" => {
                let Some(current) = pending.last_mut() else {
                    return Err(ParseError::at(
                        n,
                        line,
                        "an object line before 'Object Label:'",
                    ));
                };
                if key == "Object Type" {
                    current.object_type = Some(value.to_string());
                } else {
                    current.handle = Some(number(value, n, line, "the object handle")?);
                }
            }
            _ => {}
        }
    }
    let serial = serial.ok_or_else(|| ParseError::missing("Partition SN"))?;
    let objects = pending
        .into_iter()
        .map(|p| p.finish(&serial))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PartitionContents {
        name: name.ok_or_else(|| ParseError::missing("Partition Name"))?,
        serial,
        version,
        storage,
        count: count.ok_or_else(|| ParseError::missing("Number objects"))?,
        objects,
    })
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn mng_5_show_contents_78_capture() {
        let c = parse_show_contents(SH_SHOW_CONTENTS_78).unwrap();
        assert_eq!(c.name, "sp_sehsm3");
        assert_eq!(c.serial, PartitionSerial::new("1582775433934"));
        assert_eq!(c.version, Some(PartitionVersion::V0));
        assert_eq!(
            c.storage,
            Some(Storage {
                total: 648381,
                used: 496,
                free: 647885
            })
        );
        assert_eq!(c.count, 2);
        assert_eq!(
            c.objects,
            vec![KeyObject {
                partition: PartitionSerial::new("1582775433934"),
                label: "DARKSTARKEY-mac-key".into(),
                object_type: "Symmetric Key".into(),
                handle: 37,
                fingerprint: None,
                algorithm: None,
                bits: None,
            }]
        );
    }

    #[test]
    fn mng_5_show_contents_empty_and_two_objects() {
        let header: String = SH_SHOW_CONTENTS_78
            .lines()
            .take(4)
            .map(|l| format!("{l}\n"))
            .collect();
        let empty = format!("{header}   Number objects:  0\n\nCommand Result : 0 (Success)\n");
        let c = parse_show_contents(&empty).unwrap();
        assert_eq!((c.count, c.objects.len()), (0, 0));
        let two = format!(
            "{SH_SHOW_CONTENTS_78}\n   Object Label:  second: with colon\n   Object Type:   Private Key\n   Object Handle: 38\n"
        );
        let c = parse_show_contents(&two).unwrap();
        assert_eq!(c.objects.len(), 2);
        assert_eq!(c.objects[1].label, "second: with colon");
        assert_eq!(c.objects[1].handle, 38);
    }

    #[test]
    fn mng_5_show_contents_malformed() {
        let e = parse_show_contents(&SH_SHOW_CONTENTS_78.replace("Handle: 37", "Handle: x"))
            .unwrap_err();
        assert_eq!((e.line_no, e.line.as_str()), (9, "   Object Handle: x"));
        assert_eq!(e.reason, "the object handle is not a number");
        let e = parse_show_contents(&SH_SHOW_CONTENTS_78.replace("   Object Handle: 37\n", ""))
            .unwrap_err();
        assert_eq!(
            (e.line_no, e.line.as_str()),
            (7, "   Object Label:  DARKSTARKEY-mac-key")
        );
        let e = parse_show_contents(
            &SH_SHOW_CONTENTS_78.replace("   Object Label:  DARKSTARKEY-mac-key\n", ""),
        )
        .unwrap_err();
        assert_eq!(e.reason, "an object line before 'Object Label:'");
        let e = parse_show_contents(&SH_SHOW_CONTENTS_78.replace("Number objects", "Objects"))
            .unwrap_err();
        assert_eq!(e.to_string(), "the output has no 'Number objects' line");
    }
}
