//! JSON read into `serde_json::Value`, refusing duplicate keys.
//!
//! Written here because `serde_json` keeps the last of two members with the same key without a
//! word, while a streaming reader sees the first: the same file would mean two things to two
//! loaders (RFC 8259 leaves duplicates to the reader). Every loader of borderscope reads JSON
//! through this one rule: a key may appear once per object; a second is an error at its
//! position. Everything else is `serde_json`'s own parsing (its recursion limit included).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Parses a whole JSON text, refusing duplicate keys.
///
/// ```
/// use borderscope::io::json_value::parse;
/// assert_eq!(parse(r#"{"a": [1, {"b": null}]}"#).unwrap()["a"][1]["b"], serde_json::Value::Null);
/// let e = parse(r#"{"a": 1, "a": 2}"#).unwrap_err();
/// assert!(e.to_string().starts_with("duplicate key \"a\""), "{e}");
/// ```
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = Strict.deserialize(&mut de)?;
    de.end()?;
    Ok(v)
}

/// Parses a GeoJSON text into one FeatureCollection value: a FeatureCollection as it is; a
/// lone Feature, newline-delimited features (`.geojsonl`) or a GeoJSON text sequence
/// (`.geojsons`, each feature after a record separator, RFC 8142) gathered into a
/// `{"type": "FeatureCollection", "features": [...]}` of their own. Duplicate keys are refused
/// as by [`parse`].
///
/// ```
/// use borderscope::io::json_value::parse_collection;
/// let lines = "{\"type\":\"Feature\",\"id\":1}\n\u{1e}{\"type\":\"Feature\",\"id\":2}\n";
/// let doc = parse_collection(lines).unwrap();
/// assert_eq!(doc["type"], "FeatureCollection");
/// assert_eq!(doc["features"][1]["id"], 2);
/// ```
pub fn parse_collection(text: &str) -> Result<Value, serde_json::Error> {
    let significant = text.trim_start();
    if !significant.starts_with('\u{1e}') {
        match parse(text) {
            Ok(Value::Object(m)) if m.get("type").and_then(Value::as_str) == Some("Feature") => {
                return Ok(collection(vec![Value::Object(m)]));
            }
            Ok(v) => return Ok(v),
            // More than one value: features one per line.
            Err(e) if e.to_string().starts_with("trailing characters") => {}
            Err(e) => return Err(e),
        }
    }
    // Record separators read as white space; in a string they are an error either way.
    let text = text.replace('\u{1e}', "\n");
    let mut features = Vec::new();
    for v in serde_json::Deserializer::from_str(&text).into_iter::<StrictValue>() {
        features.push(v?.0);
    }
    Ok(collection(features))
}

fn collection(features: Vec<Value>) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), Value::from("FeatureCollection"));
    m.insert("features".into(), Value::Array(features));
    Value::Object(m)
}

/// A seed that reads one JSON value, refusing duplicate keys at any depth.
#[derive(Debug, Clone, Copy, Default)]
pub struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// The same seed as a type, for `next_element::<StrictValue>()`.
#[derive(Debug, Clone, PartialEq)]
pub struct StrictValue(pub Value);

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Strict.deserialize(d).map(StrictValue)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Strict.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element_seed(Strict)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(duplicate(&key));
            }
            let v = map.next_value_seed(Strict)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// The error for a key seen twice in one object.
pub fn duplicate<E: de::Error>(key: &str) -> E {
    E::custom(format!(
        "duplicate key {key:?}: a member may appear only once in an object"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_refused_at_any_depth_with_their_position() {
        let e = parse("{\"features\": [],\n \"x\": {\"id\": 1, \"id\": 2}}").unwrap_err();
        assert_eq!(
            (e.line(), e.to_string().contains("\"id\"")),
            (2, true),
            "{e}"
        );
        assert!(parse(r#"{"a": {"b": 1}, "b": {"a": 1}}"#).is_ok());
        let v = parse(r#"{"n": 1e400}"#);
        assert!(v.is_err());
        assert_eq!(
            parse(r#"[1, -2, 2.5, "s", true, null]"#).unwrap(),
            serde_json::json!([1, -2, 2.5, "s", true, null])
        );
    }
}
