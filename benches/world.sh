#!/usr/bin/env bash
# The large-frontier cliff (issue 19): the per-incident cost of a large frontier against the
# embedded one (Kyrgyz–Tajik, 1,939 edges), CSV in and out, for each binary given:
#
#   world: every land border shared by two countries of npm world-atlas countries-10m (Natural
#          Earth 1:10m; benches/world_frontier.py: 386 segments, 68,336 vertices), with N
#          incidents spread uniformly by area over the world's land (world-atlas land-10m,
#          benches/world_land.py, and examples/gen_incidents --within; Antarctica included);
#   dense: the embedded frontier densified to 100,000 vertices (examples/densify_frontier),
#          with the same N incidents as the embedded run;
#   embedded: N incidents from examples/gen_incidents (uniform in the frontier's widened box).
#
# Per-incident cost. Start-up (reading and indexing the frontier, ~0.5 s for the world) is
# not per-incident, and at small N it would swamp the embedded run, so it is measured apart,
# with a header-only incident file, and taken off: cost = (median wall(N) − median
# wall(header only)) / N, and the same for user CPU time (both cores' work; steadier than wall
# on a machine that is not quiet). The ratios are world/embedded and dense/embedded. N should
# be large enough that the embedded run is well above its start-up (≥ 200,000); RUNS runs of
# everything, interleaved.
#
#   bash benches/world.sh [N] [RUNS] [BINARY ...]
#
# Needs npm (npm pack, nothing installed) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500000}
RUNS=${2:-3}
shift 2 || true
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release -q --bin borderscope
  bins=(./target/release/borderscope)
fi
cargo build --release -q --example gen_incidents --example densify_frontier
work=$(mktemp -d /tmp/borderscope-world.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent world-atlas@2.0.2 >/dev/null 2>&1 &&
  tar xzf world-atlas-2.0.2.tgz package/countries-10m.json package/land-10m.json)
python3 benches/world_frontier.py "$work/package/countries-10m.json" "$work/world.geojson" >&2
python3 benches/world_land.py "$work/package/land-10m.json" "$work/land.geojson" >&2
./target/release/examples/densify_frontier 100000 >"$work/dense.geojson" 2>/dev/null
./target/release/examples/gen_incidents "$N" >"$work/kg.csv"
./target/release/examples/gen_incidents "$N" --within "$work/land.geojson" >"$work/world.csv"
head -n 1 "$work/kg.csv" >"$work/none.csv"
# kind, frontier (empty: the embedded one), incidents
runs=("kg||kg.csv" "kg0||none.csv" "world|world.geojson|world.csv" "world0|world.geojson|none.csv"
      "dense|dense.geojson|kg.csv" "dense0|dense.geojson|none.csv")
for _ in $(seq "$RUNS"); do
  for i in "${!bins[@]}"; do
    for r in "${runs[@]}"; do
      IFS='|' read -r kind border inc <<<"$r"
      args=(incidents --incidents "$work/$inc" --format csv --out "$work/$kind-$i.csv" --force)
      [ -n "$border" ] && args+=(--border "$work/$border")
      /usr/bin/time -f "$i $kind %e %U" -a -o "$work/times" "${bins[$i]}" "${args[@]}" 2>/dev/null
    done
  done
done
for i in "${!bins[@]}"; do
  [ "$i" -eq 0 ] && continue
  for kind in kg world dense; do
    cmp -s "$work/$kind-0.csv" "$work/$kind-$i.csv" && echo "$kind: ${bins[$i]} = ${bins[0]} (cmp)" >&2 ||
      echo "$kind: ${bins[$i]} DIFFERS from ${bins[0]}" >&2
  done
done
python3 - "$work/times" "$N" "${bins[@]}" <<'PY'
import statistics, sys
times, n, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
t = {}
for line in open(times):
    i, kind, wall, user = line.split()
    t.setdefault((int(i), kind), []).append((float(wall), float(user)))
med = lambda i, k, j: statistics.median(x[j] for x in t[(i, k)])
print(f"N = {n:,}; medians of {len(t[(0, 'kg')])} interleaved runs; µs per incident with start-up taken off")
print("| binary | frontier | wall s | start-up wall s | µs/incident wall | ratio wall | user s | start-up user s | µs/incident user | ratio user |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for i, b in enumerate(bins):
    base = {j: (med(i, "kg", j) - med(i, "kg0", j)) / n for j in (0, 1)}
    for kind, label in (("kg", "embedded"), ("world", "world, land points"), ("dense", "dense 100k")):
        w, w0, u, u0 = med(i, kind, 0), med(i, kind + "0", 0), med(i, kind, 1), med(i, kind + "0", 1)
        pw, pu = (w - w0) / n, (u - u0) / n
        print(f"| {b} | {label} | {w:.2f} | {w0:.2f} | {1e6 * pw:.2f} | {pw / base[0]:.2f}× "
              f"| {u:.2f} | {u0:.2f} | {1e6 * pu:.2f} | {pu / base[1]:.2f}× |")
PY
