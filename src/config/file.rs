//! Reading `config.toml`: the one embedded copy of `assets/config.toml`, the user's file read
//! once within its limits (a regular file, at most 1 MiB, UTF-8), and errors as `FILE:LINE: why`.

use std::fmt;
use std::io::Read;
use std::path::Path;
use toml::de::DeTable;

/// The configuration embedded in the binary: every default, documented.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");
/// How the embedded defaults are named in error messages.
pub const DEFAULT_CONFIG_NAME: &str = "<embedded assets/config.toml>";
/// The largest user configuration file read.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A configuration that cannot be used, with where the problem is. `Display` is the sentence
/// both the console and the CLI print: `FILE:LINE: message` (`FILE: message` for the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    /// 1-based; 0 when the problem is the file itself (unreadable, too large...).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::domain::text::neutralize_line(&self.file);
        let message = crate::domain::text::neutralize_line(&self.message);
        if self.line == 0 {
            write!(f, "{file}: {message}")
        } else {
            write!(f, "{file}:{}: {message}", self.line)
        }
    }
}

impl std::error::Error for ConfigError {}

/// The text of one configuration source and the name its errors carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigText {
    pub file: String,
    pub text: String,
}

impl ConfigText {
    /// The embedded defaults.
    pub fn embedded() -> ConfigText {
        ConfigText {
            file: DEFAULT_CONFIG_NAME.to_string(),
            text: DEFAULT_CONFIG.to_string(),
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text
            .get(..end)
            .map(|s| s.matches('\n').count() + 1)
            .unwrap_or(1)
    }

    /// An error at a byte offset of this text.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.clone(),
            line: self.line_of(offset),
            message: message.into(),
        }
    }

    /// The document with spans, or the first syntax error with its line.
    pub fn parse(&self) -> Result<DeTable<'_>, ConfigError> {
        DeTable::parse(&self.text)
            .map(|t| t.into_inner())
            .map_err(|e| {
                let at = e.span().map(|s| s.start).unwrap_or(0);
                self.error(at, format!("not valid TOML: {}", e.message().trim()))
            })
    }

    /// The line where `[section] key` is given (the section's line without a key, 1 when
    /// neither is found).
    pub fn line_of_key(&self, section: &str, key: Option<&str>) -> usize {
        let Ok(root) = DeTable::parse(&self.text) else {
            return 1;
        };
        let Some(sec) = root.get_ref().get(section) else {
            return 1;
        };
        let at = key
            .and_then(|k| sec.get_ref().as_table().and_then(|t| t.get(k)))
            .map(|v| v.span().start)
            .unwrap_or(sec.span().start);
        self.line_of(at)
    }
}

/// Reads the user's file: `None` when it does not exist. Refused: not a regular file, larger
/// than `MAX_CONFIG_BYTES`, not UTF-8, unreadable.
pub fn read_user_file(path: &Path) -> Result<Option<ConfigText>, ConfigError> {
    let file = path.display().to_string();
    let whole = |message: String| ConfigError {
        file: file.clone(),
        line: 0,
        message,
    };
    // Checked before opening: opening a FIFO would block until someone writes to it.
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(whole(format!("cannot read the configuration file: {e}"))),
    };
    if !meta.is_file() {
        return Err(whole(
            "the configuration file is not a regular file; lunadeck reads only a plain file \
             here"
                .into(),
        ));
    }
    let too_large = || {
        whole(format!(
            "the configuration file is larger than {} KiB; lunadeck refuses to read it",
            MAX_CONFIG_BYTES / 1024
        ))
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_large());
    }
    let handle = std::fs::File::open(path)
        .map_err(|e| whole(format!("cannot read the configuration file: {e}")))?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| whole(format!("cannot read the configuration file: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_large());
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| whole("the configuration file is not UTF-8 text".into()))?;
    Ok(Some(ConfigText { file, text }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_a_missing_file_is_the_defaults_and_a_present_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(read_user_file(&path).unwrap(), None);
        std::fs::write(&path, "[ui]\ntheme = \"mono\"\n").unwrap();
        let read = read_user_file(&path).unwrap().unwrap();
        assert_eq!(read.text, "[ui]\ntheme = \"mono\"\n");
        assert_eq!(read.line_of_key("ui", Some("theme")), 2);
    }

    #[test]
    fn x_4_a_directory_a_fifo_and_a_large_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_user_file(dir.path()).unwrap_err().to_string();
        assert!(err.ends_with("not a regular file; lunadeck reads only a plain file here"));
        let fifo = dir.path().join("fifo.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let err = read_user_file(&fifo).unwrap_err();
        assert_eq!(err.line, 0);
        assert!(err.message.contains("not a regular file"), "{err}");
        let big = dir.path().join("big.toml");
        let size = usize::try_from(MAX_CONFIG_BYTES).unwrap() + 1;
        std::fs::write(&big, "#".repeat(size)).unwrap();
        let err = read_user_file(&big).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: the configuration file is larger than 1024 KiB; lunadeck refuses to read it",
                big.display()
            )
        );
        std::fs::write(&big, [0xff, 0xfe]).unwrap();
        assert!(read_user_file(&big).unwrap_err().message.contains("UTF-8"));
    }

    #[test]
    fn x_4_errors_name_file_and_line_and_are_printable() {
        let src = ConfigText {
            file: "c\u{1b}.toml".into(),
            text: "a = 1\nb = = 2\n".into(),
        };
        let err = src.parse().unwrap_err().to_string();
        assert!(err.starts_with("c\\u{1b}.toml:2: not valid TOML"), "{err}");
        assert!(!err.contains('\u{1b}'), "{err:?}");
    }
}
