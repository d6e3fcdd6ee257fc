//! `borderscope near LAT LON`: the nearest segment, and the settlements and incidents around.

use std::fmt::Write as _;

use anyhow::Context as _;
use borderscope::analysis::Proximity;
use borderscope::geodesy::compass8;
use borderscope::index::{NearestSegment, PointIndex};
use borderscope::model::{Frontier, Incident, Status};
use clap::Args;
use geo::Point;
use jiff::civil::Date;
use serde_json::{Value, json};

use super::sources::{IncidentArgs, SourceArgs};
use borderscope::report::Format;
use borderscope::report::format::csv_field;
use borderscope::report::text::{
    distance_text, incident_place_and_toll, relative_to_settlement, settlement_label, where_text,
};

#[derive(Debug, Args)]
pub struct NearArgs {
    /// Latitude, degrees north (e.g. 39.9497).
    #[arg(allow_negative_numbers = true)]
    pub lat: f64,
    /// Longitude, degrees east (e.g. 70.5358).
    #[arg(allow_negative_numbers = true)]
    pub lon: f64,
    /// Radius (km) for settlements and incidents.
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub radius: f64,
    /// The date for segment statuses (YYYY-MM-DD); default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub incidents: IncidentArgs,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &NearArgs) -> anyhow::Result<()> {
    if !(-90.0..=90.0).contains(&args.lat) || !(-180.0..=180.0).contains(&args.lon) {
        anyhow::bail!(
            "LAT must be within -90..90 and LON within -180..180 (got {} {}); the order is LAT LON",
            args.lat,
            args.lon
        );
    }
    super::check_km("--radius", args.radius)?;
    let (out, rejects, _) =
        super::sources::open_outputs(&args.output, &args.sources, &args.incidents)?;
    let frontier = args.sources.frontier()?;
    let settlements = args.sources.settlements()?;
    let engine = Proximity::new(&frontier, &settlements);
    let date = args.as_of.unwrap_or_else(super::today);
    let p = Point::new(args.lon, args.lat);
    let radius_m = args.radius * 1000.0;
    let a = engine.assess(p, date, radius_m);
    // A point far from the frontier whose swap lies close to it was probably typed LON LAT.
    if a.nearest
        .is_some_and(|n| n.distance.distance_m > 1_000_000.0)
        && args.lon.abs() <= 90.0
    {
        let swapped = engine
            .segment_index()
            .nearest(Point::new(args.lat, args.lon), |_| true);
        if swapped.is_some_and(|n| n.distance.distance_m < 100_000.0) {
            super::diag::warn(&format!(
                "{} {} is {:.0} km from the frontier, but {} {} is within 100 km of it: did you swap LAT and LON?",
                args.lat,
                args.lon,
                a.nearest.map_or(0.0, |n| n.distance.distance_m / 1000.0),
                args.lon,
                args.lat
            ));
        }
    }
    let near_settlements = engine.settlement_index().within(p, radius_m);

    let incidents: Vec<Incident> =
        super::sources::read_incidents(&args.incidents, rejects.as_ref(), &frontier)?;
    let incident_index = PointIndex::new(incidents.iter().map(|i| i.point));
    let near_incidents = incident_index.within(p, radius_m);

    let seg_json = |n: &NearestSegment| {
        let s = &frontier.segments[n.segment];
        json!({"id": s.id, "name": s.name, "sector": s.sector,
               "status": s.status_at(date).map(Status::as_str),
               "distance_m": (n.distance.distance_m * 1000.0).round() / 1000.0,
               "closest_point": [n.distance.closest.x(), n.distance.closest.y()]})
    };
    let text = match args.format {
        Format::Json => {
            let v = json!({
                "lat": args.lat, "lon": args.lon, "as_of": date.to_string(), "radius_km": args.radius,
                "nearest_segment": a.nearest.as_ref().map(seg_json),
                "nearest_contested_segment": a.contested.as_ref().map(seg_json),
                "settlements": near_settlements.iter().map(|h| {
                    let s = &settlements[h.index];
                    json!({"name": s.name, "country": s.country, "geonames_id": s.geonames_id,
                           "population": s.population, "precision": s.precision.code(),
                           "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                           "direction": compass8(h.azimuth_to_deg)})
                }).collect::<Vec<Value>>(),
                "incidents": near_incidents.iter().map(|h| {
                    let i = &incidents[h.index];
                    json!({"id": i.id, "date": i.date.to_string(), "fatalities": i.fatalities,
                           "distance_m": (h.distance_m * 1000.0).round() / 1000.0,
                           "direction": compass8(h.azimuth_to_deg)})
                }).collect::<Vec<Value>>(),
            });
            let mut s = serde_json::to_string_pretty(&v)?;
            s.push('\n');
            s
        }
        Format::Csv => {
            let mut s = String::from("kind,id,name,status,distance_m,direction\n");
            let mut seg_row = |kind: &str, n: &NearestSegment| {
                let seg = &frontier.segments[n.segment];
                let _ = writeln!(
                    s,
                    "{kind},{},{},{},{:.3},",
                    csv_field(&seg.id),
                    csv_field(&seg.name),
                    seg.status_at(date).map_or("", Status::as_str),
                    n.distance.distance_m
                );
            };
            if let Some(n) = &a.nearest {
                seg_row("segment", n);
            }
            if let Some(n) = &a.contested {
                seg_row("contested_segment", n);
            }
            for h in &near_settlements {
                let st = &settlements[h.index];
                let id = st.geonames_id.map_or(String::new(), |g| g.to_string());
                let _ = writeln!(
                    s,
                    "settlement,{id},{},,{:.3},{}",
                    csv_field(&st.name),
                    h.distance_m,
                    compass8(h.azimuth_to_deg)
                );
            }
            for h in &near_incidents {
                let i = &incidents[h.index];
                let _ = writeln!(
                    s,
                    "incident,{},{},,{:.3},{}",
                    csv_field(&i.id),
                    i.date,
                    h.distance_m,
                    compass8(h.azimuth_to_deg)
                );
            }
            s
        }
        Format::Text => near_text(
            &frontier,
            args,
            date,
            &a,
            &near_settlements,
            &settlements,
            &near_incidents,
            &incidents,
        ),
    };
    out.write_all(text.as_bytes()).context("writing output")
}

#[allow(clippy::too_many_arguments)]
fn near_text(
    frontier: &Frontier,
    args: &NearArgs,
    date: Date,
    a: &borderscope::analysis::Assessment,
    near_settlements: &[borderscope::index::PointHit],
    settlements: &[borderscope::model::Settlement],
    near_incidents: &[borderscope::index::PointHit],
    incidents: &[Incident],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}, statuses as of {date}",
        borderscope::report::text::position_text(args.lat, args.lon, 5)
    );
    match &a.nearest {
        Some(n) => {
            let s = &frontier.segments[n.segment];
            let _ = writeln!(
                out,
                "  nearest segment    {} \"{}\" ({}), {}, {} away",
                s.id,
                s.name,
                s.sector,
                s.status_at(date).map_or("no status yet", Status::as_str),
                distance_text(n.distance.distance_m)
            );
        }
        None => {
            let _ = writeln!(out, "  nearest segment    none exists on {date}");
        }
    }
    match &a.contested {
        Some(c) => {
            let s = &frontier.segments[c.segment];
            let _ = writeln!(
                out,
                "  nearest contested  {} \"{}\", {} away",
                s.id,
                s.name,
                distance_text(c.distance.distance_m)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  nearest contested  none: nothing was contested on {date}"
            );
        }
    }
    if let Some(h) = a.settlement {
        let s = &settlements[h.index];
        let _ = writeln!(
            out,
            "  place              {}",
            relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)
        );
    }
    let _ = writeln!(
        out,
        "\n  settlements within {} km ({}):",
        args.radius,
        near_settlements.len()
    );
    for h in near_settlements {
        let s = &settlements[h.index];
        let _ = writeln!(
            out,
            "  {:>12}  {}",
            where_text(h.distance_m, h.azimuth_to_deg),
            settlement_label(s)
        );
    }
    let _ = writeln!(
        out,
        "\n  incidents within {} km ({}):",
        args.radius,
        near_incidents.len()
    );
    for h in near_incidents {
        let i = &incidents[h.index];
        let (place, fat) = incident_place_and_toll(i);
        let _ = writeln!(
            out,
            "  {:>12}  {} {}{place}{fat}",
            where_text(h.distance_m, h.azimuth_to_deg),
            i.date,
            i.id
        );
    }
    out
}
