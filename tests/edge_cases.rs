//! Degenerate but well-formed cases: every analysis and chart builds without panicking.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::charts::layout::timeline_layout;
use regime_lens::charts::matrix::matrix_option;
use regime_lens::charts::network::{network_option, NetworkView};
use regime_lens::charts::series::series_option;
use regime_lens::charts::timeline::{timeline_option, Emphasis};
use regime_lens::core::analysis::sensitivity::pivotal;
use regime_lens::core::analysis::{analyze_case, coded_kinds};
use regime_lens::core::open::import_file;

fn everything(name: &str, text: &str) -> usize {
    let case = import_file(name, text.as_bytes()).expect("imports").case;
    let (prepared, analysis) = analyze_case(&case);
    let kinds = coded_kinds(&case);
    let layout = timeline_layout(&case);
    for selected in [None, Some(0)] {
        let emphasis = Emphasis::of_selection(&prepared, selected);
        let t = timeline_option(&case, &layout, &kinds, &emphasis);
        let n = network_option(
            &case,
            &prepared,
            &analysis,
            &kinds,
            &NetworkView::default(),
            &emphasis,
            regime_lens::charts::USUAL_WIDTH,
        );
        assert!(t["series"].is_array() && n["series"].is_array());
    }
    matrix_option(&case, &analysis.regime_matrix, regime_lens::charts::USUAL_WIDTH);
    for s in &case.series {
        series_option(s, &layout, true, regime_lens::charts::USUAL_WIDTH);
    }
    pivotal(&prepared, &case, &kinds);
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
