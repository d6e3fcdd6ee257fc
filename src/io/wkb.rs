//! Well-known binary (ISO WKB, as GeoParquet and GeoPackage store geometry): written from `geo` types,
//! read into GeoJSON geometry values.
//!
//! Written here rather than taken from a crate: `geo` 0.33 has no WKB, and the `wkb` and
//! `geozero` crates bring `geo-traits`, `num_enum` and more build units for a hundred lines of
//! byte layout. The reader takes what other writers produce: either byte order, ISO Z/M/ZM
//! types (1001, 2001, 3001, …; the extra ordinates dropped) and PostGIS EWKB flags (Z, M and
//! an SRID word).

#![cfg_attr(not(feature = "parquet"), allow(dead_code))]

use geo::{Coord, Geometry, LineString, Polygon};
use serde_json::{Value, json};

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_coord(out: &mut Vec<u8>, c: Coord<f64>) {
    out.extend_from_slice(&c.x.to_le_bytes());
    out.extend_from_slice(&c.y.to_le_bytes());
}

fn put_line(out: &mut Vec<u8>, ls: &LineString<f64>) {
    put_u32(out, ls.0.len() as u32);
    ls.0.iter().for_each(|c| put_coord(out, *c));
}

fn put_polygon(out: &mut Vec<u8>, p: &Polygon<f64>) {
    put_u32(out, 1 + p.interiors().len() as u32);
    put_line(out, p.exterior());
    p.interiors().iter().for_each(|r| put_line(out, r));
}

/// Appends the little-endian WKB of `g` to `out`, and returns the GeoParquet name of its type
/// (`"Point"`, `"LineString"`, …).
///
/// ```
/// # #[cfg(feature = "parquet")] {
/// use borderscope::io::geoparquet::write_wkb;
/// let mut b = Vec::new();
/// assert_eq!(write_wkb(&mut b, &geo::Point::new(70.5, 40.0).into()), "Point");
/// // Byte order 1 (little-endian), type 1 (Point), then x and y as doubles: 21 bytes.
/// assert_eq!(&b[..5], &[1, 1, 0, 0, 0]);
/// assert_eq!(f64::from_le_bytes(b[5..13].try_into().unwrap()), 70.5);
/// # }
/// ```
pub fn write_wkb(out: &mut Vec<u8>, g: &Geometry<f64>) -> &'static str {
    out.push(1);
    match g {
        Geometry::Point(p) => {
            put_u32(out, 1);
            put_coord(out, p.0);
            "Point"
        }
        Geometry::LineString(ls) => {
            put_u32(out, 2);
            put_line(out, ls);
            "LineString"
        }
        Geometry::Polygon(p) => {
            put_u32(out, 3);
            put_polygon(out, p);
            "Polygon"
        }
        Geometry::MultiPoint(m) => {
            put_u32(out, 4);
            put_u32(out, m.0.len() as u32);
            for p in &m.0 {
                out.push(1);
                put_u32(out, 1);
                put_coord(out, p.0);
            }
            "MultiPoint"
        }
        Geometry::MultiLineString(m) => {
            put_u32(out, 5);
            put_u32(out, m.0.len() as u32);
            for ls in &m.0 {
                out.push(1);
                put_u32(out, 2);
                put_line(out, ls);
            }
            "MultiLineString"
        }
        Geometry::MultiPolygon(m) => {
            put_u32(out, 6);
            put_u32(out, m.0.len() as u32);
            for p in &m.0 {
                out.push(1);
                put_u32(out, 3);
                put_polygon(out, p);
            }
            "MultiPolygon"
        }
        Geometry::GeometryCollection(c) => {
            put_u32(out, 7);
            put_u32(out, c.0.len() as u32);
            for g in &c.0 {
                write_wkb(out, g);
            }
            "GeometryCollection"
        }
        // Lines, rectangles and triangles are written as what they are drawn as.
        Geometry::Line(l) => {
            write_again(out, Geometry::LineString(LineString(vec![l.start, l.end])))
        }
        Geometry::Rect(r) => write_again(out, Geometry::Polygon(r.to_polygon())),
        Geometry::Triangle(t) => write_again(out, Geometry::Polygon(t.to_polygon())),
    }
}

fn write_again(out: &mut Vec<u8>, g: Geometry<f64>) -> &'static str {
    out.pop();
    write_wkb(out, &g)
}

/// A cursor over WKB bytes in the byte order of the geometry being read.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or_else(|| format!("WKB ends at byte {} of {}", self.at, self.bytes.len()))?;
        self.at += N;
        Ok(s.try_into().expect("N bytes"))
    }

    fn u32(&mut self, le: bool) -> Result<u32, String> {
        let b = self.take::<4>()?;
        Ok(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, le: bool) -> Result<f64, String> {
        let b = self.take::<8>()?;
        Ok(if le {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A geometry's header: its byte order, its base type (1–7) and its number of ordinates.
    fn header(&mut self) -> Result<(bool, u32, usize), String> {
        let le = match self.take::<1>()?[0] {
            0 => false,
            1 => true,
            b => {
                return Err(format!(
                    "byte order {b} at byte {}: expected 0 or 1",
                    self.at - 1
                ));
            }
        };
        let ty = self.u32(le)?;
        // EWKB: flag bits 0x80000000 (Z), 0x40000000 (M), 0x20000000 (an SRID follows).
        let (ewkb_z, ewkb_m) = (ty & 0x8000_0000 != 0, ty & 0x4000_0000 != 0);
        if ty & 0x2000_0000 != 0 {
            self.u32(le)?;
        }
        let iso = ty & 0x0FFF_FFFF;
        let (base, dims) = (iso % 1000, iso / 1000);
        let extra = match dims {
            0 => usize::from(ewkb_z) + usize::from(ewkb_m),
            1 | 2 => 1,
            3 => 2,
            _ => return Err(format!("geometry type {iso} is not one of WKB's")),
        };
        if !(1..=7).contains(&base) {
            return Err(format!("geometry type {iso} is not one of WKB's"));
        }
        Ok((le, base, 2 + extra))
    }

    fn coord(&mut self, le: bool, ordinates: usize) -> Result<[f64; 2], String> {
        let x = self.f64(le)?;
        let y = self.f64(le)?;
        for _ in 2..ordinates {
            self.f64(le)?;
        }
        Ok([x, y])
    }

    fn count(&mut self, le: bool, each: usize) -> Result<usize, String> {
        let n = self.u32(le)? as usize;
        // A count larger than the bytes left could hold is a corrupt file, not an allocation.
        if n.saturating_mul(each) > self.bytes.len() - self.at {
            return Err(format!(
                "a count of {n} at byte {} is more than the bytes left",
                self.at - 4
            ));
        }
        Ok(n)
    }

    fn line(&mut self, le: bool, ordinates: usize) -> Result<Value, String> {
        let n = self.count(le, 8 * ordinates)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(json!(self.coord(le, ordinates)?));
        }
        Ok(Value::Array(v))
    }

    fn rings(&mut self, le: bool, ordinates: usize) -> Result<Value, String> {
        let n = self.count(le, 4)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.line(le, ordinates)?);
        }
        Ok(Value::Array(v))
    }

    /// The next geometry as GeoJSON; `None` for an empty point (NaN NaN).
    fn geometry(&mut self, depth: usize) -> Result<Option<Value>, String> {
        if depth > 32 {
            return Err("geometry collections nested more than 32 deep".into());
        }
        let (le, base, ord) = self.header()?;
        let members = |c: &mut Self, want: u32| -> Result<Vec<Value>, String> {
            let n = c.count(le, 5)?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                let (mle, mbase, mord) = c.header()?;
                if mbase != want {
                    return Err(format!(
                        "a member of type {mbase} where {want} was expected"
                    ));
                }
                v.push(match want {
                    1 => json!(c.coord(mle, mord)?),
                    2 => c.line(mle, mord)?,
                    _ => c.rings(mle, mord)?,
                });
            }
            Ok(v)
        };
        Ok(Some(match base {
            1 => {
                let [x, y] = self.coord(le, ord)?;
                if x.is_nan() && y.is_nan() {
                    return Ok(None);
                }
                json!({"type": "Point", "coordinates": [x, y]})
            }
            2 => json!({"type": "LineString", "coordinates": self.line(le, ord)?}),
            3 => json!({"type": "Polygon", "coordinates": self.rings(le, ord)?}),
            4 => json!({"type": "MultiPoint", "coordinates": members(self, 1)?}),
            5 => json!({"type": "MultiLineString", "coordinates": members(self, 2)?}),
            6 => json!({"type": "MultiPolygon", "coordinates": members(self, 3)?}),
            _ => {
                let n = self.count(le, 5)?;
                let mut v = Vec::with_capacity(n);
                for _ in 0..n {
                    v.extend(self.geometry(depth + 1)?);
                }
                json!({"type": "GeometryCollection", "geometries": v})
            }
        }))
    }
}

/// Reads one WKB geometry into a GeoJSON geometry value (`Value::Null` for an empty point);
/// `Err` says what is wrong at which byte.
///
/// ```
/// # #[cfg(feature = "parquet")] {
/// use borderscope::io::geoparquet::{read_wkb, write_wkb};
/// let line = geo::LineString::from(vec![(69.0, 39.5), (70.5, 40.0)]);
/// let mut b = Vec::new();
/// write_wkb(&mut b, &line.into());
/// let g = read_wkb(&b).unwrap();
/// assert_eq!(g, serde_json::json!({"type": "LineString", "coordinates": [[69.0, 39.5], [70.5, 40.0]]}));
/// // A point cut short.
/// let mut p = Vec::new();
/// write_wkb(&mut p, &geo::Point::new(70.5, 40.0).into());
/// assert_eq!(read_wkb(&p[..15]).unwrap_err(), "WKB ends at byte 13 of 15");
/// # }
/// ```
pub fn read_wkb(bytes: &[u8]) -> Result<Value, String> {
    let mut c = Cursor { bytes, at: 0 };
    let g = c.geometry(0)?.unwrap_or(Value::Null);
    if c.at != bytes.len() {
        return Err(format!("{} bytes after the geometry", bytes.len() - c.at));
    }
    Ok(g)
}

/// Reads a WKB point's lon/lat, fast (the incidents of an archive are points): `Ok(None)` for
/// an empty point; an error for another type, named.
pub fn read_wkb_point(bytes: &[u8]) -> Result<Option<[f64; 2]>, String> {
    let mut c = Cursor { bytes, at: 0 };
    let (le, base, ord) = c.header()?;
    if base != 1 {
        let names = [
            "",
            "LineString",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
        ];
        let name = names.get(base as usize - 1).copied().unwrap_or("?");
        return Err(format!("is a {name}: incidents must be Points"));
    }
    let [x, y] = c.coord(le, ord)?;
    Ok((!(x.is_nan() && y.is_nan())).then_some([x, y]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// PostGIS `SELECT ST_AsEWKB('SRID=4326;POINT Z (1 2 3)'::geometry)` in big-endian:
    /// 00 a0000001 000010e6 then x, y, z.
    #[test]
    fn reads_big_endian_ewkb_with_srid_and_z() {
        let mut b = vec![0u8, 0xa0, 0, 0, 1, 0, 0, 0x10, 0xe6];
        for v in [1.0f64, 2.0, 3.0] {
            b.extend_from_slice(&v.to_be_bytes());
        }
        assert_eq!(read_wkb_point(&b).unwrap(), Some([1.0, 2.0]));
        assert_eq!(
            read_wkb(&b).unwrap(),
            json!({"type": "Point", "coordinates": [1.0, 2.0]})
        );
    }

    /// ISO WKB `POINT ZM (1 2 3 4)` is type 3001 with four doubles; `POINT EMPTY` is NaN NaN.
    #[test]
    fn reads_iso_zm_and_empty_points() {
        let mut b = vec![1u8];
        b.extend_from_slice(&3001u32.to_le_bytes());
        for v in [1.0f64, 2.0, 3.0, 4.0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(read_wkb_point(&b).unwrap(), Some([1.0, 2.0]));
        let mut e = vec![1u8, 1, 0, 0, 0];
        e.extend_from_slice(&f64::NAN.to_le_bytes());
        e.extend_from_slice(&f64::NAN.to_le_bytes());
        assert_eq!(read_wkb_point(&e).unwrap(), None);
        assert_eq!(read_wkb(&e).unwrap(), Value::Null);
    }

    #[test]
    fn multi_polygons_round_trip_and_lies_are_refused() {
        let square = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
            vec![],
        );
        let mut b = Vec::new();
        assert_eq!(
            write_wkb(&mut b, &geo::MultiPolygon(vec![square]).into()),
            "MultiPolygon"
        );
        assert_eq!(
            read_wkb(&b).unwrap(),
            json!({"type": "MultiPolygon", "coordinates": [[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]]})
        );
        // A line claiming 2³² − 1 points in 13 bytes.
        let lie = [1u8, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff];
        assert!(
            read_wkb(&lie)
                .unwrap_err()
                .contains("more than the bytes left")
        );
        assert_eq!(
            read_wkb_point(&b).unwrap_err(),
            "is a MultiPolygon: incidents must be Points"
        );
    }
}
