//! The layers of an export read back as incidents: in a layered file (each record's `layer`
//! says what it is: `incident`, `segment`, `settlement`, `corridor`), only the incidents are
//! read, and the others are counted by layer and said once the file has been read.

use std::sync::{Arc, Mutex};

use crate::io::record_stream::Note;

/// The layer an incident record is of.
pub(crate) const INCIDENT_LAYER: &str = "incident";

/// Records of other layers left out, by layer, in the order first met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OtherLayers(Vec<(String, u64)>);

impl OtherLayers {
    /// Counts one record of `layer`.
    pub fn count(&mut self, layer: &str) {
        self.add(layer, 1);
    }

    fn add(&mut self, layer: &str, n: u64) {
        match self.0.iter_mut().find(|(l, _)| l == layer) {
            Some((_, m)) => *m += n,
            None => self.0.push((layer.to_string(), n)),
        }
    }

    /// Adds another tally to this one.
    pub fn merge(&mut self, other: OtherLayers) {
        for (layer, n) in other.0 {
            self.add(&layer, n);
        }
    }

    /// What to say of the records left out (none: nothing), emptying the tally.
    pub fn take_note(&mut self, file: &str) -> Option<Note> {
        if self.0.is_empty() {
            return None;
        }
        let list: Vec<String> = std::mem::take(&mut self.0)
            .into_iter()
            .map(|(layer, n)| format!("{n} of layer {layer:?}"))
            .collect();
        Some(Note {
            warning: false,
            text: format!(
                "{file}: read the features of layer \"{INCIDENT_LAYER}\" only; left out {}",
                list.join(", ")
            ),
        })
    }
}

/// A tally shared by the threads that read a file's blocks, and the notes it ends in.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedLayers {
    tally: Arc<Mutex<OtherLayers>>,
    /// Where the note goes when the file has been read.
    pub notes: Arc<Mutex<Vec<Note>>>,
}

impl PartialEq for SharedLayers {
    /// Two layouts are alike whatever they have counted.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SharedLayers {}

impl SharedLayers {
    /// Adds what one block counted.
    pub fn merge(&self, counted: OtherLayers) {
        if counted != OtherLayers::default() {
            self.tally.lock().expect("not poisoned").merge(counted);
        }
    }

    /// Says what was left out, once the file has been read.
    pub fn finish(&self, file: &str) {
        if let Some(note) = self.tally.lock().expect("not poisoned").take_note(file) {
            self.notes.lock().expect("not poisoned").push(note);
        }
    }
}
