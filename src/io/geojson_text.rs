//! GeoJSON text as borderscope writes its data files: the collection's own members first, then
//! one feature per line, so that diffs of the data stay readable.

use serde_json::{Map, Value};

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
