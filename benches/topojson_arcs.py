"""TopoJSON (quantised, delta-encoded arcs) for the world benchmarks' scripts: the file, and
each arc decoded to lon/lat positions rounded to 10⁻⁶°. Standard library only."""
import json


def load(path):
    """The TopoJSON document at `path` and a function decoding one of its arcs."""
    topo = json.load(open(path))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]

    def decode(arc):
        x = y = 0
        out = []
        for dx, dy in arc:
            x += dx
            y += dy
            out.append([round(x * sx + tx, 6), round(y * sy + ty, 6)])
        return out

    return topo, decode
