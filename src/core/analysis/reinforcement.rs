//! Reinforcing links and chains: the mechanism of the regime-of-knowing lens, computed.
//!
//! A reinforcing link X ⇒ Y joins two symbolic actions of different kinds when Y is reachable
//! from X through trigger edges and every action strictly between them is substantive. Chains are
//! paths of links. Definitions and complexity: `docs/ANALYSIS.md`.
//!
//! The computation works in "rank space": the symbolic actions numbered in natural id order, so
//! that iterating a bit set lists links sorted.

use super::bits::BitSet;
use super::Prepared;
use crate::core::graph::strongly_connected;
use crate::core::model::{Case, Symbolic};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

/// At most this many longest chains are listed (all are counted).
pub const CHAIN_LIMIT: usize = 50;

/// One link of a chain and the substantive actions it passes through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    /// The symbolic action the link starts from.
    pub from: String,
    /// The symbolic action it reaches.
    pub to: String,
    /// The substantive actions on trigger paths from `from` to `to`, in time order (period,
    /// `order`, id).
    pub via: Vec<String>,
}

/// A chain of reinforcing links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chain {
    /// The symbolic actions of the chain, in order; kinds alternate.
    pub ids: Vec<String>,
    /// The periods it spans, in time order.
    pub periods: Vec<String>,
    /// Its links.
    pub links: Vec<ChainLink>,
}

/// Reinforcing links of one pair of groups (periods or actor groups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairCount {
    /// Where the links start.
    pub from: String,
    /// Where they arrive.
    pub to: String,
    /// How many links.
    pub links: usize,
}

/// The reinforcement part of an analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reinforcement {
    /// Number of reinforcing links.
    pub link_count: usize,
    /// The links `[from, to]` as action indices, sorted by natural id order of `from`, then `to`.
    #[serde(skip)]
    pub links: Vec<(usize, usize)>,
    /// Length of the longest chains, in actions (0 when there is no link).
    pub longest_length: usize,
    /// How many chains have that length (saturates at `u64::MAX`).
    pub longest_count: u64,
    /// The longest chains in deterministic order, at most [`CHAIN_LIMIT`].
    pub longest_chains: Vec<Chain>,
    /// Links counted by the periods of their two ends.
    pub by_period: Vec<PairCount>,
    /// Links counted by the actor groups of their two ends.
    pub by_actor: Vec<PairCount>,
}

impl Reinforcement {
    /// The links as id pairs.
    pub fn link_ids(&self, case: &Case) -> Vec<(String, String)> {
        self.links
            .iter()
            .map(|&(a, b)| (case.actions[a].id.clone(), case.actions[b].id.clone()))
            .collect()
    }
}

/// Computes links and chains. `limit` caps the chains listed.
pub fn reinforcement(
    prepared: &Prepared,
    case: &Case,
    kinds: &[Symbolic],
    limit: usize,
) -> Reinforcement {
    let graph = &prepared.graph;
    let n = graph.ids.len();
    let symbolic = |v: usize| kinds.get(v).is_some_and(|k| k.is_symbolic());

    // Rank space: symbolic actions in natural id order.
    let ranked: Vec<usize> = prepared
        .rank_order
        .iter()
        .copied()
        .filter(|&v| symbolic(v))
        .collect();
    let s = ranked.len();
    let mut rank_of = vec![usize::MAX; n];
    for (r, &v) in ranked.iter().enumerate() {
        rank_of[v] = r;
    }
    let mut kind_mask = [BitSet::new(s), BitSet::new(s)];
    for (r, &v) in ranked.iter().enumerate() {
        kind_mask[usize::from(kinds[v] == Symbolic::Advocacy)].insert(r);
    }

    // Symbolic actions reachable from each component of the substantive subgraph, through
    // substantive actions only. Tarjan numbers components sinks first, so every successor
    // component is done before the component that reaches it.
    let components = strongly_connected(&graph.successors, |v| !symbolic(v));
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); components.count];
    for v in 0..n {
        if components.of[v] != usize::MAX {
            members[components.of[v]].push(v);
        }
    }
    let mut reach: Vec<BitSet> = Vec::with_capacity(components.count);
    for (c, nodes) in members.iter().enumerate() {
        let mut set = BitSet::new(s);
        for &m in nodes {
            for &t in &graph.successors[m] {
                if symbolic(t) {
                    set.insert(rank_of[t]);
                } else if components.of[t] != c {
                    set.union_with(&reach[components.of[t]]);
                }
            }
        }
        reach.push(set);
    }

    // Links from each symbolic action: what its successors reach, of the other kind.
    let mut out: Vec<BitSet> = Vec::with_capacity(s);
    for &x in &ranked {
        let mut set = BitSet::new(s);
        for &t in &graph.successors[x] {
            if symbolic(t) {
                set.insert(rank_of[t]);
            } else {
                set.union_with(&reach[components.of[t]]);
            }
        }
        let other = usize::from(kinds[x] != Symbolic::Advocacy);
        set.intersect_with(&kind_mask[other]);
        out.push(set);
    }
    drop(reach);

    let mut links = Vec::new();
    let mut by_period: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut by_actor: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (r, set) in out.iter().enumerate() {
        let x = ranked[r];
        for y_rank in set.iter() {
            let y = ranked[y_rank];
            links.push((x, y));
            *by_period
                .entry((prepared.period_of[x], prepared.period_of[y]))
                .or_default() += 1;
            *by_actor
                .entry((prepared.actor_of[x], prepared.actor_of[y]))
                .or_default() += 1;
        }
    }

    // Longest chains: links that go forward in topological position form a DAG (links inside a
    // trigger cycle only in table order). Dynamic programming from the last position back.
    let pos = &prepared.position;
    let mut by_position: Vec<usize> = (0..s).collect();
    by_position.sort_by_key(|&r| std::cmp::Reverse(pos[ranked[r]]));
    let mut longest = vec![1usize; s];
    let mut count = vec![1u64; s];
    for &r in &by_position {
        let x = ranked[r];
        let (mut best, mut ways) = (0usize, 1u64);
        for y_rank in out[r].iter() {
            if pos[ranked[y_rank]] <= pos[x] {
                continue;
            }
            match longest[y_rank].cmp(&best) {
                std::cmp::Ordering::Greater => {
                    best = longest[y_rank];
                    ways = count[y_rank];
                }
                std::cmp::Ordering::Equal => ways = ways.saturating_add(count[y_rank]),
                std::cmp::Ordering::Less => {}
            }
        }
        longest[r] = best + 1;
        count[r] = ways;
    }
    let longest_length = if links.is_empty() {
        0
    } else {
        longest.iter().copied().max().unwrap_or(0)
    };
    let mut longest_count = 0u64;
    let mut chains_ranks: Vec<Vec<usize>> = Vec::new();
    if longest_length > 0 {
        for r in 0..s {
            if longest[r] == longest_length {
                longest_count = longest_count.saturating_add(count[r]);
            }
        }
        // Depth-first, successors in rank order: chains come out in lexicographic order.
        for start in (0..s).filter(|&r| longest[r] == longest_length) {
            if chains_ranks.len() >= limit {
                break;
            }
            let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, vec![start])];
            while let Some((r, path)) = stack.pop() {
                if chains_ranks.len() >= limit {
                    break;
                }
                if longest[r] == 1 {
                    chains_ranks.push(path);
                    continue;
                }
                let next: Vec<usize> = out[r]
                    .iter()
                    .filter(|&y| pos[ranked[y]] > pos[ranked[r]] && longest[y] + 1 == longest[r])
                    .collect();
                for &y in next.iter().rev() {
                    let mut p = path.clone();
                    p.push(y);
                    stack.push((y, p));
                }
            }
        }
    }
    let longest_chains = chains_ranks
        .iter()
        .map(|ranks| {
            chain(
                prepared,
                case,
                kinds,
                &ranks.iter().map(|&r| ranked[r]).collect::<Vec<_>>(),
            )
        })
        .collect();

    let name_pairs = |counts: BTreeMap<(usize, usize), usize>, names: &dyn Fn(usize) -> String| {
        counts
            .into_iter()
            .map(|((a, b), links)| PairCount {
                from: names(a),
                to: names(b),
                links,
            })
            .collect()
    };
    let period_name = |i: usize| {
        case.periods
            .get(i)
            .map_or_else(|| "?".to_string(), |p| p.id.clone())
    };
    let actor_name = |i: usize| {
        case.actors
            .get(i)
            .map_or_else(|| "?".to_string(), |a| a.id.clone())
    };
    Reinforcement {
        link_count: links.len(),
        links,
        longest_length,
        longest_count,
        longest_chains,
        by_period: name_pairs(by_period, &period_name),
        by_actor: name_pairs(by_actor, &actor_name),
    }
}

/// Describes one chain: its ids, periods and, per link, the substantive actions passed through.
fn chain(prepared: &Prepared, case: &Case, kinds: &[Symbolic], nodes: &[usize]) -> Chain {
    let periods: BTreeSet<usize> = nodes.iter().map(|&v| prepared.period_of[v]).collect();
    Chain {
        ids: nodes.iter().map(|&v| case.actions[v].id.clone()).collect(),
        periods: periods
            .into_iter()
            .filter_map(|p| case.periods.get(p).map(|x| x.id.clone()))
            .collect(),
        links: nodes
            .windows(2)
            .map(|w| ChainLink {
                from: case.actions[w[0]].id.clone(),
                to: case.actions[w[1]].id.clone(),
                via: via(prepared, kinds, w[0], w[1])
                    .into_iter()
                    .map(|v| case.actions[v].id.clone())
                    .collect(),
            })
            .collect(),
    }
}

/// The substantive actions on trigger paths from `x` to `y` that pass through substantive actions
/// only. Both searches stay inside the window of topological positions between the components
/// of `x` and `y`, where every such path lies.
pub fn via(prepared: &Prepared, kinds: &[Symbolic], x: usize, y: usize) -> Vec<usize> {
    let graph = &prepared.graph;
    let pos = &prepared.position;
    let lo = prepared.component_span[pos[x]].0;
    let hi = prepared.component_span[pos[y]].1;
    let inside = |v: usize| kinds[v] == Symbolic::Substantive && pos[v] >= lo && pos[v] <= hi;
    let search = |start: usize, forward: bool| {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut queue = VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            let next = if forward {
                &graph.successors[v]
            } else {
                &graph.predecessors[v]
            };
            for &t in next {
                if inside(t) && seen.insert(t) {
                    queue.push_back(t);
                }
            }
        }
        seen
    };
    let forward = search(x, true);
    let backward = search(y, false);
    let mut both: Vec<usize> = forward.intersection(&backward).copied().collect();
    both.sort_unstable_by_key(|&v| prepared.time_rank[v]);
    both
}
