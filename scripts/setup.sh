#!/usr/bin/env bash
# Installs what Regime Lens needs and is missing; quiet and quick when everything is there.
#   scripts/setup.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli, npm packages
#   scripts/setup.sh --test   also Debian's chromium and chromium-driver for the browser tests
#   scripts/setup.sh --npm    only the npm packages (what the sync server needs: make sync)
# Nothing is downloaded from GitHub: trunk and wasm-bindgen-cli come from crates.io, the rest from
# npm and Debian. Versions: ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*" >&2; }

# node_modules is current when it was installed from this very package-lock.json.
npm_packages() {
  local lock_sum
  lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat node_modules/.installed-from 2>/dev/null)" != "$lock_sum" ]; then
    say "installing the npm packages pinned in package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$lock_sum" > node_modules/.installed-from
  fi
}

if [ "${1:-}" = "--npm" ]; then
  # The sync server needs only the npm packages.
  npm_packages
  exit 0
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION from crates.io (about 15 minutes the first time)"
  cargo install --locked --quiet trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (about 8 minutes the first time)"
  # Without --locked: its own lockfile names a crate version the registry no longer serves.
  cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

npm_packages

if [ "${1:-}" = "--test" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! command -v xmllint >/dev/null; then
    # xmllint (libxml2-utils) validates the REFI-QDA files the tests write against the schemas.
    say "installing Debian's chromium, chromium-driver and libxml2-utils"
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver libxml2-utils >/dev/null
  fi
fi
