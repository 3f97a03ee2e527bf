//! Where the store's files live, and how a sync tool's conflict copy is
//! told apart from the file it copies.
//!
//! ```text
//! <data dir>/store.lock              advisory lock between instances
//! <data dir>/session.json(.bak)      session-wide state (the list cursor)
//! <data dir>/records/<id>.json(.bak) one document's record
//! ```
//!
//! One file per document means two machines that read different documents
//! never touch the same file, so a sync tool has nothing to conflict on.
//! When both did change one record, the tool keeps one version and puts the
//! other beside it under a marked name; [`scan`] groups such copies with
//! the file they belong to so the loader can fold them in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folder of per-document records, inside the data directory.
pub const RECORDS_DIR: &str = "records";
/// The session-wide state's stem: `session.json`.
pub const SESSION_STEM: &str = "session";
/// The single file every document lived in before records existed.
pub const LEGACY_STEM: &str = "store";

const MAIN_EXT: &str = ".json";
const BACKUP_EXT: &str = ".json.bak";

/// The files of one unit (a record or the session): the main file, its
/// backup (the version before the last save), and conflict copies of
/// either, which may or may not exist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitFiles {
    pub main: PathBuf,
    pub backup: PathBuf,
    pub copies: Vec<PathBuf>,
}

impl UnitFiles {
    /// The files of the unit `stem` in `dir`, with no copies.
    pub fn new(dir: &Path, stem: &str) -> UnitFiles {
        UnitFiles {
            main: dir.join(format!("{stem}{MAIN_EXT}")),
            backup: dir.join(format!("{stem}{BACKUP_EXT}")),
            copies: Vec::new(),
        }
    }
}

/// A document id as a file stem. Only `[a-z0-9_-]` are kept as they are;
/// every other byte becomes `%XX`. So a stem never holds a dot, a space or
/// a parenthesis (a conflict marker cannot be mistaken for part of it), and
/// ids differing only in case cannot collide on a case-insensitive disk.
pub fn stem_of(doc_id: &str) -> String {
    let mut out = String::with_capacity(doc_id.len());
    for byte in doc_id.bytes() {
        if byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_' || byte == b'-' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The id a stem stands for; `None` if the stem is not one [`stem_of`]
/// makes (a file someone else put in the folder).
pub fn id_of(stem: &str) -> Option<String> {
    let bytes = stem.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = stem.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let id = String::from_utf8(out).ok()?;
    (stem_of(&id) == stem).then_some(id)
}

/// The name a conflict copy stands in for, or `None` if `name` is not one.
///
/// Two shapes, each inserted before the last extension:
/// - `.sync-conflict-<8 digits>-<6 digits>-<device>` (Syncthing);
/// - ` (<anything with a yyyy-mm-dd date>)` (Dropbox's "conflicted copy",
///   whatever the language or device name).
///
/// Markers are stripped repeatedly: a copy of a copy names the same file.
pub fn conflict_base(name: &str) -> Option<String> {
    let mut current = name.to_string();
    while let Some(stripped) = strip_syncthing(&current).or_else(|| strip_dated_group(&current)) {
        current = stripped;
    }
    (current != name).then_some(current)
}

const SYNCTHING_MARK: &str = ".sync-conflict-";

fn strip_syncthing(name: &str) -> Option<String> {
    let at = name.find(SYNCTHING_MARK)?;
    let rest = &name[at + SYNCTHING_MARK.len()..];
    let end_of_marker = rest.find('.').unwrap_or(rest.len());
    let mut parts = rest[..end_of_marker].splitn(3, '-');
    let (date, time, device) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let device_ok = !device.is_empty() && device.bytes().all(|b| b.is_ascii_alphanumeric());
    if !(digits(date, 8) && digits(time, 6) && device_ok) {
        return None;
    }
    Some(format!("{}{}", &name[..at], &rest[end_of_marker..]))
}

/// Removes the first ` (…)` group (parentheses balanced) that holds a
/// `dddd-dd-dd` date.
fn strip_dated_group(name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = name[from..].find(" (") {
        let open = from + found;
        let close = balanced_close(name, open + 1)?;
        if has_date(&name[open + 2..close]) {
            return Some(format!("{}{}", &name[..open], &name[close + 1..]));
        }
        from = open + 2;
    }
    None
}

/// The index of the `)` closing the `(` at `open`.
fn balanced_close(name: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in name[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

fn has_date(text: &str) -> bool {
    let b = text.as_bytes();
    let shape = b"dddd-dd-dd";
    b.windows(shape.len()).any(|w| {
        w.iter().zip(shape).all(|(&c, &s)| if s == b'd' { c.is_ascii_digit() } else { c == s })
    })
}

/// The units found in `dir`, by stem, each with its conflict copies.
/// Names that are neither `<stem>.json`, `<stem>.json.bak` nor a conflict
/// copy of one (temp files, set-aside files, strangers) are left alone.
pub fn scan(dir: &Path) -> BTreeMap<String, UnitFiles> {
    let mut units: BTreeMap<String, UnitFiles> = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return units };
    for entry in entries.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let base = conflict_base(&name);
        let plain = base.as_deref().unwrap_or(&name);
        let Some(stem) = plain.strip_suffix(BACKUP_EXT).or_else(|| plain.strip_suffix(MAIN_EXT))
        else {
            continue;
        };
        let unit = units.entry(stem.to_string()).or_insert_with(|| UnitFiles::new(dir, stem));
        if base.is_some() {
            unit.copies.push(entry.path());
        }
    }
    for unit in units.values_mut() {
        unit.copies.sort();
    }
    units
}

#[cfg(test)]
mod tests;
