//! Calendar dates as they appear in files and on the command line: `YYYY-MM-DD` only.

use jiff::civil::Date;

/// Why a string is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date: expected YYYY-MM-DD, e.g. 2022-09-16")]
    Format(String),
    #[error("{0:?} is not a day of the calendar")]
    NoSuchDay(String),
}

/// Parses a strict ISO 8601 calendar date, `YYYY-MM-DD`.
///
/// ```
/// use borderscope::parse_date;
/// assert_eq!(parse_date("2025-03-31").unwrap(), jiff::civil::date(2025, 3, 31));
/// assert!(parse_date("2022-02-30").is_err());
/// assert!(parse_date("31.03.2025").is_err());
/// ```
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err(DateError::Format(s.to_string()));
    }
    let num = |r: std::ops::Range<usize>| -> i16 {
        b[r].iter()
            .fold(0i16, |acc, c| acc * 10 + i16::from(c - b'0'))
    };
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    // Month and day fit in i8 once they are two digits; out-of-range values fail below.
    Date::new(year, month as i8, day as i8).map_err(|_| DateError::NoSuchDay(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_leap_day_and_rejects_non_leap() {
        assert!(parse_date("2024-02-29").is_ok());
        assert_eq!(
            parse_date("2023-02-29"),
            Err(DateError::NoSuchDay("2023-02-29".into()))
        );
    }

    #[test]
    fn rejects_other_shapes() {
        for s in [
            "2022-9-16",
            "2022/09/16",
            "16 September 2022",
            "",
            "2022-09-16T00:00",
            "２０２２-09-16",
        ] {
            assert_eq!(parse_date(s), Err(DateError::Format(s.into())), "{s}");
        }
        assert_eq!(
            parse_date("2022-13-01"),
            Err(DateError::NoSuchDay("2022-13-01".into()))
        );
        assert_eq!(
            parse_date("0000-00-00"),
            Err(DateError::NoSuchDay("0000-00-00".into()))
        );
    }
}
