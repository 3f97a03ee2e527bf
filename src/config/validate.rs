//! Checks serde cannot express: names inside maps, uniqueness, ranges and
//! key conflicts. Each problem carries the span of the key it is about.

use std::ops::Range;

use serde::{Deserialize, Deserializer, de};

use super::errors::{closest, did_you_mean};
use super::schema::{KeysConfig, THEME_ELEMENTS};
use super::{Config, MAX_READING_WIDTH, MIN_READING_WIDTH};
use crate::keymap::{Context, Rebind, RemapError, command_name, valid_actions};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Option<Range<usize>>,
    pub message: String,
}

fn problem(span: Range<usize>, message: String) -> Problem {
    Problem { span: Some(span), message }
}

/// `reading_width`, within its range.
pub fn reading_width<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let n = i64::deserialize(d)?;
    u16::try_from(n)
        .ok()
        .filter(|w| (MIN_READING_WIDTH..=MAX_READING_WIDTH).contains(w))
        .ok_or_else(|| {
            de::Error::custom(format!(
                "must be between {MIN_READING_WIDTH} and {MAX_READING_WIDTH}, found {n}"
            ))
        })
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

pub fn check(config: &Config) -> Result<(), Problem> {
    theme_elements(config)?;
    highlights(config)?;
    config.keymap().map(|_| ()).map_err(remap_problem)
}

fn theme_elements(config: &Config) -> Result<(), Problem> {
    for name in config.theme.colors.keys() {
        if !THEME_ELEMENTS.contains(&name.get_ref().as_str()) {
            let hint = did_you_mean(name.get_ref(), THEME_ELEMENTS);
            let message = format!("unknown key {:?} in [theme.colors]{hint}", name.get_ref());
            return Err(problem(name.span(), message));
        }
    }
    Ok(())
}

fn highlights(config: &Config) -> Result<(), Problem> {
    let colors = &config.highlights.colors;
    if colors.is_empty() {
        let message = "highlights.colors: needs at least one colour".to_string();
        return Err(Problem { span: None, message });
    }
    for (i, c) in colors.iter().enumerate() {
        let name = c.name.get_ref();
        if name.trim().is_empty() {
            return Err(problem(
                c.name.span(),
                format!("highlights.colors[{}]: empty name", i + 1),
            ));
        }
        if colors[..i].iter().any(|o| o.name.get_ref().eq_ignore_ascii_case(name)) {
            let message = format!("highlights.colors[{}]: the name {name:?} is used twice", i + 1);
            return Err(problem(c.name.span(), message));
        }
    }
    Ok(())
}

/// The `[keys.*]` tables as remaps for the keymap.
pub fn rebinds(keys: &KeysConfig) -> Vec<(Context, Vec<Rebind>)> {
    Context::ALL
        .into_iter()
        .map(|ctx| {
            let table = keys.table(ctx).iter();
            let mut rebinds: Vec<Rebind> = table
                .map(|(action, list)| Rebind {
                    action: action.get_ref().clone(),
                    keys: list.0.clone(),
                    span: action.span(),
                })
                .collect();
            // File order, so a conflict blames the later line.
            rebinds.sort_by_key(|r| r.span.start);
            (ctx, rebinds)
        })
        .collect()
}

fn remap_problem(e: RemapError) -> Problem {
    let names = |ctx: Context| valid_actions(ctx).into_iter().map(command_name).collect::<Vec<_>>();
    match e {
        RemapError::UnknownAction { context, name, span } => {
            let hint = did_you_mean(&name, names(context));
            let table = context.config_name();
            problem(span, format!("unknown action {name:?} in [keys.{table}]{hint}"))
        }
        RemapError::NotInContext { context, name, span } => {
            let hint = closest(&name, names(context))
                .map(|c| format!(" (did you mean {c:?}?)"))
                .unwrap_or_default();
            let table = context.config_name();
            problem(span, format!("action {name:?} does nothing in [keys.{table}]{hint}"))
        }
        RemapError::Conflict { context, key, first, second, span } => {
            let (a, b, table) = (command_name(first), command_name(second), context.config_name());
            let key = key.notation();
            problem(span, format!("key {key:?} is bound to both {a:?} and {b:?} in [keys.{table}]"))
        }
    }
}
