//! CSV/TSV action tables: the form researchers keep in a spreadsheet.
//!
//! One row per action under a header row. Owns [`read_records`] (the `csv` crate, with line numbers
//! and the one check it lacks: a quote left open), the
//! delimiter detection and [`import_csv`], which builds a [`Case`] with actors and periods in order
//! of first appearance. The columns are documented in `docs/FORMAT.md`.

use super::{decode_text, Imported};
use crate::core::date::parse_date;
use crate::core::model::{Action, Actor, Aspect, Case, Period, Symbolic};
use crate::core::report::{ImportError, ImportErrorKind, Location, Warning, WarningKind};
use crate::core::sort::SortErased;
use crate::core::validate;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One record of a delimited file and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line of the record's first character.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

/// Picks the delimiter among comma, semicolon and tab: the one that occurs most often outside
/// quotes in the first record. Ties and none go to the comma.
pub fn detect_delimiter(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => break,
            _ if !in_quotes => {
                for (d, n) in counts.iter_mut() {
                    if *d == c {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    let mut best = counts[0];
    for candidate in counts.iter().skip(1) {
        if candidate.1 > best.1 {
            best = *candidate;
        }
    }
    best.0
}

/// Reads RFC 4180 records with the `csv` crate: fields separated by `delimiter`, records by LF,
/// CRLF or CR, fields in double quotes may hold delimiters, newlines and doubled quotes; a quote
/// inside an unquoted field is kept as a character; blank lines are skipped. Each record keeps
/// the line it starts on. Returns the line where an unclosed quote opened as the error.
pub fn read_records(text: &str, delimiter: char) -> Result<Vec<Record>, usize> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(u8::try_from(delimiter).unwrap_or(b','))
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut last_start = None;
    // Lines are counted from the records' byte offsets, a line break being LF, CRLF or CR.
    let (mut counted_to, mut line) = (0usize, 1usize);
    let bytes = text.as_bytes();
    let mut record = ::csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(|_| line)? {
        // The crate puts a record's start at the line break that ends the record before.
        let mut byte = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
        while byte < bytes.len() && (bytes[byte] == b'\r' || bytes[byte] == b'\n') {
            byte += 1;
        }
        for i in counted_to..byte {
            if bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line += 1;
            }
        }
        counted_to = counted_to.max(byte);
        last_start = Some((line, byte));
        if record.len() == 1 && record[0].is_empty() {
            continue;
        }
        records.push(Record {
            line,
            fields: record
                .iter()
                .map(|f| {
                    if f.contains('\r') {
                        f.replace("\r\n", "\n")
                    } else {
                        f.to_string()
                    }
                })
                .collect(),
        });
    }
    if let Some((line, byte)) = last_start {
        if let Some(open) = text.get(byte..).and_then(|rest| unclosed_quote(rest, delimiter, line)) {
            return Err(open);
        }
    }
    Ok(records)
}

/// The line where a quoted field of the last record opens and is never closed. The `csv` crate
/// reads such a field to the end of the file without a word, so this one check of its quoting
/// state is done here, on the last record only.
fn unclosed_quote(record: &str, delimiter: char, first_line: usize) -> Option<usize> {
    let (mut line, mut in_quotes, mut at_field_start, mut opened) = (first_line, false, true, 0);
    let mut chars = record.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                opened = line;
                at_field_start = false;
            }
            '\n' | '\r' => return None,
            c => at_field_start = c == delimiter,
        }
    }
    in_quotes.then_some(opened)
}

/// The columns Regime Lens reads, by their canonical names.
const KNOWN_COLUMNS: [&str; 14] = [
    "id",
    "actor",
    "period",
    "action",
    "symbolic",
    "symbolic_note",
    "aim",
    "aspect",
    "triggers",
    "consequence",
    "impact",
    "date",
    "order",
    "external_triggers",
];
pub(crate) const REQUIRED_COLUMNS: [&str; 4] = ["id", "actor", "period", "action"];

/// A header name as written to its canonical form: trimmed, lower case, spaces as underscores;
/// `description` is read as `action`.
pub(crate) fn canonical_column(name: &str) -> String {
    let norm = name
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_");
    match norm.as_str() {
        "description" => "action".to_string(),
        "trigger" | "action_trigger" | "action_triggers" => "triggers".to_string(),
        _ => norm,
    }
}

/// True when the first line of `text` names at least two of the action table's required columns
/// (a `.txt` that is a table, not a document to code).
pub fn looks_like_table(text: &str) -> bool {
    let text = text.strip_prefix(super::UTF8_BOM).unwrap_or(text);
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let delimiter = detect_delimiter(first);
    let names: Vec<String> = first
        .split(delimiter)
        .map(|n| canonical_column(n.trim_matches('"')))
        .collect();
    REQUIRED_COLUMNS
        .iter()
        .filter(|c| names.iter().any(|n| n == *c))
        .count()
        >= 2
}

/// True for tokens shaped like action ids: letters, an optional space, digits (`DS12`, `AM 1`).
fn id_shape(token: &str) -> Option<(String, String)> {
    let letters: String = token.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = token[letters.len()..].trim_start();
    if !letters.is_empty() && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
        Some((letters, rest.to_string()))
    } else {
        None
    }
}

/// Imports an action table. See the module docs and `docs/FORMAT.md` for the columns.
pub fn import_csv(file: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    let decoded = decode_text(file, bytes)?;
    let locate = |line: Option<usize>, column: Option<(&str, usize)>| {
        let at = Location::of_file(file).with_line(line);
        match column {
            Some((name, _)) => at.with_column(name),
            None => at,
        }
    };
    let mut warnings = Vec::new();
    if decoded.windows_1252 {
        warnings.push(Warning {
            at: locate(None, None),
            kind: WarningKind::DecodedAsWindows1252,
        });
    }
    let delimiter = detect_delimiter(&decoded.text);
    let records = match read_records(&decoded.text, delimiter) {
        Ok(records) => records,
        Err(line) => {
            return Err(ImportError {
                at: locate(Some(line), None),
                kind: ImportErrorKind::UnterminatedQuote,
            })
        }
    };
    import_records(file, records, &locate, warnings)
}

/// Where a cell of a table is: its line (or row) and, when known, its column's name and index.
pub(crate) type Locate<'a> = dyn Fn(Option<usize>, Option<(&str, usize)>) -> Location + 'a;

/// Builds a case from the records of a table (a header record, then one record per action),
/// whatever they were read from: delimited text or a workbook's sheet. `locate` turns a line and
/// a column into the place an error or warning names.
pub(crate) fn import_records(
    file: &str,
    records: Vec<Record>,
    locate: &Locate<'_>,
    mut warnings: Vec<Warning>,
) -> Result<Imported, ImportError> {
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        return Err(ImportError {
            at: locate(None, None),
            kind: ImportErrorKind::Empty,
        });
    };
    let header_names: Vec<String> = header.fields.iter().map(|h| canonical_column(h)).collect();
    let at = |line: Option<usize>, column: Option<&str>| {
        locate(
            line,
            column.map(|name| (name, header_names.iter().position(|h| h == name).unwrap_or(0))),
        )
    };
    let err = |line: Option<usize>, column: Option<&str>, kind| {
        Err(ImportError {
            at: at(line, column),
            kind,
        })
    };
    let mut column_of: HashMap<&str, usize> = HashMap::new();
    let mut unused = Vec::new();
    for (i, name) in header_names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if column_of.insert(name.as_str(), i).is_some() {
            return err(
                Some(header.line),
                Some(name),
                ImportErrorKind::DuplicateColumn { column: name.clone() },
            );
        }
        if !KNOWN_COLUMNS.contains(&name.as_str()) {
            unused.push(header.fields[i].trim().to_string());
        }
    }
    for required in REQUIRED_COLUMNS {
        if !column_of.contains_key(required) {
            let found = header
                .fields
                .iter()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .collect();
            return err(
                Some(header.line),
                None,
                ImportErrorKind::MissingColumn {
                    column: required.to_string(),
                    found,
                },
            );
        }
    }
    if !unused.is_empty() {
        warnings.push(Warning {
            at: at(Some(header.line), None),
            kind: WarningKind::UnusedColumns { columns: unused },
        });
    }

    // Rows that are empty in every field (what spreadsheets leave at the end) are skipped.
    let rows: Vec<Record> = records
        .filter(|r| r.fields.iter().any(|f| !f.trim().is_empty()))
        .collect();
    if rows.is_empty() {
        return err(Some(header.line), None, ImportErrorKind::NoDataRows);
    }

    // Sized for the rows at once rather than grown row by row (a 3,000-row check touches about
    // 20 fewer pages of memory).
    let mut case = Case {
        title: title_from_file(file),
        source: format!("Imported from {file}"),
        actions: Vec::with_capacity(rows.len()),
        ..Case::default()
    };
    let mut line_of_id: HashMap<String, usize> = HashMap::with_capacity(rows.len());
    let mut raw_triggers: Vec<(usize, String)> = Vec::with_capacity(rows.len());
    // Actor groups and periods met so far (a table may name one per row).
    let mut actors_seen: HashSet<String> = HashSet::new();
    let mut periods_seen: HashSet<String> = HashSet::new();
    for row in &rows {
        if row.fields.len() != header.fields.len() {
            return err(
                Some(row.line),
                None,
                ImportErrorKind::WrongFieldCount {
                    expected: header.fields.len(),
                    found: row.fields.len(),
                },
            );
        }
        let cell = |name: &str| column_of.get(name).map(|&i| row.fields[i].trim()).unwrap_or("");
        let id = cell("id");
        if id.is_empty() {
            return err(Some(row.line), Some("id"), ImportErrorKind::EmptyId);
        }
        if let Some(&first_line) = line_of_id.get(id) {
            return err(
                Some(row.line),
                Some("id"),
                ImportErrorKind::DuplicateId {
                    id: id.to_string(),
                    first_line: Some(first_line),
                },
            );
        }
        for required in ["actor", "period"] {
            if cell(required).is_empty() {
                return err(
                    Some(row.line),
                    Some(required),
                    ImportErrorKind::EmptyValue {
                        column: required.to_string(),
                    },
                );
            }
        }
        let symbolic = match Symbolic::parse_label(cell("symbolic")) {
            Some(s) => s,
            None => {
                return err(
                    Some(row.line),
                    Some("symbolic"),
                    ImportErrorKind::UnknownSymbolic {
                        value: cell("symbolic").to_string(),
                    },
                )
            }
        };
        let aim = cell("aim").to_string();
        let aspect = match cell("aspect") {
            "" => Aspect::infer_from_aim(&aim),
            text => match Aspect::parse_label(text) {
                Some(a) => Some(a),
                None => {
                    return err(
                        Some(row.line),
                        Some("aspect"),
                        ImportErrorKind::UnknownAspect {
                            value: text.to_string(),
                        },
                    )
                }
            },
        };
        let date = match cell("date") {
            "" => None,
            text if parse_date(text).is_some() => Some(text.to_string()),
            text => {
                return err(
                    Some(row.line),
                    Some("date"),
                    ImportErrorKind::InvalidDate {
                        value: text.to_string(),
                    },
                )
            }
        };
        let order = match cell("order") {
            "" => None,
            text => match text.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    return err(
                        Some(row.line),
                        Some("order"),
                        ImportErrorKind::InvalidNumber {
                            value: text.to_string(),
                        },
                    )
                }
            },
        };
        let actor = cell("actor").to_string();
        if actors_seen.insert(actor.clone()) {
            case.actors.push(Actor {
                id: actor.clone(),
                name: actor.clone(),
                role: String::new(),
                memo: String::new(),
            });
        }
        let period = cell("period").to_string();
        if periods_seen.insert(period.clone()) {
            case.periods.push(Period {
                id: period.clone(),
                name: period.clone(),
                start: None,
                end: None,
                impact: BTreeMap::new(),
                memo: String::new(),
            });
        }
        let external_triggers = split_list(cell("external_triggers"));
        line_of_id.insert(id.to_string(), row.line);
        raw_triggers.push((row.line, cell("triggers").to_string()));
        case.actions.push(Action {
            id: id.to_string(),
            actor,
            period,
            description: cell("action").to_string(),
            symbolic,
            symbolic_note: cell("symbolic_note").to_string(),
            aim,
            aspect,
            triggers: Vec::new(),
            external_triggers,
            consequence: cell("consequence").to_string(),
            impact: cell("impact").to_string(),
            date,
            order,
            evidence: Vec::new(),
        });
    }

    // Triggers are resolved once every id is known, so a row may name a later row.
    let id_prefixes: HashSet<String> = case
        .actions
        .iter()
        .filter_map(|a| id_shape(&a.id).map(|(letters, _)| letters.to_uppercase()))
        .collect();
    // Ids without spaces, in upper case (`ds 12` finds `DS12`): made at the first token that
    // is not an id as written.
    let mut compact_ids: Option<HashMap<String, String>> = None;
    let compact = |id: &str| id.replace(' ', "").to_uppercase();
    for (i, (line, text)) in raw_triggers.into_iter().enumerate() {
        for token in split_list(&text) {
            let found = match line_of_id.get_key_value(token.as_str()) {
                Some((id, _)) => Some(id.clone()),
                None => compact_ids
                    .get_or_insert_with(|| case.actions.iter().map(|a| (compact(&a.id), a.id.clone())).collect())
                    .get(&compact(&token))
                    .cloned(),
            };
            let action = &mut case.actions[i];
            if let Some(id) = found {
                if !action.triggers.contains(&id) {
                    action.triggers.push(id);
                }
                continue;
            }
            if let Some((letters, _)) = id_shape(&token) {
                if id_prefixes.contains(&letters.to_uppercase()) {
                    warnings.push(Warning {
                        at: at(Some(line), Some("triggers")),
                        kind: WarningKind::IdLikeExternalTrigger {
                            id: action.id.clone(),
                            token: token.clone(),
                        },
                    });
                }
            }
            action.external_triggers.push(token);
        }
    }

    for mut warning in validate::case_warnings(&case) {
        warning.at.file = file.to_string();
        if let Some(line) = warning_line(&warning.kind, &line_of_id) {
            warning.at = at(Some(line), Some("triggers"));
        }
        warnings.push(warning);
    }
    // In line order, so the list reads down the table; file-wide warnings first.
    warnings.erased_sort_by_key(|w| w.at.line.unwrap_or(0));
    let mut columns: Vec<String> = KNOWN_COLUMNS
        .iter()
        .filter(|c| column_of.contains_key(**c))
        .map(|c| c.to_string())
        .collect();
    // The aspect is read from the aim where the aspect column is absent, and the triggers column
    // holds the external triggers too.
    if column_of.contains_key("aim") && !column_of.contains_key("aspect") {
        columns.push("aspect".into());
    }
    if column_of.contains_key("triggers") && !column_of.contains_key("external_triggers") {
        columns.push("external_triggers".into());
    }
    Ok(Imported {
        case,
        warnings,
        columns: Some(columns),
    })
}

/// The line a validation warning belongs to in the table.
fn warning_line(kind: &WarningKind, line_of_id: &HashMap<String, usize>) -> Option<usize> {
    match kind {
        WarningKind::SelfTrigger { id }
        | WarningKind::TriggerFromLaterPeriod { id, .. }
        | WarningKind::DanglingTrigger { id, .. } => line_of_id.get(id).copied(),
        WarningKind::Cycle { ids } => ids.first().and_then(|id| line_of_id.get(id).copied()),
        _ => None,
    }
}

/// Splits a list cell on `;` and `,`, trimming and dropping empty tokens.
fn split_list(text: &str) -> Vec<String> {
    text.split([';', ','])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// "my-case.csv" → "my-case".
fn title_from_file(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_follow_rfc_4180() {
        let text = "a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",x,y\n";
        let records = read_records(text, ',').expect("parses");
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].fields, vec!["a", "b,c", "d\"e"]);
        assert_eq!(records[1].fields, vec!["multi\nline", "x", "y"]);
        assert_eq!(records[1].line, 2);
    }

    #[test]
    fn line_numbers_count_newlines_inside_quotes() {
        let text = "h1,h2\n\"one\ntwo\",x\nlast,y\n";
        let records = read_records(text, ',').expect("parses");
        assert_eq!(records.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 4]);
    }

    #[test]
    fn an_unclosed_quote_reports_where_it_opened() {
        assert_eq!(read_records("a,b\nc,\"open\nmore\n", ','), Err(2));
    }

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter("id;actor;\"a,b,c,d\"\n"), ';');
        assert_eq!(detect_delimiter("id\tactor\tperiod\n"), '\t');
        assert_eq!(detect_delimiter("id,actor\n"), ',');
        assert_eq!(detect_delimiter("id\n"), ',');
    }

    #[test]
    fn id_shapes() {
        assert_eq!(id_shape("DS12"), Some(("DS".to_string(), "12".to_string())));
        assert_eq!(id_shape("AM 1"), Some(("AM".to_string(), "1".to_string())));
        assert_eq!(id_shape("Resistance at meeting 1"), None);
        assert_eq!(id_shape("12"), None);
    }

    #[test]
    fn header_names_are_canonical() {
        assert_eq!(canonical_column("  Symbolic Note "), "symbolic_note");
        assert_eq!(canonical_column("ID"), "id");
        assert_eq!(canonical_column("Description"), "action");
    }

    #[test]
    fn a_minimal_table_imports_with_triggers_resolved() {
        let csv = "id,actor,period,action,symbolic,triggers\nA1,Incumbents,P1,First,conformity,Outside push\nB1,Technologists,P1,Second,symbolic advocacy,A1; b 2\n";
        let imported = import_csv("t.csv", csv.as_bytes()).expect("imports");
        let case = imported.case;
        assert_eq!(
            case.actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            vec!["Incumbents", "Technologists"]
        );
        assert_eq!(case.actions[1].triggers, vec!["A1"]);
        assert_eq!(case.actions[1].external_triggers, vec!["b 2"]);
        assert_eq!(case.actions[0].external_triggers, vec!["Outside push"]);
        assert_eq!(case.actions[1].symbolic, Symbolic::Advocacy);
        assert!(
            imported
                .warnings
                .iter()
                .any(|w| matches!(&w.kind, WarningKind::IdLikeExternalTrigger { token, .. } if token == "b 2")),
            "{:?}",
            imported.warnings
        );
    }

    #[test]
    fn a_trigger_written_with_spaces_or_in_another_case_finds_its_action() {
        let csv = "id,actor,period,action,symbolic,triggers\nDS12,T,P1,First,advocacy,\nAM 3,I,P1,Second,conformity,ds 12\nAM4,I,P1,Third,conformity,am3; DS12; am4x\n";
        let imported = import_csv("t.csv", csv.as_bytes()).expect("imports");
        let case = imported.case;
        assert_eq!(case.actions[1].triggers, vec!["DS12"]);
        assert_eq!(case.actions[2].triggers, vec!["AM 3", "DS12"]);
        assert_eq!(case.actions[2].external_triggers, vec!["am4x"]);
        assert!(case.actions[1].external_triggers.is_empty());
    }
}
