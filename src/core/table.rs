//! The action table's rows: filtering by actor, period and kind, and sorting by a column.
//!
//! Owns [`SortKey`] and [`visible_actions`], so that the table's order is tested natively.

use crate::core::model::{Action, Case, Symbolic};

/// The column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Table order (the case's own order).
    Table,
    /// Id, in natural order (DS2 before DS10).
    Id,
    /// Actor group, in the case's order.
    Actor,
    /// Period, in time order.
    Period,
    /// Symbolic kind.
    Kind,
    /// Aspect.
    Aspect,
}

/// Splits an id into text and number runs so that DS2 sorts before DS10.
pub fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                parts.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
                digits.clear();
            }
            text.push(c);
        }
    }
    parts.push((text, digits.parse().unwrap_or(0)));
    parts
}

/// The rows to show: filtered, then sorted (stable, so ties keep table order).
pub fn visible_actions(
    case: &Case,
    actor: &str,
    period: &str,
    kind: Option<Symbolic>,
    sort: SortKey,
    descending: bool,
) -> Vec<Action> {
    let mut rows: Vec<Action> = case
        .actions
        .iter()
        .filter(|a| actor.is_empty() || a.actor == actor)
        .filter(|a| period.is_empty() || a.period == period)
        .filter(|a| kind.is_none_or(|k| a.symbolic == k))
        .cloned()
        .collect();
    let actor_pos = |id: &str| case.actors.iter().position(|a| a.id == id).unwrap_or(usize::MAX);
    let period_pos = |id: &str| case.period_index(id).unwrap_or(usize::MAX);
    match sort {
        SortKey::Table => {}
        SortKey::Id => rows.sort_by_key(|a| natural_key(&a.id)),
        SortKey::Actor => rows.sort_by_key(|a| actor_pos(&a.actor)),
        SortKey::Period => rows.sort_by_key(|a| period_pos(&a.period)),
        SortKey::Kind => rows.sort_by_key(|a| a.symbolic),
        SortKey::Aspect => rows.sort_by_key(|a| a.aspect.map_or(3, |x| x as usize)),
    }
    if descending {
        rows.reverse();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::json::import_json;

    fn telco() -> Case {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/public/cases/telco.json")).expect("telco.json");
        import_json("telco.json", &bytes).expect("imports").case
    }

    #[test]
    fn natural_order_puts_ds2_before_ds10() {
        let mut ids = vec!["DS10", "DS2", "AM1", "DS1"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(ids, vec!["AM1", "DS1", "DS2", "DS10"]);
    }

    #[test]
    fn filters_combine() {
        let case = telco();
        let rows = visible_actions(&case, "AM", "P2", Some(Symbolic::Conformity), SortKey::Table, false);
        let ids: Vec<&str> = rows.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["AM4", "AM5", "AM7"]);
    }

    #[test]
    fn sorting_by_kind_is_stable_and_reversible() {
        let case = telco();
        let rows = visible_actions(&case, "", "", None, SortKey::Kind, false);
        assert_eq!(rows.first().map(|a| a.id.as_str()), Some("AM1"));
        assert_eq!(rows.last().map(|a| a.id.as_str()), Some("DS11"));
        let reversed = visible_actions(&case, "", "", None, SortKey::Kind, true);
        assert_eq!(reversed.first().map(|a| a.id.as_str()), Some("DS11"));
        let by_id = visible_actions(&case, "", "", None, SortKey::Id, false);
        assert_eq!(
            by_id.iter().map(|a| a.id.as_str()).take(3).collect::<Vec<_>>(),
            vec!["AM1", "AM2", "AM3"]
        );
    }
}
