//! Chart options: pure functions of the case, the coding, the analysis and the view state, giving
//! the ECharts option as JSON. They have no web dependency, so they are tested natively.
//!
//! The scaffold (title, legend, grid, axes) is built with charming's types; the series that need
//! per-item styles charming does not model (graph nodes and links with their own colours,
//! shapes and opacity) are written as JSON and added to charming's output.
//!
//! Text from the data goes into the option only as plain strings for ECharts' canvas labels and
//! rich-text tooltips (`renderMode: "richText"`); nothing is ever rendered as HTML.

pub mod matrix;
pub mod network;
pub mod overview;
pub mod series;
pub mod timeline;

use crate::core::model::Symbolic;
use serde_json::{json, Value};

/// Colour of symbolic conformity (Okabe–Ito vermillion).
pub const CONFORMITY: &str = "#d55e00";
/// Colour of symbolic advocacy (Okabe–Ito blue): apart from vermillion in hue, in lightness (so
/// in greyscale) and for the common colour-vision deficiencies.
pub const ADVOCACY: &str = "#0072b2";
/// Colour of substantive actions: neutral.
pub const SUBSTANTIVE: &str = "#9aa3a9";
/// Colour of reinforcing links (Okabe–Ito reddish purple).
pub const REINFORCING: &str = "#cc79a7";
/// Colour of trigger edges.
pub const EDGE: &str = "#5d6870";

/// The data a chart draws, as CSV (safe to open in a spreadsheet): one row per data item of each
/// series (its id and name, value or coordinates, category) and one per link of a graph series
/// (source, target, what it is), with the tooltip text that explains it.
pub fn option_csv(option: &Value) -> String {
    let names = |series: &Value| -> Option<Vec<String>> {
        series["categories"]
            .as_array()
            .map(|c| c.iter().map(|x| x["name"].as_str().unwrap_or("").to_string()).collect())
    };
    let categories = names(&option["series"][0]).unwrap_or_default();
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|x| match x {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.to_string(),
    };
    let tooltip = |item: &Value| text(&item["tooltip"]["formatter"]).replace('\n', " · ");
    let mut out = String::from(crate::core::export::UTF8_BOM);
    out.push_str("series,row,id,name,value,category,source,target,about\r\n");
    let mut push = |cells: [String; 9]| {
        out.push_str(
            &cells
                .iter()
                .map(|c| crate::core::export::csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    };
    for series in option["series"].as_array().into_iter().flatten() {
        let name = text(&series["name"]);
        let own_categories = names(series).unwrap_or_else(|| categories.clone());
        for item in series["data"].as_array().into_iter().flatten() {
            let (id, label, value) = match item {
                Value::Object(_) => (text(&item["id"]), text(&item["name"]), text(&item["value"])),
                other => (String::new(), String::new(), text(other)),
            };
            let category = item["category"]
                .as_u64()
                .and_then(|c| own_categories.get(c as usize).cloned())
                .unwrap_or_default();
            let value = if value.is_empty() && item["x"].is_number() {
                format!("{} {}", item["x"], item["y"])
            } else {
                value
            };
            push([
                name.clone(),
                "point".into(),
                id,
                label,
                value,
                category,
                String::new(),
                String::new(),
                tooltip(item),
            ]);
        }
        for link in series["links"].as_array().into_iter().flatten() {
            push([
                name.clone(),
                "link".into(),
                String::new(),
                text(&link["name"]),
                String::new(),
                String::new(),
                text(&link["source"]),
                text(&link["target"]),
                tooltip(link),
            ]);
        }
    }
    out
}

/// Cases of at least this many actions show a selection's lineage through ECharts' own states
/// (the rest of the chart faded by a `highlight` action) instead of a new option: redrawing the
/// whole option takes ECharts about 60–120 ms at 300 actions and 150–300 ms at 1,000, the states
/// a few milliseconds. Smaller cases keep the lineage in the option itself.
pub const FOCUS_BY_STATE_FROM: usize = 200;

/// Lets the first series show a focus through ECharts' states: the items of a `highlight`
/// action keep their look, every other item and link of the series fades to the strength an
/// option gives unfocused actions. Level of detail: at this size the ids of every action would
/// cover each other, so they are shown for the focused actions only (and for an action under
/// the pointer).
pub fn with_focus_states(option: &mut Value) {
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
        series["emphasis"] = json!({"disabled": false, "focus": "self", "blurScope": "series", "scale": false,
            "label": {"show": true}});
        // The selected action stands out of its lineage as it does in a smaller case (a dark,
        // thick border and its id in bold), through ECharts' select state ([`select_action`]).
        series["selectedMode"] = json!("single");
        series["select"] = json!({"itemStyle": {"borderColor": "#111", "borderWidth": 3, "borderType": "solid"},
            "label": {"show": true, "fontWeight": "bold"}});
        series["blur"] = json!({
            "itemStyle": {"opacity": 0.15},
            "lineStyle": {"opacity": 0.12},
            "label": {"opacity": 0.15},
        });
    }
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

/// Gives a chart its text alternative: ECharts puts `text` on the chart's element as its
/// accessible description (`aria.label.description`), for screen readers.
pub fn describe(option: &mut Value, text: &str) {
    option["aria"] = json!({"enabled": true, "label": {"description": inert(text)}});
}

/// The text alternative [`describe`] gave a chart, if any.
pub fn description(option: &Value) -> Option<&str> {
    option["aria"]["label"]["description"].as_str()
}

/// "3 symbolic conformity, 5 symbolic advocacy and 14 substantive": how many of each kind.
pub fn kind_counts(kinds: &[Symbolic]) -> String {
    let n = |k: Symbolic| kinds.iter().filter(|x| **x == k).count();
    format!(
        "{} symbolic conformity, {} symbolic advocacy and {} substantive",
        n(Symbolic::Conformity),
        n(Symbolic::Advocacy),
        n(Symbolic::Substantive)
    )
}

/// The colour of a kind.
pub fn kind_colour(kind: Symbolic) -> &'static str {
    match kind {
        Symbolic::Conformity => CONFORMITY,
        Symbolic::Advocacy => ADVOCACY,
        Symbolic::Substantive => SUBSTANTIVE,
    }
}

/// The marker shape of a kind on the timeline.
pub fn kind_symbol(kind: Symbolic) -> &'static str {
    match kind {
        Symbolic::Conformity => "triangle",
        Symbolic::Advocacy => "diamond",
        Symbolic::Substantive => "circle",
    }
}

/// Graph categories for the three kinds, in [`Symbolic::ALL`] order (category index = position).
pub fn kind_categories(with_symbols: bool) -> Value {
    Value::Array(
        Symbolic::ALL
            .iter()
            .map(|&k| {
                let mut c = json!({"name": k.label(), "itemStyle": {"color": kind_colour(k)}});
                if with_symbols {
                    c["symbol"] = json!(kind_symbol(k));
                }
                c
            })
            .collect(),
    )
}

/// The category index of a kind.
pub fn kind_index(kind: Symbolic) -> usize {
    Symbolic::ALL.iter().position(|&k| k == kind).unwrap_or(2)
}

/// Shortens a name for a label: at most `max` characters, ending with "…" when cut.
pub fn abbreviate(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// Makes data text inert in an ECharts string template: `{` and `}` would otherwise start a
/// template variable or a rich-text style.
pub fn inert(text: &str) -> String {
    text.replace('{', "(").replace('}', ")")
}

/// A rich-text tooltip (never HTML) with a fixed text.
pub fn text_tooltip(text: &str) -> Value {
    json!({"formatter": inert(text)})
}

/// The base of every chart: charming's scaffold as JSON, with shared settings.
pub fn base(chart: charming::Chart) -> Value {
    let mut option = serde_json::to_value(&chart).unwrap_or_else(|_| json!({}));
    option["animation"] = json!(false);
    option["tooltip"] =
        json!({"trigger": "item", "renderMode": "richText", "confine": true, "textStyle": {"fontSize": 12}});
    option["textStyle"] = json!({"fontFamily": "system-ui, sans-serif"});
    option
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TelCo with what its charts are made from: the case, its preparation and analysis, its
    /// coding and its timeline layout.
    fn telco() -> (
        crate::core::model::Case,
        crate::core::analysis::Prepared,
        crate::core::analysis::Analysis,
        Vec<Symbolic>,
        crate::core::layout::TimelineLayout,
    ) {
        let case = crate::core::builtin::telco();
        let (prepared, analysis) = crate::core::analysis::analyze_case(&case);
        let kinds = crate::core::analysis::coded_kinds(&case);
        let layout = crate::core::layout::timeline_layout(&case);
        (case, prepared, analysis, kinds, layout)
    }

    /// The focus shown through ECharts' states lights the same nodes as the focus written into
    /// the option, on both graph charts, for a selection and for no selection.
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
                    network::network_option(&case, &prepared, &analysis, &kinds, &view, &emphasis),
                    network::network_option(&case, &prepared, &analysis, &kinds, &view, &plain),
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
                with_focus_states(&mut plain_option);
                assert_eq!(plain_option["series"][0]["emphasis"]["focus"], "self");
                assert_eq!(plain_option["animation"], false);
                // Ids show on the focused actions only.
                assert_eq!(plain_option["series"][0]["emphasis"]["label"]["show"], true);
                assert!(plain_option["series"][0]["data"]
                    .as_array()
                    .expect("nodes")
                    .iter()
                    .all(|d| d["label"].get("show").is_none() && d.get("emphasis").is_none()));
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

    /// Every chart of TelCo carries a text alternative that says what it shows.
    #[test]
    fn every_chart_describes_itself() {
        let (case, prepared, analysis, kinds, layout) = telco();
        let emphasis = timeline::Emphasis::default();
        let text = |o: &Value| description(o).unwrap_or("").to_string();
        let t = text(&timeline::timeline_option(&case, &layout, &kinds, &emphasis));
        assert!(
            t.contains("22 actions by 3 actor groups")
                && t.contains("5 symbolic conformity, 6 symbolic advocacy and 11 substantive")
                && t.contains("triangles"),
            "{t}"
        );
        let n = text(&network::network_option(
            &case,
            &prepared,
            &analysis,
            &kinds,
            &network::NetworkView::default(),
            &emphasis,
        ));
        assert!(
            n.contains("29 trigger edges") && n.contains("12 reinforcing links") && n.contains("dashed"),
            "{n}"
        );
        let m = text(&matrix::matrix_option(&case, &analysis.regime_matrix));
        assert!(m.contains("P1 × knowing practices"), "{m}");
        let series_option = series::series_option(&case.series[0], &layout, false).expect("dated");
        let s = text(&series_option);
        assert!(s.contains(&case.series[0].title), "{s}");
        assert_eq!(
            series_option["aria"]["decal"]["show"], true,
            "groups differ by pattern too"
        );
        assert!(kind_counts(&kinds).ends_with("substantive"));
    }

    #[test]
    fn the_network_data_as_csv_lists_every_node_and_link() {
        let case = crate::core::builtin::telco();
        let (prepared, analysis) = crate::core::analysis::analyze_case(&case);
        let kinds = crate::core::analysis::coded_kinds(&case);
        let option = network::network_option(
            &case,
            &prepared,
            &analysis,
            &kinds,
            &network::NetworkView::default(),
            &timeline::Emphasis::default(),
        );
        let csv = option_csv(&option);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0].trim_start_matches('\u{feff}'),
            "series,row,id,name,value,category,source,target,about"
        );
        assert_eq!(
            lines.iter().filter(|l| l.contains(",point,")).count(),
            24,
            "22 actions and 2 external triggers"
        );
        assert_eq!(lines.iter().filter(|l| l.contains(",link,,reinforcing,")).count(), 12);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Network,point,AM4,AM4,") && l.contains(",Symbolic conformity,")),
            "{csv}"
        );
        assert!(lines.iter().any(|l| l.contains(",link,,trigger,,,DS4,AM4,")), "{csv}");
    }

    #[test]
    fn abbreviation_keeps_short_names_and_marks_cuts() {
        assert_eq!(abbreviate("Data scientists", 20), "Data scientists");
        assert_eq!(abbreviate("A very long actor group name indeed", 12), "A very long…");
    }

    #[test]
    fn braces_from_data_cannot_reach_the_template() {
        assert_eq!(inert("{b} {a|x}"), "(b) (a|x)");
    }
}
