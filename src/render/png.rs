//! PNG pictures of the SVG maps, for the places that take only images (a newsroom's CMS, a
//! slide): the SVG rendered in-process by resvg, with DejaVu Sans (regular and bold, from the
//! `dejavu` crate, MIT/Apache-2.0 packaging of the Bitstream Vera–derived DejaVu licence) as
//! the only fonts, so that the same map gives the same pixels on every machine, whatever fonts
//! it has installed.

use std::sync::Arc;

/// The SVG could not be made a PNG.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// resvg could not read the SVG (a bug of the renderer that wrote it).
    #[error("the SVG could not be read for the PNG: {0}")]
    Svg(String),
    /// The picture has no pixels, or more than a pixmap holds.
    #[error("a PNG of {0}×{1} pixels cannot be made")]
    Size(u32, u32),
    /// Encoding failed.
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// The fonts: DejaVu Sans, regular and bold, as every family the maps name.
fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_font_data(dejavu::sans::regular().to_vec());
    db.load_font_data(dejavu::sans::bold().to_vec());
    db.set_sans_serif_family("DejaVu Sans");
    db.set_serif_family("DejaVu Sans");
    db.set_monospace_family("DejaVu Sans");
    Arc::new(db)
}

/// An SVG document as a PNG, at the SVG's own size in pixels (its `width` and `height`) times
/// `scale`, on white.
///
/// ```
/// let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="20" width="20" height="20" fill="#ff0000"/></svg>"##;
/// let png = borderscope::render::svg_to_png(svg, 1.0).unwrap();
/// assert_eq!(&png[1..4], b"PNG");
/// // The IHDR chunk: width 40, height 20.
/// assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 40);
/// assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 20);
/// ```
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".into(),
        ..Default::default()
    };
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round() as u32,
        (size.height() * scale).round() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).ok_or(PngError::Size(w, h))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}
