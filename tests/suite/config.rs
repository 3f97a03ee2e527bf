#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The config file: every error class with its exact message, defaults,
//! the example's round trip, and remaps reaching the state machine.

use quire::config::{Color, ColorSpec, Config, DEFAULT_CONFIG, ThemeName};

fn error(text: &str) -> String {
    Config::parse(text, "cfg.toml").unwrap_err().to_string()
}

#[test]
fn unknown_key_names_line_and_suggests() {
    assert_eq!(
        error("justify = true\nreadng_width = 72\n"),
        r#"cfg.toml:2: unknown key "readng_width" (did you mean "reading_width"?)"#
    );
    assert_eq!(
        error("[theme]\nnmae = \"light\"\n"),
        r#"cfg.toml:2: unknown key "nmae" in [theme] (did you mean "name"?)"#
    );
    assert_eq!(
        error("[theme.colors]\nheadng = \"red\"\n"),
        r#"cfg.toml:2: unknown key "headng" in [theme.colors] (did you mean "heading"?)"#
    );
    assert_eq!(
        error("[keys.raeder]\ndown = \"j\"\n"),
        r#"cfg.toml:1: unknown key "raeder" in [keys] (did you mean "reader"?)"#
    );
    assert_eq!(error("zzz = 1\n"), r#"cfg.toml:1: unknown key "zzz""#);
}

#[test]
fn wrong_type_names_the_key_and_both_types() {
    assert_eq!(
        error("\nreading_width = \"wide\"\n"),
        "cfg.toml:2: reading_width: expected an integer, found a string"
    );
    assert_eq!(error("mouse = 1\n"), "cfg.toml:1: mouse: expected true or false, found an integer");
    assert_eq!(
        error("library = \"~/emags\"\n"),
        "cfg.toml:1: library: expected a list, found a string"
    );
    assert_eq!(
        error("[search]\nsmart_case = \"yes\"\n"),
        "cfg.toml:2: search.smart_case: expected true or false, found a string"
    );
}

#[test]
fn out_of_range_and_unknown_values() {
    assert_eq!(
        error("reading_width = 5\n"),
        "cfg.toml:1: reading_width: must be between 20 and 1000, found 5"
    );
    assert_eq!(
        error("[theme]\nname = \"drak\"\n"),
        r#"cfg.toml:2: theme.name: unknown value "drak" (did you mean "dark"?)"#
    );
    assert_eq!(
        error("[search]\ndiacritics = \"maybe\"\n"),
        r#"cfg.toml:2: search.diacritics: unknown value "maybe" (expected one of "insensitive", "sensitive")"#
    );
    assert_eq!(
        error("export_format = \"kindel\"\n"),
        r#"cfg.toml:1: export_format: unknown value "kindel" (did you mean "kindle"?)"#
    );
}

#[test]
fn export_format_is_read() {
    let c = Config::parse("export_format = \"readwise\"\n", "c.toml").unwrap();
    assert_eq!(c.export_format, quire::export::Format::Readwise);
    assert_eq!(Config::default().export_format, quire::export::Format::Markdown);
}

#[test]
fn unknown_action_suggests_the_closest() {
    assert_eq!(
        error("[keys.reader]\npagedown = \"x\"\n"),
        r#"cfg.toml:2: unknown action "pagedown" in [keys.reader] (did you mean "page_down"?)"#
    );
    assert_eq!(
        error("[keys.search]\ntoggle_fold = \"x\"\n"),
        r#"cfg.toml:2: action "toggle_fold" does nothing in [keys.search]"#
    );
}

#[test]
fn conflicting_binding_names_both_actions() {
    assert_eq!(
        error("[keys.reader]\ndown = [\"j\"]\nup = [\"k\", \"j\"]\n"),
        r#"cfg.toml:3: key "j" is bound to both "down" and "up" in [keys.reader]"#
    );
}

#[test]
fn bad_key_notation() {
    assert_eq!(
        error("[keys.reader]\n\ndown = [\"j\", \"hyper-j\"]\n"),
        r#"cfg.toml:3: keys.reader.down: invalid key "hyper-j": write keys like "j", "G", "ctrl-d", "space", "PgDn", "enter""#
    );
}

#[test]
fn bad_colour() {
    assert_eq!(
        error("[theme.colors]\nheading = \"#ffaf0\"\n"),
        r##"cfg.toml:2: theme.colors.heading: invalid colour "#ffaf0": use "#rrggbb" or a name such as "red""##
    );
    assert_eq!(
        error("[theme.colors]\nfind = { fg = \"black\", bg = \"yelow\" }\n"),
        r#"cfg.toml:2: theme.colors.find.bg: invalid colour "yelow" (did you mean "yellow"?)"#
    );
    assert_eq!(
        error(
            "[highlights]\ncolors = [\n  { name = \"a\", color = \"#000\" },\n  { name = \"b\", color = \"bleu\" },\n]\n"
        ),
        r#"cfg.toml:4: highlights.colors[2].color: invalid colour "bleu" (did you mean "blue"?)"#
    );
}

#[test]
fn malformed_toml_gives_the_line() {
    assert_eq!(
        error("mouse = true\nreading_width = [\n"),
        "cfg.toml:2: invalid TOML: unclosed array, expected `]`"
    );
}

#[test]
fn highlight_names_are_unique() {
    assert_eq!(
        error(
            "[highlights]\ncolors = [{ name = \"a\", color = \"red\" },\n { name = \"A\", color = \"blue\" }]\n"
        ),
        r#"cfg.toml:3: highlights.colors[2]: the name "A" is used twice"#
    );
}

#[test]
fn the_example_config_is_the_default_config() {
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml"))
            .unwrap();
    assert_eq!(
        example, DEFAULT_CONFIG,
        "config.example.toml and assets/default-config.toml differ"
    );
    assert_eq!(Config::parse(&example, "config.example.toml").unwrap(), Config::default());
    assert_eq!(Config::parse("", "empty.toml").unwrap(), Config::default());
}

#[test]
fn overrides_are_read() {
    let c = Config::parse(
        "reading_width = 66\njustify = true\nmouse = false\n[theme]\nname = \"high-contrast\"\n[theme.colors]\nheading = \"#ffaf00\"\nfind = { bg = \"light_yellow\" }\n",
        "c.toml",
    )
    .unwrap();
    assert_eq!((c.reading_width, c.justify, c.mouse), (66, true, false));
    assert_eq!(c.theme.name, ThemeName::HighContrast);
    let heading = c.theme.colors.get("heading").unwrap();
    assert_eq!(*heading, ColorSpec { fg: Some(Color::Rgb(0xff, 0xaf, 0)), bg: None });
}

mod binary {
    use std::path::Path;
    use std::process::{Command, Output, Stdio};

    /// The binary with no user config in reach: XDG homes in `home`.
    fn quire(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
        cmd.args(args)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env_remove("QUIRE_CONFIG")
            .env_remove("QUIRE_DATA_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn config_path_honours_flag_env_and_default() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        let default = quire(h, &["config", "path"], &[]);
        let expected = h.join("config/quire/config.toml");
        assert_eq!(text(&default.stdout).trim_end(), expected.to_str().unwrap());
        let env = quire(h, &["config", "path"], &[("QUIRE_CONFIG", "/etc/q.toml")]);
        assert_eq!(text(&env.stdout), "/etc/q.toml\n");
        let flag =
            quire(h, &["--config", "/f.toml", "config", "path"], &[("QUIRE_CONFIG", "/e.toml")]);
        assert_eq!(text(&flag.stdout), "/f.toml\n");
    }

    #[test]
    fn config_default_prints_the_example() {
        let home = tempfile::tempdir().unwrap();
        let out = quire(home.path(), &["config", "default"], &[]);
        assert!(out.status.success());
        assert_eq!(text(&out.stdout), quire::config::DEFAULT_CONFIG);
    }

    #[test]
    fn a_malformed_config_exits_1_with_one_line_and_no_output() {
        let home = tempfile::tempdir().unwrap();
        let cfg = home.path().join("q.toml");
        std::fs::write(&cfg, "reading_width = 72\nmouse = \"no\"\n").unwrap();
        let cfg = cfg.to_str().unwrap();
        let out = quire(home.path(), &[], &[("QUIRE_CONFIG", cfg)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty(), "stdout: {:?}", text(&out.stdout));
        assert_eq!(
            text(&out.stderr),
            format!("quire: {cfg}:2: mouse: expected true or false, found a string\n")
        );
        let check = quire(home.path(), &["config", "check"], &[("QUIRE_CONFIG", cfg)]);
        assert_eq!(check.status.code(), Some(1));
        assert_eq!(check.stderr, out.stderr);
    }

    #[test]
    fn a_missing_default_config_is_fine_and_a_named_one_is_not() {
        let home = tempfile::tempdir().unwrap();
        let out = quire(home.path(), &["config", "check"], &[]);
        assert!(out.status.success());
        assert!(text(&out.stdout).ends_with("config.toml: not found; using the defaults\n"));
        let missing = quire(home.path(), &["--config", "/nonexistent/q.toml"], &[]);
        assert_eq!(missing.status.code(), Some(1));
        assert_eq!(text(&missing.stderr), "quire: /nonexistent/q.toml: no such file\n");
    }

    #[test]
    fn without_paths_quire_reads_the_configured_library() {
        let home = tempfile::tempdir().unwrap();
        let lib = home.path().join("lib");
        std::fs::create_dir(&lib).unwrap();
        std::fs::write(lib.join("one.md"), "# One\n\nFirst text.\n").unwrap();
        std::fs::write(lib.join("two.md"), "# Two\n\nSecond text.\n").unwrap();
        std::fs::write(lib.join("skip.txt"), "Not matched.\n").unwrap();
        let cfg = home.path().join("config.toml");
        std::fs::write(&cfg, "library = [\"lib/*.md\"]\nreading_width = 40\n").unwrap();
        let out = quire(home.path(), &["--config", cfg.to_str().unwrap()], &[]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let printed = text(&out.stdout);
        assert!(printed.contains("First text.") && printed.contains("Second text."), "{printed}");
        assert!(!printed.contains("Not matched"));
        assert!(printed.lines().all(|l| l.chars().count() <= 40));
    }

    #[test]
    fn completions_man_page_and_version() {
        let home = tempfile::tempdir().unwrap();
        for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
            let out = quire(home.path(), &["completions", shell], &[]);
            assert!(out.status.success(), "{shell}");
            let script = text(&out.stdout);
            assert!(script.contains("quire") && script.contains("outline"), "{shell}");
        }
        let man = text(&quire(home.path(), &["man"], &[]).stdout);
        assert!(man.starts_with(".ie") || man.contains(".TH quire 1"), "{man}");
        for sub in ["outline", "cat", "config", "completions"] {
            assert!(man.contains(sub), "man page lacks {sub}");
        }
        assert!(man.contains("\\-\\-config"), "man page lacks --config");
        let version = quire(home.path(), &["--version"], &[]);
        assert_eq!(text(&version.stdout), format!("quire {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn a_conflict_blames_the_later_line() {
    assert_eq!(
        error("[keys.list]\ntoggle_read = \"x\"\nfirst = \"x\"\n"),
        r#"cfg.toml:3: key "x" is bound to both "toggle_read" and "first" in [keys.list]"#
    );
}

#[test]
fn theme_may_be_just_a_name_and_list_items_are_typed() {
    let c = Config::parse("theme = \"light\"\n", "c.toml").unwrap();
    assert_eq!(c.theme.name, ThemeName::Light);
    assert_eq!(
        error("theme = \"lihgt\"\n"),
        r#"cfg.toml:1: theme: unknown value "lihgt" (did you mean "light"?)"#
    );
    assert_eq!(
        error("[keys.reader]\ndown = [\"j\", 3]\n"),
        "cfg.toml:2: keys.reader.down: expected a string, found an integer"
    );
    assert_eq!(
        error("theme = 3\n"),
        "cfg.toml:1: theme: expected a theme name or a table, found an integer"
    );
}

#[test]
fn store_tombstone_days_has_a_range_and_reaches_the_store_options() {
    assert_eq!(
        error("[store]\ntombstone_days = 0\n"),
        "cfg.toml:2: store.tombstone_days: must be between 1 and 36500, found 0"
    );
    assert_eq!(
        error("[store]\ntombstone_dayz = 9\n"),
        r#"cfg.toml:2: unknown key "tombstone_dayz" in [store] (did you mean "tombstone_days"?)"#
    );
    let config = Config::parse("[store]\ntombstone_days = 30\n", "cfg.toml").unwrap();
    assert_eq!(config.store.options().tombstone_days, 30);
    assert_eq!(Config::default().store.options(), quire::store::StoreOptions::default());
}
