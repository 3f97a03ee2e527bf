//! Where things live: the config file, the data and state directories, and
//! the library a config names. Environment lookups and platform
//! directories are passed in, so tests need neither `set_var` nor a home.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Reads an environment variable; `std::env::var_os` in production.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<OsString>;

/// The platform's directories for quire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirs {
    pub config: Option<PathBuf>,
    pub data: Option<PathBuf>,
    /// Logs; the data directory where the platform has no state directory.
    pub state: Option<PathBuf>,
    /// The catalogue of segmented documents: disposable.
    pub cache: Option<PathBuf>,
    pub home: Option<PathBuf>,
}

impl Dirs {
    /// From the `directories` crate (XDG on Linux).
    pub fn platform() -> Dirs {
        let project = directories::ProjectDirs::from("", "", "quire");
        let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
        match project {
            Some(p) => Dirs {
                config: Some(p.config_dir().to_path_buf()),
                data: Some(p.data_dir().to_path_buf()),
                state: Some(p.state_dir().unwrap_or(p.data_local_dir()).to_path_buf()),
                cache: Some(p.cache_dir().to_path_buf()),
                home,
            },
            None => Dirs { home, ..Dirs::default() },
        }
    }
}

/// How the config file was chosen: an explicit choice must exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Env,
    Default,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    pub origin: Origin,
}

pub const CONFIG_ENV: &str = "QUIRE_CONFIG";
pub const DATA_DIR_ENV: &str = "QUIRE_DATA_DIR";
pub const CACHE_DIR_ENV: &str = "QUIRE_CACHE_DIR";
pub const LOG_FILE: &str = "quire.log";

/// A set, non-empty variable.
fn var(env: Env, name: &str) -> Option<PathBuf> {
    env(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// `--config`, else `QUIRE_CONFIG`, else `config.toml` in the config dir.
pub fn config_path(flag: Option<&Path>, env: Env, dirs: &Dirs) -> Option<ConfigPath> {
    if let Some(path) = flag {
        return Some(ConfigPath { path: path.to_path_buf(), origin: Origin::Flag });
    }
    if let Some(path) = var(env, CONFIG_ENV) {
        return Some(ConfigPath { path, origin: Origin::Env });
    }
    let path = dirs.config.as_ref()?.join("config.toml");
    Some(ConfigPath { path, origin: Origin::Default })
}

/// `--data-dir`, else `QUIRE_DATA_DIR`, else the platform's data dir.
pub fn data_dir(flag: Option<&Path>, env: Env, dirs: &Dirs) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| var(env, DATA_DIR_ENV)).or_else(|| dirs.data.clone())
}

/// `--cache-dir`, else `QUIRE_CACHE_DIR`, else the platform's cache dir.
pub fn cache_dir(flag: Option<&Path>, env: Env, dirs: &Dirs) -> Option<PathBuf> {
    flag.map(Path::to_path_buf).or_else(|| var(env, CACHE_DIR_ENV)).or_else(|| dirs.cache.clone())
}

pub fn log_file(dirs: &Dirs) -> Option<PathBuf> {
    dirs.state.as_ref().or(dirs.data.as_ref()).map(|d| d.join(LOG_FILE))
}

/// `~` is the home directory; other relative paths are relative to the
/// config file's directory, so a library entry means the same wherever
/// quire is started.
pub fn expand(entry: &str, base: Option<&Path>, home: Option<&Path>) -> PathBuf {
    let tilde = entry.strip_prefix("~/").or_else(|| (entry == "~").then_some(""));
    if let (Some(rest), Some(home)) = (tilde, home) {
        return home.join(rest);
    }
    let path = PathBuf::from(entry);
    match base {
        Some(base) if path.is_relative() => base.join(path),
        _ => path,
    }
}

/// The configured library as paths for the loader: folders and files as
/// they are, globs expanded in sorted order. A glob that matches nothing
/// stays as it is, so the loader reports it as missing.
pub fn library_paths(entries: &[String], base: Option<&Path>, home: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in entries {
        let path = expand(entry, base, home);
        let is_glob = entry.contains(['*', '?', '[']);
        let matches: Vec<PathBuf> = match path.to_str().filter(|_| is_glob).map(glob::glob) {
            Some(Ok(paths)) => paths.filter_map(Result::ok).collect(),
            _ => Vec::new(),
        };
        if matches.is_empty() {
            out.push(path);
        } else {
            out.extend(matches);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            config: Some("/cfg/quire".into()),
            data: Some("/data/quire".into()),
            state: Some("/state/quire".into()),
            cache: Some("/cache/quire".into()),
            home: Some("/home/u".into()),
        }
    }

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn flag_beats_env_beats_default() {
        let e = env(&[("QUIRE_CONFIG", "/env.toml"), ("QUIRE_DATA_DIR", "/envdata")]);
        let flag = config_path(Some(Path::new("/flag.toml")), &e, &dirs()).unwrap();
        assert_eq!((flag.path, flag.origin), ("/flag.toml".into(), Origin::Flag));
        let from_env = config_path(None, &e, &dirs()).unwrap();
        assert_eq!((from_env.path, from_env.origin), ("/env.toml".into(), Origin::Env));
        let none = env(&[("QUIRE_CONFIG", "")]);
        let default = config_path(None, &none, &dirs()).unwrap();
        assert_eq!(default.path, PathBuf::from("/cfg/quire/config.toml"));
        assert_eq!(data_dir(None, &e, &dirs()), Some("/envdata".into()));
        assert_eq!(data_dir(Some(Path::new("/d")), &e, &dirs()), Some("/d".into()));
        assert_eq!(data_dir(None, &none, &dirs()), Some("/data/quire".into()));
        assert_eq!(log_file(&dirs()), Some("/state/quire/quire.log".into()));
        let c = env(&[("QUIRE_CACHE_DIR", "/envcache")]);
        assert_eq!(cache_dir(None, &c, &dirs()), Some("/envcache".into()));
        assert_eq!(cache_dir(Some(Path::new("/f")), &c, &dirs()), Some("/f".into()));
        assert_eq!(cache_dir(None, &none, &dirs()), Some("/cache/quire".into()));
    }

    #[test]
    fn entries_expand_home_and_resolve_against_the_config_dir() {
        let (base, home) = (Some(Path::new("/cfg")), Some(Path::new("/home/u")));
        assert_eq!(expand("~/emags", base, home), PathBuf::from("/home/u/emags"));
        assert_eq!(expand("emags", base, home), PathBuf::from("/cfg/emags"));
        assert_eq!(expand("/abs", base, home), PathBuf::from("/abs"));
    }

    #[test]
    fn globs_expand_sorted_and_misses_stay_literal() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.md", "a.md", "c.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let base = Some(dir.path());
        let paths = library_paths(&["*.md".into(), "none-*.md".into(), "c.txt".into()], base, None);
        let names: Vec<String> =
            paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["a.md", "b.md", "none-*.md", "c.txt"]);
    }
}
