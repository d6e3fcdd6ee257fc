//! Writes a frontier file with its edges split along their geodesics until it has about N
//! vertices: the same lines, far more detail, for measuring how the cost per incident grows with
//! frontier detail.
//!
//! ```text
//! cargo run --release --example densify_frontier -- 100000 > dense.geojson
//! cargo run --release --example densify_frontier -- 100000 11 > jittered.geojson
//! ```
//!
//! A second argument moves every new vertex by up to that many metres north–south and east–west
//! (a fixed pseudo-random sequence): far rougher than any surveyed line, the hardest case for
//! corridors, whose outline then depends on many vertices.

use borderscope::embedded;
use borderscope::io::frontier_to_string;
use geo::{Coord, InterpolatePoint, LineString, Point};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target: usize = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "100000".into())
        .replace('_', "")
        .parse()?;
    let jitter_m: f64 = std::env::args().nth(2).map_or(Ok(0.0), |a| a.parse())?;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut unit = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    };
    let mut frontier = embedded::kg_tj_frontier();
    let have: usize = frontier.segments.iter().map(|s| s.line.0.len()).sum();
    let edges: usize = frontier.segments.iter().map(|s| s.line.0.len() - 1).sum();
    // Each edge becomes k edges (k - 1 new vertices).
    let k = ((target.saturating_sub(have)) as f64 / edges as f64).ceil() as usize + 1;
    for s in &mut frontier.segments {
        let mut out: Vec<Coord<f64>> = Vec::with_capacity(s.line.0.len() * k);
        for w in s.line.0.windows(2) {
            let (a, b) = (Point::from(w[0]), Point::from(w[1]));
            out.push(w[0]);
            for j in 1..k {
                let mut c = geo::Geodesic
                    .point_at_ratio_between(a, b, j as f64 / k as f64)
                    .0;
                if jitter_m > 0.0 {
                    c.x += unit() * jitter_m / (111_320.0 * c.y.to_radians().cos());
                    c.y += unit() * jitter_m / 110_574.0;
                }
                out.push(c);
            }
        }
        out.extend(s.line.0.last());
        s.line = LineString::new(out);
    }
    let n: usize = frontier.segments.iter().map(|s| s.line.0.len()).sum();
    eprintln!("{n} vertices ({have} before; each edge split in {k})");
    print!("{}", frontier_to_string(&frontier));
    Ok(())
}
