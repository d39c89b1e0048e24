//! NTLS client outputs for the Clients tab (MNG-6): `client list` (names, which may contain
//! spaces), `client show` (ID, host, partitions) and `client fingerprint`.

use super::{ParseError, is_trailer, numbered, split_colon};

/// `registered client 1: client_name` per line, or `No clients are registered.` → names.
pub fn parse_client_list(text: &str) -> Result<Vec<String>, ParseError> {
    let mut names = Vec::new();
    let mut answered = false;
    for (n, line) in numbered(text) {
        let t = line.trim();
        if t.starts_with("No clients are registered") {
            answered = true;
        } else if let Some(rest) = strip_prefix_ci(t, "registered client") {
            let (_, name) = rest
                .split_once(':')
                .ok_or_else(|| ParseError::at(n, line, "expected 'registered client N: name'"))?;
            let name = name.trim();
            if name.is_empty() {
                return Err(ParseError::at(n, line, "the client name is empty"));
            }
            names.push(name.to_string());
            answered = true;
        }
    }
    if !answered {
        return Err(ParseError::missing("registered client"));
    }
    Ok(names)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// What `client show` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientShow {
    pub client_id: String,
    /// `Hostname:` (registered with `-hostname`).
    pub hostname: Option<String>,
    /// `IPAddress:` / `IP Address:` (registered with `-ip`; not in the known captures).
    pub ip: Option<String>,
    pub htl_required: Option<String>,
    pub ott_expiry: Option<String>,
    /// Partition names; empty for `<none>`.
    pub partitions: Vec<String>,
}

impl ClientShow {
    /// The host address for the Clients tab: hostname, else IP.
    pub fn address(&self) -> Option<&str> {
        self.hostname.as_deref().or(self.ip.as_deref())
    }
}

pub fn parse_client_show(text: &str) -> Result<ClientShow, ParseError> {
    let mut show = ClientShow {
        client_id: String::new(),
        hostname: None,
        ip: None,
        htl_required: None,
        ott_expiry: None,
        partitions: Vec::new(),
    };
    let mut id = None;
    for (n, line) in numbered(text) {
        if is_trailer(line) {
            continue;
        }
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        let some = || Some(value.to_string());
        match key.to_ascii_lowercase().as_str() {
            "clientid" | "client id" => id = some(),
            "hostname" | "host name" => show.hostname = some(),
            "ipaddress" | "ip address" => show.ip = some(),
            "htl required" => show.htl_required = some(),
            "ott expiry" => show.ott_expiry = some(),
            "partitions" => show.partitions = partition_names(value, n, line)?,
            _ => {}
        }
    }
    show.client_id = id
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ParseError::missing("ClientID"))?;
    Ok(show)
}

/// `"p1", "p2"` or `<none>`. Names cannot contain `"`, but may contain `,` and spaces.
fn partition_names(value: &str, n: usize, line: &str) -> Result<Vec<String>, ParseError> {
    let v = value.trim();
    if v.is_empty() || v.eq_ignore_ascii_case("<none>") {
        return Ok(Vec::new());
    }
    if !v.contains('"') {
        return Ok(v
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect());
    }
    let mut names = Vec::new();
    let mut rest = v;
    loop {
        rest = rest.trim_start().trim_start_matches(',').trim_start();
        if rest.is_empty() {
            return Ok(names);
        }
        let inner = rest
            .strip_prefix('"')
            .ok_or_else(|| ParseError::at(n, line, "expected a quoted partition name"))?;
        let (name, after) = inner
            .split_once('"')
            .ok_or_else(|| ParseError::at(n, line, "a partition name is not closed by '\"'"))?;
        names.push(name.to_string());
        rest = after;
    }
}

/// `Certificate fingerprint: D9:9E:...` → the fingerprint text.
pub fn parse_client_fingerprint(text: &str) -> Result<String, ParseError> {
    for (n, line) in numbered(text) {
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        if key.eq_ignore_ascii_case("Certificate fingerprint") {
            if value.is_empty() {
                return Err(ParseError::at(n, line, "the fingerprint is empty"));
            }
            return Ok(value.to_string());
        }
    }
    Err(ParseError::missing("Certificate fingerprint"))
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn mng_6_client_list_samples() {
        assert_eq!(parse_client_list(SH_CLIENT_LIST).unwrap(), ["client_name"]);
        assert!(parse_client_list(SH_CLIENT_LIST_EMPTY).unwrap().is_empty());
        let text = "registered client 1: web server 1\nregistered client 2: a:b\n\nCommand Result : 0 (Success)\n";
        assert_eq!(parse_client_list(text).unwrap(), ["web server 1", "a:b"]);
    }

    #[test]
    fn mng_6_client_list_malformed() {
        let e = parse_client_list("registered client 1 web\n").unwrap_err();
        assert_eq!((e.line_no, e.line.as_str()), (1, "registered client 1 web"));
        let e = parse_client_list("x\nregistered client 2:   \n").unwrap_err();
        assert_eq!(e.reason, "the client name is empty");
        assert_eq!(e.line_no, 2);
        let e = parse_client_list("Command Result : 0 (Success)\n").unwrap_err();
        assert_eq!(e.to_string(), "the output has no 'registered client' line");
    }

    #[test]
    fn mng_6_client_show_fields() {
        let text = "ClientID:       web server 1\nHostname:       web1.example.com\nHTL Required:   no\nOTT Expiry:     n/a\nPartitions:     \"p1\", \"p, 2\"\n\nCommand Result : 0 (Success)\n";
        let s = parse_client_show(text).unwrap();
        assert_eq!(s.client_id, "web server 1");
        assert_eq!(s.address(), Some("web1.example.com"));
        assert_eq!(s.htl_required.as_deref(), Some("no"));
        assert_eq!(s.ott_expiry.as_deref(), Some("n/a"));
        assert_eq!(s.partitions, ["p1", "p, 2"]);
        let none =
            parse_client_show("ClientID: c\nIPAddress: 10.0.0.5\nPartitions:   <none>\n").unwrap();
        assert!(none.partitions.is_empty());
        assert_eq!(none.address(), Some("10.0.0.5"));
    }

    #[test]
    fn mng_6_client_show_malformed() {
        let e = parse_client_show("ClientID: c\nPartitions: \"p1\", \"p2\n").unwrap_err();
        assert_eq!(
            (e.line_no, e.line.as_str()),
            (2, "Partitions: \"p1\", \"p2")
        );
        let e = parse_client_show("ClientID: c\nPartitions: \"p1\" p2\n").unwrap_err();
        assert_eq!(e.reason, "expected a quoted partition name");
        let e = parse_client_show("Hostname: h\n").unwrap_err();
        assert_eq!(e.to_string(), "the output has no 'ClientID' line");
    }

    #[test]
    fn mng_6_client_fingerprint_sample() {
        assert_eq!(
            parse_client_fingerprint(SH_CLIENT_FINGERPRINT).unwrap(),
            "D9:9E:..."
        );
        let e = parse_client_fingerprint("Certificate fingerprint:\n").unwrap_err();
        assert_eq!(
            (e.line_no, e.reason.as_str()),
            (1, "the fingerprint is empty")
        );
        assert!(parse_client_fingerprint(SH_RESULT_SUCCESS).is_err());
    }
}
