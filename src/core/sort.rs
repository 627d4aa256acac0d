//! One stable sort for every element type and ordering.
//!
//! The standard library's sorts are generic: each element type and comparison compiles a sort
//! of its own, about 5 KB of wasm apiece, and the app had more than 40 of them (184 KB of its
//! optimised wasm, 8%). Here the generic part only says how two places compare and moves the
//! elements into their order; the sorting itself is one routine, over indices, behind a
//! `&mut dyn FnMut`. It is stable, like `<[T]>::sort_by`, so the result is the same as the
//! standard library's stable sort for any consistent ordering. Written by hand because no
//! library sorts through a type-erased comparison; the sort itself is still the standard one.
//! Also [`natural_key`], the order of action ids (DS2 before DS10) that every listing follows.
//!
//! The command line sorts this way too: `analyze` on the 3,000-action case of the native
//! benchmark, twelve runs of each alternately, took the same CPU time as with the standard
//! library's sorts (medians 22.9 and 22.9 ms), and wrote the same bytes.

use std::cmp::Ordering;

/// Stable sorts through the one sorting routine of this module ([`sorted_places`]).
pub trait SortErased<T> {
    /// Sorts stably by `compare`, as `sort_by` does.
    fn erased_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering);
    /// Sorts stably by a key, as `sort_by_key` does.
    fn erased_sort_by_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K);
    /// Sorts stably by a key computed once per element, as `sort_by_cached_key` does.
    fn erased_sort_by_cached_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K);
    /// Sorts stably, as `sort` does.
    fn erased_sort(&mut self)
    where
        T: Ord;
}

impl<T> SortErased<T> for [T] {
    fn erased_sort_by(&mut self, compare: impl FnMut(&T, &T) -> Ordering) {
        erased_by(self, compare);
    }

    fn erased_sort_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        erased_by(self, |a, b| key(a).cmp(&key(b)));
    }

    fn erased_sort_by_cached_key<K: Ord>(&mut self, key: impl FnMut(&T) -> K) {
        erased_by_cached_key(self, key);
    }

    fn erased_sort(&mut self)
    where
        T: Ord,
    {
        erased_by(self, T::cmp);
    }
}

/// Sorts `v` stably by `compare` through [`sorted_places`].
fn erased_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let v: &[T] = v;
        sorted_places(v.len(), &mut |a, b| compare(&v[a], &v[b]))
    };
    permute(v, order);
}

/// Sorts `v` stably by a key computed once per element, through [`sorted_places`].
fn erased_by_cached_key<T, K: Ord>(v: &mut [T], key: impl FnMut(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let order = sorted_places(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    permute(v, order);
}

/// The places `0..n` in the order `compare` gives them (stable: equal places keep their order).
/// The only sort compiled for all the element types.
fn sorted_places(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts `v` in `order`: afterwards `v[i]` is what was at `order[i]`. In place, by swaps: each
/// place takes its element from where the earlier swaps have moved it.
fn permute<T>(v: &mut [T], order: Vec<usize>) {
    for (i, &from) in order.iter().enumerate() {
        let mut from = from;
        // The element once at `from` was moved on by the swap at place `from`, if that came
        // earlier: follow it to where it is now.
        while from < i {
            from = order[from];
        }
        v.swap(i, from);
    }
}

/// Splits an id into text and number runs so that DS2 sorts before DS10.
pub fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                parts.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
                digits.clear();
            }
            text.push(c);
        }
    }
    parts.push((text, digits.parse().unwrap_or(0)));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// These sorts against the standard library's stable sorts, on random data with
    /// many equal keys, so that stability shows: every result is the same, element for element.
    #[test]
    fn sorts_as_the_standard_library_does() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for n in [0usize, 1, 2, 3, 5, 17, 100, 1_000] {
            for _ in 0..20 {
                let v: Vec<(u8, u32)> = (0..n).map(|i| (rng.random_range(0..6), i as u32)).collect();
                let mut ours = v.clone();
                let mut std = v.clone();
                erased_by(&mut ours, |a, b| a.0.cmp(&b.0));
                std.sort_by_key(|a| a.0);
                assert_eq!(ours, std, "sort_by, {n} elements");
                let mut ours = v.clone();
                let mut std = v.clone();
                erased_by(&mut ours, |a, b| std::cmp::Reverse(a.0).cmp(&std::cmp::Reverse(b.0)));
                std.sort_by_key(|x| std::cmp::Reverse(x.0));
                assert_eq!(ours, std, "sort_by_key, {n} elements");
                let mut ours = v.clone();
                let mut std = v.clone();
                erased_by_cached_key(&mut ours, |x| x.0.to_string());
                std.sort_by_cached_key(|x| x.0.to_string());
                assert_eq!(ours, std, "sort_by_cached_key, {n} elements");
                let mut ours: Vec<String> = v.iter().map(|x| format!("{}-{}", x.0, x.1 % 3)).collect();
                let mut std = ours.clone();
                erased_by(&mut ours, String::cmp);
                std.sort();
                assert_eq!(ours, std, "sort, {n} elements");
            }
        }
    }

    /// Every permutation of five places is applied as asked (the swaps follow moved elements).
    #[test]
    fn permutes_in_place() {
        fn permutations(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![Vec::new()];
            }
            let mut out = Vec::new();
            for p in permutations(n - 1) {
                for at in 0..n {
                    let mut q = p.clone();
                    q.insert(at, n - 1);
                    out.push(q);
                }
            }
            out
        }
        for order in permutations(5) {
            let mut v = vec!['a', 'b', 'c', 'd', 'e'];
            let want: Vec<char> = order.iter().map(|&i| v[i]).collect();
            permute(&mut v, order.clone());
            assert_eq!(v, want, "{order:?}");
        }
    }
}
