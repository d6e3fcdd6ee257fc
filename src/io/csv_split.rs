//! Splitting a block of whole CSV records into records and fields by bitmasks, 64 bytes at a
//! time, with exactly the records, fields, line numbers and lines spanned that `csv::Reader`
//! gives (through [`for_each_raw_record`](crate::io::csv_blocks::for_each_raw_record), the
//! reference), on any input — but for one difference, on the side of a sequential reader: a
//! UTF-8 byte-order mark is skipped only at the start of the stream (the reference, a new
//! reader per block, skips one at the start of any block).
//!
//! (Over 600 lines: the splitter, its exact fallback and their edge-case tests are one
//! mechanism, bound together to `csv-core`'s state machine.)
//!
//! Written here rather than taken from a crate: `csv` reads a byte at a time through its DFA
//! (500–700 MB/s here, every field copied); `simd-csv` (medialab, the crate of `xan`) is
//! faster but, by its own documentation, has no notion of the start of a field, so a quote in
//! the middle of an unquoted field (`5'11"`) makes it read other records than `csv::Reader`
//! does; the other SIMD CSV parsers follow RFC 4180 only. What is needed here is
//! `csv::Reader`'s reading, exactly, at bitmask speed.
//!
//! How: for each 64 bytes, masks of the quotes, delimiters and terminators (SSE2 compares on
//! x86_64, which every x86_64 CPU has; u64 SWAR compares elsewhere); the inside-quotes mask is
//! the prefix XOR of the quote mask (carried from one 64 bytes to the next); delimiters and
//! terminators outside quotes end fields and records, and are walked bit by bit. A field is a
//! slice of the block, or, when quoted with doubled quotes inside, unescaped into a scratch
//! buffer. All the fields of a record are found (their count is checked against the header's),
//! but nothing is copied unless unescaped.
//!
//! The prefix XOR reads quotes as `csv-core` does only while every quote is *regular*:
//! - a quote that the XOR takes to open a quoted field is at the start of a field (the block's
//!   first byte, or after a delimiter or a terminator outside quotes), or right after a closing
//!   quote (then the two are a doubled quote inside the field);
//! - a quote that the XOR takes to close a field is followed by a delimiter, a terminator,
//!   another quote or the end of the block.
//!
//! (By induction over the bytes, the XOR's inside-quotes state is then `csv-core`'s.) Anything
//! else, as a stray quote inside an unquoted field (`5'11"`, which `csv-core` reads as a
//! character) or text after a closing quote (`"a"b`, read as `ab`), is found by two more mask
//! operations, and the record it is in is read again from its start by `Splitter::exact`, a
//! port of `csv-core`'s state machine byte by byte (quoting on, doubled quotes, no escape, no
//! comments); the bitmasks take over again at the next record. Dialects whose delimiter is the
//! quote or the terminator are read by the state machine alone.
//!
//! Line numbers and line endings are as [`for_each_raw_record`] gives them: a record starts
//! after the blank lines before it (terminators at the start of a record, which are skipped),
//! its bytes are without the terminator (nor the CR before a line feed), and it spans one line
//! more than the terminators inside it. A UTF-8 byte-order mark is skipped at the start of the
//! stream only (a block at offset 0), as a sequential `csv::Reader` skips it.
//!
//! [`for_each_raw_record`]: crate::io::csv_blocks::for_each_raw_record

use std::ops::Range;

use super::csv_blocks::{Block, Dialect};

/// The fields of a record, whichever reader read it: what turning a record into an incident
/// needs of it.
pub trait RecordFields {
    /// How many fields the record has.
    fn len(&self) -> usize;
    /// The `i`-th field, unescaped.
    fn get(&self, i: usize) -> Option<&[u8]>;
    /// Whether the record has no field (never so for a record read from a file).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl RecordFields for csv::ByteRecord {
    fn len(&self) -> usize {
        csv::ByteRecord::len(self)
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        csv::ByteRecord::get(self, i)
    }
}

/// The fields of a record split from a block: slices of the block, or of a scratch buffer for
/// quoted fields that had to be unescaped.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    block: &'a [u8],
    scratch: &'a [u8],
    /// Each field's bytes: in the block when it ends within it, else (offset by the block's
    /// length) in the scratch buffer.
    spans: &'a [(usize, usize)],
}

impl<'a> Fields<'a> {
    /// How many fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The `i`-th field.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let (s, e) = *self.spans.get(i)?;
        let n = self.block.len();
        Some(if e <= n {
            &self.block[s..e]
        } else {
            &self.scratch[s - n..e - n]
        })
    }

    /// Every field, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

impl RecordFields for Fields<'_> {
    fn len(&self) -> usize {
        Fields::len(self)
    }
    fn get(&self, i: usize) -> Option<&[u8]> {
        Fields::get(self, i)
    }
}

/// One record of a block, with where it is (as [`RawRecord`](crate::io::csv_blocks::RawRecord)
/// says it).
#[derive(Debug, Clone)]
pub struct SplitRecord<'a> {
    pub fields: Fields<'a>,
    /// The line (1-based) the record starts on, after any blank lines.
    pub line: u64,
    /// Its bytes in the block, without the line ending.
    pub bytes: Range<usize>,
    /// How many lines of the file it spans.
    pub lines: u64,
    /// Whether it ends where the block ends.
    pub at_block_end: bool,
}

/// Calls `f` with every record of a block of whole records (not an oversized one), in order:
/// the records `csv::Reader` reads with the dialect.
pub fn for_each_record(block: &Block, dialect: Dialect, f: impl FnMut(SplitRecord<'_>)) {
    let bytes = &block.bytes[..];
    let bom = block.offset == 0 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let from = if bom { 3 } else { 0 };
    let mut s = Splitter {
        bytes,
        dialect,
        first_line: block.first_line,
        spans: Vec::with_capacity(64),
        scratch: Vec::new(),
        rec_start: 0,
        rec_t: 0,
        nfa_start: from,
        nfa_t: 0,
        field_start: from,
        bom,
        f,
    };
    let (q, d, t) = (b'"', dialect.delimiter, dialect.terminator);
    if d == q || t == q || d == t {
        let (mut pos, mut tc) = (from, 0);
        while pos < bytes.len() {
            (pos, tc) = s.exact(pos, tc);
        }
    } else {
        s.fast(from);
    }
}

/// The splitter's state: where the record and the field being read start.
struct Splitter<'a, F> {
    bytes: &'a [u8],
    dialect: Dialect,
    first_line: u64,
    /// The fields of the record being read (see [`Fields::spans`]).
    spans: Vec<(usize, usize)>,
    scratch: Vec<u8>,
    /// Where the record being read starts, as reported (after blank lines), and how many
    /// terminators come before it.
    rec_start: usize,
    rec_t: u64,
    /// Where `csv-core` starts reading the record (as `rec_start`, but after the byte-order
    /// mark and the blank lines after it, which the reported start includes).
    nfa_start: usize,
    nfa_t: u64,
    field_start: usize,
    /// A byte-order mark was skipped, and no record read yet.
    bom: bool,
    f: F,
}

/// The masks of the bytes equal to `q`, `d` and `t` in 64 bytes (bit `i` for byte `i`).
#[inline(always)]
fn masks(chunk: &[u8; 64], q: u8, d: u8, t: u8) -> (u64, u64, u64) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the only requirement of calling a `target_feature(enable = "sse2")`
        // function is that the CPU has SSE2, which this code is compiled for only where the
        // target guarantees it (`target_feature = "sse2"`: every x86_64 CPU has it).
        unsafe { masks_sse2(chunk, q, d, t) }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        masks_swar(chunk, q, d, t)
    }
}

/// [`masks`] by SSE2 compares, 16 bytes at a time (no `unsafe` inside: loads are of `u64`s).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
#[inline]
fn masks_sse2(chunk: &[u8; 64], q: u8, d: u8, t: u8) -> (u64, u64, u64) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set_epi64x, _mm_set1_epi8};
    let (vq, vd, vt) = (
        _mm_set1_epi8(q as i8),
        _mm_set1_epi8(d as i8),
        _mm_set1_epi8(t as i8),
    );
    let (mut mq, mut md, mut mt) = (0u64, 0u64, 0u64);
    for (k, part) in chunk.chunks_exact(16).enumerate() {
        let lo = u64::from_le_bytes(part[..8].try_into().unwrap_or_default());
        let hi = u64::from_le_bytes(part[8..].try_into().unwrap_or_default());
        let v = _mm_set_epi64x(hi as i64, lo as i64);
        let bits = |c| u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, c)) as u16) << (16 * k);
        mq |= bits(vq);
        md |= bits(vd);
        mt |= bits(vt);
    }
    (mq, md, mt)
}

/// [`masks`] by u64 words (SWAR), on any target.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
fn masks_swar(chunk: &[u8; 64], q: u8, d: u8, t: u8) -> (u64, u64, u64) {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Gathers the high bit of every byte into the top byte (each product bit has one source).
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let eq = |w: u64, c: u64| {
        let x = w ^ c;
        // The high bit of each byte that is zero in `x` (exact: no borrow between bytes).
        let zero = !(((x & LO7).wrapping_add(LO7)) | x) & HI;
        ((zero >> 7).wrapping_mul(GATHER)) >> 56
    };
    let splat = |c: u8| u64::from(c) * 0x0101_0101_0101_0101;
    let (sq, sd, st) = (splat(q), splat(d), splat(t));
    let (mut mq, mut md, mut mt) = (0, 0, 0);
    for (k, word) in chunk.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        mq |= eq(w, sq) << (8 * k);
        md |= eq(w, sd) << (8 * k);
        mt |= eq(w, st) << (8 * k);
    }
    (mq, md, mt)
}

/// Bit `i` set when an odd number of bits at `0..=i` are.
#[inline(always)]
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

impl<'a, F: FnMut(SplitRecord<'_>)> Splitter<'a, F> {
    /// The bitmask splitter, from `from` (the start of a record) to the end of the block.
    fn fast(&mut self, mut pos: usize) {
        let bytes = self.bytes;
        let n = bytes.len();
        let Dialect {
            delimiter: d,
            terminator: t,
        } = self.dialect;
        // The state before byte `pos`: inside quotes (all ones or none), at the start of a
        // field (bit 0), right after a closing quote (bit 0).
        let (mut inside_carry, mut start_carry, mut closer_carry) = (0u64, 1u64, 0u64);
        // Terminators before `pos`.
        let mut t_before = self.nfa_t;
        let mut last_inside = false;
        let mut tail = [0u8; 64];
        while pos < n {
            let len = (n - pos).min(64);
            let chunk: &[u8; 64] = match bytes[pos..].first_chunk::<64>() {
                Some(c) => c,
                None => {
                    // The last bytes; what follows them is masked off.
                    tail[..len].copy_from_slice(&bytes[pos..]);
                    &tail
                }
            };
            let valid = if len == 64 { !0 } else { (1u64 << len) - 1 };
            let (mq, md, mt) = masks(chunk, b'"', d, t);
            let (mq, md, mt) = (mq & valid, md & valid, mt & valid);
            let inside = prefix_xor(mq) ^ inside_carry;
            let in_before = (inside << 1) | (inside_carry & 1);
            let closers = mq & in_before;
            let openers = mq & !in_before;
            let seps = (md | mt) & !inside;
            let starts = (seps << 1) | start_carry;
            let after_closer = (closers << 1) | closer_carry;
            // Where the XOR's reading of quotes would part from csv-core's.
            let bad =
                (openers & !(starts | after_closer)) | (after_closer & !(md | mt | mq) & valid);
            let below = if bad == 0 {
                !0
            } else {
                (bad & bad.wrapping_neg()) - 1
            };
            let mut s = seps & below;
            while s != 0 {
                let bit = s.trailing_zeros();
                let p = pos + bit as usize;
                if (mt >> bit) & 1 == 1 {
                    let tp = t_before + u64::from((mt & ((1u64 << bit) - 1)).count_ones());
                    self.end_record(p, tp);
                } else {
                    self.end_field(p);
                }
                s &= s - 1;
            }
            if bad != 0 {
                // Read the record with the irregular quote byte by byte, then go on after it.
                (pos, t_before) = self.exact(self.nfa_start, self.nfa_t);
                (inside_carry, start_carry, closer_carry) = (0, 1, 0);
                last_inside = false;
                continue;
            }
            last_inside = (inside >> (len - 1)) & 1 == 1;
            inside_carry = ((inside as i64) >> 63) as u64;
            start_carry = seps >> 63;
            closer_carry = closers >> 63;
            t_before += u64::from(mt.count_ones());
            pos += len;
        }
        if self.nfa_start < n {
            let fs = self.field_start;
            let span = if fs < n && bytes[fs] == b'"' {
                self.quoted(fs, n, !last_inside)
            } else {
                (fs, n)
            };
            self.spans.push(span);
            self.end_stream();
        }
    }

    /// A field ends at `p` (a delimiter), read by the bitmasks.
    #[inline(always)]
    fn end_field(&mut self, p: usize) {
        let fs = self.field_start;
        let span = if fs < p && self.bytes[fs] == b'"' {
            self.quoted(fs, p, true)
        } else {
            (fs, p)
        };
        self.spans.push(span);
        self.field_start = p + 1;
    }

    /// The span of the regular quoted field `bytes[s..e]` (opening at `s`; closed by the
    /// quote at `e - 1` when `closed`), unescaped into the scratch buffer if it holds a quote.
    fn quoted(&mut self, s: usize, e: usize, closed: bool) -> (usize, usize) {
        let inner = &self.bytes[s + 1..if closed { e - 1 } else { e }];
        if memchr::memchr(b'"', inner).is_none() {
            return (s + 1, s + 1 + inner.len());
        }
        // Regular: every quote inside is the first of a doubled quote.
        let n = self.bytes.len();
        let from = self.scratch.len();
        let mut rest = inner;
        while let Some(k) = memchr::memchr(b'"', rest) {
            self.scratch.extend_from_slice(&rest[..=k]);
            rest = rest.get(k + 2..).unwrap_or_default();
        }
        self.scratch.extend_from_slice(rest);
        (n + from, n + self.scratch.len())
    }

    /// A terminator outside quotes at `p`, with `tp` terminators before it: the end of a
    /// record or a blank line.
    #[inline(always)]
    fn end_record(&mut self, p: usize, tp: u64) {
        if p == self.nfa_start {
            self.blank_line(p, tp);
            return;
        }
        self.end_field(p);
        self.emit(self.stop(p), tp, p + 1 == self.bytes.len());
        self.next_record(p + 1, tp + 1);
    }

    fn blank_line(&mut self, p: usize, tp: u64) {
        self.nfa_start = p + 1;
        self.nfa_t = tp + 1;
        self.field_start = p + 1;
        if !self.bom {
            self.rec_start = p + 1;
            self.rec_t = tp + 1;
        }
    }

    fn next_record(&mut self, at: usize, t: u64) {
        self.spans.clear();
        self.scratch.clear();
        self.bom = false;
        (self.rec_start, self.nfa_start, self.field_start) = (at, at, at);
        (self.rec_t, self.nfa_t) = (t, t);
    }

    /// Where the record read ends without its line ending, given where its terminator is
    /// (a CR before a line feed is no part of it).
    fn stop(&self, term: usize) -> usize {
        if self.dialect.terminator == b'\n'
            && term > self.rec_start
            && self.bytes[term - 1] == b'\r'
        {
            term - 1
        } else {
            term
        }
    }

    /// Hands out the record read, whose bytes end at `stop` (`tt` terminators before it).
    fn emit(&mut self, stop: usize, tt: u64, at_block_end: bool) {
        let start = self.rec_start;
        (self.f)(SplitRecord {
            fields: Fields {
                block: self.bytes,
                scratch: &self.scratch,
                spans: &self.spans,
            },
            line: self.first_line + self.rec_t,
            bytes: start..stop,
            lines: 1 + tt - self.rec_t,
            at_block_end,
        });
    }

    /// Hands out the last record, which the end of the block ends (its fields all pushed).
    fn end_stream(&mut self) {
        let (bytes, term) = (self.bytes, self.dialect.terminator);
        let n = bytes.len();
        // As `for_each_raw_record` cuts it: a terminator (inside quotes) at the very end is
        // taken off as if it ended the record.
        let mut end = n;
        if end > self.rec_start && bytes[end - 1] == term {
            end = self.stop(end - 1);
        }
        let inside = memchr::memchr_iter(term, &bytes[self.rec_start..end]).count() as u64;
        self.emit(end, self.rec_t + inside, true);
        self.next_record(n, 0);
    }

    /// Reads one record from `from` (the start of a record, after `t` terminators) byte by
    /// byte, as `csv-core`'s state machine does, with any blank lines before it; returns
    /// where the next record starts and the terminators before it.
    fn exact(&mut self, from: usize, mut t: u64) -> (usize, u64) {
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum State {
            StartRecord,
            StartField,
            InField,
            InQuoted,
            /// A quote in a quoted field: a doubled quote, or the field's end.
            Quote,
        }
        use State::*;
        let bytes = self.bytes;
        let n = bytes.len();
        let Dialect {
            delimiter: delim,
            terminator: term,
        } = self.dialect;
        let quote = b'"';
        self.spans.clear();
        self.scratch.clear();
        let mut field = 0usize;
        let mut state = StartRecord;
        let mut i = from;
        loop {
            if i == n {
                if state != StartRecord {
                    self.spans.push((n + field, n + self.scratch.len()));
                    self.end_stream();
                }
                return (n, t);
            }
            let c = bytes[i];
            let mut end_field = false;
            let mut end_record = false;
            match state {
                StartRecord => {
                    if c == term {
                        self.blank_line(i, t);
                        t += 1;
                        i += 1;
                    } else {
                        state = StartField;
                    }
                    continue;
                }
                StartField => {
                    if c == quote {
                        state = InQuoted;
                    } else if c == delim {
                        end_field = true;
                    } else if c == term {
                        end_record = true;
                    } else {
                        self.scratch.push(c);
                        state = InField;
                    }
                }
                InField => {
                    if c == delim {
                        end_field = true;
                    } else if c == term {
                        end_record = true;
                    } else {
                        self.scratch.push(c);
                    }
                }
                InQuoted => {
                    if c == quote {
                        state = Quote;
                    } else {
                        self.scratch.push(c);
                    }
                }
                Quote => {
                    if c == quote {
                        self.scratch.push(c);
                        state = InQuoted;
                    } else if c == delim {
                        end_field = true;
                    } else if c == term {
                        end_record = true;
                    } else {
                        self.scratch.push(c);
                        state = InField;
                    }
                }
            }
            if end_field || end_record {
                self.spans.push((n + field, n + self.scratch.len()));
                field = self.scratch.len();
                state = StartField;
            }
            if end_record {
                self.emit(self.stop(i), t, i + 1 == n);
                self.next_record(i + 1, t + 1);
                return (i + 1, t + 1);
            }
            t += u64::from(c == term);
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::csv_blocks::for_each_raw_record;

    type Rec = (Vec<Vec<u8>>, u64, Range<usize>, u64, bool);

    fn split(input: &[u8], dialect: Dialect, offset: u64) -> Vec<Rec> {
        let block = Block::records(input.to_vec(), 2, offset);
        let mut out = Vec::new();
        for_each_record(&block, dialect, |r| {
            out.push((
                r.fields.iter().map(<[u8]>::to_vec).collect(),
                r.line,
                r.bytes,
                r.lines,
                r.at_block_end,
            ))
        });
        out
    }

    fn reference(input: &[u8], dialect: Dialect, offset: u64) -> Vec<Rec> {
        let block = Block::records(input.to_vec(), 2, offset);
        let mut out = Vec::new();
        for_each_raw_record(&block, dialect, |r| {
            let rec = r.fields.expect("in memory");
            out.push((
                rec.iter().map(<[u8]>::to_vec).collect(),
                r.line,
                r.bytes,
                r.lines,
                r.at_block_end,
            ))
        });
        out
    }

    fn same(input: &[u8], dialect: Dialect) {
        assert_eq!(
            split(input, dialect, 7),
            reference(input, dialect, 7),
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }

    fn dialects() -> Vec<Dialect> {
        let mut out = Vec::new();
        for delimiter in [b',', b';', b'\t', b'|'] {
            for terminator in [b'\n', b'\r'] {
                out.push(Dialect {
                    delimiter,
                    terminator,
                });
            }
        }
        out
    }

    #[test]
    fn the_masks_find_every_byte() {
        let mut chunk = [b'a'; 64];
        for (i, b) in chunk.iter_mut().enumerate() {
            *b = [b'"', b',', b'\n', b'x', 0x80, 0xff, 0x7f, 0][(i + i / 8) % 8];
        }
        chunk[63] = b'"';
        let (q, d, t) = masks(&chunk, b'"', b',', b'\n');
        for (i, &b) in chunk.iter().enumerate() {
            assert_eq!((q >> i) & 1 == 1, b == b'"', "{i}");
            assert_eq!((d >> i) & 1 == 1, b == b',', "{i}");
            assert_eq!((t >> i) & 1 == 1, b == b'\n', "{i}");
        }
        let (z, h, _) = masks(&chunk, 0, 0x80, 1);
        for (i, &b) in chunk.iter().enumerate() {
            assert_eq!((z >> i) & 1 == 1, b == 0, "{i}");
            assert_eq!((h >> i) & 1 == 1, b == 0x80, "{i}");
        }
        // The portable masks are the same.
        for (a, b, c) in [(b'"', b',', b'\n'), (0, 0x80, 1), (0xff, 0x7f, b'x')] {
            assert_eq!(masks_swar(&chunk, a, b, c), masks(&chunk, a, b, c));
        }
    }

    /// Quotes, delimiters and terminators on every side of the 64-byte steps (and of the
    /// 8-byte words), in every dialect.
    #[test]
    fn quotes_at_word_and_chunk_boundaries() {
        let pieces: [&[u8]; 12] = [
            b"\"a,b\"",
            b"\"\"",
            b"\"x\"\"y\"",
            b"5'11\"",
            b"\"a\"b",
            b"\"\r\n\"",
            b"",
            b"plain",
            b"\"unclosed",
            b"\"q\"\"\"",
            b"a\"\"b",
            b"\"",
        ];
        for dialect in dialects() {
            let (d, t) = (dialect.delimiter, dialect.terminator);
            for pad in [0usize, 1, 6, 7, 8, 15, 16, 31, 32, 62, 63, 64, 65, 127, 128] {
                for piece in pieces {
                    for after in [&[d][..], &[t], b"", b"\r\n", &[t, t], b"z"] {
                        let mut input = vec![b'p'; pad];
                        input.push(d);
                        input.extend_from_slice(piece);
                        input.extend_from_slice(after);
                        input.extend_from_slice(b"x");
                        input.push(d);
                        input.extend_from_slice(piece);
                        same(&input, dialect);
                        let mut at_start = piece.to_vec();
                        at_start.extend(std::iter::repeat_n(b'q', pad));
                        at_start.extend_from_slice(after);
                        at_start.extend_from_slice(piece);
                        same(&at_start, dialect);
                    }
                }
            }
        }
    }

    #[test]
    fn edge_cases_read_as_csv_reader_reads_them() {
        for input in [
            &b""[..],
            b"\n",
            b"\n\n\n",
            b"a",
            b"a,",
            b",",
            b"a,b\n",
            b"a,b",
            b"a,b\r\n",
            b"a,b\r",
            b"\r\n",
            b"\r",
            b"a,\"b\nc\"\nd\n",
            b"a,\"b\"\"c\",d\n",
            b"a,\"b\"c\"d\",e\n",
            b"\"unclosed\nx,y\n",
            b"\"unclosed\n",
            b"\"\"\"\n",
            b"a,,,\n,,\n",
            b"\n\na\n\n\nb",
            b"5'11\",x\n\"a,b\",c\n",
            b"x\r\r\n\r\ny\r",
            b"\xff\xfe,\"\xff\"\n",
        ] {
            for dialect in dialects() {
                same(input, dialect);
            }
        }
    }

    /// The byte-order mark is skipped at the start of the stream, as `csv::Reader` skips it,
    /// and nowhere else.
    #[test]
    fn a_byte_order_mark_is_skipped_at_the_start_of_the_stream_only() {
        let d = Dialect::default();
        for input in [
            &b"\xef\xbb\xbfa,b\nc\n"[..],
            b"\xef\xbb\xbf\n\nx\n",
            b"\xef\xbb\xbf\"q,\"\"\",b\n",
            b"\xef\xbb\xbf",
            b"\xef\xbb\xbf\n",
        ] {
            assert_eq!(split(input, d, 0), reference(input, d, 0));
        }
        let got = split(b"\xef\xbb\xbfa\n", d, 9);
        assert_eq!(got[0].0, [b"\xef\xbb\xbfa".to_vec()]);
        // As a sequential reader reads it: a mark further on is data. (The per-block
        // reference, a new `csv::Reader` for each block, strips it at any block's start: the
        // one place the two differ.)
        let whole = b"x\n\xef\xbb\xbfa\n";
        let mut seq = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&whole[..]);
        let second: Vec<Vec<u8>> = seq
            .byte_records()
            .flatten()
            .map(|r| r[0].to_vec())
            .collect();
        assert_eq!(second[1], b"\xef\xbb\xbfa");
        assert_eq!(reference(b"\xef\xbb\xbfa\n", d, 9)[0].0, [b"a".to_vec()]);
    }

    /// Regular quoted fields are read by the bitmasks, as slices of the block unless a doubled
    /// quote had to be unescaped; a record with an irregular quote is read byte by byte.
    #[test]
    fn fields_are_slices_unless_unescaped() {
        let input = b"a,\"b,c\",\"d\"\"e\",\"\"\na,\"b,c\",\"f\"g\n";
        let block = Block::records(input.to_vec(), 2, 0);
        let within = |f: &[u8]| block.bytes.as_ptr_range().contains(&f.as_ptr());
        let mut got = Vec::new();
        for_each_record(&block, Dialect::default(), |r| {
            let f: Vec<_> = r.fields.iter().collect();
            got.push((
                f.iter().map(|f| f.to_vec()).collect::<Vec<_>>(),
                f.iter().map(|f| within(f)).collect::<Vec<_>>(),
                r.bytes,
            ));
        });
        let v = |s: &[&[u8]]| s.iter().map(|f| f.to_vec()).collect::<Vec<_>>();
        assert_eq!(got[0].0, v(&[b"a", b"b,c", b"d\"e", b""]));
        assert_eq!(got[0].1[..3], [true, true, false]);
        assert_eq!(got[0].2, 0..17);
        assert_eq!(got[1].0, v(&[b"a", b"b,c", b"fg"]));
        assert_eq!(got[1].1, [false, false, false]);
        assert_eq!(got.len(), 2);
    }
}
