#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The real binary in a pseudo-terminal: find then select, and `E` in each
//! export format the config can name.

use crate::pty;

use pty::{Session, assert_restored, cli_export, magazine};

/// `/paragraph 30` Enter puts the cursor on the match: `vee` Enter
/// highlights exactly "Paragraph 30", then `n` moves on and `v` starts at
/// the next match.
#[test]
fn find_then_select_highlights_the_match() {
    let dir = tempfile::tempdir().unwrap();
    let file = magazine(dir.path());
    let data = dir.path().join("data");
    let mut s = Session::start_in(&[&file], 80, 24, &data);
    s.wait_text("1 document");
    s.press("\r");
    s.wait_text("Paragraph 1 says");
    s.press("/paragraph 30\r");
    s.wait_text("1/1");
    s.press("vee\r");
    s.wait_text("Highlighted");
    s.press("/terminals\r");
    s.wait_text("/40");
    s.press("nve\r");
    s.wait_for("the second highlight", |screen| {
        screen.lines().last().is_some_and(|l| l.contains("Highlighted"))
    });
    s.press("Q");
    let (ok, raw) = s.finish();
    assert_restored(ok, &raw);
    let json: serde_json::Value = serde_json::from_str(&cli_export(&file, &data, "json")).unwrap();
    let texts: Vec<&str> = json["documents"][0]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"Paragraph 30"), "{texts:?}");
    assert!(texts.contains(&"terminals"), "{texts:?}");
}

/// `E` writes the configured format, with its extension, into `export_dir`.
#[test]
fn e_exports_in_every_configured_format() {
    for (format, ext) in
        [("markdown", "md"), ("json", "json"), ("kindle", "txt"), ("readwise", "csv")]
    {
        let dir = tempfile::tempdir().unwrap();
        let file = magazine(dir.path());
        let data = dir.path().join("data");
        let exports = dir.path().join("exports");
        let config = dir.path().join("config.toml");
        let toml =
            format!("export_dir = {:?}\nexport_format = {format:?}\n", exports.to_str().unwrap());
        std::fs::write(&config, toml).unwrap();
        let env = [
            ("QUIRE_DATA_DIR", data.to_str().unwrap()),
            ("QUIRE_CONFIG", config.to_str().unwrap()),
        ];
        let mut s = Session::start_with(&[&file], &env, 80, 24);
        s.wait_text("1 document");
        s.press("\r");
        s.wait_text("Paragraph 1 says");
        s.press("/worth\r");
        s.wait_text("/40");
        s.press("ve\r");
        s.wait_text("Highlighted");
        s.press("E");
        s.wait_text("Exported to");
        s.press("Q");
        let (ok, raw) = s.finish();
        assert_restored(ok, &raw);
        let written: Vec<_> =
            std::fs::read_dir(&exports).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(written.len(), 1, "{written:?}");
        assert_eq!(written[0].extension().unwrap(), ext, "{format}");
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert!(text.contains("worth"), "{format}: {text}");
        match format {
            "kindle" => {
                assert!(
                    text.starts_with(
                        "\u{feff}Field Notes\r\n- Your Highlight on Location 1-1 | Added on "
                    ),
                    "{text:?}"
                );
                assert!(text.ends_with("\r\n\r\nworth\r\n==========\r\n"), "{text:?}");
            }
            "readwise" => {
                assert!(
                    text.starts_with(
                        "Highlight,Title,Author,URL,Note,Location,Date\r\nworth,Field Notes,,,,1,"
                    ),
                    "{text:?}"
                );
            }
            _ => {}
        }
        // The CLI writes the same bytes from the same store (Kindle and
        // Readwise carry no export time).
        if matches!(format, "kindle" | "readwise") {
            assert_eq!(cli_export(&file, &data, format), text, "{format}");
        }
    }
}
