"""Shared by the QGIS probes: one layer drawn alone over white, as QGIS draws it."""
from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
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
