//! Exports: the codings as CSV (safe to open in a spreadsheet), the case with the current coding
//! applied as a JSON case, the action table template and the blind coding's table.
//!
//! Every CSV export starts with the byte order mark ([`UTF8_BOM`]): without it, Excel guesses the
//! system's legacy encoding and garbles accents.

use crate::core::coding::{case_with_coding, AspectEntry, CodeEntry};
use crate::core::import::UTF8_BOM;
use crate::core::model::{Aspect, Case};
use std::collections::BTreeMap;

/// Makes a cell safe against formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return, also after leading spaces or line feeds (spreadsheets skip those), is
/// prefixed with an apostrophe, which spreadsheets show as text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['\t', '\r']) {
        return format!("'{cell}");
    }
    match cell.trim_start_matches([' ', '\n', '\r', '\t']).chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(cell: &str) -> String {
    let cell = neutralise(cell);
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// The codings: one row per action with its id, original kind, current kind, coder, time and
/// memo; then the same for the aspect; then whether a recode awaits review, and the evidence.
pub fn codings_csv(
    case: &Case,
    coding: &BTreeMap<String, CodeEntry>,
    aspects: &BTreeMap<String, AspectEntry>,
) -> String {
    let mut out = String::from(UTF8_BOM);
    out.push_str(
        "id,original_kind,current_kind,recoded,coder,time,memo,\
         original_aspect,current_aspect,aspect_recoded,aspect_coder,aspect_time,aspect_memo,review,evidence\r\n",
    );
    let aspect_key = |a: Option<Aspect>| a.map_or("", Aspect::key);
    for action in &case.actions {
        let entry = coding.get(&action.id);
        let current = entry.map_or(action.symbolic, |e| e.kind);
        let aspect = aspects.get(&action.id);
        let current_aspect = aspect.map_or(action.aspect, |e| e.aspect);
        let review: Vec<&str> = entry
            .and_then(|e| e.review.as_deref())
            .into_iter()
            .chain(aspect.and_then(|e| e.review.as_deref()))
            .collect();
        let evidence: Vec<String> = action
            .evidence
            .iter()
            .map(|q| {
                let place: Vec<&str> = [q.source.as_str(), q.location.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                if place.is_empty() {
                    format!("\u{201c}{}\u{201d}", q.text)
                } else {
                    format!("\u{201c}{}\u{201d} ({})", q.text, place.join(", "))
                }
            })
            .collect();
        let evidence = evidence.join("; ");
        let review = review.join("; ");
        let row = [
            action.id.as_str(),
            action.symbolic.key(),
            current.key(),
            if current != action.symbolic { "yes" } else { "no" },
            entry.map_or("", |e| e.coder.as_str()),
            entry.map_or("", |e| e.at.as_str()),
            entry.map_or("", |e| e.memo.as_str()),
            aspect_key(action.aspect),
            aspect_key(current_aspect),
            if current_aspect != action.aspect { "yes" } else { "no" },
            aspect.map_or("", |e| e.coder.as_str()),
            aspect.map_or("", |e| e.at.as_str()),
            aspect.map_or("", |e| e.memo.as_str()),
            review.as_str(),
            evidence.as_str(),
        ];
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The case in the JSON case format with the current coding applied (kinds and aspects); its
/// memos and evidence travel with it.
pub fn coded_case_json(
    case: &Case,
    coding: &BTreeMap<String, CodeEntry>,
    aspects: &BTreeMap<String, AspectEntry>,
) -> String {
    crate::core::import::json::case_to_json(&case_with_coding(case, coding, aspects))
}

/// An action table to fill in a spreadsheet: every column the importer reads, and one example
/// row that shows how each is written. It imports as it is.
pub fn table_template() -> String {
    let header = "id,actor,period,action,symbolic,symbolic_note,aim,aspect,triggers,external_triggers,consequence,impact,date,order";
    let rows = [
        [
            "T1",
            "Technologists",
            "Period 1",
            "Present the new tool as a success to management",
            "advocacy",
            "Only the positive results were shown",
            "Gain authority",
            "authority arrangements",
            "",
            "Management push",
            "Management asks incumbents to use the tool",
            "Authority moves towards the technologists",
            "2012-03",
            "1",
        ],
        [
            "I1",
            "Incumbents",
            "Period 1",
            "Attend the training but keep the old way of working",
            "conformity",
            "Appeared to comply, practice unchanged",
            "Defend knowing practices",
            "knowing practices",
            "T1",
            "",
            "",
            "",
            "2012-Q2",
            "2",
        ],
    ];
    let mut out = format!("{UTF8_BOM}{header}\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The blind coding as a table to fill in a spreadsheet: the columns a coder reads and the
/// empty columns they code (`symbolic`, `aspect`, `triggers`, with `aim` and `symbolic_note` for
/// their reasons). It imports as an action table.
pub fn blind_table_csv(case: &Case) -> String {
    let mut out = String::from(UTF8_BOM);
    out.push_str("id,actor,period,date,order,action,symbolic,aspect,triggers,aim,symbolic_note\r\n");
    for a in &case.actions {
        let actor = case.actor(&a.actor).map_or(a.actor.as_str(), |x| x.name.as_str());
        let period = case.period(&a.period).map_or(a.period.as_str(), |x| x.name.as_str());
        let order = a.order.map(|o| o.to_string()).unwrap_or_default();
        let row = [
            a.id.as_str(),
            actor,
            period,
            a.date.as_deref().unwrap_or(""),
            order.as_str(),
            a.description.as_str(),
            "",
            "",
            "",
            "",
            "",
        ];
        out.push_str(&row.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=1+1",
            "+SUM(A1)",
            "-2",
            "@cmd",
            "\tx",
            "\rx",
            "  =1+1",
            "\n=HYPERLINK(1)",
            " \n @cmd",
        ] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("a = b"), "a = b");
        assert_eq!(neutralise("plain"), "plain");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }

    #[test]
    fn the_template_imports_as_it_is() {
        let imported = crate::core::open::import_file("template.csv", table_template().as_bytes()).expect("imports");
        let case = imported.case;
        assert_eq!(case.actions.len(), 2);
        assert_eq!(case.actions[1].triggers, vec!["T1".to_string()]);
        assert_eq!(case.actions[1].aspect, Some(Aspect::KnowingPractices));
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    }
}
