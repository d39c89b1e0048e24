//! `partition list` → rows (IMP-1), both layouts: 5.x/6.x without and 7.7+ with the Version
//! column. Numbers are read from the right end so names may contain spaces and specials.

use super::{ParseError, is_trailer, numbered};
use crate::domain::ids::PartitionSerial;
use crate::domain::partition::PartitionVersion;

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionRow {
    pub serial: PartitionSerial,
    pub name: String,
    /// None in the 5.x/6.x layout (no Version column; those partitions are V0).
    pub version: Option<PartitionVersion>,
    pub objects: u32,
    pub total: u64,
    pub used: u64,
    pub free: u64,
}

/// Reads the rows after the `===` rule up to the first blank line; `There are no partitions.`
/// is an empty list. The layout is chosen by a `Version` word in the header lines.
pub fn parse_partition_list(text: &str) -> Result<Vec<PartitionRow>, ParseError> {
    let mut with_version = false;
    let mut in_rows = false;
    let mut seen_rule = false;
    let mut rows = Vec::new();
    for (n, line) in numbered(text) {
        let t = line.trim();
        if in_rows {
            if t.starts_with("There are no partitions") {
                return Ok(Vec::new());
            }
            if t.is_empty() || is_trailer(line) {
                in_rows = false;
                continue;
            }
            rows.push(row(line, with_version, n)?);
        } else if t.starts_with("There are no partitions") {
            return Ok(Vec::new());
        } else if !seen_rule && t.starts_with("===") {
            seen_rule = true;
            in_rows = true;
        } else if !seen_rule && t.split_whitespace().any(|w| w == "Version") {
            with_version = true;
        }
    }
    if !seen_rule {
        return Err(ParseError::missing("===="));
    }
    Ok(rows)
}

fn row(line: &str, with_version: bool, n: usize) -> Result<PartitionRow, ParseError> {
    let bad = |reason: &str| ParseError::at(n, line, reason);
    let t = line.trim();
    let (serial, rest) = t
        .split_once(char::is_whitespace)
        .ok_or_else(|| bad("expected a serial, a name and the numbers"))?;
    if serial.is_empty() || !serial.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("the partition serial is not a number"));
    }
    // Peel numbers off the right end: free, used, total, objects, (version).
    let wanted = if with_version { 5 } else { 4 };
    let mut numbers = Vec::with_capacity(wanted);
    let mut name = rest.trim_end();
    for _ in 0..wanted {
        let (head, last) = match name.rsplit_once(char::is_whitespace) {
            Some((h, l)) => (h.trim_end(), l),
            None => ("", name),
        };
        let value: u64 = last
            .parse()
            .map_err(|_| bad("expected a number at the end of the row"))?;
        numbers.push(value);
        name = head;
    }
    let name = name.trim();
    if name.is_empty() {
        return Err(bad("the partition name is missing"));
    }
    let (free, used, total, objects) = match numbers.as_slice() {
        [free, used, total, objects, ..] => (*free, *used, *total, *objects),
        _ => return Err(bad("expected a number at the end of the row")),
    };
    let version = match numbers.get(4) {
        None => None,
        Some(0) => Some(PartitionVersion::V0),
        Some(1) => Some(PartitionVersion::V1),
        Some(_) => return Err(bad("the partition version is neither 0 nor 1")),
    };
    Ok(PartitionRow {
        serial: PartitionSerial::new(serial),
        name: name.to_string(),
        version,
        objects: u32::try_from(objects).map_err(|_| bad("the object count is too large"))?,
        total,
        used,
        free,
    })
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    fn row78(
        serial: &str,
        name: &str,
        v: PartitionVersion,
        o: u32,
        t: u64,
        u: u64,
        f: u64,
    ) -> PartitionRow {
        PartitionRow {
            serial: PartitionSerial::new(serial),
            name: name.into(),
            version: Some(v),
            objects: o,
            total: t,
            used: u,
            free: f,
        }
    }

    #[test]
    fn imp_1_partition_list_78_capture() {
        let rows = parse_partition_list(SH_PARTITION_LIST_78).unwrap();
        assert_eq!(
            rows,
            vec![row78(
                "1582775433934",
                "sp_sehsm3",
                PartitionVersion::V0,
                23,
                648381,
                9408,
                638973
            )]
        );
    }

    #[test]
    fn imp_1_partition_list_6x_capture() {
        let rows = parse_partition_list(SH_PARTITION_LIST_6).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].serial, PartitionSerial::new("157826004"));
        assert_eq!(rows[0].name, "testPar1");
        assert_eq!(rows[0].version, None);
        assert_eq!(
            (rows[0].objects, rows[0].total, rows[0].used, rows[0].free),
            (0, 102701, 0, 102701)
        );
        assert_eq!(rows[1].name, "testPar2");
        assert_eq!(rows[1].objects, 2);
    }

    #[test]
    fn imp_1_partition_list_empty_and_trailer() {
        assert_eq!(parse_partition_list(SH_NO_PARTITIONS).unwrap(), vec![]);
        let header: String = SH_PARTITION_LIST_78
            .lines()
            .take(4)
            .map(|l| format!("{l}\n"))
            .collect();
        let text = format!("{header}{SH_NO_PARTITIONS}");
        assert_eq!(parse_partition_list(&text).unwrap(), vec![]);
        let text = format!("{SH_PARTITION_LIST_78}\n\nCommand Result : 0 (Success)\n");
        assert_eq!(parse_partition_list(&text).unwrap().len(), 1);
        let text = format!("{SH_PARTITION_LIST_6}Command Result : 0 (Success)\n");
        assert_eq!(parse_partition_list(&text).unwrap().len(), 2);
    }

    #[test]
    fn imp_1_names_with_spaces_specials_and_v1() {
        let text = SH_PARTITION_LIST_78.replace(
            "sp_sehsm3                         0",
            "a b!#$%'()*+,-./:=@[]^_{} 9       1",
        );
        let rows = parse_partition_list(&text).unwrap();
        assert_eq!(rows[0].name, "a b!#$%'()*+,-./:=@[]^_{} 9");
        assert_eq!(rows[0].version, Some(PartitionVersion::V1));
    }

    #[test]
    fn imp_1_malformed_rows_are_quoted() {
        for (from, to, reason) in [
            (
                "1582775433934",
                "158277543393x",
                "the partition serial is not a number",
            ),
            (
                "638973",
                "63897z",
                "expected a number at the end of the row",
            ),
            (
                "sp_sehsm3                         0",
                "sp_sehsm3                         7",
                "the partition version is neither 0 nor 1",
            ),
            (
                "sp_sehsm3                         0",
                "                                  0",
                "the partition name is missing",
            ),
        ] {
            let text = SH_PARTITION_LIST_78.replace(from, to);
            let e = parse_partition_list(&text).unwrap_err();
            assert_eq!(e.reason, reason, "{to}");
            assert_eq!(e.line_no, 5);
            assert!(e.line.contains(to.trim()), "{e}");
        }
        let e = parse_partition_list("Partition  Name\n").unwrap_err();
        assert_eq!(e.to_string(), "the output has no '====' line");
    }
}
