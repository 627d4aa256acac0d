//! Agreement between coders: Krippendorff's alpha (nominal, and with the Jaccard distance between
//! sets), its bootstrap interval, Cohen's and Fleiss' kappa, percent agreement and confusion
//! matrices. Definitions, formulas and references: `docs/ANALYSIS.md` ("Agreement").
//!
//! Written here rather than taken from a crate: no maintained Rust crate computes alpha with
//! missing values and a set distance, and the measures are a few sums each. The random draws of
//! the bootstrap come from `rand_distr` (binomial) and `rand_chacha` (a generator whose stream is
//! fixed for a seed on every platform), so the same data gives the same interval.
//!
//! Reliability data are given unit by unit, each unit a slice of the coders' values (`None` where
//! a coder gave none). Values are small integers: categories, or indices of distinct sets.

use crate::core::sort::SortErased;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use serde::Serialize;

/// Resamples drawn for an interval.
pub const BOOTSTRAP_RESAMPLES: usize = 1_000;
/// The generator's seed: a fixed one, so that an interval can be reproduced.
pub const BOOTSTRAP_SEED: u64 = 0x5EED_A1FA;

/// Alpha and what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alpha {
    /// 1 − D_o / D_e; `None` when the values do not vary at all (D_e = 0), where alpha is undefined.
    pub alpha: Option<f64>,
    /// Observed disagreement D_o.
    pub observed: f64,
    /// Expected disagreement D_e.
    pub expected: f64,
    /// Pairable values n (values in units with at least two of them).
    pub values: usize,
    /// The 95% bootstrap interval, when computed and alpha is defined.
    pub ci95: Option<[f64; 2]>,
    /// The observed pairs, grouped by distance (distance, weight): what the bootstrap draws from.
    #[serde(skip)]
    pairs: Vec<(f64, f64)>,
    /// Pairs of values a resample draws: Σ m_u (m_u − 1) / 2.
    #[serde(skip)]
    draws: u64,
}

/// The observed side of alpha: pairs of values within units, each ordered pair weighted
/// 1 / (m_u − 1), grouped by their distance.
fn observed(units: &[Vec<Option<u32>>], distance: &mut dyn FnMut(u32, u32) -> f64) -> (f64, Vec<(f64, f64)>, u64) {
    let mut n = 0usize;
    let mut draws = 0u64;
    // Few distinct distances occur (two for nominal values): a short list, searched linearly.
    let mut by_distance: Vec<(f64, f64)> = Vec::new();
    let mut values: Vec<u32> = Vec::new();
    for unit in units {
        values.clear();
        values.extend(unit.iter().flatten().copied());
        let m = values.len();
        if m < 2 {
            continue;
        }
        n += m;
        draws += (m * (m - 1) / 2) as u64;
        let weight = 1.0 / (m - 1) as f64;
        for i in 0..m {
            for j in 0..m {
                if i != j {
                    let d = if values[i] == values[j] {
                        0.0
                    } else {
                        distance(values[i], values[j])
                    };
                    match by_distance.iter_mut().find(|(x, _)| *x == d) {
                        Some((_, w)) => *w += weight,
                        None => by_distance.push((d, weight)),
                    }
                }
            }
        }
    }
    by_distance.erased_sort_by(|a, b| a.0.total_cmp(&b.0));
    (n as f64, by_distance, draws)
}

fn finish(n: f64, pairs: Vec<(f64, f64)>, draws: u64, expected: f64) -> Alpha {
    let observed = if n > 0.0 {
        pairs.iter().map(|(d, w)| d * w).sum::<f64>() / n
    } else {
        0.0
    };
    let alpha = (n > 1.0 && expected > 0.0).then(|| 1.0 - observed / expected);
    Alpha {
        alpha,
        observed,
        expected,
        values: n as usize,
        ci95: None,
        pairs,
        draws,
    }
}

/// The values of the pairable units, counted (indexed by value).
fn pairable_counts(units: &[Vec<Option<u32>>]) -> Vec<f64> {
    let mut counts: Vec<f64> = Vec::new();
    for unit in units {
        if unit.iter().flatten().count() >= 2 {
            for &v in unit.iter().flatten() {
                if counts.len() <= v as usize {
                    counts.resize(v as usize + 1, 0.0);
                }
                counts[v as usize] += 1.0;
            }
        }
    }
    counts
}

/// Krippendorff's alpha for nominal values (δ = 0 for equal values, 1 otherwise).
pub fn alpha_nominal(units: &[Vec<Option<u32>>]) -> Alpha {
    let (n, pairs, draws) = observed(units, &mut |_, _| 1.0);
    let counts = pairable_counts(units);
    let squares: f64 = counts.iter().map(|c| c * c).sum();
    let expected = if n > 1.0 {
        (n * n - squares) / (n * (n - 1.0))
    } else {
        0.0
    };
    finish(n, pairs, draws, expected)
}

/// The Jaccard distance between two sets given as sorted slices: 1 − |A ∩ B| / |A ∪ B|, and 0
/// for two empty sets.
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    1.0 - common as f64 / (a.len() + b.len() - common) as f64
}

/// Krippendorff's alpha with the Jaccard distance: each value is an index into `sets` (distinct,
/// each sorted). The expected disagreement sums the similarity of every pair of values that
/// share an element, found through an index from elements to sets, so it costs the shared
/// elements rather than every pair.
pub fn alpha_jaccard(units: &[Vec<Option<u32>>], sets: &[Vec<u32>]) -> Alpha {
    let (n, pairs, draws) = observed(units, &mut |a, b| jaccard(&sets[a as usize], &sets[b as usize]));
    let counts = pairable_counts(units);
    // Ordered pairs of values (i ≠ j) and the sum of their similarities, through an index from
    // elements to the sets that hold them; dense arrays, since values and elements are small
    // integers.
    let mut similarity = 0.0;
    let elements = sets.iter().flatten().map(|&e| e as usize + 1).max().unwrap_or(0);
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); elements];
    let present: Vec<u32> = (0..counts.len() as u32).filter(|&s| counts[s as usize] > 0.0).collect();
    for &s in &present {
        for &e in &sets[s as usize] {
            postings[e as usize].push(s);
        }
    }
    let mut shared = vec![0u32; counts.len()];
    let mut touched: Vec<u32> = Vec::new();
    for &a in &present {
        let ma = counts[a as usize];
        // A set with itself (every set, the empty one too, is at distance 0 from itself).
        similarity += ma * (ma - 1.0);
        for &e in &sets[a as usize] {
            for &b in &postings[e as usize] {
                if b != a {
                    if shared[b as usize] == 0 {
                        touched.push(b);
                    }
                    shared[b as usize] += 1;
                }
            }
        }
        for &b in &touched {
            let common = shared[b as usize] as usize;
            let union = sets[a as usize].len() + sets[b as usize].len() - common;
            similarity += ma * counts[b as usize] * common as f64 / union as f64;
            shared[b as usize] = 0;
        }
        touched.clear();
    }
    let expected = if n > 1.0 {
        (n * (n - 1.0) - similarity) / (n * (n - 1.0))
    } else {
        0.0
    };
    finish(n, pairs, draws, expected)
}

impl Alpha {
    /// The 95% interval by Krippendorff's bootstrap: each resample draws as many pairs of values
    /// as the data hold (Σ m_u (m_u − 1) / 2) from the observed coincidences, in proportion to
    /// their weight, and keeps the expected disagreement of the data: α* = 1 − D_o* / D_e. The
    /// draws of one resample are counted per distance at once (a multinomial, drawn as a chain of
    /// binomials), which is the same distribution as drawing them one by one. The interval is
    /// the 2.5th and 97.5th percentiles of `resamples` values.
    pub fn with_ci(mut self, resamples: usize, seed: u64) -> Alpha {
        if self.alpha.is_none() || self.draws == 0 || resamples == 0 {
            return self;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let total: f64 = self.pairs.iter().map(|(_, w)| w).sum();
        let mut estimates: Vec<f64> = Vec::with_capacity(resamples);
        for _ in 0..resamples {
            let (mut left, mut mass, mut sum) = (self.draws, total, 0.0);
            for &(d, w) in &self.pairs {
                if left == 0 {
                    break;
                }
                let p = (w / mass).clamp(0.0, 1.0);
                let k = match Binomial::new(left, p) {
                    Ok(b) => b.sample(&mut rng),
                    Err(_) => left,
                };
                sum += d * k as f64;
                left -= k;
                mass -= w;
            }
            let observed = sum / self.draws as f64;
            estimates.push(1.0 - observed / self.expected);
        }
        estimates.erased_sort_by(f64::total_cmp);
        let at = |q: f64| estimates[((resamples - 1) as f64 * q).round() as usize];
        self.ci95 = Some([at(0.025), at(0.975)]);
        self
    }
}

/// Percent agreement: of the pairs of coders who both coded a unit, the share that agree.
pub fn percent_agreement(units: &[Vec<Option<u32>>]) -> Option<f64> {
    let (mut agree, mut pairs) = (0usize, 0usize);
    for unit in units {
        let values: Vec<u32> = unit.iter().flatten().copied().collect();
        for i in 0..values.len() {
            for j in i + 1..values.len() {
                pairs += 1;
                agree += usize::from(values[i] == values[j]);
            }
        }
    }
    (pairs > 0).then(|| 100.0 * agree as f64 / pairs as f64)
}

/// The confusion matrix of two coders over `categories` values: `m[a][b]` counts the units
/// the first coded `a` and the second `b` (units either lacks are left out).
pub fn confusion(units: &[Vec<Option<u32>>], first: usize, second: usize, categories: usize) -> Vec<Vec<usize>> {
    let mut m = vec![vec![0usize; categories]; categories];
    for unit in units {
        if let (Some(Some(a)), Some(Some(b))) = (unit.get(first), unit.get(second)) {
            if let Some(cell) = m.get_mut(*a as usize).and_then(|row| row.get_mut(*b as usize)) {
                *cell += 1;
            }
        }
    }
    m
}

/// Cohen's kappa of a confusion matrix: (p_o − p_e) / (1 − p_e); `None` without units or when
/// p_e = 1 (both coders used one and the same value throughout).
pub fn cohen_kappa(m: &[Vec<usize>]) -> Option<f64> {
    let total: usize = m.iter().flatten().sum();
    if total == 0 {
        return None;
    }
    let t = total as f64;
    let agree: usize = (0..m.len()).map(|k| m[k][k]).sum();
    let p_o = agree as f64 / t;
    let p_e: f64 = (0..m.len())
        .map(|k| {
            let row: usize = m[k].iter().sum();
            let col: usize = m.iter().map(|r| r[k]).sum();
            (row as f64 / t) * (col as f64 / t)
        })
        .sum();
    (p_e < 1.0).then(|| (p_o - p_e) / (1.0 - p_e))
}

/// Fleiss' kappa, generalised to units coded by different numbers of coders (at least two):
/// P_i = (Σ_j n_ij² − n_i) / (n_i (n_i − 1)) per unit, P̄ their mean, p_j the share of all
/// values in category j, P̄_e = Σ p_j²; κ = (P̄ − P̄_e) / (1 − P̄_e).
pub fn fleiss_kappa(units: &[Vec<Option<u32>>], categories: usize) -> Option<f64> {
    let mut totals = vec![0f64; categories];
    let (mut agreement, mut counted, mut values) = (0.0, 0usize, 0f64);
    for unit in units {
        let mut n_ij = vec![0f64; categories];
        for v in unit.iter().flatten() {
            if let Some(c) = n_ij.get_mut(*v as usize) {
                *c += 1.0;
            }
        }
        let n_i: f64 = n_ij.iter().sum();
        if n_i < 2.0 {
            continue;
        }
        agreement += (n_ij.iter().map(|x| x * x).sum::<f64>() - n_i) / (n_i * (n_i - 1.0));
        counted += 1;
        values += n_i;
        for (t, c) in totals.iter_mut().zip(&n_ij) {
            *t += c;
        }
    }
    if counted == 0 {
        return None;
    }
    let p_bar = agreement / counted as f64;
    let p_e: f64 = totals.iter().map(|t| (t / values).powi(2)).sum();
    (p_e < 1.0).then(|| (p_bar - p_e) / (1.0 - p_e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, digits: i32) -> bool {
        (a - b).abs() < 0.5 * 10f64.powi(-digits)
    }

    /// Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four
    /// coders, twelve units, missing values; nominal alpha = 0.743.
    fn krippendorff_c() -> Vec<Vec<Option<u32>>> {
        let rows: [[u32; 12]; 4] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, 0, 0, 0],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, 0, 3],
            [0, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 0],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, 0],
        ];
        (0..12)
            .map(|u| rows.iter().map(|r| (r[u] != 0).then_some(r[u])).collect())
            .collect()
    }

    #[test]
    fn krippendorffs_example_with_missing_values() {
        let a = alpha_nominal(&krippendorff_c());
        assert_eq!(a.values, 40, "n = 40 pairable values (unit 12 has one value)");
        assert!(close(a.alpha.expect("defined"), 0.743, 3), "{a:?}");
        // The same data as sets of one element each: the Jaccard distance is then nominal.
        let sets: Vec<Vec<u32>> = (0..=5).map(|v| vec![v]).collect();
        let j = alpha_jaccard(&krippendorff_c(), &sets);
        assert!(close(j.alpha.expect("defined"), a.alpha.expect("defined"), 12), "{j:?}");
    }

    /// The textbook example of Cohen's kappa (50 items: yes/yes 20, yes/no 5, no/yes 10,
    /// no/no 15): p_o = 0.7, p_e = 0.5, kappa = 0.4.
    #[test]
    fn cohens_textbook_example() {
        let mut units = Vec::new();
        for (a, b, count) in [(0, 0, 20), (0, 1, 5), (1, 0, 10), (1, 1, 15)] {
            for _ in 0..count {
                units.push(vec![Some(a), Some(b)]);
            }
        }
        let m = confusion(&units, 0, 1, 2);
        assert_eq!(m, vec![vec![20, 5], vec![10, 15]]);
        assert!(close(cohen_kappa(&m).expect("defined"), 0.4, 10));
        assert!(close(percent_agreement(&units).expect("pairs"), 70.0, 10));
    }

    /// Fleiss (1971) as reproduced in the literature: 10 subjects, 14 raters, 5 categories;
    /// kappa = 0.210.
    #[test]
    fn fleiss_worked_example() {
        let table: [[u32; 5]; 10] = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let units: Vec<Vec<Option<u32>>> = table
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .flat_map(|(c, &k)| std::iter::repeat_n(Some(c as u32), k as usize))
                    .collect()
            })
            .collect();
        assert!(close(fleiss_kappa(&units, 5).expect("defined"), 0.210, 3));
    }

    #[test]
    fn jaccard_distances_and_a_hand_computed_alpha() {
        assert_eq!(jaccard(&[], &[]), 0.0);
        assert_eq!(jaccard(&[1], &[]), 1.0);
        assert!(close(jaccard(&[1, 2], &[2, 3]), 2.0 / 3.0, 12));
        // Two coders, two units: {1,2} vs {2,3}, and {} vs {}.
        let sets = vec![vec![1, 2], vec![2, 3], vec![]];
        let units = vec![vec![Some(0), Some(1)], vec![Some(2), Some(2)]];
        let a = alpha_jaccard(&units, &sets);
        // n = 4; D_o = (2 · 2/3) / 4 = 1/3. Ordered pairs of the values {0,1,2,2}: similarities
        // 0-1: 1/3 (twice), 2-2: 1 (twice), all others 0 → Σ sim = 2/3 + 2; D_e = (12 − 8/3) / 12.
        let d_e = (12.0 - 8.0 / 3.0) / 12.0;
        assert!(close(a.observed, 1.0 / 3.0, 12) && close(a.expected, d_e, 12), "{a:?}");
        assert!(close(a.alpha.expect("defined"), 1.0 - (1.0 / 3.0) / d_e, 12));
    }

    #[test]
    fn no_variation_leaves_alpha_undefined_and_missing_values_are_skipped() {
        let same = vec![vec![Some(1), Some(1)], vec![Some(1), None], vec![Some(1), Some(1)]];
        let a = alpha_nominal(&same);
        assert_eq!((a.alpha, a.values), (None, 4));
        assert_eq!(percent_agreement(&same), Some(100.0));
        assert_eq!(cohen_kappa(&confusion(&same, 0, 1, 2)), None);
    }

    #[test]
    fn the_bootstrap_interval_is_seeded_and_brackets_alpha() {
        let a = alpha_nominal(&krippendorff_c()).with_ci(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
        let b = alpha_nominal(&krippendorff_c()).with_ci(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED);
        let [low, high] = a.ci95.expect("interval");
        assert_eq!(a.ci95, b.ci95, "the same data gives the same interval");
        let alpha = a.alpha.expect("defined");
        assert!(low < alpha && alpha < high && high <= 1.0, "{low} {alpha} {high}");
        // A perfect agreement has no spread.
        let perfect = vec![vec![Some(0), Some(0)], vec![Some(1), Some(1)], vec![Some(2), Some(2)]];
        assert_eq!(alpha_nominal(&perfect).with_ci(200, 1).ci95, Some([1.0, 1.0]));
        // A larger sample gives a narrower interval.
        let many: Vec<Vec<Option<u32>>> = krippendorff_c().into_iter().cycle().take(120).collect();
        let [l2, h2] = alpha_nominal(&many)
            .with_ci(BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED)
            .ci95
            .expect("interval");
        assert!(h2 - l2 < high - low);
    }
}
