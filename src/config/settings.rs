//! Everything a run needs from its surroundings, resolved once before the
//! terminal is touched: the parsed config, its keymap, the directories and
//! what the terminal can show.

use std::path::{Path, PathBuf};

use super::paths::{self, ConfigPath, Dirs, Env};
use super::{Config, ConfigError, Diacritics};
use crate::keymap::Keymap;
use crate::library::remembered::{self, Remembered};
use crate::model::search::Matching;

/// What colours the terminal gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// `NO_COLOR`: attributes (bold, reverse, underline) only.
    None,
    /// The 16 ANSI colours; RGB colours map to the nearest of them.
    Ansi16,
    /// 24-bit colour, as announced by `COLORTERM`.
    TrueColor,
}

impl ColorMode {
    /// `NO_COLOR` set to anything non-empty wins; otherwise `COLORTERM`
    /// of `truecolor` or `24bit` means RGB, and anything else 16 colours.
    pub fn detect(env: Env) -> ColorMode {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorMode::None;
        }
        match env("COLORTERM").as_ref().and_then(|v| v.to_str()) {
            Some("truecolor" | "24bit") => ColorMode::TrueColor,
            _ => ColorMode::Ansi16,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    /// The default keys with the config's remaps applied.
    pub keymap: Keymap,
    pub config_path: Option<ConfigPath>,
    /// Where the bookmark store lives.
    pub data_dir: Option<PathBuf>,
    /// Where the catalogue of segmented documents lives (`--cache-dir`,
    /// `QUIRE_CACHE_DIR`, or the platform's cache dir).
    pub cache_dir: Option<PathBuf>,
    pub log_file: Option<PathBuf>,
    pub color: ColorMode,
    pub dirs: Dirs,
}

impl Settings {
    /// Reads the config (`--config`, `QUIRE_CONFIG` or the default place)
    /// and resolves the directories (`--data-dir`, `QUIRE_DATA_DIR`).
    pub fn resolve(
        config_flag: Option<&Path>,
        data_flag: Option<&Path>,
        env: Env,
        dirs: Dirs,
    ) -> Result<Settings, ConfigError> {
        let config_path = paths::config_path(config_flag, env, &dirs);
        let config = Config::load(config_path.as_ref())?;
        // `load` already checked the remaps; this cannot fail for a
        // config it returned, but an error is still an error, not a panic.
        let keymap = config.keymap().map_err(|_| ConfigError {
            file: config_path.as_ref().map(|c| c.path.display().to_string()).unwrap_or_default(),
            line: None,
            message: "invalid key bindings".into(),
        })?;
        Ok(Settings {
            keymap,
            data_dir: paths::data_dir(data_flag, env, &dirs),
            cache_dir: paths::cache_dir(None, env, &dirs),
            log_file: paths::log_file(&dirs),
            color: ColorMode::detect(env),
            config,
            config_path,
            dirs,
        })
    }

    /// The `[search]` options as the search model takes them.
    pub fn matching(&self) -> Matching {
        let search = &self.config.search;
        Matching {
            fold_diacritics: search.diacritics == Diacritics::Insensitive,
            smart_case: search.smart_case,
        }
    }

    /// The configured library as loader paths; empty when none is set.
    pub fn library(&self) -> Vec<PathBuf> {
        let file = self.config_path.as_ref().map(|c| c.path.as_path());
        self.config.library_paths(file, &self.dirs)
    }

    /// The config's library and the remembered one (`quire add`), each
    /// place once. A damaged `library.json` leaves the config's part and
    /// says why.
    pub fn effective_library(&self) -> (Vec<PathBuf>, Option<String>) {
        let remembered = match &self.data_dir {
            Some(dir) => Remembered::load(dir),
            None => Ok(Remembered::default()),
        };
        match remembered {
            Ok(remembered) => (remembered::effective(self.library(), &remembered), None),
            Err(problem) => (self.library(), Some(problem)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn colour_mode_honours_no_color_then_colorterm() {
        assert_eq!(ColorMode::detect(&env(&[])), ColorMode::Ansi16);
        assert_eq!(ColorMode::detect(&env(&[("COLORTERM", "truecolor")])), ColorMode::TrueColor);
        assert_eq!(ColorMode::detect(&env(&[("COLORTERM", "24bit")])), ColorMode::TrueColor);
        let both = env(&[("COLORTERM", "truecolor"), ("NO_COLOR", "1")]);
        assert_eq!(ColorMode::detect(&both), ColorMode::None);
        assert_eq!(ColorMode::detect(&env(&[("NO_COLOR", "")])), ColorMode::Ansi16);
    }

    #[test]
    fn a_missing_default_config_is_fine_but_a_named_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let dirs = Dirs { config: Some(dir.path().into()), ..Dirs::default() };
        let ok = Settings::resolve(None, None, &env(&[]), dirs.clone()).unwrap();
        assert_eq!(ok.config, Config::default());
        assert_eq!(ok.keymap, Keymap::default_keys());
        let missing = dir.path().join("nope.toml");
        let missing = missing.to_str().unwrap();
        let err =
            Settings::resolve(None, None, &env(&[("QUIRE_CONFIG", missing)]), dirs).unwrap_err();
        assert_eq!(err.to_string(), format!("{missing}: no such file"));
    }
}
