//! Reinforcing links and chains: the mechanism of the regime-of-knowing lens, computed.
//!
//! A reinforcing link X ⇒ Y joins two symbolic actions of different kinds when Y is reachable
//! from X through trigger edges and every action strictly between them is substantive. Chains are
//! paths of links. Definitions and complexity: `docs/ANALYSIS.md`.
//!
//! The computation works in "rank space": the symbolic actions numbered in topological position,
//! so that links extending chains go from lower to higher ranks.

use super::bits::BitSet;
use super::prepared::Prepared;
use crate::core::graph::strongly_connected;
use crate::core::model::{Case, Symbolic};
use crate::core::sort::natural_key;
use crate::core::sort::SortErased;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

/// At most this many longest chains are listed by the app's analysis (all are counted).
pub const CHAIN_LIMIT: usize = 5;

/// One link of a chain and the substantive actions it passes through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    /// The symbolic action the link starts from.
    pub from: String,
    /// The symbolic action it reaches.
    pub to: String,
    /// The substantive actions on trigger paths from `from` to `to`, in time order (period,
    /// `order`, id). Shared between the chains that pass the same link.
    pub via: Arc<[String]>,
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
    /// Where the links start (the group's id, shared by all its pairs).
    pub from: Arc<str>,
    /// Where they arrive.
    pub to: Arc<str>,
    /// How many links.
    pub links: usize,
}

/// The reinforcement part of an analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reinforcement {
    /// Number of reinforcing links.
    pub link_count: usize,
    /// The symbolic actions in topological position ("rank space").
    #[serde(skip)]
    ranked: Vec<usize>,
    /// For each symbolic action in rank space, the ranks its links reach.
    #[serde(skip)]
    out: Vec<BitSet>,
    /// Length of the longest chains, in actions (0 when there is no link).
    pub longest_length: usize,
    /// How many chains have that length; when it does not fit in 64 bits, `u64::MAX` and
    /// `longest_count_exact` is false (there are at least that many).
    pub longest_count: u64,
    /// False when `longest_count` overflowed and is a lower bound.
    pub longest_count_exact: bool,
    /// The longest chains in deterministic order, at most [`CHAIN_LIMIT`].
    pub longest_chains: Vec<Chain>,
    /// Links counted by the periods of their two ends.
    pub by_period: Vec<PairCount>,
    /// Links counted by the actor groups of their two ends.
    pub by_actor: Vec<PairCount>,
}

impl Reinforcement {
    /// The links `(from, to)` as action indices, in no particular order.
    pub fn links(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.out
            .iter()
            .enumerate()
            .flat_map(move |(r, set)| set.iter().map(move |y| (self.ranked[r], self.ranked[y])))
    }

    /// For each action, the actions its links reach, as a set over action indices (`None` for
    /// actions with no link).
    pub fn targets_by_source(&self, n: usize) -> Vec<Option<BitSet>> {
        let mut out: Vec<Option<BitSet>> = vec![None; n];
        for (r, set) in self.out.iter().enumerate() {
            if set.is_empty() {
                continue;
            }
            let mut targets = BitSet::new(n);
            for y in set.iter() {
                targets.insert(self.ranked[y]);
            }
            out[self.ranked[r]] = Some(targets);
        }
        out
    }

    /// Each action's rank in this analysis (`None` for an action without one: not symbolic).
    pub fn ranks(&self, n: usize) -> Vec<Option<u32>> {
        let mut rank = vec![None; n];
        for (r, &action) in self.ranked.iter().enumerate() {
            if let Some(slot) = rank.get_mut(action) {
                *slot = Some(r as u32);
            }
        }
        rank
    }

    /// The actions the links of the action of rank `rank` reach, in `out` (emptied first; left
    /// empty for no rank), sorted.
    pub fn targets_into(&self, rank: Option<u32>, out: &mut Vec<usize>) {
        out.clear();
        if let Some(set) = rank.and_then(|r| self.out.get(r as usize)) {
            out.extend(set.iter().map(|y| self.ranked[y]));
            out.erased_sort();
        }
    }

    /// The links as id pairs, sorted by the natural id order of `from`, then of `to`.
    pub fn link_ids(&self, case: &Case) -> Vec<(String, String)> {
        self.links_in_id_order(case)
            .into_iter()
            .map(|(a, b)| (case.actions[a].id.clone(), case.actions[b].id.clone()))
            .collect()
    }

    /// The links as action index pairs in the order of [`Self::link_ids`].
    pub fn links_in_id_order(&self, case: &Case) -> Vec<(usize, usize)> {
        let mut links = Vec::with_capacity(self.link_count);
        let _ = self.try_for_each_link_in_id_order(case, |a, b| {
            links.push((a, b));
            Ok::<(), std::convert::Infallible>(())
        });
        links
    }

    /// Calls `f` with each link as an action index pair, in the order of [`Self::link_ids`]
    /// (natural id order of `from`, then of `to`; actions whose ids have equal natural keys in
    /// index order), and stops at the first error. Each symbolic action's natural key is made
    /// once. The links are then read source by source in that order, each source's targets
    /// moved into a set over the targets' places in that order: linear in the links (plus the
    /// symbolic actions squared over 64), with no sort of all the links and no list of them (the
    /// command line writes 142,601 links of the 3,000-action case straight from here).
    pub fn try_for_each_link_in_id_order<E>(
        &self,
        case: &Case,
        mut f: impl FnMut(usize, usize) -> Result<(), E>,
    ) -> Result<(), E> {
        let s = self.ranked.len();
        // The ranks in the natural id order of their actions, and each rank's place in it.
        let mut by_key: Vec<usize> = (0..s).collect();
        by_key.erased_sort_by_cached_key(|&r| (natural_key(&case.actions[self.ranked[r]].id), self.ranked[r]));
        let mut place = vec![0usize; s];
        for (p, &r) in by_key.iter().enumerate() {
            place[r] = p;
        }
        let mut targets = BitSet::new(s);
        for &r in &by_key {
            let Some(set) = self.out.get(r).filter(|set| !set.is_empty()) else {
                continue;
            };
            targets.clear();
            for y in set.iter() {
                targets.insert(place[y]);
            }
            for q in targets.iter() {
                f(self.ranked[r], self.ranked[by_key[q]])?;
            }
        }
        Ok(())
    }
}

/// The reinforcing links of one coding in rank space: the symbolic actions in topological
/// position, and for each the ranks its links reach.
pub(crate) struct LinkSets {
    /// The symbolic actions, by rank.
    pub ranked: Vec<usize>,
    /// Each action's rank (`usize::MAX` for substantive actions).
    pub rank_of: Vec<usize>,
    /// For each rank, the ranks its links reach.
    pub out: Vec<BitSet>,
}

impl LinkSets {
    /// Number of links.
    pub fn count(&self) -> usize {
        self.out.iter().map(BitSet::len).sum()
    }
}

/// The links of a coding: what each symbolic action reaches through substantive actions only,
/// of the other kind.
pub(crate) fn link_sets(prepared: &Prepared, kinds: &[Symbolic]) -> LinkSets {
    let graph = &prepared.graph;
    let n = graph.ids.len();
    let symbolic = |v: usize| kinds.get(v).is_some_and(|k| k.is_symbolic());

    // Rank space: symbolic actions in topological position, so that links that extend chains
    // go from a lower to a higher rank.
    let ranked: Vec<usize> = prepared.by_position.iter().copied().filter(|&v| symbolic(v)).collect();
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
    // When the trigger network has no cycle (the usual case), every substantive action is its own
    // component and decreasing topological position is a valid order; otherwise Tarjan's
    // algorithm finds the components of the substantive subgraph.
    let (component_of, component_count, by_component, component_start) = if prepared.acyclic {
        let nodes: Vec<usize> = prepared
            .by_position
            .iter()
            .rev()
            .copied()
            .filter(|&v| !symbolic(v))
            .collect();
        let mut of = vec![usize::MAX; n];
        for (c, &v) in nodes.iter().enumerate() {
            of[v] = c;
        }
        let starts: Vec<usize> = (0..=nodes.len()).collect();
        (of, nodes.len(), nodes, starts)
    } else {
        let components = strongly_connected(&graph.successors, |v| !symbolic(v));
        let mut starts = vec![0usize; components.count + 1];
        for v in 0..n {
            if components.of[v] != usize::MAX {
                starts[components.of[v] + 1] += 1;
            }
        }
        for c in 0..components.count {
            starts[c + 1] += starts[c];
        }
        let mut fill = starts.clone();
        let mut nodes = vec![0usize; starts[components.count]];
        for v in 0..n {
            let c = components.of[v];
            if c != usize::MAX {
                nodes[fill[c]] = v;
                fill[c] += 1;
            }
        }
        (components.of, components.count, nodes, starts)
    };
    // One arena of words, a row per component: far fewer allocations than a set each.
    let row = s.div_ceil(64);
    let mut reach = vec![0u64; component_count * row];
    for c in 0..component_count {
        let (done, rest) = reach.split_at_mut(c * row);
        let own = &mut rest[..row];
        for &m in &by_component[component_start[c]..component_start[c + 1]] {
            for &t in &graph.successors[m] {
                if symbolic(t) {
                    own[rank_of[t] / 64] |= 1 << (rank_of[t] % 64);
                } else if component_of[t] != c {
                    // Successor components come earlier, so their rows lie in `done`.
                    let from = component_of[t] * row;
                    for (a, b) in own.iter_mut().zip(&done[from..from + row]) {
                        *a |= b;
                    }
                }
            }
        }
    }

    // Links from each symbolic action: what its successors reach, of the other kind.
    let mut out: Vec<BitSet> = Vec::with_capacity(s);
    for &x in &ranked {
        let mut set = BitSet::new(s);
        for &t in &graph.successors[x] {
            if symbolic(t) {
                set.insert(rank_of[t]);
            } else {
                let from = component_of[t] * row;
                set.union_with_words(&reach[from..from + row]);
            }
        }
        let other = usize::from(kinds[x] != Symbolic::Advocacy);
        set.intersect_with(&kind_mask[other]);
        out.push(set);
    }
    drop(reach);
    LinkSets { ranked, rank_of, out }
}

/// The longest chains from each rank, computed by [`longest_paths`].
pub(crate) struct Longest {
    /// For each rank, the length in actions of the longest chain starting there.
    pub from: Vec<usize>,
    /// For each rank, how many chains of that length start there (saturating).
    pub count: Vec<u64>,
    /// True when a count saturated.
    pub overflowed: bool,
    /// The length of the longest chains (0 when there is no link).
    pub length: usize,
}

/// Longest chains by dynamic programming: links that go forward in topological position (to a
/// higher rank) form a DAG; inside a trigger cycle that is time order. From the last rank back.
pub(crate) fn longest_paths(out: &[BitSet]) -> Longest {
    let s = out.len();
    let mut longest = vec![1usize; s];
    let mut count = vec![1u64; s];
    let mut overflowed = false;
    let mut any_link = false;
    // The hot loop of the analysis (one step per link): plain word scanning of the ranks above r.
    for r in (0..s).rev() {
        let (mut best, mut ways) = (0usize, 1u64);
        out[r].for_each_above(r, |y| {
            let l = longest[y];
            if l > best {
                best = l;
                ways = count[y];
            } else if l == best {
                ways = ways.checked_add(count[y]).unwrap_or_else(|| {
                    overflowed = true;
                    u64::MAX
                });
            }
        });
        any_link |= !out[r].is_empty();
        longest[r] = best + 1;
        count[r] = ways;
    }
    let length = if any_link {
        longest.iter().copied().max().unwrap_or(0)
    } else {
        0
    };
    Longest {
        from: longest,
        count,
        overflowed,
        length,
    }
}

/// Up to `limit` longest chains as ranks, in lexicographic order of their ids: depth-first with
/// backtracking, successors in natural id order, so that each chain costs its own length.
pub(crate) fn chain_ranks(prepared: &Prepared, links: &LinkSets, longest: &Longest, limit: usize) -> Vec<Vec<usize>> {
    let (ranked, out, length) = (&links.ranked, &links.out, longest.length);
    let longest = &longest.from;
    let mut chains_ranks: Vec<Vec<usize>> = Vec::new();
    if length == 0 {
        return chains_ranks;
    }
    let natural = |r: usize| prepared.natural_rank[ranked[r]];
    let next_of = |r: usize| -> Vec<usize> {
        let mut next = Vec::new();
        out[r].for_each_above(r, |y| {
            if longest[y] + 1 == longest[r] {
                next.push(y);
            }
        });
        next.erased_sort_by_key(|&y| natural(y));
        next
    };
    let mut starts: Vec<usize> = (0..ranked.len()).filter(|&r| longest[r] == length).collect();
    starts.erased_sort_by_key(|&r| natural(r));
    for start in starts {
        let mut path = vec![start];
        let mut frames: Vec<(Vec<usize>, usize)> = vec![(next_of(start), 0)];
        while chains_ranks.len() < limit {
            let Some((choices, at)) = frames.last_mut() else { break };
            if choices.is_empty() && *at == 0 {
                // A chain ends here (longest == 1).
                *at = 1;
                chains_ranks.push(path.clone());
                continue;
            }
            match choices.get(*at) {
                Some(&y) => {
                    *at += 1;
                    path.push(y);
                    frames.push((next_of(y), 0));
                }
                None => {
                    frames.pop();
                    path.pop();
                }
            }
        }
        if chains_ranks.len() >= limit {
            break;
        }
    }
    chains_ranks
}

/// Computes links and chains. `limit` caps the chains listed.
pub fn reinforcement(prepared: &Prepared, case: &Case, kinds: &[Symbolic], limit: usize) -> Reinforcement {
    let n = prepared.graph.ids.len();
    let links = link_sets(prepared, kinds);
    let (ranked, out) = (&links.ranked, &links.out);
    let s = ranked.len();
    // Links per pair of periods and of actor groups, counted with masks rather than one by one.
    // A group whose members hold consecutive ranks (periods, when triggers point back in time)
    // is counted over its range of words, without a mask.
    // With many groups (one period or actor per row, say) a mask per group would make a dense
    // matrix of groups by ranks; then the links are counted one by one instead, in time and
    // memory linear in the links.
    let link_count: usize = out.iter().map(BitSet::len).sum();
    let count_pairs = |group_of: &[usize], groups: usize| {
        if groups.saturating_mul(s.div_ceil(64)) > link_count.max(64) {
            let mut counts: Vec<((usize, usize), usize)> = Vec::new();
            let mut row: rustc_hash::FxHashMap<usize, usize> = rustc_hash::FxHashMap::default();
            for (r, set) in out.iter().enumerate() {
                let from = group_of[ranked[r]];
                row.clear();
                for to in set.iter() {
                    let g = group_of[ranked[to]];
                    if g < groups {
                        *row.entry(g).or_default() += 1;
                    }
                }
                counts.extend(row.iter().map(|(&to, &n)| ((from, to), n)));
            }
            // One entry per pair: ranks of one group may each have counted it.
            counts.sort_unstable_by_key(|&(pair, _)| pair);
            counts.dedup_by(|b, a| {
                let same = a.0 == b.0;
                if same {
                    a.1 += b.1;
                }
                same
            });
            return counts;
        }
        let mut masks = vec![BitSet::new(s); groups];
        let mut span = vec![(usize::MAX, 0usize, 0usize); groups];
        for (r, &v) in ranked.iter().enumerate() {
            if let (Some(mask), Some(sp)) = (masks.get_mut(group_of[v]), span.get_mut(group_of[v])) {
                mask.insert(r);
                *sp = (sp.0.min(r), sp.1.max(r), sp.2 + 1);
            }
        }
        let mut counts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (r, set) in out.iter().enumerate() {
            let from = group_of[ranked[r]];
            for (to, mask) in masks.iter().enumerate() {
                let (lo, hi, members) = span[to];
                let n = if members == 0 {
                    0
                } else if hi + 1 - lo == members {
                    set.range_len(lo, hi)
                } else {
                    set.intersection_len(mask)
                };
                if n > 0 {
                    *counts.entry((from, to)).or_default() += n;
                }
            }
        }
        counts.into_iter().collect()
    };
    let by_period = count_pairs(&prepared.period_of, case.periods.len());
    let by_actor = count_pairs(&prepared.actor_of, case.actors.len());

    let paths = longest_paths(out);
    let longest_length = paths.length;
    let mut overflowed = paths.overflowed;
    let mut longest_count = 0u64;
    if longest_length > 0 {
        for r in 0..s {
            if paths.from[r] == longest_length {
                longest_count = longest_count.checked_add(paths.count[r]).unwrap_or_else(|| {
                    overflowed = true;
                    u64::MAX
                });
            }
        }
    }
    let chains_ranks = chain_ranks(prepared, &links, &paths, limit);
    let mut via_memo = HashMap::new();
    let mut scratch = ViaScratch::new(n);
    let longest_chains = chains_ranks
        .iter()
        .map(|ranks| {
            let nodes: Vec<usize> = ranks.iter().map(|&r| ranked[r]).collect();
            chain(prepared, case, kinds, &nodes, &mut via_memo, &mut scratch)
        })
        .collect();

    // Each group's id once, shared by all its pairs.
    let name_pairs = |counts: Vec<((usize, usize), usize)>, ids: Vec<&str>| {
        let names: Vec<Arc<str>> = ids.into_iter().map(Arc::from).collect();
        let unknown: Arc<str> = Arc::from("?");
        let name = |i: usize| names.get(i).unwrap_or(&unknown).clone();
        counts
            .into_iter()
            .map(|((a, b), links)| PairCount {
                from: name(a),
                to: name(b),
                links,
            })
            .collect()
    };
    Reinforcement {
        link_count,
        ranked: links.ranked,
        out: links.out,
        longest_length,
        longest_count,
        longest_count_exact: !(overflowed && longest_count == u64::MAX),
        longest_chains,
        by_period: name_pairs(by_period, case.periods.iter().map(|p| p.id.as_str()).collect()),
        by_actor: name_pairs(by_actor, case.actors.iter().map(|a| a.id.as_str()).collect()),
    }
}

/// Describes one chain: its ids, periods and, per link, the substantive actions passed through.
fn chain(
    prepared: &Prepared,
    case: &Case,
    kinds: &[Symbolic],
    nodes: &[usize],
    via_memo: &mut HashMap<(usize, usize), Arc<[String]>>,
    scratch: &mut ViaScratch,
) -> Chain {
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
                via: via_memo
                    .entry((w[0], w[1]))
                    .or_insert_with(|| {
                        via(prepared, kinds, w[0], w[1], scratch)
                            .into_iter()
                            .map(|v| case.actions[v].id.clone())
                            .collect()
                    })
                    .clone(),
            })
            .collect(),
    }
}

/// Marks for the searches of [`via`], reused from one link to the next: a node is marked when
/// its entry equals the current stamp, so nothing needs clearing between searches.
pub struct ViaScratch {
    forward: Vec<u32>,
    backward: Vec<u32>,
    stamp: u32,
    queue: VecDeque<usize>,
    found: Vec<usize>,
}

impl ViaScratch {
    /// Scratch space for a network of `n` actions.
    pub fn new(n: usize) -> Self {
        ViaScratch {
            forward: vec![0; n],
            backward: vec![0; n],
            stamp: 0,
            queue: VecDeque::new(),
            found: Vec::new(),
        }
    }
}

/// The substantive actions on trigger paths from `x` to `y` that pass through substantive actions
/// only, in time order. Both searches stay inside the window of topological positions between the
/// components of `x` and `y`, where every such path lies.
pub fn via(prepared: &Prepared, kinds: &[Symbolic], x: usize, y: usize, scratch: &mut ViaScratch) -> Vec<usize> {
    let graph = &prepared.graph;
    let pos = &prepared.position;
    let lo = prepared.component_span[pos[x]].0;
    let hi = prepared.component_span[pos[y]].1;
    let inside = |v: usize| kinds[v] == Symbolic::Substantive && pos[v] >= lo && pos[v] <= hi;
    scratch.stamp = scratch.stamp.wrapping_add(1);
    if scratch.stamp == 0 {
        scratch.forward.iter_mut().for_each(|m| *m = 0);
        scratch.backward.iter_mut().for_each(|m| *m = 0);
        scratch.stamp = 1;
    }
    let stamp = scratch.stamp;
    for (start, forward) in [(x, true), (y, false)] {
        scratch.queue.clear();
        scratch.queue.push_back(start);
        while let Some(v) = scratch.queue.pop_front() {
            let next = if forward {
                &graph.successors[v]
            } else {
                &graph.predecessors[v]
            };
            for &t in next {
                let marks = if forward {
                    &mut scratch.forward
                } else {
                    &mut scratch.backward
                };
                if inside(t) && marks[t] != stamp {
                    marks[t] = stamp;
                    scratch.queue.push_back(t);
                    if !forward && scratch.forward[t] == stamp {
                        scratch.found.push(t);
                    }
                }
            }
        }
    }
    let mut both = std::mem::take(&mut scratch.found);
    both.sort_unstable_by_key(|&v| prepared.time_rank[v]);
    both
}
