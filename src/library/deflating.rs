//! Postcard straight into a raw deflate stream, for cache entries.
//!
//! Serialising a document to a buffer and then compressing it holds the
//! plain bytes (about the size of the file) and `compress_to_vec`'s
//! half-size output buffer beside the document: at the peak of a cold
//! load of a 100 MB file that was a third of the memory. Here the plain
//! bytes pass through a 64 KB stage, and the deflated ones go on to the
//! writer (the entry's temp file) as they come.

use std::io::{self, Write};

use miniz_oxide::deflate::core::{
    CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
};
use serde::Serialize;

/// `value` in postcard, after its plain length (u32 LE, so that inflating
/// can be bounded), deflated into `sink` as it is serialised.
/// `plain` is its [`postcard_len`], which the caller may need too.
pub fn postcard_deflated_to<T: Serialize>(
    value: &T,
    plain: usize,
    sink: &mut dyn Write,
) -> io::Result<()> {
    let plain = u32::try_from(plain).map_err(io::Error::other)?;
    sink.write_all(&plain.to_le_bytes())?;
    postcard::to_extend(value, Deflating::new(sink)).map_err(io::Error::other)?.finish()
}

/// How many bytes `value` takes in postcard, found without keeping them.
pub fn postcard_len<T: Serialize>(value: &T) -> io::Result<usize> {
    Ok(postcard::to_extend(value, Counted(0)).map_err(io::Error::other)?.0)
}

/// `out` with [`postcard_deflated_to`]'s bytes appended; `None` if the
/// value does not serialise or is over 4 GiB.
#[cfg(test)]
pub fn postcard_deflated_onto<T: Serialize>(value: &T, mut out: Vec<u8>) -> Option<Vec<u8>> {
    postcard_deflated_to(value, postcard_len(value).ok()?, &mut out).ok()?;
    Some(out)
}

/// Counts the bytes postcard writes: the plain length goes first, so it is
/// taken by a pass that keeps nothing (about a tenth of the deflating).
struct Counted(usize);

impl Extend<u8> for Counted {
    fn extend<I: IntoIterator<Item = u8>>(&mut self, bytes: I) {
        self.0 += bytes.into_iter().count();
    }
}

/// Level 2: measured on prose eMags, near the default level's ratio
/// (0.42x against 0.37x) at about three times its speed, which a cold
/// start pays for every file; level 1 both packs and inflates worse.
const DEFLATE_LEVEL: i32 = 2;

/// Plain bytes gathered before they are handed to the compressor.
const STAGE: usize = 64 * 1024;

/// A raw deflate stream fed as postcard writes: the plain bytes pass
/// through a small stage, never whole, and so do the deflated ones.
struct Deflating<'w> {
    compressor: Box<CompressorOxide>,
    stage: Vec<u8>,
    out: Vec<u8>,
    sink: &'w mut dyn Write,
    /// The first failure, compressing or writing; later input is dropped.
    failed: Option<io::Error>,
}

impl<'w> Deflating<'w> {
    fn new(sink: &'w mut dyn Write) -> Deflating<'w> {
        let flags = create_comp_flags_from_zip_params(DEFLATE_LEVEL, 0, 0);
        Deflating {
            compressor: Box::new(CompressorOxide::new(flags)),
            stage: Vec::with_capacity(STAGE),
            out: vec![0; STAGE],
            sink,
            failed: None,
        }
    }

    /// Compresses the stage into the sink; with `Finish`, until the stream
    /// is closed.
    fn drain(&mut self, flush: TDEFLFlush) {
        let input = std::mem::take(&mut self.stage);
        let mut rest = &input[..];
        while self.failed.is_none() {
            let (status, used, made) = compress(&mut self.compressor, rest, &mut self.out, flush);
            rest = &rest[used..];
            if let Err(e) = self.sink.write_all(&self.out[..made]) {
                self.failed = Some(e);
            }
            match status {
                TDEFLStatus::Done => break,
                TDEFLStatus::Okay if rest.is_empty() && flush == TDEFLFlush::None => break,
                TDEFLStatus::Okay => {}
                _ => self.failed = Some(io::Error::other("deflate failed")),
            }
        }
        let mut input = input;
        input.clear();
        self.stage = input;
    }

    fn finish(mut self) -> io::Result<()> {
        self.drain(TDEFLFlush::Finish);
        self.failed.map_or(Ok(()), Err)
    }
}

impl Extend<u8> for Deflating<'_> {
    fn extend<I: IntoIterator<Item = u8>>(&mut self, bytes: I) {
        self.stage.extend(bytes);
        if self.stage.len() >= STAGE {
            self.drain(TDEFLFlush::None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(packed: &[u8]) -> Vec<u8> {
        let len = u32::from_le_bytes(packed[..4].try_into().unwrap()) as usize;
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed[4..], len).unwrap()
    }

    #[test]
    fn streams_inflate_to_what_postcard_writes_at_any_size() {
        // Sizes around the stage: empty, small, exactly one stage, several.
        for words in [0usize, 3, STAGE / 6, STAGE, 5 * STAGE + 17] {
            let text: Vec<String> = (0..words).map(|i| format!("w{}", i % 97)).collect();
            let packed = postcard_deflated_onto(&text, Vec::new()).unwrap();
            assert_eq!(inflate(&packed), postcard::to_allocvec(&text).unwrap(), "{words} words");
        }
    }

    #[test]
    fn text_that_does_not_repeat_still_round_trips() {
        // Near miss for compression: bytes deflate cannot shrink.
        let mut x = 0x9e37_79b9_u32;
        let noise: Vec<u32> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x
            })
            .collect();
        let packed = postcard_deflated_onto(&noise, vec![7; 3]).unwrap();
        let packed = &packed[3..];
        assert_eq!(inflate(packed), postcard::to_allocvec(&noise).unwrap());
    }
}
