//! What the store tells its caller: notices for the status line, and
//! errors when a save cannot be made.

use std::fmt;
use std::path::PathBuf;

/// Something the user should be told about, shown in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A store file did not parse; it was moved to `moved_to`.
    CorruptSetAside { moved_to: PathBuf, reason: String },
    /// A sync tool's conflict copy did not parse, so it could not be
    /// merged; it was moved to `moved_to`, nothing was deleted.
    CorruptConflictCopy { moved_to: PathBuf, reason: String },
    /// The main file was missing or corrupt and the backup was loaded.
    RestoredFromBackup,
    /// Written by a newer quire: changes will not be saved.
    NewerSchema { version: u32 },
    /// The single `store.json` of earlier versions became one file per
    /// document; the old file was renamed to `kept_as`.
    Migrated { kept_as: PathBuf },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::CorruptSetAside { moved_to, reason } => {
                write!(
                    f,
                    "bookmark store was unreadable ({reason}); kept as {}",
                    moved_to.display()
                )
            }
            Notice::CorruptConflictCopy { moved_to, reason } => write!(
                f,
                "a sync conflict copy of the bookmark store was unreadable ({reason}); \
                 not merged, kept as {}",
                moved_to.display()
            ),
            Notice::RestoredFromBackup => write!(f, "bookmark store restored from its backup"),
            Notice::NewerSchema { version } => write!(
                f,
                "bookmark store is from a newer quire (schema {version}); opened read-only"
            ),
            Notice::Migrated { kept_as } => write!(
                f,
                "bookmark store now keeps one file per document; the old file is kept as {}",
                kept_as.display()
            ),
        }
    }
}

#[derive(Debug)]
pub enum StoreError {
    Io {
        op: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The store was written by a newer schema; saving would lose its data.
    ReadOnly {
        version: u32,
    },
    Encode(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io { op, path, source } => {
                write!(f, "cannot {op} {}: {source}", path.display())
            }
            StoreError::ReadOnly { version } => {
                write!(f, "not saved: the store is from a newer quire (schema {version})")
            }
            StoreError::Encode(e) => write!(f, "cannot encode the store: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
