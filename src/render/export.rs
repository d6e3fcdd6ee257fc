//! The layered export: segments, settlements, incidents and corridors in one RFC 7946
//! FeatureCollection that QGIS, geojson.io, Leaflet and MapLibre show well with no styling work.
//!
//! - lon/lat, no `crs` member, exterior rings counter-clockwise and holes clockwise;
//! - coordinates rounded to a number of decimals (6 ≈ 0.1 m), repeated points dropped;
//! - simplestyle-spec properties (`stroke`, `fill`, `marker-color`, ...) on every feature;
//! - every feature has a `layer` property (`corridor`, `segment`, `settlement`, `incident`) to
//!   filter or style by, and features come in drawing order, polygons first.

use geo::{Coord, GeodesicArea, LineString, MultiPolygon, Point};
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::style::{self, Severity};
use crate::analysis::corridor::{CorridorError, CorridorOptions, corridor};
use crate::analysis::{Proximity, UncertaintyRules};
use crate::io::{
    FeatureFormat as ExportFormat, features_to_string, line_geometry, segment_properties,
    settlement_properties,
};
use crate::model::{CountryArea, Frontier, Incident, Settlement, Status, StatusAt};
use crate::report::incidents::{assessment_properties, finding_properties, identity_properties};
use crate::report::{Gazetteer, attribution};

/// Which layers to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layers {
    /// The ground within [`MapData::within_m`] of the segments contested on the date.
    pub corridors: bool,
    /// The segments that exist on the date, with their status then.
    pub segments: bool,
    /// The settlements, each with its nearest segment on the date.
    pub settlements: bool,
    /// The incidents, each with its nearest segment, contested stretch and settlement.
    pub incidents: bool,
}

impl Layers {
    /// Every layer.
    pub fn all() -> Self {
        Layers {
            corridors: true,
            segments: true,
            settlements: true,
            incidents: true,
        }
    }

    /// Parses a comma-separated list such as `segments,incidents`.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut l = Layers {
            corridors: false,
            segments: false,
            settlements: false,
            incidents: false,
        };
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "segments" => l.segments = true,
                "settlements" => l.settlements = true,
                "incidents" => l.incidents = true,
                "corridors" => l.corridors = true,
                other => {
                    return Err(format!(
                        "unknown layer {other:?}: expected segments, settlements, incidents or corridors"
                    ));
                }
            }
        }
        if l == (Layers {
            corridors: false,
            segments: false,
            settlements: false,
            incidents: false,
        }) {
            return Err(
                "no layer given: expected segments, settlements, incidents or corridors".into(),
            );
        }
        Ok(l)
    }
}

/// Everything a map shows, and the dates it shows it for.
#[derive(Debug, Clone)]
pub struct MapData<'a> {
    /// The frontier drawn.
    pub frontier: &'a Frontier,
    /// The gazetteer.
    pub settlements: &'a [Settlement],
    /// The incidents shown.
    pub incidents: &'a [Incident],
    /// The date of the segments' statuses, colours and corridors.
    pub as_of: Date,
    /// The date of the statuses incidents are compared with; `None`: each incident's own date.
    pub incidents_as_of: Option<Date>,
    /// The corridor width and the "near" threshold, metres.
    pub within_m: f64,
    /// The radii for the incidents' precision codes.
    pub rules: &'a UncertaintyRules,
    /// Where the gazetteer came from, for the attribution ([`MapData::attribution`]).
    pub gazetteer: Gazetteer<'a>,
    /// The country areas the maps shade and name (none: the maps shade nothing).
    pub countries: &'a [CountryArea],
    /// The credit the country areas require, drawn with the other attributions.
    pub countries_credit: Option<&'a str>,
}

impl MapData<'_> {
    /// The credit the data drawn requires: the frontier's and the gazetteer's
    /// ([`crate::report::attribution()`]).
    pub fn attribution(&self) -> Option<String> {
        attribution(&self.frontier.meta, self.gazetteer)
    }

    /// The ground within `within_m` of the segments contested on `as_of`.
    pub fn corridor(&self) -> Result<MultiPolygon<f64>, CorridorError> {
        let lines = self
            .frontier
            .segments
            .iter()
            .filter(|s| s.status_at(self.as_of) == Some(Status::Contested))
            .map(|s| &s.line);
        corridor(lines, CorridorOptions::new(self.within_m))
    }

    /// The collection-level members: what the file is, its dates, and the attributions the
    /// data's licences require.
    pub fn members(&self) -> Map<String, Value> {
        let mut m = Map::new();
        // GDAL and QGIS take `name` as the layer name: keep it a plain identifier.
        let slug: String = self
            .frontier
            .meta
            .name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        m.insert(
            "name".into(),
            json!(format!(
                "{slug}_{}",
                self.as_of.to_string().replace('-', "")
            )),
        );
        m.insert(
            "title".into(),
            json!(format!("{}, as of {}", self.frontier.meta.name, self.as_of)),
        );
        m.insert("as_of".into(), json!(self.as_of.to_string()));
        m.insert("within_km".into(), json!(self.within_m / 1000.0));
        // The frontier's own description, so that `--border` can load the export again.
        m.insert(
            "frontier".into(),
            crate::io::frontier_geojson::meta_to_json(&self.frontier.meta),
        );
        m.insert("attribution".into(), json!(self.attribution()));
        if let Some(l) = &self.frontier.meta.license {
            m.insert("license".into(), json!(format!("frontier geometry: {l}")));
        }
        m.insert(
            "generator".into(),
            json!(format!("borderscope {}", env!("CARGO_PKG_VERSION"))),
        );
        m
    }

    /// The features of the chosen layers, in drawing order.
    pub fn features(&self, layers: &Layers, digits: u32) -> Result<Vec<Value>, CorridorError> {
        // The proximity engine only for the layers that need it: building it costs a pass over
        // every edge (seconds for a million).
        let engine = (layers.settlements || layers.incidents)
            .then(|| Proximity::new(self.frontier, self.settlements));
        let mut out = Vec::new();
        let contested_ids: Vec<&str> = self
            .frontier
            .segments
            .iter()
            .filter(|s| s.status_at(self.as_of) == Some(Status::Contested))
            .map(|s| s.id.as_str())
            .collect();
        if layers.corridors && !contested_ids.is_empty() {
            let c = self.corridor()?;
            let area_km2: f64 = c.0.iter().map(|p| p.geodesic_area_unsigned()).sum::<f64>() / 1e6;
            out.push(json!({
                "type": "Feature",
                "id": format!("corridor-{}", self.as_of),
                "properties": {
                    "layer": "corridor",
                    "name": format!("within {} km of stretches contested on {}", self.within_m / 1000.0, self.as_of),
                    "as_of": self.as_of.to_string(),
                    "within_km": self.within_m / 1000.0,
                    "area_km2": (area_km2 * 1000.0).round() / 1000.0,
                    "segments": contested_ids,
                    "fill": style::CORRIDOR, "fill-opacity": 0.15,
                    "stroke": style::CORRIDOR, "stroke-width": 1, "stroke-opacity": 0.6,
                },
                "geometry": multipolygon_json(&c, digits),
            }));
        }
        if layers.segments {
            for s in &self.frontier.segments {
                if !s.exists_at(self.as_of) {
                    continue;
                }
                let status = s.status_at(self.as_of);
                let (stroke, width) = style::segment_stroke(status);
                let mut p = Map::new();
                p.insert("layer".into(), json!("segment"));
                p.extend(segment_properties(s));
                p.insert("as_of".into(), json!(self.as_of.to_string()));
                p.insert("status".into(), json!(status.map(Status::as_str)));
                p.insert(
                    "status_since".into(),
                    json!(s.status_since(self.as_of).map(|d| d.to_string())),
                );
                let certainty = s.certainty_at(self.as_of);
                let window = match certainty {
                    Some(StatusAt::Uncertain(c)) => Some((c.from, c.by)),
                    _ => None,
                };
                p.insert(
                    "status_certainty".into(),
                    json!(certainty.map(|c| c.certainty())),
                );
                p.insert(
                    "status_window_from".into(),
                    json!(window.map(|w| w.0.to_string())),
                );
                p.insert(
                    "status_window_by".into(),
                    json!(window.map(|w| w.1.to_string())),
                );
                p.insert(
                    "length_km".into(),
                    json!((crate::geodesy::length_m(&s.line) / 1000.0 * 1000.0).round() / 1000.0),
                );
                p.insert("stroke".into(), json!(stroke));
                p.insert("stroke-width".into(), json!(width));
                p.insert("stroke-opacity".into(), json!(0.9));
                out.push(json!({"type": "Feature", "id": s.id, "properties": p, "geometry": line_json(&s.line, digits)}));
            }
        }
        if let (true, Some(engine)) = (layers.settlements, &engine) {
            for (i, st) in self.settlements.iter().enumerate() {
                let a = engine.assess(st.point, self.as_of, self.within_m);
                let mut p = Map::new();
                p.insert("layer".into(), json!("settlement"));
                p.extend(settlement_properties(st));
                assessment_properties(&mut p, self.frontier, &a);
                p.insert("marker-color".into(), json!(style::SETTLEMENT));
                p.insert("marker-size".into(), json!("small"));
                p.insert("marker-symbol".into(), json!("village"));
                out.push(
                    json!({"type": "Feature", "id": format!("settlement-{i}"), "properties": p,
                                "geometry": point_json(st.point, digits)}),
                );
            }
        }
        if let (true, Some(engine)) = (layers.incidents, &engine) {
            for inc in self.incidents {
                let a =
                    engine.assess_incident(inc, self.rules, self.incidents_as_of, self.within_m);
                let severity = Severity::of(inc.fatalities);
                let (color, size) = severity.marker();
                let mut p = Map::new();
                p.insert("layer".into(), json!("incident"));
                identity_properties(&mut p, inc);
                p.insert("severity".into(), json!(severity.label()));
                finding_properties(&mut p, self.frontier, self.settlements, inc, &a);
                p.insert("marker-color".into(), json!(color));
                p.insert("marker-size".into(), json!(size));
                out.push(json!({"type": "Feature", "id": inc.id, "properties": p, "geometry": point_json(inc.point, digits)}));
            }
        }
        Ok(out)
    }
}

/// A coordinate rounded to `digits` decimals (15 or more: unchanged).
fn round_pos(c: Coord<f64>, digits: u32) -> [f64; 2] {
    if digits >= 15 {
        return [c.x, c.y];
    }
    let f = 10f64.powi(digits as i32);
    [(c.x * f).round() / f, (c.y * f).round() / f]
}

/// Rounded positions of a line, without repeats that rounding created.
fn round_line(coords: &[Coord<f64>], digits: u32) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(coords.len());
    for c in coords {
        let p = round_pos(*c, digits);
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

fn point_json(p: Point<f64>, digits: u32) -> Value {
    json!({"type": "Point", "coordinates": round_pos(p.0, digits)})
}

fn line_json(l: &LineString<f64>, digits: u32) -> Value {
    line_geometry(&l.0, |c| json!(round_pos(c, digits)))
}

fn multipolygon_json(m: &MultiPolygon<f64>, digits: u32) -> Value {
    let polys: Vec<Vec<Vec<[f64; 2]>>> =
        m.0.iter()
            .map(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|r| round_line(&r.0, digits))
                    .filter(|r| r.len() >= 4)
                    .collect()
            })
            .collect();
    json!({"type": "MultiPolygon", "coordinates": polys})
}

/// The export as text in the given format ([`ExportFormat`], the feature files' formats).
pub fn export_text(
    data: &MapData,
    layers: &Layers,
    digits: u32,
    format: ExportFormat,
) -> Result<String, CorridorError> {
    let features = data.features(layers, digits)?;
    Ok(features_to_string(&data.members(), features, format))
}
