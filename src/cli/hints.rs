//! What the command line adds to the library's errors: the flag that fixes the problem. The
//! library says what is wrong and carries the facts (which column is missing and what the
//! header has, that a file exists); it knows no flags. Every error the binary prints goes
//! through here: the final one ([`error_text`]) and the rows it skips ([`load_error`]).

use borderscope::io::{ColumnRole, LoadError, MissingColumn, NotText, WriteError};

/// The flag that names the column holding `role`.
pub fn column_flag(role: ColumnRole) -> &'static str {
    match role {
        ColumnRole::Id => "--id-col",
        ColumnRole::Date => "--date-col",
        ColumnRole::Lat => "--lat-col",
        ColumnRole::Lon => "--lon-col",
        ColumnRole::Fatalities => "--fatalities-col",
        ColumnRole::Uncertainty => "--uncertainty-col",
    }
}

/// An error and its causes, joined as `{e:#}` joins them, with the flag hints.
pub fn error_text(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| {
            if let Some(e) = cause.downcast_ref::<LoadError>() {
                load_error(e)
            } else if let Some(e) = cause.downcast_ref::<WriteError>() {
                write_error(e)
            } else {
                cause.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

/// A load error, with the flag that fixes it.
pub fn load_error(e: &LoadError) -> String {
    match e {
        LoadError::MissingColumn {
            file,
            place,
            missing,
        } => format!("{file}: {place}: `(header)`: {}", missing_column(missing)),
        LoadError::DateOrder { .. } => format!(
            "{e}: give it with --date-format day-first, month-first or a pattern (e.g. %d/%m/%Y)"
        ),
        LoadError::NotText {
            what: NotText::Gzip,
            ..
        } => format!("{e}, or pipe it in (zcat FILE | borderscope ... --incidents -)"),
        _ => e.to_string(),
    }
}

/// A write error, with the flag that fixes it.
pub fn write_error(e: &WriteError) -> String {
    match e {
        WriteError::Exists { .. } => format!("{e}; pass --force to replace it"),
        WriteError::StdoutIsInput { .. } => format!("{e}; write with --out to another file"),
        _ => e.to_string(),
    }
}

/// "has no column named latitude or lat or y; name it with --lat-col (its columns are: …)".
fn missing_column(m: &MissingColumn) -> String {
    let flag = column_flag(m.role);
    let cause = m
        .cause()
        .map(|c| format!("{} So it ", c.replace("the delimiter", "`--delimiter`")))
        .unwrap_or_default();
    cause
        + &match &m.given {
            Some(name) => format!(
                "has no column {name:?} (given with {flag}); its columns are: {}",
                m.columns
            ),
            None => format!(
                "has no column named {}; name it with {flag} (its columns are: {})",
                m.usual.join(" or "),
                m.columns
            ),
        }
}
