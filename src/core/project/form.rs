//! The action editor's form as data: its fields as typed, read into an [`Action`] and the edit
//! that saves it, and the search of trigger candidates, kept here so that they are tested natively
//! while the UI only binds the fields.

use super::edit::Op;
use crate::core::model::{Action, Aspect, Case, Evidence, Symbolic};
use crate::core::report::EditError;

/// The action editor's fields as typed, and their conversion to an [`Action`] (kept here so that
/// it is tested natively; the UI only binds the fields).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionForm {
    /// Id.
    pub id: String,
    /// Actor group id (or a new group's name when `new_actor`).
    pub actor: String,
    /// The actor group is new, named by `actor`.
    pub new_actor: bool,
    /// Period id (or a new period's name when `new_period`).
    pub period: String,
    /// The period is new, named by `period`.
    pub new_period: bool,
    /// Description.
    pub description: String,
    /// Symbolic nature: a kind key.
    pub symbolic: String,
    /// Why symbolic.
    pub symbolic_note: String,
    /// Aim.
    pub aim: String,
    /// Aspect: an aspect key, or empty for none.
    pub aspect: String,
    /// Triggers: ids of the case.
    pub triggers: Vec<String>,
    /// External triggers, one per line.
    pub external_triggers: String,
    /// Consequence.
    pub consequence: String,
    /// Impact.
    pub impact: String,
    /// Date, or empty.
    pub date: String,
    /// Order, or empty.
    pub order: String,
    /// The quotes of the action (not edited here; carried so that nothing is lost).
    pub evidence: Vec<Evidence>,
}

impl ActionForm {
    /// A form for a new action: the first actor group and period preselected.
    pub fn new_for(case: &Case) -> Self {
        ActionForm {
            actor: case.actors.first().map(|a| a.id.clone()).unwrap_or_default(),
            new_actor: case.actors.is_empty(),
            period: case.periods.last().map(|p| p.id.clone()).unwrap_or_default(),
            new_period: case.periods.is_empty(),
            symbolic: Symbolic::Substantive.key().into(),
            ..ActionForm::default()
        }
    }

    /// A new action for `case` made from a quote of a source: the quote as its description and
    /// as its evidence (with the anchor back to the passage).
    pub fn from_quote(case: &Case, quote: Evidence) -> Self {
        ActionForm {
            description: quote.text.clone(),
            evidence: vec![quote],
            ..ActionForm::new_for(case)
        }
    }

    /// A new action for `case` from a passage its codes propose ([`Library::proposals`]): the
    /// quote as description and evidence, and the kind and aspect its codes' meanings give.
    ///
    /// [`Library::proposals`]: crate::core::sources::Library::proposals
    pub fn from_proposal(case: &Case, proposal: &crate::core::sources::Proposal) -> Self {
        let mut form = ActionForm::from_quote(case, proposal.quote.clone());
        if let Some(kind) = proposal.kind {
            form.symbolic = kind.key().into();
        }
        if let Some(aspect) = proposal.aspect {
            form.aspect = aspect.key().into();
        }
        form
    }

    /// A form showing an action with its current kind and aspect.
    pub fn from_action(action: &Action, kind: Symbolic, aspect: Option<Aspect>) -> Self {
        ActionForm {
            id: action.id.clone(),
            actor: action.actor.clone(),
            new_actor: false,
            period: action.period.clone(),
            new_period: false,
            description: action.description.clone(),
            symbolic: kind.key().into(),
            symbolic_note: action.symbolic_note.clone(),
            aim: action.aim.clone(),
            aspect: aspect.map_or(String::new(), |a| a.key().into()),
            triggers: action.triggers.clone(),
            external_triggers: action.external_triggers.join("\n"),
            consequence: action.consequence.clone(),
            impact: action.impact.clone(),
            date: action.date.clone().unwrap_or_default(),
            order: action.order.map(|o| o.to_string()).unwrap_or_default(),
            evidence: action.evidence.clone(),
        }
    }

    /// The action the form describes; a field that does not read names itself.
    pub fn to_action(&self) -> Result<Action, EditError> {
        let symbolic = Symbolic::parse_label(&self.symbolic)
            .ok_or_else(|| EditError::invalid("Symbolic nature", "choose conformity, advocacy or substantive."))?;
        let aspect = match self.aspect.trim() {
            "" => None,
            text => Some(Aspect::parse_label(text).ok_or_else(|| {
                EditError::invalid(
                    "Aspect",
                    "choose knowing practices, valuation scheme or authority arrangements, or none.",
                )
            })?),
        };
        let order = match self.order.trim() {
            "" => None,
            text => match text.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    return Err(EditError::invalid(
                        "Order",
                        format!("\"{text}\" is not a number. Write a number such as 3 or 2.5, or leave it empty."),
                    ))
                }
            },
        };
        let date = Some(self.date.trim().to_string()).filter(|d| !d.is_empty());
        Ok(Action {
            id: self.id.trim().to_string(),
            actor: self.actor.trim().to_string(),
            period: self.period.trim().to_string(),
            description: self.description.trim().to_string(),
            symbolic,
            symbolic_note: self.symbolic_note.trim().to_string(),
            aim: self.aim.trim().to_string(),
            aspect,
            triggers: self.triggers.clone(),
            external_triggers: self
                .external_triggers
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            consequence: self.consequence.trim().to_string(),
            impact: self.impact.trim().to_string(),
            date,
            order,
            evidence: self.evidence.clone(),
        })
    }

    /// The edit that saves the form: a new action, or the edit of action `editing`.
    pub fn to_op(&self, editing: Option<&str>) -> Result<Op, EditError> {
        let action = self.to_action()?;
        Ok(match editing {
            None => Op::AddAction {
                action,
                new_actor: self.new_actor,
                new_period: self.new_period,
            },
            Some(id) => Op::UpdateAction {
                id: id.to_string(),
                action,
                new_actor: self.new_actor,
                new_period: self.new_period,
            },
        })
    }
}

/// Ids of the case that match a search, for choosing triggers: by id or description, any case,
/// leaving out `exclude` and those already chosen; at most `limit`.
pub fn trigger_candidates(case: &Case, search: &str, exclude: &str, chosen: &[String], limit: usize) -> Vec<String> {
    let needle = search.trim().to_lowercase();
    case.actions
        .iter()
        .filter(|a| a.id != exclude && !chosen.contains(&a.id))
        .filter(|a| {
            needle.is_empty() || a.id.to_lowercase().contains(&needle) || a.description.to_lowercase().contains(&needle)
        })
        .take(limit)
        .map(|a| a.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builtin::telco;

    #[test]
    fn a_form_round_trips_an_action_and_names_a_bad_field() {
        let case = telco();
        let am4 = case.action("AM4").cloned().expect("AM4");
        let form = ActionForm::from_action(&am4, am4.symbolic, am4.aspect);
        assert_eq!(form.to_action(), Ok(am4.clone()));
        let bad = ActionForm {
            order: "second".into(),
            ..form.clone()
        };
        assert_eq!(bad.to_action().err().as_ref().and_then(EditError::field), Some("Order"));
        let comma = ActionForm {
            order: "2,5".into(),
            external_triggers: " HQ memo \n\n  Budget cut ".into(),
            ..form
        };
        let a = comma.to_action().expect("reads");
        assert_eq!(a.order, Some(2.5));
        assert_eq!(a.external_triggers, vec!["HQ memo", "Budget cut"]);
    }

    #[test]
    fn a_new_form_on_an_empty_case_asks_for_a_new_group_and_period() {
        let form = ActionForm::new_for(&Case::default());
        assert!(form.new_actor && form.new_period);
        let telco_form = ActionForm::new_for(&telco());
        assert!(!telco_form.new_actor);
        assert_eq!(telco_form.actor, "AM");
    }

    #[test]
    fn trigger_search_matches_ids_and_descriptions() {
        let case = telco();
        assert_eq!(
            trigger_candidates(&case, "ds1", "", &[], 5),
            vec!["DS1", "DS10", "DS11"]
        );
        let chosen = vec!["DS10".to_string()];
        assert_eq!(trigger_candidates(&case, "DS1", "DS11", &chosen, 5), vec!["DS1"]);
        assert!(!trigger_candidates(&case, "clm", "", &[], 50).is_empty());
    }
}
