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
from qgis.core import QgsApplication, QgsProject

from render_layer import describe

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
out = {"read": project.read(sys.argv[1]), "layers": {}}
for layer in project.mapLayers().values():
    out["layers"][layer.name()] = describe(layer, layer.name().startswith("Corridor"))
print(json.dumps(out))
sys.stdout.flush()
os._exit(0)
