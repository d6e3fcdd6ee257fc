//! The proven interval of `geodesy::chord_band` against geographiclib-rs (Karney's method,
//! 15 nm), on 10 million random lines: points uniform on the ellipsoid and, one line in
//! eight, within 1° of a pole; azimuths uniform; lengths log-uniform from 1 cm to the 400 km
//! limit and, one line in four, uniform up to it. Every interval must hold the reference
//! distance, and, widened by the tolerance of exact solutions, the engine's own prepared
//! inverse. Lines beyond the limit, near-antipodal ones included, must get no interval (the
//! fast path is not taken there). And the test of `geodesy::chord_angle` that an edge's end is
//! its nearest point, against Karney's azimuths on 2 million ends.

use borderscope::geodesy::chord_band::{EXACT_TOLERANCE_M, MAX_CHORD_M, geodesic_band};
use borderscope::geodesy::ecef::to_ecef;
use borderscope::geodesy::inverse::{Endpoint, inverse};
use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};
use rayon::prelude::*;

mod util;
use util::Rng;

/// What a chunk of lines found: lines checked, the widest interval (metres) and its line,
/// and the failures.
#[derive(Default)]
struct Tally {
    lines: u64,
    widest: f64,
    failures: Vec<String>,
}

fn check_chunk(seed: u64, n: usize) -> Tally {
    let g = Geodesic::wgs84();
    let mut rng = Rng::seeded(seed);
    let mut t = Tally::default();
    for k in 0..n {
        let lat1 = if k % 8 == 0 {
            let side = if rng.next() < 0.5 { -1.0 } else { 1.0 };
            side * rng.uniform(89.0, 90.0)
        } else {
            rng.uniform(-1.0, 1.0).asin().to_degrees()
        };
        let lon1 = rng.uniform(-180.0, 180.0);
        let azi = rng.uniform(-180.0, 180.0);
        let len = if k % 4 == 1 {
            rng.uniform(0.0, MAX_CHORD_M)
        } else {
            (rng.uniform(0.01f64.ln(), MAX_CHORD_M.ln())).exp()
        };
        let (lat2, lon2): (f64, f64) = g.direct(lat1, lon1, azi, len);
        let s: f64 = g.inverse(lat1, lon1, lat2, lon2);
        let Some((lo, hi)) = geodesic_band(to_ecef(lon1, lat1), to_ecef(lon2, lat2)) else {
            // Only lines whose chord is beyond the limit (or under a millimetre) get none.
            if s < MAX_CHORD_M - 1.0 && s > 0.01 {
                t.failures
                    .push(format!("no interval: {lat1} {lon1} {lat2} {lon2} ({s} m)"));
            }
            continue;
        };
        t.lines += 1;
        t.widest = t.widest.max(hi - lo);
        if !(lo <= s && s <= hi) {
            t.failures.push(format!(
                "{lat1} {lon1} {lat2} {lon2}: {s} m not in [{lo}, {hi}]"
            ));
        }
        if k % 10 == 0 {
            let (e, ..) = inverse(&Endpoint::new(lat1, lon1), &Endpoint::new(lat2, lon2));
            if !(lo - EXACT_TOLERANCE_M <= e && e <= hi + EXACT_TOLERANCE_M) {
                t.failures.push(format!(
                    "engine {lat1} {lon1} {lat2} {lon2}: {e} m not in [{lo}, {hi}] ± tolerance"
                ));
            }
        }
    }
    t
}

#[test]
fn holds_karneys_distance_on_ten_million_lines() {
    const CHUNKS: u64 = 1000;
    const PER_CHUNK: usize = 10_000;
    let tallies: Vec<Tally> = (0..CHUNKS)
        .into_par_iter()
        .map(|c| check_chunk(c + 1, PER_CHUNK))
        .collect();
    let lines: u64 = tallies.iter().map(|t| t.lines).sum();
    let widest = tallies.iter().map(|t| t.widest).fold(0.0, f64::max);
    let failures: Vec<&String> = tallies.iter().flat_map(|t| &t.failures).collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    // Nearly all lines are within the limit (a few of the longest have chords just over it).
    assert!(lines > 9_990_000, "{lines} lines checked");
    // A few millimetres at most up to 120 km; growing as the chord's fourth power, 0.23 m
    // (the widest of these lines) up to 400 km.
    assert!(widest < 0.25, "widest interval {widest} m");
}

/// Long and near-antipodal lines: no interval, so the exact solution is always used.
#[test]
fn no_interval_for_long_or_near_antipodal_lines() {
    let g = Geodesic::wgs84();
    let mut rng = Rng(7);
    for _ in 0..100_000 {
        let lat1 = rng.uniform(-90.0, 90.0);
        let lon1 = rng.uniform(-180.0, 180.0);
        // The antipode, moved by up to 1°, or any point at least 405 km away.
        let (lat2, lon2) = if rng.next() < 0.5 {
            let lon = lon1 + 180.0 + rng.uniform(-1.0, 1.0);
            (-lat1 + rng.uniform(-1.0, 1.0), lon)
        } else {
            let (la, lo): (f64, f64) = g.direct(
                lat1,
                lon1,
                rng.uniform(0.0, 360.0),
                rng.uniform(405_000.0, 19_000_000.0),
            );
            (la, lo)
        };
        let lat2 = lat2.clamp(-90.0, 90.0);
        assert_eq!(
            geodesic_band(to_ecef(lon1, lat1), to_ecef(lon2, lat2)),
            None,
            "{lat1} {lon1} {lat2} {lon2}"
        );
    }
}

/// The chord test that an edge's end is its nearest point (`geodesy::chord_angle::obtuse_at`)
/// against Karney's azimuths, on 2 million random ends everywhere on the ellipsoid (one in
/// eight within 1° of a pole): edges log-uniform from 1 m to 200 km, points from 1 cm to
/// 400 km away, at angles within 10⁻⁹ to 10⁻² radians of a right angle on either side, where
/// the test must decide. Wherever it proves the angle obtuse, Karney's azimuths make it so
/// (without the curvature's turning in its margin, it fails).
#[test]
fn obtuse_angles_at_ends_only_where_karney_says_so() {
    use borderscope::geodesy::chord_angle::obtuse_at;
    let failures: Vec<String> = (0..20u64)
        .into_par_iter()
        .flat_map_iter(|chunk| {
            let g = Geodesic::wgs84();
            let mut rng = Rng::seeded(1_000 + chunk);
            let mut out = Vec::new();
            for _ in 0..100_000 {
                let (lat, lon) = random_place(&mut rng, 0.125, 1.0);
                let azi_e = rng.uniform(-180.0, 180.0);
                let len = 10f64.powf(rng.uniform(0.0, 5.3));
                let (wlat, wlon): (f64, f64) = g.direct(lat, lon, azi_e, len);
                let side = if rng.next() < 0.5 { 1.0 } else { -1.0 };
                let delta = 10f64.powf(rng.uniform(-9.0, -2.0)) * side;
                let turn = if rng.next() < 0.5 { 1.0 } else { -1.0 };
                let alpha = (90.0 + delta.to_degrees()) * turn;
                let s = 10f64.powf(rng.uniform(-2.0, 5.6));
                let (plat, plon): (f64, f64) = g.direct(lat, lon, azi_e + alpha, s);
                let v = to_ecef(lon, lat);
                let Some((_, hi)) = geodesic_band(v, to_ecef(plon, plat)) else {
                    continue;
                };
                if !obtuse_at(v, to_ecef(wlon, wlat), to_ecef(plon, plat), hi) {
                    continue;
                }
                // Karney's angle at the end, from the azimuths there (degrees, 0..180).
                let (_, a1, _, _): (f64, f64, f64, f64) = g.inverse(lat, lon, wlat, wlon);
                let (_, a2, _, _): (f64, f64, f64, f64) = g.inverse(lat, lon, plat, plon);
                let d = (a2 - a1).rem_euclid(360.0);
                let angle = if d > 180.0 { 360.0 - d } else { d };
                if angle <= 90.0 && out.len() < 5 {
                    out.push(format!(
                        "end {lat} {lon}, edge {len} m at {azi_e}, point {s} m: {angle}°"
                    ));
                }
            }
            out
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `GeodesicEdge::end_band` against the engine's own exact distance to the edge (from the
/// chord's first guess, as the searches call it), on 400,000 random ends everywhere (one in
/// five within 2° of a pole), at either end of the edge, edges from 1 cm to 2,000 km, points
/// from 1 mm to 400 km away at angles within 10⁻⁹ to 10⁻¹ radians of a right angle: wherever it
/// gives an interval, the exact search ends at that same end, and its distance lies within.
#[test]
fn end_bands_hold_the_exact_search_answer() {
    use borderscope::geodesy::GeodesicEdge;
    use borderscope::geodesy::ecef::chord_fraction;
    use geo::{Coord, Point};
    let tally: Vec<(usize, Vec<String>)> = (0..8u64)
        .into_par_iter()
        .map(|chunk| {
            let g = Geodesic::wgs84();
            let mut rng = Rng::seeded(2_000 + chunk);
            let (mut banded, mut bad) = (0, Vec::new());
            for k in 0..50_000 {
                let (lat, lon) = random_place(&mut rng, 0.2, 2.0);
                let azi = rng.uniform(-180.0, 180.0);
                let len = 10f64.powf(rng.uniform(-2.0, 6.3));
                let (wlat, wlon): (f64, f64) = g.direct(lat, lon, azi, len);
                let (v, w) = (Coord { x: lon, y: lat }, Coord { x: wlon, y: wlat });
                let (a, b) = if k % 2 == 1 { (w, v) } else { (v, w) };
                let edge = GeodesicEdge::new(a, b);
                let delta = 10f64.powf(rng.uniform(-9.0, -1.0));
                let side = if rng.next() < 0.5 { 1.0 } else { -1.0 };
                let turn = if rng.next() < 0.5 { 1.0 } else { -1.0 };
                let alpha = (90.0 + (delta * side).to_degrees()) * turn;
                let s = 10f64.powf(rng.uniform(-3.0, 5.6));
                let (plat, plon): (f64, f64) = g.direct(lat, lon, azi + alpha, s);
                let (ea, eb, q) = (to_ecef(a.x, a.y), to_ecef(b.x, b.y), to_ecef(plon, plat));
                let Some((d, lo, hi)) = edge.end_band(ea, eb, q) else {
                    continue;
                };
                banded += 1;
                let exact = edge.distance_to(Point::new(plon, plat), chord_fraction(q, ea, eb));
                let holds = exact.closest == d.closest
                    && exact.along_m == d.along_m
                    && (lo..=hi).contains(&exact.distance_m);
                if !holds && bad.len() < 5 {
                    bad.push(format!(
                        "end {lat} {lon}, edge {len} m, point {s} m at {alpha}°: {exact:?} against {d:?} [{lo}, {hi}]"
                    ));
                }
            }
            (banded, bad)
        })
        .collect();
    let banded: usize = tally.iter().map(|t| t.0).sum();
    let bad: Vec<String> = tally.into_iter().flat_map(|t| t.1).collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // Half the points lie beyond the end, all near a right angle on purpose: some 18 % of
    // them get an interval (68,202 with these seeds).
    assert!(banded > 50_000, "{banded} of 400,000 banded");
}

/// A place uniform on the sphere or, with probability `polar`, within `within_deg` of a pole
/// (latitude, longitude in degrees).
fn random_place(rng: &mut Rng, polar: f64, within_deg: f64) -> (f64, f64) {
    let lat = if rng.next() < polar {
        rng.uniform(90.0 - within_deg, 90.0) * if rng.next() < 0.5 { 1.0 } else { -1.0 }
    } else {
        (rng.uniform(-1.0, 1.0)).asin().to_degrees()
    };
    (lat, rng.uniform(-180.0, 180.0))
}
