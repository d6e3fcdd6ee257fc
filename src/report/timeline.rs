//! The `summary --timeline` report: the contested length after each change of status, as
//! text, CSV or JSON (a table of dates, with no geometry: no GeoJSON), split from `summary.rs`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::format::{csv_field, km3};
use super::summary::{RANGE_CSV_HEADER, lengths_csv, lengths_json, range_csv, share_range_text};
use super::text::{km_text, percent};
use crate::analysis::{MeasuredFrontier, TimelineRow};

pub(super) fn timeline_json(measured: &MeasuredFrontier, rows: &[TimelineRow]) -> Value {
    let frontier = measured.frontier();
    json!({
        "frontier": frontier.meta.name,
        "timeline": rows.iter().map(|r| {
            let mut m = serde_json::Map::new();
            m.insert("date".into(), json!(r.date.to_string()));
            m.extend(lengths_json(&r.lengths));
            m.insert("changed".into(), json!(r.changed));
            Value::Object(m)
        }).collect::<Vec<_>>(),
        "agreed_snapshots": measured.statements().iter().map(|c| {
            let s = c.snapshot;
            json!({
                "date": s.date.to_string(), "agreed_km": s.agreed_km, "of_km": s.of_km,
                "by": s.by, "source": s.source, "derived": s.derived,
                "rescaled_from_km": c.of_km, "measured_km": km3(c.measured_km * 1000.0),
                "rescaled_km": c.rescaled_km.map(|k| km3(k * 1000.0)),
                "reconstruction_agreed_min_km": km3(c.agreed_min_km * 1000.0),
                "reconstruction_agreed_max_km": km3(c.agreed_max_km * 1000.0),
                "verdict": c.verdict(),
                "outside_km": c.outside_km().map(|k| km3(k * 1000.0)),
            })
        }).collect::<Vec<_>>(),
    })
}

pub(super) fn timeline_csv(rows: &[TimelineRow]) -> String {
    let mut out = format!(
        "date,total_km,contested_km,settled_km,unrecorded_km,contested_share,changed,{RANGE_CSV_HEADER}\n",
    );
    for r in rows {
        let l = &r.lengths;
        let _ = writeln!(
            out,
            "{},{},{},{}",
            r.date,
            lengths_csv(l),
            csv_field(&r.changed.join(" ")),
            range_csv(l)
        );
    }
    out
}

pub(super) fn timeline_text(measured: &MeasuredFrontier, rows: &[TimelineRow]) -> String {
    let frontier = measured.frontier();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: contested share after each change",
        frontier.meta.name
    );
    let _ = writeln!(
        out,
        "  {:<10}  {:>9}  {:>12}  {:>9}  {:>13}  changed",
        "date", "total km", "contested km", "contested", "range"
    );
    for r in rows {
        let n = r.changed.len();
        let changed = if n <= 3 {
            r.changed.join(", ")
        } else {
            format!("{} segments", n)
        };
        let _ = writeln!(
            out,
            "  {:<10}  {:>9}  {:>12}  {:>9}  {:>13}  {}",
            r.date.to_string(),
            km_text(r.lengths.total_m() / 1000.0),
            km_text(r.lengths.contested_m / 1000.0),
            percent(r.lengths.contested_share()),
            share_range_text(&r.lengths),
            changed
        );
    }
    let checks = measured.statements();
    if !checks.is_empty() {
        let _ = writeln!(
            out,
            "\n  official statements of agreed km beside the reconstruction (they conflict; each with its\n  own source). Each is rescaled to the measured line: agreed km × measured km / the total it\n  was given against (its own, else the frontier's first official length):"
        );
        for c in &checks {
            let s = c.snapshot;
            // A percentage is carried as agreed km of 100.
            let percentage = s.of_km == Some(100.0);
            let figure = if percentage {
                format!("{} % agreed", s.agreed_km)
            } else {
                let of = s.of_km.map_or(String::new(), |t| {
                    format!(
                        " of {} ({:.1} % not agreed)",
                        km_text(t),
                        100.0 * (1.0 - s.agreed_km / t)
                    )
                });
                format!("{} km agreed{of}", km_text(s.agreed_km))
            };
            let _ = writeln!(out, "  {}  {figure}: {}", s.date, s.by);
            let range = if c.agreed_max_km - c.agreed_min_km < 0.005 {
                format!("reconstruction {} km agreed", km_text(c.agreed_min_km))
            } else {
                format!(
                    "reconstruction {}–{} km agreed",
                    km_text(c.agreed_min_km),
                    km_text(c.agreed_max_km)
                )
            };
            let line = match (c.rescaled_km, c.of_km, c.outside_km()) {
                (Some(r), Some(t), Some(d)) => {
                    let verdict = if d == 0.0 {
                        "consistent".to_string()
                    } else {
                        format!(
                            "outside, {} km {}",
                            km_text(d.abs()),
                            if d < 0.0 { "below" } else { "above" }
                        )
                    };
                    let from = if percentage {
                        "a percentage".to_string()
                    } else {
                        format!("{} km", km_text(t))
                    };
                    format!(
                        "= {} of the measured {} km (from {from}); {range}: {verdict}",
                        km_text(r),
                        km_text(c.measured_km),
                    )
                }
                _ => format!("no total to rescale it by; {range}"),
            };
            if let Some(d) = &s.derived {
                let _ = writeln!(out, "  {:>10}  (derived: {d})", "");
            }
            let _ = writeln!(out, "  {:>10}  {line}", "");
            let _ = writeln!(out, "  {:>10}  source: {}", "", s.source);
        }
    }
    out
}
