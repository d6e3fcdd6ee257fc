//! `borderscope settlements`: the settlements within a distance of segments with a status.

use std::fmt::Write as _;

use anyhow::Context as _;
use borderscope::Status;
use borderscope::analysis::Proximity;
use borderscope::io::{collection_to_string, settlement_properties};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde_json::{Value, json};

use super::sources::SourceArgs;
use borderscope::report::format::csv_field;
use borderscope::report::text::{distance_text, settlement_label};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFilter {
    Contested,
    Settled,
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SettlementsFormat {
    Text,
    Csv,
    Json,
    Geojson,
}

#[derive(Debug, Args)]
pub struct SettlementsArgs {
    /// Distance (km) from the segments.
    #[arg(long, value_name = "KM", default_value_t = 5.0)]
    pub within: f64,
    /// Only segments with this status on the date.
    #[arg(long, value_enum, default_value = "any")]
    pub status: StatusFilter,
    /// The date (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SettlementsFormat,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &SettlementsArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    let out = args.output.open(&args.sources.inputs())?;
    let frontier = args.sources.frontier()?;
    let settlements = args.sources.settlements()?;
    let engine = Proximity::new(&frontier, &settlements);
    let date = args.as_of.unwrap_or_else(super::today);
    let status = match args.status {
        StatusFilter::Contested => Some(Status::Contested),
        StatusFilter::Settled => Some(Status::Settled),
        StatusFilter::Any => None,
    };
    let hits = engine.settlements_near(args.within * 1000.0, status, date);
    let what = match args.status {
        StatusFilter::Contested => "contested ",
        StatusFilter::Settled => "settled ",
        StatusFilter::Any => "",
    };

    let text = match args.format {
        SettlementsFormat::Csv => {
            let mut s = String::from(
                "name,geonames_id,country,population,lon,lat,precision,segment_id,segment_status,distance_m\n",
            );
            for (i, n) in &hits {
                let st = &settlements[*i];
                let seg = &frontier.segments[n.segment];
                let _ = writeln!(
                    s,
                    "{},{},{},{},{},{},{},{},{},{:.3}",
                    csv_field(&st.name),
                    st.geonames_id.map_or(String::new(), |g| g.to_string()),
                    st.country,
                    st.population.map_or(String::new(), |p| p.to_string()),
                    st.point.x(),
                    st.point.y(),
                    st.precision.code(),
                    csv_field(&seg.id),
                    seg.status_at(date).map_or("", Status::as_str),
                    n.distance.distance_m
                );
            }
            s
        }
        SettlementsFormat::Json | SettlementsFormat::Geojson => {
            let feature = |(i, n): &(usize, borderscope::index::NearestSegment)| {
                let st = &settlements[*i];
                let seg = &frontier.segments[n.segment];
                let mut p = settlement_properties(st);
                p.insert("segment_id".into(), json!(seg.id));
                p.insert("segment_name".into(), json!(seg.name));
                p.insert(
                    "segment_status".into(),
                    json!(seg.status_at(date).map(Status::as_str)),
                );
                p.insert(
                    "distance_m".into(),
                    json!((n.distance.distance_m * 1000.0).round() / 1000.0),
                );
                json!({"type": "Feature", "properties": p,
                       "geometry": {"type": "Point", "coordinates": [st.point.x(), st.point.y()]}})
            };
            if args.format == SettlementsFormat::Geojson {
                let mut members = serde_json::Map::new();
                members.insert("as_of".into(), json!(date.to_string()));
                members.insert("within_km".into(), json!(args.within));
                collection_to_string(&members, hits.iter().map(feature))
            } else {
                let rows: Vec<Value> = hits
                    .iter()
                    .map(|h| feature(h)["properties"].clone())
                    .collect();
                let mut s = serde_json::to_string_pretty(
                    &json!({"as_of": date.to_string(), "within_km": args.within, "status": status.map(Status::as_str), "settlements": rows}),
                )?;
                s.push('\n');
                s
            }
        }
        SettlementsFormat::Text => {
            let mut s = format!(
                "{} settlement(s) within {} km of {what}segments, as of {date}\n",
                hits.len(),
                args.within
            );
            for (i, n) in &hits {
                let st = &settlements[*i];
                let seg = &frontier.segments[n.segment];
                let _ = writeln!(
                    s,
                    "  {:>8}  {}  from {} ({})",
                    distance_text(n.distance.distance_m),
                    settlement_label(st),
                    seg.id,
                    seg.status_at(date).map_or("no status", Status::as_str)
                );
            }
            s
        }
    };
    out.write_all(text.as_bytes()).context("writing output")
}
