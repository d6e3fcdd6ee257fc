//! The `incidents` report: for each incident, the nearest segment and its status on the day,
//! the nearest contested stretch and the nearest settlement, in text, CSV (the contract's
//! columns), JSON or GeoJSON; or, by segment, the segments ranked by the incidents near them.
//!
//! The report is written in pieces so that it streams: [`IncidentReport::header`], then the
//! [`Batch`]es of [`IncidentReport::assess`] in input order (joined by
//! [`IncidentReport::separator`]), then [`IncidentReport::footer`]. The GeoJSON properties of
//! an assessed incident are one schema, [`identity_properties`] and [`finding_properties`],
//! shared with the layered export.
//!
//! (Over 600 lines: four row formats and three by-segment tables of one report, kept together
//! so that a column is added to every format in one place.)

use std::fmt::Write as _;

use jiff::civil::Date;
use serde_json::{Map, Value, json};

use super::attribution::{add_member, member_text, text_line};
use super::format::{RowFormat, csv_field, push_date, push_f64, push_field, push_m3};
use super::pipeline::Record;
use super::text::{
    distance_text, incident_place_and_toll, position_text, relative_to_settlement, verdict_text,
};
use crate::analysis::{
    Assessment, LocationBasis, Near, Period, Proximity, Region, SegmentRank, SegmentTally,
    UncertaintyRules,
};
use crate::geodesy::compass8;
use crate::index::{NearestSegment, z_order};
use crate::io::LoadError;
use crate::model::{Frontier, Incident, PrecisionScheme, Settlement, Status};

/// The CSV columns, in the order of the contract (columns are only ever appended).
pub const CSV_HEADER: &str = "id,date,lon,lat,segment_id,segment_status,distance_m,contested_segment_id,contested_distance_m,near_contested,settlement,settlement_distance_m,fatalities,location_uncertainty_m,location_basis,date_first,date_last,contested_distance_min_m,contested_distance_max_m,contested_status_certainty,verdict,verdict_reason";

/// How many of [`CSV_HEADER`]'s columns are the original contract (the point estimate); the
/// rest were appended with the uncertainty.
pub const CSV_CONTRACT_COLUMNS: usize = 12;

/// The by-segment CSV columns.
pub const BY_SEGMENT_CSV_HEADER: &str = "period,rank,segment_id,segment_name,sector,incidents,while_contested,fatalities,incidents_without_fatality_figure,near_certain,near_possible,fatalities_certain,fatalities_possible";

/// What the report asks of each incident, and how it prints.
///
/// One CSV row: an incident 0.5° north of the middle of a contested 1° stretch of the equator
/// is the meridian arc from 0° to 0.5° N from it, 55287.152003 m on WGS84 (GeographicLib:
/// `echo "0 0.5 0.5 0.5" | GeodSolve -i`); the gazetteer here is empty.
///
/// ```
/// use borderscope::{Incident, IncidentReport, Proximity, RowFormat, parse_frontier};
/// use jiff::civil::date;
///
/// let frontier = parse_frontier(r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
///   "properties": {"id": "eq", "name": "Equator", "sector": "South",
///     "history": [{"from": "2000-01-01", "status": "contested", "source": "test"}]},
///   "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 0]]}}]}"#, "eq.geojson").unwrap();
/// let engine = Proximity::new(&frontier, &[]);
/// let report = IncidentReport {
///     engine: &engine,
///     as_of: None,
///     within_km: 100.0,
///     format: RowFormat::Csv,
///     period: None,
///     rules: &Default::default(),
///     max_uncertainty_m: None,
///     attribution: None,
///     kept: &[],
/// };
/// let incident = Incident::at("i1", date(2022, 9, 16), geo::Point::new(0.5, 0.5));
/// let a = engine.assess(incident.point, incident.date, 100_000.0);
/// let mut row = Vec::new();
/// report.row(&mut row, &incident, &a);
/// assert_eq!(report.header(), format!("{}\n", borderscope::report::CSV_HEADER));
/// // The 12 columns of the contract, then how sure: no fatality figure, the point taken as
/// // exact (radius 0), one day, the distance range one distance, the status certain, `yes`.
/// assert_eq!(
///     String::from_utf8(row).unwrap(),
///     "i1,2022-09-16,0.5,0.5,eq,contested,55287.152,eq,55287.152,true,,,\
///      ,0.000,default,2022-09-16,2022-09-16,55287.152,55287.152,certain,yes,\n"
/// );
/// ```
#[derive(Debug, Clone, Copy)]
pub struct IncidentReport<'a> {
    /// The engine over the frontier and the gazetteer.
    pub engine: &'a Proximity<'a>,
    /// Every segment's status taken on this date; `None`: on each incident's own date.
    pub as_of: Option<Date>,
    /// The distance (km) from a contested stretch within which an incident counts as near.
    pub within_km: f64,
    /// How rows print.
    pub format: RowFormat,
    /// `Some`: rank segments per period instead of printing rows.
    pub period: Option<Period>,
    /// The radii for the incidents' precision codes.
    pub rules: &'a UncertaintyRules,
    /// Leave out incidents whose radius is larger than this (metres).
    pub max_uncertainty_m: Option<f64>,
    /// The credit for the data used ([`crate::report::attribution()`]): the last `Data:` line
    /// of text, an `attribution` member of JSON and GeoJSON; CSV has no place for it.
    pub attribution: Option<&'a str>,
    /// The input's columns carried into the output (`--keep`), in input order: each the name
    /// the incident's `properties` hold it under, and its CSV column's name
    /// ([`kept_columns`]). Empty: none (the CSV has the result columns only).
    pub kept: &'a [KeptColumn],
}

/// An input column carried into the output: its name in the input (and the incident's
/// `properties`), and its name as a CSV column after the result columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptColumn {
    /// The name in the input.
    pub input: String,
    /// The CSV column: the input's name, or `input_NAME` where a result column has that
    /// name (`id`, `date`, `fatalities`, …), so that no header name is there twice.
    pub output: String,
}

/// The kept columns for input names, in their order: a name a result column (or an earlier
/// kept column) already has is prefixed `input_` (and numbered if that is taken too).
///
/// ```
/// use borderscope::report::kept_columns;
/// let kept = kept_columns(["event_id_cnty", "fatalities", "admin1", "id"]);
/// let out: Vec<&str> = kept.iter().map(|k| k.output.as_str()).collect();
/// assert_eq!(out, ["event_id_cnty", "input_fatalities", "admin1", "input_id"]);
/// ```
pub fn kept_columns<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Vec<KeptColumn> {
    let mut taken: Vec<String> = CSV_HEADER.split(',').map(str::to_string).collect();
    let mut out = Vec::new();
    for name in names {
        let name = name.as_ref();
        let mut output = name.to_string();
        if taken.iter().any(|t| t.eq_ignore_ascii_case(&output)) {
            output = format!("input_{name}");
            let mut n = 2;
            while taken.iter().any(|t| t.eq_ignore_ascii_case(&output)) {
                output = format!("input_{name}_{n}");
                n += 1;
            }
        }
        taken.push(output.clone());
        out.push(KeptColumn {
            input: name.to_string(),
            output,
        });
    }
    out
}

/// One batch of records assessed, in input order.
#[derive(Debug, Default)]
pub struct Batch {
    /// The batch's rows, formatted, separated as the format wants.
    pub bytes: Vec<u8>,
    /// Incidents read.
    pub incidents: u64,
    /// Of them, within the distance of a stretch contested on the day.
    pub near: u64,
    /// Of them, near one for certain (verdict *yes*).
    pub near_certain: u64,
    /// Of them, possibly near one (verdict *possibly*).
    pub near_possible: u64,
    /// Incidents left out as located less precisely than the maximum radius.
    pub left_out: u64,
    /// Incidents that look like they have latitude and longitude swapped.
    pub swapped: u64,
    /// Bad records: why, their text (CSV), and the lines they span.
    pub errors: Vec<(LoadError, Option<Vec<u8>>, u64)>,
    /// Warnings about records that were kept.
    pub notes: Vec<String>,
    /// The by-segment tally (with [`IncidentReport::period`]).
    pub tally: SegmentTally,
    /// The batch's rows as columns, for Parquet.
    #[cfg(feature = "parquet")]
    pub table: Option<super::IncidentTable>,
}

/// The totals of a whole report, for its footer.
#[derive(Debug, Default)]
pub struct Totals {
    /// Incidents read.
    pub incidents: u64,
    /// Of them, near a contested stretch.
    pub near: u64,
    /// Of them, near one for certain (verdict *yes*).
    pub near_certain: u64,
    /// Of them, possibly near one (verdict *possibly*).
    pub near_possible: u64,
    /// Incidents left out as located less precisely than the maximum radius.
    pub left_out: u64,
    /// Records skipped as bad.
    pub skipped: u64,
    /// The by-segment tally.
    pub tally: SegmentTally,
}

impl Totals {
    /// Adds a batch's counts and tally (its rows and records are the caller's).
    pub fn add(&mut self, batch: &mut Batch) {
        self.incidents += batch.incidents;
        self.near += batch.near;
        self.near_certain += batch.near_certain;
        self.near_possible += batch.near_possible;
        self.left_out += batch.left_out;
        self.tally.merge(std::mem::take(&mut batch.tally));
    }
}

/// A ranking that cannot be reported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// The fatalities near one segment in one period add up to more than a `u64`.
    #[error(
        "the fatalities of the incidents near {segment} in {period} add up to more than {} (the largest count a total can hold): a fatality figure in the input must be wrong",
        u64::MAX
    )]
    FatalitiesOverflow {
        /// The segment's id.
        segment: String,
        /// The period's label.
        period: String,
    },
}

impl IncidentReport<'_> {
    fn frontier(&self) -> &Frontier {
        self.engine.frontier()
    }

    fn settlements(&self) -> &[Settlement] {
        self.engine.settlements()
    }

    fn within_m(&self) -> f64 {
        self.within_km * 1000.0
    }

    fn date_words(&self) -> String {
        self.as_of
            .map_or("on the incident's date".to_string(), |d| format!("on {d}"))
    }

    /// What comes before the rows (nothing for a ranking).
    pub fn header(&self) -> String {
        if self.period.is_some() {
            return String::new();
        }
        let within_km = self.within_km;
        let as_of = json!(self.as_of.map(|d| d.to_string()));
        match self.format {
            RowFormat::Csv => {
                let mut h = CSV_HEADER.to_string();
                for k in self.kept {
                    h.push(',');
                    h.push_str(&csv_field(&k.output));
                }
                h.push('\n');
                h
            }
            RowFormat::Json => {
                format!("{{\n\"within_km\": {within_km},\n\"as_of\": {as_of},\n\"incidents\": [\n")
            }
            RowFormat::Geojson => format!(
                "{{\"type\":\"FeatureCollection\",\n\"within_km\":{within_km},\n\"as_of\":{as_of},\n\"features\":[\n"
            ),
            // Written by the caller, from the batches' tables.
            RowFormat::Parquet => String::new(),
            RowFormat::Text => format!(
                "Incidents, their nearest segment and the nearest stretch contested {} (\"near\": within {within_km} km)\n",
                self.date_words()
            ),
        }
    }

    /// What goes between the rows of one batch and the next, given the rows written so far.
    pub fn separator(&self, rows_before: u64) -> &'static [u8] {
        match self.format {
            RowFormat::Json | RowFormat::Geojson if rows_before > 0 => b",\n",
            _ => b"",
        }
    }

    /// Assesses and formats one batch of records (run by a worker); `region` flags points
    /// that look swapped.
    ///
    /// The incidents are assessed in the Z-order of their points (nearby incidents one after
    /// the other, so that the index nodes they visit are still in the cache; issue 19 measured
    /// 8 % less search time on the profiled million), and written in input order.
    pub fn assess(&self, records: impl IntoIterator<Item = Record>, region: &Region) -> Batch {
        let mut d = Batch::default();
        let within_m = self.within_m();
        let records: Vec<Record> = records.into_iter().collect();
        fn kept<'r>(r: &'r Record, report: &IncidentReport<'_>) -> Option<&'r Incident> {
            let i = r.incident.as_ref().ok()?;
            match report.max_uncertainty_m {
                Some(max) if report.rules.of(i).radius_m > max => None,
                _ => Some(i),
            }
        }
        let mut order: Vec<(u64, u32)> = records
            .iter()
            .enumerate()
            .filter_map(|(k, r)| kept(r, self).map(|i| (z_order(i.point), k as u32)))
            .collect();
        order.sort_unstable();
        let mut assessed: Vec<Option<Assessment>> = vec![None; records.len()];
        for &(_, k) in &order {
            // Kept above: an incident, within the uncertainty limit.
            if let Ok(i) = &records[k as usize].incident {
                assessed[k as usize] = Some(
                    self.engine
                        .assess_incident(i, self.rules, self.as_of, within_m),
                );
            }
        }
        if self.period.is_none() && self.format != RowFormat::Parquet {
            // Room for rows of the embedded frontier's length (~210 bytes of CSV) at once:
            // growing by doubling copied the batch's text once more (0.9 % of the 20k run's
            // instructions, in callgrind).
            d.bytes.reserve(records.len() * 256);
        }
        // By reference where it can be: a record is 232 bytes and an assessment 312, and
        // each move of one is a copy.
        for (r, a) in records.into_iter().zip(&assessed) {
            if let Some(note) = r.span.note {
                d.notes.push(note);
            }
            let i = match r.incident {
                Ok(ref i) => i,
                Err(e) => {
                    d.errors.push((e, r.raw, r.span.lines));
                    continue;
                }
            };
            d.swapped += u64::from(region.looks_swapped(i.point.x(), i.point.y()));
            let Some(a) = a else {
                d.left_out += 1;
                continue;
            };
            if let Some(period) = self.period {
                d.tally.add(self.frontier(), i, a, within_m, period);
            } else if self.format == RowFormat::Parquet {
                #[cfg(feature = "parquet")]
                d.table
                    .get_or_insert_with(|| super::IncidentTable::new(self.kept.len()))
                    .push(self.frontier(), self.settlements(), i, a, self.kept);
            } else {
                if d.incidents > 0 {
                    d.bytes.extend_from_slice(self.separator(d.incidents));
                }
                self.row(&mut d.bytes, i, a);
            }
            d.incidents += 1;
            d.near += u64::from(a.near_contested);
            d.near_certain += u64::from(a.verdict.near == Near::Yes);
            d.near_possible += u64::from(a.verdict.near == Near::Possibly);
        }
        d
    }

    /// One incident's row in the report's format (for Parquet, whose rows [`Self::assess`]
    /// puts in the batch's table, the CSV row).
    pub fn row(&self, buf: &mut Vec<u8>, i: &Incident, a: &Assessment) {
        match self.format {
            RowFormat::Csv | RowFormat::Parquet => {
                csv_row(buf, self.frontier(), self.settlements(), i, a);
                if !self.kept.is_empty() {
                    buf.pop(); // the line end, written again after the kept columns
                    for k in self.kept {
                        buf.push(b',');
                        match i.properties.get(&k.input) {
                            None | Some(Value::Null) => {}
                            Some(Value::String(s)) => push_field(buf, s),
                            Some(v) => push_field(buf, &v.to_string()),
                        }
                    }
                    buf.push(b'\n');
                }
            }
            RowFormat::Json => {
                let mut v = row_json(self.frontier(), self.settlements(), i, a);
                if !self.kept.is_empty()
                    && let Value::Object(m) = &mut v
                {
                    let kept: Map<String, Value> = self
                        .kept
                        .iter()
                        .map(|k| {
                            let v = i.properties.get(&k.input).cloned();
                            (k.input.clone(), v.unwrap_or(Value::Null))
                        })
                        .collect();
                    m.insert("properties".into(), Value::Object(kept));
                }
                buf.extend_from_slice(v.to_string().as_bytes());
            }
            RowFormat::Geojson => {
                let mut props = Map::new();
                identity_properties(&mut props, i);
                finding_properties(&mut props, self.frontier(), self.settlements(), i, a);
                let f = json!({"type": "Feature", "id": i.id, "properties": props,
                               "geometry": {"type": "Point", "coordinates": [i.point.x(), i.point.y()]}});
                buf.extend_from_slice(f.to_string().as_bytes());
            }
            RowFormat::Text => text_entry(buf, self.frontier(), self.settlements(), i, a),
        }
    }

    /// What comes after the rows: the closing of the document, the counts, or the ranking.
    pub fn footer(&self, totals: Totals) -> Result<String, ReportError> {
        let skipped = totals.skipped;
        if let Some(period) = self.period {
            let rows = totals.tally.ranking();
            if let Some(r) = rows.iter().find(|r| r.fatalities_overflow) {
                return Err(ReportError::FatalitiesOverflow {
                    segment: self.frontier().segments[r.segment].id.clone(),
                    period: r.period.clone(),
                });
            }
            return Ok(by_segment(
                self.frontier(),
                &rows,
                self.within_m(),
                period,
                self.format,
                self.attribution,
            ));
        }
        Ok(match self.format {
            RowFormat::Csv => String::new(),
            RowFormat::Json => format!(
                "\n],\n\"skipped_rows\": {skipped},\n\"left_out_by_max_uncertainty\": {},\n{}\n}}\n",
                totals.left_out,
                member_text(self.attribution)
            ),
            RowFormat::Geojson => format!("\n],\n{}}}\n", member_text(self.attribution)),
            RowFormat::Parquet => String::new(),
            RowFormat::Text => {
                format!(
                    "\n{} incident(s); {} within {} km of a stretch contested {}{}\n  how sure: {} near for certain, {} possibly near (see \"how sure\" above), {} not near{}\n",
                    totals.incidents,
                    totals.near,
                    self.within_km,
                    self.date_words(),
                    if skipped > 0 {
                        format!(" ({skipped} row(s) skipped: see the warnings)")
                    } else {
                        String::new()
                    },
                    totals.near_certain,
                    totals.near_possible,
                    totals.incidents - totals.near_certain - totals.near_possible,
                    self.left_out_words(totals.left_out)
                ) + &text_line(self.attribution)
            }
        })
    }

    /// The words for incidents left out by the maximum radius, if any were.
    pub fn left_out_words(&self, left_out: u64) -> String {
        match self.max_uncertainty_m {
            Some(max) if left_out > 0 => format!(
                "; {left_out} left out, located less precisely than {} km",
                max / 1000.0
            ),
            _ => String::new(),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The first GeoJSON properties of an incident: `id`, `date`, `fatalities`.
pub fn identity_properties(p: &mut Map<String, Value>, inc: &Incident) {
    p.insert("id".into(), json!(inc.id));
    p.insert("date".into(), json!(inc.date.to_string()));
    p.insert("fatalities".into(), json!(inc.fatalities));
}

/// The rest of an assessed incident's GeoJSON properties, flat as map viewers want them: the
/// incident's own properties (where they do not clash with those before), then what was found
/// (`status_date`, `segment_id`, `segment_status`, `distance_m`, `contested_segment_id`,
/// `contested_distance_m`, `near_contested`, and with a settlement `settlement`,
/// `settlement_distance_m`, `settlement_direction`), which take precedence.
pub fn finding_properties(
    p: &mut Map<String, Value>,
    frontier: &Frontier,
    settlements: &[Settlement],
    inc: &Incident,
    a: &Assessment,
) {
    for (k, v) in &inc.properties {
        p.entry(k.clone()).or_insert_with(|| v.clone());
    }
    assessment_properties(p, frontier, a);
    if let Some(h) = a.settlement {
        let st = &settlements[h.index];
        p.insert("settlement".into(), json!(st.name));
        p.insert("settlement_distance_m".into(), json!(round3(h.distance_m)));
        p.insert(
            "settlement_direction".into(),
            json!(compass8(h.azimuth_from_deg)),
        );
    }
}

/// What was found near a point, as flat GeoJSON properties: `status_date`, `segment_id`,
/// `segment_status`, `distance_m`, `contested_segment_id`, `contested_distance_m`,
/// `near_contested` (distances to the millimetre). The export gives them to settlements too.
pub fn assessment_properties(p: &mut Map<String, Value>, frontier: &Frontier, a: &Assessment) {
    let id = |n: Option<NearestSegment>| json!(n.map(|n| frontier.segments[n.segment].id.clone()));
    let m = |n: Option<NearestSegment>| json!(n.map(|n| round3(n.distance.distance_m)));
    p.insert("status_date".into(), json!(a.status_date.to_string()));
    p.insert("segment_id".into(), id(a.nearest));
    p.insert(
        "segment_status".into(),
        json!(a.nearest_status.map(Status::as_str)),
    );
    p.insert("distance_m".into(), m(a.nearest));
    p.insert("contested_segment_id".into(), id(a.contested));
    p.insert("contested_distance_m".into(), m(a.contested));
    p.insert("near_contested".into(), json!(a.near_contested));
    uncertainty_properties(p, a);
}

/// How sure the finding is, as flat properties (the CSV's appended columns, by the same
/// names).
pub fn uncertainty_properties(p: &mut Map<String, Value>, a: &Assessment) {
    let range = a.contested_distance_range_m();
    p.insert("location_uncertainty_m".into(), json!(round3(a.radius_m)));
    p.insert("location_basis".into(), json!(location_basis(a)));
    p.insert("date_first".into(), json!(a.days.0.to_string()));
    p.insert("date_last".into(), json!(a.days.1.to_string()));
    p.insert(
        "contested_distance_min_m".into(),
        json!(range.map(|r| round3(r.0))),
    );
    p.insert(
        "contested_distance_max_m".into(),
        json!(range.map(|r| round3(r.1))),
    );
    p.insert(
        "contested_status_certainty".into(),
        json!(a.contested_status.map(|c| c.certainty())),
    );
    p.insert("verdict".into(), json!(a.verdict.near.as_str()));
    p.insert("verdict_reason".into(), json!(a.verdict.reason_code()));
    p.insert("verdict_text".into(), json!(verdict_text(a)));
}

/// Where the radius comes from: `acled:3` (ACLED geo_precision 3), `ucdp:3` (UCDP
/// where_prec 3), `given` (the input's radius) or `default`.
pub fn location_basis(a: &Assessment) -> String {
    match a.location {
        LocationBasis::Code(c) => format!(
            "{}:{}",
            match c.scheme {
                PrecisionScheme::Acled => "acled",
                PrecisionScheme::Ucdp => "ucdp",
            },
            c.code
        ),
        LocationBasis::Given => "given".into(),
        LocationBasis::Default => "default".into(),
    }
}

fn csv_row(
    buf: &mut Vec<u8>,
    frontier: &Frontier,
    settlements: &[Settlement],
    i: &Incident,
    a: &Assessment,
) {
    let seg = |n: &NearestSegment| frontier.segments[n.segment].id.as_str();
    push_field(buf, &i.id);
    buf.push(b',');
    push_date(buf, i.date);
    buf.push(b',');
    push_f64(buf, i.point.x());
    buf.push(b',');
    push_f64(buf, i.point.y());
    buf.push(b',');
    if let Some(n) = &a.nearest {
        push_field(buf, seg(n));
    }
    buf.push(b',');
    buf.extend_from_slice(a.nearest_status.map_or("", |s| s.as_str()).as_bytes());
    buf.push(b',');
    if let Some(n) = &a.nearest {
        push_m3(buf, n.distance.distance_m);
    }
    buf.push(b',');
    if let Some(n) = &a.contested {
        push_field(buf, seg(n));
    }
    buf.push(b',');
    if let Some(n) = &a.contested {
        push_m3(buf, n.distance.distance_m);
    }
    buf.extend_from_slice(if a.near_contested {
        b",true,"
    } else {
        b",false,"
    });
    if let Some(h) = &a.settlement {
        push_field(buf, &settlements[h.index].name);
    }
    buf.push(b',');
    if let Some(h) = &a.settlement {
        push_m3(buf, h.distance_m);
    }
    // The appended columns: how sure.
    buf.push(b',');
    if let Some(f) = i.fatalities {
        buf.extend_from_slice(itoa::Buffer::new().format(f).as_bytes());
    }
    buf.push(b',');
    push_m3(buf, a.radius_m);
    buf.push(b',');
    match a.location {
        // Written in place: this runs for every row of an archive.
        LocationBasis::Code(c) => {
            buf.extend_from_slice(match c.scheme {
                PrecisionScheme::Acled => b"acled:",
                PrecisionScheme::Ucdp => b"ucdp:",
            });
            buf.extend_from_slice(itoa::Buffer::new().format(c.code).as_bytes());
        }
        LocationBasis::Given => buf.extend_from_slice(b"given"),
        LocationBasis::Default => buf.extend_from_slice(b"default"),
    }
    buf.push(b',');
    push_date(buf, a.days.0);
    buf.push(b',');
    push_date(buf, a.days.1);
    buf.push(b',');
    if let Some((lo, hi)) = a.contested_distance_range_m() {
        push_m3(buf, lo);
        buf.push(b',');
        push_m3(buf, hi);
    } else {
        buf.push(b',');
    }
    buf.push(b',');
    buf.extend_from_slice(a.contested_status.map_or("", |c| c.certainty()).as_bytes());
    buf.push(b',');
    buf.extend_from_slice(a.verdict.near.as_str().as_bytes());
    buf.push(b',');
    buf.extend_from_slice(a.verdict.reason_code().as_bytes());
    buf.push(b'\n');
}

/// One incident in the JSON report: nested objects for the segments and the settlement.
pub fn row_json(
    frontier: &Frontier,
    settlements: &[Settlement],
    i: &Incident,
    a: &Assessment,
) -> Value {
    let seg = |n: &NearestSegment| {
        let s = &frontier.segments[n.segment];
        json!({"id": s.id, "name": s.name, "sector": s.sector,
               "distance_m": round3(n.distance.distance_m),
               "closest_point": [n.distance.closest.x(), n.distance.closest.y()]})
    };
    json!({
        "id": i.id,
        "date": i.date.to_string(),
        "lon": i.point.x(),
        "lat": i.point.y(),
        "fatalities": i.fatalities,
        "status_date": a.status_date.to_string(),
        "segment": a.nearest.as_ref().map(seg),
        "segment_status": a.nearest_status.map(|s| s.as_str()),
        "contested_segment": a.contested.as_ref().map(seg),
        "near_contested": a.near_contested,
        "location_uncertainty_m": round3(a.radius_m),
        "location_basis": location_basis(a),
        "date_first": a.days.0.to_string(),
        "date_last": a.days.1.to_string(),
        "contested_distance_range_m": a.contested_distance_range_m().map(|r| [round3(r.0), round3(r.1)]),
        "contested_status_certainty": a.contested_status.map(|c| c.certainty()),
        "contested_throughout_segment": a.contested_throughout.as_ref().map(seg),
        "possibly_contested_segment": a.possibly_contested.as_ref().map(seg),
        "verdict": a.verdict.near.as_str(),
        "verdict_reason": a.verdict.reason_code(),
        "verdict_text": verdict_text(a),
        "settlement": a.settlement.map(|h| {
            let s = &settlements[h.index];
            json!({"name": s.name, "country": s.country, "geonames_id": s.geonames_id,
                   "distance_m": round3(h.distance_m),
                   "direction": compass8(h.azimuth_from_deg),
                   "precision": s.precision.code(),
                   "description": relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)})
        }),
    })
}

fn text_entry(
    buf: &mut Vec<u8>,
    frontier: &Frontier,
    settlements: &[Settlement],
    i: &Incident,
    a: &Assessment,
) {
    let mut out = String::new();
    let (place, fat) = incident_place_and_toll(i);
    let mark = match (a.near_contested, a.verdict.near) {
        (_, Near::Yes) => "NEAR CONTESTED",
        (_, Near::Possibly) => "POSSIBLY NEAR CONTESTED",
        (true, Near::No) => "NEAR CONTESTED (point estimate)",
        (false, Near::No) => "",
    };
    let _ = writeln!(
        out,
        "\n{}  {}{place}  ({}{fat})  {mark}",
        i.date,
        i.id,
        position_text(i.point.y(), i.point.x(), 4)
    );
    match &a.nearest {
        Some(n) => {
            let s = &frontier.segments[n.segment];
            let _ = writeln!(
                out,
                "    nearest segment   {} from {} \"{}\" ({} on {})",
                distance_text(n.distance.distance_m),
                s.id,
                s.name,
                a.nearest_status.map_or("no status", |x| x.as_str()),
                a.status_date
            );
        }
        None => {
            let _ = writeln!(out, "    nearest segment   none on {}", a.status_date);
        }
    }
    match &a.contested {
        Some(c) if a.nearest.is_none_or(|n| n.segment != c.segment) => {
            let s = &frontier.segments[c.segment];
            let _ = writeln!(
                out,
                "    nearest contested {} from {} \"{}\"",
                distance_text(c.distance.distance_m),
                s.id,
                s.name
            );
        }
        Some(_) => {}
        None => {
            let _ = writeln!(
                out,
                "    nearest contested none: nothing was contested on {}",
                a.status_date
            );
        }
    }
    if let Some(h) = a.settlement {
        let s = &settlements[h.index];
        let _ = writeln!(
            out,
            "    place             {}",
            relative_to_settlement(s, h.distance_m, h.azimuth_from_deg)
        );
    }
    if a.verdict.near != Near::No || a.radius_m > 0.0 || a.days.0 != a.days.1 {
        let _ = writeln!(out, "    how sure          {}", verdict_text(a));
    }
    buf.extend_from_slice(out.as_bytes());
}

/// The segments ranked per period, as a table in `format` (GeoJSON: the segments' lines, in
/// `by_segment_geojson.rs`), with the `attribution` as the last `Data:` line of text or
/// a member of JSON and GeoJSON.
pub fn by_segment(
    frontier: &Frontier,
    rows: &[SegmentRank],
    within_m: f64,
    period: Period,
    format: RowFormat,
    attribution: Option<&str>,
) -> String {
    match format {
        RowFormat::Csv => {
            let mut out = format!("{BY_SEGMENT_CSV_HEADER}\n");
            let mut rank = 0;
            let mut last = String::new();
            for r in rows {
                rank = if r.period == last { rank + 1 } else { 1 };
                last.clone_from(&r.period);
                let s = &frontier.segments[r.segment];
                let _ = writeln!(
                    out,
                    "{},{rank},{},{},{},{},{},{},{},{},{},{},{}",
                    r.period,
                    csv_field(&s.id),
                    csv_field(&s.name),
                    csv_field(&s.sector),
                    r.incidents,
                    r.while_contested,
                    r.fatalities,
                    r.fatalities_unknown,
                    r.near_certain,
                    r.near_possible,
                    r.fatalities_certain,
                    r.fatalities_possible
                );
            }
            out
        }
        RowFormat::Geojson | RowFormat::Parquet => {
            super::by_segment_geojson::ranking(frontier, rows, within_m, period, attribution)
        }
        RowFormat::Json => {
            let v: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let s = &frontier.segments[r.segment];
                    json!({"period": r.period, "segment_id": s.id, "segment_name": s.name, "sector": s.sector,
                           "incidents": r.incidents, "while_contested": r.while_contested,
                           "fatalities": r.fatalities, "incidents_without_fatality_figure": r.fatalities_unknown,
                           "near_certain": r.near_certain, "near_possible": r.near_possible,
                           "fatalities_certain": r.fatalities_certain, "fatalities_possible": r.fatalities_possible})
                })
                .collect();
            let mut v = json!({"within_km": within_m / 1000.0, "ranking": v});
            add_member(&mut v, attribution);
            super::summary::pretty(&v)
        }
        RowFormat::Text => {
            let mut out = format!(
                "segments ranked by the incidents near a contested stretch for certain, then by all within {} km, then by fatalities, per period\n",
                within_m / 1000.0
            );
            let mut last = String::new();
            for r in rows {
                if r.period != last {
                    let _ = writeln!(out, "\n{}", r.period);
                    let _ = writeln!(
                        out,
                        "  incidents  contested  killed   near: certain  possibly  killed: certain  possibly  segment"
                    );
                    last.clone_from(&r.period);
                }
                let s = &frontier.segments[r.segment];
                let killed = if r.fatalities_unknown > 0 {
                    format!("{}+", r.fatalities)
                } else {
                    r.fatalities.to_string()
                };
                let _ = writeln!(
                    out,
                    "  {:>9}  {:>9}  {:>6}  {:>14}  {:>8}  {:>15}  {:>8}  {} \"{}\"",
                    r.incidents,
                    r.while_contested,
                    killed,
                    r.near_certain,
                    r.near_possible,
                    r.fatalities_certain,
                    r.fatalities_possible,
                    s.id,
                    s.name
                );
            }
            if rows.is_empty() {
                let _ = writeln!(
                    out,
                    "\nno incident within {} km of the frontier",
                    within_m / 1000.0
                );
            } else {
                let _ = writeln!(
                    out,
                    "\n(\"+\": some incidents have no fatality figure; \"near\": yes or possibly, see \"How sure is an answer?\" in the README)"
                );
            }
            out + &text_line(attribution)
        }
    }
}
