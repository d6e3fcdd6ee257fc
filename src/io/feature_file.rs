//! Files of GeoJSON features in the four encodings viewers and GDAL read: one
//! FeatureCollection, one feature per line, an RFC 8142 sequence, or CSV with the geometry as
//! WKT. `export` writes its layers and `import` its frontier through here; a new encoding
//! (as GeoParquet is) is one [`FeatureFormat`] variant, its extension and an arm in
//! [`features_to_string`].

use std::path::Path;

use serde_json::{Map, Value};

use super::geojson::collection_to_string;

/// The encodings of a file of features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum FeatureFormat {
    /// One FeatureCollection (`.geojson`, `.json`), with the collection's members.
    #[cfg_attr(feature = "cli", value(name = "geojson"))]
    GeoJson,
    /// One feature per line (`.geojsonl`, `.ndjson`, `.jsonl`), as GDAL's GeoJSONSeq reads it.
    #[cfg_attr(feature = "cli", value(name = "geojsonl"))]
    GeoJsonLines,
    /// RFC 8142 GeoJSON text sequence: each feature after an RS character (`.geojsons`).
    #[cfg_attr(feature = "cli", value(name = "geojsons"))]
    GeoJsonSeq,
    /// CSV with the geometry as WKT in a last `geometry` column (`.csv`), as QGIS and GDAL
    /// read it.
    #[cfg_attr(feature = "cli", value(name = "csv"))]
    Csv,
    /// GeoParquet 1.1 (`.parquet`; the `parquet` feature): one row per feature, the
    /// properties as columns, the geometry as WKB. Made from the GeoJSON
    /// ([`FeatureFormat::text_form`]).
    #[cfg_attr(feature = "cli", value(name = "parquet"))]
    Parquet,
    /// GeoPackage 1.3 (`.gpkg`; the `gpkg` feature): a table per `layer`, with the QGIS styles
    /// QGIS applies on opening. Made from the GeoJSON ([`FeatureFormat::text_form`]).
    #[cfg_attr(feature = "cli", value(name = "gpkg"))]
    GeoPackage,
}

impl FeatureFormat {
    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            FeatureFormat::GeoJson => "geojson",
            FeatureFormat::GeoJsonLines => "geojsonl",
            FeatureFormat::GeoJsonSeq => "geojsons",
            FeatureFormat::Csv => "csv",
            FeatureFormat::Parquet => "parquet",
            FeatureFormat::GeoPackage => "gpkg",
        }
    }

    /// The format a file extension names, in any case.
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(FeatureFormat::GeoJson),
            "geojsonl" | "ndjson" | "jsonl" => Some(FeatureFormat::GeoJsonLines),
            "geojsons" => Some(FeatureFormat::GeoJsonSeq),
            "csv" => Some(FeatureFormat::Csv),
            "parquet" | "geoparquet" => Some(FeatureFormat::Parquet),
            "gpkg" => Some(FeatureFormat::GeoPackage),
            _ => None,
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_extension(path.extension()?.to_str()?)
    }

    /// Whether the format carries the collection's members (the attribution among them):
    /// only the FeatureCollection does.
    pub fn carries_members(self) -> bool {
        self == FeatureFormat::GeoJson
    }

    /// The text a file in this format is made from: the FeatureCollection for Parquet (whose
    /// rows are its features), else the format itself.
    pub fn text_form(self) -> FeatureFormat {
        match self {
            FeatureFormat::Parquet | FeatureFormat::GeoPackage => FeatureFormat::GeoJson,
            f => f,
        }
    }

    /// Whether the format is binary (Parquet, GeoPackage), not for a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, FeatureFormat::Parquet | FeatureFormat::GeoPackage)
    }
}

impl std::fmt::Display for FeatureFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// `features` in `format`: a FeatureCollection with `members` before its features, or the
/// features alone, one a line (after an RS character for a sequence), or as CSV; for Parquet,
/// the FeatureCollection it is made from ([`FeatureFormat::text_form`]).
pub fn features_to_string(
    members: &Map<String, Value>,
    features: Vec<Value>,
    format: FeatureFormat,
) -> String {
    match format {
        FeatureFormat::GeoJson | FeatureFormat::Parquet | FeatureFormat::GeoPackage => {
            collection_to_string(members, features)
        }
        FeatureFormat::GeoJsonLines | FeatureFormat::GeoJsonSeq => {
            let rs = if format == FeatureFormat::GeoJsonSeq {
                "\u{1e}"
            } else {
                ""
            };
            features.iter().map(|f| format!("{rs}{f}\n")).collect()
        }
        FeatureFormat::Csv => csv_with_wkt(&features),
    }
}

/// CSV: one column per property (in first-seen order), lists and objects as JSON text, and the
/// geometry as WKT in the last column.
fn csv_with_wkt(features: &[Value]) -> String {
    let mut keys: Vec<String> = Vec::new();
    for f in features {
        if let Some(p) = f["properties"].as_object() {
            for k in p.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = keys.iter().map(|k| field(k)).collect::<Vec<_>>().join(",");
    out.push_str(",geometry\n");
    for f in features {
        let p = f["properties"].as_object();
        let mut row: Vec<String> = keys
            .iter()
            .map(|k| match p.and_then(|p| p.get(k)) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => field(s),
                Some(v) => field(&v.to_string()),
            })
            .collect();
        row.push(field(&wkt(&f["geometry"])));
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// WKT of a GeoJSON geometry of the kinds the export writes.
fn wkt(g: &Value) -> String {
    let pos = |p: &Value| format!("{} {}", p[0], p[1]);
    let seq = |a: &Value| {
        a.as_array()
            .map(|v| v.iter().map(pos).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    let rings = |a: &Value| {
        a.as_array()
            .map(|v| {
                v.iter()
                    .map(|r| format!("({})", seq(r)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let c = &g["coordinates"];
    match g["type"].as_str() {
        Some("Point") => format!("POINT ({})", pos(c)),
        Some("LineString") => format!("LINESTRING ({})", seq(c)),
        Some("MultiLineString") => format!(
            "MULTILINESTRING ({})",
            c.as_array()
                .map(|v| v
                    .iter()
                    .map(|l| format!("({})", seq(l)))
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default()
        ),
        Some("Polygon") => format!("POLYGON ({})", rings(c)),
        Some("MultiPolygon") => format!(
            "MULTIPOLYGON ({})",
            c.as_array()
                .map(|v| v
                    .iter()
                    .map(|p| format!("({})", rings(p)))
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default()
        ),
        _ => String::new(),
    }
}
