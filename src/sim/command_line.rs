//! The LunaSH/LunaCM command line: a tokenizer with double-quoted arguments, command words
//! resolved by unique prefix (`par list`), and options with short forms (`-p`, `-c`, `-l`, `-f`).

/// Splits a line on whitespace; `"my client"` is one argument (quotes removed). An unterminated
/// quote runs to the end of the line.
pub fn tokenize(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut in_token = false;
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_token = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_token {
                    tokens.push(std::mem::take(&mut current));
                    in_token = false;
                }
            }
            c => {
                current.push(c);
                in_token = true;
            }
        }
    }
    if in_token {
        tokens.push(current);
    }
    tokens
}

/// Resolves a typed command word against the candidates: exact (case-insensitive) match, else
/// the single candidate it is a prefix of, else the shortest candidate when it is a prefix of all
/// the others (`sh` → `show` rather than `showContents`).
pub fn resolve_word(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if let Some(exact) = candidates.iter().find(|c| c.eq_ignore_ascii_case(&lower)) {
        return Some(exact);
    }
    let matching: Vec<&'static str> = candidates
        .iter()
        .copied()
        .filter(|c| c.to_ascii_lowercase().starts_with(&lower))
        .collect();
    let shortest = matching.iter().copied().min_by_key(|c| c.len())?;
    let short_lower = shortest.to_ascii_lowercase();
    if matching
        .iter()
        .all(|c| c.to_ascii_lowercase().starts_with(&short_lower))
    {
        Some(shortest)
    } else {
        None
    }
}

/// One option a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct OptSpec {
    pub name: &'static str,
    pub takes_value: bool,
}

pub const fn opt(name: &'static str) -> OptSpec {
    OptSpec {
        name,
        takes_value: true,
    }
}

pub const fn flag(name: &'static str) -> OptSpec {
    OptSpec {
        name,
        takes_value: false,
    }
}

/// Fixed short forms, honoured when the command has the long option.
const ALIASES: &[(&str, &str)] = &[
    ("p", "partition"),
    ("par", "partition"),
    ("c", "client"),
    ("l", "label"),
    ("f", "force"),
    ("s", "slot"),
    ("n", "name"),
    ("g", "group"),
];

/// Why options could not be read; the text is the offending token or option name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptError {
    Invalid(String),
    MissingValue(String),
}

/// Options given to one command.
#[derive(Debug, Clone, Default)]
pub struct Options {
    values: Vec<(&'static str, Option<String>)>,
}

impl Options {
    /// Reads `tokens` (everything after the command words) against `specs`.
    pub fn parse(tokens: &[String], specs: &[OptSpec]) -> Result<Options, OptError> {
        let mut values = Vec::new();
        let mut it = tokens.iter();
        while let Some(tok) = it.next() {
            let Some(body) = tok.strip_prefix('-') else {
                return Err(OptError::Invalid(tok.clone()));
            };
            let spec = find_spec(body, specs).ok_or_else(|| OptError::Invalid(tok.clone()))?;
            if spec.takes_value {
                let value = it
                    .next()
                    .ok_or_else(|| OptError::MissingValue(spec.name.to_string()))?;
                values.push((spec.name, Some(value.clone())));
            } else {
                values.push((spec.name, None));
            }
        }
        Ok(Options { values })
    }

    /// The last value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    pub fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| *n == name)
    }
}

fn find_spec(body: &str, specs: &[OptSpec]) -> Option<OptSpec> {
    let lower = body.to_ascii_lowercase();
    if let Some(spec) = specs.iter().find(|s| s.name.eq_ignore_ascii_case(&lower)) {
        return Some(*spec);
    }
    if let Some((_, long)) = ALIASES.iter().find(|(short, _)| *short == lower)
        && let Some(spec) = specs.iter().find(|s| s.name == *long)
    {
        return Some(*spec);
    }
    let names: Vec<&'static str> = specs.iter().map(|s| s.name).collect();
    let mut matching = names
        .iter()
        .filter(|n| n.to_ascii_lowercase().starts_with(&lower));
    let first = matching.next()?;
    if matching.next().is_some() {
        return None;
    }
    specs.iter().find(|s| s.name == *first).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_prefixes() {
        assert_eq!(
            tokenize(r#"client show -c "web server 01""#),
            vec!["client", "show", "-c", "web server 01"]
        );
        assert_eq!(tokenize("  a   b "), vec!["a", "b"]);
        assert_eq!(tokenize(r#"x """#), vec!["x", ""]);
        let subs = ["show", "showContents", "create", "changePolicy"];
        assert_eq!(resolve_word("sh", &subs), Some("show"));
        assert_eq!(resolve_word("showc", &subs), Some("showContents"));
        assert_eq!(resolve_word("c", &subs), None);
        assert_eq!(resolve_word("cr", &subs), Some("create"));
        assert_eq!(resolve_word("zz", &subs), None);
    }

    #[test]
    fn options_and_short_forms() {
        let specs = [opt("partition"), opt("policy"), flag("force")];
        let toks: Vec<String> = ["-p", "a", "-pol", "22", "-f"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = Options::parse(&toks, &specs).unwrap();
        assert_eq!(o.get("partition"), Some("a"));
        assert_eq!(o.get("policy"), Some("22"));
        assert!(o.has("force"));
        let bad: Vec<String> = vec!["-zz".into()];
        assert_eq!(
            Options::parse(&bad, &specs).unwrap_err(),
            OptError::Invalid("-zz".into())
        );
        let missing: Vec<String> = vec!["-partition".into()];
        assert_eq!(
            Options::parse(&missing, &specs).unwrap_err(),
            OptError::MissingValue("partition".into())
        );
    }
}
