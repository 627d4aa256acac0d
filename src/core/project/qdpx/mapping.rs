//! How a project maps onto REFI-QDA (QDA-XML 1.0), shared by the writer and the reader: the
//! namespaces, the variables each action's source carries, the note that carries what QDA-XML has
//! no element for ([`Details`]), and GUIDs derived from what they name (two FNV-1a hashes of a
//! stable key), so that the same project always gives the same file. The mapping and why it was
//! chosen are in `docs/FORMAT.md` ("REFI-QDA").

use crate::core::coding::{CoderCoding, Settlement};
use crate::core::model::{Actor, Event, Period, Regime, Series};
use serde::{Deserialize, Serialize};

/// The namespace of a project file.
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// The namespace of a codebook file.
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
/// The name of the note that carries what QDA-XML has no element for.
pub const DETAILS_NOTE: &str = "Regime Lens: case details";

/// Variables each action source carries, in this order.
pub(super) const VARIABLES: [&str; 14] = [
    "Regime Lens id",
    "Actor",
    "Period",
    "Date",
    "Order",
    "Original kind",
    "Original aspect",
    "Why symbolic",
    "Aim",
    "External triggers",
    "Triggered by",
    "Consequence",
    "Impact",
    // On each case (actor group): the group's id, so that a tool that keeps a case's variables
    // but not its sources (QualCoder) still says which group is which.
    GROUP_VARIABLE,
];

/// The names of Regime Lens's own code groups (its codes are these and their children).
pub(super) const OWN_CODE_GROUPS: [&str; 3] = ["Symbolic kind", "Aspect", EVIDENCE_CODE];

/// The code group under which each action with evidence in the project's sources has a code
/// (named by the action's id) coding its quotes there.
pub(super) const EVIDENCE_CODE: &str = "Regime Lens evidence";

/// True for the name of a note Regime Lens writes of its own (the details, the memos on the
/// case, its groups, periods and codings, evidence quotes), which a QDPX read back as field
/// material leaves out.
pub(super) fn is_own_note_name(name: &str) -> bool {
    name == DETAILS_NOTE
        || name == "Memo on the case"
        || [
            "Memo on actor group ",
            "Memo on period ",
            "Memo on the kind of ",
            "Memo on the aspect of ",
            "Evidence for ",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The variable that gives a case (an actor group) its Regime Lens id.
pub(super) const GROUP_VARIABLE: &str = "Regime Lens group";

/// A GUID derived from a key ([`crate::core::persist::guid`]).
pub(super) fn guid(key: &str) -> String {
    crate::core::persist::guid(key)
}

/// What QDA-XML has no element for, carried in one note as JSON.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Details {
    pub(super) title: String,
    pub(super) source: String,
    #[serde(default)]
    pub(super) actors: Vec<Actor>,
    #[serde(default)]
    pub(super) periods: Vec<Period>,
    #[serde(default)]
    pub(super) series: Vec<Series>,
    #[serde(default)]
    pub(super) regime: Option<Regime>,
    #[serde(default)]
    pub(super) events: Vec<Event>,
    #[serde(default)]
    pub(super) coders: Vec<CoderCoding>,
    #[serde(default)]
    pub(super) settlements: Vec<Settlement>,
    /// The GUIDs of the sources that are field material, not actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) library_sources: Vec<String>,
    /// The GUIDs of the notes of the field material.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) library_notes: Vec<String>,
    /// What the field material's codes mean in the lens, by the codes' GUIDs.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub(super) meanings: std::collections::BTreeMap<String, crate::core::sources::Meaning>,
}

/// True when `text` has the shape of a GUID (`8-4-4-4-12` hex digits).
pub(super) fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The GUID an item of the field material is written under: its id when it is one, else one
/// derived from it.
pub(super) fn library_guid(kind: &str, id: &str) -> String {
    if is_guid(id) {
        id.to_string()
    } else {
        guid(&format!("library:{kind}:{id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_have_the_schema_shape_and_are_stable() {
        let g = guid("source:AM4");
        assert_eq!(g.len(), 36);
        assert_eq!(g, guid("source:AM4"));
        assert_ne!(g, guid("source:AM5"));
        let parts: Vec<usize> = g.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert!(g.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
    }
}
