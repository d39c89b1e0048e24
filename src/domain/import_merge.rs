//! Discovery again over a saved import table (IMP-1, IMP-3): merge, never replace. Rows and
//! edits of partitions still found stay, new partitions are added, the rest is marked.

use super::ids::HsmSerial;
use super::import::{is_default_group, sort_rows};
use super::import_row::{ImportRow, RowPresence};

/// What a merge changed, for the console and the CLI to say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Rows of partitions found again; what was typed in them is kept.
    pub kept: usize,
    /// "device/partition" of the rows added.
    pub added: Vec<String>,
    /// "device/partition" of the rows whose device was not read this time (kept as they were).
    pub not_reread: Vec<String>,
    /// "device/partition" of the rows whose partition is no longer on its (read) device.
    pub gone: Vec<String>,
    /// "device/partition" of the rows left out because a service now manages the partition.
    pub now_managed: Vec<String>,
}

impl MergeReport {
    /// One sentence: "merged with the saved table: 3 kept (edits kept), 1 new (…), …".
    pub fn sentence(&self) -> String {
        let list = |v: &[String]| v.join(", ");
        let mut parts = vec![format!("{} kept (edits kept)", self.kept)];
        if !self.added.is_empty() {
            parts.push(format!("{} new ({})", self.added.len(), list(&self.added)));
        }
        if !self.not_reread.is_empty() {
            parts.push(format!(
                "{} not read again, kept as they were ({})",
                self.not_reread.len(),
                list(&self.not_reread)
            ));
        }
        if !self.gone.is_empty() {
            parts.push(format!(
                "{} gone from their device, marked (delete them: {})",
                self.gone.len(),
                list(&self.gone)
            ));
        }
        if !self.now_managed.is_empty() {
            parts.push(format!(
                "{} left out, now managed by a service ({})",
                self.now_managed.len(),
                list(&self.now_managed)
            ));
        }
        format!("merged with the saved table: {}", parts.join("; "))
    }
}

fn at(r: &ImportRow) -> String {
    format!("{}/{}", r.device_name, r.partition_name)
}

/// The largest `n` of the `HA_n` suggestions among `rows`.
fn last_suggestion(rows: &[ImportRow]) -> u64 {
    rows.iter()
        .filter(|r| is_default_group(r.ha_group.trim()))
        .filter_map(|r| r.ha_group.trim().strip_prefix("HA_")?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
}

/// Merges `fresh` (rows suggested from this discovery) into `saved`. `read`: the devices this
/// discovery read; `managed`: whether a service now manages a partition. New rows whose
/// suggested `HA_n` would meet a saved group are renumbered after the saved ones. Returns the
/// merged table (sorted) and the report; the result keeps no row of a managed partition.
pub fn merge_rows(
    saved: &[ImportRow],
    fresh: Vec<ImportRow>,
    read: &[HsmSerial],
    managed: impl Fn(&ImportRow) -> bool,
) -> (Vec<ImportRow>, MergeReport) {
    let mut report = MergeReport::default();
    let mut out: Vec<ImportRow> = Vec::with_capacity(saved.len() + fresh.len());
    for old in saved {
        if managed(old) {
            report.now_managed.push(at(old));
            continue;
        }
        let mut row = old.clone();
        match fresh.iter().find(|f| f.partition == old.partition) {
            Some(f) => {
                // A suggestion nobody replaced yet gives way to the real label the client
                // host reported this time; a label the user typed stays.
                let real = f.ha_group.trim();
                if is_default_group(old.ha_group.trim())
                    && !real.is_empty()
                    && !is_default_group(real)
                {
                    row.ha_group = real.to_string();
                }
                row.device_name = f.device_name.clone();
                row.partition_name = f.partition_name.clone();
                row.view_only = f.view_only;
                row.presence = RowPresence::Found;
                report.kept += 1;
            }
            None if read.contains(&old.device) => {
                row.presence = RowPresence::Gone;
                report.gone.push(at(old));
            }
            None => {
                row.presence = RowPresence::NotReRead;
                report.not_reread.push(at(old));
            }
        }
        out.push(row);
    }
    let offset = last_suggestion(saved);
    for mut f in fresh {
        if saved.iter().any(|s| s.partition == f.partition) {
            continue;
        }
        if let Some(n) = f
            .ha_group
            .trim()
            .strip_prefix("HA_")
            .and_then(|n| n.parse::<u64>().ok())
            && is_default_group(f.ha_group.trim())
        {
            f.ha_group = format!("HA_{}", n + offset);
        }
        report.added.push(at(&f));
        out.push(f);
    }
    sort_rows(&mut out);
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::PartitionSerial;

    fn row(dev: &str, part: &str, serial: &str) -> ImportRow {
        ImportRow {
            partition: PartitionSerial::new(serial),
            device: HsmSerial::new(dev),
            device_name: dev.to_string(),
            partition_name: part.to_string(),
            ha_group: String::new(),
            service_name: String::new(),
            description: String::new(),
            organization: None,
            deleted: false,
            view_only: false,
            presence: RowPresence::Found,
        }
    }

    #[test]
    fn imp_3_discovery_again_keeps_edits_adds_new_and_marks_the_rest() {
        let mut edited = row("d1", "p1", "11");
        edited.service_name = "payments".into();
        edited.deleted = false;
        let mut deleted = row("d1", "p2", "12");
        deleted.deleted = true;
        let gone = row("d1", "p3", "13");
        let skipped = row("d2", "q1", "21");
        let managed = row("d1", "p4", "14");
        let mut suggested = row("d3", "h1", "31");
        suggested.ha_group = "HA_1".into();
        let mut unlabelled = row("d3", "h2", "32");
        unlabelled.ha_group = "HA_1".into();
        let saved = vec![
            edited, deleted, gone, skipped, managed, suggested, unlabelled,
        ];
        let mut new_ha = row("d1", "n1", "15");
        new_ha.ha_group = "HA_1".into();
        let mut real = row("d3", "h2", "32");
        real.ha_group = "myHA".into();
        let fresh = vec![
            row("d1", "p1", "11"),
            row("d1", "p2", "12"),
            row("d3", "h1", "31"),
            real,
            new_ha,
        ];
        let read = [HsmSerial::new("d1"), HsmSerial::new("d3")];
        let (rows, report) = merge_rows(&saved, fresh, &read, |r| r.partition_name == "p4");
        let find = |serial: &str| {
            rows.iter()
                .find(|r| r.partition.as_str() == serial)
                .unwrap()
        };
        assert_eq!(find("11").service_name, "payments", "edits kept");
        assert!(find("12").deleted, "a deleted row stays deleted");
        assert_eq!(find("13").presence, RowPresence::Gone);
        assert_eq!(find("21").presence, RowPresence::NotReRead);
        assert_eq!(
            find("31").ha_group,
            "HA_1",
            "a saved suggestion keeps its name"
        );
        assert_eq!(
            find("32").ha_group,
            "myHA",
            "the client host's real label replaces HA_n"
        );
        assert_eq!(
            find("15").ha_group,
            "HA_2",
            "a new suggestion never joins a saved group"
        );
        assert!(rows.iter().all(|r| r.partition.as_str() != "14"));
        assert_eq!(report.kept, 4);
        assert_eq!(report.added, ["d1/n1"]);
        assert_eq!(report.gone, ["d1/p3"]);
        assert_eq!(report.not_reread, ["d2/q1"]);
        assert_eq!(report.now_managed, ["d1/p4"]);
        let s = report.sentence();
        assert!(
            s.starts_with("merged with the saved table: 4 kept (edits kept); 1 new (d1/n1)"),
            "{s}"
        );
        assert!(
            s.contains("gone from their device, marked (delete them: d1/p3)"),
            "{s}"
        );
    }
}
