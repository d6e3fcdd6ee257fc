//! Incident CSV files: ACLED and UCDP GED exports, and any other CSV with named columns (see
//! `header.rs`), read in blocks of whole records so that files of any size stream.
//!
//! (Over 600 lines: opening, the blocks and what each record of them makes are one reading;
//! the header, the rows and the dates are in `csv/`.)

mod dates;
mod header;
mod row;

use std::io::{BufReader, Read};
use std::sync::{Arc, Mutex};

use super::layers::{INCIDENT_LAYER, OtherLayers, SharedLayers};
use super::{IncidentColumns, IncidentInput, IncidentReader, InputFormat};
use crate::io::csv_blocks::{
    Block, CsvBlocks, Dialect, HeaderError, MAX_BLOCK, RecordScanner, for_each_raw_record,
};
use crate::io::csv_split::{self, RecordFields};
use crate::io::error::{LoadError, NotText, Place};
use crate::io::record_stream::Note;
use crate::model::{DateFormat, Incident, PrecisionScheme};

/// Opens a CSV input whose first bytes, `head`, have been read (the rest to come from `rest`;
/// `len` is the whole size, when known); `file` names it in errors.
pub(super) fn open(
    head: Vec<u8>,
    rest: Box<dyn Read + Send>,
    len: Option<u64>,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    let reader = std::io::Cursor::new(head).chain(rest);
    let mut source = CsvSource::new(
        Box::new(BufReader::with_capacity(1 << 16, reader)),
        file,
        columns,
    )?;
    source.len = len;
    Ok(IncidentInput::Csv(source))
}

/// Reads incidents from CSV text already in memory (e.g. standard input, tests).
///
/// ```
/// use borderscope::IncidentColumns;
/// use borderscope::io::{InputFormat, parse_incidents_csv};
///
/// let csv = "event_id_cnty,event_date,latitude,longitude,fatalities\n\
///            KGZ1,15 January 2010,39.95,70.53,2\n\
///            KGZ2,16 January 2010,95.0,70.53,\n";
/// let reader = parse_incidents_csv(csv.into(), "acled.csv", &IncidentColumns::default()).unwrap();
/// assert_eq!(reader.format, InputFormat::Acled);
/// let records: Vec<_> = reader.collect();
/// let first = records[0].as_ref().unwrap();
/// assert_eq!(first.id, "KGZ1");
/// assert_eq!(first.date, jiff::civil::date(2010, 1, 15));
/// assert_eq!((first.point.x(), first.point.y()), (70.53, 39.95)); // lon, lat
/// assert_eq!(first.fatalities, Some(2));
/// // A latitude beyond 90° spoils its own row (line 3 of the file) only.
/// let err = records[1].as_ref().unwrap_err();
/// assert!(err.is_row_error());
/// assert!(err.to_string().starts_with("acled.csv: line 3: `latitude`"), "{err}");
/// ```
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
    /// Which CSV it is: ACLED, UCDP GED or any other ([`InputFormat::Csv`]).
    pub format: InputFormat,
    id: Option<usize>,
    date: usize,
    point: PointColumns,
    fatalities: Option<usize>,
    /// The column saying which layer of an export a row is of: only incidents are read.
    layer: Option<usize>,
    /// The rows of other layers left out, and the note they make at the end.
    layers: SharedLayers,
    /// The optional columns of the place's and the date's precision.
    precision: PrecisionColumns,
    names: Vec<String>,
    /// The line the header is on (after any blank lines).
    header_line: u64,
    /// Where records end: the terminator found from the header line.
    pub dialect: Dialect,
    /// How the dates are read: as given, or as found over the file (`dates.rs`).
    pub(crate) dates: DateFormat,
    /// How the dates were found to be written, when the file had to tell.
    pub(crate) date_note: Option<String>,
    /// The columns carried into the output (`--keep`), in input order.
    pub(crate) kept: Vec<usize>,
}

/// The columns that say how sure the source is of an incident's place and day, where the
/// file has them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PrecisionColumns {
    /// The last possible day (UCDP `date_end`).
    pub date_end: Option<usize>,
    /// The place's precision code and whose codebook it follows.
    pub geo: Option<(usize, PrecisionScheme)>,
    /// The date's precision code and whose codebook it follows.
    pub time: Option<(usize, PrecisionScheme)>,
    /// A radius in metres.
    pub uncertainty: Option<usize>,
    /// What borderscope's own output says the radius was derived from (`location_basis`): a
    /// radius derived from a precision code is derived again, not taken as given, unless the
    /// radius column was named.
    pub basis: Option<usize>,
}

/// Where a row's place is: latitude and longitude columns, or a point as WKT (`POINT (lon
/// lat)`, as `export --format csv` and GIS tools write it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PointColumns {
    /// Decimal degrees in two columns.
    LatLon { lat: usize, lon: usize },
    /// WKT in one column.
    Wkt(usize),
}

/// Which reader splits a block into records and fields: the bitmask splitter
/// ([`csv_split`], what the reading uses), or `csv::Reader` (the reference it must equal).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockParser {
    Bitmask,
    CsvReader,
}

/// Where a record is, as either reader says it.
struct RecordAt {
    line: u64,
    lines: u64,
    bytes: std::ops::Range<usize>,
    at_block_end: bool,
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
    /// The columns found in the header.
    pub layout: CsvLayout,
    /// The input's name, for messages.
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
        if let Some(what) = not_csv_text(blocks.head().map_err(read_err)?) {
            return Err(LoadError::NotText {
                file: file.to_string(),
                what,
            });
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
        blocks.set_delimiter(
            columns
                .delimiter
                .unwrap_or_else(|| sniff_delimiter(&header.bytes)),
        );
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
        let notes = self.layout.late_notes();
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
                    Ok(None) => {
                        self.layout.finish(&self.file);
                        failed = true;
                        return None;
                    }
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
            notes,
            columns: None,
        }
    }
}

impl CsvLayout {
    /// Where what the end of the file says is put: which layers of an export were left out.
    pub fn late_notes(&self) -> Arc<Mutex<Vec<Note>>> {
        Arc::clone(&self.layers.notes)
    }

    /// Says what the reading left out, once every block has been read.
    pub fn finish(&self, file: &str) {
        self.layers.finish(file);
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
        f: impl FnMut(Result<Incident, LoadError>, RecordSpan),
    ) {
        self.for_each_record_by(block, file, BlockParser::Bitmask, f)
    }

    /// Like [`parse_block`](Self::parse_block), with the block's records read by the given
    /// reader (to compare them, and time them).
    #[doc(hidden)]
    pub fn parse_block_by(
        &self,
        block: &Block,
        file: &str,
        parser: BlockParser,
    ) -> Vec<(Result<Incident, LoadError>, RecordSpan)> {
        let mut out = Vec::new();
        self.for_each_record_by(block, file, parser, |r, span| out.push((r, span)));
        out
    }

    fn for_each_record_by(
        &self,
        block: &Block,
        file: &str,
        parser: BlockParser,
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
        let mut others = OtherLayers::default();
        match parser {
            BlockParser::Bitmask => csv_split::for_each_record(block, self.dialect, |r| {
                let at = RecordAt {
                    line: r.line,
                    lines: r.lines,
                    bytes: r.bytes,
                    at_block_end: r.at_block_end,
                };
                self.one_record(block, file, Ok(&r.fields), at, &mut others, &mut f)
            }),
            BlockParser::CsvReader => for_each_raw_record(block, self.dialect, |r| {
                let at = RecordAt {
                    line: r.line,
                    lines: r.lines,
                    bytes: r.bytes,
                    at_block_end: r.at_block_end,
                };
                let fields = r.fields.map_err(|e| csv_error_text(&e));
                self.one_record(block, file, fields, at, &mut others, &mut f)
            }),
        }
        self.layers.merge(others);
    }

    /// One record of a block, read by either reader: an incident, a row error, or nothing
    /// (a blank line, a row of another layer).
    fn one_record<R: RecordFields + ?Sized>(
        &self,
        block: &Block,
        file: &str,
        fields: Result<&R, String>,
        r: RecordAt,
        others: &mut OtherLayers,
        f: &mut impl FnMut(Result<Incident, LoadError>, RecordSpan),
    ) {
        let place = Place::Line(r.line);
        let span = RecordSpan {
            bytes: r.bytes.clone(),
            lines: r.lines,
            note: None,
        };
        match fields {
            Ok(rec)
                if rec.len() == 1
                    && rec
                        .get(0)
                        .unwrap_or_default()
                        .iter()
                        .all(u8::is_ascii_whitespace) => {}
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
            Ok(rec) if self.other_layer(rec).is_some() => {
                others.count(self.other_layer(rec).unwrap_or_default());
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
                    format!("cannot be read: {e}"),
                )),
                span,
            ),
        }
    }

    /// The layer of an export's row, when it is not an incident's.
    fn other_layer<'r, R: RecordFields + ?Sized>(&self, rec: &'r R) -> Option<&'r str> {
        let layer = std::str::from_utf8(rec.get(self.layer?)?).ok()?.trim();
        let layer = layer.strip_suffix('\r').unwrap_or(layer);
        (!layer.is_empty() && layer != INCIDENT_LAYER).then_some(layer)
    }

    /// When a field of a record spanning several lines has, after a line break, a line that
    /// looks like a row of its own (as many delimiters as a row has), a stray quote has
    /// probably joined rows: the csv crate reads them so, and so do we, but say it.
    fn joined_lines<R: RecordFields + ?Sized>(
        &self,
        rec: &R,
        line: u64,
        lines: u64,
        file: &str,
    ) -> Option<String> {
        let (term, delim) = (self.dialect.terminator, self.dialect.delimiter);
        let need = self.names.len().saturating_sub(1).max(1);
        let mut at = line;
        for (col, field) in (0..rec.len()).filter_map(|i| rec.get(i)).enumerate() {
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
}

/// The csv crate's message without its own position (we report the line ourselves).
fn csv_error_text(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not UTF-8 text", err.field() + 1),
        _ => e.to_string(),
    }
}

/// What a file whose first line shows it is not CSV text is, if it is not.
fn not_csv_text(first: &[u8]) -> Option<NotText> {
    if first.starts_with(&[0x1f, 0x8b]) {
        Some(NotText::Gzip)
    } else if first.starts_with(b"PK\x03\x04") {
        Some(NotText::Zip)
    } else if first.starts_with(&[0xff, 0xfe]) || first.starts_with(&[0xfe, 0xff]) {
        Some(NotText::Utf16)
    } else if first.contains(&0) {
        Some(NotText::Nul)
    } else {
        None
    }
}

/// Whether a record's bytes end inside a quoted field, as the csv crate reads quotes.
/// The delimiter a header line uses: whichever of comma, semicolon, tab and pipe it holds most
/// of outside quotes (a comma on a tie or when it holds none), as Excel's "CSV UTF-8" in
/// European locales writes semicolons and many exports tabs.
fn sniff_delimiter(header: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..CANDIDATES.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    CANDIDATES[best]
}

fn ends_inside_quotes(record: &[u8], dialect: Dialect) -> bool {
    let mut scanner = RecordScanner::new(dialect);
    scanner.feed(record, |_| true);
    scanner.inside_quotes()
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_delimiter_is_the_one_the_header_holds_most_of_outside_quotes() {
        assert_eq!(sniff_delimiter(b"id,date,lat,lon"), b',');
        assert_eq!(sniff_delimiter(b"\xef\xbb\xbfid;date;lat;lon\r\n"), b';');
        assert_eq!(sniff_delimiter(b"id\tdate\tlat,lon\tnote"), b'\t');
        assert_eq!(sniff_delimiter(b"id|date|lat|lon"), b'|');
        // Commas inside a quoted name do not count.
        assert_eq!(sniff_delimiter(b"\"id, cnty\";date;\"lat, deg\";lon"), b';');
        // One column, or a tie: a comma.
        assert_eq!(sniff_delimiter(b"date"), b',');
        assert_eq!(sniff_delimiter(b"a,b;c"), b',');
    }
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
