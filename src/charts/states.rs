//! What a chart brings forward through ECharts' own states instead of a new option, for cases of
//! [`FOCUS_BY_STATE_FROM`] actions or more: the option prepared for it ([`with_focus_states`],
//! with the ids that have room, [`ids_with_room`]), and the actions that highlight a lineage
//! ([`focus_action`]) and mark the selected action ([`select_actions`]).

use super::{network, timeline};
use crate::core::sort::SortErased;
use serde_json::{json, Value};

/// Cases of at least this many actions show a selection's lineage through ECharts' own states
/// (the rest of the chart faded by a `highlight` action) instead of a new option: redrawing the
/// whole option takes ECharts about 60–120 ms at 300 actions and 150–300 ms at 1,000, the states
/// a few milliseconds. Smaller cases keep the lineage in the option itself.
pub const FOCUS_BY_STATE_FROM: usize = 200;

/// Lets the first series show a focus through ECharts' states: the items of a `highlight`
/// action keep their look, every other item and link of the series fades to the strength an
/// option gives unfocused actions. Level of detail: at this size the ids of every action would
/// cover each other, so they are shown for the focused actions only (and for an action under
/// the pointer), as many as have room in a chart `width` pixels wide.
pub fn with_focus_states(option: &mut Value, width: f64) {
    let axes = option_axes(&option["xAxis"], &option["yAxis"]);
    // Hundreds of elements easing into a new state or colour would redraw the whole canvas frame
    // after frame for a third of a second; at this size the change shows at once instead.
    option["animation"] = json!(false);
    if let Some(series) = option["series"].get_mut(0) {
        for item in series["data"].as_array_mut().into_iter().flatten() {
            // Shown or not as the series says (a label of its own per item would cost ECharts
            // a model per item on every redraw).
            if let Some(label) = item["label"].as_object_mut() {
                label.remove("show");
            }
        }
        series["label"]["show"] = json!(false);
        // Only the focused ids show, through the states; ECharts lays out the labels of the
        // normal state, where they are hidden, so its label layout would do nothing here.
        if let Some(series) = series.as_object_mut() {
            series.remove("labelLayout");
        }
        // The period bands and their names stay as they are.
        for marker in ["markArea", "markLine"] {
            if series[marker].is_object() {
                series[marker]["blur"] =
                    json!({"itemStyle": {"opacity": 1}, "lineStyle": {"opacity": 1}, "label": {"opacity": 1}});
            }
        }
        // Level of detail: the ids of a large lineage would cover each other, so only those
        // with room in the chart show when focused ([`ids_with_room`]).
        let roomy = ids_with_room(axes, series, width);
        for (i, item) in series["data"].as_array_mut().into_iter().flatten().enumerate() {
            if roomy.get(i).copied().unwrap_or(false) {
                item["emphasis"] = json!({"label": {"show": true}});
            }
        }
        series["emphasis"] = json!({"disabled": false, "focus": "self", "blurScope": "series", "scale": false,
            "label": {"show": false}});
        // The selected action stands out of its lineage as it does in a smaller case (a dark,
        // thick border and its id in bold), through ECharts' select state ([`select_actions`]).
        // The ids with room were chosen without knowing it (a selection does not rebuild the
        // option), so its id may meet one of theirs: it goes on a white ground.
        series["selectedMode"] = json!("single");
        series["select"] = json!({"itemStyle": {"borderColor": "#111", "borderWidth": 3, "borderType": "solid"},
            "label": {"show": true, "fontWeight": "bold", "backgroundColor": "#fff", "padding": [1, 2], "borderRadius": 2}});
        series["blur"] = json!({
            "itemStyle": {"opacity": 0.15},
            "lineStyle": {"opacity": 0.12},
            "label": {"opacity": 0.15},
        });
    }
}

/// Where a graph series' items are drawn: the timeline's from its axes (`Some`), the network's
/// from its own extent.
#[derive(Debug, Clone, Copy)]
pub struct Axes {
    x: (f64, f64),
    y: (f64, f64),
}

fn option_axes(x: &Value, y: &Value) -> Option<Axes> {
    let range = |axis: &Value| Some((axis["min"].as_f64()?, axis["max"].as_f64()?));
    Some(Axes {
        x: range(x)?,
        y: range(y)?,
    })
}

/// Which items of a graph series may show their label when focused, so that no two labels
/// cover each other in a chart `width` pixels wide: taken greedily, the larger markers first (the
/// order ECharts' own label layout keeps), then in data order. Labels go where the items put
/// them (`right` or above), about 7.4 pixels a character (an id of 11-pixel text measures 7.6). ECharts' own layout of labels cannot
/// do this for labels shown through a state: it lays out the normal state's, and shows every
/// label it left out once the item is focused.
pub fn ids_with_room(axes: Option<Axes>, series: &Value, width: f64) -> Vec<bool> {
    let data = series["data"].as_array().map_or(&[][..], Vec::as_slice);
    let point = |d: &Value| -> Option<(f64, f64)> {
        match &d["value"] {
            Value::Array(v) => Some((v.first()?.as_f64()?, v.get(1)?.as_f64()?)),
            _ => Some((d["x"].as_f64()?, d["y"].as_f64()?)),
        }
    };
    let points: Vec<Option<(f64, f64)>> = data.iter().map(point).collect();
    // Pixels per unit on each axis.
    let (origin, scale) = match axes {
        Some(a) => ((a.x.0, a.y.0), timeline::pixels_per_unit(a.x, a.y, width)),
        None => {
            let b = network::bounds(points.iter().flatten().copied());
            let s = network::panel_scale(b, width);
            let s = if s.is_finite() { s } else { 1.0 };
            let (x0, y0, _, _) = b.unwrap_or_default();
            ((x0, y0), (s, s))
        }
    };
    let size = |d: &Value| d["symbolSize"].as_f64().unwrap_or(10.0);
    // Sizes read once (a lookup in the item for every comparison took most of the time).
    let mut order: Vec<(f64, usize)> = (0..data.len())
        .filter(|&i| points[i].is_some() && data[i]["id"].is_string())
        .map(|i| (size(&data[i]), i))
        .collect();
    order.erased_sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut keep = vec![false; data.len()];
    // Kept boxes, bucketed by 64-pixel cells, so that thousands of items stay cheap.
    let mut cells: std::collections::HashMap<(i64, i64), Vec<[f64; 4]>> = std::collections::HashMap::new();
    const CELL: f64 = 64.0;
    for (size, i) in order {
        let Some((x, y)) = points[i] else { continue };
        let (px, py) = ((x - origin.0) * scale.0, (y - origin.1) * scale.1);
        let d = &data[i];
        let text = d["name"].as_str().or(d["id"].as_str()).unwrap_or("");
        let width = 7.4 * text.chars().count() as f64 + 2.0;
        let height = 14.0;
        let r = size / 2.0;
        let gap = d["label"]["distance"].as_f64().unwrap_or(5.0);
        let b = if d["label"]["position"].as_str() == Some("right") {
            [px + r + gap, py - height / 2.0, px + r + gap + width, py + height / 2.0]
        } else {
            [px - width / 2.0, py - r - gap - height, px + width / 2.0, py - r - gap]
        };
        let span = |lo: f64, hi: f64| (lo / CELL).floor() as i64..=(hi / CELL).floor() as i64;
        let covers = span(b[0], b[2]).any(|cx| {
            span(b[1], b[3]).any(|cy| {
                cells.get(&(cx, cy)).is_some_and(|kept| {
                    kept.iter()
                        .any(|k| b[0] < k[2] && k[0] < b[2] && b[1] < k[3] && k[1] < b[3])
                })
            })
        });
        if !covers {
            keep[i] = true;
            for cx in span(b[0], b[2]) {
                for cy in span(b[1], b[3]) {
                    cells.entry((cx, cy)).or_default().push(b);
                }
            }
        }
    }
    keep
}

/// The ECharts action that shows a focus on an option made [`with_focus_states`]: the nodes of
/// the first series whose id is focused, and its links between two focused nodes, highlighted in
/// one batch (so the rest is faded once). `None` when nothing of the chart is focused.
pub fn focus_action(option: &Value, focused: &dyn Fn(&str) -> bool) -> Option<Value> {
    let series = option["series"].get(0)?;
    let data = series["data"].as_array()?;
    let mut lit = std::collections::HashSet::new();
    let mut nodes = Vec::new();
    for (i, item) in data.iter().enumerate() {
        if let Some(id) = item["id"].as_str() {
            if focused(id) {
                lit.insert(id);
                nodes.push(i);
            }
        }
    }
    if nodes.is_empty() {
        return None;
    }
    let edges: Vec<usize> = series["links"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, l)| {
            let end = |key: &str| l[key].as_str().is_some_and(|id| lit.contains(id));
            end("source") && end("target")
        })
        .map(|(i, _)| i)
        .collect();
    Some(json!({
        "type": "highlight",
        "batch": [
            {"seriesIndex": 0, "dataIndex": nodes},
            {"seriesIndex": 0, "dataType": "edge", "dataIndex": edges, "notBlur": true},
        ],
    }))
}

/// The ECharts actions that show `selected` as the one selected action of an option made
/// [`with_focus_states`]: every node of the first series unselected, then the selected action's
/// node selected (when it is drawn).
pub fn select_actions(option: &Value, selected: Option<&str>) -> Vec<Value> {
    let data = option["series"][0]["data"].as_array().map_or(&[][..], Vec::as_slice);
    let mut actions =
        vec![json!({"type": "unselect", "seriesIndex": 0, "dataIndex": (0..data.len()).collect::<Vec<_>>()})];
    if let Some(i) = selected.and_then(|id| data.iter().position(|d| d["id"].as_str() == Some(id))) {
        actions.push(json!({"type": "select", "seriesIndex": 0, "dataIndex": i}));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::tests::{plain_network, telco};
    use crate::charts::USUAL_WIDTH;

    #[test]
    fn the_focus_action_lights_what_the_option_would() {
        let (case, prepared, analysis, kinds, layout) = telco();
        for selected in ["DS5", "AM4", "AM1"] {
            let index = prepared.graph.ids.iter().position(|x| x == selected);
            let emphasis = timeline::Emphasis::of_selection(&prepared, index);
            let plain = timeline::Emphasis::default();
            let view = network::NetworkView::default();
            for (with, without) in [
                (
                    timeline::timeline_option(&case, &layout, &kinds, &emphasis),
                    timeline::timeline_option(&case, &layout, &kinds, &plain),
                ),
                (
                    network::network_option(&case, &prepared, &analysis, &kinds, &view, &emphasis, USUAL_WIDTH),
                    network::network_option(&case, &prepared, &analysis, &kinds, &view, &plain, USUAL_WIDTH),
                ),
            ] {
                let data = with["series"][0]["data"].as_array().expect("nodes");
                let lit_in_option: Vec<usize> = data
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| {
                        let id = d["id"].as_str().unwrap_or("");
                        case.action(id).is_some() && d["itemStyle"]["opacity"].as_f64() == Some(1.0)
                    })
                    .map(|(i, _)| i)
                    .collect();
                let focused = |id: &str| {
                    prepared
                        .graph
                        .ids
                        .iter()
                        .position(|x| x == id)
                        .is_some_and(|i| emphasis.is_focused(i))
                };
                let mut plain_option = without.clone();
                with_focus_states(&mut plain_option, USUAL_WIDTH);
                assert_eq!(plain_option["series"][0]["emphasis"]["focus"], "self");
                assert_eq!(plain_option["animation"], false);
                // Ids show on the focused actions only, each where it has room: at TelCo's size
                // that is every action.
                assert_eq!(plain_option["series"][0]["emphasis"]["label"]["show"], false);
                let items = plain_option["series"][0]["data"].as_array().expect("nodes");
                assert!(items.iter().all(|d| d["label"].get("show").is_none()));
                assert!(items
                    .iter()
                    .filter(|d| d["id"].as_str().and_then(|id| case.action(id)).is_some())
                    .all(|d| d["emphasis"]["label"]["show"] == true));
                assert_eq!(plain_option["series"][0]["label"]["show"], false);
                assert_eq!(plain_option["series"][0]["selectedMode"], "single");
                // The selected action, and only it, is selected.
                let select = select_actions(&plain_option, Some(selected));
                assert_eq!(select.len(), 2);
                assert_eq!(select[0]["type"], "unselect");
                assert_eq!(
                    select[0]["dataIndex"].as_array().map(Vec::len),
                    plain_option["series"][0]["data"].as_array().map(Vec::len)
                );
                let at = select[1]["dataIndex"].as_u64().expect("index") as usize;
                assert_eq!(
                    (select[1]["type"].as_str(), data[at]["id"].as_str()),
                    (Some("select"), Some(selected))
                );
                assert_eq!(
                    select_actions(&plain_option, None).len(),
                    1,
                    "no selection: all unselected"
                );
                assert_eq!(select_actions(&plain_option, Some("no such id")).len(), 1);
                let action = focus_action(&plain_option, &focused).expect("something lit");
                let nodes: Vec<usize> = action["batch"][0]["dataIndex"]
                    .as_array()
                    .expect("indices")
                    .iter()
                    .filter_map(Value::as_u64)
                    .map(|i| i as usize)
                    .collect();
                assert_eq!(nodes, lit_in_option, "{selected}");
                let links = plain_option["series"][0]["links"].as_array().expect("links");
                for e in action["batch"][1]["dataIndex"].as_array().expect("edges") {
                    let l = &links[e.as_u64().expect("index") as usize];
                    assert!(focused(l["source"].as_str().unwrap_or("")) && focused(l["target"].as_str().unwrap_or("")));
                }
            }
        }
        let option = timeline::timeline_option(&case, &layout, &kinds, &timeline::Emphasis::default());
        assert_eq!(
            focus_action(&option, &|_| false),
            None,
            "nothing focused, nothing to do"
        );
    }

    /// A chart's width goes to its option in steps, rounded down: the chart beside the details
    /// panel on a page 1,400 pixels wide (961.5 pixels) is planned at the usual width, so that
    /// nothing is built again when the page opens.
    #[test]
    fn ids_with_room_leave_out_ids_that_would_cover_others() {
        let axes = Some(Axes {
            x: (0.0, 76.0),
            y: (-1.3, 2.8),
        });
        // A plot 760 pixels wide: one unit of x is 10 pixels. Ids above their markers, about
        // 30 pixels wide, in one lane.
        let width = 760.0 + timeline::GRID_LEFT + timeline::GRID_RIGHT;
        let item = |id: &str, x: f64, size: f64| json!({"id": id, "name": id, "value": [x, 0.0], "symbolSize": size, "label": {"position": "top", "distance": 3}});
        let series = json!({"data": [
            item("A1", 2.5, 13.0), item("A2", 3.5, 13.0), item("A3", 3.0, 17.0),
            item("A4", 10.0, 13.0), item("A5", 20.0, 13.0), item("A6", 20.5, 13.0),
            // Another lane: no conflict with the first.
            json!({"id": "B1", "name": "B1", "value": [1.0, 1.0], "symbolSize": 13.0, "label": {"position": "top"}}),
        ]});
        assert_eq!(
            ids_with_room(axes, &series, width),
            vec![false, false, true, true, true, false, true],
            "A3 is larger than A1 and A2 beside it; A4 has room; A5 comes before A6"
        );
        // Ids to the right of markers 20 pixels apart cover each other; above them, they do not.
        let pair = |position: &str| {
            json!({"data": [
                {"id": "R1", "name": "R1", "value": [1.0, 0.0], "symbolSize": 13.0, "label": {"position": position}},
                {"id": "R2", "name": "R2", "value": [3.0, 0.0], "symbolSize": 13.0, "label": {"position": position}},
            ]})
        };
        assert_eq!(ids_with_room(axes, &pair("right"), width), vec![true, true]);
        // In a chart half as wide they are 10 pixels apart, and the second id gives way.
        let half = 380.0 + timeline::GRID_LEFT + timeline::GRID_RIGHT;
        assert_eq!(ids_with_room(axes, &pair("right"), half), vec![true, false]);
        let close = json!({"data": [
            {"id": "R1", "name": "R1", "value": [1.0, 0.0], "symbolSize": 13.0, "label": {"position": "right"}},
            {"id": "R2", "name": "R2", "value": [2.0, 0.0], "symbolSize": 13.0, "label": {"position": "right"}},
        ]});
        assert_eq!(ids_with_room(axes, &close, width), vec![true, false]);
        assert_eq!(ids_with_room(axes, &pair("top"), width), vec![true, true]);
        // The network's nodes, fitted into its panel: a dense case keeps part of its ids, TelCo
        // all of them.
        for (case, all) in [
            (crate::core::synthetic::synthetic_case(300, 1), false),
            (crate::core::builtin::telco(), true),
        ] {
            let mut option = plain_network(&case);
            with_focus_states(&mut option, USUAL_WIDTH);
            let nodes = option["series"][0]["data"].as_array().expect("nodes");
            let actions = nodes
                .iter()
                .filter(|d| d["id"].as_str().and_then(|id| case.action(id)).is_some());
            let kept = actions
                .clone()
                .filter(|d| d["emphasis"]["label"]["show"] == true)
                .count();
            assert_eq!(kept == actions.count(), all, "{} ids kept", kept);
            assert!(kept > 0);
        }
        // A narrower chart has room for fewer of them.
        let case = crate::core::synthetic::synthetic_case(300, 1);
        let kept_at = |width: f64| {
            let mut option = plain_network(&case);
            with_focus_states(&mut option, width);
            option["series"][0]["data"]
                .as_array()
                .expect("nodes")
                .iter()
                .filter(|d| d["emphasis"]["label"]["show"] == true)
                .count()
        };
        assert!(
            kept_at(600.0) < kept_at(USUAL_WIDTH),
            "{} ids in 600 px, {} in {USUAL_WIDTH} px",
            kept_at(600.0),
            kept_at(USUAL_WIDTH)
        );
    }
}
