//! A country's area, for drawing: the ground the maps shade and name on either side of a
//! frontier, and the small locator map. Never measured: lengths and distances come from the
//! frontier's own lines.

use geo::{BooleanOps, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};

/// What a country area is drawn for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaDetail {
    /// The ground near the frontier, in the detail of the main map.
    Frontier,
    /// The country as a whole, coarse, for the locator map.
    Locator,
}

/// A country's area as rings that enclose it by the even–odd rule (outer rings, holes,
/// exclaves and enclaves alike), lon/lat.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryArea {
    /// ISO 3166-1 alpha-2 code, as the frontier's countries give theirs (`KG`).
    pub code: String,
    /// The name the maps print (`Kyrgyzstan`).
    pub name: String,
    /// What it is drawn for.
    pub detail: AreaDetail,
    /// Every ring, each closed.
    pub rings: Vec<Vec<Coord<f64>>>,
}

/// The area closed rings enclose by the even–odd rule, within `clip`.
pub fn even_odd_within(
    rings: impl IntoIterator<Item = LineString<f64>>,
    clip: &Rect<f64>,
) -> MultiPolygon<f64> {
    let clip_poly = clip.to_polygon();
    let mut area = MultiPolygon::new(vec![]);
    for ring in rings {
        let Some(b) = ring.bounding_rect() else {
            continue;
        };
        if b.max().x < clip.min().x
            || b.min().x > clip.max().x
            || b.max().y < clip.min().y
            || b.min().y > clip.max().y
        {
            continue;
        }
        let piece = Polygon::new(ring, vec![]).intersection(&clip_poly);
        area = area.xor(&piece);
    }
    area
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<Coord<f64>> {
        [
            (x0, y0),
            (x0 + s, y0),
            (x0 + s, y0 + s),
            (x0, y0 + s),
            (x0, y0),
        ]
        .into_iter()
        .map(|(x, y)| Coord { x, y })
        .collect()
    }

    /// A 10×10 country's rings with a 2×2 enclave of another (a hole) and, inside that, a 1×1
    /// counter-enclave of its own: 100 − 4 + 1 = 97 by the even–odd rule; cut to the box
    /// x ≤ 5 it keeps 50 − 4 + 1 = 47 (the enclave lies at 2..4).
    #[test]
    fn rings_combine_by_the_even_odd_rule_and_cut_to_the_box() {
        let rings = [
            square(0.0, 0.0, 10.0),
            square(2.0, 2.0, 2.0),
            square(2.5, 2.5, 1.0),
        ];
        let within = |clip: &Rect<f64>| {
            even_odd_within(rings.iter().map(|r| LineString::from(r.clone())), clip)
        };
        let all = Rect::new(Coord { x: -1.0, y: -1.0 }, Coord { x: 11.0, y: 11.0 });
        assert!((within(&all).unsigned_area() - 97.0).abs() < 1e-9);
        let half = Rect::new(Coord { x: -1.0, y: -1.0 }, Coord { x: 5.0, y: 11.0 });
        assert!((within(&half).unsigned_area() - 47.0).abs() < 1e-9);
        let away = Rect::new(Coord { x: 20.0, y: 20.0 }, Coord { x: 30.0, y: 30.0 });
        assert!(within(&away).0.is_empty());
    }
}
