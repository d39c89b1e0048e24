//! `strip_session_noise`: removes what the session adds around a command's output — the exec-mode
//! banner, the `[host] lunash:>` / `lunacm:>` prompts and the command echo that follows them.

/// Returns the output with CRLF turned into LF, the banner line, every prompt line (prompt plus
/// echoed command) and a trailing bare prompt removed. Other lines are kept verbatim.
pub fn strip_session_noise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut skip_blank_after_banner = false;
    for line in raw.lines() {
        if is_banner(line) {
            skip_blank_after_banner = true;
            continue;
        }
        if skip_blank_after_banner && line.trim().is_empty() {
            skip_blank_after_banner = false;
            continue;
        }
        skip_blank_after_banner = false;
        if is_prompt(line) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `Luna Network HSM Command Line Shell v...` or the LunaCM start line `LunaCM v...`.
fn is_banner(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("Luna Network HSM Command Line Shell v")
        || t.starts_with("LunaCM v")
        || t.starts_with("LunaCM V")
}

/// `[host] lunash:>cmd`, `lunash:>cmd`, `lunacm:>cmd` (with or without the echo).
fn is_prompt(line: &str) -> bool {
    let t = line.trim_start();
    let t = match t.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((host, after)) if !host.contains(char::is_whitespace) => after.trim_start(),
            _ => return false,
        },
        None => t,
    };
    t.starts_with("lunash:>") || t.starts_with("lunacm:>")
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn interactive_session_loses_prompt_and_echo() {
        let raw = format!(
            "[hsm1.example.com] lunash:>client show -client x\r\n{}[hsm1.example.com] lunash:>",
            SH_CLIENT_SHOW_ERROR.replace('\n', "\r\n")
        );
        assert_eq!(strip_session_noise(&raw), SH_CLIENT_SHOW_ERROR);
    }

    #[test]
    fn exec_mode_loses_banner_and_following_blank() {
        let raw = format!("{SH_BANNER}\n{SH_PARTITION_LIST_78}\nCommand Result : 0 (Success)\n");
        assert_eq!(
            strip_session_noise(&raw),
            format!("{SH_PARTITION_LIST_78}\nCommand Result : 0 (Success)\n")
        );
    }

    #[test]
    fn bare_prompts_and_lunacm() {
        let raw = "lunash:>hsm show\n   Serial #:   1\nlunacm:>slot list\nlunacm:>";
        assert_eq!(strip_session_noise(raw), "   Serial #:   1\n");
        let keep = "[not a prompt] text\nPartition Name: [x] lunash:>y\n";
        assert_eq!(strip_session_noise(keep), keep);
    }
}
