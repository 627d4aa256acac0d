//! REFI-QDA exchange (QDA-XML 1.0): a project as a QDPX file (a zip holding `project.qde`), the
//! codebook as a QDC file, and a QDPX read back into a project. The mapping and why it was chosen
//! are in `docs/FORMAT.md` ("REFI-QDA").
//!
//! Its rooms: [`mapping`] (what both directions share), [`write`] and [`read`].

pub mod mapping;
pub mod read;
pub mod write;

pub use mapping::{CODEBOOK_NS, DETAILS_NOTE, PROJECT_NS};
pub use read::{is_qdpx, is_qdpx_file, read_qdpx, read_qdpx_library, read_qdpx_warned};
pub use write::{codebook_qdc, project_qde, qdpx};
