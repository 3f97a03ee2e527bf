//! The doctype as the HTML tokenizer reads it, for [`super::tokens`]:
//! a name, and public and system identifiers in their usual form. Any
//! other shape is left to html5ever's tokenizer.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::Doctype;

use super::whitespace::is_html_space as is_space;

/// The doctype after `<!doctype` (up to its `>`): a name, and public and
/// system identifiers when given in the usual form.
pub fn doctype(text: &str) -> Option<Doctype> {
    let mut words = Words(text);
    let name = words.bare()?.to_ascii_lowercase();
    let (mut public_id, mut system_id) = (None, None);
    match words.bare().map(str::to_ascii_uppercase).as_deref() {
        None => {}
        Some("PUBLIC") => {
            public_id = Some(words.quoted()?);
            system_id = words.quoted();
        }
        Some("SYSTEM") => system_id = Some(words.quoted()?),
        Some(_) => return None,
    }
    if !words.0.trim_matches(|c: char| c.is_ascii() && is_space(c as u8)).is_empty() {
        return None;
    }
    Some(Doctype {
        name: Some(StrTendril::from(name)),
        public_id: public_id.map(StrTendril::from),
        system_id: system_id.map(StrTendril::from),
        force_quirks: false,
    })
}

/// The words of a doctype, read from the front.
struct Words<'a>(&'a str);

impl<'a> Words<'a> {
    fn skip_space(&mut self) {
        self.0 = self.0.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    }

    fn bare(&mut self) -> Option<&'a str> {
        self.skip_space();
        let end = self.0.bytes().position(|b| is_space(b) || b == b'"' || b == b'\'');
        let (word, rest) = self.0.split_at(end.unwrap_or(self.0.len()));
        self.0 = rest;
        (!word.is_empty()).then_some(word)
    }

    fn quoted(&mut self) -> Option<&'a str> {
        self.skip_space();
        let quote = self.0.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let rest = &self.0[1..];
        let end = rest.find(quote)?;
        self.0 = &rest[end + 1..];
        Some(&rest[..end])
    }
}
