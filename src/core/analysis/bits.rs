//! A fixed-size bit set over `0..len`, stored as `u64` words.

/// A set of small indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    /// An empty set able to hold `0..len`.
    pub fn new(len: usize) -> Self {
        BitSet {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// Adds `i`.
    pub fn insert(&mut self, i: usize) {
        if let Some(w) = self.words.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }

    /// True when `i` is in the set.
    pub fn contains(&self, i: usize) -> bool {
        self.words.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Adds every member of `other`.
    pub fn union_with(&mut self, other: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// Adds the members given as raw words (see [`BitSet::words`]).
    pub fn union_with_words(&mut self, words: &[u64]) {
        for (a, b) in self.words.iter_mut().zip(words) {
            *a |= b;
        }
    }

    /// Keeps only the members of `mask`.
    pub fn intersect_with(&mut self, mask: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&mask.words) {
            *a &= b;
        }
    }

    /// The raw words, bit `i` of word `w` standing for member `64 * w + i`.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    /// The members of `self` that are not in `other`, ascending.
    pub fn difference<'a>(&'a self, other: &'a BitSet) -> impl Iterator<Item = usize> + 'a {
        self.words
            .iter()
            .zip(other.words.iter().chain(std::iter::repeat(&0)))
            .enumerate()
            .flat_map(|(wi, (&a, &b))| members_of_word(wi, a & !b))
    }

    /// Calls `f` with every member above `r`, ascending: a plain word scan, for hot loops.
    #[inline]
    pub fn for_each_above(&self, r: usize, mut f: impl FnMut(usize)) {
        let first = (r + 1) / 64;
        for (wi, &word) in self.words.iter().enumerate().skip(first) {
            let mut w = if wi == first {
                word & (!0u64).checked_shl(((r + 1) % 64) as u32).unwrap_or(0)
            } else {
                word
            };
            while w != 0 {
                f(wi * 64 + w.trailing_zeros() as usize);
                w &= w - 1;
            }
        }
    }

    /// The set with index `k` taken out of the index space: members above `k` move down by one,
    /// `k` itself is dropped. `len` is the size of this set's index space.
    pub fn without_index(&self, k: usize, len: usize) -> BitSet {
        let mut out = BitSet::new(len.saturating_sub(1));
        let (kw, low) = (k / 64, (1u64 << (k % 64)) - 1);
        for (w, slot) in out.words.iter_mut().enumerate() {
            let cur = self.words.get(w).copied().unwrap_or(0);
            let shifted = (cur >> 1) | (self.words.get(w + 1).copied().unwrap_or(0) << 63);
            *slot = match w.cmp(&kw) {
                std::cmp::Ordering::Less => cur,
                std::cmp::Ordering::Equal => (cur & low) | (shifted & !low),
                std::cmp::Ordering::Greater => shifted,
            };
        }
        out
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The number of members shared with `other`.
    pub fn intersection_len(&self, other: &BitSet) -> usize {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// The number of members in `lo..=hi`.
    pub fn range_len(&self, lo: usize, hi: usize) -> usize {
        if lo > hi {
            return 0;
        }
        let (first, last) = (lo / 64, hi / 64);
        (first..=last.min(self.words.len().saturating_sub(1)))
            .map(|wi| {
                let mut w = self.words[wi];
                if wi == first {
                    w &= !0u64 << (lo % 64);
                }
                if wi == last && hi % 64 != 63 {
                    w &= (1u64 << (hi % 64 + 1)) - 1;
                }
                w.count_ones() as usize
            })
            .sum()
    }

    /// Removes every member.
    pub fn clear(&mut self) {
        self.words.fill(0);
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// The members, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .flat_map(|(wi, &word)| members_of_word(wi, word))
    }
}

/// The members a word stands for, word `wi` holding members `64 * wi ..`.
fn members_of_word(wi: usize, word: u64) -> impl Iterator<Item = usize> {
    let mut w = word;
    std::iter::from_fn(move || {
        if w == 0 {
            return None;
        }
        let bit = w.trailing_zeros() as usize;
        w &= w - 1;
        Some(wi * 64 + bit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_union_intersect_iterate() {
        let mut a = BitSet::new(130);
        a.insert(0);
        a.insert(64);
        a.insert(129);
        let mut b = BitSet::new(130);
        b.insert(5);
        b.union_with(&a);
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![0, 5, 64, 129]);
        assert_eq!(b.len(), 4);
        let mut mask = BitSet::new(130);
        mask.insert(64);
        mask.insert(5);
        b.intersect_with(&mask);
        assert_eq!(b.iter().collect::<Vec<_>>(), vec![5, 64]);
        assert!(b.contains(64) && !b.contains(0));
        assert!(BitSet::new(10).is_empty());
        let mut c = BitSet::new(200);
        for i in [0, 63, 64, 65, 127, 128, 199] {
            c.insert(i);
        }
        assert_eq!(c.range_len(0, 199), 7);
        assert_eq!(c.range_len(63, 64), 2);
        assert_eq!(c.range_len(1, 62), 0);
        assert_eq!(c.range_len(65, 128), 3);
        assert_eq!(c.range_len(5, 4), 0);
        let mut above = Vec::new();
        c.for_each_above(63, |i| above.push(i));
        assert_eq!(above, vec![64, 65, 127, 128, 199]);
    }

    #[test]
    fn taking_an_index_out_shifts_the_members_above_it() {
        let members = [0, 5, 62, 63, 64, 65, 127, 128, 129];
        let mut c = BitSet::new(130);
        for i in members {
            c.insert(i);
        }
        for k in [0, 5, 6, 63, 64, 100, 127, 128, 129] {
            let expected: Vec<usize> = members
                .iter()
                .filter(|&&i| i != k)
                .map(|&i| if i > k { i - 1 } else { i })
                .collect();
            assert_eq!(c.without_index(k, 130).iter().collect::<Vec<_>>(), expected, "k = {k}");
        }
        assert_eq!(BitSet::new(64).without_index(0, 64).words().len(), 1);
        assert!(BitSet::new(1).without_index(0, 1).is_empty());
    }
}
