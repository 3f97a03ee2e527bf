//! The index file on disk: opened and checked, written atomically.

use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::format::{HEADER_LEN, Header, Unusable, decode_header};
use super::meta::{Meta, Region};

/// The disk writes an index update makes, so tests can fail them (a full
/// disk) whatever user they run as.
pub trait IndexIo: Send + Sync {
    /// Writes `parts`, one after the other, as the file `path`.
    fn write(&self, path: &Path, parts: &[&[u8]]) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealIndexIo;

impl IndexIo for RealIndexIo {
    fn write(&self, path: &Path, parts: &[&[u8]]) -> io::Result<()> {
        use std::io::Write;
        let mut file = io::BufWriter::with_capacity(1 << 20, File::create(path)?);
        for part in parts {
            file.write_all(part)?;
        }
        // No fsync: a file torn by a crash fails its checksums and is
        // rebuilt, which is cheaper than syncing every update.
        file.flush()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
}

/// An index file whose header passed its checks. The meta region's
/// sections and the postings are read later, through the same handle, so
/// a file renamed over this one meanwhile (another quire process) cannot
/// mix two versions.
pub struct Opened {
    file: Arc<Handle>,
    pub header: Header,
    pub meta: Meta,
}

impl Opened {
    /// `Ok(None)` when there is no index file yet. Reads the header only:
    /// the meta region is read a section at a time, as it is used.
    pub fn open(path: &Path, loader_stamp: u64) -> Result<Option<Opened>, Unusable> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(_) => return Err(Unusable::Corrupt),
        };
        let mut head = Vec::with_capacity(HEADER_LEN);
        (&mut file)
            .take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(|_| Unusable::Corrupt)?;
        let header = decode_header(loader_stamp, &head)?;
        let len = file.metadata().map_err(|_| Unusable::Corrupt)?.len();
        if len != header.file_len() {
            return Err(Unusable::Corrupt);
        }
        let file = Arc::new(Handle(Mutex::new(file)));
        let region = MetaRegion { file: Arc::clone(&file) };
        let meta = Meta::new(&header, Box::new(region))?;
        Ok(Some(Opened { file, header, meta }))
    }

    /// Bytes `range` of the postings region.
    pub fn read_postings(&self, range: std::ops::Range<u64>) -> Option<Vec<u8>> {
        let end = range.end.min(self.header.postings_len);
        let len = usize::try_from(end.checked_sub(range.start)?).ok()?;
        self.file.read_at(HEADER_LEN as u64 + self.header.meta_len + range.start, len)
    }
}

/// The open file, shared by the meta region and the postings reads; a
/// lock, because a read is a seek and then a read.
struct Handle(Mutex<File>);

impl Handle {
    fn read_at(&self, at: u64, len: usize) -> Option<Vec<u8>> {
        let mut file = self.0.lock().ok()?;
        file.seek(SeekFrom::Start(at)).ok()?;
        // Read into spare capacity: no zeroing of bytes about to be read.
        let mut bytes = Vec::with_capacity(len);
        (&mut *file).take(len as u64).read_to_end(&mut bytes).ok()?;
        (bytes.len() == len).then_some(bytes)
    }
}

struct MetaRegion {
    file: Arc<Handle>,
}

impl Region for MetaRegion {
    fn read(&self, range: std::ops::Range<u64>) -> Option<Vec<u8>> {
        let len = usize::try_from(range.end.checked_sub(range.start)?).ok()?;
        self.file.read_at(HEADER_LEN as u64 + range.start, len)
    }
}

/// Writes a temp file beside `path` and renames it over `path`: readers
/// see the old file or the new one, never half of one, and a failed write
/// (a full disk) leaves the old one as it was.
pub fn write_atomically(io: &dyn IndexIo, path: &Path, parts: &[&[u8]]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let temp = temp_path(path);
    let result = io.write(&temp, parts).and_then(|()| io.rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Marks temp files, which a writer that died may leave behind.
pub const TEMP_MARK: &str = ".tmp-";

/// A name no other writer uses at the same time: process, then a counter
/// shared by this process's threads.
fn temp_path(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut name = path.as_os_str().to_owned();
    name.push(format!("{TEMP_MARK}{}-{n}", std::process::id()));
    PathBuf::from(name)
}
