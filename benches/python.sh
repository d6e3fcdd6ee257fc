#!/usr/bin/env bash
# The Python package against the command line, on the same N generated incidents, interleaved
# (cli, python, cli, python, …): `borderscope incidents` CSV → CSV, and `borderscope.assess`
# of a pyarrow Table (read from that CSV before the clock starts) to a pyarrow Table; prints
# the medians and the ratio, and checks the rows are the CLI's (assess_csv of the table equals
# the CLI's CSV byte for byte). Then the Dask example at that size: its time and overhead per
# partition.
#
#   bash benches/python.sh [N] [RUNS] [PYTHON] [PARTITIONS]
#
# PYTHON must have the package installed (`pip install ./python`) and pyarrow, pandas, dask
# and distributed.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
RUNS=${2:-5}
PY=${3:-python3}
PARTS=${4:-16}
work=$(mktemp -d /tmp/borderscope-py.XXXXXX)
trap 'rm -rf "$work"' EXIT
cargo build --release -q --bin borderscope --example gen_incidents
./target/release/examples/gen_incidents "$N" > "$work/in.csv"
"$PY" - "$work/in.csv" "$RUNS" ./target/release/borderscope <<'PY'
import statistics, subprocess, sys, time
import pyarrow as pa, pyarrow.csv as pacsv
import borderscope as bs
path, runs, cli = sys.argv[1], int(sys.argv[2]), sys.argv[3]
table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={"event_date": pa.string()}))
t_cli, t_py = [], []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run([cli, "incidents", "--incidents", path, "--format", "csv", "--out", path + ".out.csv", "--force"], check=True)
    t_cli.append(time.perf_counter() - t)
    t = time.perf_counter()
    result = bs.assess(table)
    t_py.append(time.perf_counter() - t)
    assert result.num_rows == table.num_rows
a, b = statistics.median(t_cli), statistics.median(t_py)
print(f"{table.num_rows:,} incidents, {runs} interleaved runs each")
print("| route | wall median | wall best |")
print("|---|---|---|")
print(f"| CLI, CSV → CSV | {a:.2f} s | {min(t_cli):.2f} s |")
print(f"| Python, assess(pyarrow Table) → pyarrow Table (with the input's {table.num_columns} columns) | {b:.2f} s | {min(t_py):.2f} s |")
print(f"ratio Python/CLI, wall median: {b / a:.2f}×")
same = bs.assess_csv(table) == open(path + ".out.csv").read()
print(f"assess_csv(table) equals the CLI's CSV byte for byte: {same}")
PY
"$PY" examples/dask_assess.py "$work/in.csv" "$PARTS"
