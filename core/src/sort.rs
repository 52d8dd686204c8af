//! The crate's one sort: stable, O(n log n), compiled once.
//!
//! Why not the standard library's: each `sort`/`sort_by`/`sort_unstable` with its own element type or comparison
//! closure gets its own copy of std's driftsort or ipnsort (2-5 KB of wasm each), and the browser build has a
//! size budget (consumers/js/scripts/build.mjs; CONTRIBUTING.md, "Keep the browser build small"). Here the
//! algorithm is one non-generic merge sort of positions; a caller's element type and comparison reach it through a
//! small trait object, so a new call site adds only its comparison closure. Stable everywhere (equal elements keep
//! their order), which is also a valid answer wherever an unstable sort was enough. No allocation for up to
//! `SMALL` elements; above that, one buffer of 2n positions per sort.

use std::cmp::Ordering;

/// Sort `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    if n > 1 {
        sort_dyn(n, &mut Slice { v, cmp });
    }
}

/// Sort `v` stably by a key, like `slice::sort_by_key` (the key is computed on every comparison).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sort `v` stably in ascending order, like `slice::sort` (and `sort_unstable`: equal elements of an `Ord` type
/// this crate sorts are indistinguishable).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// What the non-generic sort needs from a slice: compare and swap two positions.
trait Sortable {
    fn cmp(&mut self, a: usize, b: usize) -> Ordering;
    fn swap(&mut self, a: usize, b: usize);
}

struct Slice<'a, T, F> {
    v: &'a mut [T],
    cmp: F,
}

impl<T, F: FnMut(&T, &T) -> Ordering> Sortable for Slice<'_, T, F> {
    fn cmp(&mut self, a: usize, b: usize) -> Ordering {
        (self.cmp)(&self.v[a], &self.v[b])
    }
    fn swap(&mut self, a: usize, b: usize) {
        self.v.swap(a, b);
    }
}

/// Up to this many elements the positions live on the stack.
const SMALL: usize = 32;

/// Sorts the positions `0..n` by the elements' order, then moves the elements into that order.
fn sort_dyn(n: usize, s: &mut dyn Sortable) {
    let mut stack = [0usize; 2 * SMALL];
    let mut heap = Vec::new();
    let scratch: &mut [usize] = if n <= SMALL {
        &mut stack[..2 * n]
    } else {
        heap.resize(2 * n, 0);
        &mut heap
    };
    let (order, buf) = scratch.split_at_mut(n);
    for (i, p) in order.iter_mut().enumerate() {
        *p = i;
    }
    merge_sort(order, buf, s);
    permute(order, s);
}

/// Bottom-up merge sort of `order` (positions) with `buf` as the other half of each pass. Runs of width 1, 2, 4…
/// are merged pairwise; a pair already in order is copied without merging, so sorted input costs n comparisons.
fn merge_sort(order: &mut [usize], buf: &mut [usize], s: &mut dyn Sortable) {
    let n = order.len();
    let (mut from, mut to) = (order, buf);
    let mut width = 1;
    let mut in_order = true; // the sorted positions are in `order` (not `buf`)
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            merge(&from[lo..mid], &from[mid..hi], &mut to[lo..hi], s);
            lo = hi;
        }
        std::mem::swap(&mut from, &mut to);
        in_order = !in_order;
        width *= 2;
    }
    if !in_order {
        to.copy_from_slice(from);
    }
}

/// Merges two sorted runs into `out`; on ties the left run's element comes first (stability).
fn merge(left: &[usize], right: &[usize], out: &mut [usize], s: &mut dyn Sortable) {
    if let (Some(&l), Some(&r)) = (left.last(), right.first()) {
        if s.cmp(r, l) != Ordering::Less {
            out[..left.len()].copy_from_slice(left);
            out[left.len()..].copy_from_slice(right);
            return;
        }
    }
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_right =
            i == left.len() || (j < right.len() && s.cmp(right[j], left[i]) == Ordering::Less);
        if take_right {
            *slot = right[j];
            j += 1;
        } else {
            *slot = left[i];
            i += 1;
        }
    }
}

/// Puts the element at position `order[k]` at position `k`, for every k, by swaps along each cycle of the
/// permutation (n swaps at most); `order` is used up (each visited entry is set to its own position).
fn permute(order: &mut [usize], s: &mut dyn Sortable) {
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != start {
            let next = order[k];
            s.swap(k, next);
            order[k] = k;
            k = next;
        }
        order[k] = k;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so the test needs no dependency.
    fn values(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        // The oracle is std's stable sort: same keys in the same order, ties in input order (the index).
        for n in [0, 1, 2, 3, 5, 8, 31, 32, 33, 64, 100, 257, 1000] {
            for (seed, range) in [(1, 3), (7, 10), (42, 1_000_000)] {
                let mut mine: Vec<(u64, usize)> = values(seed + n as u64, n, range)
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, i))
                    .collect();
                let mut std = mine.clone();
                std.sort_by_key(|&(k, _)| k);
                sort_by_key(&mut mine, |&(k, _)| k);
                assert_eq!(mine, std, "n = {n}, range = {range}");
            }
        }
    }

    #[test]
    fn sorted_reversed_and_equal_inputs() {
        let mut up: Vec<u32> = (0..100).collect();
        sort(&mut up);
        assert_eq!(up, (0..100).collect::<Vec<_>>());
        let mut down: Vec<u32> = (0..100).rev().collect();
        sort(&mut down);
        assert_eq!(down, (0..100).collect::<Vec<_>>());
        // All keys equal: a stable sort leaves the order alone.
        let mut same: Vec<(u8, usize)> = (0..50).map(|i| (7, i)).collect();
        sort_by(&mut same, |a, b| a.0.cmp(&b.0));
        assert_eq!(same, (0..50).map(|i| (7, i)).collect::<Vec<_>>());
    }

    #[test]
    fn sorts_strings_descending() {
        let mut v = vec!["pear", "apple", "fig", "apple"];
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["pear", "fig", "apple", "apple"]);
    }
}
