//! Cutting a CSV stream into blocks of whole records, so that blocks can be parsed in parallel
//! and memory stays bounded however long the file is.
//!
//! (Over 600 lines: the record scanner and the block cutter are one mechanism, both bound to
//! end records exactly where `csv::Reader` does; their tests check them together.)
//!
//! Written here rather than taken from a crate: the `csv` crate reads records one after the
//! other and cannot say where a record ends without parsing every field; `csv-core` can, but
//! at parsing speed, on the one thread that feeds the others. What the parallel reader needs
//! is only where records end, found as fast as `memchr` finds bytes, and found *exactly* where
//! a sequential `csv::Reader` (with the same terminator) ends them, on any input.
//!
//! [`RecordScanner`] is the `csv-core` state machine (quoting on, doubled quotes, no escape
//! character, no comments) reduced to what decides record ends:
//! - a `"` opens a quoted field only at the start of a field (the first byte of a record, or
//!   right after a delimiter or a terminator); anywhere else, as in `5'11"`, it is an ordinary
//!   character;
//! - inside a quoted field, `""` is a quote and a lone `"` closes the field; what follows up to
//!   the next delimiter belongs to the field, unquoted;
//! - a terminator outside quotes ends the record; terminators at the start of a record are
//!   blank lines, which the reader skips.
//!
//! The terminator is one byte, found from the header line ([`CsvBlocks::next_record`]): `\n`
//! for LF and CRLF files (a CR before it belongs to the last field and is trimmed with it, and
//! a bare CR inside a field is a character, not a line end), or `\r` for files with lone CR
//! line ends (classic Mac OS, some Excel exports).
//!
//! A record longer than the block limit is not held in memory: it is reported as an
//! [`OversizedRecord`] (its lines and bytes counted), and reading goes on after its end.

use std::io::{self, Read};

/// Blocks grow beyond the target only to reach the end of a record, and never beyond this.
pub const MAX_BLOCK: usize = 64 << 20;

/// The header line may be at most this long.
pub const MAX_HEADER: usize = 8 << 20;

/// A run of whole records, or one record too long to hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub bytes: Vec<u8>,
    /// The line number (1-based) of the first byte of the block.
    pub first_line: u64,
    /// Offset of the block's first byte in the stream.
    pub offset: u64,
    /// `Some` when the block stands for one record longer than the block limit, whose bytes
    /// were skipped (`bytes` is then empty).
    pub oversized: Option<OversizedRecord>,
}

impl Block {
    /// A block of whole records.
    pub fn records(bytes: Vec<u8>, first_line: u64, offset: u64) -> Self {
        Block {
            bytes,
            first_line,
            offset,
            oversized: None,
        }
    }
}

/// Why the header line could not be cut out of the stream.
#[derive(Debug, thiserror::Error)]
pub enum HeaderError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("is longer than {} MB{}", MAX_HEADER >> 20, if *.quoted { ": a quoted field in it is never closed" } else { "" })]
    TooLong { quoted: bool },
    #[error("has a quoted field that is never closed")]
    UnclosedQuote,
}

/// A record longer than the block limit, skipped whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OversizedRecord {
    /// Its length in bytes, with the blank lines before it and its terminator.
    pub len: u64,
    /// The line (1-based) on which it starts, after any blank lines.
    pub line: u64,
    /// How many lines it spans.
    pub lines: u64,
    /// Whether the stream ended inside a quoted field of it.
    pub unclosed_quote: bool,
}

/// Where record ends are: the byte that ends a line and the field delimiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// `b'\n'` (LF and CRLF files) or `b'\r'` (lone CR).
    pub terminator: u8,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect {
            delimiter: b',',
            terminator: b'\n',
        }
    }
}

impl Dialect {
    /// The `csv` crate reader that reads records exactly where this dialect ends them.
    pub fn reader_builder(&self) -> csv::ReaderBuilder {
        let mut b = csv::ReaderBuilder::new();
        b.has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter)
            .terminator(csv::Terminator::Any(self.terminator));
        b
    }
}

/// Finds record ends in a stream fed to it piece by piece (see the module documentation).
#[derive(Debug, Clone)]
pub struct RecordScanner {
    dialect: Dialect,
    quoted: bool,
    /// The last byte fed was a `"` inside a quoted field: the next byte decides whether it
    /// closes the field or is the first of a doubled quote.
    quote_pending: bool,
    /// The last byte fed (a terminator at the start: the stream starts a record).
    prev: u8,
}

impl RecordScanner {
    /// A scanner at the start of a record.
    pub fn new(dialect: Dialect) -> Self {
        RecordScanner {
            dialect,
            quoted: false,
            quote_pending: false,
            prev: dialect.terminator,
        }
    }

    /// Whether the bytes fed so far end inside a quoted field (a lone `"` at the very end
    /// closes it, as it does at the end of the stream).
    pub fn inside_quotes(&self) -> bool {
        self.quoted && !self.quote_pending
    }

    /// Feeds the next bytes of the stream; calls `end` with the offset (in `bytes`) just after
    /// every terminator that ends a record or a blank line, until `end` returns `false`.
    /// Returns how many bytes were fed (all of them, unless `end` stopped it).
    pub fn feed(&mut self, bytes: &[u8], mut end: impl FnMut(usize) -> bool) -> usize {
        let (term, delim) = (self.dialect.terminator, self.dialect.delimiter);
        let mut i = 0;
        if self.quote_pending && !bytes.is_empty() {
            self.quote_pending = false;
            if bytes[0] == b'"' {
                // A doubled quote: still inside the quoted field.
                i = 1;
            } else {
                // The quote closed the field; bytes[0] is read outside quotes below.
                self.quoted = false;
            }
        }
        while i < bytes.len() {
            if self.quoted {
                match memchr::memchr(b'"', &bytes[i..]) {
                    None => {
                        i = bytes.len();
                        self.prev = bytes[i - 1];
                    }
                    Some(k) => {
                        let j = i + k;
                        self.prev = b'"';
                        match bytes.get(j + 1) {
                            Some(b'"') => i = j + 2,
                            Some(_) => {
                                self.quoted = false;
                                i = j + 1;
                            }
                            None => {
                                self.quote_pending = true;
                                i = j + 1;
                            }
                        }
                    }
                }
            } else {
                match memchr::memchr2(b'"', term, &bytes[i..]) {
                    None => {
                        i = bytes.len();
                        self.prev = bytes[i - 1];
                    }
                    Some(k) => {
                        let j = i + k;
                        let before = if j == 0 { self.prev } else { bytes[j - 1] };
                        i = j + 1;
                        if bytes[j] == term {
                            self.prev = term;
                            if !end(i) {
                                return i;
                            }
                        } else {
                            if before == delim || before == term {
                                self.quoted = true;
                            }
                            self.prev = b'"';
                        }
                    }
                }
            }
        }
        i
    }
}

/// Reads blocks of whole records from a byte stream.
pub struct CsvBlocks<R> {
    inner: R,
    /// Bytes read but not yet handed out; they start at a record boundary.
    pending: Vec<u8>,
    /// How many bytes of `pending` the scanner has seen.
    scanned: usize,
    /// The first and the last record end the scanner found in `pending`.
    first_end: Option<usize>,
    last_end: Option<usize>,
    scanner: RecordScanner,
    dialect: Dialect,
    line: u64,
    offset: u64,
    eof: bool,
    max_block: usize,
}

impl<R: Read> CsvBlocks<R> {
    /// `first_line` is the line number the stream starts at (2 after a header line).
    pub fn new(inner: R, first_line: u64, offset: u64) -> Self {
        Self::with_dialect(inner, first_line, offset, Dialect::default())
    }

    /// A reader for a stream whose dialect is known.
    pub fn with_dialect(inner: R, first_line: u64, offset: u64, dialect: Dialect) -> Self {
        CsvBlocks {
            inner,
            pending: Vec::new(),
            scanned: 0,
            first_end: None,
            last_end: None,
            scanner: RecordScanner::new(dialect),
            dialect,
            line: first_line,
            offset,
            eof: false,
            max_block: MAX_BLOCK,
        }
    }

    /// Sets the block limit (for tests: small limits exercise the long-record path).
    pub fn with_max_block(mut self, max_block: usize) -> Self {
        self.max_block = max_block.max(1);
        self
    }

    /// The dialect records are cut by (found by [`next_record`](Self::next_record)).
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Cuts the records after the header by `delimiter` (chosen from the header, or given).
    pub fn set_delimiter(&mut self, delimiter: u8) {
        self.dialect.delimiter = delimiter;
    }

    /// The line number of the next byte to be handed out.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The first bytes of the stream (at least a few, unless it is shorter), not yet handed
    /// out: to tell what kind of file it is.
    pub fn head(&mut self) -> io::Result<&[u8]> {
        while self.pending.len() < 4 && !self.eof {
            self.fill(1 << 16)?;
        }
        Ok(&self.pending)
    }

    /// The next block of about `target` bytes (more if a record is longer), or `None` at the end.
    pub fn next_block(&mut self, target: usize) -> io::Result<Option<Block>> {
        let target = target.clamp(1, self.max_block);
        while !self.eof && self.pending.len() < target {
            self.fill(target - self.pending.len())?;
        }
        loop {
            self.scan();
            if self.first_end.is_some_and(|e| e > self.max_block)
                || (self.first_end.is_none() && self.pending.len() > self.max_block)
            {
                return self.skip_oversized().map(Some);
            }
            if let Some(cut) = self.last_end
                && (cut >= target.min(self.pending.len()) / 2
                    || self.eof
                    || self.pending.len() >= self.max_block)
            {
                return Ok(Some(self.take(cut)));
            }
            if self.eof {
                if self.pending.is_empty() {
                    return Ok(None);
                }
                let n = self.pending.len();
                return Ok(Some(self.take(n)));
            }
            let room = (self.max_block + 1).saturating_sub(self.pending.len());
            self.fill(target.max(1 << 12).min(room.max(1)))?;
        }
    }

    /// The first record alone (the header line), after any blank lines, and the dialect found
    /// from how it ends: a lone CR makes `\r` the terminator. `None` for a stream with nothing
    /// but white space. A header longer than [`MAX_HEADER`] is an error.
    pub fn next_record(&mut self) -> Result<Option<Block>, HeaderError> {
        // A byte-order mark, then blank lines, come before the header.
        loop {
            if self.pending.len() < 3 && !self.eof {
                self.fill(1 << 16)?;
                continue;
            }
            break;
        }
        let bom = if self.pending.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        let mut skip = bom;
        loop {
            while skip < self.pending.len() && self.pending[skip].is_ascii_whitespace() {
                skip += 1;
            }
            if skip < self.pending.len() || self.eof {
                break;
            }
            self.fill(1 << 16)?;
        }
        if skip == self.pending.len() && self.eof {
            return Ok(None);
        }
        // Lines skipped: LF, CRLF and lone CR each end one.
        let blank = &self.pending[bom..skip];
        let lines = blank
            .iter()
            .enumerate()
            .filter(|&(k, &b)| b == b'\n' || (b == b'\r' && blank.get(k + 1) != Some(&b'\n')))
            .count() as u64;
        let lead: Vec<u8> = self.pending.drain(..skip).collect();
        self.offset += lead.len() as u64;
        self.line += lines;
        // Keep the byte-order mark with the header, where callers strip it.
        if bom > 0 {
            self.pending.splice(0..0, lead[..bom].iter().copied());
            self.offset -= bom as u64;
        }
        let mut scan = 0;
        let (mut quoted, mut quote_pending, mut prev) = (false, false, b'\n');
        let cut = loop {
            let mut found = None;
            while scan < self.pending.len() {
                let b = self.pending[scan];
                if quote_pending {
                    quote_pending = false;
                    if b == b'"' {
                        scan += 1;
                        prev = b;
                        continue;
                    }
                    quoted = false;
                }
                if quoted {
                    if b == b'"' {
                        quote_pending = true;
                    }
                } else if b == b'"'
                    && (prev == self.dialect.delimiter || matches!(prev, b'\n' | b'\r'))
                {
                    quoted = true;
                } else if b == b'\n' {
                    found = Some((scan + 1, b'\n'));
                    break;
                } else if b == b'\r' {
                    match self.pending.get(scan + 1) {
                        Some(b'\n') => found = Some((scan + 2, b'\n')),
                        Some(_) => found = Some((scan + 1, b'\r')),
                        None if self.eof => found = Some((scan + 1, b'\r')),
                        // Whether a line feed follows is not known yet.
                        None => break,
                    }
                    break;
                }
                prev = b;
                scan += 1;
            }
            if let Some(f) = found {
                break Some(f);
            }
            if self.eof {
                break None;
            }
            if self.pending.len() > MAX_HEADER {
                return Err(HeaderError::TooLong { quoted });
            }
            self.fill(1 << 16)?;
        };
        let (cut, terminator) = cut.unwrap_or((self.pending.len(), b'\n'));
        if quoted && !quote_pending && cut == self.pending.len() && self.eof {
            return Err(HeaderError::UnclosedQuote);
        }
        self.dialect.terminator = terminator;
        self.scanner = RecordScanner::new(self.dialect);
        let block = self.take_unscanned(cut);
        Ok(Some(block))
    }

    /// Feeds the unscanned part of `pending` to the scanner.
    fn scan(&mut self) {
        let from = self.scanned;
        let (first, last) = (&mut self.first_end, &mut self.last_end);
        self.scanner.feed(&self.pending[from..], |e| {
            let e = from + e;
            first.get_or_insert(e);
            *last = Some(e);
            true
        });
        self.scanned = self.pending.len();
    }

    /// Skips a record that does not end within the block limit, reading on to its end.
    fn skip_oversized(&mut self) -> io::Result<Block> {
        let term = self.dialect.terminator;
        let first_line = self.line;
        let offset = self.offset;
        // Blank lines before the record start it no later.
        let blank = self
            .pending
            .iter()
            .take_while(|&&b| b == term)
            .count()
            .min(self.max_block);
        let line = first_line + blank as u64;
        let (mut len, mut lines, mut last) = (0u64, 0u64, term);
        loop {
            if let Some(e) = self.first_end {
                lines += memchr::memchr_iter(term, &self.pending[..e]).count() as u64;
                len += e as u64;
                self.pending.drain(..e);
                // What follows the end was scanned from a record start: scan it again.
                self.scanned = 0;
                self.first_end = None;
                self.last_end = None;
                self.scanner = RecordScanner::new(self.dialect);
                break;
            }
            lines += memchr::memchr_iter(term, &self.pending).count() as u64;
            len += self.pending.len() as u64;
            last = self.pending.last().copied().unwrap_or(last);
            self.pending.clear();
            self.scanned = 0;
            if self.eof {
                // The stream ended inside the record: its last line is one more, unless a
                // terminator (inside quotes) ended it.
                lines += u64::from(last != term);
                break;
            }
            // Never more than the limit and a byte in memory: every record handed out whole
            // is then within the limit.
            self.fill((1 << 20).min(self.max_block + 1))?;
            self.scan_until_first_end();
        }
        let unclosed = self.pending.is_empty() && self.eof && self.scanner.inside_quotes();
        self.line = first_line + lines;
        self.offset += len;
        Ok(Block {
            bytes: Vec::new(),
            first_line,
            offset,
            oversized: Some(OversizedRecord {
                len,
                line,
                lines: lines - blank as u64,
                unclosed_quote: unclosed,
            }),
        })
    }

    /// Scans the unscanned part of `pending` up to its first record end only.
    fn scan_until_first_end(&mut self) {
        let from = self.scanned;
        let mut found = None;
        let fed = self.scanner.feed(&self.pending[from..], |e| {
            found = Some(from + e);
            false
        });
        self.scanned = from + fed;
        self.first_end = found;
        self.last_end = found;
    }

    fn fill(&mut self, want: usize) -> io::Result<()> {
        let start = self.pending.len();
        self.pending.resize(start + want, 0);
        let n = loop {
            match self.inner.read(&mut self.pending[start..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.pending.truncate(start);
                    return Err(e);
                }
            }
        };
        self.pending.truncate(start + n);
        if n == 0 {
            self.eof = true;
        }
        Ok(())
    }

    /// Hands out the first `cut` bytes, which end at a record end the scanner found (or at
    /// the end of the stream).
    fn take(&mut self, cut: usize) -> Block {
        let block = self.take_unscanned(cut);
        self.scanned -= cut;
        self.first_end = None;
        self.last_end = None;
        block
    }

    fn take_unscanned(&mut self, cut: usize) -> Block {
        let rest = self.pending.split_off(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let block = Block::records(bytes, self.line, self.offset);
        self.line += memchr::memchr_iter(self.dialect.terminator, &block.bytes).count() as u64;
        self.offset += block.bytes.len() as u64;
        block
    }
}

/// One record of a block, as the `csv` crate reads it, with where it is.
#[derive(Debug)]
pub struct RawRecord<'a> {
    /// The record's fields (or why the csv crate could not read it).
    pub fields: Result<&'a csv::ByteRecord, csv::Error>,
    /// The line (1-based) the record starts on, after any blank lines.
    pub line: u64,
    /// Its bytes in the block, without the line ending.
    pub bytes: std::ops::Range<usize>,
    /// How many lines of the file it spans.
    pub lines: u64,
    /// Whether it ends where the block ends: the last record of a block, which, for the last
    /// block of a stream, may end inside a quoted field.
    pub at_block_end: bool,
}

/// Calls `f` with every record of a block of whole records (not an oversized one), in order,
/// read by the `csv` crate as the dialect says. Lines are counted here: the csv crate counts
/// line feeds only, and not those of skipped blank lines. (Incidents are read by the bitmask
/// splitter of [`csv_split`](crate::io::csv_split), which must give exactly these records:
/// this is its reference.)
pub fn for_each_raw_record(block: &Block, dialect: Dialect, mut f: impl FnMut(RawRecord<'_>)) {
    let term = dialect.terminator;
    let bytes = &block.bytes[..];
    let mut rdr = dialect.reader_builder().from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let (mut line, mut counted) = (block.first_line, 0usize);
    loop {
        let start = (rdr.position().byte() as usize).min(bytes.len());
        let more = rdr.read_byte_record(&mut rec);
        line += memchr::memchr_iter(term, &bytes[counted..start]).count() as u64;
        counted = start;
        // The record starts after the blank lines the reader skipped.
        let skip = bytes[start..].iter().take_while(|&&b| b == term).count();
        let end = (rdr.position().byte() as usize).clamp(start + skip, bytes.len());
        // Without its line ending: the terminator, and a CR before a line feed.
        let mut stop = end;
        if stop > start + skip && bytes[stop - 1] == term {
            stop -= 1;
            if term == b'\n' && stop > start + skip && bytes[stop - 1] == b'\r' {
                stop -= 1;
            }
        }
        let fields = match more {
            Ok(false) => break,
            Ok(true) => Ok(&rec),
            Err(e) => Err(e),
        };
        let own = &bytes[start + skip..stop];
        f(RawRecord {
            fields,
            line: line + skip as u64,
            bytes: start + skip..stop,
            lines: 1 + memchr::memchr_iter(term, own).count() as u64,
            at_block_end: end == bytes.len(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(input: &[u8], target: usize) -> Vec<Block> {
        let mut r = CsvBlocks::new(input, 2, 0);
        let mut out = Vec::new();
        while let Some(b) = r.next_block(target).unwrap() {
            out.push(b);
        }
        out
    }

    #[test]
    fn blocks_end_at_record_ends_and_count_lines() {
        let input = b"1,a\n2,\"x\ny\"\n3,\"q\"\"\n\"\n4,z\n5,w";
        for target in 1..=input.len() + 2 {
            let bs = blocks(input, target);
            let joined: Vec<u8> = bs.iter().flat_map(|b| b.bytes.clone()).collect();
            assert_eq!(joined, input, "target {target}");
            for b in &bs {
                // Every block but the last ends a record.
                if b.offset as usize + b.bytes.len() < input.len() {
                    assert_eq!(b.bytes.last(), Some(&b'\n'));
                    let s = String::from_utf8_lossy(&b.bytes);
                    assert_eq!(s.matches('"').count() % 2, 0, "cut inside quotes: {s:?}");
                }
            }
            // Line numbers: the block starting at "4,z" starts on line 2 + 5 newlines before it.
            for b in &bs {
                if b.bytes.starts_with(b"4,z") {
                    assert_eq!(b.first_line, 7);
                }
            }
        }
    }

    /// A quote inside an unquoted field is a character: it does not make the lines after it
    /// look quoted (the csv crate reads `5'11"` as it stands).
    #[test]
    fn a_quote_inside_an_unquoted_field_does_not_open_a_quoted_field() {
        let input = b"a,5'11\" tall,b\nc,d,e\nf,\"g\"\"h\",i\n";
        let mut ends = Vec::new();
        RecordScanner::new(Dialect::default()).feed(input, |e| {
            ends.push(e);
            true
        });
        assert_eq!(ends, [15, 21, 32]);
    }

    #[test]
    fn the_header_sets_the_terminator() {
        for (input, term, header) in [
            (&b"a,b\rc,d\r"[..], b'\r', &b"a,b\r"[..]),
            (b"a,b\r\nc,d\r\n", b'\n', b"a,b\r\n"),
            (b"\n\r\na,b\nc,d\n", b'\n', b"a,b\n"),
            (b"\"a\rb\",c\rd,e", b'\r', b"\"a\rb\",c\r"),
            (b"a,b", b'\n', b"a,b"),
        ] {
            let mut r = CsvBlocks::new(input, 1, 0);
            let h = r.next_record().unwrap().unwrap();
            assert_eq!(h.bytes, header, "{:?}", String::from_utf8_lossy(input));
            assert_eq!(r.dialect().terminator, term);
        }
        let mut r = CsvBlocks::new(&b"\n\n id,x\n"[..], 1, 0);
        let h = r.next_record().unwrap().unwrap();
        assert_eq!(
            (h.first_line, h.offset, &h.bytes[..]),
            (3, 3, &b"id,x\n"[..])
        );
        let mut r = CsvBlocks::new(&b"a,\"b\nc\n"[..], 1, 0);
        assert!(r.next_record().is_err());
    }

    #[test]
    fn a_record_longer_than_the_limit_is_skipped_whole() {
        let input = b"1,a\n2,\"xxxxxxxxxxxxxxxxxxxx\nyyyy\"\n3,b\n";
        let mut r = CsvBlocks::new(&input[..], 2, 0).with_max_block(10);
        let mut got = Vec::new();
        while let Some(b) = r.next_block(4).unwrap() {
            got.push((b.first_line, b.bytes.clone(), b.oversized));
        }
        assert_eq!(got[0], (2, b"1,a\n".to_vec(), None));
        let o = got[1].2.unwrap();
        assert_eq!((got[1].0, o.line, o.lines, o.len), (3, 3, 2, 30));
        assert_eq!(got[2], (5, b"3,b\n".to_vec(), None));
        assert_eq!(got.len(), 3);
    }
}
