//! The period timeline: lanes per actor group, period bands, one marker per action, trigger
//! arrows, external triggers as small annotations, dated events and the time axis.

use super::{abbreviate, base, inert, kind_categories, kind_index, list, part, text_tooltip, EDGE};
use crate::charts::layout::TimelineLayout;
use crate::core::analysis::Prepared;
use crate::core::model::{Case, Symbolic};
use crate::core::sort::SortErased;
use charming::component::{Grid, Legend};
use charming::element::Orient;
use serde_json::{json, Value};

/// Left margin of the plot, in pixels: room for lane names. Shared with the series chart so that
/// both use one time axis.
pub const GRID_LEFT: f64 = 170.0;
/// Right margin of the plot, in pixels.
pub const GRID_RIGHT: f64 = 24.0;
/// Lane names longer than this are abbreviated (the full name is in the tooltip).
pub const LANE_NAME_MAX: usize = 18;

/// Heights of the event labels, above the lanes.
const EVENT_ROWS: [f64; 4] = [-1.12, -0.94, -0.76, -0.58];

/// What is emphasised on the timeline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Emphasis {
    /// The selected action.
    pub selected: Option<usize>,
    /// Actions to keep at full strength (empty: all of them).
    pub focus: Vec<bool>,
    /// The reinforcing cycles, as action indices in cycle order: always marked, whatever is
    /// selected.
    pub cycles: Vec<Vec<usize>>,
    /// Actions the coders differ on: always marked ("≠").
    pub disputed: Vec<usize>,
}

impl Emphasis {
    /// Emphasis of a selected action: it, its trigger ancestors and its descendants.
    pub fn of_selection(prepared: &Prepared, selected: Option<usize>) -> Self {
        let Some(node) = selected.filter(|&n| n < prepared.graph.ids.len()) else {
            return Emphasis::default();
        };
        let (mut up, down) = prepared.graph.lineage(node);
        for (u, d) in up.iter_mut().zip(&down) {
            *u |= *d;
        }
        up[node] = true;
        Emphasis {
            selected: Some(node),
            focus: up,
            cycles: Vec::new(),
            disputed: Vec::new(),
        }
    }

    /// Emphasis of a set of actions (a chain).
    pub fn of_actions(n: usize, actions: &[usize]) -> Self {
        let mut focus = vec![false; n];
        for &a in actions {
            if let Some(f) = focus.get_mut(a) {
                *f = true;
            }
        }
        Emphasis {
            selected: None,
            focus,
            cycles: Vec::new(),
            disputed: Vec::new(),
        }
    }

    /// The same emphasis with the reinforcing cycles marked.
    pub fn with_cycles(mut self, cycles: Vec<Vec<usize>>) -> Self {
        self.cycles = cycles;
        self
    }

    /// The same emphasis with the actions the coders differ on marked.
    pub fn with_disputed(mut self, disputed: Vec<usize>) -> Self {
        self.disputed = disputed;
        self
    }

    /// The label of an action's marker: its id, "↻" when it is in a reinforcing cycle, "≠" when
    /// the coders differ on it (text, so that the marks do not rest on colour).
    pub fn label_formatter(&self, action: usize) -> &'static str {
        let cycle = self.cycles.iter().any(|c| c.contains(&action));
        match (cycle, self.disputed.contains(&action)) {
            (false, false) => "{b}",
            (true, false) => "{b} ↻",
            (false, true) => "{b} ≠",
            (true, true) => "{b} ↻ ≠",
        }
    }

    /// The links of the reinforcing cycles, `(from, to)`, each cycle closed from its last action
    /// back to its first.
    pub fn cycle_links(&self) -> std::collections::HashSet<(usize, usize)> {
        self.cycles
            .iter()
            .filter(|c| c.len() > 1)
            .flat_map(|c| (0..c.len()).map(move |k| (c[k], c[(k + 1) % c.len()])))
            .collect()
    }

    /// The cycle an action is in, as text ("AM5 ⇒ DS6 ⇒ AM5"), if any.
    pub fn cycle_of(&self, case: &Case, action: usize) -> Option<String> {
        let cycle = self.cycles.iter().find(|c| c.contains(&action))?;
        let ids: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&v| case.actions[v].id.as_str())
            .collect();
        Some(ids.join(" ⇒ "))
    }

    /// True when the action is at full strength.
    pub fn is_focused(&self, action: usize) -> bool {
        self.focus.is_empty() || self.focus.get(action).copied().unwrap_or(false)
    }
}

/// The timeline chart's height in pixels: room for event labels and the time axis, plus a lane
/// per actor group.
pub fn timeline_height(lanes: usize) -> usize {
    (130 + 75 * lanes.max(1)).max(380)
}

/// The timeline's plot inside its chart: room above for the legend and below for the time
/// axis, in pixels.
const GRID_TOP: f64 = 30.0;
const GRID_BOTTOM: f64 = 30.0;
/// The lane axis runs from this far above the first lane (room for the events) to
/// [`LANE_AXIS_BELOW`] short of one past the last lane (the time axis' labels).
const LANE_AXIS_TOP: f64 = -1.3;
const LANE_AXIS_BELOW: f64 = 0.2;

/// Pixels per unit of a timeline option's axes (`x` and `y`, their ranges as the option gives
/// them) in a chart `width` pixels wide: the plot's width ([`plot_width`]) and the height
/// [`timeline_height`] gives its lanes, less the grid's margins.
pub(crate) fn pixels_per_unit(x: (f64, f64), y: (f64, f64), width: f64) -> (f64, f64) {
    let lanes = (y.1 + LANE_AXIS_BELOW).round().max(1.0) as usize;
    let plot_height = timeline_height(lanes) as f64 - GRID_TOP - GRID_BOTTOM;
    (
        plot_width(width) / (x.1 - x.0).max(1e-9),
        plot_height / (y.1 - y.0).max(1e-9),
    )
}

/// The width of the plot, in pixels, in a timeline chart `width` pixels wide: what the lane names
/// and the right margin leave. The labels (ticks, events, band names, ids) are planned for it.
pub(crate) fn plot_width(width: f64) -> f64 {
    (width - GRID_LEFT - GRID_RIGHT).max(MIN_PLOT_PX)
}

/// The narrowest plot the labels are planned for (a chart is never drawn narrower than the
/// page's `.chart { min-width }`, which leaves more than this).
const MIN_PLOT_PX: f64 = 200.0;
/// Width of one character of a band's name, in pixels (12-pixel bold text).
const BAND_CHAR_PX: f64 = 8.0;
/// Width of one character of an event label, in pixels (10 px font).
const EVENT_CHAR_PX: f64 = 6.0;

/// Minimum distance between two time-axis labels, in pixels.
const TICK_GAP_PX: f64 = 34.0;

/// The ticks that fit: years first, then quarters where there is room, at least
/// [`TICK_GAP_PX`] apart; when even years crowd, every second (fifth, tenth) year.
fn readable_ticks(layout: &TimelineLayout, range: (f64, f64), plot: f64) -> Vec<crate::charts::layout::Tick> {
    let px = plot / (range.1 - range.0).max(1e-9);
    let inside = |t: &&crate::charts::layout::Tick| t.x >= range.0 - 1e-9 && t.x <= range.1 + 1e-9;
    let years: Vec<&crate::charts::layout::Tick> = layout
        .ticks
        .iter()
        .filter(inside)
        .filter(|t| !t.label.starts_with('Q'))
        .collect();
    let step = [1usize, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|&k| {
            years
                .iter()
                .step_by(k)
                .collect::<Vec<_>>()
                .windows(2)
                .all(|w| (w[1].x - w[0].x) * px >= TICK_GAP_PX)
        })
        .unwrap_or(100);
    let mut kept: Vec<crate::charts::layout::Tick> = years.iter().step_by(step).map(|t| (*t).clone()).collect();
    if step == 1 {
        for q in layout.ticks.iter().filter(inside).filter(|t| t.label.starts_with('Q')) {
            if kept.iter().all(|k| (k.x - q.x).abs() * px >= TICK_GAP_PX) {
                kept.push(q.clone());
            }
        }
    }
    kept.erased_sort_by(|a, b| a.x.total_cmp(&b.x));
    kept
}

/// Lane names that fit in `max` characters and stay distinct: words every name shares at its
/// start (but the last of them) or end give way to "…" first, then the rest is cut.
pub fn abbreviate_all(names: &[&str], max: usize) -> Vec<String> {
    if names.iter().all(|n| n.chars().count() <= max) {
        return names.iter().map(|n| n.to_string()).collect();
    }
    let words: Vec<Vec<&str>> = names.iter().map(|n| n.split_whitespace().collect()).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = |get: &dyn Fn(&Vec<&str>, usize) -> Option<String>| {
        (0..shortest)
            .take_while(|&k| words.iter().all(|w| get(w, k) == get(&words[0], k)))
            .count()
    };
    let (prefix, suffix) = if names.len() > 1 {
        let p = common(&|w, k| w.get(k).map(|s| s.to_string()));
        let s = common(&|w, k| w.len().checked_sub(k + 1).and_then(|i| w.get(i)).map(|s| s.to_string()));
        // The last shared word of the start stays, as context for what differs ("…number 12…").
        (p.saturating_sub(1), s.min(shortest.saturating_sub(p + 1)))
    } else {
        (0, 0)
    };
    names
        .iter()
        .zip(&words)
        .map(|(name, w)| {
            if name.chars().count() <= max {
                return name.to_string();
            }
            let core = w[prefix.min(w.len())..w.len().saturating_sub(suffix).max(prefix.min(w.len()))].join(" ");
            let text = format!(
                "{}{}{}",
                if prefix > 0 { "…" } else { "" },
                core,
                if suffix > 0 { "…" } else { "" }
            );
            abbreviate(&text, max)
        })
        .collect()
}

/// The events inside `range`, in the layout's order.
fn events_in(layout: &TimelineLayout, range: (f64, f64)) -> Vec<&crate::charts::layout::EventMark> {
    layout
        .events
        .iter()
        .filter(|e| e.x >= range.0 - 1e-9 && e.x <= range.1 + 1e-9)
        .collect()
}

/// Labels of the events inside `range` (in the order of [`events_in`]), each on the first of the
/// label rows where it meets no earlier label. A label reads rightwards from its event, or
/// leftwards near the right end so that it stays in the chart. `plot`: the plot's width in pixels.
fn event_labels(layout: &TimelineLayout, range: (f64, f64), plot: f64) -> Vec<Value> {
    let events = events_in(layout, range);
    let span = (range.1 - range.0).max(1e-9);
    let px_per_unit = plot / span;
    let mut taken: Vec<Vec<(f64, f64)>> = vec![Vec::new(); EVENT_ROWS.len()];
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.erased_sort_by(|&a, &b| events[a].x.total_cmp(&events[b].x));
    let mut out = vec![Value::Null; events.len()];
    for i in order {
        let e = events[i];
        let tooltip = text_tooltip(&format!("{}: {}", e.date, e.label));
        // The label as long as it may be, else shorter, on the first row where it meets no
        // earlier label; with no such row, the pin alone (its tooltip has the text).
        let placed = [30, 16].into_iter().find_map(|max| {
            let text = abbreviate(&e.label, max);
            let width = (text.chars().count() as f64 * EVENT_CHAR_PX + 16.0) / px_per_unit;
            let leftwards = e.x + width > range.1;
            let extent = if leftwards {
                (e.x - width, e.x)
            } else {
                (e.x, e.x + width)
            };
            let free = |row: &Vec<(f64, f64)>| row.iter().all(|&(a, b)| extent.1 <= a || b <= extent.0);
            let row = (0..EVENT_ROWS.len()).find(|&r| free(&taken[r]))?;
            Some((text, leftwards, extent, row))
        });
        out[i] = match placed {
            Some((text, leftwards, extent, row)) => {
                taken[row].push(extent);
                json!({"name": inert(&text), "value": [e.x, EVENT_ROWS[row]],
                    "label": {"position": if leftwards { "left" } else { "right" }}, "tooltip": tooltip})
            }
            None => json!({"name": inert(&abbreviate(&e.label, 30)), "value": [e.x, EVENT_ROWS[EVENT_ROWS.len() - 1]],
                "label": {"show": false}, "tooltip": tooltip}),
        };
    }
    out
}

/// The tooltip text of an action: id, description, kind, aim and triggers.
pub fn action_tooltip(case: &Case, index: usize, kind: Symbolic) -> String {
    let a = &case.actions[index];
    let mut triggers: Vec<String> = a.triggers.clone();
    triggers.extend(a.external_triggers.iter().map(|t| format!("“{t}”")));
    format!(
        "{} · {}\n{}\nAim: {}\nTriggered by: {}",
        a.id,
        kind.label(),
        a.description,
        if a.aim.is_empty() { "—" } else { &a.aim },
        if triggers.is_empty() {
            "—".to_string()
        } else {
            triggers.join(", ")
        }
    )
}

/// The timeline option: every action of the case, in a chart of the usual width.
pub fn timeline_option(case: &Case, layout: &TimelineLayout, kinds: &[Symbolic], emphasis: &Emphasis) -> Value {
    timeline_option_in(case, layout, kinds, emphasis, None, super::USUAL_WIDTH)
}

/// The x range of a period's band, or of the whole axis.
pub fn band_range(layout: &TimelineLayout, period: Option<usize>) -> (f64, f64) {
    period
        .and_then(|p| layout.bands.get(p))
        .map_or((layout.x_min, layout.x_max), |b| (b.x0, b.x1))
}

/// The timeline option with every action of one period (the index of a period of the case), or of
/// the whole case (`None`): a zoom into the period's band; its labels planned for a chart `width`
/// pixels wide.
pub fn timeline_option_in(
    case: &Case,
    layout: &TimelineLayout,
    kinds: &[Symbolic],
    emphasis: &Emphasis,
    period: Option<usize>,
    width: f64,
) -> Value {
    let range = band_range(layout, period);
    let period_id = period.and_then(|p| case.periods.get(p)).map(|p| p.id.as_str());
    let inside = |i: usize| period_id.is_none_or(|p| case.actions[i].period == p);
    let faded = |i: usize| !emphasis.is_focused(i);
    let nodes: Vec<Value> = layout
        .markers
        .iter()
        .filter(|m| inside(m.action))
        .map(|m| {
            let i = m.action;
            let kind = kinds.get(i).copied().unwrap_or(case.actions[i].symbolic);
            let selected = emphasis.selected == Some(i);
            let opacity = if faded(i) { 0.18 } else { 1.0 };
            let cycle = emphasis.cycle_of(case, i);
            let mut tooltip = action_tooltip(case, i, kind);
            if let Some(c) = &cycle {
                tooltip.push_str(&format!("\nIn the reinforcing cycle {c}"));
            }
            if emphasis.disputed.contains(&i) {
                tooltip.push_str("\nThe coders differ on it (≠)");
            }
            json!({
                "id": case.actions[i].id,
                "name": case.actions[i].id,
                "value": [m.x, m.y],
                "category": kind_index(kind),
                "symbolSize": if selected { 24 } else if kind.is_symbolic() { 17 } else { 13 },
                "itemStyle": {"opacity": opacity, "borderColor": if selected { "#111" } else { "#fff" }, "borderWidth": if selected { 2.5 } else { 1.0 }},
                // Markers moved to a sub-row carry their label at the side, clear of their neighbour.
                // An action in a reinforcing cycle carries "↻" after its id.
                "label": {"show": true, "position": if (m.y - m.y.round()).abs() > 1e-9 { "right" } else { "top" }, "distance": 3, "fontSize": 11, "fontWeight": if selected { "bold" } else { "normal" },
                          "color": "#1d2327", "opacity": if faded(i) { 0.3 } else { 1.0 },
                          // The marks go under the id, so that a label is no wider than its id
                          // and the spacing planned for the ids holds.
                          "formatter": emphasis.label_formatter(i).replacen(' ', "\n", 1)},
                "tooltip": text_tooltip(&tooltip),
            })
        })
        .collect();
    // Trigger arrows, one per trigger id that names another action (looked up once).
    let index = case.action_indices();
    let mut links: Vec<Value> = Vec::new();
    for (to, a) in case.actions.iter().enumerate() {
        for t in &a.triggers {
            let Some(&from) = index
                .get(t.as_str())
                .filter(|&&from| from != to && inside(from) && inside(to))
            else {
                continue;
            };
            let strong = emphasis.is_focused(from) && emphasis.is_focused(to);
            links.push(json!({"source": t, "target": a.id,
                   "lineStyle": {"opacity": if strong { 0.75 } else { 0.08 }},
                   "tooltip": text_tooltip(&format!("{t} triggered {}", a.id))}));
        }
    }
    // The links of the reinforcing cycles, drawn as labelled arcs over the trigger arrows.
    let mut cycle_links: Vec<(usize, usize)> = emphasis.cycle_links().into_iter().collect();
    cycle_links.erased_sort();
    for (from, to) in cycle_links.into_iter().filter(|&(a, b)| inside(a) && inside(b)) {
        let (x, y) = (&case.actions[from].id, &case.actions[to].id);
        links.push(json!({"source": x, "target": y, "name": "cycle",
               "lineStyle": {"color": super::REINFORCING, "width": 2.5, "type": "solid", "curveness": 0.45, "opacity": 0.9},
               "label": {"show": true, "formatter": "cycle", "color": super::REINFORCING, "fontSize": 10},
               "tooltip": text_tooltip(&format!("Reinforcing link in a cycle: {x} ⇒ {y}"))}));
    }

    // External triggers: a small grey square up and left of the action they triggered.
    let externals: Vec<Value> = layout
        .markers
        .iter()
        .filter(|m| inside(m.action) && !case.actions[m.action].external_triggers.is_empty())
        .map(|m| {
            let a = &case.actions[m.action];
            json!({"name": format!("external:{}", a.id), "value": [m.x - 0.32, m.y - 0.2],
                   "itemStyle": {"opacity": if faded(m.action) { 0.2 } else { 0.9 }},
                   "tooltip": text_tooltip(&format!("External trigger of {}: {}", a.id, a.external_triggers.join("; ")))})
        })
        .collect();
    let actions = json!({
        "type": "graph",
        "id": "actions",
        "name": "Actions",
        "coordinateSystem": "cartesian2d",
        "layout": "none",
        "categories": kind_categories(true),
        "data": nodes,
        "links": links,
        "edgeSymbol": ["none", "arrow"],
        "edgeSymbolSize": [0, 7],
        "lineStyle": {"color": EDGE, "width": 1.2, "curveness": 0.18},
        "emphasis": {"disabled": true},
        // An id that would cover another is left out (the larger marker keeps its id: the
        // selected action, then symbolic ones); zooming into a period brings it back.
        "labelLayout": {"hideOverlap": true},
        "z": 3,
    });
    let mut option = timeline_frame(layout, actions, externals, range, width);
    let names = |v: Vec<&str>| v.join(", ");
    let shown = (0..case.actions.len()).filter(|&i| inside(i)).count();
    super::describe(
        &mut option,
        &format!(
            "Period timeline of {} actions by {} actor groups ({}) over {} ({}): {}. Symbolic conformity is drawn as triangles, symbolic advocacy as diamonds, substantive actions as circles; arrows run from an action to the actions it triggered.{}",
            shown,
            case.actors.len(),
            names(case.actors.iter().map(|a| a.name.as_str()).collect()),
            match period.and_then(|p| case.periods.get(p)) {
                Some(p) => format!("the period {}", p.name),
                None => format!("{} periods", case.periods.len()),
            },
            match period.and_then(|p| case.periods.get(p)) {
                Some(_) => format!("of {} periods", case.periods.len()),
                None => names(case.periods.iter().map(|p| p.name.as_str()).collect()),
            },
            if period.is_none() {
                super::kind_counts(kinds)
            } else {
                let shown: Vec<Symbolic> = (0..case.actions.len())
                    .filter(|&i| inside(i))
                    .map(|i| kinds.get(i).copied().unwrap_or(case.actions[i].symbolic))
                    .collect();
                super::kind_counts(&shown)
            },
            if emphasis.cycles.is_empty() { String::new() } else { format!(" Actions marked ↻ are in a reinforcing cycle ({}).", emphasis.cycles.len()) }
        ),
    );
    option
}

/// The timeline's frame around its first series (`actions`, a graph on the cartesian grid): the
/// axes over `range`, the period bands, the lane names, the external triggers, the dated events
/// and the time ticks inside the range, their labels planned for a chart `width` pixels wide.
/// Shared by the timeline of every action and its overview.
pub(crate) fn timeline_frame(
    layout: &TimelineLayout,
    mut actions: Value,
    externals: Vec<Value>,
    range: (f64, f64),
    width: f64,
) -> Value {
    let plot = plot_width(width);
    let mut option = base([
        (
            "legend",
            part(&Legend::new().top(0).left("center").orient(Orient::Horizontal)),
        ),
        (
            "grid",
            list(
                &Grid::new()
                    .left(GRID_LEFT)
                    .right(GRID_RIGHT)
                    .top(GRID_TOP)
                    .bottom(GRID_BOTTOM),
            ),
        ),
    ]);
    let lanes = layout.lanes.len().max(1) as f64;
    option["legend"]["data"] = json!(Symbolic::ALL.iter().map(|k| k.label()).collect::<Vec<_>>());
    option["xAxis"] = json!({"type": "value", "min": range.0, "max": range.1,
        "axisLabel": {"show": false}, "axisTick": {"show": false}, "splitLine": {"show": false}});
    option["yAxis"] = json!({"type": "value", "min": LANE_AXIS_TOP, "max": lanes - LANE_AXIS_BELOW, "inverse": true,
        "axisLabel": {"show": false}, "axisTick": {"show": false}, "axisLine": {"show": false}, "splitLine": {"show": false}});
    let span = (range.1 - range.0).max(1e-9);
    let bands: Vec<Value> = layout
        .bands
        .iter()
        .enumerate()
        .filter(|(_, b)| b.x1 > range.0 + 1e-9 && b.x0 < range.1 - 1e-9)
        .map(|(i, b)| {
            // A band's name is cut to what its width holds (12-pixel bold text measures about
            // 8 pixels a character).
            let room = ((b.x1 - b.x0) * plot / span / BAND_CHAR_PX) as usize;
            json!([{"xAxis": b.x0, "name": inert(&abbreviate(&b.name, room.max(4))),
                    "itemStyle": {"color": if i % 2 == 0 { "rgba(43,76,126,0.07)" } else { "rgba(43,76,126,0.02)" }},
                    "label": {"show": true, "position": "insideBottom", "color": "#2b4c7e", "fontWeight": "bold", "fontSize": 12, "distance": 4}},
                   {"xAxis": b.x1}])
        })
        .collect();

    actions["markArea"] = json!({"silent": true, "data": bands});
    let mut series = vec![actions];
    // Lane names, left of the plot.
    series.push(json!({
        "type": "scatter", "id": "lanes", "name": "Lanes", "symbolSize": 1, "silent": false, "z": 1,
        "itemStyle": {"color": "transparent"},
        "label": {"show": true, "position": "left", "distance": 10, "formatter": "{b}", "color": "#1d2327", "fontWeight": "bold"},
        "data": layout.lanes.iter().zip(abbreviate_all(&layout.lanes.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), LANE_NAME_MAX))
            .enumerate()
            .map(|(i, (l, short))| json!({"name": inert(&short), "value": [range.0, i], "tooltip": text_tooltip(&l.name)}))
            .collect::<Vec<_>>(),
    }));

    series.push(
        json!({"type": "scatter", "id": "external", "name": "External triggers", "symbol": "rect", "symbolSize": 7,
        "itemStyle": {"color": "#7d868c"}, "z": 2, "data": externals}),
    );

    if layout.dated {
        let inside = events_in(layout, range);
        let events: Vec<Value> = inside
            .iter()
            .map(|e| {
                json!({"xAxis": e.x, "name": inert(&e.label),
                "label": {"formatter": inert(&abbreviate(&e.label, 26))},
                "tooltip": text_tooltip(&format!("{}: {}", e.date, e.label))})
            })
            .collect();
        let spans: Vec<Value> = inside
            .iter()
            .filter_map(|e| e.x_end.map(|end| json!([{"coord": [e.x, LANE_AXIS_TOP], "itemStyle": {"color": "rgba(0,158,115,0.22)"}}, {"coord": [end.min(range.1), -1.22]}])))
            .collect();
        let labels = event_labels(layout, range, plot);
        series.push(json!({
            "type": "scatter", "id": "events", "name": "Events", "symbol": "pin", "symbolSize": 9, "z": 2,
            "itemStyle": {"color": "#009e73"},
            "label": {"show": true, "position": "right", "distance": 3, "formatter": "{b}", "fontSize": 10, "color": "#00664a"},
            "data": labels,
            "markLine": {"silent": true, "symbol": "none", "label": {"show": false},
                         "lineStyle": {"color": "#009e73", "type": "dashed", "width": 1}, "data": events},
            "markArea": {"silent": true, "data": spans},
        }));
        series.push(json!({
            "type": "scatter", "id": "ticks", "name": "Time", "symbolSize": 1, "silent": true, "z": 1,
            "itemStyle": {"color": "transparent"},
            "label": {"show": true, "position": "bottom", "formatter": "{b}", "color": "#5a646b", "fontSize": 11},
            "data": readable_ticks(layout, range, plot).iter().map(|t| json!({"name": t.label, "value": [t.x, lanes - LANE_AXIS_BELOW]})).collect::<Vec<_>>(),
        }));
    }
    option["series"] = Value::Array(series);
    option
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::layout::timeline_layout;
    use crate::core::analysis::{coded_kinds, Prepared};
    use crate::core::open::import_file;

    use crate::core::builtin::telco;

    fn series<'a>(option: &'a Value, id: &str) -> &'a Value {
        option["series"]
            .as_array()
            .and_then(|s| s.iter().find(|x| x["id"] == id))
            .expect("series")
    }

    #[test]
    fn telco_has_22_markers_3_lanes_3_bands_29_arrows_and_6_events() {
        let case = telco();
        let layout = timeline_layout(&case);
        let option = timeline_option(&case, &layout, &coded_kinds(&case), &Emphasis::default());
        let actions = series(&option, "actions");
        let nodes = actions["data"].as_array().expect("nodes");
        assert_eq!(nodes.len(), 22);
        assert_eq!(actions["links"].as_array().map(Vec::len), Some(29));
        assert_eq!(actions["edgeSymbol"], json!(["none", "arrow"]));
        let bands = actions["markArea"]["data"].as_array().expect("bands");
        assert_eq!(bands.len(), 3);
        assert_eq!(series(&option, "lanes")["data"].as_array().map(Vec::len), Some(3));
        assert_eq!(
            series(&option, "events")["markLine"]["data"].as_array().map(Vec::len),
            Some(6)
        );
        // Every marker inside its period's band.
        for node in nodes {
            let id = node["id"].as_str().expect("id");
            let period = &case.action(id).expect("action").period;
            let b = case.period_index(period).expect("period");
            let (x0, x1) = (
                bands[b][0]["xAxis"].as_f64().expect("x0"),
                bands[b][1]["xAxis"].as_f64().expect("x1"),
            );
            let x = node["value"][0].as_f64().expect("x");
            assert!(x > x0 && x < x1, "{id}");
        }
        // The external trigger of DS1 is an annotation, not an action.
        assert_eq!(series(&option, "external")["data"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn selection_emphasises_lineage_and_fades_the_rest() {
        let case = telco();
        let prepared = Prepared::new(&case);
        let am4 = case.actions.iter().position(|a| a.id == "AM4").expect("AM4");
        let option = timeline_option(
            &case,
            &timeline_layout(&case),
            &coded_kinds(&case),
            &Emphasis::of_selection(&prepared, Some(am4)),
        );
        let opacity = |id: &str| {
            series(&option, "actions")["data"]
                .as_array()
                .and_then(|d| d.iter().find(|n| n["id"] == id))
                .map(|n| n["itemStyle"]["opacity"].clone())
        };
        for id in ["AM4", "DS4", "AM2", "DS5", "DS6", "DS8", "MG3", "DS11"] {
            assert_eq!(opacity(id), Some(json!(1.0)), "{id}");
        }
        for id in ["DS7", "AM6", "AM7"] {
            assert_eq!(opacity(id), Some(json!(0.18)), "{id}");
        }
    }

    /// The labels are planned for the width the chart is drawn at: in a narrower chart the band
    /// names are cut to their bands, the time ticks keep their distance and the event labels
    /// move to other rows, or are shortened or left to their tooltips, rather than run into each
    /// other (TelCo's were planned for 760 pixels of plot whatever the chart's width, and at
    /// 720 pixels the band names and two event labels ran into each other).
    #[test]
    fn labels_are_planned_for_the_chart_width() {
        let case = telco();
        let layout = timeline_layout(&case);
        let kinds = coded_kinds(&case);
        let (mut ticks_at, mut names_at) = (Vec::new(), Vec::new());
        let widths = [450.0, 600.0, 760.0, crate::charts::USUAL_WIDTH];
        for width in widths {
            let option = timeline_option_in(&case, &layout, &kinds, &Emphasis::default(), None, width);
            let px = plot_width(width) / (layout.x_max - layout.x_min);
            // Band names within their bands.
            let bands = series(&option, "actions")["markArea"]["data"]
                .as_array()
                .expect("bands");
            let mut chars = 0;
            for band in bands {
                let name = band[0]["name"].as_str().expect("name");
                let room = (band[1]["xAxis"].as_f64().expect("x1") - band[0]["xAxis"].as_f64().expect("x0")) * px;
                assert!(
                    BAND_CHAR_PX * name.chars().count() as f64 <= room.max(4.0 * BAND_CHAR_PX),
                    "{width} px: {name} in {room:.0} px"
                );
                chars += name.chars().count();
            }
            names_at.push(chars);
            // Ticks at least TICK_GAP_PX apart.
            let xs: Vec<f64> = series(&option, "ticks")["data"]
                .as_array()
                .expect("ticks")
                .iter()
                .map(|t| t["value"][0].as_f64().expect("x"))
                .collect();
            assert!(
                xs.windows(2).all(|w| (w[1] - w[0]) * px >= TICK_GAP_PX),
                "{width} px: {xs:?}"
            );
            ticks_at.push(xs.len());
            // Event labels in one row do not meet.
            let mut rows: Vec<(f64, f64, f64)> = Vec::new();
            let labels = series(&option, "events")["data"].as_array().expect("events");
            if width == crate::charts::USUAL_WIDTH {
                assert!(
                    labels.iter().all(|l| l["label"]["show"] != false),
                    "every event labelled at the usual width"
                );
            }
            for label in labels.iter().filter(|l| l["label"]["show"] != false) {
                let (x, y) = (
                    label["value"][0].as_f64().expect("x"),
                    label["value"][1].as_f64().expect("y"),
                );
                let text = label["name"].as_str().expect("text");
                let w = (text.chars().count() as f64 * EVENT_CHAR_PX) / px;
                let (a, b) = if label["label"]["position"] == "left" {
                    (x - w, x)
                } else {
                    (x, x + w)
                };
                assert!(
                    rows.iter().all(|&(ry, ra, rb)| ry != y || b <= ra || rb <= a),
                    "{width} px: {text} meets another event label"
                );
                rows.push((y, a, b));
            }
        }
        // Never more in a narrower chart; fewer in the narrowest.
        for counts in [&ticks_at, &names_at] {
            assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{widths:?} px: {counts:?}");
            assert!(counts[0] < counts[3], "{widths:?} px: {counts:?}");
        }
    }

    #[test]
    fn lane_names_stay_distinct_when_abbreviated() {
        let names = [
            "Actor group number 1 with a long name",
            "Actor group number 12 with a long name",
        ];
        assert_eq!(abbreviate_all(&names, 18), vec!["…number 1…", "…number 12…"]);
        assert_eq!(
            abbreviate_all(&["Data scientists", "Account managers"], 18),
            vec!["Data scientists", "Account managers"]
        );
        let one = abbreviate_all(&["Incumbent account managers of the regional sales teams"], 18);
        assert_eq!(one, vec!["Incumbent account…"]);
    }

    #[test]
    fn markup_in_data_stays_inert_text() {
        let mut case = telco();
        case.actions[0].description = "<img src=x onerror=alert(1)> {b}".into();
        let option = timeline_option(
            &case,
            &timeline_layout(&case),
            &coded_kinds(&case),
            &Emphasis::default(),
        );
        assert_eq!(option["tooltip"]["renderMode"], "richText");
        let tip = series(&option, "actions")["data"][0]["tooltip"]["formatter"]
            .as_str()
            .expect("tooltip")
            .to_string();
        assert!(tip.contains("<img src=x onerror=alert(1)> (b)"), "{tip}");
        let text = option.to_string();
        assert!(
            !text.contains("\"formatter\":\"function"),
            "no JS functions in the option"
        );
    }

    #[test]
    fn a_case_without_dates_and_four_actors_lays_out_coherently() {
        let csv = "id,actor,period,action,symbolic,triggers\n\
            A1,Incumbent account managers of the regional sales teams,P1,a,conformity,\n\
            B1,Data scientists,P1,b,advocacy,A1\nC1,Management,P2,c,,B1\nD1,Consultants,P2,d,,C1\n\
            A2,Incumbent account managers of the regional sales teams,P3,e,conformity,D1\nB2,Data scientists,P4,f,advocacy,A2\nA3,Incumbent account managers of the regional sales teams,P5,g,conformity,B2\n";
        let case = import_file("nodates.csv", csv.as_bytes()).expect("imports").case;
        let layout = timeline_layout(&case);
        assert!(!layout.dated);
        let option = timeline_option(&case, &layout, &coded_kinds(&case), &Emphasis::default());
        assert_eq!(series(&option, "lanes")["data"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            series(&option, "actions")["markArea"]["data"].as_array().map(Vec::len),
            Some(5)
        );
        assert!(
            option["series"]
                .as_array()
                .is_some_and(|s| s.iter().all(|x| x["id"] != "events")),
            "no events without dates"
        );
        let lane0 = &series(&option, "lanes")["data"][0];
        assert_eq!(lane0["name"], "Incumbent account…");
        assert_eq!(
            lane0["tooltip"]["formatter"],
            "Incumbent account managers of the regional sales teams"
        );
        let xs: Vec<f64> = layout.markers.iter().map(|m| m.x).collect();
        assert!(
            xs.windows(2).all(|w| w[0] < w[1]),
            "rows in order, periods left to right: {xs:?}"
        );
    }
}
