//! The configuration file: what it may say, its defaults, and precise
//! errors.
//!
//! `config.example.toml` at the repository root is the documented default
//! config; it is embedded as [`DEFAULT_CONFIG`] (`quire config default`)
//! and a test checks that it parses to [`Config::default()`]. Every table
//! rejects unknown keys, and every error names the file, the line and the
//! key, suggesting the closest valid name. The app never writes the file.

pub mod color;
mod errors;
pub mod paths;
mod schema;
mod settings;
mod validate;

use std::io;
use std::path::Path;

use serde::Deserialize;

pub use color::Color;
pub use errors::ConfigError;
pub use paths::{ConfigPath, Dirs, Env, Origin};
pub use schema::{
    ColorSpec, Diacritics, HighlightColor, Highlights, KeyList, KeyTable, KeysConfig,
    SearchOptions, StoreConfig, THEME_ELEMENTS, ThemeConfig, ThemeName,
};
pub use settings::{ColorMode, Settings};

use crate::keymap::{Keymap, RemapError};
use crate::library::display_safe;
use errors::Reporter;

/// The documented default config, printed by `quire config default`.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/default-config.toml");

pub const MIN_READING_WIDTH: u16 = 20;
pub const MAX_READING_WIDTH: u16 = 1000;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// What `quire` opens without paths: folders, files and globs.
    pub library: Vec<String>,
    /// Where exports are written; empty means `exports/` in the data dir.
    pub export_dir: String,
    /// What `E` in the reader writes: markdown, json, kindle or readwise.
    pub export_format: crate::export::Format,
    /// Columns the reader wraps text to (less on a narrower terminal).
    #[serde(deserialize_with = "validate::reading_width")]
    pub reading_width: u16,
    /// Stretch prose lines to the full reading width.
    pub justify: bool,
    /// Reopen the article last read at startup.
    pub resume_last_article: bool,
    /// Capture the mouse (wheel scrolls, clicks select); off leaves the
    /// terminal's own selection working.
    pub mouse: bool,
    pub theme: ThemeConfig,
    pub highlights: Highlights,
    pub search: SearchOptions,
    pub store: StoreConfig,
    pub keys: KeysConfig,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            library: Vec::new(),
            export_dir: String::new(),
            export_format: crate::export::Format::default(),
            reading_width: crate::state::DEFAULT_READING_WIDTH,
            justify: false,
            resume_last_article: false,
            mouse: true,
            theme: ThemeConfig::default(),
            highlights: Highlights::default(),
            search: SearchOptions::default(),
            store: StoreConfig::default(),
            keys: KeysConfig::default(),
        }
    }
}

impl Config {
    /// Parses a config file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let report = Reporter { file, text };
        let doc = toml::de::DeTable::parse(text).map_err(|e| report.syntax(&e))?;
        let config: Config = toml::from_str(text).map_err(|e| report.schema(&e, doc.get_ref()))?;
        validate::check(&config).map_err(|p| report.at(p.span, p.message))?;
        Ok(config)
    }

    /// Reads the config at `location`. A missing file at the default
    /// location means the defaults; one named by `--config` or
    /// `QUIRE_CONFIG` must exist.
    pub fn load(location: Option<&ConfigPath>) -> Result<Config, ConfigError> {
        let Some(location) = location else { return Ok(Config::default()) };
        let file = display_safe(&location.path.display().to_string());
        let error = |message: String| ConfigError { file: file.clone(), line: None, message };
        match std::fs::read(&location.path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                // Some editors start files with a byte-order mark.
                Ok(text) => Config::parse(text.strip_prefix('\u{feff}').unwrap_or(&text), &file),
                Err(_) => Err(error("not valid UTF-8".into())),
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound && location.origin == Origin::Default => {
                Ok(Config::default())
            }
            Err(e) => Err(error(read_error(&e))),
        }
    }

    /// The keymap with this config's remaps applied.
    pub fn keymap(&self) -> Result<Keymap, RemapError> {
        Keymap::with_remaps(&validate::rebinds(&self.keys))
    }

    /// The configured library, resolved against the config file's folder.
    pub fn library_paths(
        &self,
        config_file: Option<&Path>,
        dirs: &Dirs,
    ) -> Vec<std::path::PathBuf> {
        let base = config_file.and_then(Path::parent);
        paths::library_paths(&self.library, base, dirs.home.as_deref())
    }
}

fn read_error(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => display_safe(&e.to_string()),
    }
}
