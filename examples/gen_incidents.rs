//! A seeded generator of incidents around a frontier, in ACLED CSV form, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_incidents -- 1000000 > incidents-1m.csv
//! cargo run --release --example gen_incidents -- 1000000 --seed 7 --border my-frontier.geojson
//! cargo run --release --example gen_incidents -- 1000000 --within land.geojson
//! ```
//!
//! Points are uniform in the frontier's bounding box widened by 0.3° (for the Kyrgyz–Tajik
//! frontier 68.7–73.9 E, 38.8–40.8 N), dates uniform over 2019–2024, fatalities 0–5 (a tenth
//! of them left empty). The same seed gives the same file.
//!
//! With `--within POLYGONS.geojson` (Polygon and MultiPolygon features, lon/lat, not crossing
//! the antimeridian; e.g. the world's land from `benches/world_land.py`) the points are instead
//! uniform by area on the sphere within those polygons: drawn uniform by area in the polygons'
//! bounding box (longitude uniform, sine of latitude uniform) and drawn again until one falls
//! inside (even–odd rule over every ring, so holes are holes). Everything else is drawn as
//! without it, and the same seed still gives the same file. `--border` is then not used.

use std::io::{BufWriter, Write};

use borderscope::{embedded, load_frontier};

/// Polygons for rejection sampling: every ring edge, bucketed by bands of latitude, so that a
/// point-in-polygon test (a ray to the east, even–odd) looks only at the edges of its band.
struct Within {
    /// Bounding box: lon0, lat0, lon1, lat1.
    bbox: [f64; 4],
    band: f64,
    /// Per band: edges (x1, y1, x2, y2) that span some latitude of the band.
    bands: Vec<Vec<[f64; 4]>>,
}

impl Within {
    fn load(path: &str) -> Result<Self, Box<dyn std::error::Error>> {
        let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        let mut rings: Vec<Vec<(f64, f64)>> = Vec::new();
        let ring = |r: &serde_json::Value| -> Option<Vec<(f64, f64)>> {
            r.as_array()?
                .iter()
                .map(|c| Some((c.get(0)?.as_f64()?, c.get(1)?.as_f64()?)))
                .collect()
        };
        let features = doc["features"]
            .as_array()
            .ok_or("--within: not a FeatureCollection")?;
        for f in features {
            let g = &f["geometry"];
            let polys: Vec<&serde_json::Value> = match g["type"].as_str() {
                Some("Polygon") => vec![&g["coordinates"]],
                Some("MultiPolygon") => g["coordinates"]
                    .as_array()
                    .ok_or("bad coordinates")?
                    .iter()
                    .collect(),
                _ => continue,
            };
            for p in polys {
                for r in p.as_array().ok_or("bad polygon")? {
                    rings.push(ring(r).ok_or("bad ring")?);
                }
            }
        }
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for &(x, y) in rings.iter().flatten() {
            bbox = [
                bbox[0].min(x),
                bbox[1].min(y),
                bbox[2].max(x),
                bbox[3].max(y),
            ];
        }
        if bbox[0] > bbox[2] {
            return Err("--within: no polygon".into());
        }
        let band = 0.05;
        let n = ((bbox[3] - bbox[1]) / band).floor() as usize + 1;
        let mut bands = vec![Vec::new(); n];
        let at = |y: f64| (((y - bbox[1]) / band).floor().max(0.0) as usize).min(n - 1);
        for r in &rings {
            // Each ring closed, whether or not the file repeats its first vertex.
            for k in 0..r.len() {
                let ((x1, y1), (x2, y2)) = (r[k], r[(k + 1) % r.len()]);
                if y1 == y2 {
                    continue;
                }
                for b in &mut bands[at(y1.min(y2))..=at(y1.max(y2))] {
                    b.push([x1, y1, x2, y2]);
                }
            }
        }
        Ok(Within { bbox, band, bands })
    }

    fn contains(&self, x: f64, y: f64) -> bool {
        if !(self.bbox[1]..=self.bbox[3]).contains(&y) {
            return false;
        }
        let b = (((y - self.bbox[1]) / self.band).floor() as usize).min(self.bands.len() - 1);
        let mut inside = false;
        for &[x1, y1, x2, y2] in &self.bands[b] {
            if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
                inside = !inside;
            }
        }
        inside
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut n: u64 = 1_000_000;
    let mut seed: u64 = 20_261_124;
    let mut border: Option<String> = None;
    let mut within: Option<String> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            "--border" => border = Some(args.next().ok_or("--border needs a file")?),
            "--within" => within = Some(args.next().ok_or("--within needs a file")?),
            other => n = other.replace('_', "").parse()?,
        }
    }
    let within = within.as_deref().map(Within::load).transpose()?;
    let frontier = match border {
        Some(path) => load_frontier(path.as_ref())?,
        None => embedded::kg_tj_frontier(),
    };
    let (mut lo0, mut la0, mut lo1, mut la1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in frontier.segments.iter().flat_map(|s| s.line.0.iter()) {
        lo0 = lo0.min(c.x);
        la0 = la0.min(c.y);
        lo1 = lo1.max(c.x);
        la1 = la1.max(c.y);
    }
    let (lo0, la0, lo1, la1) = (lo0 - 0.3, la0 - 0.3, lo1 + 0.3, la1 + 0.3);
    let days = jiff::civil::date(2019, 1, 1);
    let span = 6 * 365 + 1;
    let mut rng = Rng(seed);
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    writeln!(out, "{HEADER}")?;
    for i in 0..n {
        let (lat, lon) = match &within {
            None => {
                let lat = la0 + (la1 - la0) * rng.unit();
                (lat, lo0 + (lo1 - lo0) * rng.unit())
            }
            Some(w) => loop {
                let [x0, y0, x1, y1] = w.bbox;
                let (s0, s1) = (y0.to_radians().sin(), y1.to_radians().sin());
                let lat = (s0 + (s1 - s0) * rng.unit()).asin().to_degrees();
                let lon = x0 + (x1 - x0) * rng.unit();
                if w.contains(lon, lat) {
                    break (lat, lon);
                }
            },
        };
        let date = days.checked_add(jiff::Span::new().days((rng.next() % span) as i64))?;
        let k = rng.next() % 60;
        let fatalities = if k < 6 {
            String::new()
        } else {
            (k % 6).to_string()
        };
        let (iso, country) = if rng.next().is_multiple_of(2) {
            (417, "Kyrgyzstan")
        } else {
            (762, "Tajikistan")
        };
        writeln!(
            out,
            "GEN{i},{date},{},1,Political violence,Battles,Armed clash,Generated actor A,,State forces,Generated actor B,,State forces,State forces-State forces,,{iso},Central Asia,{country},Batken,,,Generated place,{lat:.5},{lon:.5},2,Generated,Other,\"Generated row, not a real event\",{fatalities},,1700000000",
            date.year()
        )?;
    }
    out.flush()?;
    Ok(())
}
