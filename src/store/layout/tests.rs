use super::*;

#[test]
fn stems_round_trip_and_hold_no_marker_characters() {
    for id in ["0123abcd89ef", "doc", "Mixed Case.(x) 2024-01-01", "日本", "", "a%b"] {
        let stem = stem_of(id);
        assert!(!stem.contains(['.', ' ', '(', ')', '/', '\\']), "{stem}");
        assert_eq!(id_of(&stem).as_deref(), Some(id));
    }
    assert_ne!(stem_of("A"), stem_of("a"));
}

#[test]
fn stems_someone_else_wrote_are_not_ids() {
    // Upper case and a bare dot are never produced, nor a broken escape.
    for stem in ["Notes", "a.b", "%zz", "%4", "%4e"] {
        assert_eq!(id_of(stem), None, "{stem}");
    }
}

#[test]
fn syncthing_copies_name_their_file() {
    let cases = [
        ("ab12.sync-conflict-20240102-030405-QWERTY7.json", "ab12.json"),
        ("ab12.json.sync-conflict-20991231-235959-ZZ9.bak", "ab12.json.bak"),
        ("session.sync-conflict-20240102-030405-A1B2C3D.json", "session.json"),
        // A copy of a copy.
        ("x.sync-conflict-20240102-030405-AAA.sync-conflict-20240103-030405-BBB.json", "x.json"),
    ];
    for (copy, base) in cases {
        assert_eq!(conflict_base(copy).as_deref(), Some(base), "{copy}");
    }
}

#[test]
fn dropbox_style_copies_name_their_file_in_any_wording() {
    let cases = [
        ("ab12 (Laptop's conflicted copy 2024-01-02).json", "ab12.json"),
        ("ab12.json (Desk's conflicted copy 2024-01-02 (1)).bak", "ab12.json.bak"),
        ("ab12 (Konfliktkopie von Büro 2023-12-31).json", "ab12.json"),
        ("session (copie en conflit 2022-06-30 101112).json", "session.json"),
    ];
    for (copy, base) in cases {
        assert_eq!(conflict_base(copy).as_deref(), Some(base), "{copy}");
    }
}

#[test]
fn near_misses_are_not_conflict_copies() {
    for name in [
        "ab12.json",
        "ab12.json.bak",
        "ab12 (notes).json",
        "ab12 (2024-1-2).json",
        "ab12 (2024-01-02.json",
        "ab12.sync-conflict-2024-030405-AAA.json",
        "ab12.sync-conflict-20240102-030405-.json",
        "ab12.sync-conflict-20240102-0304-AAA.json",
        "ab12.json.corrupt-1700000000000",
        "ab12.json.tmp-42",
    ] {
        assert_eq!(conflict_base(name), None, "{name}");
    }
}

#[test]
fn scan_groups_copies_with_their_unit_and_ignores_strangers() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "ab.json",
        "ab.json.bak",
        "ab.sync-conflict-20240102-030405-AAA.json",
        "ab.json (B's conflicted copy 2024-01-02).bak",
        "cd (B's conflicted copy 2024-01-02).json",
        "ab.json.corrupt-17",
        "ab.json.tmp-9",
        "README.txt",
    ];
    for name in names {
        std::fs::write(dir.path().join(name), "x").unwrap();
    }
    std::fs::create_dir(dir.path().join("ef.json")).unwrap();
    let units = scan(dir.path());
    assert_eq!(units.keys().collect::<Vec<_>>(), ["ab", "cd"]);
    assert_eq!(units["ab"].main, dir.path().join("ab.json"));
    assert_eq!(units["ab"].copies.len(), 2);
    assert_eq!(units["cd"].copies.len(), 1);
}
