//! Rebuilds `data/countries.geojson`, the country areas the maps shade and name, from the same
//! OpenStreetMap country polygons as the frontier (npm `@osm_borders/maritime_10m` 1.1.0, ODbL).
//!
//! ```text
//! cargo run --release --example build_countries -- path/to/borders.geo.json [border.geojson] [out]
//! ```
//!
//! Two kinds of feature, told apart by `detail`:
//! - `frontier`: every country that reaches within one degree of the frontier's box, cut to that
//!   box and simplified to 0.0003° (about 30 m: a 1,600-pixel map of the frontier shows 400 m a
//!   pixel, and the frontier line itself is drawn on top from `data/border.geojson`);
//! - `locator`: the countries of Central Asia and round it (50–90° E, 32–52° N), simplified to
//!   0.03° (about 3 km), for the small locator map.
//!
//! The source's rings (outer rings and holes, exclaves and enclaves) are combined by the
//! even–odd rule, as the file draws them, and written as RFC 7946 MultiPolygons (exterior
//! rings counter-clockwise). Names are the English short names of ISO 3166-1.

use std::path::PathBuf;
use std::process::ExitCode;

use borderscope::io::{CountryFile, load_countries, load_frontier};
use borderscope::model::even_odd_within;
use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MultiPolygon, Rect, Simplify};
use serde_json::{Value, json};

/// English short names (ISO 3166-1) of the countries the two boxes can hold.
const NAMES: &[(&str, &str)] = &[
    ("AF", "Afghanistan"),
    ("AM", "Armenia"),
    ("AZ", "Azerbaijan"),
    ("CN", "China"),
    ("GE", "Georgia"),
    ("IN", "India"),
    ("IR", "Iran"),
    ("KG", "Kyrgyzstan"),
    ("KZ", "Kazakhstan"),
    ("MN", "Mongolia"),
    ("NP", "Nepal"),
    ("PK", "Pakistan"),
    ("RU", "Russia"),
    ("TJ", "Tajikistan"),
    ("TM", "Turkmenistan"),
    ("UZ", "Uzbekistan"),
];

const FRONTIER_PAD_DEG: f64 = 1.0;
const FRONTIER_TOLERANCE_DEG: f64 = 0.0003;
const LOCATOR_BOX: (f64, f64, f64, f64) = (50.0, 32.0, 90.0, 52.0);
const LOCATOR_TOLERANCE_DEG: f64 = 0.03;

type Result<T> = std::result::Result<T, String>;

/// Coordinates rounded to `digits` decimals, repeated points dropped.
fn rounded(mp: &MultiPolygon<f64>, digits: i32) -> Value {
    let k = 10f64.powi(digits);
    let ring = |l: &LineString<f64>| -> Vec<[f64; 2]> {
        let mut out: Vec<[f64; 2]> = Vec::with_capacity(l.0.len());
        for c in &l.0 {
            let p = [(c.x * k).round() / k, (c.y * k).round() / k];
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
        out
    };
    let polys: Vec<Vec<Vec<[f64; 2]>>> =
        mp.0.iter()
            .map(|p| {
                std::iter::once(ring(p.exterior()))
                    .chain(p.interiors().iter().map(ring))
                    .filter(|r| r.len() >= 4)
                    .collect::<Vec<_>>()
            })
            .filter(|p: &Vec<_>| !p.is_empty())
            .collect();
    json!({"type": "MultiPolygon", "coordinates": polys})
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let osm = PathBuf::from(
        args.next()
            .ok_or("usage: build_countries <borders.geo.json> [border.geojson] [out]")?,
    );
    let border = PathBuf::from(args.next().unwrap_or_else(|| "data/border.geojson".into()));
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "data/countries.geojson".into()),
    );

    let frontier = load_frontier(&border).map_err(|e| e.to_string())?;
    let (mut lo0, mut la0, mut lo1, mut la1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in frontier.segments.iter().flat_map(|s| s.line.0.iter()) {
        (lo0, la0, lo1, la1) = (lo0.min(c.x), la0.min(c.y), lo1.max(c.x), la1.max(c.y));
    }
    let pad = FRONTIER_PAD_DEG;
    let near_box = Rect::new(
        Coord {
            x: (lo0 - pad).floor(),
            y: (la0 - pad).floor(),
        },
        Coord {
            x: (lo1 + pad).ceil(),
            y: (la1 + pad).ceil(),
        },
    );
    let (a, b, c, d) = LOCATOR_BOX;
    let locator_box = Rect::new(Coord { x: a, y: b }, Coord { x: c, y: d });

    let file = osm.display().to_string();
    let countries = load_countries(&osm).map_err(|e| e.to_string())?;
    let CountryFile::Polygons(features) = &countries else {
        return Err(format!("{file}: expected GeoJSON country polygons"));
    };
    let mut out_features = Vec::new();
    for (detail, clip, tolerance, digits) in [
        ("frontier", near_box, FRONTIER_TOLERANCE_DEG, 4),
        ("locator", locator_box, LOCATOR_TOLERANCE_DEG, 3),
    ] {
        for (i, f) in features.iter().enumerate() {
            let Some(code) = countries.label(i).code else {
                continue;
            };
            let area = even_odd_within(f.rings.iter().map(|r| LineString::from(r.clone())), &clip);
            if area.0.is_empty() {
                continue;
            }
            let name = NAMES
                .iter()
                .find(|(c, _)| *c == code)
                .map(|(_, n)| *n)
                .ok_or_else(|| format!("{file}: no English name listed for {code}"))?;
            let area = area.simplify(tolerance).orient(Direction::Default);
            out_features.push(json!({
                "type": "Feature",
                "properties": {"code": code, "name": name, "detail": detail},
                "geometry": rounded(&area, digits),
            }));
        }
    }
    let doc = json!({
        "type": "FeatureCollection",
        "name": "country_areas",
        "description": format!(
            "Country areas for the maps: within {FRONTIER_PAD_DEG}° of the frontier's box (detail \"frontier\", simplified to {FRONTIER_TOLERANCE_DEG}°) and of Central Asia (detail \"locator\", {LOCATOR_TOLERANCE_DEG}°). Built by examples/build_countries.rs; drawing only, never measured."
        ),
        "license": "ODbL-1.0",
        "attribution": "© OpenStreetMap contributors (ODbL 1.0), via npm @osm_borders/maritime_10m 1.1.0",
        "features": out_features,
    });
    let mut text = String::new();
    // One feature per line: small diffs when the source changes.
    text.push_str("{\n");
    for key in ["type", "name", "description", "license", "attribution"] {
        text.push_str(&format!("\"{key}\": {},\n", doc[key]));
    }
    text.push_str("\"features\": [\n");
    let n = doc["features"].as_array().map_or(0, Vec::len);
    for (k, f) in doc["features"].as_array().into_iter().flatten().enumerate() {
        text.push_str(&f.to_string());
        text.push_str(if k + 1 < n { ",\n" } else { "\n" });
    }
    text.push_str("]\n}\n");
    std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("wrote {} ({n} country areas)", out.display());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_countries: {e}");
            ExitCode::from(2)
        }
    }
}
