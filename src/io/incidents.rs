//! Incident files: GeoJSON points, ACLED and UCDP GED CSV exports, and any other CSV.
//!
//! The format is recognised from the content: a GeoJSON document starts with `{`; a CSV is ACLED
//! when its header has `event_id_cnty`, `event_date`, `latitude` and `longitude`, UCDP GED when
//! it has `id`, `date_start`, `latitude`, `longitude` and `best`. Columns are always found by
//! name (case and surrounding spaces ignored), never by position; `--lat-col` and friends name
//! them for other files, or override the defaults.
//!
//! Records are read one at a time. A problem confined to one record (a bad coordinate, date or
//! number) is an `Err` for that record only ([`LoadError::is_row_error`]); the caller decides
//! whether to skip it. A problem with the file as a whole stops the reading.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use geo::Point;
use serde_json::{Map, Value};

use super::error::{LoadError, Place, read_to_string};
use super::frontier_geojson::{kind, parse_position_value};
use crate::model::Incident;
use crate::model::date::parse_event_date;

/// The recognised kinds of incident file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentFormat {
    GeoJson,
    Acled,
    UcdpGed,
    /// Any other CSV, with named columns.
    Csv,
}

impl IncidentFormat {
    pub fn name(self) -> &'static str {
        match self {
            IncidentFormat::GeoJson => "GeoJSON",
            IncidentFormat::Acled => "ACLED CSV",
            IncidentFormat::UcdpGed => "UCDP GED CSV",
            IncidentFormat::Csv => "CSV",
        }
    }
}

/// Column (or GeoJSON property) names chosen by the user; `None` means the format's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentColumns {
    pub id: Option<String>,
    pub date: Option<String>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub fatalities: Option<String>,
}

/// An open incident file: its format, and its records one by one.
pub struct IncidentReader {
    pub format: IncidentFormat,
    pub file: String,
    records: Box<dyn Iterator<Item = Result<Incident, LoadError>>>,
}

impl std::fmt::Debug for IncidentReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncidentReader")
            .field("format", &self.format)
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl Iterator for IncidentReader {
    type Item = Result<Incident, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.records.next()
    }
}

/// Opens an incident file of any supported format.
pub fn open_incidents(path: &Path, columns: &IncidentColumns) -> Result<IncidentReader, LoadError> {
    let file = path.display().to_string();
    let mut head = [0u8; 512];
    let n = {
        use std::io::Read as _;
        let mut f = File::open(path).map_err(|error| LoadError::Read {
            file: file.clone(),
            error,
        })?;
        let mut n = 0;
        while n < head.len() {
            match f.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(error) => {
                    return Err(LoadError::Read {
                        file: file.clone(),
                        error,
                    });
                }
            }
        }
        n
    };
    let first = head[..n]
        .iter()
        .copied()
        .find(|b| !(b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF)));
    if first == Some(b'{') {
        let text = read_to_string(path)?;
        return parse_incidents_geojson(&text, &file, columns);
    }
    let reader = BufReader::new(File::open(path).map_err(|error| LoadError::Read {
        file: file.clone(),
        error,
    })?);
    csv_reader(reader, &file, columns)
}

/// Reads incidents from CSV text already in memory (e.g. standard input, tests).
pub fn parse_incidents_csv(
    text: String,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentReader, LoadError> {
    csv_reader(std::io::Cursor::new(text.into_bytes()), file, columns)
}

/// Which column holds each field of a CSV file.
#[derive(Debug, Clone)]
struct CsvLayout {
    id: Option<usize>,
    date: usize,
    lat: usize,
    lon: usize,
    fatalities: Option<usize>,
    names: Vec<String>,
}

fn csv_reader<R: std::io::Read + 'static>(
    reader: R,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentReader, LoadError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(super::crlf::CrlfToLf::new(reader));
    let top = Place::Line(1);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| LoadError::invalid(file, &top, "(header)", format!("cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err(LoadError::invalid(
            file,
            &top,
            "(header)",
            "is empty: the file has no columns",
        ));
    }
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let has = |names: &[&str]| names.iter().all(|n| find(n).is_some());
    let format = if has(&["event_id_cnty", "event_date", "latitude", "longitude"]) {
        IncidentFormat::Acled
    } else if has(&["id", "date_start", "latitude", "longitude", "best"]) {
        IncidentFormat::UcdpGed
    } else {
        IncidentFormat::Csv
    };
    let defaults: [&[&str]; 5] = match format {
        IncidentFormat::Acled => [
            &["event_id_cnty"],
            &["event_date"],
            &["latitude"],
            &["longitude"],
            &["fatalities"],
        ],
        IncidentFormat::UcdpGed => [
            &["id"],
            &["date_start"],
            &["latitude"],
            &["longitude"],
            &["best"],
        ],
        _ => [
            &["id", "event_id", "event_id_cnty"],
            &["date", "event_date", "date_start", "day"],
            &["latitude", "lat", "y"],
            &["longitude", "lon", "lng", "long", "x"],
            &["fatalities", "best", "deaths", "killed"],
        ],
    };
    let listing = || header.join(", ");
    let pick = |chosen: &Option<String>,
                fallback: &[&str],
                flag: &str,
                required: bool|
     -> Result<Option<usize>, LoadError> {
        match chosen {
            Some(name) => find(name).map(Some).ok_or_else(|| {
                LoadError::invalid(
                    file,
                    &top,
                    "(header)",
                    format!(
                        "has no column {name:?} (given with {flag}); its columns are: {}",
                        listing()
                    ),
                )
            }),
            None => {
                let hit = fallback.iter().find_map(|n| find(n));
                if hit.is_none() && required {
                    return Err(LoadError::invalid(
                        file,
                        &top,
                        "(header)",
                        format!(
                            "has no column named {}; name it with {flag} (its columns are: {})",
                            fallback.join(" or "),
                            listing()
                        ),
                    ));
                }
                Ok(hit)
            }
        }
    };
    let layout = CsvLayout {
        id: pick(&columns.id, defaults[0], "--id-col", false)?,
        date: pick(&columns.date, defaults[1], "--date-col", true)?.unwrap_or(0),
        lat: pick(&columns.lat, defaults[2], "--lat-col", true)?.unwrap_or(0),
        lon: pick(&columns.lon, defaults[3], "--lon-col", true)?.unwrap_or(0),
        fatalities: pick(&columns.fatalities, defaults[4], "--fatalities-col", false)?,
        names: header.clone(),
    };
    let file_name = file.to_string();
    let width = header.len();
    let records = rdr.into_records().map(move |rec| {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            LoadError::invalid(
                &file_name,
                &Place::Line(line),
                "(row)",
                format!("cannot be read: {}", csv_error_text(&e)),
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        csv_record(&rec, line, width, &layout, &file_name)
    });
    Ok(IncidentReader {
        format,
        file: file.to_string(),
        records: Box::new(records),
    })
}

/// The csv crate's message without its own position (we report the line ourselves).
fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not UTF-8 text", err.field() + 1),
        _ => e.to_string(),
    }
}

fn csv_record(
    rec: &csv::StringRecord,
    line: u64,
    width: usize,
    layout: &CsvLayout,
    file: &str,
) -> Result<Incident, LoadError> {
    let place = Place::Line(line);
    if rec.len() != width {
        // Reading such a row by column position would take values from the wrong columns.
        return Err(LoadError::invalid(
            file,
            &place,
            "(row)",
            format!(
                "has {} fields but the header has {width}{}",
                rec.len(),
                if rec.len() > width {
                    ": an unquoted comma in a field?"
                } else {
                    ""
                }
            ),
        ));
    }
    let err = |col: usize, problem: String| {
        LoadError::invalid(file, &place, layout.names[col].clone(), problem)
    };
    let field = |col: usize| -> Result<&str, LoadError> {
        rec.get(col).map(str::trim).ok_or_else(|| {
            LoadError::invalid(
                file,
                &place,
                layout.names[col].clone(),
                format!(
                    "is missing: the row has {} fields, the header {width}",
                    rec.len()
                ),
            )
        })
    };
    let coordinate = |col: usize, what: &str, limit: f64| -> Result<f64, LoadError> {
        let raw = field(col)?;
        let v: f64 = raw
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| err(col, format!("{raw:?} is not a {what}")))?;
        if v.abs() > limit {
            return Err(err(col, format!("{what} {v} is outside -{limit}..{limit}")));
        }
        Ok(v)
    };
    let lat = coordinate(layout.lat, "latitude", 90.0)?;
    let lon = coordinate(layout.lon, "longitude", 180.0)?;
    let raw_date = field(layout.date)?;
    let date = parse_event_date(raw_date).map_err(|e| err(layout.date, e.to_string()))?;
    let fatalities = match layout.fatalities {
        Some(col) => {
            let raw = field(col)?;
            if raw.is_empty() {
                None
            } else {
                Some(
                    parse_count(raw)
                        .ok_or_else(|| err(col, format!("{raw:?} is not a whole number ≥ 0")))?,
                )
            }
        }
        None => None,
    };
    let id = match layout.id {
        Some(col) => {
            let v = field(col)?;
            if v.is_empty() {
                line.to_string()
            } else {
                v.to_string()
            }
        }
        None => line.to_string(),
    };
    Ok(Incident {
        id,
        date,
        point: Point::new(lon, lat),
        fatalities,
        properties: Map::new(),
    })
}

/// A count such as fatalities: `12`, also `12.0` as spreadsheets write it.
fn parse_count(raw: &str) -> Option<u64> {
    raw.parse::<u64>().ok().or_else(|| {
        let f: f64 = raw.parse().ok()?;
        (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < 1e15).then_some(f as u64)
    })
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
    let doc: Value = serde_json::from_str(text).map_err(|e| LoadError::json(file, &e))?;
    let top = Place::Document;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(LoadError::invalid(
            file,
            &top,
            "type",
            "must be \"FeatureCollection\" (of Point features)",
        ));
    }
    let Some(Value::Array(features)) = doc.get("features").cloned() else {
        return Err(LoadError::invalid(
            file,
            &top,
            "features",
            "is missing or not an array",
        ));
    };
    let file_name = file.to_string();
    let columns = columns.clone();
    let records = features
        .into_iter()
        .enumerate()
        .map(move |(index, f)| geojson_record(f, index, &columns, &file_name));
    Ok(IncidentReader {
        format: IncidentFormat::GeoJson,
        file: file.to_string(),
        records: Box::new(records),
    })
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
    let date = parse_event_date(raw_date)
        .map_err(|e| err(&format!("properties.{date_key}"), e.to_string()))?;
    let fat_keys: Vec<&str> = match &columns.fatalities {
        Some(k) => vec![k.as_str()],
        None => vec!["fatalities", "best"],
    };
    let fatalities = match fat_keys.iter().find_map(|k| props.get(*k).map(|v| (*k, v))) {
        None | Some((_, Value::Null)) => None,
        Some((k, v)) => Some(v.as_u64().ok_or_else(|| {
            err(
                &format!("properties.{k}"),
                format!("is {v}: expected a whole number ≥ 0"),
            )
        })?),
    };
    props.remove("id");
    Ok(Incident {
        id,
        date,
        point,
        fatalities,
        properties: props,
    })
}
