//! A seeded generator of incidents around a frontier, in ACLED CSV form, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_incidents -- 1000000 > incidents-1m.csv
//! cargo run --release --example gen_incidents -- 1000000 --seed 7 --border my-frontier.geojson
//! ```
//!
//! Points are uniform in the frontier's bounding box widened by 0.3° (for the Kyrgyz–Tajik
//! frontier 68.7–73.9 E, 38.8–40.8 N), dates uniform over 2019–2024, fatalities 0–5 (a tenth
//! of them left empty). The same seed gives the same file.

use std::io::{BufWriter, Write};

use borderscope::{embedded, load_frontier};

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
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            "--border" => border = Some(args.next().ok_or("--border needs a file")?),
            other => n = other.replace('_', "").parse()?,
        }
    }
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
        let lat = la0 + (la1 - la0) * rng.unit();
        let lon = lo0 + (lo1 - lo0) * rng.unit();
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
