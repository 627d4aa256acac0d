//! The concepts of the regime-of-knowing lens, in a few words each, for the glossary the app
//! links to from the labels where the terms appear.

/// One term: its anchor (`glossary-<slug>`), the term and what it means.
pub struct Term {
    /// The anchor's slug.
    pub slug: &'static str,
    /// The term.
    pub term: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

/// The glossary, in the order a student meets the terms.
pub const GLOSSARY: [Term; 9] = [
    Term {
        slug: "regime-of-knowing",
        term: "Regime of knowing",
        meaning: "The accepted way of knowing in a line of work: what is worth knowing, which actions matter to acquire that knowledge, and who has the authority to decide. It has three intertwined aspects.",
    },
    Term {
        slug: "knowing-practices",
        term: "Knowing practices",
        meaning: "How actors develop and use knowledge in their work (for the account managers: personal contact with customers; for the data scientists: model predictions).",
    },
    Term {
        slug: "valuation-scheme",
        term: "Valuation scheme",
        meaning: "How performance, actions, people, objects and ideas are evaluated (for example, counting the leads registered with the model's code).",
    },
    Term {
        slug: "authority-arrangements",
        term: "Authority arrangements",
        meaning: "Who has a say in how the work is organised and coordinated (for example, management deciding how sales are done).",
    },
    Term {
        slug: "symbolic-conformity",
        term: "Symbolic conformity",
        meaning: "Appearing to comply with a change while keeping one's own practices; in the study, done by the incumbents (the account managers), such as registering leads with the model's code without using the model.",
    },
    Term {
        slug: "symbolic-advocacy",
        term: "Symbolic advocacy",
        meaning: "Promoting a change by presenting only its positive side; in the study, done by the technologists (the data scientists) and management, such as celebrating registration numbers as the model's success.",
    },
    Term {
        slug: "substantive-action",
        term: "Substantive action",
        meaning: "An action that does what it says (not symbolic). Reinforcing links can pass through substantive actions.",
    },
    Term {
        slug: "reinforcing-link",
        term: "Reinforcing link",
        meaning: "Symbolic conformity that triggers symbolic advocacy, or the reverse, directly or through substantive actions only. Each kind feeds the other.",
    },
    Term {
        slug: "reinforcing-chain",
        term: "Reinforcing chain",
        meaning: "A sequence of reinforcing links, conformity and advocacy alternating; the longest chains show how the mechanism carries the regime change from period to period. A chain that comes back to its start is a reinforcing cycle.",
    },
];

/// The anchor of a term's entry, by its slug.
pub fn anchor(slug: &str) -> String {
    format!("glossary-{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_has_a_distinct_anchor_and_a_meaning() {
        let mut slugs: Vec<&str> = GLOSSARY.iter().map(|t| t.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), GLOSSARY.len());
        assert!(GLOSSARY.iter().all(|t| t.meaning.len() > 40));
    }
}
