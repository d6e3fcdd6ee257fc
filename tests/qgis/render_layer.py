"""Shared by the QGIS probes: one layer drawn alone over white, as QGIS draws it, and what a
layer shows of its style."""
from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsSymbolLayer
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def pixels(layer, width, height):
    """The colours of the layer's rendering (its extent, width × height), row by row."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(layer.extent())
    settings.setDestinationCrs(layer.crs())
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    return [QColor(img.pixel(x, y)) for y in range(img.height()) for x in range(img.width())]


def describe(layer, corridor):
    """A layer: valid, how many features, its renderer, whether it is labelled and by which
    field, its symbol's data-defined size and colour, and for the corridor (`corridor`) how
    translucent it draws (the mean colour of its pixels rendered alone over white: an opaque
    fill would be the red)."""
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
    if corridor:
        tinted = pixels(layer, 300, 200)
        tinted = [c for c in tinted if (c.red(), c.green(), c.blue()) != (255, 255, 255)]
        n = max(len(tinted), 1)
        info["tinted_pixels"] = len(tinted)
        info["mean_tint"] = [sum(c.red() for c in tinted) / n, sum(c.green() for c in tinted) / n,
                             sum(c.blue() for c in tinted) / n]
    return info
