//! Micro-benchmarks of the hot paths: `cargo bench --bench engine`.
//!
//! - one Karney inverse solution (the unit of exact work), by geographiclib-rs and by
//!   `geodesy::inverse` from prepared points;
//! - the exact distance from a point to an edge, when the nearest point is an end and when it
//!   is inside;
//! - the nearest segment and the nearest settlement (index queries), and the full per-incident
//!   assessment;
//! - parsing a 1 MB block of ACLED CSV.

use std::hint::black_box;

use borderscope::analysis::Proximity;
use borderscope::geodesy::GeodesicEdge;
use borderscope::geodesy::chord_band::geodesic_band;
use borderscope::geodesy::ecef::to_ecef;
use borderscope::geodesy::inverse::{Endpoint, inverse};
use borderscope::index::PeriodIndex;
use borderscope::io::csv_blocks::{Block, Dialect, for_each_raw_record};
use borderscope::io::csv_split;
use borderscope::io::{BlockParser, CsvLayout, IncidentColumns};
use borderscope::{embedded, parse_date};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use geo::{Coord, Point};
use geographiclib_rs::{Geodesic, InverseGeodesic};

/// Deterministic points in the frontier's box widened by 0.3° (as examples/gen_incidents).
fn points(n: usize) -> Vec<Point<f64>> {
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    let mut u = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| Point::new(68.7 + 5.2 * u(), 38.8 + 2.0 * u()))
        .collect()
}

fn geodesy(c: &mut Criterion) {
    let g = Geodesic::wgs84();
    c.bench_function("karney_inverse_50km", |b| {
        b.iter(|| {
            let s: f64 = g.inverse(
                black_box(40.0),
                black_box(70.0),
                black_box(40.3),
                black_box(70.4),
            );
            s
        })
    });
    let (p1, p2) = (Endpoint::new(40.0, 70.0), Endpoint::new(40.3, 70.4));
    c.bench_function("prepared_inverse_50km", |b| {
        b.iter(|| inverse(black_box(&p1), black_box(&p2)))
    });
    // The same line's proven interval from its chord (geodesy::chord_band).
    let (e1, e2) = (to_ecef(70.0, 40.0), to_ecef(70.4, 40.3));
    c.bench_function("chord_band_50km", |b| {
        b.iter(|| geodesic_band(black_box(e1), black_box(e2)))
    });
    let edge = GeodesicEdge::new(
        Coord { x: 70.0, y: 40.0 },
        Coord {
            x: 70.004,
            y: 40.003,
        },
    );
    c.bench_function("edge_distance_end", |b| {
        b.iter(|| edge.distance_to(black_box(Point::new(70.3, 40.2)), 1.0))
    });
    c.bench_function("edge_distance_interior", |b| {
        b.iter(|| edge.distance_to(black_box(Point::new(70.0, 40.1)), 0.5))
    });
}

fn index(c: &mut Criterion) {
    let frontier = embedded::kg_tj_frontier();
    let settlements = embedded::kg_tj_settlements();
    let periods = PeriodIndex::new(&frontier);
    let engine = Proximity::new(&frontier, &settlements);
    let pts = points(1000);
    let day = parse_date("2022-09-16").unwrap();
    let mut group = c.benchmark_group("per_point");
    group.throughput(Throughput::Elements(pts.len() as u64));
    group.bench_function("nearest_segment", |b| {
        b.iter(|| {
            pts.iter()
                .map(|p| {
                    periods
                        .nearest_existing(*p, day)
                        .map_or(0.0, |n| n.distance.distance_m)
                })
                .sum::<f64>()
        })
    });
    group.bench_function("nearest_settlement", |b| {
        b.iter(|| {
            pts.iter()
                .map(|p| {
                    engine
                        .settlement_index()
                        .nearest(*p, |_| true)
                        .map_or(0.0, |h| h.distance_m)
                })
                .sum::<f64>()
        })
    });
    group.bench_function("assess_incident", |b| {
        b.iter(|| {
            pts.iter()
                .filter(|p| engine.assess(**p, day, 10_000.0).near_contested)
                .count()
        })
    });
    group.finish();
}

fn csv(c: &mut Criterion) {
    let header: Vec<String> = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
        .split(',')
        .map(str::to_string)
        .collect();
    let layout = CsvLayout::from_header(header, "bench", &IncidentColumns::default()).unwrap();
    let mut bytes = Vec::new();
    let pts = points(4000);
    for (i, p) in pts.iter().cycle().enumerate() {
        if bytes.len() >= 1 << 20 {
            break;
        }
        bytes.extend_from_slice(format!("GEN{i},2022-09-16,2022,1,Political violence,Battles,Armed clash,Generated actor A,,State forces,Generated actor B,,State forces,State forces-State forces,,417,Central Asia,Kyrgyzstan,Batken,,,Generated place,{:.5},{:.5},2,Generated,Other,\"Generated row, not a real event\",1,,1700000000\n", p.y(), p.x()).as_bytes());
    }
    let block = Block::records(bytes, 2, 0);
    let mut group = c.benchmark_group("csv");
    group.throughput(Throughput::Bytes(block.bytes.len() as u64));
    group.bench_function("parse_block_1mb", |b| {
        b.iter(|| layout.parse_block(black_box(&block), "bench").len())
    });
    // The same block by the reference reader (the `csv` crate) the bitmask splitter replaces.
    group.bench_function("parse_block_1mb_csv_reader", |b| {
        b.iter(|| {
            layout
                .parse_block_by(black_box(&block), "bench", BlockParser::CsvReader)
                .len()
        })
    });
    // Splitting alone, by each (records and fields, nothing read from them).
    group.bench_function("split_1mb", |b| {
        b.iter(|| {
            let mut n = 0;
            csv_split::for_each_record(black_box(&block), Dialect::default(), |r| {
                n += r.fields.len()
            });
            n
        })
    });
    group.bench_function("split_1mb_csv_reader", |b| {
        b.iter(|| {
            let mut n = 0;
            for_each_raw_record(black_box(&block), Dialect::default(), |r| {
                n += r.fields.map_or(0, |f| f.len())
            });
            n
        })
    });
    group.finish();
}

criterion_group!(benches, geodesy, index, csv);
criterion_main!(benches);
