//! `borderscope incidents`: which incidents fell near stretches contested on the day.

use std::fmt::Write as _;

use anyhow::Context as _;
use borderscope::analysis::{Assessment, Period, Proximity, rank_segments};
use borderscope::geodesy::compass8;
use borderscope::io::{IncidentReader, collection_to_string};
use borderscope::model::{Frontier, Incident, Settlement};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use serde_json::{Value, json};

use super::describe::{distance_text, incident_place_and_toll, relative_to_settlement};
use super::format::csv_field;
use super::sources::{IncidentArgs, SourceArgs};

/// How `incidents` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IncidentFormat {
    Text,
    Csv,
    Json,
    Geojson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Year,
    Month,
    All,
}

#[derive(Debug, Args)]
pub struct IncidentsArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub incidents: IncidentArgs,
    /// Distance from a contested stretch (km) within which an incident counts as near it.
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub within: f64,
    /// Take every segment's status on this date (YYYY-MM-DD) instead of each incident's own date.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: IncidentFormat,
    /// Rank segments by the incidents (within --within km) and fatalities near them, per period.
    #[arg(long)]
    pub by_segment: bool,
    /// The period for --by-segment.
    #[arg(long, value_enum, default_value = "year", requires = "by_segment")]
    pub period: PeriodArg,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

/// The CSV columns, in the order of the contract.
pub const CSV_HEADER: &str = "id,date,lon,lat,segment_id,segment_status,distance_m,contested_segment_id,contested_distance_m,near_contested,settlement,settlement_distance_m";

pub fn run(args: &IncidentsArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    let out = args.output.open()?;
    let frontier = args.sources.frontier()?;
    let settlements = args.sources.settlements()?;
    let engine = Proximity::new(&frontier, &settlements);
    let reader = args.incidents.open()?;
    let within_m = args.within * 1000.0;
    let (results, skipped) = assess_all(reader, &engine, args.as_of, within_m)?;

    let text = if args.by_segment {
        let period = match args.period {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
            PeriodArg::All => Period::All,
        };
        by_segment(&frontier, &results, within_m, period, args.format)
    } else {
        match args.format {
            IncidentFormat::Csv => csv(&frontier, &settlements, &results),
            IncidentFormat::Json => {
                let rows: Vec<Value> = results
                    .iter()
                    .map(|(i, a)| row_json(&frontier, &settlements, i, a))
                    .collect();
                let mut s = serde_json::to_string_pretty(&json!({
                    "within_km": args.within,
                    "as_of": args.as_of.map(|d| d.to_string()),
                    "incidents": rows,
                    "skipped_rows": skipped,
                }))?;
                s.push('\n');
                s
            }
            IncidentFormat::Geojson => {
                let mut members = serde_json::Map::new();
                members.insert("within_km".into(), json!(args.within));
                members.insert("as_of".into(), json!(args.as_of.map(|d| d.to_string())));
                collection_to_string(
                    &members,
                    results.iter().map(|(i, a)| {
                        let mut props = match row_json(&frontier, &settlements, i, a) {
                            Value::Object(m) => m,
                            _ => serde_json::Map::new(),
                        };
                        for (k, v) in &i.properties {
                            props.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                        json!({"type": "Feature", "id": i.id, "properties": props,
                               "geometry": {"type": "Point", "coordinates": [i.point.x(), i.point.y()]}})
                    }),
                )
            }
            IncidentFormat::Text => text(
                &frontier,
                &settlements,
                &results,
                args.within,
                args.as_of,
                skipped,
            ),
        }
    };
    out.write_all(text.as_bytes()).context("writing output")
}

/// Reads every incident and assesses it; rows with problems are skipped with a warning.
fn assess_all(
    reader: IncidentReader,
    engine: &Proximity,
    as_of: Option<Date>,
    within_m: f64,
) -> anyhow::Result<(Vec<(Incident, Assessment)>, u64)> {
    let mut results = Vec::new();
    let mut skipped = 0u64;
    for record in reader {
        match record {
            Ok(incident) => {
                let a = engine.assess(incident.point, as_of.unwrap_or(incident.date), within_m);
                results.push((incident, a));
            }
            Err(e) if e.is_row_error() => {
                skipped += 1;
                if skipped <= 10 {
                    eprintln!("borderscope: warning: {e} (row skipped)");
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    if skipped > 10 {
        eprintln!("borderscope: warning: {} more rows skipped", skipped - 10);
    }
    if skipped > 0 {
        eprintln!(
            "borderscope: warning: {skipped} row(s) skipped in all, {} read",
            results.len()
        );
    }
    Ok((results, skipped))
}

/// Metres with three decimals, as the CSV contract wants.
fn m3(m: f64) -> String {
    format!("{m:.3}")
}

fn csv(
    frontier: &Frontier,
    settlements: &[Settlement],
    results: &[(Incident, Assessment)],
) -> String {
    let mut out = String::with_capacity(results.len() * 128 + 256);
    out.push_str(CSV_HEADER);
    out.push('\n');
    for (i, a) in results {
        let seg = |n: &borderscope::index::NearestSegment| frontier.segments[n.segment].id.as_str();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(&i.id),
            i.date,
            i.point.x(),
            i.point.y(),
            a.nearest
                .as_ref()
                .map_or(String::new(), |n| csv_field(seg(n))),
            a.nearest_status.map_or("", |s| s.as_str()),
            a.nearest
                .map_or(String::new(), |n| m3(n.distance.distance_m)),
            a.contested
                .as_ref()
                .map_or(String::new(), |n| csv_field(seg(n))),
            a.contested
                .map_or(String::new(), |n| m3(n.distance.distance_m)),
            a.near_contested,
            a.settlement
                .map_or(String::new(), |h| csv_field(&settlements[h.index].name)),
            a.settlement.map_or(String::new(), |h| m3(h.distance_m)),
        );
    }
    out
}

fn row_json(
    frontier: &Frontier,
    settlements: &[Settlement],
    i: &Incident,
    a: &Assessment,
) -> Value {
    let seg = |n: &borderscope::index::NearestSegment| {
        let s = &frontier.segments[n.segment];
        json!({"id": s.id, "name": s.name, "sector": s.sector,
               "distance_m": (n.distance.distance_m * 1000.0).round() / 1000.0,
               "closest_point": [n.distance.closest.x(), n.distance.closest.y()]})
    };
    json!({
        "id": i.id,
        "date": i.date.to_string(),
        "lon": i.point.x(),
        "lat": i.point.y(),
        "fatalities": i.fatalities,
        "status_date": a.status_date.to_string(),
        "segment": a.nearest.as_ref().map(seg),
        "segment_status": a.nearest_status.map(|s| s.as_str()),
        "contested_segment": a.contested.as_ref().map(seg),
        "near_contested": a.near_contested,
        "settlement": a.settlement.map(|h| {
            let s = &settlements[h.index];
            json!({"name": s.name, "country": s.country, "geonames_id": s.geonames_id,
                   "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                   "direction": compass8(h.azimuth_from_deg),
                   "precision": s.precision.code(),
                   "description": relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)})
        }),
    })
}

fn text(
    frontier: &Frontier,
    settlements: &[Settlement],
    results: &[(Incident, Assessment)],
    within_km: f64,
    as_of: Option<Date>,
    skipped: u64,
) -> String {
    let mut out = String::new();
    let near = results.iter().filter(|(_, a)| a.near_contested).count();
    let _ = writeln!(
        out,
        "{} incident(s); {near} within {within_km} km of a stretch contested {}",
        results.len(),
        as_of.map_or("on the incident's date".to_string(), |d| format!("on {d}"))
    );
    if skipped > 0 {
        let _ = writeln!(out, "({skipped} row(s) skipped: see the warnings)");
    }
    for (i, a) in results {
        let _ = writeln!(out);
        let (place, fat) = incident_place_and_toll(i);
        let mark = if a.near_contested {
            "NEAR CONTESTED"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}  {}{place}  ({:.4} N {:.4} E{fat})  {mark}",
            i.date,
            i.id,
            i.point.y(),
            i.point.x()
        );
        match &a.nearest {
            Some(n) => {
                let s = &frontier.segments[n.segment];
                let _ = writeln!(
                    out,
                    "    nearest segment   {} from {} \"{}\" ({} on {})",
                    distance_text(n.distance.distance_m),
                    s.id,
                    s.name,
                    a.nearest_status.map_or("no status", |x| x.as_str()),
                    a.status_date
                );
            }
            None => {
                let _ = writeln!(out, "    nearest segment   none on {}", a.status_date);
            }
        }
        match &a.contested {
            Some(c) if a.nearest.is_none_or(|n| n.segment != c.segment) => {
                let s = &frontier.segments[c.segment];
                let _ = writeln!(
                    out,
                    "    nearest contested {} from {} \"{}\"",
                    distance_text(c.distance.distance_m),
                    s.id,
                    s.name
                );
            }
            Some(_) => {}
            None => {
                let _ = writeln!(
                    out,
                    "    nearest contested none: nothing was contested on {}",
                    a.status_date
                );
            }
        }
        if let Some(h) = a.settlement {
            let s = &settlements[h.index];
            let _ = writeln!(
                out,
                "    place             {}",
                relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)
            );
        }
    }
    out
}

fn by_segment(
    frontier: &Frontier,
    results: &[(Incident, Assessment)],
    within_m: f64,
    period: Period,
    format: IncidentFormat,
) -> String {
    let rows = rank_segments(frontier, results, within_m, period);
    match format {
        IncidentFormat::Csv => {
            let mut out = String::from(
                "period,rank,segment_id,segment_name,sector,incidents,while_contested,fatalities,incidents_without_fatality_figure\n",
            );
            let mut rank = 0;
            let mut last = String::new();
            for r in &rows {
                rank = if r.period == last { rank + 1 } else { 1 };
                last.clone_from(&r.period);
                let s = &frontier.segments[r.segment];
                let _ = writeln!(
                    out,
                    "{},{rank},{},{},{},{},{},{},{}",
                    r.period,
                    csv_field(&s.id),
                    csv_field(&s.name),
                    csv_field(&s.sector),
                    r.incidents,
                    r.while_contested,
                    r.fatalities,
                    r.fatalities_unknown
                );
            }
            out
        }
        IncidentFormat::Json | IncidentFormat::Geojson => {
            let v: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let s = &frontier.segments[r.segment];
                    json!({"period": r.period, "segment_id": s.id, "segment_name": s.name, "sector": s.sector,
                           "incidents": r.incidents, "while_contested": r.while_contested,
                           "fatalities": r.fatalities, "incidents_without_fatality_figure": r.fatalities_unknown})
                })
                .collect();
            let mut s = serde_json::to_string_pretty(
                &json!({"within_km": within_m / 1000.0, "ranking": v}),
            )
            .unwrap_or_default();
            s.push('\n');
            s
        }
        IncidentFormat::Text => {
            let mut out = format!(
                "segments ranked by incidents within {} km (then by fatalities), per period\n",
                within_m / 1000.0
            );
            let mut last = String::new();
            for r in &rows {
                if r.period != last {
                    let _ = writeln!(out, "\n{}", r.period);
                    let _ = writeln!(out, "  incidents  contested  killed  segment");
                    last.clone_from(&r.period);
                }
                let s = &frontier.segments[r.segment];
                let unknown = if r.fatalities_unknown > 0 {
                    format!("{}+", r.fatalities)
                } else {
                    r.fatalities.to_string()
                };
                let _ = writeln!(
                    out,
                    "  {:>9}  {:>9}  {:>6}  {} \"{}\"",
                    r.incidents, r.while_contested, unknown, s.id, s.name
                );
            }
            if rows.is_empty() {
                let _ = writeln!(
                    out,
                    "\nno incident within {} km of the frontier",
                    within_m / 1000.0
                );
            } else {
                let _ = writeln!(out, "\n(\"+\": some incidents have no fatality figure)");
            }
            out
        }
    }
}
