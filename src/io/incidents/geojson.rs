//! GeoJSON incident files: a FeatureCollection of Point features, streamed one feature at a
//! time.

use std::io::Read;

use geo::Point;
use serde_json::{Map, Value};

use super::{IncidentColumns, IncidentInput, IncidentReader, InputFormat, whole_count};
use crate::io::error::{LoadError, Place};
use crate::io::feature_stream::FeatureStream;
use crate::io::geojson::{kind, parse_position_value};
use crate::model::{Incident, PrecisionScheme};

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

/// Incidents from a GeoJSON FeatureCollection read as a stream, one feature at a time (see
/// [`FeatureStream`]): memory stays bounded however large the file. A problem with the document
/// as a whole (not JSON, not a FeatureCollection) comes last, as an `Err` that is not a row error.
pub fn geojson_reader(
    reader: Box<dyn std::io::Read + Send>,
    file: &str,
    columns: &IncidentColumns,
) -> IncidentReader {
    let file_name = file.to_string();
    let columns = columns.clone();
    let records = FeatureStream::new(reader, file).map(move |item| {
        let (index, f) = item?;
        geojson_record(f, index, &columns, &file_name)
    });
    IncidentReader {
        format: InputFormat::GeoJson,
        file: file.to_string(),
        records: Box::new(records),
    }
}

fn geojson_record(
    f: Value,
    index: usize,
    columns: &IncidentColumns,
    file: &str,
) -> Result<Incident, LoadError> {
    let Value::Object(mut f) = f else {
        return Err(LoadError::invalid(
            file,
            &Place::Feature { index, id: None },
            "(feature)",
            format!("is {}: expected a Feature object", kind(&f)),
        ));
    };
    let mut props = match f.remove("properties") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let id_key = columns.id.as_deref().unwrap_or("id");
    let id = f
        .get("id")
        .and_then(scalar)
        .or_else(|| props.get(id_key).and_then(scalar))
        .unwrap_or_else(|| (index + 1).to_string());
    let place = Place::Feature {
        index,
        id: Some(id.clone()),
    };
    let err = |field: &str, problem: String| LoadError::invalid(file, &place, field, problem);

    let point = match f.get("geometry") {
        Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
            let c = parse_position_value(g.get("coordinates").unwrap_or(&Value::Null))
                .map_err(|p| err("geometry.coordinates", p))?;
            Point::from(c)
        }
        Some(Value::Null) | None => {
            return Err(err(
                "geometry",
                "is missing: an incident needs a Point".into(),
            ));
        }
        Some(g) => {
            return Err(err(
                "geometry.type",
                format!(
                    "is {}: incidents must be Points",
                    g.get("type").unwrap_or(&Value::Null)
                ),
            ));
        }
    };
    let date_keys: Vec<&str> = match &columns.date {
        Some(k) => vec![k.as_str()],
        None => vec!["date", "event_date", "date_start"],
    };
    let (date_key, raw_date) = date_keys
        .iter()
        .find_map(|k| props.get(*k).map(|v| (*k, v)))
        .ok_or_else(|| {
            err(
                &format!("properties.{}", date_keys[0]),
                "is missing: an incident needs a date".into(),
            )
        })?;
    let raw_date = raw_date.as_str().ok_or_else(|| {
        err(
            &format!("properties.{date_key}"),
            format!("is {}: expected a date string", kind(raw_date)),
        )
    })?;
    let date = columns
        .date_format
        .parse(raw_date)
        .map_err(|e| err(&format!("properties.{date_key}"), e.to_string()))?;
    let fat_keys: Vec<&str> = match &columns.fatalities {
        Some(k) => vec![k.as_str()],
        None => vec!["fatalities", "best"],
    };
    let fatalities = match fat_keys.iter().find_map(|k| props.get(*k).map(|v| (*k, v))) {
        None | Some((_, Value::Null)) => None,
        Some((k, v)) => Some(
            v.as_u64()
                .or_else(|| v.as_f64().and_then(whole_count))
                .ok_or_else(|| {
                    err(
                        &format!("properties.{k}"),
                        format!("is {v}: expected a whole number ≥ 0"),
                    )
                })?,
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
                &format!("properties.{key}"),
                format!("is {}: expected a number or a string", kind(v)),
            )),
        }
    };
    let field = |e: String, key: &str| err(&format!("properties.{key}"), e);
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
    let uncertainty_keys: Vec<&str> = match &columns.uncertainty {
        Some(k) => vec![k.as_str()],
        None => vec!["location_uncertainty_m", "uncertainty_m"],
    };
    let mut uncertainty_m = None;
    for key in uncertainty_keys {
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
