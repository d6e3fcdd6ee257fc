//! The command line: flag definitions (clap) and one module per subcommand. Only this module
//! knows about flags, terminals and exit codes.

pub mod diag;
mod export;
pub mod hints;
mod import;
mod incidents;
mod map;
mod near;
mod settlements;
mod sources;
mod summary;

use std::path::{Path, PathBuf};

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

/// Checks a distance flag in kilometres: finite and ≥ 0.
fn check_km(flag: &str, km: f64) -> anyhow::Result<()> {
    if km.is_finite() && km >= 0.0 {
        Ok(())
    } else {
        anyhow::bail!("{flag} must be a distance in km ≥ 0, not {km}")
    }
}
