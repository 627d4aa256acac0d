//! Level of detail for large cases: the timeline and the network drawn by cell (the actions of
//! one period, actor group and kind) instead of action by action.
//!
//! ECharts needs 150–300 ms to redraw a chart of 1,000 actions with their triggers, and most of a
//! second at 5,000, and a chart of thousands of marks is a smear nobody can read. Above
//! [`DETAIL_LIMIT`] shown actions the two charts therefore show an overview whose size depends on
//! the periods, actor groups and kinds, not on the actions: one mark per cell, sized by its
//! number of actions, with the triggers and the reinforcing links between cells counted. A
//! selection or a recode then redraws tens of marks, not thousands. A click on a cell zooms in
//! (the timeline to its period, the network to its actor group), and "Every action" draws them
//! all at any size.
//!
//! Key items: [`Cell`], [`Aggregate`] and [`aggregate`] (the counts, tested natively),
//! [`timeline_overview_option`] and [`network_overview_option`].

use super::network::{graph_series, NetworkView, ACTOR_SYMBOLS};
use super::timeline::{timeline_frame, Emphasis};
use super::{abbreviate, base, inert, kind_categories, kind_colour, kind_index, part, text_tooltip, EDGE, REINFORCING};
use crate::charts::layout::TimelineLayout;
use crate::core::analysis::{Analysis, Prepared};
use crate::core::model::{Case, Symbolic};
use crate::core::sort::SortErased;
use charming::component::Legend;
use charming::element::Orient;
use rustc_hash::FxHashMap;
use serde_json::{json, Value};

/// Charts draw every action up to this many shown actions, and an overview by cell beyond
/// (unless asked to draw every action).
pub const DETAIL_LIMIT: usize = 500;

/// True when a chart showing `shown` actions draws each of them: few enough, or asked for.
pub fn draws_every_action(shown: usize, every: bool) -> bool {
    every || shown <= DETAIL_LIMIT
}

/// The kinds from left to right inside a cell: conformity and advocacy apart, substantive
/// actions between them.
const KIND_ORDER: [Symbolic; 3] = [Symbolic::Conformity, Symbolic::Substantive, Symbolic::Advocacy];

/// The column of a kind in [`KIND_ORDER`] (0, 1 or 2).
fn kind_column(kind: Symbolic) -> usize {
    KIND_ORDER.iter().position(|&k| k == kind).unwrap_or(1)
}

/// A cell of the overview: the actions of one period (or of every period), one actor group and
/// one kind, by their indices in the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    /// Index of the period in the case; `None` when periods are pooled.
    pub period: Option<usize>,
    /// Index of the actor group in the case.
    pub actor: usize,
    /// The kind.
    pub kind: Symbolic,
}

impl Cell {
    /// The chart item id of the cell: `cell:P:A:kind` (`-` for pooled periods).
    pub fn id(&self) -> String {
        let period = self.period.map_or("-".to_string(), |p| p.to_string());
        format!("cell:{period}:{}:{}", self.actor, self.kind.key())
    }

    /// The cell of a chart item id made by [`Cell::id`]; `None` for any other id (an action's).
    pub fn parse(id: &str) -> Option<Cell> {
        let mut parts = id.strip_prefix("cell:")?.split(':');
        let period = match parts.next()? {
            "-" => None,
            p => Some(p.parse().ok()?),
        };
        let actor = parts.next()?.parse().ok()?;
        let key = parts.next()?;
        let kind = Symbolic::ALL.into_iter().find(|k| k.key() == key)?;
        parts.next().is_none().then_some(Cell { period, actor, kind })
    }

    /// "P3 · Incumbents · Symbolic conformity" (the period left out when pooled).
    pub fn describe(&self, case: &Case) -> String {
        let actor = case.actors.get(self.actor).map_or("?", |a| a.name.as_str());
        match self.period.and_then(|p| case.periods.get(p)) {
            Some(p) => format!("{} · {actor} · {}", p.name, self.kind.label()),
            None => format!("{actor} · {}", self.kind.label()),
        }
    }
}

/// What a cell holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellCount {
    /// Its actions.
    pub actions: usize,
    /// Of them, those in focus (all of them when nothing is focused).
    pub focused: usize,
    /// Whether the selected action is in it.
    pub selected: bool,
    /// Of its actions, those in a reinforcing cycle.
    pub in_cycles: usize,
    /// Of its actions, those the coders differ on.
    pub disputed: usize,
    /// Triggers between two of its own actions.
    pub inner_triggers: usize,
    /// Reinforcing links between two of its own actions.
    pub inner_reinforcing: usize,
}

/// The overview's counts: the cells, and the triggers and reinforcing links between two cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregate {
    /// Every cell with at least one action, in cell order.
    pub cells: Vec<(Cell, CellCount)>,
    /// Triggers from one cell to another: `(from, to, count)`, by positions in `cells`.
    pub triggers: Vec<(usize, usize, usize)>,
    /// Reinforcing links from one cell to another, likewise.
    pub reinforcing: Vec<(usize, usize, usize)>,
    /// Every action counted.
    pub actions: usize,
}

/// What the overview draws that depends on the case, the coding and the filter but not on the
/// selection: the cells, each shown action's cell, and the triggers and reinforcing links
/// between cells and inside them. Made once per analysis ([`flows`]); a selection then only
/// counts actions ([`aggregate_with`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    /// Every cell with at least one shown action, in cell order.
    pub cells: Vec<Cell>,
    /// For each action, the position of its cell in `cells` (`None`: not shown).
    pub slot: Vec<Option<u32>>,
    /// Triggers between two actions of one cell, by cell.
    pub inner_triggers: Vec<usize>,
    /// Reinforcing links between two actions of one cell, by cell.
    pub inner_reinforcing: Vec<usize>,
    /// Triggers from one cell to another: `(from, to, count)`, by positions in `cells`.
    pub triggers: Vec<(usize, usize, usize)>,
    /// Reinforcing links from one cell to another, likewise.
    pub reinforcing: Vec<(usize, usize, usize)>,
}

/// Cells of at most this many pairs count their flows in a dense table (a reinforcing link is
/// then one increment), more in a hash map.
const DENSE_PAIRS: usize = 1 << 20;

/// Counts pairs of cells: `(from, to)` pairs of actions, by the cells of their ends, those inside
/// one cell apart. Returns the flows between cells, sorted, and the pairs inside each cell.
fn count_pairs(
    slot: &[Option<u32>],
    cells: usize,
    pairs: impl Iterator<Item = (usize, usize)>,
) -> (Vec<(usize, usize, usize)>, Vec<usize>) {
    let mut inner = vec![0usize; cells];
    let ends = pairs.filter_map(|(from, to)| Some((slot[from]? as usize, slot[to]? as usize)));
    if cells * cells <= DENSE_PAIRS {
        let mut table = vec![0u32; cells * cells];
        for (a, b) in ends {
            table[a * cells + b] += 1;
        }
        let mut flows = Vec::new();
        for (k, &count) in table.iter().enumerate().filter(|(_, &c)| c > 0) {
            let (a, b) = (k / cells, k % cells);
            if a == b {
                inner[a] = count as usize;
            } else {
                flows.push((a, b, count as usize));
            }
        }
        (flows, inner)
    } else {
        let mut table: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        for (a, b) in ends {
            if a == b {
                inner[a] += 1;
            } else {
                *table.entry((a, b)).or_default() += 1;
            }
        }
        let mut flows: Vec<(usize, usize, usize)> = table.into_iter().map(|((a, b), c)| (a, b, c)).collect();
        flows.erased_sort();
        (flows, inner)
    }
}

/// The cells of the actions that `shown` keeps (by period too when `by_period`), and the
/// triggers and reinforcing links between them. Linear in the actions, triggers and links.
pub fn flows(
    prepared: &Prepared,
    analysis: &Analysis,
    kinds: &[Symbolic],
    by_period: bool,
    shown: &dyn Fn(usize) -> bool,
) -> Flows {
    let n = prepared.actor_of.len();
    let cell_of = |i: usize| Cell {
        period: by_period.then(|| prepared.period_of[i]),
        actor: prepared.actor_of[i],
        kind: kinds.get(i).copied().unwrap_or(Symbolic::Substantive),
    };
    let mut cells: Vec<Cell> = (0..n).filter(|&i| shown(i)).map(cell_of).collect();
    cells.erased_sort();
    cells.dedup();
    let position: FxHashMap<Cell, u32> = cells.iter().enumerate().map(|(k, &c)| (c, k as u32)).collect();
    let slot: Vec<Option<u32>> = (0..n)
        .map(|i| {
            if shown(i) {
                position.get(&cell_of(i)).copied()
            } else {
                None
            }
        })
        .collect();
    let (triggers, inner_triggers) = count_pairs(
        &slot,
        cells.len(),
        (0..n).flat_map(|to| prepared.graph.predecessors[to].iter().map(move |&from| (from, to))),
    );
    let (reinforcing, inner_reinforcing) = count_pairs(&slot, cells.len(), analysis.reinforcement.links());
    Flows {
        cells,
        slot,
        inner_triggers,
        inner_reinforcing,
        triggers,
        reinforcing,
    }
}

/// The overview's counts under an emphasis: each cell's actions, those in focus, the selection,
/// cycles and disputes, with the flows. Linear in the actions.
pub fn aggregate_with(flows: &Flows, emphasis: &Emphasis) -> Aggregate {
    let mut counts: Vec<CellCount> = flows
        .inner_triggers
        .iter()
        .zip(&flows.inner_reinforcing)
        .map(|(&inner_triggers, &inner_reinforcing)| CellCount {
            inner_triggers,
            inner_reinforcing,
            ..CellCount::default()
        })
        .collect();
    let mut total = 0;
    for (i, slot) in flows.slot.iter().enumerate() {
        let Some(k) = slot else { continue };
        let c = &mut counts[*k as usize];
        c.actions += 1;
        c.focused += usize::from(emphasis.is_focused(i));
        c.selected |= emphasis.selected == Some(i);
        total += 1;
    }
    let mut in_cycle: Vec<usize> = emphasis.cycles.iter().flatten().copied().collect();
    in_cycle.erased_sort();
    in_cycle.dedup();
    for v in in_cycle {
        if let Some(k) = flows.slot.get(v).copied().flatten() {
            counts[k as usize].in_cycles += 1;
        }
    }
    for &d in &emphasis.disputed {
        if let Some(k) = flows.slot.get(d).copied().flatten() {
            counts[k as usize].disputed += 1;
        }
    }
    Aggregate {
        cells: flows.cells.iter().copied().zip(counts).collect(),
        triggers: flows.triggers.clone(),
        reinforcing: flows.reinforcing.clone(),
        actions: total,
    }
}

/// Counts the actions that `shown` keeps by cell (by period too when `by_period`), and the
/// triggers and reinforcing links between two of them: [`flows`], then [`aggregate_with`].
pub fn aggregate(
    prepared: &Prepared,
    analysis: &Analysis,
    kinds: &[Symbolic],
    emphasis: &Emphasis,
    by_period: bool,
    shown: &dyn Fn(usize) -> bool,
) -> Aggregate {
    aggregate_with(&flows(prepared, analysis, kinds, by_period, shown), emphasis)
}

/// A mark's size for `count` actions when the fullest cell has `most`: by area.
fn mark_size(count: usize, most: usize, smallest: f64, largest: f64) -> f64 {
    smallest + (largest - smallest) * (count as f64 / most.max(1) as f64).sqrt()
}

/// A flow's width for `count` links when the largest flow has `most`: logarithmic, so that a few
/// links still show beside thousands.
fn flow_width(count: usize, most: usize, thinnest: f64, widest: f64) -> f64 {
    let scale = ((1 + count) as f64).ln() / ((1 + most.max(1)) as f64).ln();
    thinnest + (widest - thinnest) * scale
}

/// "1,234": a count with thousands separated.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A cell's mark label: its count, with "↻" when it holds actions of a reinforcing cycle and "≠"
/// when it holds actions the coders differ on (marks in text, not colour alone).
fn cell_label(c: &CellCount) -> String {
    let mut label = thousands(c.actions);
    if c.in_cycles > 0 {
        label.push_str(" ↻");
    }
    if c.disputed > 0 {
        label.push_str(" ≠");
    }
    label
}

/// A cell's tooltip.
fn cell_tooltip(case: &Case, cell: &Cell, c: &CellCount, zoom: &str) -> String {
    let mut text = format!("{}\n{} actions", cell.describe(case), thousands(c.actions));
    if c.focused < c.actions {
        text.push_str(&format!(", {} of them in focus", thousands(c.focused)));
    }
    if c.selected {
        text.push_str("\nThe selected action is here");
    }
    text.push_str(&format!("\nTriggers inside: {}", thousands(c.inner_triggers)));
    if c.inner_reinforcing > 0 {
        text.push_str(&format!(
            "; reinforcing links inside: {}",
            thousands(c.inner_reinforcing)
        ));
    }
    if c.in_cycles > 0 {
        text.push_str(&format!("\nIn a reinforcing cycle (↻): {}", thousands(c.in_cycles)));
    }
    if c.disputed > 0 {
        text.push_str(&format!("\nThe coders differ on (≠): {}", thousands(c.disputed)));
    }
    text.push_str(&format!("\nClick to {zoom}"));
    text
}

/// A cell's strength: full when any of its actions is in focus.
fn strength(c: &CellCount) -> f64 {
    if c.focused > 0 {
        1.0
    } else {
        0.18
    }
}

/// The timeline's overview: on the timeline's frame (period bands, lanes, events, time axis), one
/// mark per period, actor group and kind, sized by its actions and shaped and coloured by kind,
/// with arrows counting the triggers between cells; of one period (its index in the case) or of
/// every period (`None`); its labels planned for a chart `width` pixels wide.
pub fn timeline_overview_option(
    case: &Case,
    layout: &TimelineLayout,
    flows: &Flows,
    emphasis: &Emphasis,
    period: Option<usize>,
    width: f64,
) -> Value {
    let agg = aggregate_with(flows, emphasis);
    let most = agg.cells.iter().map(|(_, c)| c.actions).max().unwrap_or(1);
    let nodes: Vec<Value> = agg
        .cells
        .iter()
        .map(|(cell, c)| {
            let band = cell.period.and_then(|p| layout.bands.get(p));
            let (x0, x1) = band.map_or((layout.x_min, layout.x_max), |b| (b.x0, b.x1));
            let x = (x0 + x1) / 2.0 + (kind_column(cell.kind) as f64 - 1.0) * (x1 - x0) / 4.0;
            json!({
                "id": cell.id(), "name": cell.describe(case),
                "value": [x, cell.actor],
                "category": kind_index(cell.kind),
                "symbolSize": mark_size(c.actions, most, 9.0, 40.0),
                "itemStyle": {"opacity": strength(c), "borderColor": if c.selected { "#111" } else { "#fff" }, "borderWidth": if c.selected { 3.0 } else { 1.0 }},
                "label": {"show": true, "position": "top", "distance": 3, "fontSize": 11, "color": "#1d2327",
                          "fontWeight": if c.selected { "bold" } else { "normal" }, "opacity": if strength(c) < 1.0 { 0.35 } else { 1.0 },
                          "formatter": cell_label(c)},
                "tooltip": text_tooltip(&cell_tooltip(case, cell, c, "see this period's actions")),
            })
        })
        .collect();
    let most_flow = agg.triggers.iter().map(|f| f.2).max().unwrap_or(1);
    let links: Vec<Value> = agg
        .triggers
        .iter()
        .map(|&(a, b, count)| {
            let (from, to) = (&agg.cells[a], &agg.cells[b]);
            let strong = strength(&from.1) == 1.0 && strength(&to.1) == 1.0;
            json!({"source": from.0.id(), "target": to.0.id(), "name": "triggers", "value": count,
                "lineStyle": {"width": flow_width(count, most_flow, 0.6, 5.0), "opacity": if strong { 0.35 } else { 0.06 }},
                "tooltip": text_tooltip(&format!("{} triggers\nfrom {}\nto {}", thousands(count), from.0.describe(case), to.0.describe(case)))})
        })
        .collect();
    let actions = json!({
        "type": "graph", "id": "actions", "name": "Overview",
        "coordinateSystem": "cartesian2d", "layout": "none",
        "categories": kind_categories(true),
        "data": nodes, "links": links,
        "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": [0, 7],
        "lineStyle": {"color": EDGE, "curveness": 0.2},
        "emphasis": {"disabled": true},
        "z": 3,
    });
    let range = super::timeline::band_range(layout, period);
    let mut option = timeline_frame(layout, actions, Vec::new(), range, width);
    super::describe(
        &mut option,
        &format!(
            "Overview of the period timeline: {} actions by {} actor groups over {}, drawn as one mark for each period, actor group and kind ({} marks), sized by its number of actions and labelled with it: triangles for symbolic conformity, diamonds for symbolic advocacy, circles for substantive actions. Arrows count the triggers between marks ({} arrows for {} triggers). Choose a period to see its actions, or Every action.",
            thousands(agg.actions),
            case.actors.len(),
            match period.and_then(|p| case.periods.get(p)) {
                Some(p) => format!("the period {}", p.name),
                None => format!("{} periods", case.periods.len()),
            },
            agg.cells.len(),
            agg.triggers.len(),
            thousands(agg.triggers.iter().map(|f| f.2).sum::<usize>()),
        ),
    );
    option
}

/// The network's overview: one node per actor group and kind over the shown actions (the
/// view's filters apply), conformity on the left, advocacy on the right and substantive actions
/// between them, one row per actor group; arrows count the triggers between nodes, and thick
/// curves labelled with their count the reinforcing links.
pub fn network_overview_option(
    case: &Case,
    flows: &Flows,
    link_count: usize,
    view: &NetworkView,
    emphasis: &Emphasis,
) -> Value {
    let agg = aggregate_with(flows, emphasis);
    let mut option = base([(
        "legend",
        part(&Legend::new().top(0).left("center").orient(Orient::Horizontal)),
    )]);
    let most = agg.cells.iter().map(|(_, c)| c.actions).max().unwrap_or(1);
    let nodes: Vec<Value> = agg
        .cells
        .iter()
        .map(|(cell, c)| {
            let actor = case.actors.get(cell.actor).map_or("?", |a| a.name.as_str());
            json!({
                "id": cell.id(), "name": cell.describe(case),
                "x": kind_column(cell.kind) as f64 * 300.0, "y": cell.actor as f64 * 150.0,
                "category": kind_index(cell.kind),
                "symbol": ACTOR_SYMBOLS[cell.actor % ACTOR_SYMBOLS.len()],
                "symbolSize": mark_size(c.actions, most, 14.0, 56.0),
                "itemStyle": {"color": kind_colour(cell.kind), "opacity": strength(c),
                              "borderColor": if c.selected { "#111" } else if cell.kind.is_symbolic() { "#1d2327" } else { "#fff" },
                              "borderType": if cell.kind == Symbolic::Advocacy { "dashed" } else { "solid" },
                              "borderWidth": if c.selected { 3.5 } else if cell.kind.is_symbolic() { 2.0 } else { 1.5 }},
                // Labels face away from the middle, so that the outer columns' stay in the chart.
                "label": {"show": true, "position": if kind_column(cell.kind) == 2 { "left" } else { "right" }, "distance": 8,
                          "fontSize": 11, "lineHeight": 15, "color": "#1d2327", "opacity": if strength(c) < 1.0 { 0.35 } else { 1.0 },
                          "fontWeight": if c.selected { "bold" } else { "normal" },
                          "formatter": inert(&format!("{}\n{}", abbreviate(actor, 22), cell_label(c)))},
                "tooltip": text_tooltip(&cell_tooltip(case, cell, c, "see this actor group's actions")),
            })
        })
        .collect();
    let mut links: Vec<Value> = Vec::new();
    let most_trigger = agg.triggers.iter().map(|f| f.2).max().unwrap_or(1);
    for &(a, b, count) in &agg.triggers {
        let (from, to) = (&agg.cells[a], &agg.cells[b]);
        let strong = strength(&from.1) == 1.0 && strength(&to.1) == 1.0;
        links.push(json!({"source": from.0.id(), "target": to.0.id(), "name": "triggers", "value": count,
            "lineStyle": {"type": "solid", "color": EDGE, "width": flow_width(count, most_trigger, 0.8, 6.0), "curveness": 0.12, "opacity": if strong { 0.5 } else { 0.08 }},
            "tooltip": text_tooltip(&format!("{} triggers\nfrom {}\nto {}", thousands(count), from.0.describe(case), to.0.describe(case)))}));
    }
    let most_link = agg.reinforcing.iter().map(|f| f.2).max().unwrap_or(1);
    if view.reinforcing {
        for &(a, b, count) in &agg.reinforcing {
            let (from, to) = (&agg.cells[a], &agg.cells[b]);
            let strong = strength(&from.1) == 1.0 && strength(&to.1) == 1.0;
            links.push(json!({"source": from.0.id(), "target": to.0.id(), "name": "reinforcing", "value": count,
                "lineStyle": {"type": "solid", "color": REINFORCING, "width": flow_width(count, most_link, 2.0, 9.0), "curveness": 0.3, "opacity": if strong { 0.85 } else { 0.12 }},
                "label": {"show": true, "formatter": thousands(count), "color": "#7a3e65", "fontSize": 11, "fontWeight": "bold"},
                "tooltip": text_tooltip(&format!("{} reinforcing links\nfrom {}\nto {}", thousands(count), from.0.describe(case), to.0.describe(case)))}));
        }
    }
    option["legend"]["data"] = json!(Symbolic::ALL.iter().map(|k| k.label()).collect::<Vec<_>>());
    let mut series = graph_series("Overview", view.force, (900, [120, 260]), 10);
    series["data"] = json!(nodes);
    series["links"] = json!(links);
    option["series"] = json!([series]);
    super::describe(
        &mut option,
        &format!(
            "Overview of the action-trigger network: {} actions drawn as one node for each actor group and kind ({} nodes), sized by its number of actions: symbolic conformity on the left, symbolic advocacy on the right, substantive actions between them, one row per actor group. Arrows count the triggers between nodes ({} triggers), thick curves labelled with their count the reinforcing links between symbolic conformity and advocacy ({} links). Choose an actor group and a period to see their actions.",
            thousands(agg.actions),
            agg.cells.len(),
            thousands(agg.triggers.iter().map(|f| f.2).sum::<usize>()),
            thousands(link_count),
        ),
    );
    option
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::USUAL_WIDTH;
    use crate::core::analysis::{analyze_case, coded_kinds};
    use crate::core::builtin::telco;

    #[test]
    fn cell_ids_read_back() {
        for cell in [
            Cell {
                period: Some(3),
                actor: 1,
                kind: Symbolic::Advocacy,
            },
            Cell {
                period: None,
                actor: 0,
                kind: Symbolic::Substantive,
            },
        ] {
            assert_eq!(Cell::parse(&cell.id()), Some(cell));
        }
        assert_eq!(Cell::parse("AM4"), None);
        assert_eq!(Cell::parse("cell:x:1:advocacy"), None);
        assert_eq!(Cell::parse("cell:1:1:nonsense"), None);
    }

    /// Flows counted in the dense table (few cells) and in the hash map (many) match a count by
    /// hand, pairs inside a cell apart and actions not shown left out.
    #[test]
    fn pairs_are_counted_alike_in_both_tables() {
        let mut rng = crate::core::synthetic::Rng::new(3);
        for cells in [7usize, 1500] {
            let n = 4000;
            let slot: Vec<Option<u32>> = (0..n)
                .map(|_| {
                    let r = rng.next_u64() as usize;
                    (!r.is_multiple_of(10)).then_some(((r >> 8) % cells) as u32)
                })
                .collect();
            let pairs: Vec<(usize, usize)> = (0..20_000)
                .map(|_| ((rng.next_u64() as usize) % n, (rng.next_u64() as usize) % n))
                .collect();
            let (flows, inner) = count_pairs(&slot, cells, pairs.iter().copied());
            let mut by_hand = std::collections::BTreeMap::new();
            let mut inner_by_hand = vec![0usize; cells];
            for &(a, b) in &pairs {
                let (Some(x), Some(y)) = (slot[a], slot[b]) else {
                    continue;
                };
                if x == y {
                    inner_by_hand[x as usize] += 1;
                } else {
                    *by_hand.entry((x as usize, y as usize)).or_insert(0usize) += 1;
                }
            }
            let by_hand: Vec<(usize, usize, usize)> = by_hand.into_iter().map(|((a, b), c)| (a, b, c)).collect();
            assert_eq!(flows, by_hand, "{cells} cells");
            assert_eq!(inner, inner_by_hand, "{cells} cells");
        }
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn small_cases_draw_every_action_large_ones_an_overview() {
        assert!(draws_every_action(22, false));
        assert!(draws_every_action(DETAIL_LIMIT, false));
        assert!(!draws_every_action(DETAIL_LIMIT + 1, false));
        assert!(draws_every_action(10_000, true));
    }

    /// The counts by cell add up to the case, and each flow is counted against the actions and
    /// links themselves, on TelCo and on a generated case.
    #[test]
    fn the_overview_counts_every_action_trigger_and_link_once() {
        for case in [telco(), crate::core::synthetic::synthetic_case(700, 5)] {
            let (prepared, analysis) = analyze_case(&case);
            let kinds = coded_kinds(&case);
            for by_period in [true, false] {
                let agg = aggregate(&prepared, &analysis, &kinds, &Emphasis::default(), by_period, &|_| true);
                assert_eq!(agg.actions, case.actions.len());
                assert_eq!(agg.cells.iter().map(|c| c.1.actions).sum::<usize>(), case.actions.len());
                let triggers: usize = prepared.graph.predecessors.iter().map(Vec::len).sum();
                let inner: usize = agg.cells.iter().map(|c| c.1.inner_triggers).sum();
                assert_eq!(agg.triggers.iter().map(|f| f.2).sum::<usize>() + inner, triggers);
                let inner: usize = agg.cells.iter().map(|c| c.1.inner_reinforcing).sum();
                assert_eq!(
                    agg.reinforcing.iter().map(|f| f.2).sum::<usize>() + inner,
                    analysis.reinforcement.link_count
                );
                // Each cell holds exactly the actions of its period, group and kind.
                for (cell, count) in &agg.cells {
                    let actions = (0..case.actions.len())
                        .filter(|&i| {
                            prepared.actor_of[i] == cell.actor
                                && kinds[i] == cell.kind
                                && cell.period.is_none_or(|p| prepared.period_of[i] == p)
                        })
                        .count();
                    assert_eq!(count.actions, actions, "{cell:?}");
                    assert_eq!(cell.period.is_some(), by_period);
                }
                // A reinforcing flow joins conformity and advocacy.
                for &(a, b, _) in &agg.reinforcing {
                    assert_ne!(agg.cells[a].0.kind, agg.cells[b].0.kind);
                    assert!(agg.cells[a].0.kind.is_symbolic() && agg.cells[b].0.kind.is_symbolic());
                }
            }
        }
    }

    /// TelCo by hand: data scientists' advocacy in P1 is one cell; a filter keeps only the
    /// actions it shows; the selected action's cell is marked and the cells outside its lineage
    /// fade.
    #[test]
    fn the_overview_follows_filters_and_the_selection() {
        let case = telco();
        let (prepared, analysis) = analyze_case(&case);
        let kinds = coded_kinds(&case);
        let p1 = case.periods.iter().position(|p| p.id == "P1").expect("P1");
        let only_p1 = |i: usize| case.actions[i].period == "P1";
        let agg = aggregate(&prepared, &analysis, &kinds, &Emphasis::default(), false, &only_p1);
        assert_eq!(agg.actions, (0..case.actions.len()).filter(|&i| only_p1(i)).count());
        let index = case.action_indices();
        let am4 = index["AM4"];
        let emphasis = Emphasis::of_selection(&prepared, Some(am4));
        let agg = aggregate(&prepared, &analysis, &kinds, &emphasis, true, &|_| true);
        let selected: Vec<&Cell> = agg.cells.iter().filter(|c| c.1.selected).map(|c| &c.0).collect();
        assert_eq!(
            selected,
            vec![&Cell {
                period: Some(prepared.period_of[am4]),
                actor: prepared.actor_of[am4],
                kind: kinds[am4],
            }]
        );
        for (cell, count) in &agg.cells {
            let lineage = (0..case.actions.len()).filter(|&i| {
                emphasis.is_focused(i)
                    && prepared.actor_of[i] == cell.actor
                    && kinds[i] == cell.kind
                    && Some(prepared.period_of[i]) == cell.period
            });
            assert_eq!(count.focused, lineage.count());
        }
        assert!(
            agg.cells.iter().any(|c| c.1.focused == 0),
            "something outside the lineage"
        );
        assert!(agg.cells.iter().any(|c| c.0.period == Some(p1)));
    }

    /// The overview options are as large as the cells, not the actions, and carry counts that a
    /// reader can check: 5,000 generated actions make at most periods × groups × 3 marks.
    #[test]
    fn overview_options_stay_small_and_say_what_they_count() {
        let case = crate::core::synthetic::synthetic_case(5000, 9);
        let (prepared, analysis) = analyze_case(&case);
        let kinds = coded_kinds(&case);
        let layout = crate::charts::layout::timeline_layout(&case);
        let emphasis = Emphasis::default();
        let all = flows(&prepared, &analysis, &kinds, true, &|_| true);
        let timeline = timeline_overview_option(&case, &layout, &all, &emphasis, None, USUAL_WIDTH);
        let in_third = flows(&prepared, &analysis, &kinds, true, &|i| prepared.period_of[i] == 2);
        let one = timeline_overview_option(&case, &layout, &in_third, &emphasis, Some(2), USUAL_WIDTH);
        assert!(one["series"][0]["data"]
            .as_array()
            .expect("nodes")
            .iter()
            .all(|n| Cell::parse(n["id"].as_str().unwrap_or("")).is_some_and(|c| c.period == Some(2))));
        assert_eq!(one["xAxis"]["min"].as_f64(), Some(layout.bands[2].x0));
        let cells = case.periods.len() * case.actors.len() * 3;
        let nodes = timeline["series"][0]["data"].as_array().expect("nodes");
        assert!(nodes.len() <= cells && !nodes.is_empty(), "{}", nodes.len());
        let total: u64 = nodes
            .iter()
            .map(|n| {
                n["label"]["formatter"]
                    .as_str()
                    .and_then(|t| t.split(' ').next())
                    .map(|t| t.replace(',', ""))
                    .and_then(|t| t.parse::<u64>().ok())
                    .expect("a count")
            })
            .sum();
        assert_eq!(total, 5000);
        assert!(timeline.to_string().len() < 200_000, "{}", timeline.to_string().len());
        // Every mark sits inside its period's band.
        for node in nodes {
            let cell = Cell::parse(node["id"].as_str().expect("id")).expect("a cell");
            let band = &layout.bands[cell.period.expect("by period")];
            let x = node["value"][0].as_f64().expect("x");
            assert!(band.x0 < x && x < band.x1);
        }
        let pooled = flows(&prepared, &analysis, &kinds, false, &|_| true);
        let link_count = analysis.reinforcement.link_count;
        let network = network_overview_option(&case, &pooled, link_count, &NetworkView::default(), &emphasis);
        let nodes = network["series"][0]["data"].as_array().expect("nodes");
        assert!(nodes.len() <= case.actors.len() * 3);
        let reinforcing: u64 = network["series"][0]["links"]
            .as_array()
            .expect("links")
            .iter()
            .filter(|l| l["name"] == "reinforcing")
            .filter_map(|l| l["value"].as_u64())
            .sum();
        let agg = aggregate(&prepared, &analysis, &kinds, &emphasis, false, &|_| true);
        let inner: usize = agg.cells.iter().map(|c| c.1.inner_reinforcing).sum();
        assert_eq!(reinforcing as usize + inner, analysis.reinforcement.link_count);
        assert!(network["aria"]["label"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("Overview of the action-trigger network")));
        let off = network_overview_option(
            &case,
            &pooled,
            link_count,
            &NetworkView {
                reinforcing: false,
                ..NetworkView::default()
            },
            &emphasis,
        );
        assert!(off["series"][0]["links"]
            .as_array()
            .expect("links")
            .iter()
            .all(|l| l["name"] != "reinforcing"));
    }
}
