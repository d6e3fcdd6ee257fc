"""Writes what the peers need from a borderscope frontier file, as CSV:

- segments.csv: idx (file order, the tie-break), id, wkt (lon/lat);
- periods.csv: one row per segment and status period: id, idx, from, to (exclusive), exists,
  contested. Periods are cut at every date on which any segment's status or existence changes,
  exactly as borderscope does.

    python3 prepare.py data/border.geojson OUTDIR
"""
import csv
import json
import sys


def status_on(p, day):
    if p.get("valid_from") and day < p["valid_from"]:
        return None, False
    if p.get("valid_to") and day >= p["valid_to"]:
        return None, False
    s = None
    for e in p["history"]:
        if e.get("from") is None or e["from"] <= day:
            s = e["status"]
    return s, True


def main(path, out):
    doc = json.load(open(path, encoding="utf-8"))
    feats = doc["features"]
    dates = set()
    for f in feats:
        p = f["properties"]
        for e in p["history"]:
            if e.get("from"):
                dates.add(e["from"])
        for k in ("valid_from", "valid_to"):
            if p.get(k):
                dates.add(p[k])
    cuts = ["0001-01-01"] + sorted(dates) + ["9999-12-31"]
    with open(f"{out}/segments.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["idx", "id", "wkt"])
        for i, f in enumerate(feats):
            coords = ", ".join(f"{x!r} {y!r}" for x, y, *_ in f["geometry"]["coordinates"])
            w.writerow([i, f["properties"]["id"], f"LINESTRING ({coords})"])
    with open(f"{out}/periods.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "idx", "from", "to", "exists", "contested"])
        for a, b in zip(cuts, cuts[1:]):
            for i, f in enumerate(feats):
                s, exists = status_on(f["properties"], a)
                w.writerow([f["properties"]["id"], i, a, b, str(exists).lower(), str(s == "contested").lower()])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
