//! Guided tours: steps through a case, as data (`regime-lens/tour`, documented in
//! `docs/FORMAT.md`), so that a teacher can write one for any case. The TelCo tour is built in
//! (`public/cases/telco.tour.json`); another is imported beside its case.

use serde::{Deserialize, Serialize};

/// The `format` of a tour file.
pub const TOUR_FORMAT: &str = "regime-lens/tour";

/// The built-in TelCo tour.
pub const TELCO_TOUR_JSON: &str = include_str!("../../public/cases/telco.tour.json");

/// One step of a tour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Its heading.
    pub title: String,
    /// What the student reads.
    pub text: String,
    /// A short quote from the study.
    #[serde(default)]
    pub quote: String,
    /// The section of the study the quote comes from.
    #[serde(default)]
    pub section: String,
    /// The action selected at this step (its details open), if any.
    #[serde(default)]
    pub select: Option<String>,
    /// The actions emphasised in every view (and the links between them).
    #[serde(default)]
    pub actions: Vec<String>,
    /// The `data-testid` of a panel to bring into view.
    #[serde(default)]
    pub panel: Option<String>,
    /// `recode`: the step invites the student to recode the selected action and undo.
    #[serde(default)]
    pub invite: Option<String>,
}

/// A tour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tour {
    /// Always [`TOUR_FORMAT`].
    pub format: String,
    /// Version 1.
    pub version: u32,
    /// Its title.
    pub title: String,
    /// Where its quotes come from.
    #[serde(default)]
    pub source: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Reads a tour; the error says what is wrong and where.
pub fn read_tour(text: &str) -> Result<Tour, String> {
    let tour: Tour = serde_json::from_str(text).map_err(|e| format!("the tour does not read: {e}"))?;
    if tour.format != TOUR_FORMAT {
        return Err(format!("\"format\" is \"{}\", not \"{TOUR_FORMAT}\"", tour.format));
    }
    if tour.version != 1 {
        return Err(format!("tour version {} is not supported (1 is)", tour.version));
    }
    if tour.steps.is_empty() {
        return Err("the tour has no steps".into());
    }
    Ok(tour)
}

/// The ids a tour names that the case does not have, as `(step number, id)`.
pub fn unknown_ids(tour: &Tour, case: &crate::core::model::Case) -> Vec<(usize, String)> {
    tour.steps
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.select.iter().chain(&s.actions).map(move |id| (i + 1, id.clone())))
        .filter(|(_, id)| case.action(id).is_none())
        .collect()
}

/// True when a file's text is a tour (its top-level `format` says so).
pub fn is_tour(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
    }
    serde_json::from_str::<Head>(text).is_ok_and(|h| h.format.as_deref() == Some(TOUR_FORMAT))
}

/// The tour that goes with `case` once it opens or changes: the tour open beside it (`current`)
/// while every action it names is in the case; otherwise TelCo's own tour for TelCo, and no tour
/// for another case.
pub fn tour_for(case: &crate::core::model::Case, current: Option<Tour>) -> Option<Tour> {
    if current.as_ref().is_some_and(|t| unknown_ids(t, case).is_empty()) {
        current
    } else if crate::core::builtin::is_telco(case) {
        telco_tour()
    } else {
        None
    }
}

/// The built-in TelCo tour (a test checks that it reads).
pub fn telco_tour() -> Option<Tour> {
    read_tour(TELCO_TOUR_JSON).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::telco;

    #[test]
    fn the_telco_tour_reads_names_only_telco_actions_and_invites_a_recode() {
        let tour = telco_tour().expect("reads");
        assert!((9..=12).contains(&tour.steps.len()), "about ten steps");
        assert_eq!(unknown_ids(&tour, &telco()), vec![]);
        assert_eq!(
            tour.steps
                .iter()
                .filter(|s| s.invite.as_deref() == Some("recode"))
                .count(),
            1
        );
        assert!(tour.steps.iter().all(|s| !s.quote.is_empty() && !s.section.is_empty()));
        // Each period is visited.
        let case = telco();
        for p in &case.periods {
            assert!(
                tour.steps.iter().any(|s| s
                    .actions
                    .iter()
                    .any(|id| case.action(id).is_some_and(|a| a.period == p.id))),
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn a_bad_tour_is_refused_with_what_is_wrong() {
        assert!(read_tour("{").is_err());
        assert!(read_tour(r#"{"format":"x","version":1,"title":"t","steps":[]}"#).is_err_and(|e| e.contains("format")));
        assert!(
            read_tour(r#"{"format":"regime-lens/tour","version":1,"title":"t","steps":[]}"#)
                .is_err_and(|e| e.contains("no steps"))
        );
        let tour = read_tour(r#"{"format":"regime-lens/tour","version":1,"title":"t","steps":[{"title":"a","text":"b","actions":["ZZ1"]}]}"#)
            .expect("reads");
        assert_eq!(unknown_ids(&tour, &telco()), vec![(1, "ZZ1".to_string())]);
        assert!(is_tour(TELCO_TOUR_JSON) && !is_tour("{}"));
    }
}
