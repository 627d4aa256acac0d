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
