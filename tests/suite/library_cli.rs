//! `quire add/remove/library/cache` and the catalogue seen from the
//! command line: every run in its own temp home, so no user library,
//! config or cache is in reach.
#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home { dir: tempfile::tempdir().unwrap() }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
        cmd.args(args)
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env_remove("QUIRE_CONFIG")
            .env_remove("QUIRE_DATA_DIR")
            .env_remove("QUIRE_CACHE_DIR");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Writes an issue with two credited articles; returns its path.
    fn issue(&self, rel: &str, topic: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = format!(
            "# {topic} weekly\n\n## Notes on {topic}\n\nBy Ada Lovelace\n\nAbout {topic}.\n\n\
             ## {topic} in practice\n\nBy Alan Turing\n\nMore on {topic}.\n"
        );
        fs::write(&path, text).unwrap();
        path
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn added_paths_are_the_default_for_outline_and_can_be_removed() {
    let home = Home::new();
    let folder = home.path("emags");
    home.issue("emags/a.md", "Rust");
    home.issue("emags/sub/b.txt", "Go");
    let single = home.issue("single.md", "Zig");
    let added = home.run(&["add", s(&folder), s(&single), s(&folder.join("../emags"))]);
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout).lines().filter(|l| l.starts_with("added")).count(), 2);

    let listed = text(&home.run(&["library"]).stdout);
    assert!(listed.contains("(added, 2 files)"), "{listed}");
    assert!(listed.contains("(added, 1 file)"), "{listed}");
    let json: serde_json::Value =
        serde_json::from_slice(&home.run(&["library", "--json"]).stdout).unwrap();
    assert_eq!(json["entries"].as_array().unwrap().len(), 2);
    assert_eq!(json["entries"][0]["files"], 2);

    let outline = text(&home.run(&["outline"]).stdout);
    for title in ["Rust weekly", "Go weekly", "Zig weekly"] {
        assert!(outline.contains(title), "{title} in {outline}");
    }

    let removed = home.run(&["remove", s(&folder)]);
    assert!(removed.status.success());
    let outline = text(&home.run(&["outline"]).stdout);
    assert!(outline.contains("Zig weekly") && !outline.contains("Rust weekly"), "{outline}");
    let again = home.run(&["remove", s(&folder)]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("not in the remembered library"));
}

#[test]
fn a_library_entry_gone_from_disk_is_one_warning_not_a_failure() {
    let home = Home::new();
    let kept = home.issue("kept.md", "Kept");
    let gone = home.issue("gone.md", "Gone");
    assert!(home.run(&["add", s(&kept), s(&gone)]).status.success());
    fs::remove_file(&gone).unwrap();
    let out = home.run(&["outline"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Kept weekly"));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("gone.md") && stderr.contains("no longer on disk"), "{stderr}");
    assert!(text(&home.run(&["library"]).stdout).contains("missing"));
    assert!(home.run(&["add", s(&gone)]).stderr.len() > 1);
}

#[test]
fn the_config_library_and_the_added_one_are_merged() {
    let home = Home::new();
    let configured = home.issue("conf/c.md", "Configured");
    let added = home.issue("added.md", "Added");
    fs::create_dir_all(home.path("config/quire")).unwrap();
    let config = format!("library = [\"{}\"]\n", s(&configured));
    fs::write(home.path("config/quire/config.toml"), config).unwrap();
    home.run(&["add", s(&added), s(&configured)]);
    let listed = text(&home.run(&["library"]).stdout);
    assert_eq!(listed.lines().filter(|l| l.contains("c.md")).count(), 1, "{listed}");
    assert!(listed.contains("(config, 1 file)") && listed.contains("(added, 1 file)"));
    let found = text(&home.run(&["search", "Configured"]).stdout);
    assert!(found.contains("c.md"), "{found}");
}

#[test]
fn the_cache_dir_follows_flag_then_env_then_platform() {
    let home = Home::new();
    let platform = text(&home.run(&["cache", "path"]).stdout);
    assert_eq!(platform.trim(), s(&home.path("cache/quire")));
    let env = home.cmd(&["cache", "path"]).env("QUIRE_CACHE_DIR", "/env/c").output().unwrap();
    assert_eq!(text(&env.stdout).trim(), "/env/c");
    let mut flag = home.cmd(&["--cache-dir", "/flag/c", "cache", "path"]);
    let flag = flag.env("QUIRE_CACHE_DIR", "/env/c").output().unwrap();
    assert_eq!(text(&flag.stdout).trim(), "/flag/c");
}

#[test]
fn a_cached_outline_equals_a_fresh_one_whatever_the_cache_holds() {
    let home = Home::new();
    let file = home.issue("issue.md", "Cached");
    let cache = home.path("mycache");
    let fresh = home.run(&["--cache-dir", s(&home.path("other")), "outline", s(&file)]);
    let outline = |home: &Home| home.run(&["--cache-dir", s(&cache), "outline", s(&file)]);
    let first = outline(&home);
    assert_eq!(first.stdout, fresh.stdout);
    let entries: Vec<PathBuf> =
        fs::read_dir(cache.join("documents")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(outline(&home).stdout, fresh.stdout);
    let json = |dir: &Path| home.run(&["--cache-dir", s(dir), "outline", "--json", s(&file)]);
    assert_eq!(json(&cache).stdout, json(&home.path("third")).stdout);

    // The outline is served from the manifest: damage it too, so the
    // damaged entry is met.
    fs::write(&entries[0], b"not a cache entry at all").unwrap();
    fs::write(cache.join("outlines.qman"), b"not a manifest either").unwrap();
    let rebuilt = outline(&home);
    assert_eq!(rebuilt.stdout, fresh.stdout);
    let stderr = text(&rebuilt.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("quire: cache: 1 unusable entry was rebuilt"), "{stderr}");
    assert!(outline(&home).stderr.is_empty());

    assert!(home.run(&["--cache-dir", s(&cache), "cache", "clear"]).status.success());
    assert!(!cache.join("documents").exists());
    assert!(!cache.join("outlines.qman").exists());
    assert_eq!(outline(&home).stdout, fresh.stdout);
}

#[test]
fn two_processes_share_one_cache() {
    let home = Home::new();
    let folder = home.path("lib");
    for i in 0..30 {
        home.issue(&format!("lib/{i:02}.md"), &format!("Topic{i}"));
    }
    let fresh = home.run(&["--cache-dir", s(&home.path("solo")), "outline", s(&folder)]);
    let cache = home.path("shared");
    for _ in 0..3 {
        let spawn = || {
            home.cmd(&["--cache-dir", s(&cache), "outline", s(&folder)])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(text(&out.stdout), text(&fresh.stdout));
            assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
        }
        // Touch everything so the next round rewrites every entry.
        for entry in fs::read_dir(&folder).unwrap() {
            let file = fs::File::options().write(true).open(entry.unwrap().path()).unwrap();
            file.set_modified(std::time::SystemTime::now()).unwrap();
        }
    }
    let names: Vec<String> = fs::read_dir(cache.join("documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 30, "no temp files left: {names:?}");
}

/// Sets a file's mtime an hour back, so its stamp is trusted at once.
fn age(path: &Path) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();
}

#[test]
fn a_warm_outline_follows_edits_touches_renames_additions_and_deletions() {
    let home = Home::new();
    let folder = home.path("lib");
    let files: Vec<PathBuf> =
        (0..6).map(|i| home.issue(&format!("lib/{i}.md"), &format!("Topic{i}"))).collect();
    files.iter().for_each(|f| age(f));
    let cache = home.path("warm");
    let warm = || home.run(&["--cache-dir", s(&cache), "outline", s(&folder)]);
    // A cache emptied before each run: a fresh outline.
    let cold = || {
        home.run(&["--cache-dir", s(&home.path("cold")), "cache", "clear"]);
        home.run(&["--cache-dir", s(&home.path("cold")), "outline", s(&folder)])
    };
    assert_eq!(warm().stdout, cold().stdout);
    assert_eq!(warm().stdout, cold().stdout, "served from the cache");

    home.issue("lib/0.md", "Edited");
    age(&files[0]);
    let touched = fs::File::options().write(true).open(&files[1]).unwrap();
    touched.set_modified(std::time::SystemTime::now()).unwrap();
    fs::rename(&files[2], folder.join("2-renamed.md")).unwrap();
    fs::remove_file(&files[3]).unwrap();
    home.issue("lib/9-new.md", "Added");
    let (warm, cold) = (warm(), cold());
    assert_eq!(text(&warm.stdout), text(&cold.stdout));
    let out = text(&warm.stdout);
    assert!(out.contains("Edited weekly") && out.contains("Added weekly"), "{out}");
    assert!(!out.contains("Topic3") && out.contains("2-renamed.md"), "{out}");
    assert!(warm.stderr.is_empty(), "{}", text(&warm.stderr));
}

#[test]
fn cat_reads_through_the_cache() {
    let home = Home::new();
    let file = home.issue("issue.md", "Cached");
    age(&file);
    let cache = home.path("c");
    let cat = || home.run(&["--cache-dir", s(&cache), "cat", s(&file), "--width", "60"]);
    let first = cat();
    assert!(first.status.success() && first.stderr.is_empty(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("About Cached."));
    assert_eq!(fs::read_dir(cache.join("documents")).unwrap().count(), 1);
    // Same size and mtime, other bytes: only a cache hit still prints the
    // first text, which proves the cache was used.
    let mtime = fs::metadata(&file).unwrap().modified().unwrap();
    fs::write(&file, fs::read_to_string(&file).unwrap().replace("Cached", "Cachex")).unwrap();
    fs::File::options().write(true).open(&file).unwrap().set_modified(mtime).unwrap();
    assert_eq!(cat().stdout, first.stdout);
}
