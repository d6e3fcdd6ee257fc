//! How sure an answer is (issue 14): the verdict yes / possibly / no from the place's and the
//! day's precision and from status windows, in the real binary's CSV, JSON and text output.
//!
//! The frontier is a 1° stretch of the equator, contested; the incidents lie 0.063° north of
//! its middle, 6966.179405 m from it (GeographicLib: `echo 0 0.5 0.063 0.5 | GeodSolve -i`).

mod util;

use std::path::Path;

use geographiclib_rs::{DirectGeodesic, Geodesic};
use proptest::prelude::*;
use util::{borderscope_in, json};

const D_M: f64 = 6966.179405;

/// A frontier of one equatorial stretch with `history`.
fn frontier(dir: &Path, history: &str) -> String {
    let text = format!(
        r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature",
          "properties": {{"id": "eq", "name": "Equator", "sector": "S", "history": [{history}]}},
          "geometry": {{"type": "LineString", "coordinates": [[0, 0], [1, 0]]}}}}]}}"#
    );
    std::fs::write(dir.join("eq.geojson"), text).unwrap();
    "eq.geojson".into()
}

const CONTESTED: &str = r#"{"from": "2000-01-01", "status": "contested", "source": "test"}"#;

/// The CSV rows of `incidents` on `csv`, as field lists, with the header's names.
fn rows(dir: &Path, border: &str, csv: &str, extra: &[&str]) -> Vec<Vec<(String, String)>> {
    std::fs::write(dir.join("in.csv"), csv).unwrap();
    let mut args = vec![
        "incidents",
        "--border",
        border,
        "--incidents",
        "in.csv",
        "--format",
        "csv",
    ];
    args.extend_from_slice(extra);
    let out = borderscope_in(dir, &args).ok();
    let mut lines = out.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn field<'a>(row: &'a [(String, String)], name: &str) -> &'a str {
    &row.iter().find(|(k, _)| k == name).unwrap().1
}

/// ACLED's geo_precision 3 ("a larger region", ±75 km) 7 km from a contested stretch is
/// *possibly* near it; geo_precision 1 (a named town, ±2 km) is *yes*: 6.966 + 2 ≤ 10 km.
#[test]
fn an_acled_region_level_event_7_km_away_is_possibly_near() {
    let dir = tempfile::tempdir().unwrap();
    let border = frontier(dir.path(), CONTESTED);
    let csv = "event_id_cnty,event_date,latitude,longitude,fatalities,geo_precision,time_precision\n\
               A1,2022-09-16,0.063,0.5,2,1,1\n\
               A3,2022-09-16,0.063,0.5,2,3,1\n";
    let r = rows(dir.path(), &border, csv, &[]);
    assert_eq!(field(&r[0], "verdict"), "yes");
    assert_eq!(field(&r[0], "location_basis"), "acled:1");
    assert_eq!(
        field(&r[0], "contested_distance_min_m"),
        format!("{:.3}", D_M - 2000.0)
    );
    assert_eq!(
        field(&r[0], "contested_distance_max_m"),
        format!("{:.3}", D_M + 2000.0)
    );
    assert_eq!(field(&r[1], "verdict"), "possibly");
    assert_eq!(field(&r[1], "verdict_reason"), "location");
    assert_eq!(field(&r[1], "location_uncertainty_m"), "75000.000");
    assert_eq!(field(&r[1], "contested_distance_min_m"), "0.000");
    // The point estimate is the same for both: near, 6966.179 m.
    for row in &r {
        assert_eq!(field(row, "near_contested"), "true");
        assert_eq!(field(row, "contested_distance_m"), format!("{D_M:.3}"));
        assert_eq!(field(row, "fatalities"), "2");
    }
    // --radius-for narrows geo_precision 3 to 2 km: yes.
    let r = rows(dir.path(), &border, csv, &["--radius-for", "acled:3=2"]);
    assert_eq!(field(&r[1], "verdict"), "yes");
    // --max-uncertainty leaves the region-level event out, and says so.
    std::fs::write(dir.path().join("in.csv"), csv).unwrap();
    let run = borderscope_in(
        dir.path(),
        &[
            "incidents",
            "--border",
            &border,
            "--incidents",
            "in.csv",
            "--format",
            "csv",
            "--max-uncertainty",
            "30",
        ],
    );
    assert!(
        run.stderr
            .contains("1 left out, located less precisely than 30 km"),
        "{}",
        run.stderr
    );
    assert_eq!(run.ok().lines().count(), 2);
}

/// A UCDP event whose days (date_start to date_end) span the day the stretch was settled is
/// uncertain on status; one whose days all fall before it is certain.
#[test]
fn a_ucdp_window_across_a_status_change_is_uncertain() {
    let dir = tempfile::tempdir().unwrap();
    let border = frontier(
        dir.path(),
        &format!(r#"{CONTESTED}, {{"from": "2022-09-17", "status": "settled", "source": "test"}}"#),
    );
    let csv = "id,date_start,date_end,latitude,longitude,best,where_prec,date_prec\n\
               1,2022-09-14,2022-09-20,0.063,0.5,5,1,2\n\
               2,2022-09-14,2022-09-16,0.063,0.5,5,1,2\n\
               3,2022-09-17,2022-09-20,0.063,0.5,5,1,2\n";
    let r = rows(dir.path(), &border, csv, &[]);
    assert_eq!(
        (field(&r[0], "date_first"), field(&r[0], "date_last")),
        ("2022-09-14", "2022-09-20")
    );
    assert_eq!(field(&r[0], "contested_status_certainty"), "uncertain");
    assert_eq!(field(&r[0], "verdict"), "possibly");
    assert_eq!(field(&r[0], "verdict_reason"), "status");
    assert_eq!(field(&r[1], "contested_status_certainty"), "certain");
    assert_eq!(field(&r[1], "verdict"), "yes");
    // From the day of the change on nothing is contested: no.
    assert_eq!(field(&r[2], "verdict"), "no");
    assert_eq!(field(&r[2], "contested_segment_id"), "");
}

/// A stretch agreed at an unknown date in a window is *possibly* contested inside it, and the
/// text says why; before the window the same incident is *yes*.
#[test]
fn a_status_window_makes_the_verdict_possibly_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let border = frontier(
        dir.path(),
        &format!(
            r#"{CONTESTED}, {{"from": "2021-01-01", "by": "2024-12-04", "status": "settled", "source": "agreed in 2021–2024"}}"#
        ),
    );
    let csv = "event_id_cnty,event_date,latitude,longitude,fatalities,geo_precision\n\
               A,2022-09-16,0.063,0.5,1,1\n\
               B,2020-09-16,0.063,0.5,1,1\n";
    let r = rows(dir.path(), &border, csv, &[]);
    assert_eq!(
        (field(&r[0], "verdict"), field(&r[0], "verdict_reason")),
        ("possibly", "status")
    );
    assert_eq!(field(&r[0], "segment_status"), "contested"); // the point estimate
    assert_eq!(field(&r[1], "verdict"), "yes");
    std::fs::write(dir.path().join("in.csv"), csv).unwrap();
    let text = borderscope_in(
        dir.path(),
        &["incidents", "--border", &border, "--incidents", "in.csv"],
    )
    .ok();
    assert!(
        text.contains("how sure          possibly: this stretch was agreed at an unknown date between 2021-01-01 and 2024-12-04"),
        "{text}"
    );
    assert!(
        text.contains("how sure: 1 near for certain, 1 possibly near"),
        "{text}"
    );
    let v = json(
        &borderscope_in(
            dir.path(),
            &[
                "incidents",
                "--border",
                &border,
                "--incidents",
                "in.csv",
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    assert_eq!(v["incidents"][0]["verdict"], "possibly");
    assert!(v["incidents"][0]["contested_throughout_segment"].is_null());
    assert_eq!(
        v["incidents"][1]["contested_throughout_segment"]["id"],
        "eq"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The distance range (exact distance ± radius) holds the exact distance of every point of
    /// the disk: points sampled in the disk by GeographicLib's direct problem, measured by the
    /// engine.
    #[test]
    fn the_distance_range_holds_every_point_of_the_disk(
        lon in 0.0..1.0f64,
        lat in -0.5..0.5f64,
        radius_km in 0.0..80.0f64,
        samples in prop::collection::vec((0.0..360.0f64, 0.0..1.0f64), 16),
    ) {
        let f = borderscope::parse_frontier(
            r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
              "properties": {"id": "k", "name": "K", "sector": "S",
                "history": [{"from": "2000-01-01", "status": "contested", "source": "t"}]},
              "geometry": {"type": "LineString", "coordinates": [[0, 0], [0.6, 0.3], [1.2, -0.1]]}}]}"#,
            "k",
        )
        .unwrap();
        let engine = borderscope::Proximity::new(&f, &[]);
        let mut incident = borderscope::Incident::at("p", jiff::civil::date(2022, 1, 1), geo::Point::new(lon, lat));
        incident.uncertainty_m = Some(radius_km * 1000.0);
        let a = engine.assess_incident(&incident, &Default::default(), None, 10_000.0);
        let (lo, hi) = a.contested_distance_range_m().unwrap();
        let g = Geodesic::wgs84();
        for (azimuth, fraction) in samples {
            let (lat2, lon2) = g.direct(lat, lon, azimuth, fraction * radius_km * 1000.0);
            let d = engine.assess(geo::Point::new(lon2, lat2), jiff::civil::date(2022, 1, 1), 0.0)
                .contested
                .unwrap()
                .distance
                .distance_m;
            prop_assert!(d >= lo - 1e-6 && d <= hi + 1e-6, "{d} outside {lo}..{hi}");
        }
    }
}
