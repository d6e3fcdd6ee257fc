//! Cutting a CSV stream into blocks of whole records, so that blocks can be parsed in parallel
//! and memory stays bounded however long the file is.
//!
//! A record ends at a line feed outside quotes. Quotes are tracked by counting `"` characters:
//! RFC 4180's doubled quotes inside quoted fields toggle twice and cancel out. A stray quote in
//! an unquoted field (not RFC 4180, but seen in the wild) could make the rest of the file look
//! quoted; should no record end turn up within [`MAX_BLOCK`] bytes, the block is cut at the last
//! line feed instead, and the records around that cut are reported as bad rows rather than the
//! whole file being held in memory.

use std::io::{self, Read};

/// Blocks grow beyond the target only to reach the end of a record, and never beyond this.
pub const MAX_BLOCK: usize = 64 << 20;

/// A run of whole records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub bytes: Vec<u8>,
    /// The line number (1-based) of the first byte of the block.
    pub first_line: u64,
    /// Offset of the block's first byte in the stream.
    pub offset: u64,
}

/// Reads blocks of whole records from a byte stream.
pub struct CsvBlocks<R> {
    inner: R,
    /// Bytes read but not yet handed out; they start at a record boundary.
    pending: Vec<u8>,
    line: u64,
    offset: u64,
    eof: bool,
}

impl<R: Read> CsvBlocks<R> {
    /// `first_line` is the line number the stream starts at (2 after a header line).
    pub fn new(inner: R, first_line: u64, offset: u64) -> Self {
        CsvBlocks {
            inner,
            pending: Vec::new(),
            line: first_line,
            offset,
            eof: false,
        }
    }

    /// The next block of about `target` bytes (more if a record is longer), or `None` at the end.
    pub fn next_block(&mut self, target: usize) -> io::Result<Option<Block>> {
        let target = target.clamp(1, MAX_BLOCK);
        // Fill to at least the target.
        while !self.eof && self.pending.len() < target {
            self.fill(target - self.pending.len())?;
        }
        loop {
            if let Some(cut) = last_record_end(&self.pending)
                && (cut >= target.min(self.pending.len()) / 2 || self.eof)
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
            if self.pending.len() >= MAX_BLOCK {
                // No record end outside quotes: cut at the last line feed of any kind.
                let cut = self
                    .pending
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(self.pending.len(), |i| i + 1);
                return Ok(Some(self.take(cut)));
            }
            self.fill(target.max(1 << 16))?;
        }
    }

    /// The first record alone (e.g. a header line), or `None` for an empty stream.
    pub fn next_record(&mut self) -> io::Result<Option<Block>> {
        loop {
            if let Some(cut) = first_record_end(&self.pending) {
                return Ok(Some(self.take(cut)));
            }
            if self.eof || self.pending.len() >= MAX_BLOCK {
                if self.pending.is_empty() {
                    return Ok(None);
                }
                let n = self.pending.len();
                return Ok(Some(self.take(n)));
            }
            self.fill(1 << 16)?;
        }
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

    fn take(&mut self, cut: usize) -> Block {
        let rest = self.pending.split_off(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let block = Block {
            first_line: self.line,
            offset: self.offset,
            bytes,
        };
        self.line += memchr::memchr_iter(b'\n', &block.bytes).count() as u64;
        self.offset += block.bytes.len() as u64;
        block
    }
}

/// The offset just after the last line feed outside quotes, if any.
fn last_record_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', bytes) {
        if bytes[i] == b'"' {
            quoted = !quoted;
        } else if !quoted {
            last = Some(i + 1);
        }
    }
    last
}

/// The offset just after the first line feed outside quotes, if any.
fn first_record_end(bytes: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for i in memchr::memchr2_iter(b'"', b'\n', bytes) {
        if bytes[i] == b'"' {
            quoted = !quoted;
        } else if !quoted {
            return Some(i + 1);
        }
    }
    None
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
}
