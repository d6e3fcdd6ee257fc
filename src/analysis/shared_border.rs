//! The border two countries share, derived from a country file, as a frontier of segments.
//!
//! Two ways, as mapshaper's `-innerlines` does it:
//! - **TopoJSON**: the arcs that both countries' rings use are the border, exactly.
//! - **GeoJSON polygons**: an edge of country A's boundary belongs to the border where it runs
//!   within a tolerance of country B's boundary (its two ends and three interior points are
//!   checked). Sources simplified per country (such as npm `@osm_borders/maritime_10m`, "10 m
//!   resolution") keep most shared vertices but not all, so an exact match would leave gaps; a
//!   tolerance of 10 m closes them without catching unrelated lines.
//!
//! Either way the pieces are then chained end to end: one segment per connected piece, closed
//! rings (enclaves) included.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Coord, LineString};
use jiff::civil::Date;
use rstar::{AABB, RTree, RTreeObject};

use crate::geodesy::length_m;
use crate::geodesy::wgs84::{A, E2};
use crate::io::countries::CountryFeature;
use crate::io::topojson::Topology;
use crate::model::{Country, Frontier, FrontierMeta, History, Segment, Status, Validity};

/// The arcs used by both geometries `a` and `b` of a topology, chained into pieces.
pub fn topology_shared_border(t: &Topology, a: usize, b: usize) -> Vec<LineString<f64>> {
    let arcs_of = |g: usize| -> BTreeSet<usize> {
        t.geometries[g]
            .polygons
            .iter()
            .flatten()
            .flatten()
            .map(|r| r.index)
            .collect()
    };
    let (in_a, in_b) = (arcs_of(a), arcs_of(b));
    let pieces = in_a
        .intersection(&in_b)
        .map(|&i| t.arcs[i].clone())
        .collect();
    finish(chain(pieces))
}

/// The parts of `a`'s boundary that run within `tolerance_m` metres of `b`'s, chained into pieces.
/// Coordinates are `a`'s.
pub fn polygons_shared_border(
    a: &CountryFeature,
    b: &CountryFeature,
    tolerance_m: f64,
) -> Vec<LineString<f64>> {
    let edges: Vec<Edge> = b
        .rings
        .iter()
        .flat_map(|r| r.windows(2).map(|w| Edge { a: w[0], b: w[1] }))
        .filter(|e| e.a != e.b)
        .collect();
    let tree = RTree::bulk_load(edges);
    let on_b = |p: Coord<f64>| near_boundary(&tree, p, tolerance_m);

    let mut pieces = Vec::new();
    for ring in &a.rings {
        // Ring vertices without the closing repeat.
        let v = &ring[..ring.len() - 1];
        let n = v.len();
        let vertex_on: Vec<bool> = v.iter().map(|&p| on_b(p)).collect();
        let edge_on: Vec<bool> = (0..n)
            .map(|i| {
                let (p, q) = (v[i], v[(i + 1) % n]);
                vertex_on[i]
                    && vertex_on[(i + 1) % n]
                    && [0.25, 0.5, 0.75].iter().all(|t| on_b(lerp(p, q, *t)))
            })
            .collect();
        if edge_on.iter().all(|&e| e) {
            pieces.push(ring.clone());
            continue;
        }
        // Start right after an edge that is not shared, so no run wraps around the ring start.
        let Some(off) = edge_on.iter().position(|&e| !e) else {
            continue;
        };
        let mut run: Vec<Coord<f64>> = Vec::new();
        for k in 1..=n {
            let i = (off + k) % n;
            if edge_on[i] {
                if run.is_empty() {
                    run.push(v[i]);
                }
                run.push(v[(i + 1) % n]);
            } else if !run.is_empty() {
                pieces.push(std::mem::take(&mut run));
            }
        }
        if !run.is_empty() {
            pieces.push(run);
        }
    }
    finish(chain(pieces))
}

/// An edge of a boundary, indexed by its lon/lat bounding box.
struct Edge {
    a: Coord<f64>,
    b: Coord<f64>,
}

impl RTreeObject for Edge {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners([self.a.x, self.a.y], [self.b.x, self.b.y])
    }
}

fn lerp(p: Coord<f64>, q: Coord<f64>, t: f64) -> Coord<f64> {
    Coord {
        x: p.x + (q.x - p.x) * t,
        y: p.y + (q.y - p.y) * t,
    }
}

/// Metres per degree of latitude and of longitude at latitude `lat` on WGS84.
fn metres_per_degree(lat: f64) -> (f64, f64) {
    let (s, c) = lat.to_radians().sin_cos();
    let w = (1.0 - E2 * s * s).sqrt();
    let rad = std::f64::consts::PI / 180.0;
    (rad * A * (1.0 - E2) / (w * w * w), rad * A * c / w)
}

/// Whether `p` lies within `tol_m` metres of an edge in `tree`. Distances are taken in a local
/// tangent plane at `p`, which is exact to well under a millimetre at tolerances of metres.
fn near_boundary(tree: &RTree<Edge>, p: Coord<f64>, tol_m: f64) -> bool {
    let (m_lat, m_lon) = metres_per_degree(p.y);
    let (dlat, dlon) = (
        tol_m / m_lat * 1.01 + 1e-12,
        tol_m / m_lon.max(1e-9) * 1.01 + 1e-12,
    );
    let query = AABB::from_corners([p.x - dlon, p.y - dlat], [p.x + dlon, p.y + dlat]);
    tree.locate_in_envelope_intersecting(query).any(|e| {
        let to_local = |c: Coord<f64>| ((c.x - p.x) * m_lon, (c.y - p.y) * m_lat);
        let (ax, ay) = to_local(e.a);
        let (bx, by) = to_local(e.b);
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (cx, cy) = (ax + t * dx, ay + t * dy);
        (cx * cx + cy * cy).sqrt() <= tol_m + 1e-6
    })
}

/// Joins pieces that meet end to end where exactly two piece ends meet; pieces whose ends
/// coincide become closed rings.
pub fn chain(pieces: Vec<Vec<Coord<f64>>>) -> Vec<Vec<Coord<f64>>> {
    let key = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    let mut pieces: Vec<Option<Vec<Coord<f64>>>> = pieces
        .into_iter()
        .filter(|p| p.len() >= 2)
        .map(Some)
        .collect();
    loop {
        // Which piece ends meet at each point.
        // A BTreeMap, so that the joins, and the pieces' orientation, are the same on every run.
        let mut ends: BTreeMap<(u64, u64), Vec<(usize, bool)>> = BTreeMap::new();
        for (i, p) in pieces.iter().enumerate() {
            let Some(p) = p else { continue };
            if p.first() == p.last() {
                continue; // closed already
            }
            ends.entry(key(&p[0])).or_default().push((i, false));
            ends.entry(key(&p[p.len() - 1]))
                .or_default()
                .push((i, true));
        }
        let join = ends.values().find(|e| e.len() == 2).map(|e| (e[0], e[1]));
        let Some(((i, i_at_end), (j, j_at_end))) = join else {
            break;
        };
        if i == j {
            break; // cannot happen: closed pieces are skipped above
        }
        let (Some(mut p), Some(mut q)) = (pieces[i].take(), pieces[j].take()) else {
            break;
        };
        // Orient so that p ends where q starts.
        if !i_at_end {
            p.reverse();
        }
        if j_at_end {
            q.reverse();
        }
        p.extend(q.into_iter().skip(1));
        pieces[i] = Some(p);
    }
    pieces.into_iter().flatten().collect()
}

/// Open lines first, longest first; then rings, longest first.
fn finish(pieces: Vec<Vec<Coord<f64>>>) -> Vec<LineString<f64>> {
    let mut lines: Vec<(bool, f64, LineString<f64>)> = pieces
        .into_iter()
        .map(|mut piece| {
            piece.dedup();
            piece
        })
        // A piece that is one point (a ring of repeated positions, or a corner the two
        // countries merely touch at) has no length: it is no border.
        .filter(|piece| piece.len() >= 2)
        .map(LineString::new)
        .map(|l| (l.is_closed(), length_m(&l), l))
        .collect();
    lines.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
    lines.into_iter().map(|(_, _, l)| l).collect()
}

/// How an imported frontier's segments are labelled.
#[derive(Debug, Clone)]
pub struct ImportLabels {
    /// The first country: first in segment ids (`<A>-<B>-<n>`), names and sectors.
    pub a: Country,
    /// The second country.
    pub b: Country,
    /// Status given to every segment.
    pub status: Status,
    /// First day of that status; `None` for "since before any recorded date".
    pub since: Option<Date>,
    /// Where the geometry came from, e.g. the file name and its licence.
    pub source: String,
}

/// Wraps border pieces as a frontier: one segment per piece, ids `<A>-<B>-<n>`.
pub fn frontier_from_pieces(pieces: Vec<LineString<f64>>, labels: &ImportLabels) -> Frontier {
    let prefix = |c: &Country| {
        let s = if c.code.is_empty() { &c.name } else { &c.code };
        s.to_lowercase()
            .replace(|ch: char| !ch.is_alphanumeric(), "-")
    };
    let tag = format!("{}-{}", prefix(&labels.a), prefix(&labels.b));
    let n = pieces.len();
    let segments = pieces
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let ring = line.is_closed();
            Segment {
                id: format!("{tag}-{}", i + 1),
                name: format!(
                    "{}–{} border, {} {} of {n}",
                    labels.a.name,
                    labels.b.name,
                    if ring { "ring" } else { "piece" },
                    i + 1
                ),
                sector: format!("{}–{}", labels.a.name, labels.b.name),
                line,
                history: History::single(labels.since, labels.status, labels.source.clone()),
                validity: Validity::default(),
                basis: Some(format!(
                    "geometry derived by `borderscope import` from {}; status {} set on the command line, not taken from a source",
                    labels.source, labels.status
                )),
                confidence: None,
                extra: serde_json::Map::new(),
            }
        })
        .collect();
    Frontier {
        meta: FrontierMeta {
            name: format!("{}–{} frontier", labels.a.name, labels.b.name),
            countries: vec![labels.a.clone(), labels.b.clone()],
            ..FrontierMeta::default()
        },
        segments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    #[test]
    fn chain_joins_reversed_pieces_and_closes_rings() {
        let out = chain(vec![
            vec![c(0., 0.), c(1., 0.)],
            vec![c(2., 0.), c(1., 0.)],
            vec![c(5., 5.), c(6., 5.), c(6., 6.)],
            vec![c(6., 6.), c(5., 5.)],
        ]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0], vec![c(0., 0.), c(1., 0.), c(2., 0.)]);
        assert_eq!(out[1].first(), out[1].last());
        assert_eq!(out[1].len(), 4);
    }

    #[test]
    fn chain_leaves_a_junction_of_three_unjoined() {
        let out = chain(vec![
            vec![c(0., 0.), c(1., 0.)],
            vec![c(1., 0.), c(2., 0.)],
            vec![c(1., 0.), c(1., 1.)],
        ]);
        assert_eq!(out.len(), 3);
    }

    fn square(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Coord<f64>> {
        vec![c(x0, y0), c(x1, y0), c(x1, y1), c(x0, y1), c(x0, y0)]
    }

    fn feature(rings: Vec<Vec<Coord<f64>>>) -> CountryFeature {
        CountryFeature {
            id: None,
            properties: serde_json::Map::new(),
            rings,
        }
    }

    #[test]
    fn polygons_share_the_common_side_and_an_enclave_ring() {
        // A: square 0..1 with a hole 0.4..0.6 that is B's exclave; B: square 1..2 and the exclave.
        let a = feature(vec![square(0., 0., 1., 1.), square(0.4, 0.4, 0.6, 0.6)]);
        // B's side has an extra vertex 3 m off A's straight side: inside a 10 m tolerance.
        let off = 3.0 / 111_320.0;
        let b = feature(vec![
            vec![
                c(1., 0.),
                c(2., 0.),
                c(2., 1.),
                c(1., 1.),
                c(1. + off, 0.5),
                c(1., 0.),
            ],
            square(0.4, 0.4, 0.6, 0.6),
        ]);
        let pieces = polygons_shared_border(&a, &b, 10.0);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].0, vec![c(1., 0.), c(1., 1.)]);
        assert!(pieces[1].is_closed());
        // With no tolerance the side is not recognised: its midpoint is 3 m from B's boundary.
        let exact = polygons_shared_border(&a, &b, 0.0);
        assert_eq!(exact.len(), 1);
        assert!(exact[0].is_closed());
    }
}
