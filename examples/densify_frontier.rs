//! Writes a frontier file with its edges split along their geodesics until it has about N
//! vertices: the same lines, far more detail, for measuring how the cost per incident grows with
//! frontier detail.
//!
//! ```text
//! cargo run --release --example densify_frontier -- 100000 > dense.geojson
//! ```

use borderscope::embedded;
use borderscope::io::frontier_to_string;
use geo::{Coord, InterpolatePoint, LineString, Point};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target: usize = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "100000".into())
        .replace('_', "")
        .parse()?;
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
                out.push(
                    geo::Geodesic
                        .point_at_ratio_between(a, b, j as f64 / k as f64)
                        .0,
                );
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
