//! Incident files: GeoJSON points, ACLED and UCDP GED CSV exports, and any other CSV.
//!
//! The format is recognised from the content: a GeoJSON document starts with `{`; a CSV is ACLED
//! when its header has `event_id_cnty`, `event_date`, `latitude` and `longitude`, UCDP GED when
//! it has `id`, `date_start`, `latitude`, `longitude` and `best`. Columns are always found by
//! name (case and surrounding spaces ignored), never by position; `--lat-col` and friends name
//! them for other files, or override the defaults.
//!
//! Records are read one at a time. A problem confined to one record (a bad coordinate, date or
//! number) is an `Err` for that record only ([`LoadError::is_row_error`]); the caller decides
//! whether to skip it. A problem with the file as a whole stops the reading.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use geo::Point;
use serde_json::{Map, Value};

use super::csv_blocks::{
    Block, CsvBlocks, Dialect, HeaderError, MAX_BLOCK, RecordScanner, for_each_raw_record,
};
use super::error::{LoadError, Place};
use super::feature_stream::FeatureStream;
use super::geojson::{kind, parse_position_value};
use crate::model::Incident;
use crate::model::date::parse_event_date;

/// The recognised kinds of incident file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentFormat {
    GeoJson,
    Acled,
    UcdpGed,
    /// Any other CSV, with named columns.
    Csv,
}

impl IncidentFormat {
    pub fn name(self) -> &'static str {
        match self {
            IncidentFormat::GeoJson => "GeoJSON",
            IncidentFormat::Acled => "ACLED CSV",
            IncidentFormat::UcdpGed => "UCDP GED CSV",
            IncidentFormat::Csv => "CSV",
        }
    }
}

/// Column (or GeoJSON property) names chosen by the user; `None` means the format's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentColumns {
    pub id: Option<String>,
    pub date: Option<String>,
    pub lat: Option<String>,
    pub lon: Option<String>,
    pub fatalities: Option<String>,
}

/// An open incident file: its format, and its records one by one.
pub struct IncidentReader {
    pub format: IncidentFormat,
    pub file: String,
    records: Box<dyn Iterator<Item = Result<Incident, LoadError>>>,
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
pub fn open_incidents(path: &Path, columns: &IncidentColumns) -> Result<IncidentReader, LoadError> {
    Ok(open_input(path, columns)?.into_reader())
}

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// An incident input, opened.
pub enum IncidentInput {
    /// CSV, to be read in blocks of whole records (streamed, for files of any size).
    Csv(CsvSource),
    /// GeoJSON, streamed feature by feature.
    GeoJson(IncidentReader),
}

impl IncidentInput {
    /// The records one by one.
    pub fn into_reader(self) -> IncidentReader {
        match self {
            IncidentInput::Csv(source) => source.into_reader(),
            IncidentInput::GeoJson(reader) => reader,
        }
    }
}

/// Opens an incident file, or standard input when the path is `-`. GeoJSON is recognised by
/// its first character, `{` (after white space and a byte-order mark); anything else is CSV.
pub fn open_input(path: &Path, columns: &IncidentColumns) -> Result<IncidentInput, LoadError> {
    use std::io::Read as _;
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
    let (mut reader, len): (Box<dyn std::io::Read + Send>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = File::open(path).map_err(read_err)?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len)
    };
    // Read until the first character that is not white space or a byte-order mark.
    let mut head = Vec::new();
    let first = loop {
        let first = head
            .iter()
            .copied()
            .find(|b: &u8| !(b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF)));
        if first.is_some() || head.len() >= 1 << 16 {
            break first;
        }
        let mut buf = [0u8; 8192];
        match reader.read(&mut buf) {
            Ok(0) => break None,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(read_err(e)),
        }
    };
    if first == Some(b'{') {
        // GeoJSON: streamed, without the byte-order mark serde_json would not accept.
        let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        head.drain(..bom);
        let reader = std::io::Cursor::new(head).chain(reader);
        return Ok(IncidentInput::GeoJson(geojson_reader(
            Box::new(reader),
            &file,
            columns,
        )));
    }
    let reader = std::io::Cursor::new(head).chain(reader);
    let mut source = CsvSource::new(
        Box::new(BufReader::with_capacity(1 << 16, reader)),
        &file,
        columns,
    )?;
    source.len = len;
    Ok(IncidentInput::Csv(source))
}

/// Reads incidents from CSV text already in memory (e.g. standard input, tests).
pub fn parse_incidents_csv(
    text: String,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentReader, LoadError> {
    let source = CsvSource::new(
        Box::new(std::io::Cursor::new(text.into_bytes())),
        file,
        columns,
    )?;
    Ok(source.into_reader())
}

/// Which column holds each field of a CSV file, found by name in its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvLayout {
    pub format: IncidentFormat,
    id: Option<usize>,
    date: usize,
    lat: usize,
    lon: usize,
    fatalities: Option<usize>,
    names: Vec<String>,
    /// The line the header is on (after any blank lines).
    header_line: u64,
    /// Where records end: the terminator found from the header line.
    pub dialect: Dialect,
}

/// Where a record is in its block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordSpan {
    /// Its bytes, without the line ending (empty for a record too long to hold).
    pub bytes: std::ops::Range<usize>,
    /// How many lines of the file it spans.
    pub lines: u64,
    /// A warning about a record that was read but may not be what the file meant (a quoted
    /// field running over a line that looks like a row of its own).
    pub note: Option<String>,
}

/// An incident CSV file opened for reading in blocks of whole records.
pub struct CsvSource {
    pub layout: CsvLayout,
    pub file: String,
    /// Size of the file in bytes, when known (for progress reports).
    pub len: Option<u64>,
    blocks: CsvBlocks<Box<dyn std::io::Read + Send>>,
}

impl CsvSource {
    /// Reads the header of a CSV stream (`file` names it in errors) and finds the columns.
    pub fn new(
        reader: Box<dyn std::io::Read + Send>,
        file: &str,
        columns: &IncidentColumns,
    ) -> Result<Self, LoadError> {
        let mut blocks = CsvBlocks::new(reader, 1, 0);
        let read_err = |error| LoadError::Read {
            file: file.to_string(),
            error,
        };
        if let Some(problem) = not_csv_text(blocks.head().map_err(read_err)?) {
            return Err(LoadError::invalid(file, &Place::Line(1), "(file)", problem));
        }
        let header = match blocks.next_record() {
            Ok(Some(h)) => h,
            Ok(None) => {
                return Err(LoadError::invalid(
                    file,
                    &Place::Line(1),
                    "(header)",
                    "is missing: the file is empty",
                ));
            }
            Err(HeaderError::Io(error)) => return Err(read_err(error)),
            Err(e) => {
                return Err(LoadError::Unreadable {
                    file: file.to_string(),
                    place: Place::Line(blocks.line()),
                    field: "(header)".into(),
                    problem: e.to_string(),
                });
            }
        };
        let top = Place::Line(header.first_line);
        let dialect = blocks.dialect();
        let mut rdr = dialect.reader_builder().from_reader(&header.bytes[..]);
        let mut rec = csv::ByteRecord::new();
        rdr.read_byte_record(&mut rec).map_err(|e| {
            LoadError::invalid(
                file,
                &top,
                "(header)",
                format!("cannot be read: {}", csv_error_text(&e)),
            )
        })?;
        let names: Vec<String> = rec
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect();
        let mut layout = CsvLayout::from_header_at(names, header.first_line, file, columns)?;
        layout.dialect = dialect;
        Ok(CsvSource {
            layout,
            file: file.to_string(),
            len: None,
            blocks,
        })
    }

    /// The next block of whole records (about `target` bytes), or `None` at the end.
    pub fn next_block(&mut self, target: usize) -> Result<Option<Block>, LoadError> {
        self.blocks
            .next_block(target)
            .map_err(|error| LoadError::Read {
                file: self.file.clone(),
                error,
            })
    }

    /// A record-by-record reader over the whole file.
    pub fn into_reader(mut self) -> IncidentReader {
        let format = self.layout.format;
        let file = self.file.clone();
        let mut current: std::vec::IntoIter<Result<Incident, LoadError>> = Vec::new().into_iter();
        let mut failed = false;
        let records = std::iter::from_fn(move || {
            loop {
                if let Some(r) = current.next() {
                    return Some(r);
                }
                if failed {
                    return None;
                }
                match self.next_block(1 << 18) {
                    Ok(Some(block)) => {
                        current = self.layout.parse_block(&block, &self.file).into_iter()
                    }
                    Ok(None) => return None,
                    Err(e) => {
                        failed = true;
                        return Some(Err(e));
                    }
                }
            }
        });
        IncidentReader {
            format,
            file,
            records: Box::new(records),
        }
    }
}

impl CsvLayout {
    /// Finds the columns by name: the user's choice, else the format's usual names.
    pub fn from_header(
        header: Vec<String>,
        file: &str,
        columns: &IncidentColumns,
    ) -> Result<Self, LoadError> {
        Self::from_header_at(header, 1, file, columns)
    }

    /// Like [`from_header`](Self::from_header), for a header on line `line`.
    pub fn from_header_at(
        header: Vec<String>,
        line: u64,
        file: &str,
        columns: &IncidentColumns,
    ) -> Result<Self, LoadError> {
        let top = Place::Line(line);
        if let Some((col, name)) = header
            .iter()
            .enumerate()
            .find(|(_, h)| h.contains(['\n', '\r']))
        {
            return Err(LoadError::invalid(
                file,
                &top,
                "(header)",
                format!(
                    "column {} runs over a line end ({}): is a quote in the header never closed, making the lines after it part of the header?",
                    col + 1,
                    shortened(name, 60)
                ),
            ));
        }
        if header.iter().all(String::is_empty) {
            return Err(LoadError::invalid(
                file,
                &top,
                "(header)",
                "is empty: the file has no columns",
            ));
        }
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let has = |names: &[&str]| names.iter().all(|n| find(n).is_some());
        let format = if has(&["event_id_cnty", "event_date", "latitude", "longitude"]) {
            IncidentFormat::Acled
        } else if has(&["id", "date_start", "latitude", "longitude", "best"]) {
            IncidentFormat::UcdpGed
        } else {
            IncidentFormat::Csv
        };
        let defaults: [&[&str]; 5] = match format {
            IncidentFormat::Acled => [
                &["event_id_cnty"],
                &["event_date"],
                &["latitude"],
                &["longitude"],
                &["fatalities"],
            ],
            IncidentFormat::UcdpGed => [
                &["id"],
                &["date_start"],
                &["latitude"],
                &["longitude"],
                &["best"],
            ],
            _ => [
                &["id", "event_id", "event_id_cnty"],
                &["date", "event_date", "date_start", "day"],
                &["latitude", "lat", "y"],
                &["longitude", "lon", "lng", "long", "x"],
                &["fatalities", "best", "deaths", "killed"],
            ],
        };
        let listing = || {
            // At most 40 names of at most 40 characters: a header can have 20,000 columns.
            let mut text = header
                .iter()
                .take(40)
                .map(|h| shortened(h, 40))
                .collect::<Vec<_>>()
                .join(", ");
            if header.len() > 40 {
                text.push_str(&format!(", … ({} columns in all)", header.len()));
            }
            if let [only] = header.as_slice() {
                for (sep, name) in [(';', "semicolons"), ('\t', "tabs"), ('|', "bars")] {
                    if only.contains(sep) {
                        text.push_str(&format!(
                            "; the header is one column with {name} in it: only comma-separated files are read, so save it with commas"
                        ));
                        break;
                    }
                }
            }
            text
        };
        let pick = |chosen: &Option<String>,
                    fallback: &[&str],
                    flag: &str,
                    required: bool|
         -> Result<Option<usize>, LoadError> {
            match chosen {
                Some(name) => find(name).map(Some).ok_or_else(|| {
                    LoadError::invalid(
                        file,
                        &top,
                        "(header)",
                        format!(
                            "has no column {name:?} (given with {flag}); its columns are: {}",
                            listing()
                        ),
                    )
                }),
                None => {
                    let hit = fallback.iter().find_map(|n| find(n));
                    if hit.is_none() && required {
                        return Err(LoadError::invalid(
                            file,
                            &top,
                            "(header)",
                            format!(
                                "has no column named {}; name it with {flag} (its columns are: {})",
                                fallback.join(" or "),
                                listing()
                            ),
                        ));
                    }
                    Ok(hit)
                }
            }
        };
        let layout = CsvLayout {
            format,
            id: pick(&columns.id, defaults[0], "--id-col", false)?,
            date: pick(&columns.date, defaults[1], "--date-col", true)?.unwrap_or(0),
            lat: pick(&columns.lat, defaults[2], "--lat-col", true)?.unwrap_or(0),
            lon: pick(&columns.lon, defaults[3], "--lon-col", true)?.unwrap_or(0),
            fatalities: pick(&columns.fatalities, defaults[4], "--fatalities-col", false)?,
            names: header,
            header_line: line,
            dialect: Dialect::default(),
        };
        // Two fields read from one column would make one of them wrong.
        let fields = [
            (Some(layout.date), "date"),
            (Some(layout.lat), "latitude"),
            (Some(layout.lon), "longitude"),
            (layout.fatalities, "fatalities"),
        ];
        for (i, (a, what_a)) in fields.iter().enumerate() {
            for (b, what_b) in &fields[i + 1..] {
                if let (Some(a), Some(b)) = (a, b)
                    && a == b
                {
                    return Err(LoadError::invalid(
                        file,
                        &top,
                        "(header)",
                        format!(
                            "the {what_a} and the {what_b} would both be read from column {} ({:?}): name two different columns",
                            a + 1,
                            layout.names[*a]
                        ),
                    ));
                }
            }
        }
        // A column read by name must be the only one of that name.
        for col in [
            Some(layout.date),
            Some(layout.lat),
            Some(layout.lon),
            layout.id,
            layout.fatalities,
        ]
        .into_iter()
        .flatten()
        {
            let name = &layout.names[col];
            if let Some(other) = (0..layout.names.len())
                .find(|&i| i != col && layout.names[i].eq_ignore_ascii_case(name))
            {
                let (a, b) = (col.min(other) + 1, col.max(other) + 1);
                return Err(LoadError::invalid(
                    file,
                    &top,
                    "(header)",
                    format!(
                        "has two columns named {name:?} (columns {a} and {b}): rename one, so that it is clear which to read"
                    ),
                ));
            }
        }
        Ok(layout)
    }

    /// Every record of a block, each an incident or a row error (with its line number).
    pub fn parse_block(&self, block: &Block, file: &str) -> Vec<Result<Incident, LoadError>> {
        let mut out = Vec::new();
        self.for_each_record(block, file, |r, _| out.push(r));
        out
    }

    /// Like [`parse_block`](Self::parse_block), with where each record is in the block, so
    /// that a rejected row can be copied out verbatim and its lines counted.
    pub fn parse_block_with_spans(
        &self,
        block: &Block,
        file: &str,
    ) -> Vec<(Result<Incident, LoadError>, RecordSpan)> {
        let mut out = Vec::new();
        self.for_each_record(block, file, |r, span| out.push((r, span)));
        out
    }

    /// Calls `f` with every record of a block, in order, and where it is. Blank lines (also a
    /// lone CR of a CRLF file) are no records.
    pub fn for_each_record(
        &self,
        block: &Block,
        file: &str,
        mut f: impl FnMut(Result<Incident, LoadError>, RecordSpan),
    ) {
        if let Some(o) = block.oversized {
            let span = RecordSpan {
                bytes: 0..0,
                lines: o.lines,
                note: None,
            };
            let (last, mb) = (o.line + o.lines - 1, o.len as f64 / f64::from(1 << 20));
            let problem = format!(
                "is {mb:.1} MB long, on lines {} to {last}: longer than the {} MB a row may have{}",
                o.line,
                MAX_BLOCK >> 20,
                if o.unclosed_quote {
                    ", because a quoted field opened in it is never closed: was a quote stray?"
                } else {
                    ": is a quote stray, making many lines one field?"
                }
            );
            let place = Place::Line(o.line);
            let e = if o.unclosed_quote {
                LoadError::Unreadable {
                    file: file.to_string(),
                    place,
                    field: "(row)".into(),
                    problem,
                }
            } else {
                LoadError::invalid(file, &place, "(row)", problem)
            };
            return f(Err(e), span);
        }
        for_each_raw_record(block, self.dialect, |r| {
            let place = Place::Line(r.line);
            let span = RecordSpan {
                bytes: r.bytes.clone(),
                lines: r.lines,
                note: None,
            };
            match r.fields {
                Ok(rec) if rec.len() == 1 && rec[0].iter().all(u8::is_ascii_whitespace) => {}
                // Only the last record of the stream can end inside a quoted field: the file
                // was cut short, or a stray quote swallowed every line after it.
                Ok(_)
                    if r.at_block_end
                        && ends_inside_quotes(&block.bytes[r.bytes.clone()], self.dialect) =>
                {
                    let e = if r.lines == 1 {
                        LoadError::invalid(
                            file,
                            &place,
                            "(row)",
                            "has a quoted field that is never closed: was the file cut short, or is a quote stray?",
                        )
                    } else {
                        LoadError::Unreadable {
                            file: file.to_string(),
                            place,
                            field: "(row)".into(),
                            problem: format!(
                                "has a quoted field that is never closed: it runs to the end of the file (line {}), swallowing {} lines; is a quote stray?",
                                r.line + r.lines - 1,
                                r.lines - 1
                            ),
                        }
                    };
                    f(Err(e), span)
                }
                Ok(rec) => {
                    let mut span = span;
                    if r.lines > 1 {
                        span.note = self.joined_lines(rec, r.line, r.lines, file);
                    }
                    f(self.record(rec, r.line, file), span)
                }
                Err(e) => f(
                    Err(LoadError::invalid(
                        file,
                        &place,
                        "(row)",
                        format!("cannot be read: {}", csv_error_text(&e)),
                    )),
                    span,
                ),
            }
        });
    }

    /// When a field of a record spanning several lines has, after a line break, a line that
    /// looks like a row of its own (as many delimiters as a row has), a stray quote has
    /// probably joined rows: the csv crate reads them so, and so do we, but say it.
    fn joined_lines(
        &self,
        rec: &csv::ByteRecord,
        line: u64,
        lines: u64,
        file: &str,
    ) -> Option<String> {
        let (term, delim) = (self.dialect.terminator, self.dialect.delimiter);
        let need = self.names.len().saturating_sub(1).max(1);
        let mut at = line;
        for (col, field) in rec.iter().enumerate() {
            for (k, part) in field.split(|&b| b == term).enumerate() {
                if k > 0 && memchr::memchr_iter(delim, part).count() >= need {
                    let name = self.names.get(col).map_or("", String::as_str);
                    return Some(format!(
                        "{file}: line {line}: `{name}`: a quoted field runs on to line {} (the row spans {lines} lines), which looks like a row of its own: is a quote stray? (read as it stands; check the rows around it)",
                        at + k as u64,
                    ));
                }
            }
            at += memchr::memchr_iter(term, field).count() as u64;
        }
        None
    }

    /// How many columns the header has.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The header line as the file had it (names joined by commas, quoted where needed).
    pub fn header_line(&self) -> String {
        self.names
            .iter()
            .map(|n| {
                if n.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", n.replace('"', "\"\""))
                } else {
                    n.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn record(&self, rec: &csv::ByteRecord, line: u64, file: &str) -> Result<Incident, LoadError> {
        let place = Place::Line(line);
        let width = self.names.len();
        if rec.len() != width {
            // Reading such a row by column position would take values from the wrong columns.
            return Err(LoadError::invalid(
                file,
                &place,
                "(row)",
                format!(
                    "has {} fields but the header has {width}{}",
                    rec.len(),
                    if rec.len() > width {
                        ": an unquoted comma in a field?"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let err = |col: usize, problem: String| {
            LoadError::invalid(file, &place, self.names[col].clone(), problem)
        };
        let text = |col: usize| -> Result<&str, LoadError> {
            std::str::from_utf8(rec.get(col).unwrap_or_default())
                .map(str::trim)
                .map_err(|_| err(col, "is not UTF-8 text".into()))
        };
        let coordinate = |col: usize, what: &str, limit: f64| -> Result<f64, LoadError> {
            let raw = text(col)?;
            let v: f64 = raw
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| {
                    let problem = if raw.is_empty() {
                        format!("is empty; expected the {what} in decimal degrees")
                    } else {
                        format!(
                            "{raw:?} is not a {what}: expected a finite number in decimal degrees"
                        )
                    };
                    err(col, problem)
                })?;
            if v.abs() > limit {
                return Err(err(col, format!("{what} {v} is outside -{limit}..{limit}")));
            }
            Ok(v)
        };
        let lat = coordinate(self.lat, "latitude", 90.0)?;
        let lon = coordinate(self.lon, "longitude", 180.0)?;
        let date = parse_event_date(text(self.date)?).map_err(|e| err(self.date, e.to_string()))?;
        let fatalities =
            match self.fatalities {
                Some(col) => {
                    let raw = text(col)?;
                    if raw.is_empty() {
                        None
                    } else {
                        Some(parse_count(raw).ok_or_else(|| {
                            err(col, format!("{raw:?} is not a whole number ≥ 0"))
                        })?)
                    }
                }
                None => None,
            };
        let id = match self.id {
            Some(col) => {
                let v = text(col)?;
                if v.is_empty() {
                    line.to_string()
                } else {
                    v.to_string()
                }
            }
            None => line.to_string(),
        };
        Ok(Incident {
            id,
            date,
            point: Point::new(lon, lat),
            fatalities,
            properties: Map::new(),
        })
    }
}

/// A text cut to at most `max` characters, with an ellipsis where it was cut.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The csv crate's message without its own position (we report the line ourselves).
fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not UTF-8 text", err.field() + 1),
        _ => e.to_string(),
    }
}

/// A count such as fatalities: `12`, also `12.0` as spreadsheets write it.
fn parse_count(raw: &str) -> Option<u64> {
    raw.parse::<u64>()
        .ok()
        .or_else(|| whole_count(raw.parse().ok()?))
}

/// A whole number ≥ 0 written as a decimal (`3.0`), exactly: below 2⁵³, where every whole
/// number is a double. The same rule for CSV fields and GeoJSON numbers.
fn whole_count(f: f64) -> Option<u64> {
    (f.is_finite() && f >= 0.0 && f.fract() == 0.0 && f < 9_007_199_254_740_992.0)
        .then_some(f as u64)
}

/// Reads incidents from a GeoJSON FeatureCollection of Point features. The date is the property
/// `date` (or `event_date`, `date_start`), the id the feature's `id` or property `id` (else the
/// feature's number, from 1), fatalities the property `fatalities` (or `best`); `columns` may
/// name other properties.
pub fn parse_incidents_geojson(
    text: &str,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentReader, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(geojson_reader(
        Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
        file,
        columns,
    ))
}

/// Incidents from a GeoJSON FeatureCollection read as a stream, one feature at a time (see
/// [`FeatureStream`]): memory stays bounded however large the file. A problem with the document
/// as a whole (not JSON, not a FeatureCollection) comes last, as an `Err` that is not a row error.
pub fn geojson_reader(
    reader: Box<dyn std::io::Read + Send>,
    file: &str,
    columns: &IncidentColumns,
) -> IncidentReader {
    let file_name = file.to_string();
    let columns = columns.clone();
    let records = FeatureStream::new(reader, file).map(move |item| {
        let (index, f) = item?;
        geojson_record(f, index, &columns, &file_name)
    });
    IncidentReader {
        format: IncidentFormat::GeoJson,
        file: file.to_string(),
        records: Box::new(records),
    }
}

fn geojson_record(
    f: Value,
    index: usize,
    columns: &IncidentColumns,
    file: &str,
) -> Result<Incident, LoadError> {
    let Value::Object(mut f) = f else {
        return Err(LoadError::invalid(
            file,
            &Place::Feature { index, id: None },
            "(feature)",
            format!("is {}: expected a Feature object", kind(&f)),
        ));
    };
    let mut props = match f.remove("properties") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let id_key = columns.id.as_deref().unwrap_or("id");
    let id = f
        .get("id")
        .and_then(scalar)
        .or_else(|| props.get(id_key).and_then(scalar))
        .unwrap_or_else(|| (index + 1).to_string());
    let place = Place::Feature {
        index,
        id: Some(id.clone()),
    };
    let err = |field: &str, problem: String| LoadError::invalid(file, &place, field, problem);

    let point = match f.get("geometry") {
        Some(g) if g.get("type").and_then(Value::as_str) == Some("Point") => {
            let c = parse_position_value(g.get("coordinates").unwrap_or(&Value::Null))
                .map_err(|p| err("geometry.coordinates", p))?;
            Point::from(c)
        }
        Some(Value::Null) | None => {
            return Err(err(
                "geometry",
                "is missing: an incident needs a Point".into(),
            ));
        }
        Some(g) => {
            return Err(err(
                "geometry.type",
                format!(
                    "is {}: incidents must be Points",
                    g.get("type").unwrap_or(&Value::Null)
                ),
            ));
        }
    };
    let date_keys: Vec<&str> = match &columns.date {
        Some(k) => vec![k.as_str()],
        None => vec!["date", "event_date", "date_start"],
    };
    let (date_key, raw_date) = date_keys
        .iter()
        .find_map(|k| props.get(*k).map(|v| (*k, v)))
        .ok_or_else(|| {
            err(
                &format!("properties.{}", date_keys[0]),
                "is missing: an incident needs a date".into(),
            )
        })?;
    let raw_date = raw_date.as_str().ok_or_else(|| {
        err(
            &format!("properties.{date_key}"),
            format!("is {}: expected a date string", kind(raw_date)),
        )
    })?;
    let date = parse_event_date(raw_date)
        .map_err(|e| err(&format!("properties.{date_key}"), e.to_string()))?;
    let fat_keys: Vec<&str> = match &columns.fatalities {
        Some(k) => vec![k.as_str()],
        None => vec!["fatalities", "best"],
    };
    let fatalities = match fat_keys.iter().find_map(|k| props.get(*k).map(|v| (*k, v))) {
        None | Some((_, Value::Null)) => None,
        Some((k, v)) => Some(
            v.as_u64()
                .or_else(|| v.as_f64().and_then(whole_count))
                .ok_or_else(|| {
                    err(
                        &format!("properties.{k}"),
                        format!("is {v}: expected a whole number ≥ 0"),
                    )
                })?,
        ),
    };
    props.remove("id");
    Ok(Incident {
        id,
        date,
        point,
        fatalities,
        properties: props,
    })
}

/// Why a file's first line shows it is not CSV text, if it does.
fn not_csv_text(first: &[u8]) -> Option<&'static str> {
    if first.starts_with(&[0x1f, 0x8b]) {
        Some(
            "is gzip-compressed, not CSV text: decompress it first, or pipe it in (zcat FILE | borderscope ... --incidents -)",
        )
    } else if first.starts_with(b"PK\x03\x04") {
        Some("is a ZIP archive (an Excel workbook?), not CSV text: unzip it or export it as CSV")
    } else if first.starts_with(&[0xff, 0xfe]) || first.starts_with(&[0xfe, 0xff]) {
        Some("is UTF-16 text: save it as UTF-8 CSV")
    } else if first.contains(&0) {
        Some("has NUL bytes in its first line: not CSV text")
    } else {
        None
    }
}

/// Whether a record's bytes end inside a quoted field, as the csv crate reads quotes.
fn ends_inside_quotes(record: &[u8], dialect: Dialect) -> bool {
    let mut scanner = RecordScanner::new(dialect);
    scanner.feed(record, |_| true);
    scanner.inside_quotes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quotes_are_found_as_the_csv_crate_reads_quotes() {
        for (record, open) in [
            (&b"a,b,c"[..], false),
            (b"a,\"b,c\",d", false),
            (b"a,\"b \"\"quoted\"\" c\"", false),
            (b"a,\"cut off", true),
            (b"a,\"cut \"\" off", true),
            (b"5'11\",b,c", false), // a quote inside an unquoted field is a character
            (b"a,5'11\",\"open", true),
            (b"\"", true),
            (b"\"\"", false),
        ] {
            assert_eq!(
                ends_inside_quotes(record, Dialect::default()),
                open,
                "{}",
                String::from_utf8_lossy(record)
            );
        }
    }

    /// Bad rows are reported at their true line, whatever the block size, with CRLF endings,
    /// blank lines and line feeds inside quoted fields.
    #[test]
    fn row_errors_name_the_right_line_across_blocks() {
        let text = "id,date,lat,lon\r\n\
                    a,2022-09-16,40.0,70.0\r\n\
                    b,2022-09-16,\"N/A\",70.0\r\n\
                    \r\n\
                    c,2022-09-16,40.0,\"70.0\"\r\n\
                    \"d\r\nd\",2022-09-16,40.0,70.0\r\n\
                    e,2022-13-16,40.0,70.0\r\n\
                    f,2022-09-16,40.0,70.0";
        for target in [1, 7, 20, 64, 1 << 20] {
            let mut src = CsvSource::new(
                Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
                "t.csv",
                &IncidentColumns::default(),
            )
            .unwrap();
            let mut got = Vec::new();
            while let Some(block) = src.next_block(target).unwrap() {
                for r in src.layout.parse_block(&block, "t.csv") {
                    got.push(match r {
                        Ok(i) => i.id,
                        Err(LoadError::Invalid {
                            place: Place::Line(n),
                            field,
                            ..
                        }) => format!("line {n} {field}"),
                        Err(e) => panic!("{e}"),
                    });
                }
            }
            assert_eq!(
                got,
                ["a", "line 3 lat", "c", "d\r\nd", "line 8 date", "f"],
                "target {target}"
            );
        }
    }
}
