//! Field material: the documents researchers start from (interview transcripts, field notes,
//! documents), the codebook and coded passages another QDA tool made of them, and notes. Plain
//! data, no behaviour beyond reading a passage out of its source.
//!
//! Positions are counted as REFI-QDA counts them: in characters of the source's plain text
//! (Unicode code points, not bytes and not UTF-16 units), from 0, the end excluded.

use crate::core::model::{Anchor, Aspect, Case, Evidence, Symbolic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A document: its plain text (UTF-8), a name, and the variables another tool gave it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    /// A stable id (the file's GUID for a QDPX source).
    pub id: String,
    /// The name researchers know it by (a file name, "Interview 3").
    pub name: String,
    /// The plain text.
    pub text: String,
    /// Variables and their values ("Gender" → "f").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, String>,
    /// A description or memo of the document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
}

/// A code of a codebook another tool made (kept as it was, beside the Regime Lens codes).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Code {
    /// A stable id (the code's GUID).
    pub id: String,
    /// Its name.
    pub name: String,
    /// The code it sits under, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Its colour (`#RRGGBB`), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    /// Its description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What the researcher said it means in the lens: passages coded so propose actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Meaning>,
}

/// A code of the field material mapped to the lens: a symbolic kind, an aspect, or both (for
/// example "window dressing" → symbolic conformity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Meaning {
    /// The symbolic kind of an action it codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Symbolic>,
    /// The aspect an action it codes targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
}

impl Meaning {
    /// True when it says nothing.
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.aspect.is_none()
    }

    /// The same with the kind of this key ([`Symbolic::key`]); an empty or unknown key: no kind.
    pub fn with_kind_key(self, key: &str) -> Meaning {
        Meaning {
            kind: Symbolic::ALL.into_iter().find(|k| k.key() == key),
            ..self
        }
    }

    /// The same with the aspect of this key ([`Aspect::key`]); an empty or unknown key: none.
    pub fn with_aspect_key(self, key: &str) -> Meaning {
        Meaning {
            aspect: Aspect::ALL.into_iter().find(|a| a.key() == key),
            ..self
        }
    }

    /// In words: "symbolic conformity · knowing practices", or "" when it says nothing.
    pub fn in_words(&self) -> String {
        [self.kind.map(Symbolic::label), self.aspect.map(Aspect::label)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// An action a coded passage proposes, from the meanings of its codes: the researcher confirms
/// it (in the editor, where it can still be changed) or skips it. Nothing is created before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The passage's id.
    pub passage: String,
    /// The passage as a quote pointing back to it.
    pub quote: Evidence,
    /// The kind its codes give (the first code that gives one).
    pub kind: Option<Symbolic>,
    /// The aspect its codes give (the first code that gives one).
    pub aspect: Option<Aspect>,
    /// The names of the mapped codes it was proposed for.
    pub codes: Vec<String>,
}

/// A coded passage: the characters `start..end` of a source, the codes applied to it, who coded
/// it and when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Passage {
    /// A stable id (the selection's GUID).
    pub id: String,
    /// The source's id.
    pub source: String,
    /// The first character.
    pub start: usize,
    /// The character after the last.
    pub end: usize,
    /// The ids of the codes applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Who coded it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub coder: String,
    /// When (ISO 8601).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub at: String,
    /// The coding's memo.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub memo: String,
}

/// A note or memo of the project (not of one passage).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Note {
    /// A stable id (the note's GUID).
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its text.
    #[serde(default)]
    pub text: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub coder: String,
    /// When (ISO 8601).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub at: String,
}

/// The field material of a project.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Library {
    /// The documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The codebook another tool made, parents before their children.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// The coded passages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<Passage>,
    /// Notes and memos.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// The ids of the items of a library (what an edit added, for its undo).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LibraryIds {
    /// Source ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Code ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// Passage ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passages: Vec<String>,
    /// Note ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl LibraryIds {
    /// True when it names nothing.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.codes.is_empty() && self.passages.is_empty() && self.notes.is_empty()
    }
}

/// Appends the items of `from` whose ids `into` does not hold; returns the ids appended.
fn add_new<T: Clone>(into: &mut Vec<T>, from: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    let mut added = Vec::new();
    for item in from {
        if !into.iter().any(|x| id(x) == id(item)) {
            added.push(id(item).to_string());
            into.push(item.clone());
        }
    }
    added
}

impl Library {
    /// Adds what `other` holds and this library does not (by id); returns the ids added.
    pub fn add(&mut self, other: &Library) -> LibraryIds {
        LibraryIds {
            sources: add_new(&mut self.sources, &other.sources, |s| &s.id),
            codes: add_new(&mut self.codes, &other.codes, |c| &c.id),
            passages: add_new(&mut self.passages, &other.passages, |p| &p.id),
            notes: add_new(&mut self.notes, &other.notes, |n| &n.id),
        }
    }

    /// Removes the items of these ids.
    pub fn remove(&mut self, ids: &LibraryIds) {
        self.sources.retain(|s| !ids.sources.contains(&s.id));
        self.codes.retain(|c| !ids.codes.contains(&c.id));
        self.passages.retain(|p| !ids.passages.contains(&p.id));
        self.notes.retain(|n| !ids.notes.contains(&n.id));
    }

    /// The first passage whose source is not in the library or whose positions fall outside its
    /// text, in words.
    pub fn misplaced_passage(&self) -> Option<String> {
        self.passages.iter().find_map(|p| match self.source(&p.source) {
            None => Some(format!(
                "passage {} belongs to no source of the project ({})",
                p.id, p.source
            )),
            Some(s) if chars(&s.text, p.start, p.end).is_none() => Some(format!(
                "passage {} spans characters {} to {}, outside {} ({} characters)",
                p.id,
                p.start,
                p.end,
                s.name,
                s.text.chars().count()
            )),
            Some(_) => None,
        })
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty() && self.codes.is_empty() && self.passages.is_empty() && self.notes.is_empty()
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The actions the coded passages propose, in the order of the sources and of the passages
    /// in each: every passage with a code the researcher mapped to the lens ([`Meaning`]) whose
    /// characters no action of `case` already quotes.
    pub fn proposals(&self, case: &Case) -> Vec<Proposal> {
        // Nothing mapped (the usual case): nothing to look through on each edit.
        if !self.codes.iter().any(|c| c.meaning.is_some()) {
            return Vec::new();
        }
        let quoted: Vec<&Anchor> = case
            .actions
            .iter()
            .flat_map(|a| a.evidence.iter().filter_map(|e| e.passage.as_ref()))
            .collect();
        let mut out = Vec::new();
        for source in &self.sources {
            let mut passages: Vec<&Passage> = self.passages.iter().filter(|p| p.source == source.id).collect();
            passages.sort_by_key(|p| (p.start, p.end));
            for p in passages {
                let mapped: Vec<(&Code, Meaning)> = p
                    .codes
                    .iter()
                    .filter_map(|id| self.codes.iter().find(|c| &c.id == id))
                    .filter_map(|c| c.meaning.filter(|m| !m.is_empty()).map(|m| (c, m)))
                    .collect();
                if mapped.is_empty() {
                    continue;
                }
                let taken = quoted
                    .iter()
                    .any(|a| a.source == p.source && a.start == p.start && a.end == p.end);
                if taken {
                    continue;
                }
                let Some(quote) = self.evidence_at(&p.source, p.start, p.end) else {
                    continue;
                };
                out.push(Proposal {
                    passage: p.id.clone(),
                    quote,
                    kind: mapped.iter().find_map(|(_, m)| m.kind),
                    aspect: mapped.iter().find_map(|(_, m)| m.aspect),
                    codes: mapped.iter().map(|(c, _)| c.name.clone()).collect(),
                });
            }
        }
        out
    }

    /// The text of a passage, if its source holds those characters.
    pub fn passage_text(&self, passage: &Passage) -> Option<&str> {
        self.source(&passage.source)
            .and_then(|s| chars(&s.text, passage.start, passage.end))
    }
}

/// A run of a source's text and the passages that cover all of it (indices into
/// [`Library::passages`]): what the reader shows as plain text or as one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The text of the run.
    pub text: String,
    /// The passages covering it.
    pub passages: Vec<usize>,
    /// It lies in the characters asked to be shown (a quote's passage, opened from the quote).
    pub focus: bool,
}

/// A search hit: where in which source, and the words around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The source's id.
    pub source: String,
    /// The first character of the match.
    pub start: usize,
    /// The character after it.
    pub end: usize,
    /// Up to [`CONTEXT`] characters before the match.
    pub before: String,
    /// The match as written in the source.
    pub matched: String,
    /// Up to [`CONTEXT`] characters after it.
    pub after: String,
    /// The source goes on before `before` (it was cut).
    pub more_before: bool,
    /// The source goes on after `after`.
    pub more_after: bool,
}

/// Characters of context shown on each side of a search hit.
pub const CONTEXT: usize = 40;
/// At most this many hits are listed.
pub const MAX_HITS: usize = 200;

impl Library {
    /// The source's text cut where a passage starts or ends, each run with the passages that
    /// cover it (only the passages coded `code` when one is given).
    pub fn segments(&self, source: &str, code: Option<&str>) -> Vec<Segment> {
        self.segments_around(source, code, None)
    }

    /// [`Library::segments`], also cut where `focus` (characters `start..end`) starts and ends,
    /// the runs inside it marked.
    pub fn segments_around(&self, source: &str, code: Option<&str>, focus: Option<(usize, usize)>) -> Vec<Segment> {
        let Some(s) = self.source(source) else {
            return Vec::new();
        };
        let chars: Vec<char> = s.text.chars().collect();
        let len = chars.len();
        let mine: Vec<(usize, &Passage)> = self
            .passages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.source == source && p.start < p.end && p.end <= len)
            .filter(|(_, p)| code.is_none_or(|c| p.codes.iter().any(|x| x == c)))
            .collect();
        let mut cuts: Vec<usize> = vec![0, len];
        for (_, p) in &mine {
            cuts.push(p.start);
            cuts.push(p.end);
        }
        let focus = focus.filter(|(a, b)| a < b && *b <= len);
        if let Some((a, b)) = focus {
            cuts.push(a);
            cuts.push(b);
        }
        cuts.sort_unstable();
        cuts.dedup();
        cuts.windows(2)
            .map(|w| Segment {
                text: chars[w[0]..w[1]].iter().collect(),
                passages: mine
                    .iter()
                    .filter(|(_, p)| p.start <= w[0] && p.end >= w[1])
                    .map(|(i, _)| *i)
                    .collect(),
                focus: focus.is_some_and(|(a, b)| a <= w[0] && w[1] <= b),
            })
            .collect()
    }

    /// The characters `start..end` of a source as a quote for an action's evidence: its text,
    /// the source's name, where it stands in words, and the anchor back to it. `None` when the
    /// source does not hold those characters.
    pub fn evidence_at(&self, source: &str, start: usize, end: usize) -> Option<Evidence> {
        let s = self.source(source)?;
        let text = chars(&s.text, start, end)?.trim();
        if text.is_empty() {
            return None;
        }
        let line = chars(&s.text, 0, start)?.matches('\n').count() + 1;
        Some(Evidence {
            text: text.to_string(),
            source: s.name.clone(),
            location: format!("line {line}, characters {start}–{end}"),
            passage: Some(Anchor {
                source: source.to_string(),
                start,
                end,
            }),
        })
    }

    /// The names of a passage's codes.
    pub fn code_names(&self, passage: &Passage) -> Vec<String> {
        passage
            .codes
            .iter()
            .map(|id| {
                self.codes
                    .iter()
                    .find(|c| &c.id == id)
                    .map_or_else(|| id.clone(), |c| c.name.clone())
            })
            .collect()
    }

    /// Where `query` occurs in the sources, ignoring case, in source order, at most
    /// [`MAX_HITS`].
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let fold = |c: char| c.to_lowercase().collect::<String>();
        let needle: Vec<String> = query.trim().chars().map(fold).collect();
        if needle.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for s in &self.sources {
            let chars: Vec<char> = s.text.chars().collect();
            let folded: Vec<String> = chars.iter().map(|c| fold(*c)).collect();
            let mut i = 0;
            while i + needle.len() <= chars.len() {
                if folded[i..i + needle.len()] == needle[..] {
                    let end = i + needle.len();
                    hits.push(Hit {
                        source: s.id.clone(),
                        start: i,
                        end,
                        before: chars[i.saturating_sub(CONTEXT)..i].iter().collect(),
                        matched: chars[i..end].iter().collect(),
                        after: chars[end..(end + CONTEXT).min(chars.len())].iter().collect(),
                        more_before: i > CONTEXT,
                        more_after: end + CONTEXT < chars.len(),
                    });
                    if hits.len() == MAX_HITS {
                        return hits;
                    }
                    i = end;
                } else {
                    i += 1;
                }
            }
        }
        hits
    }
}

/// The characters `start..end` of `text` (code points, the end excluded); `None` when the text is
/// shorter or the range is backwards.
pub fn chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let from = byte_at(text, start)?;
    let to = byte_at(text, end)?;
    text.get(from..to)
}

/// The byte offset of character `n` of `text` (its length in bytes for `n` = its length in
/// characters); `None` past the end.
pub fn byte_at(text: &str, n: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "Gérard 🙂 said “no”.";
        assert_eq!(chars(text, 0, 6), Some("Gérard"));
        assert_eq!(chars(text, 7, 8), Some("🙂"));
        assert_eq!(chars(text, 14, 18), Some("“no”"));
        assert_eq!(chars(text, 0, text.chars().count()), Some(text));
        assert_eq!(chars(text, 3, 2), None);
        assert_eq!(chars(text, 0, 99), None);
        assert_eq!(byte_at(text, text.chars().count()), Some(text.len()));
    }
}
