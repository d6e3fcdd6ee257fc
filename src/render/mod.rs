//! Outputs people look at or load into map viewers: the layered GeoJSON export, the static SVG
//! map and the self-contained HTML map.

pub mod export;
pub mod html;
pub mod projection;
pub mod qml;
pub mod style;
pub mod svg;

pub use export::{ExportFormat, Layers, MapData, export_text};
pub use html::{HtmlOptions, render_html};
pub use svg::{SvgOptions, render_svg};
