//! Where things live. The live database path comes from `--db`, then the system-wide
//! config (`/etc/gasdesk/config.toml`, for a server with many SSH users), then the
//! user's config, then the user's data folder. The demo database is always its own file.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const SYSTEM_CONFIG: &str = "/etc/gasdesk/config.toml";
const LIVE_FILE: &str = "gasdesk.sqlite";
const DEMO_FILE: &str = "gasdesk-demo.sqlite";

/// Settings an administrator may put in a config file. Unknown keys are errors, so a
/// typo is never silently ignored.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The live database.
    pub db: Option<PathBuf>,
    /// The demo database for trainers.
    pub demo_db: Option<PathBuf>,
    /// Minutes without a key before the screen locks.
    pub idle_lock_minutes: Option<u32>,
    /// Where receipts and tickets are written for a printer to pick up.
    pub spool_dir: Option<PathBuf>,
    /// How long a change waits for other sessions' writes, in milliseconds, before it is
    /// reported as not saved (1 to 60000; default 5000).
    #[serde(default, deserialize_with = "write_wait_ms")]
    pub write_wait_ms: Option<u64>,
}

/// The longest write wait a config may set: a minute of a frozen screen is already
/// far worse than "not saved, try again".
const MAX_WRITE_WAIT_MS: u64 = 60_000;

fn write_wait_ms<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let ms = u64::deserialize(d)?;
    if (1..=MAX_WRITE_WAIT_MS).contains(&ms) {
        Ok(Some(ms))
    } else {
        Err(serde::de::Error::custom(format!(
            "write_wait_ms must be between 1 and {MAX_WRITE_WAIT_MS} (milliseconds), not {ms}"
        )))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0}: {1}")]
    Parse(PathBuf, toml::de::Error),
}

pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("cn", "hefei-gas", "gasdesk")
}

/// The user's config folder (keymaps live in `keymaps/` below it).
pub fn config_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().to_path_buf())
}

impl Config {
    pub fn parse(text: &str, source: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse(source.to_path_buf(), e))
    }

    /// The system file, overlaid by the user's file: each key the user sets wins.
    pub fn load() -> Result<Config, ConfigError> {
        let mut config = Config::default();
        let user = config_dir().map(|d| d.join("config.toml"));
        for path in [Some(PathBuf::from(SYSTEM_CONFIG)), user]
            .into_iter()
            .flatten()
        {
            if !path.exists() {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).map_err(|e| ConfigError::Read(path.clone(), e))?;
            config = config.overlay(Config::parse(&text, &path)?);
        }
        Ok(config)
    }

    fn overlay(self, other: Config) -> Config {
        Config {
            db: other.db.or(self.db),
            demo_db: other.demo_db.or(self.demo_db),
            idle_lock_minutes: other.idle_lock_minutes.or(self.idle_lock_minutes),
            spool_dir: other.spool_dir.or(self.spool_dir),
            write_wait_ms: other.write_wait_ms.or(self.write_wait_ms),
        }
    }

    fn data_dir() -> PathBuf {
        project_dirs()
            .map(|d| d.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    pub fn live_db(&self, flag: Option<&Path>) -> PathBuf {
        flag.map(Path::to_path_buf)
            .or_else(|| self.db.clone())
            .unwrap_or_else(|| Config::data_dir().join(LIVE_FILE))
    }

    pub fn demo_db(&self, flag: Option<&Path>) -> PathBuf {
        flag.map(Path::to_path_buf)
            .or_else(|| self.demo_db.clone())
            .unwrap_or_else(|| Config::data_dir().join(DEMO_FILE))
    }

    pub fn idle_lock(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.idle_lock_minutes.unwrap_or(5)) * 60)
    }

    /// How long a write waits for the lock ([`crate::db::set_write_wait`]).
    pub fn write_wait(&self) -> std::time::Duration {
        self.write_wait_ms
            .map(std::time::Duration::from_millis)
            .unwrap_or(crate::db::DEFAULT_WRITE_WAIT)
    }

    pub fn spool_dir(&self) -> PathBuf {
        self.spool_dir
            .clone()
            .unwrap_or_else(|| Config::data_dir().join("spool"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_file_beats_default() {
        let cfg = Config::parse("db = \"/srv/gas/live.sqlite\"", Path::new("x")).unwrap();
        assert_eq!(cfg.live_db(None), PathBuf::from("/srv/gas/live.sqlite"));
        assert_eq!(
            cfg.live_db(Some(Path::new("/tmp/a.sqlite"))),
            PathBuf::from("/tmp/a.sqlite")
        );
        assert!(Config::default().live_db(None).ends_with(LIVE_FILE));
        assert_ne!(cfg.demo_db(None), cfg.live_db(None));
    }

    #[test]
    fn unknown_keys_are_errors() {
        assert!(Config::parse("dbb = \"x\"", Path::new("c.toml")).is_err());
    }

    #[test]
    fn user_file_overrides_system_file() {
        let system = Config::parse("db = \"/a\"\nidle_lock_minutes = 10", Path::new("s")).unwrap();
        let user = Config::parse("idle_lock_minutes = 3", Path::new("u")).unwrap();
        let merged = system.overlay(user);
        assert_eq!(merged.db, Some(PathBuf::from("/a")));
        assert_eq!(merged.idle_lock_minutes, Some(3));
    }

    #[test]
    fn write_wait_is_read_and_checked() {
        assert_eq!(
            Config::default().write_wait(),
            crate::db::DEFAULT_WRITE_WAIT
        );
        let cfg = Config::parse("write_wait_ms = 250", Path::new("c.toml")).unwrap();
        assert_eq!(cfg.write_wait(), std::time::Duration::from_millis(250));
        for bad in [
            "write_wait_ms = 0",
            "write_wait_ms = 60001",
            "write_wait_ms = -5",
        ] {
            let err = Config::parse(bad, Path::new("c.toml")).unwrap_err();
            assert!(err.to_string().contains("write_wait_ms"), "{bad}: {err}");
        }
    }
}
