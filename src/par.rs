//! Parallel work in small chunks, with one state per worker: each rayon
//! worker makes its own state (memos that cannot move between threads, such
//! as syntect's parser states) once, then claims chunks of the items in turn
//! until none is left, so no core waits long for the last chunk and no chunk
//! starts with empty memos. Bottom layer: imports nothing of waybook.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f(state, item, out)` for every item of `items`, `chunk` items at a time,
/// on every worker of the current rayon pool; each worker's `state` comes
/// from `init`, made on that worker. What `f` pushes to `out` comes back in
/// item order (an item's own results in the order pushed).
pub(crate) fn map_chunks<T, S, R>(
    items: &[T],
    chunk: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T, &mut Vec<R>) + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let chunk = chunk.max(1);
    let next = AtomicUsize::new(0);
    let per_worker: Vec<Vec<(usize, R)>> = rayon::broadcast(|_| {
        let mut state = None;
        let (mut out, mut one) = (Vec::new(), Vec::new());
        loop {
            let start = next.fetch_add(chunk, Ordering::Relaxed);
            let Some(part) = items.get(start..).filter(|p| !p.is_empty()) else {
                break;
            };
            let state = state.get_or_insert_with(&init);
            for (i, item) in part.iter().take(chunk).enumerate() {
                f(state, item, &mut one);
                out.extend(one.drain(..).map(|r| (start + i, r)));
            }
        }
        out
    });
    let mut all: Vec<(usize, R)> = per_worker.into_iter().flatten().collect();
    // Stable: an item's results keep their order.
    all.sort_by_key(|&(i, _)| i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn every_result_once_in_item_order_with_states_made_per_worker() {
        let items: Vec<u32> = (0..1000).collect();
        let made = AtomicUsize::new(0);
        let kept = map_chunks(
            &items,
            7,
            || {
                made.fetch_add(1, Ordering::Relaxed);
                // Not Send: the state never leaves its worker.
                Rc::new(Cell::new(0u32))
            },
            |seen, &n, out| {
                seen.set(seen.get() + 1);
                // None for some items, two for others.
                for k in 0..n % 3 {
                    out.push(n * 2 + k);
                }
            },
        );
        let want: Vec<u32> = (0..1000)
            .flat_map(|n| (0..n % 3).map(move |k| n * 2 + k))
            .collect();
        assert_eq!(kept, want);
        let workers = rayon::current_num_threads();
        let made = made.load(Ordering::Relaxed);
        assert!(
            (1..=workers).contains(&made),
            "{made} states for {workers} workers"
        );
    }

    #[test]
    fn no_items_and_a_chunk_of_zero() {
        let none: Vec<u8> = map_chunks(&[] as &[u8], 0, || (), |_, &b, out| out.push(b));
        assert!(none.is_empty());
        let all = map_chunks(&[1u8, 2, 3], 0, || (), |_, &b, out| out.push(b));
        assert_eq!(all, [1, 2, 3]);
    }
}
