#!/usr/bin/env bash
# Runs the real binary on every input of the fuzz corpora (tests/fuzz/corpus/, made by fuzzing;
# not committed) through the commands that read each kind of file, and reports any run that
# panicked or exited other than 0 (done) or 2 (bad input).
#   cargo build --release && bash tests/fuzz/replay_cli.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
B=$PWD/target/release/borderscope
C=$PWD/tests/fuzz/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
runs=0 bad=0
check() { # FILE-NAME-FOR-REPORT ARGS...
  local what=$1; shift
  timeout 20 "$B" "$@" >/dev/null 2>err.txt
  local rc=$?
  runs=$((runs + 1))
  if { [ $rc -ne 0 ] && [ $rc -ne 2 ]; } || grep -q panicked err.txt; then
    bad=$((bad + 1)); echo "exit $rc: $what: $*"; head -3 err.txt
  fi
  rm -f o.* rj.csv
}
for f in "$C"/incidents_csv/*; do
  [ -e "$f" ] || continue
  tail -c +2 "$f" > in.csv   # the first byte is the block size of the fuzz target
  check "$f" incidents --incidents in.csv --rejects rj.csv --format csv --out o.csv --force
done
for f in "$C"/incidents_geojson/*; do
  [ -e "$f" ] || continue
  cp "$f" in.geojson
  check "$f" incidents --incidents in.geojson --rejects rj.csv --format geojson --out o.json --force
  check "$f" export --incidents in.geojson --layers incidents --out o.geojson --force
done
for f in "$C"/frontier/*; do
  [ -e "$f" ] || continue
  cp "$f" b.geojson
  check "$f" summary --border b.geojson --timeline --format csv
  check "$f" export --border b.geojson --as-of 2022-09-16 --out o.geojson --force
  check "$f" map --border b.geojson --as-of 2022-09-16 --out o.svg --force
  check "$f" map --border b.geojson --out o.html --force
  check "$f" incidents --border b.geojson --format csv
  check "$f" near 40 70.5 --border b.geojson
done
for f in "$C"/settlements/*; do
  [ -e "$f" ] || continue
  cp "$f" s.geojson
  check "$f" settlements --settlements s.geojson --within 30
  check "$f" incidents --settlements s.geojson --format csv
done
for f in "$C"/countries/*; do
  [ -e "$f" ] || continue
  cp "$f" c.json
  check "$f" import --between A B c.json --out o.geojson --force
done
echo "$runs runs, $bad panicked or exited other than 0 or 2"
[ "$bad" -eq 0 ]
