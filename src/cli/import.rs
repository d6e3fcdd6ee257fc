//! `borderscope import`: the shared border of two countries as a frontier file.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use borderscope::Status;
use borderscope::analysis::{
    ImportLabels, frontier_from_pieces, polygons_shared_border, topology_shared_border,
};
use borderscope::geodesy::length_m;
use borderscope::io::{CountryFile, FeatureFormat, frontier_to_format, load_countries};
use borderscope::model::Country;
use clap::{Args, ValueEnum};
use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Contested,
    Settled,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The two countries, each by id, name or code as the file has it (e.g. KG TJ, 417 762,
    /// Kyrgyzstan Tajikistan).
    #[arg(long, num_args = 2, value_names = ["A", "B"], required = true)]
    pub between: Vec<String>,
    /// A TopoJSON topology (e.g. npm world-atlas countries-10m.json) or a GeoJSON
    /// FeatureCollection of country polygons.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub output: super::OutputArgs,
    /// Output format, as for export; default: from the --out file's extension (.geojson,
    /// .geojsonl, .geojsons, .csv), else GeoJSON. Only GeoJSON keeps the collection's
    /// `frontier` member (the countries) and loads again with --border.
    #[arg(long, value_enum)]
    pub format: Option<FeatureFormat>,
    /// Status given to every segment.
    #[arg(long, value_enum, default_value = "settled")]
    pub status: StatusArg,
    /// First day of that status (YYYY-MM-DD); default: undated, i.e. always.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub since: Option<Date>,
    /// For GeoJSON polygons: how far apart (metres) two boundaries may run and still count as
    /// the same border. Sources simplified country by country need a few metres.
    #[arg(long, value_name = "METRES", default_value_t = 10.0)]
    pub tolerance_m: f64,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<()> {
    if !(args.tolerance_m.is_finite() && args.tolerance_m >= 0.0) {
        bail!(
            "--tolerance-m must be a number ≥ 0, not {}",
            args.tolerance_m
        );
    }
    let format = args
        .output
        .format(args.format, Ok(FeatureFormat::GeoJson))?;
    let out = args.output.open(&[args.file.as_path()])?;
    let file = borderscope::io::file_label(&args.file);
    let countries = load_countries(&args.file)?;
    let (qa, qb) = (&args.between[0], &args.between[1]);
    let a = countries.find(qa, &file)?;
    let b = countries.find(qb, &file)?;
    if a == b {
        bail!("{file}: {qa:?} and {qb:?} name the same feature");
    }
    let (label_a, label_b) = (countries.label(a), countries.label(b));
    let pieces = match &countries {
        CountryFile::Topology(t) => topology_shared_border(t, a, b),
        CountryFile::Polygons(p) => polygons_shared_border(&p[a], &p[b], args.tolerance_m),
    };
    if pieces.is_empty() {
        bail!(
            "{file}: {} and {} share no border{}",
            label_a.name,
            label_b.name,
            match countries {
                CountryFile::Polygons(_) => format!(" within {} m", args.tolerance_m),
                CountryFile::Topology(_) => " (no arc is used by both)".to_string(),
            }
        );
    }
    let total_km: f64 = pieces.iter().map(length_m).sum::<f64>() / 1000.0;
    super::diag::note(&format!(
        "{} – {}: {} piece(s), {} closed, {:.3} km",
        label_a.name,
        label_b.name,
        pieces.len(),
        pieces.iter().filter(|p| p.is_closed()).count(),
        total_km
    ));
    let country = |l: borderscope::io::CountryLabel, query: &str| Country {
        name: l.name,
        code: l.code.unwrap_or_else(|| query.to_string()),
    };
    let labels = ImportLabels {
        a: country(label_a, qa),
        b: country(label_b, qb),
        status: match args.status {
            StatusArg::Contested => Status::Contested,
            StatusArg::Settled => Status::Settled,
        },
        since: args.since,
        source: args
            .file
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned()),
    };
    let frontier = frontier_from_pieces(pieces, &labels);
    let text = frontier_to_format(&frontier, format);
    out.write_all(&super::encode_features(format, text, &[])?)
        .context("writing the frontier")
}
