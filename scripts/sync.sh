#!/usr/bin/env bash
# make sync: installs what is missing and starts the team's sync server (scripts/sync-server.mjs).
# SYNC_TOKEN is required; SYNC_PORT (1234), SYNC_ADDRESS (127.0.0.1) and SYNC_DATA (sync-data/)
# may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --npm
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "sync: the SQLite module (better-sqlite3) does not load. It builds from source when no" >&2
  echo "      prebuilt binary is reachable: install python3, make and g++ (Debian: build-essential)," >&2
  echo "      then run: rm -rf node_modules && make sync" >&2
  exit 1
fi
exec node scripts/sync-server.mjs
