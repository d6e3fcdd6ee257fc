//! Incident CSV files read through the real binary, at sizes that cross many blocks: no row is
//! lost or invented whatever the quoting and line ends, what cannot be read is said, and a file
//! none of whose rows can be kept is an error. (The block reader itself is checked against the
//! csv crate in `tests/csv_reader.rs`.)

mod util;

use std::fmt::Write as _;

use util::borderscope_in;

const HEADER: &str =
    "event_id_cnty,event_date,year,event_type,country,location,latitude,longitude,fatalities,notes";

/// `n` ACLED rows near Kok-Tash, each with the given notes field (as it is written).
fn rows(n: usize, notes: impl Fn(usize) -> String) -> String {
    let mut s = String::new();
    for i in 0..n {
        let _ = writeln!(
            s,
            "KGZ{i},2022-09-16,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,1,{}",
            notes(i)
        );
    }
    s
}

fn run_on(text: &[u8], extra: &[&str]) -> (tempfile::TempDir, util::Run) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.csv"), text).unwrap();
    let mut args = vec!["incidents", "--incidents", "in.csv", "--format", "csv"];
    args.extend_from_slice(extra);
    let run = borderscope_in(dir.path(), &args);
    (dir, run)
}

fn ids(out: &str) -> Vec<String> {
    out.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// 200,000 rows, one in seven with `5'11" tall` in an unquoted field: before, the quote flipped
/// the block cutter's parity, losing rows and inventing bad ones at block boundaries.
#[test]
fn stray_quotes_in_unquoted_fields_lose_no_row_across_blocks() {
    let body = rows(200_000, |i| {
        if i % 7 == 3 {
            "5'11\" tall".into()
        } else {
            "\"quoted, as usual\"".into()
        }
    });
    let (_dir, run) = run_on(format!("{HEADER}\n{body}").as_bytes(), &[]);
    let err = run.stderr.clone();
    let got = ids(&run.ok());
    assert_eq!(got.len(), 200_000, "{err}");
    assert!(
        got.iter()
            .enumerate()
            .all(|(i, id)| *id == format!("KGZ{i}"))
    );
    assert!(err.is_empty(), "{err}");
}

/// Lone CR line ends (classic Mac OS, some Excel exports): before, every row was lost, exit 0.
#[test]
fn lone_cr_line_ends_read_every_row_and_name_lines_right() {
    let mut body = rows(60_000, |_| "\"a note\"".into());
    // A bad latitude on line 50,002 (row 50,000).
    body = body.replacen(
        "KGZ50000,2022-09-16,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497",
        "KGZ50000,2022-09-16,2022,Battles,Kyrgyzstan,Kok-Tash,N/A",
        1,
    );
    let text = format!("{HEADER}\n{body}").replace('\n', "\r");
    let (_dir, run) = run_on(text.as_bytes(), &[]);
    assert!(
        run.stderr.starts_with(
            "borderscope: warning: in.csv: line 50002: `latitude`: \"N/A\" is not a latitude"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(ids(&run.ok()).len(), 59_999);
}

/// An unclosed quote in the middle of a file swallows every line after it: before, the run
/// ended with "1 of 11 rows skipped", exit 0, and 99,989 rows gone.
#[test]
fn an_unclosed_quote_swallowing_the_rest_of_the_file_is_an_error() {
    let mut body = rows(100_000, |_| "plain".into());
    body = body.replacen(",plain\n", ",\"never closed\n", 11);
    body = body.replacen(",\"never closed\n", ",plain\n", 10);
    let (dir, run) = run_on(format!("{HEADER}\n{body}").as_bytes(), &["-o", "out.csv"]);
    let err = run.bad_input();
    assert!(
        err.ends_with("borderscope: error: in.csv: line 12: `(row)`: has a quoted field that is never closed: it runs to the end of the file (line 100001), swallowing 99989 lines; is a quote stray?\n"),
        "{err}"
    );
    assert!(!dir.path().join("out.csv").exists());
}

/// A quoted field longer than the 64 MB a row may be: before, its row was lost and a million
/// phantom bad rows were counted. Now the row is skipped whole, named with its size and lines,
/// the rows after it are read, and the rejects file stays valid CSV.
#[test]
fn a_row_longer_than_the_block_limit_is_skipped_whole() {
    let mut text = format!("{HEADER}\n").into_bytes();
    text.extend_from_slice(rows(3, |_| "x".into()).as_bytes());
    text.extend_from_slice(
        b"KGZ-big,2022-09-16,2022,Battles,Kyrgyzstan,Kok-Tash,39.9497,70.5358,1,\"",
    );
    let line = [b'y'; 1023];
    for _ in 0..(66 << 10) {
        text.extend_from_slice(&line);
        text.push(b'\n');
    }
    text.extend_from_slice(b"\"\n");
    text.extend_from_slice(rows(2, |_| "z".into()).as_bytes());
    let (dir, run) = run_on(&text, &["-o", "out.csv", "--rejects", "rejects.csv"]);
    let err = run.stderr.clone();
    assert_eq!(run.code, 0, "{err}");
    assert!(
        err.starts_with("borderscope: warning: in.csv: line 5: `(row)`: is 66.0 MB long, on lines 5 to 67589: longer than the 64 MB a row may have: is a quote stray, making many lines one field? (row skipped)\n"),
        "{err}"
    );
    assert!(
        err.contains("1 of 6 rows skipped (spanning 67585 lines), 5 kept"),
        "{err}"
    );
    let out = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(ids(&out), ["KGZ0", "KGZ1", "KGZ2", "KGZ0", "KGZ1"]);
    let rejects = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap();
    let mut r = csv::Reader::from_reader(rejects.as_bytes());
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].len(), 12, "the header's 10 columns and two more");
    assert_eq!(&recs[0][10], "5");
}

/// A file whose every row is skipped (here: a day the calendar has not) is an error, not
/// an empty result with exit 0; one whose rows are all good but few is not.
#[test]
fn a_file_none_of_whose_rows_is_kept_is_an_error() {
    let body = rows(500, |_| "x".into()).replace("2022-09-16", "2022-09-31");
    let (dir, run) = run_on(format!("{HEADER}\n{body}").as_bytes(), &["-o", "out.csv"]);
    let err = run.bad_input();
    assert!(
        err.ends_with("borderscope: error: in.csv: no row could be read: all 500 were skipped, the first because in.csv: line 2: `event_date`: \"2022-09-31\" is not a day of the calendar\n"),
        "{err}"
    );
    assert!(!dir.path().join("out.csv").exists());
    // The sibling: GeoJSON features, all skipped.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.geojson"),
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"date":"16/09/2022"},"geometry":{"type":"Point","coordinates":[70.5,39.9]}}]}"#,
    )
    .unwrap();
    let err = borderscope_in(dir.path(), &["incidents", "--incidents", "in.geojson"]).bad_input();
    assert!(
        err.contains("error: in.geojson: no row could be read: all 1 were skipped, the first because in.geojson: feature 0 (id \"1\"): `properties.date`"),
        "{err}"
    );
    // A header and no rows: a warning, an empty result.
    let (_dir, run) = run_on(format!("{HEADER}\n").as_bytes(), &[]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "borderscope: warning: in.csv: has no rows\n");
}
