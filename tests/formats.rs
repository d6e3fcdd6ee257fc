//! One `--format` rule (issue 16): text, csv, json and geojson on every report, the feature
//! formats on `export` and `import`; the format follows `--out`'s extension unless `--format`
//! says otherwise; a shape with no form in a format, a contradiction and an unknown extension
//! are refused with exit code 2 and a message that says what there is.

mod util;

use util::{borderscope, borderscope_in, fixture, json, num};

const D: &str = "2022-09-16";

/// `summary --format geojson`: the segments on the date as lines, with the summary's members.
/// The measured length and the contested km are the README's (946.49 km, 388.37 km on
/// 16 September 2022 in 20 segments).
#[test]
fn summary_geojson_is_the_segments_with_the_summary() {
    let v = json(&borderscope(&["summary", "--as-of", D, "--format", "geojson"]).ok());
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(num(&v, "total_km"), 946.49);
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 28);
    let km = |status: Option<&str>| -> f64 {
        features
            .iter()
            .filter(|f| status.is_none_or(|s| f["properties"]["status"] == s))
            .map(|f| num(&f["properties"], "km"))
            .sum()
    };
    // Each length is rounded to the metre: 28 roundings off by half a metre at most.
    assert!((km(None) - 946.49).abs() < 0.015, "{}", km(None));
    assert!((km(Some("contested")) - 388.369).abs() < 0.015);
    let contested = features
        .iter()
        .filter(|f| f["properties"]["status"] == "contested")
        .count();
    assert_eq!(contested, 20);
    let kara_bak = &features[0];
    assert_eq!(kara_bak["id"], "batken-01-kara-bak");
    assert_eq!(kara_bak["geometry"]["type"], "LineString");
    // The properties are the --by-segment CSV's columns, with the same values.
    let csv = borderscope(&["summary", "--as-of", D, "--by-segment", "--format", "csv"]).ok();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let keys: Vec<&String> = kara_bak["properties"].as_object().unwrap().keys().collect();
    assert_eq!(keys, header);
    assert_eq!(kara_bak["properties"]["window_from"], "2021-05-01");
    assert_eq!(kara_bak["properties"]["window_by"], "2023-12-12");
    // --by-segment changes nothing: the features are the segments either way.
    let by = borderscope(&[
        "summary",
        "--as-of",
        D,
        "--by-segment",
        "--format",
        "geojson",
    ])
    .ok();
    assert_eq!(json(&by), v);
}

/// `incidents --by-segment --format geojson`: the ranking as the segments' lines, one feature
/// per CSV row with that row's values (before, plain JSON). The first row of 2019 is Maksat's
/// attack of 16 September 2019, 4 killed, on leilek-12-kulundu.
#[test]
fn by_segment_geojson_is_the_ranking_as_lines() {
    let v = json(&borderscope(&["incidents", "--by-segment", "--format", "geojson"]).ok());
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(v["period"], "year");
    assert_eq!(num(&v, "within_km"), 10.0);
    let csv = borderscope(&["incidents", "--by-segment", "--format", "csv"]).ok();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<&str> = lines.collect();
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), rows.len());
    let summary = json(&borderscope(&["summary", "--as-of", D, "--format", "geojson"]).ok());
    for (f, row) in features.iter().zip(&rows) {
        let p = &f["properties"];
        // No segment name or sector of the embedded frontier holds a comma.
        for (key, cell) in header.iter().zip(row.split(',')) {
            let value = match &p[*key] {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(value, cell, "{key} in {row}");
        }
        let line = summary["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == p["segment_id"])
            .unwrap();
        assert_eq!(f["geometry"], line["geometry"], "{}", p["segment_id"]);
    }
    let first = &features[0]["properties"];
    assert_eq!(
        (&first["period"], &first["rank"], &first["segment_id"]),
        (&"2019".into(), &1.into(), &"leilek-12-kulundu".into())
    );
    assert_eq!(first["fatalities"], 4);
}

/// `near --format geojson`: the point, its nearest segment (Kok-Tash: 2184.225437 m from
/// isfara-05-chorku by GeographicLib brute-force minimisation) and what lies around, one
/// feature per CSV row.
#[test]
fn near_geojson_has_the_point_the_segments_and_the_places() {
    let args = ["near", "39.9497", "70.5358", "--as-of", D];
    let v = json(&borderscope(&[&args[..], &["--format", "geojson"]].concat()).ok());
    let features = v["features"].as_array().unwrap();
    let csv = borderscope(&[&args[..], &["--format", "csv"]].concat()).ok();
    let kinds: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let feature_kinds: Vec<&str> = features
        .iter()
        .map(|f| f["properties"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(feature_kinds[0], "point");
    assert_eq!(feature_kinds[1..], kinds[..]);
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        serde_json::json!([70.5358, 39.9497])
    );
    let segment = &features[1];
    assert_eq!(segment["properties"]["id"], "isfara-05-chorku");
    assert!((num(&segment["properties"], "distance_m") - 2184.225437).abs() < 0.001);
    assert_eq!(segment["geometry"]["type"], "LineString");
    // The closest point is the JSON's.
    let j = json(&borderscope(&[&args[..], &["--format", "json"]].concat()).ok());
    assert_eq!(
        serde_json::json!([
            segment["properties"]["closest_lon"],
            segment["properties"]["closest_lat"]
        ]),
        j["nearest_segment"]["closest_point"]
    );
    let kok_tash = features
        .iter()
        .find(|f| f["properties"]["kind"] == "settlement")
        .unwrap();
    assert_eq!(kok_tash["properties"]["name"], "Kok-Tash");
    assert_eq!(kok_tash["geometry"]["type"], "Point");
}

/// The timeline is a table of dates: no GeoJSON, and the refusal says what there is.
#[test]
fn the_timeline_refuses_geojson_naming_its_formats() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["summary", "--timeline", "--format", "geojson"][..],
        &["summary", "--timeline", "--out", "t.geojson"],
    ] {
        let e = borderscope_in(dir.path(), args).bad_input();
        assert!(
            e.contains("summary --timeline: the timeline cannot be written as geojson (it is a table of dates, with no geometry); its formats are text, csv and json"),
            "{e}"
        );
    }
    // Refused before anything is written.
    assert!(!dir.path().join("t.geojson").exists());
    borderscope_in(dir.path(), &["summary", "--timeline", "--out", "t.json"]).ok();
    assert!(
        json(&std::fs::read_to_string(dir.path().join("t.json")).unwrap())["timeline"].is_array()
    );
}

/// A format a command does not have is refused by the flag parser, listing the ones it has.
#[test]
fn a_format_a_command_does_not_have_lists_the_ones_it_has() {
    for (args, want) in [
        (
            &["summary", "--format", "svg"][..],
            "[possible values: text, csv, json, geojson, parquet]",
        ),
        (
            &["near", "39.9", "70.5", "--format", "geojsonl"],
            "[possible values: text, csv, json, geojson, parquet]",
        ),
        (
            &[
                "import",
                "--between",
                "A",
                "B",
                "x.json",
                "--format",
                "text",
            ],
            "[possible values: geojson, geojsonl, geojsons, csv, parquet, gpkg]",
        ),
        (
            &["map", "--format", "geojson"],
            "[possible values: svg, html, png]",
        ),
    ] {
        let r = borderscope(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{args:?}: {}", r.stderr);
    }
}

/// With no --format, the format follows --out's extension, on every command.
#[test]
fn the_format_follows_the_extension_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let topo = fixture("alpha-beta.topojson");
    let topo = topo.to_str().unwrap();
    let read = |name: &str| std::fs::read_to_string(d.join(name)).unwrap();
    borderscope_in(d, &["summary", "--as-of", D, "--out", "s.csv"]).ok();
    assert!(read("s.csv").starts_with("as_of,sector,segments,"));
    borderscope_in(d, &["summary", "--as-of", D, "--out", "s.GeoJSON"]).ok();
    assert_eq!(
        json(&read("s.GeoJSON"))["features"]
            .as_array()
            .unwrap()
            .len(),
        28
    );
    borderscope_in(d, &["incidents", "--out", "i.geojson"]).ok();
    assert_eq!(
        json(&read("i.geojson"))["features"]
            .as_array()
            .unwrap()
            .len(),
        32
    );
    borderscope_in(d, &["incidents", "--by-segment", "--out", "r.json"]).ok();
    assert!(json(&read("r.json"))["ranking"].is_array());
    borderscope_in(d, &["near", "39.9497", "70.5358", "--out", "n.json"]).ok();
    assert_eq!(
        json(&read("n.json"))["nearest_segment"]["id"],
        "isfara-05-chorku"
    );
    borderscope_in(d, &["settlements", "--as-of", D, "--out", "s.txt"]).ok();
    assert!(read("s.txt").contains(" settlement(s) within 5 km of segments, as of 2022-09-16\n"));
    // No extension: the command's default (text; GeoJSON for the feature files).
    borderscope_in(d, &["summary", "--as-of", D, "--out", "summary_2022"]).ok();
    assert!(read("summary_2022").starts_with("Kyrgyzstan–Tajikistan frontier, as of 2022-09-16\n"));
    // import writes what export writes.
    borderscope_in(
        d,
        &[
            "import",
            "--between",
            "Alpha",
            "Beta",
            topo,
            "--out",
            "ab.csv",
        ],
    )
    .ok();
    let csv = read("ab.csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,name,sector,history,valid_from,valid_to,basis,confidence,geometry"
    );
    // The fixture's open border: 70 E 40 N – 70.5 E 40.2 N – 71 E 40 N (tests/fixtures/README.md).
    assert!(
        lines
            .next()
            .unwrap()
            .ends_with(",\"LINESTRING (70.0 40.0, 70.5 40.2, 71.0 40.0)\"")
    );
    assert_eq!(lines.count(), 1);
    borderscope_in(
        d,
        &[
            "import",
            "--between",
            "Alpha",
            "Beta",
            topo,
            "--out",
            "ab.geojsonl",
        ],
    )
    .ok();
    let l = read("ab.geojsonl");
    assert_eq!(l.lines().count(), 2);
    assert!(l.lines().all(|f| json(f)["type"] == "Feature"));
    // GeoJSON in a .json file is GeoJSON.
    borderscope_in(d, &["incidents", "--format", "geojson", "--out", "g.json"]).ok();
    assert_eq!(json(&read("g.json"))["type"], "FeatureCollection");
}

/// An extension that contradicts --format, or names no format, is refused before any work,
/// saying which; --format decides for an extension it does not know.
#[test]
fn a_contradiction_or_an_unknown_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let topo = fixture("alpha-beta.topojson");
    let topo = topo.to_str().unwrap();
    for (args, want) in [
        (
            &["summary", "--format", "json", "--out", "s.csv"][..],
            "s.csv: the file name says csv but --format is json; rename the file or leave out --format",
        ),
        (
            &["incidents", "--format", "csv", "--out", "i.geojson"],
            "i.geojson: the file name says geojson but --format is csv",
        ),
        (
            &[
                "import",
                "--between",
                "Alpha",
                "Beta",
                topo,
                "--format",
                "csv",
                "--out",
                "ab.geojson",
            ],
            "ab.geojson: the file name says geojson but --format is csv",
        ),
        (
            &["map", "--format", "svg", "--out", "m.html"],
            "m.html: the file name says html but --format is svg",
        ),
        (
            &["summary", "--out", "s.xlsx"],
            "s.xlsx: cannot tell the format from the file name; use .txt, .csv, .json, .geojson or .parquet, or --format",
        ),
        (
            &[
                "import",
                "--between",
                "Alpha",
                "Beta",
                topo,
                "--out",
                "ab.kml",
            ],
            "ab.kml: cannot tell the format from the file name; use .geojson, .geojsonl, .geojsons, .csv, .parquet or .gpkg, or --format",
        ),
        (
            &["map", "--out", "m.gif"],
            "m.gif: cannot tell the format from the file name; use .svg, .html or .png, or --format",
        ),
    ] {
        let e = borderscope_in(d, args).bad_input();
        assert!(e.contains(want), "{args:?}: {e}");
    }
    assert_eq!(
        std::fs::read_dir(d).unwrap().count(),
        0,
        "a refused run wrote a file"
    );
    borderscope_in(
        d,
        &[
            "summary", "--as-of", D, "--format", "csv", "--out", "s.xlsx",
        ],
    )
    .ok();
    let csv = std::fs::read_to_string(d.join("s.xlsx")).unwrap();
    assert!(csv.starts_with("as_of,sector,"), "{csv}");
}
