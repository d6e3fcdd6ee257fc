//! The segment index against brute force (the exact distance to every edge of every segment) on
//! random points around the embedded frontier: the same nearest segment and the very same
//! distance, for all segments, for those contested on a date, and for those that exist on a date.

use borderscope::index::{NearestSegment, SegmentIndex};
use borderscope::{Status, embedded, parse_date};
use geo::Point;

/// xorshift64*: deterministic points without an extra crate.
struct Rng(u64);
impl Rng {
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let u = (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    }
}

/// Points in the frontier's box widened by 0.3° (68.9–73.9 E, 38.9–40.6 N), plus a share very
/// close to vertices, where ties and end-of-edge cases live.
fn points(n: usize, seed: u64, frontier: &borderscope::Frontier) -> Vec<Point<f64>> {
    let mut rng = Rng(seed);
    let vertices: Vec<_> = frontier
        .segments
        .iter()
        .flat_map(|s| s.line.0.iter().copied())
        .collect();
    (0..n)
        .map(|k| {
            if k % 5 == 0 {
                let v = vertices
                    [(rng.uniform(0.0, 1.0) * vertices.len() as f64) as usize % vertices.len()];
                let d = [0.0, 1e-6, 1e-4, 1e-2][k % 4];
                Point::new(v.x + rng.uniform(-d, d), v.y + rng.uniform(-d, d))
            } else {
                Point::new(rng.uniform(68.9, 73.9), rng.uniform(38.9, 40.6))
            }
        })
        .collect()
}

fn compare(
    label: &str,
    pts: &[Point<f64>],
    idx: &SegmentIndex,
    keep: &(dyn Fn(usize) -> bool + Sync),
) {
    let half = pts.len() / 2;
    let check = |chunk: &[Point<f64>]| -> usize {
        let mut n = 0;
        for p in chunk {
            let fast: Option<NearestSegment> = idx.nearest(*p, keep);
            let slow = idx.nearest_brute_force(*p, keep);
            assert_eq!(fast, slow, "{label}: index and brute force differ at {p:?}");
            n += 1;
        }
        n
    };
    let checked = std::thread::scope(|s| {
        let a = s.spawn(|| check(&pts[..half]));
        let b = s.spawn(|| check(&pts[half..]));
        a.join().unwrap() + b.join().unwrap()
    });
    assert_eq!(checked, pts.len());
}

#[test]
fn nearest_segment_matches_brute_force_on_10000_points() {
    let f = embedded::kg_tj_frontier();
    let idx = SegmentIndex::new(&f);
    compare(
        "all segments",
        &points(10_000, 0x5EED_0001, &f),
        &idx,
        &|_| true,
    );
}

#[test]
fn nearest_contested_segment_matches_brute_force() {
    let f = embedded::kg_tj_frontier();
    let idx = SegmentIndex::new(&f);
    let day = parse_date("2022-09-16").unwrap();
    let contested = |s: usize| f.segments[s].status_at(day) == Some(Status::Contested);
    compare(
        "contested on 2022-09-16",
        &points(3_000, 0x5EED_0002, &f),
        &idx,
        &contested,
    );
    // After the treaty nothing is contested: no answer, from either.
    let later = parse_date("2026-01-01").unwrap();
    let none = |s: usize| f.segments[s].status_at(later) == Some(Status::Contested);
    assert_eq!(idx.nearest(Point::new(70.5, 40.0), none), None);
}

#[test]
fn nearest_existing_segment_matches_brute_force() {
    // On 2025-03-31 the Kayragach exclave boundary ceases to exist.
    let f = embedded::kg_tj_frontier();
    let idx = SegmentIndex::new(&f);
    let day = parse_date("2025-03-31").unwrap();
    let exists = |s: usize| f.segments[s].exists_at(day);
    compare(
        "existing on 2025-03-31",
        &points(1_000, 0x5EED_0003, &f),
        &idx,
        &exists,
    );
    let kayragach = Point::new(69.5461, 40.0692);
    let before = idx.nearest(kayragach, |_| true).unwrap();
    assert_eq!(f.segments[before.segment].id, "leilek-kayragach-exclave");
    // Afterwards the nearest is the mainland line there (which Leilek segment, brute force
    // decides above).
    let after = idx.nearest(kayragach, exists).unwrap();
    assert_eq!(Some(after), idx.nearest_brute_force(kayragach, exists));
    assert!(
        ["leilek-13-kayragach", "leilek-14-suluktu"]
            .contains(&f.segments[after.segment].id.as_str())
    );
    assert!(after.distance.distance_m > before.distance.distance_m);
}

/// Points anywhere on Earth (uniform on the sphere, and a share within a degree of the
/// frontier's antipode and of the poles), thousands of kilometres from the frontier, where the
/// search prunes with the bounds of long chords (finite beyond 3,000 km since issue 19): the
/// same nearest segment and distance as brute force.
#[test]
fn far_points_match_brute_force() {
    let f = embedded::kg_tj_frontier();
    let idx = SegmentIndex::new(&f);
    let mut rng = Rng(0x5EED_0004);
    // Few: brute force far away is slow (every edge an iterated point-to-geodesic distance).
    let pts: Vec<Point<f64>> = (0..24)
        .map(|k| match k % 4 {
            // The antipode of Batken is about 110.4 W, 40.0 S.
            0 => Point::new(rng.uniform(-111.5, -109.5), rng.uniform(-41.0, -39.0)),
            1 => Point::new(
                rng.uniform(-180.0, 180.0),
                rng.uniform(89.0, 90.0).copysign(rng.uniform(-1.0, 1.0)),
            ),
            _ => Point::new(
                rng.uniform(-180.0, 180.0),
                rng.uniform(-1.0, 1.0).asin().to_degrees(),
            ),
        })
        .collect();
    compare("far points", &pts, &idx, &|_| true);
}

/// The nearest segments contested for certain and possibly contested on a day
/// (`PeriodIndex::contested_over`, which answers within one period from the point estimate's
/// nearest contested segment and an index of the other possibly contested segments alone)
/// against brute force over the segments whose status on that day is so: on the embedded
/// frontier (where few segments are contested for certain in 2021–2024) and on the corners
/// fixture (where segments settled on the day may have been contested: 2005 and 2010), on each
/// period's first day and the day before it.
#[test]
fn contested_over_matches_brute_force() {
    use borderscope::geodesy::Query;
    use borderscope::index::PeriodIndex;
    let corners = borderscope::parse_frontier(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/corners.geojson"
        ))
        .unwrap(),
        "corners",
    )
    .unwrap();
    let embedded = embedded::kg_tj_frontier();
    let mut compared = [0usize; 2];
    for (f, n, seed) in [
        (&embedded, 150, 0x5EED_0005),
        (&corners, 1_500, 0x5EED_0006),
    ] {
        let (periods, idx) = (PeriodIndex::new(f), SegmentIndex::new(f));
        let mut rng = Rng(seed);
        let vertices: Vec<_> = f
            .segments
            .iter()
            .flat_map(|s| s.line.0.iter().copied())
            .collect();
        let (x0, x1, y0, y1) = vertices.iter().fold(
            (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
            |(a, b, c, d), v| (a.min(v.x), b.max(v.x), c.min(v.y), d.max(v.y)),
        );
        let pts: Vec<Point<f64>> = (0..n)
            .map(|k| {
                if k % 3 == 0 {
                    let v = vertices
                        [(rng.uniform(0.0, 1.0) * vertices.len() as f64) as usize % vertices.len()];
                    let d = [1e-6, 1e-3, 0.05][k % 3];
                    Point::new(v.x + rng.uniform(-d, d), v.y + rng.uniform(-d, d))
                } else {
                    Point::new(
                        rng.uniform(x0 - 0.5, x1 + 0.5),
                        rng.uniform(y0 - 0.5, y1 + 0.5),
                    )
                }
            })
            .collect();
        let mut days = Vec::new();
        for d in f.change_dates() {
            days.extend([d.yesterday().unwrap(), d]);
        }
        // The embedded frontier's brute force is slow: its days of interest only.
        if f.segments.len() > 20 {
            days.retain(|d| {
                ["2006-02-16", "2021-05-01", "2023-12-12", "2024-07-24"]
                    .contains(&d.to_string().as_str())
            });
        }
        for &day in &days {
            let status = |s: usize| f.segments[s].certainty_at(day);
            let sure = |s: usize| status(s).is_some_and(|c| c.contested_throughout());
            let maybe = |s: usize| status(s).is_some_and(|c| c.possibly_contested());
            for p in &pts {
                let q = Query::new(*p);
                let on_date = periods.nearest_contested_to(&q, day);
                let (throughout, possible) = periods.contested_over(&q, day, day, day, on_date);
                assert_eq!(
                    throughout,
                    idx.nearest_brute_force(*p, sure),
                    "contested throughout {day} at {p:?}"
                );
                assert_eq!(
                    possible,
                    idx.nearest_brute_force(*p, maybe),
                    "possibly contested {day} at {p:?}"
                );
                compared[usize::from(f.segments.len() <= 20)] += 1;
            }
        }
    }
    assert_eq!(compared, [150 * 4, 1_500 * 20]);
}
