//! What the app's exchange worker and the app say to each other.
//!
//! Workbooks (XLSX, XLSM, XLSB, XLS, ODS) and REFI-QDA files (QDPX, QDC) are read and written in a
//! second wasm module that runs in a Web Worker (`src/exchange.rs`), started when a file button
//! is pointed at or such a file is first read. Their readers and writers (`calamine`, `zip` and
//! its deflate, `quick-xml`, and the legacy code pages `encoding_rs` holds for old XLS files)
//! were about a sixth of the app's module, 216 KB gzipped, which every visit downloaded whether
//! it opened a workbook or not; in the worker, a big workbook is also read without holding the
//! page.
//!
//! The app decides which files go there ([`crate::core::open::is_exchange_file`]) and reads
//! every other one itself ([`crate::core::open::load_text_file`]). The worker answers a read
//! with [`load_reply`], a JSON text the app turns back into what [`load_file_sheet`] returns with
//! [`read_load_reply`]; a project travels as its project file ([`Project::to_json`]). Both sides
//! are plain functions of text and bytes, tested here natively; the worker and the app only carry
//! the messages.

use crate::core::import::Imported;
use crate::core::open::{load_file_sheet, Loaded};
use crate::core::project::Project;
use crate::core::report::{ImportError, ImportErrorKind, Warning};
use serde::{Deserialize, Serialize};

/// A read's answer as it crosses to the app.
#[derive(Serialize, Deserialize)]
enum Reply {
    /// A project, as its project file, and its warnings.
    Project(String, Vec<Warning>),
    /// A case and its warnings.
    Case(Box<Imported>),
    /// Why the file was not read.
    Error(ImportError),
}

/// Reads a file as [`load_file_sheet`] does and gives the answer as text for the app (in the
/// worker).
pub fn load_reply(name: &str, bytes: &[u8], sheet: Option<&str>) -> String {
    let reply = match load_file_sheet(name, bytes, sheet) {
        Ok(Loaded::Project(project, warnings)) => Reply::Project(project.to_json(), warnings),
        Ok(Loaded::Case(imported)) => Reply::Case(imported),
        Err(error) => Reply::Error(error),
    };
    // Plain data with string keys always serialises.
    serde_json::to_string(&reply).unwrap_or_default()
}

/// The worker's answer to a read of `name`, as [`load_file_sheet`] gave it (in the app).
pub fn read_load_reply(name: &str, reply: &str) -> Result<Loaded, ImportError> {
    match serde_json::from_str::<Reply>(reply) {
        Ok(Reply::Project(text, warnings)) => {
            Project::from_json(name, &text).map(|p| Loaded::Project(Box::new(p), warnings))
        }
        Ok(Reply::Case(imported)) => Ok(Loaded::Case(imported)),
        Ok(Reply::Error(error)) => Err(error),
        Err(e) => Err(worker_failed(name, &format!("its answer did not read: {e}"))),
    }
}

/// The error for a file the worker could not read at all: it did not start, or it stopped
/// (`detail` says how).
pub fn worker_failed(name: &str, detail: &str) -> ImportError {
    ImportError::in_file(
        name,
        ImportErrorKind::ReaderFailed {
            detail: detail.to_string(),
        },
    )
}

/// The QDPX file of a project sent as its project file (in the worker), exported at `at`; the
/// error says why the project file did not read.
pub fn qdpx_of_project_file(project_file: &str, at: &str) -> Result<Vec<u8>, String> {
    Project::from_json("project", project_file)
        .map(|p| crate::core::project::qdpx::qdpx(&p, at))
        .map_err(|e| e.to_string())
}

/// The worker's script beside the app's files.
pub const WORKER_SCRIPT: &str = "./exchange-worker.js";

/// The worker's script, marked with the build of the app whose file is `app_file` (such as
/// `/app-3521d466d2bc4e9f.js`): `?v=app-3521d466d2bc4e9f`, which the script passes on to the
/// files it loads. The worker's files keep their names from build to build, so a browser must
/// not pair a cached worker of an older build with this app. Unmarked when the name says nothing.
pub fn worker_script(app_file: &str) -> String {
    let mark: String = app_file
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".js")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if mark.is_empty() {
        WORKER_SCRIPT.to_string()
    } else {
        format!("{WORKER_SCRIPT}?v={mark}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::open::{import_text, is_exchange_file, load_file, load_text_file};

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
    }

    fn telco_project() -> Project {
        Project::new("p1", "TelCo", crate::core::builtin::telco())
    }

    #[test]
    fn a_read_crosses_to_the_app_as_it_was_read() {
        let project = telco_project();
        let qdpx = crate::core::project::qdpx::qdpx(&project, "2026-12-05T10:00:00Z");
        let mut files: Vec<(String, Vec<u8>)> = vec![("telco.qdpx".into(), qdpx.clone()), ("no-name".into(), qdpx)];
        for dir in ["good", "bad"] {
            let dir = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
            for entry in std::fs::read_dir(dir).expect("dir") {
                let path = entry.expect("entry").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
                files.push((name, std::fs::read(&path).expect("reads")));
            }
        }
        let workbooks = files.iter().filter(|(n, b)| is_exchange_file(n, b)).count();
        assert!(
            workbooks >= 3,
            "the fixtures hold workbooks and QDPX files ({workbooks})"
        );
        for (name, bytes) in &files {
            let direct = load_file(name, bytes);
            let crossed = read_load_reply(name, &load_reply(name, bytes, None));
            assert_eq!(crossed, direct, "{name}");
        }
    }

    #[test]
    fn a_sheet_asked_for_is_read_in_the_worker_as_here() {
        let name = "telco-workbook.xlsx";
        let bytes = fixture("good/telco-workbook.xlsx");
        let mut read = 0;
        for sheet in ["Actions", "Pilot", "Notes", "Missing"] {
            let direct = load_file_sheet(name, &bytes, Some(sheet));
            read += usize::from(direct.is_ok());
            let crossed = read_load_reply(name, &load_reply(name, &bytes, Some(sheet)));
            assert_eq!(crossed, direct, "{sheet}");
        }
        assert!(read >= 1, "a sheet of the workbook reads");
    }

    #[test]
    fn the_app_reads_every_other_file_as_the_full_reader_does() {
        // A file the app keeps reads the same without the workbook and QDPX readers.
        let contents: Vec<Vec<u8>> = vec![
            fixture("good/warnings.csv"),
            crate::core::builtin::TELCO_JSON.to_vec(),
            telco_project().to_json().into_bytes(),
            b"\xEF\xBB\xBF{\"format\":1}".to_vec(),
            b"   \n".to_vec(),
            vec![0, 1, 2, 3],
            b"id\tactor\n".to_vec(),
        ];
        let names = ["a.csv", "a.tsv", "a.txt", "a.json", "a.JSON", "case", "a.dat", "a.xml"];
        let mut compared = 0;
        for bytes in &contents {
            for name in names {
                if is_exchange_file(name, bytes) {
                    continue;
                }
                assert_eq!(load_text_file(name, bytes), load_file(name, bytes), "{name}");
                assert_eq!(
                    import_text(name, bytes),
                    crate::core::open::import_file(name, bytes),
                    "{name}"
                );
                compared += 1;
            }
        }
        assert_eq!(compared, contents.len() * names.len());
    }

    #[test]
    fn workbooks_and_qdpx_go_to_the_worker_by_name_or_content() {
        for name in ["a.xlsx", "a.XLSM", "a.xlsb", "a.xls", "a.ods", "a.qdpx"] {
            assert!(is_exchange_file(name, b"id,actor"), "{name}");
        }
        assert!(is_exchange_file("upload", b"PK\x03\x04rest"));
        assert!(is_exchange_file("upload", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1]));
        assert!(!is_exchange_file("a.csv", b"id,actor"));
        assert!(!is_exchange_file("a.json", b"{}"));
    }

    #[test]
    fn a_project_sent_as_its_file_gives_the_same_qdpx() {
        let mut project = telco_project();
        let action = project.case.actions[0].id.clone();
        project
            .apply(crate::core::project::edit::Edit {
                coder: "ana".into(),
                at: "2026-11-29T10:00:00Z".into(),
                op: crate::core::project::edit::Op::Relabel {
                    action,
                    kind: crate::core::model::Symbolic::Substantive,
                    memo: Some("not symbolic".into()),
                },
            })
            .expect("recodes");
        assert_eq!(
            qdpx_of_project_file(&project.to_json(), "2026-12-05T10:00:00Z"),
            Ok(crate::core::project::qdpx::qdpx(&project, "2026-12-05T10:00:00Z"))
        );
        assert!(qdpx_of_project_file("{", "2026-12-05T10:00:00Z").is_err());
    }

    #[test]
    fn the_worker_is_marked_with_the_apps_build() {
        assert_eq!(
            worker_script("/app-3521d466d2bc4e9f.js"),
            "./exchange-worker.js?v=app-3521d466d2bc4e9f"
        );
        assert_eq!(worker_script("app-1a.js?x=<y>"), "./exchange-worker.js?v=app-1ajsxy");
        assert_eq!(worker_script(""), "./exchange-worker.js");
        assert_eq!(worker_script("/"), "./exchange-worker.js");
    }

    #[test]
    fn an_answer_that_does_not_read_names_the_file_and_what_to_do() {
        let error = read_load_reply("book.xlsx", "not json").expect_err("refused");
        assert_eq!(error.at.file, "book.xlsx");
        assert!(error.to_string().contains("Reload the page"), "{error}");
    }
}
