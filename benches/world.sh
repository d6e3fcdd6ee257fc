#!/usr/bin/env bash
# The large-frontier cliff (issue 19): the per-incident cost of the embedded frontier against
# a world frontier (every land border shared by two countries of npm world-atlas
# countries-10m, Natural Earth 1:10m, built by benches/world_frontier.py), N incidents each
# (examples/gen_incidents: uniform in the frontier's widened box), CSV in and out, RUNS
# interleaved runs of each binary given. Prints wall seconds (median), µs per incident and the
# world/embedded ratio per binary.
#
#   bash benches/world.sh [N] [RUNS] [BINARY ...]
#
# Needs npm (npm pack, nothing installed) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
RUNS=${2:-3}
shift 2 || true
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release -q --bin borderscope
  bins=(./target/release/borderscope)
fi
cargo build --release -q --example gen_incidents
work=$(mktemp -d /tmp/borderscope-world.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent world-atlas@2.0.2 >/dev/null 2>&1 && tar xzf world-atlas-2.0.2.tgz package/countries-10m.json)
python3 benches/world_frontier.py "$work/package/countries-10m.json" "$work/world.geojson" >&2
./target/release/examples/gen_incidents "$N" > "$work/kg.csv"
./target/release/examples/gen_incidents "$N" --border "$work/world.geojson" > "$work/world.csv"
for _ in $(seq "$RUNS"); do
  for i in "${!bins[@]}"; do
    b=${bins[$i]}
    /usr/bin/time -f "$i kg %e" -a -o "$work/times" \
      "$b" incidents --incidents "$work/kg.csv" --format csv --out "$work/kg-$i.csv" --force
    /usr/bin/time -f "$i world %e" -a -o "$work/times" \
      "$b" incidents --border "$work/world.geojson" --incidents "$work/world.csv" --format csv \
      --out "$work/world-$i.csv" --force
  done
done
python3 - "$work/times" "$N" "${bins[@]}" <<'PY'
import statistics, sys
times, n, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = {}
for line in open(times):
    i, kind, wall = line.split()
    t.setdefault((int(i), kind), []).append(float(wall))
print(f"| binary | embedded, wall median | world, wall median | µs/incident embedded | µs/incident world | ratio |")
print("|---|---|---|---|---|---|")
for i, b in enumerate(bins):
    k, w = statistics.median(t[(i, "kg")]), statistics.median(t[(i, "world")])
    print(f"| {b} | {k:.2f} s | {w:.2f} s | {1e6*k/n:.2f} | {1e6*w/n:.2f} | {w/k:.1f}× |")
PY
