//! How the dates of an incident file are written: the forms read without being told (ISO
//! 8601 with or without a time, ACLED's `15 January 2010`, Excel's `16-Sep-22`), the numeric
//! day-month-year forms a spreadsheet leaves (`16/09/2022`, `9/16/2022`, `16.09.2022`), whose
//! order of day and month is decided over a whole file or given, a strftime pattern (read by
//! `jiff::fmt::strtime`), and Excel's serial day numbers.

use std::str::FromStr;

use jiff::civil::Date;

use super::date::{DateError, parse_event_date};

/// How the dates of a file are to be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum DateFormat {
    /// The forms that read only one way (ISO, `15 January 2010`, `16-Sep-22`); numeric
    /// day-month-year dates once the order of day and month is known ([`DateFormat::DayFirst`]
    /// or [`DateFormat::MonthFirst`], decided over the whole file where it can be read twice).
    #[default]
    Auto,
    /// As [`DateFormat::Auto`], numeric dates day first (`16/09/2022`).
    DayFirst,
    /// As [`DateFormat::Auto`], numeric dates month first (`9/16/2022`).
    MonthFirst,
    /// A strftime pattern such as `%d/%m/%Y` or `%d-%b-%y` (jiff's `strtime`: `%y` reads
    /// 69–99 as 1969–1999 and 00–68 as 2000–2068). A time after the date is allowed only
    /// where the pattern has one.
    Pattern(String),
    /// Excel's serial day numbers, 1900 date system (Windows): 44820 is 2022-09-16; a
    /// fraction (the time of day) is dropped.
    Excel1900,
    /// Excel's serial day numbers, 1904 date system (older Mac workbooks): 43358 is 2022-09-16.
    Excel1904,
}

/// The order of day and month a numeric date can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayMonth {
    /// Only day first: the first number is above 12 (`16/09/2022`).
    DayFirst,
    /// Only month first: the second number is above 12 (`9/16/2022`).
    MonthFirst,
    /// Either way, to different days (`03/04/2022`).
    Either,
    /// Either way, to the same day (`04/04/2022`).
    Same,
}

/// A numeric day-month-year date: the two numbers before the year, and the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Numeric {
    first: i8,
    second: i8,
    year: i16,
}

impl FromStr for DateFormat {
    type Err = String;

    /// `auto`, `day-first` (or `dmy`), `month-first` (or `mdy`), `excel` (or `excel-1900`),
    /// `excel-1904`, or a strftime pattern with `%`, which must read back a date it writes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "auto" => DateFormat::Auto,
            "day-first" | "dmy" => DateFormat::DayFirst,
            "month-first" | "mdy" => DateFormat::MonthFirst,
            "excel" | "excel-1900" => DateFormat::Excel1900,
            "excel-1904" => DateFormat::Excel1904,
            _ if s.contains('%') => {
                let sample = jiff::civil::date(2022, 9, 16);
                let written = jiff::fmt::strtime::format(s, sample)
                    .map_err(|e| format!("{s:?} is not a date pattern: {e}"))?;
                match jiff::fmt::strtime::parse(s, &written).and_then(|t| t.to_date()) {
                    Ok(d) if d == sample => DateFormat::Pattern(s.to_string()),
                    _ => {
                        return Err(format!(
                            "{s:?} does not name a whole date: it writes 2022-09-16 as {written:?}, which it cannot read back (a pattern needs a year, a month and a day, e.g. %d/%m/%Y)"
                        ));
                    }
                }
            }
            _ => {
                return Err(format!(
                    "{s:?} is not a date format: expected auto, day-first, month-first, excel, excel-1904, or a strftime pattern such as %d/%m/%Y"
                ));
            }
        })
    }
}

impl DateFormat {
    /// Reads one date.
    ///
    /// ```
    /// use borderscope::model::DateFormat;
    /// use jiff::civil::date;
    ///
    /// let day = date(2022, 9, 16);
    /// assert_eq!(DateFormat::DayFirst.parse("16/09/2022").unwrap(), day);
    /// assert_eq!(DateFormat::MonthFirst.parse("9/16/2022 00:00").unwrap(), day);
    /// assert_eq!(DateFormat::Auto.parse("16-Sep-22").unwrap(), day);
    /// assert_eq!(DateFormat::Auto.parse("2022-09-16T06:00:00Z").unwrap(), day);
    /// assert_eq!("%d.%m.%y".parse::<DateFormat>().unwrap().parse("16.09.22").unwrap(), day);
    /// assert_eq!(DateFormat::Excel1900.parse("44820").unwrap(), day);
    /// // Which order, Auto cannot know from one date.
    /// assert!(DateFormat::Auto.parse("03/04/2022").is_err());
    /// ```
    pub fn parse(&self, s: &str) -> Result<Date, DateError> {
        let t = s.trim();
        match self {
            DateFormat::Pattern(p) => jiff::fmt::strtime::parse(p, t)
                .and_then(|b| b.to_date())
                .map_err(|_| DateError::Pattern {
                    text: s.to_string(),
                    pattern: p.clone(),
                }),
            DateFormat::Excel1900 | DateFormat::Excel1904 => excel_serial(t, self),
            DateFormat::Auto | DateFormat::DayFirst | DateFormat::MonthFirst => {
                // ISO first, as most files have it: no other form starts `YYYY-MM-`, and this
                // runs for every row of an archive.
                let b = t.as_bytes();
                if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
                    return parse_event_date(t);
                }
                if let Some(n) = numeric(t) {
                    let (day, month) = match (self, n.order()) {
                        (DateFormat::DayFirst, _) | (_, DayMonth::Same) => (n.first, n.second),
                        (DateFormat::MonthFirst, _) => (n.second, n.first),
                        _ => return Err(DateError::Order(s.to_string())),
                    };
                    return Date::new(n.year, month, day)
                        .map_err(|_| DateError::NoSuchDay(s.to_string()));
                }
                if let Some(d) = day_mon_yy(t) {
                    return d.ok_or_else(|| DateError::NoSuchDay(s.to_string()));
                }
                parse_event_date(t).map_err(|e| match e {
                    DateError::EventFormat(_)
                        if excel_serial(t, &DateFormat::Excel1900).is_ok() =>
                    {
                        DateError::LooksSerial(s.to_string())
                    }
                    e => e,
                })
            }
        }
    }

    /// Whether this format leaves the order of day and month to be found (numeric dates are
    /// then errors until it is).
    pub fn order_unknown(&self) -> bool {
        *self == DateFormat::Auto
    }
}

/// In which orders a date can be read, when it is a numeric day-month-year date (`None`
/// otherwise, e.g. ISO or `15 January 2010`).
///
/// ```
/// use borderscope::model::{DayMonth, day_month_order};
/// assert_eq!(day_month_order("16/09/2022"), Some(DayMonth::DayFirst));
/// assert_eq!(day_month_order("9/16/2022"), Some(DayMonth::MonthFirst));
/// assert_eq!(day_month_order("03.04.2022"), Some(DayMonth::Either));
/// assert_eq!(day_month_order("2022-09-16"), None);
/// ```
pub fn day_month_order(s: &str) -> Option<DayMonth> {
    numeric(s.trim()).map(|n| n.order())
}

impl Numeric {
    fn order(self) -> DayMonth {
        match (self.first > 12, self.second > 12) {
            (true, false) => DayMonth::DayFirst,
            (false, true) => DayMonth::MonthFirst,
            _ if self.first == self.second => DayMonth::Same,
            _ => DayMonth::Either,
        }
    }
}

/// `16/09/2022`, `9/16/2022`, `16.09.2022`, `16-09-2022` (also with a two-digit year, and a
/// time after a space as Excel writes date-times: `16/09/2022 00:00`, `9/16/2022 12:00:00 AM`).
/// A year first (`2022/09/16`) is not this form.
fn numeric(t: &str) -> Option<Numeric> {
    let (date, time) = t.split_once(' ').unwrap_or((t, ""));
    if !time.is_empty() && !is_clock(time) {
        return None;
    }
    let sep = date.bytes().find(|b| matches!(b, b'/' | b'.' | b'-'))?;
    let parts: Vec<&str> = date.split(sep as char).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit());
    if !(digits(a, &[1, 2]) && digits(b, &[1, 2]) && digits(y, &[2, 4])) {
        return None;
    }
    let year: i16 = y.parse().ok()?;
    Some(Numeric {
        first: a.parse().ok()?,
        second: b.parse().ok()?,
        year: if y.len() == 2 {
            excel_century(year)
        } else {
            year
        },
    })
}

/// A two-digit year as Excel reads one it writes: 00–29 are 2000–2029, 30–99 are 1930–1999.
fn excel_century(yy: i16) -> i16 {
    if yy < 30 { 2000 + yy } else { 1900 + yy }
}

/// `HH:MM`, `HH:MM:SS`, with a fraction of a second, and `AM`/`PM` after a space.
fn is_clock(s: &str) -> bool {
    let s = s
        .strip_suffix(" AM")
        .or_else(|| s.strip_suffix(" PM"))
        .unwrap_or(s);
    let mut parts = s.split(':');
    let two = |p: Option<&str>| {
        p.is_some_and(|p| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
    };
    if !(two(parts.next()) && two(parts.next())) {
        return false;
    }
    match parts.next() {
        None => true,
        Some(sec) => {
            let whole = sec.split('.').next().unwrap_or("");
            two(Some(whole)) && parts.next().is_none()
        }
    }
}

/// Excel's default date display, `16-Sep-22` (also `16-Sep-2022`), whose month is a name and
/// so reads one way only. `Some(None)`: that form, but no such day.
fn day_mon_yy(t: &str) -> Option<Option<Date>> {
    let parts: Vec<&str> = t.split('-').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if !((1..=2).contains(&d.len())
        && d.bytes().all(|c| c.is_ascii_digit())
        && m.len() == 3
        && matches!(y.len(), 2 | 4)
        && y.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = MONTHS.iter().position(|n| n.eq_ignore_ascii_case(m))? as i8 + 1;
    let year: i16 = y.parse().ok()?;
    let year = if y.len() == 2 {
        excel_century(year)
    } else {
        year
    };
    Some(Date::new(year, month, d.parse().ok()?).ok())
}

/// An Excel serial day number. 1900 system: day 1 is 1900-01-01 and day 60 the 29 February
/// 1900 that Excel counts but the calendar has not, so from day 61 a serial is days after
/// 1899-12-30. 1904 system: days after 1904-01-01.
fn excel_serial(t: &str, system: &DateFormat) -> Result<Date, DateError> {
    let bad = || DateError::Serial(t.to_string());
    let v: f64 = t.parse().map_err(|_| bad())?;
    if !(0.0..2_958_466.0).contains(&v) {
        return Err(bad());
    }
    let days = v.floor() as i64;
    let (epoch, days) = match system {
        DateFormat::Excel1904 => (jiff::civil::date(1904, 1, 1), days),
        _ if days == 60 => return Err(DateError::NoSuchDay(t.to_string())),
        _ if days == 0 => return Err(bad()),
        _ if days < 60 => (jiff::civil::date(1899, 12, 31), days),
        _ => (jiff::civil::date(1899, 12, 30), days),
    };
    epoch
        .checked_add(jiff::Span::new().days(days))
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Serial numbers checked against Excel's documented values: 1 is 1900-01-01, 59 is
    /// 1900-02-28, 61 is 1900-03-01, 45658 is 2025-01-01 (and Python's
    /// `date(1899,12,30) + timedelta(44820)` is 2022-09-16).
    #[test]
    fn excel_serials_in_both_date_systems() {
        for (serial, day) in [
            ("1", date(1900, 1, 1)),
            ("59", date(1900, 2, 28)),
            ("61", date(1900, 3, 1)),
            ("44820", date(2022, 9, 16)),
            ("44820.75", date(2022, 9, 16)),
            ("45658", date(2025, 1, 1)),
        ] {
            assert_eq!(
                DateFormat::Excel1900.parse(serial).unwrap(),
                day,
                "{serial}"
            );
        }
        assert!(DateFormat::Excel1900.parse("60").is_err()); // Excel's 1900-02-29
        assert!(DateFormat::Excel1900.parse("0").is_err());
        assert!(DateFormat::Excel1900.parse("-3").is_err());
        // 1904 system: 0 is 1904-01-01; 1462 days fewer than the 1900 system's serial.
        assert_eq!(DateFormat::Excel1904.parse("0").unwrap(), date(1904, 1, 1));
        assert_eq!(
            DateFormat::Excel1904.parse("43358").unwrap(),
            date(2022, 9, 16)
        );
        // Asked for none, a serial is named as one.
        assert!(matches!(
            DateFormat::Auto.parse("44820"),
            Err(DateError::LooksSerial(_))
        ));
    }

    #[test]
    fn numeric_dates_in_either_order() {
        let day = date(2022, 9, 16);
        for s in [
            "16/09/2022",
            "16.09.2022",
            "16-09-2022",
            "16/9/22",
            "16/09/2022 00:00",
            "16/09/2022 00:00:00",
        ] {
            assert_eq!(DateFormat::DayFirst.parse(s).unwrap(), day, "{s}");
            assert_eq!(
                DateFormat::Auto.parse(s),
                Err(DateError::Order(s.into())),
                "{s}"
            );
        }
        for s in [
            "9/16/2022",
            "09/16/2022",
            "9/16/22",
            "9/16/2022 12:00:00 AM",
        ] {
            assert_eq!(DateFormat::MonthFirst.parse(s).unwrap(), day, "{s}");
        }
        // Read the other way, no such day.
        assert!(matches!(
            DateFormat::MonthFirst.parse("16/09/2022"),
            Err(DateError::NoSuchDay(_))
        ));
        // The same either way: no order needed.
        assert_eq!(
            DateFormat::Auto.parse("04/04/2022").unwrap(),
            date(2022, 4, 4)
        );
        assert_eq!(day_month_order("31/12/1999"), Some(DayMonth::DayFirst));
        assert_eq!(day_month_order("12/31/99"), Some(DayMonth::MonthFirst));
        assert_eq!(day_month_order("1/2/2022"), Some(DayMonth::Either));
        // Not numeric day-month-year forms.
        for s in [
            "2022/09/16",
            "16/09",
            "16/09/022",
            "a/b/2022",
            "16/09/2022 later",
        ] {
            assert_eq!(day_month_order(s), None, "{s}");
        }
    }

    #[test]
    fn excel_display_dates_and_two_digit_years() {
        assert_eq!(
            DateFormat::Auto.parse("16-Sep-22").unwrap(),
            date(2022, 9, 16)
        );
        assert_eq!(
            DateFormat::Auto.parse("1-jan-2010").unwrap(),
            date(2010, 1, 1)
        );
        assert_eq!(
            DateFormat::Auto.parse("29-Apr-97").unwrap(),
            date(1997, 4, 29)
        );
        assert!(matches!(
            DateFormat::Auto.parse("30-Feb-22"),
            Err(DateError::NoSuchDay(_))
        ));
        // Already read before: ISO with a time, ACLED's long form.
        assert_eq!(
            DateFormat::DayFirst
                .parse("2022-09-16 00:00:00.000")
                .unwrap(),
            date(2022, 9, 16)
        );
        assert_eq!(
            DateFormat::Auto.parse("15 January 2010").unwrap(),
            date(2010, 1, 15)
        );
    }

    #[test]
    fn patterns_are_checked_when_given() {
        let p: DateFormat = "%d-%b-%Y".parse().unwrap();
        assert_eq!(p.parse("16-Sep-2022").unwrap(), date(2022, 9, 16));
        assert!(matches!(
            p.parse("2022-09-16"),
            Err(DateError::Pattern { .. })
        ));
        let p: DateFormat = "%Y%m%d".parse().unwrap();
        assert_eq!(p.parse("20220916").unwrap(), date(2022, 9, 16));
        // No day in it: refused when given, not on every row.
        assert!("%m/%Y".parse::<DateFormat>().is_err());
        assert!("%Q".parse::<DateFormat>().is_err());
        assert!("sometimes".parse::<DateFormat>().is_err());
        assert_eq!("DMY".parse::<DateFormat>().unwrap(), DateFormat::DayFirst);
    }
}
