//! The frontier-wide dated statements of agreed km (the `frontier` member's
//! `agreed_snapshots`) set beside the reconstruction from the segments' histories.

use crate::model::AgreedSnapshot;

use super::share::MeasuredFrontier;

/// One official statement of agreed km, and how it compares with the reconstruction on its
/// date.
///
/// A statement measures against its own total (the commissions' line, 970 to 1,006.84 km for
/// the Kyrgyz–Tajik frontier), which is longer than a line generalised for mapping. To compare,
/// the agreed km are rescaled to the measured length: `agreed_km × measured / of_km`, with the
/// statement's own `of_km`, else the frontier's first official length (its headline total).
#[derive(Debug, Clone, PartialEq)]
pub struct StatementCheck<'a> {
    /// The statement.
    pub snapshot: &'a AgreedSnapshot,
    /// The total it was rescaled from, in km (`None`: the statement gives none and the frontier
    /// has no official length, so it is not compared).
    pub of_km: Option<f64>,
    /// The measured length of the frontier on the statement's date, in km.
    pub measured_km: f64,
    /// The agreed km rescaled to the measured length.
    pub rescaled_km: Option<f64>,
    /// The reconstruction's agreed (settled) km on that date: certain ...
    pub agreed_min_km: f64,
    /// ... and at most (certain plus those being agreed at an unknown date then).
    pub agreed_max_km: f64,
}

impl StatementCheck<'_> {
    /// How far the rescaled statement lies outside the reconstruction's range, in km:
    /// negative below it, positive above it, 0 inside; `None` if not compared.
    pub fn outside_km(&self) -> Option<f64> {
        let r = self.rescaled_km?;
        Some(if r < self.agreed_min_km {
            r - self.agreed_min_km
        } else if r > self.agreed_max_km {
            r - self.agreed_max_km
        } else {
            0.0
        })
    }

    /// `consistent`, `below` or `above` the reconstruction (`None`: not compared).
    pub fn verdict(&self) -> Option<&'static str> {
        self.outside_km().map(|d| {
            if d == 0.0 {
                "consistent"
            } else if d < 0.0 {
                "below"
            } else {
                "above"
            }
        })
    }
}

impl MeasuredFrontier<'_> {
    /// Every dated statement of agreed km in the frontier file, in file order, compared with
    /// the reconstruction on its date.
    pub fn statements(&self) -> Vec<StatementCheck<'_>> {
        let meta = &self.frontier().meta;
        let headline = meta.official_lengths.first().map(|o| o.km);
        meta.agreed_snapshots
            .iter()
            .map(|snapshot| {
                let l = self.lengths_at(snapshot.date);
                let measured_km = l.total_m() / 1000.0;
                let of_km = snapshot.of_km.or(headline).filter(|t| *t > 0.0);
                StatementCheck {
                    snapshot,
                    of_km,
                    measured_km,
                    rescaled_km: of_km.map(|t| snapshot.agreed_km * measured_km / t),
                    agreed_min_km: l.settled_certain_m / 1000.0,
                    agreed_max_km: (l.settled_certain_m + l.uncertain_m()) / 1000.0,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::MeasuredFrontier;
    use crate::io::parse_frontier;

    // One degree of longitude on the WGS84 equator is a·π/180 = 111319.490793 m.
    const DEG_KM: f64 = 111.319_490_793_273_57;

    #[test]
    fn statements_are_rescaled_and_placed_against_the_range() {
        // Four stretches of 1°; one settled from the start, one agreed in a 2021–2024 window,
        // two contested until 2024-12-04.
        let seg = |id: &str, x: i32, history: &str| {
            format!(
                r#"{{"type":"Feature","properties":{{"id":"{id}","name":"{id}","sector":"S","history":[{history}]}},
                  "geometry":{{"type":"LineString","coordinates":[[{x},0],[{},0]]}}}}"#,
                x + 1
            )
        };
        let c = r#"{"from":"2002-12-23","status":"contested","source":"x"}"#;
        let s = r#"{"from":"2002-12-23","status":"settled","source":"x"}"#;
        let w = r#"{"from":"2021-05-01","by":"2024-12-04","status":"settled","source":"y"}"#;
        let d = r#"{"from":"2024-12-04","status":"settled","source":"y"}"#;
        let text = format!(
            r#"{{"type":"FeatureCollection","frontier":{{"name":"T","official_lengths":[{{"label":"total","km":400,"source":"z"}}],
              "agreed_snapshots":[
                {{"date":"2022-09-14","agreed_km":150,"of_km":400,"by":"a","source":"s"}},
                {{"date":"2022-09-14","agreed_km":50,"by":"b","source":"s"}},
                {{"date":"2022-09-14","agreed_km":300,"by":"c","source":"s"}}]}},
              "features":[{},{},{},{}]}}"#,
            seg("a", 0, s),
            seg("b", 1, &format!("{c},{w}")),
            seg("c", 2, &format!("{c},{d}")),
            seg("d", 3, &format!("{c},{d}")),
        );
        let f = parse_frontier(&text, "t").unwrap();
        let m = MeasuredFrontier::new(&f);
        let checks = m.statements();
        let measured = 4.0 * DEG_KM;
        // 150 of 400 is 37.5 % of the measured line: 1.5°, between the certain 1° and the
        // possible 2°.
        approx::assert_relative_eq!(
            checks[0].rescaled_km.unwrap(),
            1.5 * DEG_KM,
            max_relative = 1e-12
        );
        approx::assert_relative_eq!(checks[0].measured_km, measured, max_relative = 1e-12);
        assert_eq!(checks[0].verdict(), Some("consistent"));
        // No total of its own: measured against the headline 400 km; 0.5° is 0.5° below.
        approx::assert_relative_eq!(
            checks[1].outside_km().unwrap(),
            -0.5 * DEG_KM,
            max_relative = 1e-12
        );
        assert_eq!(checks[1].verdict(), Some("below"));
        // 300 of 400 is 3°, 1° above the most that may have been agreed.
        approx::assert_relative_eq!(
            checks[2].outside_km().unwrap(),
            DEG_KM,
            max_relative = 1e-12
        );
        assert_eq!(checks[2].verdict(), Some("above"));
    }
}
