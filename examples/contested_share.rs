//! Library use: the contested share of the embedded Kyrgyz–Tajik frontier on the dates of the
//! main clashes, and its longest contested segments on one of them.
//!
//! ```text
//! cargo run --example contested_share
//! ```

use borderscope::{MeasuredFrontier, Status, embedded, parse_date};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let frontier = embedded::kg_tj_frontier();
    let measured = MeasuredFrontier::new(&frontier);

    for (date, event) in [
        ("2021-04-29", "Golovnoi / Kok-Tash fighting"),
        ("2022-01-27", "Tort-Kocho clash"),
        ("2022-09-16", "September 2022 war"),
        ("2025-03-31", "treaty in force"),
    ] {
        let l = measured.lengths_at(parse_date(date)?);
        println!(
            "{date}  {:>7.2} of {:>7.2} km contested ({:>5.1} %)  {event}",
            l.contested_m / 1000.0,
            l.total_m() / 1000.0,
            100.0 * l.contested_share().unwrap_or(0.0)
        );
    }

    let day = parse_date("2022-09-16")?;
    let mut contested: Vec<(f64, &str)> = frontier
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.status_at(day) == Some(Status::Contested))
        .map(|(i, s)| (measured.segment_length_m(i), s.name.as_str()))
        .collect();
    contested.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("\nlongest contested segments on {day}:");
    for (m, name) in contested.iter().take(5) {
        println!("  {:>6.2} km  {name}", m / 1000.0);
    }
    Ok(())
}
