//! `borderscope export`: RFC 7946 rules, styling, corridors measured on the ellipsoid, formats,
//! and GDAL reading the file.
//! (Over 600 lines: the export checks share the export runner and the GDAL and QGIS probes
//! here; split, each file would repeat them.)

mod util;

use borderscope::index::SegmentIndex;
use borderscope::{Status, embedded, parse_date};
use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon, Validation};
use serde_json::Value;
use util::{borderscope, borderscope_in, json};

fn export(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["export", "--as-of", "2022-09-16", "--out", "e.geojson"];
    args.extend_from_slice(extra);
    borderscope_in(dir, &args).ok();
    json(&std::fs::read_to_string(dir.join("e.geojson")).unwrap())
}

/// Twice the signed area of a ring in lon/lat (positive: counter-clockwise).
fn signed_area2(ring: &[Value]) -> f64 {
    ring.windows(2)
        .map(|w| {
            let (a, b) = (&w[0], &w[1]);
            a[0].as_f64().unwrap() * b[1].as_f64().unwrap()
                - b[0].as_f64().unwrap() * a[1].as_f64().unwrap()
        })
        .sum()
}

fn positions<'a>(g: &'a Value, out: &mut Vec<&'a Value>) {
    match g {
        Value::Array(a) if a.first().is_some_and(Value::is_number) => out.push(g),
        Value::Array(a) => a.iter().for_each(|x| positions(x, out)),
        _ => {}
    }
}

fn to_multipolygon(g: &Value) -> MultiPolygon<f64> {
    let ring = |r: &Value| {
        LineString::new(
            r.as_array()
                .unwrap()
                .iter()
                .map(|p| Coord {
                    x: p[0].as_f64().unwrap(),
                    y: p[1].as_f64().unwrap(),
                })
                .collect(),
        )
    };
    MultiPolygon::new(
        g["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let rings = p.as_array().unwrap();
                Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
            })
            .collect(),
    )
}

#[test]
fn export_follows_rfc_7946_and_carries_simplestyle() {
    let dir = tempfile::tempdir().unwrap();
    let v = export(dir.path(), &[]);
    assert_eq!(v["type"], "FeatureCollection");
    assert!(v.get("crs").is_none(), "RFC 7946 has no crs member");
    assert!(
        v["attribution"]
            .as_str()
            .unwrap()
            .contains("OpenStreetMap contributors")
    );
    assert!(v["attribution"].as_str().unwrap().contains("GeoNames"));
    let features = v["features"].as_array().unwrap();
    let count = |layer: &str| {
        features
            .iter()
            .filter(|f| f["properties"]["layer"] == layer)
            .count()
    };
    assert_eq!(
        (
            count("corridor"),
            count("segment"),
            count("settlement"),
            count("incident")
        ),
        (1, 28, 57, 32)
    );
    // Drawing order: polygons first.
    assert_eq!(features[0]["properties"]["layer"], "corridor");
    for f in features {
        let mut pos = Vec::new();
        positions(&f["geometry"]["coordinates"], &mut pos);
        for p in pos {
            let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            assert!(
                (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat),
                "{p}"
            );
            // Six decimals at most.
            for x in [lon, lat] {
                assert!(
                    ((x * 1e6).round() - x * 1e6).abs() < 1e-6,
                    "{x} has more than 6 decimals"
                );
            }
        }
        let p = &f["properties"];
        match p["layer"].as_str().unwrap() {
            "segment" => {
                let contested = p["status"] == "contested";
                assert_eq!(p["stroke"], if contested { "#d7191c" } else { "#6f6f6f" });
                assert!(p["stroke-width"].as_f64().unwrap() > 0.0);
                assert!(p["history"].is_array() && p["basis"].is_string());
            }
            "settlement" | "incident" => {
                assert!(p["marker-color"].is_string() && p["marker-size"].is_string());
                assert!(p["near_contested"].is_boolean() && p.get("distance_m").is_some());
            }
            "corridor" => {
                for poly in f["geometry"]["coordinates"].as_array().unwrap() {
                    let rings = poly.as_array().unwrap();
                    assert!(
                        signed_area2(rings[0].as_array().unwrap()) > 0.0,
                        "exterior must be counter-clockwise"
                    );
                    for hole in &rings[1..] {
                        assert!(
                            signed_area2(hole.as_array().unwrap()) < 0.0,
                            "holes must be clockwise"
                        );
                    }
                    for r in rings {
                        let r = r.as_array().unwrap();
                        assert!(r.len() >= 4 && r.first() == r.last());
                    }
                }
                assert!(p["fill"].is_string() && p["fill-opacity"].is_number());
            }
            other => panic!("unknown layer {other}"),
        }
    }
    // The Ovchi-Kalacha strike: 10 killed, the largest marker.
    let ovchi = features
        .iter()
        .find(|f| f["id"] == "2022-09-16-ovchi-kalacha")
        .unwrap();
    assert_eq!(ovchi["properties"]["marker-size"], "large");
    assert_eq!(ovchi["properties"]["near_contested"], true);
}

/// The corridor is valid and is the ground within 10 km of the contested stretches, measured on
/// the ellipsoid: every outline vertex is between 10 km and 10 km + the 0.5 m tolerance from
/// them (the outline runs outside the true one, so that nothing within 10 km is left out; and
/// 0.1 m for the 6 decimals of the export), points 5 m inside are in it and points 5 m outside
/// are not.
#[test]
fn corridor_is_valid_and_geodesically_10_km_wide() {
    let dir = tempfile::tempdir().unwrap();
    let v = export(dir.path(), &["--layers", "corridors"]);
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    let mp = to_multipolygon(&features[0]["geometry"]);
    assert!(mp.is_valid(), "{:?}", mp.check_validation().err());

    let frontier = embedded::kg_tj_frontier();
    let index = SegmentIndex::new(&frontier);
    let day = parse_date("2022-09-16").unwrap();
    let contested = |s: usize| frontier.segments[s].status_at(day) == Some(Status::Contested);
    let r = 10_000.0;
    let mut checked = 0;
    for poly in &mp.0 {
        for c in poly.exterior().0.iter().step_by(7) {
            let d = index
                .nearest(Point::from(*c), contested)
                .unwrap()
                .distance
                .distance_m;
            assert!(
                (r - 0.1..=r + 0.6).contains(&d),
                "outline vertex {c:?} is {d} m away"
            );
            checked += 1;
        }
    }
    assert!(checked > 500);
    // Points beside the outline: move from a vertex towards and away from the nearest line.
    for poly in &mp.0 {
        for c in poly.exterior().0.iter().step_by(97) {
            let n = index.nearest(Point::from(*c), contested).unwrap();
            let (q, foot) = (Point::from(*c), n.distance.closest);
            let toward = |f: f64| {
                Point::new(
                    q.x() + (foot.x() - q.x()) * f,
                    q.y() + (foot.y() - q.y()) * f,
                )
            };
            let step = 5.0 / n.distance.distance_m;
            assert!(
                mp.contains(&toward(step)),
                "5 m inside {q:?} is not in the corridor"
            );
            assert!(
                !mp.contains(&toward(-step)),
                "5 m outside {q:?} is in the corridor"
            );
        }
    }
    // Not a buffer in degrees: 10 km east–west is 0.117° at 40° N, north–south 0.090°.
    let (mut w, mut e) = (f64::MAX, f64::MIN);
    for c in mp.0.iter().flat_map(|p| p.exterior().0.iter()) {
        w = w.min(c.x);
        e = e.max(c.x);
    }
    assert!(w < 69.30 - 0.11, "western edge {w}");
    assert!(e > 71.60 + 0.11, "eastern edge {e}");
}

#[test]
fn no_corridor_when_nothing_is_contested() {
    let dir = tempfile::tempdir().unwrap();
    borderscope_in(
        dir.path(),
        &["export", "--as-of", "2026-01-01", "--out", "e.geojson"],
    )
    .ok();
    let v = json(&std::fs::read_to_string(dir.path().join("e.geojson")).unwrap());
    let f = v["features"].as_array().unwrap();
    assert!(f.iter().all(|f| f["properties"]["layer"] != "corridor"));
    assert!(
        f.iter()
            .filter(|f| f["properties"]["layer"] == "segment")
            .all(|f| f["properties"]["status"] == "settled")
    );
    // The Kayragach exclave boundary no longer exists on that date.
    assert_eq!(
        f.iter()
            .filter(|f| f["properties"]["layer"] == "segment")
            .count(),
        27
    );
}

#[test]
fn format_follows_the_extension_and_dash_is_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    borderscope_in(
        d,
        &[
            "export",
            "--as-of",
            "2022-09-16",
            "--layers",
            "segments,incidents",
            "--out",
            "e.csv",
        ],
    )
    .ok();
    let csv = std::fs::read_to_string(d.join("e.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.starts_with("layer,id,name,sector,history,") && header.ends_with(",geometry"),
        "{header}"
    );
    assert!(csv.contains("\"LINESTRING (70."), "WKT geometry expected");
    assert!(csv.contains("POINT (70.5"));
    borderscope_in(
        d,
        &[
            "export",
            "--as-of",
            "2022-09-16",
            "--layers",
            "segments",
            "--out",
            "e.geojsonl",
        ],
    )
    .ok();
    let lines = std::fs::read_to_string(d.join("e.geojsonl")).unwrap();
    assert_eq!(lines.lines().count(), 28);
    assert!(lines.lines().all(|l| json(l)["type"] == "Feature"));
    let out = borderscope_in(
        d,
        &[
            "export",
            "--layers",
            "segments",
            "--out",
            "-",
            "--precision",
            "3",
        ],
    )
    .ok();
    let v = json(&out);
    let c = &v["features"][0]["geometry"]["coordinates"][0];
    for x in [c[0].as_f64().unwrap(), c[1].as_f64().unwrap()] {
        assert!(((x * 1e3).round() - x * 1e3).abs() < 1e-9, "{x}");
    }
    let e = borderscope_in(d, &["export", "--out", "e.kml"]).bad_input();
    assert!(
        e.contains("cannot tell the format from the file name"),
        "{e}"
    );
    let e = borderscope_in(d, &["export", "--layers", "roads", "--out", "-"]).bad_input();
    assert!(e.contains("unknown layer \"roads\""), "{e}");
    let e = borderscope_in(d, &["export", "--out", "e.csv"]).bad_input();
    assert!(e.contains("e.csv: already exists; pass --force"), "{e}");
}

/// GDAL reads the export, and (with its SQLite dialect and GEOS) finds every geometry valid.
/// Runs where `ogrinfo` is installed; `.ci/run` installs it and sets BORDERSCOPE_REQUIRE_GDAL=1.
#[test]
fn gdal_reads_the_export_and_finds_it_valid() {
    let found = std::process::Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        util::not_run(
            "BORDERSCOPE_REQUIRE_GDAL",
            "GDAL's ogrinfo is not installed: the GDAL check of the export",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let v = export(dir.path(), &[]);
    let layer = v["name"].as_str().unwrap().to_string();
    let path = dir.path().join("e.geojson");
    let info = std::process::Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    // The corridor, 28 segments, 57 settlements and 32 incidents.
    assert!(text.contains("Feature Count: 118"), "{text}");
    let sql = format!("SELECT count(*) AS invalid FROM \"{layer}\" WHERE NOT ST_IsValid(geometry)");
    let q = std::process::Command::new("ogrinfo")
        .args(["-ro", "-q", "-dialect", "SQLite", "-sql", &sql])
        .arg(&path)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&q.stdout);
    assert!(
        out.contains("invalid (Integer) = 0"),
        "{out}{}",
        String::from_utf8_lossy(&q.stderr)
    );
}

/// QGIS ignores simplestyle, so the export writes `e.qml` beside `e.geojson`; QGIS (PyQGIS,
/// headless, as `tests/qgis/style_probe.py` runs it) opens the file one layer per geometry
/// type, styles the line layer by status from that file, and draws contested stretches red and
/// settled ones grey; on a date when nothing is contested, nothing is red. Runs where Debian's
/// python3-qgis is installed; `.ci/run` installs it and sets BORDERSCOPE_REQUIRE_QGIS=1.
#[test]
fn qgis_shows_contested_stretches_in_red_with_no_styling_work() {
    let run = |dir: &std::path::Path| qgis_probe("style_probe.py", &dir.join("e.geojson"));
    let line_layer = |v: &Value| -> Value {
        v["layers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| {
                l["uri"]
                    .as_str()
                    .unwrap()
                    .ends_with("geometrytype=LineString")
            })
            .cloned()
            .unwrap_or_else(|| panic!("no line layer: {v}"))
    };

    let dir = tempfile::tempdir().unwrap();
    export(dir.path(), &[]);
    assert!(dir.path().join("e.qml").exists());
    let Some(v) = run(dir.path()) else {
        return;
    };
    let lines = line_layer(&v);
    assert_eq!(lines["renderer"], "categorizedSymbol", "{v}");
    assert_eq!(lines["attribute"], "status");
    assert_eq!(lines["categories"]["contested"], "#d7191c");
    assert_eq!(lines["categories"]["settled"], "#6f6f6f");
    assert!(lines["red_pixels"].as_u64().unwrap() > 500, "{lines}");
    assert!(lines["grey_pixels"].as_u64().unwrap() > 500, "{lines}");
    // The point and polygon layers keep QGIS's own default: the style is for lines only.
    for l in v["layers"].as_array().unwrap() {
        assert!(l["valid"].as_bool().unwrap(), "{l}");
        if !l["uri"].as_str().unwrap().ends_with("LineString") {
            assert_eq!(l["renderer"], "singleSymbol", "{l}");
        }
    }

    let after = tempfile::tempdir().unwrap();
    borderscope_in(
        after.path(),
        &["export", "--as-of", "2026-01-01", "--out", "e.geojson"],
    )
    .ok();
    let lines = line_layer(&run(after.path()).expect("PyQGIS was found above"));
    assert_eq!(lines["red_pixels"], 0, "{lines}");
    assert!(lines["grey_pixels"].as_u64().unwrap() > 500, "{lines}");

    // --no-style writes no style; an existing style is not replaced without --force.
    let plain = tempfile::tempdir().unwrap();
    borderscope_in(
        plain.path(),
        &["export", "--no-style", "--out", "e.geojson"],
    )
    .ok();
    assert!(!plain.path().join("e.qml").exists());
    assert!(!plain.path().join("e.geojson.qgs").exists());
    std::fs::write(plain.path().join("x.qml"), "mine").unwrap();
    let e = borderscope_in(plain.path(), &["export", "--out", "x.geojson"]).bad_input();
    assert!(e.contains("x.qml: already exists; pass --force"), "{e}");
    assert!(!plain.path().join("x.geojson").exists());
    assert_eq!(
        std::fs::read_to_string(plain.path().join("x.qml")).unwrap(),
        "mine"
    );
}

/// QGIS applies `e.qml` to the line layer only; the project beside the export,
/// `e.geojson.qgs`, opens all four layers of the file, each filtered to its `layer` and styled
/// (PyQGIS, headless: tests/qgis/project_probe.py): the corridor translucent (drawn alone over
/// white its pixels are a light pink, not the opaque red of a default fill), the segments by
/// status, the settlements labelled by name, the incidents sized by deaths. The feature
/// counts are the export's own: 1 corridor, 28 segments, 57 settlements, 32 incidents.
#[test]
fn the_qgis_project_opens_every_layer_styled() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path(), &[]);
    let project = dir.path().join("e.geojson.qgs");
    assert!(project.exists());
    let Some(v) = qgis_probe("project_probe.py", &project) else {
        return;
    };
    assert_eq!(v["read"], true, "{v}");
    let layer = |name: &str| v["layers"][name].clone();
    assert_styled(
        &layer("Corridor around contested stretches"),
        &layer("Frontier segments (by status)"),
        &layer("Settlements"),
        &layer("Incidents (area by deaths)"),
    );
}

/// `export --out e.gpkg`: a GeoPackage of a table per layer that GDAL reads (the feature
/// counts of the embedded data: 1 corridor, 28 segments, 57 settlements, 32 incidents), and
/// whose layers QGIS opens already styled, each on its own: the styles are in the file's
/// `layer_styles` table as their defaults, so no project or sidecar is needed (none is
/// written); `--no-style` leaves the table out.
#[test]
fn a_geopackage_export_opens_in_qgis_with_every_layer_styled() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    borderscope_in(d, &["export", "--as-of", "2022-09-16", "--out", "e.gpkg"]).ok();
    let gpkg = d.join("e.gpkg");
    assert_eq!(&std::fs::read(&gpkg).unwrap()[..16], b"SQLite format 3\0");
    assert!(!d.join("e.gpkg.qgs").exists() && !d.join("e.qml").exists());
    borderscope_in(
        d,
        &[
            "export",
            "--as-of",
            "2022-09-16",
            "--no-style",
            "--out",
            "plain.gpkg",
        ],
    )
    .ok();
    match std::process::Command::new("ogrinfo")
        .args(["-ro", "-so", "-al"])
        .arg(&gpkg)
        .output()
    {
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(o.status.success(), "{text}");
            let warnings = String::from_utf8_lossy(&o.stderr);
            assert!(!warnings.contains("Warning"), "{warnings}");
            for (layer, kind, n) in [
                ("corridor", "Multi Polygon", 1),
                ("segment", "Line String", 28),
                ("settlement", "Point", 57),
                ("incident", "Point", 32),
            ] {
                let block = text
                    .split("Layer name: ")
                    .find(|b| b.starts_with(layer))
                    .unwrap();
                assert!(block.contains(&format!("Geometry: {kind}")), "{block}");
                assert!(block.contains(&format!("Feature Count: {n}\n")), "{block}");
            }
            let plain = std::process::Command::new("ogrinfo")
                .args(["-ro", "-q"])
                .arg(d.join("plain.gpkg"))
                .output()
                .unwrap();
            assert!(!String::from_utf8_lossy(&plain.stdout).contains("layer_styles"));
        }
        Err(_) => util::not_run(
            "BORDERSCOPE_REQUIRE_GDAL",
            "GDAL's ogrinfo is not installed: the GDAL check of the GeoPackage export",
        ),
    }
    let Some(v) = qgis_probe("gpkg_probe.py", &gpkg) else {
        return;
    };
    let layer = |name: &str| v["layers"][name].clone();
    assert_styled(
        &layer("corridor"),
        &layer("segment"),
        &layer("settlement"),
        &layer("incident"),
    );
}

/// The JSON a probe in tests/qgis prints for `file`, run with Debian's PyQGIS; `None` (and
/// a visible notice) when PyQGIS is not installed.
fn qgis_probe(probe: &str, file: &std::path::Path) -> Option<Value> {
    let python = std::path::Path::new("/usr/bin/python3");
    let found = std::process::Command::new(python)
        .args(["-c", "import qgis.core"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        util::not_run(
            "BORDERSCOPE_REQUIRE_QGIS",
            "PyQGIS (python3-qgis) is not installed: the QGIS checks of the export",
        );
        return None;
    }
    let probe = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/qgis")
        .join(probe);
    let out = std::process::Command::new(python)
        .arg(&probe)
        .arg(file)
        .env("QT_QPA_PLATFORM", "offscreen")
        .output()
        .unwrap();
    Some(json(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or_default(),
    ))
}

/// The four layers as QGIS shows them, styled: every feature there, the segments by status,
/// the settlements labelled by name, the incidents sized by deaths, the corridor translucent.
fn assert_styled(corridor: &Value, segments: &Value, settlements: &Value, incidents: &Value) {
    for (l, n) in [
        (corridor, 1),
        (segments, 28),
        (settlements, 57),
        (incidents, 32),
    ] {
        assert_eq!(l["valid"], true, "{l}");
        assert_eq!(l["features"], n, "{l}");
    }
    assert_eq!(segments["renderer"], "categorizedSymbol");
    assert_eq!(settlements["labelled"], true);
    assert_eq!(settlements["label_field"], "name");
    assert!(
        incidents["size_expression"]
            .as_str()
            .unwrap()
            .contains("\"fatalities\""),
        "{incidents}"
    );
    let tint: Vec<f64> = corridor["mean_tint"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_f64().unwrap())
        .collect();
    assert!(
        corridor["tinted_pixels"].as_u64().unwrap() > 1000,
        "{corridor}"
    );
    // #d7191c at 13 % over white is about (249, 224, 224); opaque it would be (215, 25, 28).
    assert!(
        tint[0] > 240.0 && tint[1] > 200.0 && tint[2] > 200.0,
        "{corridor}"
    );
}

/// A frontier astride the antimeridian (a made-up line through the Fiji islands, lon/lat).
const ACROSS_180: &str = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"east","name":"East","sector":"T","history":[{"from":"2000-01-01","status":"contested","source":"test"}]},
  "geometry":{"type":"LineString","coordinates":[[179.2,-16.8],[179.8,-16.9],[-179.9,-17.0],[-179.5,-17.1]]}},
 {"type":"Feature","properties":{"id":"west","name":"West","sector":"T","history":[{"from":"2000-01-01","status":"settled","source":"test"}]},
  "geometry":{"type":"LineString","coordinates":[[178.9,-16.5],[179.2,-16.8]]}}]}"#;

/// Across the antimeridian, the export cuts the segment there (RFC 7946 §3.1.9: a
/// MultiLineString whose parts meet at ±180°) and the corridor too, every longitude within
/// −180…180; the export loads back as a frontier of the same length (before, the segment went
/// round the world in map viewers, and the corridor was 0.017 km²).
#[test]
fn across_the_antimeridian_the_export_is_cut_there_and_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fiji.geojson"), ACROSS_180).unwrap();
    let v = export(
        dir.path(),
        &["--border", "fiji.geojson", "--layers", "segments,corridors"],
    );
    let features = v["features"].as_array().unwrap();
    let east = features.iter().find(|f| f["id"] == "east").unwrap();
    assert_eq!(east["geometry"]["type"], "MultiLineString");
    let parts = east["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    let end = parts[0].as_array().unwrap().last().unwrap();
    let start = &parts[1][0];
    assert_eq!(
        (end[0].as_f64(), start[0].as_f64()),
        (Some(180.0), Some(-180.0))
    );
    assert_eq!(end[1], start[1]);
    let corridor = features
        .iter()
        .find(|f| f["properties"]["layer"] == "corridor")
        .unwrap();
    let mp = to_multipolygon(&corridor["geometry"]);
    assert!(mp.is_valid());
    assert_eq!(mp.0.len(), 2, "one polygon on each side");
    for p in &mp.0 {
        assert!(
            p.exterior()
                .0
                .iter()
                .all(|c| (-180.0..=180.0).contains(&c.x))
        );
    }
    // 2rL + πr² for the contested segment's ~150 km and r = 10 km: ~3,300 km².
    let area = corridor["properties"]["area_km2"].as_f64().unwrap();
    assert!((3_000.0..3_600.0).contains(&area), "{area} km²");
    // The export is a frontier file again, of the same length.
    let measured = |file: &str| {
        let out = borderscope_in(
            dir.path(),
            &[
                "summary",
                "--border",
                file,
                "--as-of",
                "2020-01-01",
                "--format",
                "json",
            ],
        )
        .ok();
        json(&out)["total_km"].as_f64().unwrap()
    };
    let (before, after) = (measured("fiji.geojson"), measured("e.geojson"));
    assert!(
        (before - after).abs() < 1e-3,
        "{before} km against {after} km"
    );
}

/// An export in each GeoJSON form and as CSV with WKT loads back as the frontier (`--border`,
/// its segment layer), the gazetteer (`--settlements`, its settlement layer) and the incidents
/// (`--incidents`, its incident layer, the radii derived from precision codes derived again):
/// written on a date and at full precision, the summary, the settlements near contested
/// stretches and the incident table on that date are those of the embedded data, byte for
/// byte, and the settlements keep their own credit.
#[test]
fn exports_load_back_as_border_and_settlements() {
    let dir = tempfile::tempdir().unwrap();
    let summary = ["summary", "--as-of", "2022-09-16", "--format", "csv"];
    let near = [
        "settlements",
        "--within",
        "5",
        "--status",
        "contested",
        "--as-of",
        "2022-09-16",
        "--format",
        "csv",
    ];
    let want_summary = borderscope(&summary).ok();
    let want_near = borderscope(&near).ok();
    let incidents = ["incidents", "--format", "csv"];
    let want_incidents = borderscope(&incidents).ok();
    for format in ["geojson", "geojsonl", "geojsons", "csv"] {
        let out = dir.path().join(format!("e.{format}"));
        let out = out.to_str().unwrap();
        borderscope(&[
            "export",
            "--as-of",
            "2022-09-16",
            "--precision",
            "15",
            "--format",
            format,
            "--out",
            out,
        ])
        .ok();
        let mut args = summary.to_vec();
        args.extend(["--border", out]);
        assert_eq!(borderscope(&args).ok(), want_summary, "{format}");
        let mut args = near.to_vec();
        args.extend(["--border", out, "--settlements", out]);
        assert_eq!(borderscope(&args).ok(), want_near, "{format}");
        let mut args = incidents.to_vec();
        args.extend(["--incidents", out]);
        let r = borderscope(&args);
        assert!(
            r.stderr
                .contains("left out 1 of layer \"corridor\", 28 of layer \"segment\""),
            "{format}: {}",
            r.stderr
        );
        assert_eq!(r.ok(), want_incidents, "{format}");
    }
    let out = dir.path().join("e.geojson");
    let text = borderscope(&[
        "near",
        "39.9497",
        "70.5358",
        "--settlements",
        out.to_str().unwrap(),
    ])
    .ok();
    let data = text.lines().last().unwrap();
    assert!(
        data.ends_with("; Settlements: GeoNames (geonames.org), CC BY 4.0"),
        "{data}"
    );
    assert_eq!(data.matches("Settlements:").count(), 1, "{data}");
}
