//! Flags that choose the data a command works on: the frontier, the gazetteer, the incidents.

use std::path::{Path, PathBuf};

use borderscope::embedded;
use std::io::Write as _;

use borderscope::analysis::UncertaintyRules;
use borderscope::io::{
    IncidentColumns, IncidentInput, Keep, LoadError, Output, OutputWriter, Place, load_gazetteer,
    open_input,
};
use borderscope::model::{DateFormat, Frontier, Settlement};
use borderscope::model::{Incident, PrecisionCode};
use clap::Args;

use super::hints;
use borderscope::report::format::csv_field;
use borderscope::report::{Gazetteer, Record};

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Frontier file (GeoJSON segments); default: the built-in Kyrgyzstan–Tajikistan frontier.
    #[arg(long, value_name = "FILE")]
    pub border: Option<PathBuf>,
    /// Settlement gazetteer (GeoJSON points with a `name`); default: the built-in one.
    #[arg(long, value_name = "FILE")]
    pub settlements: Option<PathBuf>,
}

impl SourceArgs {
    /// The files given, which no output may replace.
    pub fn inputs(&self) -> Vec<&Path> {
        self.border
            .iter()
            .chain(&self.settlements)
            .map(PathBuf::as_path)
            .collect()
    }

    pub fn frontier(&self) -> anyhow::Result<Frontier> {
        super::frontier(self.border.as_deref())
    }

    /// The gazetteer, and the `attribution` its file gives (`None` for the built-in one, whose
    /// credit [`SourceArgs::gazetteer`] knows).
    pub fn settlements(&self) -> anyhow::Result<(Vec<Settlement>, Option<String>)> {
        match &self.settlements {
            Some(path) => Ok(load_gazetteer(path)?),
            None => Ok((embedded::kg_tj_settlements(), None)),
        }
    }

    /// Where the gazetteer came from, for the attribution; `credit` is what
    /// [`SourceArgs::settlements`] gave.
    pub fn gazetteer<'a>(&self, credit: &'a Option<String>) -> Gazetteer<'a> {
        match &self.settlements {
            Some(_) => Gazetteer::File(credit.as_deref()),
            None => Gazetteer::Embedded,
        }
    }
}

#[derive(Debug, Args)]
pub struct IncidentArgs {
    /// Incident file: GeoJSON points, an ACLED or UCDP GED CSV export (recognised by their
    /// headers), or any CSV with the columns named below; "-" reads standard input (e.g.
    /// `zcat acled.csv.gz | borderscope incidents --incidents -`); default: the built-in incidents.
    #[arg(long, value_name = "FILE")]
    pub incidents: Option<PathBuf>,
    /// Column (or GeoJSON property) holding the id.
    #[arg(long, value_name = "NAME")]
    pub id_col: Option<String>,
    /// Column holding the date (YYYY-MM-DD, or "15 January 2010").
    #[arg(long, value_name = "NAME")]
    pub date_col: Option<String>,
    /// Column holding the latitude.
    #[arg(long, value_name = "NAME")]
    pub lat_col: Option<String>,
    /// Column holding the longitude.
    #[arg(long, value_name = "NAME")]
    pub lon_col: Option<String>,
    /// Column holding the number killed.
    #[arg(long, value_name = "NAME")]
    pub fatalities_col: Option<String>,
    /// Column (or GeoJSON property) holding the radius in metres within which each incident
    /// happened; it takes precedence over a precision code.
    #[arg(long, value_name = "NAME")]
    pub uncertainty_col: Option<String>,
    /// CSV field delimiter: `,` `;` `tab` `|` or another single ASCII character (default:
    /// sniffed from the header).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// How dates are written: `auto` (ISO with or without a time, "15 January 2010",
    /// "16-Sep-22", and numeric dates such as 16/09/2022 in the order of day and month found
    /// over the whole file), `day-first`, `month-first`, `excel` / `excel-1904` (serial day
    /// numbers), or a strftime pattern such as `%d/%m/%Y` or `%d.%m.%y`.
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = parse_date_format)]
    pub date_format: DateFormat,
    /// Carry input columns into the output: `all` (every column of a CSV file) or names
    /// separated by commas, in input order; CSV after the result columns (a name a result
    /// column has gets `input_`), JSON as a `properties` object, GeoJSON as properties.
    #[arg(long, value_name = "COLS|all", value_parser = parse_keep)]
    pub keep: Option<Keep>,
    /// Radius (km) for incidents that give neither a precision code nor a radius.
    #[arg(long, value_name = "KM", default_value_t = 0.0)]
    pub location_uncertainty: f64,
    /// Radius (km) for a precision code instead of the default, e.g. `acled:3=40` or
    /// `ucdp:2=10` (repeatable; defaults: acled 1=2, 2=25, 3=75; ucdp 1=2, 2=25, 3=45, 4=90,
    /// 5=100, 6=255, 7=255).
    #[arg(long, value_name = "CODE=KM", value_parser = parse_radius_for)]
    pub radius_for: Vec<(PrecisionCode, f64)>,
    /// Leave out incidents whose location is known less precisely than this radius (km),
    /// saying how many (researchers often keep only ACLED geo_precision 1–2 or UCDP
    /// where_prec ≤ 3).
    #[arg(long, value_name = "KM")]
    pub max_uncertainty: Option<f64>,
    /// Stop at the first bad row (exit code 2) instead of skipping it with a warning.
    #[arg(long)]
    pub strict: bool,
    /// Write the rows that were skipped to FILE, with the line and the reason (CSV input: the
    /// rows as they were, plus two columns; GeoJSON input: the feature number, id and reason).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

impl IncidentArgs {
    /// The incident file given (`-`: standard input), which no output may replace.
    pub fn inputs(&self) -> Vec<&Path> {
        self.incidents.iter().map(PathBuf::as_path).collect()
    }

    /// The `--rejects` output, checked before anything is written: it may not be an input,
    /// nor the main output `main`.
    pub fn rejects_output(
        &self,
        force: bool,
        main: &Output,
        inputs: &[&Path],
    ) -> anyhow::Result<Option<Output>> {
        let Some(path) = &self.rejects else {
            return Ok(None);
        };
        let rejects = Output::new(path, force);
        rejects.check_not_input(inputs)?;
        rejects.check_writable()?;
        main.check_distinct(&rejects)
            .map_err(|e| anyhow::anyhow!("{}: --out and --rejects", hints::write_error(&e)))?;
        Ok(Some(rejects))
    }

    pub fn columns(&self) -> IncidentColumns {
        IncidentColumns {
            id: self.id_col.clone(),
            date: self.date_col.clone(),
            lat: self.lat_col.clone(),
            lon: self.lon_col.clone(),
            fatalities: self.fatalities_col.clone(),
            uncertainty: self.uncertainty_col.clone(),
            delimiter: self.delimiter,
            date_format: self.date_format.clone(),
            keep: self.keep.clone().unwrap_or_default(),
        }
    }

    /// The radii for the precision codes, with `--location-uncertainty` and `--radius-for`.
    pub fn rules(&self) -> anyhow::Result<UncertaintyRules> {
        super::check_km("--location-uncertainty", self.location_uncertainty)?;
        let mut rules = UncertaintyRules {
            default_m: self.location_uncertainty * 1000.0,
            ..UncertaintyRules::default()
        };
        for (code, km) in &self.radius_for {
            rules.set(*code, km * 1000.0);
        }
        Ok(rules)
    }

    /// `--max-uncertainty` in metres, checked.
    pub fn max_uncertainty_m(&self) -> anyhow::Result<Option<f64>> {
        if let Some(km) = self.max_uncertainty {
            super::check_km("--max-uncertainty", km)?;
        }
        Ok(self.max_uncertainty.map(|km| km * 1000.0))
    }

    /// The chosen incident file (or standard input) opened; `None` for the built-in incidents.
    pub fn input(&self) -> anyhow::Result<Option<IncidentInput>> {
        match &self.incidents {
            Some(path) => {
                let input = open_input(path, &self.columns())?;
                for note in input.notes() {
                    eprintln!("borderscope: note: {note}");
                }
                Ok(Some(input))
            }
            None => Ok(None),
        }
    }
}

/// The outputs of a command that reads incidents, checked before any work: the main output
/// and the `--rejects` file, neither of them one of the inputs (returned too, for other
/// outputs to be checked against).
pub fn open_outputs<'a>(
    output: &super::OutputArgs,
    sources: &'a SourceArgs,
    incidents: &'a IncidentArgs,
) -> anyhow::Result<(Output, Option<Output>, Vec<&'a Path>)> {
    let inputs: Vec<&Path> = sources
        .inputs()
        .into_iter()
        .chain(incidents.inputs())
        .collect();
    let out = output.open(&inputs)?;
    let rejects = incidents.rejects_output(output.force, &out, &inputs)?;
    Ok((out, rejects, inputs))
}

/// What happens to the rows of an incident file: good ones pass, bad ones stop the run
/// (`--strict`) or are skipped with a warning (the first ten named), counted with the lines
/// they span, and written to the `--rejects` file when there is one. A problem that makes the
/// rest of the file unreadable stops the run, and so does a file none of whose rows is kept.
pub struct Intake {
    strict: bool,
    rejects: Option<(OutputWriter, Option<RejectColumns>)>,
    /// The incident file, for messages; `None` for the built-in incidents.
    file: Option<String>,
    pub skipped: u64,
    /// Lines spanned by the skipped rows (a row with a stray quote can span many).
    pub skipped_lines: u64,
    pub read: u64,
    /// The first few reasons, for the error when no row is kept.
    first: Vec<String>,
    /// Rows kept with a warning (see [`Intake::note`]).
    pub noted: u64,
    /// Whether the input is CSV (rows) rather than GeoJSON (features).
    csv: bool,
}

/// How a CSV input's rejected rows are written: as they were, padded to the header's width
/// when a row could not be kept (one too long to hold).
struct RejectColumns {
    width: usize,
}

impl Intake {
    /// `csv_header` is the input's header line and its number of columns for a CSV file,
    /// `None` for GeoJSON; `file` names the input (`None`: the built-in incidents).
    pub fn new(
        args: &IncidentArgs,
        rejects: Option<&Output>,
        file: Option<String>,
        csv_header: Option<(String, usize)>,
    ) -> anyhow::Result<Self> {
        let csv = csv_header.is_some();
        let rejects = match rejects {
            Some(out) => {
                let mut w = out.writer()?;
                match &csv_header {
                    Some((h, _)) => writeln!(w, "{h},rejected_line,rejected_reason"),
                    None => writeln!(w, "feature,id,field,problem"),
                }
                .map_err(|e| w.error(e))?;
                Some((w, csv_header.map(|(_, width)| RejectColumns { width })))
            }
            None => None,
        };
        Ok(Intake {
            strict: args.strict,
            rejects,
            file,
            skipped: 0,
            skipped_lines: 0,
            read: 0,
            first: Vec::new(),
            noted: 0,
            csv,
        })
    }

    /// Takes a bad row: `raw` is its text for a CSV file, `lines` the lines it spans. A
    /// problem that is not confined to the row stops the run.
    pub fn reject(&mut self, e: LoadError, raw: Option<&[u8]>, lines: u64) -> anyhow::Result<()> {
        if !e.is_row_error() {
            return Err(e.into());
        }
        if self.strict {
            return Err(anyhow::Error::new(e).context("a bad row, and --strict was given"));
        }
        self.skipped += 1;
        self.skipped_lines += lines;
        let text = hints::load_error(&e);
        if self.skipped <= 10 {
            super::diag::warn(&format!("{text} (row skipped)"));
        }
        if self.first.len() < 3 {
            self.first.push(text.clone());
        }
        if let Some((w, csv)) = &mut self.rejects {
            let (place, field, problem) = match &e {
                LoadError::Invalid {
                    place,
                    field,
                    problem,
                    ..
                } => (place.clone(), field.clone(), problem.clone()),
                _ => (Place::Document, String::new(), text),
            };
            let r = if let Some(cols) = csv {
                let line = match place {
                    Place::Line(n) => n.to_string(),
                    _ => String::new(),
                };
                let raw = match raw {
                    Some(r) if !r.is_empty() => r.to_vec(),
                    // A row not held (too long): its columns left empty.
                    _ => vec![b','; cols.width.saturating_sub(1)],
                };
                w.write_all(&raw).and_then(|()| {
                    writeln!(w, ",{line},{}", csv_field(&format!("{field}: {problem}")))
                })
            } else {
                let (index, id) = match place {
                    Place::Feature { index, id } | Place::Record { index, id } => {
                        (index.to_string(), id.unwrap_or_default())
                    }
                    _ => (String::new(), String::new()),
                };
                writeln!(
                    w,
                    "{index},{},{},{}",
                    csv_field(&id),
                    csv_field(&field),
                    csv_field(&problem)
                )
            };
            r.map_err(|err| w.error(err))?;
        }
        Ok(())
    }

    /// Takes the warning about a row that was kept (the first ten are shown).
    pub fn note(&mut self, note: &str) {
        self.noted += 1;
        if self.noted <= 10 {
            super::diag::warn(note);
        }
    }

    /// The closing warnings, and the rejects file moved into place. A file with rows none of
    /// which could be kept is an error.
    pub fn finish(self) -> anyhow::Result<()> {
        let file = self.file.as_deref().unwrap_or("the built-in incidents");
        if self.read == 0 && self.skipped > 0 {
            anyhow::bail!(
                "{file}: no row could be read: all {} were skipped{}, the first because {}",
                self.skipped,
                lines_note(self.skipped, self.skipped_lines),
                self.first.first().map_or("", String::as_str)
            );
        }
        if self.noted > 10 {
            super::diag::warn(&format!("{} more such rows", self.noted - 10));
        }
        if self.skipped > 10 {
            super::diag::warn(&format!("{} more rows skipped", self.skipped - 10));
        }
        if self.skipped > 0 {
            let hint = if self.rejects.is_some() {
                ""
            } else {
                "; --rejects FILE keeps them with the reasons, --strict stops at the first"
            };
            super::diag::warn(&format!(
                "{} of {} rows skipped{}, {} kept{hint}",
                self.skipped,
                self.skipped + self.read,
                lines_note(self.skipped, self.skipped_lines),
                self.read
            ));
        } else if self.read == 0 && self.file.is_some() {
            let what = if self.csv { "rows" } else { "features" };
            super::diag::warn(&format!("{file}: has no {what}"));
        }
        if let Some((w, _)) = self.rejects {
            w.finish()?;
        }
        Ok(())
    }
}

/// " (spanning L lines)" when the skipped rows span more lines than there are rows.
fn lines_note(rows: u64, lines: u64) -> String {
    if lines > rows {
        format!(" (spanning {lines} lines)")
    } else {
        String::new()
    }
}

/// Warns when more than half the incidents look like they have latitude and longitude swapped.
pub fn warn_if_swapped(swapped: u64, incidents: u64) {
    if incidents > 0 && swapped * 2 > incidents {
        super::diag::warn(&format!(
            "{swapped} of {incidents} incidents lie far from the frontier but would lie on it with latitude and longitude swapped: are the columns swapped? (name them with --lat-col and --lon-col)"
        ));
    }
}

/// The header line of a CSV input and its number of columns, for the `--rejects` file;
/// `None` for GeoJSON and the built-in incidents.
pub fn csv_header(input: &Option<IncidentInput>) -> Option<(String, usize)> {
    input.as_ref().and_then(IncidentInput::csv_header)
}

/// The name of an incident input, for messages; `None` for the built-in incidents.
pub fn input_name(input: &Option<IncidentInput>) -> Option<String> {
    input.as_ref().map(|i| i.name().to_string())
}

/// Reads all incidents of the chosen file through an [`Intake`], and warns when their
/// coordinates look swapped with respect to the frontier.
pub fn read_incidents(
    args: &IncidentArgs,
    rejects: Option<&Output>,
    frontier: &Frontier,
) -> anyhow::Result<Vec<Incident>> {
    let input = args.input()?;
    let intake = Intake::new(args, rejects, input_name(&input), csv_header(&input))?;
    let input = match input {
        Some(input) => input,
        None => IncidentInput::Records(embedded::kg_tj_incidents()?),
    };
    let late = input.late_notes();
    let Collected { intake, incidents } = borderscope::report::pipeline::run(
        input,
        |records| records,
        Collected {
            intake,
            incidents: Vec::new(),
        },
    )?;
    warn_late_notes(&late);
    intake.finish()?;
    let region = borderscope::analysis::Region::around(frontier);
    let swapped = incidents
        .iter()
        .filter(|i| region.looks_swapped(i.point.x(), i.point.y()))
        .count();
    warn_if_swapped(swapped as u64, incidents.len() as u64);
    Ok(incidents)
}

/// What the end of an incident file said (a UCDP API page of several), as warnings.
pub fn warn_late_notes(notes: &std::sync::Mutex<Vec<borderscope::io::record_stream::Note>>) {
    for note in notes.lock().map(|n| n.clone()).unwrap_or_default() {
        let kind = if note.warning { "warning" } else { "note" };
        eprintln!("borderscope: {kind}: {}", note.text);
    }
}

/// The incidents of a file kept in memory, the bad rows taken by the intake.
struct Collected {
    intake: Intake,
    incidents: Vec<Incident>,
}

impl borderscope::report::Sink<Vec<Record>> for Collected {
    type Error = anyhow::Error;

    fn take(&mut self, records: Vec<Record>) -> anyhow::Result<()> {
        for r in records {
            if let Some(note) = &r.span.note {
                self.intake.note(note);
            }
            match r.incident {
                Ok(i) => {
                    self.intake.read += 1;
                    self.incidents.push(i);
                }
                Err(e) => self.intake.reject(e, r.raw.as_deref(), r.span.lines)?,
            }
        }
        Ok(())
    }
}

/// `acled:3=40` → (ACLED code 3, 40 km).
fn parse_radius_for(raw: &str) -> Result<(PrecisionCode, f64), String> {
    let usage = "expected SCHEME:CODE=KM, e.g. acled:3=40 or ucdp:2=10";
    let (code, km) = raw.split_once('=').ok_or(usage)?;
    let (scheme, n) = code.split_once(':').ok_or(usage)?;
    let n: u8 = n
        .trim()
        .parse()
        .map_err(|_| format!("{n:?} is not a code: {usage}"))?;
    let code = match scheme.trim().to_ascii_lowercase().as_str() {
        "acled" => PrecisionCode::acled(n),
        "ucdp" => PrecisionCode::ucdp(n),
        other => {
            return Err(format!(
                "{other:?} is not a scheme (acled or ucdp): {usage}"
            ));
        }
    };
    if UncertaintyRules::default().radius_for(code).is_none() {
        return Err(format!(
            "{raw:?}: {} has no code {n} (ACLED codes are 1 to 3, UCDP's 1 to 7)",
            scheme.trim()
        ));
    }
    let km: f64 = km
        .trim()
        .parse()
        .ok()
        .filter(|k: &f64| k.is_finite() && *k >= 0.0)
        .ok_or_else(|| format!("{km:?} is not a distance in km ≥ 0: {usage}"))?;
    Ok((code, km))
}

/// `--keep`: `all`, or column names separated by commas.
fn parse_keep(s: &str) -> Result<Keep, String> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(Keep::All);
    }
    let names: Vec<String> = s.split(',').map(|n| n.trim().to_string()).collect();
    if names.iter().any(String::is_empty) {
        return Err(format!(
            "{s:?} has an empty column name: expected `all` or names separated by commas"
        ));
    }
    Ok(Keep::Names(names))
}

/// `--date-format`: a [`DateFormat`] name or a strftime pattern, checked now.
fn parse_date_format(s: &str) -> Result<DateFormat, String> {
    s.parse()
}

/// `--delimiter`: one ASCII character, or `tab` / `\t` for a tab.
fn parse_delimiter(raw: &str) -> Result<u8, String> {
    match raw {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if raw.len() == 1
            && raw.as_bytes()[0].is_ascii()
            && !matches!(raw, "\"" | "\n" | "\r") =>
        {
            Ok(raw.as_bytes()[0])
        }
        _ => Err(format!(
            "{raw:?} is not a delimiter: expected one ASCII character other than a quote or a line end (`,` `;` `|`), or `tab`"
        )),
    }
}
