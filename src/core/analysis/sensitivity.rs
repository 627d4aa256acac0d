//! What a coding decision does to the mechanism: the change one relabel made ("what changed"),
//! and, for every action, what flipping its kind would do ("pivotal codings").

use super::prepared::Prepared;
use super::reinforcement::{chain_ranks, link_sets, longest_paths, reinforcement, LinkSets, Reinforcement};
use crate::core::model::{Case, Symbolic};
use crate::core::sort::natural_key;
use crate::core::sort::SortErased;
use serde::Serialize;
use std::collections::BTreeSet;

/// Every action's flips are assessed for cases up to this many actions (each flip recomputes the
/// links and the longest chain, without the counts and listings of a full analysis); larger cases
/// assess the [`PIVOTAL_SAMPLE`] most central actions.
pub const PIVOTAL_LIMIT: usize = 1_000;
/// How many actions a larger case assesses: those with the most reinforcing links and trigger
/// edges.
pub const PIVOTAL_SAMPLE: usize = 100;

/// The mechanism under one coding, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// Number of reinforcing links.
    pub links: usize,
    /// Length of the longest chains, in actions.
    pub longest: usize,
    /// The first longest chain.
    pub chain: Vec<String>,
}

/// The difference between two codings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Links the second coding has and the first has not.
    pub gained: Vec<(String, String)>,
    /// Links the first coding has and the second has not.
    pub lost: Vec<(String, String)>,
    /// Under the first coding.
    pub before: Outcome,
    /// Under the second coding.
    pub after: Outcome,
}

/// What changes from coding `before` to coding `after` (computes both analyses).
pub fn what_changed(prepared: &Prepared, case: &Case, before: &[Symbolic], after: &[Symbolic]) -> Change {
    let a = reinforcement(prepared, case, before, 1);
    let b = reinforcement(prepared, case, after, 1);
    change_between(case, &a, &b)
}

/// What an edit changed in the mechanism, from the analyses before and after it (no other
/// analysis is run). `before_case` and `after_case` are the project's shared case before and
/// after: a coding decision keeps the very same case (the same `Arc`), and links are compared by
/// place; an edit of the case makes a new one, and links are compared by the ids of their ends.
pub fn change_after_edit(
    before_case: &std::sync::Arc<Case>,
    after_case: &std::sync::Arc<Case>,
    before: &Reinforcement,
    after: &Reinforcement,
) -> Change {
    if std::sync::Arc::ptr_eq(before_case, after_case) {
        change_between(after_case, before, after)
    } else {
        change_across(before_case, after_case, before, after)
    }
}

/// What changes between two analyses of one case: links compared source by source, each
/// source's targets as two short sorted lists (no set as large as the case per source), so
/// that even millions of links cost only a pass over them.
pub fn change_between(case: &Case, before: &Reinforcement, after: &Reinforcement) -> Change {
    let n = case.actions.len();
    let (rank_a, rank_b) = (before.ranks(n), after.ranks(n));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    let id = |i: usize| case.actions[i].id.clone();
    for x in 0..n {
        if rank_a[x].is_none() && rank_b[x].is_none() {
            continue;
        }
        before.targets_into(rank_a[x], &mut a);
        after.targets_into(rank_b[x], &mut b);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(&p), Some(&q)) if p == q => {
                    i += 1;
                    j += 1;
                }
                (Some(&p), Some(&q)) if p < q => {
                    lost.push((id(x), id(p)));
                    i += 1;
                }
                (Some(&p), None) => {
                    lost.push((id(x), id(p)));
                    i += 1;
                }
                (_, Some(&q)) => {
                    gained.push((id(x), id(q)));
                    j += 1;
                }
                (None, None) => break,
            }
        }
    }
    change_of(gained, lost, before, after)
}

/// What changes between the analyses of two versions of a case (an edit of the case itself):
/// links are compared by the ids of their ends, since the actions' places may differ.
pub fn change_across(before_case: &Case, after_case: &Case, before: &Reinforcement, after: &Reinforcement) -> Change {
    let a: BTreeSet<(String, String)> = before.link_ids(before_case).into_iter().collect();
    let b: BTreeSet<(String, String)> = after.link_ids(after_case).into_iter().collect();
    let gained: Vec<(String, String)> = b.difference(&a).cloned().collect();
    let lost: Vec<(String, String)> = a.difference(&b).cloned().collect();
    change_of(gained, lost, before, after)
}

/// The change, its link lists in natural id order.
fn change_of(
    mut gained: Vec<(String, String)>,
    mut lost: Vec<(String, String)>,
    before: &Reinforcement,
    after: &Reinforcement,
) -> Change {
    let order = |v: &mut Vec<(String, String)>| v.erased_sort_by_cached_key(|(x, y)| (natural_key(x), natural_key(y)));
    order(&mut gained);
    order(&mut lost);
    Change {
        gained,
        lost,
        before: outcome(before),
        after: outcome(after),
    }
}

fn outcome(r: &Reinforcement) -> Outcome {
    Outcome {
        links: r.link_count,
        longest: r.longest_length,
        chain: r.longest_chains.first().map(|c| c.ids.clone()).unwrap_or_default(),
    }
}

/// What flipping one action's kind would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pivot {
    /// The action.
    pub action: String,
    /// Its current kind.
    pub from: Symbolic,
    /// The kind it would get.
    pub to: Symbolic,
    /// Links it would add.
    pub gained: usize,
    /// Links it would remove.
    pub lost: usize,
    /// The mechanism now.
    pub before: Outcome,
    /// The mechanism after the flip.
    pub after: Outcome,
}

impl Pivot {
    /// How much the flip matters: the change in the longest chain first, then in links.
    pub fn effect(&self) -> (usize, usize) {
        (
            self.before.longest.abs_diff(self.after.longest),
            self.gained + self.lost,
        )
    }
}

/// Pivotal codings: the flips assessed, most consequential first, and which actions were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pivotal {
    /// The flips, most consequential first.
    pub pivots: Vec<Pivot>,
    /// How many actions were assessed.
    pub assessed: usize,
    /// Of how many (less than all: a sample of the most central).
    pub of: usize,
}

/// The actions a case's pivotal codings assess: all of them up to [`PIVOTAL_LIMIT`], else the
/// [`PIVOTAL_SAMPLE`] with the most reinforcing links and trigger edges (ties in natural id order).
fn assessed_actions(prepared: &Prepared, case: &Case, base: &Reinforcement) -> Vec<usize> {
    let n = case.actions.len();
    if n <= PIVOTAL_LIMIT {
        return (0..n).collect();
    }
    let mut degree: Vec<usize> = (0..n)
        .map(|v| prepared.graph.successors[v].len() + prepared.graph.predecessors[v].len())
        .collect();
    for (x, y) in base.links() {
        degree[x] += 1;
        degree[y] += 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.erased_sort_by_key(|&v| (std::cmp::Reverse(degree[v]), prepared.natural_rank[v]));
    order.truncate(PIVOTAL_SAMPLE);
    order.erased_sort();
    order
}

/// Every flip of the assessed actions under the current coding, most consequential first: a
/// symbolic action to substantive and to the other symbolic kind (conformity ⇄ advocacy), a
/// substantive one to each symbolic kind.
pub fn pivotal(prepared: &Prepared, case: &Case, kinds: &[Symbolic]) -> Pivotal {
    let mut job = PivotalJob::new(prepared, case, kinds);
    while job.step(prepared, case) {}
    job.finish()
}

/// Pivotal codings computed an action at a time, so that an interface can spread the work over
/// several slices of time and drop it when the coding changes. Every [`PivotalJob::step`] must be
/// given the same case and preparation as [`PivotalJob::new`].
pub struct PivotalJob {
    kinds: Vec<Symbolic>,
    base: Outcome,
    base_links: LinkSets,
    assessed: Vec<usize>,
    next: usize,
    pivots: Vec<Pivot>,
    of: usize,
}

impl PivotalJob {
    /// The job for one coding: the base analysis done, no flip assessed yet.
    pub fn new(prepared: &Prepared, case: &Case, kinds: &[Symbolic]) -> Self {
        let base_r = reinforcement(prepared, case, kinds, 1);
        PivotalJob {
            kinds: kinds.to_vec(),
            base: outcome(&base_r),
            base_links: link_sets(prepared, kinds),
            assessed: assessed_actions(prepared, case, &base_r),
            next: 0,
            pivots: Vec::new(),
            of: case.actions.len(),
        }
    }

    /// How many actions are assessed so far, of how many to assess.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.assessed.len())
    }

    /// Assesses the flips of the next action; false when every action is done.
    pub fn step(&mut self, prepared: &Prepared, case: &Case) -> bool {
        let Some(&i) = self.assessed.get(self.next) else {
            return false;
        };
        self.next += 1;
        let from = self.kinds[i];
        let targets: &[Symbolic] = match from {
            Symbolic::Conformity => &[Symbolic::Substantive, Symbolic::Advocacy],
            Symbolic::Advocacy => &[Symbolic::Substantive, Symbolic::Conformity],
            Symbolic::Substantive => &[Symbolic::Conformity, Symbolic::Advocacy],
        };
        for &to in targets {
            self.kinds[i] = to;
            let links = link_sets(prepared, &self.kinds);
            let paths = longest_paths(&links.out);
            let chain = chain_ranks(prepared, &links, &paths, 1)
                .into_iter()
                .next()
                .map(|ranks| {
                    ranks
                        .iter()
                        .map(|&r| case.actions[links.ranked[r]].id.clone())
                        .collect()
                })
                .unwrap_or_default();
            let count = links.count();
            let common = common_links(&self.base_links, &links, i);
            self.pivots.push(Pivot {
                action: case.actions[i].id.clone(),
                from,
                to,
                gained: count - common,
                lost: self.base.links - common,
                before: self.base.clone(),
                after: Outcome {
                    links: count,
                    longest: paths.length,
                    chain,
                },
            });
        }
        self.kinds[i] = from;
        self.next < self.assessed.len()
    }

    /// The flips assessed, most consequential first.
    pub fn finish(self) -> Pivotal {
        let mut pivots = self.pivots;
        pivots.erased_sort_by(|a, b| {
            b.effect()
                .cmp(&a.effect())
                .then_with(|| natural_key(&a.action).cmp(&natural_key(&b.action)))
        });
        Pivotal {
            pivots,
            assessed: self.next,
            of: self.of,
        }
    }
}

/// The links two codings share when they differ in the kind of action `i` only, compared set by
/// set: their rank spaces are the same (a swap of symbolic kinds) or differ by `i`'s rank alone,
/// which is taken out of the larger space.
fn common_links(a: &LinkSets, b: &LinkSets, i: usize) -> usize {
    let (in_a, in_b) = (a.rank_of[i] != usize::MAX, b.rank_of[i] != usize::MAX);
    if in_a == in_b {
        return a.out.iter().zip(&b.out).map(|(x, y)| x.intersection_len(y)).sum();
    }
    let (large, small) = if in_a { (a, b) } else { (b, a) };
    let k = large.rank_of[i];
    let len = large.ranked.len();
    large
        .out
        .iter()
        .enumerate()
        .filter(|&(r, _)| r != k)
        .map(|(r, set)| {
            set.without_index(k, len)
                .intersection_len(&small.out[r - usize::from(r > k)])
        })
        .sum()
}

/// What recoding one action's aspect would do: its reinforcing links would join another pair of
/// aspects (the links themselves do not depend on aspects).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AspectPivot {
    /// The action.
    pub action: String,
    /// Its aspect now.
    pub aspect: Option<crate::core::model::Aspect>,
    /// The reinforcing links in or out of it, which any aspect recode moves to another pair.
    pub links_moved: usize,
}

/// The aspect codings the movement between aspects hinges on: actions with reinforcing links,
/// the most linked first (ties in natural id order). `aspects[i]` is action `i`'s current aspect.
pub fn aspect_pivots(
    case: &Case,
    r: &Reinforcement,
    aspects: &[Option<crate::core::model::Aspect>],
) -> Vec<AspectPivot> {
    let mut degree = vec![0usize; case.actions.len()];
    for (x, y) in r.links() {
        degree[x] += 1;
        degree[y] += 1;
    }
    let mut out: Vec<AspectPivot> = degree
        .iter()
        .enumerate()
        .filter(|(_, d)| **d > 0)
        .map(|(v, &d)| AspectPivot {
            action: case.actions[v].id.clone(),
            aspect: aspects.get(v).copied().unwrap_or(case.actions[v].aspect),
            links_moved: d,
        })
        .collect();
    out.erased_sort_by(|a, b| {
        b.links_moved
            .cmp(&a.links_moved)
            .then_with(|| natural_key(&a.action).cmp(&natural_key(&b.action)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analysis::analyze::coded_kinds;

    use crate::core::builtin::telco;

    #[test]
    fn making_am4_substantive_loses_its_links_and_breaks_the_chain() {
        let case = telco();
        let prepared = Prepared::new(&case);
        let before = coded_kinds(&case);
        let mut after = before.clone();
        after[case.actions.iter().position(|a| a.id == "AM4").expect("AM4")] = Symbolic::Substantive;
        let change = what_changed(&prepared, &case, &before, &after);
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            change.lost,
            vec![s("AM4", "DS5"), s("AM4", "DS6"), s("AM4", "DS8"), s("DS2", "AM4")]
        );
        assert!(change.gained.is_empty());
        assert_eq!(change.before.longest, 8);
        assert_eq!(change.after.longest, 5);
        assert!(change.before.chain.contains(&"AM4".to_string()) && !change.after.chain.contains(&"AM4".to_string()));
    }

    /// Links compared source by source give what the sets of link ids give, gains and losses,
    /// for recodes of every kind on a generated case.
    #[test]
    fn links_compared_by_source_match_the_sets_of_link_ids() {
        let case = crate::core::synthetic::synthetic_case(600, 11);
        let prepared = Prepared::new(&case);
        let before = coded_kinds(&case);
        let mut rng = crate::core::synthetic::Rng::new(5);
        let mut seen = (false, false);
        for _ in 0..8 {
            let mut after = before.clone();
            for _ in 0..6 {
                let i = (rng.next_u64() % 600) as usize;
                after[i] = Symbolic::ALL[(rng.next_u64() % 3) as usize];
            }
            let (a, b) = (
                reinforcement(&prepared, &case, &before, 1),
                reinforcement(&prepared, &case, &after, 1),
            );
            let by_source = change_between(&case, &a, &b);
            let by_ids = change_across(&case, &case, &a, &b);
            assert_eq!(by_source, by_ids);
            seen.0 |= !by_source.gained.is_empty();
            seen.1 |= !by_source.lost.is_empty();
        }
        assert_eq!(seen, (true, true), "gains and losses both tried");
    }

    #[test]
    fn pivotal_codings_rank_the_chain_breakers_first() {
        let case = telco();
        let prepared = Prepared::new(&case);
        let result = pivotal(&prepared, &case, &coded_kinds(&case));
        assert_eq!((result.assessed, result.of), (22, 22), "a small case: every action");
        let pivots = result.pivots;
        assert_eq!(pivots.len(), 2 * 22, "two alternatives for every action");
        let swap = pivots
            .iter()
            .find(|p| p.action == "AM4" && p.to == Symbolic::Advocacy)
            .expect("the swap of AM4");
        assert_eq!(swap.from, Symbolic::Conformity);
        assert!(swap.lost >= 4, "AM4's links to advocacy go: {swap:?}");
        let top = &pivots[0];
        assert!(top.effect().0 >= 3, "{top:?}");
        for p in &pivots {
            assert!(p.effect() <= top.effect());
            assert_ne!(p.from, p.to);
        }
        let am4 = pivots.iter().find(|p| p.action == "AM4").expect("AM4");
        assert_eq!((am4.to, am4.lost, am4.after.longest), (Symbolic::Substantive, 4, 5));
        // DS4 made conformity would join DS2 ⇒ DS4 ⇒ DS5 … but AM4 still blocks nothing: the chain grows.
        let ds4 = pivots
            .iter()
            .find(|p| p.action == "DS4" && p.to == Symbolic::Conformity)
            .expect("DS4");
        assert!(ds4.gained > 0);
    }

    /// Each flip assessed as a full analysis would: the links compared one by one, the longest
    /// chain and the first listed chain.
    #[test]
    fn every_flip_matches_a_full_analysis_of_the_flipped_coding() {
        let mut cyclic = crate::core::synthetic::synthetic_case(150, 5);
        // Trigger cycles: early actions triggered by late ones.
        for (early, late) in [(2, 149), (10, 120), (40, 41)] {
            let id = cyclic.actions[late].id.clone();
            cyclic.actions[early].triggers.push(id);
        }
        let cases = [
            crate::core::synthetic::synthetic_case(120, 3),
            crate::core::synthetic::synthetic_case(200, 11),
            cyclic,
            telco(),
        ];
        for case in cases {
            let n = case.actions.len();
            for prepared in [
                Prepared::new(&case),
                Prepared::new_with(&case, crate::core::analysis::Options { with_mentions: true }),
            ] {
                let kinds = coded_kinds(&case);
                let base = reinforcement(&prepared, &case, &kinds, 1);
                let base_links: BTreeSet<(usize, usize)> = base.links().collect();
                let result = pivotal(&prepared, &case, &kinds);
                assert_eq!(result.pivots.len(), 2 * n);
                for p in &result.pivots {
                    let i = case.actions.iter().position(|a| a.id == p.action).expect("action");
                    let mut flipped = kinds.clone();
                    flipped[i] = p.to;
                    let full = reinforcement(&prepared, &case, &flipped, 1);
                    let links: BTreeSet<(usize, usize)> = full.links().collect();
                    assert_eq!(p.gained, links.difference(&base_links).count(), "{p:?}");
                    assert_eq!(p.lost, base_links.difference(&links).count(), "{p:?}");
                    assert_eq!(p.after, outcome(&full), "{p:?}");
                }
            }
        }
    }

    #[test]
    fn a_large_case_is_assessed_on_its_most_central_actions_said_as_such() {
        let case = crate::core::synthetic::synthetic_case(PIVOTAL_LIMIT + 50, 9);
        let prepared = Prepared::new(&case);
        let result = pivotal(&prepared, &case, &coded_kinds(&case));
        assert_eq!((result.assessed, result.of), (PIVOTAL_SAMPLE, PIVOTAL_LIMIT + 50));
        assert_eq!(result.pivots.len(), 2 * PIVOTAL_SAMPLE);
    }

    #[test]
    fn aspect_pivots_rank_the_most_linked_actions() {
        let case = telco();
        let prepared = Prepared::new(&case);
        let kinds = coded_kinds(&case);
        let r = reinforcement(&prepared, &case, &kinds, 1);
        let aspects: Vec<_> = case.actions.iter().map(|a| a.aspect).collect();
        let list = aspect_pivots(&case, &r, &aspects);
        let total: usize = list.iter().map(|p| p.links_moved).sum();
        assert_eq!(total, 2 * r.link_count, "each link has two ends");
        assert!(list.windows(2).all(|w| w[0].links_moved >= w[1].links_moved));
        // AM4 has four links (DS2 ⇒ AM4, AM4 ⇒ DS5, DS6, DS8).
        assert_eq!(list.iter().find(|p| p.action == "AM4").map(|p| p.links_moved), Some(4));
    }
}
