//! Placed glyphs → one page of plain text.
//!
//! The PDF reader hands over glyphs with their positions in the order the
//! content stream paints them. Paint order is not reading order (a layout
//! program may paint two columns line by line, or a footer first), so a
//! page is rebuilt from positions: glyphs that touch become fragments,
//! fragments on one baseline become rows, rows are read top down, and a
//! two-column band is read column by column. Wide gaps inside a row (table
//! cells) become tabs, as the plain segmenter reads tables; vertical space
//! wider than the page's usual line spacing becomes blank lines, which is
//! what separates paragraphs in plain text.

/// A run of glyphs that touch on one baseline. `y` grows upwards (PDF
/// user space); `size` is the font size on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub size: f64,
    pub text: String,
    /// The last glyph's advance, the unit for counting spaces in a gap.
    advance: f64,
}

/// A gap between glyphs wider than this many font sizes splits fragments:
/// word spaces are a quarter to half of one, a table's or a gutter's gap
/// several.
const SPLIT_GAP: f64 = 2.0;

/// Collects one page's glyphs into fragments as they are painted.
#[derive(Debug, Default)]
pub struct PageBuilder {
    fragments: Vec<Fragment>,
}

impl PageBuilder {
    /// Adds one glyph (possibly several characters for a ligature) at
    /// `(x, y)` with its advance width on the page.
    pub fn glyph(&mut self, x: f64, y: f64, advance: f64, size: f64, text: &str) {
        let spelled;
        let text = if text.chars().any(is_ligature) {
            spelled = spell_out_ligatures(text);
            spelled.as_str()
        } else {
            text
        };
        let size = if size.is_finite() && size > 0.1 { size } else { 1.0 };
        if let Some(last) = self.fragments.last_mut()
            && (y - last.y).abs() < size.min(last.size) * 0.4
            && x > last.x1 - size * 0.5
            && x - last.x1 < size * SPLIT_GAP
        {
            let gap = x - last.x1;
            if gap > size * 0.15 && !last.text.ends_with(' ') && !text.starts_with(' ') {
                let spaces = (gap / last.advance.max(size * 0.3)).round().max(1.0) as usize;
                last.text.extend(std::iter::repeat_n(' ', spaces.min(SPLIT_GAP as usize * 4)));
            }
            last.text.push_str(text);
            last.x1 = last.x1.max(x + advance);
            last.advance = advance;
            return;
        }
        self.fragments.push(Fragment {
            x0: x,
            x1: x + advance,
            y,
            size,
            text: text.to_string(),
            advance,
        });
    }

    /// Whether the page had any visible text.
    pub fn has_text(&self) -> bool {
        self.fragments.iter().any(|f| !f.text.trim().is_empty())
    }

    /// The page as text lines, each ending in a newline.
    pub fn finish(self) -> String {
        let rows = rows(self.fragments);
        let order = reading_order(&rows);
        render(&rows, &order)
    }
}

/// Typographic ligatures (U+FB00 to U+FB06), which fonts map some glyphs to:
/// left in, "ﬁnd" would not match a search for "find".
fn is_ligature(c: char) -> bool {
    ('\u{fb00}'..='\u{fb06}').contains(&c)
}

fn spell_out_ligatures(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            other => out.push(other),
        }
    }
    out
}

/// Fragments sharing a baseline, left to right.
#[derive(Debug, Clone)]
struct Row {
    y: f64,
    size: f64,
    fragments: Vec<Fragment>,
}

/// Groups fragments into rows, top row first.
fn rows(mut fragments: Vec<Fragment>) -> Vec<Row> {
    fragments.retain(|f| !f.text.trim().is_empty());
    fragments.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Row> = Vec::new();
    for fragment in fragments {
        match rows.last_mut() {
            Some(row) if same_row(row.y, row.size, fragment.y, fragment.size) => {
                // The row's baseline is its body text's, not a superscript's.
                if fragment.size > row.size {
                    row.y = fragment.y;
                    row.size = fragment.size;
                }
                row.fragments.push(fragment);
            }
            _ => rows.push(Row { y: fragment.y, size: fragment.size, fragments: vec![fragment] }),
        }
    }
    for row in &mut rows {
        row.fragments.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    rows
}

/// Whether text at `(y, size)` and `(other_y, other_size)` is one line: the
/// same baseline, or a superscript or subscript (a half to most of the body
/// size, raised or lowered within the body's height). A drop cap spans
/// several lines but is three or more times their size, so it does not
/// pull them into one row.
fn same_row(y: f64, size: f64, other_y: f64, other_size: f64) -> bool {
    if (y - other_y).abs() < size.min(other_size) * 0.4 {
        return true;
    }
    let ((small_y, small), (big_y, big)) = if size < other_size {
        ((y, size), (other_y, other_size))
    } else {
        ((other_y, other_size), (y, size))
    };
    let ratio = small / big;
    let raised = small_y - big_y;
    (0.45..=0.85).contains(&ratio) && (-0.35 * big..=0.6 * big).contains(&raised)
}

/// One line of output: a row, or the part of a row on one side of a gutter.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    row: usize,
    /// Fragments `from..to` of the row.
    from: usize,
    to: usize,
}

/// The order rows (or half rows) are read in. A page whose rows split at
/// one x position, most of them with prose on both sides, is two columns:
/// each stretch of split rows is read left column first, and rows that
/// cross the gutter (a headline over both columns) stay where they are.
fn reading_order(rows: &[Row]) -> Vec<Piece> {
    let whole = |row: usize| Piece { row, from: 0, to: rows[row].fragments.len() };
    let Some(gutter) = gutter(rows) else {
        return (0..rows.len()).map(whole).collect();
    };
    let mut order = Vec::new();
    let mut left = Vec::new();
    let mut right = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.fragments.iter().any(|f| f.x0 < gutter && f.x1 > gutter) {
            order.append(&mut left);
            order.append(&mut right);
            order.push(whole(index));
            continue;
        }
        let split = row.fragments.iter().take_while(|f| f.x1 <= gutter).count();
        if split > 0 {
            left.push(Piece { row: index, from: 0, to: split });
        }
        if split < row.fragments.len() {
            right.push(Piece { row: index, from: split, to: row.fragments.len() });
        }
    }
    order.append(&mut left);
    order.append(&mut right);
    order
}

/// Rows with text on both sides of a gap needed to call a page two columns.
const MIN_SPLIT_ROWS: usize = 6;
/// Average characters per side: prose columns, not table cells.
const MIN_COLUMN_CHARS: usize = 20;

/// The x position of a two-column gutter, if the page has one: the middle
/// of the widest gap that the most rows share, taken only when at least
/// half the rows split there and both sides read like prose.
fn gutter(rows: &[Row]) -> Option<f64> {
    let gaps: Vec<(f64, f64)> = rows
        .iter()
        .flat_map(|row| row.fragments.windows(2).map(|pair| (pair[0].x1, pair[1].x0)))
        .collect();
    let mut best: Option<(usize, f64)> = None;
    for &(start, end) in &gaps {
        let middle = (start + end) / 2.0;
        let split = rows.iter().filter(|row| splits_at(row, middle)).count();
        if best.is_none_or(|(count, _)| split > count) {
            best = Some((split, middle));
        }
    }
    let (count, middle) = best?;
    if count < MIN_SPLIT_ROWS || count * 2 < rows.len() {
        return None;
    }
    let (mut left_chars, mut right_chars) = (0, 0);
    for row in rows.iter().filter(|row| splits_at(row, middle)) {
        for fragment in &row.fragments {
            let chars = fragment.text.chars().count();
            if fragment.x1 <= middle { left_chars += chars } else { right_chars += chars }
        }
    }
    let prose = left_chars.min(right_chars) >= count * MIN_COLUMN_CHARS;
    prose.then_some(middle)
}

/// Whether `row` has text on both sides of `x` and none across it.
fn splits_at(row: &Row, x: f64) -> bool {
    let crosses = row.fragments.iter().any(|f| f.x0 < x && f.x1 > x);
    let left = row.fragments.iter().any(|f| f.x1 <= x);
    let right = row.fragments.iter().any(|f| f.x0 >= x);
    left && right && !crosses
}

/// Most blank lines one vertical gap becomes.
const MAX_BLANK_LINES: usize = 3;

fn render(rows: &[Row], order: &[Piece]) -> String {
    let leading = usual_leading(rows, order);
    let mut out = String::new();
    let mut previous: Option<&Row> = None;
    for piece in order {
        let row = &rows[piece.row];
        if let Some(above) = previous {
            // A page with too few lines to show its spacing is taken to be
            // set solid plus a fifth, the usual default.
            let leading = leading.unwrap_or(row.size * 1.2);
            let gap = above.y - row.y;
            if gap > leading * 1.5 {
                let blanks = ((gap / leading).round() as usize).saturating_sub(1);
                for _ in 0..blanks.clamp(1, MAX_BLANK_LINES) {
                    out.push('\n');
                }
            }
        }
        let fragments = &row.fragments[piece.from..piece.to];
        for (i, fragment) in fragments.iter().enumerate() {
            if i > 0 {
                out.push_str(separator(&fragments[i - 1], fragment));
            }
            out.push_str(fragment.text.trim_end());
        }
        out.push('\n');
        previous = Some(row);
    }
    out
}

/// What goes between two fragments of a row: a tab for a table's or a
/// gutter's gap, a space for a word's, nothing where they touch (a
/// superscript after its word).
fn separator(left: &Fragment, right: &Fragment) -> &'static str {
    let size = left.size.max(right.size);
    let gap = right.x0 - left.x1;
    if gap >= size * SPLIT_GAP {
        "\t"
    } else if gap > size * 0.15 && !right.text.starts_with(' ') {
        " "
    } else {
        ""
    }
}

/// The line spacing body text is set at: the smallest gap between rows
/// that recurs. Not the most common gap: on a page of short paragraphs the
/// space between paragraphs is the most common one. A gap counts as
/// recurring when a sixth of the gaps (and at least two) are within a tenth
/// of it, so one superscript does not set the measure.
fn usual_leading(rows: &[Row], order: &[Piece]) -> Option<f64> {
    let mut gaps: Vec<f64> = order
        .windows(2)
        .map(|pair| rows[pair[0].row].y - rows[pair[1].row].y)
        .filter(|gap| *gap > 0.5)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let needed = (gaps.len() / 6).max(2).min(gaps.len());
    gaps.iter()
        .copied()
        .find(|&gap| gaps.iter().filter(|g| (*g - gap).abs() <= gap * 0.1).count() >= needed)
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
