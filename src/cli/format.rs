//! One rule for `--format` on every command: an explicit `--format`, else the format the
//! `--out` file's extension names, else the command's default. An extension that names no
//! format the command has is an error (unless `--format` says what to write), and so is one
//! that names another format than `--format`.

use std::path::Path;

use borderscope::io::FeatureFormat;
use borderscope::report::Format;

/// An output format the command line chooses.
pub trait OutputFormat: Copy + PartialEq {
    /// The format a file extension names, if this kind of output has it.
    fn from_extension(ext: &str) -> Option<Self>;
    /// Whether this format may go to a file whose extension names `named`.
    fn fits_extension(self, named: Self) -> bool {
        self == named
    }
    /// The format's name, as `--format` takes it.
    fn name(self) -> &'static str;
    /// The extensions, in words for an error: ".txt, .csv, .json or .geojson".
    const EXTENSIONS: &'static str;
    /// Whether the format is binary (not for a terminal).
    fn is_binary(self) -> bool {
        false
    }
    /// The cargo feature a binary format needs (`parquet`, `png`), and whether this build
    /// has it.
    fn feature(self) -> (&'static str, bool) {
        ("parquet", cfg!(feature = "parquet"))
    }
}

impl OutputFormat for Format {
    fn from_extension(ext: &str) -> Option<Self> {
        Format::from_extension(ext)
    }
    fn fits_extension(self, named: Self) -> bool {
        Format::fits_extension(self, named)
    }
    fn name(self) -> &'static str {
        Format::name(self)
    }
    const EXTENSIONS: &'static str = ".txt, .csv, .json, .geojson or .parquet";
    fn is_binary(self) -> bool {
        Format::is_binary(self)
    }
}

impl OutputFormat for FeatureFormat {
    fn from_extension(ext: &str) -> Option<Self> {
        FeatureFormat::from_extension(ext)
    }
    fn name(self) -> &'static str {
        FeatureFormat::name(self)
    }
    const EXTENSIONS: &'static str = ".geojson, .geojsonl, .geojsons, .csv, .parquet or .gpkg";
    fn is_binary(self) -> bool {
        FeatureFormat::is_binary(self)
    }
    fn feature(self) -> (&'static str, bool) {
        match self {
            FeatureFormat::GeoPackage => ("gpkg", cfg!(feature = "gpkg")),
            _ => ("parquet", cfg!(feature = "parquet")),
        }
    }
}

/// The format to write: `explicit` (`--format`), else what `out`'s extension names, else
/// `default` for standard output and a file with no extension (`Err(words)`: the command has
/// no default, and says so in those words).
pub fn choose<F: OutputFormat>(
    explicit: Option<F>,
    out: Option<&Path>,
    default: Result<F, &str>,
) -> anyhow::Result<F> {
    let file = out.filter(|p| p.as_os_str() != "-");
    let ext = file
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().into_owned());
    let named = ext.as_deref().and_then(F::from_extension);
    let label = || file.map(borderscope::io::file_label).unwrap_or_default();
    match (explicit, named) {
        (Some(f), Some(n)) if !f.fits_extension(n) => anyhow::bail!(
            "{}: the file name says {} but --format is {}; rename the file or leave out --format",
            label(),
            n.name(),
            f.name()
        ),
        (Some(f), _) => Ok(f),
        (None, Some(n)) => Ok(n),
        (None, None) => match default {
            Ok(d) if ext.is_none() => Ok(d),
            Err(none) if file.is_none() => anyhow::bail!("{none}"),
            _ => anyhow::bail!(
                "{}: cannot tell the format from the file name; use {}, or --format",
                label(),
                F::EXTENSIONS
            ),
        },
    }
}
