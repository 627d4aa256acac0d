//! The trigger network as index-based adjacency.
//!
//! Owns [`TriggerGraph`]: one node per action (in table order), an edge `trigger → action` for
//! every trigger id that names an action of the case. Self-triggers and dangling ids are left out
//! here (validation reports them). Also owns the strongly connected components used to report
//! cycles, computed iteratively so that deep graphs cannot overflow the stack.

use crate::core::model::Case;
use crate::core::sort::SortErased;

/// The trigger network of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerGraph {
    /// Action ids, by node index (table order).
    pub ids: Vec<String>,
    /// `successors[i]`: the actions that node `i` triggered, in table order, without repeats.
    pub successors: Vec<Vec<usize>>,
    /// `predecessors[i]`: the actions that triggered node `i`, in the order the case lists them.
    pub predecessors: Vec<Vec<usize>>,
}

impl TriggerGraph {
    /// Builds the network of a case.
    pub fn from_case(case: &Case) -> Self {
        let index = case.action_indices();
        let n = case.actions.len();
        let mut successors = vec![Vec::new(); n];
        let mut predecessors = vec![Vec::new(); n];
        for (to, action) in case.actions.iter().enumerate() {
            for trigger in &action.triggers {
                if let Some(&from) = index.get(trigger.as_str()) {
                    if from != to && !predecessors[to].contains(&from) {
                        predecessors[to].push(from);
                        successors[from].push(to);
                    }
                }
            }
        }
        for list in &mut successors {
            list.erased_sort();
        }
        TriggerGraph {
            ids: case.actions.iter().map(|a| a.id.clone()).collect(),
            successors,
            predecessors,
        }
    }

    /// The network with extra edges `(from, to)` (mention edges, when the analysis counts them as
    /// triggers); self-edges and edges it has already are left out.
    pub fn with_edges(mut self, edges: &[(usize, usize)]) -> Self {
        for &(from, to) in edges {
            if from != to && from < self.ids.len() && to < self.ids.len() && !self.predecessors[to].contains(&from) {
                self.predecessors[to].push(from);
                self.successors[from].push(to);
            }
        }
        for list in &mut self.successors {
            list.erased_sort();
        }
        self
    }

    /// Every action that leads to `node` through trigger edges (its trigger ancestors), and every
    /// action it leads to (its descendants); neither includes `node` unless it lies on a cycle.
    pub fn lineage(&self, node: usize) -> (Vec<bool>, Vec<bool>) {
        let walk = |next: &Vec<Vec<usize>>| {
            let mut seen = vec![false; self.ids.len()];
            let mut stack = vec![node];
            while let Some(v) = stack.pop() {
                for &t in &next[v] {
                    if !seen[t] {
                        seen[t] = true;
                        stack.push(t);
                    }
                }
            }
            seen
        };
        (walk(&self.predecessors), walk(&self.successors))
    }

    /// The index of an action id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| x == id)
    }

    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.successors.iter().map(Vec::len).sum()
    }

    /// Strongly connected components with more than one node, each sorted by node index, listed by
    /// their smallest index. These are the cycles among triggers.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let components = strongly_connected(&self.successors, |_| true);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); components.count];
        for (node, &c) in components.of.iter().enumerate() {
            members[c].push(node);
        }
        let mut cycles: Vec<Vec<usize>> = members.into_iter().filter(|m| m.len() > 1).collect();
        cycles.erased_sort();
        cycles
    }

    /// A topological position for every node: components of the network in a topological
    /// order that follows `tiebreak` (a rank per node, e.g. time order) wherever the edges allow,
    /// and inside a component (a cycle) the order of `tiebreak`. Every edge between two components
    /// goes from a lower to a higher position; when `tiebreak` is itself topological (triggers
    /// point back in time) the positions are exactly its order.
    pub fn topological_positions(&self, tiebreak: &[usize]) -> Vec<usize> {
        let n = self.ids.len();
        let rank = |v: usize| tiebreak.get(v).copied().unwrap_or(v);
        let components = strongly_connected(&self.successors, |_| true);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); components.count];
        for v in 0..n {
            members[components.of[v]].push(v);
        }
        for m in &mut members {
            m.erased_sort_by_key(|&v| rank(v));
        }
        // Kahn's algorithm on the condensation, always taking the ready component that comes
        // first in `tiebreak`.
        let mut indegree = vec![0usize; components.count];
        for v in 0..n {
            for &t in &self.successors[v] {
                if components.of[t] != components.of[v] {
                    indegree[components.of[t]] += 1;
                }
            }
        }
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<(usize, usize)>> = (0..components.count)
            .filter(|&c| indegree[c] == 0)
            .map(|c| std::cmp::Reverse((rank(members[c][0]), c)))
            .collect();
        let mut position = vec![0; n];
        let mut next = 0;
        while let Some(std::cmp::Reverse((_, c))) = ready.pop() {
            for &v in &members[c] {
                position[v] = next;
                next += 1;
            }
            for &v in &members[c] {
                for &t in &self.successors[v] {
                    let d = components.of[t];
                    if d != c {
                        indegree[d] -= 1;
                        if indegree[d] == 0 {
                            ready.push(std::cmp::Reverse((rank(members[d][0]), d)));
                        }
                    }
                }
            }
        }
        position
    }
}

/// Strongly connected components of a subgraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    /// The component of each node; `usize::MAX` for nodes outside the subgraph.
    pub of: Vec<usize>,
    /// How many components. They are numbered in the order Tarjan's algorithm completes them,
    /// which is reverse topological: a component's successors have smaller numbers.
    pub count: usize,
}

/// Tarjan's algorithm, iterative (no recursion, so no stack overflow on long chains), over the
/// nodes for which `include` holds and the edges between them.
pub fn strongly_connected(successors: &[Vec<usize>], include: impl Fn(usize) -> bool) -> Components {
    let n = successors.len();
    let mut index_of = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut of = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0usize;
    let mut count = 0usize;
    // Each frame: (node, position in its successor list); one stack reused for every root.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index_of[root] != usize::MAX || !include(root) {
            continue;
        }
        frames.push((root, 0));
        index_of[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(frame) = frames.last_mut() {
            let node = frame.0;
            if let Some(&succ) = successors[node].get(frame.1) {
                frame.1 += 1;
                if !include(succ) {
                    continue;
                }
                if index_of[succ] == usize::MAX {
                    index_of[succ] = next_index;
                    low[succ] = next_index;
                    next_index += 1;
                    stack.push(succ);
                    on_stack[succ] = true;
                    frames.push((succ, 0));
                } else if on_stack[succ] {
                    low[node] = low[node].min(index_of[succ]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index_of[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    of[member] = count;
                    if member == node {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    Components { of, count }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Action, Symbolic};

    fn action(id: &str, triggers: &[&str]) -> Action {
        Action {
            id: id.into(),
            actor: "x".into(),
            period: "p".into(),
            description: String::new(),
            symbolic: Symbolic::Substantive,
            symbolic_note: String::new(),
            aim: String::new(),
            aspect: None,
            triggers: triggers.iter().map(|t| t.to_string()).collect(),
            external_triggers: vec![],
            consequence: String::new(),
            impact: String::new(),
            date: None,
            order: None,
            evidence: Vec::new(),
        }
    }

    fn case(actions: Vec<Action>) -> Case {
        Case {
            actions,
            ..Case::default()
        }
    }

    #[test]
    fn edges_skip_self_and_dangling_triggers() {
        let g = TriggerGraph::from_case(&case(vec![action("A", &["A", "Z"]), action("B", &["A", "A"])]));
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.successors[0], vec![1]);
    }

    #[test]
    fn lineage_follows_edges_both_ways() {
        let g = TriggerGraph::from_case(&case(vec![
            action("A", &[]),
            action("B", &["A"]),
            action("C", &["B"]),
            action("D", &["A"]),
        ]));
        let (up, down) = g.lineage(1);
        assert_eq!(up, vec![true, false, false, false]);
        assert_eq!(down, vec![false, false, true, false]);
    }

    #[test]
    fn cycles_are_found_once_each() {
        let g = TriggerGraph::from_case(&case(vec![
            action("A", &["C"]),
            action("B", &["A"]),
            action("C", &["B"]),
            action("D", &["C", "E"]),
            action("E", &["D"]),
            action("F", &["E"]),
        ]));
        assert_eq!(g.cycles(), vec![vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn positions_respect_edges_and_table_order_inside_cycles() {
        let g = TriggerGraph::from_case(&case(vec![
            action("C", &["B"]),
            action("A", &[]),
            action("B", &["A", "D"]),
            action("D", &["B"]),
        ]));
        let pos = g.topological_positions(&[0, 1, 2, 3]);
        // A before the cycle {B, D}; inside the cycle table order (B before D); C after both.
        assert!(pos[1] < pos[2] && pos[2] < pos[3] && pos[3] < pos[0], "{pos:?}");
    }

    #[test]
    fn a_dag_has_no_cycles_and_a_long_chain_does_not_overflow() {
        let ids: Vec<String> = (0..200_000).map(|i| format!("N{i}")).collect();
        let actions: Vec<Action> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                if i == 0 {
                    action(id, &[])
                } else {
                    action(id, &[ids[i - 1].as_str()])
                }
            })
            .collect();
        assert!(TriggerGraph::from_case(&case(actions)).cycles().is_empty());
    }
}
