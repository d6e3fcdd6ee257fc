"""Opens every layer of a GeoPackage export in PyQGIS, headless, as QGIS's browser or
"Add layer" opens a table (a vector layer that loads its default style, which for a
GeoPackage QGIS takes from the file's layer_styles table), and reports each as
project_probe.py does.

Run with Debian's python3 (package python3-qgis): /usr/bin/python3 gpkg_probe.py FILE.gpkg
Prints one JSON object. Used by tests/export.rs."""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer

from render_layer import describe

app = QgsApplication([], False)
app.initQgis()
path = sys.argv[1]
out = {"layers": {}}
for table in ["corridor", "segment", "settlement", "incident"]:
    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    out["layers"][table] = describe(layer, table == "corridor")
print(json.dumps(out))
sys.stdout.flush()
os._exit(0)
