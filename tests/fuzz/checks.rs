//! What the fuzz targets check, one function per target. Each takes arbitrary bytes and panics
//! only when borderscope is wrong: a loader may reject its input, but must not panic, and what
//! it accepts must be usable by everything downstream.
//!
//! Shared by the fuzz targets (`tests/fuzz/fuzz_targets/*.rs`, run by `cargo fuzz`) and by
//! `tests/fuzz_regressions.rs`, which replays the seed corpus and every input that ever failed
//! (and `tests/reference_distances.rs` uses its brute-force distance).

use std::io::Cursor;

use borderscope::analysis::MeasuredFrontier;
use borderscope::analysis::{
    ImportLabels, frontier_from_pieces, polygons_shared_border, topology_shared_border,
};
use borderscope::geodesy::GeodesicEdge;
use borderscope::index::SegmentIndex;
use borderscope::io::{
    CountryFile, CsvSource, IncidentColumns, LoadError, frontier_to_string, geojson_reader,
    parse_countries, parse_incidents_geojson, parse_settlements,
};
use borderscope::model::{Country, Incident, Status};
use borderscope::parse_frontier;
use geo::{Coord, Point};

/// A frontier file: loads or is rejected; what loads can be measured, indexed, summarised at
/// every date, and written and loaded again unchanged.
pub fn frontier(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(f) = parse_frontier(text, "fuzz") else {
        return;
    };
    assert!(!f.segments.is_empty());
    let m = MeasuredFrontier::new(&f);
    for i in 0..f.segments.len() {
        let l = m.segment_length_m(i);
        assert!(l.is_finite() && l > 0.0, "segment {i} length {l}");
    }
    let mut dates = f.change_dates();
    dates.push(jiff::civil::date(2022, 9, 16));
    for d in dates {
        let s = m.lengths_at(d);
        assert!(s.total_m().is_finite());
        if let Some(share) = s.contested_share() {
            assert!((0.0..=1.0).contains(&share), "share {share}");
        }
    }
    let _ = m.timeline();
    let index = SegmentIndex::new(&f);
    let v = f.segments[0].line.0[0];
    let n = index.nearest_any(Point::from(v)).expect("a segment");
    assert!(n.distance.distance_m < 1e-3, "{n:?} at a vertex");
    let again = parse_frontier(&frontier_to_string(&f), "again").expect("own output loads");
    assert_eq!(again, f);
}

/// A gazetteer: loads or is rejected; what loads has positions on the globe.
pub fn settlements(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(places) = parse_settlements(text, "fuzz") else {
        return;
    };
    for s in &places {
        assert!(on_globe(s.point), "{s:?}");
        assert!(!s.name.is_empty());
    }
}

/// An incident CSV: the first byte sets the block size. Every block size gives the same rows
/// and the same errors at the same lines as one large block; rows read are on the globe.
pub fn incidents_csv(data: &[u8]) {
    let Some((&size, csv)) = data.split_first() else {
        return;
    };
    let small = read_csv(csv, 1 + usize::from(size));
    let large = read_csv(csv, 1 << 20);
    assert_eq!(small, large, "block size {} changes the result", 1 + size);
    let lines = csv.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    for r in small.into_iter().flatten() {
        match r {
            Ok(i) => assert!(on_globe(i.point), "{i:?}"),
            Err(e) => {
                let line = e
                    .split(": line ")
                    .nth(1)
                    .and_then(|t| t.split(':').next().and_then(|n| n.parse::<u64>().ok()));
                let line = line.unwrap_or_else(|| panic!("no line in {e}"));
                assert!((2..=lines).contains(&line), "line {line} of {lines}: {e}");
            }
        }
    }
}

/// The rows of a CSV read in blocks of about `target` bytes, or the error that stopped it.
fn read_csv(csv: &[u8], target: usize) -> Option<Vec<Result<Incident, String>>> {
    let reader = Box::new(Cursor::new(csv.to_vec()));
    let mut source = CsvSource::new(reader, "fuzz", &IncidentColumns::default()).ok()?;
    let mut rows = Vec::new();
    while let Some(block) = source.next_block(target).expect("reading memory") {
        for (r, span) in source.layout.parse_block_with_spans(&block, "fuzz") {
            assert!(span.bytes.start <= span.bytes.end && span.bytes.end <= block.bytes.len());
            rows.push(r.map_err(|e: LoadError| {
                assert!(e.is_row_error(), "{e}");
                e.to_string()
            }));
        }
    }
    Some(rows)
}

/// Incidents as GeoJSON, streamed: rows on the globe, row errors, and at most one error with
/// the document as a whole, which ends the stream. Reading the bytes as a stream and reading
/// them as text give the same.
pub fn incidents_geojson(data: &[u8]) {
    let columns = IncidentColumns::default();
    let streamed: Vec<String> =
        geojson_reader(Box::new(Cursor::new(data.to_vec())), "fuzz", &columns)
            .map(|r| format!("{r:?}"))
            .collect();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(reader) = parse_incidents_geojson(text, "fuzz", &columns) else {
        return;
    };
    let mut ended = false;
    let mut seen = Vec::new();
    for r in reader {
        assert!(!ended, "rows after a whole-document error");
        seen.push(format!("{r:?}"));
        match r {
            Ok(i) => assert!(on_globe(i.point), "{i:?}"),
            Err(e) => ended = !e.is_row_error(),
        }
    }
    if !text.starts_with('\u{feff}') {
        assert_eq!(seen, streamed);
    }
}

/// Country polygons or a topology: the border of the first two countries, made into a
/// frontier as `import` does, must load as a frontier file.
pub fn countries(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = parse_countries(text, "fuzz") else {
        return;
    };
    let pieces = match &file {
        CountryFile::Topology(t) if t.geometries.len() >= 2 => topology_shared_border(t, 0, 1),
        CountryFile::Polygons(p) if p.len() >= 2 => polygons_shared_border(&p[0], &p[1], 1.0),
        _ => return,
    };
    if pieces.is_empty() {
        return;
    }
    let labels = ImportLabels {
        a: Country {
            name: "A".into(),
            code: "A".into(),
        },
        b: Country {
            name: "B".into(),
            code: "B".into(),
        },
        status: Status::Settled,
        since: None,
        source: "fuzz".into(),
    };
    let f = frontier_from_pieces(pieces, &labels);
    let text = frontier_to_string(&f);
    if let Err(e) = parse_frontier(&text, "import") {
        panic!("import wrote a frontier that does not load: {e}\n{text}");
    }
}

/// The exact distance from a point to a geodesic edge, against a brute-force minimisation
/// written with GeographicLib's direct and inverse solutions alone: finite, not negative, never
/// below the minimum by more than 1 mm, and not above it by more than 1 mm either.
pub fn distance(data: &[u8]) {
    let Some(v) = floats::<7>(data) else {
        return;
    };
    // Any position on the globe, from any finite numbers (those in range as they are).
    let lon = |x: f64| {
        if x.abs() <= 180.0 {
            x
        } else {
            x.rem_euclid(360.0) - 180.0
        }
    };
    let lat = |y: f64| {
        if y.abs() <= 90.0 {
            y
        } else {
            y.rem_euclid(180.0) - 90.0
        }
    };
    let a = Coord {
        x: lon(v[0]),
        y: lat(v[1]),
    };
    let b = Coord {
        x: lon(v[2]),
        y: lat(v[3]),
    };
    let p = Point::new(lon(v[4]), lat(v[5]));
    let start = v[6].rem_euclid(1.0);
    let edge = GeodesicEdge::new(a, b);
    let fast = edge.distance_to(p, start);
    let d = fast.distance_m;
    assert!(d.is_finite() && d >= 0.0, "{d} for {a:?} {b:?} {p:?}");
    assert!(on_globe(fast.closest), "{fast:?}");
    let slow = brute_force(a, b, p, 512);
    assert!(
        d >= slow - 1e-3,
        "{d} m is below the brute-force minimum {slow} m: {a:?} {b:?} {p:?} start {start}"
    );
    assert!(
        d <= slow + 1e-3,
        "{d} m is above the brute-force minimum {slow} m: {a:?} {b:?} {p:?} start {start}"
    );
}

/// The least distance from `p` to points of the geodesic a→b: `n` samples, then golden-section
/// search around the best to 1 nm (or as close as floats allow). Written with GeographicLib's
/// direct and inverse solutions alone, independently of borderscope's routine.
pub fn brute_force(a: Coord<f64>, b: Coord<f64>, p: Point<f64>, n: usize) -> f64 {
    use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};
    let g = Geodesic::wgs84();
    let (len, azi, _, _): (f64, f64, f64, f64) = g.inverse(a.y, a.x, b.y, b.x);
    let f = |t: f64| -> f64 {
        let (la, lo): (f64, f64) = g.direct(a.y, a.x, azi, t.clamp(0.0, len));
        g.inverse(la, lo, p.y(), p.x())
    };
    let (mut k_best, mut v_best) = (0, f64::INFINITY);
    for k in 0..=n {
        let v = f(len * k as f64 / n as f64);
        if v < v_best {
            (k_best, v_best) = (k, v);
        }
    }
    let (mut lo, mut hi) = (
        len * (k_best.max(1) - 1) as f64 / n as f64,
        len * (k_best + 1).min(n) as f64 / n as f64,
    );
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    // At most 200 steps: far along a long edge, 1 nm is below the spacing of floats.
    for _ in 0..200 {
        if hi - lo <= 1e-9 {
            break;
        }
        let (x1, x2) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
        if f(x1) < f(x2) { hi = x2 } else { lo = x1 }
    }
    v_best.min(f((lo + hi) / 2.0))
}

/// `N` finite floats from the first 8·N bytes, or `None`.
fn floats<const N: usize>(data: &[u8]) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    for (i, o) in out.iter_mut().enumerate() {
        let bytes: [u8; 8] = data.get(i * 8..i * 8 + 8)?.try_into().ok()?;
        *o = f64::from_le_bytes(bytes);
        if !o.is_finite() {
            return None;
        }
    }
    Some(out)
}

fn on_globe(p: Point<f64>) -> bool {
    p.x().is_finite() && p.y().is_finite() && p.x().abs() <= 180.0 && p.y().abs() <= 90.0
}
