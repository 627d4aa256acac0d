//! What a coding decision does to the mechanism: the change one relabel made ("what changed"),
//! and, for every action, what flipping its kind would do ("pivotal codings").

use super::bits::BitSet;
use super::reinforcement::{reinforcement, Reinforcement};
use super::Prepared;
use crate::core::model::{Case, Symbolic};
use crate::core::table::natural_key;
use serde::Serialize;
use std::collections::BTreeSet;

/// Every action's flips are assessed for cases up to this many actions (each flip is a full
/// analysis); larger cases assess the [`PIVOTAL_SAMPLE`] most central actions.
pub const PIVOTAL_LIMIT: usize = 400;
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

fn links_and_outcome(prepared: &Prepared, case: &Case, kinds: &[Symbolic]) -> (BTreeSet<(usize, usize)>, Outcome) {
    let r = reinforcement(prepared, case, kinds, 1);
    let links: BTreeSet<(usize, usize)> = r.links().collect();
    let chain = r.longest_chains.first().map(|c| c.ids.clone()).unwrap_or_default();
    (
        links,
        Outcome {
            links: r.link_count,
            longest: r.longest_length,
            chain,
        },
    )
}

/// What changes from coding `before` to coding `after` (computes both analyses).
pub fn what_changed(prepared: &Prepared, case: &Case, before: &[Symbolic], after: &[Symbolic]) -> Change {
    let a = reinforcement(prepared, case, before, 1);
    let b = reinforcement(prepared, case, after, 1);
    change_between(case, &a, &b)
}

/// What changes between two analyses of one case: links compared source by source as bit sets,
/// so that even millions of links cost only a pass over them.
pub fn change_between(case: &Case, before: &Reinforcement, after: &Reinforcement) -> Change {
    let n = case.actions.len();
    let (a, b) = (before.targets_by_source(n), after.targets_by_source(n));
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    let empty = BitSet::new(n);
    for x in 0..n {
        let (from_a, from_b) = (a[x].as_ref().unwrap_or(&empty), b[x].as_ref().unwrap_or(&empty));
        if a[x].is_none() && b[x].is_none() {
            continue;
        }
        for y in from_b.difference(from_a) {
            gained.push((case.actions[x].id.clone(), case.actions[y].id.clone()));
        }
        for y in from_a.difference(from_b) {
            lost.push((case.actions[x].id.clone(), case.actions[y].id.clone()));
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
    let order = |v: &mut Vec<(String, String)>| v.sort_by_cached_key(|(x, y)| (natural_key(x), natural_key(y)));
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
    order.sort_by_key(|&v| (std::cmp::Reverse(degree[v]), prepared.natural_rank[v]));
    order.truncate(PIVOTAL_SAMPLE);
    order.sort_unstable();
    order
}

/// Every flip of the assessed actions under the current coding, most consequential first: a
/// symbolic action to substantive and to the other symbolic kind (conformity ⇄ advocacy), a
/// substantive one to each symbolic kind.
pub fn pivotal(prepared: &Prepared, case: &Case, kinds: &[Symbolic]) -> Pivotal {
    let base_r = reinforcement(prepared, case, kinds, 1);
    let base_links: BTreeSet<(usize, usize)> = base_r.links().collect();
    let base = outcome(&base_r);
    let assessed = assessed_actions(prepared, case, &base_r);
    let mut pivots = Vec::new();
    let mut flipped = kinds.to_vec();
    for &i in &assessed {
        let from = kinds[i];
        let targets: &[Symbolic] = match from {
            Symbolic::Conformity => &[Symbolic::Substantive, Symbolic::Advocacy],
            Symbolic::Advocacy => &[Symbolic::Substantive, Symbolic::Conformity],
            Symbolic::Substantive => &[Symbolic::Conformity, Symbolic::Advocacy],
        };
        for &to in targets {
            flipped[i] = to;
            let (links, after) = links_and_outcome(prepared, case, &flipped);
            pivots.push(Pivot {
                action: case.actions[i].id.clone(),
                from,
                to,
                gained: links.difference(&base_links).count(),
                lost: base_links.difference(&links).count(),
                before: base.clone(),
                after,
            });
        }
        flipped[i] = from;
    }
    pivots.sort_by(|a, b| {
        b.effect()
            .cmp(&a.effect())
            .then_with(|| natural_key(&a.action).cmp(&natural_key(&b.action)))
    });
    Pivotal {
        pivots,
        assessed: assessed.len(),
        of: case.actions.len(),
    }
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
    out.sort_by(|a, b| {
        b.links_moved
            .cmp(&a.links_moved)
            .then_with(|| natural_key(&a.action).cmp(&natural_key(&b.action)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analysis::coded_kinds;

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
