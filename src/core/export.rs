//! Exports: the codings as CSV (safe to open in a spreadsheet) and the case with the current
//! coding applied as a JSON case.

use crate::core::coding::{case_with_coding, CodeEntry};
use crate::core::model::Case;
use std::collections::BTreeMap;

/// Makes a cell safe against formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return is prefixed with an apostrophe, which spreadsheets show as text.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn field(cell: &str) -> String {
    let cell = neutralise(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// The codings: one row per action with its id, original kind, current kind, coder, time and memo.
pub fn codings_csv(case: &Case, coding: &BTreeMap<String, CodeEntry>) -> String {
    let mut out = String::from("id,original_kind,current_kind,recoded,coder,time,memo\r\n");
    for action in &case.actions {
        let entry = coding.get(&action.id);
        let current = entry.map_or(action.symbolic, |e| e.kind);
        let row = [
            action.id.as_str(),
            action.symbolic.key(),
            current.key(),
            if current != action.symbolic { "yes" } else { "no" },
            entry.map_or("", |e| e.coder.as_str()),
            entry.map_or("", |e| e.at.as_str()),
            entry.map_or("", |e| e.memo.as_str()),
        ];
        out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The case in the JSON case format with the current coding applied.
pub fn coded_case_json(case: &Case, coding: &BTreeMap<String, CodeEntry>) -> String {
    crate::core::import::json::case_to_json(&case_with_coding(case, coding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"] {
            assert!(neutralise(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralise("plain"), "plain");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
