//! GeoParquet in and out (the `parquet` feature): borderscope's Parquet holds the values of
//! its CSV and loads back; files written by GeoPandas, pandas and DuckDB read as the CSV they
//! were made from. The checks with Python's tools run where `tests/parquet/check.py` finds
//! pyarrow, GeoPandas and DuckDB (`BORDERSCOPE_PYTHON`, else `python3`); `.ci/run` installs
//! them in a virtual environment and sets BORDERSCOPE_REQUIRE_PYTHON=1.
#![cfg(feature = "parquet")]

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;

use util::{borderscope, fixture};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The Python with pyarrow, GeoPandas and DuckDB, or `None` (said, and an error where CI
/// requires it).
fn python() -> Option<PathBuf> {
    let py = std::env::var_os("BORDERSCOPE_PYTHON")
        .map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let found = Command::new(&py)
        .args(["-c", "import pyarrow, geopandas, duckdb, shapely"])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(py);
    }
    util::not_run(
        "BORDERSCOPE_REQUIRE_PYTHON",
        &format!(
            "{} has no pyarrow, geopandas, duckdb or shapely: the GeoParquet checks with Python's tools",
            py.display()
        ),
    );
    None
}

fn check(py: &Path, args: &[&str]) -> String {
    let o = Command::new(py)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parquet/check.py"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "check.py {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Every export format's Parquet loads back as the frontier, the gazetteer and the incidents
/// it holds: the reports on it are byte for byte those on the embedded data.
#[test]
fn parquet_exports_load_back_as_border_settlements_and_incidents() {
    let dir = tempfile::tempdir().unwrap();
    let e = dir.path().join("e.parquet");
    borderscope(&[
        "export",
        "--as-of",
        "2022-09-16",
        "--precision",
        "15",
        "--out",
        s(&e),
    ])
    .ok();
    assert_eq!(&std::fs::read(&e).unwrap()[..4], b"PAR1");
    // The attribution, which viewers do not show from the footer, beside it.
    assert!(dir.path().join("e.parquet.attribution.txt").exists());
    for args in [
        vec!["summary", "--as-of", "2022-09-16", "--by-segment"],
        vec!["incidents", "--format", "csv"],
    ] {
        let mut with = args.clone();
        with.extend(["--border", s(&e)]);
        assert_eq!(borderscope(&with).ok(), borderscope(&args).ok(), "{args:?}");
    }
    let settle = ["settlements", "--as-of", "2022-09-16"];
    let mut with = settle.to_vec();
    with.extend(["--settlements", s(&e)]);
    assert_eq!(borderscope(&with).ok(), borderscope(&settle).ok());
    let r = borderscope(&["incidents", "--incidents", s(&e), "--format", "csv"]);
    assert!(
        r.stderr.contains(
            "left out 1 of layer \"corridor\", 28 of layer \"segment\", 57 of layer \"settlement\""
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.ok(), borderscope(&["incidents", "--format", "csv"]).ok());
    // import's frontier, too.
    let f = dir.path().join("frontier.parquet");
    let g = dir.path().join("frontier.geojson");
    for out in [&f, &g] {
        borderscope(&[
            "import",
            "--between",
            "A",
            "BB",
            s(&fixture("alpha-beta-polygons.geojson")),
            "--out",
            s(out),
        ])
        .ok();
    }
    assert_eq!(
        borderscope(&["summary", "--as-of", "2024-01-01", "--border", s(&f)]).ok(),
        borderscope(&["summary", "--as-of", "2024-01-01", "--border", s(&g)]).ok()
    );
}

/// The incidents report as Parquet has the CSV's 22 columns typed, then the point; with
/// `--keep`, the kept columns as text.
#[test]
fn incidents_parquet_has_the_csv_columns_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.parquet");
    let acled = fixture("acled-iso.csv");
    borderscope(&[
        "incidents",
        "--incidents",
        s(&acled),
        "--keep",
        "admin1,notes",
        "--out",
        s(&p),
    ])
    .ok();
    let file = std::fs::File::open(&p).unwrap();
    let reader = parquet::file::reader::SerializedFileReader::new(file).unwrap();
    use parquet::file::reader::FileReader as _;
    let meta = reader.metadata().file_metadata();
    let names: Vec<&str> = meta
        .schema_descr()
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name())
        .collect();
    let mut want: Vec<&str> = borderscope::report::CSV_HEADER.split(',').collect();
    want.extend(["admin1", "notes", "geometry", "bbox"]);
    assert_eq!(names, want);
    // The fixture's four good rows (its fifth has no latitude).
    assert_eq!(meta.num_rows(), 4);
    let geo = meta
        .key_value_metadata()
        .unwrap()
        .iter()
        .find(|k| k.key == "geo")
        .unwrap();
    let geo: serde_json::Value = serde_json::from_str(geo.value.as_deref().unwrap()).unwrap();
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(
        geo["columns"]["geometry"]["geometry_types"],
        serde_json::json!(["Point"])
    );
    // No `crs`: OGC:CRS84, lon/lat.
    assert!(geo["columns"]["geometry"].get("crs").is_none());
    // Read back as incidents: the same places and dates (the kept columns carried again).
    let back = borderscope(&[
        "incidents",
        "--incidents",
        s(&p),
        "--format",
        "csv",
        "--keep",
        "admin1",
    ])
    .ok();
    let first = back.lines().nth(1).unwrap();
    assert!(
        first
            .starts_with("KGZ9001,2022-09-16,70.5358,39.9497,isfara-05-chorku,contested,2184.225,"),
        "{first}"
    );
    assert!(first.ends_with(",Batken"), "{first}");
}

#[test]
fn parquet_refusals_name_the_file_and_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    // Not a place to be read from standard input.
    let p = dir.path().join("r.parquet");
    borderscope(&["incidents", "--out", s(&p)]).ok();
    let bytes = std::fs::read(&p).unwrap();
    let e = util::borderscope_stdin(&["incidents", "--incidents", "-"], &bytes).bad_input();
    assert!(
        e.contains("standard input: top level: `(file)`: is Parquet, which is read from its end"),
        "{e}"
    );
    // A truncated file.
    let cut = dir.path().join("cut.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = borderscope(&["incidents", "--incidents", s(&cut)]).bad_input();
    assert!(
        e.contains("cut.parquet: top level: `(file)`: is not a Parquet file it can read"),
        "{e}"
    );
    // A column named that is not there.
    let e = borderscope(&["incidents", "--incidents", s(&p), "--date-col", "when"]).bad_input();
    assert!(
        e.contains(
            "r.parquet: top level: `when`: is not a column of the file; it has id, date, lon"
        ),
        "{e}"
    );
    // By-segment and other reports as Parquet from their GeoJSON; the timeline has no geometry.
    let e = borderscope(&[
        "summary",
        "--timeline",
        "--out",
        s(&dir.path().join("t.parquet")),
    ])
    .bad_input();
    assert!(e.contains("cannot be written as parquet"), "{e}");
}

/// pyarrow, GeoPandas and DuckDB read borderscope's Parquet: the values are the CSV's, the CRS
/// OGC:CRS84, the points at lon/lat; the export's layers are all there and valid.
#[test]
fn python_tools_read_borderscope_parquet() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (p, c) = (dir.path().join("r.parquet"), dir.path().join("r.csv"));
    borderscope(&["incidents", "--out", s(&p)]).ok();
    borderscope(&["incidents", "--out", s(&c)]).ok();
    let out = check(&py, &["read", s(&p), s(&c)]);
    assert!(out.starts_with("ok: 32 rows, 22 columns equal to the CSV; GeoPandas OGC:CRS84; DuckDB GEOMETRY('OGC:CRS84')"), "{out}");
    let e = dir.path().join("e.parquet");
    borderscope(&["export", "--out", s(&e)]).ok();
    // No corridor: on today's date (after the 2025 treaty) no stretch is contested.
    assert_eq!(
        check(&py, &["layers", s(&e)]),
        "incident 32\nsegment 27\nsettlement 57\n"
    );
}

/// Files as GeoPandas (WKB, GeoArrow points, zstd), pandas (latitude/longitude, datetimes)
/// and DuckDB write them read as the ACLED CSV they were made from: the same report.
#[test]
fn parquet_from_geopandas_pandas_and_duckdb_reads_as_the_csv() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let acled = fixture("acled-iso.csv");
    check(&py, &["write", s(&acled), s(dir.path())]);
    let want = borderscope(&["incidents", "--incidents", s(&acled), "--format", "csv"]).ok();
    for name in [
        "gpd-wkb",
        "gpd-geoarrow",
        "gpd-zstd",
        "pandas-latlon",
        "duckdb",
    ] {
        let f = dir.path().join(format!("{name}.parquet"));
        let got = borderscope(&["incidents", "--incidents", s(&f), "--format", "csv"]).ok();
        assert_eq!(got, want, "{name}");
    }
}
