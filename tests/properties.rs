//! Property tests (proptest): the segment index against brute force on random frontiers
//! anywhere on the globe (across the antimeridian, around the poles); the status at a date
//! against its definition; and export → load, and write → load, round trips.

use borderscope::index::SegmentIndex;
use borderscope::io::frontier_to_string;
use borderscope::io::{EXPORT_SEGMENT_KEYS, SEGMENT_KEYS};
use borderscope::model::{History, Status, StatusAt, StatusChange};
use borderscope::parse_frontier;
use borderscope::render::{ExportFormat, Layers, MapData, export_text};
use geo::Point;
use jiff::civil::Date;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Failing cases are kept in `tests/properties.proptest-regressions` and tried first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("regressions"),
        )),
        ..ProptestConfig::default()
    }
}

/// Longitude into [-180, 180), latitude kept off the poles themselves.
fn wrap(lon: f64, lat: f64) -> (f64, f64) {
    (
        (lon + 180.0).rem_euclid(360.0) - 180.0,
        lat.clamp(-89.99, 89.99),
    )
}

/// Where a random frontier lies: anywhere, astride the antimeridian, or around a pole.
fn region() -> impl Strategy<Value = (f64, f64)> {
    prop_oneof![
        (-180.0..180.0f64, -80.0..80.0f64),
        (179.0..180.0f64, -60.0..60.0f64),
        (-180.0..180.0f64, 86.0..89.9f64),
        (-180.0..180.0f64, -89.9..-86.0f64),
    ]
}

/// A line: a start offset from the region's centre and 1–5 steps of up to 2°.
fn walk() -> impl Strategy<Value = ((f64, f64), Vec<(f64, f64)>)> {
    (
        (-3.0..3.0f64, -3.0..3.0f64),
        prop::collection::vec((-2.0..2.0f64, -2.0..2.0f64), 1..6),
    )
}

fn line(centre: (f64, f64), (start, steps): &((f64, f64), Vec<(f64, f64)>)) -> Vec<[f64; 2]> {
    let (mut lon, mut lat) = (centre.0 + start.0, centre.1 + start.1);
    let mut out = vec![wrap(lon, lat)];
    for (dlon, dlat) in steps {
        lon += dlon;
        lat = (lat + dlat).clamp(-89.99, 89.99);
        out.push(wrap(lon, lat));
    }
    out.dedup();
    if out.len() < 2 {
        // All steps clamped to the same place near a pole: step along the parallel instead.
        let (lon, lat) = out[0];
        out.push(wrap(lon + 1.0, lat));
    }
    out.into_iter().map(|(x, y)| [x, y]).collect()
}

fn feature(id: &str, coords: Vec<[f64; 2]>) -> Value {
    json!({"type": "Feature", "properties": {"id": id, "name": id, "sector": "S",
        "history": [{"status": "contested", "source": "test"}]},
        "geometry": {"type": "LineString", "coordinates": coords}})
}

proptest! {
    #![proptest_config(config(300))]

    /// The indexed search finds what trying every edge finds: the same segment, edge and
    /// distance, for all segments and for a subset (as the "nearest contested" query uses).
    #[test]
    fn index_equals_brute_force_anywhere(
        centre in region(),
        walks in prop::collection::vec(walk(), 1..5),
        offsets in prop::collection::vec((-6.0..6.0f64, -6.0..6.0f64), 1..12),
        far in prop::collection::vec((-180.0..180.0f64, -90.0..90.0f64), 0..3),
        close in prop::collection::vec((0.0..1.0f64, -0.05..0.05f64, -0.05..0.05f64), 0..12),
    ) {
        let lines: Vec<Vec<[f64; 2]>> = walks.iter().map(|w| line(centre, w)).collect();
        let features: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| feature(&format!("s{i}"), l.clone()))
            .collect();
        // Points close to the lines (where an edge's sag matters most): a fraction of the way
        // along the vertex list, then a small step off.
        let vertices: Vec<[f64; 2]> = lines.concat();
        let near_lines = close.iter().map(|(t, dx, dy)| {
            let k = t * (vertices.len() - 1) as f64;
            let (i, f) = (k.floor() as usize, k.fract());
            let (a, b) = (vertices[i], vertices[(i + 1).min(vertices.len() - 1)]);
            let dlon = ((b[0] - a[0] + 540.0) % 360.0) - 180.0;
            wrap(a[0] + f * dlon + dx, a[1] + f * (b[1] - a[1]) + dy)
        });
        let text = json!({"type": "FeatureCollection", "features": features}).to_string();
        let frontier = parse_frontier(&text, "random").unwrap();
        let index = SegmentIndex::new(&frontier);
        let points = offsets
            .iter()
            .map(|(dx, dy)| wrap(centre.0 + dx, centre.1 + dy))
            .chain(far.iter().copied())
            .chain(near_lines)
            .map(|(x, y)| Point::new(x, y));
        for p in points {
            let all = |_: usize| true;
            prop_assert_eq!(index.nearest(p, all), index.nearest_brute_force(p, all), "at {:?}", p);
            let odd = |s: usize| s % 2 == 1;
            prop_assert_eq!(index.nearest(p, odd), index.nearest_brute_force(p, odd), "at {:?}", p);
            let n = index.nearest(p, all).unwrap();
            prop_assert!(n.distance.distance_m.is_finite() && n.distance.distance_m >= 0.0);
        }
    }
}

fn day(offset: i32) -> Date {
    jiff::civil::date(2000, 1, 1)
        .checked_add(jiff::Span::new().days(offset))
        .unwrap()
}

fn status(contested: bool) -> Status {
    if contested {
        Status::Contested
    } else {
        Status::Settled
    }
}

/// A valid history: an optional undated first entry, then dated entries in increasing order,
/// some after the first dated only to a window.
fn history() -> impl Strategy<Value = Vec<StatusChange>> {
    (
        any::<bool>(),
        prop::collection::vec(
            (1..4000i32, any::<bool>(), prop::option::of(1..3000i32)),
            1..7,
        ),
    )
        .prop_map(|(undated_first, gaps)| {
            let mut at = 0;
            gaps.iter()
                .enumerate()
                .map(|(i, (gap, contested, window))| {
                    at += gap;
                    let from = (i > 0 || !undated_first).then(|| day(at));
                    let by = window.filter(|_| i > 0).map(|w| {
                        at += w;
                        day(at)
                    });
                    StatusChange {
                        from,
                        by,
                        status: status(*contested),
                        source: format!("entry {i}"),
                    }
                })
                .collect()
        })
}

/// The statuses an entry list allows on one day, read from the entries one by one: the entry
/// whose certain days hold it, or both sides of the window it falls in.
fn possible_on(entries: &[StatusChange], d: Date) -> Vec<Status> {
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let next = entries.get(i + 1).and_then(|n| n.from);
        if e.by.or(e.from).is_none_or(|f| f <= d) && next.is_none_or(|n| d < n) {
            out.push(e.status);
        }
        if let (Some(f), Some(b)) = (e.from, e.by)
            && f <= d
            && d < b
        {
            out.extend([entries[i - 1].status, e.status]);
        }
    }
    out.sort();
    out.dedup();
    out
}

proptest! {
    #![proptest_config(config(500))]

    /// The status on a date is that of the last entry in force on or before it (a window's
    /// entry from its `by`); later dates never go back to an earlier entry; and `status_since`
    /// is the start of the unbroken run of that status that reaches the date.
    #[test]
    fn status_at_date_follows_the_history(
        entries in history(),
        a in -100..30_000i32,
        b in -100..30_000i32,
    ) {
        let h = History::new(entries.clone()).unwrap();
        let position = |d: Date| entries.iter().rposition(|e| e.by.or(e.from).is_none_or(|f| f <= d));
        let (d1, d2) = (day(a.min(b)), day(a.max(b)));
        prop_assert!(position(d1) <= position(d2));
        for d in [d1, d2] {
            let expected = position(d).map(|i| entries[i].status);
            prop_assert_eq!(h.status_at(d), expected);
            prop_assert_eq!(h.entry_at(d), position(d).map(|i| &entries[i]));
            if let Some(since) = h.status_since(d) {
                prop_assert!(since <= d);
                prop_assert_eq!(h.status_at(since), expected);
                // No entry between `since` and `d` has another status.
                let unbroken = entries.iter().all(|e| match e.by.or(e.from) {
                    Some(f) if f >= since && f <= d => Some(e.status) == expected,
                    _ => true,
                });
                prop_assert!(unbroken);
            }
        }
    }

    /// The status over a span of days is certain exactly when every day of it allows one and
    /// the same status, checked day by day; an uncertain answer names a change whose days
    /// meet the span.
    #[test]
    fn status_over_a_span_agrees_with_each_day(
        entries in history(),
        a in -100..30_000i32,
        len in 0..400i32,
    ) {
        let h = History::new(entries.clone()).unwrap();
        let (first, last) = (day(a), day(a + len));
        let mut union: Vec<Status> = (a..=a + len).flat_map(|k| possible_on(&entries, day(k))).collect();
        union.sort();
        union.dedup();
        match h.status_over(first, last) {
            None => prop_assert!(union.is_empty()),
            Some(StatusAt::Certain(s)) => prop_assert_eq!(union, vec![s]),
            Some(StatusAt::Uncertain(c)) => {
                prop_assert_eq!(union.len(), 2);
                prop_assert!(c.before != c.after);
                prop_assert!(c.from <= last && (c.by > first || (c.is_dated() && c.from > first)));
            }
        }
        // One day alone: the point estimate is one of the statuses that day allows.
        if let Some(s) = h.status_at(first) {
            prop_assert!(possible_on(&entries, first).contains(&s));
        }
    }
}

/// Free text, including quotes, backslashes, control characters and any Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-zA-Z0-9 ,.:;\"\\\\/'–—()ёҚ]{0,30}"]
}

/// A property value of any JSON kind (numbers finite, as JSON requires).
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e12..1e12f64).prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The properties a frontier file defines itself, and those an export adds: extra properties
/// take other names.
fn reserved(key: &str) -> bool {
    SEGMENT_KEYS.contains(&key) || EXPORT_SEGMENT_KEYS.contains(&key)
}

/// A segment feature with random text, history, validity and extra properties.
fn rich_feature(index: usize) -> impl Strategy<Value = Value> {
    (
        text(),
        text(),
        text(),
        history(),
        prop::option::of(0..6000i32),
        prop::option::of(1..6000i32),
        prop::option::of(text()),
        prop::option::of(prop_oneof![Just("high"), Just("medium"), Just("low")]),
        prop::collection::btree_map("[a-z_]{1,10}", value(), 0..4),
        walk(),
    )
        .prop_map(
            move |(id, name, sector, entries, from, span, basis, confidence, extra, w)| {
                let history: Vec<Value> = entries
                    .iter()
                    .map(|e| {
                        let mut m = serde_json::Map::new();
                        if let Some(f) = e.from {
                            m.insert("from".into(), json!(f.to_string()));
                        }
                        if let Some(b) = e.by {
                            m.insert("by".into(), json!(b.to_string()));
                        }
                        m.insert("status".into(), json!(e.status.as_str()));
                        m.insert("source".into(), json!(e.source));
                        Value::Object(m)
                    })
                    .collect();
                let mut p = serde_json::Map::new();
                // Ids must be unique and non-empty: the index makes them so.
                p.insert("id".into(), json!(format!("{index}:{id}")));
                p.insert("name".into(), json!(format!("n{name}")));
                p.insert("sector".into(), json!(format!("s{sector}")));
                p.insert("history".into(), Value::Array(history));
                p.insert("valid_from".into(), json!(from.map(|d| day(d).to_string())));
                p.insert(
                    "valid_to".into(),
                    json!(span.map(|s| day(from.unwrap_or(0) + s).to_string())),
                );
                p.insert("basis".into(), json!(basis));
                p.insert("confidence".into(), json!(confidence));
                for (k, v) in extra {
                    if !reserved(&k) {
                        p.insert(k, v);
                    }
                }
                json!({"type": "Feature", "properties": p, "geometry": {
                    "type": "LineString", "coordinates": line((70.0, 40.0), &w)}})
            },
        )
}

fn rich_frontier() -> impl Strategy<Value = String> {
    (
        text(),
        (rich_feature(0), rich_feature(1), rich_feature(2)),
        prop::collection::btree_map("[a-z]{1,8}", value(), 0..3),
    )
        .prop_map(|(name, (a, b, c), extra)| {
            let mut meta = serde_json::Map::new();
            meta.insert("name".into(), json!(format!("F{name}")));
            meta.insert(
                "countries".into(),
                json!([{"name": "Kyrgyzstan", "code": "KG"}, {"name": "Tajikistan", "code": "TJ"}]),
            );
            meta.insert(
                "official_lengths".into(),
                json!([{"label": "total", "km": 1006.84, "date": "2025-03-13", "source": "treaty"}]),
            );
            for (k, v) in extra {
                if !["name", "countries", "official_lengths", "agreed_snapshots", "license",
                     "attribution", "length_note"].contains(&k.as_str()) {
                    meta.insert(k, v);
                }
            }
            json!({"type": "FeatureCollection", "frontier": meta, "features": [a, b, c]})
                .to_string()
        })
}

proptest! {
    #![proptest_config(config(200))]

    /// Writing a frontier and loading it again gives the very same frontier, bit for bit.
    #[test]
    fn write_then_load_is_the_identity(text in rich_frontier()) {
        let frontier = parse_frontier(&text, "random").unwrap();
        let again = parse_frontier(&frontier_to_string(&frontier), "again").unwrap();
        prop_assert_eq!(again.meta, frontier.meta);
        prop_assert_eq!(again.segments, frontier.segments);
    }

    /// `export` (all layers, 15 digits) and loading the export with `--border` keeps every
    /// segment that exists on the export's date, with every property, and the frontier's own
    /// description; positions agree to 1e-12°.
    #[test]
    fn export_then_load_keeps_every_segment_and_property(
        text in rich_frontier(),
        as_of in 0..9000i32,
    ) {
        let frontier = parse_frontier(&text, "random").unwrap();
        let as_of = day(as_of);
        let data = MapData {
            frontier: &frontier,
            settlements: &[],
            incidents: &[],
            as_of,
            incidents_as_of: None,
            within_m: 10_000.0,
            rules: &Default::default(),
            gazetteer: borderscope::report::Gazetteer::Unused,
            countries: &[],
            countries_credit: None,
        };
        let exported = export_text(&data, &Layers::all(), 15, ExportFormat::GeoJson).unwrap();
        let expected: Vec<_> = frontier.segments.iter().filter(|s| s.exists_at(as_of)).collect();
        if expected.is_empty() {
            // Nothing to load: the export names why.
            let e = parse_frontier(&exported, "export").unwrap_err().to_string();
            prop_assert!(
                e.contains("has no segment features") || e.contains("needs at least one segment"),
                "{}",
                e
            );
            return Ok(());
        }
        let loaded = parse_frontier(&exported, "export").unwrap();
        prop_assert_eq!(&loaded.meta, &frontier.meta);
        prop_assert_eq!(loaded.segments.len(), expected.len());
        for (got, want) in loaded.segments.iter().zip(expected) {
            prop_assert_eq!(got.line.0.len(), want.line.0.len());
            for (g, w) in got.line.0.iter().zip(&want.line.0) {
                prop_assert!((g.x - w.x).abs() < 1e-12 && (g.y - w.y).abs() < 1e-12);
            }
            let mut got = got.clone();
            got.line = want.line.clone();
            prop_assert_eq!(&got, want);
        }
    }
}
