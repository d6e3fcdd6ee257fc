//! Output files handed to the disk as they are written, not all at the end. Linux's
//! `sync_file_range` through `libc`, written here: `rustix` (1.1) leaves that call out, and
//! `libc` is a dependency already.

/// Bytes of an output file written between two requests that the kernel start writing them
/// to the disk ([`write_back`]).
const WRITEBACK_BYTES: u64 = 8 << 20;

/// How much of a temporary output file has been written.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes handed to the buffered writer.
    pub(super) handed: u64,
    /// Bytes the kernel has been asked to write to the disk.
    pub(super) written_back: u64,
}

/// Asks the kernel to start writing to the disk what has reached the temporary file since the
/// last request, once [`WRITEBACK_BYTES`] more have: without waiting, so the disk writes while
/// the rows are still being worked out, and the `fsync` of
/// [`OutputWriter::finish`](super::OutputWriter::finish) (which makes the file whole on the
/// disk before it is renamed into place) finds little left to do: for a million incidents'
/// 211 MB it took 0.09–0.12 s before, at the end of a 1.4 s run, and 3 ms now
/// (`benches/README.md`, "Under a second, eighth part"). Only a request: an error (a file
/// system that does not support it) changes nothing, as `finish` still syncs and reports.
/// Linux's `sync_file_range`; elsewhere nothing is asked early.
pub(super) fn write_back(
    tmp: &std::io::BufWriter<tempfile::NamedTempFile>,
    progress: &mut Progress,
) {
    // What is in the file: handed over, less what the buffer still holds.
    let end = progress.handed - tmp.buffer().len() as u64;
    if end < progress.written_back + WRITEBACK_BYTES {
        return;
    }
    #[cfg(target_os = "linux")]
    if let (Ok(from), Ok(len)) = (
        libc::off64_t::try_from(progress.written_back),
        libc::off64_t::try_from(end - progress.written_back),
    ) {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is the temporary file's, open while `tmp` is borrowed; the
        // call reads and writes no memory of this process.
        unsafe {
            libc::sync_file_range(
                tmp.get_ref().as_file().as_raw_fd(),
                from,
                len,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
    }
    progress.written_back = end;
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use crate::io::{Output, OutputWriter};

    #[test]
    fn asks_for_the_disk_write_of_what_is_in_the_file_every_8_mib() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut w = Output::new(&path, false).writer().unwrap();
        let piece = [b'x'; 1000];
        let mut asked = Vec::new();
        for _ in 0..20_000 {
            w.write_all(&piece).unwrap();
            if let OutputWriter::File { tmp, progress, .. } = &w
                && asked.last() != Some(&progress.written_back)
            {
                // Asked for exactly what has reached the file, not what the buffer holds.
                let on_disk = tmp.get_ref().as_file().metadata().unwrap().len();
                assert_eq!(progress.written_back, on_disk);
                asked.push(progress.written_back);
            }
        }
        // 20 MB in 1,000-byte pieces through a 64 KiB buffer, which is flushed every 65
        // pieces: asked at the first flush 8 MiB past the last request, 130 × 65,000 and
        // 260 × 65,000 bytes.
        assert_eq!(asked, [0, 8_450_000, 16_900_000]);
        w.finish().unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 20_000_000);
    }
}
