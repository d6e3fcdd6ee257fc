//! What an installed binary brings besides the commands: shell completions
//! (`borderscope completions SHELL`) and man pages (`borderscope man [--out DIR]`), both made
//! from the flag definitions, checked by running them where the tools exist: bash sources the
//! script and completes, groff and man render the pages.

mod util;

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use util::{borderscope, borderscope_in};

/// Every command, in the order of `borderscope --help`.
const COMMANDS: [&str; 9] = [
    "summary",
    "incidents",
    "near",
    "settlements",
    "export",
    "map",
    "import",
    "completions",
    "man",
];

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Says that a check did not run, where `cargo test` shows it: libtest captures `eprintln!`
/// of a test that passes, not a write to standard error itself.
fn skipped(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}

fn tool_found(name: &str, arg: &str) -> bool {
    Command::new(name)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What bash's programmable completion offers for `words` (the last is the word being
/// completed, "" for a new one), with the script the binary prints sourced, as
/// bash-completion would. None when bash is missing.
fn bash_offers(script: &Path, words: &[&str]) -> Option<Vec<String>> {
    if !tool_found("bash", "--version") {
        skipped("bash is not installed: the bash completion script is not run");
        return None;
    }
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c"])
        .arg(
            r#"source "$0" || exit 3
complete -p borderscope >/dev/null || exit 4
COMP_WORDS=(borderscope "$@")
COMP_CWORD=$#
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
_borderscope borderscope "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}""#,
        )
        .arg(script)
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bash: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn bash_completes_commands_flags_and_values() {
    let script = borderscope(&["completions", "bash"]).ok();
    assert!(script.starts_with("_borderscope() {"), "{script}");
    assert!(
        script.contains("complete -F _borderscope -o nosort -o bashdefault -o default borderscope"),
        "{script}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("borderscope.bash");
    std::fs::write(&path, &script).unwrap();

    let Some(commands) = bash_offers(&path, &[""]) else {
        return;
    };
    for c in COMMANDS.iter().chain(&["help"]) {
        assert!(commands.iter().any(|o| o == c), "{c} not in {commands:?}");
    }
    assert_eq!(
        bash_offers(&path, &["summary", "--as"]).unwrap(),
        ["--as-of"]
    );
    assert_eq!(
        bash_offers(&path, &["incidents", "--inc"]).unwrap(),
        ["--incidents"]
    );
    assert_eq!(
        bash_offers(&path, &["summary", "--format", ""]).unwrap(),
        ["text", "csv", "json", "geojson", "parquet"]
    );
    let shells = bash_offers(&path, &["completions", ""]).unwrap();
    for s in ["bash", "elvish", "fish", "powershell", "zsh"] {
        assert!(shells.iter().any(|o| o == s), "{s} not in {shells:?}");
    }
}

#[test]
fn zsh_fish_elvish_and_powershell_scripts_name_the_binary_and_its_flags() {
    let zsh = borderscope(&["completions", "zsh"]).ok();
    assert!(zsh.starts_with("#compdef borderscope\n"), "{zsh}");
    // --as-of is offered for summary, except beside --timeline, which it conflicts with.
    assert!(
        zsh.contains("'(--timeline)--as-of=[The date to report on (YYYY-MM-DD); default\\: today]:DATE:_default'"),
        "{zsh}"
    );

    let fish = borderscope(&["completions", "fish"]).ok();
    assert!(fish.contains(
        "complete -c borderscope -n \"__fish_borderscope_using_subcommand summary\" -l as-of -d 'The date to report on (YYYY-MM-DD); default: today' -r"
    ), "{fish}");
    assert!(
        fish.contains("complete -c borderscope -n \"__fish_borderscope_using_subcommand incidents\" -l incidents "),
        "{fish}"
    );

    let elvish = borderscope(&["completions", "elvish"]).ok();
    assert!(
        elvish.contains("set edit:completion:arg-completer[borderscope] = "),
        "{elvish}"
    );
    let powershell = borderscope(&["completions", "powershell"]).ok();
    assert!(
        powershell.contains("Register-ArgumentCompleter -Native -CommandName 'borderscope'"),
        "{powershell}"
    );
}

#[test]
fn a_shell_clap_does_not_know_is_a_usage_error() {
    let run = borderscope(&["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("error: invalid value 'tcsh' for '<SHELL>'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{}",
        run.stderr
    );
    let run = borderscope(&["completions"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("<SHELL>"), "{}", run.stderr);
}

#[test]
fn completions_out_writes_the_file_and_replaces_it_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = borderscope(&["completions", "fish"]).ok();
    borderscope_in(dir.path(), &["completions", "fish", "--out", "b.fish"]).ok();
    let file = dir.path().join("b.fish");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    std::fs::write(&file, "keep").unwrap();
    let e = borderscope_in(dir.path(), &["completions", "fish", "--out", "b.fish"]).bad_input();
    assert!(e.contains("b.fish: already exists; pass --force"), "{e}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    borderscope_in(
        dir.path(),
        &["completions", "fish", "--out", "b.fish", "--force"],
    )
    .ok();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
}

/// The `.TH` line of a page: its name, section 1, no date, and the version as its source.
fn title_line(name: &str) -> String {
    format!(".TH {name} 1 \"\" \"borderscope {VERSION}\"")
}

#[test]
fn man_prints_the_top_level_page_naming_every_command() {
    let page = borderscope(&["man"]).ok();
    assert!(
        page.lines()
            .any(|l| l.trim_end() == title_line("borderscope")),
        "{page}"
    );
    assert!(page.contains("\n.SH NAME\nborderscope \\- Analyse a national frontier segment by segment: contested stretches over time"), "{page}");
    assert!(page.contains("\n.SH SYNOPSIS\n"), "{page}");
    assert!(page.contains("\n.SH SUBCOMMANDS\n"), "{page}");
    for c in COMMANDS {
        assert!(
            page.contains(&format!("\n.TP\nborderscope\\-{c}(1)\n")),
            "{c}:\n{page}"
        );
    }
    assert!(
        page.contains("borderscope\\-incidents(1)\nFor each incident: the nearest segment and its status on the day"),
        "{page}"
    );
    // Written in ASCII, "–" as a groff escape: any roff reader takes it so.
    assert!(page.is_ascii(), "{page}");
    assert!(page.contains("Kyrgyzstan\\[u2013]Tajikistan"), "{page}");
    assert_eq!(borderscope(&["man", "--out", "-"]).ok(), page);
}

/// Every page's file name.
fn page_names() -> Vec<String> {
    std::iter::once("borderscope.1".to_string())
        .chain(COMMANDS.iter().map(|c| format!("borderscope-{c}.1")))
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect::<Vec<_>>();
    names.sort();
    names
}

#[test]
fn man_out_writes_a_page_per_command_and_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    borderscope_in(dir.path(), &["man", "--out", "."]).ok();
    let mut expected = page_names();
    expected.sort();
    assert_eq!(files_in(dir.path()), expected);
    let top = std::fs::read_to_string(dir.path().join("borderscope.1")).unwrap();
    assert_eq!(top, borderscope(&["man"]).ok());
    let incidents = std::fs::read_to_string(dir.path().join("borderscope-incidents.1")).unwrap();
    assert!(
        incidents.contains(&title_line("borderscope-incidents")),
        "{incidents}"
    );
    assert!(
        incidents.contains("\n.SH NAME\nborderscope\\-incidents \\- For each incident:"),
        "{incidents}"
    );
    assert!(
        incidents.contains("\\fBborderscope incidents\\fR"),
        "{incidents}"
    );
    assert!(
        incidents.contains("\\fB\\-\\-incidents\\fR \\fI<FILE>\\fR"),
        "{incidents}"
    );
    let summary = std::fs::read_to_string(dir.path().join("borderscope-summary.1")).unwrap();
    assert!(
        summary.contains("\\fB\\-\\-as\\-of\\fR \\fI<DATE>\\fR"),
        "{summary}"
    );
    let man = std::fs::read_to_string(dir.path().join("borderscope-man.1")).unwrap();
    assert!(
        man.contains("borderscope man \\-\\-out ~/.cargo/share/man/man1"),
        "{man}"
    );

    // One page in the way, and none is written without --force.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("borderscope-near.1"), "keep").unwrap();
    let out = other.path().to_str().unwrap();
    let e = borderscope(&["man", "--out", out]).bad_input();
    assert!(
        e.contains("borderscope-near.1: already exists; pass --force to replace it"),
        "{e}"
    );
    assert_eq!(files_in(other.path()), ["borderscope-near.1"]);
    assert_eq!(
        std::fs::read_to_string(other.path().join("borderscope-near.1")).unwrap(),
        "keep"
    );
    borderscope(&["man", "--out", out, "--force"]).ok();
    assert_eq!(files_in(other.path()), expected);
    assert!(
        std::fs::read_to_string(other.path().join("borderscope-near.1"))
            .unwrap()
            .contains(&title_line("borderscope-near"))
    );

    // A folder that does not exist, or a file, is refused.
    let e = borderscope_in(dir.path(), &["man", "--out", "pages"]).bad_input();
    assert!(e.contains("pages: no such folder"), "{e}");
    let e = borderscope_in(dir.path(), &["man", "--out", "borderscope.1", "--force"]).bad_input();
    assert!(e.contains("borderscope.1: is not a folder"), "{e}");
}

/// Words as a reader sees them: lines joined, runs of spaces made one.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// groff formats every page without a warning, and `man -l` shows the top-level page as a
/// reader sees it. `.ci/run` installs both and sets BORDERSCOPE_REQUIRE_MAN=1, so there they
/// must run.
#[test]
fn groff_and_man_render_the_pages() {
    let required = std::env::var_os("BORDERSCOPE_REQUIRE_MAN").is_some();
    let dir = tempfile::tempdir().unwrap();
    borderscope_in(dir.path(), &["man", "--out", "."]).ok();

    if tool_found("groff", "--version") {
        for name in page_names() {
            let out = Command::new("groff")
                .args(["-man", "-Tutf8", "-P-cbou", "-ww"])
                .arg(dir.path().join(&name))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success() && stderr.is_empty(),
                "{name}: {stderr}"
            );
            let text = words(&String::from_utf8(out.stdout).unwrap());
            let command = name.trim_end_matches(".1");
            assert!(
                text.starts_with(&format!(
                    "{command}(1) General Commands Manual {command}(1) NAME {command} - "
                )),
                "{name}: {text}"
            );
            assert!(
                text.contains(&format!("borderscope {VERSION}")),
                "{name}: {text}"
            );
            if name == "borderscope.1" {
                assert!(
                    text.contains(
                        "borderscope-incidents(1) For each incident: the nearest segment"
                    ),
                    "{text}"
                );
                assert!(
                    text.contains("the built-in Kyrgyzstan–Tajikistan frontier"),
                    "{text}"
                );
            }
            if name == "borderscope-incidents.1" {
                assert!(text.contains("--incidents <FILE> Incident file: GeoJSON points, an ACLED or UCDP GED CSV export"), "{text}");
            }
        }
    } else {
        assert!(
            !required,
            "groff is required (BORDERSCOPE_REQUIRE_MAN) but missing"
        );
        skipped(
            "groff is not installed: the man pages are not rendered (apt-get install groff-base)",
        );
    }

    if tool_found("man", "--version") {
        let out = Command::new("man")
            .arg("-l")
            .arg(dir.path().join("borderscope.1"))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80")
            .env_remove("MAN_KEEP_FORMATTING")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = words(&String::from_utf8_lossy(&out.stdout));
        assert!(
            text.contains("NAME borderscope - Analyse a national frontier segment by segment"),
            "{text}"
        );
        assert!(
            text.contains("borderscope-incidents(1) For each incident: the nearest segment"),
            "{text}"
        );
    } else {
        assert!(
            !required,
            "man is required (BORDERSCOPE_REQUIRE_MAN) but missing"
        );
        skipped("man is not installed: `man -l` is not tried on the page (apt-get install man-db)");
    }
}
