//! JSON incident files, streamed one record at a time: GeoJSON FeatureCollections of Point
//! features, the ACLED and UCDP API responses, JSON arrays of records, and newline-delimited
//! JSON or GeoJSON (the shapes are told apart in [`RecordStream`]). A record is a GeoJSON
//! Feature (its `properties` the fields, its Point the place) or a flat object of fields (the
//! place in `latitude`/`longitude` or the columns named). Numbers written as strings (`"3"`,
//! `"39.9497"`, as the ACLED API, `ogr2ogr` without type inference and scrapers write them) are
//! read where the field is a number.

use std::io::Read;
use std::sync::{Arc, Mutex};

use geo::Point;
use serde_json::{Map, Value};

use super::layers::{INCIDENT_LAYER, OtherLayers};
use super::{
    DATE_KEYS, FATALITY_KEYS, ID_KEYS, IncidentColumns, IncidentInput, IncidentReader, InputFormat,
    LAT_KEYS, LON_KEYS, UNCERTAINTY_KEYS, whole_count,
};
use crate::io::error::{LoadError, Place};
use crate::io::geojson::{kind, parse_position_value};
use crate::io::record_stream::{Note, RecordStream};
use crate::model::{DateFormat, Incident, PrecisionScheme};

/// Opens a GeoJSON input whose first bytes, `head`, have been read (the rest to come from
/// `rest`); `file` names it in errors.
pub(super) fn open(
    mut head: Vec<u8>,
    rest: Box<dyn Read + Send>,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    // Streamed, without the byte-order mark serde_json would not accept.
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        head.drain(..3);
    }
    let reader = std::io::Cursor::new(head).chain(rest);
    Ok(IncidentInput::Records(geojson_reader(
        Box::new(reader),
        file,
        columns,
    )))
}

/// Reads incidents from a GeoJSON FeatureCollection of Point features. The date is the property
/// `date` (or `event_date`, `date_start`), the id the feature's `id` or property `id` (else the
/// feature's number, from 1), fatalities the property `fatalities` (or `best`); `columns` may
/// name other properties.
pub fn parse_incidents_geojson(
    text: &str,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentReader, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(geojson_reader(
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
        file,
        columns,
    ))
}

/// Incidents from a JSON file of any shape [`RecordStream`] knows, read as a stream, one record
/// at a time: memory stays bounded however large the file. A problem with the document as a
/// whole (not JSON, no shape known) comes last, as an `Err` that is not a row error.
pub fn geojson_reader(
    reader: Box<dyn std::io::Read + Send>,
    file: &str,
    columns: &IncidentColumns,
) -> IncidentReader {
    let file_name = file.to_string();
    let columns = columns.clone();
    let stream = RecordStream::new(reader, file);
    let notes = stream.notes();
    layer_records(
        Box::new(stream),
        notes,
        InputFormat::GeoJson,
        &file_name,
        &columns,
    )
}

/// Records of any format that has them as GeoJSON-shaped values (JSON, Parquet), as incidents:
/// those of the `incident` layer where the file is layered.
pub(super) fn layer_records(
    stream: Box<dyn Iterator<Item = Result<(usize, Value), LoadError>> + Send>,
    notes: Arc<Mutex<Vec<Note>>>,
    format: InputFormat,
    file: &str,
    columns: &IncidentColumns,
) -> IncidentReader {
    let records = LayerRecords {
        stream,
        columns: columns.clone(),
        file: file.to_string(),
        others: OtherLayers::default(),
        notes: Arc::clone(&notes),
    };
    IncidentReader {
        format,
        file: file.to_string(),
        records: Box::new(records),
        notes,
        columns: None,
    }
}

/// The records of a stream as incidents; in a layered file (an `export`: each feature's
/// `layer` property says what it is), only those of the `incident` layer, the others counted
/// by layer and said at the end.
struct LayerRecords {
    stream: Box<dyn Iterator<Item = Result<(usize, Value), LoadError>> + Send>,
    columns: IncidentColumns,
    file: String,
    /// The other layers met, and how many features of each.
    others: OtherLayers,
    notes: Arc<Mutex<Vec<Note>>>,
}

impl Iterator for LayerRecords {
    type Item = Result<Incident, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some(item) = self.stream.next() else {
                if let Some(note) = self.others.take_note(&self.file) {
                    self.notes.lock().expect("not poisoned").push(note);
                }
                return None;
            };
            let (index, f) = match item {
                Ok(r) => r,
                Err(e) => return Some(Err(e)),
            };
            let layer = f
                .get("properties")
                .and_then(|p| p.get("layer"))
                .and_then(Value::as_str);
            if let Some(layer) = layer
                && layer != INCIDENT_LAYER
            {
                self.others.count(layer);
                continue;
            }
            return Some(json_record(f, index, &self.columns, &self.file));
        }
    }
}

/// The keys a field is looked for under: the one named, else the usual ones.
fn keys<'a>(named: &'a Option<String>, usual: &[&'a str]) -> Vec<&'a str> {
    match named {
        Some(k) => vec![k.as_str()],
        None => usual.to_vec(),
    }
}

/// A number, or a number written as a string (`"39.9497"`); `None` for anything else.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn json_record(
    f: Value,
    index: usize,
    columns: &IncidentColumns,
    file: &str,
) -> Result<Incident, LoadError> {
    let Value::Object(mut f) = f else {
        return Err(LoadError::invalid(
            file,
            &Place::Record { index, id: None },
            "(record)",
            format!("is {}: expected a Feature or an object of fields", kind(&f)),
        ));
    };
    // A GeoJSON Feature, or a flat record whose members are its fields.
    let feature = f.get("type").and_then(Value::as_str) == Some("Feature")
        || f.contains_key("geometry")
        || f.contains_key("properties");
    let (mut props, geometry, feature_id) = if feature {
        let props = match f.remove("properties") {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        (props, f.remove("geometry"), f.remove("id"))
    } else {
        (f, None, None)
    };
    let prefix = if feature { "properties." } else { "" };
    let scalar = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let id_keys = keys(&columns.id, ID_KEYS);
    let id = feature_id
        .as_ref()
        .and_then(scalar)
        .or_else(|| id_keys.iter().find_map(|k| props.get(*k).and_then(scalar)))
        .unwrap_or_else(|| (index + 1).to_string());
    let place = if feature {
        Place::Feature {
            index,
            id: Some(id.clone()),
        }
    } else {
        Place::Record {
            index,
            id: Some(id.clone()),
        }
    };
    let err = |field: &str, problem: String| {
        LoadError::invalid(file, &place, format!("{prefix}{field}"), problem)
    };
    let geometry_err =
        |field: &str, problem: String| LoadError::invalid(file, &place, field, problem);

    // The place: a Point, else latitude and longitude fields (a flat record, or a Feature
    // without geometry as `ogr2ogr` writes a CSV's rows).
    let coordinate = |names: &[&str], what: &str, limit: f64| -> Result<Option<f64>, LoadError> {
        let Some((k, v)) = names.iter().find_map(|k| props.get(*k).map(|v| (*k, v))) else {
            return Ok(None);
        };
        let x = number(v)
            .filter(|x| x.is_finite())
            .ok_or_else(|| err(k, format!("is {v}: expected the {what} in decimal degrees")))?;
        if x.abs() > limit {
            return Err(err(k, format!("{what} {x} is outside -{limit}..{limit}")));
        }
        Ok(Some(x))
    };
    let point = match &geometry {
        Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
            let c = parse_position_value(g.get("coordinates").unwrap_or(&Value::Null))
                .map_err(|p| geometry_err("geometry.coordinates", p))?;
            Point::from(c)
        }
        Some(Value::Null) | None => {
            let lat = coordinate(&keys(&columns.lat, LAT_KEYS), "latitude", 90.0)?;
            let lon = coordinate(&keys(&columns.lon, LON_KEYS), "longitude", 180.0)?;
            match (lat, lon) {
                (Some(lat), Some(lon)) => Point::new(lon, lat),
                _ if feature => {
                    return Err(geometry_err(
                        "geometry",
                        "is missing: an incident needs a Point".into(),
                    ));
                }
                _ => {
                    return Err(err(
                        if lat.is_none() { "latitude" } else { "longitude" },
                        "is missing: a record needs a latitude and a longitude (or a GeoJSON Point)".into(),
                    ));
                }
            }
        }
        Some(g) => {
            return Err(geometry_err(
                "geometry.type",
                format!(
                    "is {}: incidents must be Points",
                    g.get("type").unwrap_or(&Value::Null)
                ),
            ));
        }
    };
    let date_keys = keys(&columns.date, DATE_KEYS);
    let (date_key, raw_date) = date_keys
        .iter()
        .find_map(|k| props.get(*k).map(|v| (*k, v)))
        .ok_or_else(|| err(date_keys[0], "is missing: an incident needs a date".into()))?;
    // A date as a string; a number only as an Excel serial day, when asked.
    let raw_date = match raw_date {
        Value::String(s) => s.clone(),
        Value::Number(n)
            if matches!(
                columns.date_format,
                DateFormat::Excel1900 | DateFormat::Excel1904
            ) =>
        {
            n.to_string()
        }
        v => {
            return Err(err(
                date_key,
                format!("is {}: expected a date string", kind(v)),
            ));
        }
    };
    let date = columns
        .date_format
        .parse(&raw_date)
        .map_err(|e| err(date_key, e.to_string()))?;
    let fat_keys = keys(&columns.fatalities, FATALITY_KEYS);
    let fatalities = match fat_keys.iter().find_map(|k| props.get(*k).map(|v| (*k, v))) {
        None | Some((_, Value::Null)) => None,
        Some((_, Value::String(s))) if s.trim().is_empty() => None,
        Some((k, v)) => Some(
            v.as_u64()
                .or_else(|| number(v).and_then(whole_count))
                .ok_or_else(|| err(k, format!("is {v}: expected a whole number ≥ 0")))?,
        ),
    };
    // The precision of the place and the day, where the feature gives them (numbers, or
    // numbers written as text).
    let text_of = |key: &str| -> Result<Option<String>, LoadError> {
        match props.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(v) => Err(err(
                key,
                format!("is {}: expected a number or a string", kind(v)),
            )),
        }
    };
    let field = |e: String, key: &str| err(key, e);
    let date_end = match text_of("date_end")? {
        Some(raw) => Some(
            super::precision::date_end(date, &raw, &columns.date_format)
                .map_err(|e| field(e, "date_end"))?,
        ),
        None => None,
    };
    let code = |keys: [(&str, PrecisionScheme); 2], place: bool| {
        for (key, scheme) in keys {
            if let Some(raw) = text_of(key)? {
                return super::precision::precision_code(&raw, scheme, place)
                    .map(Some)
                    .map_err(|e| field(e, key));
            }
        }
        Ok(None)
    };
    let geo_precision = code(
        [
            ("geo_precision", PrecisionScheme::Acled),
            ("where_prec", PrecisionScheme::Ucdp),
        ],
        true,
    )?;
    let time_precision = code(
        [
            ("time_precision", PrecisionScheme::Acled),
            ("date_prec", PrecisionScheme::Ucdp),
        ],
        false,
    )?;
    let uncertainty_keys = keys(&columns.uncertainty, UNCERTAINTY_KEYS);
    let mut uncertainty_m = None;
    // A radius that borderscope's own output derived from a precision code (its
    // `location_basis` says which) is derived again, not taken as given: a round trip keeps
    // the basis.
    let derived = columns.uncertainty.is_none()
        && props
            .get("location_basis")
            .and_then(Value::as_str)
            .is_some_and(|b| b != "given");
    for key in uncertainty_keys.into_iter().filter(|_| !derived) {
        if let Some(raw) = text_of(key)? {
            uncertainty_m = Some(super::precision::uncertainty_m(&raw).map_err(|e| field(e, key))?);
            break;
        }
    }
    props.remove("id");
    Ok(Incident {
        id,
        date,
        point,
        fatalities,
        properties: props,
        date_end,
        time_precision,
        geo_precision,
        uncertainty_m,
    })
}
