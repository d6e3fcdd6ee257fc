"""Builds a "world frontier" for benchmarks: every land border shared by two countries of npm
world-atlas countries-10m.json (Natural Earth 1:10m, public domain), each shared arc of the
TopoJSON one settled segment, lon/lat. Standard library only.

    python3 benches/world_frontier.py countries-10m.json world.geojson

Prints the number of segments, vertices and country pairs."""
import json
import sys

from topojson_arcs import load

topo, decode = load(sys.argv[1])


def arcs_of(geometry):
    """Every arc index of a Polygon or MultiPolygon (a negative index is an arc reversed)."""
    polys = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    for poly in polys:
        for ring in poly:
            for a in ring:
                yield a if a >= 0 else ~a


users = {}
for g in topo["objects"]["countries"]["geometries"]:
    if g.get("type") not in ("Polygon", "MultiPolygon"):
        continue
    name = g.get("properties", {}).get("name", str(g.get("id")))
    for a in arcs_of(g):
        users.setdefault(a, set()).add(name)

features = []
pairs = set()
vertices = 0
for a, names in sorted(users.items()):
    if len(names) != 2:
        continue
    line = decode(topo["arcs"][a])
    if len(line) < 2:
        continue
    pair = " – ".join(sorted(names))
    pairs.add(pair)
    vertices += len(line)
    features.append({
        "type": "Feature",
        "properties": {"id": f"arc-{a}", "name": pair, "sector": "world",
                       "history": [{"status": "settled", "source": "benchmark"}]},
        "geometry": {"type": "LineString", "coordinates": line},
    })
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[2], "w"))
print(f"{len(features)} segments, {vertices} vertices, {len(pairs)} country pairs")
