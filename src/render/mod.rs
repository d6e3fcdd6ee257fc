//! Outputs people look at or load into map viewers: the layered GeoJSON export, the static SVG
//! map (and its PNG, feature `png`) and the self-contained HTML map.

pub mod countries;
pub(crate) mod escape;
pub(crate) mod export;
pub(crate) mod extent;
pub(crate) mod html;
#[cfg(feature = "png")]
pub(crate) mod png;
#[doc(hidden)]
pub mod projection;
pub(crate) mod qgis_project;
pub(crate) mod qml;
#[doc(hidden)]
pub mod style;
pub(crate) mod svg;

pub use crate::io::FeatureFormat as ExportFormat;
pub use export::{Layers, MapData, export_text};
pub use html::{ContestedPeriod, HtmlOptions, contested_periods, render_html};
#[cfg(feature = "png")]
pub use png::{PngError, svg_to_png};
pub use qgis_project::{export_project, qgis_layer_styles};
pub use qml::segments_qml;
pub use svg::{SvgOptions, render_svg};
