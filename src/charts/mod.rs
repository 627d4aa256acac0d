//! Chart options: pure functions of the case, the coding, the analysis and the view state, giving
//! the ECharts option as JSON. They have no web dependency, so they are tested natively.
//!
//! The scaffold (title, legend, grid, axes) is built with charming's types; the series that need
//! per-item styles charming does not model (graph nodes and links with their own colours,
//! shapes and opacity) are written as JSON and added to charming's output.
//!
//! Text from the data goes into the option only as plain strings for ECharts' canvas labels and
//! rich-text tooltips (`renderMode: "richText"`); nothing is ever rendered as HTML.

pub mod layout;
pub mod matrix;
pub mod network;
pub mod overview;
pub mod series;
pub mod states;
pub mod timeline;

use crate::core::model::Symbolic;
use serde_json::{json, Value};

/// The width the timeline and the network are usually drawn at, in pixels (on a page 1,400
/// pixels wide, beside the details panel). The options the page draws are planned for the
/// chart's own width (it follows its element's width); tests and exports use this one.
pub const USUAL_WIDTH: f64 = 960.0;

/// Steps in which the page passes a chart's width on: an option planned for the width is built
/// again when the chart grows or shrinks by a step, not at every pixel of a window being resized.
pub const WIDTH_STEP: f64 = 16.0;

/// A chart's width in pixels as options are planned for it: rounded down to a [`WIDTH_STEP`], so
/// that labels planned for it have room.
pub fn stepped_width(width: f64) -> f64 {
    (width / WIDTH_STEP).floor() * WIDTH_STEP
}

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
    let mut out = String::from(crate::core::import::UTF8_BOM);
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

/// One of charming's components (a legend, a grid, an axis, a visual map) as JSON.
pub fn part(component: &impl serde::Serialize) -> Value {
    serde_json::to_value(component).unwrap_or_else(|_| json!({}))
}

/// A component charming writes as a list of them (grids, visual maps; an axis it writes on its
/// own): a list of one.
pub fn list(component: &impl serde::Serialize) -> Value {
    json!([part(component)])
}

/// The base of every chart: charming's components under their option keys ([`part`]), with
/// shared settings. Each component is serialised on its own: serialising a whole
/// `charming::Chart` compiled the serialisers of every series type and component charming knows
/// into the app (its `Chart` and `Series` alone about 70 KB of code before optimisation) for the
/// four kinds of component the charts take from it. The test `parts_serialise_as_a_chart_would`
/// checks that the result is what the whole chart gave.
pub fn base<const N: usize>(components: [(&str, Value); N]) -> Value {
    let mut option = json!({});
    for (key, value) in components {
        option[key] = value;
    }
    option["animation"] = json!(false);
    option["tooltip"] =
        json!({"trigger": "item", "renderMode": "richText", "confine": true, "textStyle": {"fontSize": 12}});
    option["textStyle"] = json!({"fontFamily": "system-ui, sans-serif"});
    option
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// TelCo with what its charts are made from: the case, its preparation and analysis, its
    /// coding and its timeline layout.
    pub(crate) fn telco() -> (
        crate::core::model::Case,
        crate::core::analysis::Prepared,
        crate::core::analysis::Analysis,
        Vec<Symbolic>,
        crate::charts::layout::TimelineLayout,
    ) {
        let case = crate::core::builtin::telco();
        let (prepared, analysis) = crate::core::analysis::analyze_case(&case);
        let kinds = crate::core::analysis::coded_kinds(&case);
        let layout = crate::charts::layout::timeline_layout(&case);
        (case, prepared, analysis, kinds, layout)
    }

    /// The network option of a case under its own coding: every action, nothing selected.
    pub(crate) fn plain_network(case: &crate::core::model::Case) -> Value {
        network::tests::option_of(case, &network::NetworkView::default()).0
    }

    /// The focus shown through ECharts' states lights the same nodes as the focus written into
    /// the option, on both graph charts, for a selection and for no selection.
    #[test]
    fn widths_go_to_options_in_steps() {
        assert_eq!(stepped_width(961.5), USUAL_WIDTH);
        assert_eq!(stepped_width(975.9), USUAL_WIDTH);
        assert_eq!(stepped_width(976.0), USUAL_WIDTH + WIDTH_STEP);
        assert_eq!(stepped_width(615.0), 608.0);
        assert_eq!(stepped_width(0.0), 0.0);
    }

    /// Ids shown through the states are thinned where they would cover each other: the larger
    /// marker keeps its id, then the first in data order; ids with room all show.
    /// The charts' components, serialised one by one ([`base`]), give the JSON a whole
    /// `charming::Chart` of them gave.
    #[test]
    fn parts_serialise_as_a_chart_would() {
        use charming::component::{Axis, Grid, Legend, VisualMap};
        use charming::element::{AxisType, Orient};
        use charming::Chart;
        let whole = |chart: Chart| {
            let mut option = serde_json::to_value(&chart).expect("serialises");
            for (key, value) in base([]).as_object().expect("object") {
                option[key] = value.clone();
            }
            option
        };
        let legend = || Legend::new().top(0).left("center").orient(Orient::Horizontal);
        let grid = || Grid::new().left(170).right(24).top(30).bottom(30);
        let axis = |names: &[&str]| Axis::new().type_(AxisType::Category).data(names.to_vec());
        let map = || VisualMap::new().min(0).max(7.0).calculable(false);
        assert_eq!(
            base([("legend", part(&legend()))]),
            whole(Chart::new().legend(legend()))
        );
        assert_eq!(
            base([("legend", part(&legend())), ("grid", list(&grid()))]),
            whole(Chart::new().legend(legend()).grid(grid()))
        );
        assert_eq!(
            base([
                ("grid", list(&grid())),
                ("xAxis", part(&axis(&["a", "b"]))),
                ("yAxis", part(&axis(&["P1"]))),
                ("visualMap", list(&map())),
            ]),
            whole(
                Chart::new()
                    .grid(grid())
                    .x_axis(axis(&["a", "b"]))
                    .y_axis(axis(&["P1"]))
                    .visual_map(map())
            )
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
            USUAL_WIDTH,
        ));
        assert!(
            n.contains("29 trigger edges") && n.contains("12 reinforcing links") && n.contains("dashed"),
            "{n}"
        );
        let m = text(&matrix::matrix_option(&case, &analysis.regime_matrix, USUAL_WIDTH));
        assert!(m.contains("P1 × knowing practices"), "{m}");
        let series_option = series::series_option(&case.series[0], &layout, false, USUAL_WIDTH).expect("dated");
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
        let option = plain_network(&case);
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
