#!/usr/bin/env bash
# Fuzzes the readers with cargo-fuzz (libFuzzer) on a nightly toolchain, installing both when
# missing. Not part of `make test`, which stays on stable.
#   scripts/fuzz.sh TARGET [SECONDS]   one target (default 600 s)
#   scripts/fuzz.sh all [SECONDS]      every target in turn
#   scripts/fuzz.sh list               the targets
# Each target's corpus (fuzz/corpus/TARGET) is seeded from tests/fixtures and TelCo's exports
# first; a crash is kept in fuzz/artifacts/TARGET. Results are recorded in docs/RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'fuzz: %s\n' "$*" >&2; }

if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz from crates.io (about 5 minutes)"
  cargo install --locked cargo-fuzz
fi

targets() { sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^regime-lens-fuzz$'; }

if [ "${1:-}" = "list" ]; then targets; exit 0; fi
target=${1:?usage: scripts/fuzz.sh TARGET|all|list [SECONDS]}
seconds=${2:-600}

# Seeds: the fixtures, and TelCo exported by the command line as a QDPX and a codings CSV.
seed() {
  local t=$1 dir=fuzz/corpus/$1 seeds
  mkdir -p "$dir"
  seeds=$(mktemp -d)
  cargo run --quiet --release --bin regime-lens -- export public/cases/telco.json --format qdpx --output "$seeds/telco.qdpx" 2>/dev/null
  cargo run --quiet --release --bin regime-lens -- export public/cases/telco.json --format csv --output "$seeds/codings.csv" 2>/dev/null
  local fixtures
  fixtures=$(find tests/fixtures -type f ! -name '*.xsd' ! -name '*.md' ! -name 'expected.tsv')
  # `prefixed BYTE FILE NAME`: the file behind a first byte that picks the target's mode.
  prefixed() { { printf "\\x$1"; cat "$2"; } > "$dir/$3"; }
  case $t in
    import_csv|update_case) for f in $fixtures; do case $f in *.csv|*.tsv) cp "$f" "$dir/";; esac; done ;;
    import_json|load_project) for f in $fixtures; do case $f in *.json) cp "$f" "$dir/";; esac; done ;;
    open_any)
      local i=0
      for f in $fixtures "$seeds/telco.qdpx"; do prefixed "0$((i % 9))" "$f" "seed-$i"; i=$((i + 1)); done ;;
    read_qdpx)
      prefixed 00 "$seeds/telco.qdpx" telco.qdpx
      python3 -c 'import sys, zipfile; sys.stdout.buffer.write(b"\x01" + zipfile.ZipFile(sys.argv[1]).read("project.qde"))' \
        "$seeds/telco.qdpx" > "$dir/telco.qde" ;;
    import_workbook)
      for f in $fixtures; do case $f in *.xlsx|*.ods) prefixed 00 "$f" "$(basename "$f")";; esac; done
      # A sheet of inline strings, which the target packs into an XLSX (modes 1 and 3).
      python3 - "$dir" <<'PY'
import sys
cell = lambda ref, text: f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
rows = [["id", "actor", "period", "action", "symbolic", "triggers"],
        ["A1", "Incumbents", "P1", "kept the old way", "conformity", ""],
        ["B1", "Technologists", "P1", "praised the tool", "advocacy", "A1"],
        ["A2", "Incumbents", "P2", "logged the leads", "conformity", "B1; A1"]]
xml = "".join(f'<row r="{r + 1}">' + "".join(cell(chr(65 + c) + str(r + 1), t) for c, t in enumerate(row)) + "</row>"
              for r, row in enumerate(rows))
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         f'<sheetData>{xml}<row r="5"><c r="A5"><v>7</v></c><c r="E5" t="e"><v>#DIV/0!</v></c></row></sheetData></worksheet>')
for mode in (1, 3):
    open(f"{sys.argv[1]}/sheet-{mode}.xml", "wb").write(bytes([mode]) + sheet.encode())
PY
      ;;
    read_codings)
      cp "$seeds/codings.csv" "$dir/codings.csv"
      tail -n +2 "$seeds/codings.csv" > "$dir/rows.csv" ;;
  esac
  rm -rf "$seeds"
}

run() {
  local t=$1 build=()
  seed "$t"
  # The workbook target is built as the app and the command line are (-O: release, overflow not
  # checked): calamine 0.38 multiplies a long cell reference's column past u32, a panic only
  # where overflow is checked, and libFuzzer stops at any panic, so with checks it finds that one
  # again and again (docs/RELIABILITY.md; import_workbook refuses that file natively).
  [ "$t" = import_workbook ] && build=(-O)
  say "$t for $seconds s"
  (cd fuzz && cargo +nightly fuzz run "${build[@]}" "$t" -- -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1)
}

if [ "$target" = "all" ]; then
  for t in $(targets); do run "$t"; done
else
  run "$target"
fi
