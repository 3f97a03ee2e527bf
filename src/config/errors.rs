//! Config errors as one precise line: `<file>:<line>: <what> (did you mean
//! "<name>"?)`. toml reports a byte span; the spanned document tells which
//! key that span belongs to, and serde's messages list the valid names.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file, as the user would write it.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The closest candidate to a mistyped name, if any is close enough to be
/// a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// ` (did you mean "x"?)`, or nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates).map(|c| format!(" (did you mean {c:?}?)")).unwrap_or_default()
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A key of the document with where its name and its value are.
#[derive(Debug, Clone)]
struct Entry {
    path: String,
    key: Range<usize>,
    value: Range<usize>,
    kind: &'static str,
}

fn flatten(table: &DeTable, prefix: &str, out: &mut Vec<Entry>) {
    for (k, v) in table.iter() {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        out.push(Entry {
            path: path.clone(),
            key: k.span(),
            value: v.span(),
            kind: kind(v.get_ref()),
        });
        match v.get_ref() {
            DeValue::Table(t) => flatten(t, &path, out),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let DeValue::Table(t) = item.get_ref() {
                        flatten(t, &format!("{path}[{}]", i + 1), out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn kind(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// Turns errors into one-line messages for one config file.
pub struct Reporter<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Reporter<'_> {
    pub fn at(&self, span: Option<Range<usize>>, message: String) -> ConfigError {
        let line = span.map(|s| line_of(self.text, s.start));
        ConfigError { file: self.file.to_string(), line, message }
    }

    /// TOML that does not parse.
    pub fn syntax(&self, err: &toml::de::Error) -> ConfigError {
        self.at(err.span(), format!("invalid TOML: {}", err.message().trim_end()))
    }

    /// A serde error while reading the parsed document into the config.
    pub fn schema(&self, err: &toml::de::Error, doc: &DeTable) -> ConfigError {
        let mut entries = Vec::new();
        flatten(doc, "", &mut entries);
        let entry = err.span().and_then(|s| locate(&entries, s.start));
        let msg = err.message().trim_end();
        let message = translate(msg, entry);
        self.at(err.span(), message)
    }
}

/// The innermost key whose value holds `at`, or whose name does.
fn locate(entries: &[Entry], at: usize) -> Option<&Entry> {
    let in_value = entries
        .iter()
        .filter(|e| e.value.contains(&at) || e.value.start == at)
        .min_by_key(|e| e.value.len());
    in_value.or_else(|| entries.iter().find(|e| e.key.contains(&at)))
}

/// The names between backticks in a serde message.
fn ticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

fn translate(msg: &str, entry: Option<&Entry>) -> String {
    let path = entry.map(|e| e.path.as_str()).unwrap_or_default();
    let names = ticked(msg);
    let rest = names.get(1..).unwrap_or(&[]);
    if msg.starts_with("unknown field") {
        let name = names.first().copied().unwrap_or_default();
        let parent = path.rsplit_once('.').map(|(p, _)| p).unwrap_or_default();
        let within = if parent.is_empty() { String::new() } else { format!(" in [{parent}]") };
        return format!("unknown key {name:?}{within}{}", did_you_mean(name, rest.iter().copied()));
    }
    if msg.starts_with("unknown variant") {
        let value = names.first().copied().unwrap_or_default();
        let hint = match closest(value, rest.iter().copied()) {
            Some(c) => format!(" (did you mean {c:?}?)"),
            None => format!(" (expected one of {})", quoted(rest)),
        };
        return format!("{path}: unknown value {value:?}{hint}");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.rsplit_once(", expected ").unwrap_or(("", rest));
        let found = serde_kind(found).or(entry.map(|e| e.kind)).unwrap_or("something else");
        return format!("{path}: expected {}, found {found}", plain_type(expected));
    }
    if path.is_empty() { msg.to_string() } else { format!("{path}: {msg}") }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

/// What serde says it found (`integer \`3\``), in a config file's words.
fn serde_kind(found: &str) -> Option<&'static str> {
    let kinds = [
        ("string", "a string"),
        ("integer", "an integer"),
        ("floating point", "a number with a fraction"),
        ("boolean", "true or false"),
        ("sequence", "a list"),
        ("map", "a table"),
    ];
    kinds.iter().find(|(serde, _)| found.starts_with(serde)).map(|&(_, ours)| ours)
}

/// serde's type names in the words of a config file.
fn plain_type(expected: &str) -> &str {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => "an integer",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        e if e.starts_with("struct ") || e == "a map" => "a table",
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_only_for_likely_typos() {
        let names = ["reading_width", "justify", "theme"];
        assert_eq!(closest("readng_width", names), Some("reading_width"));
        assert_eq!(closest("justfy", names), Some("justify"));
        assert_eq!(closest("colour", names), None);
    }

    #[test]
    fn lines_count_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
