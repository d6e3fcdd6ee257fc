//! `borderscope settlements`: the settlements within a distance of segments with a status.

use anyhow::Context as _;
use borderscope::Status;
use borderscope::analysis::Proximity;
use borderscope::report::{Format, attribution, settlements_report};
use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::sources::SourceArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Contested,
    Settled,
    Any,
}

#[derive(Debug, Args)]
pub struct SettlementsArgs {
    /// Distance (km) from the segments.
    #[arg(long, value_name = "KM", default_value_t = 5.0)]
    pub within: f64,
    /// Only segments with this status on the date.
    #[arg(long, value_enum, default_value = "any")]
    pub status: StatusFilter,
    /// The date (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    /// Output format; default: from the --out file's extension (.txt, .csv, .json,
    /// .geojson), else text. GeoJSON: the settlements as points.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &SettlementsArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    let format = args.output.format(args.format, Ok(Format::Text))?;
    let inputs = args.sources.inputs();
    let out = args.output.open(&inputs)?;
    let credit = super::Credit::open(&args.output, format.carries_attribution(), &inputs, &[&out])?;
    let frontier = args.sources.frontier()?;
    let (settlements, file_credit) = args.sources.settlements()?;
    let attribution = attribution(&frontier.meta, args.sources.gazetteer(&file_credit));
    let engine = Proximity::new(&frontier, &settlements);
    let date = args.as_of.unwrap_or_else(super::today);
    let status = match args.status {
        StatusFilter::Contested => Some(Status::Contested),
        StatusFilter::Settled => Some(Status::Settled),
        StatusFilter::Any => None,
    };
    let text = settlements_report(
        &engine,
        args.within,
        status,
        date,
        format,
        attribution.as_deref(),
    );
    out.write_all(&super::encode(format.is_binary(), text)?)
        .context("writing output")?;
    credit.finish(attribution.as_deref())
}
