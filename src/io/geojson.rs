//! GeoJSON helpers that every GeoJSON reader and writer shares, whatever the file holds
//! (frontier segments, settlements, incidents, an export): how to name a JSON value's kind in a
//! message, reading a position, writing a line (cut at the antimeridian), and the text layout
//! of a FeatureCollection as borderscope writes its data files: the collection's own members
//! first, then one feature per line, so that diffs of the data stay readable.

use geo::Coord;
use serde_json::{Map, Value, json};

/// "a string", "an array", ...: how to name a JSON value's kind in a message.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One `[lon, lat]` or `[lon, lat, elevation]` position, range-checked.
pub(crate) fn parse_position_value(v: &Value) -> Result<Coord<f64>, String> {
    let arr = v
        .as_array()
        .ok_or_else(|| format!("is {}: expected [longitude, latitude]", kind(v)))?;
    if !(2..=3).contains(&arr.len()) {
        return Err(format!(
            "has {} numbers: expected [longitude, latitude] (optionally with elevation)",
            arr.len()
        ));
    }
    let num = |i: usize, what: &str| -> Result<f64, String> {
        arr[i]
            .as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("{what} is {}: expected a finite number", arr[i]))
    };
    let (lon, lat) = (num(0, "longitude")?, num(1, "latitude")?);
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside -180..180"));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "latitude {lat} is outside -90..90 (GeoJSON positions are [longitude, latitude])"
        ));
    }
    Ok(Coord { x: lon, y: lat })
}

/// A FeatureCollection with `members` (besides `type` and `features`) and the given features.
pub fn collection_to_string(
    members: &Map<String, Value>,
    features: impl IntoIterator<Item = Value>,
) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\n");
    for (k, v) in members {
        out.push_str(&Value::String(k.clone()).to_string());
        out.push(':');
        out.push_str(&v.to_string());
        out.push_str(",\n");
    }
    out.push_str("\"features\":[\n");
    for (i, f) in features.into_iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&f.to_string());
    }
    out.push_str("\n]}\n");
    out
}

/// A line as GeoJSON geometry: a LineString, or, when it crosses the antimeridian, a
/// MultiLineString cut there (RFC 7946 §3.1.9), which the loader joins again. `position`
/// writes one position (rounded, for export).
pub fn line_geometry(line: &[Coord<f64>], position: impl Fn(Coord<f64>) -> Value) -> Value {
    let parts = crate::geodesy::antimeridian::split(line);
    let part = |p: &[Coord<f64>]| {
        let mut out: Vec<Value> = Vec::with_capacity(p.len());
        for c in p {
            let v = position(*c);
            if out.last() != Some(&v) {
                out.push(v);
            }
        }
        Value::Array(out)
    };
    if parts.len() == 1 {
        json!({"type": "LineString", "coordinates": part(&parts[0])})
    } else {
        let parts: Vec<Value> = parts.iter().map(|p| part(p)).collect();
        json!({"type": "MultiLineString", "coordinates": parts})
    }
}

/// A GeoJSON geometry value as a `geo` geometry, for writers that need one (GeoParquet's
/// WKB); `None` for null or a value that is not a geometry of RFC 7946.
#[cfg_attr(not(any(feature = "parquet", feature = "gpkg")), allow(dead_code))]
pub(crate) fn geometry_from_value(v: &Value) -> Option<geo::Geometry<f64>> {
    use geo::{Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
    let pos = |p: &Value| {
        Some(Coord {
            x: p.get(0)?.as_f64()?,
            y: p.get(1)?.as_f64()?,
        })
    };
    let line = |a: &Value| {
        a.as_array()?
            .iter()
            .map(pos)
            .collect::<Option<Vec<_>>>()
            .map(LineString)
    };
    let poly = |a: &Value| {
        let mut rings = a
            .as_array()?
            .iter()
            .map(line)
            .collect::<Option<Vec<_>>>()?
            .into_iter();
        Some(Polygon::new(
            rings.next().unwrap_or_else(|| LineString(vec![])),
            rings.collect(),
        ))
    };
    let c = v.get("coordinates");
    Some(match v.get("type")?.as_str()? {
        "Point" => Geometry::Point(Point(pos(c?)?)),
        "LineString" => Geometry::LineString(line(c?)?),
        "Polygon" => Geometry::Polygon(poly(c?)?),
        "MultiPoint" => Geometry::MultiPoint(MultiPoint(
            c?.as_array()?
                .iter()
                .map(|p| pos(p).map(Point))
                .collect::<Option<_>>()?,
        )),
        "MultiLineString" => Geometry::MultiLineString(MultiLineString(
            c?.as_array()?.iter().map(line).collect::<Option<_>>()?,
        )),
        "MultiPolygon" => Geometry::MultiPolygon(MultiPolygon(
            c?.as_array()?.iter().map(poly).collect::<Option<_>>()?,
        )),
        "GeometryCollection" => Geometry::GeometryCollection(geo::GeometryCollection(
            v.get("geometries")?
                .as_array()?
                .iter()
                .map(geometry_from_value)
                .collect::<Option<_>>()?,
        )),
        _ => return None,
    })
}
