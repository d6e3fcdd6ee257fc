//! Incidents from Arrow record batches (a Parquet file's): the columns an incident needs are
//! read typed, row by row, in the record loop's workers, with no JSON in between. A row whose
//! values are not of the usual kinds (a number as text, a date as a timestamp, a bad value) is
//! read as the GeoJSON Feature it would be, by the JSON records' rules (`json.rs`), so that both
//! ways give the same incident or the same error; the fast way only ever takes a row those
//! rules would take, and makes the same incident of it.

use std::borrow::Cow;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use geo::Point;
use serde_json::Map;

use super::layers::{INCIDENT_LAYER, OtherLayers};
use super::{
    DATE_KEYS, FATALITY_KEYS, ID_KEYS, IncidentColumns, LAT_KEYS, LON_KEYS, UNCERTAINTY_KEYS, json,
    precision, whole_count,
};
use crate::io::error::LoadError;
use crate::io::geoparquet::reader::{RowShape, is_json, value_at};
use crate::model::{Incident, PrecisionScheme};

/// One value of a column, as the rules for incidents tell values apart.
enum Cell<'a> {
    Null,
    Str(&'a str),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// Any other type (a timestamp, a dictionary, a list): read the slow way.
    Other,
}

fn cell(a: &dyn Array, i: usize) -> Cell<'_> {
    if a.is_null(i) {
        return Cell::Null;
    }
    match a.data_type() {
        DataType::Utf8 => Cell::Str(a.as_string::<i32>().value(i)),
        DataType::LargeUtf8 => Cell::Str(a.as_string::<i64>().value(i)),
        DataType::Utf8View => Cell::Str(a.as_string_view().value(i)),
        DataType::Int64 => Cell::Int(a.as_primitive::<Int64Type>().value(i)),
        DataType::Int32 => Cell::Int(a.as_primitive::<Int32Type>().value(i).into()),
        DataType::Int16 => Cell::Int(a.as_primitive::<Int16Type>().value(i).into()),
        DataType::Int8 => Cell::Int(a.as_primitive::<Int8Type>().value(i).into()),
        DataType::UInt64 => Cell::UInt(a.as_primitive::<UInt64Type>().value(i)),
        DataType::UInt32 => Cell::UInt(a.as_primitive::<UInt32Type>().value(i).into()),
        DataType::UInt16 => Cell::UInt(a.as_primitive::<UInt16Type>().value(i).into()),
        DataType::UInt8 => Cell::UInt(a.as_primitive::<UInt8Type>().value(i).into()),
        DataType::Float64 => Cell::Float(a.as_primitive::<Float64Type>().value(i)),
        DataType::Float32 => Cell::Float(a.as_primitive::<Float32Type>().value(i).into()),
        _ => Cell::Other,
    }
}

/// A field's text as the JSON rules' `text_of` reads it: `Some(None)` for none (null,
/// blank), `None` for a value to be read the slow way.
fn text(c: Cell<'_>) -> Option<Option<Cow<'_, str>>> {
    match c {
        Cell::Null => Some(None),
        Cell::Str(s) if s.trim().is_empty() => Some(None),
        Cell::Str(s) => Some(Some(Cow::Borrowed(s.trim()))),
        Cell::Int(n) => Some(Some(Cow::Owned(n.to_string()))),
        Cell::UInt(n) => Some(Some(Cow::Owned(n.to_string()))),
        // A NaN is JSON's null (as the slow way writes it); other doubles as JSON prints them.
        Cell::Float(f) if f.is_nan() => Some(None),
        Cell::Float(f) => serde_json::Number::from_f64(f).map(|n| Some(Cow::Owned(n.to_string()))),
        Cell::Other => None,
    }
}

/// How the rows of a file's batches become incidents: which column each role reads.
#[derive(Debug)]
pub(super) struct ArrowIncidents {
    shape: RowShape,
    columns: IncidentColumns,
    /// The columns an id is taken from, in the order they are tried.
    id: Vec<usize>,
    date: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    fatalities: Option<usize>,
    date_end: Option<usize>,
    geo_precision: [(Option<usize>, PrecisionScheme); 2],
    time_precision: [(Option<usize>, PrecisionScheme); 2],
    uncertainty: Vec<usize>,
    location_basis: Option<usize>,
    layer: Option<usize>,
    /// The columns kept (`--keep`), under their own names.
    kept: Vec<(usize, String)>,
}

impl ArrowIncidents {
    /// The roles' columns of `shape` (its selection names each column under the names the
    /// roles look for); `kept` the columns carried into the output.
    pub(super) fn new(shape: RowShape, columns: &IncidentColumns, kept: &[String]) -> Self {
        let selected = shape.selected();
        // The column read under a name (the last one, as a later property overwrites an
        // earlier one of the same name).
        let under = |name: &str| {
            selected
                .iter()
                .rev()
                .find(|(_, names)| names.iter().any(|n| n == name))
                .map(|(c, _)| *c)
        };
        let keys = |named: &Option<String>, usual: &[&str]| -> Vec<usize> {
            match named {
                Some(k) => under(k).into_iter().collect(),
                None => usual.iter().filter_map(|k| under(k)).collect(),
            }
        };
        let first = |named: &Option<String>, usual: &[&str]| keys(named, usual).first().copied();
        // In the file's order, as the properties of a row read as a Feature are.
        let mut kept: Vec<(usize, String)> = kept
            .iter()
            .filter(|k| *k != "id")
            .filter_map(|k| under(k).map(|c| (c, k.clone())))
            .collect();
        kept.sort_by_key(|(c, _)| *c);
        ArrowIncidents {
            id: keys(&columns.id, ID_KEYS),
            date: first(&columns.date, DATE_KEYS),
            lat: first(&columns.lat, LAT_KEYS),
            lon: first(&columns.lon, LON_KEYS),
            fatalities: first(&columns.fatalities, FATALITY_KEYS),
            date_end: under("date_end"),
            geo_precision: [
                (under("geo_precision"), PrecisionScheme::Acled),
                (under("where_prec"), PrecisionScheme::Ucdp),
            ],
            time_precision: [
                (under("time_precision"), PrecisionScheme::Acled),
                (under("date_prec"), PrecisionScheme::Ucdp),
            ],
            uncertainty: keys(&columns.uncertainty, UNCERTAINTY_KEYS),
            location_basis: under("location_basis"),
            layer: under("layer"),
            kept,
            columns: columns.clone(),
            shape,
        }
    }

    /// The file, as errors name it.
    pub(super) fn file(&self) -> &str {
        &self.shape.file
    }

    /// Whether row `i` is of another layer than the incidents (an export's settlements,
    /// segments): that layer.
    fn other_layer<'b>(&self, b: &'b RecordBatch, i: usize) -> Option<&'b str> {
        match cell(b.column(self.layer?).as_ref(), i) {
            Cell::Str(layer) if layer != INCIDENT_LAYER => Some(layer),
            _ => None,
        }
    }

    /// Counts the rows of a batch that are of other layers into `others`, by layer.
    pub(super) fn count_other_layers(&self, b: &RecordBatch, others: &mut OtherLayers) {
        if self.layer.is_none() {
            return;
        }
        for i in 0..b.num_rows() {
            if let Some(layer) = self.other_layer(b, i) {
                others.count(layer);
            }
        }
    }

    /// The incidents of a batch whose first row is the file's row `first`; the rows of
    /// another layer left out.
    pub(super) fn incidents(
        &self,
        b: &RecordBatch,
        first: usize,
    ) -> Vec<Result<Incident, LoadError>> {
        (0..b.num_rows())
            .filter(|&i| self.other_layer(b, i).is_none())
            .map(|i| {
                let index = first + i;
                self.fast(b, i, index)
                    .map_or_else(|| self.slow(b, i, index), Ok)
            })
            .collect()
    }

    /// The row read as a GeoJSON Feature, by the JSON records' rules; its properties only
    /// those kept, as the fast way keeps them.
    fn slow(&self, b: &RecordBatch, i: usize, index: usize) -> Result<Incident, LoadError> {
        let f = self.shape.feature_at(b, i, index)?;
        let mut incident = json::json_record(f, index, &self.columns, &self.shape.file)?;
        incident
            .properties
            .retain(|k, _| self.kept.iter().any(|(_, n)| n == k));
        Ok(incident)
    }

    /// The row read typed, or `None` where anything in it is not as usual.
    fn fast(&self, b: &RecordBatch, i: usize, index: usize) -> Option<Incident> {
        let at = |c: usize| cell(b.column(c).as_ref(), i);
        let feature_id = match self.shape.feature_id().map(at) {
            None | Some(Cell::Null) => None,
            Some(Cell::Str(s)) if s.trim().is_empty() => None,
            Some(Cell::Str(s)) => Some(s.trim().to_string()),
            Some(Cell::Int(n)) => Some(n.to_string()),
            Some(Cell::UInt(n)) => Some(n.to_string()),
            Some(_) => return None,
        };
        let id = match feature_id {
            Some(id) => id,
            None => {
                let mut id = None;
                for &c in &self.id {
                    match at(c) {
                        Cell::Null => continue,
                        Cell::Str(s) if s.trim().is_empty() => continue,
                        Cell::Str(s) => id = Some(s.trim().to_string()),
                        Cell::Int(n) => id = Some(n.to_string()),
                        Cell::UInt(n) => id = Some(n.to_string()),
                        _ => return None,
                    }
                    break;
                }
                id.unwrap_or_else(|| (index + 1).to_string())
            }
        };
        let point = match self.shape.point_at(b, i) {
            Ok(Some([x, y])) => {
                if !(x.is_finite() && y.is_finite() && x.abs() <= 180.0 && y.abs() <= 90.0) {
                    return None;
                }
                Point::new(x, y)
            }
            Ok(None) => {
                let degrees = |c: Option<usize>, limit: f64| -> Option<f64> {
                    let x = match at(c?) {
                        Cell::Float(x) => x,
                        Cell::Int(n) => n as f64,
                        Cell::UInt(n) => n as f64,
                        _ => return None,
                    };
                    (x.is_finite() && x.abs() <= limit).then_some(x)
                };
                Point::new(degrees(self.lon, 180.0)?, degrees(self.lat, 90.0)?)
            }
            Err(_) => return None,
        };
        let date = match at(self.date?) {
            Cell::Str(s) => self.columns.date_format.parse(s).ok()?,
            _ => return None,
        };
        let fatalities = match self.fatalities.map(at) {
            None | Some(Cell::Null) => None,
            Some(Cell::Str(s)) if s.trim().is_empty() => None,
            Some(Cell::Int(n)) => Some(u64::try_from(n).ok()?),
            Some(Cell::UInt(n)) => Some(n),
            Some(Cell::Float(f)) if f.is_nan() => None,
            Some(Cell::Float(f)) => Some(whole_count(f)?),
            Some(_) => return None,
        };
        let text_at = |c: Option<usize>| -> Option<Option<Cow<'_, str>>> {
            match c {
                None => Some(None),
                Some(c) => text(at(c)),
            }
        };
        let date_end = match text_at(self.date_end)? {
            Some(raw) => Some(precision::date_end(date, &raw, &self.columns.date_format).ok()?),
            None => None,
        };
        let code = |keys: &[(Option<usize>, PrecisionScheme); 2], place: bool| {
            for &(c, scheme) in keys {
                if let Some(raw) = text_at(c)? {
                    return Some(Some(precision::precision_code(&raw, scheme, place).ok()?));
                }
            }
            Some(None)
        };
        let geo_precision = code(&self.geo_precision, true)?;
        let time_precision = code(&self.time_precision, false)?;
        let derived = self.columns.uncertainty.is_none()
            && match self.location_basis.map(at) {
                Some(Cell::Str(b)) => b != "given",
                None | Some(Cell::Null | Cell::Int(_) | Cell::UInt(_) | Cell::Float(_)) => false,
                Some(Cell::Other) => return None,
            };
        let mut uncertainty_m = None;
        if !derived {
            for &c in &self.uncertainty {
                if let Some(raw) = text(at(c))? {
                    uncertainty_m = Some(precision::uncertainty_m(&raw).ok()?);
                    break;
                }
            }
        }
        let mut properties = Map::new();
        for (c, name) in &self.kept {
            let field = self.shape.schema.field(*c);
            let v = value_at(b.column(*c).as_ref(), i, is_json(field)).ok()?;
            properties.insert(name.clone(), v);
        }
        Some(Incident {
            id,
            date,
            point,
            fatalities,
            properties,
            date_end,
            time_precision,
            geo_precision,
            uncertainty_m,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;

    use crate::io::IncidentInput;
    use crate::io::incidents::{IncidentColumns, Keep};

    /// Each row, read typed where it can be, is the incident (or the error, word for word)
    /// that the JSON records' rules make of the row read as a Feature: over numbers as text,
    /// NaN and fractional deaths, doubles as precision codes, blank and null ids, bad dates
    /// and places out of range.
    #[test]
    fn the_fast_way_reads_every_row_as_the_json_rules_do() {
        let ids = [
            Some("KGZ1"),
            None,
            Some(" "),
            Some("KGZ4"),
            Some("KGZ5"),
            Some("KGZ6"),
            Some("KGZ7"),
            Some("KGZ8"),
        ];
        let dates = [
            Some("2022-09-16"),
            Some("16 September 2022"),
            Some("2022-13-01"),
            None,
            Some("2021-04-29"),
            Some("2021-04-29"),
            Some("2021-04-29"),
            Some("2021-04-29"),
        ];
        let lat = [39.95, 39.9, 40.0, 40.0, 91.0, f64::NAN, 39.9, 39.9];
        let lon = [70.53, 70.6, 70.5, 70.5, 70.5, 70.5, 70.5, 70.5];
        let deaths = [
            Some(3.0),
            Some(f64::NAN),
            None,
            Some(2.5),
            Some(0.0),
            Some(1.0),
            Some(-1.0),
            Some(4.0),
        ];
        let geo = [
            Some(1.0),
            Some(2.0),
            None,
            Some(3.0),
            Some(1.0),
            Some(1.0),
            Some(9.0),
            Some(1.0),
        ];
        let time = [
            Some(1),
            Some(2),
            Some(3),
            None,
            Some(1),
            Some(1),
            Some(1),
            Some(7),
        ];
        let notes = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let cols: Vec<(&str, ArrayRef)> = vec![
            ("event_id_cnty", Arc::new(StringArray::from(ids.to_vec()))),
            ("event_date", Arc::new(StringArray::from(dates.to_vec()))),
            ("latitude", Arc::new(Float64Array::from(lat.to_vec()))),
            ("longitude", Arc::new(Float64Array::from(lon.to_vec()))),
            ("fatalities", Arc::new(Float64Array::from(deaths.to_vec()))),
            ("geo_precision", Arc::new(Float64Array::from(geo.to_vec()))),
            ("time_precision", Arc::new(Int64Array::from(time.to_vec()))),
            ("notes", Arc::new(StringArray::from(notes.to_vec()))),
        ];
        let batch = RecordBatch::try_from_iter(cols).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.parquet");
        let mut w =
            ArrowWriter::try_new(std::fs::File::create(&path).unwrap(), batch.schema(), None)
                .unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        let columns = IncidentColumns {
            keep: Keep::Names(vec!["notes".into(), "latitude".into()]),
            ..IncidentColumns::default()
        };
        let IncidentInput::Parquet(mut source) = crate::io::open_input(&path, &columns).unwrap()
        else {
            panic!("not read as Parquet");
        };
        let b = source.next_batch().unwrap().unwrap();
        let fast = b.incidents();
        assert_eq!(fast.len(), 8);
        let mut typed = 0;
        for (i, got) in fast.iter().enumerate() {
            typed += usize::from(b.rows.fast(&b.batch, i, i).is_some());
            let want = b.rows.slow(&b.batch, i, i);
            match (got, &want) {
                (Ok(g), Ok(w)) => assert_eq!(g, w, "row {i}"),
                (Err(g), Err(w)) => assert_eq!(g.to_string(), w.to_string(), "row {i}"),
                _ => panic!("row {i}: {got:?} against {want:?}"),
            }
        }
        // Row 1 (the date in words, the NaN toll, the null id) is read typed as well as row 0;
        // the others (a bad date, a missing one, latitude 91 or NaN, a toll of -1, an unknown
        // precision code) go the slow way, which gives their errors.
        assert_eq!(typed, 2, "{fast:?}");
        let problems: Vec<String> = fast[2..]
            .iter()
            .map(|r| r.as_ref().unwrap_err().to_string())
            .collect();
        assert!(
            problems[0].contains("is not a day of the calendar"),
            "{problems:?}"
        );
        assert!(
            problems[4].contains("is -1.0: expected a whole number"),
            "{problems:?}"
        );
        let first = fast[0].as_ref().unwrap();
        assert_eq!(first.id, "KGZ1");
        assert_eq!(first.fatalities, Some(3));
        // Kept in the file's order, whatever the order of --keep.
        let kept: Vec<&String> = first.properties.keys().collect();
        assert_eq!(kept, ["latitude", "notes"]);
        // The row without an id is named by its number, from 1.
        assert_eq!(fast[1].as_ref().unwrap().id, "2");
        assert_eq!(fast[1].as_ref().unwrap().fatalities, None);
    }
}
