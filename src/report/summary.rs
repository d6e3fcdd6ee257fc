//! The `summary` report: how much of a frontier was contested at a date, by sector and by
//! segment, or after each change of status (the timeline), as text, JSON or CSV.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::format::{Format, csv_field, km3, share6};
use super::text::{km_text, percent, wrap};
use crate::analysis::{Lengths, MeasuredFrontier, Summary, TimelineRow};
use crate::model::{Frontier, Segment, StatusChange};

/// What a summary reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryRequest {
    /// The lengths on one date, by sector; with `by_segment`, every segment too.
    AsOf {
        /// The date of the statuses.
        date: Date,
        /// Also list every segment with its status, since when, and the source (in CSV, one
        /// row per segment instead of per sector).
        by_segment: bool,
    },
    /// The contested share after every change of status.
    Timeline,
}

/// The summary report, whole, in `format`.
///
/// ```
/// use borderscope::report::{Format, SummaryRequest, summary_report};
/// use borderscope::{MeasuredFrontier, embedded};
///
/// let frontier = embedded::kg_tj_frontier();
/// let measured = MeasuredFrontier::new(&frontier);
/// let date = jiff::civil::date(2026, 1, 1);
/// let csv = summary_report(&measured, SummaryRequest::AsOf { date, by_segment: false }, Format::Csv);
/// // Nothing is contested since the treaty: the last row, for the whole frontier, says 0.
/// let all = csv.lines().last().unwrap();
/// assert!(all.starts_with("2026-01-01,(all),") && all.ends_with(",0.000000"), "{all}");
/// ```
pub fn summary_report(
    measured: &MeasuredFrontier,
    request: SummaryRequest,
    format: Format,
) -> String {
    let frontier = measured.frontier();
    match request {
        SummaryRequest::Timeline => {
            let rows = measured.timeline();
            match format {
                Format::Text => timeline_text(frontier, &rows),
                Format::Json => pretty(&timeline_json(frontier, &rows)),
                Format::Csv => timeline_csv(&rows),
            }
        }
        SummaryRequest::AsOf { date, by_segment } => {
            let summary = measured.summary(date);
            let rows = if by_segment {
                segment_rows(measured, summary.as_of)
            } else {
                Vec::new()
            };
            match format {
                Format::Text => summary_text(frontier, &summary) + &segments_text(&rows),
                Format::Json => {
                    let mut v = summary_json(frontier, &summary);
                    if by_segment {
                        v["by_segment"] = segments_json(&rows);
                    }
                    pretty(&v)
                }
                Format::Csv if by_segment => segments_csv(summary.as_of, &rows),
                Format::Csv => summary_csv(&summary),
            }
        }
    }
}

/// A JSON document, pretty-printed, with a final newline.
pub(crate) fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn lengths_json(l: &Lengths) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("total_km".into(), km3(l.total_m()));
    m.insert("contested_km".into(), km3(l.contested_m));
    m.insert("settled_km".into(), km3(l.settled_m));
    m.insert("unrecorded_km".into(), km3(l.unrecorded_m));
    m.insert("contested_share".into(), share6(l.contested_share()));
    m
}

fn official_json(frontier: &Frontier) -> Value {
    frontier
        .meta
        .official_lengths
        .iter()
        .map(|o| json!({"label": o.label, "km": o.km, "date": o.date.map(|d| d.to_string()), "source": o.source}))
        .collect()
}

fn summary_json(frontier: &Frontier, s: &Summary) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("frontier".into(), json!(frontier.meta.name));
    m.insert("as_of".into(), json!(s.as_of.to_string()));
    m.extend(lengths_json(&s.lengths));
    m.insert("segments".into(), json!(s.segments));
    m.insert("contested_segments".into(), json!(s.contested_segments));
    m.insert(
        "by_sector".into(),
        s.by_sector
            .iter()
            .map(|x| {
                let mut r = serde_json::Map::new();
                r.insert("sector".into(), json!(x.sector));
                r.insert("segments".into(), json!(x.segments));
                r.insert("contested_segments".into(), json!(x.contested_segments));
                r.extend(lengths_json(&x.lengths));
                Value::Object(r)
            })
            .collect(),
    );
    m.insert("official_lengths".into(), official_json(frontier));
    m.insert("length_note".into(), json!(frontier.meta.length_note));
    Value::Object(m)
}

const CSV_HEADER: &str = "as_of,sector,segments,contested_segments,total_km,contested_km,settled_km,unrecorded_km,contested_share\n";

fn summary_csv(s: &Summary) -> String {
    let mut out = String::from(CSV_HEADER);
    let mut row = |sector: &str, segments: usize, contested: usize, l: &Lengths| {
        let _ = writeln!(
            out,
            "{},{},{},{},{:.3},{:.3},{:.3},{:.3},{}",
            s.as_of,
            csv_field(sector),
            segments,
            contested,
            l.total_m() / 1000.0,
            l.contested_m / 1000.0,
            l.settled_m / 1000.0,
            l.unrecorded_m / 1000.0,
            l.contested_share()
                .map_or(String::new(), |x| format!("{x:.6}"))
        );
    };
    for x in &s.by_sector {
        row(&x.sector, x.segments, x.contested_segments, &x.lengths);
    }
    row("(all)", s.segments, s.contested_segments, &s.lengths);
    out
}

fn summary_text(frontier: &Frontier, s: &Summary) -> String {
    let l = &s.lengths;
    let mut out = String::new();
    let _ = writeln!(out, "{}, as of {}", frontier.meta.name, s.as_of);
    let _ = writeln!(
        out,
        "  measured length {:>10} km in {} segments (geodesic, WGS84)",
        km_text(l.total_m() / 1000.0),
        s.segments
    );
    let _ = writeln!(
        out,
        "  contested       {:>10} km ({}) in {} segments",
        km_text(l.contested_m / 1000.0),
        percent(l.contested_share()),
        s.contested_segments
    );
    let _ = writeln!(
        out,
        "  settled         {:>10} km",
        km_text(l.settled_m / 1000.0)
    );
    if l.unrecorded_m > 0.0 {
        let _ = writeln!(
            out,
            "  no status yet   {:>10} km (before the first dated history entry)",
            km_text(l.unrecorded_m / 1000.0)
        );
    }
    let width = s
        .by_sector
        .iter()
        .map(|x| x.sector.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let _ = writeln!(
        out,
        "\n  {:<width$}  segments  contested km  settled km   total km  contested",
        "sector"
    );
    for x in &s.by_sector {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8}  {:>12}  {:>10}  {:>9}  {:>9}",
            x.sector,
            x.segments,
            km_text(x.lengths.contested_m / 1000.0),
            km_text(x.lengths.settled_m / 1000.0),
            km_text(x.lengths.total_m() / 1000.0),
            percent(x.lengths.contested_share())
        );
    }
    if !frontier.meta.official_lengths.is_empty() {
        let _ = writeln!(
            out,
            "\n  official figures, beside the measured {} km:",
            km_text(l.total_m() / 1000.0)
        );
        for o in &frontier.meta.official_lengths {
            let date = o.date.map_or(String::new(), |d| format!(", {d}"));
            let _ = writeln!(out, "  {:>10} km  {}{date}", km_text(o.km), o.label);
            let _ = writeln!(out, "  {:>13}  source: {}", "", o.source);
        }
    }
    if let Some(note) = &frontier.meta.length_note {
        let lead = "  why they differ: ";
        let _ = writeln!(out, "\n{lead}{}", wrap(note, 96, lead.len(), "  "));
    }
    out
}

/// One segment's state on the summary date.
struct SegmentRow<'a> {
    segment: &'a Segment,
    length_m: f64,
    /// The history entry in force, if the line exists and has a status then.
    entry: Option<&'a StatusChange>,
    /// Since when that status has held.
    since: Option<Date>,
}

fn segment_rows<'a>(measured: &MeasuredFrontier<'a>, date: Date) -> Vec<SegmentRow<'a>> {
    measured
        .frontier()
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| s.exists_at(date))
        .map(|(i, segment)| SegmentRow {
            segment,
            length_m: measured.segment_length_m(i),
            entry: segment.history_entry_at(date),
            since: segment.status_since(date),
        })
        .collect()
}

fn status_word(r: &SegmentRow) -> &'static str {
    r.entry.map_or("no status yet", |e| e.status.as_str())
}

fn since(r: &SegmentRow) -> String {
    r.since.map_or(String::new(), |d| d.to_string())
}

fn segments_text(rows: &[SegmentRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n  segments on this date:\n");
    let idw = rows
        .iter()
        .map(|r| r.segment.id.chars().count())
        .max()
        .unwrap_or(2);
    for r in rows {
        let _ = writeln!(
            out,
            "  {:<idw$}  {:>9}  {:<9} since {:<10}  {}",
            r.segment.id,
            format!("{:.2} km", r.length_m / 1000.0),
            status_word(r),
            since(r),
            r.segment.name
        );
    }
    out
}

fn segments_json(rows: &[SegmentRow]) -> Value {
    rows.iter()
        .map(|r| {
            json!({
                "id": r.segment.id, "name": r.segment.name, "sector": r.segment.sector,
                "km": km3(r.length_m), "status": r.entry.map(|e| e.status.as_str()),
                "status_since": r.since.map(|d| d.to_string()),
                "source": r.entry.map(|e| e.source.as_str()),
                "confidence": r.segment.confidence.map(|c| c.as_str()),
            })
        })
        .collect()
}

fn segments_csv(date: Date, rows: &[SegmentRow]) -> String {
    let mut out = String::from("as_of,id,name,sector,km,status,status_since,confidence,source\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{date},{},{},{},{:.3},{},{},{},{}",
            csv_field(&r.segment.id),
            csv_field(&r.segment.name),
            csv_field(&r.segment.sector),
            r.length_m / 1000.0,
            r.entry.map_or("", |e| e.status.as_str()),
            since(r),
            r.segment.confidence.map_or("", |c| c.as_str()),
            csv_field(r.entry.map_or("", |e| e.source.as_str()))
        );
    }
    out
}

fn timeline_json(frontier: &Frontier, rows: &[TimelineRow]) -> Value {
    json!({
        "frontier": frontier.meta.name,
        "timeline": rows.iter().map(|r| {
            let mut m = serde_json::Map::new();
            m.insert("date".into(), json!(r.date.to_string()));
            m.extend(lengths_json(&r.lengths));
            m.insert("changed".into(), json!(r.changed));
            Value::Object(m)
        }).collect::<Vec<_>>(),
        "agreed_snapshots": frontier.meta.agreed_snapshots.iter().map(|s| json!({
            "date": s.date.to_string(), "agreed_km": s.agreed_km, "of_km": s.of_km,
            "by": s.by, "source": s.source
        })).collect::<Vec<_>>(),
    })
}

fn timeline_csv(rows: &[TimelineRow]) -> String {
    let mut out = String::from(
        "date,total_km,contested_km,settled_km,unrecorded_km,contested_share,changed\n",
    );
    for r in rows {
        let l = &r.lengths;
        let _ = writeln!(
            out,
            "{},{:.3},{:.3},{:.3},{:.3},{},{}",
            r.date,
            l.total_m() / 1000.0,
            l.contested_m / 1000.0,
            l.settled_m / 1000.0,
            l.unrecorded_m / 1000.0,
            l.contested_share()
                .map_or(String::new(), |x| format!("{x:.6}")),
            csv_field(&r.changed.join(" "))
        );
    }
    out
}

fn timeline_text(frontier: &Frontier, rows: &[TimelineRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: contested share after each change",
        frontier.meta.name
    );
    let _ = writeln!(
        out,
        "  {:<10}  {:>9}  {:>12}  {:>9}  changed",
        "date", "total km", "contested km", "contested"
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
            "  {:<10}  {:>9}  {:>12}  {:>9}  {}",
            r.date.to_string(),
            km_text(r.lengths.total_m() / 1000.0),
            km_text(r.lengths.contested_m / 1000.0),
            percent(r.lengths.contested_share()),
            changed
        );
    }
    if !frontier.meta.agreed_snapshots.is_empty() {
        let _ = writeln!(
            out,
            "\n  official statements of agreed km (they conflict; each with its own source):"
        );
        for s in &frontier.meta.agreed_snapshots {
            let of = s.of_km.map_or(String::new(), |t| {
                format!(
                    " of {} ({:.1} % not agreed)",
                    km_text(t),
                    100.0 * (1.0 - s.agreed_km / t)
                )
            });
            let _ = writeln!(
                out,
                "  {}  {} km agreed{of}: {}",
                s.date,
                km_text(s.agreed_km),
                s.by
            );
            let _ = writeln!(out, "  {:>10}  source: {}", "", s.source);
        }
    }
    out
}
