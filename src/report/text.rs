//! Words for people: distances, directions, lengths, shares and short labels of settlements
//! and incidents, shared by the text outputs of the reports.

use crate::analysis::{Assessment, LocationBasis, place_words};
use crate::geodesy::compass8;
use crate::model::{Change, Segment, Status, StatusAt};
use crate::model::{Incident, Precision, Settlement};
use jiff::civil::Date;
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

/// A share as a percentage for people, "41.0 %", or "–" when unknown.
pub fn percent(share: Option<f64>) -> String {
    share.map_or("–".to_string(), |s| format!("{:.1} %", 100.0 * s))
}

/// A number of kilometres with thousands separators, "1,006.84".
///
/// ```
/// assert_eq!(borderscope::report::text::km_text(1006.84), "1,006.84");
/// ```
pub fn km_text(km: f64) -> String {
    let s = format!("{km:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac}")
}

/// Wraps text at `width` columns, the first line starting at column `start`, continuation
/// lines indented.
pub fn wrap(text: &str, width: usize, start: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut col = start;
    let mut first = true;
    for word in text.split_whitespace() {
        if first {
            first = false;
        } else if col + 1 + word.chars().count() > width {
            out.push('\n');
            out.push_str(indent);
            col = indent.len();
        } else {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.chars().count();
    }
    out
}

/// How sure an incident's verdict is, in words: "yes", or "possibly: coded to the district
/// seat (only the district is known), ±45 km; this stretch was agreed at an unknown date
/// between 2021-05-01 and 2024-12-04", or "no".
pub fn verdict_text(a: &Assessment) -> String {
    let v = &a.verdict;
    let mut why: Vec<String> = Vec::new();
    if v.location {
        let basis = match a.location {
            LocationBasis::Code(code) => format!(
                "{} ({} {})",
                place_words(code),
                code.place_field(),
                code.code
            ),
            LocationBasis::Given => "the radius the input gives".to_string(),
            LocationBasis::Default => "the radius for incidents without one".to_string(),
        };
        why.push(format!("{basis}, ±{}", distance_text(a.radius_m)));
    }
    if let Some(c) = v.status {
        why.push(if c.is_dated() {
            format!(
                "the stretch changed from {} to {} on {}, within the days {} to {}",
                c.before, c.after, c.from, a.days.0, a.days.1
            )
        } else {
            format!("this stretch was {}", window_words(&c))
        });
    }
    if why.is_empty() {
        v.near.as_str().to_string()
    } else {
        format!("{}: {}", v.near.as_str(), why.join("; "))
    }
}

/// A change dated to a window, in words: "agreed at an unknown date between 2021-05-01 and
/// 2024-12-04".
fn window_words(c: &Change) -> String {
    let verb = if c.after == Status::Settled {
        "agreed"
    } else {
        "disputed"
    };
    format!("{verb} at an unknown date between {} and {}", c.from, c.by)
}

/// `certain` or `uncertain`: how sure a segment's status on `date` is ("" with none).
pub fn certainty_word(s: &Segment, date: Date) -> &'static str {
    s.certainty_at(date).map_or("", |c| c.certainty())
}

/// Words for an uncertain status on `date`: " (uncertain: agreed at an unknown date between
/// 2021-05-01 and 2024-12-04)"; empty when the status is certain or unknown.
pub fn certainty_note(s: &Segment, date: Date) -> String {
    match s.certainty_at(date) {
        Some(StatusAt::Uncertain(c)) => {
            format!(" (uncertain: {})", window_words(&c))
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(km_text(1006.84), "1,006.84");
        assert_eq!(km_text(946.494), "946.49");
        assert_eq!(km_text(0.0), "0.00");
        assert_eq!(km_text(1234567.0), "1,234,567.00");
    }

    #[test]
    fn distances_and_positions_for_people() {
        assert_eq!(distance_text(850.4), "850 m");
        assert_eq!(distance_text(2_149.0), "2.1 km");
        assert_eq!(distance_text(24_400.0), "24 km");
        assert_eq!(position_text(-90.0, -180.0, 5), "90.00000 S 180.00000 W");
        assert_eq!(position_text(-0.000001, 70.5801, 4), "0.0000 N 70.5801 E");
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("aa bb cc", 6, 0, "  "), "aa bb\n  cc");
    }
}
