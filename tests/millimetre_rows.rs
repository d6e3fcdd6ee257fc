//! The CSV rows of the incidents report from the engine that decides distances by chord
//! intervals (`Proximity::to_the_millimetre`, what the CSV and Parquet reports use) against
//! the exact engine (Karney's distance for every candidate): over 1.2 million incidents on the
//! embedded frontier and 200,000 on a hand-made one of hard corners
//! (`tests/fixtures/corners.geojson`), every row byte for byte the same. The incidents are those an analyst's data hold, spread over the
//! frontier's region and up to ~150 km beyond, near the frontier's vertices, on all dates
//! (status changes included) and with every kind of uncertainty, and the hard cases placed on
//! purpose: on a vertex, a distance just off a millimetre's rounding boundary from one, and a
//! distance just off a threshold (`--within`, and it less or plus the incident's radius, where
//! `near_contested` and the verdict change).

use borderscope::analysis::{Proximity, UncertaintyRules};
use borderscope::io::embedded::{kg_tj_frontier, kg_tj_settlements};
use borderscope::model::PrecisionCode;
use borderscope::report::{IncidentReport, RowFormat};
use borderscope::{Assessment, Frontier, Incident, parse_frontier};
use geo::Point;
use geographiclib_rs::{DirectGeodesic, Geodesic};
use jiff::civil::{Date, date};
use rayon::prelude::*;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static WGS84: LazyLock<Geodesic> = LazyLock::new(Geodesic::wgs84);

mod util;
use util::Rng;

const WITHIN_M: f64 = 10_000.0;

/// A point `d` metres from `from` at a random azimuth.
fn away(rng: &mut Rng, from: Point<f64>, d: f64) -> Point<f64> {
    let (lat, lon): (f64, f64) = WGS84.direct(from.y(), from.x(), rng.uniform(0.0, 360.0), d);
    Point::new(lon, lat)
}

/// Incident `k` of a chunk, near `vertices` or within `bbox` (west, south, east, north).
fn incident(k: usize, rng: &mut Rng, vertices: &[Point<f64>], bbox: [f64; 4]) -> Incident {
    let vertex = vertices[(rng.next() * vertices.len() as f64) as usize % vertices.len()];
    // The radius of its place, given (with the thresholds it shifts) or from a precision code.
    let radius = [0.0, 2_000.0, 25_000.0, 1_234.567_8][k % 4];
    let point = match k % 12 {
        // On a vertex, or a few metres from one.
        0 => vertex,
        1 => {
            let d = rng.uniform(0.0, 5.0);
            away(rng, vertex, d)
        }
        // Within 2 µm of a whole-millimetre distance from a vertex.
        2 | 3 => {
            let mm = (rng.uniform(1.0, 60_000.0) * 1000.0).round() / 1000.0;
            let d = mm + 0.0005 + rng.uniform(-2e-6, 2e-6);
            away(rng, vertex, d)
        }
        // Within 2 µm of a threshold from a vertex: --within, and it less or plus the radius.
        4 | 5 => {
            let t = WITHIN_M + [0.0, -radius, radius][(rng.next() * 3.0) as usize % 3];
            let d = t + rng.uniform(-2e-6, 2e-6);
            away(rng, vertex, d)
        }
        // Near the frontier.
        6..=8 => {
            let d = rng.uniform(0.0, 20_000.0);
            away(rng, vertex, d)
        }
        // Anywhere in the frontier's box widened by 1.5° (~150 km).
        _ => Point::new(
            rng.uniform(bbox[0] - 1.5, bbox[2] + 1.5),
            rng.uniform(bbox[1] - 1.5, bbox[3] + 1.5),
        ),
    };
    let day = date(2000, 1, 1)
        .checked_add(jiff::Span::new().days((rng.next() * 9_800.0) as i64))
        .unwrap();
    let mut i = Incident::at(format!("i{k}"), day, point);
    i.fatalities = Some(k as u64 % 7);
    match k % 3 {
        0 => i.uncertainty_m = Some(radius),
        1 => i.geo_precision = Some(PrecisionCode::acled(1 + (k / 3 % 3) as u8)),
        _ => {}
    }
    // A day, a week, a month (ACLED time_precision), or a span given to its end.
    match k % 5 {
        1 => i.time_precision = Some(PrecisionCode::acled(2)),
        2 => i.time_precision = Some(PrecisionCode::acled(3)),
        3 => i.date_end = Some(shift(day, (rng.next() * 400.0) as i64)),
        _ => {}
    }
    i
}

fn shift(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days)).unwrap_or(d)
}

/// The rows of `n` incidents (in chunks of 10,000) from both engines, which must be the same;
/// how many incidents lie within 20 km of a vertex, and how many of those the chords decided
/// (their assessment taken at the intervals' lower ends: a distance not the exact one).
fn compare(frontier: &Frontier, n: u64, seed: u64) -> (usize, usize) {
    let settlements = kg_tj_settlements();
    let vertices: Vec<Point<f64>> = frontier
        .segments
        .iter()
        .flat_map(|s| s.line.0.iter().map(|&c| Point::from(c)))
        .collect();
    let bbox = vertices
        .iter()
        .fold([180.0f64, 90.0, -180.0, -90.0], |b, p| {
            [
                b[0].min(p.x()),
                b[1].min(p.y()),
                b[2].max(p.x()),
                b[3].max(p.y()),
            ]
        });
    let exact = Proximity::new(frontier, &settlements);
    let by_chord = Proximity::new(frontier, &settlements).to_the_millimetre();
    let rules = UncertaintyRules::default();
    let report = |engine| IncidentReport {
        engine,
        as_of: None,
        within_km: WITHIN_M / 1000.0,
        format: RowFormat::Csv,
        period: None,
        rules: &rules,
        max_uncertainty_m: None,
        attribution: None,
        kept: &[],
    };
    let (exact, by_chord) = (report(&exact), report(&by_chord));
    let (near, decided) = (AtomicUsize::new(0), AtomicUsize::new(0));
    const PER_CHUNK: usize = 10_000;
    let mismatches: Vec<String> = (0..n / PER_CHUNK as u64)
        .into_par_iter()
        .flat_map_iter(|chunk| {
            let mut rng = Rng::seeded(seed + chunk);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut out = Vec::new();
            for k in 0..PER_CHUNK {
                let i = incident(k, &mut rng, &vertices, bbox);
                a.clear();
                b.clear();
                let ea = exact.engine.assess_incident(&i, &rules, None, WITHIN_M);
                let eb = by_chord.engine.assess_incident(&i, &rules, None, WITHIN_M);
                if (6..=8).contains(&(k % 12)) {
                    near.fetch_add(1, Ordering::Relaxed);
                    let d = |a: &Assessment| a.nearest.map(|n| n.distance.distance_m.to_bits());
                    if d(&ea) != d(&eb) {
                        decided.fetch_add(1, Ordering::Relaxed);
                    }
                }
                exact.row(&mut a, &i, &ea);
                by_chord.row(&mut b, &i, &eb);
                if a != b && out.len() < 5 {
                    out.push(format!(
                        "{:?}\n  exact:    {}  by chord: {}",
                        i.point,
                        String::from_utf8_lossy(&a),
                        String::from_utf8_lossy(&b)
                    ));
                }
            }
            out
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} rows differ (five a chunk at most shown), e.g.:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    (near.into_inner(), decided.into_inner())
}

/// The embedded frontier, 1.2 million incidents.
#[test]
fn every_csv_row_as_the_exact_engine_writes_it() {
    let (near, decided) = compare(&kg_tj_frontier(), 1_200_000, 1);
    // The fast path is taken: most assessments near the frontier come from the chords (the
    // rest: feet inside an edge, rounding boundaries, spans over a change of status).
    eprintln!("{decided} of {near} incidents within 20 km of a vertex decided by the chords");
    assert!(decided * 2 > near, "{decided} of {near}");
}

/// The hand-made frontier of shared vertices, reversed copies, a returning segment, vertices
/// 11 µm apart and windowed status changes (`tests/fixtures/corners.geojson`), 200,000
/// incidents.
#[test]
fn every_csv_row_as_the_exact_engine_writes_it_at_hard_corners() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corners.geojson"
    );
    let frontier = parse_frontier(&std::fs::read_to_string(path).unwrap(), "corners").unwrap();
    let (near, decided) = compare(&frontier, 200_000, 500);
    // Fewer here (11,969 of 49,980): the dates span windowed changes of status more often.
    eprintln!("{decided} of {near} incidents within 20 km of a vertex decided by the chords");
    assert!(decided * 5 > near, "{decided} of {near}");
}
