//! Parquet incident files: GeoParquet points (WKB or native), or any Parquet file with
//! latitude and longitude columns (as pandas writes a DataFrame). Each row is made an incident
//! by the JSON records' rules (its id, date, deaths, precision codes), read typed
//! (`arrow_rows.rs`), so that a file reads the same in either form. Only the columns an
//! incident needs, and those `--keep` names, are read from the file; its batches are decoded
//! by one thread and made incidents by the record loop's workers.

use std::path::Path;
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;

use super::arrow_rows::ArrowIncidents;
use super::layers::OtherLayers;
use super::{
    DATE_KEYS, FATALITY_KEYS, ID_KEYS, IncidentColumns, IncidentInput, IncidentReader, InputFormat,
    Keep, LAT_KEYS, LON_KEYS, UNCERTAINTY_KEYS,
};
use crate::io::error::{LoadError, Place};
use crate::io::geoparquet::ParquetRows;
use crate::io::geoparquet::reader::{BatchStream, Selection};
use crate::io::record_stream::Note;
use crate::model::Incident;

/// The other fields the JSON records' rules read (`json.rs`): its last day, its precision codes (ACLED, UCDP),
/// the basis of a radius borderscope derived, and the layer of an export.
const OTHER_KEYS: &[&str] = &[
    "date_end",
    "geo_precision",
    "where_prec",
    "time_precision",
    "date_prec",
    "location_basis",
    "layer",
];

/// The names the JSON records' rules look for, besides those `columns` names: each column
/// whose name is one of them (in any case) is read under that name.
fn usual() -> impl Iterator<Item = &'static str> {
    [
        ID_KEYS,
        DATE_KEYS,
        LAT_KEYS,
        LON_KEYS,
        FATALITY_KEYS,
        UNCERTAINTY_KEYS,
        OTHER_KEYS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// Opens a Parquet incident file; `file` names it in errors.
pub(super) fn open(
    path: &Path,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    from_rows(ParquetRows::open(path, file)?, file, columns)
}

/// Incidents from an Arrow stream of record batches (a pyarrow table's, through the Arrow C
/// stream interface), read as a Parquet file's rows are: a GeoParquet-style WKB or native
/// point column (by the schema's `geo` metadata, or a binary column named `geometry`), or
/// latitude and longitude columns; `name` names the data in errors.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray};
/// use borderscope::io::open_arrow;
///
/// let batch = RecordBatch::try_from_iter([
///     ("event_date", Arc::new(StringArray::from(vec!["2022-09-16"])) as ArrayRef),
///     ("latitude", Arc::new(Float64Array::from(vec![39.95])) as ArrayRef),
///     ("longitude", Arc::new(Float64Array::from(vec![70.53])) as ArrayRef),
/// ])
/// .unwrap();
/// let schema = batch.schema();
/// let input = open_arrow(schema, Box::new(std::iter::once(Ok(batch))), "a table", &Default::default()).unwrap();
/// let incidents: Vec<_> = input.into_reader().map(Result::unwrap).collect();
/// assert_eq!(incidents[0].id, "1"); // no id column: the row's number
/// assert_eq!((incidents[0].point.x(), incidents[0].point.y()), (70.53, 39.95));
/// ```
pub fn open_arrow(
    schema: arrow_schema::SchemaRef,
    batches: BatchStream,
    name: &str,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    from_rows(
        ParquetRows::from_stream(schema, batches, name)?,
        name,
        columns,
    )
}

fn from_rows(
    mut rows: ParquetRows,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    let names = rows.column_names();
    let props = rows.property_columns();
    let missing = |what: &str, problem: String| LoadError::Invalid {
        file: file.to_string(),
        place: Place::Document,
        field: what.to_string(),
        problem,
    };
    let listing = || {
        props
            .iter()
            .map(|&c| names[c].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Named columns must be there (a typo would otherwise read as "no date" on every row).
    let named: Vec<&str> = [
        &columns.id,
        &columns.date,
        &columns.lat,
        &columns.lon,
        &columns.fatalities,
        &columns.uncertainty,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    for n in &named {
        if !props.iter().any(|&c| names[c] == *n) {
            return Err(missing(
                n,
                format!("is not a column of the file; it has {}", listing()),
            ));
        }
    }
    let kept: Vec<String> = match &columns.keep {
        Keep::None => Vec::new(),
        Keep::All => props.iter().map(|&c| names[c].clone()).collect(),
        Keep::Names(k) => {
            for n in k {
                if !props.iter().any(|&c| &names[c] == n) {
                    return Err(missing(
                        "--keep",
                        format!(
                            "names {n:?}, which is not a column of the file; it has {}",
                            listing()
                        ),
                    ));
                }
            }
            // In the file's order.
            props
                .iter()
                .map(|&c| names[c].clone())
                .filter(|n| k.contains(n))
                .collect()
        }
    };
    let mut selection = Vec::new();
    for &c in &props {
        let name = &names[c];
        let mut under: Vec<String> = Vec::new();
        if named.contains(&name.as_str()) {
            under.push(name.clone());
        }
        if let Some(u) = usual().find(|u| u.eq_ignore_ascii_case(name)) {
            under.push(u.to_string());
        }
        if kept.contains(name) {
            under.push(name.clone());
        }
        under.dedup();
        if !under.is_empty() {
            selection.push((c, under));
        }
    }
    let has = |keys: &[&str], named: &Option<String>| {
        named.is_some()
            || selection
                .iter()
                .any(|(_, u)| u.iter().any(|n| keys.contains(&n.as_str())))
    };
    let lat_lon = has(LAT_KEYS, &columns.lat) && has(LON_KEYS, &columns.lon);
    if !(rows.has_geometry() || lat_lon) {
        return Err(missing(
            "(geometry)",
            format!(
                "is missing: the file has no GeoParquet geometry and no latitude and longitude columns (--lat-col, --lon-col); it has {}",
                listing()
            ),
        ));
    }
    if !has(DATE_KEYS, &columns.date) {
        return Err(missing(
            "date",
            format!(
                "is missing: no column named date, event_date or date_start (--date-col); it has {}",
                listing()
            ),
        ));
    }
    rows.select(Selection::Some(selection));
    let (batches, shape) = rows.into_batches()?;
    Ok(IncidentInput::Parquet(ParquetSource {
        rows: Arc::new(ArrowIncidents::new(shape, columns, &kept)),
        batches,
        next_row: 0,
        others: OtherLayers::default(),
        notes: Arc::default(),
        kept,
    }))
}

/// A Parquet incident file, open: its batches, and how their rows become incidents.
pub struct ParquetSource {
    rows: Arc<ArrowIncidents>,
    batches: BatchStream,
    next_row: usize,
    /// The rows of other layers left out (an export's), by layer.
    others: OtherLayers,
    notes: Arc<Mutex<Vec<Note>>>,
    /// The names of the columns kept (`--keep`), in the file's order.
    pub kept: Vec<String>,
}

impl std::fmt::Debug for ParquetSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetSource")
            .field("file", &self.rows.file())
            .finish_non_exhaustive()
    }
}

/// A batch of a Parquet file's rows, to be made incidents by a worker.
pub struct ParquetBatch {
    pub(super) rows: Arc<ArrowIncidents>,
    pub(super) batch: RecordBatch,
    first: usize,
}

impl ParquetBatch {
    /// The batch's incidents (or row errors), in file order.
    pub fn incidents(&self) -> Vec<Result<Incident, LoadError>> {
        self.rows.incidents(&self.batch, self.first)
    }
}

impl ParquetSource {
    /// The input's name, for messages.
    pub fn file(&self) -> &str {
        self.rows.file()
    }

    /// Where what the end of the file says is put: which layers were left out.
    pub fn late_notes(&self) -> Arc<Mutex<Vec<Note>>> {
        Arc::clone(&self.notes)
    }

    /// The next batch of rows, decoded; `None` at the end of the file (when the note of the
    /// layers left out is written).
    pub fn next_batch(&mut self) -> Result<Option<ParquetBatch>, LoadError> {
        match self.batches.next() {
            Some(Ok(batch)) => {
                let first = self.next_row;
                self.next_row += batch.num_rows();
                // Counted here, as the batches are read, so that the note is whole when the
                // file has been read.
                self.rows.count_other_layers(&batch, &mut self.others);
                Ok(Some(ParquetBatch {
                    rows: Arc::clone(&self.rows),
                    batch,
                    first,
                }))
            }
            Some(Err(e)) => Err(LoadError::Unreadable {
                file: self.file().to_string(),
                place: Place::Document,
                field: "(row group)".into(),
                problem: e.to_string(),
            }),
            None => {
                if let Some(note) = self.others.take_note(self.rows.file()) {
                    self.notes.lock().expect("not poisoned").push(note);
                }
                Ok(None)
            }
        }
    }

    /// The records one by one (read on this thread).
    pub fn into_reader(self) -> IncidentReader {
        let file = self.file().to_string();
        let notes = Arc::clone(&self.notes);
        let columns = Some(self.kept.clone());
        let mut source = self;
        let mut pending = std::collections::VecDeque::new();
        let mut ended = false;
        let records = std::iter::from_fn(move || {
            loop {
                if let Some(r) = pending.pop_front() {
                    return Some(r);
                }
                if ended {
                    return None;
                }
                match source.next_batch() {
                    Ok(Some(b)) => pending.extend(b.incidents()),
                    Ok(None) => ended = true,
                    Err(e) => {
                        ended = true;
                        return Some(Err(e));
                    }
                }
            }
        });
        IncidentReader {
            format: InputFormat::Parquet,
            file,
            records: Box::new(records),
            notes,
            columns,
        }
    }
}
