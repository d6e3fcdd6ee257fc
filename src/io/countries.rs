//! Country files for `import`: TopoJSON topologies or GeoJSON country polygons, and finding a
//! country in them by id, name or code.

use std::path::Path;

use geo::Coord;
use serde_json::{Map, Value};

use super::error::{LoadError, Place, read_to_string};
use super::geojson::parse_position_value;
use super::topojson::{Topology, parse_topology};

/// A country polygon feature of a GeoJSON file, with all its rings (outer and holes).
#[derive(Debug, Clone, PartialEq)]
pub struct CountryFeature {
    /// The feature's `id` member (a number as its decimal text), if it has one.
    pub id: Option<String>,
    /// The feature's properties (name, ISO codes, ...).
    pub properties: Map<String, Value>,
    /// Every ring of every polygon, each closed (first position = last), lon/lat.
    pub rings: Vec<Vec<Coord<f64>>>,
}

/// The contents of a country file.
#[derive(Debug, Clone, PartialEq)]
pub enum CountryFile {
    /// TopoJSON: borders are arcs shared by two countries' rings.
    Topology(Topology),
    /// GeoJSON polygons: borders are where two countries' boundaries coincide.
    Polygons(Vec<CountryFeature>),
}

/// What identifies a country in a file, for matching and for naming it in output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryLabel {
    /// Its name property (`name`, `NAME`, `ADMIN`, ...), else its code, its id or
    /// "feature N".
    pub name: String,
    /// Its ISO 3166-1 alpha-2 code (`iso_a2` and similar properties), if given.
    pub code: Option<String>,
}

/// Loads a TopoJSON topology or a GeoJSON FeatureCollection of country polygons.
pub fn load_countries(path: &Path) -> Result<CountryFile, LoadError> {
    let text = read_to_string(path)?;
    parse_countries(&text, &super::error::file_label(path))
}

/// Parses a TopoJSON topology or a GeoJSON FeatureCollection of country polygons; `file` names
/// it in errors.
pub fn parse_countries(text: &str, file: &str) -> Result<CountryFile, LoadError> {
    let file = file.to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: Value =
        super::json_value::parse(text).map_err(|e| LoadError::json(&file, &e, Some(text)))?;
    match doc.get("type").and_then(Value::as_str) {
        Some("Topology") => Ok(CountryFile::Topology(parse_topology(&doc, &file)?)),
        Some("FeatureCollection") => Ok(CountryFile::Polygons(parse_polygons(&doc, &file)?)),
        other => Err(LoadError::invalid(
            &file,
            &Place::Document,
            "type",
            format!(
                "is {}: expected \"Topology\" (TopoJSON) or \"FeatureCollection\" (GeoJSON country polygons)",
                other.map_or("missing".to_string(), |s| format!("{s:?}"))
            ),
        )),
    }
}

impl CountryFile {
    fn candidates(&self) -> Vec<(Option<&str>, &Map<String, Value>)> {
        match self {
            CountryFile::Topology(t) => t
                .geometries
                .iter()
                .map(|g| (g.id.as_deref(), &g.properties))
                .collect(),
            CountryFile::Polygons(p) => {
                p.iter().map(|f| (f.id.as_deref(), &f.properties)).collect()
            }
        }
    }

    /// The index of the one feature that `query` names: its id, or any of its text or number
    /// properties (name, ISO codes, ...), compared without regard to case.
    pub fn find(&self, query: &str, file: &str) -> Result<usize, LoadError> {
        let q = query.trim().to_lowercase();
        let hits: Vec<usize> = self
            .candidates()
            .iter()
            .enumerate()
            .filter(|(_, (id, props))| {
                id.is_some_and(|id| id.to_lowercase() == q)
                    || props.values().any(|v| match v {
                        Value::String(s) => s.to_lowercase() == q,
                        Value::Number(n) => n.to_string() == q,
                        _ => false,
                    })
            })
            .map(|(i, _)| i)
            .collect();
        let place = Place::Object(query.to_string());
        match hits.as_slice() {
            [one] => Ok(*one),
            [] if self.candidates().is_empty() => Err(LoadError::invalid(
                file,
                &Place::Document,
                "features",
                "has no Polygon or MultiPolygon country: nothing to find a border between",
            )),
            [] => Err(LoadError::invalid(
                file,
                &place,
                "id/properties",
                format!(
                    "no polygon feature has this id, name or code (e.g. {})",
                    self.examples()
                ),
            )),
            many => Err(LoadError::invalid(
                file,
                &place,
                "id/properties",
                format!(
                    "is ambiguous: {} features match ({}); use an id or code",
                    many.len(),
                    many.iter()
                        .take(5)
                        .map(|&i| self.label(i).name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// A few names from the file, to help someone who asked for one that is not there.
    fn examples(&self) -> String {
        let c = self.candidates();
        let mut names: Vec<String> = (0..c.len().min(4)).map(|i| self.label(i).name).collect();
        if c.len() > 4 {
            names.push(format!("… {} in all", c.len()));
        }
        names.join(", ")
    }

    /// The name and code of feature `index`, from its usual properties.
    pub fn label(&self, index: usize) -> CountryLabel {
        let c = self.candidates();
        let (id, props) = c[index];
        let pick = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| props.get(*k).and_then(Value::as_str).map(str::to_string))
        };
        let code = pick(&["iso_a2", "ISO_A2", "isoA2", "ISO2", "iso2"]);
        let name = pick(&["name", "NAME", "name_en", "NAME_EN", "ADMIN", "admin"])
            .or_else(|| code.clone())
            .or_else(|| id.map(str::to_string))
            .unwrap_or_else(|| format!("feature {index}"));
        CountryLabel { name, code }
    }
}

fn parse_polygons(doc: &Value, file: &str) -> Result<Vec<CountryFeature>, LoadError> {
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            LoadError::invalid(
                file,
                &Place::Document,
                "features",
                "is missing or not an array",
            )
        })?;
    let mut out = Vec::new();
    for (index, f) in features.iter().enumerate() {
        let id = match f.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let place = Place::Feature {
            index,
            id: id.clone(),
        };
        let mut rings = Vec::new();
        if let Some(g) = f.get("geometry").filter(|g| !g.is_null()) {
            collect_rings(g, "geometry", &mut rings)
                .map_err(|(field, problem)| LoadError::invalid(file, &place, field, problem))?;
        }
        if rings.is_empty() {
            continue; // not a polygon feature: cannot be a country
        }
        out.push(CountryFeature {
            id,
            properties: f
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            rings,
        });
    }
    Ok(out)
}

/// Appends every ring of a Polygon, MultiPolygon or GeometryCollection of them.
fn collect_rings(
    g: &Value,
    field: &str,
    out: &mut Vec<Vec<Coord<f64>>>,
) -> Result<(), (String, String)> {
    let ring = |r: &Value, rf: String| -> Result<Vec<Coord<f64>>, (String, String)> {
        let pts = r
            .as_array()
            .ok_or_else(|| (rf.clone(), "is not an array of positions".to_string()))?;
        let ring = pts
            .iter()
            .enumerate()
            .map(|(i, p)| parse_position_value(p).map_err(|e| (format!("{rf}[{i}]"), e)))
            .collect::<Result<Vec<_>, _>>()?;
        if ring.len() < 4 || ring.first() != ring.last() {
            return Err((
                rf,
                "is not a closed ring of at least 4 positions".to_string(),
            ));
        }
        Ok(ring)
    };
    let polygon =
        |p: &Value, pf: String, out: &mut Vec<Vec<Coord<f64>>>| -> Result<(), (String, String)> {
            let rings = p
                .as_array()
                .ok_or_else(|| (pf.clone(), "is not an array of rings".to_string()))?;
            for (k, r) in rings.iter().enumerate() {
                out.push(ring(r, format!("{pf}[{k}]"))?);
            }
            Ok(())
        };
    match g.get("type").and_then(Value::as_str) {
        Some("Polygon") => polygon(
            g.get("coordinates").unwrap_or(&Value::Null),
            format!("{field}.coordinates"),
            out,
        ),
        Some("MultiPolygon") => {
            let polys = g
                .get("coordinates")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    (
                        format!("{field}.coordinates"),
                        "is not an array".to_string(),
                    )
                })?;
            for (k, p) in polys.iter().enumerate() {
                polygon(p, format!("{field}.coordinates[{k}]"), out)?;
            }
            Ok(())
        }
        Some("GeometryCollection") => {
            let list = g
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or_else(|| (format!("{field}.geometries"), "is not an array".to_string()))?;
            for (k, child) in list.iter().enumerate() {
                collect_rings(child, &format!("{field}.geometries[{k}]"), out)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
