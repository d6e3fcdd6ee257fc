//! Flags that choose the data a command works on: the frontier, the gazetteer, the incidents.

use std::path::PathBuf;

use borderscope::embedded;
use std::io::Write as _;

use borderscope::io::{
    IncidentColumns, IncidentInput, LoadError, Output, OutputWriter, Place, load_settlements,
    open_input,
};
use borderscope::model::Incident;
use borderscope::model::{Frontier, Settlement};
use clap::Args;

use super::format::csv_field;

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
    pub fn frontier(&self) -> anyhow::Result<Frontier> {
        super::frontier(self.border.as_deref())
    }

    pub fn settlements(&self) -> anyhow::Result<Vec<Settlement>> {
        match &self.settlements {
            Some(path) => Ok(load_settlements(path)?),
            None => Ok(embedded::kg_tj_settlements()),
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
    /// Stop at the first bad row (exit code 2) instead of skipping it with a warning.
    #[arg(long)]
    pub strict: bool,
    /// Write the rows that were skipped to FILE, with the line and the reason (CSV input: the
    /// rows as they were, plus two columns; GeoJSON input: the feature number, id and reason).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
}

impl IncidentArgs {
    pub fn columns(&self) -> IncidentColumns {
        IncidentColumns {
            id: self.id_col.clone(),
            date: self.date_col.clone(),
            lat: self.lat_col.clone(),
            lon: self.lon_col.clone(),
            fatalities: self.fatalities_col.clone(),
        }
    }

    /// The chosen incident file (or standard input) opened; `None` for the built-in incidents.
    pub fn input(&self) -> anyhow::Result<Option<IncidentInput>> {
        match &self.incidents {
            Some(path) => Ok(Some(open_input(path, &self.columns())?)),
            None => Ok(None),
        }
    }
}

/// What happens to the rows of an incident file: good ones pass, bad ones stop the run
/// (`--strict`) or are skipped with a warning (the first ten named), counted, and written to the
/// `--rejects` file when there is one.
pub struct Intake {
    strict: bool,
    rejects: Option<(OutputWriter, bool)>,
    pub skipped: u64,
    pub read: u64,
}

impl Intake {
    /// `csv_header` is the input's header line for a CSV file, `None` for GeoJSON.
    pub fn new(args: &IncidentArgs, force: bool, csv_header: Option<&str>) -> anyhow::Result<Self> {
        let rejects = match &args.rejects {
            Some(path) => {
                let mut w = Output::new(path, force).writer()?;
                match csv_header {
                    Some(h) => writeln!(w, "{h},rejected_line,rejected_reason"),
                    None => writeln!(w, "feature,id,field,problem"),
                }
                .map_err(|e| w.error(e))?;
                Some((w, csv_header.is_some()))
            }
            None => None,
        };
        Ok(Intake {
            strict: args.strict,
            rejects,
            skipped: 0,
            read: 0,
        })
    }

    /// Takes a bad row: `raw` is its text for a CSV file.
    pub fn reject(&mut self, e: LoadError, raw: Option<&[u8]>) -> anyhow::Result<()> {
        if self.strict {
            return Err(anyhow::Error::new(e).context("a bad row, and --strict was given"));
        }
        self.skipped += 1;
        if self.skipped <= 10 {
            eprintln!("borderscope: warning: {e} (row skipped)");
        }
        if let Some((w, csv)) = &mut self.rejects {
            let (place, field, problem) = match &e {
                LoadError::Invalid {
                    place,
                    field,
                    problem,
                    ..
                } => (place.clone(), field.clone(), problem.clone()),
                other => (Place::Document, String::new(), other.to_string()),
            };
            let r = if *csv {
                let line = match place {
                    Place::Line(n) => n.to_string(),
                    _ => String::new(),
                };
                w.write_all(raw.unwrap_or_default()).and_then(|()| {
                    writeln!(w, ",{line},{}", csv_field(&format!("{field}: {problem}")))
                })
            } else {
                let (index, id) = match place {
                    Place::Feature { index, id } => (index.to_string(), id.unwrap_or_default()),
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

    /// The closing warnings, and the rejects file moved into place.
    pub fn finish(self) -> anyhow::Result<()> {
        if self.skipped > 10 {
            eprintln!(
                "borderscope: warning: {} more rows skipped",
                self.skipped - 10
            );
        }
        if self.skipped > 0 {
            let hint = if self.rejects.is_some() {
                ""
            } else {
                "; --rejects FILE keeps them with the reasons, --strict stops at the first"
            };
            eprintln!(
                "borderscope: warning: {} of {} rows skipped, {} kept{hint}",
                self.skipped,
                self.skipped + self.read,
                self.read
            );
        }
        if let Some((w, _)) = self.rejects {
            w.finish()?;
        }
        Ok(())
    }
}

/// A lon/lat box around the frontier, for noticing swapped latitude and longitude.
pub struct Region {
    lon: (f64, f64),
    lat: (f64, f64),
}

impl Region {
    pub fn around(frontier: &Frontier) -> Self {
        let (mut lon, mut lat) = ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN));
        for c in frontier.segments.iter().flat_map(|s| s.line.0.iter()) {
            lon = (lon.0.min(c.x), lon.1.max(c.x));
            lat = (lat.0.min(c.y), lat.1.max(c.y));
        }
        Region {
            lon: (lon.0 - 1.0, lon.1 + 1.0),
            lat: (lat.0 - 1.0, lat.1 + 1.0),
        }
    }

    fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.lon.0..=self.lon.1).contains(&lon) && (self.lat.0..=self.lat.1).contains(&lat)
    }

    /// Far from the frontier, but on it with latitude and longitude swapped.
    pub fn looks_swapped(&self, lon: f64, lat: f64) -> bool {
        !self.contains(lon, lat) && self.contains(lat, lon)
    }
}

/// Warns when more than half the incidents look like they have latitude and longitude swapped.
pub fn warn_if_swapped(swapped: u64, incidents: u64) {
    if incidents > 0 && swapped * 2 > incidents {
        eprintln!(
            "borderscope: warning: {swapped} of {incidents} incidents lie far from the frontier but would lie on it with latitude and longitude swapped: are the columns swapped? (name them with --lat-col and --lon-col)"
        );
    }
}

/// The header line of a CSV input, for the `--rejects` file; `None` for GeoJSON and the
/// built-in incidents.
pub fn csv_header(input: &Option<IncidentInput>) -> Option<String> {
    match input {
        Some(IncidentInput::Csv(source)) => Some(source.layout.header_line()),
        _ => None,
    }
}

/// Reads all incidents of the chosen file through an [`Intake`], and warns when their
/// coordinates look swapped with respect to the frontier.
pub fn read_incidents(
    args: &IncidentArgs,
    force: bool,
    frontier: &Frontier,
) -> anyhow::Result<Vec<Incident>> {
    let input = args.input()?;
    let mut intake = Intake::new(args, force, csv_header(&input).as_deref())?;
    let mut incidents = Vec::new();
    let mut take = |r: Result<Incident, LoadError>, raw: Option<&[u8]>, intake: &mut Intake| match r
    {
        Ok(i) => {
            intake.read += 1;
            incidents.push(i);
            Ok(())
        }
        Err(e) if e.is_row_error() => intake.reject(e, raw),
        Err(e) => Err(anyhow::Error::new(e)),
    };
    match input {
        Some(IncidentInput::Csv(mut source)) => {
            while let Some(block) = source.next_block(1 << 20)? {
                for (r, span) in source.layout.parse_block_with_spans(&block, &source.file) {
                    take(r, block.bytes.get(span), &mut intake)?;
                }
            }
        }
        other => {
            let records = match other {
                Some(input) => input.into_reader(),
                None => embedded::kg_tj_incidents()?,
            };
            for r in records {
                take(r, None, &mut intake)?;
            }
        }
    }
    intake.finish()?;
    let region = Region::around(frontier);
    let swapped = incidents
        .iter()
        .filter(|i| region.looks_swapped(i.point.x(), i.point.y()))
        .count();
    warn_if_swapped(swapped as u64, incidents.len() as u64);
    Ok(incidents)
}
