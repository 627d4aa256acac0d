//! The regime matrix as a heatmap: periods as rows, aspects as columns, the number of actions in
//! each cell, and a tooltip listing the actions and the case's impact text.

use super::{base, inert, list, part};
use crate::core::analysis::RegimeMatrix;
use crate::core::model::{Aspect, Case, Symbolic};
use charming::component::{Axis, Grid, VisualMap};
use charming::element::AxisType;
use serde_json::{json, Value};

/// The plot's margins left (the periods' names) and right, in pixels.
const GRID_LEFT: f64 = 190.0;
const GRID_RIGHT: f64 = 30.0;

/// The heatmap option, in a chart `width` pixels wide: every aspect's name is shown, wrapped to
/// its column.
pub fn matrix_option(case: &Case, matrix: &RegimeMatrix, width: f64) -> Value {
    let max = matrix.cells.iter().map(|c| c.total).max().unwrap_or(0).max(1);
    let mut option = base([
        (
            "grid",
            list(&Grid::new().left(GRID_LEFT).right(GRID_RIGHT).top(30).bottom(70)),
        ),
        (
            "xAxis",
            part(
                &Axis::new()
                    .type_(AxisType::Category)
                    .data(Aspect::ALL.iter().map(|a| a.label()).collect::<Vec<_>>()),
            ),
        ),
        (
            "yAxis",
            part(
                &Axis::new()
                    .type_(AxisType::Category)
                    .data(case.periods.iter().map(|p| inert(&p.name)).collect::<Vec<_>>()),
            ),
        ),
        (
            "visualMap",
            list(&VisualMap::new().min(0).max(max as f64).calculable(false)),
        ),
    ]);
    option["yAxis"]["inverse"] = json!(true);
    // ECharts would leave out the names that do not fit on one line (in a chart 600 pixels wide,
    // "Valuation scheme"); each wraps to its column instead.
    let column = (width - GRID_LEFT - GRID_RIGHT) / Aspect::ALL.len() as f64;
    option["xAxis"]["axisLabel"] =
        json!({"interval": 0, "width": (column - 8.0).max(40.0), "overflow": "break", "lineHeight": 14});
    option["visualMap"] = json!({"min": 0, "max": max, "orient": "horizontal", "left": "center", "bottom": 0,
        "inRange": {"color": ["#f4f6f8", "#9ecae1", "#2b4c7e"]}, "text": ["more actions", "none"], "calculable": false});
    let data: Vec<Value> = matrix
        .cells
        .iter()
        .map(|cell| {
            let period = case.period_index(&cell.period).unwrap_or(0);
            let aspect = Aspect::ALL.iter().position(|a| *a == cell.aspect).unwrap_or(0);
            let kinds: Vec<String> = Symbolic::ALL
                .iter()
                .filter_map(|k| cell.by_kind.get(k).map(|n| format!("{} {}", n, k.key())))
                .collect();
            let actors: Vec<String> = cell
                .by_actor
                .iter()
                .map(|(id, n)| format!("{} {}", n, case.actor(id).map_or(id.as_str(), |a| a.name.as_str())))
                .collect();
            let text = format!(
                "{} · {}\n{} actions: {}\nBy kind: {}\nBy actor: {}\nImpact: {}",
                case.periods.get(period).map_or("", |p| p.name.as_str()),
                cell.aspect.label(),
                cell.total,
                if cell.actions.is_empty() {
                    "—".to_string()
                } else {
                    cell.actions.join(", ")
                },
                if kinds.is_empty() {
                    "—".to_string()
                } else {
                    kinds.join(", ")
                },
                if actors.is_empty() {
                    "—".to_string()
                } else {
                    actors.join(", ")
                },
                if cell.impact.is_empty() { "—" } else { &cell.impact },
            );
            json!({"value": [aspect, period, cell.total], "name": format!("{}:{}", cell.period, cell.aspect.key()),
                   "tooltip": {"formatter": inert(&text)}})
        })
        .collect();
    option["series"] = json!([{
        "type": "heatmap", "id": "matrix", "name": "Actions",
        "label": {"show": true, "fontSize": 14, "fontWeight": "bold"},
        "itemStyle": {"borderColor": "#fff", "borderWidth": 2},
        "data": data,
    }]);
    option["tooltip"]["extraCssText"] = json!("max-width: 420px; white-space: pre-wrap;");
    let cells: Vec<String> = matrix
        .cells
        .iter()
        .filter(|c| c.total > 0)
        .map(|c| format!("{} × {}: {}", c.period, c.aspect.label().to_lowercase(), c.total))
        .collect();
    super::describe(
        &mut option,
        &format!(
            "Regime matrix: the actions of each period (rows) by the aspect they target (columns), darker for more. {}.",
            if cells.is_empty() { "No action has an aspect".to_string() } else { cells.join("; ") }
        ),
    );
    option
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::analysis::analyze_case;
    use crate::core::open::import_file;

    #[test]
    fn telco_matrix_has_nine_cells_with_actions_and_impacts() {
        let case = import_file("telco.json", crate::core::builtin::TELCO_JSON)
            .expect("imports")
            .case;
        let (_, analysis) = analyze_case(&case);
        let option = matrix_option(&case, &analysis.regime_matrix, crate::charts::USUAL_WIDTH);
        let data = option["series"][0]["data"].as_array().expect("data");
        assert_eq!(data.len(), 9);
        // Every aspect named, wrapped to its column.
        for width in [600.0, crate::charts::USUAL_WIDTH] {
            let label = &matrix_option(&case, &analysis.regime_matrix, width)["xAxis"]["axisLabel"];
            assert_eq!(label["interval"], 0);
            assert_eq!(label["overflow"], "break");
            assert_eq!(
                label["width"].as_f64(),
                Some((width - GRID_LEFT - GRID_RIGHT) / 3.0 - 8.0)
            );
        }
        assert_eq!(
            option["yAxis"]["data"],
            json!([
                "Attempted collaboration",
                "Limited mutual adjustment",
                "Managerial intervention"
            ])
        );
        let p2_knowing = data.iter().find(|d| d["name"] == "P2:knowing_practices").expect("cell");
        assert_eq!(p2_knowing["value"], json!([0, 1, 5]));
        let tip = p2_knowing["tooltip"]["formatter"].as_str().expect("tooltip");
        assert!(
            tip.contains("AM4, AM5, DS7, AM6, AM7") && tip.contains("engage more actively"),
            "{tip}"
        );
    }
}
