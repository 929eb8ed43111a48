//! Hashes and compressed copies of built files.

use std::io::Write;

use federation::{Integrity, Sizes};
use sha2::{Digest, Sha384};

/// A built file's bytes with everything the manifest says about them.
pub(crate) struct Encoded {
    pub(crate) gzip: Vec<u8>,
    pub(crate) brotli: Vec<u8>,
    pub(crate) sizes: Sizes,
    pub(crate) integrity: Integrity,
    /// A short content hash for the file name.
    pub(crate) hash: String,
}

/// Compresses `bytes` with gzip -9 and brotli -q 11 and computes their SRI.
pub(crate) fn encode(bytes: &[u8]) -> Result<Encoded, String> {
    let gzip = gzip(bytes)?;
    let brotli = brotli(bytes)?;
    let integrity = Integrity::of(bytes);
    let hash = Sha384::digest(bytes).iter().take(5).map(|b| format!("{b:02x}")).collect();
    let sizes = Sizes { raw: bytes.len() as u64, gzip: gzip.len() as u64, brotli: brotli.len() as u64 };
    Ok(Encoded { gzip, brotli, sizes, integrity, hash })
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).and_then(|_| encoder.finish()).map_err(|e| format!("gzip: {e}"))
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| format!("brotli: {e}"))?;
    }
    Ok(out)
}

/// Writes `bytes` to `path` with `.gz` and `.br` siblings; returns the encoding.
pub(crate) fn write_with_siblings(path: &std::path::Path, bytes: &[u8], encoded: &Encoded) -> Result<(), String> {
    let write = |p: std::path::PathBuf, b: &[u8]| std::fs::write(&p, b).map_err(|e| format!("{}: {e}", p.display()));
    write(path.to_path_buf(), bytes)?;
    write(sibling(path, "gz"), &encoded.gzip)?;
    write(sibling(path, "br"), &encoded.brotli)
}

fn sibling(path: &std::path::Path, extension: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    name.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sri_of_known_bytes() {
        // echo -n "alert('Hello, world.');" | openssl dgst -sha384 -binary | openssl base64 -A
        let encoded = encode(b"alert('Hello, world.');").unwrap();
        assert_eq!(
            encoded.integrity.as_str(),
            "sha384-H8BRh8j48O9oYatfu5AZzq6A9RINhZO5H16dQZngK7T62em8MUt1FLm52t+eX6xO"
        );
    }

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let text = "the same line again and again\n".repeat(200);
        let encoded = encode(text.as_bytes()).unwrap();
        assert!(encoded.sizes.gzip < encoded.sizes.raw && encoded.sizes.brotli < encoded.sizes.raw);
        let mut unzipped = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&encoded.gzip[..]), &mut unzipped).unwrap();
        assert_eq!(unzipped, text);
        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(&mut &encoded.brotli[..], &mut unbrotli).unwrap();
        assert_eq!(unbrotli, text.as_bytes());
    }
}
