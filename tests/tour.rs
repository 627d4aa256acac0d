//! The TelCo tour quotes the study word for word.
#![cfg(not(target_arch = "wasm32"))]

use regime_lens::core::tour::telco_tour;

#[test]
fn every_quote_of_the_telco_tour_is_in_the_study() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/sources/003_996c38a5d1c48ad7.txt"
    );
    let paper = std::fs::read_to_string(path).expect("the study's text");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let paper = squash(&paper);
    for step in telco_tour().expect("reads").steps {
        assert!(paper.contains(&squash(&step.quote)), "not in the study: {}", step.quote);
    }
}
