#!/usr/bin/env bash
# Times two borderscope binaries on the same generated incidents, CSV in and CSV out, in
# interleaved runs (old, new, old, new, …: the machine drifts, so both see the same drift),
# and prints one table: wall and user seconds (median and fastest) and peak memory. Also
# checks that the new binary's first 12 CSV columns (the contract) equal the old one's.
#
#   bash benches/ab.sh OLD_BINARY [NEW_BINARY] [N] [RUNS]
#
# NEW_BINARY defaults to ./target/release/borderscope (built first); N incidents (default
# 1,000,000) from examples/gen_incidents (ACLED columns, geo_precision 2, time_precision 1);
# RUNS per binary (default 9).
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: ab.sh OLD_BINARY [NEW_BINARY] [N] [RUNS]}
new=${2:-./target/release/borderscope}
N=${3:-1000000}
RUNS=${4:-9}
work=$(mktemp -d /tmp/borderscope-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "$new" = ./target/release/borderscope ]; then
  cargo build --release -q --bin borderscope
fi
cargo build --release -q --example gen_incidents
./target/release/examples/gen_incidents "$N" > "$work/in.csv"
for _ in $(seq "$RUNS"); do
  for b in old new; do
    bin=$old; [ $b = new ] && bin=$new
    /usr/bin/time -f "$b %e %U %M" -a -o "$work/times" \
      "$bin" incidents --incidents "$work/in.csv" --format csv --out "$work/out-$b.csv" --force
  done
done
contract() { python3 -c 'import csv,sys,hashlib
m=hashlib.md5()
for r in csv.reader(open(sys.argv[1], newline="")): m.update((",".join(r[:12])+"\n").encode())
print(m.hexdigest())' "$1"; }
python3 - "$work/times" "$N" "$RUNS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    b, wall, user, kb = line.split()
    rows.setdefault(b, []).append((float(wall), float(user), int(kb)))
print(f"{sys.argv[2]} incidents, CSV to CSV, {sys.argv[3]} interleaved runs each")
print(f"{'binary':<8}{'wall median':>13}{'wall min':>10}{'user median':>13}{'user min':>10}{'peak MB':>9}")
for b in ("old", "new"):
    r = rows[b]
    w = [x[0] for x in r]; u = [x[1] for x in r]
    print(f"{b:<8}{statistics.median(w):>12.2f}s{min(w):>9.2f}s{statistics.median(u):>12.2f}s{min(u):>9.2f}s{max(x[2] for x in r)/1024:>9.0f}")
o, n = rows["old"], rows["new"]
ratio = lambda i, f: f([x[i] for x in n]) / f([x[i] for x in o])
print(f"new/old  wall median {ratio(0, statistics.median):.3f}, user median {ratio(1, statistics.median):.3f}")
PY
a=$(contract "$work/out-old.csv"); b=$(contract "$work/out-new.csv")
echo "contract columns (first 12): old $a, new $b: $([ "$a" = "$b" ] && echo same || echo DIFFER)"
