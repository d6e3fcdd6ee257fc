//! GeoPackage output (OGC 12-128r15, GeoPackage 1.3, which GDAL 3.x and QGIS 3.x read without a warning): a FeatureCollection as an SQLite
//! database of one feature table per `layer` property (the export's `corridor`, `segment`,
//! `settlement` and `incident`), lon/lat on EPSG:4326, and optional QGIS styles in a
//! `layer_styles` table, which QGIS applies by itself when a layer of the file is opened.
//!
//! The database is built in memory by SQLite (the `rusqlite` crate, SQLite bundled) and
//! handed back as bytes, so that it is written as every output is (whole or not at all). The
//! GeoPackage tables and the geometry blob header are written here: no Rust crate writes
//! GeoPackages without GDAL.

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::{Connection, params_from_iter, types::Value as Sql};
use serde_json::{Map, Value};

use super::geojson::geometry_from_value;
use super::wkb::write_wkb;

/// What can go wrong building a GeoPackage.
#[derive(Debug)]
pub enum GeoPackageError {
    /// The text is not a GeoJSON FeatureCollection.
    NotACollection(String),
    /// SQLite refused a statement.
    Sqlite(rusqlite::Error),
}

impl fmt::Display for GeoPackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeoPackageError::NotACollection(e) => {
                write!(f, "GeoPackage: not a GeoJSON FeatureCollection: {e}")
            }
            GeoPackageError::Sqlite(e) => write!(f, "GeoPackage: SQLite: {e}"),
        }
    }
}

impl std::error::Error for GeoPackageError {}

impl From<rusqlite::Error> for GeoPackageError {
    fn from(e: rusqlite::Error) -> Self {
        GeoPackageError::Sqlite(e)
    }
}

/// WKT of EPSG:4326 as GeoPackage's own definition table gives it.
const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The column type a property's values need: INTEGER when every value is a whole number (or
/// a boolean), REAL when every one is a number, TEXT otherwise (lists and objects as JSON).
fn column_type(values: &[&Value]) -> &'static str {
    let present: Vec<&&Value> = values.iter().filter(|v| !v.is_null()).collect();
    if present.is_empty() {
        "TEXT"
    } else if present.iter().all(|v| v.is_boolean()) {
        "BOOLEAN"
    } else if present.iter().all(|v| v.is_i64()) {
        "INTEGER"
    } else if present.iter().all(|v| v.is_number()) {
        "REAL"
    } else {
        "TEXT"
    }
}

fn sql_value(v: Option<&Value>, ty: &str) -> Sql {
    match v {
        None | Some(Value::Null) => Sql::Null,
        Some(Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        Some(Value::Number(n)) if ty == "INTEGER" => Sql::Integer(n.as_i64().unwrap_or(0)),
        Some(Value::Number(n)) if ty == "REAL" => Sql::Real(n.as_f64().unwrap_or(f64::NAN)),
        Some(Value::String(s)) => Sql::Text(s.clone()),
        Some(other) => Sql::Text(other.to_string()),
    }
}

/// A GeoPackage geometry blob: the "GP" header (version 0, little-endian, the x/y envelope
/// except for points), the SRS id 4326, then ISO WKB.
fn gpkg_blob(g: &geo::Geometry<f64>) -> (Vec<u8>, &'static str) {
    use geo::BoundingRect as _;
    let mut out = vec![b'G', b'P', 0];
    let point = matches!(g, geo::Geometry::Point(_));
    let envelope = if point { None } else { g.bounding_rect() };
    out.push(if envelope.is_some() {
        0b0000_0011
    } else {
        0b0000_0001
    });
    out.extend_from_slice(&4326i32.to_le_bytes());
    if let Some(r) = envelope {
        for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    let kind = write_wkb(&mut out, g);
    (out, kind)
}

/// `wanted`, or `wanted_1`, `wanted_2`, … : the first that `used` does not hold in any case,
/// which it then holds.
fn unique(wanted: &str, used: &mut Vec<String>) -> String {
    let taken = |n: &str, used: &[String]| used.iter().any(|u| u.eq_ignore_ascii_case(n));
    let mut name = wanted.to_string();
    let mut k = 1;
    while taken(&name, used) {
        name = format!("{wanted}_{k}");
        k += 1;
    }
    used.push(name.clone());
    name
}

/// `"name"` with inner quotes doubled: an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The GeoPackage of a FeatureCollection's text: a feature table per `layer` property value
/// (features without one in `features`), in first-seen order, its columns every property of
/// its features, `fid` and `geom` (a property of either name is written as `NAME_1`); and,
/// for each `(layer, qml)` of `styles` whose layer is present, that style in `layer_styles`
/// as the layer's default. The collection's `title` or `name` describes each table.
pub fn collection_to_gpkg(
    text: &str,
    styles: &[(String, String)],
) -> Result<Vec<u8>, GeoPackageError> {
    let doc: Value =
        serde_json::from_str(text).map_err(|e| GeoPackageError::NotACollection(e.to_string()))?;
    let features = doc["features"]
        .as_array()
        .ok_or_else(|| GeoPackageError::NotACollection("no features array".into()))?;
    let description = doc["title"]
        .as_str()
        .or(doc["name"].as_str())
        .unwrap_or("")
        .to_string();
    // Tables by `layer`, in first-seen order; a layer whose name SQLite or GeoPackage keeps
    // for itself, is empty, or is another's but for case, gets a table name of its own.
    let mut order: Vec<String> = Vec::new();
    let mut tables: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    let mut table_of: BTreeMap<String, String> = BTreeMap::new();
    let mut used: Vec<String> = vec!["layer_styles".into()];
    for f in features {
        let layer = f["properties"]["layer"]
            .as_str()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or("features")
            .to_string();
        let table = table_of
            .entry(layer.clone())
            .or_insert_with(|| {
                let reserved = ["gpkg_", "sqlite_", "rtree_"]
                    .iter()
                    .any(|p| layer.to_ascii_lowercase().starts_with(p));
                let wanted = if reserved {
                    format!("{layer}_1")
                } else {
                    layer.clone()
                };
                let t = unique(&wanted, &mut used);
                order.push(t.clone());
                t
            })
            .clone();
        tables.entry(table).or_default().push(f);
    }

    let mut db = Connection::open_in_memory()?;
    db.execute_batch(&format!(
        "PRAGMA application_id = 1196444487; PRAGMA user_version = 10300;
         CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
           organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
           definition TEXT NOT NULL, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{WGS84_WKT}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
         CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
           identifier TEXT UNIQUE, description TEXT DEFAULT '',
           last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
           min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
           CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
         CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
           geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
           CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
           CONSTRAINT uk_gc_table_name UNIQUE (table_name),
           CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
           CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));"
    ))?;
    let tx = db.transaction()?;
    for layer in &order {
        let rows = &tables[layer];
        // Columns in first-seen order, each with the type its values need.
        let mut keys: Vec<String> = Vec::new();
        for f in rows {
            for k in f["properties"].as_object().into_iter().flat_map(Map::keys) {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        let types: Vec<&str> = keys
            .iter()
            .map(|k| column_type(&rows.iter().map(|f| &f["properties"][k]).collect::<Vec<_>>()))
            .collect();
        // SQLite compares column names without regard to case: `Date` beside `date` is one
        // name, as are `fid`, `geom` and a property of either name.
        let mut used: Vec<String> = vec!["fid".into(), "geom".into()];
        let names: Vec<String> = keys.iter().map(|k| unique(k, &mut used)).collect();
        let blobs: Vec<Option<(Vec<u8>, &str)>> = rows
            .iter()
            .map(|f| geometry_from_value(&f["geometry"]).map(|g| gpkg_blob(&g)))
            .collect();
        let mut kinds: Vec<&str> = blobs.iter().flatten().map(|(_, k)| *k).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let geometry_type = match kinds.as_slice() {
            [one] => one.to_ascii_uppercase(),
            _ => "GEOMETRY".to_string(),
        };
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mut any = false;
        for f in rows {
            if let Some(r) = geometry_from_value(&f["geometry"])
                .and_then(|g| geo::BoundingRect::bounding_rect(&g))
            {
                any = true;
                (x0, y0) = (x0.min(r.min().x), y0.min(r.min().y));
                (x1, y1) = (x1.max(r.max().x), y1.max(r.max().y));
            }
        }
        let columns: String = names
            .iter()
            .zip(&types)
            .map(|(n, t)| format!(", {} {t}", ident(n)))
            .collect();
        tx.execute_batch(&format!(
            "CREATE TABLE {} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {geometry_type}{columns});",
            ident(layer)
        ))?;
        tx.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, 4326)",
            rusqlite::params![
                layer,
                description,
                any.then_some(x0),
                any.then_some(y0),
                any.then_some(x1),
                any.then_some(y1)
            ],
        )?;
        tx.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
            rusqlite::params![layer, geometry_type],
        )?;
        let placeholders: String = (0..=names.len())
            .map(|i| format!("?{}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let column_list: String = std::iter::once("geom".to_string())
            .chain(names.iter().map(|n| ident(n)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {} ({column_list}) VALUES ({placeholders})",
            ident(layer)
        ))?;
        for (f, blob) in rows.iter().zip(blobs) {
            let p = f["properties"].as_object();
            let values = std::iter::once(blob.map_or(Sql::Null, |(b, _)| Sql::Blob(b))).chain(
                keys.iter()
                    .zip(&types)
                    .map(|(k, t)| sql_value(p.and_then(|p| p.get(k)), t)),
            );
            insert.execute(params_from_iter(values))?;
        }
    }
    let present: Vec<(&String, &String)> = styles
        .iter()
        .filter_map(|(layer, qml)| Some((table_of.get(layer)?, qml)))
        .collect();
    if !present.is_empty() {
        // QGIS's own table of styles; a style with useAsDefault is applied on opening.
        tx.execute_batch(
            "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256),
               f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
               styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
               description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
             INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
               VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles of the layers');",
        )?;
        for (layer, qml) in present {
            tx.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner) VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, 'borderscope', '')",
                rusqlite::params![layer, qml],
            )?;
        }
    }
    tx.commit()?;
    let bytes = db.serialize(rusqlite::MAIN_DB)?.to_vec();
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names SQLite would take for one (it ignores case) are made distinct: an incident's own
    /// `Date` beside the export's `date`, `GEOM` beside `geom_1`, a `Segment` layer beside
    /// `segment`, and a layer named as GeoPackage's own tables.
    #[test]
    fn names_that_differ_only_in_case_are_kept_apart() {
        let mut used = vec!["fid".to_string(), "geom".to_string()];
        let names: Vec<String> = ["date", "Date", "geom_1", "GEOM", "Geom"]
            .iter()
            .map(|k| unique(k, &mut used))
            .collect();
        assert_eq!(names, ["date", "Date_1", "geom_1", "GEOM_2", "Geom_3"]);
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"layer":"segment","date":"2022-01-01","Date":"x","GEOM":1},"geometry":null},
          {"type":"Feature","properties":{"layer":"Segment","a":1},"geometry":{"type":"Point","coordinates":[1,2]}},
          {"type":"Feature","properties":{"layer":"gpkg_contents"},"geometry":{"type":"Point","coordinates":[1,2]}},
          {"type":"Feature","properties":{"layer":""},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#;
        let bytes = collection_to_gpkg(text, &[]).unwrap();
        let mut db = Connection::open_in_memory().unwrap();
        db.deserialize_read_exact(rusqlite::MAIN_DB, &bytes[..], bytes.len(), true)
            .unwrap();
        let tables: Vec<(String, Option<f64>)> = db
            .prepare("SELECT table_name, min_x FROM gpkg_contents ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            tables,
            [
                ("segment".to_string(), None),
                ("Segment_1".to_string(), Some(1.0)),
                ("gpkg_contents_1".to_string(), Some(1.0)),
                ("features".to_string(), Some(1.0)),
            ]
        );
        let x: String = db
            .query_row("SELECT Date_1 FROM segment", [], |r| r.get(0))
            .unwrap();
        assert_eq!(x, "x");
    }

    /// The blob header of GeoPackage 1.3 §2.1.3: "GP", version 0, flags 0b011 (envelope
    /// [minx, maxx, miny, maxy], little-endian) for a line, 0b001 (no envelope) for a point,
    /// SRS id 4326, then the WKB (byte order 1, type 2 for a LineString).
    #[test]
    fn blobs_have_the_geopackage_header() {
        let line =
            geo::Geometry::LineString(geo::LineString::from(vec![(70.0, 40.0), (71.0, 39.5)]));
        let (b, kind) = gpkg_blob(&line);
        assert_eq!(kind, "LineString");
        assert_eq!(&b[..4], b"GP\x00\x03");
        assert_eq!(i32::from_le_bytes(b[4..8].try_into().unwrap()), 4326);
        let env: Vec<f64> = (0..4)
            .map(|i| f64::from_le_bytes(b[8 + 8 * i..16 + 8 * i].try_into().unwrap()))
            .collect();
        assert_eq!(env, [70.0, 71.0, 39.5, 40.0]);
        assert_eq!(b[40], 1);
        assert_eq!(u32::from_le_bytes(b[41..45].try_into().unwrap()), 2);
        let (p, _) = gpkg_blob(&geo::Geometry::Point(geo::Point::new(70.0, 40.0)));
        assert_eq!(&p[..4], b"GP\x00\x01");
        assert_eq!(p.len(), 8 + 21);
    }

    /// A table per layer with its rows, columns typed by their values, a `fid` property kept
    /// as `fid_1`, and the style of a present layer stored as its default.
    #[test]
    fn a_table_per_layer_with_typed_columns_and_default_styles() {
        let text = r#"{"type":"FeatureCollection","title":"t","features":[
          {"type":"Feature","properties":{"layer":"segment","name":"a","km":1.5,"n":2,"fid":"x"},"geometry":{"type":"LineString","coordinates":[[70,40],[71,40]]}},
          {"type":"Feature","properties":{"layer":"settlement","name":"b","tags":[1,2]},"geometry":{"type":"Point","coordinates":[70.5,40.2]}},
          {"type":"Feature","properties":{"layer":"segment","name":"c","km":2,"n":3},"geometry":{"type":"LineString","coordinates":[[71,40],[72,41]]}}]}"#;
        let styles = vec![
            ("segment".to_string(), "<qgis/>".to_string()),
            ("corridor".to_string(), "<qgis/>".to_string()),
        ];
        let bytes = collection_to_gpkg(text, &styles).unwrap();
        assert_eq!(&bytes[..16], b"SQLite format 3\0");
        // application_id 'GPKG' at offset 68, user_version 10300 at 60 (big-endian).
        assert_eq!(&bytes[68..72], b"GPKG");
        assert_eq!(u32::from_be_bytes(bytes[60..64].try_into().unwrap()), 10300);
        let mut db = Connection::open_in_memory().unwrap();
        db.deserialize_read_exact(rusqlite::MAIN_DB, &bytes[..], bytes.len(), true)
            .unwrap();
        let n: i64 = db
            .query_row("SELECT count(*) FROM segment", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        let km: f64 = db
            .query_row("SELECT sum(km) FROM segment", [], |r| r.get(0))
            .unwrap();
        assert_eq!(km, 3.5);
        let types: Vec<(String, String)> = db
            .prepare("SELECT name, type FROM pragma_table_info('segment')")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let t = |c: &str| types.iter().find(|(n, _)| n == c).unwrap().1.clone();
        assert_eq!(
            (t("geom"), t("km"), t("n"), t("name"), t("fid_1")),
            (
                "LINESTRING".into(),
                "REAL".into(),
                "INTEGER".into(),
                "TEXT".into(),
                "TEXT".into()
            )
        );
        let tags: String = db
            .query_row("SELECT tags FROM settlement", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tags, "[1,2]");
        let (kind, minx, maxy): (String, f64, f64) = db
            .query_row(
                "SELECT geometry_type_name, min_x, max_y FROM gpkg_geometry_columns JOIN gpkg_contents USING (table_name) WHERE table_name = 'segment'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((kind.as_str(), minx, maxy), ("LINESTRING", 70.0, 41.0));
        let styled: Vec<String> = db
            .prepare("SELECT f_table_name FROM layer_styles WHERE useAsDefault")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(styled, ["segment"]);
    }
}
