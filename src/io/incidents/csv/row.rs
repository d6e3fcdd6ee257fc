//! One row of an incident CSV file read into an [`Incident`]: the coordinates, the date, the
//! fatalities and the id, each checked, a problem named with the row's line and column.

use geo::Point;
use serde_json::{Map, Value};

use super::CsvLayout;
use crate::io::error::{LoadError, Place};
use crate::io::incidents::precision::{date_end, precision_code, uncertainty_m};
use crate::io::incidents::whole_count;
use crate::model::{Incident, PrecisionScheme};

impl CsvLayout {
    pub(super) fn record(
        &self,
        rec: &csv::ByteRecord,
        line: u64,
        file: &str,
    ) -> Result<Incident, LoadError> {
        let place = Place::Line(line);
        let width = self.names.len();
        if rec.len() != width {
            // Reading such a row by column position would take values from the wrong columns.
            return Err(LoadError::invalid(
                file,
                &place,
                "(row)",
                format!(
                    "has {} fields but the header has {width}{}",
                    rec.len(),
                    if rec.len() > width {
                        ": an unquoted comma in a field?"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let err = |col: usize, problem: String| {
            LoadError::invalid(file, &place, self.names[col].clone(), problem)
        };
        let text = |col: usize| -> Result<&str, LoadError> {
            std::str::from_utf8(rec.get(col).unwrap_or_default())
                .map(str::trim)
                .map_err(|_| err(col, "is not UTF-8 text".into()))
        };
        // Where the delimiter is not a comma, a decimal comma is read as a point ("40,1397"), as
        // European spreadsheets write numbers.
        let decimal_comma = self.dialect.delimiter != b',';
        let coordinate = |col: usize, what: &str, limit: f64| -> Result<f64, LoadError> {
            let raw = text(col)?;
            let point;
            let digits = if decimal_comma && raw.matches(',').count() == 1 && !raw.contains('.') {
                point = raw.replacen(',', ".", 1);
                point.as_str()
            } else {
                raw
            };
            let v: f64 = digits
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| {
                    let problem = if raw.is_empty() {
                        format!("is empty; expected the {what} in decimal degrees")
                    } else {
                        format!(
                            "{raw:?} is not a {what}: expected a finite number in decimal degrees"
                        )
                    };
                    err(col, problem)
                })?;
            if v.abs() > limit {
                return Err(err(col, format!("{what} {v} is outside -{limit}..{limit}")));
            }
            Ok(v)
        };
        let lat = coordinate(self.lat, "latitude", 90.0)?;
        let lon = coordinate(self.lon, "longitude", 180.0)?;
        let date = self
            .dates
            .parse(text(self.date)?)
            .map_err(|e| err(self.date, e.to_string()))?;
        let fatalities =
            match self.fatalities {
                Some(col) => {
                    let raw = text(col)?;
                    if raw.is_empty() {
                        None
                    } else {
                        Some(parse_count(raw).ok_or_else(|| {
                            err(col, format!("{raw:?} is not a whole number ≥ 0"))
                        })?)
                    }
                }
                None => None,
            };
        let id = match self.id {
            Some(col) => {
                let v = text(col)?;
                if v.is_empty() {
                    line.to_string()
                } else {
                    v.to_string()
                }
            }
            None => line.to_string(),
        };
        let p = &self.precision;
        let optional = |col: Option<usize>| -> Result<Option<(usize, &str)>, LoadError> {
            match col {
                Some(c) => Ok(Some((c, text(c)?)).filter(|(_, t)| !t.is_empty())),
                None => Ok(None),
            }
        };
        let date_end = match optional(p.date_end)? {
            Some((c, raw)) => Some(date_end(date, raw, &self.dates).map_err(|e| err(c, e))?),
            None => None,
        };
        let code = |col: Option<(usize, PrecisionScheme)>, place: bool| {
            let Some((c, scheme)) = col else {
                return Ok(None);
            };
            match optional(Some(c))? {
                Some((_, raw)) => precision_code(raw, scheme, place)
                    .map(Some)
                    .map_err(|e| err(c, e)),
                None => Ok(None),
            }
        };
        let geo_precision = code(p.geo, true)?;
        let time_precision = code(p.time, false)?;
        let uncertainty_m = match optional(p.uncertainty)? {
            Some((c, raw)) => Some(uncertainty_m(raw).map_err(|e| err(c, e))?),
            None => None,
        };
        // The kept columns, as text: only when asked (no cost per row otherwise).
        let mut properties = Map::new();
        for &c in &self.kept {
            let v = std::str::from_utf8(rec.get(c).unwrap_or_default())
                .map_err(|_| err(c, "is not UTF-8 text".into()))?;
            // The CR of a CRLF line end is no part of the last field.
            let v = if c + 1 == width {
                v.strip_suffix('\r').unwrap_or(v)
            } else {
                v
            };
            properties.insert(self.names[c].clone(), Value::String(v.to_string()));
        }
        Ok(Incident {
            id,
            date,
            point: Point::new(lon, lat),
            fatalities,
            properties,
            date_end,
            time_precision,
            geo_precision,
            uncertainty_m,
        })
    }
}

/// A count such as fatalities: `12`, also `12.0` as spreadsheets write it.
fn parse_count(raw: &str) -> Option<u64> {
    raw.parse::<u64>()
        .ok()
        .or_else(|| whole_count(raw.parse().ok()?))
}
