//! A QGIS project (`NAME.geojson.qgs`) beside an export, for every layer styled at once: QGIS applies
//! `NAME.qml` to one layer of a file only (the one of the style's geometry type), so the
//! corridor, the settlements and the incidents of the same file would keep random defaults.
//! Opening the project adds the file's four layers, each filtered to its `layer` and styled:
//! the corridor translucent, the segments by status, the settlements as dots with their names,
//! the incidents sized by deaths and coloured as their simplestyle `marker-color` says.
//! Written by hand (a few XML elements QGIS 3.22+ reads), as no crate writes QGIS projects.

use super::escape::esc;
use super::export::Layers;
use super::qml::{qgis_colour, segments_renderer};
use super::style::{CONTESTED, SETTLEMENT};

/// One data-defined property of a symbol layer: `key` computed by `expression`.
fn data_defined(props: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "<data_defined_properties><Option type=\"Map\"><Option name=\"name\" value=\"\" type=\"QString\"/><Option name=\"properties\" type=\"Map\">",
    );
    for (key, expression) in props {
        s.push_str(&format!(
            "<Option name=\"{key}\" type=\"Map\"><Option name=\"active\" value=\"true\" type=\"bool\"/><Option name=\"expression\" value=\"{}\" type=\"QString\"/><Option name=\"type\" value=\"3\" type=\"int\"/></Option>",
            esc(expression)
        ));
    }
    s.push_str("</Option><Option name=\"type\" value=\"collection\" type=\"QString\"/></Option></data_defined_properties>");
    s
}

fn corridor_renderer() -> String {
    let fill = qgis_colour(CONTESTED).replace(",255", ",33");
    let line = qgis_colour(CONTESTED).replace(",255", ",128");
    format!(
        r#"  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>
    <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" enabled="1" locked="0" pass="0">
      <prop k="color" v="{fill}"/><prop k="style" v="solid"/><prop k="outline_color" v="{line}"/><prop k="outline_width" v="0.26"/><prop k="outline_width_unit" v="MM"/>
    </layer></symbol>
  </symbols></renderer-v2>
"#
    )
}

fn settlements_renderer() -> String {
    format!(
        r#"  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>
    <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" locked="0" pass="0">
      <prop k="name" v="circle"/><prop k="color" v="{}"/><prop k="outline_color" v="255,255,255,255"/><prop k="outline_width" v="0.2"/><prop k="size" v="1.6"/><prop k="size_unit" v="MM"/>
    </layer></symbol>
  </symbols></renderer-v2>
  <labeling type="simple"><settings calloutType="simple">
    <text-style fieldName="name" isExpression="0" fontFamily="DejaVu Sans" fontSize="8" fontSizeUnit="Point" textColor="26,26,26,255" textOpacity="1">
      <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85"/>
    </text-style>
    <placement placement="0" dist="1" distUnits="MM" priority="5"/>
    <rendering obstacle="1" scaleVisibility="0" upsidedownLabels="0"/>
  </settings></labeling>
"#,
        qgis_colour(SETTLEMENT)
    )
}

fn incidents_renderer() -> String {
    // Area by deaths, as the SVG and HTML maps: radius 3.5 + 2.2·√deaths px there, in
    // millimetres here (diameter), hollow where no figure is known.
    let dd = data_defined(&[
        ("size", "1.8 + 1.1 * sqrt(coalesce(\"fatalities\", 0))"),
        (
            "fillColor",
            "if(\"fatalities\" IS NULL, '#00000000', coalesce(\"marker-color\", '#fdae61'))",
        ),
    ]);
    format!(
        r#"  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>
    <symbol type="marker" name="0" alpha="0.85" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" enabled="1" locked="0" pass="0">
      <prop k="name" v="circle"/><prop k="color" v="227,74,51,255"/><prop k="outline_color" v="61,0,0,255"/><prop k="outline_width" v="0.25"/><prop k="size" v="1.8"/><prop k="size_unit" v="MM"/>
      {dd}
    </layer></symbol>
  </symbols></renderer-v2>
"#
    )
}

/// The project for an export written to `file` (its name, which the project's relative paths
/// name), with `title`, holding the layers the export has (top first: incidents,
/// settlements, segments, corridor).
pub fn export_project(file: &str, title: &str, layers: &Layers) -> String {
    let all: [(bool, &str, &str, &str, &str, String, bool); 4] = [
        (
            layers.incidents,
            "incidents",
            "Incidents (area by deaths)",
            "Point",
            "incident",
            incidents_renderer(),
            false,
        ),
        (
            layers.settlements,
            "settlements",
            "Settlements",
            "Point",
            "settlement",
            settlements_renderer(),
            true,
        ),
        (
            layers.segments,
            "segments",
            "Frontier segments (by status)",
            "Line",
            "segment",
            segments_renderer(),
            false,
        ),
        (
            layers.corridors,
            "corridor",
            "Corridor around contested stretches",
            "Polygon",
            "corridor",
            corridor_renderer(),
            false,
        ),
    ];
    let source = |geometry: &str, layer: &str| {
        let ogr = match geometry {
            "Line" => "LineString",
            g => g,
        };
        // Multi and single geometries of a type are one sublayer in QGIS's OGR provider.
        format!("./{file}|geometrytype={ogr}|subset=\"layer\" = '{layer}'")
    };
    let mut tree = String::new();
    let mut maps = String::new();
    for (present, id, name, geometry, layer, renderer, labels) in all {
        if !present {
            continue;
        }
        let src = esc(&source(geometry, layer));
        tree.push_str(&format!(
            "    <layer-tree-layer id=\"{id}\" name=\"{}\" source=\"{src}\" providerKey=\"ogr\" checked=\"Qt::Checked\" expanded=\"1\"/>\n",
            esc(name)
        ));
        maps.push_str(&format!(
            "    <maplayer type=\"vector\" geometry=\"{geometry}\" labelsEnabled=\"{}\">\n      <id>{id}</id>\n      <datasource>{src}</datasource>\n      <layername>{}</layername>\n      <provider encoding=\"UTF-8\">ogr</provider>\n      <srs><spatialrefsys><authid>EPSG:4326</authid></spatialrefsys></srs>\n{renderer}    </maplayer>\n",
            u8::from(labels),
            esc(name)
        ));
    }
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis projectname=\"{}\" version=\"3.22.0\">\n  <title>{}</title>\n  <properties><Paths><Absolute type=\"bool\">false</Absolute></Paths></properties>\n  <projectCrs><spatialrefsys><authid>EPSG:4326</authid></spatialrefsys></projectCrs>\n  <layer-tree-group>\n{tree}  </layer-tree-group>\n  <projectlayers>\n{maps}  </projectlayers>\n</qgis>\n",
        esc(title),
        esc(title)
    )
}

/// Each exported layer's style as a whole QML document, `(layer, QML)`: what a GeoPackage
/// export stores in its `layer_styles` table, which QGIS applies when a layer is opened.
pub fn qgis_layer_styles() -> Vec<(String, String)> {
    [
        ("corridor", corridor_renderer(), false),
        ("segment", segments_renderer(), false),
        ("settlement", settlements_renderer(), true),
        ("incident", incidents_renderer(), false),
    ]
    .into_iter()
    .map(|(layer, renderer, labels)| {
        (
            layer.to_string(),
            format!(
                "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"AllStyleCategories\" labelsEnabled=\"{}\">\n{renderer}</qgis>\n",
                u8::from(labels)
            ),
        )
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Well-formed XML with a layer per exported layer, each filtered to its own.
    #[test]
    fn the_project_has_a_filtered_styled_layer_per_exported_layer() {
        let text = export_project("e & f.geojson", "On 2022-09-16", &Layers::all());
        let body = text.split_once('\n').map(|(_, b)| b).unwrap();
        let doc = roxmltree::Document::parse(body).expect("XML");
        let sources: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("datasource"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(
            sources,
            [
                "./e & f.geojson|geometrytype=Point|subset=\"layer\" = 'incident'",
                "./e & f.geojson|geometrytype=Point|subset=\"layer\" = 'settlement'",
                "./e & f.geojson|geometrytype=LineString|subset=\"layer\" = 'segment'",
                "./e & f.geojson|geometrytype=Polygon|subset=\"layer\" = 'corridor'",
            ]
        );
        let no_corridor = Layers {
            corridors: false,
            ..Layers::all()
        };
        assert_eq!(
            export_project("e.geojson", "t", &no_corridor)
                .matches("<maplayer")
                .count(),
            3
        );
    }
}
