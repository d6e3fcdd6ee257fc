//! A QGIS layer style (QML) for the segments of an export.
//!
//! QGIS does not read simplestyle properties, but it applies `NAME.qml` beside a data file as the
//! default style of a layer it opens from `NAME.geojson` (one layer per geometry type; the style
//! takes on the line layer, the others keep QGIS's default). The style colours segments by their
//! `status` on the export's date with the same colours as the simplestyle properties, and gives
//! the legend the three categories.

use super::style::{CONTESTED, SETTLED, UNRECORDED};

/// QGIS colour `r,g,b,a` from `#rrggbb`.
pub(crate) fn qgis_colour(hex: &str) -> String {
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    format!("{},{},{},255", channel(1), channel(3), channel(5))
}

/// One line symbol: colour, width in millimetres, and pen style.
fn line_symbol(name: usize, hex: &str, width_mm: f64, style: &str) -> String {
    format!(
        r#"      <symbol type="line" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <prop k="line_color" v="{}"/>
          <prop k="line_width" v="{width_mm}"/>
          <prop k="line_width_unit" v="MM"/>
          <prop k="line_style" v="{style}"/>
          <prop k="capstyle" v="round"/>
          <prop k="joinstyle" v="round"/>
        </layer>
      </symbol>
"#,
        qgis_colour(hex)
    )
}

/// The segments' renderer: categorized on `status` (contested, settled, and anything else as
/// unrecorded).
pub(crate) fn segments_renderer() -> String {
    let mut s = String::from(
        r#"  <renderer-v2 type="categorizedSymbol" attr="status" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category render="true" symbol="0" value="contested" label="contested"/>
      <category render="true" symbol="1" value="settled" label="settled"/>
      <category render="true" symbol="2" value="" label="status not recorded"/>
    </categories>
    <symbols>
"#,
    );
    s.push_str(&line_symbol(0, CONTESTED, 1.2, "solid"));
    s.push_str(&line_symbol(1, SETTLED, 0.6, "solid"));
    s.push_str(&line_symbol(2, UNRECORDED, 0.6, "dash"));
    s.push_str("    </symbols>\n  </renderer-v2>\n");
    s
}

/// The style of the segment layer.
pub fn segments_qml() -> String {
    let mut s = String::from(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n",
    );
    s.push_str(&segments_renderer());
    // Line geometry (1): QGIS then leaves the point and polygon layers of the same file alone.
    s.push_str("  <layerGeometryType>1</layerGeometryType>\n</qgis>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_convert_to_qgis_form() {
        assert_eq!(qgis_colour("#d7191c"), "215,25,28,255");
        assert_eq!(qgis_colour("#6f6f6f"), "111,111,111,255");
    }

    #[test]
    fn the_style_is_well_formed_xml_with_three_categories() {
        let text = segments_qml();
        let body = text.split_once('\n').map(|(_, b)| b).unwrap_or_default();
        let doc = roxmltree::Document::parse(body).expect("XML");
        let cats = doc
            .descendants()
            .filter(|n| n.has_tag_name("category"))
            .count();
        assert_eq!(cats, 3);
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("symbol"))
                .count(),
            3
        );
    }
}
