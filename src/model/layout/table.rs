//! Tables: columns sized from their content, shrunk proportionally when
//! too wide, and as a last resort one `header: value` line per cell.

use super::inline::flatten;
use super::wrap::{Frag, Mode, WLine, wrap};
use super::{Ctx, Prefix, Role, Span, SpanStyle, Writer};
use crate::model::document::{Align, Table};

const SEP: &str = " │ ";
const SEP_WIDTH: usize = 3;
/// Narrower columns than this are unreadable; below it the table is shown
/// as `header: value` lines instead.
const MIN_COL: usize = 4;

struct Cell {
    frags: Vec<Frag>,
    width: usize,
}

pub(super) fn table(w: &mut Writer, table: &Table, base: usize, ctx: Ctx) -> usize {
    let (rows, len) = cells(w, table, base, ctx);
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    if ncols == 0 {
        return len;
    }
    let natural: Vec<usize> = (0..ncols)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|cell| cell.width).max().unwrap_or(0))
        .map(|n| n.max(1))
        .collect();
    match fit(&natural, w.avail()) {
        Some(widths) => grid(w, table, &rows, &widths),
        None => fallback(w, table, &rows),
    }
    len
}

/// Flattens every cell with its canonical offset: rows are joined by "\n"
/// and cells by "\t". Returns the cells and the chars the table covers.
fn cells(w: &mut Writer, table: &Table, base: usize, ctx: Ctx) -> (Vec<Vec<Cell>>, usize) {
    let mut pos = base;
    let mut rows = Vec::with_capacity(table.rows.len());
    for (r, row) in table.rows.iter().enumerate() {
        if r > 0 {
            pos += 1;
        }
        let role = if r == 0 && table.has_header { Role::TableHeader } else { Role::TableCell };
        let style = SpanStyle { role, strong: role == Role::TableHeader, ..ctx.style };
        let mut cells = Vec::with_capacity(row.len());
        for (c, inlines) in row.iter().enumerate() {
            if c > 0 {
                pos += 1;
            }
            let (frags, n) = flatten(inlines, pos, style, &mut w.links);
            pos += n;
            let width = wrap(&frags, usize::MAX, Mode::Words).iter().map(|l| l.width).max();
            cells.push(Cell { frags, width: width.unwrap_or(0) });
        }
        rows.push(cells);
    }
    (rows, pos - base)
}

/// Column widths that fit `avail`, or `None` if even minimal ones do not.
fn fit(natural: &[usize], avail: usize) -> Option<Vec<usize>> {
    let seps = SEP_WIDTH * natural.len().saturating_sub(1);
    let total: usize = natural.iter().sum();
    if total + seps <= avail {
        return Some(natural.to_vec());
    }
    let content = avail.checked_sub(seps)?;
    let mins: Vec<usize> = natural.iter().map(|&n| n.min(MIN_COL)).collect();
    if mins.iter().sum::<usize>() > content {
        return None;
    }
    let mut widths: Vec<usize> =
        natural.iter().zip(&mins).map(|(&n, &m)| (n * content / total.max(1)).max(m)).collect();
    // Rounding and minimums may leave the sum off by a little: take from the
    // widest column that can give, give to the most squeezed one.
    while widths.iter().sum::<usize>() > content {
        let i = (0..widths.len()).filter(|&i| widths[i] > mins[i]).max_by_key(|&i| widths[i])?;
        widths[i] -= 1;
    }
    while widths.iter().sum::<usize>() < content {
        let Some(i) = (0..widths.len())
            .filter(|&i| widths[i] < natural[i])
            .max_by_key(|&i| natural[i] - widths[i])
        else {
            break;
        };
        widths[i] += 1;
    }
    Some(widths)
}

fn grid(w: &mut Writer, table: &Table, rows: &[Vec<Cell>], widths: &[usize]) {
    let sep_style = SpanStyle::of(Role::TableCell);
    for (r, row) in rows.iter().enumerate() {
        let wrapped: Vec<Vec<WLine>> = widths
            .iter()
            .enumerate()
            .map(|(c, &cw)| row.get(c).map(|cell| wrap(&cell.frags, cw, Mode::Words)))
            .map(Option::unwrap_or_default)
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..height {
            let mut spans = Vec::new();
            for (c, lines) in wrapped.iter().enumerate() {
                if c > 0 {
                    spans.push(Span::deco(SEP, sep_style));
                }
                let line = lines.get(k).cloned().unwrap_or_default();
                let align = table.align.get(c).copied().unwrap_or(Align::Left);
                let last = c + 1 == widths.len();
                pad_cell(&mut spans, line, widths[c], align, last, sep_style);
            }
            w.emit(spans);
        }
        if r == 0 && table.has_header {
            let rule: Vec<String> = widths.iter().map(|&cw| "─".repeat(cw)).collect();
            w.emit(vec![Span::deco(rule.join("─┼─"), SpanStyle::of(Role::TableHeader))]);
        }
    }
}

fn pad_cell(
    spans: &mut Vec<Span>,
    line: WLine,
    width: usize,
    align: Align,
    last: bool,
    style: SpanStyle,
) {
    let free = width.saturating_sub(line.width);
    let (left, right) = match align {
        Align::Left => (0, free),
        Align::Center => (free / 2, free - free / 2),
        Align::Right => (free, 0),
    };
    spans.push(Span::deco(" ".repeat(left), style));
    spans.extend(line.spans);
    if !last {
        spans.push(Span::deco(" ".repeat(right), style));
    }
}

/// One `header: value` line per cell, a blank line between rows. Headers
/// repeat here, so they are decoration; the values keep their offsets.
fn fallback(w: &mut Writer, table: &Table, rows: &[Vec<Cell>]) {
    let header_style = SpanStyle { strong: true, ..SpanStyle::of(Role::TableHeader) };
    let headers: Vec<String> = match (table.has_header, rows.first()) {
        (true, Some(first)) => first.iter().map(plain).collect(),
        _ => Vec::new(),
    };
    let skip = usize::from(table.has_header);
    for (r, row) in rows.iter().enumerate().skip(skip) {
        if r > skip {
            w.blank();
        }
        w.push_prefix(Prefix {
            first: None,
            rest: Span::deco("  ", header_style),
            on_blank: false,
        });
        for (c, cell) in row.iter().enumerate() {
            let label = headers.get(c).cloned().unwrap_or_else(|| format!("{}", c + 1));
            let mut frags = vec![Frag::deco(format!("{label}: "), header_style)];
            frags.extend(cell.frags.iter().cloned());
            let avail = w.avail();
            for (i, line) in wrap(&frags, avail, Mode::Words).into_iter().enumerate() {
                if i == 0 {
                    w.prefixes.last_mut().into_iter().for_each(|p| {
                        p.first = Some(Span::deco("", header_style));
                    });
                }
                w.emit_wrapped(line);
            }
        }
        w.pop_prefix();
    }
}

fn plain(cell: &Cell) -> String {
    let text: String = cell.frags.iter().map(|f| f.text.as_str()).collect();
    text.replace('\n', " ")
}
