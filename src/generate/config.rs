//! User defaults: `$XDG_CONFIG_HOME/scaffold/config.toml` and `SCAFFOLD_*` variables.
//!
//! Precedence, highest first: flags, the spec file, environment, config file, built-in
//! defaults. The spec file outranks the environment because it describes this one project.

use std::path::PathBuf;

use serde::Deserialize;

use crate::error::ConfigError;
use crate::generate::Request;

/// The config file's keys; every one optional.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Framework used when `--framework` and the spec file give none.
    pub framework: Option<String>,
    /// Author used when `--author` and the spec file give none.
    pub author: Option<String>,
    /// Port used when `--port` and the spec file give none.
    pub port: Option<u16>,
}

/// `$XDG_CONFIG_HOME/scaffold/config.toml`, else `~/.config/scaffold/config.toml`.
pub fn path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("scaffold").join("config.toml"))
}

impl Config {
    /// The user's config file; none at all is an empty config.
    pub fn load() -> Result<Config, ConfigError> {
        let Some(path) = path() else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    pub fn parse(text: &str, path: &std::path::Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: e.message().to_string(),
        })
    }

    /// `SCAFFOLD_FRAMEWORK`, `SCAFFOLD_AUTHOR`, `SCAFFOLD_PORT`.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let port =
            match get("SCAFFOLD_PORT").filter(|p| !p.is_empty()) {
                Some(p) => Some(p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(
                    ConfigError::Env {
                        variable: "SCAFFOLD_PORT",
                        value: p,
                        rule: "must be a port number from 1 to 65535",
                    },
                )?),
                None => None,
            };
        Ok(Config {
            framework: get("SCAFFOLD_FRAMEWORK").filter(|v| !v.is_empty()),
            author: get("SCAFFOLD_AUTHOR").filter(|v| !v.is_empty()),
            port,
        })
    }

    /// Fills what the request still lacks.
    pub fn fill(&self, request: &mut Request) {
        if request.framework.is_none() {
            request.framework = self.framework.clone();
        }
        if request.author.is_none() {
            request.author = self.author.clone();
        }
        if request.port.is_none() {
            request.port = self.port;
        }
    }
}

/// Applies the environment, then the config file, under what flags and spec gave.
pub fn apply_defaults(request: &mut Request) -> Result<(), ConfigError> {
    Config::from_env(|k| std::env::var(k).ok())?.fill(request);
    Config::load()?.fill(request);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_request_then_env_then_file() {
        let mut request = Request {
            port: Some(1234),
            ..Request::default()
        };
        let env = Config::from_env(|k| (k == "SCAFFOLD_FRAMEWORK").then(|| "express".to_string()))
            .expect("env");
        let file = Config::parse(
            "framework = \"django\"\nauthor = \"Ann\"\nport = 9\n",
            std::path::Path::new("c.toml"),
        )
        .expect("file");
        env.fill(&mut request);
        file.fill(&mut request);
        assert_eq!(request.framework.as_deref(), Some("express"));
        assert_eq!(request.author.as_deref(), Some("Ann"));
        assert_eq!(request.port, Some(1234));
    }

    #[test]
    fn bad_config_and_env_name_the_source() {
        let e = Config::parse("colour = 1", std::path::Path::new("/x/config.toml"))
            .expect_err("unknown key");
        assert!(e.to_string().contains("`/x/config.toml`"), "{e}");
        let e = Config::from_env(|k| (k == "SCAFFOLD_PORT").then(|| "http".to_string()))
            .expect_err("bad port");
        assert!(e.to_string().contains("SCAFFOLD_PORT `http`"), "{e}");
    }
}
