"""Checks a peer's answers against borderscope's and prints one JSON line of agreement figures.

borderscope's CSV (its contract) is the reference: exact geodesic distances. For the peer:
- segment: how often it names the same nearest segment; where not, whether that is a near-tie
  (the two distances within the peer's stated error) or a real mistake;
- distance error: largest and 99th-percentile |peer − borderscope| where the segments agree;
- the same for the nearest contested segment, and how often the within-10-km flag agrees.

    python3 agree.py borderscope.csv peer.csv ERROR_BOUND_M
"""
import csv
import json
import math
import sys


def load(path, cols):
    with open(path, newline="") as fh:
        r = csv.DictReader(fh)
        return {row[cols[0]]: row for row in r}


def num(x):
    try:
        v = float(x)
        return v if math.isfinite(v) else None
    except (TypeError, ValueError):
        return None


def main(bs_path, peer_path, bound):
    bound = float(bound)
    bs = load(bs_path, ["id"])
    peer = load(peer_path, ["id"])
    stats = {"rows": len(bs), "missing": 0}
    for kind, (bs_seg, bs_d, p_seg, p_d) in {
        "nearest": ("segment_id", "distance_m", "seg", "d"),
        "contested": ("contested_segment_id", "contested_distance_m", "c_seg", "c_d"),
    }.items():
        same = ties = wrong = 0
        errs = []
        for i, b in bs.items():
            p = peer.get(i)
            if p is None:
                stats["missing"] += 1
                continue
            db, dp = num(b[bs_d]), num(p[p_d])
            if db is None and dp is None:
                same += 1
                continue
            if db is None or dp is None:
                wrong += 1
                continue
            if b[bs_seg] == p[p_seg]:
                same += 1
                errs.append(abs(dp - db))
            elif abs(dp - db) <= bound:
                ties += 1
            else:
                wrong += 1
        errs.sort()
        stats[kind] = {
            "same_segment": same,
            "other_segment_within_error": ties,
            "other_segment_beyond_error": wrong,
            "max_error_m": round(errs[-1], 4) if errs else 0.0,
            "p99_error_m": round(errs[int(0.99 * (len(errs) - 1))], 4) if errs else 0.0,
        }
    flag = sum(1 for i, b in bs.items() if i in peer and (b["near_contested"] == "true") == (peer[i]["near"].lower() in ("true", "t", "1")))
    stats["near_flag_agrees"] = flag
    stats["missing"] //= 2
    print(json.dumps(stats))


if __name__ == "__main__":
    main(*sys.argv[1:4])
