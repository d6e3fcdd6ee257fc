//! How the maps show countries, shared by the SVG and the HTML map: the colours of the
//! frontier's two countries and their neighbours, whose ground a frontier ring is on a date
//! it does not exist, and where a country's name goes.

use geo::{Contains, Coord, InteriorPoint, LineString, Polygon, Rect};
use jiff::civil::Date;

use crate::model::{AreaDetail, Country, CountryArea, Frontier, Segment, even_odd_within};

/// Fill and name colours: the frontier's first country, its second, and any other.
const SIDES: [(&str, &str); 2] = [("#f3e8c6", "#7d6421"), ("#d9e9df", "#2d6a4a")];
const OTHER: (&str, &str) = ("#e7e6e2", "#8a8a86");

/// The fill and the name colour of a country on this frontier's maps.
pub fn colours(frontier: &Frontier, code: &str) -> (&'static str, &'static str) {
    frontier
        .meta
        .countries
        .iter()
        .position(|c| c.code == code)
        .and_then(|i| SIDES.get(i).copied())
        .unwrap_or(OTHER)
}

/// The frontier's rings that do not exist on `date` (an exclave given up, as Kayragach on
/// 31 March 2025), each with the country whose ground it is then: the other of the frontier's
/// countries than the one the areas put inside it. The areas are of one date (OpenStreetMap's
/// of December 2024); the frontier's rings say when they held.
pub fn former_exclaves<'a>(
    frontier: &'a Frontier,
    areas: &[CountryArea],
    date: Option<Date>,
) -> Vec<(&'a Segment, &'a Country)> {
    frontier
        .segments
        .iter()
        .filter(|s| s.is_ring() && date.is_none_or(|d| !s.exists_at(d)))
        .filter_map(|seg| {
            let inside = Polygon::new(seg.line.clone(), vec![]).interior_point()?;
            let owner = areas
                .iter()
                .filter(|a| a.detail == AreaDetail::Frontier)
                .find(|a| {
                    a.rings
                        .iter()
                        .filter(|r| {
                            Polygon::new(LineString::from((*r).clone()), vec![]).contains(&inside)
                        })
                        .count()
                        % 2
                        == 1
                })?;
            let other = frontier
                .meta
                .countries
                .iter()
                .find(|c| c.code != owner.code)?;
            Some((seg, other))
        })
        .collect()
}

/// Where `area`'s name goes in the lon/lat box `(lo0, la0, lo1, la1)`: the pole of
/// inaccessibility (the `polylabel` crate) of the largest piece of its ground there, in a plane of x = lon·cos(middle latitude), y = lat so
/// that "farthest from the edges" is nearly true to distance. Lon/lat, or `None`.
pub fn name_point(
    area: &CountryArea,
    (lo0, la0, lo1, la1): (f64, f64, f64, f64),
) -> Option<(f64, f64)> {
    use geo::Area as _;
    let k = ((la0 + la1) / 2.0).to_radians().cos();
    let plane = |c: &Coord<f64>| Coord { x: c.x * k, y: c.y };
    let clip = Rect::new(Coord { x: lo0 * k, y: la0 }, Coord { x: lo1 * k, y: la1 });
    let rings = area
        .rings
        .iter()
        .map(|r| r.iter().map(plane).collect::<LineString<f64>>());
    let ground = even_odd_within(rings, &clip);
    let piece = ground
        .0
        .iter()
        .max_by(|p, q| p.unsigned_area().total_cmp(&q.unsigned_area()))?;
    let tolerance = (lo1 - lo0) * k / 500.0;
    let at = polylabel::polylabel(piece, &tolerance).ok()?;
    Some((at.x() / k, at.y()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded frontier: Kayragach's ring ends on 2025-03-31, so from then on it is
    /// Kyrgyz ground (the OSM polygons still show the Tajik exclave); Vorukh's stays Tajik.
    #[test]
    fn a_ring_that_ended_is_the_surrounding_countrys_ground() {
        let frontier = crate::io::embedded::kg_tj_frontier();
        let areas = crate::io::embedded::kg_tj_country_areas();
        let day = |s: &str| crate::parse_date(s).unwrap();
        assert!(former_exclaves(&frontier, &areas, Some(day("2022-09-16"))).is_empty());
        let after = former_exclaves(&frontier, &areas, Some(day("2026-01-01")));
        let found: Vec<(&str, &str)> = after
            .iter()
            .map(|(s, c)| (s.id.as_str(), c.code.as_str()))
            .collect();
        assert_eq!(found, [("leilek-kayragach-exclave", "KG")]);
    }

    /// Tajikistan's name near the frontier lies in Tajikistan and Kyrgyzstan's in Kyrgyzstan
    /// (each inside its own area, by the even–odd rule), within the box.
    #[test]
    fn names_go_inside_their_own_country() {
        let areas = crate::io::embedded::kg_tj_country_areas();
        let bbox = (69.0, 39.0, 74.5, 40.8);
        for code in ["KG", "TJ"] {
            let a = areas
                .iter()
                .find(|a| a.code == code && a.detail == AreaDetail::Frontier)
                .unwrap();
            let (lon, lat) = name_point(a, bbox).unwrap();
            assert!((69.0..=74.5).contains(&lon) && (39.0..=40.8).contains(&lat));
            let p = geo::Point::new(lon, lat);
            let inside = a
                .rings
                .iter()
                .filter(|r| Polygon::new(LineString::from((*r).clone()), vec![]).contains(&p))
                .count();
            assert_eq!(inside % 2, 1, "{code}'s name at {lon}, {lat} is outside it");
        }
    }
}
