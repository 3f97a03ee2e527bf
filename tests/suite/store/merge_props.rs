//! Folding conflict copies: any order gives the same record, nothing
//! is lost, deletions are honoured, and folding again changes nothing.

use std::collections::BTreeMap;

use proptest::prelude::*;
use quire::model::anchor::Anchor;
use quire::model::highlight::{Highlight, Progress};
use quire::store::merge::fold_doc;
use quire::store::schema::{DocEntry, Extra, Record, Tombstone};

const IDS: [&str; 5] = ["h0", "h1", "h2", "h3", "h4"];

fn highlight() -> impl Strategy<Value = Record<Highlight>> {
    (0..IDS.len(), 1u64..12, "[a-c]{0,2}").prop_map(|(i, updated, note)| {
        Record::new(Highlight {
            id: IDS[i].to_string(),
            article_id: "a".into(),
            anchor: Anchor::default(),
            colour: "yellow".into(),
            note: Some(note),
            created: 1,
            updated,
        })
    })
}

fn tombstone() -> impl Strategy<Value = Tombstone> {
    (0..IDS.len(), 1u64..12).prop_map(|(i, deleted)| Tombstone {
        id: IDS[i].to_string(),
        deleted,
        extra: Extra::new(),
    })
}

fn progress() -> impl Strategy<Value = Record<Progress>> {
    (prop_oneof![Just("a"), Just("b")], 1u64..12, 0u8..=100).prop_map(|(article, updated, p)| {
        Record::new(Progress {
            article_id: article.to_string(),
            anchor: Anchor::default(),
            percent: f32::from(p),
            read: false,
            updated,
        })
    })
}

/// One machine's version of the record. Ids repeat across versions (and
/// stamps collide) so that ties and deletions are exercised.
fn version() -> impl Strategy<Value = DocEntry> {
    (
        prop::collection::vec(highlight(), 0..4),
        prop::collection::vec(tombstone(), 0..2),
        prop::collection::vec(progress(), 0..2),
        prop::option::of(0i64..3),
    )
        .prop_map(|(highlights, deleted, progress, extra)| {
            let mut doc = DocEntry::default();
            for h in highlights {
                // A file holds each id once.
                if !doc.highlights.iter().any(|r| r.value.id == h.value.id) {
                    doc.highlights.push(h);
                }
            }
            doc.deleted = deleted;
            for p in progress {
                doc.progress.insert(p.value.article_id.clone(), p);
            }
            if let Some(n) = extra {
                doc.extra.insert("future".into(), serde_json::json!(n));
            }
            doc
        })
}

fn versions_and_shuffle() -> impl Strategy<Value = (Vec<DocEntry>, Vec<DocEntry>)> {
    prop::collection::vec(version(), 1..6)
        .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_order_of_copies_gives_the_same_record((versions, shuffled) in versions_and_shuffle()) {
        prop_assert_eq!(fold_doc(versions.clone()), fold_doc(shuffled));
        let mut reversed = versions.clone();
        reversed.reverse();
        prop_assert_eq!(fold_doc(versions), fold_doc(reversed));
    }

    #[test]
    fn nothing_is_lost_and_deletions_hold(versions in prop::collection::vec(version(), 1..6)) {
        let merged = fold_doc(versions.clone());
        let mut newest: BTreeMap<&str, u64> = BTreeMap::new();
        let mut deleted: BTreeMap<&str, u64> = BTreeMap::new();
        for v in &versions {
            for h in &v.highlights {
                let e = newest.entry(&h.value.id).or_default();
                *e = (*e).max(h.value.updated);
            }
            for t in &v.deleted {
                let e = deleted.entry(&t.id).or_default();
                *e = (*e).max(t.deleted);
            }
        }
        for id in IDS {
            let kept = merged.highlights.iter().find(|r| r.value.id == id);
            let alive = newest.get(id).is_some_and(|&s| deleted.get(id).is_none_or(|&d| s > d));
            if alive {
                let kept = kept.map(|r| r.value.updated);
                prop_assert_eq!(kept, newest.get(id).copied(), "{} was lost", id);
            } else {
                prop_assert!(kept.is_none(), "{} came back after its deletion", id);
            }
            let marker = merged.deleted.iter().find(|t| t.id == id).map(|t| t.deleted);
            prop_assert_eq!(marker, deleted.get(id).copied());
        }
        for article in ["a", "b"] {
            let latest = versions.iter().filter_map(|v| v.progress.get(article)).map(|p| p.value.updated).max();
            prop_assert_eq!(merged.progress.get(article).map(|p| p.value.updated), latest);
        }
        prop_assert_eq!(merged.extra.contains_key("future"), versions.iter().any(|v| v.extra.contains_key("future")));
    }

    #[test]
    fn folding_again_changes_nothing(versions in prop::collection::vec(version(), 1..6)) {
        let merged = fold_doc(versions.clone());
        for v in versions {
            prop_assert_eq!(fold_doc([merged.clone(), v]), merged.clone());
        }
    }
}
