//! Reading the records of a JSON incident file one at a time, from a stream, so that a file of
//! any size passes through in bounded memory. The shapes recognised, as they are:
//!
//! - a GeoJSON FeatureCollection (its `features`);
//! - an ACLED API response, `{"status":200,"success":true,"count":N,"data":[…]}` (its `data`);
//! - a UCDP API response, `{"TotalCount":…,"TotalPages":…,"NextPageUrl":…,"Result":[…]}`;
//! - a JSON array of records (`[{…},{…}]`);
//! - one record after another: newline-delimited JSON or GeoJSON (`.geojsonl`, `.ndjson`), and
//!   GeoJSON text sequences (`.geojsons`, RFC 8142: each record after a record separator).
//!
//! A record is a GeoJSON Feature or a flat object of fields. serde_json parses by pushing
//! values into a visitor; a thread runs the parse, and each record is handed over a bounded
//! channel as a `serde_json::Value` as soon as it is complete. The other top-level members
//! (`type`, `status`, `TotalCount`, …) are small and kept, to check the shape at the end. Keys
//! are unique, as for every loader ([`super::json_value`]): a second `features` array is an
//! error, not something to pick first or last of. Dropping the receiving end stops the parse.

use std::cell::RefCell;
use std::fmt;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::error::{LoadError, Place};
use super::json_value::Strict;

/// The array members that hold records, and whose shape they make.
const CONTAINERS: [(&str, Shape); 3] = [
    ("features", Shape::FeatureCollection),
    ("data", Shape::AcledApi),
    ("Result", Shape::UcdpApi),
];

/// Something the reading found that a user should know, said when the records have been read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Whether it may mean data is missing (a warning) rather than telling what was done.
    pub warning: bool,
    /// The sentence, naming the file.
    pub text: String,
}

/// The shape of a JSON incident file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A GeoJSON FeatureCollection.
    FeatureCollection,
    /// An ACLED API response (records in `data`).
    AcledApi,
    /// A UCDP API response (records in `Result`).
    UcdpApi,
    /// A JSON array of records.
    Array,
    /// Records one after another (newline-delimited JSON, GeoJSON text sequences).
    Lines,
}

impl Shape {
    /// The shape's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Shape::FeatureCollection => "GeoJSON FeatureCollection",
            Shape::AcledApi => "ACLED API response",
            Shape::UcdpApi => "UCDP API response",
            Shape::Array => "JSON array of records",
            Shape::Lines => "newline-delimited JSON records",
        }
    }
}

/// What the parsing thread sends.
enum Message {
    /// Record number `index` (0-based).
    Record(usize, Value),
    /// The document ended: its shape, when a container or records were found, and the
    /// top-level members kept.
    End {
        shape: Option<Shape>,
        top: Map<String, Value>,
    },
    /// The text is not JSON, or not of a shape recognised.
    Error(serde_json::Error),
}

thread_local! {
    /// The parsing thread's end of the channel and the number of records sent (each parsing
    /// thread has its own; serde's `Deserialize` for the stream's top-level values takes no
    /// seed).
    static SINK: RefCell<Option<(SyncSender<Message>, usize)>> = const { RefCell::new(None) };
}

/// Sends one record from the parsing thread; an error when the reader has gone.
fn send<E: de::Error>(value: Value) -> Result<(), E> {
    SINK.with(|s| {
        let mut s = s.borrow_mut();
        let (tx, n) = s.as_mut().expect("set by the parsing thread");
        tx.send(Message::Record(*n, value))
            .map_err(|_| E::custom("the reader stopped"))?;
        *n += 1;
        Ok(())
    })
}

/// The records of a JSON incident file, in order; a problem with the document as a whole comes
/// as an `Err` (not a row error) after the records read before it.
pub struct RecordStream {
    rx: Option<Receiver<Message>>,
    /// The parsing thread, joined when the stream ends or is dropped.
    thread: Option<std::thread::JoinHandle<()>>,
    file: String,
    /// What the end of the document said (a UCDP page of many).
    notes: Arc<Mutex<Vec<Note>>>,
}

impl RecordStream {
    /// Starts parsing `reader` (`file` names it in errors).
    pub fn new(reader: Box<dyn Read + Send>, file: &str) -> Self {
        let (tx, rx) = sync_channel(1024);
        let thread = std::thread::spawn(move || {
            SINK.with(|s| *s.borrow_mut() = Some((tx.clone(), 0)));
            let reader = std::io::BufReader::new(RecordSeparators(reader));
            let mut shape = None;
            let mut top = Map::new();
            let mut result = Ok(());
            for item in serde_json::Deserializer::from_reader(reader).into_iter::<Top>() {
                match item {
                    Ok(Top::Container(s, members)) if shape.is_none() => {
                        shape = Some(s);
                        top = members;
                    }
                    Ok(Top::Array) if shape.is_none() => shape = Some(Shape::Array),
                    Ok(Top::Container(..)) | Ok(Top::Array) => {
                        result = Err(de::Error::custom(
                            "a second document after the first: expected one collection, or one record per line",
                        ));
                        break;
                    }
                    Ok(Top::Record(v)) => match shape {
                        None | Some(Shape::Lines) => {
                            shape = Some(Shape::Lines);
                            if let Err(e) = send::<serde_json::Error>(v) {
                                result = Err(e);
                                break;
                            }
                        }
                        Some(_) => {
                            result = Err(de::Error::custom(
                                "a record after the collection: expected one collection, or one record per line",
                            ));
                            break;
                        }
                    },
                    Ok(Top::Unshaped(members)) => {
                        top = members;
                        break;
                    }
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            let last = match result {
                Ok(()) => Message::End { shape, top },
                Err(e) => Message::Error(e),
            };
            // The receiver may be gone (the reader stopped early): nothing more to do.
            let _ = tx.send(last);
            SINK.with(|s| *s.borrow_mut() = None);
        });
        RecordStream {
            rx: Some(rx),
            thread: Some(thread),
            file: file.to_string(),
            notes: Arc::default(),
        }
    }

    /// What the end of the document said that a user should know (a UCDP API page of
    /// several), filled in when the stream has ended.
    pub fn notes(&self) -> Arc<Mutex<Vec<Note>>> {
        Arc::clone(&self.notes)
    }

    /// Stops the parse (if it still runs, its next send fails) and waits for the thread.
    fn finish(&mut self) {
        self.rx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// The end of the document: whether its shape is one recognised, and what it says.
    fn end(&self, shape: Option<Shape>, top: &Map<String, Value>) -> Option<LoadError> {
        let error = |field: &str, problem: String| {
            LoadError::invalid(&self.file, &Place::Document, field, problem)
        };
        if let Some(kind) = top.get("type")
            && shape != Some(Shape::FeatureCollection)
        {
            if kind.as_str() == Some("FeatureCollection") {
                return Some(error("features", "is missing or not an array".into()));
            }
            return Some(error(
                "type",
                format!(
                    "is {kind}: expected \"FeatureCollection\" (of Point features), an ACLED or UCDP API response, a JSON array of records, or one record per line"
                ),
            ));
        }
        // An API that answered with an error instead of events.
        if top.get("success") == Some(&Value::Bool(false))
            || top
                .get("status")
                .and_then(Value::as_u64)
                .is_some_and(|s| s != 200)
        {
            let said = ["error", "messages", "message"]
                .iter()
                .find_map(|k| top.get(*k))
                .map(|v| format!(": {v}"))
                .unwrap_or_default();
            return Some(error(
                "status",
                format!(
                    "is {}: the file is an API's error response, not events{said}",
                    top.get("status").unwrap_or(&Value::Null)
                ),
            ));
        }
        match shape {
            None => {
                let arrays: Vec<String> = top
                    .iter()
                    .filter_map(|(k, v)| {
                        let a = v.as_array()?;
                        a.iter()
                            .all(Value::is_object)
                            .then(|| format!("`{k}` ({} objects)", a.len()))
                    })
                    .collect();
                let has = if arrays.is_empty() {
                    String::new()
                } else {
                    format!(" (it has {})", arrays.join(", "))
                };
                Some(error(
                    "(root)",
                    format!(
                        "has no `features`, `data` or `Result` array{has}: expected a GeoJSON FeatureCollection, an ACLED or UCDP API response, a JSON array of records, or one record per line"
                    ),
                ))
            }
            Some(Shape::UcdpApi) => {
                let next = top.get("NextPageUrl").and_then(Value::as_str).unwrap_or("");
                if !next.is_empty() {
                    let total = top
                        .get("TotalCount")
                        .map(Value::to_string)
                        .unwrap_or_default();
                    let pages = top
                        .get("TotalPages")
                        .map(Value::to_string)
                        .unwrap_or_default();
                    self.notes.lock().expect("not poisoned").push(Note {
                        warning: true,
                        text: format!(
                            "{}: is one page of a UCDP API result of {total} events in {pages} pages: only its own events were read (the next page: {next})",
                            self.file
                        ),
                    });
                }
                None
            }
            Some(_) => None,
        }
    }
}

impl Drop for RecordStream {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Iterator for RecordStream {
    type Item = Result<(usize, Value), LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let message = self.rx.as_ref()?.recv().ok();
        let result = match message {
            Some(Message::Record(index, value)) => return Some(Ok((index, value))),
            Some(Message::Error(e)) => Some(Err(LoadError::json(&self.file, &e, None))),
            Some(Message::End { shape, top }) => self.end(shape, &top).map(Err),
            // The thread ended without a last message: it cannot, short of a panic.
            None => Some(Err(LoadError::invalid(
                &self.file,
                &Place::Document,
                "(root)",
                "could not be read to its end",
            ))),
        };
        self.finish();
        result
    }
}

/// The bytes of a reader with each record separator (0x1E, RFC 8142) read as a line feed: a
/// GeoJSON text sequence becomes records one per line. (In a JSON string the byte is an error
/// either way: control characters must be escaped.)
struct RecordSeparators(Box<dyn Read + Send>);

impl Read for RecordSeparators {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        for b in &mut buf[..n] {
            if *b == 0x1e {
                *b = b'\n';
            }
        }
        Ok(n)
    }
}

/// One top-level value of the stream.
enum Top {
    /// An object with a container array (streamed as it was read), and its other members.
    Container(Shape, Map<String, Value>),
    /// An array of records (streamed).
    Array,
    /// A record: an object without a container array, that is neither a FeatureCollection
    /// nor an API response.
    Record(Value),
    /// An object that names itself a collection or a response but has no records array.
    Unshaped(Map<String, Value>),
}

impl<'de> serde::Deserialize<'de> for Top {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Top, D::Error> {
        d.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection, an API response, an array of records or a record")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Top, A::Error> {
        Records.visit_seq(seq)?;
        Ok(Top::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top, A::Error> {
        let mut members = Map::new();
        let mut shape = None;
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key)
                || CONTAINERS
                    .iter()
                    .any(|(k, s)| *k == key && shape == Some(*s))
            {
                return Err(super::json_value::duplicate(&key));
            }
            let container = CONTAINERS.iter().find(|(k, _)| *k == key).map(|(_, s)| *s);
            // Features of something that is not a FeatureCollection are not incidents.
            let wrong_kind = members
                .get("type")
                .is_some_and(|t| t.as_str() != Some("FeatureCollection"));
            match container {
                Some(s) if shape.is_none() && !(s == Shape::FeatureCollection && wrong_kind) => {
                    // The records array, streamed; a `data` or `Result` that is no array is
                    // a member like any other.
                    if map.next_value_seed(MaybeRecords)? {
                        shape = Some(s);
                    } else {
                        members.insert(key, Value::Null);
                    }
                }
                _ => {
                    let v = map.next_value_seed(Strict)?;
                    members.insert(key, v);
                }
            }
        }
        let names_itself = members
            .get("type")
            .is_some_and(|t| t.as_str() == Some("FeatureCollection"))
            || ["status", "success", "TotalCount"]
                .iter()
                .any(|k| members.contains_key(*k))
            // Records under a name not known: a container, not a record.
            || members.values().any(|v| {
                v.as_array()
                    .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object))
            });
        Ok(match shape {
            Some(s) => Top::Container(s, members),
            None if names_itself => Top::Unshaped(members),
            None => Top::Record(Value::Object(members)),
        })
    }
}

/// A container's value: an array of records (streamed; `true`), or anything else (read and
/// dropped; `false`).
struct MaybeRecords;

impl<'de> DeserializeSeed<'de> for MaybeRecords {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MaybeRecords {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        Records.visit_seq(seq)?;
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            map.next_value::<de::IgnoredAny>()?;
        }
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
}

/// An array of records: each element sent as it completes.
struct Records;

impl<'de> Visitor<'de> for Records {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element_seed(Strict)? {
            send(value)?;
        }
        Ok(())
    }
}
