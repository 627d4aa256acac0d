//! The preparation of a case: [`Prepared`], everything that depends on the case but not on its
//! coding (the trigger network, its topological positions, mention edges and diagnostics),
//! computed once per case. What depends on the coding too is [`super::analyze`]'s.

use super::diagnostics::{self, Diagnostic};
use super::regime;
use crate::core::graph::TriggerGraph;
use crate::core::model::Case;
use crate::core::sort::natural_key;
use crate::core::sort::SortErased;

/// How the mechanism is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Mention edges (an id named in a consequence) count as trigger edges, as evidence of what
    /// triggered what. The diagnostics of the data are computed on the triggers alone.
    pub with_mentions: bool,
}

/// The coding-independent structure of a case, computed once per case.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The trigger network.
    pub graph: TriggerGraph,
    /// Time rank of each action: by period, then `order`, then natural id order. It does not
    /// depend on the order of the rows, and orders every list of actions the analysis reports.
    pub time_rank: Vec<usize>,
    /// Topological position of each action (see [`TriggerGraph::topological_positions`]), with
    /// the time rank deciding inside cycles.
    pub position: Vec<usize>,
    /// For each topological position, the first and last position of its trigger component.
    pub component_span: Vec<(usize, usize)>,
    /// Action indices in natural id order (DS2 before DS10): the order of every reported list.
    pub rank_order: Vec<usize>,
    /// The natural id rank of each action (inverse of `rank_order`).
    pub natural_rank: Vec<usize>,
    /// Action indices in topological position (inverse of `position`).
    pub by_position: Vec<usize>,
    /// The trigger network has no cycle.
    pub acyclic: bool,
    /// The regime matrix without its counts by kind.
    pub regime: regime::RegimeBase,
    /// Mention edges `(a, b)`: action `b`'s id is named in action `a`'s consequence.
    pub mention_edges: Vec<(usize, usize)>,
    /// Diagnostics of the case.
    pub diagnostics: Vec<Diagnostic>,
    /// Period index of each action.
    pub period_of: Vec<usize>,
    /// Actor index of each action.
    pub actor_of: Vec<usize>,
}

impl Prepared {
    /// Computes the coding-independent structure of `case`, triggers alone.
    pub fn new(case: &Case) -> Self {
        Self::new_with(case, Options::default())
    }

    /// Computes the coding-independent structure of `case` under `options`.
    pub fn new_with(case: &Case, options: Options) -> Self {
        let triggers = TriggerGraph::from_case(case);
        let mention_edges = diagnostics::mention_edges(case);
        let diagnostics = diagnostics::diagnose(case, &triggers, &mention_edges);
        let graph = if options.with_mentions {
            triggers.with_edges(&mention_edges)
        } else {
            triggers
        };
        let n = case.actions.len();
        let mut rank_order: Vec<usize> = (0..n).collect();
        rank_order.erased_sort_by_cached_key(|&i| (natural_key(&case.actions[i].id), i));
        let mut natural_rank = vec![0; n];
        for (r, &i) in rank_order.iter().enumerate() {
            natural_rank[i] = r;
        }
        let period_index = case.period_indices();
        let period_of: Vec<usize> = case
            .actions
            .iter()
            .map(|a| period_index.get(a.period.as_str()).copied().unwrap_or(usize::MAX))
            .collect();
        let mut by_time: Vec<usize> = (0..n).collect();
        by_time.erased_sort_by(|&a, &b| {
            let order = |i: usize| case.actions[i].order.unwrap_or(f64::INFINITY);
            period_of[a]
                .cmp(&period_of[b])
                .then(order(a).total_cmp(&order(b)))
                .then(natural_rank[a].cmp(&natural_rank[b]))
        });
        let mut time_rank = vec![0; n];
        for (r, &i) in by_time.iter().enumerate() {
            time_rank[i] = r;
        }
        let position = graph.topological_positions(&time_rank);
        let acyclic = graph.cycles().is_empty();
        let mut by_position = vec![0; n];
        for (v, &p) in position.iter().enumerate() {
            by_position[p] = v;
        }
        let component_span = component_spans(&graph, &position);
        let actor_index = case.actor_indices();
        let actor_of = case
            .actions
            .iter()
            .map(|a| actor_index.get(a.actor.as_str()).copied().unwrap_or(usize::MAX))
            .collect();
        Prepared {
            graph,
            time_rank,
            position,
            component_span,
            rank_order,
            natural_rank,
            acyclic,
            regime: regime::RegimeBase::new(case),
            by_position,
            mention_edges,
            diagnostics,
            period_of,
            actor_of,
        }
    }
}

/// For each position, the span of positions its strongly connected component occupies.
fn component_spans(graph: &TriggerGraph, position: &[usize]) -> Vec<(usize, usize)> {
    let components = crate::core::graph::strongly_connected(&graph.successors, |_| true);
    let n = position.len();
    let mut span_of_component = vec![(usize::MAX, 0usize); components.count];
    for v in 0..n {
        let span = &mut span_of_component[components.of[v]];
        span.0 = span.0.min(position[v]);
        span.1 = span.1.max(position[v]);
    }
    let mut spans = vec![(0, 0); n];
    for v in 0..n {
        spans[position[v]] = span_of_component[components.of[v]];
    }
    spans
}
