//! Rebuilds `data/border.geojson` from OpenStreetMap country polygons and `data/border-spec.toml`.
//!
//! ```text
//! cargo run --release --example build_border -- path/to/borders.geo.json
//! ```
//!
//! `data/rebuild.sh` downloads the input (npm `@osm_borders/maritime_10m` 1.1.0, ODbL) and runs
//! this. Steps: derive the shared Kyrgyz–Tajik boundary with borderscope's own import
//! (boundaries within 10 m), orient the open piece from the KG–TJ–UZ tripoint, cut it at the line
//! vertex nearest to each segment's `to` place, pick the two exclave rings, attach each
//! segment's history from the spec, and write the frontier file plus `data/SEGMENTS.md`, a table
//! of every segment with its measured length and how far each cut vertex lies from its place.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use borderscope::analysis::polygons_shared_border;
use borderscope::geodesy::{distance_m, length_m};
use borderscope::io::{CountryFile, Output, frontier_to_string, load_countries};
use borderscope::model::{
    AgreedSnapshot, Country, Frontier, FrontierMeta, History, OfficialLength, Segment,
    StatusChange, Validity,
};
use borderscope::{MeasuredFrontier, parse_date};
use geo::orient::{Direction, Orient};
use geo::{Coord, GeodesicArea, LineString, Point, Polygon};
use serde::Deserialize;

const TOLERANCE_M: f64 = 10.0;

#[derive(Deserialize)]
struct Spec {
    frontier: SpecFrontier,
    histories: BTreeMap<String, SpecHistory>,
    line: SpecLine,
    /// How well the line's position is known, by sector; a segment or ring may say more.
    line_position: BTreeMap<String, String>,
    segment: Vec<SpecSegment>,
    ring: Vec<SpecRing>,
}

#[derive(Deserialize)]
struct SpecFrontier {
    name: String,
    license: String,
    attribution: String,
    length_note: String,
    countries: Vec<SpecCountry>,
    official_lengths: Vec<SpecOfficialLength>,
    agreed_snapshots: Vec<SpecSnapshot>,
}

#[derive(Deserialize)]
struct SpecCountry {
    name: String,
    code: String,
}

#[derive(Deserialize)]
struct SpecOfficialLength {
    label: String,
    km: f64,
    date: Option<String>,
    source: String,
}

#[derive(Deserialize)]
struct SpecSnapshot {
    date: String,
    agreed_km: f64,
    of_km: Option<f64>,
    by: String,
    source: String,
    derived: Option<String>,
}

#[derive(Deserialize)]
struct SpecHistory {
    entries: Vec<SpecEntry>,
}

#[derive(Deserialize)]
struct SpecEntry {
    from: String,
    /// With a window: the day by which the change had happened (see `StatusChange::by`).
    by: Option<String>,
    status: String,
    source: String,
}

#[derive(Deserialize, Clone)]
struct Place {
    place: String,
    lon: f64,
    lat: f64,
    #[serde(default)]
    source: String,
}

impl Place {
    fn point(&self) -> Point<f64> {
        Point::new(self.lon, self.lat)
    }
}

#[derive(Deserialize)]
struct SpecLine {
    start_near: Place,
    end_place: String,
}

#[derive(Deserialize)]
struct SpecSegment {
    id: String,
    name: String,
    sector: String,
    to: Option<Place>,
    history: String,
    confidence: String,
    basis: String,
    line_position: Option<String>,
}

#[derive(Deserialize)]
struct SpecRing {
    id: String,
    name: String,
    sector: String,
    near: Place,
    history: String,
    valid_to: Option<String>,
    confidence: String,
    basis: String,
    line_position: Option<String>,
}

type Result<T> = std::result::Result<T, String>;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_border: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let osm = PathBuf::from(
        args.next()
            .ok_or("usage: build_border <borders.geo.json> [spec] [out] [report]")?,
    );
    let spec_path = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "data/border-spec.toml".into()),
    );
    let out_path = PathBuf::from(args.next().unwrap_or_else(|| "data/border.geojson".into()));
    let report_path = PathBuf::from(args.next().unwrap_or_else(|| "data/SEGMENTS.md".into()));

    let spec: Spec = toml::from_str(
        &std::fs::read_to_string(&spec_path)
            .map_err(|e| format!("{}: {e}", spec_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", spec_path.display()))?;

    let file = osm.display().to_string();
    let countries = load_countries(&osm).map_err(|e| e.to_string())?;
    let CountryFile::Polygons(features) = &countries else {
        return Err(format!("{file}: expected GeoJSON country polygons"));
    };
    let kg = countries.find("KGZ", &file).map_err(|e| e.to_string())?;
    let tj = countries.find("TJK", &file).map_err(|e| e.to_string())?;
    let pieces = polygons_shared_border(&features[kg], &features[tj], TOLERANCE_M);
    let (rings, open): (Vec<_>, Vec<_>) = pieces.into_iter().partition(|l| l.is_closed());
    let [main] = <[LineString<f64>; 1]>::try_from(open).map_err(|o| {
        format!(
            "expected one open piece of shared boundary, found {}",
            o.len()
        )
    })?;
    eprintln!(
        "shared boundary: 1 open piece ({} vertices, {:.2} km), {} rings",
        main.0.len(),
        length_m(&main) / 1000.0,
        rings.len()
    );

    // Orient from the KG–TJ–UZ tripoint.
    let mut v: Vec<Coord<f64>> = main.0;
    let start = spec.line.start_near.point();
    if let (Some(&first), Some(&last)) = (v.first(), v.last())
        && distance_m(start, last.into()) < distance_m(start, first.into())
    {
        v.reverse();
    }
    let start_offset_m = distance_m(start, v[0].into());

    let histories = spec
        .histories
        .iter()
        .map(|(k, h)| Ok((k.clone(), history(&h.entries)?)))
        .collect::<Result<BTreeMap<_, _>>>()?;
    let template = |name: &str| {
        histories
            .get(name)
            .cloned()
            .ok_or_else(|| format!("unknown history template {name:?}"))
    };

    let mut segments = Vec::new();
    let mut report_rows = Vec::new();
    let mut from_idx = 0usize;
    let mut from_place = (spec.line.start_near.place.clone(), start_offset_m);
    for (k, s) in spec.segment.iter().enumerate() {
        let last = k + 1 == spec.segment.len();
        let (to_idx, to_place) = match (&s.to, last) {
            (Some(p), false) => {
                let (i, d) = nearest_vertex(&v, p.point());
                if i <= from_idx {
                    return Err(format!(
                        "segment {}: cut point {:?} falls at vertex {i}, not after the previous cut (vertex {from_idx})",
                        s.id, p.place
                    ));
                }
                (i, (p.place.clone(), d))
            }
            (None, true) => (v.len() - 1, (spec.line.end_place.clone(), 0.0)),
            _ => {
                return Err(format!(
                    "segment {}: only the last segment may omit `to`",
                    s.id
                ));
            }
        };
        let line = LineString::new(v[from_idx..=to_idx].to_vec());
        segments.push(segment(
            &s.id,
            &s.name,
            &s.sector,
            line,
            template(&s.history)?,
            Validity::default(),
            &s.confidence,
            &s.basis,
            [&from_place.0, &to_place.0],
        )?);
        let position =
            position_statement(&spec.line_position, &s.sector, s.line_position.as_deref())?;
        segments
            .last_mut()
            .expect("just pushed")
            .extra
            .insert("line_position".into(), serde_json::json!(position));
        report_rows.push((
            from_place.clone(),
            to_place.clone(),
            s.to.as_ref().map(|p| p.source.clone()),
        ));
        from_idx = to_idx;
        from_place = to_place;
    }
    for r in &spec.ring {
        let (ring, d) = rings
            .iter()
            .map(|l| (l, nearest_vertex(&l.0, r.near.point()).1))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .ok_or("no rings in the shared boundary")?;
        let validity = Validity {
            from: None,
            to: r
                .valid_to
                .as_deref()
                .map(parse_date)
                .transpose()
                .map_err(|e| e.to_string())?,
        };
        segments.push(segment(
            &r.id,
            &r.name,
            &r.sector,
            ring.clone(),
            template(&r.history)?,
            validity,
            &r.confidence,
            &r.basis,
            [&r.near.place, &r.near.place],
        )?);
        // A ring's enclosed area, geodesic on WGS84, for the statement of how well it is known.
        let area_km2 = Polygon::new(ring.clone(), vec![])
            .orient(Direction::Default)
            .geodesic_area_unsigned()
            / 1e6;
        let own = r
            .line_position
            .as_deref()
            .map(|t| t.replace("{area_km2}", &format!("{area_km2:.1}")));
        let position = position_statement(&spec.line_position, &r.sector, own.as_deref())?;
        segments
            .last_mut()
            .expect("just pushed")
            .extra
            .insert("line_position".into(), serde_json::json!(position));
        report_rows.push((
            (r.near.place.clone(), d),
            (r.near.place.clone(), d),
            Some(r.near.source.clone()),
        ));
    }

    let f = &spec.frontier;
    let mut extra = serde_json::Map::new();
    extra.insert(
        "geometry_source".into(),
        serde_json::json!({
            "package": "npm @osm_borders/maritime_10m@1.1.0",
            "file": "borders.geo.json",
            "features": "isoA3 KGZ and TJK",
            "method": format!("borderscope shared boundary of the two country polygons, tolerance {TOLERANCE_M} m; cut at the vertex nearest to each named place (data/border-spec.toml)"),
            "snapshot": "OpenStreetMap as packaged in December 2024: before the 2025 treaty's land swaps"
        }),
    );
    let frontier = Frontier {
        meta: FrontierMeta {
            name: f.name.clone(),
            countries: f
                .countries
                .iter()
                .map(|c| Country {
                    name: c.name.clone(),
                    code: c.code.clone(),
                })
                .collect(),
            official_lengths: f
                .official_lengths
                .iter()
                .map(|l| {
                    Ok(OfficialLength {
                        label: l.label.clone(),
                        km: l.km,
                        date: l
                            .date
                            .as_deref()
                            .map(parse_date)
                            .transpose()
                            .map_err(|e| e.to_string())?,
                        source: l.source.clone(),
                    })
                })
                .collect::<Result<_>>()?,
            agreed_snapshots: f
                .agreed_snapshots
                .iter()
                .map(|s| {
                    Ok(AgreedSnapshot {
                        date: parse_date(&s.date).map_err(|e| e.to_string())?,
                        agreed_km: s.agreed_km,
                        of_km: s.of_km,
                        by: s.by.clone(),
                        source: s.source.clone(),
                        derived: s.derived.clone(),
                    })
                })
                .collect::<Result<_>>()?,
            license: Some(f.license.clone()),
            attribution: Some(f.attribution.clone()),
            length_note: Some(f.length_note.clone()),
            extra,
        },
        segments,
    };

    let text = frontier_to_string(&frontier);
    // Check that what we wrote loads back identically.
    let again = borderscope::parse_frontier(&text, &out_path.display().to_string())
        .map_err(|e| e.to_string())?;
    if again != frontier {
        return Err("the written frontier does not load back identically".into());
    }
    Output::new(&out_path, true)
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    let report = report(&frontier, &report_rows);
    Output::new(&report_path, true)
        .write_all(report.as_bytes())
        .map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {} ({} segments) and {}",
        out_path.display(),
        frontier.segments.len(),
        report_path.display()
    );
    Ok(())
}

fn history(entries: &[SpecEntry]) -> Result<History> {
    let entries = entries
        .iter()
        .map(|e| {
            Ok(StatusChange {
                from: Some(parse_date(&e.from).map_err(|x| x.to_string())?),
                by: e
                    .by
                    .as_deref()
                    .map(parse_date)
                    .transpose()
                    .map_err(|x| x.to_string())?,
                status: e
                    .status
                    .parse()
                    .map_err(|x: borderscope::model::UnknownStatus| x.to_string())?,
                source: e.source.clone(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    History::new(entries).map_err(|e| e.to_string())
}

#[allow(clippy::too_many_arguments)]
fn segment(
    id: &str,
    name: &str,
    sector: &str,
    line: LineString<f64>,
    history: History,
    validity: Validity,
    confidence: &str,
    basis: &str,
    ends: [&str; 2],
) -> Result<Segment> {
    let mut extra = serde_json::Map::new();
    extra.insert("ends".into(), serde_json::json!(ends));
    Ok(Segment {
        id: id.into(),
        name: name.into(),
        sector: sector.into(),
        line,
        history,
        validity,
        basis: Some(basis.into()),
        confidence: Some(
            confidence
                .parse()
                .map_err(|e: borderscope::model::UnknownConfidence| format!("{id}: {e}"))?,
        ),
        extra,
    })
}

/// How well a segment's line is known: its sector's statement, then what the segment adds.
fn position_statement(
    by_sector: &BTreeMap<String, String>,
    sector: &str,
    own: Option<&str>,
) -> Result<String> {
    let base = by_sector
        .get(sector)
        .ok_or_else(|| format!("no [line_position] statement for sector {sector:?}"))?;
    Ok(match own {
        Some(o) => format!("{o} {base}"),
        None => base.clone(),
    })
}

/// The index of the vertex nearest to `p`, and its geodesic distance in metres.
fn nearest_vertex(v: &[Coord<f64>], p: Point<f64>) -> (usize, f64) {
    v.iter()
        .enumerate()
        .map(|(i, c)| (i, distance_m(p, (*c).into())))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, f64::INFINITY))
}

type Row = ((String, f64), (String, f64), Option<String>);

fn report(frontier: &Frontier, rows: &[Row]) -> String {
    let m = MeasuredFrontier::new(frontier);
    let on = parse_date("2022-09-16").expect("valid date");
    let mut s = String::from(
        "# Segments of the embedded Kyrgyz–Tajik frontier\n\n\
         Generated by `examples/build_border.rs` from `data/border-spec.toml` (do not edit by hand).\n\
         Lengths are geodesic on WGS84. Each segment ends at the OSM line vertex nearest to a named\n\
         place; \"off\" is how far that vertex is from the place (for places away from the line, the\n\
         name says \"opposite\"). Status histories, bases and sources are in `data/border.geojson` and\n\
         explained in `data/SOURCES.md`.\n\n\
         | id | name | sector | km | status 2022-09-16 | confidence | from (off km) | to (off km) |\n\
         |---|---|---|---:|---|---|---|---|\n",
    );
    for (i, (seg, (from, to, _))) in frontier.segments.iter().zip(rows).enumerate() {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {:.2} | {} | {} | {} ({:.1}) | {} ({:.1}) |",
            seg.id,
            seg.name,
            seg.sector,
            m.segment_length_m(i) / 1000.0,
            seg.status_at(on).map_or("—".into(), |x| x.to_string()),
            seg.confidence.map_or("", |c| c.as_str()),
            from.0,
            from.1 / 1000.0,
            to.0,
            to.1 / 1000.0
        );
    }
    let l = m.lengths_at(on);
    let _ = writeln!(
        s,
        "\nOn 2022-09-16: {:.2} km measured, {:.2} km contested ({:.1} %).",
        l.total_m() / 1000.0,
        l.contested_m / 1000.0,
        100.0 * l.contested_share().unwrap_or(0.0)
    );
    s.push_str("\n## How each segment's status was decided\n");
    for (seg, (_, _, place_source)) in frontier.segments.iter().zip(rows) {
        let _ = writeln!(
            s,
            "\n### `{}` — {}\n\nConfidence: {}. {}\n",
            seg.id,
            seg.name,
            seg.confidence.map_or("not given", |c| c.as_str()),
            seg.basis.as_deref().unwrap_or("")
        );
        if let Some(src) = place_source.as_deref().filter(|x| !x.is_empty()) {
            let _ = writeln!(s, "Cut-point coordinates: {src}.\n");
        }
        for e in seg.history.entries() {
            let when = match (e.from, e.by) {
                (Some(from), Some(by)) => {
                    format!("at an unknown date from {from}, by {by}")
                }
                (from, _) => format!(
                    "from {}",
                    from.map_or("the start".into(), |d| d.to_string())
                ),
            };
            let _ = writeln!(s, "- {when}: **{}** — {}", e.status, e.source);
        }
        if let Some(to) = seg.validity.to {
            let _ = writeln!(s, "- the line ceases to exist on {to}");
        }
    }
    s
}
