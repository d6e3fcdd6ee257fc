//! `borderscope man`: the manual pages, made with clap_mangen from the same flag definitions
//! as `--help`: the top-level page on standard output, or every page into a folder.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use borderscope::io::{Output, file_label};
use clap::{Args, CommandFactory as _};

/// Where to put the pages (the variant's long help and its man page).
pub const INSTALL_HELP: &str = "\
Install the pages beside the binary that `cargo install` puts in ~/.cargo/bin:
  mkdir -p ~/.cargo/share/man/man1
  borderscope man --out ~/.cargo/share/man/man1

Then `man borderscope` and `man borderscope-incidents` work with man-db (most Linux
systems), which looks in ~/.cargo/share/man while ~/.cargo/bin is on PATH. Elsewhere, add
`export MANPATH=\"$HOME/.cargo/share/man:\"` to the shell's start-up file.";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write every page into the folder DIR, which must exist: borderscope.1 and one page per
    /// command (borderscope-incidents.1, …), all of them or none. Without it (or with "-"), the
    /// top-level page is printed to standard output, as roff.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace pages that exist in DIR.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ManArgs) -> anyhow::Result<()> {
    let dir = match &args.out {
        Some(dir) if dir.as_os_str() != "-" => dir,
        _ => {
            let (_, roff) = page(&command()).context("rendering the man page")?;
            return Output::Stdout
                .write_all(&roff)
                .context("writing the man page");
        }
    };
    if !dir.is_dir() {
        if dir.exists() {
            bail!(
                "{}: is not a folder (--out names the folder the pages go in)",
                file_label(dir)
            );
        }
        bail!(
            "{}: no such folder (create it first: mkdir -p)",
            file_label(dir)
        );
    }
    let mut pages = Vec::new();
    collect(&command(), &mut pages).context("rendering the man pages")?;
    let outputs = pages
        .iter()
        .map(|(name, _)| Output::new(&dir.join(name), args.force))
        .collect::<Vec<_>>();
    // Every page is checked, then written beside itself, before any is moved into place: a
    // page that exists (without --force) or a failed write leaves the folder as it was.
    for out in &outputs {
        out.check_writable()?;
    }
    let mut written = Vec::with_capacity(pages.len());
    for (out, (_, roff)) in outputs.iter().zip(&pages) {
        let mut w = out.writer()?;
        w.write_all(roff).map_err(|e| w.error(e))?;
        written.push(w);
    }
    for w in written {
        w.finish()?;
    }
    Ok(())
}

/// The command line as the pages describe it: built (so each subcommand's name is
/// `borderscope-incidents`), without the `help` subcommand, which has no page.
fn command() -> clap::Command {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// One command's page: its file name (`borderscope-incidents.1`) and roff text.
fn page(cmd: &clap::Command) -> std::io::Result<(String, Vec<u8>)> {
    // An empty date is written as nothing, so the source would take the date's place in the
    // footer (clap-rs/clap#6040): an explicit empty argument keeps each in its own. Every page
    // names the version, not only the top-level one.
    let man = clap_mangen::Man::new(cmd.clone())
        .date("\"\"")
        .source(format!("borderscope {}", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    Ok((man.get_filename(), ascii(&roff)))
}

/// The page with every character beyond ASCII (the help's "–", "…", "≥") written as a groff
/// escape (`\[u2013]`), which groff and mandoc read whatever encoding they take the page to
/// be in: `groff -man` without preconv reads the bytes as Latin-1 and prints "Kyrgyzstanâ" and
/// two control characters for "Kyrgyzstan–", with a warning.
fn ascii(roff: &[u8]) -> Vec<u8> {
    let mut out = String::with_capacity(roff.len());
    for c in String::from_utf8_lossy(roff).chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\[u{:04X}]", u32::from(c));
        }
    }
    out.into_bytes()
}

/// The command's page, then its subcommands' pages (and theirs).
fn collect(cmd: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    pages.push(page(cmd)?);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages)?;
    }
    Ok(())
}
