//! `borderscope map`: a picture of the frontier on a date, as SVG or as an interactive HTML page.

use anyhow::{Context as _, bail};
use borderscope::render::{HtmlOptions, MapData, SvgOptions, render_html, render_svg};
use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::sources::{IncidentArgs, SourceArgs, read_incidents};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MapFormat {
    /// A static, self-contained SVG picture.
    Svg,
    /// One self-contained HTML page with an interactive map (Leaflet inlined).
    Html,
    /// The SVG as a PNG picture, --width pixels wide, its fonts built in.
    Png,
}

impl super::format::OutputFormat for MapFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "svg" => Some(MapFormat::Svg),
            "html" | "htm" => Some(MapFormat::Html),
            "png" => Some(MapFormat::Png),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        match self {
            MapFormat::Svg => "svg",
            MapFormat::Html => "html",
            MapFormat::Png => "png",
        }
    }
    const EXTENSIONS: &'static str = ".svg, .html or .png";
    fn is_binary(self) -> bool {
        self == MapFormat::Png
    }
    fn feature(self) -> (&'static str, bool) {
        ("png", cfg!(feature = "png"))
    }
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The date of the segments' statuses (YYYY-MM-DD); default: today. The HTML map has a date
    /// slider as well.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub as_of: Option<Date>,
    /// The title; default: the frontier's name and the date.
    #[arg(long)]
    pub title: Option<String>,
    /// Corridor width around contested stretches, km (0: no corridor).
    #[arg(long, value_name = "KM", default_value_t = 10.0)]
    pub within: f64,
    /// Width of the SVG picture in pixels.
    #[arg(long, value_name = "PX", default_value_t = 1600.0)]
    pub width: f64,
    /// svg, html or png; default: from the --out file's extension.
    #[arg(long, value_enum)]
    pub format: Option<MapFormat>,
    /// Country areas to shade and name (GeoJSON polygons with `code` matching the frontier's
    /// countries, `name`, and `detail`: `frontier`, or `locator` for the locator map); default:
    /// the built-in ones with the built-in frontier, none with --border.
    #[arg(long, value_name = "FILE")]
    pub countries: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub incidents: IncidentArgs,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

pub fn run(args: &MapArgs) -> anyhow::Result<()> {
    super::check_km("--within", args.within)?;
    if !(args.width.is_finite() && (400.0..=20_000.0).contains(&args.width)) {
        bail!("--width must be between 400 and 20000 pixels");
    }
    let format = args.output.format(
        args.format,
        Err("give --out map.svg, --out map.html or --out map.png (or --format with --out -)"),
    )?;
    let mut inputs: Vec<&std::path::Path> = args.sources.inputs();
    inputs.extend(args.incidents.inputs());
    inputs.extend(args.countries.as_deref());
    let out = args.output.open(&inputs)?;
    let rejects = args
        .incidents
        .rejects_output(args.output.force, &out, &inputs)?;
    let frontier = args.sources.frontier()?;
    let (countries, countries_credit) = match (&args.countries, &args.sources.border) {
        (Some(path), _) => borderscope::io::load_country_areas(path)?,
        (None, None) => (
            borderscope::io::embedded::kg_tj_country_areas(),
            Some("© OpenStreetMap contributors (ODbL 1.0)".to_string()),
        ),
        (None, Some(_)) => (Vec::new(), None),
    };
    let (settlements, file_credit) = args.sources.settlements()?;
    let incidents = read_incidents(&args.incidents, rejects.as_ref(), &frontier)?;
    let as_of = args.as_of.unwrap_or_else(super::today);
    let data = MapData {
        frontier: &frontier,
        settlements: &settlements,
        incidents: &incidents,
        as_of,
        incidents_as_of: None,
        within_m: args.within * 1000.0,
        rules: &args.incidents.rules()?,
        gazetteer: args.sources.gazetteer(&file_credit),
        countries: &countries,
        countries_credit: countries_credit.as_deref(),
    };
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("{} on {as_of}", frontier.meta.name));
    let svg = |title| {
        render_svg(
            &data,
            &SvgOptions {
                title,
                width_px: args.width,
                corridors: args.within > 0.0,
            },
        )
    };
    let bytes = match format {
        MapFormat::Svg => svg(title)?.into_bytes(),
        MapFormat::Html => render_html(&data, &HtmlOptions { title })?.into_bytes(),
        MapFormat::Png => png(&svg(title)?)?,
    };
    out.write_all(&bytes).context("writing the map")
}

/// The SVG as a PNG of the same size (`--width` pixels wide).
#[cfg(feature = "png")]
fn png(svg: &str) -> anyhow::Result<Vec<u8>> {
    Ok(borderscope::render::svg_to_png(svg, 1.0)?)
}

#[cfg(not(feature = "png"))]
fn png(_: &str) -> anyhow::Result<Vec<u8>> {
    // Refused before any work by `OutputArgs::format`.
    bail!("this borderscope was built without PNG")
}
