use std::fs::File;
use std::io::BufWriter;
use std::sync::Arc;

use anyhow::Result;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, StringArray};
use arrow_schema::{DataType, Field, Schema};
use geo::{Geometry, LineString, Point, Polygon, line_string, polygon};

use crate::geoparquet::{GeoParquetWriter, IncidentReader};

struct Row {
    id: &'static str,
    date: &'static str,
    distance_m: f64,
    fatalities: Option<i64>,
    confirmed: bool,
    lon: f64,
    lat: f64,
}

fn incidents_schema() -> Schema {
    Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("date", DataType::Utf8, true),
        Field::new("distance_m", DataType::Float64, false),
        Field::new("fatalities", DataType::Int64, true),
        Field::new("confirmed", DataType::Boolean, false),
        Field::new("day", DataType::Date32, true),
    ])
}

fn days_since_epoch(iso: &str) -> i32 {
    let d: jiff::civil::Date = iso.parse().unwrap();
    (d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
        .as_second()
        / 86_400) as i32
}

fn attrs(rows: &[Row]) -> Vec<ArrayRef> {
    let (mut id, mut date, mut dist) = (
        StringBuilder::new(),
        StringBuilder::new(),
        Float64Builder::new(),
    );
    let (mut fat, mut conf, mut day) = (
        Int64Builder::new(),
        BooleanBuilder::new(),
        Date32Builder::new(),
    );
    for r in rows {
        id.append_value(r.id);
        date.append_value(r.date);
        dist.append_value(r.distance_m);
        fat.append_option(r.fatalities);
        conf.append_value(r.confirmed);
        day.append_value(days_since_epoch(r.date));
    }
    vec![
        Arc::new(id.finish()),
        Arc::new(date.finish()),
        Arc::new(dist.finish()),
        Arc::new(fat.finish()),
        Arc::new(conf.finish()),
        Arc::new(day.finish()),
    ]
}

fn write_points(path: &str) -> Result<()> {
    let rows = [
        Row {
            id: "KGZ1",
            date: "2022-09-16",
            distance_m: 120.5,
            fatalities: Some(3),
            confirmed: true,
            lon: 70.61,
            lat: 39.92,
        },
        Row {
            id: "KGZ2",
            date: "2022-09-16",
            distance_m: 0.0,
            fatalities: None,
            confirmed: false,
            lon: 70.75,
            lat: 39.98,
        },
        Row {
            id: "TJK1",
            date: "2022-09-17",
            distance_m: 4031.25,
            fatalities: Some(0),
            confirmed: true,
            lon: 69.95,
            lat: 40.05,
        },
    ];
    let sink = BufWriter::new(File::create(path)?);
    let mut w = GeoParquetWriter::try_new(sink, &incidents_schema(), "geometry", true)?;
    // Streaming: each arriving batch becomes one row group (2 batches -> 2 row groups).
    for batch in [&rows[..2], &rows[2..]] {
        let geoms: Vec<_> = batch
            .iter()
            .map(|r| Some(Geometry::Point(Point::new(r.lon, r.lat))))
            .collect();
        w.write(&attrs(batch), &geoms)?;
        w.flush_row_group()?;
    }
    w.finish()?;
    Ok(())
}

fn write_layers(lines: &str, polys: &str) -> Result<()> {
    let schema = Schema::new(vec![Field::new("segment", DataType::Utf8, false)]);
    let mut w = GeoParquetWriter::try_new(
        BufWriter::new(File::create(lines)?),
        &schema,
        "geometry",
        true,
    )?;
    let ls: LineString<f64> =
        line_string![(x: 70.0, y: 39.9), (x: 70.5, y: 40.0), (x: 71.0, y: 40.1)];
    w.write(
        &[Arc::new(StringArray::from(vec!["s1"])) as ArrayRef],
        &[Some(Geometry::LineString(ls))],
    )?;
    w.finish()?;

    let mut w = GeoParquetWriter::try_new(
        BufWriter::new(File::create(polys)?),
        &schema,
        "geometry",
        true,
    )?;
    let p: Polygon<f64> =
        polygon![(x: 70.0, y: 39.0), (x: 71.0, y: 39.0), (x: 71.0, y: 40.0), (x: 70.0, y: 39.0)];
    w.write(
        &[Arc::new(StringArray::from(vec!["c1", "c2"])) as ArrayRef],
        &[Some(Geometry::Polygon(p)), None],
    )?;
    w.finish()?;
    Ok(())
}

fn read(path: &str) -> Result<()> {
    let reader = IncidentReader::open(path, 2)?; // tiny batch size to show batch-by-batch
    println!(
        "{path}: {} row group(s), geo = {}",
        reader.num_row_groups,
        reader.geo_metadata.as_ref().map_or("none".into(), |g| {
            let p = g["primary_column"].as_str().unwrap_or("?");
            format!(
                "{{version: {}, primary: {p}, encoding: {}}}",
                g["version"], g["columns"][p]["encoding"]
            )
        })
    );
    for (n, batch) in reader.enumerate() {
        for r in batch? {
            println!(
                "  batch {n}: {} {:?} fatalities={:?} lon={} lat={}",
                r.id, r.date, r.fatalities, r.lon, r.lat
            );
        }
    }
    Ok(())
}

pub fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("write") => {
            write_points(&args[2])?;
            if args.len() > 4 {
                write_layers(&args[3], &args[4])?;
            }
        }
        Some("read") => args[2..].iter().try_for_each(|p| read(p))?,
        _ => eprintln!(
            "usage: gpq write OUT.parquet [LINES.parquet POLYS.parquet] | gpq read FILE..."
        ),
    }
    Ok(())
}
