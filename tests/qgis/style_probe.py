"""Opens an exported GeoJSON in QGIS (PyQGIS, headless) as QGIS's "Add layer" does, one layer per
geometry type, and reports how the line layer is styled and drawn: its renderer, and how many
pixels of a 600x400 rendering are contested red and settled grey.

Run with Debian's python3 (package python3-qgis): /usr/bin/python3 style_probe.py FILE.geojson
Prints one JSON object. Used by tests/export.rs."""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import Qgis, QgsApplication, QgsProviderRegistry, QgsVectorLayer

from render_layer import pixels

app = QgsApplication([], False)
app.initQgis()
path = sys.argv[1]
out = {"layers": []}
subs = QgsProviderRegistry.instance().querySublayers(path, Qgis.SublayerQueryFlag.ResolveGeometryType)
for s in subs:
    layer = QgsVectorLayer(s.uri(), s.name(), "ogr")
    r = layer.renderer()
    info = {"uri": s.uri(), "valid": layer.isValid(), "features": layer.featureCount(),
            "renderer": r.type() if r else None}
    if r is not None and r.type() == "categorizedSymbol":
        info["attribute"] = r.classAttribute()
        info["categories"] = {c.value() if c.value() is not None else "": c.symbol().color().name()
                              for c in r.categories()}
    if layer.geometryType() == 1:  # lines: draw them
        red = grey = 0
        for c in pixels(layer, 600, 400):
            if abs(c.red() - 215) < 30 and c.green() < 70 and c.blue() < 70:
                red += 1
            elif abs(c.red() - 111) < 25 and abs(c.green() - 111) < 25 and abs(c.blue() - 111) < 25:
                grey += 1
        info["red_pixels"] = red
        info["grey_pixels"] = grey
    out["layers"].append(info)
print(json.dumps(out))
sys.stdout.flush()
# QGIS can crash while tearing down offscreen: leave without teardown.
os._exit(0)
