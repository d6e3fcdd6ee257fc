#!/usr/bin/env bash
# Detailed frontiers: wall time and peak memory of export (with and without corridors) and of
# both maps, on the embedded frontier densified along its geodesics (the benchmark frontier of
# the README) and on the same densified frontier with every new vertex jittered by 11 m (far
# rougher than any surveyed line: the hardest case for corridors). Prints one table.
#
#   bash benches/dense.sh            # 100,000 and 1,000,000 vertices
#   SIZES=100000 bash benches/dense.sh
#
# Targets (issue 12): 100k vertices, corridors in ≤ 1 GB and ≤ 60 s; 1M vertices without
# corridors in ≤ 2 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100000 1000000"}
work=$(mktemp -d /tmp/borderscope-dense.XXXXXX)
trap 'rm -rf "$work"' EXIT
cargo build --release -q --bin borderscope --example densify_frontier
bin=target/release/borderscope
echo "| frontier | vertices | run | wall s | peak MB |"
echo "|---|---:|---|---:|---:|"
for n in $SIZES; do
  for kind in densified jittered; do
    f="$work/$kind-$n.geojson"
    jitter=0; [ "$kind" = jittered ] && jitter=11
    target/release/examples/densify_frontier "$n" "$jitter" >"$f" 2>/dev/null
    runs=("export, no corridors|export --layers segments,settlements,incidents --out $work/e.geojson"
          "map SVG, no corridor|map --within 0 --out $work/m.svg"
          "map HTML, no corridor|map --within 0 --out $work/m.html")
    # Corridors on the 1M jittered frontier take minutes: left to SIZES that ask for them.
    if [ "$n" -le 300000 ] || [ "$kind" = densified ] || [ -n "${ALL:-}" ]; then
      runs+=("export with corridors|export --out $work/c.geojson"
             "map SVG with corridor|map --out $work/c.svg"
             "map HTML with corridors|map --out $work/c.html")
    fi
    for r in "${runs[@]}"; do
      label=${r%%|*}; args=${r#*|}
      # shellcheck disable=SC2086
      /usr/bin/time -f "%e %M" -o "$work/t" $bin $args --border "$f" --as-of 2022-09-16 --force >/dev/null 2>"$work/err" ||
        { echo "failed: $label on $kind $n: $(cat "$work/err")" >&2; exit 1; }
      read -r wall kb <"$work/t"
      awk -v k="$kind" -v n="$n" -v l="$label" -v w="$wall" -v kb="$kb" 'BEGIN { printf "| %s | %s | %s | %s | %.0f |\n", k, n, l, w, kb / 1024 }'
    done
  done
done
