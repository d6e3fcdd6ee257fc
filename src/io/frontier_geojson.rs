//! Frontier files: an RFC 7946 FeatureCollection of LineString segments.
//!
//! (Over 600 lines: one loader, whose every check names the file, the feature and the field
//! through one context; split by member, each part would pass that context and the document
//! around.)
//!
//! ```json
//! {"type": "FeatureCollection",
//!  "frontier": {"name": "...", "countries": [{"name": "Kyrgyzstan", "code": "KG"}, ...],
//!               "official_lengths": [{"label": "...", "km": 1006.84, "date": "2025-03-19", "source": "..."}],
//!               "agreed_snapshots": [{"date": "2022-09-14", "agreed_km": 519, "of_km": 972, "by": "...", "source": "...",
//!                                     "derived": "how agreed_km follows from what was said, if not said as such"}],
//!               "license": "ODbL-1.0", "attribution": "© OpenStreetMap contributors",
//!               "length_note": "why the measured length differs from the official one"},
//!  "features": [
//!   {"type": "Feature", "id": "isfara-06",
//!    "properties": {"id": "isfara-06", "name": "Isfara valley: Kok-Tash – Golovnoi", "sector": "Batken",
//!                   "history": [{"from": "2002-12-23", "status": "contested", "source": "..."},
//!                               {"from": "2021-05-01", "by": "2024-12-04", "status": "settled", "source": "..."}],
//!                   "valid_from": null, "valid_to": null, "basis": "...", "confidence": "high"},
//!    "geometry": {"type": "LineString", "coordinates": [[70.55, 39.96], ...]}}]}
//! ```
//!
//! A history entry with `by` dates its change only to a window: it happened on an unknown day
//! from `from` on and had happened by `by` ([`crate::model::StatusChange`]).
//!
//! The `frontier` member is optional (a file from elsewhere has none); everything else is
//! checked, and the first problem is reported with the file, the feature and the field.
//!
//! (Over 500 lines: the reader and the writer of one schema, kept together so that a field is
//! read and written in one file; most of the rest is its tests.)

use std::collections::HashMap;
use std::path::Path;

use geo::{Coord, LineString};
use serde_json::{Map, Value, json};

use super::error::{LoadError, Place};
use super::feature_file::{FeatureFormat, features_to_string};
use super::geojson::{kind, line_geometry, parse_position_value};
use crate::model::{
    AgreedSnapshot, Confidence, Country, Frontier, FrontierMeta, History, HistoryError,
    OfficialLength, Segment, Status, StatusChange, Validity, parse_date,
};

/// Properties of a segment feature that the loader interprets; all others are kept as `extra`.
pub const SEGMENT_KEYS: &[&str] = &[
    "id",
    "name",
    "sector",
    "history",
    "valid_from",
    "valid_to",
    "basis",
    "confidence",
];

/// Loads and validates a frontier file.
pub fn load_frontier(path: &Path) -> Result<Frontier, LoadError> {
    let text = super::feature_source::read_features_text(path)?;
    parse_frontier(&text, &super::error::file_label(path))
}

/// Parses and validates a frontier from text; `file` names it in errors.
///
/// Positions are lon/lat (RFC 7946). Here one degree of the equator, contested, and one degree
/// of the prime meridian from 0° to 1° N, settled; on WGS84 they measure 111319.49079327357 m
/// (the equatorial radius times π/180) and 110574.38855779878 m (GeographicLib's `GeodSolve`):
///
/// ```
/// use borderscope::{MeasuredFrontier, parse_frontier};
/// use jiff::civil::date;
///
/// let text = r#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "properties": {"id": "eq", "name": "Equator", "sector": "South",
///     "history": [{"from": "2000-01-01", "status": "contested", "source": "test"}]},
///    "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 0]]}},
///   {"type": "Feature", "properties": {"id": "mer", "name": "Meridian", "sector": "West",
///     "history": [{"from": "2000-01-01", "status": "settled", "source": "test"}]},
///    "geometry": {"type": "LineString", "coordinates": [[0, 0], [0, 1]]}}]}"#;
/// let frontier = parse_frontier(text, "tiny.geojson").unwrap();
/// assert_eq!(frontier.segments.len(), 2);
/// let measured = MeasuredFrontier::new(&frontier);
/// let lengths = measured.lengths_at(date(2024, 1, 1));
/// approx::assert_abs_diff_eq!(lengths.contested_m, 111_319.490_793_273_57, epsilon = 1e-6);
/// approx::assert_abs_diff_eq!(lengths.settled_m, 110_574.388_557_798_78, epsilon = 1e-6);
/// // Before the first recorded date, no status is known.
/// assert_eq!(measured.lengths_at(date(1999, 1, 1)).contested_share(), None);
/// ```
pub fn parse_frontier(text: &str, file: &str) -> Result<Frontier, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = super::json_value::parse_collection(text)
        .map_err(|e| LoadError::json(file, &e, Some(text)))?;
    let top = Ctx {
        file,
        place: Place::Document,
    };
    let root = doc.as_object().ok_or_else(|| {
        top.err(
            "(root)",
            format!(
                "is {}: expected a GeoJSON FeatureCollection object",
                kind(&doc)
            ),
        )
    })?;
    match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some(other) => {
            return Err(top.err(
                "type",
                format!("is {other:?}: a frontier file must be a FeatureCollection"),
            ));
        }
        None => return Err(top.err("type", "is missing: expected \"FeatureCollection\"")),
    }
    let features = root
        .get("features")
        .ok_or_else(|| top.err("features", "is missing"))?
        .as_array()
        .ok_or_else(|| top.err("features", "is not an array"))?;
    if features.is_empty() {
        return Err(top.err(
            "features",
            "is empty: a frontier needs at least one segment",
        ));
    }
    let meta = match root.get("frontier") {
        None | Some(Value::Null) => FrontierMeta {
            name: Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            ..FrontierMeta::default()
        },
        Some(v) => parse_meta(&top, v)?,
    };

    // A file that `borderscope export` wrote: its segment features carry the frontier's own
    // properties plus derived ones (dropped here), and other layers' features (skipped).
    // (Its GeoJSON lines and sequences have no top level to say so: their `layer` does.)
    let from_export = root
        .get("generator")
        .and_then(Value::as_str)
        .is_some_and(|g| g.starts_with("borderscope"))
        || features
            .iter()
            .any(|f| f.pointer("/properties/layer").is_some_and(Value::is_string));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut segments = Vec::with_capacity(features.len());
    for (index, feature) in features.iter().enumerate() {
        if from_export {
            let layer = feature.pointer("/properties/layer").and_then(Value::as_str);
            if layer.is_some_and(|l| l != "segment") {
                continue;
            }
        }
        let mut segment = parse_segment(file, index, feature)?;
        if from_export {
            for key in EXPORT_SEGMENT_KEYS {
                segment.extra.remove(key);
            }
        }
        if let Some(first) = seen.insert(segment.id.clone(), index) {
            let ctx = Ctx {
                file,
                place: Place::Feature {
                    index,
                    id: Some(segment.id.clone()),
                },
            };
            return Err(ctx.err(
                "properties.id",
                format!("duplicates the id of feature {first}: segment ids must be unique"),
            ));
        }
        segments.push(segment);
    }
    if segments.is_empty() {
        return Err(top.err(
            "features",
            "has no segment features (this export holds other layers only)",
        ));
    }
    Ok(Frontier { meta, segments })
}

/// The properties `borderscope export` adds to each segment (the layer name, the status at the
/// export's date and what follows from it, the length, the style); loading an export drops them,
/// so that export and load round-trip.
pub const EXPORT_SEGMENT_KEYS: [&str; 11] = [
    "layer",
    "as_of",
    "status",
    "status_since",
    "status_certainty",
    "status_window_from",
    "status_window_by",
    "length_km",
    "stroke",
    "stroke-width",
    "stroke-opacity",
];

/// The error context: which file and which place in it.
struct Ctx<'a> {
    file: &'a str,
    place: Place,
}

impl Ctx<'_> {
    fn err(&self, field: impl Into<String>, problem: impl Into<String>) -> LoadError {
        LoadError::invalid(self.file, &self.place, field, problem)
    }

    fn string(
        &self,
        obj: &Map<String, Value>,
        prefix: &str,
        key: &str,
    ) -> Result<String, LoadError> {
        match self.opt_string(obj, prefix, key)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(self.err(format!("{prefix}{key}"), "is empty")),
            None => Err(self.err(format!("{prefix}{key}"), "is missing")),
        }
    }

    fn opt_string(
        &self,
        obj: &Map<String, Value>,
        prefix: &str,
        key: &str,
    ) -> Result<Option<String>, LoadError> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.err(
                format!("{prefix}{key}"),
                format!("is {}: expected a string", kind(other)),
            )),
        }
    }

    fn opt_date(
        &self,
        obj: &Map<String, Value>,
        prefix: &str,
        key: &str,
    ) -> Result<Option<jiff::civil::Date>, LoadError> {
        self.opt_string(obj, prefix, key)?
            .map(|s| parse_date(&s).map_err(|e| self.err(format!("{prefix}{key}"), e.to_string())))
            .transpose()
    }

    fn number(&self, obj: &Map<String, Value>, prefix: &str, key: &str) -> Result<f64, LoadError> {
        self.opt_number(obj, prefix, key)?
            .ok_or_else(|| self.err(format!("{prefix}{key}"), "is missing"))
    }

    fn opt_number(
        &self,
        obj: &Map<String, Value>,
        prefix: &str,
        key: &str,
    ) -> Result<Option<f64>, LoadError> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(self.err(
                    format!("{prefix}{key}"),
                    format!("is {n}: expected a finite number ≥ 0"),
                )),
            },
            Some(other) => Err(self.err(
                format!("{prefix}{key}"),
                format!("is {}: expected a number", kind(other)),
            )),
        }
    }

    fn array<'v>(
        &self,
        obj: &'v Map<String, Value>,
        prefix: &str,
        key: &str,
    ) -> Result<&'v [Value], LoadError> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(other) => Err(self.err(
                format!("{prefix}{key}"),
                format!("is {}: expected an array", kind(other)),
            )),
        }
    }

    fn object<'v>(&self, v: &'v Value, field: &str) -> Result<&'v Map<String, Value>, LoadError> {
        v.as_object()
            .ok_or_else(|| self.err(field, format!("is {}: expected an object", kind(v))))
    }
}

fn parse_meta(top: &Ctx, v: &Value) -> Result<FrontierMeta, LoadError> {
    let obj = top.object(v, "frontier")?;
    let p = "frontier.";
    let name = top.string(obj, p, "name")?;
    let mut countries = Vec::new();
    for (i, c) in top.array(obj, p, "countries")?.iter().enumerate() {
        let cp = format!("frontier.countries[{i}].");
        let c = top.object(c, cp.trim_end_matches('.'))?;
        countries.push(Country {
            name: top.string(c, &cp, "name")?,
            code: top.string(c, &cp, "code")?,
        });
    }
    let mut official_lengths = Vec::new();
    for (i, l) in top.array(obj, p, "official_lengths")?.iter().enumerate() {
        let lp = format!("frontier.official_lengths[{i}].");
        let l = top.object(l, lp.trim_end_matches('.'))?;
        official_lengths.push(OfficialLength {
            label: top.string(l, &lp, "label")?,
            km: top.number(l, &lp, "km")?,
            date: top.opt_date(l, &lp, "date")?,
            source: top.string(l, &lp, "source")?,
        });
    }
    let mut agreed_snapshots = Vec::new();
    for (i, s) in top.array(obj, p, "agreed_snapshots")?.iter().enumerate() {
        let sp = format!("frontier.agreed_snapshots[{i}].");
        let s = top.object(s, sp.trim_end_matches('.'))?;
        agreed_snapshots.push(AgreedSnapshot {
            date: top
                .opt_date(s, &sp, "date")?
                .ok_or_else(|| top.err(format!("{sp}date"), "is missing"))?,
            agreed_km: top.number(s, &sp, "agreed_km")?,
            of_km: top.opt_number(s, &sp, "of_km")?,
            by: top.string(s, &sp, "by")?,
            source: top.string(s, &sp, "source")?,
            derived: top.opt_string(s, &sp, "derived")?,
        });
    }
    let known = [
        "name",
        "countries",
        "official_lengths",
        "agreed_snapshots",
        "license",
        "attribution",
        "length_note",
    ];
    Ok(FrontierMeta {
        name,
        countries,
        official_lengths,
        agreed_snapshots,
        license: top.opt_string(obj, p, "license")?,
        attribution: top.opt_string(obj, p, "attribution")?,
        length_note: top.opt_string(obj, p, "length_note")?,
        extra: obj
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    })
}

fn parse_segment(file: &str, index: usize, feature: &Value) -> Result<Segment, LoadError> {
    let mut ctx = Ctx {
        file,
        place: Place::Feature { index, id: None },
    };
    let obj = ctx.object(feature, "(feature)")?;
    match obj.get("type").and_then(Value::as_str) {
        Some("Feature") => {}
        _ => return Err(ctx.err("type", "must be \"Feature\"")),
    }
    let empty = Map::new();
    let props = match obj.get("properties") {
        None | Some(Value::Null) => &empty,
        Some(v) => ctx.object(v, "properties")?,
    };

    // The id: the feature's `id` member and/or `properties.id`; if both, they must agree.
    let feature_id = match obj.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(ctx.err(
                "id",
                format!("is {}: expected a string or number", kind(other)),
            ));
        }
    };
    let prop_id = ctx.opt_string(props, "properties.", "id")?;
    let id = match (feature_id, prop_id) {
        (Some(f), Some(p)) if f != p => {
            return Err(ctx.err(
                "properties.id",
                format!("is {p:?} but the feature's id is {f:?}: they must agree"),
            ));
        }
        (_, Some(id)) | (Some(id), None) => id,
        (None, None) => {
            return Err(ctx.err(
                "properties.id",
                "is missing: every segment needs a unique id",
            ));
        }
    };
    if id.trim().is_empty() {
        return Err(ctx.err("properties.id", "is empty"));
    }
    ctx.place = Place::Feature {
        index,
        id: Some(id.clone()),
    };

    let line = parse_line(&ctx, obj.get("geometry"))?;
    let name = ctx.string(props, "properties.", "name")?;
    let sector = ctx.string(props, "properties.", "sector")?;
    let history = parse_history(&ctx, props)?;
    let validity = Validity {
        from: ctx.opt_date(props, "properties.", "valid_from")?,
        to: ctx.opt_date(props, "properties.", "valid_to")?,
    };
    if let (Some(from), Some(to)) = (validity.from, validity.to)
        && to <= from
    {
        return Err(ctx.err(
            "properties.valid_to",
            format!("is {to}, not after valid_from {from}"),
        ));
    }
    let confidence = ctx
        .opt_string(props, "properties.", "confidence")?
        .map(|s| {
            s.parse::<Confidence>()
                .map_err(|e| ctx.err("properties.confidence", e.to_string()))
        })
        .transpose()?;
    Ok(Segment {
        id,
        name,
        sector,
        line,
        history,
        validity,
        basis: ctx.opt_string(props, "properties.", "basis")?,
        confidence,
        extra: props
            .iter()
            .filter(|(k, _)| !SEGMENT_KEYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    })
}

fn parse_history(ctx: &Ctx, props: &Map<String, Value>) -> Result<History, LoadError> {
    let raw = match props.get("history") {
        None | Some(Value::Null) => {
            return Err(ctx.err(
                "properties.history",
                "is missing: expected a list of {from, status, source} entries",
            ));
        }
        Some(Value::Array(a)) => a,
        Some(other) => {
            return Err(ctx.err(
                "properties.history",
                format!("is {}: expected an array", kind(other)),
            ));
        }
    };
    let mut entries = Vec::with_capacity(raw.len());
    for (i, e) in raw.iter().enumerate() {
        let p = format!("properties.history[{i}].");
        let e = ctx.object(e, p.trim_end_matches('.'))?;
        let status: Status = ctx.string(e, &p, "status")?.parse().map_err(
            |err: crate::model::status::UnknownStatus| {
                ctx.err(format!("{p}status"), err.to_string())
            },
        )?;
        entries.push(StatusChange {
            from: ctx.opt_date(e, &p, "from")?,
            by: ctx.opt_date(e, &p, "by")?,
            status,
            source: ctx.string(e, &p, "source")?,
        });
    }
    History::new(entries).map_err(|e| {
        let field = match e {
            HistoryError::WindowFirst => "properties.history[0].by".to_string(),
            HistoryError::WindowOrder { index, .. } => format!("properties.history[{index}].by"),
            HistoryError::WindowUnsourced { index } => {
                format!("properties.history[{index}].source")
            }
            _ => "properties.history".to_string(),
        };
        ctx.err(field, e.to_string())
    })
}

fn parse_line(ctx: &Ctx, geometry: Option<&Value>) -> Result<LineString<f64>, LoadError> {
    let geometry = match geometry {
        None | Some(Value::Null) => {
            return Err(ctx.err("geometry", "is missing: a segment needs a LineString"));
        }
        Some(g) => ctx.object(g, "geometry")?,
    };
    let positions = |coords: &Value, field: &str| -> Result<Vec<Coord<f64>>, LoadError> {
        let Value::Array(a) = coords else {
            return Err(ctx.err(field, "is missing or not an array"));
        };
        a.iter()
            .enumerate()
            .map(|(i, pos)| parse_position(ctx, pos, &format!("{field}[{i}]")))
            .collect()
    };
    let coords = geometry.get("coordinates").unwrap_or(&Value::Null);
    let out = match geometry.get("type").and_then(Value::as_str) {
        Some("LineString") => positions(coords, "geometry.coordinates")?,
        // A line cut at the antimeridian, as RFC 7946 asks and as export writes it.
        Some("MultiLineString") => {
            let Value::Array(parts) = coords else {
                return Err(ctx.err("geometry.coordinates", "is missing or not an array"));
            };
            let parts = parts
                .iter()
                .enumerate()
                .map(|(k, part)| positions(part, &format!("geometry.coordinates[{k}]")))
                .collect::<Result<Vec<_>, _>>()?;
            crate::geodesy::antimeridian::join(&parts, 0.5).ok_or_else(|| {
                ctx.err(
                    "geometry.type",
                    "is \"MultiLineString\" whose parts do not meet at the antimeridian (±180°): give each line its own feature (segments are single lines)",
                )
            })?
        }
        Some(other) => {
            return Err(ctx.err(
                "geometry.type",
                format!("is {other:?}: frontier segments must be LineStrings (closed rings are allowed for enclaves)"),
            ));
        }
        None => return Err(ctx.err("geometry.type", "is missing")),
    };
    let distinct = out.windows(2).any(|w| w[0] != w[1]);
    if out.len() < 2 || !distinct {
        return Err(ctx.err(
            "geometry.coordinates",
            format!(
                "has {} position(s){}: a line needs at least two distinct positions",
                out.len(),
                if out.len() >= 2 { ", all equal" } else { "" }
            ),
        ));
    }
    Ok(LineString::new(out))
}

fn parse_position(ctx: &Ctx, v: &Value, field: &str) -> Result<Coord<f64>, LoadError> {
    parse_position_value(v).map_err(|problem| ctx.err(field, problem))
}

/// Writes a frontier as GeoJSON text: the `frontier` member first, then one feature per line,
/// so that diffs of the data stay readable.
pub fn frontier_to_string(frontier: &Frontier) -> String {
    frontier_to_format(frontier, FeatureFormat::GeoJson)
}

/// A frontier in one of the feature files' formats: GeoJSON as [`frontier_to_string`] (which
/// loads again), or its segments alone, one a line or as CSV rows with WKT (the collection's
/// `frontier` member has no place there).
pub fn frontier_to_format(frontier: &Frontier, format: FeatureFormat) -> String {
    let mut members = Map::new();
    members.insert("frontier".into(), meta_to_json(&frontier.meta));
    features_to_string(
        &members,
        frontier.segments.iter().map(segment_to_json).collect(),
        format,
    )
}

/// The collection-level `frontier` member: name, countries, official lengths and snapshots.
pub fn meta_to_json(meta: &FrontierMeta) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(meta.name));
    m.insert(
        "countries".into(),
        meta.countries
            .iter()
            .map(|c| json!({"name": c.name, "code": c.code}))
            .collect(),
    );
    m.insert(
        "official_lengths".into(),
        meta.official_lengths
            .iter()
            .map(|l| {
                json!({"label": l.label, "km": l.km, "date": l.date.map(|d| d.to_string()), "source": l.source})
            })
            .collect(),
    );
    m.insert(
        "agreed_snapshots".into(),
        meta.agreed_snapshots
            .iter()
            .map(|s| {
                let mut v = json!({"date": s.date.to_string(), "agreed_km": s.agreed_km, "of_km": s.of_km, "by": s.by, "source": s.source});
                if let Some(d) = &s.derived {
                    v["derived"] = json!(d);
                }
                v
            })
            .collect(),
    );
    if let Some(l) = &meta.license {
        m.insert("license".into(), json!(l));
    }
    if let Some(a) = &meta.attribution {
        m.insert("attribution".into(), json!(a));
    }
    if let Some(n) = &meta.length_note {
        m.insert("length_note".into(), json!(n));
    }
    for (k, v) in &meta.extra {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

/// The properties of a segment as written to files (also used by other writers).
pub fn segment_properties(s: &Segment) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("id".into(), json!(s.id));
    p.insert("name".into(), json!(s.name));
    p.insert("sector".into(), json!(s.sector));
    p.insert(
        "history".into(),
        s.history
            .entries()
            .iter()
            .map(|e| {
                let mut m = Map::new();
                if let Some(from) = e.from {
                    m.insert("from".into(), json!(from.to_string()));
                }
                if let Some(by) = e.by {
                    m.insert("by".into(), json!(by.to_string()));
                }
                m.insert("status".into(), json!(e.status.as_str()));
                m.insert("source".into(), json!(e.source));
                Value::Object(m)
            })
            .collect(),
    );
    p.insert(
        "valid_from".into(),
        json!(s.validity.from.map(|d| d.to_string())),
    );
    p.insert(
        "valid_to".into(),
        json!(s.validity.to.map(|d| d.to_string())),
    );
    p.insert("basis".into(), json!(s.basis));
    p.insert(
        "confidence".into(),
        json!(s.confidence.map(Confidence::as_str)),
    );
    for (k, v) in &s.extra {
        p.insert(k.clone(), v.clone());
    }
    p
}

fn segment_to_json(s: &Segment) -> Value {
    json!({
        "type": "Feature",
        "id": s.id,
        "properties": Value::Object(segment_properties(s)),
        "geometry": line_geometry(&s.line.0, |c| json!([c.x, c.y])),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"a","name":"A","sector":"S",
        "history":[{"from":"2002-12-23","status":"contested","source":"s1"},
                   {"from":"2024-12-04","status":"settled","source":"s2"}]},
       "geometry":{"type":"LineString","coordinates":[[70.0,40.0],[70.1,40.1]]}}]}"#;

    #[test]
    fn minimal_file_loads_and_round_trips() {
        let f = parse_frontier(MINIMAL, "m.geojson").unwrap();
        assert_eq!(f.meta.name, "m");
        assert_eq!(f.segments.len(), 1);
        let again = parse_frontier(&frontier_to_string(&f), "m.geojson").unwrap();
        assert_eq!(again.segments, f.segments);
    }

    fn err_of(text: &str) -> String {
        parse_frontier(text, "t.geojson").unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_feature_and_field() {
        let bad = MINIMAL.replace("\"contested\"", "\"disputed\"");
        assert_eq!(
            err_of(&bad),
            "t.geojson: feature 0 (id \"a\"): `properties.history[0].status`: unknown status \"disputed\": expected \"contested\" or \"settled\""
        );
        let bad = MINIMAL.replace("[70.1,40.1]", "[40.1,91.0]");
        assert!(err_of(&bad).contains("`geometry.coordinates[1]`: latitude 91 is outside -90..90"));
    }

    #[test]
    fn windows_load_round_trip_and_name_their_field() {
        let windowed = MINIMAL.replace(
            r#"{"from":"2024-12-04","status":"settled""#,
            r#"{"from":"2021-05-01","by":"2024-12-04","status":"settled""#,
        );
        let f = parse_frontier(&windowed, "w.geojson").unwrap();
        let e = &f.segments[0].history.entries()[1];
        assert_eq!(
            (e.from, e.by),
            (
                Some(jiff::civil::date(2021, 5, 1)),
                Some(jiff::civil::date(2024, 12, 4))
            )
        );
        let again = parse_frontier(&frontier_to_string(&f), "w.geojson").unwrap();
        assert_eq!(again.segments, f.segments);
        let backwards = windowed.replace("2024-12-04", "2021-04-01");
        assert_eq!(
            err_of(&backwards),
            "t.geojson: feature 0 (id \"a\"): `properties.history[1].by`: entry 1: `by` (2021-04-01) is not after `from` (2021-05-01): a window runs from the first day the change may have happened to the day it had certainly happened"
        );
        let unsourced = windowed.replace("\"s2\"", "\"\"");
        assert!(
            err_of(&unsourced).contains("`properties.history[1].source`: is empty"),
            "{}",
            err_of(&unsourced)
        );
        let bad_date = windowed.replace("2024-12-04", "2024-13-04");
        assert!(
            err_of(&bad_date).contains("`properties.history[1].by`"),
            "{}",
            err_of(&bad_date)
        );
    }
}
