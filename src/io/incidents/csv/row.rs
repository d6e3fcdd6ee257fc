//! One row of an incident CSV file read into an [`Incident`]: the coordinates, the date, the
//! fatalities and the id, each checked, a problem named with the row's line and column.

use geo::Point;
use serde_json::{Map, Value};

use super::{CsvLayout, PointColumns};
use crate::io::csv_split::RecordFields;
use crate::io::error::{LoadError, Place};
use crate::io::incidents::precision::{date_end, precision_code, uncertainty_m};
use crate::io::incidents::whole_count;
use crate::model::{Incident, PrecisionScheme};

impl CsvLayout {
    pub(super) fn record<R: RecordFields + ?Sized>(
        &self,
        rec: &R,
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
        let (lon, lat) = match self.point {
            PointColumns::LatLon { lat, lon } => {
                let lat = coordinate(lat, "latitude", 90.0)?;
                (coordinate(lon, "longitude", 180.0)?, lat)
            }
            PointColumns::Wkt(col) => wkt_point(text(col)?).map_err(|p| err(col, p))?,
        };
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
        // A radius borderscope's output derived from a precision code is derived again.
        let derived = match p.basis {
            Some(c) => !matches!(text(c)?, "" | "given"),
            None => false,
        };
        let uncertainty_m = match optional(p.uncertainty.filter(|_| !derived))? {
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

/// A point as WKT: `POINT (70.53 39.95)`, `POINT(70.53 39.95)`, `POINT Z (…)`; lon, lat.
fn wkt_point(raw: &str) -> Result<(f64, f64), String> {
    let expected = || {
        if raw.is_empty() {
            "is empty; expected a point as WKT, POINT (longitude latitude)".to_string()
        } else {
            format!("{raw:?} is not a point: expected WKT, POINT (longitude latitude)")
        }
    };
    let (kind, rest) = raw.split_once('(').ok_or_else(expected)?;
    let kind = kind.trim();
    let plain = kind.eq_ignore_ascii_case("point");
    let with_z = ["point z", "point m", "point zm"]
        .iter()
        .any(|k| kind.eq_ignore_ascii_case(k));
    if !(plain || with_z) {
        return Err(expected());
    }
    let inner = rest.trim_end().strip_suffix(')').ok_or_else(expected)?;
    let mut numbers = inner.split_whitespace().map(str::parse::<f64>);
    let (Some(Ok(lon)), Some(Ok(lat))) = (numbers.next(), numbers.next()) else {
        return Err(expected());
    };
    let rest: Vec<_> = numbers.collect();
    if rest.len() > 2 || rest.iter().any(Result::is_err) || (plain && !rest.is_empty()) {
        return Err(expected());
    }
    if !(lon.is_finite() && lat.is_finite()) {
        return Err(expected());
    }
    if lon.abs() > 180.0 {
        return Err(format!("longitude {lon} is outside -180..180"));
    }
    if lat.abs() > 90.0 {
        return Err(format!("latitude {lat} is outside -90..90"));
    }
    Ok((lon, lat))
}

#[cfg(test)]
mod tests {
    use super::wkt_point;

    /// The forms GIS tools write a point in, lon first; anything else refused, saying why.
    #[test]
    fn wkt_points_are_read_lon_first() {
        assert_eq!(wkt_point("POINT (70.53 39.95)"), Ok((70.53, 39.95)));
        assert_eq!(wkt_point("point(70.53 39.95)"), Ok((70.53, 39.95)));
        assert_eq!(wkt_point("POINT Z (70.53 39.95 812)"), Ok((70.53, 39.95)));
        assert_eq!(
            wkt_point("POINT (39.95 170.53 1)").unwrap_err(),
            "\"POINT (39.95 170.53 1)\" is not a point: expected WKT, POINT (longitude latitude)"
        );
        assert_eq!(
            wkt_point("POINT (70.5 91)").unwrap_err(),
            "latitude 91 is outside -90..90"
        );
        assert!(wkt_point("LINESTRING (70 39, 71 40)").is_err());
        assert!(wkt_point("POINT EMPTY").is_err());
        assert!(wkt_point("").unwrap_err().starts_with("is empty"));
    }
}
