//! Compass words for azimuths, as people write them: "2.1 km SW of Kok-Tash".

/// The 8-point compass word for an azimuth in degrees clockwise from north.
///
/// ```
/// use borderscope::geodesy::compass8;
/// assert_eq!(compass8(0.0), "N");
/// assert_eq!(compass8(-135.0), "SW");
/// assert_eq!(compass8(202.4), "S");
/// assert_eq!(compass8(202.6), "SW");
/// ```
pub fn compass8(azimuth_deg: f64) -> &'static str {
    const WORDS: [&str; 8] = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
    let a = azimuth_deg.rem_euclid(360.0);
    if !a.is_finite() {
        return "";
    }
    // Sectors of 45° centred on each word.
    let i = ((a + 22.5) / 45.0).floor() as usize % 8;
    WORDS[i]
}
