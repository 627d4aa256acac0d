//! Shared by the integration tests.

/// The project's folder, read when the test runs. `env!("CARGO_MANIFEST_DIR")` is fixed when the
/// test is compiled; the cargo target directory is shared by the checkouts on a machine
/// (`scripts/env.sh`), so a test binary that cargo finds fresh may have been compiled in another
/// checkout of the same sources, and would read that checkout's files, or none.
#[allow(dead_code)]
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}

/// Field material for the tests: an interview with accents and an emoji, a code under another,
/// a coded passage and a note.
#[allow(dead_code)]
pub fn interview_library(tag: &str) -> regime_lens::core::sources::Library {
    use regime_lens::core::sources::{Code, Library, Note, Passage, Source};
    Library {
        sources: vec![Source {
            id: format!("src-{tag}"),
            name: format!("Interview {tag}"),
            text: "Kate: “Gérard’s 🙂 show” was for them.".into(),
            variables: [("Role".to_string(), "account manager".to_string())].into(),
            memo: String::new(),
        }],
        codes: vec![
            Code {
                id: format!("code-{tag}"),
                name: "Impression management".into(),
                colour: Some("#FF0000".into()),
                ..Code::default()
            },
            Code {
                id: format!("code-{tag}-wd"),
                name: "Window dressing".into(),
                parent: Some(format!("code-{tag}")),
                ..Code::default()
            },
        ],
        passages: vec![Passage {
            id: format!("pass-{tag}"),
            source: format!("src-{tag}"),
            start: 6,
            end: 17,
            codes: vec![format!("code-{tag}-wd")],
            coder: "ana".into(),
            at: "2026-11-02T10:00:00Z".into(),
            memo: "she smiles".into(),
        }],
        notes: vec![Note {
            id: format!("note-{tag}"),
            name: "Journal".into(),
            text: "Week 1".into(),
            ..Note::default()
        }],
    }
}
