//! Small text helpers for fitting strings into columns.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::layout::{grapheme_width, str_width};

/// Cuts `s` to at most `width` columns, ending in `…` when cut. Never
/// splits a grapheme.
pub fn fit(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` padded with spaces to exactly `width` columns (cut if longer).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let w = str_width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// Text with control characters removed, for titles from file names.
pub fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_columns_with_an_ellipsis() {
        assert_eq!(fit("hello", 10), "hello");
        assert_eq!(fit("hello world", 6), "hello…");
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(fit("abc", 0), "");
    }
}
