//! Incident files: GeoJSON points and JSON records, ACLED and UCDP GED CSV exports, any other
//! CSV, and (feature `parquet`) GeoParquet or Parquet with latitude and longitude columns.
//!
//! The format is recognised from the content: a Parquet file starts with `PAR1`; a JSON
//! document with `{`, `[` or a record separator; a CSV is ACLED
//! when its header has `event_id_cnty`, `event_date`, `latitude` and `longitude`, UCDP GED when
//! it has `id`, `date_start`, `latitude`, `longitude` and `best`. Columns are always found by
//! name (case and surrounding spaces ignored), never by position; [`IncidentColumns`] names
//! them for other files, or overrides the defaults.
//!
//! Records are read one at a time. A problem confined to one record (a bad coordinate, date or
//! number) is an `Err` for that record only ([`LoadError::is_row_error`]); the caller decides
//! whether to skip it. A problem with the file as a whole stops the reading.
//!
//! This module holds what every format shares; each format is a file of its own (`csv.rs`,
//! `json.rs`, `parquet.rs`). A new input format is one new file `<format>.rs` here, whose
//! `open` returns its records as an [`IncidentReader`] ([`IncidentInput::Records`]), plus one
//! match arm in [`open_input`] (with the [`InputFormat`] variant it names, and the first bytes
//! that tell it in `sniff`). Nothing outside this folder changes: callers read the records.

#[cfg(feature = "parquet")]
mod arrow_rows;
mod csv;
mod json;
mod layers;
#[cfg(feature = "parquet")]
mod parquet;
mod precision;

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex};

pub use self::csv::{BlockParser, CsvLayout, CsvSource, RecordSpan, parse_incidents_csv};
pub use self::json::{geojson_reader, parse_incidents_geojson};
#[cfg(feature = "parquet")]
pub use self::parquet::{ParquetBatch, ParquetSource, open_arrow};
use super::error::{LoadError, Place};
use crate::io::record_stream::Note;
use crate::model::{DateFormat, Incident};

/// The recognised kinds of incident file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// JSON: a GeoJSON FeatureCollection of Point features, an ACLED or UCDP API response, a
    /// JSON array of records, or newline-delimited JSON or GeoJSON records.
    GeoJson,
    /// A Parquet file (GeoParquet: its point geometry; else latitude and longitude columns).
    Parquet,
    /// An ACLED CSV export (`event_id_cnty`, `event_date`, `latitude`, `longitude`).
    Acled,
    /// A UCDP GED CSV export (`id`, `date_start`, `latitude`, `longitude`, `best`).
    UcdpGed,
    /// Any other CSV, with named columns.
    Csv,
}

impl InputFormat {
    /// The format's name for messages, e.g. "ACLED CSV".
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::GeoJson => "JSON",
            InputFormat::Parquet => "Parquet",
            InputFormat::Acled => "ACLED CSV",
            InputFormat::UcdpGed => "UCDP GED CSV",
            InputFormat::Csv => "CSV",
        }
    }
}

/// The usual names of the fields of a record (JSON, Parquet), looked for in this order where
/// [`IncidentColumns`] names none: the id (else a JSON Feature's own id, else the number).
pub(crate) const ID_KEYS: &[&str] = &["id", "event_id_cnty", "event_id"];
/// The date (ACLED `event_date`, UCDP `date_start`).
pub(crate) const DATE_KEYS: &[&str] = &["date", "event_date", "date_start"];
/// The latitude, where there is no Point.
pub(crate) const LAT_KEYS: &[&str] = &["latitude", "lat", "y"];
/// The longitude, where there is no Point.
pub(crate) const LON_KEYS: &[&str] = &["longitude", "lon", "lng", "long", "x"];
/// The deaths (ACLED `fatalities`, UCDP `best`).
pub(crate) const FATALITY_KEYS: &[&str] = &["fatalities", "best"];
/// The radius of the place's uncertainty, in metres.
pub(crate) const UNCERTAINTY_KEYS: &[&str] = &["location_uncertainty_m", "uncertainty_m"];
/// Column (or GeoJSON property) names chosen by the user; `None` means the format's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentColumns {
    /// The column (or property) holding the incident's id.
    pub id: Option<String>,
    /// The column (or property) holding its date.
    pub date: Option<String>,
    /// The CSV column holding its latitude, decimal degrees (GeoJSON has its geometry).
    pub lat: Option<String>,
    /// The CSV column holding its longitude, decimal degrees (GeoJSON has its geometry).
    pub lon: Option<String>,
    /// The column (or property) holding its number of deaths.
    pub fatalities: Option<String>,
    /// The column (or property) holding the radius in metres within which it happened.
    pub uncertainty: Option<String>,
    /// The CSV field delimiter; `None` sniffs it from the header (comma, semicolon, tab or
    /// pipe, whichever the header holds most of outside quotes; a comma when it holds none).
    pub delimiter: Option<u8>,
    /// How dates are written ([`DateFormat::Auto`]: the forms that read one way, and numeric
    /// dates in the order found over the whole file, where it can be read twice).
    pub date_format: DateFormat,
    /// The input's columns (or properties) to carry into the output, besides those read.
    pub keep: Keep,
}

/// Which of an input's columns to carry into the output (`--keep`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Keep {
    /// None: the output has the result columns only.
    #[default]
    None,
    /// Every column of a CSV file, in its order.
    All,
    /// These, in the order given (found by name, case ignored for CSV headers).
    Names(Vec<String>),
}

impl IncidentColumns {
    /// The name chosen for the column that holds `role`.
    pub fn get(&self, role: ColumnRole) -> Option<&str> {
        match role {
            ColumnRole::Id => &self.id,
            ColumnRole::Date => &self.date,
            ColumnRole::Lat => &self.lat,
            ColumnRole::Lon => &self.lon,
            ColumnRole::Fatalities => &self.fatalities,
            ColumnRole::Uncertainty => &self.uncertainty,
        }
        .as_deref()
    }
}

/// Which field of an incident a column holds (one field of [`IncidentColumns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// The incident's id ([`IncidentColumns::id`]).
    Id,
    /// Its date ([`IncidentColumns::date`]).
    Date,
    /// Its latitude ([`IncidentColumns::lat`]).
    Lat,
    /// Its longitude ([`IncidentColumns::lon`]).
    Lon,
    /// Its deaths ([`IncidentColumns::fatalities`]).
    Fatalities,
    /// The radius of its location's uncertainty ([`IncidentColumns::uncertainty`]).
    Uncertainty,
}

impl ColumnRole {
    /// What the column holds, as messages say it.
    pub fn name(self) -> &'static str {
        match self {
            ColumnRole::Id => "id",
            ColumnRole::Date => "date",
            ColumnRole::Lat => "latitude",
            ColumnRole::Lon => "longitude",
            ColumnRole::Fatalities => "fatalities",
            ColumnRole::Uncertainty => "location uncertainty (metres)",
        }
    }
}

/// An open incident file: its format, and its records one by one.
pub struct IncidentReader {
    /// The format the file was read as.
    pub format: InputFormat,
    /// The input's name, for messages: the file as given, or "standard input".
    pub file: String,
    records: Box<dyn Iterator<Item = Result<Incident, LoadError>> + Send>,
    /// What the end of the file said that a user should know (a UCDP API page of several).
    notes: Arc<Mutex<Vec<Note>>>,
    /// The names of the file's columns, in order, when its format has a schema (Parquet):
    /// what `--keep all` keeps.
    columns: Option<Vec<String>>,
}

impl IncidentReader {
    /// Where what the end of the file says is put, to be read when the records are: e.g.
    /// that a UCDP API response is one page of several.
    pub fn late_notes(&self) -> Arc<Mutex<Vec<Note>>> {
        Arc::clone(&self.notes)
    }
}

impl std::fmt::Debug for IncidentReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncidentReader")
            .field("format", &self.format)
            .field("file", &self.file)
            .finish_non_exhaustive()
    }
}

impl Iterator for IncidentReader {
    type Item = Result<Incident, LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.records.next()
    }
}

/// Opens an incident file of any supported format, to read its records one by one.
///
/// ```
/// use borderscope::{IncidentColumns, open_incidents};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("events.csv");
/// std::fs::write(&path, "Ref,When,Y,X\nr1,2022-09-16,39.95,70.53\nr2,2022-09-17,39.9,70.6\n").unwrap();
/// // Columns named as no known export names them.
/// let columns = IncidentColumns {
///     id: Some("Ref".into()),
///     date: Some("When".into()),
///     lat: Some("Y".into()),
///     lon: Some("X".into()),
///     ..IncidentColumns::default()
/// };
/// let incidents: Vec<_> = open_incidents(&path, &columns).unwrap().map(Result::unwrap).collect();
/// assert_eq!(incidents.len(), 2);
/// assert_eq!(incidents[1].id, "r2");
/// assert_eq!((incidents[1].point.x(), incidents[1].point.y()), (70.6, 39.9)); // lon, lat
/// ```
pub fn open_incidents(path: &Path, columns: &IncidentColumns) -> Result<IncidentReader, LoadError> {
    Ok(open_input(path, columns)?.into_reader())
}

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// An incident input, opened.
// One value per input file: boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum IncidentInput {
    /// CSV, to be read in blocks of whole records (streamed, for files of any size).
    Csv(CsvSource),
    /// Any other format (GeoJSON), streamed record by record.
    Records(IncidentReader),
    /// Parquet, decoded batch by batch, its rows made incidents by the workers.
    #[cfg(feature = "parquet")]
    Parquet(parquet::ParquetSource),
}

impl IncidentInput {
    /// The input's name, for messages: the file as given, or "standard input".
    pub fn name(&self) -> &str {
        match self {
            IncidentInput::Csv(source) => &source.file,
            IncidentInput::Records(reader) => &reader.file,
            #[cfg(feature = "parquet")]
            IncidentInput::Parquet(source) => source.file(),
        }
    }

    /// The format of the input.
    pub fn format(&self) -> InputFormat {
        match self {
            IncidentInput::Csv(source) => source.layout.format,
            IncidentInput::Records(reader) => reader.format,
            #[cfg(feature = "parquet")]
            IncidentInput::Parquet(_) => InputFormat::Parquet,
        }
    }

    /// The header line of a CSV input and its number of columns (to write rows of the input
    /// again, as they were); `None` for other formats.
    pub fn csv_header(&self) -> Option<(String, usize)> {
        match self {
            IncidentInput::Csv(source) => {
                Some((source.layout.header_line(), source.layout.width()))
            }
            _ => None,
        }
    }

    /// What the reading decided that a user should know (how the dates were read), one
    /// sentence each.
    pub fn notes(&self) -> Vec<String> {
        match self {
            IncidentInput::Csv(source) => source.layout.date_note.iter().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// Where what the end of the file says is put (see [`IncidentReader::late_notes`]); to be
    /// read after the records.
    pub fn late_notes(&self) -> Arc<Mutex<Vec<Note>>> {
        match self {
            IncidentInput::Csv(source) => source.layout.late_notes(),
            IncidentInput::Records(reader) => reader.late_notes(),
            #[cfg(feature = "parquet")]
            IncidentInput::Parquet(source) => source.late_notes(),
        }
    }

    /// The names of the columns kept (`--keep`), in input order, as the incidents'
    /// `properties` hold them; `None` when they cannot be known before the records are read
    /// (`--keep all` of JSON, whose records need not share their keys).
    pub fn kept_names(&self, keep: &Keep) -> Option<Vec<String>> {
        match (self, keep) {
            (_, Keep::None) => Some(Vec::new()),
            (IncidentInput::Csv(source), _) => Some(source.layout.kept_names()),
            (IncidentInput::Records(_), Keep::Names(names)) => Some(names.clone()),
            (IncidentInput::Records(reader), Keep::All) => reader.columns.clone(),
            #[cfg(feature = "parquet")]
            (IncidentInput::Parquet(source), _) => Some(source.kept.clone()),
        }
    }

    /// The records one by one.
    pub fn into_reader(self) -> IncidentReader {
        match self {
            IncidentInput::Csv(source) => source.into_reader(),
            IncidentInput::Records(reader) => reader,
            #[cfg(feature = "parquet")]
            IncidentInput::Parquet(source) => source.into_reader(),
        }
    }
}

/// Opens an incident file, or standard input when the path is `-`, and reads it in the format
/// its first bytes show: JSON when the first character is `{`, `[` or a record separator
/// (after white space and a byte-order mark), else CSV.
pub fn open_input(path: &Path, columns: &IncidentColumns) -> Result<IncidentInput, LoadError> {
    let stdin = path.as_os_str() == STDIN;
    let file = if stdin {
        "standard input".to_string()
    } else {
        super::error::file_label(path)
    };
    let read_err = |error| LoadError::Read {
        file: file.clone(),
        error,
    };
    let (mut rest, len): (Box<dyn Read + Send>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = File::open(path).map_err(read_err)?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len)
    };
    let head = read_head(&mut rest).map_err(read_err)?;
    if head.starts_with(b"PAR1") {
        return open_parquet(path, &file, stdin, columns);
    }
    match sniff(&head) {
        InputFormat::GeoJson => json::open(head, rest, &file, columns),
        InputFormat::Parquet => open_parquet(path, &file, stdin, columns),
        InputFormat::Csv | InputFormat::Acled | InputFormat::UcdpGed => {
            let mut input = csv::open(head, rest, len, &file, columns)?;
            // A file can be read twice, to find the order of day and month over all of it;
            // standard input cannot (its numeric dates need the format given).
            if let IncidentInput::Csv(source) = &mut input
                && !stdin
            {
                source.find_day_month(path, columns)?;
            }
            Ok(input)
        }
    }
}

/// A Parquet file (its first bytes `PAR1`), read by its footer: from a file only.
fn open_parquet(
    path: &Path,
    file: &str,
    stdin: bool,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    let refuse = |problem: &str| LoadError::Unreadable {
        file: file.to_string(),
        place: Place::Document,
        field: "(file)".into(),
        problem: problem.into(),
    };
    if stdin {
        return Err(refuse(
            "is Parquet, which is read from its end: give the file (--incidents FILE.parquet), not standard input",
        ));
    }
    #[cfg(feature = "parquet")]
    {
        let _ = refuse;
        parquet::open(path, file, columns)
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = (path, columns);
        Err(refuse(
            "is Parquet, and this borderscope was built without it: install it with `cargo install --locked --path . --features parquet`",
        ))
    }
}

/// The first bytes of a stream: read until the first character that is not white space or a
/// byte-order mark (or 64 KiB of them). `rest` is left with the bytes after them.
fn read_head(rest: &mut Box<dyn Read + Send>) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    while first_significant(&head).is_none() && head.len() < 1 << 16 {
        let mut buf = [0u8; 8192];
        match rest.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(head)
}

/// The first byte that is not white space or part of a byte-order mark.
fn first_significant(head: &[u8]) -> Option<u8> {
    head.iter()
        .copied()
        .find(|b| !(b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF)))
}

/// The format the first bytes of an input show: JSON (GeoJSON, an API response, records) when
/// the first character is `{`, `[` or a record separator (after white space and a byte-order
/// mark), else CSV (which CSV is told by its header).
fn sniff(head: &[u8]) -> InputFormat {
    if matches!(first_significant(head), Some(b'{' | b'[' | 0x1e)) {
        InputFormat::GeoJson
    } else {
        InputFormat::Csv
    }
}

/// A whole number ≥ 0 written as a decimal (`3.0`), exactly: below 2⁵³, where every whole
/// number is a double. The same rule for CSV fields and GeoJSON numbers.
pub(crate) fn whole_count(f: f64) -> Option<u64> {
    (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < 9_007_199_254_740_992.0)
        .then_some(f as u64)
}

/// An open input can be handed to another thread (a binding's reader thread, the record loop's
/// reader): checked when this compiles.
const _: () = {
    const fn send<T: Send>() {}
    send::<IncidentReader>();
    send::<IncidentInput>();
};
