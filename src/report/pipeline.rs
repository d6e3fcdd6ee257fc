//! The one record loop: incidents streamed from their input, worked on in parallel units,
//! and handed to a [`Sink`] in input order, in bounded memory, as ripgrep's searcher feeds
//! its printers.
//!
//! A CSV file is cut into blocks of whole records as it is read; each block goes to the next
//! free worker, which parses it and works on it, and a writer thread hands the results to the
//! sink in input order. GeoJSON (and the built-in incidents) is parsed feature by feature as
//! it streams in, and worked on in chunks the same way; Parquet in its record batches.

use crate::io::csv_blocks::Block;
use crate::io::{IncidentInput, LoadError, RecordSpan};
use crate::model::Incident;

/// Bytes of CSV per block handed to a worker.
pub const BLOCK_BYTES: usize = 1 << 20;
/// Units of input (blocks, batches, chunks) read and not yet written, per thread.
const IN_FLIGHT_PER_THREAD: usize = 4;
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
    let in_flight = IN_FLIGHT_PER_THREAD * rayon::current_num_threads().max(1);
    match input {
        IncidentInput::Csv(source) => run_blocks(source, in_flight, &work, sink),
        IncidentInput::Records(reader) => run_records(reader, in_flight, &work, sink),
        #[cfg(feature = "parquet")]
        IncidentInput::Parquet(source) => run_parquet(source, in_flight, &work, sink),
    }
}

fn run_blocks<T, S>(
    mut source: crate::io::CsvSource,
    in_flight: usize,
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
        |b: Block| {
            layout
                .parse_block_with_spans(&b, &file)
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
        in_flight,
        work,
        sink,
    );
    layout.finish(&file);
    outcome
}

#[cfg(feature = "parquet")]
fn run_parquet<T, S>(
    mut source: crate::io::incidents::ParquetSource,
    in_flight: usize,
    work: &(impl Fn(Vec<Record>) -> T + Sync),
    sink: S,
) -> Result<S, S::Error>
where
    T: Send,
    S: Sink<T> + Send,
{
    run_units(
        move || source.next_batch(),
        |b: crate::io::incidents::ParquetBatch| {
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
        in_flight,
        work,
        sink,
    )
}

/// GeoJSON (and the built-in incidents): chunks of records as they are parsed from the
/// stream. A record's error stays with it; any other read error stops the loop.
fn run_records<T, S>(
    mut reader: crate::io::IncidentReader,
    in_flight: usize,
    work: &(impl Fn(Vec<Record>) -> T + Sync),
    sink: S,
) -> Result<S, S::Error>
where
    T: Send,
    S: Sink<T> + Send,
{
    run_units(
        move || {
            let mut chunk = Vec::with_capacity(CHUNK_RECORDS);
            while chunk.len() < CHUNK_RECORDS {
                match reader.next() {
                    Some(Err(e)) if !e.is_row_error() => return Err(e),
                    Some(incident) => chunk.push(Record {
                        incident,
                        raw: None,
                        span: RecordSpan::default(),
                    }),
                    None => break,
                }
            }
            Ok((!chunk.is_empty()).then_some(chunk))
        },
        |chunk| chunk,
        |_| None,
        in_flight,
        work,
        sink,
    )
}

/// The loop over units of input (CSV blocks, Parquet batches, chunks of records): this
/// thread takes them from `next` and hands each to the rayon pool, whose workers make it
/// records (`parse`) and work on them; a writer thread hands the results to the sink in
/// input order. `reached` is how far into the input a unit ends, in bytes, where known.
///
/// No batch waits for its slowest unit: a worker that is done takes the next unit, and the
/// writer puts results back in order. At most `in_flight` units are between being read and
/// being taken by the sink (a token each, handed back by the writer), so memory stays
/// bounded however uneven the units.
fn run_units<U, P, T, S>(
    mut next: impl FnMut() -> Result<Option<U>, LoadError>,
    parse: impl Fn(U) -> P + Sync,
    reached: impl Fn(&U) -> Option<u64>,
    in_flight: usize,
    work: &(impl Fn(P) -> T + Sync),
    mut sink: S,
) -> Result<S, S::Error>
where
    U: Send,
    T: Send,
    S: Sink<T> + Send,
{
    use std::sync::mpsc;
    let in_flight = in_flight.max(1);
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        // The channel holds them all: a send cannot block or fail.
        let _ = token_tx.try_send(());
    }
    // A worker's panic travels to the writer with its unit's number, so that the writer
    // stops (and the reading with it) instead of waiting for a unit that never comes.
    type Done<T> = (usize, std::thread::Result<T>, Option<u64>);
    let (done_tx, done_rx) = mpsc::channel::<Done<T>>();
    std::thread::scope(|scope| -> Result<S, S::Error> {
        let writer = scope.spawn(move || -> Result<S, S::Error> {
            let mut waiting = std::collections::BTreeMap::new();
            let mut due = 0usize;
            for (seq, done, end) in done_rx {
                match done {
                    Ok(d) => waiting.insert(seq, (d, end)),
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                while let Some((d, end)) = waiting.remove(&due) {
                    sink.take(d)?;
                    if let Some(r) = end {
                        sink.reached(r);
                    }
                    due += 1;
                    // The reader may have finished; a token then has no one to go to.
                    let _ = token_tx.send(());
                }
            }
            Ok(sink)
        });
        let parse = &parse;
        let read_error = rayon::in_place_scope(|s| {
            for seq in 0usize.. {
                // No token: the writer stopped (the sink's error, which joining returns).
                if token_rx.recv().is_err() {
                    return None;
                }
                let unit = match next() {
                    Ok(Some(u)) => u,
                    Ok(None) => return None,
                    Err(e) => return Some(e),
                };
                let end = reached(&unit);
                let done_tx = done_tx.clone();
                s.spawn(move |_| {
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        work(parse(unit))
                    }));
                    // The writer has stopped if this fails; its error is returned below.
                    let _ = done_tx.send((seq, done, end));
                });
            }
            None
        });
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

    /// Units that take uneven times come back in input order, and no more than `in_flight`
    /// of them are ever between being read and being taken.
    #[test]
    fn uneven_units_come_back_in_order_within_the_bound() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        struct Take<'a>(Vec<u32>, &'a AtomicUsize);
        impl Sink<u32> for Take<'_> {
            type Error = LoadError;
            fn take(&mut self, u: u32) -> Result<(), LoadError> {
                self.1.fetch_sub(1, SeqCst);
                self.0.push(u);
                Ok(())
            }
        }
        let (open, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut k = 0u32;
        let next = || {
            let n = open.fetch_add(1, SeqCst) + 1;
            most.fetch_max(n, SeqCst);
            k += 1;
            Ok((k <= 300).then_some(k))
        };
        // Every fifth unit is slow, so later ones finish first.
        let work = |u: u32| {
            if u.is_multiple_of(5) {
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            u * 2
        };
        let out = run_units(next, |u| u, |_| None, 4, &work, Take(Vec::new(), &open)).unwrap();
        assert_eq!(out.0, (1..=300).map(|u| u * 2).collect::<Vec<_>>());
        // The bound counts the read that found the end (4 tokens, one per unit).
        assert!(
            most.load(SeqCst) <= 4,
            "{} units in flight",
            most.load(SeqCst)
        );
    }

    /// The sink's error stops the reading within the bound, and is what the loop returns.
    #[test]
    fn a_sink_error_stops_the_reading() {
        #[derive(Debug)]
        struct Fail;
        impl Sink<u32> for Fail {
            type Error = LoadError;
            fn take(&mut self, u: u32) -> Result<(), LoadError> {
                if u == 10 {
                    return Err(LoadError::Read {
                        file: "out.csv".into(),
                        error: std::io::Error::other("disk full"),
                    });
                }
                Ok(())
            }
        }
        let mut read = 0u32;
        let next = || {
            read += 1;
            Ok((read <= 1_000_000).then_some(read))
        };
        let e = run_units(next, |u| u, |_| None, 3, &|u| u, Fail).unwrap_err();
        assert_eq!(e.to_string(), "out.csv: cannot read: disk full");
        assert!(read <= 10 + 3 + 1, "read {read} units");
    }

    /// A worker's panic reaches the caller instead of leaving the writer waiting for it.
    #[test]
    fn a_worker_panic_is_raised_not_waited_for() {
        #[derive(Debug)]
        struct Keep;
        impl Sink<u32> for Keep {
            type Error = LoadError;
            fn take(&mut self, _: u32) -> Result<(), LoadError> {
                Ok(())
            }
        }
        let mut read = 0u32;
        let next = || {
            read += 1;
            Ok((read <= 1_000).then_some(read))
        };
        let work = |u: u32| {
            assert_ne!(u, 7, "unit seven");
            u
        };
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_units(next, |u| u, |_| None, 4, &work, Keep)
        }));
        let panic = caught.unwrap_err();
        let message = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or_default();
        assert!(message.contains("unit seven"), "{message}");
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
