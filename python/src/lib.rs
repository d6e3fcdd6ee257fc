//! borderscope for Python: the native module `borderscope._borderscope`, a thin layer over the
//! library. Each function takes plain values (paths, dates as text, an Arrow stream) and gives
//! back what the command line would write (CSV or GeoJSON text, GeoParquet bytes), which the
//! Python package (`borderscope/__init__.py`) makes DataFrames of: the same code makes the same
//! bytes, so the API and the CLI cannot drift apart. The GIL is released while the library
//! works (on all cores, through rayon).

use std::path::Path;

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader as _};
use borderscope::analysis::{Proximity, Region, UncertaintyRules};
use borderscope::io::{IncidentColumns, IncidentInput, Keep, LoadError, Place, open_input};
use borderscope::model::DateFormat;
use borderscope::report::pipeline::{self, Sink};
use borderscope::report::{
    Batch, Format, Gazetteer, IncidentReport, NearQuery, SummaryRequest, Totals, attribution,
    kept_columns, near_report, settlements_report, summary_report,
};
use borderscope::{Frontier, MeasuredFrontier, Settlement, Status, embedded};
use jiff::civil::Date;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyCapsuleMethods};

/// An exception of the package's hierarchy (`borderscope/errors.py`: `BorderscopeError`, and
/// under it `InputError` and `ArgumentError`, the latter also a `ValueError`), defined in
/// Python so that a class can have two bases.
fn py_error(py: Python<'_>, class: &str, msg: String) -> PyErr {
    let made = py
        .import("borderscope.errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((msg.clone(),)));
    match made {
        Ok(e) => PyErr::from_value(e),
        Err(_) => PyException::new_err(msg),
    }
}

/// A load error as an `InputError`, its parts as attributes.
fn input_error(py: Python<'_>, e: &LoadError) -> PyErr {
    let err = py_error(py, "InputError", e.to_string());
    let (file, place, field, problem) = match e {
        LoadError::Invalid {
            file,
            place,
            field,
            problem,
        }
        | LoadError::Unreadable {
            file,
            place,
            field,
            problem,
        } => (
            Some(file.clone()),
            Some(place_text(place)),
            Some(field.clone()),
            Some(problem.clone()),
        ),
        LoadError::MissingColumn { file, place, .. } => (
            Some(file.clone()),
            Some(place_text(place)),
            Some("(header)".to_string()),
            None,
        ),
        LoadError::Read { file, .. }
        | LoadError::Json { file, .. }
        | LoadError::NotText { file, .. } => (Some(file.clone()), None, None, None),
        LoadError::DateOrder { file, column, .. } => {
            (Some(file.clone()), None, Some(column.clone()), None)
        }
    };
    let value = err.value(py);
    for (name, v) in [
        ("file", file),
        ("place", place),
        ("field", field),
        ("problem", problem),
    ] {
        let _ = value.setattr(name, v);
    }
    err
}

fn place_text(place: &Place) -> String {
    place.to_string()
}

fn argument(msg: impl Into<String>) -> PyErr {
    Python::attach(|py| py_error(py, "ArgumentError", msg.into()))
}

fn date(text: Option<&str>, what: &str) -> PyResult<Option<Date>> {
    text.map(|t| borderscope::parse_date(t).map_err(|e| argument(format!("{what}: {t:?}: {e}"))))
        .transpose()
}

fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

fn km(value: f64, what: &str) -> PyResult<f64> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(argument(format!(
            "{what}: {value} is not a distance (a finite number of km ≥ 0)"
        )))
    }
}

fn load_frontier(py: Python<'_>, border: Option<&str>) -> PyResult<Frontier> {
    match border {
        Some(p) => borderscope::load_frontier(Path::new(p)).map_err(|e| input_error(py, &e)),
        None => Ok(embedded::kg_tj_frontier()),
    }
}

fn load_settlements(
    py: Python<'_>,
    settlements: Option<&str>,
) -> PyResult<(Vec<Settlement>, Option<String>)> {
    match settlements {
        Some(p) => borderscope::io::load_gazetteer(Path::new(p)).map_err(|e| input_error(py, &e)),
        None => Ok((embedded::kg_tj_settlements(), None)),
    }
}

fn gazetteer<'a>(settlements: Option<&str>, credit: &'a Option<String>) -> Gazetteer<'a> {
    match settlements {
        Some(_) => Gazetteer::File(credit.as_deref()),
        None => Gazetteer::Embedded,
    }
}

/// The summary on a date as CSV (`summary --as-of DATE [--by-segment] --format csv`), or as
/// GeoJSON with `geojson`.
#[pyfunction]
#[pyo3(signature = (as_of=None, border=None, by_segment=false, geojson=false))]
fn summary(
    py: Python<'_>,
    as_of: Option<&str>,
    border: Option<&str>,
    by_segment: bool,
    geojson: bool,
) -> PyResult<String> {
    let date = date(as_of, "as_of")?.unwrap_or_else(today);
    let frontier = load_frontier(py, border)?;
    let format = if geojson {
        Format::Geojson
    } else {
        Format::Csv
    };
    py.detach(move || {
        let measured = MeasuredFrontier::new(&frontier);
        summary_report(&measured, SummaryRequest::AsOf { date, by_segment }, format)
            .map_err(|e| e.to_string())
    })
    .map_err(argument)
}

/// The timeline as CSV (`summary --timeline --format csv`).
#[pyfunction]
#[pyo3(signature = (border=None))]
fn timeline(py: Python<'_>, border: Option<&str>) -> PyResult<String> {
    let frontier = load_frontier(py, border)?;
    py.detach(move || {
        let measured = MeasuredFrontier::new(&frontier);
        summary_report(&measured, SummaryRequest::Timeline, Format::Csv).map_err(|e| e.to_string())
    })
    .map_err(argument)
}

/// The frontier file as GeoJSON (its segments with their whole history), as `import` writes it.
#[pyfunction]
#[pyo3(signature = (border=None))]
fn frontier_geojson(py: Python<'_>, border: Option<&str>) -> PyResult<String> {
    let frontier = load_frontier(py, border)?;
    Ok(borderscope::io::frontier_to_string(&frontier))
}

/// What lies near a point, as CSV (`near LAT LON --format csv`).
#[pyfunction]
#[pyo3(signature = (lat, lon, as_of=None, radius_km=10.0, border=None, settlements=None, incidents=None))]
#[allow(clippy::too_many_arguments)]
fn near(
    py: Python<'_>,
    lat: f64,
    lon: f64,
    as_of: Option<&str>,
    radius_km: f64,
    border: Option<&str>,
    settlements: Option<&str>,
    incidents: Option<&str>,
) -> PyResult<String> {
    if !(lat.is_finite() && lat.abs() <= 90.0 && lon.is_finite() && lon.abs() <= 180.0) {
        return Err(argument(format!(
            "({lat}, {lon}) is not a place: latitude -90..90, longitude -180..180"
        )));
    }
    let q = NearQuery {
        lat,
        lon,
        date: date(as_of, "as_of")?.unwrap_or_else(today),
        radius_km: km(radius_km, "radius_km")?,
    };
    let frontier = load_frontier(py, border)?;
    let (places, _) = load_settlements(py, settlements)?;
    // The incidents around too, as the command line lists them: a file's, or the built-in
    // ones; a bad record stops it (there is no table to skip it from).
    let reader = match incidents {
        Some(p) => borderscope::open_incidents(Path::new(p), &IncidentColumns::default()),
        None => embedded::kg_tj_incidents(),
    }
    .map_err(|e| input_error(py, &e))?;
    let around: Vec<borderscope::Incident> = py
        .detach(move || reader.collect::<Result<_, _>>())
        .map_err(|e| input_error(py, &e))?;
    Ok(py.detach(move || {
        let engine = Proximity::new(&frontier, &places);
        near_report(&engine, &around, &q, Format::Csv, None)
    }))
}

/// Settlements near the frontier, as CSV (`settlements --format csv`).
#[pyfunction]
#[pyo3(signature = (within_km=5.0, status=None, as_of=None, border=None, settlements=None))]
fn settlements(
    py: Python<'_>,
    within_km: f64,
    status: Option<&str>,
    as_of: Option<&str>,
    border: Option<&str>,
    settlements: Option<&str>,
) -> PyResult<String> {
    let status = match status {
        None => None,
        Some("contested") => Some(Status::Contested),
        Some("settled") => Some(Status::Settled),
        Some(s) => {
            return Err(argument(format!(
                "status: {s:?}: expected \"contested\", \"settled\" or None"
            )));
        }
    };
    let date = date(as_of, "as_of")?.unwrap_or_else(today);
    let within_km = km(within_km, "within_km")?;
    let frontier = load_frontier(py, border)?;
    let (places, _) = load_settlements(py, settlements)?;
    Ok(py.detach(move || {
        let engine = Proximity::new(&frontier, &places);
        settlements_report(&engine, within_km, status, date, Format::Csv, None)
    }))
}

/// The names the kept input columns get after the result columns (`input_fatalities` for an
/// input `fatalities`), as `--keep` names them.
#[pyfunction]
fn kept_names(names: Vec<String>) -> Vec<String> {
    kept_columns(names).into_iter().map(|k| k.output).collect()
}

/// Where the rows go, batch by batch, in input order.
enum Rows {
    Csv(Vec<u8>),
    Arrow(Vec<RecordBatch>),
}

/// Record batches handed to Python through the Arrow PyCapsule interface: `pa.table(it)` or
/// `pa.RecordBatchReader.from_stream(it)` takes them without copying.
#[pyclass(module = "borderscope._borderscope")]
struct ArrowStream {
    stream: std::sync::Mutex<Option<FFI_ArrowArrayStream>>,
}

#[pymethods]
impl ArrowStream {
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let stream = self
            .stream
            .lock()
            .map_err(|_| py_error(py, "BorderscopeError", "the stream is broken".into()))?
            .take()
            .ok_or_else(|| {
                py_error(py, "BorderscopeError", "the stream was read already".into())
            })?;
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }
}

struct Collect<'a> {
    report: &'a IncidentReport<'a>,
    rows: Rows,
    totals: Totals,
    /// Bad records: how many, and the first ones.
    bad: u64,
    first_bad: Vec<LoadError>,
    strict: bool,
    notes: Vec<String>,
}

#[derive(Debug)]
enum Stop {
    Load(LoadError),
    Write(String),
}

impl From<LoadError> for Stop {
    fn from(e: LoadError) -> Self {
        Stop::Load(e)
    }
}

impl Sink<Batch> for Collect<'_> {
    type Error = Stop;

    fn take(&mut self, mut d: Batch) -> Result<(), Stop> {
        self.notes.append(&mut d.notes);
        for (e, _, _) in d.errors.drain(..) {
            if self.strict {
                return Err(Stop::Load(e));
            }
            self.bad += 1;
            if self.first_bad.len() < 10 {
                self.first_bad.push(e);
            }
        }
        match &mut self.rows {
            Rows::Csv(buf) => {
                if !d.bytes.is_empty() {
                    buf.extend_from_slice(self.report.separator(self.totals.incidents));
                    buf.extend_from_slice(&d.bytes);
                }
            }
            Rows::Arrow(batches) => {
                if let Some(table) = d.table.take()
                    && !table.is_empty()
                {
                    let kept = self.report.kept;
                    batches.push(
                        table
                            .into_batch(kept)
                            .map_err(|e| Stop::Write(e.to_string()))?,
                    );
                }
            }
        }
        self.totals.add(&mut d);
        Ok(())
    }
}

/// The options of an assessment, as `incidents` takes them.
#[derive(Debug, Clone)]
struct Options {
    columns: IncidentColumns,
    within_km: f64,
    as_of: Option<Date>,
    location_uncertainty_km: f64,
    max_uncertainty_km: Option<f64>,
    strict: bool,
    output: Output,
}

/// What `assess` hands back: the CLI's CSV, or its rows as Arrow batches (the columns and
/// types of its GeoParquet, without the geometry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Csv,
    Arrow,
}

/// What came out: bytes, or Arrow batches.
enum Made {
    Bytes(Vec<u8>),
    Batches(Vec<RecordBatch>, arrow_schema::SchemaRef),
}

/// The incidents of `source` (a path, or an object with `__arrow_c_stream__`: a pyarrow
/// table, a record batch, a polars or DuckDB result) assessed as `borderscope incidents` does:
/// the CSV it writes (`output="csv"`, bytes), or its rows as Arrow batches (`output="arrow"`,
/// an object with `__arrow_c_stream__`). Returns that, the number of bad records skipped, the
/// first of them (as text) and the notes.
#[pyfunction]
#[pyo3(signature = (
    source, *, output="csv", lat=None, lon=None, date=None, id=None, fatalities=None,
    uncertainty=None, date_format=None, keep=None, within_km=10.0, as_of=None,
    location_uncertainty_km=0.0, max_uncertainty_km=None, border=None, settlements=None,
    strict=false
))]
#[allow(clippy::too_many_arguments)]
fn assess<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    output: &str,
    lat: Option<String>,
    lon: Option<String>,
    date: Option<String>,
    id: Option<String>,
    fatalities: Option<String>,
    uncertainty: Option<String>,
    date_format: Option<String>,
    keep: Option<Vec<String>>,
    within_km: f64,
    as_of: Option<&str>,
    location_uncertainty_km: f64,
    max_uncertainty_km: Option<f64>,
    border: Option<&str>,
    settlements: Option<&str>,
    strict: bool,
) -> PyResult<Assessed<Bound<'py, PyAny>>> {
    let output = match output {
        "csv" => Output::Csv,
        "arrow" => Output::Arrow,
        o => {
            return Err(argument(format!(
                "output: {o:?}: expected \"csv\" or \"arrow\""
            )));
        }
    };
    let keep = match keep {
        None => Keep::None,
        Some(k) if k.len() == 1 && k[0] == "*" => Keep::All,
        Some(k) => Keep::Names(k),
    };
    let date_format = match date_format.as_deref() {
        None | Some("auto") => DateFormat::Auto,
        Some("excel") | Some("excel1900") => DateFormat::Excel1900,
        Some("excel1904") => DateFormat::Excel1904,
        Some("dayfirst") => DateFormat::DayFirst,
        Some("monthfirst") => DateFormat::MonthFirst,
        Some(p) => DateFormat::Pattern(p.to_string()),
    };
    let options = Options {
        columns: IncidentColumns {
            id,
            date,
            lat,
            lon,
            fatalities,
            uncertainty,
            date_format,
            keep,
            ..IncidentColumns::default()
        },
        within_km: km(within_km, "within_km")?,
        as_of: self::date(as_of, "as_of")?,
        location_uncertainty_km: km(location_uncertainty_km, "location_uncertainty_km")?,
        max_uncertainty_km: max_uncertainty_km
            .map(|k| km(k, "max_uncertainty_km"))
            .transpose()?,
        strict,
        output,
    };
    let frontier = load_frontier(py, border)?;
    let (places, credit) = load_settlements(py, settlements)?;
    // The input: a file, or an Arrow stream taken over without copying.
    let input = if let Ok(path) = source.extract::<std::path::PathBuf>() {
        let columns = options.columns.clone();
        py.detach(move || open_input(&path, &columns))
            .map_err(|e| input_error(py, &e))?
    } else if source.hasattr("__arrow_c_stream__")? {
        let capsule = source.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let ptr = capsule
            .pointer_checked(Some(c"arrow_array_stream"))?
            .cast::<FFI_ArrowArrayStream>();
        // SAFETY: the capsule holds an `ArrowArrayStream` (its name says so, as the Arrow
        // PyCapsule interface requires); `from_raw` moves it out and marks the capsule's
        // released, so that the capsule's destructor does not release it again.
        let reader = unsafe { RecordBatchStreamReader::from_raw(ptr.as_ptr()) }
            .map_err(|e| argument(format!("the Arrow stream: {e}")))?;
        let schema = reader.schema();
        borderscope::io::open_arrow(schema, Box::new(reader), "the table", &options.columns)
            .map_err(|e| input_error(py, &e))?
    } else {
        return Err(argument(format!(
            "data: a {} is neither a path nor Arrow data (an object with __arrow_c_stream__)",
            source.get_type().name()?
        )));
    };
    let attribution = attribution(&frontier.meta, gazetteer(settlements, &credit));
    let outcome = py.detach(move || run(input, &frontier, &places, &options, attribution));
    let (made, bad, first_bad, notes) = outcome.map_err(|e| match e {
        Stop::Load(e) => input_error(py, &e),
        Stop::Write(e) => py_error(py, "BorderscopeError", e),
    })?;
    let made = match made {
        Made::Bytes(b) => PyBytes::new(py, &b).into_any(),
        Made::Batches(batches, schema) => {
            let reader = RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
            let stream = FFI_ArrowArrayStream::new(Box::new(reader));
            Bound::new(
                py,
                ArrowStream {
                    stream: std::sync::Mutex::new(Some(stream)),
                },
            )?
            .into_any()
        }
    };
    Ok((made, bad, first_bad, notes))
}

/// The bytes written, the bad records skipped, the first of them, the notes.
type Assessed<B> = (B, u64, Vec<String>, Vec<String>);

fn run(
    input: IncidentInput,
    frontier: &Frontier,
    places: &[Settlement],
    options: &Options,
    attribution: Option<String>,
) -> Result<Assessed<Made>, Stop> {
    let engine = Proximity::new(frontier, places);
    let rules = UncertaintyRules {
        default_m: options.location_uncertainty_km * 1000.0,
        ..UncertaintyRules::default()
    };
    let names = input.kept_names(&options.columns.keep).unwrap_or_default();
    let kept = kept_columns(names);
    // The batches carry their rows as columns for Parquet and Arrow alike.
    let format = match options.output {
        Output::Csv => Format::Csv,
        Output::Arrow => Format::Parquet,
    };
    let report = IncidentReport {
        engine: &engine,
        as_of: options.as_of,
        within_km: options.within_km,
        format,
        period: None,
        rules: &rules,
        max_uncertainty_m: options.max_uncertainty_km.map(|k| k * 1000.0),
        attribution: attribution.as_deref(),
        kept: &kept,
    };
    let region = Region::around(frontier);
    let rows = match options.output {
        Output::Arrow => Rows::Arrow(Vec::new()),
        Output::Csv => Rows::Csv(report.header().into_bytes()),
    };
    let late = input.late_notes();
    let sink = Collect {
        report: &report,
        rows,
        totals: Totals::default(),
        bad: 0,
        first_bad: Vec::new(),
        strict: options.strict,
        notes: input.notes(),
    };
    let mut done = pipeline::run(input, |records| report.assess(records, &region), sink)?;
    done.notes.extend(
        late.lock()
            .expect("not poisoned")
            .iter()
            .map(|n| n.text.clone()),
    );
    let made = match done.rows {
        Rows::Csv(mut buf) => {
            let footer = report
                .footer(std::mem::take(&mut done.totals))
                .map_err(|e| Stop::Write(e.to_string()))?;
            buf.extend_from_slice(footer.as_bytes());
            Made::Bytes(buf)
        }
        Rows::Arrow(batches) => {
            let schema = std::sync::Arc::new(arrow_schema::Schema::new(
                borderscope::report::incident_fields(&kept),
            ));
            Made::Batches(batches, schema)
        }
    };
    let first_bad = done.first_bad.iter().map(ToString::to_string).collect();
    Ok((made, done.bad, first_bad, done.notes))
}

/// The native module.
#[pymodule]
fn _borderscope(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(summary, m)?)?;
    m.add_function(wrap_pyfunction!(timeline, m)?)?;
    m.add_function(wrap_pyfunction!(frontier_geojson, m)?)?;
    m.add_function(wrap_pyfunction!(near, m)?)?;
    m.add_function(wrap_pyfunction!(settlements, m)?)?;
    m.add_function(wrap_pyfunction!(kept_names, m)?)?;
    m.add_function(wrap_pyfunction!(assess, m)?)?;
    m.add_class::<ArrowStream>()?;
    Ok(())
}
