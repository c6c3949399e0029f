//! Reading the configuration: built-in defaults, then `reel.toml`, then `REEL__SECTION__KEY`
//! variables, with former key names settled into their new places and the whole checked.

use std::path::Path;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;

use super::Config;

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A file or variable could not be read or has the wrong shape.
    #[error("configuration: {0}")]
    Parse(#[from] Box<figment::Error>),
    /// The values were read but do not make sense together.
    #[error("configuration: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads defaults, then the TOML file (if any), then `REEL__SECTION__KEY` variables.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(ConfigError::Invalid(format!("{} does not exist", file.display())));
            }
            figment = figment.merge(Toml::file(file));
        }
        Self::settled(figment.merge(Env::prefixed("REEL__").split("__")))
    }

    /// Reads defaults, then `toml` as a configuration file's text (no environment): what a
    /// file would give, for checking a file's text before it is used.
    pub fn from_toml(toml: &str) -> Result<Self, ConfigError> {
        Self::settled(Figment::from(Serialized::defaults(Config::default())).merge(Toml::string(toml)))
    }

    /// The configuration `figment` holds, with aliases settled and the values checked.
    fn settled(figment: Figment) -> Result<Self, ConfigError> {
        let mut config: Config = figment.extract().map_err(Box::new)?;
        config.settle_aliases();
        config.validate()?;
        Ok(config)
    }

    /// Copies values given under their former names to where they are read now.
    fn settle_aliases(&mut self) {
        if let Some(n) = self.rate_limit.api_per_minute_per_ip {
            self.edge.api_per_minute_per_ip = n;
        }
    }

    /// Settings that still work but should be changed, each as a sentence for the log.
    pub fn deprecations(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.rate_limit.api_per_minute_per_ip.is_some() {
            out.push("rate_limit.api_per_minute_per_ip is now edge.api_per_minute_per_ip; its value is used there");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_file_lists_every_key_with_its_default() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/reel.example.toml");
        let listed: serde_json::Value = Figment::from(Toml::file(&path)).extract().expect("the example parses");
        let defaults = serde_json::to_value(Config::default()).unwrap();
        assert_eq!(listed, defaults, "config/reel.example.toml is out of step with Config::default()");
    }

    #[test]
    // figment's Jail fixes the closure's error type; it is not ours to shrink.
    #[allow(clippy::result_large_err)]
    fn environment_variables_override_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("reel.toml", "[server]\nlisten = \"127.0.0.1:1\"\n[jobs]\nconcurrency = 3\n")?;
            jail.set_env("REEL__SERVER__LISTEN", "127.0.0.1:2");
            let c = Config::load(Some(Path::new("reel.toml"))).expect("loads");
            assert_eq!((c.server.listen.as_str(), c.jobs.concurrency), ("127.0.0.1:2", 3));
            Ok(())
        });
    }

    #[test]
    // figment's Jail fixes the closure's error type; it is not ours to shrink.
    #[allow(clippy::result_large_err)]
    fn the_former_api_budget_key_still_sets_the_edge_budget_and_says_so() {
        figment::Jail::expect_with(|jail| {
            assert!(Config::load(None).expect("loads").deprecations().is_empty());
            jail.set_env("REEL__RATE_LIMIT__API_PER_MINUTE_PER_IP", "7");
            let c = Config::load(None).expect("loads");
            assert_eq!(c.edge.api_per_minute_per_ip, 7);
            assert!(c.deprecations()[0].contains("edge.api_per_minute_per_ip"));
            Ok(())
        });
    }
}
