//! The attribution a run's output owes its data: the frontier's own (its file's
//! `frontier.attribution`; for the built-in frontier, OpenStreetMap's, ODbL 1.0) and, when
//! settlements were used, the gazetteer's (for the built-in one, GeoNames', CC BY 4.0). Every
//! report and export carries it: a member of JSON and GeoJSON documents, a last `Data:` line of
//! text, and a sidecar file beside CSV and GeoJSON-lines files ([`sidecar_path`]).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::model::FrontierMeta;

/// The credit for the built-in gazetteer (data/settlements.geojson).
pub const EMBEDDED_SETTLEMENTS: &str = "Settlements: GeoNames (geonames.org), CC BY 4.0";

/// Where a run's settlements came from, if it used any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gazetteer<'a> {
    /// No settlements were used.
    Unused,
    /// The built-in gazetteer (GeoNames, CC BY 4.0).
    Embedded,
    /// A user's file, with the `attribution` member it gives, if any.
    File(Option<&'a str>),
}

/// The attribution for what a run used: the frontier's (if its file gives one), then the
/// gazetteer's, joined by "; ". `None` when neither says anything.
///
/// ```
/// use borderscope::embedded;
/// use borderscope::report::{Gazetteer, attribution};
///
/// let frontier = embedded::kg_tj_frontier();
/// let a = attribution(&frontier.meta, Gazetteer::Embedded).unwrap();
/// assert!(a.contains("OpenStreetMap") && a.ends_with("Settlements: GeoNames (geonames.org), CC BY 4.0"));
/// let mine = attribution(&frontier.meta, Gazetteer::File(Some("Survey of Ruritania")));
/// assert!(mine.unwrap().ends_with("; Settlements: Survey of Ruritania"));
/// ```
pub fn attribution(frontier: &FrontierMeta, gazetteer: Gazetteer) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(a) = frontier.attribution.as_deref().map(str::trim)
        && !a.is_empty()
    {
        parts.push(a.to_string());
    }
    match gazetteer {
        Gazetteer::Unused | Gazetteer::File(None) => {}
        Gazetteer::Embedded => parts.push(EMBEDDED_SETTLEMENTS.to_string()),
        Gazetteer::File(Some(a)) => {
            let a = a.trim();
            if !a.is_empty() {
                parts.push(format!("Settlements: {a}"));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The last line of a text output, `Data: …` with its newline; empty with no attribution.
pub fn text_line(attribution: Option<&str>) -> String {
    attribution.map_or_else(String::new, |a| format!("Data: {a}\n"))
}

/// Appends the `attribution` member to a JSON object (null with no attribution).
pub(crate) fn add_member(v: &mut Value, attribution: Option<&str>) {
    if let Value::Object(m) = v {
        m.insert("attribution".into(), json!(attribution));
    }
}

/// The member as a line of hand-written JSON: `"attribution": …` (no comma).
pub(crate) fn member_text(attribution: Option<&str>) -> String {
    format!("\"attribution\": {}", json!(attribution))
}

/// The sidecar that carries the attribution beside an output with no place for it (CSV,
/// GeoJSON lines and sequences): `FILE.attribution.txt` next to `FILE`.
pub fn sidecar_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".attribution.txt");
    PathBuf::from(name)
}

/// The sidecar's text: the attribution, one line.
pub fn sidecar_text(attribution: &str) -> String {
    format!("{attribution}\n")
}
