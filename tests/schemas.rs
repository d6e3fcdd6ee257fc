//! The JSON Schemas in `docs/schemas/` (draft 2020-12) against the real binary's output: every
//! JSON and GeoJSON shape of every command, on the embedded data and on dates where answers are
//! null (nothing contested after the treaty), validates; and the schemas are strict enough to
//! fail on a real regression: a missing member, an unknown one, a status outside its enum.

mod util;

use std::path::Path;

use serde_json::{Value, json};
use util::{borderscope, fixture, json};

/// A schema file of `docs/schemas/`, by its shape's name.
fn schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    json(&text)
}

/// The schema of one feature of a line-delimited file: the shape's `#/$defs/feature`.
fn feature_schema(name: &str) -> Value {
    let s = schema(name);
    json!({
        "$schema": s["$schema"],
        "$defs": s["$defs"],
        "$ref": "#/$defs/feature",
    })
}

/// The errors of `doc` against `schema`, one line each ("path: message").
fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let v = jsonschema::draft202012::new(schema).expect("the schema compiles");
    v.iter_errors(doc)
        .map(|e| {
            let mut m = e.to_string();
            m.truncate(300);
            format!("{}: {m}", e.instance_path())
        })
        .collect()
}

fn assert_valid(name: &str, schema: &Value, doc: &Value, what: &str) {
    let errs = errors(schema, doc);
    assert!(
        errs.is_empty(),
        "{what} does not match docs/schemas/{name}.schema.json:\n{}",
        errs.join("\n")
    );
}

const D: &str = "2022-09-16";
const AFTER: &str = "2026-01-01";
const KOK_TASH: [&str; 2] = ["39.9497", "70.5358"];
/// An ACLED export (relative to the crate, where the binary runs).
const ACLED: &str = "tests/fixtures/acled-iso.csv";

/// Each documented shape, with the runs whose output it describes.
fn cases() -> Vec<(&'static str, Vec<Vec<&'static str>>)> {
    let near = |as_of: &'static str, format: &'static str| {
        vec![
            "near",
            KOK_TASH[0],
            KOK_TASH[1],
            "--as-of",
            as_of,
            "--format",
            format,
        ]
    };
    vec![
        (
            "summary",
            vec![
                vec!["summary", "--as-of", D, "--format", "json"],
                vec!["summary", "--as-of", D, "--by-segment", "--format", "json"],
                vec![
                    "summary",
                    "--as-of",
                    AFTER,
                    "--by-segment",
                    "--format",
                    "json",
                ],
                // Before the first dated history entry: no status yet.
                vec![
                    "summary",
                    "--as-of",
                    "1990-01-01",
                    "--by-segment",
                    "--format",
                    "json",
                ],
            ],
        ),
        (
            "summary-geojson",
            vec![
                vec!["summary", "--as-of", D, "--format", "geojson"],
                vec!["summary", "--as-of", "1990-01-01", "--format", "geojson"],
            ],
        ),
        (
            "timeline",
            vec![vec!["summary", "--timeline", "--format", "json"]],
        ),
        (
            "incidents",
            vec![
                vec!["incidents", "--format", "json"],
                vec!["incidents", "--as-of", AFTER, "--format", "json"],
                // The input's columns passed through, under `properties`.
                vec![
                    "incidents",
                    "--incidents",
                    ACLED,
                    "--keep",
                    "all",
                    "--format",
                    "json",
                ],
            ],
        ),
        (
            "incidents-geojson",
            vec![
                vec!["incidents", "--format", "geojson"],
                vec!["incidents", "--as-of", AFTER, "--format", "geojson"],
                vec![
                    "incidents",
                    "--incidents",
                    ACLED,
                    "--keep",
                    "all",
                    "--format",
                    "geojson",
                ],
            ],
        ),
        (
            "by-segment",
            vec![
                vec!["incidents", "--by-segment", "--format", "json"],
                vec![
                    "incidents",
                    "--by-segment",
                    "--period",
                    "month",
                    "--format",
                    "json",
                ],
            ],
        ),
        (
            "by-segment-geojson",
            vec![
                vec!["incidents", "--by-segment", "--format", "geojson"],
                vec![
                    "incidents",
                    "--by-segment",
                    "--period",
                    "all",
                    "--format",
                    "geojson",
                ],
            ],
        ),
        ("near", vec![near(D, "json"), near(AFTER, "json")]),
        (
            "near-geojson",
            vec![near(D, "geojson"), near(AFTER, "geojson")],
        ),
        (
            "settlements",
            vec![
                vec!["settlements", "--as-of", D, "--format", "json"],
                vec![
                    "settlements",
                    "--as-of",
                    D,
                    "--status",
                    "contested",
                    "--format",
                    "json",
                ],
            ],
        ),
        (
            "settlements-geojson",
            vec![vec!["settlements", "--as-of", D, "--format", "geojson"]],
        ),
        (
            "export",
            vec![
                vec!["export", "--as-of", D],
                vec!["export", "--as-of", AFTER, "--layers", "segments,incidents"],
            ],
        ),
    ]
}

#[test]
fn every_schema_is_a_2020_12_schema_and_is_tested() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut tested: Vec<String> = cases()
        .iter()
        .map(|(n, _)| format!("{n}.schema.json"))
        .chain(["frontier.schema.json".to_string()])
        .collect();
    tested.sort();
    assert_eq!(
        names, tested,
        "a schema in docs/schemas/ with no test, or a test with no schema"
    );
    for name in &names {
        let s = schema(name.trim_end_matches(".schema.json"));
        assert_eq!(
            s["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("{name} is not a valid JSON Schema: {e}");
        }
    }
}

#[test]
fn every_json_and_geojson_output_matches_its_schema() {
    for (name, runs) in cases() {
        let s = schema(name);
        for args in runs {
            let out = borderscope(&args).ok();
            assert_valid(
                name,
                &s,
                &json(&out),
                &format!("`borderscope {}`", args.join(" ")),
            );
        }
    }
}

#[test]
fn export_lines_and_sequences_are_features_of_the_export_schema() {
    let s = feature_schema("export");
    for format in ["geojsonl", "geojsons"] {
        let out = borderscope(&["export", "--as-of", D, "--format", format]).ok();
        let mut n = 0;
        for line in out.lines() {
            let line = line.strip_prefix('\u{1e}').unwrap_or(line);
            assert_valid(
                "export",
                &s,
                &json(line),
                &format!("a line of export --format {format}"),
            );
            n += 1;
        }
        // The corridor, 28 segments, 57 settlements, 32 incidents.
        assert_eq!(n, 1 + 28 + 57 + 32, "{format}");
    }
}

#[test]
fn import_output_matches_the_frontier_schema_in_every_feature_format() {
    let topo = fixture("alpha-beta.topojson");
    let polygons = fixture("alpha-beta-polygons.geojson");
    let s = schema("frontier");
    for (file, extra) in [
        (&topo, &[][..]),
        (
            &topo,
            &["--status", "contested", "--since", "1991-12-26"][..],
        ),
        (&polygons, &[][..]),
    ] {
        let mut args = vec![
            "import",
            "--between",
            "Alpha",
            "Beta",
            file.to_str().unwrap(),
        ];
        args.extend(extra);
        let out = borderscope(&args).ok();
        assert_valid(
            "frontier",
            &s,
            &json(&out),
            &format!("`borderscope {}`", args.join(" ")),
        );
    }
    let one = feature_schema("frontier");
    let args = [
        "import",
        "--between",
        "Alpha",
        "Beta",
        topo.to_str().unwrap(),
    ];
    let lines = borderscope(&[&args[..], &["--format", "geojsonl"]].concat()).ok();
    assert_eq!(lines.lines().count(), 2);
    for line in lines.lines() {
        assert_valid(
            "frontier",
            &one,
            &json(line),
            "a line of import --format geojsonl",
        );
    }
}

/// Removes the member at a path of object keys and array indices ("features/0/properties").
fn remove(doc: &mut Value, path: &str, key: &str) {
    let mut v = doc;
    for p in path.split('/').filter(|p| !p.is_empty()) {
        v = match p.parse::<usize>() {
            Ok(i) => &mut v[i],
            Err(_) => &mut v[p],
        };
    }
    assert!(
        v.as_object_mut().unwrap().remove(key).is_some(),
        "no {key:?} at {path:?}"
    );
}

/// The validation is not vacuous: every top-level member of every shape is required, no
/// unknown member passes, and documents broken as a regression would break them fail where
/// they are broken.
#[test]
fn the_schemas_reject_broken_documents() {
    for (name, runs) in cases() {
        let s = schema(name);
        let doc = json(&borderscope(&runs[0]).ok());
        let keys: Vec<String> = doc.as_object().unwrap().keys().cloned().collect();
        for key in &keys {
            // The two optional members: summary's `by_segment` (with the flag) and the export's
            // `license` (when the frontier names one).
            if key == "by_segment" || key == "license" {
                continue;
            }
            let mut broken = doc.clone();
            remove(&mut broken, "", key);
            assert!(
                !errors(&s, &broken).is_empty(),
                "{name}: a document without {key:?} passes"
            );
        }
        let mut broken = doc.clone();
        broken["unexpected"] = json!(1);
        assert!(
            !errors(&s, &broken).is_empty(),
            "{name}: an unknown member passes"
        );
    }

    // Inside: a required member of a row, a status outside its enum, a type, a geometry.
    let summary = schema("summary");
    let mut doc =
        json(&borderscope(&["summary", "--as-of", D, "--by-segment", "--format", "json"]).ok());
    remove(&mut doc, "by_sector/0", "contested_km");
    let errs = errors(&summary, &doc);
    assert!(
        errs.iter().any(|e| e.starts_with("/by_sector/0")),
        "{errs:?}"
    );
    let mut doc =
        json(&borderscope(&["summary", "--as-of", D, "--by-segment", "--format", "json"]).ok());
    doc["by_segment"][3]["status"] = json!("disputed");
    let errs = errors(&summary, &doc);
    assert!(
        errs.iter().any(|e| e.starts_with("/by_segment/3/status")),
        "{errs:?}"
    );

    let incidents = schema("incidents-geojson");
    let doc = json(&borderscope(&["incidents", "--format", "geojson"]).ok());
    let mut broken = doc.clone();
    broken["features"][0]["properties"]["verdict"] = json!("maybe");
    let errs = errors(&incidents, &broken);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("/features/0/properties/verdict")),
        "{errs:?}"
    );
    let mut broken = doc.clone();
    remove(&mut broken, "features/5/properties", "distance_m");
    assert!(!errors(&incidents, &broken).is_empty());
    let mut broken = doc.clone();
    broken["features"][1]["geometry"] = json!({"type": "Point", "coordinates": [39.85, 170.58]});
    assert!(
        !errors(&incidents, &broken).is_empty(),
        "a latitude of 170 passes"
    );
    // The incident's own properties are documented as passed through: an extra one is fine.
    let mut extra = doc.clone();
    extra["features"][0]["properties"]["admin1"] = json!("Batken");
    assert!(errors(&incidents, &extra).is_empty());

    let by_segment = schema("by-segment-geojson");
    let mut doc = json(&borderscope(&["incidents", "--by-segment", "--format", "geojson"]).ok());
    doc["features"][0]["properties"]["fatalities"] = json!(-1);
    assert!(
        !errors(&by_segment, &doc).is_empty(),
        "negative fatalities pass"
    );
    let near = schema("near-geojson");
    let mut doc = json(
        &borderscope(&[
            "near",
            KOK_TASH[0],
            KOK_TASH[1],
            "--as-of",
            D,
            "--format",
            "geojson",
        ])
        .ok(),
    );
    doc["features"][1]["properties"]["kind"] = json!("road");
    assert!(!errors(&near, &doc).is_empty(), "an unknown kind passes");
    // Kept input columns go under `properties`, nowhere else.
    let rows = schema("incidents");
    let mut doc = json(&borderscope(&["incidents", "--format", "json"]).ok());
    doc["incidents"][0]["admin1"] = json!("Batken");
    assert!(
        !errors(&rows, &doc).is_empty(),
        "a kept column outside `properties` passes"
    );
    let export = schema("export");
    let doc = json(&borderscope(&["export", "--as-of", D, "--layers", "segments"]).ok());
    let mut broken = doc.clone();
    broken["features"][2]["properties"]["status"] = json!("disputed");
    assert!(
        !errors(&export, &broken).is_empty(),
        "an export segment's unknown status passes"
    );
    let mut broken = doc.clone();
    remove(&mut broken, "features/2/properties", "length_km");
    assert!(
        !errors(&export, &broken).is_empty(),
        "an export segment with no length passes"
    );
    let frontier = schema("frontier");
    let topo = fixture("alpha-beta.topojson");
    let args = [
        "import",
        "--between",
        "Alpha",
        "Beta",
        topo.to_str().unwrap(),
    ];
    let mut doc = json(&borderscope(&args).ok());
    doc["features"][0]["properties"]["history"][0]["status"] = json!("disputed");
    assert!(
        !errors(&frontier, &doc).is_empty(),
        "a frontier's unknown status passes"
    );
    let timeline = schema("timeline");
    let mut doc = json(&borderscope(&["summary", "--timeline", "--format", "json"]).ok());
    doc["timeline"][0]["date"] = json!("23 Dec 2002");
    assert!(
        !errors(&timeline, &doc).is_empty(),
        "a date not YYYY-MM-DD passes"
    );
}
