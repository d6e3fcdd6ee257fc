"""Opens the QGIS project an export writes beside itself (NAME.qgs) in PyQGIS, headless, and
reports each layer: valid, how many features, its renderer, whether it is labelled and by
which field, its symbol's data-defined size, and for the corridor how translucent it draws
(the mean colour of its pixels rendered alone over white: an opaque fill would be the red).

Run with Debian's python3 (package python3-qgis): /usr/bin/python3 project_probe.py FILE.qgs
Prints one JSON object. Used by tests/export.rs."""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsProject, QgsSymbolLayer
from qgis.PyQt.QtGui import QColor

from render_layer import pixels

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
out = {"read": project.read(sys.argv[1]), "layers": {}}
for layer in project.mapLayers().values():
    r = layer.renderer()
    info = {"valid": layer.isValid(), "features": layer.featureCount(),
            "renderer": r.type() if r else None, "labelled": layer.labelsEnabled()}
    if layer.labelsEnabled() and layer.labeling() is not None:
        info["label_field"] = layer.labeling().settings().fieldName
    if r is not None and r.type() == "singleSymbol":
        sl = r.symbol().symbolLayer(0)
        size = sl.dataDefinedProperties().property(QgsSymbolLayer.PropertySize)
        info["size_expression"] = size.expressionString() if size.isActive() else None
        info["colour"] = sl.color().name(QColor.HexArgb)
    if layer.name().startswith("Corridor"):
        tinted = pixels(layer, 300, 200)
        tinted = [c for c in tinted if (c.red(), c.green(), c.blue()) != (255, 255, 255)]
        n = max(len(tinted), 1)
        info["tinted_pixels"] = len(tinted)
        info["mean_tint"] = [sum(c.red() for c in tinted) / n, sum(c.green() for c in tinted) / n,
                             sum(c.blue() for c in tinted) / n]
    out["layers"][layer.name()] = info
print(json.dumps(out))
sys.stdout.flush()
os._exit(0)
