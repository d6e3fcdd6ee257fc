//! The header of an incident CSV file: which format it is (ACLED, UCDP GED, any other CSV) and
//! which column holds each field, found by name.

use super::{CsvLayout, PointColumns, PrecisionColumns};
use crate::io::csv_blocks::Dialect;
use crate::io::error::{LoadError, MissingColumn, Place};
use crate::io::incidents::{ColumnRole, IncidentColumns, InputFormat, Keep};
use crate::model::PrecisionScheme;

impl CsvLayout {
    /// Finds the columns by name: the user's choice, else the format's usual names.
    pub fn from_header(
        header: Vec<String>,
        file: &str,
        columns: &IncidentColumns,
    ) -> Result<Self, LoadError> {
        Self::from_header_at(header, 1, file, columns)
    }

    /// Like [`from_header`](Self::from_header), for a header on line `line`.
    pub fn from_header_at(
        header: Vec<String>,
        line: u64,
        file: &str,
        columns: &IncidentColumns,
    ) -> Result<Self, LoadError> {
        let top = Place::Line(line);
        if let Some((col, name)) = header
            .iter()
            .enumerate()
            .find(|(_, h)| h.contains(['\n', '\r']))
        {
            return Err(LoadError::invalid(
                file,
                &top,
                "(header)",
                format!(
                    "column {} runs over a line end ({}): is a quote in the header never closed, making the lines after it part of the header?",
                    col + 1,
                    shortened(name, 60)
                ),
            ));
        }
        if header.iter().all(String::is_empty) {
            return Err(LoadError::invalid(
                file,
                &top,
                "(header)",
                "is empty: the file has no columns",
            ));
        }
        let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
        let has = |names: &[&str]| names.iter().all(|n| find(n).is_some());
        let format = if has(&["event_id_cnty", "event_date", "latitude", "longitude"]) {
            InputFormat::Acled
        } else if has(&["id", "date_start", "latitude", "longitude", "best"]) {
            InputFormat::UcdpGed
        } else {
            InputFormat::Csv
        };
        // The usual names of each column, in the order of `ColumnRole`.
        const UNCERTAINTY: &[&str] = &["location_uncertainty_m", "uncertainty_m"];
        let defaults: [&'static [&'static str]; 6] = match format {
            InputFormat::Acled => [
                &["event_id_cnty"],
                &["event_date"],
                &["latitude"],
                &["longitude"],
                &["fatalities"],
                UNCERTAINTY,
            ],
            InputFormat::UcdpGed => [
                &["id"],
                &["date_start"],
                &["latitude"],
                &["longitude"],
                &["best"],
                UNCERTAINTY,
            ],
            _ => [
                &["id", "event_id", "event_id_cnty"],
                &["date", "event_date", "date_start", "day"],
                &["latitude", "lat", "y"],
                &["longitude", "lon", "lng", "long", "x"],
                &["fatalities", "best", "deaths", "killed"],
                UNCERTAINTY,
            ],
        };
        let listing = || {
            // At most 40 names of at most 40 characters: a header can have 20,000 columns.
            let mut text = header
                .iter()
                .take(40)
                .map(|h| shortened(h, 40))
                .collect::<Vec<_>>()
                .join(", ");
            if header.len() > 40 {
                text.push_str(&format!(", … ({} columns in all)", header.len()));
            }
            text
        };
        // A header read as one column that holds another delimiter: the cause of any missing
        // column, so the message says it first.
        let one_column_with = match header.as_slice() {
            [only] => [
                (';', "semicolons"),
                ('\t', "tabs"),
                ('|', "bars"),
                (',', "commas"),
            ]
            .into_iter()
            .find(|(sep, _)| only.contains(*sep))
            .map(|(_, name)| name),
            _ => None,
        };
        let pick = |role: ColumnRole, required: bool| -> Result<Option<usize>, LoadError> {
            let usual = defaults[role as usize];
            let missing = |given: Option<&str>| LoadError::MissingColumn {
                file: file.to_string(),
                place: top.clone(),
                missing: Box::new(MissingColumn {
                    role,
                    given: given.map(str::to_string),
                    usual,
                    columns: listing(),
                    one_column_with,
                }),
            };
            match columns.get(role) {
                Some(name) => find(name).map(Some).ok_or_else(|| missing(Some(name))),
                None => {
                    let hit = usual.iter().find_map(|n| find(n));
                    if hit.is_none() && required {
                        return Err(missing(None));
                    }
                    Ok(hit)
                }
            }
        };
        let kept = match &columns.keep {
            Keep::None => Vec::new(),
            Keep::All => (0..header.len()).collect(),
            Keep::Names(names) => {
                let mut cols = Vec::new();
                for name in names {
                    let col = find(name).ok_or_else(|| {
                        LoadError::invalid(
                            file,
                            &top,
                            "(header)",
                            format!(
                                "has no column {name:?} (asked to keep it); its columns are: {}",
                                listing()
                            ),
                        )
                    })?;
                    cols.push(col);
                }
                // In input order, as the rows have them.
                cols.sort_unstable();
                cols.dedup();
                cols
            }
        };
        // The place: latitude and longitude columns, else a point as WKT in a `geometry` or
        // `wkt` column (an export's), unless the latitude or longitude column was named.
        let wkt = ["geometry", "wkt"]
            .iter()
            .find_map(|n| find(n))
            .filter(|_| columns.lat.is_none() && columns.lon.is_none());
        let lat = pick(ColumnRole::Lat, wkt.is_none())?;
        let lon = pick(ColumnRole::Lon, wkt.is_none())?;
        let point = match (lat, lon, wkt) {
            (Some(lat), Some(lon), _) => PointColumns::LatLon { lat, lon },
            (_, _, Some(w)) => PointColumns::Wkt(w),
            _ => PointColumns::LatLon { lat: 0, lon: 0 },
        };
        let (lat, lon) = match point {
            PointColumns::LatLon { lat, lon } => (Some(lat), Some(lon)),
            PointColumns::Wkt(_) => (None, None),
        };
        let uncertainty = pick(ColumnRole::Uncertainty, false)?;
        let layout = CsvLayout {
            format,
            id: pick(ColumnRole::Id, false)?,
            date: pick(ColumnRole::Date, true)?.unwrap_or(0),
            point,
            fatalities: pick(ColumnRole::Fatalities, false)?,
            layer: find("layer"),
            layers: Default::default(),
            precision: PrecisionColumns {
                // UCDP's `date_end`; any CSV's `date_end` or `end_date`.
                date_end: ["date_end", "end_date"].iter().find_map(|n| find(n)),
                // A place code: ACLED's name or UCDP's, read by its own codebook.
                geo: find("geo_precision")
                    .map(|c| (c, PrecisionScheme::Acled))
                    .or_else(|| find("where_prec").map(|c| (c, PrecisionScheme::Ucdp))),
                time: find("time_precision")
                    .map(|c| (c, PrecisionScheme::Acled))
                    .or_else(|| find("date_prec").map(|c| (c, PrecisionScheme::Ucdp))),
                uncertainty,
                basis: find("location_basis").filter(|_| columns.uncertainty.is_none()),
            },
            names: header,
            header_line: line,
            dialect: Dialect::default(),
            dates: columns.date_format.clone(),
            date_note: None,
            kept,
        };
        // Two fields read from one column would make one of them wrong.
        let fields = [
            (Some(layout.date), ColumnRole::Date.name()),
            (lat, ColumnRole::Lat.name()),
            (lon, ColumnRole::Lon.name()),
            (layout.fatalities, ColumnRole::Fatalities.name()),
            (layout.precision.uncertainty, ColumnRole::Uncertainty.name()),
        ];
        for (i, (a, what_a)) in fields.iter().enumerate() {
            for (b, what_b) in &fields[i + 1..] {
                if let (Some(a), Some(b)) = (a, b)
                    && a == b
                {
                    return Err(LoadError::invalid(
                        file,
                        &top,
                        "(header)",
                        format!(
                            "the {what_a} and the {what_b} would both be read from column {} ({:?}): name two different columns",
                            a + 1,
                            layout.names[*a]
                        ),
                    ));
                }
            }
        }
        // A column read by name must be the only one of that name.
        for col in [
            Some(layout.date),
            lat,
            lon,
            layout.id,
            layout.fatalities,
            layout.precision.uncertainty,
        ]
        .into_iter()
        .flatten()
        {
            let name = &layout.names[col];
            if let Some(other) = (0..layout.names.len())
                .find(|&i| i != col && layout.names[i].eq_ignore_ascii_case(name))
            {
                let (a, b) = (col.min(other) + 1, col.max(other) + 1);
                return Err(LoadError::invalid(
                    file,
                    &top,
                    "(header)",
                    format!(
                        "has two columns named {name:?} (columns {a} and {b}): rename one, so that it is clear which to read"
                    ),
                ));
            }
        }
        Ok(layout)
    }

    /// The names of the kept columns, in input order.
    pub fn kept_names(&self) -> Vec<String> {
        self.kept.iter().map(|&c| self.names[c].clone()).collect()
    }

    /// How many columns the header has.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The header line as the file had it (names joined by commas, quoted where needed).
    pub fn header_line(&self) -> String {
        self.names
            .iter()
            .map(|n| {
                if n.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", n.replace('"', "\"\""))
                } else {
                    n.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A text cut to at most `max` characters, with an ellipsis where it was cut.
fn shortened(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A missing column is reported with what it was to hold and what the header has; the
    /// message leaves how to name a column to the caller.
    #[test]
    fn a_missing_column_carries_its_role_and_the_columns() {
        let header = ["Ref", "When", "Y", "X"].map(String::from).to_vec();
        let columns = IncidentColumns {
            lat: Some("Lat".into()),
            ..IncidentColumns::default()
        };
        for (columns, role, given) in [
            (IncidentColumns::default(), ColumnRole::Date, None),
            (
                IncidentColumns {
                    date: Some("When".into()),
                    ..columns
                },
                ColumnRole::Lat,
                Some("Lat".to_string()),
            ),
        ] {
            let e = CsvLayout::from_header(header.clone(), "t.csv", &columns).unwrap_err();
            let LoadError::MissingColumn { missing, .. } = &e else {
                panic!("{e}");
            };
            assert_eq!((missing.role, &missing.given), (role, &given));
            assert_eq!(missing.columns, "Ref, When, Y, X");
            assert!(!e.to_string().contains("--"), "{e}");
        }
    }
}
