#!/usr/bin/env bash
# GeoParquet → GeoParquet against CSV → CSV, the same N generated incidents, interleaved runs
# (csv, parquet, csv, parquet, …: the machine drifts, so both see the same drift); prints wall
# and user seconds (median, fastest) and peak memory, and checks that the two outputs hold the
# same rows (the Parquet read back as CSV equals the CSV output). A third row is the floor: the
# same incidents in a CSV of only the seven columns they need, results to /dev/null, i.e.
# what the engine costs with almost free input and output.
#
#   bash benches/parquet.sh [N] [RUNS] [PYTHON]
#
# N incidents (default 1,000,000) from examples/gen_incidents; the GeoParquet input is written
# by GeoPandas (PYTHON must have geopandas and pyarrow; default python3), as analysts' files are.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-5}
PY=${3:-python3}
work=$(mktemp -d /tmp/borderscope-pq.XXXXXX)
trap 'rm -rf "$work"' EXIT
cargo build --release -q --features parquet --bin borderscope --example gen_incidents
bin=./target/release/borderscope
./target/release/examples/gen_incidents "$N" > "$work/in.csv"
"$PY" - "$work/in.csv" "$work/in.parquet" <<'PY'
import sys, pandas as pd, geopandas as gpd
df = pd.read_csv(sys.argv[1], dtype={"event_date": str})
g = gpd.GeoDataFrame(df.drop(columns=["latitude", "longitude"]),
                     geometry=gpd.points_from_xy(df.longitude, df.latitude), crs="EPSG:4326")
g.to_parquet(sys.argv[2])
# The floor: the same incidents with only the columns an incident needs (no parsing of the
# 24 others), written nowhere: what the engine costs whatever the formats.
df[["event_id_cnty", "event_date", "latitude", "longitude", "fatalities", "time_precision",
    "geo_precision"]].to_csv(sys.argv[1] + ".slim.csv", index=False)
PY
for _ in $(seq "$RUNS"); do
  /usr/bin/time -f "csv %e %U %M" -a -o "$work/times" \
    "$bin" incidents --incidents "$work/in.csv" --out "$work/out.csv" --force
  /usr/bin/time -f "parquet %e %U %M" -a -o "$work/times" \
    "$bin" incidents --incidents "$work/in.parquet" --out "$work/out.parquet" --force
  /usr/bin/time -f "floor %e %U %M" -a -o "$work/times" \
    "$bin" incidents --incidents "$work/in.csv.slim.csv" --format csv > /dev/null
done
"$bin" incidents --incidents "$work/out.parquet" --format csv --out "$work/back.csv" --force 2>/dev/null || true
"$PY" - "$work/times" "$N" "$RUNS" "$work/out.csv" "$work/out.parquet" <<'PY'
import statistics, sys
import pandas as pd
rows = {}
for line in open(sys.argv[1]):
    k, wall, user, kb = line.split()
    rows.setdefault(k, []).append((float(wall), float(user), int(kb)))
print(f"{int(sys.argv[2]):,} incidents, {sys.argv[3]} runs each, interleaved")
print("| input → output | wall median | wall best | user median | peak RSS |")
print("|---|---|---|---|---|")
for k, label in (("csv", "CSV → CSV"), ("parquet", "GeoParquet → GeoParquet"),
                 ("floor", "floor: 7-column CSV → /dev/null")):
    r = rows[k]
    print(f"| {label} | {statistics.median(x[0] for x in r):.2f} s | {min(x[0] for x in r):.2f} s"
          f" | {statistics.median(x[1] for x in r):.2f} s | {max(x[2] for x in r)/1024:.0f} MB |")
c, p = rows["csv"], rows["parquet"]
med = lambda r: statistics.median(x[0] for x in r)
print(f"ratio CSV/Parquet, wall median: {med(c)/med(p):.2f}×")
print(f"ceiling of that ratio with free input and output (CSV/floor): {med(c)/med(rows['floor']):.2f}×")
a = pd.read_csv(sys.argv[4], dtype=str, keep_default_na=False)
b = pd.read_parquet(sys.argv[5]).drop(columns=["geometry", "bbox"])
same = len(a) == len(b) and (a["id"].values == b["id"].values).all() and \
    (a["distance_m"].astype(float).values == b["distance_m"].values).all()
print(f"same rows (ids and distances): {same}")
PY
