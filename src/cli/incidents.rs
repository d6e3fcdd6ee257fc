//! `borderscope incidents`: which incidents fell near stretches contested on the day.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};

use super::sources::{Region, warn_if_swapped};
use anyhow::Context as _;
use borderscope::analysis::{Assessment, Period, Proximity, SegmentRank, SegmentTally};
use borderscope::geodesy::compass8;
use borderscope::index::NearestSegment;
use borderscope::io::csv_blocks::Block;
use borderscope::io::{IncidentInput, LoadError, OutputWriter, RecordSpan};
use borderscope::model::{Frontier, Incident, Settlement};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::{Value, json};

use super::describe::{distance_text, incident_place_and_toll, relative_to_settlement};
use super::format::csv_field;
use super::sources::{IncidentArgs, Intake, SourceArgs, csv_header, input_name};

/// How `incidents` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IncidentFormat {
    Text,
    Csv,
    Json,
    Geojson,
}

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
    #[arg(long, value_enum, default_value = "text")]
    pub format: IncidentFormat,
    /// Rank segments by the incidents (within --within km) and fatalities near them, per period.
    #[arg(long)]
    pub by_segment: bool,
    /// The period for --by-segment.
    #[arg(long, value_enum, default_value = "year", requires = "by_segment")]
    pub period: PeriodArg,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

/// The CSV columns, in the order of the contract.
pub const CSV_HEADER: &str = "id,date,lon,lat,segment_id,segment_status,distance_m,contested_segment_id,contested_distance_m,near_contested,settlement,settlement_distance_m";

/// Bytes of CSV per block handed to a worker, and blocks read per batch (per thread).
const BLOCK_BYTES: usize = 1 << 20;
const BLOCKS_PER_THREAD: usize = 2;
/// Incidents per work unit when the input is already in memory (GeoJSON).
const CHUNK_RECORDS: usize = 4096;

/// What every worker needs to know.
struct Job<'a> {
    frontier: &'a Frontier,
    settlements: &'a [Settlement],
    engine: &'a Proximity<'a>,
    as_of: Option<Date>,
    within_m: f64,
    format: IncidentFormat,
    /// `Some` for `--by-segment`: only a tally is kept.
    period: Option<Period>,
    /// The frontier's box widened by a degree: points far outside it are suspect.
    region: Region,
}

/// What a worker returns for one block of records, in input order.
#[derive(Default)]
struct Done {
    /// The formatted output of the block's incidents, separated as the format wants.
    bytes: Vec<u8>,
    incidents: u64,
    near: u64,
    /// Incidents that look like they have latitude and longitude swapped.
    swapped: u64,
    /// Bad rows, with their text for a CSV file and the lines they span.
    errors: Vec<(LoadError, Option<Vec<u8>>, u64)>,
    /// Warnings about rows that were kept.
    notes: Vec<String>,
    tally: SegmentTally,
}

pub fn run(args: &IncidentsArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    let (out, rejects, _) =
        super::sources::open_outputs(&args.output, &args.sources, &args.incidents)?;
    let frontier = args.sources.frontier()?;
    let settlements = args.sources.settlements()?;
    let engine = Proximity::new(&frontier, &settlements);
    let job = Job {
        frontier: &frontier,
        settlements: &settlements,
        engine: &engine,
        as_of: args.as_of,
        within_m: args.within * 1000.0,
        format: args.format,
        period: args.by_segment.then_some(match args.period {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
            PeriodArg::All => Period::All,
        }),
        region: Region::around(&frontier),
    };
    let mut w = out.writer()?;
    if job.period.is_none() {
        header(&job, args.within, &mut w).map_err(|e| w.error(e))?;
    }

    let input = args.incidents.input()?;
    let intake = Intake::new(
        &args.incidents,
        rejects.as_ref(),
        input_name(&input),
        csv_header(&input),
    )?;
    let mut sink = Sink::new(intake);
    if let Some(IncidentInput::Csv(mut source)) = input {
        // CSV: streamed in blocks, each parsed, assessed and formatted by a worker. A reader
        // thread cuts the next batch of blocks while the workers process this one.
        let progress = progress_bar(source.len);
        let per_batch = BLOCKS_PER_THREAD * rayon::current_num_threads().max(1);
        let layout = source.layout.clone();
        let file = source.file.clone();
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Block>, LoadError>>(1);
        let reader = std::thread::spawn(move || {
            loop {
                let mut batch = Vec::with_capacity(per_batch);
                while batch.len() < per_batch {
                    match source.next_block(BLOCK_BYTES) {
                        Ok(Some(b)) => batch.push(b),
                        Ok(None) => break,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                let last = batch.is_empty();
                if tx.send(Ok(batch)).is_err() || last {
                    return;
                }
            }
        });
        // Results are written by a thread of their own, so that the workers go on with the
        // next batch while the last one is written.
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(Vec<Done>, u64)>(1);
        let job_ref = &job;
        let outcome = std::thread::scope(|scope| -> anyhow::Result<(Sink, OutputWriter)> {
            let writer = scope.spawn(move || -> anyhow::Result<(Sink, OutputWriter)> {
                for (done, reached) in done_rx {
                    for d in done {
                        sink.take(d, job_ref, &mut w)?;
                    }
                    progress.set_position(reached);
                }
                progress.finish_and_clear();
                Ok((sink, w))
            });
            let mut read_error = None;
            for batch in rx {
                let batch = match batch {
                    Ok(b) => b,
                    Err(e) => {
                        read_error = Some(e);
                        break;
                    }
                };
                let Some(last) = batch.last() else { break };
                let reached = last.offset + last.bytes.len() as u64;
                let done: Vec<Done> =
                    batch
                        .par_iter()
                        .map(|b| {
                            let rows = layout.parse_block_with_spans(b, &file).into_iter().map(
                                |(r, span)| {
                                    let raw = r.is_err().then(|| {
                                        b.bytes.get(span.bytes.clone()).unwrap_or_default().to_vec()
                                    });
                                    (r, raw, span)
                                },
                            );
                            process(rows, job_ref)
                        })
                        .collect();
                if done_tx.send((done, reached)).is_err() {
                    // The writer stopped on an error, which joining it returns.
                    break;
                }
            }
            drop(done_tx);
            let written = writer
                .join()
                .map_err(|_| anyhow::anyhow!("the output thread failed"))?;
            match read_error {
                Some(e) => Err(e.into()),
                None => written,
            }
        });
        let (s, ww) = outcome?;
        sink = s;
        w = ww;
        let _ = reader.join();
    } else {
        // GeoJSON or the built-in incidents: streamed feature by feature, assessed in parallel
        // chunks a batch at a time, so that memory stays bounded.
        let mut reader = match input {
            Some(input) => input.into_reader(),
            None => borderscope::embedded::kg_tj_incidents()?,
        };
        let per_batch = BLOCKS_PER_THREAD * rayon::current_num_threads().max(1);
        loop {
            let mut chunks: Vec<Vec<Result<Incident, LoadError>>> = Vec::new();
            let mut ended = false;
            while chunks.len() < per_batch && !ended {
                let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
                while chunk.len() < CHUNK_RECORDS {
                    match reader.next() {
                        Some(Err(e)) if !e.is_row_error() => return Err(e.into()),
                        Some(r) => chunk.push(r),
                        None => {
                            ended = true;
                            break;
                        }
                    }
                }
                if !chunk.is_empty() {
                    chunks.push(chunk);
                }
            }
            let done: Vec<Done> = chunks
                .into_par_iter()
                .map(|c| {
                    process(
                        c.into_iter().map(|r| (r, None, RecordSpan::default())),
                        &job,
                    )
                })
                .collect();
            for d in done {
                sink.take(d, &job, &mut w)?;
            }
            if ended {
                break;
            }
        }
    }
    sink.finish(&job, args.within, &mut w)?;
    w.finish().context("writing output")
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

/// The results of the blocks, taken in input order.
struct Sink {
    intake: Option<Intake>,
    incidents: u64,
    near: u64,
    swapped: u64,
    items: u64,
    tally: SegmentTally,
}

impl Sink {
    fn new(intake: Intake) -> Self {
        Sink {
            intake: Some(intake),
            incidents: 0,
            near: 0,
            swapped: 0,
            items: 0,
            tally: SegmentTally::default(),
        }
    }

    fn take(&mut self, d: Done, job: &Job, w: &mut OutputWriter) -> anyhow::Result<()> {
        if let Some(intake) = &mut self.intake {
            for note in &d.notes {
                intake.note(note);
            }
            for (e, raw, lines) in d.errors {
                intake.reject(e, raw.as_deref(), lines)?;
            }
            intake.read += d.incidents;
        }
        if !d.bytes.is_empty() {
            // JSON arrays need a comma between the last item of one block and the next.
            if self.items > 0
                && matches!(job.format, IncidentFormat::Json | IncidentFormat::Geojson)
            {
                w.write_all(b",\n").map_err(|e| w.error(e))?;
            }
            w.write_all(&d.bytes).map_err(|e| w.error(e))?;
        }
        self.items += d.incidents;
        self.incidents += d.incidents;
        self.near += d.near;
        self.swapped += d.swapped;
        self.tally.merge(d.tally);
        Ok(())
    }

    fn finish(&mut self, job: &Job, within_km: f64, w: &mut OutputWriter) -> anyhow::Result<()> {
        let skipped = self.intake.as_ref().map_or(0, |i| i.skipped);
        warn_if_swapped(self.swapped, self.incidents);
        if let Some(intake) = self.intake.take() {
            intake.finish()?;
        }
        let text = if let Some(period) = job.period {
            let rows = std::mem::take(&mut self.tally).ranking();
            if let Some(r) = rows.iter().find(|r| r.fatalities_overflow) {
                anyhow::bail!(
                    "the fatalities of the incidents near {} in {} add up to more than {} (the largest count a total can hold): a fatality figure in the input must be wrong",
                    job.frontier.segments[r.segment].id,
                    r.period,
                    u64::MAX
                );
            }
            by_segment(job.frontier, &rows, job.within_m, period, job.format)
        } else {
            match job.format {
                IncidentFormat::Csv => String::new(),
                IncidentFormat::Json => format!("\n],\n\"skipped_rows\": {skipped}\n}}\n"),
                IncidentFormat::Geojson => "\n]}\n".to_string(),
                IncidentFormat::Text => format!(
                    "\n{} incident(s); {} within {within_km} km of a stretch contested {}{}\n",
                    self.incidents,
                    self.near,
                    job.as_of
                        .map_or("on the incident's date".to_string(), |d| format!("on {d}")),
                    if skipped > 0 {
                        format!(" ({skipped} row(s) skipped: see the warnings)")
                    } else {
                        String::new()
                    }
                ),
            }
        };
        w.write_all(text.as_bytes()).map_err(|e| w.error(e))?;
        Ok(())
    }
}

fn header(job: &Job, within_km: f64, w: &mut OutputWriter) -> std::io::Result<()> {
    let as_of = json!(job.as_of.map(|d| d.to_string()));
    match job.format {
        IncidentFormat::Csv => writeln!(w, "{CSV_HEADER}"),
        IncidentFormat::Json => write!(
            w,
            "{{\n\"within_km\": {within_km},\n\"as_of\": {as_of},\n\"incidents\": [\n"
        ),
        IncidentFormat::Geojson => write!(
            w,
            "{{\"type\":\"FeatureCollection\",\n\"within_km\":{within_km},\n\"as_of\":{as_of},\n\"features\":[\n"
        ),
        IncidentFormat::Text => writeln!(
            w,
            "Incidents, their nearest segment and the nearest stretch contested {} (\"near\": within {within_km} km)",
            job.as_of
                .map_or("on the incident's date".to_string(), |d| format!("on {d}"))
        ),
    }
}

/// Assesses and formats one block of records (run by a worker).
fn process(
    records: impl IntoIterator<Item = (Result<Incident, LoadError>, Option<Vec<u8>>, RecordSpan)>,
    job: &Job,
) -> Done {
    let mut d = Done::default();
    for (r, raw, span) in records {
        if let Some(note) = span.note {
            d.notes.push(note);
        }
        let i = match r {
            Ok(i) => i,
            Err(e) => {
                d.errors.push((e, raw, span.lines));
                continue;
            }
        };
        d.swapped += u64::from(job.region.looks_swapped(i.point.x(), i.point.y()));
        let a = job
            .engine
            .assess(i.point, job.as_of.unwrap_or(i.date), job.within_m);
        if let Some(period) = job.period {
            d.tally.add(job.frontier, &i, &a, job.within_m, period);
        } else {
            match job.format {
                IncidentFormat::Csv => csv_row(&mut d.bytes, job, &i, &a),
                IncidentFormat::Json => {
                    if d.incidents > 0 {
                        d.bytes.extend_from_slice(b",\n");
                    }
                    let v = row_json(job.frontier, job.settlements, &i, &a);
                    d.bytes.extend_from_slice(v.to_string().as_bytes());
                }
                IncidentFormat::Geojson => {
                    if d.incidents > 0 {
                        d.bytes.extend_from_slice(b",\n");
                    }
                    let mut props = match row_json(job.frontier, job.settlements, &i, &a) {
                        Value::Object(m) => m,
                        _ => serde_json::Map::new(),
                    };
                    for (k, v) in &i.properties {
                        props.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                    let f = json!({"type": "Feature", "id": i.id, "properties": props,
                                   "geometry": {"type": "Point", "coordinates": [i.point.x(), i.point.y()]}});
                    d.bytes.extend_from_slice(f.to_string().as_bytes());
                }
                IncidentFormat::Text => text_entry(&mut d.bytes, job, &i, &a),
            }
        }
        d.incidents += 1;
        d.near += u64::from(a.near_contested);
    }
    d
}

/// Appends a field, quoted when it must be (RFC 4180).
fn push_field(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        buf.extend_from_slice(csv_field(s).as_bytes());
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

/// Appends metres with exactly three decimals, as the CSV contract wants.
fn push_m3(buf: &mut Vec<u8>, m: f64) {
    let mm = (m * 1000.0).round();
    if !(0.0..1e15).contains(&mm) {
        let _ = write!(buf, "{m:.3}");
        return;
    }
    let mm = mm as u64;
    let mut ints = itoa::Buffer::new();
    buf.extend_from_slice(ints.format(mm / 1000).as_bytes());
    let frac = mm % 1000;
    buf.extend_from_slice(&[
        b'.',
        b'0' + (frac / 100) as u8,
        b'0' + (frac / 10 % 10) as u8,
        b'0' + (frac % 10) as u8,
    ]);
}

/// Appends a date as YYYY-MM-DD.
fn push_date(buf: &mut Vec<u8>, d: Date) {
    let y = d.year();
    if (0..=9999).contains(&y) {
        let (y, m, day) = (y as u16, d.month() as u8, d.day() as u8);
        buf.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + m / 10,
            b'0' + m % 10,
            b'-',
            b'0' + day / 10,
            b'0' + day % 10,
        ]);
    } else {
        let _ = write!(buf, "{d}");
    }
}

/// Appends a number as Rust's `Display` writes it (the shortest decimal that reads back as the
/// same number, never in exponent form), by the faster Ryū algorithm where the two must agree:
/// in plain notation with at most 15 significant digits, where the shortest decimal is unique
/// (decimals of 15 digits are further apart than neighbouring doubles). Coordinates as
/// sources give them have 5 to 8.
fn push_f64(buf: &mut Vec<u8>, x: f64) {
    let mut b = ryu::Buffer::new();
    let s = b.format(x);
    let s = s.strip_suffix(".0").unwrap_or(s);
    let digits = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&d| d == b'0')
        .count();
    if digits <= 15 && !s.contains(['e', 'E', 'N', 'i']) {
        buf.extend_from_slice(s.as_bytes());
    } else {
        let _ = write!(buf, "{x}");
    }
}

fn csv_row(buf: &mut Vec<u8>, job: &Job, i: &Incident, a: &Assessment) {
    let seg = |n: &NearestSegment| job.frontier.segments[n.segment].id.as_str();
    push_field(buf, &i.id);
    buf.push(b',');
    push_date(buf, i.date);
    buf.push(b',');
    push_f64(buf, i.point.x());
    buf.push(b',');
    push_f64(buf, i.point.y());
    buf.push(b',');
    if let Some(n) = &a.nearest {
        push_field(buf, seg(n));
    }
    buf.push(b',');
    buf.extend_from_slice(a.nearest_status.map_or("", |s| s.as_str()).as_bytes());
    buf.push(b',');
    if let Some(n) = &a.nearest {
        push_m3(buf, n.distance.distance_m);
    }
    buf.push(b',');
    if let Some(n) = &a.contested {
        push_field(buf, seg(n));
    }
    buf.push(b',');
    if let Some(n) = &a.contested {
        push_m3(buf, n.distance.distance_m);
    }
    buf.extend_from_slice(if a.near_contested {
        b",true,"
    } else {
        b",false,"
    });
    if let Some(h) = &a.settlement {
        push_field(buf, &job.settlements[h.index].name);
    }
    buf.push(b',');
    if let Some(h) = &a.settlement {
        push_m3(buf, h.distance_m);
    }
    buf.push(b'\n');
}

fn row_json(
    frontier: &Frontier,
    settlements: &[Settlement],
    i: &Incident,
    a: &Assessment,
) -> Value {
    let seg = |n: &NearestSegment| {
        let s = &frontier.segments[n.segment];
        json!({"id": s.id, "name": s.name, "sector": s.sector,
               "distance_m": (n.distance.distance_m * 1000.0).round() / 1000.0,
               "closest_point": [n.distance.closest.x(), n.distance.closest.y()]})
    };
    json!({
        "id": i.id,
        "date": i.date.to_string(),
        "lon": i.point.x(),
        "lat": i.point.y(),
        "fatalities": i.fatalities,
        "status_date": a.status_date.to_string(),
        "segment": a.nearest.as_ref().map(seg),
        "segment_status": a.nearest_status.map(|s| s.as_str()),
        "contested_segment": a.contested.as_ref().map(seg),
        "near_contested": a.near_contested,
        "settlement": a.settlement.map(|h| {
            let s = &settlements[h.index];
            json!({"name": s.name, "country": s.country, "geonames_id": s.geonames_id,
                   "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                   "direction": compass8(h.azimuth_from_deg),
                   "precision": s.precision.code(),
                   "description": relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)})
        }),
    })
}

fn text_entry(buf: &mut Vec<u8>, job: &Job, i: &Incident, a: &Assessment) {
    let mut out = String::new();
    let (place, fat) = incident_place_and_toll(i);
    let mark = if a.near_contested {
        "NEAR CONTESTED"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "\n{}  {}{place}  ({}{fat})  {mark}",
        i.date,
        i.id,
        super::describe::position_text(i.point.y(), i.point.x(), 4)
    );
    match &a.nearest {
        Some(n) => {
            let s = &job.frontier.segments[n.segment];
            let _ = writeln!(
                out,
                "    nearest segment   {} from {} \"{}\" ({} on {})",
                distance_text(n.distance.distance_m),
                s.id,
                s.name,
                a.nearest_status.map_or("no status", |x| x.as_str()),
                a.status_date
            );
        }
        None => {
            let _ = writeln!(out, "    nearest segment   none on {}", a.status_date);
        }
    }
    match &a.contested {
        Some(c) if a.nearest.is_none_or(|n| n.segment != c.segment) => {
            let s = &job.frontier.segments[c.segment];
            let _ = writeln!(
                out,
                "    nearest contested {} from {} \"{}\"",
                distance_text(c.distance.distance_m),
                s.id,
                s.name
            );
        }
        Some(_) => {}
        None => {
            let _ = writeln!(
                out,
                "    nearest contested none: nothing was contested on {}",
                a.status_date
            );
        }
    }
    if let Some(h) = a.settlement {
        let s = &job.settlements[h.index];
        let _ = writeln!(
            out,
            "    place             {}",
            relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)
        );
    }
    buf.extend_from_slice(out.as_bytes());
}

fn by_segment(
    frontier: &Frontier,
    rows: &[SegmentRank],
    within_m: f64,
    period: Period,
    format: IncidentFormat,
) -> String {
    let _ = period;
    match format {
        IncidentFormat::Csv => {
            let mut out = String::from(
                "period,rank,segment_id,segment_name,sector,incidents,while_contested,fatalities,incidents_without_fatality_figure\n",
            );
            let mut rank = 0;
            let mut last = String::new();
            for r in rows {
                rank = if r.period == last { rank + 1 } else { 1 };
                last.clone_from(&r.period);
                let s = &frontier.segments[r.segment];
                let _ = writeln!(
                    out,
                    "{},{rank},{},{},{},{},{},{},{}",
                    r.period,
                    csv_field(&s.id),
                    csv_field(&s.name),
                    csv_field(&s.sector),
                    r.incidents,
                    r.while_contested,
                    r.fatalities,
                    r.fatalities_unknown
                );
            }
            out
        }
        IncidentFormat::Json | IncidentFormat::Geojson => {
            let v: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let s = &frontier.segments[r.segment];
                    json!({"period": r.period, "segment_id": s.id, "segment_name": s.name, "sector": s.sector,
                           "incidents": r.incidents, "while_contested": r.while_contested,
                           "fatalities": r.fatalities, "incidents_without_fatality_figure": r.fatalities_unknown})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(
                &json!({"within_km": within_m / 1000.0, "ranking": v}),
            )
            .unwrap_or_default();
            s.push('\n');
            s
        }
        IncidentFormat::Text => {
            let mut out = format!(
                "segments ranked by incidents within {} km (then by fatalities), per period\n",
                within_m / 1000.0
            );
            let mut last = String::new();
            for r in rows {
                if r.period != last {
                    let _ = writeln!(out, "\n{}", r.period);
                    let _ = writeln!(out, "  incidents  contested  killed  segment");
                    last.clone_from(&r.period);
                }
                let s = &frontier.segments[r.segment];
                let killed = if r.fatalities_unknown > 0 {
                    format!("{}+", r.fatalities)
                } else {
                    r.fatalities.to_string()
                };
                let _ = writeln!(
                    out,
                    "  {:>9}  {:>9}  {:>6}  {} \"{}\"",
                    r.incidents, r.while_contested, killed, s.id, s.name
                );
            }
            if rows.is_empty() {
                let _ = writeln!(
                    out,
                    "\nno incident within {} km of the frontier",
                    within_m / 1000.0
                );
            } else {
                let _ = writeln!(out, "\n(\"+\": some incidents have no fatality figure)");
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast number writers give exactly what `format!` gives.
    #[test]
    fn number_writers_match_format() {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for k in 0..200_000 {
            let bits = next();
            let x = match k % 4 {
                0 => f64::from_bits(bits),
                1 => ((bits >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 360.0,
                2 => (bits % 36_000_001) as f64 / 1e5 - 180.0,
                _ => (bits % 2000) as f64 - 1000.0,
            };
            let mut mine = Vec::new();
            push_f64(&mut mine, x);
            assert_eq!(String::from_utf8(mine).unwrap(), format!("{x}"));
            let m = ((bits >> 11) as f64 / (1u64 << 53) as f64) * 10f64.powi(k % 9);
            let mut mine = Vec::new();
            push_m3(&mut mine, m);
            let mm = (m * 1000.0).round() as u64;
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                format!("{}.{:03}", mm / 1000, mm % 1000)
            );
        }
        for (y, m, d) in [(2022, 9, 16), (1, 1, 1), (9999, 12, 31), (-5, 3, 4)] {
            let day = jiff::civil::date(y, m, d);
            let mut mine = Vec::new();
            push_date(&mut mine, day);
            let want = if y >= 0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                day.to_string()
            };
            assert_eq!(String::from_utf8(mine).unwrap(), want);
        }
    }
}
