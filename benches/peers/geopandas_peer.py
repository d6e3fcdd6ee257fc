"""GeoPandas peer: nearest segment and nearest contested segment for each incident, with
sjoin_nearest in UTM zone 42N (EPSG:32642), per status period.

    python3 geopandas_peer.py incidents.csv segments.csv periods.csv out.csv
"""
import sys

import geopandas as gpd
import pandas as pd
import shapely

inc_path, seg_path, per_path, out_path = sys.argv[1:5]
inc = pd.read_csv(inc_path, usecols=["event_id_cnty", "event_date", "latitude", "longitude"])
pts = gpd.GeoDataFrame(
    {"id": inc["event_id_cnty"], "date": inc["event_date"]},
    geometry=gpd.points_from_xy(inc["longitude"], inc["latitude"]),
    crs=4326,
).to_crs(32642)
segs = pd.read_csv(seg_path)
seg = gpd.GeoDataFrame(segs[["idx", "id"]], geometry=shapely.from_wkt(segs["wkt"]), crs=4326).to_crs(32642)
per = pd.read_csv(per_path)

parts = []
for (f, t), p in per.groupby(["from", "to"], sort=True):
    sel = pts[(pts["date"] >= f) & (pts["date"] < t)]
    if sel.empty:
        continue
    res = sel[["id"]].copy()
    for kind, mask in (("", p["exists"]), ("c_", p["contested"])):
        ids = set(p.loc[mask, "idx"])
        cand = seg[seg["idx"].isin(ids)]
        if cand.empty:
            res[kind + "seg"] = ""
            res[kind + "d"] = float("nan")
            continue
        j = gpd.sjoin_nearest(sel, cand, how="left", distance_col="d")
        # sjoin_nearest returns every tied segment: keep the first in file order.
        j = j.sort_values(["idx"]).loc[lambda x: ~x.index.duplicated(keep="first")]
        res[kind + "seg"] = j["id_right"].reindex(sel.index)
        res[kind + "d"] = j["d"].reindex(sel.index)
    parts.append(res)
out = pd.concat(parts).reindex(pts.index)
out["near"] = out["c_d"] <= 10_000
out.to_csv(out_path, index=False, columns=["id", "seg", "d", "c_seg", "c_d", "near"])
