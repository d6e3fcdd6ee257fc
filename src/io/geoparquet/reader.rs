//! The GeoParquet (and plain Parquet) reader: a file's rows, batch by batch, as GeoJSON Feature
//! values, so that every loader reads them through the rules it has for GeoJSON.

use std::fs::File;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, SchemaRef};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use serde_json::{Map, Value, json};

pub use super::values::value_at;
use super::{JSON_EXTENSION, MEMBERS_KEY, read_wkb, read_wkb_point};
use crate::io::error::{LoadError, Place};

/// Rows read at a time.
const BATCH_ROWS: usize = 8192;

/// Whether a file's first bytes are Parquet's magic number.
pub fn is_parquet(head: &[u8]) -> bool {
    head.starts_with(b"PAR1")
}

/// How the geometry is stored.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    /// ISO WKB (or EWKB) in a binary column.
    Wkb,
    /// GeoArrow's native `point`: a struct of `x` and `y` (and `z`, `m`).
    Point,
}

/// Which columns become properties, and under what names.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Every column, under its own name.
    All,
    /// These columns (by index), each under the names given (a column may be read under the
    /// name a role looks for, and under its own for `--keep`).
    Some(Vec<(usize, Vec<String>)>),
}

/// How a file's columns make a feature: its geometry, its ids, and which columns become
/// properties under what names (indices into the schema of the batches read).
#[derive(Debug, Clone)]
pub struct RowShape {
    /// The file, as errors name it.
    pub file: String,
    /// The schema of the batches read (only the columns selected, once projected).
    pub schema: SchemaRef,
    geometry: Option<(usize, Encoding)>,
    feature_id: Option<usize>,
    selection: Selection,
}

/// Record batches, one after another, as a Parquet file or an Arrow stream gives them.
pub type BatchStream = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;

/// Where the batches come from.
enum Batches {
    /// A Parquet file, its reader built (projected to the columns read) on first use.
    Parquet(Option<ParquetRecordBatchReaderBuilder<File>>),
    /// An Arrow stream, read whole.
    Stream(Option<BatchStream>),
}

/// An open Parquet file (or Arrow stream), read as features batch by batch.
pub struct ParquetRows {
    shape: RowShape,
    source: Batches,
    batches: Option<BatchStream>,
    /// The collection's members borderscope wrote into the footer, if it did.
    pub members: Option<Map<String, Value>>,
    /// The rows in the file.
    pub rows: u64,
    batch: Option<RecordBatch>,
    at: usize,
    index: usize,
}

impl std::fmt::Debug for ParquetRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetRows")
            .field("file", &self.shape.file)
            .finish_non_exhaustive()
    }
}

fn unreadable(file: &str, field: impl Into<String>, problem: impl Into<String>) -> LoadError {
    LoadError::Unreadable {
        file: file.to_string(),
        place: Place::Document,
        field: field.into(),
        problem: problem.into(),
    }
}

/// Whether a GeoParquet `crs` is lon/lat WGS 84 (absent, OGC:CRS84, EPSG:4326), or unknown
/// (null, which GeoParquet allows).
fn lon_lat(crs: &Value) -> bool {
    match crs {
        Value::Null => true,
        Value::String(s) => s.contains("CRS84") || s.ends_with("4326"),
        Value::Object(_) => {
            let id = &crs["id"];
            let code = match &id["code"] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            matches!(
                (id["authority"].as_str(), code.as_str()),
                (Some("OGC"), "CRS84") | (Some("EPSG"), "4326")
            )
        }
        _ => false,
    }
}

impl ParquetRows {
    /// Opens a Parquet file; `file` names it in errors. Its geometry is the primary column of
    /// its `geo` metadata (WKB or a native point), else a binary column named `geometry`,
    /// `geom` or `wkb` (read as WKB), else none (the places are then in its columns).
    pub fn open(path: &Path, file: &str) -> Result<Self, LoadError> {
        let f = File::open(path).map_err(|error| LoadError::Read {
            file: file.to_string(),
            error,
        })?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| {
            unreadable(
                file,
                "(file)",
                format!("is not a Parquet file it can read: {e}"),
            )
        })?;
        let meta = builder.metadata().clone();
        let kv = |key: &str| {
            meta.file_metadata()
                .key_value_metadata()
                .and_then(|kv| kv.iter().find(|kv| kv.key == key))
                .and_then(|kv| kv.value.clone())
        };
        let schema = builder.schema().clone();
        let rows = meta.file_metadata().num_rows().max(0) as u64;
        Self::from_parts(
            schema,
            &kv,
            rows,
            Batches::Parquet(Some(builder.with_batch_size(BATCH_ROWS))),
            file,
        )
    }

    /// Rows of Arrow record batches from elsewhere (an Arrow stream: a pyarrow table's), read
    /// as a Parquet file's are: the geometry found by the schema's `geo` metadata or a binary
    /// column named `geometry`, `geom` or `wkb`. `name` names the data in errors.
    pub fn from_stream(
        schema: SchemaRef,
        batches: BatchStream,
        name: &str,
    ) -> Result<Self, LoadError> {
        let meta = schema.metadata().clone();
        let kv = |key: &str| meta.get(key).cloned();
        Self::from_parts(schema, &kv, 0, Batches::Stream(Some(batches)), name)
    }

    fn from_parts(
        schema: SchemaRef,
        kv: &dyn Fn(&str) -> Option<String>,
        rows: u64,
        source: Batches,
        file: &str,
    ) -> Result<Self, LoadError> {
        let json = |key: &str| -> Result<Option<Value>, LoadError> {
            kv(key)
                .map(|t| {
                    serde_json::from_str(&t).map_err(|e| {
                        unreadable(
                            file,
                            format!("(metadata {key:?})"),
                            format!("is not JSON: {e}"),
                        )
                    })
                })
                .transpose()
        };
        let named = |names: &[&str]| {
            schema
                .fields()
                .iter()
                .position(|f| names.iter().any(|n| f.name().eq_ignore_ascii_case(n)))
        };
        let geometry = match json("geo")? {
            Some(geo) => {
                let primary = geo["primary_column"].as_str().ok_or_else(|| {
                    unreadable(file, "(metadata \"geo\").primary_column", "is missing")
                })?;
                let col = &geo["columns"][primary];
                if let Some(crs) = col.get("crs")
                    && !lon_lat(crs)
                {
                    let name = crs.get("name").cloned().unwrap_or_else(|| crs.clone());
                    return Err(unreadable(
                        file,
                        primary,
                        format!(
                            "is in the CRS {name}: borderscope reads lon/lat WGS 84 (OGC:CRS84, EPSG:4326); reproject it first (`ogr2ogr -t_srs EPSG:4326`, GeoPandas `to_crs(4326)`)"
                        ),
                    ));
                }
                let index = schema.index_of(primary).map_err(|_| {
                    unreadable(
                        file,
                        primary,
                        "is the geometry column the metadata names, but there is no such column",
                    )
                })?;
                let encoding = match col["encoding"].as_str() {
                    Some(e) if e.eq_ignore_ascii_case("wkb") => Encoding::Wkb,
                    Some("point") => Encoding::Point,
                    other => {
                        return Err(unreadable(
                            file,
                            primary,
                            format!(
                                "has the encoding {}: borderscope reads WKB and native points (write WKB: GeoPandas `to_parquet(geometry_encoding=\"WKB\")`)",
                                other.map_or("(none)".to_string(), |o| format!("{o:?}"))
                            ),
                        ));
                    }
                };
                Some((index, encoding))
            }
            None => named(&["geometry", "geom", "wkb"])
                .filter(|&i| {
                    matches!(
                        schema.field(i).data_type(),
                        DataType::Binary | DataType::LargeBinary | DataType::BinaryView
                    )
                })
                .map(|i| (i, Encoding::Wkb)),
        };
        let members = match json(MEMBERS_KEY)? {
            Some(Value::Object(m)) => Some(m),
            _ => None,
        };
        let feature_id = members
            .is_some()
            .then(|| schema.index_of("feature_id").ok())
            .flatten();
        Ok(ParquetRows {
            shape: RowShape {
                file: file.to_string(),
                schema,
                geometry,
                feature_id,
                selection: Selection::All,
            },
            source,
            batches: None,
            members,
            rows,
            batch: None,
            at: 0,
            index: 0,
        })
    }

    /// The names of the columns, in order (the geometry and its covering among them).
    pub fn column_names(&self) -> Vec<String> {
        self.shape
            .schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The columns that hold properties: all but the geometry, its `bbox` covering and the
    /// features' ids.
    pub fn property_columns(&self) -> Vec<usize> {
        self.shape.property_columns()
    }

    /// Whether the file has a geometry column.
    pub fn has_geometry(&self) -> bool {
        self.shape.geometry.is_some()
    }

    /// Reads only these columns as properties (see [`Selection`]).
    pub fn select(&mut self, selection: Selection) {
        self.shape.selection = selection;
    }

    /// The file's batches, of only the columns the selection, the geometry and the ids need
    /// (an Arrow stream's: all its columns), and how their rows make features (its indices
    /// those of the batches).
    pub fn into_batches(mut self) -> Result<(BatchStream, RowShape), LoadError> {
        let reader = self.reader()?;
        Ok((reader, self.shape))
    }

    /// Builds the batch reader, projected to the columns read, and remaps the shape to it.
    fn reader(&mut self) -> Result<BatchStream, LoadError> {
        let builder = match &mut self.source {
            Batches::Stream(s) => return Ok(s.take().expect("the stream is read once")),
            Batches::Parquet(b) => b.take().expect("the reader is built once"),
        };
        let shape = &mut self.shape;
        let mut used: Vec<usize> = match &shape.selection {
            Selection::All => (0..shape.schema.fields().len()).collect(),
            Selection::Some(cols) => cols.iter().map(|(c, _)| *c).collect(),
        };
        used.extend(shape.geometry.map(|g| g.0));
        used.extend(shape.feature_id);
        used.sort_unstable();
        used.dedup();
        let at = |c: usize| used.binary_search(&c).expect("a column read");
        let mask = ProjectionMask::roots(builder.parquet_schema(), used.iter().copied());
        let file = shape.file.clone();
        let reader: ParquetRecordBatchReader = builder
            .with_projection(mask)
            .build()
            .map_err(|e| unreadable(&file, "(file)", e.to_string()))?;
        shape.schema = reader.schema();
        shape.geometry = shape.geometry.map(|(c, e)| (at(c), e));
        shape.feature_id = shape.feature_id.map(at);
        if let Selection::Some(cols) = &mut shape.selection {
            for (c, _) in cols.iter_mut() {
                *c = at(*c);
            }
        }
        Ok(Box::new(reader))
    }

    /// The next row as a GeoJSON Feature (its index from 0), or a problem with its values
    /// (confined to the row), or with the file (which stops the reading).
    fn row(&mut self) -> Option<Result<(usize, Value), LoadError>> {
        if self.batches.is_none() {
            match self.reader() {
                Ok(r) => self.batches = Some(r),
                Err(e) => return Some(Err(e)),
            }
        }
        loop {
            if let Some(b) = &self.batch
                && self.at < b.num_rows()
            {
                break;
            }
            match self.batches.as_mut()?.next()? {
                Ok(b) => {
                    self.batch = Some(b);
                    self.at = 0;
                }
                Err(e) => {
                    self.batch = None;
                    return Some(Err(unreadable(
                        &self.shape.file,
                        "(row group)",
                        e.to_string(),
                    )));
                }
            }
        }
        let b = self.batch.as_ref().expect("a batch with rows");
        let (i, index) = (self.at, self.index);
        self.at += 1;
        self.index += 1;
        Some(self.shape.feature_at(b, i, index).map(|f| (index, f)))
    }
}

impl RowShape {
    /// The columns that hold properties: all but the geometry, its `bbox` covering and the
    /// features' ids.
    pub fn property_columns(&self) -> Vec<usize> {
        let skip = |i: usize| {
            Some(i) == self.geometry.map(|g| g.0)
                || Some(i) == self.feature_id
                || (self.geometry.is_some() && self.schema.field(i).name() == "bbox")
        };
        (0..self.schema.fields().len())
            .filter(|&i| !skip(i))
            .collect()
    }

    /// The column of the features' ids (a file borderscope wrote), if there is one.
    pub fn feature_id(&self) -> Option<usize> {
        self.feature_id
    }

    /// The columns read as properties, each with the names it is read under.
    pub fn selected(&self) -> Vec<(usize, Vec<String>)> {
        match &self.selection {
            Selection::All => self
                .property_columns()
                .into_iter()
                .map(|c| (c, vec![self.schema.field(c).name().clone()]))
                .collect(),
            Selection::Some(cols) => cols.clone(),
        }
    }

    /// The point of row `i` of a batch, the fast way: `Ok(None)` when it has none (no
    /// geometry column, a null or empty point); an error for anything but a point.
    pub fn point_at(&self, b: &RecordBatch, i: usize) -> Result<Option<[f64; 2]>, String> {
        let Some((c, encoding)) = self.geometry else {
            return Ok(None);
        };
        let a = b.column(c).as_ref();
        if a.is_null(i) {
            return Ok(None);
        }
        match encoding {
            Encoding::Wkb => read_wkb_point(wkb_bytes(a, i)?),
            Encoding::Point => {
                let [x, y] = native_point(a, i)?;
                Ok((!(x.is_nan() && y.is_nan())).then_some([x, y]))
            }
        }
    }

    /// Row `i` of a batch (the file's row `index`) as a GeoJSON Feature.
    pub fn feature_at(&self, b: &RecordBatch, i: usize, index: usize) -> Result<Value, LoadError> {
        let err = |field: &str, problem: String| {
            LoadError::invalid(
                &self.file,
                &Place::Record { index, id: None },
                field,
                problem,
            )
        };
        let mut props = Map::new();
        let mut put = |c: usize, names: &[String]| -> Result<(), LoadError> {
            let field = self.schema.field(c);
            let v = value_at(b.column(c).as_ref(), i, is_json(field))
                .map_err(|p| err(field.name(), p))?;
            match names.split_last() {
                Some((last, rest)) => {
                    for n in rest {
                        props.insert(n.clone(), v.clone());
                    }
                    props.insert(last.clone(), v);
                }
                None => {
                    props.insert(field.name().clone(), v);
                }
            }
            Ok(())
        };
        match &self.selection {
            Selection::All => self
                .property_columns()
                .into_iter()
                .try_for_each(|c| put(c, &[]))?,
            Selection::Some(cols) => cols.iter().try_for_each(|(c, names)| put(*c, names))?,
        }
        let geometry = match self.geometry {
            None => Value::Null,
            Some((c, encoding)) => geometry_at(b.column(c).as_ref(), i, encoding)
                .map_err(|p| err(self.schema.field(c).name(), p))?,
        };
        let mut f = Map::new();
        f.insert("type".into(), json!("Feature"));
        if let Some(c) = self.feature_id {
            match value_at(b.column(c).as_ref(), i, false) {
                Ok(Value::Null) => {}
                Ok(v) => {
                    f.insert("id".into(), v);
                }
                Err(p) => return Err(err("feature_id", p)),
            }
        }
        f.insert("properties".into(), Value::Object(props));
        f.insert("geometry".into(), geometry);
        Ok(Value::Object(f))
    }
}

impl Iterator for ParquetRows {
    type Item = Result<(usize, Value), LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.row()
    }
}

/// Whether a field holds JSON text (`arrow.json`).
pub fn is_json(field: &arrow_schema::Field) -> bool {
    field.metadata().get(JSON_EXTENSION.0).map(String::as_str) == Some(JSON_EXTENSION.1)
}

/// A Parquet file's rows as one GeoJSON FeatureCollection value (with the members borderscope
/// wrote into it), for the loaders of frontiers and gazetteers.
pub fn read_feature_collection(path: &Path, file: &str) -> Result<Value, LoadError> {
    let rows = ParquetRows::open(path, file)?;
    let mut doc = rows.members.clone().unwrap_or_default();
    let mut features = Vec::with_capacity(rows.rows.min(1 << 20) as usize);
    for r in rows {
        features.push(r?.1);
    }
    doc.insert("type".into(), json!("FeatureCollection"));
    doc.insert("features".into(), Value::Array(features));
    Ok(Value::Object(doc))
}

fn wkb_bytes(a: &dyn Array, i: usize) -> Result<&[u8], String> {
    Ok(match a.data_type() {
        DataType::Binary => a.as_binary::<i32>().value(i),
        DataType::LargeBinary => a.as_binary::<i64>().value(i),
        DataType::BinaryView => a.as_binary_view().value(i),
        t => return Err(format!("is of type {t}: expected WKB in a binary column")),
    })
}

fn native_point(a: &dyn Array, i: usize) -> Result<[f64; 2], String> {
    let s = a
        .as_struct_opt()
        .ok_or_else(|| format!("is of type {}: expected a struct of x and y", a.data_type()))?;
    let coord = |n: &str| -> Result<f64, String> {
        let c = s
            .column_by_name(n)
            .ok_or_else(|| format!("has no field {n:?}"))?;
        c.as_primitive_opt::<Float64Type>()
            .map(|c| c.value(i))
            .ok_or_else(|| format!("field {n:?} is of type {}: expected double", c.data_type()))
    };
    Ok([coord("x")?, coord("y")?])
}

fn geometry_at(a: &dyn Array, i: usize, encoding: Encoding) -> Result<Value, String> {
    if a.is_null(i) {
        return Ok(Value::Null);
    }
    match encoding {
        Encoding::Wkb => {
            let bytes = wkb_bytes(a, i)?;
            // Points, the incidents of an archive, the fast way.
            if bytes.len() >= 5 && (bytes[1..5] == [1, 0, 0, 0] || bytes[1..5] == [0, 0, 0, 1]) {
                return Ok(match read_wkb_point(bytes)? {
                    Some(p) => json!({"type": "Point", "coordinates": p}),
                    None => Value::Null,
                });
            }
            read_wkb(bytes)
        }
        Encoding::Point => {
            let [x, y] = native_point(a, i)?;
            Ok(if x.is_nan() && y.is_nan() {
                Value::Null
            } else {
                json!({"type": "Point", "coordinates": [x, y]})
            })
        }
    }
}
