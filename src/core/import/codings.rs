//! Codings tables: the codings CSV that Regime Lens exports
//! ([`crate::core::export::codings_csv`]), read back as one coder's coding.

use super::csv::{detect_delimiter, read_records};
use super::{decode_text, strip_bom};
use crate::core::coding::{coder_name, CoderCoding, Labels};
use crate::core::model::{Aspect, Symbolic};
use crate::core::report::{ImportError, ImportErrorKind, Location};
use std::collections::BTreeMap;

/// How a codings CSV's header starts.
pub const CODINGS_HEADER: &str = "id,original_kind,current_kind";

/// A codings CSV (its header starts [`CODINGS_HEADER`]): the current kind, aspect and memo of
/// each action, as one coder's coding named after the file; it holds no triggers. `None` for any
/// other file.
pub fn read_codings_csv(file: &str, bytes: &[u8]) -> Result<Option<CoderCoding>, ImportError> {
    if !strip_bom(bytes).starts_with(CODINGS_HEADER.as_bytes()) {
        return Ok(None);
    }
    let text = decode_text(file, bytes)?.text;
    let at = |line: usize, column: Option<&str>| {
        let at = Location::of_file(file).with_line(Some(line));
        match column {
            Some(column) => at.with_column(column),
            None => at,
        }
    };
    let records = read_records(&text, detect_delimiter(&text)).map_err(|line| ImportError {
        at: at(line, None),
        kind: ImportErrorKind::UnterminatedQuote,
    })?;
    let Some((header, rows)) = records.split_first() else {
        return Err(ImportError {
            at: at(1, None),
            kind: ImportErrorKind::Empty,
        });
    };
    let col = |name: &str| header.fields.iter().position(|f| f == name);
    let (id, kind, aspect, memo) = (col("id"), col("current_kind"), col("current_aspect"), col("memo"));
    let mut labels = BTreeMap::new();
    for row in rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.fields.get(i)).map_or("", |s| s.trim());
        let action = cell(id);
        if action.is_empty() {
            if row.fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Err(ImportError {
                at: at(row.line, Some("id")),
                kind: ImportErrorKind::EmptyId,
            });
        }
        if row.fields.len() != header.fields.len() {
            return Err(ImportError {
                at: at(row.line, None),
                kind: ImportErrorKind::WrongFieldCount {
                    expected: header.fields.len(),
                    found: row.fields.len(),
                },
            });
        }
        let kind = Symbolic::parse_label(cell(kind)).ok_or_else(|| ImportError {
            at: at(row.line, Some("current_kind")),
            kind: ImportErrorKind::UnknownSymbolic {
                value: cell(kind).to_string(),
            },
        })?;
        let aspect = match cell(aspect) {
            "" => None,
            text => Some(Aspect::parse_label(text).ok_or_else(|| ImportError {
                at: at(row.line, Some("current_aspect")),
                kind: ImportErrorKind::UnknownAspect {
                    value: text.to_string(),
                },
            })?),
        };
        labels.insert(
            action.to_string(),
            Labels {
                kind,
                aspect,
                triggers: None,
                memo: cell(memo).to_string(),
            },
        );
    }
    Ok(Some(CoderCoding {
        coder: coder_name(file),
        source: file.to_string(),
        labels,
    }))
}
