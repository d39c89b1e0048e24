//! LunaCM `hagroup listgroups` → HA groups with their virtual slot and member table (serial,
//! label, status). Each group starts at `HA Group Label:`; the table follows its `===` rule.

use super::{ParseError, is_trailer, number, numbered, split_colon, yes_no};
use crate::domain::ids::PartitionSerial;

/// One row of a group's member table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HaMember {
    pub slot: u32,
    pub serial: PartitionSerial,
    /// Partition label (may contain spaces).
    pub label: String,
    /// `alive`, or whatever the client prints for a member it cannot reach.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HaGroup {
    pub label: String,
    /// `HA Group Number:` (the virtual slot's serial).
    pub number: String,
    /// The HA virtual slot id.
    pub slot: u32,
    pub synchronization: Option<bool>,
    /// `Group Members:` serials.
    pub member_serials: Vec<PartitionSerial>,
    /// `Standby Members:` serials (`<none>` = empty).
    pub standby: Vec<PartitionSerial>,
    pub members: Vec<HaMember>,
}

struct Pending<'a> {
    line_no: usize,
    line: &'a str,
    group: HaGroup,
    has_number: bool,
    has_slot: bool,
}

pub fn parse_hagroup_list(text: &str) -> Result<Vec<HaGroup>, ParseError> {
    let mut groups: Vec<Pending> = Vec::new();
    let mut in_table = false;
    for (n, line) in numbered(text) {
        let t = line.trim();
        if is_trailer(line) || t.starts_with("There are no HA groups") {
            in_table = false;
            continue;
        }
        if in_table && !t.is_empty() && !t.starts_with("HA Group Label") {
            let Some(p) = groups.last_mut() else {
                continue;
            };
            p.group.members.push(member(t, n, line)?);
            continue;
        }
        in_table = false;
        if t.starts_with("===") {
            in_table = !groups.is_empty();
            continue;
        }
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        if key == "HA Group Label" {
            groups.push(Pending {
                line_no: n,
                line,
                group: HaGroup {
                    label: value.to_string(),
                    number: String::new(),
                    slot: 0,
                    synchronization: None,
                    member_serials: Vec::new(),
                    standby: Vec::new(),
                    members: Vec::new(),
                },
                has_number: false,
                has_slot: false,
            });
            continue;
        }
        let Some(p) = groups.last_mut() else {
            continue;
        };
        match key {
            "HA Group Number" => {
                p.group.number = value.to_string();
                p.has_number = !value.is_empty();
            }
            "HA Group Slot ID" => {
                p.group.slot = number(value, n, line, "the HA slot id")?;
                p.has_slot = true;
            }
            "Synchronization" => p.group.synchronization = yes_no(value),
            "Group Members" => p.group.member_serials = serials(value, n, line)?,
            "Standby Members" => p.group.standby = serials(value, n, line)?,
            _ => {}
        }
    }
    groups
        .into_iter()
        .map(|p| {
            if p.has_number && p.has_slot {
                Ok(p.group)
            } else {
                Err(ParseError::at(
                    p.line_no,
                    p.line,
                    "the group has no 'HA Group Number:' or 'HA Group Slot ID:' line",
                ))
            }
        })
        .collect()
}

/// `     0    1582775433934                      sp_sehsm3    alive`.
fn member(t: &str, n: usize, line: &str) -> Result<HaMember, ParseError> {
    let bad = || ParseError::at(n, line, "expected 'slot serial label status'");
    let (slot, rest) = t.split_once(char::is_whitespace).ok_or_else(bad)?;
    let slot = number(slot, n, line, "the member slot")?;
    let rest = rest.trim_start();
    let (serial, rest) = rest.split_once(char::is_whitespace).ok_or_else(bad)?;
    if !serial.chars().all(|c| c.is_ascii_digit()) {
        return Err(ParseError::at(n, line, "the member serial is not a number"));
    }
    let (label, status) = rest
        .trim()
        .rsplit_once(char::is_whitespace)
        .ok_or_else(bad)?;
    Ok(HaMember {
        slot,
        serial: PartitionSerial::new(serial),
        label: label.trim().to_string(),
        status: status.to_string(),
    })
}

/// `1582775433934, 1582775433941` or `<none>`.
fn serials(value: &str, n: usize, line: &str) -> Result<Vec<PartitionSerial>, ParseError> {
    if value.is_empty() || value.eq_ignore_ascii_case("<none>") {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(str::trim)
        .map(|s| {
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                Ok(PartitionSerial::new(s))
            } else {
                Err(ParseError::at(n, line, "a member serial is not a number"))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn hagroup_listgroups_sample() {
        let groups = parse_hagroup_list(CM_HAGROUP_LISTGROUPS).unwrap();
        assert_eq!(groups.len(), 1);
        let g = &groups[0];
        assert_eq!(
            (g.label.as_str(), g.number.as_str(), g.slot),
            ("myHA", "11582775433934", 5)
        );
        assert_eq!(g.synchronization, Some(true));
        assert_eq!(
            g.member_serials,
            [
                PartitionSerial::new("1582775433934"),
                PartitionSerial::new("1582775433941")
            ]
        );
        assert!(g.standby.is_empty());
        assert_eq!(
            g.members,
            vec![
                HaMember {
                    slot: 0,
                    serial: PartitionSerial::new("1582775433934"),
                    label: "sp_sehsm3".into(),
                    status: "alive".into()
                },
                HaMember {
                    slot: 1,
                    serial: PartitionSerial::new("1582775433941"),
                    label: "sp_sehsm3".into(),
                    status: "alive".into()
                },
            ]
        );
    }

    #[test]
    fn hagroup_two_groups_empty_and_spaced_labels() {
        let second = CM_HAGROUP_LISTGROUPS
            .replace("myHA", "other")
            .replace("Slot ID:  5", "Slot ID:  6")
            .replace("   sp_sehsm3    alive", "my label    down");
        let text = format!("{CM_HAGROUP_LISTGROUPS}\n{second}\n{CM_RESULT_OK}");
        let groups = parse_hagroup_list(&text).unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].slot, 6);
        assert_eq!(groups[1].members[0].label, "my label");
        assert_eq!(groups[1].members[0].status, "down");
        let empty = format!("{CM_NO_HA_GROUPS}\n{CM_RESULT_OK}");
        assert!(parse_hagroup_list(&empty).unwrap().is_empty());
    }

    #[test]
    fn hagroup_malformed() {
        let e =
            parse_hagroup_list(&CM_HAGROUP_LISTGROUPS.replace("     1    158", "     x    158"))
                .unwrap_err();
        assert_eq!(e.line_no, 11);
        assert!(e.line.contains("     x    158"), "{e}");
        let e = parse_hagroup_list(&CM_HAGROUP_LISTGROUPS.replace("Slot ID:  5", "Slot ID:  five"))
            .unwrap_err();
        assert_eq!(
            (e.line_no, e.reason.as_str()),
            (3, "the HA slot id is not a number")
        );
        let no_number =
            CM_HAGROUP_LISTGROUPS.replace("\t       HA Group Number:  11582775433934\n", "");
        let e = parse_hagroup_list(&no_number).unwrap_err();
        assert_eq!(
            (e.line_no, e.line.as_str()),
            (1, "\t\tHA Group Label:  myHA")
        );
        let e = parse_hagroup_list(&CM_HAGROUP_LISTGROUPS.replace("1582775433934, ", "abc, "))
            .unwrap_err();
        assert_eq!(e.reason, "a member serial is not a number");
    }
}
