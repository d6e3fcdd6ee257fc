//! Settlement gazetteers: a GeoJSON FeatureCollection of Point features.
//!
//! Properties: `name`; `geonames_id` (number or null); `alt_names` (array of strings); `country`
//! (ISO alpha-2); `population` (number or null, unknown); `precision` (1 sourced, 2 to minutes,
//! 3 inferred); `source` (where the position comes from). Others are kept.

use std::path::Path;

use geo::Point;
use serde_json::{Map, Value, json};

use super::error::{LoadError, Place};
use super::geojson::{collection_to_string, kind, parse_position_value};
use crate::model::{Precision, Settlement};

const KEYS: &[&str] = &[
    "name",
    "geonames_id",
    "alt_names",
    "country",
    "population",
    "precision",
    "source",
];

/// Loads and validates a settlement gazetteer file (see [`parse_settlements`]).
pub fn load_settlements(path: &Path) -> Result<Vec<Settlement>, LoadError> {
    let text = super::feature_source::read_features_text(path)?;
    parse_settlements(&text, &super::error::file_label(path))
}

/// Parses and validates a settlement gazetteer from GeoJSON text; `file` names it in errors.
/// Every feature must be a Point with a `name`; settlements come in file order.
///
/// ```
/// use borderscope::{embedded, parse_settlements};
///
/// // The built-in gazetteer, data/settlements.geojson, has 57 features.
/// let all = parse_settlements(embedded::KG_TJ_SETTLEMENTS_GEOJSON, "settlements.geojson").unwrap();
/// assert_eq!(all.len(), 57);
///
/// let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
///   "properties": {"name": "Example", "country": "KG", "population": 0, "precision": 2},
///   "geometry": {"type": "Point", "coordinates": [70.5, 40.0]}}]}"#;
/// let s = &parse_settlements(text, "mine.geojson").unwrap()[0];
/// assert_eq!((s.point.x(), s.point.y()), (70.5, 40.0)); // lon, lat
/// assert_eq!(s.population, None); // 0 means unknown
/// assert_eq!(s.precision, borderscope::model::Precision::Minutes);
///
/// // Whole numbers written as decimals, as pandas and GeoPandas write a column with gaps,
/// // are those numbers; a fraction is refused.
/// let pandas = text.replace(r#""population": 0"#, r#""population": 1500.0, "geonames_id": 10370337.0"#);
/// let s = &parse_settlements(&pandas, "mine.geojson").unwrap()[0];
/// assert_eq!((s.population, s.geonames_id), (Some(1500), Some(10370337)));
/// let half = text.replace(r#""population": 0"#, r#""population": 2.5"#);
/// assert!(parse_settlements(&half, "mine.geojson").unwrap_err().to_string().contains("is 2.5: expected a whole number"));
/// ```
pub fn parse_settlements(text: &str, file: &str) -> Result<Vec<Settlement>, LoadError> {
    parse_gazetteer(text, file).map(|(settlements, _)| settlements)
}

/// Loads a settlement gazetteer file with the collection's `attribution` member, if it has
/// one (see [`parse_gazetteer`]).
pub fn load_gazetteer(path: &Path) -> Result<(Vec<Settlement>, Option<String>), LoadError> {
    let text = super::feature_source::read_features_text(path)?;
    parse_gazetteer(&text, &super::error::file_label(path))
}

/// [`parse_settlements`], with the collection's `attribution` member (a string), if it has
/// one: the credit the gazetteer's licence asks for.
///
/// ```
/// let text = r#"{"type": "FeatureCollection", "attribution": "Survey of Ruritania", "features": []}"#;
/// let (all, credit) = borderscope::io::parse_gazetteer(text, "mine.geojson").unwrap();
/// assert_eq!((all.len(), credit.as_deref()), (0, Some("Survey of Ruritania")));
/// ```
pub fn parse_gazetteer(
    text: &str,
    file: &str,
) -> Result<(Vec<Settlement>, Option<String>), LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value = super::json_value::parse_collection(text)
        .map_err(|e| LoadError::json(file, &e, Some(text)))?;
    let err = |place: &Place, field: &str, problem: String| {
        LoadError::invalid(file, place, field, problem)
    };
    let top = Place::Document;
    if doc.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err(err(&top, "type", "must be \"FeatureCollection\"".into()));
    }
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| err(&top, "features", "is missing or not an array".into()))?;
    // A layered file (`borderscope export`): its settlement layer only.
    let layered = features
        .iter()
        .any(|f| f.pointer("/properties/layer").is_some_and(Value::is_string));
    let mut out = Vec::with_capacity(features.len());
    for (index, f) in features.iter().enumerate() {
        if layered && f.pointer("/properties/layer").and_then(Value::as_str) != Some("settlement") {
            continue;
        }
        let empty = Map::new();
        let props = f
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let name = props
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string);
        let place = Place::Feature {
            index,
            id: name.clone(),
        };
        let name = name
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| err(&place, "properties.name", "is missing or empty".into()))?;
        let geometry = f.get("geometry").filter(|g| !g.is_null());
        let coords = match geometry {
            Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
                g.get("coordinates").unwrap_or(&Value::Null)
            }
            Some(g) => {
                return Err(err(
                    &place,
                    "geometry.type",
                    format!(
                        "is {}: settlements must be Points",
                        g.get("type").unwrap_or(&Value::Null)
                    ),
                ));
            }
            None => return Err(err(&place, "geometry", "is missing".into())),
        };
        let c = parse_position_value(coords).map_err(|p| err(&place, "geometry.coordinates", p))?;
        let whole = |v: &Value| {
            v.as_u64()
                .or_else(|| v.as_f64().and_then(super::incidents::whole_count))
        };
        let opt_u64 = |key: &str| -> Result<Option<u64>, LoadError> {
            match props.get(key) {
                None | Some(Value::Null) => Ok(None),
                // `3.0` too, as pandas writes a column of whole numbers with gaps.
                Some(v) => whole(v).map(Some).ok_or_else(|| {
                    err(
                        &place,
                        &format!("properties.{key}"),
                        format!("is {v}: expected a whole number ≥ 0"),
                    )
                }),
            }
        };
        let precision = match props.get("precision") {
            None | Some(Value::Null) => Precision::Sourced,
            Some(v) => whole(v).and_then(Precision::from_code).ok_or_else(|| {
                err(
                    &place,
                    "properties.precision",
                    format!("is {v}: expected 1 (sourced), 2 (to minutes) or 3 (inferred)"),
                )
            })?,
        };
        let alt_names = match props.get("alt_names") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_string).ok_or_else(|| {
                        err(
                            &place,
                            "properties.alt_names",
                            format!("holds {}: expected strings", kind(v)),
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
            Some(v) => {
                return Err(err(
                    &place,
                    "properties.alt_names",
                    format!("is {}: expected an array", kind(v)),
                ));
            }
        };
        let text_prop = |key: &str| {
            props
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        out.push(Settlement {
            name,
            geonames_id: opt_u64("geonames_id")?,
            alt_names,
            country: text_prop("country"),
            population: opt_u64("population")?.filter(|&p| p > 0),
            point: Point::from(c),
            precision,
            source: text_prop("source"),
            extra: props
                .iter()
                .filter(|(k, _)| !KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        });
    }
    // An export credits all its layers in one line; the settlements' part is what follows
    // "Settlements: " in it.
    let attribution = doc.get("attribution").and_then(Value::as_str).map(|a| {
        match a.split_once("Settlements: ") {
            Some((_, own)) if layered => own.to_string(),
            _ => a.to_string(),
        }
    });
    Ok((out, attribution))
}

/// The properties of a settlement as written to files.
pub fn settlement_properties(s: &Settlement) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("name".into(), json!(s.name));
    p.insert("geonames_id".into(), json!(s.geonames_id));
    p.insert("alt_names".into(), json!(s.alt_names));
    p.insert("country".into(), json!(s.country));
    p.insert("population".into(), json!(s.population));
    p.insert("precision".into(), json!(s.precision.code()));
    p.insert("source".into(), json!(s.source));
    for (k, v) in &s.extra {
        p.insert(k.clone(), v.clone());
    }
    p
}

/// Writes settlements as GeoJSON text, one feature per line, after the collection `members`.
pub fn settlements_to_string(settlements: &[Settlement], members: &Map<String, Value>) -> String {
    collection_to_string(
        members,
        settlements.iter().map(|s| {
            json!({
                "type": "Feature",
                "properties": Value::Object(settlement_properties(s)),
                "geometry": {"type": "Point", "coordinates": [s.point.x(), s.point.y()]},
            })
        }),
    )
}
