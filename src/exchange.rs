//! The wasm entry of the app's exchange worker: reads workbooks and REFI-QDA projects, and writes
//! QDPX and QDC files, in a module of its own that the page loads only when it needs one
//! (`public/exchange-worker.js` carries the messages; what is said is in
//! [`regime_lens::core::exchange`]).

#[cfg(target_arch = "wasm32")]
mod worker {
    use wasm_bindgen::prelude::wasm_bindgen;

    /// Reads a file (a sheet of it, when named) and answers with
    /// [`regime_lens::core::exchange::load_reply`].
    #[wasm_bindgen]
    pub fn load(name: &str, sheet: Option<String>, bytes: &[u8]) -> String {
        regime_lens::core::exchange::load_reply(name, bytes, sheet.as_deref())
    }

    /// The QDPX file of a project sent as its project file, exported at `at` (ISO 8601, UTC).
    #[wasm_bindgen]
    pub fn qdpx(project_file: &str, at: &str) -> Result<Vec<u8>, String> {
        regime_lens::core::exchange::qdpx_of_project_file(project_file, at)
    }

    /// The codebook as a QDC file.
    #[wasm_bindgen]
    pub fn codebook() -> String {
        regime_lens::core::project::qdpx::codebook_qdc()
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The exchange worker runs in the browser, started by the app.");
}
