//! `borderscope import` on small TopoJSON and GeoJSON-polygon fixtures.
//!
//! The fixtures (made by hand, see tests/fixtures/README.md): Alpha and Beta share an open
//! border (70 E 40 N – 70.5 E 40.2 N – 71 E 40 N) and a ring (Beta's exclave inside Alpha,
//! 70.4–70.6 E × 40.5–40.7 N). GeodSolve -i -p 9 lengths: the open border 2 × 48071.420603 m,
//! the ring 16953.549073 + 22209.236915 + 16903.097898 + 22209.236915 m.

mod util;

use util::{borderscope, borderscope_in, fixture, json, num};

const OPEN_M: f64 = 2.0 * 48_071.420_603_183;
const RING_M: f64 =
    16_953.549_072_598 + 22_209.236_914_666 + 16_903.097_897_624 + 22_209.236_914_666;

fn import_to_frontier(args: &[&str]) -> (serde_json::Value, String) {
    let r = borderscope(args);
    let stderr = r.stderr.clone();
    (json(&r.ok()), stderr)
}

fn measured_total_km(frontier_text: &str) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.geojson");
    std::fs::write(&path, frontier_text).unwrap();
    let v = json(
        &borderscope(&[
            "summary",
            "--border",
            path.to_str().unwrap(),
            "--as-of",
            "2020-01-01",
            "--format",
            "json",
        ])
        .ok(),
    );
    num(&v, "total_km")
}

#[test]
fn topojson_shared_arcs_become_one_segment_per_piece() {
    let file = fixture("alpha-beta.topojson");
    let (v, stderr) =
        import_to_frontier(&["import", "--between", "AA", "Beta", file.to_str().unwrap()]);
    assert!(
        stderr.contains("Alpha – Beta: 2 piece(s), 1 closed"),
        "{stderr}"
    );
    let features = v["features"].as_array().unwrap();
    assert_eq!(features.len(), 2);
    assert_eq!(features[0]["id"], "aa-bb-1");
    let coords = &features[0]["geometry"]["coordinates"];
    let first = [
        coords[0][0].as_f64().unwrap(),
        coords[0][1].as_f64().unwrap(),
    ];
    assert!(
        (first[0] - 70.0).abs() < 1e-9 && (first[1] - 40.0).abs() < 1e-9,
        "{first:?}"
    );
    assert_eq!(coords.as_array().unwrap().len(), 3);
    let ring = features[1]["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(ring.first(), ring.last());
    let p = &features[0]["properties"];
    assert_eq!(p["history"][0]["status"], "settled");
    assert!(p["history"][0].get("from").is_none());
    assert_eq!(v["frontier"]["countries"][0]["code"], "AA");
    let total = measured_total_km(&serde_json::to_string(&v).unwrap());
    assert!(
        (total - (OPEN_M + RING_M) / 1000.0).abs() <= 0.0005,
        "{total}"
    );
}

#[test]
fn polygons_within_tolerance_give_the_same_border() {
    let file = fixture("alpha-beta-polygons.geojson");
    let (v, _) = import_to_frontier(&["import", "--between", "A", "BB", file.to_str().unwrap()]);
    assert_eq!(v["features"].as_array().unwrap().len(), 2);
    let total = measured_total_km(&serde_json::to_string(&v).unwrap());
    assert!(
        (total - (OPEN_M + RING_M) / 1000.0).abs() <= 0.0005,
        "{total}"
    );
    // Beta's side carries a vertex 3 m off Alpha's: with no tolerance only the ring matches.
    let (v, _) = import_to_frontier(&[
        "import",
        "--between",
        "Alpha",
        "Beta",
        "--tolerance-m",
        "0",
        file.to_str().unwrap(),
    ]);
    let features = v["features"].as_array().unwrap();
    assert_eq!(
        features.len(),
        2,
        "the open border splits where Beta's extra vertex is"
    );
    let lens: Vec<usize> = features
        .iter()
        .map(|f| f["geometry"]["coordinates"].as_array().unwrap().len())
        .collect();
    assert_eq!(lens, [2, 5]); // Alpha's second edge only, then the ring
}

#[test]
fn status_and_since_label_the_segments_and_out_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("alpha-beta.topojson");
    borderscope_in(
        dir.path(),
        &[
            "import",
            "--between",
            "001",
            "002",
            "--status",
            "contested",
            "--since",
            "1991-12-26",
            "--out",
            "ab.geojson",
            file.to_str().unwrap(),
        ],
    )
    .ok();
    let v = json(&std::fs::read_to_string(dir.path().join("ab.geojson")).unwrap());
    let h = &v["features"][0]["properties"]["history"][0];
    assert_eq!(h["status"], "contested");
    assert_eq!(h["from"], "1991-12-26");
    // The output exists now: a second run refuses to replace it without --force.
    let again = borderscope_in(
        dir.path(),
        &[
            "import",
            "--between",
            "001",
            "002",
            "--out",
            "ab.geojson",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        again
            .bad_input()
            .contains("ab.geojson: already exists; pass --force")
    );
}

#[test]
fn import_errors_name_the_file_and_the_problem() {
    let topo = fixture("alpha-beta.topojson");
    let t = topo.to_str().unwrap();
    let e = borderscope(&["import", "--between", "AA", "Nowhere", t]).bad_input();
    assert!(
        e.contains("alpha-beta.topojson: object \"Nowhere\": `id/properties`: no polygon feature"),
        "{e}"
    );
    let e = borderscope(&["import", "--between", "AA", "Delta", t]).bad_input();
    assert!(e.contains("is ambiguous: 2 features match"), "{e}");
    let e = borderscope(&["import", "--between", "AA", "DD", t]).bad_input();
    assert!(e.contains("Alpha and Delta share no border"), "{e}");
    let e = borderscope(&["import", "--between", "AA", "Alpha", t]).bad_input();
    assert!(e.contains("name the same feature"), "{e}");
    let frontier = fixture("isfara-kayragach.geojson");
    let e = borderscope(&[
        "import",
        "--between",
        "KG",
        "TJ",
        frontier.to_str().unwrap(),
    ])
    .bad_input();
    assert!(e.contains("has no Polygon or MultiPolygon country"), "{e}");
}
