//! Parquet incident files: GeoParquet points (WKB or native), or any Parquet file with
//! latitude and longitude columns (as pandas writes a DataFrame). Each row is read as the
//! GeoJSON Feature it would be, and made an incident by the JSON records' rules (its id, date,
//! deaths, precision codes), so that a file reads the same in either form. Only the columns an
//! incident needs, and those `--keep` names, are read.

use std::path::Path;
use std::sync::Arc;

use super::{
    DATE_KEYS, FATALITY_KEYS, ID_KEYS, IncidentColumns, IncidentInput, InputFormat, Keep, LAT_KEYS,
    LON_KEYS, UNCERTAINTY_KEYS, json,
};
use crate::io::error::{LoadError, Place};
use crate::io::geoparquet::{ParquetRows, reader::Selection};

/// The other fields the JSON records' rules read (`json.rs`): its last day, its precision codes (ACLED, UCDP),
/// the basis of a radius borderscope derived, and the layer of an export.
const OTHER_KEYS: &[&str] = &[
    "date_end",
    "geo_precision",
    "where_prec",
    "time_precision",
    "date_prec",
    "location_basis",
    "layer",
];

/// The names the JSON records' rules look for, besides those `columns` names: each column
/// whose name is one of them (in any case) is read under that name.
fn usual() -> impl Iterator<Item = &'static str> {
    [
        ID_KEYS,
        DATE_KEYS,
        LAT_KEYS,
        LON_KEYS,
        FATALITY_KEYS,
        UNCERTAINTY_KEYS,
        OTHER_KEYS,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// Opens a Parquet incident file; `file` names it in errors.
pub(super) fn open(
    path: &Path,
    file: &str,
    columns: &IncidentColumns,
) -> Result<IncidentInput, LoadError> {
    let mut rows = ParquetRows::open(path, file)?;
    let names = rows.column_names();
    let props = rows.property_columns();
    let missing = |what: &str, problem: String| LoadError::Invalid {
        file: file.to_string(),
        place: Place::Document,
        field: what.to_string(),
        problem,
    };
    let listing = || {
        props
            .iter()
            .map(|&c| names[c].as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Named columns must be there (a typo would otherwise read as "no date" on every row).
    let named: Vec<&str> = [
        &columns.id,
        &columns.date,
        &columns.lat,
        &columns.lon,
        &columns.fatalities,
        &columns.uncertainty,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    for n in &named {
        if !props.iter().any(|&c| names[c] == *n) {
            return Err(missing(
                n,
                format!("is not a column of the file; it has {}", listing()),
            ));
        }
    }
    let kept: Vec<String> = match &columns.keep {
        Keep::None => Vec::new(),
        Keep::All => props.iter().map(|&c| names[c].clone()).collect(),
        Keep::Names(k) => {
            for n in k {
                if !props.iter().any(|&c| &names[c] == n) {
                    return Err(missing(
                        "--keep",
                        format!(
                            "names {n:?}, which is not a column of the file; it has {}",
                            listing()
                        ),
                    ));
                }
            }
            k.clone()
        }
    };
    let mut selection = Vec::new();
    for &c in &props {
        let name = &names[c];
        let mut under: Vec<String> = Vec::new();
        if named.contains(&name.as_str()) {
            under.push(name.clone());
        }
        if let Some(u) = usual().find(|u| u.eq_ignore_ascii_case(name)) {
            under.push(u.to_string());
        }
        if kept.contains(name) {
            under.push(name.clone());
        }
        under.dedup();
        if !under.is_empty() {
            selection.push((c, under));
        }
    }
    let has = |keys: &[&str], named: &Option<String>| {
        named.is_some()
            || selection
                .iter()
                .any(|(_, u)| u.iter().any(|n| keys.contains(&n.as_str())))
    };
    let lat_lon = has(LAT_KEYS, &columns.lat) && has(LON_KEYS, &columns.lon);
    if !(rows.has_geometry() || lat_lon) {
        return Err(missing(
            "(geometry)",
            format!(
                "is missing: the file has no GeoParquet geometry and no latitude and longitude columns (--lat-col, --lon-col); it has {}",
                listing()
            ),
        ));
    }
    if !has(DATE_KEYS, &columns.date) {
        return Err(missing(
            "date",
            format!(
                "is missing: no column named date, event_date or date_start (--date-col); it has {}",
                listing()
            ),
        ));
    }
    rows.select(Selection::Some(selection));
    let mut reader = json::layer_records(
        Box::new(rows),
        Arc::default(),
        InputFormat::Parquet,
        file,
        columns,
    );
    reader.columns = Some(kept);
    Ok(IncidentInput::Records(reader))
}
