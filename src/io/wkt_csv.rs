//! CSV with the geometry as WKT (what `export --format csv` writes, [`super::feature_file`])
//! back into GeoJSON text, for the frontier and gazetteer loaders.
//!
//! The WKT is parsed by hand, a small recursive-descent parser over the five kinds the export
//! writes: the `wkt` crate would bring geo-types, num-traits and log (its 0.10 releases; later
//! ones geo-traits) for what is a few dozen lines here, and it parses coordinates to `f64`
//! where serde_json's numbers keep the text's value exactly.

use serde_json::{Map, Number, Value, json};

use super::error::{LoadError, Place};

/// Columns whose values the loaders require as text: kept as strings even when they look like
/// numbers or booleans (an id `"7"`, a name `"true"`).
const TEXTUAL: &[&str] = &[
    "id",
    "name",
    "sector",
    "basis",
    "confidence",
    "valid_from",
    "valid_to",
    "status",
    "status_since",
    "status_certainty",
    "status_window_from",
    "status_window_by",
    "country",
    "layer",
    "source",
    "alt_names",
    "length_note",
    "stroke",
    "fill",
    "segment_id",
    "settlement",
    "date",
    "as_of",
    "label",
    "code",
    "by",
    "verdict",
    "verdict_text",
    "verdict_reason",
];

/// The index of the header's geometry column (`geometry` or `wkt`, in any case), if the text
/// is CSV with one.
pub(crate) fn geometry_column(text: &str) -> Option<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.records().next()?.ok()?;
    header.iter().position(is_geometry_name)
}

fn is_geometry_name(name: &str) -> bool {
    let name = name.trim().trim_start_matches('\u{feff}');
    name.eq_ignore_ascii_case("geometry") || name.eq_ignore_ascii_case("wkt")
}

/// The CSV `text` as a GeoJSON FeatureCollection: one feature a row, its geometry from the
/// `geometry` (or `wkt`) column, its properties from the other cells; `file` names it in errors.
pub(crate) fn wkt_csv_to_geojson(text: &str, file: &str) -> Result<String, LoadError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let unreadable = |line: u64, e: csv::Error| LoadError::Unreadable {
        file: file.to_string(),
        place: Place::Line(line),
        field: "(row)".into(),
        problem: e.to_string(),
    };
    let header = match records.next() {
        Some(r) => r.map_err(|e| unreadable(1, e))?,
        None => csv::StringRecord::new(),
    };
    let names: Vec<String> = header.iter().map(str::to_string).collect();
    let Some(geom_col) = names.iter().position(|n| is_geometry_name(n)) else {
        return Err(LoadError::Invalid {
            file: file.to_string(),
            place: Place::Line(1),
            field: "(header)".into(),
            problem: "has no `geometry` or `wkt` column".into(),
        });
    };
    let mut features = Vec::new();
    for record in records {
        let line = reader_line(&record);
        let record = record.map_err(|e| unreadable(line, e))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = record.get(geom_col).unwrap_or("");
        let geometry = parse_wkt(cell).map_err(|problem| LoadError::Invalid {
            file: file.to_string(),
            place: Place::Line(line),
            field: names[geom_col].clone(),
            problem,
        })?;
        let mut properties = Map::new();
        for (i, value) in record.iter().enumerate() {
            if i == geom_col {
                continue;
            }
            let Some(key) = names.get(i) else { continue };
            if let Some(v) = cell_value(key, value) {
                properties.insert(key.clone(), v);
            }
        }
        features.push(json!({"type": "Feature", "properties": properties, "geometry": geometry}));
    }
    Ok(json!({"type": "FeatureCollection", "features": features}).to_string())
}

/// The record's line, 1-based (the header being line 1).
fn reader_line(record: &Result<csv::StringRecord, csv::Error>) -> u64 {
    match record {
        Ok(r) => r.position().map_or(0, |p| p.line()),
        Err(e) => e.position().map_or(0, |p| p.line()),
    }
}

/// A cell as the writer wrote it back into a property value; `None` for an empty cell.
fn cell_value(key: &str, cell: &str) -> Option<Value> {
    if cell.is_empty() {
        return None;
    }
    let textual = TEXTUAL.contains(&key);
    let json_like = cell.starts_with('[') || cell.starts_with('{');
    if json_like
        && (!textual || key == "alt_names")
        && let Ok(v) = serde_json::from_str::<Value>(cell)
    {
        return Some(v);
    }
    if textual {
        return Some(Value::String(cell.to_string()));
    }
    match cell {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    if cell.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        && let Ok(n) = serde_json::from_str::<Number>(cell)
    {
        return Some(Value::Number(n));
    }
    Some(Value::String(cell.to_string()))
}

/// A GeoJSON geometry from WKT; an empty cell or `EMPTY` is null.
fn parse_wkt(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    p.skip_ws();
    if p.at_end() {
        return Ok(Value::Null);
    }
    let word = p.word();
    let kind = match word.to_ascii_uppercase().as_str() {
        "POINT" => "Point",
        "LINESTRING" => "LineString",
        "MULTILINESTRING" => "MultiLineString",
        "POLYGON" => "Polygon",
        "MULTIPOLYGON" => "MultiPolygon",
        "" => return Err(format!("is not WKT: {}", excerpt(text))),
        _ => return Err(format!("has an unsupported WKT geometry type {word:?}")),
    };
    p.skip_ws();
    // A dimension tag: Z values are dropped, M and ZM likewise.
    let save = p.i;
    let tag = p.word().to_ascii_uppercase();
    if !matches!(tag.as_str(), "Z" | "M" | "ZM") {
        p.i = save;
    }
    p.skip_ws();
    let save = p.i;
    if p.word().eq_ignore_ascii_case("EMPTY") {
        p.expect_end()?;
        return Ok(Value::Null);
    }
    p.i = save;
    let depth = match kind {
        "Point" => 0,
        "LineString" => 1,
        "MultiLineString" | "Polygon" => 2,
        _ => 3,
    };
    let coordinates = if depth == 0 {
        p.open()?;
        let pos = p.position()?;
        p.close()?;
        pos
    } else {
        p.nested(depth)?
    };
    p.expect_end()?;
    Ok(json!({"type": kind, "coordinates": coordinates}))
}

fn excerpt(text: &str) -> String {
    let t: String = text.chars().take(40).collect();
    format!("{t:?}")
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_alphabetic) {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn found(&self) -> String {
        match self.s.get(self.i) {
            None => "the end of the WKT".into(),
            Some(&c) => format!("{:?} at character {}", c as char, self.i + 1),
        }
    }

    fn punct(&mut self, c: u8, what: &str) -> Result<(), String> {
        self.skip_ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("WKT expects {what}, found {}", self.found()))
        }
    }

    fn open(&mut self) -> Result<(), String> {
        self.punct(b'(', "`(`")
    }

    fn close(&mut self) -> Result<(), String> {
        self.punct(b')', "`)`")
    }

    /// `( item, item, ... )` where an item is a position (depth 1) or a list of depth − 1.
    fn nested(&mut self, depth: u32) -> Result<Value, String> {
        self.open()?;
        let mut items = Vec::new();
        loop {
            items.push(if depth == 1 {
                self.position()?
            } else {
                self.nested(depth - 1)?
            });
            self.skip_ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b')') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(format!("WKT expects `,` or `)`, found {}", self.found())),
            }
        }
    }

    /// Two or more numbers; the first two are kept.
    fn position(&mut self) -> Result<Value, String> {
        let x = self.number()?;
        let y = self.number()?;
        loop {
            self.skip_ws();
            match self.s.get(self.i) {
                Some(c) if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.') => {
                    self.number()?;
                }
                _ => break,
            }
        }
        Ok(json!([x, y]))
    }

    fn number(&mut self) -> Result<Value, String> {
        self.skip_ws();
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.i += 1;
        }
        if start == self.i {
            return Err(format!("WKT expects a number, found {}", self.found()));
        }
        let token = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
        let token = token.strip_prefix('+').unwrap_or(token);
        serde_json::from_str::<Number>(token)
            .ok()
            .filter(|n| n.as_f64().is_some_and(f64::is_finite))
            .map(Value::Number)
            .or_else(|| {
                // WKT allows `.5` and `5.`, which JSON does not.
                token
                    .parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
            })
            .ok_or_else(|| format!("WKT has {token:?} where a number should be"))
    }

    fn expect_end(&mut self) -> Result<(), String> {
        self.skip_ws();
        if self.at_end() {
            Ok(())
        } else {
            Err(format!("WKT has more after its end: {}", self.found()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_kinds() {
        assert_eq!(
            parse_wkt("POINT (70.5 40)").unwrap(),
            json!({"type": "Point", "coordinates": [70.5, 40]})
        );
        assert_eq!(
            parse_wkt("LINESTRING (1 2, 3.25 -4)").unwrap(),
            json!({"type": "LineString", "coordinates": [[1, 2], [3.25, -4]]})
        );
        assert_eq!(
            parse_wkt("multilinestring ((1 2, 3 4), (5 6, 7 8))").unwrap(),
            json!({"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]})
        );
        assert_eq!(
            parse_wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))").unwrap(),
            json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})
        );
        assert_eq!(
            parse_wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))").unwrap(),
            json!({"type": "MultiPolygon", "coordinates": [
                [[[0, 0], [1, 0], [1, 1], [0, 0]]],
                [[[2, 2], [3, 2], [3, 3], [2, 2]]]]})
        );
    }

    #[test]
    fn empty_z_and_exponents() {
        assert_eq!(parse_wkt("POINT EMPTY").unwrap(), Value::Null);
        assert_eq!(parse_wkt("").unwrap(), Value::Null);
        assert_eq!(
            parse_wkt("POINT Z (1 2 3)").unwrap(),
            json!({"type": "Point", "coordinates": [1, 2]})
        );
        assert_eq!(
            parse_wkt("LINESTRING (1 2 9, 1e-7 -2.5E2 9)").unwrap(),
            json!({"type": "LineString", "coordinates": [[1, 2], [1e-7, -250.0]]})
        );
    }

    #[test]
    fn broken_wkt_is_an_error() {
        assert!(
            parse_wkt("LINESTRING (1 2, 3")
                .unwrap_err()
                .contains("number")
        );
        assert!(
            parse_wkt("LINESTRING (1 2")
                .unwrap_err()
                .contains("`,` or `)`")
        );
        assert!(parse_wkt("CIRCLE (1 2)").unwrap_err().contains("CIRCLE"));
        assert!(
            parse_wkt("POINT (1 2) x")
                .unwrap_err()
                .contains("after its end")
        );
        assert!(parse_wkt("POINT (a b)").is_err());
    }

    #[test]
    fn cells_as_the_writer_wrote_them() {
        assert_eq!(cell_value("population", ""), None);
        assert_eq!(cell_value("population", "1200"), Some(json!(1200)));
        assert_eq!(cell_value("id", "7"), Some(json!("7")));
        assert_eq!(cell_value("name", "true"), Some(json!("true")));
        assert_eq!(cell_value("derived", "true"), Some(json!(true)));
        assert_eq!(
            cell_value("alt_names", r#"["A","B"]"#),
            Some(json!(["A", "B"]))
        );
        assert_eq!(
            cell_value("history", r#"[{"from":"2002-12-23"}]"#),
            Some(json!([{"from": "2002-12-23"}]))
        );
        assert_eq!(cell_value("note", "[not json"), Some(json!("[not json")));
    }

    #[test]
    fn a_csv_to_geojson() {
        let text = "name,population,geometry\nA,12,POINT (70.5 40)\n\"B, C\",,POINT EMPTY\n";
        let v: Value = serde_json::from_str(&wkt_csv_to_geojson(text, "f.csv").unwrap()).unwrap();
        assert_eq!(
            v["features"][0]["properties"],
            json!({"name": "A", "population": 12})
        );
        assert_eq!(
            v["features"][0]["geometry"]["coordinates"],
            json!([70.5, 40])
        );
        assert_eq!(v["features"][1]["properties"], json!({"name": "B, C"}));
        assert_eq!(v["features"][1]["geometry"], Value::Null);
        assert_eq!(geometry_column(text), Some(2));
        assert_eq!(geometry_column("a,WKT\n"), Some(1));
        assert_eq!(geometry_column("a,b\n"), None);
    }

    #[test]
    fn the_error_names_the_line_and_the_field() {
        let text = "name,geometry\nA,\"LINESTRING (1 2, 3\"\n";
        let e = wkt_csv_to_geojson(text, "f.csv").unwrap_err().to_string();
        assert!(e.starts_with("f.csv: line 2: `geometry`: "), "{e}");
    }
}
