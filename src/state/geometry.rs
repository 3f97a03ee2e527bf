//! Screen geometry shared by `update` (scrolling, clicks) and the UI, so
//! both agree on what is visible without the state knowing about widgets.

/// The smallest size the UI draws; below it shows a notice instead.
pub const MIN_SIZE: (u16, u16) = (40, 12);

pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

/// Rows of the list: below a one-line title, above the status line.
pub fn list_rows(size: (u16, u16)) -> (u16, usize) {
    (1, usize::from(size.1.saturating_sub(2)).max(1))
}

/// Reader text rows: below the two-line header, above footer and status.
pub fn reader_rows(size: (u16, u16)) -> (u16, usize) {
    (2, usize::from(size.1.saturating_sub(4)).max(1))
}

/// The width text is wrapped to: the reading width, less a margin on
/// narrow terminals.
pub fn text_width(size: (u16, u16), reading_width: u16) -> u16 {
    reading_width.min(size.0.saturating_sub(2)).max(1)
}

/// Search results: two rows each, below the query and count lines.
pub fn search_slots(size: (u16, u16)) -> (u16, usize) {
    (2, (usize::from(size.1.saturating_sub(3)) / 2).max(1))
}

/// Keeps `cursor` within `height` rows starting at `scroll`.
pub fn follow(scroll: usize, cursor: usize, height: usize) -> usize {
    if cursor < scroll {
        cursor
    } else if cursor >= scroll + height {
        cursor + 1 - height.max(1)
    } else {
        scroll
    }
}
