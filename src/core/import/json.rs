//! The JSON case format v1 (`docs/FORMAT.md`): reading it, with errors that point at the line and
//! the JSON path, and the [`CaseFile`] shape that export writes.

use super::{decode_text, Imported};
use crate::core::model::{
    Action, Actor, Case, Event, Period, Regime, Series, CASE_FORMAT, CASE_VERSION, CASE_VERSION_OLDEST,
};
use crate::core::report::{ImportError, ImportErrorKind, Location, Warning};
use crate::core::validate;
use serde::{Deserialize, Serialize};

/// A case as it is written in a file: the [`Case`] with its format tag and version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseFile {
    /// Always [`CASE_FORMAT`].
    pub format: String,
    /// [`CASE_VERSION`].
    pub version: u32,
    /// See [`Case::title`].
    pub title: String,
    /// See [`Case::source`].
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub source: String,
    /// See [`Case::actors`].
    pub actors: Vec<Actor>,
    /// See [`Case::periods`].
    pub periods: Vec<Period>,
    /// See [`Case::actions`].
    pub actions: Vec<Action>,
    /// See [`Case::series`].
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub series: Vec<Series>,
    /// See [`Case::regime`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regime: Option<Regime>,
    /// See [`Case::events`].
    #[serde(default, deserialize_with = "crate::core::model::null_as_default")]
    pub events: Vec<Event>,
    /// See [`Case::memo`].
    #[serde(
        default,
        deserialize_with = "crate::core::model::null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub memo: String,
}

impl From<Case> for CaseFile {
    fn from(case: Case) -> Self {
        CaseFile {
            format: CASE_FORMAT.to_string(),
            version: CASE_VERSION,
            title: case.title,
            source: case.source,
            actors: case.actors,
            periods: case.periods,
            actions: case.actions,
            series: case.series,
            regime: case.regime,
            events: case.events,
            memo: case.memo,
        }
    }
}

impl From<CaseFile> for Case {
    fn from(file: CaseFile) -> Self {
        Case {
            title: file.title,
            source: file.source,
            actors: file.actors,
            periods: file.periods,
            actions: file.actions,
            series: file.series,
            regime: file.regime,
            events: file.events,
            memo: file.memo,
        }
    }
}

/// Converts serde_json's error into ours, keeping its line and column.
fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    let text = e.to_string();
    let detail = text.split(" at line ").next().unwrap_or(&text).to_string();
    let kind = if detail.contains("recursion limit") {
        ImportErrorKind::TooDeep
    } else if e.is_eof() {
        ImportErrorKind::MalformedJson {
            detail: format!("{detail} (the file ends too early)"),
        }
    } else {
        ImportErrorKind::MalformedJson { detail }
    };
    let at = Location::of_file(file).with_line((e.line() > 0).then_some(e.line()));
    let at = if e.column() > 0 {
        at.with_column(format!("character {}", e.column()))
    } else {
        at
    };
    ImportError::new(at, kind)
}

/// Imports a JSON case. Syntax and structure errors give the line; reference errors the JSON path.
pub fn import_json(file: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let decoded = decode_text(file, bytes)?;
    let text = decoded.text.as_str();
    let fail = |path: String, kind| Err(ImportError::new(Location::of_file(file).with_column(path), kind));

    // First pass: syntax, depth and the format header, so that a case of another version is told
    // so rather than drowned in structure errors. Other fields are skipped without being built.
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let header: Header = match serde_json::from_str(text) {
        Ok(header) => header,
        Err(e) if e.is_data() && !e.to_string().contains("recursion limit") => {
            return fail(
                "(top level)".into(),
                ImportErrorKind::NotACase {
                    detail: "the file holds no JSON object".into(),
                },
            )
        }
        // serde_json words syntax errors best when it builds values; only failures pay for that.
        Err(e) => {
            let e = serde_json::from_str::<serde_json::Value>(text).err().unwrap_or(e);
            return Err(json_error(file, &e));
        }
    };
    match header.format.as_ref().map(|f| f.as_str()) {
        Some(Some(CASE_FORMAT)) => {}
        Some(other) => {
            let shown = other.map_or_else(
                || header.format.as_ref().map(|f| f.to_string()).unwrap_or_default(),
                |s| format!("\"{s}\""),
            );
            return fail(
                "format".into(),
                ImportErrorKind::NotACase {
                    detail: format!("\"format\" is {shown}, expected \"{CASE_FORMAT}\""),
                },
            );
        }
        None => {
            return fail(
                "format".into(),
                ImportErrorKind::NotACase {
                    detail: format!("there is no \"format\": \"{CASE_FORMAT}\""),
                },
            )
        }
    }
    match &header.version {
        Some(v)
            if v.as_u64()
                .is_some_and(|v| (u64::from(CASE_VERSION_OLDEST)..=u64::from(CASE_VERSION)).contains(&v)) => {}
        Some(v) => {
            return fail(
                "version".into(),
                ImportErrorKind::UnknownVersion { found: v.to_string() },
            )
        }
        None => {
            return fail(
                "version".into(),
                ImportErrorKind::UnknownVersion { found: "(none)".into() },
            )
        }
    }

    let case_file: CaseFile = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
    let case = Case::from(case_file);
    check_case(file, &case)?;

    let warnings: Vec<Warning> = validate::case_warnings(&case)
        .into_iter()
        .map(|mut w| {
            w.at.file = file.to_string();
            w
        })
        .collect();
    Ok(Imported {
        case,
        warnings,
        columns: None,
    })
}

/// Checks a case read from JSON (an import's, or the one inside a project file) as every JSON
/// case is checked: each reference it makes is declared; the error names the JSON path.
pub fn check_case(file: &str, case: &Case) -> Result<(), ImportError> {
    validate::check_references(case)
        .map_err(|(path, kind)| ImportError::new(Location::of_file(file).with_column(path), kind))
}

/// Writes a case in the JSON case format v1, pretty-printed.
pub fn case_to_json(case: &Case) -> String {
    // Serialising plain data with string keys cannot fail; an empty string is never produced.
    serde_json::to_string_pretty(&CaseFile::from(case.clone())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"format":"regime-lens/case","version":1,"title":"T",
        "actors":[{"id":"I","name":"Incumbents"}],"periods":[{"id":"P1","name":"One"}],
        "actions":[{"id":"A1","actor":"I","period":"P1","description":"d","symbolic":"conformity"}]}"#;

    #[test]
    fn a_minimal_case_reads_and_round_trips() {
        let imported = import_json("m.json", MINIMAL.as_bytes()).expect("imports");
        assert_eq!(imported.case.actions.len(), 1);
        let again = import_json("m.json", case_to_json(&imported.case).as_bytes()).expect("re-imports");
        assert_eq!(again.case, imported.case);
    }

    #[test]
    fn an_unknown_version_is_named() {
        let text = MINIMAL.replace("\"version\":1", "\"version\":7");
        let err = import_json("v.json", text.as_bytes()).err().map(|e| e.kind);
        assert_eq!(err, Some(ImportErrorKind::UnknownVersion { found: "7".into() }));
    }

    #[test]
    fn a_bad_symbolic_value_gives_its_line() {
        let text = MINIMAL.replace("\"conformity\"", "\"sneaky\"");
        let err = import_json("s.json", text.as_bytes()).expect_err("fails");
        assert_eq!(err.at.line, Some(3));
        assert!(err.to_string().contains("sneaky"), "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = "[".repeat(100_000);
        let err = import_json("d.json", text.as_bytes()).err().map(|e| e.kind);
        assert_eq!(err, Some(ImportErrorKind::TooDeep));
    }
}
