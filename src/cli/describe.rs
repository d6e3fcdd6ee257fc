//! Words for people: distances, directions, and short labels of settlements and incidents,
//! shared by the text outputs of the commands.

use borderscope::geodesy::compass8;
use borderscope::model::{Incident, Precision, Settlement};
use serde_json::Value;

/// "850 m", "2.1 km", "24 km".
pub fn distance_text(m: f64) -> String {
    if m < 1000.0 {
        format!("{:.0} m", m)
    } else if m < 20_000.0 {
        format!("{:.1} km", m / 1000.0)
    } else {
        format!("{:.0} km", m / 1000.0)
    }
}

/// "2.1 km NE", or "here" within 50 m, where a direction means nothing.
pub fn where_text(m: f64, azimuth: f64) -> String {
    if m < 50.0 {
        "here".to_string()
    } else {
        format!("{} {:<2}", distance_text(m), compass8(azimuth))
    }
}

/// "2.1 km SW of Kok-Tash": where a point lies as seen from a settlement.
pub fn relative_to_settlement(s: &Settlement, distance_m: f64, azimuth_from_deg: f64) -> String {
    let approx = if s.precision == Precision::Inferred {
        " (its position is approximate)"
    } else {
        ""
    };
    if distance_m < 50.0 {
        return format!("at {}{approx}", s.name);
    }
    format!(
        "{} {} of {}{approx}",
        distance_text(distance_m),
        compass8(azimuth_from_deg),
        s.name
    )
}

/// "Kok-Tash (KG, pop. 8015, position approximate)".
pub fn settlement_label(s: &Settlement) -> String {
    let country = if s.country.is_empty() {
        "—"
    } else {
        &s.country
    };
    let pop = s
        .population
        .map_or(String::new(), |p| format!(", pop. {p}"));
    let approx = if s.precision == Precision::Inferred {
        ", position approximate"
    } else {
        ""
    };
    format!("{} ({country}{pop}{approx})", s.name)
}

/// A position as people read it: "39.85130 N 70.58010 E", "90.00000 S 180.00000 W", with
/// `decimals` decimals (the hemisphere of the rounded value: 0 is N and E).
pub fn position_text(lat: f64, lon: f64, decimals: usize) -> String {
    let part = |v: f64, pos: char, neg: char| {
        let shown = format!("{:.*}", decimals, v.abs());
        let zero = shown.bytes().all(|b| b == b'0' || b == b'.');
        format!("{shown} {}", if v < 0.0 && !zero { neg } else { pos })
    };
    format!("{} {}", part(lat, 'N', 'S'), part(lon, 'E', 'W'))
}

/// ": Vorukh (flag dispute)" and ", 1 killed" for an incident, when it has them.
pub fn incident_place_and_toll(i: &Incident) -> (String, String) {
    let place = i
        .properties
        .get("place")
        .and_then(Value::as_str)
        .map_or(String::new(), |p| format!(": {p}"));
    let toll = i
        .fatalities
        .map_or(String::new(), |f| format!(", {f} killed"));
    (place, toll)
}
