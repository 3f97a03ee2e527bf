//! Work over many articles or documents shared out over the cores.
//!
//! Registering a 100 MB document for scanning (counting its tokens) and
//! answering a query over it each walk every block of every article:
//! about 31 and 17 ms on one core, while the other sat idle; the search
//! worker waited out the registration before a query typed just after
//! the document opened. Indexing a library for its index file is the
//! same shape, a second per 100 MB. Articles and documents are
//! independent, so each core takes a contiguous run of them and the
//! results are put back in order: the answer is the one a single pass
//! gives. (The library's file loads take one item at a time instead,
//! `library::on_all_cores`, since files differ in cost; here a run's own
//! state, a tokenizer or a whole index, is why the runs are contiguous.)

use std::num::NonZeroUsize;
use std::thread;

/// The runs' threads' name: the reader's panic hook knows that a panic
/// here reaches the caller, which deals with it.
pub const THREAD: &str = "quire-split";

/// Most runs one piece of work is cut into. The walks are bound by
/// memory, which a few cores saturate; past that, each run's thread start
/// (and, for an index build, each run's dictionary, joined at the end)
/// costs more than the run saves.
const MAX_RUNS: usize = 8;

/// How many runs to cut the work into: one per core the process may use,
/// up to [`MAX_RUNS`].
pub fn cores() -> usize {
    thread::available_parallelism().map_or(1, NonZeroUsize::get).min(MAX_RUNS)
}

/// `work` over `items` cut into at most `parts` contiguous runs of equal
/// length, the first on the caller's thread and each other one on a
/// thread of its own, the results joined in the items' order. A thread
/// that cannot be started leaves its run to the caller's thread, so the
/// answer never depends on how many threads there were.
pub fn in_parts<T, R, F>(items: &[T], parts: usize, work: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> Vec<R> + Sync,
{
    let size = items.len().div_ceil(parts.max(1)).max(1);
    let cuts: Vec<usize> = (size..items.len()).step_by(size).collect();
    in_runs(items, &cuts, &work)
}

/// As [`in_parts`], the runs cut so that their `weight`s are about equal:
/// the documents of a library differ in size by a factor of ten and more,
/// and runs of equal counts kept one core busy a third longer than the
/// other.
pub fn in_weighed_parts<T, R, F>(
    items: &[T],
    parts: usize,
    weight: impl Fn(&T) -> usize,
    work: F,
) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> Vec<R> + Sync,
{
    in_runs(items, &weighed_cuts(items, parts, weight), &work)
}

/// Where runs of about equal weight start (after the first): a run ends
/// once the weight so far reaches its share of the total.
fn weighed_cuts<T>(items: &[T], parts: usize, weight: impl Fn(&T) -> usize) -> Vec<usize> {
    let weights: Vec<u64> = items.iter().map(|t| weight(t).max(1) as u64).collect();
    let total: u64 = weights.iter().sum();
    let parts = parts.clamp(1, items.len().max(1)) as u64;
    let mut cuts = Vec::new();
    let mut so_far = 0u64;
    for (i, w) in weights.iter().enumerate() {
        so_far += w;
        let next = cuts.len() as u64 + 1;
        if next < parts && so_far * parts >= total * next && i + 1 < items.len() {
            cuts.push(i + 1);
        }
    }
    cuts
}

/// `work` over the runs that start at 0 and at each of `cuts`.
fn in_runs<T, R, F>(items: &[T], cuts: &[usize], work: &F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> Vec<R> + Sync,
{
    let Some((&first_end, _)) = cuts.split_first() else { return work(items) };
    let ends = cuts.iter().skip(1).copied().chain(std::iter::once(items.len()));
    let rest: Vec<&[T]> = cuts.iter().zip(ends).map(|(&s, e)| &items[s..e]).collect();
    let first = &items[..first_end];
    thread::scope(|scope| {
        let runs: Vec<_> = rest
            .into_iter()
            .map(|run| {
                let builder = thread::Builder::new().name(THREAD.into());
                (run, builder.spawn_scoped(scope, move || work(run)).ok())
            })
            .collect();
        // The first run on this thread, which would only wait otherwise.
        let mut out = work(first);
        for (run, handle) in runs {
            match handle.map(thread::ScopedJoinHandle::join) {
                Some(Ok(done)) => out.extend(done),
                // The work panicked: the panic is the caller's, as in one pass.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => out.extend(work(run)),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_come_back_in_the_items_order_whatever_the_parts() {
        let items: Vec<u32> = (0..37).collect();
        let doubled: Vec<u32> = items.iter().map(|i| i * 2).collect();
        for parts in [0, 1, 2, 3, 5, 36, 37, 100] {
            let got = in_parts(&items, parts, |run| run.iter().map(|i| i * 2).collect());
            assert_eq!(got, doubled, "{parts} parts");
        }
        assert!(in_parts(&[] as &[u32], 4, |run| run.to_vec()).is_empty());
    }

    #[test]
    fn each_run_is_handed_to_the_work_whole() {
        // Per-run state (a tokenizer, say) is made once a run: three runs of
        // a ten-item list are 4, 4 and 2 items long.
        let items: Vec<u8> = vec![0; 10];
        let lens = in_parts(&items, 3, |run| vec![run.len()]);
        assert_eq!(lens, [4, 4, 2]);
        // Near miss: one part is one run, on the caller's thread.
        assert_eq!(in_parts(&items, 1, |run| vec![run.len()]), [10]);
    }

    #[test]
    fn weighed_runs_share_the_weight_not_the_count() {
        // One heavy item, then nine light ones: the heavy one is a run of
        // its own.
        let items: Vec<usize> = std::iter::once(90).chain([10; 9]).collect();
        let lens = in_weighed_parts(&items, 2, |&w| w, |run| vec![run.len()]);
        assert_eq!(lens, [1, 9]);
        let sums = in_weighed_parts(&items, 3, |&w| w, |run| vec![run.iter().sum::<usize>()]);
        assert_eq!(sums.iter().sum::<usize>(), 180);
        assert!(sums.len() <= 3, "{sums:?}");
        // Near miss: equal weights cut as equal counts do.
        let even = in_weighed_parts(&[1; 10], 2, |&w| w, |run| vec![run.len()]);
        assert_eq!(even, [5, 5]);
    }

    proptest::proptest! {
        /// However the weights fall, every item is worked once, in order,
        /// in at most `parts` non-empty runs.
        #[test]
        fn weighed_runs_cover_every_item_in_order(
            weights in proptest::collection::vec(0usize..1000, 0..40),
            parts in 0usize..6,
        ) {
            let runs = in_weighed_parts(&weights, parts, |&w| w, |run| vec![run.to_vec()]);
            proptest::prop_assert!(runs.len() <= parts.max(1));
            proptest::prop_assert!(runs.iter().all(|r| !r.is_empty()) || weights.is_empty());
            proptest::prop_assert_eq!(runs.concat(), weights);
        }
    }
}
