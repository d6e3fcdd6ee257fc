//! TopoJSON topologies (as in npm `world-atlas`): arcs shared between polygons.
//!
//! Only what a shared-border import needs is read: the arcs (decoded from quantized deltas when
//! the topology has a `transform`) and, for every Polygon or MultiPolygon geometry of every
//! object, its id, properties and rings as arc references.

use geo::Coord;
use serde_json::{Map, Value};

use super::error::{LoadError, Place};

/// A reference to an arc as a ring uses it: `index` into [`Topology::arcs`], maybe reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArcRef {
    /// Index of the arc in [`Topology::arcs`].
    pub index: usize,
    /// Whether the ring runs along the arc backwards.
    pub reversed: bool,
}

impl ArcRef {
    /// Decodes TopoJSON's convention: `i` for arc i, `~i` (= -i-1) for arc i reversed.
    pub fn from_raw(raw: i64) -> Self {
        if raw < 0 {
            ArcRef {
                index: (!raw) as usize,
                reversed: true,
            }
        } else {
            ArcRef {
                index: raw as usize,
                reversed: false,
            }
        }
    }
}

/// A polygonal geometry of a topology: one feature, e.g. one country.
#[derive(Debug, Clone, PartialEq)]
pub struct TopoGeometry {
    /// The object (layer) it belongs to, e.g. "countries".
    pub object: String,
    /// The geometry's `id` member (a number as its decimal text), if it has one.
    pub id: Option<String>,
    /// The geometry's properties (name, ISO codes, ...).
    pub properties: Map<String, Value>,
    /// Polygons, each a list of rings, each a list of arc references.
    pub polygons: Vec<Vec<Vec<ArcRef>>>,
}

/// A decoded topology.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Arcs in absolute lon/lat coordinates.
    pub arcs: Vec<Vec<Coord<f64>>>,
    /// The Polygon and MultiPolygon geometries of every object, in file order.
    pub geometries: Vec<TopoGeometry>,
}

/// Parses a TopoJSON document (already read as JSON); `file` names it in errors.
pub fn parse_topology(doc: &Value, file: &str) -> Result<Topology, LoadError> {
    let top = Place::Document;
    let err = |place: &Place, field: &str, problem: String| {
        LoadError::invalid(file, place, field, problem)
    };
    let root = doc
        .as_object()
        .ok_or_else(|| err(&top, "(root)", "is not an object".into()))?;
    let transform = match root.get("transform") {
        None | Some(Value::Null) => None,
        Some(t) => {
            let pair = |key: &str| -> Result<[f64; 2], LoadError> {
                let a = t
                    .get(key)
                    .and_then(Value::as_array)
                    .filter(|a| a.len() == 2)
                    .ok_or_else(|| {
                        err(
                            &top,
                            &format!("transform.{key}"),
                            "must be an array of two numbers".into(),
                        )
                    })?;
                let n = |v: &Value| v.as_f64().filter(|x| x.is_finite());
                match (n(&a[0]), n(&a[1])) {
                    (Some(x), Some(y)) => Ok([x, y]),
                    _ => Err(err(
                        &top,
                        &format!("transform.{key}"),
                        "must hold two finite numbers".into(),
                    )),
                }
            };
            let scale = pair("scale")?;
            if scale.contains(&0.0) {
                return Err(err(
                    &top,
                    "transform.scale",
                    "holds a zero: every position would fall on one line".into(),
                ));
            }
            Some((scale, pair("translate")?))
        }
    };
    let raw_arcs = root
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or_else(|| err(&top, "arcs", "is missing or not an array".into()))?;
    let mut arcs = Vec::with_capacity(raw_arcs.len());
    for (i, arc) in raw_arcs.iter().enumerate() {
        let points = arc.as_array().ok_or_else(|| {
            err(
                &top,
                &format!("arcs[{i}]"),
                "is not an array of positions".into(),
            )
        })?;
        let mut out = Vec::with_capacity(points.len());
        let (mut qx, mut qy) = (0.0, 0.0);
        for (j, p) in points.iter().enumerate() {
            let field = format!("arcs[{i}][{j}]");
            let xy = p
                .as_array()
                .filter(|a| a.len() >= 2)
                .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .ok_or_else(|| err(&top, &field, format!("is {p}: expected [x, y] numbers")))?;
            let c = match transform {
                Some((scale, translate)) => {
                    qx += xy.0;
                    qy += xy.1;
                    Coord {
                        x: qx * scale[0] + translate[0],
                        y: qy * scale[1] + translate[1],
                    }
                }
                None => Coord { x: xy.0, y: xy.1 },
            };
            if !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y) {
                return Err(err(
                    &top,
                    &field,
                    format!("decodes to ({}, {}), outside lon/lat ranges", c.x, c.y),
                ));
            }
            out.push(c);
        }
        if out.len() < 2 {
            return Err(err(
                &top,
                &format!("arcs[{i}]"),
                "has fewer than two positions".into(),
            ));
        }
        arcs.push(out);
    }

    let objects = root
        .get("objects")
        .and_then(Value::as_object)
        .ok_or_else(|| err(&top, "objects", "is missing or not an object".into()))?;
    let mut geometries = Vec::new();
    for (name, obj) in objects {
        let place = Place::Object(name.clone());
        collect_geometries(obj, name, "", &place, arcs.len(), file, &mut geometries)?;
    }
    Ok(Topology { arcs, geometries })
}

fn collect_geometries(
    g: &Value,
    object: &str,
    path: &str,
    place: &Place,
    n_arcs: usize,
    file: &str,
    out: &mut Vec<TopoGeometry>,
) -> Result<(), LoadError> {
    let err = |field: String, problem: String| LoadError::invalid(file, place, field, problem);
    let ty = g.get("type").and_then(Value::as_str).unwrap_or("");
    let refs = |v: Option<&Value>, field: String| -> Result<Vec<ArcRef>, LoadError> {
        let a = v
            .and_then(Value::as_array)
            .ok_or_else(|| err(field.clone(), "is not an array of arc indices".into()))?;
        a.iter()
            .map(|x| {
                let raw = x.as_i64().ok_or_else(|| {
                    err(
                        field.clone(),
                        format!("holds {x}: expected an integer arc index"),
                    )
                })?;
                let r = ArcRef::from_raw(raw);
                if r.index >= n_arcs {
                    return Err(err(
                        field.clone(),
                        format!("refers to arc {raw}, but the topology has {n_arcs} arcs"),
                    ));
                }
                Ok(r)
            })
            .collect()
    };
    let polygon = |v: Option<&Value>, field: String| -> Result<Vec<Vec<ArcRef>>, LoadError> {
        let rings = v
            .and_then(Value::as_array)
            .ok_or_else(|| err(field.clone(), "is not an array of rings".into()))?;
        rings
            .iter()
            .enumerate()
            .map(|(k, r)| refs(Some(r), format!("{field}[{k}]")))
            .collect()
    };
    let polygons = match ty {
        "GeometryCollection" => {
            let list = g
                .get("geometries")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    err(
                        format!("{path}geometries"),
                        "is missing or not an array".into(),
                    )
                })?;
            for (i, child) in list.iter().enumerate() {
                let child_path = format!("{path}geometries[{i}].");
                collect_geometries(child, object, &child_path, place, n_arcs, file, out)?;
            }
            return Ok(());
        }
        "Polygon" => vec![polygon(g.get("arcs"), format!("{path}arcs"))?],
        "MultiPolygon" => {
            let list = g
                .get("arcs")
                .and_then(Value::as_array)
                .ok_or_else(|| err(format!("{path}arcs"), "is not an array of polygons".into()))?;
            list.iter()
                .enumerate()
                .map(|(k, p)| polygon(Some(p), format!("{path}arcs[{k}]")))
                .collect::<Result<_, _>>()?
        }
        // Points, lines and null geometries cannot be countries: skip them.
        _ => return Ok(()),
    };
    let id = match g.get("id") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let properties = g
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    out.push(TopoGeometry {
        object: object.to_string(),
        id,
        properties,
        polygons,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_quantized_delta_arcs_and_reversed_refs() {
        let doc: Value = serde_json::from_str(
            r#"{"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[10,20]},
                "objects":{"c":{"type":"GeometryCollection","geometries":[
                  {"type":"Polygon","id":7,"arcs":[[0,-1]]}]}},
                "arcs":[[[0,0],[2,4],[2,-4]]]}"#,
        )
        .unwrap();
        let t = parse_topology(&doc, "t.json").unwrap();
        assert_eq!(
            t.arcs[0],
            vec![
                Coord { x: 10.0, y: 20.0 },
                Coord { x: 11.0, y: 21.0 },
                Coord { x: 12.0, y: 20.0 }
            ]
        );
        assert_eq!(t.geometries[0].id.as_deref(), Some("7"));
        assert_eq!(
            t.geometries[0].polygons[0][0],
            vec![
                ArcRef {
                    index: 0,
                    reversed: false
                },
                ArcRef {
                    index: 0,
                    reversed: true
                }
            ]
        );
    }

    #[test]
    fn out_of_range_arc_index_is_located() {
        let doc: Value = serde_json::from_str(
            r#"{"type":"Topology","objects":{"c":{"type":"GeometryCollection","geometries":[
                  {"type":"Polygon","arcs":[[0,5]]}]}},"arcs":[[[0,0],[1,1]]]}"#,
        )
        .unwrap();
        let e = parse_topology(&doc, "t.json").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.json: object \"c\": `geometries[0].arcs[0]`: refers to arc 5, but the topology has 1 arcs"
        );
    }
}
