//! Strict readers of the Kindle clippings and Readwise CSV exports,
//! written from the formats as the README states them, not from the code.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

/// One Kindle clipping as the file states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    pub heading: String,
    pub note: bool,
    pub first: usize,
    pub last: usize,
    /// Unix seconds, read back from the `Added on` text.
    pub added: i64,
    pub text: String,
}

const WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days since 1970-01-01 of a civil date (Hinnant's `days_from_civil`, the
/// inverse of what the export uses, so the two check each other).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn number(s: &str) -> Result<i64, String> {
    let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
    ok.then(|| s.parse().unwrap()).ok_or_else(|| format!("not a number: {s:?}"))
}

/// `Wednesday, December 2, 2026 3:04:05 PM` → Unix seconds, checking the
/// weekday against the date.
fn added_on(s: &str) -> Result<i64, String> {
    let (weekday, rest) = s.split_once(", ").ok_or("no weekday")?;
    let (month, rest) = rest.split_once(' ').ok_or("no month")?;
    let (day, rest) = rest.split_once(", ").ok_or("no day")?;
    let (year, rest) = rest.split_once(' ').ok_or("no year")?;
    let (clock, half) = rest.split_once(' ').ok_or("no AM/PM")?;
    let parts: Vec<&str> = clock.split(':').collect();
    let [h, m, sec] = parts[..] else { return Err(format!("bad time {clock:?}")) };
    if m.len() != 2 || sec.len() != 2 || year.len() != 4 {
        return Err(format!("bad widths in {s:?}"));
    }
    let month = MONTHS.iter().position(|&x| x == month).ok_or("bad month")? as i64 + 1;
    let days = days_from_civil(year.parse().unwrap(), month, number(day)?);
    let expected_weekday = WEEKDAYS[(days + 3).rem_euclid(7) as usize];
    if weekday != expected_weekday {
        return Err(format!("{weekday} is not {expected_weekday}"));
    }
    let h12 = number(h)?;
    if !(1..=12).contains(&h12) {
        return Err(format!("hour {h12}"));
    }
    let hour = match half {
        "AM" => h12 % 12,
        "PM" => h12 % 12 + 12,
        _ => return Err(format!("bad half {half:?}")),
    };
    let (m, sec): (i64, i64) = (m.parse().unwrap(), sec.parse().unwrap());
    if m > 59 || sec > 59 {
        return Err("minutes or seconds out of range".into());
    }
    Ok(days * 86_400 + hour * 3600 + m * 60 + sec)
}

/// A strict reader of `My Clippings.txt`: BOM, CRLF only, the two header
/// lines, a blank line, text lines, ten `=`; a text line of more than ten
/// `=` loses one.
pub fn parse_kindle(out: &str) -> Result<Vec<Clip>, String> {
    let body = out.strip_prefix('\u{feff}').ok_or("no byte-order mark")?;
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let body = body.strip_suffix("\r\n").ok_or("no final CRLF")?;
    let lines: Vec<&str> = body.split("\r\n").collect();
    if let Some(bad) = lines.iter().find(|l| l.contains('\n')) {
        return Err(format!("a bare LF in {bad:?}"));
    }
    let mut clips = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let heading = lines[i].to_string();
        let meta = lines.get(i + 1).ok_or("no meta line")?;
        if lines.get(i + 2) != Some(&"") {
            return Err(format!("no blank line after {meta:?}"));
        }
        let (kind, when) = meta.split_once(" | Added on ").ok_or("no Added on")?;
        let (note, first, last) = if let Some(loc) = kind.strip_prefix("- Your Note on Location ") {
            let n = number(loc)? as usize;
            (true, n, n)
        } else {
            let loc = kind.strip_prefix("- Your Highlight on Location ").ok_or("bad meta")?;
            let (a, b) = loc.split_once('-').ok_or("no range")?;
            (false, number(a)? as usize, number(b)? as usize)
        };
        if first > last {
            return Err(format!("location {first}-{last}"));
        }
        let mut text = Vec::new();
        i += 3;
        loop {
            let line = *lines.get(i).ok_or("no separator")?;
            i += 1;
            if line == "==========" {
                break;
            }
            let stuffed = line.len() > 10 && line.bytes().all(|b| b == b'=');
            text.push(if stuffed { &line[1..] } else { line });
        }
        clips.push(Clip {
            heading,
            note,
            first,
            last,
            added: added_on(when)?,
            text: text.join("\n"),
        });
    }
    Ok(clips)
}

/// A strict RFC 4180 reader: CRLF after every record, quotes only around
/// whole fields, `""` for a quote inside one.
pub fn parse_csv(out: &str) -> Result<Vec<Vec<String>>, String> {
    let chars: Vec<char> = out.chars().collect();
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '"' {
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err("unterminated quote".into()),
                    Some('"') if chars.get(i + 1) == Some(&'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        field.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&c) = chars.get(i).filter(|c| !matches!(c, ',' | '\r' | '\n')) {
                if c == '"' {
                    return Err(format!("a quote inside unquoted {field:?}"));
                }
                field.push(c);
                i += 1;
            }
        }
        match (chars.get(i), chars.get(i + 1)) {
            (Some(','), _) => i += 1,
            (Some('\r'), Some('\n')) => {
                i += 2;
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                continue;
            }
            other => return Err(format!("after {field:?}: {other:?}")),
        }
        row.push(std::mem::take(&mut field));
    }
    if !row.is_empty() || !field.is_empty() {
        return Err("no final CRLF".into());
    }
    Ok(rows)
}

/// A Readwise row, checked field by field.
#[derive(Debug, PartialEq)]
pub struct Row {
    pub highlight: String,
    pub title: String,
    pub author: String,
    pub url: String,
    pub note: String,
    pub location: usize,
    pub date: String,
}

pub fn parse_readwise(out: &str) -> Result<Vec<Row>, String> {
    let rows = parse_csv(out)?;
    let (header, rows) = rows.split_first().ok_or("no header")?;
    if header.join(",") != "Highlight,Title,Author,URL,Note,Location,Date" {
        return Err(format!("header {header:?}"));
    }
    rows.iter()
        .map(|r| {
            let [h, t, a, u, n, l, d] = &r[..] else { return Err(format!("{} fields", r.len())) };
            let shape = d.len() == 19
                && d.char_indices().all(|(k, c)| match k {
                    4 | 7 => c == '-',
                    10 => c == ' ',
                    13 | 16 => c == ':',
                    _ => c.is_ascii_digit(),
                });
            if !shape {
                return Err(format!("date {d:?}"));
            }
            Ok(Row {
                highlight: h.clone(),
                title: t.clone(),
                author: a.clone(),
                url: u.clone(),
                note: n.clone(),
                location: number(l)? as usize,
                date: d.clone(),
            })
        })
        .collect()
}
