//! The effective keymap: the defaults with a config file's remaps applied.
//!
//! A remap replaces all of an action's keys in one context (an empty list
//! unbinds it). A key the user binds is taken away from whatever default
//! action held it, so `page_down = ["j"]` works without also rebinding
//! `down`; two remaps claiming the same key are a conflict.

use std::collections::HashMap;
use std::ops::Range;

use super::names::{all_commands, command_by_name, command_name};
use super::{Binding, Command, Context, DEFAULT_KEYS, Key, Keymap};

/// One `action = [keys]` line of a `[keys.<context>]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebind {
    pub action: String,
    pub keys: Vec<Key>,
    /// Where the line is in the config file, for error messages.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemapError {
    /// Not a command name at all.
    UnknownAction { context: Context, name: String, span: Range<usize> },
    /// A command that means nothing in this context.
    NotInContext { context: Context, name: String, span: Range<usize> },
    /// Two remaps in one context claim the same key.
    Conflict { context: Context, key: Key, first: Command, second: Command, span: Range<usize> },
}

/// The commands a context may bind: its own defaults plus the global ones,
/// which work everywhere.
pub fn valid_actions(context: Context) -> Vec<Command> {
    all_commands()
        .filter(|&c| {
            DEFAULT_KEYS
                .iter()
                .any(|&(ctx, _, cmd, _)| cmd == c && (ctx == context || ctx == Context::Global))
        })
        .collect()
}

impl Keymap {
    /// The defaults with `remaps` applied, per context.
    pub fn with_remaps(remaps: &[(Context, Vec<Rebind>)]) -> Result<Keymap, RemapError> {
        let defaults = Keymap::default_keys();
        let mut bindings = Vec::new();
        for context in Context::ALL {
            let own: Vec<&Binding> = defaults.bindings.iter().filter(|b| b.0 == context).collect();
            let rebinds = remaps.iter().filter(|(c, _)| *c == context).flat_map(|(_, r)| r);
            let explicit = resolve(context, rebinds)?;
            bindings.extend(merge(context, &own, &explicit));
        }
        Ok(Keymap { bindings })
    }
}

/// Checks names and conflicts; returns each remapped command with its keys.
fn resolve<'a>(
    context: Context,
    rebinds: impl Iterator<Item = &'a Rebind>,
) -> Result<Vec<(Command, Vec<Key>)>, RemapError> {
    let valid = valid_actions(context);
    let mut owner: HashMap<Key, Command> = HashMap::new();
    let mut out: Vec<(Command, Vec<Key>)> = Vec::new();
    for r in rebinds {
        let span = r.span.clone();
        let name = r.action.clone();
        let Some(command) = command_by_name(&r.action) else {
            return Err(RemapError::UnknownAction { context, name, span });
        };
        if !valid.contains(&command) {
            return Err(RemapError::NotInContext { context, name, span });
        }
        let mut keys = Vec::new();
        for &key in &r.keys {
            match owner.insert(key, command) {
                Some(first) if first != command => {
                    return Err(RemapError::Conflict {
                        context,
                        key,
                        first,
                        second: command,
                        span,
                    });
                }
                Some(_) => {}
                None => keys.push(key),
            }
        }
        out.push((command, keys));
    }
    Ok(out)
}

/// Remapped commands take the place of their first default binding, so
/// help keeps its order; unremapped defaults lose keys claimed by remaps.
fn merge(context: Context, own: &[&Binding], explicit: &[(Command, Vec<Key>)]) -> Vec<Binding> {
    let claimed = |k: &Key| explicit.iter().any(|(_, keys)| keys.contains(k));
    let mut placed: Vec<Command> = Vec::new();
    let mut out = Vec::new();
    let mut place = |out: &mut Vec<Binding>, command: Command| {
        if placed.contains(&command) {
            return;
        }
        placed.push(command);
        let keys = explicit.iter().find(|(c, _)| *c == command).map(|e| &e.1);
        let desc = description(context, command);
        out.extend(keys.into_iter().flatten().map(|&k| (context, k, command, desc.clone())));
    };
    for b in own {
        if explicit.iter().any(|(c, _)| *c == b.2) {
            place(&mut out, b.2);
        } else if !claimed(&b.1) {
            out.push((*b).clone());
        }
    }
    for (command, _) in explicit {
        place(&mut out, *command);
    }
    out
}

/// The help text for a command: its default one in this context, else in
/// any context (global first), else its name.
fn description(context: Context, command: Command) -> String {
    let find = |ctx: Option<Context>| {
        DEFAULT_KEYS
            .iter()
            .find(|&&(c, _, cmd, _)| cmd == command && ctx.is_none_or(|ctx| ctx == c))
            .map(|&(.., desc)| desc.to_string())
    };
    find(Some(context))
        .or_else(|| find(Some(Context::Global)))
        .or_else(|| find(None))
        .unwrap_or_else(|| command_name(command).replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebind(action: &str, keys: &[&str]) -> Rebind {
        let keys = keys.iter().map(|k| Key::parse(k).unwrap()).collect();
        Rebind { action: action.into(), keys, span: 0..0 }
    }

    #[test]
    fn no_remaps_is_the_default_keymap() {
        assert_eq!(Keymap::with_remaps(&[]), Ok(Keymap::default_keys()));
    }

    #[test]
    fn a_remap_replaces_the_keys_and_steals_from_defaults() {
        let map = Keymap::with_remaps(&[(Context::Reader, vec![rebind("page_down", &["j", "x"])])])
            .unwrap();
        let r = Context::Reader;
        assert_eq!(map.lookup(r, Key::char('j')), Some(Command::PageDown));
        assert_eq!(map.lookup(r, Key::char('x')), Some(Command::PageDown));
        assert_eq!(map.lookup(r, Key::char(' ')), None);
        assert_eq!(map.lookup(r, Key::ctrl('f')), None);
        assert_eq!(map.lookup(r, Key::char('k')), Some(Command::Up));
        // `j` still moves down in the list.
        assert_eq!(map.lookup(Context::List, Key::char('j')), Some(Command::Down));
    }

    #[test]
    fn an_empty_list_unbinds() {
        let map = Keymap::with_remaps(&[(Context::Global, vec![rebind("help", &[])])]).unwrap();
        assert_eq!(map.lookup(Context::List, Key::char('?')), None);
        let help = map.help();
        assert!(help[0].entries.iter().all(|e| e.command != Command::Help));
    }

    #[test]
    fn global_commands_may_be_bound_in_a_context_with_their_description() {
        let map = Keymap::with_remaps(&[(Context::Reader, vec![rebind("quit", &["x"])])]).unwrap();
        assert_eq!(map.lookup(Context::Reader, Key::char('x')), Some(Command::Quit));
        let reader = map.help().into_iter().find(|s| s.title == "Reader").unwrap();
        assert_eq!(reader.entries.last().unwrap().description, "quit");
    }

    #[test]
    fn errors_name_the_problem() {
        let err = |remaps: Vec<(Context, Vec<Rebind>)>| Keymap::with_remaps(&remaps).unwrap_err();
        assert!(matches!(
            err(vec![(Context::Reader, vec![rebind("pagedown", &["x"])])]),
            RemapError::UnknownAction { name, .. } if name == "pagedown"
        ));
        assert!(matches!(
            err(vec![(Context::Reader, vec![rebind("toggle_fold", &["x"])])]),
            RemapError::NotInContext { .. }
        ));
        let conflict = vec![(Context::Reader, vec![rebind("down", &["x"]), rebind("up", &["x"])])];
        assert_eq!(
            err(conflict),
            RemapError::Conflict {
                context: Context::Reader,
                key: Key::char('x'),
                first: Command::Down,
                second: Command::Up,
                span: 0..0
            }
        );
    }
}
