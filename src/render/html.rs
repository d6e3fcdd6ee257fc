//! One self-contained HTML page with an interactive map: Leaflet 1.9.4 (inlined from its npm
//! package, with its BSD-2-Clause licence), the segments with their whole status history and a
//! date slider that recolours them, the corridors of each status period, settlements and
//! incidents with popups of all their properties, and an optional OpenStreetMap basemap for
//! when the viewer is online. It shows the data with no network at all.

use super::escape::esc;
use serde_json::{Value, json};

use super::export::{Layers, MapData};
use crate::analysis::corridor::{CorridorError, CorridorOptions, corridor};
use crate::geodesy::antimeridian::{central_meridian, near};
use crate::model::Status;

const LEAFLET_JS: &str = include_str!("vendor/leaflet/leaflet.js");
const LEAFLET_CSS: &str = include_str!("vendor/leaflet/leaflet.css");
const LEAFLET_LICENSE: &str = include_str!("vendor/leaflet/LICENSE");
const MAP_JS: &str = include_str!("assets/map.js");
const MAP_CSS: &str = include_str!("assets/map.css");

/// Options for [`render_html`].
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlOptions {
    /// The page's title and heading (plain text; escaped).
    pub title: String,
}

/// Leaflet's CSS without its `url(images/...)` references: the page draws no image markers,
/// and a missing file would be a failed request in the console.
fn css_without_urls(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        out.push_str(&rest[..i]);
        match rest[i..].find(')') {
            Some(j) => {
                out.push_str("none");
                rest = &rest[i + j + 1..];
            }
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The page's data: segments with history, settlements, incidents and per-period corridors.
fn page_data(data: &MapData) -> Result<Value, CorridorError> {
    // Settlements and incidents in one pass (their proximity engine is built once), then
    // parted by layer.
    let points = data.features(
        &Layers {
            corridors: false,
            segments: false,
            settlements: true,
            incidents: true,
        },
        6,
    )?;
    let (mut settlement_features, incident_features): (Vec<Value>, Vec<Value>) = points
        .into_iter()
        .partition(|f| f["properties"]["layer"] == "settlement");
    exclave_names(data, &mut settlement_features);
    let collection =
        |features: Vec<Value>| json!({"type": "FeatureCollection", "features": features});
    // Every segment, whatever its dates: the page decides what shows on the chosen day.
    let seg_features: Vec<Value> = data
        .frontier
        .segments
        .iter()
        .map(|s| {
            let mut p = crate::io::segment_properties(s);
            p.insert(
                "length_km".into(),
                json!((crate::geodesy::length_m(&s.line) / 1000.0 * 1000.0).round() / 1000.0),
            );
            // Drawn, not measured: detail finer than a quarter of a metre (below a pixel at
            // the map's closest zoom) is left out; the length above is of the whole line.
            let coords: Vec<[f64; 2]> = drawn(&s.line.0, 0.25)
                .into_iter()
                .map(|c| [(c.x * 1e6).round() / 1e6, (c.y * 1e6).round() / 1e6])
                .collect();
            json!({"type": "Feature", "id": s.id, "properties": p,
                   "geometry": {"type": "LineString", "coordinates": coords}})
        })
        .collect();
    let segments = json!({"type": "FeatureCollection", "features": seg_features});

    // One corridor per stretch of time in which the same segments were contested. Every
    // stretch ends where the contested set changes, also when it changes to nothing (the page
    // held one period with no end before, and showed a corridor when nothing was contested).
    let frontier = data.frontier;
    let dates = frontier.change_dates();
    let mut corridors: Vec<Value> = Vec::new();
    for period in contested_periods(frontier, &dates) {
        if period.contested.is_empty() || data.within_m <= 0.0 {
            continue;
        }
        let c = corridor(
            period.contested.iter().map(|&i| &frontier.segments[i].line),
            CorridorOptions::new(data.within_m),
        )?;
        let polys: Vec<Vec<Vec<[f64; 2]>>> =
            c.0.iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(|r| {
                            r.0.iter()
                                .map(|c| [(c.x * 1e5).round() / 1e5, (c.y * 1e5).round() / 1e5])
                                .collect()
                        })
                        .collect()
                })
                .collect();
        corridors.push(json!({
            "from": period.from.to_string(),
            "to": period.to.map(|x| x.to_string()),
            "feature": {"type": "Feature", "properties": {"within_km": data.within_m / 1000.0},
                        "geometry": {"type": "MultiPolygon", "coordinates": polys}},
        }));
    }

    let mut first = dates.first().copied().unwrap_or(data.as_of);
    let mut last = dates.last().copied().unwrap_or(data.as_of).max(data.as_of);
    for i in data.incidents {
        first = first.min(i.date);
        last = last.max(i.date);
    }
    // Longitudes round the frontier's central meridian: Leaflet draws a line from 179.5° to
    // −179.5° across the whole world, and one from 179.5° to 180.5° as it is.
    let centre = central_meridian(
        frontier
            .segments
            .iter()
            .flat_map(|s| s.line.0.iter().map(|c| c.x)),
    );
    let mut countries = Value::Array(country_features(data, centre));
    let mut segments = segments;
    let mut corridors = Value::Array(corridors);
    let mut settlements = collection(settlement_features);
    let mut incidents = collection(incident_features);
    for v in [
        &mut countries,
        &mut segments,
        &mut corridors,
        &mut settlements,
        &mut incidents,
    ] {
        recentre(v, centre);
    }
    Ok(json!({
        "title": frontier.meta.name,
        "as_of": data.as_of.to_string(),
        "within_km": data.within_m / 1000.0,
        "first_day": first.to_string(),
        "last_day": last.to_string(),
        "segments": segments,
        "settlements": settlements,
        "incidents": incidents,
        "corridors": corridors,
        "countries": countries,
    }))
}

/// A settlement inside one of the frontier's rings is named with its country while the ring
/// exists ("Vorukh (Tajikistan)", as the SVG does): `exclave_name`, with the ring's dates
/// (`exclave_from`, `exclave_to`) for the page to decide by day.
fn exclave_names(data: &MapData, features: &mut [Value]) {
    use geo::Contains as _;
    let frontier = data.frontier;
    let rings: Vec<(&crate::Segment, geo::Polygon<f64>)> = frontier
        .segments
        .iter()
        .filter(|s| s.is_ring())
        .map(|s| (s, geo::Polygon::new(s.line.clone(), vec![])))
        .collect();
    for f in features {
        let (Some(x), Some(y)) = (
            f["geometry"]["coordinates"][0].as_f64(),
            f["geometry"]["coordinates"][1].as_f64(),
        ) else {
            continue;
        };
        let Some(country) = frontier
            .meta
            .countries
            .iter()
            .find(|c| f["properties"]["country"].as_str() == Some(c.code.as_str()))
        else {
            continue;
        };
        if let Some((seg, _)) = rings
            .iter()
            .find(|(_, r)| r.contains(&geo::Point::new(x, y)))
        {
            let p = &mut f["properties"];
            let name = p["name"].as_str().unwrap_or_default().to_string();
            p["exclave_name"] = json!(format!("{name} ({})", country.name));
            p["exclave_from"] = json!(seg.validity.from.map(|d| d.to_string()));
            p["exclave_to"] = json!(seg.validity.to.map(|d| d.to_string()));
        }
    }
}

/// The country areas near the frontier, each with its colours and where its name goes (in
/// the frontier's box, widened as the SVG's is), and the rings that are not exclaves on some
/// day, with their dates and the colour of the ground they are then.
fn country_features(data: &MapData, centre: f64) -> Vec<Value> {
    use super::countries::{colours, former_exclaves, name_point};
    let frontier = data.frontier;
    let (_, bbox) = super::extent::frontier_box(frontier);
    let round = |c: &geo::Coord<f64>| [(c.x * 1e4).round() / 1e4, (c.y * 1e4).round() / 1e4];
    let mut out = Vec::new();
    // The whole countries of the locator (coarse) first, under the detailed areas near the
    // frontier: the page can be panned beyond those.
    use crate::model::AreaDetail;
    let mut areas: Vec<&crate::model::CountryArea> = data.countries.iter().collect();
    areas.sort_by_key(|a| a.detail == AreaDetail::Frontier);
    for a in areas {
        let detailed = a.detail == AreaDetail::Frontier;
        let (fill, ink) = colours(frontier, &a.code);
        // One polygon of every ring: Leaflet fills by the even–odd rule, as the areas are.
        let rings: Vec<Vec<[f64; 2]>> = a
            .rings
            .iter()
            .map(|r| r.iter().map(round).collect())
            .collect();
        let mut recentred = a.clone();
        for c in recentred.rings.iter_mut().flatten() {
            c.x = near(c.x, centre);
        }
        out.push(json!({
            "type": "Feature",
            "properties": {
                "code": a.code, "name": a.name, "fill": fill, "ink": ink,
                "detail": if detailed { "frontier" } else { "locator" },
                "label": if detailed { name_point(&recentred, bbox).map(|(x, y)| [x, y]) } else { None },
            },
            "geometry": {"type": "Polygon", "coordinates": rings},
        }));
    }
    // Rings that are the other country's ground on the days they do not exist.
    for (seg, other) in former_exclaves(frontier, data.countries, None)
        .into_iter()
        .filter(|(s, _)| s.validity.from.is_some() || s.validity.to.is_some())
    {
        let (fill, _) = colours(frontier, &other.code);
        out.push(json!({
            "type": "Feature",
            "properties": {
                "code": other.code, "name": other.name, "fill": fill,
                "former_exclave": seg.id,
                "valid_from": seg.validity.from.map(|d| d.to_string()),
                "valid_to": seg.validity.to.map(|d| d.to_string()),
            },
            "geometry": {"type": "Polygon", "coordinates": [seg.line.0.iter().map(round).collect::<Vec<_>>()]},
        }));
    }
    out
}

/// A line simplified for drawing (Douglas–Peucker, geo's `Simplify`) to `metres`, in a local
/// plane of metres east and north of its first point: a drawing tolerance, not a measure.
fn drawn(line: &[geo::Coord<f64>], metres: f64) -> Vec<geo::Coord<f64>> {
    use geo::Simplify as _;
    let Some(first) = line.first() else {
        return Vec::new();
    };
    let (kx, ky) = (111_320.0 * first.y.to_radians().cos().max(1e-6), 110_574.0);
    let plane: geo::LineString<f64> = line
        .iter()
        .map(|c| geo::Coord {
            x: (near(c.x, first.x) - first.x) * kx,
            y: (c.y - first.y) * ky,
        })
        .collect();
    let kept = plane.simplify(metres);
    // Back to the original positions, in order (the plane is one-to-one with the line).
    let mut out = Vec::with_capacity(kept.0.len());
    let mut k = 0;
    for c in kept.0 {
        while k < line.len() {
            let here = plane.0[k];
            k += 1;
            if here == c {
                out.push(line[k - 1]);
                break;
            }
        }
    }
    out
}

/// Every position of every geometry in `v` with its longitude taken within 180° of `centre`.
fn recentre(v: &mut Value, centre: f64) {
    fn positions(c: &mut Value, centre: f64) {
        if let Value::Array(a) = c {
            if let [Value::Number(x), Value::Number(_), ..] = a.as_slice() {
                if let Some(lon) = x.as_f64() {
                    a[0] = json!(near(lon, centre));
                }
            } else {
                for item in a {
                    positions(item, centre);
                }
            }
        }
    }
    match v {
        Value::Object(m) => {
            if m.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t != "Feature" && t != "FeatureCollection")
                && let Some(c) = m.get_mut("coordinates")
            {
                positions(c, centre);
                return;
            }
            for (_, item) in m.iter_mut() {
                recentre(item, centre);
            }
        }
        Value::Array(a) => {
            for item in a {
                recentre(item, centre);
            }
        }
        _ => {}
    }
}

/// A stretch of time in which the same segments were contested: from `from` until the day
/// before `to` (`None`: to this day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContestedPeriod {
    /// The first day of the period.
    pub from: jiff::civil::Date,
    /// The day after its last day, when the next period starts; `None`: to this day.
    pub to: Option<jiff::civil::Date>,
    /// Indexes of the contested segments.
    pub contested: Vec<usize>,
}

/// The stretches of time between the frontier's change dates (`dates`, in order) in which the
/// contested set stays the same, each ending where it changes, the last open-ended.
pub fn contested_periods(
    frontier: &crate::model::Frontier,
    dates: &[jiff::civil::Date],
) -> Vec<ContestedPeriod> {
    let mut periods: Vec<ContestedPeriod> = Vec::new();
    for (k, &d) in dates.iter().enumerate() {
        let contested: Vec<usize> = frontier
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.status_at(d) == Some(Status::Contested))
            .map(|(i, _)| i)
            .collect();
        let to = dates.get(k + 1).copied();
        match periods.last_mut() {
            Some(last) if last.contested == contested => last.to = to,
            _ => periods.push(ContestedPeriod {
                from: d,
                to,
                contested,
            }),
        }
    }
    periods
}

/// The HTML page.
pub fn render_html(data: &MapData, opts: &HtmlOptions) -> Result<String, CorridorError> {
    // JSON inside <script>: "</" must not close the element; "\/" is the same string in JSON.
    let json = page_data(data)?.to_string().replace("</", "<\\/");
    let attribution = {
        let mut a = data.frontier.meta.attribution.clone().unwrap_or_default();
        if !a.is_empty() {
            a.push_str(" · ");
        }
        if let Some(c) = data.countries_credit.filter(|_| !data.countries.is_empty()) {
            a.push_str("Countries: ");
            a.push_str(c);
            a.push_str(" · ");
        }
        a.push_str("Settlements: GeoNames (CC BY 4.0) · Map library: Leaflet 1.9.4, BSD-2-Clause");
        a
    };
    let title = esc(&opts.title);
    Ok(format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="borderscope {version}">
<title>{title}</title>
<!-- Leaflet 1.9.4, inlined from the npm package leaflet@1.9.4. Its licence:
{license}-->
<style>{leaflet_css}</style>
<style>{map_css}</style>
</head>
<body>
<div id="bar">
<h1 id="title">{title}</h1>
<div class="controls">
<label>Date <input id="day-slider" type="range" step="1" list="day-steps" aria-label="date"></label>
<datalist id="day-steps"></datalist>
<input id="day-input" type="text" inputmode="numeric" pattern="\d{{4}}-\d{{2}}-\d{{2}}" size="10" placeholder="YYYY-MM-DD" aria-label="date (YYYY-MM-DD)">
<label>Changes <select id="day-list" aria-label="dates where something changes"></select></label>
<span id="summary"></span>
</div>
</div>
<div id="map"></div>
<div id="attribution">{attribution}</div>
<script>{leaflet_js}</script>
<script id="borderscope-data" type="application/json">{json}</script>
<script>{map_js}</script>
</body>
</html>
"#,
        version = env!("CARGO_PKG_VERSION"),
        license = LEAFLET_LICENSE.replace("--", "- -"),
        leaflet_css = css_without_urls(LEAFLET_CSS),
        map_css = MAP_CSS,
        attribution = esc(&attribution),
        leaflet_js = LEAFLET_JS,
        map_js = MAP_JS,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// The embedded frontier: its periods tile time without gaps or overlaps, each ends where
    /// the contested set changes, and the last (after 2024-12-04) has nothing contested.
    #[test]
    fn contested_periods_end_where_the_set_changes() {
        let f = crate::io::embedded::kg_tj_frontier();
        let dates = f.change_dates();
        let periods = contested_periods(&f, &dates);
        for w in periods.windows(2) {
            assert_eq!(w[0].to, Some(w[1].from));
            assert_ne!(w[0].contested, w[1].contested);
        }
        let last = periods.last().unwrap();
        assert_eq!(last.to, None);
        assert!(last.contested.is_empty(), "{last:?}");
        assert!(last.from <= date(2024, 12, 4));
        let sep_2022 = periods
            .iter()
            .find(|p| p.from <= date(2022, 9, 16) && p.to.is_none_or(|t| date(2022, 9, 16) < t))
            .unwrap();
        assert_eq!(sep_2022.contested.len(), 20);
    }

    #[test]
    fn css_urls_are_removed() {
        assert_eq!(
            super::css_without_urls("a{background:url(images/x.png) no-repeat}b{c:d}"),
            "a{background:none no-repeat}b{c:d}"
        );
        assert!(!super::css_without_urls(super::LEAFLET_CSS).contains("url("));
    }
}
