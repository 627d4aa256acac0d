//! Import: bytes of a file to a [`Case`] (or, for a codings table, to one coder's coding), or an
//! [`ImportError`] that says where and what to do. Each reader returns a case or codings, never a
//! project: opening a project file or a QDPX, and choosing the reader for a file (a text file's
//! too, `open::import_text`), is [`crate::core::open`]'s.
//!
//! Owns [`Imported`] and the byte-level rules every reader shares: the size limits
//! ([`MAX_FILE_BYTES`], [`MAX_EXPANDED_BYTES`]), the one UTF-8 byte order mark rule
//! ([`strip_bom`]), binary content and the text encodings ([`decode_text`]).

pub mod codings;
pub mod csv;
pub mod document;
pub mod json;
pub mod workbook;

use crate::core::model::Case;
use crate::core::report::{ImportError, ImportErrorKind, Warning};
use serde::{Deserialize, Serialize};
use std::io::Cursor;

/// Files larger than this are refused before any parsing.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// A zip may expand to at most this many bytes: a small file that unpacks to gigabytes (a "zip
/// bomb") is refused before anything is unpacked.
pub const MAX_EXPANDED_BYTES: u64 = 100 * 1024 * 1024;

/// A workbook's sheet may span at most this many cells, counted from its first used row to its
/// last and from its first column to its last used one: a few cells far apart must not make a
/// sheet of billions. 50,000 actions of 100 columns fill it; read, they take about 300 MB.
pub const MAX_SHEET_CELLS: u64 = 5_000_000;

/// The first bytes of a zip (a QDPX, an XLSX or an ODS).
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// The UTF-8 byte order mark, which spreadsheets write at the start of a "CSV UTF-8" file (and
/// every CSV export writes, so that Excel reads it as UTF-8).
pub const UTF8_BOM: &str = "\u{feff}";

/// A successful import: the case and what the researcher should know about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// The bytes without the UTF-8 byte order mark they may start with: the one rule of every reader
/// that looks at a file's first bytes.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM.as_bytes()).unwrap_or(bytes)
}

/// The first byte of a text file that is no whitespace (after its byte order mark, if any).
pub fn first_byte(bytes: &[u8]) -> Option<u8> {
    strip_bom(bytes).iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// True when the name ends with the extension of a text format: `.json`, `.csv`, `.tsv`, `.txt`.
pub fn is_text_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".json", ".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e))
}

/// Refuses a file larger than [`MAX_FILE_BYTES`].
pub fn check_size(bytes: &[u8]) -> Result<(), ImportErrorKind> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportErrorKind::TooLarge {
            bytes: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// Refuses a zip whose entries, as its directory declares them, expand past
/// [`MAX_EXPANDED_BYTES`]. Not a zip: nothing to check here (the reader says what it is).
pub fn check_expansion(bytes: &[u8]) -> Result<(), ImportErrorKind> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_EXPANDED_BYTES {
        return Err(ImportErrorKind::ExpandsTooFar {
            bytes: total,
            limit: MAX_EXPANDED_BYTES,
        });
    }
    Ok(())
}

/// The character an XML entity or character reference stands for (`&amp;`, `&#233;`), for the
/// readers of XML (REFI-QDA, Word); `None` for an entity XML does not define.
pub fn entity_char(r: &quick_xml::events::BytesRef) -> Option<char> {
    match r.clone().into_inner().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => r.resolve_char_ref().ok().flatten(),
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
    let fail = |kind| Err(ImportError::in_file(file, kind));
    if let Err(kind) = check_size(bytes) {
        return fail(kind);
    }
    // UTF-16 that does not decode cleanly is refused rather than patched with replacement marks.
    let utf16 = |bytes: &[u8], little: bool| -> Option<String> {
        if !bytes.len().is_multiple_of(2) {
            return None;
        }
        let units = bytes.chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().ok()
    };
    let (text, windows_1252) = if let Some(rest) = bytes.strip_prefix(UTF8_BOM.as_bytes()) {
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

/// Windows-1252, what Excel writes as "CSV" on Windows (every byte decodes): Latin-1 but for
/// 0x80–0x9F, which hold the characters of [`WINDOWS_1252_HIGH`].
///
/// Written out rather than asked of `encoding_rs`: its decoders are chosen at run time among every
/// encoding it knows, so one call links all their tables (about 110 KB of the app's module
/// gzipped, East Asian ones included). The table is the WHATWG index that `encoding_rs` follows;
/// a test compares every byte with it, and UTF-16 is decoded by the standard library.
pub(crate) fn windows_1252_to_string(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// What the bytes 0x80–0x9F stand for in Windows-1252 (five of them are unassigned and stand for
/// themselves, as in the WHATWG index).
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_reads_every_byte_as_encoding_rs_does() {
        let all: Vec<u8> = (0..=255).collect();
        let expected = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&all).0;
        assert_eq!(windows_1252_to_string(&all), expected);
    }

    #[test]
    fn utf16_reads_as_encoding_rs_does_and_refuses_what_it_refuses() {
        // Seeded pseudo-random byte strings, rich in surrogates (0xD8–0xDF), both byte orders.
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let (mut refused, mut read) = (0, 0);
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 4 {
                    0 => 0xD8 + (next() % 8) as u8,
                    1 => 0,
                    _ => next() as u8,
                })
                .collect();
            for (bom, encoding) in [
                ([0xFF, 0xFE], encoding_rs::UTF_16LE),
                ([0xFE, 0xFF], encoding_rs::UTF_16BE),
            ] {
                let mut file = bom.to_vec();
                file.extend_from_slice(b"i\0d\0");
                file.extend_from_slice(&bytes);
                let body = &file[2..];
                let expected = if body.len() % 2 == 0 {
                    encoding.decode_without_bom_handling_and_without_replacement(body)
                } else {
                    None
                };
                let got = decode_text("f.csv", &file);
                match expected {
                    None => {
                        refused += 1;
                        assert_eq!(got.err().map(|e| e.kind), Some(ImportErrorKind::BadUtf16), "{bytes:?}");
                    }
                    Some(text) => match got {
                        Ok(d) => {
                            read += 1;
                            assert_eq!(d.text, text, "{bytes:?}");
                        }
                        // Text that looks binary is refused, however it was decoded.
                        Err(e) => assert!(looks_binary(&text) && e.kind == ImportErrorKind::Binary, "{bytes:?}"),
                    },
                }
            }
        }
        assert!(refused > 1_000 && read > 1_000, "refused {refused}, read {read}");
    }

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
                bytes: MAX_FILE_BYTES + 1,
                limit: MAX_FILE_BYTES
            })
        );
    }
}
