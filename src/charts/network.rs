//! The action-trigger network: nodes coloured by kind and shaped by actor group, trigger edges as
//! solid arrows, mention-only edges dashed, external triggers as small source nodes, and the
//! reinforcing links drawn on top when asked for.

use super::{abbreviate, base, kind_categories, kind_colour, kind_index, part, text_tooltip, EDGE, REINFORCING};
use crate::charts::timeline::{action_tooltip, Emphasis};
use crate::core::analysis::{Analysis, Prepared};
use crate::core::model::{Aspect, Case, Symbolic};
use crate::core::sort::SortErased;
use charming::component::Legend;
use charming::element::Orient;
use serde_json::{json, Value};

/// Never more than this many reinforcing links are all drawn; beyond, only those of the longest
/// chains (and of the cycles).
pub const REINFORCING_DRAW_LIMIT: usize = 1500;

/// Reinforcing links drawn per symbolic action shown, at most, before the drawing keeps only
/// those of the longest chains. Links are wide curves between the conformity and advocacy bands:
/// a few per action read as chains, a dozen per action (a seeded case of 300 actions has 1,123
/// for 86 symbolic actions) cover the band between them and hide the triggers, and each costs
/// ECharts about 40 µs to redraw on every recode while the chart is in view.
pub const REINFORCING_PER_SYMBOLIC: usize = 3;

/// Up to this many reinforcing links are drawn however few symbolic actions are shown.
pub const REINFORCING_DRAW_FLOOR: usize = 100;

/// How many reinforcing links between the shown actions are all drawn, when `symbolic` symbolic
/// actions are shown: three per action, at least [`REINFORCING_DRAW_FLOOR`], at most
/// [`REINFORCING_DRAW_LIMIT`].
pub fn reinforcing_draw_limit(symbolic: usize) -> usize {
    (symbolic * REINFORCING_PER_SYMBOLIC).clamp(REINFORCING_DRAW_FLOOR, REINFORCING_DRAW_LIMIT)
}

/// Node shapes for actor groups, in the case's actor order (repeating past seven groups).
pub const ACTOR_SYMBOLS: [&str; 7] = ["circle", "rect", "diamond", "triangle", "roundRect", "pin", "arrow"];

/// How the network is drawn and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkView {
    /// Force layout instead of the layered one.
    pub force: bool,
    /// Draw the reinforcing links.
    pub reinforcing: bool,
    /// Show only this actor group (id).
    pub actor: Option<String>,
    /// Show only this period (id).
    pub period: Option<String>,
    /// Show only this kind.
    pub kind: Option<Symbolic>,
    /// Show only this aspect.
    pub aspect: Option<Aspect>,
}

impl Default for NetworkView {
    fn default() -> Self {
        NetworkView {
            force: false,
            reinforcing: true,
            actor: None,
            period: None,
            kind: None,
            aspect: None,
        }
    }
}

/// Vertical distance between actions stacked in one cell, in layout units (a column is 1).
const STACK_STEP: f64 = 1.3;
/// Horizontal distance between trigger depths, in layout units: room for a label beside a node.
const COLUMN: f64 = 1.5;

/// Layered positions of the `shown` actions: periods left to right, inside a period by trigger
/// depth; one band per actor group, with neighbours of one band and depth stacked. Only what is
/// shown takes room: a period, a depth or an actor group without a shown action has no column or
/// band (a filter to one period lays that period out across the whole drawing, not in the narrow
/// column it has among all periods). The positions of the other actions are left at the origin.
pub fn layered_positions(case: &Case, prepared: &Prepared, shown: &[bool]) -> Vec<(f64, f64)> {
    let n = case.actions.len();
    let shown = |v: usize| shown.get(v).copied().unwrap_or(true);
    // Depth inside the period: longest chain of triggers from the period's own actions, taken in
    // topological order so that cycles cannot loop.
    let mut order: Vec<usize> = (0..n).collect();
    order.erased_sort_by_key(|&v| prepared.position[v]);
    let mut depth = vec![0usize; n];
    for &v in &order {
        for &p in &prepared.graph.predecessors[v] {
            if prepared.period_of[p] == prepared.period_of[v] && prepared.position[p] < prepared.position[v] {
                depth[v] = depth[v].max(depth[p] + 1);
            }
        }
    }
    let periods = case.periods.len().max(1);
    let period_of = |v: usize| prepared.period_of[v].min(periods - 1);
    // The columns of each period: the depths its shown actions are at, in order.
    let mut columns: Vec<std::collections::BTreeSet<usize>> = vec![Default::default(); periods];
    let mut lane_used = vec![false; case.actors.len().max(1)];
    for v in (0..n).filter(|&v| shown(v)) {
        columns[period_of(v)].insert(depth[v]);
        if let Some(used) = lane_used.get_mut(prepared.actor_of[v]) {
            *used = true;
        }
    }
    let column_of: Vec<std::collections::HashMap<usize, usize>> = columns
        .iter()
        .map(|c| c.iter().enumerate().map(|(k, &d)| (d, k)).collect())
        .collect();
    let mut offset = vec![0.0; periods];
    let mut x_range: f64 = 0.0;
    for p in (0..periods).filter(|&p| !columns[p].is_empty()) {
        offset[p] = if x_range > 0.0 { x_range + 0.8 } else { 0.0 };
        x_range = offset[p] + columns[p].len() as f64 * COLUMN;
    }
    // The bands: actor groups with a shown action, in the case's order.
    let mut lane_of = vec![0usize; lane_used.len()];
    let mut lanes = 0usize;
    for (g, &used) in lane_used.iter().enumerate() {
        if used {
            lane_of[g] = lanes;
            lanes += 1;
        }
    }
    // Cells: the shown actions of one period, column and actor group, stacked across the band.
    let mut cells: std::collections::BTreeMap<(usize, usize, usize), Vec<usize>> = std::collections::BTreeMap::new();
    for &v in order.iter().filter(|&&v| shown(v)) {
        let p = period_of(v);
        let lane = lane_of.get(prepared.actor_of[v]).copied().unwrap_or(0);
        cells.entry((p, column_of[p][&depth[v]], lane)).or_default().push(v);
    }
    let tallest = cells.values().map(Vec::len).max().unwrap_or(1) as f64;
    // Lanes far enough apart that the whole drawing is about twice as wide as high, which suits
    // a full-width panel, and that the tallest stack fits inside its band.
    let lanes = lanes.max(1) as f64;
    let lane_gap = (x_range / (2.0 * lanes)).max(1.2).max(tallest * STACK_STEP + 0.6);
    let mut positions = vec![(0.0, 0.0); n];
    let mut placed = vec![false; n];
    // Crossings are reduced the Sugiyama way, one sweep in time order: the actions of a cell are
    // ordered by the mean height of the actions that triggered them (placed before them), so that
    // an edge runs as flat as it can; slots alternate below and above the band's centre.
    for ((p, column, lane), members) in &cells {
        let centre = *lane as f64 * lane_gap;
        let barycentre = |v: usize| {
            let ys: Vec<f64> = prepared.graph.predecessors[v]
                .iter()
                .filter(|&&u| placed[u])
                .map(|&u| positions[u].1)
                .collect();
            if ys.is_empty() {
                centre
            } else {
                ys.iter().sum::<f64>() / ys.len() as f64
            }
        };
        let mut members = members.clone();
        members.erased_sort_by(|&a, &b| {
            barycentre(a)
                .total_cmp(&barycentre(b))
                .then(prepared.position[a].cmp(&prepared.position[b]))
        });
        let k = members.len();
        // Slots from the top: centred on the band, one step apart; alternate stacked actions
        // also step sideways a little, so that labels do not sit on each other.
        for (slot, &v) in members.iter().enumerate() {
            let y = centre + (slot as f64 - (k as f64 - 1.0) / 2.0) * STACK_STEP;
            let x = offset[*p] + *column as f64 * COLUMN + if k > 1 && slot % 2 == 1 { 0.3 } else { 0.0 };
            positions[v] = (x, y);
            placed[v] = true;
        }
    }
    // A drawing narrower than twice its height (one period shown, with tall stacks) is stretched
    // sideways to that shape: the panel is wide, and the room goes between the columns.
    let (wide, high) = extent(bounds((0..n).filter(|&v| placed[v]).map(|v| positions[v])));
    if wide > 0.0 && wide < 2.0 * high {
        let stretch = 2.0 * high / wide;
        for v in (0..n).filter(|&v| placed[v]) {
            positions[v].0 *= stretch;
        }
    }
    positions
}

/// The room the network's drawing gets in a chart `width` pixels wide (and 480 high, as the page
/// draws it), in pixels: ECharts fits a drawing without a box of its own into 80% of the chart,
/// keeping its shape (`getLayoutRect` with an aspect ratio).
pub(crate) fn panel(width: f64) -> (f64, f64) {
    (0.8 * width, 0.8 * CHART_HEIGHT)
}

/// Room left and right of the note under a dense network, in pixels (ECharts' title padding).
const NOTE_MARGIN: f64 = 16.0;

/// The network chart's height on the page, in pixels (`.chart-network` in the style sheet).
const CHART_HEIGHT: f64 = 480.0;

/// The box around `points`, `(x0, y0, x1, y1)`; `None` when there are none.
pub(crate) fn bounds(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64, f64, f64)> {
    points.fold(None, |b, (x, y)| {
        let (x0, y0, x1, y1) = b.unwrap_or((x, y, x, y));
        Some((x0.min(x), y0.min(y), x1.max(x), y1.max(y)))
    })
}

/// The width and height of a box of [`bounds`] (none for no box).
pub(crate) fn extent(b: Option<(f64, f64, f64, f64)>) -> (f64, f64) {
    b.map_or((0.0, 0.0), |(x0, y0, x1, y1)| (x1 - x0, y1 - y0))
}

/// Pixels per unit of a drawing in the box `b`, fitted into the network's panel ([`panel`]) in a
/// chart `width` pixels wide, with its shape kept, as ECharts fits it; infinite for a drawing
/// without extent.
pub(crate) fn panel_scale(b: Option<(f64, f64, f64, f64)>, width: f64) -> f64 {
    let (wide, high) = extent(b);
    let (room_x, room_y) = panel(width);
    let fit = |extent: f64, room: f64| if extent > 0.0 { room / extent } else { f64::INFINITY };
    fit(wide, room_x).min(fit(high, room_y))
}

/// Diameter of a node, in pixels: 22, or less where the shown actions stand closer in the
/// panel of a chart `width` pixels wide (the drawing keeps its shape, so it is scaled to fit
/// it), so that neighbours do not cover each other; never under 14, where the shapes of the actor groups would be hard to
/// tell apart (zooming in with the wheel spreads them: nodes keep their size).
fn node_size(positions: &[(f64, f64)], shown: &[bool], width: f64) -> f64 {
    let mut placed: Vec<(f64, f64)> = positions
        .iter()
        .zip(shown)
        .filter(|(_, &s)| s)
        .map(|(p, _)| *p)
        .collect();
    let scale = panel_scale(bounds(placed.iter().copied()), width);
    // The closest two actions, swept in x order (a column's actions are near in x, so this
    // stays near linear).
    placed.erased_sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut closest = f64::INFINITY;
    for (k, a) in placed.iter().enumerate() {
        for b in &placed[k + 1..] {
            if b.0 - a.0 >= closest {
                break;
            }
            closest = closest.min((b.0 - a.0).hypot(b.1 - a.1));
        }
    }
    // (Two actions in one place and nothing else make no extent: 0 × ∞.)
    let size = 0.8 * closest * scale;
    if size.is_nan() {
        14.0
    } else {
        size.clamp(14.0, 22.0)
    }
}

/// True when the action passes the view's filters.
pub fn visible(case: &Case, kinds: &[Symbolic], view: &NetworkView, i: usize) -> bool {
    let a = &case.actions[i];
    view.actor.as_ref().is_none_or(|x| &a.actor == x)
        && view.period.as_ref().is_none_or(|x| &a.period == x)
        && view.kind.is_none_or(|k| kinds.get(i) == Some(&k))
        && view.aspect.is_none_or(|x| a.aspect == Some(x))
}

/// The network option, its nodes sized for a chart `width` pixels wide.
pub fn network_option(
    case: &Case,
    prepared: &Prepared,
    analysis: &Analysis,
    kinds: &[Symbolic],
    view: &NetworkView,
    emphasis: &Emphasis,
    width: f64,
) -> Value {
    let mut option = base([(
        "legend",
        part(&Legend::new().top(0).left("center").orient(Orient::Horizontal)),
    )]);
    let shown: Vec<bool> = (0..case.actions.len()).map(|i| visible(case, kinds, view, i)).collect();
    let positions = layered_positions(case, prepared, &shown);
    let node = node_size(&positions, &shown, width);
    let kind_of = |i: usize| kinds.get(i).copied().unwrap_or(case.actions[i].symbolic);
    let strength = |i: usize| if emphasis.is_focused(i) { 1.0 } else { 0.15 };

    // A label goes beside its node, or above it when the next column has a node at its height
    // (the label would run into it). Shown nodes are looked up by x in order, so that this stays
    // near linear for thousands of actions.
    let mut by_x: Vec<usize> = (0..positions.len()).filter(|&j| shown[j]).collect();
    by_x.erased_sort_by(|&a, &b| positions[a].0.total_cmp(&positions[b].0));
    let label_side = |i: usize| {
        let (x, y) = positions[i];
        let first = by_x.partition_point(|&j| positions[j].0 <= x);
        let crowded = by_x[first..]
            .iter()
            .take_while(|&&j| positions[j].0 - x <= 1.2 * COLUMN)
            .any(|&j| j != i && (positions[j].1 - y).abs() < 0.5);
        if crowded {
            "top"
        } else {
            "right"
        }
    };
    let mut nodes: Vec<Value> = Vec::new();
    for (i, a) in case.actions.iter().enumerate().filter(|(i, _)| shown[*i]) {
        let kind = kind_of(i);
        let selected = emphasis.selected == Some(i);
        let actor = prepared.actor_of[i];
        nodes.push(json!({
            "id": a.id, "name": a.id,
            "x": positions[i].0 * 90.0, "y": positions[i].1 * 90.0,
            "category": kind_index(kind),
            "symbol": ACTOR_SYMBOLS[actor % ACTOR_SYMBOLS.len()],
            // Symbolic actions a little larger: their ids win where two would overlap.
            "symbolSize": node + if selected { 8.0 } else if kind.is_symbolic() { 1.0 } else { 0.0 },
            // The kind shows in the border as well as the colour: solid for conformity, dashed
            // for advocacy, none for substantive actions.
            "itemStyle": {"color": kind_colour(kind), "opacity": strength(i),
                          "borderColor": if selected { "#111" } else if kind.is_symbolic() { "#1d2327" } else { "#fff" },
                          "borderType": if kind == Symbolic::Advocacy { "dashed" } else { "solid" },
                          "borderWidth": if selected { 3.0 } else if kind.is_symbolic() { 2.0 } else { 1.5 }},
            "label": {"show": true, "position": label_side(i), "fontSize": 11, "opacity": strength(i), "formatter": emphasis.label_formatter(i)},
            "tooltip": text_tooltip(&format!("{}\nActor: {}", action_tooltip(case, i, kind),
                case.actors.get(actor).map_or(a.actor.as_str(), |x| x.name.as_str()))),
        }));
    }
    let mut links: Vec<Value> = Vec::new();
    for (to, a) in case.actions.iter().enumerate().filter(|(i, _)| shown[*i]) {
        for &from in &prepared.graph.predecessors[to] {
            if !shown[from] {
                continue;
            }
            let strong = emphasis.is_focused(from) && emphasis.is_focused(to);
            links.push(
                json!({"source": case.actions[from].id, "target": a.id, "name": "trigger",
                "lineStyle": {"type": "solid", "color": EDGE, "opacity": if strong { 0.8 } else { 0.08 }},
                "tooltip": text_tooltip(&format!("Trigger: {} → {}", case.actions[from].id, a.id))}),
            );
        }
    }
    for &(from, to) in &prepared.mention_edges {
        if shown[from] && shown[to] && !prepared.graph.predecessors[to].contains(&from) {
            links.push(json!({"source": case.actions[from].id, "target": case.actions[to].id, "name": "mention",
                "lineStyle": {"type": "dashed", "color": EDGE, "opacity": 0.55},
                "tooltip": text_tooltip(&format!("Mention only: the consequence of {} names {}", case.actions[from].id, case.actions[to].id))}));
        }
    }
    // External triggers: one small source node per distinct text.
    let mut externals: Vec<String> = Vec::new();
    for (i, a) in case.actions.iter().enumerate().filter(|(i, _)| shown[*i]) {
        for text in &a.external_triggers {
            let k = match externals.iter().position(|t| t == text) {
                Some(k) => k,
                None => {
                    externals.push(text.clone());
                    let k = externals.len() - 1;
                    nodes.push(json!({
                        "id": format!("external:{k}"), "name": abbreviate(text, 24),
                        "x": (positions[i].0 - 0.7) * 90.0, "y": (positions[i].1 - 0.6) * 90.0,
                        "symbol": "emptyCircle", "symbolSize": 9,
                        "itemStyle": {"color": "#7d868c", "opacity": strength(i)},
                        "label": {"show": true, "position": "top", "fontSize": 9, "color": "#5a646b", "opacity": strength(i)},
                        "tooltip": text_tooltip(&format!("External trigger: {text}")),
                    }));
                    k
                }
            };
            links.push(
                json!({"source": format!("external:{k}"), "target": a.id, "name": "external",
                "lineStyle": {"type": "dotted", "color": "#7d868c", "opacity": 0.7}}),
            );
        }
    }
    // A dense case can have far more reinforcing links than a drawing can show: then only the
    // links of the listed longest chains are drawn, and the chart says so. The links counted are
    // those between shown actions (a filter can leave few), up to one past the limit.
    let r = &analysis.reinforcement;
    let symbolic_shown = (0..case.actions.len())
        .filter(|&i| shown[i] && kind_of(i).is_symbolic())
        .count();
    let limit = reinforcing_draw_limit(symbolic_shown);
    let draw_all = r.links().filter(|&(x, y)| shown[x] && shown[y]).take(limit + 1).count() <= limit;
    let chain_links: std::collections::HashSet<(usize, usize)> = if draw_all {
        std::collections::HashSet::new()
    } else {
        let index = case.action_indices();
        r.longest_chains
            .iter()
            .flat_map(|c| {
                c.ids
                    .windows(2)
                    .filter_map(|w| Some((*index.get(w[0].as_str())?, *index.get(w[1].as_str())?)))
            })
            .collect()
    };
    // The links of the reinforcing cycles are always drawn, and marked.
    let cycle_links = emphasis.cycle_links();
    let chain_links: std::collections::HashSet<(usize, usize)> = chain_links.union(&cycle_links).copied().collect();
    if view.reinforcing && !draw_all {
        option["title"] = json!({"subtext": format!(
            "{} reinforcing links in all, too many to read in one drawing: only those of the longest chains are drawn", r.link_count),
            // Wrapped to the chart's width (in a narrow one it ran past the edge, cut off).
            "left": "left", "bottom": 0,
            "subtextStyle": {"color": "#7a3e65", "width": width - NOTE_MARGIN, "overflow": "break", "lineHeight": 16}});
    }
    if view.reinforcing {
        let drawn: Box<dyn Iterator<Item = (usize, usize)>> = if draw_all {
            Box::new(r.links())
        } else {
            Box::new(chain_links.iter().copied())
        };
        let mut drawn: Vec<(usize, usize)> = drawn.collect();
        drawn.erased_sort();
        for (from, to) in drawn {
            if shown[from] && shown[to] {
                let strong = emphasis.is_focused(from) && emphasis.is_focused(to);
                let (x, y) = (&case.actions[from].id, &case.actions[to].id);
                let mut link = json!({"source": x, "target": y, "name": "reinforcing",
                    "lineStyle": {"type": "solid", "color": REINFORCING, "width": 3.5, "curveness": 0.35, "opacity": if strong { 0.85 } else { 0.1 }},
                    "tooltip": text_tooltip(&format!("Reinforcing link: {x} ⇒ {y}"))});
                if cycle_links.contains(&(from, to)) {
                    // Marked by width and a label as well as colour.
                    link["lineStyle"]["width"] = json!(5.5);
                    link["lineStyle"]["opacity"] = json!(if strong { 0.95 } else { 0.35 });
                    link["label"] = json!({"show": true, "formatter": "cycle", "color": REINFORCING, "fontSize": 10, "fontWeight": "bold"});
                    link["tooltip"] = text_tooltip(&format!("Reinforcing link in a cycle: {x} ⇒ {y}"));
                }
                links.push(link);
            }
        }
    }
    option["legend"]["data"] = json!(Symbolic::ALL.iter().map(|k| k.label()).collect::<Vec<_>>());
    let mut series = graph_series("Network", view.force, (260, [60, 140]), 8);
    series["lineStyle"] = json!({"width": 1.3, "curveness": 0.12});
    series["data"] = json!(nodes);
    series["links"] = json!(links);
    option["series"] = json!([series]);
    super::describe(
        &mut option,
        &format!(
            "Action-trigger network of {} actions ({}) and {} trigger edges; {} reinforcing links between symbolic conformity and advocacy{}{}. The colour and the border show the kind (conformity: solid dark border; advocacy: dashed border; substantive: grey, no border), the shape shows the actor group.",
            case.actions.len(),
            super::kind_counts(kinds),
            case.trigger_link_count(),
            r.link_count,
            if view.reinforcing && !draw_all { ", of which only those of the longest chains are drawn" } else { "" },
            if emphasis.cycles.is_empty() { String::new() } else { format!(", {} reinforcing cycles marked \"cycle\"", emphasis.cycles.len()) }
        ),
    );
    option
}

/// The graph series of both network drawings (every action, and the overview): its id, layout
/// (`force`: repulsion and edge lengths when laid out by forces), kind categories, arrows of
/// `arrow` pixels, zoom and pan. No box: ECharts then keeps the layout's aspect ratio (a box would
/// stretch the shapes).
pub(crate) fn graph_series(name: &str, force: bool, (repulsion, edge_length): (u32, [u32; 2]), arrow: u32) -> Value {
    json!({
        "type": "graph", "id": "network", "name": name,
        "layout": if force { "force" } else { "none" },
        "force": {"repulsion": repulsion, "edgeLength": edge_length, "gravity": 0.08, "layoutAnimation": false},
        "roam": true, "draggable": false, "nodeScaleRatio": 0,
        "categories": kind_categories(false),
        "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": [0, arrow],
        "emphasis": {"disabled": true},
        // A label that would cover another is left out (the larger node keeps its own: the
        // selected action, then symbolic ones); zooming in with the wheel brings it back.
        "labelLayout": {"hideOverlap": true},
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::charts::USUAL_WIDTH;
    use crate::core::analysis::analyze_case;

    use crate::core::builtin::telco;

    /// The network option of a case under its own coding, with no emphasis.
    pub(crate) fn option_of(case: &Case, view: &NetworkView) -> (Value, Analysis) {
        option_at(case, view, USUAL_WIDTH)
    }

    fn option_at(case: &Case, view: &NetworkView, width: f64) -> (Value, Analysis) {
        let (prepared, analysis) = analyze_case(case);
        let kinds = crate::core::analysis::coded_kinds(case);
        (
            network_option(case, &prepared, &analysis, &kinds, view, &Emphasis::default(), width),
            analysis,
        )
    }

    /// The whole network at the usual width, with an emphasis.
    fn usual_option(
        case: &Case,
        prepared: &Prepared,
        analysis: &Analysis,
        kinds: &[Symbolic],
        emphasis: &Emphasis,
    ) -> Value {
        network_option(
            case,
            prepared,
            analysis,
            kinds,
            &NetworkView::default(),
            emphasis,
            USUAL_WIDTH,
        )
    }

    fn links_named<'a>(option: &'a Value, name: &str) -> Vec<&'a Value> {
        option["series"][0]["links"]
            .as_array()
            .map(|l| l.iter().filter(|x| x["name"] == name).collect())
            .unwrap_or_default()
    }

    #[test]
    fn telco_network_has_every_edge_kind() {
        let case = telco();
        let (option, _) = option_of(&case, &NetworkView::default());
        let nodes = option["series"][0]["data"].as_array().expect("nodes");
        assert_eq!(nodes.len(), 24, "22 actions and 2 external triggers");
        assert_eq!(links_named(&option, "trigger").len(), 29);
        assert_eq!(links_named(&option, "mention").len(), 3);
        assert!(links_named(&option, "mention")
            .iter()
            .all(|l| l["lineStyle"]["type"] == "dashed"));
        assert_eq!(links_named(&option, "external").len(), 2);
        assert_eq!(links_named(&option, "reinforcing").len(), 12);
        let (off, _) = option_of(
            &case,
            &NetworkView {
                reinforcing: false,
                ..NetworkView::default()
            },
        );
        assert!(links_named(&off, "reinforcing").is_empty());
        // Colour by kind, shape by actor group.
        let node = |id: &str| nodes.iter().find(|n| n["id"] == id).cloned().expect("node");
        assert_eq!(node("AM4")["itemStyle"]["color"], super::super::CONFORMITY);
        assert_eq!(node("DS5")["itemStyle"]["color"], super::super::ADVOCACY);
        assert_ne!(node("AM4")["symbol"], node("DS5")["symbol"]);
    }

    /// TelCo with mentions has the reinforcing cycle AM5 ⇄ DS6: its two links are marked in the
    /// network (wider, labelled) and drawn as labelled arcs on the timeline, where its actions
    /// carry "↻". Without mentions there is no cycle and nothing is marked.
    #[test]
    fn reinforcing_cycles_are_marked_in_the_network_and_on_the_timeline() {
        use crate::core::analysis::mechanism::reinforcing_cycles;
        let case = telco();
        let kinds = crate::core::analysis::coded_kinds(&case);
        let layout = crate::charts::layout::timeline_layout(&case);
        for with_mentions in [true, false] {
            let prepared = Prepared::new_with(&case, crate::core::analysis::Options { with_mentions });
            let analysis = prepared.analyze(&case, &kinds);
            let (cycles, _) = reinforcing_cycles(&prepared, &case, &analysis.reinforcement, 10);
            let index = case.action_indices();
            let cycles: Vec<Vec<usize>> = cycles
                .iter()
                .map(|c| c.iter().map(|id| index[id.as_str()]).collect())
                .collect();
            let emphasis = Emphasis::default().with_cycles(cycles);
            let network = usual_option(&case, &prepared, &analysis, &kinds, &emphasis);
            let marked: Vec<(String, String)> = links_named(&network, "reinforcing")
                .iter()
                .filter(|l| l["label"]["formatter"] == "cycle")
                .map(|l| {
                    (
                        l["source"].as_str().unwrap_or("").to_string(),
                        l["target"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let timeline = crate::charts::timeline::timeline_option(&case, &layout, &kinds, &emphasis);
            let arcs: Vec<(String, String)> = timeline["series"][0]["links"]
                .as_array()
                .expect("links")
                .iter()
                .filter(|l| l["name"] == "cycle")
                .map(|l| {
                    (
                        l["source"].as_str().unwrap_or("").to_string(),
                        l["target"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect();
            let ringed: Vec<&str> = timeline["series"][0]["data"]
                .as_array()
                .expect("nodes")
                .iter()
                .filter(|n| n["label"]["formatter"] == "{b}\n↻")
                .filter_map(|n| n["id"].as_str())
                .collect();
            if with_mentions {
                let s = |a: &str, b: &str| (a.to_string(), b.to_string());
                assert_eq!(marked, vec![s("AM5", "DS6"), s("DS6", "AM5")]);
                assert_eq!(arcs, marked);
                let mut ringed = ringed;
                ringed.erased_sort();
                assert_eq!(ringed, vec!["AM5", "DS6"]);
            } else {
                assert!(marked.is_empty() && arcs.is_empty() && ringed.is_empty());
            }
        }
    }

    /// Actions the coders differ on carry "≠" in both charts, beside "↻" for a cycle.
    #[test]
    fn disputed_actions_are_marked_in_both_charts() {
        let case = telco();
        let (prepared, analysis) = analyze_case(&case);
        let kinds = crate::core::analysis::coded_kinds(&case);
        let index = case.action_indices();
        let emphasis = Emphasis::default()
            .with_cycles(vec![vec![index["AM5"], index["DS6"]]])
            .with_disputed(vec![index["AM4"], index["AM5"]]);
        let network = usual_option(&case, &prepared, &analysis, &kinds, &emphasis);
        let layout = crate::charts::layout::timeline_layout(&case);
        let timeline = crate::charts::timeline::timeline_option(&case, &layout, &kinds, &emphasis);
        for option in [&network, &timeline] {
            let label = |id: &str| {
                option["series"][0]["data"]
                    .as_array()
                    .and_then(|d| d.iter().find(|n| n["id"] == id))
                    .map(|n| n["label"]["formatter"].clone())
            };
            // On the timeline the marks go under the id.
            let flat = |v: Option<Value>| v.and_then(|v| v.as_str().map(|s| s.replace('\n', " ")));
            assert_eq!(flat(label("AM4")).as_deref(), Some("{b} ≠"));
            assert_eq!(flat(label("AM5")).as_deref(), Some("{b} ↻ ≠"));
            assert_eq!(flat(label("DS6")).as_deref(), Some("{b} ↻"));
            assert_eq!(flat(label("DS5")).as_deref(), Some("{b}"));
        }
    }

    #[test]
    fn a_dense_case_draws_only_the_links_of_its_longest_chains() {
        let case = crate::core::synthetic::synthetic_case(800, 3);
        let (option, analysis) = option_of(&case, &NetworkView::default());
        assert!(
            analysis.reinforcement.link_count > REINFORCING_DRAW_LIMIT,
            "{}",
            analysis.reinforcement.link_count
        );
        let drawn = links_named(&option, "reinforcing").len();
        let chain_links: std::collections::HashSet<(String, String)> = analysis
            .reinforcement
            .longest_chains
            .iter()
            .flat_map(|c| c.ids.windows(2).map(|w| (w[0].clone(), w[1].clone())))
            .collect();
        assert_eq!(drawn, chain_links.len());
        assert!(option["title"]["subtext"]
            .as_str()
            .is_some_and(|t| t.contains("only those of the longest chains")));
    }

    /// The links of the listed longest chains, as pairs of ids (`option_of` marks no cycle).
    fn chain_links(analysis: &Analysis) -> std::collections::BTreeSet<(String, String)> {
        analysis
            .reinforcement
            .longest_chains
            .iter()
            .flat_map(|c| c.ids.windows(2).map(|w| (w[0].clone(), w[1].clone())))
            .collect()
    }

    fn drawn_pairs(option: &Value) -> std::collections::BTreeSet<(String, String)> {
        links_named(option, "reinforcing")
            .iter()
            .map(|l| {
                (
                    l["source"].as_str().unwrap_or("").to_string(),
                    l["target"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_reinforcing_links_drawn_follow_the_symbolic_actions_shown() {
        assert_eq!(reinforcing_draw_limit(0), REINFORCING_DRAW_FLOOR);
        assert_eq!(reinforcing_draw_limit(90), 270);
        assert_eq!(reinforcing_draw_limit(10_000), REINFORCING_DRAW_LIMIT);
        // Several seeds and sizes under the overview's limit: every link is drawn exactly when
        // there are at most three per symbolic action (at least 100); otherwise the links of the
        // longest chains, and the chart says so.
        let mut both = [false, false];
        for (n, seed) in [(60, 1), (120, 2), (300, 3), (300, 4), (450, 5)] {
            let case = crate::core::synthetic::synthetic_case(n, seed);
            let (option, analysis) = option_of(&case, &NetworkView::default());
            let kinds = crate::core::analysis::coded_kinds(&case);
            let symbolic = kinds.iter().filter(|k| k.is_symbolic()).count();
            let all = analysis.reinforcement.link_count;
            let drawn = drawn_pairs(&option);
            let subtext = option["title"]["subtext"].as_str().unwrap_or("");
            if all <= reinforcing_draw_limit(symbolic) {
                both[0] = true;
                assert_eq!(drawn.len(), all, "n {n}: every link drawn");
                assert!(subtext.is_empty(), "n {n}: {subtext}");
            } else {
                both[1] = true;
                assert_eq!(drawn, chain_links(&analysis), "n {n}");
                assert!(drawn.len() < reinforcing_draw_limit(symbolic), "n {n}");
                assert!(
                    subtext.starts_with(&format!("{all} reinforcing links in all")),
                    "n {n}: {subtext}"
                );
                let description = crate::charts::description(&option).unwrap_or("");
                assert!(
                    description.contains("only those of the longest chains are drawn"),
                    "n {n}: {description}"
                );
            }
        }
        assert_eq!(both, [true, true], "the sizes tried cover both sides of the limit");
    }

    #[test]
    fn a_filter_that_leaves_few_links_draws_them_all() {
        let case = crate::core::synthetic::synthetic_case(300, 3);
        let (whole, analysis) = option_of(&case, &NetworkView::default());
        assert!(whole["title"]["subtext"].is_string(), "the whole case is dense");
        // The note wraps to the chart's width.
        let (narrow, _) = option_at(&case, &NetworkView::default(), 600.0);
        assert_eq!(narrow["title"]["subtextStyle"]["width"], 600.0 - NOTE_MARGIN);
        assert_eq!(narrow["title"]["subtextStyle"]["overflow"], "break");
        // One period: its links are few enough to draw them all.
        let view = NetworkView {
            period: Some(case.periods[4].id.clone()),
            ..NetworkView::default()
        };
        let (option, _) = option_of(&case, &view);
        let in_period = |id: &str| {
            case.actions
                .iter()
                .any(|a| a.id == id && a.period == case.periods[4].id)
        };
        let expected: std::collections::BTreeSet<(String, String)> = analysis
            .reinforcement
            .links()
            .map(|(x, y)| (case.actions[x].id.clone(), case.actions[y].id.clone()))
            .filter(|(x, y)| in_period(x) && in_period(y))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(drawn_pairs(&option), expected);
        assert!(option["title"]["subtext"].is_null());
    }

    /// No two actions of TelCo sit closer than a stacking step (the browser journey checks the
    /// same in pixels at the default size: at least one and a half node widths).
    #[test]
    fn the_layered_layout_keeps_actions_apart() {
        let case = telco();
        let (prepared, _) = analyze_case(&case);
        let pos = layered_positions(&case, &prepared, &[]);
        for i in 0..pos.len() {
            for j in i + 1..pos.len() {
                let d = ((pos[i].0 - pos[j].0).powi(2) + (pos[i].1 - pos[j].1).powi(2)).sqrt();
                assert!(
                    d >= STACK_STEP - 1e-9,
                    "{} and {} are {d} apart",
                    case.actions[i].id,
                    case.actions[j].id
                );
            }
        }
    }

    /// The action nodes of a network option, fitted as ECharts fits a drawing without a box into
    /// a `width` × `height` panel (the aspect ratio kept): the smallest distance between two of
    /// them and the drawing's width and height, in pixels.
    fn fitted_spacing(case: &Case, option: &Value, (width, height): (f64, f64)) -> (f64, f64, f64) {
        let points: Vec<(f64, f64)> = option["series"][0]["data"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter(|d| d["id"].as_str().is_some_and(|id| case.action(id).is_some()))
            .map(|d| (d["x"].as_f64().expect("x"), d["y"].as_f64().expect("y")))
            .collect();
        let (w, h) = extent(bounds(points.iter().copied()));
        let scale = (width / w.max(1e-9)).min(height / h.max(1e-9));
        let mut closest = f64::MAX;
        for (k, a) in points.iter().enumerate() {
            for b in &points[k + 1..] {
                closest = closest.min(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() * scale);
            }
        }
        (closest, w * scale, h * scale)
    }

    /// A filter to one period lays that period out across the panel. It used to keep the
    /// period's place among all periods: a column a tenth of the panel wide, in which the 30
    /// actions of a period of a 300-action case sat about 10 pixels apart, half a node's width,
    /// with their ids on each other.
    #[test]
    fn one_period_shown_is_laid_out_across_the_panel() {
        for seed in 1..4 {
            let case = crate::core::synthetic::synthetic_case(300, seed);
            for period in &case.periods {
                let view = NetworkView {
                    period: Some(period.id.clone()),
                    ..NetworkView::default()
                };
                let (option, _) = option_of(&case, &view);
                let (closest, width, height) = fitted_spacing(&case, &option, panel(USUAL_WIDTH));
                assert!(
                    closest >= 1.25 * 22.0,
                    "seed {seed}, {}: two actions {closest:.1} px apart",
                    period.id
                );
                assert!(
                    width >= 1.5 * height,
                    "seed {seed}, {}: {width:.0} × {height:.0} px",
                    period.id
                );
            }
        }
    }

    /// Nodes are as large as the room between the shown actions allows in the panel of a chart
    /// of the usual width: TelCo's and one period's keep their full size, a crowded drawing gets
    /// smaller nodes that do not cover each other (they covered half their neighbour at 150
    /// actions). In a narrower chart the nodes are sized to its smaller panel.
    #[test]
    fn nodes_are_sized_to_the_room_between_them() {
        let size_of = |option: &Value, case: &Case| {
            option["series"][0]["data"]
                .as_array()
                .expect("nodes")
                .iter()
                .filter(|d| {
                    d["id"]
                        .as_str()
                        .and_then(|id| case.action(id))
                        .is_some_and(|a| !a.symbolic.is_symbolic())
                })
                .map(|d| d["symbolSize"].as_f64().expect("size"))
                .fold(f64::MAX, f64::min)
        };
        let case = telco();
        let (option, _) = option_of(&case, &NetworkView::default());
        assert_eq!(size_of(&option, &case), 22.0);
        for (n, seed) in [(60, 1), (150, 1), (150, 2), (300, 3)] {
            let case = crate::core::synthetic::synthetic_case(n, seed);
            let (option, _) = option_of(&case, &NetworkView::default());
            let size = size_of(&option, &case);
            let (closest, _, _) = fitted_spacing(&case, &option, panel(USUAL_WIDTH));
            assert!(
                closest >= size + 1.0 || size == 14.0,
                "{n} actions (seed {seed}): nodes of {size:.1} px, {closest:.1} px apart"
            );
            let one = NetworkView {
                period: Some(case.periods[1].id.clone()),
                ..NetworkView::default()
            };
            let (option, _) = option_of(&case, &one);
            assert_eq!(size_of(&option, &case), 22.0, "{n} actions, one period");
            // The narrowest chart the page draws.
            let (narrow, _) = option_at(&case, &NetworkView::default(), 600.0);
            let small = size_of(&narrow, &case);
            let (closest, _, _) = fitted_spacing(&case, &narrow, panel(600.0));
            assert!(
                closest >= small + 1.0 || small == 14.0,
                "{n} actions (seed {seed}) in 600 px: nodes of {small:.1} px, {closest:.1} px apart"
            );
            assert!(
                small <= size,
                "{n} actions (seed {seed}): {small} px in 600 px, {size} px in {USUAL_WIDTH} px"
            );
        }
        // TelCo in a chart 600 pixels wide: its nodes give way too.
        let case = telco();
        let (narrow, _) = option_at(&case, &NetworkView::default(), 600.0);
        let (closest, _, _) = fitted_spacing(&case, &narrow, panel(600.0));
        assert!(
            size_of(&narrow, &case) + 1.0 <= closest,
            "TelCo in 600 px: nodes of {} px, {closest:.1} px apart",
            size_of(&narrow, &case)
        );
    }

    /// A node size is a number whatever the drawing: one action, or two in one place.
    #[test]
    fn node_sizes_of_drawings_without_extent() {
        for width in [600.0, USUAL_WIDTH] {
            assert_eq!(node_size(&[(3.0, 4.0)], &[true], width), 22.0);
            assert_eq!(node_size(&[(3.0, 4.0), (3.0, 4.0)], &[true, true], width), 14.0);
            assert_eq!(node_size(&[(3.0, 4.0), (3.0, 4.0)], &[true, false], width), 22.0);
            assert_eq!(node_size(&[], &[], width), 22.0);
        }
    }

    /// Stacked actions are ordered by the height of what triggered them, so that edges between
    /// two stacks do not cross: Y1 (triggered by X2) goes level with X2, Y2 with X1.
    #[test]
    fn stacks_are_ordered_to_avoid_crossings() {
        let text = "id,actor,period,action,triggers\nX1,G,P,a,\nX2,G,P,b,\nY1,G,P,c,X2\nY2,G,P,d,X1\n";
        let case = crate::core::open::import_file("s.csv", text.as_bytes())
            .expect("imports")
            .case;
        let (prepared, _) = analyze_case(&case);
        let pos = layered_positions(&case, &prepared, &[]);
        let y = |id: &str| pos[case.actions.iter().position(|a| a.id == id).expect("id")].1;
        assert_eq!(
            y("X1") < y("X2"),
            y("Y2") < y("Y1"),
            "X1 {} X2 {} Y1 {} Y2 {}",
            y("X1"),
            y("X2"),
            y("Y1"),
            y("Y2")
        );
    }

    #[test]
    fn filters_and_layouts_are_deterministic() {
        let case = telco();
        let (prepared, analysis) = analyze_case(&case);
        let kinds = crate::core::analysis::coded_kinds(&case);
        let view = NetworkView {
            period: Some("P1".into()),
            kind: None,
            ..NetworkView::default()
        };
        let [a, b] = [(); 2].map(|()| {
            network_option(
                &case,
                &prepared,
                &analysis,
                &kinds,
                &view,
                &Emphasis::default(),
                USUAL_WIDTH,
            )
        });
        assert_eq!(a, b);
        let actions: Vec<&str> = a["series"][0]["data"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter_map(|n| n["id"].as_str())
            .filter(|id| !id.starts_with("external"))
            .collect();
        assert_eq!(actions, vec!["DS1", "AM1", "DS2", "AM2", "DS3", "AM3"]);
        let force = network_option(
            &case,
            &prepared,
            &analysis,
            &kinds,
            &NetworkView {
                force: true,
                ..NetworkView::default()
            },
            &Emphasis::default(),
            USUAL_WIDTH,
        );
        assert_eq!(force["series"][0]["layout"], "force");
        assert!(
            force["series"][0]["data"][0]["x"].is_number(),
            "force starts from the layered positions"
        );
        let conformity = NetworkView {
            kind: Some(Symbolic::Conformity),
            ..NetworkView::default()
        };
        let c = network_option(
            &case,
            &prepared,
            &analysis,
            &kinds,
            &conformity,
            &Emphasis::default(),
            USUAL_WIDTH,
        );
        assert_eq!(c["series"][0]["data"].as_array().map(Vec::len), Some(5));
    }
}
