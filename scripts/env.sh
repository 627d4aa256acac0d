# Sourced by the project's scripts: one cargo target directory outside the clone, so that a fresh
# clone (CI) reuses earlier builds when the machine has them; the npm wasm-opt first on PATH.
# Cargo decides freshness by modification times: a fresh clone's files are newer than any earlier
# build, so it always rebuilds what it must. (An older checkout sharing the directory may need a
# `touch` of the files it changed after another checkout built.)
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/regime-lens/target}"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
mkdir -p "$CARGO_TARGET_DIR"
