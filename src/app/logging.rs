//! Diagnostics with `tracing`, written to `quire.log` in the state
//! directory and never to the screen: while the reader runs the terminal
//! belongs to it, and a stray line on stderr would corrupt the display.

use std::fs::{self, OpenOptions};
use std::path::Path;
use std::str::FromStr;
use std::sync::Mutex;

use tracing::level_filters::LevelFilter;

/// The variable that sets how much is logged: `off`, `error`, `warn`,
/// `info` (the default), `debug` or `trace`.
pub const LEVEL_ENV: &str = "QUIRE_LOG";

/// The level named by `QUIRE_LOG`, or `info`.
pub fn level(value: Option<&str>) -> Result<LevelFilter, String> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(LevelFilter::INFO),
        Some(v) => LevelFilter::from_str(v)
            .map_err(|_| format!("{LEVEL_ENV}={v:?}: use off, error, warn, info, debug or trace")),
    }
}

/// Starts logging to `file`, appending. Called once, before the terminal
/// is taken over; the error is for the caller to print while it still can.
pub fn init(file: &Path, level: LevelFilter) -> Result<(), String> {
    if level == LevelFilter::OFF {
        return Ok(());
    }
    let shown = file.display();
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .map_err(|e| format!("{shown}: {e}"))?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(log))
        .with_max_level(level)
        .with_target(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).map_err(|e| format!("{shown}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_with_info_by_default() {
        assert_eq!(level(None), Ok(LevelFilter::INFO));
        assert_eq!(level(Some("")), Ok(LevelFilter::INFO));
        assert_eq!(level(Some("debug")), Ok(LevelFilter::DEBUG));
        assert_eq!(level(Some("off")), Ok(LevelFilter::OFF));
        assert!(level(Some("loud")).unwrap_err().contains("QUIRE_LOG=\"loud\""));
    }
}
