//! Import: bytes of a file to a [`Case`], or an [`ImportError`] that says where and what to do.
//!
//! Owns [`ImportError`], [`Warning`], [`Imported`] and the byte-level checks shared by the CSV and
//! JSON readers (size, binary content, text encodings). [`import_file`] picks the reader from the
//! file name, or from the content when the name says nothing.

pub mod csv;
pub mod json;
pub mod workbook;

use crate::core::model::Case;
pub use crate::core::report::{ImportErrorKind, Location, Warning, WarningKind};
use std::fmt;

/// Files larger than this are refused before any parsing (see [`crate::core::report`]).
pub use crate::core::report::MAX_FILE_BYTES;

/// A successful import: the case and what the researcher should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The imported case.
    pub case: Case,
    /// Warnings: the import went through, but these deserve a look.
    pub warnings: Vec<Warning>,
    /// For a table, the columns it has (canonical names such as `symbolic_note`); `None` for a
    /// JSON case, which states every field. An update from a revised table keeps the fields of
    /// the columns it lacks.
    pub columns: Option<Vec<String>>,
}

/// An import that failed, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where it happened.
    pub at: Location,
    /// What happened.
    pub kind: ImportErrorKind,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.kind)
    }
}

impl std::error::Error for ImportError {}

/// Reads any supported file: `.json` as a JSON case, `.csv`, `.tsv` and `.txt` as an action
/// table, `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` as a workbook; any other name by its
/// content (a zip or OLE2 file as a workbook).
pub fn import_file(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    import_file_sheet(name, bytes, None)
}

/// [`import_file`], reading the named sheet when the file is a workbook.
pub fn import_file_sheet(name: &str, bytes: &[u8], sheet: Option<&str>) -> Result<Imported, ImportError> {
    let lower = name.to_lowercase();
    if lower.ends_with(".qdpx") || (bytes.starts_with(b"PK\x03\x04") && crate::core::qdpx::is_qdpx(bytes)) {
        let project = crate::core::qdpx::read_qdpx(name, bytes)?;
        Ok(Imported {
            case: crate::core::coding::case_with_coding(&project.case, &project.coding, &project.aspects),
            warnings: Vec::new(),
            columns: None,
        })
    } else if lower.ends_with(".json") {
        json::import_json(name, bytes)
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
        csv::import_csv(name, bytes)
    } else if workbook::is_workbook(name, bytes) || bytes.starts_with(b"PK\x03\x04") {
        workbook::import_workbook(name, bytes, sheet)
    } else {
        let first = bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF);
        if first == Some(&b'{') {
            json::import_json(name, bytes)
        } else {
            csv::import_csv(name, bytes)
        }
    }
}

/// Text decoded from a file, and whether the Windows-1252 fallback was used.
pub(crate) struct DecodedText {
    pub text: String,
    pub windows_1252: bool,
}

/// Decodes bytes as UTF-8 (BOM optional), UTF-16 with BOM, or else Windows-1252; refuses large
/// and binary files.
pub(crate) fn decode_text(file: &str, bytes: &[u8]) -> Result<DecodedText, ImportError> {
    let fail = |kind| {
        Err(ImportError {
            at: Location {
                file: file.to_string(),
                ..Location::default()
            },
            kind,
        })
    };
    if bytes.len() > MAX_FILE_BYTES {
        return fail(ImportErrorKind::TooLarge { bytes: bytes.len() });
    }
    // UTF-16 that does not decode cleanly is refused rather than patched with replacement marks.
    let utf16 = |bytes: &[u8], little: bool| -> Option<String> {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let encoding = if little {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|s| s.into_owned())
    };
    let (text, windows_1252) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        match std::str::from_utf8(rest) {
            Ok(s) => (s.to_string(), false),
            Err(_) => (windows_1252_to_string(rest), true),
        }
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        match utf16(rest, true) {
            Some(s) => (s, false),
            None => return fail(ImportErrorKind::BadUtf16),
        }
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        match utf16(rest, false) {
            Some(s) => (s, false),
            None => return fail(ImportErrorKind::BadUtf16),
        }
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), false),
            Err(_) => (windows_1252_to_string(bytes), true),
        }
    };
    if looks_binary(&text) {
        return fail(ImportErrorKind::Binary);
    }
    if text.trim().is_empty() {
        return fail(ImportErrorKind::Empty);
    }
    Ok(DecodedText { text, windows_1252 })
}

/// Text with NUL bytes, or where more than 1 in 10 of the first 4096 characters are control
/// characters other than tab, CR and LF, is taken for binary.
fn looks_binary(text: &str) -> bool {
    if text.contains('\0') {
        return true;
    }
    let sample: Vec<char> = text.chars().take(4096).collect();
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        .count();
    !sample.is_empty() && controls * 10 > sample.len()
}

/// Windows-1252, what Excel writes as "CSV" on Windows (every byte decodes).
fn windows_1252_to_string(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_maps_the_high_half() {
        assert_eq!(windows_1252_to_string(&[0x80, 0x93, 0x94, 0xE9]), "€“”é");
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "id,actor".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode_text("f.csv", &bytes).expect("decodes");
        assert_eq!(decoded.text, "id,actor");
        assert!(!decoded.windows_1252);
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let decoded = decode_text("f.csv", b"id,actor\nA1,Caf\xe9\n").expect("decodes");
        assert!(decoded.windows_1252);
        assert!(decoded.text.contains("Café"));
    }

    #[test]
    fn binary_and_oversized_files_are_refused() {
        let err = decode_text("f.csv", &[0, 1, 2, 3, 0, 0]).err().map(|e| e.kind);
        assert_eq!(err, Some(ImportErrorKind::Binary));
        let big = vec![b'a'; MAX_FILE_BYTES + 1];
        let err = decode_text("big.csv", &big).err().map(|e| e.kind);
        assert_eq!(
            err,
            Some(ImportErrorKind::TooLarge {
                bytes: MAX_FILE_BYTES + 1
            })
        );
    }
}
