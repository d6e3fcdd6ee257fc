//! The order of day and month in a CSV file's numeric dates (`16/09/2022` or `9/16/2022`),
//! found over the whole file: a date whose first number is above 12 can only be day first,
//! one whose second is, month first. One kind alone decides, and is said; both kinds, or
//! neither (every date reads either way), and the file cannot be read without being told.

use std::path::Path;

use super::CsvSource;
use crate::io::csv_split;
use crate::io::error::{DateOrderProblem, LoadError};
use crate::io::incidents::IncidentColumns;
use crate::model::{DateFormat, DayMonth, day_month_order};

/// The first date seen of one kind: its line and text.
type Seen = Option<(u64, String)>;

impl CsvSource {
    /// Decides the order of day and month when the dates are numeric and the format was left
    /// to be found ([`DateFormat::Auto`]): reads the file at `path` a second time, its date
    /// column only, and stops at the first record when that is not a numeric date. Sets the
    /// layout's format and its note, or says why the file cannot tell.
    pub(crate) fn find_day_month(
        &mut self,
        path: &Path,
        columns: &IncidentColumns,
    ) -> Result<(), LoadError> {
        if !self.layout.dates.order_unknown() {
            return Ok(());
        }
        let read_err = |error| LoadError::Read {
            file: self.file.clone(),
            error,
        };
        let f = std::fs::File::open(path).map_err(read_err)?;
        let mut again = CsvSource::new(
            Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            &self.file,
            columns,
        )?;
        let (col, dialect) = (again.layout.date, again.layout.dialect);
        let (mut day_first, mut month_first, mut either): (Seen, Seen, Seen) = (None, None, None);
        let mut first = true;
        let mut numeric = false;
        'blocks: while let Some(block) = again.next_block(1 << 20)? {
            if block.oversized.is_some() {
                continue;
            }
            let mut stop = false;
            csv_split::for_each_record(&block, dialect, |r| {
                if stop {
                    return;
                }
                let Some(text) = r.fields.get(col).and_then(|t| std::str::from_utf8(t).ok()) else {
                    return;
                };
                let text = text.trim();
                if text.is_empty() {
                    return;
                }
                let order = day_month_order(text);
                if first {
                    first = false;
                    numeric = order.is_some();
                    if !numeric {
                        stop = true;
                        return;
                    }
                }
                let slot = match order {
                    Some(DayMonth::DayFirst) => &mut day_first,
                    Some(DayMonth::MonthFirst) => &mut month_first,
                    Some(DayMonth::Either) => &mut either,
                    Some(DayMonth::Same) | None => return,
                };
                if slot.is_none() {
                    *slot = Some((r.line, text.to_string()));
                }
                stop = day_first.is_some() && month_first.is_some();
            });
            if stop {
                break 'blocks;
            }
        }
        if !numeric {
            return Ok(());
        }
        let (format, problem) = match (day_first, month_first) {
            (Some(d), Some(m)) => (
                None,
                Some(DateOrderProblem::Both {
                    day_first: d,
                    month_first: m,
                }),
            ),
            (Some((line, text)), None) => (
                Some((DateFormat::DayFirst, "day first", line, text, "month")),
                None,
            ),
            (None, Some((line, text))) => (
                Some((DateFormat::MonthFirst, "month first", line, text, "day")),
                None,
            ),
            (None, None) => match either {
                Some(e) => (None, Some(DateOrderProblem::Either { example: e })),
                // Every date is the same either way (04/04/2022): nothing to decide.
                None => return Ok(()),
            },
        };
        if let Some(problem) = problem {
            return Err(LoadError::DateOrder {
                file: self.file.clone(),
                column: self.layout.names[col].clone(),
                problem: Box::new(problem),
            });
        }
        let (format, how, line, text, other) = format.expect("one of the two");
        self.layout.dates = format;
        self.layout.date_note = Some(format!(
            "{}: `{}`: dates read {how}: none reads only the other way, and line {line}'s {text:?} cannot be {other} first",
            self.file, self.layout.names[col]
        ));
        Ok(())
    }
}
