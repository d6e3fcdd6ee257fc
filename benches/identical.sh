#!/usr/bin/env bash
# Runs two borderscope binaries over the same matrix of commands and formats, on the embedded
# data and on generated incidents, and prints one table of output hashes side by side: a
# refactoring must leave every line "same" (or say in CHANGELOG.md why a line differs).
#
#   bash benches/identical.sh OLD_BINARY [NEW_BINARY] [N]
#
# NEW_BINARY defaults to ./target/release/borderscope (built first); N generated incidents
# (default 1,000,000) feed the commands that read incidents. The 'map' rows hash the HTML page
# and SVG: both are deterministic for a given --as-of.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: identical.sh OLD_BINARY [NEW_BINARY] [N]}
new=${2:-./target/release/borderscope}
N=${3:-1000000}
work=$(mktemp -d /tmp/borderscope-identical.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "$new" = ./target/release/borderscope ]; then
  cargo build --release -q --bin borderscope
fi
cargo build --release -q --example gen_incidents
./target/release/examples/gen_incidents "$N" > "$work/gen.csv"
gen=$work/gen.csv

# One case per line: a name, then the arguments. Outputs go to --out so that a file's name
# picks the format where the command does that.
cases=()
add() { cases+=("$*"); }
for f in text json csv geojson; do
  add "summary-$f" summary --as-of 2022-09-16 --format $f
  add "summary-timeline-$f" summary --timeline --format $f
  add "summary-by-segment-$f" summary --as-of 2022-09-16 --by-segment --format $f
done
for f in text csv json geojson; do
  add "incidents-embedded-$f" incidents --format $f
  add "incidents-asof-$f" incidents --as-of 2022-09-16 --within 5 --format $f
  add "incidents-gen-$f" incidents --incidents "$gen" --format $f
  for p in year month all; do
    add "incidents-by-segment-$p-$f" incidents --incidents "$gen" --by-segment --period $p --format $f
  done
  add "settlements-$f" settlements --as-of 2022-09-16 --within 5 --format $f
  add "settlements-contested-$f" settlements --as-of 2021-05-01 --status contested --within 12 --format $f
done
for f in text json csv geojson; do
  add "near-embedded-$f" near 39.9 70.2 --as-of 2022-09-16 --format $f
  add "near-gen-$f" near 39.9 70.5 --radius 3 --incidents "$gen" --format $f
done
for f in geojson geojsonl geojsons csv; do
  add "export-embedded-$f" export --as-of 2022-09-16 --format $f
  add "export-gen-$f" export --as-of 2022-09-16 --layers segments,incidents --incidents "$gen" --format $f
done
for f in geojson geojsonl geojsons csv; do
  add "import-$f" import --between Alpha Beta tests/fixtures/alpha-beta.topojson --format $f
done
add "export-nostyle" export --as-of 2021-05-01 --no-style --precision 5 --format geojson
add "map-svg" map --as-of 2022-09-16 --format svg
add "map-html" map --as-of 2022-09-16 --format html

printf '%-36s %-12s %-12s %s\n' case old new verdict
differ=0
for c in "${cases[@]}"; do
  read -r -a argv <<< "$c"
  name=${argv[0]}
  args=("${argv[@]:1}")
  hashes=()
  for bin in "$old" "$new"; do
    out=$work/$name.$(basename "$bin")
    set +e
    "$bin" "${args[@]}" --out "$out" --force 2> "$out.err"
    rc=$?
    set -e
    if [ -f "$out" ]; then h=$(md5sum < "$out" | cut -c1-10); else h="exit$rc"; fi
    hashes+=("$h")
  done
  if [ "${hashes[0]}" = "${hashes[1]}" ]; then v=same; else v=DIFFERS; differ=$((differ + 1)); fi
  printf '%-36s %-12s %-12s %s\n' "$name" "${hashes[0]}" "${hashes[1]}" "$v"
done
echo "${#cases[@]} cases, $differ differ"
