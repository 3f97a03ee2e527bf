//! Front matter: a YAML (`---`) or TOML (`+++`) block at the very start of a
//! Markdown file, as written by static-site generators and blog exporters,
//! or unfenced `Key: value` lines (Pelican, MultiMarkdown; see `keyvalue`).
//!
//! Only four facts are wanted (title, author, date, source), so YAML is read
//! by a small line parser instead of a YAML crate: flat `key: value` scalars,
//! quoted or not, and simple lists. Anything it does not understand is
//! skipped. A block that does not look like metadata at all is left in the
//! text, because `---` is also a thematic break; TOML that fails to parse is
//! dropped, because `+++` has no other meaning. Loading never fails here.

mod keyvalue;

use super::clean;

pub use crate::model::loader::Meta;

/// Keys accepted as the article's source, best first.
const SOURCE_KEYS: [&str; 4] = ["source", "url", "canonical_url", "link"];

/// Splits front matter off `text`: the metadata and the Markdown after it.
pub fn split(text: &str) -> (Meta, &str) {
    let first = text.split('\n').next().unwrap_or("").trim_end();
    let (closers, toml) = match first {
        "---" => (&["---", "..."][..], false),
        "+++" => (&["+++"][..], true),
        _ => return keyvalue::split(text),
    };
    let Some((inner, rest)) = closed_block(text, closers) else {
        return (Meta::default(), text);
    };
    if toml {
        let meta = toml::from_str::<toml::Table>(inner).map(|t| toml_meta(&t)).unwrap_or_default();
        return (meta, rest);
    }
    if !looks_like_yaml(inner) {
        return (Meta::default(), text);
    }
    (yaml_meta(&parse_yaml(inner)), rest)
}

/// Finds the closing delimiter line; returns the block between the
/// delimiters and the text after the closing line.
fn closed_block<'a>(text: &'a str, closers: &[&str]) -> Option<(&'a str, &'a str)> {
    let body = &text[text.find('\n')? + 1..];
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if closers.contains(&line.trim_end()) {
            return Some((&body[..offset], &body[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// YAML front matter is `key:` lines (or nothing); anything else
/// after a leading `---` is ordinary Markdown.
///
/// The shape: every line that starts at the margin is a `key: value` pair,
/// a list item or a comment; only indented lines may hold anything else
/// (continued values, nested maps). One prose line at the margin means the
/// `---` was a thematic break, and the block is text to read.
fn looks_like_yaml(inner: &str) -> bool {
    inner
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with([' ', '\t', '#']))
        .all(|l| l.starts_with("- ") || l == "-" || split_key(l).is_some())
}

/// A YAML value quire can use.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Scalar(String),
    List(Vec<String>),
}

impl Value {
    fn joined(&self) -> String {
        match self {
            Value::Scalar(s) => s.clone(),
            Value::List(items) => items.join(", "),
        }
    }
}

/// Top-level `key: value` pairs. Nested mappings are skipped, except that a
/// nested `name:` is taken as the value (`author:\n  name: Jane`).
fn parse_yaml(src: &str) -> Vec<(String, Value)> {
    let lines: Vec<&str> = src.lines().collect();
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        let Some((key, rest)) = split_key(line) else { continue };
        let rest = rest.trim();
        let value = if rest.is_empty() || is_block_scalar(rest) {
            let start = i;
            while i < lines.len() && is_continuation(lines[i]) {
                i += 1;
            }
            nested_value(&lines[start..i], rest.is_empty())
        } else if let Some(flow) = rest.strip_prefix('[') {
            Some(Value::List(flow_list(flow)))
        } else {
            Some(Value::Scalar(scalar(rest)))
        };
        if let Some(value) = value {
            pairs.push((key.to_ascii_lowercase(), value));
        }
    }
    pairs
}

/// `key: rest` where the key is a plain word and the colon ends it.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let (key, rest) = (&line[..colon], &line[colon + 1..]);
    let plain = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let ok = !key.is_empty()
        && key.chars().all(plain)
        && (rest.is_empty() || rest.starts_with([' ', '\t']));
    ok.then_some((key, rest))
}

fn is_block_scalar(rest: &str) -> bool {
    matches!(rest, "|" | ">" | "|-" | ">-" | "|+" | ">+")
}

fn is_continuation(line: &str) -> bool {
    line.trim().is_empty() || line.starts_with([' ', '\t', '-'])
}

/// The value of a key whose value is on the following lines: a block list,
/// a block scalar (folded into one line), or a nested `name:`.
fn nested_value(lines: &[&str], may_be_list: bool) -> Option<Value> {
    let items: Vec<String> = lines
        .iter()
        .filter_map(|l| l.trim().strip_prefix('-'))
        .map(|item| scalar(item.trim()))
        .filter(|item| !item.is_empty())
        .collect();
    if may_be_list && !items.is_empty() {
        return Some(Value::List(items));
    }
    if may_be_list {
        let name = lines.iter().filter_map(|l| split_key(l.trim())).find(|(k, _)| *k == "name");
        return name.map(|(_, v)| Value::Scalar(scalar(v.trim())));
    }
    let text: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
    Some(Value::Scalar(text.join(" ")))
}

/// Items of a flow list `a, "b, c"]`, the opening bracket already gone.
fn flow_list(flow: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for c in flow.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.push(c);
            }
            (None, ',' | ']') => {
                items.push(scalar(current.trim()));
                current.clear();
                if c == ']' {
                    break;
                }
            }
            (None, c) => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        items.push(scalar(current.trim()));
    }
    items.retain(|item| !item.is_empty());
    items
}

/// A scalar: double-quoted (with the common escapes), single-quoted (`''`
/// is a quote), or plain (a ` #` starts a comment).
fn scalar(raw: &str) -> String {
    if let Some(body) = raw.strip_prefix('"') {
        return double_quoted(body);
    }
    if let Some(body) = raw.strip_prefix('\'') {
        return single_quoted(body);
    }
    let plain = raw.find(" #").map_or(raw, |hash| &raw[..hash]);
    plain.trim().to_string()
}

fn double_quoted(body: &str) -> String {
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => break,
            },
            c => out.push(c),
        }
    }
    out
}

fn single_quoted(body: &str) -> String {
    let mut out = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() != Some(&'\'') {
                break;
            }
            chars.next();
        }
        out.push(c);
    }
    out
}

fn yaml_meta(pairs: &[(String, Value)]) -> Meta {
    meta_from(|key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.joined()))
}

fn toml_meta(table: &toml::Table) -> Meta {
    meta_from(|key| {
        let value = table.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)?;
        toml_string(value)
    })
}

fn toml_string(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Array(items) => {
            Some(items.iter().filter_map(toml_string).collect::<Vec<_>>().join(", "))
        }
        toml::Value::Table(table) => table.get("name").and_then(toml_string),
        other => Some(other.to_string()),
    }
}

/// Picks the fields from whichever syntax was used; values are cleaned of
/// control characters and folded onto one line, as they are shown in headers.
pub(super) fn meta_from(get: impl Fn(&str) -> Option<String>) -> Meta {
    let tidy = |value: Option<String>| {
        let value = clean(&value?);
        let folded = value.split_whitespace().collect::<Vec<_>>().join(" ");
        (!folded.is_empty()).then_some(folded)
    };
    Meta {
        title: tidy(get("title")),
        author: tidy(get("author")).or_else(|| tidy(get("authors"))),
        date: tidy(get("date")),
        source: SOURCE_KEYS.iter().find_map(|key| tidy(get(key))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fenced_block_with_prose_at_the_margin_is_text_not_metadata() {
        let text = "---\n\nTitle: Meta\n\nThe body paragraph runs on for a while.\n\n---\nMore";
        assert_eq!(split(text).1, text, "a break, a label line and prose stay readable");
        let yaml = "---\ntitle: T\ntags:\n- a\n- b\nsummary: >\n  folded prose\n---\nBody";
        assert_eq!(split(yaml).0.title.as_deref(), Some("T"));
        assert_eq!(split(yaml).1, "Body");
    }

    #[test]
    fn yaml_scalars_quoted_and_plain() {
        let text = "---\ntitle: \"Hello: \\\"world\\\"\"\nauthor: 'O''Brien' # x\ndate: 2024-05-01\n---\nBody";
        let (meta, rest) = split(text);
        assert_eq!(meta.title.as_deref(), Some("Hello: \"world\""));
        assert_eq!(meta.author.as_deref(), Some("O'Brien"));
        assert_eq!(meta.date.as_deref(), Some("2024-05-01"));
        assert_eq!(rest, "Body");
    }

    #[test]
    fn yaml_lists_and_source_aliases() {
        let flow = split("---\nauthors: [Ann, \"Bo, Jr\"]\nurl: https://x.test/a\n---\n").0;
        assert_eq!(flow.author.as_deref(), Some("Ann, Bo, Jr"));
        assert_eq!(flow.source.as_deref(), Some("https://x.test/a"));
        let block = split("---\nauthors:\n  - Ann\n  - Bo\nlink: l\nsource: s\n---\n").0;
        assert_eq!(block.author.as_deref(), Some("Ann, Bo"));
        assert_eq!(block.source.as_deref(), Some("s"));
    }

    #[test]
    fn yaml_nested_name_and_block_scalar() {
        let meta = split("---\nauthor:\n  name: Jane\ntitle: >\n  Two\n  lines\n---\n").0;
        assert_eq!(meta.author.as_deref(), Some("Jane"));
        assert_eq!(meta.title.as_deref(), Some("Two lines"));
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"T\"\nauthors = [\"A\", \"B\"]\ndate = 2024-01-02\n+++\nrest";
        let (meta, rest) = split(text);
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.author.as_deref(), Some("A, B"));
        assert_eq!(meta.date.as_deref(), Some("2024-01-02"));
        assert_eq!(rest, "rest");
    }

    #[test]
    fn malformed_toml_is_dropped_and_unclosed_blocks_stay_text() {
        assert_eq!(split("+++\ntitle = = \n+++\nrest"), (Meta::default(), "rest"));
        assert_eq!(split("---\ntitle: x\nno end"), (Meta::default(), "---\ntitle: x\nno end"));
        assert_eq!(split("+++"), (Meta::default(), "+++"));
        assert_eq!(split("--- \ntitle: x\n---  \nrest").0.title.as_deref(), Some("x"));
    }

    #[test]
    fn a_rule_and_setext_heading_is_not_front_matter() {
        let text = "---\nJust a paragraph.\n---\nMore";
        assert_eq!(split(text), (Meta::default(), text));
    }

    #[test]
    fn control_characters_in_values_are_removed() {
        let meta = split("+++\ntitle = \"a\\u001b[31mb\"\n+++\n").0;
        assert_eq!(meta.title.as_deref(), Some("a[31mb"));
    }
}
