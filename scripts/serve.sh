#!/usr/bin/env bash
# Builds the app and serves it on http://127.0.0.1:${PORT:-8080}/ with the TelCo case open.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
PORT="${PORT:-8080}"
echo "Regime Lens: building, then serving on http://127.0.0.1:$PORT/ (Ctrl+C to stop)"
exec trunk serve --release --address 127.0.0.1 --port "$PORT" --disable-address-lookup
