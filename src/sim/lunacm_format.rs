//! LunaCM screens per docs/assumed-formats.md: `slot list` blocks (`Key -> value`), `partition
//! contents` and `hagroup listgroups`.

use super::model::{Auth, Fleet, Fm, HaGroup, SimPartition};

fn kv(out: &mut String, key: &str, value: &str) {
    let k = format!("{key} ->");
    let line = format!("\t{k:<24}{value}");
    out.push_str(line.trim_end());
    out.push('\n');
}

fn fm_text(fm: Fm) -> &'static str {
    match fm {
        Fm::NonFm => "Non-FM",
        Fm::FmReady => "FM Ready",
        Fm::FmDisabled => "FM Disabled",
        Fm::FmEnabled => "FM Enabled",
    }
}

/// `slot list`: one block per present slot, then `Current Slot Id:`.
pub fn slot_list(fleet: &Fleet, current: u32) -> String {
    let mut blocks = Vec::new();
    for slot in &fleet.client_host.slots {
        let Some((app, p)) = fleet.partition_by_serial(&slot.serial) else {
            continue;
        };
        if app.faults.unreachable || app.faults.hang {
            continue;
        }
        let mut b = String::new();
        kv(&mut b, "Slot Id", &slot.id.to_string());
        kv(&mut b, "Label", &p.label);
        kv(&mut b, "Serial Number", &p.serial);
        let sw = app.software.split('-').next().unwrap_or("");
        kv(&mut b, "Model", &format!("LunaSA {sw}"));
        kv(&mut b, "Firmware Version", &app.firmware);
        kv(&mut b, "Bootloader Version", "1.1.5");
        let auth = if app.auth == Auth::Ped { "PED" } else { "PW" };
        let config = if p.ppso {
            format!("Luna User Partition With SO ({auth}) Key Export With Cloning Mode")
        } else {
            format!("Luna User Partition, No SO ({auth}) Key Export With Cloning Mode")
        };
        kv(&mut b, "Configuration", &config);
        kv(&mut b, "Slot Description", "Net Token Slot");
        kv(&mut b, "FM HW Status", fm_text(app.fm));
        blocks.push(b);
    }
    for g in &fleet.client_host.ha_groups {
        let first = g.members.first().and_then(|s| fleet.partition_by_serial(s));
        let mut b = String::new();
        kv(&mut b, "Slot Id", &g.slot_id.to_string());
        kv(&mut b, "Label", &g.label);
        kv(&mut b, "Serial Number", &g.number());
        kv(&mut b, "Model", "LunaVirtual");
        kv(
            &mut b,
            "Firmware Version",
            first.map(|(a, _)| a.firmware.as_str()).unwrap_or(""),
        );
        kv(
            &mut b,
            "Configuration",
            "Luna Virtual HSM (PW) Key Export With Cloning Mode",
        );
        kv(&mut b, "Slot Description", "HA Virtual Card Slot");
        kv(&mut b, "HA Group Label", &g.label);
        blocks.push(b);
    }
    let mut out = blocks.join("\n");
    out.push_str(&format!("\nCurrent Slot Id: {current}\n"));
    out
}

/// `partition contents` for the role logged in (`co` or `cu`).
pub fn contents(p: &SimPartition, role: &str) -> String {
    let who = if role == "cu" {
        "Crypto User"
    } else {
        "Crypto Officer"
    };
    let mut o = format!(
        "\tThe '{who}' is currently logged in. Looking for objects accessible to the '{who}'.\n\n\tObject list:\n\n"
    );
    for obj in &p.objects {
        o.push_str(&format!("\tLabel:        {}\n", obj.label));
        o.push_str(&format!("\tHandle:       {}\n", obj.handle));
        o.push_str(&format!("\tObject Type:  {}\n", obj.kind));
        if let Some(a) = &obj.algorithm {
            o.push_str(&format!("\tAlgorithm:    {a}\n"));
        }
        if let Some(b) = obj.bits {
            o.push_str(&format!("\tKey Size:     {b}\n"));
        }
        if let Some(f) = &obj.fingerprint {
            o.push_str(&format!("\tFingerprint:  {f}\n"));
        }
        o.push('\n');
    }
    o.push_str(&format!("\tNumber of objects:  {}\n", p.objects.len()));
    o
}

fn group_line(out: &mut String, key: &str, value: &str) {
    if key == "HA Group Label:" {
        out.push_str(&format!("\t\t{key}  {value}\n"));
    } else {
        out.push_str(&format!("\t{key:>23}  {value}\n"));
    }
}

/// `hagroup listgroups`.
pub fn list_groups(fleet: &Fleet) -> String {
    if fleet.client_host.ha_groups.is_empty() {
        return "There are no HA groups defined.\n".to_string();
    }
    let blocks: Vec<String> = fleet
        .client_host
        .ha_groups
        .iter()
        .map(|g| group_block(fleet, g))
        .collect();
    blocks.join("\n")
}

fn group_block(fleet: &Fleet, g: &HaGroup) -> String {
    let mut o = String::new();
    group_line(&mut o, "HA Group Label:", &g.label);
    group_line(&mut o, "HA Group Number:", &g.number());
    group_line(&mut o, "HA Group Slot ID:", &g.slot_id.to_string());
    let sync = if g.synchronize { "enabled" } else { "disabled" };
    group_line(&mut o, "Synchronization:", sync);
    group_line(&mut o, "Group Members:", &g.members.join(", "));
    group_line(&mut o, "Standby Members:", "<none>");
    o.push_str("\n\tSlot #    Member S/N                      Member Label    Status\n");
    o.push_str("\t======    ==========                      ============    ======\n");
    for (i, serial) in g.members.iter().enumerate() {
        let slot = fleet
            .client_host
            .slots
            .iter()
            .find(|s| &s.serial == serial)
            .map(|s| s.id.to_string())
            .unwrap_or_else(|| i.to_string());
        let found = fleet.partition_by_serial(serial);
        let label = found.map(|(_, p)| p.label.as_str()).unwrap_or("");
        let alive = found.is_some_and(|(a, _)| !a.faults.unreachable && !a.faults.hang);
        let status = if alive { "alive" } else { "down" };
        let width = 44usize.saturating_sub(serial.len()).max(label.len() + 1);
        o.push_str(&format!(
            "\t{slot:>6}    {serial}{label:>width$}    {status}\n"
        ));
    }
    o
}
