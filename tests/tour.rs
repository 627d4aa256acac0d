//! The TelCo tour quotes the study word for word.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use regime_lens::core::tour::telco_tour;

#[test]
fn every_quote_of_the_telco_tour_is_in_the_study() {
    // The study's text is shared beside the project (`../shared`), not kept in it; a checkout
    // elsewhere on this machine finds it at /work/shared, or where REGIME_LENS_SHARED says.
    let file = "sources/003_996c38a5d1c48ad7.txt";
    let places = [
        std::env::var("REGIME_LENS_SHARED").unwrap_or_default(),
        common::manifest_dir().join("../shared").display().to_string(),
        "/work/shared".to_string(),
    ];
    let paper = places
        .iter()
        .filter(|p| !p.is_empty())
        .find_map(|p| std::fs::read_to_string(format!("{p}/{file}")).ok())
        .unwrap_or_else(|| panic!("the study's text ({file}) is in none of {places:?}"));
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let paper = squash(&paper);
    for step in telco_tour().expect("reads").steps {
        assert!(paper.contains(&squash(&step.quote)), "not in the study: {}", step.quote);
    }
}
