//! A reader that turns CRLF line endings into LF.
//!
//! The csv crate counts lines at each `\n` when it starts the *next* record, so after a `\r\n`
//! ending it reports every following record one line too early (csv 1.x). Exports from Windows
//! tools (and ACLED's, with a BOM) use CRLF; reading them through this wrapper keeps the line
//! numbers in error messages right. A `\r` inside a quoted field followed by `\n` is dropped
//! too, which changes no value borderscope reads (ids, dates, numbers).

use std::io::{self, Read};

pub struct CrlfToLf<R> {
    inner: R,
    chunk: Box<[u8]>,
    out: Vec<u8>,
    pos: usize,
    /// A `\r` that ended the last chunk, held back until we know what follows it.
    held_cr: bool,
}

impl<R: Read> CrlfToLf<R> {
    pub fn new(inner: R) -> Self {
        CrlfToLf {
            inner,
            chunk: vec![0u8; 64 * 1024].into_boxed_slice(),
            out: Vec::with_capacity(64 * 1024),
            pos: 0,
            held_cr: false,
        }
    }

    /// Refills `out`; returns false at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() {
            let n = loop {
                match self.inner.read(&mut self.chunk) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if n == 0 {
                if self.held_cr {
                    self.held_cr = false;
                    self.out.push(b'\r');
                    return Ok(true);
                }
                return Ok(false);
            }
            let c = &self.chunk[..n];
            if self.held_cr {
                self.held_cr = false;
                if c[0] != b'\n' {
                    self.out.push(b'\r');
                }
            }
            let mut i = 0;
            while i < n {
                let b = c[i];
                if b == b'\r' {
                    if i + 1 == n {
                        self.held_cr = true;
                        break;
                    }
                    if c[i + 1] == b'\n' {
                        i += 1;
                        continue;
                    }
                }
                self.out.push(b);
                i += 1;
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.pos >= self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let k = buf.len().min(self.out.len() - self.pos);
        buf[..k].copy_from_slice(&self.out[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads through the wrapper with a tiny inner reader, so chunk edges fall everywhere.
    struct Dribble<'a>(&'a [u8], usize);
    impl Read for Dribble<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let k = self.1.min(buf.len()).min(self.0.len());
            buf[..k].copy_from_slice(&self.0[..k]);
            self.0 = &self.0[k..];
            Ok(k)
        }
    }

    #[test]
    fn crlf_becomes_lf_at_any_chunk_boundary() {
        let input = b"a,b\r\n1,\"x\r\ny\"\r\n\r2,z\r";
        for step in 1..=input.len() {
            let mut out = Vec::new();
            CrlfToLf::new(Dribble(input, step))
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, b"a,b\n1,\"x\ny\"\n\r2,z\r", "step {step}");
        }
    }
}
