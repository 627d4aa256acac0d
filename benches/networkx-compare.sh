#!/usr/bin/env bash
# Whole-process time of `regime-lens analyze` against the same link analysis in networkx
# (benches/networkx_analysis.py), on the native benchmark's synthetic case.
#   bash benches/networkx-compare.sh [N] [RUNS]      (default N = 3000, RUNS = 5)
# Installs networkx from PyPI into ~/.cache/regime-lens/venv when it is missing. Prints each
# run's seconds, the medians and their ratio. Not a test: nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
N=${1:-3000}
RUNS=${2:-5}
VENV="$HOME/.cache/regime-lens/venv"
if ! "$VENV/bin/python" -c 'import networkx' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet networkx
fi
cargo build --release --bin regime-lens --quiet
BIN="$CARGO_TARGET_DIR/release/regime-lens"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cargo bench --bench analysis --quiet -- --write-csv "$DIR/case.csv" "$N" >/dev/null
seconds() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); python3 -c "print(($t1 - $t0) / 1e9)"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "case: $N actions ($(wc -c <"$DIR/case.csv") bytes); networkx $("$VENV/bin/python" -c 'import networkx; print(networkx.__version__)')"
"$BIN" analyze "$DIR/case.csv" | "$VENV/bin/python" -c 'import json,sys; d=json.load(sys.stdin); print("regime-lens:", d["reinforcing_link_count"], "links, longest chain", d["longest_chain_length"], "actions")'
"$VENV/bin/python" benches/networkx_analysis.py "$DIR/case.csv" 2>&1 >/dev/null | sed 's/^/networkx:    /'
: >"$DIR/rl"; : >"$DIR/nx"
for _ in $(seq "$RUNS"); do
  seconds "$BIN" analyze "$DIR/case.csv" >>"$DIR/rl"
  seconds "$VENV/bin/python" benches/networkx_analysis.py "$DIR/case.csv" >>"$DIR/nx"
done
RL=$(median <"$DIR/rl"); NX=$(median <"$DIR/nx")
echo "regime-lens analyze: $(tr '\n' ' ' <"$DIR/rl")s; median $RL s"
echo "networkx:            $(tr '\n' ' ' <"$DIR/nx")s; median $NX s"
echo "networkx / regime-lens: $(python3 -c "print(round($NX / $RL))")×"
