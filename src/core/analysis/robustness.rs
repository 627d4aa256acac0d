//! How much a finding depends on its definition: the headline findings (links, the longest
//! chain, its span, whether a chain spans every period, the cycles) under variants of the
//! definition of a reinforcing link.
//!
//! Owns [`Variant`], [`Finding`], [`bounded_links`] and [`robustness`]. The variants: with and
//! without mentions as triggers; at most k substantive actions between the two ends of a link
//! (k = 0, 1, 2, no limit); and links only between one chosen actor group's conformity and the
//! other groups' advocacy. The unbounded variant without a group restriction is the definition
//! of `reinforcement.rs`; a test checks that both give the same links. This module trades the
//! bit-set speed of that computation for a plain breadth-first search per symbolic action, which
//! every variant can share: O(S · (V + E)) for S symbolic actions.

use super::mechanism::{cycles_of_links, CYCLE_LIMIT};
use super::prepared::{Options, Prepared};
use crate::core::model::{Case, Symbolic};
use crate::core::sort::SortErased;
use serde::Serialize;
use std::collections::VecDeque;

/// One definition of a reinforcing link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// Mention edges count as triggers.
    pub with_mentions: bool,
    /// At most this many substantive actions between the two ends (`None`: no limit).
    pub max_between: Option<usize>,
    /// Only links between this group's conformity and the other groups' advocacy.
    pub incumbents: Option<String>,
}

impl Variant {
    /// The variant in words.
    pub fn describe(&self) -> String {
        let mentions = if self.with_mentions {
            "mentions count as triggers"
        } else {
            "triggers only"
        };
        let between = match self.max_between {
            None => "any number of substantive actions between".to_string(),
            Some(0) => "direct links only".to_string(),
            Some(1) => "at most 1 substantive action between".to_string(),
            Some(k) => format!("at most {k} substantive actions between"),
        };
        match &self.incumbents {
            None => format!("{mentions}; {between}"),
            Some(g) => format!("{mentions}; {between}; only {g}'s conformity and the others' advocacy"),
        }
    }
}

/// The headline findings under one variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The variant.
    pub variant: Variant,
    /// The variant in words.
    pub description: String,
    /// True for the definition the app and `analyze` use now.
    pub current: bool,
    /// Number of reinforcing links.
    pub links: usize,
    /// Length of the longest chain, in actions (0 without links).
    pub longest_chain_length: usize,
    /// The first longest chain, in natural id order of its start.
    pub longest_chain: Vec<String>,
    /// The periods of its first and last action.
    pub longest_chain_span: Option<(String, String)>,
    /// Some chain goes from an action of the first period to an action of the last.
    pub chain_spans_every_period: bool,
    /// The reinforcing cycles (at most 100).
    pub cycles: Vec<Vec<String>>,
}

/// The reinforcing links of a case under a coding, with at most `max_between` substantive
/// actions strictly between the two ends (`None`: no limit), as `(from, to)` action indices.
pub fn bounded_links(prepared: &Prepared, kinds: &[Symbolic], max_between: Option<usize>) -> Vec<(usize, usize)> {
    let graph = &prepared.graph;
    let n = graph.ids.len();
    let symbolic = |v: usize| kinds.get(v).is_some_and(|k| k.is_symbolic());
    let mut links = Vec::new();
    // Fewest substantive actions needed to reach each node from the source, per search.
    let mut depth = vec![usize::MAX; n];
    let mut touched = Vec::new();
    let mut found = vec![false; n];
    for x in (0..n).filter(|&v| symbolic(v)) {
        let mut queue = VecDeque::new();
        let mut targets = Vec::new();
        for &t in &graph.successors[x] {
            if symbolic(t) {
                targets.push(t);
            } else if depth[t] == usize::MAX && max_between.is_none_or(|k| k >= 1) {
                depth[t] = 1;
                touched.push(t);
                queue.push_back(t);
            }
        }
        while let Some(v) = queue.pop_front() {
            for &t in &graph.successors[v] {
                if symbolic(t) {
                    targets.push(t);
                } else if depth[t] == usize::MAX && max_between.is_none_or(|k| depth[v] < k) {
                    depth[t] = depth[v] + 1;
                    touched.push(t);
                    queue.push_back(t);
                }
            }
        }
        for t in targets {
            if kinds[t] != kinds[x] && t != x && !found[t] {
                found[t] = true;
                links.push((x, t));
            }
        }
        for &(_, t) in links.iter().rev().take_while(|&&(from, _)| from == x) {
            found[t] = false;
        }
        for v in touched.drain(..) {
            depth[v] = usize::MAX;
        }
    }
    links
}

/// The actor group with the most conformity actions under the coding (the first in the case's
/// order on a tie): the incumbents, by default.
pub fn likely_incumbents(case: &Case, kinds: &[Symbolic]) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for actor in &case.actors {
        let n = case
            .actions
            .iter()
            .zip(kinds)
            .filter(|(a, k)| a.actor == actor.id && **k == Symbolic::Conformity)
            .count();
        if n > 0 && best.is_none_or(|(m, _)| n > m) {
            best = Some((n, &actor.id));
        }
    }
    best.map(|(_, id)| id.to_string())
}

fn finding(case: &Case, prepared: &Prepared, kinds: &[Symbolic], variant: Variant, current: bool) -> Finding {
    let mut links = bounded_links(prepared, kinds, variant.max_between);
    if let Some(group) = &variant.incumbents {
        let actor = |v: usize| case.actions[v].actor.as_str();
        let conformity = |v: usize| kinds[v] == Symbolic::Conformity;
        links.retain(|&(x, y)| {
            let (c, a) = if conformity(x) { (x, y) } else { (y, x) };
            actor(c) == group && actor(a) != group
        });
    }
    let n = case.actions.len();
    let mut successors = vec![Vec::new(); n];
    for &(x, y) in &links {
        successors[x].push(y);
    }
    // Longest chains: links forward in topological position, as for the main analysis.
    let position = &prepared.position;
    let natural = &prepared.natural_rank;
    for list in &mut successors {
        list.erased_sort_by_key(|&v| natural[v]);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.erased_sort_by_key(|&v| std::cmp::Reverse(position[v]));
    let mut longest = vec![1usize; n];
    let mut next = vec![usize::MAX; n];
    for &v in &order {
        for &w in &successors[v] {
            if position[w] > position[v] && longest[w] + 1 > longest[v] {
                longest[v] = longest[w] + 1;
                next[v] = w;
            }
        }
    }
    let (length, chain) = if links.is_empty() {
        (0, Vec::new())
    } else {
        let best = (0..n)
            .filter(|&v| !successors[v].is_empty())
            .max_by_key(|&v| (longest[v], std::cmp::Reverse(natural[v])))
            .unwrap_or(0);
        let mut chain = vec![best];
        while next[*chain.last().unwrap_or(&best)] != usize::MAX {
            let last = *chain.last().unwrap_or(&best);
            chain.push(next[last]);
        }
        (longest[best], chain)
    };
    let period_id = |v: usize| {
        case.periods
            .get(prepared.period_of[v])
            .map_or_else(String::new, |p| p.id.clone())
    };
    let span = match (chain.first(), chain.last()) {
        (Some(&a), Some(&b)) => Some((period_id(a), period_id(b))),
        _ => None,
    };
    // From the actions of the first period, forward along links in time, to the last period.
    let last_period = case.periods.len().saturating_sub(1);
    let mut reached = vec![false; n];
    let mut stack: Vec<usize> = (0..n)
        .filter(|&v| prepared.period_of[v] == 0 && !successors[v].is_empty())
        .collect();
    for &v in &stack {
        reached[v] = true;
    }
    let mut spans = false;
    while let Some(v) = stack.pop() {
        for &w in &successors[v] {
            if position[w] > position[v] && !reached[w] {
                reached[w] = true;
                spans |= prepared.period_of[w] == last_period;
                stack.push(w);
            }
        }
    }
    let (cycles, _) = cycles_of_links(prepared, case, &links, CYCLE_LIMIT);
    Finding {
        description: variant.describe(),
        variant,
        current,
        links: links.len(),
        longest_chain_length: length,
        longest_chain: chain.into_iter().map(|v| case.actions[v].id.clone()).collect(),
        longest_chain_span: span,
        chain_spans_every_period: spans && case.periods.len() > 1,
        cycles,
    }
}

/// The variants of [`robustness`], in its order, each with whether it is the one in use: with
/// and without mentions, each at k = 0, 1, 2 and no limit, then the group restriction (no
/// limit) for the current mentions setting. `incumbents`: the group of the restriction (by
/// default the group with the most conformity actions).
pub fn robustness_plan(
    case: &Case,
    kinds: &[Symbolic],
    current: Options,
    incumbents: Option<&str>,
) -> Vec<(Variant, bool)> {
    let mut plan = Vec::new();
    for with_mentions in [false, true] {
        for max_between in [Some(0), Some(1), Some(2), None] {
            let variant = Variant {
                with_mentions,
                max_between,
                incumbents: None,
            };
            plan.push((variant, with_mentions == current.with_mentions && max_between.is_none()));
        }
    }
    let group = incumbents.map(String::from).or_else(|| likely_incumbents(case, kinds));
    if let Some(group) = group {
        let variant = Variant {
            with_mentions: current.with_mentions,
            max_between: None,
            incumbents: Some(group),
        };
        plan.push((variant, false));
    }
    plan
}

/// One row of [`robustness`]: the findings under `variant`, the case prepared with the
/// variant's mentions setting (`prepared`).
pub fn robustness_row(
    case: &Case,
    prepared: &Prepared,
    kinds: &[Symbolic],
    variant: &Variant,
    current: bool,
) -> Finding {
    finding(case, prepared, kinds, variant.clone(), current)
}

/// The headline findings under every variant of [`robustness_plan`], the row of `current` (the
/// setting the app and `analyze` use now) marked. Each mentions setting is prepared once.
pub fn robustness(case: &Case, kinds: &[Symbolic], current: Options, incumbents: Option<&str>) -> Vec<Finding> {
    let mut prepared: [Option<Prepared>; 2] = [None, None];
    robustness_plan(case, kinds, current, incumbents)
        .into_iter()
        .map(|(variant, is_current)| {
            let p = prepared[usize::from(variant.with_mentions)].get_or_insert_with(|| {
                Prepared::new_with(
                    case,
                    Options {
                        with_mentions: variant.with_mentions,
                    },
                )
            });
            robustness_row(case, p, kinds, &variant, is_current)
        })
        .collect()
}
