//! `borderscope incidents`: which incidents fell near stretches contested on the day. The
//! report and the record loop are the library's ([`borderscope::report`]); this file has the
//! flags, the progress bar and the warnings.

use std::io::{IsTerminal as _, Write as _};

use anyhow::Context as _;
use borderscope::analysis::{Period, Proximity, Region};
use borderscope::io::{IncidentInput, Keep, OutputWriter};
use borderscope::report::pipeline::{self, BLOCK_BYTES};
use borderscope::report::{Batch, Format, IncidentReport, Sink, Totals, attribution, kept_columns};
use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::sources::{IncidentArgs, Intake, SourceArgs, csv_header, input_name, warn_if_swapped};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Year,
    Month,
    All,
}

#[derive(Debug, Args)]
pub struct IncidentsArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub incidents: IncidentArgs,
    /// Distance from a contested stretch (km) within which an incident counts as near it.
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub within: f64,
    /// Take every segment's status on this date (YYYY-MM-DD) instead of each incident's own date.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    /// Output format; default: from the --out file's extension (.txt, .csv, .json,
    /// .geojson), else text. GeoJSON: the incidents as points; with --by-segment, the ranked
    /// segments as lines.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Rank segments by the incidents (within --within km) and fatalities near them, per period.
    #[arg(long)]
    pub by_segment: bool,
    /// The period for --by-segment.
    #[arg(long, value_enum, default_value = "year", requires = "by_segment")]
    pub period: PeriodArg,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &IncidentsArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    let format = args.output.format(args.format, Ok(Format::Text))?;
    let (out, rejects, inputs) =
        super::sources::open_outputs(&args.output, &args.sources, &args.incidents)?;
    let others: Vec<&borderscope::io::Output> = std::iter::once(&out).chain(&rejects).collect();
    let credit = super::Credit::open(&args.output, format.carries_attribution(), &inputs, &others)?;
    let frontier = args.sources.frontier()?;
    let (settlements, file_credit) = args.sources.settlements()?;
    let attribution = attribution(&frontier.meta, args.sources.gazetteer(&file_credit));
    let engine = Proximity::new(&frontier, &settlements);
    // CSV and Parquet rows give distances to the millimetre and no settlement's direction.
    let engine = if matches!(format, Format::Csv | Format::Parquet) && !args.by_segment {
        engine.to_the_millimetre()
    } else {
        engine
    };
    let rules = args.incidents.rules()?;
    let report = IncidentReport {
        engine: &engine,
        as_of: args.as_of,
        within_km: args.within,
        format,
        period: args.by_segment.then_some(match args.period {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
            PeriodArg::All => Period::All,
        }),
        rules: &rules,
        max_uncertainty_m: args.incidents.max_uncertainty_m()?,
        attribution: attribution.as_deref(),
        kept: &[],
    };
    let region = Region::around(&frontier);
    // The input opened (its header read and checked) before anything is written, so that a
    // refused file leaves no title on standard output.
    let input = args.incidents.input()?;
    let keep = args.incidents.keep.clone().unwrap_or_default();
    if keep != Keep::None && (format == Format::Text || args.by_segment) {
        anyhow::bail!(
            "--keep carries input columns into the rows of --format csv, json and geojson; {} has none",
            if args.by_segment {
                "--by-segment"
            } else {
                "--format text"
            }
        );
    }
    let kept = match &input {
        Some(i) => match i.kept_names(&keep) {
            Some(names) => kept_columns(names),
            None if format == Format::Geojson => Vec::new(),
            None => anyhow::bail!(
                "--keep all: the records of a JSON file need not share their fields, and the {} header comes first: name the fields to keep (--keep a,b,c), or write --format geojson, which carries every property",
                if format == Format::Csv { "CSV" } else { "JSON" }
            ),
        },
        None if keep != Keep::None => {
            anyhow::bail!(
                "--keep needs --incidents FILE: the built-in incidents are GeoJSON whose properties --format geojson carries"
            )
        }
        None => Vec::new(),
    };
    let report = IncidentReport {
        kept: &kept,
        ..report
    };
    let mut w = out.writer()?;
    w.write_all(report.header().as_bytes())
        .map_err(|e| w.error(e))?;
    let w = RowsOut::new(w, format == Format::Parquet && !args.by_segment, &kept)?;

    let intake = Intake::new(
        &args.incidents,
        rejects.as_ref(),
        input_name(&input),
        csv_header(&input),
    )?;
    let progress = progress_bar(match &input {
        Some(IncidentInput::Csv(source)) => source.len,
        _ => None,
    });
    let input = match input {
        Some(input) => input,
        None => IncidentInput::Records(borderscope::embedded::kg_tj_incidents()?),
    };
    let sink = Rows {
        intake,
        report: &report,
        w,
        totals: Totals::default(),
        swapped: 0,
        progress,
    };
    let late = input.late_notes();
    let mut rows = pipeline::run(input, |records| report.assess(records, &region), sink)?;
    super::sources::warn_late_notes(&late);
    rows.progress.finish_and_clear();
    warn_if_swapped(rows.swapped, rows.totals.incidents);
    rows.totals.skipped = rows.intake.skipped;
    if rows.totals.left_out > 0 && format != Format::Text {
        eprintln!(
            "borderscope: {}",
            report
                .left_out_words(rows.totals.left_out)
                .trim_start_matches("; ")
        );
    }
    rows.intake.finish()?;
    let footer = report.footer(rows.totals)?;
    let mut w = rows.w.finish(&report)?;
    let footer = super::encode(format == Format::Parquet && args.by_segment, footer)?;
    w.write_all(&footer).map_err(|e| w.error(e))?;
    w.finish().context("writing output")?;
    credit.finish(attribution.as_deref())
}

/// A progress bar on standard error for large files, only when that is a terminal.
fn progress_bar(len: Option<u64>) -> indicatif::ProgressBar {
    match len {
        Some(n) if std::io::stderr().is_terminal() && n > 8 * BLOCK_BYTES as u64 => {
            let bar = indicatif::ProgressBar::new(n);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        }
        _ => indicatif::ProgressBar::hidden(),
    }
}

/// The batches, taken in input order: rows written, bad rows to the intake, counts kept.
struct Rows<'a> {
    intake: Intake,
    report: &'a IncidentReport<'a>,
    w: RowsOut,
    totals: Totals,
    swapped: u64,
    progress: indicatif::ProgressBar,
}

impl Sink<Batch> for Rows<'_> {
    type Error = anyhow::Error;

    fn take(&mut self, mut d: Batch) -> anyhow::Result<()> {
        for note in &d.notes {
            self.intake.note(note);
        }
        for (e, raw, lines) in d.errors.drain(..) {
            self.intake.reject(e, raw.as_deref(), lines)?;
        }
        self.intake.read += d.incidents;
        match &mut self.w {
            RowsOut::Text(w) => {
                if !d.bytes.is_empty() {
                    w.write_all(self.report.separator(self.totals.incidents))
                        .and_then(|()| w.write_all(&d.bytes))
                        .map_err(|e| w.error(e))?;
                }
            }
            #[cfg(feature = "parquet")]
            RowsOut::Parquet(p) => {
                if let Some(table) = d.table.take() {
                    p.write(table).context("writing the Parquet file")?;
                }
            }
        }
        self.swapped += d.swapped;
        self.totals.add(&mut d);
        Ok(())
    }

    fn reached(&mut self, bytes: u64) {
        self.progress.set_position(bytes);
    }
}

/// Where the rows go: the output, or a GeoParquet file on it (a row group per batch; the
/// ranking of --by-segment, made whole at the end, is written from its GeoJSON).
enum RowsOut {
    Text(OutputWriter),
    #[cfg(feature = "parquet")]
    Parquet(Box<borderscope::report::IncidentParquet<OutputWriter>>),
}

impl RowsOut {
    fn new(
        w: OutputWriter,
        parquet: bool,
        kept: &[borderscope::report::KeptColumn],
    ) -> anyhow::Result<Self> {
        if !parquet {
            return Ok(RowsOut::Text(w));
        }
        #[cfg(feature = "parquet")]
        {
            Ok(RowsOut::Parquet(Box::new(
                borderscope::report::IncidentParquet::new(w, kept)
                    .context("starting the Parquet file")?,
            )))
        }
        #[cfg(not(feature = "parquet"))]
        {
            let _ = (w, kept);
            anyhow::bail!("this borderscope was built without Parquet")
        }
    }

    /// The output, the Parquet file's footer written.
    fn finish(self, report: &IncidentReport) -> anyhow::Result<OutputWriter> {
        match self {
            RowsOut::Text(w) => {
                let _ = report;
                Ok(w)
            }
            #[cfg(feature = "parquet")]
            RowsOut::Parquet(p) => p
                .finish(report.within_km, report.as_of, report.attribution)
                .context("writing the Parquet file"),
        }
    }
}
