//! Where the time of `borderscope incidents` goes, stage by stage, and how much of it any
//! exact answer must spend: the benchmark behind "where the time goes" in `benches/README.md`.
//!
//! ```text
//! cargo run --release --example gen_incidents 1000000 > inc-1m.csv
//! cargo run --release --example time_budget -- inc-1m.csv
//! ```
//!
//! The file is first read whole into blocks (as the CLI reads it), then each stage runs alone
//! over everything, on all cores (rayon), and is timed by wall clock and by the process's CPU
//! time (user + system, from `/proc/self/stat`; Linux only, else shown as 0):
//!
//! - **read**: the file cut into blocks of whole records, one thread, each block let go once
//!   cut as in the CLI (the file is then read again and kept whole for the other stages);
//! - **parse**: every block parsed into incidents (and, before, by the `csv` crate, the
//!   reference the bitmask splitter must equal, checked to give the same incidents);
//! - **assess**: every incident's nearest segment, nearest contested segment and nearest
//!   settlement (`Proximity::assess`, the CLI's engine);
//! - **exact distances of the answers**: for every incident, only the exact geodesic
//!   distances to the segment edge, contested edge and settlement that the search found,
//!   measured again from scratch by the indexes' own `distance_to_edge` and `distance_to` (as a
//!   search measures a candidate), as a search that knew the answers in advance would still
//!   have to. This is the floor of the geodesy (plus finding the edge by its numbers, a binary
//!   search); what `assess` spends above it is the search. (Each is checked to agree with
//!   `assess` to the nanometre.)
//!
//! Formatting and writing the CSV are not a library stage; the README takes them as the
//! difference between the CLI writing CSV and the CLI with `--by-segment` (which formats
//! nothing per row).

use std::time::Instant;

use borderscope::analysis::{Assessment, Proximity};
use borderscope::embedded;
use borderscope::geodesy::Query;
use borderscope::index::NearestSegment;
use borderscope::io::{BlockParser, IncidentInput};
use borderscope::io::{IncidentColumns, open_input};
use borderscope::model::Incident;
use rayon::prelude::*;

const BLOCK_BYTES: usize = 1 << 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: time_budget INCIDENTS.csv")?;
    let frontier = embedded::kg_tj_frontier();
    let settlements = embedded::kg_tj_settlements();
    let engine = Proximity::new(&frontier, &settlements);
    let threads = rayon::current_num_threads();
    println!("{path}, {threads} threads");
    println!("| stage | wall s | CPU s |");
    println!("|---|---:|---:|");

    // Reading as the CLI reads: each block let go once cut (its memory reused by the next).
    let clock = Clock::start();
    let IncidentInput::Csv(mut stream) = open_input(path.as_ref(), &IncidentColumns::default())?
    else {
        return Err("not a CSV file".into());
    };
    let mut bytes = 0;
    while let Some(b) = stream.next_block(BLOCK_BYTES)? {
        bytes += b.bytes.len();
    }
    clock.row(&format!(
        "read and cut into blocks ({bytes} bytes, one thread)"
    ));

    // Then again, keeping every block for the stages below.
    let IncidentInput::Csv(mut source) = open_input(path.as_ref(), &IncidentColumns::default())?
    else {
        return Err("not a CSV file".into());
    };
    let mut blocks = Vec::new();
    while let Some(b) = source.next_block(BLOCK_BYTES)? {
        blocks.push(b);
    }

    // The reference reader first (the `csv` crate), then the bitmask splitter the CLI uses.
    let clock = Clock::start();
    let by_csv: Vec<Incident> = blocks
        .par_iter()
        .flat_map_iter(|b| {
            source
                .layout
                .parse_block_by(b, &source.file, BlockParser::CsvReader)
                .into_iter()
                .filter_map(|(r, _)| r.ok())
        })
        .collect();
    clock.row("parse by csv::Reader (the reference)");
    let clock = Clock::start();
    let incidents: Vec<Incident> = blocks
        .par_iter()
        .flat_map_iter(|b| {
            source
                .layout
                .parse_block_with_spans(b, &source.file)
                .into_iter()
                .filter_map(|(r, _)| r.ok())
        })
        .collect();
    clock.row("parse");
    if by_csv != incidents {
        return Err("the two readers read different incidents".into());
    }
    drop(by_csv);
    drop(blocks);

    let clock = Clock::start();
    let assessed: Vec<Assessment> = incidents
        .par_iter()
        .map(|i| engine.assess(i.point, i.date, 10_000.0))
        .collect();
    clock.row("assess (search and exact distances)");

    let (edges, places) = (engine.segment_index(), engine.settlement_index());
    let clock = Clock::start();
    let disagree: usize = incidents
        .par_iter()
        .zip(&assessed)
        .map(|(i, a)| {
            let query = Query::new(i.point);
            let off = |found: Option<f64>, want: f64| match found {
                Some(d) => usize::from((d - want).abs() > 1e-9),
                None => 1,
            };
            let edge = |n: &NearestSegment| {
                let found = edges.distance_to_edge(n.segment, n.edge, &query);
                off(found.map(|m| m.distance.distance_m), n.distance.distance_m)
            };
            let mut wrong = 0;
            if let Some(n) = &a.nearest {
                wrong += edge(n);
            }
            if let Some(c) = &a.contested
                && Some(c) != a.nearest.as_ref()
            {
                wrong += edge(c);
            }
            if let Some(s) = &a.settlement {
                let found = places.distance_to(s.index, &query);
                wrong += off(found.map(|h| h.distance_m), s.distance_m);
            }
            wrong
        })
        .sum();
    clock.row("exact distances of the answers alone");
    println!(
        "\n{} incidents; {} exact distances differ from assess's by more than 1 nm",
        incidents.len(),
        disagree
    );
    if disagree > 0 {
        return Err(format!("{disagree} distances disagree").into());
    }
    Ok(())
}

/// Wall clock and process CPU time since a start.
struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn row(&self, stage: &str) {
        println!(
            "| {stage} | {:.2} | {:.2} |",
            self.wall.elapsed().as_secs_f64(),
            cpu_seconds() - self.cpu
        );
    }
}

/// User + system CPU time of this process so far (fields 14 and 15 of `/proc/self/stat`, in
/// ticks of 1/100 s), or 0 where there is no such file.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |k: usize| {
        fields
            .get(k)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // After the name, field 3 (state) is index 0, so 14 and 15 are 11 and 12.
    (ticks(11) + ticks(12)) / 100.0
}
