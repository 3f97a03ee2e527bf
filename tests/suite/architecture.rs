//! The layering rules of docs/ARCHITECTURE.md, checked on the source tree:
//! no module circles (except among the pane state machine's own handlers),
//! a pure core that imports neither ratatui nor tokio, few loose files at
//! `src/`, and a crate module map that names every top-level module.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`model::text`) → its source, test modules cut off.
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(module_name(&path), without_tests(&text));
            }
        }
    }
    out
}

fn module_name(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap().with_extension("");
    let mut parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts.join("::")
}

/// Unit tests may reach anywhere; only the code itself is layered.
fn without_tests(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(cut) => &text[..cut],
        None => text,
    };
    code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Every `crate::`/`super::`/`self::` path in a module, with `use` groups
/// (`use crate::a::{b, c::d}`) expanded one level.
fn paths_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for start in ["crate::", "super::", "self::"] {
        let mut rest = flat.as_str();
        while let Some(i) = rest.find(start) {
            let before = rest[..i].chars().next_back();
            let tail = &rest[i..];
            rest = &tail[start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
            let head = tail[..end.unwrap_or(tail.len())].trim_end_matches(':').to_string();
            if tail[head.len()..].starts_with("::{") {
                let group = &tail[head.len() + 3..];
                let close = group.find('}').unwrap_or(group.len());
                for item in group[..close].split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if !item.is_empty() && item != "self" {
                        out.push(format!("{head}::{item}"));
                    }
                }
            }
            out.push(head);
        }
    }
    out
}

/// The module a path names: the longest known prefix.
fn resolve(from: &str, path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if from.is_empty() { Vec::new() } else { from.split("::").collect() };
    match parts.first() {
        Some(&"crate") => {
            base.clear();
            parts.remove(0);
        }
        _ => {
            while let Some(&p) = parts.first() {
                match p {
                    "super" => {
                        base.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                parts.remove(0);
            }
        }
    }
    base.extend(parts);
    (1..=base.len()).rev().map(|n| base[..n].join("::")).find(|m| known.contains_key(m))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in &mods {
        for path in paths_in(text) {
            let Some(to) = resolve(name, &path, &mods) else { continue };
            // A module may use its own parent (which declares it) freely.
            if to != *name && !name.starts_with(&format!("{to}::")) {
                edges.entry(name.clone()).or_default().insert(to);
            }
        }
    }
    edges
}

/// Strongly connected components with more than one module (Tarjan).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    self.low.entry(v).and_modify(|l| *l = (*l).min(lw));
                } else if self.stack.contains(&w.as_str()) {
                    let iw = self.index[w.as_str()];
                    self.low.entry(v).and_modify(|l| *l = (*l).min(iw));
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().rposition(|x| *x == v).unwrap();
                let comp: Vec<String> = self.stack.drain(at..).map(str::to_string).collect();
                if comp.len() > 1 {
                    self.found.push(comp);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn no_module_circles_outside_the_pane_state_machine() {
    let found: Vec<Vec<String>> = circles(&graph())
        .into_iter()
        .filter(|c| !c.iter().all(|m| m.starts_with("state::")))
        .collect();
    assert!(found.is_empty(), "module circles: {found:?}");
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("d".into()).or_default().insert("a".into());
    assert_eq!(circles(&edges).len(), 1);
    assert_eq!(circles(&edges)[0].len(), 3);
}

#[test]
fn use_groups_are_expanded() {
    let found = paths_in("use crate::model::{text, layout::wrap};\nuse super::Ctx;");
    assert!(found.contains(&"crate::model::text".to_string()), "{found:?}");
    assert!(found.contains(&"crate::model::layout".to_string()), "{found:?}");
    assert!(found.contains(&"super::Ctx".to_string()), "{found:?}");
}

#[test]
fn the_core_imports_neither_the_terminal_nor_the_runtime() {
    for (name, text) in modules() {
        let core = ["model", "state", "export"]
            .iter()
            .any(|m| name == *m || name.starts_with(&format!("{m}::")));
        if core {
            for shell in ["ratatui", "crossterm", "tokio"] {
                assert!(!text.contains(&format!("{shell}::")), "{name} uses {shell}");
            }
        }
    }
}

/// mimalloc v3's defaults raised the peak memory of a huge file's cold
/// load by 66 MB (see the allocator's comment in `src/lib.rs`);
/// only a build setting keeps the v2 line, so a version bump could drop it.
#[test]
fn the_allocator_is_mimallocs_v2_line() {
    let manifest = std::fs::read_to_string("Cargo.toml").unwrap();
    let line = manifest.lines().find(|l| l.starts_with("mimalloc ")).unwrap_or_default();
    assert!(line.contains("features = [\"v2\"]"), "{line}");
}

#[test]
fn few_loose_files_at_the_top_and_the_module_map_names_every_folder() {
    let mut loose = Vec::new();
    let mut folders = Vec::new();
    for entry in std::fs::read_dir("src").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            folders.push(name);
        } else if !matches!(name.as_str(), "lib" | "main") {
            loose.push(name);
        }
    }
    assert!(loose.len() <= 4, "loose files at src/: {loose:?}");
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    for m in folders.iter().chain(&loose) {
        assert!(lib.contains(&format!("[`{m}`]")), "the crate docs' module map lacks {m}");
    }
}
