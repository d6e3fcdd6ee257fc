//! The fields that say how sure a source is of an incident's place and day, read from a CSV
//! field or a GeoJSON property alike: precision codes, the last possible day, a radius.

use jiff::civil::Date;

use super::whole_count;
use crate::model::{DateFormat, PrecisionCode, PrecisionScheme};

/// The last possible day, on or after the first.
pub(crate) fn date_end(date: Date, raw: &str, dates: &DateFormat) -> Result<Date, String> {
    let end = dates.parse(raw).map_err(|e| e.to_string())?;
    if end < date {
        return Err(format!(
            "{end} is before the event's date {date}: the end of a span of days comes after its start"
        ));
    }
    Ok(end)
}

/// A precision code of `scheme`: a whole number in its codebook's range (also `2.0`, as
/// spreadsheets write it).
pub(crate) fn precision_code(
    raw: &str,
    scheme: PrecisionScheme,
    place: bool,
) -> Result<PrecisionCode, String> {
    let (max, field) = match (scheme, place) {
        (PrecisionScheme::Acled, true) => (3, "ACLED geo_precision"),
        (PrecisionScheme::Acled, false) => (3, "ACLED time_precision"),
        (PrecisionScheme::Ucdp, true) => (7, "UCDP where_prec"),
        (PrecisionScheme::Ucdp, false) => (5, "UCDP date_prec"),
    };
    // Almost always one digit: read it without the general parser.
    let one_digit = match raw.as_bytes() {
        [d @ b'0'..=b'9'] => Some(u64::from(d - b'0')),
        _ => None,
    };
    one_digit
        .or_else(|| parse_count(raw))
        .filter(|c| (1..=max).contains(c))
        .map(|c| PrecisionCode {
            scheme,
            code: c as u8,
        })
        .ok_or_else(|| {
            format!("{raw:?} is not a valid {field}: expected a whole number 1 to {max}")
        })
}

/// A radius in metres: finite and not negative.
pub(crate) fn uncertainty_m(raw: &str) -> Result<f64, String> {
    raw.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x >= 0.0)
        .ok_or_else(|| format!("{raw:?} is not a radius: expected a number of metres ≥ 0"))
}

/// A whole number, also `2.0` as spreadsheets write it.
fn parse_count(raw: &str) -> Option<u64> {
    raw.parse::<u64>()
        .ok()
        .or_else(|| whole_count(raw.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_against_their_codebook() {
        assert_eq!(
            precision_code("3", PrecisionScheme::Acled, true),
            Ok(PrecisionCode::acled(3))
        );
        assert_eq!(
            precision_code("2.0", PrecisionScheme::Ucdp, true),
            Ok(PrecisionCode::ucdp(2))
        );
        assert_eq!(
            precision_code("4", PrecisionScheme::Acled, true).unwrap_err(),
            "\"4\" is not a valid ACLED geo_precision: expected a whole number 1 to 3"
        );
        assert!(precision_code("7", PrecisionScheme::Ucdp, true).is_ok());
        assert!(precision_code("6", PrecisionScheme::Ucdp, false).is_err());
        assert!(precision_code("0", PrecisionScheme::Ucdp, true).is_err());
        assert!(
            date_end(
                jiff::civil::date(2022, 9, 14),
                "2022-09-13",
                &DateFormat::Auto
            )
            .is_err()
        );
        assert_eq!(uncertainty_m("2500"), Ok(2500.0));
        assert!(uncertainty_m("-1").is_err());
        assert!(uncertainty_m("NaN").is_err());
    }
}
