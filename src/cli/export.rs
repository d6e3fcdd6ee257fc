//! `borderscope export`: one layered GeoJSON (or GeoJSON lines, or CSV with WKT) for map viewers.

use anyhow::{Context as _, bail};
use borderscope::io::Output;
use borderscope::render::segments_qml;
use borderscope::render::{ExportFormat, Layers, MapData, export_text};
use clap::Args;
use jiff::civil::Date;

use super::sources::{IncidentArgs, SourceArgs, read_incidents};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The date of the segments' statuses, colours and corridors (YYYY-MM-DD); default: today.
    /// Incidents are compared with the statuses of their own dates.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    /// Layers to include, comma-separated: segments, settlements, incidents, corridors.
    #[arg(
        long,
        value_name = "LIST",
        default_value = "segments,settlements,incidents,corridors"
    )]
    pub layers: String,
    /// Corridor width, and the "near" threshold for incidents and settlements, in km.
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub within: f64,
    /// Decimal places of coordinates (6 ≈ 0.1 m).
    #[arg(long, value_name = "DIGITS", default_value_t = 6, value_parser = clap::value_parser!(u32).range(0..=15))]
    pub precision: u32,
    /// Output format; default: from the --out file's extension (.geojson, .geojsonl, .geojsons,
    /// .csv), else GeoJSON.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Do not write the QGIS style beside a GeoJSON file (NAME.qml next to NAME.geojson, which
    /// QGIS applies when it opens the file: segments coloured by status).
    #[arg(long)]
    pub no_style: bool,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub incidents: IncidentArgs,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    if args.within == 0.0 && args.layers.contains("corridors") {
        bail!("--within must be more than 0 km for corridors");
    }
    let layers = Layers::parse(&args.layers).map_err(|e| anyhow::anyhow!("--layers: {e}"))?;
    let format = args.output.format(args.format, Ok(ExportFormat::GeoJson))?;
    let (out, rejects, inputs) =
        super::sources::open_outputs(&args.output, &args.sources, &args.incidents)?;
    // QGIS reads no simplestyle: a GeoJSON file with segments gets NAME.qml beside it, checked
    // (not replaced without --force) before anything is written.
    let style = match &args.output.out {
        Some(path)
            if path.as_os_str() != "-"
                && format != ExportFormat::Csv
                && layers.segments
                && !args.no_style =>
        {
            // QGIS looks for the style under the layer file's stem (NAME.qml for NAME.geojson
            // and NAME.geojsonl alike), so exports of one name in several forms share it: one
            // that already holds this very style is kept as it is, not a collision.
            let qml_path = path.with_extension("qml");
            if std::fs::read(&qml_path).is_ok_and(|b| b == segments_qml().as_bytes()) {
                None
            } else {
                let qml = Output::new(&qml_path, args.output.force);
                qml.check_not_input(&inputs)?;
                qml.check_writable()?;
                if let Some(r) = &rejects {
                    r.check_distinct(&qml)?;
                }
                Some(qml)
            }
        }
        _ => None,
    };
    // CSV and GeoJSON lines have no place for the attribution: FILE.attribution.txt beside.
    let others: Vec<&Output> = std::iter::once(&out)
        .chain(&rejects)
        .chain(&style)
        .collect();
    let credit = super::Credit::open(&args.output, format.carries_members(), &inputs, &others)?;
    let frontier = args.sources.frontier()?;
    let (settlements, file_credit) = args.sources.settlements()?;
    let incidents = if layers.incidents {
        read_incidents(&args.incidents, rejects.as_ref(), &frontier)?
    } else {
        Vec::new()
    };
    let data = MapData {
        frontier: &frontier,
        settlements: &settlements,
        incidents: &incidents,
        as_of: args.as_of.unwrap_or_else(super::today),
        incidents_as_of: None,
        within_m: args.within * 1000.0,
        rules: &args.incidents.rules()?,
        gazetteer: args.sources.gazetteer(&file_credit),
    };
    let text = export_text(&data, &layers, args.precision, format)?;
    out.write_all(&super::encode(format.is_binary(), text)?)
        .context("writing the export")?;
    if let Some(qml) = style {
        qml.write_all(segments_qml().as_bytes())
            .context("writing the QGIS style")?;
    }
    credit.finish(data.attribution().as_deref())
}
