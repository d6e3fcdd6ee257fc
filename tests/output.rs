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

/// Lists a directory's entries, sorted.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Ctrl-C in the middle of a run: exit code 130, the temporary output files removed, and a file
/// that was to be replaced (`--force`) left as it was.
#[test]
fn interrupted_run_leaves_no_partial_file() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("out.csv"), "the previous results\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_borderscope"))
        .args([
            "incidents",
            "--incidents",
            "-",
            "--format",
            "csv",
            "--out",
            "out.csv",
            "--force",
            "--rejects",
            "rejects.csv",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Rows keep coming (the pipe stays open), so the run is certainly in progress.
    let mut stdin = child.stdin.take().unwrap();
    writeln!(
        stdin,
        "event_id_cnty,event_date,latitude,longitude,fatalities"
    )
    .unwrap();
    for i in 0..20_000 {
        writeln!(
            stdin,
            "X{i},2022-09-16,{},70.5,0",
            39.9 + f64::from(i % 100) * 1e-3
        )
        .unwrap();
    }
    writeln!(stdin, "BAD,2022-09-16,N/A,70.5,0").unwrap();
    stdin.flush().unwrap();
    // Wait until both temporary files exist beside the old output.
    let start = std::time::Instant::now();
    while entries(dir.path()).len() < 3 {
        assert!(
            start.elapsed().as_secs() < 60,
            "no temporary files: {:?}",
            entries(dir.path())
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    drop(stdin);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(130), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(entries(dir.path()), ["out.csv"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.csv")).unwrap(),
        "the previous results\n"
    );
}

/// `--incidents -` reads standard input, CSV or GeoJSON, with the same results as the file.
#[test]
fn standard_input_gives_the_same_results_as_the_file() {
    for name in ["acled-iso.csv", "points.geojson"] {
        let path = util::fixture(name);
        let from_file = borderscope(&[
            "incidents",
            "--incidents",
            path.to_str().unwrap(),
            "--format",
            "csv",
        ]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_borderscope"))
            .args(["incidents", "--incidents", "-", "--format", "csv"])
            .stdin(std::fs::File::open(&path).unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut stdout)
            .unwrap();
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert!(child.wait().unwrap().success(), "{stderr}");
        assert_eq!(stdout, from_file.stdout, "{name}");
        assert!(stdout.lines().count() >= 3, "{stdout}");
        // Warnings name standard input where the file run names the file.
        assert_eq!(
            stderr,
            from_file
                .stderr
                .replace(path.to_str().unwrap(), "standard input"),
        );
    }
}

/// A file of ACLED-form rows, `n` of them, around Batken.
fn acled_rows(n: usize) -> String {
    let mut s = String::from("event_id_cnty,event_date,latitude,longitude,fatalities,notes\n");
    for i in 0..n {
        let (lat, lon) = (
            39.5 + (i % 100) as f64 * 0.01,
            70.0 + (i % 73) as f64 * 0.02,
        );
        s.push_str(&format!(
            "KGZ{i},2022-09-16,{lat:.5},{lon:.5},0,\"padding, to make the file large enough for a progress bar\"\n"
        ));
    }
    s
}

/// A progress bar on a terminal for a large file (here a pseudo-terminal from util-linux
/// `script`), and not a byte on standard error otherwise.
#[test]
fn progress_bar_only_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // Over 8 MB, the size from which the bar shows.
    std::fs::write(dir.path().join("big.csv"), acled_rows(90_000)).unwrap();
    let bin = env!("CARGO_BIN_EXE_borderscope");
    let args = "incidents --incidents big.csv --format csv --out o.csv --force";
    let quiet = Command::new(bin)
        .current_dir(dir.path())
        .args(args.split(' '))
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    let Ok(script) = Command::new("script").arg("--version").output() else {
        eprintln!("skipped the terminal half: no `script` (util-linux)");
        return;
    };
    assert!(script.status.success());
    let typed = Command::new("script")
        .current_dir(dir.path())
        .args(["-qfec", &format!("{bin} {args}"), "typescript"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(typed.status.success());
    let screen = std::fs::read_to_string(dir.path().join("typescript")).unwrap();
    assert!(
        screen.contains("MiB/") && screen.contains("eta"),
        "no progress bar on the terminal: {screen:?}"
    );
}
