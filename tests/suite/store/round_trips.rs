//! Random stores survive a save and a reopen unchanged.

use proptest::prelude::*;
use quire::model::anchor::{anchor_for, anchor_point};
use quire::store::HighlightEdit;
use quire::store::schema::{Parsed, StoreFile, parse};

use crate::store::store_support::open;

#[derive(Debug, Clone)]
enum Action {
    Add { start: usize, len: usize, colour: String, note: Option<String> },
    Edit { which: usize, note: Option<String> },
    Delete { which: usize },
    Bookmark { at: usize, label: Option<String> },
    Progress { at: usize, percent: u8, read: bool },
    Flush,
}

const TEXT: &str = "Ownership is the central idea: every value has exactly one owner, \
    and when the owner goes out of scope the value is dropped. Café, 日本語, emoji 🎉.";

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0usize..120, 0usize..40, "[a-z]{1,8}", proptest::option::of("\\PC{0,24}"))
            .prop_map(|(start, len, colour, note)| Action::Add { start, len, colour, note }),
        (0usize..50, proptest::option::of("\\PC{0,24}"))
            .prop_map(|(which, note)| Action::Edit { which, note }),
        (0usize..50).prop_map(|which| Action::Delete { which }),
        (0usize..120, proptest::option::of("\\PC{0,12}"))
            .prop_map(|(at, label)| Action::Bookmark { at, label }),
        (0usize..120, 0u8..=100, any::<bool>()).prop_map(|(at, percent, read)| Action::Progress {
            at,
            percent,
            read
        }),
        Just(Action::Flush),
    ]
}

fn apply(store: &mut quire::store::Store, action: Action) {
    let ids: Vec<String> = store.document("doc").highlights.into_iter().map(|h| h.id).collect();
    let pick = |which: usize| ids.get(which % ids.len().max(1)).cloned();
    match action {
        Action::Add { start, len, colour, note } => {
            store.add_highlight("doc", "a", anchor_for(TEXT, start, start + len), &colour, note);
        }
        Action::Edit { which, note } => {
            if let Some(id) = pick(which) {
                let edit = HighlightEdit { note: Some(note), ..Default::default() };
                assert!(store.update_highlight("doc", &id, edit));
            }
        }
        Action::Delete { which } => {
            if let Some(id) = pick(which) {
                assert!(store.delete_highlight("doc", &id));
            }
        }
        Action::Bookmark { at, label } => {
            store.toggle_bookmark("doc", "a", anchor_point(TEXT, at), label);
        }
        Action::Progress { at, percent, read } => {
            store.save_progress("doc", "a", anchor_point(TEXT, at), f32::from(percent), read);
        }
        Action::Flush => {
            store.flush().unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_stores_survive_save_and_reopen(actions in prop::collection::vec(action(), 0..25)) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = open(dir.path());
        for a in actions {
            apply(&mut store, a);
        }
        store.flush().unwrap();
        prop_assert!(!store.dirty());
        let (again, notices) = open(dir.path());
        prop_assert!(notices.is_empty());
        prop_assert_eq!(again.document("doc"), store.document("doc"));
    }

    #[test]
    fn unknown_fields_round_trip_through_the_schema(
        extras in prop::collection::btree_map("x_[a-z]{1,6}", any::<i64>(), 0..5),
    ) {
        let mut file = StoreFile::default();
        for (k, v) in &extras {
            file.extra.insert(k.clone(), serde_json::json!(v));
            file.documents.entry("d".into()).or_default().extra.insert(k.clone(), serde_json::json!(v));
        }
        let bytes = serde_json::to_vec(&file).unwrap();
        let Parsed::Current(back) = parse(&bytes) else { panic!("does not parse") };
        prop_assert_eq!(back, file);
    }
}
