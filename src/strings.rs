//! User-visible text, in one place.

pub const APP_NAME: &str = "quire";
pub const TOO_SMALL: &str = "Terminal too small";
/// An article opened from its listed outline before its text was read
/// (a warm start lists first and reads texts after).
pub const TEXT_STILL_LOADING: &str = "this text is still being read; it shows when it arrives";
pub const NO_LINKS: &str = "No links in this article";
pub const WRAPPED_TO_TOP: &str = "Search wrapped to the top";
pub const FIND_STILL_SCANNING: &str = "Still finding: more matches may follow";
/// The find worker failed part way: what it found so far stays.
pub const FIND_FAILED: &str = "Find stopped early (an internal error); the matches so far are kept";
pub const WRAPPED_TO_BOTTOM: &str = "Search wrapped to the bottom";
pub const LAST_SECTION: &str = "Last section";
pub const FIRST_SECTION: &str = "First section";
pub const LAST_ARTICLE: &str = "Last article";
pub const FIRST_ARTICLE: &str = "First article";
pub const CONTENTS_START: &str = "Start";
pub const CONTENTS_TITLE: &str = "Contents";
pub const LINKS_TITLE: &str = "Links";
pub const HELP_TITLE: &str = "Keys";
pub const EMPTY_LIBRARY: &str = "No documents";
pub const SEARCH_PROMPT: &str = "Search: ";
pub const SEARCH_HINT: &str = "Type to search the library · Enter opens · Esc goes back";
pub const SEARCHING: &str = "searching…";
pub const NO_SEARCH: &str = "Search is unavailable: could not start its worker thread";
/// The search worker failed (a bug): it starts its index over.
pub const SEARCH_FAILED: &str =
    "Search failed (an internal error) and is indexing again; search again in a moment";
pub const FIND_PROMPT: &str = "/";
pub const READ: &str = "read";
pub const UNREAD: &str = "new";
pub const NO_EDITOR: &str = "No editor available here";
pub const HIGHLIGHTED: &str = "Highlighted";
pub const HIGHLIGHTS_TITLE: &str = "Highlights";
pub const NO_HIGHLIGHTS: &str = "No highlights in this document";
pub const HIGHLIGHTS_LOADING: &str = "Highlights are still loading…";
pub const HIGHLIGHT_DELETED: &str = "Highlight deleted · u undoes";
pub const HIGHLIGHT_RESTORED: &str = "Highlight restored";
pub const NOTHING_TO_UNDO: &str = "Nothing to undo";
pub const HIGHLIGHT_DETACHED: &str = "This highlight's text is no longer in the document";
pub const DETACHED: &str = "detached";
pub const NOTE_TITLE: &str = "Note · ctrl-s saves · ctrl-e $EDITOR · esc cancels";
pub const NOTE_SAVED: &str = "Note saved";
pub const NOTE_UNSAVED: &str = "Unsaved note: esc again discards it, ctrl-s saves";
pub const VISUAL: &str = "-- SELECT -- enter/1-5 highlight · a note · esc cancels";

pub fn exported(path: &std::path::Path) -> String {
    format!("Exported to {}", path.display())
}

pub fn export_failed(e: &str) -> String {
    format!("Export failed: {e}")
}

pub fn highlights_not_saved(e: &str) -> String {
    format!("Highlights not saved: {e}")
}

pub fn min_size(min: (u16, u16), now: (u16, u16)) -> String {
    format!("Need {}x{}, have {}x{}", min.0, min.1, now.0, now.1)
}

pub fn loading(done: usize, total: usize) -> String {
    format!("loading {done}/{total}…")
}

/// The list is complete; the documents' text is still being read (from
/// the cache) for reading and search.
pub fn filling(done: usize, total: usize) -> String {
    format!("reading texts {done}/{total}…")
}

pub fn load_failures(failures: &[String]) -> String {
    match failures {
        [one] => format!("Could not load {one}"),
        many => format!("Could not load {} files (first: {})", many.len(), many[0]),
    }
}

/// Results cover only the documents indexed so far.
pub fn partial_search(searched: usize, total: usize) -> String {
    format!("searching {searched} of {total} documents (loading…)")
}

/// The status line's hint, with the key the user's keymap binds to help.
pub fn help_hint(key: &str) -> String {
    format!("{key} help")
}

pub fn no_find(key: Option<&str>) -> String {
    match key {
        Some(key) => format!("No find active: press {key} to find"),
        None => "No find active".into(),
    }
}

pub fn not_found(query: &str) -> String {
    format!("Not found: {query}")
}

pub fn results(n: usize) -> String {
    match n {
        1 => "1 result".into(),
        n => format!("{n} results"),
    }
}

pub fn documents(n: usize) -> String {
    match n {
        1 => "1 document".into(),
        n => format!("{n} documents"),
    }
}

pub fn articles(n: usize) -> String {
    match n {
        1 => "1 article".into(),
        n => format!("{n} articles"),
    }
}

pub fn minutes(n: usize) -> String {
    format!("{n} min")
}

pub fn minutes_left(n: usize) -> String {
    format!("{n} min left")
}

pub fn matches(current: usize, total: usize) -> String {
    format!("{current}/{total}")
}

/// The count while a long article is still being scanned.
pub fn matches_so_far(current: usize, total: usize, percent: usize) -> String {
    format!("{current}/{total}… {percent}%")
}

/// The count when find stopped keeping matches at `total`.
pub fn matches_capped(current: usize, total: usize) -> String {
    format!("{current}/{total}+")
}

pub fn open_failed(url: &str, err: &str) -> String {
    format!("Could not open {url}: {err}")
}

pub const BOOKMARK_ADDED: &str = "Bookmark added";
pub const BOOKMARK_REMOVED: &str = "Bookmark removed";
pub const NO_BOOKMARKS: &str = "No bookmarks in this document: press m to add one";
pub const BOOKMARK_ORPHANED: &str = "This bookmark's text is no longer in the file; it is kept";
pub const BOOKMARKS_TITLE: &str = "Bookmarks";
pub const LABEL_PROMPT: &str = "Bookmark label: ";
pub const ORPHANED: &str = "(text gone)";
pub const NO_DATA_DIR: &str = "no data directory (set --data-dir or QUIRE_DATA_DIR)";

pub fn save_failed(error: &str) -> String {
    format!("Not saved (will retry): {error}")
}

pub fn unsaved_on_quit(error: &str) -> String {
    format!("Unsaved changes: {error} — press Q again to quit anyway")
}

pub fn not_saved(error: &str) -> String {
    format!("Progress and bookmarks will not be saved: {error}")
}

pub fn orphans(n: usize) -> String {
    match n {
        1 => "1 bookmark or highlight could not be placed in the changed file; it is kept".into(),
        n => format!(
            "{n} bookmarks or highlights could not be placed in the changed file; they are kept"
        ),
    }
}

/// A library file changed on disk and is shown as it is now.
pub fn reloaded(file: &str) -> String {
    format!("Reloaded {file}")
}

/// A library file is gone from disk (deleted or moved away).
pub fn removed(file: &str) -> String {
    format!("{file} is gone from disk: removed from the list")
}

/// A watched file changed but could not be read again; the old version
/// stays on screen.
pub fn reload_failed(path: &str, message: &str) -> String {
    format!("Could not reload {path}: {message}")
}

/// A file whose parser panicked: one line, the other files still load.
pub const PARSER_FAILED: &str = "parser failed (please report)";

/// A file whose parser ran past its time limit.
pub fn parser_timed_out(seconds: u64) -> String {
    format!("parser timed out (over {seconds} s)")
}

/// Why a PDF could not be read; each follows the file's path and a colon.
pub const PDF_DAMAGED: &str = "damaged PDF (its structure could not be read)";
pub const PDF_ENCRYPTED: &str = "encrypted PDF (it needs a password)";
pub const PDF_NO_TEXT: &str = "no text layer (scanned PDF?)";
pub const PDF_READER_FAILED: &str = "the PDF reader failed on this file";
/// Why the PDF reader gave up on a file: it failed on every page.
pub const PDF_NO_PAGE_READ: &str = "it could read none of its pages";
/// Why the PDF reader refused a file: its drawings contain themselves.
pub const PDF_FORM_LOOP: &str = "its drawings contain themselves";
/// The segment holding a PDF's running heads, footers and page numbers.
pub const PDF_FURNITURE: &str = "Page headers and footers";
/// A warning on a PDF that the built-in reader could not read.
pub const PDF_READ_BY_PDFTOTEXT: &str = "read with pdftotext (the built-in PDF reader failed)";

/// Cached documents that were damaged, foreign or from another version of
/// quire were rebuilt from their files: worth one line, never an error.
pub fn cache_rebuilt(entries: usize) -> String {
    let noun = if entries == 1 { "entry was" } else { "entries were" };
    format!("cache: {entries} unusable {noun} rebuilt (damaged or from another quire version)")
}

/// The one-file index of outlines was damaged or from another version.
pub const CACHE_MANIFEST_REBUILT: &str =
    "cache: the outline index was unusable and was rebuilt (damaged or from another quire version)";

/// The cache could not be updated; what it held stays valid.
pub fn cache_unwritable(error: &str) -> String {
    format!("cache: not updated ({error}); files are read directly")
}

/// The search index file was damaged, foreign or from another version of
/// quire, and was rebuilt: worth one line, never an error.
pub const INDEX_REBUILT: &str =
    "search index: rebuilt (the old one was damaged or from another quire version)";

/// The search index could not be saved; the search itself was answered.
pub fn index_unwritable(error: &str) -> String {
    format!("search index: not saved ({error}); the next search indexes again")
}

/// A remembered or configured library path that is no longer on disk.
pub fn library_entry_missing(path: &str) -> String {
    format!("{path}: in the library but no longer on disk (skipped; `quire remove` forgets it)")
}
