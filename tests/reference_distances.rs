//! Exact distances against independent references.
//!
//! The reference values come from `tests/fixtures/reference_point_distances.py`: a brute-force
//! minimisation with GeographicLib's Python implementation (PyPI geographiclib 2.0, by Karney,
//! independent of the Rust port borderscope uses) of the distance from each point to every edge
//! of every segment of `data/border.geojson`: 64 samples per edge, then golden-section search to
//! 1e-9 m. borderscope must agree within 1 mm (it agrees within 1 µm).

#[allow(dead_code)]
#[path = "fuzz/checks.rs"]
mod checks;

use borderscope::analysis::Proximity;
use borderscope::{embedded, parse_date};
use geo::Point;

/// name, lon, lat, nearest segment, distance (m), nearest segment contested on 2022-09-16, distance (m)
const REFERENCE: &[(&str, f64, f64, &str, f64, &str, f64)] = &[
    (
        "Kok-Tash",
        70.5358,
        39.9497,
        "isfara-05-chorku",
        2184.225437,
        "isfara-05-chorku",
        2184.225437,
    ),
    (
        "Golovnoi",
        70.52,
        39.945,
        "isfara-06-golovnoi",
        3288.437458,
        "isfara-06-golovnoi",
        3288.437458,
    ),
    (
        "Vorukh",
        70.5769,
        39.8533,
        "batken-vorukh-exclave",
        1017.684255,
        "batken-vorukh-exclave",
        1017.684255,
    ),
    (
        "Maksat",
        69.7142,
        40.1397,
        "leilek-12-kulundu",
        568.325447,
        "leilek-12-kulundu",
        568.325447,
    ),
    (
        "Ovchi-Kalacha",
        69.683,
        40.133,
        "leilek-12-kulundu",
        210.870207,
        "leilek-12-kulundu",
        210.870207,
    ),
    (
        "Batken",
        70.8167,
        40.05,
        "batken-02-kyzyl-bel",
        8448.798909,
        "batken-02-kyzyl-bel",
        8448.798909,
    ),
    (
        "Kayragach",
        69.5461,
        40.0692,
        "leilek-kayragach-exclave",
        299.400691,
        "leilek-kayragach-exclave",
        299.400691,
    ),
    (
        "Kyzyl-Art",
        73.3225,
        39.3843,
        "alay-25-kyzyl-art",
        6.362760,
        "alay-21-unzhu-bulak",
        148232.680229,
    ),
    (
        "Isfara",
        70.6253,
        40.1265,
        "batken-03-isfara",
        2508.930381,
        "batken-03-isfara",
        2508.930381,
    ),
    (
        "Daroot-Korgon",
        72.2052,
        39.5527,
        "alay-23-daroot-korgon",
        24674.333272,
        "alay-21-unzhu-bulak",
        52930.880706,
    ),
    (
        "random-0",
        73.03708568848053,
        40.012977484080466,
        "alay-26-china",
        69294.437790,
        "alay-21-unzhu-bulak",
        134994.223701,
    ),
    (
        "random-1",
        69.01676590083683,
        40.00818346958609,
        "leilek-16-ak-suu",
        25839.085269,
        "leilek-16-ak-suu",
        25839.085269,
    ),
    (
        "random-2",
        72.3885237434985,
        39.20669854667966,
        "alay-24-kyzyl-eshme",
        9777.099005,
        "alay-21-unzhu-bulak",
        72981.868157,
    ),
    (
        "random-3",
        71.96977702736329,
        39.73440558025971,
        "alay-22-karakenja",
        35687.608364,
        "alay-21-unzhu-bulak",
        38853.272270,
    ),
    (
        "random-4",
        69.79724808650391,
        39.65747672421357,
        "ridge-18-turkestan-west",
        8610.319241,
        "leilek-15-razzakov",
        37652.260710,
    ),
    (
        "random-5",
        72.80516466278229,
        39.852819501380836,
        "alay-25-kyzyl-art",
        51592.960000,
        "alay-21-unzhu-bulak",
        110580.553395,
    ),
    (
        "random-6",
        69.37141430539162,
        40.087096430372966,
        "leilek-16-ak-suu",
        7424.420166,
        "leilek-16-ak-suu",
        7424.420166,
    ),
    (
        "random-7",
        71.85925259703691,
        40.329885475983296,
        "batken-01-kara-bak",
        82819.553309,
        "batken-01-kara-bak",
        82819.553309,
    ),
    (
        "random-8",
        73.61826834525127,
        39.95748931303252,
        "alay-26-china",
        54346.261414,
        "alay-21-unzhu-bulak",
        180834.848060,
    ),
    (
        "random-9",
        70.42830648874283,
        39.04067256774657,
        "ridge-19-turkestan-east",
        49289.529312,
        "batken-vorukh-exclave",
        87754.855012,
    ),
];

#[test]
fn distances_agree_with_geographiclib_brute_force_within_1_mm() {
    let frontier = embedded::kg_tj_frontier();
    let settlements = embedded::kg_tj_settlements();
    let engine = Proximity::new(&frontier, &settlements);
    let day = parse_date("2022-09-16").unwrap();
    for &(name, lon, lat, seg, d, cseg, cd) in REFERENCE {
        let a = engine.assess(Point::new(lon, lat), day, 10_000.0);
        let n = a.nearest.unwrap();
        let c = a.contested.unwrap();
        assert_eq!(frontier.segments[n.segment].id, seg, "{name}");
        assert!(
            (n.distance.distance_m - d).abs() < 1e-3,
            "{name}: {} vs {d}",
            n.distance.distance_m
        );
        assert_eq!(frontier.segments[c.segment].id, cseg, "{name}");
        assert!(
            (c.distance.distance_m - cd).abs() < 1e-3,
            "{name}: {} vs {cd}",
            c.distance.distance_m
        );
        assert_eq!(a.near_contested, cd <= 10_000.0, "{name}");
    }
}

/// A straight line in lon/lat is not the edge: the geodesic between two points of the 40th
/// parallel 2° apart bulges north of the parallel, so a point on the parallel at the middle is
/// hundreds of metres from the edge, not 0. Reference: `edge_distance(40.0, 70.0, (69.0, 40.0),
/// (71.0, 40.0))` of reference_point_distances.py (GeographicLib brute force): 479.037396 m.
#[test]
fn a_point_on_the_parallel_is_measured_to_the_geodesic() {
    let text = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"id":"e","name":"E","sector":"S","history":[{"status":"settled","source":"x"}]},
       "geometry":{"type":"LineString","coordinates":[[69.0,40.0],[71.0,40.0]]}}]}"#;
    let f = borderscope::parse_frontier(text, "t").unwrap();
    let idx = borderscope::index::SegmentIndex::new(&f);
    let n = idx.nearest(Point::new(70.0, 40.0), |_| true).unwrap();
    assert!(
        (n.distance.distance_m - 479.037_396).abs() < 1e-3,
        "{}",
        n.distance.distance_m
    );
    assert!(n.distance.closest.y() > 40.0);
}

/// The point-to-edge routine stops iterating once another step could not gain 0.01 mm. Checked
/// against a brute-force minimisation written here with GeographicLib's direct and inverse
/// solutions alone (64 samples along the edge, then golden-section search to 1e-9 m), on 3,000
/// random edges of 1 m to 50 km and points up to 300 km away: never below the minimum, never
/// more than 0.1 mm above it.
#[test]
fn early_stopping_stays_within_a_tenth_of_a_millimetre() {
    use borderscope::geodesy::GeodesicEdge;
    use geo::Coord;

    let brute = |a: Coord<f64>, b: Coord<f64>, p: Point<f64>| checks::brute_force(a, b, p, 64);
    let mut seed = 0x1234_5678_9ABC_DEF0u64;
    let mut uniform = |lo: f64, hi: f64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        lo + (hi - lo) * (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut worst = 0.0f64;
    for k in 0..3_000 {
        let a = Coord {
            x: uniform(69.0, 74.0),
            y: uniform(39.0, 40.5),
        };
        let span = [1e-5, 1e-3, 0.01, 0.1, 0.45][k % 5];
        let b = Coord {
            x: a.x + uniform(-span, span),
            y: a.y + uniform(-span, span),
        };
        let reach = [1e-4, 0.01, 0.3, 2.7][k % 4];
        let p = Point::new(a.x + uniform(-reach, reach), a.y + uniform(-reach, reach));
        let fast = GeodesicEdge::new(a, b)
            .distance_to(p, uniform(0.0, 1.0))
            .distance_m;
        let slow = brute(a, b, p);
        assert!(
            fast >= slow - 1e-6,
            "below the minimum: {fast} < {slow} for {a:?} {b:?} {p:?}"
        );
        assert!(
            fast - slow <= 1e-4,
            "{} m above the minimum for {a:?} {b:?} {p:?}",
            fast - slow
        );
        worst = worst.max(fast - slow);
    }
    eprintln!("largest excess over the brute-force minimum: {worst:e} m");
}
