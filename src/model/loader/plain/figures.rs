//! Figures in plain text: box drawings, arrows, text bar charts, grammar
//! rules and columns aligned by spaces. Their meaning is in their layout,
//! so a chunk shaped like one stays line for line (a code block) instead
//! of being reflowed into a paragraph.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::model::scan::ascii;

/// Searchers for runs of spaces, built once: `memmem::find` builds one
/// per call, which costs more than the search on a short line.
static TWO_SPACES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"  "));
static THREE_SPACES: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"   "));

/// Does `bytes` hold two spaces in a row?
pub fn has_gap(bytes: &[u8]) -> bool {
    TWO_SPACES.find(bytes).is_some()
}

/// Is this chunk (its lines with their indentation; `span` the text from
/// its first line to its last) a figure?
///
/// The shape: at least two lines, and either half of them (two at least)
/// are drawn (box edges, arrows, bars, grammar rules), or half of them hold
/// columns that line up with another line's. Prose has neither: the two
/// spaces some writers put after a full stop are not columns.
pub fn is_figure(span: &str, lines: &[&str]) -> bool {
    if lines.len() < 2 || !may_hold_figure(span) {
        return false;
    }
    let drawn = lines.iter().filter(|l| drawn_line(ascii::trim(l))).count();
    if drawn >= 2 && drawn * 2 >= lines.len() {
        return true;
    }
    aligned_columns(lines)
}

/// A cheap first question for every chunk of a file: a figure holds a gap
/// of spaces between words (not just indentation, not just two spaces
/// after a full stop: boxes and bars are padded), a bar, an equals sign
/// or an arrowhead (tables, boxes, rules and arrows set one space apart),
/// or a box-drawing char. A vector search each over the chunk.
fn may_hold_figure(span: &str) -> bool {
    let bytes = span.as_bytes();
    let inner_gap = |at: usize| {
        at > 0 && !matches!(bytes[at - 1], b' ' | b'\n' | b'.' | b'?' | b'!' | b':' | b';')
    };
    TWO_SPACES.find_iter(bytes).any(inner_gap)
        || memchr::memchr3(b'|', b'=', b'>', bytes).is_some()
        || memchr::memchr_iter(0xe2, bytes).any(|at| drawing_lead(bytes.get(at + 1)))
}

/// The second byte of U+2500..U+259F (box drawing, block elements) in
/// UTF-8, whose first is `e2`.
fn drawing_lead(second: Option<&u8>) -> bool {
    second.is_some_and(|b| (0x94..=0x96).contains(b))
}

/// A line drawn rather than written: a box edge or row (`+---+`, `| a |`,
/// `label   |`), an arrow (`--->`, `<---`, a lone `^` or `v` among wide
/// gaps), a bar of one repeated mark (`|#####`), or a grammar rule
/// (`name = a / b`).
pub fn drawn_line(t: &str) -> bool {
    let bytes = t.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    if matches!(first, b'|' | b'+') && bytes.len() >= 2 {
        return true;
    }
    let gapped = || THREE_SPACES.find(bytes).is_some();
    let edge = || matches!(last, b'|' | b'+') && gapped();
    let head = || gapped() && t.split(' ').any(|w| matches!(w, "^" | "v" | "V"));
    // Arrows and rules need one of these bytes: most lines have none.
    let signs = memchr::memchr3(b'<', b'>', b'=', bytes).is_some();
    signs && (arrow(bytes) || grammar_rule(t)) || bar(bytes) || edge() || head()
}

/// `-->`, `<--`, `==>`: a shaft of two or more, then a head.
fn arrow(bytes: &[u8]) -> bool {
    let shaft = |b: u8| b == b'-' || b == b'=';
    bytes.windows(3).any(|w| {
        (shaft(w[0]) && shaft(w[1]) && w[2] == b'>') || (w[0] == b'<' && shaft(w[1]) && shaft(w[2]))
    })
}

/// Four or more of one mark in a row (`####`, `****`, `----`, `████`).
/// Most lines hold none of the marks, which two vector searches settle
/// before the bytes are walked.
fn bar(bytes: &[u8]) -> bool {
    let maybe = memchr::memchr3(b'#', b'*', b'=', bytes).is_some()
        || memchr::memchr3(b'-', b'_', b'~', bytes).is_some();
    if !maybe {
        return memchr::memchr(0xe2, bytes).is_some() && drawing_chars(bytes) >= 2;
    }
    let mark = |b: u8| matches!(b, b'#' | b'*' | b'=' | b'-' | b'_' | b'~');
    let (mut run, mut last) = (0, 0u8);
    for &b in bytes {
        run = if b == last { run + 1 } else { 1 };
        last = b;
        if run >= 4 && mark(b) {
            return true;
        }
    }
    drawing_chars(bytes) >= 2
}

/// How many box-drawing chars and block elements (U+2500..U+259F: `│`,
/// `┌`, `█`, `░`…) the line holds.
fn drawing_chars(bytes: &[u8]) -> usize {
    memchr::memchr_iter(0xe2, bytes).filter(|at| drawing_lead(bytes.get(at + 1))).count()
}

/// `name = alternatives`, `name ::= …`, `name =/ …`: a rule name (letters,
/// digits, `-` and `_`, starting with a letter), spaces, a defining sign.
fn grammar_rule(t: &str) -> bool {
    let name_len = t
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'<' | b'>'))
        .count();
    if name_len == 0 || !t.as_bytes()[0].is_ascii_alphabetic() && t.as_bytes()[0] != b'<' {
        return false;
    }
    let rest = &t[name_len..];
    let sign = rest.trim_start_matches(' ');
    rest.len() > sign.len()
        && ["= ", "=/ ", "::= ", ":= "].iter().any(|s| sign.starts_with(s))
        && sign.len() > 2
}

/// Half the lines (two at least) hold inner gaps of two or more spaces,
/// and some column starts at the same place on two of them: a table, a
/// trace, a list of options with their meanings.
fn aligned_columns(lines: &[&str]) -> bool {
    let starts: Vec<Vec<usize>> = lines.iter().map(|l| column_starts(l)).collect();
    let gapped = starts.iter().filter(|s| !s.is_empty()).count();
    if gapped < 2 || gapped * 2 < lines.len() {
        return false;
    }
    let mut seen: Vec<usize> = Vec::new();
    for line in &starts {
        if line.iter().any(|c| seen.contains(c)) {
            return true;
        }
        seen.extend(line);
    }
    false
}

/// Where the columns after inner gaps start, in chars. A gap after
/// sentence punctuation (`stop.  Next`, `Term:  meaning`) is a writer's
/// habit, not a column.
pub fn column_starts(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // Most lines have no gap past their indentation: no chars are counted.
    if !has_gap(ascii::trim(line).as_bytes()) {
        return out;
    }
    let chars: Vec<char> = line.trim_end().chars().collect();
    let first = chars.iter().position(|c| *c != ' ').unwrap_or(chars.len());
    let mut i = first;
    while i < chars.len() {
        if chars[i] != ' ' {
            i += 1;
            continue;
        }
        let from = i;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let before = chars[from - 1];
        if i - from >= 2 && i < chars.len() && !".?!:;".contains(before) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(text: &str) -> bool {
        let lines: Vec<&str> = text.lines().collect();
        is_figure(text, &lines)
    }

    #[test]
    fn boxes_arrows_and_bars_are_drawn() {
        assert!(figure("  +-----+     +-----+\n  | ask |---->| tell|\n  +-----+     +-----+"));
        assert!(figure("   client          server\n     |  hello  -->  |\n     |  <-- welcome  |"));
        assert!(figure("Mon |########   12\nTue |############ 18\nWed |#### 6"));
        assert!(figure("a --> b\nb --> c"), "arrows between single spaces");
        assert!(figure("Mon ▇▇▇▇▇▇\nTue ▇▇▇▇▇▇▇▇▇"));
        assert!(figure("        ^      confirm      |\n        +-------------------+"));
        assert!(figure("┌──────┐\n│ box  │\n└──────┘"));
        assert!(!figure("“Quoted,” she said — and left.\n“Again,” he said."));
    }

    #[test]
    fn grammar_rules_are_drawn() {
        assert!(figure("  pair   = key \"=\" value\n  key    = 1*ALPHA\n  value  = word / number"));
        assert!(figure("expr ::= term | expr '+' term\nterm ::= NUMBER"));
    }

    #[test]
    fn aligned_columns_are_a_figure() {
        assert!(figure("  Name     Size   Kind\n  alpha    12 kB  text\n  beta     3 MB   image"));
        assert!(figure(
            "   --fast       skip the checks\n   --slow       run every check\n   --quiet      say nothing"
        ));
    }

    #[test]
    fn prose_with_two_spaces_after_stops_is_not_a_figure() {
        let prose = "   The relay keeps one queue per peer.  When a peer goes quiet the\n   \
            queue is parked.  Nothing is dropped, and a peer that returns picks up\n   \
            where it stopped.  Operators see the parked queues in the status page.";
        assert!(!figure(prose));
        assert!(!figure("   Term:  the meaning of it, which runs on and\n      wraps here."));
        assert!(!figure("An ordinary line of text\nand another one that follows it."));
    }

    #[test]
    fn one_drawn_line_under_a_title_is_not_a_figure() {
        assert!(!figure("Introduction\n============"));
        assert!(!figure("We use a = b here,\nthen say more about it."));
    }
}
