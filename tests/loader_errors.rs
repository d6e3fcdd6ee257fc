//! Every error the frontier loader reports: exit code 2, a message naming the file, the place
//! (feature index and id) and the field, no panic, and no output file left behind.

mod util;

use util::borderscope_in;

/// A valid one-segment frontier; each case below breaks one thing in it.
const GOOD: &str = r#"{"type":"FeatureCollection",
"frontier":{"name":"Test","countries":[{"name":"Kyrgyzstan","code":"KG"}],
  "official_lengths":[{"label":"total","km":10.5,"source":"s"}],
  "agreed_snapshots":[{"date":"2022-01-01","agreed_km":5,"by":"x","source":"s"}]},
"features":[
{"type":"Feature","id":"a","properties":{"id":"a","name":"A","sector":"S",
  "history":[{"from":"2002-12-23","status":"contested","source":"s1"},
             {"from":"2024-12-04","status":"settled","source":"s2"}],
  "valid_from":null,"valid_to":null,"confidence":"high"},
 "geometry":{"type":"LineString","coordinates":[[70.0,40.0],[70.1,40.1]]}},
{"type":"Feature","id":"b","properties":{"id":"b","name":"B","sector":"S",
  "history":[{"from":"2002-12-23","status":"settled","source":"s1"}]},
 "geometry":{"type":"LineString","coordinates":[[70.1,40.1],[70.2,40.1]]}}
]}"#;

/// Runs `summary --border bad.geojson --out out.csv` on `text` and checks the error contract.
fn check(text: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.geojson"), text).unwrap();
    let r = borderscope_in(
        dir.path(),
        &[
            "summary",
            "--border",
            "bad.geojson",
            "--format",
            "csv",
            "--out",
            "out.csv",
        ],
    );
    let stderr = r.bad_input();
    let expected = format!("borderscope: error: bad.geojson: {expected}");
    assert!(
        stderr.contains(&expected),
        "expected\n  {expected}\ngot\n  {stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        ["bad.geojson"],
        "no output or temporary file may be left"
    );
}

fn replace(from: &str, to: &str) -> Vec<u8> {
    assert!(GOOD.contains(from), "fixture lacks {from:?}");
    GOOD.replacen(from, to, 1).into_bytes()
}

#[test]
fn the_unbroken_fixture_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.geojson"), GOOD).unwrap();
    borderscope_in(
        dir.path(),
        &[
            "summary",
            "--border",
            "good.geojson",
            "--as-of",
            "2022-01-01",
        ],
    )
    .ok();
    // A UTF-8 byte-order mark is tolerated.
    std::fs::write(dir.path().join("bom.geojson"), format!("\u{feff}{GOOD}")).unwrap();
    borderscope_in(dir.path(), &["summary", "--border", "bom.geojson"]).ok();
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let r = borderscope_in(dir.path(), &["summary", "--border", "nope.geojson"]);
    assert!(
        r.bad_input()
            .contains("nope.geojson: cannot read: No such file")
    );
}

#[test]
fn truncated_json() {
    check(&GOOD.as_bytes()[..200], "line 4, column");
}

#[test]
fn not_utf8() {
    check(
        &replace("\"A\"", "\"\u{1}\"")
            .iter()
            .map(|&b| if b == 1 { 0xff } else { b })
            .collect::<Vec<_>>(),
        "cannot read: not UTF-8 text",
    );
}

#[test]
fn root_is_an_array() {
    check(
        b"[1,2]",
        "top level: `(root)`: is an array: expected a GeoJSON FeatureCollection",
    );
}

#[test]
fn a_feature_instead_of_a_collection() {
    // Read as a frontier of that one feature, which has no id.
    check(
        br#"{"type":"Feature"}"#,
        "feature 0: `properties.id`: is missing: every segment needs a unique id",
    );
}

#[test]
fn missing_features() {
    check(
        br#"{"type":"FeatureCollection"}"#,
        "top level: `features`: is missing",
    );
}

#[test]
fn empty_frontier() {
    check(
        br#"{"type":"FeatureCollection","features":[]}"#,
        "top level: `features`: is empty",
    );
}

#[test]
fn polygon_geometry() {
    check(
        &replace(
            r#""type":"LineString","coordinates":[[70.0,40.0],[70.1,40.1]]"#,
            r#""type":"Polygon","coordinates":[[[70,40],[71,40],[70,41],[70,40]]]"#,
        ),
        "feature 0 (id \"a\"): `geometry.type`: is \"Polygon\": frontier segments must be LineStrings",
    );
}

#[test]
fn multilinestring_geometry() {
    check(
        &replace(
            r#""type":"LineString","coordinates":[[70.0,40.0],[70.1,40.1]]"#,
            r#""type":"MultiLineString","coordinates":[[[70,40],[71,40]],[[72,40],[73,40]]]"#,
        ),
        "feature 0 (id \"a\"): `geometry.type`: is \"MultiLineString\" whose parts do not meet at the antimeridian (±180°): give each line its own feature",
    );
}

#[test]
fn null_geometry() {
    check(
        &replace(
            r#"{"type":"LineString","coordinates":[[70.0,40.0],[70.1,40.1]]}"#,
            "null",
        ),
        "feature 0 (id \"a\"): `geometry`: is missing",
    );
}

#[test]
fn one_vertex_line() {
    check(
        &replace("[[70.0,40.0],[70.1,40.1]]", "[[70.0,40.0]]"),
        "feature 0 (id \"a\"): `geometry.coordinates`: has 1 position(s)",
    );
}

#[test]
fn all_vertices_equal() {
    check(
        &replace("[[70.0,40.0],[70.1,40.1]]", "[[70.0,40.0],[70.0,40.0]]"),
        "feature 0 (id \"a\"): `geometry.coordinates`: has 2 position(s), all equal",
    );
}

#[test]
fn latitude_out_of_range_as_if_swapped() {
    check(
        &replace("[70.1,40.1]", "[40.1,170.1]"),
        "feature 0 (id \"a\"): `geometry.coordinates[1]`: latitude 170.1 is outside -90..90",
    );
}

#[test]
fn longitude_out_of_range() {
    check(
        &replace("[70.1,40.1]", "[270.1,40.1]"),
        "feature 0 (id \"a\"): `geometry.coordinates[1]`: longitude 270.1 is outside -180..180",
    );
}

#[test]
fn coordinate_not_a_number() {
    check(
        &replace("[70.1,40.1]", r#"[70.1,"N/A"]"#),
        "feature 0 (id \"a\"): `geometry.coordinates[1]`: latitude is \"N/A\": expected a finite number",
    );
}

#[test]
fn position_with_one_number() {
    check(
        &replace("[70.1,40.1]", "[70.1]"),
        "feature 0 (id \"a\"): `geometry.coordinates[1]`: has 1 numbers",
    );
}

#[test]
fn huge_number_is_not_json() {
    check(
        &replace("[70.1,40.1]", "[70.1,1e400]"),
        "line 10, column 71: not valid JSON: number out of range",
    );
}

#[test]
fn missing_id() {
    check(
        &replace(r#""id":"a","properties":{"id":"a","#, r#""properties":{"#),
        "feature 0: `properties.id`: is missing",
    );
}

#[test]
fn ids_disagree() {
    check(
        &replace(r#""properties":{"id":"a","#, r#""properties":{"id":"z","#),
        "feature 0: `properties.id`: is \"z\" but the feature's id is \"a\"",
    );
}

#[test]
fn duplicate_ids() {
    check(
        &replace(
            r#""id":"b","properties":{"id":"b","#,
            r#""id":"a","properties":{"id":"a","#,
        ),
        "feature 1 (id \"a\"): `properties.id`: duplicates the id of feature 0",
    );
}

#[test]
fn missing_name() {
    check(
        &replace(r#""name":"A","#, ""),
        "feature 0 (id \"a\"): `properties.name`: is missing",
    );
}

#[test]
fn empty_sector() {
    check(
        &replace(r#""name":"A","sector":"S""#, r#""name":"A","sector":"  ""#),
        "feature 0 (id \"a\"): `properties.sector`: is empty",
    );
}

#[test]
fn missing_history() {
    check(
        &replace(
            r#""history":[{"from":"2002-12-23","status":"settled","source":"s1"}]"#,
            r#""basis":"x""#,
        ),
        "feature 1 (id \"b\"): `properties.history`: is missing",
    );
}

#[test]
fn empty_history() {
    check(
        &replace(
            r#""history":[{"from":"2002-12-23","status":"settled","source":"s1"}]"#,
            r#""history":[]"#,
        ),
        "feature 1 (id \"b\"): `properties.history`: is empty",
    );
}

#[test]
fn unknown_status_word() {
    check(
        &replace(r#""status":"contested""#, r#""status":"disputed""#),
        "feature 0 (id \"a\"): `properties.history[0].status`: unknown status \"disputed\"",
    );
}

#[test]
fn invalid_date() {
    check(
        &replace("2024-12-04", "2024-02-30"),
        "feature 0 (id \"a\"): `properties.history[1].from`: \"2024-02-30\" is not a day of the calendar",
    );
}

#[test]
fn date_in_another_format() {
    check(
        &replace("2024-12-04", "04.12.2024"),
        "feature 0 (id \"a\"): `properties.history[1].from`: \"04.12.2024\" is not a date: expected YYYY-MM-DD",
    );
}

#[test]
fn history_out_of_date_order() {
    check(
        &replace("2024-12-04", "2001-01-01"),
        "feature 0 (id \"a\"): `properties.history`: entry 1 (2001-01-01) is not after entry 0 (2002-12-23)",
    );
}

#[test]
fn undated_later_history_entry() {
    check(
        &replace(r#"{"from":"2024-12-04","#, "{"),
        "feature 0 (id \"a\"): `properties.history`: entry 1 has no `from` date",
    );
}

#[test]
fn history_entry_without_source() {
    check(
        &replace(r#","source":"s2""#, ""),
        "feature 0 (id \"a\"): `properties.history[1].source`: is missing",
    );
}

#[test]
fn valid_to_before_valid_from() {
    check(
        &replace(
            r#""valid_from":null,"valid_to":null"#,
            r#""valid_from":"2025-03-31","valid_to":"2025-03-30""#,
        ),
        "feature 0 (id \"a\"): `properties.valid_to`: is 2025-03-30, not after valid_from 2025-03-31",
    );
}

#[test]
fn unknown_confidence() {
    check(
        &replace(r#""confidence":"high""#, r#""confidence":"certain""#),
        "feature 0 (id \"a\"): `properties.confidence`: unknown confidence \"certain\"",
    );
}

#[test]
fn name_of_wrong_type() {
    check(
        &replace(r#""name":"A""#, r#""name":7"#),
        "feature 0 (id \"a\"): `properties.name`: is a number: expected a string",
    );
}

#[test]
fn frontier_without_name() {
    check(
        &replace(r#""name":"Test","#, ""),
        "top level: `frontier.name`: is missing",
    );
}

#[test]
fn negative_official_length() {
    check(
        &replace(r#""km":10.5"#, r#""km":-10.5"#),
        "top level: `frontier.official_lengths[0].km`: is -10.5: expected a finite number ≥ 0",
    );
}

#[test]
fn snapshot_without_date() {
    check(
        &replace(r#""date":"2022-01-01","#, ""),
        "top level: `frontier.agreed_snapshots[0].date`: is missing",
    );
}

#[test]
fn csv_with_broken_wkt() {
    check(
        b"id,name,sector,history,geometry\na,A,S,\"[{\"\"from\"\":\"\"2002-12-23\"\",\"\"status\"\":\"\"contested\"\",\"\"source\"\":\"\"s1\"\"}]\",\"LINESTRING (1 2, 3\"\n",
        "line 2: `geometry`: WKT expects a number",
    );
}
