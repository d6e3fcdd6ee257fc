//! The incidents report as GeoParquet (behind the `parquet` feature): the CSV's columns, typed
//! (text, dates, metres as doubles equal to the CSV's 3-decimal figures, `near_contested` a
//! boolean, `fatalities` a whole number), then the kept columns as text, then the point. The
//! workers fill an [`IncidentTable`] per batch; [`IncidentParquet`] writes each as a row group.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use geo::Geometry;
use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::format::m3_value;
use super::incidents::{CSV_HEADER, KeptColumn, location_basis};
use crate::analysis::Assessment;
use crate::index::NearestSegment;
use crate::io::geoparquet::{GeoParquetError, GeoParquetWriter};
use crate::model::{Frontier, Incident, Settlement};

/// The columns' types, in the order of [`CSV_HEADER`].
const TYPES: [Kind; 22] = {
    use Kind::*;
    [
        Text, Day, Number, Number, Text, Text, Number, Text, Number, Flag, Text, Number, Count,
        Number, Text, Day, Day, Number, Number, Text, Text, Text,
    ]
};

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Day,
    Number,
    Flag,
    Count,
}

/// The Parquet fields of the report: the CSV's columns, then the kept ones.
pub fn incident_fields(kept: &[KeptColumn]) -> Vec<Field> {
    let mut fields: Vec<Field> = CSV_HEADER
        .split(',')
        .zip(TYPES)
        .map(|(name, kind)| {
            let t = match kind {
                Kind::Text => DataType::Utf8,
                Kind::Day => DataType::Date32,
                Kind::Number => DataType::Float64,
                Kind::Flag => DataType::Boolean,
                Kind::Count => DataType::Int64,
            };
            // `id`, `date`, the place, the verdict are always there; the rest may be empty.
            Field::new(name, t, true)
        })
        .collect();
    fields.extend(
        kept.iter()
            .map(|k| Field::new(&k.output, DataType::Utf8, true)),
    );
    fields
}

/// Days since 1970-01-01, as Parquet's DATE holds them.
fn days(d: Date) -> i32 {
    let epoch = jiff::civil::date(1970, 1, 1);
    d.since(epoch).map_or(0, |s| s.get_days())
}

/// One batch of the report's rows, column by column.
pub struct IncidentTable {
    text: Vec<StringBuilder>,
    days: Vec<Date32Builder>,
    metres: Vec<Float64Builder>,
    flag: BooleanBuilder,
    count: Int64Builder,
    kept: Vec<StringBuilder>,
    points: Vec<Option<Geometry<f64>>>,
}

impl IncidentTable {
    /// An empty table with `kept` kept columns.
    pub fn new(kept: usize) -> Self {
        IncidentTable {
            text: (0..9).map(|_| StringBuilder::new()).collect(),
            days: (0..3).map(|_| Date32Builder::new()).collect(),
            metres: (0..8).map(|_| Float64Builder::new()).collect(),
            flag: BooleanBuilder::new(),
            count: Int64Builder::new(),
            kept: (0..kept).map(|_| StringBuilder::new()).collect(),
            points: Vec::new(),
        }
    }

    /// The rows held.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Adds one incident's row: the same values as its CSV row.
    pub fn push(
        &mut self,
        frontier: &Frontier,
        settlements: &[Settlement],
        i: &Incident,
        a: &Assessment,
        kept: &[KeptColumn],
    ) {
        let seg = |n: &Option<NearestSegment>| {
            n.as_ref().map(|n| frontier.segments[n.segment].id.as_str())
        };
        let dist = |n: &Option<NearestSegment>| n.as_ref().map(|n| m3_value(n.distance.distance_m));
        let range = a.contested_distance_range_m();
        let basis = location_basis(a);
        let texts: [Option<&str>; 9] = [
            Some(&i.id),
            seg(&a.nearest),
            a.nearest_status.map(|s| s.as_str()),
            seg(&a.contested),
            a.settlement.map(|h| settlements[h.index].name.as_str()),
            Some(&basis),
            a.contested_status.map(|c| c.certainty()),
            Some(a.verdict.near.as_str()),
            Some(a.verdict.reason_code()),
        ];
        for (b, t) in self.text.iter_mut().zip(texts) {
            b.append_option(t);
        }
        let ds = [i.date, a.days.0, a.days.1];
        for (b, d) in self.days.iter_mut().zip(ds) {
            b.append_value(days(d));
        }
        let ms = [
            Some(i.point.x()),
            Some(i.point.y()),
            dist(&a.nearest),
            dist(&a.contested),
            a.settlement.map(|h| m3_value(h.distance_m)),
            Some(m3_value(a.radius_m)),
            range.map(|r| m3_value(r.0)),
            range.map(|r| m3_value(r.1)),
        ];
        for (b, m) in self.metres.iter_mut().zip(ms) {
            b.append_option(m);
        }
        self.flag.append_value(a.near_contested);
        self.count
            .append_option(i.fatalities.map(|f| i64::try_from(f).unwrap_or(i64::MAX)));
        for (b, k) in self.kept.iter_mut().zip(kept) {
            match i.properties.get(&k.input) {
                None | Some(Value::Null) => b.append_null(),
                Some(Value::String(s)) => b.append_value(s),
                Some(v) => b.append_value(v.to_string()),
            }
        }
        self.points.push(Some(Geometry::Point(i.point)));
    }

    /// The rows as an Arrow record batch of the columns of [`incident_fields`] (the places in
    /// `lon` and `lat`, no geometry column): for callers that hand Arrow on (the Python
    /// package) rather than write Parquet.
    pub fn into_batch(self, kept: &[KeptColumn]) -> Result<RecordBatch, ArrowError> {
        let schema = Arc::new(Schema::new(incident_fields(kept)));
        RecordBatch::try_new(schema, self.finish().0)
    }

    /// The columns in the order of [`incident_fields`], and the points.
    fn finish(mut self) -> (Vec<ArrayRef>, Vec<Option<Geometry<f64>>>) {
        let mut text = self
            .text
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef);
        let mut days = self
            .days
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef);
        let mut metres = self
            .metres
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef);
        let mut cols: Vec<ArrayRef> = Vec::with_capacity(TYPES.len() + self.kept.len());
        for kind in TYPES {
            cols.push(
                match kind {
                    Kind::Text => text.next(),
                    Kind::Day => days.next(),
                    Kind::Number => metres.next(),
                    Kind::Flag => Some(Arc::new(self.flag.finish()) as ArrayRef),
                    Kind::Count => Some(Arc::new(self.count.finish()) as ArrayRef),
                }
                .expect("as many builders as columns of each kind"),
            );
        }
        cols.extend(
            self.kept
                .iter_mut()
                .map(|b| Arc::new(b.finish()) as ArrayRef),
        );
        (cols, self.points)
    }
}

/// The incidents report written as GeoParquet, one row group per batch.
pub struct IncidentParquet<W: Write + Send> {
    writer: GeoParquetWriter<W>,
}

impl<W: Write + Send> IncidentParquet<W> {
    /// Starts the file, with the kept columns after the report's.
    pub fn new(sink: W, kept: &[KeptColumn]) -> Result<Self, GeoParquetError> {
        Ok(IncidentParquet {
            writer: GeoParquetWriter::try_new(sink, incident_fields(kept))?,
        })
    }

    /// Writes one batch's rows as a row group.
    pub fn write(&mut self, table: IncidentTable) -> Result<(), GeoParquetError> {
        if table.is_empty() {
            return Ok(());
        }
        let (cols, points) = table.finish();
        self.writer.write(cols, &points)?;
        self.writer.flush_row_group()
    }

    /// Ends the file: the footer holds `within_km`, `as_of` and the attribution, as the JSON
    /// report's members.
    pub fn finish(
        self,
        within_km: f64,
        as_of: Option<Date>,
        attribution: Option<&str>,
    ) -> Result<W, GeoParquetError> {
        let mut m = Map::new();
        m.insert("within_km".into(), json!(within_km));
        m.insert("as_of".into(), json!(as_of.map(|d| d.to_string())));
        if let Some(a) = attribution {
            m.insert("attribution".into(), json!(a));
        }
        self.writer.finish(Some(&m))
    }
}

impl std::fmt::Debug for IncidentTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IncidentTable")
            .field("rows", &self.len())
            .finish_non_exhaustive()
    }
}
