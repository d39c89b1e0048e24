//! LunaSH screens printed exactly per LUNASH.md and docs/assumed-formats.md: `hsm show`,
//! `partition list` (5.x/6.x and 7.x tables), `partition show`, `showContents`, `client show`.

use super::model::{Appliance, Auth, Fm, Perf, SimClient, SimPartition};

fn kv(out: &mut String, width: usize, label: &str, value: &str) {
    out.push_str(&format!("   {label:<width$}{value}\n"));
}

/// `hsm show` for the appliance; `logged_in` is this session's SO state.
pub fn hsm_show(app: &Appliance, logged_in: bool) -> String {
    let profile = app.profile();
    let mut o = String::new();
    o.push_str("   Appliance Details:\n   ==================\n");
    kv(&mut o, 33, "Software Version:", &app.software);
    o.push_str("\n   HSM Details:\n   ============\n");
    kv(&mut o, 36, "HSM Label:", &app.hsm_label);
    kv(&mut o, 36, "Serial #:", &app.hsm_serial);
    kv(&mut o, 36, "Firmware:", &app.firmware);
    kv(&mut o, 36, profile.model_label(), &app.model);
    let auth = match app.auth {
        Auth::Password => "Password",
        Auth::Ped => "PED keys",
    };
    kv(&mut o, 36, "Authentication Method:", auth);
    let status = if logged_in && !app.zeroized {
        "Logged In"
    } else {
        "Not Logged In"
    };
    kv(&mut o, 36, "HSM Admin login status:", status);
    let attempts = if app.zeroized {
        "HSM IS ZEROIZED !!!!".to_string()
    } else {
        format!(
            "{} before HSM zeroization!",
            3u32.saturating_sub(app.so_failures)
        )
    };
    kv(&mut o, 36, "HSM Admin login attempts left:", &attempts);
    let fm = match app.fm {
        Fm::NonFm => "Non-FM",
        Fm::FmReady => "FM Ready",
        Fm::FmDisabled => "FM Disabled",
        Fm::FmEnabled => "FM Enabled",
    };
    kv(&mut o, 36, "FM HW Status:", fm);
    let perf = match app.performance {
        Perf::Standard => "Standard",
        Perf::Enterprise => "Enterprise",
        Perf::Maximum => "Maximum",
    };
    kv(&mut o, 36, "Performance Level:", perf);
    kv(&mut o, 36, "Per-Partition SO Capability:", on_off(app.ppso));
    kv(
        &mut o,
        36,
        "Secure Trusted Channel Policy:",
        on_off(app.stc),
    );
    o.push_str("\n   Partitions created on HSM:\n   ==============================\n");
    if app.partitions.is_empty() {
        o.push_str("   There are no partitions.\n");
    }
    for p in &app.partitions {
        kv(
            &mut o,
            22,
            "Partition:",
            &format!("{}, Name: {}", p.serial, p.name),
        );
    }
    // 5.x prints no licence counts (the appliance still enforces them).
    if profile.prints_licences() {
        o.push('\n');
        kv(
            &mut o,
            37,
            "Number of partitions allowed:",
            &app.licences.to_string(),
        );
        kv(
            &mut o,
            37,
            "Number of partitions created:",
            &app.partitions.len().to_string(),
        );
    }
    o.push_str("\n   HSM Storage Information:\n   ========================\n");
    kv(
        &mut o,
        37,
        "Maximum HSM Storage Space (Bytes):",
        &app.storage_total.to_string(),
    );
    kv(
        &mut o,
        37,
        "Space In Use (Bytes):",
        &app.used_storage().to_string(),
    );
    kv(
        &mut o,
        37,
        "Free Space Left (Bytes):",
        &app.free_storage().to_string(),
    );
    o
}

fn on_off(v: bool) -> &'static str {
    if v { "Enabled" } else { "Disabled" }
}

fn yes_no(v: bool) -> &'static str {
    if v { "yes" } else { "no" }
}

/// `partition list`: the 7.x table (Version column) or the 5.x/6.x table.
pub fn partition_list(app: &Appliance) -> String {
    if app.partitions.is_empty() {
        return "There are no partitions.\n".to_string();
    }
    let mut o = String::new();
    if app.profile().seven {
        o.push_str("                                                                              Storage (bytes)\n");
        o.push_str("                                                       Partition    ----------------------------------\n");
        o.push_str("Partition            Name                              Version      Objects  Total     Used     Free\n");
        o.push_str("===================  ================================  ===========  =======  =======  =======  =======\n");
        for p in &app.partitions {
            o.push_str(&format!(
                "{:<19}  {:<32}  {:<11}  {:>7}  {:>7}  {:>7}  {:>7}\n",
                p.serial,
                p.name,
                p.version,
                p.objects.len(),
                p.size,
                p.used(),
                p.free()
            ));
        }
    } else {
        o.push_str("                                                      Storage (bytes)\n");
        o.push_str(
            "                                                ----------------------------\n",
        );
        o.push_str(
            " Partition    Name                     Objects     Total      Used      Free\n",
        );
        o.push_str(
            " ===========================================================================\n",
        );
        for p in &app.partitions {
            o.push_str(&format!(
                " {:<13}{:<25}{:>7}{:>10}{:>10}{:>10}\n",
                p.serial,
                p.name,
                p.objects.len(),
                p.size,
                p.used(),
                p.free()
            ));
        }
    }
    o
}

fn show_line(out: &mut String, label: &str, value: &str) {
    out.push_str(&format!("{label:<43}{value}\n"));
}

/// `partition show` for one partition (6.x capture plus the assumed lines).
pub fn partition_show(p: &SimPartition) -> String {
    let mut o = String::new();
    show_line(&mut o, "Partition Name:", &p.name);
    show_line(&mut o, "Partition SN:", &p.serial);
    show_line(&mut o, "Partition Label:", &p.label);
    show_line(
        &mut o,
        "Partition Owner Locked Out:",
        yes_no(p.co_attempts_left == 0),
    );
    show_line(
        &mut o,
        "Partition Owner Login Attempts Left:",
        &format!(
            "{} before Partition Owner is Locked Out",
            p.co_attempts_left
        ),
    );
    show_line(
        &mut o,
        "Partition Storage Information (Bytes):",
        &format!("Total={}, Used={}, Free={}", p.size, p.used(), p.free()),
    );
    show_line(
        &mut o,
        "Partition Object Count:",
        &p.objects.len().to_string(),
    );
    show_line(&mut o, "Partition Version:", &p.version.to_string());
    show_line(&mut o, "Partition Initialized:", yes_no(p.initialized));
    show_line(&mut o, "Per-Partition SO:", yes_no(p.ppso));
    show_line(&mut o, "Secure Trusted Channel:", yes_no(p.stc));
    show_line(&mut o, "Partition SO:", p.so.text());
    show_line(&mut o, "Crypto Officer:", p.co.text());
    show_line(&mut o, "Crypto User:", p.cu.text());
    o
}

fn right(out: &mut String, label: &str, value: &str) {
    let width = 58usize.saturating_sub(label.len()).max(value.len() + 1);
    out.push_str(&format!("   {label}{value:>width$}\n"));
}

/// `partition showContents` after a good CO password (7.8.5 capture).
pub fn show_contents(p: &SimPartition) -> String {
    let mut o = String::new();
    right(&mut o, "Partition Name:", &p.name);
    right(&mut o, "Partition SN:", &p.serial);
    right(&mut o, "Partition Version:", &p.version.to_string());
    o.push_str(&format!(
        "   Storage (Bytes): Total={}, Used={}, Free={}\n",
        p.size,
        p.used(),
        p.free()
    ));
    o.push_str(&format!("   Number objects:  {}\n", p.objects.len()));
    for obj in &p.objects {
        o.push_str(&format!(
            "\n   Object Label:  {}\n   Object Type:   {}\n   Object Handle: {}\n",
            obj.label, obj.kind, obj.handle
        ));
    }
    o
}

/// `client show`.
pub fn client_show(c: &SimClient) -> String {
    let parts = if c.partitions.is_empty() {
        "<none>".to_string()
    } else {
        c.partitions
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "ClientID:     {}\nHostname:     {}\nPartitions:   {}\n",
        c.name, c.hostname, parts
    )
}
