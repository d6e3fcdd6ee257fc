//! The command line: flag definitions (clap) and one module per subcommand. Only this module
//! knows about flags, terminals and exit codes.

mod completions;
pub mod diag;
mod export;
mod format;
pub mod hints;
mod import;
mod incidents;
mod man;
mod map;
mod near;
mod settlements;
mod sources;
mod summary;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use borderscope::{Frontier, embedded, load_frontier};
use clap::{Parser, Subcommand};
use jiff::civil::Date;

/// Analyse a national frontier segment by segment: which stretches were contested when, how
/// long they are on the WGS84 ellipsoid, and what share of the frontier that is.
///
/// With no --border, the built-in Kyrgyzstan–Tajikistan frontier is used.
#[derive(Debug, Parser)]
#[command(name = "borderscope", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measured, contested and settled length of a frontier at a date, by sector.
    Summary(summary::SummaryArgs),
    /// For each incident: the nearest segment and its status on the day, the nearest contested
    /// stretch, and the nearest settlement.
    Incidents(incidents::IncidentsArgs),
    /// What lies near a point: the nearest segment, and the settlements and incidents around it.
    Near(near::NearArgs),
    /// Settlements within a distance of segments with a given status on a date.
    Settlements(settlements::SettlementsArgs),
    /// One layered GeoJSON (segments, settlements, incidents, corridors) for map viewers.
    Export(export::ExportArgs),
    /// A map of the frontier on a date: a static SVG for reports, or an interactive HTML page.
    Map(map::MapArgs),
    /// Derive the shared border of two countries from TopoJSON or GeoJSON polygons.
    Import(import::ImportArgs),
    /// Print the completion script for a shell: bash, zsh, fish, elvish or powershell.
    #[command(after_long_help = completions::INSTALL_HELP)]
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff), or write every command's page into a folder.
    #[command(after_long_help = man::INSTALL_HELP)]
    Man(man::ManArgs),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Summary(args) => summary::run(&args),
        Command::Incidents(args) => incidents::run(&args),
        Command::Near(args) => near::run(&args),
        Command::Settlements(args) => settlements::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Map(args) => map::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}

/// The frontier to work on: `--border FILE`, or the embedded one.
fn frontier(border: Option<&Path>) -> anyhow::Result<Frontier> {
    match border {
        Some(path) => Ok(load_frontier(path)?),
        None => Ok(embedded::kg_tj_frontier()),
    }
}

/// "Today" for defaults, read once here so that the library stays deterministic.
fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// A `YYYY-MM-DD` command-line value.
fn parse_date_arg(s: &str) -> Result<Date, String> {
    borderscope::parse_date(s).map_err(|e| e.to_string())
}

/// `--out FILE` and `--force`, shared by every command that writes results.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output ("-" for standard output). The file is written
    /// whole or not at all.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// The format to write: `explicit` (`--format`), else the one `--out`'s extension names,
    /// else `default` ([`format::choose`]).
    pub fn format<F: format::OutputFormat>(
        &self,
        explicit: Option<F>,
        default: Result<F, &str>,
    ) -> anyhow::Result<F> {
        let f = format::choose(explicit, self.out.as_deref(), default)?;
        if f.is_binary() {
            let (feature, built) = f.feature();
            if !built {
                anyhow::bail!(
                    "--format {}: this borderscope was built without it; install it with `cargo install --locked --path . --features {feature}`",
                    f.name()
                );
            }
            let to_stdout = self.out.as_deref().is_none_or(|p| p.as_os_str() == "-");
            if to_stdout && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                anyhow::bail!(
                    "--format {0}: {0} is binary, not for a terminal: give --out FILE.{0} (or redirect standard output)",
                    f.name()
                );
            }
        }
        Ok(f)
    }

    /// The output, checked early: a file that exists and may not be replaced, a folder, or
    /// one of the `inputs` is an error now, not after the work.
    pub fn open(&self, inputs: &[&Path]) -> anyhow::Result<borderscope::io::Output> {
        let out =
            borderscope::io::Output::new(self.out.as_deref().unwrap_or(Path::new("-")), self.force);
        out.check_not_input(inputs)?;
        out.check_writable()?;
        Ok(out)
    }
}

/// The bytes to write for a report or a file of features made as `text` (GeoJSON, for
/// Parquet: [`borderscope::report::Format::text_form`]).
pub fn encode(binary: bool, text: String) -> anyhow::Result<Vec<u8>> {
    if !binary {
        return Ok(text.into_bytes());
    }
    #[cfg(feature = "parquet")]
    {
        Ok(borderscope::io::geoparquet::collection_to_parquet(&text)?)
    }
    #[cfg(not(feature = "parquet"))]
    {
        anyhow::bail!("this borderscope was built without Parquet")
    }
}

/// A feature file's bytes: the text, or for Parquet and GeoPackage the database made from the
/// FeatureCollection `text` (a GeoPackage with `styles`, `(layer, QML)`, as its layers'
/// default QGIS styles).
pub fn encode_features(
    format: borderscope::io::FeatureFormat,
    text: String,
    styles: &[(String, String)],
) -> anyhow::Result<Vec<u8>> {
    match format {
        borderscope::io::FeatureFormat::GeoPackage => {
            #[cfg(feature = "gpkg")]
            {
                Ok(borderscope::io::geopackage::collection_to_gpkg(
                    &text, styles,
                )?)
            }
            #[cfg(not(feature = "gpkg"))]
            {
                let _ = styles;
                anyhow::bail!("this borderscope was built without GeoPackage")
            }
        }
        f => encode(f.is_binary(), text),
    }
}

/// The attribution of an output with no place for it in-band (CSV, GeoJSON lines and
/// sequences): with `--out FILE` (a regular file), `FILE.attribution.txt` beside it, checked
/// before any work like the output itself (never an input, nor another output, replaced only
/// with `--force`); on standard output, a device or a pipe, a notice on standard error when
/// that is a terminal.
pub struct Credit {
    /// Whether the format has no place for the attribution.
    out_of_band: bool,
    sidecar: Option<borderscope::io::Output>,
}

impl Credit {
    /// `in_band`: the format carries the attribution itself (JSON, GeoJSON, text), and nothing
    /// more is written. `others`: the command's outputs, the main one first, which the sidecar
    /// may not be.
    pub fn open(
        output: &OutputArgs,
        in_band: bool,
        inputs: &[&Path],
        others: &[&borderscope::io::Output],
    ) -> anyhow::Result<Self> {
        // Only beside a regular file: not beside a device, a pipe or /dev/stdout.
        let sidecar = match others.first() {
            Some(borderscope::io::Output::File { path, .. }) if !in_band => {
                let side = borderscope::io::Output::new(
                    &borderscope::report::sidecar_path(path),
                    output.force,
                );
                side.check_not_input(inputs)?;
                side.check_writable()?;
                for other in others {
                    other.check_distinct(&side).map_err(|e| {
                        anyhow::anyhow!("{}: the attribution file", hints::write_error(&e))
                    })?;
                }
                Some(side)
            }
            _ => None,
        };
        Ok(Credit {
            out_of_band: !in_band,
            sidecar,
        })
    }

    /// After the output is written: the sidecar written whole (when there is one and the data
    /// owes a credit), or the notice on a terminal.
    pub fn finish(self, attribution: Option<&str>) -> anyhow::Result<()> {
        let Some(a) = attribution else {
            return Ok(());
        };
        if let Some(side) = self.sidecar {
            side.write_all(borderscope::report::sidecar_text(a).as_bytes())
                .context("writing the attribution file")?;
        } else if self.out_of_band && std::io::stderr().is_terminal() {
            eprintln!("borderscope: data: {a} (with --out FILE, written to FILE.attribution.txt)");
        }
        Ok(())
    }
}

/// Checks a distance flag in kilometres: finite and ≥ 0.
fn check_km(flag: &str, km: f64) -> anyhow::Result<()> {
    if km.is_finite() && km >= 0.0 {
        Ok(())
    } else {
        anyhow::bail!("{flag} must be a distance in km ≥ 0, not {km}")
    }
}
