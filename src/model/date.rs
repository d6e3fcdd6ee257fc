//! Calendar dates as they appear in files and on the command line: `YYYY-MM-DD` only.

use jiff::civil::Date;

/// Why a string is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD` (the string as given).
    #[error("{0:?} is not a date: expected YYYY-MM-DD, e.g. 2022-09-16")]
    Format(String),
    /// Not of any form an incident date may take (the string as given).
    #[error(
        "{0:?} is not a date: expected YYYY-MM-DD (a time may follow), or day month year as in 15 January 2010"
    )]
    EventFormat(String),
    /// Of the right form, but no such day, e.g. 2022-02-30 (the string as given).
    #[error("{0:?} is not a day of the calendar")]
    NoSuchDay(String),
    /// A numeric date such as `03/04/2022` while the order of day and month is not known.
    #[error(
        "{0:?} has day and month in an order not known: it is found only over a whole CSV file (not standard input or JSON) whose dates are all numeric; else give the date format (day-first, month-first, or a pattern such as %d/%m/%Y)"
    )]
    Order(String),
    /// Not of the pattern given (the string and the pattern).
    #[error("{text:?} is not a date of the form {pattern:?}")]
    Pattern {
        /// The string as given.
        text: String,
        /// The strftime pattern.
        pattern: String,
    },
    /// Not an Excel serial day number (1 to 2958465, i.e. up to 9999-12-31).
    #[error("{0:?} is not an Excel serial day number")]
    Serial(String),
    /// A whole number where a date was expected, as Excel writes a date cell whose format was
    /// lost: a serial day number, read only when asked.
    #[error(
        "{0:?} is not a date but looks like an Excel serial day number: give the date format excel (or excel-1904) to read it as one"
    )]
    LooksSerial(String),
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

/// Whether `s` is a time of day as ISO 8601 and database exports write it after a date:
/// `HH:MM`, `HH:MM:SS`, with a fraction of a second, then `Z`, an offset (`+05:00`, `+0500`,
/// `-05`) or ` UTC`, or nothing.
fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..2) && b.get(2) == Some(&b':') && digits(3..5)) {
        return false;
    }
    let mut i = 5;
    if b.get(i) == Some(&b':') {
        if !digits(i + 1..i + 3) {
            return false;
        }
        i += 3;
        if matches!(b.get(i), Some(b'.' | b',')) {
            let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            i += 1 + n;
        }
    }
    let zone = &s[i..];
    match zone.as_bytes() {
        [] | [b'Z'] => true,
        [b'+' | b'-', ..] => {
            let z = &zone.as_bytes()[1..];
            let all = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
            match z.len() {
                2 => all(z),
                4 => all(z),
                5 => z[2] == b':' && all(&z[..2]) && all(&z[3..]),
                _ => false,
            }
        }
        _ => zone == " UTC",
    }
}

/// Parses a date as incident files write it: `YYYY-MM-DD`, optionally followed by a time
/// (`2022-09-16 00:00:00.000`, `2022-09-16T06:00`, as UCDP GED exports do), or ACLED's older
/// `15 January 2010` (also with abbreviated months, `15 Jan 2010`).
///
/// ```
/// use borderscope::model::parse_event_date;
/// use jiff::civil::date;
/// assert_eq!(parse_event_date("2022-09-16").unwrap(), date(2022, 9, 16));
/// assert_eq!(parse_event_date("2022-09-16 00:00:00.000").unwrap(), date(2022, 9, 16));
/// assert_eq!(parse_event_date("15 January 2010").unwrap(), date(2010, 1, 15));
/// assert_eq!(parse_event_date("3 sep 2022").unwrap(), date(2022, 9, 3));
/// assert!(parse_event_date("September 2022").is_err());
/// ```
pub fn parse_event_date(s: &str) -> Result<Date, DateError> {
    let t = s.trim();
    let b = t.as_bytes();
    let iso_start = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    if iso_start && (b.len() == 10 || (matches!(b[10], b' ' | b'T') && is_time(&t[11..]))) {
        return parse_date(&t[..10]);
    }
    let parts: Vec<&str> = t.split_whitespace().collect();
    let bad = || DateError::EventFormat(s.to_string());
    let [day, month, year] = parts.as_slice() else {
        return Err(bad());
    };
    let day: i8 = day.parse().map_err(|_| bad())?;
    let year: i16 = year
        .parse()
        .ok()
        .filter(|_| year.len() == 4)
        .ok_or_else(bad)?;
    let m = month.to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month = MONTHS
        .iter()
        .position(|name| *name == m || (m.len() == 3 && name.starts_with(m.as_str())))
        .ok_or_else(bad)?;
    Date::new(year, month as i8 + 1, day).map_err(|_| DateError::NoSuchDay(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_dates_in_acled_and_ucdp_forms() {
        let d = jiff::civil::date(2010, 1, 15);
        for s in [
            "2010-01-15",
            " 2010-01-15 ",
            "2010-01-15 00:00:00.000",
            "2010-01-15T12:00:00",
            "15 January 2010",
            "15 JAN 2010",
        ] {
            assert_eq!(parse_event_date(s), Ok(d), "{s}");
        }
        assert_eq!(
            parse_event_date("31 February 2010"),
            Err(DateError::NoSuchDay("31 February 2010".into()))
        );
        for s in ["15 Janvier 2010", "15/01/2010", "2010", "15 January 10", ""] {
            assert!(parse_event_date(s).is_err(), "{s}");
        }
        for s in [
            "2010-01-15 06:30",
            "2010-01-15T06:30:00Z",
            "2010-01-15T06:30:00.123+05:00",
            "2010-01-15 06:30:00,5 UTC",
            "2010-01-15T06:30-0500",
        ] {
            assert_eq!(parse_event_date(s), Ok(d), "{s}");
        }
        // Whatever follows the date must be a time: nothing else is thrown away.
        for s in [
            "2010-01-15 junk",
            "2010-01-15T",
            "2010-01-15 6:30",
            "2010-01-15 06:30:00.",
            "2010-01-15 06:30 tomorrow",
            "2010-01-15T06:30+5",
        ] {
            assert_eq!(
                parse_event_date(s),
                Err(DateError::EventFormat(s.into())),
                "{s}"
            );
        }
    }

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
