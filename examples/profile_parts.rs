use borderscope::analysis::Proximity;
use borderscope::embedded;
use borderscope::io::{IncidentColumns, open_incidents};
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let incidents: Vec<_> = open_incidents(path.as_ref(), &IncidentColumns::default())
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    println!("parse {} rows: {:?}", incidents.len(), t.elapsed());
    let f = embedded::kg_tj_frontier();
    let s = embedded::kg_tj_settlements();
    let e = Proximity::new(&f, &s);
    let t = Instant::now();
    let mut acc = 0.0;
    for i in &incidents {
        let a = e.assess(i.point, i.date, 10_000.0);
        acc += a.nearest.unwrap().distance.distance_m
            + a.contested.map_or(0.0, |c| c.distance.distance_m)
            + a.settlement.unwrap().distance_m;
    }
    println!(
        "assess: {:?} per row {:?} ({acc})",
        t.elapsed(),
        t.elapsed() / incidents.len() as u32
    );
}
