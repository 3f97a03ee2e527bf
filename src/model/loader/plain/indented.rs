//! Indented blocks laid out by hand (a query plan, a tree, an aligned
//! listing) stay line for line. Indentation alone does not say so, since
//! whole articles are sometimes indented; a layout does: every line
//! indented, the indent stepping between lines, and gaps of two spaces or
//! more inside the lines.

/// Columns of leading whitespace (a tab counts four).
fn indent(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// A gap of two spaces or more between words, not after a sentence's end
/// (some writers put two spaces after a full stop).
fn inner_gap(line: &str) -> bool {
    let t = line.trim();
    let bytes = t.as_bytes();
    memchr::memmem::find_iter(bytes, b"  ")
        .any(|at| at > 0 && !matches!(bytes[at - 1], b'.' | b'?' | b'!' | b':' | b' '))
}

/// Is this chunk a hand-laid block: two or more lines, all indented by two
/// columns or more, the indent changing from line to line by two or more,
/// and half the lines holding a gap inside? The first byte of the first
/// line settles ordinary paragraphs.
pub fn laid_out(lines: &[&str]) -> bool {
    if lines.len() < 2 || !lines[0].starts_with([' ', '\t']) {
        return false;
    }
    let indents: Vec<usize> = lines.iter().map(|l| indent(l)).collect();
    let (least, most) = indents.iter().fold((usize::MAX, 0), |(lo, hi), &i| (lo.min(i), hi.max(i)));
    let gapped = lines.iter().filter(|l| inner_gap(l)).count();
    least >= 2 && most >= least + 2 && gapped * 2 >= lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_plan_is_laid_out() {
        let plan = [
            "    Sort  (cost=9)",
            "      ->  Merge Join  (cost=8)",
            "            ->  Scan on users  (cost=3)",
        ];
        assert!(laid_out(&plan));
    }

    #[test]
    fn indented_prose_is_not() {
        let prose = ["    The whole article is indented by four", "    spaces and wraps like so."];
        assert!(!laid_out(&prose));
        let first_line =
            ["      A paragraph whose first line.  Is indented more", "  than the rest."];
        assert!(!laid_out(&first_line), "two spaces after a stop are not a layout");
        assert!(!laid_out(&["Not indented  at all", "  at  the  start"]));
    }
}
