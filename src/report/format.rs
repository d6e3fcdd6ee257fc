//! Output formats, and the encoders of fields and numbers the formats share: CSV quoting, the
//! CSV contract's fixed decimals, and fast number writers for the row formats.
//!
//! The number writers are written by hand because they must give exactly what `format!` gives
//! (the output contract) at Ryū's speed; `ryu` and `itoa` do the digits.

use std::io::Write as _;

use jiff::civil::Date;

/// How a report is printed: one set of values for every command that prints a report
/// (`summary`, `incidents`, `near`, `settlements`). A report whose shape has no form in a
/// format says so with [`Unsupported`] (the timeline, which has no geometry, has no GeoJSON).
///
/// A new format is one variant here, its [`Format::name`] and extension, and
/// an arm in each report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// Comma-separated values with a header row (columns only ever appended:
    /// `docs/outputs.md`).
    Csv,
    /// One JSON document.
    Json,
    /// A GeoJSON FeatureCollection (RFC 7946, lon/lat): points, or the segments' lines.
    Geojson,
    /// GeoParquet 1.1 (the `parquet` feature): the GeoJSON's features as rows, or, for
    /// `incidents`, the CSV's columns typed, with the points. A report makes the GeoJSON for
    /// it ([`Format::text_form`]); the `incidents` rows are a table of their own.
    Parquet,
}

/// The name the row reports (`incidents`, `settlements`) gave [`Format`]: the same enum.
pub type RowFormat = Format;

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: &'static [Format] = &[
        Format::Text,
        Format::Csv,
        Format::Json,
        Format::Geojson,
        Format::Parquet,
    ];

    /// The text format a report is made in for this format: GeoJSON for Parquet (whose rows
    /// are the GeoJSON's features), else the format itself.
    pub fn text_form(self) -> Format {
        match self {
            Format::Parquet => Format::Geojson,
            f => f,
        }
    }

    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Geojson => "geojson",
            Format::Parquet => "parquet",
        }
    }

    /// The format a file extension names (`txt`, `csv`, `json`, `geojson`, in any case).
    ///
    /// ```
    /// use borderscope::report::Format;
    /// assert_eq!(Format::from_extension("GeoJSON"), Some(Format::Geojson));
    /// assert_eq!(Format::from_extension("xlsx"), None);
    /// ```
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "geojson" => Some(Format::Geojson),
            "parquet" | "geoparquet" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// Whether output in this format may go to a file whose extension names `named`: the
    /// same format, or GeoJSON in a `.json` file (GeoJSON is JSON).
    pub fn fits_extension(self, named: Format) -> bool {
        self == named || (self == Format::Geojson && named == Format::Json)
    }

    /// Whether the format carries the data's attribution itself (text's last line, a JSON or
    /// GeoJSON member); CSV has no place for it.
    pub fn carries_attribution(self) -> bool {
        // Parquet has it in the footer, where viewers do not show it: a sidecar too.
        !matches!(self, Format::Csv | Format::Parquet)
    }

    /// Whether the format is binary (Parquet), not for a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Parquet
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A report asked for in a format its shape has no form in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{report} cannot be written as {format} ({why}); its formats are {}",
    list(formats)
)]
pub struct Unsupported {
    /// The report, in words ("the timeline").
    pub report: &'static str,
    /// The format asked for.
    pub format: Format,
    /// Why it has none.
    pub why: &'static str,
    /// The formats the report has.
    pub formats: &'static [Format],
}

/// "text, csv and json".
fn list(formats: &[Format]) -> String {
    match formats {
        [] => String::new(),
        [one] => one.name().to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "),
            last.name()
        ),
    }
}

/// A CSV field, quoted when it needs to be (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Kilometres from metres, to the metre, as a JSON number.
pub fn km3(m: f64) -> serde_json::Value {
    serde_json::json!((m / 1000.0 * 1000.0).round() / 1000.0)
}

/// A share 0..1 to 6 decimals, as a JSON number, or null.
pub fn share6(share: Option<f64>) -> serde_json::Value {
    share.map_or(serde_json::Value::Null, |s| {
        serde_json::json!((s * 1e6).round() / 1e6)
    })
}

/// Appends a field, quoted when it must be (RFC 4180).
pub fn push_field(buf: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        buf.extend_from_slice(csv_field(s).as_bytes());
    } else {
        buf.extend_from_slice(s.as_bytes());
    }
}

/// Metres as a whole number of millimetres, as [`push_m3`] writes them; `None` outside
/// 0..10¹⁵ mm (written with `{:.3}` instead).
fn whole_mm(m: f64) -> Option<u64> {
    // The one rounding to the millimetre, which the engine's chord intervals decide by.
    let mm = crate::geodesy::chord_band::millimetres(m);
    (0.0..1e15).contains(&mm).then_some(mm as u64)
}

/// Metres as the double the 3-decimal text of [`push_m3`] reads back as (a typed output,
/// Parquet, holds the CSV's figure).
///
/// ```
/// use borderscope::report::format::{m3_value, push_m3};
/// let mut b = Vec::new();
/// push_m3(&mut b, 55287.1520031);
/// assert_eq!(m3_value(55287.1520031), std::str::from_utf8(&b).unwrap().parse::<f64>().unwrap());
/// ```
pub fn m3_value(m: f64) -> f64 {
    whole_mm(m).map_or(m, |mm| mm as f64 / 1000.0)
}

/// Appends metres with exactly three decimals, as the CSV contract wants.
pub fn push_m3(buf: &mut Vec<u8>, m: f64) {
    let Some(mm) = whole_mm(m) else {
        let _ = write!(buf, "{m:.3}");
        return;
    };
    let mut ints = itoa::Buffer::new();
    buf.extend_from_slice(ints.format(mm / 1000).as_bytes());
    let frac = mm % 1000;
    buf.extend_from_slice(&[
        b'.',
        b'0' + (frac / 100) as u8,
        b'0' + (frac / 10 % 10) as u8,
        b'0' + (frac % 10) as u8,
    ]);
}

/// Appends a date as YYYY-MM-DD.
pub fn push_date(buf: &mut Vec<u8>, d: Date) {
    let y = d.year();
    if (0..=9999).contains(&y) {
        let (y, m, day) = (y as u16, d.month() as u8, d.day() as u8);
        buf.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + m / 10,
            b'0' + m % 10,
            b'-',
            b'0' + day / 10,
            b'0' + day % 10,
        ]);
    } else {
        let _ = write!(buf, "{d}");
    }
}

/// Appends a number as Rust's `Display` writes it (the shortest decimal that reads back as the
/// same number, never in exponent form), by the faster Ryū algorithm where the two must agree:
/// in plain notation with at most 15 significant digits, where the shortest decimal is unique
/// (decimals of 15 digits are further apart than neighbouring doubles). Coordinates as
/// sources give them have 5 to 8.
pub fn push_f64(buf: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        let mut b = ryu::Buffer::new();
        let s = b.format_finite(x);
        let s = s.strip_suffix(".0").unwrap_or(s).as_bytes();
        // At most 15 characters hold at most 15 digits: no count needed (coordinates).
        if !s.contains(&b'e') && (s.len() <= 15 || significant_digits(s) <= 15) {
            buf.extend_from_slice(s);
            return;
        }
    }
    let _ = write!(buf, "{x}");
}

/// The significant digits of a plain decimal: its digits after any leading zeros.
fn significant_digits(s: &[u8]) -> usize {
    s.iter()
        .filter(|b| b.is_ascii_digit())
        .skip_while(|&&d| d == b'0')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    /// The fast number writers give exactly what `format!` gives.
    #[test]
    fn number_writers_match_format() {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for k in 0..200_000 {
            let bits = next();
            let x = match k % 4 {
                0 => f64::from_bits(bits),
                1 => ((bits >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 360.0,
                2 => (bits % 36_000_001) as f64 / 1e5 - 180.0,
                _ => (bits % 2000) as f64 - 1000.0,
            };
            let mut mine = Vec::new();
            push_f64(&mut mine, x);
            assert_eq!(String::from_utf8(mine).unwrap(), format!("{x}"));
            let m = ((bits >> 11) as f64 / (1u64 << 53) as f64) * 10f64.powi(k % 9);
            let mut mine = Vec::new();
            push_m3(&mut mine, m);
            let mm = (m * 1000.0).round() as u64;
            assert_eq!(
                String::from_utf8(mine).unwrap(),
                format!("{}.{:03}", mm / 1000, mm % 1000)
            );
        }
        // Every length of the whole metres, up to the last written without `format!`.
        for (m, text) in [
            (0.0, "0.000"),
            (0.0004, "0.000"),
            (0.0005, "0.001"),
            (9.9995, "10.000"),
            (123_456.789_4, "123456.789"),
            (999_999_999_999.999, "999999999999.999"),
            (1e12, "1000000000000.000"),
        ] {
            let mut mine = Vec::new();
            push_m3(&mut mine, m);
            assert_eq!(String::from_utf8(mine).unwrap(), text, "{m}");
        }
        for (y, m, d) in [(2022, 9, 16), (1, 1, 1), (9999, 12, 31), (-5, 3, 4)] {
            let day = jiff::civil::date(y, m, d);
            let mut mine = Vec::new();
            push_date(&mut mine, day);
            let want = if y >= 0 {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                day.to_string()
            };
            assert_eq!(String::from_utf8(mine).unwrap(), want);
        }
    }
}
