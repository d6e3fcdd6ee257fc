//! The one record loop: incidents streamed from their input, worked on in parallel batches,
//! and handed to a [`Sink`] in input order, in bounded memory, as ripgrep's searcher feeds
//! its printers.
//!
//! A CSV file is cut into blocks of whole records by a reader thread; the workers parse and
//! work on the blocks of a batch while the reader cuts the next one and a writer thread hands
//! the last one to the sink. GeoJSON (and the built-in incidents) is parsed feature by feature
//! as it streams in, and worked on in parallel chunks.

use rayon::prelude::*;

use crate::io::csv_blocks::Block;
use crate::io::{IncidentInput, LoadError, RecordSpan};
use crate::model::Incident;

/// Bytes of CSV per block handed to a worker.
pub const BLOCK_BYTES: usize = 1 << 20;
/// Blocks (or chunks) in a batch, per thread.
const BLOCKS_PER_THREAD: usize = 2;
/// Incidents per chunk when the input is parsed as it streams (GeoJSON).
const CHUNK_RECORDS: usize = 4096;

/// One input record: the incident or why it is not one, with where it was.
#[derive(Debug)]
pub struct Record {
    /// The incident, or the row error.
    pub incident: Result<Incident, LoadError>,
    /// The record's text, for a bad CSV row (to be written to a rejects file).
    pub raw: Option<Vec<u8>>,
    /// The bytes and lines the record spans, and a warning about it if it was kept.
    pub span: RecordSpan,
}

/// Where the results of the workers go, one batch at a time, in input order.
pub trait Sink<T> {
    /// The error that stops the loop; a problem reading the input is one.
    type Error: From<LoadError> + Send;

    /// Takes the result of one batch of records.
    fn take(&mut self, item: T) -> Result<(), Self::Error>;

    /// The input has been read up to this byte (CSV files), for a progress display.
    fn reached(&mut self, _bytes: u64) {}
}

/// Streams `input` through `work` (run on the rayon pool) into `sink`, and returns the sink
/// when the input has been read whole. A read error that is not confined to one record, or an
/// error of the sink, stops the loop.
pub fn run<T, S>(
    input: IncidentInput,
    work: impl Fn(Vec<Record>) -> T + Sync,
    sink: S,
) -> Result<S, S::Error>
where
    T: Send,
    S: Sink<T> + Send,
{
    let per_batch = BLOCKS_PER_THREAD * rayon::current_num_threads().max(1);
    match input {
        IncidentInput::Csv(source) => run_blocks(source, per_batch, &work, sink),
        IncidentInput::Records(reader) => run_records(reader, per_batch, &work, sink),
        #[cfg(feature = "parquet")]
        IncidentInput::Parquet(source) => run_parquet(source, per_batch, &work, sink),
    }
}

fn run_blocks<T, S>(
    mut source: crate::io::CsvSource,
    per_batch: usize,
    work: &(impl Fn(Vec<Record>) -> T + Sync),
    sink: S,
) -> Result<S, S::Error>
where
    T: Send,
    S: Sink<T> + Send,
{
    let layout = source.layout.clone();
    let file = source.file.clone();
    let outcome = run_units(
        move || source.next_block(BLOCK_BYTES),
        |b: &Block| {
            layout
                .parse_block_with_spans(b, &file)
                .into_iter()
                .map(|(incident, span)| Record {
                    raw: incident
                        .is_err()
                        .then(|| b.bytes.get(span.bytes.clone()).unwrap_or_default().to_vec()),
                    incident,
                    span,
                })
                .collect()
        },
        |b: &Block| Some(b.offset + b.bytes.len() as u64),
        per_batch,
        work,
        sink,
    );
    layout.finish(&file);
    outcome
}

#[cfg(feature = "parquet")]
fn run_parquet<T, S>(
    mut source: crate::io::incidents::ParquetSource,
    per_batch: usize,
    work: &(impl Fn(Vec<Record>) -> T + Sync),
    sink: S,
) -> Result<S, S::Error>
where
    T: Send,
    S: Sink<T> + Send,
{
    run_units(
        move || source.next_batch(),
        |b: &crate::io::incidents::ParquetBatch| {
            b.incidents()
                .into_iter()
                .map(|incident| Record {
                    incident,
                    raw: None,
                    span: RecordSpan::default(),
                })
                .collect()
        },
        |_| None,
        per_batch,
        work,
        sink,
    )
}

/// The loop over units of input (CSV blocks, Parquet batches): a reader thread takes them
/// from `next`, the workers make them records (`parse`) and work on them, and a writer
/// thread hands the results to the sink, in input order; `reached` is how far into the
/// input a unit ends, in bytes, where that is known.
fn run_units<U, T, S>(
    mut next: impl FnMut() -> Result<Option<U>, LoadError> + Send,
    parse: impl Fn(&U) -> Vec<Record> + Sync,
    reached: impl Fn(&U) -> Option<u64>,
    per_batch: usize,
    work: &(impl Fn(Vec<Record>) -> T + Sync),
    mut sink: S,
) -> Result<S, S::Error>
where
    U: Send + Sync,
    T: Send,
    S: Sink<T> + Send,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<U>, LoadError>>(1);
    // The sink is fed by a thread of its own, so that the workers go on with the next batch
    // while the last one is taken.
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(Vec<T>, Option<u64>)>(1);
    std::thread::scope(|scope| -> Result<S, S::Error> {
        scope.spawn(move || {
            loop {
                let mut batch = Vec::with_capacity(per_batch);
                while batch.len() < per_batch {
                    match next() {
                        Ok(Some(b)) => batch.push(b),
                        Ok(None) => break,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                }
                let last = batch.is_empty();
                if tx.send(Ok(batch)).is_err() || last {
                    return;
                }
            }
        });
        let writer = scope.spawn(move || -> Result<S, S::Error> {
            for (done, reached) in done_rx {
                for d in done {
                    sink.take(d)?;
                }
                if let Some(r) = reached {
                    sink.reached(r);
                }
            }
            Ok(sink)
        });
        let mut read_error = None;
        for batch in rx {
            let batch = match batch {
                Ok(b) => b,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            };
            let Some(last) = batch.last() else { break };
            let end = reached(last);
            let done: Vec<T> = batch.par_iter().map(|u| work(parse(u))).collect();
            if done_tx.send((done, end)).is_err() {
                // The sink stopped on an error, which joining its thread returns.
                break;
            }
        }
        drop(done_tx);
        let taken = match writer.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match read_error {
            Some(e) => Err(e.into()),
            None => taken,
        }
    })
}

fn run_records<T, S>(
    mut reader: crate::io::IncidentReader,
    per_batch: usize,
    work: &(impl Fn(Vec<Record>) -> T + Sync),
    mut sink: S,
) -> Result<S, S::Error>
where
    T: Send,
    S: Sink<T> + Send,
{
    loop {
        let mut chunks: Vec<Vec<Record>> = Vec::new();
        let mut ended = false;
        while chunks.len() < per_batch && !ended {
            let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
            while chunk.len() < CHUNK_RECORDS {
                match reader.next() {
                    Some(Err(e)) if !e.is_row_error() => return Err(e.into()),
                    Some(incident) => chunk.push(Record {
                        incident,
                        raw: None,
                        span: RecordSpan::default(),
                    }),
                    None => {
                        ended = true;
                        break;
                    }
                }
            }
            if !chunk.is_empty() {
                chunks.push(chunk);
            }
        }
        let done: Vec<T> = chunks.into_par_iter().map(work).collect();
        for d in done {
            sink.take(d)?;
        }
        if ended {
            return Ok(sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts records and keeps the order of the batches' first ids.
    struct Collect {
        ids: Vec<String>,
        errors: usize,
    }

    impl Sink<(Vec<String>, usize)> for Collect {
        type Error = LoadError;
        fn take(&mut self, (ids, errors): (Vec<String>, usize)) -> Result<(), LoadError> {
            self.ids.extend(ids);
            self.errors += errors;
            Ok(())
        }
    }

    fn ids(records: Vec<Record>) -> (Vec<String>, usize) {
        let errors = records.iter().filter(|r| r.incident.is_err()).count();
        let ids = records
            .into_iter()
            .filter_map(|r| r.incident.ok())
            .map(|i| i.id)
            .collect();
        (ids, errors)
    }

    /// 30,000 rows over many 1 MB blocks come out whole and in order, the bad row counted.
    #[test]
    fn csv_rows_come_out_in_input_order() {
        let mut text = String::from("id,date,latitude,longitude,note\n");
        let pad = "x".repeat(60);
        for k in 0..30_000 {
            if k == 12_345 {
                text.push_str("bad,2022-13-01,40,70,\n");
            } else {
                text.push_str(&format!("r{k},2022-09-16,40.0,70.5,{pad}\n"));
            }
        }
        assert!(text.len() > 2 * BLOCK_BYTES);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, &text).unwrap();
        let input = crate::io::open_input(&path, &Default::default()).unwrap();
        let out = run(
            input,
            ids,
            Collect {
                ids: Vec::new(),
                errors: 0,
            },
        )
        .unwrap();
        assert_eq!(out.errors, 1);
        assert_eq!(out.ids.len(), 29_999);
        let want: Vec<String> = (0..30_000)
            .filter(|&k| k != 12_345)
            .map(|k| format!("r{k}"))
            .collect();
        assert_eq!(out.ids, want);
    }

    /// The built-in incidents stream through in file order.
    #[test]
    fn features_come_out_in_input_order() {
        let all: Vec<String> = crate::io::embedded::kg_tj_incidents()
            .unwrap()
            .map(|r| r.unwrap().id)
            .collect();
        let input = IncidentInput::Records(crate::io::embedded::kg_tj_incidents().unwrap());
        let out = run(
            input,
            ids,
            Collect {
                ids: Vec::new(),
                errors: 0,
            },
        )
        .unwrap();
        assert!(!all.is_empty());
        assert_eq!(out.ids, all);
    }
}
