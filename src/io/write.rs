//! Output files: `-` for stdout; a file is written to a temporary file beside it and renamed
//! into place, so an interrupted run never leaves half a file, and an existing file is only
//! replaced when asked.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
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
