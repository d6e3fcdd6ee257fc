//! `borderscope summary` on the embedded frontier and on fixtures.
//!
//! Reference lengths are GeographicLib's: `python3 tests/fixtures/reference_lengths.py FILE`
//! sums `GeodSolve -i -p 9` (GeographicLib 2.1.2, C++, Debian `geographiclib-tools`) over every
//! edge of every segment. JSON output rounds kilometres to the metre, hence the 0.0005 km margin.

mod util;

use util::{borderscope, fixture, json, num};

/// Sum of all 28 segments of data/border.geojson, GeodSolve (metres).
const EMBEDDED_TOTAL_M: f64 = 946_490.399_807;
/// The 20 segments with a lowland history (contested from 2002-12-23, agreed in 2021–2024).
const EMBEDDED_CONTESTED_M: f64 = 388_369.157_908;
/// Stretches whose window the sources narrow (data/border-spec.toml), GeodSolve (metres):
/// Kara-Bak to the tripoint, agreed by 2023-12-12;
const KARA_BAK_M: f64 = 11_023.385_906;
/// Chorku and the Vorukh ring, still open on 2024-07-24;
const CHORKU_M: f64 = 6_393.585_506;
const VORUKH_RING_M: f64 = 27_732.185_659;
/// the Alay-valley floor at Karamyk, still undescribed on 2021-06-05.
const KARAMYK_M: f64 = 26_922.616_153;
/// The Kayragach exclave ring, which ceases to exist on 2025-03-31.
const KAYRAGACH_RING_M: f64 = 4_440.856_764;

fn summary_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["summary", "--format", "json"];
    all.extend_from_slice(args);
    json(&borderscope(&all).ok())
}

fn assert_km(v: &serde_json::Value, key: &str, metres: f64) {
    let got = num(v, key);
    assert!(
        (got - metres / 1000.0).abs() <= 0.0005,
        "{key}: {got} km, expected {} km",
        metres / 1000.0
    );
}

#[test]
fn september_2022_contested_share_matches_geographiclib_lengths() {
    let v = summary_json(&["--as-of", "2022-09-16"]);
    assert_eq!(v["as_of"], "2022-09-16");
    assert_km(&v, "total_km", EMBEDDED_TOTAL_M);
    assert_km(&v, "contested_km", EMBEDDED_CONTESTED_M);
    assert_km(&v, "settled_km", EMBEDDED_TOTAL_M - EMBEDDED_CONTESTED_M);
    let share = num(&v, "contested_share");
    assert!((share - EMBEDDED_CONTESTED_M / EMBEDDED_TOTAL_M).abs() < 1e-6);
    // Close to the sources: GKNB, Sep 2022, 375 km unagreed of 894 (41.9 %); final tally
    // 486.94 of 1,006.84 km agreed only in 2021–2024 (48.4 %).
    assert!((0.38..0.50).contains(&share), "{share}");
    assert_eq!(v["segments"], 28);
    assert_eq!(v["contested_segments"], 20);
    let sectors: Vec<&str> = v["by_sector"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["sector"].as_str().unwrap())
        .collect();
    assert_eq!(
        sectors,
        [
            "Batken",
            "Leilek",
            "Turkestan & Alay ridges",
            "Chong-Alay & Alay"
        ]
    );
    let official: Vec<f64> = v["official_lengths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| num(o, "km"))
        .collect();
    assert!(official.contains(&1006.84) && official.contains(&486.94) && official.contains(&519.9));
}

#[test]
fn after_the_treaty_nothing_is_contested_and_the_kayragach_ring_is_gone() {
    let v = summary_json(&["--as-of", "2026-01-01"]);
    assert_eq!(num(&v, "contested_km"), 0.0);
    assert_eq!(num(&v, "contested_share"), 0.0);
    assert_km(&v, "total_km", EMBEDDED_TOTAL_M - KAYRAGACH_RING_M);
    assert_eq!(v["segments"], 27);
}

#[test]
fn boundary_dates_of_the_status_history() {
    // The commission starts on 2002-12-23: nothing is recorded the day before.
    let v = summary_json(&["--as-of", "2002-12-22"]);
    assert_km(&v, "unrecorded_km", EMBEDDED_TOTAL_M);
    assert!(v["contested_share"].is_null());
    // From then nothing is described (agreed): the whole line counts as contested, for
    // certain until the mountain sections' window opens (2006-02-16), and the mountain
    // sections are agreed for certain from 2011-01-01.
    let v = summary_json(&["--as-of", "2002-12-23"]);
    assert_km(&v, "contested_certain_km", EMBEDDED_TOTAL_M);
    let v = summary_json(&["--as-of", "2008-06-01"]);
    assert_km(&v, "contested_km", EMBEDDED_TOTAL_M);
    assert_km(&v, "contested_certain_km", EMBEDDED_CONTESTED_M);
    assert_km(
        &summary_json(&["--as-of", "2011-01-01"]),
        "contested_certain_km",
        EMBEDDED_CONTESTED_M,
    );
    // The lowland windows open on 2021-05-01 (Karamyk on 2021-06-05): what stays certainly
    // contested is Karamyk, Chorku and the Vorukh ring, then Chorku and the ring until 2024-07-24.
    assert_km(
        &summary_json(&["--as-of", "2021-04-30"]),
        "contested_certain_km",
        EMBEDDED_CONTESTED_M,
    );
    assert_km(
        &summary_json(&["--as-of", "2021-05-01"]),
        "contested_certain_km",
        KARAMYK_M + CHORKU_M + VORUKH_RING_M,
    );
    assert_km(
        &summary_json(&["--as-of", "2021-06-05"]),
        "contested_certain_km",
        CHORKU_M + VORUKH_RING_M,
    );
    assert_eq!(
        num(
            &summary_json(&["--as-of", "2024-07-24"]),
            "contested_certain_km"
        ),
        0.0
    );
    // Kara-Bak is agreed by 2023-12-12; the description of all remaining sections is
    // completed on 2024-12-04.
    assert_km(
        &summary_json(&["--as-of", "2023-12-11"]),
        "contested_km",
        EMBEDDED_CONTESTED_M,
    );
    assert_km(
        &summary_json(&["--as-of", "2024-12-03"]),
        "contested_km",
        EMBEDDED_CONTESTED_M - KARA_BAK_M,
    );
    assert_eq!(
        num(&summary_json(&["--as-of", "2024-12-04"]), "contested_km"),
        0.0
    );
    // The treaty enters into force on 2025-03-31 and the Kayragach exclave boundary ceases.
    assert_km(
        &summary_json(&["--as-of", "2025-03-30"]),
        "total_km",
        EMBEDDED_TOTAL_M,
    );
    assert_km(
        &summary_json(&["--as-of", "2025-03-31"]),
        "total_km",
        EMBEDDED_TOTAL_M - KAYRAGACH_RING_M,
    );
}

#[test]
fn timeline_lists_each_change_date() {
    let csv = borderscope(&["summary", "--timeline", "--format", "csv"]).ok();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "date,total_km,contested_km,settled_km,unrecorded_km,contested_share,changed,\
             contested_certain_km,settled_certain_km,uncertain_km,contested_share_min,contested_share_max,\
             contested_high_km,contested_medium_km,contested_low_km,contested_unrated_km"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let dates: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    // The mountain sections were described at unknown dates between 2006-02-16 and the end of
    // 2010; the lowland stretches at unknown dates from the protocol of 1 May 2021 to 4 Dec 2024,
    // narrowed where a located report narrows them (data/border-spec.toml): Karamyk still
    // undescribed on 5 Jun 2021, Kara-Bak agreed "up to the tripoint" by 12 Dec 2023, Chorku and
    // Vorukh still open on 24 Jul 2024.
    assert_eq!(
        dates,
        [
            "2002-12-23",
            "2006-02-16",
            "2011-01-01",
            "2021-05-01",
            "2021-06-05",
            "2023-12-12",
            "2024-07-24",
            "2024-12-04",
            "2025-03-31"
        ]
    );
    assert_eq!(rows[4][6], "alay-21-unzhu-bulak");
    assert_eq!(rows[5][6], "batken-01-kara-bak");
    assert_eq!(rows[6][6], "isfara-05-chorku batken-vorukh-exclave");
    assert_eq!(rows[8][6], "leilek-kayragach-exclave");
    // In a window the point estimate stays where it was and the range opens downwards.
    assert_eq!(rows[0][5], rows[1][5]);
    assert_eq!((rows[0][10], rows[0][11]), (rows[0][5], rows[0][5]));
    assert_eq!((rows[1][10], rows[1][11]), (rows[2][5], rows[1][5]));
    // Through 2021–2024 the range steps down: its floor as windows open (the stretches still
    // certainly contested are Karamyk, Chorku and the Vorukh ring, then Chorku and Vorukh, then
    // none), its ceiling as they close.
    let km = |r: usize, c: usize| rows[r][c].parse::<f64>().unwrap();
    let (karamyk, chorku, vorukh, kara_bak) = (
        KARAMYK_M / 1000.0,
        CHORKU_M / 1000.0,
        VORUKH_RING_M / 1000.0,
        KARA_BAK_M / 1000.0,
    );
    assert!((km(3, 7) - (karamyk + chorku + vorukh)).abs() < 0.002);
    assert!((km(4, 7) - (chorku + vorukh)).abs() < 0.002);
    assert_eq!(rows[6][7], "0.000");
    let total = km(3, 1);
    let ceiling = |r: usize| km(r, 11) * total;
    assert!((ceiling(3) - ceiling(5) - kara_bak).abs() < 0.01);
    assert!(ceiling(5) < ceiling(4) && ceiling(7) == 0.0);
    let json = json(&borderscope(&["summary", "--timeline", "--format", "json"]).ok());
    let statements = json["agreed_snapshots"].as_array().unwrap();
    assert_eq!(statements.len(), 20);
    // 4 Dec 2024: all 1,006.84 of 1,006.84 km described, rescaled to the whole measured line,
    // which is all settled then.
    let last = statements.last().unwrap();
    assert_eq!(last["date"], "2024-12-04");
    assert_eq!(last["verdict"], "consistent");
    assert_km(last, "rescaled_km", EMBEDDED_TOTAL_M);
    // 15 Feb 2006, "not even started": nothing agreed, and nothing is in the reconstruction.
    assert_eq!(statements[0]["verdict"], "consistent");
    assert_eq!(num(&statements[0], "reconstruction_agreed_max_km"), 0.0);
}

/// The record's rules, checked on the embedded frontier: every history entry names a source,
/// and every dated statement of agreed km lies within the reconstruction's range on its date
/// or is one of those data/SOURCES.md explains by name and by how far outside it lies.
#[test]
fn every_history_entry_is_sourced_and_every_statement_consistent_or_explained() {
    let frontier = borderscope::embedded::kg_tj_frontier();
    for s in &frontier.segments {
        for (i, e) in s.history.entries().iter().enumerate() {
            assert!(
                e.source.trim().len() > 10,
                "{} entry {i}: {:?}",
                s.id,
                e.source
            );
            assert!(e.from.is_some(), "{} entry {i} has no date", s.id);
        }
    }
    let sources =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/SOURCES.md")).unwrap();
    let explained = &sources[sources.find("Where statements lie outside").unwrap()..];
    let measured = borderscope::MeasuredFrontier::new(&frontier);
    for c in measured.statements() {
        assert!(!c.snapshot.source.trim().is_empty());
        let d = c.outside_km().unwrap();
        if d != 0.0 {
            let entry = format!("{} ({:.1}", c.snapshot.date, d.abs());
            assert!(
                explained.contains(&entry),
                "{} is {d:.1} km outside the range and SOURCES.md does not explain it (looked for {entry:?})",
                c.snapshot.date
            );
        }
    }
}

/// On 2022-09-16 every contested stretch but Chorku and the Vorukh ring was being agreed at a
/// date not published (2021–2024): the share is a range from those two to the point estimate,
/// and the contested km split by confidence add up to the contested length.
#[test]
fn the_share_is_a_range_and_the_km_come_by_confidence() {
    let v = summary_json(&["--as-of", "2022-09-16"]);
    assert_km(&v, "contested_km", EMBEDDED_CONTESTED_M);
    assert_km(&v, "contested_certain_km", CHORKU_M + VORUKH_RING_M);
    assert_km(
        &v,
        "uncertain_km",
        EMBEDDED_CONTESTED_M - CHORKU_M - VORUKH_RING_M,
    );
    let floor = (CHORKU_M + VORUKH_RING_M) / EMBEDDED_TOTAL_M;
    assert!((num(&v, "contested_share_min") - floor).abs() < 1e-6);
    assert_eq!(num(&v, "contested_share_max"), num(&v, "contested_share"));
    let c = &v["contested_km_by_confidence"];
    let sum = num(c, "high") + num(c, "medium") + num(c, "low") + num(c, "unrated");
    assert!((sum - EMBEDDED_CONTESTED_M / 1000.0).abs() < 0.002, "{sum}");
    // Before the windows the contested length is certain; after 2024-12-04 nothing is contested.
    let v = summary_json(&["--as-of", "2021-04-30"]);
    assert_km(&v, "contested_certain_km", EMBEDDED_CONTESTED_M);
    assert_eq!(
        num(&v, "contested_share_min"),
        num(&v, "contested_share_max")
    );
    let text = borderscope(&["summary", "--as-of", "2022-09-16"]).ok();
    assert!(
        text.contains("being agreed at an unknown date then: share 3.6–41.0 %"),
        "{text}"
    );
    // The 11 segments rated high (all lowland, so all contested then): 125,776.504997 m by
    // GeodSolve over their edges (tests/fixtures/reference_lengths.py).
    assert!(text.contains("by confidence high 125.78 km"), "{text}");
}

#[test]
fn text_output_sets_measured_beside_official_with_a_note() {
    let text = borderscope(&["summary", "--as-of", "2022-09-16"]).ok();
    assert!(
        text.contains("measured length     946.49 km in 28 segments"),
        "{text}"
    );
    assert!(
        text.contains("contested           388.37 km (41.0 %) in 20 segments"),
        "{text}"
    );
    assert!(text.contains("1,006.84 km  total"), "{text}");
    assert!(text.contains("why they differ:"), "{text}");
}

#[test]
fn csv_has_one_row_per_sector_and_a_total() {
    let csv = borderscope(&["summary", "--as-of", "2022-09-16", "--format", "csv"]).ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 4 + 1);
    assert!(
        lines[5].starts_with("2022-09-16,(all),28,20,946.490,388.369,558.121,0.000,0.41"),
        "{}",
        lines[5]
    );
}

#[test]
fn a_border_file_overrides_the_embedded_frontier() {
    // Two real segments of the Isfara valley and the Kayragach exclave ring, copied from
    // data/border.geojson; GeodSolve: 2468.176222 + 3219.824236 + 4440.856764 m.
    let path = fixture("isfara-kayragach.geojson");
    let v = summary_json(&["--border", path.to_str().unwrap(), "--as-of", "2022-09-16"]);
    assert_km(
        &v,
        "total_km",
        2_468.176_222 + 3_219.824_236 + 4_440.856_764,
    );
    assert_eq!(v["segments"], 3);
    assert_eq!(v["frontier"], "Isfara valley and Kayragach (test fixture)");
    let v = summary_json(&["--border", path.to_str().unwrap(), "--as-of", "2025-03-31"]);
    assert_km(&v, "total_km", 2_468.176_222 + 3_219.824_236);
    assert_km(&v, "settled_km", 2_468.176_222 + 3_219.824_236);
}

#[test]
fn as_of_and_timeline_conflict_and_bad_dates_are_usage_errors() {
    let r = borderscope(&["summary", "--as-of", "2022-09-16", "--timeline"]);
    assert_eq!(r.code, 2);
    let r = borderscope(&["summary", "--as-of", "16.09.2022"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("expected YYYY-MM-DD"), "{}", r.stderr);
}

#[test]
fn by_segment_lists_each_segment_with_status_since_and_source() {
    let v = summary_json(&["--as-of", "2026-01-01", "--by-segment"]);
    let rows = v["by_segment"].as_array().unwrap();
    assert_eq!(rows.len(), 27); // the Kayragach ring no longer exists
    let vorukh = rows
        .iter()
        .find(|r| r["id"] == "batken-vorukh-exclave")
        .unwrap();
    assert_eq!(vorukh["status"], "settled");
    // Settled since the description was completed; the treaty entry only adds its source.
    assert_eq!(vorukh["status_since"], "2024-12-04");
    assert!(
        vorukh["source"]
            .as_str()
            .unwrap()
            .contains("Khujand, 31 Mar 2025")
    );
    assert!((num(vorukh, "km") - 27.732_186).abs() <= 0.0005); // GeodSolve: 27732.185659 m

    let csv = borderscope(&[
        "summary",
        "--as-of",
        "2022-09-16",
        "--by-segment",
        "--format",
        "csv",
    ])
    .ok();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "as_of,id,name,sector,km,status,status_since,confidence,source,certainty,window_from,window_by"
    );
    assert_eq!(lines.len(), 1 + 28);
    assert!(lines[6].starts_with("2022-09-16,isfara-06-golovnoi,Isfara valley: Chorku – Golovnoi,Batken,2.468,contested,2002-12-23,high,"), "{}", lines[6]);
}

/// Every segment says how well its line is known, and the Vorukh ring states its own area: the
/// audit of issue 15 measured the OSM ring at 33.2 km², against the 130 (or 97) km² cited.
#[test]
fn every_segment_states_how_well_its_line_is_known() {
    let frontier = borderscope::embedded::kg_tj_frontier();
    for s in &frontier.segments {
        let text = s.extra.get("line_position").and_then(|v| v.as_str());
        assert!(text.is_some_and(|t| t.len() > 40), "{}: {text:?}", s.id);
    }
    let vorukh = frontier
        .segments
        .iter()
        .find(|s| s.id == "batken-vorukh-exclave")
        .unwrap();
    let text = vorukh.extra["line_position"].as_str().unwrap();
    assert!(text.starts_with("The OSM ring encloses 33.2 km²"), "{text}");
}

/// A place the sources put on the border is as uncertain as its distance from the line in
/// use: Khoja-A'lo lies 5.0 km from the OSM line (on its Kyrgyz side), Golovnoi 3.3 km (3,288 m,
/// the distance `incidents` reports for it).
#[test]
fn places_on_the_border_are_as_uncertain_as_their_distance_from_the_line() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/settlements.geojson"
    ))
    .unwrap();
    let v = json(&text);
    let get = |name: &str| {
        v["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["name"] == name)
            .unwrap()["properties"]
            .clone()
    };
    assert_eq!(num(&get("Golovnoi"), "position_uncertainty_m"), 3288.0);
    let k = num(&get("Khoja-A'lo"), "position_uncertainty_m");
    assert!((4950.0..5050.0).contains(&k), "{k}");
    // Minutes only: half a minute each way at 40° N, 925.3 m and 711.6 m, is 1,167 m.
    assert_eq!(num(&get("Chorku"), "position_uncertainty_m"), 1167.0);
}
