//! The Z-order (Morton) curve over lon/lat: points near each other on the ground mostly get
//! keys near each other, so sorting by it groups work on nearby points (index building,
//! queries in batches whose index nodes then stay in the cache).

use geo::Point;

/// The Z-order (Morton) key of a lon/lat point: the bits of its longitude and latitude,
/// each scaled to 32 bits, interleaved.
pub fn z_order(p: Point<f64>) -> u64 {
    let scale = |v: f64, lo: f64, span: f64| -> u64 {
        (((v - lo) / span).clamp(0.0, 1.0) * u32::MAX as f64) as u64
    };
    let spread = |mut x: u64| {
        x &= 0xFFFF_FFFF;
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF;
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF;
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        x = (x | (x << 2)) & 0x3333_3333_3333_3333;
        (x | (x << 1)) & 0x5555_5555_5555_5555
    };
    spread(scale(p.x(), -180.0, 360.0)) | (spread(scale(p.y(), -90.0, 180.0)) << 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The corners and the centre of the lon/lat plane: (-180, -90) is key 0, (180, 90) all
    /// ones; the centre (0, 0) scales to 2³¹ − 1 of 2³² − 1 in both (just below halfway, the
    /// half dropped), whose interleaving is 0x3FFF…F.
    #[test]
    fn keys_of_the_corners_and_the_centre() {
        assert_eq!(z_order(Point::new(-180.0, -90.0)), 0);
        assert_eq!(z_order(Point::new(180.0, 90.0)), u64::MAX);
        assert_eq!(z_order(Point::new(0.0, 0.0)), 0x3FFF_FFFF_FFFF_FFFF);
        // Out of range and NaN are clamped (NaN to the low corner), never a panic.
        assert_eq!(z_order(Point::new(400.0, 100.0)), u64::MAX);
        assert_eq!(z_order(Point::new(f64::NAN, f64::NAN)), 0);
    }
}
