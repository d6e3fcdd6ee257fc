//! `borderscope summary`: how much of a frontier was contested at a date, or over time.

use std::path::PathBuf;

use anyhow::Context as _;
use borderscope::MeasuredFrontier;
use borderscope::report::{Format, Gazetteer, SummaryRequest, attribution, summary_report};
use clap::Args;
use jiff::civil::Date;

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Frontier file (GeoJSON segments); default: the built-in Kyrgyzstan–Tajikistan frontier.
    #[arg(long, value_name = "FILE")]
    pub border: Option<PathBuf>,
    /// The date to report on (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg, conflicts_with = "timeline")]
    pub as_of: Option<Date>,
    /// Instead of one date, the contested share at every date where a status changed.
    #[arg(long)]
    pub timeline: bool,
    /// Also list every segment with its status on the date, since when, and the source (in CSV:
    /// one row per segment instead of per sector).
    #[arg(long, conflicts_with = "timeline")]
    pub by_segment: bool,
    /// Output format; default: from the --out file's extension (.txt, .csv, .json,
    /// .geojson), else text. GeoJSON: the segments on the date as lines with the --by-segment
    /// columns (the timeline has none).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &SummaryArgs) -> anyhow::Result<()> {
    let format = args.output.format(args.format, Ok(Format::Text))?;
    let request = if args.timeline {
        SummaryRequest::Timeline
    } else {
        SummaryRequest::AsOf {
            date: args.as_of.unwrap_or_else(super::today),
            by_segment: args.by_segment,
        }
    };
    request.check(format).map_err(|e| match request {
        SummaryRequest::Timeline => anyhow::anyhow!(
            "summary --timeline: {e} (the segments as features: summary --as-of DATE --format geojson)"
        ),
        SummaryRequest::AsOf { .. } => anyhow::anyhow!("summary: {e}"),
    })?;
    let inputs = args.border.iter().map(PathBuf::as_path).collect::<Vec<_>>();
    let out = args.output.open(&inputs)?;
    let credit = super::Credit::open(&args.output, format.carries_attribution(), &inputs, &[&out])?;
    let frontier = super::frontier(args.border.as_deref())?;
    let measured = MeasuredFrontier::new(&frontier);
    let text = summary_report(&measured, request, format)?;
    out.write_all(&super::encode(format.is_binary(), text)?)
        .context("writing output")?;
    credit.finish(attribution(&frontier.meta, Gazetteer::Unused).as_deref())
}
