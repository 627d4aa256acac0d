//! The built-in TelCo case, checked against the paper's tables.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use regime_lens::core::import::json::case_to_json;
use regime_lens::core::model::{Aspect, Case, Symbolic};
use regime_lens::core::open::import_file;
use std::collections::BTreeMap;

fn telco() -> Case {
    let bytes = std::fs::read(common::manifest_dir().join("public/cases/telco.json")).expect("telco.json");
    let imported = import_file("telco.json", &bytes).expect("imports");
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    imported.case
}

#[test]
fn telco_has_22_actions_and_29_trigger_links() {
    let case = telco();
    assert_eq!(case.actions.len(), 22);
    assert_eq!(case.trigger_link_count(), 29);
    let ids: Vec<&str> = case.actions.iter().map(|a| a.id.as_str()).collect();
    for prefix_count in [("DS", 11), ("AM", 8), ("MG", 3)] {
        assert_eq!(
            ids.iter().filter(|id| id.starts_with(prefix_count.0)).count(),
            prefix_count.1
        );
    }
    assert_eq!(
        case.actors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        vec!["Account managers", "Data scientists", "Higher management"]
    );
    assert_eq!(case.periods.len(), 3);
    assert!(
        case.periods.iter().all(|p| p.impact.len() == 3),
        "each period states its impact on the three aspects"
    );
}

#[test]
fn telco_codes_the_symbolic_actions_of_the_paper() {
    let case = telco();
    let of_kind = |k: Symbolic| {
        case.actions
            .iter()
            .filter(|a| a.symbolic == k)
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(of_kind(Symbolic::Conformity), vec!["AM1", "AM4", "AM5", "AM7", "AM8"]);
    assert_eq!(
        of_kind(Symbolic::Advocacy),
        vec!["DS2", "DS5", "DS6", "DS7", "DS8", "MG3"]
    );
    let trig = |id: &str| case.action(id).map(|a| a.triggers.clone()).unwrap_or_default();
    assert_eq!(trig("DS8"), vec!["AM4", "AM5", "AM7"]);
    assert_eq!(trig("MG3"), vec!["DS8", "AM8", "DS10"]);
    assert_eq!(trig("AM8"), vec!["MG1", "DS9"]);
    assert_eq!(
        case.action("DS1").map(|a| a.external_triggers.clone()),
        Some(vec!["Resistance faced at the first meeting.".to_string()])
    );
    assert_eq!(
        case.action("MG2").map(|a| a.external_triggers.clone()),
        Some(vec!["Need to cut down costs".to_string()])
    );
    assert_eq!(
        case.action("DS8").and_then(|a| a.aspect),
        Some(Aspect::AuthorityArrangements)
    );
    assert!(case
        .actions
        .iter()
        .all(|a| a.aspect.is_some() && !a.consequence.is_empty() && !a.aim.is_empty()));
}

#[test]
fn table_5_team_figures_sum_to_the_printed_totals() {
    let case = telco();
    let series = &case.series[0];
    let mut teams: BTreeMap<&str, f64> = BTreeMap::new();
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for p in &series.points {
        if p.group == "Total" {
            totals.insert(&p.t, p.value);
        } else {
            *teams.entry(&p.t).or_default() += p.value;
        }
    }
    assert_eq!(teams.len(), 4, "team figures for the four quarters of 2012");
    for (t, sum) in &teams {
        assert_eq!(Some(sum), totals.get(t), "{t}");
    }
    assert_eq!(totals.get("2012-Q1"), Some(&321.0));
    // Table 5's totals row for 2013, Q1 to Q4, as the paper prints it.
    let year_2013: Vec<f64> = ["2013-Q1", "2013-Q2", "2013-Q3", "2013-Q4"]
        .iter()
        .map(|q| totals.get(*q).copied().unwrap_or(f64::NAN))
        .collect();
    assert_eq!(year_2013, vec![13180.0, 11418.0, 24306.0, 15955.0]);
    assert_eq!(totals.len(), 8);
}

#[test]
fn telco_has_the_regime_and_the_dated_events() {
    let case = telco();
    let regime = case.regime.clone().expect("Table 1");
    assert_eq!(regime.before.aspects.len(), 3);
    assert_eq!(regime.after.aspects.len(), 3);
    assert!(regime.after.focus.contains("algorithmic"));
    let dates: Vec<&str> = case.events.iter().map(|e| e.date.as_str()).collect();
    assert_eq!(
        dates,
        vec!["2012-01", "2012-Q2", "2013-01", "2013-03", "2014-02", "2014-12"]
    );
}

#[test]
fn telco_round_trips_through_the_json_case_format() {
    let case = telco();
    let again = import_file("again.json", case_to_json(&case).as_bytes())
        .expect("re-imports")
        .case;
    assert_eq!(again, case);
}
