//! GeoParquet 1.1 streaming writer (WKB geometry column + `geo` footer metadata) and a
//! batch-by-batch incident reader (WKB, native geoarrow `point`, or plain lat/lon columns).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use arrow_array::builder::{BinaryBuilder, Float64Builder};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use geo::{BoundingRect, Geometry};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde_json::{Value, json};

use crate::wkb::{read_wkb_point, write_wkb};

// ------------------------------------------------------------------------------------------
// Writer
// ------------------------------------------------------------------------------------------

pub struct GeoParquetWriter<W: Write + Send> {
    inner: ArrowWriter<W>,
    schema: SchemaRef,
    geom_col: String,
    bbox: [f64; 4],
    types: BTreeSet<&'static str>,
    /// GeoParquet 1.1 "covering": a per-row struct<xmin, ymin, xmax, ymax> column `bbox`,
    /// whose row-group statistics let DuckDB/GDAL/pyarrow skip row groups spatially.
    covering: Option<Fields>,
}

impl<W: Write + Send> GeoParquetWriter<W> {
    /// `attrs`: the non-geometry columns; a nullable Binary column `geom_col` is appended.
    pub fn try_new(sink: W, attrs: &Schema, geom_col: &str, bbox_covering: bool) -> Result<Self> {
        let mut fields: Vec<Field> = attrs.fields().iter().map(|f| f.as_ref().clone()).collect();
        fields.push(Field::new(geom_col, DataType::Binary, true));
        let covering = bbox_covering.then(|| {
            Fields::from(
                ["xmin", "ymin", "xmax", "ymax"]
                    .map(|n| Field::new(n, DataType::Float64, true))
                    .to_vec(),
            )
        });
        if let Some(f) = &covering {
            // Same repetition as the geometry column: OPTIONAL, null where the geometry is null.
            fields.push(Field::new("bbox", DataType::Struct(f.clone()), true));
        }
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            // parquet-rs defaults to UNCOMPRESSED; pyarrow/GeoPandas default to SNAPPY.
            .set_compression(Compression::SNAPPY)
            // Upper bound on rows per row group (flush_row_group() cuts one earlier).
            .set_max_row_group_row_count(Some(64 * 1024))
            .build();
        let inner = ArrowWriter::try_new(sink, schema.clone(), Some(props))?;
        Ok(Self {
            inner,
            schema,
            geom_col: geom_col.to_owned(),
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

    /// Writes one batch: attribute columns + one geometry per row (None = null geometry).
    pub fn write(&mut self, attrs: &[ArrayRef], geoms: &[Option<Geometry<f64>>]) -> Result<()> {
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
            if let Some(r) = rect {
                self.bbox[0] = self.bbox[0].min(r.min().x);
                self.bbox[1] = self.bbox[1].min(r.min().y);
                self.bbox[2] = self.bbox[2].max(r.max().x);
                self.bbox[3] = self.bbox[3].max(r.max().y);
            }
            let v = rect.map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
            for (k, c) in cov.iter_mut().enumerate() {
                c.append_option(v.map(|v| v[k]));
            }
        }
        let geom = b.finish();
        let geom_nulls = geom.nulls().cloned();
        let mut cols = attrs.to_vec();
        cols.push(Arc::new(geom));
        if let Some(fields) = &self.covering {
            let arrays = cov
                .iter_mut()
                .map(|c| Arc::new(c.finish()) as ArrayRef)
                .collect();
            cols.push(Arc::new(StructArray::try_new(
                fields.clone(),
                arrays,
                geom_nulls,
            )?));
        }
        let batch = RecordBatch::try_new(self.schema.clone(), cols)?;
        self.inner.write(&batch)?;
        Ok(())
    }

    /// Ends the current row group now (streaming: nothing but the open row group is held).
    pub fn flush_row_group(&mut self) -> Result<()> {
        self.inner.flush()?;
        Ok(())
    }

    /// Writes the `geo` key into the footer (bbox/types are only known at the end) and closes.
    pub fn finish(mut self) -> Result<W> {
        let mut col = serde_json::Map::new();
        col.insert("encoding".into(), json!("WKB"));
        col.insert(
            "geometry_types".into(),
            json!(self.types.iter().collect::<Vec<_>>()),
        );
        // "crs" omitted => OGC:CRS84 (lon/lat WGS 84). NB: "crs": null would mean *unknown*.
        if self.bbox[0].is_finite() {
            col.insert("bbox".into(), json!(self.bbox));
        }
        if self.covering.is_some() {
            let path = |f: &str| json!(["bbox", f]);
            col.insert("covering".into(), json!({"bbox": {
                "xmin": path("xmin"), "ymin": path("ymin"), "xmax": path("xmax"), "ymax": path("ymax")}}));
        }
        let geo = json!({
            "version": "1.1.0",
            "primary_column": self.geom_col,
            "columns": { self.geom_col.clone(): Value::Object(col) },
        });
        self.inner
            .append_key_value_metadata(KeyValue::new("geo".into(), geo.to_string()));
        Ok(self.inner.into_inner()?)
    }
}

// ------------------------------------------------------------------------------------------
// Reader
// ------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct Incident {
    pub id: String,
    pub date: Option<String>,
    pub fatalities: Option<f64>,
    pub lon: f64,
    pub lat: f64,
}

enum Loc {
    Wkb(usize),
    NativePoint(usize),
    LatLon { lat: usize, lon: usize },
}

pub struct IncidentReader {
    batches: ParquetRecordBatchReader,
    loc: Loc,
    id: usize,
    date: Option<usize>,
    fatalities: Option<usize>,
    pub num_row_groups: usize,
    pub geo_metadata: Option<Value>,
}

fn find(schema: &Schema, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| {
        schema
            .fields()
            .iter()
            .position(|f| f.name().eq_ignore_ascii_case(n))
    })
}

impl IncidentReader {
    pub fn open(path: &str, batch_size: usize) -> Result<Self> {
        let file = File::open(path).with_context(|| format!("opening {path}"))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)?;
        let num_row_groups = builder.metadata().num_row_groups();
        let geo_metadata: Option<Value> = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|kv| kv.key == "geo"))
            .and_then(|kv| kv.value.as_deref())
            .map(serde_json::from_str)
            .transpose()
            .context("parsing the `geo` metadata")?;
        let schema = builder.schema().clone();
        let loc = match &geo_metadata {
            Some(geo) => {
                let primary = geo["primary_column"]
                    .as_str()
                    .ok_or(anyhow!("no primary_column"))?;
                let meta = &geo["columns"][primary];
                if let Some(crs) = meta.get("crs") {
                    // Absent = OGC:CRS84. Accept CRS84/EPSG:4326 only (axis order: GeoParquet is x=lon).
                    let id = &crs["id"];
                    let ok = matches!(
                        (
                            id["authority"].as_str(),
                            id["code"].to_string().trim_matches('"')
                        ),
                        (Some("OGC"), "CRS84") | (Some("EPSG"), "4326")
                    );
                    if !ok {
                        bail!("geometry column {primary}: unsupported CRS {}", crs["name"]);
                    }
                }
                let idx = schema.index_of(primary)?;
                match meta["encoding"].as_str() {
                    Some(e) if e.eq_ignore_ascii_case("wkb") => Loc::Wkb(idx),
                    Some("point") => Loc::NativePoint(idx),
                    other => bail!("geometry column {primary}: encoding {other:?} is not a point"),
                }
            }
            None => Loc::LatLon {
                lat: find(&schema, &["latitude", "lat"]).ok_or(anyhow!("no latitude column"))?,
                lon: find(&schema, &["longitude", "lon", "lng"])
                    .ok_or(anyhow!("no longitude column"))?,
            },
        };
        let id =
            find(&schema, &["id", "event_id_cnty", "event_id"]).ok_or(anyhow!("no id column"))?;
        let date = find(&schema, &["date", "event_date"]);
        let fatalities = find(&schema, &["fatalities"]);
        let batches = builder.with_batch_size(batch_size).build()?;
        Ok(Self {
            batches,
            loc,
            id,
            date,
            fatalities,
            num_row_groups,
            geo_metadata,
        })
    }

    fn decode(&self, b: &RecordBatch) -> Result<Vec<Incident>> {
        let (id, date, fat) = (
            b.column(self.id),
            self.date.map(|i| b.column(i)),
            self.fatalities.map(|i| b.column(i)),
        );
        let mut out = Vec::with_capacity(b.num_rows());
        for i in 0..b.num_rows() {
            let xy = match self.loc {
                Loc::Wkb(c) => wkb_at(b.column(c), i)?,
                Loc::NativePoint(c) => native_point_at(b.column(c), i)?,
                Loc::LatLon { lat, lon } => {
                    match (f64_at(b.column(lon), i)?, f64_at(b.column(lat), i)?) {
                        (Some(x), Some(y)) => Some((x, y)),
                        _ => None,
                    }
                }
            };
            let Some((lon, lat)) = xy else { continue }; // null/empty geometry: skip the row
            out.push(Incident {
                id: str_at(id, i)?.unwrap_or_default(),
                date: date.map(|d| str_at(d, i)).transpose()?.flatten(),
                fatalities: fat.map(|f| f64_at(f, i)).transpose()?.flatten(),
                lon,
                lat,
            });
        }
        Ok(out)
    }
}

impl Iterator for IncidentReader {
    type Item = Result<Vec<Incident>>;
    fn next(&mut self) -> Option<Self::Item> {
        let batch = self.batches.next()?;
        Some(batch.map_err(Into::into).and_then(|b| self.decode(&b)))
    }
}

fn wkb_at(a: &dyn Array, i: usize) -> Result<Option<(f64, f64)>> {
    if a.is_null(i) {
        return Ok(None);
    }
    let bytes = match a.data_type() {
        DataType::Binary => a.as_binary::<i32>().value(i),
        DataType::LargeBinary => a.as_binary::<i64>().value(i),
        DataType::BinaryView => a.as_binary_view().value(i),
        t => bail!("WKB column has type {t}"),
    };
    Ok(read_wkb_point(bytes))
}

/// GeoParquet 1.1 native `point`: struct<x: double, y: double[, z, m]> ("separated" layout).
fn native_point_at(a: &dyn Array, i: usize) -> Result<Option<(f64, f64)>> {
    let s = a
        .as_struct_opt()
        .ok_or(anyhow!("native point column is {}", a.data_type()))?;
    if s.is_null(i) {
        return Ok(None);
    }
    let x = s.column_by_name("x").ok_or(anyhow!("no x field"))?;
    let y = s.column_by_name("y").ok_or(anyhow!("no y field"))?;
    let (x, y) = (
        x.as_primitive::<Float64Type>().value(i),
        y.as_primitive::<Float64Type>().value(i),
    );
    Ok(if x.is_nan() && y.is_nan() {
        None
    } else {
        Some((x, y))
    })
}

fn f64_at(a: &dyn Array, i: usize) -> Result<Option<f64>> {
    if a.is_null(i) {
        return Ok(None);
    }
    Ok(Some(match a.data_type() {
        DataType::Float64 => a.as_primitive::<Float64Type>().value(i),
        DataType::Float32 => a.as_primitive::<Float32Type>().value(i) as f64,
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i) as f64,
        DataType::Int32 => a.as_primitive::<Int32Type>().value(i) as f64,
        DataType::Int16 => a.as_primitive::<Int16Type>().value(i) as f64,
        DataType::Int8 => a.as_primitive::<Int8Type>().value(i) as f64,
        DataType::UInt32 => a.as_primitive::<UInt32Type>().value(i) as f64,
        DataType::UInt64 => a.as_primitive::<UInt64Type>().value(i) as f64,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(..) => {
            match str_at(a, i)? {
                Some(s) if !s.trim().is_empty() => s
                    .trim()
                    .parse()
                    .with_context(|| format!("not a number: {s:?}"))?,
                _ => return Ok(None),
            }
        }
        t => bail!("numeric column has type {t}"),
    }))
}

fn ts_date(v: i64, unit: &TimeUnit, tz: Option<&str>) -> Result<String> {
    let ts = match unit {
        TimeUnit::Second => jiff::Timestamp::from_second(v),
        TimeUnit::Millisecond => jiff::Timestamp::from_millisecond(v),
        TimeUnit::Microsecond => jiff::Timestamp::from_microsecond(v),
        TimeUnit::Nanosecond => jiff::Timestamp::from_nanosecond(v as i128),
    }?;
    // Naive timestamps (tz None) are wall-clock: take the date as if UTC. Zoned ones: local date.
    let tz = tz
        .and_then(|t| jiff::tz::TimeZone::get(t).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    Ok(ts.to_zoned_datetime(tz).date().to_string())
}

fn str_at(a: &dyn Array, i: usize) -> Result<Option<String>> {
    if a.is_null(i) {
        return Ok(None);
    }
    Ok(Some(match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().value(i).to_owned(),
        DataType::LargeUtf8 => a.as_string::<i64>().value(i).to_owned(),
        DataType::Utf8View => a.as_string_view().value(i).to_owned(),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i).to_string(),
        DataType::Int32 => a.as_primitive::<Int32Type>().value(i).to_string(),
        DataType::UInt64 => a.as_primitive::<UInt64Type>().value(i).to_string(),
        DataType::Float64 => a.as_primitive::<Float64Type>().value(i).to_string(),
        DataType::Date32 => {
            let days = a.as_primitive::<Date32Type>().value(i) as i64;
            jiff::Timestamp::from_second(days * 86_400)?
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        }
        DataType::Timestamp(unit, tz) => {
            let v = match unit {
                TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(i),
                TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().value(i),
                TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().value(i),
                TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().value(i),
            };
            ts_date(v, unit, tz.as_deref())?
        }
        DataType::Dictionary(..) => {
            // pandas categoricals come back dictionary-encoded (via the ARROW:schema hint).
            let d = a.as_any_dictionary();
            let k = d.normalized_keys()[i];
            return str_at(d.values().as_ref(), k);
        }
        t => bail!("column has type {t}"),
    }))
}
