//! A file of features as the GeoJSON loaders read it, whatever form it is in: GeoJSON text as
//! it is (a FeatureCollection, features one per line, a text sequence), or a GeoParquet file
//! (the `parquet` feature), whose rows become the features and whose footer gives back the
//! collection's members, or CSV with the geometry as WKT (what `export --format csv` writes;
//! [`super::wkt_csv`]). One place where a frontier or gazetteer file's form is told apart: a
//! new form is one arm here.

use std::path::Path;

use super::error::{LoadError, file_label, read_to_string};

/// The file's features as GeoJSON text.
pub(crate) fn read_features_text(path: &Path) -> Result<String, LoadError> {
    let parquet = std::fs::File::open(path).ok().and_then(|mut f| {
        let mut magic = [0u8; 4];
        std::io::Read::read_exact(&mut f, &mut magic).ok()?;
        Some(&magic == b"PAR1")
    });
    if parquet == Some(true) {
        return parquet_text(path);
    }
    let text = read_to_string(path)?;
    let first = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .chars()
        .next();
    if !matches!(first, Some('{' | '[' | '\u{1e}') | None)
        && super::wkt_csv::geometry_column(&text).is_some()
    {
        return super::wkt_csv::wkt_csv_to_geojson(&text, &file_label(path));
    }
    Ok(text)
}

#[cfg(feature = "parquet")]
fn parquet_text(path: &Path) -> Result<String, LoadError> {
    let doc = super::geoparquet::read_feature_collection(path, &file_label(path))?;
    Ok(doc.to_string())
}

#[cfg(not(feature = "parquet"))]
fn parquet_text(path: &Path) -> Result<String, LoadError> {
    Err(LoadError::Unreadable {
        file: file_label(path),
        place: super::error::Place::Document,
        field: "(file)".into(),
        problem: "is Parquet, and this borderscope was built without it: install it with `cargo install --locked --path . --features parquet`".into(),
    })
}
