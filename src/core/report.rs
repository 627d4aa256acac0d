//! The error vocabulary: where something was found ([`Location`]), why a file is refused
//! ([`ImportError`], [`ImportErrorKind`]), why an edit is refused ([`EditError`]), what deserves
//! a second look ([`Warning`]), and what the researcher is told ([`Note`], at a [`Level`]).
//!
//! It stands under every reader, the validator and the project, and imports none of them: a
//! limit a message names travels in its variant (`TooLarge { limit }`, `ExpandsTooFar { limit }`,
//! `UnknownProjectVersion { newest }`), set by whoever enforces it. Every error's place is built
//! the one way, with [`Location::of_file`] and its `with_*` steps.

use crate::core::model::Symbolic;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where in a file something was found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// The file name as the user gave it.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The column: a CSV header name, a JSON path (`actions[3].symbolic`) or a character column.
    pub column: Option<String>,
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The cell of a workbook (`E6`); `line` then holds its row.
    pub cell: Option<String>,
}

impl Location {
    /// Somewhere in `file`, nothing more known yet.
    pub fn of_file(file: &str) -> Self {
        Location {
            file: file.to_string(),
            ..Location::default()
        }
    }

    /// At a 1-based line (or a workbook's row), when known.
    pub fn with_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    /// In a column: a header name, a JSON path or `character N`.
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// On a sheet of a workbook, when known.
    pub fn with_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self
    }

    /// In a cell of a workbook (`E6`).
    pub fn with_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet}")?;
            return match (&self.cell, self.line) {
                (Some(cell), _) => write!(f, ", cell {cell}"),
                (None, Some(row)) => write!(f, ", row {row}"),
                (None, None) => Ok(()),
            };
        }
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        }
        Ok(())
    }
}

/// Why an import failed. Each variant says what to do about it in its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportErrorKind {
    /// The file has no content.
    Empty,
    /// A header but no rows.
    NoDataRows,
    /// A required column is absent.
    MissingColumn { column: String, found: Vec<String> },
    /// The same column twice in the header.
    DuplicateColumn { column: String },
    /// A row without an id.
    EmptyId,
    /// A row without a required value.
    EmptyValue { column: String },
    /// An id used twice.
    DuplicateId { id: String, first_line: Option<usize> },
    /// A symbolic label that is none of the accepted ones.
    UnknownSymbolic { value: String },
    /// An aspect that is none of the three.
    UnknownAspect { value: String },
    /// A date in none of the accepted forms.
    InvalidDate { value: String },
    /// A number that is not one.
    InvalidNumber { value: String },
    /// A row with more or fewer fields than the header.
    WrongFieldCount { expected: usize, found: usize },
    /// A quote opened and never closed.
    UnterminatedQuote,
    /// The file is not text.
    Binary,
    /// The file is larger than the `limit` its reader takes.
    TooLarge { bytes: usize, limit: usize },
    /// UTF-16 text that does not decode.
    BadUtf16,
    /// JSON that does not parse.
    MalformedJson { detail: String },
    /// JSON nested deeper than the parser allows.
    TooDeep,
    /// JSON that is not a Regime Lens case.
    NotACase { detail: String },
    /// A case of a format version this build does not read.
    UnknownVersion { found: String },
    /// A project file of a format version this build does not read (it reads 1 to `newest`).
    UnknownProjectVersion { found: String, newest: u32 },
    /// A workbook the reader could not open or read.
    BadWorkbook { detail: String },
    /// The sheet asked for is not in the workbook.
    NoSuchSheet { sheet: String, sheets: Vec<String> },
    /// No sheet of the workbook has the required columns in its first row.
    NoSheetWithColumns { sheets: Vec<String>, columns: Vec<String> },
    /// A zip (workbook or QDPX) that would unpack to more than the reader's `limit`.
    ExpandsTooFar { bytes: u64, limit: u64 },
    /// A sheet whose used cells span more than the reader's `limit` of cells.
    SheetTooLarge { rows: u64, columns: u64, limit: u64 },
    /// A QDPX file that does not read.
    BadQdpx { detail: String },
    /// A document (`.docx`) that could not be read.
    BadDocument { detail: String },
    /// A QDPX (of another tool) that holds no Regime Lens case.
    NotARegimeLensQdpx { found: String, missing: String },
    /// A cell holds a spreadsheet error (`#DIV/0!`, `#REF!`, ...).
    CellError { value: String },
    /// The app's reader of workbooks and REFI-QDA files (its exchange worker) did not start or
    /// stopped; `detail` says how.
    ReaderFailed { detail: String },
    /// A reference to an actor or period the case does not declare.
    UnknownReference {
        what: String,
        value: String,
        known: Vec<String>,
    },
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        let shown: Vec<&str> = items.iter().take(12).map(String::as_str).collect();
        let more = if items.len() > 12 {
            format!(", … ({} in all)", items.len())
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    }
}

impl fmt::Display for ImportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ImportErrorKind::*;
        match self {
            Empty => write!(f, "the file is empty. Choose a CSV/TSV action table or a JSON case."),
            NoDataRows => write!(f, "the table has a header but no rows of actions. Add one row per action."),
            MissingColumn { column, found } => write!(
                f,
                "required column \"{column}\" is missing (found: {}). Every table needs id, actor, period and action.",
                list_or_none(found)
            ),
            DuplicateColumn { column } => {
                write!(f, "column \"{column}\" appears twice in the header. Rename or remove one of them.")
            }
            EmptyId => write!(f, "the id is empty. Give every action a unique id such as DS1 or AM4."),
            EmptyValue { column } => write!(f, "the {column} is empty. Every action needs one."),
            DuplicateId { id, first_line } => match first_line {
                Some(line) => write!(f, "id \"{id}\" is used again (first on line {line}). Ids must be unique."),
                None => write!(f, "id \"{id}\" is used twice. Ids must be unique."),
            },
            UnknownSymbolic { value } => write!(
                f,
                "unknown symbolic label \"{value}\". Use conformity, advocacy, substantive, none or leave it empty."
            ),
            UnknownAspect { value } => write!(
                f,
                "unknown aspect \"{value}\". Use knowing practices, valuation scheme or authority arrangements, or leave it empty."
            ),
            InvalidDate { value } => {
                write!(f, "invalid date \"{value}\". Write {}.", crate::core::date::DATE_FORMS)
            }
            InvalidNumber { value } => write!(f, "\"{value}\" is not a number. Write a number such as 3 or 2.5, or leave it empty."),
            WrongFieldCount { expected, found } => write!(
                f,
                "this row has {found} fields but the header has {expected}. Check for a stray delimiter or an unquoted value that contains one."
            ),
            UnterminatedQuote => write!(
                f,
                "a quoted field starts here and is never closed. Add the closing \" (write \"\" for a quote inside a field)."
            ),
            Binary => write!(f, "this is not a text file. Export the table from your spreadsheet as CSV (UTF-8) or save the case as JSON."),
            TooLarge { bytes, limit } => write!(
                f,
                "the file is {:.1} MB; the limit is {} MB. Split the case or remove unused columns.",
                *bytes as f64 / 1_048_576.0,
                limit / 1_048_576
            ),
            BadUtf16 => write!(f, "the file starts like UTF-16 text but does not decode. Save it again as UTF-8."),
            MalformedJson { detail } => write!(f, "the JSON does not parse: {detail}. Fix the file or export it again."),
            TooDeep => write!(f, "the JSON is nested too deeply to be a case. Check that this is a Regime Lens case file."),
            NotACase { detail } => write!(f, "this is not a Regime Lens case: {detail}."),
            UnknownVersion { found } => write!(
                f,
                "case format version {found} is not supported; this version of Regime Lens reads version {}. Update Regime Lens or export the case as version {}.",
                crate::core::model::CASE_VERSION,
                crate::core::model::CASE_VERSION
            ),
            UnknownProjectVersion { found, newest } => write!(
                f,
                "project format version {found} is not supported; this version of Regime Lens reads versions 1 to {newest}. Update Regime Lens, or open the project where it was saved and export its case."
            ),
            ReaderFailed { detail } => write!(
                f,
                "the reader of workbooks and REFI-QDA files did not answer ({detail}). Reload the page and try again; if it fails again, save the sheet as CSV (UTF-8) and open that."
            ),
            UnknownReference { what, value, known } => write!(
                f,
                "unknown {what} \"{value}\" (known: {}). Declare it in \"{what}s\" or correct the id.",
                list_or_none(known)
            ),
            BadWorkbook { detail } => write!(
                f,
                "the workbook could not be read ({detail}). Open it in your spreadsheet and save it again as .xlsx or .ods, or export the sheet as CSV."
            ),
            NoSuchSheet { sheet, sheets } => write!(
                f,
                "there is no sheet \"{sheet}\" (sheets: {}). Pick one of those.",
                list_or_none(sheets)
            ),
            NoSheetWithColumns { sheets, columns } => write!(
                f,
                "no sheet has the columns {} in its first row (sheets: {}). Put the action table's header in the first row of a sheet, or pick the sheet.",
                columns.join(", "),
                list_or_none(sheets)
            ),
            ExpandsTooFar { bytes, limit } => write!(
                f,
                "the file would unpack to {} MB, more than the {} MB Regime Lens reads. Save the table on its own, or split it.",
                bytes / 1_048_576,
                limit / 1_048_576
            ),
            SheetTooLarge { rows, columns, limit } => write!(
                f,
                "the sheet's cells span {rows} rows by {columns} columns, more than the {limit} cells Regime Lens reads. A value far below or to the right of the table stretches it: delete it, or copy the action table to a sheet of its own."
            ),
            BadQdpx { detail } => write!(
                f,
                "the QDPX file could not be read: {detail}. Export it again from the tool that made it."
            ),
            BadDocument { detail } => write!(
                f,
                "the document could not be read: {detail}. Save it again as .docx (Word) or as plain text (.txt, UTF-8) and add it again."
            ),
            NotARegimeLensQdpx { found, missing } => write!(
                f,
                "this QDPX holds no Regime Lens case. Found: {found}. Missing: {missing}. Export the action table as CSV or XLSX from the tool instead, or code the case in Regime Lens."
            ),
            CellError { value } => write!(
                f,
                "the cell holds the spreadsheet error {value}. Correct the formula, or type the value, and save again."
            ),
        }
    }
}

/// A file that was not read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    /// Where it happened.
    pub at: Location,
    /// What happened.
    pub kind: ImportErrorKind,
}

impl ImportError {
    /// The error `kind` at `at`.
    pub fn new(at: Location, kind: ImportErrorKind) -> Self {
        ImportError { at, kind }
    }

    /// The error `kind` about `file` as a whole.
    pub fn in_file(file: &str, kind: ImportErrorKind) -> Self {
        ImportError::new(Location::of_file(file), kind)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

impl std::error::Error for ImportError {}

/// Why an edit was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No action has this id.
    UnknownAction { id: String },
    /// A coding decision needs the coder's name.
    NoCoder,
    /// The action already has this kind.
    Unchanged { id: String, kind: Symbolic },
    /// The edit would change nothing.
    NoChange { what: String },
    /// A field holds what the case cannot take; `field` is the editor's label of it.
    Invalid { field: String, message: String },
    /// Nothing to undo.
    NothingToUndo,
    /// Nothing to redo.
    NothingToRedo,
}

impl EditError {
    /// A refusal of `field` with a message that says what to do.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        EditError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The editor's label of the field at fault, if one is.
    pub fn field(&self) -> Option<&str> {
        match self {
            EditError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownAction { id } => write!(f, "no action has the id \"{id}\"."),
            EditError::NoCoder => write!(f, "enter your name as coder first; every recode records who made it."),
            EditError::Unchanged { id, kind } => write!(f, "{id} is already coded {}.", kind.label().to_lowercase()),
            EditError::NoChange { what } => write!(f, "{what}"),
            EditError::Invalid { field, message } => write!(f, "{field}: {message}"),
            EditError::NothingToUndo => write!(f, "there is nothing to undo."),
            EditError::NothingToRedo => write!(f, "there is nothing to redo."),
        }
    }
}

impl std::error::Error for EditError {}

/// How serious something the researcher is told is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something failed; nothing was changed.
    Error,
    /// It worked, but look at this.
    Warning,
    /// For information.
    Info,
}

/// Something to tell the researcher, worded by the core and shown as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// How serious.
    pub level: Level,
    /// The text, shown as text (never as HTML).
    pub text: String,
}

impl Note {
    /// A note at `level`.
    pub fn new(level: Level, text: impl Into<String>) -> Self {
        Note {
            level,
            text: text.into(),
        }
    }
}

/// What a warning is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WarningKind {
    /// The file was not UTF-8 and was read as Windows-1252.
    DecodedAsWindows1252,
    /// An action names itself as its trigger.
    SelfTrigger { id: String },
    /// An action is triggered by an action of a later period.
    TriggerFromLaterPeriod { id: String, trigger: String },
    /// Actions trigger each other in a circle.
    Cycle { ids: Vec<String> },
    /// A trigger token shaped like an id of the table that is no action; kept as an external trigger.
    IdLikeExternalTrigger { id: String, token: String },
    /// A trigger id of a JSON case that names no action.
    DanglingTrigger { id: String, trigger: String },
    /// Columns the importer does not use.
    UnusedColumns { columns: Vec<String> },
    /// A workbook has several sheets; this one was read.
    SheetChosen { sheet: String, others: Vec<String> },
    /// A QDPX has no Regime Lens details note (a tool dropped it): what was rebuilt without it.
    QdpxNoDetails { rebuilt: String },
    /// Actions of a QDPX whose source has no text.
    QdpxNoText { ids: Vec<String> },
    /// A QDPX of several actions with no trigger link at all (no `Link`, no "Triggered by").
    QdpxNoLinks { actions: usize },
    /// What a file of field material holds that a project does not keep (pictures, media, sets).
    NotKept { items: Vec<String> },
}

/// Something an import let through but the researcher should check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Where, when known.
    pub at: Location,
    /// What.
    pub kind: WarningKind,
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use WarningKind::*;
        match self {
            DecodedAsWindows1252 => write!(
                f,
                "the file is not valid UTF-8 and was read as Windows-1252 (what Excel writes). Check accented letters; save as \"CSV UTF-8\" to avoid this."
            ),
            SelfTrigger { id } => write!(f, "{id} names itself as its trigger; that link is ignored by the analysis."),
            TriggerFromLaterPeriod { id, trigger } => {
                write!(f, "{id} is triggered by {trigger}, which belongs to a later period. Check the periods or the trigger.")
            }
            Cycle { ids } => write!(
                f,
                "{} trigger each other in a cycle ({} → {}). Triggers should point back in time.",
                ids.join(", "),
                ids.join(" → "),
                ids.first().map(String::as_str).unwrap_or("")
            ),
            IdLikeExternalTrigger { id, token } => write!(
                f,
                "{id} is triggered by \"{token}\", which looks like an action id but no action has it; kept as an external trigger."
            ),
            DanglingTrigger { id, trigger } => {
                write!(f, "{id} is triggered by \"{trigger}\", but no action has that id; the link is ignored.")
            }
            UnusedColumns { columns } => write!(f, "columns not used by Regime Lens: {}.", columns.join(", ")),
            SheetChosen { sheet, others } => write!(
                f,
                "the action table was read from sheet \"{sheet}\"; the workbook also has {}. Pick another sheet to read that one.",
                others.join(", ")
            ),
            QdpxNoDetails { rebuilt } => write!(
                f,
                "it carries no \"Regime Lens: case details\" note (the tool that wrote it dropped it), so the case's title and source, the groups' roles and memos, the periods' dates, the regime before and after, events, series and team codings are not in it. Rebuilt from the file: {rebuilt}. Open the QDPX Regime Lens exported to keep them all."
            ),
            QdpxNoText { ids } => write!(
                f,
                "{} of its actions have no text ({}), so their descriptions are empty. Check that the tool exported the sources' text (REFI-QDA keeps it in sources/*.txt or inline).",
                ids.len(),
                list_or_none(ids)
            ),
            NotKept { items } => write!(
                f,
                "it also holds what Regime Lens does not keep: {}. A QDPX exported from here will not carry them; keep the other tool's project for them.",
                items.join(", ")
            ),
            QdpxNoLinks { actions } => write!(
                f,
                "it holds no trigger link between its {actions} actions (no Link element, no \"Triggered by\" variable), so the network shows no links and no chains. The tool that wrote it may drop links; add the triggers in the app or open the Regime Lens export."
            ),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.at, self.kind)
    }
}
