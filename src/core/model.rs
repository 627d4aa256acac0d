//! The research data: a coded case and its parts.
//!
//! Owns [`Case`], [`Actor`], [`Period`], [`Action`], [`Symbolic`], [`Aspect`], [`Series`],
//! [`Event`] and [`Regime`]. These are plain serde data in the shape of the JSON case format v1
//! (`docs/FORMAT.md`); nothing here knows about files, the browser or analysis.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The `format` tag every JSON case carries.
pub const CASE_FORMAT: &str = "regime-lens/case";
/// The JSON case format version this build reads and writes.
pub const CASE_VERSION: u32 = 2;
/// The oldest JSON case format version this build still reads (version 1 has no evidence and no
/// memos; it reads as a version 2 case without them).
pub const CASE_VERSION_OLDEST: u32 = 1;

/// The symbolic nature of an action, as the researcher coded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Symbolic {
    /// Symbolic conformity: appearing to comply while keeping one's practices (incumbents).
    Conformity,
    /// Symbolic advocacy: presenting only the positive side of the change (technologists).
    Advocacy,
    /// Not symbolic: the action does what it says.
    Substantive,
}

impl Symbolic {
    /// All kinds, in display order.
    pub const ALL: [Symbolic; 3] = [Symbolic::Conformity, Symbolic::Advocacy, Symbolic::Substantive];

    /// The key used in files (`conformity`, `advocacy`, `substantive`).
    pub fn key(self) -> &'static str {
        match self {
            Symbolic::Conformity => "conformity",
            Symbolic::Advocacy => "advocacy",
            Symbolic::Substantive => "substantive",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Symbolic::Conformity => "Symbolic conformity",
            Symbolic::Advocacy => "Symbolic advocacy",
            Symbolic::Substantive => "Substantive",
        }
    }

    /// True for conformity and advocacy.
    pub fn is_symbolic(self) -> bool {
        self != Symbolic::Substantive
    }

    /// Reads a label as researchers write it: `conformity`, `symbolic conformity`, `advocacy`,
    /// `symbolic advocacy`, `substantive`, `none` or empty (substantive), in any case.
    pub fn parse_label(text: &str) -> Option<Symbolic> {
        let norm = normalise_words(text);
        match norm.as_str() {
            "conformity" | "symbolic conformity" | "symbolic_conformity" => Some(Symbolic::Conformity),
            "advocacy" | "symbolic advocacy" | "symbolic_advocacy" => Some(Symbolic::Advocacy),
            "substantive" | "none" | "" => Some(Symbolic::Substantive),
            _ => None,
        }
    }
}

impl fmt::Display for Symbolic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The three intertwined aspects of a regime of knowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    /// How actors develop and use knowledge.
    KnowingPractices,
    /// How actions, people and things are evaluated.
    ValuationScheme,
    /// Who controls how the work is done.
    AuthorityArrangements,
}

impl Aspect {
    /// All aspects, in display order.
    pub const ALL: [Aspect; 3] = [
        Aspect::KnowingPractices,
        Aspect::ValuationScheme,
        Aspect::AuthorityArrangements,
    ];

    /// The key used in files.
    pub fn key(self) -> &'static str {
        match self {
            Aspect::KnowingPractices => "knowing_practices",
            Aspect::ValuationScheme => "valuation_scheme",
            Aspect::AuthorityArrangements => "authority_arrangements",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Aspect::KnowingPractices => "Knowing practices",
            Aspect::ValuationScheme => "Valuation scheme",
            Aspect::AuthorityArrangements => "Authority arrangements",
        }
    }

    /// Reads an aspect in any case, with spaces or underscores (`Valuation scheme`,
    /// `valuation_scheme`); the singular `authority arrangement` and `knowing practice` too.
    pub fn parse_label(text: &str) -> Option<Aspect> {
        let norm = normalise_words(text).replace('_', " ");
        match norm.as_str() {
            "knowing practices" | "knowing practice" => Some(Aspect::KnowingPractices),
            "valuation scheme" | "valuation schemes" => Some(Aspect::ValuationScheme),
            "authority arrangements" | "authority arrangement" => Some(Aspect::AuthorityArrangements),
            _ => None,
        }
    }

    /// The aspect an aim names, if it names exactly one ("Defend knowing practices" names knowing
    /// practices; "Gain authority" names authority arrangements).
    pub fn infer_from_aim(aim: &str) -> Option<Aspect> {
        let norm = normalise_words(aim).replace('_', " ");
        let found: Vec<Aspect> = [
            (Aspect::KnowingPractices, "knowing"),
            (Aspect::ValuationScheme, "valuation"),
            (Aspect::AuthorityArrangements, "authority"),
        ]
        .into_iter()
        .filter(|(_, word)| norm.split(' ').any(|w| w == *word))
        .map(|(a, _)| a)
        .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Reads `null` as the default, as for a missing field: Python and R write missing values as
/// `null`, and an optional field of a case may be absent either way.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Lower-cases, trims, and folds runs of white space to one space.
fn normalise_words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// An actor group (account managers, data scientists, higher management, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// Short id, used by actions.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// The group's role in the change (incumbents, technologists, management, ...).
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub role: String,
    /// The researcher's memo on the group.
    #[serde(
        default,
        deserialize_with = "crate::core::model::null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub memo: String,
}

/// A period of the case's temporal bracketing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Short id, used by actions.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// First date of the period (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Qn`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last date of the period, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// The period's impact on each aspect of the regime, as the case states it.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub impact: BTreeMap<Aspect, String>,
    /// The researcher's memo on the period.
    #[serde(
        default,
        deserialize_with = "crate::core::model::null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub memo: String,
}

/// A quote from the field material that supports the coding of an action.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The quoted text.
    pub text: String,
    /// Where it comes from (an interview, a document, field notes).
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub source: String,
    /// Where in the source (page, line, time stamp).
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub location: String,
    /// The passage it was taken from, when it was taken from a source of the project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passage: Option<Anchor>,
}

/// Where a quote stands in a source of the project: the source's id and the characters
/// `start..end` of its text (code points, as REFI-QDA counts them).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Anchor {
    /// The source's id.
    pub source: String,
    /// The first character.
    pub start: usize,
    /// The character after the last.
    pub end: usize,
}

/// One coded action: a row of the action tables.
///
/// `order` is a float so that researchers can slot 2.5 between 2 and 3; that is why `Action` is
/// only `PartialEq`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Unique id (`DS1`, `AM4`, ...).
    pub id: String,
    /// Id of the actor group that performed it.
    pub actor: String,
    /// Id of the period it belongs to.
    pub period: String,
    /// What was done.
    pub description: String,
    /// The symbolic nature the researcher coded.
    pub symbolic: Symbolic,
    /// Why it is (or is not) symbolic.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub symbolic_note: String,
    /// The aim of the action, in the researcher's words.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub aim: String,
    /// The aspect of the regime the action targets, if coded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
    /// Ids of earlier actions of the case that triggered this one.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub triggers: Vec<String>,
    /// Triggers from outside the case, as free text.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub external_triggers: Vec<String>,
    /// What followed from the action.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub consequence: String,
    /// Its impact on the regime of knowing.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub impact: String,
    /// When it happened, if known (`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Qn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Its place in the sequence, if the table gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<f64>,
    /// Quotes from the field material attached to the action.
    #[serde(
        default,
        deserialize_with = "crate::core::model::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub evidence: Vec<Evidence>,
}

/// One point of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// When (`YYYY-Qn`, `YYYY-MM`, ...).
    pub t: String,
    /// Which group the value belongs to; `Total` for totals.
    pub group: String,
    /// The value.
    pub value: f64,
}

/// A quantitative series that accompanies the case (TelCo: Table 5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    /// Short id.
    pub id: String,
    /// Title for people.
    pub title: String,
    /// Unit of the values.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub unit: String,
    /// The points, in any order.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub points: Vec<SeriesPoint>,
}

/// A dated event of the narrative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    pub date: String,
    /// Optional end, for events that last (fieldwork).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// What happened.
    pub label: String,
}

/// One aspect of a regime: its statement and a representative quote.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegimeAspect {
    /// What the regime holds on this aspect.
    pub statement: String,
    /// A representative quote from the field.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub quote: String,
}

/// A regime of knowing at one moment (Table 1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RegimeState {
    /// When (`2012`, `2015`).
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub when: String,
    /// Its focus in a phrase ("Focus on relationship-based knowing").
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub focus: String,
    /// The three aspects.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub aspects: BTreeMap<Aspect, RegimeAspect>,
}

/// The regime before and after the change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Regime {
    /// Before the change.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub before: RegimeState,
    /// After the change.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub after: RegimeState,
}

/// A whole coded case: what the app loads, shows and analyses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Case {
    /// Title for people.
    pub title: String,
    /// Where the case comes from (a citation).
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub source: String,
    /// Actor groups, in display order.
    pub actors: Vec<Actor>,
    /// Periods, in time order.
    pub periods: Vec<Period>,
    /// Actions, in table order.
    pub actions: Vec<Action>,
    /// Accompanying series.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub series: Vec<Series>,
    /// The regime before and after, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<Regime>,
    /// Dated events of the narrative.
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub events: Vec<Event>,
    /// The researcher's memo on the case as a whole.
    #[serde(
        default,
        deserialize_with = "crate::core::model::null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub memo: String,
}

impl Case {
    /// The action with this id.
    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    /// The period with this id.
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    /// The position of a period in time order.
    pub fn period_index(&self, id: &str) -> Option<usize> {
        self.periods.iter().position(|p| p.id == id)
    }

    /// The position of each action in the table, by action id (for many look-ups).
    pub fn action_indices(&self) -> std::collections::HashMap<&str, usize> {
        self.actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect()
    }

    /// The position of each period in time order, by period id (for many look-ups).
    pub fn period_indices(&self) -> std::collections::HashMap<&str, usize> {
        self.periods
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect()
    }

    /// The position of each actor group in the case's list, by id (for many look-ups).
    pub fn actor_indices(&self) -> std::collections::HashMap<&str, usize> {
        self.actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect()
    }

    /// The number of trigger links between actions of the case.
    pub fn trigger_link_count(&self) -> usize {
        self.actions.iter().map(|a| a.triggers.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbolic_labels_are_read_as_researchers_write_them() {
        assert_eq!(
            Symbolic::parse_label(" Symbolic  Conformity "),
            Some(Symbolic::Conformity)
        );
        assert_eq!(Symbolic::parse_label("ADVOCACY"), Some(Symbolic::Advocacy));
        assert_eq!(Symbolic::parse_label("none"), Some(Symbolic::Substantive));
        assert_eq!(Symbolic::parse_label(""), Some(Symbolic::Substantive));
        assert_eq!(Symbolic::parse_label("symbolic"), None);
    }

    #[test]
    fn aspects_accept_spaces_underscores_and_case() {
        assert_eq!(Aspect::parse_label("Valuation Scheme"), Some(Aspect::ValuationScheme));
        assert_eq!(
            Aspect::parse_label("authority_arrangements"),
            Some(Aspect::AuthorityArrangements)
        );
        assert_eq!(Aspect::parse_label("knowing"), None);
    }

    #[test]
    fn aspect_is_inferred_only_when_the_aim_names_one() {
        assert_eq!(
            Aspect::infer_from_aim("Defend knowing practices"),
            Some(Aspect::KnowingPractices)
        );
        assert_eq!(
            Aspect::infer_from_aim("Gain authority"),
            Some(Aspect::AuthorityArrangements)
        );
        assert_eq!(
            Aspect::infer_from_aim("Promote a new valuation scheme"),
            Some(Aspect::ValuationScheme)
        );
        assert_eq!(Aspect::infer_from_aim("Need to cut costs"), None);
    }
}
