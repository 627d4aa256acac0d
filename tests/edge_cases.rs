//! Degenerate but well-formed cases: every analysis and chart builds without panicking.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::charts::layout::timeline_layout;
use regime_lens::charts::matrix::matrix_option;
use regime_lens::charts::network::{network_option, NetworkView};
use regime_lens::charts::series::series_option;
use regime_lens::charts::timeline::{timeline_option, Emphasis};
use regime_lens::core::analysis::sensitivity::pivotal;
use regime_lens::core::analysis::{analyze_case, coded_kinds};
use regime_lens::core::model::Aspect;
use regime_lens::core::open::import_file;

/// Every analysis and chart of the case; each builder's result is checked against the case.
fn everything(name: &str, text: &str) -> usize {
    let case = import_file(name, text.as_bytes()).expect("imports").case;
    let (prepared, analysis) = analyze_case(&case);
    let kinds = coded_kinds(&case);
    let layout = timeline_layout(&case);
    let mut ids: Vec<&str> = case.actions.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    let data_ids = |series: &serde_json::Value| {
        let mut found: Vec<String> = series["data"]
            .as_array()
            .map(|d| d.iter().filter_map(|n| n["id"].as_str().map(String::from)).collect())
            .unwrap_or_default();
        found.sort_unstable();
        found
    };
    for selected in [None, Some(0)] {
        let emphasis = Emphasis::of_selection(&prepared, selected.filter(|_| !case.actions.is_empty()));
        let t = timeline_option(&case, &layout, &kinds, &emphasis);
        let actions = t["series"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["id"] == "actions"))
            .expect("the timeline's actions");
        assert_eq!(data_ids(actions), ids, "{name}: one timeline mark per action");
        let n = network_option(
            &case,
            &prepared,
            &analysis,
            &kinds,
            &NetworkView::default(),
            &emphasis,
            regime_lens::charts::USUAL_WIDTH,
        );
        let graph = &n["series"][0];
        let nodes: Vec<String> = data_ids(graph)
            .into_iter()
            .filter(|id| !id.starts_with("external"))
            .collect();
        assert_eq!(nodes, ids, "{name}: one network node per action");
        let links: Vec<(&str, &str)> = graph["links"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter(|l| l["name"] == "trigger")
                    .filter_map(|l| Some((l["source"].as_str()?, l["target"].as_str()?)))
                    .collect()
            })
            .unwrap_or_default();
        for a in &case.actions {
            for t in a.triggers.iter().filter(|t| **t != a.id) {
                assert!(
                    links.contains(&(t.as_str(), a.id.as_str())),
                    "{name}: the trigger {t} → {}",
                    a.id
                );
            }
        }
    }
    let matrix = matrix_option(&case, &analysis.regime_matrix, regime_lens::charts::USUAL_WIDTH);
    let aspects: Vec<&str> = Aspect::ALL.iter().map(|a| a.label()).collect();
    assert_eq!(
        matrix["xAxis"]["data"],
        serde_json::json!(aspects),
        "{name}: every aspect named"
    );
    let cells = matrix["series"][0]["data"].as_array().map_or(0, Vec::len);
    assert_eq!(
        cells,
        case.periods.len() * Aspect::ALL.len(),
        "{name}: a cell per period and aspect"
    );
    let counted: f64 = matrix["series"][0]["data"]
        .as_array()
        .map(|d| d.iter().filter_map(|c| c["value"][2].as_f64()).sum())
        .unwrap_or(0.0);
    assert_eq!(
        counted as usize,
        case.actions.iter().filter(|a| a.aspect.is_some()).count(),
        "{name}"
    );
    for s in &case.series {
        let option = series_option(s, &layout, true, regime_lens::charts::USUAL_WIDTH);
        assert_eq!(
            option.is_some(),
            layout.dated,
            "{name}: a series is drawn on a dated timeline only"
        );
    }
    let pivots = pivotal(&prepared, &case, &kinds);
    assert_eq!(
        (pivots.assessed, pivots.of),
        (case.actions.len(), case.actions.len()),
        "{name}"
    );
    // Each flip of an action to another kind, at most two an action.
    assert!(pivots.pivots.len() <= 2 * case.actions.len(), "{name}");
    for p in &pivots.pivots {
        assert!(
            case.action(&p.action).is_some() && p.from != p.to,
            "{name}: {}",
            p.action
        );
    }
    case.actions.len()
}

#[test]
fn empty_and_tiny_cases_render() {
    let empty = r#"{"format":"regime-lens/case","version":1,"title":"Empty","actors":[],"periods":[],"actions":[]}"#;
    assert_eq!(everything("empty.json", empty), 0);
    assert_eq!(everything("one.csv", "id,actor,period,action\nA1,Solo,Only,Alone\n"), 1);
    let dated_one_period =
        "id,actor,period,action,symbolic,triggers,date\nA1,X,P,a,conformity,,2020\nB1,Y,P,b,advocacy,A1,2020\n";
    assert_eq!(everything("same-date.csv", dated_one_period), 2);
    let cycle = "id,actor,period,action,symbolic,triggers\nA,X,P1,a,conformity,B\nB,Y,P1,b,advocacy,A\n";
    assert_eq!(everything("cycle.csv", cycle), 2);
    let series_without_dates = r#"{"format":"regime-lens/case","version":1,"title":"S","actors":[{"id":"X","name":"X"}],
        "periods":[{"id":"P","name":"P"}],"actions":[{"id":"A","actor":"X","period":"P","description":"","symbolic":"substantive"}],
        "series":[{"id":"s","title":"S","points":[{"t":"2020-Q1","group":"Total","value":0}]}]}"#;
    assert_eq!(everything("series.json", series_without_dates), 1);
}
