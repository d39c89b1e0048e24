//! LunaCM `partition contents` → key objects with fingerprint, algorithm and bit size for the
//! Keys tab (MNG-5). Each object starts at `Label:`; absent optional lines mean unknown.

use super::{ParseError, is_trailer, leading_number, number, numbered, split_colon};
use crate::domain::client::KeyObject;
use crate::domain::ids::PartitionSerial;

struct Pending<'a> {
    line_no: usize,
    line: &'a str,
    object: KeyObject,
    has_type: bool,
    has_handle: bool,
}

/// The objects of the partition in the current slot; `partition` is its serial (LunaCM does not
/// print it here).
pub fn parse_cm_contents(
    text: &str,
    partition: &PartitionSerial,
) -> Result<Vec<KeyObject>, ParseError> {
    let mut pending: Vec<Pending> = Vec::new();
    for (n, line) in numbered(text) {
        if is_trailer(line) {
            continue;
        }
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        if key == "Label" {
            pending.push(Pending {
                line_no: n,
                line,
                object: KeyObject {
                    partition: partition.clone(),
                    label: value.to_string(),
                    object_type: String::new(),
                    handle: 0,
                    fingerprint: None,
                    algorithm: None,
                    bits: None,
                },
                has_type: false,
                has_handle: false,
            });
            continue;
        }
        let field = matches!(
            key,
            "Handle" | "Object Type" | "Algorithm" | "Key Size" | "Fingerprint"
        );
        if !field {
            continue;
        }
        let Some(p) = pending.last_mut() else {
            return Err(ParseError::at(n, line, "an object line before 'Label:'"));
        };
        let known = (!value.is_empty()).then(|| value.to_string());
        match key {
            "Handle" => {
                p.object.handle = number(value, n, line, "the object handle")?;
                p.has_handle = true;
            }
            "Object Type" => {
                p.object.object_type = value.to_string();
                p.has_type = true;
            }
            "Algorithm" => p.object.algorithm = known,
            "Key Size" => {
                p.object.bits = match known {
                    None => None,
                    Some(_) => Some(leading_number(value).ok_or_else(|| {
                        ParseError::at(n, line, "the key size is not a number of bits")
                    })?),
                };
            }
            _ => p.object.fingerprint = known,
        }
    }
    pending
        .into_iter()
        .map(|p| {
            if p.has_type && p.has_handle {
                Ok(p.object)
            } else {
                Err(ParseError::at(
                    p.line_no,
                    p.line,
                    "the object has no 'Handle:' or 'Object Type:' line",
                ))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    fn serial() -> PartitionSerial {
        PartitionSerial::new("1582775433934")
    }

    #[test]
    fn mng_5_cm_contents_sample() {
        let objects = parse_cm_contents(CM_PARTITION_CONTENTS, &serial()).unwrap();
        assert_eq!(
            objects,
            vec![KeyObject {
                partition: serial(),
                label: "DARKSTARKEY-mac-key".into(),
                object_type: "Symmetric Key".into(),
                handle: 37,
                fingerprint: Some("3F:A1:09:...:77".into()),
                algorithm: Some("AES".into()),
                bits: Some(256),
            }]
        );
    }

    #[test]
    fn mng_5_cm_contents_optional_lines_and_empty() {
        let text = format!(
            "{CM_PARTITION_CONTENTS}\n\tLabel:        rsa priv\n\tHandle:       40\n\tObject Type:  Private Key\n\n{CM_RESULT_OK}"
        );
        let objects = parse_cm_contents(&text, &serial()).unwrap();
        assert_eq!(objects.len(), 2);
        assert_eq!(
            (
                objects[1].algorithm.clone(),
                objects[1].bits,
                objects[1].fingerprint.clone()
            ),
            (None, None, None)
        );
        let empty = "\tObject list:\n\n\tNumber of objects:  0\n\nCommand Result : No Error\n";
        assert!(parse_cm_contents(empty, &serial()).unwrap().is_empty());
    }

    #[test]
    fn mng_5_cm_contents_malformed() {
        let e =
            parse_cm_contents(&CM_PARTITION_CONTENTS.replace("256", "big"), &serial()).unwrap_err();
        assert_eq!((e.line_no, e.line.as_str()), (9, "\tKey Size:     big"));
        let e = parse_cm_contents(
            &CM_PARTITION_CONTENTS.replace("\tHandle:       37\n", ""),
            &serial(),
        )
        .unwrap_err();
        assert_eq!(
            (e.line_no, e.line.as_str()),
            (5, "\tLabel:        DARKSTARKEY-mac-key")
        );
        let e = parse_cm_contents("\tHandle: 3\n", &serial()).unwrap_err();
        assert_eq!(e.reason, "an object line before 'Label:'");
    }
}
