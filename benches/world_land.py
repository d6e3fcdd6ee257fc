"""Converts npm world-atlas land-10m.json (Natural Earth 1:10m land, public domain; TopoJSON)
into GeoJSON polygons, lon/lat, for `examples/gen_incidents --within` (points spread over the
world's land). Standard library only.

    python3 benches/world_land.py land-10m.json land.geojson

Prints the number of polygons, rings and vertices. Every ring comes out a plain polygon in the
lon/lat plane: the few that cross the antimeridian (Fiji, Wrangel Island, Chukotka) are cut in
two along it; Antarctica's ring, which goes once round the pole, is left as it is (its last edge
runs back along about 84.3° S, closing it below the coast, as the data clips it)."""
import json
import sys

from topojson_arcs import load

topo, decode = load(sys.argv[1])


arcs = [decode(a) for a in topo["arcs"]]


def ring(indices):
    """The ring of TopoJSON arcs `indices` (a negative index ~i is arc i reversed); each arc
    after the first starts where the previous one ended."""
    out = []
    for a in indices:
        line = arcs[a] if a >= 0 else arcs[~a][::-1]
        out.extend(line if not out else line[1:])
    return out


def clip(r, keep_west):
    """Sutherland–Hodgman: the part of ring `r` west (or east) of longitude 180."""
    def inside(p):
        return p[0] <= 180.0 if keep_west else p[0] >= 180.0
    out = []
    for k in range(len(r)):
        p, q = r[k - 1], r[k]
        if inside(q) != inside(p):
            t = (180.0 - p[0]) / (q[0] - p[0])
            out.append([180.0, round(p[1] + t * (q[1] - p[1]), 6)])
        if inside(q):
            out.append(q)
    return out


def jumps(r):
    """How many edges of ring `r` jump more than 180° in longitude."""
    return sum(1 for k in range(1, len(r)) if abs(r[k][0] - r[k - 1][0]) > 180.0)


def halves(r):
    """The parts of a ring across the antimeridian west and east of it, each a plain ring."""
    u = [list(r[0])]
    for p in r[1:]:
        x = p[0]
        while x - u[-1][0] > 180.0:
            x -= 360.0
        while x - u[-1][0] < -180.0:
            x += 360.0
        u.append([x, p[1]])
    if max(p[0] for p in u) <= 180.0:
        u = [[p[0] + 360.0, p[1]] for p in u]
    west = clip(u, True)
    east = [[round(p[0] - 360.0, 6), p[1]] for p in clip(u, False)]
    return west, east


polygons = []
cut = 0
for g in topo["objects"]["land"]["geometries"]:
    polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
    for poly in polys:
        rings = [r for r in (ring(a) for a in poly) if len(r) >= 4]
        if not rings:
            continue
        # A ring across the antimeridian: an even number of jumps (an odd number is a ring
        # round a pole, left as it is). Its polygon is cut in two, every ring into its halves.
        if any(jumps(r) > 0 and jumps(r) % 2 == 0 for r in rings):
            parts = [halves(r) if jumps(r) > 0 else (r, []) for r in rings]
            for side in (0, 1):
                half = [p[side] for p in parts if len(p[side]) >= 4]
                if half:
                    polygons.append(half)
            cut += 1
        else:
            polygons.append(rings)
features = [{"type": "Feature", "properties": {"name": "land"},
             "geometry": {"type": "MultiPolygon", "coordinates": polygons}}]
json.dump({"type": "FeatureCollection", "features": features}, open(sys.argv[2], "w"))
rings = sum(len(p) for p in polygons)
vertices = sum(len(r) for p in polygons for r in p)
print(f"{len(polygons)} polygons ({cut} cut at the antimeridian), {rings} rings, {vertices} vertices")
