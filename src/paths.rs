//! Where lunadeck keeps its files: data (database, known hosts), state (logs), config.
//! Resolved from `--data-dir`, then `LUNADECK_HOME`, then the platform's user directories.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Environment variable that moves every lunadeck file under one directory.
pub const HOME_ENV: &str = "LUNADECK_HOME";

/// Why the directories could not be resolved or created. `Display` is the sentence shown.
#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error(
        "cannot find your home directory (HOME is not set); pass --data-dir DIR or set LUNADECK_HOME"
    )]
    NoHome,
    #[error("cannot create directory {}: {source}", path.display())]
    Create { path: PathBuf, source: io::Error },
}

/// The three directories lunadeck uses, all created with mode 0700.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Database and known-hosts file.
    pub data: PathBuf,
    /// Logs (`state/logs/`).
    pub state: PathBuf,
    /// Optional user configuration.
    pub config: PathBuf,
}

impl Paths {
    /// Resolve without touching the disk. `data_dir` (from `--data-dir`) wins over
    /// `home_env` (the value of `LUNADECK_HOME`), which wins over the platform directories.
    /// With an override DIR: data = DIR, state = DIR/state, config = DIR/config.
    pub fn resolve(data_dir: Option<&Path>, home_env: Option<&str>) -> Result<Paths, PathsError> {
        if let Some(dir) = data_dir {
            return Ok(Paths::under(dir));
        }
        if let Some(dir) = home_env.filter(|d| !d.is_empty()) {
            return Ok(Paths::under(Path::new(dir)));
        }
        let dirs = directories::ProjectDirs::from("", "", "lunadeck").ok_or(PathsError::NoHome)?;
        let state = dirs
            .state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().join("state"));
        Ok(Paths {
            data: dirs.data_dir().to_path_buf(),
            state,
            config: dirs.config_dir().to_path_buf(),
        })
    }

    /// Resolve from the process environment (`LUNADECK_HOME`).
    pub fn from_env(data_dir: Option<&Path>) -> Result<Paths, PathsError> {
        let home = std::env::var(HOME_ENV).ok();
        Paths::resolve(data_dir, home.as_deref())
    }

    fn under(dir: &Path) -> Paths {
        Paths {
            data: dir.to_path_buf(),
            state: dir.join("state"),
            config: dir.join("config"),
        }
    }

    /// Create the directories (and `state/logs`) with mode 0700 where they do not exist yet.
    pub fn create(&self) -> Result<(), PathsError> {
        for dir in [&self.data, &self.state, &self.logs(), &self.config] {
            create_private_dir(dir)?;
        }
        Ok(())
    }

    /// The SQLite database file.
    pub fn database(&self) -> PathBuf {
        self.data.join("lunadeck.sqlite")
    }

    /// The app's own SSH known-hosts file.
    pub fn known_hosts(&self) -> PathBuf {
        self.data.join("known_hosts")
    }

    /// Directory of the rolling log files.
    pub fn logs(&self) -> PathBuf {
        self.state.join("logs")
    }

    /// Directory of the audit witness files (`audit-witness.YYYY-MM-DD`, X-6): outside the
    /// database, created by the first append.
    pub fn audit_witness(&self) -> PathBuf {
        self.state.join("audit-witness")
    }

    /// The user's configuration file (optional; defaults are embedded).
    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }
}

fn create_private_dir(path: &Path) -> Result<(), PathsError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(|source| PathsError::Create {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_override_order_data_dir_then_env() {
        let cases: [(Option<&str>, Option<&str>, &str); 3] = [
            (Some("/a"), Some("/b"), "/a"),
            (None, Some("/b"), "/b"),
            (Some("/a"), None, "/a"),
        ];
        for (flag, env, want) in cases {
            let p = Paths::resolve(flag.map(Path::new), env).unwrap();
            assert_eq!(p.data, PathBuf::from(want));
            assert_eq!(p.state, Path::new(want).join("state"));
            assert_eq!(p.config, Path::new(want).join("config"));
            assert_eq!(p.database(), Path::new(want).join("lunadeck.sqlite"));
            assert_eq!(p.known_hosts(), Path::new(want).join("known_hosts"));
            assert_eq!(p.logs(), Path::new(want).join("state/logs"));
        }
    }

    #[test]
    fn x_4_empty_env_is_ignored() {
        let p = Paths::resolve(Some(Path::new("/x")), Some("")).unwrap();
        assert_eq!(p.data, PathBuf::from("/x"));
    }

    #[cfg(unix)]
    #[test]
    fn x_4_create_makes_private_dirs() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let p = Paths::resolve(Some(&tmp.path().join("home")), None).unwrap();
        p.create().unwrap();
        for dir in [&p.data, &p.state, &p.logs(), &p.config] {
            let mode = fs::metadata(dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", dir.display());
        }
    }

    #[test]
    fn x_4_create_error_names_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        fs::write(&file, b"x").unwrap();
        let p = Paths::resolve(Some(&file.join("sub")), None).unwrap();
        let err = p.create().unwrap_err().to_string();
        assert!(err.starts_with("cannot create directory "), "{err}");
        assert!(
            err.contains(&file.join("sub").display().to_string()),
            "{err}"
        );
    }

    #[test]
    fn x_4_no_home_message_names_the_overrides() {
        let msg = PathsError::NoHome.to_string();
        assert!(
            msg.contains("--data-dir") && msg.contains("LUNADECK_HOME"),
            "{msg}"
        );
    }
}
