//! Errors of the file loaders: each names the file, the place in it, and the field.

use std::fmt;

use super::incidents::ColumnRole;

/// A path as messages show it: as it is, or quoted with escapes when it has control
/// characters (a name with a line feed must not make a message look like two).
pub fn file_label(path: &std::path::Path) -> String {
    let shown = path.display().to_string();
    if shown.chars().any(char::is_control) {
        format!("{shown:?}")
    } else {
        shown
    }
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The document as a whole (its top-level members).
    Document,
    /// A GeoJSON feature, by 0-based index in `features`, with its id when it has one.
    Feature {
        /// 0-based position in the `features` array.
        index: usize,
        /// What names the feature, when known: its id (a settlement's name; an incident's
        /// number from 1 when it has no id).
        id: Option<String>,
    },
    /// A JSON record that is not a GeoJSON Feature (an API response's, an array's or a line's),
    /// by 0-based index, with its id when it has one.
    Record {
        /// 0-based position among the file's records.
        index: usize,
        /// Its id, or its number from 1 when it has none.
        id: Option<String>,
    },
    /// A named object of a TopoJSON topology, or a country found in a file.
    Object(String),
    /// A line of a CSV file (1-based, the header being line 1).
    Line(u64),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Document => f.write_str("top level"),
            Place::Feature {
                index,
                id: Some(id),
            } => write!(f, "feature {index} (id {id:?})"),
            Place::Feature { index, id: None } => write!(f, "feature {index}"),
            Place::Record {
                index,
                id: Some(id),
            } => write!(f, "record {index} (id {id:?})"),
            Place::Record { index, id: None } => write!(f, "record {index}"),
            Place::Object(name) => write!(f, "object {name:?}"),
            Place::Line(n) => write!(f, "line {n}"),
        }
    }
}

/// A file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    // The I/O error is part of the message rather than a `source`, so that printing the
    // error chain does not repeat it.
    /// The file could not be read (it does not exist, is not UTF-8 text, ...).
    #[error("{file}: cannot read: {error}")]
    Read {
        /// The file, as messages name it.
        file: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// The file is not valid JSON.
    #[error("{file}: line {line}, column {column}: {message}")]
    Json {
        /// The file, as messages name it.
        file: String,
        /// Where the syntax error is: the line, from 1.
        line: usize,
        /// And the column, in bytes from 1, as serde_json counts them.
        column: usize,
        /// What is wrong, with a hint for common causes (NaN, an empty file).
        message: String,
    },
    /// A value that is not what the format allows; reading may go on past it when it is
    /// confined to one record ([`LoadError::is_row_error`]).
    #[error("{file}: {place}: `{field}`: {problem}")]
    Invalid {
        /// The file, as messages name it.
        file: String,
        /// Where in the file.
        place: Place,
        /// A path to the field, e.g. `properties.history[2].from`.
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A problem at a place from which the rest of the file cannot be read (e.g. a quoted
    /// field that is never closed and runs to the end of the file).
    #[error("{file}: {place}: `{field}`: {problem}")]
    Unreadable {
        /// The file, as messages name it.
        file: String,
        /// Where in the file.
        place: Place,
        /// What could not be read: `(header)` or `(row)`.
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// A CSV header without a column that is needed: the error says which, and what the
    /// header has (a caller that knows how its user names columns can say so).
    #[error("{file}: {place}: `(header)`: {missing}")]
    MissingColumn {
        /// The file, as messages name it.
        file: String,
        /// The header's line.
        place: Place,
        /// Which column, and what the header has instead.
        missing: Box<MissingColumn>,
    },
    /// A file whose numeric dates do not say whether the day or the month comes first.
    #[error("{file}: `{column}`: {problem}")]
    DateOrder {
        /// The file, as messages name it.
        file: String,
        /// The date column.
        column: String,
        /// What the dates show.
        problem: Box<DateOrderProblem>,
    },
    /// A file that is not text (compressed, an archive, UTF-16) where text was expected.
    #[error("{file}: {}: `(file)`: {what}", Place::Line(1))]
    NotText {
        /// The file, as messages name it.
        file: String,
        /// What it is instead.
        what: NotText,
    },
}

/// A column a CSV header lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingColumn {
    /// What the column was to hold.
    pub role: ColumnRole,
    /// The name asked for ([`IncidentColumns`](super::IncidentColumns)); `None` when the
    /// usual names were looked for.
    pub given: Option<String>,
    /// The usual names of the column, looked for when none was given.
    pub usual: &'static [&'static str],
    /// The header's columns, as a message lists them (the first 40, each shortened).
    pub columns: String,
    /// When the header was read as one column holding another delimiter ("semicolons",
    /// "tabs", "bars", "commas"): the likely cause, which messages give first.
    pub one_column_with: Option<&'static str>,
}

impl MissingColumn {
    /// The cause a message gives first, when the header shows one: "is one column with
    /// semicolons in it: was the delimiter given wrongly?".
    pub fn cause(&self) -> Option<String> {
        self.one_column_with.map(|name| {
            format!("is one column with {name} in it: was the delimiter given wrongly?")
        })
    }
}

impl fmt::Display for MissingColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(cause) = self.cause() {
            write!(f, "{cause} So it ")?;
        }
        match &self.given {
            Some(name) => write!(
                f,
                "has no column {name:?} (asked for the {}); its columns are: {}",
                self.role.name(),
                self.columns
            ),
            None => write!(
                f,
                "has no column named {} (its columns are: {})",
                self.usual.join(" or "),
                self.columns
            ),
        }
    }
}

/// Why the order of day and month of a file's numeric dates cannot be found (each date a line
/// and its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateOrderProblem {
    /// Some dates can only be day first, others only month first.
    Both {
        /// The first date that can only be day first.
        day_first: (u64, String),
        /// The first date that can only be month first.
        month_first: (u64, String),
    },
    /// Every date reads either way (no day above 12).
    Either {
        /// The first such date.
        example: (u64, String),
    },
}

impl fmt::Display for DateOrderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateOrderProblem::Both {
                day_first: (dl, dt),
                month_first: (ml, mt),
            } => write!(
                f,
                "has dates day first (line {dl}: {dt:?}) and month first (line {ml}: {mt:?}): the file mixes two orders, so no date of it can be read without being told which is meant"
            ),
            DateOrderProblem::Either {
                example: (line, text),
            } => write!(
                f,
                "has numeric dates that all read either way (none has a day above 12; line {line}: {text:?}): the order of day and month must be given"
            ),
        }
    }
}

/// What a file that should be text is instead, as its first bytes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// gzip-compressed data.
    Gzip,
    /// A ZIP archive (an Excel workbook is one).
    Zip,
    /// UTF-16 text (a byte-order mark of either order).
    Utf16,
    /// NUL bytes in the first line.
    Nul,
}

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NotText::Gzip => "is gzip-compressed, not CSV text: decompress it first",
            NotText::Zip => {
                "is a ZIP archive (an Excel workbook?), not CSV text: unzip it or export it as CSV"
            }
            NotText::Utf16 => "is UTF-16 text: save it as UTF-8 CSV",
            NotText::Nul => "has NUL bytes in its first line: not CSV text",
        })
    }
}

impl LoadError {
    /// Whether the problem is confined to one record (a CSV row or a GeoJSON feature of an
    /// incident file), so that the rest of the file can still be used.
    pub fn is_row_error(&self) -> bool {
        matches!(
            self,
            LoadError::Invalid {
                place: Place::Line(_) | Place::Feature { .. } | Place::Record { .. },
                ..
            }
        )
    }

    /// A JSON syntax error in `text` (when the whole text is at hand), with a hint where the
    /// cause is a common one.
    pub(crate) fn json(file: &str, err: &serde_json::Error, text: Option<&str>) -> Self {
        // serde_json appends " at line L column C" to its message; we report those separately.
        let message = err.to_string();
        let mut message = match message.rfind(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        // The text from the error's position on (columns count bytes, from 1), when at hand.
        let at = text
            .and_then(|t| t.lines().nth(err.line().saturating_sub(1)))
            .and_then(|l| l.get(err.column().saturating_sub(1)..))
            .unwrap_or_default();
        let empty = match text {
            Some(t) => t.trim().is_empty(),
            None => err.line() <= 1 && err.column() == 0 && err.is_eof(),
        };
        if empty {
            message = "the file is empty".to_string();
        } else if ["NaN", "Infinity", "-Infinity"]
            .iter()
            .any(|w| at.starts_with(w))
        {
            message.push_str(
                ": NaN and Infinity are not JSON numbers (write null, or drop the position)",
            );
        } else if message.starts_with("number out of range") {
            message.push_str(": the number is beyond the range of a 64-bit float (about 1.8e308)");
        }
        let message = if message.starts_with("duplicate key") {
            format!("ambiguous JSON: {message}")
        } else {
            format!("not valid JSON: {message}")
        };
        LoadError::Json {
            file: file.to_string(),
            line: err.line(),
            column: err.column(),
            message,
        }
    }

    pub(crate) fn invalid(
        file: &str,
        place: &Place,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        LoadError::Invalid {
            file: file.to_string(),
            place: place.clone(),
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// Reads a whole file to a string, with the file named in the error.
pub(crate) fn read_to_string(path: &std::path::Path) -> Result<String, LoadError> {
    let bytes = std::fs::read(path).map_err(|error| LoadError::Read {
        file: file_label(path),
        error,
    })?;
    String::from_utf8(bytes).map_err(|e| LoadError::Read {
        file: file_label(path),
        error: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ),
    })
}
