//! The parts of [`Config`](super::Config) below the top level, as serde
//! reads them. Tables reject unknown keys; values with rules of their own
//! (colours, keys) check them while being read, so errors carry a span.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::color::Color;
use crate::keymap::{Context, DEFAULT_KEYS, Key, command_name};

/// `[theme]`: a built-in theme and per-element colour overrides. Also
/// accepted as just the name: `theme = "light"`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThemeConfig {
    pub name: ThemeName,
    /// Element name (see [`THEME_ELEMENTS`]) → colours; checked after
    /// reading so an unknown name gets a suggestion.
    pub colors: BTreeMap<Spanned<String>, ColorSpec>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ThemeTable {
    name: ThemeName,
    colors: BTreeMap<Spanned<String>, ColorSpec>,
}

impl<'de> Deserialize<'de> for ThemeConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ThemeConfig, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ThemeConfig;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a theme name or a table")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ThemeConfig, E> {
                let name = ThemeName::deserialize(de::value::StrDeserializer::<E>::new(v))?;
                Ok(ThemeConfig { name, colors: BTreeMap::new() })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ThemeConfig, A::Error> {
                let t = ThemeTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ThemeConfig { name: t.name, colors: t.colors })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
}

/// The elements a theme styles; `[theme.colors]` keys.
pub const THEME_ELEMENTS: [&str; 20] = [
    "text",
    "dim",
    "title",
    "heading",
    "quote",
    "pull_quote",
    "code",
    "inline_code",
    "table_header",
    "table",
    "marker",
    "footnote",
    "link",
    "link_marker",
    "find",
    "find_current",
    "selected",
    "status",
    "notice",
    "border",
];

/// An element's colours: `"#ffaf00"` sets the foreground, a table
/// `{ fg = "...", bg = "..." }` either or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColorSpec {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FgBg {
    fg: Option<Color>,
    bg: Option<Color>,
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ColorSpec, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ColorSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a colour or a table { fg = ..., bg = ... }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ColorSpec, E> {
                Ok(ColorSpec { fg: Some(Color::parse(v).map_err(E::custom)?), bg: None })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ColorSpec, A::Error> {
                let t = FgBg::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ColorSpec { fg: t.fg, bg: t.bg })
            }
        }
        d.deserialize_any(V)
    }
}

/// `[highlights]`: the colours highlights can take, by name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Highlights {
    pub colors: Vec<HighlightColor>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighlightColor {
    pub name: Spanned<String>,
    pub color: Color,
}

impl Default for Highlights {
    fn default() -> Highlights {
        let colors = [
            ("yellow", (0xf5, 0xd7, 0x6e)),
            ("green", (0x9b, 0xe3, 0x9b)),
            ("blue", (0x8e, 0xc5, 0xff)),
            ("pink", (0xf7, 0xa8, 0xc8)),
            ("purple", (0xc3, 0xa6, 0xff)),
        ];
        let colors = colors
            .into_iter()
            .map(|(name, (r, g, b))| HighlightColor {
                name: Spanned::new(0..0, name.to_string()),
                color: Color::Rgb(r, g, b),
            })
            .collect();
        Highlights { colors }
    }
}

/// `[search]`: options for library search and find in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchOptions {
    pub diacritics: Diacritics,
    /// A query with no capital letter ignores case; one with a capital
    /// matches case exactly. Off: case never matters.
    pub smart_case: bool,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions { diacritics: Diacritics::Insensitive, smart_case: true }
    }
}

/// `[store]`: how the bookmark store keeps what the reader leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// Days a deletion's tombstone is kept, so a synced older copy of a
    /// record cannot bring back what was deleted.
    #[serde(deserialize_with = "tombstone_days")]
    pub tombstone_days: u32,
}

impl Default for StoreConfig {
    fn default() -> StoreConfig {
        StoreConfig { tombstone_days: crate::store::DEFAULT_TOMBSTONE_DAYS }
    }
}

/// The longest `[store] tombstone_days` taken: a century.
pub const MAX_TOMBSTONE_DAYS: u32 = 36_500;

/// `[store] tombstone_days`: at least a day, since a tombstone dropped at
/// once could not stop another instance's copy reviving the record.
pub fn tombstone_days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = i64::deserialize(d)?;
    u32::try_from(n).ok().filter(|days| (1..=MAX_TOMBSTONE_DAYS).contains(days)).ok_or_else(|| {
        de::Error::custom(format!("must be between 1 and {MAX_TOMBSTONE_DAYS}, found {n}"))
    })
}

impl StoreConfig {
    /// What [`crate::store::Store::open_with_options`] takes.
    pub fn options(&self) -> crate::store::StoreOptions {
        crate::store::StoreOptions { tombstone_days: self.tombstone_days }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Diacritics {
    /// `cafe` finds `café`.
    #[default]
    Insensitive,
    Sensitive,
}

/// One context's remaps: action name → keys.
pub type KeyTable = BTreeMap<Spanned<String>, KeyList>;

/// `[keys.<context>]` tables. Absent tables keep the defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeysConfig {
    pub global: KeyTable,
    pub list: KeyTable,
    pub reader: KeyTable,
    pub search: KeyTable,
    pub overlay: KeyTable,
    pub visual: KeyTable,
    pub highlights: KeyTable,
}

impl KeysConfig {
    pub fn table(&self, context: Context) -> &KeyTable {
        match context {
            Context::Global => &self.global,
            Context::List => &self.list,
            Context::Reader => &self.reader,
            Context::Search => &self.search,
            Context::Overlay => &self.overlay,
            Context::Visual => &self.visual,
            Context::Highlights => &self.highlights,
        }
    }

    fn table_mut(&mut self, context: Context) -> &mut KeyTable {
        match context {
            Context::Global => &mut self.global,
            Context::List => &mut self.list,
            Context::Reader => &mut self.reader,
            Context::Search => &mut self.search,
            Context::Overlay => &mut self.overlay,
            Context::Visual => &mut self.visual,
            Context::Highlights => &mut self.highlights,
        }
    }
}

impl Default for KeysConfig {
    /// Every default binding, written out as a config file would.
    fn default() -> KeysConfig {
        let mut keys = KeysConfig {
            global: KeyTable::new(),
            list: KeyTable::new(),
            reader: KeyTable::new(),
            search: KeyTable::new(),
            overlay: KeyTable::new(),
            visual: KeyTable::new(),
            highlights: KeyTable::new(),
        };
        for &(ctx, notation, command, _) in DEFAULT_KEYS {
            let Ok(key) = Key::parse(notation) else { continue };
            let name = Spanned::new(0..0, command_name(command).to_string());
            keys.table_mut(ctx).entry(name).or_default().0.push(key);
        }
        keys
    }
}

/// An action's keys: `"ctrl-d"`, `["j", "down"]`, or `[]` / `"none"` to
/// unbind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyList(pub Vec<Key>);

fn parse_key<E: de::Error>(notation: &str) -> Result<Key, E> {
    Key::parse(notation).map_err(|_| {
        E::custom(format!(
            "invalid key {notation:?}: write keys like \"j\", \"G\", \"ctrl-d\", \"space\", \
             \"PgDn\", \"enter\""
        ))
    })
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyList, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key or a list of keys")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyList, E> {
                if v == "none" {
                    return Ok(KeyList(Vec::new()));
                }
                Ok(KeyList(vec![parse_key(v)?]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(n) = seq.next_element::<String>()? {
                    keys.push(parse_key(&n)?);
                }
                Ok(KeyList(keys))
            }
        }
        d.deserialize_any(V)
    }
}
