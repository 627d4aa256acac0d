# The two commands of the README. Each installs what is missing first (scripts/setup.sh).
.PHONY: serve test check sync

# Build the app and serve it on http://127.0.0.1:8080/ (PORT=... to change) with TelCo open.
serve:
	@scripts/serve.sh

# Run every test: native, browser (wasm-bindgen-test) and Playwright journeys. Ends "N passed, N failed".
test:
	@scripts/test.sh

# Check a file from the command line: make check FILE=my-case.csv
check:
	@cargo run --quiet --release --bin regime-lens -- check "$(FILE)"

# Start the team's sync server on 127.0.0.1:1234 (SYNC_PORT, SYNC_ADDRESS, SYNC_DATA may be set;
# SYNC_TOKEN is required): SYNC_TOKEN=... make sync
sync:
	@scripts/sync.sh
