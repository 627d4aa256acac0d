#!/usr/bin/env bash
# Every command-line output on every fixture, to check that a change of the code behind the
# command line changes none of them (a refactoring must keep them byte for byte):
#   scripts/cli-outputs.sh BINARY OUT        records into OUT the standard output, standard error,
#                                            exit code and written file of each command on each
#                                            fixture, the seeded 300- and 3,000-action cases and
#                                            TelCo (check, analyze, robustness, export in every
#                                            format and back, agree over pairs)
#   scripts/cli-outputs.sh --compare A B     compares two such records; says which files differ
# Build the binary of each version first (cargo build --release --bin regime-lens, in a worktree
# for the older one).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--compare" ]; then
  # A refused QDPX listed its variables in hash order before they were sorted, so that list is
  # sorted before comparing (records of older versions).
  norm() { python3 -c '
import re,sys
t=open(sys.argv[1],"rb").read()
def s(m): return b"variables (" + b", ".join(sorted(m.group(1).split(b", "))) + b")"
sys.stdout.buffer.write(re.sub(rb"variables \(([^)]*)\)", s, t))' "$1"; }
  bad=0
  for f in $(ls "$2"); do
    if ! cmp -s "$2/$f" "$3/$f" && ! cmp -s <(norm "$2/$f") <(norm "$3/$f"); then echo "differs: $f"; bad=$((bad + 1)); fi
  done
  [ "$(ls "$2" | wc -l)" = "$(ls "$3" | wc -l)" ] || { echo "the records hold different files"; bad=$((bad + 1)); }
  echo "$(ls "$2" | wc -l) files compared, $bad differ"
  [ "$bad" -eq 0 ]
  exit
fi
# Exports are dated: one time for every run, so that the same input gives the same file.
export SOURCE_DATE_EPOCH=1764926400
bin=$(realpath "$1"); out=$2
rm -rf "$out"; mkdir -p "$out"
# One fixed folder for the files read and written: their names are in the outputs (a case imported
# from a file names it as its source), so two records must use the same.
work=/tmp/regime-lens-cli-outputs
rm -rf "$work"; mkdir -p "$work"
# Generated cases: the seeded 300- and 3000-action tables the perf scripts use.
node -e "import('$root/tests/perf/cases.mjs').then(m => { const fs = require('fs'); for (const n of [300, 3000]) fs.writeFileSync('$work/seeded' + n + '.csv', m.seededCase(n).csv); })"
files=$(cd "$root" && find tests/fixtures -type f ! -name '*.xsd' ! -name 'README.md' ! -name 'expected.tsv' | sort)
run() { # name, args...
  local name=$1; shift
  (cd "$root" && "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err"; echo $? >"$out/$name.rc")
}
i=0
for f in $files "$work/seeded300.csv" "$work/seeded3000.csv" public/cases/telco.json; do
  i=$((i+1)); key=$(printf '%03d' $i)-$(basename "$f")
  run "$key.check" check "$f"
  run "$key.analyze" analyze "$f"
  run "$key.analyze-pretty-mentions" analyze "$f" --with-mentions --pretty
  run "$key.robustness" robustness "$f"
  for fmt in qdpx qdc csv json; do
    run "$key.export-$fmt" export "$f" --format $fmt --output "$work/x.$fmt"
    if [ -f "$work/x.$fmt" ]; then
      mv "$work/x.$fmt" "$out/$key.export-$fmt.file"
    fi
  done
  # The exported QDPX read back.
  if [ -f "$out/$key.export-qdpx.file" ]; then
    cp "$out/$key.export-qdpx.file" "$work/back.qdpx"
    run "$key.qdpx-back-check" check "$work/back.qdpx"
    run "$key.qdpx-back-analyze" analyze "$work/back.qdpx"
  fi
done
# agree over pairs of good fixtures and the project files.
good=$(cd "$root" && ls tests/fixtures/good/* tests/fixtures/project-v*.json | sort)
j=0
for a in $good; do for b in $good; do
  [ "$a" \< "$b" ] || continue
  j=$((j+1)); run "agree-$(printf '%04d' $j)" agree "$a" "$b"
done; done
run agree-three agree public/cases/telco.json tests/fixtures/project-v1.json tests/fixtures/project-v2.json
run help --help
run usage
run usage-bad analyze
# The temporary folder's name is no output.
find "$out" -type f -exec sed -i "s#$work#WORK#g" {} +
rm -rf "$work"
echo "$(ls "$out" | wc -l) files in $out"
