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
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &SummaryArgs) -> anyhow::Result<()> {
    let inputs = args.border.iter().map(PathBuf::as_path).collect::<Vec<_>>();
    let out = args.output.open(&inputs)?;
    let credit = super::Credit::open(&args.output, args.format != Format::Csv, &inputs, &[&out])?;
    let frontier = super::frontier(args.border.as_deref())?;
    let measured = MeasuredFrontier::new(&frontier);
    let request = if args.timeline {
        SummaryRequest::Timeline
    } else {
        SummaryRequest::AsOf {
            date: args.as_of.unwrap_or_else(super::today),
            by_segment: args.by_segment,
        }
    };
    let text = summary_report(&measured, request, args.format);
    out.write_all(text.as_bytes()).context("writing output")?;
    credit.finish(attribution(&frontier.meta, Gazetteer::Unused).as_deref())
}
