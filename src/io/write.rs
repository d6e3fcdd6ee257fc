//! Output files: `-` for stdout; a file is written to a temporary file beside it and renamed
//! into place, so an interrupted run never leaves half a file, and an existing file is only
//! replaced when asked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::error::file_label;

mod write_back;
use write_back::{Progress, write_back};

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

/// Keeps a temporary file's path in the list that [`remove_pending_files`] empties, while it
/// lives (opaque).
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

/// Why output could not be written. A message says what is wrong, not which flag of a caller
/// would change it: [`WriteError::Exists`] (replace with [`Output::new`]'s `force`) and
/// [`WriteError::StdoutIsInput`] (write to a file) leave the remedy to the caller.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and may not be replaced (the output was made without `force`).
    #[error("{}: already exists", file_label(path))]
    Exists {
        /// The output's path.
        path: PathBuf,
    },
    /// The path names a folder.
    #[error("{}: is a folder, not a file", file_label(path))]
    IsFolder {
        /// The output's path.
        path: PathBuf,
    },
    /// The folder the file would go in does not exist.
    #[error("{}: the folder it would go in does not exist", file_label(path))]
    NoFolder {
        /// The output's path.
        path: PathBuf,
    },
    /// The output is one of the inputs (the same file, by whatever name).
    #[error(
        "{}: is {}, which is read: an output never replaces an input (write it elsewhere)",
        file_label(path),
        if path == input { "an input".to_string() } else { format!("the input {}", file_label(input)) }
    )]
    IsInput {
        /// The output's path.
        path: PathBuf,
        /// The input it would replace, as given.
        input: PathBuf,
    },
    /// Standard output was redirected to one of the inputs (`> input.csv`).
    #[error(
        "standard output is the input {}: the shell has already emptied it",
        file_label(input)
    )]
    StdoutIsInput {
        /// The input, as given.
        input: PathBuf,
    },
    /// Two outputs are the same file (or both standard output).
    #[error("{}: is named for two outputs", file_label(path))]
    Twice {
        /// The path named twice (`-` for standard output).
        path: PathBuf,
    },
    // The I/O error is part of the message, not a separate `source`, so that printing the
    // error chain does not say it twice.
    /// Opening, writing or moving the file into place failed.
    #[error("{}: cannot write: {error}", file_label(path))]
    Io {
        /// The output's path.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// Writing to standard output failed (with what the system said).
    #[error("standard output: {0}")]
    Stdout(std::io::Error),
}

impl WriteError {
    /// Whether the reader went away (`| head`): not an error for a command-line tool.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, WriteError::Stdout(e) | WriteError::Io { error: e, .. } if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Where output goes.
///
/// ```
/// use std::io::Write;
/// use borderscope::{Output, WriteError};
///
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out.csv");
/// Output::new(&path, false).write_all(b"a\n").unwrap();
/// // An existing file is only replaced with `force`.
/// let err = Output::new(&path, false).write_all(b"b\n").unwrap_err();
/// assert!(matches!(err, WriteError::Exists { .. }));
/// // Piece by piece: the file appears whole at `finish`.
/// let mut w = Output::new(&path, true).writer().unwrap();
/// writeln!(w, "c").unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\n");
/// w.finish().unwrap();
/// assert_eq!(std::fs::read_to_string(&path).unwrap(), "c\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output (`-` or `/dev/stdout`).
    Stdout,
    /// A file, written beside itself and renamed into place.
    File {
        /// The file's path.
        path: PathBuf,
        /// Whether an existing file may be replaced.
        force: bool,
    },
    /// Something that is not a regular file (a device such as `/dev/null`, a named pipe, a
    /// terminal, `/dev/fd/3`): written to directly, as a stream, as the shell's `>` would.
    Stream {
        /// The path, as given.
        path: PathBuf,
    },
}

/// The same file (device and inode), whatever name leads to it.
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Names that stand for an open file descriptor rather than a file in a folder.
fn is_descriptor_name(path: &Path) -> bool {
    let s = path.as_os_str().to_string_lossy();
    matches!(
        &*s,
        "/dev/stdout" | "/dev/stderr" | "/dev/stdin" | "/dev/tty"
    ) || s.starts_with("/dev/fd/")
        || (s.starts_with("/proc/") && s.contains("/fd/"))
}

/// Follows symbolic links to the file they name (which may not exist yet), as writing through
/// them does.
fn follow_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(target) => {
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                }
            }
            Err(_) => break,
        }
    }
    p
}

impl Output {
    /// `-` means stdout; `/dev/stdout` too; an existing file that is not a regular file (a
    /// device, a pipe) is a stream; anything else is a file path.
    pub fn new(target: &Path, force: bool) -> Self {
        if target.as_os_str() == "-" || target.as_os_str() == "/dev/stdout" {
            return Output::Stdout;
        }
        let is_stream = is_descriptor_name(target)
            || std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if is_stream {
            Output::Stream {
                path: target.to_path_buf(),
            }
        } else {
            Output::File {
                path: target.to_path_buf(),
                force,
            }
        }
    }

    /// The path written to, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Output::Stdout => None,
            Output::File { path, .. } | Output::Stream { path } => Some(path),
        }
    }

    /// Fails early if the output cannot or may not be written: a folder, a file in a folder
    /// that does not exist, a file that exists and may not be replaced. So a long run does not
    /// end in that error. (The write checks again.)
    pub fn check_writable(&self) -> Result<(), WriteError> {
        let Output::File { path, force } = self else {
            return Ok(());
        };
        let target = follow_links(path);
        let err = |f: fn(PathBuf) -> WriteError| Err(f(path.to_path_buf()));
        match std::fs::metadata(&target) {
            Ok(m) if m.is_dir() => return err(|path| WriteError::IsFolder { path }),
            Ok(_) if !force => return err(|path| WriteError::Exists { path }),
            Ok(_) => {}
            Err(_) => {
                let dir = match target.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                if !dir.is_dir() {
                    return err(|path| WriteError::NoFolder { path });
                }
            }
        }
        Ok(())
    }

    /// Fails if writing here would replace one of `inputs` (`-` is standard input). Files are
    /// compared by identity: the same file under another name, through a symbolic link or a
    /// hard link, is the same file. Standard output is checked too, for `> input.csv`.
    pub fn check_not_input(&self, inputs: &[&Path]) -> Result<(), WriteError> {
        let mine = match self {
            Output::Stdout => std::fs::metadata("/dev/stdout"),
            Output::File { path, .. } | Output::Stream { path } => std::fs::metadata(path),
        };
        let Ok(mine) = mine else { return Ok(()) };
        if !mine.is_file() {
            // Devices, pipes and terminals can be read and written at once.
            return Ok(());
        }
        for input in inputs {
            let theirs = if input.as_os_str() == "-" {
                std::fs::metadata("/dev/stdin")
            } else {
                std::fs::metadata(input)
            };
            if theirs.is_ok_and(|t| same_file(&mine, &t)) {
                return Err(match self {
                    Output::Stdout => WriteError::StdoutIsInput {
                        input: input.to_path_buf(),
                    },
                    Output::File { path, .. } | Output::Stream { path } => WriteError::IsInput {
                        path: path.clone(),
                        input: input.to_path_buf(),
                    },
                });
            }
        }
        Ok(())
    }

    /// Fails if this output and `other` are the same file (by identity when it exists, by
    /// name when it does not yet).
    pub fn check_distinct(&self, other: &Output) -> Result<(), WriteError> {
        let (Some(a), Some(b)) = (self.path(), other.path()) else {
            return if *self == Output::Stdout && *other == Output::Stdout {
                Err(WriteError::Twice {
                    path: PathBuf::from("-"),
                })
            } else {
                Ok(())
            };
        };
        let same = match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => same_file(&x, &y),
            _ => absolute(&follow_links(a)) == absolute(&follow_links(b)),
        };
        if same {
            Err(WriteError::Twice {
                path: b.to_path_buf(),
            })
        } else {
            Ok(())
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
            Output::Stream { .. } => {
                let mut w = self.writer()?;
                w.write_all(bytes).map_err(|e| w.error(e))?;
                w.finish()
            }
        }
    }
}

/// A path made absolute (its folder resolved where it exists), for comparing names.
fn absolute(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    match path.file_name() {
        Some(name) => dir.join(name),
        None => dir,
    }
}

/// A writer for output produced piece by piece. A file is written to a temporary file beside
/// it and only renamed into place by [`OutputWriter::finish`]: if the run stops before that
/// (an error, Ctrl-C), the temporary file is removed and nothing is left behind.
pub enum OutputWriter {
    /// To standard output, buffered.
    Stdout(std::io::BufWriter<std::io::Stdout>),
    /// To a temporary file beside the file, renamed onto it by [`OutputWriter::finish`].
    File {
        /// The temporary file, buffered.
        tmp: std::io::BufWriter<tempfile::NamedTempFile>,
        /// The file it becomes.
        path: PathBuf,
        /// Whether an existing file may be replaced.
        force: bool,
        /// How far the file is written, and how far that has been handed to the disk ahead
        /// of [`OutputWriter::finish`] ([`write_back`]).
        progress: Progress,
        /// Dropped after the file is persisted or removed.
        _pending: Pending,
    },
    /// Straight to a device, pipe or descriptor ([`Output::Stream`]), appending, buffered.
    Stream {
        /// The opened stream, buffered.
        out: std::io::BufWriter<std::fs::File>,
        /// Its path, as given.
        path: PathBuf,
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
                let tmp = temp_beside(&follow_links(path), path)?;
                let pending = Pending::new(tmp.path());
                Ok(OutputWriter::File {
                    tmp: std::io::BufWriter::with_capacity(1 << 16, tmp),
                    path: path.clone(),
                    force: *force,
                    progress: Progress::default(),
                    _pending: pending,
                })
            }
            Output::Stream { path } => {
                // Appending: a device or a pipe ignores it, and a regular file reached through
                // a descriptor name (/dev/fd/3) is never truncated.
                let file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .map_err(|error| WriteError::Io {
                        path: path.clone(),
                        error,
                    })?;
                Ok(OutputWriter::Stream {
                    out: std::io::BufWriter::with_capacity(1 << 16, file),
                    path: path.clone(),
                })
            }
        }
    }
}

impl Write for OutputWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutputWriter::Stdout(w) => w.write(buf),
            OutputWriter::File { tmp, progress, .. } => {
                let n = tmp.write(buf)?;
                progress.handed += n as u64;
                write_back(tmp, progress);
                Ok(n)
            }
            OutputWriter::Stream { out, .. } => out.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            OutputWriter::Stdout(w) => w.write_all(buf),
            OutputWriter::File { tmp, progress, .. } => {
                tmp.write_all(buf)?;
                progress.handed += buf.len() as u64;
                write_back(tmp, progress);
                Ok(())
            }
            OutputWriter::Stream { out, .. } => out.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutputWriter::Stdout(w) => w.flush(),
            OutputWriter::File { tmp, .. } => tmp.flush(),
            OutputWriter::Stream { out, .. } => out.flush(),
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
            OutputWriter::Stream { mut out, path } => {
                out.flush().map_err(|error| WriteError::Io { path, error })
            }
        }
    }

    /// Maps an error of writing to this output to a [`WriteError`] naming it.
    pub fn error(&self, error: std::io::Error) -> WriteError {
        match self {
            OutputWriter::Stdout(_) => WriteError::Stdout(error),
            OutputWriter::File { path, .. } | OutputWriter::Stream { path, .. } => WriteError::Io {
                path: path.clone(),
                error,
            },
        }
    }
}

/// A temporary file in the same folder as `target` (so the final rename is atomic), with the
/// usual permissions of a new file; `shown` names the output in errors.
fn temp_beside(target: &Path, shown: &Path) -> Result<tempfile::NamedTempFile, WriteError> {
    let dir = match target.parent() {
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
        path: shown.to_path_buf(),
        error,
    })
}

/// Renames a finished temporary file onto `path` (onto the file a symbolic link names, which
/// stays a link): replacing a file only with `force`, and then keeping its permissions.
fn persist(tmp: tempfile::NamedTempFile, path: &Path, force: bool) -> Result<(), WriteError> {
    let io = |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
    };
    let target = follow_links(path);
    if force {
        if let Ok(old) = std::fs::metadata(&target) {
            if old.is_dir() {
                return Err(WriteError::IsFolder {
                    path: path.to_path_buf(),
                });
            }
            std::fs::set_permissions(tmp.path(), old.permissions()).map_err(io)?;
        }
        tmp.persist(&target).map_err(|e| io(e.error))?;
    } else {
        // No-clobber, in case the file appeared while we wrote.
        tmp.persist_noclobber(&target).map_err(|e| {
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
    Output::File {
        path: path.to_path_buf(),
        force,
    }
    .check_writable()?;
    let mut tmp = temp_beside(&follow_links(path), path)?;
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
