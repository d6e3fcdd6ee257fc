//! `borderscope export`: one layered GeoJSON (or GeoJSON lines, or CSV with WKT) for map viewers.

use anyhow::{Context as _, bail};
use borderscope::io::Output;
use borderscope::render::{ExportFormat, Layers, MapData, export_text};
use borderscope::render::{export_project, segments_qml};
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
    /// Do not write the QGIS style and project beside a GeoJSON file (NAME.qml next to
    /// NAME.geojson, which QGIS applies when it opens the file: segments coloured by status;
    /// NAME.geojson.qgs, a project that opens every layer styled).
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
    // QGIS reads no simplestyle: a GeoJSON file with segments gets NAME.qml beside it (which
    // QGIS applies to the line layer when it opens the file), and NAME.geojson.qgs, a project that
    // opens every layer styled; both checked (not replaced without --force) before anything
    // is written.
    let as_of = args.as_of.unwrap_or_else(super::today);
    let mut styles: Vec<(Output, String)> = Vec::new();
    if let Some(path) = &args.output.out
        && path.as_os_str() != "-"
        && format != ExportFormat::Csv
        // A GeoPackage holds its layers' styles itself (`layer_styles`).
        && format != ExportFormat::GeoPackage
        && !args.no_style
    {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let project = export_project(&file, &format!("borderscope export on {as_of}"), &layers);
        // QGIS looks for the style under the layer file's stem (NAME.qml for NAME.geojson and
        // NAME.geojsonl alike), so exports of one name in several forms share it: a file that
        // already holds this very text is kept as it is, not a collision. The project names
        // its file, so it is named after the whole file name (NAME.geojson.qgs).
        let wanted = [
            (layers.segments, path.with_extension("qml"), segments_qml()),
            (true, path.with_file_name(format!("{file}.qgs")), project),
        ];
        for (wanted, side, text) in wanted {
            if !wanted || std::fs::read(&side).is_ok_and(|b| b == text.as_bytes()) {
                continue;
            }
            let o = Output::new(&side, args.output.force);
            o.check_not_input(&inputs)?;
            o.check_writable()?;
            if let Some(r) = &rejects {
                r.check_distinct(&o)?;
            }
            styles.push((o, text));
        }
    }
    // CSV and GeoJSON lines have no place for the attribution: FILE.attribution.txt beside.
    let others: Vec<&Output> = std::iter::once(&out)
        .chain(&rejects)
        .chain(styles.iter().map(|(o, _)| o))
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
        as_of,
        incidents_as_of: None,
        within_m: args.within * 1000.0,
        rules: &args.incidents.rules()?,
        gazetteer: args.sources.gazetteer(&file_credit),
        countries: &[],
        countries_credit: None,
    };
    let text = export_text(&data, &layers, args.precision, format)?;
    let gpkg_styles = if args.no_style {
        Vec::new()
    } else {
        borderscope::render::qgis_layer_styles()
    };
    out.write_all(&super::encode_features(format, text, &gpkg_styles)?)
        .context("writing the export")?;
    for (o, text) in styles {
        o.write_all(text.as_bytes())
            .context("writing the QGIS style and project")?;
    }
    credit.finish(data.attribution().as_deref())
}
