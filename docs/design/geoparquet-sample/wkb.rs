//! Minimal ISO WKB (little-endian) encoder for geo types, and a point decoder that also
//! accepts big-endian, ISO Z/M/ZM (1001/2001/3001) and EWKB (Z/M/SRID flag bits) points.

use geo::{Coord, Geometry, LineString, Polygon};

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_coord(out: &mut Vec<u8>, c: Coord<f64>) {
    out.extend_from_slice(&c.x.to_le_bytes());
    out.extend_from_slice(&c.y.to_le_bytes());
}
fn put_ring(out: &mut Vec<u8>, ls: &LineString<f64>) {
    put_u32(out, ls.0.len() as u32);
    ls.0.iter().for_each(|c| put_coord(out, *c));
}
fn put_polygon_body(out: &mut Vec<u8>, p: &Polygon<f64>) {
    put_u32(out, 1 + p.interiors().len() as u32);
    put_ring(out, p.exterior());
    p.interiors().iter().for_each(|r| put_ring(out, r));
}

/// Appends the WKB of `g` to `out`. Returns the GeoParquet geometry type name.
pub fn write_wkb(out: &mut Vec<u8>, g: &Geometry<f64>) -> &'static str {
    out.push(1); // little endian
    match g {
        Geometry::Point(p) => {
            put_u32(out, 1);
            put_coord(out, p.0);
            "Point"
        }
        Geometry::LineString(ls) => {
            put_u32(out, 2);
            put_ring(out, ls);
            "LineString"
        }
        Geometry::Polygon(p) => {
            put_u32(out, 3);
            put_polygon_body(out, p);
            "Polygon"
        }
        Geometry::MultiLineString(m) => {
            put_u32(out, 5);
            put_u32(out, m.0.len() as u32);
            for ls in &m.0 {
                out.push(1);
                put_u32(out, 2);
                put_ring(out, ls);
            }
            "MultiLineString"
        }
        Geometry::MultiPolygon(m) => {
            put_u32(out, 6);
            put_u32(out, m.0.len() as u32);
            for p in &m.0 {
                out.push(1);
                put_u32(out, 3);
                put_polygon_body(out, p);
            }
            "MultiPolygon"
        }
        _ => unimplemented!("only the geometry kinds borderscope writes"),
    }
}

/// Decodes a WKB point to (x, y). `None` for an empty point (NaN NaN) or a non-point.
pub fn read_wkb_point(b: &[u8]) -> Option<(f64, f64)> {
    let le = match *b.first()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let rd_u32 = |s: &[u8]| {
        let a: [u8; 4] = s.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    };
    let rd_f64 = |s: &[u8]| {
        let a: [u8; 8] = s.try_into().ok()?;
        Some(if le {
            f64::from_le_bytes(a)
        } else {
            f64::from_be_bytes(a)
        })
    };
    let ty = rd_u32(b.get(1..5)?)?;
    // EWKB: high flag bits; 0x20000000 = an SRID (u32) follows the type.
    let mut off = if ty & 0x2000_0000 != 0 { 9 } else { 5 };
    let base = ty & 0x0FFF_FFFF;
    if base % 1000 != 1 {
        return None; // not a point
    }
    let x = rd_f64(b.get(off..off + 8)?)?;
    off += 8;
    let y = rd_f64(b.get(off..off + 8)?)?;
    if x.is_nan() && y.is_nan() {
        None
    } else {
        Some((x, y))
    }
}
