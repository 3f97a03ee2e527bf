//! Moving the single `store.json` of earlier versions into one record
//! file per document.
//!
//! Each document is merged into its record (one may exist already: a
//! migration interrupted half-way, or an older quire on another machine
//! that wrote `store.json` again after this one migrated), then the
//! session, and only then is `store.json` renamed, never deleted. Until
//! the rename, opening again simply repeats the merge, which changes
//! nothing. Conflict copies of the old file are folded in like any other.

use super::layout::{LEGACY_STEM, RECORDS_DIR, SESSION_STEM, UnitFiles, scan, stem_of};
use super::schema::{Session, StoreFile};
use super::{Notice, Store, StoreError, atomic};

impl Store {
    /// Migrates `store.json` (and its conflict copies) if there is one.
    /// A newer schema's file is read into memory and left untouched.
    pub(super) fn migrate_legacy(&mut self, notices: &mut Vec<Notice>) -> Result<(), StoreError> {
        let Some(files) = scan(&self.dir).remove(LEGACY_STEM) else { return Ok(()) };
        // A lone backup is what a finished migration renamed: only the
        // main file or a copy of it still holds news.
        if !files.main.exists() && files.copies.is_empty() {
            return Ok(());
        }
        let (file, replacing) = self.read_unit::<StoreFile>(&files, notices)?;
        let Some(file) = file else { return Ok(()) };
        if self.read_only.is_some() {
            self.data = file;
            return Ok(());
        }
        match self.write_records(&file, notices) {
            Err(StoreError::ReadOnly { .. }) => {
                self.data = file;
                return Ok(());
            }
            other => other?,
        }
        let now = self.clock.now();
        let kept_as = atomic::aside_name(&files.main, "migrated", now);
        if files.main.exists() {
            self.rename(&files.main, &kept_as)?;
            notices.push(Notice::Migrated { kept_as });
        }
        if files.backup.exists() {
            let backup_kept_as = atomic::aside_name(&files.backup, "migrated", now);
            self.rename(&files.backup, &backup_kept_as)?;
        }
        for copy in &replacing.folded {
            let _ = std::fs::remove_file(copy);
        }
        Ok(())
    }

    /// Merges every document of `file` into its record, then the session.
    fn write_records(
        &mut self,
        file: &StoreFile,
        notices: &mut Vec<Notice>,
    ) -> Result<(), StoreError> {
        let records = self.dir.join(RECORDS_DIR);
        for (id, doc) in &file.documents {
            self.save_unit(&UnitFiles::new(&records, &stem_of(id)), doc, notices)?;
        }
        let session = Session { list_cursor: file.list_cursor.clone(), extra: file.extra.clone() };
        self.save_unit(&UnitFiles::new(&self.dir.clone(), SESSION_STEM), &session, notices)?;
        Ok(())
    }

    fn rename(&self, from: &std::path::Path, to: &std::path::Path) -> Result<(), StoreError> {
        self.io.rename(from, to).map_err(|source| StoreError::Io {
            op: "rename",
            path: from.to_path_buf(),
            source,
        })
    }
}
