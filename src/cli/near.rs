//! `borderscope near LAT LON`: the nearest segment, and the settlements and incidents around.

use anyhow::Context as _;
use borderscope::analysis::Proximity;
use borderscope::model::Incident;
use borderscope::report::{Format, NearQuery, attribution, near_report};
use clap::Args;
use geo::Point;
use jiff::civil::Date;

use super::sources::{IncidentArgs, SourceArgs};

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
    /// Output format; default: from the --out file's extension (.txt, .csv, .json,
    /// .geojson), else text. GeoJSON: the point, the segments' lines and the places around as
    /// features.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
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
    let format = args.output.format(args.format, Ok(Format::Text))?;
    let (out, rejects, inputs) =
        super::sources::open_outputs(&args.output, &args.sources, &args.incidents)?;
    let others: Vec<&borderscope::io::Output> = std::iter::once(&out).chain(&rejects).collect();
    let credit = super::Credit::open(&args.output, format.carries_attribution(), &inputs, &others)?;
    let frontier = args.sources.frontier()?;
    let (settlements, file_credit) = args.sources.settlements()?;
    let attribution = attribution(&frontier.meta, args.sources.gazetteer(&file_credit));
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
    let incidents: Vec<Incident> =
        super::sources::read_incidents(&args.incidents, rejects.as_ref(), &frontier)?;
    let query = NearQuery {
        lat: args.lat,
        lon: args.lon,
        date,
        radius_km: args.radius,
    };
    let text = near_report(&engine, &incidents, &query, format, attribution.as_deref());
    out.write_all(&super::encode(format.is_binary(), text)?)
        .context("writing output")?;
    credit.finish(attribution.as_deref())
}
