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

/// Ctrl-C, SIGTERM or SIGHUP in the middle of a run: exit code 128 + the signal, the
/// temporary output files removed, and a file that was to be replaced (`--force`) left as it
/// was. (SIGTERM and SIGHUP left a partial hidden file behind before.)
#[test]
fn interrupted_run_leaves_no_partial_file() {
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        interrupted_by(signal, code);
    }
}

fn interrupted_by(signal: &str, code: i32) {
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
        .args([&format!("-{signal}"), &child.id().to_string()])
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
    assert_eq!(status.code(), Some(code), "SIG{signal}: stderr: {stderr}");
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

/// Runs a shell command line in `dir` with `$B` set to the binary.
fn sh(dir: &std::path::Path, script: &str) -> std::process::Output {
    Command::new("sh")
        .args(["-c", script])
        .env("B", env!("CARGO_BIN_EXE_borderscope"))
        .current_dir(dir)
        .output()
        .unwrap()
}

/// An input under its own name, through a symbolic link, or through a hard link is never an
/// output, even with --force (before, `--out` or `--rejects` naming the input replaced it).
#[test]
fn an_output_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = std::fs::read(util::fixture("acled-iso.csv")).unwrap();
    std::fs::write(dir.path().join("in.csv"), &input).unwrap();
    std::os::unix::fs::symlink("in.csv", dir.path().join("link.csv")).unwrap();
    std::fs::hard_link(dir.path().join("in.csv"), dir.path().join("hard.csv")).unwrap();
    let before = entries(dir.path());
    for (flag, name, force) in [
        ("--out", "in.csv", false),
        ("--out", "in.csv", true),
        ("--out", "./in.csv", true),
        ("--out", "link.csv", true),
        ("--out", "hard.csv", true),
        ("--rejects", "in.csv", true),
        ("--rejects", "hard.csv", false),
    ] {
        let mut args = vec![
            "incidents",
            "--incidents",
            "in.csv",
            "--format",
            "csv",
            flag,
            name,
        ];
        if force {
            args.push("--force");
        }
        let err = borderscope_in(dir.path(), &args).bad_input();
        assert!(
            err.contains(&format!("error: {name}: is "))
                && err.contains("which is read: an output never replaces an input"),
            "{flag} {name}: {err}"
        );
        assert_eq!(std::fs::read(dir.path().join("in.csv")).unwrap(), input);
        assert_eq!(entries(dir.path()), before, "nothing written");
    }
    // The frontier and the gazetteer are inputs too.
    std::fs::write(
        dir.path().join("border.geojson"),
        std::fs::read(util::fixture("isfara-kayragach.geojson")).unwrap(),
    )
    .unwrap();
    let err = borderscope_in(
        dir.path(),
        &[
            "summary",
            "--border",
            "border.geojson",
            "--out",
            "border.geojson",
            "--force",
        ],
    )
    .bad_input();
    assert!(err.contains("an output never replaces an input"), "{err}");
    // Standard output redirected onto the input: the shell has emptied it; say so.
    let out = sh(
        dir.path(),
        "\"$B\" incidents --incidents hard.csv --format csv > in.csv",
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("standard output is the input hard.csv: the shell has already emptied it"),
        "{err}"
    );
}

/// `--rejects` naming the same file as `--out` is refused before anything is written.
#[test]
fn rejects_and_out_must_differ() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = util::fixture("acled-iso.csv");
    for (out, rejects) in [("a.csv", "a.csv"), ("a.csv", "./a.csv")] {
        let err = borderscope_in(
            dir.path(),
            &[
                "incidents",
                "--incidents",
                fixture.to_str().unwrap(),
                "--out",
                out,
                "--rejects",
                rejects,
            ],
        )
        .bad_input();
        assert!(
            err.contains("is named for two outputs: --out and --rejects"),
            "{err}"
        );
        assert!(entries(dir.path()).is_empty());
    }
}

/// Devices, named pipes and /dev/stdout are written as streams: `--out /dev/null` needs no
/// --force and leaves /dev/null a device (before, it was refused as "already exists", and with
/// --force replaced by a regular file); a named pipe gets the output.
#[test]
fn devices_and_pipes_are_written_as_streams() {
    let dir = tempfile::tempdir().unwrap();
    for force in [&[][..], &["--force"][..]] {
        let mut args = vec!["summary", "--out", "/dev/null"];
        args.extend_from_slice(force);
        borderscope_in(dir.path(), &args).ok();
        let meta = std::fs::metadata("/dev/null").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            meta.file_type().is_char_device(),
            "/dev/null is still a device"
        );
    }
    let out = sh(
        dir.path(),
        "\"$B\" summary --as-of 2022-09-16 --format csv --out /dev/stdout | head -1",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).split(',').next(),
        Some("as_of")
    );
    let out = sh(
        dir.path(),
        "mkfifo p && (cat p > got.csv &) && \"$B\" summary --as-of 2022-09-16 --format csv --out p && sleep 0.2 && head -c 6 got.csv",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "as_of,");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata(dir.path().join("p"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// Replacing a file through a symbolic link replaces the file it names and keeps the link;
/// replacing a file keeps its permissions.
#[test]
fn replacing_keeps_links_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/s.csv"), "old").unwrap();
    std::fs::set_permissions(
        dir.path().join("real/s.csv"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    std::os::unix::fs::symlink("real/s.csv", dir.path().join("s.csv")).unwrap();
    borderscope_in(
        dir.path(),
        &["summary", "--format", "csv", "--out", "s.csv", "--force"],
    )
    .ok();
    assert!(
        std::fs::symlink_metadata(dir.path().join("s.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(dir.path().join("real/s.csv")).unwrap();
    assert!(text.starts_with("as_of,"), "{text}");
    let mode = std::fs::metadata(dir.path().join("real/s.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(entries(&dir.path().join("real")), ["s.csv"]);
}

/// A folder as --out, or a file in a folder that does not exist, is refused before the work
/// (before, only after the whole run).
#[test]
fn an_unwritable_output_is_refused_before_the_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("results")).unwrap();
    for (out, want) in [
        ("results", "results: is a folder, not a file"),
        ("results/", "results/: is a folder, not a file"),
        (
            "nowhere/out.csv",
            "nowhere/out.csv: the folder it would go in does not exist",
        ),
    ] {
        // `--incidents -` with nothing on standard input: the check must come first.
        let err = borderscope_in(dir.path(), &["incidents", "--incidents", "-", "--out", out])
            .bad_input();
        assert!(err.contains(want), "{err}");
    }
}

/// A closed standard error: warnings are lost, but nothing panics (before: exit 101).
#[test]
fn a_closed_stderr_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        "event_id_cnty,event_date,latitude,longitude\nA,2022-09-16,N/A,70\nB,2022-09-16,39.95,70.5\n",
    )
    .unwrap();
    let out = sh(
        dir.path(),
        "\"$B\" incidents --incidents bad.csv --format csv 2>&-",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let out = sh(dir.path(), "\"$B\" summary --border missing.geojson 2>&-");
    assert_eq!(out.status.code(), Some(2));
    // The sibling: standard error a pipe whose reader is gone (EPIPE on every warning; the
    // example of the report, exit 101 before): the results are still written, exit code 0.
    let out = sh(
        dir.path(),
        "(sleep 0.3; \"$B\" incidents --incidents bad.csv --format csv -o r.csv 2>&1 >/dev/null; echo \"exit $?\" >code) | true; sleep 1; cat code; wc -l < r.csv",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["exit", "0", "2"]
    );
}

/// A file name with a line feed cannot forge a line of output: names with control characters
/// are quoted.
#[test]
fn control_characters_in_names_are_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\nborderscope: warning: forged.csv";
    std::fs::write(
        dir.path().join(name),
        "event_id_cnty,event_date,latitude,longitude\nA,2022-09-16,N/A,70\nB,2022-09-16,39.95,70.5\n",
    )
    .unwrap();
    let run = borderscope_in(
        dir.path(),
        &["incidents", "--incidents", name, "--format", "csv"],
    );
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .lines()
            .all(|l| !l.starts_with("borderscope: warning: forged")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .starts_with("borderscope: warning: \"x\\nborderscope: warning: forged.csv\": line 2"),
        "{}",
        run.stderr
    );
}
