#!/usr/bin/env bash
# Runs every test: formatting and lints (native and wasm32), native cargo tests, browser tests
# (wasm-bindgen-test in headless Chromium) and the Playwright journeys against a release build.
# Ends with one line "N passed, N failed" and exits non-zero when anything failed; a failed lint
# counts as a failed test.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
source scripts/env.sh
export CHROMEDRIVER=/usr/bin/chromedriver

logs=$(mktemp -d)
passed=0
failed=0
status=0

# Adds the counts of cargo's "test result:" lines in a log.
count_cargo() {
  local p f
  p=$(grep -Eo '[0-9]+ passed' "$1" | awk '{s+=$1} END {print s+0}')
  f=$(grep -Eo '[0-9]+ failed' "$1" | grep -v '^0 ' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + p)); failed=$((failed + f))
}

# Runs one stage, logging it; returns its status and remembers a failure.
stage() {
  local name=$1; shift
  echo "== $name"
  if "$@" 2>&1 | tee "$logs/$name.log"; then return 0; else
    echo "!! $name failed"; status=1; return 1
  fi
}

# Formatting and lints, natively and for wasm32: each is one check, passed or failed.
for check in fmt clippy-native clippy-wasm; do
  case $check in
    fmt) stage fmt cargo fmt --all -- --check ;;
    clippy-native) stage clippy-native cargo clippy --locked --all-targets -- -D warnings ;;
    clippy-wasm) stage clippy-wasm cargo clippy --locked --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings ;;
  esac && passed=$((passed + 1)) || failed=$((failed + 1))
done

stage native cargo test --locked
count_cargo "$logs/native.log"

stage browser cargo test --locked --target wasm32-unknown-unknown --test browser
count_cargo "$logs/browser.log"

stage build trunk build --release
if [ -f dist/index.html ]; then
  stage e2e node --test --test-reporter=spec tests/e2e/
  p=$(grep -E '^ℹ pass [0-9]+' "$logs/e2e.log" | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$logs/e2e.log" | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ -z "$p" ]; then failed=$((failed + 1)); fi
else
  echo "!! no dist/index.html: the Playwright journeys did not run"
  failed=$((failed + 1)); status=1
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
