#!/usr/bin/env bash
# Runs borderscope and its peers on the same generated incidents and prints one table of wall
# time, incidents/s, peak memory and the speed ratio, with how well each peer's answers agree
# with borderscope's exact ones. Installs the peers itself (Debian postgresql-15-postgis-3; PyPI
# geopandas, duckdb==1.4.4 and duckdb-ext-spatial==1.4.4.20260205, in a virtualenv).
#
#   bash benches/compare.sh [N]        # N incidents, default 1,000,000
#   PEERS="geopandas duckdb" bash benches/compare.sh 100000
#
# The task for everyone: for each incident, the nearest frontier segment (existing on the
# incident's date) and the distance to it, the nearest segment contested on that date and the
# distance to it, and whether that is within 10 km; end to end, from the CSV to a result file.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
PEERS=${PEERS:-"postgis-distance postgis-knn geopandas duckdb"}
work=$(mktemp -d /tmp/borderscope-compare.XXXXXX)
keep=${KEEP:-}
trap '[ -n "$keep" ] || rm -rf "$work"' EXIT
say() { printf '%s\n' "$*" >&2; }

# --- peers --------------------------------------------------------------------------------------
# The server alone is not enough: a machine may have PostgreSQL without PostGIS.
if [[ "$PEERS" == *postgis* ]] && { [ ! -x /usr/lib/postgresql/15/bin/initdb ] ||
  [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; }; then
  say "installing PostgreSQL 15 with PostGIS 3"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3 >/dev/null
fi
venv=${VENV:-/tmp/borderscope-peers-venv}
if [[ "$PEERS" == *geopandas* || "$PEERS" == *duckdb* ]] && [ ! -x "$venv/bin/python" ]; then
  say "installing geopandas, duckdb 1.4.4 and its spatial extension in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check geopandas duckdb==1.4.4 duckdb-ext-spatial==1.4.4.20260205
fi

# --- data ---------------------------------------------------------------------------------------
say "building borderscope and generating $N incidents"
cargo build --release -q --bin borderscope --example gen_incidents
./target/release/examples/gen_incidents "$N" > "$work/incidents.csv"
python3 benches/peers/prepare.py data/border.geojson "$work"
measure() { python3 benches/peers/measure.py "$@"; }

rows=()
run() { # name, error bound (m), command...
  local name=$1 bound=$2; shift 2
  say "running $name"
  local m
  m=$(measure "$@" | tail -1)
  rows+=("$name|$bound|$m")
}

run borderscope 0.001 -- ./target/release/borderscope incidents --incidents "$work/incidents.csv" --format csv --out "$work/borderscope.csv"
for p in $PEERS; do
  case $p in
    postgis-distance) run "$p" 25 --with postgres -- bash benches/peers/postgis_peer.sh distance "$work/incidents.csv" "$work/segments.csv" "$work/periods.csv" "$work/$p.csv" "$work" ;;
    postgis-knn) run "$p" 300 --with postgres -- bash benches/peers/postgis_peer.sh knn "$work/incidents.csv" "$work/segments.csv" "$work/periods.csv" "$work/$p.csv" "$work" ;;
    geopandas) run "$p" 300 -- "$venv/bin/python" benches/peers/geopandas_peer.py "$work/incidents.csv" "$work/segments.csv" "$work/periods.csv" "$work/$p.csv" ;;
    duckdb) run "$p" 300 -- "$venv/bin/python" benches/peers/duckdb_peer.py "$work/incidents.csv" "$work/segments.csv" "$work/periods.csv" "$work/$p.csv" ;;
    *) say "unknown peer $p"; exit 2 ;;
  esac
done

# --- table --------------------------------------------------------------------------------------
python3 - "$N" "$work" "${rows[@]}" <<'PY'
import json, subprocess, sys
n, work, rows = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
parsed = []
for r in rows:
    name, bound, m = r.split("|", 2)
    parsed.append((name, float(bound), json.loads(m)))
base = parsed[0][2]["wall_s"]
cpus = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
print(f"{n:,} incidents, {cpus} cores; the same nearest-segment, nearest-contested and within-10-km answers from each tool\n")
print("| tool | wall s | incidents/s | peak memory MB | borderscope is × faster | nearest: other segment (within / beyond the tool's error) | max distance error m | contested: max error m | within-10-km flag agrees |")
print("|---|---:|---:|---:|---:|---|---:|---:|---:|")
for name, bound, m in parsed:
    if m["exit"] != 0:
        print(f"| {name} | failed (exit {m['exit']}) | | | | | | | |")
        continue
    if name == "borderscope":
        agree = None
    else:
        out = subprocess.run(["python3", "benches/peers/agree.py", f"{work}/borderscope.csv", f"{work}/{name}.csv", str(bound)], capture_output=True, text=True)
        agree = json.loads(out.stdout) if out.returncode == 0 else None
    w = m["wall_s"]
    cells = [name, f"{w:.2f}", f"{n / w:,.0f}", f"{m['peak_rss_mb']:.0f}", f"{w / base:.1f}" if name != "borderscope" else "1.0"]
    if agree:
        a, c = agree["nearest"], agree["contested"]
        cells += [f"{a['other_segment_within_error']:,} / {a['other_segment_beyond_error']:,}", f"{a['max_error_m']}", f"{c['max_error_m']}", f"{agree['near_flag_agrees'] / n:.4%}"]
    else:
        cells += ["reference (exact)", "0 (exact)", "0 (exact)", "—"]
    print("| " + " | ".join(cells) + " |")
bounds = ", ".join(f"{name} {bound:g} m" for name, bound, _ in parsed[1:])
print(f"\n\"Other segment within the tool's error\": the tool names another segment, but its distance is within the tool's known error of the exact minimum ({bounds}): a near-tie it cannot resolve. Peak memory is the proportional set size of all processes involved (for PostGIS, the server's too).")
PY
