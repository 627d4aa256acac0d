//! The mechanism as the paper argues it, beyond single links: reinforcing cycles (conformity and
//! advocacy that trigger each other round and round) and the movement of the mechanism between
//! the aspects of the regime over the periods.
//!
//! Owns [`reinforcing_cycles`] and [`links_by_aspect`]. Both read the links of a
//! [`Reinforcement`]; neither changes how links are defined (`docs/ANALYSIS.md`).

use super::prepared::Prepared;
use super::reinforcement::Reinforcement;
use crate::core::graph::strongly_connected;
use crate::core::model::{Aspect, Case};
use crate::core::sort::SortErased;
use serde::Serialize;
use std::collections::BTreeMap;

/// Reinforcing cycles listed at most (the number of elementary cycles can grow exponentially).
pub const CYCLE_LIMIT: usize = 100;
/// Search steps spent on listing cycles at most, whatever the graph.
const CYCLE_STEPS: usize = 200_000;

/// The elementary cycles of the graph of reinforcing links, each as its ids starting from the
/// action with the smallest id in natural order (DS2 before DS10), the cycles ordered by length,
/// then by their ids; at most `limit`. The second value is true when the list is complete.
pub fn reinforcing_cycles(
    prepared: &Prepared,
    case: &Case,
    r: &Reinforcement,
    limit: usize,
) -> (Vec<Vec<String>>, bool) {
    // A link is a path of triggers, so a cycle of links is a closed walk of triggers: a trigger
    // network without cycles has no reinforcing cycle, and its links need no search.
    if prepared.acyclic {
        return (Vec::new(), true);
    }
    let links: Vec<(usize, usize)> = r.links().collect();
    cycles_of_links(prepared, case, &links, limit)
}

/// The elementary cycles of the graph of `links` (action indices), as [`reinforcing_cycles`]
/// lists them.
pub fn cycles_of_links(
    prepared: &Prepared,
    case: &Case,
    links: &[(usize, usize)],
    limit: usize,
) -> (Vec<Vec<String>>, bool) {
    let n = case.actions.len();
    let mut successors = vec![Vec::new(); n];
    for &(x, y) in links {
        successors[x].push(y);
    }
    let rank = |v: usize| prepared.natural_rank[v];
    for list in &mut successors {
        list.erased_sort_by_key(|&v| rank(v));
        list.dedup();
    }
    let components = strongly_connected(&successors, |v| !successors[v].is_empty());
    let mut size = vec![0usize; components.count];
    for v in 0..n {
        if components.of[v] != usize::MAX {
            size[components.of[v]] += 1;
        }
    }
    let in_cycle_part = |v: usize| components.of[v] != usize::MAX && size[components.of[v]] > 1;
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    let mut steps = 0usize;
    let mut complete = true;
    // Each cycle is found once, from its smallest member: the search from `start` keeps to members
    // of its component with a larger rank.
    let mut starts: Vec<usize> = (0..n).filter(|&v| in_cycle_part(v)).collect();
    starts.erased_sort_by_key(|&v| rank(v));
    'search: for &start in &starts {
        let component = components.of[start];
        let allowed = |v: usize| components.of[v] == component && rank(v) > rank(start);
        let mut path = vec![start];
        let mut on_path = vec![false; n];
        on_path[start] = true;
        // Depth-first, one iterator position per depth.
        let mut next = vec![0usize];
        while let Some(&v) = path.last() {
            steps += 1;
            if steps > CYCLE_STEPS || cycles.len() >= limit.saturating_mul(4).max(limit) {
                complete = false;
                break 'search;
            }
            let depth = path.len() - 1;
            let i = next[depth];
            match successors[v].get(i) {
                Some(&w) => {
                    next[depth] += 1;
                    if w == start {
                        cycles.push(path.clone());
                    } else if allowed(w) && !on_path[w] {
                        on_path[w] = true;
                        path.push(w);
                        next.push(0);
                    }
                }
                None => {
                    on_path[v] = false;
                    path.pop();
                    next.pop();
                }
            }
        }
    }
    cycles.erased_sort_by_key(|c| (c.len(), c.iter().map(|&v| rank(v)).collect::<Vec<_>>()));
    if cycles.len() > limit {
        cycles.truncate(limit);
        complete = false;
    }
    let ids = cycles
        .into_iter()
        .map(|c| c.into_iter().map(|v| case.actions[v].id.clone()).collect())
        .collect();
    (ids, complete)
}

/// Reinforcing links between two aspects in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AspectLinks {
    /// The period of the triggered action (when the response came).
    pub period: String,
    /// The aspect the triggering action targets (`none` when it has none).
    pub from_aspect: String,
    /// The aspect the triggered action targets.
    pub to_aspect: String,
    /// How many links.
    pub links: usize,
}

/// Reinforcing links counted by the pair of aspects they join and by the period of the triggered
/// action, periods in time order and aspects in the order knowing practices, valuation scheme,
/// authority arrangements, none. `aspects[i]` is the aspect of action `i` under the current coding.
pub fn links_by_aspect(
    case: &Case,
    prepared: &Prepared,
    r: &Reinforcement,
    aspects: &[Option<Aspect>],
) -> Vec<AspectLinks> {
    let aspect_index = |v: usize| {
        aspects
            .get(v)
            .copied()
            .unwrap_or(case.actions[v].aspect)
            .map_or(Aspect::ALL.len(), |a| {
                Aspect::ALL.iter().position(|x| *x == a).unwrap_or(0)
            })
    };
    let name = |i: usize| Aspect::ALL.get(i).map_or("none", |a| a.key()).to_string();
    let mut counts: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
    for (x, y) in r.links() {
        *counts
            .entry((prepared.period_of[y], aspect_index(x), aspect_index(y)))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((p, a, b), links)| AspectLinks {
            period: case
                .periods
                .get(p)
                .map_or_else(|| "(none)".to_string(), |x| x.id.clone()),
            from_aspect: name(a),
            to_aspect: name(b),
            links,
        })
        .collect()
}
