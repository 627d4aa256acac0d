//! The series chart under the timeline, on the same time axis: bars per group (stacked, since the
//! groups are parts of the total), the totals as a line, and a log scale on demand.

use super::{base, inert, list, part};
use crate::charts::layout::TimelineLayout;
use crate::charts::timeline::{GRID_LEFT, GRID_RIGHT};
use crate::core::date::parse_date;
use crate::core::model::Series;
use crate::core::sort::SortErased;
use charming::component::{Grid, Legend};
use charming::element::Orient;
use serde_json::{json, Value};

/// Width of a character of the title (13-pixel bold text), its line height, and the margin right
/// of it, in pixels.
const TITLE_CHAR_PX: f64 = 7.5;
const TITLE_LINE_PX: f64 = 18.0;
const TITLE_RIGHT: f64 = 8.0;

/// The group name that marks totals.
pub const TOTAL: &str = "Total";

/// Okabe–Ito and Tableau colours for up to twelve groups, then repeating.
const GROUP_COLOURS: [&str; 12] = [
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999", "#8c564b", "#17becf",
    "#bcbd22", "#7f7f7f",
];

/// The series option, aligned to the timeline's horizontal axis, in a chart `width` pixels wide
/// (its title wraps to what the chart leaves it). `None` when the series has no point the time
/// axis can place (a case without dates).
pub fn series_option(series: &Series, layout: &TimelineLayout, log: bool, width: f64) -> Option<Value> {
    if !layout.dated {
        return None;
    }
    let mut groups: Vec<&str> = Vec::new();
    let mut times: Vec<(&str, f64, f64)> = Vec::new();
    for p in &series.points {
        if p.group != TOTAL && !groups.contains(&p.group.as_str()) {
            groups.push(&p.group);
        }
        if !times.iter().any(|t| t.0 == p.t) {
            let span = parse_date(&p.t)?;
            times.push((&p.t, layout.x_of_time(span.mid())?, span.end - span.start));
        }
    }
    times.erased_sort_by(|a, b| a.1.total_cmp(&b.1));
    let value = |group: &str, t: &str| {
        series
            .points
            .iter()
            .find(|p| p.group == group && p.t == t)
            .map(|p| p.value)
    };
    let point = |t: &(&str, f64, f64), v: Option<f64>| match v {
        // A log axis cannot show zero; such points are left out rather than faked.
        Some(v) if !(log && v <= 0.0) => json!({"name": t.0, "value": [t.1, v]}),
        _ => json!({"name": t.0, "value": [t.1, null]}),
    };
    let title = if series.unit.is_empty() {
        series.title.clone()
    } else {
        format!("{} ({})", series.title, series.unit)
    };
    // The title runs from the plot's left edge to the chart's right one, on as many lines as it
    // needs (about 7.5 pixels a character of 13-pixel bold text); the plot starts below them.
    let room = (width - GRID_LEFT - TITLE_RIGHT).max(120.0);
    let lines = (title.chars().count() as f64 * TITLE_CHAR_PX / room)
        .ceil()
        .clamp(1.0, 3.0);
    let mut option = base([
        (
            "legend",
            part(&Legend::new().bottom(0).left("center").orient(Orient::Horizontal)),
        ),
        (
            "grid",
            list(
                &Grid::new()
                    .left(GRID_LEFT)
                    .right(GRID_RIGHT)
                    .top(TITLE_LINE_PX * lines + 18.0)
                    .bottom(64),
            ),
        ),
    ]);
    option["title"] = json!({"text": inert(&title), "left": GRID_LEFT, "top": 4,
        "textStyle": {"fontSize": 13, "width": room, "overflow": "break", "lineHeight": TITLE_LINE_PX}});
    option["xAxis"] = json!({"type": "value", "min": layout.x_min, "max": layout.x_max,
        "axisLabel": {"show": false}, "axisTick": {"show": false}, "splitLine": {"show": false}});
    option["yAxis"] = json!({"type": if log { "log" } else { "value" }, "axisLabel": {"fontSize": 11},
        "min": if log { json!(1) } else { json!(null) }});
    // Bars a little narrower than the spacing of the points, whatever their number.
    let spacing = times.windows(2).map(|w| w[1].1 - w[0].1).fold(f64::INFINITY, f64::min);
    let mut out: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            json!({
                "type": "bar", "id": format!("group:{g}"), "name": inert(g),
                "stack": if log { Value::Null } else { json!("groups") },
                "itemStyle": {"color": GROUP_COLOURS[i % GROUP_COLOURS.len()]},
                "barMaxWidth": 36,
                "tooltip": {"formatter": "{a}\n{b}: {@[1]}"},
                "data": times.iter().map(|t| point(t, value(g, t.0))).collect::<Vec<_>>(),
            })
        })
        .collect();
    if series.points.iter().any(|p| p.group == TOTAL) {
        out.push(json!({
            "type": "line", "id": "total", "name": TOTAL, "symbol": "circle", "symbolSize": 7,
            "itemStyle": {"color": "#1d2327"}, "lineStyle": {"width": 2}, "z": 5,
            "label": {"show": true, "position": "top", "formatter": "{@[1]}", "fontSize": 10},
            "tooltip": {"formatter": "{a}\n{b}: {@[1]}"},
            "data": times.iter().filter_map(|t| value(TOTAL, t.0).map(|v| point(t, Some(v)))).collect::<Vec<_>>(),
        }));
    }
    option["series"] = Value::Array(out);
    option["barCategoryGap"] = json!(spacing);
    let values: Vec<f64> = series.points.iter().map(|p| p.value).collect();
    let max = values.iter().copied().fold(f64::NAN, f64::max);
    super::describe(
        &mut option,
        &format!(
            "{}: {} values{}, over {} points in time, the largest {}{}{}.",
            series.title,
            series.points.len(),
            if groups.is_empty() {
                String::new()
            } else {
                format!(" in {} groups ({})", groups.len(), groups.join(", "))
            },
            times.len(),
            max,
            if series.unit.is_empty() { "" } else { " " },
            series.unit,
        ),
    );
    // The groups differ by pattern as well as colour (ECharts decals).
    option["aria"]["decal"] = json!({"show": true});
    Some(option)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::layout::timeline_layout;

    use crate::core::builtin::telco;

    /// The title wraps to the room the chart leaves it, and the plot starts below it: in a
    /// chart 600 pixels wide TelCo's title ran past the chart's edge, cut off.
    #[test]
    fn the_title_wraps_to_the_chart_width() {
        let case = telco();
        let layout = timeline_layout(&case);
        let top = |width: f64| {
            let option = series_option(&case.series[0], &layout, false, width).expect("dated");
            let room = option["title"]["textStyle"]["width"].as_f64().expect("width");
            assert_eq!(room, width - GRID_LEFT - TITLE_RIGHT);
            assert_eq!(option["title"]["textStyle"]["overflow"], "break");
            option["grid"][0]["top"].as_f64().expect("top")
        };
        assert_eq!(top(crate::charts::USUAL_WIDTH), 36.0, "one line");
        assert!(top(600.0) >= 36.0 + TITLE_LINE_PX, "two lines");
    }

    #[test]
    fn telco_series_stacks_ten_teams_and_draws_eight_totals_on_the_time_axis() {
        let case = telco();
        let layout = timeline_layout(&case);
        let option = series_option(&case.series[0], &layout, false, crate::charts::USUAL_WIDTH).expect("dated");
        let series = option["series"].as_array().expect("series");
        assert_eq!(series.len(), 11);
        assert!(series[..10]
            .iter()
            .all(|s| s["type"] == "bar" && s["stack"] == "groups"));
        let total = &series[10];
        assert_eq!(total["data"].as_array().map(Vec::len), Some(8));
        assert_eq!(total["data"][7]["value"][1], 15955.0, "Q4 2013, the last quarter");
        assert_eq!(option["xAxis"]["min"], json!(layout.x_min));
        assert_eq!(option["grid"][0]["left"], json!(GRID_LEFT));
        // Q1 2012 falls inside the first period's band.
        let x = total["data"][0]["value"][0].as_f64().expect("x");
        assert!(x > layout.bands[0].x0 && x < layout.bands[0].x1);
    }

    #[test]
    fn log_scale_unstacks_and_leaves_zeros_out() {
        let case = telco();
        let option = series_option(
            &case.series[0],
            &timeline_layout(&case),
            true,
            crate::charts::USUAL_WIDTH,
        )
        .expect("dated");
        assert_eq!(option["yAxis"]["type"], "log");
        let healthcare = &option["series"][0];
        assert_eq!(healthcare["stack"], Value::Null);
        assert_eq!(
            healthcare["data"][1]["value"][1],
            Value::Null,
            "Healthcare Q2 2012 is 0"
        );
    }
}
