//! Documents as sources: plain text (`.txt`), Markdown (`.md`, kept as its text) and Word
//! (`.docx`). A text file is decoded as every text file is ([`super::decode_text`]); a `.docx` is
//! read with `zip` and `quick-xml`: its paragraphs (`w:p`) become lines, tabs and line breaks
//! inside them stay. Written here rather than taken from a crate: the Word crates either write
//! documents or read them into a full model; the text of the paragraphs is all a source needs.

use super::{check_expansion, decode_text, ZIP_MAGIC};
use crate::core::report::{ImportError, ImportErrorKind};
use crate::core::sources::Source;
use quick_xml::events::Event as XmlEvent;
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// True when the file's name says it is a document a source is made of.
pub fn is_document_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".txt", ".md", ".markdown", ".docx"].iter().any(|e| lower.ends_with(e))
}

/// A document as a source named after its file (the name without its folder and extension).
pub fn read_document(file: &str, bytes: &[u8]) -> Result<Source, ImportError> {
    if file.to_lowercase().ends_with(".docx") || bytes.starts_with(ZIP_MAGIC) {
        source_of(file, docx_text(file, bytes)?)
    } else {
        read_text_document(file, bytes)
    }
}

/// [`read_document`] of a text file (`.txt`, `.md`): no Word reader, so the app's own module
/// carries none (a `.docx` is a zip, read in the exchange worker).
pub fn read_text_document(file: &str, bytes: &[u8]) -> Result<Source, ImportError> {
    source_of(file, decode_text(file, bytes)?.text)
}

/// The source a document's text makes, named after its file.
fn source_of(file: &str, text: String) -> Result<Source, ImportError> {
    let text = text.replace("\r\n", "\n");
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let name = base.rsplit_once('.').map_or(base, |(stem, _)| stem).to_string();
    Ok(Source {
        // A GUID, as REFI-QDA needs for a source; the same document gives the same one.
        id: crate::core::persist::guid(&format!("document\u{1}{file}\u{1}{text}")),
        name: if name.is_empty() { base.to_string() } else { name },
        text,
        ..Source::default()
    })
}

/// The text of a Word document: one line per paragraph.
fn docx_text(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    let bad = |detail: String| ImportError::in_file(file, ImportErrorKind::BadDocument { detail });
    check_expansion(bytes).map_err(|kind| ImportError::in_file(file, kind))?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| bad(format!("it is not a Word document (.docx): not a zip ({e})")))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|_| bad("it holds no word/document.xml, so it is not a Word document (.docx)".into()))?
        .read_to_string(&mut xml)
        .map_err(|e| bad(format!("word/document.xml is not UTF-8 text ({e})")))?;
    let mut reader = Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    let mut paragraphs = 0usize;
    loop {
        match reader.read_event() {
            Ok(XmlEvent::Start(e)) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "p" if paragraphs > 0 => out.push('\n'),
                _ => {}
            },
            Ok(XmlEvent::End(e)) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => paragraphs += 1,
                _ => {}
            },
            Ok(XmlEvent::Empty(e)) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                // An empty paragraph is an empty line.
                "p" => {
                    if paragraphs > 0 {
                        out.push('\n');
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Ok(XmlEvent::Text(t)) if in_text => {
                out.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Ok(XmlEvent::GeneralRef(r)) if in_text => {
                if let Some(c) = super::entity_char(&r) {
                    out.push(c);
                }
            }
            Ok(XmlEvent::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(bad(format!(
                    "word/document.xml does not parse at byte {}: {e}",
                    reader.error_position()
                )))
            }
        }
    }
    if out.trim().is_empty() {
        return Err(ImportError::in_file(file, ImportErrorKind::Empty));
    }
    Ok(out)
}
