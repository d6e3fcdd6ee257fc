//! Country-area files for the maps (`data/countries.geojson`, `map --countries`): GeoJSON
//! polygons with `code`, `name` and `detail` (`frontier` or `locator`) properties, read with
//! the country-file reader of `import`.

use std::path::Path;

use serde_json::Value;

use super::countries::{CountryFile, parse_countries};
use super::error::{LoadError, Place, read_to_string};
use crate::model::{AreaDetail, CountryArea};

/// Loads a country-area file, with the credit its `attribution` member gives.
pub fn load_country_areas(path: &Path) -> Result<(Vec<CountryArea>, Option<String>), LoadError> {
    let text = read_to_string(path)?;
    let file = super::error::file_label(path);
    let areas = parse_country_areas(&text, &file)?;
    let credit = super::json_value::parse(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .ok()
        .and_then(|d| d.get("attribution")?.as_str().map(str::to_string));
    Ok((areas, credit))
}

/// Parses a country-area file; `file` names it in errors. A feature with no `code` is refused
/// (the maps match areas to the frontier's countries by code); `name` defaults to the code and
/// `detail` to `frontier`.
pub fn parse_country_areas(text: &str, file: &str) -> Result<Vec<CountryArea>, LoadError> {
    let CountryFile::Polygons(features) = parse_countries(text, file)? else {
        return Err(LoadError::invalid(
            file,
            &Place::Document,
            "type",
            "is a TopoJSON topology: country areas are a GeoJSON FeatureCollection of polygons",
        ));
    };
    features
        .into_iter()
        .enumerate()
        .map(|(index, f)| {
            let place = Place::Feature {
                index,
                id: f.id.clone(),
            };
            let text_of = |key: &str| f.properties.get(key).and_then(Value::as_str);
            let code = text_of("code")
                .filter(|c| !c.trim().is_empty())
                .ok_or_else(|| {
                    LoadError::invalid(
                        file,
                        &place,
                        "properties.code",
                        "is missing: give the country's ISO 3166-1 alpha-2 code (\"KG\")",
                    )
                })?
                .trim()
                .to_string();
            let detail = match text_of("detail") {
                None | Some("frontier") => AreaDetail::Frontier,
                Some("locator") => AreaDetail::Locator,
                Some(other) => {
                    return Err(LoadError::invalid(
                        file,
                        &place,
                        "properties.detail",
                        format!("is {other:?}: expected \"frontier\" or \"locator\""),
                    ));
                }
            };
            Ok(CountryArea {
                name: text_of("name").unwrap_or(&code).to_string(),
                code,
                detail,
                rings: f.rings,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_area_without_a_code_is_refused_naming_the_feature() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let e = parse_country_areas(text, "c.geojson")
            .unwrap_err()
            .to_string();
        assert!(e.contains("c.geojson") && e.contains("feature 0"), "{e}");
        assert!(e.contains("properties.code"), "{e}");
    }

    #[test]
    fn a_bad_detail_is_refused() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"XX","detail":"world"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let e = parse_country_areas(text, "c.geojson")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("properties.detail") && e.contains("\"world\""),
            "{e}"
        );
    }
}
