//! Shared by the integration tests.

/// The project's folder, read when the test runs. `env!("CARGO_MANIFEST_DIR")` is fixed when the
/// test is compiled; the cargo target directory is shared by the checkouts on a machine
/// (`scripts/env.sh`), so a test binary that cargo finds fresh may have been compiled in another
/// checkout of the same sources, and would read that checkout's files, or none.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}
