//! Library use: which incidents of a file happened within 5 km of a stretch contested on their
//! date, with the exact distance and the nearest village.
//!
//! ```text
//! cargo run --example incidents_near_contested                      # the built-in incidents
//! cargo run --example incidents_near_contested -- my-acled-export.csv
//! ```

use borderscope::analysis::Proximity;
use borderscope::embedded;
use borderscope::geodesy::compass8;
use borderscope::io::{IncidentColumns, open_incidents};
use std::io::Write as _;

fn main() {
    // A closed pipe (`| head`) is a normal end, not an error.
    match run() {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => {}
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
        Ok(()) => {}
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    let frontier = embedded::kg_tj_frontier();
    let settlements = embedded::kg_tj_settlements();
    let engine = Proximity::new(&frontier, &settlements);

    let reader = match std::env::args().nth(1) {
        Some(path) => open_incidents(path.as_ref(), &IncidentColumns::default())?,
        None => embedded::kg_tj_incidents()?,
    };
    writeln!(out, "{} file {}", reader.format.name(), reader.file)?;
    for record in reader {
        let incident = match record {
            Ok(i) => i,
            Err(e) if e.is_row_error() => {
                eprintln!("skipped: {e}");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let a = engine.assess(incident.point, incident.date, 5_000.0);
        let (Some(c), true) = (a.contested, a.near_contested) else {
            continue;
        };
        let segment = &frontier.segments[c.segment];
        let place = match a.settlement {
            Some(h) if h.distance_m < 50.0 => format!(", at {}", settlements[h.index].name),
            Some(h) => format!(
                ", {:.1} km {} of {}",
                h.distance_m / 1000.0,
                compass8(h.azimuth_from_deg),
                settlements[h.index].name
            ),
            None => String::new(),
        };
        writeln!(
            out,
            "{} {:<28} {:>8.1} m from {}{place}",
            incident.date, incident.id, c.distance.distance_m, segment.id
        )?;
    }
    Ok(())
}
