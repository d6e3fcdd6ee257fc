//! Output handling: `--out -`, atomic files, --force, and a closed pipe (`| head`).

mod util;

use std::io::Read as _;
use std::process::{Command, Stdio};

use util::{borderscope, borderscope_in};

#[test]
fn dash_means_stdout_and_a_file_gets_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["summary", "--as-of", "2022-09-16", "--format", "json"];
    let stdout = borderscope_in(dir.path(), &[&args[..], &["--out", "-"]].concat()).ok();
    borderscope_in(dir.path(), &[&args[..], &["--out", "s.json"]].concat()).ok();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.json")).unwrap(),
        stdout
    );
    // Not replaced without --force; replaced with it.
    std::fs::write(dir.path().join("s.json"), "keep").unwrap();
    let e = borderscope_in(dir.path(), &[&args[..], &["--out", "s.json"]].concat()).bad_input();
    assert!(
        e.contains("s.json: already exists; pass --force to replace it"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.json")).unwrap(),
        "keep"
    );
    borderscope_in(
        dir.path(),
        &[&args[..], &["--out", "s.json", "--force"]].concat(),
    )
    .ok();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.json")).unwrap(),
        stdout
    );
}

#[test]
fn a_reader_that_goes_away_is_not_an_error() {
    // 3,000 sectors make a summary far larger than a pipe's buffer, so writing it must fail
    // with EPIPE once the reader has closed its end.
    let dir = tempfile::tempdir().unwrap();
    let features: Vec<String> = (0..3000)
        .map(|i| {
            let x = 60.0 + f64::from(i) * 0.001;
            format!(
                r#"{{"type":"Feature","properties":{{"id":"s{i}","name":"S{i}","sector":"sector number {i}","history":[{{"status":"settled","source":"test"}}]}},"geometry":{{"type":"LineString","coordinates":[[{x},40],[{x},40.001]]}}}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(dir.path().join("many.geojson"), text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_borderscope"))
        .args(["summary", "--border", "many.geojson"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn help_and_version_work() {
    let help = borderscope(&["--help"]).ok();
    assert!(
        help.contains("summary") && help.contains("import"),
        "{help}"
    );
    assert!(borderscope(&["--version"]).ok().starts_with("borderscope "));
}
