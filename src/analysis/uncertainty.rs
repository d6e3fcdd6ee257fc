//! How sure an answer about an incident can be: the radius within which it happened and the
//! days on which it may have, from its dataset's precision codes, and the verdict that follows
//! ([`Verdict`]: near a contested stretch *yes*, *possibly* or *no*).
//!
//! The radii are defaults chosen from the codebooks (the reasoning is at
//! [`UncertaintyRules::default`] and in the README, "How sure is an answer?"); every one can
//! be overridden.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::model::{Change, Incident, PrecisionCode, PrecisionScheme};

/// The radius given to each precision code, and to incidents with none.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyRules {
    /// Metres for ACLED `geo_precision` 1, 2 and 3.
    pub acled_m: [f64; 3],
    /// Metres for UCDP GED `where_prec` 1 to 7.
    pub ucdp_m: [f64; 7],
    /// Metres for an incident with neither a code nor a radius of its own
    /// (`--location-uncertainty`; 0: its point is taken as exact).
    pub default_m: f64,
}

impl Default for UncertaintyRules {
    /// The defaults, from the codebooks:
    ///
    /// | code | radius | why |
    /// |---|---|---|
    /// | ACLED 1 | 2 km | "a particular town" with coordinates, coded to its centre; the villages along this border reach about 2 km from theirs |
    /// | ACLED 2 | 25 km | "a small part of a region" or "near a town", coded to a town; ACLED gives no distance, so UCDP's "ca. 25 km" for an event near a known point |
    /// | ACLED 3 | 75 km | "a larger region": "the closest natural location noted in reporting (like 'border area')" or "a provincial capital"; Batken region's equal-area radius is 74 km (16,995 km²) |
    /// | UCDP 1 | 2 km | "exact location of the event known and coded" (to a place's centre) |
    /// | UCDP 2 | 25 km | "within at maximum a ca. 25 km radius around a known point" |
    /// | UCDP 3 | 45 km | only the second-order division (district) known, coded to its centroid; the border districts' equal-area radii are 38.5–44.2 km (Leilek 4,653, Batken 5,948, Kadamjay 6,146 km²) |
    /// | UCDP 4 | 90 km | only the first-order division (region) known, coded to its centroid; Sughd 25,400 km² gives 89.9 km |
    /// | UCDP 5 | 100 km | a larger area, a point between two places, or a vague or linear feature: no bound in the codebook, so somewhat more than a region |
    /// | UCDP 6, 7 | 255 km | only the country known (Kyrgyzstan's 199,951 km² gives 252 km); 7, international waters or airspace, cannot occur here |
    fn default() -> Self {
        UncertaintyRules {
            acled_m: [2_000.0, 25_000.0, 75_000.0],
            ucdp_m: [
                2_000.0, 25_000.0, 45_000.0, 90_000.0, 100_000.0, 255_000.0, 255_000.0,
            ],
            default_m: 0.0,
        }
    }
}

/// Where an incident's radius comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationBasis {
    /// The input gives the radius (a column or property in metres).
    Given,
    /// The dataset's precision code.
    Code(PrecisionCode),
    /// Neither: the radius for incidents without one (`--location-uncertainty`).
    Default,
}

/// Where an incident's days come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBasis {
    /// One day, as coded.
    Day,
    /// The input's last possible day (UCDP `date_end`).
    Given,
    /// The dataset's date precision code (ACLED `time_precision` 2 or 3).
    Code(PrecisionCode),
}

/// How sure the source is of where and when one incident happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertainty {
    /// The radius in metres around the coded point within which it happened.
    pub radius_m: f64,
    /// Where the radius comes from.
    pub location: LocationBasis,
    /// The first day it may have happened on.
    pub first_day: Date,
    /// The last day it may have happened on.
    pub last_day: Date,
    /// Where the days come from.
    pub dates: DateBasis,
}

impl UncertaintyRules {
    /// The radius for a place code.
    pub fn radius_for(&self, code: PrecisionCode) -> Option<f64> {
        let i = usize::from(code.code).checked_sub(1)?;
        match code.scheme {
            PrecisionScheme::Acled => self.acled_m.get(i).copied(),
            PrecisionScheme::Ucdp => self.ucdp_m.get(i).copied(),
        }
    }

    /// Sets the radius for a place code; `false` if the code is outside its codebook.
    pub fn set(&mut self, code: PrecisionCode, radius_m: f64) -> bool {
        let Some(i) = usize::from(code.code).checked_sub(1) else {
            return false;
        };
        let slot = match code.scheme {
            PrecisionScheme::Acled => self.acled_m.get_mut(i),
            PrecisionScheme::Ucdp => self.ucdp_m.get_mut(i),
        };
        slot.map(|s| *s = radius_m).is_some()
    }

    /// Where and when an incident may have happened.
    ///
    /// ```
    /// use borderscope::Incident;
    /// use borderscope::analysis::UncertaintyRules;
    /// use borderscope::model::PrecisionCode;
    /// use jiff::civil::date;
    ///
    /// let rules = UncertaintyRules::default();
    /// // ACLED: coded to a provincial capital or a "border area", known only to the month.
    /// let mut i = Incident::at("KGZ1", date(2022, 9, 15), geo::Point::new(70.8, 40.06));
    /// i.geo_precision = Some(PrecisionCode::acled(3));
    /// i.time_precision = Some(PrecisionCode::acled(3));
    /// let u = rules.of(&i);
    /// assert_eq!(u.radius_m, 75_000.0);
    /// assert_eq!((u.first_day, u.last_day), (date(2022, 8, 31), date(2022, 9, 30)));
    /// ```
    pub fn of(&self, incident: &Incident) -> Uncertainty {
        let (radius_m, location) = match (incident.uncertainty_m, incident.geo_precision) {
            (Some(m), _) => (m, LocationBasis::Given),
            (None, Some(code)) => match self.radius_for(code) {
                Some(m) => (m, LocationBasis::Code(code)),
                None => (self.default_m, LocationBasis::Default),
            },
            (None, None) => (self.default_m, LocationBasis::Default),
        };
        let d = incident.date;
        let (first_day, last_day, dates) = match (incident.date_end, incident.time_precision) {
            (Some(end), _) if end > d => (d, end, DateBasis::Given),
            (_, Some(code)) if code.scheme == PrecisionScheme::Acled && code.code == 2 => {
                // "the middle of the period is used" for an event known to a week: the
                // Wednesday or the Thursday, so the week lies within four days either side.
                (shift(d, -4), shift(d, 4), DateBasis::Code(code))
            }
            (_, Some(code)) if code.scheme == PrecisionScheme::Acled && code.code == 3 => {
                // Known to a month (or "the past two or three weeks"): the month's middle, or
                // its first or last day; the calendar month, and at least 15 days either side.
                let month_first = d.first_of_month();
                let month_last = d.last_of_month();
                (
                    month_first.min(shift(d, -15)),
                    month_last.max(shift(d, 15)),
                    DateBasis::Code(code),
                )
            }
            _ => (d, d, DateBasis::Day),
        };
        Uncertainty {
            radius_m,
            location,
            first_day,
            last_day,
            dates,
        }
    }
}

fn shift(d: Date, days: i64) -> Date {
    d.checked_add(days.days()).unwrap_or(d)
}

/// Whether an incident was near a stretch contested at the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Near {
    /// The whole disk of its location's uncertainty lies within the distance of a stretch
    /// contested on every day it may have happened on.
    Yes,
    /// Some of the disk lies within the distance of a stretch that may have been contested
    /// on some of those days, but not the above.
    Possibly,
    /// No point of the disk lies within the distance of a stretch that may have been
    /// contested on any of those days.
    No,
}

impl Near {
    /// `yes`, `possibly` or `no`, as written in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Near::Yes => "yes",
            Near::Possibly => "possibly",
            Near::No => "no",
        }
    }
}

/// The verdict on one incident, with why it is only *possibly*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// Yes, possibly or no.
    pub near: Near,
    /// *Possibly* because of the place: the stretch is within reach of only part of the disk.
    pub location: bool,
    /// *Possibly* because of the status: the stretch's status changed at an unknown date in a
    /// window, or on a day among those the incident may have happened on.
    pub status: Option<Change>,
}

impl Verdict {
    /// The reasons as a short code for CSV: `location`, `status`, `location+status`, or empty.
    pub fn reason_code(&self) -> &'static str {
        match (self.location, self.status.is_some()) {
            (true, true) => "location+status",
            (true, false) => "location",
            (false, true) => "status",
            (false, false) => "",
        }
    }
}

/// What a precision code means, in words for people.
pub fn place_words(code: PrecisionCode) -> &'static str {
    match (code.scheme, code.code) {
        (PrecisionScheme::Acled, 1) => "coded to a named town",
        (PrecisionScheme::Acled, 2) => "coded to a town near it or in a part of a region",
        (PrecisionScheme::Acled, 3) => {
            "coded to a larger region (a border area or the provincial capital)"
        }
        (PrecisionScheme::Ucdp, 1) => "exact location",
        (PrecisionScheme::Ucdp, 2) => "within about 25 km of a known point",
        (PrecisionScheme::Ucdp, 3) => "coded to the district seat (only the district is known)",
        (PrecisionScheme::Ucdp, 4) => "coded to the region's centre (only the region is known)",
        (PrecisionScheme::Ucdp, 5) => "a larger area, or a point between places",
        (PrecisionScheme::Ucdp, 6) => "only the country is known",
        (PrecisionScheme::Ucdp, 7) => "international waters or airspace",
        _ => "precision code outside its codebook",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn incident() -> Incident {
        Incident::at("i", date(2022, 9, 16), geo::Point::new(70.5, 40.0))
    }

    #[test]
    fn radii_follow_the_code_and_a_given_radius_wins() {
        let rules = UncertaintyRules::default();
        let mut i = incident();
        assert_eq!(rules.of(&i).radius_m, 0.0);
        assert_eq!(rules.of(&i).location, LocationBasis::Default);
        i.geo_precision = Some(PrecisionCode::ucdp(3));
        assert_eq!(rules.of(&i).radius_m, 45_000.0);
        i.uncertainty_m = Some(1_500.0);
        assert_eq!(rules.of(&i).radius_m, 1_500.0);
        assert_eq!(rules.of(&i).location, LocationBasis::Given);
        let mut custom = rules.clone();
        assert!(custom.set(PrecisionCode::acled(3), 10_000.0));
        assert!(!custom.set(PrecisionCode::acled(4), 10_000.0));
        assert_eq!(custom.radius_for(PrecisionCode::acled(3)), Some(10_000.0));
    }

    #[test]
    fn windows_from_an_end_date_a_week_and_a_month() {
        let rules = UncertaintyRules::default();
        let mut i = incident();
        i.date_end = Some(date(2022, 9, 20));
        let u = rules.of(&i);
        assert_eq!(
            (u.first_day, u.last_day, u.dates),
            (date(2022, 9, 16), date(2022, 9, 20), DateBasis::Given)
        );
        i.date_end = None;
        i.time_precision = Some(PrecisionCode::acled(2));
        let u = rules.of(&i);
        assert_eq!(
            (u.first_day, u.last_day),
            (date(2022, 9, 12), date(2022, 9, 20))
        );
        // A month coded to its first day ("beginning of the month") still reaches 15 days back.
        i.date = date(2022, 9, 1);
        i.time_precision = Some(PrecisionCode::acled(3));
        let u = rules.of(&i);
        assert_eq!(
            (u.first_day, u.last_day),
            (date(2022, 8, 17), date(2022, 9, 30))
        );
        // UCDP's date_prec alone says nothing the dates do not.
        i.time_precision = Some(PrecisionCode::ucdp(4));
        assert_eq!(rules.of(&i).dates, DateBasis::Day);
    }
}
