//! Reading the features of a GeoJSON FeatureCollection one at a time, from a stream, so that a
//! file of any size passes through in bounded memory.
//!
//! serde_json parses by pushing values into a visitor; a thread runs the parse, and each element
//! of the top-level `features` array is handed over a bounded channel as a `serde_json::Value`
//! as soon as it is complete. Only the top level's `type` is kept besides; every other member is
//! read and dropped. Keys are unique, as for every loader ([`super::json_value`]): a second
//! `features` array is an error, not something to pick first or last of. Dropping the receiving
//! end stops the parse.

use std::fmt;
use std::io::Read;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::json_value::Strict;

use super::error::{LoadError, Place};

/// What the parsing thread sends.
enum Message {
    /// Feature number `index` (0-based) of the `features` array.
    Feature(usize, Value),
    /// The document ended; its `type` member, and whether it had a `features` array.
    End {
        kind: Option<String>,
        features: bool,
    },
    /// The text is not JSON, or not shaped like a FeatureCollection.
    Error(serde_json::Error),
}

/// The features of a FeatureCollection, in order; a problem with the document as a whole comes
/// as an `Err` (not a row error) after the features read before it.
pub struct FeatureStream {
    rx: Option<Receiver<Message>>,
    /// The parsing thread, joined when the stream ends or is dropped.
    thread: Option<std::thread::JoinHandle<()>>,
    file: String,
}

impl FeatureStream {
    /// Starts parsing `reader` (`file` names it in errors).
    pub fn new(reader: Box<dyn Read + Send>, file: &str) -> Self {
        let (tx, rx) = sync_channel(1024);
        let thread = std::thread::spawn(move || {
            let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
            let mut kind = None;
            let mut features = false;
            let seed = Collection {
                tx: &tx,
                kind: &mut kind,
                features: &mut features,
            };
            let result = seed.deserialize(&mut de).and_then(|()| de.end());
            let last = match result {
                Ok(()) => Message::End { kind, features },
                Err(e) => Message::Error(e),
            };
            // The receiver may be gone (the reader stopped early): nothing more to do.
            let _ = tx.send(last);
        });
        FeatureStream {
            rx: Some(rx),
            thread: Some(thread),
            file: file.to_string(),
        }
    }

    /// Stops the parse (if it still runs, its next send fails) and waits for the thread.
    fn finish(&mut self) {
        self.rx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FeatureStream {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Iterator for FeatureStream {
    type Item = Result<(usize, Value), LoadError>;

    fn next(&mut self) -> Option<Self::Item> {
        let message = self.rx.as_ref()?.recv().ok();
        let top = Place::Document;
        let error = |field: &str, problem: &str| {
            Some(Err(LoadError::invalid(&self.file, &top, field, problem)))
        };
        let result = match message {
            Some(Message::Feature(index, value)) => return Some(Ok((index, value))),
            Some(Message::Error(e)) => Some(Err(LoadError::json(&self.file, &e, None))),
            Some(Message::End { kind, features }) => {
                if kind.as_deref() != Some("FeatureCollection") {
                    error("type", "must be \"FeatureCollection\" (of Point features)")
                } else if !features {
                    error("features", "is missing or not an array")
                } else {
                    None
                }
            }
            // The thread ended without a last message: it cannot, short of a panic.
            None => error("(root)", "could not be read to its end"),
        };
        self.finish();
        result
    }
}

/// The top-level object: `type` kept, `features` streamed, the rest skipped.
struct Collection<'a> {
    tx: &'a SyncSender<Message>,
    kind: &'a mut Option<String>,
    features: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for Collection<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Collection<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON FeatureCollection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut wrong_kind = false;
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(super::json_value::duplicate(&key));
            }
            match key.as_str() {
                "type" => {
                    let v = map.next_value_seed(Strict)?;
                    let kind = v.as_str().map(str::to_string);
                    // Features of something else are not incidents: skip any that follow.
                    wrong_kind = kind.as_deref() != Some("FeatureCollection");
                    *self.kind = kind;
                }
                "features" if !wrong_kind => {
                    map.next_value_seed(Features { tx: self.tx })?;
                    *self.features = true;
                }
                _ => {
                    // Skipped, but read by the same rule: no key twice in an object.
                    map.next_value_seed(Strict)?;
                }
            }
        }
        Ok(())
    }
}

/// The `features` array: each element sent as it completes.
struct Features<'a> {
    tx: &'a SyncSender<Message>,
}

impl<'de> DeserializeSeed<'de> for Features<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(value) = seq.next_element_seed(Strict)? {
            if self.tx.send(Message::Feature(index, value)).is_err() {
                return Err(de::Error::custom("the reader stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}
