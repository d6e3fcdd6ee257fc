//! Corridors anywhere on Earth, checked against exact distances: every point within the
//! radius of the lines (sampled, its distance measured exactly) lies inside the corridor, and
//! no point farther than the radius plus the tolerance does. Lines astride the antimeridian,
//! over and around the poles, and with edges longer than a quarter meridian.
//! (Before: 0.017 km² across the antimeridian, twice the Earth over a pole, points 9.5 km from
//! a long edge left out.)

use borderscope::analysis::{CorridorOptions, MAX_RADIUS_M, corridor};
use borderscope::geodesy::GeodesicEdge;
use geo::{Contains, Coord, GeodesicArea, LineString, MultiPolygon, Point, Validation};
use geographiclib_rs::{DirectGeodesic, Geodesic};
use proptest::prelude::*;

/// The exact distance from `p` to the line (the least over its edges).
fn distance(edges: &[GeodesicEdge], p: Point<f64>) -> f64 {
    edges
        .iter()
        .map(|e| e.distance_to(p, 0.5).distance_m)
        .fold(f64::MAX, f64::min)
}

fn wrap(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Whether the corridor holds `p` (longitude taken into −180…180, as the corridor is).
fn holds(c: &MultiPolygon<f64>, p: Point<f64>) -> bool {
    c.contains(&Point::new(wrap(p.x()), p.y()))
}

/// A point `d` metres from a point `t` of the way along edge `i`, at azimuth `az`.
fn off_line(line: &[Coord<f64>], i: usize, t: f64, az: f64, d: f64) -> Point<f64> {
    let g = Geodesic::wgs84();
    let (a, b) = (line[i], line[i + 1]);
    let (s12, azi1, _, _): (f64, f64, f64, f64) =
        geographiclib_rs::InverseGeodesic::inverse(&g, a.y, a.x, b.y, b.x);
    let (lat, lon): (f64, f64) = g.direct(a.y, a.x, azi1, s12 * t);
    let (lat2, lon2): (f64, f64) = g.direct(lat, lon, az, d);
    Point::new(lon2, lat2)
}

/// Checks one corridor: valid, and holding exactly the points it should at the samples.
fn check(line: &[Coord<f64>], r: f64, samples: &[(f64, f64, f64, f64)]) -> Result<(), String> {
    check_near(line, r, samples, usize::MAX)
}

/// [`check`], measuring each sample against the edges within `window` of the one it was taken
/// from (for long lines that run straight on, where farther edges are farther than 3r).
fn check_near(
    line: &[Coord<f64>],
    r: f64,
    samples: &[(f64, f64, f64, f64)],
    window: usize,
) -> Result<(), String> {
    let ls = LineString::new(line.to_vec());
    let options = CorridorOptions::new(r);
    let c = corridor([&ls], options).map_err(|e| e.to_string())?;
    // geo's validity check grows with the square of the vertices: on the smaller corridors.
    let vertices: usize = c.0.iter().map(|p| p.exterior().0.len()).sum();
    if vertices < 4_000 && !c.is_valid() {
        return Err(format!("invalid corridor around {line:?}"));
    }
    for p in c.0.iter().flat_map(|p| p.exterior().coords()) {
        if !(-180.0..=180.0).contains(&p.x) {
            return Err(format!("a vertex off −180…180: {p:?}"));
        }
    }
    let edges: Vec<GeodesicEdge> = line
        .windows(2)
        .map(|w| GeodesicEdge::new(w[0], w[1]))
        .collect();
    for &(u, v, az, k) in samples {
        let e = ((u * edges.len() as f64) as usize).min(edges.len() - 1);
        let near = &edges
            [e.saturating_sub(window)..e.saturating_add(window).saturating_add(1).min(edges.len())];
        // Within: up to just under the radius from a point of the line.
        let p = off_line(line, e, v, az, k * r * 0.9999);
        let d = distance(near, p);
        if d <= r && !holds(&c, p) {
            return Err(format!(
                "{p:?}, {d} m from the line, is outside the {r} m corridor"
            ));
        }
        // Just within the radius, where the outline is.
        let p = off_line(line, e, v, az, r - 0.01);
        let d = distance(near, p);
        if d <= r && !holds(&c, p) {
            return Err(format!(
                "{p:?}, {d} m from the line, is outside the {r} m corridor"
            ));
        }
        // Just beyond the radius and the tolerance, and from there to three times the radius;
        // measured.
        let tol = options.tolerance_m;
        let beyond = if k < 0.5 {
            r + tol + 0.05
        } else {
            r * (1.0 + 2.0 * k)
        };
        let q = off_line(line, e, v, az, beyond);
        let d = distance(near, q);
        if d > r + options.tolerance_m + 0.01 && holds(&c, q) {
            return Err(format!(
                "{q:?}, {d} m from the line, is inside the {r} m corridor"
            ));
        }
    }
    Ok(())
}

/// Where a line lies: anywhere, astride the antimeridian, near either pole.
fn centre() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        (-180.0..180.0f64, -75.0..75.0f64),
        (179.0..181.0f64, -70.0..70.0f64),
        (-180.0..180.0f64, 84.0..89.99f64),
        (-180.0..180.0f64, -89.99..-84.0f64),
    ]
}

/// 2–6 vertices: short steps (up to 2°) or long ones (up to 120°, beyond a quarter meridian).
fn line() -> impl Strategy<Value = Vec<Coord<f64>>> {
    (
        centre(),
        prop_oneof![Just(2.0f64), Just(120.0f64)],
        prop::collection::vec((-1.0..1.0f64, -1.0..1.0f64), 1..6),
    )
        .prop_map(|((lon, lat), scale, steps)| {
            let mut out = vec![Coord {
                x: wrap(lon),
                y: lat,
            }];
            let (mut x, mut y) = (lon, lat);
            for (dx, dy) in steps {
                x += dx * scale;
                y = (y + dy * scale.min(30.0)).clamp(-89.99, 89.99);
                out.push(Coord { x: wrap(x), y });
            }
            out.dedup();
            if out.len() < 2 {
                out.push(Coord {
                    x: wrap(x + 1.0),
                    y,
                });
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn corridors_hold_what_is_within_and_nothing_beyond(
        line in line(),
        r in prop_oneof![500.0..50_000.0f64, 50_000.0..300_000.0f64],
        samples in prop::collection::vec((0.0..1.0f64, 0.0..1.0f64, -180.0..180.0f64, 0.0..1.0f64), 60),
    ) {
        // Antipodal ends have no one geodesic: the line would not be what it says.
        let g = Geodesic::wgs84();
        for w in line.windows(2) {
            let (s12, _, _, _): (f64, f64, f64, f64) =
                geographiclib_rs::InverseGeodesic::inverse(&g, w[0].y, w[0].x, w[1].y, w[1].x);
            prop_assume!(s12 < 19_000_000.0);
        }
        if let Err(e) = check(&line, r, &samples) {
            return Err(TestCaseError::fail(e));
        }
    }
}

/// A detailed line: 150–400 vertices a few metres apart, jittering by up to `amp` metres
/// (in degrees at about 111 km a degree), anywhere but near the poles.
fn detailed() -> impl Strategy<Value = Vec<Coord<f64>>> {
    (
        (-180.0..180.0f64, -70.0..70.0f64),
        -180.0..180.0f64,
        prop::collection::vec((-1.0..1.0f64, 0.3..1.0f64), 150..400),
        prop_oneof![Just(0.5f64), Just(5.0f64), Just(50.0f64)],
    )
        .prop_map(|((lon, lat), heading, steps, amp)| {
            let (s, c) = heading.to_radians().sin_cos();
            let k = 1.0 / 111_000.0;
            let scale_x = k / lat.to_radians().cos();
            let mut out = Vec::new();
            let (mut x, mut y) = (0.0, 0.0);
            for (jitter, step) in steps {
                x += step * 8.0;
                let across = jitter * amp;
                // Along the heading by x metres, across it by `across`.
                let (e, n) = (x * s + across * c, x * c - across * s);
                out.push(Coord {
                    x: wrap(lon + e * scale_x),
                    y: lat + n * k,
                });
                y += 0.0;
            }
            let _ = y;
            out.dedup();
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Lines with detail far finer than the radius, where each side keeps only its outline.
    #[test]
    fn corridors_of_detailed_lines_hold_what_is_within_and_nothing_beyond(
        line in detailed(),
        r in prop_oneof![20.0..500.0f64, 500.0..20_000.0f64],
        samples in prop::collection::vec((0.0..1.0f64, 0.0..1.0f64, -180.0..180.0f64, 0.0..1.0f64), 60),
    ) {
        if let Err(e) = check(&line, r, &samples) {
            return Err(TestCaseError::fail(e));
        }
    }
}

/// The area of a corridor around a geodesic of length L is 2rL + πr² (less a little, for the
/// Earth's curvature, at these sizes under 0.1 %).
fn area_km2(line: &[Coord<f64>], r: f64) -> (f64, f64) {
    let ls = LineString::new(line.to_vec());
    let c = corridor([&ls], CorridorOptions::new(r)).unwrap();
    assert!(c.is_valid());
    let length: f64 = line
        .windows(2)
        .map(|w| GeodesicEdge::new(w[0], w[1]).length_m())
        .sum();
    let want = 2.0 * r * length + std::f64::consts::PI * r * r;
    (c.geodesic_area_unsigned() / 1e6, want / 1e6)
}

#[test]
fn across_the_antimeridian_the_corridor_is_split_there_and_whole() {
    // Fiji's longitudes: from 179.5 E to 179.5 W.
    let line = [
        Coord { x: 179.5, y: -17.0 },
        Coord {
            x: -179.5,
            y: -17.2,
        },
    ];
    let (got, want) = area_km2(&line, 10_000.0);
    assert!((got / want - 1.0).abs() < 2e-3, "{got} km² against {want}");
    let c = corridor(
        [&LineString::new(line.to_vec())],
        CorridorOptions::new(10_000.0),
    )
    .unwrap();
    assert_eq!(c.0.len(), 2, "one polygon on each side of ±180°");
}

#[test]
fn over_a_pole_the_corridor_is_a_band_through_it() {
    // From 88° N on the meridian 0° to 88° N on 180°: the geodesic runs over the North Pole.
    let line = [Coord { x: 0.0, y: 88.0 }, Coord { x: 180.0, y: 88.0 }];
    let (got, want) = area_km2(&line, 20_000.0);
    assert!((got / want - 1.0).abs() < 5e-3, "{got} km² against {want}");
    let c = corridor(
        [&LineString::new(line.to_vec())],
        CorridorOptions::new(20_000.0),
    )
    .unwrap();
    assert!(holds(&c, Point::new(90.0, 89.99)) && holds(&c, Point::new(-90.0, 89.99)));
    assert!(!holds(&c, Point::new(90.0, 88.0)));
    // Around the pole at 50 km: the ring of ground within 20 km of a circle about it.
    let circle: Vec<Coord<f64>> = (0..=36)
        .map(|k| Coord {
            x: wrap(f64::from(k) * 10.0),
            y: 89.55,
        })
        .collect();
    let c = corridor([&LineString::new(circle)], CorridorOptions::new(20_000.0)).unwrap();
    assert!(c.is_valid());
    assert!(!holds(&c, Point::new(0.0, 90.0 - 1e-9)) && !holds(&c, Point::new(33.0, 89.95)));
    assert!(holds(&c, Point::new(33.0, 89.6)) && holds(&c, Point::new(-150.0, 89.45)));
}

#[test]
fn around_an_edge_longer_than_a_quarter_meridian_nothing_within_is_missed() {
    let line = [Coord { x: 0.0, y: 0.0 }, Coord { x: 100.0, y: 10.0 }];
    let (got, want) = area_km2(&line, 10_000.0);
    assert!((got / want - 1.0).abs() < 2e-3, "{got} km² against {want}");
    let samples: Vec<(f64, f64, f64, f64)> = (0..400)
        .map(|k| {
            let t = f64::from(k) / 400.0;
            (
                0.0,
                t,
                if k % 2 == 0 { 90.0 } else { -90.0 } + 37.0 * t,
                0.95 + 0.05 * t,
            )
        })
        .collect();
    check(&line, 10_000.0, &samples).unwrap();
}

#[test]
fn corridors_wider_than_the_limit_are_refused() {
    let line = LineString::new(vec![Coord { x: 70.0, y: 40.0 }, Coord { x: 71.0, y: 40.0 }]);
    let e = corridor([&line], CorridorOptions::new(MAX_RADIUS_M * 2.0)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "a corridor 2000 km wide is not computed: the widest is 1000 km (beyond it the corridor can reach both poles)"
    );
}

/// A line of 4,500 detailed vertices is taken in pieces of 128 (to bound memory and time):
/// nothing within the radius is lost where the pieces meet.
#[test]
fn long_detailed_lines_are_whole_across_their_pieces() {
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let line: Vec<Coord<f64>> = (0..4500)
        .map(|k| Coord {
            x: 70.0 + f64::from(k) * 8e-5,
            y: 40.0 + (next() - 0.5) * 1e-4,
        })
        .collect();
    let samples: Vec<(f64, f64, f64, f64)> = (0..200)
        .map(|k| {
            // Anywhere along it: some 35 joints of pieces.
            let _ = k;
            let u = next();
            (u, next(), next() * 360.0 - 180.0, next())
        })
        .collect();
    // Edges within 500 vertices (4 km) of a sample's own: the line runs east, so the others are
    // farther than the 3 km the samples reach.
    check_near(&line, 1_000.0, &samples, 500).unwrap();
}
