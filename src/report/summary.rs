//! The `summary` report: how much of a frontier was contested at a date, by sector and by
//! segment, or after each change of status (the timeline), as text, CSV, JSON or GeoJSON (the
//! segments on the date as features, with the summary's members; the timeline has none).

use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::attribution::{Gazetteer, add_member, attribution, text_line};
use super::format::{Format, Unsupported, csv_field, km3, share6};
use super::text::{km_text, percent, wrap};
use super::timeline::{timeline_csv, timeline_json, timeline_text};
use crate::analysis::{Lengths, MeasuredFrontier, Summary};
use crate::io::{collection_to_string, line_geometry};
use crate::model::{Frontier, Segment, StatusAt, StatusChange};

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

impl SummaryRequest {
    /// The formats the report has: every one on a date; the timeline, a table of dates with
    /// no geometry, has no GeoJSON.
    pub fn formats(&self) -> &'static [Format] {
        match self {
            SummaryRequest::AsOf { .. } => Format::ALL,
            SummaryRequest::Timeline => &[Format::Text, Format::Csv, Format::Json],
        }
    }

    /// Whether the report has a form in `format`; if not, why.
    pub fn check(&self, format: Format) -> Result<(), Unsupported> {
        if self.formats().contains(&format) {
            Ok(())
        } else {
            let (report, why) = match self {
                SummaryRequest::Timeline => {
                    ("the timeline", "it is a table of dates, with no geometry")
                }
                SummaryRequest::AsOf { .. } => ("the summary", "not written in that format"),
            };
            Err(Unsupported {
                report,
                format,
                why,
                formats: self.formats(),
            })
        }
    }
}

/// The summary report, whole, in `format`, or [`Unsupported`] for a format the request has
/// no form in ([`SummaryRequest::formats`]). Text ends with a `Data:` line and JSON and
/// GeoJSON have an `attribution` member, the frontier's ([`attribution()`]); CSV has no place
/// for it. GeoJSON is the JSON document's members with the segments on the date as features,
/// each with the `--by-segment` CSV's columns as properties.
///
/// ```
/// use borderscope::report::{Format, SummaryRequest, summary_report};
/// use borderscope::{MeasuredFrontier, embedded};
///
/// let frontier = embedded::kg_tj_frontier();
/// let measured = MeasuredFrontier::new(&frontier);
/// let date = jiff::civil::date(2026, 1, 1);
/// let csv = summary_report(&measured, SummaryRequest::AsOf { date, by_segment: false }, Format::Csv)?;
/// // Nothing is contested since the treaty: the last row, for the whole frontier, gives a
/// // contested share (the ninth column) of 0, and so does the top of its range (the 14th).
/// let all: Vec<&str> = csv.lines().last().unwrap().split(',').collect();
/// assert_eq!(all[..2], ["2026-01-01", "(all)"]);
/// assert_eq!((all[8], all[13]), ("0.000000", "0.000000"));
/// // The timeline is a table of dates: it has no GeoJSON.
/// assert!(summary_report(&measured, SummaryRequest::Timeline, Format::Geojson).is_err());
/// # Ok::<(), borderscope::report::Unsupported>(())
/// ```
pub fn summary_report(
    measured: &MeasuredFrontier,
    request: SummaryRequest,
    format: Format,
) -> Result<String, Unsupported> {
    request.check(format)?;
    let frontier = measured.frontier();
    // A summary uses the frontier alone.
    let credit = attribution(&frontier.meta, Gazetteer::Unused);
    let credit = credit.as_deref();
    Ok(match request {
        SummaryRequest::Timeline => {
            let rows = measured.timeline();
            match format {
                Format::Text => timeline_text(measured, &rows) + &text_line(credit),
                Format::Json => {
                    let mut v = timeline_json(measured, &rows);
                    add_member(&mut v, credit);
                    pretty(&v)
                }
                Format::Csv => timeline_csv(&rows),
                // Refused by `check` above.
                Format::Geojson | Format::Parquet => String::new(),
            }
        }
        SummaryRequest::AsOf { date, by_segment } => {
            let summary = measured.summary(date);
            let rows = if by_segment || format.text_form() == Format::Geojson {
                segment_rows(measured, summary.as_of)
            } else {
                Vec::new()
            };
            match format {
                Format::Text => {
                    summary_text(frontier, &summary) + &segments_text(&rows) + &text_line(credit)
                }
                Format::Json => {
                    let mut v = summary_json(frontier, &summary);
                    if by_segment {
                        v["by_segment"] = segments_json(&rows);
                    }
                    add_member(&mut v, credit);
                    pretty(&v)
                }
                Format::Geojson | Format::Parquet => {
                    let mut members = match summary_json(frontier, &summary) {
                        Value::Object(m) => m,
                        _ => serde_json::Map::new(),
                    };
                    members.insert("attribution".into(), json!(credit));
                    segments_geojson(summary.as_of, &rows, &members)
                }
                Format::Csv if by_segment => segments_csv(summary.as_of, &rows),
                Format::Csv => summary_csv(&summary),
            }
        }
    })
}

/// A JSON document, pretty-printed, with a final newline.
pub(crate) fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

pub(super) fn lengths_json(l: &Lengths) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("total_km".into(), km3(l.total_m()));
    m.insert("contested_km".into(), km3(l.contested_m));
    m.insert("settled_km".into(), km3(l.settled_m));
    m.insert("unrecorded_km".into(), km3(l.unrecorded_m));
    m.insert("contested_share".into(), share6(l.contested_share()));
    let range = l.contested_share_range();
    m.insert("contested_certain_km".into(), km3(l.contested_certain_m));
    m.insert("settled_certain_km".into(), km3(l.settled_certain_m));
    m.insert("uncertain_km".into(), km3(l.uncertain_m()));
    m.insert("contested_share_min".into(), share6(range.map(|r| r.0)));
    m.insert("contested_share_max".into(), share6(range.map(|r| r.1)));
    let c = &l.contested_by_confidence;
    m.insert(
        "contested_km_by_confidence".into(),
        json!({"high": km3(c.high_m), "medium": km3(c.medium_m), "low": km3(c.low_m), "unrated": km3(c.unrated_m)}),
    );
    m
}

/// The columns appended to the summary and timeline CSVs for the uncertainty (after the
/// original columns, which keep their meaning: the point estimate).
pub(super) const RANGE_CSV_HEADER: &str = "contested_certain_km,settled_certain_km,uncertain_km,contested_share_min,contested_share_max,contested_high_km,contested_medium_km,contested_low_km,contested_unrated_km";

/// The lengths' point-estimate cells: total, contested, settled and unrecorded km, and the
/// contested share (the summary's and the timeline's CSV).
pub(super) fn lengths_csv(l: &Lengths) -> String {
    format!(
        "{:.3},{:.3},{:.3},{:.3},{}",
        l.total_m() / 1000.0,
        l.contested_m / 1000.0,
        l.settled_m / 1000.0,
        l.unrecorded_m / 1000.0,
        l.contested_share()
            .map_or(String::new(), |x| format!("{x:.6}"))
    )
}

pub(super) fn range_csv(l: &Lengths) -> String {
    let range = l.contested_share_range();
    let share = |x: Option<f64>| x.map_or(String::new(), |x| format!("{x:.6}"));
    let c = &l.contested_by_confidence;
    format!(
        "{:.3},{:.3},{:.3},{},{},{:.3},{:.3},{:.3},{:.3}",
        l.contested_certain_m / 1000.0,
        l.settled_certain_m / 1000.0,
        l.uncertain_m() / 1000.0,
        share(range.map(|r| r.0)),
        share(range.map(|r| r.1)),
        c.high_m / 1000.0,
        c.medium_m / 1000.0,
        c.low_m / 1000.0,
        c.unrated_m / 1000.0,
    )
}

/// The share as a range in words: "11.5–41.0 %", or one figure when certain.
pub(super) fn share_range_text(l: &Lengths) -> String {
    match l.contested_share_range() {
        Some((lo, hi)) if hi - lo > 5e-4 => format!("{:.1}–{:.1} %", 100.0 * lo, 100.0 * hi),
        Some((lo, _)) => percent(Some(lo)),
        None => percent(None),
    }
}

pub(super) fn official_json(frontier: &Frontier) -> Value {
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

const CSV_HEADER: &str = "as_of,sector,segments,contested_segments,total_km,contested_km,settled_km,unrecorded_km,contested_share";

fn summary_csv(s: &Summary) -> String {
    let mut out = format!("{CSV_HEADER},{RANGE_CSV_HEADER}\n");
    let mut row = |sector: &str, segments: usize, contested: usize, l: &Lengths| {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            s.as_of,
            csv_field(sector),
            segments,
            contested,
            lengths_csv(l),
            range_csv(l)
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
    if l.uncertain_m() > 0.0 {
        let _ = writeln!(
            out,
            "    of which      {:>10} km certain, {} km being agreed at an unknown date then: share {}",
            km_text(l.contested_certain_m / 1000.0),
            km_text(l.uncertain_m() / 1000.0),
            share_range_text(l)
        );
    }
    let c = &l.contested_by_confidence;
    if l.contested_m > 0.0 {
        let mut parts = vec![
            format!("high {} km", km_text(c.high_m / 1000.0)),
            format!("medium {} km", km_text(c.medium_m / 1000.0)),
            format!("low {} km", km_text(c.low_m / 1000.0)),
        ];
        if c.unrated_m > 0.0 {
            parts.push(format!("unrated {} km", km_text(c.unrated_m / 1000.0)));
        }
        let _ = writeln!(out, "    by confidence {}", parts.join(", "));
    }
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
        "\n  {:<width$}  segments  contested km  of it certain  settled km   total km  contested   range",
        "sector"
    );
    for x in &s.by_sector {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>8}  {:>12}  {:>13}  {:>10}  {:>9}  {:>9}   {}",
            x.sector,
            x.segments,
            km_text(x.lengths.contested_m / 1000.0),
            km_text(x.lengths.contested_certain_m / 1000.0),
            km_text(x.lengths.settled_m / 1000.0),
            km_text(x.lengths.total_m() / 1000.0),
            percent(x.lengths.contested_share()),
            share_range_text(&x.lengths)
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
    /// How sure that status is.
    certainty: Option<StatusAt>,
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
            certainty: segment.certainty_at(date),
        })
        .collect()
}

fn status_word(r: &SegmentRow) -> &'static str {
    r.entry.map_or("no status yet", |e| e.status.as_str())
}

fn since(r: &SegmentRow) -> String {
    r.since.map_or(String::new(), |d| d.to_string())
}

/// The window of an uncertain status: its first and last possible days of change.
fn window(r: &SegmentRow) -> Option<(Date, Date)> {
    match r.certainty {
        Some(StatusAt::Uncertain(c)) => Some((c.from, c.by)),
        _ => None,
    }
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
        if let Some(StatusAt::Uncertain(c)) = r.certainty {
            let _ = writeln!(
                out,
                "  {:idw$}  {:>9}  uncertain: {} at an unknown date from {} to {}",
                "", "", c.after, c.from, c.by
            );
        }
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
                "certainty": r.certainty.map(|c| c.certainty()),
                "window": window(r).map(|(a, b)| json!({"from": a.to_string(), "by": b.to_string()})),
            })
        })
        .collect()
}

fn segments_csv(date: Date, rows: &[SegmentRow]) -> String {
    let mut out = String::from(
        "as_of,id,name,sector,km,status,status_since,confidence,source,certainty,window_from,window_by\n",
    );
    for r in rows {
        let w = window(r);
        let _ = writeln!(
            out,
            "{date},{},{},{},{:.3},{},{},{},{},{},{},{}",
            csv_field(&r.segment.id),
            csv_field(&r.segment.name),
            csv_field(&r.segment.sector),
            r.length_m / 1000.0,
            r.entry.map_or("", |e| e.status.as_str()),
            since(r),
            r.segment.confidence.map_or("", |c| c.as_str()),
            csv_field(r.entry.map_or("", |e| e.source.as_str())),
            r.certainty.map_or("", |c| c.certainty()),
            w.map_or(String::new(), |w| w.0.to_string()),
            w.map_or(String::new(), |w| w.1.to_string()),
        );
    }
    out
}

/// The segments on the date as LineString features (cut at the antimeridian as the frontier
/// file is), each with the `--by-segment` CSV's columns as properties, after `members`.
fn segments_geojson(
    date: Date,
    rows: &[SegmentRow],
    members: &serde_json::Map<String, Value>,
) -> String {
    let features = rows.iter().map(|r| {
        let w = window(r);
        json!({
            "type": "Feature",
            "id": r.segment.id,
            "properties": {
                "as_of": date.to_string(), "id": r.segment.id, "name": r.segment.name,
                "sector": r.segment.sector, "km": km3(r.length_m),
                "status": r.entry.map(|e| e.status.as_str()),
                "status_since": r.since.map(|d| d.to_string()),
                "confidence": r.segment.confidence.map(|c| c.as_str()),
                "source": r.entry.map(|e| e.source.as_str()),
                "certainty": r.certainty.map(|c| c.certainty()),
                "window_from": w.map(|w| w.0.to_string()),
                "window_by": w.map(|w| w.1.to_string()),
            },
            "geometry": line_geometry(&r.segment.line.0, |c| json!([c.x, c.y])),
        })
    });
    collection_to_string(members, features)
}
