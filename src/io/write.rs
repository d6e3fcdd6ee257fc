//! Output files: `-` for stdout; a file is written to a temporary file beside it and renamed
//! into place, so an interrupted run never leaves half a file, and an existing file is only
//! replaced when asked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written, so that an interrupt (Ctrl-C) can remove them before the
/// process ends: see [`remove_pending_files`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary output file still being written. For a signal handler: the process
/// is about to end without running destructors, and must not leave half files behind.
pub fn remove_pending_files() {
    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    for p in pending.iter() {
        let _ = std::fs::remove_file(p);
    }
}

/// Keeps a temporary file's path in [`PENDING`] while it lives (opaque).
#[derive(Debug)]
pub struct Pending(PathBuf);

impl Pending {
    fn new(path: &Path) -> Self {
        PENDING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_path_buf());
        Pending(path.to_path_buf())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = pending.iter().position(|p| *p == self.0) {
            pending.swap_remove(i);
        }
    }
}

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}: already exists; pass --force to replace it", path.display())]
    Exists { path: PathBuf },
    // The I/O error is part of the message, not a separate `source`, so that printing the
    // error chain does not say it twice.
    #[error("{}: cannot write: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("standard output: {0}")]
    Stdout(std::io::Error),
}

impl WriteError {
    /// Whether the reader went away (`| head`): not an error for a command-line tool.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, WriteError::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Where output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    Stdout,
    File { path: PathBuf, force: bool },
}

impl Output {
    /// `-` means stdout; anything else is a file path.
    pub fn new(target: &Path, force: bool) -> Self {
        if target.as_os_str() == "-" {
            Output::Stdout
        } else {
            Output::File {
                path: target.to_path_buf(),
                force,
            }
        }
    }

    /// Fails early if the output is a file that exists and may not be replaced, so that a long
    /// run does not end in that error. (The write checks again.)
    pub fn check_writable(&self) -> Result<(), WriteError> {
        match self {
            Output::File { path, force: false } if path.exists() => Err(WriteError::Exists {
                path: path.to_path_buf(),
            }),
            _ => Ok(()),
        }
    }

    /// Writes `bytes` in one go: atomically for a file.
    pub fn write_all(&self, bytes: &[u8]) -> Result<(), WriteError> {
        match self {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .map_err(WriteError::Stdout)
            }
            Output::File { path, force } => write_file_atomic(path, bytes, *force),
        }
    }
}

/// A writer for output produced piece by piece. A file is written to a temporary file beside
/// it and only renamed into place by [`OutputWriter::finish`]: if the run stops before that
/// (an error, Ctrl-C), the temporary file is removed and nothing is left behind.
pub enum OutputWriter {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File {
        tmp: std::io::BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
        force: bool,
        /// Dropped after the file is persisted or removed.
        _pending: Pending,
    },
}

impl Output {
    /// Starts writing: for a file, creates the temporary file now.
    pub fn writer(&self) -> Result<OutputWriter, WriteError> {
        match self {
            Output::Stdout => Ok(OutputWriter::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            ))),
            Output::File { path, force } => {
                self.check_writable()?;
                let tmp = temp_beside(path)?;
                let pending = Pending::new(tmp.path());
                Ok(OutputWriter::File {
                    tmp: std::io::BufWriter::with_capacity(1 << 16, tmp),
                    path: path.clone(),
                    force: *force,
                    _pending: pending,
                })
            }
        }
    }
}

impl Write for OutputWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutputWriter::Stdout(w) => w.write(buf),
            OutputWriter::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            OutputWriter::Stdout(w) => w.write_all(buf),
            OutputWriter::File { tmp, .. } => tmp.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutputWriter::Stdout(w) => w.flush(),
            OutputWriter::File { tmp, .. } => tmp.flush(),
        }
    }
}

impl OutputWriter {
    /// Flushes everything and, for a file, moves it into place.
    pub fn finish(self) -> Result<(), WriteError> {
        match self {
            OutputWriter::Stdout(mut w) => w.flush().map_err(WriteError::Stdout),
            OutputWriter::File {
                tmp, path, force, ..
            } => {
                let io = |error| WriteError::Io {
                    path: path.clone(),
                    error,
                };
                let tmp = tmp.into_inner().map_err(|e| io(e.into_error()))?;
                tmp.as_file().sync_all().map_err(io)?;
                persist(tmp, &path, force)
            }
        }
    }

    /// Maps an error of writing to this output to a [`WriteError`] naming it.
    pub fn error(&self, error: std::io::Error) -> WriteError {
        match self {
            OutputWriter::Stdout(_) => WriteError::Stdout(error),
            OutputWriter::File { path, .. } => WriteError::Io {
                path: path.clone(),
                error,
            },
        }
    }
}

/// A temporary file in the same folder as `path` (so the final rename is atomic), with the
/// usual permissions of a new file.
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".borderscope-").suffix(".tmp");
    // Temporary files are private (0600) by default; the output should get the usual mode,
    // 0666 less the umask, like any file the user creates.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).map_err(|error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    })
}

/// Renames a finished temporary file to `path`: replacing a file only with `force`.
fn persist(tmp: tempfile::NamedTempFile, path: &Path, force: bool) -> Result<(), WriteError> {
    let io = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    if force {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        // No-clobber, in case the file appeared while we wrote.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
}

fn write_file_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    let io = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    if !force && path.exists() {
        return Err(WriteError::Exists {
            path: path.to_path_buf(),
        });
    }
    let mut tmp = temp_beside(path)?;
    let _pending = Pending::new(tmp.path());
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    persist(tmp, path, force)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_replace_without_force_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.geojson");
        std::fs::write(&path, "old").unwrap();
        let err = Output::new(&path, false).write_all(b"new").unwrap_err();
        assert!(matches!(err, WriteError::Exists { .. }));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        Output::new(&path, true).write_all(b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.geojson")]);
    }
}
