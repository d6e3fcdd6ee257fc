//! The bad-input catalogue: every file in `tests/bad/` (written by `tests/bad/make.py`) is run
//! through the real binary, each by its own test.
//!
//! - A structural problem stops the run: exit code 2, a message that names the file, the place
//!   (line, feature index and id, object) and the field, no output file and no temporary file left
//!   behind, and the input untouched.
//! - A bad row in an incident file is skipped with a warning that names its line or feature, the
//!   good rows are all kept, `--rejects` keeps the bad row with its reason, and `--strict` makes
//!   it a structural problem (exit 2, no output).
//! - Messy but valid files (a byte-order mark, CRLF line ends, 20,000 columns, swapped columns)
//!   load, with a warning where one is due.

mod util;

use std::path::{Path, PathBuf};

use util::{Run, borderscope_in};

/// Which loader a file goes to, and the command that reads it.
#[derive(Clone, Copy)]
enum Loader {
    Frontier,
    Settlements,
    Incidents,
    Import,
}

impl Loader {
    fn args(self, file: &str) -> Vec<String> {
        let args: Vec<&str> = match self {
            Loader::Frontier => vec!["summary", "--border", file, "--format", "csv"],
            Loader::Settlements => vec!["settlements", "--settlements", file, "--format", "csv"],
            Loader::Incidents => vec!["incidents", "--incidents", file, "--format", "csv"],
            Loader::Import => vec!["import", "--between", "Alpha", "Beta", file],
        };
        args.into_iter().map(String::from).collect()
    }
}

/// A scratch directory holding a copy of one catalogue file.
struct Scratch {
    dir: tempfile::TempDir,
    name: String,
    original: Vec<u8>,
}

impl Scratch {
    fn new(name: &str) -> Self {
        let source: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/bad")
            .join(name);
        let original = std::fs::read(&source).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &original).unwrap();
        Scratch {
            dir,
            name: name.to_string(),
            original,
        }
    }

    fn run(&self, loader: Loader, extra: &[&str]) -> Run {
        let mut args = loader.args(&self.name);
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        borderscope_in(self.dir.path(), &args)
    }

    /// The files in the directory besides the input, sorted.
    fn outputs(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| *n != self.name)
            .collect();
        names.sort();
        names
    }

    fn read(&self, name: &str) -> String {
        let bytes = std::fs::read(self.dir.path().join(name)).unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn assert_input_untouched(&self) {
        let now = std::fs::read(self.dir.path().join(&self.name)).unwrap();
        assert!(now == self.original, "{} was modified", self.name);
    }
}

/// A structural problem: exit 2, `expected` follows "borderscope: error: FILE: ", no output.
fn fails(loader: Loader, name: &str, expected: &str) {
    let s = Scratch::new(name);
    let stderr = s.run(loader, &["--out", "out.csv"]).bad_input();
    let want = format!("borderscope: error: {name}: ");
    // Warnings about rows may come first; the error is the last line, and the only one.
    let error: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(
        error.len() == 1
            && stderr.trim_end().ends_with(error[0])
            && error[0].starts_with(&want)
            && error[0].contains(expected),
        "expected\n  {want}...{expected}...\ngot\n  {stderr}"
    );
    assert_eq!(s.outputs(), Vec::<String>::new(), "no output may be left");
    s.assert_input_untouched();
}

/// A bad row in an incident file at `place` (e.g. "line 3"), with the message `problem`; the
/// file's other `kept` rows are all processed.
fn skips_row(name: &str, place: &str, problem: &str, kept: usize) {
    let s = Scratch::new(name);
    let what = format!("{name}: {place}: {problem}");

    // Default: a warning naming the place, the good rows kept, the bad one in --rejects.
    let r = s.run(
        Loader::Incidents,
        &["--out", "out.csv", "--rejects", "rejects.csv"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with(&format!("borderscope: warning: {what}"))
                && l.ends_with("(row skipped)")),
        "expected a warning about\n  {what}\ngot\n  {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("rows skipped, {kept} kept")),
        "{}",
        r.stderr
    );
    let out = s.read("out.csv");
    assert_eq!(
        out.lines().count(),
        1 + kept,
        "header and kept rows:\n{out}"
    );
    let rejects = s.read("rejects.csv");
    let line = place.strip_prefix("line ");
    match line {
        // CSV: the original header with two columns more, then the row as it was.
        Some(n) => {
            let header = s.read(name);
            let header = header
                .trim_start_matches('\u{feff}')
                .split(['\r', '\n'])
                .find(|l| !l.trim().is_empty())
                .unwrap();
            assert!(
                rejects.starts_with(&format!("{header},rejected_line,rejected_reason")),
                "{rejects}"
            );
            assert!(rejects.contains(&format!(",{n},")), "{rejects}");
        }
        None => assert!(
            rejects.starts_with("feature,id,field,problem\n"),
            "{rejects}"
        ),
    }
    assert_eq!(
        std::fs::read_dir(s.dir.path()).unwrap().count(),
        4,
        "input, output, its attribution and rejects only"
    );
    assert!(s.read("out.csv.attribution.txt").contains("OpenStreetMap"));

    // --strict: the same problem stops the run, and nothing is written.
    for f in ["out.csv", "out.csv.attribution.txt", "rejects.csv"] {
        std::fs::remove_file(s.dir.path().join(f)).unwrap();
    }
    let stderr = s
        .run(
            Loader::Incidents,
            &["--strict", "--out", "out.csv", "--rejects", "rejects.csv"],
        )
        .bad_input();
    assert!(
        stderr.contains(&format!("--strict was given: {what}")),
        "{stderr}"
    );
    assert_eq!(s.outputs(), Vec::<String>::new(), "no output may be left");
    s.assert_input_untouched();
}

/// A messy but valid file: it loads, and `check` looks at stdout and stderr.
fn loads(loader: Loader, name: &str, check: impl Fn(&str, &str)) {
    let s = Scratch::new(name);
    let r = s.run(loader, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    check(&r.stdout, &r.stderr);
    s.assert_input_untouched();
}

macro_rules! fails {
    ($($test:ident: $loader:ident $file:literal => $expected:literal;)*) => {$(
        #[test]
        fn $test() {
            fails(Loader::$loader, $file, $expected);
        }
    )*};
}

macro_rules! skips_row {
    ($($test:ident: $file:literal at $place:literal => $problem:literal, keeping $kept:literal;)*) => {$(
        #[test]
        fn $test() {
            skips_row($file, $place, $problem, $kept);
        }
    )*};
}

fails! {
    frontier_truncated: Frontier "frontier-truncated.geojson"
        => "line 39, column 8: not valid JSON: EOF while parsing";
    frontier_empty: Frontier "frontier-empty.geojson"
        => "line 1, column 0: not valid JSON: the file is empty";
    frontier_whitespace_only: Frontier "frontier-whitespace-only.geojson"
        => "line 3, column 0: not valid JSON: the file is empty";
    frontier_not_json: Frontier "frontier-not-json.geojson"
        => "line 1, column 1: not valid JSON: expected value";
    frontier_array_root: Frontier "frontier-array-root.geojson"
        => "top level: `(root)`: is an array: expected a GeoJSON FeatureCollection object";
    frontier_no_features: Frontier "frontier-no-features.geojson"
        => "top level: `features`: is empty: a frontier needs at least one segment";
    frontier_polygon: Frontier "frontier-polygon.geojson"
        => "feature 1 (id \"b\"): `geometry.type`: is \"Polygon\": frontier segments must be LineStrings";
    frontier_point: Frontier "frontier-point.geojson"
        => "feature 1 (id \"b\"): `geometry.type`: is \"Point\"";
    frontier_one_vertex: Frontier "frontier-one-vertex.geojson"
        => "feature 1 (id \"b\"): `geometry.coordinates`: has 1 position(s): a line needs at least two distinct positions";
    frontier_null_geometry: Frontier "frontier-null-geometry.geojson"
        => "feature 1 (id \"b\"): `geometry`: is missing: a segment needs a LineString";
    frontier_nan: Frontier "frontier-nan.geojson"
        => "line 79, column 7: not valid JSON: expected value: NaN and Infinity are not JSON numbers";
    frontier_infinity: Frontier "frontier-infinity.geojson"
        => "line 79, column 7: not valid JSON: expected value: NaN and Infinity are not JSON numbers";
    frontier_1e400: Frontier "frontier-1e400.geojson"
        => "line 79, column 11: not valid JSON: number out of range: the number is beyond the range of a 64-bit float";
    frontier_lat_lon_swapped: Frontier "frontier-lat-lon-swapped.geojson"
        => "feature 1 (id \"b\"): `geometry.coordinates[0]`: latitude 106.9 is outside -90..90 (GeoJSON positions are [longitude, latitude])";
    frontier_string_coordinates: Frontier "frontier-string-coordinates.geojson"
        => "feature 1 (id \"b\"): `geometry.coordinates[0]`: longitude is \"70.1\": expected a finite number";
    frontier_duplicate_ids: Frontier "frontier-duplicate-ids.geojson"
        => "feature 1 (id \"a\"): `properties.id`: duplicates the id of feature 0: segment ids must be unique";
    frontier_unknown_status: Frontier "frontier-unknown-status.geojson"
        => "feature 1 (id \"b\"): `properties.history[0].status`: unknown status \"disputed\": expected \"contested\" or \"settled\"";
    frontier_invalid_date: Frontier "frontier-invalid-date.geojson"
        => "feature 1 (id \"b\"): `properties.history[1].from`: \"2022-02-30\" is not a day of the calendar";
    frontier_valid_to_before_valid_from: Frontier "frontier-valid-to-before-valid-from.geojson"
        => "feature 1 (id \"b\"): `properties.valid_to`: is 2020-01-01, not after valid_from 2025-03-31";
    frontier_duplicate_key: Frontier "frontier-duplicate-key.geojson"
        => "line 23, column 30: ambiguous JSON: duplicate key \"sector\": a member may appear only once in an object";
    frontier_history_out_of_order: Frontier "frontier-history-out-of-order.geojson"
        => "feature 1 (id \"b\"): `properties.history`: entry 1 (2002-12-23) is not after entry 0 (2024-12-04)";
    frontier_window_backwards: Frontier "frontier-window-backwards.geojson"
        => "feature 1 (id \"b\"): `properties.history[1].by`: entry 1: `by` (2021-04-01) is not after `from` (2021-05-01)";
    frontier_window_first_entry: Frontier "frontier-window-first-entry.geojson"
        => "feature 1 (id \"b\"): `properties.history[0].by`: entry 0 has a window (`by`): the first entry starts the record";
    frontier_missing_history: Frontier "frontier-missing-history.geojson"
        => "feature 1 (id \"b\"): `properties.history`: is missing: expected a list of {from, status, source} entries";
    frontier_non_utf8: Frontier "frontier-non-utf8.geojson"
        => "cannot read: not UTF-8 text (first bad byte at offset 799)";
    frontier_deep_nesting: Frontier "frontier-deep-nesting.geojson"
        => "line 1, column 166: not valid JSON: recursion limit exceeded";

    settlements_linestring: Settlements "settlements-linestring.geojson"
        => "feature 1 (id \"Road\"): `geometry.type`: is \"LineString\": settlements must be Points";
    settlements_no_name: Settlements "settlements-no-name.geojson"
        => "feature 1: `properties.name`: is missing or empty";
    settlements_bad_precision: Settlements "settlements-bad-precision.geojson"
        => "feature 0 (id \"Kok-Tash\"): `properties.precision`: is \"roughly\": expected 1 (sourced), 2 (to minutes) or 3 (inferred)";
    settlements_not_json: Settlements "settlements-not-json.geojson"
        => "line 1, column 2: not valid JSON";
    settlements_latitude_out_of_range: Settlements "settlements-latitude-out-of-range.geojson"
        => "feature 0 (id \"Kok-Tash\"): `geometry.coordinates`: latitude 139.9497 is outside -90..90";

    incidents_api_error: Incidents "incidents-api-error.json"
        => "incidents-api-error.json: top level: `status`: is 403: the file is an API's error response, not events: [{\"status\":403,\"message\":\"Access denied\"}]";
    incidents_unknown_container: Incidents "incidents-unknown-container.json"
        => "top level: `(root)`: has no `features`, `data` or `Result` array (it has `events` (1 objects)): expected a GeoJSON FeatureCollection";
    incidents_record_after_collection: Incidents "incidents-record-after-collection.json"
        => "a record after the collection: expected one collection, or one record per line";
    incidents_two_features_arrays: Incidents "incidents-two-features-arrays.geojson"
        => "line 35, column 13: ambiguous JSON: duplicate key \"features\"";
    incidents_truncated: Incidents "incidents-truncated.geojson"
        => "line 29, column 1: not valid JSON: EOF while parsing a list";
    acled_empty: Incidents "acled-empty.csv"
        => "line 1: `(header)`: is missing: the file is empty";
    acled_missing_latitude_column: Incidents "acled-missing-latitude-column.csv"
        => "line 1: `(header)`: has no column named latitude or lat or y; name it with --lat-col (its columns are: event_id_cnty, event_date, year, event_type, country, location, lat_wgs84,";
    acled_duplicate_latitude_column: Incidents "acled-duplicate-latitude-column.csv"
        => "line 1: `(header)`: has two columns named \"latitude\" (columns 7 and 9): rename one";
    acled_gzip: Incidents "acled-gzip.csv"
        => "line 1: `(file)`: is gzip-compressed, not CSV text: decompress it first";
    generic_unknown_header: Incidents "generic-unknown-header.csv"
        => "line 1: `(header)`: has no column named date or event_date or date_start or day; name it with --date-col (its columns are: Ref, When, Y, X)";
    acled_unclosed_quote_mid_file: Incidents "acled-unclosed-quote-mid-file.csv"
        => "line 3: `(row)`: has a quoted field that is never closed: it runs to the end of the file (line 11), swallowing 8 lines; is a quote stray?";
    acled_dates_ambiguous: Incidents "acled-dates-ambiguous.csv"
        => "acled-dates-ambiguous.csv: `event_date`: has numeric dates that all read either way (none has a day above 12; line 2: \"03/04/2022\"): the order of day and month must be given: give it with --date-format day-first, month-first or a pattern (e.g. %d/%m/%Y)";
    acled_dates_mixed_order: Incidents "acled-dates-mixed-order.csv"
        => "acled-dates-mixed-order.csv: `event_date`: has dates day first (line 2: \"16/09/2022\") and month first (line 4: \"9/17/2022\")";
    acled_header_unclosed_quote: Incidents "acled-header-unclosed-quote.csv"
        => "line 1: `(header)`: has a quoted field that is never closed";
    acled_header_stray_quote: Incidents "acled-header-stray-quote.csv"
        => "line 1: `(header)`: column 2 runs over a line end (event_date,year,event_type,country,location,latitude,longitu…): is a quote in the header never closed";
    generic_semicolons: Incidents "generic-semicolons.csv"
        => "line 1: `(header)`: has no column named date or event_date or date_start or day; name it with --date-col (its columns are: Ref, When, Y, X)";

    import_bad_arc_index: Import "import-bad-arc-index.topojson"
        => "object \"countries\": `geometries[0].arcs[0]`: refers to arc 7, but the topology has 1 arcs";
    import_zero_scale: Import "import-zero-scale.topojson"
        => "top level: `transform.scale`: holds a zero: every position would fall on one line";
    import_not_topology: Import "import-not-topology.topojson"
        => "top level: `objects`: is missing or not an object";
    import_no_such_country: Import "import-no-such-country.geojson"
        => "object \"Beta\": `id/properties`: no polygon feature has this id, name or code (e.g. Alpha)";
    import_points_not_polygons: Import "import-points-not-polygons.geojson"
        => "top level: `features`: has no Polygon or MultiPolygon country";
}

skips_row! {
    acled_truncated_quote: "acled-truncated-quote.csv" at "line 3"
        => "`(row)`: has a quoted field that is never closed: was the file cut short", keeping 1;
    acled_na_coordinates: "acled-na-coordinates.csv" at "line 3"
        => "`latitude`: \"N/A\" is not a latitude: expected a finite number in decimal degrees", keeping 2;
    acled_empty_latitude: "acled-empty-latitude.csv" at "line 3"
        => "`latitude`: is empty; expected the latitude in decimal degrees", keeping 2;
    acled_nan: "acled-nan.csv" at "line 3"
        => "`latitude`: \"NaN\" is not a latitude", keeping 2;
    acled_infinity: "acled-infinity.csv" at "line 3"
        => "`longitude`: \"inf\" is not a longitude", keeping 2;
    acled_1e400: "acled-1e400.csv" at "line 3"
        => "`latitude`: \"1e400\" is not a latitude: expected a finite number", keeping 2;
    acled_latitude_out_of_range: "acled-latitude-out-of-range.csv" at "line 3"
        => "`latitude`: latitude 399.5 is outside -90..90", keeping 2;
    acled_bad_date: "acled-bad-date.csv" at "line 3"
        => "`event_date`: \"16/09/2022\" has day and month in an order not known: it is found only over a whole CSV file (not standard input or JSON) whose dates are all numeric; else give the date format", keeping 2;
    acled_date_with_junk: "acled-date-with-junk.csv" at "line 3"
        => "`event_date`: \"2022-09-16 junk\" is not a date", keeping 2;
    acled_no_such_day: "acled-no-such-day.csv" at "line 3"
        => "`event_date`: \"31 September 2022\" is not a day of the calendar", keeping 2;
    acled_negative_fatalities: "acled-negative-fatalities.csv" at "line 3"
        => "`fatalities`: \"-4\" is not a whole number ≥ 0", keeping 2;
    acled_extra_field: "acled-extra-field.csv" at "line 3"
        => "`(row)`: has 11 fields but the header has 10", keeping 2;
    acled_short_row: "acled-short-row.csv" at "line 3"
        => "`(row)`: has 4 fields but the header has 10", keeping 2;
    acled_non_utf8_id: "acled-non-utf8-id.csv" at "line 3"
        => "`event_id_cnty`: is not UTF-8 text", keeping 2;
    acled_lone_cr: "acled-lone-cr.csv" at "line 3"
        => "`latitude`: \"N/A\" is not a latitude", keeping 2;
    acled_blank_lines_before_header: "acled-blank-lines-before-header.csv" at "line 5"
        => "`event_date`: \"16/09/2022\" has day and month in an order not known", keeping 2;
    ucdp_end_before_start: "ucdp-end-before-start.csv" at "line 3"
        => "`date_end`: 2022-09-10 is before the event's date 2022-09-16", keeping 1;
    acled_bad_geo_precision: "acled-bad-geo-precision.csv" at "line 3"
        => "`geo_precision`: \"4\" is not a valid ACLED geo_precision: expected a whole number 1 to 3", keeping 2;
    ucdp_bad_date: "ucdp-bad-date.csv" at "line 3"
        => "`date_start`: \"2022-13-01\" is not a day of the calendar", keeping 1;
    ucdp_text_fatalities: "ucdp-text-fatalities.csv" at "line 3"
        => "`best`: \"many\" is not a whole number ≥ 0", keeping 1;
    incidents_polygon: "incidents-polygon.geojson" at "feature 1 (id \"p2\")"
        => "`geometry.type`: is \"Polygon\": incidents must be Points", keeping 1;
    incidents_bad_date: "incidents-bad-date.geojson" at "feature 1 (id \"p2\")"
        => "`properties.date`: \"16/09/2022\" has day and month in an order not known", keeping 1;
    incidents_null_coordinates: "incidents-null-coordinates.geojson" at "feature 1 (id \"p2\")"
        => "`geometry.coordinates`: longitude is null: expected a finite number", keeping 1;
}

#[test]
fn frontier_with_bom_and_crlf_loads() {
    loads(Loader::Frontier, "frontier-bom-crlf.geojson", |out, _| {
        // Two segments; the first contested until 2024-12-04, so settled "today".
        assert!(out.starts_with("as_of,"), "{out}");
        assert!(out.contains(",2,"), "two segments:\n{out}");
    });
}

#[test]
fn acled_with_bom_crlf_and_quoted_newline_loads_every_row() {
    loads(
        Loader::Incidents,
        "acled-bom-crlf-quoted-newline.csv",
        |out, err| {
            let ids: Vec<&str> = out.lines().skip(1).map(|l| &l[..4]).collect();
            assert_eq!(ids, ["KGZ1", "KGZ2", "KGZ3"], "{err}");
            assert!(err.is_empty(), "{err}");
        },
    );
}

#[test]
fn acled_with_twenty_thousand_columns_loads() {
    loads(Loader::Incidents, "acled-many-columns.csv", |out, err| {
        assert_eq!(out.lines().count(), 2, "{err}");
        assert!(out.contains("\nKGZ1,2022-09-16,70.5358,39.9497,"), "{out}");
    });
}

#[test]
fn a_stray_quote_inside_an_unquoted_field_loses_no_row() {
    loads(Loader::Incidents, "acled-stray-quote.csv", |out, err| {
        let ids: Vec<&str> = out.lines().skip(1).map(|l| &l[..4]).collect();
        assert_eq!(ids, ["KGZ1", "KGZ2", "KGZ3"], "{err}");
        assert!(err.is_empty(), "{err}");
    });
}

/// A stray quote that opens a field and closes in a later line joins rows, as the csv crate
/// reads it: the row is kept and a warning names the line that looks swallowed.
#[test]
fn rows_joined_by_a_stray_quote_are_pointed_out() {
    loads(
        Loader::Incidents,
        "acled-stray-quote-joins-rows.csv",
        |out, err| {
            let ids: Vec<&str> = out.lines().skip(1).map(|l| &l[..4]).collect();
            assert_eq!(ids, ["KGZ1", "KGZ2", "KGZ4"], "{err}");
            assert_eq!(
                err,
                "borderscope: warning: acled-stray-quote-joins-rows.csv: line 3: `notes`: a quoted field runs on to line 4 (the row spans 2 lines), which looks like a row of its own: is a quote stray? (read as it stands; check the rows around it)\n"
            );
        },
    );
}

#[test]
fn a_bare_cr_inside_a_field_does_not_split_the_row() {
    loads(
        Loader::Incidents,
        "acled-bare-cr-in-field.csv",
        |out, err| {
            let ids: Vec<&str> = out.lines().skip(1).map(|l| &l[..4]).collect();
            assert_eq!(ids, ["KGZ1", "KGZ2", "KGZ3"], "{err}");
            assert!(err.is_empty(), "{err}");
        },
    );
}

/// `"fatalities": 3.0` is a whole number in GeoJSON as in CSV (it was refused in GeoJSON).
#[test]
fn whole_float_fatalities_load_in_geojson() {
    let s = Scratch::new("incidents-whole-float-fatalities.geojson");
    let out = borderscope_in(
        s.dir.path(),
        &["incidents", "--incidents", &s.name, "--format", "json"],
    )
    .ok();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["incidents"][0]["fatalities"], 3);
    assert_eq!(v["incidents"][1]["fatalities"], 1);
    s.assert_input_untouched();
}

#[test]
fn swapped_latitude_and_longitude_are_pointed_out() {
    loads(Loader::Incidents, "acled-swapped.csv", |out, err| {
        assert_eq!(out.lines().count(), 6, "every row is kept");
        assert!(
            err.contains("warning: 5 of 5 incidents lie far from the frontier but would lie on it with latitude and longitude swapped"),
            "{err}"
        );
    });
}

/// A frontier of one Feature, not in a FeatureCollection: read as a frontier of one segment
/// (as a GeoJSON Lines file of one line is).
#[test]
fn a_lone_segment_is_a_frontier_of_one() {
    loads(
        Loader::Frontier,
        "frontier-feature-root.geojson",
        |out, _| {
            assert!(
                out.contains(",(all),1,0,"),
                "one segment, none contested: {out}"
            );
        },
    );
}

/// A lone Feature, not in a FeatureCollection: read as one record (as a GeoJSON Lines file of
/// one line is).
#[test]
fn a_lone_feature_is_read_as_one_record() {
    loads(
        Loader::Incidents,
        "incidents-not-a-collection.geojson",
        |out, _| {
            assert_eq!(out.lines().count(), 2, "header and the one record: {out}");
            assert!(
                out.lines()
                    .nth(1)
                    .unwrap()
                    .starts_with("p1,2022-09-16,70.5358,39.9497,"),
                "{out}"
            );
        },
    );
}

/// Dates Excel rewrote day first (16/09/2022): every one above 12 in the day, so the file
/// tells the order, and says so.
#[test]
fn dates_rewritten_by_excel_are_read_day_first_with_a_note() {
    loads(
        Loader::Incidents,
        "acled-dates-rewritten-by-excel.csv",
        |out, err| {
            assert_eq!(out.lines().count(), 4, "header and every row: {out}");
            assert!(out.contains(",2022-09-18,"), "{out}");
            assert!(
            err.contains("note: acled-dates-rewritten-by-excel.csv: `event_date`: dates read day first: none reads only the other way, and line 2's \"16/09/2022\" cannot be month first"),
            "{err}"
        );
        },
    );
}

/// Every file in the catalogue has a test above (the macros and the `loads` tests name them).
#[test]
fn every_catalogue_file_is_tested() {
    let source = include_str!("bad_inputs.rs");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "make.py" {
            continue;
        }
        files += 1;
        assert!(
            source.contains(&format!("\"{name}\"")),
            "tests/bad/{name} has no test"
        );
    }
    assert!(files >= 40, "the catalogue has {files} files");
}
