//! The GeoParquet writer: attribute columns, one WKB geometry a row, the `geo` key at the end.

use std::collections::BTreeSet;
use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use geo::{BoundingRect, Geometry};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde_json::{Map, Value, json};

use super::{GeoParquetError, JSON_EXTENSION, MEMBERS_KEY, write_wkb};

/// The most rows in a row group (a block of records is flushed as one before that).
const MAX_ROW_GROUP: usize = 64 * 1024;

/// A GeoParquet 1.1 file written batch by batch: the attribute columns given, then a nullable
/// WKB `geometry` column and its `bbox` covering. Only the open row group is held in memory.
pub struct GeoParquetWriter<W: Write + Send> {
    inner: ArrowWriter<W>,
    schema: SchemaRef,
    bbox: [f64; 4],
    types: BTreeSet<&'static str>,
    covering: Fields,
}

impl<W: Write + Send> GeoParquetWriter<W> {
    /// A writer of rows with the attribute columns `attrs` (their order, names and types).
    pub fn try_new(sink: W, attrs: Vec<Field>) -> Result<Self, GeoParquetError> {
        let mut fields = attrs;
        fields.push(Field::new("geometry", DataType::Binary, true));
        let covering = Fields::from(
            ["xmin", "ymin", "xmax", "ymax"]
                .map(|n| Field::new(n, DataType::Float64, true))
                .to_vec(),
        );
        // Nullable like the geometry, and null where it is.
        fields.push(Field::new("bbox", DataType::Struct(covering.clone()), true));
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(MAX_ROW_GROUP))
            .set_dictionary_enabled(false)
            .build();
        let inner = ArrowWriter::try_new(sink, schema.clone(), Some(props))?;
        Ok(Self {
            inner,
            schema,
            bbox: [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            types: BTreeSet::new(),
            covering,
        })
    }

    /// Writes rows: the attribute columns, and one geometry a row (`None`: null).
    pub fn write(
        &mut self,
        attrs: Vec<ArrayRef>,
        geoms: &[Option<Geometry<f64>>],
    ) -> Result<(), GeoParquetError> {
        let mut b = BinaryBuilder::with_capacity(geoms.len(), geoms.len() * 21);
        let mut buf = Vec::with_capacity(64);
        let mut cov: [Float64Builder; 4] = Default::default();
        for g in geoms {
            let rect = g.as_ref().and_then(|g| g.bounding_rect());
            match g {
                None => b.append_null(),
                Some(g) => {
                    buf.clear();
                    self.types.insert(write_wkb(&mut buf, g));
                    b.append_value(&buf);
                }
            }
            let v = rect.map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
            if let Some(v) = v {
                self.bbox[0] = self.bbox[0].min(v[0]);
                self.bbox[1] = self.bbox[1].min(v[1]);
                self.bbox[2] = self.bbox[2].max(v[2]);
                self.bbox[3] = self.bbox[3].max(v[3]);
            }
            for (k, c) in cov.iter_mut().enumerate() {
                c.append_option(v.map(|v| v[k]));
            }
        }
        let geom = b.finish();
        let nulls = arrow_array::Array::nulls(&geom).cloned();
        let mut cols = attrs;
        cols.push(Arc::new(geom));
        let arrays = cov
            .iter_mut()
            .map(|c| Arc::new(c.finish()) as ArrayRef)
            .collect();
        cols.push(Arc::new(StructArray::try_new(
            self.covering.clone(),
            arrays,
            nulls,
        )?));
        let batch = RecordBatch::try_new(self.schema.clone(), cols)?;
        self.inner.write(&batch)?;
        Ok(())
    }

    /// Ends the open row group (so that a stream holds one block at a time).
    pub fn flush_row_group(&mut self) -> Result<(), GeoParquetError> {
        Ok(self.inner.flush()?)
    }

    /// Writes the footer, with the `geo` key (the bounding box and geometry types are known
    /// only now) and `members` under the key `borderscope` when given, and returns the sink.
    pub fn finish(mut self, members: Option<&Map<String, Value>>) -> Result<W, GeoParquetError> {
        let mut col = Map::new();
        col.insert("encoding".into(), json!("WKB"));
        col.insert(
            "geometry_types".into(),
            json!(self.types.iter().collect::<Vec<_>>()),
        );
        // "crs" left out: OGC:CRS84. (`"crs": null` would mean unknown.)
        if self.bbox[0].is_finite() {
            col.insert("bbox".into(), json!(self.bbox));
        }
        let path = |f: &str| json!(["bbox", f]);
        col.insert(
            "covering".into(),
            json!({"bbox": {"xmin": path("xmin"), "ymin": path("ymin"),
                            "xmax": path("xmax"), "ymax": path("ymax")}}),
        );
        let geo = json!({
            "version": "1.1.0",
            "primary_column": "geometry",
            "columns": {"geometry": Value::Object(col)},
        });
        self.inner
            .append_key_value_metadata(KeyValue::new("geo".into(), geo.to_string()));
        if let Some(m) = members {
            self.inner.append_key_value_metadata(KeyValue::new(
                MEMBERS_KEY.into(),
                Value::Object(m.clone()).to_string(),
            ));
        }
        Ok(self.inner.into_inner()?)
    }
}

/// How a column of feature properties is stored: by the JSON values it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ColumnType {
    Bool,
    Int,
    Float,
    Text,
    /// Lists, objects, or values of mixed kinds: JSON text.
    Json,
}

fn value_type(v: &Value) -> Option<ColumnType> {
    match v {
        Value::Null => None,
        Value::Bool(_) => Some(ColumnType::Bool),
        Value::Number(n) if n.is_i64() => Some(ColumnType::Int),
        Value::Number(_) => Some(ColumnType::Float),
        Value::String(_) => Some(ColumnType::Text),
        Value::Array(_) | Value::Object(_) => Some(ColumnType::Json),
    }
}

fn join(a: Option<ColumnType>, b: Option<ColumnType>) -> Option<ColumnType> {
    use ColumnType::*;
    match (a, b) {
        (None, t) | (t, None) => t,
        (Some(x), Some(y)) if x == y => Some(x),
        (Some(Int), Some(Float)) | (Some(Float), Some(Int)) => Some(Float),
        _ => Some(Json),
    }
}

/// A file of features (GeoJSON Feature values) as GeoParquet, in memory: one column per
/// property in first-seen order (typed by the values it holds: booleans, whole numbers,
/// numbers, text; lists, objects and mixed kinds as JSON text marked `arrow.json`), the
/// features' own ids in a first column `feature_id` when they have them, and `members` (the
/// collection's) in the footer.
pub fn features_to_parquet(
    members: &Map<String, Value>,
    features: &[Value],
) -> Result<Vec<u8>, GeoParquetError> {
    let mut keys: Vec<(String, Option<ColumnType>)> = Vec::new();
    let ids = features.iter().any(|f| !f["id"].is_null());
    if ids {
        keys.push(("feature_id".into(), None));
    }
    for f in features {
        if ids {
            keys[0].1 = join(keys[0].1, value_type(&f["id"]));
        }
        if let Some(p) = f["properties"].as_object() {
            for (k, v) in p {
                match keys.iter_mut().find(|(n, _)| n == k) {
                    Some((_, t)) => *t = join(*t, value_type(v)),
                    None => keys.push((k.clone(), value_type(v))),
                }
            }
        }
    }
    let get = |f: &Value, k: &str, first: bool| -> Value {
        if ids && first {
            f["id"].clone()
        } else {
            f["properties"].get(k).cloned().unwrap_or(Value::Null)
        }
    };
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (n, (k, t)) in keys.iter().enumerate() {
        let first = n == 0;
        let t = t.unwrap_or(ColumnType::Text);
        let values = features.iter().map(|f| get(f, k, first));
        let (dt, array): (DataType, ArrayRef) = match t {
            ColumnType::Bool => {
                let mut b = BooleanBuilder::new();
                values.for_each(|v| b.append_option(v.as_bool()));
                (DataType::Boolean, Arc::new(b.finish()))
            }
            ColumnType::Int => {
                let mut b = Int64Builder::new();
                values.for_each(|v| b.append_option(v.as_i64()));
                (DataType::Int64, Arc::new(b.finish()))
            }
            ColumnType::Float => {
                let mut b = Float64Builder::new();
                values.for_each(|v| b.append_option(v.as_f64()));
                (DataType::Float64, Arc::new(b.finish()))
            }
            ColumnType::Text | ColumnType::Json => {
                let mut b = StringBuilder::new();
                values.for_each(|v| match v {
                    Value::Null => b.append_null(),
                    Value::String(s) if t == ColumnType::Text => b.append_value(s),
                    v => b.append_value(v.to_string()),
                });
                (DataType::Utf8, Arc::new(b.finish()))
            }
        };
        let mut field = Field::new(k.as_str(), dt, true);
        if t == ColumnType::Json {
            field = field.with_metadata(std::collections::HashMap::from([(
                JSON_EXTENSION.0.to_string(),
                JSON_EXTENSION.1.to_string(),
            )]));
        }
        fields.push(field);
        arrays.push(array);
    }
    let geoms: Vec<Option<Geometry<f64>>> = features
        .iter()
        .map(|f| crate::io::geojson::geometry_from_value(&f["geometry"]))
        .collect();
    let mut w = GeoParquetWriter::try_new(Vec::new(), fields)?;
    w.write(arrays, &geoms)?;
    w.finish(Some(members))
}

/// A GeoJSON FeatureCollection's text as GeoParquet: its features as rows
/// ([`features_to_parquet`]), its other members in the footer.
pub fn collection_to_parquet(text: &str) -> Result<Vec<u8>, GeoParquetError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| GeoParquetError::Arrow(arrow_schema::ArrowError::JsonError(e.to_string())))?;
    let mut members = doc.as_object().cloned().unwrap_or_default();
    let features = match members.remove("features") {
        Some(Value::Array(f)) => f,
        _ => Vec::new(),
    };
    members.remove("type");
    features_to_parquet(&members, &features)
}
