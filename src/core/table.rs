//! The action table's rows: filtering by actor, period and kind, and sorting by a column.
//!
//! Owns [`SortKey`] and [`visible_actions`], so that the table's order is tested natively.

use crate::core::model::{Case, Symbolic};
use crate::core::sort::{natural_key, SortErased};

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

/// The rows to show, as action indices: filtered, then sorted (stable, so ties keep table
/// order). `kinds` is the current coding (the kind filter and sort use it).
pub fn visible_actions(
    case: &Case,
    kinds: &[Symbolic],
    actor: &str,
    period: &str,
    kind: Option<Symbolic>,
    sort: SortKey,
    descending: bool,
) -> Vec<usize> {
    let kind_of = |i: usize| kinds.get(i).copied().unwrap_or(case.actions[i].symbolic);
    let mut rows: Vec<usize> = (0..case.actions.len())
        .filter(|&i| actor.is_empty() || case.actions[i].actor == actor)
        .filter(|&i| period.is_empty() || case.actions[i].period == period)
        .filter(|&i| kind.is_none_or(|k| kind_of(i) == k))
        .collect();
    let actor_pos = |id: &str| case.actors.iter().position(|a| a.id == id).unwrap_or(usize::MAX);
    let period_pos = |id: &str| case.period_index(id).unwrap_or(usize::MAX);
    match sort {
        SortKey::Table => {}
        SortKey::Id => rows.erased_sort_by_cached_key(|&i| natural_key(&case.actions[i].id)),
        SortKey::Actor => rows.erased_sort_by_key(|&i| actor_pos(&case.actions[i].actor)),
        SortKey::Period => rows.erased_sort_by_key(|&i| period_pos(&case.actions[i].period)),
        SortKey::Kind => rows.erased_sort_by_key(|&i| kind_of(i)),
        SortKey::Aspect => rows.erased_sort_by_key(|&i| case.actions[i].aspect.map_or(3, |x| x as usize)),
    }
    if descending {
        rows.reverse();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::builtin::telco;

    #[test]
    fn natural_order_puts_ds2_before_ds10() {
        let mut ids = vec!["DS10", "DS2", "AM1", "DS1"];
        ids.erased_sort_by_key(|id| natural_key(id));
        assert_eq!(ids, vec!["AM1", "DS1", "DS2", "DS10"]);
    }

    #[test]
    fn filters_combine() {
        let case = telco();
        let kinds: Vec<Symbolic> = case.actions.iter().map(|a| a.symbolic).collect();
        let ids = |rows: Vec<usize>| rows.iter().map(|&i| case.actions[i].id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(visible_actions(
                &case,
                &kinds,
                "AM",
                "P2",
                Some(Symbolic::Conformity),
                SortKey::Table,
                false
            )),
            vec!["AM4", "AM5", "AM7"]
        );
        // The kind filter follows the current coding.
        let mut recoded = kinds.clone();
        recoded[case.actions.iter().position(|a| a.id == "AM4").expect("AM4")] = Symbolic::Substantive;
        assert_eq!(
            ids(visible_actions(
                &case,
                &recoded,
                "AM",
                "P2",
                Some(Symbolic::Conformity),
                SortKey::Table,
                false
            )),
            vec!["AM5", "AM7"]
        );
    }

    #[test]
    fn sorting_by_kind_is_stable_and_reversible() {
        let case = telco();
        let kinds: Vec<Symbolic> = case.actions.iter().map(|a| a.symbolic).collect();
        let id = |i: usize| case.actions[i].id.as_str();
        let rows = visible_actions(&case, &kinds, "", "", None, SortKey::Kind, false);
        assert_eq!(rows.first().map(|&i| id(i)), Some("AM1"));
        assert_eq!(rows.last().map(|&i| id(i)), Some("DS11"));
        let reversed = visible_actions(&case, &kinds, "", "", None, SortKey::Kind, true);
        assert_eq!(reversed.first().map(|&i| id(i)), Some("DS11"));
        let by_id = visible_actions(&case, &kinds, "", "", None, SortKey::Id, false);
        assert_eq!(
            by_id.iter().map(|&i| id(i)).take(3).collect::<Vec<_>>(),
            vec!["AM1", "AM2", "AM3"]
        );
    }
}
